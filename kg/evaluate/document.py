"""Evaluating an export: every score of one document, and the micro-averaged
report over all gold documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kg.evaluate.entities import (
    _score_authors,
    _score_category,
    _score_code,
    _score_labs,
    _score_paper_facts,
    _score_papers,
)
from kg.evaluate.export import _entities, _Entity, _objects_by_subject
from kg.evaluate.gold import NAME_CATEGORIES, Gold
from kg.evaluate.relations import _score_relations
from kg.evaluate.report import (
    RATIO_FIELDS,
    SCORE_FIELDS,
    DocumentReport,
    Ratio,
    Report,
    Score,
    _sum_relations,
)


def _evaluate_document(export: Mapping, entities: dict[str, _Entity], gold: Gold) -> DocumentReport:
    doc = gold.document
    in_doc = sorted((e for e in entities.values() if doc in e.sources), key=lambda e: e.id)
    by_type: dict[str, list[_Entity]] = {}
    for entity in in_doc:
        by_type.setdefault(entity.type, []).append(entity)
    # the lists are filled in report order: the JSON report keeps it
    missing: dict[str, list[str]] = {}
    spurious: dict[str, list[str]] = {}

    matched, papers = _score_papers(gold, by_type.get("Paper", []), missing, spurious)
    arxiv, year = _score_paper_facts(gold, matched, missing)
    scores = {category: _score_category(category, gold, by_type, missing, spurious)
              for category in NAME_CATEGORIES}
    authored = _objects_by_subject(export, doc, entities, "authoredBy")
    authors = _score_authors(gold, matched, authored, missing, spurious)
    code = _score_code(gold, matched, export, entities, missing)
    labs = _score_labs(gold, matched, _objects_by_subject(export, doc, entities, "fromOrganization"),
                       missing)

    relations: tuple[tuple[str, Score], ...] = ()
    confident = Ratio()
    if gold.relations is not None:
        relations, confident, rel_missing, rel_spurious = _score_relations(
            export, entities, gold, matched)
        missing["relations"], spurious["relations"] = rel_missing, rel_spurious

    def pack(d: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((k, tuple(v)) for k, v in d.items() if v)

    return DocumentReport(
        document=doc,
        papers=papers,
        authors=authors,
        arxiv=arxiv,
        year=year,
        code=code,
        labs=labs,
        relations=relations,
        confident=confident,
        missing=pack(missing),
        spurious=pack(spurious),
        **scores,
    )


def evaluate(export: Mapping, golds: Iterable[Gold]) -> Report:
    """Score the export against each gold document and micro-average the counts."""
    entities = _entities(export)
    documents = tuple(_evaluate_document(export, entities, gold) for gold in golds)
    totals = {}
    for name in SCORE_FIELDS:
        totals[name] = sum((getattr(d, name) for d in documents), Score())
    for name in RATIO_FIELDS:
        totals[name] = sum((getattr(d, name) for d in documents), Ratio())
    totals["relations"] = _sum_relations(documents)
    totals["confident"] = sum((d.confident for d in documents), Ratio())
    return Report(documents=documents, overall=DocumentReport(document="overall", **totals))
