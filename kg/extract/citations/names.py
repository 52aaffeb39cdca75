"""Person names: token kinds (initials, particles, suffixes, name words),
author-list chunk kinds, name order, and the merge key for name variants.
"""

from __future__ import annotations

import re
from itertools import pairwise

from kg.text import NAME_LETTERS, ascii_fold

from .orgs import is_organization

PARTICLES = frozenset(
    "van von der den de del della dello di da dal du dos das do la le ter ten bin ibn al el zu y"
    " st.".split()
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


# Capitalised words common in titles and rare as names: they stop an author list.
_TITLE_WORDS = frozenset(
    """a an the of on in for with via from to and or is are all you need towards toward
    learning neural network networks model models deep image images video videos
    generation generative adversarial diffusion transformer transformers attention
    language vision visual text training large scale data dataset datasets benchmark
    survey analysis system systems agent agents robust efficient self supervised
    unsupervised semantic segmentation detection recognition synthesis representation
    representations graph graphs reinforcement policy optimization inference
    prediction estimation transfer style 3d open universal zero shot few one
    generalist personalized pretrained pre-trained scaling real time real-time
    multi multimodal high resolution fast instant conditional controllable
    editing inpainting rendering radiance object objects scene scenes
    human humans face faces speech audio music sound motion pose body 2d 4d
    understanding reasoning alignment instruction instructions chat dialogue
    tuning fine-tuning prompt prompts sparse dense mixture experts expert
    convolutional recurrent memory embeddings embedding encoder decoder autoencoder
    variational latent space spaces probabilistic bayesian stochastic gradient
    descent method methods approach framework toolkit library code paper papers
    introduction review tutorial report technical primer notes lecture
    what why how when where which who new better best simple simpler
    beyond without using based free aware guided driven""".split()
)


def _fold(text: str) -> str:
    return ascii_fold(text, NAME_LETTERS)


def _is_initials(tok: str) -> bool:
    """ "Y.", "A.A.", "J.-P.", or dotless "JW" (at most two letters)."""
    letters = tok.replace(".", "").replace("-", "").replace("‐", "")
    if not letters or not letters.isalpha() or not letters.isupper():
        return False
    if "." in tok:
        return len(letters) <= 4 and re.fullmatch(r"(?:[^\W\d_]\.?-?)+", tok) is not None
    return len(letters) <= 2


def _is_name_word(tok: str) -> bool:
    t = tok.rstrip(".") if tok.endswith(".") and len(tok) > 3 else tok
    parts = re.split(r"[-‐‑]", t)
    if not parts or any(not p for p in parts):
        return False
    for part in parts:
        core = re.sub(r"^(?:[OoDdLl]['’])", "", part)
        if not core or not all(c.isalpha() or c in "'’" for c in core):
            return False
        if not core[0].isupper():
            return False
        uppers = sum(c.isupper() for c in core)
        if uppers > 2 or any(a.isupper() and b.isupper() for a, b in pairwise(core)):
            return False
        if len(core) > 1 and not any(c.islower() for c in core):
            return False
    return True


def _token_kind(tok: str, first: bool) -> str:
    low = tok.casefold()
    if not first and low in _SUFFIXES:
        return "S"
    if _is_initials(tok):
        return "I"
    if tok in PARTICLES:
        return "P"
    if low.strip(".,:;!?") in _TITLE_WORDS:
        return "X"
    if _is_name_word(tok):
        return "W"
    return "X"


def _classify(chunk: str) -> tuple[str, list[str]]:
    """Kind of one author-list chunk: INIT, WORD (a lone surname, maybe with
    particles), FULL (a whole name), ORG, EMPTY or NON."""
    toks = chunk.split()
    if not toks:
        return "EMPTY", []
    if is_organization(chunk):
        return "ORG", []
    if len(toks) > 5:
        return "NON", []
    kinds = [_token_kind(t, i == 0) for i, t in enumerate(toks)]
    if "X" in kinds:
        return "NON", kinds
    if all(k == "I" for k in kinds):
        return "INIT", kinds
    if "W" not in kinds:
        return "NON", kinds
    if all(k in "PW" for k in kinds) and kinds.count("W") == 1 and kinds[-1] == "W":
        return "WORD", kinds
    return "FULL", kinds


def _full_name(chunk: str, kinds: list[str]) -> str:
    """Whole-name chunk in "Given Surname" order; "Reed S." (Vancouver) flips."""
    toks = chunk.split()
    n = len(kinds)
    i = n
    while i > 0 and kinds[i - 1] == "I":
        i -= 1
    if 0 < i < n and "I" not in kinds[:i] and kinds[0] in "WP":
        return " ".join(toks[i:] + toks[:i])
    return " ".join(toks)


def _given_like(kind: str, kinds: list[str]) -> bool:
    return kind in ("INIT", "WORD") or (
        kind == "FULL" and len(kinds) <= 3 and all(k in "WI" for k in kinds)
    )


def split_name(name: str) -> tuple[str, str]:
    """(given, surname) of a person name written "Given Surname",
    "Surname, Given" or "Surname I." (Vancouver). Particles stay with the
    surname ("van der Maaten"); suffixes such as "Jr." are dropped."""
    t = " ".join((name or "").replace("*", " ").split())
    if not t:
        return "", ""
    sur, _, given = t.partition(",")
    if given and not all(g.casefold() in _SUFFIXES for g in given.split()):
        given_toks = [g for g in given.split() if g.casefold() not in _SUFFIXES]
        return " ".join(given_toks), sur.strip()
    t = t.replace(",", " ")
    toks = [tok for i, tok in enumerate(t.split()) if not (i and tok.casefold() in _SUFFIXES)]
    if not toks:
        return "", ""
    if len(toks) == 1:
        return "", toks[0]
    kinds = [_token_kind(tok, i == 0) for i, tok in enumerate(toks)]
    if kinds[0] != "I" and kinds[-1] == "I":  # Vancouver "Surname I."
        i = len(toks)
        while i > 1 and kinds[i - 1] == "I":
            i -= 1
        return " ".join(toks[i:]), " ".join(toks[:i])
    i = len(toks) - 1
    # particles before the last word belong to the surname
    while i > 1 and toks[i - 1].casefold() in PARTICLES:
        i -= 1
    return " ".join(toks[:i]), " ".join(toks[i:])


def person_key(name: str) -> str:
    """Merge key for name variants: ASCII-folded surname + first initial,
    e.g. "Taco S. Cohen", "T. Cohen", "Cohen, T." -> "cohen|t"."""
    given, surname = split_name(name)
    sur = re.sub(r"[^a-z0-9]", "", _fold(surname).casefold())
    first = re.sub(r"[^a-z]", "", _fold(given).casefold())[:1]
    return f"{sur}|{first}"


_FULL_NAME = re.compile(r"(?:[A-Z][\w'’-]*\.?|(?:van|von|de|der|da|di|le|la))(?:\s+(?:[A-Z][\w'’-]*\.?|van|von|de|der|da|di|le|la)){1,3}")


def is_name_list(text: str) -> bool:
    """Is the text nothing but two or more full names ("Antoine Guédon, Vincent Lepetit",
    "A. Novak and B. Osei")? A title's words ("Deep Residual Learning") are not names."""
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text.strip()) if p]
    return len(parts) >= 2 and all(
        _FULL_NAME.fullmatch(p) and not any(w.lower() in _TITLE_WORDS for w in p.split()) for p in parts)
