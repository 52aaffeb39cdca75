"""The evaluation report: the two kinds of count (Score: precision and recall
counts; Ratio: hits out of gold items), the scores of one document, the report
of a run, and the per-predicate relation sums of the overall column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Score:
    """Counts for precision (predicted side) and recall (gold side)."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Ratio:
    """hits out of total (recall or accuracy over gold items)."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.total + other.total)


SCORE_FIELDS = ("papers", "organizations", "techniques", "models", "people", "authors")
RATIO_FIELDS = ("arxiv", "year", "code", "labs")


@dataclass(frozen=True)
class DocumentReport:
    """Scores for one document (or the micro-averaged total, document="overall").

    relations holds (predicate, Score) pairs, then ("all", Score).

    missing: gold things not found, per category; spurious: predicted things
    that are wrong, per category (both empty in the overall report).
    """

    document: str
    papers: Score = Score()
    organizations: Score = Score()
    techniques: Score = Score()
    models: Score = Score()
    people: Score = Score()
    authors: Score = Score()
    arxiv: Ratio = Ratio()
    year: Ratio = Ratio()
    code: Ratio = Ratio()
    labs: Ratio = Ratio()
    relations: tuple[tuple[str, Score], ...] = ()  # per predicate; empty: no relation gold
    confident: Ratio = Ratio()  # scored relations at confidence >= CONFIDENT that are right
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()
    spurious: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Report:
    documents: tuple[DocumentReport, ...]
    overall: DocumentReport


def _sum_relations(documents: Iterable[DocumentReport]) -> tuple[tuple[str, Score], ...]:
    totals: dict[str, Score] = {}
    for d in documents:
        for predicate, score in d.relations:
            totals[predicate] = totals.get(predicate, Score()) + score
    return tuple(totals.items())
