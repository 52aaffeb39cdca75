"""Bad input through the command line (issue 5, item 5).

Each case puts one bad thing beside two good documents and runs `kg build`:
a one-line message on stderr names the file and the reason, the good
documents build, the exit code is 3 when something was skipped and 0 when it
was only warned about, and there is never a traceback.
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export import export_json
from kg.store import open_store
from tests.small_corpus import DOCS, LDM, NERF, copy_build, entry, write_docs

GOOD = {"a.md": DOCS["a.md"], "b.md": DOCS["b.md"]}


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The good documents, built once: each case reuses their cached extraction."""
    root = tmp_path_factory.mktemp("bad-input")
    docs = write_docs(root / "docs", GOOD)
    out = root / "out"
    result = run("build", str(docs), "--out", str(out), "--no-view")
    assert result.exit_code == 0, result.output
    return docs, out


@pytest.fixture
def corpus(base, tmp_path):
    return copy_build(*base, tmp_path)


def built_documents(out: Path) -> set[str]:
    with open_store(out) as st:
        return {name.rsplit("/", 1)[-1] for name in st.graph_names()} - {"vocabulary"}


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b""))


def _write(name: str, data: bytes):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


# name -> (make the bad thing in the folder, the message after "kg: ", skipped?)
SKIPPED = {
    "nul bytes": (_write("binary.txt", b"hello\0world\0\x01\x02" * 100), "looks like a binary file"),
    "png named .md": (_write("image.md", png()), "looks like a binary file"),
    "empty file": (_write("empty.md", b""), "empty document"),
    "only whitespace": (_write("blank.md", b" \n\t\n\r\n"), "empty document"),
    "unknown extension .pdf": (_write("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), "unknown extension '.pdf'"),
    "unknown extension .docx": (_write("notes.docx", b"PK\x03\x04" + b"\0" * 30), "unknown extension '.docx'"),
    "symlink to itself": (lambda f: (os.symlink("loop.md", f / "loop.md"), f / "loop.md")[1], "symbolic link loop"),
    "symlink to a parent folder": (
        lambda f: (os.mkdir(f / "sub"), os.symlink("..", f / "sub" / "up"), f / "sub" / "up")[2],
        "symbolic link loop",
    ),
    "broken symlink": (lambda f: (os.symlink("gone.md", f / "dangling.md"), f / "dangling.md")[1],
                       "broken symbolic link"),
    "named pipe": (lambda f: (os.mkfifo(f / "pipe.md"), f / "pipe.md")[1], "not a regular file"),
}


@pytest.mark.parametrize("case", sorted(SKIPPED))
def test_skipped_with_one_line_and_exit_3(corpus, case):
    docs, out = corpus
    make, reason = SKIPPED[case]
    path = make(docs)
    result = run("build", str(docs), "--out", str(out), "--no-view")
    assert result.exit_code == 3, result.output
    assert result.stderr == f"kg: skipped {path}: {reason}\n"
    # the good documents were built before and have not changed
    assert result.stdout.startswith("up to date: 2 documents unchanged")
    assert built_documents(out) == {"a.md", "b.md"}


def test_named_file_with_unknown_extension_is_read(corpus):
    """A file named on the command line is taken whatever its extension."""
    docs, out = corpus
    (docs / "notes.data").write_text(DOCS["c.md"], encoding="utf-8")
    result = run("build", str(docs / "a.md"), str(docs / "b.md"), str(docs / "notes.data"),
                 "--out", str(out), "--no-view")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert built_documents(out) == {"a.md", "b.md", "notes.data"}


def test_nonexistent_path_argument(corpus):
    docs, out = corpus
    missing = docs.parent / "no-such-folder"
    result = run("build", str(docs), str(missing), "--out", str(out), "--no-view")
    assert result.exit_code == 3
    assert result.stderr == f"kg: skipped {missing}: no such file or directory\n"
    assert built_documents(out) == {"a.md", "b.md"}


def test_nothing_readable_is_an_error(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "empty.md").write_bytes(b"")
    result = run("build", str(tmp_path / "docs"), "--out", str(tmp_path / "out"), "--no-view")
    assert result.exit_code == 1
    assert result.stderr == f"kg: no readable documents: {tmp_path / 'docs' / 'empty.md'}: empty document\n"
    assert not (tmp_path / "out" / "store").exists()


def _build_with_no_access(docs, out, target, probe, mode, action: str):
    """Build with `target` at mode 000 (restored to `mode` after); skip when
    `probe` still works, as it does for root."""
    target.chmod(0)
    try:
        try:
            probe()
        except PermissionError:
            pass
        else:
            pytest.skip(f"chmod 000 does not stop this user from {action} (running as root)")
        return run("build", str(docs), "--out", str(out), "--no-view")
    finally:
        target.chmod(mode)


def test_unreadable_file(corpus):
    docs, out = corpus
    path = docs / "secret.md"
    path.write_text(DOCS["c.md"], encoding="utf-8")
    result = _build_with_no_access(docs, out, path, path.read_bytes, 0o644, "reading")
    assert result.exit_code == 3
    assert result.stderr == f"kg: skipped {path}: cannot read (Permission denied)\n"
    assert built_documents(out) == {"a.md", "b.md"}


def test_unreadable_folder(corpus):
    docs, out = corpus
    locked = docs / "locked"
    locked.mkdir()
    (locked / "c.md").write_text(DOCS["c.md"], encoding="utf-8")
    result = _build_with_no_access(docs, out, locked, lambda: os.listdir(locked), 0o755, "listing")
    assert result.exit_code == 3
    assert result.stderr == f"kg: skipped {locked}: cannot list folder (Permission denied)\n"


def test_unreadable_file_and_folder_simulated(corpus, monkeypatch):
    """The same as the two tests above, for a user whom chmod cannot stop (root):
    reading the file and listing the folder fail as they would with EACCES."""
    import pathlib

    docs, out = corpus
    secret = docs / "secret.md"
    secret.write_text(DOCS["c.md"], encoding="utf-8")
    locked = docs / "locked"
    locked.mkdir()
    real_read, real_scandir = pathlib.Path.read_bytes, os.scandir

    def read_bytes(self):
        if self == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    result = run("build", str(docs), "--out", str(out), "--no-view")
    assert result.exit_code == 3
    assert result.stderr == (
        f"kg: skipped {locked}: cannot list folder (Permission denied)\n"
        f"kg: skipped {secret}: cannot read (Permission denied)\n"
    )
    assert built_documents(out) == {"a.md", "b.md"}


# ---------------------------------------------------------------- read with a warning, or as is


def test_latin1_text_is_decoded_with_a_warning(corpus):
    docs, out = corpus
    text = ("# Caf\xe9 notes\n\n" + entry("Na\xefve Neural Radiance Fields for R\xe9sum\xe9 Photos", "2104.00001",
                                             "https://github.com/bmild/nerf",
                                             "Researchers at Google Research trained it. \xa9 2020"))
    (docs / "latin1.txt").write_bytes(text.encode("latin-1"))
    result = run("build", str(docs), "--out", str(out), "--no-view")
    assert result.exit_code == 0, result.output
    assert result.stderr == "kg: warning: latin1.txt: not valid UTF-8; decoded as cp1252\n"
    assert built_documents(out) == {"a.md", "b.md", "latin1.txt"}
    with open_store(out) as st:
        labels = {e["label"] for e in export_json(st.dataset())["entities"]}
    assert any("R\xe9sum\xe9" in label for label in labels)  # the accents survived


def test_utf16_text_is_decoded_with_a_warning(corpus):
    docs, out = corpus
    (docs / "windows.txt").write_bytes(DOCS["c.md"].encode("utf-16"))
    result = run("build", str(docs), "--out", str(out), "--no-view")
    assert result.exit_code == 0, result.output
    assert result.stderr == "kg: warning: windows.txt: decoded as UTF-16\n"
    assert built_documents(out) == {"a.md", "b.md", "windows.txt"}


BROKEN = {
    "10,000 nested quotes": ">" * 10_000 + " deep [NeRF](https://arxiv.org/abs/2003.08934)\n",
    "10,000 nested list levels": "- " * 10_000 + "item\n" + "".join("  " * i + "- level\n" for i in range(200)),
    "quotes and lists interleaved": "> - " * 3000 + "[a](https://arxiv.org/abs/2101.00001)\n",
    "unclosed brackets": "[" * 5000 + "]" * 5000 + "\n" + "(" * 5000 + "\n" + "[x](" * 2000 + "\n",
    "unclosed code and html": "```\n" + "`" * 3000 + "\n" + "<div>\n" * 2000 + "*" * 10_000 + "\n",
    "broken front matter": "---\ntitle: [unclosed\n  - : :\n---\n" + DOCS["c.md"],
    "front matter nested deeply": "---\nx: " + "[" * 5000 + "\n---\n" + DOCS["c.md"],
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_markdown_still_builds(corpus, case):
    docs, out = corpus
    (docs / "broken.md").write_text(BROKEN[case], encoding="utf-8")
    start = time.monotonic()
    result = run("build", str(docs), "--out", str(out), "--no-view")
    elapsed = time.monotonic() - start
    assert result.exit_code == 0, result.output
    for line in result.stderr.splitlines():  # warnings only, each naming the file
        assert line.startswith("kg: warning: broken.md: "), line
    assert built_documents(out) == {"a.md", "b.md", "broken.md"}
    assert elapsed < 60, f"{case}: {elapsed:.0f} s"


def test_front_matter_problems_are_one_warning(corpus):
    docs, out = corpus
    (docs / "broken.md").write_text(BROKEN["front matter nested deeply"], encoding="utf-8")
    result = run("build", str(docs), "--out", str(out), "--no-view")
    assert result.stderr == "kg: warning: broken.md: front matter ignored: nested too deeply\n"


# ---------------------------------------------------------------- very large files


def large_markdown(size: int) -> str:
    """Plain prose in paragraphs under a heading every 200 paragraphs, and a
    "Paper:" entry at the very end (the structure pass must get there)."""
    para = ("Researchers at NVIDIA and Google Research trained a diffusion model on ImageNet for "
            "text-to-image generation, and compared it with a GAN and a transformer that uses attention. "
            "The results were described in a long blog post with many figures. ") * 3
    parts, total, i = [], 0, 0
    while total < size:
        piece = (f"## Part {i // 200}\n\n" if i % 200 == 0 else "") + para + f"({i})\n\n"
        parts.append(piece)
        total += len(piece)
        i += 1
    parts.append(entry("NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis", "2003.08934",
                       "https://github.com/bmild/nerf", "The team at Google Research trained it."))
    return "".join(parts)


def _large_file_builds(corpus, size: int, max_nlp: int):
    docs, out = corpus
    (docs / "big.md").write_text(large_markdown(size), encoding="utf-8")
    n = len((docs / "big.md").read_text(encoding="utf-8"))
    start = time.monotonic()
    result = run("build", str(docs), "--out", str(out), "--no-view", "--max-nlp-chars", str(max_nlp))
    elapsed = time.monotonic() - start
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"kg: warning: big.md: {n:,} characters; the NLP pass read the first {max_nlp:,} "
        "(structure pass complete)\n"
    )
    assert built_documents(out) == {"a.md", "b.md", "big.md"}
    with open_store(out) as st:
        entities = {e["id"]: e for e in export_json(st.dataset())["entities"]}
    # the paper at the end was found by the structure pass
    assert "big.md" in entities[NERF]["sources"]
    assert entities[LDM]["sources"] == ["a.md"]
    return elapsed


def test_large_file_nlp_pass_is_bounded(corpus):
    """1 MB here; the 20 MB case below is marked slow."""
    elapsed = _large_file_builds(corpus, 1_000_000, 50_000)
    assert elapsed < 60


@pytest.mark.slow
def test_twenty_megabyte_file(corpus):
    elapsed = _large_file_builds(corpus, 20_000_000, 100_000)
    assert elapsed < 300


def test_nlp_limit_change_rebuilds_the_document(corpus):
    """The limit is part of the cache key and of the manifest."""
    docs, out = corpus
    (docs / "big.md").write_text(large_markdown(120_000), encoding="utf-8")
    first = run("build", str(docs), "--out", str(out), "--no-view", "--max-nlp-chars", "20000")
    assert "the NLP pass read the first 20,000" in first.stderr
    again = run("build", str(docs), "--out", str(out), "--no-view", "--max-nlp-chars", "20000")
    assert again.stdout.startswith("up to date")
    more = run("build", str(docs), "--out", str(out), "--no-view", "--max-nlp-chars", "40000")
    assert more.stdout.startswith("built 3 documents (1 extracted, 0 removed)")
    assert "the NLP pass read the first 40,000" in more.stderr


def test_nlp_pass_reads_at_most_the_limit(tmp_path, monkeypatch):
    """What reaches spaCy: the first `max_nlp_chars` of the document, and no
    long punctuation runs (its tokenizer is quadratic in their length)."""
    import kg.extract.nlp
    from kg.build import build

    real = kg.extract.nlp.load_pipeline()
    seen: list[tuple[str, object]] = []

    class Spy:
        def pipe(self, texts, **kwargs):
            def record():
                for text, context in texts:
                    seen.append((text, context))
                    yield text, context

            return real.pipe(record(), **kwargs)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(kg.extract.nlp, "load_pipeline", lambda *a, **k: Spy())
    docs = tmp_path / "docs"
    docs.mkdir()
    text = "(" * 5000 + " ok\n\n" + large_markdown(200_000)
    (docs / "big.md").write_text(text, encoding="utf-8")
    report = build([docs], tmp_path / "out", view=False, max_nlp_chars=20_000)
    assert report.warnings == (
        f"big.md: {len(text):,} characters; the NLP pass read the first 20,000 (structure pass complete)",
    )
    assert seen
    assert sum(len(t) for t, _ in seen) <= 20_000
    assert all(offset + len(t) <= 20_000 for t, offset in seen)
    assert "((((" not in seen[0][0]


# ---------------------------------------------------------------- malformed SPARQL


@pytest.mark.parametrize(
    "query, message",
    [
        ("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }", "malformed SPARQL: error at 3:18: "),
        ("SELECT ?s WHERE { ?s foo:bar ?o }",
         "malformed SPARQL: error at 1:29: undefined prefix (declare it with PREFIX or write the full <IRI>)"),
        ("SELECT * WHERE { ?s ?p ?o ", "malformed SPARQL: error at 1:27: expected one of"),
    ],
)
def test_malformed_sparql_gives_the_parser_message(base, query, message):
    _, out = base
    result = run("query", query, "--out", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: " + message), lines[0]
