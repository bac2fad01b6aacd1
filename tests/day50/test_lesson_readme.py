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
from pathlib import Path

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


def descent_slopes(X, y, l2: float, checkpoints) -> list[float]:
    """The slope after each checkpoint of gradient descent with step 1, written out here."""
    w, out = np.zeros(2), []
    for k in range(1, max(checkpoints) + 1):
        w = w - (X.T @ (expit(X @ w) - y) / len(y) + l2 * w)
        if k in checkpoints:
            out.append(float(w[1]))
    return out


# Section 2: the worked gradient.
GRAD_X, GRAD_Y = np.array([[1.0, 2.0], [1.0, -1.0]]), np.array([1.0, 0.0])
WORKED_GRADIENT = GRAD_X.T @ (expit(np.zeros(2)) - GRAD_Y) / 2
# Section 3: the cubic at w = 1, h = 1e-3.
H = 1e-3
CENTRAL = ((1 + H) ** 3 - (1 - H) ** 3) / (2 * H)
FORWARD = ((1 + H) ** 3 - 1) / H
# Section 4: the demo's data.
LOGISTIC_X, LOGISTIC_Y = fit_demo.make_logistic_data()
MLE = LogisticRegression(C=np.inf, fit_intercept=False, solver="newton-cholesky", tol=1e-12,
                         max_iter=1000).fit(LOGISTIC_X, LOGISTIC_Y).coef_[0]
# Section 5: the four points.
LINE_X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
LINE_Y = np.array([1.0, 3.0, 2.0, 5.0])
LINE_W, LINE_RSS, *_ = np.linalg.lstsq(LINE_X, LINE_Y, rcond=None)
RESIDUALS = LINE_Y - LINE_X @ LINE_W
# Section 6: the penalty example and the toy logistic fits.
TOY_MLE = logistic_fit(LINE_X, [0, 1, 0, 1], 0.0)
TOY_MAP = logistic_fit(LINE_X, [0, 1, 0, 1], 0.1)
# Section 7: separable data.
SEP_X, SEP_Y = fit_demo.make_separable_data()
SLOPES = descent_slopes(SEP_X, SEP_Y, 0.0, (10, 100, 1000, 10_000))
PENALISED_SLOPE = logistic_fit(SEP_X, SEP_Y, 0.01)[1]

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
]
# Inputs the README states (not results): data, settings, true values.
INPUTS = {"-0.5", "0.0", "0.1", "0.01", "0.5", "1.1"}


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


def test_prior_scaling_self_check(text):
    assert 1 / math.sqrt(40 * 0.1) == 0.5
    assert "1/\\sqrt{4} = 0.5" in text


def test_markup(text):
    assert text.startswith("# Day 50 — ")
    for name in ("nll_surface", "loss_curves", "prior_strength"):
        assert re.search(rf"!\[[^\]]+\]\(outputs/{name}\.png\)\n\n\*[^*]+", text), name
    assert text.count('<details markdown="1">') == text.count("</details>") == 5
    assert text.count("<summary>Answer</summary>\n\n") == 5
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
                 "python -m days.day50.code.fit_demo"):
        assert name in text
