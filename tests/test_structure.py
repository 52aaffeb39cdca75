"""The structure pass (kg.extract.structure): papers, code, authors and references read from layout."""

from __future__ import annotations

import pytest

from kg.extract.builder import ExtractionBuilder
from kg.extract.structure import structure_pass
from kg.ingest import parse_document
from kg.vocab import load_vocabulary

SECTIONS = """# Weekly notes

## Consistency Trajectory Models for Sampling

Paper: https://arxiv.org/abs/2310.02279
Code: https://github.com/sony/ctm
Authors: Dongjun Kim, Chieh-Hsin Lai

A short summary of the method goes here.

## Scalable Diffusion Models with Transformers

Paper: https://arxiv.org/abs/2212.09748
"""

AWESOME_LIST = """# Reading list

- [Denoising Diffusion Implicit Models](https://arxiv.org/abs/2010.02502), Song et al., ICLR 2021 | [code](https://github.com/ermongroup/ddim)
- [Progressive Distillation for Fast Sampling](https://arxiv.org/abs/2202.00512), Salimans et al., ICLR 2022
- [Elucidating the Design Space of Diffusion Models](https://arxiv.org/abs/2206.00364), Karras et al., NeurIPS 2022
"""

TABLE = """# Results

| Paper | Code |
|---|---|
| [Video Diffusion Models](https://arxiv.org/abs/2204.03458) | [repo](https://github.com/lucidrains/video-diffusion-pytorch) |
| [Make-A-Video: Text-to-Video Generation](https://arxiv.org/abs/2209.14792) | none |
"""

REFERENCES = """# Notes

We build on prior work [1].

## References

1. Jonathan Ho, Ajay Jain, Pieter Abbeel. Denoising Diffusion Probabilistic Models. NeurIPS 2020. arXiv:2006.11239
2. Yang Song, Stefano Ermon. Generative Modeling by Estimating Gradients of the Data Distribution. 2019.
"""


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def _run(text: str, vocab, name: str = "notes.md"):
    doc = parse_document(name, text.encode("utf-8"))
    builder = ExtractionBuilder(doc.name, doc.sha256, doc.meta)
    result = structure_pass(doc, builder, vocab)
    return builder, result, builder.build()


def _labels(builder, ex, type_: str) -> list[str]:
    return [m.label for m in ex.mentions if m.type == type_]


def _facts(builder, ex) -> set[tuple[str, str, str]]:
    return {(builder.label_of(r.subject), r.predicate, builder.label_of(r.object)) for r in ex.relations}


def _attrs(ex, label: str) -> dict:
    [mention] = [m for m in ex.mentions if m.label == label]
    return dict(mention.attrs)


def test_a_heading_with_field_lines_is_a_paper_with_code_and_authors(vocab):
    b, _, ex = _run(SECTIONS, vocab)
    ctm, dit = "Consistency Trajectory Models for Sampling", "Scalable Diffusion Models with Transformers"
    assert _labels(b, ex, "Paper") == [ctm, dit]
    assert _attrs(ex, ctm)["arxiv"] == "2310.02279"
    assert _attrs(ex, dit)["arxiv"] == "2212.09748"
    facts = _facts(b, ex)
    assert {(ctm, "hasCode", "sony/ctm"), (ctm, "authoredBy", "Dongjun Kim"),
            (ctm, "authoredBy", "Chieh-Hsin Lai")} <= facts
    assert not any(s == dit for s, _, _ in facts)  # the second section has no code or authors
    assert "A short summary of the method goes here" not in _labels(b, ex, "Paper")


def test_each_section_is_a_unit_about_its_paper(vocab):
    b, result, _ = _run(SECTIONS, vocab)
    units = {u.heading: u for u in result.units}
    section = units["Consistency Trajectory Models for Sampling"]
    assert [b.label_of(p) for p in section.papers] == ["Consistency Trajectory Models for Sampling"]
    body = SECTIONS[section.start:section.end]
    assert "Code: https://github.com/sony/ctm" in body and "Scalable Diffusion" not in body
    assert not section.is_list and not section.is_references
    assert units["Weekly notes"].papers == []


def test_the_clean_text_keeps_every_offset(vocab):
    _, result, _ = _run(SECTIONS, vocab)
    assert len(result.clean) == len(SECTIONS)
    assert "https://" not in result.clean


def test_list_entries_give_each_line_its_own_paper_authors_venue_and_code(vocab):
    b, result, ex = _run(AWESOME_LIST, vocab)
    ddim = "Denoising Diffusion Implicit Models"
    assert _labels(b, ex, "Paper") == [ddim, "Progressive Distillation for Fast Sampling",
                                       "Elucidating the Design Space of Diffusion Models"]
    assert _labels(b, ex, "Venue") == ["ICLR 2021", "ICLR 2022", "NeurIPS 2022"]
    facts = _facts(b, ex)
    assert {(ddim, "authoredBy", "Song"), (ddim, "publishedAt", "ICLR 2021"), (ddim, "hasCode", "ermongroup/ddim"),
            ("Progressive Distillation for Fast Sampling", "authoredBy", "Salimans"),
            ("Elucidating the Design Space of Diffusion Models", "publishedAt", "NeurIPS 2022")} <= facts
    # the code link of the first line is not given to the others
    assert [(s, o) for s, p, o in facts if p == "hasCode"] == [(ddim, "ermongroup/ddim")]
    assert _attrs(ex, ddim)["year"] == 2021
    [unit] = [u for u in result.units if u.heading == "Reading list"]
    assert unit.is_list and len(unit.papers) == 3


def test_table_rows_are_papers_with_their_code(vocab):
    b, _, ex = _run(TABLE, vocab)
    mav = "Make-A-Video: Text-to-Video Generation"
    assert _labels(b, ex, "Paper") == ["Video Diffusion Models", mav]
    facts = _facts(b, ex)
    assert ("Video Diffusion Models", "hasCode", "lucidrains/video-diffusion-pytorch") in facts
    assert not any(s == mav and p == "hasCode" for s, p, _ in facts)
    assert (mav, "introduces", "Make-A-Video") in facts  # the name before the colon is the paper's model


def test_a_reference_list_gives_papers_authors_and_venues(vocab):
    b, result, ex = _run(REFERENCES, vocab)
    ddpm = "Denoising Diffusion Probabilistic Models"
    ncsn = "Generative Modeling by Estimating Gradients of the Data Distribution"
    assert _labels(b, ex, "Paper") == [ddpm, ncsn]
    assert _attrs(ex, ddpm)["arxiv"] == "2006.11239"
    assert _attrs(ex, ncsn)["year"] == 2019
    facts = _facts(b, ex)
    assert {(ddpm, "authoredBy", "Jonathan Ho"), (ddpm, "authoredBy", "Pieter Abbeel"),
            (ddpm, "publishedAt", "NeurIPS 2020"), (ncsn, "authoredBy", "Stefano Ermon")} <= facts
    assert (ncsn, "authoredBy", "Jonathan Ho") not in facts
    [refs] = [u for u in result.units if u.is_references]
    assert refs.heading == "References"
    assert [REFERENCES[a:z].split("\n")[0] for a, z in result.reference_ranges] == ["References"]


def test_prose_alone_names_no_paper(vocab):
    _, result, ex = _run("# Thoughts\n\nDiffusion models are fun to train and to sample from.\n", vocab)
    assert ex.mentions == ()
    assert ex.relations == ()
    assert result.reference_ranges == []
