"""The papers of one unit: its heading, its field lines, its entries, then their code.

Reading a unit goes in three steps: the heading (a title, a numbered item, a
linked paper), then each logical line of its blocks ("Paper:", "Code:",
entries, notes), then settling what was found (tables, systems, code owners).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.fields import _field_of, _line_spans
from kg.extract.structure.labels import _clean_label, _is_paper_url, _labs_in, _links_in
from kg.extract.structure.patterns import (
    ARXIV_ID_LABEL,
    AUTHOR_FIELDS,
    CODE_FIELDS,
    CODE_LABEL,
    FIELD,
    LAB_FIELDS,
    NON_TITLE_LABEL,
    NUMBERED_LINE,
    PAPER_FIELDS,
    PROJECT_FIELDS,
    TITLE_FIELDS,
    VENUE_FIELDS,
    YEAR_FIELDS,
)
from kg.extract.structure.units import Unit, _line_paper_above, _nested_items_follow_their_entry
from kg.extract.text import looks_like_title, mask_markup, name_like, squash, strip_marker
from kg.model import Block, Link

# the start of a list item's line ("- ", "* ", "3. ")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])\s")


@dataclass
class _Heading:
    """What a unit's heading says, read once and used by the lines below it."""

    title: str  # without its marker, its item number and its labs
    marker: int | None  # "[N]", or N of "## N. Title"
    marker_is_number: bool  # the marker is the item number of a numbered heading
    numbered: bool
    is_title: bool
    labs: list[str]
    block: Block | None
    start: int
    end: int
    paper: str | None = None


# "- *A. Author, B. Author* — Lab, Lab": an entry's authors line (italic names, then labs)
_AUTHOR_LINE = re.compile(r"^[\s>*+\-]*(?P<mark>\*|_)(?P<names>[^*_\n]{3,300}?)(?P=mark)\s*(?:[—–-]+\s*(?P<labs>[^\n]+?))?\s*$")


@dataclass
class _UnitLines:
    """What the lines of a unit gave, in document order."""

    pending_fields: list[tuple[str, int, int]] = field(default_factory=list)  # Authors:/Venue:/Year:
    line_papers: list[tuple[int, str]] = field(default_factory=list)  # (line start, paper)
    field_papers: list[str] = field(default_factory=list)  # from "Paper:" lines
    pending_code: list[tuple[str, int, int]] = field(default_factory=list)  # (url, line start, end)


def _in_unit_body(unit: Unit, block: Block, text: str) -> bool:
    """A block of the unit, headings aside but the field headings inside it ("#### Code: ...")."""
    return not (block.start < unit.start or block.end > unit.end or block.kind == "heading" and not (
        block.start > unit.start and _field_of(text[block.start:block.end])))


class UnitPapers:
    """Structure-pass methods: the papers of one unit: its heading, its field lines, its entries, then their code."""

    def _unit_papers(self, unit: Unit, blocks: tuple[Block, ...]) -> None:
        heading = self._read_heading(unit, blocks)
        found = _UnitLines()
        for block in blocks:
            if not _in_unit_body(unit, block, self.doc.text):
                continue
            for ls, le in _line_spans(self.doc, block):
                self._read_unit_line(unit, block, ls, le, heading, found)
            if block.kind == "paragraph":
                pid = self._title_line(block) or self._title_with_arxiv(block)
                if pid:
                    found.line_papers.append((block.start, pid))
        self._settle_unit(unit, blocks, heading, found)

    # -- the heading ------------------------------------------------------------
    def _parse_heading(self, unit: Unit, blocks: tuple[Block, ...]) -> _Heading:
        title, marker = strip_marker(unit.heading) if unit.heading else ("", None)
        # "## 3. Title (Lab)": a numbered heading, a lab named after the title
        numbered = bool(re.match(r"^\d{1,3}[.)]\s+\S", title))
        title = re.sub(r"^\d{1,3}[.)]\s+", "", title)
        labs: list[str] = []
        lab_m = re.search(r"\s*\(([^()]{2,80})\)$", title)
        if lab_m:
            labs = _labs_in(lab_m.group(0), self.vocab)
            if labs:
                title = title[: lab_m.start()].strip()
        is_title = looks_like_title(title, min_words=3) or (":" in title and looks_like_title(title))
        block = next((bl for bl in blocks if bl.start == unit.start and bl.kind == "heading"), None)
        start, end = (block.start, block.end) if block else (unit.start, unit.start)
        marker_is_number = numbered and marker is None
        if marker_is_number:
            # "## 2. Title" is item 2 of the list, as "[2]" in a reference list
            marker = int(re.match(r"^\s*(\d{1,3})", strip_marker(unit.heading)[0]).group(1))
        return _Heading(title, marker, marker_is_number, numbered, is_title, labs, block, start, end)

    def _read_heading(self, unit: Unit, blocks: tuple[Block, ...]) -> _Heading:
        h = self._parse_heading(unit, blocks)
        if unit.heading and h.marker is not None and not h.marker_is_number and looks_like_title(h.title, min_words=1):
            h.paper = self.paper(h.title, h.start, h.end, "structure:heading", FIRST_GUESS["structure:heading"], marker=h.marker)
        elif unit.heading and (h.numbered or h.labs) and h.is_title:
            h.paper = self.paper(h.title, h.start, h.end, "structure:heading",
                                 FIRST_GUESS["structure:heading/numbered"],
                                 marker=h.marker if h.marker_is_number else None)
        if h.paper is None and h.block is not None:
            h.paper = self._heading_repo_and_paper(unit, h.block)
        if h.paper is None and h.block is not None:
            h.paper = self._heading_link_paper(unit, h)
        if h.paper:
            unit.papers.append(h.paper)
            for lab in h.labs:
                self.organization(lab, h.paper, h.start, h.end, "structure:heading-lab", FIRST_GUESS["structure:heading-lab"])
        return h

    def _heading_link_paper(self, unit: Unit, h: _Heading) -> str | None:
        """The paper a heading links to: "### [A Title](arxiv)", or "### [ViT](arxiv)" and its system."""
        link = next((lk for lk in h.block.links if _is_paper_url(lk.url)), None)
        if link is None:
            return None
        label = _clean_label(link.label)
        if looks_like_title(label):
            return self.paper(label, h.start, h.end, "structure:heading-link", FIRST_GUESS["structure:heading-link"], url=link.url)
        if not ids.normalize_arxiv(link.url):
            return None
        pid = self.paper(None, h.start, h.end, "structure:heading-link",
                         FIRST_GUESS["structure:heading-link/arxiv-only"], url=link.url)
        mid = self.model(label, h.start, h.end, "structure:heading-system", FIRST_GUESS["structure:heading-system"]) if name_like(label) else None
        if mid:
            unit.models.append(mid)
            text = self.doc.text[h.start:h.end]
            self.b.relate(pid, "introduces", mid,
                          self.b.evidence(h.start, h.end, text, "structure:heading-system", FIRST_GUESS["structure:heading-system"]))
        return pid

    # -- the lines ----------------------------------------------------------------
    def _read_unit_line(self, unit: Unit, block: Block, ls: int, le: int,
                        heading: _Heading, found: _UnitLines) -> None:
        line = self.doc.text[ls:le]
        fld = _field_of(line)
        links = _links_in(block, ls, le)
        if fld in AUTHOR_FIELDS | VENUE_FIELDS | YEAR_FIELDS | LAB_FIELDS:
            found.pending_fields.append((fld, ls, le))
        elif fld in TITLE_FIELDS:
            self._title_field_line(line, ls, le, found)
        elif fld in PAPER_FIELDS:
            # "- **Title** — authors\n  arXiv: url · code: url": the field line of a list entry
            entry = found.line_papers[-1][1] if found.line_papers and found.line_papers[-1][0] >= block.start else None
            self._paper_field_line(line, ls, le, fld, links, heading, found, entry)
            if entry is not None:
                self._code_links(block, ls, le, [lk for lk in links if lk.start not in self.used_links], found)
        elif fld in CODE_FIELDS:
            for link in links:
                found.pending_code.append((link.url, ls, le))
                self.used_links.add(link.start)
        elif fld is None or fld not in PROJECT_FIELDS:
            self._code_links(block, ls, le, links, found)
        if fld is None and not links and block.kind != "table" and " · " in line:
            self.meta_lines.append((line, ls, le, unit))  # read once the unit's papers are known
        elif fld is None and found.line_papers and block.kind == "list_item" and not links and self._entry_author_line(
                line, found.line_papers[-1][1], ls, le):
            return
        elif fld is None and found.line_papers and block.kind in ("list_item", "quote") and not links:
            # a note under an entry: "... deformation field. University of Washington & Google."
            for lab in self._lab_clauses(line):
                self.organization(lab, found.line_papers[-1][1], ls, le, "structure:note-lab", FIRST_GUESS["structure:note-lab"])
        quoted = self._quoted_title_line(line, ls, le) if fld is None else None
        if quoted:
            found.line_papers.append((ls, quoted))
            return
        if fld is None:
            self._entry_of_line(unit, block, line, ls, le, links, found)
        if fld in PROJECT_FIELDS and links:
            target = found.line_papers[-1][1] if found.line_papers else heading.paper
            if target and links[0].url.startswith("http"):
                self.b.set_attr(target, "url", links[0].url)

    def _title_field_line(self, line: str, ls: int, le: int, found: _UnitLines) -> None:
        """'**Title:** A Title': the paper the field lines after it describe."""
        title = squash(mask_markup(FIELD.sub("", line, count=1)))
        if not looks_like_title(title, min_words=2):
            return
        pid = self.paper(title, ls, le, "structure:title-field", FIRST_GUESS["structure:title-field"])
        if pid:
            found.line_papers.append((ls, pid))
            found.field_papers.append(pid)

    def _entry_author_line(self, line: str, pid: str, ls: int, le: int) -> bool:
        """'- *Ada Novak, Luis Ferreira* — Orvane Research, ETH Zürich' under an entry: its
        authors in italics, then its labs. False if the line is not one."""
        m = _AUTHOR_LINE.match(line)
        if m is None or not citations.is_name_list(m.group("names")):
            return False
        confidence = FIRST_GUESS["structure:author-line"]
        self.authors(pid, citations.parse_author_list(m.group("names")), ls, le, "structure:author-line", confidence)
        self._field_labs(m.group("labs") or "", pid, ls, le, "structure:author-line")
        return True

    def _paper_field_line(self, line: str, ls: int, le: int, fld: str, links: list[Link],
                          heading: _Heading, found: _UnitLines, entry: str | None = None) -> None:
        """'Paper: [Title](url)', 'arXiv: url', 'Paper: A Title': the papers a field line names.
        An untitled link under a list entry (`entry`) is that entry's paper."""
        if not links and fld != "read":
            pid = self._unlinked_paper_field(line, ls, le)
            if pid:
                found.line_papers.append((ls, pid))
                found.field_papers.append(pid)
        for link in links:
            label = _clean_label(link.label)
            title = label if label and "://" not in label and not NON_TITLE_LABEL.match(label) \
                and not ARXIV_ID_LABEL.match(label) else None
            if fld == "read" and not _is_paper_url(link.url):
                continue
            if title is None and not ids.normalize_arxiv(link.url):
                continue
            title = self._field_title(title, heading, found)
            of_entry = title is None and entry is not None
            if of_entry:
                title = self.b.label_of(entry)
            pid = self.paper(title, ls, le, "structure:paper-line", FIRST_GUESS["structure:paper-line"], url=link.url,
                             marker=heading.marker if heading.marker_is_number and not found.field_papers else None)
            if pid:
                self.used_links.add(link.start)
                found.line_papers.append((ls, pid))
                if not of_entry:  # an entry's own link: not one of the "Paper:" lines a "Code:" line serves
                    found.field_papers.append(pid)

    def _field_title(self, title: str | None, heading: _Heading, found: _UnitLines) -> str | None:
        """The title of the first "Paper:" link under a heading: the heading's, when it is the paper's."""
        b = self.b
        if heading.paper is not None and not found.field_papers and (
                title is None or citations.normalize_title(b.label_of(heading.paper)).startswith(
                    citations.normalize_title(title))):
            return b.label_of(heading.paper)  # the heading is this paper's (full) title
        if title is None and (heading.is_title or heading.numbered) and heading.paper is None \
                and not found.field_papers:
            return heading.title  # "## Title" then "Paper: <arXiv URL>"
        return title

    def _code_links(self, block: Block, ls: int, le: int, links: list[Link], found: _UnitLines) -> None:
        """Links labelled as code ("[code](...)") or repositories listed under a paper."""
        for link in links:
            code_label = CODE_LABEL.match(_clean_label(link.label) or "-")
            # a repository linked from a bullet under a paper is its code
            listed_repo = block.kind == "list_item" and ids.github_repo(link.url)
            if (code_label or listed_repo) and link.url.startswith("http"):
                found.pending_code.append((link.url, ls, le))
                self.used_links.add(link.start)

    def _entry_of_line(self, unit: Unit, block: Block, line: str, ls: int, le: int,
                       links: list[Link], found: _UnitLines) -> None:
        """A list item, numbered line or linked line that names a paper of its own."""
        numbered = block.kind == "paragraph" and NUMBERED_LINE.match(line)
        table_row = block.kind == "table"  # rows are read by _table, cell by cell
        if table_row or not (block.kind == "list_item" or numbered or links) \
                or block.start in self.continuations:
            return
        entry = None
        if block.kind == "list_item":
            entry = self._reference_entry(ls, le, links)
        entry = entry or self._entry_line(block, ls, le, links)
        if entry:
            found.line_papers.append((ls, entry))
            unit.line_subjects[ls] = entry

    # -- settling -------------------------------------------------------------------
    def _settle_unit(self, unit: Unit, blocks: tuple[Block, ...], heading: _Heading,
                     found: _UnitLines) -> None:
        for _, pid in found.line_papers:
            if pid not in unit.papers:
                unit.papers.append(pid)
        unit.pending_fields = found.pending_fields
        unit.line_papers = found.line_papers
        _nested_items_follow_their_entry(unit, blocks)
        for block in blocks:
            if block.kind == "table" and unit.start <= block.start and block.end <= unit.end:
                self._table(unit, block)
        # the heading names the system a "Paper:" line presents ("### Imagen")
        if unit.heading and heading.paper is None and 0 < len(found.field_papers) <= 2 \
                and heading.marker is None:
            self._heading_system(unit, heading.block)
        for pid in unit.papers:
            self._title_system(unit, pid)
            self._title_short_name(unit, pid)
        self._attach_unit_code(unit, found)
        self._prose_code(unit, blocks)
        self._awards(unit)
        self._prose_venue(unit)

    def _code_of_another_item(self, found: _UnitLines, owner: str, ls: int) -> bool:
        """A code link on a list item of its own, below a paper whose item already gave
        its code, is another item's (an entry whose paper was not recognised), not a
        second repository of the paper above."""
        own_line = next((start for start, pid in found.line_papers if pid == owner), None)
        line_start = self.doc.text.rfind("\n", 0, ls) + 1
        return (own_line is not None and own_line != ls and _LIST_ITEM.match(self.doc.text, line_start) is not None
                and self.b.has_relation(owner, "hasCode"))

    def _attach_unit_code(self, unit: Unit, found: _UnitLines) -> None:
        for url, ls, le in found.pending_code:
            # a line with its own subject (a table row) keeps its code; else the
            # paper line nearest above the code line
            owner = unit.line_subjects.get(ls) or _line_paper_above(found.line_papers, ls)
            owner = owner or (unit.papers[0] if unit.papers else (unit.models[0] if unit.models else None))
            if owner is None:
                self.orphan_code.append((url, ls, le, unit))
                continue
            if self._code_of_another_item(found, owner, ls):
                self.repository(url, None, ls, le, "structure:code-link")
                continue
            self.repository(url, owner, ls, le, "structure:code-link")
            # one "Code:" line under several "Paper:" lines serves them all
            for pid in found.field_papers if len(found.pending_code) == 1 else ():
                if pid != owner:
                    self.repository(url, pid, ls, le, "structure:code-link-shared", FIRST_GUESS["structure:code-link-shared"])
