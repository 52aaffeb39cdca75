"""BibTeX entries shown in a document: bibliographies shared on wikis and in READMEs
("@inproceedings{ho2022video, title = {Video Diffusion Models}, author = {Ho, Jonathan
and Salimans, Tim}, ...}"). Each entry is a paper with its title, authors, year, venue,
arXiv id and code; its note or abstract is prose about that paper, for the NLP pass."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.units import Unit, unit_at

_ENTRY_START = re.compile(r"@(?P<kind>[A-Za-z]+)[ \t]*\{[ \t]*(?P<key>[^,\s{}]+)[ \t]*,")
_FIELD_NAME = re.compile(r"\s*(?P<name>[A-Za-z][\w-]*)\s*=\s*")
_NOT_ENTRIES = {"comment", "string", "preamble"}
# kinds of entry that are not papers: a blog post, a library, a web page, a dataset
_NOT_PAPERS = {"online", "software", "webpage", "electronic", "www", "dataset", "manual", "booklet"}
_MAX_ENTRY = 20_000  # an entry longer than this is not one: the braces never closed
# fields whose text is prose about the paper, and fields that hold its own code
PROSE_FIELDS = ("note", "abstract", "annote", "annotation", "comment", "summary")
CODE_FIELDS = ("code", "github", "repository", "repo", "software")
# LaTeX accent commands and the combining mark each stands for ({\"u} -> ü)
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b"}
_ACCENT = re.compile(r"\\([\"'`^~=.]|[cvuH](?=[\s{]))\s*\{?([A-Za-z])\}?")


@dataclass(frozen=True)
class BibField:
    """One field of an entry: its name (lower case) and its value's text, where it sits."""

    name: str
    value: str  # as written, outer braces or quotes removed
    start: int  # of the value's text in the document
    end: int


@dataclass(frozen=True)
class BibEntry:
    kind: str
    key: str
    start: int
    end: int
    fields: tuple[BibField, ...]

    def get(self, *names: str) -> BibField | None:
        """The first of the named fields the entry has."""
        return next((f for name in names for f in self.fields if f.name == name), None)


def _closing(text: str, at: int, close: str) -> int:
    """The offset of the `close` that ends the value opening at `at` (a brace or a
    quote), skipping nested braces and escaped characters; -1 if it never closes."""
    depth = 0
    i = at + 1
    limit = min(len(text), at + _MAX_ENTRY)
    while i < limit:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0 and close == "}":
                return i
            depth -= 1
        elif c == close and depth == 0:
            return i
        i += 1
    return -1


def bibtex_entries(text: str) -> list[BibEntry]:
    """Every well-formed entry in the text, in order."""
    entries = []
    for m in _ENTRY_START.finditer(text):
        if m.group("kind").lower() in _NOT_ENTRIES:
            continue
        pos, fields = m.end(), []
        while True:
            fm = _FIELD_NAME.match(text, pos)
            if not fm or fm.end() >= len(text):
                break
            at = fm.end()
            if text[at] in "{\"":
                close = _closing(text, at, "}" if text[at] == "{" else '"')
                if close == -1:
                    break
                start, end, pos = at + 1, close, close + 1
            else:  # a bare number or a @string macro: "year = 2022"
                bare = re.match(r"[\w.:/-]+", text[at:])
                if not bare:
                    break
                start, end, pos = at, at + bare.end(), at + bare.end()
            fields.append(BibField(fm.group("name").lower(), text[start:end], start, end))
            sep = re.match(r"\s*,?\s*", text[pos:])
            pos += sep.end()
        if fields and pos < len(text) and text[pos] == "}":
            entries.append(BibEntry(m.group("kind").lower(), m.group("key"), m.start(), pos + 1, tuple(fields)))
    return entries


def clean_value(value: str) -> str:
    """A field's text as plain text: accents made letters, braces and escapes dropped,
    whitespace collapsed ("{\\"U}ber {GANs}" -> "Über GANs")."""
    value = _ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _ACCENTS[m.group(1)]), value)
    value = re.sub(r"\\([&%$#_])", r"\1", value)
    value = re.sub(r"\\[A-Za-z]+\s*", "", value)  # \textbf, \emph: the words stay
    value = value.replace("{", "").replace("}", "").replace("--", "–")
    return " ".join(value.split())


def bibtex_authors(value: str) -> tuple[tuple[str, ...], bool]:
    """The people of an author field, each as "First Last", and whether the list goes
    on ("and others"). A name in braces alone ("{OpenAI}") is a body, not a person."""
    names, more = [], False
    for part in re.split(r"\s+and\s+", " ".join(value.split())):
        if part.strip().lower() in ("others", "et al.", "et al"):
            more = True
            continue
        if part.startswith("{") and part.endswith("}") and part.count("{") == 1:
            continue  # a corporate author
        pieces = [clean_value(p) for p in part.split(",")]
        if len(pieces) == 3:  # "Last, Jr., First"
            name = f"{pieces[2]} {pieces[0]} {pieces[1]}"
        elif len(pieces) == 2:  # "Last, First"
            name = f"{pieces[1]} {pieces[0]}"
        else:
            name = pieces[0]
        if name.strip():
            names.append(" ".join(name.split()))
    return tuple(names), more


class BibtexReading:
    """Structure-pass methods: the papers of BibTeX entries, and the prose of their notes."""

    def _bibtex_records(self, units: list[Unit]) -> list[tuple[int, int]]:
        """Record each entry's paper; return the spans of its prose fields, which the
        NLP pass reads as about that paper."""
        method = "structure:bibtex"
        confidence = FIRST_GUESS[method]
        prose = []
        for entry in bibtex_entries(self.doc.text):
            title_field = entry.get("title")
            if title_field is None or entry.kind in _NOT_PAPERS:
                continue
            title = clean_value(title_field.value)
            eprint = entry.get("eprint", "arxiv")
            arxiv = ids.normalize_arxiv(eprint.value) if eprint is not None else None
            # or wherever the entry gives it: "journal = {arXiv preprint arXiv:2401.01234}", a url
            arxiv = arxiv or next((found for found, _, _ in ids.arxiv_ids(self.doc.text[entry.start:entry.end])), None)
            url_field = entry.get("url")
            url = url_field.value.strip() if url_field is not None else None
            if entry.kind == "misc" and not arxiv and not ids.normalize_arxiv(url or "") and not entry.get("doi"):
                continue  # "@misc" holds preprints, and blog posts and talks too: a paper only with its id
            year_field = entry.get("year")
            year = int(year_field.value) if year_field is not None and re.fullmatch(r"\s*\d{4}\s*", year_field.value) else None
            code_url = None
            if url and ids.github_repo(url):
                code_url, url = url, None  # an entry for the code itself links it as its url
            pid = self.paper(title, entry.start, entry.end, method, confidence, url=url, arxiv=arxiv, year=year)
            if pid is None:
                continue
            if year:
                self.b.set_attr(pid, "year", year, overwrite=True)
            author_field = entry.get("author")
            if author_field is not None:
                names, more = bibtex_authors(author_field.value)
                self.authors(pid, names, author_field.start, author_field.end, method, confidence)
                if more:
                    self.b.set_attr(pid, "et_al", True)
            venue_field = entry.get("booktitle", "journal")
            if venue_field is not None:
                venue = citations.venue_from_text(clean_value(venue_field.value))
                if venue is not None:
                    self.venue(pid, (venue[0], venue[1] or year), venue_field.start, venue_field.end, method)
            code_field = entry.get(*CODE_FIELDS)
            for found in (code_field.value.strip() if code_field is not None else None, code_url):
                if found and ids.github_repo(found):
                    self.repository(found, pid, entry.start, entry.end, "structure:code-link")
            unit = unit_at(units, entry.start)
            if unit is None:
                continue
            if pid not in unit.papers:
                unit.papers.append(pid)
            for name in PROSE_FIELDS:
                field = entry.get(name)
                if field is not None and field.value.strip():
                    unit.line_subjects[field.start] = pid
                    prose.append((field.start, field.end))
        return prose
