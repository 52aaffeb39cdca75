"""`kg stats`: counts per type and per document, and the most connected entities.

Entities and relations are those the documents state, so the counts agree with
the summary `kg build` prints; concepts that only the vocabulary graph holds
(the technique and task taxonomies) are counted apart, and the taxonomy's
``broader`` links are not relations.
"""

from __future__ import annotations

from collections import Counter

import rdflib

from kg.analytics import BROADER, centrality, to_networkx


def graph_stats(ds: rdflib.Dataset, top: int = 5) -> dict:
    G = to_networkx(ds)
    found = [n for n, data in G.nodes(data=True) if data.get("sources")]
    per_type = Counter(G.nodes[n].get("type") for n in found)
    vocabulary = Counter(data.get("type") for _, data in G.nodes(data=True) if not data.get("sources"))
    per_document: dict[str, Counter] = {}
    for n in found:
        data = G.nodes[n]
        for source in data["sources"]:
            per_document.setdefault(source, Counter())[data.get("type")] += 1
    per_predicate = Counter(
        data.get("predicate") for _, _, data in G.edges(data=True) if data.get("predicate") != BROADER
    )
    H = G.subgraph(found)
    return {
        "entities": dict(sorted(per_type.items())),
        "vocabulary": dict(sorted(vocabulary.items())),
        "relations": dict(sorted(per_predicate.items())),
        "documents": {doc: dict(sorted(c.items())) for doc, c in sorted(per_document.items())},
        "most_connected": {t: [list(row) for row in rows] for t, rows in centrality(H, top=top).items()},
    }


def format_stats(result: dict) -> str:
    lines = ["entities:"]
    lines += [f"  {t:14} {n}" for t, n in result["entities"].items()]
    if result.get("vocabulary"):
        lines.append("vocabulary only (not found in a document): " + ", ".join(
            f"{n} {t}" for t, n in result["vocabulary"].items()))
    lines.append("relations:")
    lines += [f"  {p:18} {n}" for p, n in result["relations"].items()]
    lines.append("per document:")
    for doc, counts in result["documents"].items():
        lines.append(f"  {doc}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    lines.append("most connected (degree, pagerank):")
    for t, rows in result["most_connected"].items():
        shown = "; ".join(f"{label} ({degree}, {rank:.3f})" for label, degree, rank in rows)
        lines.append(f"  {t}: {shown}")
    return "\n".join(lines) + "\n"
