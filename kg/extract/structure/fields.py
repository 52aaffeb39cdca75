"""Field lines ("Paper:", "**Code:**", "Authors:", "Venue:") and the logical lines of a block."""

from __future__ import annotations

import re

from kg.extract.structure.patterns import (
    _CONTINUATION,
    AUTHOR_FIELDS,
    EMOJI_FIELDS,
    FIELD,
    KNOWN_FIELDS,
)
from kg.model import Block, Document


def _field_of(line: str) -> str | None:
    """The known field label a line starts with ("Paper:", "**Code:**", "📄 Paper:"), if any."""
    lead = line.lstrip()[:1]
    if lead in EMOJI_FIELDS and re.match(r"^\s*\S\W*\s*(?:https?://|\[)", line):
        return EMOJI_FIELDS[lead]
    m = FIELD.match(re.sub(r"^[^\w*\[(]+", "", line))
    if not m:
        return None
    name = " ".join(m.group("field").lower().split())
    return name if name in KNOWN_FIELDS else None


_REFERENCE_MARK = re.compile(r"[ \t]*\[\d{1,3}\]\s")


def _unfinished_author_field(text: str) -> bool:
    """An "Authors:" line that stops mid-list: no full stop or bracket ends it."""
    return _field_of(text) in AUTHOR_FIELDS and not re.search(r"[.;)\]]\s*$", text)


def _line_spans(doc: Document, block: Block):
    """(start, end) of each logical line of a block, absolute.

    In a list item, an indented continuation line belongs to the line above it:
    "- A, B, and C. *A Title That*\n  *Wraps*. ICML 2020." is one entry; so is an
    indented line under a field line ("Authors: A, B,\n  C"), and every line after
    a "[12]" reference up to the next marker.
    """
    spans: list[list[int]] = []
    pos = block.start
    for line in doc.text[block.start : block.end].split("\n"):
        if (spans and _CONTINUATION.match(line) and _field_of(line) is None
                and (block.kind == "list_item" or _field_of(doc.text[spans[-1][0]:spans[-1][1]]) is not None)):
            spans[-1][1] = pos + len(line)  # a wrapped item, or a wrapped "Authors: ..." field
        elif spans and line.strip() and not FIELD.match(line) and _unfinished_author_field(doc.text[spans[-1][0]:spans[-1][1]]):
            spans[-1][1] = pos + len(line)  # "Authors: A, B, James\nHalverson, C": hard-wrapped names
        elif spans and _REFERENCE_MARK.match(doc.text, spans[-1][0]) and not _REFERENCE_MARK.match(line) and line.strip():
            spans[-1][1] = pos + len(line)  # a "[12] ..." reference wrapped over lines
        else:
            spans.append([pos, pos + len(line)])
        pos += len(line) + 1
    yield from (tuple(span) for span in spans)
