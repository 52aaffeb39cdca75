"""What the page is given: vis-network items (drawing only), tooltip data and options.

Drawing data and tooltip data are kept apart: vis-network deep-copies every item it is
given, so the tooltips (full labels, sentences, URLs) go to the page as a separate
JSON block that is parsed on first use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

from kg.errors import QueryError
from kg.viz.style import DEFAULT_STYLE, STYLE
from kg.viz.urls import arxiv_url, repository_url, safe_url

BIG = 500  # above this many nodes, drop the things that make drawing slow
_LABEL_MAX = 48


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def _evidence_of(G: nx.MultiDiGraph, nodes: Iterable[str]) -> dict[str, dict]:
    """One evidence sentence per node: from its most confident relation."""
    best: dict[str, tuple] = {}
    for u, v, data in G.edges(data=True):
        found = data.get("evidence") or ()
        first = next((e for e in found if e.get("sentence")), None)
        if first is None:
            continue
        score = data.get("confidence") or 0.0
        for node in (u, v):
            if node not in best or score > best[node][0]:
                best[node] = (score, first)
    return {n: best[n][1] for n in nodes if n in best}


def _sizes(G: nx.MultiDiGraph, nodes: list[str], size_by: str) -> dict[str, float]:
    if size_by == "pagerank":
        score = nx.pagerank(G) if G.number_of_nodes() else {}
    elif size_by == "degree":
        score = dict(G.degree())
    else:
        raise QueryError(f"unknown size_by {size_by!r}; choose degree or pagerank")
    top = max((score.get(n, 0) for n in nodes), default=0) or 1
    return {n: round(8 + 22 * math.sqrt(score.get(n, 0) / top), 1) for n in nodes}


def _code_urls(G: nx.MultiDiGraph, node: str) -> list[str]:
    return sorted(
        {
            url
            for _, repo, key in G.out_edges(node, keys=True)
            if key == "hasCode"
            for url in [repository_url(G.nodes[repo])]
            if url
        }
    )


def _node_tip(G: nx.MultiDiGraph, node: str, data: dict, label: str, ev: dict) -> dict:
    return {
        "label": label,
        "type": data.get("type"),
        "year": data.get("year"),
        "arxiv": data.get("arxiv"),
        "arxivUrl": arxiv_url(data.get("arxiv")),
        "url": safe_url(data.get("url")),
        "code": _code_urls(G, node),
        "aliases": list(data.get("aliases") or ()),
        "sources": list(data.get("sources") or ()),
        "sentence": ev.get("sentence"),
        "sentenceSource": ev.get("source"),
    }


def _vis_nodes(G, H, pos, size_by, tips: dict) -> list[dict]:
    nodes = list(H)
    sizes = _sizes(G, nodes, size_by)
    evidence = _evidence_of(G, nodes)
    vis_nodes = []
    for node in nodes:
        data = H.nodes[node]
        colour, shape = STYLE.get(data.get("type"), DEFAULT_STYLE)
        label = str(data.get("label") or node)
        x, y = pos.get(node, (0.0, 0.0))
        vis_nodes.append(
            {
                "id": node,
                "label": _short(label),
                "shape": shape,
                "color": colour,
                "size": sizes[node],
                "x": round(x, 1),
                "y": round(y, 1),
            }
        )
        tips["nodes"][node] = _node_tip(G, node, data, label, evidence.get(node, {}))
    return vis_nodes


def _edge_tip(key: str, data: dict) -> dict:
    found = data.get("evidence") or []
    return {
        "relation": key,
        "confidence": data.get("confidence"),
        "support": data.get("support"),
        "evidence": [{"source": e.get("source"), "sentence": e.get("sentence")} for e in found[:3]],
        "more": max(0, len(found) - 3),
    }


def _vis_edges(H, tips: dict, edge_labels: bool) -> list[dict]:
    vis_edges = []
    for i, (u, v, key, data) in enumerate(H.edges(keys=True, data=True)):
        edge = {"id": f"e{i}", "from": u, "to": v}
        if edge_labels:
            edge["label"] = key
        tips["edges"][edge["id"]] = _edge_tip(key, data)
        if key in ("mentions", "broader"):
            edge["dashes"] = True
        if key == "broader":  # in the colour of the taxonomy (techniques or tasks)
            edge["color"] = STYLE.get(H.nodes[u].get("type"), STYLE["Technique"])[0]
        vis_edges.append(edge)
    return vis_edges


def vis_data(G, H, pos, size_by, *, edge_labels: bool = True):
    """vis-network nodes and edges (drawing only) and the tooltip data, kept apart."""
    tips: dict[str, dict] = {"nodes": {}, "edges": {}}
    vis_nodes = _vis_nodes(G, H, pos, size_by, tips)
    vis_edges = _vis_edges(H, tips, edge_labels)
    return vis_nodes, vis_edges, tips


def options(n_nodes: int) -> dict:
    """vis-network options: no physics (positions are given), lighter drawing when big."""
    big = n_nodes > BIG
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
        },
        "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a0a7b4", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            # straight edges are much cheaper to draw than curves on large views
            "smooth": False if big else {"enabled": True, "type": "continuous"},
            "width": 1,
        },
    }
