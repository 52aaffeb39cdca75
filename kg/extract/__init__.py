"""Extraction: Document -> Extraction (mentions and relations with evidence).

Two passes: the structure pass reads layout (headings, "Paper:" lines,
author lists, reference lists); the NLP pass reads prose with spaCy. Both
report into one builder, which merges what they find about the same thing.

Documents are independent until resolution, so with several processes each
worker extracts whole documents (both passes) and sends back only the
Extraction: far less to move between processes than spaCy's Docs, and the
rules run in parallel with the model.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor

from kg.extract.builder import ExtractionBuilder
from kg.extract.derived import derived_builds_on, list_topic_builds_on
from kg.extract.structure import structure_pass
from kg.extract.text import mask_markup
from kg.model import Document, Extraction

# blocks worth reading with spaCy; code and tables are skipped
PROSE_KINDS = ("paragraph", "list_item", "heading", "quote", "table")
MAX_BLOCK_CHARS = 20_000  # longer blocks are cut into pieces of this size
# long runs of punctuation, and very long "words", are not prose; spaCy's
# tokenizer is quadratic in their length, so they are blanked (same length)
_NOT_PROSE = re.compile(r"[^\w\s]{64,}|\S{1000,}")


def _spans_to_read(block) -> Iterator[tuple[int, int]]:
    """The stretches of a block spaCy reads: a table row by row (each row is
    about its own paper, and no sentence runs from one row into the next),
    anything else in pieces of at most MAX_BLOCK_CHARS."""
    if block.kind == "table":
        pos = block.start
        for line in block.text.split("\n"):
            for start in range(pos, pos + len(line), MAX_BLOCK_CHARS):
                yield start, pos + len(line)
            pos += len(line) + 1
        return
    for start in range(block.start, block.end, MAX_BLOCK_CHARS):
        yield start, block.end


def _prose_pieces(doc: Document, clean: str, max_chars: int | None = None,
                  extra: list[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """(offset, masked text) of each prose block, and of each `extra` span of prose
    outside them, in the first `max_chars` characters (None: all), in document order."""
    end_of_nlp = len(clean) if not max_chars else min(len(clean), max_chars)
    spans = [span for block in doc.blocks if block.kind in PROSE_KINDS for span in _spans_to_read(block)]
    pieces = []
    for start, stop in sorted([*spans, *extra]):
        end = min(stop, start + MAX_BLOCK_CHARS, end_of_nlp)
        if start >= end:
            continue
        text = clean[start:end]
        if text.strip():
            pieces.append((start, _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)))
    return pieces


def extract_with(doc: Document, nlp, vocab, max_chars: int | None, batch_size: int) -> Extraction:
    """Extract one document with a loaded pipeline (what every worker runs)."""
    from kg.extract.nlp_pass import NlpPass  # here, so that importing kg.extract needs no spaCy

    builder = ExtractionBuilder(doc.name, doc.sha256, doc.meta)
    structure = structure_pass(doc, builder, vocab)
    nlp_pass = NlpPass(builder, doc.text, structure.units, vocab, structure.cited)
    pieces = ((text, offset) for offset, text in
              _prose_pieces(doc, structure.clean, max_chars, structure.prose_spans))
    for spacy_doc, offset in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
        nlp_pass.process(spacy_doc, offset)
    derived_builds_on(builder)
    list_topic_builds_on(builder, doc, structure.units, vocab)
    return builder.build()


def extract_all(
    documents: Iterable[Document],
    *,
    nlp=None,
    vocab=None,
    n_process: int = 1,
    max_nlp_chars: int | None = None,
    batch_size: int = 256,
    executor: Executor | None = None,
) -> Iterator[Extraction]:
    """Extract every document, in the order given.

    Without `executor`, documents are extracted in this process, or in
    `n_process` forked processes when that is more than one. With an
    executor whose workers are other programs (a Dask cluster, see
    `kg.extract.executors.dask_executor`), each worker loads its own pipeline
    once and `nlp`/`vocab` are not used. `max_nlp_chars` bounds how much of
    each document spaCy reads (None: all); the structure pass reads everything.
    """
    from kg.extract import executors

    documents = list(documents)
    remote = executor is not None
    settings = executors.ExtractSettings(max_nlp_chars, batch_size)
    with contextlib.ExitStack() as stack:
        if remote:
            from kg.vocab import vocabulary_digest

            settings = executors.ExtractSettings(max_nlp_chars, batch_size, vocabulary_digest(ontology=True))
        else:
            from kg.extract.nlp import load_pipeline
            from kg.vocab import load_vocabulary

            # set before forking: the workers share the loaded model instead of loading it again
            executors.use_pipeline(nlp if nlp is not None else load_pipeline(),
                                   vocab if vocab is not None else load_vocabulary())
            stack.callback(executors.forget_pipeline)
            if n_process > 1 and len(documents) > 1 and hasattr(os, "fork"):
                executor = stack.enter_context(executors.forked_pool(n_process))
            else:
                executor = executors.InlineExecutor()
        # longest first, so no worker is left with a long document at the end
        order = sorted(range(len(documents)), key=lambda i: -len(documents[i].text))
        futures = {i: executor.submit(executors.extract_task, documents[i], settings) for i in order}
        for i in range(len(documents)):  # in the caller's order
            yield futures[i].result()


def extract(doc: Document, *, nlp=None, vocab=None) -> Extraction:
    """Extract one document."""
    return next(extract_all([doc], nlp=nlp, vocab=vocab))


__all__ = ["extract", "extract_all", "extract_with", "mask_markup"]
