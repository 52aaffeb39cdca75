"""The NLP pass: named things in prose and how they relate to the unit's paper.

A relation read off the dependency tree ("researchers from X", "X's new
model", "built on X") gets a higher confidence than one inferred only because
two names share a section.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span, Token

from kg.extract import citations
from kg.extract.builder import ExtractionBuilder
from kg.extract.confidence import FIRST_GUESS
from kg.extract.cues import (
    AFFILIATION_PREPS,
    CITATION_CUES,
    DEVELOP_VERBS,
    GENERIC_MODIFIERS,
    JOB_TITLES,
    LABEL_TYPES,
    NEGATIONS,
    ORG_NAME_STOPWORDS,
    PERSON_CUES,
    RESEARCH_NOUNS,
    cue_steps,
    cue_window,
)
from kg.extract.structure.units import Unit
from kg.extract.text import CUED_YEAR_PATTERN, entity_key, sentence_around, squash

# "extends Nerfies", "fine-tunes a pretrained StyleGAN2", "modify DPO", "the successor to
# YOLOv5": a cue, then (within the clause) the name of a system the document knows
BUILDS_ON_CUE = re.compile(
    r"\b(?i:extends|extending|extended|modif(?:y|ies|ied|ying)|(?:builds?|built|building)\s+(?:on|upon)"
    r"|on\s+top\s+of|improves?\s+(?:on|upon)|variants?\s+of|derived\s+from|adapted\s+from"
    r"|fine-?tun(?:es?|ed)|fine-?tuning\s+of|same\s+architecture\s+as|generali[sz]es"
    r"|starts?\s+from|initiali[sz]ed\s+(?:from|with)|successor\s+to|sequel\s+to|follow-?up\s+to)\b")
# what may follow the cue before the name ends the search: the rest of the clause
_CLAUSE_END = re.compile(r"[.;:!?]\s|[.;:!?]$|,\s|\s(?:and|but|which|that|while|so)\s")
_SYSTEM_NAME = re.compile(r"[A-Z][\w.+/-]*(?:\s[A-Z0-9][\w.+/-]*){0,3}")

BYLINE = re.compile(r"(?:^|(?<=[.!?]\s))[Bb]y\s+(?P<names>[A-Z][^.;:()\n]{2,200}?)"
                    r"(?:\s+(?:at|from|of)\s+(?P<org>[A-Z][^.;:()\n]{1,80}?))?(?=\s*[.;(\n]|$)")
# author lists in prose about a paper, by how they are written (NAME: a full name)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:van|von|de|der|da|di|le|la)?\s*[A-Z][\w'’.-]+){1,3}"
_NAMES = rf"{_NAME}(?:\s*(?:,\s*(?:and\s+)?|\s&\s|\sand\s){_NAME}){{0,11}}"
_ORG = r"(?:the\s+)?(?P<org>[A-Z][^.;:()\n]{1,80}?)"
# '*Title* by A, B and C picks up ...', '"Title" by A and B'
_BY_AFTER_TITLE = re.compile(rf"[*_”\")]\s*,?\s*by\s+(?P<names>{_NAMES})")
# "*Title* (Andrew Brock, Jeff Donahue, Karen Simonyan; DeepMind)"
_LIST_AFTER_TITLE = re.compile(rf"[*_”\"]\s*\((?P<names>{_NAMES})(?:;\s*{_ORG})?\)")
PROSE_AUTHORS = (
    # "Tanmay Gupta & Aniruddha Kembhavi from the Allen Institute for AI."
    re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=\(\s)|(?<=\())(?P<names>{_NAMES})"
               rf"(?:,?\s+among\s+others)?\)?\s+(?:from|at)\s+{_ORG}"
               r"(?=\s*[.;,(\n]|\s+(?!of\b|for\b|and\b|the\b|de\b|in\b)[a-z]|$)"),
    # "The authors (A, B & C, among others) from X"
    re.compile(rf"\b[Aa]uthors\s*\((?P<names>{_NAMES})(?:,?\s+among\s+others)?\)"),
    _BY_AFTER_TITLE,
    _LIST_AFTER_TITLE,
    # "Albert Gu (CMU) and Tri Dao (Princeton) make ..."
    re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[^\w\s]\s))(?P<names>{_NAME}\s*\([^()]{{2,40}}\)"
               rf"(?:\s*(?:,|and|&)\s*{_NAME}\s*\([^()]{{2,40}}\))+)"),
)
AFTER_TITLE_MARKS = (_BY_AFTER_TITLE, _LIST_AFTER_TITLE)
# a bare list of full names ("A, B and C", "A, B et al.", "A, B & co."), whatever precedes it
# (a name's words never cross a line break: a title line above is not part of the first name)
# and a possessive ends a name: "Intel Labs' Stephan R. Richter, ..." lists from Stephan
_ONE_LINE_NAME = _NAME.replace(r"\s", r"[^\S\n]").replace(r"[\w'’.-]+", r"[\w'’.-]*[\w.]")
NAME_LIST = re.compile(rf"(?<![\w'’-])(?P<names>{_ONE_LINE_NAME}(?:\s*,\s*{_ONE_LINE_NAME})*"
                       rf"(?:\s*,?\s*(?:and|&)\s+{_ONE_LINE_NAME})?)"
                       r"(?P<more>,?\s+(?:et\s+al\b|and\s+co\b\.?|and\s+co-?authors\b))?")
# a person name's words: capitalised, with hyphens, apostrophes, initials and particles
_PERSON_WORD = re.compile(r"^(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)*|[A-Z]\.|[A-Z][a-z]+[A-Z][a-z]+|van|von|de|der|da|di|le|la)$")
_AND_COLLEAGUES = r"and\s+(?:(?:his|her|their)\s+)?(?:colleagues|co-?authors|collaborators)\b"
# "Ho et al.", and its spelled-out forms "Carion and colleagues", "Karras and co-authors"
ET_AL = re.compile(rf"\b(?P<surname>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+(?:et\s+al\.?|{_AND_COLLEAGUES})"
                   r"(?:\s*[,(]?\s*(?:[A-Z][A-Za-z]+\s+)?(?P<year>" + CUED_YEAR_PATTERN + "))?")
# what follows a person's name, never a lab's
_PEOPLE_AFTER = re.compile(rf"\s+(?:et\s+al\b|{_AND_COLLEAGUES})")
ACRONYM = re.compile(r"((?:[A-Z][\w'-]*[ \t]+(?:[a-z]{1,3}[ \t]+)?){0,6}[A-Z][\w'-]*)[ \t]*\(([A-Z][A-Za-z0-9-]{1,9})s?\)")
TECHNIQUE_HEADS = {
    "network": "neural network", "networks": "neural network", "transformer": "transformer",
    "transformers": "transformer", "normalization": "normalization", "normalisation": "normalization",
    "attention": "attention mechanism", "autoencoder": "autoencoder", "autoencoders": "autoencoder",
    "convolution": "convolution", "convolutions": "convolution", "field": "neural radiance field",
    "fields": "neural radiance field", "model": "generative model", "models": "generative model",
    "pretraining": "pre-training", "pre-training": "pre-training", "learning": "machine learning",
    "embedding": "embedding", "embeddings": "embedding", "encoding": "encoding", "sampling": "sampling",
    "distillation": "knowledge distillation", "optimization": "optimization", "regularization": "regularization",
    "guidance": "guidance", "decoding": "decoding", "tuning": "fine-tuning", "fine-tuning": "fine-tuning",
}
SUFFIX_FAMILIES = (("GAN", "generative adversarial network"), ("NeRF", "neural radiance field"),
                   ("Former", "transformer"), ("former", "transformer"))


def _root(span: Span) -> Token:
    return span.root


def _head_chain(token: Token, limit: int = 6):
    seen = 0
    while token.head is not token and seen < limit:
        token = token.head
        seen += 1
        yield token


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def organization_cue(ent: Span, known_name: bool = False) -> bool:
    """Does the tree say this organisation made or backs the work?"""
    tok = _first_conjunct(_root(ent))
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in AFFILIATION_PREPS:
        target = head.head
        if head.lower_ == "between":
            return True
        if target.lower_ in RESEARCH_NOUNS or target.lower_ in DEVELOP_VERBS:
            return True
        if head.lower_ in {"by", "from"} and target.lower_ in {"paper", "model", "system", "work", "research", "release"}:
            return True
        if head.lower_ == "by" and target.dep_ in ("acl", "relcl", "ROOT", "agent") or head.dep_ == "agent":
            return True
        if head.lower_ == "from" and target.lower_ in {"system", "model", "ai", "tool"}:
            return True
        # "DreamBooth, from Google Research", "Maneesh Agrawala at Stanford", "Vaswani et al. at X"
        if head.lower_ in {"from", "at", "by"} and (target.text[:1].isupper() or target.ent_type_ in ("PERSON", "MODEL")
                                                   or target.lower_ in ("al", "al.")):
            return True
        # "entries come from X", "a model released from X" (no tagger: a verb is what has a subject)
        if head.lower_ == "from" and (target.dep_ == "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass") for c in target.children)):
            return True
    if tok.dep_ == "poss":  # "NVIDIA's Instant NGP", "Google Brain's answer"
        return True
    if tok.dep_ in ("compound", "nmod", "amod") and head.lower_ in RESEARCH_NOUNS:
        return True
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lower_ in DEVELOP_VERBS:
        return True
    try:
        sent = ent.sent
    except ValueError:
        sent = None
    if known_name and sent is not None and sent.start == 0:
        # a summary opens with who did the work: "FAIR and UC Berkeley modernise a ResNet ..."
        if tok.dep_ == "nsubj":
            return True
        # or with a bare byline: "UC Berkeley."
        if all(t.is_punct or ent.start <= t.i < ent.end for t in sent):
            return True
    return tok.dep_ == "appos" and head.lower_ in RESEARCH_NOUNS


def person_cue(ent: Span) -> bool:
    """A person named as doing research, not a celebrity in an anecdote."""
    if authored_cue(ent):
        return True
    # "Sebastian Raschka, a research engineer at ..." names a person in the field
    if any(c.dep_ == "appos" and c.lower_ in JOB_TITLES | PERSON_CUES for c in _root(ent).children):
        return True
    tok = _first_conjunct(_root(ent))
    head = tok.head
    following = ent.doc[ent.end : ent.end + 2].text.lower()
    if following.startswith("et al"):
        return True
    if tok.dep_ == "pobj" and head.lower_ == "by" and head.head.lower_ in RESEARCH_NOUNS | DEVELOP_VERBS:
        return True
    if tok.dep_ in ("nsubj",) and head.lower_ in DEVELOP_VERBS:
        return True
    if tok.dep_ in ("compound", "appos") and head.lower_ in PERSON_CUES:
        return True
    return any(t.lower_ in PERSON_CUES for t in ent.doc[max(0, ent.start - 2) : ent.start])


ORG_SHAPE = re.compile(r"\b(?:Universit\w*|Institute|Lab|Labs|Laboratory|Research|College|School|Academy|Centre|"
                       r"Center|Inc|Corp|AI|DeepMind|Technologies|Foundation)\b")


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def plausible_org_name(name: str, sentence: str, builder: ExtractionBuilder) -> bool:
    """Filter the small model's ORG guesses that are not organisation names."""
    words = name.split()
    if not words or not name[0].isupper():
        return False
    if any(w.lower() in ORG_NAME_STOPWORDS for w in words) or words[-1].lower() in JOB_TITLES:
        return False
    if re.search(r",|\s&\s|\band\b", name):
        return False  # "Ho, Jain and Abbeel": a list of people, not one organisation
    if name.isupper() and len(name) <= 4:
        return False  # unknown short acronyms are usually methods ("WCT")
    if _title_case(sentence):
        return False  # headlines and titles: every word is capitalised, NER guesses wildly
    return name.casefold() not in builder.labels_of_type("Person")


def _name_key(name: str) -> str:
    """A matching key for names that keeps what tells systems apart ("Zero123" vs "Zero123++")."""
    return citations.normalize_title(name.replace("+", " plus "))


def _names_paper(canonical: str, surface: str, title: str) -> bool:
    """Is this system the paper's own: its title's prefix, or an acronym of the title?"""
    prefix = title.split(":", 1)[0] if ":" in title else ""
    if prefix and _name_key(prefix) in (_name_key(canonical), _name_key(surface)):
        return True
    name = re.sub(r"[^A-Za-z]", "", surface)
    return len(name) >= 3 and name[0].isupper() and _acronym_fits(name, title.split(":", 1)[-1]) and len(
        [c for c in name if c.isupper()]) >= 2


def _owning_model(doc: Doc, ent: Span) -> Span | None:
    """A named system in the sentence that the organisation is tied to, if any."""
    sent = _sentence(doc, ent)
    models = [e for e in sent.ents if e.label_ == "MODEL"]
    if not models:
        return None

    def model_at(token: Token) -> Span | None:
        return next((m for m in models if m.start <= token.i < m.end), None)

    tok = _first_conjunct(_root(ent))
    for t in [tok, *_head_chain(tok, 6)]:
        found = model_at(t) if t is not tok else None
        found = found or next((model_at(c) for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and model_at(c)), None)
        if found is not None:
            return found
    if tok.dep_ == "nsubj":  # "Meta published the Make-A-Video model"
        for c in tok.head.subtree:
            if c.dep_ in ("dobj", "compound", "attr") and model_at(c) is not None and c.i > tok.i:
                return model_at(c)
    return None


# a method named by its form: modifiers, then a head noun that names a kind of method
# ("preference learning", "layer pruning", "parameter-efficient fine-tuning")
METHOD_HEADS = (
    "learning", "tuning", "fine-tuning", "finetuning", "distillation", "pruning", "merging",
    "augmentation", "quantization", "embeddings", "prompting", "pretraining", "pre-training",
    "attention", "replay", "splatting", "pooling",
    "decomposition", "parameterization", "re-parameterization",
)
_MODIFIER = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
# the first word may be capitalised where a sentence or a table cell starts ("Layer pruning, ...")
_FIRST = r"(?:(?:(?<=^)|(?<=[.!?|:]\s)|(?<=\n))[A-Z][a-z0-9]*(?:-[a-z0-9]+)*|" + _MODIFIER + ")"
METHOD_PHRASE = re.compile(
    rf"(?<![\w-])(?P<phrase>(?:{_FIRST}\s+){{0,1}}{_FIRST}\s+(?P<head>{'|'.join(METHOD_HEADS)}))(?![\w-])"
    rf"|(?<![\w-])(?P<compound>[a-z]+-(?:{'|'.join(METHOD_HEADS)}))(?![\w-])"
)


def _negated(ent: Span) -> bool:
    """'they did not use X', 'without X': the sentence denies the relation."""
    try:
        sent = ent.sent
    except ValueError:
        return False
    window = ent.doc[max(sent.start, ent.start - 8) : ent.start]
    return any(t.lower_ in NEGATIONS for t in window)


def authored_cue(ent: Span) -> bool:
    """'by A, B and C' / 'By A and B at X.': a byline naming authors."""
    tok = _first_conjunct(_root(ent))
    return tok.dep_ == "pobj" and tok.head.lower_ == "by" or ent.doc[max(0, ent.start - 1) : ent.start].text.lower() == "by"


def affiliated_person(ent: Span) -> Span | None:
    """'Maneesh Agrawala at Stanford' -> the person span the organisation qualifies."""
    tok = _root(ent)
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"at", "from", "of"}:
        return None
    target = tok.head.head
    # "Soumith Chintala, AI Research Engineer at Facebook": through the job title
    for _ in range(3):
        if target.ent_type_ == "PERSON" or target.lower_ not in JOB_TITLES | PERSON_CUES | {"research", "ai"}:
            break
        target = target.head
    if target.ent_type_ != "PERSON":
        return None
    # the conjuncts of a byline share the affiliation, keep the nearest one
    for person in ent.doc.ents:
        if person.label_ == "PERSON" and person.start <= target.i < person.end:
            return person
    return None


def relation_cue(ent: Span, words: set[str]) -> bool:
    """Is the entity governed by one of the cue words (within a few heads)?"""
    tok = _root(ent)
    for ancestor in _head_chain(tok, 4):
        if ancestor.lower_ in words:
            return True
        if ancestor.dep_ == "ROOT":
            break
    return any(t.lower_ in words for t in cue_window(ent))


def _sentence(doc: Doc, ent: Span) -> Span:
    try:
        return ent.sent
    except ValueError:  # no sentence boundaries set
        return doc[:]


class NlpPass:
    def __init__(self, builder: ExtractionBuilder, text: str, units: list[Unit], vocab):
        self.b = builder
        self.text = text
        self.units = units
        self.vocab = vocab
        self.persons: dict[tuple[int, int], str] = {}  # person span -> mention, for affiliations
        self.unit_starts = [u.start for u in units]  # units are in document order
        self.paper_titles = {citations.normalize_title(t) for t in builder.labels_of_type("Paper")}

    def unit_at(self, offset: int) -> Unit | None:
        i = bisect.bisect_right(self.unit_starts, offset) - 1
        if i >= 0 and self.units[i].start <= offset < self.units[i].end:
            return self.units[i]
        return None

    def subject_of(self, unit: Unit | None, offset: int = -1, end: int = -1) -> str | None:
        """The paper (or system) the text at `offset` (to `end`) is about."""
        if unit is None:
            return None
        if offset in unit.line_subjects:
            return unit.line_subjects[offset]
        if unit.is_list:
            return None
        if len(unit.papers) > 1 and offset >= 0:
            # flowing text with several papers (posts, a thread): a block is about the
            # first paper it introduces, else about the one introduced last before it
            starts = sorted((self.b.evidence_of(p).start, i, p) for i, p in enumerate(unit.papers))
            inside = [p for start, _, p in starts if offset <= start < end]
            before = [p for start, _, p in starts if start < offset]
            if inside or before:
                return inside[0] if inside else before[-1]
        if unit.papers:
            return unit.papers[0]
        if unit.models:
            return unit.models[0]
        return None

    def evidence(self, doc: Doc, offset: int, ent: Span, method: str, confidence: float):
        sent = _sentence(doc, ent)
        return self.b.evidence(offset + sent.start_char, offset + sent.end_char, sent.text, method, confidence)

    def vocab_mention(self, type_: str, canonical: str, surface: str, ev) -> str:
        key = entity_key(type_, canonical)
        attrs = {}
        entry = self.vocab.by_alias(canonical) if self.vocab is not None else None
        if entry is not None and entry.broader:
            attrs["broader"] = tuple(entry.broader)
        return self.b.mention(type_, canonical, [key], ev, aliases=(surface,), attrs=attrs, label_rank=3)

    def process(self, doc: Doc, offset: int) -> None:
        """One spaCy doc of a block whose text starts at `offset` in the document."""
        unit = self.unit_at(offset)
        if unit is not None and unit.is_references:
            return
        subject = self.subject_of(unit, offset, offset + len(doc.text))
        subject_type = self.b.type_of(subject) if subject else None
        subject_label = self.b.label_of(subject) if subject else ""
        for ent in doc.ents:
            label = ent.label_
            surface = squash(ent.text)
            if label in LABEL_TYPES:
                type_ = LABEL_TYPES[label]
                canonical = ent.ent_id_.split("|", 1)[1] if "|" in ent.ent_id_ else surface
                if type_ == "Organization":
                    self._organization(doc, offset, ent, canonical, subject, vocab=bool(ent.ent_id_))
                    continue
                if type_ == "Venue":
                    continue  # venues come from citations and awards, with their year
                self._typed(doc, offset, ent, type_, canonical, surface, subject, subject_type, subject_label)
            elif label == "ORG":
                self._organization(doc, offset, ent, surface, subject, vocab=False)
            elif label == "PERSON":
                self._person(doc, offset, ent, surface, subject, subject_type)
        self._acronyms(doc, offset, subject)
        self._method_phrases(doc, offset, subject)
        if subject is not None:
            self._cued_builds_on(doc, offset, subject)
        if subject is not None and subject_type == "Paper":
            self._byline_authors(doc, offset, subject)
            self._prose_authors(doc, offset, subject)
            self._listed_authors(doc, offset, subject)
            self._et_al_authors(doc, offset, subject)

    def _byline_authors(self, doc: Doc, offset: int, paper: str) -> None:
        """'By A, B and C at Lab.': a byline sentence names the paper's authors.

        Read as an author list, not entity by entity: the small NER model
        misreads some names ("Ana Lima" as a place).
        """
        if self.b.has_relation(paper, "authoredBy", method="structure"):
            return
        for m in BYLINE.finditer(doc.text):
            names = citations.parse_author_list(m.group("names"))
            if not names:
                continue
            ev = self.b.evidence(offset + m.start(), offset + m.end(), doc.text[m.start() : m.end()], "pattern:byline", FIRST_GUESS["pattern:byline"])
            org = None
            if m.group("org") and citations.names_organization(m.group("org"), self.vocab):
                org = self._org_mention(m.group("org"), ev)
                self.b.relate(paper, "fromOrganization", org, ev)
            for name in names:
                pid = self.b.mention("Person", name,
                                     [f"person:{citations.person_key(name)}:{self.b.document}:{name.casefold()}"], ev)
                self.b.relate(paper, "authoredBy", pid, ev)
                if org is not None:
                    self.b.relate(pid, "affiliatedWith", org, ev)

    def _prose_authors(self, doc: Doc, offset: int, paper: str) -> None:
        """Author lists in prose about the paper ("A & B from Lab", "*Title* by A and B",
        "(A, B; Lab)", "A (CMU) and B (Princeton)"), read by their form."""
        if self.b.has_relation(paper, "authoredBy", method="structure"):
            return
        # the title marks ("*Title* by ...") are blanked in the text spaCy read (same
        # length), so the patterns that need them read the document's own text
        marked = self.text[offset : offset + len(doc.text)]
        for pattern in PROSE_AUTHORS:
            text = marked if pattern in AFTER_TITLE_MARKS else doc.text
            for m in pattern.finditer(text):
                raw = re.sub(r"\s*\([^()]*\)", "", m.group("names"))
                names = [n for n in citations.parse_author_list(raw) if len(n.split()) >= 2]
                if not names or any(self.vocab is not None and self.vocab.by_alias(n) for n in names):
                    continue  # "Stable Diffusion and Imagen" are systems, not people
                ev = self.b.evidence(offset + m.start(), offset + m.end(), text[m.start():m.end()],
                                     "pattern:prose-authors", FIRST_GUESS["pattern:prose-authors"])
                org = None
                org_text = m.groupdict().get("org")
                if org_text and citations.names_organization(org_text, self.vocab):
                    org = self._org_mention(org_text, ev, org_text)
                    self.b.relate(paper, "fromOrganization", org, ev)
                for name in names:
                    pid = self.b.mention("Person", name, [
                        f"person:{citations.person_key(name)}:{self.b.document}:{name.casefold()}"], ev)
                    self.b.relate(paper, "authoredBy", pid, ev)
                    if org is not None:
                        self.b.relate(pid, "affiliatedWith", org, ev)

    def _listed_authors(self, doc: Doc, offset: int, paper: str) -> None:
        """A list of full names in a paper's unit is its author list when its form
        says so: three names or more, or two ending in "et al." / "and co." (a post's
        "Alec Radford, Jong Wook Kim et al.", a credit line "Lab · A, B, C").
        Only for papers with no authors yet; the first such list is taken."""
        if self.b.has_relation(paper, "authoredBy"):
            return
        text = re.sub(r"@(?=[A-Z])", " ", doc.text)  # "@Sanchit Gandhi": a tagged person
        for m in NAME_LIST.finditer(text):
            names = citations.parse_author_list(m.group("names"))
            if len(names) < (2 if m.group("more") else 3) or not all(self._person_name(n) for n in names):
                continue
            ev = self.b.evidence(offset + m.start(), offset + m.end(), text[m.start():m.end()],
                                 "pattern:name-list", FIRST_GUESS["pattern:name-list"])
            for name in names:
                pid = self.b.mention("Person", name, [
                    f"person:{citations.person_key(name)}:{self.b.document}:{name.casefold()}"], ev)
                self.b.relate(paper, "authoredBy", pid, ev)
            if m.group("more"):
                self.b.set_attr(paper, "et_al", True)
            return

    def _person_name(self, name: str) -> bool:
        """A person's name by its form: 2-4 words, each a name word, none a known
        system, lab or term ("Stable Diffusion", "Google Research", "UT Austin")."""
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(_PERSON_WORD.match(w) for w in words):
            return False
        if ORG_SHAPE.search(name):
            return False
        return self.vocab is None or self.vocab.by_alias(name) is None

    def _et_al_authors(self, doc: Doc, offset: int, paper: str) -> None:
        """'Vaswani et al. at Google Brain replaced ...' in a paper's unit names its first author.

        With a year, "(Ho et al., 2020)" is a citation of another paper unless the
        year fits the unit's paper; papers that already have authors are left alone.
        """
        if self.b.has_relation(paper, "authoredBy"):
            return
        for m in ET_AL.finditer(doc.text):
            surname, year = m.group("surname"), m.group("year")
            # the words just before, in the same sentence: "unlike Ho et al." cites another paper
            before = re.split(r"[.!?;:]\s", doc.text[max(0, m.start() - 30) : m.start()])[-1].lower().split()[-3:]
            if any(w.strip("(,") in CITATION_CUES for w in before):
                continue
            if year:
                stated = self.b.get_attr(paper, "year")
                implied = self.b.get_attr(paper, "arxiv_year")
                if not (stated == int(year) or stated is None and implied in (int(year), int(year) - 1)):
                    continue
            start = offset + m.start()
            ev = self.b.evidence(start, offset + m.end(), doc.text[m.start() : m.end()], "pattern:et-al", FIRST_GUESS["pattern:et-al"])
            sent = [s for s in doc.sents if s.start_char <= m.start() < s.end_char] if doc.has_annotation("SENT_START") else []
            if sent:
                ev = self.b.evidence(offset + sent[0].start_char, offset + sent[0].end_char, sent[0].text,
                                     "pattern:et-al", FIRST_GUESS["pattern:et-al"])
            pid = self.b.mention("Person", surname,
                                 [f"person:{citations.person_key(surname)}:{self.b.document}:{surname.casefold()}"], ev)
            self.b.relate(paper, "authoredBy", pid, ev)
            self.b.set_attr(paper, "et_al", True)
            return  # the first author is enough; later ones are citations

    def _person(self, doc, offset, ent, surface, subject, subject_type):
        if not person_cue(ent):
            return
        surface = re.sub(r"\s+et\s+al\.?$", "", surface)  # the model's span can take in "et al"
        if any(len(w) > 1 and w.isupper() for w in surface.split()):
            return  # "Acme GPU Cloud" is not a person
        byline = authored_cue(ent)
        if byline and subject and self.b.has_relation(subject, "authoredBy", method="structure"):
            return  # the layout already gave this paper's author list
        ev = self.evidence(doc, offset, ent, "dep:byline" if byline else "ner:person-cue",
                           FIRST_GUESS["dep:byline" if byline else "ner:person-cue"])
        pid = self.b.mention("Person", surface,
                             [f"person:{citations.person_key(surface)}:{self.b.document}:{surface.casefold()}"], ev)
        if subject:
            # "By A, B and C" in the unit of a paper names its authors
            predicate = "authoredBy" if byline and subject_type == "Paper" else "mentions"
            self.b.relate(subject, predicate, pid, ev)
        self.persons[(offset + ent.start_char, offset + ent.end_char)] = pid

    def _typed(self, doc, offset, ent, type_, canonical, surface, subject, subject_type, subject_label):
        if type_ in ("Dataset", "Task") and citations.normalize_title(surface) in self.paper_titles:
            return  # a paper title that a gazetteer also lists ("Everybody Dance Now")
        in_title = subject is not None and (
            canonical.casefold() in subject_label.casefold() or surface.casefold() in subject_label.casefold())
        if subject_type == "Model" and _name_key(canonical) == _name_key(subject_label):
            return  # the unit's own system
        negated = _negated(ent)
        if in_title:
            method, conf = "title", FIRST_GUESS["ruler:title"]
        elif negated:
            method, conf = "cooccurrence", FIRST_GUESS["ruler:cooccurrence/negated"]  # "they did not use X"
        else:
            cued = (m for words, m in cue_steps(type_) if relation_cue(ent, words))
            method, conf = next(((m, FIRST_GUESS["ruler:cued"]) for m in cued),
                                ("cooccurrence", FIRST_GUESS["ruler:cooccurrence"]))
        ev = self.evidence(doc, offset, ent, f"ruler:{method}", conf)
        mid = self.vocab_mention(type_, canonical, surface, ev)
        if type_ == "Model":
            self._model_owner(doc, offset, ent, canonical, surface, mid)
        if subject is None:
            return
        if negated and type_ in ("Technique", "Dataset", "Model"):
            self.b.relate(subject, "mentions", mid, ev)  # "without X": named, not used
            return
        if type_ == "Technique":
            predicate = "buildsOn" if method == "dep:builds-on" else "usesTechnique"
        elif type_ == "Task":
            predicate = "addressesTask"
        elif type_ == "Dataset":
            predicate = "evaluatedOn"
        elif type_ == "Model":
            if subject_type == "Paper" and _names_paper(canonical, surface, subject_label):
                # the paper's own system: named in its title or abbreviated from it
                self.b.relate(subject, "introduces", mid, self.b.evidence(ev.start, ev.end, ev.sentence, "ruler:own-system", FIRST_GUESS["ruler:own-system"]))
                return
            predicate = "buildsOn" if method == "dep:builds-on" else "mentions"
        else:
            predicate = "mentions"
        self.b.relate(subject, predicate, mid, ev)

    def _model_owner(self, doc, offset, ent, canonical, surface, model_id) -> None:
        """'OpenAI Sora', 'Meta's Make-A-Video': the text names the system's maker."""
        entry = self.vocab.by_alias(canonical, "Model") if self.vocab is not None else None
        owner = entry.attr("organization") if entry is not None else None
        if not owner:
            return
        org = self.vocab.by_alias(str(owner), "Organization")
        names = (org.names if org is not None else (str(owner),))
        before = doc.text[max(0, ent.start_char - 40) : ent.start_char]
        stated = any(surface.lower().startswith(n.lower() + " ") for n in names) or any(
            re.search(re.escape(n) + r"(?:'s|’s)?\s*$", before) for n in names
        )
        if stated:
            ev = self.evidence(doc, offset, ent, "ruler:model-owner", FIRST_GUESS["ruler:model-owner"])
            oid = self._org_mention(org.label if org is not None else str(owner), ev)
            self.b.relate(model_id, "fromOrganization", oid, ev)

    def _organization(self, doc, offset, ent, name, subject, vocab: bool):
        if not vocab and not plausible_org_name(name, _sentence(doc, ent).text, self.b):
            return
        if not vocab and _PEOPLE_AFTER.match(doc.text, ent.end_char):
            return  # "Nicolas Carion and colleagues", "Charton et al.": a person, whatever the model says
        cue = organization_cue(ent, known_name=vocab or bool(ORG_SHAPE.search(name)))
        if not cue:
            # a known lab merely named near a paper is a mention; an unknown name needs a cue
            if not vocab or subject is None:
                return
            ev = self.evidence(doc, offset, ent, "ner:cooccurrence", FIRST_GUESS["ner:cooccurrence"])
            oid = self._org_mention(name, ev, squash(ent.text))
            self.b.relate(subject, "mentions", oid, ev)
            return
        shaped = bool(ORG_SHAPE.search(name))
        ev = self.evidence(doc, offset, ent, "dep:organization", FIRST_GUESS["dep:organization" if vocab or shaped else "dep:organization/unshaped"])
        oid = self._org_mention(name, ev, squash(ent.text))
        person = affiliated_person(ent)
        person_id = None
        if person is not None:
            person_id = self.persons.get((offset + person.start_char, offset + person.end_char))
            if person_id:
                self.b.relate(person_id, "affiliatedWith", oid, ev)
        other = _owning_model(doc, ent)
        if other is not None:
            canonical = other.ent_id_.split("|", 1)[1] if "|" in other.ent_id_ else squash(other.text)
            own = subject is not None and _names_paper(canonical, squash(other.text), self.b.label_of(subject))
            if not own:
                # "GPT-3 is a model developed by OpenAI": the lab is that system's
                mid = self.vocab_mention("Model", canonical, squash(other.text), ev)
                self.b.relate(mid, "fromOrganization", oid, ev)
                presenters = self.b.subjects_of(mid, "introduces")
                if subject and presenters and subject not in presenters:
                    self.b.relate(subject, "mentions", oid, ev)  # another paper's system
                    return
                if subject:  # maybe the paper's own system under another name: a weaker claim
                    weak = self.b.evidence(ev.start, ev.end, ev.sentence, "dep:organization-via-system", FIRST_GUESS["dep:organization-via-system"])
                    self.b.relate(subject, "fromOrganization", oid, weak)
                return
        if subject:
            # a commentator's employer is not the paper's lab; an author's is
            is_author = person_id is not None and self.b.has_relation(subject, "authoredBy", person_id)
            predicate = "fromOrganization" if person is None or is_author else "mentions"
            self.b.relate(subject, predicate, oid, ev)

    def _org_mention(self, name: str, ev, surface: str = "") -> str:
        """The organisation `name`; the text's own form (surface, "MIT") stays an alias."""
        entry = self.vocab.by_alias(name) if self.vocab is not None else None
        label = entry.label if entry is not None and entry.type == "Organization" else re.sub(r"^(?:the|The)\s+", "", name)
        aliases = tuple(a for a in (name, re.sub(r"^(?:the|The)\s+", "", surface)) if a)
        return self.b.mention("Organization", label, [entity_key("Organization", label)], ev,
                              aliases=aliases, label_rank=3 if entry is not None else 1)

    def _method_phrases(self, doc: Doc, offset: int, subject: str | None) -> None:
        """Techniques outside the vocabulary, recognised by the form of their name.

        The head noun says what kind of method it is (and gives its broader term:
        "instruction tuning" is a kind of fine-tuning); modifiers that are stop
        words, adverbs or generic ("the same attention") make no name.
        """
        from spacy.lang.en.stop_words import STOP_WORDS

        text = doc.text
        taken = [(e.start_char, e.end_char) for e in doc.ents]
        for m in METHOD_PHRASE.finditer(text):
            phrase = m.group("phrase") or m.group("compound")
            if phrase[0].isupper():
                phrase = phrase[0].lower() + phrase[1:]
            words = phrase.split()
            if len(words) == 3 and re.search(r"(?<![su])s$|ed$|ing$", words[0]):
                words = words[1:]  # "uses grouped-query attention": a verb before the name
                phrase = " ".join(words)
            modifiers = words[:-1] if m.group("phrase") else [phrase.rsplit("-", 1)[0]]
            if len(modifiers) == 1 and re.search(r"(?<![su])s$|ing$", modifiers[0]):
                continue  # "distils attention", "utilizing learning": a verb, not a modifier
            if any(w in STOP_WORDS or w in GENERIC_MODIFIERS or w.endswith("ly") or w.isdigit()
                   for w in modifiers):
                # "the learning" or "a little tuning": try without the first word
                if len(words) == 3 and words[1] not in STOP_WORDS | GENERIC_MODIFIERS:
                    phrase, words = " ".join(words[1:]), words[1:]
                else:
                    continue
            start = m.start() + m.group(0).lower().find(phrase.lower())
            end = start + len(phrase)
            if any(a < end and start < b for a, b in taken):
                continue  # the vocabulary ruler or NER already read it
            if self.vocab is not None and self.vocab.by_alias(phrase) is not None:
                continue
            s_start, s_end = sentence_around(text, start, end)
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "form:method-phrase", FIRST_GUESS["form:method-phrase"])
            head = words[-1] if m.group("phrase") else phrase.rsplit("-", 1)[1]
            # the broader term only where the vocabulary has it: a skos:broader must be a technique
            broader_entry = (self.vocab.by_alias(TECHNIQUE_HEADS[head], "Technique")
                             if head in TECHNIQUE_HEADS and self.vocab is not None else None)
            broader = broader_entry.label if broader_entry is not None else None
            attrs = {"broader": (broader,)} if broader and broader != phrase else {}
            mid = self.b.mention("Technique", phrase, [entity_key("Technique", phrase)], ev,
                                 attrs=attrs, label_rank=1)
            window = text[max(s_start, start - 60) : start].lower().split()[-8:]
            if subject and not any(w.strip(",;:()") in NEGATIONS | {"unlike"} for w in window):
                self.b.relate(subject, "usesTechnique", mid, ev)
            taken.append((start, end))

    def _cued_builds_on(self, doc: Doc, offset: int, subject: str) -> None:
        """'Extends Nerfies with ...', 'fine-tunes a pretrained StyleGAN2', 'built on
        NVIDIA's earlier progressive growing GAN (ProGAN)': the unit's paper builds on
        a system the document or the vocabulary knows by that name, even where no
        tagger read the name (a system named only in a list entry). A model named
        in the clause is preferred to a technique ("... GAN (ProGAN)": ProGAN)."""
        text = doc.text
        for m in BUILDS_ON_CUE.finditer(text):
            stop = _CLAUSE_END.search(text, m.end(), min(len(text), m.end() + 80))
            window = text[m.end(): stop.start() if stop else min(len(text), m.end() + 80)]
            if re.match(r"\s*(?:such\s+as|like)\b", window):
                continue  # "fine-tunes such as Alpaca": the noun, said of the systems that follow
            found = []
            for name_m in _SYSTEM_NAME.finditer(window):
                words = name_m.group().split()
                for n in range(len(words), 0, -1):
                    name = re.sub(r"['’]s$", "", " ".join(words[:n]).rstrip(".,;:)"))  # "NVIDIA's"
                    target = self._known_system(name)
                    if target is not None:
                        found.append(target)
                        break
            models = [t for t in found if self.b.type_of(t) == "Model"]
            target = (models or found or [None])[0]
            if target is None or self.b.has_relation(subject, "introduces", target):
                continue  # unknown, or the paper's own system
            s_start, s_end = sentence_around(text, m.start(), m.end())
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "pattern:builds-on-cue", FIRST_GUESS["pattern:builds-on-cue"])
            self.b.relate(subject, "buildsOn", target, ev)

    def _known_system(self, name: str) -> str | None:
        """The document's Model or Technique mention named `name`, if there is one."""
        for type_ in ("Model", "Technique"):
            found = self.b.lookup(entity_key(type_, name))
            if found is not None:
                return found
        entry = self.vocab.by_alias(name) if self.vocab is not None and name else None
        if entry is not None and entry.type in ("Model", "Technique"):
            return self.b.lookup(entity_key(entry.type, entry.label))
        return None

    def _acronyms(self, doc: Doc, offset: int, subject: str | None) -> None:
        """'Group Normalization (GN)': a named method and its acronym."""
        for m in ACRONYM.finditer(doc.text):
            long_form, acronym = squash(m.group(1)), m.group(2)
            words = long_form.split()
            initials = "".join(w[0] for w in re.split(r"[\s-]+", long_form) if w and w[0].isupper())
            if acronym[0].upper() != words[0][0].upper() or len(initials) < 2:
                continue
            if not _acronym_fits(acronym, long_form):
                continue
            entry = self.vocab.by_alias(long_form) or self.vocab.by_alias(acronym) if self.vocab is not None else None
            sentence_start = max(doc.text.rfind(". ", 0, m.start()) + 2, 0)
            sentence_end = doc.text.find(". ", m.end())
            sentence = doc.text[sentence_start : sentence_end if sentence_end != -1 else len(doc.text)]
            ev = self.b.evidence(offset + sentence_start, offset + sentence_start + len(sentence), sentence,
                                 "acronym-definition", FIRST_GUESS["acronym-definition"])
            if entry is not None:
                if entry.type not in ("Technique", "Model", "Dataset", "Task"):
                    continue
                mid = self.vocab_mention(entry.type, entry.label, long_form, ev)
                self.b.mention(entry.type, entry.label, [entity_key(entry.type, entry.label)],
                               ev, aliases=(acronym,))
            else:
                broader = technique_family(long_form, acronym)
                if broader is None:
                    continue
                key = entity_key("Technique", long_form)
                mid = self.b.mention("Technique", long_form, [key, entity_key("Technique", acronym)],
                                     ev, aliases=(acronym,), attrs={"broader": (broader,)}, label_rank=2)
            if subject:
                self.b.relate(subject, "usesTechnique" if self.b.type_of(mid) == "Technique" else "mentions", mid, ev)


def _acronym_fits(acronym: str, long_form: str) -> bool:
    """Letters of the acronym appear, in order, at word starts of the long form."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    parts = [p.lower() for p in re.split(r"[\s-]+", long_form) if p]
    i = 0
    for part in parts:
        if i < len(letters) and part.startswith(letters[i]):
            i += 1
    # allow one letter taken from inside a word rather than from a word start
    return i >= max(2, len(letters) - 1)


def technique_family(long_form: str, acronym: str = "") -> str | None:
    """The family a newly named method belongs to, from its name."""
    for suffix, family in SUFFIX_FAMILIES:
        if acronym.endswith(suffix) or long_form.endswith(suffix):
            return family
    lowered = long_form.lower()
    if "adversarial network" in lowered:
        return "generative adversarial network"
    if "radiance field" in lowered:
        return "neural radiance field"
    if "diffusion" in lowered:
        return "diffusion model"
    last = lowered.split()[-1] if lowered.split() else ""
    return TECHNIQUE_HEADS.get(last)
