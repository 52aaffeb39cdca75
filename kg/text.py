"""Folding text to plain ASCII letters: one function for every place that
compares or keys names without their accents.

No dependencies beyond the standard library, so the resolver, the IRI minting
and the evaluation can use it without loading an NLP model.
"""

from __future__ import annotations

import unicodedata

# Latin letters NFKD does not decompose into an ASCII base letter.
LATIN_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"}
)
# The same letters plus thorn and the curly apostrophe (used for person names and titles).
NAME_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE",
     "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i", "’": "'"}
)


def ascii_fold(text: str, letters: dict[int, str] | None = None, other: str | None = "") -> str:
    """text with accents dropped (NFKD, combining marks removed).

    letters: a str.maketrans table applied first for letters NFKD keeps
    (LATIN_LETTERS, NAME_LETTERS), or None. other: what every remaining
    non-ASCII character becomes ("" drops it, " " makes it a word break),
    or None to keep it. Case is kept.
    """
    if letters is not None:
        text = text.translate(letters)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if other is None:
        return text
    return "".join(ch if ch.isascii() else other for ch in text)


def trim_url(url: str, punctuation: str, after_paren: str | None = None, keep: int = 0) -> str:
    """A URL read from prose without the sentence punctuation after it.

    From the end, drops characters in punctuation and closing parentheses
    that have no opening one in the URL ("(see https://x.org/a_(b))." keeps
    "a_(b)"). Once a parenthesis is dropped only characters in after_paren
    (default: punctuation) go. The first keep characters always stay.
    """
    balance = url.count("(") - url.count(")")
    chars, end = punctuation, len(url)
    while end > keep:
        char = url[end - 1]
        if char == ")" and balance < 0:
            balance += 1
            chars = punctuation if after_paren is None else after_paren
        elif char not in chars:
            break
        end -= 1
    return url[:end]
