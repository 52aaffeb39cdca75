"""Property tests (hypothesis): no input crashes ingest or extraction, and every
offset they report points into the document's text (issue 5, item 5)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import extract
from kg.ingest import parse_document

# KG_HYPOTHESIS_EXAMPLES=2000 for a longer hunt than the suite's
EXAMPLES = int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

words = st.sampled_from([
    "diffusion", "model", "GAN", "NeRF", "transformer", "attention", "ImageNet", "NVIDIA", "Google Research",
    "Meta AI", "OpenAI", "DeepMind", "Stable Diffusion", "text-to-image", "inpainting", "CVPR 2022", "et al.",
    "and", "the", "of", "by", "with", "for", "uses", "trained", "on", "paper", "code", "Smith", "J.", "Zhang",
    "Ho", "Karras", "Rombach", "Müller", "李", "😀", "—", "“quoted”", "&amp;", "<br/>", "|", "*", "_", "`",
])
phrase = st.lists(words, min_size=1, max_size=8).map(" ".join)
title = st.lists(words, min_size=2, max_size=8).map(lambda ws: " ".join(w.capitalize() for w in ws))
arxiv = st.builds(
    lambda yy, mm, n: f"{yy:02d}{mm:02d}.{n:05d}",
    st.integers(15, 24), st.integers(1, 12), st.integers(0, 99999),
) | st.sampled_from(["1406.2661", "cs/0112017", "math.GT/0309136", "2112.10752v2", "9912.1234"])
url = st.one_of(
    arxiv.map(lambda a: f"https://arxiv.org/abs/{a}"),
    arxiv.map(lambda a: f"https://arxiv.org/pdf/{a}.pdf"),
    st.sampled_from(["https://github.com/CompVis/latent-diffusion", "https://github.com/x", "http://example.com/(a)",
                     "https://openreview.net/forum?id=abc", "#", "", "javascript:alert(1)", "https://"]),
)
author = st.builds(lambda f, s: f"{f} {s}", st.sampled_from(["Jonathan", "J.", "Ben", "Ting-Chun", "Anne"]),
                   st.sampled_from(["Ho", "Mildenhall", "Wang", "van der Berg", "O'Neil"]))
unicode_text = st.text(max_size=60)

line = st.one_of(
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), phrase),
    st.builds(lambda t, u: f"[{t}]({u})", title, url),
    st.builds(lambda t, u: f"**Paper:** [{t}]({u})", title, url),
    st.builds(lambda t, u: f"Paper: {t} {u}", title, url),
    st.builds(lambda u: f"**Code:** [GitHub]({u})", url),
    st.builds(lambda n, t, u, a, b: f"{n}. [{t}]({u}), by {a} and {b}", st.integers(0, 1000), title, url,
              author, author),
    st.builds(lambda w: f"#{w.replace(' ', '')}", words),
    st.builds(lambda n, s, y, t: f"[{n}] {s}, {s[0]}., {y}. {t}.", st.integers(0, 300),
              st.sampled_from(["Ho", "Rombach", "Müller", "X"]), st.integers(1900, 2100), title),
    st.builds(lambda a, t: f"{a} et al. {t}. arXiv:{t[:4]}", author, title),
    st.builds(lambda lab, tech: f"Researchers at {lab} used a {tech}.", words, words),
    st.builds(lambda n, p: ">" * n + " " + p, st.integers(1, 30), phrase),
    st.builds(lambda n, p: "  " * n + "- " + p, st.integers(0, 12), phrase),
    st.sampled_from(["", "---", "```", "```python", "| a | b |", "|---|---|", "<div>", "</div>", "***", "[", "](",
                     "title: x", "...", "\t", "\r", "\u2028", "\x00", "\ufeff"]),
    phrase,
    unicode_text,
)
document = st.lists(line, max_size=25).map("\n".join)


def check_offsets(doc, ex) -> None:
    n = len(doc.text)
    ids = {m.id for m in ex.mentions}
    for m in ex.mentions:
        ev = m.evidence
        assert 0 <= ev.start <= ev.end <= n, (m, n)
        assert ev.source == doc.name
    for r in ex.relations:
        ev = r.evidence
        assert 0 <= ev.start <= ev.end <= n, (r, n)
        assert ev.source == doc.name
        assert r.subject in ids and r.object in ids, r


def check_document(doc, data: bytes) -> None:
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)
        assert doc.text[b.start : b.end] == b.text
        for link in b.links:
            assert b.start <= link.start <= link.end <= b.end


@SETTINGS
@given(document, st.booleans())
def test_extraction_never_crashes_and_offsets_point_into_the_text(text, front_matter):
    if front_matter:
        text = "---\ntitle: " + text[:40] + "\n---\n" + text
    data = text.encode("utf-8", "surrogatepass")
    try:
        doc = parse_document("prop.md", data)
    except InputError:
        return  # empty or binary: refused with a reason, which is allowed
    check_document(doc, data)
    ex = extract(doc)
    assert ex.document == "prop.md" and ex.sha256 == doc.sha256
    check_offsets(doc, ex)


@settings(max_examples=5 * EXAMPLES, deadline=None)
@given(st.binary(max_size=2000) | document.map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "mac_roman"]))
def test_ingest_takes_any_bytes(data, encoding):
    """Bytes of any kind, or text in another encoding: a Document or an InputError, nothing else."""
    if encoding != "utf-8":
        try:
            data = data.decode("utf-8").encode(encoding)
        except (UnicodeDecodeError, UnicodeEncodeError):
            pass
    try:
        doc = parse_document("any.txt", data)
    except InputError as exc:
        assert str(exc).startswith("any.txt: ")
        assert "\n" not in str(exc)
        return
    check_document(doc, data)
    assert doc.text.strip()


@pytest.mark.parametrize("text", [
    "# T\n\n**Paper:** [A Title About Diffusion](https://arxiv.org/abs/2112.10752)\n\n**Code:** [GitHub](https://github.com/a/b)\n",
    "1. [Title One Two](https://arxiv.org/abs/2003.08934), by Ben Mildenhall and Pratul Srinivasan\n",
    "[1] Ho, J., 2020. Denoising Diffusion Probabilistic Models.\n",
])
def test_examples_extract_something(text):
    """The strategy's pieces are the kind the extractor reads (a sanity check of the generator)."""
    doc = parse_document("x.md", text.encode())
    ex = extract(doc)
    assert ex.mentions
    check_offsets(doc, ex)
