"""The Day 50 demo: the numbers it prints, its command line, and its functions.

Expected values come from independent solvers (scikit-learn, scipy.optimize, np.linalg.lstsq),
never from the reference solution.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

from days.day50.code import fit_demo

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "days" / "day50" / "code"


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "days.day50.code.fit_demo", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def output() -> str:
    process = run_demo()
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    return process.stdout


def vector(values) -> str:
    """How the demo prints a vector of 6-decimal numbers."""
    return "[" + ", ".join(f"{v:10.6f}" for v in values) + "]"


def sklearn_fit(X, y, l2: float) -> np.ndarray:
    """scikit-learn minimises ||w||^2 / 2 + C sum BCE: C = 1 / (n l2) is our objective."""
    C = np.inf if l2 == 0 else 1.0 / (len(y) * l2)
    model = LogisticRegression(C=C, fit_intercept=False, solver="newton-cholesky", tol=1e-12,
                               max_iter=1000)
    return model.fit(X, y).coef_[0]


# --------------------------------------------------------------------------------------------
# What the demo prints
# --------------------------------------------------------------------------------------------
def test_every_section_is_printed(output):
    for title in ("1. Gradient check", "2. Logistic regression", "3. Linear regression",
                  "4. A Gaussian prior", "5. Separable data", "6. Damping"):
        assert title in output


def test_logistic_weights_are_the_mle(output):
    X, y = fit_demo.make_logistic_data()
    mle = sklearn_fit(X, y, 0.0)
    assert f"Newton's weights (the MLE)        {vector(mle)}" in output
    assert f"gradient descent, 1000 steps      {vector(mle)}" in output


def test_logistic_minimum_loss(output):
    X, y = fit_demo.make_logistic_data()

    def loss(w):
        z = X @ w
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    best = minimize(loss, np.zeros(3), method="BFGS", options={"gtol": 1e-10}).fun
    printed = float(re.search(r"minimum J\(w\*\) \(Newton, 8 steps\)\s+(\S+)", output)[1])
    assert abs(printed - best) < 1e-12
    assert f"{np.log(2):24.15f}" in output  # J(0) = log 2 for both methods


def test_newton_converges_in_six_steps_and_descent_falls(output):
    rows = re.findall(r"^\s+(\d+)\s+(0\.\d{15})(?:\s+(0\.\d{15}))?$", output, re.MULTILINE)
    descent = [float(r[1]) for r in rows]
    newton = [float(r[2]) for r in rows if r[2]]
    assert len(newton) == 7 and descent == sorted(descent, reverse=True)
    assert newton == sorted(newton, reverse=True)
    assert abs(newton[6] - newton[5]) < 1e-13 and newton[1] < descent[1]
    assert "gradient descent within 1e-9      after 191 steps" in output


def test_standard_errors_are_the_inverse_information(output):
    # Written out here: the total NLL's Hessian X^T diag(p (1 - p)) X at scikit-learn's MLE;
    # its inverse is the MLE's approximate covariance.
    X, y = fit_demo.make_logistic_data()
    mle = sklearn_fit(X, y, 0.0)
    p = 1 / (1 + np.exp(-X @ mle))
    errors = np.sqrt(np.diag(np.linalg.inv(X.T @ np.diag(p * (1 - p)) @ X)))
    assert f"standard errors (Fisher)          {vector(errors)}" in output
    assert [f"{e:.2f}" for e in errors] == ["0.12", "0.19", "0.16"]
    misses = (mle - np.array(fit_demo.TRUE_LOGISTIC_WEIGHTS)) / errors
    assert "[" + ", ".join(f"{v:.2g}" for v in misses) + "]" in output
    assert "1/sqrt(n) = 0.045" in output and abs(1 / np.sqrt(500) - 0.0447) < 1e-4


def newton_path(X, y, start, steps, damped):
    """Newton's method on the mean BCE, written out; damped by halving until Armijo holds."""
    def loss(w):
        z = X @ w
        return float(np.mean(np.logaddexp(0, z) - y * z))

    w, losses = np.asarray(start, float), []
    losses.append(loss(w))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - y) / len(y)
        step = np.linalg.solve((X.T * (p * (1 - p))) @ X / len(y), g)
        t = 1.0
        while (damped and loss(w - t * step) > loss(w) - 1e-4 * t * (g @ step)
               and t * (g @ step) > 1e-13 * (1 + abs(loss(w)))):
            t /= 2
        w = w - t * step
        losses.append(loss(w))
    return losses


def test_full_newton_steps_diverge_from_a_far_start(output):
    X, y = fit_demo.make_logistic_data()
    with np.errstate(all="ignore"):
        full = newton_path(X, y, fit_demo.FAR_START, 3, damped=False)
    damped = newton_path(X, y, fit_demo.FAR_START, 3, damped=True)
    for k in range(4):
        assert f"  {k:>9}  {full[k]:14.6g}  {damped[k]:14.6f}" in output
    assert full == sorted(full) and full[3] > 1e6
    assert damped == sorted(damped, reverse=True)
    # From w = 0 the damped method takes only full steps: the lesson's numbers are the same.
    assert newton_path(X, y, np.zeros(3), 8, True) == newton_path(X, y, np.zeros(3), 8, False)


def test_quasi_separated_loss_levels_off_above_zero(output):
    X = np.column_stack([np.ones(4), [-1.0, 0.0, 0.0, 1.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    w, rows = np.zeros(2), {}
    for k in range(1, 10_001):
        w = w - X.T @ (1 / (1 + np.exp(-X @ w)) - y) / 4
        if k in (10, 100, 1000, 10_000):
            z = X @ w
            rows[k] = (float(np.mean(np.logaddexp(0, z) - y * z)), float(w[1]))
    for k, (loss, slope) in rows.items():
        assert f"  {k:>6}  {loss:14.6f}  {slope:14.4f}" in output
    assert rows[10_000][0] - 0.5 * np.log(2) < 1e-3 and rows[10_000][1] > rows[1000][1] + 2
    assert f"(1/2) log 2 = {0.5 * np.log(2):.6f}" in output


def test_damping_section(output):
    # J(b) = e^b - 1000 b: the full step from 0 is b = 0 - (1 - 1000) / 1 = 999.
    assert "lands at b = 999, where e^b overflows" in output
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isinf(np.exp(999.0))
    mean, b, rows = 1000.0, 0.0, []
    for _ in range(8):
        step = (np.exp(b) - mean) / np.exp(b)
        t = 1.0
        with np.errstate(over="ignore", invalid="ignore"):
            while np.exp(b - t * step) - mean * (b - t * step) > np.exp(b) - mean * b \
                    - 1e-4 * t * step * (np.exp(b) - mean):
                t /= 2
        b -= t * step
        rows.append((t, b))
    assert rows[0][0] == 2.0**-7 and all(t == 1.0 for t, _ in rows[1:])
    for k, (t, b) in enumerate(rows, start=1):
        assert f"  {k:>6}  {t:>12g}  {b:20.15f}" in output
    assert abs(rows[-1][1] - np.log(1000)) < 1e-15
    assert f"log(1000) = {np.log(1000):.15f}" in output


def test_gradient_check_orders(output):
    rows = dict(re.findall(r"^\s+(1e-0\d)\s+(\S+\s+\S+)$", output, re.MULTILINE))
    central = {h: float(v.split()[0]) for h, v in rows.items()}
    forward = {h: float(v.split()[1]) for h, v in rows.items()}
    # Central: error ~ h^2 (a factor 1e4 per factor 100 in h); forward: ~ h (a factor 100).
    assert 0.5e4 < central["1e-02"] / central["1e-04"] < 2e4
    assert 50 < forward["1e-02"] / forward["1e-04"] < 200
    assert central["1e-06"] < 1e-9 < forward["1e-06"]


def test_linear_section(output):
    X, y = fit_demo.make_linear_data()
    w, rss, *_ = np.linalg.lstsq(X, y, rcond=None)
    assert f"least squares = Gaussian MLE      {vector(w)}" in output
    assert f"MLE  RSS / n                      {rss[0] / 50:.6f}" in output
    assert f"unbiased  RSS / (n - d), d = 3    {rss[0] / 47:.6f}" in output


def test_prior_section(output):
    X, y = fit_demo.make_logistic_data(n=40)
    norms = []
    for l2 in fit_demo.PRIOR_STRENGTHS:
        w = sklearn_fit(X, y, l2)
        assert vector(w) in output
        norms.append(np.linalg.norm(w))
    assert norms == sorted(norms, reverse=True)
    assert "0.1     0.5000" in output  # tau = 1 / sqrt(n l2) = 1 / sqrt(4)


def test_separable_section(output):
    rows = re.findall(r"^\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$",
                      output.split("5. Separable")[1], re.MULTILINE)
    slopes = [float(r[2]) for r in rows]
    losses = [float(r[1]) for r in rows]
    assert slopes == sorted(slopes) and losses == sorted(losses, reverse=True)
    assert losses[-1] < 1e-4
    X, y = fit_demo.make_separable_data()
    assert float(rows[-1][4]) == pytest.approx(sklearn_fit(X, y, 0.01)[1], abs=1e-4)


def test_help_and_one_section():
    help_text = run_demo("--help")
    assert help_text.returncode == 0 and "--section" in help_text.stdout
    one = run_demo("--section", "linear")
    assert one.returncode == 0 and "3. Linear" in one.stdout and "2. Logistic" not in one.stdout
    bad = run_demo("--section", "nope")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


# --------------------------------------------------------------------------------------------
# The importable functions
# --------------------------------------------------------------------------------------------
def test_gradient_matches_central_differences():
    X, y = fit_demo.make_logistic_data(n=60, seed=3)
    w = np.array([0.2, -0.7, 1.1])
    for l2 in (0.0, 0.3):
        numeric = fit_demo.central_differences(lambda v, s=l2: fit_demo.mean_bce(X, y, v, s), w)
        np.testing.assert_allclose(fit_demo.mean_bce_gradient(X, y, w, l2), numeric, atol=1e-9)


def test_finite_differences_of_a_cubic():
    # (w + h)^3 - (w - h)^3 = 6 w^2 h + 2 h^3: the central difference is 3 w^2 + h^2.
    def cubic(v):
        return float(np.sum(v**3))

    np.testing.assert_allclose(fit_demo.central_differences(cubic, [1.0, 2.0], 1e-2),
                               [3.0001, 12.0001], rtol=1e-10)
    np.testing.assert_allclose(fit_demo.forward_differences(cubic, [1.0], 1e-2),
                               [3.0301], rtol=1e-10)


def test_newton_and_descent_reach_the_penalised_minimum():
    X, y = fit_demo.make_logistic_data(n=80, seed=4)
    target = sklearn_fit(X, y, 0.05)
    np.testing.assert_allclose(fit_demo.newton_method(X, y, 20, l2=0.05)[-1], target,
                               atol=1e-8)
    np.testing.assert_allclose(fit_demo.gradient_descent(X, y, 3000, l2=0.05)[-1], target,
                               atol=1e-6)


def test_least_squares_estimates():
    X, y = fit_demo.make_linear_data(n=30, seed=8)
    w, variance_mle, variance_unbiased = fit_demo.least_squares(X, y)
    expected, rss, *_ = np.linalg.lstsq(X, y, rcond=None)
    np.testing.assert_allclose(w, expected, rtol=1e-10)
    assert variance_mle == pytest.approx(rss[0] / 30, rel=1e-10)
    assert variance_unbiased == pytest.approx(rss[0] / 27, rel=1e-10)


def test_public_functions_are_documented_and_typed():
    for name in fit_demo.__all__:
        obj = getattr(fit_demo, name)
        if callable(obj):
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
