"""The graphs as text, made once: each triple's N-Triples and TriG forms.

Both writers (the local bulk loader and the remote one) read the graphs
through ``_encoded``, which can write the TriG dump on the way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox
import rdflib

from kg.errors import StoreError
from kg.namespaces import PREFIXES
from kg.ntriples import Encoder, TrigWriter, triples_of


def _check_graph_iri(name: str) -> None:
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", str(name)):
        raise StoreError(f"named graph name is not an absolute IRI: {name!r}")
    try:
        ox.NamedNode(str(name))
    except ValueError as exc:
        raise StoreError(f"invalid named graph IRI {name!r}: {exc}") from exc


def _graph_rows(name: str, graph, enc: Encoder, counts: dict[str, int]):
    """The graph's distinct triples as text (see Encoder.rows); counts[name]
    is set once they are all made."""
    seen: set[str] = set()
    try:
        for row in enc.rows(triples_of(graph)):
            if row[0] not in seen:
                seen.add(row[0])
                yield row
    except ValueError as exc:
        raise StoreError(f"invalid RDF term in graph <{name}>: {exc}") from exc
    counts[str(name)] = len(seen)


def _encoded(graphs: Mapping[str, rdflib.Graph], enc: Encoder, counts: dict[str, int],
             trig: TrigWriter | None = None):
    """Each graph, in IRI order, as (name, its N-Triples form, its rows);
    when `trig` is given each graph's block is written to it as its rows
    are read."""
    for name in sorted(graphs, key=str):
        g_nt, g_tg = enc.iri(str(name))
        rows = _graph_rows(name, graphs[name], enc, counts)
        yield name, g_nt, rows if trig is None else _dumped(trig, g_tg, rows)


def _dumped(trig: TrigWriter, graph_tg: str, rows):
    trig.start(graph_tg)
    for row in rows:
        trig.add(row[1], row[2], row[3])
        yield row
    trig.end()


def _ox_prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def _trig_writer(fh) -> TrigWriter:
    return TrigWriter(lambda text: fh.write(text.encode("utf-8")), _ox_prefixes())
