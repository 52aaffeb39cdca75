import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import ingest
from kg.errors import InputError
from kg.ingest import iter_document_paths, parse_document, read_document

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def parse(text: str, name: str = "t.md"):
    return parse_document(name, text.encode("utf-8"))


def kinds(doc):
    return [(b.kind, b.level, b.text) for b in doc.blocks]


def check_offsets(doc):
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)
        assert doc.text[block.start : block.end] == block.text
        for link in block.links:
            assert block.start <= link.start <= link.end <= block.end


def mac_mojibake(text: str) -> str:
    """What a UTF-8 file looks like after being read as Mac-Roman."""
    return text.encode("utf-8").decode("mac_roman")


# --- decoding -------------------------------------------------------------------


def test_utf8_with_bom_and_sha256():
    data = "\ufeffHello wörld\n".encode()
    doc = parse_document("a.txt", data)
    assert doc.name == "a.txt"
    assert doc.text == "Hello wörld\n"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.warnings == ()


def test_cp1252_fallback_warns():
    doc = parse_document("a.txt", "Qu\u2019est-ce que la na\u00efvet\u00e9 ?".encode("cp1252"))
    assert doc.text == "Qu\u2019est-ce que la na\u00efvet\u00e9 ?"
    assert any("cp1252" in w for w in doc.warnings)


def test_latin1_fallback_warns():
    # 0x81 is undefined in cp1252, so only latin-1 can decode this.
    doc = parse_document("a.txt", b"caf\xe9 \x81 ok")
    assert doc.text.startswith("café")
    assert any("latin-1" in w for w in doc.warnings)


def test_mostly_utf8_keeps_utf8():
    doc = parse_document("a.txt", "Zürich, Gödel, Čapek ".encode() + b"\xff" + b" end")
    assert doc.text.startswith("Zürich, Gödel, Čapek \ufffd")
    assert any("U+FFFD" in w for w in doc.warnings)


def test_crlf_becomes_lf():
    doc = parse_document("a.md", b"# Title\r\n\r\nBody text\r\n")
    assert "\r" not in doc.text
    assert kinds(doc) == [("heading", 1, "Title"), ("paragraph", 0, "Body text")]


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04\x00\x00binary", b"\x01\x02\x03\x04 text \x05\x06\x07\x08\x0e\x0f"]
)
def test_binary_is_rejected(data):
    with pytest.raises(InputError, match=r"^b\.bin: looks like a binary file$"):
        parse_document("b.bin", data)


@pytest.mark.parametrize("data", [b"", b"  \n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_is_rejected(data):
    with pytest.raises(InputError, match=r"^e\.txt: empty document$"):
        parse_document("e.txt", data)


# --- mojibake -------------------------------------------------------------------


def test_mac_roman_mojibake_is_repaired():
    original = (
        "# Launch day \U0001f680\n\n"
        "We\u2019ve watched DALL\u00b7E draw for 5\u00a0minutes \u2b50\ufe0f and \U0001f440 more.\n"
    )
    broken = mac_mojibake(original)
    assert "\u2018\u00c4\u00f4" in broken or "\u201a\u00c4\u00f4" in broken  # really garbled
    doc = parse(broken)
    assert doc.text == original
    assert "\u201a\u00c4" not in doc.text and "\u00ac\u2211" not in doc.text


def test_lone_emoji_mojibake_that_ftfy_leaves_is_repaired():
    doc = parse("A title " + mac_mojibake("\U0001f680") + "\n")
    assert doc.text == "A title \U0001f680\n"


def test_faithful_text_is_left_alone():
    text = (
        "\u201cCurly\u201d quotes, \uff26\uff55\uff4c\uff4c width, the \ufb01rst ligature, "
        "&amp; entities, e\u0301 decomposed, \u00abÉric\u00bb, l\u2019été, √π, "
        "中文字符, Ελληνικά, 8\u00a0km, \U0001f600.\n"
    )
    assert parse(text).text == text


# --- front matter ---------------------------------------------------------------


def test_front_matter_becomes_meta_and_no_blocks():
    text = (
        "---\nlayout: post\ntitle: A Survey\nauthors: [Ada Lovelace, Alan Turing]\n"
        "date: 2023-04-01\ndraft: false\n---\n\n"
        "## Intro\n\nSee [arXiv](https://arxiv.org/abs/1234.5678).\n"
    )
    doc = parse(text)
    assert doc.meta == (
        ("authors", ("Ada Lovelace", "Alan Turing")),
        ("date", "2023-04-01"),
        ("draft", "false"),
        ("layout", "post"),
        ("title", "A Survey"),
    )
    assert doc.text == text  # front matter stays, offsets are into the whole text
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]
    link = doc.blocks[1].links[0]
    assert doc.text[link.start : link.end] == "[arXiv](https://arxiv.org/abs/1234.5678)"
    assert doc.meta_dict()["title"] == "A Survey"


def test_broken_front_matter_warns():
    doc = parse("---\ntitle: [unclosed\nfoo: : :\n---\nBody here.\n")
    assert doc.meta == ()
    assert any("front matter" in w for w in doc.warnings)
    assert kinds(doc) == [("paragraph", 0, "Body here.")]


def test_alias_bomb_in_front_matter_is_refused():
    doc = parse("---\na: &a [x, x]\nb: [*a, *a]\n---\nText.\n")
    assert doc.meta == () and doc.warnings
    assert kinds(doc) == [("paragraph", 0, "Text.")]


def test_rules_around_prose_are_not_front_matter():
    doc = parse("---\nJust a sentence.\n---\nMore.\n")
    assert doc.meta == () and doc.warnings == ()
    assert "Just a sentence." in [b.text for b in doc.blocks]


# --- markdown structure -----------------------------------------------------------


MARKDOWN = """\
# Top

Intro paragraph
over two lines.

## Methods ##

- first item with [a link](https://a.example/x)
  - nested item
    - deeper
- second item

1. one
2. two

> quoted text
> > inner

| model | score |
|-------|-------|
| A     | 1     |

```python
print("[not](a link)")
```

    indented code

<div>
<a href="https://b.example/">Bee</a>
</div>

Setext title
------------

Tail.
"""


def test_markdown_blocks():
    doc = parse(MARKDOWN)
    check_offsets(doc)
    assert kinds(doc) == [
        ("heading", 1, "Top"),
        ("paragraph", 0, "Intro paragraph\nover two lines."),
        ("heading", 2, "Methods"),
        ("list_item", 1, "first item with [a link](https://a.example/x)"),
        ("list_item", 2, "nested item"),
        ("list_item", 3, "deeper"),
        ("list_item", 1, "second item"),
        ("list_item", 1, "one"),
        ("list_item", 1, "two"),
        ("quote", 0, "> quoted text\n> > inner"),
        ("table", 0, "| model | score |\n|-------|-------|\n| A     | 1     |"),
        ("code", 0, '```python\nprint("[not](a link)")\n```'),
        ("code", 0, "    indented code"),
        ("html", 0, '<div>\n<a href="https://b.example/">Bee</a>\n</div>'),
        ("heading", 2, "Setext title"),
        ("paragraph", 0, "Tail."),
    ]
    sections = [b.section for b in doc.blocks]
    # a heading falls under the previous higher-ranked heading, other blocks under the last one
    assert sections == [-1, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 14]
    assert doc.blocks[11].links == ()  # no links from code
    (a,) = doc.blocks[13].links
    assert (a.label, a.url) == ("Bee", "https://b.example/")
    assert doc.text[a.start : a.end] == '<a href="https://b.example/">Bee</a>'


def test_links_with_exact_offsets():
    text = (
        "Read [Deep Nets [1]](#1) and ![logo](https://img.example/l.png) then "
        "[![badge](https://img.example/b.svg)](https://c.example/repo), "
        "<https://auto.example/p> or https://bare.example/a_(b)_c. "
        "Also (see https://paren.example/x). Not a link: \\[x](y) nor [x] (y)."
    )
    doc = parse(text)
    (block,) = doc.blocks
    got = [(link.label, link.url, doc.text[link.start : link.end]) for link in block.links]
    badge = "[![badge](https://img.example/b.svg)](https://c.example/repo)"
    bare = "https://bare.example/a_(b)_c"
    assert got == [
        ("Deep Nets [1]", "#1", "[Deep Nets [1]](#1)"),
        ("badge", "https://c.example/repo", badge),
        ("https://auto.example/p", "https://auto.example/p", "<https://auto.example/p>"),
        (bare, bare, bare),
        ("https://paren.example/x", "https://paren.example/x", "https://paren.example/x"),
    ]


def test_link_destination_with_title_and_angle_brackets():
    doc = parse('[A](https://x.example/a "A title") and [B](<https://x.example/b c>)')
    assert [(lk.label, lk.url) for lk in doc.blocks[0].links] == [
        ("A", "https://x.example/a"),
        ("B", "https://x.example/b c"),
    ]


def test_plain_text_article():
    text = (
        "   \n\n\nA Title Line Without Markup\n\nsite.example\n\n"
        "First paragraph of the article, which goes on for a while.\n\n"
        "Second paragraph. It cites a [summary](#).\n\n"
        "1. [Some Paper](#), by Ann Author and Bob Writer\n\n"
        "Abstract heading\n\n"
        "2. [Another Paper](#), by Cy Coder\n"
    )
    doc = parse(text, "a.txt")
    check_offsets(doc)
    assert kinds(doc) == [
        ("paragraph", 0, "A Title Line Without Markup"),
        ("paragraph", 0, "site.example"),
        ("paragraph", 0, "First paragraph of the article, which goes on for a while."),
        ("paragraph", 0, "Second paragraph. It cites a [summary](#)."),
        ("list_item", 1, "[Some Paper](#), by Ann Author and Bob Writer"),
        ("paragraph", 0, "Abstract heading"),
        ("list_item", 1, "[Another Paper](#), by Cy Coder"),
    ]
    assert doc.blocks[4].links[0].label == "Some Paper"


def test_hashtags_become_keywords():
    text = (
        "#NeuralNets\n\nsomeone@pod.example\n\n"
        "# A Heading\n\n## Another\n\n"
        "Talking about #Diffusion models, see [ref](#intro) and item #1.\n\n"
        "#ai #neuralnets #diffusion #GenAI\n"
    )
    doc = parse(text)
    assert doc.keywords == ("neuralnets", "diffusion", "ai", "genai")
    assert doc.blocks[-1].kind == "paragraph"
    assert doc.blocks[-1].text == "#ai #neuralnets #diffusion #GenAI"


def test_hashtags_in_code_are_ignored():
    assert parse("```\n#notatag\n```\n\ncolor #fff is #fine\n").keywords == ("fff", "fine")


# --- robustness -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        ">" * 5000 + " deep quote\n",
        "".join("  " * i + "- level\n" for i in range(300)),
        "- " * 3000 + "x\n",
        "[" * 20000 + "](" * 20000 + ")" * 5000,
        "word [a](b) https://x.example/y) " * 20000,
        "*_`<a href=" * 5000,
        "\n".join(f"Paragraph number {i} with #tag{i % 7}.\n" for i in range(5000)),
        "| a |\n|---|\n" + "| x |\n" * 5000,
        "---\ntitle: " + "[" * 3000 + "\n---\nbody\n",
    ],
)
def test_pathological_inputs_do_not_crash(text):
    doc = parse(text)
    check_offsets(doc)
    assert doc.blocks


def test_parser_failure_falls_back_to_paragraphs(monkeypatch):
    class Broken:
        def parse(self, src):
            raise RuntimeError("boom")

    monkeypatch.setattr(ingest, "_parser", lambda: Broken())
    doc = parse("# Head\n\nOne [x](https://y.example).\n\n\nTwo\nlines.\n")
    assert kinds(doc) == [
        ("paragraph", 0, "# Head"),
        ("paragraph", 0, "One [x](https://y.example)."),
        ("paragraph", 0, "Two\nlines."),
    ]
    assert doc.blocks[1].links[0].url == "https://y.example"
    assert any("markdown" in w for w in doc.warnings)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_a_document_or_input_error(data):
    try:
        doc = parse_document("x.txt", data)
    except InputError:
        return
    check_offsets(doc)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("#->*[]()!<>`|\\ \n\t:ab1.\u00e9\u2019\u00ac\uf8ff")))
def test_markdown_like_text_keeps_offsets(text):
    try:
        doc = parse(text)
    except InputError:
        return
    check_offsets(doc)


# --- files and folders --------------------------------------------------------------


def test_read_document_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)
    missing = tmp_path / "missing.md"
    with pytest.raises(InputError, match=r"missing\.md: no such file"):
        read_document(missing)
    binary = tmp_path / "pic.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    message = re.escape(f"{binary}: looks like a binary file")
    with pytest.raises(InputError, match=f"^{message}$"):
        read_document(binary)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n\n")
    with pytest.raises(InputError, match="empty document"):
        read_document(empty)


def test_read_document(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Note\n\nHello.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.name == "note.md"
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]


def test_iter_document_paths(tmp_path):
    root = tmp_path / "docs"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for rel in ["b.md", "a.txt", "README", "sub/c.markdown", "sub/deeper/d.rst",
                "sub/e.text", "sub/g.mdx", "image.png", ".secret.md", ".hidden/f.md"]:
        (root / rel).write_text("text\n")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.md").symlink_to(root / "nowhere.md")
    single = tmp_path / "single.weird"
    single.write_text("text\n")

    files, warnings = iter_document_paths([root, single, tmp_path / "nope", root / "b.md"])
    assert files == [
        root / "README",
        root / "a.txt",
        root / "b.md",
        root / "sub" / "c.markdown",
        root / "sub" / "deeper" / "d.rst",
        root / "sub" / "e.text",
        root / "sub" / "g.mdx",
        single,  # named explicitly: taken whatever its extension
    ]
    assert len(warnings) == 5
    expected = [
        ("image.png", "unknown extension"),
        ("loop", "symbolic link loop"),
        ("dangling.md", "broken symbolic link"),
        ("nope", "no such file"),
        ("b.md", "same file as"),
    ]
    for name, reason in expected:
        assert any(name in w and reason in w for w in warnings), (name, warnings)


# --- the bundled corpus -----------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_corpus_documents(path):
    doc = read_document(path)
    check_offsets(doc)
    assert "\u201a\u00c4" not in doc.text and "\u00ac\u2211" not in doc.text
    assert "\uf8ff" not in doc.text
    assert 50 <= len(doc.blocks) <= 600
    assert doc.warnings == ()


def test_corpus_count_and_specifics():
    docs = {p.name[:3]: read_document(p) for p in sorted(CORPUS.glob("*.txt"))}
    assert len(docs) == 4
    assert "You\u2019ve" in docs["000"].text and "\U0001f680" in docs["000"].text
    raw = {p.name[:3]: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    for key in ("001", "002", "003"):  # nothing to repair there: text comes through unchanged
        assert docs[key].text == raw[key]
    assert docs["001"].meta_dict()["title"] == "Generative AI"
    assert "diffusionmodels" in docs["003"].keywords


def test_indented_replies_in_a_thread_are_prose_not_code():
    # plain-text threads indent replies by four spaces or more, which Markdown reads as code
    doc = parse(
        "Top comment: the paper is neat.\n\n"
        "    ^ 12 points - someone - 2d\n"
        "      Agreed, though it swaps the spline basis for radial basis functions\n"
        "      and uses LayerNorm to keep the inputs inside the grid.\n",
        name="thread.txt",
    )
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
    assert "uses LayerNorm" in doc.blocks[1].text


@pytest.mark.parametrize("code", [
    "    pip install -e .\n    kg build --out graph\n",
    "    def forward(self, x):\n        return self.proj(x) + x\n",
    "    for step in range(10):\n        loss = model(batch)  # one step.\n",
    "    $ python train.py --config configs/base.yaml\n",
])
def test_indented_code_stays_code(code):
    assert [b.kind for b in parse("Install it:\n\n" + code).blocks] == ["paragraph", "code"]


def test_reads_as_prose_wants_sentences():
    assert ingest.reads_as_prose("    The model is trained on ImageNet and then fine-tuned on COCO.\n")
    assert not ingest.reads_as_prose("    model.fit(x, y)\n    model.save(path)\n")
    assert not ingest.reads_as_prose("    a b\n")


ORG = """#+TITLE: Reading group notes
#+STARTUP: overview

* DONE Session 1: Sparse anchors                                  :vision:
:PROPERTIES:
:PAPER:     Sparse Anchors for Large Scenes
:END:
- Core idea: anchors.
** Discussion
Nobody agreed.
"""


def test_org_mode_outlines_are_headings_with_their_tags_dropped():
    doc = parse(ORG, name="notes.txt")
    headings = [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(1, "DONE Session 1: Sparse anchors"), (2, "Discussion")]
    assert [b.kind for b in doc.blocks if b.text.startswith("Core idea")] == ["list_item"]
    check_offsets(doc)


def test_org_files_are_taken_from_a_folder_and_star_bullets_stay_bullets_in_markdown(tmp_path):
    assert ".org" in ingest.EXTENSIONS
    doc = parse("* a bullet\n* another bullet\n")  # Markdown: no org settings lines
    assert [b.kind for b in doc.blocks] == ["list_item", "list_item"]
