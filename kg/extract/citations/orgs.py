"""Organisations in author positions: known lab names and the form of one.

A paper is often signed by a lab ("OpenAI", "NLLB Team") instead of, or next
to, people; these checks tell such a chunk from a person's name.
"""

from __future__ import annotations

import difflib
import re

# Organisations that sign papers or appear in place of authors.
KNOWN_ORGS = (
    "OpenAI", "DeepMind", "Google DeepMind", "Google", "Google Brain", "Google Research",
    "Google AI", "Meta", "Meta AI", "Facebook", "Facebook AI", "Facebook AI Research", "FAIR",
    "Microsoft", "Microsoft Research", "NVIDIA", "Apple", "Amazon", "Adobe", "Adobe Research",
    "Stability AI", "Anthropic", "Baidu", "Alibaba", "Alibaba Group", "Tencent", "ByteDance",
    "Huawei", "Samsung", "Snap", "Snap Inc.", "IBM", "IBM Research", "Intel", "Intel Labs",
    "Disney Research", "Hugging Face", "HuggingFace", "EleutherAI", "AI2",
    "Allen Institute for AI", "Cohere", "Mistral AI", "xAI", "Midjourney", "Runway", "RunwayML",
    "LAION", "BigScience", "NLLB Team", "Salesforce", "Salesforce Research", "Uber AI",
    "Sony AI", "Qualcomm", "Naver", "Kakao Brain", "SenseTime", "Megvii", "Zhipu AI",
    "DeepSeek", "DeepSeek-AI", "Inflection AI", "Character.AI", "Gemini Team", "Qwen Team",
    "Llama Team", "Visual Geometry Group", "Berkeley AI Research", "BAIR",
)
_ORG_BY_KEY = {o.casefold(): o for o in KNOWN_ORGS}
_FUZZY_ORGS = {o.casefold(): o for o in KNOWN_ORGS if " " not in o and len(o) >= 5}
# Capitalised tokens that make a chunk an organisation rather than a person.
_ORG_WORDS = frozenset(
    """Team Lab Labs Laboratory Laboratories Research Institute University Univ. Inc Inc.
    Ltd Ltd. Corp Corp. Corporation Foundation Consortium Collaboration Community AI Brain
    Center Centre College Academy Company""".split()
)
# Capitalised words common in titles and rare as names: they stop an author list.


def _camel_split(text: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)


def canonical_org(text: str) -> str | None:
    """The known organisation a string names (tolerating CamelCase joins and
    one-word typos such as "Deemind"), or None."""
    t = (text or "").strip(" .,;:()[]*\"'“”")
    if not t:
        return None
    for cand in (t, _camel_split(t)):
        hit = _ORG_BY_KEY.get(cand.casefold())
        if hit:
            return hit
    if " " not in t and len(t) >= 5:
        close = difflib.get_close_matches(t.casefold(), list(_FUZZY_ORGS), n=1, cutoff=0.85)
        if close:
            return _FUZZY_ORGS[close[0]]
    return None


def is_organization(text: str) -> bool:
    """A known organisation, or a capitalised phrase with an organisation word
    ("NLLB Team", "DisneyResearch", "Acme Labs")."""
    t = (text or "").strip(" .,;:()[]*\"'“”")
    if not t or len(t) > 80:
        return False
    if _ORG_BY_KEY.get(t.casefold()) or _ORG_BY_KEY.get(_camel_split(t).casefold()):
        return True
    tokens = _camel_split(t).split()
    if not 1 <= len(tokens) <= 6 or not tokens[0][:1].isupper():
        return False
    if any(tok[:1].islower() and tok not in ("for", "of", "and", "de", "the") for tok in tokens):
        return False
    return any(tok in _ORG_WORDS for tok in tokens)


def names_organization(text: str, vocab=None) -> bool:
    """An organisation the vocabulary knows, or one by its form (is_organization)."""
    known = vocab is not None and vocab.by_alias(text, "Organization") is not None
    return known or is_organization(text)
