"""Resolution: mentions from many documents -> one entity per real thing.

Mentions merge when they share a canonical key: an arXiv id, a normalised
title, a vocabulary label. People merge by surname and first initial when
their given names agree and, for initials, when something corroborates it
("Taco S. Cohen" and "Cohen, T." merge when they wrote the same paper or
appear in one document; "Tom Cohen" and "Taco Cohen" never do). Names that merely look alike never
share a key (StyleGAN / StyleGAN2, GPT-3 / GPT-4), so they stay apart.
IRIs are minted from the canonical key, so a rebuild gives the same IRIs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.extract.citations import person_key, split_name
from kg.iris import entity_iri, short_hash
from kg.model import Assertion, Entity, Extraction, Mention, ResolvedGraph
from kg.text import ascii_fold

# keys that only mean something inside one document
LOCAL_KEY_PREFIXES = ("marker:", "person:")


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _given_names(name: str) -> str:
    given, _ = split_name(name)
    return given


def _compatible(a: str, b: str) -> bool:
    """Given names agree: equal, or one is the other's initials."""
    ga = re.sub(r"[^a-z ]", " ", _ascii(a).lower()).split()
    gb = re.sub(r"[^a-z ]", " ", _ascii(b).lower()).split()
    if not ga or not gb:
        return True
    first_a, first_b = ga[0], gb[0]
    if len(first_a) > 1 and len(first_b) > 1:
        return first_a == first_b
    return first_a[0] == first_b[0]


def _ascii(text: str) -> str:
    return ascii_fold(text)


def _person_clusters(
    mentions: list[tuple[str, Mention]], uf: _UnionFind, papers_of: dict[tuple[str, str], set]
) -> None:
    """Merge person mentions with the same surname+initial when nothing says they differ.

    Full given names must agree. An initials-only name ("H. Zhang") joins a
    fuller one only with corroboration: they wrote the same paper, or they are
    the only such names in one document; common surnames would otherwise
    merge strangers.
    """
    groups: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for doc, m in mentions:
        groups[person_key(m.label)].append((doc, m))
    for _, members in sorted(groups.items()):
        anchors: dict[str, tuple[str, str]] = {}  # first given name -> a node
        initials: list[tuple[str, str]] = []
        for doc, m in members:
            node = (doc, m.id)
            given = _given_names(m.label)
            first = re.sub(r"[^a-z]", "", _ascii(given.split()[0]).lower()) if given.split() else ""
            if len(first) > 1:
                if first in anchors:
                    uf.union(anchors[first], node)
                else:
                    anchors[first] = node
            else:
                initials.append(node)

        group_nodes = [(doc, m.id) for doc, m in members]

        def papers(node, group_nodes=group_nodes) -> set:
            # only this surname's mentions can be in the node's cluster so far
            root = uf.find(node)
            return {p for n in group_nodes if uf.find(n) == root for p in papers_of.get(n, ())}

        for node in initials:
            shared = [a for a in anchors.values() if papers(a) & papers(node)]
            same_doc = [a for a in anchors.values() if a[0] == node[0]]
            if len(shared) == 1:
                uf.union(shared[0], node)
            elif not shared and len(same_doc) == 1 and len(anchors) == 1:
                uf.union(same_doc[0], node)
        # initials-only variants of one another ("Cohen, T." / "T. Cohen") with a shared paper
        for i, a in enumerate(initials):
            for b in initials[i + 1 :]:
                if (uf.find(a) != uf.find(b) and (a[0] == b[0] or papers(a) & papers(b))
                        and not any(uf.find(a) == uf.find(x) or uf.find(b) == uf.find(x) for x in anchors.values())):
                    uf.union(a, b)


def _best_label(type_: str, mentions: list[Mention]) -> str:
    labels = [m.label for m in mentions if m.label]
    if type_ == "Paper":
        titled = [lb for lb in labels if not lb.startswith("arXiv:")] or labels
        counts = Counter(titled)
        # a title as the authors wrote it: not shouting, most often seen, capitalised, fullest
        def capitals(lb: str) -> int:
            return sum(w[:1].isupper() for w in lb.split())

        return max(titled, key=lambda lb: (not lb.isupper(), counts[lb], capitals(lb), len(lb), lb))
    if type_ == "Person":
        return max(labels, key=lambda lb: (len(_given_names(lb).replace(".", "").replace(" ", "")), len(lb), lb))
    counts = Counter(labels)
    return max(labels, key=lambda lb: (counts[lb], -len(lb), lb))


def _merge_attrs(type_: str, mentions: list[Mention]) -> dict[str, object]:
    attrs: dict[str, object] = {}
    years = Counter()
    broader: list[str] = []
    for m in mentions:
        for key, value in m.attrs:
            if value is None:
                continue
            if key == "year":
                years[int(value)] += 1
            elif key == "broader":
                broader.extend(v for v in value if v not in broader)
            elif key not in attrs:
                attrs[key] = value
    if years:
        attrs["year"] = max(years, key=lambda y: (years[y], y))
    elif attrs.get("arxiv_year"):
        attrs["year"] = attrs["arxiv_year"]
    elif attrs.get("doc_year"):  # the year of the list the paper appears in
        attrs["year"] = attrs["doc_year"]
    attrs.pop("arxiv_year", None)
    attrs.pop("doc_year", None)
    if broader:
        attrs["broader"] = tuple(broader)
    return attrs


def _canonical_key(type_: str, label: str, attrs: dict[str, object]) -> str:
    if type_ == "Paper" and attrs.get("arxiv"):
        return f"arxiv:{attrs['arxiv']}"
    if type_ == "Paper":
        from kg.extract.citations import normalize_title

        return f"title:{normalize_title(label)}"
    if type_ == "Repository":
        return str(attrs.get("url") or label).lower()
    return label


def _cluster_key(nodes: list[tuple[str, str]], by_node: dict) -> str:
    mentions = [by_node[n] for n in sorted(nodes)]
    type_ = mentions[0].type
    label = _best_label(type_, mentions)
    return _canonical_key(type_, label, _merge_attrs(type_, mentions))


def _initials_only(name: str) -> bool:
    given = re.sub(r"[^A-Za-z ]", " ", _ascii(_given_names(name))).split()
    return all(len(part) == 1 for part in given)


def _cluster_iri(root, clusters, by_node, keys, papers_of, uf) -> str:
    """The IRI of one cluster, from its own key and evidence only.

    Two clusters whose keys give one IRI are one entity (same type, same
    slug). The exception is a person known only by initials ("W. Zhang"):
    such names are ambiguous across documents, so the IRI carries a short
    hash of what the person wrote (else of the document naming them), and a
    second "W. Zhang" elsewhere never renumbers the first.
    """
    nodes = clusters[root]
    type_ = by_node[nodes[0]].type
    key = keys[root]
    if type_ != "Person" or not _initials_only(key):
        return str(entity_iri(type_, key))
    papers = {keys[uf.find(p)] for n in nodes for p in papers_of.get(n, ())}
    anchor = min(papers) if papers else min(doc for doc, _ in nodes)
    return f"{entity_iri(type_, key)}-{short_hash(anchor)}"


def resolve(extractions: Iterable[Extraction]) -> ResolvedGraph:
    """Merge the mentions of all documents into entities and assertions."""
    extractions = sorted(extractions, key=lambda e: e.document)
    uf = _UnionFind()
    by_node, people = _join_by_keys(extractions, uf)
    papers_of: dict[tuple[str, str], set] = defaultdict(set)
    for ex in extractions:
        for rel in ex.relations:
            if rel.predicate == "authoredBy":
                papers_of[(ex.document, rel.object)].add(uf.find((ex.document, rel.subject)))
    _person_clusters(people, uf, papers_of)

    clusters: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for node in by_node:
        clusters[uf.find(node)].append(node)
    keys = {root: _cluster_key(clusters[root], by_node) for root in clusters}
    by_iri: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for root, nodes in clusters.items():
        by_iri[_cluster_iri(root, clusters, by_node, keys, papers_of, uf)].extend(nodes)

    entities, iri_of = _entities(by_iri, by_node)
    assertions = _assertions(extractions, iri_of)
    return ResolvedGraph(tuple(entities), tuple(assertions), tuple(ex.document for ex in extractions))


def _join_by_keys(extractions: list[Extraction], uf: _UnionFind):
    """Every mention as a node, joined with the others that share a global key;
    people are set aside (a name alone does not identify a person)."""
    by_node: dict[tuple[str, str], Mention] = {}
    key_owner: dict[tuple[str, str], tuple[str, str]] = {}
    people: list[tuple[str, Mention]] = []
    for ex in extractions:
        for m in ex.mentions:
            node = (ex.document, m.id)
            by_node[node] = m
            uf.find(node)
            if m.type == "Person":
                people.append((ex.document, m))
                continue
            keys = m.keys
            if m.type == "Paper" and m.attr("arxiv"):
                # a titled paper whose arXiv id was learnt later ("Paper: Title" then "arXiv: id"
                # lines) is the paper of that id, whatever keys its mention was first given
                keys = (*keys, f"arxiv:{m.attr('arxiv')}")
            for key in keys:
                if key.startswith(LOCAL_KEY_PREFIXES):
                    continue
                owner = key_owner.setdefault((m.type, key), node)
                uf.union(owner, node)
    return by_node, people


def _entities(by_iri: dict[str, list[tuple[str, str]]], by_node: dict[tuple[str, str], Mention]):
    """One Entity per IRI from its mentions, sorted by IRI, and the IRI of every node."""
    entities: list[Entity] = []
    iri_of: dict[tuple[str, str], str] = {}
    for iri, nodes in by_iri.items():
        nodes = sorted(nodes)
        mentions = [by_node[n] for n in nodes]
        type_ = mentions[0].type
        label = _best_label(type_, mentions)
        attrs = _merge_attrs(type_, mentions)
        aliases = sorted({a for m in mentions for a in (m.label, *m.aliases) if a and a != label})
        sources = tuple(sorted({doc for doc, _ in nodes}))
        entities.append(Entity(iri, type_, label, tuple(aliases), tuple(sorted(attrs.items())), sources))
        for n in nodes:
            iri_of[n] = iri
    entities.sort(key=lambda e: e.iri)
    return entities, iri_of


def _assertions(extractions: list[Extraction], iri_of: dict[tuple[str, str], str]) -> list[Assertion]:
    """Each relation between two different entities, once per (triple, evidence), in text order."""
    assertions: list[Assertion] = []
    seen = set()
    for ex in extractions:
        for rel in ex.relations:
            s = iri_of.get((ex.document, rel.subject))
            o = iri_of.get((ex.document, rel.object))
            if not s or not o or s == o:
                continue
            marker = (s, rel.predicate, o, rel.evidence)
            if marker in seen:
                continue
            seen.add(marker)
            assertions.append(Assertion(s, rel.predicate, o, rel.evidence))
    assertions.sort(key=lambda a: (a.evidence.source, a.evidence.start, a.subject, a.predicate, a.object))
    return assertions
