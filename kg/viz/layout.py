"""Force-directed positions for the full and focus views (numpy Fruchterman-Reingold)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np


def force_layout(H: nx.MultiDiGraph, *, iterations: int | None = None, seed: int = 1) -> dict:
    """Positions in pixels: Fruchterman-Reingold with dense float32 numpy repulsion.

    networkx's spring_layout loops in Python above 500 nodes (~11 s for 2,000 nodes on
    two cores); this takes ~1 s. Isolated nodes would be pushed to a far ring, so they
    are set in a grid under the drawing instead.
    """
    linked = [node for node in H if H.degree(node) > 0]
    alone = sorted((node for node in H if H.degree(node) == 0), key=str)
    n = len(linked)
    pos = np.zeros((0, 2), dtype=np.float32)
    if n == 1:
        pos = np.zeros((1, 2), dtype=np.float32)
    elif n > 1:
        if iterations is None:
            iterations = 100 if n <= 300 else 50 if n <= 1000 else 30
        pos = _fruchterman_reingold(H, linked, iterations, seed)
    radius = float(np.sqrt((pos**2).sum(axis=1)).max()) if n > 1 else 0.0
    scale = (100 + 90 * math.sqrt(n)) / radius if radius else 1.0
    result = {node: (float(x * scale), float(y * scale)) for node, (x, y) in zip(linked, pos)}
    if alone:
        result.update(_grid_below(alone, top=radius * scale + 120.0))
    return result


def _grid_below(alone: list, *, top: float) -> dict:
    """Isolated nodes in rows of roughly a 3:1 grid, centred, starting at y = top."""
    per_row = max(1, math.ceil(math.sqrt(len(alone) * 3)))
    width = (per_row - 1) * 110.0
    return {
        node: (-width / 2 + (i % per_row) * 110.0, top + (i // per_row) * 70.0)
        for i, node in enumerate(alone)
    }


def _fruchterman_reingold(H, nodes: list, iterations: int, seed: int) -> np.ndarray:
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in H.edges() if u != v}
    u = np.fromiter((p[0] for p in pairs), dtype=np.intp, count=len(pairs))
    v = np.fromiter((p[1] for p in pairs), dtype=np.intp, count=len(pairs))
    pos = (np.random.default_rng(seed).random((n, 2)) - 0.5).astype(np.float32)
    k2 = np.float32(1.0 / n)
    k = np.float32(math.sqrt(k2))
    step = np.float32(0.1)
    cool = step / (iterations + 1)
    for _ in range(iterations):
        sq = np.einsum("ij,ij->i", pos, pos)
        force = pos @ (np.float32(-2.0) * pos.T)
        force += sq[:, None]
        force += sq[None, :]
        np.maximum(force, np.float32(1e-4), out=force)
        np.divide(k2, force, out=force)  # k^2 / d^2: repulsion weight of each pair
        np.fill_diagonal(force, 0.0)
        disp = pos * force.sum(axis=1)[:, None] - force @ pos
        delta = pos[u] - pos[v]
        pull = delta * (np.sqrt(np.einsum("ij,ij->i", delta, delta)) / k)[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(v, pull[:, axis], n) - np.bincount(u, pull[:, axis], n)
        # a weak pull to the centre keeps separate components near each other
        disp -= np.float32(0.5) * (pos - pos.mean(axis=0))
        length = np.maximum(np.sqrt(np.einsum("ij,ij->i", disp, disp)), np.float32(1e-2))
        pos += disp * (step / length)[:, None]
        step -= cool
    return pos - pos.mean(axis=0)
