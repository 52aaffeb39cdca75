from decimal import Decimal

import pytest
from rdflib import Dataset, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.iris import entity_iri
from kg.namespaces import DOC, GRAPH, KG, SCHEMA
from kg.validate import ValidationReport, validate

PAPER = entity_iri("Paper", "arxiv:2112.10752")
PERSON = entity_iri("Person", "robin rombach")
ORG = entity_iri("Organization", "LMU Munich")
REPO = entity_iri("Repository", "github.com/CompVis/latent-diffusion")
TECHNIQUE = entity_iri("Technique", "latent diffusion model")  # described only in the vocabulary
DOCUMENT = DOC["000_test.txt"]
EVIDENCE = Namespace("https://w3id.org/aikg/id/evidence/")["1"]


def conforming_graph() -> Graph:
    g = Graph()
    g.add((PAPER, RDF.type, KG.Paper))
    g.add((PAPER, RDF.type, SCHEMA.ScholarlyArticle))
    g.add(
        (PAPER, RDFS.label, Literal("High-Resolution Image Synthesis with Latent Diffusion Models"))
    )
    g.add(
        (
            PAPER,
            DCTERMS.title,
            Literal("High-Resolution Image Synthesis with Latent Diffusion Models"),
        )
    )
    g.add((PAPER, KG.arxivId, Literal("2112.10752")))
    g.add((PAPER, DCTERMS.date, Literal("2022", datatype=XSD.gYear)))
    g.add((PAPER, SCHEMA.url, Literal("https://arxiv.org/abs/2112.10752", datatype=XSD.anyURI)))
    g.add((PAPER, KG.authoredBy, PERSON))
    g.add((PAPER, KG.usesTechnique, TECHNIQUE))
    g.add((PAPER, KG.fromOrganization, ORG))
    g.add((PAPER, KG.hasCode, REPO))
    g.add((PERSON, RDF.type, KG.Person))
    g.add((PERSON, RDFS.label, Literal("Robin Rombach")))
    g.add((PERSON, KG.affiliatedWith, ORG))
    g.add((ORG, RDF.type, KG.Organization))
    g.add((ORG, RDFS.label, Literal("LMU Munich")))
    g.add((ORG, SKOS.altLabel, Literal("LMU")))
    g.add((REPO, RDF.type, KG.Repository))
    g.add((REPO, RDFS.label, Literal("CompVis/latent-diffusion")))
    g.add(
        (
            REPO,
            SCHEMA.url,
            Literal("https://github.com/CompVis/latent-diffusion", datatype=XSD.anyURI),
        )
    )
    g.add((DOCUMENT, RDF.type, KG.Document))
    g.add((DOCUMENT, RDF.type, PROV.Entity))
    g.add((DOCUMENT, KG.sha256, Literal("a" * 64)))
    g.add((DOCUMENT, PROV.generatedAtTime, Literal("2024-01-01T00:00:00", datatype=XSD.dateTime)))
    g.add((DOCUMENT, KG.extractorVersion, Literal("1")))
    g.add((EVIDENCE, RDF.type, KG.Evidence))
    g.add((EVIDENCE, RDF.type, RDF.Statement))
    g.add((EVIDENCE, RDF.subject, PAPER))
    g.add((EVIDENCE, RDF.predicate, KG.usesTechnique))
    g.add((EVIDENCE, RDF.object, TECHNIQUE))
    g.add((EVIDENCE, PROV.wasDerivedFrom, DOCUMENT))
    g.add((EVIDENCE, KG.start, Literal(10)))
    g.add((EVIDENCE, KG.end, Literal(95)))
    g.add(
        (
            EVIDENCE,
            KG.sentence,
            Literal("High-resolution image synthesis with latent diffusion models"),
        )
    )
    g.add((EVIDENCE, KG.method, Literal("structure:paper-line")))
    g.add((EVIDENCE, KG.confidence, Literal(Decimal("0.9"))))
    return g


def paths(report: ValidationReport) -> set[str]:
    return {path for _, path, _ in report.violations}


def test_conforming_graph_passes():
    report = validate(conforming_graph())
    assert report.conforms, report.text
    assert report.violations == ()
    assert isinstance(report.text, str)


def test_union_of_named_graphs_is_validated():
    ds = Dataset()
    g = conforming_graph()
    first = ds.graph(GRAPH["a.txt"])
    second = ds.graph(GRAPH["b.txt"])
    for triple in g:
        (first if triple[0] == PAPER else second).add(triple)
    report = validate(ds)
    assert report.conforms, report.text


@pytest.mark.parametrize(
    ("triple_to_change", "path"),
    [
        ((PAPER, KG.arxivId, Literal("12345")), str(KG.arxivId)),
        ((PAPER, DCTERMS.date, Literal("3020", datatype=XSD.gYear)), str(DCTERMS.date)),
        ((PAPER, DCTERMS.date, Literal("1949", datatype=XSD.gYear)), str(DCTERMS.date)),
        ((PAPER, RDFS.label, None), str(RDFS.label)),
        ((PAPER, KG.authoredBy, ORG), str(KG.authoredBy)),
        ((EVIDENCE, KG.confidence, Literal(Decimal("1.5"))), str(KG.confidence)),
        ((EVIDENCE, KG.start, Literal(-1)), str(KG.start)),
        ((EVIDENCE, KG.end, Literal(5)), str(KG.start)),  # start 10 > end 5
        ((EVIDENCE, PROV.wasDerivedFrom, None), str(PROV.wasDerivedFrom)),
        ((DOCUMENT, KG.sha256, Literal("not-a-digest")), str(KG.sha256)),
    ],
)
def test_broken_graph_reports_a_violation(triple_to_change, path):
    subject, predicate, value = triple_to_change
    g = conforming_graph()
    g.remove((subject, predicate, None))
    if value is not None:
        g.add((subject, predicate, value))
    report = validate(g)
    assert not report.conforms
    assert path in paths(report), report.violations
    focus = {node for node, _, _ in report.violations}
    assert str(subject) in focus


def test_two_labels_and_wrong_range_are_violations():
    g = conforming_graph()
    g.add((PERSON, RDFS.label, Literal("R. Rombach")))
    g.add((PAPER, KG.usesTechnique, ORG))
    g.add((TECHNIQUE, SKOS.broader, ORG))
    report = validate(g)
    found = paths(report)
    assert str(RDFS.label) in found
    assert str(KG.usesTechnique) in found
    assert str(SKOS.broader) in found
    messages = " ".join(message for _, _, message in report.violations)
    assert "kg:Technique" in messages


def test_relation_domain_is_checked():
    g = conforming_graph()
    g.add((ORG, KG.authoredBy, PERSON))
    report = validate(g)
    assert (str(ORG), "", "Only a kg:Paper has kg:authoredBy.") in report.violations
