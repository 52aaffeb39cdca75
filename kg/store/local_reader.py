"""Reading the embedded store: one pinned generation, opened read-only."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.errors import QueryError, StoreError
from kg.sparql import DEFAULT_PREFIXES, QueryResult, bind_values, syntax_error
from kg.store.graph_store import GraphStore, _add_quads


def _term_str(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)  # RDF-star triple terms


class LocalGraphStore(GraphStore):
    def __init__(self, path: Path) -> None:
        self.location = str(path)
        self._store: ox.Store | None = ox.Store.read_only(str(path))

    @property
    def _s(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the graph store is closed")
        return self._store

    def _run(self, text: str):
        # the default graph holds the merge of the named graphs (written by
        # write_graphs); Oxigraph's use_default_graph_as_union would instead
        # repeat a triple once per graph that states it
        return self._s.query(text, prefixes=DEFAULT_PREFIXES)

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> QueryResult:
        text = bind_values(sparql, bindings)
        try:
            res = self._run(text)
            if isinstance(res, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(res))
            if isinstance(res, ox.QueryTriples):
                lines = res.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                nt = "".join(sorted(set(lines.splitlines(keepends=True))))
                return QueryResult("graph", graph_nt=nt)
            columns = tuple(v.value for v in res.variables)
            rows = tuple(tuple(_term_str(t) for t in solution) for solution in res)
            return QueryResult("select", columns=columns, rows=rows)
        except SyntaxError as exc:
            message = str(exc)
            if text is not sparql:
                # report positions in the text the user wrote, not the bound one
                try:
                    self._run(sparql)
                except SyntaxError as original:
                    message = str(original)
                except Exception:  # noqa: BLE001, S110 - keep the bound query's message
                    pass
            raise syntax_error(message) from None
        except OSError as exc:
            raise StoreError(f"cannot read the graph store at {self.location}: {exc}") from exc
        except (RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def graph_names(self) -> list[str]:
        return sorted(
            g.value for g in self._s.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def dataset(self) -> rdflib.Dataset:
        ds = rdflib.Dataset(default_union=True)
        _add_quads(ds, self._s.quads_for_pattern(None, None, None, None))
        return ds

    def close(self) -> None:
        self._store = None
