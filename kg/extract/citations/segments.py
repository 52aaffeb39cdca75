"""The part of a reference entry after the authors: where the title ends
and the venue starts, and the cleanup of the venue text.
"""

from __future__ import annotations

import re

from ..ids import years
from ..text import CITED_YEAR_PATTERN
from .venues import _PAGES, _find_venue

_VENUE_START = re.compile(
    r"^\s*(?:in\b|proc\b|proc\.|proceedings|journal|conference|workshop|transactions|"
    r"symposium|advances\s+in|arxiv|corr\b|preprint|technical\s+report|tech\.?\s*rep|"
    r"springer|ieee|acm\b|vol\b|vol\.|volume|pp\b|pp\.|pages?\b|" + CITED_YEAR_PATTERN + r"\b|"
    r"available|accessed|online|retrieved)",
    re.IGNORECASE,
)


def _venue_like(seg: str) -> bool:
    if _VENUE_START.match(seg):
        return True
    hit = _find_venue(seg[:80])
    return bool(hit and hit[2] <= 12)


_ABBREV_IN_TITLE = frozenset("vs e.g i.e cf al no vol fig eq dr mr st approx".split())


def _sentence_end(text: str) -> tuple[int, int] | None:
    """(title end, rest start) at the first sentence boundary of text."""
    for m in re.finditer(r"([.?!])(?=\s|$)", text):
        pos = m.start()
        if m.group(1) == ".":
            tok = re.search(r"(\S+)$", text[:pos])
            word = tok.group(1).casefold() if tok else ""
            if word in _ABBREV_IN_TITLE:
                continue
            return pos, pos + 1
        return pos + 1, pos + 1
    return None


def _split_title(text: str) -> tuple[str | None, str]:
    """Split "Title. Venue..." / "Title, Proc. Venue" / "Title (CVPR 2022)"."""
    text = text.strip(" ,;:-–—|.")
    if not text:
        return None, ""
    q = re.match(r"\s*(?:“([^”]+)”|\"([^\"]+)\")", text)
    if q:
        return next(g for g in q.groups() if g is not None), text[q.end() :]
    cuts = []
    se = _sentence_end(text)
    if se:
        cuts.append(se)
    for m in list(re.finditer(r",\s+", text))[:20]:
        if _venue_like(text[m.end() :]):
            cuts.append((m.start(), m.end()))
            break
    for m in re.finditer(r"\s*\(([^()]*)\)", text):
        inner = m.group(1)
        if m.start() > 0 and (_venue_like(inner) or _PAGES.fullmatch(inner.strip())):
            cuts.append((m.start(), m.start()))
            break
    if not cuts:
        return text, ""
    end, rest = min(cuts)
    return text[:end], text[rest:]


def _clean_venue(text: str) -> str | None:
    t = re.sub(r"^\s*(?:in|In|IN)\s*:?\s+", "", text or "")
    t = re.split(r"\(\s*pp?\.|,?\s*\bpp?\.\s*\d|,\s*pages?\b|,\s*vol\.?\s*\d|\(vol\.", t)[0]
    t = re.sub(r"\b(?:Springer(?:,\s*Cham)?|Springer International Publishing)\b", "", t)
    t = re.sub(r"\s+", " ", t).strip(" ,.;:()[]-–—")
    if not t or not re.search(r"[^\W\d_]{2}", t) or len(t) > 200:
        return None
    return t


def _plain_years(text: str) -> list[int]:
    return [y for y, _, _ in years(_PAGES.sub(" ", text or ""))]
