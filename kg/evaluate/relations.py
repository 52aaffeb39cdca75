"""Scoring the relations of one document per predicate against its relation
gold: gold triples (stated and implied by paper fields), optional triples and
the precision of confident relations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kg.evaluate.export import _Entity, _relations_in
from kg.evaluate.gold import NAME_CATEGORIES, SCORED_PREDICATES, Gold
from kg.evaluate.matching import key, names_match, repo_key, titles_match
from kg.evaluate.people import people_match
from kg.evaluate.report import Ratio, Score

CONFIDENT = 0.8


@dataclass(frozen=True)
class _Node:
    """A gold subject or object: a paper (index) or a named thing with its aliases."""

    names: tuple[str, ...]
    paper: int | None = None


def _gold_node(name: str, gold: Gold) -> _Node:
    # a technique or lab named like a paper ("Multitask Learning") is the technique
    for item in (*gold.techniques, *gold.organizations):
        if key(name) in {key(n) for n in item.names}:
            return _Node(item.names)
    for i, paper in enumerate(gold.papers):
        if names_match([name], paper.names) or titles_match([name], paper.titles):
            return _Node(paper.names, i)
    names = {name}
    for category in NAME_CATEGORIES:
        for item in (*getattr(gold, category), *getattr(gold.optional, category)):
            if names_match([name], item.names):
                names.update(item.names)
    return _Node(tuple(sorted(names)))


def _is_node(entity: _Entity, node: _Node, gold: Gold, matched: dict[int, _Entity],
             predicate: str = "") -> bool:
    if predicate == "authoredBy":
        return people_match(entity.names, node.names)
    if predicate == "hasCode":
        keys = {k for k in (repo_key(entity.url), *(repo_key(n) for n in entity.names)) if k}
        return any(repo_key(n) in keys for n in node.names)
    if node.paper is not None:
        paper = gold.papers[node.paper]
        own = matched.get(node.paper)
        if own is not None and own.id == entity.id:
            return True
        if entity.type == "Paper" and titles_match(paper.titles, entity.names):
            return True
        return names_match(entity.names, (*paper.aliases, *paper.models))
    return names_match(entity.names, node.names)


def _gold_triples(gold: Gold) -> dict[str, list[tuple[_Node, _Node, str]]]:
    """Per predicate, (subject, object, text) of every gold triple, deduplicated."""
    out: dict[str, list[tuple[_Node, _Node, str]]] = {p: [] for p in SCORED_PREDICATES}
    seen = set()

    def add(subject: _Node, predicate: str, obj: _Node, text: str) -> None:
        mark = (subject.paper, key(subject.names[0]), predicate, key(obj.names[0]))
        if mark not in seen:
            seen.add(mark)
            out[predicate].append((subject, obj, text))

    for i, paper in enumerate(gold.papers):
        subject = _Node(paper.names, i)
        for predicate, attr in SCORED_PREDICATES.items():
            for name in getattr(paper, attr):
                obj = _Node((name,)) if attr in ("authors", "code") else _gold_node(name, gold)
                add(subject, predicate, obj, f"{paper.title} {predicate} {name}")
    for s, predicate, o in gold.relations or ():
        obj = _Node((o,)) if predicate in ("authoredBy", "hasCode") else _gold_node(o, gold)
        add(_gold_node(s, gold), predicate, obj, f"{s} {predicate} {o}")
    return out


def _is_optional(entity: _Entity, gold: Gold) -> bool:
    opt = gold.optional
    return titles_match(opt.papers, entity.names) or any(
        names_match(entity.names, item.names)
        for category in NAME_CATEGORIES for item in getattr(opt, category))


def _score_relations(export: Mapping, entities: dict[str, _Entity], gold: Gold,
                     matched: dict[int, _Entity]):
    """Per-predicate Scores, the confident-relation precision, missing and spurious lines."""
    doc = gold.document
    triples = _gold_triples(gold)
    optional = [(_gold_node(s, gold), p, _gold_node(o, gold))
                for s, p, o in gold.optional.relations]
    scores, missing, spurious = [], [], []
    conf_hits = conf_total = 0
    for predicate, golds in triples.items():
        preds = _relations_in(export, doc, entities, predicate)

        def hit(subject, obj, s_node, o_node, predicate=predicate):
            return (_is_node(subject, s_node, gold, matched)
                    and _is_node(obj, o_node, gold, matched, predicate))

        found = set()
        tp = n = 0
        for subject, obj, confidence in preds:
            good = [j for j, (s_node, o_node, _) in enumerate(golds)
                    if hit(subject, obj, s_node, o_node)]
            if not good and (_is_optional(subject, gold) or _is_optional(obj, gold) or any(
                    p == predicate and hit(subject, obj, s_node, o_node)
                    for s_node, p, o_node in optional)):
                continue
            found.update(good)
            n += 1
            tp += bool(good)
            if confidence >= CONFIDENT:
                conf_total += 1
                conf_hits += bool(good)
            if not good:
                spurious.append(f"{subject.label} {predicate} {obj.label} ({confidence:.2f})")
        missing.extend(text for j, (_, _, text) in enumerate(golds) if j not in found)
        scores.append((predicate, Score(tp, n, len(found), len(golds))))
    scores.append(("all", sum((score for _, score in scores), Score())))
    return tuple(scores), Ratio(conf_hits, conf_total), missing, spurious
