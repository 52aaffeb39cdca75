"""The NLP pass itself: finds each block's unit and subject, and runs the readers
over the entities and the text spaCy read."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from kg.extract import citations
from kg.extract.builder import ExtractionBuilder
from kg.extract.confidence import FIRST_GUESS
from kg.extract.cues import LABEL_TYPES
from kg.extract.nlp_pass.builds_on import BuildsOnReading
from kg.extract.nlp_pass.organizations import OrganizationReading
from kg.extract.nlp_pass.patterns import NUMERIC_CITATION
from kg.extract.nlp_pass.people import PeopleReading
from kg.extract.nlp_pass.systems import SystemReading
from kg.extract.nlp_pass.tagged import TaggedReading
from kg.extract.nlp_pass.techniques import TechniqueReading
from kg.extract.nlp_pass.tree import _sentence, doc_text
from kg.extract.structure.units import Unit
from kg.extract.text import entity_key, sentence_around, squash

# a verb that makes a clause: the subject ends before it
_FINITE_VERB_TAGS = {"VBZ", "VBP", "VBD", "MD"}


def _before_first_verb(sent: Span, at: int) -> bool:
    """Does the character `at` of the sentence come before its first verb? Where the
    sentence was not tagged, is it within the sentence's first ten words?"""
    words = [t for t in sent if not t.is_space and not t.is_punct]
    if not any(t.tag_ for t in words):
        return len(sent.text[:at].split()) <= 10
    first_verb = next((t.idx - sent.start_char for t in words if t.tag_ in _FINITE_VERB_TAGS), len(sent.text))
    return at < first_verb


def _cited_papers(text: str, cited: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, paper) of each citation in the text whose reference is known."""
    found = []
    for surname, _, year, start, end in citations.inline_citations(text):
        pid = cited.get(citations.citation_key(surname, year))
        if pid is not None:
            found.append((start, end, pid))
    for m in NUMERIC_CITATION.finditer(text):
        numbers = []
        for part in re.split(r"\s*,\s*", m.group(1)):
            ends = [int(n) for n in re.split(r"\s*[–-]\s*", part)]
            numbers += range(ends[0], ends[-1] + 1) if 0 <= ends[-1] - ends[0] < 20 else ends
        found += [(m.start(), m.end(), cited[f"#{n}"]) for n in numbers if f"#{n}" in cited]
    return sorted(found)


class NlpPass(OrganizationReading, PeopleReading, TaggedReading, TechniqueReading, SystemReading,
              BuildsOnReading):
    """Relations read off the parse of one document, block by block."""

    def __init__(self, builder: ExtractionBuilder, text: str, units: list[Unit], vocab,
                 cited: dict[str, str] | None = None):
        self.b = builder
        self.text = text
        self.units = units
        self.vocab = vocab
        self.cited = cited or {}  # citation key -> paper (StructureResult.cited)
        self._subject_citations: dict[int, list[tuple[int, int, str]]] = {}  # per sentence of the doc read
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

    def line_subject(self, unit: Unit | None, offset: int, pos: int, block_subject: str | None) -> str | None:
        """The paper a name at `pos` is about, in a block (from `offset`) that
        introduces several: the last one introduced before it at the head of a
        line ('📄 "Title B" by A at Lab' is about B even in a post that began
        with A; a paper cited in passing mid-line changes nothing)."""
        if unit is None or unit.is_list or len(unit.papers) < 2 or pos in unit.line_subjects:
            return block_subject
        starts = sorted((self.b.evidence_of(p).start, p) for p in unit.papers)
        introduced = [p for start, p in starts if offset <= start < pos and self._heads_its_line(start)]
        return introduced[-1] if introduced else block_subject

    def cited_subject(self, doc: Doc, start: int) -> str | None:
        """The paper a sentence's citation points to, for the text at `start` (in `doc`):
        "CLIP [Radford et al. 2021], from OpenAI, trains ..." is about the cited paper.
        The last citation before the text decides; with none before it, the sentence's
        only cited paper. Only for text that no paper of its own unit is the subject of
        (a survey's or a related-work section's prose)."""
        if not self.cited:
            return None
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return None
        sent = _sentence(doc, span)
        if sent.start_char not in self._subject_citations:
            # a citation in the sentence's opening noun phrase, before its first verb, names
            # what the sentence is about; one after it ("evaluated on NQ [15]") cites an object
            self._subject_citations[sent.start_char] = [
                c for c in _cited_papers(sent.text, self.cited) if _before_first_verb(sent, c[0])]
        papers = self._subject_citations[sent.start_char]
        pos = start - sent.start_char
        before = [pid for s, e, pid in papers if e <= pos]
        if before:
            return before[-1]
        distinct = {pid for _, _, pid in papers}
        return distinct.pop() if len(distinct) == 1 else None

    def _cited_systems(self, doc: Doc, offset: int, coined: list[tuple[str, int, int]]) -> None:
        """'CLIP [Radford et al. 2021]', 'REALM [7]': a system named with a citation right
        after it is the one the cited paper introduces."""
        if not self.cited:
            return
        text = doc_text(doc)
        names = [(ent.ent_id_.split("|", 1)[1] if "|" in ent.ent_id_ else squash(ent.text), ent.start_char, ent.end_char)
                 for ent in doc.ents if LABEL_TYPES.get(ent.label_) == "Model"] + coined
        for name, start, end in names:
            after = text[end : end + 80]
            gap = len(after) - len(after.lstrip())
            # the citation opens right after the name, its bracket maybe before its first name
            papers = [pid for s, _, pid in _cited_papers(after, self.cited) if after[gap:s] in ("", "[", "(")]
            if len(papers) != 1 or gap > 2:
                continue  # no citation right after, or one citing several papers
            s_start, s_end = sentence_around(text, start, end)
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "pattern:cited-system", FIRST_GUESS["pattern:cited-system"])
            mid = self.vocab_mention("Model", name, squash(text[start:end]), ev)
            self.b.relate(papers[0], "introduces", mid, ev)

    def _heads_its_line(self, start: int) -> bool:
        """Nothing but marks and spaces before `start` on its line ("📄 Paper: ...")."""
        return not re.search(r"\w", self.text[self.text.rfind("\n", 0, start) + 1 : start])

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
        self._subject_citations.clear()
        unit = self.unit_at(offset)
        if unit is not None and unit.is_references:
            return
        block_subject = self.subject_of(unit, offset, offset + len(doc_text(doc)))
        phrases = self._method_phrase_spans(doc)
        heads = self._phrase_heads(doc, phrases)  # read as part of a longer name, below
        systems = self._coined_system_spans(doc)
        skipped = set(heads) | {(start, end) for _, start, end in systems}  # read below
        for ent in doc.ents:
            if (ent.start_char, ent.end_char) in skipped:
                continue
            label = ent.label_
            surface = squash(ent.text)
            subject = self.line_subject(unit, offset, offset + ent.start_char, block_subject)
            if subject is None:
                subject = self.cited_subject(doc, ent.start_char)
            subject_type = self.b.type_of(subject) if subject else None
            subject_label = self.b.label_of(subject) if subject else ""
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
        subject = block_subject
        subject_type = self.b.type_of(subject) if subject else None
        self._acronyms(doc, offset, subject)
        self._called_techniques(doc, offset, subject)
        self._emphasised_terms(doc, offset, subject)
        self._coined_systems(doc, offset, subject, systems)
        self._cited_systems(doc, offset, systems)
        self._titled_systems(doc, offset)
        self._method_phrases(doc, offset, subject, phrases, heads)
        if subject is not None:
            self._cued_builds_on(doc, offset, subject)
        if subject is not None and subject_type == "Paper":
            self._byline_authors(doc, offset, subject)
            self._prose_authors(doc, offset, subject)
            self._listed_authors(doc, offset, subject)
            self._et_al_authors(doc, offset, subject)
