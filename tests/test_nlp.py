"""The spaCy pipeline kg assembles: rule-based sentences, parsing only where a cue needs a tree
and tagging only where a method phrase needs its part-of-speech tags."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.extract import extract_all
from kg.extract.cues import needs_parse
from kg.extract.nlp import load_pipeline
from kg.extract.nlp_pass.patterns import needs_tags
from kg.ingest import parse_document


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_sentences_do_not_end_at_abbreviations_or_initials(nlp):
    text = ("Vaswani et al. at Google Brain replaced recurrence, e.g. with attention. "
            "The loss is in Fig. 2 and Eq. 3 of the paper by J. Smith. Does it work? Yes!")
    assert _sentences(nlp, text) == [
        "Vaswani et al. at Google Brain replaced recurrence, e.g. with attention.",
        "The loss is in Fig. 2 and Eq. 3 of the paper by J. Smith.",
        "Does it work?",
        "Yes!",
    ]


def test_sentences_end_at_blank_lines_finished_lines_and_list_items(nlp):
    text = "A heading without a stop\n\nFirst line ends here.\nSecond line.\n- an item\n- another item"
    assert _sentences(nlp, text) == [
        "A heading without a stop", "First line ends here.", "Second line.", "- an item", "- another item"]


def test_a_pictograph_bullet_starts_a_list_item(nlp):
    text = "What is new\n✅ a larger backbone\n➡️ a second encoder\nand x → y stays inside"
    assert _sentences(nlp, text) == [
        "What is new", "✅ a larger backbone", "➡️ a second encoder\nand x → y stays inside"]


def test_a_line_of_fields_set_apart_by_middle_dots_is_a_sentence_of_its_own(nlp):
    # a thread's reply header, then the reply: "Fair" opens the reply, not the header's sentence
    text = "▲ 198 · u/quiet_gradient (OP) · 3d\n  Fair, though the models are one layer deep."
    assert _sentences(nlp, text) == ["▲ 198 · u/quiet_gradient (OP) · 3d", "Fair, though the models are one layer deep."]


def test_a_hard_wrapped_sentence_stays_whole(nlp):
    text = "The model was trained by researchers\nat Google Research on a large corpus."
    assert len(_sentences(nlp, text)) == 1


def test_parser_runs_only_where_an_entity_needs_a_cue(nlp):
    doc = nlp("The weather was nice today. Researchers from NVIDIA released Instant NGP. "
              "NeRF is what the new method builds on. It builds on NeRF. We enjoyed the NeRF demo.")
    sents = list(doc.sents)
    # no cue word / an organisation / a cue word the tree may tie to NeRF /
    # a cue word just before NeRF (counts without the tree) / no cue word
    assert [needs_parse(s) for s in sents] == [False, True, True, False, False]
    # a parsed sentence has a real tree: the lab hangs off "from"
    nvidia = next(e for e in doc.ents if e.text == "NVIDIA")
    assert nvidia.root.dep_ == "pobj" and nvidia.root.head.lower_ == "from"
    # the others are flat: every token under the first, which no cue matches
    for sent in (sents[0], sents[3], sents[4]):
        assert sent[0].dep_ == "ROOT"
        assert all(t.head.i == sent.start and t.dep_ == "dep" for t in sent[1:])


def test_tagger_runs_only_where_a_method_phrase_may_be(nlp):
    doc = nlp("The weather was nice today. They suggest pruning and use layer pruning. "
              "Researchers from NVIDIA released Instant NGP.")
    weather, methods, lab = list(doc.sents)
    assert needs_tags(methods) and not needs_tags(weather) and not needs_tags(lab)
    tags = {t.text: t.tag_ for t in methods}
    assert tags["suggest"].startswith("VB") and tags["layer"].startswith("NN")
    # a sentence with no candidate is not tagged, even where it is parsed for its lab
    assert not any(t.tag_ for t in weather) and not any(t.tag_ for t in lab)
    assert lab[2].dep_ != "dep"  # ... and still has its real tree


def test_without_the_parser_nothing_is_tagged():
    doc = load_pipeline(parse="none")("They suggest pruning and use layer pruning.")
    assert not any(t.tag_ for t in doc)


@pytest.mark.slow  # loads a second pipeline and parses every sentence
def test_needed_parsing_reads_the_same_relations_as_parsing_everything():
    text = """# Notes

## Instant NGP
Paper: [Instant Neural Graphics Primitives](https://arxiv.org/abs/2201.05989)

Researchers from NVIDIA trained a NeRF in seconds. It builds on NeRF and uses a hash encoding.
The weather was nice that week. Thomas Müller, a researcher at NVIDIA, presented the work.
"""
    doc = parse_document("notes.md", text.encode())
    needed = next(extract_all([doc], nlp=load_pipeline(parse="needed")))
    everything = next(extract_all([doc], nlp=load_pipeline(parse="all")))

    def relations(ex):
        labels = {m.id: m.label for m in ex.mentions}
        return {(labels[r.subject], r.predicate, labels[r.object], r.evidence.method) for r in ex.relations}

    assert relations(needed) == relations(everything)
    found = relations(needed)
    assert ("Instant Neural Graphics Primitives", "fromOrganization", "NVIDIA", "dep:organization") in found
    # read through the tree, or (the higher confidence, so the one kept) by the cue before the name
    assert {m for s, p, o, m in found if (s, p, o) == (
        "Instant Neural Graphics Primitives", "buildsOn", "neural radiance field")} & {
        "ruler:dep:builds-on", "pattern:builds-on-cue"}


def test_workers_give_the_same_extractions_in_the_same_order():
    texts = {
        "a.md": "# A list\n\n1. [Imagen: Photorealistic Text-to-Image Diffusion Models](https://arxiv.org/abs/2205.11487)"
                " by Chitwan Saharia and Jonathan Ho (Google Research)\n",
        "b.txt": "Researchers from Meta released Make-A-Video, which builds on diffusion models.\n",
        "c.md": "## NeRF\nNeRF represents a scene as a neural radiance field; see https://arxiv.org/abs/2003.08934.\n",
    }
    docs = [parse_document(name, text.encode()) for name, text in texts.items()]
    serial = list(extract_all(docs, n_process=1))
    parallel = list(extract_all(docs, n_process=2))
    assert [ex.document for ex in parallel] == list(texts)
    assert parallel == serial


def test_unknown_parse_mode_is_refused():
    with pytest.raises(ValueError, match="parse must be one of"):
        load_pipeline(parse="sometimes")


def test_vocabulary_forms_tokenized_together_match_one_by_one(nlp):
    from kg.extract.nlp import _tokenize_lines

    forms = ["Mask R-CNN", "U-Net", "GPT-3.5", "diffusion models", "Zero123++", "e.g. thing", "a  b", "x", ""]
    together = [[t.text for t in d] for d in _tokenize_lines(nlp, forms)]
    alone = [[t.text for t in d] for d in nlp.tokenizer.pipe(forms)]
    assert together == alone
    assert together[0] == ["Mask", "R", "-", "CNN"]


def test_the_stages_after_extraction_load_no_language_model():
    # resolving, writing and querying a graph must not pay for importing spaCy
    code = "import sys, kg.resolve, kg.extract, kg.rdf, kg.store; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
