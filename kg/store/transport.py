"""HTTP to a SPARQL server: one request at a time, with digest or basic auth.

Loopback servers are reached without the environment's proxy; a signed-in
opener is kept per server and user so its digest challenge is reused.
"""

from __future__ import annotations

import functools
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from kg.errors import StoreError

_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_direct_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_default_opener = urllib.request.build_opener()


def _http(
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 120.0,
    auth: tuple[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request; (status, headers, body). HTTP errors are returned, not raised.
    `auth` (user, password) answers the server's digest or basic challenge."""
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    parts = urllib.parse.urlsplit(url)
    # never send loopback traffic through a proxy from the environment
    direct = (parts.hostname or "") in _LOOPBACK
    if auth is None:
        opener = _direct_opener if direct else _default_opener
    else:
        opener = _auth_opener(f"{parts.scheme}://{parts.netloc}/", auth, direct)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp is not None else b""
        return exc.code, {k.lower(): v for k, v in (exc.headers or {}).items()}, body
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from exc


class _SigningDigestAuth(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that signs every request once the server has sent a challenge.

    urllib's handler sends each request unsigned and answers the 401; a server
    that refuses early closes the connection while a large PUT body is still
    being sent (a broken pipe). With the challenge kept, only the first,
    small request of a session goes out unsigned."""

    def __init__(self, passwords) -> None:
        super().__init__(passwords)
        self._challenge: dict[str, str] | None = None

    def http_request(self, req):
        if self._challenge is not None and not req.has_header(self.auth_header):
            auth = self.get_authorization(req, self._challenge)
            if auth:
                req.add_unredirected_header(self.auth_header, f"Digest {auth}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req, auth):
        _, challenge = auth.split(" ", 1)
        self._challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge)))
        return super().retry_http_digest_auth(req, auth)


@functools.lru_cache(maxsize=8)
def _auth_opener(root: str, auth: tuple[str, str], direct: bool) -> urllib.request.OpenerDirector:
    # one opener per server and user, so the digest handler keeps its challenge
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, root, *auth)
    handlers: list = [_SigningDigestAuth(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
    if direct:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def _form(pairs: list[tuple[str, str]]) -> bytes:
    return urllib.parse.urlencode(pairs).encode("utf-8")


_FORM = "application/x-www-form-urlencoded"
_TABLE_ACCEPT = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9"
