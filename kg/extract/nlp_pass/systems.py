"""Systems named by their form: a coined name ("MusicGen", "kNN-LM", "Medusa-1"),
or an acronym with a citation ("REALM [7]"), that the text treats as a system: a
citation after it ("kNN-LM [13]", "TinyBERT (Jiao et al., 2020)"), a noun saying
what it is ("the Contriever encoder", "Guanaco models"), or a sentence it opens
with a verb ("MusicGen is a single-stage transformer", "DiT replaces the U-Net").
Also the short name in brackets after a paper's quoted title."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract import citations
from kg.extract.confidence import FIRST_GUESS
from kg.extract.nlp_pass.own_system import _names_paper
from kg.extract.nlp_pass.tree import doc_text
from kg.extract.text import entity_key, sentence_around

# a coined name: letters with a capital inside ("MusicGen", "kNN-LM", "DiT") or with
# digits ("Medusa-1", "DreamerV3"), and a lower-case letter somewhere (not an acronym)
# (only words with a capital after a letter, or a digit, are tried: most words are neither)
_COINED = re.compile(r"(?<![\w/.@#-])(?=[A-Za-z][A-Za-z0-9-]*?(?:[A-Za-z][A-Z]|\d))"
                     r"(?P<name>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?![\w/@-]|\.\w)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]*[A-Z](?:-[A-Z0-9]+)*")  # "REALM", "MT-DNN"
# what follows a system's name: a citation, or a noun saying what kind of thing it is
_CITED_AFTER = re.compile(r"\s*(?:\[\d+(?:[,–-]\s*\d+)*\]"
                          r"|[(\[][A-Z][\w'’-]+(?:\s+et\s+al\.?|\s+and\s+[A-Z][\w'’-]+)?,?\s+\d{4}[)\]])")
_KIND_AFTER = re.compile(r"\s+(?:models?|encoders?|decoders?|checkpoints?|architectures?|backbones?|agents?|weights)\b")
# a sentence that opens with the name and a verb ("MusicGen is ...", "DiT replaces ...")
_OPENS_WITH_VERB = re.compile(r"\s+(?:is|are|was|were|uses|adds|trains|replaces|learns|builds|combines|"
                              r"interpolates|generates|predicts|extends|achieves|reaches|matches|outperforms|"
                              r"improves|introduces|keeps|encodes|scores|marks|runs|takes|turns|works)\b")
# a quoted title and the short name of its system after it: '"Planning-oriented
# Autonomous Driving" (UniAD)'
# (found from the closing quote and the bracket, then back to the opening quote)
_NAME_AFTER_QUOTE = re.compile(r"[\"”]\s*\((?P<name>[A-Za-z][\w-]{1,15})\)")
_OPENING_QUOTE = re.compile(r"[\"“](?P<title>[^\"”\n]{8,240})$")
# words that are shaped like coined names but name no system
_NOT_SYSTEMS = {"phd", "msc", "bsc", "github", "gitlab", "youtube", "linkedin", "arxiv", "latex", "bibtex",
                "iphone", "ios", "macos", "javascript", "typescript", "openreview", "substack", "reddit"}


def coined(name: str) -> bool:
    """Is the word shaped like a coined system name: a capital after its first letter
    or a digit, and a lower-case letter (so not an acronym, a year or a word)?"""
    if re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)+", name):
        return False  # named after people ("Bradley-Terry model", "Kolmogorov-Arnold")
    letters = name.replace("-", "")
    has_lower = any(c.islower() for c in letters)
    inner_capital = any(c.isupper() for c in letters[1:])
    has_digit = any(c.isdigit() for c in letters) and letters[0].isupper()
    return len(letters) >= 3 and has_lower and (inner_capital or has_digit) and not letters[:-1].isdigit()


class SystemReading:
    """NLP-pass methods: systems the vocabulary does not know, read by the form of their name."""

    def _coined_system_spans(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(name, start, end) of each coined name the text uses as a system. A name the
        statistical model guessed a person or a lab ("kNN-LM", "MusicGen") is one too:
        its form and the words around it say otherwise."""
        text = doc_text(doc)
        ruled = [(e.start_char, e.end_char) for e in doc.ents if e.ent_id_]
        guessed = {(e.start_char, e.end_char) for e in doc.ents if not e.ent_id_}
        found = []
        for m in _COINED.finditer(text):
            name, start, end = m.group("name"), m.start("name"), m.end("name")
            if name.casefold() in _NOT_SYSTEMS:
                continue
            # an acronym is a system only where a citation follows it ("REALM [7]", "PIE
            # (Awasthi et al., 2019)"), and not inside a capitalised title ("... VIDEO DATA [23]")
            acronym = _ACRONYM.fullmatch(name) and _CITED_AFTER.match(text, end) \
                and not re.search(r"\b[A-Z]{2,}[\s:-]+$", text[max(0, start - 30):start])
            if not (coined(name) or acronym):
                continue
            if any(a < end and start < b for a, b in ruled):
                continue  # the vocabulary ruler read it
            if any(a < end and start < b and (a, b) != (start, end) for a, b in guessed):
                continue  # part of a longer name the model read ("MusicGen Team")
            if self.vocab is not None and self.vocab.by_alias(name) is not None:
                continue
            line_start = text.rfind("\n", 0, start) + 1
            opens = not re.search(r"\w", text[line_start:start]) or re.search(r"[.!?]\s+$", text[line_start:start])
            if _CITED_AFTER.match(text, end) or _KIND_AFTER.match(text, end) or (opens and _OPENS_WITH_VERB.match(text, end)):
                found.append((name, start, end))
        return found

    def _coined_systems(self, doc: Doc, offset: int, subject: str | None,
                        spans: list[tuple[str, int, int]]) -> None:
        """A model for each coined system name (`_coined_system_spans`), which the
        unit's paper introduces where its title names it, and mentions otherwise."""
        text = doc_text(doc)
        for name, start, end in spans:
            s_start, s_end = sentence_around(text, start, end)
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "form:coined-system", FIRST_GUESS["form:coined-system"])
            mid = self.b.mention("Model", name, [entity_key("Model", name)], ev, label_rank=1)
            if subject is None:
                continue
            introduced = tuple(self.b.label_of(o) for o in self.b.objects_of(subject, "introduces"))
            own = self.b.type_of(subject) == "Paper" and _names_paper(name, name, self.b.label_of(subject), introduced)
            self.b.relate(subject, "introduces" if own else "mentions", mid, ev)

    def _titled_systems(self, doc: Doc, offset: int) -> None:
        """'"Planning-oriented Autonomous Driving" (UniAD)': the short name in brackets
        after a paper's quoted title is the system that paper introduces."""
        # quotes may be blanked in the text spaCy read (title marks): read the document's own
        text = self.text[offset : offset + len(doc_text(doc))]
        for m in _NAME_AFTER_QUOTE.finditer(text):
            name = m.group("name")
            quoted = _OPENING_QUOTE.search(text, max(0, m.start() - 241), m.start())
            if quoted is None:
                continue
            if not (coined(name) or _ACRONYM.fullmatch(name)) or name.casefold() in _NOT_SYSTEMS:
                continue
            if self.vocab is not None and self.vocab.by_alias(name) is not None:
                continue  # a known system keeps its own reading
            key = citations.normalize_title(quoted.group("title"))
            paper = next((p for p in self.b.ids_of_type("Paper")
                          if citations.normalize_title(self.b.label_of(p)) == key), None)
            if paper is None:
                paper = self._linked_paper_after(offset + m.end())
            if paper is None:
                continue
            s_start, s_end = sentence_around(text, quoted.start(), m.end())
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "form:titled-system", FIRST_GUESS["form:titled-system"])
            mid = self.b.mention("Model", name, [entity_key("Model", name)], ev, label_rank=1)
            self.b.relate(paper, "introduces", mid, ev)

    def _linked_paper_after(self, pos: int, reach: int = 300) -> str | None:
        """A post's paper known so far only by its link, given just after its quoted title
        ('"Title" (Name).' then 'https://arxiv.org/abs/...'): the nearest such paper
        within `reach` characters after `pos`."""
        after = [(self.b.evidence_of(p).start, p) for p in self.b.ids_of_type("Paper")
                 if self.b.label_of(p).startswith("arXiv:") and pos <= self.b.evidence_of(p).start < pos + reach]
        return min(after)[1] if after else None
