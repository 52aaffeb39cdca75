"""Organisations in prose: the tree cues that tie a lab to the work, the filter
for the small model's ORG guesses, the person or system a lab is named with,
and the NLP-pass methods that record labs and their relations."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract.builder import ExtractionBuilder
from kg.extract.confidence import FIRST_GUESS
from kg.extract.cues import (
    AFFILIATION_PREPS,
    DEVELOP_VERBS,
    JOB_TITLES,
    ORG_NAME_STOPWORDS,
    PERSON_CUES,
    RESEARCH_NOUNS,
)
from kg.extract.nlp_pass.own_system import _names_paper
from kg.extract.nlp_pass.patterns import _PEOPLE_AFTER, ORG_SHAPE
from kg.extract.nlp_pass.tree import _first_conjunct, _head_chain, _root, _sentence, doc_text
from kg.extract.text import COPYRIGHT, CUED_YEAR_PATTERN, LICENCE, entity_key, squash


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
        # and "CLIP [Radford et al. 2021], from OpenAI": after a citation (its year, its
        # bracket, or the comma after it, where the parser hangs the phrase)
        if head.lower_ in {"from", "at", "by"} and (target.text[:1].isupper() or target.ent_type_ in ("PERSON", "MODEL")
                                                   or target.lower_ in ("al", "al.") or target.is_punct
                                                   or re.fullmatch(CUED_YEAR_PATTERN + "[a-z]?", target.text)):
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


_LIKENESS = re.compile(r"-(?:style|like|sized|scale|inspired|esque|type)\b", re.IGNORECASE)


def _owning_model(doc: Doc, ent: Span) -> Span | None:
    """A named system in the sentence that the organisation is tied to, if any."""
    sent = _sentence(doc, ent)
    # "a GPT-3-style transformer" is another model shaped like GPT-3, not GPT-3
    models = [e for e in sent.ents if e.label_ == "MODEL" and not _LIKENESS.match(doc_text(doc), e.end_char)]
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


def _names_a_licence(doc: Doc, ent: Span) -> bool:
    """Is the name next to a licence ("MIT licensed", "a research licence, not MIT")?"""
    near = doc_text(doc)[max(0, ent.start_char - 40) : ent.end_char + 20]
    return bool(LICENCE.search(near))


def _among_people(ent: Span) -> bool:
    """Is the name an item of a list whose neighbours are people ("A, B and C")?"""
    doc = ent.doc
    between = {",", "and", "&"}
    for other in doc.ents:
        if other.label_ != "PERSON":
            continue
        gap = doc[other.end : ent.start] if other.end <= ent.start else doc[ent.end : other.start]
        if 0 < len(gap) <= 2 and all(t.text in between for t in gap):
            return True
    return False


def _modifies_a_noun(ent: Span) -> bool:
    """Is a one-word name followed by a lower-case plural noun ("Sequence models")?
    A lab's name does not qualify a kind of thing; a topic's word does."""
    if len(ent) != 1 or ORG_SHAPE.search(ent.text) or ent.end >= len(ent.doc):
        return False
    after = ent.doc[ent.end]
    return after.text.islower() and after.text.endswith("s") and len(after.text) > 3 and not after.text.endswith("ss")


def employer_of_a_role(ent: Span) -> bool:
    """'Applied Scientist at Amazon', 'PhD candidate in Robot Learning at ETH Zürich':
    the organisation employs whoever holds the job (a post's author, a commentator),
    which says nothing of the paper's lab."""
    tok = _first_conjunct(_root(ent))
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"at", "of"}:
        return False
    target = tok.head.head
    for _ in range(3):  # up through "in Robot Learning" to the job
        if target.lower_ in JOB_TITLES | {"candidate", "postdoc"}:
            return True
        if target.dep_ == "pobj" and target.head.dep_ == "prep":
            target = target.head.head
        else:
            return False
    return False


class OrganizationReading:
    """NLP-pass methods: labs named in prose, and the papers, people and systems they go with."""

    def _model_owner(self, doc, offset, ent, canonical, surface, model_id) -> None:
        """'OpenAI Sora', 'Meta's Make-A-Video': the text names the system's maker."""
        entry = self.vocab.by_alias(canonical, "Model") if self.vocab is not None else None
        owner = entry.attr("organization") if entry is not None else None
        if not owner:
            return
        org = self.vocab.by_alias(str(owner), "Organization")
        names = (org.names if org is not None else (str(owner),))
        before = doc_text(doc)[max(0, ent.start_char - 40) : ent.start_char]
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
        if COPYRIGHT.search(name) or _names_a_licence(doc, ent):
            return  # "MIT licensed", "Reddit Inc © 2024"
        if not vocab and not ORG_SHAPE.search(name) and _among_people(ent):
            return  # "by Tim Dettmers, Artidoro Pagnoni, Ari Holtzman": one more author
        if not vocab and _modifies_a_noun(ent):
            return  # "Sequence models", "Diffusion samplers": a capitalised word modifying a noun
        if not vocab and _PEOPLE_AFTER.match(doc_text(doc), ent.end_char):
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
            by_role = person is None and employer_of_a_role(ent)
            predicate = "fromOrganization" if (person is None and not by_role) or is_author else "mentions"
            self.b.relate(subject, predicate, oid, ev)

    def _org_mention(self, name: str, ev, surface: str = "") -> str:
        """The organisation `name`; the text's own form (surface, "MIT") stays an alias."""
        entry = self.vocab.by_alias(name) if self.vocab is not None else None
        label = entry.label if entry is not None and entry.type == "Organization" else re.sub(r"^(?:the|The)\s+", "", name)
        aliases = tuple(a for a in (name, re.sub(r"^(?:the|The)\s+", "", surface)) if a)
        return self.b.mention("Organization", label, [entity_key("Organization", label)], ev,
                              aliases=aliases, label_rank=3 if entry is not None else 1)
