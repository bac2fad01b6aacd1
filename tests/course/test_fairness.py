"""The Day 48 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each variant is graded in a child pytest, exactly as a student's work would be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded

VARIANTS = Path(__file__).resolve().parent / "variants"
FUNCTIONS = ("likelihood", "log_likelihood", "binary_cross_entropy", "gaussian_nll", "mse",
             "categorical_cross_entropy", "binomial_nll")
# The opening of the binomial mistakes: the arguments as arrays, and scipy.special.
BINOMIAL = """
        from scipy import special
        k, m = np.asarray(successes, float), np.asarray(trials, float)
        p = np.asarray(p_pred, float)"""

# (function, wrong body, a phrase its hint must contain). Each body sees the arguments as the
# reference's signature names them, plus np and math.
MISTAKES = [
    ("likelihood", "return float(np.prod(np.asarray(p_pred, float)))", "for every sample"),
    ("likelihood", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        return float(np.exp(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))))""", "nan"),
    ("likelihood", """
        y, p = np.asarray(y_true, float), np.clip(np.asarray(p_pred, float), 1e-12, 1 - 1e-12)
        return float(np.prod(np.where(y == 1, p, 1 - p)))""", "clipped"),
    ("log_likelihood", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        return float(np.sum(y * np.log10(p) + (1 - y) * np.log10(1 - p)))""", "log10"),
    ("log_likelihood", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        return float(np.sum(y * np.log2(p) + (1 - y) * np.log2(1 - p)))""", "log2"),
    ("log_likelihood", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))""", "mean over the"),
    ("log_likelihood", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))""", "wrong sign"),
    ("log_likelihood", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        return float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))""", "nan"),
    ("log_likelihood", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        return float(np.log(np.prod(np.where(y == 1, p, 1 - p))))""", "underflowed"),
    ("log_likelihood", """
        y, p = np.asarray(y_true, float), np.clip(np.asarray(p_pred, float), 1e-15, 1 - 1e-15)
        return float(np.sum(np.where(y == 1, np.log(p), np.log(1 - p))))""", "clipped"),
    ("binary_cross_entropy", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        with np.errstate(divide="ignore"):
            return float(-np.sum(np.where(y == 1, np.log(p), np.log1p(-p))))""",
     "returned the sum"),
    ("binary_cross_entropy", """
        y, p = np.asarray(y_true, float), np.clip(np.asarray(p_pred, float), 1e-7, 1 - 1e-7)
        return float(-np.mean(np.where(y == 1, np.log(p), np.log(1 - p))))""", "clipped"),
    ("binary_cross_entropy", """
        y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
        with np.errstate(divide="ignore"):
            return float(np.mean(np.where(y == 1, np.log(p), np.log1p(-p))))""", "wrong sign"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        v = np.broadcast_to(np.asarray(sigma, float), y.shape)
        return float(np.sum(0.5 * np.log(2 * np.pi * v) + (y - m) ** 2 / (2 * v)))""",
     "as the variance"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        s = np.broadcast_to(np.asarray(sigma, float), y.shape)
        return float(np.sum(np.log(s) + (y - m) ** 2 / (2 * s**2)))""", "constant"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        s = np.broadcast_to(np.asarray(sigma, float), y.shape)
        return float(np.sum(0.5 * np.log(2 * np.pi) + (y - m) ** 2 / (2 * s**2)))""",
     "log σ term"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        s = np.broadcast_to(np.asarray(sigma, float), y.shape)
        return float(np.mean(0.5 * np.log(2 * np.pi * s**2) + (y - m) ** 2 / (2 * s**2)))""",
     "mean over the"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        s = np.broadcast_to(np.asarray(sigma, float), y.shape)
        return float(np.sum(0.5 * np.log(2 * np.pi * s**2) + np.abs(y - m) / (2 * s**2)))""",
     "squared"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        s = np.broadcast_to(np.asarray(sigma, float), y.shape)
        return float(np.sum(0.5 * np.log(2 * np.pi * s**2) + (y - m) ** 2 / s**2))""",
     "½ is missing"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        s = np.broadcast_to(np.asarray(sigma, float), y.shape)
        with np.errstate(all="ignore"):
            return float(np.sum(0.5 * np.log(2 * np.pi * s**2) + (y - m) ** 2 / (2 * s**2)))""",
     "overflows at σ = 1e200"),
    ("gaussian_nll", """
        y, m = np.asarray(y_true, float), np.asarray(y_pred, float)
        s = np.broadcast_to(np.asarray(sigma, float), y.shape)
        y -= m
        y /= s
        return float(np.sum(0.5 * np.log(2 * np.pi) + np.log(s) + 0.5 * y**2))""",
     "in place"),
    ("mse", "return float(np.sqrt(np.mean(np.subtract(y_true, y_pred) ** 2)))", "root"),
    ("mse", "return float(np.sum(np.subtract(y_true, y_pred) ** 2))", "sum"),
    ("mse", "return float(np.mean(np.abs(np.subtract(y_true, y_pred))))", "squared"),
    ("mse", "return float(0.5 * np.mean(np.subtract(y_true, y_pred) ** 2))", "halved"),
    ("categorical_cross_entropy", """
        q = np.asarray(probs, float)
        return float(-np.mean(np.log(q.max(axis=1))))""", "largest probability"),
    ("categorical_cross_entropy", """
        q = np.asarray(probs, float)
        one_hot = np.eye(q.shape[1])[np.asarray(y_true, int)]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.mean(np.sum(one_hot * np.log(q), axis=1)))""", "nan"),
    ("categorical_cross_entropy", """
        q = np.asarray(probs, float)
        return float(-np.sum(np.log(q[np.arange(len(q)), np.asarray(y_true, int)])))""",
     "returned the sum"),
    ("categorical_cross_entropy", """
        q = np.clip(np.asarray(probs, float), 1e-15, 1.0)
        return float(-np.mean(np.log(q[np.arange(len(q)), np.asarray(y_true, int)])))""",
     "clipped"),
    ("categorical_cross_entropy", """
        q = np.asarray(probs, float)
        return float(-np.mean(np.log10(q[np.arange(len(q)), np.asarray(y_true, int)])))""",
     "log10"),
    ("categorical_cross_entropy", """
        q = np.asarray(probs, float)
        q = q / q.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore"):
            return float(-np.mean(np.log(q[np.arange(len(q)), np.asarray(y_true, int)])))""",
     "renormalised"),
    # ---- binomial_nll
    ("binomial_nll", BINOMIAL + """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(special.xlogy(k, p) + special.xlog1py(m - k, -p)))""",
     "dropped log C"),
    ("binomial_nll", BINOMIAL + """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(np.log(special.comb(m, k)) + special.xlogy(k, p)
                                 + special.xlog1py(m - k, -p)))""",
     "overflowed as a float"),
    ("binomial_nll", BINOMIAL + """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(special.gammaln(m) - special.gammaln(k) - special.gammaln(m - k)
                                 + special.xlogy(k, p) + special.xlog1py(m - k, -p)))""",
     "lgamma(j + 1)"),
    ("binomial_nll", BINOMIAL + """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(special.gammaln(m + 1) - special.gammaln(k + 1)
                                 - special.gammaln(m - k + 1) + k * np.log(p)
                                 + (m - k) * np.log1p(-p)))""",
     "nan"),
    ("binomial_nll", BINOMIAL + """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(special.gammaln(m + 1) - special.gammaln(k + 1)
                                 - special.gammaln(m - k + 1) + special.xlogy(m - k, p)
                                 + special.xlog1py(k, -p)))""",
     "probability of a success"),
    ("binomial_nll", BINOMIAL + """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.mean(special.gammaln(m + 1) - special.gammaln(k + 1)
                                  - special.gammaln(m - k + 1) + special.xlogy(k, p)
                                  + special.xlog1py(m - k, -p)))""",
     "mean over the"),
    ("binomial_nll", BINOMIAL + """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(special.gammaln(m + 1) - special.gammaln(k + 1)
                                - special.gammaln(m - k + 1) + special.xlogy(k, p)
                                + special.xlog1py(m - k, -p)))""",
     "wrong sign"),
]

SIGNATURES = {
    "likelihood": "y_true, p_pred", "log_likelihood": "y_true, p_pred",
    "binary_cross_entropy": "y_true, p_pred", "gaussian_nll": "y_true, y_pred, sigma=1.0",
    "mse": "y_true, y_pred", "categorical_cross_entropy": "y_true, probs",
    "binomial_nll": "successes, trials, p_pred",
}


@pytest.fixture(scope="module")
def mistake_scores(tmp_path_factory):
    return grade_mistakes(tmp_path_factory.mktemp("mistakes"), "day48.losses", MISTAKES,
                          SIGNATURES, tests="tests/day48")


@pytest.mark.parametrize("variant", ["loops", "scipy_special", "solutions"])
def test_correct_implementations_earn_full_points(variant, tmp_path):
    extra = None if variant == "solutions" else VARIANTS
    scores, process = run_graded(variant, extra_path=extra, tmp=tmp_path)
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(scores) == {f"day48.{f}" for f in FUNCTIONS}
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
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day48", function, phrase)


# ------------------------------------------------------------------- no points for a constant
CONSTANTS = {"zero": "0.0", "one": "1.0", "inf": "math.inf", "minus_inf": "-math.inf",
             "nan": "math.nan"}


def write_constant_variant(root: Path, name: str, module: str, signatures: dict[str, str],
                           body: str, array_body: str = "",
                           array_functions: tuple[str, ...] = ()) -> None:
    """A package ``name`` whose ``module`` (e.g. ``day48.losses``) defines every function of
    ``signatures`` with the same ``body``, or ``array_body`` for ``array_functions`` (both see
    the first argument as ``first``)."""
    day, leaf = module.split(".")
    folder = root / name / day
    folder.mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    (folder / "__init__.py").write_text("")
    functions = "".join(
        f"\n\ndef {function}({arguments}):\n"
        f"    first = {arguments.split(',')[0].split('=')[0].strip()}\n"
        f"    {array_body if function in array_functions else body}\n"
        for function, arguments in signatures.items())
    (folder / f"{leaf}.py").write_text(f"import math\n\nimport numpy as np\n{functions}")


def assert_no_points_anywhere(scores: dict, day: str, functions: tuple[str, ...]) -> None:
    assert set(scores) == {f"{day}.{f}" for f in functions}
    earned = {name: entry["score"] for name, entry in scores.items() if entry["score"] > 0}
    assert earned == {}, earned


@pytest.mark.parametrize("constant", list(CONSTANTS))
def test_a_constant_earns_no_point(constant, tmp_path):
    """Every graded test checks something a constant answer cannot match (0, 1, ±inf, nan)."""
    name = f"constant48_{constant}"
    write_constant_variant(tmp_path, name, "day48.losses", SIGNATURES,
                           f"return float({CONSTANTS[constant]})")
    scores, process = run_graded(name, extra_path=tmp_path, tmp=tmp_path)
    assert process.returncode == 1, process.stdout[-3000:]
    assert_no_points_anywhere(scores, "day48", FUNCTIONS)
