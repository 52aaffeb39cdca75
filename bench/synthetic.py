"""Synthetic documents of the four kinds kg reads, for benchmarks at scale.

    python bench/synthetic.py OUT_DIR --docs 40 --seed 7
    python bench/synthetic.py OUT_DIR --words 350000 --seed 7

The four kinds mimic the bundled corpus (data/corpus):

* ``list``    a curated yearly list (markdown): ``## Title [N]`` sections with
              prose, ``* Paper: [Title](https://arxiv.org/abs/ID)``,
              ``* [Code](https://github.com/owner/repo)`` and a
              ``## Paper references`` list ``[N] Surname, I., ... and Surname, I.,
              YEAR. Title. arXiv preprint arXiv:ID.``
* ``lecture`` a Jekyll lecture post: front matter, ``### [Name](url)`` headings,
              ``**Paper:** [Title](https://arxiv.org/abs/ID)<br>`` and
              ``**Code:** [owner/repo](https://github.com/owner/repo)<br>``
* ``roundup`` a plain-text roundup: ``N. [Title](#), by A, B, and C`` entries,
              "Original Abstract", "Our Summary" (with "researchers from LAB"),
              "What's the core idea of this paper?" bullets
* ``social``  social posts: paragraphs, a ``Name: subtitle`` title line,
              hashtags, the poster's handle

Every document is a pure function of (seed, index): document ``i`` is the same
whichever other documents are generated. Papers, people, labs, system names,
arXiv ids and repositories are invented from syllable lists through a
seed-dependent bijection over disjoint per-document blocks of numbers, so no two
documents share one and entity counts grow with the corpus. Techniques, tasks
and datasets come from fixed lists of real ones (they are shared, as in real
writing). Prose is built from sentence templates with subjects and verbs,
150-400 words per section, so spaCy's parser and NER have real work to do.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

KINDS = ("list", "lecture", "roundup", "social")
EXTENSION = {"list": ".md", "lecture": ".md", "roundup": ".txt", "social": ".txt"}

# per-document blocks of numbers: document i owns [i*B, (i+1)*B) of each kind
PEOPLE_PER_DOC = 64
LABS_PER_DOC = 8
PAPERS_PER_DOC = 24

# ---------------------------------------------------------------- name parts

_SUR_A = ["Al", "Bar", "Cal", "Dar", "El", "Fen", "Gal", "Har", "Is", "Jar", "Kal", "Lor", "Mar", "Nor", "Or", "Pal", "Quen", "Ros", "Sal", "Tar", "Ul", "Val", "Wen", "Yor", "Zan", "Bel", "Cor", "Dun", "Est", "Fal", "Gor", "Hol", "Iv", "Jun", "Kor", "Lin", "Mor", "Nal", "Oss", "Pen", "Rav", "Sor", "Tel", "Ust", "Vor", "Wal", "Xan", "Zel"]
_SUR_B = ["a", "e", "i", "o", "u", "ar", "en", "in", "or", "el", "an", "er", "on", "is", "ul", "ev", "am", "et", "ad", "ov", "ir", "az", "um", "ek", "ol", "ith", "and", "ers", "ab", "ig", "ot", "ur", "ax", "em", "id", "uk", "ash", "eth", "ow", "ib", "ey", "ac", "og", "es", "im", "ut", "ay", "ez"]
_SUR_C = ["son", "sky", "ani", "ov", "berg", "ito", "ard", "ler", "man", "stein", "ova", "ski", "ton", "well", "ford", "rich", "dottir", "elli", "ada", "oux", "ling", "quist", "oda", "enko", "ian", "ino", "ach", "ney", "vic", "mura", "dze", "ata"]
_GIVEN = ["Anna", "Ben", "Carla", "David", "Elena", "Felix", "Grace", "Hiro", "Ines", "Jonas", "Kira", "Liam", "Maya", "Noah", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wei", "Yuki", "Zoe", "Amir", "Bianca", "Chen", "Dmitri", "Esther", "Farid", "Greta", "Hugo", "Ingrid", "Javier", "Leila", "Marco", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Ulla", "Viktor", "Ximena", "Yusuf", "Amara", "Bruno", "Chiara", "Diego", "Emil", "Fatima", "Goran", "Hana", "Ivan", "Julia", "Kenji", "Lucia", "Mateo", "Nina", "Omar", "Paula", "Ravi", "Selin"]

_PLACE_A = ["Bel", "Cas", "Dor", "El", "Fair", "Glen", "Hart", "Ivy", "Kel", "Lan", "Mar", "Nor", "Oak", "Pine", "Rock", "Sil", "Thorn", "Val", "West", "Wil", "Ash", "Brook", "Clear", "Deer", "East", "Fox", "Gold", "High", "Lake", "Mill", "Red", "Stone"]
_PLACE_B = ["", "a", "en", "er", "ing", "o", "is", "el", "an", "ar", "ow", "ey", "ul", "im", "ud",
            "ob", "ac", "et", "in", "or", "ash", "ith", "um", "ad"]
_PLACE_C = ["mont", "ridge", "field", "haven", "wood", "ford", "dale", "bury", "ton", "view", "gate", "moor", "crest", "vale", "shire", "brook", "stead", "wick", "port", "land", "ham", "worth", "burg", "cliff", "hurst", "fell", "mere", "side", "well", "bourne", "holm", "ley"]
_LAB_FORMS = (
    "University of {p}",
    "{p} Institute of Technology",
    "{p} AI Research",
    "{p} Labs",
    "{p} Research Center",
    "{p} University",
    "the {p} Institute for Machine Learning",
    "{p} Robotics Lab",
)

_SYS_A = ["Pix", "Neu", "Dream", "Vox", "Morph", "Lumi", "Gen", "Sketch", "Flow", "Hyper", "Omni", "Tex", "Vid", "Aura", "Deep", "Meta", "Sono", "Geo", "Holo", "Syn", "Vis", "Cine", "Poly", "Quan", "Astra", "Echo", "Fusi", "Mira", "Nova", "Ortho", "Plen", "Zeta"]
_SYS_B = ["Stitch", "Mold", "Draft", "Fuse", "Blend", "Shift", "Weave", "Cast", "Sculpt", "Tune", "Mask", "Drift", "Forge", "Glide", "Trace", "Bloom", "Spark", "Ray", "Grid", "Loom", "Pulse", "Quill", "Ripple", "Shade", "Sphere", "Track", "Vault", "Warp", "Yarn", "Zoom", "Crest", "Patch"]
_SYS_C = ["", "XL", "Zero", "-2", "++", "Net", "Former", "Diff", "GAN", "NeRF", "Fusion", "Gen",
          "Edit", "Flow", "Mix", "3D", "Vid", "Pose", "Mesh", "Light", "Sketch", "Tex", "Sync",
          "Scape", "Craft", "Lens", "Wave", "Verse", "Mind", "Field", "Splat", "Paint"]

# ---------------------------------------------------------------- real, shared terms

# (name, head noun for "a ..." when the name is a mass noun)
TECHNIQUES = (
    ("diffusion model", ""), ("latent diffusion model", ""), ("GAN", ""),
    ("generative adversarial network", ""), ("transformer", ""), ("vision transformer", ""),
    ("NeRF", ""), ("neural radiance field", ""), ("attention", "mechanism"),
    ("self-attention", "layer"), ("cross-attention", "block"), ("CLIP", "encoder"),
    ("variational autoencoder", ""), ("U-Net", ""), ("contrastive learning", "objective"),
    ("classifier-free guidance", "scheme"), ("3D Gaussian splatting", "representation"),
    ("knowledge distillation", "scheme"), ("reinforcement learning", "policy"),
    ("convolutional neural network", ""), ("autoregressive transformer", ""),
    ("mixture of experts", "layer"), ("graph neural network", ""), ("normalizing flow", ""),
    ("score distillation sampling", "loss"), ("masked autoencoder", ""),
    ("large language model", ""), ("diffusion transformer", ""), ("flow matching", "objective"),
    ("consistency model", ""), ("low-rank adaptation", "module"), ("StyleGAN", "generator"),
)
TASKS = (
    "text-to-image generation", "image inpainting", "super-resolution", "video generation",
    "novel view synthesis", "3D reconstruction", "semantic segmentation", "pose estimation",
    "style transfer", "image editing", "text-to-3D generation", "speech synthesis",
    "object detection", "depth estimation", "face restoration", "motion generation",
)
DATASETS = (
    "ImageNet", "COCO", "LAION-5B", "CelebA-HQ", "FFHQ", "ShapeNet", "Kinetics-600", "LSUN",
    "Cityscapes", "ScanNet", "CIFAR-10", "Places2", "HumanML3D", "Objaverse", "WebVid-10M",
)
REAL_LABS = ("Google Research", "NVIDIA", "Meta AI", "OpenAI", "DeepMind", "Microsoft Research",
             "Adobe Research", "Stanford University", "MIT", "Tsinghua University")
_ADJ = ("Scalable", "Efficient", "Controllable", "Consistent", "Robust", "Zero-Shot", "Unified",
        "Hierarchical", "Adaptive", "Sparse", "Real-Time", "High-Fidelity", "Compositional",
        "Self-Supervised", "Few-Shot", "Spatially Aware", "Temporally Coherent", "Lightweight")
_MONTHS = [f"{y:02d}{m:02d}" for y in range(19, 25) for m in range(1, 13)]
_ARXIV_MAX = 19_999  # numbers 00001..19999 in each month



def _np(tech: tuple[str, str]) -> str:
    """A technique as a countable noun phrase ("contrastive learning objective")."""
    name, head = tech
    return f"{name} {head}" if head else name


def _a(phrase: str) -> str:
    low = phrase.lower()
    vowel = low[0] in "aeiou" and not low.startswith(("u-", "uni", "use"))
    return ("an " if vowel else "a ") + phrase


def _title(phrase: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in phrase.split())


# ---------------------------------------------------------------- bijective naming


def _h(*parts) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()[:8], "big")


class _Perm:
    """A seed-dependent bijection of range(m) (an affine map modulo m)."""

    def __init__(self, m: int, seed: int, salt: str) -> None:
        self.m = m
        a = _h(seed, salt, "a") % m or 1
        while math.gcd(a, m) != 1:
            a = (a + 1) % m or 1
        self.a, self.b = a, _h(seed, salt, "b") % m

    def __call__(self, n: int) -> int:
        if not 0 <= n < self.m:
            raise ValueError(f"synthetic name space exhausted ({n} >= {self.m}); generate fewer documents")
        return (self.a * n + self.b) % self.m


def _digits(n: int, radices: list[int]) -> list[int]:
    out = []
    for r in radices:
        n, d = divmod(n, r)
        out.append(d)
    return out


class Namer:
    """Invented names for people, labs, systems, arXiv ids; unique per number."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._sur = (_SUR_A, _SUR_B, _SUR_C)
        self._place = (_PLACE_A, _PLACE_B, _PLACE_C)
        self._sys = (_SYS_A, _SYS_B, _SYS_C)
        self.p_person = _Perm(math.prod(map(len, self._sur)), seed, "person")
        self.p_place = _Perm(math.prod(map(len, self._place)), seed, "place")
        self.p_sys = _Perm(math.prod(map(len, self._sys)), seed, "system")
        self.p_arxiv = _Perm(len(_MONTHS) * _ARXIV_MAX, seed, "arxiv")

    @staticmethod
    def _compose(n: int, parts) -> str:
        return "".join(p[d] for p, d in zip(parts, _digits(n, [len(p) for p in parts])))

    def person(self, n: int) -> tuple[str, str]:
        """(given name, surname); surnames are unique per number."""
        surname = self._compose(self.p_person(n), self._sur)
        given = _GIVEN[_h(self.seed, "given", n) % len(_GIVEN)]
        return given, surname

    def lab(self, n: int) -> str:
        place = self._compose(self.p_place(n), self._place)
        form = _LAB_FORMS[_h(self.seed, "labform", n) % len(_LAB_FORMS)]
        return form.format(p=place)

    def system(self, n: int) -> str:
        return self._compose(self.p_sys(n), self._sys)

    def arxiv(self, n: int) -> str:
        k = self.p_arxiv(n)
        month, num = k % len(_MONTHS), k // len(_MONTHS) + 1
        return f"{_MONTHS[month]}.{num:05d}"


def max_documents() -> int:
    """How many documents the name spaces can hold with distinct entities."""
    people = math.prod(map(len, (_SUR_A, _SUR_B, _SUR_C))) // PEOPLE_PER_DOC
    labs = math.prod(map(len, (_PLACE_A, _PLACE_B, _PLACE_C))) // LABS_PER_DOC
    systems = math.prod(map(len, (_SYS_A, _SYS_B, _SYS_C))) // PAPERS_PER_DOC
    arxiv = len(_MONTHS) * _ARXIV_MAX // PAPERS_PER_DOC
    return min(people, labs, systems, arxiv)


# ---------------------------------------------------------------- per-document entities


@dataclass
class Person:
    given: str
    surname: str
    initial2: str = ""  # a middle initial, sometimes

    @property
    def full(self) -> str:
        return f"{self.given} {self.initial2 + '. ' if self.initial2 else ''}{self.surname}"

    @property
    def cited(self) -> str:  # "Surname, G." or "Surname, G.M."
        return f"{self.surname}, {self.given[0]}.{self.initial2 + '.' if self.initial2 else ''}"


@dataclass
class Paper:
    system: str
    title: str
    subtitle: str
    arxiv: str
    year: int
    authors: list[Person]
    labs: list[str]
    techniques: list[tuple[str, str]]  # (name, head noun)
    task: str
    dataset: str
    repo: str


class _Pools:
    """Hands out the people, labs and papers of one document from its blocks."""

    def __init__(self, namer: Namer, index: int, rng: random.Random) -> None:
        self.namer, self.index, self.rng = namer, index, rng
        self.n_person = self.n_lab = self.n_paper = 0

    def person(self) -> Person:
        if self.n_person >= PEOPLE_PER_DOC:
            raise ValueError("too many people in one document")
        given, surname = self.namer.person(self.index * PEOPLE_PER_DOC + self.n_person)
        self.n_person += 1
        middle = chr(ord("A") + self.rng.randrange(26)) if self.rng.random() < 0.25 else ""
        return Person(given, surname, middle)

    def lab(self) -> str:
        if self.n_lab >= LABS_PER_DOC:
            return self.rng.choice(REAL_LABS)
        name = self.namer.lab(self.index * LABS_PER_DOC + self.n_lab)
        self.n_lab += 1
        return name

    def paper(self, labs: list[str], task: str | None = None) -> Paper:
        if self.n_paper >= PAPERS_PER_DOC:
            raise ValueError("too many papers in one document")
        n = self.index * PAPERS_PER_DOC + self.n_paper
        self.n_paper += 1
        rng = self.rng
        system = self.namer.system(n)
        arxiv = self.namer.arxiv(n)
        techniques = rng.sample(TECHNIQUES, 3)
        task = task or rng.choice(TASKS)
        adj = rng.choice(_ADJ)
        tech_title = _title(_np(techniques[0]))
        task_title = _title(task)
        subtitle = rng.choice((
            f"{adj} {tech_title}s for {task_title}",
            f"{adj} {task_title} with {tech_title}s",
            f"Towards {adj} {task_title}",
            f"{adj} {task_title} from a Single Image",
            f"Learning {adj} Priors for {task_title}",
        ))
        authors = [self.person() for _ in range(rng.randint(2, 5))]
        paper_labs = labs[: rng.randint(1, min(2, len(labs)))]
        owner = paper_labs[0].split()[-1 if paper_labs[0].startswith("University") else 0].lower()
        owner = "".join(c for c in owner if c.isalnum()) or authors[0].surname.lower()
        if rng.random() < 0.5:
            owner = authors[0].surname.lower()
        repo = f"{owner}/{''.join(c for c in system if c.isalnum())}"
        return Paper(system=system, title=f"{system}: {subtitle}", subtitle=subtitle, arxiv=arxiv,
                     year=2000 + int(arxiv[:2]), authors=authors, labs=paper_labs,
                     techniques=techniques, task=task, dataset=rng.choice(DATASETS), repo=repo)


# ---------------------------------------------------------------- prose

# Sentences about the paper of a section. Slots: {sys} {lab} {lab2} {p1} {p2} {task} {data}
# {n} {pct} {k} {year}; techniques: {t1} the name, {t1_np} name and head noun, {a_t1}
# with an article, {A_t1} capitalised (likewise t2, t3).
_PAPER_SENTENCES = (
    "Researchers from {lab} introduce {sys}, a new approach to {task} built on {a_t1}.",
    "{sys} was developed by {p1} and {p2} at {lab}, who wanted a model that works on everyday photos.",
    "The team at {lab} trained {sys} on {data} for about {k} days using a cluster of GPUs.",
    "At its core, the method combines {a_t1} with {a_t2}, so the network can reason about global structure and fine detail at the same time.",
    "Unlike earlier systems that relied on {a_t3}, {sys} conditions every step of the generation on a learned representation of the input.",
    "The authors report a {pct} percent improvement over the previous state of the art on {data}.",
    "{p1} explained in an interview that the hardest part was making the model stable during training.",
    "According to {p2}, the key insight is that {task} becomes much easier once the model has seen enough diverse examples.",
    "In their experiments, the researchers compared {sys} with {n} strong baselines and found that it wins on almost every metric.",
    "The model uses {a_t2} to decide which parts of the input matter most for the current output.",
    "{sys} first encodes the image into a compact latent space, and then {a_t1} refines that representation step by step.",
    "This work from {lab} and {lab2} shows that {a_t1} can be trained with far less data than people expected.",
    "The code is open source, and the authors released pretrained weights so that anyone can try {sys} at home.",
    "{p1} and colleagues also studied where the method fails, which is rare and very welcome in this field.",
    "To evaluate the results, they asked {n} human raters to pick the more realistic image in thousands of pairs.",
    "The paper describes a simple trick: the network predicts the noise instead of the image, which makes training with {a_t1} much more stable.",
    "When the input is ambiguous, {sys} samples several plausible outputs instead of averaging them into a blurry one.",
    "Instead of training a new network from scratch, the authors fine-tune an existing {t2_np} with a small set of extra parameters.",
    "The approach scales well: doubling the model size improved the quality of {task} on {data} by a clear margin.",
    "{p2} noted that the same architecture could be applied to video with only minor changes.",
    "A second stage based on {a_t3} upsamples the result and removes the remaining artifacts.",
    "The researchers at {lab} measured the speed of {sys} and found that it runs in under {k} seconds per image on a single GPU.",
    "Previous methods for {task} needed hand-made masks or labels, but {sys} learns them directly from raw data.",
    "They also propose a new benchmark for {task}, which contains {n} thousand carefully annotated examples.",
    "The ablation study shows that removing the {t2} component drops the quality by {pct} percent, so every component matters.",
)
# Sentences with no particular entity, for the texture of real writing.
_FILLER_SENTENCES = (
    "This is a remarkable result, because the problem had been considered out of reach for years.",
    "Of course, the model is not perfect, and it still struggles with hands, text and reflections.",
    "You can imagine how useful this will be for artists, designers and game studios.",
    "The results look impressive, but we should be careful about how such tools are used.",
    "If you have ever tried to edit a photo by hand, you know how long this can take.",
    "It is a good example of how quickly the field is moving right now.",
    "The idea sounds simple, yet it took a lot of careful engineering to make it work in practice.",
    "Many people in the community were surprised by how well it generalizes to new scenes.",
    "I think this is one of the most exciting papers of the year, and I strongly recommend reading it.",
    "There are still open questions about bias in the training data and about the cost of training.",
    "As always, the devil is in the details, so let's look at how it works.",
    "The demo videos are worth watching, since still images do not do the results justice.",
    "This kind of progress would have been hard to believe only a few years ago.",
    "Companies are already building products on top of methods like this one.",
)
_ABSTRACT_SENTENCES = (
    "In this paper, we propose {sys}, {a_t1} for {task} that does not require paired training data.",
    "Recent advances in {t2_np}s have enabled impressive results, but existing methods remain slow and hard to control.",
    "We introduce a novel formulation that unifies {a_t1} and {a_t3} in a single framework.",
    "Our method learns a compact representation of the scene and decodes it with a lightweight network.",
    "We evaluate {sys} on {data} and show that it outperforms prior work by {pct} percent.",
    "Extensive experiments demonstrate that our approach generalizes to unseen domains.",
    "We further show that the learned features transfer to downstream tasks such as {task}.",
    "Code and pretrained models are publicly available.",
    "Our analysis reveals that the {t2} component is the main source of the improvement.",
    "We release a new dataset of {n} thousand examples to support future research on {task}.",
    "Existing approaches to {task} either sacrifice quality for speed or require expensive per-scene optimization.",
    "The key component of our model is {a_t2} that aggregates information across the whole input.",
    "We train the model in two stages, first on synthetic data and then on {data}.",
    "A user study with {n} participants confirms that our results are preferred over the baselines.",
    "Finally, we discuss the limitations of {sys} and outline directions for future work.",
    "Our approach is simple to implement and adds only a small overhead at inference time.",
)
_IDEA_BULLETS = (
    "The researchers replace the usual {t3_np} with {a_t1} that is trained end to end.",
    "{A_t2} lets the model focus on the regions that matter for {task}.",
    "Training uses {data} together with a new loss that rewards consistency across views.",
    "The final model is distilled into a smaller network that runs in real time.",
    "The approach needs no manual annotation beyond the raw images.",
)
_ACHIEVEMENT_BULLETS = (
    "Improving the state of the art on {data} by {pct} percent.",
    "Producing results that human raters prefer in {k} out of 10 comparisons.",
    "Running {k} times faster than the strongest baseline.",
    "Showing that {task} is possible without paired training data.",
)
_SOCIAL_SENTENCES = (
    "I've been looking at {sys}, a new system from {lab} for {task}.",
    "They say the system works using a two-step approach: first {a_t1} predicts a rough layout, then {a_t2} fills in the details.",
    "The sample videos on the project page are pretty impressive, although a few of them wouldn't play for me.",
    "So you can take any photo and turn it into something that looks like it was made by a professional.",
    "What surprised me is that they didn't use {a_t3} for this, which is what I would have expected.",
    "{p1}, one of the authors, says the model was trained on {data} and some extra data they collected themselves.",
    "Perhaps surprisingly, both stages are done with the same network, just with different inputs.",
    "The paper has a lot of math, but the basic idea is easy to follow if you know how {a_t1} works.",
    "I wonder how long it will be until this ends up in everyday apps on our phones.",
    "The website has lots of animated examples; check it out.",
    "By the way, the people at {lab} have been on a roll lately, this is their third paper on {task} this year.",
    "It can't do everything: the outputs are short, and it needs a lot of GPU memory to run.",
)


def _fill(template: str, slots: dict) -> str:
    return template.format(**slots)


def _slots(paper: Paper, rng: random.Random, extra_lab: str) -> dict:
    people = paper.authors
    return {
        "sys": paper.system,
        "lab": paper.labs[0],
        "lab2": paper.labs[1] if len(paper.labs) > 1 else extra_lab,
        "p1": people[0].full,
        "p2": people[1].full if len(people) > 1 else people[0].full,
        **{f"t{i}": t[0] for i, t in enumerate(paper.techniques, 1)},
        **{f"t{i}_np": _np(t) for i, t in enumerate(paper.techniques, 1)},
        **{f"a_t{i}": _a(_np(t)) for i, t in enumerate(paper.techniques, 1)},
        **{f"A_t{i}": _cap(_a(_np(t))) for i, t in enumerate(paper.techniques, 1)},
        "task": paper.task,
        "data": paper.dataset,
        "n": rng.randint(3, 12),
        "pct": rng.randint(5, 40),
        "k": rng.randint(2, 9),
        "year": paper.year,
    }


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _prose(rng: random.Random, paper: Paper, extra_lab: str, words: int,
           pool=_PAPER_SENTENCES, filler=_FILLER_SENTENCES, filler_rate: float = 0.3,
           first: str | None = None) -> list[str]:
    """Paragraphs of about `words` words about `paper` (starting with `first`)."""
    slots = _slots(paper, rng, extra_lab)
    main = [s for s in pool if s != first]
    rng.shuffle(main)
    fill = list(filler)
    rng.shuffle(fill)
    paragraphs: list[str] = []
    current: list[str] = [_cap(_fill(first, slots))] if first else []
    total = len(current[0].split()) if current else 0
    per_par = rng.randint(3, 6)
    while total < words:
        if fill and (not main or rng.random() < filler_rate):
            s = fill.pop()
        elif main:
            s = main.pop()
        else:  # both exhausted: start over with fresh numbers
            main, fill = list(pool), list(filler)
            rng.shuffle(main)
            rng.shuffle(fill)
            slots = _slots(paper, rng, extra_lab)
            continue
        s = _cap(_fill(s, slots))
        current.append(s)
        total += len(s.split())
        if len(current) >= per_par:
            paragraphs.append(" ".join(current))
            current = []
            per_par = rng.randint(3, 6)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _section_words(rng: random.Random) -> int:
    return rng.randint(150, 400)


# ---------------------------------------------------------------- the four kinds


def _doc_list(rng: random.Random, pools: _Pools) -> str:
    labs = [pools.lab() for _ in range(rng.randint(4, 7))]
    n = rng.randint(7, 12)
    papers = []
    for _ in range(n):
        chosen = rng.sample(labs, 2)
        papers.append(pools.paper(chosen))
    year = max(p.year for p in papers)
    curator = pools.person()
    out = [
        f"# {year}: A Year Full of Amazing AI Papers - A Review",
        ("## A curated list of the latest breakthroughs in AI by release date with a clear video explanation, "
        "link to a more in-depth article, and code."),
        "",
        " ".join(_cap(_fill(s, _slots(papers[0], rng, labs[-1]))) for s in rng.sample(_FILLER_SENTENCES, 4)),
        "",
        f"Maintainer: [{curator.full}](https://github.com/{curator.surname.lower()})",
        "",
        "----",
        "",
        "## The Full List",
    ]
    out += [f"- [{p.title} [{i}]](#{i})" for i, p in enumerate(papers, 1)]
    out += ["- [Paper references](#references)", "", "----", ""]
    for i, p in enumerate(papers, 1):
        out.append(f"## {p.title} [{i}]<a name=\"{i}\"></a>")
        out += [par + "\n" for par in _prose(rng, p, labs[-1], _section_words(rng))]
        out += [
            "",
            "* Short Video Explanation:<br/>",
            (f"[<img src=\"https://imgur.com/{p.arxiv.replace('.', '')}.png\" width=\"512\"/>]"
            f"(https://youtu.be/{p.system.lower()[:11]})"),
            f"* Short read: [{p.system} Explained](https://www.example-ai-blog.com/{p.system.lower()}/)",
            f"* Paper: [{p.title}](https://arxiv.org/abs/{p.arxiv})",
            f"* [Code](https://github.com/{p.repo})",
            "",
            "",
        ]
    out += ["", f"*If you would like to read more papers, follow {curator.full} for next year's list.*", "",
            "## Paper references<a name=\"references\"></a>", ""]
    for i, p in enumerate(papers, 1):
        names = [a.cited for a in p.authors]
        authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        out += [f"[{i}] {authors}, {p.year}. {p.title}. arXiv preprint arXiv:{p.arxiv}.", ""]
    return "\n".join(out)


def _doc_lecture(rng: random.Random, pools: _Pools) -> str:
    author = pools.person()
    labs = [pools.lab() for _ in range(rng.randint(3, 6))]
    topic = rng.choice(("Generative AI", "Neural Rendering", "Vision Transformers", "Video Synthesis",
                        "3D Generation", "Image Editing"))
    out = [
        "---",
        "layout: post",
        f"title: {topic}",
        f"author: [{author.given} {author.surname}]",
        "category: [Lecture]",
        "tags: [jekyll, ai]",
        "---",
        "",
        f"This introduction to {topic} covers {', '.join(rng.sample(TASKS, 4))}.",
        "",
        "---",
    ]
    n_groups = rng.randint(2, 4)
    for _ in range(n_groups):
        task = rng.choice(TASKS)
        out += [f"## {_title(task)}", ""]
        for _ in range(rng.randint(2, 3)):
            p = pools.paper(rng.sample(labs, 2), task)
            out += ["---", f"### [{p.system}](https://{p.system.lower().replace('+', 'p')}.github.io/)"]
            pars = _prose(rng, p, labs[-1], _section_words(rng))
            out += [par + "<br>\n" for par in pars]
            out += [
                f"**Paper:** [{p.title}](https://arxiv.org/abs/{p.arxiv})<br>",
                f"**Code:** [{p.repo}](https://github.com/{p.repo})<br>",
                f"![](https://raw.githubusercontent.com/{p.repo}/main/assets/teaser.png)",
                "",
            ]
    return "\n".join(out)


def _authors_line(people: list[Person]) -> str:
    names = [p.full for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _doc_roundup(rng: random.Random, pools: _Pools) -> str:
    labs = [pools.lab() for _ in range(rng.randint(4, 8))]
    n = rng.randint(6, 10)
    area = rng.choice(("Computer Vision & Image Generation", "Generative Models", "3D Vision",
                       "Multimodal Learning"))
    editor = pools.person()
    papers = [pools.paper(rng.sample(labs, 2)) for _ in range(n)]
    out = [
        " ", "", "",
        f"{n} Cutting Edge Research Papers In {area}",
        "",
        "www.airesearchdigest.com",
        "",
        f"{rng.randint(12, 30)} mins read",
        "",
        "",
        "Research in this field has proceeded at breakneck pace, and this year was no exception.",
        "",
        (f"We've done our best to summarize these papers correctly, but if we've made any mistakes, please "
        f"[contact us to request a fix](#). Special thanks also goes to [{editor.full}](#) for generously "
        "offering expertise in editing and revising drafts of this article."),
        "",
        "If you'd like to skip around, here are the papers we featured:",
        "",
    ]
    for i, p in enumerate(papers, 1):
        out += [f"{i}. [{p.title}](#), by {_authors_line(p.authors)}", "", "Original Abstract", ""]
        words = _section_words(rng)
        out += [par + "\n" for par in _prose(rng, p, labs[-1], words // 2, pool=_ABSTRACT_SENTENCES,
                                              filler=(), filler_rate=0.0, first=_ABSTRACT_SENTENCES[0])]
        out += ["Our Summary", ""]
        slots = _slots(p, rng, labs[-1])
        opener = rng.choice((
            "The group of researchers from {lab} introduces {sys}, a new take on {task}.",
            "The team of scientists at {lab} and {lab2} propose {sys}, a method for {task} based on {a_t1}.",
            "Researchers from {lab} seek an answer to an old question: can {a_t1} solve {task} without labels?",
        ))
        summary = _prose(rng, p, labs[-1], words - words // 2)
        summary[0] = _fill(opener, slots) + " " + summary[0]
        out += [par + "\n" for par in summary]
        out += ["What's the core idea of this paper?", ""]
        out += [f"- {_fill(b, slots)}" for b in rng.sample(_IDEA_BULLETS, 3)]
        out += ["", "What's the key achievement?", ""]
        out += [f"- {_fill(b, slots)}" for b in rng.sample(_ACHIEVEMENT_BULLETS, 2)]
        out += ["", ""]
    return "\n".join(out)


def _doc_social(rng: random.Random, pools: _Pools) -> str:
    poster = pools.person()
    handle = f"{poster.given.lower()}{poster.surname.lower()[:4]}@social.example.org"
    labs = [pools.lab() for _ in range(rng.randint(3, 6))]
    n = rng.randint(6, 12)
    topic_tag = "#" + rng.choice(("diffusionmodels", "computervision", "generativeai", "nerf"))
    out = [topic_tag, "", handle, ""]
    for _ in range(n):
        p = pools.paper(rng.sample(labs, 2))
        pars = _prose(rng, p, labs[-1], _section_words(rng), pool=_SOCIAL_SENTENCES, filler_rate=0.35,
                      first=_SOCIAL_SENTENCES[0])
        out += [par + "\n" for par in pars]
        subtitle = p.subtitle[:1] + p.subtitle[1:].lower() if rng.random() < 0.5 else p.subtitle
        out += [f"{p.system}: {subtitle}", ""]
        tags = ["#solidstatelife", "#ai", "#genai"] + [
            "#" + "".join(c for c in t[0].lower() if c.isalnum()) for t in p.techniques[:2]]
        out += [" ".join(tags), "", handle, ""]
    return "\n".join(out)


_MAKERS = {"list": _doc_list, "lecture": _doc_lecture, "roundup": _doc_roundup, "social": _doc_social}


# ---------------------------------------------------------------- public API


def kind_of(index: int) -> str:
    return KINDS[index % len(KINDS)]


def document_name(index: int) -> str:
    kind = kind_of(index)
    return f"syn_{index:05d}_{kind}{EXTENSION[kind]}"


def make_document(index: int, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of synthetic document `index` for `seed`."""
    if not 0 <= index < max_documents():
        raise ValueError(f"document index {index} out of range (at most {max_documents()} documents)")
    kind = kind_of(index)
    rng = random.Random(_h(seed, "doc", index))
    pools = _Pools(Namer(seed), index, rng)
    text = _MAKERS[kind](rng, pools)
    return document_name(index), text.rstrip() + "\n"


def generate(out_dir: Path, n_docs: int, seed: int = 0, *, start: int = 0) -> list[Path]:
    """Write documents start..start+n_docs-1 into `out_dir`; their paths in order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n_docs):
        name, text = make_document(i, seed)
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def generate_words(out_dir: Path, words: int, seed: int = 0) -> list[Path]:
    """Write documents 0, 1, ... until they hold at least `words` words."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    total = 0
    i = 0
    while total < words:
        name, text = make_document(i, seed)
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        total += len(text.split())
        i += 1
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--docs", type=int, help="number of documents")
    group.add_argument("--words", type=int, help="write documents until they hold this many words")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.docs is not None:
        paths = generate(args.out_dir, args.docs, args.seed)
    else:
        paths = generate_words(args.out_dir, args.words, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} documents, {words} words, to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
