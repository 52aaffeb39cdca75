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
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import functools
import json
import os
import queue
import re
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.namespaces import GRAPH, PREFIXES
from kg.ntriples import Encoder, TrigWriter, triples_of
from kg.sparql import (
    DEFAULT_PREFIXES,
    QueryResult,
    bind_values,
    query_shape,
    syntax_error,
    with_prologue,
)

STORE_LINK = "store"
BULK_CHUNK = 50_000  # quads per bulk load: the loader holds ~800 bytes a quad
DUMP_NAME = "graph.trig"
LOCK_NAME = ".kg.lock"
_GEN_PREFIX = ".store-"
_DUMP_TMP_PREFIX = ".graph.trig."

# ---------------------------------------------------------------- the build lock

_held: dict[str, tuple[int, int]] = {}  # resolved out_dir -> (thread id, depth)
_held_guard = threading.Lock()


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Exclusive, non-blocking lock on ``out_dir/.kg.lock`` for one writer.

    Re-entrant within a thread, so ``kg build`` can hold it around the whole
    build and ``write_graphs`` can take it again.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = str(out_dir.resolve())
    me = threading.get_ident()
    with _held_guard:
        owner = _held.get(key)
        if owner is not None:
            if owner[0] != me:
                raise StoreError(
                    f"another kg build is writing {out_dir} (pid {os.getpid()}); "
                    "wait for it to finish"
                )
            _held[key] = (me, owner[1] + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                tid, depth = _held[key]
                _held[key] = (tid, depth - 1)
        return

    path = out_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreError(f"cannot lock {path}: {exc}") from exc
            pid = _read_pid(fd)
            raise StoreError(
                f"another kg build is writing {out_dir} (pid {pid}); wait for it to finish"
            ) from None
        # the pid is only for the message; the lock itself is the flock
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        with _held_guard:
            _held[key] = (me, 1)
        try:
            yield
        finally:
            with _held_guard:
                _held.pop(key, None)
            # the file stays: deleting a lock file races with the next locker
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"


# ---------------------------------------------------------------- writing


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


def _ox_prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def _trig_writer(fh) -> TrigWriter:
    return TrigWriter(lambda text: fh.write(text.encode("utf-8")), _ox_prefixes())


@contextmanager
def _dump_file(out_dir: Path):
    """(binary file, path) of a new temporary dump, on disk (fsync) when the
    block ends; removed if the block fails."""
    fd, tmp = _mkstemp(out_dir, _DUMP_TMP_PREFIX, ".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh, tmp
            _fsync_file(fh)
    except BaseException:
        os.unlink(tmp)
        raise


def _fsync_file(fh) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _mkstemp(directory: Path, prefix: str, suffix: str) -> tuple[int, str]:
    import tempfile

    return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=directory)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _current_generation(out_dir: Path) -> Path | None:
    link = out_dir / STORE_LINK
    if link.is_symlink():
        return (out_dir / os.readlink(link)).resolve()
    return None


def _remove_leftovers(out_dir: Path, keep: Path | None) -> None:
    """Delete generations and dump temporaries that the live link does not use."""
    for entry in out_dir.iterdir():
        if entry.name.startswith(_GEN_PREFIX) and entry.is_dir() and not entry.is_symlink():
            if keep is None or entry.resolve() != keep:
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(_DUMP_TMP_PREFIX) and entry.name.endswith(".tmp"):
            try:
                entry.unlink()
            except OSError:
                pass
        elif entry.name.startswith(".store.link-"):
            try:
                entry.unlink()
            except OSError:
                pass


def _swap_in(out_dir: Path, new_gen: Path) -> None:
    """Point ``out_dir/store`` at `new_gen` in one rename."""
    link = out_dir / STORE_LINK
    if link.exists() and not link.is_symlink():
        # a plain directory (not ours): move it aside once; see module docstring
        os.rename(link, out_dir / f"{_GEN_PREFIX}legacy-{uuid.uuid4().hex[:12]}")
    tmp_link = out_dir / f".store.link-{uuid.uuid4().hex[:12]}"
    os.symlink(new_gen.name, tmp_link)  # relative: the output folder can be moved
    os.replace(tmp_link, link)


def _write_local(out_dir: Path, graphs: Mapping[str, rdflib.Graph], dump: bool) -> dict[str, int]:
    _remove_leftovers(out_dir, _current_generation(out_dir))
    new_gen = out_dir / f"{_GEN_PREFIX}{uuid.uuid4().hex[:12]}"
    dump_tmp = None
    try:
        if dump:
            # one pass over the graphs fills the store and writes the dump
            with _dump_file(out_dir) as (fh, dump_tmp):
                counts = _load_generation(new_gen, graphs, _trig_writer(fh))
        else:
            counts = _load_generation(new_gen, graphs)
        _fsync_dir(out_dir)
        old_gen = _current_generation(out_dir)
        _swap_in(out_dir, new_gen)
    except BaseException:
        shutil.rmtree(new_gen, ignore_errors=True)
        if dump_tmp is not None and os.path.exists(dump_tmp):
            os.unlink(dump_tmp)
        raise
    if dump_tmp is not None:
        os.replace(dump_tmp, out_dir / DUMP_NAME)
    _fsync_dir(out_dir)
    if old_gen is not None and old_gen != new_gen.resolve():
        shutil.rmtree(old_gen, ignore_errors=True)
    _remove_leftovers(out_dir, new_gen.resolve())
    return counts


# ---------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Endpoints:
    """Where a SPARQL 1.1 server takes queries, updates and Graph Store requests.

    ``from_url`` assumes Oxigraph's layout (``/query``, ``/update``,
    ``/store``), ``virtuoso`` is Virtuoso's, and ``connect`` picks between
    them by asking the server; build one by hand for other servers, e.g.
    Fuseki: ``Endpoints(base, base + "/query", base + "/update", base + "/data")``.
    ``gsp`` None means SPARQL Update only. ``union`` says how a query's
    default graph becomes the union of the named graphs:

    * "auto": Oxigraph's ``union-default-graph`` parameter when the server
      says it is Oxigraph, else "graphs";
    * "graphs": list every named graph as ``default-graph-uri`` and
      ``named-graph-uri`` (standard SPARQL Protocol, but verbose);
    * "server": the server is configured to do it, send nothing;
    * "default": like the embedded store, ``write_graphs`` also writes the
      merge of the named graphs into the server's default graph (replacing
      whatever was there) and queries read it. A triple stated by several
      documents is then seen once; with the other modes it can appear once
      per graph (Oxigraph's union does not deduplicate), which makes
      COUNT(*) and joins over popular entities larger and slower.
    """

    base: str
    query: str
    update: str
    gsp: str | None
    union: str = "auto"
    timeout: float = 120.0
    # for writing: sent with HTTP digest or basic auth, whichever the server asks for;
    # the password is never shown (repr, errors, the build manifest)
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, **overrides) -> Endpoints:
        if not url or not re.match(r"^https?://", url):
            raise StoreError(f"store URL must start with http:// or https://: {url!r}")
        if urllib.parse.urlsplit(url).username is not None:
            # it would end up in the manifest and in messages
            raise StoreError(f"store URL {_without_userinfo(url)} holds a user name: give it with "
                             f"--store-user and the password in {PASSWORD_VARIABLE} instead")
        base = url.rstrip("/")
        for suffix in ("/query", "/sparql"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        fields = dict(
            base=base, query=base + "/query", update=base + "/update", gsp=base + "/store"
        )
        fields.update(overrides)
        return cls(**fields)

    @classmethod
    def virtuoso(cls, base: str, user: str | None = None, password: str | None = None) -> Endpoints:
        """Virtuoso's layout: anonymous queries on ``/sparql``; writes on the
        digest-authenticated ``/sparql-auth`` and ``/sparql-graph-crud-auth``
        (without a user, only reading works)."""
        base = base.rstrip("/")
        return cls(base=base, query=base + "/sparql",
                   update=base + ("/sparql-auth" if user else "/sparql"),
                   gsp=base + "/sparql-graph-crud-auth" if user else None,
                   union="graphs", user=user, password=password)

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password or "") if self.user else None


PASSWORD_VARIABLE = "KG_STORE_PASSWORD"


def _without_userinfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, user: str | None = None, password: str | None = None) -> Endpoints:
    """The endpoints of the SPARQL server at `url`, in its own layout.

    The server is asked once who it is (its ``Server`` header): Virtuoso
    gets its ``/sparql`` layout, anything else Oxigraph's (see
    ``Endpoints.from_url``). With a `user`, the password is `password` or
    else the ``KG_STORE_PASSWORD`` environment variable."""
    eps = Endpoints.from_url(url)
    if user and password is None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            raise StoreError(f"--store-user {user} given but {PASSWORD_VARIABLE} is not set: "
                             "put the password for the SPARQL server there")
    _, headers, _ = _http("GET", eps.base + "/", timeout=eps.timeout)
    if headers.get("server", "").lower().startswith("virtuoso"):
        eps = Endpoints.virtuoso(eps.base, user, password)
    else:
        eps = dataclasses.replace(eps, user=user or None, password=password if user else None)
    if eps.auth:
        # a small signed-in request first, so that no large write goes out unsigned
        _http("GET", eps.update + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=eps.timeout,
              auth=eps.auth)
    return eps


_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_direct_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_default_opener = urllib.request.build_opener()


def _http(
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 120.0,
    auth: tuple[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request; (status, headers, body). HTTP errors are returned, not raised.
    `auth` (user, password) answers the server's digest or basic challenge."""
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    parts = urllib.parse.urlsplit(url)
    # never send loopback traffic through a proxy from the environment
    direct = (parts.hostname or "") in _LOOPBACK
    if auth is None:
        opener = _direct_opener if direct else _default_opener
    else:
        opener = _auth_opener(f"{parts.scheme}://{parts.netloc}/", auth, direct)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp is not None else b""
        return exc.code, {k.lower(): v for k, v in (exc.headers or {}).items()}, body
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from exc


class _SigningDigestAuth(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that signs every request once the server has sent a challenge.

    urllib's handler sends each request unsigned and answers the 401; a server
    that refuses early closes the connection while a large PUT body is still
    being sent (a broken pipe). With the challenge kept, only the first,
    small request of a session goes out unsigned."""

    def __init__(self, passwords) -> None:
        super().__init__(passwords)
        self._challenge: dict[str, str] | None = None

    def http_request(self, req):
        if self._challenge is not None and not req.has_header(self.auth_header):
            auth = self.get_authorization(req, self._challenge)
            if auth:
                req.add_unredirected_header(self.auth_header, f"Digest {auth}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req, auth):
        _, challenge = auth.split(" ", 1)
        self._challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge)))
        return super().retry_http_digest_auth(req, auth)


@functools.lru_cache(maxsize=8)
def _auth_opener(root: str, auth: tuple[str, str], direct: bool) -> urllib.request.OpenerDirector:
    # one opener per server and user, so the digest handler keeps its challenge
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, root, *auth)
    handlers: list = [_SigningDigestAuth(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
    if direct:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def _form(pairs: list[tuple[str, str]]) -> bytes:
    return urllib.parse.urlencode(pairs).encode("utf-8")


_FORM = "application/x-www-form-urlencoded"
_TABLE_ACCEPT = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9"


def _http_error(url: str, status: int, body: bytes) -> StoreError:
    text = body.decode("utf-8", "replace").strip()
    hint = ""
    if status in (401, 403) or "permission" in text.lower():
        hint = (f" (the server refused: writing needs --store-user with the password in "
                f"{PASSWORD_VARIABLE}, for a user allowed to update)")
    return StoreError(f"{url} answered HTTP {status}{hint}: {text[:500]}")


def _remote_update(eps: Endpoints, update: str) -> None:
    status, _, body = _http(
        "POST",
        eps.update,
        data=_form([("update", update)]),
        headers={"Content-Type": _FORM},
        timeout=eps.timeout,
        auth=eps.auth,
    )
    if status >= 300:
        raise _http_error(eps.update, status, body)


def _remote_graph_names(eps: Endpoints) -> tuple[list[str], dict[str, str]]:
    # kg's graphs only: a shared server holds others (Virtuoso its own system graphs)
    listing = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}'
    status, headers, body = _http(
        "POST",
        eps.query,
        data=_form([("query", listing)]),
        headers={"Content-Type": _FORM, "Accept": "application/sparql-results+json"},
        timeout=eps.timeout,
    )
    if status >= 300:
        raise _http_error(eps.query, status, body)
    data = json.loads(body)
    names = sorted(
        b["g"]["value"] for b in data["results"]["bindings"] if b.get("g", {}).get("type") == "uri"
    )
    return names, headers


def _gsp_put(eps: Endpoints, url: str, body: bytes) -> bool:
    """PUT a graph through the Graph Store Protocol; False when the server has none."""
    status, _, err = _http("PUT", url, data=body, headers={"Content-Type": "application/n-triples"},
                           timeout=eps.timeout, auth=eps.auth)
    if status < 300:
        return True
    if status not in (404, 405, 415, 501):
        raise _http_error(url, status, err)
    return False


def _write_remote(eps: Endpoints, graphs: Mapping[str, rdflib.Graph],
                  trig: TrigWriter | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    use_gsp = eps.gsp is not None
    enc = Encoder(_ox_prefixes())  # shared: a blank node in two graphs stays one node
    merged: dict[str, None] = {}  # the default graph's lines, each once, in order
    # write every new graph before dropping stale ones: a failure half-way
    # leaves extra graphs, never missing ones (the server has no transaction
    # spanning several requests)
    for name, g, rows in _encoded(graphs, enc, counts, trig):
        lines = [f"{row[0]} .\n" for row in rows]
        if eps.union == "default":
            merged.update(dict.fromkeys(lines))
        body = "".join(lines).encode("utf-8")
        if use_gsp:
            if _gsp_put(eps, f"{eps.gsp}?{urllib.parse.urlencode({'graph': str(name)})}", body):
                continue
            use_gsp = False  # no Graph Store Protocol here: fall back to Update
        _remote_update(
            eps, f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body.decode()}}} }}"
        )
    if eps.union == "default":
        body = "".join(merged).encode("utf-8")
        if not (use_gsp and _gsp_put(eps, f"{eps.gsp}?default", body)):
            _remote_update(eps, f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{body.decode()}}}")
    existing, _ = _remote_graph_names(eps)
    wanted = {str(n) for n in graphs}
    stale = [g for g in existing if g.startswith(str(GRAPH)) and g not in wanted]
    if stale:
        _remote_update(
            eps, " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in stale)
        )
    return counts


# ---------------------------------------------------------------- reading


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _add_quads(ds: rdflib.Dataset, quads: Iterable[ox.Quad], bnode_scope: str = "") -> None:
    """Add pyoxigraph quads to an rdflib Dataset.

    Done by hand rather than with oxrdflib's parser, which gives plain
    strings an explicit xsd:string datatype, so they would not compare equal
    to rdflib's ``Literal("x")``.
    """
    iris: dict[str, URIRef] = {}
    contexts: dict[str, rdflib.Graph] = {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            node = iris.get(t.value)
            if node is None:
                node = iris[t.value] = URIRef(t.value)
            return node
        if isinstance(t, ox.BlankNode):
            return BNode(bnode_scope + t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            if t.datatype.value == _XSD_STRING:
                return Literal(t.value)
            return Literal(t.value, datatype=term(t.datatype))
        raise StoreError(f"cannot load term {t!r} into rdflib")

    def rows():
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                continue  # kg writes named graphs only
            name = q.graph_name.value
            ctx = contexts.get(name)
            if ctx is None:
                ctx = contexts[name] = ds.graph(URIRef(name))
            yield term(q.subject), term(q.predicate), term(q.object), ctx

    ds.addN(rows())


class GraphStore:
    """An open knowledge graph: query it, list its graphs, load it into rdflib."""

    location: str

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> QueryResult:
        """Run a SPARQL query; `bindings` (variable name -> rdflib term or str,
        a str being a plain literal, None leaving it unbound) are joined in as a VALUES block, never
        formatted into the text. The default graph is the merge of the named
        graphs."""
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        raise NotImplementedError

    def dataset(self) -> rdflib.Dataset:
        """Every named graph in an in-memory rdflib Dataset (default graph = union)."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _term_str(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)  # RDF-star triple terms


# prefixes every query may use without declaring them (kg:, schema:, skos: ...)
class LocalGraphStore(GraphStore):
    def __init__(self, path: Path) -> None:
        self.location = str(path)
        self._store: ox.Store | None = ox.Store.read_only(str(path))

    @property
    def _s(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the graph store is closed")
        return self._store

    def _run(self, text: str):
        # the default graph holds the merge of the named graphs (written by
        # write_graphs); Oxigraph's use_default_graph_as_union would instead
        # repeat a triple once per graph that states it
        return self._s.query(text, prefixes=DEFAULT_PREFIXES)

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> QueryResult:
        text = bind_values(sparql, bindings)
        try:
            res = self._run(text)
            if isinstance(res, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(res))
            if isinstance(res, ox.QueryTriples):
                lines = res.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                nt = "".join(sorted(set(lines.splitlines(keepends=True))))
                return QueryResult("graph", graph_nt=nt)
            columns = tuple(v.value for v in res.variables)
            rows = tuple(tuple(_term_str(t) for t in solution) for solution in res)
            return QueryResult("select", columns=columns, rows=rows)
        except SyntaxError as exc:
            message = str(exc)
            if text is not sparql:
                # report positions in the text the user wrote, not the bound one
                try:
                    self._run(sparql)
                except SyntaxError as original:
                    message = str(original)
                except Exception:
                    pass
            raise syntax_error(message) from None
        except OSError as exc:
            raise StoreError(f"cannot read the graph store at {self.location}: {exc}") from exc
        except (RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def graph_names(self) -> list[str]:
        return sorted(
            g.value for g in self._s.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def dataset(self) -> rdflib.Dataset:
        ds = rdflib.Dataset(default_union=True)
        _add_quads(ds, self._s.quads_for_pattern(None, None, None, None))
        return ds

    def close(self) -> None:
        self._store = None


class RemoteGraphStore(GraphStore):
    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        self.location = endpoints.base
        self._union: str | None = None if endpoints.union == "auto" else endpoints.union
        self._names: list[str] | None = None

    def graph_names(self) -> list[str]:
        names, headers = _remote_graph_names(self.endpoints)
        self._names = names
        if self._union is None:
            server = headers.get("server", "")
            self._union = "oxigraph" if server.lower().startswith("oxigraph") else "graphs"
        return list(names)

    def _dataset_params(self, text: str) -> list[tuple[str, str]]:
        if query_shape(text).has_from:
            return []  # the query names its own dataset
        if self._union is None or (self._union == "graphs" and self._names is None):
            self.graph_names()
        if self._union in ("default", "server"):
            return []
        if self._union == "oxigraph":
            return [("union-default-graph", "")]
        if self._union == "graphs":
            names = self._names or []
            return [("default-graph-uri", g) for g in names] + [
                ("named-graph-uri", g) for g in names
            ]
        return []

    def _post(self, text: str, dataset: bool = True) -> tuple[int, dict[str, str], bytes]:
        pairs = [("query", text)] + (self._dataset_params(text) if dataset else [])
        # ask for the one format the query's form has: Virtuoso answers a
        # CONSTRUCT with the first type listed, even a table format
        graph_form = query_shape(text).form in ("CONSTRUCT", "DESCRIBE")
        return _http(
            "POST",
            self.endpoints.query,
            data=_form(pairs),
            headers={"Content-Type": _FORM, "Accept": _GRAPH_ACCEPT if graph_form else _TABLE_ACCEPT},
            timeout=self.endpoints.timeout,
            auth=self.endpoints.auth,
        )

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> QueryResult:
        written = sparql
        sparql = with_prologue(sparql)  # a server knows none of kg's prefixes
        text = bind_values(sparql, bindings)
        status, headers, body = self._post(text)
        if status == 400:
            message = body.decode("utf-8", "replace").strip()
            if text is not sparql:
                st2, _, body2 = self._post(sparql)
                if st2 == 400:
                    message = body2.decode("utf-8", "replace").strip()
            if sparql is not written:  # positions in the text the user wrote: one line less
                message = re.sub(r"error at (\d+):", lambda m: f"error at {int(m.group(1)) - 1}:", message, count=1)
            raise syntax_error(message)
        if status >= 300:
            raise _http_error(self.endpoints.query, status, body)
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in ("application/sparql-results+json", "application/json"):
            data = json.loads(body)
            if "boolean" in data:
                return QueryResult("ask", boolean=bool(data["boolean"]))
            columns = tuple(data.get("head", {}).get("vars", []))
            rows = []
            for b in data["results"]["bindings"]:
                row = []
                for c in columns:
                    cell = b.get(c)
                    if cell is None:
                        row.append(None)
                    elif cell.get("type") == "bnode":
                        row.append("_:" + str(cell["value"]))
                    else:
                        row.append(str(cell.get("value")))  # Virtuoso can send numbers unquoted
                rows.append(tuple(row))
            if query_shape(text).form == "ASK" and len(columns) == 1:
                # Virtuoso answers ASK as a one-cell table (1 or 0), not as a boolean
                return QueryResult("ask", boolean=bool(rows) and rows[0][0] in ("1", "true"))
            return QueryResult("select", columns=columns, rows=tuple(rows))
        if ctype in ("application/n-triples", "text/plain"):
            # re-written in canonical N-Triples: servers differ in spacing and escapes
            triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            nt = "".join(sorted({f"{t} .\n" for t in triples}))
            return QueryResult("graph", graph_nt=nt)
        raise StoreError(f"{self.endpoints.query} answered with unexpected type {ctype!r}")

    def dataset(self) -> rdflib.Dataset:
        ds = rdflib.Dataset(default_union=True)
        for i, name in enumerate(self.graph_names()):
            g = str(ox.NamedNode(name))
            status, headers, body = self._post(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", dataset=False
            )
            if status >= 300:
                raise _http_error(self.endpoints.query, status, body)
            if body.strip():
                triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                g = ox.NamedNode(name)
                quads = (ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
                # blank node labels are scoped to one response
                _add_quads(ds, quads, bnode_scope=f"g{i}_")
        return ds


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
