"""Table rows as entries: a paper per row, with its code, authors and venue cells."""

from __future__ import annotations

import re

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.fields import _line_spans
from kg.extract.structure.labels import _clean_label, _is_paper_url, _labs_in
from kg.extract.structure.patterns import CODE_LABEL, NON_TITLE_LABEL, PAPER_LABEL
from kg.extract.structure.units import Unit
from kg.extract.text import looks_like_title, mask_markup, name_like, squash
from kg.model import Block


class TableReading:
    """Structure-pass methods: table rows as entries: a paper per row, with its code, authors and venue cells."""

    def _table(self, unit: Unit, block: Block) -> None:
        """A table of papers: | Model | Paper | Year | Code | ... one row per paper."""
        doc = self.doc
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
        if len(rows) < 2:
            return
        header = [squash(mask_markup(doc.text[a:b])).lower() for a, b in rows[0][2]]

        def column(pattern: str) -> int | None:
            return next((i for i, h in enumerate(header) if re.search(pattern, h)), None)

        paper_col = column(r"paper|title|publication|arxiv")
        model_col, year_col = column(r"model|name|method|system"), column(r"year|date")
        code_col, venue_col, author_col = column(r"code|github|repo|implementation"), column(r"venue|conference|published"), column(r"author")
        def text_of(span):
            return squash(mask_markup(doc.text[span[0]:span[1]])) if span else ""

        for ls, le, cells in rows[1:]:
            def cell(i):
                return cells[i] if i is not None and i < len(cells) else None

            def links_of(span):
                return [lk for lk in block.links if span and span[0] <= lk.start and lk.end <= span[1]]

            row_links = [lk for lk in block.links if ls <= lk.start < le]
            paper_links = links_of(cell(paper_col)) if paper_col is not None else []
            named = ""
            if not paper_links:
                # "| **Title** | summary | [Paper](arxiv) [Code](github) |": the title cell
                # is plain text, the links sit in another column
                # (a link labelled "Paper" is the paper, wherever it is hosted)
                paper_links = [lk for lk in row_links
                               if _is_paper_url(lk.url) or PAPER_LABEL.match(_clean_label(lk.label) or "-")]
                named = _clean_label(text_of(cell(paper_col))) if paper_col is not None else ""
            if not paper_links:
                continue
            link = paper_links[0]
            label = named or _clean_label(link.label)
            title = label if looks_like_title(label) and not NON_TITLE_LABEL.match(label) else None
            pid = self.paper(title, ls, le, "structure:table-row", FIRST_GUESS["structure:table-row"], url=link.url)
            if pid is None:
                continue
            unit.papers.append(pid)
            unit.line_subjects[ls] = pid  # the row's prose is about the row's paper
            if year_col is not None:
                year = next((y for y, _, _ in ids.years(text_of(cell(year_col)))), None)
                if year:
                    self.b.set_attr(pid, "year", year, overwrite=True)
            # labs named in the row's prose: "(Columbia University and Databricks)",
            # "... from smaller models. Stanford and University of Toronto."
            for i, span in enumerate(cells):
                if i in (paper_col, code_col) or links_of(span):
                    continue
                prose = text_of(span)
                for lab in dict.fromkeys(self._lab_clauses(prose) + _labs_in(prose, self.vocab)):
                    self.organization(lab, pid, ls, le, "structure:table-lab", FIRST_GUESS["structure:table-lab"])
            code_links = links_of(cell(code_col)) if code_col is not None else [
                lk for lk in row_links if CODE_LABEL.match(_clean_label(lk.label) or "-")]
            for lk in code_links:
                self.repository(lk.url, pid, ls, le, "structure:table-code")
            if venue_col is not None:
                self.venue(pid, citations.venue_from_text(text_of(cell(venue_col))), ls, le, "structure:table-venue")
            if author_col is not None:
                self.authors(pid, citations.parse_author_list(text_of(cell(author_col))), ls, le, "structure:table-authors", FIRST_GUESS["structure:table-authors"])
            name = text_of(cell(model_col)) if model_col is not None and model_col != paper_col else ""
            if name and name_like(name):
                mid = self.model(name, ls, le, "structure:table-system", FIRST_GUESS["structure:table-system"])
                if mid:
                    self.b.relate(pid, "introduces", mid, self.b.evidence(ls, le, doc.text[ls:le], "structure:table-system", FIRST_GUESS["structure:table-system"]))
