"""The cue words that decide how a sentence is read, and whether it needs the parser.

Both the pipeline (kg.extract.nlp, which parses only the sentences that need
it) and the NLP pass (kg.extract.nlp_pass, which reads the parse) use them,
so they live here, apart from either: one place to read or extend the words
the extractor reads relations by.
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

# -- words the NLP pass (kg.extract.nlp_pass) reads its relations by ---------
# who or what is said to do the work ("researchers at X", "a model from X")
RESEARCH_NOUNS = {
    "researcher", "researchers", "team", "teams", "scientist", "scientists", "engineer", "engineers",
    "author", "authors", "group", "lab", "labs", "folks", "people", "collaboration", "colleagues",
    "model", "models", "paper", "papers", "system", "systems", "work", "study", "research", "method",
    "approach", "release", "project", "network", "ai", "algorithm", "technique",
}
# verbs whose subject (or "by" object) made the work: its organisation is the origin
DEVELOP_VERBS = {
    "introduce", "introduces", "introduced", "present", "presents", "presented", "propose", "proposes",
    "proposed", "develop", "develops", "developed", "release", "releases", "released", "publish",
    "publishes", "published", "build", "builds", "built", "create", "creates", "created", "make",
    "makes", "made", "design", "designs", "designed", "unveil", "unveils", "unveiled", "announce",
    "announces", "announced", "train", "trains", "trained", "describe", "describes", "described",
    "show", "shows", "showed", "open-sourced", "launch", "launches", "launched", "improve",
    "improved", "improves", "invent", "invented", "write", "wrote", "seek", "seeks", "demonstrate",
    "demonstrates", "demonstrated", "achieve", "achieves", "achieved", "pre-train", "pre-trains",
    "pretrain", "pretrains", "fine-tune", "fine-tunes", "revisit", "revisits", "optimise", "optimises",
    "optimize", "optimizes", "represent", "represents", "replace", "replaced", "replaces", "remove",
    "removes", "scale", "scales", "scaled", "study", "studies", "explore", "explores", "teach",
    "teaches", "open-source", "open-sources", "debut", "debuts", "ship", "ships", "shipped",
}
# "researchers at X", "a model from X": prepositions that tie work or people to an organisation
AFFILIATION_PREPS = {"from", "at", "by", "between", "of", "with"}
# nouns that make the name beside them a person's ("professor X", "X, a researcher")
PERSON_CUES = {"researcher", "professor", "scientist", "author", "engineer", "phd", "student", "creator", "inventor"}
# words before a name that make it cited prior work, not the paper's own
CITATION_CUES = {"work", "paper", "method", "approach", "following", "than", "like", "unlike", "prior",
                 "earlier", "previous", "see", "cf.", "extends", "improves", "follows", "from"}
# words an organisation's name never holds (a headline or a sentence, not a name)
ORG_NAME_STOPWORDS = {"your", "you", "into", "with", "from", "this", "that", "these", "my", "our", "how", "why",
                      "what", "when", "is", "are", "it", "its", "we", "new", "using", "via", "without"}
# roles: a name ending in one is a person's title, not an organisation
JOB_TITLES = {"engineer", "scientist", "researcher", "professor", "director", "lead", "head", "manager",
              "intern", "student", "founder", "ceo", "cto", "fellow", "editor", "specialist"}
# words just before a name that compare the paper with it ("matches Transformers
# twice its size", "behaves like TRPO", "unlike a U-Net"): named, not used
COMPARISONS = {"than", "unlike", "versus", "vs", "vs.", "match", "matches", "matching", "beat", "beats",
               "outperform", "outperforms", "outperforming", "rival", "rivals", "like", "against"}
# words that deny the relation read just after them ("did not use X", "without X")
NEGATIONS = {"not", "n't", "never", "without", "no", "neither", "nor", "instead"}
# modifiers that say how much or which, not what kind of method
GENERIC_MODIFIERS = {
    "same", "new", "further", "additional", "standard", "simple", "full", "proper", "current",
    "recent", "large", "small", "better", "faster", "original", "existing", "previous",
    "common", "popular", "typical", "usual", "extra", "various", "different", "more", "less",
    "good", "great", "best", "key", "main", "whole", "entire", "initial", "final", "careful",
    "heavy", "light", "cheap", "expensive", "long", "short", "basic", "naive", "vanilla",
    "overall", "separate", "slow", "fast", "internal", "external", "general", "specific",
    "immense", "huge", "massive", "tiny", "official", "novel", "powerful", "related", "efficient",
    "single", "pure", "plus", "plain", "real", "weird", "sensible", "fixed", "following", "limited",
    "extensive", "manual", "given", "mean", "fine", "building", "talking", "learned", "little", "minimal",
    "fitted",
    "way",  # "the normal way diffusion networks use"
    "sub",  # "sub-fields" of research
}

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
    task or dataset only when a cue word that nearest_cue looks for is in the
    sentence and not already just before the entity. Without such a word no
    head chain can match, so the sentence is left unparsed.
    """
    for ent in sent.ents:
        if ent.label_ in _TREE_LABELS:
            return True
        if ent.label_ in _CUED_LABELS and _typed_needs_tree(ent, sent):
            return True
    return False
