"""kg.extract.derived: buildsOn read from how a system's name is built.

Names are invented here (Quux, QuuxNet ...) so that the rule is seen to read
the form of a name, not a list of known systems."""

from __future__ import annotations

from kg.extract.builder import ExtractionBuilder
from kg.extract.derived import base_of, derived_builds_on


def _ev(b: ExtractionBuilder, start: int = 0):
    return b.evidence(start, start + 10, "a sentence", "structure:test", 0.9)


def _builds_on(b: ExtractionBuilder) -> set[tuple[str, str]]:
    ex = b.build()
    label = {m.id: m.label for m in ex.mentions}
    return {(label[r.subject], label[r.object]) for r in ex.relations if r.predicate == "buildsOn"}


def test_prefix_suffix_and_version_forms():
    known = {n: n for n in ("QuuxField", "Zorb", "Zorb5", "Blip")}
    models = frozenset({"Zorb", "Zorb5", "Blip"})
    assert base_of("FastQuuxField", known, models) == "QuuxField"  # a capitalised prefix word
    assert base_of("QuuxField-W", known, models) == "QuuxField"   # a short suffix
    assert base_of("Zorb7", known, models) == "Zorb5"             # the nearest earlier version
    assert base_of("Zorb5", known, models) == "Zorb"               # a version of an unnumbered name
    assert base_of("Blip-2", known, models) == "Blip"
    assert base_of("Blipster", known, models) is None             # a longer word is not a derived name
    assert base_of("QuuxFieldology Research", known, models) is None


def test_a_plain_word_is_no_base_unless_the_document_names_it_as_a_system():
    known = {"Wave": "Wave"}
    assert base_of("Wave2", known) is None                        # "Wave" is a word, not a coined name
    assert base_of("WaveNet", known) is None
    assert base_of("Wave-2", known, frozenset({"Wave"})) == "Wave"  # a model of the document is


def test_models_named_after_a_system_of_the_document_build_on_it():
    b = ExtractionBuilder("notes.md", "abc")
    b.mention("Technique", "QuuxField", ["label:quuxfield"], _ev(b))
    b.mention("Model", "KiloQuuxField", ["label:kiloquuxfield"], _ev(b, 20))
    b.mention("Model", "Zorb", ["label:zorb"], _ev(b, 40))
    b.mention("Model", "Zorb2", ["label:zorb2"], _ev(b, 60))
    b.mention("Model", "Unrelated", ["label:unrelated"], _ev(b, 80))
    derived_builds_on(b)
    assert _builds_on(b) == {("KiloQuuxField", "QuuxField"), ("Zorb2", "Zorb")}


def test_a_paper_titled_after_a_derived_name_builds_on_the_base():
    b = ExtractionBuilder("notes.md", "abc")
    b.mention("Model", "Zorb", ["label:zorb"], _ev(b))
    b.mention("Paper", "Zorb-XL: Larger Zorbs for Everyone", ["title:zorb-xl"], _ev(b, 30))
    b.mention("Paper", "Zorb: The Original", ["title:zorb"], _ev(b, 60))  # the system's own paper
    derived_builds_on(b)
    assert _builds_on(b) == {("Zorb-XL: Larger Zorbs for Everyone", "Zorb")}


def test_no_relation_without_a_base_in_the_document():
    b = ExtractionBuilder("notes.md", "abc")
    b.mention("Model", "KiloQuuxField", ["label:kiloquuxfield"], _ev(b))
    derived_builds_on(b)
    assert _builds_on(b) == set()
