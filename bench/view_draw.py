"""How long a 2,000-node view takes to draw in headless Chromium.

Builds a synthetic graph shaped like kg.analytics.to_networkx output, renders it with
kg.viz.render_view, opens it from a file:// URL and reads the time (ms since
navigation start) at which vis-network first fired "afterDrawing".

    python bench/view_draw.py [--nodes 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

# run from a checkout without installing the package
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# share of each type among the nodes, roughly as in writing about AI research
MIX = {
    "Paper": 0.40,
    "Person": 0.25,
    "Technique": 0.08,
    "Organization": 0.04,
    "Model": 0.06,
    "Task": 0.03,
    "Dataset": 0.05,
    "Venue": 0.02,
    "Repository": 0.07,
}


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    by_type: dict[str, list[str]] = {}
    for kind, share in MIX.items():
        for i in range(max(1, int(n * share))):
            node = f"https://w3id.org/aikg/id/{kind.lower()}/{i}"
            G.add_node(
                node,
                type=kind,
                label=f"{kind} {i}",
                arxiv=None,
                year=rnd.randint(2014, 2024) if kind == "Paper" else None,
                url=None,
                sources=[f"{rnd.randint(0, 3):03d}.txt"],
                aliases=[],
            )
            by_type.setdefault(kind, []).append(node)

    def pick(kind):  # a few popular targets get most links, as in real graphs
        items = by_type[kind]
        return (
            items[min(int(rnd.paretovariate(1.2)) - 1, len(items) - 1)]
            if rnd.random() < 0.5
            else rnd.choice(items)
        )

    def link(u, key, v):
        ev = [{"source": "000.txt", "sentence": f"{u} {key} {v}.", "start": 0, "end": 10}]
        G.add_edge(u, v, key=key, predicate=key, confidence=0.8, support=1, evidence=ev)

    for paper in by_type["Paper"]:
        for _ in range(rnd.randint(1, 3)):
            link(paper, "usesTechnique", pick("Technique"))
        link(paper, "fromOrganization", pick("Organization"))
        for _ in range(rnd.randint(0, 2)):
            link(paper, "authoredBy", pick("Person"))
        if rnd.random() < 0.3:
            link(paper, "hasCode", rnd.choice(by_type["Repository"]))
        if rnd.random() < 0.3:
            link(paper, "addressesTask", pick("Task"))
        if rnd.random() < 0.2:
            link(paper, "evaluatedOn", pick("Dataset"))
    for model in by_type["Model"]:
        link(model, "buildsOn", rnd.choice(by_type["Paper"]))
        link(model, "usesTechnique", pick("Technique"))
    for person in by_type["Person"]:
        link(person, "affiliatedWith", pick("Organization"))
    techniques = by_type["Technique"]
    for i, t in enumerate(techniques[1:], 1):
        link(t, "broader", techniques[rnd.randrange(i)])
    return G


def main() -> None:
    from playwright.sync_api import sync_playwright

    from kg.viz import CHROMIUM, CHROMIUM_ARGS, render_view

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    G = synthetic_graph(options.nodes)
    out = Path(tempfile.mkdtemp(prefix="kg-bench-")) / "view.html"
    # wall time swings with other load on the machine; CPU time says what the work costs
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    wall, cpu = time.perf_counter(), time.process_time()
    summary = render_view(G, out, title="bench")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"graph: {summary.nodes} nodes, {summary.edges} edges; render_view (layout + HTML, "
        f"{out.stat().st_size / 1e6:.1f} MB): {wall:.2f} s wall, {cpu:.2f} s CPU"
    )

    draws, busy = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        for _ in range(options.runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(out.as_uri())
            page.wait_for_function("window.kgDrawn !== null", timeout=120_000)
            draws.append(page.evaluate("window.kgDrawn"))
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            busy.append(1000 * metrics["TaskDuration"])
            page.close()
        browser.close()

    def figures(values):
        return ", ".join(f"{v:.0f}" for v in values) + f" (median {statistics.median(values):.0f})"

    print(f"first afterDrawing, ms after navigation start: {figures(draws)}")
    print(f"renderer main-thread busy time by then, ms: {figures(busy)}")


if __name__ == "__main__":
    main()
