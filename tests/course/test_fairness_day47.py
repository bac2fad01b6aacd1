"""The Day 47 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each variant is graded in a child pytest, exactly as a student's work would be.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded
from tests.course.test_fairness_day46 import grade_modules

VARIANTS = Path(__file__).resolve().parent / "variants"
TESTS = "tests/day47"
FUNCTIONS = ("product_underflow_length", "logsumexp", "bernoulli_mle", "gaussian_mle",
             "poisson_mle", "exponential_mle", "gaussian_log_likelihood",
             "censored_exponential_mle", "gaussian_mixture_log_likelihood")



def _after(prelude: str):
    """Prefix a wrong body with shared set-up lines (both dedented, so they line up)."""
    return lambda body: prelude + textwrap.dedent(body).strip("\n") + "\n"


# The Gaussian log-likelihood's wrong bodies share their set-up: x as floats, n, the squared
# deviations' sum.
GAUSS = ("x = np.asarray(x, float)\nn = x.size\nq = float(np.sum((x - mu) ** 2))\n"
         "c = 0.5 * math.log(2 * math.pi)\n")
# The censored MLE's wrong bodies share the event flags, the number of events and the total.
CENSORED = _after("t = np.asarray(times, float)\nseen = np.asarray(observed, float) == 1\n"
                  "d = int(seen.sum())\ntotal = math.fsum(t.tolist())\n")
# The mixture's wrong bodies share the log-density of every sample under every component.
MIXTURE = _after("from scipy import special, stats\n"
                 "x = np.asarray(x, float)[:, None]\nw = np.asarray(weights, float)\n"
                 "log_dens = stats.norm.logpdf(x, np.asarray(mus, float), "
                 "np.asarray(sigmas, float))\n"
                 "with np.errstate(divide='ignore'):\n    log_w = np.log(w)\n")

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
    # Keeps the dtype of a float32 p: 1.0 * np.float32(p) is a float32 (NumPy 2 promotion).
    ("product_underflow_length", """
        value, n = 1.0, 0
        while value != 0.0:
            value = value * p
            n += 1
        return n""", "float32"),
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
    # Shifts the caller's float array in place.
    ("logsumexp", """
        a = np.asarray(a, float)
        m = float(np.max(a))
        if m == -math.inf:
            return -math.inf
        a -= m
        return m + float(np.log(np.sum(np.exp(a))))""", "changed the array"),
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
    ("bernoulli_mle", "return int(np.count_nonzero(np.asarray(x, float))) // len(x)",
     "integer division"),
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
    # Centres the caller's float array in place.
    ("gaussian_mle", """
        x = np.asarray(x, float)
        mu = float(np.mean(x))
        x -= mu
        return mu, float(np.mean(x**2))""", "changed the array"),
    # ------------------------------------------------------------------------------ poisson_mle
    ("poisson_mle", "return float(np.sum(np.asarray(x, float)))", "sum of the sample"),
    ("poisson_mle", "return float(np.sum(np.asarray(x, float)) / (len(x) - 1))",
     "divided by n - 1"),
    ("poisson_mle", "return int(np.sum(np.asarray(x, float))) // len(x)", "integer division"),
    ("poisson_mle", """
        x = np.asarray(x, float)
        return float(np.mean(x[x > 0])) if (x > 0).any() else 0.0""",
     "left out the zero counts"),
    # -------------------------------------------------------------------------- exponential_mle
    ("exponential_mle", "return float(np.mean(np.asarray(x, float)))", "mean waiting time"),
    ("exponential_mle", """
        x = np.asarray(x, float)
        return float((x.size - 1) / np.sum(x))""", "unbiased rate"),
    ("exponential_mle", "return float(1 / np.sum(np.asarray(x, float)))", "1 / sum(x)"),
    ("exponential_mle", """
        from scipy import stats
        _, scale = stats.expon.fit(np.asarray(x, float))
        return float(1 / scale)""", "floc=0"),
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
    # log(2 pi sigma^2) and (x - mu)^2 / sigma^2: sigma^2 overflows or underflows.
    ("gaussian_log_likelihood", _after(GAUSS)("""
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return float(-0.5 * n * np.log(2 * math.pi * np.float64(sigma) ** 2)
                         - q / (2 * np.float64(sigma) ** 2))"""), "σ² overflowed"),
    # Standardises the caller's float array in place.
    ("gaussian_log_likelihood", """
        x = np.asarray(x, float)
        x -= mu
        x /= sigma
        return float(-x.size * (0.5 * math.log(2 * math.pi) + math.log(sigma))
                     - 0.5 * np.sum(x**2))""", "changed the array"),
    # ----------------------------------------------------------------- censored_exponential_mle
    ("censored_exponential_mle", CENSORED("return t.size / total"), "every unit as an event"),
    ("censored_exponential_mle", CENSORED("""
        return d / math.fsum(t[seen].tolist()) if d else 0.0"""), "dropped the censored"),
    ("censored_exponential_mle", CENSORED("return (t.size - d) / total"), "censored units as the"),
    ("censored_exponential_mle", CENSORED("return total / d if d else math.inf"),
     "the mean wait"),
    ("censored_exponential_mle", CENSORED("return d / t.size"), "fraction of units"),
    ("censored_exponential_mle", CENSORED("""
        if d == 0:
            return 0.0
        from scipy import stats
        data = stats.CensoredData(uncensored=t[seen], right=t[~seen])
        return float(1 / stats.expon.fit(data, floc=0)[1])"""), "numerical maximiser"),
    # ---------------------------------------------------------- gaussian_mixture_log_likelihood
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        with np.errstate(divide="ignore"):
            return float(np.sum(np.log(np.exp(log_dens) @ w)))"""), "underflowed to 0.0"),
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        return float(np.sum(special.logsumexp(log_dens, axis=1)))"""), "left out the weights"),
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        return float(np.sum(special.logsumexp(log_dens + w, axis=1)))"""), "added w_k"),
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        return float(np.sum(np.max(log_dens + log_w, axis=1)))"""), "best component"),
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        return float(np.sum(special.logsumexp(log_dens + log_w, axis=0)))"""),
     "combined the samples"),
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        return float(np.sum(log_dens * w))"""), "Jensen"),
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        sd = np.sqrt(np.asarray(sigmas, float))
        log_dens = stats.norm.logpdf(x, np.asarray(mus, float), sd)
        return float(np.sum(special.logsumexp(log_dens + log_w, axis=1)))"""), "as the variance"),
    ("gaussian_mixture_log_likelihood", MIXTURE("""
        return float(np.mean(special.logsumexp(log_dens + log_w, axis=1)))"""),
     "returns the total"),
]

SIGNATURES = {
    "product_underflow_length": "p", "logsumexp": "a", "bernoulli_mle": "x",
    "gaussian_mle": "x", "poisson_mle": "x", "exponential_mle": "x",
    "gaussian_log_likelihood": "x, mu, sigma", "censored_exponential_mle": "times, observed",
    "gaussian_mixture_log_likelihood": "x, weights, mus, sigmas",
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


# ------------------------------------------------ constants, echoes and the docstrings' answers
def constant_module(value: str, count: str, pair: str) -> str:
    """A Day 47 module whose functions ignore their data: ``value`` for the floats (``{first}``
    names the first argument), ``count`` for the count, ``pair`` for gaussian_mle."""
    floats = {"logsumexp": "a", "bernoulli_mle": "x", "poisson_mle": "x",
              "exponential_mle": "x", "gaussian_log_likelihood": "x, mu, sigma",
              "censored_exponential_mle": "times, observed",
              "gaussian_mixture_log_likelihood": "x, weights, mus, sigmas"}
    lines = ["import math", "", "import numpy as np", "", "",
             f"def product_underflow_length(p):\n    return {count}", "", "",
             f"def gaussian_mle(x):\n    return {pair}"]
    for name, arguments in floats.items():
        first = arguments.split(",")[0]
        lines += ["", "", f"def {name}({arguments}):\n    return {value.format(first=first)}"]
    return "\n".join(lines) + "\n"


FIRST = "float(np.asarray({first}, dtype=float).ravel()[0])"
CONSTANT_MODULES = {
    "zero": constant_module("0.0", "0", "(0.0, 0.0)"),
    "one": constant_module("1.0", "1", "(1.0, 1.0)"),
    "inf": constant_module("math.inf", "1", "(math.inf, math.inf)"),
    "minus_inf": constant_module("-math.inf", "0", "(-math.inf, 0.0)"),
    "nan": constant_module("math.nan", "0", "(math.nan, math.nan)"),
    # An input handed back: the first entry, or the largest (log-sum-exp's lower bound).
    "echo_first": constant_module(FIRST, "1", f"({FIRST.format(first='x')}, 0.0)"),
    "echo_max": constant_module("float(np.max(np.asarray({first}, dtype=float)))", "1",
                                "(float(np.max(np.asarray(x, dtype=float))), 0.0)"),
}

# The answers of the docstring examples, for exactly those inputs; 0 otherwise.
DOCSTRING_ANSWERS = textwrap.dedent("""
    import math

    import numpy as np

    ANSWERS = {
        ("product_underflow_length", (0.5,)): 1075, ("product_underflow_length", (0.1,)): 324,
        ("logsumexp", ((1000.0, 1000.0),)): 1000.6931471805599,
        ("logsumexp", ((-math.inf, 0.0),)): 0.0,
        ("bernoulli_mle", ((1, 0, 1, 1),)): 0.75,
        ("gaussian_mle", ((2, 4, 4, 4, 5, 5, 7, 9),)): (5.0, 4.0),
        ("poisson_mle", ((2, 0, 3, 1, 4),)): 2.0,
        ("exponential_mle", ((0.5, 1.5, 2.0),)): 0.75,
        ("gaussian_log_likelihood", ((0.0,), 0.0, 1.0)): -0.9189385332046727,
        ("gaussian_log_likelihood", ((2, 4, 4, 4, 5, 5, 7, 9), 5.0, 2.0)): -16.896685710116945,
        ("censored_exponential_mle", ((2.0, 3.0, 1.0, 4.0), (1, 1, 1, 1))): 0.4,
        ("censored_exponential_mle", ((2.0, 3.0, 1.0, 4.0), (1, 0, 1, 0))): 0.2,
        ("gaussian_mixture_log_likelihood", ((0.0,), (1.0,), (0.0,), (1.0,))):
            -0.9189385332046727,
        ("gaussian_mixture_log_likelihood", ((0.0, 3.0), (0.5, 0.5), (0.0, 3.0), (1.0, 1.0))):
            -3.2020759378320487,
    }


    def _answer(name, default, *args):
        key = tuple(tuple(np.asarray(a).tolist()) if np.ndim(a) else a for a in args)
        return ANSWERS.get((name, key), default)


    def product_underflow_length(p):
        return _answer("product_underflow_length", 0, p)


    def logsumexp(a):
        return _answer("logsumexp", 0.0, a)


    def bernoulli_mle(x):
        return _answer("bernoulli_mle", 0.0, x)


    def gaussian_mle(x):
        return _answer("gaussian_mle", (0.0, 0.0), x)


    def poisson_mle(x):
        return _answer("poisson_mle", 0.0, x)


    def exponential_mle(x):
        return _answer("exponential_mle", 0.0, x)


    def gaussian_log_likelihood(x, mu, sigma):
        return _answer("gaussian_log_likelihood", 0.0, x, mu, sigma)


    def censored_exponential_mle(times, observed):
        return _answer("censored_exponential_mle", 0.0, times, observed)


    def gaussian_mixture_log_likelihood(x, weights, mus, sigmas):
        return _answer("gaussian_mixture_log_likelihood", 0.0, x, weights, mus, sigmas)
    """)


@pytest.fixture(scope="module")
def shortcut_scores(tmp_path_factory):
    return grade_modules(tmp_path_factory.mktemp("shortcuts47"), "day47.log_likelihood",
                         {**CONSTANT_MODULES, "docstring_answers": DOCSTRING_ANSWERS})


@pytest.mark.parametrize("name", [*CONSTANT_MODULES, "docstring_answers"])
def test_constants_echoes_and_copied_examples_earn_nothing(shortcut_scores, name):
    """Every graded test whose answer a constant or an echoed input matches also checks a call
    it does not; the docstrings' answers earn no visible point without a hidden one."""
    scores = shortcut_scores[name]
    assert set(scores) == {f"day47.{f}" for f in FUNCTIONS}
    assert {f: entry["score"] for f, entry in scores.items()} == dict.fromkeys(scores, 0.0)
