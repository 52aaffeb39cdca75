"""The synthetic document generator of bench/ (fast: no spaCy, no kg build)."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "synthetic.py"


@pytest.fixture(scope="module")
def synthetic():
    spec = importlib.util.spec_from_file_location("bench_synthetic", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


ARXIV_LINK = re.compile(r"https://arxiv\.org/abs/(\d{4}\.\d{5})\)")
ARXIV_ID = re.compile(r"\b(\d{4}\.\d{5})\b")
GITHUB = re.compile(r"https://github\.com/([\w.-]+/[\w.+-]+)\)")
CITED = re.compile(r"([A-Z][a-z]+), [A-Z]\.(?:[A-Z]\.)?")


def _read(paths):
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def test_same_seed_same_documents(synthetic, tmp_path):
    a = _read(synthetic.generate(tmp_path / "a", 8, seed=3))
    b = _read(synthetic.generate(tmp_path / "b", 8, seed=3))
    assert a == b
    c = _read(synthetic.generate(tmp_path / "c", 8, seed=4))
    assert set(c) == set(a)
    assert all(c[name] != a[name] for name in a)


def test_a_document_does_not_depend_on_the_others(synthetic, tmp_path):
    alone = synthetic.generate(tmp_path / "a", 1, seed=5, start=6)
    among = synthetic.generate(tmp_path / "b", 8, seed=5)
    assert alone[0].read_text(encoding="utf-8") == among[6].read_text(encoding="utf-8")


def test_four_kinds(synthetic, tmp_path):
    docs = _read(synthetic.generate(tmp_path, 4, seed=1))
    kinds = {name.split("_")[2].split(".")[0]: text for name, text in docs.items()}
    assert set(kinds) == {"list", "lecture", "roundup", "social"}

    lst = kinds["list"]
    assert re.search(r"^## .+ \[1\]", lst, re.MULTILINE)
    assert re.search(r"^\* Paper: \[[^\]]+\]\(https://arxiv\.org/abs/\d{4}\.\d{5}\)$", lst, re.MULTILINE)
    assert re.search(r"^\* \[Code\]\(https://github\.com/[\w.-]+/[\w.+-]+\)$", lst, re.MULTILINE)
    assert "## Paper references" in lst
    assert re.search(r"^\[1\] [A-Z]\w+, [A-Z]\.(?:[A-Z]\.)?(?:, .+)? and [A-Z]\w+, [A-Z]\.(?:[A-Z]\.)?, "
                     r"20\d\d\. .+\. arXiv preprint arXiv:\d{4}\.\d{5}\.$", lst, re.MULTILINE)

    lec = kinds["lecture"]
    assert lec.startswith("---\nlayout: post\ntitle: ")
    assert re.search(r"^### \[[^\]]+\]\(https://[^)]+\)$", lec, re.MULTILINE)
    assert re.search(r"^\*\*Paper:\*\* \[[^\]]+\]\(https://arxiv\.org/abs/\d{4}\.\d{5}\)<br>$", lec, re.MULTILINE)
    assert re.search(r"^\*\*Code:\*\* \[[^\]]+\]\(https://github\.com/[^)]+\)<br>$", lec, re.MULTILINE)

    rnd = kinds["roundup"]
    assert re.search(r"^1\. \[[^\]]+\]\(#\), by [A-Z][^,\n]+(?:, [^,\n]+)*,? and [A-Z].+$", rnd, re.MULTILINE)
    assert "Our Summary" in rnd and "Original Abstract" in rnd
    assert re.search(r"researchers (?:from|at) ", rnd)

    soc = kinds["social"]
    assert re.search(r"^#solidstatelife #ai", soc, re.MULTILINE)
    assert re.search(r"^[A-Z][\w+-]*: \S.+$", soc, re.MULTILINE)  # "Name: subtitle"
    assert re.search(r"^\S+@\S+$", soc, re.MULTILINE)  # the poster's handle


def test_prose_sections_are_long_enough(synthetic, tmp_path):
    text = synthetic.generate(tmp_path, 1, seed=2)[0].read_text(encoding="utf-8")
    sections = re.split(r"^## .+ \[\d+\].*$", text, flags=re.MULTILINE)[1:]
    assert sections
    for section in sections:
        prose = section.split("\n* ")[0]
        words = len(prose.split())
        assert 140 <= words <= 480, words
        assert prose.count(". ") >= 5  # sentences, not word salad


def test_entities_are_distinct_across_documents(synthetic, tmp_path):
    docs = _read(synthetic.generate(tmp_path, 12, seed=9))
    owners: dict[str, dict[str, str]] = {"arxiv": {}, "repo": {}, "surname": {}, "lab": {}, "system": {}}

    def claim(kind, value, doc):
        other = owners[kind].setdefault(value, doc)
        assert other == doc, f"{kind} {value!r} in both {other} and {doc}"

    for name, text in docs.items():
        for arxiv in set(ARXIV_ID.findall(text)):
            claim("arxiv", arxiv, name)
        for repo in set(GITHUB.findall(text)):
            claim("repo", repo.lower(), name)
        for system in set(re.findall(r"^### \[([^\]]+)\]|^\d+\. \[([^\]:]+):|^## ([^:\n]+): .+\[\d+\]", text, re.MULTILINE)):
            for s in system:
                if s:
                    claim("system", s, name)
        for lab in set(re.findall(r"University of [A-Z][a-z]+|[A-Z][a-z]+ (?:Institute of Technology|AI Research"
                                  r"|Labs|Research Center|University|Robotics Lab|Institute for Machine Learning)",
                                  text)):
            claim("lab", lab, name)
        surnames = set(CITED.findall(text))
        for byline in re.findall(r"^\d+\. \[.+\]\(#\), by (.+)$", text, re.MULTILINE):
            surnames.update(n.split()[-1] for n in re.split(r",? and |, ", byline))
        for surname in surnames:
            claim("surname", surname, name)
    assert len(owners["arxiv"]) >= 12 * 3
    assert len(owners["surname"]) >= 12 * 10
    assert len(owners["lab"]) >= 12 * 3
    assert len(owners["system"]) >= 12 * 4


def test_name_spaces_are_unambiguous(synthetic):
    # syllable concatenations must not collide, or two numbers would share a name
    for parts in ((synthetic._SUR_A, synthetic._SUR_B, synthetic._SUR_C),
                  (synthetic._PLACE_A, synthetic._PLACE_B, synthetic._PLACE_C),
                  (synthetic._SYS_A, synthetic._SYS_B, synthetic._SYS_C)):
        names = ["".join(t) for t in itertools.product(*parts)]
        assert len(set(names)) == len(names)
    namer = synthetic.Namer(0)
    n = 3000
    assert len({namer.person(i)[1] for i in range(n)}) == n
    assert len({namer.arxiv(i) for i in range(n)}) == n
    assert len({namer.lab(i) for i in range(n)}) == n
    assert synthetic.max_documents() >= 1000


def test_generate_words_reaches_the_target(synthetic, tmp_path):
    paths = synthetic.generate_words(tmp_path, 10_000, seed=0)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    assert words >= 10_000
    assert words - len(paths[-1].read_text(encoding="utf-8").split()) < 10_000
