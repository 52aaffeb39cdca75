"""buildsOn from how a system (or a paper's title) is named: KiloNeRF, NeRF++,
D-NeRF, StyleGAN2, "FlashAttention-2: ..."; and from what a list is a list of:
"Awesome NeRF".

A new system is often named after the one it extends: a prefix (Kilo-, Fast-,
D-, pixel-), a suffix (++, -W) or a version (StyleGAN2 after StyleGAN,
YOLOv7 after YOLOv5). When both names occur in one document, the derived
system builds on the base one. The rule reads only the form of the names.

A curated list titled after one system ("Awesome NeRF", "StyleGAN variants")
collects the work that extends it, so each paper listed builds on it. Only a
coined system name counts (NeRF, StyleGAN, CLIP as a model): a list titled
after a family ("Awesome Diffusion Models", "GAN papers") is about papers that
use a technique, which the NLP pass reads from each entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.builder import ExtractionBuilder
from kg.extract.confidence import FIRST_GUESS

MIN_LIST_ENTRIES = 5  # fewer entries: a post that happens to list some papers
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
    # a paper titled after a derived name ("FlashAttention-2: Faster Attention ...")
    for pid in builder.ids_of_type("Paper"):
        name, colon, _ = builder.label_of(pid).partition(":")
        base = bases.base_of(name.strip()) if colon and 1 <= len(name.split()) <= 3 else None
        if base is None or name.strip() == base:
            continue
        ev = builder.evidence_of(pid)
        builder.relate(pid, "buildsOn", known[base], builder.evidence(
            ev.start, ev.end, ev.sentence, "rule:derived-name", FIRST_GUESS["rule:derived-name"]))
    for mid in builder.ids_of_type("Model"):
        for name in (builder.label_of(mid), *builder.aliases_of(mid)):
            base = bases.base_of(name)
            if base is None or known[base] == mid:
                continue
            ev = builder.evidence_of(mid)
            builder.relate(mid, "buildsOn", known[base], builder.evidence(
                ev.start, ev.end, ev.sentence, "rule:derived-name", FIRST_GUESS["rule:derived-name"]))
            break


def _document_title(doc) -> str:
    title = doc.meta_dict().get("title")
    if isinstance(title, str) and title.strip():
        return title
    first = next((b for b in doc.blocks if b.kind == "heading" and b.level == 1), None)
    return doc.text[first.start:first.end] if first is not None else ""


def _title_topic(builder: ExtractionBuilder, title: str, vocab) -> str | None:
    """The one system a list's title is named after, or None (none, or several:
    "From ViT to DiT", "Radiance Fields & Gaussian Splatting"). A system counts
    when it is a model or goes by a coined name (neural radiance field: NeRF)."""
    spans: dict[str, tuple[int, int]] = {}
    for type_ in ("Model", "Technique"):
        for mid in builder.ids_of_type(type_):
            names = {builder.label_of(mid), *builder.aliases_of(mid)}
            entry = vocab.by_alias(builder.label_of(mid), type_) if vocab is not None else None
            if entry is not None:
                names |= {entry.label, *entry.aliases}
            # one coined word, not a plural acronym ("LLMs" names a family)
            if type_ != "Model" and not any(" " not in n and _coined(n) and not re.fullmatch(r"[A-Z0-9]+s", n)
                                            for n in names):
                continue
            for name in names:
                flags = 0 if len(name) <= 4 else re.IGNORECASE
                m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", title, flags)
                if m and (mid not in spans or m.end() - m.start() > spans[mid][1] - spans[mid][0]):
                    spans[mid] = (m.start(), m.end())
    # a name inside a longer one is not a second topic ("Radiance Fields" in "Neural Radiance Fields")
    topics = {mid for mid, (a, b) in spans.items()
              if not any(o != mid and oa <= a and b <= ob and (ob - oa) > (b - a) for o, (oa, ob) in spans.items())}
    return topics.pop() if len(topics) == 1 else None


def list_topic_builds_on(builder: ExtractionBuilder, doc, units, vocab=None) -> None:
    """Every paper of a list titled after one system builds on it ("Awesome NeRF")."""
    entries = list(dict.fromkeys(pid for unit in units for pid in unit.line_subjects.values()
                                 if builder.type_of(pid) == "Paper"))
    if len(entries) < MIN_LIST_ENTRIES:
        return
    topic = _title_topic(builder, _document_title(doc), vocab)
    if topic is None:
        return
    topic_names = {builder.label_of(topic).casefold(), *(a.casefold() for a in builder.aliases_of(topic))}
    for pid in entries:
        own = {builder.label_of(s).casefold() for s in builder.objects_of(pid, "introduces")}
        own.add(builder.label_of(pid).split(":", 1)[0].strip().casefold())  # "NeRF: Representing ..."
        if own & topic_names or builder.has_relation(pid, "buildsOn", topic):
            continue  # the system's own paper, or said already
        ev = builder.evidence_of(pid)
        builder.relate(pid, "buildsOn", topic, builder.evidence(
            ev.start, ev.end, ev.sentence, "structure:list-topic", FIRST_GUESS["structure:list-topic"]))
