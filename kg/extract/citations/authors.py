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


def _walk(s: str, stop: bool) -> tuple[list[str], bool, int]:
    """Read an author list from the start of s.

    stop=True ends at the first chunk that is not a name (for reference
    entries, where the title follows); stop=False skips such chunks.
    Returns (names, et_al, end offset of the last name read).
    """
    names: list[str] = []
    et_al = False
    end = 0
    pending: _Chunk | None = None  # a lone surname waiting for its given names
    pairs = 0  # "Surname, Given" pairs seen: the list is surname-first

    def finish_pending(joined: bool) -> None:
        nonlocal pending, end
        # A lone surname is a name only when "and" joins it to another name.
        if pending is not None and joined:
            names.append(pending.text)
            end = pending.end
        pending = None

    chunks = _chunks(s)
    for idx, ch in enumerate(chunks):
        if stop and _classify(ch.text)[0] == "NON":
            ch = _name_prefix(ch) or ch
        text = ch.text
        if ch.before == "and" and text.casefold() == "others":
            finish_pending(True)
            et_al = bool(names)
            break
        kind, kinds = _classify(text)
        if kind == "EMPTY":
            if ch.after == "etal":
                finish_pending(True)
                et_al = True
                end = max(end, ch.after_end)
                if names or stop:
                    break
            if ch.after in ("hard", "end") and stop and (names or pending):
                finish_pending(False)
                break
            continue
        if pending is not None:
            if ch.before == "comma" and _given_like(kind, kinds):
                names.append(f"{text} {pending.text}")
                pairs += 1
                pending = None
                end = ch.end
                if ch.after == "etal":
                    et_al, end = True, ch.after_end
                    break
                if ch.after == "hard" and stop:
                    break
                continue
            finish_pending(ch.before == "and" and kind in ("WORD", "FULL"))
        if kind == "WORD":
            if ch.after == "etal":
                names.append(text)
                end, et_al = ch.after_end, True
                break
            if ch.after in ("hard", "end"):
                if ch.before == "and" and names:
                    names.append(text)
                    end = ch.end
                if stop or ch.after == "end":
                    break
                continue
            pending = ch
            continue
        nxt = chunks[idx + 1] if idx + 1 < len(chunks) else None
        if (
            kind == "FULL"
            and "I" not in kinds
            and ch.after == "comma"
            and nxt is not None
            and _classify(nxt.text)[0] == "INIT"
        ):
            pending = ch  # "Van Gool, L.": a two-word surname before initials
            continue
        if kind == "FULL" and not (pairs >= 2 and "I" not in kinds):
            # in a surname-first list a whole "Given Surname" chunk is a title
            names.append(_full_name(text, kinds))
            end = ch.end
        else:
            if stop:
                break
            continue
        if ch.after == "etal":
            et_al, end = True, ch.after_end
            break
        if ch.after == "hard" and stop:
            break
    else:
        finish_pending(False)
    return names, et_al, end


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
