"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory) -> Path:
    """The output directory of one build of the bundled corpus, shared by the whole session
    (the NLP pass is the slow part of the suite; build it once). Treat it as read-only."""
    from kg.build import build

    out = tmp_path_factory.mktemp("corpus-out")
    report = build([CORPUS], out)
    assert not report.skipped, report.skipped
    return out
