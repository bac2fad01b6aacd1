"""The Day 49 notebook: committed without outputs, runs top to bottom in its own folder, every
"Try it" has a folded answer whose numbers are what the code gives, and the simulation the lesson
page does not have (a confident classifier's batch in four floating-point formats) runs."""

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
from days.day49.code import stability_demo as demo

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day49"
NOTEBOOK = LESSON / "day49.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


@pytest.fixture(scope="module")
def markdown(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def _answers(notebook) -> list[str]:
    """The folded answer that follows each "Try it" prompt, with its lines joined."""
    cells = notebook.cells
    return [cells[i + 1].source for i, cell in enumerate(cells)
            if cell.cell_type == "markdown" and "**Try it.**" in cell.source]


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day49", "stability_demo")


def test_notebook_has_theory_and_try_it_prompts(markdown):
    assert "$$" in markdown
    for topic in ("softplus", "max shift", "log-softmax", "log-variance", "median", "Poisson",
                  "log_loss", "float32", "bfloat16", "Simulation"):
        assert topic in markdown, topic
    assert 2 <= markdown.count("**Try it.**") <= 4


def test_every_try_it_is_followed_by_a_folded_answer(notebook):
    answers = _answers(notebook)
    assert len(answers) == sum("**Try it.**" in cell.source for cell in notebook.cells)
    for answer in answers:
        lines = answer.strip().splitlines()
        assert lines[:3] == ['<details markdown="1">', "<summary>Answer</summary>", ""], lines[:3]
        assert lines[-2:] == ["", "</details>"], lines[-2:]
        assert answer.count("<details") == 1 and " open" not in lines[0]


def test_try_it_answers_are_what_the_code_gives(notebook):
    no_noise, cancellation, log_sigma, demo_run = (" ".join(a.split()) for a in
                                                   _answers(notebook))

    # 1. Without wrong labels no naive loss is inf, in any format.
    for scale in (2.0, 4.0, 8.0, 16.0):
        y, z = demo.confident_batch(scale, label_noise=0.0)
        for fmt in demo.FORMATS:
            assert not np.isinf(demo.naive_bce_terms_in(y, z, fmt)).any(), (scale, fmt)
    assert no_noise.startswith('<details markdown="1"> <summary>Answer</summary> None')

    # 2. softplus(z) - yz at z = 40 for a label 1.
    assert float(demo.softplus(40.0) - 40.0) == 0.0
    assert f"`{demo.exact_bce_term(1, 40.0)!r}`" in cancellation
    assert math.ulp(40.0) == pytest.approx(7e-15, rel=0.02) and "7 \\times 10^{-15}" in cancellation

    # 3. A log-variance read as log sigma: the minimum moves from log 4 to log 2.
    grid = np.linspace(-2.0, 3.0, 500_001)
    wrong = 0.5 * math.log(2 * math.pi) + grid + 0.5 * 4.0 * np.exp(-2 * grid)
    assert grid[np.argmin(wrong)] == pytest.approx(math.log(2.0), abs=1e-5)
    assert f"{math.log(2.0):.4f}" in log_sigma and f"{math.log(4.0):.4f}" in log_sigma

    # 4. The demo's BCE table for the logits -50, -37, 37, 50.
    for label, z in ((1, 37.0), (1, 50.0), (0, -50.0), (0, -37.0)):
        assert f"`{demo.exact_bce_term(label, z)!r}`" in demo_run
    naive = {(label, z): float(demo.naive_bce_terms([label], [z])[0])
             for label in (0, 1) for z in (-50.0, -37.0, 37.0, 50.0)}
    assert naive[(1, 37.0)] == naive[(1, 50.0)] == naive[(0, -50.0)] == 0.0
    assert naive[(0, 37.0)] == naive[(0, 50.0)] == math.inf
    assert f"`{naive[(0, -37.0)]!r}`" in demo_run
    too_large = naive[(0, -37.0)] / demo.exact_bce_term(0, -37.0) - 1
    assert round(100 * too_large) == 30 and "30 % too large" in demo_run
    for label in (0, 1):
        for z in (-50.0, -37.0, 37.0, 50.0):
            assert float(demo.stable_bce_terms([label], [z])[0]) == pytest.approx(
                demo.exact_bce_term(label, z), rel=1e-15)


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON)
    assert images >= 3, "the notebook shows the lesson's figures inline"
    for number in ("4.248354255291589e-18", "36.04365338911715", "690.7755278982137",
                   "863.2319871924054", "2.112085713764618", "16.635532", "5.5625"):
        assert number in text, number
    # The simulation: one row per scale, the share of inf naive losses per format, and a stable
    # loss that is never inf.
    rows = re.findall(r"^ *(\d+) +([\d.]+)% +([\d.]+)% +([\d.]+)% +([\d.]+)% +(\d+), ", text,
                      re.MULTILINE)
    assert [row[0] for row in rows] == ["2", "4", "8", "16"]
    shares = {int(row[0]): [float(v) for v in row[1:5]] for row in rows}
    assert all(int(row[5]) == 0 for row in rows)
    assert shares[8][1] == pytest.approx(0.082)  # float32: 82 of 100,000 samples
    markdown = " ".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "82 of the 100,000 samples" in " ".join(markdown.split())
    # Each format fails more often as the logits grow; bfloat16 and float16 before float32.
    for column in range(4):
        values = [shares[scale][column] for scale in (2, 4, 8, 16)]
        assert values == sorted(values)
    assert shares[4][2] > shares[4][1] == 0.0 and shares[4][3] > 0.0
