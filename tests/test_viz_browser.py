"""Generated views opened in headless Chromium (Debian's chromium, driven by Playwright)."""

from pathlib import Path

import pytest

from kg import viz
from kg.analytics import to_networkx
from kg.viz import render_view
from tests import rdf_fixtures as fx

CHROMIUM = Path(viz.CHROMIUM)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")

# Replaces the dialogs before any page script runs, so injected script that got to run
# would leave a trace instead of blocking.
TRAP = """
window.__kgRan = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (message) => { window.__kgRan.push(name + ":" + message); };
}
"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=list(viz.CHROMIUM_ARGS))
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def graphs():
    return {"plain": to_networkx(fx.two_documents()), "hostile": to_networkx(fx.hostile_document())}


class Page:
    """A page opened from a file:// URL, with what it logged, fetched and raised."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}")
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.add_init_script(TRAP)
        self.page.goto(self.url)
        self.page.wait_for_function("window.kgDrawn !== null", timeout=30_000)

    def evaluate(self, script, arg=None):
        return self.page.evaluate(script, arg)

    def node_point(self, node: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        return tuple(
            self.evaluate(
                """(id) => {
                    const p = network.canvasToDOM(network.getPosition(id));
                    const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
                    return [p.x + r.left, p.y + r.top];
                }""",
                node,
            )
        )

    def edge_point(self, source: str, target: str) -> tuple[float, float]:
        """The middle of the drawn edge source -> target, in page coordinates."""
        return tuple(
            self.evaluate(
                """([from, to]) => {
                    const edge = edges.get().find(e => e.from === from && e.to === to);
                    const mid = network.body.edges[edge.id].edgeType.getPoint(0.5);
                    const p = network.canvasToDOM(mid);
                    const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
                    return [p.x + r.left, p.y + r.top];
                }""",
                [source, target],
            )
        )

    def hover(self, x: float, y: float) -> str:
        """Move onto a point and return the text of the tooltip that appears."""
        self.page.mouse.move(x - 40, y - 40)
        self.page.mouse.move(x, y, steps=4)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        return tooltip.inner_text()

    def assert_clean(self):
        assert self.errors == []
        assert self.dialogs == [] and self.evaluate("window.__kgRan") == []
        # nothing but the page itself: no CDN, no image from injected markup
        assert self.requests == [self.url]

    def close(self):
        self.page.close()


@pytest.fixture
def open_page(browser):
    opened = []

    def open_(path):
        page = Page(browser, path)
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.close()


VIEWS = {
    "full": {},
    "focus": {"focus": "diffusion model", "depth": 2},
    "lineage": {"focus": "diffusion model", "view": "lineage"},
    "lab": {"view": "lab"},
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_draws_offline_without_errors(graphs, open_page, tmp_path, name):
    summary = render_view(graphs["plain"], tmp_path / f"{name}.html", **VIEWS[name])
    page = open_page(summary.path)
    size = page.evaluate(
        """() => { const c = document.querySelector('#mynetwork canvas');
                   return [c.width, c.height]; }"""
    )
    assert size[0] > 0 and size[1] > 0
    drawn = page.evaluate(
        """() => {
            const c = document.querySelector('#mynetwork canvas');
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n++;
            return n;
        }"""
    )
    assert drawn > 500  # pixels of nodes, edges and labels
    assert page.evaluate("network.body.data.nodes.length") == summary.nodes
    legend = page.page.locator("#kg-legend")
    assert legend.is_visible()
    assert "Technique" in legend.inner_text()
    page.assert_clean()


def test_hostile_markup_shows_as_text_and_never_runs(graphs, open_page, tmp_path):
    summary = render_view(graphs["hostile"], tmp_path / "hostile.html", title=fx.HOSTILE)
    page = open_page(summary.path)
    assert page.page.title() == fx.HOSTILE
    x, y = page.node_point(str(fx.HOSTILE_PAPER))
    text = page.hover(x, y)
    assert fx.HOSTILE in text
    assert "<a href=javascript:alert(8)>code</a>" in text  # the evidence sentence, as text
    # clicking opens the details panel, built the same way
    page.page.mouse.click(x, y)
    details = page.page.locator("#kg-details")
    details.wait_for(state="visible")
    assert fx.HOSTILE in details.inner_text()
    injected = page.evaluate(
        """() => ({
            img: document.querySelectorAll('img').length,
            handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
            hrefs: [...document.querySelectorAll('a')].map(a => a.getAttribute('href')),
        })"""
    )
    assert injected["img"] == 0 and injected["handlers"] == 0
    assert all(href.startswith(("http://", "https://")) for href in injected["hrefs"])
    page.page.wait_for_timeout(200)  # give any injected handler a chance to fire
    page.assert_clean()


def test_edge_tooltip_shows_relation_and_evidence_as_text(graphs, open_page, tmp_path):
    summary = render_view(graphs["hostile"], tmp_path / "edges.html")
    page = open_page(summary.path)
    text = page.hover(*page.edge_point(str(fx.HOSTILE_PAPER), str(fx.DIFFUSION)))
    assert "usesTechnique" in text
    assert "<img src=y onerror=alert(6)> uses </script><script>alert(7)</script>" in text
    assert "002_hostile.txt" in text
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    page.assert_clean()


def test_search_box_selects_and_centres_a_node(graphs, open_page, tmp_path):
    summary = render_view(graphs["plain"], tmp_path / "search.html")
    page = open_page(summary.path)
    search = page.page.locator("#kg-search")
    search.fill("LMU munich")  # an alias, in other case
    search.press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == [str(fx.COMPVIS)]
    assert page.evaluate("window.kgFocused") == str(fx.COMPVIS)
    centre = page.evaluate("network.getViewPosition()")
    node = page.evaluate("(id) => network.getPosition(id)", str(fx.COMPVIS))
    assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
    assert "CompVis" in page.page.locator("#kg-details").inner_text()

    search.fill("nothing like this")
    search.press("Enter")
    assert page.page.locator("#kg-status").inner_text() == "no match"
    page.assert_clean()
