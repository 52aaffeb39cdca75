"""Interactive HTML views of the graph (pyvis / vis-network), offline and injection-safe.

How the page is made, and why:

* pyvis renders its template with ``cdn_resources="in_line"`` so vis-network's JS and
  CSS are inlined; the template still links Bootstrap from a CDN, and those tags are
  stripped, so the page makes no network request.
* What vis-network draws (ids, labels, shapes, positions) reaches the page through the
  template's ``{{ nodes|tojson }}``, Jinja's HTML-safe JSON (``<``, ``>``, ``&``, ``'``
  become ``\\u003c``…), so a label cannot close the script element; ``_check_embedded``
  (kg.viz.page) refuses a page where it could. Tooltip data (full labels, sentences, URLs, sources)
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

Modules: ``views`` (which nodes a view holds), ``layout`` and ``columns`` (positions),
``style`` (colours, shapes, legend), ``urls`` (which links may be shown), ``visdata``
(vis-network items and tooltip data), ``page`` (finishing pyvis's HTML; the CSS and
JavaScript are the package files view.css, probe.js, view.js), ``render``
(render_view), ``browser`` (how tests and benchmarks open pages headless).
"""

from kg.viz.browser import CHROMIUM, CHROMIUM_ARGS
from kg.viz.layout import force_layout
from kg.viz.page import html_safe_json
from kg.viz.render import ViewSummary, render_view
from kg.viz.style import STYLE
from kg.viz.urls import safe_url
from kg.viz.views import LAB_TECHNIQUE_PREDICATES, LINEAGE_PREDICATES, VIEWS, view_graph

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "LAB_TECHNIQUE_PREDICATES",
    "LINEAGE_PREDICATES",
    "STYLE",
    "VIEWS",
    "ViewSummary",
    "force_layout",
    "html_safe_json",
    "render_view",
    "safe_url",
    "view_graph",
]
