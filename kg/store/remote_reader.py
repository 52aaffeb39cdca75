"""Reading kg's graphs on a SPARQL server, with their union as the default graph."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pyoxigraph as ox
import rdflib

from kg.errors import StoreError
from kg.sparql import QueryResult, bind_values, query_shape, syntax_error, with_prologue
from kg.store.endpoints import Endpoints
from kg.store.graph_store import GraphStore, _add_quads
from kg.store.remote import _http_error, _remote_graph_names
from kg.store.transport import _FORM, _GRAPH_ACCEPT, _TABLE_ACCEPT, _form, _http


class RemoteGraphStore(GraphStore):
    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        self.location = endpoints.base
        self._union: str | None = None if endpoints.union == "auto" else endpoints.union
        self._names: list[str] | None = None

    def graph_names(self) -> list[str]:
        names, headers = _remote_graph_names(self.endpoints)
        self._names = names
        if self._union is None:
            server = headers.get("server", "")
            self._union = "oxigraph" if server.lower().startswith("oxigraph") else "graphs"
        return list(names)

    def _dataset_params(self, text: str) -> list[tuple[str, str]]:
        if query_shape(text).has_from:
            return []  # the query names its own dataset
        if self._union is None or (self._union == "graphs" and self._names is None):
            self.graph_names()
        if self._union in ("default", "server"):
            return []
        if self._union == "oxigraph":
            return [("union-default-graph", "")]
        if self._union == "graphs":
            names = self._names or []
            return [("default-graph-uri", g) for g in names] + [
                ("named-graph-uri", g) for g in names
            ]
        return []

    def _post(self, text: str, dataset: bool = True) -> tuple[int, dict[str, str], bytes]:
        pairs = [("query", text)] + (self._dataset_params(text) if dataset else [])
        # ask for the one format the query's form has: Virtuoso answers a
        # CONSTRUCT with the first type listed, even a table format
        graph_form = query_shape(text).form in ("CONSTRUCT", "DESCRIBE")
        return _http(
            "POST",
            self.endpoints.query,
            data=_form(pairs),
            headers={"Content-Type": _FORM, "Accept": _GRAPH_ACCEPT if graph_form else _TABLE_ACCEPT},
            timeout=self.endpoints.timeout,
            auth=self.endpoints.auth,
        )

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> QueryResult:
        written = sparql
        sparql = with_prologue(sparql)  # a server knows none of kg's prefixes
        text = bind_values(sparql, bindings)
        status, headers, body = self._post(text)
        if status == 400:
            message = body.decode("utf-8", "replace").strip()
            if text is not sparql:
                st2, _, body2 = self._post(sparql)
                if st2 == 400:
                    message = body2.decode("utf-8", "replace").strip()
            if sparql is not written:  # positions in the text the user wrote: one line less
                message = re.sub(r"error at (\d+):", lambda m: f"error at {int(m.group(1)) - 1}:", message, count=1)
            raise syntax_error(message)
        if status >= 300:
            raise _http_error(self.endpoints.query, status, body)
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in ("application/sparql-results+json", "application/json"):
            data = json.loads(body)
            if "boolean" in data:
                return QueryResult("ask", boolean=bool(data["boolean"]))
            columns = tuple(data.get("head", {}).get("vars", []))
            rows = []
            for b in data["results"]["bindings"]:
                row = []
                for c in columns:
                    cell = b.get(c)
                    if cell is None:
                        row.append(None)
                    elif cell.get("type") == "bnode":
                        row.append("_:" + str(cell["value"]))
                    else:
                        row.append(str(cell.get("value")))  # Virtuoso can send numbers unquoted
                rows.append(tuple(row))
            if query_shape(text).form == "ASK" and len(columns) == 1:
                # Virtuoso answers ASK as a one-cell table (1 or 0), not as a boolean
                return QueryResult("ask", boolean=bool(rows) and rows[0][0] in ("1", "true"))
            return QueryResult("select", columns=columns, rows=tuple(rows))
        if ctype in ("application/n-triples", "text/plain"):
            # re-written in canonical N-Triples: servers differ in spacing and escapes
            triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            nt = "".join(sorted({f"{t} .\n" for t in triples}))
            return QueryResult("graph", graph_nt=nt)
        raise StoreError(f"{self.endpoints.query} answered with unexpected type {ctype!r}")

    def dataset(self) -> rdflib.Dataset:
        ds = rdflib.Dataset(default_union=True)
        for i, name in enumerate(self.graph_names()):
            g = str(ox.NamedNode(name))
            status, _headers, body = self._post(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", dataset=False
            )
            if status >= 300:
                raise _http_error(self.endpoints.query, status, body)
            if body.strip():
                triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                g = ox.NamedNode(name)
                quads = (ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
                # blank node labels are scoped to one response
                _add_quads(ds, quads, bnode_scope=f"g{i}_")
        return ds
