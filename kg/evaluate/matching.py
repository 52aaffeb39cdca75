"""Normalised keys of names, titles, arXiv ids and repositories, and the tests
that say when a predicted name matches a gold one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.text import LATIN_LETTERS, ascii_fold

MIN_CONTAINED_WORDS = 4


def fold(text: str) -> str:
    """Casefold and ASCII-fold (drop accents) a string; other scripts are kept."""
    return ascii_fold(text, LATIN_LETTERS, other=None).casefold()


def words(text: str) -> list[str]:
    """Normalised words: folded, punctuation treated as a separator.

    "+" is kept as a word: NeRF++ is not NeRF, C++ is not C.
    """
    text = fold(text).replace("+", " plus ")
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def key(text: str) -> str:
    """Normalised key: folded, without punctuation or whitespace."""
    return "".join(words(text))


def keys_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and long_ == short + "s"


def names_match(names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    keys_b = [key(n) for n in names_b]
    return any(keys_match(key(a), kb) for a in names_a for kb in keys_b)


def titles_match(titles_a: Iterable[str], titles_b: Iterable[str]) -> bool:
    """Equal normalised titles, or containment when both have >= 4 words."""
    norm_b = [(key(t), len(words(t))) for t in titles_b]
    for title in titles_a:
        ka, na = key(title), len(words(title))
        for kb, nb in norm_b:
            if not ka or not kb:
                continue
            if ka == kb:
                return True
            if min(na, nb) >= MIN_CONTAINED_WORDS and (ka in kb or kb in ka):
                return True
    return False


def norm_arxiv(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    text = text.removeprefix("arxiv:").strip()
    text = re.sub(r"v\d+$", "", text)
    return text or None


def repo_key(text: str | None) -> str:
    """Normalised repository key: host/path, GitHub reduced to owner/repo."""
    if not text:
        return ""
    value = text.strip().lower()
    value = re.sub(r"^[a-z+]+://", "", value)
    value = value.removeprefix("www.").split("#")[0].split("?")[0].rstrip("/")
    value = value.removesuffix(".git").rstrip("/")
    if re.fullmatch(r"[\w.-]+/[\w.-]+", value) and "." not in value.split("/")[0]:
        value = "github.com/" + value
    if value.startswith("github.com/"):
        parts = value.split("/")
        value = "/".join(parts[:3]).removesuffix(".git")
    return value
