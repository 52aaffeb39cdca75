"""Reference lists ("[9] A. Author. Title. Venue 2020."), arXiv listing records and bare arXiv links."""

from __future__ import annotations

import re

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.fields import _line_spans
from kg.extract.structure.labels import _clean_label
from kg.extract.structure.patterns import CODE_LABEL
from kg.extract.structure.units import Unit, unit_at
from kg.extract.text import looks_like_title, squash
from kg.model import Block, Link

# a record of an arXiv listing or mailing: "arXiv:2401.04088", a few header lines
# (Date:, a blank line), then "Title: ..." and "Authors: ...", each maybe wrapped
# onto indented lines
_LISTING_RECORD = re.compile(
    r"^arXiv:(?P<arxiv>\d{4}\.\d{4,5})(?:v\d+)?\b[^\n]*\n(?:[^\n]*\n){0,4}?"
    r"Title:[ \t]*(?P<title>[^\n]+(?:\n[ \t]+[^\n]+)*)\n"
    r"Authors?:[ \t]*(?P<authors>[^\n]+(?:\n[ \t]+[^\n]+)*)", re.MULTILINE)


class ReferenceReading:
    """Structure-pass methods: reference lists ("[9] A. Author. Title. Venue 2020.") and bare arXiv links."""

    def _reference_entry(self, ls: int, le: int, links: list[Link]) -> str | None:
        """A reading list in citation style, authors first:

        '- A, B, and C. *Title*. ICML 2015. [[pdf]](arxiv-url) [[code]](github-url)'.
        Only with authors and a venue, year or arXiv id, so that a sentence in a
        bullet never becomes a paper.
        """
        line = self.doc.text[ls:le]
        ref = citations.parse_reference(line)
        if not ref.title or not ref.authors or not (ref.venue or ref.year or ref.arxiv):
            return None
        if not looks_like_title(ref.title, min_words=2):
            return None
        # authors first: the first author is named before the title
        flat = " ".join(line.split())
        first = flat.find(citations.split_name(ref.authors[0])[1])
        title_at = flat.find(ref.title[:20])
        if first < 0 or title_at < 0 or first > title_at:
            return None
        pid = self.paper(ref.title, ls, le, "structure:reference-entry", FIRST_GUESS["structure:reference-entry"], url=ref.url,
                         arxiv=ref.arxiv, year=ref.year)
        if pid is None:
            return None
        if ref.year:
            self.cite_keys.setdefault(citations.citation_key(ref.authors[0], ref.year), set()).add(pid)
        self.authors(pid, ref.authors, ls, le, "structure:reference-entry", FIRST_GUESS["structure:reference-entry"])
        if ref.et_al:
            self.b.set_attr(pid, "et_al", True)
        if ref.venue:
            self.venue(pid, citations.venue_from_text(ref.venue) or (ref.venue, ref.year), ls, le,
                       "structure:reference-entry")
        for link in links:
            if CODE_LABEL.match(_clean_label(link.label) or "-") or ids.github_repo(link.url):
                self.repository(link.url, pid, ls, le, "structure:code-link")
                self.used_links.add(link.start)
        return pid

    def _references(self, unit: Unit, blocks: tuple[Block, ...]) -> None:
        doc = self.doc
        for block in blocks:
            if block.start <= unit.start or block.end > unit.end or block.kind == "heading":
                continue  # the unit's first block is its "References" title
            for ls, le in _line_spans(doc, block):
                line = doc.text[ls:le].strip()
                if len(line) < 15:
                    continue
                marker_m = re.match(r"^[\s*+\-]*\[(\d{1,3})\]|^\s*(\d{1,3})[.)]\s", line)
                ref = citations.parse_reference(line)
                if not ref.title and not ref.arxiv:
                    continue
                if not (marker_m or ref.arxiv or ref.year or ref.authors or ref.et_al or ref.doi):
                    continue  # a sign-up line after the list, not a reference
                marker = int(next(g for g in marker_m.groups() if g)) if marker_m else None
                pid = None
                if marker is not None and marker in self.markers:
                    pid = self.markers[marker]
                    keys = []
                    if ref.arxiv:
                        keys.append(f"arxiv:{ref.arxiv}")
                    if ref.title:
                        keys.append(f"title:{citations.normalize_title(ref.title)}")
                    # join the reference to the titled paper of the same marker
                    ev = self.b.evidence(ls, le, line, "structure:reference", FIRST_GUESS["structure:reference"])
                    pid = self.b.mention("Paper", self.b.label_of(pid), keys + [f"marker:{marker}"], ev)
                    if ref.arxiv:
                        self.b.set_attr(pid, "arxiv", ref.arxiv)
                else:
                    pid = self.paper(ref.title, ls, le, "structure:reference",
                                     FIRST_GUESS["structure:reference/paper"], url=ref.url,
                                     arxiv=ref.arxiv, year=ref.year)
                if pid is None:
                    continue
                if ref.authors and ref.year:  # "(Radford et al., 2021)" cites it
                    self.cite_keys.setdefault(citations.citation_key(ref.authors[0], ref.year), set()).add(pid)
                if marker is not None:  # and "[7]" cites the seventh
                    self.cite_keys.setdefault(f"#{marker}", set()).add(pid)
                self._title_system(unit, pid)  # "[2] ... REALM: Retrieval-augmented ..." introduces REALM
                if ref.year:
                    self.b.set_attr(pid, "year", ref.year, overwrite=True)
                if ref.url and ref.url.startswith("http"):
                    self.b.set_attr(pid, "url", ref.url)
                self.authors(pid, ref.authors, ls, le, "structure:reference", FIRST_GUESS["structure:reference"])
                if ref.et_al:
                    self.b.set_attr(pid, "et_al", True)
                if ref.organization:
                    self.organization(ref.organization, pid, ls, le, "structure:reference",
                                      FIRST_GUESS["structure:reference/lab"])
                if ref.venue:
                    self.venue(pid, citations.venue_from_text(ref.venue) or (ref.venue, ref.year), ls, le,
                               "structure:reference")

    def _listing_records(self, units: list[Unit]) -> None:
        """The papers of an arXiv listing: each record's id, title and authors."""
        confidence = FIRST_GUESS["structure:listing"]
        for m in _LISTING_RECORD.finditer(self.doc.text):
            title = squash(m.group("title"))
            if not looks_like_title(title, min_words=1):
                continue
            pid = self.paper(title, m.start(), m.end(), "structure:listing", confidence, arxiv=m.group("arxiv"))
            if pid is None:
                continue
            self.authors(pid, citations.parse_author_list(squash(m.group("authors"))), m.start("authors"),
                         m.end("authors"), "structure:listing", confidence)
            unit = unit_at(units, m.start())
            if unit is not None and pid not in unit.papers:
                unit.papers.append(pid)
            if unit is not None:
                self._title_system(unit, pid)

    def _bare_arxiv(self, units: list[Unit]) -> None:
        """arXiv ids in prose or links that no layout rule claimed."""
        for arxiv, start, end in ids.arxiv_ids(self.doc.text):
            if self.b.lookup(f"arxiv:{arxiv}"):
                continue
            unit = unit_at(units, start)
            titled = [p for p in (unit.papers if unit else []) if not self.b.get_attr(p, "arxiv")]
            if unit is not None and len(unit.papers) == 1 and len(titled) == 1:
                # a post's title line and its arXiv link are one paper
                pid = titled[0]
                self.b.mention("Paper", self.b.label_of(pid), [f"arxiv:{arxiv}"],
                               self.b.evidence(start, end, self.doc.text[start:end], "structure:arxiv", FIRST_GUESS["structure:arxiv"]))
                self.b.set_attr(pid, "arxiv", arxiv)
                self.b.set_attr(pid, "arxiv_year", ids.arxiv_year(arxiv))
                continue
            pid = self.paper(None, start, end, "structure:arxiv", FIRST_GUESS["structure:arxiv"], arxiv=arxiv)
            if unit is not None and pid and pid not in unit.papers:
                unit.papers.append(pid)
