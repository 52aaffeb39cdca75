"""Author lists: cutting a list into chunks at its delimiters and walking
them into person names, with "et al." and surname-first pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import _classify, _full_name, _given_like, _is_initials

# --- chunking author lists ---------------------------------------------------------

_DELIM = re.compile(
    r"(?P<etal>\s*,?\s*\bet\.?\s*al\b\.?,?)"
    r"|(?P<and>\s*,\s*(?:and|&)\s+|\s+(?:and|&)\s+|\s*&\s*)"
    r"|(?P<comma>\s*[,;]\s*)"
    r"|(?P<hard>\s*[()\[\]{}:“”\"«»|/]\s*|\s+[-–—]+\s+|\.(?=\s|$))"
)
_ABBREV_BEFORE_DOT = frozenset("al jr sr st dr prof mr ms mrs inc ltd corp co".split())


@dataclass
class _Chunk:
    text: str
    start: int
    end: int
    before: str  # delimiter kind before: "comma", "and", "hard", "etal" or "start"
    after: str  # delimiter kind after, or "end"
    after_end: int  # where the delimiter after the chunk ends


def _dot_is_boundary(s: str, pos: int) -> bool:
    m = re.search(r"(\S+)$", s[max(0, pos - 40) : pos])
    if not m:
        return True
    tok = m.group(1).lstrip("([\"'“‘")
    if tok.casefold() in _ABBREV_BEFORE_DOT:
        return False
    return not _is_initials(tok + ".")


def _chunks(s: str) -> list[_Chunk]:
    out: list[_Chunk] = []
    prev_end, before = 0, "start"
    for m in _DELIM.finditer(s):
        kind = m.lastgroup or "hard"
        if m.group(0) == "." and not _dot_is_boundary(s, m.start()):
            continue
        raw = s[prev_end : m.start()]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        at = prev_end + lead
        out.append(_Chunk(text, at, at + len(text), before, kind, m.end()))
        prev_end, before = m.end(), kind
    raw = s[prev_end:]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    out.append(_Chunk(text, prev_end + lead, prev_end + lead + len(text), before, "end", len(s)))
    return out


def _name_prefix(ch: _Chunk) -> _Chunk | None:
    """ "Parmar N. Attention is..." -> the chunk cut after "Parmar N.": an
    initial's period can also end the author list when a title follows."""
    best = None
    for m in re.finditer(r"\.\s+", ch.text[:80]):  # names are short
        head = ch.text[: m.start() + 1]
        kind, _ = _classify(head)
        if kind in ("INIT", "WORD", "FULL"):
            cut = ch.start + len(head)
            best = _Chunk(head, ch.start, cut, ch.before, "hard", ch.start + m.end())
    return best


class _AuthorWalk:
    """State of one walk over an author list's chunks (see _walk)."""

    def __init__(self, s: str, stop: bool) -> None:
        self.chunks = _chunks(s)
        self.stop = stop
        self.names: list[str] = []
        self.et_al = False
        self.end = 0
        self.pending: _Chunk | None = None  # a lone surname waiting for its given names
        self.pairs = 0  # "Surname, Given" pairs seen: the list is surname-first

    def run(self) -> tuple[list[str], bool, int]:
        for idx, ch in enumerate(self.chunks):
            if self.stop and _classify(ch.text)[0] == "NON":
                ch = _name_prefix(ch) or ch
            if self._step(idx, ch):
                break
        else:
            self._finish_pending(False)
        return self.names, self.et_al, self.end

    def _finish_pending(self, joined: bool) -> None:
        # A lone surname is a name only when "and" joins it to another name.
        if self.pending is not None and joined:
            self.names.append(self.pending.text)
            self.end = self.pending.end
        self.pending = None

    def _step(self, idx: int, ch: _Chunk) -> bool:
        """Read one chunk; True when the author list ends here."""
        if ch.before == "and" and ch.text.casefold() == "others":
            self._finish_pending(True)
            self.et_al = bool(self.names)
            return True
        kind, kinds = _classify(ch.text)
        if kind == "EMPTY":
            return self._empty(ch)
        if self.pending is not None:
            if ch.before == "comma" and _given_like(kind, kinds):
                return self._given_names(ch)
            self._finish_pending(ch.before == "and" and kind in ("WORD", "FULL"))
        if kind == "WORD":
            return self._lone_surname(ch)
        return self._whole_name(idx, ch, kind, kinds)

    def _empty(self, ch: _Chunk) -> bool:
        """Nothing between two delimiters: maybe an "et al." or the list's end."""
        if ch.after == "etal":
            self._finish_pending(True)
            self.et_al = True
            self.end = max(self.end, ch.after_end)
            if self.names or self.stop:
                return True
        if ch.after in ("hard", "end") and self.stop and (self.names or self.pending):
            self._finish_pending(False)
            return True
        return False

    def _given_names(self, ch: _Chunk) -> bool:
        """ "Surname, Given": the pending surname gets its given names."""
        self.names.append(f"{ch.text} {self.pending.text}")
        self.pairs += 1
        self.pending = None
        self.end = ch.end
        if ch.after == "etal":
            self.et_al, self.end = True, ch.after_end
            return True
        return ch.after == "hard" and self.stop

    def _lone_surname(self, ch: _Chunk) -> bool:
        if ch.after == "etal":
            self.names.append(ch.text)
            self.end, self.et_al = ch.after_end, True
            return True
        if ch.after in ("hard", "end"):
            if ch.before == "and" and self.names:
                self.names.append(ch.text)
                self.end = ch.end
            return self.stop or ch.after == "end"
        self.pending = ch
        return False

    def _whole_name(self, idx: int, ch: _Chunk, kind: str, kinds: list[str]) -> bool:
        nxt = self.chunks[idx + 1] if idx + 1 < len(self.chunks) else None
        if (
            kind == "FULL"
            and "I" not in kinds
            and ch.after == "comma"
            and nxt is not None
            and _classify(nxt.text)[0] == "INIT"
        ):
            self.pending = ch  # "Van Gool, L.": a two-word surname before initials
            return False
        if kind != "FULL" or (self.pairs >= 2 and "I" not in kinds):
            # in a surname-first list a whole "Given Surname" chunk is a title
            return self.stop
        self.names.append(_full_name(ch.text, kinds))
        self.end = ch.end
        if ch.after == "etal":
            self.et_al, self.end = True, ch.after_end
            return True
        return ch.after == "hard" and self.stop


def _walk(s: str, stop: bool) -> tuple[list[str], bool, int]:
    """Read an author list from the start of s.

    stop=True ends at the first chunk that is not a name (for reference
    entries, where the title follows); stop=False skips such chunks.
    Returns (names, et_al, end offset of the last name read).
    """
    return _AuthorWalk(s, stop).run()


_ET_AL = re.compile(r"\bet\.?\s*al\b\.?|\band\s+others\b|\bet\s+alii\b", re.IGNORECASE)


def has_et_al(text: str) -> bool:
    return bool(_ET_AL.search(text or ""))


def _prep_author_text(text: str) -> str:
    t = re.sub(r"<[^>]+>", " ", text or "")
    t = re.sub(r"^\s*(?:by|authors?)\s*:?\s+", "", t, flags=re.IGNORECASE)
    t = re.sub(r"\([^()]*\)", " ", t)  # affiliations
    # affiliation markers: "Smith1,2", "Jones2*"
    t = re.sub(r"(?<=[^\W\d_])[\d*†‡§¶,]*\d[\d*†‡§¶]*(?=\s|,|$)", "", t)
    t = t.replace("*", "").replace("†", "").replace("‡", "")
    return " ".join(t.split())


def parse_author_list(text: str) -> tuple[str, ...]:
    """Person names in an author list, in "Given Surname" order where the
    style shows it; "et al." is dropped (see has_et_al) and chunks that are
    not clearly names (organisations, title words, long phrases) skipped."""
    names, _, _ = _walk(_prep_author_text(text), stop=False)
    return tuple(names)
