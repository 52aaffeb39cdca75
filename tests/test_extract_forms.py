"""Layouts found in reading lists and awesome-lists (texts written here, in those forms)."""

from __future__ import annotations

from kg.extract import extract
from kg.extract.derived import base_of
from kg.ingest import parse_document


def _extract(name: str, text: str):
    ex = extract(parse_document(name, text.encode()))
    return ex, {m.id: m for m in ex.mentions}


def _rel(ex, by_id, predicate: str) -> set[tuple[str, str]]:
    return {(by_id[r.subject].label, by_id[r.object].label)
            for r in ex.relations if r.predicate == predicate}


def _code(ex, by_id) -> set[tuple[str, str]]:
    """(paper, repository URL) of each hasCode relation."""
    return {(by_id[r.subject].label, by_id[r.object].attr("url"))
            for r in ex.relations if r.predicate == "hasCode"}


SYLLABUS = """# Reading list

### Week 4: Sequence models
- Mara Lindqvist, Tobias Achebe, and Quentin R. Moreau. *Gated Recurrent Memories for Very Long
  Sequences*. ICML 2019. [[pdf]](https://arxiv.org/abs/1905.01234)
  [[code]](https://github.com/lindqvist/gated-memories)
  > A short note from the instructor about why we read it.
- ☆ Ines Okonkwo and Pavel Srinivasan. _Sparse Routing Between Experts_. NeurIPS 2021.
"""


def test_reading_list_entries_in_citation_style_wrap_over_lines():
    ex, by_id = _extract("syllabus.md", SYLLABUS)
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    assert set(papers) == {"Gated Recurrent Memories for Very Long Sequences",
                           "Sparse Routing Between Experts"}
    gated = papers["Gated Recurrent Memories for Very Long Sequences"]
    assert gated.attr("arxiv") == "1905.01234"
    authors = _rel(ex, by_id, "authoredBy")
    assert {a for t, a in authors if t == gated.label} == {
        "Mara Lindqvist", "Tobias Achebe", "Quentin R. Moreau"}
    assert {a for t, a in authors if t == "Sparse Routing Between Experts"} == {
        "Ines Okonkwo", "Pavel Srinivasan"}
    code = _code(ex, by_id)
    assert code == {(gated.label, "https://github.com/lindqvist/gated-memories")}


AWESOME = """# Awesome radiance fields

## Core
- **NeRF**: [NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis](https://arxiv.org/abs/2003.08934) (Mildenhall et al., ECCV 2020) [code](https://github.com/bmild/nerf)

## Faster
- **TinyNeRF**: [Tiny Radiance Fields for Phones](https://arxiv.org/abs/2201.00001) (Okafor et al., CVPR 2022) [code](https://github.com/okafor/tinynerf)
- **NeRF-Q**: [Quantised Radiance Fields](https://arxiv.org/abs/2202.00002) (Brandt et al., 3DV 2022)
"""


def test_awesome_entry_with_system_name_before_the_paper_link():
    ex, by_id = _extract("awesome.md", AWESOME)
    papers = {m.label for m in ex.mentions if m.type == "Paper"}
    assert "Tiny Radiance Fields for Phones" in papers and "Quantised Radiance Fields" in papers
    assert ("Tiny Radiance Fields for Phones", "TinyNeRF") in _rel(ex, by_id, "introduces")
    code = _code(ex, by_id)
    assert ("Tiny Radiance Fields for Phones", "https://github.com/okafor/tinynerf") in code
    assert {a for t, a in _rel(ex, by_id, "authoredBy") if t == "Quantised Radiance Fields"} == {"Brandt"}
    # NeRF may be the vocabulary's technique "neural radiance field": look at every name
    builds = {(by_id[r.subject].label, name) for r in ex.relations if r.predicate == "buildsOn"
              for name in (by_id[r.object].label, *by_id[r.object].aliases)}
    assert ("TinyNeRF", "NeRF") in builds and ("NeRF-Q", "NeRF") in builds
    assert not any(subject == "NeRF" for subject, _ in builds)


def test_derived_names_find_their_base():
    known = {n: n for n in ("NeRF", "StyleGAN", "StyleGAN2", "GAN", "DETR", "Whisper", "Tacotron")}
    models = frozenset({"DETR", "Whisper", "Tacotron"})
    assert base_of("KiloNeRF", known, models) == "NeRF"
    assert base_of("NeRF++", known, models) == "NeRF"
    assert base_of("D-NeRF", known, models) == "NeRF"
    assert base_of("StyleGAN3", known, models) == "StyleGAN2"   # the nearest earlier version
    assert base_of("Deformable DETR", known, models) == "DETR"
    assert base_of("Distil-Whisper", known, models) == "Whisper"
    assert base_of("Tacotron 2", known, models) == "Tacotron"
    # a family acronym is not a base: BigGAN is a GAN, it does not build on one
    assert base_of("BigGAN", known, models) is None
    assert base_of("GANcraft", known, models) is None
    assert base_of("NeRF", known, models) is None


LECTURE = """---
layout: post
title: Detectors, week 3
---
### [SwiftDet](https://github.com/lab-x/swiftdet) [(2021)](https://arxiv.org/abs/2107.01234)

*SwiftDet: Fewer Anchors, Faster Boxes* keeps the one-stage design.
"""


def test_heading_with_a_repository_link_and_a_year_link_to_the_paper():
    ex, by_id = _extract("lecture.md", LECTURE)
    (paper,) = [m for m in ex.mentions if m.type == "Paper"]
    assert paper.attr("arxiv") == "2107.01234" and paper.attr("year") == 2021
    assert {by_id[r.object].label for r in ex.relations
            if r.predicate == "introduces" and r.subject == paper.id} == {"SwiftDet"}
    assert {by_id[r.object].attr("url") for r in ex.relations
            if r.predicate == "hasCode" and r.subject == paper.id} == {"https://github.com/lab-x/swiftdet"}


POSTS = """Spent the weekend with this one 🤯
📄 Paper: "Linear Recurrences for Long Audio" (link in comments)
💻 Code: https://github.com/wavelab/linrec

Two papers for the reading group 👇
📄 "Masked Tokens for Robot Policies" by Ana Ruiz and Ben Okoro 🔗 https://arxiv.org/abs/2301.04567
💻 https://github.com/robolab/mtp
📄 "Sparse Depth from Events" by Chen Wei 🔗 https://arxiv.org/abs/2302.07654
💻 https://github.com/evlab/sparse-depth
"""


def test_post_lines_with_emoji_fields_quoted_titles_and_bare_code_urls():
    ex, by_id = _extract("posts.txt", POSTS)
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    assert {"Linear Recurrences for Long Audio", "Masked Tokens for Robot Policies",
            "Sparse Depth from Events"} <= set(papers)
    assert papers["Sparse Depth from Events"].attr("arxiv") == "2302.07654"
    code = _code(ex, by_id)
    # each code line goes with the paper line above it, not with every paper of the post
    assert code == {
        ("Linear Recurrences for Long Audio", "https://github.com/wavelab/linrec"),
        ("Masked Tokens for Robot Policies", "https://github.com/robolab/mtp"),
        ("Sparse Depth from Events", "https://github.com/evlab/sparse-depth"),
    }


NOTES = """# Awesome view synthesis

- **PoseNeRF**: [Poses from Radiance Fields](https://arxiv.org/abs/2203.01111) (Varga et al., IROS 2022) [code](https://github.com/varga/posenerf)
  - Inverts a trained field to recover the camera. MIT & Google.
- **SlimField**: [Slim Radiance Fields](https://arxiv.org/abs/2204.02222) (Oduya et al., 3DV 2022), Microsoft
  - Factorises the field into two small networks; the usual NeRF benchmarks.
"""


def test_labs_in_notes_under_entries_and_after_them_keep_the_text_form_as_alias():
    ex, by_id = _extract("notes.md", NOTES)
    labs = {(by_id[r.subject].label, name) for r in ex.relations if r.predicate == "fromOrganization"
            for name in (by_id[r.object].label, *by_id[r.object].aliases)}
    assert ("Poses from Radiance Fields", "MIT") in labs
    assert ("Poses from Radiance Fields", "Google") in labs
    assert ("Slim Radiance Fields", "Microsoft") in labs
    # a note that is a sentence, not a list of labs, names no lab
    assert not any(t == "Slim Radiance Fields" and "NeRF" in n for t, n in labs)


THREAD = """1/3 Three papers from the workshop that I keep thinking about 🧵

2/3 "Sparse Mixtures for Speech Recognition" https://arxiv.org/abs/2305.01111
Hana Sato and Marco Bellini from Google Research replace the dense decoder with routed experts.

3/3 "Tiny Agents That Plan" by Priya Raman and Tom Ekberg. https://arxiv.org/abs/2306.02222
A small planner from the Allen Institute for AI, tested on ALFWorld.
"""


def test_each_post_of_a_thread_is_about_the_paper_it_introduces():
    ex, by_id = _extract("thread.txt", THREAD)
    labs = _rel(ex, by_id, "fromOrganization")
    assert ("Tiny Agents That Plan", "Allen Institute for AI") in labs
    assert not any(t == "Sparse Mixtures for Speech Recognition" and "Allen" in o for t, o in labs)
    authors = _rel(ex, by_id, "authoredBy")
    assert ("Tiny Agents That Plan", "Priya Raman") in authors
    assert ("Sparse Mixtures for Speech Recognition", "Marco Bellini") in authors
    assert ("Sparse Mixtures for Speech Recognition", "Google Research") in labs
    assert not any(t == "Sparse Mixtures for Speech Recognition" and a == "Priya Raman"
                   for t, a in authors)


DIGEST = """## This week

**Tiny Reasoners** distils a large model into a small one with layer pruning and
preference learning, and the authors then apply instruction tuning. Unlike prior work it
uses no curriculum learning. The same learning rate is kept throughout.
https://arxiv.org/abs/2405.01234
"""


def test_methods_outside_the_vocabulary_are_read_by_the_form_of_their_name():
    ex, by_id = _extract("digest.md", DIGEST)
    techniques = {m.label: m for m in ex.mentions if m.type == "Technique"}
    assert {"layer pruning", "preference learning", "instruction tuning"} <= set(techniques)
    assert techniques["instruction tuning"].attr("broader") == ("fine-tuning",)
    # a generic modifier or a verb makes no method name
    assert not {"same learning", "distils a", "learning rate"} & set(techniques)
    used = {o for _, o in _rel(ex, by_id, "usesTechnique")}
    assert "layer pruning" in used and "curriculum learning" not in used  # "no curriculum learning"


def test_a_measured_method_gets_its_measured_confidence():
    from kg.extract.builder import ExtractionBuilder
    from kg.extract.confidence import CALIBRATED

    b = ExtractionBuilder("d.md", "0")
    paper = b.mention("Paper", "A Paper Title Here", ["title:a"], b.evidence(0, 1, "x", "m", 0.9))
    repo = b.mention("Repository", "o/r", ["repo:o/r"], b.evidence(0, 1, "x", "m", 0.9))
    other = b.mention("Repository", "o/s", ["repo:o/s"], b.evidence(0, 1, "x", "m", 0.9))
    b.relate(paper, "hasCode", repo, b.evidence(0, 1, "x", "structure:code-link", 0.95))
    b.relate(paper, "mentions", other, b.evidence(0, 1, "x", "structure:code-link", 0.95))
    confidence = {r.predicate: r.evidence.confidence for r in b.build().relations}
    assert confidence["hasCode"] == CALIBRATED[("hasCode", "structure:code-link")] < 0.8
    assert confidence["mentions"] == 0.95  # not measured: the rule's own guess stays


def test_a_stronger_link_makes_the_weaker_one_redundant():
    from kg.extract.builder import ExtractionBuilder

    b = ExtractionBuilder("d.md", "0")
    ev = b.evidence(0, 1, "x", "m", 0.9)
    paper = b.mention("Paper", "A Paper Title Here", ["title:a"], ev)
    own, used = (b.mention("Technique", name, [f"t:{name}"], ev) for name in ("own trick", "old trick"))
    lab = b.mention("Organization", "Some Lab", ["org:some"], ev)
    b.relate(paper, "introduces", own, ev)
    b.relate(paper, "usesTechnique", own, ev)  # a paper does not use what it introduces
    b.relate(paper, "usesTechnique", used, ev)
    b.relate(paper, "fromOrganization", lab, ev)
    b.relate(paper, "mentions", lab, ev)  # said better by fromOrganization
    kept = {(r.predicate, r.object) for r in b.build().relations}
    assert kept == {("introduces", own), ("usesTechnique", used), ("fromOrganization", lab)}


TOOTS = """1/3 Papers from the meeting 🧵

2/3 Best paper: "Routing Tokens Through Sparse Experts" (RTSE).
https://arxiv.org/abs/2307.03333
The routing is learned jointly with the experts.
Code: https://github.com/moe-lab/rtse

3/3 Runner-up: "Depth From a Single Blink" (Blink).
https://arxiv.org/abs/2308.04444
Code: https://github.com/eye-lab/blink
"""

TABLE = """## The papers

| Paper | Summary | Links |
|-------|---------|-------|
| **Cheap Adapters for Long Context** | A small adapter extends context. | [Paper](https://arxiv.org/abs/2401.05555) [Tweet](https://x.com/a/status/1) [Code](https://github.com/ctx/cheap-adapters) |
| **Merging Without Gradients** | Search over merge recipes. Stanford and University of Toronto. | [Paper](https://arxiv.org/abs/2402.06666) |
"""


def test_code_lines_of_a_thread_go_with_the_paper_of_their_post():
    ex, by_id = _extract("toots.txt", TOOTS)
    code = {(by_id[r.subject].attr("arxiv"), by_id[r.object].attr("url"))
            for r in ex.relations if r.predicate == "hasCode"}
    assert code == {("2307.03333", "https://github.com/moe-lab/rtse"),
                    ("2308.04444", "https://github.com/eye-lab/blink")}


def test_a_table_whose_links_sit_in_their_own_column():
    ex, by_id = _extract("table.md", TABLE)
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    assert papers["Cheap Adapters for Long Context"].attr("arxiv") == "2401.05555"
    assert "Merging Without Gradients" in papers
    code = _code(ex, by_id)
    assert code == {("Cheap Adapters for Long Context", "https://github.com/ctx/cheap-adapters")}
    labs = {(by_id[r.subject].label, name) for r in ex.relations if r.predicate == "fromOrganization"
            for name in (by_id[r.object].label, *by_id[r.object].aliases)}
    assert ("Merging Without Gradients", "University of Toronto") in labs
    assert not any(t == "Cheap Adapters for Long Context" for t, _ in labs)


def test_a_tagged_title_cell_gives_its_bold_words_as_the_title():
    text = TABLE.replace("| **Merging Without Gradients** |", "| 🔁 *Revisited (2022)*: **Merging Without Gradients** |")
    ex, _ = _extract("table.md", text)
    titles = {m.label for m in ex.mentions if m.type == "Paper"}
    assert "Merging Without Gradients" in titles
    assert not any("Revisited" in t for t in titles)


NEWSLETTER = """## Research

<strong>1. <a href="https://arxiv.org/abs/2403.07777?utm_source=x&amp;utm_medium=email">Sparse Attention for Long Videos</a></strong><br>
<em>University of Oxford &amp; DeepMind · Ada Novak, Luis Ferreira · ECCV 2024</em><br>
A summary of what the paper does.
"""


def test_a_meta_line_under_a_paper_gives_its_labs_authors_and_venue():
    ex, by_id = _extract("newsletter.md", NEWSLETTER)
    (paper,) = [m for m in ex.mentions if m.type == "Paper"]
    assert paper.attr("arxiv") == "2403.07777"
    labs = {name for r in ex.relations if r.predicate == "fromOrganization"
            for name in (by_id[r.object].label, *by_id[r.object].aliases)}
    assert {"University of Oxford", "DeepMind"} <= labs
    assert {a for _, a in _rel(ex, by_id, "authoredBy")} == {"Ada Novak", "Luis Ferreira"}
    assert paper.attr("year") == 2024


def test_a_meta_line_with_a_lab_the_vocabulary_lacks_still_gives_labs_and_authors():
    text = NEWSLETTER.replace("University of Oxford &amp; DeepMind",
                              "NVIDIA, Caltech, UT Austin &amp; KTH")  # KTH: an acronym the vocabulary lacks
    ex, by_id = _extract("newsletter.md", text)
    labs = {o for _, o in _rel(ex, by_id, "fromOrganization")}
    assert labs == {"NVIDIA", "California Institute of Technology", "University of Texas at Austin"}
    assert {a for _, a in _rel(ex, by_id, "authoredBy")} == {"Ada Novak", "Luis Ferreira"}


DIGEST_TABLE = """# Paper digest, week 9

| Paper | What it does | Links |
|-------|--------------|-------|
| **Sparse Mixtures of Tiny Adapters** | Odile Brandvold et al. (Uppsala University) train thousands of small adapters and route between them. Unlike Hartmann et al., they keep the base model frozen. | [Paper](https://arxiv.org/abs/2406.01111) [Code](https://github.com/obrandvold/tiny-adapters) |
| **Forgetting Curves of Fine-Tuned Models** | A study from Kestrel Labs. Ravi Anand-Moreau et al. measure what a model forgets during fine-tuning. | [Paper](https://arxiv.org/abs/2406.02222) |
"""


def test_each_table_row_names_its_own_first_author():
    ex, by_id = _extract("digest.md", DIGEST_TABLE)
    assert _rel(ex, by_id, "authoredBy") == {
        ("Sparse Mixtures of Tiny Adapters", "Odile Brandvold"),
        # the name after "Kestrel Labs." starts a new sentence: "from" there is not a citation cue
        ("Forgetting Curves of Fine-Tuned Models", "Ravi Anand-Moreau"),
    }
    # the model's span "Odile Brandvold et al" is not a person's name
    assert not [m for m in ex.mentions if m.type == "Person" and "et al" in m.label]


FIELD_HEADINGS = """---
layout: post
title: "Week 3: detectors"
---

## Detection

### QuadDet

#### Paper: [Four Corners Are Enough for Box Regression](https://arxiv.org/abs/2301.04444)
#### Code: [https://github.com/quaddet/quaddet](https://github.com/quaddet/quaddet)

QuadDet, by Marta Kowalczyk and colleagues at the University of Gdansk, predicts the four corners
of a box instead of its centre and size.

![corner plot](/img/corners.png)
*Figure 2: corner error against box size. Figure adapted from arXiv:2210.09999.*

### RingGAN [(2021)](https://arxiv.org/abs/2105.05555)

*Ring Buffers for Stable GAN Training* (Jonas Elverum, Priya Natarajan, Li Wen) keeps a ring buffer
of past generators.
"""


def test_field_headings_belong_to_the_entry_above_them():
    ex, by_id = _extract("lecture.md", FIELD_HEADINGS)
    papers = {m.label for m in ex.mentions if m.type == "Paper"}
    assert "Four Corners Are Enough for Box Regression" in papers
    # a figure caption is not a paper title, whatever arXiv id it credits
    assert not [p for p in papers if p.lower().startswith("figure")]
    code = _code(ex, by_id)
    assert ("Four Corners Are Enough for Box Regression", "https://github.com/quaddet/quaddet") in code
    authors = _rel(ex, by_id, "authoredBy")
    assert ("Four Corners Are Enough for Box Regression", "Marta Kowalczyk") in authors
    # "*Title* (A, B, C)" in a post names the authors of the entry's paper
    ring = next(m.label for m in ex.mentions if m.type == "Paper" and m.attr("arxiv") == "2105.05555")
    assert {a for t, a in authors if t == ring} == {"Jonas Elverum", "Priya Natarajan", "Li Wen"}
    # "Marta Kowalczyk and colleagues" is a person, never an organisation
    assert "Marta Kowalczyk" not in {m.label for m in ex.mentions if m.type == "Organization"}


NAME_LISTS = """# Papers I read this week

**[Lattice Tokens for Speech](https://arxiv.org/abs/2304.01111)**
Ewa Nowicka, Tomasz Baranski and Hana Sato. A tokenizer that keeps the lattice of
hypotheses rather than one best path.

**[Cheap Rewards from Weak Judges](https://arxiv.org/abs/2305.02222)**
New from @Dario Vella, Amara Obi et al. - weak judges, averaged, rival one strong judge.

**[Latent Diffusion for Tables](https://arxiv.org/abs/2306.03333)**
Compared with Stable Diffusion and Google Research baselines, it fills missing cells.
"""


def test_a_bare_list_of_full_names_under_a_paper_is_its_author_list():
    ex, by_id = _extract("digest.md", NAME_LISTS)
    authors = _rel(ex, by_id, "authoredBy")
    assert {a for t, a in authors if t == "Lattice Tokens for Speech"} == {
        "Ewa Nowicka", "Tomasz Baranski", "Hana Sato"}
    # two names count when "et al." says the list goes on; a tagged "@Name" is a person
    assert {a for t, a in authors if t == "Cheap Rewards from Weak Judges"} == {"Dario Vella", "Amara Obi"}
    # names of systems and labs listed together are not people
    assert not {a for t, a in authors if t == "Latent Diffusion for Tables"}
    people = {m.label for m in ex.mentions if m.type == "Person"}
    assert not people & {"Stable Diffusion", "Google Research"}


LIST_OF_VARIANTS = """# Awesome StyleGAN

A list of work that extends **StyleGAN**.

## Editing
- **FaceLift**: [Lifting Faces Out of the Latent Space](https://arxiv.org/abs/2301.10001) (Ortega et al., CVPR 2023)
  - Inverts real photos into the generator's latent space with an encoder.
- **HairSwap**: [Swapping Hair Styles with Masked Latents](https://arxiv.org/abs/2301.10002) (Ivanova et al., ICCV 2023)
  - Builds on FaceLift and masks the latent codes of the hair region.
- **GlowEdit**: [Relighting Portraits in Latent Space](https://arxiv.org/abs/2301.10003) (Sato et al., ECCV 2022)

## Video
- **TimeStyle**: [Temporally Coherent Face Videos](https://arxiv.org/abs/2301.10004) (Mensah et al., NeurIPS 2022)
- **ClipMotion**: [Motion Codes for Talking Heads](https://arxiv.org/abs/2301.10005) (Haddad et al., 3DV 2023)
"""


def test_papers_of_a_list_titled_after_a_system_build_on_it():
    ex, by_id = _extract("awesome.md", LIST_OF_VARIANTS)
    builds = _rel(ex, by_id, "buildsOn")
    titles = {m.label for m in ex.mentions if m.type == "Paper"}
    assert len(titles) == 5
    assert {t for t, base in builds if base == "StyleGAN"} == titles
    # a nested bullet speaks for the entry above it: "Builds on FaceLift"
    assert ("Swapping Hair Styles with Masked Latents", "FaceLift") in builds


def test_a_list_titled_after_two_systems_or_a_family_says_nothing_of_its_papers():
    for title in ("From StyleGAN to NeRF", "Awesome Diffusion Models", "GAN papers we liked"):
        ex, by_id = _extract("list.md", LIST_OF_VARIANTS.replace("Awesome StyleGAN", title)
                             .replace("extends **StyleGAN**", "we liked"))
        assert not {t for t, base in _rel(ex, by_id, "buildsOn") if base == "StyleGAN"}, title


CUED_BUILDS_ON = """# Two papers from the reading group

- **EchoNet**: [Sparse Echo Transformers](https://arxiv.org/abs/2302.20001) (Lind et al., 2023)
  - From the Helsinki speech group: fine-tunes a pretrained Whisper on echoing rooms.
- **QuietNet**: [Quiet Adapters](https://arxiv.org/abs/2302.20002) (Berg et al., 2023)
  - The successor to EchoNet: it keeps the encoder but modifies the decoder.
    Fine-tunes such as QuietNet are cheap to train.
"""


def test_a_cue_then_a_known_system_is_what_the_paper_builds_on():
    ex, by_id = _extract("post.md", CUED_BUILDS_ON)
    builds = _rel(ex, by_id, "buildsOn")
    assert ("Sparse Echo Transformers", "Whisper") in builds
    assert ("Quiet Adapters", "EchoNet") in builds
    # "fine-tunes such as X" is the noun: nothing builds on X there, and no paper on itself
    assert not {(t, b) for t, b in builds if t == b}


CODE_TABLE = """# Weekly digest

| Paper | Summary | Links |
|---|---|---|
| **Ranking with Tiny Judges** | Small judges, averaged. | [Paper](https://arxiv.org/abs/2303.30001) [Code](https://github.com/tiny/judges) |
| **Long Context by Folding** | Folds the context. | [Paper](https://arxiv.org/abs/2303.30002) [Code](https://github.com/fold/ctx) |
| **Sparse Reward Shaping** | Shapes rewards. | [Paper](https://arxiv.org/abs/2303.30003) |
"""


def test_each_table_row_keeps_its_own_code_links():
    ex, by_id = _extract("digest.md", CODE_TABLE)
    code = _code(ex, by_id)
    assert code == {("Ranking with Tiny Judges", "https://github.com/tiny/judges"),
                    ("Long Context by Folding", "https://github.com/fold/ctx")}


METHOD_HEADS_TEXT = """# Notes

## [Windowed Recall](https://arxiv.org/abs/2304.40001)
The model uses banded-window attention, prioritised trajectory replay and a new tiled normalization.
It fine-tunes the encoder, which was trained adversarially.
"""


def test_method_names_by_their_head_noun_and_verbs_of_known_methods():
    from kg.vocab import load_vocabulary

    ex, by_id = _extract("notes.md", METHOD_HEADS_TEXT)
    techniques = {m.label: m for m in ex.mentions if m.type == "Technique"}
    # a participle before the name is part of it ("prioritised"), a verb is not ("uses")
    assert {"banded-window attention", "prioritised trajectory replay", "fine-tuning",
            "adversarial training"} <= set(techniques)
    assert "uses banded-window attention" not in techniques
    assert techniques["banded-window attention"].attr("broader") == ("attention mechanism",)
    # a broader term is always a technique the vocabulary has (never a bare head noun)
    vocab = load_vocabulary()
    for m in techniques.values():
        for broader in m.attr("broader") or ():
            assert vocab.by_label(broader, "Technique") is not None, (m.label, broader)
    used = {o for s, o in _rel(ex, by_id, "usesTechnique") if s == "Windowed Recall"}
    assert {"banded-window attention", "fine-tuning"} <= used


POSE_NOTES = """## Sharper Scenes from Sparse Photos

Paper: https://arxiv.org/abs/2409.01234

The method refines camera poses with bundle adjustment, filters duplicate boxes with
non-maximum suppression and trains with a bipartite matching loss. Its renderer relies on
image-based rendering. Reviewers suggest pruning; their teams began pruning too.
Layer pruning helps, and so does inverted sphere parameterization.
"""


def test_method_names_whose_words_the_tagger_reads_as_a_noun_phrase():
    ex, by_id = _extract("notes.md", POSE_NOTES)
    techniques = {m.label for m in ex.mentions if m.type == "Technique"}
    assert {"bundle adjustment", "non-maximum suppression", "bipartite matching loss",
            "image-based rendering", "layer pruning", "inverted sphere parameterization"} <= techniques
    # a verb and its object make no name, wherever the verb stands
    assert not {t for t in techniques if "suggest" in t or "began" in t}, techniques
    used = {o for s, o in _rel(ex, by_id, "usesTechnique") if s == "Sharper Scenes from Sparse Photos"}
    assert {"bundle adjustment", "non-maximum suppression"} <= used


PARTS_NOTES = """## Folding Cloth from One Video

Paper: https://arxiv.org/abs/2409.04321

A router network picks the expert and a mask decoder draws the outline; a deformation
field moves the canonical points, trained with an MSE loss and melody conditioning.
**Losses.** Sparse convolutions and positional encodings feed the
lightweight decoder; the fused kernels make it fast. Paged optimizers save memory, label
assignment is one-to-one, TSDF fusion gives the mesh and self-verification checks each step.
Results.
Sparse voxel fields beat one single network, a pure convolution and this immense network,
though the normal way diffusion networks use an encoding is kept, as in sub-fields of
graphics, to seamlessly reuse supervision. The ZQR training objective needs BERT pretraining.
"""


def test_parts_of_a_method_are_named_by_their_head_noun():
    ex, by_id = _extract("notes.md", PARTS_NOTES)
    techniques = {m.label for m in ex.mentions if m.type == "Technique"}
    # decoders, networks, fields, objectives ... name the parts of a method; a plural
    # head gives a singular name; a short acronym may modify one ("MSE loss")
    assert {"router network", "mask decoder", "deformation field", "MSE loss", "melody conditioning",
            "sparse convolution", "positional encoding", "lightweight decoder", "fused kernel",
            "sparse voxel field", "paged optimizer", "label assignment", "TSDF fusion",
            "self-verification"} <= techniques, techniques
    # a line's first capitalised word is not the end of the line before it; a size, a
    # count or a judgement ("single", "pure", "immense") names no method; nor does a
    # noun standing for a manner ("way"), a prefix ("sub-fields") or an adverb's verb
    assert not {t for t in techniques if t.startswith(("results", "single", "pure", "immense", "way",
                                                        "sub", "reuse", "seamlessly"))}, techniques
    # an acronym names a method only right before its head, and a known system's never
    assert not {t for t in techniques if t.startswith(("ZQR", "BERT"))}, techniques
    used = {o for s, o in _rel(ex, by_id, "usesTechnique") if s == "Folding Cloth from One Video"}
    assert {"router network", "MSE loss", "sparse convolution"} <= used, used

TWO_PAPER_POST = """Mira Castell • 1st
Applied Scientist at Northwind | Robotics, planning
3d • 🌐
Two papers our reading group liked this month 👇
📄 "Grasping Anything with Tactile Priors" by Hugo Lindgren, Aiko Tanabe and colleagues 🔗 https://arxiv.org/abs/2402.11111
• Learns a tactile prior in simulation.
📄 "Grasping Anything in Cluttered Kitchens" (KitchenGrasp) by Ruth Okonjo and Pavel Novak's group at ETH Zurich 🔗 https://arxiv.org/abs/2403.22222
• Fine-tunes the first model on kitchen scenes.
"""


def test_a_post_with_two_papers_gives_each_its_own_authors_and_lab():
    ex, by_id = _extract("post.txt", TWO_PAPER_POST)
    first, second = "Grasping Anything with Tactile Priors", "Grasping Anything in Cluttered Kitchens"
    authors = _rel(ex, by_id, "authoredBy")
    assert {(first, "Hugo Lindgren"), (first, "Aiko Tanabe"), (second, "Ruth Okonjo"),
            (second, "Pavel Novak")} <= authors
    # the names after the second title are not the first paper's, nor is its lab
    assert not {(first, "Ruth Okonjo"), (first, "Pavel Novak")} & authors
    labs = _rel(ex, by_id, "fromOrganization")
    assert (second, "ETH Zurich") in labs and (first, "ETH Zurich") not in labs
    # a job headline is not an author, and a possessive is not part of a name
    people = {m.label for m in ex.mentions if m.type == "Person"}
    assert "Applied Scientist" not in people and not any(p.endswith("'s") for p in people)


TACTILE_LIST = """# Awesome Tactile Sensing

## Grasping

- **TouchNet**: [TouchNet: Learning to Grasp from Touch](https://arxiv.org/abs/2101.00001) (Okafor et al., ICRA 2021) [code](https://github.com/touchlab/touchnet)
  - Learns grasps from tactile images.
- **GelGrip**: GelGrip: Soft Grippers with Vision-Based Touch. Lind et al., IROS 2021. [code](https://github.com/gelgrip/gelgrip)
  - A soft gripper with a camera inside.
"""


def test_an_entry_with_a_bold_system_and_a_plain_title_is_a_paper():
    ex, by_id = _extract("awesome.md", TACTILE_LIST)
    gelgrip = "GelGrip: Soft Grippers with Vision-Based Touch"
    assert (gelgrip, "gelgrip/gelgrip") in _rel(ex, by_id, "hasCode")
    assert (gelgrip, "Lind") in _rel(ex, by_id, "authoredBy")
    assert (gelgrip, "GelGrip") in _rel(ex, by_id, "introduces")


def test_a_code_link_on_another_list_item_is_not_a_second_repository_of_the_paper_above():
    # the second item names no paper the extractor can read, only a system and its code
    text = TACTILE_LIST.replace("GelGrip: Soft Grippers with Vision-Based Touch. Lind et al., IROS 2021.",
                                "a soft gripper with a camera inside, from the same group:")
    ex, by_id = _extract("awesome.md", text)
    code = _rel(ex, by_id, "hasCode")
    assert ("TouchNet: Learning to Grasp from Touch", "touchlab/touchnet") in code
    assert not any(repo == "gelgrip/gelgrip" and paper.startswith("TouchNet") for paper, repo in code)
    assert "gelgrip/gelgrip" in {m.label for m in ex.mentions if m.type == "Repository"}  # kept, alone


CAPTIONS = """## 2. Pictures from Captions

* 📄 Paper: [Pictures from Captions](https://arxiv.org/abs/2102.99999)

OpenAI trained a 12-billion parameter GPT-3-style transformer on text–image pairs.
"""


def test_a_system_shaped_like_a_known_one_does_not_give_the_known_one_its_lab():
    ex, by_id = _extract("list.md", CAPTIONS)
    labs = _rel(ex, by_id, "fromOrganization")
    assert ("Pictures from Captions", "OpenAI") in labs
    assert ("GPT-3", "OpenAI") not in labs  # the paper's model is GPT-3-style, not GPT-3


SHORT_NAMES = """## Robots

- [Grasping Anything in Cluttered Kitchens](https://arxiv.org/abs/2403.22222) (KitchenGrasp), Okonjo et al., 2024
- [Grasping Everything in Cluttered Kitchens](https://arxiv.org/abs/2403.22223) (CVPR 2024), Lind et al.
- [Grasping Everything in Clean Kitchens](https://arxiv.org/abs/2403.22224) (ETH Zurich)
"""


def test_a_short_name_in_brackets_after_a_title_is_the_papers_system():
    ex, by_id = _extract("list.md", SHORT_NAMES)
    introduced = _rel(ex, by_id, "introduces")
    assert ("Grasping Anything in Cluttered Kitchens", "KitchenGrasp") in introduced
    # a venue and year, or a lab, in the same place are not systems
    assert {o for _, o in introduced} == {"KitchenGrasp"}


BRACKETED_LABS = """📄 Paper: "Quiet Transformers: Linear-Time Sequence Models" (link in comments)
👉 Mina Park (CMU) and Jonas Weber (Princeton) make the state space parameters depend on the input.
"""


def test_labs_in_brackets_after_author_names_are_the_papers_and_the_authors():
    ex, by_id = _extract("post.txt", BRACKETED_LABS)
    paper = "Quiet Transformers: Linear-Time Sequence Models"
    assert {(paper, "Carnegie Mellon University"), (paper, "Princeton University")} <= _rel(ex, by_id, "fromOrganization")
    assert {("Mina Park", "Carnegie Mellon University"), ("Jonas Weber", "Princeton University")} <= _rel(
        ex, by_id, "affiliatedWith")


THREAD_LABS = """3/9 Best paper: "Folding Nets: Co-designing Convolutional Networks with Masked Autoencoders".
https://arxiv.org/abs/2301.99999
Hana Kim, Omar Farouk and co. (KAIST, Meta AI and NYU). Pretrains the network as a masked autoencoder.
"""


def test_labs_after_an_author_list_in_a_thread_are_the_papers():
    ex, by_id = _extract("thread.txt", THREAD_LABS)
    labs = {o for _, o in _rel(ex, by_id, "fromOrganization")}
    assert labs == {"KAIST", "Meta AI", "New York University"}
    assert {a for _, a in _rel(ex, by_id, "authoredBy")} == {"Hana Kim", "Omar Farouk"}
    colleagues = _extract("thread.txt", THREAD_LABS.replace(
        "Hana Kim, Omar Farouk and co. (KAIST, Meta AI and NYU). Pretrains",
        "Hana Kim and colleagues at KAIST and Meta AI pretrain"))
    assert {o for _, o in _rel(*colleagues, "fromOrganization")} == {"KAIST", "Meta AI"}
    # a bracket that holds something else is no lab list
    other = _extract("thread.txt", THREAD_LABS.replace("(KAIST, Meta AI and NYU)", "(with two students)"))
    assert not _rel(*other, "fromOrganization")


DISCLAIMED_CODE = """## Quiet Policies

Paper: [Quiet Policies](https://arxiv.org/abs/2409.05555)

Code: https://github.com/quiet/policies

The homework uses (https://github.com/lab/rl-library), but that is a third-party library, not the paper's code.
"""


def test_a_repository_the_text_disowns_is_mentioned_not_the_papers_code():
    ex, by_id = _extract("notes.md", DISCLAIMED_CODE)
    assert _rel(ex, by_id, "hasCode") == {("Quiet Policies", "quiet/policies")}
    assert ("Quiet Policies", "lab/rl-library") in _rel(ex, by_id, "mentions")


FURTHER_READING = """## Further reading

- 📝 [The Annotated Sampler](https://someblog.github.io/annotated-sampler/) by Ana Lima (blog)
- [Fast Sampling of Diffusion Models](https://arxiv.org/abs/2401.01234) by Ana Lima and Bo Chen (video)
- [Soft Grippers with Vision-Based Touch](https://example.org/gelgrip) by Anna Lind, IROS 2021
"""


def test_an_entry_that_calls_itself_a_blog_post_is_not_a_paper():
    ex, _ = _extract("notes.md", FURTHER_READING)
    papers = {m.label for m in ex.mentions if m.type == "Paper"}
    # a paper's link outweighs the word: the arXiv entry stays a paper with its video
    assert papers == {"Fast Sampling of Diffusion Models", "Soft Grippers with Vision-Based Touch"}


SURGICAL = """Worth a read 👇
📄 "Segment Anything in Surgical Videos" (SurgSAM) by Lea Brandt and Omar Haddad 🔗 https://arxiv.org/abs/2405.77777
• Adapts SAM to endoscope footage with a small prompt adapter.
"""


def test_a_paper_with_its_own_short_name_does_not_also_introduce_a_system_its_title_abbreviates():
    ex, by_id = _extract("post.txt", SURGICAL)
    introduced = {o for _, o in _rel(ex, by_id, "introduces")}
    assert "SurgSAM" in introduced
    assert not introduced & {"SAM", "Segment Anything Model"}  # SAM fits the title's letters, but is Meta's


LEAD_IN_AND_POSSESSIVE = """# The year in papers

## 1. Faster Photo Relighting
Lumen Labs' Ana Ferreira, Kofi Boateng and Mei Tanaka relight a portrait from one photo.

The paper of the month: [Relighting Portraits from a Single Photo](https://arxiv.org/abs/2305.50001)
(Ferreira et al., 2023). It ships with code: https://github.com/lumen/relight and a demo.
"""


def test_a_lead_in_before_a_linked_title_and_a_lab_before_a_name_list():
    ex, by_id = _extract("year.md", LEAD_IN_AND_POSSESSIVE)
    papers = {m.label for m in ex.mentions if m.type == "Paper"}
    # "Lead-in: [Title](arXiv)" titles the paper with the link's label, nothing more
    assert "Relighting Portraits from a Single Photo" in papers
    assert not [p for p in papers if "paper of the month" in p.lower()]
    authors = {a for _, a in _rel(ex, by_id, "authoredBy")}
    # a possessive ends the lab's name; the list after it is the authors
    assert {"Ana Ferreira", "Kofi Boateng", "Mei Tanaka"} <= authors
    assert not [a for a in authors if "Labs" in a]


HTML_DIGEST = """# Digest

<strong>1. <a href="https://arxiv.org/abs/2306.60001">Sparse Tokens for Long Videos</a></strong><br>
Tokens are dropped where nothing moves.
<a href="https://github.com/sparse/tokens">Code</a><br>

<strong>2. <a href="https://arxiv.org/abs/2306.60002">Cheap Judges for Chat Models</a></strong><br>
Small judges, averaged. Code is at https://github.com/cheap/judges for anyone.
"""


def test_code_in_a_digest_goes_to_the_paper_above_it():
    ex, by_id = _extract("digest.html.md", HTML_DIGEST)
    code = _code(ex, by_id)
    assert code == {("Sparse Tokens for Long Videos", "https://github.com/sparse/tokens"),
                    ("Cheap Judges for Chat Models", "https://github.com/cheap/judges")}


def test_a_paper_titled_after_a_derived_name_builds_on_the_base():
    ex, by_id = _extract("notes.md", """# Speech notes

## [Whisper-2: Quieter Speech Recognition for Noisy Rooms](https://arxiv.org/abs/2309.70001)
Trained on twice the hours Whisper saw, with a new noise curriculum.
""")
    assert ("Whisper-2: Quieter Speech Recognition for Noisy Rooms", "Whisper") in _rel(ex, by_id, "buildsOn")


def test_a_table_row_whose_paper_link_is_labelled_paper_wherever_it_is_hosted():
    ex, _by_id = _extract("digest.md", """# Digest

| Paper | Summary | Links |
|---|---|---|
| **Mapping Features in a Large Model** | Lab researchers train sparse dictionaries. | [Paper](https://research.example.org/2024/features/) [Tweet](https://x.com/lab/status/1) |
| **Cheap Judges for Chat Models** | Small judges, averaged. | [Paper](https://arxiv.org/abs/2306.60002) |
""")
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    assert {"Mapping Features in a Large Model", "Cheap Judges for Chat Models"} <= set(papers)
    assert papers["Mapping Features in a Large Model"].attr("url") == "https://research.example.org/2024/features/"


WRAPPED_REFERENCES = """## Related work

Sparse retrieval [1] came before dense retrieval [2].

## References

[1] A. Novak, B. Ferreira, and C. Osei. Sparse lexical retrieval for open
    questions. In *ACL*, 2019. arXiv:1901.01111.

[2] D. Lindqvist and E. Moreau. Dense passage encoders trained with hard
negatives. In *EMNLP*, 2021.
"""


def test_a_reference_wrapped_over_lines_is_one_paper():
    ex, by_id = _extract("related.md", WRAPPED_REFERENCES)
    titles = {m.label for m in ex.mentions if m.type == "Paper"}
    assert titles == {"Sparse lexical retrieval for open questions",
                      "Dense passage encoders trained with hard negatives"}
    authors = {(p, a) for p, a in _rel(ex, by_id, "authoredBy")}
    assert ("Sparse lexical retrieval for open questions", "C. Osei") in authors
    assert ("Dense passage encoders trained with hard negatives", "E. Moreau") in authors


SHOW_NOTES = """## Papers mentioned

- **Sparse Lexical Retrieval for Open Questions** — Ada Novak, Luis Ferreira (ACL 2019)
  arXiv: https://arxiv.org/abs/1901.01111 · code: https://github.com/novak/sparse-lex
- **Dense Passage Encoders with Hard Negatives** — Dan Lindqvist (2021)
  arXiv: https://arxiv.org/abs/2101.02222
"""


def test_the_field_line_of_a_list_entry_gives_that_entry_its_arxiv_id_and_code():
    ex, by_id = _extract("notes.md", SHOW_NOTES)
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    assert set(papers) == {"Sparse Lexical Retrieval for Open Questions", "Dense Passage Encoders with Hard Negatives"}
    assert papers["Sparse Lexical Retrieval for Open Questions"].attr("arxiv") == "1901.01111"
    assert papers["Dense Passage Encoders with Hard Negatives"].attr("arxiv") == "2101.02222"
    assert _code(ex, by_id) == {("Sparse Lexical Retrieval for Open Questions", "https://github.com/novak/sparse-lex")}


BADGED_LIST = """## Surfaces

- 🏆⭐ **[CVPR 2024]** Folded Surfels for Watertight Meshes
  [[Paper]](https://arxiv.org/abs/2402.03333) [[Code]](https://github.com/fold/surfels) [[Project]](https://fold.example.org/)
  - *Ada Novak, Luis Ferreira* — Orvane Research, Nordvik University of Science and Technology (NUST)
- **[3DV 2024]** Moving Splats for Dynamic Scenes
  [[Paper]](https://arxiv.org/abs/2402.04444)
- **[CVPR 2024]** Sparse Anchors for Large Scenes
  [[Paper]](https://arxiv.org/abs/2402.05555)
"""


def test_a_venue_tag_before_an_entry_title_is_its_venue_not_its_title():
    ex, by_id = _extract("awesome.md", BADGED_LIST)
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    # three papers, not one per venue tag; the italic author line is no paper
    assert set(papers) == {"Folded Surfels for Watertight Meshes", "Moving Splats for Dynamic Scenes",
                           "Sparse Anchors for Large Scenes"}
    assert papers["Moving Splats for Dynamic Scenes"].attr("arxiv") == "2402.04444"
    venues = {(p, v) for p, v in _rel(ex, by_id, "publishedAt")}
    assert ("Sparse Anchors for Large Scenes", "CVPR 2024") in venues
    assert _code(ex, by_id) == {("Folded Surfels for Watertight Meshes", "https://github.com/fold/surfels")}
    assert {a for p, a in _rel(ex, by_id, "authoredBy")} == {"Ada Novak", "Luis Ferreira"}
    labs = {(p, o) for p, o in _rel(ex, by_id, "fromOrganization")}
    assert labs == {("Folded Surfels for Watertight Meshes", "Orvane Research"),
                    ("Folded Surfels for Watertight Meshes", "Nordvik University of Science and Technology")}


LISTING = r"""Subject: cs daily Subj-class mailing
------------------------------------------------------------------------------
\\
arXiv:2402.06666
Date: Tue, 6 Feb 2024 10:00:00 GMT   (900kb)

Title: Folded Surfels: Watertight Meshes from
  Sparse Views
Authors: Ada Novak, Luis Ferreira, Chen
  Wei, Dara Osei
Categories: cs.CV
Comments: code at https://github.com/fold/surfels
\\
  We fold surfels into meshes.
\\ ( https://arxiv.org/abs/2402.06666 ,  900kb)
------------------------------------------------------------------------------
\\
arXiv:2402.07777
Date: Wed, 7 Feb 2024 10:00:00 GMT   (500kb)

Title: Sparse Anchors for Large Scenes
Authors: Mira Lindqvist
\\
  Anchors, sparsely.
"""


def test_an_arxiv_listing_record_gives_its_id_title_and_authors():
    ex, by_id = _extract("mailing.txt", LISTING)
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    assert set(papers) == {"Folded Surfels: Watertight Meshes from Sparse Views", "Sparse Anchors for Large Scenes"}
    assert papers["Sparse Anchors for Large Scenes"].attr("arxiv") == "2402.07777"
    authors = set(_rel(ex, by_id, "authoredBy"))
    assert ("Folded Surfels: Watertight Meshes from Sparse Views", "Chen Wei") in authors
    assert ("Sparse Anchors for Large Scenes", "Mira Lindqvist") in authors


def test_a_wrapped_authors_field_is_read_whole():
    text = "## Folded Surfels for Watertight Meshes\n\nPaper: https://arxiv.org/abs/2402.06666\n" \
           "Authors: Ada Novak, Luis Ferreira,\n  Chen Wei and Dara Osei\n"
    ex, by_id = _extract("lecture.md", text)
    assert {a for _, a in _rel(ex, by_id, "authoredBy")} == {"Ada Novak", "Luis Ferreira", "Chen Wei", "Dara Osei"}


FIELD_POST = """## Folded Surfels for Watertight Meshes

Paper: https://arxiv.org/abs/2402.06666
Authors: Ada Novak, Luis Ferreira, Chen
Wei, Dara Osei (Orvane Research, Quillion University, and the Institute for Light
and Matter).

### Reading 2 — the anchors one (optional)

**Title:** Sparse Anchors for Large Scenes
**Authors:** Mira Lindqvist, Tomas Berg
**Affiliation:** Nordvik AI Lab, Quillion University
**arXiv:** [2402.07777](https://arxiv.org/abs/2402.07777)
"""


def test_author_and_affiliation_fields_give_authors_and_labs():
    ex, by_id = _extract("fields.md", FIELD_POST)
    authors = set(_rel(ex, by_id, "authoredBy"))
    assert {a for p, a in authors if p == "Folded Surfels for Watertight Meshes"} == {
        "Ada Novak", "Luis Ferreira", "Chen Wei", "Dara Osei"}
    labs = set(_rel(ex, by_id, "fromOrganization"))
    assert {o for p, o in labs if p == "Folded Surfels for Watertight Meshes"} == {
        "Orvane Research", "Quillion University", "Institute for Light and Matter"}
    assert {o for p, o in labs if p == "Sparse Anchors for Large Scenes"} == {"Nordvik AI Lab", "Quillion University"}
    assert {a for p, a in authors if p == "Sparse Anchors for Large Scenes"} == {"Mira Lindqvist", "Tomas Berg"}
    # the title field names the paper, not the heading or the id the arXiv link shows
    papers = {m.label: m for m in ex.mentions if m.type == "Paper"}
    assert set(papers) == {"Folded Surfels for Watertight Meshes", "Sparse Anchors for Large Scenes"}
    assert papers["Sparse Anchors for Large Scenes"].attr("arxiv") == "2402.07777"


def test_a_copyright_footer_is_no_lab():
    text = "## Sparse Anchors for Large Scenes\n\nPaper: https://arxiv.org/abs/2402.07777\n\n" \
           "View all 3 comments · r/papers rules · Nordvik Inc © 2024\n"
    ex, _ = _extract("thread.md", text)
    assert not [m for m in ex.mentions if m.type == "Organization"]


def test_a_reference_or_listing_record_titled_system_colon_introduces_the_system():
    refs = WRAPPED_REFERENCES.replace("Dense passage encoders trained with hard\nnegatives",
                                      "DPEnc: Dense passage encoders trained with hard\nnegatives")
    ex, by_id = _extract("related.md", refs)
    assert ("DPEnc: Dense passage encoders trained with hard negatives", "DPEnc") in set(_rel(ex, by_id, "introduces"))
    listing = LISTING.replace("Title: Sparse Anchors for Large Scenes", "Title: AnchorNet: Sparse Anchors for Large Scenes")
    ex, by_id = _extract("mailing.txt", listing)
    assert ("AnchorNet: Sparse Anchors for Large Scenes", "AnchorNet") in set(_rel(ex, by_id, "introduces"))


def test_a_code_sentence_wrapped_over_lines_gives_the_paper_its_code():
    text = ("## Sparse Anchors for Large Scenes\n\nPaper: https://arxiv.org/abs/2402.07777\n\n"
            "The anchors are grown and pruned as training goes. The authors' code\n"
            "is at [anchors/sparse](https://github.com/anchors/sparse); a port exists too.\n")
    ex, by_id = _extract("post.md", text)
    assert _code(ex, by_id) == {("Sparse Anchors for Large Scenes", "https://github.com/anchors/sparse")}


def test_a_title_before_an_arxiv_id_in_brackets_ends_before_the_bracket():
    text = "## Thread\n\nold idea, see\nSparse Anchors for Large Scenes (Lindqvist et al., https://arxiv.org/abs/2402.07777)\n"
    ex, _ = _extract("thread.txt", text)
    assert {m.label for m in ex.mentions if m.type == "Paper"} == {"Sparse Anchors for Large Scenes"}


def test_a_question_title_linked_on_its_own_line_keeps_its_question_mark():
    text = "## Award\n\n[Are Sparse Anchors Enough for Large Scenes?](https://arxiv.org/abs/2402.07777)\nby Ada Novak.\n"
    ex, _ = _extract("post.md", text)
    assert {m.label for m in ex.mentions if m.type == "Paper"} == {"Are Sparse Anchors Enough for Large Scenes?"}


def test_a_who_field_names_the_authors_and_their_labs():
    text = ("### 3. Anchors\n\n**Paper:** Sparse Anchors for Large Scenes — https://arxiv.org/abs/2402.07777\n"
            "**Who:** Mira Lindqvist, Tomas Berg (Nordvik AI Lab, Quillion University)\n")
    ex, by_id = _extract("issue.md", text)
    assert {a for _, a in _rel(ex, by_id, "authoredBy")} == {"Mira Lindqvist", "Tomas Berg"}
    assert {o for _, o in _rel(ex, by_id, "fromOrganization")} == {"Nordvik AI Lab", "Quillion University"}


THREAD_WITH_NAMES = """Our lab's picks from the robotics track, a thread 🧵

1/3 First pick: "Folding Towels with Tactile Sight" (TowelNet). Grippers learn from touch.
https://arxiv.org/abs/2409.11223

2/3 Second pick: "Sorting Parcels from a Single Glance" (GlanceSort). One camera, no depth.
https://arxiv.org/abs/2409.11224
"""


def test_the_short_name_after_a_quoted_title_is_that_papers_system():
    ex, by_id = _extract("thread.txt", THREAD_WITH_NAMES)
    introduced = {(by_id[r.subject].attr("arxiv") or by_id[r.subject].label, by_id[r.object].label)
                  for r in ex.relations if r.predicate == "introduces"}
    assert {("2409.11223", "TowelNet"), ("2409.11224", "GlanceSort")} <= introduced, introduced
    assert ("2409.11223", "GlanceSort") not in introduced


SURVEY = """## 2 Related work

**Sparse scenes.** Early systems relied on dense grids. AnchorNeRF [Novak et al. 2021], from
Orvane Research, stores a scene as sparse anchors and is trained on ScanNet. GridFlow [3] from
Google Research keeps a hash grid. Both are evaluated on Replica [4] and compared with Mip-NeRF.

## References

- [Novak et al. 2021] Novak, A., Ferreira, L. C., and Osei, D. Sparse anchors for large scenes. In *CVPR*, 2021.
- [3] Berg, T. and Lund, K. Flowing grids for fast scenes. In *ICCV*, 2021.
- [4] Straub, J. and Whelan, T. The Replica dataset: a digital replica of indoor spaces. arXiv:1906.05797, 2019.
"""


def test_a_sentence_citing_a_reference_is_about_the_cited_paper():
    ex, by_id = _extract("survey.md", SURVEY)
    labs = _rel(ex, by_id, "fromOrganization")
    assert ("Sparse anchors for large scenes", "Orvane Research") in labs
    assert ("Flowing grids for fast scenes", "Google Research") in labs
    assert ("Sparse anchors for large scenes", "ScanNet") in _rel(ex, by_id, "evaluatedOn")
    # a system named with its citation is the cited paper's
    assert ("Sparse anchors for large scenes", "AnchorNeRF") in _rel(ex, by_id, "introduces")
    # a citation after the verb ("evaluated on Replica [4]") cites an object, not the subject
    replica = "The Replica dataset: a digital replica of indoor spaces"
    assert not {p for s, p in _rel(ex, by_id, "evaluatedOn") if s == replica}
    assert not {(s, o) for s, o in labs if s == replica}


ORG_NOTES = """#+TITLE: Reading group -- spring notes
#+AUTHOR: Ines Lund

* DONE 2024-01-18 Session 1: anchors                              :vision:
:PROPERTIES:
:PRESENTER: Tomas Berg
:PAPER:     Sparse Anchors for Large Scenes
:AUTHORS:   Ada Novak, Luis Ferreira, Dara Osei
:ARXIV:     2402.07777
:CODE:      https://github.com/orvane/sparse-anchors
:END:
- Anchors replace the dense grid.

* DONE 2024-01-25 Session 2: grids                                  :vision:
:PROPERTIES:
:PRESENTER: Ines Lund
:PAPER:     Flowing Grids for Fast Scenes
:AUTHORS:   Karl Straub, Mia Lind
:ARXIV:     2402.08888
:END:
- Grids that flow.
"""


def test_org_mode_sessions_with_property_drawers_are_papers_of_their_own():
    ex, by_id = _extract("notes.txt", ORG_NOTES)
    authors = _rel(ex, by_id, "authoredBy")
    first, second = "Sparse Anchors for Large Scenes", "Flowing Grids for Fast Scenes"
    assert {a for p, a in authors if p == first} == {"Ada Novak", "Luis Ferreira", "Dara Osei"}
    assert {a for p, a in authors if p == second} == {"Karl Straub", "Mia Lind"}
    assert _code(ex, by_id) == {(first, "https://github.com/orvane/sparse-anchors")}


CHAT = """[09/21/2023 4:41 PM] someone
reading group proposal for next week, two papers side by side
1) Sparse Anchors for Large Scenes — Novak, Ferreira, Osei (Orvane Research), CVPR 2023, https://arxiv.org/abs/2402.07777
2) Flowing Grids for Fast Scenes — Karl Straub, Mia Lind (Google Research), https://arxiv.org/abs/2402.08888

[09/21/2023 4:45 PM] someone_else
older one: ("Dense Grids Revisited",
Berg, Lund, Okafor — Google Research, NeurIPS 2020, arXiv 2006.11111). It is
still good.
"""


def test_a_title_then_a_dash_then_its_authors_surnames_alone_included():
    ex, by_id = _extract("chat.txt", CHAT)
    authors = _rel(ex, by_id, "authoredBy")
    first, second = "Sparse Anchors for Large Scenes", "Flowing Grids for Fast Scenes"
    assert {a for p, a in authors if p == first} == {"Novak", "Ferreira", "Osei"}
    assert {a for p, a in authors if p == second} == {"Karl Straub", "Mia Lind"}
    # a line of surnames above an arXiv id is no title, but it names that paper's authors
    papers = {m.label for m in ex.mentions if m.type == "Paper"}
    assert not {p for p in papers if p.startswith("Berg")}, papers
    assert {a for p, a in authors if "2006.11111" in p or p == "Dense Grids Revisited"} >= {"Berg", "Lund", "Okafor"}


PREVIEW = """[09/13/2023 9:01 AM] someone
the anchors paper is finally out 🎉
https://arxiv.org/abs/2402.07777

{Embed}
arXiv.org
https://arxiv.org/abs/2402.07777
Sparse Anchors for Large Scenes
Ada Novak, Luis Ferreira, Dara Osei
"""


def test_a_link_preview_gives_title_and_authors_and_a_chat_message_is_no_title():
    ex, by_id = _extract("chat.txt", PREVIEW)
    papers = {m.label for m in ex.mentions if m.type == "Paper"}
    assert papers == {"Sparse Anchors for Large Scenes"}
    authors = {a for p, a in _rel(ex, by_id, "authoredBy")}
    assert authors == {"Ada Novak", "Luis Ferreira", "Dara Osei"}


CHAT_POST = """[09/21/2023 4:47 PM] someone
Flowing Grids for Fast Scenes
Straub, Lind, de Wit — Google Research, ICCV 2021
https://arxiv.org/abs/2402.08888
grids that flow, read it.

[Dense Grids Revisited](https://arxiv.org/abs/2006.11111)
by Karl Straub, Mia Lind, Ines Lund, Tomas
D. Berg and Ada Novak (Orvane) is the one everybody read.
"""


def test_a_title_line_then_a_line_of_authors_then_the_arxiv_link():
    ex, by_id = _extract("chat.txt", CHAT_POST)
    authors = _rel(ex, by_id, "authoredBy")
    assert {a for p, a in authors if p == "Flowing Grids for Fast Scenes"} == {"Straub", "Lind", "de Wit"}
    # a byline wrapped over two lines is not a title with the second line as its authors
    assert {p for p, a in authors if a == "D. Berg"} <= {"Dense Grids Revisited"}
    assert not {p for p in {m.label for m in ex.mentions if m.type == "Paper"} if p.startswith("by ")}
