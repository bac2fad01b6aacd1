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
             "fit_linear_regression_mle", "gaussian_prior_penalty",
             "poisson_regression_gradient", "fit_poisson_regression")

#: A sound separation check (the linear program of the docstring), for the logistic mistakes
#: that are about something else.
SEPARATION_LP = """
            from scipy.optimize import linprog
            M = (2 * t - 1)[:, None] * A
            lp = linprog(-M.sum(0), A_ub=-M, b_ub=np.zeros(n), bounds=[(-1, 1)] * d)
            if -lp.fun > 1e-9 * np.abs(M).sum():
                raise ValueError("separable data")"""
#: The same for counts without an MLE.
EXISTENCE_LP = """
            from scipy.optimize import linprog
            Z, P = A[t == 0], A[t > 0]
            if len(Z):
                lp = linprog(Z.sum(0), A_ub=Z, b_ub=np.zeros(len(Z)),
                             A_eq=P if len(P) else None, b_eq=np.zeros(len(P)) if len(P) else None,
                             bounds=[(-1, 1)] * d)
                if -lp.fun > 1e-9 * np.abs(Z).sum():
                    raise ValueError("the MLE does not exist")"""
LOGISTIC_TERMS = ("np.logaddexp(0, z) - t * z", "np.exp(-np.logaddexp(0, -z))",
                  "p * (1 - p)")
POISSON_TERMS = ("np.exp(z) - t * z", "np.exp(z)", "p")


def newton_fit(objective_terms: str, *, check: str = SEPARATION_LP, model=LOGISTIC_TERMS,
               damped: bool = True, rows: str = "") -> str:
    """The body of a fit by Newton's method (damped unless told) on ``mean NLL + penalty``,
    where ``objective_terms`` defines ``penalty(w)``, ``penalty_grad(w)`` and ``penalty_hess``
    (and may redefine ``scale``, the factor in front of the summed NLL). ``model`` gives the
    NLL's terms in z, the mean in z and the curvature in p; ``check`` runs first when
    l2 == 0; ``rows`` may select the rows to fit."""
    loss_terms, mean, curvature = model
    backtrack = """
            while not loss(w - s * step) <= loss(w) and s > 1e-12:
                s /= 2""" if damped else ""
    return f"""
        A, t = np.asarray(X, float), np.asarray(y, float){rows}
        n, d = A.shape
        scale = 1.0 / n
{objective_terms}
        def loss(w):
            z = A @ w
            with np.errstate(over="ignore", invalid="ignore"):
                return scale * np.sum({loss_terms}) + penalty(w)
        if l2 == 0:{check or " pass"}
        w = np.zeros(d)
        for _ in range(100):
            z = A @ w
            p = {mean}
            g = scale * A.T @ (p - t) + penalty_grad(w)
            H = scale * (A.T * ({curvature})) @ A + penalty_hess + 1e-300 * np.eye(d)
            step = np.linalg.solve(H, g)
            s = 1.0{backtrack}
            w = w - s * step
            if np.abs(s * step).max() < 1e-13 * (1 + np.abs(w).max()):
                break
        return w"""


def penalty_terms(mask: str = "np.ones(d)", factor: str = "0.5", scale: str = "") -> str:
    lines = [f"        m = {mask}", f"        c = {factor} * l2",
             "        def penalty(w):", "            return c * np.sum(m * w * w)",
             "        def penalty_grad(w):", "            return 2 * c * m * w",
             "        penalty_hess = 2 * c * np.diag(m)"]
    if scale:
        lines.insert(0, f"        scale = {scale}")
    return "\n".join(lines)


def poisson_fit(objective_terms: str = "", **options) -> str:
    return newton_fit(objective_terms or penalty_terms(), check=options.pop("check", EXISTENCE_LP),
                      model=POISSON_TERMS, **options)


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
    # Integer weights stay integers: np.zeros_like(w) holds integers, the step rounds to 0.
    ("numerical_gradient", """
        w = np.asarray(w)
        out = []
        for j in range(w.size):
            e = np.zeros_like(w)
            e[j] = h
            out.append((f(w + e) - f(w - e)) / (2 * h))
        return np.array(out, dtype=float)""", "integer weights as integers"),
    # Shifts the caller's own array and never puts it back.
    ("numerical_gradient", """
        w = np.asarray(w, float)
        out = []
        for j in range(w.size):
            w[j] += h
            ahead = f(w)
            w[j] -= 2 * h
            out.append((ahead - f(w)) / (2 * h))
        return np.array(out)""", "changed the caller's array"),
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
    # Saves memory by turning the labels into residuals in place: right values, but when y is
    # an array of floats, np.asarray returns the caller's own array.
    ("bce_gradient", """
        A = np.asarray(X, float)
        t = np.asarray(y, dtype=float)
        z = A @ np.asarray(w, float)
        t[:] = np.where(t == 1, -np.exp(-np.logaddexp(0, z)), np.exp(-np.logaddexp(0, -z)))
        return A.T @ t / len(t)""", "changed the caller's array y"),
    # The lesson demo's gradient: right formula, residual by subtraction.
    ("bce_gradient", """
        from scipy.special import expit
        A, t = np.asarray(X, float), np.asarray(y, float)
        return A.T @ (expit(A @ np.asarray(w, float)) - t) / len(t)""", "by subtraction"),
    # fit_logistic_regression
    ("fit_logistic_regression", newton_fit(penalty_terms(mask="np.r_[0.0, np.ones(d - 1)]")),
     "intercept"),
    ("fit_logistic_regression", newton_fit(penalty_terms(factor="1.0")), "l2 * ||w||^2"),
    ("fit_logistic_regression", newton_fit(penalty_terms(scale="1.0")), "total BCE"),
    ("fit_logistic_regression", newton_fit(penalty_terms(factor="0.0")), "ignored l2"),
    ("fit_logistic_regression", newton_fit(penalty_terms(), check=""), "separable"),
    # Separation taken from a small loss: refuses overlapping data, misses quasi-separation.
    ("fit_logistic_regression", newton_fit(penalty_terms(), check="""
            w0 = np.zeros(d)
            for _ in range(100):
                z = A @ w0
                p = np.exp(-np.logaddexp(0, -z))
                g = A.T @ (p - t) / n
                H = (A.T * (p * (1 - p))) @ A / n + 1e-300 * np.eye(d)
                w0 = w0 - np.linalg.solve(H, g)
                if loss(w0) < 1e-3:
                    raise ValueError("separable: the loss fell below 1e-3")"""),
     "below 1e-3"),
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
    # RSS from the normal equations' identity y.y - w.(X^T y): right in exact arithmetic.
    ("fit_linear_regression_mle", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        w = np.linalg.lstsq(A, t, rcond=None)[0]
        return w, float((t @ t - w @ (A.T @ t)) / len(t))""", "cancellation"),
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
    # The reference's own former formula: squares first, in NumPy floats.
    ("gaussian_prior_penalty", """
        v, s = np.asarray(w, float), np.float64(tau)
        with np.errstate(all="ignore"):
            return float(np.sum(v**2) / (2.0 * s**2))""", "before dividing"),
    # poisson_regression_gradient
    ("poisson_regression_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        return A.T @ (np.exp(A @ np.asarray(w, float)) - t)""", "gradient of the total NLL"),
    ("poisson_regression_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        return A.T @ (t - np.exp(A @ np.asarray(w, float))) / len(t)""", "wrong sign"),
    ("poisson_regression_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        return A.T @ (A @ np.asarray(w, float) - t) / len(t)""", "the log link"),
    ("poisson_regression_gradient", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        mu = np.exp(A @ np.asarray(w, float))
        with np.errstate(over="ignore", invalid="ignore"):
            return A.T @ ((mu - t) * mu) / len(t)""", "extra factor exp(z)"),
    ("poisson_regression_gradient", """
        A = np.asarray(X, float)
        return A.T @ np.exp(A @ np.asarray(w, float)) / A.shape[0]""", "counts are missing"),
    # fit_poisson_regression
    ("fit_poisson_regression", poisson_fit(damped=False), "overshot"),
    ("fit_poisson_regression", poisson_fit(rows="""
        A, t = A[t > 0], t[t > 0]"""), "dropped the samples whose count is 0"),
    ("fit_poisson_regression", poisson_fit(check=""), "does not exist"),
    ("fit_poisson_regression", poisson_fit(penalty_terms(mask="np.r_[0.0, np.ones(d - 1)]")),
     "intercept"),
    ("fit_poisson_regression", poisson_fit(penalty_terms(factor="1.0")), "l2 * ||w||^2"),
    ("fit_poisson_regression", poisson_fit(penalty_terms(scale="1.0")), "total NLL"),
    ("fit_poisson_regression", poisson_fit(penalty_terms(factor="0.0")), "ignored l2"),
    ("fit_poisson_regression", """
        A, t = np.asarray(X, float), np.asarray(y, float)
        return np.linalg.lstsq(A, np.log(t + 1), rcond=None)[0]""", "log(y + 1)"),
]

SIGNATURES = {
    "numerical_gradient": "f, w, h=1e-6", "bce_gradient": "X, y, w",
    "fit_logistic_regression": "X, y, l2=0.0", "fit_linear_regression_mle": "X, y",
    "gaussian_prior_penalty": "w, tau", "poisson_regression_gradient": "X, y, w",
    "fit_poisson_regression": "X, y, l2=0.0",
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


#: Mistakes whose hint needs a grader feature still to come (phrase -> what is missing). The
#: mistake loses its points already; only the hint waits. (None now: changed arguments come
#: back from the sandbox with the test's callbacks left out.)
AWAITING_THE_GRADER: dict[str, str] = {}


@pytest.mark.parametrize(
    ("index", "function", "phrase"),
    [pytest.param(i, f, phrase, id=f"{f}-{phrase.replace(' ', '_')}",
                  marks=([pytest.mark.xfail(reason=AWAITING_THE_GRADER[phrase], strict=False)]
                         if phrase in AWAITING_THE_GRADER else []))
     for i, (f, _, phrase) in enumerate(MISTAKES)],
)
def test_each_classic_mistake_loses_points_and_is_named(mistake_scores, index, function,
                                                         phrase):
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day50", function, phrase)
