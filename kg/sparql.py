"""SPARQL text itself, shared by the query runner and the stores: the answer
type, a small lexer that finds a query's form, variables and WHERE group,
parameters joined in as a VALUES block, kg's prefix prologue and the one-line
form of a syntax error.

Parameters are never formatted into the query text as raw strings: each value
becomes an RDF term (validated and escaped by pyoxigraph's N-Triples writer)
inside a ``VALUES`` block placed at the start of the query's outermost WHERE
group (see ``bind_values``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.namespaces import PREFIXES

_VAR_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class QueryResult:
    """The answer to one query.

    kind is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE). For select,
    rows hold the values as strings (IRIs as the bare IRI, literals as their
    lexical form, blank nodes as ``_:id``, unbound as None). For graph,
    graph_nt holds the triples as sorted N-Triples lines.
    """

    kind: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None
    graph_nt: str | None = None


# ---------------------------------------------------------------- canned queries


def _to_ox(value: object) -> ox.NamedNode | ox.Literal:
    """An rdflib term (or str/number) as a validated pyoxigraph term."""
    if isinstance(value, BNode):
        raise QueryError("a blank node cannot be a query parameter")
    if isinstance(value, URIRef):
        iri = str(value)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri):
            raise QueryError(f"parameter IRI is not absolute: <{iri}>")
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"invalid IRI <{iri}>: {exc}") from exc
    if not isinstance(value, Literal):
        if isinstance(value, Node):
            raise QueryError(f"unsupported parameter term: {value!r}")
        value = Literal(value)
    try:
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype is not None:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    except ValueError as exc:
        raise QueryError(f"invalid parameter value {str(value)!r}: {exc}") from exc


# A small SPARQL lexer: enough to find variables, the query form and the
# outermost WHERE group while skipping strings, IRIs and comments.
_TOKEN_RE = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<punct>[{}()])
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()<>"';,]*)?|:[^\s{}()<>"';,]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass(frozen=True)
class _Shape:
    form: str | None  # SELECT / CONSTRUCT / ASK / DESCRIBE, None if not found
    variables: frozenset[str]
    where_open: int | None  # offset of the outermost WHERE group's "{"
    where_close: int | None  # offset of its matching "}"
    subselect: bool  # the WHERE group is a lone sub-SELECT
    has_from: bool  # the query sets its own dataset (FROM / FROM NAMED)


def query_shape(text: str) -> _Shape:
    form = None
    variables: set[str] = set()
    parens = braces = 0
    # top-level groups: [open offset, close offset, keyword before, first token inside]
    groups: list[list] = []
    prev_word: str | None = None
    has_from = False
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        tok = m.group()
        if kind == "comment":
            continue
        if groups and groups[-1][3] is None and braces == 1:
            groups[-1][3] = tok.upper()
        if kind == "var":
            variables.add(tok[1:])
        elif kind == "word":
            up = tok.upper()
            if braces == 0 and parens == 0:
                if form is None and up in _FORMS:
                    form = up
                elif up == "FROM":
                    has_from = True
            prev_word = up
            continue
        elif kind == "punct":
            if tok == "(":
                parens += 1
            elif tok == ")":
                parens = max(0, parens - 1)
            elif tok == "{":
                if braces == 0 and parens == 0:
                    groups.append([m.start(), None, prev_word, None])
                braces += 1
            elif tok == "}":
                braces = max(0, braces - 1)
                if braces == 0 and parens == 0 and groups and groups[-1][1] is None:
                    groups[-1][1] = m.start()
        prev_word = None

    where = None
    if form == "CONSTRUCT":
        # CONSTRUCT { template } WHERE { ... }; the short form CONSTRUCT WHERE
        # { triples } has no separate pattern group to put VALUES in
        if len(groups) >= 2 and groups[0][2] != "WHERE":
            where = groups[1]
    elif groups:
        where = groups[0]
    return _Shape(
        form=form,
        variables=frozenset(variables),
        where_open=where[0] if where else None,
        where_close=where[1] if where else None,
        subselect=bool(where and where[3] == "SELECT"),
        has_from=has_from,
    )


def bind_values(text: str, bindings: Mapping[str, object] | None) -> str:
    """`text` with `bindings` joined in as a VALUES block (see module docstring).

    Raises QueryError for a name that is not a variable of the query or a
    value that is not a valid RDF term.
    """
    if not bindings:
        return text
    shape = query_shape(text)
    names = []
    terms = []
    for raw_name, value in bindings.items():
        name = raw_name.lstrip("?$")
        if not _VAR_NAME_RE.match(name):
            raise QueryError(f"invalid parameter name {raw_name!r}")
        if name not in shape.variables:
            raise QueryError(f"parameter {name!r} is not a variable of the query (no ?{name})")
        names.append(name)
        terms.append("UNDEF" if value is None else str(_to_ox(value)))
    block = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(terms) + ") }"
    if shape.where_open is None or shape.where_close is None:
        # DESCRIBE <iri> or short-form CONSTRUCT: a trailing VALUES clause
        return text.rstrip() + "\n" + block + "\n"
    o, c = shape.where_open, shape.where_close
    if shape.subselect:
        # a sub-SELECT must be alone in its group: wrap it
        return text[: o + 1] + " " + block + " {" + text[o + 1 : c] + "} " + text[c:]
    return text[: o + 1] + " " + block + " " + text[o + 1 :]


DEFAULT_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def with_prologue(sparql: str) -> str:
    """`sparql` with PREFIX declarations for the default prefixes it does not declare itself."""
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w-]*):", sparql)}
    missing = [p for p in DEFAULT_PREFIXES if p.lower() not in declared]
    if not missing:
        return sparql
    return " ".join(f"PREFIX {p}: <{DEFAULT_PREFIXES[p]}>" for p in missing) + "\n" + sparql


def syntax_error(message: str) -> QueryError:
    # Oxigraph can list every character class it expected, over several
    # lines: keep the position and the gist, on one line
    text = " ".join(message.split())
    m = re.match(r"(error at \d+:\d+): (.*)", text)
    if m and "Prefix not found" in m.group(2):
        text = f"{m.group(1)}: undefined prefix (declare it with PREFIX or write the full <IRI>)"
    elif len(text) > 300:
        text = text[:300] + "…"
    return QueryError(f"malformed SPARQL: {text}")
