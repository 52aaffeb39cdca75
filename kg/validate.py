"""SHACL validation of the graph against ontology/shapes.ttl.

The data is the union of all named graphs. The ontology graph (kg.ttl plus the
technique and task taxonomies, see ``kg.vocab.ontology_graph``) is mixed into a
working copy of it: the descriptions of every ontology node the data refers to,
and of the nodes those refer to (broader concepts), so a value that is a
vocabulary concept is typed even when the data does not repeat its description.
(pyshacl's own ``ont_graph`` mixing copies only RDFS/OWL axioms, not SKOS
concepts; mixing in only what is referenced keeps validation fast.) The data
graph is never modified. No RDFS/OWL inference is run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import SH

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one validation.

    violations holds (focus node, path, message) for each result, sorted.
    text is pyshacl's human-readable report.
    """

    conforms: bool
    violations: tuple[tuple[str, str, str], ...]
    text: str
    triples: int = 0  # distinct data triples checked (the union of a Dataset's graphs)


@lru_cache(maxsize=4)
def _shapes(path: Path) -> rdflib.Graph:
    from kg.vocab import read_turtle

    return read_turtle(path)


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    from kg.vocab import ontology_graph

    return ontology_graph()


def _working_copy(data: rdflib.Graph, ontology: rdflib.Graph) -> rdflib.Graph:
    """The data (the union of its graphs for a Dataset) plus the ontology nodes it reaches."""
    work = rdflib.Graph()
    if isinstance(data, rdflib.ConjunctiveGraph | rdflib.Dataset):
        work.addN((s, p, o, work) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        work.addN((s, p, o, work) for s, p, o in data)
    seen: set[rdflib.term.Node] = set()
    todo = [
        n for n in set(work.subjects()) | set(work.objects()) if not isinstance(n, rdflib.Literal)
    ]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for _, p, o in ontology.triples((node, None, None)):
            work.add((node, p, o))
            if not isinstance(o, rdflib.Literal) and o not in seen:
                todo.append(o)
    return work


def _text(graph: rdflib.Graph, node) -> str:
    return "" if node is None else str(node)


def validate(
    data_graph: rdflib.Graph,
    shapes_graph: rdflib.Graph | None = None,
    ont_graph: rdflib.Graph | None = None,
) -> ValidationReport:
    """Validate ``data_graph`` (a Graph, or a Dataset whose union is validated).

    ``shapes_graph`` defaults to ontology/shapes.ttl and ``ont_graph`` to the
    ontology with the vocabulary taxonomies.
    """
    import pyshacl

    shapes = shapes_graph if shapes_graph is not None else _shapes(SHAPES_PATH)
    ont = ont_graph if ont_graph is not None else _ontology()
    triples = len(set(data_graph.triples((None, None, None)))) if not isinstance(
        data_graph, rdflib.ConjunctiveGraph | rdflib.Dataset) else len(
        {(s, p, o) for s, p, o, _ in data_graph.quads((None, None, None, None))})
    conforms, results, text = pyshacl.validate(
        _working_copy(data_graph, ont),
        shacl_graph=shapes,
        inference="none",
        inplace=True,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
        debug=False,
    )
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        violations.append(
            (
                _text(results, results.value(result, SH.focusNode)),
                _text(results, results.value(result, SH.resultPath)),
                _text(results, results.value(result, SH.resultMessage)),
            )
        )
    return ValidationReport(
        conforms=bool(conforms),
        violations=tuple(sorted(violations)),
        text=str(text),
        triples=triples,
    )
