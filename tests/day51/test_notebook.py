"""The Day 51 notebook: committed without outputs, runs top to bottom in its own folder, and its
"Try it" answers say what the code gives."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pytest

from course.lesson_checks import (
    check_committed_without_outputs,
    check_first_cell_imports,
    execute_in_folder,
    read_notebook,
)
from days.day51.code import information_demo as demo

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "days" / "day51"
NOTEBOOK = LESSON / "day51.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return read_notebook(NOTEBOOK)


@pytest.fixture(scope="module")
def markdown(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_notebook_is_committed_without_outputs(notebook):
    check_committed_without_outputs(notebook)


def test_first_code_cell_finds_the_root_and_imports_the_lesson_code(notebook):
    check_first_cell_imports(notebook, "day51", "information_demo")


def test_notebook_tells_the_story(markdown):
    assert "$$" in markdown
    for topic in ("Entropy", "Gibbs", "KL", "Simulation", "Maximum likelihood is minimum KL",
                  "Label smoothing", "Sweep", "exercises/day51/information.py"):
        assert topic in markdown, topic


def test_try_it_prompts_have_folded_answers(notebook):
    prompts = [cell.source for cell in notebook.cells
               if cell.cell_type == "markdown" and "**Try it.**" in cell.source]
    assert 2 <= len(prompts) <= 4
    for source in prompts:
        tail = source.split("**Try it.**", 1)[1]
        assert '<details markdown="1">' in tail and "<summary>Answer</summary>" in tail
        assert tail.count("<details") == tail.count("</details>") == 1


def test_try_it_answers_are_what_the_code_gives(markdown):
    # Reverse fits from the left and from the middle.
    mean, _, value = demo.reverse_kl_fit(start=(-1.0, 1.0))
    assert f"{mean:.2f}" == "-1.98" and value < math.log(2) and "$-1.98$" in markdown
    mean, _, middle = demo.reverse_kl_fit(start=(0.0, 3.0))
    assert abs(mean) < 1e-3 and round(middle, 2) == 0.73 > value and "about 0.73" in markdown
    # Label smoothing with 1000 and with 2 classes.
    assert f"{demo.best_smoothed_gap(1000, 0.1):.3f}" == "9.105" and "9.105" in markdown
    assert 1 - 0.1 + 0.1 / 1000 == pytest.approx(0.9001) and "0.9001" in markdown
    assert f"{demo.best_smoothed_gap(2, 0.1):.3f}" == "2.944" and "2.944" in markdown
    assert 1 - 0.1 + 0.1 / 2 == pytest.approx(0.95) and "$0.95$" in markdown


def test_notebook_executes_top_to_bottom_in_its_own_folder(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text, images = execute_in_folder(notebook, LESSON)
    assert images == 5, "the notebook shows the lesson's five figures inline"
    assert "1.5000 bits" in text and "{'entropy': 1.5, 'cross_entropy': 1.75, 'kl': 0.25}" in text
    assert "theta minimising the KL      : 0.500" in text
    # The simulation: the mean NLL of 10^6 samples is within 1e-3 of both limits.
    last = re.search(r"^ +1000000 +(\S+) +(\S+)$", text, re.MULTILINE)
    limit = re.search(r"^ +limit +(\S+) +(\S+)$", text, re.MULTILINE)
    for got, wanted in zip(last.groups(), limit.groups(), strict=True):
        assert abs(float(got) - float(wanted)) < 1e-3
    # The sweep: T from validation tracks the scale, T from training is smaller, and the ECE
    # after the validation fit is the same for every scale.
    rows = re.findall(r"^ +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+)$", text,
                      re.MULTILINE)
    assert [float(r[0]) for r in rows] == [0.5, 1.0, 2.5, 4.0]
    for scale, t_val, t_train, _, ece_val, ece_train in ([float(v) for v in r] for r in rows):
        assert t_val == pytest.approx(scale * 2.601 / 2.5, rel=2e-3) and t_train < t_val
        assert ece_val == 0.0213 and ece_train > ece_val
    assert "2.601" in text
