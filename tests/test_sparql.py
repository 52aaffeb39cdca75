"""kg.sparql: the query's shape, parameters joined in as VALUES, the prefix
prologue and the one-line syntax error. Bound queries are run on a small
in-memory pyoxigraph store, so a test checks what the query answers, not
only how its text looks."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from kg.errors import QueryError
from kg.sparql import DEFAULT_PREFIXES, bind_values, query_shape, syntax_error, with_prologue

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for name, text in (("a", "Alpha"), ("b", "Beta"), ("c", 'Quote " and } brace')):
        s.add(ox.Quad(ox.NamedNode(EX + name), label, ox.Literal(text)))
    s.add(ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "year"), ox.Literal("2020", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    return s


def _labels(store: ox.Store, sparql: str) -> list[str]:
    return sorted(row["label"].value for row in store.query(sparql))


SELECT_LABELS = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


def test_shape_finds_form_variables_and_the_where_group():
    text = "# SELECT in a comment\nPREFIX ex: <http://example.org/>\nASK { ?x ex:p \"{ ?notavar }\" }"
    shape = query_shape(text)
    assert shape.form == "ASK"
    assert shape.variables == {"x"}  # the variable-like text inside the string is not one
    assert text[shape.where_open] == "{" and text[shape.where_close] == "}"
    assert shape.where_close == len(text) - 1
    assert not shape.subselect and not shape.has_from


def test_shape_of_construct_uses_the_pattern_group_not_the_template():
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o != 1) }"
    shape = query_shape(text)
    assert shape.form == "CONSTRUCT"
    assert text[shape.where_open:].startswith("{ ?s ?p ?o FILTER")


def test_shape_notices_a_dataset_clause_and_a_lone_subselect():
    assert query_shape("SELECT * FROM <http://g> WHERE { ?s ?p ?o }").has_from
    assert query_shape("SELECT ?s WHERE { SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 }").subselect


def test_bound_parameter_restricts_the_answer(store):
    bound = bind_values(SELECT_LABELS, {"s": URIRef(EX + "b")})
    assert "VALUES (?s)" in bound
    assert _labels(store, bound) == ["Beta"]
    assert len(_labels(store, SELECT_LABELS)) == 3  # unbound: every row


def test_no_bindings_leaves_the_text_alone():
    assert bind_values(SELECT_LABELS, None) == SELECT_LABELS
    assert bind_values(SELECT_LABELS, {}) == SELECT_LABELS


def test_a_literal_value_cannot_break_out_of_the_query(store):
    # quotes and braces in the value are escaped by the term writer, so the
    # value is matched as text instead of being read as query syntax
    bound = bind_values(SELECT_LABELS, {"label": 'Quote " and } brace'})
    assert _labels(store, bound) == ['Quote " and } brace']
    hostile = bind_values(SELECT_LABELS, {"label": '" } ?s ?p ?o { "'})
    assert _labels(store, hostile) == []


def test_typed_and_plain_values(store):
    query = "SELECT ?s WHERE { ?s <http://example.org/year> ?y }"
    assert [r["s"].value for r in store.query(bind_values(query, {"y": 2020}))] == [EX + "a"]
    assert list(store.query(bind_values(query, {"y": 2021}))) == []
    assert "UNDEF" in bind_values(query, {"y": None})


def test_subselect_is_wrapped_so_values_can_join_it(store):
    query = ("SELECT ?label WHERE { SELECT ?s ?label WHERE { ?s "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?label } }")
    bound = bind_values(query, {"s": URIRef(EX + "a")})
    assert _labels(store, bound) == ["Alpha"]


def test_describe_without_a_group_gets_a_trailing_values_clause(store):
    bound = bind_values("DESCRIBE ?s", {"s": URIRef(EX + "a")})
    assert bound.rstrip().endswith(f"VALUES (?s) {{ (<{EX}a>) }}")
    triples = list(store.query(bound))
    assert triples and all(t.subject.value == EX + "a" for t in triples)


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"nope": "x"}, "not a variable of the query"),
        ({"bad name": "x"}, "invalid parameter name"),
        ({"s": BNode()}, "blank node"),
        ({"s": URIRef("relative/path")}, "not absolute"),
        ({"s": URIRef("http://exa mple.org/")}, "invalid IRI"),
    ],
)
def test_bad_parameters_are_refused_with_the_reason(bindings, message):
    with pytest.raises(QueryError, match=message):
        bind_values(SELECT_LABELS, bindings)


def test_dollar_and_question_mark_names_are_the_same_variable():
    assert bind_values(SELECT_LABELS, {"$s": URIRef(EX + "a")}) == bind_values(SELECT_LABELS, {"?s": URIRef(EX + "a")})


def test_prologue_declares_only_the_missing_prefixes():
    assert DEFAULT_PREFIXES, "kg declares default prefixes"
    prefix, iri = next(iter(DEFAULT_PREFIXES.items()))
    text = with_prologue("SELECT * WHERE { ?s ?p ?o }")
    assert f"PREFIX {prefix}: <{iri}>" in text
    assert text.count("PREFIX ") == len(DEFAULT_PREFIXES)
    own = f"prefix {prefix.upper()}: <http://elsewhere.example/>\nSELECT * WHERE {{ ?s ?p ?o }}"
    assert with_prologue(own).count(f"{prefix}: <{iri}>") == 0  # a declaration of its own wins, any case


def test_prologue_lets_a_query_use_kg_prefixes_undeclared():
    prefix = next(iter(DEFAULT_PREFIXES))
    ox.Store().query(with_prologue(f"ASK {{ ?s a {prefix}:Thing }}"))  # parses: no exception
    with pytest.raises(SyntaxError):
        ox.Store().query(f"ASK {{ ?s a {prefix}:Thing }}")


def test_syntax_error_is_one_line_and_explains_an_undefined_prefix():
    err = syntax_error("error at 1:10: Prefix not found: foo\n  expected something")
    assert isinstance(err, QueryError)
    assert "\n" not in str(err)
    assert str(err).startswith("malformed SPARQL: error at 1:10")
    assert "undefined prefix" in str(err)


def test_syntax_error_keeps_a_long_message_short():
    err = str(syntax_error("error at 2:3: expected " + " or ".join(["[a-z]"] * 200)))
    assert len(err) < 350 and err.endswith("…")
    assert "\n" not in str(syntax_error("error at 1:1:\n  unexpected\n  end"))


def test_literal_with_language_tag(store):
    store_with_tag = ox.Store()
    store_with_tag.add(ox.Quad(ox.NamedNode(EX + "x"), ox.NamedNode(EX + "name"), ox.Literal("chat", language="fr")))
    query = "SELECT ?s WHERE { ?s <http://example.org/name> ?n }"
    assert len(list(store_with_tag.query(bind_values(query, {"n": Literal("chat", lang="fr")})))) == 1
    assert list(store_with_tag.query(bind_values(query, {"n": Literal("chat")}))) == []
