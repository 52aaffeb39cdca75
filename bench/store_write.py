"""How long the tail of a build takes: writing the graphs into a new store and the TriG dump.

Reads the documents and the extraction cache of a finished build (no NLP),
resolves them and times kg.store.write_graphs into a scratch folder, without
and with the dump, RUNS times each; the build's own output is not touched.

    python bench/store_write.py CORPUS --out OUT [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

# run from a checkout without installing the package
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import cache
from kg.ingest import iter_document_paths, read_document
from kg.namespaces import VOCAB_GRAPH
from kg.rdf import document_triples
from kg.resolve import resolve
from kg.store import write_graphs
from kg.vocab import ontology_graph


def cached_graphs(corpus: Path, out: Path) -> dict:
    """The build's graphs, from its cache; exits when a document has no cached extraction."""
    manifest = cache.load_manifest(out)["documents"]
    files, _ = iter_document_paths([corpus])
    extractions, info = [], {}
    for path in files:
        doc = read_document(path)
        limit = manifest.get(doc.name, {}).get("nlp_limit")
        ex = cache.load_extraction(out, doc.name, doc.sha256, f"nlp{limit}" if limit else "")
        if ex is None:
            sys.exit(f"{doc.name}: no cached extraction in {out}; run kg build first")
        extractions.append(ex)
        info[doc.name] = {"sha256": doc.sha256, "generated": manifest.get(doc.name, {}).get("generated"),
                          "title": doc.meta_dict().get("title")}
    graphs = document_triples(resolve(extractions), info)
    graphs[str(VOCAB_GRAPH)] = ontology_graph()
    return graphs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, required=True, help="a finished build of CORPUS")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    graphs = cached_graphs(args.corpus, args.out)
    for dump in (False, True):
        times, triples = [], 0
        for _ in range(args.runs):
            scratch = Path(tempfile.mkdtemp(prefix="kg-store-write-"))
            try:
                start = time.perf_counter()
                triples = write_graphs(scratch, graphs, dump=dump).triples
                times.append(time.perf_counter() - start)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        print(f"write_graphs dump={dump!s:5}: {triples} triples, "
              f"median {statistics.median(times):.2f} s, min {min(times):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
