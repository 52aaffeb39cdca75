"""List entries and title lines: which paper a line names, and the system it presents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import citations, ids
from kg.extract.confidence import FIRST_GUESS
from kg.extract.structure.fields import _field_of
from kg.extract.structure.labels import (
    _clean_label,
    _headline_case,
    _is_paper_url,
    _labs_in,
    _vocab_type,
)
from kg.extract.structure.patterns import (
    ANNOUNCEMENT,
    ATTRIBUTION_TAIL,
    BY_AUTHORS,
    CODE_FIELDS,
    CODE_LABEL,
    FIELD,
    LEADING_MARKER,
    NON_TITLE_LABEL,
    PAPER_FIELDS,
    PAPER_LABEL,
    PLAIN_TITLE_END,
    PROJECT_FIELDS,
    QUOTED_TITLE,
    SYSTEM_BEFORE_LINK,
    TITLE_LINE,
)
from kg.extract.text import (
    CUED_YEAR_PATTERN,
    looks_like_title,
    mask_markup,
    name_like,
    squash,
    strip_marker,
)
from kg.model import Block, Link

# an entry's own word for what it links to, when that is not a paper
_NOT_A_PAPER = re.compile(r"\((?:blog(?:\s+post)?|video|talk|podcast|tutorial|slides|thread|newsletter)\)", re.IGNORECASE)


@dataclass
class _EntryHead:
    """Where an entry's title is, and the line it reads (a wrapped title reaches into the next block)."""

    pos: int  # after the bullet or number, badges and a venue tag
    title_link: Link | None
    system: str | None  # "**KiloNeRF**: [Title](url)": the system named before the link
    label: str
    title_end: int
    le: int
    links: list[Link]
    venue_tag: str = ""  # "**[CVPR 2024]** Title": the venue written before the title


# before an entry's title: pictograph badges ("🏆⭐") and a bracketed venue tag
# ("**[CVPR 2024]**", "[NeurIPS'23]", "`ICLR 2024`"), which name no title
_BADGES = re.compile(r"(?:[^\w\s\[\](){}*_`'\"“‘<>#|.,;:!?-]\ufe0f?[ \t]*)+")
_VENUE_TAG = re.compile(r"(?:\*\*|__)?(?:\[|`)(?P<venue>[A-Z0-9][\w&.\- ]{1,30}?\s*'?\d{2}(?:\d{2})?)(?:\]|`)(?:\*\*|__)?[ \t]+")


def _title_start(text: str, pos: int, le: int) -> tuple[int, str]:
    """Where the title starts after the bullet, and the venue tag before it, if any."""
    badges = _BADGES.match(text, pos, le)
    if badges:
        pos = badges.end()
    tag = _VENUE_TAG.match(text, pos, le)
    return (tag.end(), tag.group("venue")) if tag else (pos, "")


def _without_open_bracket(title: str) -> str:
    """The title before a bracket the id's line leaves open ("Neural Additive Models
    (Agarwal et al., arXiv:...)"), without the link's closing "]" or quotes."""
    for opener, closer in (("(", ")"), ("[", "]")):
        cut = title.rfind(opener)
        if cut > 0 and closer not in title[cut:]:
            title = title[:cut]
    return title.strip(" ,;:\"“”'‘’]")


@dataclass
class _EntryFacts:
    """What follows an entry's title."""

    authors: tuple
    et_al: bool
    venue: tuple[str, int | None] | None
    rest: str  # the text after the title, markup masked
    tail: str  # the text after the authors, where labs are tagged


def _authors_end(rest: str, venue) -> int:
    """Where the author list after a title ends: at a bracket, a field, the venue or a year."""
    cut = len(rest)
    for pattern in (r"\(", r"\|", r"`", r"\[", r"\s[A-Z][a-z]+:\s", r"\.\s+[A-Z][a-z]+\s[a-z]"):
        m = re.search(pattern, rest)
        if m:
            cut = min(cut, m.start())
    if venue:
        vm = re.search(re.escape(venue[0]), rest)
        if vm:
            cut = min(cut, vm.start())
    ym = re.search(rf"\b{CUED_YEAR_PATTERN}\b", rest)
    if ym:
        cut = min(cut, ym.start())
    return cut


# emoji and pictographs, which chat messages carry and titles do not
_PICTOGRAPH = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_SURNAME = re.compile(r"(?:(?:de|van|von|der|da|di|le|la)\s+)*[A-Z][\w'’-]+")
_DASH = re.compile(r"\s+[—–]\s+")


def _names_only(text: str) -> tuple[str, ...]:
    """The people of a text that is nothing but a list of them: full names ("Tri Dao,
    Daniel Y. Fu") or two or more surnames ("Leviathan, Kalman, Matias"); else ()."""
    text = re.split(r"\s+[—–]\s+|\s*\(", text.strip(), maxsplit=1)[0].strip(" ,")
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text) if p.strip()]
    if citations.is_name_list(text):
        return tuple(parts)
    if len(parts) >= 2 and all(_SURNAME.fullmatch(p) for p in parts):
        return tuple(parts)
    return ()


def _surnames(text: str) -> tuple[str, ...]:
    """'Leviathan, Kalman, Matias': three or more surnames alone, as informal posts cite
    authors; not 'Ho, Jonathan and Salimans, Tim', surname-first pairs joined by 'and'."""
    names = _names_only(text)
    if len(names) < 3 or any(" " in n.strip() and not _SURNAME.fullmatch(n) for n in names):
        return ()
    pairs = re.search(r"\band\b", text) and len(names) % 2 == 0
    return () if pairs else names


def _title_and_byline(line: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """'Title — A, B, C (Lab, Venue 2022), url' -> (title, authors, labs); a line
    without such a byline is all title."""
    parts = _DASH.split(line, maxsplit=1)
    if len(parts) < 2 or not looks_like_title(parts[0], min_words=2, max_words=25):
        return line, (), ()
    rest = parts[1]
    before_bracket, _, bracket = rest.partition("(")
    # the names end where a venue, a year or a link starts: "..., Matias, ICML 2023"
    pieces = [p.strip() for p in before_bracket.split(",")]
    while pieces and (not pieces[-1] or re.search(r"\d|https?:|www\.", pieces[-1]) or citations.venue_from_text(pieces[-1])):
        pieces.pop()
    names = _names_only(", ".join(pieces))
    if not names:
        return line, (), ()
    labs = tuple(p.strip() for p in bracket.split(")")[0].split(",")
                 if p.strip() and not re.search(r"\d", p) and not citations.venue_from_text(p)
                 and not re.fullmatch(r"et al\.?|alone", p.strip()))
    return parts[0].strip(), names, labs


def _prose_after(line: str) -> bool:
    """Does the line go on with a clause after its names and their bracket or dash
    (three lower-case words in a row)?"""
    tail = re.split(r"\)|\s[—–]\s", line, maxsplit=1)
    return len(tail) > 1 and re.search(r"\b[a-z]+\s+[a-z]+\s+[a-z]+\b", tail[1]) is not None


# what sets the names of a list apart
_LIST_SEPARATOR = re.compile(r",|\band\b|&")


class EntryReading:
    """Structure-pass methods: list entries and title lines: which paper a line names, and the system it presents."""

    def _entry_line(self, block: Block, ls: int, le: int, links: list[Link]) -> str | None:
        """One list entry describing a paper, in the styles lists use:

        'N. [Title](url), by A, B and C'; '- [Title](url), A et al., CVPR 2020 | [code](..)';
        '- **Title** (ICCV 2021) [[paper]](url) [[code]](url)';
        '* Title. A, B, C. SIGGRAPH 2023. [Project](url)';
        '1) Title — A, B, C (Lab). Summary. Read: url | Code: url'.
        """
        doc = self.doc
        head = self._entry_head(block, ls, le, links)
        if head is None:
            return None
        title_link, le, links = head.title_link, head.le, head.links
        title, marker = strip_marker(head.label)
        if not title or NON_TITLE_LABEL.match(title) or not looks_like_title(title, min_words=1):
            return None
        if citations.is_name_list(title):
            return None  # "- *A. Author, B. Author* — Lab": the authors line under an entry
        if title_link is None and len(title.split()) < 2:
            return None
        plain_title = title_link is None and (not doc.text.startswith("**", head.pos) or head.system is not None)
        rest_full = doc.text[head.title_end:le]
        rest = mask_markup(rest_full)
        # what follows the title: authors, then venue/year, labs in parentheses or `tags`
        venue = citations.venue_from_text(rest) or (citations.venue_from_text(head.venue_tag) if head.venue_tag else None)
        cut = _authors_end(rest, venue)
        chunk = rest[:cut]
        m = BY_AUTHORS.match(chunk)
        chunk = m.group("authors") if m else re.sub(r"^[\s,.;:–—-]+", "", chunk)
        chunk = chunk.strip(" ,.;–—-")
        entry = _EntryFacts(
            authors=(_surnames(chunk) or citations.parse_author_list(chunk)) if chunk else (),
            et_al=citations.has_et_al(chunk) if chunk else False,
            venue=venue, rest=rest, tail=rest_full[cut:] if cut < len(rest_full) else "")
        arxiv = next((a for a, _, _ in ids.arxiv_ids(doc.text[ls:le])), None)
        paper_links = [lk for lk in links if lk is not title_link and (_is_paper_url(lk.url) or PAPER_LABEL.match(_clean_label(lk.label) or "-"))]
        title_is_paper_link = title_link is not None and _is_paper_url(title_link.url)
        is_paper = bool(entry.authors or entry.et_al or venue or arxiv or paper_links or title_is_paper_link or marker is not None)
        if not is_paper:
            return None
        if not (arxiv or paper_links or title_is_paper_link) and _NOT_A_PAPER.search(rest_full):
            return None  # "[The Illustrated X](blog url) by A (blog)": a post about papers, not one
        if plain_title and not (_headline_case(title) or ":" in title or (arxiv and entry.authors)):
            return None  # a sentence in a bullet, not a title
        if marker is not None and not (entry.authors or venue or arxiv or paper_links or title_is_paper_link):
            # a table of contents line "[Title [3]](#3)"
            return self.paper(title, ls, le, "structure:toc", FIRST_GUESS["structure:toc"], marker=marker)
        url = title_link.url if title_link is not None and title_link.url.startswith("http") else None
        if url is None and paper_links:
            url = paper_links[0].url
        pid = self.paper(title, ls, le, "structure:entry", FIRST_GUESS["structure:entry"], url=url, arxiv=arxiv, marker=marker)
        if pid is None:
            return None
        self._entry_details(pid, title, head, entry, ls, le)
        return pid

    def _entry_head(self, block: Block, ls: int, le: int, links: list[Link]) -> _EntryHead | None:
        """Where an entry's title is: its link, a "**bold**" title, or plain text up to a dash or "by"."""
        doc = self.doc
        lead = LEADING_MARKER.match(doc.text, ls, le)
        pos, venue_tag = _title_start(doc.text, lead.end() if lead else ls, le)
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
            # "**MVSNeRF**: MVSNeRF: Fast ... Stereo. Chen et al., ICCV 2021.": the bold
            # names the system, the plain text after the colon is the title
            colon = re.match(r"\s*:\s+(?=[^\s\[])", doc.text[title_end:le])
            end = PLAIN_TITLE_END.search(doc.text, title_end + colon.end(), le) if colon else None
            if end and name_like(label) and len(doc.text[title_end + colon.end() : end.start()].split()) >= 3:
                system, label = label, _clean_label(doc.text[title_end + colon.end() : end.start()])
                title_end = end.start()
        else:
            # "Title [[Paper]](url) [[Code]](url)": a plain title ends at its links at the latest
            first_link = links[0].start if links else le
            m = PLAIN_TITLE_END.search(doc.text, pos, first_link)
            if m:
                title_end = m.start()
            elif links and venue_tag:
                title_end = first_link
            else:
                return None
            label = _clean_label(doc.text[pos:title_end])
        return _EntryHead(pos, title_link, system, label, title_end, le, links, venue_tag)

    def _entry_details(self, pid: str, title: str, head: _EntryHead, entry: _EntryFacts,
                       ls: int, le: int) -> None:
        """What an entry gives its paper besides the title: system, authors, venue, code, labs, year."""
        doc = self.doc
        if head.title_link is not None:
            self.used_links.add(head.title_link.start)
        system = head.system
        same = system is not None and citations.normalize_title(system) == citations.normalize_title(title)
        if system is not None and not same:
            self._entry_system(system, pid, ls, le)
        self.authors(pid, entry.authors, ls, le, "structure:author-list", FIRST_GUESS["structure:author-list"])
        if entry.et_al:
            self.b.set_attr(pid, "et_al", True)
        self.venue(pid, entry.venue, ls, le, "structure:entry-venue")
        for other in head.links:
            if other is head.title_link:
                continue
            label = _clean_label(other.label) or "-"
            before = doc.text[max(ls, other.start - 12) : other.start]
            if CODE_LABEL.match(label) or ids.github_repo(other.url) or re.search(r"code\W*$", before, re.IGNORECASE):
                self.repository(other.url, pid, ls, le, "structure:code-link")
                self.used_links.add(other.start)
        for org in _labs_in(entry.tail, self.vocab):
            self.organization(org, pid, ls, le, "structure:entry-lab", FIRST_GUESS["structure:entry-lab"])
        year = next((y for y, _, _ in ids.years(entry.rest)), None)
        if year:
            self.b.set_attr(pid, "year", year)

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
        return self.paper(title, ls, le, "structure:quoted-title", FIRST_GUESS["structure:quoted-title"], arxiv=found[0][0])

    def _unlinked_paper_field(self, line: str, ls: int, le: int) -> str | None:
        """'📄 Paper: "Title" (link in comments)': a paper field with a quoted or
        italic title and no link."""
        rest = FIELD.sub("", re.sub(r"^[^\w*\[(\"“]+", "", line), count=1)
        m = re.match(r"\s*(?:" + QUOTED_TITLE + r"|\*([^*]{6,})\*|_([^_]{6,})_)", rest)
        # or a plain title filling the field ("PAPER: Proximal Policy Optimization Algorithms")
        plain = squash(rest) if (not m and _field_of(line) not in ("read", "arxiv", "pdf", "paper link")
                                 and not re.search(r"https?://|\]\(|\d{4}\.\d{4,5}", rest)) else ""
        if not m and not (plain and looks_like_title(plain, min_words=2, max_words=25)
                          and not re.search(r"[.!?]\s+\S", plain)):
            return None
        title = next(g for g in m.groups() if g) if m else plain
        if not looks_like_title(title, min_words=2):
            return None
        return self.paper(title.strip(), ls, le, "structure:paper-line", FIRST_GUESS["structure:paper-line/unlinked"])

    def _entry_system(self, name: str, pid: str, ls: int, le: int) -> str | None:
        """The named system an entry presents is the model its paper introduces."""
        mid = self.model(name, ls, le, "structure:entry-system", FIRST_GUESS["structure:entry-system"])
        if mid:
            self.b.relate(pid, "introduces", mid, self.b.evidence(
                ls, le, self.doc.text[ls:le], "structure:entry-system", FIRST_GUESS["structure:entry-system"]))
        return mid

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
                if _field_of(title) is not None:
                    return None  # "Venue: ICML 2018" above "arXiv: 1801.01290": a field, not a title
            title = _without_open_bracket(squash(mask_markup(title)).strip(" ,;:|-–—(["))
        if text[end:].strip(" )].\t") not in ("",) and "\n" not in text[end:]:
            return None  # the id sits inside a sentence, not after a title
        # "Title — Leviathan, Kalman, Matias (Google Research), ICML 2023": the title ends
        # at the dash before its authors; a line of authors alone is no title
        title, authors, labs = _title_and_byline(title)
        names_alone = () if authors else _names_only(title)
        if names_alone:
            # "Baevski, Zhou, Mohamed, Auli — Facebook AI, 2020, arXiv 2006.11477": the
            # authors of the paper of that id, whose title is elsewhere
            pid = self.paper(None, block.start, block.end, "structure:arxiv", FIRST_GUESS["structure:arxiv"], arxiv=arxiv)
            if pid is not None:
                self.authors(pid, names_alone, block.start, block.end, "structure:title-arxiv",
                             FIRST_GUESS["structure:title-arxiv"])
            return pid
        if title.lower().startswith(("paper", "code", "arxiv", "by ")):
            return None
        if not looks_like_title(title, min_words=3, max_words=25):
            return None
        if ATTRIBUTION_TAIL.search(title) or ANNOUNCEMENT.match(title) or _PICTOGRAPH.search(title):
            return None  # "vLLM paper is finally out 🎉": a message, not a title
        pid = self.paper(title, block.start, block.end, "structure:title-arxiv", FIRST_GUESS["structure:title-arxiv"], arxiv=arxiv)
        if pid is not None and authors:
            self.authors(pid, authors, block.start, block.end, "structure:title-arxiv", FIRST_GUESS["structure:title-arxiv"])
            for lab in labs:
                self.organization(lab, pid, block.start, block.end, "structure:entry-lab", FIRST_GUESS["structure:entry-lab"])
        return pid

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
            if not _LIST_SEPARATOR.search(lines[i + 1]):
                continue  # two or more names are set apart by a comma, "and" or "&"
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
        return self.paper(plain, block.start, block.end, "structure:title-line", FIRST_GUESS["structure:title-line"])
