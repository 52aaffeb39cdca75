"""Reference-list entries: parse_reference reads one entry into a Reference.

The entry is read in steps: its span, the markup around it (markers, labels,
markdown links, URLs and identifiers), then the title, authors and venue in
whichever order the citation style puts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ids import arxiv_ids, arxiv_year, doi_spans
from ..text import CUED_YEAR_PATTERN
from .authors import _walk
from .heads import _find_anchor, _leading_org, _parse_head
from .inline import inline_citations
from .markup import (
    _GENERIC_LABEL,
    _ITALIC_TITLE,
    _LABEL,
    _MARKER,
    _MD_LINK,
    _QUOTED,
    _URL,
    _pick_url,
    _trim_url,
)
from .segments import _clean_venue, _plain_years, _split_title, _venue_like
from .titles import _clean_title
from .venues import _find_venue


@dataclass(frozen=True)
class Reference:
    title: str | None
    authors: tuple[str, ...]
    et_al: bool
    year: int | None
    venue: str | None
    arxiv: str | None
    url: str | None
    doi: str | None
    organization: str | None
    start: int
    end: int


# stands in the working text where a title was taken out of it
_TITLE_MARK = "\x00"
_MAX_ENTRY = 2000


@dataclass
class _Parts:
    """What the title/author/venue reading found in an entry."""

    title: str | None = None
    names: list[str] = field(default_factory=list)
    et_al: bool = False
    org: str | None = None
    year: int | None = None
    venue_text: str = ""


def _strip_markup(s: str) -> str:
    """Inline HTML, a leading list marker or two and a field label removed."""
    w = re.sub(r"<br\s*/?>|</?(?:b|i|em|strong|sup|sub|span|a)\b[^>]*>", " ", s, flags=re.IGNORECASE)
    w = " ".join(w.replace(_TITLE_MARK, " ").split())
    w = _MARKER.sub("", _MARKER.sub("", w, count=1), count=1)  # "- ★ Authors ..."
    return _LABEL.sub("", w, count=1)


def _take_links(w: str, urls: list[str]) -> tuple[str, str | None]:
    """Markdown links replaced by their label (or a space for generic labels
    and images); the first label that opens the entry is the title."""
    title: str | None = None
    parts, pos = [], 0
    for m in _MD_LINK.finditer(w):
        parts.append(w[pos : m.start()])
        pos = m.end()
        label, url = m.group(2).strip(), m.group(3).strip()
        if url and not url.startswith("#"):
            urls.append(_trim_url(url))
        if m.group(1) or _GENERIC_LABEL.match(label):
            parts.append(" ")
        elif title is None and not "".join(parts).strip(" *_-–—:|,"):
            title = label
            parts.append(_TITLE_MARK)
        else:
            parts.append(label)
    parts.append(w[pos:])
    return "".join(parts), title


def _drop_identifiers(w: str, urls: list[str]) -> str:
    """Bare URLs (kept in urls), arXiv ids, DOIs and their boilerplate removed."""

    def drop_url(m: re.Match) -> str:
        urls.append(_trim_url(m.group(0)))
        return " "

    w = _URL.sub(drop_url, w)
    for _, a, b in reversed(arxiv_ids(w)):
        w = w[:a] + " " + w[b:]
    for _, a, b in reversed(doi_spans(w)):
        w = w[:a] + " " + w[b:]
    w = re.sub(r"\b(?:doi|DOI)\s*:?\s*(?=[\s,.;]|$)", " ", w)
    w = re.sub(r"\barXiv(?:\s+preprint)?\b\s*[,.]?", " ", w, flags=re.IGNORECASE)
    w = re.sub(
        r"\[\s*(?:Online)?\s*\]\.?|\(\s*\)|\b(?:Available|Retrieved)\s+(?:at|from)\s*:?|\bURL\b:?",
        " ",
        w,
    )
    w = re.sub(r"\s*\|\s*", ", ", w)
    return " ".join(w.split()).strip(" ,;|-–—")


def _authors_then_venue(rest: str, parts: _Parts) -> None:
    """After a known title: the authors, then the venue."""
    parts.names, parts.et_al, stop = _walk(rest, stop=True)
    parts.venue_text = rest[stop:] if parts.names or parts.et_al else rest


def _after_title(w: str, parts: _Parts) -> None:
    """The title came from a link or bold text: authors and venue follow it."""
    rest = w.split(_TITLE_MARK, 1)[1] if _TITLE_MARK in w else w
    rest = re.sub(r"^[\s,;:\-–—|.]*(?:by\s+)?", "", rest, flags=re.IGNORECASE)
    _authors_then_venue(rest.lstrip("*_ "), parts)


def _title_first(w: str, parts: _Parts) -> None:
    """ "Title (Surname et al., 2020)" or "Title. Authors. Venue"."""
    cited = re.search(r"\s*(\([^()]+\))\s*[.,;]?\s*$", w)
    cits = inline_citations(cited.group(1)) if cited else []
    if cits and cited.start() > 0:
        parts.names, parts.et_al, parts.year = [cits[0][0]], cits[0][1], cits[0][2]
        w = w[: cited.start()]
    parts.title, rest = _split_title(w)
    rest = rest.strip(" ,.;:")
    more, more_et, stop = _walk(rest, stop=True)
    if not parts.names and more and (stop >= len(rest) or rest[stop : stop + 1] in ".,;"):
        parts.names, parts.et_al, parts.venue_text = more, more_et, rest[stop:]
    else:
        parts.venue_text = rest


def _unmarked_title(w: str, parts: _Parts) -> None:
    """No quotes or italics: a year after the authors, authors first, or title first."""
    anchor = _find_anchor(w)
    if anchor:
        parts.year, head, tail = anchor
        parts.names, parts.et_al, parts.org = head.names, head.et_al, head.org
        tail, org2 = _leading_org(tail)
        parts.org = parts.org or org2
        parts.title, parts.venue_text = _split_title(tail)
        return
    parts.names, parts.et_al, stop = _walk(w, stop=True)
    rest = w[stop:]
    if (parts.names or parts.et_al) and re.search(r"[^\W\d_]", rest):
        parts.title, parts.venue_text = _split_title(rest)
        return
    parts.names, parts.et_al = [], False
    _title_first(w, parts)


def _without_title(w: str, parts: _Parts) -> None:
    """No link or bold title: a title in italics or quotes, else by position."""
    q = _ITALIC_TITLE.search(w)
    if q is None or q.start() == 0:
        w = w.replace("*", "")
        q = _QUOTED.search(w)
    head = _parse_head(w[: q.start()]) if q and q.start() > 0 else None
    if q and q.start() == 0:  # "Title," Authors, Venue
        parts.title = next(g for g in q.groups() if g is not None)
        _authors_then_venue(w[q.end() :].strip(" ,.;:"), parts)
    elif head is not None and head.clean and (head.names or head.et_al or head.org):
        parts.title = next(g for g in q.groups() if g is not None)
        parts.names, parts.et_al, parts.org = head.names, head.et_al, head.org
        parts.year, parts.venue_text = head.year, w[q.end() :]
    else:
        _unmarked_title(w, parts)


def _read_parts(w: str, title: str | None) -> _Parts:
    """Title, authors, organisation, year and venue text of the cleaned entry."""
    parts = _Parts(title=title)
    bold = None if title is not None else re.match(r"^(\*\*|__)(.+?)\1", w)
    if bold:
        parts.title = bold.group(2)
        w = _TITLE_MARK + w[bold.end() :]
    w = w.replace("**", "").replace("__", "")
    if parts.title is not None:
        _after_title(w, parts)
    else:
        _without_title(w, parts)
    return parts


def _venue_hit(title: str | None, vt: str) -> tuple[str | None, str, tuple | None]:
    """The venue in the venue text, or in a "(CVPR 2022)" left at the title's end."""
    hit = _find_venue(vt) if vt else None
    if title and not hit:
        paren = re.search(r"\s*\(([^()]+)\)\s*$", title)
        if paren and _find_venue(paren.group(1)):
            vt, hit = paren.group(1), _find_venue(paren.group(1))
            title = _clean_title(title[: paren.start()])
    return title, vt, hit


def _settle_venue(parts: _Parts) -> tuple[str | None, str | None, int | None]:
    """(title, venue, year): the venue named with its year, else a venue-like text."""
    title = _clean_title(parts.title)
    year = parts.year
    title, vt, hit = _venue_hit(title, parts.venue_text.strip(" ,.;:"))
    if year is None:
        if hit and hit[1]:
            year = hit[1]
        else:
            ys = _plain_years(vt)
            year = ys[0] if ys else None
    if not hit and re.match(r"(?i)(?:nature|science)\b", vt):  # journals cited in lower case
        word = vt.split()[0].strip(",.").capitalize()
        hit = (word, None, 0, len(word))
    venue = None
    if hit:
        vyear = hit[1] or year
        venue = f"{hit[0]} {vyear}" if vyear else hit[0]
    elif vt and _venue_like(vt):
        venue = _clean_venue(vt)
        if venue and re.fullmatch(CUED_YEAR_PATTERN, venue):
            venue = None
    return title, venue, year


def parse_reference(text: str) -> Reference:
    """Parse one reference entry (see the package docstring for the styles).

    start/end are the entry's span in text without surrounding whitespace.
    Missing parts are None/empty; year falls back to the arXiv id's year.
    """
    text = text or ""
    lead = len(text) - len(text.lstrip())
    start, end = lead, max(lead, len(text.rstrip()))
    # An entry is a line or two; longer input is read only up to this length.
    s = text[start:end][:_MAX_ENTRY]
    found_arxiv = arxiv_ids(s)
    arxiv = found_arxiv[0][0] if found_arxiv else None
    found_doi = doi_spans(s)

    urls: list[str] = []
    w, title = _take_links(_strip_markup(s), urls)
    parts = _read_parts(_drop_identifiers(w, urls), title)
    title, venue, year = _settle_venue(parts)
    if year is None and arxiv:
        year = arxiv_year(arxiv)
    org = parts.org.strip(" ,.;:") if parts.org else parts.org
    return Reference(
        title=title,
        # "..., Thomas Wolf. 2019. *Title*": the stop ends the list, not the name (an initial keeps its own)
        authors=tuple(re.sub(r"(?<=[^\W\d_]{2})\.$", "", n) for n in parts.names),
        et_al=parts.et_al,
        year=year,
        venue=venue,
        arxiv=arxiv,
        url=_pick_url(urls),
        doi=found_doi[0][0] if found_doi else None,
        organization=org or None,
        start=start,
        end=end,
    )
