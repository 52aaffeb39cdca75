"""kg.ntriples and the text path through kg.store: what is written as text reads back exactly."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import StoreError
from kg.model import Assertion, Entity, Evidence, ResolvedGraph
from kg.namespaces import GRAPH, ID, KG, PREFIXES, graph_iri
from kg.ntriples import Blank, Encoder, Lit, TrigWriter, from_rdflib, to_rdflib
from kg.rdf import document_graphs, document_triples
from kg.store import open_store, write_graphs
from tests.test_rdf import INFO, resolved

PREFIX_IRIS = {k: str(v) for k, v in PREFIXES.items()}

HOSTILE = [
    "",
    'say "hi"',
    "back\\slash and \\u0041 and \\n as written",  # escapes in the text stay text
    "line one\nline two\r\nthree",
    "tab\tbell\x07nul\x00unit\x1fdel\x7f",
    "\u2028\u2029\u0085 separators",
    "non-BMP 😀 𝔘𝔫𝔦 \U0010fffd",
    "combining é vs é",
    '"""triple""" \'single\'',
    '"^^<http://example.org/evil> . <http://x> <http://y> "z',
    "> } ; DROP ALL { <",
    "trailing backslash \\",
]


def literal_back(text: str) -> str:
    """The lexical form Oxigraph parses from the N-Triples we write for `text`."""
    nt, _ = Encoder().literal(Lit(text))
    (triple,) = ox.parse(f"<http://e/s> <http://e/p> {nt} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    return triple.object.value


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_literals_parse_back_exactly(text):
    assert literal_back(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_any_text_parses_back_exactly(text):
    assert literal_back(text) == text


def test_a_lone_surrogate_is_refused():
    with pytest.raises(ValueError, match="surrogate"):
        Encoder().literal(Lit("half \ud83d pair"))


@pytest.mark.parametrize("bad", [
    "http://e/a b", "http://e/a>", "http://e/<a", 'http://e/"', "http://e/{x}", "http://e/a|b",
    "http://e/a^b", "http://e/`", "http://e/a\\b", "http://e/a\nb", "no-scheme", "",
    "http://e/> <http://e/p> <http://e/o",
])
def test_iris_that_could_break_the_text_are_refused(bad):
    with pytest.raises(ValueError):
        Encoder().iri(bad)


def test_iris_compact_to_prefixed_names_only_when_safe():
    enc = Encoder(PREFIX_IRIS)
    assert enc.iri(str(KG.usesTechnique)) == (f"<{KG.usesTechnique}>", "kg:usesTechnique")
    assert enc.iri(str(ID["paper/arxiv-2112.10752"]))[1] == "kgr:paper\\/arxiv-2112.10752"
    for local in ("a.", "-x", "1abc", "a%20b", "a:b", "é", "a#b", "a?b=1"):
        iri = str(ID) + local
        assert enc.iri(iri) == (f"<{iri}>", f"<{iri}>"), local


def test_light_terms_and_rdflib_terms_convert_both_ways():
    terms = [
        URIRef("http://e/x"),
        Literal("plain"),
        Literal("chat", lang="fr"),
        Literal("2024-01-01T00:00:00+00:00", datatype=XSD.dateTime),
        Literal(7),
    ]
    for term in terms:
        back = to_rdflib(from_rdflib(term))
        assert back == term and type(back) is type(term)
    assert from_rdflib(Literal(7)) == Lit("7", str(XSD.integer))
    assert type(from_rdflib(URIRef("http://e/x"))) is str
    assert isinstance(from_rdflib(BNode("b1")), Blank)


def test_trig_groups_subjects_and_predicates():
    enc = Encoder(PREFIX_IRIS)
    rows = enc.rows([
        ("http://e/s", str(RDF.type), str(KG.Paper)),
        ("http://e/s", str(RDF.type), str(KG.Model)),
        ("http://e/s", str(RDFS.label), Lit("S")),
        ("http://e/t", str(KG.start), Lit("12", str(XSD.integer))),
    ])
    out = []
    trig = TrigWriter(out.append, {"kg": str(KG), "rdfs": str(RDFS)})
    trig.start("<http://e/g>")
    for _, s, p, o in rows:
        trig.add(s, p, o)
    trig.end()
    body = "".join(out).split("\n", 2)[2]
    assert body == (
        "<http://e/g> {\n"
        "\t<http://e/s> a kg:Paper , kg:Model ;\n"
        '\t\trdfs:label "S" .\n'
        "\t<http://e/t> kg:start 12 .\n"
        "}\n"
    )


def hostile_graph() -> Graph:
    g = Graph()
    s = ID["paper/hostile"]
    for i, text in enumerate(HOSTILE):
        g.add((s, RDFS.label, Literal(text)))
        g.add((s, KG.award, Literal(text, lang="en-GB")))
        g.add((ID[f"evidence/{i}"], KG.sentence, Literal(text)))
    g.add((s, KG.start, Literal(-12)))
    g.add((s, KG.confidence, Literal("0.50", datatype=XSD.decimal)))
    g.add((s, KG.confidence, Literal("nan", datatype=XSD.double)))
    g.add((s, KG.flag, Literal("true", datatype=XSD.boolean)))
    g.add((s, KG.odd, Literal("not a number", datatype=XSD.integer)))
    g.add((s, KG.typed, Literal("x", datatype=URIRef("http://example.org/my-type?x=1#y"))))
    return g


def test_hostile_graph_round_trips_through_store_and_dump(tmp_path):
    name = str(GRAPH["hostile.md"])
    g = hostile_graph()
    summary = write_graphs(tmp_path, {name: g})
    assert summary.triples == len(g)
    with open_store(tmp_path) as store:
        assert set(store.dataset().graph(URIRef(name))) == set(as_stored(g))
    # the dump holds what the store holds, literal for literal: read it with
    # parsers that keep lexical forms as written
    ds = rdflib.Dataset()
    ds.parse(tmp_path / "graph.trig", format="trig")
    assert set(ds.graph(URIRef(name))) == set(as_stored(g))
    assert dumped(tmp_path) == stored(tmp_path)


def dumped(out) -> set[ox.Quad]:
    """The dump's quads, lexical forms as written (a parser, not a store)."""
    return set(ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG))


def stored(out) -> set[ox.Quad]:
    """The store's named-graph quads."""
    store = ox.Store.read_only(str(out / "store"))
    return {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}


def as_stored(graph: Graph) -> Graph:
    """`graph` with each literal as Oxigraph stores it: numbers, dates and
    booleans are kept as values ("0.80"^^xsd:decimal reads back "0.8")."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None:
            scratch = ox.Store()
            node = ox.NamedNode("http://e/s")
            scratch.add(ox.Quad(node, node, ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))))
            o = Literal(next(iter(scratch)).object.value, datatype=o.datatype)
        out.add((s, p, o))
    return out


def test_fast_path_and_rdflib_path_give_the_same_graphs(tmp_path):
    triples = document_triples(resolved(), INFO)
    summary = write_graphs(tmp_path, triples)
    expected = {name: as_stored(g) for name, g in document_graphs(resolved(), INFO).items()}  # rdflib terms
    assert summary.triples == sum(len(g) for g in expected.values())
    dump = rdflib.Dataset()
    dump.parse(tmp_path / "graph.trig", format="trig")
    with open_store(tmp_path) as store:
        ds = store.dataset()
        for name, g in expected.items():
            assert isomorphic(ds.graph(URIRef(name)), g), name
            assert isomorphic(dump.graph(URIRef(name)), g), name
        assert dumped(tmp_path) == stored(tmp_path)
        union = set().union(*(set(g) for g in expected.values()))
        n = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
        assert int(n) == len(union)


def duplicated() -> ResolvedGraph:
    """An alias given twice and one assertion stated twice: made twice, held once."""
    paper, tech = str(ID["paper/p"]), str(ID["technique/t"])
    ev = Evidence("d.md", 0, 5, "Paper", "m", 0.5)
    return ResolvedGraph(
        (Entity(paper, "Paper", "P", aliases=("Q", "Q"), sources=("d.md",)),
         Entity(tech, "Technique", "T", sources=("d.md",))),
        (Assertion(paper, "usesTechnique", tech, ev),) * 2,
        ("d.md",),
    )


def test_write_counts_distinct_triples(tmp_path):
    triples = document_triples(duplicated(), {})
    (expected,) = document_graphs(duplicated(), {}).values()
    made = len(list(triples[str(graph_iri("d.md"))]))
    assert made > len(expected)  # the generator does repeat itself
    summary = write_graphs(tmp_path, triples)
    assert summary.triples == len(expected)
    with open_store(tmp_path) as store:
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert int(store.query(q).rows[0][0]) == len(expected)


def test_blank_nodes_are_one_node_across_graphs_and_the_default_graph(tmp_path):
    shared = BNode()
    a, b = Graph(), Graph()
    a.add((shared, RDFS.label, Literal("shared")))
    b.add((shared, KG.start, Literal(1)))
    b.add((BNode(), RDFS.label, Literal("other")))
    write_graphs(tmp_path, {str(GRAPH["a.md"]): a, str(GRAPH["b.md"]): b})
    with open_store(tmp_path) as store:
        q = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
        assert store.query(q).rows == (("2",),)
        q = f"SELECT ?n WHERE {{ GRAPH ?a {{ ?s <{RDFS.label}> 'shared' }} GRAPH ?b {{ ?s <{KG.start}> ?n }} }}"
        assert store.query(q).rows == (("1",),)
    dump = rdflib.Dataset()
    dump.parse(tmp_path / "graph.trig", format="trig")
    (s,) = dump.graph(URIRef(GRAPH["a.md"])).subjects()
    assert (s, KG.start, Literal(1)) in dump.graph(URIRef(GRAPH["b.md"]))


@pytest.mark.parametrize("iri", ["http://e/a b", "http://e/x> <http://e/p> <http://e/o"])
def test_an_unsafe_entity_iri_fails_the_write_and_keeps_the_old_graph(tmp_path, iri):
    write_graphs(tmp_path, document_triples(resolved(), INFO))
    before = (tmp_path / "graph.trig").read_bytes()
    bad = ResolvedGraph((Entity(iri, "Paper", "X", sources=("a.md",)),), (), ("a.md",))
    with pytest.raises(StoreError, match="invalid RDF term in graph"):
        write_graphs(tmp_path, document_triples(bad, INFO))
    assert (tmp_path / "graph.trig").read_bytes() == before
    with open_store(tmp_path) as store:
        assert not store.query("ASK { ?s ?p <http://e/o> }").boolean
        assert len(store.graph_names()) == 2


@pytest.mark.parametrize("obj", [Lit("x", None, "en gb"), Lit("half \ud83d pair")])
def test_bad_language_tag_and_surrogate_are_store_errors(tmp_path, obj):
    graph = _Light([(str(ID["paper/p"]), str(RDFS.label), obj)])
    with pytest.raises(StoreError, match="invalid RDF term"):
        write_graphs(tmp_path, {str(GRAPH["p.md"]): graph})
    assert not (tmp_path / "store").exists()


class _Light:
    """A graph given as light terms, as kg.rdf.DocumentTriples gives it."""

    def __init__(self, triples):
        self._triples = triples

    def terms(self):
        return iter(self._triples)
