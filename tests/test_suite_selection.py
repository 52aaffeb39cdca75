"""Which tests run (issue 13, item 6): plain `pytest` leaves out the slow ones;
the README's test command is the full run, and it is the command .ci/run runs."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLOW = "tests/test_bad_input.py::test_twenty_megabyte_file"


def collected(*args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args,
         "tests/test_bad_input.py"],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [line for line in proc.stdout.splitlines() if "::" in line]


def quick_start_commands() -> list[str]:
    """The commands of the README's Quick start block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def ci_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    marker = next(i for i, line in enumerate(lines) if "keep the two in step" in line)
    return lines[marker + 1]


def test_plain_pytest_leaves_out_the_slow_tests():
    tests = collected()
    assert SLOW not in tests
    assert "tests/test_bad_input.py::test_large_file_nlp_pass_is_bounded" in tests


def test_readme_test_command_is_the_ci_command():
    commands = quick_start_commands()
    assert len(commands) == 2  # build the graph; install the dev tools and run the tests
    assert commands[1] == ci_command()


def test_readme_test_command_is_the_full_run():
    pytest_args = shlex.split(quick_start_commands()[1].split("python3 -m pytest", 1)[1])
    assert SLOW in collected(*pytest_args)
