"""The Day 52 notebook: committed without outputs, runs top to bottom in its own folder, and the
facts its folded answers state are true."""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy import optimize

from course.lesson_checks import (
    check_committed_without_outputs,
    check_first_cell_imports,
    execute_in_folder,
    read_notebook,
)
from days.day50.code import fit_demo

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day52"
NOTEBOOK = LESSON / "day52.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


def markdown(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day52", "uncertainty_demo")


def test_notebook_tells_the_story(notebook):
    text = markdown(notebook)
    assert "$$" in text
    for topic in ("curvature", "Fisher information", "standard error", "Wald", "Wilson",
                  "likelihood-ratio", "coverage", "sweep", "mean squared error",
                  "exercises/day52/uncertainty.py"):
        assert topic in text, topic
    tries = text.count("**Try it.**")
    assert 2 <= tries <= 4
    # Every prompt has its answer folded right after it.
    assert text.count('<details markdown="1">\n<summary>Answer</summary>') == tries
    assert text.count("</details>") == tries


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON, timeout=300)
    assert images == 5, "the lesson's four figures and the sweep's"
    assert "second difference    47.619050" in text
    assert "[-0.520579  1.999422 -1.248554]" in text and "[0.1237 0.1902 0.1582]" in text
    assert "coverage of the Wald intervals over 300 refits:" in text
    assert "theta = 0.01  Wald              simulated 0.1812  exact 0.1821" in text
    assert "Wald              average 0.770" in text


# ------------------------------------------------------ the facts the folded answers state
def test_answer_second_difference_steps():
    def loglik(t):
        return 7 * math.log(t) + 3 * math.log1p(-t)

    errors = {h: -(loglik(0.7 + h) - 2 * loglik(0.7) + loglik(0.7 - h)) / h**2 - 10 / 0.21
              for h in (1e-2, 1e-4, 1e-6, 1e-8)}
    assert errors[1e-2] == pytest.approx(2e-2, rel=0.05)
    assert errors[1e-4] == pytest.approx(2e-6, rel=0.05)
    assert abs(errors[1e-6]) == pytest.approx(2.5e-4, rel=0.05)
    assert round(abs(errors[1e-8])) == 6
    assert min(errors, key=lambda h: abs(errors[h])) == 1e-4
    assert loglik(0.7) == pytest.approx(-6.1, abs=0.01)


def _separable(X: np.ndarray, y: np.ndarray) -> bool:
    margins = (2 * y - 1)[:, None] * X
    found = optimize.linprog(-margins.sum(axis=0), A_ub=-margins, b_ub=np.zeros(len(y)),
                             bounds=[(-1, 1)] * X.shape[1], method="highs")
    return found.status == 0 and -found.fun > 1e-7 * np.abs(margins).sum()


def test_answer_small_logistic_samples():
    seeds = range(1000, 1300)
    assert sum(_separable(*fit_demo.make_logistic_data(n=15, seed=s)) for s in seeds) == 82
    assert not any(_separable(*fit_demo.make_logistic_data(n=40, seed=s)) for s in seeds)
    assert math.sqrt(500 / 40) == pytest.approx(3.5, abs=0.05)


def test_answer_forty_samples_keep_their_coverage():
    """With 40 samples the standard errors are about 3.5 times (a little more) those of 500,
    and the Wald intervals of 300 refits still hold the true weights about 95 % of the time."""
    true_w = np.array(fit_demo.TRUE_LOGISTIC_WEIGHTS)
    covered, errors = np.zeros(3), []
    for seed in range(1000, 1300):
        X, y = fit_demo.make_logistic_data(n=40, seed=seed)
        w = np.zeros(3)
        for _ in range(25):
            p = 1 / (1 + np.exp(-(X @ w)))
            w = w - np.linalg.solve((X.T * (p * (1 - p))) @ X, X.T @ (p - y))
        p = 1 / (1 + np.exp(-(X @ w)))
        se = np.sqrt(np.diag(np.linalg.inv((X.T * (p * (1 - p))) @ X)))
        covered += np.abs(w - true_w) <= 1.959963984540054 * se
        errors.append(se)
    assert ((covered / 300 > 0.93) & (covered / 300 < 0.99)).all(), covered / 300
    X, y = fit_demo.make_logistic_data()
    w = fit_demo.newton_method(X, y, 10)[-1]
    p = 1 / (1 + np.exp(-(X @ w)))
    large = np.sqrt(np.diag(np.linalg.inv((X.T * (p * (1 - p))) @ X)))
    ratio = np.median(np.array(errors), axis=0) / large
    assert ((ratio > 3.4) & (ratio < 4.2)).all(), ratio
