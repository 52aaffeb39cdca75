"""People's names: the (surname, first initial) key, matching two ways of
writing one person, and counting a person listed twice once."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.evaluate.gold import Item
from kg.evaluate.matching import fold, key

_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")
_DROP_NAME_RE = re.compile(r"\bet\.? al\.?|\([^)]*\)", re.IGNORECASE)
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def name_key(name: str) -> tuple[str, str | None]:
    """(surname, first initial or None) of a person's name as commonly written.

    Handles "Suvorov, R.", "Robin Rombach", "A. Ramesh", "Reed S." and "Saharia".
    """
    text = _DROP_NAME_RE.sub(" ", name).strip(" ,;")
    if "," in text:
        surname_part, _, given = text.partition(",")
    else:
        tokens = [t for t in text.split() if fold(t).strip(".") not in _SUFFIXES]
        if not tokens:
            return ("", None)
        if len(tokens) >= 2 and _INITIALS_RE.match(tokens[-1]):
            surname_part, given = " ".join(tokens[:-1]), tokens[-1]
        else:
            surname_part, given = tokens[-1], " ".join(tokens[:-1])
    surname_words = [w for w in fold(surname_part).replace("-", "").replace("'", "")
                     .replace("\u2019", "").split() if w]
    surname = key(surname_words[-1]) if surname_words else ""
    given_key = key(given)
    return (surname, given_key[0] if given_key else None)


def people_match(names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    keys_b = [name_key(n) for n in names_b]
    for a in names_a:
        sa, ia = name_key(a)
        for sb, ib in keys_b:
            if sa and sa == sb and (ia is None or ib is None or ia == ib):
                return True
    return False


def each_author_once(authors: tuple[str, ...]) -> tuple[str, ...]:
    """A paper's gold authors with a person written two ways counted once: an
    annotator may list "Malmi" (from the citation) beside "Eric Malmi" (from the
    reference). The fuller form is kept."""
    kept: list[str] = []
    for name in authors:
        same = next((i for i, k in enumerate(kept) if people_match([name], [k])), None)
        if same is None:
            kept.append(name)
        elif name_key(kept[same])[1] is None and name_key(name)[1] is not None:
            kept[same] = name
    return tuple(kept)


def _dedupe_people(items: Iterable[Item]) -> tuple[Item, ...]:
    seen: dict[tuple[str, str | None], Item] = {}
    for item in items:
        seen.setdefault(name_key(item.name), item)
    return tuple(seen.values())
