"""How each entity type is drawn (colour, vis-network shape) and the legend that explains it."""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from kg.model import ENTITY_TYPES

# type -> (colour, vis-network shape); shapes keep the label outside the node
STYLE = {
    "Paper": ("#4e79a7", "dot"),
    "Person": ("#f28e2b", "triangleDown"),
    "Organization": ("#e15759", "square"),
    "Technique": ("#59a14f", "diamond"),
    "Model": ("#d4a017", "star"),
    "Task": ("#b07aa1", "triangle"),
    "Dataset": ("#9c755f", "hexagon"),
    "Venue": ("#ff9da7", "square"),
    "Repository": ("#79706e", "dot"),
}
DEFAULT_STYLE = ("#bab0ac", "dot")

# corners of the polygon shapes in a 14 x 14 icon
_POLYGONS = {
    "diamond": [(7, 0), (14, 7), (7, 14), (0, 7)],
    "triangle": [(7, 1), (13, 13), (1, 13)],
    "triangleDown": [(1, 1), (13, 1), (7, 13)],
}


def _polygon_points(shape: str) -> list[tuple[float, float]]:
    c = 7.0
    if shape in _POLYGONS:
        return _POLYGONS[shape]
    if shape == "hexagon":
        return [
            (c + 6.5 * math.cos(math.pi / 3 * i), c + 6.5 * math.sin(math.pi / 3 * i))
            for i in range(6)
        ]
    return [  # star
        (
            c + (6.8 if i % 2 == 0 else 2.8) * math.sin(math.pi / 5 * i),
            c - (6.8 if i % 2 == 0 else 2.8) * math.cos(math.pi / 5 * i),
        )
        for i in range(10)
    ]


def _legend_icon(colour: str, shape: str) -> str:
    if shape == "dot":
        body = f'<circle cx="7" cy="7" r="6" fill="{colour}"/>'
    elif shape == "square":
        body = f'<rect x="1" y="1" width="12" height="12" fill="{colour}"/>'
    else:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in _polygon_points(shape))
        body = f'<polygon points="{points}" fill="{colour}"/>'
    return f'<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">{body}</svg>'


def legend(H: nx.MultiDiGraph) -> str:
    """HTML for the legend: the types present in H with their icon and count."""
    counts: dict[str, int] = defaultdict(int)
    for _, kind in H.nodes(data="type"):
        counts[kind] += 1
    shown = [t for t in ENTITY_TYPES if counts.get(t)] or list(ENTITY_TYPES)
    items = []
    for kind in shown:
        colour, shape = STYLE[kind]
        items.append(
            f'<li class="kg-legend-item" data-type="{kind}">{_legend_icon(colour, shape)}'
            f'<span>{kind}</span> <span class="kg-count">{counts.get(kind, 0)}</span>'
            f' <span class="kg-shape">({shape})</span></li>'
        )
    return (
        '<div id="kg-legend" aria-label="Legend: entity types"><b>Types</b>'
        f"<ul>{''.join(items)}</ul></div>"
    )
