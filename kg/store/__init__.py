"""Write the knowledge graph to a store and open it for queries.

Two places a graph can live:

* **embedded** (default): a pyoxigraph (RocksDB) store on disk in the output
  directory, plus a TriG dump ``graph.trig`` beside it (named graphs only).
  The store's default graph holds the merge of the named graphs, each
  distinct triple once, so queries without GRAPH see every document;
* **remote**: any SPARQL 1.1 server (tested: Oxigraph and Virtuoso), written
  through the Graph Store Protocol (one PUT per named graph) or, where that is
  missing, SPARQL Update; kg reads and lists only its own named graphs there.

How the graphs are written. Each triple is made once, as text (kg.ntriples):
N-Quads for the store's bulk loader (the triple in its named graph and again
in the default graph) and TriG for the dump, in one pass over the graphs.
Going through rdflib and pyoxigraph term objects cost several times more.

How a local write stays atomic. ``out/store`` is a symbolic link to a
generation directory ``out/.store-<id>``. A write builds a complete new
generation beside the live one, with its dump in a temporary
``.graph.trig.*.tmp`` file, then swaps: a new link is created under a
temporary name and renamed over ``out/store`` (``rename(2)`` replaces a link
atomically), then the dump is renamed over ``graph.trig``, then the old
generation is deleted. A crash at any point leaves ``out/store`` pointing at
a complete store, old or new; the leftovers of a crashed write are removed
by the next write. Two windows remain, both harmless: between the two
renames the store is new and the dump still old; and the first write over an
``out/store`` that is a plain directory (not made by this module) renames it
aside before linking, so for an instant there is no ``out/store``.

Readers open the generation the link points at when they open, so a reader
never sees a half-written store. A long-running reader (``kg serve``) keeps
serving the generation it opened: RocksDB keeps its files open, so deleting
the directory under it does not disturb it. Restart it to serve a new build.

The package, one concept a module: ``lock`` (the build lock), ``encode``
(the graphs as text), ``bulk`` (filling a local store), ``files`` (the dump
file and fsync), ``local`` (generations and the swap), ``transport`` (HTTP and
auth), ``endpoints`` (where a server is), ``remote`` (writing to a server),
``graph_store`` / ``local_reader`` / ``remote_reader`` (reading), ``read``
(``open_store``) and ``write`` (``write_graphs``).
"""

from kg.store.bulk import BULK_CHUNK
from kg.store.endpoints import PASSWORD_VARIABLE, Endpoints, connect
from kg.store.files import DUMP_NAME
from kg.store.graph_store import GraphStore
from kg.store.local import STORE_LINK
from kg.store.local_reader import LocalGraphStore
from kg.store.lock import LOCK_NAME, build_lock
from kg.store.read import open_store
from kg.store.remote_reader import RemoteGraphStore
from kg.store.write import StoreSummary, write_graphs

__all__ = [
    "BULK_CHUNK",
    "DUMP_NAME",
    "LOCK_NAME",
    "PASSWORD_VARIABLE",
    "STORE_LINK",
    "Endpoints",
    "GraphStore",
    "LocalGraphStore",
    "RemoteGraphStore",
    "StoreSummary",
    "build_lock",
    "connect",
    "open_store",
    "write_graphs",
]
