"""Graph analytics over the knowledge graph as a networkx MultiDiGraph.

``to_networkx`` turns the RDF (shaped as in ``kg.namespaces``) into a graph
whose nodes are entities (id = IRI string) and whose edges are relations
(key = predicate local name). Every other function is a plain
``f(G, ...) -> dict`` that returns an empty dict for an empty graph.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.model import ENTITY_TYPES
from kg.namespaces import DOC, GRAPH, KG, SCHEMA, VOCAB_GRAPH
from kg.ntriples import Lit, from_rdflib, triples_of

BROADER = "broader"
# the types with a SKOS taxonomy (kg.vocab's schemes): broader links only within one of them
TAXONOMY_TYPES = frozenset({"Technique", "Task"})
# the layer of the graph that carries no document provenance
_NOT_DOCUMENTS = {str(VOCAB_GRAPH), "urn:x-rdflib:default"}
# quads are read as kg.ntriples' light terms (IRIs are plain str, literals Lit):
# a build's graphs are made in them, and comparing plain strings is cheap
_TYPE_BY_IRI = {str(KG[t]): t for t in ENTITY_TYPES}
_KG = str(KG)
_EVIDENCE_PREDICATES = {
    str(p): name
    for p, name in (
        (RDF.subject, "subject"), (RDF.predicate, "predicate"), (RDF.object, "object"),
        (PROV.wasDerivedFrom, "document"), (KG.start, "start"), (KG.end, "end"),
        (KG.sentence, "sentence"), (KG.method, "method"), (KG.confidence, "confidence"),
    )
}
_EVIDENCE_SUBJECT = str(RDF.subject)
_RDF_TYPE, _LABEL, _ALT_LABEL, _BROADER = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(SKOS.broader)
_FALLBACK_LABELS = {str(SKOS.prefLabel), str(DCTERMS.title)}
_ARXIV, _DATE, _URL = str(KG.arxivId), str(DCTERMS.date), str(SCHEMA.url)
_INTEGERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger)}
_DECIMALS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}


def _tail(iri: str, prefix: str) -> str:
    if iri.startswith(prefix):
        return iri[len(prefix) :]
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _source_name(graph_id) -> str | None:
    """Base file name of a document graph; None for vocabulary/default/blank graphs."""
    if type(graph_id) is not str or graph_id in _NOT_DOCUMENTS:
        return None
    return _tail(graph_id, str(GRAPH)) or None


def _text(term) -> str:
    return term.value if type(term) is Lit else str(term)


def _python(value):
    """A literal's value as Python (int, float, str); other terms as they are."""
    if type(value) is not Lit:
        return value
    if value.datatype in _INTEGERS:
        try:
            return int(value.value)
        except ValueError:
            return value.value
    if value.datatype in _DECIMALS:
        try:
            return float(value.value)
        except ValueError:
            return value.value
    return value.value


def _year(value) -> int | None:
    text = str(value).strip()
    head = text[:5] if text.startswith("-") else text[:4]
    try:
        return int(head)
    except ValueError:
        return None


def _light_graph_id(graph_id):
    graph_id = getattr(graph_id, "identifier", graph_id)  # ConjunctiveGraph yields Graphs
    return str(graph_id) if isinstance(graph_id, URIRef) else None


def _quads(ds) -> Iterable[tuple]:
    """(s, p, o, graph IRI or None) in light terms."""
    if isinstance(ds, Mapping):  # named-graph IRI -> triples, as a build makes them
        return ((s, p, o, str(name)) for name, graph in ds.items() for s, p, o in triples_of(graph))
    if hasattr(ds, "quads"):  # Dataset / ConjunctiveGraph (also Oxigraph-backed)
        quads = ds.quads((None, None, None, None))
        return ((from_rdflib(s), from_rdflib(p), from_rdflib(o), _light_graph_id(g)) for s, p, o, g in quads)
    graph_id = _light_graph_id(ds.identifier)
    return ((from_rdflib(s), from_rdflib(p), from_rdflib(o), graph_id) for s, p, o in ds)


def to_networkx(ds) -> nx.MultiDiGraph:
    """Entities and their relations, in one pass over the quads.

    Node attrs: type, label, arxiv, year, url, sources, aliases.
    Edge attrs: predicate, confidence, support, evidence [{source, sentence, start, end}].
    """
    index = _index_quads(ds)
    G = nx.MultiDiGraph()
    _add_entity_nodes(G, index)
    _add_relation_edges(G, index, _evidence_by_triple(index.evidence))
    return G


@dataclass
class _QuadIndex:
    """What one pass over the quads gathers, keyed by subject IRI."""

    types: dict = field(default_factory=dict)
    sources: dict = field(default_factory=lambda: defaultdict(set))
    labels: dict = field(default_factory=lambda: defaultdict(Counter))
    fallback_labels: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=lambda: defaultdict(set))
    facts: dict = field(default_factory=lambda: defaultdict(dict))
    # (s, local predicate, o) -> documents whose graph asserts it
    candidates: dict = field(default_factory=lambda: defaultdict(set))
    evidence: dict = field(default_factory=lambda: defaultdict(dict))


def _index_quads(ds) -> _QuadIndex:
    ix = _QuadIndex()
    for s, p, o, g in _quads(ds):
        if p == _RDF_TYPE:
            kg_type = _TYPE_BY_IRI.get(o)
            if kg_type is not None:
                # one type per entity even if documents disagree: the earliest in ENTITY_TYPES
                old = ix.types.get(s)
                if old is None or ENTITY_TYPES.index(kg_type) < ENTITY_TYPES.index(old):
                    ix.types[s] = kg_type
                name = _source_name(g)
                if name:
                    ix.sources[s].add(name)
        elif p in _EVIDENCE_PREDICATES:
            ix.evidence[s][_EVIDENCE_PREDICATES[p]] = o
            if p == _EVIDENCE_SUBJECT:
                ix.evidence[s].setdefault("graph", _source_name(g))
        elif p == _LABEL:
            ix.labels[s][_text(o)] += 1
        elif p in _FALLBACK_LABELS:
            ix.fallback_labels.setdefault(s, _text(o))
        elif p == _ALT_LABEL:
            ix.aliases[s].add(_text(o))
        elif p == _ARXIV:
            ix.facts[s]["arxiv"] = _text(o)
        elif p == _DATE:
            ix.facts[s]["year"] = _year(_text(o))
        elif p == _URL:
            ix.facts[s]["url"] = _text(o)
        elif p == _BROADER and type(o) is str:
            ix.candidates[(s, BROADER, o)].add(_source_name(g))
        elif type(o) is str and p.startswith(_KG):
            ix.candidates[(s, p[len(_KG) :], o)].add(_source_name(g))
    return ix


def _add_entity_nodes(G: nx.MultiDiGraph, ix: _QuadIndex) -> None:
    for node in sorted(ix.types, key=str):
        label_counts = ix.labels.get(node)
        if label_counts:
            label = min(label_counts, key=lambda text: (-label_counts[text], text))
        else:
            label = ix.fallback_labels.get(node) or _tail(str(node), "")
        G.add_node(
            str(node),
            type=ix.types[node],
            label=label,
            arxiv=ix.facts[node].get("arxiv"),
            year=ix.facts[node].get("year"),
            url=ix.facts[node].get("url"),
            sources=sorted(ix.sources.get(node, ())),
            aliases=sorted(ix.aliases.get(node, set()) - {label}),
        )


def _evidence_by_triple(evidence: dict) -> dict:
    """Evidence records grouped by the (subject, local predicate, object) they support."""
    by_triple: dict = defaultdict(list)
    for ev in evidence.values():
        if not {"subject", "predicate", "object"} <= ev.keys():
            continue
        predicate = str(ev["predicate"])
        local = BROADER if predicate == str(SKOS.broader) else _tail(predicate, _KG)
        document = ev.get("document")
        source = _tail(str(document), str(DOC)) if document is not None else ev.get("graph")
        by_triple[(ev["subject"], local, ev["object"])].append(
            {
                "source": source,
                "sentence": _text(ev["sentence"]) if "sentence" in ev else None,
                "start": _python(ev.get("start")),
                "end": _python(ev.get("end")),
                "confidence": _python(ev.get("confidence")),
            }
        )
    return by_triple


def _add_relation_edges(G: nx.MultiDiGraph, ix: _QuadIndex, by_triple: dict) -> None:
    types = ix.types
    for (s, local, o), graphs in sorted(ix.candidates.items(),
                                        key=lambda kv: tuple(map(str, kv[0]))):
        if s not in types or o not in types:
            continue
        if local == BROADER and not (types[s] == types[o] and types[s] in TAXONOMY_TYPES):
            continue
        found = sorted(
            by_triple.get((s, local, o), ()),
            key=lambda e: (str(e["source"]), e["start"] if e["start"] is not None else -1),
        )
        confidences = [float(e["confidence"]) for e in found if e["confidence"] is not None]
        documents = {e["source"] for e in found if e["source"]} | {g for g in graphs if g}
        G.add_edge(
            str(s),
            str(o),
            key=local,
            predicate=local,
            confidence=max(confidences) if confidences else None,
            support=len(documents),
            evidence=[{k: e[k] for k in ("source", "sentence", "start", "end")} for e in found],
        )


# --- lookups shared with kg.viz ---------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def find_nodes(G: nx.MultiDiGraph, label: str) -> list[str]:
    """Nodes whose label (first) or an alias matches, case-insensitively; best first."""
    wanted = _norm(label)
    by_label, by_alias = [], []
    for node, data in G.nodes(data=True):
        if _norm(data.get("label", "")) == wanted:
            by_label.append(node)
        elif any(_norm(a) == wanted for a in data.get("aliases") or ()):
            by_alias.append(node)
    rank = lambda n: (-G.degree(n), n)
    return sorted(by_label, key=rank) + sorted(by_alias, key=rank)


def _label(G, node) -> str:
    return G.nodes[node].get("label", node)


def _of_type(G, kind: str) -> list[str]:
    return [n for n, t in G.nodes(data="type") if t == kind]


# --- analytics ----------------------------------------------------------------------------


def centrality(G: nx.MultiDiGraph, top: int = 10) -> dict[str, list[tuple[str, int, float]]]:
    """Per entity type, the top nodes as (label, degree, pagerank), by PageRank then degree."""
    if G.number_of_nodes() == 0:
        return {}
    rank = nx.pagerank(G)
    result: dict[str, list] = defaultdict(list)
    for node, kind in G.nodes(data="type"):
        result[kind].append((_label(G, node), G.degree(node), rank[node]))
    return {
        kind: sorted(rows, key=lambda r: (-r[2], -r[1], r[0]))[:top]
        for kind, rows in sorted(result.items())
    }


def communities(G: nx.MultiDiGraph, seed: int = 1) -> dict[str, int]:
    """Louvain communities of the undirected simple view; 0 is the largest community."""
    if G.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(G.to_undirected(as_view=True))
    groups = nx.community.louvain_communities(simple, seed=seed)
    groups = sorted(groups, key=lambda c: (-len(c), min(c)))
    return {node: i for i, group in enumerate(groups) for node in sorted(group)}


def _best_relation(G, u, v) -> tuple[str, str, str, dict]:
    """The strongest edge between u and v in either direction: (subject, object, key, data)."""
    options = [(u, v, k, d) for k, d in (G.get_edge_data(u, v) or {}).items()]
    options += [(v, u, k, d) for k, d in (G.get_edge_data(v, u) or {}).items()]
    # "mentions" only explains a hop when nothing more specific links the two
    return max(
        options,
        key=lambda e: (
            e[2] != "mentions",
            e[3].get("support") or 0,
            e[3].get("confidence") or 0.0,
            e[2],
        ),
    )


def explain_path(G: nx.MultiDiGraph, a_label: str, b_label: str) -> dict:
    """Shortest chain of relations between two entities, each hop with its evidence."""
    starts, ends = find_nodes(G, a_label), find_nodes(G, b_label)
    if not starts or not ends:
        return {}
    undirected = G.to_undirected(as_view=True)
    try:
        path = nx.shortest_path(undirected, starts[0], ends[0])
    except nx.NetworkXNoPath:
        return {}
    hops = []
    for u, v in pairwise(path):
        s, o, key, data = _best_relation(G, u, v)
        first = (data.get("evidence") or [{}])[0]
        hops.append(
            {
                "from": _label(G, u),
                "to": _label(G, v),
                "subject": _label(G, s),
                "relation": key,
                "object": _label(G, o),
                "sentence": first.get("sentence"),
                "source": first.get("source"),
                "confidence": data.get("confidence"),
            }
        )
    return {
        "source": _label(G, path[0]),
        "target": _label(G, path[-1]),
        "length": len(path) - 1,
        "nodes": [{"id": n, "label": _label(G, n), "type": G.nodes[n].get("type")} for n in path],
        "hops": hops,
    }


def technique_cooccurrence(
    G: nx.MultiDiGraph, top: int = 20, *, include_mentions: bool = False
) -> dict[tuple[str, str], int]:
    """Pairs of techniques linked from the same paper or model, with how many link both."""
    counts: Counter = Counter()
    for node, kind in G.nodes(data="type"):
        if kind not in ("Paper", "Model"):
            continue
        techniques = {
            _label(G, target)
            for _, target, key in G.out_edges(node, keys=True)
            if G.nodes[target].get("type") == "Technique"
            and (include_mentions or key != "mentions")
        }
        counts.update(combinations(sorted(techniques), 2))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return dict(ranked)


def top_by_year(G: nx.MultiDiGraph, type: str = "Organization", top: int = 5) -> dict:
    """Per year, the entities of `type` linked to the most papers published that year."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for node in _of_type(G, type):
        papers = {
            other
            for other in nx.all_neighbors(G, node)
            if G.nodes[other].get("type") == "Paper" and G.nodes[other].get("year") is not None
        }
        for paper in papers:
            counts[G.nodes[paper]["year"]][_label(G, node)] += 1
    return {
        year: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        for year, counter in sorted(counts.items())
    }


def summary(G: nx.MultiDiGraph) -> dict:
    """Node count per type and edge count per predicate."""
    if G.number_of_nodes() == 0:
        return {}
    types = Counter(kind for _, kind in G.nodes(data="type"))
    predicates = Counter(key for _, _, key in G.edges(keys=True))
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "types": dict(sorted(types.items())),
        "predicates": dict(sorted(predicates.items())),
    }


# --- export ----------------------------------------------------------------------------


def _flat(value):
    """GraphML/GEXF hold scalars only: string lists are joined, structures become JSON."""
    if isinstance(value, (list, tuple, set)):
        if all(isinstance(v, str) for v in value):
            return "; ".join(value)
        return json.dumps(list(value), ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _flattened(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None}
        attrs.setdefault("predicate", key)
        # edge ids must be unique in the file; the predicate stays an attribute
        flat.add_edge(u, v, key=str(i), **attrs)
    return flat


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    nx.write_graphml(_flattened(G), str(path))


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    nx.write_gexf(_flattened(G), str(path))
