"""Frozen dataclasses passed between the pipeline stages.

ingest -> Document; extract -> Extraction; resolve -> Graph (entities + relations).
Every stage is a pure function of these values, so a stage can be cached,
tested or replaced alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = (
    "Paper",
    "Person",
    "Organization",
    "Technique",
    "Model",
    "Task",
    "Dataset",
    "Venue",
    "Repository",
)

RELATION_TYPES = (
    "authoredBy",  # Paper -> Person
    "hasCode",  # Paper|Model -> Repository
    "usesTechnique",  # Paper|Model -> Technique
    "fromOrganization",  # Paper|Model -> Organization
    "affiliatedWith",  # Person -> Organization
    "addressesTask",  # Paper|Model -> Task
    "evaluatedOn",  # Paper|Model -> Dataset
    "publishedAt",  # Paper -> Venue
    "buildsOn",  # Paper|Model|Technique -> Paper|Model|Technique
    "introduces",  # Paper -> Model|Technique
    "mentions",  # Paper -> anything named in its section (co-occurrence)
)


def _attr(self, name: str, default: object = None) -> object:
    """The value of one of the (name, value) pairs in self.attrs."""
    for key, value in self.attrs:
        if key == name:
            return value
    return default


@dataclass(frozen=True)
class Link:
    """A markdown (or bare) link: its label, target and place in the text."""

    label: str
    url: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """One structural unit of a document, with offsets into Document.text.

    kind is one of: heading, list_item, paragraph, table, code, quote, html.
    level is the heading level (1-6), the list nesting depth, or 0.
    section is the index of the heading block this block falls under (-1: none).
    """

    kind: str
    text: str
    start: int
    end: int
    level: int = 0
    links: tuple[Link, ...] = ()
    section: int = -1


@dataclass(frozen=True)
class Document:
    """A decoded, repaired document and its structure.

    name is the base file name (the key of the document's named graph).
    meta holds front matter as (key, value) pairs; values are strings or
    tuples of strings.
    """

    name: str
    text: str
    blocks: tuple[Block, ...]
    sha256: str
    meta: tuple[tuple[str, object], ...] = ()
    keywords: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def meta_dict(self) -> dict[str, object]:
        return dict(self.meta)


@dataclass(frozen=True)
class Evidence:
    """Where and how a fact was found."""

    source: str  # document base name
    start: int
    end: int
    sentence: str
    method: str  # e.g. "structure:paper-line", "ner", "ruler", "dep:uses"
    confidence: float


@dataclass(frozen=True)
class Mention:
    """An entity found in one document.

    id is local to the extraction; keys are canonical keys the resolver uses
    to merge mentions (e.g. "arxiv:2112.10752", "title:high resolution ...",
    "label:technique:diffusion model"). attrs holds typed facts such as
    arxiv, year, url, broader, as (name, value) pairs.
    """

    id: str
    type: str
    label: str
    keys: tuple[str, ...]
    evidence: Evidence
    aliases: tuple[str, ...] = ()
    attrs: tuple[tuple[str, object], ...] = ()

    attr = _attr


@dataclass(frozen=True)
class Relation:
    """A relation between two mentions of the same extraction."""

    subject: str  # Mention.id
    predicate: str
    object: str  # Mention.id
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    document: str
    sha256: str
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    meta: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Entity:
    """A resolved entity: one per canonical key, with a stable IRI."""

    iri: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    attrs: tuple[tuple[str, object], ...] = ()
    sources: tuple[str, ...] = ()

    attr = _attr


@dataclass(frozen=True)
class Assertion:
    """A resolved relation as stated by one document, with its evidence."""

    subject: str  # Entity.iri
    predicate: str
    object: str  # Entity.iri
    evidence: Evidence


@dataclass(frozen=True)
class ResolvedGraph:
    entities: tuple[Entity, ...]
    assertions: tuple[Assertion, ...]
    # entity iri -> documents where it was found, for per-document graphs
    documents: tuple[str, ...] = field(default=())
