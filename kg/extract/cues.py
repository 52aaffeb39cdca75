"""The cue words that decide how a sentence is read, and whether it needs the parser.

Both the pipeline (kg.extract.nlp, which parses only the sentences that need
it) and the NLP pass (kg.extract.relations, which reads the parse) use them,
so they live here, apart from either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

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
USE_WORDS = {
    "use", "uses", "used", "using", "leverage", "leverages", "leveraging", "employ", "employs",
    "employing", "adopt", "adopts", "rely", "relies", "relying", "combine", "combines", "combining",
    "apply", "applies", "applying", "incorporate", "incorporates", "incorporating", "with", "via",
    "through", "powered", "trained", "done", "based",
}
BUILD_WORDS = {
    "extend", "extends", "extending", "extended", "improve", "improves", "improving", "fine-tune",
    "fine-tunes", "finetunes", "adapt", "adapts", "adapting", "top", "upon", "inspired",
    "builds", "building", "transforming", "transforms",
}
EVAL_WORDS = {"evaluate", "evaluated", "evaluates", "test", "tested", "benchmark", "benchmarked", "on",
              "achieve", "achieves", "achieved", "trained", "train", "outperforms", "score", "scores"}

# entity labels always read through the tree (organization_cue, person_cue),
# and those read through it only next to a cue word (_typed)
_TREE_LABELS = {"ORG", "PERSON"}
_CUED_LABELS = {label for label, type_ in LABEL_TYPES.items() if type_ in ("Technique", "Model", "Task", "Dataset")}


def cue_steps(type_: str) -> list[tuple[set[str], str]]:
    """The cue words _typed tries for an entity of this type, in order, and the method each gives."""
    steps = [(BUILD_WORDS, "dep:builds-on")] if type_ in ("Technique", "Model") else []
    steps.append((USE_WORDS, "dep:uses"))
    if type_ == "Dataset":
        steps.append((EVAL_WORDS, "dep:evaluated-on"))
    return steps


def cue_window(ent: Span) -> Span:
    """The words just before an entity, where a cue counts without the tree."""
    return ent.doc[max(0, ent.start - 3) : ent.start]


def _typed_needs_tree(ent: Span, sent: Span) -> bool:
    for words, _ in cue_steps(LABEL_TYPES[ent.label_]):
        if any(t.lower_ in words for t in cue_window(ent)):
            return False  # decided by the surface, whatever the tree says
        if any(t.lower_ in words for t in sent):
            return True  # this cue word might govern the entity
    return False


def needs_parse(sent: Span) -> bool:
    """Would the dependency tree change what is read from this sentence?

    Organisations and people are always read through it; a method, model,
    task or dataset only when a cue word that relation_cue looks for is in the
    sentence and not already just before the entity. Without such a word no
    head chain can match, so the sentence is left unparsed.
    """
    for ent in sent.ents:
        if ent.label_ in _TREE_LABELS:
            return True
        if ent.label_ in _CUED_LABELS and _typed_needs_tree(ent, sent):
            return True
    return False
