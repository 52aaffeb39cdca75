"""The command line, through typer's runner, on a two-document corpus written here.

The corpus is built once for the module; every other command reads that build.
Outputs are compared exactly where they do not depend on extraction quality.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Graph, Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.namespaces import GRAPH, ID, KG, SCHEMA, graph_iri
from kg.query import list_queries

ROOT = Path(__file__).resolve().parents[1]

NOTES = textwrap.dedent(
    """\
    # Notes on image synthesis

    ## Latent Diffusion
    Researchers at CompVis train a diffusion model in the latent space of an autoencoder.<br>
    **Paper:** [High-Resolution Image Synthesis with Latent Diffusion Models](https://arxiv.org/abs/2112.10752)<br>
    **Code:** [CompVis/latent-diffusion](https://github.com/CompVis/latent-diffusion)<br>

    ## DALL·E 2
    OpenAI's DALL·E 2 generates images from text with a diffusion model.<br>
    **Paper:** [Hierarchical Text-Conditional Image Generation with CLIP Latents](https://arxiv.org/abs/2204.06125)<br>
    """
)
DIGEST = textwrap.dedent(
    """\
    Weekly digest

    Latent diffusion (arXiv:2112.10752) made high-resolution image synthesis affordable.
    Dall-e 2 from OpenAI also relies on diffusion.
    """
)
GOLD = textwrap.dedent(
    """\
    document: notes.md
    papers:
      - title: "High-Resolution Image Synthesis with Latent Diffusion Models"
        arxiv: "2112.10752"
        code: ["https://github.com/CompVis/latent-diffusion"]
      - title: "Hierarchical Text-Conditional Image Generation with CLIP Latents"
        arxiv: "2204.06125"
    organizations: [CompVis, OpenAI]
    """
)
LDM = "https://w3id.org/aikg/id/paper/arxiv-2112.10752"
UNCLIP = "https://w3id.org/aikg/id/paper/arxiv-2204.06125"
PREFIX = "PREFIX kg: <https://w3id.org/aikg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
ARXIV_QUERY = PREFIX + "SELECT ?arxiv WHERE { ?p a kg:Paper ; kg:arxivId ?arxiv } ORDER BY ?arxiv"

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def assert_one_line_error(result, *fragments: str) -> None:
    """Exit 1, one line on stderr starting with 'kg: ', nothing on stdout, no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: "), lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(docs dir, out dir, output of the first build, output of the second build)."""
    base = tmp_path_factory.mktemp("cli")
    docs = base / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text(NOTES, encoding="utf-8")
    (docs / "digest.txt").write_text(DIGEST, encoding="utf-8")
    out = base / "out"
    first = run("build", docs, "--out", out)
    assert first.exit_code == 0, first.output
    second = run("build", docs, "--out", out)
    assert second.exit_code == 0, second.output
    return docs, out, first, second


@pytest.fixture(scope="module")
def exported(built):
    _, out, _, _ = built
    result = run("export", "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------- help

COMMANDS = {
    "build": "Build the graph from documents",
    "query": "Run a SPARQL query",
    "export": "Export the graph",
    "viz": "interactive HTML view",
    "stats": "Counts per type and per document",
    "validate": "SHACL",
    "serve": "SPARQL 1.1 endpoint",
    "eval": "Score the built graph against gold files",
}


def test_top_level_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    assert "knowledge graph" in result.stdout
    for name in COMMANDS:
        assert re.search(rf"│ {name}\s", result.stdout) or f" {name} " in result.stdout, name


def test_no_arguments_shows_help():
    result = run()
    assert "Usage" in result.output
    assert "build" in result.output


@pytest.mark.parametrize("command, purpose", sorted(COMMANDS.items()))
def test_every_command_has_help(command, purpose):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # rich wraps and boxes the text
    assert f"kg {command}" in text or command in text
    assert purpose in text, text
    assert "--out" in text or command == "eval" and "GOLD" in text


def test_every_option_has_help_text():
    """No option is left without a description (rich prints an empty cell otherwise)."""
    import click
    import typer.main

    group = typer.main.get_command(app)
    assert group.commands
    for name, cmd in group.commands.items():
        assert cmd.help, name
        for param in cmd.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} {param.opts}"


# ---------------------------------------------------------------- build


def test_build_prints_summary(built, exported):
    _, out, first, _ = built
    lines = first.stdout.splitlines()
    counts = Counter(e["type"] for e in exported["entities"])
    expected_counts = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    assert lines[0] == f"built 2 documents (2 extracted, 0 removed): {expected_counts}"
    assert re.fullmatch(r"\d+ relations, \d+ triples", lines[1]), lines[1]
    n_relations = int(lines[1].split()[0])
    assert n_relations == len(exported["relations"])
    assert lines[2:] == [
        f"store: {out / 'store'}",
        f"dump:  {out / 'graph.trig'}",
        f"view:  {out / 'graph.html'}",
    ]
    assert first.stderr == ""
    assert (out / "graph.trig").is_file() and (out / "graph.html").is_file()


def test_second_build_is_up_to_date(built):
    _, out, _, second = built
    assert second.stdout == f"up to date: 2 documents unchanged; graph in {out / 'store'}\n"


def test_build_timings_name_each_stage(tmp_path, built):
    docs, _, _, _ = built
    result = run("build", docs, "--out", tmp_path / "out", "--no-view", "--timings")
    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    assert re.fullmatch(r"seconds: read [\d.]+, cached extractions [\d.]+, load model [\d.]+, extract [\d.]+, "
                        r"resolve [\d.]+, store [\d.]+", last), last


def test_build_of_nothing_is_one_line_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", tmp_path / "empty", "--out", tmp_path / "out")
    assert_one_line_error(result, "no documents")


# ---------------------------------------------------------------- query


def test_query_table_csv_json_exact(built):
    _, out, _, _ = built
    table = run("query", ARXIV_QUERY, "--out", out)
    assert table.exit_code == 0, table.output
    assert table.stdout == "arxiv\n----------\n2112.10752\n2204.06125\n"
    csv = run("query", ARXIV_QUERY, "--out", out, "--format", "csv")
    assert csv.stdout == "arxiv\n2112.10752\n2204.06125\n"
    js = run("query", ARXIV_QUERY, "--out", out, "-f", "json")
    assert js.stdout == '[\n  {\n    "arxiv": "2112.10752"\n  },\n  {\n    "arxiv": "2204.06125"\n  }\n]\n'


def test_query_from_rq_file(built, tmp_path):
    _, out, _, _ = built
    rq = tmp_path / "papers.rq"
    rq.write_text("# papers and titles\n" + PREFIX +
                  "SELECT ?arxiv ?title WHERE { ?p kg:arxivId ?arxiv ; rdfs:label ?title } ORDER BY ?arxiv\n")
    result = run("query", rq, "--out", out, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "arxiv,title\n"
        "2112.10752,High-Resolution Image Synthesis with Latent Diffusion Models\n"
        "2204.06125,Hierarchical Text-Conditional Image Generation with CLIP Latents\n"
    )


def test_query_param_is_bound(built):
    _, out, _, _ = built
    text = PREFIX + "SELECT ?title WHERE { ?p rdfs:label ?title ; kg:arxivId ?id }"
    result = run("query", text, "--out", out, "--format", "csv", "--param", f"p=<{UNCLIP}>")
    assert result.exit_code == 0, result.output
    assert result.stdout == "title\nHierarchical Text-Conditional Image Generation with CLIP Latents\n"
    # a string value is a literal, never SPARQL text
    by_label = PREFIX + "SELECT ?p WHERE { ?p a kg:Organization ; rdfs:label ?name }"
    result = run("query", by_label, "--out", out, "-f", "csv", "-p", "name=OpenAI")
    assert result.stdout == "p\nhttps://w3id.org/aikg/id/organization/openai\n"
    result = run("query", by_label, "--out", out, "-f", "csv", "-p", 'name=" } ; DROP ALL ; #')
    assert result.exit_code == 0, result.output
    assert result.stdout == "p\n"


def test_canned_query_with_param(built):
    _, out, _, _ = built
    result = run("query", "papers-with-code", "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["arxiv"], r["url"]) for r in rows] == [
        ("2112.10752", "https://github.com/CompVis/latent-diffusion")
    ]


def test_query_list(built):
    result = run("query", "--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    canned = list_queries()
    assert len(lines) == len(canned) >= 5
    for line, (name, description, params) in zip(lines, canned):
        assert line.startswith(f"{name} ")
        assert description in line
        if params:
            assert line.endswith(f"(params: {', '.join(params)})")


# ---------------------------------------------------------------- export

ENTITY_KEYS = {"id", "type", "label", "aliases", "arxiv", "year", "url", "sources"}
RELATION_KEYS = {"subject", "predicate", "object", "confidence", "support", "evidence"}
EVIDENCE_KEYS = {"source", "start", "end", "text"}
ENTITY_TYPES = {"Paper", "Person", "Organization", "Technique", "Model", "Task", "Dataset", "Venue", "Repository"}


def check_json_contract(data: dict, documents: dict[str, str]) -> None:
    """The JSON export contract of DESIGN.md; `documents` maps base names to their text."""
    assert set(data) == {"entities", "relations"}
    ids = set()
    for e in data["entities"]:
        assert ENTITY_KEYS <= set(e) <= ENTITY_KEYS | {"award"}, e
        assert isinstance(e["id"], str) and e["id"].startswith("https://w3id.org/aikg/id/")
        assert e["type"] in ENTITY_TYPES
        assert isinstance(e["label"], str) and e["label"].strip()
        assert isinstance(e["aliases"], list) and all(isinstance(a, str) for a in e["aliases"])
        assert e["label"] not in e["aliases"]
        assert e["arxiv"] is None or re.fullmatch(r"\d{4}\.\d{4,5}", e["arxiv"]), e
        if e["type"] != "Paper":
            assert e["arxiv"] is None
        assert e["year"] is None or (type(e["year"]) is int and 1900 < e["year"] < 2100), e
        assert e["url"] is None or isinstance(e["url"], str)
        assert e["sources"] and e["sources"] == sorted(set(e["sources"]))
        assert set(e["sources"]) <= set(documents), e["sources"]
        ids.add(e["id"])
    assert len(ids) == len(data["entities"])
    assert [e["id"] for e in data["entities"]] == sorted(ids)
    for r in data["relations"]:
        assert set(r) == RELATION_KEYS, r
        assert r["subject"] in ids and r["object"] in ids
        assert isinstance(r["predicate"], str) and not r["predicate"].startswith("http")
        assert isinstance(r["confidence"], float) and 0 < r["confidence"] <= 1
        assert r["evidence"], r
        assert r["support"] == len({ev["source"] for ev in r["evidence"]})
        assert r["confidence"] == max(ev.get("confidence", 0) for ev in r["evidence"])
        for ev in r["evidence"]:
            assert EVIDENCE_KEYS <= set(ev) <= EVIDENCE_KEYS | {"method", "confidence"}, ev
            assert ev["source"] in documents
            assert type(ev["start"]) is int and type(ev["end"]) is int
            assert 0 <= ev["start"] < ev["end"] <= len(documents[ev["source"]])
            assert isinstance(ev["text"], str) and ev["text"].strip()


def test_export_json_contract(built, exported):
    check_json_contract(exported, {"notes.md": NOTES, "digest.txt": DIGEST})
    by_id = {e["id"]: e for e in exported["entities"]}
    ldm = by_id[LDM]
    assert ldm["type"] == "Paper"
    assert ldm["arxiv"] == "2112.10752"
    assert ldm["label"] == "High-Resolution Image Synthesis with Latent Diffusion Models"
    assert ldm["sources"] == ["digest.txt", "notes.md"]
    assert by_id[UNCLIP]["sources"] == ["notes.md"]
    code = [r for r in exported["relations"] if r["predicate"] == "hasCode"]
    assert len(code) == 1
    assert code[0]["subject"] == LDM
    assert by_id[code[0]["object"]]["url"] == "https://github.com/CompVis/latent-diffusion"
    (ev,) = code[0]["evidence"]
    assert ev["source"] == "notes.md"
    assert "github.com/CompVis/latent-diffusion" in NOTES[ev["start"] : ev["end"]]
    # DALL·E 2 and Dall-e 2 are one model named by both documents
    (dalle2,) = [e for e in exported["entities"] if e["type"] == "Model" and e["label"] == "DALL·E 2"]
    assert dalle2["sources"] == ["digest.txt", "notes.md"]
    assert "Dall-e 2" in dalle2["aliases"]


def test_export_json_to_file(built, exported, tmp_path):
    _, out, _, _ = built
    target = tmp_path / "export.json"
    result = run("export", "--out", out, "--format", "json", "--output", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == exported


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_rdf_syntaxes_parse_back(built, exported, fmt, parse_as):
    _, out, _, _ = built
    result = run("export", "--out", out, "--format", fmt)
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout, format=parse_as)
    papers = set(g.subjects(RDF.type, KG.Paper))
    assert {str(p) for p in papers} == {LDM, UNCLIP}
    assert g.value(rdflib.URIRef(LDM), KG.arxivId) == Literal("2112.10752")
    # every entity of the JSON export is in the union graph
    assert exported["entities"]
    for e in exported["entities"]:
        assert (rdflib.URIRef(e["id"]), RDF.type, KG[e["type"]]) in g


def test_export_trig_keeps_named_graphs(built):
    _, out, _, _ = built
    result = run("export", "--out", out, "--format", "trig")
    assert result.exit_code == 0, result.output
    ds = rdflib.Dataset()
    ds.parse(data=result.stdout, format="trig")
    names = {str(c.identifier) for c in ds.contexts() if len(c)}
    assert {str(graph_iri("notes.md")), str(graph_iri("digest.txt"))} <= names
    assert str(GRAPH["vocabulary"]) in names
    notes = ds.graph(graph_iri("notes.md"))
    digest = ds.graph(graph_iri("digest.txt"))
    assert (rdflib.URIRef(UNCLIP), RDF.type, KG.Paper) in notes
    assert (rdflib.URIRef(UNCLIP), RDF.type, KG.Paper) not in digest
    assert (rdflib.URIRef(LDM), RDF.type, KG.Paper) in digest


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graph_formats(built, exported, tmp_path, fmt):
    import networkx as nx

    _, out, _, _ = built
    result = run("export", "--out", out, "--format", fmt)
    assert_one_line_error(result, f"--format {fmt} needs --output")
    target = tmp_path / f"graph.{fmt}"
    result = run("export", "--out", out, "--format", fmt, "--output", target)
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    m = re.fullmatch(rf"wrote {re.escape(str(target))} \((\d+) nodes, (\d+) edges\)\n", result.stdout)
    assert m, result.stdout
    assert G.number_of_nodes() == int(m.group(1))
    assert G.number_of_edges() == int(m.group(2))
    assert {e["id"] for e in exported["entities"]} <= set(G.nodes)
    assert G.nodes[LDM]["label"] == "High-Resolution Image Synthesis with Latent Diffusion Models"


# ---------------------------------------------------------------- stats, validate, viz, eval


def test_stats(built, exported):
    _, out, _, _ = built
    result = run("stats", "--out", out)
    assert result.exit_code == 0, result.output
    text = result.stdout
    counts = Counter(e["type"] for e in exported["entities"])
    expected = "entities:\n" + "".join(f"  {t:14} {n}\n" for t, n in sorted(counts.items()))
    assert text.startswith(expected), text
    predicates = Counter(r["predicate"] for r in exported["relations"])
    assert "relations:\n" + "".join(f"  {p:18} {n}\n" for p, n in sorted(predicates.items())) in text
    per_doc = {doc: Counter(e["type"] for e in exported["entities"] if doc in e["sources"])
               for doc in ("digest.txt", "notes.md")}
    assert "per document:\n" + "".join(
        f"  {doc}: " + ", ".join(f"{n} {t}" for t, n in sorted(c.items())) + "\n" for doc, c in per_doc.items()
    ) in text
    assert "most connected (degree, pagerank):\n" in text
    assert re.search(r"^  Paper: High-Resolution Image Synthesis with Latent Diffusion Models \(\d+, 0\.\d{3}\)",
                     text, re.MULTILINE), text
    assert text.endswith("\n") and not text.endswith("\n\n")

    js = run("stats", "--out", out, "--json")
    data = json.loads(js.stdout)
    assert data["entities"] == dict(sorted(counts.items()))
    assert data["relations"] == dict(sorted(predicates.items()))


def test_validate_passes(built):
    _, out, _, _ = built
    result = run("validate", "--out", out)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"valid: \d+ triples conform to the shapes\n", result.stdout), result.stdout


def test_validate_reports_violations(tmp_path):
    from kg.store import write_graphs

    g = Graph()
    paper = ID["paper/no-label"]
    g.add((paper, RDF.type, KG.Paper))
    g.add((paper, RDF.type, SCHEMA.ScholarlyArticle))
    g.add((paper, KG.arxivId, Literal("2112.10752")))
    write_graphs(tmp_path, {str(graph_iri("bad.md")): g})
    result = run("validate", "--out", tmp_path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Conforms: False" in result.stdout
    assert str(paper) in result.stdout
    assert "rdfs:label" in result.stdout
    assert result.stderr == "kg: 1 SHACL violations\n"


def test_viz_focus_writes_html(built, tmp_path):
    _, out, _, _ = built
    target = tmp_path / "ldm.html"
    result = run("viz", "--out", out, "--focus", "High-Resolution Image Synthesis with Latent Diffusion Models",
                 "--depth", "1", "--output", target)
    assert result.exit_code == 0, result.output
    m = re.fullmatch(rf"wrote {re.escape(str(target))} \((\d+) nodes, (\d+) edges\)\n", result.stdout)
    assert m, result.stdout
    assert int(m.group(1)) >= 2 and int(m.group(2)) >= 1
    html = target.read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert "High-Resolution Image Synthesis" in html


def test_viz_unknown_focus_is_one_line_error(built, tmp_path):
    _, out, _, _ = built
    result = run("viz", "--out", out, "--focus", "No Such Entity Anywhere", "--output", tmp_path / "x.html")
    assert_one_line_error(result, "No Such Entity Anywhere")


def test_eval_prints_table(built, tmp_path):
    _, out, _, _ = built
    gold = tmp_path / "notes.yaml"
    gold.write_text(GOLD, encoding="utf-8")
    result = run("eval", gold, "--out", out)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["metric", "notes", "overall"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split() == ["gold/pred", "papers", "2/2", "2/2"]
    assert lines[3].split() == ["papers", "P/R/F1", "1.00/1.00/1.00", "1.00/1.00/1.00"]
    assert lines[4].split() == ["orgs", "P/R/F1", "1.00/1.00/1.00", "1.00/1.00/1.00"]
    assert any(line.split()[:3] == ["arXiv", "id", "recall"] and "1.00 (2/2)" in line for line in lines)
    assert any(line.split()[:2] == ["code-link", "recall"] and "1.00 (1/1)" in line for line in lines)

    js = run("eval", gold, "--out", out, "--json")
    report = json.loads(js.stdout)
    assert report["overall"]["papers"]["f1"] == 1.0


# ---------------------------------------------------------------- errors


def test_missing_store_is_one_line_error(tmp_path):
    missing = tmp_path / "nowhere"
    for args in (("stats",), ("validate",), ("query", ARXIV_QUERY), ("export", "--format", "json"), ("viz",)):
        result = run(*args, "--out", missing)
        assert_one_line_error(result, "kg build")
        assert str(missing) in result.stderr


def test_bad_formats_are_one_line_errors(built):
    _, out, _, _ = built
    assert_one_line_error(run("export", "--out", out, "--format", "xml"), "xml")
    assert_one_line_error(run("query", ARXIV_QUERY, "--out", out, "--format", "xml"), "xml")


def test_query_errors_are_one_line(built, tmp_path):
    _, out, _, _ = built
    assert_one_line_error(run("query", tmp_path / "missing.rq", "--out", out), "missing.rq")
    assert_one_line_error(run("query", ARXIV_QUERY, "--out", out, "--param", "novalue"), "NAME=VALUE")
    assert_one_line_error(run("query", ARXIV_QUERY, "--out", out, "--param", "=x"), "NAME=VALUE")
    assert_one_line_error(run("query", "SELECT WHERE {", "--out", out))
    assert_one_line_error(run("query", "no-such-canned-query", "--out", out), "no-such-canned-query")
    assert_one_line_error(run("query", "--out", out), "--list")


def test_eval_missing_gold_is_one_line_error(built, tmp_path):
    _, out, _, _ = built
    assert_one_line_error(run("eval", tmp_path / "missing.yaml", "--out", out), "missing.yaml")


def test_module_entry_point_errors_without_traceback(tmp_path):
    """`python -m kg` goes through main(): same one-line error, exit 1."""
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "stats", "--out", str(tmp_path / "nowhere")],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == f"kg: no graph at {tmp_path / 'nowhere'}: run `kg build` first\n"


# ---------------------------------------------------------------- files the user gives (issue 13, item 3)
# every file a command reads gives one line naming it, never a traceback

LATIN1_QUERY = 'SELECT ?x WHERE { ?x rdfs:label "café" }'.encode("latin-1")


def test_query_file_not_utf8_is_one_line_error(built, tmp_path):
    _, out, _, _ = built
    path = tmp_path / "latin1.rq"
    path.write_bytes(LATIN1_QUERY)
    assert_one_line_error(run("query", path, "--out", out), str(path), "not UTF-8")


def test_query_file_not_utf8_through_python_m_kg(built, tmp_path):
    _, out, _, _ = built
    path = tmp_path / "latin1.rq"
    path.write_bytes(LATIN1_QUERY)
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "query", str(path), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"kg: {path}: not UTF-8") and proc.stderr.count("\n") == 1, proc.stderr


def test_gold_file_not_utf8_is_one_line_error(built, tmp_path):
    _, out, _, _ = built
    path = tmp_path / "latin1.yaml"
    path.write_bytes("document: notes.md\norganizations: [Café Lab]\n".encode("latin-1"))
    assert_one_line_error(run("eval", path, "--out", out), str(path), "not UTF-8")


def test_gold_file_of_the_wrong_shape_is_one_line_error(built, tmp_path):
    _, out, _, _ = built
    path = tmp_path / "shape.yaml"
    path.write_text("document: notes.md\npapers: 5\n", encoding="utf-8")
    assert_one_line_error(run("eval", path, "--out", out), str(path))


@pytest.mark.parametrize("fmt", ["json", "ttl", "graphml"])
def test_export_to_an_unwritable_output_is_one_line_error(built, tmp_path, fmt):
    _, out, _, _ = built
    target = tmp_path / "no-such-folder" / f"graph.{fmt}"
    assert_one_line_error(run("export", "--out", out, "--format", fmt, "--output", target), str(target))


def _vocabulary_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the vocabularies that the build reads instead of the project's."""
    import shutil

    import kg.vocab

    vocab = tmp_path / "vocabularies"
    shutil.copytree(kg.vocab.VOCAB_DIR, vocab)
    monkeypatch.setattr(kg.vocab, "VOCAB_DIR", vocab)
    return vocab


@pytest.mark.parametrize("content, problem", [
    ("type: Task\nentries:\n  - label: caf\xe9\n".encode("latin-1"), "not UTF-8"),
    (b"type: Task\nentries:\n  - label: x\n    aliases: 5\n", "aliases"),
    (b"type: Task\nentries: 5\n", "entries"),
    (b"type: Task\nentries: [\n", "not valid YAML"),
])
def test_bad_vocabulary_file_is_one_line_error(built, tmp_path, monkeypatch, content, problem):
    docs, _, _, _ = built
    vocab = _vocabulary_copy(tmp_path, monkeypatch)
    (vocab / "tasks.yaml").write_bytes(content)
    result = run("build", docs, "--out", tmp_path / "out", "--no-view")
    assert_one_line_error(result, "tasks.yaml", problem)


def test_vocabulary_jsonl_not_utf8_is_one_line_error(built, tmp_path, monkeypatch):
    docs, _, _, _ = built
    vocab = _vocabulary_copy(tmp_path, monkeypatch)
    (vocab / "pwc_methods.jsonl").write_bytes('{"type": "Technique", "label": "café"}\n'.encode("latin-1"))
    result = run("build", docs, "--out", tmp_path / "out", "--no-view")
    assert_one_line_error(result, "pwc_methods.jsonl", "not UTF-8")


def test_broken_ontology_is_one_line_error(built, tmp_path, monkeypatch):
    import kg.vocab

    docs, _, _, _ = built
    (tmp_path / "kg.ttl").write_text("@prefix : <https://example.org/> .\n:a :b\n", encoding="utf-8")
    monkeypatch.setattr(kg.vocab, "ONTOLOGY_DIR", tmp_path)
    result = run("build", docs, "--out", tmp_path / "out", "--no-view")
    assert_one_line_error(result, str(tmp_path / "kg.ttl"), "not valid Turtle")


def test_broken_shapes_are_one_line_error(built, tmp_path, monkeypatch):
    import kg.validate

    _, out, _, _ = built
    shapes = tmp_path / "shapes.ttl"
    shapes.write_bytes(b"@prefix : <https://example.org/> .\n:a :b \"caf\xe9\" .\n")
    monkeypatch.setattr(kg.validate, "SHAPES_PATH", shapes)
    assert_one_line_error(run("validate", "--out", out), str(shapes), "not UTF-8")
