"""Filling a new local Oxigraph store: N-Quads text bulk loaded in chunks.

The text is made in this thread while the previous chunk loads in another
(see ``_Loader``); every triple goes into its named graph and into the
default graph, which holds the merge of the named graphs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.errors import StoreError
from kg.ntriples import Encoder, TrigWriter
from kg.store.encode import _encoded, _ox_prefixes

BULK_CHUNK = 50_000  # quads per bulk load: the loader holds ~800 bytes a quad


def _bulk_load(store: ox.Store, text: str) -> None:
    try:
        # lenient: the parser skips checking IRIs and language tags (~12% of
        # the load), which the Encoder did already with pyoxigraph, once each
        store.bulk_load(text, ox.RdfFormat.N_QUADS, lenient=True)
    except SyntaxError as exc:  # the text is ours: a bug if it happens
        raise StoreError(f"the store refused the graph text: {exc}") from exc


class _Loader:
    """Bulk loads chunks in a second thread while the next one is made.

    pyoxigraph lets go of the GIL while it loads, so making the text (Python)
    and loading it (Rust) overlap: a write takes ~20% less. The price is
    memory: a chunk loads while the next waits and a third is made, and the
    two threads' allocations overlap; the peak grows by ~70-120 MB at
    BULK_CHUNK 50k (it depends on the chunk, not on the size of the graph).
    Smaller chunks would cost less memory but make a slower store (25k:
    queries ~30% slower, more files to search).
    """

    def __init__(self, store: ox.Store) -> None:
        self._store: ox.Store | None = store
        self._chunks: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-bulk-load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (text := self._chunks.get()) is not None:
            if self._error is None:  # after a failure the rest is drained, not loaded
                try:
                    _bulk_load(self._store, text)  # type: ignore[arg-type]
                except BaseException as exc:  # noqa: BLE001 - raised again in the writing thread
                    self._error = exc

    def put(self, text: str) -> None:
        if self._error is not None:
            raise self._error
        self._chunks.put(text)

    def finish(self) -> None:
        """Wait until every chunk is in the store; raise the load's error if one failed."""
        self.close()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop the thread (after the load in progress) and let go of the store."""
        if self._thread.is_alive():
            self._chunks.put(None)
            self._thread.join()
        self._store = None


def _load_generation(path: Path, graphs: Mapping[str, rdflib.Graph],
                     trig: TrigWriter | None = None) -> dict[str, int]:
    """Fill the new store at `path` with every named graph (bulk load), and the
    default graph with their merge (a set: each distinct triple once); write
    the named graphs to `trig` on the way. Returns graph -> triples."""
    store = ox.Store(str(path))
    loader = _Loader(store)
    enc = Encoder(_ox_prefixes())
    counts: dict[str, int] = {}
    try:
        # the graphs go in as N-Quads text, in large chunks: each bulk call
        # writes and ingests its own files (a call per graph costs ~0.1 s
        # each and slows queries), and the loader holds a whole call in
        # memory, so a chunk bounds the peak
        chunk: list[str] = []
        n = 0
        for _, g, rows in _encoded(graphs, enc, counts, trig):
            for row in rows:
                nt = row[0]
                chunk.append(f"{nt} {g} .\n{nt} .\n")  # its named graph, then the default graph
                n += 2
                if n >= BULK_CHUNK:
                    loader.put("".join(chunk))
                    chunk, n = [], 0
        if chunk:
            loader.put("".join(chunk))
        loader.finish()
        store.flush()
    finally:
        loader.close()
        del store, loader  # releases RocksDB's lock before the directory is swapped in
    return counts
