"""kg.rdf: a resolved graph -> one named graph per document, with provenance and evidence."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg import EXTRACTOR_VERSION
from kg.iris import entity_iri
from kg.model import Assertion, Entity, Evidence, ResolvedGraph
from kg.namespaces import DOC, GRAPH, KG, SCHEMA, TECHNIQUE_SCHEME, graph_iri
from kg.rdf import document_graphs

LDM = str(entity_iri("Paper", "arxiv:2112.10752"))
LDM_TECH = str(entity_iri("Technique", "latent diffusion model"))
COMPVIS = str(entity_iri("Organization", "CompVis"))
REPO = str(entity_iri("Repository", "https://github.com/compvis/latent-diffusion"))
EVIL = str(entity_iri("Repository", "evil"))

INFO = {
    "a.md": {"sha256": "a" * 64, "generated": "2024-01-01T00:00:00+00:00", "title": "Diffusion Notes"},
    "b.txt": {"sha256": "b" * 64, "generated": "2024-01-02T00:00:00+00:00"},
}


def resolved() -> ResolvedGraph:
    entities = (
        Entity(LDM, "Paper", "High-Resolution Image Synthesis with Latent Diffusion Models",
               aliases=("Latent diffusion",),
               attrs=(("arxiv", "2112.10752"), ("url", "https://arxiv.org/abs/2112.10752"), ("year", 2022)),
               sources=("a.md", "b.txt")),
        Entity(LDM_TECH, "Technique", "latent diffusion model", aliases=("LDM",),
               attrs=(("broader", ("diffusion model",)),), sources=("a.md",)),
        Entity(COMPVIS, "Organization", "CompVis", sources=("a.md",)),
        Entity(REPO, "Repository", "CompVis/latent-diffusion",
               attrs=(("url", "https://github.com/CompVis/latent-diffusion"),), sources=("a.md",)),
        Entity(EVIL, "Repository", "evil", attrs=(("url", "javascript:alert(1)"),), sources=("b.txt",)),
    )
    assertions = (
        Assertion(LDM, "usesTechnique", LDM_TECH,
                  Evidence("a.md", 10, 60, "We train latent diffusion models.", "ruler:dep:uses", 0.75)),
        Assertion(LDM, "fromOrganization", COMPVIS,
                  Evidence("a.md", 10, 60, "We train latent diffusion models.", "dep:organization", 0.8)),
        Assertion(LDM, "hasCode", REPO,
                  Evidence("a.md", 70, 120, "**Code:** [CompVis/latent-diffusion](...)", "structure:code-link", 0.95)),
        Assertion(LDM, "usesTechnique", LDM_TECH,
                  Evidence("b.txt", 0, 40, "Latent diffusion (arXiv:2112.10752)", "ruler:cooccurrence", 0.45)),
    )
    return ResolvedGraph(entities, assertions, ("a.md", "b.txt"))


def evidence_nodes(g: Graph) -> dict[tuple, dict]:
    out = {}
    for node in g.subjects(RDF.type, KG.Evidence):
        key = (g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object))
        out[key] = {p: o for p, o in g.predicate_objects(node)}
    return out


def test_one_named_graph_per_document():
    graphs = document_graphs(resolved(), INFO)
    assert list(graphs) == [str(graph_iri("a.md")), str(graph_iri("b.txt"))]
    assert all(name.startswith(str(GRAPH)) for name in graphs)
    assert str(graph_iri("a.md")).endswith("/a.md")


def test_document_node_holds_provenance():
    graphs = document_graphs(resolved(), INFO)
    a = graphs[str(graph_iri("a.md"))]
    d = DOC["a.md"]
    assert (d, RDF.type, KG.Document) in a
    assert (d, RDF.type, PROV.Entity) in a
    assert a.value(d, RDFS.label) == Literal("a.md")
    assert a.value(d, KG.sha256) == Literal("a" * 64)
    assert a.value(d, PROV.generatedAtTime) == Literal("2024-01-01T00:00:00+00:00", datatype=XSD.dateTime)
    assert a.value(d, DCTERMS.title) == Literal("Diffusion Notes")
    assert a.value(d, KG.extractorVersion) == Literal(EXTRACTOR_VERSION)
    b = graphs[str(graph_iri("b.txt"))]
    assert b.value(DOC["b.txt"], DCTERMS.title) is None
    assert (DOC["a.md"], None, None) not in b


def test_entities_are_described_in_the_graphs_of_their_sources_only():
    graphs = document_graphs(resolved(), INFO)
    a, b = graphs[str(graph_iri("a.md"))], graphs[str(graph_iri("b.txt"))]
    paper = URIRef(LDM)
    for g in (a, b):
        assert (paper, RDF.type, KG.Paper) in g
        assert (paper, RDF.type, SCHEMA.ScholarlyArticle) in g
        assert g.value(paper, KG.arxivId) == Literal("2112.10752")
        assert g.value(paper, DCTERMS.date) == Literal("2022", datatype=XSD.gYear)
        assert g.value(paper, SCHEMA.url) == Literal("https://arxiv.org/abs/2112.10752", datatype=XSD.anyURI)
        assert set(g.objects(paper, SKOS.altLabel)) == {Literal("Latent diffusion")}
    assert (URIRef(COMPVIS), None, None) not in b
    tech = URIRef(LDM_TECH)
    assert (tech, RDF.type, SKOS.Concept) in a
    assert a.value(tech, SKOS.prefLabel) == Literal("latent diffusion model")
    assert a.value(tech, SKOS.inScheme) == TECHNIQUE_SCHEME
    assert a.value(tech, SKOS.broader) == entity_iri("Technique", "diffusion model")


def test_unsafe_urls_are_dropped():
    b = document_graphs(resolved(), INFO)[str(graph_iri("b.txt"))]
    assert (URIRef(EVIL), RDF.type, KG.Repository) in b
    assert b.value(URIRef(EVIL), SCHEMA.url) is None


def test_relations_and_evidence_live_in_the_graph_of_their_source():
    graphs = document_graphs(resolved(), INFO)
    a, b = graphs[str(graph_iri("a.md"))], graphs[str(graph_iri("b.txt"))]
    paper, tech = URIRef(LDM), URIRef(LDM_TECH)
    assert (paper, KG.usesTechnique, tech) in a and (paper, KG.usesTechnique, tech) in b
    assert (paper, KG.hasCode, URIRef(REPO)) in a
    assert (paper, KG.hasCode, None) not in b
    ev_a = evidence_nodes(a)
    assert set(ev_a) == {(paper, KG.usesTechnique, tech), (paper, KG.fromOrganization, URIRef(COMPVIS)),
                         (paper, KG.hasCode, URIRef(REPO))}
    uses = ev_a[(paper, KG.usesTechnique, tech)]
    assert uses == {
        RDF.type: uses[RDF.type],  # two types, checked below
        RDF.subject: paper,
        RDF.predicate: KG.usesTechnique,
        RDF.object: tech,
        PROV.wasDerivedFrom: DOC["a.md"],
        KG.start: Literal(10),
        KG.end: Literal(60),
        KG.sentence: Literal("We train latent diffusion models."),
        KG.method: Literal("ruler:dep:uses"),
        KG.confidence: Literal("0.75", datatype=XSD.decimal),
    }
    for node in a.subjects(RDF.type, KG.Evidence):
        assert (node, RDF.type, RDF.Statement) in a
        assert isinstance(node, URIRef)  # minted, not blank: rebuilds give equal graphs
    (ev_b,) = evidence_nodes(b).values()
    assert ev_b[PROV.wasDerivedFrom] == DOC["b.txt"]
    assert ev_b[KG.confidence].toPython() == Decimal("0.45")


def test_same_fact_twice_in_one_document_has_two_evidence_nodes():
    r = resolved()
    extra = Assertion(LDM, "usesTechnique", LDM_TECH,
                      Evidence("a.md", 200, 240, "Latent diffusion again.", "ruler:dep:uses", 0.75))
    graphs = document_graphs(ResolvedGraph(r.entities, (*r.assertions, extra), r.documents), INFO)
    a = graphs[str(graph_iri("a.md"))]
    nodes = [n for n in a.subjects(RDF.predicate, KG.usesTechnique)]
    assert len(nodes) == 2
    assert sorted(int(a.value(n, KG.start)) for n in nodes) == [10, 200]


def test_output_is_deterministic():
    one = document_graphs(resolved(), INFO)
    two = document_graphs(resolved(), INFO)
    assert one
    for name in one:
        assert set(one[name]) == set(two[name])  # no blank nodes: equal as sets, not only isomorphic


def test_small_graph_is_exactly_as_expected():
    entities = (Entity(COMPVIS, "Organization", "CompVis", sources=("c.md",)),
                Entity(LDM, "Paper", "LDM", attrs=(("arxiv", "2112.10752"),), sources=("c.md",)))
    assertion = Assertion(LDM, "fromOrganization", COMPVIS, Evidence("c.md", 0, 7, "CompVis", "m", 0.5))
    graphs = document_graphs(ResolvedGraph(entities, (assertion,), ("c.md",)),
                             {"c.md": {"sha256": "c" * 64, "generated": "2024-01-03T00:00:00Z"}})
    actual = graphs[str(graph_iri("c.md"))]
    from kg.rdf import _evidence_iri

    expected = Dataset().parse(format="trig", data=f"""
        @prefix kg: <{KG}> . @prefix prov: <{PROV}> . @prefix rdfs: <{RDFS}> .
        @prefix xsd: <{XSD}> . @prefix schema: <{SCHEMA}> . @prefix dcterms: <{DCTERMS}> .
        @prefix rdf: <{RDF}> .
        <{graph_iri("c.md")}> {{
          <{DOC["c.md"]}> a kg:Document, prov:Entity ; rdfs:label "c.md" ;
              kg:sha256 "{"c" * 64}" ; prov:generatedAtTime "2024-01-03T00:00:00Z"^^xsd:dateTime ;
              kg:extractorVersion "{EXTRACTOR_VERSION}" .
          <{COMPVIS}> a kg:Organization, schema:Organization ; rdfs:label "CompVis" .
          <{LDM}> a kg:Paper, schema:ScholarlyArticle ; rdfs:label "LDM" ; dcterms:title "LDM" ;
              kg:arxivId "2112.10752" ; kg:fromOrganization <{COMPVIS}> .
          <{_evidence_iri(assertion)}> a kg:Evidence, rdf:Statement ;
              rdf:subject <{LDM}> ; rdf:predicate kg:fromOrganization ; rdf:object <{COMPVIS}> ;
              prov:wasDerivedFrom <{DOC["c.md"]}> ; kg:start 0 ; kg:end 7 ; kg:sentence "CompVis" ;
              kg:method "m" ; kg:confidence "0.50"^^xsd:decimal .
        }}
    """).graph(graph_iri("c.md"))
    assert isomorphic(expected, actual), actual.serialize(format="turtle")


def test_document_without_entities_still_has_its_node():
    graphs = document_graphs(ResolvedGraph((), (), ("empty.md",)), {})
    (g,) = graphs.values()
    assert (DOC["empty.md"], RDF.type, KG.Document) in g
    assert g.value(DOC["empty.md"], KG.sha256) is None
