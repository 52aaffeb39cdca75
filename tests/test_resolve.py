"""Resolution on hand-made extractions: what merges, what stays apart, stable IRIs."""

from __future__ import annotations

import random

import pytest

from kg.iris import entity_iri
from kg.model import Assertion, Evidence, Extraction, Mention, Relation
from kg.resolve import resolve

LDM_TITLE = "High-Resolution Image Synthesis with Latent Diffusion Models"


def ev(doc: str, start: int = 0, sentence: str = "a sentence", method: str = "test", confidence: float = 0.9):
    return Evidence(doc, start, start + len(sentence), sentence, method, confidence)


def paper(doc, mid, title, arxiv=None, year=None, start=0, **attrs):
    from kg.extract.citations import normalize_title

    keys = ([f"arxiv:{arxiv}"] if arxiv else []) + [f"title:{normalize_title(title)}"]
    pairs = [("arxiv", arxiv), ("year", year), *attrs.items()]
    return Mention(mid, "Paper", title, tuple(keys), ev(doc, start, title),
                   attrs=tuple((k, v) for k, v in pairs if v is not None))


def named(doc, mid, type_, surface, canonical=None, start=0, **attrs):
    """A vocabulary mention as the NLP pass makes it: canonical label, surface form as alias."""
    from kg.extract.text import entity_key

    canonical = canonical or surface
    key = entity_key(type_, canonical)
    return Mention(mid, type_, canonical, (key,), ev(doc, start, surface), aliases=(surface,),
                   attrs=tuple(attrs.items()))


def person(doc, mid, name, start=0):
    return Mention(mid, "Person", name, (f"person:{name.casefold()}:{doc}",), ev(doc, start, name))


def extraction(doc, mentions, relations=()):
    return Extraction(doc, "0" * 64, tuple(mentions), tuple(relations))


def entities_of(resolved, type_):
    return [e for e in resolved.entities if e.type == type_]


# ---------------------------------------------------------------- papers


def test_same_arxiv_id_in_two_documents_is_one_paper_with_both_sources():
    a = extraction("a.md", [paper("a.md", "m0", LDM_TITLE, arxiv="2112.10752")])
    b = extraction("b.txt", [paper("b.txt", "p1", "Latent diffusion (arXiv:2112.10752)", arxiv="2112.10752")])
    resolved = resolve([a, b])
    (ldm,) = resolved.entities
    assert ldm.iri == str(entity_iri("Paper", "arxiv:2112.10752"))
    assert ldm.iri.endswith("/paper/arxiv-2112.10752")
    assert ldm.sources == ("a.md", "b.txt")
    assert ldm.attr("arxiv") == "2112.10752"
    assert ldm.label == LDM_TITLE
    assert "Latent diffusion (arXiv:2112.10752)" in ldm.aliases
    assert resolved.documents == ("a.md", "b.txt")


def test_title_only_mention_joins_the_arxiv_paper_with_that_title():
    a = extraction("a.md", [paper("a.md", "m0", LDM_TITLE, arxiv="2112.10752", year=2022)])
    # a reference list: title only, other capitalisation and punctuation
    b = extraction("b.md", [paper("b.md", "r7", "High-resolution image synthesis with latent diffusion models.")])
    resolved = resolve([a, b])
    (ldm,) = resolved.entities
    assert ldm.iri.endswith("/paper/arxiv-2112.10752")
    assert ldm.sources == ("a.md", "b.md")
    assert ldm.attr("year") == 2022


def test_title_only_papers_merge_by_normalised_title_and_get_a_title_iri():
    a = extraction("a.md", [paper("a.md", "m0", "Group Normalization")])
    b = extraction("b.md", [paper("b.md", "m3", "Group normalization [12]")])
    (gn,) = resolve([a, b]).entities
    assert gn.iri == str(entity_iri("Paper", "title:group normalization"))
    assert gn.sources == ("a.md", "b.md")
    assert gn.attr("arxiv") is None


def test_different_arxiv_ids_stay_apart_even_with_one_title():
    a = extraction("a.md", [paper("a.md", "m0", "Same Title Here", arxiv="2101.00001")])
    b = extraction("b.md", [paper("b.md", "m0", "Another Paper Entirely", arxiv="2101.00002")])
    assert len(resolve([a, b]).entities) == 2


def test_year_from_the_text_wins_over_the_arxiv_id_year():
    a = extraction("a.md", [paper("a.md", "m0", LDM_TITLE, arxiv="2112.10752", arxiv_year=2021)])
    b = extraction("b.md", [paper("b.md", "m0", LDM_TITLE, year=2022)])
    (ldm,) = resolve([a, b]).entities
    assert ldm.attr("year") == 2022
    assert ldm.attr("arxiv_year") is None
    (alone,) = resolve([a]).entities
    assert alone.attr("year") == 2021


# ---------------------------------------------------------------- people


def authored(doc, paper_id, person_id, start=0):
    return Relation(paper_id, "authoredBy", person_id, ev(doc, start, "by ..."))


def test_person_name_variants_merge():
    """Two author lists of one paper: "Taco S. Cohen" and "Cohen, T." are one person."""
    a = extraction("a.md", [paper("a.md", "m0", "Group Equivariant Convolutional Networks"),
                            person("a.md", "m1", "Taco S. Cohen")], [authored("a.md", "m0", "m1")])
    b = extraction("b.md", [paper("b.md", "m0", "Group equivariant convolutional networks"),
                            person("b.md", "m4", "Cohen, T.")], [authored("b.md", "m0", "m4")])
    resolved = resolve([a, b])
    (cohen,) = entities_of(resolved, "Person")
    assert cohen.label == "Taco S. Cohen"
    assert cohen.aliases == ("Cohen, T.",)
    assert cohen.sources == ("a.md", "b.md")
    assert cohen.iri == str(entity_iri("Person", "Taco S. Cohen"))
    (gcnn,) = entities_of(resolved, "Paper")
    assert {(x.subject, x.object) for x in resolved.assertions} == {(gcnn.iri, cohen.iri)}


def test_initials_join_a_full_name_in_the_same_document():
    a = extraction("a.md", [person("a.md", "m1", "Taco S. Cohen"), person("a.md", "m2", "T. Cohen", start=50)])
    (cohen,) = resolve([a]).entities
    assert cohen.label == "Taco S. Cohen"
    assert cohen.aliases == ("T. Cohen",)


def test_people_with_different_given_names_stay_apart():
    a = extraction("a.md", [person("a.md", "m1", "Tom Cohen")])
    b = extraction("b.md", [person("b.md", "m1", "Taco Cohen")])
    people = resolve([a, b]).entities
    assert sorted(e.label for e in people) == ["Taco Cohen", "Tom Cohen"]
    assert len({e.iri for e in people}) == 2
    assert all(len(e.sources) == 1 for e in people)


def test_initials_join_the_full_name_of_a_shared_paper():
    a = extraction("a.md", [paper("a.md", "m0", LDM_TITLE, arxiv="2112.10752"),
                            person("a.md", "m1", "Robin Rombach"), person("a.md", "m2", "Björn Ommer")],
                   [authored("a.md", "m0", "m1"), authored("a.md", "m0", "m2")])
    b = extraction("b.md", [paper("b.md", "m0", LDM_TITLE),
                            person("b.md", "m1", "Rombach, R."), person("b.md", "m2", "B. Ommer")],
                   [authored("b.md", "m0", "m1"), authored("b.md", "m0", "m2")])
    people = {e.label: e for e in entities_of(resolve([a, b]), "Person")}
    assert set(people) == {"Robin Rombach", "Björn Ommer"}
    assert people["Robin Rombach"].sources == ("a.md", "b.md")
    assert people["Robin Rombach"].aliases == ("Rombach, R.",)
    assert people["Björn Ommer"].aliases == ("B. Ommer",)


def test_ambiguous_initial_joins_neither_full_name():
    a = extraction("a.md", [person("a.md", "m1", "Tom Cohen"), person("a.md", "m2", "Taco Cohen")])
    b = extraction("b.md", [person("b.md", "m1", "T. Cohen")])
    people = {e.label: e for e in resolve([a, b]).entities}
    assert set(people) == {"Tom Cohen", "Taco Cohen", "T. Cohen"}
    assert people["T. Cohen"].sources == ("b.md",)


# ---------------------------------------------------------------- look-alike names


@pytest.mark.parametrize("first, second", [
    ("StyleGAN", "StyleGAN2"), ("GPT-3", "GPT-4"), ("DALL·E", "DALL·E 2"), ("GPT-4", "GPT-4o"),
    ("Zero123", "Zero123++"),
])
def test_look_alike_model_names_stay_apart(first, second):
    a = extraction("a.md", [named("a.md", "m1", "Model", first)])
    b = extraction("b.md", [named("b.md", "m1", "Model", second), named("b.md", "m2", "Model", first, start=20)])
    models = {e.label: e for e in resolve([a, b]).entities}
    assert set(models) == {first, second}
    assert models[first].iri != models[second].iri
    assert models[first].sources == ("a.md", "b.md")
    assert models[second].sources == ("b.md",)


def test_vocabulary_aliases_with_one_canonical_key_merge():
    a = extraction("a.md", [named("a.md", "m1", "Model", "DALL·E 2")])
    b = extraction("b.md", [named("b.md", "m1", "Model", "Dall-e 2", canonical="DALL·E 2")])
    c = extraction("c.md", [named("c.md", "m1", "Model", "DALL.E-2", canonical="DALL·E 2")])
    (dalle,) = resolve([a, b, c]).entities
    assert dalle.label == "DALL·E 2"
    assert dalle.aliases == ("DALL.E-2", "Dall-e 2")  # the canonical surface is the label
    assert dalle.sources == ("a.md", "b.md", "c.md")
    assert dalle.iri.endswith("/model/dall-e-2")


def test_same_name_different_types_stay_apart():
    a = extraction("a.md", [named("a.md", "m1", "Technique", "transformer"),
                            named("a.md", "m2", "Model", "Transformer", start=30)])
    resolved = resolve([a])
    assert sorted(e.type for e in resolved.entities) == ["Model", "Technique"]
    assert len({e.iri for e in resolved.entities}) == 2


# ---------------------------------------------------------------- relations and stability


def two_documents():
    a = extraction(
        "a.md",
        [paper("a.md", "m0", LDM_TITLE, arxiv="2112.10752"),
         named("a.md", "m1", "Technique", "diffusion model", start=100),
         named("a.md", "m2", "Organization", "CompVis", start=150),
         person("a.md", "m3", "Robin Rombach", start=200)],
        [Relation("m0", "usesTechnique", "m1", ev("a.md", 90, "We train a diffusion model.")),
         Relation("m0", "fromOrganization", "m2", ev("a.md", 140, "CompVis trains it.", confidence=0.8)),
         Relation("m0", "authoredBy", "m3", ev("a.md", 190, "by Robin Rombach")),
         Relation("m1", "mentions", "m1", ev("a.md", 100, "self loops are dropped"))],
    )
    b = extraction(
        "b.md",
        [paper("b.md", "x", "Latent diffusion", arxiv="2112.10752"),
         named("b.md", "y", "Technique", "diffusion models", canonical="diffusion model"),
         person("b.md", "z", "Rombach, R.")],
        [Relation("x", "usesTechnique", "y", ev("b.md", 5, "Latent diffusion is a diffusion model.", confidence=0.6)),
         Relation("x", "authoredBy", "z", ev("b.md", 50, "Rombach, R., et al."))],
    )
    return a, b


def test_relations_point_at_entities_and_keep_their_evidence():
    resolved = resolve(two_documents())
    iri = {e.label: e.iri for e in resolved.entities}
    ldm, diffusion = iri[LDM_TITLE], iri["diffusion model"]
    uses = [a for a in resolved.assertions if a.predicate == "usesTechnique"]
    assert uses == [
        Assertion(ldm, "usesTechnique", diffusion, ev("a.md", 90, "We train a diffusion model.")),
        Assertion(ldm, "usesTechnique", diffusion,
                  ev("b.md", 5, "Latent diffusion is a diffusion model.", confidence=0.6)),
    ]
    authored = {(a.subject, a.object, a.evidence.source) for a in resolved.assertions if a.predicate == "authoredBy"}
    assert authored == {(ldm, iri["Robin Rombach"], "a.md"), (ldm, iri["Robin Rombach"], "b.md")}
    assert not [a for a in resolved.assertions if a.subject == a.object]
    assert len(resolved.assertions) == 5


def test_iris_are_stable_across_runs_and_input_order():
    a, b = two_documents()
    first = resolve([a, b])
    second = resolve([b, a])
    assert first == second
    rng = random.Random(7)
    shuffled = []
    for ex in (a, b):
        mentions = list(ex.mentions)
        rng.shuffle(mentions)
        shuffled.append(extraction(ex.document, mentions, ex.relations))
    third = resolve(reversed(shuffled))
    assert [e.iri for e in third.entities] == [e.iri for e in first.entities]
    assert third.entities == first.entities
    assert set(third.assertions) == set(first.assertions)
    # the IRIs are minted from canonical keys, not from document names or mention ids
    assert {e.iri for e in first.entities} == {
        str(entity_iri("Paper", "arxiv:2112.10752")),
        str(entity_iri("Technique", "diffusion model")),
        str(entity_iri("Organization", "CompVis")),
        str(entity_iri("Person", "Robin Rombach")),
    }


def test_empty_input():
    resolved = resolve([])
    assert resolved.entities == () and resolved.assertions == () and resolved.documents == ()


def _authored(doc, title, name):
    return extraction(doc, [paper(doc, "p", title), person(doc, "a", name)],
                      [Relation("p", "authoredBy", "a", ev(doc))])


def test_an_unrelated_document_never_renumbers_an_iri():
    a = _authored("b.md", "Wavelet flows", "W. Zhang")
    b = _authored("c.md", "Graph transformers at scale", "W. Zhang")
    before = {e.sources: e.iri for e in entities_of(resolve([a, b]), "Person")}
    assert len(set(before.values())) == 2
    newcomer = _authored("a.md", "Sparse mixtures of experts", "W. Zhang")
    after = {e.sources: e.iri for e in entities_of(resolve([newcomer, a, b]), "Person")}
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == 3


def test_labels_with_one_slug_are_one_entity_whatever_the_order():
    a = extraction("a.md", [named("a.md", "m1", "Model", "Stable Diffusion")])
    b = extraction("b.md", [named("b.md", "m1", "Model", "Stable-Diffusion")])
    (first,) = resolve([a, b]).entities
    (second,) = resolve([b, a]).entities
    assert first == second
    assert first.sources == ("a.md", "b.md")


def test_a_titled_paper_whose_arxiv_id_was_learnt_later_joins_the_paper_of_that_id():
    from kg.extract.citations import normalize_title

    titled = Mention("m0", "Paper", "Proximal Policy Optimization Algorithms",
                     (f"title:{normalize_title('Proximal Policy Optimization Algorithms')}",),
                     ev("notes.txt"), attrs=(("arxiv", "1707.06347"),))
    by_id = Mention("m1", "Paper", "Proximal Policy Optimization Algorithms", ("arxiv:1707.06347",),
                    ev("notes.txt", 40))
    papers = entities_of(resolve([extraction("notes.txt", [titled, by_id])]), "Paper")
    assert len(papers) == 1
    assert str(papers[0].iri) == str(entity_iri("Paper", "arxiv:1707.06347"))
