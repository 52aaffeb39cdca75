"""Score a built graph (the JSON export object) against hand-made gold files.

A gold file (YAML) describes what one document states::

    document: 000_7a45ea19deb02d84.txt   # base file name
    papers:
      - title: "High-resolution image synthesis with latent diffusion models"
        arxiv: "2112.10752"              # quoted string, or null
        year: 2022                       # or null
        authors: ["Rombach, R.", "Blattmann, A."]   # as written; may be empty
        code: ["https://github.com/CompVis/latent-diffusion"]
        organizations: ["NVIDIA"]        # optional: labs of this paper
        techniques: ["diffusion model"]  # optional: techniques the paper uses
        datasets: ["LAION-400M"]         # optional: datasets it is evaluated on
        builds_on: ["Stable Diffusion"]  # optional: systems it extends
        models: ["LDM"]                  # optional: models it introduces
        aliases: ["..."]                 # optional other titles
    organizations: ["Google Research", {name: Meta AI, aliases: [Meta]}]
    techniques: [...]      # same forms
    models: [...]          # optional
    people: [...]          # optional people not attached to papers
    relations:             # optional: relation gold (see below), extra triples
      - ["YOLOv8", "fromOrganization", "Ultralytics"]
    optional:              # optional: things neither rewarded nor penalised
      papers: [...]        # titles
      organizations: [...]
      techniques: [...]
      models: [...]
      people: [...]
      relations: [...]     # arguable triples

Only predicted entities whose ``sources`` include the gold document are
scored against it, and only relations with evidence in that document (or,
without evidence, between entities of that document).

Matching rules:

* names are normalised by casefolding, ASCII-folding and dropping punctuation
  and whitespace (``DALL·E 2`` == ``dalle-2``); a trailing plural ``s`` is
  ignored (``GANs`` == ``GAN``); a label or any alias may match the gold name
  or any of its aliases.
* a predicted Paper matches a gold paper by the same arXiv id, else by equal
  normalised titles, else when one normalised title contains the other and
  both have at least four words. Matching is one-to-one: a second predicted
  entity for the same paper is a false positive.
* people match by surname and first initial (``Rombach, R.`` == ``Robin
  Rombach``); a name without given names matches on the surname alone.
* organisations, techniques, models and people match many-to-one: two
  predicted entities for one gold item are both correct. A predicted
  Technique that is a gold Model (or the reverse) is not counted against
  precision (recall stays strict).
* repositories match on label or url, case-insensitively, without scheme,
  ``www.``, trailing slash or ``.git``; GitHub urls are reduced to
  ``owner/repo`` (``.../tree/main/x`` is the same repository).

Relations are scored per predicate only for gold files that have a top-level
``relations`` key (that key says the annotator wrote relation gold). The gold
triples are those of the key plus the ones the paper fields imply (authors ->
authoredBy, code -> hasCode, organizations -> fromOrganization, techniques ->
usesTechnique, datasets -> evaluatedOn, builds_on -> buildsOn, models ->
introduces). A paper is the same subject or object as the models it
introduces, so "DETR fromOrganization Meta AI" is found on the paper or on the
model. A predicted relation touching an optional item, or matching an
optional triple, is neither rewarded nor penalised; one whose subject is no
gold item is a false positive. ``confident`` is the precision of the scored
relations at confidence >= CONFIDENT, the threshold a user would filter at.

Scores are per document and micro-averaged overall (counts are summed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml

from kg.errors import InputError
from kg.text import LATIN_LETTERS, ascii_fold

ARXIV_RE = re.compile(r"^\d{4}\.\d{4,5}$")
MIN_CONTAINED_WORDS = 4
NAME_CATEGORIES = ("organizations", "techniques", "models", "people")
ENTITY_TYPE = {
    "organizations": "Organization",
    "techniques": "Technique",
    "models": "Model",
    "people": "Person",
}
_TOP_KEYS = {"document", "papers", "optional", "relations", *NAME_CATEGORIES}
_PAPER_KEYS = {
    "title", "arxiv", "year", "authors", "code", "organizations", "techniques", "aliases",
    "datasets", "builds_on", "models",
}
_OPTIONAL_KEYS = {"papers", "relations", *NAME_CATEGORIES}
# the predicates relation gold covers, and the paper field that implies each
SCORED_PREDICATES = {
    "authoredBy": "authors",
    "hasCode": "code",
    "fromOrganization": "organizations",
    "usesTechnique": "techniques",
    "evaluatedOn": "datasets",
    "buildsOn": "builds_on",
    "introduces": "models",
}
CONFIDENT = 0.8


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class Item:
    """A gold name (organisation, technique, model or person) with its aliases."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GoldPaper:
    title: str
    arxiv: str | None = None
    year: int | None = None
    authors: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    builds_on: tuple[str, ...] = ()
    models: tuple[str, ...] = ()

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the paper goes by, the models it introduces included."""
        return (*self.titles, *self.models)


@dataclass(frozen=True)
class OptionalItems:
    """Things a careful annotator could take either way: never TP, never FP."""

    papers: tuple[str, ...] = ()
    organizations: tuple[Item, ...] = ()
    techniques: tuple[Item, ...] = ()
    models: tuple[Item, ...] = ()
    people: tuple[Item, ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()


Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Gold:
    """What one document states, annotated by hand."""

    document: str
    papers: tuple[GoldPaper, ...] = ()
    organizations: tuple[Item, ...] = ()
    techniques: tuple[Item, ...] = ()
    models: tuple[Item, ...] = ()
    people: tuple[Item, ...] = ()
    optional: OptionalItems = field(default_factory=OptionalItems)
    path: str = ""
    relations: tuple[Triple, ...] | None = None  # None: the file has no relation gold


def _fail(path: Path | str, message: str) -> InputError:
    return InputError(f"gold file {path}: {message}")


def _entries(value: object, where: str, path: Path | str, what: str) -> list:
    """A list field's entries ([] when absent); anything but a list is an error."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(path, f"{where} must be a list{what}")
    return value


def _str_list(value: object, where: str, path: Path | str) -> tuple[str, ...]:
    out = []
    for entry in _entries(value, where, path, " of strings"):
        if not isinstance(entry, str) or not entry.strip():
            raise _fail(path, f"{where} has a non-string or empty entry: {entry!r}")
        out.append(entry.strip())
    return tuple(out)


def _items(value: object, where: str, path: Path | str) -> tuple[Item, ...]:
    out = []
    for entry in _entries(value, where, path, ""):
        if isinstance(entry, str) and entry.strip():
            out.append(Item(entry.strip()))
        elif isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            unknown = set(entry) - {"name", "aliases"}
            if unknown:
                raise _fail(path, f"{where}: unknown keys {sorted(unknown)}")
            aliases = _str_list(entry.get("aliases"), f"{where} aliases", path)
            out.append(Item(entry["name"].strip(), aliases))
        else:
            raise _fail(path, f"{where}: each entry is a name or {{name:, aliases:}}: {entry!r}")
    return tuple(out)


def _triples(value: object, where: str, path: Path | str) -> tuple[Triple, ...]:
    out = []
    for i, entry in enumerate(_entries(value, where, path, " of [subject, predicate, object]")):
        if (not isinstance(entry, list) or len(entry) != 3
                or not all(isinstance(x, str) and x.strip() for x in entry)):
            raise _fail(path, f"{where}[{i}] must be [subject, predicate, object] strings")
        if entry[1] not in SCORED_PREDICATES:
            raise _fail(path, f"{where}[{i}]: unknown predicate {entry[1]!r} "
                              f"(one of {', '.join(SCORED_PREDICATES)})")
        out.append((entry[0].strip(), entry[1], entry[2].strip()))
    return tuple(out)


def _arxiv(value: object, where: str, path: Path | str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(path, f"{where}: arxiv must be a quoted string (got {value!r})")
    value = value.strip()
    if not ARXIV_RE.match(value):
        raise _fail(path, f"{where}: arxiv id {value!r} is not like 2112.10752")
    return value


def _year(value: object, where: str, path: Path | str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise _fail(path, f"{where}: year must be an integer between 1900 and 2100")
    return value


def load_gold(path: str | Path) -> Gold:
    """Read and check one gold YAML file."""
    try:
        return _load_gold(Path(path))
    except (TypeError, AttributeError, ValueError) as exc:
        # the checks cover most shapes; a value of an unexpected type can still end here
        raise _fail(path, f"unexpected content ({exc})") from None


def _load_gold(path: Path) -> Gold:
    data = _read_yaml_mapping(path)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise _fail(path, f"unknown keys {sorted(unknown)}")
    document = data.get("document")
    if not isinstance(document, str) or not document.strip():
        raise _fail(path, "'document' (the base file name) is required")
    papers = [_gold_paper(entry, f"papers[{i}]", path)
              for i, entry in enumerate(_entries(data.get("papers"), "papers", path, " of mappings"))]
    relations = data.get("relations")
    return Gold(
        document=PurePosixPath(document.strip()).name,
        papers=tuple(papers),
        optional=_optional_items(data.get("optional") or {}, path),
        path=str(path),
        relations=_triples(relations, "relations", path) if "relations" in data else None,
        **{c: _items(data.get(c), c, path) for c in NAME_CATEGORIES},
    )


def _read_yaml_mapping(path: Path) -> Mapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(path, f"cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise _fail(path, f"not valid YAML ({exc})") from exc
    if not isinstance(data, Mapping):
        raise _fail(path, "top level must be a mapping")
    return data


def _gold_paper(entry, where: str, path: Path) -> GoldPaper:
    if not isinstance(entry, Mapping):
        raise _fail(path, f"{where} must be a mapping")
    unknown = set(entry) - _PAPER_KEYS
    if unknown:
        raise _fail(path, f"{where}: unknown keys {sorted(unknown)}")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _fail(path, f"{where}: a title is required")
    return GoldPaper(
        title=title.strip(),
        arxiv=_arxiv(entry.get("arxiv"), where, path),
        year=_year(entry.get("year"), where, path),
        authors=_str_list(entry.get("authors"), f"{where} authors", path),
        code=_str_list(entry.get("code"), f"{where} code", path),
        organizations=_str_list(entry.get("organizations"), f"{where} orgs", path),
        techniques=_str_list(entry.get("techniques"), f"{where} techniques", path),
        aliases=_str_list(entry.get("aliases"), f"{where} aliases", path),
        datasets=_str_list(entry.get("datasets"), f"{where} datasets", path),
        builds_on=_str_list(entry.get("builds_on"), f"{where} builds_on", path),
        models=_str_list(entry.get("models"), f"{where} models", path),
    )


def _optional_items(optional_data, path: Path) -> OptionalItems:
    if not isinstance(optional_data, Mapping):
        raise _fail(path, "'optional' must be a mapping")
    unknown = set(optional_data) - _OPTIONAL_KEYS
    if unknown:
        raise _fail(path, f"optional: unknown keys {sorted(unknown)}")
    return OptionalItems(
        papers=_str_list(optional_data.get("papers"), "optional papers", path),
        relations=_triples(optional_data.get("relations"), "optional relations", path),
        **{c: _items(optional_data.get(c), f"optional {c}", path) for c in NAME_CATEGORIES},
    )


# --------------------------------------------------------------------------- normalisation

def fold(text: str) -> str:
    """Casefold and ASCII-fold (drop accents) a string; other scripts are kept."""
    return ascii_fold(text, LATIN_LETTERS, other=None).casefold()


def words(text: str) -> list[str]:
    """Normalised words: folded, punctuation treated as a separator.

    "+" is kept as a word: NeRF++ is not NeRF, C++ is not C.
    """
    text = fold(text).replace("+", " plus ")
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def key(text: str) -> str:
    """Normalised key: folded, without punctuation or whitespace."""
    return "".join(words(text))


def keys_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and long_ == short + "s"


def names_match(names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    keys_b = [key(n) for n in names_b]
    return any(keys_match(key(a), kb) for a in names_a for kb in keys_b)


def titles_match(titles_a: Iterable[str], titles_b: Iterable[str]) -> bool:
    """Equal normalised titles, or containment when both have >= 4 words."""
    norm_b = [(key(t), len(words(t))) for t in titles_b]
    for title in titles_a:
        ka, na = key(title), len(words(title))
        for kb, nb in norm_b:
            if not ka or not kb:
                continue
            if ka == kb:
                return True
            if min(na, nb) >= MIN_CONTAINED_WORDS and (ka in kb or kb in ka):
                return True
    return False


def norm_arxiv(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    text = text.removeprefix("arxiv:").strip()
    text = re.sub(r"v\d+$", "", text)
    return text or None


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


def repo_key(text: str | None) -> str:
    """Normalised repository key: host/path, GitHub reduced to owner/repo."""
    if not text:
        return ""
    value = text.strip().lower()
    value = re.sub(r"^[a-z+]+://", "", value)
    value = value.removeprefix("www.").split("#")[0].split("?")[0].rstrip("/")
    value = value.removesuffix(".git").rstrip("/")
    if re.fullmatch(r"[\w.-]+/[\w.-]+", value) and "." not in value.split("/")[0]:
        value = "github.com/" + value
    if value.startswith("github.com/"):
        parts = value.split("/")
        value = "/".join(parts[:3]).removesuffix(".git")
    return value


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Score:
    """Counts for precision (predicted side) and recall (gold side)."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Ratio:
    """hits out of total (recall or accuracy over gold items)."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.total + other.total)


SCORE_FIELDS = ("papers", "organizations", "techniques", "models", "people", "authors")
RATIO_FIELDS = ("arxiv", "year", "code", "labs")


@dataclass(frozen=True)
class DocumentReport:
    """Scores for one document (or the micro-averaged total, document="overall").

    relations holds (predicate, Score) pairs, then ("all", Score).

    missing: gold things not found, per category; spurious: predicted things
    that are wrong, per category (both empty in the overall report).
    """

    document: str
    papers: Score = Score()
    organizations: Score = Score()
    techniques: Score = Score()
    models: Score = Score()
    people: Score = Score()
    authors: Score = Score()
    arxiv: Ratio = Ratio()
    year: Ratio = Ratio()
    code: Ratio = Ratio()
    labs: Ratio = Ratio()
    relations: tuple[tuple[str, Score], ...] = ()  # per predicate; empty: no relation gold
    confident: Ratio = Ratio()  # scored relations at confidence >= CONFIDENT that are right
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()
    spurious: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Report:
    documents: tuple[DocumentReport, ...]
    overall: DocumentReport


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _Entity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    arxiv: str | None
    year: int | None
    url: str | None
    sources: frozenset[str]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


def _base(name: object) -> str:
    text = str(name)
    return PureWindowsPath(text).name if "\\" in text else PurePosixPath(text).name


def _entities(export: Mapping) -> dict[str, _Entity]:
    out = {}
    for raw in export.get("entities") or []:
        year = raw.get("year")
        try:
            year = int(year) if year is not None else None
        except (TypeError, ValueError):
            year = None
        entity = _Entity(
            id=str(raw.get("id")),
            type=str(raw.get("type")),
            label=str(raw.get("label") or ""),
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            arxiv=norm_arxiv(raw.get("arxiv")),
            year=year,
            url=raw.get("url"),
            sources=frozenset(_base(s) for s in raw.get("sources") or ()),
        )
        out[entity.id] = entity
    return out


def _relations_in(export: Mapping, doc: str, entities: dict[str, _Entity],
                  predicate: str) -> list[tuple[_Entity, _Entity, float]]:
    """(subject, object, confidence) of the `predicate` relations the document asserts."""
    out = []
    for rel in export.get("relations") or []:
        if rel.get("predicate") != predicate:
            continue
        subject = entities.get(str(rel.get("subject")))
        obj = entities.get(str(rel.get("object")))
        evidence = rel.get("evidence") or []
        if subject is None or obj is None:
            continue
        if evidence and not any(_base(ev.get("source", "")) == doc for ev in evidence):
            continue
        if not evidence and not (doc in subject.sources and doc in obj.sources):
            continue
        out.append((subject, obj, float(rel.get("confidence") or 0.0)))
    return out


def _match_papers(golds: tuple[GoldPaper, ...], preds: list[_Entity]) -> dict[int, _Entity]:
    """One-to-one: arXiv id first, then equal titles, then contained titles."""
    matched: dict[int, _Entity] = {}
    used: set[str] = set()

    def take(test) -> None:
        for i, gold in enumerate(golds):
            if i in matched:
                continue
            for pred in preds:
                if pred.id not in used and test(gold, pred):
                    matched[i] = pred
                    used.add(pred.id)
                    break

    take(lambda g, p: g.arxiv is not None and p.arxiv == g.arxiv)
    take(lambda g, p: any(key(a) == key(b) and key(a) for a in g.titles for b in p.names))
    take(lambda g, p: titles_match(g.titles, p.names))
    return matched


def _score_names(
    gold_items: tuple[Item, ...],
    optional_items: tuple[Item, ...],
    lenient_items: tuple[Item, ...],
    preds: list[_Entity],
    matcher,
) -> tuple[Score, list[str], list[str]]:
    tp_pred = n_pred = 0
    spurious = []
    for pred in preds:
        if any(matcher(pred.names, item.names) for item in gold_items):
            tp_pred += 1
            n_pred += 1
        elif any(matcher(pred.names, item.names) for item in (*optional_items, *lenient_items)):
            continue
        else:
            n_pred += 1
            spurious.append(pred.label)
    missing = [item.name for item in gold_items
               if not any(matcher(pred.names, item.names) for pred in preds)]
    score = Score(tp_pred, n_pred, len(gold_items) - len(missing), len(gold_items))
    return score, missing, spurious


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


def _evaluate_document(export: Mapping, entities: dict[str, _Entity], gold: Gold) -> DocumentReport:
    doc = gold.document
    in_doc = sorted((e for e in entities.values() if doc in e.sources), key=lambda e: e.id)
    by_type: dict[str, list[_Entity]] = {}
    for entity in in_doc:
        by_type.setdefault(entity.type, []).append(entity)
    # the lists are filled in report order: the JSON report keeps it
    missing: dict[str, list[str]] = {}
    spurious: dict[str, list[str]] = {}

    matched, papers = _score_papers(gold, by_type.get("Paper", []), missing, spurious)
    arxiv, year = _score_paper_facts(gold, matched, missing)
    scores = {category: _score_category(category, gold, by_type, missing, spurious)
              for category in NAME_CATEGORIES}
    authored = _objects_by_subject(export, doc, entities, "authoredBy")
    authors = _score_authors(gold, matched, authored, missing, spurious)
    code = _score_code(gold, matched, export, entities, missing)
    labs = _score_labs(gold, matched, _objects_by_subject(export, doc, entities, "fromOrganization"),
                       missing)

    relations: tuple[tuple[str, Score], ...] = ()
    confident = Ratio()
    if gold.relations is not None:
        relations, confident, rel_missing, rel_spurious = _score_relations(
            export, entities, gold, matched)
        missing["relations"], spurious["relations"] = rel_missing, rel_spurious

    def pack(d: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((k, tuple(v)) for k, v in d.items() if v)

    return DocumentReport(
        document=doc,
        papers=papers,
        authors=authors,
        arxiv=arxiv,
        year=year,
        code=code,
        labs=labs,
        relations=relations,
        confident=confident,
        missing=pack(missing),
        spurious=pack(spurious),
        **scores,
    )


def _objects_by_subject(export: Mapping, doc: str, entities: dict[str, _Entity],
                        predicate: str) -> dict[str, list[_Entity]]:
    found: dict[str, list[_Entity]] = {}
    for subject, obj, _ in _relations_in(export, doc, entities, predicate):
        found.setdefault(subject.id, []).append(obj)
    return found


def _score_papers(gold: Gold, pred_papers: list[_Entity], missing: dict[str, list[str]],
                  spurious: dict[str, list[str]]) -> tuple[dict[int, _Entity], Score]:
    matched = _match_papers(gold.papers, pred_papers)
    matched_ids = {p.id for p in matched.values()}
    paper_fp = [p for p in pred_papers if p.id not in matched_ids
                and not titles_match(gold.optional.papers, p.names)]
    missing["papers"] = [g.title for i, g in enumerate(gold.papers) if i not in matched]
    spurious["papers"] = [p.label for p in paper_fp]
    return matched, Score(len(matched), len(matched) + len(paper_fp), len(matched), len(gold.papers))


def _score_paper_facts(gold: Gold, matched: dict[int, _Entity],
                       missing: dict[str, list[str]]) -> tuple[Ratio, Ratio]:
    """The arXiv id and the year of each gold paper, on the paper matched to it."""
    arxiv_hits = year_hits = 0
    for i, g in enumerate(gold.papers):
        pred = matched.get(i)
        if g.arxiv is not None:
            if pred is not None and pred.arxiv == g.arxiv:
                arxiv_hits += 1
            else:
                got = pred.arxiv if pred is not None else "no paper"
                missing.setdefault("arxiv", []).append(f"{g.title}: {g.arxiv} (got {got})")
        if g.year is not None:
            if pred is not None and pred.year == g.year:
                year_hits += 1
            else:
                got = pred.year if pred is not None else "no paper"
                missing.setdefault("year", []).append(f"{g.title}: {g.year} (got {got})")
    return (Ratio(arxiv_hits, sum(g.arxiv is not None for g in gold.papers)),
            Ratio(year_hits, sum(g.year is not None for g in gold.papers)))


def _score_category(category: str, gold: Gold, by_type: dict[str, list[_Entity]],
                    missing: dict[str, list[str]], spurious: dict[str, list[str]]) -> Score:
    """Entities of one kind found in the document against the gold names of that kind."""
    preds = by_type.get(ENTITY_TYPE[category], [])
    if category == "people":
        gold_items = _dedupe_people(
            [Item(a) for g in gold.papers for a in g.authors] + list(gold.people))
    else:
        gold_items = getattr(gold, category)
    # a technique named as a model (or the other way round) is neither right nor wrong
    lenient: tuple[Item, ...] = ()
    if category == "techniques":
        lenient = gold.models + gold.optional.models
    elif category == "models":
        lenient = gold.techniques + gold.optional.techniques
    matcher = people_match if category == "people" else names_match
    score, missing[category], spurious[category] = _score_names(
        gold_items, getattr(gold.optional, category), lenient, preds, matcher)
    return score


def _score_authors(gold: Gold, matched: dict[int, _Entity], authored: dict[str, list[_Entity]],
                   missing: dict[str, list[str]], spurious: dict[str, list[str]]) -> Score:
    """(paper, person) pairs on matched papers, one-to-one per paper."""
    tp = n_pred = n_gold = 0
    for i, g in enumerate(gold.papers):
        names = each_author_once(g.authors)
        n_gold += len(names)
        pred = matched.get(i)
        persons = authored.get(pred.id, []) if pred is not None else []
        n_pred += len(persons)
        free, unmatched = _pair_authors(names, persons)
        tp += len(names) - len(free)
        missing.setdefault("authors", []).extend(f"{g.title}: {names[j]}" for j in free)
        spurious.setdefault("authors", []).extend(f"{g.title}: {p.label}" for p in unmatched)
    return Score(tp, n_pred, tp, n_gold)


def _pair_authors(names: tuple[str, ...],
                  persons: list[_Entity]) -> tuple[list[int], list[_Entity]]:
    """Pair found persons with gold author names: exact (surname + initial) pairs
    first, then surname-only pairs. Returns the unpaired gold indices and persons."""
    free = list(range(len(names)))
    unmatched: list[_Entity] = []
    for strict in (True, False):
        remaining = []
        for person in (persons if strict else unmatched):
            hit = None
            for j in free:
                if strict and (name_key(person.label)[1] is None
                               or name_key(names[j])[1] is None):
                    continue
                if people_match(person.names, [names[j]]):
                    hit = j
                    break
            if hit is None:
                remaining.append(person)
            else:
                free.remove(hit)
        unmatched = remaining
    return free, unmatched


def _score_code(gold: Gold, matched: dict[int, _Entity], export: Mapping,
                entities: dict[str, _Entity], missing: dict[str, list[str]]) -> Ratio:
    code_of: dict[str, set[str]] = {}
    for subject, repo, _ in _relations_in(export, gold.document, entities, "hasCode"):
        if repo.type == "Repository":
            code_of.setdefault(subject.id, set()).update(
                k for k in (repo_key(repo.url), *(repo_key(n) for n in repo.names)) if k
            )
    hits = total = 0
    for i, g in enumerate(gold.papers):
        pred = matched.get(i)
        for url in g.code:
            total += 1
            if pred is not None and repo_key(url) in code_of.get(pred.id, set()):
                hits += 1
            else:
                missing.setdefault("code", []).append(f"{g.title}: {url}")
    return Ratio(hits, total)


def _score_labs(gold: Gold, matched: dict[int, _Entity], labs_of: dict[str, list[_Entity]],
                missing: dict[str, list[str]]) -> Ratio:
    """fromOrganization on matched papers, a gold lab known by any of its names."""
    org_items = {key(n): item for item in gold.organizations for n in item.names}
    hits = total = 0
    for i, g in enumerate(gold.papers):
        pred = matched.get(i)
        for org in g.organizations:
            total += 1
            item = org_items.get(key(org), Item(org))
            orgs = labs_of.get(pred.id, []) if pred is not None else []
            if any(names_match(o.names, item.names) for o in orgs):
                hits += 1
            else:
                missing.setdefault("labs", []).append(f"{g.title}: {org}")
    return Ratio(hits, total)


# --------------------------------------------------------------------------- relations


@dataclass(frozen=True)
class _Node:
    """A gold subject or object: a paper (index) or a named thing with its aliases."""

    names: tuple[str, ...]
    paper: int | None = None


def _gold_node(name: str, gold: Gold) -> _Node:
    # a technique or lab named like a paper ("Multitask Learning") is the technique
    for item in (*gold.techniques, *gold.organizations):
        if key(name) in {key(n) for n in item.names}:
            return _Node(item.names)
    for i, paper in enumerate(gold.papers):
        if names_match([name], paper.names) or titles_match([name], paper.titles):
            return _Node(paper.names, i)
    names = {name}
    for category in NAME_CATEGORIES:
        for item in (*getattr(gold, category), *getattr(gold.optional, category)):
            if names_match([name], item.names):
                names.update(item.names)
    return _Node(tuple(sorted(names)))


def _is_node(entity: _Entity, node: _Node, gold: Gold, matched: dict[int, _Entity],
             predicate: str = "") -> bool:
    if predicate == "authoredBy":
        return people_match(entity.names, node.names)
    if predicate == "hasCode":
        keys = {k for k in (repo_key(entity.url), *(repo_key(n) for n in entity.names)) if k}
        return any(repo_key(n) in keys for n in node.names)
    if node.paper is not None:
        paper = gold.papers[node.paper]
        own = matched.get(node.paper)
        if own is not None and own.id == entity.id:
            return True
        if entity.type == "Paper" and titles_match(paper.titles, entity.names):
            return True
        return names_match(entity.names, (*paper.aliases, *paper.models))
    return names_match(entity.names, node.names)


def _gold_triples(gold: Gold) -> dict[str, list[tuple[_Node, _Node, str]]]:
    """Per predicate, (subject, object, text) of every gold triple, deduplicated."""
    out: dict[str, list[tuple[_Node, _Node, str]]] = {p: [] for p in SCORED_PREDICATES}
    seen = set()

    def add(subject: _Node, predicate: str, obj: _Node, text: str) -> None:
        mark = (subject.paper, key(subject.names[0]), predicate, key(obj.names[0]))
        if mark not in seen:
            seen.add(mark)
            out[predicate].append((subject, obj, text))

    for i, paper in enumerate(gold.papers):
        subject = _Node(paper.names, i)
        for predicate, attr in SCORED_PREDICATES.items():
            for name in getattr(paper, attr):
                obj = _Node((name,)) if attr in ("authors", "code") else _gold_node(name, gold)
                add(subject, predicate, obj, f"{paper.title} {predicate} {name}")
    for s, predicate, o in gold.relations or ():
        obj = _Node((o,)) if predicate in ("authoredBy", "hasCode") else _gold_node(o, gold)
        add(_gold_node(s, gold), predicate, obj, f"{s} {predicate} {o}")
    return out


def _is_optional(entity: _Entity, gold: Gold) -> bool:
    opt = gold.optional
    return titles_match(opt.papers, entity.names) or any(
        names_match(entity.names, item.names)
        for category in NAME_CATEGORIES for item in getattr(opt, category))


def _score_relations(export: Mapping, entities: dict[str, _Entity], gold: Gold,
                     matched: dict[int, _Entity]):
    """Per-predicate Scores, the confident-relation precision, missing and spurious lines."""
    doc = gold.document
    triples = _gold_triples(gold)
    optional = [(_gold_node(s, gold), p, _gold_node(o, gold))
                for s, p, o in gold.optional.relations]
    scores, missing, spurious = [], [], []
    conf_hits = conf_total = 0
    for predicate, golds in triples.items():
        preds = _relations_in(export, doc, entities, predicate)

        def hit(subject, obj, s_node, o_node, predicate=predicate):
            return (_is_node(subject, s_node, gold, matched)
                    and _is_node(obj, o_node, gold, matched, predicate))

        found = set()
        tp = n = 0
        for subject, obj, confidence in preds:
            good = [j for j, (s_node, o_node, _) in enumerate(golds)
                    if hit(subject, obj, s_node, o_node)]
            if not good and (_is_optional(subject, gold) or _is_optional(obj, gold) or any(
                    p == predicate and hit(subject, obj, s_node, o_node)
                    for s_node, p, o_node in optional)):
                continue
            found.update(good)
            n += 1
            tp += bool(good)
            if confidence >= CONFIDENT:
                conf_total += 1
                conf_hits += bool(good)
            if not good:
                spurious.append(f"{subject.label} {predicate} {obj.label} ({confidence:.2f})")
        missing.extend(text for j, (_, _, text) in enumerate(golds) if j not in found)
        scores.append((predicate, Score(tp, n, len(found), len(golds))))
    scores.append(("all", sum((score for _, score in scores), Score())))
    return tuple(scores), Ratio(conf_hits, conf_total), missing, spurious


def _sum_relations(documents: Iterable[DocumentReport]) -> tuple[tuple[str, Score], ...]:
    totals: dict[str, Score] = {}
    for d in documents:
        for predicate, score in d.relations:
            totals[predicate] = totals.get(predicate, Score()) + score
    return tuple(totals.items())


def evaluate(export: Mapping, golds: Iterable[Gold]) -> Report:
    """Score the export against each gold document and micro-average the counts."""
    entities = _entities(export)
    documents = tuple(_evaluate_document(export, entities, gold) for gold in golds)
    totals = {}
    for name in SCORE_FIELDS:
        totals[name] = sum((getattr(d, name) for d in documents), Score())
    for name in RATIO_FIELDS:
        totals[name] = sum((getattr(d, name) for d in documents), Ratio())
    totals["relations"] = _sum_relations(documents)
    totals["confident"] = sum((d.confident for d in documents), Ratio())
    return Report(documents=documents, overall=DocumentReport(document="overall", **totals))


# --------------------------------------------------------------------------- formatting

_ROW_LABELS = {
    "papers": "papers P/R/F1",
    "organizations": "orgs P/R/F1",
    "techniques": "techniques P/R/F1",
    "models": "models P/R/F1",
    "people": "people P/R/F1",
    "authors": "authors P/R/F1",
    "arxiv": "arXiv id recall",
    "year": "year accuracy",
    "code": "code-link recall",
    "labs": "paper-lab recall",
}


def _cell(value: Score | Ratio) -> str:
    if isinstance(value, Score):
        return f"{value.precision:.2f}/{value.recall:.2f}/{value.f1:.2f}"
    if not value.total:
        return "- (0/0)"
    return f"{value.value:.2f} ({value.hits}/{value.total})"


def format_report(report: Report, details: bool = False) -> str:
    """A table: one row per metric, one column per document and one for the total."""
    columns = [*report.documents, report.overall]
    headers = [PurePosixPath(d.document).stem[:16] for d in columns]
    rows = [[_ROW_LABELS[name], *(_cell(getattr(d, name)) for d in columns)]
            for name in (*SCORE_FIELDS, *RATIO_FIELDS)]
    if report.overall.relations:
        for predicate, _ in report.overall.relations:
            rows.append([f"rel {predicate} P/R/F1",
                         *(_cell(dict(d.relations)[predicate]) if d.relations else "-"
                           for d in columns)])
        rows.append([f"rel conf>={CONFIDENT} precision",
                     *(_cell(d.confident) if d.relations else "-" for d in columns)])
    counts = ["gold/pred papers", *(f"{d.papers.n_gold}/{d.papers.n_pred}" for d in columns)]
    table = [["metric", *headers], counts, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for n, row in enumerate(table):
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if details:
        for d in report.documents:
            for title, groups in (("missing", d.missing), ("spurious", d.spurious)):
                for category, names in groups:
                    lines.append("")
                    lines.append(f"{d.document} {title} {category} ({len(names)}):")
                    lines.extend(f"  - {name}" for name in names)
    return "\n".join(lines)


def report_json(value):
    """An evaluation report (or any part of one) as JSON data, with the derived
    scores: precision, recall and f1 of a Score, value of a Ratio."""
    if hasattr(value, "__dataclass_fields__"):
        data = {f.name: report_json(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, Score):
            data.update(precision=round(value.precision, 4), recall=round(value.recall, 4), f1=round(value.f1, 4))
        elif isinstance(value, Ratio):
            data["value"] = round(value.value, 4)
        return data
    if isinstance(value, (list, tuple)):
        return [report_json(v) for v in value]
    return value
