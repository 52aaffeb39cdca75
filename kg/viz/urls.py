"""The only links a page may show: absolute http(s) URLs, arXiv pages and code-host URLs."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(\.[A-Z]{2})?/\d{7})(v\d+)?")
_CODE_HOST = re.compile(r"(github\.com|gitlab\.com|huggingface\.co)/[\w.\-]+/[\w.\-]+/?")


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (no javascript:, data:, …)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def arxiv_url(arxiv: object) -> str | None:
    """The abstract page of a well-formed arXiv id, else None."""
    if isinstance(arxiv, str) and _ARXIV.fullmatch(arxiv.strip()):
        return "https://arxiv.org/abs/" + quote(arxiv.strip(), safe="./")
    return None


def repository_url(data: dict) -> str | None:
    """A repository node's safe URL, or its label when that is a code-host path."""
    url = safe_url(data.get("url"))
    if url:
        return url
    label = str(data.get("label") or "")
    return "https://" + label if _CODE_HOST.fullmatch(label) else None
