"""ExtractionBuilder: one mention per set of shared keys, relations between live mentions."""

from __future__ import annotations

from kg.extract.builder import ExtractionBuilder


def _builder() -> ExtractionBuilder:
    return ExtractionBuilder("notes.md", "abc123", meta=(("title", "Notes"),))


def _ev(b: ExtractionBuilder, start: int = 0, method: str = "structure:test", confidence: float = 0.9):
    return b.evidence(start, start + 5, "a  sentence\n here", method, confidence)


def test_evidence_names_the_document_and_squashes_the_sentence():
    b = _builder()
    ev = _ev(b, 3)
    assert (ev.source, ev.start, ev.end, ev.sentence) == ("notes.md", 3, 8, "a sentence here")


def test_mentions_sharing_a_key_merge_and_the_better_label_wins():
    b = _builder()
    first = b.mention("Paper", "2301.00001", ["arxiv:2301.00001"], _ev(b), label_rank=1)
    second = b.mention("Paper", "A Long Paper Title", ["arxiv:2301.00001", "title:a long paper title"],
                       _ev(b, 10), label_rank=2)
    assert first == second
    assert b.label_of(first) == "A Long Paper Title"
    assert "2301.00001" in b.aliases_of(first)
    assert b.lookup("title:a long paper title") == first
    ex = b.build()
    assert [m.label for m in ex.mentions] == ["A Long Paper Title"]
    assert set(ex.mentions[0].keys) == {"arxiv:2301.00001", "title:a long paper title"}


def test_a_shared_key_does_not_merge_mentions_of_different_types():
    b = _builder()
    paper = b.mention("Paper", "Imagen", ["label:imagen"], _ev(b))
    model = b.mention("Model", "Imagen", ["label:imagen"], _ev(b))
    assert paper != model
    assert {m.type for m in b.build().mentions} == {"Paper", "Model"}


def test_a_mention_joining_two_earlier_ones_merges_all_three():
    b = _builder()
    a = b.mention("Paper", "A", ["k:a"], _ev(b))
    c = b.mention("Paper", "C", ["k:c"], _ev(b))
    b.relate(a, "hasCode", b.mention("Repository", "x/y", ["repo:x/y"], _ev(b)), _ev(b, 1))
    joined = b.mention("Paper", "Joined Title", ["k:a", "k:c"], _ev(b), label_rank=5)
    assert joined == a
    assert b.lookup("k:c") == a  # the old id of C now leads to the merged mention
    assert b.label_of(c) == "Joined Title"
    assert b.ids_of_type("Paper") == [a]
    assert b.has_relation(c, "hasCode")


def test_joining_keeps_the_keys_aliases_and_attributes_of_the_absorbed_mention():
    b = _builder()
    a = b.mention("Paper", "A", ["k:a"], _ev(b))
    b.mention("Paper", "C", ["k:c", "k:c2"], _ev(b), aliases=("C-alias",), attrs={"year": 2020})
    b.mention("Paper", "", ["k:a", "k:c"], _ev(b))
    assert b.get_attr(a, "year") == 2020
    assert {"C", "C-alias"} <= set(b.aliases_of(a))
    assert b.lookup("k:c2") == a
    assert [m.keys for m in b.build().mentions] == [("k:a", "k:c", "k:c2")]


def test_attributes_keep_the_first_value_unless_overwritten():
    b = _builder()
    pid = b.mention("Paper", "T", ["k:t"], _ev(b), attrs={"year": 2020})
    b.set_attr(pid, "year", 2021)
    assert b.get_attr(pid, "year") == 2020
    b.set_attr(pid, "year", 2022, overwrite=True)
    assert b.get_attr(pid, "year") == 2022
    assert dict(b.build().mentions[0].attrs) == {"year": 2022}


def test_labels_of_type_are_casefolded_and_include_aliases():
    b = _builder()
    b.mention("Model", "DALL·E 2", ["k:d"], _ev(b), aliases=("DALLE2",))
    assert b.labels_of_type("Model") == {"dall·e 2", "dalle2"}
    assert b.labels_of_type("Paper") == set()


def test_relations_are_looked_up_both_ways_and_by_method():
    b = _builder()
    paper = b.mention("Paper", "P", ["k:p"], _ev(b))
    org = b.mention("Organization", "Acme Labs", ["k:acme"], _ev(b))
    b.relate(paper, "fromOrganization", org, _ev(b, 4, method="dep:organization"))
    assert b.objects_of(paper, "fromOrganization") == [org]
    assert b.subjects_of(org, "fromOrganization") == [paper]
    assert b.has_relation(paper, "fromOrganization", org, method="dep")
    assert not b.has_relation(paper, "fromOrganization", org, method="structure")
    assert not b.has_relation(paper, "authoredBy")


def test_a_mention_is_not_related_to_itself():
    b = _builder()
    a = b.mention("Paper", "A", ["k:a"], _ev(b))
    b.relate(a, "buildsOn", a, _ev(b))
    assert b.build().relations == ()


def test_build_drops_implied_relations():
    b = _builder()
    paper = b.mention("Paper", "P", ["k:p"], _ev(b))
    tech = b.mention("Technique", "token merging", ["k:tm"], _ev(b))
    repo = b.mention("Repository", "a/b", ["k:ab"], _ev(b))
    b.relate(paper, "introduces", tech, _ev(b, 1))
    b.relate(paper, "usesTechnique", tech, _ev(b, 2))  # a paper does not use what it introduces
    b.relate(paper, "hasCode", repo, _ev(b, 3))
    b.relate(paper, "mentions", repo, _ev(b, 4))  # implied by hasCode
    ex = b.build()
    assert [(r.subject, r.predicate, r.object) for r in ex.relations] == [
        (paper, "introduces", tech), (paper, "hasCode", repo)]
    assert (ex.document, ex.sha256, ex.meta) == ("notes.md", "abc123", (("title", "Notes"),))


def test_relations_come_out_in_document_order():
    b = _builder()
    paper = b.mention("Paper", "P", ["k:p"], _ev(b))
    x = b.mention("Dataset", "X", ["k:x"], _ev(b))
    y = b.mention("Dataset", "Y", ["k:y"], _ev(b))
    b.relate(paper, "evaluatedOn", y, _ev(b, 50))
    b.relate(paper, "evaluatedOn", x, _ev(b, 10))
    assert [r.object for r in b.build().relations] == [x, y]
