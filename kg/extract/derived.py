"""buildsOn from how a system is named: KiloNeRF, NeRF++, D-NeRF, StyleGAN2.

A new system is often named after the one it extends: a prefix (Kilo-, Fast-,
D-, pixel-), a suffix (++, -W) or a version (StyleGAN2 after StyleGAN,
YOLOv7 after YOLOv5). When both names occur in one document, the derived
system builds on the base one. The rule reads only the form of the names.
"""

from __future__ import annotations

import re

from kg.extract.builder import ExtractionBuilder

CONFIDENCE = 0.75
# what a derived name adds to its base: a short prefix, or a suffix or version
_PREFIX = re.compile(r"[A-Za-z]{1,6}-?|[A-Z][a-z]{2,12}[ -]")
_SUFFIX = re.compile(
    r"\+\+|\+|-[A-Z][A-Za-z]{0,3}|[- ]?(?:v|V)?\d{1,2}(?:\.\d)?|[- ]?(?:XL|XXL|Plus|Pro)"
)
_VERSION = re.compile(r"^(?P<family>.*?[A-Za-z])[- ]?(?:v|V)?(?P<n>\d{1,2})$")


def _coined(name: str) -> bool:
    """A coined mixed-case name (NeRF, StyleGAN, ViT), not a word or a bare acronym (GAN).

    A bare acronym names a family (BigGAN is a GAN; it does not build on one).
    """
    inner = name[1:]
    return len(name) >= 3 and any(c.isupper() for c in inner) and any(c.islower() for c in inner)


def _version(name: str) -> tuple[str, int] | None:
    m = _VERSION.match(name)
    return (m.group("family"), int(m.group("n"))) if m else None


def base_of(name: str, known: dict[str, str], models: frozenset[str] = frozenset()) -> str | None:
    """The known name `name` is derived from, if any.

    known maps names to mention ids; a base must be one of `models` (systems of
    the document) or a coined name.
    """
    version = _version(name)
    if version:  # the nearest earlier version in the document (StyleGAN3 -> StyleGAN2)
        family, n = version
        earlier = [(v[1], other) for other in known
                   if (v := _version(other)) and v[0] == family and v[1] < n]
        if earlier:
            return max(earlier)[1]
    best = None
    for base in known:
        if base == name or len(base) < 3 or base not in name:
            continue
        if base not in models and not _coined(base):
            continue
        head, _, tail = name.partition(base)
        derived = (not head and _SUFFIX.fullmatch(tail)) or (not tail and _PREFIX.fullmatch(head))
        if derived and (best is None or len(base) > len(best)):
            best = base
    return best


def derived_builds_on(builder: ExtractionBuilder) -> None:
    """Add X buildsOn Y for every Model X named after a Model or Technique Y of the document."""
    known: dict[str, str] = {}
    models: set[str] = set()
    for type_ in ("Model", "Technique"):
        for mid in builder.ids_of_type(type_):
            for name in (builder.label_of(mid), *builder.aliases_of(mid)):
                known.setdefault(name, mid)
                if type_ == "Model":
                    models.add(name)
    for mid in builder.ids_of_type("Model"):
        for name in (builder.label_of(mid), *builder.aliases_of(mid)):
            base = base_of(name, known, frozenset(models))
            if base is None or known[base] == mid:
                continue
            ev = builder.evidence_of(mid)
            builder.relate(mid, "buildsOn", known[base], builder.evidence(
                ev.start, ev.end, ev.sentence, "rule:derived-name", CONFIDENCE))
            break
