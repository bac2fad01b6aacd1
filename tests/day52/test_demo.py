"""The Day 52 demo: the numbers it prints, its command line, and its functions.

Expected values come from independent computations (scipy's distributions and root finder,
scikit-learn, numpy written out here), never from the reference solution.
"""

from __future__ import annotations

import ast
import inspect
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, stats
from sklearn.linear_model import LogisticRegression

from days.day50.code import fit_demo
from days.day52.code import uncertainty_demo as demo

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "days" / "day52" / "code"
Z = stats.norm.ppf(0.975)
C = stats.chi2.ppf(0.95, 1)


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "days.day52.code.uncertainty_demo", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture(scope="module")
def output() -> str:
    process = run_demo()
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    return process.stdout


def section(output: str, number: int) -> str:
    start = output.index(f"\n{number}. ")
    end = output.find(f"\n{number + 1}. ", start)
    return output[start:end if end > 0 else None]


def likelihood_ratio_scipy(k: int, n: int) -> tuple[float, float]:
    p = k / n

    def excess(t):
        return 2 * (stats.binom.logpmf(k, n, p) - stats.binom.logpmf(k, n, t)) - C

    return (0.0 if k == 0 else optimize.brentq(excess, 1e-300, p, xtol=1e-15),
            1.0 if k == n else optimize.brentq(excess, p, 1 - 1e-16, xtol=1e-15))


# --------------------------------------------------------------------------------------------
# What the demo prints
# --------------------------------------------------------------------------------------------
def test_every_section_is_printed(output):
    for title in ("1. Information", "2. Logistic regression", "3. Invariance",
                  "4. 95 % intervals", "5. Coverage", "6. Estimating sigma^2"):
        assert title in output


def test_information_section(output):
    rows = re.findall(r"^\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$", section(output, 1),
                      re.MULTILINE)
    assert [int(r[0]) for r in rows] == [10, 40, 160]
    for n, exact, numeric, se, spread in rows:
        n = int(n)
        assert float(exact) == pytest.approx(n / 0.21, abs=1e-4)
        assert float(numeric) == pytest.approx(n / 0.21, abs=1e-4)
        assert float(se) == pytest.approx(math.sqrt(0.21 / n), abs=1e-4)
        # 10000 simulated data sets: within a few per cent of the standard error.
        assert float(spread) == pytest.approx(math.sqrt(0.21 / n), rel=0.03)


def test_logistic_section(output):
    X, y = fit_demo.make_logistic_data()
    mle = LogisticRegression(C=np.inf, fit_intercept=False, solver="newton-cholesky", tol=1e-12,
                             max_iter=1000).fit(X, y).coef_[0]
    p = 1 / (1 + np.exp(-(X @ mle)))
    se = np.sqrt(np.diag(np.linalg.inv((X.T * (p * (1 - p))) @ X)))
    text = section(output, 2)
    for j in range(3):
        assert f"{mle[j]:10.6f}  {se[j]:8.4f}" in text
    rows = re.findall(r"^\s+w\d\s+.*\s(\S+)$", text, re.MULTILINE)
    spreads = [float(v) for v in rows]
    np.testing.assert_allclose(spreads, se, rtol=0.15)  # 200 refits: within 15 per cent
    assert f"sqrt(n) = {math.sqrt(500):.2f}" in text


def test_invariance_section(output):
    text = section(output, 3)
    assert "lambda_hat = n / sum = 0.8000, se = lambda_hat / sqrt(n) = 0.4000" in text
    assert "se(lambda) / lambda^2 = 0.6250" in text
    rate_wald = (0.8 - Z * 0.4, 0.8 + Z * 0.4)
    assert f"({rate_wald[0]:8.4f}, {rate_wald[1]:8.4f})" in text
    assert f"({1 / rate_wald[1]:8.4f}, {1 / rate_wald[0]:8.4f})" in text
    assert "sigma^2_hat = 4.0000 (se 2.0000); sigma_hat = 2.0000" in text


def test_intervals_section(output):
    text = section(output, 4)
    for k, n in ((7, 10), (1, 10), (0, 10), (10, 10), (112, 160)):
        low, high = likelihood_ratio_scipy(k, n)
        row = next(line for line in text.splitlines() if line.strip().startswith(f"{k}/{n} "))
        assert f"({low:8.4f}, {high:8.4f})" in row
    x = np.array([2, 4, 4, 4, 5, 5, 7, 9.0])
    t_half = stats.t.ppf(0.975, 7) * x.std(ddof=1) / math.sqrt(8)
    assert f"({5 - t_half:8.4f}, {5 + t_half:8.4f})" in text


def test_coverage_section(output):
    text = section(output, 5)
    rows = re.findall(r"^\s+(0\.\d\d)\s+(.*)$", text, re.MULTILINE)
    assert [float(r[0]) for r in rows] == list(demo.COVERAGE_THETAS)
    wald_exact = [float(v) for v in re.findall(r"exact (\S+)\)", rows[0][1])]
    # Wald at theta = 0.01: the counts 1, 2, 3 out of 20 cover, no other.
    assert wald_exact[0] == pytest.approx(
        sum(stats.binom.pmf(k, 20, 0.01) for k in (1, 2, 3)), abs=1e-4)
    for _, cells in rows:
        pairs = re.findall(r"(\S+) \(exact (\S+)\)", cells)
        assert len(pairs) == 3
        for simulated, exact in pairs:
            error = math.sqrt(float(exact) * (1 - float(exact)) / 10_000)
            assert abs(float(simulated) - float(exact)) <= 3 * error + 1e-4
    assert "about 0.0022" in text


def test_variance_section(output):
    text = section(output, 6)
    rows = dict(re.findall(r"^\s+(1/\S+(?: - 1\)| \+ 1\))?)\s+(.*)$", text, re.MULTILINE))
    assert rows, text
    exact = {"1/(n - 1)": 0.5, "1/n": 0.36, "1/(n + 1)": 1 / 3}
    for name, value in exact.items():
        line = next(line for line in text.splitlines() if line.strip().startswith(name + " "))
        assert line.split()[-1] == f"{value:.4f}"
        assert float(line.split()[-2]) == pytest.approx(value, rel=0.03)


def test_help_one_section_and_bad_input():
    help_text = run_demo("--help")
    assert help_text.returncode == 0 and "--section" in help_text.stdout
    assert "--trials" in help_text.stdout
    one = run_demo("--section", "intervals")
    assert one.returncode == 0 and "4. 95 %" in one.stdout and "1. Information" not in one.stdout
    bad = run_demo("--section", "nope")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    few = run_demo("--section", "coverage", "--trials", "1")
    assert few.returncode == 2 and "--trials" in few.stderr


# --------------------------------------------------------------------------------------------
# The importable functions
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("k", "n"), [(7, 10), (0, 10), (10, 10), (1, 40), (250, 1000)])
def test_intervals_against_independent_formulas(k, n):
    p = k / n
    half = Z * math.sqrt(p * (1 - p) / n)
    np.testing.assert_allclose(demo.wald(k, n), (p - half, p + half), atol=1e-14)
    roots = sorted(np.roots([1 + Z**2 / n, -(2 * p + Z**2 / n), p**2]).real)
    np.testing.assert_allclose(demo.wilson(k, n), roots, atol=1e-12)
    np.testing.assert_allclose(demo.likelihood_ratio(k, n), likelihood_ratio_scipy(k, n),
                               rtol=1e-10, atol=1e-13)


def test_information_helpers():
    def loglik(t):
        return float(stats.binom.logpmf(7, 10, t))

    assert demo.bernoulli_information(0.7, 10) == pytest.approx(10 / 0.21)
    assert demo.second_difference_information(loglik, 0.7) == pytest.approx(10 / 0.21,
                                                                             rel=1e-6)
    assert demo.bernoulli_loglik(0.7, 7, 10) == pytest.approx(
        stats.binom.logpmf(7, 10, 0.7) - math.log(math.comb(10, 7)), rel=1e-13)
    assert demo.bernoulli_loglik(0.0, 0, 5) == 0.0 and demo.bernoulli_loglik(1.0, 5, 5) == 0.0


def test_logistic_standard_errors_against_numerical_hessian():
    X, y = fit_demo.make_logistic_data(n=80, seed=3)
    w = np.array([0.2, -0.5, 1.0])

    def nll(v):
        z = X @ v
        return float(np.sum(np.logaddexp(0.0, z) - y * z))

    step = 1e-4
    numeric = np.array([[(nll(w + step * (a + b)) - nll(w + step * (a - b))
                          - nll(w - step * (a - b)) + nll(w - step * (a + b))) / (4 * step**2)
                         for b in np.eye(3)] for a in np.eye(3)])
    hessian, errors = demo.logistic_standard_errors(X, w)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5)
    np.testing.assert_allclose(errors, np.sqrt(np.diag(np.linalg.inv(numeric))), rtol=1e-5)


def test_exponential_and_gaussian_intervals():
    found = demo.exponential_rate_intervals()
    low, high = found["rate, likelihood ratio"]
    assert found["scale, likelihood ratio"] == pytest.approx((1 / high, 1 / low), rel=1e-10)
    for lam in (low, high):  # both ends are 1.92 below the peak
        drop = (4 * math.log(0.8) - 0.8 * 5) - (4 * math.log(lam) - lam * 5)
        assert drop == pytest.approx(C / 2, rel=1e-9)
    intervals = demo.gaussian_mean_intervals()
    x = np.array(demo.VARIANCE_DATA)
    mu = intervals["profile likelihood ratio"][1]
    profile = -4 * math.log(np.mean((x - mu) ** 2)) + 4 * math.log(np.var(x))
    assert -profile == pytest.approx(C / 2, rel=1e-9)


def test_coverage_helpers():
    exact = demo.exact_coverage(demo.wilson, 0.3, 20)
    simulated = demo.simulated_coverage(demo.wilson, 0.3, 20, 20_000, seed=1)
    assert abs(simulated - exact) < 4 * math.sqrt(exact * (1 - exact) / 20_000)
    counts = np.random.default_rng(4).binomial(12, 0.4, size=500)
    expected = np.mean([demo.wald(int(k), 12)[0] <= 0.4 <= demo.wald(int(k), 12)[1]
                        for k in counts])
    assert demo.simulated_coverage(demo.wald, 0.4, 12, 500, seed=4) == expected


def test_variance_risks():
    exact = demo.exact_variance_risks(7, sigma2=2.0)
    simulated = demo.variance_estimator_risks(7, 200_000, sigma2=2.0, seed=3)
    for name in exact:
        bias, variance, mse = exact[name]
        assert mse == pytest.approx(bias**2 + variance)
        assert simulated[name][2] == pytest.approx(mse, rel=0.02)
    assert exact["1/n"][2] == pytest.approx((2 * 7 - 1) * 4 / 49)


def test_public_functions_are_documented_and_typed():
    for name in demo.__all__:
        obj = getattr(demo, name)
        if callable(obj) and not isinstance(obj, dict):
            assert inspect.getdoc(obj), name
            assert "return" in obj.__annotations__, name


def test_lesson_code_imports_neither_solutions_nor_exercises():
    for path in CODE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("solutions", "exercises")), (path, name)
