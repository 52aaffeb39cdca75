"""The gold file format: what one document states, as dataclasses, and the
loader that reads a gold YAML file and checks every field of it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from kg.errors import InputError

ARXIV_RE = re.compile(r"^\d{4}\.\d{4,5}$")
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
