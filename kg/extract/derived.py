"""buildsOn from how a system is named: KiloNeRF, NeRF++, D-NeRF, StyleGAN2.

A new system is often named after the one it extends: a prefix (Kilo-, Fast-,
D-, pixel-), a suffix (++, -W) or a version (StyleGAN2 after StyleGAN,
YOLOv7 after YOLOv5). When both names occur in one document, the derived
system builds on the base one. The rule reads only the form of the names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Bases:
    """The names of one document that a derived name may build on, indexed so that
    finding a name's base costs the length of the name, not the size of the document."""

    names: frozenset[str]  # models of the document, and coined technique names
    versions: dict[str, tuple[tuple[int, str], ...]]  # family -> (version, name)

    @classmethod
    def of(cls, known, models: frozenset[str]) -> Bases:
        versions: dict[str, list[tuple[int, str]]] = {}
        for name in known:
            if (v := _version(name)) is not None:
                versions.setdefault(v[0], []).append((v[1], name))
        names = frozenset(b for b in known if len(b) >= 3 and (b in models or _coined(b)))
        return cls(names, {f: tuple(vs) for f, vs in versions.items()})

    def base_of(self, name: str) -> str | None:
        version = _version(name)
        if version:  # the nearest earlier version in the document (StyleGAN3 -> StyleGAN2)
            family, n = version
            earlier = [v for v in self.versions.get(family, ()) if v[0] < n]
            if earlier:
                return max(earlier)[1]
        # the longest base the name starts or ends with, the rest a prefix or suffix
        for size in range(len(name) - 1, 2, -1):
            head, tail = name[:size], name[size:]
            if head in self.names and _SUFFIX.fullmatch(tail):
                return head
            head, tail = name[:-size], name[-size:]
            if tail in self.names and name.find(tail) == len(head) and _PREFIX.fullmatch(head):
                return tail
        return None


def base_of(name: str, known, models: frozenset[str] = frozenset()) -> str | None:
    """The name among `known` that `name` is derived from, if any; a base must be
    one of `models` (systems of the document) or a coined name."""
    return Bases.of(known, models).base_of(name)


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
    bases = Bases.of(known, frozenset(models))
    for mid in builder.ids_of_type("Model"):
        for name in (builder.label_of(mid), *builder.aliases_of(mid)):
            base = bases.base_of(name)
            if base is None or known[base] == mid:
                continue
            ev = builder.evidence_of(mid)
            builder.relate(mid, "buildsOn", known[base], builder.evidence(
                ev.start, ev.end, ev.sentence, "rule:derived-name", CONFIDENCE))
            break
