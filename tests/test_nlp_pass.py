"""The NLP relation pass (kg.extract.nlp_pass): names in prose related to the unit's paper."""

from __future__ import annotations

import pytest

from kg.extract.builder import ExtractionBuilder
from kg.extract.nlp_pass import NlpPass, technique_family
from kg.extract.nlp_pass.techniques import lower_long_form
from kg.extract.structure import structure_pass
from kg.ingest import parse_document
from kg.vocab import load_vocabulary

PAPER = "Fast Sampling of Diffusion Models with Learned Solvers"
SECTION = f"## {PAPER}\n\nPaper: https://arxiv.org/abs/2401.01234\n\n"


@pytest.fixture(scope="module")
def pipeline():
    from kg.extract.nlp import load_pipeline

    return load_pipeline(), load_vocabulary()  # loaded once: the model is the slow part


def _facts(text: str, pipeline) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) labels after the structure and NLP passes over `text`."""
    nlp, vocab = pipeline
    doc = parse_document("post.md", text.encode("utf-8"))
    builder = ExtractionBuilder(doc.name, doc.sha256, doc.meta)
    structure = structure_pass(doc, builder, vocab)
    nlp_pass = NlpPass(builder, doc.text, structure.units, vocab)
    for block in doc.blocks:
        if block.kind == "paragraph":
            nlp_pass.process(nlp(structure.clean[block.start:block.end]), block.start)
    ex = builder.build()
    return {(builder.label_of(r.subject), r.predicate, builder.label_of(r.object)) for r in ex.relations}


def test_prose_relates_organization_datasets_and_prior_work_to_the_paper(pipeline):
    facts = _facts(SECTION + "Researchers from Google Research trained the model on ImageNet and evaluated it "
                   "on COCO. It builds on Stable Diffusion.\n", pipeline)
    assert {(PAPER, "fromOrganization", "Google Research"), (PAPER, "evaluatedOn", "ImageNet"),
            (PAPER, "evaluatedOn", "COCO"), (PAPER, "buildsOn", "Stable Diffusion")} <= facts
    assert all(subject == PAPER for subject, _, _ in facts)


def test_a_negated_evaluation_is_only_a_mention(pipeline):
    facts = _facts(SECTION + "The authors did not evaluate on ImageNet.\n", pipeline)
    assert (PAPER, "mentions", "ImageNet") in facts
    assert (PAPER, "evaluatedOn", "ImageNet") not in facts


def test_prose_without_names_adds_no_relation(pipeline):
    assert _facts(SECTION + "The weather was nice and we went for a walk in the park.\n", pipeline) == set()


def test_names_outside_any_paper_section_are_related_to_nothing(pipeline):
    assert _facts("We had lunch. Google Research trained a model on ImageNet.\n", pipeline) == set()
    # nor to the paper of another section
    other = SECTION + "# Lunch\n\nWe had lunch. Google Research trained a model on ImageNet.\n"
    assert _facts(other, pipeline) == set()


@pytest.mark.parametrize("long_form, acronym, family", [
    ("Latent Consistency Model", "LCM", "generative model"),
    ("Neural Radiance Field", "", "neural radiance field"),
    ("Cascaded Diffusion", "", "diffusion model"),
    ("Wasserstein Generative Adversarial Network", "WGAN", "generative adversarial network"),
    ("Quiet Walk", "", None),
])
def test_technique_family_from_the_name(long_form, acronym, family):
    assert technique_family(long_form, acronym) == family


@pytest.mark.parametrize("before, acronym, long_form", [
    ("we train it with generalized advantage estimation", "GAE", "generalized advantage estimation"),
    ("then a whitening and coloring transform", "WCT", "whitening and coloring transform"),
    ("pretrained as a fully convolutional masked autoencoder", "FCMAE", "fully convolutional masked autoencoder"),
    ("fine-tuned with low-rank adaptation", "LoRA", "low-rank adaptation"),
    ("Reinforcement learning from human feedback", "RLHF", "reinforcement learning from human feedback"),
    ("measured on the data", "DT", None),       # one word is no long form
    ("learning from preference labels", "RLAIF", None),  # the letters are not there
])
def test_lower_case_long_form_of_an_acronym(before, acronym, long_form):
    assert lower_long_form(before.split(), acronym) == long_form


def test_lower_case_acronym_definitions_name_methods_but_not_metrics(pipeline):
    facts = _facts(SECTION + "The solver is trained with generalized advantage estimation (GAE) and "
                   "reported in frames per second (FPS) and word error rate (WER).\n", pipeline)
    used = {o for s, p, o in facts if p == "usesTechnique"}
    assert "generalized advantage estimation" in used
    assert not {"frames per second", "word error rate"} & {o for _, _, o in facts}


def test_a_name_the_text_calls_a_technique_is_one(pipeline):
    facts = _facts(SECTION + 'They rely on a trick called "frame recycling" to extend clips. A scheme known as '
                   "Step Skipping halves the cost, and an approach named cross-frame attention keeps it stable. "
                   "They compare with a method called CLIP.\n", pipeline)
    used = {o for s, p, o in facts if p == "usesTechnique"}
    assert {"frame recycling", "Step Skipping", "cross-frame attention"} <= used
    assert "named cross-frame attention" not in used  # the naming verb is not part of the name
    assert (PAPER, "usesTechnique", "CLIP") not in facts  # the vocabulary types CLIP as a model


def test_the_nearest_cue_decides_between_building_on_and_using(pipeline):
    # the U-Net hangs off "with", not off "builds on"; Magic-style "X's technique" is
    # the owner's technique, used, while the owner is what is built on
    facts = _facts(SECTION + "It builds on Stable Diffusion with a U-Net backbone twice as deep.\n\n"
                   "The sampler extends DreamFusion's score distillation sampling to video.\n", pipeline)
    assert (PAPER, "buildsOn", "Stable Diffusion") in facts
    assert (PAPER, "usesTechnique", "U-Net") in facts
    assert (PAPER, "buildsOn", "U-Net") not in facts
    assert (PAPER, "usesTechnique", "score distillation sampling") in facts
    assert (PAPER, "buildsOn", "score distillation sampling") not in facts


def test_pictograph_bullets_start_sentences(pipeline):
    # a post's "✅" lines are items of a list: the cue of one does not reach the next
    facts = _facts(SECTION + "Highlights of the release:\n✅ It builds on Stable Diffusion\n"
                   "✅ Its second text encoder is a ViT\n", pipeline)
    assert (PAPER, "buildsOn", "Stable Diffusion") in facts
    assert not {f for f in facts if f[1] == "buildsOn" and f[2] != "Stable Diffusion"}


def test_the_employer_of_a_job_is_not_the_papers_lab(pipeline):
    # a post's header gives its writer's job; the lab that made the paper is elsewhere
    facts = _facts(SECTION + "Lena Park • 1st\nPhD candidate in Robot Learning at ETH Zürich\n2d • 🌐\n\n"
                   "Researchers from Orvane Research trained the model.\n", pipeline)
    assert (PAPER, "fromOrganization", "Orvane Research") in facts
    assert not {o for s, p, o in facts if p == "fromOrganization" and o.startswith("ETH")}


def test_a_capitalised_word_qualifying_a_noun_is_no_lab(pipeline):
    facts = _facts(SECTION + "Their Tarragon models were trained by researchers at Orvane Research.\n", pipeline)
    labs = {o for s, p, o in facts if p == "fromOrganization"}
    assert "Orvane Research" in labs and "Tarragon" not in labs


def test_a_licence_a_footer_and_a_name_among_authors_are_no_labs(pipeline):
    facts = _facts(SECTION + "The code is MIT licensed, and the weights are free to use.\n\n"
                   "Researchers from Orvane Research trained the model.\n", pipeline)
    labs = {o for s, p, o in facts if p in ("fromOrganization", "mentions")}
    assert "Orvane Research" in labs
    assert not labs & {"Massachusetts Institute of Technology", "MIT"}


def test_a_name_the_model_calls_a_lab_among_people_is_another_person(pipeline):
    from spacy.tokens import Span

    from kg.extract.nlp_pass.organizations import _among_people

    nlp, _ = pipeline
    doc = nlp.make_doc("by Lena Park, Quint Avery and Tomas Berg (University of Oslo).")
    doc.ents = [Span(doc, 1, 3, "PERSON"), Span(doc, 4, 6, "ORG"), Span(doc, 7, 9, "PERSON"), Span(doc, 10, 13, "ORG")]
    assert _among_people(doc.ents[1])
    assert not _among_people(doc.ents[3])


def test_a_known_technique_ending_a_longer_method_phrase_is_its_broader_term(pipeline):
    # "quantization" is in the vocabulary; "double quantization" is the method named
    _, vocab = pipeline
    assert vocab.by_alias("quantization") is not None and vocab.by_alias("double quantization") is None
    facts = _facts(SECTION + "The adapters are trained with double quantization and a small batch.\n\n"
                   "A phone video is enough; elastic regularization keeps the deformation smooth.\n", pipeline)
    used = {o for s, p, o in facts if p == "usesTechnique"}
    assert {"double quantization", "elastic regularization"} <= used
    assert not used & {"quantization", "regularization"}


@pytest.mark.parametrize("sentence, technique", [
    ("Loving this one! #NeRF #graphics", "neural radiance field"),
    ("The small model matches Transformers twice its size.", "transformer"),
    ("BERT's masked language modeling only learns from masked tokens.", "masked language modeling"),
    ("BART (Lewis et al., 2020) sits in between: a denoising autoencoder for text.", "denoising autoencoder"),
])
def test_a_name_said_of_something_else_is_only_mentioned(pipeline, sentence, technique):
    # the section's paper has authors of its own (Novak), so a citation of Lewis is another paper's
    facts = _facts(SECTION + "By Ada Novak and Luis Ferreira.\n\n" + sentence + "\n", pipeline)
    assert (PAPER, "usesTechnique", technique) not in facts
    assert (PAPER, "mentions", technique) in facts


@pytest.mark.parametrize("byline, labs", [
    ("by Ada Novak, Luis Ferreira and Dara Osei (Orvane Research)\nmakes a simple point.", {"Orvane Research"}),
    ("by Ada Novak, Luis Ferreira and Dara Osei, all three at Orvane Research, is\nthe one to read.", {"Orvane Research"}),
    ("by Ada Novak, Luis C. Ferreira and Dara Osei.", set()),
])
def test_a_byline_on_its_own_line_gives_authors_and_their_lab(pipeline, byline, labs):
    text = "## A pick\n\n[Sparse Anchors for Large Scenes](https://arxiv.org/abs/2402.07777)\n" + byline + "\n"
    facts = _facts(text, pipeline)
    paper = "Sparse Anchors for Large Scenes"
    authors = {o for s, p, o in facts if p == "authoredBy" and s.startswith(paper)}
    assert {"Ada Novak", "Dara Osei"} <= authors and any(a.endswith("Ferreira") for a in authors)
    assert {o for s, p, o in facts if p == "fromOrganization" and s.startswith(paper)} == labs


def test_building_on_a_short_name_of_another_paper_in_the_document(pipeline):
    # "3DSA" abbreviates the first paper's title; the second says it builds on it
    text = ("## Scenes\n\n### 3D Sparse Anchors for Large Scenes\n\nPaper: https://arxiv.org/abs/2402.07777\n\n"
            "Anchors everywhere.\n\n### Mip Anchors: Alias-free Anchors\n\nPaper: https://arxiv.org/abs/2402.08888\n\n"
            "Builds on 3DSA: a smoothing filter caps each anchor's frequency.\n")
    facts = _facts(text, pipeline)
    assert ("Mip Anchors: Alias-free Anchors", "buildsOn", "3D Sparse Anchors for Large Scenes") in facts


def test_a_dataset_name_opening_a_labs_name_is_no_dataset(pipeline):
    _, vocab = pipeline
    assert vocab.by_alias("ShanghaiTech").type == "Dataset"  # a crowd-counting dataset, and a university
    facts = _facts(SECTION + "Work done at ShanghaiTech University, evaluated on COCO.\n", pipeline)
    assert (PAPER, "evaluatedOn", "COCO") in facts
    assert not [o for s, p, o in facts if p in ("evaluatedOn", "mentions") and o.startswith("ShanghaiTech")]


def test_a_paper_titled_by_a_technique_introduces_it_and_a_versioned_one_does_not(pipeline):
    title = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    facts = _facts(f"## {title}\n\nPaper: https://arxiv.org/abs/2305.18290\n\n"
                   "Direct preference optimization trains on preference pairs with a simple loss.\n", pipeline)
    assert (title, "introduces", "direct preference optimization") in facts
    assert (title, "usesTechnique", "direct preference optimization") not in facts
    versioned = "FlashAttention-2: Faster Attention with Better Parallelism"
    facts = _facts(f"## {versioned}\n\nPaper: https://arxiv.org/abs/2307.08691\n\n"
                   "FlashAttention-2 keeps the tiling of FlashAttention.\n", pipeline)
    assert not [o for s, p, o in facts if p == "introduces" and o == "FlashAttention"]


def test_an_acronym_opening_a_method_name_is_part_of_it(pipeline):
    # the statistical model may call "KL" an organisation; here it modifies "divergence"
    facts = _facts(SECTION + "Researchers from Orvane Research added a KL divergence term to the loss.\n", pipeline)
    assert (PAPER, "usesTechnique", "KL divergence") in facts
    assert not {o for s, p, o in facts if o == "KL"}, facts


def test_a_term_set_in_italics_names_a_method(pipeline):
    facts = _facts(SECTION + "Their *masked span recovery* task trains the encoder, and <em>token shuffling</em> "
                   "helps too. It is *not at all* slow and *trains faster*; they did not use *frame dropping*.\n",
                   pipeline)
    used = {o for s, p, o in facts if p == "usesTechnique"}
    assert {"masked span recovery", "token shuffling"} <= used, used
    # emphasis on a clause names nothing; a negated term is named, not used
    assert not used & {"not at all", "trains faster", "frame dropping"}, used
    assert (PAPER, "mentions", "frame dropping") in facts


@pytest.mark.parametrize("sentence, base", [
    ("👉 Extends TarnNet2: learns a world model from pixels.", "TarnNet2"),
    ("They build on their earlier Q7 line of work.", "Q7"),
    ("It keeps the architecture of Mistral 7B, but each layer has eight experts.", "Mistral 7B"),
    ("It is a knowledge distillation of OpenAI's Whisper.", "Whisper"),
])
def test_a_cue_names_the_system_built_on_even_one_named_only_there(pipeline, sentence, base):
    facts = _facts(SECTION + sentence + "\n", pipeline)
    assert (PAPER, "buildsOn", base) in facts, facts


def test_a_cue_before_a_dataset_or_a_word_builds_on_nothing(pipeline):
    facts = _facts(SECTION + "It extends ImageNet with more classes. It extends the idea to video.\n", pipeline)
    assert not {f for f in facts if f[1] == "buildsOn"}, facts


@pytest.mark.parametrize("sentence, system", [
    ("TuneForge is a single-stage transformer over audio tokens.", "TuneForge"),
    ("qRT-LM [13] interpolates the next-token distribution of a frozen LM.", "qRT-LM"),
    ("TinyPARL (Okafor et al., 2021) distils a larger tagger.", "TinyPARL"),
    ("The unsupervised RetroVec encoder ranks the passages.", "RetroVec"),
    ("Hydra-2 trains the heads on a frozen backbone.", "Hydra-2"),
    ("ZORBA [7] pre-trains a retriever jointly with the reader.", "ZORBA"),
])
def test_a_coined_name_used_as_a_system_is_a_model(pipeline, sentence, system):
    facts = _facts(SECTION + sentence + "\n", pipeline)
    assert (PAPER, "mentions", system) in facts, facts


def test_words_shaped_like_coined_names_are_no_systems(pipeline):
    # no citation, kind noun or opening verb; a degree, a site; a pair of surnames
    facts = _facts(SECTION + "She has a PhD from Oslo. GitHub is down, and see RetroVec here. "
                   "Pairs follow the Bradley-Terry model. See MAKE-A-CLIP: VIDEO WITHOUT VIDEO DATA [23].\n", pipeline)
    assert not {o for s, p, o in facts if o in ("PhD", "GitHub", "RetroVec", "Bradley-Terry", "DATA")}, facts


@pytest.mark.parametrize("sentence, technique", [
    # a data structure or component a method is built from
    ("Scenes are stored in a sparse voxel octree that the renderer walks.", "sparse voxel octree"),
    ("Colour is given by spherical harmonics per point.", "spherical harmonics"),
    # a privacy notion, an attack, a theorem or law the work rests on
    ("The model is trained under differential privacy at a modest cost.", "differential privacy"),
    ("A membership inference attack measures what leaks.", "membership inference attack"),
    ("It leans on the universal approximation theorem for its claim.", "universal approximation theorem"),
    ("Neural scaling laws predict the loss of the larger runs.", "neural scaling laws"),
    # a decoding scheme; a hyphenated name opening a sentence
    ("The drafts are checked with speculative decoding.", "speculative decoding"),
    ("The recipe is simple. Self-distillation handles models without their data.", "self-distillation"),
    # a prefix such as "non-" is part of the name, not a generic modifier
    ("Overlapping boxes go through non-maximum suppression.", "non-maximum suppression"),
])
def test_method_phrases_by_more_heads(pipeline, sentence, technique):
    facts = _facts(SECTION + sentence + "\n", pipeline)
    assert (PAPER, "usesTechnique", technique) in facts, facts


@pytest.mark.parametrize("sentence", [
    "The authors' TRL library trains it.",  # a word after an apostrophe opens no name
    "A plain transformer is the baseline.",  # a generic modifier names nothing
    "Fine control over the pose is shown in the figures.",
    "It needs little augmentation and minimal filtering.",
])
def test_generic_or_broken_modifiers_name_no_method(pipeline, sentence):
    facts = _facts(SECTION + sentence + "\n", pipeline)
    generic = {"s TRL library", "plain transformer", "fine control", "little augmentation", "minimal filtering"}
    assert not {o for s, p, o in facts if p == "usesTechnique" and o in generic}, facts
    assert not {o for s, p, o in facts if o.startswith("s ")}, facts


def test_a_way_of_learning_is_named_by_its_hyphenated_modifier(pipeline):
    facts = _facts(SECTION + "Self-supervised, it still works few-shot on new classes.\n", pipeline)
    used = {o for s, p, o in facts if p == "usesTechnique"}
    assert {"self-supervised learning", "few-shot learning"} <= used, used
    # the capitals of a title are no claim of use
    title = "Few-Shot Scene Anchors"
    facts = _facts(f"## {title}\n\nPaper: https://arxiv.org/abs/2402.07777\n\nThe anchors are fast.\n", pipeline)
    assert not {o for s, p, o in facts if o == "few-shot learning"}, facts


def test_an_ing_word_after_a_determiner_or_a_name_modifies_the_head(pipeline):
    facts = _facts(SECTION + "It extends the Chinchilla scaling laws to repeated data. "
                   "They got there by using attention everywhere.\n", pipeline)
    used = {o for s, p, o in facts if p == "usesTechnique"}
    assert "scaling laws" in used, used
    assert not {o for o in used if o.endswith("attention")}, used  # "using" is the verb here
