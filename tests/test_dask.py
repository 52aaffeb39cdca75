"""Extraction on a real Dask cluster (marker: dask): a LocalCluster of two
worker processes, the same graph as a one-process build, and a worker killed
in the middle of a build loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kg.build import build
from kg.errors import InputError
from kg.extract import executors
from kg.store import open_store
from tests.conftest import CORPUS, ROOT
from tests.small_corpus import generated_corpus, write_docs

distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'kg[dask]'")

pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def cluster():
    with (distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None) as local,
          distributed.Client(local, set_as_default=False) as client):
        yield local, client


def _graphs(out: Path) -> dict[str, rdflib.Graph]:
    """Each named graph of a build, without the build's time."""
    with open_store(out) as store:
        ds = store.dataset()
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        if p != PROV.generatedAtTime:
            graphs.setdefault(str(g), rdflib.Graph()).add((s, p, o))
    return graphs


def _assert_same_graphs(a: Path, b: Path) -> None:
    ga, gb = _graphs(a), _graphs(b)
    assert sorted(ga) == sorted(gb)
    for name in ga:
        assert len(ga[name]) == len(gb[name]), name
        assert isomorphic(ga[name], gb[name]), name


def test_corpus_on_a_cluster_is_the_one_process_graph(cluster, corpus_out, tmp_path):
    local, _ = cluster
    report = build([CORPUS], tmp_path / "out", view=False, scheduler=local.scheduler_address)
    assert len(report.extracted) == 4 and not report.skipped
    assert ("start cluster" in dict(report.timings))
    _assert_same_graphs(corpus_out, tmp_path / "out")


def _kill_a_busy_worker(client, done: threading.Event, killed: list[int]) -> None:
    """Once the cluster has finished one document and is busy with another,
    kill (SIGKILL) the worker process holding it."""
    pids = client.run(os.getpid)

    def state(dask_scheduler):
        finished = sum(ts.state == "memory" for ts in dask_scheduler.tasks.values())
        busy = [ws.address for ws in dask_scheduler.workers.values() if ws.processing]
        return finished, busy

    deadline = time.monotonic() + 120
    while not done.is_set() and time.monotonic() < deadline:
        finished, busy = client.run_on_scheduler(state)
        if finished and busy and busy[0] in pids:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])
            return
        time.sleep(0.05)


def test_a_worker_killed_mid_build_loses_nothing(cluster, tmp_path):
    local, client = cluster
    docs = generated_corpus(tmp_path / "docs", 10)
    one_process = build([docs], tmp_path / "one", view=False, n_process=1)

    done, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_busy_worker, args=(client, done, killed))
    killer.start()
    try:
        report = build([docs], tmp_path / "dask", view=False, scheduler=local.scheduler_address)
    finally:
        done.set()
        killer.join()
    assert killed, "no worker was busy to be killed"
    assert report.extracted == one_process.extracted and len(report.extracted) == 10
    _assert_same_graphs(tmp_path / "one", tmp_path / "dask")
    # every extraction reached the cache: a rebuild does no NLP work
    again = build([docs], tmp_path / "dask", view=False, scheduler=local.scheduler_address)
    assert again.up_to_date


def test_cli_scheduler_local(tmp_path):
    docs = write_docs(tmp_path / "docs")
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(docs), "--out", str(tmp_path / "dask"), "--no-view",
         "--scheduler", "local", "-j", "2", "--timings"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "start cluster" in proc.stdout
    build([docs], tmp_path / "one", view=False, n_process=1)
    _assert_same_graphs(tmp_path / "one", tmp_path / "dask")


@pytest.mark.parametrize("address, message", [
    ("localhost:8786", "must be 'local' or a scheduler address"),
    ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
])
def test_bad_scheduler_is_one_clear_error(tmp_path, monkeypatch, address, message):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 2)
    docs = write_docs(tmp_path / "docs")
    with pytest.raises(InputError, match=message):
        build([docs], tmp_path / "out", view=False, scheduler=address)
    assert not (tmp_path / "out" / "store").exists()


def test_a_worker_with_other_vocabularies_refuses_the_task():
    from kg.extract.nlp import load_pipeline
    from kg.ingest import parse_document
    from kg.vocab import load_vocabulary

    doc = parse_document("a.md", b"# Notes\n\nNVIDIA trained a GAN.\n")
    executors.use_pipeline(load_pipeline(), load_vocabulary())
    try:
        with pytest.raises(InputError, match="vocabularies differ from the client's"):
            executors.extract_task(doc, executors.ExtractSettings(None, 64, vocabulary="0" * 64))
        ok = executors.extract_task(doc, executors.ExtractSettings(None, 64, vocabulary=None))
        assert ok.document == "a.md"
    finally:
        executors.forget_pipeline()
