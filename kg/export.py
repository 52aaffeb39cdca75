"""Exports of the stored graph: the JSON contract and RDF serialisations.

Everything is read back from the store's named graphs, so an export shows
exactly what a SPARQL user would see.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.model import ENTITY_TYPES
from kg.namespaces import DOC, GRAPH, KG, PREFIXES, SCHEMA, VOCAB_GRAPH

RDF_FORMATS = {"ttl": "turtle", "trig": "trig", "nt": "nt", "jsonld": "json-ld", "nq": "nquads"}
_TYPE_OF = {KG[t]: t for t in ENTITY_TYPES}


def _source_name(graph_id) -> str | None:
    text = str(graph_id)
    if not text.startswith(str(GRAPH)) or text == str(VOCAB_GRAPH):
        return None
    return text[len(str(GRAPH)) :]


def _doc_name(node) -> str:
    text = str(node)
    return text.removeprefix(str(DOC))


def export_json(ds: rdflib.Dataset) -> dict:
    """The contract of DESIGN.md: {"entities": [...], "relations": [...]}."""
    found = _gather(ds)
    grouped, confidence = _evidence_records(found.evidence_nodes)
    return {"entities": _entity_records(found),
            "relations": _relation_records(found.relation_triples, grouped, confidence)}


@dataclass
class _Gathered:
    """What one pass over the document graphs' quads collects."""

    types: dict[str, str] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    facts: dict[str, dict] = field(default_factory=lambda: defaultdict(lambda: {"aliases": set()}))
    evidence_nodes: dict = field(default_factory=lambda: defaultdict(dict))
    relation_triples: set[tuple[str, str, str]] = field(default_factory=set)


_FACT_KEYS = {RDFS.label: "label", KG.arxivId: "arxiv", SCHEMA.url: "url", KG.award: "award"}
_EVIDENCE_KEYS = (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, KG.start, KG.end,
                  KG.sentence, KG.confidence, KG.method)


def _gather(ds: rdflib.Dataset) -> _Gathered:
    found = _Gathered()
    relation_names = {str(KG[p]) for p in _relation_names()}
    for s, p, o, g in ds.quads((None, None, None, None)):
        source = _source_name(g.identifier if hasattr(g, "identifier") else g)
        if source is None:
            continue
        if p == RDF.type and o in _TYPE_OF:
            found.types[str(s)] = _TYPE_OF[o]
            found.sources[str(s)].add(source)
        elif p in _FACT_KEYS:
            found.facts[str(s)][_FACT_KEYS[p]] = str(o)
        elif p == SKOS.altLabel:
            found.facts[str(s)]["aliases"].add(str(o))
        elif p == DCTERMS.date:
            found.facts[str(s)]["year"] = int(str(o)[:4])
        elif str(p) in relation_names:
            found.relation_triples.add((str(s), str(p), str(o)))
        if p in _EVIDENCE_KEYS:
            found.evidence_nodes[s][p] = o
    return found


def _entity_records(found: _Gathered) -> list[dict]:
    entities = []
    for iri in sorted(found.types):
        f = found.facts[iri]
        entity = {
            "id": iri,
            "type": found.types[iri],
            "label": f.get("label", ""),
            "aliases": sorted(f["aliases"] - {f.get("label")}),
            "arxiv": f.get("arxiv"),
            "year": f.get("year"),
            "url": f.get("url"),
            "sources": sorted(found.sources[iri]),
        }
        if "award" in f:
            entity["award"] = f["award"]
        entities.append(entity)
    return entities


def _evidence_records(evidence_nodes: dict):
    """Evidence grouped by the (subject, predicate, object) it supports, and the
    highest confidence of each triple."""
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    confidence: dict[tuple[str, str, str], float] = defaultdict(float)
    for node in evidence_nodes.values():
        if RDF.subject not in node:
            continue
        key = (str(node[RDF.subject]), str(node[RDF.predicate]), str(node[RDF.object]))
        grouped[key].append(
            {
                "source": _doc_name(node.get(PROV.wasDerivedFrom, "")),
                "start": int(node.get(KG.start, 0)),
                "end": int(node.get(KG.end, 0)),
                "text": str(node.get(KG.sentence, "")),
                "method": str(node.get(KG.method, "")),
                "confidence": float(node.get(KG.confidence, 0)),
            }
        )
        confidence[key] = max(confidence[key], float(node.get(KG.confidence, 0)))
    return grouped, confidence


def _relation_records(relation_triples, grouped, confidence) -> list[dict]:
    relations = []
    for s, p, o in sorted(relation_triples):
        evidence = sorted(grouped.get((s, p, o), []), key=lambda e: (e["source"], e["start"], e["end"]))
        relations.append(
            {
                "subject": s,
                "predicate": p[len(str(KG)) :],
                "object": o,
                "confidence": round(confidence.get((s, p, o), 0.0), 2),
                "support": len({e["source"] for e in evidence}),
                "evidence": evidence,
            }
        )
    return relations


def _relation_names():
    from kg.model import RELATION_TYPES

    return RELATION_TYPES


def serialize(ds: rdflib.Dataset, fmt: str) -> str:
    """The graph in an RDF syntax: trig/nq keep named graphs; ttl/nt/jsonld give their union."""
    if fmt == "json":
        return json.dumps(export_json(ds), indent=2, ensure_ascii=False) + "\n"
    if fmt not in RDF_FORMATS:
        raise KGError(f"unknown export format {fmt!r}: choose one of json, {', '.join(RDF_FORMATS)}, graphml, gexf")
    if fmt in ("trig", "nq"):
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns)
        return ds.serialize(format=RDF_FORMATS[fmt])
    union = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union.serialize(format=RDF_FORMATS[fmt])
