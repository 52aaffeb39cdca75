"""Incremental, idempotent builds (issue 5, item 3).

The spaCy pipeline is loaded once per process (kg.extract.nlp.load_pipeline is
cached), so every build here after the first costs only the few short
documents it extracts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

import kg.extract
from kg.build import build
from kg.export import export_json
from kg.namespaces import GRAPH
from kg.store import open_store
from tests.small_corpus import (
    B_CHANGED,
    DREAMBOOTH,
    GOOGLE_RESEARCH,
    INSTANT_NGP,
    LDM,
    NERF,
    NVIDIA,
    copy_build,
    write_docs,
)

ROOT = Path(__file__).resolve().parents[1]


def entities(out: Path) -> dict[str, dict]:
    with open_store(out) as st:
        return {e["id"]: e for e in export_json(st.dataset())["entities"]}


def graph_names(out: Path) -> list[str]:
    with open_store(out) as st:
        return st.graph_names()


def named_graph(out: Path, doc: str) -> rdflib.Graph:
    with open_store(out) as st:
        ds = st.dataset()
    g = rdflib.Graph()
    for t in ds.graph(URIRef(str(GRAPH[doc]))):
        g.add(t)
    return g


def forbid_extraction(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("extract_all was called: the build did NLP work")

    monkeypatch.setattr(kg.extract, "extract_all", fail)


def record_extraction(monkeypatch) -> list[str]:
    """Let extraction run, and note which documents it was given."""
    seen: list[str] = []
    real = kg.extract.extract_all

    def spy(documents, **kwargs):
        documents = list(documents)
        seen.extend(d.name for d in documents)
        return real(documents, **kwargs)

    monkeypatch.setattr(kg.extract, "extract_all", spy)
    return seen


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """One build of the three small documents; tests copy it before changing it."""
    root = tmp_path_factory.mktemp("incremental")
    docs = write_docs(root / "docs")
    out = root / "out"
    report = build([docs], out, view=False)
    assert report.extracted == ("a.md", "b.md", "c.md")
    assert not report.skipped and not report.up_to_date
    return docs, out


@pytest.fixture
def built(first_build, tmp_path):
    """A private copy of the first build (documents, store, manifest, cache)."""
    return copy_build(*first_build, tmp_path)


def test_the_small_corpus_builds_what_the_tests_rely_on(first_build):
    _, out = first_build
    found = entities(out)
    assert {LDM, NERF, DREAMBOOTH, NVIDIA, GOOGLE_RESEARCH} <= set(found)
    assert found[LDM]["sources"] == ["a.md", "c.md"]
    assert found[NVIDIA]["sources"] == ["a.md", "c.md"]
    assert found[NERF]["sources"] == ["b.md"]
    assert found[DREAMBOOTH]["sources"] == ["c.md"]
    assert graph_names(out) == sorted(
        [str(GRAPH["a.md"]), str(GRAPH["b.md"]), str(GRAPH["c.md"]), str(GRAPH["vocabulary"])]
    )


def test_unchanged_corpus_does_no_nlp_work(built, monkeypatch):
    docs, out = built
    store_target = os.readlink(out / "store")
    dump = (out / "graph.trig").read_bytes()
    manifest = (out / "manifest.json").read_bytes()
    forbid_extraction(monkeypatch)

    report = build([docs], out, view=False)

    assert report.up_to_date
    assert report.extracted == () and report.removed == () and report.skipped == ()
    assert report.documents == ("a.md", "b.md", "c.md")
    # nothing was rewritten: same store generation, dump and manifest
    assert os.readlink(out / "store") == store_target
    assert (out / "graph.trig").read_bytes() == dump
    assert (out / "manifest.json").read_bytes() == manifest


def test_touching_a_file_without_changing_it_is_still_up_to_date(built, monkeypatch):
    docs, out = built
    os.utime(docs / "a.md", (1, 1))  # a new mtime, same bytes: the hash decides
    forbid_extraction(monkeypatch)
    assert build([docs], out, view=False).up_to_date


def test_changed_document_graph_is_replaced_others_kept(built, monkeypatch):
    docs, out = built
    before_a = named_graph(out, "a.md")
    before_c = named_graph(out, "c.md")
    (docs / "b.md").write_text(B_CHANGED, encoding="utf-8")
    extracted = record_extraction(monkeypatch)

    report = build([docs], out, view=False)

    assert not report.up_to_date
    assert report.extracted == ("b.md",)
    assert extracted == ["b.md"]  # the others came from the cache
    assert report.removed == ()
    found = entities(out)
    assert NERF not in found and GOOGLE_RESEARCH not in found  # only b.md had them
    assert found[INSTANT_NGP]["sources"] == ["b.md"]
    assert found[NVIDIA]["sources"] == ["a.md", "b.md", "c.md"]
    new_b = named_graph(out, "b.md")
    assert (URIRef(NERF), None, None) not in new_b
    assert (URIRef(INSTANT_NGP), None, None) in new_b
    # the unchanged documents' graphs are the same triples, provenance time included
    assert isomorphic(named_graph(out, "a.md"), before_a)
    assert isomorphic(named_graph(out, "c.md"), before_c)
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["documents"]) == {"a.md", "b.md", "c.md"}

    forbid_extraction(monkeypatch)  # and now it is up to date again
    assert build([docs], out, view=False).up_to_date


def test_reverting_a_change_reuses_the_cached_extraction(built, monkeypatch):
    docs, out = built
    original = (docs / "b.md").read_text(encoding="utf-8")
    (docs / "b.md").write_text(B_CHANGED, encoding="utf-8")
    assert build([docs], out, view=False).extracted == ("b.md",)
    (docs / "b.md").write_text(original, encoding="utf-8")
    forbid_extraction(monkeypatch)  # the cache is keyed by content
    report = build([docs], out, view=False)
    assert not report.up_to_date and report.extracted == ()
    assert NERF in entities(out)


def test_removed_document_graph_is_dropped(built, monkeypatch):
    docs, out = built
    (docs / "c.md").unlink()
    forbid_extraction(monkeypatch)  # removal needs no NLP either

    report = build([docs], out, view=False)

    assert report.removed == ("c.md",)
    assert report.extracted == ()
    assert report.documents == ("a.md", "b.md")
    assert str(GRAPH["c.md"]) not in graph_names(out)
    found = entities(out)
    assert DREAMBOOTH not in found  # supported only by c.md
    assert found[LDM]["sources"] == ["a.md"]  # also in a.md: kept, sources reduced
    assert found[NVIDIA]["sources"] == ["a.md"]
    with open_store(out) as st:
        res = st.query(f"ASK {{ <{DREAMBOOTH}> ?p ?o }}")
        assert res.boolean is False
        res = st.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?d . "
            "FILTER(STRENDS(STR(?d), 'c.md')) }"
        )
        assert res.rows == (("0",),)
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["documents"]) == {"a.md", "b.md"}


def test_building_a_subset_then_everything_again(built, monkeypatch):
    """Naming fewer paths removes the others' graphs; naming them again restores them from cache."""
    docs, out = built
    report = build([docs / "a.md"], out, view=False)
    assert report.removed == ("b.md", "c.md")
    assert graph_names(out) == sorted([str(GRAPH["a.md"]), str(GRAPH["vocabulary"])])
    forbid_extraction(monkeypatch)
    report = build([docs], out, view=False)
    assert report.extracted == ()
    assert DREAMBOOTH in entities(out)


def _without_generation_time(ds: rdflib.Dataset) -> rdflib.Graph:
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p != PROV.generatedAtTime:
            union.add((s, p, o))
    return union


def _graphs_by_name(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        if p != PROV.generatedAtTime:
            out.setdefault(str(g.identifier if hasattr(g, "identifier") else g), rdflib.Graph()).add(
                (s, p, o)
            )
    return out


@pytest.mark.slow  # a second build in another process
def test_same_corpus_twice_gives_isomorphic_graphs(first_build, tmp_path):
    """Two fresh builds of the same corpus, one in another process with another
    hash seed (so set and dict ordering that depends on string hashing would
    show up as different IRIs, labels or aliases)."""
    docs, out1 = first_build
    out2 = tmp_path / "out2"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(docs), "--out", str(out2), "--no-view"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    with open_store(out1) as st:
        ds1 = st.dataset()
    with open_store(out2) as st:
        ds2 = st.dataset()

    g1, g2 = _without_generation_time(ds1), _without_generation_time(ds2)
    assert len(g1) == len(g2)
    assert isomorphic(g1, g2)
    # and graph by graph: the same triples land in the same named graph
    by1, by2 = _graphs_by_name(ds1), _graphs_by_name(ds2)
    assert sorted(by1) == sorted(by2)
    assert by1
    for name in by1:
        assert isomorphic(by1[name], by2[name]), name
    # the JSON export, which lists aliases and sources, is identical too
    assert export_json(ds1) == export_json(ds2)
    # the only triples left out differ only in time
    times = list(ds2.quads((None, PROV.generatedAtTime, None, None)))
    assert len(times) == 3


def test_same_corpus_twice_in_one_process_gives_the_same_dump(first_build, tmp_path):
    """The TriG dumps agree line for line apart from the build time and blank node
    labels (the ontology's owl:unionOf lists are blank nodes, labelled afresh
    by every parse)."""
    import re

    docs, out1 = first_build
    out2 = tmp_path / "again"
    build([docs], out2, view=False)
    stamp = re.compile(r'"\d{4}-\d\d-\d\dT[0-9:]+(?:\+00:00|Z)?"\^\^xsd:dateTime')
    bnode = re.compile(r"_:[A-Za-z0-9]+")

    def lines(path: Path) -> list[str]:
        text = bnode.sub("_:b", stamp.sub("TIME", path.read_text(encoding="utf-8")))
        return sorted(text.splitlines())

    assert lines(out1 / "graph.trig") == lines(out2 / "graph.trig")


def test_a_build_to_another_store_is_not_up_to_date(built, monkeypatch):
    """The manifest records where the graph was written: switching between the
    local store and a server (or two servers) writes the graph again, from cache."""
    import kg.store
    from kg.store import StoreSummary

    docs, out = built
    url = "http://127.0.0.1:9/kg"
    written = []

    def fake_write(out_dir, graphs, *, store_url=None, **kwargs):
        written.append(store_url)
        return StoreSummary(len(graphs), sum(len(g) for g in graphs.values()), store_url or "local")

    monkeypatch.setattr(kg.store, "write_graphs", fake_write)
    forbid_extraction(monkeypatch)
    report = build([docs], out, store_url=url, view=False)
    assert not report.up_to_date and report.extracted == ()
    assert written == [url]
    report = build([docs], out, store_url=url, view=False)
    assert report.up_to_date and report.store == url
    assert written == [url]
    build([docs], out, view=False)  # back to the local store
    assert written == [url, None]


def test_sharded_extraction_then_one_build(first_build, tmp_path, monkeypatch):
    """Extractions travel between machines: each extracts a shard into its own
    out dir; the content-addressed caches are copied together; one build of the
    whole corpus then does no NLP and gives the single-machine graph. (The README
    now shows a Dask cluster for this; the cache is what makes both work.)"""
    import shutil

    docs, single = first_build
    build([docs / "a.md"], tmp_path / "shard0", view=False)
    build([docs / "b.md", docs / "c.md"], tmp_path / "shard1", view=False)
    final = tmp_path / "final"
    (final / "cache").mkdir(parents=True)
    for shard in ("shard0", "shard1"):
        for f in (tmp_path / shard / "cache").iterdir():
            shutil.copy(f, final / "cache" / f.name)

    forbid_extraction(monkeypatch)
    report = build([docs], final, view=False)
    assert report.extracted == () and report.documents == ("a.md", "b.md", "c.md")
    with open_store(single) as st:
        expected = _without_generation_time(st.dataset())
    with open_store(final) as st:
        got = _without_generation_time(st.dataset())
    assert isomorphic(expected, got)


def test_editing_a_vocabulary_re_extracts(built, tmp_path, monkeypatch):
    """The cache and the up-to-date check are keyed on the vocabulary files' bytes
    (issue 13, item 2): the build reads them from kg.vocab.VOCAB_DIR, here a copy."""
    import shutil

    import kg.vocab

    docs, out = built
    vocab = tmp_path / "vocabularies"
    shutil.copytree(kg.vocab.VOCAB_DIR, vocab)
    monkeypatch.setattr(kg.vocab, "VOCAB_DIR", vocab)
    extracted = record_extraction(monkeypatch)
    assert build([docs], out, view=False).up_to_date  # same bytes elsewhere: the same vocabulary

    with (vocab / "tasks.yaml").open("a", encoding="utf-8") as f:
        f.write("\n  - label: vocabulary edit test task\n    broader: [image generation]\n")
    report = build([docs], out, view=False)

    assert not report.up_to_date
    assert report.extracted == ("a.md", "b.md", "c.md")
    assert extracted == ["a.md", "b.md", "c.md"]  # not served from the old cache
    with open_store(out) as st:
        assert st.query('ASK { ?t rdfs:label "vocabulary edit test task" }').boolean
    extracted.clear()
    assert build([docs], out, view=False).up_to_date and extracted == []
