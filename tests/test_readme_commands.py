"""Every command of the README's Commands block runs as written (issue 12, item 5).

The block is read from README.md, so a command changed there is tested as
changed. Three liberties, each needed to run it on a test machine: the fixed
port 7878 becomes a free one (a writable Oxigraph server is started for
`kg build --store`, and `kg serve` is stopped once it answers); a format list
written `ttl|trig|nt|jsonld` runs once per format; the example inputs
(`notes/`, `extra.md`, `my-query.rq`) are small files made here.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.serve import free_port, start_server

pytestmark = pytest.mark.slow  # builds the bundled corpus, and runs every command

ROOT = Path(__file__).resolve().parents[1]
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    lines = [re.split(r"\s{2,}#", line, maxsplit=1)[0].strip() for line in block.splitlines()]
    commands = []
    for line in filter(None, lines):
        choices = re.search(r"(?<=\s)(\w+(?:\|\w+)+)(?=\s)", line)
        if choices:
            commands += [line.replace(choices.group(1), c) for c in choices.group(1).split("|")]
        else:
            commands.append(line)
    return commands


def test_the_block_is_read_whole():
    commands = readme_commands()
    assert commands[0] == "kg build"
    assert sum(c.startswith("kg export --format ") and "--output graph.ttl" in c for c in commands) == 4
    assert any(c.startswith("kg eval ") for c in commands)


def _answers(url: str) -> bool:
    try:
        NO_PROXY.open(url, timeout=2).close()
        return True
    except OSError:
        return False


def test_every_readme_command_runs_as_written(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    for name in ("data", "tests"):  # `kg build` reads data/corpus; `kg eval tests/gold/*.yaml`
        (work / name).symlink_to(ROOT / name)
    (work / "notes").mkdir()
    (work / "notes" / "week1.md").write_text(
        "# Week 1\n\n## [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239)\n"
        "Jonathan Ho, Ajay Jain and Pieter Abbeel train a diffusion model.\n", encoding="utf-8")
    (work / "extra.md").write_text("# Extra\n\nNeRF represents a scene as a neural radiance field.\n",
                                   encoding="utf-8")
    (work / "my-query.rq").write_text("SELECT ?p WHERE { ?p a kg:Paper } LIMIT 3\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    writable = start_server(tmp_path / "server", port=free_port(), read_only=False)
    try:
        for command in readme_commands():
            port = writable.port if "--store" in command else free_port()
            command = command.replace("7878", str(port))
            if command.startswith("kg serve"):
                proc = subprocess.Popen(shlex.split(command), cwd=work, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                try:
                    deadline = time.monotonic() + 60
                    while not _answers(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"):
                        assert proc.poll() is None and time.monotonic() < deadline, (command, proc.stderr.read())
                        time.sleep(0.5)
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
                continue
            done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                                  text=True, timeout=600, check=False)
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    finally:
        writable.stop()
    # what the commands say they write is there
    for name in ("out/graph.html", "mygraph/graph.trig", "graph.json", "graph.ttl", "graph.graphml",
                 "diffusion.html", "labs.html"):
        assert (work / name).is_file(), name
