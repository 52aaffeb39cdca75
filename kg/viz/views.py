"""Which nodes and edges a view holds: the full graph, a focus neighbourhood, a lineage or labs."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.analytics import find_nodes
from kg.errors import QueryError
from kg.model import ENTITY_TYPES

VIEWS = ("full", "lineage", "lab")
LINEAGE_PREDICATES = ("usesTechnique", "buildsOn", "introduces")
LAB_TECHNIQUE_PREDICATES = ("usesTechnique", "introduces", "buildsOn")


def _resolve(G: nx.MultiDiGraph, label: str) -> str:
    found = find_nodes(G, label)
    if not found:
        raise QueryError(f"no entity labelled {label!r} in the graph")
    return found[0]


def narrower(G: nx.MultiDiGraph, root: str) -> dict[str, int]:
    """root and every concept under it (reverse skos:broader, transitively) -> depth."""
    depth = {root: 0}
    frontier = [root]
    while frontier:
        nxt = []
        for node in frontier:
            for child, _, key in G.in_edges(node, keys=True):
                if key == "broader" and child not in depth:
                    depth[child] = depth[node] + 1
                    nxt.append(child)
        frontier = nxt
    return depth


def _lineage_nodes(G: nx.MultiDiGraph, root: str) -> tuple[set[str], dict[str, int]]:
    family = narrower(G, root)
    chosen = set(family)
    frontier = list(family)
    # papers and models that use/build on the family, then whatever builds on those
    while frontier:
        nxt = []
        for node in frontier:
            for user, _, key in G.in_edges(node, keys=True):
                if (
                    key in LINEAGE_PREDICATES
                    and user not in chosen
                    and G.nodes[user].get("type") in ("Paper", "Model")
                ):
                    chosen.add(user)
                    nxt.append(user)
        frontier = nxt
    return chosen, family


def _lab_nodes(G: nx.MultiDiGraph, root: str | None) -> set[str]:
    if root is not None:
        orgs = {root}
    else:
        orgs = {n for n, t in G.nodes(data="type") if t == "Organization"}
    chosen: set[str] = set()
    for org in orgs:
        works = [
            u
            for u, _, key in G.in_edges(org, keys=True)
            if key == "fromOrganization" and G.nodes[u].get("type") in ("Paper", "Model")
        ]
        if works or root is not None:
            chosen.add(org)
        for work in works:
            chosen.add(work)
            chosen.update(
                t
                for _, t, key in G.out_edges(work, keys=True)
                if key in LAB_TECHNIQUE_PREDICATES and G.nodes[t].get("type") == "Technique"
            )
    return chosen


def _documented(G: nx.MultiDiGraph) -> set:
    """Entities some document names, their neighbours, and the broader terms above them.

    The vocabulary graph holds hundreds of concepts no document mentions;
    drawn, they would be a grid of isolated dots.
    """
    named = {n for n, d in G.nodes(data=True) if d.get("sources")}
    if not named:  # a graph without provenance (built by hand): show it all
        return set(G)
    chosen = set(named)
    for node in named:  # what the documents' entities point at
        chosen.update(G.successors(node))
        chosen.update(G.predecessors(node))
    frontier = list(chosen)
    while frontier:  # walk up skos:broader from what the documents name
        node = frontier.pop()
        for _, parent, key in G.out_edges(node, keys=True):
            if key == "broader" and parent not in chosen:
                chosen.add(parent)
                frontier.append(parent)
    return chosen


def _checked_types(types: Iterable[str] | None) -> set[str] | None:
    if types is None:
        return None
    keep_types = set(types)
    unknown = keep_types - set(ENTITY_TYPES)
    if unknown:
        raise QueryError(
            f"unknown entity type(s) {', '.join(sorted(unknown))}; "
            f"choose from {', '.join(ENTITY_TYPES)}"
        )
    return keep_types


def _chosen(G: nx.MultiDiGraph, root: str | None, depth: int, view: str) -> set:
    if view == "lineage":
        if root is None:
            raise QueryError("the lineage view needs a focus (a technique or model label)")
        return _lineage_nodes(G, root)[0]
    if view == "lab":
        return _lab_nodes(G, root)
    if root is not None:
        return set(nx.ego_graph(G.to_undirected(as_view=True), root, radius=depth))
    return _documented(G)


def view_graph(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: Iterable[str] | None = None,
    view: str = "full",
) -> nx.MultiDiGraph:
    """The subgraph a view shows (a copy; graph attr ``focus`` holds the focus node id)."""
    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    keep_types = _checked_types(types)
    root = _resolve(G, focus) if focus else None
    chosen = _chosen(G, root, depth, view)
    if keep_types is not None:
        chosen = {n for n in chosen if n == root or G.nodes[n].get("type") in keep_types}
    H = G.subgraph(chosen).copy()
    H.graph["focus"] = root
    return H
