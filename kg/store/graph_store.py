"""The read interface every store has (``GraphStore``), and loading quads into rdflib."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Self

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef

from kg.errors import StoreError
from kg.sparql import QueryResult

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _add_quads(ds: rdflib.Dataset, quads: Iterable[ox.Quad], bnode_scope: str = "") -> None:
    """Add pyoxigraph quads to an rdflib Dataset.

    Done by hand rather than with oxrdflib's parser, which gives plain
    strings an explicit xsd:string datatype, so they would not compare equal
    to rdflib's ``Literal("x")``.
    """
    iris: dict[str, URIRef] = {}
    contexts: dict[str, rdflib.Graph] = {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            node = iris.get(t.value)
            if node is None:
                node = iris[t.value] = URIRef(t.value)
            return node
        if isinstance(t, ox.BlankNode):
            return BNode(bnode_scope + t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            if t.datatype.value == _XSD_STRING:
                return Literal(t.value)
            return Literal(t.value, datatype=term(t.datatype))
        raise StoreError(f"cannot load term {t!r} into rdflib")

    def rows():
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                continue  # kg writes named graphs only
            name = q.graph_name.value
            ctx = contexts.get(name)
            if ctx is None:
                ctx = contexts[name] = ds.graph(URIRef(name))
            yield term(q.subject), term(q.predicate), term(q.object), ctx

    ds.addN(rows())


class GraphStore:
    """An open knowledge graph: query it, list its graphs, load it into rdflib."""

    location: str

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> QueryResult:
        """Run a SPARQL query; `bindings` (variable name -> rdflib term or str,
        a str being a plain literal, None leaving it unbound) are joined in as a VALUES block, never
        formatted into the text. The default graph is the merge of the named
        graphs."""
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        raise NotImplementedError

    def dataset(self) -> rdflib.Dataset:
        """Every named graph in an in-memory rdflib Dataset (default graph = union)."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
