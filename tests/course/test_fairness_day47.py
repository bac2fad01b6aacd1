"""The Day 47 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each variant is graded in a child pytest, exactly as a student's work would be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded

VARIANTS = Path(__file__).resolve().parent / "variants"
TESTS = "tests/day47"
FUNCTIONS = ("product_underflow_length", "logsumexp", "bernoulli_mle", "gaussian_mle",
             "poisson_mle", "exponential_mle", "gaussian_log_likelihood")

# The Gaussian log-likelihood's wrong bodies share their set-up: x as floats, n, the squared
# deviations' sum.
GAUSS = ("x = np.asarray(x, float)\nn = x.size\nq = float(np.sum((x - mu) ** 2))\n"
         "c = 0.5 * math.log(2 * math.pi)\n")

# (function, wrong body, a phrase its hint must contain). Each body sees the arguments as the
# reference's signature names them, plus np and math.
MISTAKES = [
    # ----------------------------------------------------------------- product_underflow_length
    ("product_underflow_length", """
        value, n = 1.0, 0
        while value * p != 0.0:
            value *= p
            n += 1
        return n""", "last n whose product is still > 0"),
    ("product_underflow_length", """
        value, n = 1.0, 1
        while value != 0.0:
            value *= p
            n += 1
        return n""", "one multiplication too many"),
    ("product_underflow_length", """
        n = 1
        while p**n != 0.0:
            n += 1
        return n""", "p ** n"),
    ("product_underflow_length", "return math.ceil(-1075 * math.log(2.0) / math.log(p))",
     "formula with logarithms"),
    ("product_underflow_length", """
        value, n = 1.0, 0
        while value >= 2.2250738585072014e-308:
            value *= p
            n += 1
        return n""", "normal range"),
    ("product_underflow_length", """
        value, n = 1.0, 0
        while value >= np.finfo(float).eps:
            value *= p
            n += 1
        return n""", "machine epsilon"),
    ("product_underflow_length", """
        value, n = np.float32(1.0), 0
        while value != 0.0:
            value = np.float32(value * np.float32(p))
            n += 1
        return n""", "float32"),
    ("product_underflow_length", """
        value, n = 1.0, 0
        while value != 0.0:
            value *= p
            n += 1
        return float(n)""", "as an int"),
    # -------------------------------------------------------------------------------- logsumexp
    ("logsumexp", """
        with np.errstate(over="ignore", divide="ignore"):
            return float(np.log(np.sum(np.exp(np.asarray(a, float)))))""", "overflowed"),
    ("logsumexp", """
        a = np.asarray(a, float)
        m = np.max(a)
        with np.errstate(invalid="ignore"):
            return float(m + np.log(np.sum(np.exp(a - m))))""", "-inf - (-inf) = nan"),
    ("logsumexp", """
        a = np.asarray(a, float)
        m = np.max(a)
        if m == -np.inf:
            return -math.inf
        return float(np.log(np.sum(np.exp(a - m))))""", "did not add it back"),
    ("logsumexp", "return float(np.max(np.asarray(a, float)))", "returned the largest entry"),
    ("logsumexp", """
        a = np.asarray(a, float)
        m = np.max(a)
        if m == -np.inf:
            return -math.inf
        return float(m + np.log(np.mean(np.exp(a - m))))""", "averaged the exponentials"),
    ("logsumexp", """
        a = np.asarray(a, float)
        m = np.max(a)
        if m == -np.inf:
            return -math.inf
        return float(m + np.log10(np.sum(np.exp(a - m))))""", "log10"),
    ("logsumexp", """
        a = np.asarray(a, float)
        m = np.max(a)
        if m == -np.inf:
            return -math.inf
        return float(-(m + np.log(np.sum(np.exp(a - m)))))""", "wrong sign"),
    ("logsumexp", """
        a = np.asarray(a, float)
        m = np.max(a)
        if m == -np.inf:
            return -math.inf
        low = np.min(a[a > -np.inf])
        with np.errstate(over="ignore"):
            return float(low + np.log(np.sum(np.exp(a - low))))""", "overflowed"),
    # ---------------------------------------------------------------------------- bernoulli_mle
    ("bernoulli_mle", "return float(np.sum(np.asarray(x, float)))", "sum of the sample"),
    ("bernoulli_mle", "return float(1 - np.mean(np.asarray(x, float)))", "fraction of zeros"),
    ("bernoulli_mle", "return float(np.sum(np.asarray(x, float)) / (len(x) - 1))",
     "divided by n - 1"),
    # ----------------------------------------------------------------------------- gaussian_mle
    ("gaussian_mle", """
        x = np.asarray(x, float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.mean(x)), float(np.var(x, ddof=1))""", "ddof=1"),
    ("gaussian_mle", """
        x = np.asarray(x, float)
        return float(np.mean(x)), float(np.std(x))""", "standard deviation σ"),
    ("gaussian_mle", """
        x = np.asarray(x, float)
        return float(np.var(x)), float(np.mean(x))""", "in this order"),
    ("gaussian_mle", """
        x = np.asarray(x, float)
        return float(np.mean(x)), float(np.mean(x**2) - np.mean(x) ** 2)""",
     "cancels catastrophically"),
    ("gaussian_mle", """
        x = np.asarray(x, float)
        return [float(np.mean(x)), float(np.var(x))]""", "Return a tuple"),
    ("gaussian_mle", """
        x = np.asarray(x, float)
        return float(np.mean(x)), float(np.sum((x - np.mean(x)) ** 2))""",
     "sum of squared deviations"),
    # ------------------------------------------------------------------------------ poisson_mle
    ("poisson_mle", "return float(np.sum(np.asarray(x, float)))", "sum of the sample"),
    ("poisson_mle", "return float(np.sum(np.asarray(x, float)) / (len(x) - 1))",
     "divided by n - 1"),
    # -------------------------------------------------------------------------- exponential_mle
    ("exponential_mle", "return float(np.mean(np.asarray(x, float)))", "mean waiting time"),
    ("exponential_mle", """
        x = np.asarray(x, float)
        return float((x.size - 1) / np.sum(x))""", "unbiased rate"),
    ("exponential_mle", "return float(1 / np.sum(np.asarray(x, float)))", "1 / sum(x)"),
    # ------------------------------------------------------------------ gaussian_log_likelihood
    ("gaussian_log_likelihood", GAUSS + "return float(-n * math.log(sigma) - q / (2 * sigma**2))",
     "dropped the constant"),
    ("gaussian_log_likelihood", GAUSS + "return float(-n * c - q / (2 * sigma**2))",
     "dropped the -n log σ term"),
    ("gaussian_log_likelihood",
     GAUSS + "return float(-n * (c + 0.5 * math.log(sigma)) - q / (2 * sigma))",
     "as the variance"),
    ("gaussian_log_likelihood",
     GAUSS + "return float(-n * (c + 2 * math.log(sigma)) - q / (2 * sigma**2))",
     "log σ² per sample"),
    ("gaussian_log_likelihood", GAUSS + "return float(-n * (c + math.log(sigma)) - q / sigma**2)",
     "the ½ is missing"),
    ("gaussian_log_likelihood",
     GAUSS + "return float((-n * (c + math.log(sigma)) - q / (2 * sigma**2)) / n)",
     "returns the total"),
    ("gaussian_log_likelihood",
     GAUSS + "return float(n * (c + math.log(sigma)) + q / (2 * sigma**2))", "wrong sign"),
    ("gaussian_log_likelihood", """
        z = (np.asarray(x, float) - mu) / sigma
        density = np.exp(-0.5 * z**2) / (sigma * math.sqrt(2 * math.pi))
        return float(np.sum(np.log10(density)))""", "log10"),
    ("gaussian_log_likelihood", """
        z = (np.asarray(x, float) - mu) / sigma
        density = np.exp(-0.5 * z**2) / (sigma * math.sqrt(2 * math.pi))
        with np.errstate(divide="ignore"):
            return float(np.log(np.prod(density)))""", "underflowed"),
]

SIGNATURES = {
    "product_underflow_length": "p", "logsumexp": "a", "bernoulli_mle": "x",
    "gaussian_mle": "x", "poisson_mle": "x", "exponential_mle": "x",
    "gaussian_log_likelihood": "x, mu, sigma",
}


@pytest.fixture(scope="module")
def mistake_scores(tmp_path_factory):
    return grade_mistakes(tmp_path_factory.mktemp("mistakes47"), "day47.log_likelihood",
                          MISTAKES, SIGNATURES, tests=TESTS)


@pytest.mark.parametrize("variant", ["loops47", "scipy47", "solutions"])
def test_correct_implementations_earn_full_points(variant, tmp_path):
    extra = None if variant == "solutions" else VARIANTS
    scores, process = run_graded(variant, extra_path=extra, tmp=tmp_path, tests=TESTS)
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(scores) == {f"day47.{f}" for f in FUNCTIONS}
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
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day47", function, phrase)
