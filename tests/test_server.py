"""Tests against a real Oxigraph server process (marker: server)."""

import json
import signal
import socket
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper

from kg.errors import QueryError, StoreError
from kg.namespaces import GRAPH, ID, KG
from kg.serve import free_port, serve, start_server
from kg.store import Endpoints, open_store, write_graphs

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
LABEL = str(RDFS.label)
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def graphs_for(*names: str) -> dict[str, Graph]:
    out = {}
    for name in names:
        g = Graph()
        g.add((ID[f"paper/{name}"], RDFS.label, Literal(f"Paper {name}")))
        g.add((ID[f"paper/{name}"], KG.usesTechnique, ID["technique/gan"]))
        g.add((ID["technique/gan"], RDFS.label, Literal("GAN")))  # stated by every document
        out[str(GRAPH[name])] = g
    return out


def post(url: str, **fields) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())
    try:
        with NO_PROXY.open(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    write_graphs(out, graphs_for("a.md", "b.md"))
    return out


@pytest.fixture(scope="module")
def server(built):
    srv = start_server(built / "store")
    try:
        yield srv
    finally:
        srv.stop()
    assert not srv.running()


def test_sparqlwrapper_select_ask_construct(server):
    sw = SPARQLWrapper(server.query_url)
    sw.setReturnFormat(JSON)
    sw.setQuery(f"SELECT ?l WHERE {{ ?s <{LABEL}> ?l }} ORDER BY ?l")
    rows = [b["l"]["value"] for b in sw.query().convert()["results"]["bindings"]]
    # the default graph is the merge of the documents: "GAN" once, not once per document
    assert rows == ["GAN", "Paper a.md", "Paper b.md"]

    sw.setQuery(f"ASK {{ GRAPH <{GRAPH['a.md']}> {{ ?s <{KG.usesTechnique}> ?t }} }}")
    assert sw.query().convert()["boolean"] is True

    sw = SPARQLWrapper(server.query_url)
    sw.setReturnFormat(N3)
    sw.setQuery(f"CONSTRUCT {{ ?s <{LABEL}> ?l }} WHERE {{ ?s <{LABEL}> ?l }}")
    data = sw.query().convert()
    g = Graph().parse(data=data, format="turtle")
    assert len(g) == 3
    assert (ID["paper/a.md"], RDFS.label, Literal("Paper a.md")) in g


def test_rdflib_sparqlstore(server):
    g = Graph(SPARQLStore(query_endpoint=server.query_url))
    rows = list(g.query(f"SELECT ?s WHERE {{ ?s <{KG.usesTechnique}> ?t }} ORDER BY ?s"))
    assert [str(r[0]) for r in rows] == [str(ID["paper/a.md"]), str(ID["paper/b.md"])]
    assert g.query("ASK { ?s ?p ?o }").askAnswer is True


def test_update_is_refused(server):
    sw = SPARQLWrapper(server.query_url, updateEndpoint=server.update_url)
    sw.setMethod(POST)
    sw.setQuery("DROP ALL")
    with pytest.raises(Exception) as err:
        sw.query()
    assert "403" in str(err.value)
    status, _ = post(server.update_url, update=f"INSERT DATA {{ <{ID.x}> <{ID.p}> 1 }}")
    assert status == 403
    # and the query endpoint does not take updates either
    status, _ = post(server.query_url, query="DROP ALL")
    assert status == 400
    status, body = post(server.query_url, query="SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    n = json.loads(body)["results"]["bindings"][0]["n"]["value"]
    assert n == "5"


def test_busy_port(built):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(StoreError) as err:
            start_server(built / "store", port=port)
        assert str(err.value) == f"port {port} on 127.0.0.1 is busy: choose another with --port"
        with pytest.raises(StoreError) as err:
            serve(built, port=port)
        assert str(err.value) == f"port {port} on 127.0.0.1 is busy: choose another with --port"


def test_serve_missing_store(tmp_path):
    with pytest.raises(StoreError) as err:
        serve(tmp_path, port=free_port())
    assert str(err.value) == f"no graph at {tmp_path}: run `kg build` first"


SERVE = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[3])
    from pathlib import Path
    from kg.serve import serve
    serve(Path(sys.argv[1]), port=int(sys.argv[2]))
    print("stopped", flush=True)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_cleanly(built, sig):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(built), str(port), str(ROOT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline().strip()
        assert first == f"SPARQL endpoint: http://127.0.0.1:{port}/query", proc.stderr.read()
        proc.stdout.readline()
        status, _ = post(f"http://127.0.0.1:{port}/query", query="ASK { ?s ?p ?o }")
        assert status == 200
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert out.strip() == "stopped"
        assert "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # the oxigraph child is gone too: the port is free again
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))


# ---------------------------------------------------------------- remote store


@pytest.fixture()
def writable(tmp_path):
    srv = start_server(tmp_path / "remote", read_only=False, union_default_graph=False)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.parametrize(
    "variant, gan_labels",
    [
        ("gsp", 3),  # Oxigraph's union default graph: once per document graph
        ("update-only", 3),
        ("graph-lists", 3),
        ("default", 1),  # the merge written to the default graph
        ("default-update-only", 1),
    ],
)
def test_remote_write_and_query(tmp_path, writable, variant, gan_labels):
    url = writable.base_url
    eps = {
        "gsp": None,
        "update-only": Endpoints.from_url(url, gsp=None),
        "graph-lists": Endpoints.from_url(url, union="graphs"),
        "default": Endpoints.from_url(url, union="default"),
        "default-update-only": Endpoints.from_url(url, union="default", gsp=None),
    }[variant]
    # a graph outside the project's namespace must survive
    foreign = "http://example.org/other"
    req = urllib.request.Request(
        f"{writable.store_url}?graph={urllib.parse.quote(foreign)}",
        data=b'<http://example.org/s> <http://example.org/p> "keep" .\n',
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    NO_PROXY.open(req, timeout=10).close()

    summary = write_graphs(tmp_path / "out", graphs_for("a.md", "b.md", "c.md"),
                           store_url=url if eps is None else None, endpoints=eps)
    assert (summary.graphs, summary.triples, summary.location) == (3, 9, url)
    assert (tmp_path / "out" / "graph.trig").is_file()
    assert not (tmp_path / "out" / "store").exists()

    q = f"SELECT ?s ?l WHERE {{ ?s <{LABEL}> ?l FILTER(STRSTARTS(?l, 'Paper')) }} ORDER BY ?l"
    gan = f"SELECT ?s WHERE {{ ?s <{LABEL}> 'GAN' }}"
    with open_store(store_url=url if eps is None else None, endpoints=eps) as st:
        assert [r[1] for r in st.query(q).rows] == ["Paper a.md", "Paper b.md", "Paper c.md"]
        assert st.query(q, {"l": "Paper b.md"}).rows == ((str(ID["paper/b.md"]), "Paper b.md"),)
        assert len(st.query(gan).rows) == gan_labels

    write_graphs(tmp_path / "out", graphs_for("a.md", "c.md"),
                 store_url=url if eps is None else None, endpoints=eps)
    with open_store(store_url=url if eps is None else None, endpoints=eps) as st:
        # kg reads its own graphs; the foreign one is left as it was
        assert st.graph_names() == [str(GRAPH["a.md"]), str(GRAPH["c.md"])]
        assert st.query(f"ASK FROM NAMED <{foreign}> {{ GRAPH <{foreign}> {{ ?s ?p 'keep' }} }}").boolean is True
        assert [r[1] for r in st.query(q).rows] == ["Paper a.md", "Paper c.md"]
        ds = st.dataset()
        assert set(map(str, (g.identifier for g in ds.graphs() if len(g)))) == {
            str(GRAPH["a.md"]), str(GRAPH["c.md"])
        }
        assert (URIRef(ID["paper/a.md"]), RDFS.label, Literal("Paper a.md"),
                ds.graph(URIRef(GRAPH["a.md"]))) in ds


def test_remote_errors(tmp_path, writable):
    with open_store(store_url=writable.base_url) as st:
        with pytest.raises(QueryError) as err:
            st.query("SELECT ?s WHERE { ?s ?p ?o . FILTER(?o = ) }", {"s": "<http://e/x>"})
        assert str(err.value).startswith("malformed SPARQL: error at 1:45:")
        assert st.query("ASK { ?s ?p ?o }").boolean is False
    port = free_port()
    with pytest.raises(StoreError, match="cannot reach the SPARQL server at http://127.0.0.1"):
        open_store(store_url=f"http://127.0.0.1:{port}").query("ASK {}")
    with pytest.raises(StoreError, match="must start with http"):
        open_store(store_url="ftp://example.org/sparql")


@pytest.mark.parametrize("gsp", [True, False])
def test_remote_rdflib_dataset_roundtrip(tmp_path, writable, gsp):
    graphs = graphs_for("a.md")
    g = graphs[str(GRAPH["a.md"])]
    ev = BNode()
    g.add((ev, KG.sentence, Literal('line one\nline "two" \\ é', lang="en")))
    g.add((ev, KG.confidence, Literal("0.5", datatype=XSD.decimal)))
    eps = Endpoints.from_url(writable.base_url, **({} if gsp else {"gsp": None}))
    write_graphs(tmp_path / "out", graphs, endpoints=eps, dump=False)
    assert not (tmp_path / "out" / "graph.trig").exists()
    with open_store(endpoints=eps) as st:
        ds = st.dataset()
    assert isomorphic(ds.graph(URIRef(GRAPH["a.md"])), g)
