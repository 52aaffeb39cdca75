"""Run SPARQL against the graph store and format the answers.

Parameters are never formatted into the query text as raw strings: each value
becomes an RDF term (validated and escaped by pyoxigraph's N-Triples writer)
inside a ``VALUES`` block placed at the start of the query's outermost WHERE
group. That keeps values that look like SPARQL (``"} ; DROP ALL``) plain
literals, behaves the same on the embedded store and on a remote server, and
lets a FILTER in the WHERE group see the value (a trailing ``VALUES`` clause
would be joined after FILTERs and GROUP BY and silently match everything).

Canned queries live in ``kg/queries/NAME.rq``: the first line is
``# description``, an optional ``# params: a, b`` line names the parameters.
A declared parameter that is not given stays unbound (the query matches all):
it is bound to ``UNDEF`` in the block, so the variable is in scope either way
(Virtuoso cannot compile a FILTER on a variable no pattern mentions).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, file_error
from kg.sparql import QueryResult, bind_values, query_shape  # noqa: F401  (kg.query's API)

if TYPE_CHECKING:
    from kg.store import GraphStore

QUERIES_DIR = Path(__file__).parent / "queries"
FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class CannedQuery:
    name: str
    description: str
    params: tuple[str, ...]
    text: str


_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


def _read_canned(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    description = ""
    if lines and lines[0].startswith("#"):
        description = lines[0].lstrip("#").strip()
    params: tuple[str, ...] = ()
    for line in lines:
        m = re.match(r"^\s*#\s*params\s*:(.*)$", line, re.IGNORECASE)
        if m:
            params = tuple(p.strip().lstrip("?$") for p in m.group(1).split(",") if p.strip())
            break
    return CannedQuery(path.stem, description, params, text)


def list_queries(queries_dir: Path | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, description, params) of every canned query, sorted by name."""
    qdir = Path(queries_dir) if queries_dir is not None else QUERIES_DIR
    if not qdir.is_dir():
        return []
    out = []
    for path in sorted(qdir.glob("*.rq")):
        q = _read_canned(path)
        out.append((q.name, q.description, q.params))
    return out


def resolve_query(text: str, queries_dir: Path | None = None) -> tuple[str, CannedQuery | None]:
    """The SPARQL text for `text`: a canned query name, a .rq file, or SPARQL itself."""
    qdir = Path(queries_dir) if queries_dir is not None else QUERIES_DIR
    stripped = text.strip()
    if _NAME_RE.match(stripped) and not stripped.lower().endswith(".rq"):
        path = qdir / f"{stripped}.rq"
        if path.is_file():
            q = _read_canned(path)
            return q.text, q
        names = ", ".join(n for n, _, _ in list_queries(qdir)) or "none"
        raise QueryError(f"no canned query named {stripped!r} (available: {names})")
    if stripped.lower().endswith(".rq") and "\n" not in stripped:
        path = Path(stripped)
        if not path.is_file():
            raise QueryError(f"query file not found: {stripped}")
        try:
            return path.read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(str(file_error(path, "query file", exc))) from None
    return text, None


# ---------------------------------------------------------------- parameters

_INT_RE = re.compile(r"^[+-]?\d+$")
_DEC_RE = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")


def parse_params(items: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` items (the command line's ``--param``) as a mapping."""
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        params[name.lstrip("?$")] = value
    return params


def parse_param(value: str) -> Node:
    """A command-line parameter value as an RDF term.

    ``<iri>`` is an IRI, an integer or decimal is a typed literal, a value
    in double quotes is always a string ("2112.10752", an arXiv id), anything
    else a plain string literal.
    """
    v = value.strip()
    if v.startswith("<") and v.endswith(">") and len(v) > 2:
        return URIRef(v[1:-1])
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return Literal(v[1:-1])
    if _INT_RE.match(v):
        return Literal(int(v))
    if _DEC_RE.match(v):
        try:
            return Literal(Decimal(v))
        except InvalidOperation:
            pass
    return Literal(value)


# ---------------------------------------------------------------- running


def run_query(
    store: GraphStore,
    text: str,
    params: Mapping[str, str] | None = None,
    *,
    queries_dir: Path | None = None,
) -> QueryResult:
    """Run SPARQL text, a canned query name or a .rq file, with string parameters."""
    sparql, canned = resolve_query(text, queries_dir)
    bindings: dict[str, Node] = {}
    for raw_name, value in (params or {}).items():
        name = raw_name.lstrip("?$")
        if canned is not None and canned.params and name not in canned.params:
            raise QueryError(
                f"query {canned.name!r} has no parameter {name!r} "
                f"(parameters: {', '.join(canned.params)})"
            )
        bindings[name] = parse_param(value)
    if canned is not None:
        for name in canned.params:
            bindings.setdefault(name, None)  # matches everything (see the module docstring)
    return store.query(sparql, bindings or None)


# ---------------------------------------------------------------- formatting


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")


def _width(s: str) -> int:
    # wide East Asian characters take two columns in a terminal
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _table(columns: tuple[str, ...], rows: tuple[tuple[str | None, ...], ...]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [_width(c) for c in columns]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], _width(v))

    def line(values: list[str]) -> str:
        padded = [v + " " * (widths[i] - _width(v)) for i, v in enumerate(values)]
        return "  ".join(padded).rstrip()

    out = [line(list(columns)), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out) + "\n"


def _graph_jsonld(graph_nt: str) -> list[dict]:
    """Expanded JSON-LD: one object per subject, sorted, values as @id/@value."""
    subjects: dict[str, dict[str, list[dict]]] = {}
    for triple in ox.parse(graph_nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        s = _node_id(triple.subject)
        obj = triple.object
        if isinstance(obj, ox.Literal):
            value: dict = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                value["@type"] = obj.datatype.value
        else:
            value = {"@id": _node_id(obj)}
        subjects.setdefault(s, {}).setdefault(triple.predicate.value, []).append(value)
    out = []
    for s in sorted(subjects):
        node: dict = {"@id": s}
        for p in sorted(subjects[s]):
            node[p] = sorted(subjects[s][p], key=lambda v: json.dumps(v, sort_keys=True))
        out.append(node)
    return out


def _node_id(term) -> str:
    return "_:" + term.value if isinstance(term, ox.BlankNode) else term.value


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as text: "table" (aligned columns), "csv" or "json"."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        nt = result.graph_nt or ""
        if fmt == "json":
            return json.dumps(_graph_jsonld(nt), indent=2, ensure_ascii=False) + "\n"
        return nt
    if fmt == "table":
        return _table(result.columns, result.rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return buf.getvalue()
    objects = [dict(zip(result.columns, row)) for row in result.rows]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
