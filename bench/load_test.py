"""Bounded load test of the SPARQL endpoint that `kg serve` runs.

Starts the real Oxigraph server read-only over a built store (loopback only),
runs CLIENTS concurrent clients that each send QUERIES SELECT/ASK queries over
one keep-alive connection, and prints the total, errors, p50/p99 latency and
throughput. Exits 1 on any error (HTTP status, bad body, timeout, deadline).

    python bench/load_test.py --out out/ --clients 8 --queries 200
    python bench/load_test.py --synthetic 300   # no build needed: a generated graph
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.errors import KGError
from kg.serve import start_server

HOST = "127.0.0.1"  # loopback only, whatever the arguments say
PREFIXES = """PREFIX kg: <https://w3id.org/aikg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
QUERIES = [
    PREFIXES + """SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type }
GROUP BY ?type ORDER BY DESC(?n)""",
    PREFIXES + """SELECT ?t ?label (COUNT(DISTINCT ?p) AS ?papers) WHERE {
  ?p kg:usesTechnique ?t . OPTIONAL { ?t rdfs:label ?label }
} GROUP BY ?t ?label ORDER BY DESC(?papers) LIMIT 20""",
    PREFIXES + """SELECT ?e ?label WHERE {
  ?e rdfs:label ?label FILTER(CONTAINS(LCASE(?label), "diffusion"))
} ORDER BY ?label LIMIT 50""",
    PREFIXES + """SELECT ?g (COUNT(?p) AS ?papers) WHERE { GRAPH ?g { ?p a kg:Paper } }
GROUP BY ?g ORDER BY DESC(?papers) LIMIT 10""",
    PREFIXES + "ASK { ?p kg:usesTechnique ?t }",
]
MAX_CLIENTS = 64
MAX_QUERIES = 10_000


def write_synthetic(out: Path, docs: int) -> None:
    """A generated graph shaped like a kg build: papers, techniques, evidence."""
    from rdflib import RDF, RDFS, BNode, Graph, Literal

    from kg.namespaces import GRAPH, ID, KG
    from kg.store import write_graphs

    techniques = [f"technique {i}" for i in range(40)] + ["diffusion model", "latent diffusion"]
    graphs = {}
    for d in range(docs):
        g = Graph()
        for k in range(10):
            paper = ID[f"paper/{d}-{k}"]
            g.add((paper, RDF.type, KG.Paper))
            g.add((paper, RDFS.label, Literal(f"Paper {d}-{k}")))
            for j in range(3):
                t = techniques[(d * 7 + k * 3 + j) % len(techniques)]
                tech = ID["technique/" + t.replace(" ", "-")]
                g.add((tech, RDF.type, KG.Technique))
                g.add((tech, RDFS.label, Literal(t)))
                g.add((paper, KG.usesTechnique, tech))
                ev = BNode()
                g.add((ev, RDF.type, KG.Evidence))
                g.add((ev, KG.confidence, Literal(0.8)))
        graphs[str(GRAPH[f"doc-{d}.md"])] = g
    write_graphs(out, graphs, dump=False)


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(1, round(q / 100 * len(sorted_values)))  # nearest rank
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Client(threading.Thread):
    def __init__(
        self, port: int, queries: list[str], n: int, offset: int, deadline: float, timeout: float
    ):
        super().__init__(daemon=True)
        self.port, self.queries, self.n, self.offset = port, queries, n, offset
        self.deadline, self.timeout = deadline, timeout
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.done = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            for i in range(self.n):
                if time.monotonic() > self.deadline:
                    self.errors.append(f"deadline reached after {self.done} queries")
                    return
                query = self.queries[(self.offset + i) % len(self.queries)]
                body = urllib.parse.urlencode({"query": query})
                start = time.perf_counter()
                try:
                    conn.request(
                        "POST",
                        "/query",
                        body=body,
                        headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Accept": "application/sparql-results+json",
                        },
                    )
                    resp = conn.getresponse()
                    data = resp.read()
                    elapsed = time.perf_counter() - start
                    if resp.status != 200:
                        self.errors.append(f"HTTP {resp.status}: {data[:200]!r}")
                    else:
                        parsed = json.loads(data)
                        if "results" not in parsed and "boolean" not in parsed:
                            self.errors.append(f"unexpected body: {data[:200]!r}")
                        else:
                            self.latencies.append(elapsed)
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                    conn.close()  # reconnect on the next request
                    conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
                self.done += 1
        finally:
            conn.close()


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("out"), help="build output folder")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--queries", type=int, default=200, help="queries per client")
    ap.add_argument("--max-seconds", type=float, default=120.0, help="whole-run deadline")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-request timeout (s)")
    ap.add_argument(
        "--synthetic",
        type=int,
        metavar="DOCS",
        help="serve a generated graph of DOCS documents (in bench/_work/) instead of --out",
    )
    ap.add_argument(
        "--canned",
        action="store_true",
        help="also send the canned queries of kg/queries (parameters left unbound)",
    )
    return ap


def _run_clients(port: int, queries: list[str], args) -> tuple[list[Client], float, list[Client]]:
    """The clients, each sending its queries until done or the deadline; the wall time
    and the clients still running at the end."""
    deadline = time.monotonic() + args.max_seconds
    clients = [
        Client(port, queries, args.queries, i, deadline, args.timeout)
        for i in range(args.clients)
    ]
    start = time.perf_counter()
    for c in clients:
        c.start()
    for c in clients:
        c.join(max(0.0, deadline - time.monotonic()) + args.timeout + 1)
    wall = time.perf_counter() - start
    return clients, wall, [c for c in clients if c.is_alive()]


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= MAX_CLIENTS and 1 <= args.queries <= MAX_QUERIES):
        ap.error(f"--clients must be 1..{MAX_CLIENTS} and --queries 1..{MAX_QUERIES}")

    out = args.out
    if args.synthetic:
        out = Path(__file__).resolve().parent / "_work" / "load-test-synthetic"
        shutil.rmtree(out, ignore_errors=True)
        write_synthetic(out, args.synthetic)

    queries = list(QUERIES)
    if args.canned:
        from kg.query import QUERIES_DIR

        queries += [p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.rq"))]

    try:
        server = start_server(out / "store", HOST, 0)
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with server:
        clients, wall, hung = _run_clients(server.port, queries, args)

    latencies = sorted(x for c in clients for x in c.latencies)
    errors = [e for c in clients for e in c.errors] + [
        "client did not finish" for _ in hung
    ]
    total = sum(c.done for c in clients)
    print(f"server      {server.query_url} (oxigraph serve-read-only over {out / 'store'})")
    print(f"clients     {args.clients} x {args.queries} queries, {len(queries)} distinct")
    print(f"total       {total}")
    print(f"errors      {len(errors)}")
    print(f"p50         {percentile(latencies, 50) * 1000:.1f} ms")
    print(f"p99         {percentile(latencies, 99) * 1000:.1f} ms")
    print(f"throughput  {len(latencies) / wall:.1f} queries/s over {wall:.2f} s")
    for e in errors[:10]:
        print(f"  error: {e}", file=sys.stderr)
    return 1 if errors or total < args.clients * args.queries else 0


if __name__ == "__main__":
    sys.exit(main())
