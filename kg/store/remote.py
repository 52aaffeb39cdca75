"""Writing the graphs to a SPARQL server and listing kg's graphs there.

Graph Store Protocol PUTs where the server has it, SPARQL Update otherwise;
new graphs are written before stale ones are dropped.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping

import pyoxigraph as ox
import rdflib

from kg.errors import StoreError
from kg.namespaces import GRAPH
from kg.ntriples import Encoder, TrigWriter
from kg.store.encode import _encoded, _ox_prefixes
from kg.store.endpoints import PASSWORD_VARIABLE, Endpoints
from kg.store.transport import _FORM, _form, _http


def _http_error(url: str, status: int, body: bytes) -> StoreError:
    text = body.decode("utf-8", "replace").strip()
    hint = ""
    if status in (401, 403) or "permission" in text.lower():
        hint = (f" (the server refused: writing needs --store-user with the password in "
                f"{PASSWORD_VARIABLE}, for a user allowed to update)")
    return StoreError(f"{url} answered HTTP {status}{hint}: {text[:500]}")


def _remote_update(eps: Endpoints, update: str) -> None:
    status, _, body = _http(
        "POST",
        eps.update,
        data=_form([("update", update)]),
        headers={"Content-Type": _FORM},
        timeout=eps.timeout,
        auth=eps.auth,
    )
    if status >= 300:
        raise _http_error(eps.update, status, body)


def _remote_graph_names(eps: Endpoints) -> tuple[list[str], dict[str, str]]:
    # kg's graphs only: a shared server holds others (Virtuoso its own system graphs)
    listing = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}'
    status, headers, body = _http(
        "POST",
        eps.query,
        data=_form([("query", listing)]),
        headers={"Content-Type": _FORM, "Accept": "application/sparql-results+json"},
        timeout=eps.timeout,
    )
    if status >= 300:
        raise _http_error(eps.query, status, body)
    data = json.loads(body)
    names = sorted(
        b["g"]["value"] for b in data["results"]["bindings"] if b.get("g", {}).get("type") == "uri"
    )
    return names, headers


def _gsp_put(eps: Endpoints, url: str, body: bytes) -> bool:
    """PUT a graph through the Graph Store Protocol; False when the server has none."""
    status, _, err = _http("PUT", url, data=body, headers={"Content-Type": "application/n-triples"},
                           timeout=eps.timeout, auth=eps.auth)
    if status < 300:
        return True
    if status not in (404, 405, 415, 501):
        raise _http_error(url, status, err)
    return False


def _write_remote(eps: Endpoints, graphs: Mapping[str, rdflib.Graph],
                  trig: TrigWriter | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    use_gsp = eps.gsp is not None
    enc = Encoder(_ox_prefixes())  # shared: a blank node in two graphs stays one node
    merged: dict[str, None] = {}  # the default graph's lines, each once, in order
    # write every new graph before dropping stale ones: a failure half-way
    # leaves extra graphs, never missing ones (the server has no transaction
    # spanning several requests)
    for name, g, rows in _encoded(graphs, enc, counts, trig):
        lines = [f"{row[0]} .\n" for row in rows]
        if eps.union == "default":
            merged.update(dict.fromkeys(lines))
        body = "".join(lines).encode("utf-8")
        if use_gsp:
            if _gsp_put(eps, f"{eps.gsp}?{urllib.parse.urlencode({'graph': str(name)})}", body):
                continue
            use_gsp = False  # no Graph Store Protocol here: fall back to Update
        _remote_update(
            eps, f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body.decode()}}} }}"
        )
    if eps.union == "default":
        body = "".join(merged).encode("utf-8")
        if not (use_gsp and _gsp_put(eps, f"{eps.gsp}?default", body)):
            _remote_update(eps, f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{body.decode()}}}")
    existing, _ = _remote_graph_names(eps)
    wanted = {str(n) for n in graphs}
    stale = [g for g in existing if g.startswith(str(GRAPH)) and g not in wanted]
    if stale:
        _remote_update(
            eps, " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in stale)
        )
    return counts
