"""Extraction: Document -> Extraction (mentions and relations with evidence).

Two passes: the structure pass reads layout (headings, "Paper:" lines,
author lists, reference lists); the NLP pass reads prose with spaCy. Both
report into one builder, which merges what they find about the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.extract.builder import ExtractionBuilder
from kg.extract.relations import NlpPass
from kg.extract.structure import structure_pass
from kg.extract.text import mask_markup
from kg.model import Document, Extraction

# blocks worth reading with spaCy; code and tables are skipped
PROSE_KINDS = ("paragraph", "list_item", "heading", "quote", "table")
MAX_BLOCK_CHARS = 20_000  # longer blocks are cut into pieces of this size


def _prose_pieces(doc: Document, clean: str) -> list[tuple[int, str]]:
    """(offset, masked text) of each prose block, in document order."""
    pieces = []
    for block in doc.blocks:
        if block.kind not in PROSE_KINDS:
            continue
        for start in range(block.start, block.end, MAX_BLOCK_CHARS):
            end = min(block.end, start + MAX_BLOCK_CHARS)
            text = clean[start:end]
            if text.strip():
                pieces.append((start, text))
    return pieces


def extract_all(
    documents: Iterable[Document], *, nlp=None, vocab=None, n_process: int = 1, batch_size: int = 64
) -> Iterator[Extraction]:
    """Extract every document; spaCy runs over all their prose in one stream."""
    from kg.extract.nlp import load_pipeline
    from kg.vocab import load_vocabulary

    vocab = vocab if vocab is not None else load_vocabulary()
    nlp = nlp if nlp is not None else load_pipeline()
    prepared = []
    for doc in documents:
        builder = ExtractionBuilder(doc.name, doc.sha256, doc.meta)
        structure = structure_pass(doc, builder, vocab)
        prepared.append((doc, builder, structure, _prose_pieces(doc, structure.clean)))

    texts = ((text, (i, offset)) for i, (_, _, _, pieces) in enumerate(prepared) for offset, text in pieces)
    passes = [NlpPass(builder, doc.text, structure.units, vocab) for doc, builder, structure, _ in prepared]
    done = 0
    for spacy_doc, (i, offset) in nlp.pipe(texts, as_tuples=True, n_process=n_process, batch_size=batch_size):
        while done < i:  # every piece of earlier documents has been read
            yield prepared[done][1].build()
            done += 1
        passes[i].process(spacy_doc, offset)
    while done < len(prepared):
        yield prepared[done][1].build()
        done += 1


def extract(doc: Document, *, nlp=None, vocab=None) -> Extraction:
    """Extract one document."""
    return next(extract_all([doc], nlp=nlp, vocab=vocab))


__all__ = ["extract", "extract_all", "mask_markup"]
