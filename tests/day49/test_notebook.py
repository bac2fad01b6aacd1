"""The Day 49 notebook: committed without outputs, and runs top to bottom in its own folder."""

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
LESSON = ROOT / "days" / "day49"
NOTEBOOK = LESSON / "day49.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day49", "stability_demo")


def test_notebook_has_theory_and_try_it_prompts(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "$$" in markdown
    for topic in ("softplus", "max shift", "log-softmax", "log-variance", "median", "Poisson",
                  "log_loss"):
        assert topic in markdown, topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON)
    assert images >= 3, "the notebook shows the lesson's figures inline"
    for number in ("4.248354255291589e-18", "36.04365338911715", "690.7755278982137",
                   "863.2319871924054", "2.112085713764618"):
        assert number in text, number
