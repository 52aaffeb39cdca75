"""Reading the graph export: its entities, and the relations one document asserts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from kg.evaluate.matching import norm_arxiv


@dataclass(frozen=True)
class _Entity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    arxiv: str | None
    year: int | None
    url: str | None
    sources: frozenset[str]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


def _base(name: object) -> str:
    text = str(name)
    return PureWindowsPath(text).name if "\\" in text else PurePosixPath(text).name


def _entities(export: Mapping) -> dict[str, _Entity]:
    out = {}
    for raw in export.get("entities") or []:
        year = raw.get("year")
        try:
            year = int(year) if year is not None else None
        except (TypeError, ValueError):
            year = None
        entity = _Entity(
            id=str(raw.get("id")),
            type=str(raw.get("type")),
            label=str(raw.get("label") or ""),
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            arxiv=norm_arxiv(raw.get("arxiv")),
            year=year,
            url=raw.get("url"),
            sources=frozenset(_base(s) for s in raw.get("sources") or ()),
        )
        out[entity.id] = entity
    return out


def _relations_in(export: Mapping, doc: str, entities: dict[str, _Entity],
                  predicate: str) -> list[tuple[_Entity, _Entity, float]]:
    """(subject, object, confidence) of the `predicate` relations the document asserts."""
    out = []
    for rel in export.get("relations") or []:
        if rel.get("predicate") != predicate:
            continue
        subject = entities.get(str(rel.get("subject")))
        obj = entities.get(str(rel.get("object")))
        evidence = rel.get("evidence") or []
        if subject is None or obj is None:
            continue
        if evidence and not any(_base(ev.get("source", "")) == doc for ev in evidence):
            continue
        if not evidence and not (doc in subject.sources and doc in obj.sources):
            continue
        out.append((subject, obj, float(rel.get("confidence") or 0.0)))
    return out


def _objects_by_subject(export: Mapping, doc: str, entities: dict[str, _Entity],
                        predicate: str) -> dict[str, list[_Entity]]:
    found: dict[str, list[_Entity]] = {}
    for subject, obj, _ in _relations_in(export, doc, entities, predicate):
        found.setdefault(subject.id, []).append(obj)
    return found
