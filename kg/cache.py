"""The build manifest and the per-document extraction cache.

A rebuild reads the manifest (document name -> content hash) and reuses the
cached Extraction of every unchanged document, so it does no NLP work for
them. Extractions are stored as JSON, one file per document name and
content hash: the extraction names its document, so two files with the same
text under different names are two entries.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from kg import EXTRACTOR_VERSION
from kg.model import Evidence, Extraction, Mention, Relation

MANIFEST = "manifest.json"
CACHE_DIR = "cache"


def _tuple(value):
    return tuple(_tuple(v) for v in value) if isinstance(value, list) else value


def _evidence_json(ev: Evidence) -> dict:
    return {"source": ev.source, "start": ev.start, "end": ev.end, "sentence": ev.sentence,
            "method": ev.method, "confidence": ev.confidence}


def extraction_to_json(ex: Extraction) -> dict:
    """The same dict as dataclasses.asdict, without its deep copies (tuples
    stay tuples: json writes them as lists)."""
    return {
        "document": ex.document,
        "sha256": ex.sha256,
        "mentions": [
            {"id": m.id, "type": m.type, "label": m.label, "keys": m.keys, "evidence": _evidence_json(m.evidence),
             "aliases": m.aliases, "attrs": m.attrs}
            for m in ex.mentions
        ],
        "relations": [
            {"subject": r.subject, "predicate": r.predicate, "object": r.object, "evidence": _evidence_json(r.evidence)}
            for r in ex.relations
        ],
        "meta": ex.meta,
    }


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
    """{"extractor": version, "store": "local" or URL, "vocabulary": digest of the
    vocabulary files and kg.ttl, "documents": {name: {"sha256", "generated",
    "nlp_limit" (when the NLP pass stopped early)}}}, or an empty one."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"extractor": None, "documents": {}}
    if data.get("extractor") != EXTRACTOR_VERSION:
        return {"extractor": None, "documents": {}}
    return data


def save_manifest(out_dir: Path, documents: dict, store: str = "local", vocabulary: str | None = None) -> None:
    """`store` is where the graph was written: "local" or the server's URL;
    `vocabulary` the vocabulary_digest(ontology=True) the graph was built with."""
    _atomic_write(out_dir / MANIFEST, json.dumps(
        {"extractor": EXTRACTOR_VERSION, "store": store, "vocabulary": vocabulary, "documents": documents},
        indent=1, sort_keys=True))


def extractor_key() -> str:
    """What an extraction depends on besides its document: the extractor
    version and the vocabularies (an edited YAML file changes what is found)."""
    from kg.vocab import vocabulary_digest

    return f"{EXTRACTOR_VERSION}-{vocabulary_digest()[:16]}"


def _cache_path(out_dir: Path, name: str, sha256: str, variant: str, key: str | None) -> Path:
    # variant: how the extraction was made when it differs from the default
    # (e.g. "nlp1000000" for a document whose NLP pass stopped there)
    suffix = f"-{variant}" if variant else ""
    named = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return out_dir / CACHE_DIR / f"{sha256}-{named}-{key or extractor_key()}{suffix}.json"


def load_extraction(out_dir: Path, name: str, sha256: str, variant: str = "",
                    key: str | None = None) -> Extraction | None:
    """The cached extraction of document `name` with this content, or None.
    `key`: extractor_key(), computed once by a caller that loads many."""
    path = _cache_path(out_dir, name, sha256, variant, key)
    try:
        ex = extraction_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return ex if ex.document == name and ex.sha256 == sha256 else None


def save_extraction(out_dir: Path, ex: Extraction, variant: str = "", key: str | None = None) -> None:
    (out_dir / CACHE_DIR).mkdir(parents=True, exist_ok=True)
    _atomic_write(_cache_path(out_dir, ex.document, ex.sha256, variant, key), json.dumps(extraction_to_json(ex)))
