import json
from decimal import Decimal

import pytest
from rdflib import RDFS, XSD, Graph, Literal, URIRef

from kg.errors import QueryError
from kg.namespaces import GRAPH, ID, KG
from kg.query import (
    QueryResult,
    bind_values,
    format_result,
    list_queries,
    parse_param,
    run_query,
)
from kg.store import open_store, write_graphs

PREFIX = f"PREFIX rdfs: <{RDFS}>\nPREFIX kg: <{KG}>\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    g = Graph()
    g.add((ID.ldm, RDFS.label, Literal("Latent Diffusion")))
    g.add((ID.ldm, KG.usesTechnique, ID.diffusion))
    g.add((ID.diffusion, RDFS.label, Literal("diffusion model")))
    g.add((ID.gan, RDFS.label, Literal("GAN")))
    g.add((ID.biggan, RDFS.label, Literal("BigGAN, \"large\"")))
    g.add((ID.biggan, KG.usesTechnique, ID.gan))
    g.add((ID.biggan, KG.confidence, Literal("0.75", datatype=XSD.decimal)))
    write_graphs(out, {str(GRAPH["doc.md"]): g})
    with open_store(out) as st:
        yield st


USES = PREFIX + """
SELECT ?model ?technique ?confidence WHERE {
  ?m kg:usesTechnique ?t ; rdfs:label ?model .
  ?t rdfs:label ?technique .
  OPTIONAL { ?m kg:confidence ?confidence }
} ORDER BY ?model
"""


def test_select_formats_exactly(store):
    res = run_query(store, USES)
    assert res == QueryResult(
        "select",
        columns=("model", "technique", "confidence"),
        rows=(("BigGAN, \"large\"", "GAN", "0.75"), ("Latent Diffusion", "diffusion model", None)),
    )
    assert format_result(res, "table") == (
        "model             technique        confidence\n"
        "----------------  ---------------  ----------\n"
        "BigGAN, \"large\"   GAN              0.75\n"
        "Latent Diffusion  diffusion model\n"
    )
    assert format_result(res, "csv") == (
        "model,technique,confidence\n"
        '"BigGAN, ""large""",GAN,0.75\n'
        "Latent Diffusion,diffusion model,\n"
    )
    assert json.loads(format_result(res, "json")) == [
        {"model": 'BigGAN, "large"', "technique": "GAN", "confidence": "0.75"},
        {"model": "Latent Diffusion", "technique": "diffusion model", "confidence": None},
    ]


def test_empty_select_table_has_header(store):
    res = run_query(store, PREFIX + "SELECT ?x WHERE { ?x rdfs:label 'nothing' }")
    assert format_result(res, "table") == "x\n-\n"
    assert format_result(res, "csv") == "x\n"
    assert format_result(res, "json") == "[]\n"


def test_ask_formats(store):
    res = run_query(store, PREFIX + "ASK { ?m kg:usesTechnique ?t }")
    assert res == QueryResult("ask", boolean=True)
    assert format_result(res, "table") == "true\n"
    assert format_result(res, "csv") == "true\n"
    assert format_result(res, "json") == '{"boolean": true}\n'
    no = run_query(store, PREFIX + "ASK { ?m kg:usesTechnique ?m }")
    assert format_result(no, "table") == "false\n"


def test_construct_formats(store):
    q = PREFIX + "CONSTRUCT { ?m kg:usesTechnique ?t } WHERE { ?m kg:usesTechnique ?t }"
    res = run_query(store, q)
    nt = (
        f"<{ID.biggan}> <{KG.usesTechnique}> <{ID.gan}> .\n"
        f"<{ID.ldm}> <{KG.usesTechnique}> <{ID.diffusion}> .\n"
    )
    assert res.kind == "graph" and res.graph_nt == nt
    assert format_result(res, "table") == nt
    assert format_result(res, "csv") == nt
    assert json.loads(format_result(res, "json")) == [
        {"@id": str(ID.biggan), str(KG.usesTechnique): [{"@id": str(ID.gan)}]},
        {"@id": str(ID.ldm), str(KG.usesTechnique): [{"@id": str(ID.diffusion)}]},
    ]
    typed = run_query(store, PREFIX + "CONSTRUCT WHERE { ?m kg:confidence ?c }")
    assert json.loads(format_result(typed, "json")) == [
        {
            "@id": str(ID.biggan),
            str(KG.confidence): [{"@value": "0.75", "@type": str(XSD.decimal)}],
        }
    ]


def test_unknown_format(store):
    with pytest.raises(QueryError, match="unknown format 'xml'"):
        format_result(run_query(store, "ASK {}"), "xml")


def test_malformed_sparql_reports_position(store):
    bad = "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }"
    with pytest.raises(QueryError) as err:
        run_query(store, bad)
    assert str(err.value).startswith("malformed SPARQL: error at 3:18:")
    # with parameters the position still refers to the text as written
    with pytest.raises(QueryError) as err:
        run_query(store, bad, {"s": "<http://example.org/x>"})
    assert str(err.value).startswith("malformed SPARQL: error at 3:18:")
    one_line = "SELECT ?s WHERE { ?s ?p ?o . FILTER(?o = ) }"
    with pytest.raises(QueryError) as err:
        run_query(store, one_line, {"o": "x"})
    assert str(err.value).startswith("malformed SPARQL: error at 1:45:")


def test_params_are_typed(store):
    assert parse_param("<http://example.org/x>") == URIRef("http://example.org/x")
    assert parse_param("42") == Literal(42)
    assert parse_param("-3") == Literal(-3)
    assert parse_param("0.75") == Literal(Decimal("0.75"))
    assert parse_param("GAN") == Literal("GAN")
    assert parse_param("2112.10752v2") == Literal("2112.10752v2")
    assert parse_param("\"2112.10752\"") == Literal("2112.10752")  # quotes force a string
    res = run_query(
        store, PREFIX + "SELECT ?m WHERE { ?m kg:confidence ?c }", {"c": "0.75"}
    )
    assert res.rows == ((str(ID.biggan),),)
    res = run_query(store, PREFIX + "SELECT ?l WHERE { ?m rdfs:label ?l }", {"m": f"<{ID.gan}>"})
    assert res.rows == (("GAN",),)


def test_values_block_placement():
    assert bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal("a")}) == (
        'SELECT ?x WHERE { VALUES (?o) { ("a") }  ?x ?p ?o }'
    )
    # braces inside strings, IRIs and comments do not confuse it
    q = 'ASK # {\n{ ?x ?p "}{" . ?x ?q <http://e/{}> . ?x ?r ?o }'
    assert bind_values(q, {"o": 1}) == (
        'ASK # {\n{ VALUES (?o) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
        '  ?x ?p "}{" . ?x ?q <http://e/{}> . ?x ?r ?o }'
    )


@pytest.fixture()
def queries_dir(tmp_path):
    qdir = tmp_path / "queries"
    qdir.mkdir()
    (qdir / "techniques-of.rq").write_text(
        "# Techniques a model uses\n# params: model\n"
        + USES.replace("?model ?technique ?confidence", "?technique")
    )
    (qdir / "all-labels.rq").write_text(
        "# Every label\n" + PREFIX + "SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"
    )
    return qdir


def test_canned_queries(store, queries_dir):
    assert list_queries(queries_dir) == [
        ("all-labels", "Every label", ()),
        ("techniques-of", "Techniques a model uses", ("model",)),
    ]
    res = run_query(store, "techniques-of", {"model": "Latent Diffusion"}, queries_dir=queries_dir)
    assert res.rows == (("diffusion model",),)
    # a declared parameter left out stays unbound
    res = run_query(store, "techniques-of", queries_dir=queries_dir)
    assert res.rows == (("GAN",), ("diffusion model",))
    assert len(run_query(store, "all-labels", queries_dir=queries_dir).rows) == 4
    # a .rq file path works too
    res = run_query(store, str(queries_dir / "all-labels.rq"))
    assert res.rows[0] == ('BigGAN, "large"',)


def test_canned_query_errors(store, queries_dir):
    with pytest.raises(QueryError) as err:
        run_query(store, "no-such-query", queries_dir=queries_dir)
    assert str(err.value) == (
        "no canned query named 'no-such-query' (available: all-labels, techniques-of)"
    )
    with pytest.raises(QueryError) as err:
        run_query(store, "techniques-of", {"label": "x"}, queries_dir=queries_dir)
    assert str(err.value) == "query 'techniques-of' has no parameter 'label' (parameters: model)"
    with pytest.raises(QueryError, match="query file not found"):
        run_query(store, str(queries_dir / "missing.rq"))


def test_list_queries_default_dir_is_packaged():
    # kg/queries ships with the package; it may be empty early on
    assert isinstance(list_queries(), list)


def test_default_prefixes_need_no_declaration(store):
    # kg:, rdfs:, skos: ... work without PREFIX lines, as in the README's examples
    undeclared = USES.replace(PREFIX, "")
    assert "PREFIX" not in undeclared
    assert run_query(store, undeclared) == run_query(store, USES)
    # a query's own declaration of a prefix wins
    own = "PREFIX kg: <http://example.org/other#>\nSELECT ?m WHERE { ?m kg:usesTechnique ?t }"
    assert run_query(store, own).rows == ()


def test_params_from_the_command_line_form():
    from kg.query import parse_params

    assert parse_params(["technique=NeRF", "?year=2020", "title=a=b"]) == {
        "technique": "NeRF", "year": "2020", "title": "a=b"}
    with pytest.raises(QueryError, match="expected NAME=VALUE"):
        parse_params(["technique"])
