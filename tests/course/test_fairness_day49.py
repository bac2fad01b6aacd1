"""The Day 49 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each variant is graded in a child pytest, exactly as a student's work would be. The correct
alternatives live in ``variants/loops49`` (Python loops and ``math``), ``variants/scipy49``
(``scipy.special.log_expit`` / ``log_softmax`` / ``logsumexp`` and ``scipy.stats``) and
``variants/numpy49`` (the ``max(z, 0) - z y + log1p(exp(-|z|))`` form and a plain max-shifted
log-sum-exp).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded
from tests.course.test_fairness import (
    CONSTANTS,
    assert_no_points_anywhere,
    write_constant_variant,
)

VARIANTS = Path(__file__).resolve().parent / "variants"
TESTS = "tests/day49"
FUNCTIONS = ("log_sigmoid", "bce_with_logits", "log_softmax", "cross_entropy_with_logits",
             "gaussian_nll_log_var", "laplace_nll", "poisson_nll", "student_t_nll")

# Shared openings of the wrong bodies: the arguments as arrays.
BIN = "y, z = np.asarray(y_true, float), np.asarray(logits, float)\n"
ROWS = "z = np.asarray(logits, float)\n"
CLASSES = ("z = np.asarray(logits, float)\n"
           "rows, y = np.arange(z.shape[0]), np.asarray(y_true, int)\n")
GAUSS = ("r = np.asarray(y_true, float) - np.asarray(mean, float)\n"
         "s = np.broadcast_to(np.asarray(log_var, float), r.shape)\n")
LAPLACE = ("r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))\n"
           "b = np.broadcast_to(np.asarray(scale, float), r.shape)\n")
POISSON = ("from scipy import special\n"
           "y, eta = np.asarray(y_true, float), np.asarray(log_rate, float)\n")
SIGMOID = "p = 1.0 / (1.0 + np.exp(-z))\n"
STUDENT = ("from scipy import special\n"
           "r = np.asarray(y_true, float) - np.asarray(loc, float)\n"
           "s = np.broadcast_to(np.asarray(log_scale, float), r.shape)\n"
           "nu = np.broadcast_to(np.asarray(df, float), r.shape)\n"
           "with np.errstate(divide='ignore'):\n"
           "    x = 2 * (np.log(np.abs(r)) - s) - np.log(nu)\n"
           "tail = np.logaddexp(0.0, x)\n"
           "lg = special.gammaln(nu / 2) - special.gammaln((nu + 1) / 2)\n"
           "half_log = 0.5 * np.log(nu * np.pi)\n")

# (function, wrong body, a phrase its hint must contain). Each body sees the arguments as the
# reference's signature names them, plus np and math.
MISTAKES = [
    # ---- log_sigmoid
    ("log_sigmoid", "z = np.asarray(z, float)\n" + SIGMOID + "return np.log(p)",
     "log of σ(z)"),
    ("log_sigmoid", "return -np.log1p(np.exp(-np.asarray(z, float)))", "exp(-z) overflowed"),
    ("log_sigmoid", "return -np.log(1.0 + np.exp(-np.asarray(z, float)))", "log1p(exp(-|z|))"),
    ("log_sigmoid", "return np.logaddexp(0.0, -np.asarray(z, float))", "wrong sign"),
    ("log_sigmoid", "return -np.logaddexp(0.0, np.asarray(z, float))", "log σ(-z)"),
    # ---- bce_with_logits
    ("bce_with_logits", BIN + SIGMOID + "return float(-np.mean(y * np.log(p) + (1 - y) * "
                                        "np.log(1 - p)))", "nan"),
    ("bce_with_logits", BIN + SIGMOID + "return float(-np.mean(np.where(y == 1, np.log(p), "
                                        "np.log(1 - p))))", "infinite"),
    ("bce_with_logits", BIN + SIGMOID + "return float(np.mean(np.where(y == 1, "
                                        "np.logaddexp(0.0, -z), -np.log(1 - p))))",
     "1 - σ(z) by subtraction"),
    ("bce_with_logits", BIN + "return float(np.mean(np.logaddexp(0.0, z) - y * z))", "cancels"),
    ("bce_with_logits", BIN + SIGMOID + "p = np.clip(p, 1e-7, 1 - 1e-7)\n"
                                        "return float(-np.mean(y * np.log(p) + (1 - y) * "
                                        "np.log(1 - p)))", "clipped"),
    ("bce_with_logits", BIN + "return float(np.sum(np.logaddexp(0.0, np.where(y == 1, -z, z))))",
     "returned the sum"),
    ("bce_with_logits", BIN + "return float(-np.mean(np.logaddexp(0.0, np.where(y == 1, -z, "
                              "z))))", "wrong sign"),
    ("bce_with_logits", BIN + "return float(np.mean(np.logaddexp(0.0, np.where(y == 1, z, -z))))",
     "labels are swapped"),
    # ---- log_softmax
    ("log_softmax", ROWS + "return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))",
     "max shift"),
    ("log_softmax", ROWS + "w = z - z.max()\n"
                           "return w - np.log(np.sum(np.exp(w), axis=1, keepdims=True))",
     "whole array"),
    ("log_softmax", ROWS + "e = np.exp(z - z.max(axis=1, keepdims=True))\n"
                           "return np.log(e / e.sum(axis=1, keepdims=True))",
     "log of the softmax"),
    ("log_softmax", ROWS + "w = z - z.max(axis=0, keepdims=True)\n"
                           "return w - np.log(np.sum(np.exp(w), axis=0, keepdims=True))",
     "columns"),
    ("log_softmax", ROWS + "e = np.exp(z - z.max(axis=1, keepdims=True))\n"
                           "return e / e.sum(axis=1, keepdims=True)", "returned the softmax"),
    ("log_softmax", ROWS + "w = z - z.max(axis=1, keepdims=True)\n"
                           "return w - np.log(np.sum(np.exp(w), axis=1, keepdims=True))",
     "log1p"),
    ("log_softmax", "z = np.asarray(logits, float)\n"
                    "z -= z.max(axis=1, keepdims=True)\n"
                    "others = np.exp(z)\n"
                    "others[np.arange(len(z)), z.argmax(axis=1)] = 0.0\n"
                    "return z - np.log1p(others.sum(axis=1, keepdims=True))", "in place"),
    # ---- cross_entropy_with_logits
    ("cross_entropy_with_logits", CLASSES + "return float(np.mean(np.log(np.sum(np.exp(z), "
                                            "axis=1)) - z[rows, y]))", "infinite"),
    ("cross_entropy_with_logits", CLASSES + "e = np.exp(z - z.max(axis=1, keepdims=True))\n"
                                            "p = e / e.sum(axis=1, keepdims=True)\n"
                                            "return float(-np.mean(np.log(p[rows, y])))",
     "infinite"),
    ("cross_entropy_with_logits", CLASSES + "e = np.exp(z - z.max(axis=1, keepdims=True))\n"
                                            "p = np.clip(e / e.sum(axis=1, keepdims=True), "
                                            "1e-15, 1.0)\n"
                                            "return float(-np.mean(np.log(p[rows, y])))",
     "clipped"),
    ("cross_entropy_with_logits", CLASSES + "return float(np.mean(z.max(axis=1) - z[rows, y]))",
     "in place of log(sum(exp(z)))"),
    ("cross_entropy_with_logits", CLASSES + "top = z.max(axis=1)\n"
                                            "lse = top + np.log(np.exp(z - top[:, None]).sum(1))\n"
                                            "return float(np.mean(lse - z[rows, y]))", "log1p"),
    ("cross_entropy_with_logits", CLASSES + "top = z.max(axis=1)\n"
                                            "lse = top + np.log(np.exp(z - top[:, None]).sum(1))\n"
                                            "return float(np.sum(lse - z[rows, y]))",
     "returned the sum"),
    ("cross_entropy_with_logits", CLASSES + "top = z.max(axis=1)\n"
                                            "lse = top + np.log(np.exp(z - top[:, None]).sum(1))\n"
                                            "return float(np.mean(lse - top))", "true class"),
    ("cross_entropy_with_logits", CLASSES + "top = z.max(axis=1)\n"
                                            "lse = top + np.log(np.exp(z - top[:, None]).sum(1))\n"
                                            "return float(np.mean(z[rows, y] - lse))",
     "wrong sign"),
    # ---- gaussian_nll_log_var
    ("gaussian_nll_log_var", GAUSS + "return float(np.sum(0.5 * np.log(2 * np.pi) + s + 0.5 * "
                                     "r**2 * np.exp(-2 * s)))", "log σ², not log σ"),
    ("gaussian_nll_log_var", GAUSS + "return float(np.sum(0.5 * s + 0.5 * r**2 * np.exp(-s)))",
     "constant ½ log 2π"),
    ("gaussian_nll_log_var", GAUSS + "v = np.exp(s)\n"
                                     "return float(np.sum(0.5 * np.log(2 * np.pi * v) + r**2 "
                                     "/ (2 * v)))", "overflowed and you took its log"),
    ("gaussian_nll_log_var", GAUSS + "return float(np.mean(0.5 * np.log(2 * np.pi) + 0.5 * s + "
                                     "0.5 * r**2 * np.exp(-s)))", "mean over the"),
    ("gaussian_nll_log_var", GAUSS + "return float(np.sum(0.5 * np.log(2 * np.pi) + s + 0.5 * "
                                     "r**2 * np.exp(-s)))", "½ log_var"),
    ("gaussian_nll_log_var", GAUSS + "return float(np.sum(0.5 * np.log(2 * np.pi) + 0.5 * s + "
                                     "0.5 * r**2 * np.exp(s)))", "not exp(log_var)"),
    ("gaussian_nll_log_var", GAUSS + "return float(-np.sum(0.5 * np.log(2 * np.pi) + 0.5 * s + "
                                     "0.5 * r**2 * np.exp(-s)))", "wrong sign"),
    ("gaussian_nll_log_var", GAUSS + "with np.errstate(all='ignore'):\n"
                                     "    return float(np.sum(0.5 * np.log(2 * np.pi) + 0.5 * s"
                                     " + 0.5 * r**2 * np.exp(-s)))", "0 * inf"),
    # ---- laplace_nll
    ("laplace_nll", LAPLACE + "return float(np.sum(r / b))", "log(2b) term"),
    ("laplace_nll", LAPLACE + "return float(np.sum(np.log(b) + r / b))", "dropped log 2"),
    ("laplace_nll", LAPLACE + "return float(np.sum(np.log(2 * b) + r / b**2))",
     "not a variance"),
    ("laplace_nll", LAPLACE + "return float(np.sum(np.log(2 * b) + r / (2 * b)))", "with no ½"),
    ("laplace_nll", LAPLACE + "return float(np.sum(np.log(2 * b) + r**2 / b))", "not squared"),
    ("laplace_nll", LAPLACE + "return float(np.mean(np.log(2 * b) + r / b))", "mean over the"),
    ("laplace_nll", LAPLACE + "return float(-np.sum(np.log(2 * b) + r / b))", "wrong sign"),
    ("laplace_nll", "from scipy import stats\n"
                    "with np.errstate(all='ignore'):\n"
                    "    return float(-np.sum(stats.laplace.logpdf(y_true, loc=y_pred, "
                    "scale=scale)))", "log of the density"),
    ("laplace_nll", LAPLACE + "return float(np.sum(np.log(2 / b) + r * b))", "as a rate"),
    # ---- poisson_nll
    ("poisson_nll", POISSON + "return float(np.sum(np.exp(eta) - y * eta))", "forgot the log y!"),
    ("poisson_nll", POISSON + "return float(np.sum(np.exp(eta) - y * eta + special.gammaln(y)))",
     "not lgamma(y)"),
    ("poisson_nll", POISSON + "return float(np.sum(np.exp(eta) - y * eta + "
                              "np.log(special.factorial(y))))", "overflowed (171!"),
    ("poisson_nll", POISSON + "lam = np.exp(eta)\n"
                              "return float(np.sum(lam - special.xlogy(y, lam) + "
                              "special.gammaln(y + 1)))", "then its log"),
    ("poisson_nll", POISSON + "return float(np.sum(eta - y * eta + special.gammaln(y + 1)))",
     "e^η, not η"),
    ("poisson_nll", POISSON + "return float(np.mean(np.exp(eta) - y * eta + "
                              "special.gammaln(y + 1)))", "mean over the"),
    ("poisson_nll", POISSON + "return float(np.sum(y * eta - np.exp(eta) - "
                              "special.gammaln(y + 1)))", "wrong sign"),
    # ---- student_t_nll
    ("student_t_nll", STUDENT + "with np.errstate(all='ignore'):\n"
                                "    t2 = (r * np.exp(-s)) ** 2\n"
                                "    return float(np.sum(lg + half_log + s + 0.5 * (nu + 1) * "
                                "np.log1p(t2 / nu)))", "overflowed"),
    ("student_t_nll", STUDENT + "with np.errstate(all='ignore'):\n"
                                "    ratio = np.log(special.gamma(nu / 2) / "
                                "special.gamma((nu + 1) / 2))\n"
                                "    return float(np.sum(ratio + half_log + s + 0.5 * (nu + 1) "
                                "* tail))", "Γ(ν/2) overflows"),
    ("student_t_nll", STUDENT + "return float(np.sum(-lg + half_log + s + 0.5 * (nu + 1) * tail))",
     "not the reverse"),
    ("student_t_nll", STUDENT + "x = 2 * (np.log(np.abs(r) + 1e-300) - s / 2) - np.log(nu)\n"
                                "return float(np.sum(lg + half_log + s / 2 + 0.5 * (nu + 1) * "
                                "np.logaddexp(0.0, x)))", "not log σ²"),
    ("student_t_nll", STUDENT + "return float(np.sum(lg + half_log + s + 0.5 * nu * tail))",
     "-(ν+1)/2"),
    ("student_t_nll", STUDENT + "return float(np.sum(lg + s + 0.5 * (nu + 1) * tail))",
     "dropped ½ log(νπ)"),
    ("student_t_nll", STUDENT + "return float(np.sum(lg + half_log + 0.5 * (nu + 1) * tail))",
     "dropped log σ"),
    ("student_t_nll", STUDENT + "return float(np.mean(lg + half_log + s + 0.5 * (nu + 1) * "
                                "tail))", "mean over the"),
    ("student_t_nll", STUDENT + "return float(-np.sum(lg + half_log + s + 0.5 * (nu + 1) * "
                                "tail))", "wrong sign"),
]

SIGNATURES = {
    "log_sigmoid": "z", "bce_with_logits": "y_true, logits", "log_softmax": "logits",
    "cross_entropy_with_logits": "y_true, logits",
    "gaussian_nll_log_var": "y_true, mean, log_var", "laplace_nll": "y_true, y_pred, scale",
    "poisson_nll": "y_true, log_rate", "student_t_nll": "y_true, loc, log_scale, df",
}


@pytest.fixture(scope="module")
def mistake_scores(tmp_path_factory):
    return grade_mistakes(tmp_path_factory.mktemp("mistakes49"), "day49.stable_losses", MISTAKES,
                          SIGNATURES, tests=TESTS)


@pytest.mark.parametrize("variant", ["loops49", "scipy49", "numpy49", "solutions"])
def test_correct_implementations_earn_full_points(variant, tmp_path):
    extra = None if variant == "solutions" else VARIANTS
    scores, process = run_graded(variant, extra_path=extra, tmp=tmp_path, tests=TESTS)
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(scores) == {f"day49.{f}" for f in FUNCTIONS}
    for name, entry in scores.items():
        assert entry["status"] == "passed", (name, entry)
        assert entry["score"] == entry["max_score"] > 0


@pytest.mark.parametrize(
    ("index", "function", "phrase"),
    [(i, f, phrase) for i, (f, _, phrase) in enumerate(MISTAKES)],
    ids=[f"{i:02d}-{f}-{phrase.replace(' ', '_')}" for i, (f, _, phrase) in enumerate(MISTAKES)],
)
def test_each_classic_mistake_loses_points_and_is_named(mistake_scores, index, function,
                                                         phrase):
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day49", function, phrase)


# ------------------------------------------------------------- no points for a constant or echo
ARRAY_FUNCTIONS = ("log_sigmoid", "log_softmax")


@pytest.mark.parametrize("constant", [*CONSTANTS, "echo"])
def test_a_constant_or_an_echo_earns_no_point(constant, tmp_path):
    """Every graded test checks something that a constant answer (0, 1, ±inf, nan; an array of
    them for log_sigmoid and log_softmax) or the input echoed back cannot match."""
    if constant == "echo":
        body = "return float(np.ravel(np.asarray(first, dtype=float))[0])"
        array_body = "return np.array(first, dtype=float)"
    else:
        body = f"return float({CONSTANTS[constant]})"
        array_body = f"return np.full(np.shape(first), {CONSTANTS[constant]})"
    name = f"constant49_{constant}"
    write_constant_variant(tmp_path, name, "day49.stable_losses", SIGNATURES, body, array_body,
                           ARRAY_FUNCTIONS)
    scores, process = run_graded(name, extra_path=tmp_path, tmp=tmp_path, tests=TESTS)
    assert process.returncode == 1, process.stdout[-3000:]
    assert_no_points_anywhere(scores, "day49", FUNCTIONS)
