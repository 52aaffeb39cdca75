"""Paper titles: the merge key and the cleanup of a title read from an entry."""

from __future__ import annotations

import re

from .names import _fold

_TRAILING_MARK = re.compile(r"\s*\[\d+\]\s*$")


def normalize_title(title: str) -> str:
    """Merge key for paper titles: case, accents, punctuation and spacing
    folded; a trailing "[N]" reference marker dropped."""
    t = _TRAILING_MARK.sub("", title or "")
    t = _fold(t).casefold()
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return " ".join(t.split())


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    t = " ".join(title.split())
    for _ in range(3):
        t = _TRAILING_MARK.sub("", t)
        t = t.strip(" \t*_`\"“”«»„‟").strip()
        if len(t) > 1 and t[0] in "'‘" and t[-1] in "'’":
            t = t[1:-1]
        t = t.rstrip(",.;:").strip()
    if not t or not re.search(r"[^\W\d_]", t) or re.fullmatch(r"(?:https?|www)\S*", t):
        return None
    return t
