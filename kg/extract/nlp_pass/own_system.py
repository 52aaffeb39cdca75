"""Is a system named in a unit the paper's own: named in its title or abbreviated from it?"""

from __future__ import annotations

import re

from kg.extract import citations
from kg.extract.nlp_pass.techniques import _acronym_fits


def _name_key(name: str) -> str:
    """A matching key for names that keeps what tells systems apart ("Zero123" vs "Zero123++")."""
    return citations.normalize_title(name.replace("+", " plus "))


def _names_paper(canonical: str, surface: str, title: str, others: tuple[str, ...] = ()) -> bool:
    """Is this system the paper's own: its title's prefix, or an acronym of the title?

    `others` are systems the paper is already known to introduce: where it has one
    ("MedSAM" for "Segment Anything in Medical Images"), an acronym that merely fits
    its title ("SAM") is another paper's system.
    """
    prefix = title.split(":", 1)[0] if ":" in title else ""
    if prefix and _name_key(prefix) in (_name_key(canonical), _name_key(surface)):
        return True
    if any(_name_key(o) not in (_name_key(canonical), _name_key(surface)) for o in others):
        return False
    name = re.sub(r"[^A-Za-z]", "", surface)
    return len(name) >= 3 and name[0].isupper() and _acronym_fits(name, title.split(":", 1)[-1]) and len(
        [c for c in name if c.isupper()]) >= 2
