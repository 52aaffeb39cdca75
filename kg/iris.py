"""Stable IRIs for entities, minted from canonical keys.

``entity_iri("Technique", "diffusion model")`` is ``ID["technique/diffusion-model"]``
and ``entity_iri("Paper", "arxiv:2112.10752")`` is ``ID["paper/arxiv-2112.10752"]``.
The same key always gives the same IRI, so a rebuild gives the same graph.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.namespaces import ID
from kg.text import ascii_fold

MAX_SLUG = 80
_HASH_LEN = 12
# a dot survives only between two digits (arXiv ids, version numbers: "2112.10752", "3.5")
_DIGIT_DOT = re.compile(r"(?<=[0-9])\.(?=[0-9])")
_PLACEHOLDER = "\x00"
_NON_ALNUM = re.compile(r"[^a-z0-9\x00]+")


def short_hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:_HASH_LEN]


def slug(key: str) -> str:
    """A lowercase ASCII slug of ``key``.

    Accents are dropped (NFKD, combining marks removed), every run of characters
    other than ASCII letters and digits becomes one '-', and '-' is stripped from
    both ends; '+' reads "plus" ("Zero123++" and "Zero123" stay apart). A '.' between two digits is kept, so arXiv ids and version numbers
    stay readable. An empty slug becomes a short sha1 of the key; a slug longer
    than 80 characters is cut and ends with that hash, so it stays unique.
    """
    text = key
    if not text.isascii():
        text = ascii_fold(text, other=" ")  # a non-Latin letter is a word break
    text = text.lower().replace("+", " plus ")
    text = _DIGIT_DOT.sub(_PLACEHOLDER, text)
    text = _NON_ALNUM.sub("-", text).strip("-").replace(_PLACEHOLDER, ".")
    text = text.strip("-.")
    digest = short_hash(key)
    if not text:
        return digest
    if len(text) > MAX_SLUG:
        keep = MAX_SLUG - _HASH_LEN - 1
        return text[:keep].rstrip("-.") + "-" + digest
    return text


def entity_iri(type: str, key: str) -> URIRef:
    """The IRI of the entity of ``type`` (e.g. "Technique") with canonical ``key``."""
    return ID[f"{type.lower()}/{slug(key)}"]
