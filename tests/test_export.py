"""kg.export on a hand-built dataset (tests/rdf_fixtures.py): the JSON contract and RDF syntaxes."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import KGError
from kg.export import export_json, serialize
from kg.namespaces import VOCAB_GRAPH, graph_iri
from tests.rdf_fixtures import (
    ATTENTION,
    COMPVIS,
    DALLE2,
    DALLE2_PAPER,
    DIFFUSION,
    DOC_A,
    DOC_B,
    GAN,
    LATENT_DIFFUSION,
    LDM_PAPER,
    LDM_REPO,
    STABLE_DIFFUSION,
    two_documents,
)


@pytest.fixture(scope="module")
def data():
    return export_json(two_documents())


def by_id(data):
    return {e["id"]: e for e in data["entities"]}


def relation(data, s, p, o):
    (r,) = [r for r in data["relations"] if (r["subject"], r["predicate"], r["object"]) == (str(s), p, str(o))]
    return r


def test_top_level_shape(data):
    assert set(data) == {"entities", "relations"}
    ids = [e["id"] for e in data["entities"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    keys = [(r["subject"], r["predicate"], r["object"]) for r in data["relations"]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_paper_entity_exactly(data):
    assert by_id(data)[str(LDM_PAPER)] == {
        "id": str(LDM_PAPER),
        "type": "Paper",
        "label": "High-Resolution Image Synthesis with Latent Diffusion Models",
        "aliases": [],
        "arxiv": "2112.10752",
        "year": 2022,
        "url": "https://arxiv.org/abs/2112.10752",
        "sources": [DOC_A, DOC_B],
    }


def test_unknown_facts_are_null(data):
    entities = by_id(data)
    assert entities[str(DALLE2)] == {
        "id": str(DALLE2),
        "type": "Model",
        "label": "DALL·E 2",
        "aliases": ["DALL-E 2"],
        "arxiv": None,
        "year": None,
        "url": None,
        "sources": [DOC_B],
    }
    assert entities[str(DALLE2_PAPER)]["url"] is None
    assert entities[str(LDM_REPO)]["url"] == "https://github.com/CompVis/latent-diffusion"
    for e in data["entities"]:
        assert e["year"] is None or type(e["year"]) is int
        assert e["arxiv"] is None or isinstance(e["arxiv"], str)


def test_sources_are_document_base_names_and_vocabulary_is_not_a_source(data):
    entities = by_id(data)
    assert entities[str(ATTENTION)]["sources"] == [DOC_A, DOC_B]
    assert entities[str(DIFFUSION)]["sources"] == [DOC_B]
    assert entities[str(COMPVIS)]["sources"] == [DOC_A]
    # a concept only the vocabulary graph holds is not an entity of the documents
    assert str(GAN) not in entities
    assert {s for e in data["entities"] for s in e["sources"]} == {DOC_A, DOC_B}


def test_aliases_exclude_the_label(data):
    tech = by_id(data)[str(LATENT_DIFFUSION)]
    assert tech["label"] == "latent diffusion model"
    assert tech["aliases"] == ["LDM"]


def test_support_counts_distinct_documents_and_confidence_is_the_best(data):
    r = relation(data, LDM_PAPER, "usesTechnique", ATTENTION)
    assert r["support"] == 2
    assert r["confidence"] == 0.95
    assert [(e["source"], e["start"], e["end"], e["text"]) for e in r["evidence"]] == [
        (DOC_A, 90, 90 + len("Cross-attention layers turn LDMs into flexible generators."),
         "Cross-attention layers turn LDMs into flexible generators."),
        (DOC_B, 330, 330 + len("Latent diffusion also relies on cross-attention."),
         "Latent diffusion also relies on cross-attention."),
    ]
    single = relation(data, STABLE_DIFFUSION, "buildsOn", LDM_PAPER)
    assert single["support"] == 1
    assert single["confidence"] == 0.8


def test_relation_exactly(data):
    assert relation(data, LDM_PAPER, "hasCode", LDM_REPO) == {
        "subject": str(LDM_PAPER),
        "predicate": "hasCode",
        "object": str(LDM_REPO),
        "confidence": 1.0,
        "support": 1,
        "evidence": [{
            "source": DOC_A,
            "start": 250,
            "end": 250 + len("Code: github.com/CompVis/latent-diffusion"),
            "text": "Code: github.com/CompVis/latent-diffusion",
            "method": "test",
            "confidence": 1.0,
        }],
    }


def test_every_relation_has_typed_evidence(data):
    assert len(data["relations"]) == 14
    for r in data["relations"]:
        assert r["evidence"]
        assert r["support"] == len({e["source"] for e in r["evidence"]})
        for e in r["evidence"]:
            assert {"source", "start", "end", "text"} <= set(e)
            assert type(e["start"]) is int and type(e["end"]) is int and e["start"] < e["end"]
            assert e["source"] in (DOC_A, DOC_B)


def test_taxonomy_is_not_a_relation(data):
    assert {r["predicate"] for r in data["relations"]} == {
        "usesTechnique", "fromOrganization", "authoredBy", "hasCode", "buildsOn"}


def test_empty_dataset():
    assert export_json(rdflib.Dataset()) == {"entities": [], "relations": []}


def test_serialize_json_is_the_export_as_text():
    text = serialize(two_documents(), "json")
    assert text.endswith("}\n")
    assert "DALL·E 2" in text  # not escaped
    assert json.loads(text) == export_json(two_documents())


def test_serialize_trig_keeps_every_named_graph():
    ds = two_documents()
    back = rdflib.Dataset()
    back.parse(data=serialize(ds, "trig"), format="trig")
    for name in (graph_iri(DOC_A), graph_iri(DOC_B), VOCAB_GRAPH):
        assert isomorphic(back.graph(name), ds.graph(name)), name


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_serialize_union_formats(fmt, parse_as):
    ds = two_documents()
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    back = rdflib.Graph().parse(data=serialize(ds, fmt), format=parse_as)
    assert isomorphic(back, union)


def test_unknown_format_is_a_kg_error():
    with pytest.raises(KGError, match="unknown export format 'xml'"):
        serialize(two_documents(), "xml")
