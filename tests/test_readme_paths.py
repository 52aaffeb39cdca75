"""Every file or folder of the project that the README names exists, so the
module map and the pointers in the text stay true as code moves."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_paths_named_in_the_readme_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"(?<![\w/.-])((?:kg|tests|bench|ontology|data|notebooks)/[\w./<>*-]*[\w>*])", readme))
    paths = {p for p in paths if "*" not in p and "<" not in p}
    assert len(paths) >= 10, paths  # the README does name the project's files
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"README names paths that do not exist: {missing}"
