"""Inline author-year citations: "(Vaswani et al., 2017)", "Goodfellow et al. (2014)"."""

from __future__ import annotations

import re

from ..text import CITED_YEAR_PATTERN, CUED_YEAR_PATTERN
from .names import split_name
from .venues import venue_names

_NOT_SURNAMES = frozenset(
    """In The See Table Tab Figure Fig Section Sec Eq Equation Appendix Chapter Part Step
    Phase Stage Round Version Since Until From Before After Around Circa Early Late Mid
    Spring Summer Fall Autumn Winter January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Released Published Updated Accessed Retrieved Copyright Vol Volume No Page Pages Year
    Years Season Episode Also And Or But For With By At On To Of As Both Here There This
    That These Those Our We It Its Their Since Till Until Q1 Q2 Q3 Q4 Model Models Paper
    Papers Code Dataset Data Launched Founded Est""".split()
)


_SUR = r"(?:(?:van|von|de|der|den|del|della|di|da|du|le|la)\s+){0,3}[^\W\d_][\w'’\-]*"
_AUTH = (
    rf"(?P<first>{_SUR})"
    rf"(?P<rest>\s+et\.?\s*al\.?|(?:\s*,\s*{_SUR}){{0,8}}\s*,?\s+(?:and|&)\s+{_SUR})?"
)
_CIT_YEAR = rf"(?P<year>{CITED_YEAR_PATTERN})[a-z]?(?!\d)"
_PAREN_ITEM = re.compile(rf"{_AUTH}(?P<comma>\s*,)?\s+{_CIT_YEAR}(?:\s*,\s*{CUED_YEAR_PATTERN}[a-z]?)*"
                         rf"(?:\s*,\s*(?:pp?\.|p\.|ch\.|sec\.)\s*[\d–-]+)?\s*$")
_NARRATIVE = re.compile(rf"(?<![\w(])\b{_AUTH}\s*\(\s*{_CIT_YEAR}\s*\)")
_NARRATIVE_ETAL = re.compile(
    rf"(?<![\w(])\b(?P<first>{_SUR})(?P<rest>\s+et\.?\s*al\.?),?\s+{_CIT_YEAR}"
)


def _good_surname(name: str) -> bool:
    last = name.split()[-1] if name.split() else ""
    if not last or not last[0].isupper() or last in _NOT_SURNAMES:
        return False
    if any(c.isdigit() for c in last) or (len(last) > 1 and last.isupper()):
        return False
    if any(last.casefold() == v.casefold() for v in venue_names()):
        return False
    return all(c.isalpha() or c in "-'’" for c in last)


def citation_key(author: str, year: int) -> str:
    """The key an author-year citation and its reference share: the first author's
    surname and the year ("Radford, A." of 2021 and "[Radford et al. 2021]")."""
    return f"{split_name(author)[1].casefold()}:{year}"


def inline_citations(text: str) -> list[tuple[str, bool, int, int, int]]:
    """Author-year citations as (first author's surname, more authors?, year,
    start, end): "(Vaswani et al., 2017)", "Goodfellow et al. (2014)",
    "(Ho, Jain and Abbeel, 2020)", "(Brock et al. 2018; Karras et al. 2019)".
    et al. is True for "et al." and for any list of two or more authors."""
    text = text or ""
    out: list[tuple[str, bool, int, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, offset: int) -> None:
        first = m.group("first")
        if not _good_surname(first):
            return
        s, e = offset + m.start("first"), offset + m.end("year")
        if any(a < e and s < b for a, b in taken):
            return
        taken.append((s, e))
        out.append((first, bool(m.group("rest")), int(m.group("year")), s, e))

    for pm in re.finditer(r"[(\[]([^()\[\]]{4,400})[)\]]", text):
        inner, base = pm.group(1), pm.start(1)
        pos = 0
        for item in inner.split(";"):
            m = None
            # search each item from every word start so a lead-in ("see", "e.g.") is skipped
            for ws in [0] + [x.end() for x in re.finditer(r"\s+", item)]:
                m = _PAREN_ITEM.match(item, ws)
                if m:
                    break
            if m and (m.group("rest") or m.group("comma")):
                add(m, base + pos)
            pos += len(item) + 1
    for rx in (_NARRATIVE, _NARRATIVE_ETAL):
        for m in rx.finditer(text):
            add(m, 0)
    out.sort(key=lambda c: c[3])
    return out
