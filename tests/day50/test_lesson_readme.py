"""Day 50 lesson page: every number printed in ``days/day50/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (``math``, ``numpy``, ``scipy``, ``scikit-learn``); a test checks that the value
rounds to the printed form and that the form occurs in the README. A last test scans the README
for decimal numbers that no entry accounts for. The markup (figures, ``<details>`` blocks,
display maths) is checked too.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from days.day50.code import fit_demo

README = Path(__file__).resolve().parents[2] / "days/day50/README.md"


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


def logistic_fit(X, y, l2: float) -> np.ndarray:
    """argmin of mean BCE + (l2 / 2) ||w||^2 with scipy's trust-region Newton."""
    X, y = np.asarray(X, float), np.asarray(y, float)

    def objective(w):
        z = X @ w
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w @ w)

    def gradient(w):
        return X.T @ (expit(X @ w) - y) / len(y) + l2 * w

    def hessian(w):
        p = expit(X @ w)
        return (X.T * (p * (1 - p))) @ X / len(y) + l2 * np.eye(X.shape[1])

    return minimize(objective, np.zeros(X.shape[1]), jac=gradient, hess=hessian,
                    method="trust-exact", options={"gtol": 1e-12}).x


def mean_bce(X, y, w) -> float:
    z = np.asarray(X, float) @ np.asarray(w, float)
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y, float) * z))


def newton_losses(X, y, start, steps: int, damped: bool) -> list[float]:
    """J after each step of Newton's method, written out here; damped by Armijo's rule
    (halve t until J falls by 1e-4 of the predicted decrease)."""
    w, out = np.asarray(start, float), []
    out.append(mean_bce(X, y, w))
    for _ in range(steps):
        p = expit(X @ w)
        g = X.T @ (p - y) / len(y)
        step = np.linalg.solve((X.T * (p * (1 - p))) @ X / len(y), g)
        t = 1.0
        while damped and mean_bce(X, y, w - t * step) > mean_bce(X, y, w) - 1e-4 * t * (g @ step):
            t /= 2
        w = w - t * step
        out.append(mean_bce(X, y, w))
    return out


def poisson_intercept(mean: float, steps: int) -> list[tuple[float, float]]:
    """Damped Newton on J(b) = e^b - mean * b from b = 0: (t, b) after each step."""
    b, out = 0.0, []
    for _ in range(steps):
        g = math.exp(b) - mean
        step = g / math.exp(b)
        t = 1.0
        while True:
            trial = b - t * step
            if trial < 709 and math.exp(trial) - mean * trial <= math.exp(b) - mean * b \
                    - 1e-4 * t * step * g:
                break
            t /= 2
        b = trial
        out.append((t, b))
    return out


def descent_slopes(X, y, l2: float, checkpoints) -> list[float]:
    """The slope after each checkpoint of gradient descent with step 1, written out here."""
    w, out = np.zeros(2), []
    for k in range(1, max(checkpoints) + 1):
        w = w - (X.T @ (expit(X @ w) - y) / len(y) + l2 * w)
        if k in checkpoints:
            out.append(float(w[1]))
    return out


# Section 2: the worked gradient, and the residual of a confident right answer.
GRAD_X, GRAD_Y = np.array([[1.0, 2.0], [1.0, -1.0]]), np.array([1.0, 0.0])
WORKED_GRADIENT = GRAD_X.T @ (expit(np.zeros(2)) - GRAD_Y) / 2
with mpmath.workdps(50):
    SIGMA_MINUS_40 = float(1 / (1 + mpmath.exp(40)))
# Section 3: the cubic at w = 1, h = 1e-3.
H = 1e-3
CENTRAL = ((1 + H) ** 3 - (1 - H) ** 3) / (2 * H)
FORWARD = ((1 + H) ** 3 - 1) / H
# Section 4: the demo's data.
LOGISTIC_X, LOGISTIC_Y = fit_demo.make_logistic_data()
MLE = LogisticRegression(C=np.inf, fit_intercept=False, solver="newton-cholesky", tol=1e-12,
                         max_iter=1000).fit(LOGISTIC_X, LOGISTIC_Y).coef_[0]
_P = expit(LOGISTIC_X @ MLE)
STANDARD_ERRORS = np.sqrt(np.diag(np.linalg.inv((LOGISTIC_X.T * (_P * (1 - _P))) @ LOGISTIC_X)))
MISSES = (MLE - np.array([-0.5, 2.0, -1.0])) / STANDARD_ERRORS
ROOT_N = 1 / math.sqrt(500)
FAR = (0.0, 5.0, 0.0)
FULL_FROM_FAR = newton_losses(LOGISTIC_X, LOGISTIC_Y, FAR, 3, damped=False)
DAMPED_FROM_FAR = newton_losses(LOGISTIC_X, LOGISTIC_Y, FAR, 3, damped=True)
# Section 5: the four points.
LINE_X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
LINE_Y = np.array([1.0, 3.0, 2.0, 5.0])
LINE_W, LINE_RSS, *_ = np.linalg.lstsq(LINE_X, LINE_Y, rcond=None)
RESIDUALS = LINE_Y - LINE_X @ LINE_W


def near_exact_fit() -> tuple[float, float, float]:
    """Targets near 100 off a plane by 1e-6 (the hidden test's): the relative error of sigma2
    from lstsq and y - X w in float64, and of the shortcut y.y - w.X^T y, against 60 digits."""
    rng = np.random.default_rng(50)
    n = 40
    X = np.column_stack([np.ones(n), rng.uniform(-2, 2, size=n), rng.normal(size=n)])
    y = X @ np.array([100.0, 3.0, -2.0]) + rng.normal(scale=1e-6, size=n)
    with mpmath.workdps(60):
        A = mpmath.matrix([[mpmath.mpf(float(v)) for v in row] for row in X])
        b = mpmath.matrix([mpmath.mpf(float(v)) for v in y])
        exact_w = mpmath.lu_solve(A.T * A, A.T * b)
        exact = float(mpmath.fsum(v**2 for v in (b - A * exact_w)) / n)
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    plain = float(np.sum((y - X @ w) ** 2) / n)
    shortcut = float((y @ y - w @ (X.T @ y)) / n)
    return abs(plain / exact - 1), abs(shortcut / exact - 1), float(np.sqrt(exact))
# Section 6: the penalty example and the toy logistic fits.
TOY_MLE = logistic_fit(LINE_X, [0, 1, 0, 1], 0.0)
TOY_MAP = logistic_fit(LINE_X, [0, 1, 0, 1], 0.1)
# Section 7: separable data.
SEP_X, SEP_Y = fit_demo.make_separable_data()
SLOPES = descent_slopes(SEP_X, SEP_Y, 0.0, (10, 100, 1000, 10_000))
PENALISED_SLOPE = logistic_fit(SEP_X, SEP_Y, 0.01)[1]
QUASI_X = np.column_stack([np.ones(4), [-1.0, 0.0, 0.0, 1.0]])
QUASI_Y = np.array([0.0, 0.0, 1.0, 1.0])
QUASI_SLOPES = descent_slopes(QUASI_X, QUASI_Y, 0.0, (10, 100, 1000, 10_000))
# 12000 zeros and a one at x = -1, 12000 ones and a zero at x = 3: the MLE matches each point's
# frequency, so the minimum mean loss is the binary entropy of 1 / 12001.
OVERLAP_LOSS = -(math.log(12_000 / 12_001) * 12_000 + math.log(1 / 12_001)) / 12_001
# Section 8: damping an intercept-only Poisson fit to counts of mean 1000; the fitted rate at
# x = 1 of counts 1, 0, 2, 4, 7 at x = 0..4, with and without the zero (scipy's BFGS on the NLL).
POISSON_PATH = poisson_intercept(1000.0, 8)


def poisson_rate_at_one(keep: list[int]) -> float:
    X = np.column_stack([np.ones(len(keep)), np.array(keep, float)])
    counts = np.array([1.0, 0.0, 2.0, 4.0, 7.0])[keep]
    w = minimize(lambda v: float(np.sum(np.exp(X @ v) - counts * (X @ v))), np.zeros(2),
                 method="BFGS", options={"gtol": 1e-12}).x
    return math.exp(w[0] + w[1])


ZERO_COUNT_RATES = (poisson_rate_at_one([0, 1, 2, 3, 4]), poisson_rate_at_one([0, 2, 3, 4]))

# (printed form, value, decimals printed)
NUMBERS = [
    ("-0.75", WORKED_GRADIENT[1], 2),
    ("3.000001", CENTRAL, 6),
    ("3.003001", FORWARD, 6),
    ("0.693147", math.log(2), 6),
    ("-0.520579", MLE[0], 6),
    ("1.999422", MLE[1], 6),
    ("-1.248554", MLE[2], 6),
    ("1.1", LINE_W[0], 1),
    ("-0.1", RESIDUALS[0], 1),
    ("0.8", RESIDUALS[1], 1),
    ("-1.3", RESIDUALS[2], 1),
    ("0.6", RESIDUALS[3], 1),
    ("2.7", LINE_RSS[0], 1),
    ("0.675", LINE_RSS[0] / 4, 3),
    ("1.35", LINE_RSS[0] / 2, 2),
    ("0.5", (9 + 16) / (2 * 25), 1),
    ("-1.3623", TOY_MLE[0], 4),
    ("0.9082", TOY_MLE[1], 4),
    ("-0.4719", TOY_MAP[0], 4),
    ("0.4486", TOY_MAP[1], 4),
    ("1.9689", SLOPES[0], 4),
    ("3.6747", SLOPES[1], 4),
    ("5.8349", SLOPES[2], 4),
    ("8.1151", SLOPES[3], 4),
    ("2.6282", PENALISED_SLOPE, 4),
    ("4.248", SIGMA_MINUS_40 * 1e18, 3),
    ("0.12", STANDARD_ERRORS[0], 2),
    ("0.19", STANDARD_ERRORS[1], 2),
    ("0.16", STANDARD_ERRORS[2], 2),
    ("0.25", abs(MLE[2] + 1.0), 2),
    ("1.6", abs(MISSES[2]), 1),
    ("2.8", STANDARD_ERRORS.min() / ROOT_N, 1),
    ("4.3", STANDARD_ERRORS.max() / ROOT_N, 1),
    ("0.045", ROOT_N, 3),
    ("0.767608", FULL_FROM_FAR[0], 6),
    ("4.92", FULL_FROM_FAR[1], 2),
    ("45.5", FULL_FROM_FAR[2], 1),
    ("1.39", FULL_FROM_FAR[3] / 1e6, 2),
    ("0.449571", DAMPED_FROM_FAR[1], 6),
    ("0.417159", DAMPED_FROM_FAR[2], 6),
    ("0.415826", DAMPED_FROM_FAR[3], 6),
    ("1.5515", QUASI_SLOPES[0], 4),
    ("3.8700", QUASI_SLOPES[1], 4),
    ("6.2070", QUASI_SLOPES[2], 4),
    ("8.5161", QUASI_SLOPES[3], 4),
    ("0.346574", 0.5 * math.log(2), 6),
    ("8.7", OVERLAP_LOSS * 1e4, 1),
    ("7.80", POISSON_PATH[0][1], 2),
    ("0.93", ZERO_COUNT_RATES[0], 2),
    ("1.39", ZERO_COUNT_RATES[1], 2),
    ("6.907755", math.log(1000), 6),
]
# Inputs the README states (not results): data, settings, true values.
INPUTS = {"-0.5", "0.0", "0.1", "0.01", "0.5", "1.1"}
# Counted elsewhere: 0.5 is also the prior penalty at w = tau = 1e200 (test below).


@pytest.mark.parametrize(("shown", "value", "decimals"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_printed_number_is_right(text, shown, value, decimals):
    assert f"{value:.{decimals}f}" == shown
    assert re.search(rf"(?<![\d.]){re.escape(shown)}(?!\d)", text), shown


def test_every_decimal_in_the_readme_is_accounted_for(text):
    accounted = {n[0].lstrip("-") for n in NUMBERS} | {s.lstrip("-") for s in INPUTS}
    found = set(re.findall(r"\d+\.\d+", text))
    assert found <= accounted, found - accounted


def test_worked_gradient_and_counts(text):
    assert WORKED_GRADIENT[0] == 0.0
    assert "(0,\\ -0.75)" in text
    assert "3/h + 1 = 3001" in text and round((FORWARD - 3) / (CENTRAL - 3)) == 3001
    assert "(1.1,\\ 1.1)" in text and np.allclose(LINE_W, [1.1, 1.1])
    assert "(-0.1,\\ 0.8,\\ -1.3,\\ 0.6)" in text


def test_newton_and_descent_step_counts(text):
    best = mean = None
    w = np.zeros(3)
    losses = []
    for _ in range(8):  # Newton's method, written out
        p = expit(LOGISTIC_X @ w)
        grad = LOGISTIC_X.T @ (p - LOGISTIC_Y) / len(p)
        hess = (LOGISTIC_X.T * (p * (1 - p))) @ LOGISTIC_X / len(p)
        z = LOGISTIC_X @ w
        losses.append(float(np.mean(np.logaddexp(0, z) - LOGISTIC_Y * z)))
        w = w - np.linalg.solve(hess, grad)
    best = losses[-1]
    assert abs(losses[6] - best) < 1e-15 < abs(losses[5] - best)  # printed to 15 decimals
    assert "to 15 digits after 6\nsteps" in text or "to 15 digits after 6 steps" in text
    w, mean = np.zeros(3), []
    for _ in range(400):
        z = LOGISTIC_X @ w
        mean.append(float(np.mean(np.logaddexp(0, z) - LOGISTIC_Y * z)))
        w = w - LOGISTIC_X.T @ (expit(z) - LOGISTIC_Y) / len(z)
    assert int(np.flatnonzero(np.array(mean) - best < 1e-9)[0]) == 191
    assert "needs 191 steps" in text and "500 generated samples" in text


def test_subtraction_claims(text):
    # sigma(40) rounds to 1: 1 - 4.248e-18 is closer to 1 than to the float below, 1 - 2^-53.
    assert expit(40.0) == 1.0 and expit(40.0) - 1.0 == 0.0
    assert SIGMA_MINUS_40 < 2.0**-54 and np.nextafter(1.0, 0.0) == 1.0 - 2.0**-53
    assert "$1 - 2^{-53}$" in text and "-4.248 \\cdot 10^{-18}" in text
    # Sterbenz: a difference of floats within a factor 2 of each other is exact.
    rng = np.random.default_rng(0)
    a = rng.uniform(1.0, 2.0, 1000)
    b = a * rng.uniform(0.5, 1.0, 1000)
    exact = [Fraction(float(x)) - Fraction(float(v))
             for x, v in zip(a, b, strict=True)
             ]
    assert all(Fraction(float(x - v)) == e for x, v, e in zip(a, b, exact, strict=True))
    assert "Sterbenz" in text
    # Any float subtraction is correctly rounded: float(Fraction) rounds the exact difference
    # to nearest, and IEEE 754 arithmetic gives the same float.
    c = rng.uniform(-1e3, 1e3, 1000) * 10.0 ** rng.integers(-20, 20, 1000)
    d = rng.uniform(-1e3, 1e3, 1000)
    assert all(float(Fraction(float(x)) - Fraction(float(v))) == x - v
               for x, v in zip(c, d, strict=True))


def test_standard_errors_and_damping(text):
    assert "are 0.12, 0.19 and\n0.16" in text or "are 0.12, 0.19 and 0.16" in text
    assert abs(MISSES[0]) < 1 and abs(MISSES[1]) < 1 and 1.5 < abs(MISSES[2]) < 1.7
    assert FULL_FROM_FAR == sorted(FULL_FROM_FAR)
    assert DAMPED_FROM_FAR == sorted(DAMPED_FROM_FAR, reverse=True)
    assert "$w = (0, 5, 0)$" in text and "$1.39 \\cdot 10^{6}$" in text
    # From w = 0 every damped step is a full one (the first 6, which reach the minimum).
    zero = np.zeros(3)
    assert newton_losses(LOGISTIC_X, LOGISTIC_Y, zero, 6, True) == \
        newton_losses(LOGISTIC_X, LOGISTIC_Y, zero, 6, False)
    assert "if 100 steps do not get there, raise `RuntimeError`" in text


def test_near_exact_fit_and_prior_extremes(text):
    plain, shortcut, sigma = near_exact_fit()
    assert 1e-10 < plain < 1e-8, plain  # "about nine digits"
    assert shortcut > 1.0, shortcut  # "no digit at all"
    assert 5e-7 < sigma < 2e-6  # "residuals near 10^{-6}"
    assert "keeps only about nine digits" in text and "keeps no digit at all" in text
    # The prior penalty's squares out of range, and the ratio's result.
    with np.errstate(all="ignore"):
        assert np.float64(1e-200) ** 2 / (2 * np.float64(1e-100) ** 2) == 0.0
        assert np.isnan(np.float64(1e200) ** 2 / (2 * np.float64(1e200) ** 2))
    assert (1e-200 / 1e-100) ** 2 / 2 == pytest.approx(5e-201, rel=1e-15)
    assert (1e200 / 1e200) ** 2 / 2 == 0.5
    assert "5 \\cdot 10^{-201}" in text


def test_separation_and_poisson_claims(text):
    # The quasi-separated slopes grow like the separable ones; the loss levels at (1/2) log 2.
    assert QUASI_SLOPES == sorted(QUASI_SLOPES)
    w = np.zeros(2)
    for _ in range(10_000):
        w = w - QUASI_X.T @ (expit(QUASI_X @ w) - QUASI_Y) / 4
    assert abs(mean_bce(QUASI_X, QUASI_Y, w) - 0.5 * math.log(2)) < 2e-4
    margins = (2 * QUASI_Y - 1) * (QUASI_X @ [0.0, 1.0])
    assert list(margins) == [1.0, 0.0, 0.0, 1.0] and "margins\n1, 0, 0, 1" in text
    assert OVERLAP_LOSS < 1e-3
    # Self-check 7: margins of v = (0, 1) at x = (0, 0, 1, 2), y = (0, 1, 1, 1).
    assert list((2 * np.array([0, 1, 1, 1]) - 1) * np.array([0.0, 0.0, 1.0, 2.0]) * 1.0) == \
        [0.0, 0.0, 1.0, 2.0]
    assert "margins 0, 0, 1, 2" in text
    # The Poisson damping: the full step lands at 1000 - 1 = 999, e^999 overflows; the damped
    # path halves the first step 7 times and then takes 5 full steps to log 1000 (6 decimals).
    assert 0.0 - (math.exp(0.0) - 1000.0) / math.exp(0.0) == 999.0
    with pytest.raises(OverflowError):
        math.exp(999.0)
    assert POISSON_PATH[0][0] == 1 / 128 and all(t == 1.0 for t, _ in POISSON_PATH[1:])
    assert f"{POISSON_PATH[5][1]:.6f}" == "6.907755" != f"{POISSON_PATH[4][1]:.6f}"
    assert "halves the first step seven times, to $t = 1/128$" in text
    assert "five full steps later" in text and "that is 999,\nand $e^{999}$ overflows" in text
    assert ZERO_COUNT_RATES[1] > ZERO_COUNT_RATES[0]
    assert "rate at $x = 1$ is 0.93; without\nthe zero it becomes 1.39" in text


def test_prior_scaling_self_check(text):
    assert 1 / math.sqrt(40 * 0.1) == 0.5
    assert "1/\\sqrt{4} = 0.5" in text


def test_markup(text):
    assert text.startswith("# Day 50 — ")
    for name in ("nll_surface", "loss_curves", "prior_strength"):
        assert re.search(rf"!\[[^\]]+\]\(outputs/{name}\.png\)\n\n\*[^*]+", text), name
    assert text.count('<details markdown="1">') == text.count("</details>") == 7
    assert text.count("<summary>Answer</summary>\n\n") == 7
    assert "!!!" not in text
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line == "$$":
            continue
        assert "$$" not in line, f"line {i + 1}: $$ must stand on its own line"
    opens = [i for i, line in enumerate(lines) if line == "$$"]
    assert len(opens) % 2 == 0
    for start, end in zip(opens[::2], opens[1::2], strict=True):
        assert lines[start - 1] == "" and lines[end + 1] == "", (start, end)
    for name in ("numerical_gradient", "bce_gradient", "fit_logistic_regression",
                 "fit_linear_regression_mle", "gaussian_prior_penalty",
                 "poisson_regression_gradient", "fit_poisson_regression",
                 "python -m days.day50.code.fit_demo"):
        assert name in text
