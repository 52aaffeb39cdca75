"""An entry's metadata lines: Authors:/Venue:/Year: fields, "Lab · Authors · Venue" lines, lab notes."""

from __future__ import annotations

import re

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.patterns import AUTHOR_FIELDS, LAB_FIELDS, VENUE_FIELDS
from kg.extract.structure.units import Unit, _line_paper_above
from kg.extract.text import mask_markup, squash


class MetadataReading:
    """Structure-pass methods: an entry's metadata lines: Authors:/Venue:/Year: fields, "Lab · Authors · Venue" lines, lab notes."""

    def _meta_line(self, line: str, ls: int, le: int, pid: str) -> None:
        """'Lab & Lab · A, B · ICCV 2023' under a paper line: its labs, authors and venue."""
        text = mask_markup(re.sub(r"</?\w+[^>]*>", " ", line).replace("&amp;", "&"))
        for segment in (s.strip() for s in text.split(" · ")):
            labs = self._lab_clauses(segment) or self._mostly_labs(segment)
            if labs:
                for lab in labs:
                    self.organization(lab, pid, ls, le, "structure:meta-line", FIRST_GUESS["structure:meta-line/lab"])
                continue
            venue = citations.venue_from_text(segment)
            if venue and len(segment.split()) <= 4:
                self.venue(pid, venue, ls, le, "structure:meta-line")
                continue
            names = [n for n in citations.parse_author_list(segment) if len(n.split()) >= 2]
            if names and not self.b.has_relation(pid, "authoredBy", method="structure"):
                self.authors(pid, names, ls, le, "structure:meta-line", FIRST_GUESS["structure:meta-line"])

    def _mostly_labs(self, segment: str) -> list[str]:
        """A credit line's lab list with a name the vocabulary lacks ("NVIDIA, Caltech,
        UT Austin, Stanford & ASU"): at least three in four parts name labs and the
        rest are acronyms; the known labs are kept, and no part is read as a person."""
        parts = citations.lab_list_parts(segment)
        known = [p for p in parts if citations.names_organization(p, self.vocab)]
        if len(parts) < 3 or 4 * len(known) < 3 * len(parts):
            return []
        if not all(p in known or re.fullmatch(r"[A-Z]{2,6}", p) for p in parts):
            return []
        return known

    def _lab_clauses(self, line: str) -> list[str]:
        """Labs of the clauses that are nothing but lab names ("MIT & Google.", "; UC Berkeley.")."""
        found = []
        text = re.sub(r"^[\s>*+\-]+", "", mask_markup(line))
        for clause in re.split(r"[.;]\s+|[.;]\s*$", text):
            parts = citations.lab_list_parts(clause, slash=True)
            if not parts or len(clause) > 120:
                continue
            if all(citations.names_organization(part, self.vocab) for part in parts):
                found.extend(parts)
        return found

    def _field_labs(self, text: str, paper: str, ls: int, le: int, method: str = "structure:lab-field") -> None:
        """The labs a field or an authors line names ("Affiliation: Google Research,
        Sorbonne University")."""
        for part in re.split(r",|&|/", text):
            part = re.sub(r"^\s*(?:and\s+)?(?:the\s+)?", "", part).strip()
            # "A and B" is two labs only if both are; "the NSF Institute for AI and
            # Fundamental Interactions" is one
            halves = citations.lab_list_parts(part)
            labs = halves if len(halves) > 1 and all(citations.names_organization(h, self.vocab) for h in halves) else [part]
            for lab in labs:
                lab = re.sub(r"\s*\([A-Z][\w&-]{1,10}\)$", "", lab)  # "Facebook AI Research (FAIR)"
                if lab[:1].isupper() and len(lab.split()) <= 10:
                    self.organization(lab, paper, ls, le, method, FIRST_GUESS[method])

    def _apply_fields(self, unit: Unit, fields, line_papers) -> None:
        """'**Authors:** A, B', '**Venue:** CVPR 2023', 'Year: 2021' describe the unit's paper."""
        for fld, ls, le in fields:
            target = _line_paper_above(line_papers, ls) or (unit.papers[0] if unit.papers else None)
            if target is None:
                continue
            value = squash(mask_markup(self.doc.text[ls:le]))
            value = value.split(":", 1)[1].strip() if ":" in value else value
            if fld in AUTHOR_FIELDS:
                # "Authors: A, B, C (MIT, Caltech and the X Institute)."
                labs = re.search(r"\(([^()]+)\)\W*$", value)
                names = value[: labs.start()] if labs else value
                self.authors(target, citations.parse_author_list(names), ls, le, "structure:author-field", FIRST_GUESS["structure:author-field"])
                if citations.has_et_al(names):
                    self.b.set_attr(target, "et_al", True)
                self._field_labs(labs.group(1) if labs else "", target, ls, le)
            elif fld in LAB_FIELDS:
                self._field_labs(value, target, ls, le)
            elif fld in VENUE_FIELDS:
                venue = citations.venue_from_text(value)
                self.venue(target, venue or (value, next((y for y, _, _ in ids.years(value)), None)), ls, le,
                           "structure:venue-field")
            else:
                year = next((y for y, _, _ in ids.years(value)), None)
                if year:
                    self.b.set_attr(target, "year", year, overwrite=True)
