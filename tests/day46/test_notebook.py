"""The Day 46 notebook: committed without outputs, runs top to bottom in its own folder, every
"Try it" has a folded answer whose numbers are what the code gives, and the simulation the lesson
page does not have (coins flipped by the computer) runs and shows what its text says."""

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
from days.day46.code import coin_demo

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day46"
NOTEBOOK = LESSON / "day46.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


def _answers(notebook) -> list[str]:
    """The folded answer that follows each "Try it" prompt."""
    cells = notebook.cells
    return [cells[i + 1].source for i, cell in enumerate(cells)
            if cell.cell_type == "markdown" and "**Try it.**" in cell.source]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


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
    assert "A simulation the lesson page does not have" in markdown


def test_every_try_it_is_followed_by_a_folded_answer(notebook):
    answers = _answers(notebook)
    assert len(answers) == sum("**Try it.**" in cell.source for cell in notebook.cells) == 4
    for answer in answers:
        lines = answer.strip().splitlines()
        # Blank lines around the body: Jupyter and the website render it as markdown, folded
        # until the reader opens it.
        assert lines[:3] == ['<details markdown="1">', "<summary>Answer</summary>", ""], lines[:3]
        assert lines[-2:] == ["", "</details>"], lines[-2:]
        assert answer.count("<details") == 1


def test_try_it_answers_are_what_the_code_gives(notebook):
    normalise, all_tails, quotient, flips_needed = map(_flat, _answers(notebook))

    fine = np.linspace(0.0, 1.0, 100_001)
    curve = coin_demo.likelihood_curve(8, 0, fine)
    normalised = curve / coin_demo.trapezoid_area(curve, fine)
    assert f"{normalised[-1]:.4f}" == "9.0000" and "is 9.0000 (to four decimals" in normalise
    assert normalised[-1] / curve[-1] == pytest.approx(9.0, rel=1e-8)
    assert float(np.argmax(normalised)) == fine.size - 1 and coin_demo.exact_area(8, 0) == 1 / 9

    # The cell of section 4 run on "TTTTT", printed the way that cell prints.
    grid = np.linspace(0.0, 1.0, 101)
    h, t = coin_demo.count_outcomes(coin_demo.parse_flips("TTTTT"))
    values = coin_demo.likelihood_curve(h, t, grid)
    best = grid[np.argmax(values)]
    for line in (f"h = {h}, t = {t}",
                 f"largest L on the grid: {values.max():.6f} at theta = {best:.2f}",
                 f"share of heads h / n = {h / (h + t)}"):
        assert line in all_tails, line
    assert 0.0**0 == 1.0 and "`0.0 ** 0` is `1.0`" in all_tails

    heads, tails = 1050, 950
    with pytest.raises(ZeroDivisionError):
        coin_demo.coin_likelihood(heads, tails, 0.52) / coin_demo.coin_likelihood(heads, tails, 0.5)
    for theta, printed in ((0.52, "-1383.89"), (0.5, "-1386.29")):
        assert f"{coin_demo.coin_log_likelihood(heads, tails, theta):.2f}" == printed
        assert f"${printed}$" in quotient
    assert f"{math.log(5e-324):.2f}" == "-744.44" and "$-744.44$" in quotient
    assert f"{coin_demo.ratio_of_likelihoods(heads, tails, 0.52, 0.5):.4f}" == "11.0326"
    assert "11.0326" in quotient
    grid_005 = np.linspace(0.0, 1.0, 201)
    logs = [coin_demo.coin_log_likelihood(heads, tails, float(v)) for v in grid_005]
    assert grid_005[np.argmax(logs)] == 0.525 == heads / (heads + tails)
    assert all(coin_demo.coin_likelihood(heads, tails, float(v)) == 0.0 for v in grid_005)
    assert logs[0] == logs[-1] == -math.inf and "prints `0.525`" in quotient

    assert round(0.7 * 0.3 / 0.01**2) == 2100 and "= 2100$ flips" in flips_needed
    spread = (np.random.default_rng(46).binomial(2100, 0.7, size=20_000) / 2100).std()
    assert f"{spread:.5f}" == "0.01008" and "prints 0.01008:" in flips_needed
    assert f"{math.sqrt(0.21):.3f}" == "0.458" and "0.458" in flips_needed


def test_notebook_executes_and_shows_the_lesson_numbers(executed):
    text, images = executed
    assert images == 3, "the notebook shows the lesson's two figures and the simulation's"
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


def test_the_simulation_shows_what_its_text_says(executed):
    text, _ = executed
    fair = re.search(r"fair coins with 8 heads out of 8: (0\.\d{5}) \(exact 1/256 = 0\.00391\)",
                     text)
    assert fair and abs(float(fair.group(1)) - 1 / 256) < 0.0005  # 100 000 coins: a 3-sigma band
    rows = re.findall(r"^ *(\d+) +(0\.\d{4}) +(0\.\d{4}) +(0\.\d{4}) +(0\.\d{4})$", text, re.M)
    assert [int(row[0]) for row in rows] == [10, 40, 160, 640]
    spreads = []
    for n, mean, std, _within, theory in rows:
        assert float(theory) == pytest.approx(math.sqrt(0.21 / int(n)), abs=5e-5)
        assert abs(float(mean) - 0.7) < 0.005
        assert float(std) == pytest.approx(float(theory), rel=0.03)
        spreads.append(float(std))
    # Four times the flips, half the spread; and more and more estimates within 0.05 of 0.7.
    ratios = [a / b for a, b in zip(spreads, spreads[1:], strict=False)]
    assert ratios == pytest.approx([2.0] * 3, rel=0.05)
    assert [float(row[3]) for row in rows] == sorted(float(row[3]) for row in rows)
