"""Venue recognition: conference and journal names (short or long form)
and the year written next to them.

The venues and their patterns come from the bundled venues vocabulary
(ontology/vocabularies/venues.yaml), read on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..ids import years
from ..text import CITED_YEAR_PATTERN

# (short name, abbreviation regex (case-sensitive), long-name regex (any case))
VenueSpec = tuple[str, str | None, str | None]


def _pattern(value: object) -> str | None:
    return str(value) if value else None


@lru_cache(maxsize=1)
def venue_specs() -> tuple[VenueSpec, ...]:
    """A VenueSpec for every venue the bundled venues vocabulary gives a
    pattern, named and citation_only entries alike, in file order (the fields
    are described in venues.yaml)."""
    from kg.vocab import load_vocabulary  # late: the vocabulary is only read on first use

    vocab = load_vocabulary()
    specs = []
    for entry in (*vocab.of_type("Venue"), *vocab.citation_only):
        abbreviation = _pattern(entry.attr("abbreviation_pattern"))
        name = _pattern(entry.attr("name_pattern"))
        if entry.type == "Venue" and (abbreviation or name):
            specs.append((str(entry.attr("citation_name") or entry.label), abbreviation, name))
    return tuple(specs)


def venue_names() -> tuple[str, ...]:
    """The short names citations give venues ("CVPR", "TOG", "Nature")."""
    return tuple(short for short, _, _ in venue_specs())


@lru_cache(maxsize=1)
def _venue_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # an abbreviation only as a whole word; a space in a long name is any whitespace
    res = []
    for short, abbreviation, name in venue_specs():
        if abbreviation:
            res.append((short, re.compile(rf"(?<![A-Za-z])(?:{abbreviation})(?![A-Za-z])")))
        if name:
            res.append((short, re.compile(name.replace(" ", r"\s+"), re.IGNORECASE)))
    return tuple(res)


_YEAR_AFTER = re.compile(
    r"\s*(?:['’‘`]\s?(?P<yy>\d{2})(?!\d)"
    rf"|[-\s,]*\(?(?P<yyyy>{CITED_YEAR_PATTERN})(?!\d)\)?)"
)
_YEAR_BEFORE = re.compile(rf"(?P<yyyy>{CITED_YEAR_PATTERN})(?!\d)\s*(?:\w+\s+){{0,5}}$")
_PAGES = re.compile(
    r"(?:pp?\.|pages?)\s*\d+\s*(?:[-–—]+\s*\d+)?|\b\d+\s*[-–—]+\s*\d+\b", re.IGNORECASE
)


def _two_digit(yy: str) -> int:
    n = int(yy)
    return 2000 + n if n <= 30 else 1900 + n


def _find_venue(text: str) -> tuple[str, int | None, int, int] | None:
    """(short, year, start, end) of the first venue named in text."""
    text = text or ""
    hits = []
    # every hit is ranked by position and length, so the table's order does not matter
    for short, rx in _venue_res():
        for m in rx.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), short, m.end()))
    if not hits:
        return None
    hits.sort()
    start, _, short, end = hits[0]

    def year_at(s: int, e: int) -> int | None:
        m = _YEAR_AFTER.match(text, e)
        if m:
            return _two_digit(m.group("yy")) if m.group("yy") else int(m.group("yyyy"))
        m = _YEAR_BEFORE.search(text[max(0, s - 40) : s])
        return int(m.group("yyyy")) if m else None

    year = year_at(start, end)
    if year is None:  # "35th Conference on NIPS (NeurIPS 2021)"
        for s, _, sh, e in hits[1:]:
            if sh == short and (year := year_at(s, e)) is not None:
                break
    if year is None:  # otherwise only a year the text states unambiguously
        clean = _PAGES.sub(" ", text)
        found = {y for y, _, _ in years(clean)}
        if len(found) == 1:
            year = found.pop()
    return short, year, start, end


def venue_from_text(text: str) -> tuple[str, int | None] | None:
    """(short venue name, year or None) for the first venue in text, e.g.
    "Best Paper Award at ICLR 2018" -> ("ICLR", 2018), "ECCV'22" -> ("ECCV", 2022),
    "Advances in Neural Information Processing Systems" -> ("NeurIPS", None)."""
    hit = _find_venue(text)
    return (hit[0], hit[1]) if hit else None
