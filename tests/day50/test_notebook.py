"""The Day 50 notebook: committed without outputs, and runs top to bottom in its own folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day50"
NOTEBOOK = LESSON / "day50.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    return nb


def test_notebook_is_committed_without_outputs(notebook):
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    for number, cell in enumerate(code_cells, start=1):
        assert cell.outputs == [], f"code cell {number} has outputs"
        assert cell.execution_count is None, f"code cell {number} has an execution count"
    assert notebook.metadata.kernelspec.name == "python3"


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    first = next(cell for cell in notebook.cells if cell.cell_type == "code").source
    assert "sys.path" in first and "pyproject.toml" in first and "Path.cwd()" in first
    assert "from days.day50.code import fit_demo" in first
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = [line.strip() for line in cell.source.splitlines()]
            assert not any(line.startswith(("import code", "from code")) for line in lines)
            assert not any("solutions" in line or "exercises" in line for line in lines
                           if line.startswith(("import", "from")))


def test_notebook_tells_the_story(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "$$" in markdown
    for topic in ("central differences", "Newton", "least squares", "prior", "Separable",
                  "exercises/day50/fitting.py"):
        assert topic in markdown, topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.from_dict(notebook)  # a copy: the committed file is never touched
    client = NotebookClient(nb, kernel_name="python3", timeout=120, startup_timeout=120,
                            resources={"metadata": {"path": str(LESSON)}})
    client.execute()
    outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) == 3, "the notebook shows the lesson's three figures inline"
    text = "".join(output.get("text", "") for output in outputs)
    assert "[ 0.   -0.75]" in text
    assert "-0.520579" in text and "191 steps" in text and "8.1151" in text
