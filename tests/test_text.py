"""Text helpers of the extraction passes: markup masking, titles, names and sentences."""

from __future__ import annotations

import pytest

from kg.extract.text import (
    entity_key,
    looks_like_title,
    mask_markup,
    name_like,
    sentence_around,
    squash,
    strip_marker,
)

MARKDOWN = """# A heading
> quoted **bold** text
- see [the label](https://example.org/a_(b)) and <b>tag</b> &amp; more
1. ![an image](pic.png) `code` and www.example.com/page
| cell one | cell two |
"""


def test_mask_markup_keeps_every_offset():
    clean = mask_markup(MARKDOWN)
    assert len(clean) == len(MARKDOWN)
    assert [i for i, c in enumerate(MARKDOWN) if c == "\n"] == [i for i, c in enumerate(clean) if c == "\n"]
    for word in ("heading", "quoted", "bold", "label", "tag", "more", "code", "cell one"):
        at = MARKDOWN.index(word)
        assert clean[at : at + len(word)] == word


def test_mask_markup_blanks_the_syntax():
    clean = mask_markup(MARKDOWN)
    for syntax in ("#", ">", "**", "](", "https://", "<b>", "&amp;", "![", "pic.png", "`", "www.", "|"):
        assert syntax not in clean, syntax
    assert squash(clean.splitlines()[2]) == "see the label and tag more"


def test_squash_collapses_whitespace():
    assert squash("  a\n\tb   c ") == "a b c"


@pytest.mark.parametrize("title, expected", [
    ("Latent Diffusion Models [12]", ("Latent Diffusion Models", 12)),
    ("Latent Diffusion Models [ 3 ] ", ("Latent Diffusion Models", 3)),
    ("  No Marker Here ", ("No Marker Here", None)),
    ("Marker [12] in the middle", ("Marker [12] in the middle", None)),
])
def test_strip_marker(title, expected):
    assert strip_marker(title) == expected


@pytest.mark.parametrize("text", [
    "Denoising Diffusion Probabilistic Models",
    "Scaling Laws for Neural Language Models",
    "Attention Is All You Need, Vaswani et al.",
])
def test_titles(text):
    assert looks_like_title(text)


@pytest.mark.parametrize("text", [
    "",
    "Galactica",  # one word
    "https://arxiv.org/abs/2301.00001 is the paper",
    "#diffusion models rock",
    "Is this a title?",
    "This is a sentence about the weather.",
    "Figure 4: FID against training images",
    "Table 2 - Results on the benchmark",
    " ".join(["word"] * 31),
    "12 34 56 78",
])
def test_not_titles(text):
    assert not looks_like_title(text)


@pytest.mark.parametrize("text", ["DALL·E 2", "MVDream", "Imagic", "Make-A-Video", "pixelNeRF", "3D-GPT",
                                  "Stable Diffusion XL"])
def test_names(text):
    assert name_like(text)


@pytest.mark.parametrize("text", ["", "diffusion", "a", "the model we trained", "One Two Three Four Five"])
def test_not_names(text):
    assert not name_like(text)


def test_sentence_around_finds_the_sentence_of_a_span():
    text = "First one here. The second sentence has Imagen in it. Third.\nNext line."
    start = text.index("Imagen")
    left, right = sentence_around(text, start, start + len("Imagen"))
    assert text[left:right].strip() == "The second sentence has Imagen in it."


def test_sentence_around_stops_at_a_line_break():
    text = "heading line\nbody with Parti inside\nlast"
    start = text.index("Parti")
    left, right = sentence_around(text, start, start + 5)
    assert text[left:right].strip() == "body with Parti inside"


def test_sentence_around_is_bounded():
    text = "x" * 1000 + " Name " + "y" * 1000
    start = text.index("Name")
    left, right = sentence_around(text, start, start + 4, limit=50)
    assert start - 50 <= left <= start and start + 4 <= right <= start + 4 + 50


def test_entity_key_normalises_and_keeps_plus_apart():
    assert entity_key("Model", "Zero123") == entity_key("model", "zero123")
    assert entity_key("Model", "Zero123") != entity_key("Model", "Zero123++")
    assert entity_key("Model", "Zero123").startswith("label:model:")
    assert entity_key("Model", "Imagen") != entity_key("Dataset", "Imagen")


def test_mask_markup_blanks_the_module_lines_of_an_mdx_page():
    text = "import TabItem from '@theme/TabItem';\nimport './x.css';\n\nWe import ideas from NeRF.\n"
    masked = mask_markup(text)
    assert len(masked) == len(text)
    assert "TabItem" not in masked and "x.css" not in masked
    assert "We import ideas from NeRF." in masked


def test_a_question_in_title_case_is_a_title_but_chatter_is_not():
    assert looks_like_title("Are Emergent Abilities of Large Language Models a Mirage?")
    assert looks_like_title("SWE-bench: Can Language Models Resolve Real-World GitHub Issues?")
    assert not looks_like_title("Curious what people think of this one?")
