import json

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from kg import analytics
from kg.analytics import (
    centrality,
    communities,
    explain_path,
    summary,
    technique_cooccurrence,
    to_networkx,
    top_by_year,
    write_gexf,
    write_graphml,
)
from tests import rdf_fixtures as fx


@pytest.fixture(scope="module")
def G():
    return to_networkx(fx.two_documents())


# --- the empty graph ---------------------------------------------------------------------


@pytest.mark.parametrize("source", [Dataset(), Graph()], ids=["dataset", "graph"])
def test_empty_rdf_gives_empty_graph(source):
    G = to_networkx(source)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == 0 and G.number_of_edges() == 0


def test_every_function_handles_the_empty_graph(tmp_path):
    E = nx.MultiDiGraph()
    assert centrality(E) == {}
    assert communities(E) == {}
    assert explain_path(E, "a", "b") == {}
    assert technique_cooccurrence(E) == {}
    assert top_by_year(E) == {}
    assert top_by_year(E, type="Technique") == {}
    assert summary(E) == {}
    write_graphml(E, tmp_path / "e.graphml")
    write_gexf(E, tmp_path / "e.gexf")
    assert nx.read_graphml(tmp_path / "e.graphml").number_of_nodes() == 0
    assert nx.read_gexf(tmp_path / "e.gexf").number_of_nodes() == 0


# --- RDF -> networkx -------------------------------------------------------------------------


def test_nodes_are_the_typed_entities_only(G):
    # evidence statements and document nodes are not entities
    assert set(G) == {
        str(n)
        for n in (
            fx.LDM_PAPER,
            fx.DALLE2_PAPER,
            fx.DDPM_PAPER,
            fx.DIFFUSION,
            fx.LATENT_DIFFUSION,
            fx.ATTENTION,
            fx.GAN,
            fx.COMPVIS,
            fx.OPENAI,
            fx.BERKELEY,
            fx.ROMBACH,
            fx.STABLE_DIFFUSION,
            fx.DALLE2,
            fx.LDM_REPO,
        )
    }


def test_node_attributes(G):
    assert G.nodes[str(fx.LDM_PAPER)] == {
        "type": "Paper",
        "label": "High-Resolution Image Synthesis with Latent Diffusion Models",
        "arxiv": "2112.10752",
        "year": 2022,
        "url": "https://arxiv.org/abs/2112.10752",
        "sources": [fx.DOC_A, fx.DOC_B],
        "aliases": [],
    }
    diffusion = G.nodes[str(fx.DIFFUSION)]
    assert diffusion["type"] == "Technique"
    assert diffusion["aliases"] == ["DDPM", "diffusion models"]
    assert diffusion["year"] is None and diffusion["arxiv"] is None
    # sources come from document graphs only, never the vocabulary graph
    assert diffusion["sources"] == [fx.DOC_B]
    assert G.nodes[str(fx.GAN)]["sources"] == []
    assert G.nodes[str(fx.LDM_REPO)]["url"] == "https://github.com/CompVis/latent-diffusion"
    assert G.nodes[str(fx.DALLE2)]["aliases"] == ["DALL-E 2"]


def test_relation_edges_carry_support_confidence_and_evidence(G):
    edge = G.edges[str(fx.LDM_PAPER), str(fx.ATTENTION), "usesTechnique"]
    assert edge["predicate"] == "usesTechnique"
    assert edge["support"] == 2
    assert edge["confidence"] == pytest.approx(0.95)
    assert edge["evidence"] == [
        {
            "source": fx.DOC_A,
            "sentence": "Cross-attention layers turn LDMs into flexible generators.",
            "start": 90,
            "end": 90 + len("Cross-attention layers turn LDMs into flexible generators."),
        },
        {
            "source": fx.DOC_B,
            "sentence": "Latent diffusion also relies on cross-attention.",
            "start": 330,
            "end": 330 + len("Latent diffusion also relies on cross-attention."),
        },
    ]
    single = G.edges[str(fx.LDM_PAPER), str(fx.COMPVIS), "fromOrganization"]
    assert single["support"] == 1 and single["confidence"] == pytest.approx(0.8)


def test_broader_edges_between_techniques(G):
    edge = G.edges[str(fx.LATENT_DIFFUSION), str(fx.DIFFUSION), "broader"]
    assert edge["predicate"] == "broader"
    assert edge["evidence"] == [] and edge["support"] == 0 and edge["confidence"] is None


def test_edge_keys_are_predicate_names(G):
    keys = sorted(k for _, _, k in G.edges(keys=True))
    assert keys.count("usesTechnique") == 7
    assert set(keys) == {
        "usesTechnique",
        "fromOrganization",
        "authoredBy",
        "hasCode",
        "buildsOn",
        "broader",
    }


def test_plain_graph_has_entities_without_sources():
    ds = fx.two_documents()
    plain = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        plain.add((s, p, o))
    G = to_networkx(plain)
    reference = to_networkx(ds)
    assert set(G) == set(reference)
    assert sorted(G.edges(keys=True)) == sorted(reference.edges(keys=True))
    assert all(data["sources"] == [] for _, data in G.nodes(data=True))
    # support still counts the documents named by the evidence
    assert G.edges[str(fx.LDM_PAPER), str(fx.ATTENTION), "usesTechnique"]["support"] == 2


# --- analytics ----------------------------------------------------------------------------


def test_centrality_per_type(G):
    result = centrality(G, top=2)
    assert set(result) == {"Paper", "Person", "Organization", "Technique", "Model", "Repository"}
    assert all(len(rows) <= 2 for rows in result.values())
    label, degree, rank = result["Technique"][0]
    assert (label, degree) == ("diffusion model", 4)
    assert rank == max(r for _, _, r in result["Technique"])
    assert sum(r for rows in centrality(G, top=100).values() for _, _, r in rows) == (
        pytest.approx(1.0)
    )


def test_communities_cover_every_node(G):
    groups = communities(G)
    assert set(groups) == set(G)
    assert set(groups.values()) == set(range(len(set(groups.values()))))
    # the isolated technique is a community of its own
    gan = groups[str(fx.GAN)]
    assert [n for n, c in groups.items() if c == gan] == [str(fx.GAN)]


def test_explain_path_gives_relations_and_evidence(G):
    path = explain_path(G, "compvis", "OpenAI")
    assert path["source"] == "CompVis" and path["target"] == "OpenAI"
    assert path["length"] == 4
    assert [hop["relation"] for hop in path["hops"]] == [
        "fromOrganization",
        "usesTechnique",
        "usesTechnique",
        "fromOrganization",
    ]
    first = path["hops"][0]
    assert first["subject"] == "High-Resolution Image Synthesis with Latent Diffusion Models"
    assert first["object"] == "CompVis"
    assert first["sentence"] == "Latent Diffusion Models by CompVis at LMU Munich."
    assert first["source"] == fx.DOC_A
    assert [n["type"] for n in path["nodes"]] == [
        "Organization",
        "Paper",
        "Technique",
        "Paper",
        "Organization",
    ]


def test_explain_path_matches_aliases(G):
    path = explain_path(G, "LMU Munich", "ddpm")
    assert path["source"] == "CompVis" and path["target"] == "diffusion model"


def test_explain_path_unknown_or_unconnected(G):
    assert explain_path(G, "CompVis", "no such thing") == {}
    assert explain_path(G, "CompVis", "GAN") == {}


def test_technique_cooccurrence(G):
    assert technique_cooccurrence(G) == {
        ("attention", "diffusion model"): 1,
        ("attention", "latent diffusion model"): 1,
    }
    assert len(technique_cooccurrence(G, top=1)) == 1


def test_top_by_year(G):
    assert top_by_year(G) == {2020: [("UC Berkeley", 1)], 2022: [("CompVis", 1), ("OpenAI", 1)]}
    assert top_by_year(G, type="Technique", top=1) == {
        2020: [("diffusion model", 1)],
        2022: [("attention", 2)],
    }


def test_summary(G):
    assert summary(G) == {
        "nodes": 14,
        "edges": 15,
        "types": {
            "Model": 2,
            "Organization": 3,
            "Paper": 3,
            "Person": 1,
            "Repository": 1,
            "Technique": 4,
        },
        "predicates": {
            "authoredBy": 1,
            "broader": 1,
            "buildsOn": 2,
            "fromOrganization": 3,
            "hasCode": 1,
            "usesTechnique": 7,
        },
    }


# --- GraphML / GEXF -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "write, read",
    [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)],
    ids=["graphml", "gexf"],
)
def test_export_round_trip(G, tmp_path, write, read):
    path = tmp_path / "graph.out"
    write(G, path)
    back = read(path)
    assert set(back) == set(G)
    assert back.number_of_edges() == G.number_of_edges()
    paper = back.nodes[str(fx.LDM_PAPER)]
    assert paper["label"] == G.nodes[str(fx.LDM_PAPER)]["label"]
    assert paper["type"] == "Paper"
    assert int(paper["year"]) == 2022
    assert paper["sources"] == f"{fx.DOC_A}; {fx.DOC_B}"
    predicates = sorted(d["predicate"] for _, _, d in back.edges(data=True))
    assert predicates == sorted(k for _, _, k in G.edges(keys=True))
    attention = [
        d for u, v, d in back.edges(data=True) if (u, v) == (str(fx.LDM_PAPER), str(fx.ATTENTION))
    ]
    assert len(attention) == 1
    assert attention[0]["support"] == 2
    evidence = json.loads(attention[0]["evidence"])
    assert [e["source"] for e in evidence] == [fx.DOC_A, fx.DOC_B]


def test_export_keeps_parallel_edges(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a", type="Paper", label="A", sources=[], aliases=[], year=None)
    G.add_node("b", type="Technique", label="B", sources=[], aliases=["b"], year=None)
    G.add_edge("a", "b", key="usesTechnique", predicate="usesTechnique", evidence=[])
    G.add_edge("a", "b", key="introduces", predicate="introduces", evidence=[])
    analytics.write_graphml(G, tmp_path / "p.graphml")
    analytics.write_gexf(G, tmp_path / "p.gexf")
    for back in (nx.read_graphml(tmp_path / "p.graphml"), nx.read_gexf(tmp_path / "p.gexf")):
        assert sorted(d["predicate"] for _, _, d in back.edges(data=True)) == [
            "introduces",
            "usesTechnique",
        ]


# --- a built graph (issue 13, item 4) ----------------------------------------------------------


def test_task_hierarchy_of_a_built_graph_reaches_networkx(tmp_path):
    """tasks.yaml's broader links (skos:broader between tasks) are edges, like the techniques'."""
    from kg.build import build
    from kg.iris import entity_iri
    from kg.store import open_store

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(
        "# Notes\n\nOpenAI studies text-to-image generation with a diffusion model.\n", encoding="utf-8")
    build([docs], tmp_path / "out", view=False)
    with open_store(tmp_path / "out") as st:
        G = to_networkx(st.dataset())
    task, parent = str(entity_iri("Task", "text-to-image generation")), str(entity_iri("Task", "image generation"))
    assert G.nodes[task]["type"] == G.nodes[parent]["type"] == "Task"
    assert G.has_edge(task, parent, key="broader")
    assert G.edges[task, parent, "broader"]["predicate"] == "broader"
