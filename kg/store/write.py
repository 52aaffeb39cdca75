"""Replacing the whole graph, embedded or on a server, under the build lock."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import rdflib

from kg.store.encode import _check_graph_iri, _trig_writer
from kg.store.endpoints import Endpoints, connect
from kg.store.files import DUMP_NAME, _dump_file, _fsync_dir
from kg.store.local import STORE_LINK, _write_local
from kg.store.lock import build_lock
from kg.store.remote import _write_remote


@dataclass(frozen=True)
class StoreSummary:
    graphs: int  # named graphs written
    triples: int  # triples over all of them
    location: str  # the store directory or the server URL
    dump: str | None = None  # the TriG dump, when written


def write_graphs(
    out_dir: Path,
    graphs: Mapping[str, rdflib.Graph],
    *,
    store_url: str | None = None,
    dump: bool = True,
    endpoints: Endpoints | None = None,
    store_user: str | None = None,
) -> StoreSummary:
    """Replace the whole knowledge graph with `graphs` (named graph IRI -> triples).

    Local: a new store and dump under `out_dir`, swapped in atomically (see
    the module docstring). Remote (`store_url` or `endpoints`): each named
    graph is replaced on the server, then graphs under the project's graph
    namespace that are not in `graphs` are dropped; the dump is still written
    to `out_dir` when `dump` is true. `store_user` writes as that user (see
    ``connect`` for the password).
    """
    out_dir = Path(out_dir)
    for name in graphs:
        _check_graph_iri(name)
    with build_lock(out_dir):
        if store_url is not None or endpoints is not None:
            eps = endpoints or connect(store_url, store_user)  # type: ignore[arg-type]
            location = eps.base
            if dump:
                # the dump is written as the graphs go to the server, and
                # replaces the old one only once the server has them all
                with _dump_file(out_dir) as (fh, dump_tmp):
                    counts = _write_remote(eps, graphs, _trig_writer(fh))
                try:
                    os.replace(dump_tmp, out_dir / DUMP_NAME)
                finally:
                    if os.path.exists(dump_tmp):
                        os.unlink(dump_tmp)
                _fsync_dir(out_dir)
            else:
                counts = _write_remote(eps, graphs)
        else:
            counts = _write_local(out_dir, graphs, dump)
            location = str(out_dir / STORE_LINK)
    return StoreSummary(
        graphs=len(counts),
        triples=sum(counts.values()),
        location=location,
        dump=str(out_dir / DUMP_NAME) if dump else None,
    )
