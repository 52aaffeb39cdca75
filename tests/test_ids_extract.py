"""Tests for kg.extract.ids: arXiv ids, DOIs, years, repositories, URL kinds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.ids import (
    URL_KINDS,
    arxiv_ids,
    arxiv_url,
    arxiv_year,
    bare_arxiv_ids,
    doi,
    github_repo,
    is_arxiv_id,
    is_project_page,
    normalize_arxiv,
    repo_key,
    url_kind,
    years,
)

# --- arXiv ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("see https://arxiv.org/abs/2301.04567 for details", "2301.04567"),
        ("https://arxiv.org/abs/2301.04567v3", "2301.04567"),
        ("http://arxiv.org/pdf/2301.04567v2.pdf", "2301.04567"),
        ("arxiv.org/pdf/2301.04567.pdf", "2301.04567"),
        ("https://arxiv.org/html/2402.00011v1", "2402.00011"),
        ("https://www.arxiv.org/abs/1812.09876", "1812.09876"),
        ("http://export.arxiv.org/abs/1905.11111", "1905.11111"),
        ("cited as arXiv:2104.08888.", "2104.08888"),
        ("arXiv preprint arXiv:2104.08888v4.", "2104.08888"),
        ("ARXIV: 2104.08888", "2104.08888"),
        ("on arXiv 2104.08888 last week", "2104.08888"),
        ("https://doi.org/10.48550/arXiv.2210.01234", "2210.01234"),
        ("CoRR, abs/1409.1234", "1409.1234"),
        ("https://huggingface.co/papers/2311.05555", "2311.05555"),
        ("https://ar5iv.org/abs/1707.06347", "1707.06347"),
        ("arXiv:hep-th/9711200", "hep-th/9711200"),
        ("https://arxiv.org/abs/cs.LG/0201009", "cs/0201009"),
        ("arXiv:math.GT/0309136v2", "math/0309136"),
        ("https://arxiv.org/abs/0801.2345", "0801.2345"),
    ],
)
def test_arxiv_ids_in_context(text, expected):
    found = arxiv_ids(text)
    assert [f[0] for f in found] == [expected]
    _ident, start, end = found[0]
    assert expected.split("/")[-1] in text[start:end]


@pytest.mark.parametrize(
    "text",
    [
        "released as version 2022.10 of the tool",
        "doi:10.5281/zenodo.7654321",
        "it scored 1812.09876 points",  # a decimal without arXiv context
        "arXiv:2213.01234",  # month 13
        "arXiv:1501.0123",  # 2015 on has five-digit serials
        "arXiv:1312.12345",  # before 2015 serials had four digits
        "arxiv.org/list/cs.CV/recent",
        "",
    ],
)
def test_arxiv_ids_reject_noise(text):
    assert arxiv_ids(text) == []


def test_arxiv_ids_lists_every_occurrence_with_spans():
    text = "A (arXiv:2001.00001) and B https://arxiv.org/abs/2001.00002, A again arXiv:2001.00001v2"
    found = arxiv_ids(text)
    assert [f[0] for f in found] == ["2001.00001", "2001.00002", "2001.00001"]
    assert text[found[0][1] : found[0][2]] == "arXiv:2001.00001"
    assert text[found[1][1] : found[1][2]] == "https://arxiv.org/abs/2001.00002"


def test_bare_arxiv_ids():
    text = "ids 2106.09685 and 1706.03762v5, not 2022.10 nor 10.1000/2106.09685x or 12106.09685"
    assert [f[0] for f in bare_arxiv_ids(text)] == ["2106.09685", "1706.03762"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2106.09685", "2106.09685"),
        ("2106.09685v2", "2106.09685"),
        (" arXiv:2106.09685 ", "2106.09685"),
        ("https://arxiv.org/pdf/2106.09685v1.pdf", "2106.09685"),
        ("abs/2106.09685", "2106.09685"),
        ("hep-th/9711200v3", "hep-th/9711200"),
        ("cs.CV/0102030", "cs/0102030"),
        ("10.48550/arXiv.2106.09685", "2106.09685"),
        ("2022.10", None),
        ("hello", None),
        ("", None),
        ("https://example.com/2106.09685", None),
    ],
)
def test_normalize_arxiv(value, expected):
    assert normalize_arxiv(value) == expected


@pytest.mark.parametrize(
    "value, year",
    [
        ("2112.10752", 2021),
        ("0704.0001", 2007),
        ("1501.00001", 2015),
        ("hep-th/9901001", 1999),
        ("cs/0102030", 2001),
        ("arXiv:2301.00001v2", 2023),
        ("not an id", None),
    ],
)
def test_arxiv_year(value, year):
    assert arxiv_year(value) == year


def test_arxiv_url_and_is_arxiv_id():
    assert arxiv_url("arXiv:2106.09685v2") == "https://arxiv.org/abs/2106.09685"
    assert arxiv_url("nope") is None
    assert is_arxiv_id("2106.09685v2")
    assert is_arxiv_id("hep-th/9711200")
    assert not is_arxiv_id("2106.9685")
    assert not is_arxiv_id("arXiv")


# --- DOIs and years --------------------------------------------------------------


def test_doi_forms():
    text = (
        "doi:10.5281/zenodo.1234567. Also https://doi.org/10.1145/3528223.3530127, "
        "(10.1016/S0140-6736(20)30183-5) and DOI 10.1109/ICCV.2019.00123; "
        "again 10.1109/iccv.2019.00123"
    )
    assert doi(text) == [
        "10.5281/zenodo.1234567",
        "10.1145/3528223.3530127",
        "10.1016/S0140-6736(20)30183-5",
        "10.1109/ICCV.2019.00123",
    ]
    assert doi("no identifiers, only 10.5 and 2022.10") == []


def test_years():
    text = "In 2019, after 1986 and during 2020-2021; v2022.10 costs $2000, 2112.10752, CVPR2018, 1949, 2031"
    assert [y for y, _, _ in years(text)] == [2019, 1986, 2020, 2021, 2018]
    y, s, e = years("since 1997.")[0]
    assert (y, "since 1997."[s:e]) == (1997, "1997")
    assert years("") == []


# --- repositories -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://github.com/SomeLab/fast-thing", "https://github.com/SomeLab/fast-thing"),
        ("https://github.com/SomeLab/fast-thing/", "https://github.com/SomeLab/fast-thing"),
        ("http://www.github.com/SomeLab/fast-thing.git", "https://github.com/SomeLab/fast-thing"),
        ("github.com/SomeLab/fast-thing", "https://github.com/SomeLab/fast-thing"),
        (
            "https://github.com/SomeLab/fast-thing/blob/main/docs/usage.md#install",
            "https://github.com/SomeLab/fast-thing",
        ),
        ("https://github.com/SomeLab/fast-thing/tree/v2/src", "https://github.com/SomeLab/fast-thing"),
        ("https://github.com/a-user/repo.name_2?tab=readme", "https://github.com/a-user/repo.name_2"),
        ("git@github.com:SomeLab/fast-thing.git", "https://github.com/SomeLab/fast-thing"),
        ("https://github.com/SomeLab/fast-thing).", "https://github.com/SomeLab/fast-thing"),
        ("https://gitlab.com/team/sub/proj/-/blob/main/x.py", "https://gitlab.com/team/sub/proj"),
        ("https://bitbucket.org/owner/tool", "https://bitbucket.org/owner/tool"),
        ("https://github.com/sponsors/someone", None),
        ("https://github.com/orgs/SomeLab/repositories", None),
        ("https://github.com/someone", None),
        ("https://github.com/topics/diffusion", None),
        ("https://github.com/features/copilot", None),
        ("https://gist.github.com/someone/abc123", None),
        ("https://somelab.github.io/fast-thing/", None),
        ("https://raw.githubusercontent.com/SomeLab/fast-thing/main/teaser.png", None),
        ("https://colab.research.google.com/github/SomeLab/fast-thing/blob/main/demo.ipynb", None),
        ("https://huggingface.co/spaces/someone/demo", None),
        ("https://huggingface.co/someone/model-7b", None),
        ("not a url", None),
        ("", None),
    ],
)
def test_github_repo(url, expected):
    assert github_repo(url) == expected


def test_repo_key_is_case_insensitive():
    assert repo_key("https://github.com/SomeLab/Fast-Thing") == repo_key("github.com/somelab/fast-thing.git")
    assert repo_key("https://github.com/SomeLab") is None


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://somelab.github.io/fast-thing/", True),
        ("https://thing-project.github.io", True),
        ("https://makeaclip.studio/", True),
        ("https://sites.google.com/view/fast-thing", True),
        ("https://model-name.research.google", True),
        ("https://someone.github.io/posts/2021-05-01-notes/", False),
        ("https://github.com/SomeLab/fast-thing", False),
        ("https://example.com/", False),
    ],
)
def test_is_project_page(url, expected):
    assert is_project_page(url) is expected


# --- URL kinds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://arxiv.org/abs/2106.09685", "arxiv"),
        ("https://arxiv.org/pdf/2106.09685v1.pdf", "arxiv"),
        ("https://github.com/SomeLab/fast-thing", "code"),
        ("https://gitlab.com/team/proj", "code"),
        ("https://somelab.github.io/fast-thing/", "project"),
        ("https://makeaclip.studio/", "project"),
        ("https://youtu.be/abcDEF123", "video"),
        ("https://www.youtube.com/watch?v=abcDEF123", "video"),
        ("https://vimeo.com/123", "video"),
        ("https://twitter.com/someone/status/1", "social"),
        ("https://x.com/someone", "social"),
        ("https://www.linkedin.com/in/someone", "social"),
        ("https://discord.gg/invite", "social"),
        ("https://www.patreon.com/someone", "social"),
        ("https://open.spotify.com/show/xyz", "social"),
        ("https://www.instagram.com/someone", "social"),
        ("https://www.facebook.com/someone", "social"),
        ("https://diasp.org/posts/123", "social"),
        ("https://colab.research.google.com/drive/abc", "demo"),
        ("https://huggingface.co/spaces/someone/demo", "demo"),
        ("https://replicate.com/someone/model", "demo"),
        ("https://huggingface.co/datasets/someone/corpus", "dataset"),
        ("https://www.kaggle.com/datasets/someone/images", "dataset"),
        ("https://medium.com/@someone/a-post-123", "blog"),
        ("https://towardsdatascience.com/a-post-123", "blog"),
        ("https://someone.substack.com/p/a-post", "blog"),
        ("https://openai.com/blog/some-model/", "blog"),
        ("https://www.example.ai/blog/some-post", "blog"),
        ("https://cdn.example.com/papers/some-model.pdf", "pdf"),
        ("https://openreview.net/forum?id=abc", "paper"),
        ("https://openreview.net/pdf?id=abc", "paper"),
        ("https://proceedings.neurips.cc/paper/2021/hash/abc-Abstract.html", "paper"),
        ("https://proceedings.mlr.press/v139/someone21a.html", "paper"),
        ("https://aclanthology.org/2021.acl-long.1/", "paper"),
        ("https://openaccess.thecvf.com/content/CVPR2021/papers/X_CVPR_2021_paper.pdf", "paper"),
        ("https://dl.acm.org/doi/10.1145/1234", "paper"),
        ("https://ieeexplore.ieee.org/document/1234", "paper"),
        ("https://papers.nips.cc/paper/2017/hash/abc", "paper"),
        ("https://github.com/SomeLab/fast-thing/blob/main/figs/teaser.png?raw=true", "other"),
        ("https://i.imgur.com/abc.jpg", "other"),
        ("https://huggingface.co/someone/model-7b", "other"),
        ("https://example.com/about", "other"),
        ("", "other"),
        ("nonsense", "other"),
    ],
)
def test_url_kind(url, kind):
    assert url_kind(url) == kind


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_id_functions_never_raise(text):
    arxiv_ids(text)
    bare_arxiv_ids(text)
    normalize_arxiv(text)
    arxiv_year(text)
    doi(text)
    years(text)
    github_repo(text)
    is_project_page(text)
    assert url_kind(text) in URL_KINDS
