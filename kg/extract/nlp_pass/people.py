"""People in prose: bylines, author lists written out in prose, bare name lists,
"et al." and the tree cues that name a person as doing research."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extract import citations
from kg.extract.confidence import FIRST_GUESS
from kg.extract.cues import CITATION_CUES, DEVELOP_VERBS, JOB_TITLES, PERSON_CUES, RESEARCH_NOUNS
from kg.extract.nlp_pass.patterns import (
    _PERSON_WORD,
    AFTER_TITLE_MARKS,
    BYLINE,
    ET_AL,
    NAME_LIST,
    ORG_SHAPE,
    PROSE_AUTHORS,
)
from kg.extract.nlp_pass.tree import _first_conjunct, _root, doc_text

# a title set off by quotes or emphasis on a line ('"Segment Anything" by ...')
_MARKED_TITLE = re.compile(r"[*_\"“]([^*_\"“”\n]{4,300})[*_\"”]")


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


def authored_cue(ent: Span) -> bool:
    """'by A, B and C' / 'By A and B at X.': a byline naming authors."""
    tok = _first_conjunct(_root(ent))
    return tok.dep_ == "pobj" and tok.head.lower_ == "by" or ent.doc[max(0, ent.start - 1) : ent.start].text.lower() == "by"


# what may follow an author list and name its labs: "(Lab, Lab and Lab)" or "at Lab and Lab"
_LABS_AFTER_NAMES = re.compile(r"[^\S\n]*(?:\((?P<labs>[^()\n]{2,100})\)|(?:at|from)\s+(?P<labs2>[A-Z][^.;:()\n]{1,100}?)(?=[.;]|\s+[a-z]))")


def _bracketed_affiliations(names: str) -> dict[str, str]:
    """'Albert Gu (CMU) and Tri Dao (Princeton)' -> {name: what its brackets hold}."""
    found = {}
    for m in re.finditer(r"(?P<name>[A-Z][^,()&]*?)\s*\((?P<lab>[^()]{2,40})\)", names):
        name = re.sub(r"^(?:and|&)\s+", "", m.group("name").strip())
        found[" ".join(name.split())] = m.group("lab").strip()
    return found


class PeopleReading:
    """NLP-pass methods: the people a unit names, and which of them wrote its paper."""

    def _byline_authors(self, doc: Doc, offset: int, paper: str) -> None:
        """'By A, B and C at Lab.': a byline sentence names the paper's authors.

        Read as an author list, not entity by entity: the small NER model
        misreads some names ("Ana Lima" as a place).
        """
        if self.b.has_relation(paper, "authoredBy", method="structure"):
            return
        for m in BYLINE.finditer(doc_text(doc)):
            names = citations.parse_author_list(m.group("names"))
            if not names:
                continue
            ev = self.b.evidence(offset + m.start(), offset + m.end(), doc_text(doc)[m.start() : m.end()], "pattern:byline", FIRST_GUESS["pattern:byline"])
            labs = [m.group("org")] if m.group("org") else citations.lab_list_parts(m.group("labs") or "")
            orgs = []
            for lab in labs:
                if citations.names_organization(lab, self.vocab):
                    orgs.append(self._org_mention(lab, ev))
                    self.b.relate(paper, "fromOrganization", orgs[-1], ev)
            for name in names:
                pid = self.b.mention("Person", name,
                                     [f"person:{citations.person_key(name)}:{self.b.document}:{name.casefold()}"], ev)
                self.b.relate(paper, "authoredBy", pid, ev)
                if len(orgs) == 1:  # with several labs, which author is where is not said
                    self.b.relate(pid, "affiliatedWith", orgs[0], ev)

    def _prose_authors(self, doc: Doc, offset: int, paper: str) -> None:
        """Author lists in prose about the paper ("A & B from Lab", "*Title* by A and B",
        "(A, B; Lab)", "A (CMU) and B (Princeton)"), read by their form."""
        if self.b.has_relation(paper, "authoredBy", method="structure"):
            return
        # the title marks ("*Title* by ...") are blanked in the text spaCy read (same
        # length), so the patterns that need them read the document's own text
        marked = self.text[offset : offset + len(doc_text(doc))]
        for pattern in PROSE_AUTHORS:
            text = marked if pattern in AFTER_TITLE_MARKS else doc_text(doc)
            for m in pattern.finditer(text):
                # '"Title" by A and B': the title marked just before says whose authors they are
                target = (self._paper_titled_before(text, m.start()) if pattern in AFTER_TITLE_MARKS
                          else None) or paper
                if target != paper and self.b.has_relation(target, "authoredBy", method="structure"):
                    continue
                raw = re.sub(r"\s*\([^()]*\)", "", m.group("names"))
                raw = re.sub(r"['’]s\b", "", raw)  # "Bo Wang's group": the person is Bo Wang
                names = [n for n in citations.parse_author_list(raw) if len(n.split()) >= 2]
                if not names or any(self.vocab is not None and self.vocab.by_alias(n) for n in names):
                    continue  # "Stable Diffusion and Imagen" are systems, not people
                if any(w.lower() in JOB_TITLES for n in names for w in n.split()):
                    continue  # "Applied Scientist at Amazon": a post author's headline
                ev = self.b.evidence(offset + m.start(), offset + m.end(), text[m.start():m.end()],
                                     "pattern:prose-authors", FIRST_GUESS["pattern:prose-authors"])
                org = None
                org_text = m.groupdict().get("org")
                if org_text and citations.names_organization(org_text, self.vocab):
                    org = self._org_mention(org_text, ev, org_text)
                    self.b.relate(target, "fromOrganization", org, ev)
                affiliations = _bracketed_affiliations(m.group("names"))
                for name in names:
                    pid = self.b.mention("Person", name, [
                        f"person:{citations.person_key(name)}:{self.b.document}:{name.casefold()}"], ev)
                    self.b.relate(target, "authoredBy", pid, ev)
                    if org is not None:
                        self.b.relate(pid, "affiliatedWith", org, ev)
                    lab = affiliations.get(name)
                    if lab and citations.names_organization(lab, self.vocab):
                        # "Albert Gu (CMU) and Tri Dao (Princeton)": each author's lab is the paper's
                        lab_id = self._org_mention(lab, ev, lab)
                        self.b.relate(target, "fromOrganization", lab_id, ev)
                        self.b.relate(pid, "affiliatedWith", lab_id, ev)

    def _paper_titled_before(self, text: str, pos: int) -> str | None:
        """The paper whose title is the last one marked ("Title", *Title*) on the
        line before `pos`, if the document knows a paper by that title."""
        line_start = text.rfind("\n", 0, pos) + 1
        marked = list(_MARKED_TITLE.finditer(text, line_start, pos + 1))
        if not marked:
            return None
        found = self.b.lookup(f"title:{citations.normalize_title(marked[-1].group(1))}")
        return found if found is not None and self.b.type_of(found) == "Paper" else None

    def _listed_authors(self, doc: Doc, offset: int, paper: str) -> None:
        """A list of full names in a paper's unit is its author list when its form
        says so: three names or more, or two ending in "et al." / "and co." (a post's
        "Alec Radford, Jong Wook Kim et al.", a credit line "Lab · A, B, C").
        Only for papers with no authors yet; the first such list is taken."""
        if self.b.has_relation(paper, "authoredBy"):
            return
        text = re.sub(r"@(?=[A-Z])", " ", doc_text(doc))  # "@Sanchit Gandhi": a tagged person
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
            self._labs_after(text, m.start(), m.end(), offset, paper, "pattern:name-list")
            return

    def _labs_after(self, text: str, start: int, end: int, offset: int, paper: str, method: str) -> None:
        """'A, B & C at Meta AI.', 'A, B and co. (KAIST, Meta AI and NYU).': the labs the
        author list text[start:end] is followed by are the paper's, when every one names a lab."""
        m = _LABS_AFTER_NAMES.match(text, end)
        if m is None:
            return
        labs = m.group("labs") or m.group("labs2")
        parts = citations.lab_list_parts(labs)
        if not parts or not all(citations.names_organization(p, self.vocab) for p in parts):
            return
        ev = self.b.evidence(offset + start, offset + m.end(), text[start : m.end()], method, FIRST_GUESS[method])
        for part in parts:
            self.b.relate(paper, "fromOrganization", self._org_mention(part, ev, part), ev)

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
        for m in ET_AL.finditer(doc_text(doc)):
            surname, year = m.group("surname"), m.group("year")
            # the words just before, in the same sentence: "unlike Ho et al." cites another paper
            before = re.split(r"[.!?;:]\s", doc_text(doc)[max(0, m.start() - 30) : m.start()])[-1].lower().split()[-3:]
            if any(w.strip("(,") in CITATION_CUES for w in before):
                continue
            if year:
                stated = self.b.get_attr(paper, "year")
                implied = self.b.get_attr(paper, "arxiv_year")
                if not (stated == int(year) or stated is None and implied in (int(year), int(year) - 1)):
                    continue
            start = offset + m.start()
            ev = self.b.evidence(start, offset + m.end(), doc_text(doc)[m.start() : m.end()], "pattern:et-al", FIRST_GUESS["pattern:et-al"])
            sent = [s for s in doc.sents if s.start_char <= m.start() < s.end_char] if doc.has_annotation("SENT_START") else []
            if sent:
                ev = self.b.evidence(offset + sent[0].start_char, offset + sent[0].end_char, sent[0].text,
                                     "pattern:et-al", FIRST_GUESS["pattern:et-al"])
            pid = self.b.mention("Person", surname,
                                 [f"person:{citations.person_key(surname)}:{self.b.document}:{surname.casefold()}"], ev)
            self.b.relate(paper, "authoredBy", pid, ev)
            self.b.set_attr(paper, "et_al", True)
            self._labs_after(doc_text(doc), m.start(), m.end(), offset, paper, "pattern:et-al")
            return  # the first author is enough; later ones are citations

    def _person(self, doc, offset, ent, surface, subject, subject_type):
        if not person_cue(ent):
            return
        surface = re.sub(r"\s+et\s+al\.?$", "", surface)  # the model's span can take in "et al"
        if any(len(w) > 1 and w.isupper() for w in surface.split()):
            return  # "Acme GPU Cloud" is not a person
        byline = authored_cue(ent)
        if byline and subject_type == "Paper":
            # '"Title" (Short) by A and B': the title marked on the line is the paper
            subject = self._paper_titled_before(self.text, offset + ent.start_char) or subject
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
