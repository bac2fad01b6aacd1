"""The Day 47 notebook: committed without outputs, runs top to bottom in its own folder, every
"Try it" has a folded answer whose numbers are what the code gives, and the sweep over p the
lesson page does not have shows what its text says."""

from __future__ import annotations

import re
from fractions import Fraction
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
from days.day47.code import underflow_demo as demo

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day47"
NOTEBOOK = LESSON / "day47.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


def _answers(notebook) -> list[str]:
    """The folded answer that follows each "Try it" prompt, whitespace collapsed."""
    cells = notebook.cells
    return [re.sub(r"\s+", " ", cells[i + 1].source) for i, cell in enumerate(cells)
            if cell.cell_type == "markdown" and "**Try it.**" in cell.source]


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day47", "underflow_demo")


def test_notebook_has_theory_and_try_it_prompts(notebook):
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "$$" in markdown
    for topic in ("underflow", "subnormal", "log-likelihood", "log-sum-exp", "Bernoulli",
                  "Gaussian", "Poisson", "exponential", "biased"):
        assert topic in markdown, topic
    assert 2 <= markdown.count("**Try it.**") <= 4
    assert "A sweep over $p$ (not on the lesson page)" in markdown


def test_every_try_it_is_followed_by_a_folded_answer(notebook):
    assert len(_answers(notebook)) == 2
    cells = notebook.cells
    for i, cell in enumerate(cells):
        if "**Try it.**" in cell.source:
            lines = cells[i + 1].source.strip().splitlines()
            assert lines[:3] == ['<details markdown="1">', "<summary>Answer</summary>", ""]
            assert lines[-2:] == ["", "</details>"]


def test_try_it_answers_are_what_the_code_gives(notebook):
    products, bias = _answers(notebook)
    assert demo.first_zero_product(0.3) == 619 and demo.first_subnormal_product(0.3) == 589
    assert "is 619 (the product turns subnormal at $n = 589$)" in products
    assert demo.first_zero_product(0.6) is None and demo.stuck_product(0.6) == (1457, 5e-324)
    assert "frozen at `5e-324` from $n = 1457$ on" in products
    tiny = 2.0**-1074
    assert 0.6 * tiny == tiny and 0.5 * tiny == 0.0  # rounds up; the tie goes to even, 0

    samples = np.random.default_rng(47).normal(0.0, 2.0, size=(20_000, 50))
    assert f"{samples.var(axis=1).mean():.4f}" == "3.9226" and "is 3.9226" in bias
    assert f"{samples.var(axis=1, ddof=1).mean():.4f}" == "4.0026" and "averages 4.0026" in bias
    assert 49 / 50 * 4 == 3.92 and "= 3.92$" in bias
    assert -4 / 50 == -0.08 and -4 / 5 == -0.8 and "= -0.08$" in bias and "$-0.8$" in bias


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON)
    assert images == 2, "the notebook shows the lesson's two figures inline"
    # The sweep over p: every p <= 0.5 ends at 0.0, every p > 0.5 freezes at k * 2^-1074 with
    # (1 - p) k <= 1/2 (exact, on the float p; a tie keeps an even k), higher as p nears 1.
    row = r"^ *(0\.\d+) +(\d+)   (?:0\.0 from n = (\d+)|stuck at (\S+) from n = (\d+))$"
    rows = re.findall(row, text, re.M)
    assert len(rows) == 10
    frozen = []
    for p, _subnormal, zero_at, stuck_at, _n in rows:
        assert (float(p) <= 0.5) == bool(zero_at), p
        if stuck_at:
            k = round(float(stuck_at) / 2.0**-1074)
            half = (1 - Fraction(float(p))) * k
            assert half < Fraction(1, 2) or (half == Fraction(1, 2) and k % 2 == 0), p
            frozen.append(k)
    assert frozen == sorted(frozen) and frozen[-1] == 49
    assert "  0.5              1023   0.0 from n = 1075" in text
    assert " 0.99             70485   stuck at 2.4e-322 from n = 73671" in text
    for number in ("first n with product 0.0:         1075", "2.5e-323", "1000.4076059644444",
                   "-999.5923940355556", "4.571428571428571", "argmax of the likelihood:     0.7"):
        assert number in text, number
