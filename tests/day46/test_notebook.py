"""The Day 46 notebook: committed without outputs, and runs top to bottom in its own folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day46"
NOTEBOOK = LESSON / "day46.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    return nb


@pytest.fixture(scope="module")
def executed(notebook) -> nbformat.NotebookNode:
    """A copy of the notebook, executed with the kernel started in days/day46/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MPLBACKEND", "Agg")
        nb = nbformat.from_dict(notebook)  # the committed file is never touched
        client = NotebookClient(nb, kernel_name="python3", timeout=120, startup_timeout=120,
                                resources={"metadata": {"path": str(LESSON)}})
        client.execute()  # raises CellExecutionError on the first failing cell
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
    assert "from days.day46.code import coin_demo" in first
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = [line.strip() for line in cell.source.splitlines()]
            assert not any(line.startswith(("import code", "from code")) for line in lines)
            assert not any("solutions" in line or "exercises" in line for line in lines
                           if line.startswith(("import", "from")))


def test_notebook_has_theory_and_try_it_prompts(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert markdown.startswith("# Day 46 — Probability versus likelihood")
    assert "$$" in markdown
    for topic in ("probability", "likelihood", "not a density", "maximum likelihood estimate",
                  "ratio", "logs"):
        assert topic in markdown.lower(), topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_notebook_executes_and_shows_the_lesson_numbers(executed):
    outputs = [output for cell in executed.cells if cell.cell_type == "code"
               for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) == 2, "the notebook shows the lesson's two figures inline"
    text = "".join(output.get("text", "") for output in outputs)
    for expected in ("sum over the outcomes: 1.0", "8 heads in a row, fair coin: 0.00390625",
                     "L(0.9) = 0.43046721", "best theta on the grid: 1.0",
                     "h = 8, t = 0: area 0.11111111   exact 0.11111111",
                     "h = 7, t = 3: area 0.00075758   exact 0.00075758",
                     "largest L on the grid: 0.002224 at theta = 0.70",
                     "share of heads h / n = 0.7", "L(1) / L(0.5):   256\n",
                     "L(0.9) / L(0.5): 110.2", "L(0.7) / L(0.5): 2.27693",
                     "L(0.52) / L(0.5) from the logs: 11.0326",
                     "L(0.52) = 0.0", "log L(0.5) = -1386.2944"):
        assert expected in text, expected
