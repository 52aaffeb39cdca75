"""Where a SPARQL server is: its endpoints, its layout and the user to write as."""

from __future__ import annotations

import dataclasses
import os
import re
import urllib.parse
from dataclasses import dataclass, field

from kg.errors import StoreError
from kg.store.transport import _http


@dataclass(frozen=True)
class Endpoints:
    """Where a SPARQL 1.1 server takes queries, updates and Graph Store requests.

    ``from_url`` assumes Oxigraph's layout (``/query``, ``/update``,
    ``/store``), ``virtuoso`` is Virtuoso's, and ``connect`` picks between
    them by asking the server; build one by hand for other servers, e.g.
    Fuseki: ``Endpoints(base, base + "/query", base + "/update", base + "/data")``.
    ``gsp`` None means SPARQL Update only. ``union`` says how a query's
    default graph becomes the union of the named graphs:

    * "auto": Oxigraph's ``union-default-graph`` parameter when the server
      says it is Oxigraph, else "graphs";
    * "graphs": list every named graph as ``default-graph-uri`` and
      ``named-graph-uri`` (standard SPARQL Protocol, but verbose);
    * "server": the server is configured to do it, send nothing;
    * "default": like the embedded store, ``write_graphs`` also writes the
      merge of the named graphs into the server's default graph (replacing
      whatever was there) and queries read it. A triple stated by several
      documents is then seen once; with the other modes it can appear once
      per graph (Oxigraph's union does not deduplicate), which makes
      COUNT(*) and joins over popular entities larger and slower.
    """

    base: str
    query: str
    update: str
    gsp: str | None
    union: str = "auto"
    timeout: float = 120.0
    # for writing: sent with HTTP digest or basic auth, whichever the server asks for;
    # the password is never shown (repr, errors, the build manifest)
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, **overrides) -> Endpoints:
        if not url or not re.match(r"^https?://", url):
            raise StoreError(f"store URL must start with http:// or https://: {url!r}")
        if urllib.parse.urlsplit(url).username is not None:
            # it would end up in the manifest and in messages
            raise StoreError(f"store URL {_without_userinfo(url)} holds a user name: give it with "
                             f"--store-user and the password in {PASSWORD_VARIABLE} instead")
        base = url.rstrip("/")
        for suffix in ("/query", "/sparql"):
            base = base.removesuffix(suffix)
        fields = {"base": base, "query": base + "/query", "update": base + "/update",
                  "gsp": base + "/store"}
        fields.update(overrides)
        return cls(**fields)

    @classmethod
    def virtuoso(cls, base: str, user: str | None = None, password: str | None = None) -> Endpoints:
        """Virtuoso's layout: anonymous queries on ``/sparql``; writes on the
        digest-authenticated ``/sparql-auth`` and ``/sparql-graph-crud-auth``
        (without a user, only reading works)."""
        base = base.rstrip("/")
        return cls(base=base, query=base + "/sparql",
                   update=base + ("/sparql-auth" if user else "/sparql"),
                   gsp=base + "/sparql-graph-crud-auth" if user else None,
                   union="graphs", user=user, password=password)

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password or "") if self.user else None


PASSWORD_VARIABLE = "KG_STORE_PASSWORD"


def _without_userinfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, user: str | None = None, password: str | None = None) -> Endpoints:
    """The endpoints of the SPARQL server at `url`, in its own layout.

    The server is asked once who it is (its ``Server`` header): Virtuoso
    gets its ``/sparql`` layout, anything else Oxigraph's (see
    ``Endpoints.from_url``). With a `user`, the password is `password` or
    else the ``KG_STORE_PASSWORD`` environment variable."""
    eps = Endpoints.from_url(url)
    if user and password is None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            raise StoreError(f"--store-user {user} given but {PASSWORD_VARIABLE} is not set: "
                             "put the password for the SPARQL server there")
    _, headers, _ = _http("GET", eps.base + "/", timeout=eps.timeout)
    if headers.get("server", "").lower().startswith("virtuoso"):
        eps = Endpoints.virtuoso(eps.base, user, password)
    else:
        eps = dataclasses.replace(eps, user=user or None, password=password if user else None)
    if eps.auth:
        # a small signed-in request first, so that no large write goes out unsigned
        _http("GET", eps.update + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=eps.timeout,
              auth=eps.auth)
    return eps
