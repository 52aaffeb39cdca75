"""What a unit's heading names: its paper, its repository, the system it presents."""

from __future__ import annotations

import re

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.labels import _clean_label, _vocab_type
from kg.extract.structure.units import Unit, unit_at
from kg.extract.text import entity_key, name_like
from kg.model import Block


class HeadingReading:
    """Structure-pass methods: what a unit's heading names: its paper, its repository, the system it presents."""

    def _heading_repo_and_paper(self, unit: Unit, heading: Block) -> str | None:
        """'### [YOLOv4](github-url) [(2020)](arxiv-url)': the system links to its code,
        the year to its paper; the paper introduces the system and has that code."""
        repos = [lk for lk in heading.links if ids.github_repo(lk.url)]
        papers = [lk for lk in heading.links if ids.normalize_arxiv(lk.url)]
        if len(repos) != 1 or len(papers) != 1:
            return None
        name = _clean_label(repos[0].label)
        if not name or "://" in name or not name_like(name):
            return None
        h_start, h_end = heading.start, heading.end
        pid = self.paper(None, h_start, h_end, "structure:heading-link", FIRST_GUESS["structure:heading-link"], url=papers[0].url)
        if pid is None:
            return None
        year = next((y for y, _, _ in ids.years(papers[0].label)), None)
        if year:
            self.b.set_attr(pid, "year", year)
        mid = self._entry_system(name, pid, h_start, h_end)
        if mid and mid not in unit.models:
            unit.models.append(mid)
        self.repository(repos[0].url, pid, h_start, h_end, "structure:heading-code", FIRST_GUESS["structure:heading-code"])
        self.used_links.update({repos[0].start, papers[0].start})
        return pid

    def _heading_system(self, unit: Unit, heading_block: Block | None) -> None:
        heading = unit.heading
        first = unit.papers[0]
        title_key = citations.normalize_title(self.b.label_of(first))
        head_key = citations.normalize_title(heading)
        if not head_key or title_key.startswith(head_key) and len(head_key.split()) > 2:
            return  # the heading is the paper's title, shortened
        if not name_like(heading) or _vocab_type(self.vocab, heading) in ("Technique", "Task", "Dataset", "Organization"):
            return
        if heading_block is None:
            return
        mid = self.model(heading, heading_block.start, heading_block.end, "structure:heading-system", FIRST_GUESS["structure:heading-system"])
        if mid:
            unit.models.append(mid)
            ev = self.b.evidence(heading_block.start, heading_block.end, self.doc.text[heading_block.start:heading_block.end],
                                 "structure:heading-system", FIRST_GUESS["structure:heading-system"])
            self.b.relate(first, "introduces", mid, ev)
            url = next((lk.url for lk in heading_block.links if lk.url.startswith("http")), None)
            self.b.set_attr(mid, "url", url)

    def _title_systems_of_all_papers(self, units: list[Unit]) -> None:
        """Every paper titled 'Name: what it does' ("HuBERT: Self-Supervised Speech ...")
        introduces Name, whichever layout named it (a field, a BibTeX entry, a list line),
        unless a rule already said what it introduces."""
        for pid in self.b.ids_of_type("Paper"):
            if self.b.objects_of(pid, "introduces"):
                continue
            unit = unit_at(units, self.b.evidence_of(pid).start)
            if unit is not None and not unit.is_references:
                self._title_system(unit, pid)

    def _title_system(self, unit: Unit, pid: str) -> None:
        """'Imagic: Text-Based Real Image Editing ...' introduces Imagic."""
        title = self.b.label_of(pid)
        if ":" not in title:
            return
        prefix, rest = (part.strip() for part in title.split(":", 1))
        if len(prefix.split()) > 3 or not name_like(prefix) or not re.search(r"[A-Za-z]{3}", rest):
            return  # "arXiv:2107.01234" is an id, not "System: what it does"
        if len(prefix.split()) > 1 and citations.normalize_title(prefix) != citations.normalize_title(unit.heading):
            return  # several words before a colon is usually a phrase, unless the heading agrees
        kind = _vocab_type(self.vocab, prefix)
        if kind in ("Technique", "Task", "Organization", "Venue"):
            return
        paper_ev = self.b.evidence_of(pid)
        ev = self.b.evidence(paper_ev.start, paper_ev.end, title, "structure:title-prefix", FIRST_GUESS["structure:title-prefix"])
        if kind == "Dataset":
            entry = self.vocab.by_alias(prefix)
            did = self.b.mention("Dataset", entry.label, [entity_key("Dataset", entry.label)], ev)
            self.b.relate(pid, "introduces", did, ev)
            return
        mid = self.model(prefix, ev.start, ev.start, "structure:title-prefix", FIRST_GUESS["structure:title-prefix"])
        if mid:
            if mid not in unit.models:
                unit.models.append(mid)
            self.b.relate(pid, "introduces", mid, ev)

    def _title_short_name(self, unit: Unit, pid: str) -> None:
        """'"Segment Anything in Medical Images" (MedSAM)', '[Title](url) (KitchenGrasp)':
        a short name in brackets just after the written title is the paper's system."""
        title = self.b.label_of(pid)
        if len(title.split()) < 3:
            return
        after_title = re.compile(re.escape(title) + r"[\"”*_]*(?:\]\([^()\s]*\))?[ \t]*\((?P<name>[^()\n]{2,30})\)")
        m = after_title.search(self.doc.text, unit.start, unit.end)
        if m is None:
            return
        name = m.group("name").strip()
        # a system's name: one or two words with a capital inside or a digit, not a year or a venue
        if len(name.split()) > 2 or not re.search(r"[a-z][A-Z]|[A-Z]{2}|\d", name) or ids.years(name) \
                or not name_like(name):
            return
        if _vocab_type(self.vocab, name) in ("Technique", "Task", "Organization", "Venue", "Dataset"):
            return
        ev = self.b.evidence(m.start(), m.end(), self.doc.text[m.start() : m.end()],
                             "structure:title-short-name", FIRST_GUESS["structure:title-short-name"])
        mid = self.model(name, m.start("name"), m.end("name"), "structure:title-short-name",
                         FIRST_GUESS["structure:title-short-name"])
        if mid:
            if mid not in unit.models:
                unit.models.append(mid)
            self.b.relate(pid, "introduces", mid, ev)

    def _paper_of_named_system(self, unit: Unit) -> None:
        """'### ConvNeXt' after a table row 'ConvNeXt | [A ConvNet for the 2020s](...)': the section is that paper's."""
        key = entity_key("Model", unit.heading)
        model = self.b.lookup(key)
        if model is None:
            return
        for paper in self.b.subjects_of(model, "introduces"):
            unit.papers.append(paper)
            unit.models.append(model)
            return
