"""Serve the graph over the SPARQL 1.1 Protocol with the real Oxigraph server.

``kg serve`` runs ``oxigraph serve-read-only`` (from the ``oxigraph`` package
on PyPI) over the store a build wrote. Endpoints: ``/query`` (SPARQL 1.1
Protocol, GET or POST), ``/store`` (Graph Store Protocol, reads only);
``/update`` answers 403 because the server is read-only. The default graph
is the merge of the named graphs, as for ``kg query``: ``write_graphs``
stores it, so the server runs without ``--union-default-graph`` (Oxigraph's
union would repeat a triple once per document graph that states it).

The server serves the store generation it opened; restart it after a build
to serve the new graph (see kg.store).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Self

from kg.errors import StoreError
from kg.store import STORE_LINK

_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary (``KG_OXIGRAPH`` overrides)."""
    env = os.environ.get("KG_OXIGRAPH")
    if env:
        return env
    # prefer the binary installed beside this Python over a shim on PATH
    scripts = Path(sysconfig.get_path("scripts")) / "oxigraph"
    if scripts.is_file() and os.access(scripts, os.X_OK):
        return str(scripts)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the oxigraph server binary is not installed: pip install oxigraph")


def _hostport(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def free_port(host: str = "127.0.0.1") -> int:
    """A port that is free on `host` right now (the OS picks it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def check_port_free(host: str, port: int) -> None:
    """Raise StoreError if nothing could listen on host:port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise StoreError(f"cannot listen on {host!r}: {exc.strerror}") from exc
    for family, socktype, proto, _, addr in infos:
        with socket.socket(family, socktype, proto) as s:
            # as the server will: a port in TIME_WAIT after a restart is free
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(addr)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise StoreError(
                        f"port {port} on {host} is busy: choose another with --port"
                    ) from None
                if exc.errno == errno.EACCES:
                    raise StoreError(
                        f"no permission to listen on port {port}: choose one above 1023 "
                        "with --port"
                    ) from None
                raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    # Linux: the server gets SIGTERM when the process (thread) that started it
    # dies, so a killed test run or CLI never leaves a server behind
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class ServerProcess:
    """A running Oxigraph server; a context manager that stops it on exit."""

    def __init__(self, process: subprocess.Popen, host: str, port: int, log, read_only: bool):
        self.process = process
        self.host = host
        self.port = port
        self.read_only = read_only
        self._log = log

    @property
    def base_url(self) -> str:
        return f"http://{_hostport(self.host, self.port)}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return self.base_url + "/store"

    def log_tail(self, limit: int = 2000) -> str:
        try:
            self._log.flush()
            self._log.seek(0)
            return self._log.read().decode("utf-8", "replace")[-limit:].strip()
        except (OSError, ValueError):
            return ""

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        try:
            self._log.close()
        except OSError:
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _answers(url: str) -> bool:
    data = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    req = urllib.request.Request(
        url,
        data=data,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        with _direct.open(req, timeout=2) as resp:
            resp.read()
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_server(
    store_dir: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    read_only: bool = True,
    union_default_graph: bool = False,
    timeout: float = 30.0,
) -> ServerProcess:
    """Start ``oxigraph serve-read-only`` (or ``serve`` when not read_only) on
    `store_dir` and return once it answers queries. Port 0: pick a free one.
    union_default_graph passes ``--union-default-graph``; a store written by
    write_graphs does not need it."""
    store_dir = Path(store_dir)
    if read_only:
        if not store_dir.exists():
            raise StoreError(f"no graph store at {store_dir}: run `kg build` first")
        # pin the generation a build's link points at now
        store_dir = store_dir.resolve()
    if port == 0:
        port = free_port(host)
    check_port_free(host, port)
    cmd = [
        oxigraph_binary(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(store_dir),
        "--bind",
        _hostport(host, port),
    ]
    if union_default_graph:
        cmd.append("--union-default-graph")
    process, log = _spawn(cmd)
    server = ServerProcess(process, host, port, log, read_only)
    try:
        _wait_until_answering(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _spawn(cmd: list[str]):
    """The server process and the file its output goes to."""
    # a file, not a pipe: nobody drains it, and a full pipe would block the server
    log = tempfile.TemporaryFile()  # noqa: SIM115 - the server's log outlives this function
    try:
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            # own session: Ctrl-C reaches only us, and we stop the server in order
            start_new_session=True,
            # safe after fork although we may have threads: it takes no lock, it only calls prctl
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
        )
    except OSError as exc:
        log.close()
        raise StoreError(f"cannot start the oxigraph server: {exc}") from exc
    return process, log


def _wait_until_answering(server: ServerProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        code = server.process.poll()
        if code is not None:
            tail = server.log_tail()
            if "in use" in tail.lower():
                raise StoreError(
                    f"port {server.port} on {server.host} is busy: choose another with --port")
            raise StoreError(f"the oxigraph server exited with code {code}: {tail}")
        if _answers(server.query_url):
            return
        if time.monotonic() > deadline:
            raise StoreError(
                f"the oxigraph server did not answer on {server.base_url} within "
                f"{timeout:.0f} s: {server.log_tail()}"
            )
        time.sleep(0.05)


def serve(
    out_dir: Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    ready: Callable[[ServerProcess], object] | None = None,
) -> None:
    """Serve the graph in `out_dir` read-only until Ctrl-C or SIGTERM.

    Once the server answers, `ready(server)` is called (default: print the
    endpoint URL). Returns after a clean stop; raises StoreError if the
    store is missing, the port is busy or the server dies.
    """
    link = Path(out_dir) / STORE_LINK
    if not link.exists():
        raise StoreError(f"no graph at {out_dir}: run `kg build` first")

    previous = None
    if threading.current_thread() is threading.main_thread():
        # SIGTERM takes the same path as Ctrl-C: stop the child, then return
        def _on_term(signum, frame):
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        with start_server(link, host, port) as server:
            if ready is not None:
                ready(server)
            else:
                print(f"SPARQL endpoint: {server.query_url}", flush=True)
                print("read-only; press Ctrl-C to stop", flush=True)
            code = server.process.wait()
            raise StoreError(
                f"the oxigraph server stopped unexpectedly (exit code {code}): "
                f"{server.log_tail()}"
            )
    except KeyboardInterrupt:
        return  # the with block has stopped the server
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
