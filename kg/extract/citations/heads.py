"""The authors part ("head") of a reference entry: names, et al., an
organisation and a year, and the year that ends the author list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import years
from .authors import _ET_AL, _walk
from .orgs import canonical_org, is_organization, org_by_key


@dataclass
class _Head:
    names: list[str]
    et_al: bool
    org: str | None
    year: int | None
    clean: bool  # nothing left over that is not a name, year or organisation
    loose_org: bool  # org is only a short capitalised leftover ("Cohere")

    @property
    def authorish(self) -> bool:
        return bool(self.names or self.et_al or (self.org and not self.loose_org))


def _parse_head(head: str) -> _Head:
    """Authors part of an entry: names, et al., an organisation standing in
    for or next to the authors, and a year written there."""
    year = None
    h = head
    for y, a, b in reversed(years(h)):
        # a year standing alone between delimiters, maybe in parentheses
        before, after = h[:a].rstrip(" ("), h[b:].lstrip(" )")
        if (not before or before[-1] in ",.;:(") and (not after or after[0] in ",.;:)"):
            year = year or y
            h = h[:a] + h[b:]
    org = None
    for m in reversed(list(re.finditer(r"\(([^()]*)\)", h))):
        inner = m.group(1).strip(" ,.;")
        if inner and re.search(r"[^\W\d_]", inner):
            org = inner
        h = h[: m.start()] + " " + h[m.end() :]
    h = re.sub(r"\(\s*\)|\s+(?=[,.;:])", "", h)
    h = " ".join(h.split())
    names, et_al, end = _walk(h, stop=True)
    leftover = h[end:].strip(" ,.;:-–—&")
    if _ET_AL.search(leftover):
        et_al = True
        leftover = _ET_AL.sub(" ", leftover).strip(" ,.;:-–—&")
    clean, loose = True, False
    if leftover:
        if is_organization(leftover):
            org = org or leftover
        elif canonical_org(leftover):  # a typo of a known name: use the real one
            org = org or canonical_org(leftover)
        elif not names and len(leftover.split()) <= 3 and leftover[:1].isupper():
            org, loose = org or leftover, org is None
        else:
            clean = False
    return _Head(names, et_al, org, year, clean, loose)


def _find_anchor(w: str) -> tuple[int, _Head, str] | None:
    """The year after the author list: ", 2022." / "(2017)." / ". 2017." / ", 2022:"."""
    for y, a, b in years(w):
        pre = w[:a].rstrip()
        paren = pre.endswith("(")
        if paren:
            pre = pre[:-1].rstrip()
        if not paren and (not pre or pre[-1] not in ",.;:)"):
            continue
        post = w[b:]
        post = re.sub(r"^[a-z](?![a-z])", "", post)
        if paren:
            close = re.match(r"\s*\)", post)
            if not close:
                continue
            post = post[close.end() :]
        m = re.match(r"\s*(?:[.,:;]|$)", post)
        if not m and not paren:
            continue
        head = pre.rstrip(",;: ")
        if not head:
            continue
        parsed = _parse_head(head)
        if parsed.clean and parsed.authorish:
            return y, parsed, post[m.end() if m else 0 :]
        return None  # the first free-standing year is not after an author list
    return None


def _leading_org(tail: str) -> tuple[str, str | None]:
    """ "Google Brain, Title" / "Deemind: Title" -> (title part, organisation)."""
    m = re.match(r"\s*([^,:.()]{2,40}?)\s*([,:])\s+(\S.*)$", tail, re.DOTALL)
    if not m:
        return tail, None
    cand, sep, rest = m.group(1).strip(), m.group(2), m.group(3)
    if org_by_key().get(cand.casefold()) or (is_organization(cand) and len(cand.split()) <= 4):
        return rest, cand
    # a one-word typo of a known lab, only before a colon and a real title
    if sep == ":" and " " not in cand and len(rest.split()) >= 2:
        known = canonical_org(cand)
        if known:
            return rest, known
    return tail, None
