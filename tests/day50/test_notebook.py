"""The Day 50 notebook: committed without outputs, runs top to bottom in its own folder, every
"Try it" has a folded answer whose numbers are what the code gives, and the simulation the lesson
page does not have (the fit repeated on fresh data sets) shows what its text says."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course.lesson_checks import (
    check_committed_without_outputs,
    check_first_cell_imports,
    execute_in_folder,
    read_notebook,
)
from days.day50.code import fit_demo

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


def _answers(notebook) -> list[str]:
    """The folded answer that follows each "Try it" prompt, whitespace flattened."""
    cells = notebook.cells
    return [re.sub(r"\s+", " ", cells[i + 1].source) for i, cell in enumerate(cells)
            if cell.cell_type == "markdown" and "**Try it.**" in cell.source]


def test_every_try_it_is_followed_by_a_folded_answer(notebook):
    cells = notebook.cells
    answers = [cells[i + 1].source for i, cell in enumerate(cells)
               if cell.cell_type == "markdown" and "**Try it.**" in cell.source]
    assert len(answers) == 3
    for answer in answers:
        lines = answer.strip().splitlines()
        # Blank lines around the body: Jupyter and the website render it as markdown, folded.
        assert lines[:3] == ['<details markdown="1">', "<summary>Answer</summary>", ""]
        assert lines[-2:] == ["", "</details>"] and answer.count("<details") == 1


def test_try_it_answers_are_what_the_code_gives(notebook):
    gradient, step_size, flipped = _answers(notebook)
    X, y = fit_demo.make_logistic_data()
    w = np.array([0.3, -0.2, 0.8])
    exact = fit_demo.mean_bce_gradient(X, y, w)

    def check_error(h, formula):
        central = fit_demo.central_differences(lambda v: fit_demo.mean_bce(X, y, v), w, h)
        return float(np.abs(central - formula).max())

    assert len(y) == 500 and "$n = 500$" in gradient
    assert f"{check_error(1e-5, len(y) * exact):.2f}" == "151.92" and "151.92" in gradient
    assert f"{check_error(1e-5, -exact):.4f}" == "0.6089" and "0.6089" in gradient
    assert 2 * np.abs(exact).max() == pytest.approx(0.6089, abs=5e-5)
    assert f"{check_error(1e-5, exact):.2e}" == "3.86e-12" and "`3.86e-12`" in gradient
    assert f"{check_error(1e-8, exact):.2e}" == "4.92e-09" and "`4.92e-09`" in gradient
    errors = [check_error(h, exact) for h in (1e-2, 1e-3, 1e-4, 1e-5)]
    assert errors == sorted(errors, reverse=True), "falls down to h = 1e-5"
    J, u = fit_demo.mean_bce(X, y, w), 2.0**-53
    assert f"{J:.3f}" == "0.978" and f"{u:.1e}" == "1.1e-16" and f"{u * J / 1e-8:.1e}" == "1.1e-08"
    assert check_error(1e-8, exact) <= u * J / 1e-8 and f"{u ** (1 / 3):.0e}" == "5e-06"

    best = fit_demo.mean_bce(X, y, fit_demo.newton_method(X, y, 10)[-1])
    slow = fit_demo.gradient_descent(X, y, 200, learning_rate=4.0)
    assert all(round(fit_demo.mean_bce(X, y, v), 4) == round(best, 4) == 0.4158 for v in slow[-6:])
    wild = fit_demo.gradient_descent(X, y, 200, learning_rate=30.0)
    printed = ", ".join(f"{fit_demo.mean_bce(X, y, v):.4f}" for v in wild[-6:])
    assert printed == "1.2943, 0.7693, 0.6142, 0.5312, 0.5411, 0.8663" and printed in step_size
    top = np.linalg.eigvalsh(X.T @ X / len(y)).max()
    assert f"{top:.4f}" == "1.0423" and f"{top / 4:.4f}" == "0.2606" and f"{8 / top:.2f}" == "7.68"
    chance = 1 / (1 + np.exp(-X @ fit_demo.newton_method(X, y, 10)[-1]))
    hessian = (X.T * (chance * (1 - chance))) @ X / len(y)
    assert f"{2 / np.linalg.eigvalsh(hessian).max():.2f}" == "14.65"
    for number in ("1.0423", "0.2606", "7.68", "14.65", "0.4158"):
        assert number in step_size, number

    X_sep, y_sep = fit_demo.make_separable_data()
    at_1, at_3 = y_sep.copy(), y_sep.copy()
    at_1[X_sep[:, 1] == 1.0] = 0.0
    at_3[X_sep[:, 1] == 3.0] = 0.0
    assert at_1.tolist() == [0, 0, 0, 0, 1, 1] and at_3.tolist() == [0, 0, 0, 1, 1, 0]
    path = fit_demo.gradient_descent(X_sep, at_1, 10_000)
    slopes = ", ".join(f"{path[k][1]:.4f}" for k in (10, 100, 1000))
    assert f"{slopes} and {path[10_000][1]:.4f}" == "1.2790, 2.7511, 6.5082 and 11.1262"
    assert "1.2790, 2.7511, 6.5082 and 11.1262" in flipped
    assert f"{fit_demo.mean_bce(X_sep, at_1, path[10_000]):.4f}" == "0.0013" and "0.0013" in flipped
    path = fit_demo.gradient_descent(X_sep, at_3, 10_000)
    assert np.array_equal(path[100].round(4), path[10_000].round(4))
    assert "$(-0.9501,\\ 0.5820)$" in flipped and path[100].round(4).tolist() == [-0.9501, 0.582]
    assert f"{fit_demo.mean_bce(X_sep, at_3, path[100]):.6f}" == "0.504855" in flipped


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON)
    assert images == 4, "the notebook shows the lesson's three figures and the simulation's"
    rows = re.findall(r"^ +w_(\d) +(-?\d\.\d\d) +(-?\d\.\d{4}) +(\d\.\d{4}) +(\d\.\d{4}) "
                      r"+(\d\.\d{4})$", text, re.M)
    assert [int(row[0]) for row in rows] == [0, 1, 2]
    for _, true, mean, spread, se, inside in rows:
        # What the text after the simulation says, row by row.
        assert abs(float(spread) / float(se) - 1) < 0.05
        assert 0.94 <= float(inside) <= 0.97
        assert abs(float(mean) - float(true)) < 0.2 * float(se)
    assert "[ 0.   -0.75]" in text
    assert "-0.520579" in text and "191 steps" in text and "8.1151" in text
    assert "standard errors   : [0.1237 0.1902 0.1582]" in text
    assert "slope  8.5161" in text and "b = 6.907755278982137" in text
