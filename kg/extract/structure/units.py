"""Cutting a document into units: sections, numbered entries, posts, reference lists."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from kg.extract.structure.fields import _field_of
from kg.extract.structure.labels import _clean_label, _is_paper_url
from kg.extract.structure.patterns import BY_AUTHORS, HANDLE_LINE, HASHTAG_LINE, REFERENCE_HEADING
from kg.model import Block


@dataclass
class Unit:
    """A stretch of blocks about one thing: a section, a numbered entry or a post."""

    start: int  # char offsets into the document text
    end: int
    heading: str = ""
    papers: list[str] = field(default_factory=list)  # mention ids, primary first
    models: list[str] = field(default_factory=list)
    is_references: bool = False
    level: int = 0  # of the heading that starts the unit (0: none)
    # list entries ("- [Title](url), A et al.") speak for their own line only
    line_subjects: dict[int, str] = field(default_factory=dict)  # line start -> paper
    pending_fields: list = field(default_factory=list)  # Authors:/Venue:/Year: lines, applied last
    line_papers: list = field(default_factory=list)  # (line start, paper) in order

    @property
    def is_list(self) -> bool:
        """A table of contents or an awesome-list section: many papers, no single subject."""
        return len(self.line_subjects) >= 3


def unit_at(units: list[Unit], at: int) -> Unit | None:
    """The unit (of a document's units, in order and apart) holding offset `at`."""
    i = bisect.bisect_right([u.start for u in units], at) - 1
    return units[i] if i >= 0 and at < units[i].end else None


def _line_paper_above(line_papers: list[tuple[int, str]], at: int) -> str | None:
    """The paper whose line (start, paper) comes last at or before offset `at`."""
    return next((pid for start, pid in reversed(line_papers) if start <= at), None)


def _nested_items_follow_their_entry(unit: Unit, blocks: tuple[Block, ...]) -> None:
    """A bullet nested under a list entry ("  - Adds time as input ...") describes
    the entry's paper, as awesome-lists put the summary under the link."""
    parent: tuple[int, str] | None = None  # (level, paper) of the entry above
    for block in blocks:
        if block.start < unit.start or block.end > unit.end:
            continue
        if block.kind != "list_item":
            parent = None
            continue
        pid = unit.line_subjects.get(block.start)
        if pid is not None:
            parent = (block.level, pid)
        elif parent is not None and block.level > parent[0]:
            unit.line_subjects[block.start] = parent[1]
        else:
            parent = None


@dataclass
class StructureResult:
    units: list[Unit]
    clean: str  # the document text with markup blanked out
    reference_ranges: list[tuple[int, int]]
    # prose outside the prose blocks (a BibTeX entry's note inside a code block)
    prose_spans: list[tuple[int, int]] = field(default_factory=list)
    # citation key ("#7", "radford:2021") -> the paper of the reference it points to
    cited: dict[str, str] = field(default_factory=dict)


class UnitCutting:
    """Structure-pass methods: cutting a document into units: sections, numbered entries, posts, reference lists."""

    # -- the pass --------------------------------------------------------------
    def _find_split_entries(self) -> None:
        """'3. [A Title Broken](#)' + '[Across Lines](#), by A and B': one entry wrapped in two blocks."""
        blocks = self.doc.blocks
        for first, second in itertools.pairwise(blocks):
            if not first.links or not second.links or first.kind not in ("list_item", "paragraph"):
                continue
            line_start = self.doc.text.rfind("\n", 0, first.start) + 1
            head = self.doc.text[line_start : first.end].strip()
            if not re.match(r"^\d{1,3}[.)]\s*\[", head) or not head.endswith(")"):
                continue
            if first.links[-1].end < first.end - 1 or self.doc.text[second.start : second.links[0].start].strip():
                continue
            if BY_AUTHORS.match(self.doc.text[second.links[0].end : second.end]):
                self.continued[first.start] = second
                self.continuations.add(second.start)

    def _units(self) -> list[Unit]:
        doc = self.doc
        units: list[Unit] = []
        current = Unit(0, 0)
        in_refs = False

        def close(at: int) -> None:
            nonlocal current
            current.end = at
            if current.end > current.start:
                units.append(current)

        for block in doc.blocks:
            text = doc.text[block.start : block.end]
            # plain-text articles mark their reference list with a one-line paragraph
            ref_paragraph = block.kind == "paragraph" and bool(REFERENCE_HEADING.match(_clean_label(text)))
            if (block.kind == "heading" and current.heading and block.level > current.level
                    and _field_of(text) is not None):
                # "#### Paper: [Title](url)" / "#### Code: ..." under "### DETR" are fields
                # of that section's entry, not sections of their own
                current.end = block.end
                continue
            if block.kind == "heading" or ref_paragraph:
                close(block.start)
                heading = _clean_label(text)
                in_refs = bool(REFERENCE_HEADING.match(heading))
                current = Unit(block.start, block.end, heading=heading, is_references=in_refs,
                               level=block.level if block.kind == "heading" else 0)
                continue
            # list items start after their marker: read the line from its start
            line_start = doc.text.rfind("\n", 0, block.start) + 1
            first_line = doc.text[line_start : block.end].split("\n", 1)[0]
            if not in_refs and (self._numbered_entry(block, first_line) or HANDLE_LINE.match(text.strip())):
                close(block.start)
                current = Unit(block.start, block.end)
            current.end = block.end
            if HASHTAG_LINE.match(text.strip()) and block.kind == "paragraph":
                close(block.end)
                current = Unit(block.end, block.end)
        close(len(doc.text))
        return units

    def _numbered_entry(self, block: Block, first_line: str) -> bool:
        """'3. [Title](url), by A and B': an entry that starts a new unit."""
        if block.start in self.continued:
            return True
        if not block.links or not re.match(r"^\s*\d{1,3}[.)]\s*\[", first_line):
            return False
        link = block.links[0]
        line_end = self.doc.text.find("\n", link.end)
        rest = self.doc.text[link.end : line_end if line_end != -1 else len(self.doc.text)]
        return bool(BY_AUTHORS.match(rest)) or _is_paper_url(link.url)
