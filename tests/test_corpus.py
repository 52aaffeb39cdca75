"""The bundled corpus (data/corpus), built once per session by the `corpus_out` fixture.

These are the acceptance criteria of the foundation issue: the corpus builds and
validates, enough papers per document, every entity type, cross-document merging,
the JSON export contract, and extraction quality against the gold files.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import read_document
from kg.model import ENTITY_TYPES
from tests.test_cli import check_json_contract

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
GOLD = sorted((ROOT / "tests" / "gold").glob("*.yaml"))
DOC_000 = "000_7a45ea19deb02d84.txt"
DOC_001 = "001_1e3c55881227ea1d.txt"
DOC_002 = "002_f145116ad497f304.txt"
DOC_003 = "003_6645e76788ab7ae7.txt"

# Overall scores of `kg eval tests/gold/*.yaml` must stay above these floors. Measured
# values when the floors were set: papers F1 0.99, orgs 0.96, techniques 0.92, models
# 0.98, authors 1.00; the papers floor is ~0.05 below, the others ~0.1 below.
F1_FLOORS = {"papers": 0.94, "organizations": 0.85, "techniques": 0.80, "models": 0.88, "authors": 0.90}
RATIO_FLOORS = {"arxiv": 0.95, "code": 0.90}

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def exported(corpus_out) -> dict:
    result = run("export", "--out", corpus_out, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name: read_document(p).text for p in sorted(CORPUS.iterdir())}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_corpus_is_the_four_documents():
    assert sorted(p.name for p in CORPUS.iterdir()) == [DOC_000, DOC_001, DOC_002, DOC_003]


def test_build_wrote_store_dump_and_view(corpus_out):
    assert (corpus_out / "store").exists()
    assert (corpus_out / "graph.trig").stat().st_size > 0
    assert (corpus_out / "graph.html").stat().st_size > 0


def test_validate_conforms(corpus_out):
    result = run("validate", "--out", corpus_out)
    assert result.exit_code == 0, result.stdout[-3000:] + result.stderr
    assert result.stdout.startswith("valid: ")


def test_papers_per_document(exported):
    papers = Counter(s for e in exported["entities"] if e["type"] == "Paper" for s in e["sources"])
    assert papers[DOC_000] >= 30, papers
    assert papers[DOC_001] >= 20, papers
    assert papers[DOC_002] >= 10, papers


def test_every_entity_type_is_present(exported):
    types = Counter(e["type"] for e in exported["entities"])
    assert set(types) == set(ENTITY_TYPES), types


def test_every_document_contributes(exported):
    sources = {s for e in exported["entities"] for s in e["sources"]}
    assert sources == {DOC_000, DOC_001, DOC_002, DOC_003}


def test_latent_diffusion_paper_is_one_entity_from_two_documents(exported):
    matches = [e for e in exported["entities"] if e["type"] == "Paper" and e["arxiv"] == "2112.10752"]
    assert len(matches) == 1, matches
    (ldm,) = matches
    assert ldm["id"].endswith("/paper/arxiv-2112.10752")
    assert {DOC_000, DOC_001} <= set(ldm["sources"])
    assert fold(ldm["label"]) == fold("High-Resolution Image Synthesis with Latent Diffusion Models")
    # no second paper entity with the same title
    same_title = [e for e in exported["entities"] if e["type"] == "Paper" and fold(e["label"]) == fold(ldm["label"])]
    assert same_title == [ldm]


def test_no_two_papers_share_an_arxiv_id(exported):
    ids = Counter(e["arxiv"] for e in exported["entities"] if e["type"] == "Paper" and e["arxiv"])
    assert [a for a, n in ids.items() if n > 1] == []


DALLE2_SPELLING = re.compile(r"dall\W{0,2}e\W{0,2}2(?!\d)", re.IGNORECASE)


def test_dalle2_is_one_model_whatever_its_spelling(exported, texts):
    models = [e for e in exported["entities"] if e["type"] == "Model"
              and any(DALLE2_SPELLING.fullmatch(name.strip()) for name in (e["label"], *e["aliases"]))]
    assert len(models) == 1, [(m["label"], m["aliases"]) for m in models]
    (dalle2,) = models
    assert dalle2["label"] in ("DALL·E 2", "DALL-E 2")
    # every document that spells it out in prose is a source of that one entity
    spelled = {name for name, text in texts.items() if re.search(r"\bDALL\W{0,2}E\W{0,2}2\b", text, re.IGNORECASE)}
    assert spelled == {DOC_000, DOC_001, DOC_003}
    assert spelled <= set(dalle2["sources"])
    # and DALL·E (the first one) is another entity
    dalle = [e for e in exported["entities"] if e["type"] == "Model" and fold(e["label"]) == "dalle"]
    assert len(dalle) == 1 and dalle[0]["id"] != dalle2["id"]


def test_json_export_follows_the_contract(exported, texts):
    check_json_contract(exported, texts)


def test_evidence_points_into_its_document(exported, texts):
    """Evidence offsets are offsets into the repaired text, and the span says the same thing."""
    bad = []
    for r in exported["relations"]:
        for ev in r["evidence"]:
            span = texts[ev["source"]][ev["start"] : ev["end"]]
            words = re.findall(r"\w{4,}", ev["text"])[:3]
            if not all(w in span for w in words):
                bad.append((ev["source"], ev["start"], ev["end"], ev["text"][:60]))
    assert not bad, bad[:10]


def test_authorship_points_from_papers_to_people(exported):
    types = {e["id"]: e["type"] for e in exported["entities"]}
    expected = {
        "authoredBy": ({"Paper"}, {"Person"}),
        "hasCode": ({"Paper", "Model"}, {"Repository"}),
        "fromOrganization": ({"Paper", "Model"}, {"Organization"}),
        "affiliatedWith": ({"Person"}, {"Organization"}),
    }
    assert any(r["predicate"] in expected for r in exported["relations"])
    for r in exported["relations"]:
        if r["predicate"] in expected:
            subjects, objects = expected[r["predicate"]]
            assert types[r["subject"]] in subjects, r
            assert types[r["object"]] in objects, r


def test_eval_against_gold_files(corpus_out):
    assert len(GOLD) == 4
    table = run("eval", *GOLD, "--out", corpus_out)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split()[0] == "metric"
    assert "papers P/R/F1" in table.stdout
    result = run("eval", *GOLD, "--out", corpus_out, "--json")
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    scores = {name: overall[name]["f1"] for name in F1_FLOORS}
    ratios = {name: overall[name]["value"] for name in RATIO_FLOORS}
    below = {n: v for n, v in scores.items() if v < F1_FLOORS[n]}
    below |= {n: v for n, v in ratios.items() if v < RATIO_FLOORS[n]}
    assert not below, f"below the floor: {below} (all: {scores} {ratios})\n{table.stdout}"
