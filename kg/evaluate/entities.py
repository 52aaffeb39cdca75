"""Scoring the entities of one document: papers (one-to-one), their arXiv ids
and years, the name categories, authors, code links and labs."""

from __future__ import annotations

from collections.abc import Mapping

from kg.evaluate.export import _Entity, _relations_in
from kg.evaluate.gold import ENTITY_TYPE, Gold, GoldPaper, Item
from kg.evaluate.matching import key, names_match, repo_key, titles_match
from kg.evaluate.people import _dedupe_people, each_author_once, name_key, people_match
from kg.evaluate.report import Ratio, Score


def _match_papers(golds: tuple[GoldPaper, ...], preds: list[_Entity]) -> dict[int, _Entity]:
    """One-to-one: arXiv id first, then equal titles, then contained titles."""
    matched: dict[int, _Entity] = {}
    used: set[str] = set()

    def take(test) -> None:
        for i, gold in enumerate(golds):
            if i in matched:
                continue
            for pred in preds:
                if pred.id not in used and test(gold, pred):
                    matched[i] = pred
                    used.add(pred.id)
                    break

    take(lambda g, p: g.arxiv is not None and p.arxiv == g.arxiv)
    take(lambda g, p: any(key(a) == key(b) and key(a) for a in g.titles for b in p.names))
    take(lambda g, p: titles_match(g.titles, p.names))
    return matched


def _score_names(
    gold_items: tuple[Item, ...],
    optional_items: tuple[Item, ...],
    lenient_items: tuple[Item, ...],
    preds: list[_Entity],
    matcher,
) -> tuple[Score, list[str], list[str]]:
    tp_pred = n_pred = 0
    spurious = []
    for pred in preds:
        if any(matcher(pred.names, item.names) for item in gold_items):
            tp_pred += 1
            n_pred += 1
        elif any(matcher(pred.names, item.names) for item in (*optional_items, *lenient_items)):
            continue
        else:
            n_pred += 1
            spurious.append(pred.label)
    missing = [item.name for item in gold_items
               if not any(matcher(pred.names, item.names) for pred in preds)]
    score = Score(tp_pred, n_pred, len(gold_items) - len(missing), len(gold_items))
    return score, missing, spurious


def _score_papers(gold: Gold, pred_papers: list[_Entity], missing: dict[str, list[str]],
                  spurious: dict[str, list[str]]) -> tuple[dict[int, _Entity], Score]:
    matched = _match_papers(gold.papers, pred_papers)
    matched_ids = {p.id for p in matched.values()}
    paper_fp = [p for p in pred_papers if p.id not in matched_ids
                and not titles_match(gold.optional.papers, p.names)]
    missing["papers"] = [g.title for i, g in enumerate(gold.papers) if i not in matched]
    spurious["papers"] = [p.label for p in paper_fp]
    return matched, Score(len(matched), len(matched) + len(paper_fp), len(matched), len(gold.papers))


def _score_paper_facts(gold: Gold, matched: dict[int, _Entity],
                       missing: dict[str, list[str]]) -> tuple[Ratio, Ratio]:
    """The arXiv id and the year of each gold paper, on the paper matched to it."""
    hits = {"arxiv": 0, "year": 0}
    for i, g in enumerate(gold.papers):
        pred = matched.get(i)
        for fact in hits:  # arxiv, then year: the order the misses are listed in
            want = getattr(g, fact)
            if want is None:
                continue
            if pred is not None and getattr(pred, fact) == want:
                hits[fact] += 1
            else:
                got = getattr(pred, fact) if pred is not None else "no paper"
                missing.setdefault(fact, []).append(f"{g.title}: {want} (got {got})")
    return tuple(Ratio(hits[fact], sum(getattr(g, fact) is not None for g in gold.papers))
                 for fact in hits)


def _score_category(category: str, gold: Gold, by_type: dict[str, list[_Entity]],
                    missing: dict[str, list[str]], spurious: dict[str, list[str]]) -> Score:
    """Entities of one kind found in the document against the gold names of that kind."""
    preds = by_type.get(ENTITY_TYPE[category], [])
    if category == "people":
        gold_items = _dedupe_people(
            [Item(a) for g in gold.papers for a in g.authors] + list(gold.people))
    else:
        gold_items = getattr(gold, category)
    # a technique named as a model (or the other way round) is neither right nor wrong
    lenient: tuple[Item, ...] = ()
    if category == "techniques":
        lenient = gold.models + gold.optional.models
    elif category == "models":
        lenient = gold.techniques + gold.optional.techniques
    matcher = people_match if category == "people" else names_match
    score, missing[category], spurious[category] = _score_names(
        gold_items, getattr(gold.optional, category), lenient, preds, matcher)
    return score


def _score_authors(gold: Gold, matched: dict[int, _Entity], authored: dict[str, list[_Entity]],
                   missing: dict[str, list[str]], spurious: dict[str, list[str]]) -> Score:
    """(paper, person) pairs on matched papers, one-to-one per paper."""
    tp = n_pred = n_gold = 0
    for i, g in enumerate(gold.papers):
        names = each_author_once(g.authors)
        n_gold += len(names)
        pred = matched.get(i)
        persons = authored.get(pred.id, []) if pred is not None else []
        n_pred += len(persons)
        free, unmatched = _pair_authors(names, persons)
        tp += len(names) - len(free)
        missing.setdefault("authors", []).extend(f"{g.title}: {names[j]}" for j in free)
        spurious.setdefault("authors", []).extend(f"{g.title}: {p.label}" for p in unmatched)
    return Score(tp, n_pred, tp, n_gold)


def _pair_authors(names: tuple[str, ...],
                  persons: list[_Entity]) -> tuple[list[int], list[_Entity]]:
    """Pair found persons with gold author names: exact (surname + initial) pairs
    first, then surname-only pairs. Returns the unpaired gold indices and persons."""
    free = list(range(len(names)))
    unmatched: list[_Entity] = []
    for strict in (True, False):
        remaining = []
        for person in (persons if strict else unmatched):
            hit = None
            for j in free:
                if strict and (name_key(person.label)[1] is None
                               or name_key(names[j])[1] is None):
                    continue
                if people_match(person.names, [names[j]]):
                    hit = j
                    break
            if hit is None:
                remaining.append(person)
            else:
                free.remove(hit)
        unmatched = remaining
    return free, unmatched


def _score_code(gold: Gold, matched: dict[int, _Entity], export: Mapping,
                entities: dict[str, _Entity], missing: dict[str, list[str]]) -> Ratio:
    code_of: dict[str, set[str]] = {}
    for subject, repo, _ in _relations_in(export, gold.document, entities, "hasCode"):
        if repo.type == "Repository":
            code_of.setdefault(subject.id, set()).update(
                k for k in (repo_key(repo.url), *(repo_key(n) for n in repo.names)) if k
            )
    hits = total = 0
    for i, g in enumerate(gold.papers):
        pred = matched.get(i)
        for url in g.code:
            total += 1
            if pred is not None and repo_key(url) in code_of.get(pred.id, set()):
                hits += 1
            else:
                missing.setdefault("code", []).append(f"{g.title}: {url}")
    return Ratio(hits, total)


def _score_labs(gold: Gold, matched: dict[int, _Entity], labs_of: dict[str, list[_Entity]],
                missing: dict[str, list[str]]) -> Ratio:
    """fromOrganization on matched papers, a gold lab known by any of its names."""
    org_items = {key(n): item for item in gold.organizations for n in item.names}
    hits = total = 0
    for i, g in enumerate(gold.papers):
        pred = matched.get(i)
        for org in g.organizations:
            total += 1
            item = org_items.get(key(org), Item(org))
            orgs = labs_of.get(pred.id, []) if pred is not None else []
            if any(names_match(o.names, item.names) for o in orgs):
                hits += 1
            else:
                missing.setdefault("labs", []).append(f"{g.title}: {org}")
    return Ratio(hits, total)
