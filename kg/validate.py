"""SHACL validation of the graph against ontology/shapes.ttl.

The data is the union of all named graphs; the ontology graph (kg.ttl plus the
technique and task taxonomies, see ``kg.vocab.ontology_graph``) is mixed in as
pyshacl's ont graph, so values that are vocabulary concepts are typed even when
the data does not repeat their descriptions. No RDFS/OWL inference is run.
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


@lru_cache(maxsize=4)
def _shapes(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    from kg.vocab import ontology_graph

    return ontology_graph()


def _as_plain_graph(graph: rdflib.Graph) -> rdflib.Graph:
    """A Dataset/ConjunctiveGraph becomes one graph holding the union of its graphs."""
    if isinstance(graph, rdflib.ConjunctiveGraph) or isinstance(graph, rdflib.Dataset):
        union = rdflib.Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


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
    conforms, results, text = pyshacl.validate(
        _as_plain_graph(data_graph),
        shacl_graph=shapes,
        ont_graph=ont,
        inference="none",
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
    )
