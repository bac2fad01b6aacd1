"""The Day 50 notebook: committed without outputs, and runs top to bottom in its own folder."""

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
LESSON = ROOT / "days" / "day50"
NOTEBOOK = LESSON / "day50.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day50", "fit_demo")


def test_notebook_tells_the_story(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "$$" in markdown
    for topic in ("central differences", "Newton", "least squares", "prior", "Separable",
                  "quasi-complete", "backtracking", "Poisson", "exercises/day50/fitting.py"):
        assert topic in markdown, topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON)
    assert images == 3, "the notebook shows the lesson's three figures inline"
    assert "[ 0.   -0.75]" in text
    assert "-0.520579" in text and "191 steps" in text and "8.1151" in text
    assert "standard errors   : [0.1237 0.1902 0.1582]" in text
    assert "slope  8.5161" in text and "b = 6.907755278982137" in text
