"""RDF: a resolved graph -> one named graph per document, plus provenance.

Each document's graph holds the descriptions of the entities it mentions,
the relations it asserts and an evidence node per assertion, so a document
can be replaced or dropped without touching the others. The shape is
described in kg.namespaces.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg import EXTRACTOR_VERSION
from kg.iris import entity_iri
from kg.model import Assertion, Entity, ResolvedGraph
from kg.namespaces import (
    DOC,
    ID,
    KG,
    PREFIXES,
    SCHEMA,
    STANDARD_CLASS,
    TASK_SCHEME,
    TECHNIQUE_SCHEME,
    graph_iri,
)
from kg.ntriples import XSD_INTEGER, Lit, from_rdflib, to_rdflib

__all__ = ["DocumentTriples", "document_graphs", "document_triples", "new_graph"]


# IRIs as plain strings: the light terms of kg.ntriples
_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
_ALT, _PREF, _IN_SCHEME, _BROADER = str(SKOS.altLabel), str(SKOS.prefLabel), str(SKOS.inScheme), str(SKOS.broader)
_TITLE, _DATE, _URL = str(DCTERMS.title), str(DCTERMS.date), str(SCHEMA.url)
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = str(RDF.Statement), str(RDF.subject), str(RDF.predicate), str(RDF.object)
_DERIVED, _GENERATED, _PROV_ENTITY = str(PROV.wasDerivedFrom), str(PROV.generatedAtTime), str(PROV.Entity)
_KG, _DOC, _ID = str(KG), str(DOC), str(ID)
_SCHEME = {"Technique": str(TECHNIQUE_SCHEME), "Task": str(TASK_SCHEME)}
_CLASSES = {t: (_KG + t, str(c)) for t, c in STANDARD_CLASS.items()}


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _literal(value: object) -> Lit:
    """What rdflib's Literal(value) is, as a light term."""
    if type(value) is str:
        return Lit(value)
    if type(value) is int:
        return Lit(str(value), XSD_INTEGER)
    return from_rdflib(Literal(value))


@lru_cache(maxsize=4096)
def _typed(lexical: str, datatype: str) -> Lit:
    # rdflib rewrites some lexical forms (dateTime, decimal) as it makes a
    # Literal; taking its form keeps the two encoders of a graph in agreement
    return Lit(str(Literal(lexical, datatype=URIRef(datatype))), datatype)


def _safe_url(url: object) -> Lit | None:
    text = str(url or "").strip()
    if not text.startswith(("http://", "https://")) or any(c in text for c in ' <>"{}|\\^`'):
        return None
    return _typed(text, str(XSD.anyURI))


def _describe(e: Entity):
    """The triples that describe an entity."""
    s = e.iri
    kg_class, standard_class = _CLASSES[e.type]
    yield s, _TYPE, kg_class
    yield s, _TYPE, standard_class
    label = _literal(e.label)
    yield s, _LABEL, label
    for alias in e.aliases:
        yield s, _ALT, _literal(alias)
    if e.type in _SCHEME:
        yield s, _PREF, label
        yield s, _IN_SCHEME, _SCHEME[e.type]
        for broader in e.attr("broader") or ():
            target = str(entity_iri(e.type, broader))
            if target != e.iri:
                yield s, _BROADER, target
    if e.type == "Paper":
        yield s, _TITLE, label
        if e.attr("arxiv"):
            yield s, _KG + "arxivId", Lit(str(e.attr("arxiv")))
        if e.attr("award"):
            yield s, _KG + "award", Lit(str(e.attr("award")))
    year = e.attr("year")
    if year and e.type in ("Paper", "Model", "Venue"):
        yield s, _DATE, _typed(f"{int(year):04d}", str(XSD.gYear))
    url = _safe_url(e.attr("url"))
    if url is not None:
        yield s, _URL, url


def _evidence_iri(a: Assertion) -> str:
    ev = a.evidence
    digest = hashlib.sha1(
        "\x1f".join((ev.source, a.subject, a.predicate, a.object, str(ev.start), str(ev.end), ev.method)).encode()
    ).hexdigest()[:20]
    return f"{_ID}evidence/{digest}"


def _assert(a: Assertion):
    """The relation an assertion states (first), then its evidence node."""
    s, p, o = a.subject, _KG + a.predicate, a.object
    yield s, p, o
    ev = a.evidence
    node = _evidence_iri(a)
    yield node, _TYPE, _KG + "Evidence"
    yield node, _TYPE, _STATEMENT
    yield node, _SUBJECT, s
    yield node, _PREDICATE, p
    yield node, _OBJECT, o
    yield node, _DERIVED, _DOC + ev.source
    yield node, _KG + "start", _literal(ev.start)
    yield node, _KG + "end", _literal(ev.end)
    yield node, _KG + "sentence", _literal(ev.sentence)
    yield node, _KG + "method", _literal(ev.method)
    yield node, _KG + "confidence", _typed(f"{ev.confidence:.2f}", str(XSD.decimal))


class DocumentTriples:
    """One document's named graph, made anew each time it is read.

    A build writes every document's graph into the store and the dump;
    holding them all as rdflib graphs would take gigabytes at scale, so the
    triples are generated from the resolved entities on demand instead.
    ``terms()`` is the one definition of the graph, in kg.ntriples' light
    terms (what the store writes as text); iterating gives rdflib terms.
    """

    def __init__(self, name: str, info: Mapping[str, object], entities, assertions) -> None:
        self.name = name
        self.info = info
        self.entities = entities
        self.assertions = assertions

    def __len__(self) -> int:
        return sum(1 for _ in self.terms())  # counted by making them: nothing is kept

    def __iter__(self):
        for s, p, o in self.terms():
            yield to_rdflib(s), to_rdflib(p), to_rdflib(o)

    def terms(self):
        """The graph's triples as light terms (kg.ntriples)."""
        d, info = _DOC + self.name, self.info
        yield d, _TYPE, _KG + "Document"
        yield d, _TYPE, _PROV_ENTITY
        yield d, _LABEL, _literal(self.name)
        if info.get("sha256"):
            yield d, _KG + "sha256", Lit(str(info["sha256"]))
        if info.get("generated"):
            yield d, _GENERATED, _typed(str(info["generated"]), str(XSD.dateTime))
        if info.get("title"):
            yield d, _TITLE, Lit(str(info["title"]))
        yield d, _KG + "extractorVersion", _literal(EXTRACTOR_VERSION)
        for e in self.entities:
            yield from _describe(e)
        stated = set()
        for a in self.assertions:
            triples = list(_assert(a))
            for triple in triples:
                if triple[1] == _TYPE or triple not in stated:
                    yield triple
            stated.add(triples[0])  # the relation itself, once per document


def document_triples(
    resolved: ResolvedGraph,
    document_info: Mapping[str, Mapping[str, object]],
) -> dict[str, DocumentTriples]:
    """Named-graph IRI -> the document's triples (re-iterable), one per document.

    document_info maps a document name to its provenance: sha256,
    generated (an ISO timestamp of when it was extracted) and title.
    """
    entities: dict[str, list[Entity]] = defaultdict(list)
    for e in resolved.entities:
        for source in e.sources:
            entities[source].append(e)
    assertions: dict[str, list[Assertion]] = defaultdict(list)
    for a in resolved.assertions:
        assertions[a.evidence.source].append(a)
    return {
        str(graph_iri(name)): DocumentTriples(name, document_info.get(name, {}), entities[name], assertions[name])
        for name in resolved.documents
    }


def document_graphs(
    resolved: ResolvedGraph,
    document_info: Mapping[str, Mapping[str, object]],
) -> dict[str, Graph]:
    """The same named graphs as rdflib Graphs, for small graphs and tests."""
    graphs = {}
    for iri, triples in document_triples(resolved, document_info).items():
        g = new_graph()
        for triple in triples:
            g.add(triple)
        graphs[iri] = g
    return graphs
