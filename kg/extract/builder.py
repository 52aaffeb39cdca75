"""Accumulates mentions and relations for one document, merging by key.

The extraction passes find the same paper several times (a heading, a
"Paper:" line, a reference entry); the builder keeps one mention per set of
shared keys so each pass can simply report what it saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.confidence import calibrated
from kg.model import Evidence, Extraction, Mention, Relation


@dataclass
class _Record:
    id: str
    type: str
    label: str
    keys: list[str]
    evidence: Evidence
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)
    label_rank: int = 0


_STRONGER_THAN_MENTIONS = ("introduces", "buildsOn", "usesTechnique", "evaluatedOn", "addressesTask",
                           "fromOrganization", "authoredBy", "hasCode")


class ExtractionBuilder:
    def __init__(self, document: str, sha256: str, meta=()):
        self.document = document
        self.sha256 = sha256
        self.meta = tuple(meta)
        self._records: dict[str, _Record] = {}
        self._by_key: dict[str, str] = {}
        self._relations: dict[tuple[str, str, str, int], Relation] = {}
        # indexes that keep look-ups from scanning everything (no step quadratic in a document)
        self._members: dict[str, set[str]] = {}  # record id -> ids merged into it
        self._labels: dict[str, set[str]] = {}  # type -> casefolded labels and aliases
        self._by_subject: dict[tuple[str, str], list[Relation]] = {}  # (subject id, predicate)
        self._by_object: dict[tuple[str, str], list[Relation]] = {}  # (object id, predicate)

    def evidence(self, start: int, end: int, sentence: str, method: str, confidence: float) -> Evidence:
        return Evidence(self.document, start, end, " ".join(sentence.split()), method, confidence)

    def mention(
        self,
        type: str,
        label: str,
        keys: list[str] | tuple[str, ...],
        evidence: Evidence,
        aliases=(),
        attrs: dict[str, object] | None = None,
        label_rank: int = 0,
    ) -> str:
        """Add or merge a mention; returns its id.

        label_rank says how good the label is (a full title beats an arXiv id);
        the best-ranked label wins on merge.
        """
        keys = [k for k in keys if k]
        found = {self._by_key[k] for k in keys if k in self._by_key}
        found = {self._find(i) for i in found if self._records[self._find(i)].type == type}
        if not found:
            rid = f"m{len(self._records)}"
            record = _Record(rid, type, label, list(keys), evidence, list(aliases), {}, label_rank)
            self._records[rid] = record
            self._members[rid] = {rid}
        else:
            rid = min(found, key=lambda i: int(i[1:]))
            record = self._records[rid]
            for other in found - {rid}:  # this mention joins two earlier ones
                self._absorb(record, self._records[other])
                self._records[other] = _Alias(rid)  # type: ignore[assignment]
                self._members[rid] |= self._members.pop(other, {other})
            if label_rank > record.label_rank and label:
                if record.label and record.label != label:
                    record.aliases.append(record.label)
                record.label, record.label_rank = label, label_rank
            elif label and label != record.label:
                record.aliases.append(label)
            for k in keys:
                if k not in record.keys:
                    record.keys.append(k)
            record.aliases.extend(a for a in aliases if a not in record.aliases)
        for key, value in (attrs or {}).items():
            if value is not None and record.attrs.get(key) is None:
                record.attrs[key] = value
        for k in record.keys:
            self._by_key[k] = rid
        labels = self._labels.setdefault(record.type, set())
        labels.add(record.label.casefold())
        labels.update(a.casefold() for a in record.aliases)
        return rid

    def set_attr(self, mention_id: str, name: str, value: object, overwrite: bool = False) -> None:
        record = self._records[self._find(mention_id)]
        if value is not None and (overwrite or record.attrs.get(name) is None):
            record.attrs[name] = value

    def get_attr(self, mention_id: str, name: str) -> object:
        return self._records[self._find(mention_id)].attrs.get(name)

    def evidence_of(self, mention_id: str) -> Evidence:
        return self._records[self._find(mention_id)].evidence

    def type_of(self, mention_id: str) -> str:
        return self._records[self._find(mention_id)].type

    def label_of(self, mention_id: str) -> str:
        return self._records[self._find(mention_id)].label

    def labels_of_type(self, type: str) -> set[str]:
        """Casefolded labels and aliases of the mentions of one type so far."""
        return self._labels.get(type, set())

    def ids_of_type(self, type: str) -> list[str]:
        """The live mention ids of one type, in the order found."""
        return [rid for rid, r in self._records.items()
                if not isinstance(r, _Alias) and r.type == type]

    def aliases_of(self, mention_id: str) -> tuple[str, ...]:
        return tuple(self._records[self._find(mention_id)].aliases)

    def lookup(self, key: str) -> str | None:
        rid = self._by_key.get(key)
        return self._find(rid) if rid else None

    def relate(self, subject: str, predicate: str, obj: str, evidence: Evidence) -> None:
        evidence = calibrated(predicate, evidence)
        subject, obj = self._find(subject), self._find(obj)
        if subject == obj:
            return
        key = (subject, predicate, obj, evidence.start)
        old = self._relations.get(key)
        if old is None or old.evidence.confidence < evidence.confidence:
            relation = Relation(subject, predicate, obj, evidence)
            self._relations[key] = relation
            self._by_subject.setdefault((subject, predicate), []).append(relation)
            self._by_object.setdefault((obj, predicate), []).append(relation)

    def has_relation(self, subject: str, predicate: str, obj: str | None = None, method: str = "") -> bool:
        """Is there such a relation (found by a method starting with `method`)?"""
        subject = self._find(subject)
        obj = self._find(obj) if obj else None
        for sid in self._members.get(subject, {subject}):
            for r in self._by_subject.get((sid, predicate), ()):
                if (obj is None or self._find(r.object) == obj) and r.evidence.method.startswith(method):
                    return True
        return False

    def objects_of(self, subject: str, predicate: str) -> list[str]:
        """Mentions that `subject` has `predicate` to, in the order found."""
        return self._linked(subject, predicate, self._by_subject, lambda r: r.object)

    def subjects_of(self, obj: str, predicate: str) -> list[str]:
        """Mentions that have `predicate` to `obj`, in the order found."""
        return self._linked(obj, predicate, self._by_object, lambda r: r.subject)

    def _linked(self, mention_id: str, predicate: str, index, other_end) -> list[str]:
        """The mentions at the other end of `predicate` relations of a mention (and
        of every mention merged into it), looked up in `index`, in the order found."""
        mention_id = self._find(mention_id)
        found = []
        for mid in sorted(self._members.get(mention_id, {mention_id}), key=lambda i: int(i[1:])):
            for r in index.get((mid, predicate), ()):
                if self._find(other_end(r)) not in found:
                    found.append(self._find(other_end(r)))
        return found

    def build(self) -> Extraction:
        mentions = []
        for record in self._records.values():
            if isinstance(record, _Alias):
                continue
            aliases = tuple(dict.fromkeys(a for a in record.aliases if a and a != record.label))
            mentions.append(
                Mention(
                    id=record.id,
                    type=record.type,
                    label=record.label,
                    keys=tuple(record.keys),
                    evidence=record.evidence,
                    aliases=aliases,
                    attrs=tuple(sorted(record.attrs.items())),
                )
            )
        relations = []
        found = {(self._find(r.subject), r.predicate, self._find(r.object)) for r in self._relations.values()}
        for rel in self._relations.values():
            s, o = self._find(rel.subject), self._find(rel.object)
            if s == o:
                continue
            # a paper does not use what it introduces, and a mention is implied by any other link
            if rel.predicate == "usesTechnique" and (s, "introduces", o) in found:
                continue
            if rel.predicate == "mentions" and any((s, p, o) in found for p in _STRONGER_THAN_MENTIONS):
                continue
            relations.append(Relation(s, rel.predicate, o, rel.evidence))
        relations.sort(key=lambda r: (r.evidence.start, r.subject, r.predicate, r.object))
        return Extraction(self.document, self.sha256, tuple(mentions), tuple(relations), self.meta)

    # merged records leave an alias behind so old ids keep working
    def _find(self, rid: str) -> str:
        record = self._records[rid]
        while isinstance(record, _Alias):
            rid = record.target
            record = self._records[rid]
        return rid

    def _absorb(self, into: _Record, other: _Record) -> None:
        for k in other.keys:
            if k not in into.keys:
                into.keys.append(k)
        if other.label_rank > into.label_rank:
            into.aliases.append(into.label)
            into.label, into.label_rank = other.label, other.label_rank
        else:
            into.aliases.append(other.label)
        into.aliases.extend(other.aliases)
        for key, value in other.attrs.items():
            if into.attrs.get(key) is None:
                into.attrs[key] = value


@dataclass
class _Alias:
    target: str
