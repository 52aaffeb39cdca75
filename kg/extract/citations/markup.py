"""Markup in reference entries: list markers, field labels, markdown links,
bare URLs, emphasis and quotes, and the choice of the entry's main URL.
"""

from __future__ import annotations

import re

from kg.text import trim_url

from ..ids import url_kind

# a bullet, a symbol such as ★ that marks an optional reading, a number, or the key a
# reference list is cited by ("[Radford et al. 2021]", "[RKH+21]")
_MARKER = re.compile(
    r"^\s*(?:[-*+•]\s+|[^\w\s\[\]()\"'“‘`<*_.,;:]\s*|\[\d{1,4}\]\s*|\(\d{1,4}\)\s*|\d{1,4}[.)]\s+"
    r"|\[[A-Z][^\[\]\n]{0,60}?\d{2}[a-z]?\]\s+)"
)
_LABELS = (
    r"papers?|code|blog|project(?:\s+page)?|pdf|arxiv|links?|source|github|demo|video|"
    r"website|homepage|reference|ref|title"
)
_LABEL = re.compile(
    rf"^(?:\*\*|__)?\s*(?:{_LABELS})\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*", re.IGNORECASE
)
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+[\"'][^\"']*[\"'])?\s*\)"
)
_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>\"\]]+")
_GENERIC_LABEL = re.compile(
    r"^(?:\W*(?:paper|pdf|code|github|gitlab|arxiv|abs|html|project(?:\s+page)?|website|"
    r"link|demo|video|blog|slides|poster|data(?:set)?|page|home\s*page|here|url|supp\w*|"
    r"bibtex|colab|hugging\s*face|hf|model|weights|openreview|youtube|twitter|tweet|thread|"
    r"talk|official|unofficial|pytorch|tensorflow|jax|doi|repo(?:sitory)?|source|"
    r"implementation|notebook|checkpoints?|spaces?)\W*)+$|^\W*$|^\s*(?:https?://|www\.)",
    re.IGNORECASE,
)
# "Authors. *Title*. Venue": a title set in italics (one star or underscore, several words)
_ITALIC_TITLE = re.compile(
    r"(?<![*\w])\*(?!\*)([^*]*\s[^*]*?)(?<!\s)\*(?![*\w])"
    r"|(?<![_\w])_(?!_)([^_]*\s[^_]*?)_(?![_\w])"
)
_QUOTED = re.compile(
    r"“([^“”]{2,}?)”|\"([^\"]{2,}?)\"|``(.{2,}?)''|«([^«»]{2,}?)»"
    # single curly quotes only around several words (O’Neill has one too)
    r"|(?<![\w])‘([^‘’]*\s[^‘’]*)’(?!\w)"
)


_URL_RANK = ("arxiv", "paper", "pdf", "project", "blog", "other", "demo", "dataset", "code",
             "video", "social")


def _pick_url(urls: list[str]) -> str | None:
    best = None
    for i, u in enumerate(urls):
        kind = url_kind(u)
        rank = _URL_RANK.index(kind) if kind in _URL_RANK else len(_URL_RANK)
        if best is None or rank < best[0]:
            best = (rank, i, u)
    return best[2] if best else None


def _trim_url(url: str) -> str:
    return trim_url(url.strip("<>"), ".,;:!?'\"*", after_paren=".,;:")
