import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS, BNode, Graph, Literal
from rdflib.compare import isomorphic

import kg.store.bulk as bulk_mod
import kg.store.encode as encode_mod
from kg.errors import QueryError, StoreError
from kg.namespaces import GRAPH, ID, KG
from kg.query import run_query
from kg.store import build_lock, open_store, write_graphs

ROOT = Path(__file__).resolve().parents[1]
LABEL = str(RDFS.label)


def doc_graphs(*names: str, extra: str | None = None) -> dict[str, Graph]:
    """One small named graph per document name."""
    graphs = {}
    for i, name in enumerate(names):
        g = Graph()
        paper = ID[f"paper/{name}"]
        g.add((paper, RDFS.label, Literal(f"Paper {name}")))
        g.add((paper, KG.usesTechnique, ID["technique/gan"]))
        ev = BNode()
        g.add((ev, KG.start, Literal(i * 10)))
        g.add((ev, KG.confidence, Literal("0.9", datatype=rdflib.XSD.decimal)))
        if extra and i == 0:
            g.add((paper, KG.award, Literal(extra)))
        graphs[str(GRAPH[name])] = g
    return graphs


def labels(store) -> list[str]:
    res = store.query(f"SELECT ?l WHERE {{ ?s <{LABEL}> ?l }} ORDER BY ?l")
    return [row[0] for row in res.rows]


def generations(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".store-"))


def test_write_then_query_named_graph_per_document(tmp_path):
    graphs = doc_graphs("a.md", "b.md")
    summary = write_graphs(tmp_path, graphs)
    assert summary.graphs == 2
    assert summary.triples == 8
    assert summary.location == str(tmp_path / "store")
    assert (tmp_path / "graph.trig").is_file()

    with open_store(tmp_path) as st:
        assert st.graph_names() == [str(GRAPH["a.md"]), str(GRAPH["b.md"])]
        # the default graph is the union of the named graphs
        assert labels(st) == ["Paper a.md", "Paper b.md"]
        res = st.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{LABEL}> 'Paper b.md' }} }}")
        assert res.rows == ((str(GRAPH["b.md"]),),)
        ds = st.dataset()
        for name, g in graphs.items():
            assert isomorphic(ds.graph(rdflib.URIRef(name)), g)

    dump = rdflib.Dataset()
    dump.parse(tmp_path / "graph.trig", format="trig")
    for name, g in graphs.items():
        assert isomorphic(dump.graph(rdflib.URIRef(name)), g)
    assert len(dump.default_graph) == 0  # the merge is derived, not dumped


def test_default_graph_is_the_merge(tmp_path):
    graphs = doc_graphs("a.md", "b.md", "c.md")
    for g in graphs.values():
        g.add((ID["technique/gan"], RDFS.label, Literal("GAN")))
    write_graphs(tmp_path, graphs)
    with open_store(tmp_path) as st:
        gan = f"SELECT ?s WHERE {{ ?s <{LABEL}> 'GAN' }}"
        assert st.query(gan).rows == ((str(ID["technique/gan"]),),)
        per_graph = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{LABEL}> 'GAN' }} }}"
        assert len(st.query(per_graph).rows) == 3
        n = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
        assert n == str(3 * 4 + 1)


def test_rewrite_replaces_whole_graph_and_cleans_up(tmp_path):
    write_graphs(tmp_path, doc_graphs("a.md", "b.md"))
    write_graphs(tmp_path, doc_graphs("b.md", "c.md"))
    with open_store(tmp_path) as st:
        assert st.graph_names() == [str(GRAPH["b.md"]), str(GRAPH["c.md"])]
        assert labels(st) == ["Paper b.md", "Paper c.md"]
    assert len(generations(tmp_path)) == 1
    assert (tmp_path / "store").is_symlink()


def test_open_store_without_build(tmp_path):
    with pytest.raises(StoreError) as err:
        open_store(tmp_path)
    assert str(err.value) == f"no graph at {tmp_path}: run `kg build` first"


def test_reader_keeps_its_snapshot_across_a_rebuild(tmp_path):
    write_graphs(tmp_path, doc_graphs("a.md"))
    with open_store(tmp_path) as old_reader:
        write_graphs(tmp_path, doc_graphs("b.md"))
        # its generation was deleted, but the open store still answers
        assert labels(old_reader) == ["Paper a.md"]
    with open_store(tmp_path) as st:
        assert labels(st) == ["Paper b.md"]


def test_failure_mid_load_leaves_old_store(tmp_path, monkeypatch):
    write_graphs(tmp_path, doc_graphs("a.md", "b.md"))
    before_dump = (tmp_path / "graph.trig").read_bytes()
    real_rows = encode_mod._graph_rows
    calls = []

    def failing_rows(name, graph, enc, counts):
        calls.append(name)
        if len(calls) == 2:  # the first graph is already on its way into the new store
            raise OSError("disk full (simulated)")
        yield from real_rows(name, graph, enc, counts)

    monkeypatch.setattr(encode_mod, "_graph_rows", failing_rows)
    with pytest.raises(OSError, match="simulated"):
        write_graphs(tmp_path, doc_graphs("x.md", "y.md", "z.md"))
    monkeypatch.undo()

    with open_store(tmp_path) as st:
        assert labels(st) == ["Paper a.md", "Paper b.md"]
    assert (tmp_path / "graph.trig").read_bytes() == before_dump
    assert len(generations(tmp_path)) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    import kg.store as s
    import kg.store.encode as encode
    import kg.store.local as local
    from tests.test_store import doc_graphs

    out, point = Path(sys.argv[1]), sys.argv[2]
    die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
    if point == "mid-load":
        real = encode._graph_rows
        def rows(name, graph, enc, counts):
            yield from real(name, graph, enc, counts)
            if name.endswith("y.md"):
                die()
        encode._graph_rows = rows
    elif point == "before-swap":
        local._swap_in = die
    elif point == "before-dump-rename":
        real_replace = os.replace
        def replace(src, dst):
            if str(dst).endswith("graph.trig"):
                die()
            return real_replace(src, dst)
        os.replace = replace
    s.write_graphs(out, doc_graphs("x.md", "y.md", "z.md"))
    """
)


@pytest.mark.parametrize("point", ["mid-load", "before-swap", "before-dump-rename"])
def test_killed_write_leaves_a_complete_store(tmp_path, point):
    write_graphs(tmp_path, doc_graphs("a.md", "b.md"))
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(tmp_path), point, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,  # the child is killed on purpose: its exit status is not the test
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr

    with open_store(tmp_path) as st:
        got = labels(st)
    if point == "before-dump-rename":
        # the store was swapped already: new store, complete
        assert got == ["Paper x.md", "Paper y.md", "Paper z.md"]
    else:
        assert got == ["Paper a.md", "Paper b.md"]

    # the next write removes the crashed write's leftovers
    write_graphs(tmp_path, doc_graphs("c.md"))
    with open_store(tmp_path) as st:
        assert labels(st) == ["Paper c.md"]
    assert len(generations(tmp_path)) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


LOCK_HOLDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from kg.store import build_lock
    with build_lock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()
    """
)


def test_lock_refuses_a_second_writer(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(tmp_path), str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError) as err:
            write_graphs(tmp_path, doc_graphs("a.md"))
        assert str(err.value) == (
            f"another kg build is writing {tmp_path} (pid {holder.pid}); wait for it to finish"
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    # released: writing works now
    write_graphs(tmp_path, doc_graphs("a.md"))


def test_lock_is_reentrant_in_one_thread_and_exclusive_across_threads(tmp_path):
    errors = []
    with build_lock(tmp_path):
        write_graphs(tmp_path, doc_graphs("a.md"))  # takes the lock again

        def other():
            try:
                with build_lock(tmp_path):
                    pass
            except StoreError as exc:
                errors.append(str(exc))

        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert len(errors) == 1 and errors[0].startswith("another kg build is writing")
    with build_lock(tmp_path):  # free again
        pass


def test_bindings_are_bound_not_formatted(tmp_path):
    nasty = '"} ; DROP ALL'
    graphs = doc_graphs("a.md", "b.md", extra=nasty)
    write_graphs(tmp_path, graphs)
    with open_store(tmp_path) as st:
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        total = st.query(count).rows
        q = f"SELECT ?s ?award WHERE {{ ?s <{KG.award}> ?award }}"
        res = run_query(st, q, {"award": nasty})
        assert res.rows == ((str(ID["paper/a.md"]), nasty),)
        res = st.query(q, {"award": Literal(nasty + " ")})
        assert res.rows == ()
        # an IRI cannot smuggle syntax either
        with pytest.raises(QueryError, match="invalid IRI"):
            run_query(st, q, {"s": "<http://x> } DROP ALL { <http://y>"})
        assert st.query(count).rows == total


def test_bindings_reach_filters_and_aggregates(tmp_path):
    write_graphs(tmp_path, doc_graphs("a.md", "b.md"))
    q = f"""
    SELECT ?t (COUNT(?p) AS ?n) WHERE {{
      ?p <{KG.usesTechnique}> ?t ; <{LABEL}> ?l .
      FILTER(STRENDS(?l, ?suffix))
    }} GROUP BY ?t
    """
    with open_store(tmp_path) as st:
        assert st.query(q, {"suffix": "b.md"}).rows == ((str(ID["technique/gan"]), "1"),)
        assert st.query(q, {"suffix": ".md"}).rows == ((str(ID["technique/gan"]), "2"),)


def test_unknown_parameter_and_bad_names(tmp_path):
    write_graphs(tmp_path, doc_graphs("a.md"))
    with open_store(tmp_path) as st:
        with pytest.raises(QueryError, match="not a variable of the query"):
            st.query("SELECT ?s WHERE { ?s ?p ?o }", {"label": "x"})
        with pytest.raises(QueryError, match="invalid parameter name"):
            st.query("SELECT ?s WHERE { ?s ?p ?o }", {"s) {} #": "x"})


def test_graph_names_must_be_iris(tmp_path):
    with pytest.raises(StoreError, match="not an absolute IRI"):
        write_graphs(tmp_path, {"a.md": Graph()})
    assert not (tmp_path / "store").exists()


def test_write_graphs_replaces_a_plain_store_directory(tmp_path):
    # an out/store that is a plain directory (not a generation link) is moved aside
    legacy = tmp_path / "store"
    legacy.mkdir()
    (legacy / "junk").write_text("x")
    write_graphs(tmp_path, doc_graphs("a.md"))
    assert (tmp_path / "store").is_symlink()
    with open_store(tmp_path) as st:
        assert labels(st) == ["Paper a.md"]
    assert os.listdir(tmp_path / "store") != ["junk"]


def loader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "kg-bulk-load"]


def test_many_small_chunks_load_everything(tmp_path, monkeypatch):
    # chunks of 4 quads: the loading thread takes many of them, in order
    monkeypatch.setattr(bulk_mod, "BULK_CHUNK", 4)
    graphs = doc_graphs(*(f"{i}.md" for i in range(20)))
    summary = write_graphs(tmp_path, graphs)
    assert summary.triples == 20 * 4
    with open_store(tmp_path) as st:
        n = st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
        assert n == "80"
        assert len(labels(st)) == 20
    assert loader_threads() == []


def test_a_failed_bulk_load_stops_the_write_and_keeps_the_old_graph(tmp_path, monkeypatch):
    write_graphs(tmp_path, doc_graphs("a.md", "b.md"))
    before_dump = (tmp_path / "graph.trig").read_bytes()
    real_load = bulk_mod._bulk_load
    calls = []

    def failing_load(store, text):
        calls.append(text)
        if len(calls) == 2:
            raise OSError("disk full (simulated, in the loading thread)")
        real_load(store, text)

    monkeypatch.setattr(bulk_mod, "BULK_CHUNK", 4)
    monkeypatch.setattr(bulk_mod, "_bulk_load", failing_load)
    with pytest.raises(OSError, match="loading thread"):
        write_graphs(tmp_path, doc_graphs(*(f"{i}.md" for i in range(20))))
    monkeypatch.undo()

    assert len(calls) == 2  # nothing is loaded after the failure
    assert loader_threads() == []
    with open_store(tmp_path) as st:
        assert labels(st) == ["Paper a.md", "Paper b.md"]
    assert (tmp_path / "graph.trig").read_bytes() == before_dump
    assert len(generations(tmp_path)) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
