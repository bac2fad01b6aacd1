"""The Day 47 notebook: committed without outputs, and runs top to bottom in its own folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day47"
NOTEBOOK = LESSON / "day47.ipynb"


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
    assert "from days.day47.code import underflow_demo" in first
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = [line.strip() for line in cell.source.splitlines()]
            assert not any(line.startswith(("import code", "from code")) for line in lines)
            assert not any("solutions" in line or "exercises" in line for line in lines
                           if line.startswith(("import", "from")))


def test_notebook_has_theory_and_try_it_prompts(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "$$" in markdown
    for topic in ("underflow", "subnormal", "log-likelihood", "log-sum-exp", "Bernoulli",
                  "Gaussian", "Poisson", "exponential", "biased"):
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
    assert len(images) == 2, "the notebook shows the lesson's two figures inline"
    text = "".join(output.get("text", "") for output in outputs)
    for number in ("first n with product 0.0:         1075", "2.5e-323", "1000.4076059644444",
                   "-999.5923940355556", "4.571428571428571", "argmax of the likelihood:     0.7"):
        assert number in text, number
