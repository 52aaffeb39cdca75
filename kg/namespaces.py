"""IRIs of the project and the standard vocabularies it reuses.

How the graph is shaped (the contract between rdf.py, the queries, analytics
and views):

* every entity has ``rdf:type kg:<Type>`` (Paper, Person, Organization,
  Technique, Model, Task, Dataset, Venue, Repository) and the matching standard
  class (schema:ScholarlyArticle, schema:Person, schema:Organization,
  skos:Concept, schema:SoftwareApplication, skos:Concept, schema:Dataset,
  schema:Event, schema:SoftwareSourceCode); ``rdfs:label`` (one), aliases as
  ``skos:altLabel``; techniques and tasks also ``skos:prefLabel`` and
  ``skos:inScheme``; ``skos:broader`` between techniques and between tasks.
* papers: ``dcterms:title``, ``kg:arxivId`` (string, e.g. "2112.10752"),
  ``dcterms:date`` (xsd:gYear), ``schema:url`` (xsd:anyURI literal),
  ``kg:award`` (string).
* relations are kg: properties named as in model.RELATION_TYPES, e.g.
  ``<paper> kg:usesTechnique <technique>``.
* each asserted relation has an evidence node (an ``rdf:Statement`` and
  ``kg:Evidence``) with rdf:subject/predicate/object, ``prov:wasDerivedFrom``
  the document node, ``kg:start``/``kg:end`` (xsd:integer), ``kg:sentence``,
  ``kg:method``, ``kg:confidence`` (xsd:decimal).
* one named graph per document, ``GRAPH + <base file name>``, holds that
  document's entity descriptions, relations and evidence, and the document
  node ``DOC + <name>`` (kg:Document, prov:Entity) with ``kg:sha256``,
  ``prov:generatedAtTime``, ``kg:extractorVersion``.
* ``VOCAB_GRAPH`` holds the ontology and the technique taxonomy.
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/aikg/"
KG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
DOC = Namespace(BASE + "doc/")
SCHEMA = Namespace("https://schema.org/")
VOCAB_GRAPH = GRAPH["vocabulary"]
TECHNIQUE_SCHEME = ID["scheme/techniques"]
TASK_SCHEME = ID["scheme/tasks"]

# kg type -> the standard class it is aligned with
STANDARD_CLASS = {
    "Paper": SCHEMA.ScholarlyArticle,
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Technique": SKOS.Concept,
    "Model": SCHEMA.SoftwareApplication,
    "Task": SKOS.Concept,
    "Dataset": SCHEMA.Dataset,
    "Venue": SCHEMA.Event,
    "Repository": SCHEMA.SoftwareSourceCode,
}

PREFIXES = {
    "kg": KG,
    "kgr": ID,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}


def graph_iri(document_name: str):
    """The named graph that holds one document's triples."""
    return GRAPH[document_name]


def document_iri(document_name: str):
    return DOC[document_name]
