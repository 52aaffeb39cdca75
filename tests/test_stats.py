"""`kg stats` counts (kg.stats) on a small dataset written here with the rdf_fixtures helpers."""

from __future__ import annotations

from rdflib import Dataset
from rdflib.namespace import SKOS

from kg.namespaces import TECHNIQUE_SCHEME, VOCAB_GRAPH, graph_iri
from kg.stats import format_stats, graph_stats
from tests.rdf_fixtures import add_document_node, add_entity, add_relation, iri

NOTES, DIGEST = "notes.md", "digest.md"
PAPER_ONE, PAPER_TWO = iri("paper", "2401.00001"), iri("paper", "2401.00002")
FLOW, GENERATIVE, UNUSED = iri("technique", "flow-matching"), iri("technique", "generative"), iri("technique", "unused")
LAB = iri("organization", "acme-lab")


def _dataset() -> Dataset:
    ds = Dataset()
    vocab = ds.graph(VOCAB_GRAPH)
    for node, label in ((FLOW, "flow matching"), (GENERATIVE, "generative model"), (UNUSED, "never named")):
        add_entity(vocab, node, "Technique", label)
        vocab.add((node, SKOS.inScheme, TECHNIQUE_SCHEME))
    vocab.add((FLOW, SKOS.broader, GENERATIVE))  # a taxonomy link, not a relation

    notes = ds.graph(graph_iri(NOTES))
    add_document_node(notes, NOTES)
    add_entity(notes, PAPER_ONE, "Paper", "Flow Matching for Speech", arxiv="2401.00001")
    add_entity(notes, FLOW, "Technique", "flow matching")
    add_entity(notes, LAB, "Organization", "Acme Lab")
    add_relation(notes, NOTES, PAPER_ONE, "usesTechnique", FLOW, "It trains with flow matching.")
    add_relation(notes, NOTES, PAPER_ONE, "fromOrganization", LAB, "Acme Lab made it.", start=40)

    digest = ds.graph(graph_iri(DIGEST))
    add_document_node(digest, DIGEST)
    add_entity(digest, PAPER_TWO, "Paper", "Rectified Flows at Scale", arxiv="2401.00002")
    add_entity(digest, FLOW, "Technique", "flow matching")
    add_relation(digest, DIGEST, PAPER_TWO, "usesTechnique", FLOW, "Scaled flow matching.")
    return ds


def test_counts_entities_found_in_documents_and_vocabulary_apart():
    result = graph_stats(_dataset())
    assert result["entities"] == {"Organization": 1, "Paper": 2, "Technique": 1}
    assert result["vocabulary"] == {"Technique": 2}


def test_counts_relations_without_the_taxonomy():
    result = graph_stats(_dataset())
    assert result["relations"] == {"fromOrganization": 1, "usesTechnique": 2}


def test_counts_per_document():
    result = graph_stats(_dataset())
    assert result["documents"] == {
        DIGEST: {"Paper": 1, "Technique": 1},
        NOTES: {"Organization": 1, "Paper": 1, "Technique": 1},
    }


def test_most_connected_ranks_the_shared_technique_first():
    result = graph_stats(_dataset(), top=1)
    techniques = result["most_connected"]["Technique"]
    assert len(techniques) == 1
    label, degree, _rank = techniques[0]
    assert (label, degree) == ("flow matching", 2)
    assert all(len(rows) <= 1 for rows in result["most_connected"].values())


def test_an_empty_dataset_has_no_counts():
    result = graph_stats(Dataset())
    assert result == {"entities": {}, "vocabulary": {}, "relations": {}, "documents": {}, "most_connected": {}}


def test_format_stats_lists_every_section():
    text = format_stats(graph_stats(_dataset()))
    assert text.endswith("\n")
    lines = text.splitlines()
    for header in ("entities:", "relations:", "per document:", "most connected (degree, pagerank):"):
        assert header in lines
    assert "vocabulary only (not found in a document): 2 Technique" in lines
    assert f"  {NOTES}: 1 Organization, 1 Paper, 1 Technique" in lines
    assert any(line.strip() == "usesTechnique      2" for line in lines)
    assert any(line.startswith("  Technique: flow matching (2, ") for line in lines)


def test_format_stats_leaves_out_an_empty_vocabulary_line():
    text = format_stats(graph_stats(Dataset()))
    assert "vocabulary only" not in text
