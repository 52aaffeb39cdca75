"""Recording what the structure pass finds: paper, model, repository, author, lab and venue mentions."""

from __future__ import annotations

import re

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.labels import _clean_label
from kg.extract.text import COPYRIGHT, entity_key, squash, strip_marker

# words that say a repository is someone else's take on the paper, not its code
_NOT_OFFICIAL = re.compile(
    r"\b(?:unofficial|third[- ]party|community[- ](?:port|implementation|reimplementation)|re-?implementation"
    r"|not\s+(?:the\s+)?(?:official|authors['’]?|paper['’]s))", re.IGNORECASE)


class MentionWriting:
    """Structure-pass methods: recording what the structure pass finds: paper, model, repository, author, lab and venue mentions."""

    # -- mentions -------------------------------------------------------------
    def paper(self, title: str | None, start: int, end: int, method: str, confidence: float,
              url: str | None = None, arxiv: str | None = None, year: int | None = None,
              marker: int | None = None) -> str | None:
        if title:
            title, found_marker = strip_marker(_clean_label(title))
            marker = marker if marker is not None else found_marker
        if url and not arxiv:
            arxiv = ids.normalize_arxiv(url)
        if not title and not arxiv:
            return None
        keys = []
        if arxiv:
            keys.append(f"arxiv:{arxiv}")
        if title:
            keys.append(f"title:{citations.normalize_title(title)}")
        if marker is not None and marker in self.markers:
            keys.append(f"marker:{marker}")
        label = title or f"arXiv:{arxiv}"
        # a stated year wins over the one implied by the arXiv id (resolve falls back to it)
        attrs = {"arxiv": arxiv, "year": year, "arxiv_year": ids.arxiv_year(arxiv) if arxiv else None}
        if url and (ids.url_kind(url) != "arxiv" or not attrs.get("url")):
            attrs["url"] = url if url.startswith("http") else None
        ev = self.b.evidence(start, end, self.doc.text[start:end], method, confidence)
        pid = self.b.mention("Paper", label, keys, ev, attrs=attrs, label_rank=2 if title else 0)
        if arxiv:
            self.b.set_attr(pid, "arxiv", arxiv)
            self.b.set_attr(pid, "arxiv_year", ids.arxiv_year(arxiv))
        if marker is not None:
            self.markers.setdefault(marker, pid)
            self.b.mention("Paper", label, [f"marker:{marker}"], ev)
        return pid

    def model(self, name: str, start: int, end: int, method: str, confidence: float) -> str | None:
        name = _clean_label(name)
        if not name:
            return None
        entry = self.vocab.by_alias(name) if self.vocab is not None else None
        if entry is not None and entry.type != "Model":
            return None  # "LAION-5B" is a dataset, "Diffusion Models" a technique
        label = entry.label if entry is not None else name
        ev = self.b.evidence(start, end, self.doc.text[start:end], method, confidence)
        return self.b.mention(
            "Model", label, [entity_key("Model", label)], ev, aliases=(name,)
        )

    def repository(self, url: str, paper_or_model: str | None, start: int, end: int, method: str,
                   confidence: float = FIRST_GUESS["structure:repository"]) -> None:
        repo = ids.github_repo(url)
        if repo is None:
            if ids.url_kind(url) != "code":
                return
            repo = url.rstrip("/")
        ev = self.b.evidence(start, end, self.doc.text[start:end], method, confidence)
        # "CompVis/latent-diffusion" reads better than the URL, which stays in url
        label = re.sub(r"^https?://(?:www\.)?github\.com/", "", repo)
        rid = self.b.mention("Repository", label, [f"repo:{ids.repo_key(repo)}"], ev, attrs={"url": repo})
        if paper_or_model:
            # "(github.com/x/y), a third-party library, not the paper's code": named, not its code
            predicate = "mentions" if self._disclaimed(url, start, end) else "hasCode"
            self.b.relate(paper_or_model, predicate, rid, ev)

    def _disclaimed(self, url: str, start: int, end: int) -> bool:
        """Does the text near the link (within its line or sentence) say it is not the
        paper's own code ("unofficial", "a community port", "not the authors' code")?"""
        text = self.doc.text
        at = text.find(re.sub(r"^https?://", "", url)[:40], start, end)
        at = start if at == -1 else at
        return _NOT_OFFICIAL.search(text, max(start, at - 60), min(end, at + len(url) + 80)) is not None

    def authors(self, paper: str, names, start: int, end: int, method: str, confidence: float) -> None:
        ev = self.b.evidence(start, end, self.doc.text[start:end], method, confidence)
        for name in names:
            name = squash(name)
            if not name:
                continue
            pid = self.b.mention("Person", name, [f"person:{citations.person_key(name)}:{self.b.document}:{name.casefold()}"], ev,
                                 label_rank=len(name))
            self.b.relate(paper, "authoredBy", pid, ev)

    def organization(self, name: str, paper: str | None, start: int, end: int, method: str, confidence: float) -> None:
        name = squash(name)
        if COPYRIGHT.search(name):
            return  # "Reddit Inc © 2024": a page's footer, not a lab
        entry = self.vocab.by_alias(name) if self.vocab is not None else None
        label = entry.label if entry is not None and entry.type == "Organization" else name
        ev = self.b.evidence(start, end, self.doc.text[start:end], method, confidence)
        oid = self.b.mention("Organization", label, [entity_key("Organization", label)], ev,
                             aliases=(name,))
        if paper:
            self.b.relate(paper, "fromOrganization", oid, ev)

    def venue(self, paper: str, venue: tuple[str, int | None] | None, start: int, end: int, method: str) -> None:
        if not venue or not venue[0]:
            return
        short, year = venue
        label = f"{short} {year}" if year else short
        ev = self.b.evidence(start, end, self.doc.text[start:end], method, FIRST_GUESS["structure:venue"])
        vid = self.b.mention("Venue", label, [f"label:venue:{label.casefold()}"], ev,
                             attrs={"series": short, "year": year})
        self.b.relate(paper, "publishedAt", vid, ev)
        if year:
            self.b.set_attr(paper, "year", year)
