"""Nothing lost (issue 5, item 4): a failed, killed or concurrent build leaves
the previous graph intact and queryable."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.extract
import kg.rdf
import kg.store.files
import kg.store.local
from kg import cache
from kg.build import build
from kg.cli import app
from kg.errors import KGError
from kg.store import build_lock, open_store
from tests.small_corpus import (
    B_CHANGED,
    INSTANT_NGP,
    NERF,
    copy_build,
    generated_corpus,
    write_docs,
)

ROOT = Path(__file__).resolve().parents[1]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
LABELS = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s ?l"


def snapshot(out: Path) -> dict:
    """What must not change when a build fails: the answers and the files."""
    with open_store(out) as st:
        count = st.query(COUNT).rows
        labels = st.query(LABELS).rows
        names = st.graph_names()
    return {
        "count": count,
        "labels": labels,
        "graphs": names,
        "store": os.readlink(out / "store"),
        "dump": (out / "graph.trig").read_bytes(),
        "manifest": (out / "manifest.json").read_bytes(),
    }


def leftovers(out: Path) -> list[str]:
    """Generations other than the live one, and temporary files."""
    live = os.readlink(out / "store")
    return sorted(
        e.name
        for e in out.iterdir()
        if (e.name.startswith(".store-") and e.name != live) or ".tmp" in e.name
    )


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("safety")
    docs = write_docs(root / "docs")
    out = root / "out"
    build([docs], out, view=False)
    return docs, out


@pytest.fixture
def built(first_build, tmp_path):
    docs, out = copy_build(*first_build, tmp_path)
    # the next build has work to do: one changed document
    (docs / "b.md").write_text(B_CHANGED, encoding="utf-8")
    return docs, out


def _fail_after(real, exc):
    def step(*args, **kwargs):
        real(*args, **kwargs)  # do the work, then fail: the worst moment
        raise exc

    return step


def _boom(*args, **kwargs):
    raise RuntimeError("boom")


FAILURES = {
    # building the RDF, before anything is written
    "document_triples": (kg.rdf, "document_triples", lambda real: _boom),
    # the new store generation is fully loaded, then the write fails
    "load_generation": (kg.store.local, "_load_generation", lambda real: _fail_after(real, RuntimeError("boom"))),
    # the new store is complete, its dump is written to a temporary file, then the disk is full
    "dump_store": (kg.store.files, "_fsync_file", lambda real: _fail_after(real, OSError(errno.ENOSPC, "No space left on device"))),
    # the swap itself fails
    "swap_in": (kg.store.local, "_swap_in", lambda real: _boom),
}


@pytest.mark.parametrize("where", sorted(FAILURES))
def test_failed_build_leaves_the_previous_graph(built, monkeypatch, where):
    docs, out = built
    before = snapshot(out)
    module, name, make = FAILURES[where]
    monkeypatch.setattr(module, name, make(getattr(module, name)))

    with pytest.raises((RuntimeError, KGError)):
        build([docs], out, view=False)

    assert snapshot(out) == before
    assert leftovers(out) == []
    with open_store(out) as st:  # still the old b.md
        assert st.query(f"ASK {{ <{NERF}> ?p ?o }}").boolean
    # the lock was released and the extraction kept: the next build is cheap
    monkeypatch.undo()
    monkeypatch.setattr(kg.extract, "extract_all", _boom)
    report = build([docs], out, view=False)
    assert report.extracted == () and not report.up_to_date
    with open_store(out) as st:
        assert st.query(f"ASK {{ <{INSTANT_NGP}> ?p ?o }}").boolean
        assert not st.query(f"ASK {{ <{NERF}> ?p ?o }}").boolean
    assert leftovers(out) == []


def test_write_error_is_one_line_through_the_cli(built, monkeypatch):
    docs, out = built
    before = snapshot(out)
    module, name, make = FAILURES["dump_store"]
    monkeypatch.setattr(module, name, make(getattr(module, name)))
    result = CliRunner().invoke(app, ["build", str(docs), "--out", str(out), "--no-view"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: ")
    assert "No space left on device" in lines[0]
    assert snapshot(out) == before


def test_second_build_is_refused_while_the_lock_is_held(built):
    """The lock held by another thread of this process (the CLI runs in this one)."""
    docs, out = built
    before = snapshot(out)
    held, release = threading.Event(), threading.Event()

    def holder():
        with build_lock(out):
            held.set()
            release.wait(30)

    t = threading.Thread(target=holder)
    t.start()
    try:
        assert held.wait(10)
        result = CliRunner().invoke(app, ["build", str(docs), "--out", str(out), "--no-view"])
    finally:
        release.set()
        t.join()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"kg: another kg build is writing {out} (pid {os.getpid()}); wait for it to finish\n"
    )
    assert snapshot(out) == before


# ---------------------------------------------------------------- a killed build


def _cloned_corpus(folder: Path, out: Path, n: int) -> Path:
    """`n` copies of one generated document (each made unique by a comment at its
    end), with their extractions put in the build cache, so a build of them does
    no NLP work (the subprocess does not even load spaCy) yet writes a graph of
    n times one document's triples."""
    from kg.extract import extract
    from kg.ingest import read_document

    template_dir = generated_corpus(folder / "template", 1)
    template = read_document(template_dir / "doc000.md")
    ex = extract(template)
    docs = folder / "docs"
    docs.mkdir()
    for i in range(n):
        name = f"copy{i:03d}.md"
        data = (template.text + f"\n<!-- copy {i} -->\n").encode("utf-8")
        (docs / name).write_bytes(data)

        def moved(ev, name=name):
            return dataclasses.replace(ev, source=name)

        cache.save_extraction(
            out,
            dataclasses.replace(
                ex,
                document=name,
                sha256=hashlib.sha256(data).hexdigest(),
                mentions=tuple(dataclasses.replace(m, evidence=moved(m.evidence)) for m in ex.mentions),
                relations=tuple(dataclasses.replace(r, evidence=moved(r.evidence)) for r in ex.relations),
            ),
        )
    return docs


def _wait_for_new_generation(proc: subprocess.Popen, out: Path, old: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in os.listdir(out):
            if entry.startswith(".store-") and entry != old:
                return entry
        if proc.poll() is not None:
            raise AssertionError(f"the build ended before writing (rc {proc.returncode}): "
                                 f"{proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.002)
    raise AssertionError("no new store generation appeared")


@pytest.mark.slow  # a 40-document build in another process, killed
def test_killed_build_leaves_the_previous_graph(first_build, tmp_path, monkeypatch):
    """`kg build` of 40 documents in a subprocess is frozen (SIGSTOP) the moment
    it starts writing its new store, checked, then killed with SIGKILL."""
    _, first_out = first_build
    out = tmp_path / "out"
    shutil.copytree(first_out, out, symlinks=True)
    big = _cloned_corpus(tmp_path, out, 40)
    before = snapshot(out)

    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(big), "--out", str(out), "--no-view"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_for_new_generation(proc, out, before["store"], timeout=120)
        os.kill(proc.pid, signal.SIGSTOP)
        # mid-write: readers see the old graph, a second build is refused
        assert snapshot(out) == before
        result = CliRunner().invoke(app, ["build", str(big), "--out", str(out), "--no-view"])
        assert result.exit_code == 1
        assert result.stderr == (
            f"kg: another kg build is writing {out} (pid {proc.pid}); wait for it to finish\n"
        )
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL

    assert snapshot(out) == before  # store, dump and manifest as they were
    assert leftovers(out)  # the killed build's half-written generation
    # the lock died with the process; the next build finishes the job from the cache
    monkeypatch.setattr(kg.extract, "extract_all", _boom)
    report = build([big], out, view=False)
    assert len(report.documents) == 40 and report.extracted == ()
    assert report.removed == ("a.md", "b.md", "c.md")
    assert leftovers(out) == []
    with open_store(out) as st:
        assert len(st.graph_names()) == 41  # the documents and the vocabulary


@pytest.fixture
def built_with_view(built):
    docs, out = built
    (out / "graph.html").write_text("<html>the previous view</html>", encoding="utf-8")
    return docs, out


def _assert_new_graph_is_live(out: Path) -> None:
    with open_store(out) as st:  # b.md as changed by this build
        assert st.query(f"ASK {{ <{INSTANT_NGP}> ?p ?o }}").boolean
        assert not st.query(f"ASK {{ <{NERF}> ?p ?o }}").boolean
    assert "Instant" in (out / "graph.trig").read_text(encoding="utf-8")


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "in-process"])
def test_a_view_that_fails_after_the_store_swap_is_reported_as_such(built_with_view, monkeypatch, fork):
    """The new store and dump are live when the view fails (issue 13, item 5): the
    build says so instead of failing, and drops the old view rather than leave
    it showing the previous graph; the next build writes the view from the cache."""
    import kg.build
    import kg.viz

    docs, out = built_with_view
    monkeypatch.setattr(kg.viz, "render_view", _boom)
    if not fork:  # the path taken where os.fork is missing
        monkeypatch.delattr(kg.build.os, "fork")

    report = build([docs], out)

    assert report.view is None and report.view_error == "writing the view failed: RuntimeError: boom"
    assert report.extracted == ("b.md",) and not report.up_to_date
    _assert_new_graph_is_live(out)
    assert not (out / "graph.html").exists()
    assert [p.name for p in out.iterdir() if ".tmp" in p.name] == []
    monkeypatch.undo()
    monkeypatch.setattr(kg.extract, "extract_all", _boom)
    again = build([docs], out)  # not up to date without its view: drawn again, no NLP
    assert not again.up_to_date and again.view == str(out / "graph.html") and again.view_error is None


def test_a_failed_view_has_its_own_exit_code_and_message(built_with_view, monkeypatch):
    import kg.viz

    docs, out = built_with_view
    monkeypatch.setattr(kg.viz, "render_view", _boom)
    result = CliRunner().invoke(app, ["build", str(docs), "--out", str(out)])
    assert result.exit_code == 4, result.output
    assert f"store: {out / 'store'}" in result.stdout and "view:" not in result.stdout
    assert result.stderr == (
        f"kg: view not written, the store and dump are the new graph ({out / 'graph.html'} was removed, "
        "not left showing the previous one): writing the view failed: RuntimeError: boom\n")
    _assert_new_graph_is_live(out)


def test_a_store_that_fails_leaves_the_old_view(built_with_view, monkeypatch):
    docs, out = built_with_view
    before = snapshot(out)
    monkeypatch.setattr(kg.store.local, "_swap_in", _boom)
    with pytest.raises(RuntimeError, match="boom"):
        build([docs], out)
    assert snapshot(out) == before
    assert (out / "graph.html").read_text(encoding="utf-8") == "<html>the previous view</html>"
    assert leftovers(out) == []


def test_a_view_is_written_with_the_new_store(built_with_view):
    docs, out = built_with_view
    report = build([docs], out)
    assert report.view == str(out / "graph.html")
    assert "new vis.Network" in (out / "graph.html").read_text(encoding="utf-8")
    assert [stage for stage, _ in report.timings] == ["read", "cached extractions", "load model", "extract",
                                                      "resolve", "store", "view"]
