"""The Day 46 notebook: committed without outputs, and runs top to bottom in its own folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course.lesson_checks import (
    check_committed_without_outputs,
    check_first_cell_imports,
    execute_in_folder,
    read_notebook,
)

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day46"
NOTEBOOK = LESSON / "day46.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


@pytest.fixture(scope="module")
def executed(notebook) -> tuple[str, int]:
    """What a copy of the notebook printed, and its image count, run in days/day46/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MPLBACKEND", "Agg")
        return execute_in_folder(notebook, LESSON)


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day46", "coin_demo")


def test_notebook_has_theory_and_try_it_prompts(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert markdown.startswith("# Day 46 — Probability versus likelihood")
    assert "$$" in markdown
    for topic in ("probability", "likelihood", "not a density", "maximum likelihood estimate",
                  "ratio", "logs"):
        assert topic in markdown.lower(), topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_notebook_executes_and_shows_the_lesson_numbers(executed):
    text, images = executed
    assert images == 2, "the notebook shows the lesson's two figures inline"
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
