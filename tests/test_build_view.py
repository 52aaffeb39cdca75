"""The overview page of a large graph: the best-connected entities, chosen on the resolved graph."""

from __future__ import annotations

from kg.build import best_connected
from kg.iris import entity_iri
from kg.model import Assertion, Entity, Evidence, ResolvedGraph


def _ev(source: str = "a.md") -> Evidence:
    return Evidence(source, 0, 10, "A sentence.", "test", 0.9)


def _graph() -> ResolvedGraph:
    hub = Entity(str(entity_iri("Technique", "diffusion model")), "Technique", "diffusion model", sources=("a.md",))
    narrower = Entity(str(entity_iri("Technique", "latent diffusion")), "Technique", "latent diffusion",
                      attrs=(("broader", ("diffusion model",)),), sources=("a.md",))
    papers = [Entity(str(entity_iri("Paper", f"paper {i}")), "Paper", f"Paper {i}", sources=("a.md",)) for i in range(4)]
    loner = Entity(str(entity_iri("Person", "ada")), "Person", "Ada", sources=("a.md",))
    assertions = [Assertion(p.iri, "usesTechnique", hub.iri, _ev()) for p in papers]
    # stated twice (two documents): still one relation for the count
    assertions += [Assertion(papers[0].iri, "usesTechnique", narrower.iri, _ev(s)) for s in ("a.md", "b.md")]
    return ResolvedGraph(entities=(hub, narrower, *papers, loner), assertions=tuple(assertions),
                         documents=("a.md", "b.md"))


def test_a_small_graph_is_kept_whole():
    g = _graph()
    assert best_connected(g, 100) is g


def test_the_best_connected_entities_and_their_relations_are_kept():
    g = _graph()
    kept = best_connected(g, 3)
    labels = [e.label for e in kept.entities]
    # the hub (4 papers + its narrower term), Paper 0 (2 relations), latent diffusion (2: paper + broader)
    assert sorted(labels) == ["Paper 0", "diffusion model", "latent diffusion"]
    assert {(a.subject, a.object) for a in kept.assertions} == {
        (str(entity_iri("Paper", "paper 0")), str(entity_iri("Technique", "diffusion model"))),
        (str(entity_iri("Paper", "paper 0")), str(entity_iri("Technique", "latent diffusion"))),
    }
    assert len(kept.assertions) == 3  # both statements of one relation keep their evidence
    assert kept.documents == g.documents
