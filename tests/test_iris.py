from rdflib import URIRef

from kg.iris import MAX_SLUG, entity_iri, slug
from kg.namespaces import ID


def test_entity_iri_examples_from_the_contract():
    assert entity_iri("Technique", "diffusion model") == ID["technique/diffusion-model"]
    assert entity_iri("Paper", "arxiv:2112.10752") == ID["paper/arxiv-2112.10752"]
    assert isinstance(entity_iri("Model", "DALL·E 2"), URIRef)


def test_slug_lowercases_transliterates_and_collapses_separators():
    assert slug("DALL·E 2") == "dall-e-2"
    assert slug("ETH Zürich") == "eth-zurich"
    assert (
        slug("École Polytechnique Fédérale de Lausanne")
        == "ecole-polytechnique-federale-de-lausanne"
    )
    assert slug("  --Group   Normalization!! ") == "group-normalization"
    assert slug("Stability.ai") == "stability-ai"


def test_slug_keeps_dots_between_digits_only():
    assert slug("GPT-3.5") == "gpt-3.5"
    assert slug("wav2vec 2.0") == "wav2vec-2.0"
    assert slug("v1.2.") == "v1.2"


def test_slug_keeps_plus_signs_apart():
    assert slug("Zero123++") != slug("Zero123")
    assert slug("Zero123++") == "zero123-plus-plus"


def test_slug_is_stable_and_case_insensitive():
    assert slug("Diffusion Model") == slug("diffusion model") == slug("diffusion-model")
    assert entity_iri("TECHNIQUE", "x") == entity_iri("technique", "x")


def test_empty_slug_becomes_a_hash():
    value = slug("···")
    assert value and value.isalnum() and len(value) == 12
    assert slug("···") == value
    assert slug("！！") != value


def test_long_slug_is_cut_and_stays_unique():
    a = slug("a very long title " * 10 + "one")
    b = slug("a very long title " * 10 + "two")
    assert len(a) <= MAX_SLUG and len(b) <= MAX_SLUG
    assert a != b
    assert a.startswith("a-very-long-title")
    assert not a.startswith("-") and "--" not in a
