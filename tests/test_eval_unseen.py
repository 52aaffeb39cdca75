"""The extractor on documents it was not written against: two sets of small
documents of the four kinds (tests/fixtures/unseen*, written and annotated
separately from the extraction rules), scored with `kg eval`.

The floors sit a little below the figures of the current extractor, so a
change that makes extraction worse on new documents fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.evaluate import evaluate, load_gold
from kg.export import export_json
from kg.store import open_store

ROOT = Path(__file__).resolve().parent
SETS = ("unseen", "unseen2")


@pytest.fixture(scope="module")
def unseen_report(tmp_path_factory):
    docs = tmp_path_factory.mktemp("unseen_docs")
    for name in SETS:
        for path in (ROOT / "fixtures" / name).iterdir():
            shutil.copy(path, docs / path.name)
    out = tmp_path_factory.mktemp("unseen_out")
    build([docs], out, view=False)
    golds = [load_gold(p) for name in SETS for p in sorted((ROOT / "gold" / name).glob("*.yaml"))]
    with open_store(out) as store:
        exported = export_json(store.dataset())
    return evaluate(exported, golds)


def test_every_unseen_document_is_scored(unseen_report):
    assert len(unseen_report.documents) == 10


@pytest.mark.parametrize(
    "metric, floor",
    [("papers", 0.93), ("organizations", 0.85), ("techniques", 0.75), ("models", 0.8), ("authors", 0.9)],
)
def test_f1_floors_on_unseen_documents(unseen_report, metric, floor):
    score = getattr(unseen_report.overall, metric)
    assert score.f1 >= floor, f"{metric} F1 {score.f1:.2f} fell below {floor}"


@pytest.mark.parametrize("metric, floor", [("arxiv", 0.98), ("code", 0.9), ("year", 0.9)])
def test_recall_floors_on_unseen_documents(unseen_report, metric, floor):
    ratio = getattr(unseen_report.overall, metric)
    assert ratio.value >= floor, f"{metric} {ratio.hits}/{ratio.total} fell below {floor}"


def test_author_recall_on_unseen_documents(unseen_report):
    assert unseen_report.overall.authors.recall >= 0.9
