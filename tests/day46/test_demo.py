"""Day 46 demo: it runs as ``python -m days.day46.code.coin_demo`` and prints the lesson's numbers.

Every number is checked against an independent computation (exact fractions or mpmath), not
against the demo's own functions.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest

from days.day46.code import coin_demo

ROOT = Path(__file__).resolve().parents[2]


def run_demo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "days.day46.code.coin_demo", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report() -> str:
    process = run_demo()
    assert process.returncode == 0, process.stderr
    return process.stdout


def section(report: str, number: int) -> str:
    """The text of section ``number`` of the report (from its heading to the next one)."""
    parts = re.split(r"(?m)^(?=\d\. )", report)
    return next(part for part in parts if part.startswith(f"{number}. "))


def value_after(report: str, label: str) -> str:
    """The value printed on the line that starts with ``label``."""
    for line in report.splitlines():
        if line.strip().startswith(label):
            return line.strip()[len(label):].split()[0]
    raise AssertionError(f"no line starts with {label!r}:\n{report}")


def test_help_works():
    process = run_demo("--help")
    assert process.returncode == 0
    for option in ("--section", "--street-heads", "--sequence", "--grid-points"):
        assert option in process.stdout


@pytest.mark.parametrize("args", [["--sequence", "HXT"], ["--grid-points", "1"],
                                  ["--street-heads", "0"], ["--section", "nope"]])
def test_bad_arguments_exit_with_a_usage_error(args):
    process = run_demo(*args)
    assert process.returncode == 2
    assert "usage:" in process.stderr


def test_sections_are_in_order(report):
    titles = [line for line in report.splitlines() if re.match(r"^\d\. ", line)]
    assert [t[:2] for t in titles] == ["1.", "2.", "3.", "4."]
    assert "Probability looks forward" in titles[0]
    assert "Likelihood looks back" in titles[1]


def test_probability_section(report):
    assert float(value_after(report, "P(HHHHHHHH | theta = 0.5)")) == 1 / 256
    assert "= 0.5^8 = 0.39 %" in report
    for k in range(9):
        printed = value_after(report, f"k = {k}   C(8, {k}) = {math.comb(8, k):>3}")
        assert float(printed) == pytest.approx(math.comb(8, k) / 256, abs=5e-9)
    assert float(value_after(report, "sum over the outcomes k")) == 1.0


def test_likelihood_section(report):
    report = section(report, 2)
    for theta in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        exact = Fraction(theta) ** 8
        assert float(value_after(report, f"L({theta})")) == pytest.approx(float(exact), abs=5e-9)
    assert "L(0.9)" in report and "0.43046721" in report
    assert float(value_after(report, "best theta on a grid of 101 points")) == 1.0
    assert value_after(report, "area under L(theta), exact 1/(n + 1)") == "0.1111111111"
    # The trapezoidal rule on 101 points overestimates the convex theta^8 a little.
    grid = np.linspace(0, 1, 101)
    trapezoids = float(np.sum((grid[1:] ** 8 + grid[:-1] ** 8) / 2 * np.diff(grid)))
    assert value_after(report, "area under L(theta), trapezoids on the grid") == \
        f"{trapezoids:.10f}"


def test_mixed_section(report):
    report = section(report, 3)
    assert "HTHHTHHTHH: h = 7 heads, t = 3 tails" in report
    for theta, printed in [(0.3, "0.0000750141"), (0.5, "0.0009765625"), (0.7, "0.0022235661"),
                           (0.9, "0.0004782969")]:
        exact = Fraction(theta) ** 7 * (1 - Fraction(theta)) ** 3
        assert f"{float(exact):.10f}" == printed
        assert printed in report
    assert value_after(report, "best theta on a grid of 101 points") == "0.700000"
    assert float(value_after(report, "share of heads h / n")) == 0.7
    expected_log = 7 * math.log(0.7) + 3 * math.log(0.3)
    assert value_after(report, "log-likelihood at the best theta") == f"{expected_log:.10f}"
    # Beta(8, 4) = 7! 3! / 11! = 1/1320
    assert value_after(report, "area under L(theta), exact h! t! / (n + 1)!") == \
        f"{1 / 1320:.10f}"


def test_ratio_section(report):
    assert value_after(report, "street coin: L(1) / L(0.5)") == "256"
    assert value_after(report, "street coin: L(0.9) / L(0.5)") == f"{0.9**8 * 256:.10g}"
    with mpmath.workdps(40):
        mixed = (mpmath.mpf("0.7") ** 7 * mpmath.mpf("0.3") ** 3) * 1024
        mixed_09 = (mpmath.mpf("0.9") ** 7 * mpmath.mpf("0.1") ** 3) * 1024
        long_ratio = mpmath.mpf("1.04") ** 1050 * mpmath.mpf("0.96") ** 950
    assert value_after(report, "mixed: L(0.7) / L(0.5)") == f"{float(mixed):.10g}"
    assert value_after(report, "mixed: L(0.9) / L(0.5)") == f"{float(mixed_09):.10g}"
    assert value_after(report, "L(0.52) as a product") == "0.0"
    assert value_after(report, "L(0.5) as a product") == "0.0"
    assert value_after(report, "log L(0.5)") == f"{2000 * math.log(0.5):.6f}"
    assert value_after(report, "log L(0.52)") == \
        f"{1050 * math.log(0.52) + 950 * math.log(0.48):.6f}"
    assert value_after(report, "L(0.52) / L(0.5) from the logs") == f"{float(long_ratio):.10g}"


def test_one_section_only():
    process = run_demo("--section", "ratio")
    assert process.returncode == 0
    assert "4. Likelihood ratios" in process.stdout and "1. Probability" not in process.stdout


def test_functions_follow_the_conventions():
    assert coin_demo.parse_flips("h t, 1 0") == [1, 0, 1, 0]
    assert coin_demo.count_outcomes([1, 0, 1, 1]) == (3, 1)
    assert coin_demo.coin_likelihood(0, 3, 0.0) == 1.0  # 0^0 = 1
    assert coin_demo.coin_likelihood(1, 3, 0.0) == 0.0
    assert coin_demo.coin_log_likelihood(4, 0, 1.0) == 0.0
    assert coin_demo.coin_log_likelihood(4, 1, 1.0) == -math.inf
    assert coin_demo.best_on_grid(1, 1, [0.25, 0.75]) == 0.25  # a tie: the first wins
    assert coin_demo.best_on_grid(1400, 600, np.linspace(0.01, 0.99, 99)) == pytest.approx(0.7)
    assert coin_demo.ratio_of_likelihoods(2, 1, 0.5, 1.0) == math.inf
    curve = coin_demo.likelihood_curve(2, 1, [0.0, 0.5, 1.0])
    assert curve.dtype == float and curve.tolist() == [0.0, 0.125, 0.0]
    assert math.fsum(coin_demo.binomial_distribution(10, 0.3)) == pytest.approx(1.0, abs=1e-15)
    assert coin_demo.exact_area(8, 0) == pytest.approx(1 / 9, rel=1e-15)
    with pytest.raises(ValueError, match="flip"):
        coin_demo.parse_flips("HHX")
