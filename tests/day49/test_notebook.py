"""The Day 49 notebook: committed without outputs, and runs top to bottom in its own folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day49"
NOTEBOOK = LESSON / "day49.ipynb"


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
    assert "from days.day49.code import stability_demo" in first
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = [line.strip() for line in cell.source.splitlines()]
            assert not any(line.startswith(("import code", "from code")) for line in lines)
            assert not any("solutions" in line or "exercises" in line for line in lines
                           if line.startswith(("import", "from")))


def test_notebook_has_theory_and_try_it_prompts(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "$$" in markdown
    for topic in ("softplus", "max shift", "log-softmax", "log-variance", "median", "Poisson",
                  "log_loss"):
        assert topic in markdown, topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.from_dict(notebook)  # a copy: the committed file is never touched
    client = NotebookClient(nb, kernel_name="python3", timeout=120, startup_timeout=120,
                            resources={"metadata": {"path": str(LESSON)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) >= 3, "the notebook shows the lesson's figures inline"
    text = "".join(output.get("text", "") for output in outputs)
    for number in ("4.248354255291589e-18", "36.04365338911715", "690.7755278982137",
                   "863.2319871924054", "2.112085713764618"):
        assert number in text, number
