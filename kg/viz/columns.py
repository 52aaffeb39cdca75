"""Column layouts for the lineage view (by year) and the lab view (labs → works → techniques)."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx


def _columns(columns: list[list[str]], *, gap: float = 360.0, row: float = 90.0) -> dict:
    """Nodes in vertical columns, left to right, each column centred on y = 0."""
    pos = {}
    tallest = max((len(column) for column in columns), default=0) * row
    if len(columns) > 1:
        # tall columns get spread wider so the drawing keeps roughly a screen's proportions
        gap = max(gap, 1.5 * tallest / (len(columns) - 1))
    for c, column in enumerate(columns):
        top = -(len(column) - 1) * row / 2
        for r, node in enumerate(column):
            pos[node] = (c * gap, top + r * row)
    return pos


def _year_of(H, node) -> int | None:
    year = H.nodes[node].get("year")
    if year is not None:
        return year
    # undated models/papers sit with the earliest dated work they are linked to
    years = [H.nodes[m].get("year") for m in nx.all_neighbors(H, node)]
    years = [y for y in years if y is not None]
    return min(years) if years else None


def lineage_layout(H: nx.MultiDiGraph, family: dict[str, int]) -> dict:
    """The technique family by depth, then the works using it by year, undated last."""
    columns: dict[object, list[str]] = defaultdict(list)
    for node in family:
        if node in H:
            columns[("family", family[node])].append(node)
    undated = []
    for node in H:
        if node in family:
            continue
        year = _year_of(H, node)
        (columns[("year", year)] if year is not None else undated).append(node)
    ordered = [columns[key] for key in sorted(columns, key=lambda k: (k[0] != "family", k[1]))]
    if undated:
        ordered.append(undated)
    label = lambda n: (H.nodes[n].get("label") or "").casefold()
    return _columns([sorted(col, key=label) for col in ordered])


def lab_layout(H: nx.MultiDiGraph) -> dict:
    """Organisations, then their papers/models, then the techniques those use."""
    kind = lambda n: H.nodes[n].get("type")
    orgs = sorted((n for n in H if kind(n) == "Organization"), key=lambda n: (-H.in_degree(n), n))
    order = {org: i for i, org in enumerate(orgs)}
    works = [n for n in H if kind(n) in ("Paper", "Model")]

    def first_org(work):
        linked = [order[o] for o in H.successors(work) if o in order]
        return min(linked) if linked else len(order)

    works.sort(key=lambda w: (first_org(w), H.nodes[w].get("year") or 0, w))
    rank = {w: i for i, w in enumerate(works)}
    others = [n for n in H if n not in order and n not in rank]

    def barycentre(node):  # techniques sit level with the papers that use them
        linked = [rank[w] for w in H.predecessors(node) if w in rank]
        return (sum(linked) / len(linked) if linked else len(rank), node)

    others.sort(key=barycentre)
    return _columns([orgs, works, others], gap=520.0)
