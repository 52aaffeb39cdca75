"""notebooks/explore.ipynb runs headless from top to bottom against a build of the bundled corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")  # provides the "python3" kernel spec of this interpreter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def _outputs(nb, cell_type="code"):
    for cell in nb.cells:
        if cell.cell_type == cell_type:
            yield from cell.get("outputs", [])


def test_notebook_is_stored_without_outputs():
    # outputs (images, the inlined view) would make every diff huge
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert any(cell.cell_type == "code" for cell in nb.cells)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.source[:60]
            assert cell.execution_count is None, cell.source[:60]


@pytest.mark.slow
def test_notebook_executes_against_the_corpus(corpus_out, tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    env = dict(os.environ)
    env.update(
        KG_OUT=str(corpus_out),
        KG_VIEW_DIR=str(tmp_path / "views"),
        MPLBACKEND="Agg",
        # the kernel imports this checkout's kg even when the package is not installed
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    client = nbclient.NotebookClient(
        nb,
        timeout=120,  # per cell
        kernel_name="python3",
        # the notebook's working directory, as when opened in Jupyter
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    try:
        client.execute(env=env)
    except nbclient.exceptions.CellExecutionError as exc:
        # keep the executed notebook to look at
        nbformat.write(nb, tmp_path / "executed.ipynb")
        pytest.fail(f"a cell failed (executed notebook: {tmp_path / 'executed.ipynb'}):\n{exc}")

    outputs = list(_outputs(nb))
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # pandas renders a DataFrame as <table class="dataframe">
    assert any('class="dataframe"' in h for h in html)
    # the plots and the inline interactive view
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any("<iframe srcdoc=" in h and "vis-network" in h for h in html)
    assert (tmp_path / "views" / "focus.html").is_file()
