"""The Day 48 notebook: committed without outputs, runs top to bottom in its own folder, every
"Try it" has a folded answer whose numbers are what the code gives, and the simulation the
lesson page does not have (a logistic regression trained from a confidently wrong start with
each loss) runs and shows the stall."""

from __future__ import annotations

import math
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
from days.day48.code import mle_demo

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day48"
NOTEBOOK = LESSON / "day48.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


@pytest.fixture(scope="module")
def markdown(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def _answers(notebook) -> list[str]:
    """The folded answer that follows each "Try it" prompt."""
    cells = notebook.cells
    return [cells[i + 1].source for i, cell in enumerate(cells)
            if cell.cell_type == "markdown" and "**Try it.**" in cell.source]


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day48", "mle_demo")


def test_notebook_has_theory_and_try_it_prompts(markdown):
    assert "$$" in markdown
    for topic in ("likelihood", "log-likelihood", "binary cross-entropy",
                  "categorical cross-entropy", "mean squared error", "Gaussian NLL",
                  "cross-entropy** is", "Why not MSE for classification? A simulation"):
        assert topic in markdown, topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_every_try_it_is_followed_by_a_folded_answer(notebook):
    answers = _answers(notebook)
    assert len(answers) == sum("**Try it.**" in cell.source for cell in notebook.cells)
    for answer in answers:
        lines = answer.strip().splitlines()
        # Blank lines around the answer's body: Jupyter and the website both render it as
        # markdown, folded until the reader opens it.
        assert lines[:3] == ['<details markdown="1">', "<summary>Answer</summary>", ""], lines[:3]
        assert lines[-2:] == ["", "</details>"], lines[-2:]
        assert answer.count("<details") == 1 and " open" not in lines[0]


def test_try_it_answers_are_what_the_code_gives(notebook):
    fit_sigma, blunder, simulation, own_sigma = _answers(notebook)

    # 1. sigma moves the NLL, not the line.
    x, y = mle_demo.make_line_data(seed=0)
    fits = {s: mle_demo.fit_line_gaussian_nll(x, y, sigma=s) for s in (0.1, 0.5, 5.0)}
    for s, fit in fits.items():
        np.testing.assert_allclose(fit, fits[0.5], atol=1e-6)
        assert f"{mle_demo.gaussian_nll_of_line(fit, x, y, sigma=s):.4f}" in fit_sigma
    a, b = fits[0.5]
    assert f"$a = {a:.4f}$, $b = {b:.4f}$" in fit_sigma
    assert f"{mle_demo.mse_of_line(fits[0.5], x, y):.4f}" in fit_sigma and "$n = 20$" in fit_sigma

    # 2. One confident mistake, then an impossible label.
    labels, probs = np.array([1, 0, 1, 1]), np.array([0.9, 0.99, 0.8, 0.7])
    terms = -mle_demo.bernoulli_log_likelihood_terms(labels, probs)
    assert f"{terms[1]:.4f}" == "4.6052" and "4.6052" in blunder
    assert f"{terms.sum():.4f}" in blunder and f"{terms.mean():.4f}" in blunder
    with np.errstate(divide="ignore"):
        assert math.isinf(-mle_demo.bernoulli_log_likelihood_terms([0], [1.0])[0])

    # 3. The simulation: from w = -15, and with a larger step.
    xc, yc = mle_demo.make_classification_data()
    bce = mle_demo.train_logistic(xc, yc, "bce", start=(-15.0, 0.0), steps=5000)
    squared = mle_demo.train_logistic(xc, yc, "squared", start=(-15.0, 0.0), steps=5000)
    assert mle_demo.first_positive_weight(bce) == 12 and "from step 12" in simulation
    assert f"$w = {bce[-1, 0]:.4f}$, $b = {bce[-1, 1]:.4f}$" in simulation
    w, b = squared[-1]
    assert mle_demo.first_positive_weight(squared) is None
    assert f"${w:.4f}$" in simulation and f"$b = {b:.4f}$" in simulation
    assert f"$x = {-b / w:.2f}$" in simulation and (xc > -b / w).all()  # every input: label 0
    fast = {loss: mle_demo.first_positive_weight(
        mle_demo.train_logistic(xc, yc, loss, learning_rate=8.0, steps=200))
        for loss in ("bce", "squared")}
    assert fast == {"bce": 2, "squared": 47}
    assert "needs 2 steps and the squared error 47" in " ".join(simulation.split())

    # 4. A sigma per sample; the best sigma_1 is |r_1|.
    targets = np.array([2.0, 3.0, 4.5])
    first = mle_demo.gaussian_nll_terms(targets, [2.2, 2.8, 4.4], sigma=np.array([0.1, 1, 1]))
    assert f"{first[0]:.4f}" in own_sigma and "0.9389" in own_sigma
    worse = {s: mle_demo.gaussian_nll_terms(targets, [5.0, 2.8, 4.4],
                                            sigma=np.array([s, 1.0, 1.0]))[0]
             for s in (0.1, 1.0, 3.0)}
    for value in worse.values():
        assert f"{value:.4f}" in own_sigma
    assert min(worse, key=worse.get) == 3.0


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON)
    assert images >= 5, "the notebook shows the lesson's figures and the simulation's inline"
    assert "0.9083225622249782" in text and "2.801815599614018" in text
    # The simulation: the binary cross-entropy turns the weight around within 10 steps, the
    # squared error only after more than a hundred.
    steps = dict(re.findall(r"^ *(bce|squared): w > 0 from step (\d+)$", text, re.MULTILINE))
    assert int(steps["bce"]) < 10 < 100 < int(steps["squared"])
