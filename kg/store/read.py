"""Opening the graph for reading, embedded or on a server."""

from __future__ import annotations

from pathlib import Path

from kg.errors import StoreError
from kg.store.endpoints import Endpoints, connect
from kg.store.graph_store import GraphStore
from kg.store.local import STORE_LINK
from kg.store.local_reader import LocalGraphStore
from kg.store.remote_reader import RemoteGraphStore


def open_store(
    out_dir: Path | None = None,
    *,
    store_url: str | None = None,
    endpoints: Endpoints | None = None,
    store_user: str | None = None,
) -> GraphStore:
    """Open the graph for reading: the embedded store under `out_dir`
    (default ``out``), or a SPARQL server at `store_url` (as `store_user`,
    if the server wants one for reading too)."""
    if store_url is not None or endpoints is not None:
        eps = endpoints or connect(store_url, store_user)  # type: ignore[arg-type]
        return RemoteGraphStore(eps)
    out_dir = Path(out_dir) if out_dir is not None else Path("out")
    link = out_dir / STORE_LINK
    for attempt in range(2):
        if not link.exists():
            raise StoreError(f"no graph at {out_dir}: run `kg build` first")
        # pin the generation the link points at now
        path = link.resolve()
        try:
            return LocalGraphStore(path)
        except OSError as exc:
            if attempt == 0 and not path.exists():
                continue  # a build swapped and deleted it just now: follow the link again
            raise StoreError(f"cannot open the graph store at {link}: {exc}") from exc
    raise StoreError(f"cannot open the graph store at {link}")
