"""Vocabularies: named techniques, models, organisations, tasks, datasets and venues.

The hand-made files ``ontology/vocabularies/*.yaml`` (format in the header of
techniques.yaml) and the derived Papers with Code gazetteers
``ontology/vocabularies/pwc_*.jsonl`` (see build_pwc.py there) are loaded into
one immutable ``Vocabulary``. Hand entries win over PwC entries: a PwC name that
a hand entry already uses is dropped.

Names are matched after normalisation (``normalize``): Unicode NFKC, casefold,
curly apostrophes made straight, and every run of spaces, '·', '.', '-', '_',
'/' or dashes made one space, so "DALL·E 2", "DALL-E 2" and "dall.e 2" are one
name. Names with a digit also match with the spaces removed ("DALLE2",
"GPT4"). Names an entry lists under ``case_sensitive`` match only with their
exact case ("OPT" but not "opt"). Techniques also match their plural forms
("GANs", "diffusion models"); an entry can turn that off with ``plural: false``.
A technique named "x-y learning" also matches its modifier alone, as a sentence
writes it ("few-shot", "Self-supervised"), not in a title's capitals ("Few-Shot").
Generated forms are made when the index is built, never guessed from the query.

Two attributes are hints for an extractor, not names: ``exclude`` lists longer
phrases that contain a name but mean something else ("Gemini Man"), and
``weak_aliases`` names that stand for an organisation only next to words like
"researchers" ("Snapchat" for Snap Inc.).

An entry marked ``citation_only: true`` names nothing: it is kept out of the
entries, the name indexes and the gazetteer, in ``Vocabulary.citation_only``,
for the data it carries (a venue's citation patterns, see venues.yaml).

``surface_forms()`` lists every matchable string for an EntityRuler, and
``ontology_graph()`` is the vocabulary named graph: kg.ttl plus the SKOS
taxonomies of the hand-made techniques and tasks.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

import rdflib
import yaml
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import KGError, file_error
from kg.iris import entity_iri
from kg.namespaces import KG, PREFIXES, TASK_SCHEME, TECHNIQUE_SCHEME

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
VOCAB_DIR = ONTOLOGY_DIR / "vocabularies"

TYPES = ("Technique", "Model", "Organization", "Task", "Dataset", "Venue")
SOURCES = ("hand", "pwc")
# entry keys that are not attributes
_FIELDS = {"label", "aliases", "broader", "type", "source"}
# types whose names get generated plurals unless an entry says `plural: false`
_PLURAL_BY_DEFAULT = {"Technique"}

_SEPARATORS = re.compile(r"[\s·•‧∙⋅・.\-_/‐‑‒–—―]+")
_EDGE_PUNCT = " \t\r\n\"'`“”‘’()[]{}<>,;:!?*"
_POSSESSIVE = re.compile(r"(?:'s|s')$")
_DIGIT = re.compile(r"[0-9]")


def normalize(text: str, casefold: bool = True) -> str:
    """The form two names are compared in (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = text.strip(_EDGE_PUNCT)
    text = _SEPARATORS.sub(" ", text).strip()
    return text.casefold() if casefold else text


def compact(key: str) -> str | None:
    """A normalised key without spaces, for names with a digit ("dall e2" -> "dalle2")."""
    if _DIGIT.search(key) is None:
        return None
    return key.replace(" ", "")


def plural_forms(name: str) -> tuple[str, ...]:
    """English plurals of a name: "GAN" -> "GANs", "loss" -> "losses", "policy" -> "policies".
    A name ending in -ing has one too: "positional encodings" (and the rare "learnings" means
    the same technique)."""
    if not name or not name[-1].isalpha():
        return ()
    last = name[-1]
    if last.isupper():
        return (name + "s",)
    lower = name.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return (name + "es",)
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return (name[:-1] + "ies",)
    return (name + "s",)


def _tuple(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_tuple(v) for v in value)
    if isinstance(value, dict):
        return tuple((str(k), _tuple(v)) for k, v in value.items())
    return value


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[union-attr]


# "few-shot learning" is named by its hyphenated modifier alone ("few-shot prompting",
# "self-supervised features"): the modifier says which way of learning is used
_ADJECTIVAL_NAME = re.compile(r"^([a-z]+-[a-z]+) learning$")


@dataclass(frozen=True)
class VocabEntry:
    """One named thing of a vocabulary.

    attrs holds the file's other keys as (name, value) pairs, lists made tuples:
    kind, year, organization, techniques, parent, collection, url ...;
    case_sensitive (a tuple of names), plural (bool), exclude, weak_aliases.
    """

    type: str
    label: str
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    attrs: tuple[tuple[str, object], ...] = ()
    source: str = "hand"

    def attr(self, name: str, default: object = None) -> object:
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    @property
    def names(self) -> tuple[str, ...]:
        """The label and the aliases."""
        return (self.label, *self.aliases)

    @cached_property
    def iri(self) -> rdflib.URIRef:
        return entity_iri(self.type, self.label)

    @cached_property
    def case_sensitive(self) -> frozenset[str]:
        """Names (and their plurals) that match only with their exact case."""
        names = frozenset(_strings(self.attr("case_sensitive")))
        return names | {p for n in names for p in plural_forms(n)}

    @property
    def citation_only(self) -> bool:
        """True for an entry that is data for an extractor, not a name (see the module docstring)."""
        return self.attr("citation_only") is True

    @property
    def plural(self) -> bool:
        value = self.attr("plural")
        return self.type in _PLURAL_BY_DEFAULT if value is None else bool(value)

    def surface_forms(self) -> tuple[tuple[str, bool], ...]:
        """Every matchable string with its case sensitivity: names, then generated plurals."""
        return self._surface_forms

    @cached_property
    def _surface_forms(self) -> tuple[tuple[str, bool], ...]:
        sensitive = self.case_sensitive
        forms: list[str] = list(self.names)
        if self.plural:
            forms += [p for n in self.names for p in plural_forms(n)]
        # as written in a sentence ("Self-supervised, unlike ..."), not in a title's
        # capitals: "Zero-Shot Text-to-Image Generation" is no claim of use
        adjectival = {form for n in self.names if (m := _ADJECTIVAL_NAME.match(n))
                      for form in (m.group(1), m.group(1).capitalize())} if self.type == "Technique" else set()
        seen: set[str] = set()
        out = []
        for form in [*forms, *sorted(adjectival)]:
            if form not in seen:
                seen.add(form)
                out.append((form, form in sensitive or form in adjectival))
        return tuple(out)

    @cached_property
    def keys(self) -> tuple[tuple[str, bool, str, str], ...]:
        """(form, case-sensitive, normalised key, casefolded normalised key) per surface form."""
        out = []
        for form, sensitive in self._surface_forms:
            exact = normalize(form, casefold=False)
            out.append((form, sensitive, exact, exact.casefold()))
        return tuple(out)


class SurfaceForm(NamedTuple):
    """A string an EntityRuler should match, and the entry it names."""

    text: str
    entry: VocabEntry
    case_sensitive: bool


def _add(index: dict[str, list[VocabEntry]], key: str | None, entry: VocabEntry) -> None:
    if not key:
        return
    bucket = index.setdefault(key, [])
    if entry not in bucket:
        bucket.append(entry)


@dataclass(frozen=True)
class Vocabulary:
    """All vocabulary entries, hand-made first, with name indexes; and the
    citation_only entries, which are not names and so are in no index."""

    entries: tuple[VocabEntry, ...]
    citation_only: tuple[VocabEntry, ...] = ()
    _folded: dict[str, list[VocabEntry]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _exact: dict[str, list[VocabEntry]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _folded_compact: dict[str, list[VocabEntry]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _exact_compact: dict[str, list[VocabEntry]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _labels: dict[str, list[VocabEntry]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        for entry in self.entries:
            keys = entry.keys
            _add(self._labels, keys[0][3], entry)
            for _form, sensitive, exact, folded in keys:
                if sensitive:
                    _add(self._exact, exact, entry)
                    _add(self._exact_compact, compact(exact), entry)
                else:
                    _add(self._folded, folded, entry)
                    _add(self._folded_compact, compact(folded), entry)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[VocabEntry]:
        return iter(self.entries)

    @staticmethod
    def _pick(found: list[VocabEntry], type: str | None) -> list[VocabEntry]:
        return [e for e in found if type is None or e.type == type]

    def lookup(self, text: str, type: str | None = None) -> tuple[VocabEntry, ...]:
        """All entries ``text`` names, best first (exact-case, then hand before PwC)."""
        for candidate in self._candidates(text):
            exact = normalize(candidate, casefold=False)
            folded = exact.casefold()
            found = self._pick(self._exact.get(exact, []), type)
            found += [e for e in self._pick(self._folded.get(folded, []), type) if e not in found]
            if not found:
                exact_c, folded_c = compact(exact), compact(folded)
                if exact_c:
                    found = self._pick(self._exact_compact.get(exact_c, []), type)
                if folded_c:
                    more = self._pick(self._folded_compact.get(folded_c, []), type)
                    found += [e for e in more if e not in found]
            if found:
                rank = {"hand": 0}
                return tuple(sorted(found, key=lambda e: rank.get(e.source, 1)))
        return ()

    @staticmethod
    def _candidates(text: str) -> Iterator[str]:
        yield text
        stripped = text.strip(_EDGE_PUNCT).replace("’", "'")
        if _POSSESSIVE.search(stripped):
            yield _POSSESSIVE.sub("", stripped) or stripped

    def by_alias(self, text: str, type: str | None = None) -> VocabEntry | None:
        """The entry ``text`` names (its label, an alias, or a generated plural), or None."""
        found = self.lookup(text, type)
        return found[0] if found else None

    def by_label(self, label: str, type: str | None = None) -> VocabEntry | None:
        """The entry whose canonical label is ``label`` (compared normalised), or None."""
        found = self._pick(self._labels.get(normalize(label), []), type)
        if not found:
            return None
        return min(found, key=lambda e: 0 if e.source == "hand" else 1)

    def of_type(self, type: str, source: str | None = None) -> tuple[VocabEntry, ...]:
        return tuple(
            e for e in self.entries if e.type == type and (source is None or e.source == source)
        )

    def broader_chain(self, label: str, type: str | None = None) -> tuple[str, ...]:
        """Labels of all broader entries, nearest first (breadth-first, no repeats).

        ``label`` may be any name of the entry. For a PwC technique the chain starts
        at the hand technique its collection maps to.
        """
        start = self.by_label(label, type) or self.by_alias(label, type)
        if start is None:
            return ()
        chain: list[str] = []
        seen = {start.label}
        queue = deque([start])
        while queue:
            entry = queue.popleft()
            for name in entry.broader:
                parent = self.by_label(name, entry.type) or self.by_label(name)
                parent_label = parent.label if parent is not None else name
                if parent_label in seen:
                    continue
                seen.add(parent_label)
                chain.append(parent_label)
                if parent is not None:
                    queue.append(parent)
        return tuple(chain)

    def surface_forms(
        self, types: Iterable[str] | None = None, sources: Iterable[str] | None = None
    ) -> Iterator[SurfaceForm]:
        """Every (string, entry, case-sensitive) to put in an EntityRuler.

        A string that normalises to one already given for another entry (a PwC
        name shadowed by a hand name) is skipped, so each string has one owner.
        """
        wanted_types = set(types) if types is not None else None
        wanted_sources = set(sources) if sources is not None else None
        for entry in self.entries:
            if wanted_types is not None and entry.type not in wanted_types:
                continue
            if wanted_sources is not None and entry.source not in wanted_sources:
                continue
            for form, sensitive in entry.surface_forms():
                owner = self.lookup(form)
                if owner and owner[0] is not entry and entry not in owner[:1]:
                    continue
                yield SurfaceForm(form, entry, sensitive)

    def collisions(self, source: str | None = "hand") -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Normalised names shared by two or more entries (of ``source``; None: all).

        Compared casefolded even for case-sensitive names, and also without spaces.
        """
        owners: dict[str, list[VocabEntry]] = {}
        for entry in self.entries:
            if source is not None and entry.source != source:
                continue
            for _form, _sensitive, _exact, key in entry.keys:
                _add(owners, key, entry)
                c = compact(key)
                if c and c != key:
                    _add(owners, "~" + c, entry)
        return tuple(
            (key, tuple(f"{e.type}:{e.label}" for e in found))
            for key, found in sorted(owners.items())
            if len(found) > 1
        )


def _entry(data: dict, type: str, source: str, where: str) -> VocabEntry:
    if not isinstance(data, dict) or not str(data.get("label") or "").strip():
        raise KGError(f"{where}: every vocabulary entry needs a label, got {data!r}")
    if type not in TYPES:
        raise KGError(f"{where}: unknown vocabulary type {type!r} (one of {', '.join(TYPES)})")
    for key in ("aliases", "broader"):
        if data.get(key) is not None and not isinstance(data[key], str | list):
            raise KGError(f"{where}: {key} must be a name or a list of names, got {data[key]!r}")
    label = str(data["label"]).strip()
    aliases: list[str] = []
    for alias in _strings(data.get("aliases")):
        alias = alias.strip()
        if alias and alias != label and alias not in aliases:
            aliases.append(alias)
    attrs = []
    for key, value in data.items():
        if key in _FIELDS:
            continue
        if key == "case_sensitive" and value is True:
            value = [label, *aliases]
        elif key == "case_sensitive" and value is False:
            continue
        attrs.append((str(key), _tuple(value)))
    return VocabEntry(
        type=type,
        label=label,
        aliases=tuple(aliases),
        broader=tuple(b.strip() for b in _strings(data.get("broader")) if b.strip()),
        attrs=tuple(attrs),
        source=source,
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise file_error(path, "vocabulary file", exc) from None


def _read_yaml(path: Path) -> list[VocabEntry]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(_read_text(path), Loader=loader)
    except yaml.YAMLError as exc:
        raise KGError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or "type" not in data:
        raise KGError(f"{path.name}: a vocabulary file is a mapping with 'type' and 'entries'")
    items = data.get("entries") or []
    if not isinstance(items, list):
        raise KGError(f"{path.name}: 'entries' must be a list, got {items!r}")
    source = str(data.get("source", "hand"))
    return [_entry(item, str(data["type"]), source, f"{path.name} entry {i}") for i, item in enumerate(items)]


def _read_jsonl(path: Path) -> list[VocabEntry]:
    default_source = "pwc" if path.name.startswith("pwc_") else "hand"
    entries = []
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KGError(f"{path.name}:{number}: not valid JSON ({exc})") from exc
        if not isinstance(row, dict):
            raise KGError(f"{path.name}:{number}: each line is a JSON object, got {row!r}")
        source = str(row.get("source", default_source))
        entries.append(_entry(row, str(row.get("type", "")), source, f"{path.name}:{number}"))
    return entries


def read_turtle(path: Path, graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Parse a Turtle file (into ``graph``); an unreadable or broken file is one KGError naming it."""
    graph = graph if graph is not None else rdflib.Graph()
    try:
        return graph.parse(path, format="turtle")
    except (OSError, UnicodeDecodeError) as exc:
        raise file_error(path, "Turtle file", exc) from None
    except SyntaxError as exc:
        # rdflib's BadSyntax keeps the reason apart from its dump of the source
        why = getattr(exc, "_why", None)
        where = f"line {exc.lines + 1}: " if isinstance(getattr(exc, "lines", None), int) else ""
        raise KGError(f"{path}: not valid Turtle ({where}{why or exc})") from None


def _merge(hand: list[VocabEntry], derived: list[VocabEntry]) -> list[VocabEntry]:
    """Drop derived names that a hand entry (or an earlier derived entry) already uses."""
    taken: set[str] = set()
    iris: set[object] = set()
    for entry in hand:
        iris.add(entry.iri)
        taken.update(key for *_, key in entry.keys)
    kept = []
    for entry in derived:
        keys = entry.keys
        if entry.iri in iris or keys[0][3] in taken:
            continue
        if any(key in taken for *_, key in keys):
            names = {form for form, *_, key in keys if key not in taken}
            aliases = tuple(a for a in entry.aliases if a in names)
            attrs = tuple((k, v) for k, v in entry.attrs if k != "plural") + (("plural", False),)
            entry = VocabEntry(entry.type, entry.label, aliases, entry.broader, attrs, entry.source)
            keys = entry.keys
        iris.add(entry.iri)
        taken.update(key for *_, key in keys)
        kept.append(entry)
    return kept


def _files(directory: Path) -> list[Path]:
    """The files a vocabulary is read from, in reading order."""
    return sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.jsonl"))


def vocabulary_digest(directory: Path | None = None, *, ontology: bool = False) -> str:
    """SHA-256 of the names and bytes of the vocabulary files (with ``ontology``,
    also kg.ttl: the rest of the vocabulary graph). A build keys its extraction
    cache and its up-to-date check on it, so editing a vocabulary redoes both."""
    directory = Path(directory if directory is not None else VOCAB_DIR)
    paths = _files(directory) + ([ONTOLOGY_DIR / "kg.ttl"] if ontology else [])
    digest = hashlib.sha256()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise file_error(path, "vocabulary file", exc) from exc
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _load(directory: Path) -> Vocabulary:
    if not directory.is_dir():
        raise KGError(f"vocabulary directory not found: {directory}")
    hand: list[VocabEntry] = []
    derived: list[VocabEntry] = []
    data_only: list[VocabEntry] = []
    for path in _files(directory):
        read = _read_yaml(path) if path.suffix == ".yaml" else _read_jsonl(path)
        for entry in read:
            if entry.citation_only:  # not a name: kept apart from the indexed entries
                data_only.append(entry)
            else:
                (hand if entry.source == "hand" else derived).append(entry)
    return Vocabulary(tuple(hand + _merge(hand, derived)), tuple(data_only))


def load_vocabulary(directory: Path | None = None) -> Vocabulary:
    """Load (once per directory) the vocabularies in ``directory``.

    The default is the repository's ontology/vocabularies.
    """
    return _load(Path(directory if directory is not None else VOCAB_DIR).resolve())


_SCHEMES = (
    ("Technique", TECHNIQUE_SCHEME, "AI research techniques"),
    ("Task", TASK_SCHEME, "AI research tasks"),
)


def ontology_graph(vocabulary: Vocabulary | None = None) -> rdflib.Graph:
    """kg.ttl plus the SKOS taxonomies of the hand-made techniques and tasks.

    Each concept is a skos:Concept and kg:Technique (or kg:Task) with rdfs:label,
    skos:prefLabel, skos:altLabel for its aliases, skos:broader, skos:inScheme;
    concepts without broader ones are top concepts of their scheme.
    A new graph is returned on every call.
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    read_turtle(ONTOLOGY_DIR / "kg.ttl", graph)
    for type_name, scheme, title in _SCHEMES:
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, RDFS.label, Literal(title)))
        graph.add((scheme, SKOS.prefLabel, Literal(title)))
        for entry in vocab.of_type(type_name, source="hand"):
            node = entry.iri
            graph.add((node, RDF.type, SKOS.Concept))
            graph.add((node, RDF.type, KG[type_name]))
            graph.add((node, RDFS.label, Literal(entry.label)))
            graph.add((node, SKOS.prefLabel, Literal(entry.label)))
            graph.add((node, SKOS.inScheme, scheme))
            for alias in entry.aliases:
                graph.add((node, SKOS.altLabel, Literal(alias)))
            for name in entry.broader:
                parent = vocab.by_label(name, type_name)
                target = parent.iri if parent is not None else entity_iri(type_name, name)
                graph.add((node, SKOS.broader, target))
            if not entry.broader:
                graph.add((node, SKOS.topConceptOf, scheme))
                graph.add((scheme, SKOS.hasTopConcept, node))
    return graph
