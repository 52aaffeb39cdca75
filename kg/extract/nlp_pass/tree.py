"""Walking the dependency tree: an entity's root, its heads, its sentence, and
the cue words or negations that govern it."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.cues import NEGATIONS, cue_window


def doc_text(doc: Doc) -> str:
    """The doc's text, built once: spaCy's Doc.text joins every token anew on each read,
    and the readers look at it per entity."""
    text = doc.user_data.get("kg:text")
    if text is None:
        text = doc.user_data["kg:text"] = doc.text
    return text


def _root(span: Span) -> Token:
    return span.root


def _head_chain(token: Token, limit: int = 6):
    seen = 0
    while token.head is not token and seen < limit:
        token = token.head
        seen += 1
        yield token


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _negated(ent: Span) -> bool:
    """'they did not use X', 'without X': the sentence denies the relation."""
    try:
        sent = ent.sent
    except ValueError:
        return False
    window = ent.doc[max(sent.start, ent.start - 8) : ent.start]
    return any(t.lower_ in NEGATIONS for t in window)


def _possessed(ent: Span) -> bool:
    """'AlphaZero's Monte Carlo tree search': the entity is named as another's."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("'s", "’s")


def _sentence(doc: Doc, ent: Span) -> Span:
    try:
        return ent.sent
    except ValueError:  # no sentence boundaries set
        return doc[:]


def nearest_cue(ent: Span, steps: list[tuple[set[str], str]]) -> str | None:
    """The method of the cue word nearest above the entity in the tree, else of a
    cue just before it, in the order of `steps`. The nearest decides: in "builds on
    Stable Diffusion with a U-Net backbone" the U-Net hangs off "with", so it is
    used, not built on."""
    for ancestor in _head_chain(_root(ent), 4):
        method = next((m for words, m in steps if ancestor.lower_ in words), None)
        if method is not None:
            return method
        if ancestor.dep_ == "ROOT":
            break
    window = cue_window(ent)
    return next((m for words, m in steps if any(t.lower_ in words for t in window)), None)
