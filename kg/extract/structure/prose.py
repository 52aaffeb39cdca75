"""Prose clues inside a unit: code released, venue stated, awards won."""

from __future__ import annotations

import re

from kg.extract import citations
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.patterns import AWARD_WORD, CODE_SENTENCE, VENUE_CUE
from kg.extract.structure.units import Unit, _line_paper_above
from kg.extract.text import sentence_around
from kg.model import Block
from kg.text import trim_url


def _wrapped_sentence(text: str, start: int, end: int, limit: int = 300) -> tuple[int, int]:
    """The sentence around text[start:end] in prose that may be hard-wrapped: it runs
    over single line breaks ("The authors' code\nis at github.com/...") but not past a
    full stop or a blank line."""
    floor = max(0, start - limit)
    left = max([text.rfind(p, floor, start) + len(p) for p in (". ", "! ", "? ", "\n\n")] + [floor])
    right_candidates = [i for i in (text.find(". ", end), text.find("\n\n", end)) if i != -1]
    right = min(min(right_candidates) + 1 if right_candidates else len(text), end + limit)
    return left, right


class ProseReading:
    """Structure-pass methods: prose clues inside a unit: code released, venue stated, awards won."""

    def _prose_code(self, unit: Unit, blocks: tuple[Block, ...]) -> None:
        """'Our code is available at https://github.com/x/y' in a paper's text."""
        if not unit.papers or unit.is_list:
            return
        text = self.doc.text
        links = [lk for block in blocks for lk in block.links if unit.start <= lk.start < unit.end]
        for m in re.finditer(r"https?://(?:www\.)?(?:github|gitlab)\.com/[^\s<>()\[\]]+", text[unit.start : unit.end]):
            start = unit.start + m.start()
            # a link that a code line already placed (the URL sits inside its markup)
            if start in self.used_links or any(lk.start <= start < lk.end and lk.start in self.used_links
                                               for lk in links):
                continue
            s_start, s_end = _wrapped_sentence(text, start, unit.start + m.end())
            if not CODE_SENTENCE.search(text[s_start:s_end]):
                continue
            # the paper introduced last above the sentence (a digest has several)
            owner = _line_paper_above(unit.line_papers, start) or unit.papers[0]
            self.repository(trim_url(m.group(0), ".,;:>"), owner, s_start, s_end, "structure:code-in-text", FIRST_GUESS["structure:code-in-text"])

    def _prose_venue(self, unit: Unit) -> None:
        """'Presented at NeurIPS 2020.', '(CVPR 2023)': where the unit's paper appeared."""
        if not unit.papers or unit.is_list or self.b.has_relation(unit.papers[0], "publishedAt"):
            return
        text = self.clean[unit.start : unit.end]
        for m in VENUE_CUE.finditer(text):
            venue = citations.venue_from_text(m.group(0))
            if venue and venue[1]:
                start, end = sentence_around(self.doc.text, unit.start + m.start(), unit.start + m.end())
                self.venue(unit.papers[0], venue, start, end, "structure:venue-in-text")
                return

    def _awards(self, unit: Unit) -> None:
        if not unit.papers:
            return
        text = self.doc.text
        # find the keyword, then read its sentence (a pattern that spans the
        # sentence itself backtracks quadratically on long lines)
        for m in AWARD_WORD.finditer(text, unit.start, unit.end):
            s, e = sentence_around(text, m.start(), m.end())
            s, e = max(s, unit.start), min(e, unit.end)
            award = citations.award_from_text(text[s:e])
            if award:
                self.b.set_attr(unit.papers[0], "award", award)
                self.venue(unit.papers[0], citations.venue_from_text(text[s:e]), s, e, "structure:award")
