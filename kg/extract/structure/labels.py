"""Small readers of labels and links: cleaning a label, telling a paper URL, finding labs."""

from __future__ import annotations

import re

from kg.extract import citations, ids
from kg.extract.text import SMALL_WORDS, mask_markup, squash
from kg.model import Block, Link


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
