"""The canned queries in kg/queries/*.rq: on a small hand-built graph (exact rows), with
hostile parameter values, through `kg query`, and on the bundled corpus (every query answers).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.query import QUERIES_DIR, format_result, list_queries, query_shape, run_query
from kg.store import open_store, write_graphs
from tests import rdf_fixtures as fx

NAMES = {
    "papers-using-technique",
    "labs-on-technique",
    "coauthors",
    "techniques-by-year",
    "builds-on",
    "papers-with-code",
    "relation-evidence",
    "paper-authors",
    "entities-by-type",
    "document-summary",
}

LDM_TITLE = "High-Resolution Image Synthesis with Latent Diffusion Models"
DALLE2_TITLE = "Hierarchical Text-Conditional Image Generation with CLIP Latents"
DDPM_TITLE = "Denoising Diffusion Probabilistic Models"

BLATTMANN = fx.iri("person", "andreas-blattmann")
OMMER = fx.iri("person", "bjorn-ommer")
# a name that looks like SPARQL: it must only ever be compared as a string
SNEAKY_NAME = 'Eve "} ; DROP ALL ; #{'
SNEAKY = fx.iri("person", "eve")


def _dataset():
    """tests.rdf_fixtures.two_documents plus co-authors (one with a SPARQL-looking name)."""
    ds = fx.two_documents()
    a = ds.graph(fx.graph_iri(fx.DOC_A))
    fx.add_entity(a, BLATTMANN, "Person", "Andreas Blattmann")
    fx.add_entity(a, OMMER, "Person", "Björn Ommer", aliases=("B. Ommer",))
    fx.add_entity(a, SNEAKY, "Person", SNEAKY_NAME)
    for i, person in enumerate((BLATTMANN, OMMER, SNEAKY)):
        fx.add_relation(a, fx.DOC_A, fx.LDM_PAPER, "authoredBy", person,
                        "Rombach, Blattmann, Ommer and Eve.", start=400 + i)
    fx.add_relation(a, fx.DOC_A, OMMER, "affiliatedWith", fx.COMPVIS,
                    "Björn Ommer leads CompVis.", start=500)
    return ds


def _write(ds, out_dir):
    graphs = {}
    for g in ds.graphs():
        if len(g) and str(g.identifier).startswith("https://"):
            copy = Graph()
            for triple in g:
                copy.add(triple)
            graphs[str(g.identifier)] = copy
    write_graphs(out_dir, graphs)


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("canned")
    _write(_dataset(), out)
    return out


@pytest.fixture(scope="module")
def store(out_dir):
    with open_store(out_dir) as st:
        yield st


def rows(store, name, **params):
    """The result as a list of dicts (column -> value) in query order."""
    res = run_query(store, name, params)
    assert res.kind == "select"
    return [dict(zip(res.columns, row)) for row in res.rows]


def pick(records, *columns):
    return [tuple(r[c] for c in columns) for r in records]


def joined(value):
    # GROUP_CONCAT has no defined order: compare as a set
    return set(value.split(", ")) if value else set()


# ---------------------------------------------------------------- the files themselves


def test_every_query_is_present_described_and_declares_its_params():
    listed = {name: (description, params) for name, description, params in list_queries()}
    assert NAMES <= set(listed)
    for name in NAMES:
        description, params = listed[name]
        assert description, name
        text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
        shape = query_shape(text)
        assert shape.form == "SELECT", name
        # every declared parameter is a variable the runner can bind
        assert set(params) <= shape.variables, name


def test_declared_params():
    params = {name: p for name, _, p in list_queries()}
    assert params["papers-using-technique"] == ("technique",)
    assert params["labs-on-technique"] == ("technique",)
    assert params["coauthors"] == ("person",)
    assert params["builds-on"] == ("target",)
    assert params["relation-evidence"] == ("subject", "object", "predicate")
    assert params["entities-by-type"] == ("type",)
    for name in ("techniques-by-year", "papers-with-code", "paper-authors", "document-summary"):
        assert params[name] == (), name


# ---------------------------------------------------------------- exact answers on the fixture


def test_papers_using_technique_includes_narrower_techniques_and_models(store):
    got = rows(store, "papers-using-technique", technique="diffusion model")
    assert pick(got, "type", "label", "year", "arxiv", "techniques") == [
        ("Model", "DALL·E 2", None, None, "diffusion model"),
        ("Model", "Stable Diffusion", None, None, "latent diffusion model"),
        ("Paper", DALLE2_TITLE, "2022", "2204.06125", "diffusion model"),
        ("Paper", LDM_TITLE, "2022", "2112.10752", "latent diffusion model"),
        ("Paper", DDPM_TITLE, "2020", "2006.11239", "diffusion model"),
    ]
    assert got[0]["iri"] == str(fx.DALLE2)


def test_papers_using_technique_matches_aliases_case_insensitively(store):
    by_label = rows(store, "papers-using-technique", technique="diffusion model")
    assert rows(store, "papers-using-technique", technique="DDPM") == by_label
    assert rows(store, "papers-using-technique", technique="Diffusion Models") == by_label
    # a narrower technique does not pull in its broader one
    narrow = rows(store, "papers-using-technique", technique="ldm")
    assert pick(narrow, "label") == [("Stable Diffusion",), (LDM_TITLE,)]
    assert rows(store, "papers-using-technique", technique="no such technique") == []


def test_an_iri_param_names_the_entity_itself(store):
    assert rows(store, "papers-using-technique", technique=f"<{fx.DIFFUSION}>") == rows(
        store, "papers-using-technique", technique="diffusion model"
    )
    assert {r["coauthor"] for r in rows(store, "coauthors", person=f"<{OMMER}>")} == {
        "Robin Rombach", "Andreas Blattmann", SNEAKY_NAME,
    }
    papers = rows(store, "entities-by-type", type="<https://w3id.org/aikg/ontology#Paper>")
    assert len(papers) == 3


def test_labs_on_technique(store):
    got = rows(store, "labs-on-technique", technique="Diffusion Model")
    assert pick(got, "lab", "papers", "models", "techniques") == [
        ("CompVis", "1", "0", "latent diffusion model"),
        ("OpenAI", "1", "0", "diffusion model"),
        ("UC Berkeley", "1", "0", "diffusion model"),
    ]
    attention = rows(store, "labs-on-technique", technique="attention")
    assert pick(attention, "lab", "papers") == [("CompVis", "1"), ("OpenAI", "1")]


def test_coauthors(store):
    got = rows(store, "coauthors", person="robin rombach")
    assert pick(got, "author", "coauthor", "papers", "titles") == [
        ("Robin Rombach", "Andreas Blattmann", "1", LDM_TITLE),
        ("Robin Rombach", "Björn Ommer", "1", LDM_TITLE),
        ("Robin Rombach", SNEAKY_NAME, "1", LDM_TITLE),
    ]
    # an alias finds the person too
    assert {r["coauthor"] for r in rows(store, "coauthors", person="b. ommer")} == {
        "Robin Rombach", "Andreas Blattmann", SNEAKY_NAME,
    }


def test_techniques_by_year(store):
    got = rows(store, "techniques-by-year")
    assert pick(got, "year", "technique", "papers") == [
        ("2020", "diffusion model", "1"),
        ("2022", "attention", "2"),
        ("2022", "diffusion model", "1"),
        ("2022", "latent diffusion model", "1"),
    ]


def test_builds_on_a_technique(store):
    got = rows(store, "builds-on", target="diffusion model")
    assert pick(got, "type", "label", "year", "how", "via") == [
        ("Technique", "latent diffusion model", None, "narrower technique", "diffusion model"),
        # unknown years last
        ("Paper", LDM_TITLE, "2022", "uses a narrower technique", "latent diffusion model"),
        ("Model", "Stable Diffusion", None, "uses a narrower technique", "latent diffusion model"),
    ]


def test_builds_on_a_paper(store):
    got = rows(store, "builds-on", target=LDM_TITLE.upper())
    assert pick(got, "type", "label", "how", "via") == [
        ("Model", "Stable Diffusion", "builds on", LDM_TITLE),
    ]


def test_papers_with_code(store):
    got = rows(store, "papers-with-code")
    assert pick(got, "paper", "year", "arxiv", "repository", "url") == [
        (LDM_TITLE, "2022", "2112.10752", "CompVis/latent-diffusion",
         "https://github.com/CompVis/latent-diffusion"),
    ]


def test_relation_evidence_between_two_entities(store):
    got = rows(store, "relation-evidence", subject=LDM_TITLE, object="attention")
    # both documents assert it: the evidence from each, most confident first
    assert pick(got, "subjectLabel", "relation", "objectLabel", "source", "start", "end",
                "method", "confidence") == [
        (LDM_TITLE, "usesTechnique", "attention", fx.DOC_B, "330", "378", "test", "0.95"),
        (LDM_TITLE, "usesTechnique", "attention", fx.DOC_A, "90", "148", "test", "0.7"),
    ]
    assert got[0]["sentence"] == "Latent diffusion also relies on cross-attention."


def test_relation_evidence_predicate_filter(store):
    uses = rows(store, "relation-evidence", subject="stable diffusion", object="LDM",
                predicate="usesTechnique")
    assert pick(uses, "relation", "sentence") == [
        ("usesTechnique", "Stable Diffusion is a latent diffusion model."),
    ]
    # the predicate as a full IRI works too; a predicate that does not link them finds nothing
    full = rows(store, "relation-evidence", subject="stable diffusion", object="LDM",
                predicate="<https://w3id.org/aikg/ontology#usesTechnique>")
    assert full == uses
    assert rows(store, "relation-evidence", subject="stable diffusion", object="LDM",
                predicate="buildsOn") == []
    # without a predicate every relation from the subject to the object
    builds = rows(store, "relation-evidence", subject="Stable Diffusion", object=LDM_TITLE)
    assert pick(builds, "relation") == [("buildsOn",)]


def test_paper_authors(store):
    got = rows(store, "paper-authors")
    assert len(got) == 1
    assert got[0]["paper"] == LDM_TITLE
    assert got[0]["year"] == "2022"
    assert got[0]["n_authors"] == "4"
    assert joined(got[0]["authors"]) == {
        "Robin Rombach", "Andreas Blattmann", "Björn Ommer", SNEAKY_NAME,
    }


def test_entities_by_type(store):
    got = rows(store, "entities-by-type", type="technique")
    assert pick(got, "kind", "label", "documents") == [
        ("Technique", "attention", "2"),
        ("Technique", "diffusion model", "1"),
        ("Technique", "latent diffusion model", "1"),
        ("Technique", "generative adversarial network", "0"),  # only in the vocabulary
    ]
    assert set(got[1]["aliases"].split(" | ")) == {"DDPM", "diffusion models"}
    papers = rows(store, "entities-by-type", type="Paper")
    assert {r["label"] for r in papers} == {LDM_TITLE, DALLE2_TITLE, DDPM_TITLE}
    # the LDM paper is described in both documents
    assert [r["documents"] for r in papers if r["label"] == LDM_TITLE] == ["2"]
    assert rows(store, "entities-by-type", type="Evidence") == []


def test_document_summary(store):
    got = rows(store, "document-summary")
    assert pick(got, "document", "entities", "papers", "people", "organizations", "techniques",
                "models", "repositories", "relations") == [
        (fx.DOC_A, "10", "1", "4", "1", "2", "1", "1", "11"),
        (fx.DOC_B, "8", "3", "0", "2", "2", "1", "0", "8"),
        ("vocabulary", "4", "0", "0", "0", "4", "0", "0", "0"),
    ]
    assert all(int(r["triples"]) > 0 for r in got)


def test_unbound_params_match_everything(store):
    # a declared parameter left out stays unbound: the query answers for all values
    assert len(rows(store, "papers-using-technique")) == 5
    assert len(rows(store, "entities-by-type")) == 17
    assert len(rows(store, "relation-evidence", subject="Stable Diffusion")) == 2


# ---------------------------------------------------------------- parameters stay literals

HOSTILE_VALUES = [
    'diffusion model" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
    "diffusion model' } DROP GRAPH <https://w3id.org/aikg/graph/000_latent.txt> #",
    '"""} }}} {{{',
    "\\\" . } INSERT DATA { <a:b> <a:c> <a:d> } #",
    "<https://w3id.org/aikg/id/technique/diffusion-model>) } #",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_match_nothing_and_change_nothing(store, value):
    before = rows(store, "document-summary")
    for name, param in (
        ("papers-using-technique", "technique"),
        ("labs-on-technique", "technique"),
        ("coauthors", "person"),
        ("builds-on", "target"),
        ("relation-evidence", "subject"),
        ("entities-by-type", "type"),
    ):
        assert rows(store, name, **{param: value}) == [], name
    assert rows(store, "document-summary") == before


def test_sparql_looking_name_is_matched_as_a_plain_string(store):
    got = rows(store, "coauthors", person=SNEAKY_NAME)
    assert {r["author"] for r in got} == {SNEAKY_NAME}
    assert {r["coauthor"] for r in got} == {"Robin Rombach", "Andreas Blattmann", "Björn Ommer"}
    evidence = rows(store, "relation-evidence", subject=LDM_TITLE, object=SNEAKY_NAME.upper())
    assert pick(evidence, "relation", "objectLabel") == [("authoredBy", SNEAKY_NAME)]


# ---------------------------------------------------------------- through the command line


def test_cli_lists_every_canned_query():
    cli = pytest.importorskip("kg.cli")
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli.app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.output.splitlines() if line.strip()}
    assert NAMES <= listed
    for name, description, params in list_queries():
        line = next(ln for ln in result.output.splitlines() if ln.split()[0] == name)
        assert description in line
        for param in params:
            assert param in line


def test_cli_runs_a_canned_query_with_a_param(out_dir):
    cli = pytest.importorskip("kg.cli")
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        cli.app,
        ["query", "papers-with-code", "--out", str(out_dir), "--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "paper,year,arxiv,repository,url,iri",
        (
            f"{LDM_TITLE},2022,2112.10752,CompVis/latent-diffusion,"
            f"https://github.com/CompVis/latent-diffusion,{fx.LDM_PAPER}"
        ),
    ]
    result = CliRunner().invoke(
        cli.app,
        ["query", "papers-using-technique", "--out", str(out_dir), "--format", "csv",
         "--param", "technique=LDM"],
    )
    assert result.exit_code == 0, result.output
    assert [line.split(",")[1] for line in result.output.splitlines()[1:]] == [
        "Stable Diffusion", LDM_TITLE,
    ]


# ---------------------------------------------------------------- the bundled corpus

# sensible parameters for each query on data/corpus
CORPUS_PARAMS = {
    "papers-using-technique": {"technique": "diffusion model"},
    "labs-on-technique": {"technique": "diffusion model"},
    "coauthors": {"person": "Ian Goodfellow"},
    "techniques-by-year": {},
    "builds-on": {"target": "diffusion model"},
    "papers-with-code": {},
    "relation-evidence": {"object": "diffusion model", "predicate": "usesTechnique"},
    "paper-authors": {},
    "entities-by-type": {"type": "Paper"},
    "document-summary": {},
}


@pytest.fixture(scope="module")
def corpus_store(corpus_out):
    with open_store(corpus_out) as st:
        yield st


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(NAMES))
def test_every_canned_query_answers_on_the_corpus(corpus_store, name):
    res = run_query(corpus_store, name, CORPUS_PARAMS[name])
    assert res.rows, f"{name} {CORPUS_PARAMS[name]} returned no rows:\n{format_result(res)}"


@pytest.mark.slow
def test_corpus_document_summary_has_every_document(corpus_store):
    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    documents = {r["document"] for r in rows(corpus_store, "document-summary")}
    assert {p.name for p in corpus.iterdir() if p.is_file()} <= documents
