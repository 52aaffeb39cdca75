"""Text helpers shared by the extraction passes.

mask_markup blanks markdown and HTML syntax with spaces instead of deleting
it, so the cleaned text keeps the length of the original and every offset
found in it is an offset into the document.
"""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK_TAIL = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,400}>")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_LINE_MARKERS = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]|>+[ \t]?|[-*+][ \t]|\d{1,3}[.)][ \t])")
_BRACKET_OPEN = re.compile(r"\[(?=[^\]\n]*\]\()")
_PIPE = re.compile(r"\|")
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|#\d+);")
# an MDX page's module lines ("import Tabs from '@theme/Tabs';"): code, not prose
_MDX_MODULE = re.compile(r"(?m)^(?:import|export)\s[^\n]*?(?:\bfrom\s+)?['\"][^'\"\n]+['\"];?[ \t]*$")

# Years, as regex text to build patterns from. Three ranges on purpose, the
# looser the more the context already says "a year": any number in prose is a
# year only in 1950-2030 (kg.extract.ids.years); one inside a citation or next
# to a venue is read up to 2039; one in a cue that names a year ("best papers
# of 2021", "(Smith et al., 2019, 2020)", "et al. 2018") is any 19xx or 20xx.
YEAR_PATTERN = r"(?:19[5-9]\d|20[0-2]\d|2030)"
CITED_YEAR_PATTERN = r"(?:19[5-9]|20[0-3])\d"
CUED_YEAR_PATTERN = r"(?:19|20)\d{2}"


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_markup(text: str) -> str:
    """Replace markup with spaces, keeping every character position."""
    text = _IMAGE.sub(_blank, text)
    text = _BRACKET_OPEN.sub(" ", text)  # before the tails go, or "[label" would stay
    for pattern in (_MDX_MODULE, _HTML_TAG, _LINK_TAIL, _URL, _ENTITY, _LINE_MARKERS):
        text = pattern.sub(_blank, text)
    text = _EMPHASIS.sub(lambda m: " " * len(m.group(0)), text)
    text = _PIPE.sub(" ", text)
    return text


def squash(text: str) -> str:
    """Collapse whitespace, for labels and evidence sentences."""
    return " ".join(text.split())


_MARKER = re.compile(r"\s*\[\s*\d{1,3}\s*\]\s*$")


def strip_marker(title: str) -> tuple[str, int | None]:
    """'Title [12]' -> ('Title', 12): the citation marker of curated lists."""
    m = _MARKER.search(title)
    if not m:
        return title.strip(), None
    number = int(re.sub(r"\D", "", m.group(0)))
    return title[: m.start()].strip(), number


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SMALL_WORDS = {
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "with", "to", "from", "by",
    "via", "at", "as", "is", "are", "be", "using", "without", "into", "over", "under",
    "through", "towards", "toward", "vs", "not", "your", "you", "we", "our", "all", "it",
    "its", "one", "do", "can", "that", "this", "what", "how", "when", "why", "new", "more",
}


# a figure or table caption, or a credit line, read as a title
_CAPTION = re.compile(r"^\W*(?:fig(?:ure)?\.?|table|image|photo|credit|source)s?\s*(?:\d+[a-z]?\s*[:.–—-]|:)", re.IGNORECASE)


def looks_like_title(text: str, min_words: int = 2, max_words: int = 30) -> bool:
    """A paper title: a few words, not a sentence of chatter, not a URL."""
    text = text.strip()
    if not text or "://" in text or text.startswith(("#", "@")):
        return False
    words = text.split()
    if not (min_words <= len(words) <= max_words):
        # single-word titles exist ("Galactica"), but only with a subtitle
        return False
    if text.endswith("?") and not _headline_cased(words):
        return False  # chatter ("Curious what people think?"); "Are X a Mirage?" is a title
    if text.endswith("!") or text.endswith(".") and not text.endswith("et al."):
        return False
    if _CAPTION.match(text):
        return False  # "Figure 4: FID vs. training images", "Table 2 - Results"
    letters = [w for w in _WORD.findall(text)]
    return len(letters) >= max(1, len(words) // 2)


def _headline_cased(words: list[str]) -> bool:
    """Are most of the longer words capitalised, as in a title ("Are Emergent Abilities
    of Large Language Models a Mirage?")?"""
    long = [w for w in words if len(w.strip("?!.,:;\"'()")) > 3]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= 0.7 * len(long)


def name_like(text: str) -> bool:
    """A system name such as 'DALL·E 2', 'MVDream', 'Imagic', 'Make-A-Video'."""
    text = text.strip()
    tokens = text.split()
    if not tokens or len(tokens) > 4:
        return False
    if len(tokens) == 1:
        tok = tokens[0]
        # "Imagic", "MVDream", "3D-GPT", and camelCase names such as "pixelNeRF", "eDiffi"
        camel = bool(re.match(r"^[a-z][a-z0-9]*[A-Z]", tok))
        return bool(re.match(r"^[A-Za-z0-9][\w·.+\-']*$", tok)) and (tok[0].isupper() or tok[0].isdigit() or camel) and len(tok) >= 2
    # multi-word names: every word capitalised or containing a digit
    return all(t[0].isupper() or t[0].isdigit() or t.lower() in {"a", "of", "it", "in", "the"} for t in tokens) and any(
        t[0].isupper() for t in tokens
    )


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> tuple[int, int]:
    """The sentence (or line) that contains text[start:end], as offsets."""
    # search a bounded window: an unbounded rfind rescans the whole text per call
    floor = max(0, start - limit)
    left = max(
        text.rfind("\n", floor, start),
        max((text.rfind(p, floor, start) for p in (". ", "! ", "? ")), default=-1) + 1,
    )
    left = max(left + 1 if text[left : left + 1] in ("\n", " ") else left, start - limit, 0)
    right_candidates = [i for i in (text.find("\n", end), text.find(". ", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    right = min(right, end + limit, len(text))
    return left, right


def entity_key(type_: str, name: str) -> str:
    """The merge key of a named entity: its type and its name, normalised.

    "+" is spelled out so that "Zero123" and "Zero123++" stay two things.
    """
    from kg.extract.citations import normalize_title

    return f"label:{type_.lower()}:{normalize_title(name.replace('+', ' plus '))}"


# a copyright notice ("Reddit Inc © 2024", "(c) 2023 Acme"): a footer, never a lab's name
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)
# a licence named next to a name ("MIT licensed", "under the MIT License", "licence ..., not MIT")
LICENCE = re.compile(r"\blicen[cs]\w*", re.IGNORECASE)
