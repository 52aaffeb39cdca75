"""The build manifest and the per-document extraction cache.

A rebuild reads the manifest (document name -> content hash) and reuses the
cached Extraction of every unchanged document, so it does no NLP work for
them. Extractions are stored as JSON, one file per content hash.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from kg import EXTRACTOR_VERSION
from kg.model import Evidence, Extraction, Mention, Relation

MANIFEST = "manifest.json"
CACHE_DIR = "cache"


def _tuple(value):
    return tuple(_tuple(v) for v in value) if isinstance(value, list) else value


def extraction_to_json(ex: Extraction) -> dict:
    return asdict(ex)


def extraction_from_json(data: dict) -> Extraction:
    mentions = tuple(
        Mention(
            id=m["id"], type=m["type"], label=m["label"], keys=tuple(m["keys"]),
            evidence=Evidence(**m["evidence"]), aliases=tuple(m["aliases"]),
            attrs=tuple((k, _tuple(v)) for k, v in m["attrs"]),
        )
        for m in data["mentions"]
    )
    relations = tuple(
        Relation(r["subject"], r["predicate"], r["object"], Evidence(**r["evidence"])) for r in data["relations"]
    )
    meta = tuple((k, _tuple(v)) for k, v in data.get("meta", ()))
    return Extraction(data["document"], data["sha256"], mentions, relations, meta)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def load_manifest(out_dir: Path) -> dict:
    """{"extractor": version, "documents": {name: {"sha256", "generated", "path"}}} or an empty one."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"extractor": None, "documents": {}}
    if data.get("extractor") != EXTRACTOR_VERSION:
        return {"extractor": None, "documents": {}}
    return data


def save_manifest(out_dir: Path, documents: dict) -> None:
    _atomic_write(out_dir / MANIFEST, json.dumps({"extractor": EXTRACTOR_VERSION, "documents": documents},
                                                  indent=1, sort_keys=True))


def load_extraction(out_dir: Path, sha256: str) -> Extraction | None:
    path = out_dir / CACHE_DIR / f"{sha256}-{EXTRACTOR_VERSION}.json"
    try:
        return extraction_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_extraction(out_dir: Path, ex: Extraction) -> None:
    cache = out_dir / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    _atomic_write(cache / f"{ex.sha256}-{EXTRACTOR_VERSION}.json", json.dumps(extraction_to_json(ex)))
