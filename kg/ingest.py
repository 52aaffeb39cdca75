"""Bytes -> Document: decode, repair mojibake, read front matter, split into blocks.

Every offset (blocks, links) points into Document.text, the decoded and
repaired text, front matter included, so later stages can cite evidence
as ``doc.text[start:end]``.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
from pathlib import Path

import ftfy
import yaml
from markdown_it import MarkdownIt

from kg.errors import InputError
from kg.model import Block, Document, Link
from kg.text import trim_url

# Files taken when a folder is expanded; "" is a file without an extension.
EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".mdx", ".rst", ".text", ".org", ""})  # .mdx: Markdown with JSX (Docusaurus)

# Repair encodings only: curly quotes, full-width forms, ligatures, HTML
# entities and Unicode normal forms are the author's text and stay as written.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization=None,
    explain=False,
)

# UTF-8 read as Mac-Roman: each byte 0x80-0xFF became one of these characters.
_MAC = bytes(range(0x80, 0x100)).decode("mac_roman")


def _mac_class(lo: int, hi: int) -> str:
    return "[" + re.escape(_MAC[lo - 0x80 : hi - 0x7F]) + "]"


_CONT = _mac_class(0x80, 0xBF)
# Only 3- and 4-byte sequences: ftfy repairs the 2-byte ones ("caf√©") itself,
# and legitimate pairs such as "√π" must not turn into "ù".
_MAC_SEQ = re.compile(f"{_mac_class(0xE0, 0xEF)}{_CONT}{{2}}|{_mac_class(0xF0, 0xF4)}{_CONT}{{3}}")
# What such sequences plausibly stood for: punctuation and symbols, CJK,
# variation selectors, emoji. Anything else is more likely genuine text.
_PLAUSIBLE = ((0x2000, 0x2BFF), (0x3000, 0x9FFF), (0xFE00, 0xFE0F), (0x1F000, 0x1FAFF))
_SURROGATE = re.compile("[\ud800-\udfff]")

_CONTROL_BYTES = bytes([*range(9), 11, *range(14, 32), 127])
# Lazy everywhere: the first closing line ends the front matter, even when empty.
_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HASHTAG = re.compile(r"(?<!\S)#(\w*[^\W\d_]\w*)")
_MARKER = {
    "heading": re.compile(r"[ \t]*(?:#{1,6}(?=[ \t]|$))?[ \t]*"),
    "list_item": re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])?\s*"),
    "code": re.compile(""),  # keep indentation: it is part of the code
}
_INDENT = re.compile(r"[ \t]*")
_ESCAPED_OR = {"[": re.compile(r"\\.|[\[\]]", re.DOTALL), "(": re.compile(r"\\.|[()]", re.DOTALL)}
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^<>]*>")
_A_HREF = re.compile(
    r"""<a\s[^<>]{0,2000}?\bhref\s*=\s*["']?([^"'\s<>]+)["']?[^<>]{0,2000}>"""
    r"(?:([^<]{0,500})</a>)?",
    re.IGNORECASE,
)
_URL = re.compile(r"<(https?://[^\s<>]+)>|https?://[^\s<>\"'`\[\]]+")

_md: MarkdownIt | None = None


class _Reject(Exception):
    """A reason the input is not a document; the caller adds the file name."""


def parse_document(name: str, data: bytes) -> Document:
    """Turn the raw bytes of one file into a Document (pure)."""
    try:
        return _parse(name, data)
    except _Reject as exc:
        raise InputError(f"{name}: {exc}") from None


def read_document(path: Path) -> Document:
    """Read and parse one file; every failure is an InputError naming the file."""
    path = Path(path)
    try:
        if path.is_dir():
            raise _Reject("is a directory, not a document")
        data = path.read_bytes()
        return _parse(path.name, data)
    except _Reject as exc:
        raise InputError(f"{path}: {exc}") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def iter_document_paths(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders into document files, plus one warning per skipped path.

    Named files are taken whatever their extension (the user chose them);
    folders are walked recursively in sorted order, skipping hidden entries
    and files whose extension is not in EXTENSIONS.
    """
    files: list[Path] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for root in map(Path, paths):
        if root.is_dir():
            found = _walk(root, warnings)
        elif root.is_file():
            found = [root]
        elif root.is_symlink():
            warnings.append(f"{root}: {_bad_link(root)}")
            continue
        elif root.exists():
            warnings.append(f"{root}: not a regular file")
            continue
        else:
            warnings.append(f"{root}: no such file or directory")
            continue
        for path in found:
            real = os.path.realpath(path)
            if real in seen:  # same file named twice or reached through a link
                warnings.append(f"{path}: same file as {seen[real]}")
                continue
            seen[real] = path
            files.append(path)
    return files, warnings


def _walk(root: Path, warnings: list[str]) -> list[Path]:
    out: list[Path] = []
    visited = {os.path.realpath(root)}
    stack = [root]  # explicit stack: deep trees must not hit the recursion limit
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            warnings.append(f"{folder}: cannot list folder ({exc.strerror or exc})")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if _is(entry.is_dir):
                real = os.path.realpath(path)
                if real in visited:
                    parent = Path(os.path.realpath(folder))
                    loop = Path(real) in (parent, *parent.parents)
                    why = "symbolic link loop" if loop else "folder already visited"
                    warnings.append(f"{path}: {why}")
                    continue
                visited.add(real)
                stack.append(path)
            elif _is(entry.is_file):
                if path.suffix.lower() in EXTENSIONS:
                    out.append(path)
                else:
                    warnings.append(f"{path}: unknown extension {path.suffix!r}")
            elif _is(entry.is_symlink):
                warnings.append(f"{path}: {_bad_link(path)}")
            else:
                warnings.append(f"{path}: not a regular file")
    return sorted(out)


def _bad_link(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _is(test) -> bool:
    try:
        return test()
    except OSError:  # e.g. a symlink pointing at itself
        return False


# --- bytes to repaired text -------------------------------------------------


def _parse(name: str, data: bytes) -> Document:
    warnings: list[str] = []
    text = _repair(_decode(data, warnings), warnings)
    if not text.strip():
        raise _Reject("empty document")
    body_start, meta = _front_matter(text, warnings)
    try:
        spans = _markdown_spans(_org_as_markdown(text) if _is_org(name, text) else text, body_start)
    except Exception as exc:  # noqa: BLE001 - never let an odd input stop a whole build
        warnings.append(f"markdown parsing failed ({type(exc).__name__}); split into paragraphs")
        spans = _paragraph_spans(text, body_start)
    blocks = _blocks(text, spans)
    return Document(
        name=name,
        text=text,
        blocks=blocks,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
        keywords=_hashtags(blocks),
        warnings=tuple(warnings),
    )


def _decode(data: bytes, warnings: list[str]) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:  # Windows "Unicode" files; checked first as they are full of NUL bytes
            text = data.decode("utf-16")
            warnings.append("decoded as UTF-16")
            return text
        except UnicodeDecodeError:
            pass
    head = data[:8192]
    if b"\0" in head or sum(map(head.count, _CONTROL_BYTES)) > len(head) // 10:
        raise _Reject("looks like a binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few broken bytes: keep UTF-8, mark the damage.
    lenient = data.decode("utf-8-sig", "replace")
    bad = lenient.count("\ufffd") - data.count("\ufffd".encode())
    good = len(lenient) - len(lenient.encode("ascii", "ignore")) - lenient.count("\ufffd")
    if good > bad:
        warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD")
        return lenient
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        warnings.append(f"not valid UTF-8; decoded as {encoding}")
        return text
    raise AssertionError("latin-1 decodes any bytes")


def _repair(text: str, warnings: list[str]) -> str:
    # markdown-it splits lines on "\n" only; normalise first so its line
    # numbers and ours agree.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        # ftfy works line by line anyway; skipping printable-ASCII lines (which
        # it would return unchanged) makes large files several times faster.
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if not (line.isascii() and line.replace("\t", "").isprintable()):
                lines[i] = ftfy.fix_text(line, _FTFY)
        text = "\n".join(lines)
    except Exception as exc:  # noqa: BLE001 - ftfy is heuristic; a failure must not lose the document
        warnings.append(f"mojibake repair skipped ({type(exc).__name__})")
    # ftfy leaves some UTF-8-read-as-Mac-Roman runs (emoji, "\uf8ff..."); undo them.
    text = _MAC_SEQ.sub(_unmac, text)
    return _SURROGATE.sub("\ufffd", text)


def _unmac(match: re.Match) -> str:
    seq = match.group()
    try:
        char = seq.encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return seq
    code = ord(char)
    return char if any(lo <= code <= hi for lo, hi in _PLAUSIBLE) else seq


# --- front matter -------------------------------------------------------------


def _front_matter(text: str, warnings: list[str]) -> tuple[int, tuple]:
    """Return where the markdown body starts and the front matter as sorted pairs."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0, ()
    source = match.group(1) or ""
    try:
        # PyYAML slows down quadratically with nested [ or {; real front matter is flat.
        depth = 0
        for m in re.finditer(r"[\[\]{}]", source):
            depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
            if depth > 50:
                raise ValueError("nested too deeply")
        # Aliases can expand exponentially when flattened (a "billion laughs").
        if any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(source, Loader=yaml.SafeLoader)):
            raise ValueError("YAML aliases are not supported")
        data = yaml.safe_load(source)
        if data is None:
            return match.end(), ()
        if not isinstance(data, dict):  # prose between two rules ("---"), not front matter
            return 0, ()
        pairs = [(str(k), _meta_value(v)) for k, v in data.items()]
    except Exception as exc:  # noqa: BLE001 - bad YAML is the author's slip, not a reason to drop the text
        first = str(exc).strip().split("\n", 1)[0]
        warnings.append(f"front matter ignored: {first or type(exc).__name__}")
        return match.end(), ()
    return match.end(), tuple(sorted(pairs, key=lambda kv: kv[0]))


def _meta_value(value: object) -> object:
    if isinstance(value, (list, tuple, set)):
        return tuple(_meta_str(v) for v in value)
    return _meta_str(value)


def _meta_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# --- structure ----------------------------------------------------------------


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        # Only block structure is needed: links are found with offsets below,
        # so the inline pass (slow, and offset-free) is switched off.
        _md = MarkdownIt("commonmark").enable("table").disable("inline")
    return _md


# Emacs org-mode: "#+TITLE:" settings, property drawers, "* TODO heading" outlines
_ORG_SIGNS = re.compile(r"^(?:#\+(?:TITLE|AUTHOR|STARTUP|OPTIONS|TAGS):|:PROPERTIES:\s*$)", re.MULTILINE | re.IGNORECASE)
_ORG_HEADING = re.compile(r"^(\*{1,6})(?=[ \t])", re.MULTILINE)


def _is_org(name: str, text: str) -> bool:
    """Is the document an org-mode file, by its extension or its settings lines?"""
    return name.lower().endswith(".org") or len(_ORG_SIGNS.findall(text[:20_000])) >= 2


def _org_as_markdown(text: str) -> str:
    """The text with org's "** Heading" lines written as Markdown's "## Heading", the same
    length, so that Markdown's blocks keep their offsets into the org text (in Markdown a
    line starting "* " is a bullet)."""
    return _ORG_HEADING.sub(lambda m: "#" * len(m.group(1)), text)


_BLOCK_KINDS = {"paragraph_open": "paragraph", "table_open": "table", "html_block": "html"}  # else code


def _markdown_spans(text: str, base: int) -> list[tuple[str, int, int, int]]:
    """(kind, start, end, level) for each block, from markdown-it's line maps."""
    body = text[base:]
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", body))
    starts.append(len(body))

    def at(line: int) -> int:
        return base + starts[min(line, len(starts) - 1)]

    spans: list[list] = []
    items: list[int] = []  # indices in spans of the open list items
    quotes = 0
    tokens = _parser().parse(body)
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "blockquote_open":
            if not quotes and not items:
                spans.append(["quote", at(tok.map[0]), at(tok.map[1]), 0])
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif quotes:  # a quote is one block, whatever it holds
            continue
        elif kind == "list_item_open":
            items.append(len(spans))
            spans.append(["list_item", at(tok.map[0]), at(tok.map[1]), len(items)])
        elif kind == "list_item_close":
            items.pop()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if items:  # an item's own text stops where its sub-list starts
                own = spans[items[-1]]
                own[2] = min(own[2], at(tok.map[0]))
        elif items:  # paragraphs, code, tables inside an item are the item's text
            continue
        elif kind == "heading_open":
            content = tokens[i + 1].map or tok.map  # setext: leave out the underline
            spans.append(["heading", at(content[0]), at(content[1]), int(tok.tag[1])])
        elif kind in ("paragraph_open", "table_open", "fence", "code_block", "html_block"):
            start, end = at(tok.map[0]), at(tok.map[1])
            if kind == "code_block" and reads_as_prose(text[start:end]):
                block_kind = "paragraph"  # an indented reply or quote in a thread, not code
            else:
                block_kind = _BLOCK_KINDS.get(kind, "code")
            spans.append([block_kind, start, end, 0])
    return [(k, *_trim(text, k, s, e), lvl) for k, s, e, lvl in spans]


# what code has and prose rarely does: brackets, operators, sigils, a prompt
_CODE_MARKS = re.compile(r"[{}\[\];=<>$`\\|]|^\s*(?:>>>|\$|#include|def |class |import |from \S+ import)", re.MULTILINE)
_PROSE_WORD = re.compile(r"[A-Za-z][a-z'’-]+")


def reads_as_prose(block: str) -> bool:
    """Does an indented block read as sentences rather than code? Markdown makes any
    block indented by four spaces code, but plain-text threads indent their replies
    and quotes that way ("    ▲ 141 · u/name\n      Even faster: FastKAN ...").
    Prose: lines of several words, a sentence's end, and next to no code marks."""
    lines = [line for line in block.splitlines() if line.strip()]
    if not lines:
        return False
    words = sum(len(_PROSE_WORD.findall(line)) for line in lines)
    marks = len(_CODE_MARKS.findall(block))
    ends_a_sentence = re.search(r"[A-Za-z)][.!?](?:\s|$)", block) is not None
    return ends_a_sentence and words >= 5 * len(lines) and marks * 20 <= words


def _trim(text: str, kind: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a line range to the block's content: no marker, no trailing space."""
    end = start + len(text[start:end].rstrip())
    marker = _MARKER.get(kind, _INDENT).match(text, start, end)
    start = min(marker.end(), end)
    if kind == "heading":
        # the closing sequence of an ATX heading ("## Title ##"), an org heading's tags
        # ("* Session 1: PPO      :rl:offline:")
        closing = re.search(r"(?:^|[ \t]+)#+$|[ \t]+:[\w@#%:]+:$", text[start:end])
        if closing:
            end = start + closing.start()
    return start, end


def _paragraph_spans(text: str, base: int) -> list[tuple[str, int, int, int]]:
    """Fallback structure: runs of non-blank lines are paragraphs."""
    spans = []
    para = None
    pos = base
    for line in text[base:].split("\n"):
        if line.strip():
            para = para if para is not None else pos
            last = pos + len(line)
        elif para is not None:
            spans.append(("paragraph", *_trim(text, "paragraph", para, last), 0))
            para = None
        pos += len(line) + 1
    if para is not None:
        spans.append(("paragraph", *_trim(text, "paragraph", para, last), 0))
    return spans


def _blocks(text: str, spans) -> tuple[Block, ...]:
    blocks = []
    headings: list[tuple[int, int]] = []  # (level, index) of the enclosing headings
    for kind, start, end, level in spans:
        if kind == "heading":  # a heading falls under the last heading of a higher rank
            while headings and headings[-1][0] >= level:
                headings.pop()
        section = headings[-1][1] if headings else -1
        links = () if kind == "code" else _links(text, start, end)
        blocks.append(Block(kind, text[start:end], start, end, level, links, section))
        if kind == "heading":
            headings.append((level, len(blocks) - 1))
    return tuple(blocks)


# --- links and hashtags ---------------------------------------------------------


def _pairs(seg: str, opener: str) -> dict[int, int]:
    """Matching bracket positions, found in one pass (nesting-aware, escapes skipped)."""
    pairs, stack = {}, []
    for m in _ESCAPED_OR[opener].finditer(seg):
        char = m.group()
        if char == opener:
            stack.append(m.start())
        elif len(char) == 1 and stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _links(text: str, start: int, end: int) -> tuple[Link, ...]:
    seg = text[start:end]
    taken = bytearray(len(seg))  # 1 where a link was already found
    found: list[Link] = []

    def add(label: str, url: str, s: int, e: int, keep: bool = True) -> None:
        if url and not any(taken[s:e]):
            taken[s:e] = b"\1" * (e - s)
            if keep:
                found.append(Link(label.strip(), url, start + s, start + e))

    # [label](url), where the label may hold brackets or an image; ![alt](src) is not a link.
    brackets, parens = _pairs(seg, "["), _pairs(seg, "(")
    skip_to = 0
    for i in sorted(brackets):
        j = brackets[i]
        if i < skip_to or j + 1 not in parens:
            continue
        k = parens[j + 1]
        skip_to = k + 1
        dest = seg[j + 2 : k].strip()
        url = dest[1:].split(">", 1)[0] if dest.startswith("<") else (dest.split() or [""])[0]
        label = _TAG.sub("", _IMAGE.sub(r"\1", seg[i + 1 : j]))
        image = i > 0 and seg[i - 1] == "!"  # claimed so its src is not taken as a bare URL
        add(label, url, i - image, k + 1, keep=not image)
    for m in _A_HREF.finditer(seg):
        add(m.group(2) or "", m.group(1), m.start(), m.end())
    for m in _URL.finditer(seg):
        if m.group(1):  # <https://...> autolink
            add(m.group(1), m.group(1), m.start(), m.end())
            continue
        url = _trim_url(m.group())
        add(url, url, m.start(), m.start() + len(url))
    return tuple(sorted(found, key=lambda link: link.start))


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing parentheses after a bare URL."""
    return trim_url(url, ".,;:!?*_~", keep=8)  # never below "https://"


def _hashtags(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """#tags in prose, lowercased, first-seen order; '# Heading' and '(#1)' do not count."""
    tags: dict[str, None] = {}
    for block in blocks:
        if block.kind not in ("code", "html"):
            for m in _HASHTAG.finditer(block.text):
                tags.setdefault(m.group(1).lower(), None)
    return tuple(tags)
