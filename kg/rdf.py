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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg import EXTRACTOR_VERSION
from kg.ids import entity_iri
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

__all__ = ["DocumentTriples", "document_graphs", "document_triples", "new_graph"]


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _safe_url(url: object) -> Literal | None:
    text = str(url or "").strip()
    if not text.startswith(("http://", "https://")) or any(c in text for c in ' <>"{}|\\^`'):
        return None
    return Literal(text, datatype=XSD.anyURI)


def _describe(g: Graph, e: Entity) -> None:
    s = URIRef(e.iri)
    g.add((s, RDF.type, KG[e.type]))
    g.add((s, RDF.type, STANDARD_CLASS[e.type]))
    g.add((s, RDFS.label, Literal(e.label)))
    for alias in e.aliases:
        g.add((s, SKOS.altLabel, Literal(alias)))
    if e.type in ("Technique", "Task"):
        g.add((s, SKOS.prefLabel, Literal(e.label)))
        g.add((s, SKOS.inScheme, TECHNIQUE_SCHEME if e.type == "Technique" else TASK_SCHEME))
        for broader in e.attr("broader") or ():
            target = entity_iri(e.type, broader)
            if str(target) != e.iri:
                g.add((s, SKOS.broader, target))
    if e.type == "Paper":
        g.add((s, DCTERMS.title, Literal(e.label)))
        if e.attr("arxiv"):
            g.add((s, KG.arxivId, Literal(str(e.attr("arxiv")))))
        if e.attr("award"):
            g.add((s, KG.award, Literal(str(e.attr("award")))))
    year = e.attr("year")
    if year and e.type in ("Paper", "Model", "Venue"):
        g.add((s, DCTERMS.date, Literal(f"{int(year):04d}", datatype=XSD.gYear)))
    url = _safe_url(e.attr("url"))
    if url is not None:
        g.add((s, SCHEMA.url, url))


def _evidence_iri(a: Assertion) -> URIRef:
    ev = a.evidence
    digest = hashlib.sha1(
        "\x1f".join((ev.source, a.subject, a.predicate, a.object, str(ev.start), str(ev.end), ev.method)).encode()
    ).hexdigest()[:20]
    return ID[f"evidence/{digest}"]


def _assert(g: Graph, a: Assertion) -> None:
    s, p, o = URIRef(a.subject), KG[a.predicate], URIRef(a.object)
    g.add((s, p, o))
    ev = a.evidence
    node = _evidence_iri(a)
    g.add((node, RDF.type, KG.Evidence))
    g.add((node, RDF.type, RDF.Statement))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    g.add((node, PROV.wasDerivedFrom, DOC[ev.source]))
    g.add((node, KG.start, Literal(ev.start)))
    g.add((node, KG.end, Literal(ev.end)))
    g.add((node, KG.sentence, Literal(ev.sentence)))
    g.add((node, KG.method, Literal(ev.method)))
    g.add((node, KG.confidence, Literal(f"{ev.confidence:.2f}", datatype=XSD.decimal)))


class _Collector(list):
    """A list that takes triples the way a Graph does (``add``)."""

    def add(self, triple) -> None:
        self.append(triple)


class DocumentTriples:
    """One document's named graph, made anew each time it is read.

    A build writes every document's graph into the store and the dump;
    holding them all as rdflib graphs would take gigabytes at scale, so the
    triples are generated from the resolved entities on demand instead.
    """

    def __init__(self, name: str, info: Mapping[str, object], entities, assertions) -> None:
        self.name = name
        self.info = info
        self.entities = entities
        self.assertions = assertions

    def __len__(self) -> int:
        return sum(1 for _ in self)  # counted by making them: nothing is kept

    def __iter__(self):
        d, info = DOC[self.name], self.info
        yield (d, RDF.type, KG.Document)
        yield (d, RDF.type, PROV.Entity)
        yield (d, RDFS.label, Literal(self.name))
        if info.get("sha256"):
            yield (d, KG.sha256, Literal(str(info["sha256"])))
        if info.get("generated"):
            yield (d, PROV.generatedAtTime, Literal(str(info["generated"]), datatype=XSD.dateTime))
        if info.get("title"):
            yield (d, DCTERMS.title, Literal(str(info["title"])))
        yield (d, KG.extractorVersion, Literal(EXTRACTOR_VERSION))
        for e in self.entities:
            out = _Collector()
            _describe(out, e)
            yield from out
        stated = set()
        for a in self.assertions:
            out = _Collector()
            _assert(out, a)
            for triple in out:
                if triple[1] == RDF.type or triple not in stated:
                    yield triple
            stated.add(out[0])  # the relation itself, once per document


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
