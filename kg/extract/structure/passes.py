"""The structure pass itself: runs the readers over the units of one document."""

from __future__ import annotations

import bisect

from kg.extract.builder import ExtractionBuilder
from kg.extract.structure.bibtex import BibtexReading
from kg.extract.structure.entries import EntryReading
from kg.extract.structure.headings import HeadingReading
from kg.extract.structure.mentions import MentionWriting
from kg.extract.structure.metadata import MetadataReading
from kg.extract.structure.patterns import YEARLY
from kg.extract.structure.prose import ProseReading
from kg.extract.structure.references import ReferenceReading
from kg.extract.structure.tables import TableReading
from kg.extract.structure.unit_papers import UnitPapers
from kg.extract.structure.units import StructureResult, Unit, UnitCutting
from kg.extract.text import mask_markup
from kg.model import Block, Document


class _Pass(
    MentionWriting, UnitCutting, MetadataReading, EntryReading, HeadingReading,
    TableReading, ProseReading, ReferenceReading, BibtexReading, UnitPapers,
):
    def __init__(self, doc: Document, builder: ExtractionBuilder, vocab):
        self.doc = doc
        self.b = builder
        self.vocab = vocab
        self.clean = mask_markup(doc.text)
        self.markers: dict[int, str] = {}  # "[N]" marker -> paper mention id
        self.cite_keys: dict[str, set[str]] = {}  # "surname:year" of a reference -> its papers
        self.used_links: set[int] = set()  # link starts already read as structure
        self.continued: dict[int, Block] = {}  # entry block start -> the block its title wraps into
        # code lines met before any paper of their unit: (url, line start, line end, unit)
        self.orphan_code: list[tuple[str, int, int, Unit]] = []
        self.meta_lines: list[tuple[str, int, int, Unit]] = []  # "Lab · Authors · Venue" lines
        self.continuations: set[int] = set()  # starts of such wrapped blocks

    def run(self) -> StructureResult:
        doc = self.doc
        blocks = doc.blocks
        self._find_split_entries()
        units = self._units()
        ref_ranges = [(u.start, u.end) for u in units if u.is_references]
        starts = [b.start for b in blocks]

        def blocks_of(unit: Unit) -> tuple[Block, ...]:
            # each unit reads only its own blocks: linear in the document
            lo, hi = bisect.bisect_left(starts, unit.start), bisect.bisect_right(starts, unit.end)
            return tuple(b for b in blocks[lo:hi] if b.end <= unit.end)

        # first the marker-bearing titles (headings, tables of contents), so a
        # reference "[9] ..." can find its paper whatever the order
        for unit in units:
            if unit.is_references:
                continue
            self._unit_papers(unit, blocks_of(unit))
        for unit in units:
            if unit.is_references:
                self._references(unit, blocks_of(unit))
        for unit in units:
            if not unit.papers and unit.heading:
                self._paper_of_named_system(unit)
            self._apply_fields(unit, unit.pending_fields, unit.line_papers)
        self._listing_records(units)
        prose_spans = self._bibtex_records(units)
        self._bare_arxiv(units)
        self._attach_deferred_lines()
        self._title_systems_of_all_papers(units)
        self._names_under_titles()
        self.units = units
        year = self._document_year()
        if year:
            for unit in units:
                for pid in unit.papers:
                    self.b.set_attr(pid, "doc_year", year)
        # what a sentence's citation points to: "[7]", "(Radford et al., 2021)"; a key two
        # references share ("Li 2021" twice) points to neither
        cited = {key: next(iter(pids)) for key, pids in self.cite_keys.items() if len(pids) == 1}
        return StructureResult(units, self.clean, ref_ranges, prose_spans, cited)

    def _paper_above(self, unit: Unit, at: int) -> str | None:
        """The paper of the unit named last at or before offset `at`."""
        above = [(self.b.evidence_of(p).start, p) for p in unit.papers
                 if self.b.evidence_of(p).start <= at]
        return max(above)[1] if above else None

    def _attach_deferred_lines(self) -> None:
        """'Code: url' under a post whose paper is known only by its arXiv link: the code
        goes with the paper named last above it in the unit, else is a repository alone.
        "Lab · Authors · Venue" lines go with that paper too."""
        for url, ls, le, unit in self.orphan_code:
            self.repository(url, self._paper_above(unit, ls), ls, le, "structure:code-link")
        for line, ls, le, unit in self.meta_lines:
            pid = self._paper_above(unit, ls)
            if pid is not None:
                self._meta_line(line, ls, le, pid)

    def _document_year(self) -> int | None:
        """The year of a yearly list ("Papers of 2018", "2022: a year in AI"), from its title or opening."""
        title = str(self.doc.meta_dict().get("title") or "")
        first_paper = min((u.start for u in self.units if u.papers), default=len(self.doc.text))
        # headline-like lines before the first paper: the title, headings, one-line paragraphs
        lines = [title, self.clean[:300]] + [
            self.clean[b.start : b.end] for b in self.doc.blocks
            if b.start < first_paper and b.kind in ("heading", "paragraph") and len(self.clean[b.start : b.end].split()) <= 12
        ]
        m = YEARLY.search("\n".join(lines))
        if not m:
            return None
        return int(m.group("y1") or m.group("y2"))


def structure_pass(doc: Document, builder: ExtractionBuilder, vocab) -> StructureResult:
    """Find papers and their structural facts; return the units for the NLP pass."""
    return _Pass(doc, builder, vocab).run()
