import json
import math
import re

import networkx as nx
import pytest

from kg.analytics import to_networkx
from kg.errors import QueryError
from kg.viz import force_layout, html_safe_json, render_view, safe_url, view_graph
from tests import rdf_fixtures as fx


@pytest.fixture(scope="module")
def G():
    return to_networkx(fx.two_documents())


@pytest.fixture(scope="module")
def hostile():
    return to_networkx(fx.hostile_document())


def page_data(html: str) -> tuple[list, list, dict]:
    """The vis-network nodes and edges, and the tooltip data, embedded in a page."""
    nodes, edges = re.findall(r"new vis\.DataSet\((.*?)\);\s*$", html, re.MULTILINE)
    tips = re.search(
        r'<script type="application/json" id="kg-tips">(.*?)</script>', html, re.DOTALL
    )
    return json.loads(nodes), json.loads(edges), json.loads(tips.group(1))


def labels(H) -> set[str]:
    return {data["label"] for _, data in H.nodes(data=True)}


# --- offline page ---------------------------------------------------------------------------


def test_page_loads_nothing_from_the_network(G, tmp_path):
    summary = render_view(G, tmp_path / "full.html")
    html = summary.path.read_text(encoding="utf-8")
    # everything is inline: no script or stylesheet is fetched, from a CDN or elsewhere
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link\b[^>]*\bhref\s*=", html, re.IGNORECASE)
    assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
    assert "vis.Network" in html  # vis-network is inlined


def test_summary_counts_and_page_parts(G, tmp_path):
    summary = render_view(G, tmp_path / "sub" / "full.html", title="AI papers")
    # the vocabulary's concepts that no document names (GAN here) are left out
    shown = set(G) - {str(fx.GAN)}
    assert (summary.nodes, summary.edges) == (len(shown), G.subgraph(shown).number_of_edges())
    html = summary.path.read_text(encoding="utf-8")
    nodes, edges, _ = page_data(html)
    assert {n["id"] for n in nodes} == shown
    assert len(edges) == G.subgraph(shown).number_of_edges()
    assert 'id="kg-legend"' in html and 'id="kg-search"' in html
    assert "<title>AI papers</title>" in html
    # physics is off: the positions computed in Python are the drawing
    assert '"physics": {"enabled": false}' in html
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in nodes)


def test_nodes_are_styled_by_type_and_sized(G, tmp_path):
    html = render_view(G, tmp_path / "v.html").path.read_text(encoding="utf-8")
    nodes, _, _ = page_data(html)
    by_id = {n["id"]: n for n in nodes}
    paper, technique = by_id[str(fx.LDM_PAPER)], by_id[str(fx.DIFFUSION)]
    assert (paper["shape"], technique["shape"]) == ("dot", "diamond")
    assert paper["color"] != technique["color"]
    # the best-connected node is the largest
    assert paper["size"] == max(n["size"] for n in nodes)
    assert str(fx.GAN) not in by_id  # vocabulary only, named by no document


def test_tooltip_data_has_links_sources_and_evidence(G, tmp_path):
    html = render_view(G, tmp_path / "v.html").path.read_text(encoding="utf-8")
    _, edges, tips = page_data(html)
    paper = tips["nodes"][str(fx.LDM_PAPER)]
    assert paper["type"] == "Paper" and paper["year"] == 2022
    assert paper["arxivUrl"] == "https://arxiv.org/abs/2112.10752"
    assert paper["code"] == ["https://github.com/CompVis/latent-diffusion"]
    assert paper["sources"] == [fx.DOC_A, fx.DOC_B]
    assert paper["sentence"]
    edge = next(e for e in edges if (e["from"], e["to"]) == (str(fx.LDM_PAPER), str(fx.ATTENTION)))
    assert edge["label"] == "usesTechnique"
    edge_tip = tips["edges"][edge["id"]]
    assert edge_tip["support"] == 2
    assert [e["source"] for e in edge_tip["evidence"]] == [fx.DOC_A, fx.DOC_B]


# --- escaping -----------------------------------------------------------------------------


def test_hostile_strings_are_escaped(hostile, tmp_path):
    html = render_view(hostile, tmp_path / "h.html", title=fx.HOSTILE).path.read_text("utf-8")
    assert fx.HOSTILE not in html
    assert "<img src=x" not in html and "<img src=y" not in html
    assert "<script>alert(" not in html and "</script><script>" not in html
    assert "<i>evil</i>" not in html and "<b>2101.00001</b>" not in html
    # the label is still there, as escaped JSON and as escaped HTML in the title
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "<title>&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in html
    nodes, _, tips = page_data(html)
    assert fx.HOSTILE in {tip["label"] for tip in tips["nodes"].values()}
    # no pyvis popup that would assign a title through innerHTML, and no titles at all
    assert "popup.innerHTML" not in html
    assert not any("title" in n for n in nodes)


def test_only_http_links_reach_the_page(hostile, tmp_path):
    html = render_view(hostile, tmp_path / "h.html").path.read_text("utf-8")
    _, _, tips = page_data(html)
    paper = tips["nodes"][str(fx.HOSTILE_PAPER)]
    assert paper["url"] is None and paper["arxivUrl"] is None and paper["code"] == []
    assert "javascript:alert(3)" not in html and "javascript:alert(5)" not in html


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://arxiv.org/abs/1", "https://arxiv.org/abs/1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("https:/no-host", None),
        (None, None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_html_safe_json_cannot_close_a_script():
    text = html_safe_json({"a": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script> & more"}


# --- views -----------------------------------------------------------------------------


def test_focus_neighbourhood_by_depth(G):
    assert labels(view_graph(G, focus="CompVis", depth=1)) == {
        "CompVis",
        "High-Resolution Image Synthesis with Latent Diffusion Models",
    }
    two = labels(view_graph(G, focus="compvis", depth=2))
    assert {"attention", "latent diffusion model", "Robin Rombach", "Stable Diffusion"} <= two
    assert "OpenAI" not in two


def test_focus_by_alias_and_rendered(G, tmp_path):
    summary = render_view(G, tmp_path / "f.html", focus="LMU Munich", depth=1)
    assert (summary.nodes, summary.edges) == (2, 1)
    nodes, _, _ = page_data(summary.path.read_text("utf-8"))
    assert {n["id"] for n in nodes} == {str(fx.COMPVIS), str(fx.LDM_PAPER)}


def test_types_filter_keeps_the_focus(G):
    H = view_graph(G, types=["Paper", "Organization"])
    assert {t for _, t in H.nodes(data="type")} == {"Paper", "Organization"}
    assert H.number_of_edges() == 3  # the three fromOrganization links
    H = view_graph(G, focus="diffusion model", depth=1, types=["Paper"])
    assert labels(H) == {
        "diffusion model",
        "Hierarchical Text-Conditional Image Generation with CLIP Latents",
        "Denoising Diffusion Probabilistic Models",
    }


def test_lineage_view_has_the_family_and_its_users_by_year(G, tmp_path):
    H = view_graph(G, focus="diffusion model", view="lineage")
    assert labels(H) == {
        "diffusion model",
        "latent diffusion model",
        "Denoising Diffusion Probabilistic Models",
        "Hierarchical Text-Conditional Image Generation with CLIP Latents",
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        "Stable Diffusion",
        "DALL·E 2",
    }
    summary = render_view(G, tmp_path / "l.html", focus="diffusion model", view="lineage")
    nodes, _, _ = page_data(summary.path.read_text("utf-8"))
    x = {n["id"]: n["x"] for n in nodes}
    # the family left of its users, narrower techniques right of broader, years ascending
    assert x[str(fx.DIFFUSION)] < x[str(fx.LATENT_DIFFUSION)] < x[str(fx.DDPM_PAPER)]
    assert x[str(fx.DDPM_PAPER)] < x[str(fx.LDM_PAPER)] == x[str(fx.DALLE2_PAPER)]


def test_lineage_of_a_narrower_technique_excludes_its_parent(G):
    H = view_graph(G, focus="LDM", view="lineage")
    assert labels(H) == {
        "latent diffusion model",
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        "Stable Diffusion",
    }


def test_lab_view_columns(G, tmp_path):
    H = view_graph(G, view="lab")
    assert {t for _, t in H.nodes(data="type")} == {"Organization", "Paper", "Technique"}
    assert "generative adversarial network" not in labels(H)
    summary = render_view(G, tmp_path / "lab.html", view="lab")
    nodes, _, _ = page_data(summary.path.read_text("utf-8"))
    x = {n["id"]: n["x"] for n in nodes}
    assert x[str(fx.OPENAI)] < x[str(fx.DALLE2_PAPER)] < x[str(fx.DIFFUSION)]
    assert labels(view_graph(G, view="lab", focus="OpenAI")) == {
        "OpenAI",
        "Hierarchical Text-Conditional Image Generation with CLIP Latents",
        "diffusion model",
        "attention",
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"focus": "no such entity"},
        {"types": ["Paper", "Spaceship"]},
        {"view": "lineage"},
        {"view": "sideways"},
        {"size_by": "shoe size"},
    ],
)
def test_bad_requests_raise_query_errors(G, tmp_path, kwargs):
    with pytest.raises(QueryError):
        render_view(G, tmp_path / "x.html", **kwargs)
    assert not (tmp_path / "x.html").exists()


def test_empty_graph_renders(tmp_path):
    summary = render_view(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert (summary.nodes, summary.edges) == (0, 0)
    html = summary.path.read_text("utf-8")
    assert 'data-type="Repository"' in html  # the legend still explains every type


def test_pagerank_sizes(G, tmp_path):
    summary = render_view(G, tmp_path / "pr.html", size_by="pagerank")
    nodes, _, _ = page_data(summary.path.read_text("utf-8"))
    biggest = max(nodes, key=lambda n: n["size"])
    assert biggest["id"] == str(fx.DIFFUSION)


def test_force_layout_is_deterministic_and_spreads_nodes(G):
    first, second = force_layout(G), force_layout(G)
    assert first == second
    points = list(first.values())
    assert len(set(points)) == len(points)
    # the isolated node is set under the drawing, not flung far away
    gan_y = first[str(fx.GAN)][1]
    assert gan_y > max(y for node, (_, y) in first.items() if node != str(fx.GAN))
    assert force_layout(nx.MultiDiGraph()) == {}


def test_large_views_leave_relations_to_edge_tooltips(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("t", type="Technique", label="diffusion model")
    for i in range(520):
        G.add_node(f"p{i}", type="Paper", label=f"paper {i}", year=2020 + i % 4)
        G.add_edge(f"p{i}", "t", key="usesTechnique", predicate="usesTechnique", evidence=[])
    summary = render_view(G, tmp_path / "big.html")
    nodes, edges, tips = page_data(summary.path.read_text("utf-8"))
    assert (len(nodes), len(edges)) == (521, 520)
    assert not any("label" in e for e in edges)
    assert {tip["relation"] for tip in tips["edges"].values()} == {"usesTechnique"}


def test_task_hierarchy_is_drawn(tmp_path):
    """The view draws the task taxonomy's broader links too (issue 13, item 4)."""
    from kg.iris import entity_iri
    from kg.namespaces import VOCAB_GRAPH
    from kg.vocab import ontology_graph

    G = to_networkx({str(VOCAB_GRAPH): ontology_graph()})
    summary = render_view(G, tmp_path / "tasks.html", types=["Task"])
    _, edges, tips = page_data(summary.path.read_text(encoding="utf-8"))
    task, parent = str(entity_iri("Task", "text-to-image generation")), str(entity_iri("Task", "image generation"))
    drawn = [e for e in edges if (e["from"], e["to"]) == (task, parent)]
    assert len(drawn) == 1 and tips["edges"][drawn[0]["id"]]["relation"] == "broader"


def test_page_inlines_the_packaged_css_and_scripts(G, tmp_path):
    from importlib.resources import files

    page = render_view(G, tmp_path / "v.html").path.read_text(encoding="utf-8")
    for name, wrapper in (
        ("view.css", "<style>\n{}</style>"),
        ("probe.js", "<script>\n{}</script>"),
        ("view.js", "<script>\n{}</script>"),
    ):
        text = files("kg.viz").joinpath(name).read_text(encoding="utf-8")
        assert text.strip() and wrapper.format(text) in page
    # the draw probe runs in <head>, before pyvis draws; the page script after, in <body>
    assert page.index("window.kgDrawn = null") < page.index("</head>") < page.index("kgSearch")
