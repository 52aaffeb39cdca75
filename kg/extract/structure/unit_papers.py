"""The papers of one unit: its heading, its field lines, its entries, then their code."""

from __future__ import annotations

import re

from kg.extract import citations, ids
from kg.extract.structure.fields import _field_of, _line_spans
from kg.extract.structure.labels import _clean_label, _is_paper_url, _labs_in, _links_in
from kg.extract.structure.patterns import (
    AUTHOR_FIELDS,
    CODE_FIELDS,
    CODE_LABEL,
    NON_TITLE_LABEL,
    NUMBERED_LINE,
    PAPER_FIELDS,
    PROJECT_FIELDS,
    VENUE_FIELDS,
    YEAR_FIELDS,
)
from kg.extract.structure.units import Unit, _line_paper_above, _nested_items_follow_their_entry
from kg.extract.text import looks_like_title, name_like, strip_marker
from kg.model import Block


class UnitPapers:
    """Structure-pass methods: the papers of one unit: its heading, its field lines, its entries, then their code."""

    def _unit_papers(self, unit: Unit, blocks: tuple[Block, ...]) -> None:
        doc, b = self.doc, self.b
        heading_title, heading_marker = strip_marker(unit.heading) if unit.heading else ("", None)
        # "## 3. Title (Lab)": a numbered heading, a lab named after the title
        numbered_heading = bool(re.match(r"^\d{1,3}[.)]\s+\S", heading_title))
        heading_title = re.sub(r"^\d{1,3}[.)]\s+", "", heading_title)
        heading_labs: list[str] = []
        lab_m = re.search(r"\s*\(([^()]{2,80})\)$", heading_title)
        if lab_m:
            heading_labs = _labs_in(lab_m.group(0), self.vocab)
            if heading_labs:
                heading_title = heading_title[: lab_m.start()].strip()
        is_title = looks_like_title(heading_title, min_words=3) or (":" in heading_title and looks_like_title(heading_title))
        heading_paper = None
        heading_block = next((bl for bl in blocks if bl.start == unit.start and bl.kind == "heading"), None)
        h_start, h_end = (heading_block.start, heading_block.end) if heading_block else (unit.start, unit.start)
        if numbered_heading and heading_marker is None:
            # "## 2. Title" is item 2 of the list, as "[2]" in a reference list
            heading_marker = int(re.match(r"^\s*(\d{1,3})", strip_marker(unit.heading)[0]).group(1))
            marker_is_number = True
        else:
            marker_is_number = False
        if unit.heading and heading_marker is not None and not marker_is_number and looks_like_title(heading_title, min_words=1):
            heading_paper = self.paper(heading_title, h_start, h_end, "structure:heading", 0.9, marker=heading_marker)
        elif unit.heading and (numbered_heading or heading_labs) and is_title:
            heading_paper = self.paper(heading_title, h_start, h_end, "structure:heading", 0.8,
                                       marker=heading_marker if marker_is_number else None)
        if heading_paper is None and heading_block is not None:
            heading_paper = self._heading_repo_and_paper(unit, heading_block)
        if heading_paper is None and heading_block is not None:
            for link in heading_block.links:
                if not _is_paper_url(link.url):
                    continue
                label = _clean_label(link.label)
                if looks_like_title(label):
                    heading_paper = self.paper(label, h_start, h_end, "structure:heading-link", 0.85, url=link.url)
                elif ids.normalize_arxiv(link.url):  # "### [ViT](arxiv)": the system and its paper
                    heading_paper = self.paper(None, h_start, h_end, "structure:heading-link", 0.8, url=link.url)
                    mid = self.model(label, h_start, h_end, "structure:heading-system", 0.75) if name_like(label) else None
                    if mid:
                        unit.models.append(mid)
                        self.b.relate(heading_paper, "introduces", mid,
                                      self.b.evidence(h_start, h_end, doc.text[h_start:h_end], "structure:heading-system", 0.75))
                break
        if heading_paper:
            unit.papers.append(heading_paper)
            for lab in heading_labs:
                self.organization(lab, heading_paper, h_start, h_end, "structure:heading-lab", 0.8)
        pending_fields: list[tuple[str, int, int]] = []  # Authors:/Venue:/Year: lines

        line_papers: list[tuple[int, str]] = []
        field_papers: list[str] = []  # from "Paper:" lines
        pending_code: list[tuple[str, int, int]] = []
        for block in blocks:
            if block.start < unit.start or block.end > unit.end or block.kind == "heading" and not (
                    block.start > unit.start and _field_of(doc.text[block.start:block.end])):
                continue  # headings but the field headings inside the unit ("#### Code: ...")
            for ls, le in _line_spans(doc, block):
                line = doc.text[ls:le]
                fld = _field_of(line)
                links = _links_in(block, ls, le)
                if fld in AUTHOR_FIELDS | VENUE_FIELDS | YEAR_FIELDS:
                    pending_fields.append((fld, ls, le))
                elif fld in PAPER_FIELDS:
                    if not links and fld != "read":
                        pid = self._unlinked_paper_field(line, ls, le)
                        if pid:
                            line_papers.append((ls, pid))
                            field_papers.append(pid)
                    for link in links:
                        label = _clean_label(link.label)
                        title = label if label and "://" not in label and not NON_TITLE_LABEL.match(label) else None
                        if fld == "read" and not _is_paper_url(link.url):
                            continue
                        if title is None and not ids.normalize_arxiv(link.url):
                            continue
                        if heading_paper is not None and not field_papers and (
                                title is None or citations.normalize_title(b.label_of(heading_paper)).startswith(
                                    citations.normalize_title(title))):
                            title = b.label_of(heading_paper)  # the heading is this paper's (full) title
                        elif title is None and (is_title or numbered_heading) and heading_paper is None and not field_papers:
                            title = heading_title  # "## Title" then "Paper: <arXiv URL>"
                        pid = self.paper(title, ls, le, "structure:paper-line", 0.95, url=link.url,
                                         marker=heading_marker if marker_is_number and not field_papers else None)
                        if pid:
                            self.used_links.add(link.start)
                            line_papers.append((ls, pid))
                            field_papers.append(pid)
                elif fld in CODE_FIELDS:
                    for link in links:
                        pending_code.append((link.url, ls, le))
                        self.used_links.add(link.start)
                elif fld is None or fld not in PROJECT_FIELDS:
                    for link in links:
                        code_label = CODE_LABEL.match(_clean_label(link.label) or "-")
                        # a repository linked from a bullet under a paper is its code
                        listed_repo = block.kind == "list_item" and ids.github_repo(link.url)
                        if (code_label or listed_repo) and link.url.startswith("http"):
                            pending_code.append((link.url, ls, le))
                            self.used_links.add(link.start)
                if fld is None and not links and block.kind != "table" and " · " in line:
                    self.meta_lines.append((line, ls, le, unit))  # read once the unit's papers are known
                elif fld is None and line_papers and block.kind in ("list_item", "quote") and not links:
                    # a note under an entry: "... deformation field. University of Washington & Google."
                    for lab in self._lab_clauses(line):
                        self.organization(lab, line_papers[-1][1], ls, le, "structure:note-lab", 0.8)
                quoted = self._quoted_title_line(line, ls, le) if fld is None else None
                if quoted:
                    line_papers.append((ls, quoted))
                    continue
                numbered = block.kind == "paragraph" and NUMBERED_LINE.match(line)
                table_row = block.kind == "table"  # rows are read by _table, cell by cell
                if fld is None and not table_row and (block.kind == "list_item" or numbered or links) \
                        and block.start not in self.continuations:
                    entry = None
                    if block.kind == "list_item":
                        entry = self._reference_entry(ls, le, links)
                    entry = entry or self._entry_line(block, ls, le, links)
                    if entry:
                        line_papers.append((ls, entry))
                        unit.line_subjects[ls] = entry
                if fld in PROJECT_FIELDS and links:
                    target = line_papers[-1][1] if line_papers else heading_paper
                    if target and links[0].url.startswith("http"):
                        b.set_attr(target, "url", links[0].url)
            if block.kind == "paragraph":
                pid = self._title_line(block) or self._title_with_arxiv(block)
                if pid:
                    line_papers.append((block.start, pid))

        for _, pid in line_papers:
            if pid not in unit.papers:
                unit.papers.append(pid)
        unit.pending_fields = pending_fields
        unit.line_papers = line_papers
        _nested_items_follow_their_entry(unit, blocks)
        for block in blocks:
            if block.kind == "table" and unit.start <= block.start and block.end <= unit.end:
                self._table(unit, block)

        # the heading names the system a "Paper:" line presents ("### Imagen")
        if unit.heading and heading_paper is None and 0 < len(field_papers) <= 2 and heading_marker is None:
            self._heading_system(unit, heading_block)
        for pid in unit.papers:
            self._title_system(unit, pid)

        for url, ls, le in pending_code:
            # a line with its own subject (a table row) keeps its code; else the
            # paper line nearest above the code line
            owner = unit.line_subjects.get(ls) or _line_paper_above(line_papers, ls)
            owner = owner or (unit.papers[0] if unit.papers else (unit.models[0] if unit.models else None))
            if owner is None:
                self.orphan_code.append((url, ls, le, unit))
                continue
            self.repository(url, owner, ls, le, "structure:code-link")
            # one "Code:" line under several "Paper:" lines serves them all
            for pid in field_papers if len(pending_code) == 1 else ():
                if pid != owner:
                    self.repository(url, pid, ls, le, "structure:code-link-shared", 0.7)

        self._prose_code(unit, blocks)
        self._awards(unit)
        self._prose_venue(unit)
