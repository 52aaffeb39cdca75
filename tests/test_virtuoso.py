"""`--store` against a second real SPARQL server: Virtuoso Open Source (marker: virtuoso).

Each module run starts its own Virtuoso (a fresh database in a temporary
directory, on free ports, with a new dba password) and stops it at the end.
Without the `virtuoso-t` binary (Debian package virtuoso-opensource) the
tests are skipped with that reason, except in CI, which installs it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from kg.build import build
from kg.errors import StoreError
from kg.namespaces import GRAPH
from kg.query import list_queries, run_query
from kg.serve import free_port
from kg.store import PASSWORD_VARIABLE, Endpoints, connect, open_store, transport
from tests.test_canned_queries import CORPUS_PARAMS

pytestmark = pytest.mark.virtuoso

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {db}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
; the default (10000) would cut long answers short without saying so
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


class Virtuoso:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.sql_port, self.http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.password = secrets.token_hex(8)
        (root / "db").mkdir()
        ini = root / "virtuoso.ini"
        ini.write_text(INI.format(db=root / "db", sql_port=self.sql_port, http_port=self.http_port))
        self.proc = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=root,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                NO_PROXY.open(self.url + "?query=ASK%7B%7D", timeout=2).close()
                return
            except OSError:
                time.sleep(0.5)
        log = (self.root / "db" / "virtuoso.log")
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        raise RuntimeError(f"Virtuoso did not come up on {self.url}:\n{tail}")

    def set_dba_password(self) -> None:
        # a fresh database's dba password is "dba": replace it, as anyone would
        out = subprocess.run(
            ["isql-vt", str(self.sql_port), "dba", "dba",
             f"exec=USER_SET_PASSWORD('dba', '{self.password}');"],
            capture_output=True, text=True, timeout=60, check=False)
        if out.returncode != 0 or "Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql-vt could not set the dba password: {out.stdout}{out.stderr}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    missing = [b for b in ("virtuoso-t", "isql-vt") if shutil.which(b) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed (Debian package virtuoso-opensource)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: .ci/run installs it")
        pytest.skip(reason)
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.wait()
        server.set_dba_password()
        yield server
    finally:
        server.stop()


@pytest.fixture
def password(virtuoso, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, virtuoso.password)
    return virtuoso.password


def _answer(result):
    """A query's answer without what the engines are free to differ on: row
    order, the order of GROUP_CONCAT's items, and a GROUP_CONCAT of nothing
    (unbound on Oxigraph, "" on Virtuoso; an empty cell either way)."""
    if result.kind != "select":
        return result.kind, result.boolean, result.graph_nt
    cells = lambda row: tuple(tuple(sorted(re.split(r", | \| ", c or ""))) for c in row)
    return result.columns, sorted(map(cells, result.rows), key=repr)


@pytest.fixture(scope="module")
def corpus_on_virtuoso(virtuoso, tmp_path_factory):
    out = tmp_path_factory.mktemp("virtuoso-out")
    os.environ[PASSWORD_VARIABLE] = virtuoso.password
    try:
        report = build([CORPUS], out, store_url=virtuoso.url, store_user="dba", view=False)
    finally:
        del os.environ[PASSWORD_VARIABLE]
    assert not report.skipped
    return out


def test_kg_finds_virtuoso_layout_from_its_sparql_url(virtuoso, password):
    eps = connect(virtuoso.url, "dba")
    base = virtuoso.url.removesuffix("/sparql")
    assert (eps.query, eps.update, eps.gsp) == (
        base + "/sparql", base + "/sparql-auth", base + "/sparql-graph-crud-auth")
    assert password not in repr(eps)
    # without a user it can only read
    assert connect(virtuoso.url).gsp is None


def test_every_canned_query_answers_as_on_the_embedded_store(corpus_on_virtuoso, corpus_out, virtuoso):
    with open_store(corpus_out) as local, open_store(store_url=virtuoso.url) as remote:
        assert remote.graph_names() == local.graph_names()
        for name, _, _ in list_queries():
            for params in (CORPUS_PARAMS[name], {}):
                expected = _answer(run_query(local, name, params))
                assert _answer(run_query(remote, name, params)) == expected, (name, params)
                if params:
                    assert expected[1], f"{name} {params} answers nothing: the comparison proves little"
        # ASK and CONSTRUCT come back in kg's own form too
        ask = "ASK { ?p a kg:Paper ; kg:hasCode ?r }"
        assert remote.query(ask).boolean is local.query(ask).boolean is True
        construct = "CONSTRUCT { ?p kg:hasCode ?r } WHERE { ?p kg:hasCode ?r }"
        assert remote.query(construct).graph_nt == local.query(construct).graph_nt
        names, remote_ds = local.graph_names(), remote.dataset()
    # the server holds exactly what that build wrote (its dump; the embedded
    # build differs only in when it was generated)
    dumped = Dataset()
    dumped.parse(corpus_on_virtuoso / "graph.trig", format="trig")
    assert names
    for name in names:
        assert isomorphic(remote_ds.graph(URIRef(name)), dumped.graph(URIRef(name))), name


def test_cli_writes_with_a_user_and_never_shows_the_password(virtuoso, tmp_path):
    doc = tmp_path / "docs" / "post.md"
    doc.parent.mkdir()
    doc.write_text("# Notes\n\n## [Latent Tables](https://arxiv.org/abs/2306.03333)\n"
                   "Ewa Nowicka and Hana Sato fill missing cells with a diffusion model.\n")
    out = tmp_path / "out"
    env = {**os.environ, PASSWORD_VARIABLE: virtuoso.password, "KG_STORE_USER": "dba"}
    kg = [sys.executable, "-m", "kg"]
    built = subprocess.run([*kg, "build", str(doc.parent), "--out", str(out), "--store", virtuoso.url,
                            "--no-view"], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert built.returncode == 0, built.stderr
    listed = subprocess.run([*kg, "query", "papers-with-code", "--store", virtuoso.url, "-f", "json"],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert listed.returncode == 0, listed.stderr
    with open_store(store_url=virtuoso.url) as st:
        names = st.graph_names()
        titles = run_query(st, "entities-by-type", {"type": "Paper"}).rows
    assert str(GRAPH["post.md"]) in names
    assert any("Latent Tables" in (row[1] or "") for row in titles)
    written = [built.stdout, built.stderr, listed.stdout, listed.stderr]
    written += [p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()]
    assert not [w for w in written if virtuoso.password in w]
    assert json.loads((out / "manifest.json").read_text())["store"] == virtuoso.url


def test_a_refused_write_says_what_is_missing_and_loses_nothing(corpus_on_virtuoso, virtuoso, tmp_path,
                                                               monkeypatch):
    with open_store(store_url=virtuoso.url) as st:
        before = st.graph_names()
    one = tmp_path / "one.md"
    one.write_text("# One\n\n## [A Small Paper](https://arxiv.org/abs/2301.00001)\n")
    with pytest.raises(StoreError, match="--store-user"):
        build([one], tmp_path / "anonymous", store_url=virtuoso.url, view=False)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    with pytest.raises(StoreError, match=PASSWORD_VARIABLE):
        build([one], tmp_path / "no-password", store_url=virtuoso.url, store_user="dba", view=False)
    monkeypatch.setenv(PASSWORD_VARIABLE, "not-" + virtuoso.password)
    with pytest.raises(StoreError, match="HTTP 401") as err:
        build([one], tmp_path / "wrong", store_url=virtuoso.url, store_user="dba", view=False)
    assert virtuoso.password not in str(err.value)
    with open_store(store_url=virtuoso.url) as st:
        assert st.graph_names() == before


def test_a_rebuild_drops_the_graph_of_a_removed_document(virtuoso, password, tmp_path, monkeypatch):
    # every write is signed up front: the server challenges once per build, for the
    # first small request, never a large PUT (which it may cut off mid-body)
    challenges = []
    retry = transport._SigningDigestAuth.retry_http_digest_auth
    monkeypatch.setattr(transport._SigningDigestAuth, "retry_http_digest_auth",
                        lambda self, req, auth: challenges.append(req.get_method()) or retry(self, req, auth))
    transport._auth_opener.cache_clear()
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, name in enumerate(("a.md", "b.md"), 1):
        (docs / name).write_text(f"# {name}\n\n## [Paper {name[0].upper()}](https://arxiv.org/abs/2301.0000{i})\n")
    out = tmp_path / "out"
    build([docs], out, store_url=virtuoso.url, store_user="dba", view=False)
    (docs / "b.md").unlink()
    build([docs], out, store_url=virtuoso.url, store_user="dba", view=False)
    with open_store(store_url=virtuoso.url) as st:
        names = st.graph_names()
    assert str(GRAPH["a.md"]) in names and str(GRAPH["b.md"]) not in names
    assert challenges == ["GET"], challenges


def test_a_url_with_credentials_in_it_is_refused():
    # it would be written to the manifest; no server needed to say so
    with pytest.raises(StoreError, match="--store-user") as err:
        Endpoints.from_url("http://dba:hunter2@127.0.0.1:8890/sparql")
    assert "hunter2" not in str(err.value)
