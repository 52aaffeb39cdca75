"""Table rows as entries: a paper per row, with its code, authors and venue cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.fields import _line_spans
from kg.extract.structure.labels import _clean_label, _is_paper_url, _labs_in
from kg.extract.structure.patterns import CODE_LABEL, NON_TITLE_LABEL, PAPER_LABEL
from kg.extract.structure.units import Unit
from kg.extract.text import looks_like_title, mask_markup, name_like, squash
from kg.model import Block, Document

Span = tuple[int, int]


def _table_rows(doc: Document, block: Block) -> list[tuple[int, int, list[Span]]]:
    """(line start, line end, cell spans) of each row, the separator row left out."""
    rows = []
    for ls, le in _line_spans(doc, block):
        line = doc.text[ls:le]
        if "|" not in line or re.fullmatch(r"[\s|:\-]+", line):
            continue
        cells, pos = [], ls
        for part in line.split("|"):
            cells.append((pos, pos + len(part)))
            pos += len(part) + 1
        if line.strip().startswith("|"):
            cells = cells[1:]
        if line.strip().endswith("|"):
            cells = cells[:-1]
        rows.append((ls, le, cells))
    return rows


@dataclass
class _Columns:
    """Which column holds what, from the header row (None: no such column)."""

    paper: int | None
    model: int | None
    year: int | None
    code: int | None
    venue: int | None
    author: int | None


def _columns(header: list[str]) -> _Columns:
    def column(pattern: str) -> int | None:
        return next((i for i, h in enumerate(header) if re.search(pattern, h)), None)

    return _Columns(
        paper=column(r"paper|title|publication|arxiv"), model=column(r"model|name|method|system"),
        year=column(r"year|date"), code=column(r"code|github|repo|implementation"),
        venue=column(r"venue|conference|published"), author=column(r"author"))


def _cell(cells: list[Span], i: int | None) -> Span | None:
    return cells[i] if i is not None and i < len(cells) else None


def _links_within(block: Block, span: Span | None) -> list:
    return [lk for lk in block.links if span and span[0] <= lk.start and lk.end <= span[1]]


def _text_of(doc: Document, span: Span | None) -> str:
    return squash(mask_markup(doc.text[span[0]:span[1]])) if span else ""


_BOLD = re.compile(r"\*\*(?P<a>[^*\n]+?)\*\*|__(?P<b>[^_\n]+?)__")


def _title_in_cell(doc: Document, span: Span | None) -> str:
    """The cell's text, or its one bold span where it has one: in "⏪ *Throwback
    (2023)*: **QLoRA: ...**" the bold words are the title, the rest a tag."""
    raw = doc.text[span[0]:span[1]] if span else ""
    bold = [m.group("a") or m.group("b") for m in _BOLD.finditer(raw)]
    if len(bold) == 1 and looks_like_title(squash(mask_markup(bold[0]))):
        return squash(mask_markup(bold[0]))
    return _text_of(doc, span)


class TableReading:
    """Structure-pass methods: table rows as entries: a paper per row, with its code, authors and venue cells."""

    def _table(self, unit: Unit, block: Block) -> None:
        """A table of papers: | Model | Paper | Year | Code | ... one row per paper."""
        rows = _table_rows(self.doc, block)
        if len(rows) < 2:
            return
        cols = _columns([squash(mask_markup(self.doc.text[a:b])).lower() for a, b in rows[0][2]])
        for ls, le, cells in rows[1:]:
            pid = self._row_paper(unit, block, cols, ls, le, cells)
            if pid is not None:
                self._row_details(pid, block, cols, ls, le, cells)

    def _row_paper(self, unit: Unit, block: Block, cols: _Columns, ls: int, le: int, cells) -> str | None:
        """The paper of one row, from the paper column's link or a paper link elsewhere in the row."""
        row_links = [lk for lk in block.links if ls <= lk.start < le]
        paper_links = _links_within(block, _cell(cells, cols.paper)) if cols.paper is not None else []
        named = ""
        if not paper_links:
            # "| **Title** | summary | [Paper](arxiv) [Code](github) |": the title cell
            # is plain text, the links sit in another column
            # (a link labelled "Paper" is the paper, wherever it is hosted)
            paper_links = [lk for lk in row_links
                           if _is_paper_url(lk.url) or PAPER_LABEL.match(_clean_label(lk.label) or "-")]
            named = _clean_label(_title_in_cell(self.doc, _cell(cells, cols.paper))) if cols.paper is not None else ""
        if not paper_links:
            return None
        link = paper_links[0]
        label = named or _clean_label(link.label)
        title = label if looks_like_title(label) and not NON_TITLE_LABEL.match(label) else None
        pid = self.paper(title, ls, le, "structure:table-row", FIRST_GUESS["structure:table-row"], url=link.url)
        if pid is None:
            return None
        unit.papers.append(pid)
        unit.line_subjects[ls] = pid  # the row's prose is about the row's paper
        return pid

    def _row_details(self, pid: str, block: Block, cols: _Columns, ls: int, le: int, cells) -> None:
        """The rest of a row: year, labs in its prose, code, venue, authors, system name."""
        doc = self.doc
        if cols.year is not None:
            year = next((y for y, _, _ in ids.years(_text_of(doc, _cell(cells, cols.year)))), None)
            if year:
                self.b.set_attr(pid, "year", year, overwrite=True)
        # labs named in the row's prose: "(Columbia University and Databricks)",
        # "... from smaller models. Stanford and University of Toronto."
        for i, span in enumerate(cells):
            if i in (cols.paper, cols.code) or _links_within(block, span):
                continue
            prose = _text_of(doc, span)
            for lab in dict.fromkeys(self._lab_clauses(prose) + _labs_in(prose, self.vocab)):
                self.organization(lab, pid, ls, le, "structure:table-lab", FIRST_GUESS["structure:table-lab"])
        row_links = [lk for lk in block.links if ls <= lk.start < le]
        code_links = _links_within(block, _cell(cells, cols.code)) if cols.code is not None else [
            lk for lk in row_links if CODE_LABEL.match(_clean_label(lk.label) or "-")]
        for lk in code_links:
            self.repository(lk.url, pid, ls, le, "structure:table-code")
        if cols.venue is not None:
            venue = citations.venue_from_text(_text_of(doc, _cell(cells, cols.venue)))
            self.venue(pid, venue, ls, le, "structure:table-venue")
        if cols.author is not None:
            names = citations.parse_author_list(_text_of(doc, _cell(cells, cols.author)))
            self.authors(pid, names, ls, le, "structure:table-authors", FIRST_GUESS["structure:table-authors"])
        name = _text_of(doc, _cell(cells, cols.model)) if cols.model is not None and cols.model != cols.paper else ""
        if name and name_like(name):
            mid = self.model(name, ls, le, "structure:table-system", FIRST_GUESS["structure:table-system"])
            if mid:
                ev = self.b.evidence(ls, le, doc.text[ls:le], "structure:table-system",
                                     FIRST_GUESS["structure:table-system"])
                self.b.relate(pid, "introduces", mid, ev)
