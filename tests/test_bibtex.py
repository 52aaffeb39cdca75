"""BibTeX entries in a document (kg.extract.structure.bibtex): parsing, and the papers they give."""

from __future__ import annotations

import pytest

from kg.extract.structure.bibtex import bibtex_authors, bibtex_entries, clean_value

BIB = r"""A few entries we cite:

```bibtex
% someone's port, not the authors': https://github.com/someone/port
@inproceedings{novak2023anchors,
  title     = {Sparse {Anchors} for Large Scenes},
  author    = {Novak, Ada and Ferreira, Luis C. and Osei, Dara
               and others},
  booktitle = {Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)},
  year      = 2023,
  eprint    = {2402.07777},
  code      = {https://github.com/orvane/sparse-anchors},
  note      = {Orvane Research. Trained on ImageNet with a hash grid encoder.}
}

@article{mueller2022,
  title  = "Fast Grids for {\"U}ber-Large Scenes",
  author = {M{\"u}ller, Karl and van Dijk, Jr., Pieter and {Orvane Research Team}},
  journal = {arXiv preprint arXiv:2401.01234},
  year   = {2022}
}

@online{blog2024,
  title = {Why Anchors Work},
  author = {Osei, Dara},
  url   = {https://example.org/blog/anchors}
}

@misc{talk2023,
  title = {Anchors, a Talk},
  author = {Novak, Ada},
  howpublished = {YouTube}
}
```
"""


def test_entries_are_parsed_with_nested_braces_quotes_and_bare_values():
    entries = bibtex_entries(BIB)
    assert [(e.kind, e.key) for e in entries] == [("inproceedings", "novak2023anchors"), ("article", "mueller2022"),
                                                  ("online", "blog2024"), ("misc", "talk2023")]
    first = entries[0]
    assert clean_value(first.get("title").value) == "Sparse Anchors for Large Scenes"
    assert first.get("year").value == "2023"
    assert BIB[first.start] == "@" and BIB[first.end - 1] == "}"
    note = first.get("note")
    assert BIB[note.start : note.end].startswith("Orvane Research.")
    assert clean_value(entries[1].get("title").value) == "Fast Grids for Über-Large Scenes"


def test_an_unclosed_entry_is_not_an_entry():
    assert bibtex_entries("@article{x, title = {Never closed, author = {A, B}\n") == []


@pytest.mark.parametrize("value, names, more", [
    ("Novak, Ada and Ferreira, Luis C. and others", ("Ada Novak", "Luis C. Ferreira"), True),
    ("M{\\\"u}ller, Karl and van Dijk, Jr., Pieter", ("Karl Müller", "Pieter van Dijk Jr."), False),
    ("Ada Novak and Dara Osei", ("Ada Novak", "Dara Osei"), False),
    ("{Orvane Research Team}", (), False),  # a body, not a person
])
def test_author_fields_give_people_first_name_first(value, names, more):
    assert bibtex_authors(value) == (names, more)


def test_entries_give_papers_with_their_fields_and_notes_as_prose():
    from kg.extract import extract
    from kg.ingest import parse_document

    doc = parse_document("refs.md", BIB.encode("utf-8"))
    ex = extract(doc)
    labels = {m.id: m.label for m in ex.mentions}
    facts = {(labels[r.subject], r.predicate, labels[r.object]) for r in ex.relations}
    paper = "Sparse Anchors for Large Scenes"
    papers = {m.label for m in ex.mentions if m.type == "Paper"}
    assert papers == {paper, "Fast Grids for Über-Large Scenes"}  # no blog post, no talk
    assert {(paper, "authoredBy", "Ada Novak"), (paper, "authoredBy", "Dara Osei"),
            (paper, "hasCode", "orvane/sparse-anchors"), (paper, "evaluatedOn", "ImageNet")} <= facts, facts
    assert (paper, "fromOrganization", "Orvane Research") in facts, facts
    assert ("Fast Grids for Über-Large Scenes", "authoredBy", "Karl Müller") in facts
    # the port in the comment above the entry is not the paper's code
    assert not {o for s, p, o in facts if p == "hasCode" and "someone" in o}


def test_an_entry_titled_name_colon_what_it_does_introduces_the_name():
    from kg.extract import extract
    from kg.ingest import parse_document

    bib = ("```bibtex\n@inproceedings{straub2021,\n  title = {GridFlow: Flowing Grids for Fast Scenes},\n"
           "  author = {Straub, Karl and Lind, Mia},\n  year = {2021},\n  eprint = {2402.08888}\n}\n```\n")
    ex = extract(parse_document("refs.md", bib.encode("utf-8")))
    labels = {m.id: m.label for m in ex.mentions}
    assert ("GridFlow: Flowing Grids for Fast Scenes", "introduces", "GridFlow") in {
        (labels[r.subject], r.predicate, labels[r.object]) for r in ex.relations}
