"""The Day 47 demo runs from the command line and prints the lesson's numbers correctly.

Expected values are computed here independently (``math``, ``statistics``, plain loops).
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from days.day47.code import underflow_demo as demo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def output() -> str:
    process = subprocess.run([sys.executable, "-m", "days.day47.code.underflow_demo"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120, check=True)
    return process.stdout


def line_of(output: str, label: str) -> str:
    found = [line for line in output.splitlines() if line.strip().startswith(label)]
    assert found, f"no line starts with {label!r}"
    return found[0]


def value_of(output: str, label: str) -> str:
    return line_of(output, label)[2 + demo.LABEL_WIDTH:].split()[0]


def loop_first_zero(p: float) -> int:
    value, n = 1.0, 0
    while value != 0.0:
        value, n = value * p, n + 1
    return n


def test_help_works():
    process = subprocess.run([sys.executable, "-m", "days.day47.code.underflow_demo", "--help"],
                             cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert "--section" in process.stdout


def test_each_section_runs_alone():
    for section in demo.SECTIONS:
        process = subprocess.run(
            [sys.executable, "-m", "days.day47.code.underflow_demo", "--section", section],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
        assert process.stdout.count("\n-") == 1


def test_underflow_numbers(output):
    assert value_of(output, "smallest subnormal float64") == repr(2.0**-1074) == "5e-324"
    assert value_of(output, "smallest normal float64") == repr(2.0**-1022)
    assert value_of(output, "0.5^1074") == "5e-324"
    assert value_of(output, "0.5^1075") == "0.0"
    halves = output.split("Halves")[1].split("0.9s")[0]
    assert value_of(halves, "first n with product 0.0") == str(loop_first_zero(0.5)) == "1075"
    assert value_of(halves, "first n with a subnormal product") == "1023"
    assert value_of(output, "log-likelihood 1075 log 0.5") == repr(1075 * math.log(0.5))
    running = 0.0
    for _ in range(1075):
        running += math.log(0.5)
    assert value_of(output, "... as a running sum of 1075 logs") == repr(running)
    assert value_of(output, "... as math.fsum of the 1075 logs") == repr(1075 * math.log(0.5))
    nines = output.split("0.9s")[1]
    assert value_of(nines, "first n with product 0.0") == "never"
    assert value_of(output, "log-likelihood 10000 log 0.9") == repr(10_000 * math.log(0.9))
    assert value_of(output, "log10 of the true 0.9^10000") == repr(10_000 * math.log10(0.9))


def test_the_product_of_nines_gets_stuck(output):
    value, history = 1.0, []
    for _ in range(10_000):
        value *= 0.9
        history.append(value)
    stuck_from = next(k for k in range(1, len(history)) if history[k] == history[k - 1])
    assert history[-1] == history[stuck_from] == 5 * 2.0**-1074 == 2.5e-323
    first_subnormal = next(k for k, v in enumerate(history, 1) if v < 2.0**-1022)
    assert value_of(output, "product stops changing after n factors") == str(stuck_from) == "7050"
    assert value_of(output, "... stuck at") == "2.5e-323"
    assert value_of(output, "product of 10000 factors") == "2.5e-323"
    assert value_of(nines_section(output), "first n with a subnormal product") == str(
        first_subnormal) == "6724"


def nines_section(output: str) -> str:
    return output.split("0.9s")[1]


def test_float32_halves(output):
    value, n = np.float32(1.0), 0
    while value != 0:
        value, n = np.float32(value * np.float32(0.5)), n + 1
    assert value_of(output, "first n with float32 product 0.0") == str(n) == "150"


def test_logsumexp_table(output):
    rows = {line.split("]")[0].strip() + "]": line.split("]")[1].split()
            for line in output.splitlines() if line.strip().startswith("[")}
    shift = math.log(1 + math.exp(-1) + math.exp(-2))
    assert rows["[1000, 999, 998]"] == ["inf", repr(1000 + shift)]
    assert rows["[-1000, -1001, -1002]"] == ["-inf", repr(-1000 + shift)]
    assert rows["[-inf, 0]"] == ["0.0", "0.0"]
    assert rows["[-inf, -inf]"] == ["-inf", "-inf"]


def test_closed_form_estimates_match_the_grid(output):
    mle = output.split("3. Closed-form")[1].split("4. The Gaussian")[0]
    blocks = mle.split("  Bernoulli")[1].split("  Poisson")
    bernoulli, rest = blocks[0], blocks[1]
    poisson, rest = rest.split("  exponential")
    exponential, gaussian = rest.split("  Gaussian")
    expectations = ((bernoulli, 7 / 10), (poisson, 31 / 8), (exponential, 4 / 5.0))
    for block, expected in expectations:
        assert float(value_of(block, "closed form")) == pytest.approx(expected, rel=1e-15)
        assert float(value_of(block, "grid maximiser")) == pytest.approx(expected, rel=1e-12)
        assert float(value_of(block, "numerical maximiser")) == pytest.approx(expected, abs=1e-7)
    data = list(demo.MEASUREMENTS)
    assert value_of(gaussian, "closed form mean") == repr(statistics.fmean(data)) == "5.0"
    assert value_of(gaussian, "closed form variance") == repr(statistics.pvariance(data))
    assert value_of(gaussian, "grid maximiser mean") == "5.0"
    assert value_of(gaussian, "grid maximiser variance") == "4.0"


def test_max_log_likelihoods(output):
    mle = output.split("3. Closed-form")[1]
    values = [float(line.split()[-1]) for line in mle.splitlines()
              if line.strip().startswith("max log-likelihood")]
    k, n = 7, 10
    bernoulli = k * math.log(0.7) + (n - k) * math.log(0.3)
    counts = demo.EVENT_COUNTS
    lam = sum(counts) / len(counts)
    poisson = math.fsum(c * math.log(lam) - lam - math.lgamma(c + 1) for c in counts)
    exponential = 4 * math.log(0.8) - 0.8 * 5.0
    gaussian = -4 * math.log(2 * math.pi * 4.0) - 32 / 8
    for got, want in zip(values, (bernoulli, poisson, exponential, gaussian), strict=True):
        assert got == pytest.approx(want, rel=1e-13)


def test_variance_section(output):
    assert value_of(output, "MLE variance, / n") == "4.0"
    assert value_of(output, "unbiased variance, / (n - 1)") == repr(32 / 7) == "4.571428571428571"
    at_mle = float(value_of(output, "log-likelihood at the MLE variance"))
    at_unbiased = float(value_of(output, "log-likelihood at the unbiased variance"))
    assert at_mle == pytest.approx(-4 * math.log(8 * math.pi) - 4, rel=1e-14)
    assert at_unbiased == pytest.approx(-4 * math.log(2 * math.pi * 32 / 7) - 3.5, rel=1e-14)
    assert at_unbiased < at_mle


def test_helpers_agree_with_loops():
    for p in (0.5, 0.45, 0.1):
        assert demo.first_zero_product(p) == loop_first_zero(p)
    assert demo.first_zero_product(0.9) is None
    assert demo.stuck_product(0.9) == (7050, 2.5e-323)
    assert demo.shifted_log_sum_exp([1000.0, 1000.0]) == 1000.6931471805599
    assert demo.naive_log_sum_exp([1000.0, 1000.0]) == math.inf
