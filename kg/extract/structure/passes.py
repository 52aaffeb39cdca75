"""The structure pass itself: runs the readers over the units of one document."""

from __future__ import annotations

import bisect
import re

from kg.extract import citations, ids
from kg.extract.builder import ExtractionBuilder
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.bibtex import BibtexReading
from kg.extract.structure.entries import EntryReading, _names_only
from kg.extract.structure.headings import HeadingReading
from kg.extract.structure.mentions import MentionWriting
from kg.extract.structure.metadata import MetadataReading
from kg.extract.structure.patterns import YEARLY
from kg.extract.structure.prose import ProseReading
from kg.extract.structure.references import ReferenceReading
from kg.extract.structure.tables import TableReading
from kg.extract.structure.unit_papers import UnitPapers
from kg.extract.structure.units import StructureResult, Unit, UnitCutting
from kg.extract.text import looks_like_title, mask_markup, squash
from kg.model import Block, Document


def _prose_after(line: str) -> bool:
    """Does the line go on with a clause after its names and their bracket or dash
    (three lower-case words in a row)?"""
    tail = re.split(r"\)|\s[—–]\s", line, maxsplit=1)
    return len(tail) > 1 and re.search(r"\b[a-z]+\s+[a-z]+\s+[a-z]+\b", tail[1]) is not None


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
        self._titled_systems(units)
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

    def _titled_systems(self, units: list[Unit]) -> None:
        """Every paper titled 'Name: what it does' ("HuBERT: Self-Supervised Speech ...")
        introduces Name, whichever layout named it (a field, a BibTeX entry, a list line),
        unless a rule already said what it introduces."""
        starts = [u.start for u in units]
        for pid in self.b.ids_of_type("Paper"):
            if self.b.objects_of(pid, "introduces"):
                continue
            i = bisect.bisect_right(starts, self.b.evidence_of(pid).start) - 1
            if i >= 0 and not units[i].is_references:
                self._title_system(units[i], pid)

    def _names_under_titles(self) -> None:
        """A line of full names right under a line that is a paper's whole title (a chat
        app's link preview: url, title, authors) names that paper's authors, unless
        another layout already gave them."""
        by_title = {citations.normalize_title(self.b.label_of(pid)): pid for pid in self.b.ids_of_type("Paper")}
        lines = self.doc.text.split("\n")
        pos = 0
        starts = []
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        for i in range(len(lines) - 1):
            names = _names_only(squash(lines[i + 1]))
            title = squash(mask_markup(lines[i])).strip(" *_#>-")
            # a line of names and at most a lab or venue after them, under a capitalised line;
            # not a sentence going on ("D. Manning and Chelsea Finn (Stanford) is the one ...")
            if len(title.split()) < 3 or not title[0].isupper() or not names or _prose_after(lines[i + 1]):
                continue
            pid = by_title.get(citations.normalize_title(title))
            if pid is None:
                # a link preview or a chat post: the paper's arXiv link just above the
                # title, or just below its authors ("Title\nA, B — Lab\nhttps://arxiv...")
                above = ids.arxiv_ids("\n".join(lines[max(0, i - 2) : i]))
                below = ids.arxiv_ids(lines[i + 2]) if i + 2 < len(lines) else []
                found = below[:1] or above[-1:]
                if not found or not looks_like_title(title, min_words=3, max_words=25):
                    continue
                pid = self.paper(title, starts[i], starts[i] + len(lines[i]), "structure:title-arxiv",
                                 FIRST_GUESS["structure:title-arxiv"], arxiv=found[0][0])
            if pid is None or self.b.objects_of(pid, "authoredBy"):
                continue
            ls, le = starts[i + 1], starts[i + 1] + len(lines[i + 1])
            self.authors(pid, names, ls, le, "structure:author-line", FIRST_GUESS["structure:author-line"])

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
