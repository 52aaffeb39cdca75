"""The structure pass: papers, code, authors and references from layout.

Writing about papers follows a few layouts: a heading per paper with
"Paper:"/"Code:" lines, numbered entries "N. [Title](url), by A, B and C",
awesome-list lines "- [Title](url), Author et al., Venue YEAR | [code](url)",
a reference list, and social posts that end with the title of the paper they
share. This pass reads those layouts; it never looks at what a particular
document says.

It also cuts the document into units (a section, a numbered entry, a post):
sentences in a unit are about the unit's paper, which the NLP pass uses.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.extract import citations, ids
from kg.extract.builder import ExtractionBuilder
from kg.extract.text import (
    SMALL_WORDS,
    entity_key,
    looks_like_title,
    sentence_around,
    mask_markup,
    name_like,
    squash,
    strip_marker,
)
from kg.model import Block, Document, Link

REFERENCE_HEADING = re.compile(
    r"^\W*(?:paper\s+|full\s+)?(?:references?|bibliography|works\s+cited|citations|cited\s+papers)\W*$",
    re.I,
)
# "Paper:", "**Code:**", "* Short read:" ... the label before a link on a line
FIELD = re.compile(r"^[\s>*+\-_]*(?P<field>[A-Za-z][A-Za-z .']{0,24}?)\s*[*_]*\s*:\s*[*_]*\s*", re.M)
PAPER_FIELDS = {"paper", "papers", "arxiv", "pdf", "publication", "preprint", "paper link", "original paper",
                "research paper", "read"}
CODE_FIELDS = {"code", "github", "source code", "repo", "repository", "implementation", "official code", "official implementation", "codes"}
PROJECT_FIELDS = {"project", "project page", "website", "homepage", "page"}
CODE_LABEL = re.compile(r"^\W*(?:official\s+)?(?:code|github|source(?:\s+code)?|repo(?:sitory)?|implementation|pytorch|tensorflow|jax)\W*$", re.I)
NON_TITLE_LABEL = re.compile(
    r"^\W*(?:code|paper|pdf|arxiv|blog|project|project page|website|demo|video|here|link|this|this paper|"
    r"github|colab|slides|poster|talk|tweet|thread|read more|more|abstract|dataset|data)\W*$",
    re.I,
)
BY_AUTHORS = re.compile(r"^\s*[,;:–—-]?\s*by\s+(?P<authors>[^|\n]+)", re.I)
AUTHOR_FIELDS = {"authors", "author", "by", "written by"}
VENUE_FIELDS = {"venue", "conference", "published", "published in", "published at", "accepted at", "journal"}
YEAR_FIELDS = {"year", "date", "published on"}
NUMBERED_LINE = re.compile(r"^\s*\d{1,3}[.)]\s+\S")
LEADING_MARKER = re.compile(r"(?:[ \t>+\-]|\*(?!\*))*(?:\d{1,3}[.)])?[ \t]*")  # bullets, not **bold**
# where a plain-text title ends: a dash, "by", or a full stop before a capitalised word
PLAIN_TITLE_END = re.compile(r"\s+[—–]\s+|\s+-\s+|,?\s+by\s+(?=[A-Z])|\.\s+(?=[A-Z])")
PAPER_LABEL = re.compile(r"^\W*(?:paper|pdf|arxiv|preprint)\W*$", re.I)
LEADING_ITEM = re.compile(r"^[\s>*+\-]*(?:\d{1,3}[.)])?\s*$")
# a system's name before the link to its paper: "**Name**:", "Name -", "*Name* —"
SYSTEM_BEFORE_LINK = re.compile(
    r"(?:\*\*|\*|__)?(?P<name>[^\s*_:\[\]][^*_:\[\]]{0,30}?)(?:\*\*|\*|__)?\s*[:\-–—]\s*"
)
# a title in straight or curly double quotes (one group each)
QUOTED_TITLE = r"(?:\"([^\"]{6,})\"|“([^”]{6,})”)"
HASHTAG_LINE = re.compile(r"^(?:\s*#[\w-]+)+\s*$")
HANDLE_LINE = re.compile(r"^\s*@?[\w.+-]+@[\w.-]+\.\w+\s*$|^\s*@\w{2,30}\s*$")
ATTRIBUTION_TAIL = re.compile(r"\s[-–—|]\s+(?:[A-Z][\w'.]*\s*){1,4}$")
ANNOUNCEMENT = re.compile(r"^(?:introducing|announcing|meet|reaction|watch|new:|breaking)\b", re.I)
YEARLY = re.compile(
    r"\b(?:papers?|research|breakthroughs|advances|highlights|best|top|review|roundup)\b[^\n.]{0,40}?\b(?:of|in|from)\s+(?P<y1>(?:19|20)\d{2})\b"
    r"|\b(?P<y2>(?:19|20)\d{2})\b\s*[:\-–—]?\s*(?:a|the)?\s*(?:year|review|rewind|in review|best|top)\b",
    re.I,
)
VENUE_CUE = re.compile(
    r"(?:\b(?:presented|published|appeared|accepted|appears|oral|spotlight)\s+(?:at|in|to)\s+|\(|;\s*|,\s*)"
    r"(?:[A-Z][A-Za-z-]+\s+){0,2}[A-Z]{3,8}(?:\s+Asia)?\s*['’]?(?:19|20)?\d{2}\b"
)
AWARD_WORD = re.compile(r"\b(?:award|honou?rable mention|oral|spotlight)\b", re.I)
CODE_SENTENCE = re.compile(r"\b(?:code|implementation|source|repo(?:sitory)?|open[- ]sourced?|released|available)\b", re.I)
TITLE_LINE = re.compile(r"^(?P<name>[A-Z0-9][^:\n]{0,40}?):\s+(?P<rest>\S.{8,})$")


KNOWN_FIELDS = PAPER_FIELDS | CODE_FIELDS | PROJECT_FIELDS | AUTHOR_FIELDS | VENUE_FIELDS | YEAR_FIELDS | {
    "blog", "news", "demo", "video", "short read", "kaggle", "huggingface", "colab", "slides", "dataset",
    "note", "notes", "summary", "tl;dr", "tldr", "source", "website", "twitter", "thread", "podcast", "talk",
}


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


# in posts an emoji alone can stand for the label: "💻 https://github.com/..."
EMOJI_FIELDS = {"💻": "code", "🖥": "code", "⌨": "code"}


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


# a wrapped list item goes on in an indented line that starts no bullet, quote or field
_CONTINUATION = re.compile(r"^[ \t]+(?![-*+>|]\s|\d{1,3}[.)]\s|[^\w\s\[(*_\"'“‘`<])\S")


def _line_spans(doc: Document, block: Block):
    """(start, end) of each logical line of a block, absolute.

    In a list item, an indented continuation line belongs to the line above it:
    "- A, B, and C. *A Title That*\n  *Wraps*. ICML 2020." is one entry.
    """
    spans: list[list[int]] = []
    pos = block.start
    for line in doc.text[block.start : block.end].split("\n"):
        if (spans and block.kind == "list_item" and _CONTINUATION.match(line)
                and _field_of(line) is None):
            spans[-1][1] = pos + len(line)
        else:
            spans.append([pos, pos + len(line)])
        pos += len(line) + 1
    yield from (tuple(span) for span in spans)


def _links_in(block: Block, start: int, end: int) -> list[Link]:
    return [lk for lk in block.links if start <= lk.start and lk.end <= end]


def _clean_label(label: str) -> str:
    return squash(mask_markup(label)).strip(" .,;:*_\"'“”")


def _is_paper_url(url: str) -> bool:
    return ids.url_kind(url) in ("arxiv", "pdf", "paper")


def _headline_case(title: str) -> bool:
    """Most content words capitalised, as titles are written in lists."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", title) if w.lower() not in SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _labs_in(text: str, vocab) -> list[str]:
    """Organisations tagged after an entry: '(Google Research, Brain Team)', '`NVIDIA`'."""
    found = []
    groups = [m.group(1) or m.group(2) for m in re.finditer(r"\(([^()]{2,120})\)|`([^`]{2,40})`", text)]
    # "... (Garbin et al., ICCV 2021), Microsoft": labs trailing the entry
    tail = re.search(r"[)\]]\s*[,·—–|-]\s*(?P<orgs>[^()\[\]`]{2,80}?)\s*\.?\s*$", text)
    if tail:
        groups.append(tail.group("orgs"))
    for inner in groups:
        for part in re.split(r",|;|\band\b|&|/", inner):
            name = part.strip(" .")
            if not name or re.search(r"\d{4}", name):
                continue
            if citations.names_organization(name, vocab):
                found.append(name)  # the text's own form: organization() finds the label
    return found


def _vocab_type(vocab, name: str) -> str | None:
    entry = vocab.by_alias(name) if vocab is not None else None
    return entry.type if entry is not None else None


class _Pass:
    def __init__(self, doc: Document, builder: ExtractionBuilder, vocab):
        self.doc = doc
        self.b = builder
        self.vocab = vocab
        self.clean = mask_markup(doc.text)
        self.markers: dict[int, str] = {}  # "[N]" marker -> paper mention id
        self.used_links: set[int] = set()  # link starts already read as structure
        self.continued: dict[int, Block] = {}  # entry block start -> the block its title wraps into
        # code lines met before any paper of their unit: (url, line start, line end, unit)
        self.orphan_code: list[tuple[str, int, int, Unit]] = []
        self.meta_lines: list[tuple[str, int, int, Unit]] = []  # "Lab · Authors · Venue" lines
        self.continuations: set[int] = set()  # starts of such wrapped blocks

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
                   confidence: float = 0.95) -> None:
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
            self.b.relate(paper_or_model, "hasCode", rid, ev)

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
        ev = self.b.evidence(start, end, self.doc.text[start:end], method, 0.85)
        vid = self.b.mention("Venue", label, [f"label:venue:{label.casefold()}"], ev,
                             attrs={"series": short, "year": year})
        self.b.relate(paper, "publishedAt", vid, ev)
        if year:
            self.b.set_attr(paper, "year", year)

    # -- the pass --------------------------------------------------------------
    def _find_split_entries(self) -> None:
        """'3. [A Title Broken](#)' + '[Across Lines](#), by A and B': one entry wrapped in two blocks."""
        blocks = self.doc.blocks
        for first, second in zip(blocks, blocks[1:]):
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
        self._bare_arxiv(units)
        self._attach_deferred_lines()
        self.units = units
        year = self._document_year()
        if year:
            for unit in units:
                for pid in unit.papers:
                    self.b.set_attr(pid, "doc_year", year)
        return StructureResult(units, self.clean, ref_ranges)

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
            if not in_refs and self._numbered_entry(block, first_line):
                close(block.start)
                current = Unit(block.start, block.end)
            elif not in_refs and HANDLE_LINE.match(text.strip()):
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

    def _unit_papers(self, unit: Unit, blocks: tuple[Block, ...]) -> None:
        doc, b = self.doc, self.b
        heading_title, heading_marker = strip_marker(unit.heading) if unit.heading else ("", None)
        # "## 3. Title (Lab)": a numbered heading, a lab named after the title
        numbered_heading = bool(re.match(r"^\d{1,3}[.)]\s+\S", heading_title))
        heading_title = re.sub(r"^\d{1,3}[.)]\s+", "", heading_title)
        heading_labs: list[str] = []
        lab_m = re.search(r"\s*\(([^()]{2,80})\)$", heading_title)
        if lab_m:
            heading_labs = _labs_in(lab_m.group(0), self.vocab)
            if heading_labs:
                heading_title = heading_title[: lab_m.start()].strip()
        is_title = looks_like_title(heading_title, min_words=3) or (":" in heading_title and looks_like_title(heading_title))
        heading_paper = None
        heading_block = next((bl for bl in blocks if bl.start == unit.start and bl.kind == "heading"), None)
        h_start, h_end = (heading_block.start, heading_block.end) if heading_block else (unit.start, unit.start)
        if numbered_heading and heading_marker is None:
            # "## 2. Title" is item 2 of the list, as "[2]" in a reference list
            heading_marker = int(re.match(r"^\s*(\d{1,3})", strip_marker(unit.heading)[0]).group(1))
            marker_is_number = True
        else:
            marker_is_number = False
        if unit.heading and heading_marker is not None and not marker_is_number and looks_like_title(heading_title, min_words=1):
            heading_paper = self.paper(heading_title, h_start, h_end, "structure:heading", 0.9, marker=heading_marker)
        elif unit.heading and (numbered_heading or heading_labs) and is_title:
            heading_paper = self.paper(heading_title, h_start, h_end, "structure:heading", 0.8,
                                       marker=heading_marker if marker_is_number else None)
        if heading_paper is None and heading_block is not None:
            heading_paper = self._heading_repo_and_paper(unit, heading_block)
        if heading_paper is None and heading_block is not None:
            for link in heading_block.links:
                if not _is_paper_url(link.url):
                    continue
                label = _clean_label(link.label)
                if looks_like_title(label):
                    heading_paper = self.paper(label, h_start, h_end, "structure:heading-link", 0.85, url=link.url)
                elif ids.normalize_arxiv(link.url):  # "### [ViT](arxiv)": the system and its paper
                    heading_paper = self.paper(None, h_start, h_end, "structure:heading-link", 0.8, url=link.url)
                    mid = self.model(label, h_start, h_end, "structure:heading-system", 0.75) if name_like(label) else None
                    if mid:
                        unit.models.append(mid)
                        self.b.relate(heading_paper, "introduces", mid,
                                      self.b.evidence(h_start, h_end, doc.text[h_start:h_end], "structure:heading-system", 0.75))
                break
        if heading_paper:
            unit.papers.append(heading_paper)
            for lab in heading_labs:
                self.organization(lab, heading_paper, h_start, h_end, "structure:heading-lab", 0.8)
        pending_fields: list[tuple[str, int, int]] = []  # Authors:/Venue:/Year: lines

        line_papers: list[tuple[int, str]] = []
        field_papers: list[str] = []  # from "Paper:" lines
        pending_code: list[tuple[str, int, int]] = []
        for block in blocks:
            if block.start < unit.start or block.end > unit.end or block.kind == "heading" and not (
                    block.start > unit.start and _field_of(doc.text[block.start:block.end])):
                continue  # headings but the field headings inside the unit ("#### Code: ...")
            for ls, le in _line_spans(doc, block):
                line = doc.text[ls:le]
                fld = _field_of(line)
                links = _links_in(block, ls, le)
                if fld in AUTHOR_FIELDS | VENUE_FIELDS | YEAR_FIELDS:
                    pending_fields.append((fld, ls, le))
                elif fld in PAPER_FIELDS:
                    if not links and fld != "read":
                        pid = self._unlinked_paper_field(line, ls, le)
                        if pid:
                            line_papers.append((ls, pid))
                            field_papers.append(pid)
                    for link in links:
                        label = _clean_label(link.label)
                        title = label if label and "://" not in label and not NON_TITLE_LABEL.match(label) else None
                        if fld == "read" and not _is_paper_url(link.url):
                            continue
                        if title is None and not ids.normalize_arxiv(link.url):
                            continue
                        if heading_paper is not None and not field_papers and (
                                title is None or citations.normalize_title(b.label_of(heading_paper)).startswith(
                                    citations.normalize_title(title))):
                            title = b.label_of(heading_paper)  # the heading is this paper's (full) title
                        elif title is None and (is_title or numbered_heading) and heading_paper is None and not field_papers:
                            title = heading_title  # "## Title" then "Paper: <arXiv URL>"
                        pid = self.paper(title, ls, le, "structure:paper-line", 0.95, url=link.url,
                                         marker=heading_marker if marker_is_number and not field_papers else None)
                        if pid:
                            self.used_links.add(link.start)
                            line_papers.append((ls, pid))
                            field_papers.append(pid)
                elif fld in CODE_FIELDS:
                    for link in links:
                        pending_code.append((link.url, ls, le))
                        self.used_links.add(link.start)
                elif fld is None or fld not in PROJECT_FIELDS:
                    for link in links:
                        code_label = CODE_LABEL.match(_clean_label(link.label) or "-")
                        # a repository linked from a bullet under a paper is its code
                        listed_repo = block.kind == "list_item" and ids.github_repo(link.url)
                        if (code_label or listed_repo) and link.url.startswith("http"):
                            pending_code.append((link.url, ls, le))
                            self.used_links.add(link.start)
                if fld is None and not links and block.kind != "table" and " · " in line:
                    self.meta_lines.append((line, ls, le, unit))  # read once the unit's papers are known
                elif fld is None and line_papers and block.kind in ("list_item", "quote") and not links:
                    # a note under an entry: "... deformation field. University of Washington & Google."
                    for lab in self._lab_clauses(line):
                        self.organization(lab, line_papers[-1][1], ls, le, "structure:note-lab", 0.8)
                quoted = self._quoted_title_line(line, ls, le) if fld is None else None
                if quoted:
                    line_papers.append((ls, quoted))
                    continue
                numbered = block.kind == "paragraph" and NUMBERED_LINE.match(line)
                table_row = block.kind == "table"  # rows are read by _table, cell by cell
                if fld is None and not table_row and (block.kind == "list_item" or numbered or links) \
                        and block.start not in self.continuations:
                    entry = None
                    if block.kind == "list_item":
                        entry = self._reference_entry(ls, le, links)
                    entry = entry or self._entry_line(block, ls, le, links)
                    if entry:
                        line_papers.append((ls, entry))
                        unit.line_subjects[ls] = entry
                if fld in PROJECT_FIELDS and links:
                    target = line_papers[-1][1] if line_papers else heading_paper
                    if target and links[0].url.startswith("http"):
                        b.set_attr(target, "url", links[0].url)
            if block.kind == "paragraph":
                pid = self._title_line(block) or self._title_with_arxiv(block)
                if pid:
                    line_papers.append((block.start, pid))

        for _, pid in line_papers:
            if pid not in unit.papers:
                unit.papers.append(pid)
        unit.pending_fields = pending_fields
        unit.line_papers = line_papers
        _nested_items_follow_their_entry(unit, blocks)
        for block in blocks:
            if block.kind == "table" and unit.start <= block.start and block.end <= unit.end:
                self._table(unit, block)

        # the heading names the system a "Paper:" line presents ("### Imagen")
        if unit.heading and heading_paper is None and 0 < len(field_papers) <= 2 and heading_marker is None:
            self._heading_system(unit, heading_block)
        for pid in unit.papers:
            self._title_system(unit, pid)

        for url, ls, le in pending_code:
            # a line with its own subject (a table row) keeps its code; else the
            # paper line nearest above the code line
            owner = unit.line_subjects.get(ls) or _line_paper_above(line_papers, ls)
            owner = owner or (unit.papers[0] if unit.papers else (unit.models[0] if unit.models else None))
            if owner is None:
                self.orphan_code.append((url, ls, le, unit))
                continue
            self.repository(url, owner, ls, le, "structure:code-link")
            # one "Code:" line under several "Paper:" lines serves them all
            for pid in field_papers if len(pending_code) == 1 else ():
                if pid != owner:
                    self.repository(url, pid, ls, le, "structure:code-link-shared", 0.7)

        self._prose_code(unit, blocks)
        self._awards(unit)
        self._prose_venue(unit)

    def _entry_line(self, block: Block, ls: int, le: int, links: list[Link]) -> str | None:
        """One list entry describing a paper, in the styles lists use:

        'N. [Title](url), by A, B and C'; '- [Title](url), A et al., CVPR 2020 | [code](..)';
        '- **Title** (ICCV 2021) [[paper]](url) [[code]](url)';
        '* Title. A, B, C. SIGGRAPH 2023. [Project](url)';
        '1) Title — A, B, C (Lab). Summary. Read: url | Code: url'.
        """
        doc = self.doc
        lead = LEADING_MARKER.match(doc.text, ls, le)
        pos = lead.end() if lead else ls
        title_link = links[0] if links and not doc.text[pos : links[0].start].strip() else None
        system = None
        if title_link is None and links:
            # "**KiloNeRF**: [KiloNeRF: Speeding up ...](arxiv) (Reiser et al., ICCV 2021)"
            named = SYSTEM_BEFORE_LINK.fullmatch(doc.text[pos : links[0].start])
            if named and name_like(_clean_label(named.group("name"))):
                system, title_link = _clean_label(named.group("name")), links[0]
        wrapped = self.continued.get(block.start)
        if title_link is not None:
            label = _clean_label(title_link.label)
            title_end = title_link.end
            if wrapped is not None:  # the title goes on in the next block, then the authors
                label = f"{label} {_clean_label(wrapped.links[0].label)}"
                line_end = doc.text.find("\n", wrapped.links[0].end)
                le = line_end if line_end != -1 else wrapped.end
                title_end = wrapped.links[0].end
                links = [title_link] + [lk for lk in wrapped.links[1:] if lk.end <= le]
        elif doc.text.startswith("**", pos):
            close = doc.text.find("**", pos + 2, le)
            if close == -1:
                return None
            label, title_end = _clean_label(doc.text[pos + 2 : close]), close + 2
        else:
            m = PLAIN_TITLE_END.search(doc.text, pos, le)
            if not m:
                return None
            label, title_end = _clean_label(doc.text[pos : m.start()]), m.start()
        title, marker = strip_marker(label)
        if not title or NON_TITLE_LABEL.match(title) or not looks_like_title(title, min_words=1):
            return None
        if title_link is None and len(title.split()) < 2:
            return None
        plain_title = title_link is None and not doc.text.startswith("**", pos)
        rest_full = doc.text[title_end:le]
        rest = mask_markup(rest_full)
        # what follows the title: authors, then venue/year, labs in parentheses or `tags`
        venue = citations.venue_from_text(rest)
        cut = len(rest)
        for pattern in (r"\(", r"\|", r"`", r"\[", r"\s[A-Z][a-z]+:\s", r"\.\s+[A-Z][a-z]+\s[a-z]"):
            m = re.search(pattern, rest)
            if m:
                cut = min(cut, m.start())
        if venue:
            vm = re.search(re.escape(venue[0]), rest)
            if vm:
                cut = min(cut, vm.start())
        ym = re.search(r"\b(?:19|20)\d{2}\b", rest)
        if ym:
            cut = min(cut, ym.start())
        chunk = rest[:cut]
        m = BY_AUTHORS.match(chunk)
        chunk = m.group("authors") if m else re.sub(r"^[\s,.;:–—-]+", "", chunk)
        chunk = chunk.strip(" ,.;–—-")
        authors = citations.parse_author_list(chunk) if chunk else ()
        et_al = citations.has_et_al(chunk) if chunk else False
        arxiv = next((a for a, _, _ in ids.arxiv_ids(doc.text[ls:le])), None)
        paper_links = [lk for lk in links if lk is not title_link and (_is_paper_url(lk.url) or PAPER_LABEL.match(_clean_label(lk.label) or "-"))]
        title_is_paper_link = title_link is not None and _is_paper_url(title_link.url)
        is_paper = bool(authors or et_al or venue or arxiv or paper_links or title_is_paper_link or marker is not None)
        if not is_paper:
            return None
        if plain_title and not (_headline_case(title) or ":" in title or (arxiv and authors)):
            return None  # a sentence in a bullet, not a title
        if marker is not None and not (authors or venue or arxiv or paper_links or title_is_paper_link):
            # a table of contents line "[Title [3]](#3)"
            return self.paper(title, ls, le, "structure:toc", 0.8, marker=marker)
        url = title_link.url if title_link is not None and title_link.url.startswith("http") else None
        if url is None and paper_links:
            url = paper_links[0].url
        pid = self.paper(title, ls, le, "structure:entry", 0.9, url=url, arxiv=arxiv, marker=marker)
        if pid is None:
            return None
        if title_link is not None:
            self.used_links.add(title_link.start)
        same = system is not None and citations.normalize_title(system) == citations.normalize_title(title)
        if system is not None and not same:
            self._entry_system(system, pid, ls, le)
        self.authors(pid, authors, ls, le, "structure:author-list", 0.9)
        if et_al:
            self.b.set_attr(pid, "et_al", True)
        self.venue(pid, venue, ls, le, "structure:entry-venue")
        for other in links:
            if other is title_link:
                continue
            label = _clean_label(other.label) or "-"
            before = doc.text[max(ls, other.start - 12) : other.start]
            if CODE_LABEL.match(label) or ids.github_repo(other.url) or re.search(r"code\W*$", before, re.I):
                self.repository(other.url, pid, ls, le, "structure:code-link")
                self.used_links.add(other.start)
        for org in _labs_in(rest_full[cut:] if cut < len(rest_full) else "", self.vocab):
            self.organization(org, pid, ls, le, "structure:entry-lab", 0.8)
        year = next((y for y, _, _ in ids.years(rest)), None)
        if year:
            self.b.set_attr(pid, "year", year)
        return pid

    def _meta_line(self, line: str, ls: int, le: int, pid: str) -> None:
        """'Lab & Lab · A, B · ICCV 2023' under a paper line: its labs, authors and venue."""
        text = mask_markup(re.sub(r"</?\w+[^>]*>", " ", line).replace("&amp;", "&"))
        for segment in (s.strip() for s in text.split(" · ")):
            labs = self._lab_clauses(segment)
            if labs:
                for lab in labs:
                    self.organization(lab, pid, ls, le, "structure:meta-line", 0.8)
                continue
            venue = citations.venue_from_text(segment)
            if venue and len(segment.split()) <= 4:
                self.venue(pid, venue, ls, le, "structure:meta-line")
                continue
            names = [n for n in citations.parse_author_list(segment) if len(n.split()) >= 2]
            if names and not self.b.has_relation(pid, "authoredBy", method="structure"):
                self.authors(pid, names, ls, le, "structure:meta-line", 0.85)

    def _lab_clauses(self, line: str) -> list[str]:
        """Labs of the clauses that are nothing but lab names ("MIT & Google.", "; UC Berkeley.")."""
        found = []
        text = re.sub(r"^[\s>*+\-]+", "", mask_markup(line))
        for clause in re.split(r"[.;]\s+|[.;]\s*$", text):
            parts = [p.strip(" ,") for p in re.split(r",|&|\band\b|/", clause) if p.strip(" ,")]
            if not parts or len(clause) > 120:
                continue
            if all(citations.names_organization(part, self.vocab) for part in parts):
                found.extend(parts)
        return found

    def _quoted_title_line(self, line: str, ls: int, le: int) -> str | None:
        """'📄 "Title" by A and B at Lab 🔗 https://arxiv.org/abs/ID': a post's line that
        opens with a quoted title and carries the paper's arXiv link."""
        found = ids.arxiv_ids(line)
        # after an emoji, a thread counter "3/12" or a topic label "Text-to-3D:"
        m = re.match(r"^[^\w\"“]*(?:\d{1,2}/\d{1,2}\s+)?(?:[^\"“:]{1,30}:\s+)?" + QUOTED_TITLE,
                     line)
        if len(found) != 1 or not m:
            return None
        title = next(g for g in m.groups() if g).strip()
        if not looks_like_title(title, min_words=2):
            return None
        return self.paper(title, ls, le, "structure:quoted-title", 0.85, arxiv=found[0][0])

    def _unlinked_paper_field(self, line: str, ls: int, le: int) -> str | None:
        """'📄 Paper: "Title" (link in comments)': a paper field with a quoted or
        italic title and no link."""
        rest = FIELD.sub("", re.sub(r"^[^\w*\[(\"“]+", "", line), count=1)
        m = re.match(r"\s*(?:" + QUOTED_TITLE + r"|\*([^*]{6,})\*|_([^_]{6,})_)", rest)
        if not m:
            return None
        title = next(g for g in m.groups() if g)
        if not looks_like_title(title, min_words=2):
            return None
        return self.paper(title.strip(), ls, le, "structure:paper-line", 0.9)

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
        pid = self.paper(None, h_start, h_end, "structure:heading-link", 0.85, url=papers[0].url)
        if pid is None:
            return None
        year = next((y for y, _, _ in ids.years(papers[0].label)), None)
        if year:
            self.b.set_attr(pid, "year", year)
        mid = self._entry_system(name, pid, h_start, h_end)
        if mid and mid not in unit.models:
            unit.models.append(mid)
        self.repository(repos[0].url, pid, h_start, h_end, "structure:heading-code", 0.9)
        self.used_links.update({repos[0].start, papers[0].start})
        return pid

    def _entry_system(self, name: str, pid: str, ls: int, le: int) -> str | None:
        """The named system an entry presents is the model its paper introduces."""
        mid = self.model(name, ls, le, "structure:entry-system", 0.85)
        if mid:
            self.b.relate(pid, "introduces", mid, self.b.evidence(
                ls, le, self.doc.text[ls:le], "structure:entry-system", 0.85))
        return mid

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
        pid = self.paper(ref.title, ls, le, "structure:reference-entry", 0.9, url=ref.url,
                         arxiv=ref.arxiv, year=ref.year)
        if pid is None:
            return None
        self.authors(pid, ref.authors, ls, le, "structure:reference-entry", 0.9)
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

    def _title_with_arxiv(self, block: Block) -> str | None:
        """'Title\nhttps://arxiv.org/abs/ID' or 'Title, arXiv:ID' or 'Title -- arXiv:ID'."""
        text = self.doc.text[block.start : block.end]
        found = ids.arxiv_ids(text)
        if len(found) != 1:
            return None
        arxiv, start, end = found[0]
        link = next((lk for lk in block.links if ids.normalize_arxiv(lk.url) == arxiv
                     and lk.start - block.start <= start < lk.end - block.start), None)
        label = _clean_label(link.label) if link is not None else None
        lead_in = squash(mask_markup(text[text.rfind("\n", 0, link.start - block.start) + 1:
                                          link.start - block.start])) if link is not None else ""
        # (a linked label of two words will do: the arXiv link says it is a paper)
        if (label and "://" not in label and looks_like_title(label, min_words=2, max_words=25)
                and (not lead_in or lead_in.endswith(":"))):
            # "Lead-in: [Title](arxiv URL)": the link's label is the title
            title, end = label, link.end - block.start
        else:
            before = text[:start]
            # the title is the text before the id on its line, or the line above a bare id
            line_start = before.rfind("\n") + 1
            title = before[line_start:]
            if not title.strip(" \t,;:|-–—([") and line_start > 0:
                title = before[: line_start - 1].split("\n")[-1]
            title = squash(mask_markup(title)).strip(" ,;:|-–—([")
        if text[end:].strip(" )].\t") not in ("",) and "\n" not in text[end:]:
            return None  # the id sits inside a sentence, not after a title
        if not looks_like_title(title, min_words=3, max_words=25) or title.lower().startswith(("paper", "code", "arxiv")):
            return None
        if ATTRIBUTION_TAIL.search(title) or ANNOUNCEMENT.match(title):
            return None
        return self.paper(title, block.start, block.end, "structure:title-arxiv", 0.75, arxiv=arxiv)

    def _title_line(self, block: Block) -> str | None:
        """A post that shares a paper ends with its title: 'Name: what it does'."""
        text = self.doc.text[block.start : block.end].strip()
        if "\n" in text:
            return None
        plain = squash(mask_markup(text))
        m = TITLE_LINE.match(plain)
        if not m or block.links and not all(_is_paper_url(lk.url) for lk in block.links):
            return None
        name, rest = m.group("name").strip(), m.group("rest").strip()
        if (
            len(name.split()) > 3
            or _field_of(text) in PAPER_FIELDS | CODE_FIELDS | PROJECT_FIELDS
            or name.lower() in {"note", "update", "edit", "source", "blog", "news", "summary", "tl;dr", "tldr", "demo", "video", "link", "paper", "code", "dataset", "kaggle", "huggingface"}
            or ATTRIBUTION_TAIL.search(plain)
            or ANNOUNCEMENT.match(plain)
            or plain[0] in "\"'“‘("
            or len(rest.split()) < 3
            or not looks_like_title(plain, min_words=3, max_words=25)
            or _vocab_type(self.vocab, name) in ("Dataset", "Task", "Organization")
        ):
            return None
        return self.paper(plain, block.start, block.end, "structure:title-line", 0.6)

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
        mid = self.model(heading, heading_block.start, heading_block.end, "structure:heading-system", 0.75)
        if mid:
            unit.models.append(mid)
            ev = self.b.evidence(heading_block.start, heading_block.end, self.doc.text[heading_block.start:heading_block.end],
                                 "structure:heading-system", 0.75)
            self.b.relate(first, "introduces", mid, ev)
            url = next((lk.url for lk in heading_block.links if lk.url.startswith("http")), None)
            self.b.set_attr(mid, "url", url)

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
        ev = self.b.evidence(paper_ev.start, paper_ev.end, title, "structure:title-prefix", 0.7)
        if kind == "Dataset":
            entry = self.vocab.by_alias(prefix)
            did = self.b.mention("Dataset", entry.label, [entity_key("Dataset", entry.label)], ev)
            self.b.relate(pid, "introduces", did, ev)
            return
        mid = self.model(prefix, ev.start, ev.start, "structure:title-prefix", 0.7)
        if mid:
            if mid not in unit.models:
                unit.models.append(mid)
            self.b.relate(pid, "introduces", mid, ev)

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
            pid = self.paper(title, ls, le, "structure:table-row", 0.9, url=link.url)
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
                    self.organization(lab, pid, ls, le, "structure:table-lab", 0.8)
            code_links = links_of(cell(code_col)) if code_col is not None else [
                lk for lk in row_links if CODE_LABEL.match(_clean_label(lk.label) or "-")]
            for lk in code_links:
                self.repository(lk.url, pid, ls, le, "structure:table-code")
            if venue_col is not None:
                self.venue(pid, citations.venue_from_text(text_of(cell(venue_col))), ls, le, "structure:table-venue")
            if author_col is not None:
                self.authors(pid, citations.parse_author_list(text_of(cell(author_col))), ls, le, "structure:table-authors", 0.85)
            name = text_of(cell(model_col)) if model_col is not None and model_col != paper_col else ""
            if name and name_like(name):
                mid = self.model(name, ls, le, "structure:table-system", 0.8)
                if mid:
                    self.b.relate(pid, "introduces", mid, self.b.evidence(ls, le, doc.text[ls:le], "structure:table-system", 0.8))

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

    def _apply_fields(self, unit: Unit, fields, line_papers) -> None:
        """'**Authors:** A, B', '**Venue:** CVPR 2023', 'Year: 2021' describe the unit's paper."""
        for fld, ls, le in fields:
            target = _line_paper_above(line_papers, ls) or (unit.papers[0] if unit.papers else None)
            if target is None:
                continue
            value = squash(mask_markup(self.doc.text[ls:le]))
            value = value.split(":", 1)[1].strip() if ":" in value else value
            if fld in AUTHOR_FIELDS:
                self.authors(target, citations.parse_author_list(value), ls, le, "structure:author-field", 0.9)
                if citations.has_et_al(value):
                    self.b.set_attr(target, "et_al", True)
            elif fld in VENUE_FIELDS:
                venue = citations.venue_from_text(value)
                self.venue(target, venue or (value, next((y for y, _, _ in ids.years(value)), None)), ls, le,
                           "structure:venue-field")
            else:
                year = next((y for y, _, _ in ids.years(value)), None)
                if year:
                    self.b.set_attr(target, "year", year, overwrite=True)

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
            s_start, s_end = sentence_around(text, start, unit.start + m.end())
            sentence = text[s_start:s_end]
            if not CODE_SENTENCE.search(sentence):
                continue
            # the paper introduced last above the sentence (a digest has several)
            owner = _line_paper_above(unit.line_papers, start) or unit.papers[0]
            self.repository(m.group(0).rstrip(".,;:>"), owner, s_start, s_end, "structure:code-in-text", 0.8)

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
                    ev = self.b.evidence(ls, le, line, "structure:reference", 0.9)
                    pid = self.b.mention("Paper", self.b.label_of(pid), keys + [f"marker:{marker}"], ev)
                    if ref.arxiv:
                        self.b.set_attr(pid, "arxiv", ref.arxiv)
                else:
                    pid = self.paper(ref.title, ls, le, "structure:reference", 0.85, url=ref.url,
                                     arxiv=ref.arxiv, year=ref.year)
                if pid is None:
                    continue
                if ref.year:
                    self.b.set_attr(pid, "year", ref.year, overwrite=True)
                if ref.url and ref.url.startswith("http"):
                    self.b.set_attr(pid, "url", ref.url)
                self.authors(pid, ref.authors, ls, le, "structure:reference", 0.9)
                if ref.et_al:
                    self.b.set_attr(pid, "et_al", True)
                if ref.organization:
                    self.organization(ref.organization, pid, ls, le, "structure:reference", 0.8)
                if ref.venue:
                    self.venue(pid, citations.venue_from_text(ref.venue) or (ref.venue, ref.year), ls, le,
                               "structure:reference")

    def _bare_arxiv(self, units: list[Unit]) -> None:
        """arXiv ids in prose or links that no layout rule claimed."""
        for arxiv, start, end in ids.arxiv_ids(self.doc.text):
            if self.b.lookup(f"arxiv:{arxiv}"):
                continue
            unit = next((u for u in units if u.start <= start < u.end), None)
            titled = [p for p in (unit.papers if unit else []) if not self.b.get_attr(p, "arxiv")]
            if unit is not None and len(unit.papers) == 1 and len(titled) == 1:
                # a post's title line and its arXiv link are one paper
                pid = titled[0]
                self.b.mention("Paper", self.b.label_of(pid), [f"arxiv:{arxiv}"],
                               self.b.evidence(start, end, self.doc.text[start:end], "structure:arxiv", 0.8))
                self.b.set_attr(pid, "arxiv", arxiv)
                self.b.set_attr(pid, "arxiv_year", ids.arxiv_year(arxiv))
                continue
            pid = self.paper(None, start, end, "structure:arxiv", 0.8, arxiv=arxiv)
            if unit is not None and pid and pid not in unit.papers:
                unit.papers.append(pid)


def structure_pass(doc: Document, builder: ExtractionBuilder, vocab) -> StructureResult:
    """Find papers and their structural facts; return the units for the NLP pass."""
    return _Pass(doc, builder, vocab).run()
