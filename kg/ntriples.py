"""RDF as text: light terms written as N-Triples, N-Quads and TriG.

A build writes hundreds of thousands of triples. Making an rdflib term and
then a pyoxigraph term for each of them cost more than the store's own
load, so kg.rdf yields light terms and this module writes them as text that
Oxigraph parses and loads in bulk. A light term is

* an IRI: a plain ``str`` (rdflib's terms are str subclasses: never these);
* a literal: a ``Lit`` (lexical form, datatype IRI or None, language tag or None);
* a blank node: a ``Blank`` (only rdflib graphs such as the ontology have them).

Every IRI is checked once per ``Encoder``, with pyoxigraph's own IRI parser
plus a test for the characters that would end an ``<IRI>`` early, so no
value can change the shape of the text. Literals are escaped per the
N-Triples grammar; lone surrogates (not encodable as UTF-8) are refused.
The TriG forms are the ones the store keeps (it normalises numbers, dates
and language tags), so a dump reads back as what the store holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = _XSD + "string"
XSD_INTEGER = _XSD + "integer"
XSD_DECIMAL = _XSD + "decimal"
XSD_BOOLEAN = _XSD + "boolean"


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (None: a plain string), language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None


class Blank(NamedTuple):
    """A blank node, by the label its graph gave it."""

    id: str


def from_rdflib(term):
    """The light term of an rdflib term."""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        dt = term.datatype
        return Lit(str(term), str(dt) if dt is not None else None, term.language)
    if isinstance(term, BNode):
        return Blank(str(term))
    raise ValueError(f"cannot write term {term!r} (type {type(term).__name__})")


def to_rdflib(term):
    """The rdflib term of a light term."""
    if type(term) is str:
        return URIRef(term)
    if type(term) is Lit:
        dt = term.datatype
        return Literal(term.value, datatype=URIRef(dt) if dt is not None else None, lang=term.lang)
    if type(term) is Blank:
        return BNode(term.id)
    raise ValueError(f"not a light term: {term!r}")


def triples_of(graph) -> Iterable[tuple]:
    """A graph's triples as light terms: kg.rdf's DocumentTriples make them
    directly, any other graph (rdflib) is converted, sorted (an rdflib graph
    is a set: its own order changes from run to run)."""
    terms = getattr(graph, "terms", None)
    if terms is not None:
        return terms()
    ordered = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))  # terms may not compare
    return ((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in ordered)


# ---------------------------------------------------------------- literals

# characters that cannot stand as they are inside "...": quote, backslash,
# line breaks (the grammar), other control characters (kept visible), and
# surrogates (a lone one cannot be written as UTF-8)
_SPECIAL = re.compile("[\x00-\x1f\x7f\"\\\\\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_CANONICAL_INT = re.compile(r"(?:-?[1-9][0-9]*|0)\Z")
_SCRATCH_NODE = ox.NamedNode("urn:x-kg:scratch")


def quoted(text: str) -> str:
    """`text` as an N-Triples (and Turtle) string: "..." with escapes."""
    if _SPECIAL.search(text) is None:
        return f'"{text}"'
    if _SURROGATE.search(text) is not None:
        raise ValueError(f"literal holds a lone surrogate (not valid Unicode text): {text[:60]!r}")
    return '"' + text.translate(_ESCAPES) + '"'


# literals Turtle can write bare, by datatype: the lexical forms that read back the same
_BARE = {
    XSD_INTEGER: re.compile(r"[+-]?[0-9]+\Z"),
    XSD_DECIMAL: re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
    XSD_BOOLEAN: re.compile(r"(?:true|false)\Z"),
}

# ---------------------------------------------------------------- IRIs

# characters that end or break an <IRI> in N-Triples (IRIREF excludes them)
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# local names written as prefix:local; a '/' is escaped (\/), anything else
# unusual keeps the full <IRI>
_LOCAL = re.compile(r"(?:[A-Za-z_](?:[A-Za-z0-9_./-]*[A-Za-z0-9_/-])?)?\Z")


class Encoder:
    """Text forms of light terms, for one write: N-Triples and TriG (prefixed).

    IRIs are checked and formatted once each; blank nodes get fresh labels
    (rdflib's may not be valid N-Triples labels), the same label wherever
    the same node appears in this write.
    """

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        # longest namespace first, so the most specific prefix wins
        self._prefixes = sorted((prefixes or {}).items(), key=lambda kv: -len(kv[1]))
        self._iris: dict[str, tuple[str, str]] = {}
        self._blanks: dict[str, str] = {}
        self._langs: dict[str, str] = {}
        self._forms: dict[tuple[str, str], str] = {}
        self._scratch: ox.Store | None = None

    def iri(self, value: str) -> tuple[str, str]:
        """(N-Triples, TriG) forms of an IRI; ValueError when it is not a valid absolute IRI."""
        forms = self._iris.get(value)
        if forms is None:
            forms = self._iris[value] = self._new_iri(value)
        return forms

    def _new_iri(self, value: str) -> tuple[str, str]:
        if _IRI_UNSAFE.search(value) is not None:
            raise ValueError(f"invalid IRI {value!r}")
        ox.NamedNode(value)  # the store's own check (absolute, well formed)
        nt = f"<{value}>"
        for prefix, ns in self._prefixes:
            if value.startswith(ns):
                local = value[len(ns):]
                if _LOCAL.match(local):
                    return nt, f"{prefix}:{local.replace('/', chr(92) + '/')}"
        return nt, nt

    def literal(self, lit: Lit) -> tuple[str, str]:
        """(N-Triples, TriG) forms of a literal. The N-Triples form keeps the
        lexical form as made; the TriG form is the one the store keeps (see
        _stored), so the dump reads back as what the store holds."""
        if lit.lang:
            lang = self._langs.get(lit.lang)
            if lang is None:
                # pyoxigraph checks the tag (BCP 47) and lowercases it, as the store does
                lang = self._langs[lit.lang] = ox.Literal("", language=lit.lang).language
            text = f"{quoted(lit.value)}@{lang}"
            return text, text
        dt = lit.datatype
        if dt is None or dt == XSD_STRING:
            text = quoted(lit.value)
            return text, text
        nt_dt, tg_dt = self.iri(dt)
        nt = f"{quoted(lit.value)}^^{nt_dt}"
        stored = self._stored(lit.value, dt)
        bare = _BARE.get(dt)
        if bare is not None and bare.match(stored):
            return nt, stored
        return nt, f"{quoted(stored)}^^{tg_dt}"

    def _stored(self, lexical: str, datatype: str) -> str:
        """The lexical form Oxigraph keeps for a typed literal: it stores
        numbers, dates and booleans as values, so "0.80"^^xsd:decimal reads
        back "0.8" and "...T11:01:16+00:00"^^xsd:dateTime "...T11:01:16Z".
        Oxigraph itself says, once per distinct literal."""
        if datatype == XSD_INTEGER and _CANONICAL_INT.match(lexical):
            return lexical  # most of them (offsets): already in canonical form
        key = (lexical, datatype)
        form = self._forms.get(key)
        if form is None:
            scratch = self._scratch
            if scratch is None:
                scratch = self._scratch = ox.Store()  # in memory
            scratch.add(ox.Quad(_SCRATCH_NODE, _SCRATCH_NODE, ox.Literal(lexical, datatype=ox.NamedNode(datatype))))
            form = self._forms[key] = next(iter(scratch)).object.value
            scratch.clear()
        return form

    def blank(self, node: Blank) -> tuple[str, str]:
        label = self._blanks.get(node.id)
        if label is None:
            label = self._blanks[node.id] = f"_:b{len(self._blanks)}"
        return label, label

    def term(self, t) -> tuple[str, str]:
        if type(t) is str:
            return self.iri(t)
        if type(t) is Lit:
            return self.literal(t)
        if type(t) is Blank:
            return self.blank(t)
        raise ValueError(f"cannot write term {t!r} (type {type(t).__name__})")

    def rows(self, triples: Iterable[tuple]) -> Iterator[tuple[str, str, str, str]]:
        """Per triple: its N-Triples statement without the final " .", and
        the TriG forms of subject, predicate ("a" for rdf:type) and object."""
        iris, iri, term = self._iris, self.iri, self.term
        for s, p, o in triples:
            # inlined cache look-ups: IRIs are most terms
            s_nt, s_tg = (iris.get(s) or iri(s)) if type(s) is str else term(s)
            p_nt, p_tg = (iris.get(p) or iri(p)) if type(p) is str else term(p)
            o_nt, o_tg = (iris.get(o) or iri(o)) if type(o) is str else term(o)
            yield f"{s_nt} {p_nt} {o_nt}", s_tg, "a" if p == RDF_TYPE else p_tg, o_tg


# ---------------------------------------------------------------- TriG


class TrigWriter:
    """Named graphs as TriG blocks, one after the other, in readable Turtle
    style: consecutive triples that share a subject (and predicate) are
    joined with ';' (and ',')."""

    def __init__(self, write, prefixes: dict[str, str]) -> None:
        self._write = write  # takes str
        self._write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()))
        self._parts: list[str] = []
        self._s = self._p = None

    def start(self, graph_tg: str) -> None:
        self._parts = [graph_tg, " {\n"]
        self._s = self._p = None

    def add(self, s: str, p: str, o: str) -> None:
        parts = self._parts
        if s == self._s:
            if p == self._p:
                parts += (" , ", o)
            else:
                parts += (" ;\n\t\t", p, " ", o)
                self._p = p
        else:
            if self._s is not None:
                parts.append(" .\n")
            parts += ("\t", s, " ", p, " ", o)
            self._s, self._p = s, p

    def end(self) -> None:
        if self._s is not None:
            self._parts.append(" .\n")
        self._parts.append("}\n")
        self._write("".join(self._parts))
        self._parts = []
