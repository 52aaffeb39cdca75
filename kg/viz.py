"""Interactive HTML views of the graph (pyvis / vis-network), offline and injection-safe.

How the page is made, and why:

* pyvis renders its template with ``cdn_resources="in_line"`` so vis-network's JS and
  CSS are inlined; the template still links Bootstrap from a CDN, and those tags are
  stripped, so the page makes no network request.
* What vis-network draws (ids, labels, shapes, positions) reaches the page through the
  template's ``{{ nodes|tojson }}``, Jinja's HTML-safe JSON (``<``, ``>``, ``&``, ``'``
  become ``\\u003c``…), so a label cannot close the script element; ``_check_embedded``
  refuses a page where it could. Tooltip data (full labels, sentences, URLs, sources)
  sits in a ``<script type="application/json">`` block written by ``html_safe_json``
  (``<``, ``>``, ``&`` escaped the same way), parsed on first use: vis-network deep-copies every item it is
  given, so keeping it out of the DataSets draws large views sooner.
* No ``title`` is set in Python. vis-network 9 shows a string title with ``innerText``,
  but pyvis switches to an ``innerHTML`` popup when any title contains "href". Tooltips
  are instead built in the page as DOM elements with ``textContent``, on hover; links
  only for http(s) URLs, checked here and again in the page. Labels are drawn on the
  canvas as plain text. The page title is ``html.escape``d; pyvis's own (unescaped)
  heading is left empty.
* Positions are computed here and physics is off, so the browser draws at once; above
  500 nodes edges are straight and unlabelled (the relation is in the edge tooltip).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import networkx as nx
import numpy as np

from kg.analytics import find_nodes
from kg.errors import QueryError
from kg.model import ENTITY_TYPES

VIEWS = ("full", "lineage", "lab")
# how pages are opened headless (browser tests, the draw-time benchmark): Debian's
# chromium, with no background traffic on a machine without a network
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

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
_DEFAULT_STYLE = ("#bab0ac", "dot")
LINEAGE_PREDICATES = ("usesTechnique", "buildsOn", "introduces")
LAB_TECHNIQUE_PREDICATES = ("usesTechnique", "introduces", "buildsOn")
_LABEL_MAX = 48
_BIG = 500  # above this many nodes, drop the things that make drawing slow
_TEMPLATE_ENV = None


@dataclass(frozen=True)
class ViewSummary:
    path: Path
    nodes: int
    edges: int


# --- choosing the nodes of a view ------------------------------------------------------


def _resolve(G: nx.MultiDiGraph, label: str) -> str:
    found = find_nodes(G, label)
    if not found:
        raise QueryError(f"no entity labelled {label!r} in the graph")
    return found[0]


def _narrower(G: nx.MultiDiGraph, root: str) -> dict[str, int]:
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
    family = _narrower(G, root)
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
    keep_types = None
    if types is not None:
        keep_types = set(types)
        unknown = keep_types - set(ENTITY_TYPES)
        if unknown:
            raise QueryError(
                f"unknown entity type(s) {', '.join(sorted(unknown))}; "
                f"choose from {', '.join(ENTITY_TYPES)}"
            )
    root = _resolve(G, focus) if focus else None

    if view == "lineage":
        if root is None:
            raise QueryError("the lineage view needs a focus (a technique or model label)")
        chosen, _ = _lineage_nodes(G, root)
    elif view == "lab":
        chosen = _lab_nodes(G, root)
    elif root is not None:
        chosen = set(nx.ego_graph(G.to_undirected(as_view=True), root, radius=depth))
    else:
        chosen = _documented(G)

    if keep_types is not None:
        chosen = {n for n in chosen if n == root or G.nodes[n].get("type") in keep_types}
    H = G.subgraph(chosen).copy()
    H.graph["focus"] = root
    return H


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


# --- layout ---------------------------------------------------------------------------


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
        per_row = max(1, math.ceil(math.sqrt(len(alone) * 3)))
        width = (per_row - 1) * 110.0
        top = radius * scale + 120.0
        for i, node in enumerate(alone):
            result[node] = (-width / 2 + (i % per_row) * 110.0, top + (i // per_row) * 70.0)
    return result


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


def _lineage_layout(H: nx.MultiDiGraph, family: dict[str, int]) -> dict:
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


def _lab_layout(H: nx.MultiDiGraph) -> dict:
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


# --- page data -------------------------------------------------------------------------

_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(\.[A-Z]{2})?/\d{7})(v\d+)?")
_CODE_HOST = re.compile(r"(github\.com|gitlab\.com|huggingface\.co)/[\w.\-]+/[\w.\-]+/?")


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (no javascript:, data:, …)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def _arxiv_url(arxiv: object) -> str | None:
    if isinstance(arxiv, str) and _ARXIV.fullmatch(arxiv.strip()):
        return "https://arxiv.org/abs/" + quote(arxiv.strip(), safe="./")
    return None


def _repository_url(data: dict) -> str | None:
    url = safe_url(data.get("url"))
    if url:
        return url
    label = str(data.get("label") or "")
    return "https://" + label if _CODE_HOST.fullmatch(label) else None


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


def _vis_data(G, H, pos, size_by, *, edge_labels: bool = True):
    """vis-network nodes and edges (drawing only) and the tooltip data, kept apart."""
    nodes = list(H)
    tips: dict[str, dict] = {"nodes": {}, "edges": {}}
    sizes = _sizes(G, nodes, size_by)
    evidence = _evidence_of(G, nodes)
    vis_nodes = []
    for node in nodes:
        data = H.nodes[node]
        kind = data.get("type")
        colour, shape = STYLE.get(kind, _DEFAULT_STYLE)
        label = str(data.get("label") or node)
        code = sorted(
            {
                url
                for _, repo, key in G.out_edges(node, keys=True)
                if key == "hasCode"
                for url in [_repository_url(G.nodes[repo])]
                if url
            }
        )
        ev = evidence.get(node, {})
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
        tips["nodes"][node] = {
            "label": label,
            "type": kind,
            "year": data.get("year"),
            "arxiv": data.get("arxiv"),
            "arxivUrl": _arxiv_url(data.get("arxiv")),
            "url": safe_url(data.get("url")),
            "code": code,
            "aliases": list(data.get("aliases") or ()),
            "sources": list(data.get("sources") or ()),
            "sentence": ev.get("sentence"),
            "sentenceSource": ev.get("source"),
        }
    vis_edges = []
    for i, (u, v, key, data) in enumerate(H.edges(keys=True, data=True)):
        found = data.get("evidence") or []
        edge = {"id": f"e{i}", "from": u, "to": v}
        if edge_labels:
            edge["label"] = key
        tips["edges"][edge["id"]] = {
            "relation": key,
            "confidence": data.get("confidence"),
            "support": data.get("support"),
            "evidence": [
                {"source": e.get("source"), "sentence": e.get("sentence")} for e in found[:3]
            ],
            "more": max(0, len(found) - 3),
        }
        if key in ("mentions", "broader"):
            edge["dashes"] = True
        if key == "broader":  # in the colour of the taxonomy (techniques or tasks)
            edge["color"] = STYLE.get(H.nodes[u].get("type"), STYLE["Technique"])[0]
        vis_edges.append(edge)
    return vis_nodes, vis_edges, tips


def _options(n_nodes: int) -> dict:
    big = n_nodes > _BIG
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


# --- the page --------------------------------------------------------------------------


def _legend_icon(colour: str, shape: str) -> str:
    c = 7.0
    if shape == "dot":
        body = f'<circle cx="7" cy="7" r="6" fill="{colour}"/>'
    elif shape == "square":
        body = f'<rect x="1" y="1" width="12" height="12" fill="{colour}"/>'
    else:
        if shape == "diamond":
            pts = [(7, 0), (14, 7), (7, 14), (0, 7)]
        elif shape == "triangle":
            pts = [(7, 1), (13, 13), (1, 13)]
        elif shape == "triangleDown":
            pts = [(1, 1), (13, 1), (7, 13)]
        elif shape == "hexagon":
            pts = [
                (c + 6.5 * math.cos(math.pi / 3 * i), c + 6.5 * math.sin(math.pi / 3 * i))
                for i in range(6)
            ]
        else:  # star
            pts = [
                (
                    c + (6.8 if i % 2 == 0 else 2.8) * math.sin(math.pi / 5 * i),
                    c - (6.8 if i % 2 == 0 else 2.8) * math.cos(math.pi / 5 * i),
                )
                for i in range(10)
            ]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        body = f'<polygon points="{points}" fill="{colour}"/>'
    return f'<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">{body}</svg>'


def _legend(H: nx.MultiDiGraph) -> str:
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


_CSS = """
html, body { margin: 0; padding: 0; overflow: hidden; font-family: sans-serif; }
#mynetwork { border: 0 !important; }
.card { border: 0; }
#kg-header, #kg-legend, #kg-details {
  position: fixed; z-index: 10; background: rgba(255,255,255,0.93);
  border: 1px solid #ccc; border-radius: 6px; padding: 8px 10px; font-size: 13px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.15);
}
#kg-header { top: 10px; left: 10px; max-width: 420px; }
#kg-header h1 { font-size: 15px; margin: 0 0 6px 0; }
#kg-search { width: 260px; padding: 3px 6px; font-size: 13px; }
#kg-status { color: #666; margin-left: 6px; }
#kg-legend { top: 10px; right: 10px; }
#kg-legend ul { list-style: none; margin: 4px 0 0 0; padding: 0; }
.kg-legend-item { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.kg-count, .kg-shape { color: #777; }
#kg-details { bottom: 10px; left: 10px; max-width: 460px; max-height: 40vh; overflow: auto;
  display: none; }
.kg-tip { max-width: 420px; white-space: normal; font-size: 12px; line-height: 1.35; }
.kg-tip-title { font-weight: bold; margin-bottom: 3px; }
.kg-tip blockquote { margin: 4px 0; padding-left: 6px; border-left: 3px solid #ccc;
  color: #333; font-style: italic; }
div.vis-tooltip { white-space: normal; max-width: 440px; font-family: sans-serif; }
"""

# Runs before pyvis's drawGraph(): vis-network draws synchronously inside its constructor,
# so a listener added afterwards would miss the first "afterDrawing"; record it via emit.
_DRAW_PROBE = r"""
window.kgDrawn = null;
(function () {
  var emit = vis.Network.prototype.emit;
  vis.Network.prototype.emit = function (name) {
    if (name === "afterDrawing" && window.kgDrawn === null) {
      window.kgDrawn = performance.now();
    }
    return emit.apply(this, arguments);
  };
})();
"""

# Runs after pyvis's drawGraph() has created the globals `network`, `nodes`, `edges`.
# Every document string is placed with textContent / property assignment, never as HTML.
_SCRIPT = r"""
(function () {
  "use strict";
  var HTTP = /^https?:\/\//i;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function link(url, text) {
    if (typeof url !== "string" || !HTTP.test(url)) return null;
    var a = el("a", text || url);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function row(box, name, value) {
    if (value === undefined || value === null || value === "") return;
    if (Array.isArray(value) && value.length === 0) return;
    var r = el("div");
    r.appendChild(el("b", name + ": "));
    if (value instanceof Node) r.appendChild(value);
    else r.appendChild(document.createTextNode(Array.isArray(value) ? value.join(", ") : String(value)));
    box.appendChild(r);
  }
  function links(urls) {
    var span = el("span");
    (urls || []).forEach(function (u, i) {
      var a = link(u);
      if (!a) return;
      if (span.childNodes.length) span.appendChild(document.createTextNode(", "));
      span.appendChild(a);
    });
    return span.childNodes.length ? span : null;
  }
  var tipData = null;  // parsed on first use, after the first frame
  function tips() {
    if (tipData === null) tipData = JSON.parse(document.getElementById("kg-tips").textContent);
    return tipData;
  }
  function nodeTip(id) {
    var d = tips().nodes[id] || {};
    var box = el("div", null, "kg-tip");
    box.appendChild(el("div", d.label, "kg-tip-title"));
    row(box, "type", d.type);
    row(box, "year", d.year);
    if (d.arxiv) row(box, "arXiv", link(d.arxivUrl, d.arxiv) || d.arxiv);
    row(box, "url", link(d.url));
    row(box, "code", links(d.code));
    row(box, "also known as", d.aliases);
    row(box, "sources", d.sources);
    if (d.sentence) {
      box.appendChild(el("blockquote", d.sentence));
      row(box, "evidence from", d.sentenceSource);
    }
    return box;
  }
  function edgeTip(id) {
    var d = tips().edges[id] || {};
    var box = el("div", null, "kg-tip");
    box.appendChild(el("div", d.relation, "kg-tip-title"));
    row(box, "confidence", d.confidence);
    row(box, "support", d.support === undefined ? null : d.support + " document(s)");
    (d.evidence || []).forEach(function (ev) {
      if (!ev.sentence) return;
      box.appendChild(el("blockquote", ev.sentence));
      row(box, "from", ev.source);
    });
    if (d.more) box.appendChild(el("div", "… and " + d.more + " more"));
    return box;
  }
  // tooltips are built on first hover, before vis-network's tooltip delay elapses
  network.on("hoverNode", function (p) {
    var n = nodes.get(p.node);
    if (n && !n.title) nodes.update({ id: p.node, title: nodeTip(p.node) });
  });
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    if (e && !e.title) edges.update({ id: p.edge, title: edgeTip(p.edge) });
  });

  var details = document.getElementById("kg-details");
  function showDetails(id) {
    if (!nodes.get(id)) return;
    details.replaceChildren(nodeTip(id));
    details.style.display = "block";
  }
  network.on("selectNode", function (p) { showDetails(p.nodes[0]); });
  network.on("deselectNode", function () { details.style.display = "none"; });

  function norm(s) { return String(s || "").replace(/\s+/g, " ").trim().toLowerCase(); }
  var indexData = null;
  function index() {
    if (indexData === null) {
      var all = tips().nodes;
      indexData = Object.keys(all).map(function (id) {
        return { id: id, label: all[id].label, names: [all[id].label].concat(all[id].aliases || []).map(norm) };
      });
    }
    return indexData;
  }
  function find(q) {
    var entries = index();
    q = norm(q);
    if (!q) return null;
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].names.some(tests[t])) return entries[i].id;
      }
    }
    return null;
  }
  var status = document.getElementById("kg-status");
  window.kgFocused = null;
  window.kgSearch = function (q) {
    var id = find(q);
    if (id === null) { status.textContent = "no match"; return null; }
    status.textContent = "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(id);
    window.kgFocused = id;
    return id;
  };
  var input = document.getElementById("kg-search");
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") window.kgSearch(input.value); });
  input.addEventListener("change", function () { window.kgSearch(input.value); });
  // autocompletion, filled after the first frame so it does not delay drawing
  setTimeout(function () {
    var list = document.getElementById("kg-labels");
    var seen = {};
    index().forEach(function (entry) {
      var label = entry.label;
      if (!label || seen[label]) return;
      seen[label] = true;
      var o = document.createElement("option");
      o.value = label;
      list.appendChild(o);
    });
  }, 0);
})();
"""

_EXTERNAL = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script\s*>"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
# a commented-out <link>/<script> to node_modules in pyvis's template
_TEMPLATE_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.IGNORECASE | re.DOTALL)


_DATASET = re.compile(r"new vis\.DataSet\((.*?)\);\s*$", re.MULTILINE)


def _check_embedded(generated: str) -> None:
    """pyvis must embed nodes and edges as HTML-safe JSON (no raw '<', '>' or '&')."""
    found = _DATASET.findall(generated)
    if len(found) != 2 or any(ch in blob for blob in found for ch in "<>&"):
        raise RuntimeError("pyvis did not embed the graph data as HTML-safe JSON")


def html_safe_json(value) -> str:
    """JSON that can sit inside a <script> element: '<', '>', '&' are \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page(net_html: str, *, title: str, legend: str, counts: str, tips: dict) -> str:
    page = _EXTERNAL.sub("", net_html)
    page = _EMPTY_HEADING.sub("", page)
    page = _TEMPLATE_COMMENT.sub("", page)
    safe_title = html.escape(title)
    head = f"<title>{safe_title}</title>\n<style>{_CSS}</style>\n<script>{_DRAW_PROBE}</script>\n"
    overlay = (
        f'<div id="kg-header"><h1>{safe_title}</h1>'
        '<input id="kg-search" type="search" list="kg-labels" autocomplete="off" '
        'placeholder="Find an entity…" aria-label="Find an entity">'
        f'<datalist id="kg-labels"></datalist><span id="kg-status"></span>'
        f'<div class="kg-count">{html.escape(counts)}</div></div>\n'
        f"{legend}\n"
        '<div id="kg-details" aria-live="polite"></div>\n'
        f'<script type="application/json" id="kg-tips">{html_safe_json(tips)}</script>\n'
        f"<script>{_SCRIPT}</script>\n"
    )
    at = page.rfind("</head>")
    page = page[:at] + head + page[at:]
    at = page.rfind("</body>")
    return page[:at] + overlay + page[at:]


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
    from pyvis.network import Network

    H = view_graph(G, focus=focus, depth=depth, types=types, view=view)
    root = H.graph.get("focus")
    if view == "lineage":
        pos = _lineage_layout(H, _narrower(H, root))
    elif view == "lab":
        pos = _lab_layout(H)
    else:
        pos = force_layout(H)
    # edge labels cost about a third of the first draw of a large view and are too small
    # to read there anyway; the relation stays in each edge's tooltip
    big = H.number_of_nodes() > _BIG
    vis_nodes, vis_edges, tips = _vis_data(G, H, pos, size_by, edge_labels=not big)

    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    # filled directly: pyvis's add_node/add_edge scan lists (quadratic) and set no ids
    net.nodes = vis_nodes
    net.edges = vis_edges
    net.node_ids = [n["id"] for n in vis_nodes]
    net.node_map = {n["id"]: n for n in vis_nodes}
    net.options = _options(len(vis_nodes))
    # every Network builds a fresh Jinja environment and recompiles the 700 kB template
    # (~0.3 s); one shared environment keeps the compiled template
    global _TEMPLATE_ENV
    if _TEMPLATE_ENV is None:
        _TEMPLATE_ENV = net.templateEnv
    net.templateEnv = _TEMPLATE_ENV
    generated = net.generate_html(name="view.html")

    _check_embedded(generated)

    counts = f"{H.number_of_nodes()} nodes · {H.number_of_edges()} edges"
    if big:
        counts += " · hover an edge for its relation"
    page = _page(generated, title=title, legend=_legend(H), counts=counts, tips=tips)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return ViewSummary(path=path, nodes=H.number_of_nodes(), edges=H.number_of_edges())
