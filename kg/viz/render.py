"""render_view: choose a view's nodes, lay them out, have pyvis write the page, finish it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.viz.columns import lab_layout, lineage_layout
from kg.viz.layout import force_layout
from kg.viz.page import check_embedded, page
from kg.viz.style import legend
from kg.viz.views import narrower, view_graph
from kg.viz.visdata import BIG, options, vis_data

_TEMPLATE_ENV = None


@dataclass(frozen=True)
class ViewSummary:
    path: Path
    nodes: int
    edges: int


def _positions(H: nx.MultiDiGraph, view: str) -> dict:
    if view == "lineage":
        return lineage_layout(H, narrower(H, H.graph.get("focus")))
    if view == "lab":
        return lab_layout(H)
    return force_layout(H)


def _pyvis_html(Network, vis_nodes: list, vis_edges: list) -> str:
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    # filled directly: pyvis's add_node/add_edge scan lists (quadratic) and set no ids
    net.nodes = vis_nodes
    net.edges = vis_edges
    net.node_ids = [n["id"] for n in vis_nodes]
    net.node_map = {n["id"]: n for n in vis_nodes}
    net.options = options(len(vis_nodes))
    # every Network builds a fresh Jinja environment and recompiles the 700 kB template
    # (~0.3 s); one shared environment keeps the compiled template
    global _TEMPLATE_ENV
    if _TEMPLATE_ENV is None:
        _TEMPLATE_ENV = net.templateEnv
    net.templateEnv = _TEMPLATE_ENV
    return net.generate_html(name="view.html")


def render_view(
    G: nx.MultiDiGraph,
    path: Path | str,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: Iterable[str] | None = None,
    view: str = "full",
    title: str = "kg",
    size_by: str = "degree",
) -> ViewSummary:
    """Write one HTML view of G and say how many nodes and edges it shows.

    view "full": everything, or the neighbourhood (``depth`` hops) of ``focus``;
    "lineage": the ``focus`` technique, its narrower techniques and the papers/models
    that use or build on them, left to right by year; "lab": organisations → their
    papers/models → techniques (one lab if ``focus`` names it). ``types`` keeps only
    those entity types (the focus node stays). Nodes are sized by degree or PageRank.
    """
    from pyvis.network import Network  # imported lazily: slow, and only views need it

    H = view_graph(G, focus=focus, depth=depth, types=types, view=view)
    pos = _positions(H, view)
    # edge labels cost about a third of the first draw of a large view and are too small
    # to read there anyway; the relation stays in each edge's tooltip
    big = H.number_of_nodes() > BIG
    vis_nodes, vis_edges, tips = vis_data(G, H, pos, size_by, edge_labels=not big)
    generated = _pyvis_html(Network, vis_nodes, vis_edges)
    check_embedded(generated)

    counts = f"{H.number_of_nodes()} nodes · {H.number_of_edges()} edges"
    if big:
        counts += " · hover an edge for its relation"
    html = page(generated, title=title, legend=legend(H), counts=counts, tips=tips)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return ViewSummary(path=path, nodes=H.number_of_nodes(), edges=H.number_of_edges())
