"""Turning pyvis's HTML into the offline, injection-safe page: strip, check, add the overlay.

The page's CSS and JavaScript live next to this module (view.css, probe.js, view.js)
and are inlined into every page, so a view is one self-contained file.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.resources import files

_EXTERNAL = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script\s*>"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
# a commented-out <link>/<script> to node_modules in pyvis's template
_TEMPLATE_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.IGNORECASE | re.DOTALL)
_DATASET = re.compile(r"new vis\.DataSet\((.*?)\);\s*$", re.MULTILINE)


@cache
def _asset(name: str) -> str:
    """One of the page's static files, read once from the installed package."""
    return files("kg.viz").joinpath(name).read_text(encoding="utf-8")


def check_embedded(generated: str) -> None:
    """pyvis must embed nodes and edges as HTML-safe JSON (no raw '<', '>' or '&')."""
    found = _DATASET.findall(generated)
    if len(found) != 2 or any(ch in blob for blob in found for ch in "<>&"):
        raise RuntimeError("pyvis did not embed the graph data as HTML-safe JSON")


def html_safe_json(value) -> str:
    """JSON that can sit inside a <script> element: '<', '>', '&' are \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _head(safe_title: str) -> str:
    # probe.js runs before pyvis's drawGraph(): vis-network draws inside its constructor
    return (
        f"<title>{safe_title}</title>\n<style>\n{_asset('view.css')}</style>\n"
        f"<script>\n{_asset('probe.js')}</script>\n"
    )


def _overlay(safe_title: str, legend: str, counts: str, tips: dict) -> str:
    # view.js runs after drawGraph() has made the globals `network`, `nodes`, `edges`
    return (
        f'<div id="kg-header"><h1>{safe_title}</h1>'
        '<input id="kg-search" type="search" list="kg-labels" autocomplete="off" '
        'placeholder="Find an entity…" aria-label="Find an entity">'
        f'<datalist id="kg-labels"></datalist><span id="kg-status"></span>'
        f'<div class="kg-count">{html.escape(counts)}</div></div>\n'
        f"{legend}\n"
        '<div id="kg-details" aria-live="polite"></div>\n'
        f'<script type="application/json" id="kg-tips">{html_safe_json(tips)}</script>\n'
        f"<script>\n{_asset('view.js')}</script>\n"
    )


def page(net_html: str, *, title: str, legend: str, counts: str, tips: dict) -> str:
    """pyvis's page without network requests, with the title, legend, search and tooltips."""
    out = _EXTERNAL.sub("", net_html)
    out = _EMPTY_HEADING.sub("", out)
    out = _TEMPLATE_COMMENT.sub("", out)
    safe_title = html.escape(title)
    at = out.rfind("</head>")
    out = out[:at] + _head(safe_title) + out[at:]
    at = out.rfind("</body>")
    return out[:at] + _overlay(safe_title, legend, counts, tips) + out[at:]
