"""The build manifest and the per-document extraction cache (kg.cache)."""

from __future__ import annotations

import json

from kg import EXTRACTOR_VERSION
from kg.cache import (
    CACHE_DIR,
    MANIFEST,
    extraction_from_json,
    extraction_to_json,
    extractor_key,
    load_extraction,
    load_manifest,
    save_extraction,
    save_manifest,
)
from kg.extract.builder import ExtractionBuilder

KEY = "test-key"


def _extraction(name: str = "notes.md", sha: str = "f00d"):
    # tuple values: JSON writes them as lists, and the cache reads lists back as tuples
    b = ExtractionBuilder(name, sha, meta=(("title", "Notes"), ("tags", ("a", "b"))))
    ev = b.evidence(0, 12, "Flow Matching uses optimal transport.", "structure:test", 0.9)
    paper = b.mention("Paper", "Flow Matching", ["arxiv:2210.02747"], ev, aliases=("FM",),
                      attrs={"year": 2022, "authors": ("Ada", "Bo")})
    tech = b.mention("Technique", "optimal transport", ["label:ot"], ev)
    b.relate(paper, "usesTechnique", tech, b.evidence(20, 37, "uses optimal transport", "dep:uses", 0.7))
    return b.build()


def test_an_extraction_survives_json():
    ex = _extraction()
    assert ex.mentions and ex.relations
    assert extraction_from_json(json.loads(json.dumps(extraction_to_json(ex)))) == ex


def test_saved_extraction_is_found_by_name_and_content(tmp_path):
    ex = _extraction()
    save_extraction(tmp_path, ex, key=KEY)
    assert load_extraction(tmp_path, "notes.md", "f00d", key=KEY) == ex
    assert load_extraction(tmp_path, "notes.md", "beef", key=KEY) is None  # the text changed
    assert load_extraction(tmp_path, "other.md", "f00d", key=KEY) is None  # same text, another name


def test_same_text_under_two_names_is_two_entries(tmp_path):
    first, second = _extraction("a.md"), _extraction("b.md")
    save_extraction(tmp_path, first, key=KEY)
    save_extraction(tmp_path, second, key=KEY)
    assert len(list((tmp_path / CACHE_DIR).glob("*.json"))) == 2
    assert load_extraction(tmp_path, "a.md", "f00d", key=KEY) == first
    assert load_extraction(tmp_path, "b.md", "f00d", key=KEY) == second


def test_entries_are_keyed_by_extractor_key_and_variant(tmp_path):
    ex = _extraction()
    save_extraction(tmp_path, ex, key=KEY)
    assert load_extraction(tmp_path, "notes.md", "f00d", key="another-key") is None
    assert load_extraction(tmp_path, "notes.md", "f00d", variant="nlp1000", key=KEY) is None
    save_extraction(tmp_path, ex, variant="nlp1000", key=KEY)
    assert load_extraction(tmp_path, "notes.md", "f00d", variant="nlp1000", key=KEY) == ex


def test_the_default_key_is_extractor_key(tmp_path):
    assert extractor_key().startswith(f"{EXTRACTOR_VERSION}-")
    ex = _extraction()
    save_extraction(tmp_path, ex)
    assert load_extraction(tmp_path, "notes.md", "f00d", key=extractor_key()) == ex


def test_a_corrupt_or_foreign_cache_file_is_ignored(tmp_path):
    save_extraction(tmp_path, _extraction(), key=KEY)
    [path] = (tmp_path / CACHE_DIR).glob("*.json")
    for text in ("{not json", "[]", json.dumps({"document": "notes.md"}), ""):
        path.write_text(text, encoding="utf-8")
        assert load_extraction(tmp_path, "notes.md", "f00d", key=KEY) is None, text
    # a well-formed extraction of another document in this file is not taken for this one
    path.write_text(json.dumps(extraction_to_json(_extraction("other.md"))), encoding="utf-8")
    assert load_extraction(tmp_path, "notes.md", "f00d", key=KEY) is None


def test_manifest_round_trip(tmp_path):
    documents = {"notes.md": {"sha256": "f00d", "generated": False}}
    save_manifest(tmp_path, documents, store="http://localhost:3030/kg", vocabulary="v1")
    assert load_manifest(tmp_path) == {"extractor": EXTRACTOR_VERSION, "store": "http://localhost:3030/kg",
                                       "vocabulary": "v1", "documents": documents}
    assert [p.name for p in tmp_path.iterdir()] == [MANIFEST]  # no temporary file left behind


def test_a_missing_corrupt_or_outdated_manifest_reads_as_empty(tmp_path):
    empty = {"extractor": None, "documents": {}}
    assert load_manifest(tmp_path) == empty
    (tmp_path / MANIFEST).write_text("{oops", encoding="utf-8")
    assert load_manifest(tmp_path) == empty
    (tmp_path / MANIFEST).write_text(json.dumps({"extractor": "0-old", "documents": {"a.md": {}}}), encoding="utf-8")
    assert load_manifest(tmp_path) == empty
