"""The Day 50 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each variant is graded in a child pytest, exactly as a student's work would be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded

VARIANTS = Path(__file__).resolve().parent / "variants"
FUNCTIONS = ("numerical_gradient", "bce_gradient", "fit_logistic_regression",
             "fit_linear_regression_mle", "gaussian_prior_penalty")


def newton_fit(objective_terms: str, *, check_separable: bool = True) -> str:
    """The body of a logistic fit by damped Newton on ``mean BCE + penalty``, where
    ``objective_terms`` defines ``penalty(w)``, ``penalty_grad(w)`` and ``penalty_hess``
    (and may redefine ``scale``, the factor in front of the summed BCE)."""
    guard = """
            if l2 == 0 and loss(w) < 1e-9:
                raise ValueError("separable data")""" if check_separable else ""
    return f"""
        A, t = np.asarray(X, float), np.asarray(y, float)
        n, d = A.shape
        scale = 1.0 / n
{objective_terms}
        def loss(w):
            z = A @ w
            return scale * np.sum(np.logaddexp(0, z) - t * z) + penalty(w)
        w = np.zeros(d)
        for _ in range(100):{guard}
            p = np.exp(-np.logaddexp(0, -(A @ w)))
            g = scale * A.T @ (p - t) + penalty_grad(w)
            H = scale * (A.T * (p * (1 - p))) @ A + penalty_hess + 1e-300 * np.eye(d)
            step = np.linalg.solve(H, g)
            s = 1.0
            while loss(w - s * step) > loss(w) and s > 1e-12:
                s /= 2
            w = w - s * step
        return w"""


def penalty_terms(mask: str = "np.ones(d)", factor: str = "0.5", scale: str = "") -> str:
    lines = [f"        m = {mask}", f"        c = {factor} * l2",
             "        def penalty(w):", "            return c * np.sum(m * w * w)",
             "        def penalty_grad(w):", "            return 2 * c * m * w",
             "        penalty_hess = 2 * c * np.diag(m)"]
    if scale:
        lines.insert(0, f"        scale = {scale}")
    return "\n".join(lines)


# (function, wrong body, a phrase its hint must contain). Each body sees the arguments as the
# reference's signature names them, plus np and math.
MISTAKES = [
    # numerical_gradient
    ("numerical_gradient", """
        w = np.asarray(w, float)
        return np.array([(f(w + h * e) - f(w)) / h for e in np.eye(w.size)])""",
     "forward differences"),
    ("numerical_gradient", """
        w = np.asarray(w, float)
        return np.array([(f(w) - f(w - h * e)) / h for e in np.eye(w.size)])""",
     "backward differences"),
    ("numerical_gradient", """
        w = np.asarray(w, float)
        return np.array([(f(w + h * e) - f(w - h * e)) / h for e in np.eye(w.size)])""",
     "spans 2h"),
    ("numerical_gradient", """
        w = np.asarray(w, float)
        return np.array([(f(w + 1e-6 * e) - f(w - 1e-6 * e)) / 2e-6 for e in np.eye(w.size)])""",
     "ignored the argument h"),
    # bce_gradient
    ("bce_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        return A.T @ (1 / (1 + np.exp(-(A @ np.asarray(w, float)))) - t)""",
     "gradient of the total"),
    ("bce_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        p = np.exp(-np.logaddexp(0, -(A @ np.asarray(w, float))))
        return A.T @ (t - p) / len(t)""", "wrong sign"),
    ("bce_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        z = A @ np.asarray(w, float)
        with np.errstate(over="ignore", invalid="ignore"):
            p = np.exp(z) / (1 + np.exp(z))
        return A.T @ (p - t) / len(t)""", "overflowed"),
    ("bce_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        p = np.exp(-np.logaddexp(0, -(A @ np.asarray(w, float))))
        return A.T @ ((p - t) * p * (1 - p)) / len(t)""", "sigma (1 - sigma)"),
    ("bce_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        return A.T @ (A @ np.asarray(w, float) - t) / len(t)""", "linear-regression"),
    # fit_logistic_regression
    ("fit_logistic_regression", newton_fit(penalty_terms(mask="np.r_[0.0, np.ones(d - 1)]")),
     "intercept"),
    ("fit_logistic_regression", newton_fit(penalty_terms(factor="1.0")), "l2 * ||w||^2"),
    ("fit_logistic_regression", newton_fit(penalty_terms(scale="1.0")), "total BCE"),
    ("fit_logistic_regression", newton_fit(penalty_terms(factor="0.0")), "ignored l2"),
    ("fit_logistic_regression", newton_fit(penalty_terms(), check_separable=False),
     "separable"),
    # fit_linear_regression_mle
    ("fit_linear_regression_mle", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        w = np.linalg.lstsq(A, t, rcond=None)[0]
        return w, float(np.sum((t - A @ w) ** 2) / (A.shape[0] - A.shape[1]))""", "n - d"),
    ("fit_linear_regression_mle", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        w = np.linalg.lstsq(A, t, rcond=None)[0]
        return w, float(np.var(t - A @ w, ddof=1))""", "n - 1"),
    ("fit_linear_regression_mle", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        w = np.linalg.lstsq(A, t, rcond=None)[0]
        return w, float(np.sqrt(np.mean((t - A @ w) ** 2)))""", "standard deviation"),
    ("fit_linear_regression_mle", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        w = np.linalg.lstsq(A, t, rcond=None)[0]
        return w, float(np.sum((t - A @ w) ** 2))""", "residual sum of squares"),
    # gaussian_prior_penalty
    ("gaussian_prior_penalty", "return float(np.sum(np.square(w)) / tau**2)", "factor of 2"),
    ("gaussian_prior_penalty", "return float(np.sum(np.square(w)) / (2 * tau))", "2 tau**2"),
    ("gaussian_prior_penalty", """
        v = np.asarray(w, float)
        return float(v @ v / (2 * tau**2) + v.size / 2 * np.log(2 * np.pi * tau**2))""",
     "constant"),
    ("gaussian_prior_penalty", "return float(np.sum(np.abs(w)) / (2 * tau**2))", "Laplace"),
    ("gaussian_prior_penalty", "return float(np.mean(np.square(w)) / (2 * tau**2))",
     "averaged"),
    ("gaussian_prior_penalty", "return float(-np.sum(np.square(w)) / (2 * tau**2))",
     "wrong sign"),
]

SIGNATURES = {
    "numerical_gradient": "f, w, h=1e-6", "bce_gradient": "X, y, w",
    "fit_logistic_regression": "X, y, l2=0.0", "fit_linear_regression_mle": "X, y",
    "gaussian_prior_penalty": "w, tau",
}


@pytest.fixture(scope="module")
def mistake_scores(tmp_path_factory):
    return grade_mistakes(tmp_path_factory.mktemp("mistakes50"), "day50.fitting", MISTAKES,
                          SIGNATURES, tests="tests/day50")


@pytest.mark.parametrize("variant", ["loops50", "scipy50", "gd50", "solutions"])
def test_correct_implementations_earn_full_points(variant, tmp_path):
    extra = None if variant == "solutions" else VARIANTS
    scores, process = run_graded(variant, extra_path=extra, tmp=tmp_path, tests="tests/day50")
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(scores) == {f"day50.{f}" for f in FUNCTIONS}
    for name, entry in scores.items():
        assert entry["status"] == "passed", (name, entry)
        assert entry["score"] == entry["max_score"] > 0


@pytest.mark.parametrize(
    ("index", "function", "phrase"),
    [(i, f, phrase) for i, (f, _, phrase) in enumerate(MISTAKES)],
    ids=[f"{f}-{phrase.replace(' ', '_')}" for f, _, phrase in MISTAKES],
)
def test_each_classic_mistake_loses_points_and_is_named(mistake_scores, index, function,
                                                         phrase):
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day50", function, phrase)
