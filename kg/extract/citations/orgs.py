"""Organisations in author positions: known lab names and the form of one.

A paper is often signed by a lab ("OpenAI", "NLLB Team") instead of, or next
to, people; these checks tell such a chunk from a person's name.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def known_orgs() -> tuple[str, ...]:
    """Organisations that sign papers or appear in place of authors: the
    signs_papers names of the bundled organisations vocabulary."""
    from kg.vocab import load_vocabulary  # late: the vocabulary is only read on first use

    names: list[str] = []
    for entry in load_vocabulary().of_type("Organization"):
        names.extend(entry.attr("signs_papers") or ())
    return tuple(names)


@lru_cache(maxsize=1)
def org_by_key() -> dict[str, str]:
    """Casefolded organisation name -> its spelling."""
    return {o.casefold(): o for o in known_orgs()}


@lru_cache(maxsize=1)
def _fuzzy_orgs() -> dict[str, str]:
    # one-word names long enough that a near miss is a typo, not another word
    return {o.casefold(): o for o in known_orgs() if " " not in o and len(o) >= 5}


# Capitalised tokens that make a chunk an organisation rather than a person.
_ORG_WORDS = frozenset(
    """Team Lab Labs Laboratory Laboratories Research Institute University Univ. Inc Inc.
    Ltd Ltd. Corp Corp. Corporation Foundation Consortium Collaboration Community AI Brain
    Center Centre College Academy Company""".split()
)


def _camel_split(text: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)


def canonical_org(text: str) -> str | None:
    """The known organisation a string names (tolerating CamelCase joins and
    one-word typos such as "Deemind"), or None."""
    t = (text or "").strip(" .,;:()[]*\"'“”")
    if not t:
        return None
    for cand in (t, _camel_split(t)):
        hit = org_by_key().get(cand.casefold())
        if hit:
            return hit
    if " " not in t and len(t) >= 5:
        close = difflib.get_close_matches(t.casefold(), list(_fuzzy_orgs()), n=1, cutoff=0.85)
        if close:
            return _fuzzy_orgs()[close[0]]
    return None


def is_organization(text: str) -> bool:
    """A known organisation, or a capitalised phrase with an organisation word
    ("NLLB Team", "DisneyResearch", "Acme Labs")."""
    t = (text or "").strip(" .,;:()[]*\"'“”")
    if not t or len(t) > 80:
        return False
    if org_by_key().get(t.casefold()) or org_by_key().get(_camel_split(t).casefold()):
        return True
    tokens = _camel_split(t).split()
    if not 1 <= len(tokens) <= 6 or not tokens[0][:1].isupper():
        return False
    if any(tok[:1].islower() and tok not in ("for", "of", "and", "de", "the") for tok in tokens):
        return False
    return any(tok in _ORG_WORDS for tok in tokens)


def lab_list_parts(text: str, slash: bool = False) -> list[str]:
    """The names of a list of labs ("KAIST, Meta AI and NYU", "MIT & Google"), split at
    commas, "&" and "and" (and "/" where `slash`); whether each names a lab is for
    the caller to ask."""
    pattern = r",|&|\band\b|/" if slash else r",|&|\band\b"
    return [p.strip(" ,") for p in re.split(pattern, text) if p.strip(" ,")]


def names_organization(text: str, vocab=None) -> bool:
    """An organisation the vocabulary knows, or one by its form (is_organization)."""
    known = vocab is not None and vocab.by_alias(text, "Organization") is not None
    return known or is_organization(text)
