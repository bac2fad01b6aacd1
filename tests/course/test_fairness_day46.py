"""The Day 46 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each variant is graded in a child pytest, exactly as a student's work would be.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.course.grading import (
    ROOT,
    _scores_from_results,
    assert_mistake_is_named,
    grade_mistakes,
    run_graded,
)

VARIANTS = Path(__file__).resolve().parent / "variants"
FUNCTIONS = ("bernoulli_pmf", "binomial_pmf", "sequence_probability", "likelihood_grid",
             "grid_mle", "likelihood_ratio", "likelihood_interval")



def _after(prelude: str):
    """Prefix a wrong body with shared set-up lines (both dedented, so they line up)."""
    return lambda body: prelude + textwrap.dedent(body).strip("\n") + "\n"


# Shared set-up of the wrong bodies: the flips as floats, the head and tail counts, the grid.
COUNTS = _after("x = np.asarray(flips, float)\nh = int(x.sum())\nt = x.size - h\n")
GRID = _after("x = np.asarray(flips, float)\nh = int(x.sum())\nt = x.size - h\n"
              "g = np.asarray(thetas, float)\n")
# likelihood_interval's wrong bodies share a log-likelihood (0 log 0 = 0) and `ends(target)`:
# where it crosses a target on each side of h / n, by bisection (the peak if it never does).
INTERVAL = _after("""
x = np.asarray(flips, float)
h = int(x.sum())
t = x.size - h
n = h + t
best = h / n

def log_lik(theta):
    total = 0.0
    for count, q in ((h, theta), (t, 1 - theta)):
        if count:
            total += count * math.log(q) if q > 0 else -math.inf
    return total

def ends(target):
    def bisect(inside, outside):
        for _ in range(200):
            middle = (inside + outside) / 2
            if log_lik(middle) >= target:
                inside = middle
            else:
                outside = middle
        return inside
    if log_lik(best) < target:
        return best, best
    return (0.0 if h == 0 else bisect(best, 0.0)), (1.0 if t == 0 else bisect(best, 1.0))
""".lstrip("\n"))

# (function, wrong body, a phrase its hint must contain). Each body sees the arguments as the
# reference's signature names them, plus np and math.
MISTAKES = [
    # ---------------------------------------------------------------------------- bernoulli_pmf
    ("bernoulli_pmf", "return float(1 - theta if x == 1 else theta)", "swapped"),
    ("bernoulli_pmf", "return float(theta)", "for every flip"),
    ("bernoulli_pmf", "return float(np.exp(x * np.log(theta) + (1 - x) * np.log(1 - theta)))",
     "nan"),
    ("bernoulli_pmf", "return math.exp(x * math.log(theta) + (1 - x) * math.log(1 - theta))",
     "math.log(0) raised"),
    ("bernoulli_pmf", "return float(np.log(theta if x == 1 else 1 - theta))", "log-probability"),
    # ----------------------------------------------------------------------------- binomial_pmf
    ("binomial_pmf", "return float(theta**k * (1 - theta) ** (n - k))",
     "left out the binomial coefficient"),
    ("binomial_pmf", """
        def factorial(m):
            return float(np.prod(np.arange(1, m + 1, dtype=float)))
        return factorial(n) / (factorial(k) * factorial(n - k)) * theta**k * (1 - theta) ** (n - k)
     """, "n! overflows a float"),
    ("binomial_pmf", """
        coefficient = float(math.factorial(n)) / math.factorial(k) / math.factorial(n - k)
        return coefficient * theta**k * (1 - theta) ** (n - k)""", "n! overflows a float"),
    ("binomial_pmf", "return float(math.comb(n, k) * theta**k * (1 - theta) ** (n - k))",
     "add the logs"),
    ("binomial_pmf", """
        with np.errstate(divide="ignore", invalid="ignore"):
            log_p = math.log(math.comb(n, k)) + k * np.log(theta) + (n - k) * np.log1p(-theta)
        return float(np.exp(log_p))""", "nan"),
    ("binomial_pmf", """
        return float(sum(math.comb(n, j) * theta**j * (1 - theta) ** (n - j)
                         for j in range(k + 1)))""", "CDF"),
    ("binomial_pmf", "return float(math.perm(n, k) * theta**k * (1 - theta) ** (n - k))",
     "a factorial is missing"),
    ("binomial_pmf", "return float(math.comb(n, k) * (1 - theta) ** k * theta ** (n - k))",
     "swapped"),
    ("binomial_pmf", """
        def log_factorial(m):  # Stirling's crude approximation
            return m * math.log(m) - m if m else 0.0
        with np.errstate(divide="ignore"):
            log_p = (log_factorial(n) - log_factorial(k) - log_factorial(n - k)
                     + (k * np.log(theta) if k else 0.0)
                     + ((n - k) * np.log1p(-theta) if n - k else 0.0))
        return float(np.exp(log_p))""", "Stirling"),
    # --------------------------------------------------------------------- sequence_probability
    ("sequence_probability", COUNTS("return float(math.comb(h + t, h) * theta**h * "
                                      "(1 - theta) ** t)"), "multiplied by the binomial"),
    ("sequence_probability", COUNTS("return float((1 - theta) ** h * theta**t)"), "swapped"),
    ("sequence_probability", COUNTS("return float(theta**h)"), "left out the tails"),
    ("sequence_probability", "return float(theta ** len(flips))", "for every flip"),
    ("sequence_probability", COUNTS("""
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.exp(np.sum(x * np.log(theta) + (1 - x) * np.log(1 - theta))))"""),
     "nan"),
    ("sequence_probability", COUNTS("return float(np.sum(np.where(x == 1, theta, 1 - theta)))"),
     "added the probabilities"),
    ("sequence_probability", COUNTS("return float(np.mean(np.where(x == 1, theta, 1 - theta)))"),
     "averaged the probabilities"),
    # Turns the caller's float array of flips into the flips' probabilities, in place.
    ("sequence_probability", """
        x = np.asarray(flips, float)
        heads = x == 1
        x[heads] = theta
        x[~heads] = 1 - theta
        return float(np.prod(x))""", "changed the array"),
    ("sequence_probability", COUNTS("return float(h * np.log(theta) + t * np.log(1 - theta))"),
     "log-probability"),
    # -------------------------------------------------------------------------- likelihood_grid
    ("likelihood_grid", GRID("""
        values = g**h * (1 - g) ** t
        return values / values.sum()"""), "normalised"),
    ("likelihood_grid", GRID("""
        values = g**h * (1 - g) ** t
        return values / values.max()"""), "normalised"),
    ("likelihood_grid", GRID("return [float(v) for v in g**h * (1 - g) ** t]"), "NumPy array"),
    ("likelihood_grid", GRID("return (g**h * (1 - g) ** t).squeeze()"),
     "one likelihood per theta"),
    ("likelihood_grid", GRID("""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.exp(h * np.log(g) + t * np.log(1 - g))"""), "nan"),
    ("likelihood_grid", GRID("return math.comb(h + t, h) * g**h * (1 - g) ** t"),
     "multiplied by the binomial"),
    ("likelihood_grid", GRID("return (1 - g) ** h * g**t"), "swapped"),
    ("likelihood_grid", GRID("""
        with np.errstate(divide="ignore"):
            return h * np.log(g) + t * np.log1p(-g)"""), "log-probability"),
    ("likelihood_grid", GRID("return np.sort(g) ** h * (1 - np.sort(g)) ** t"),
     "order of thetas"),
    # Reuses the caller's float array of thetas for the result.
    ("likelihood_grid", GRID("""
        g[:] = g**h * (1 - g) ** t
        return g"""), "changed the array"),
    # --------------------------------------------------------------------------------- grid_mle
    ("grid_mle", GRID("return float(np.argmax(g**h * (1 - g) ** t))"), "index"),
    ("grid_mle", GRID("return float(np.max(g**h * (1 - g) ** t))"), "largest likelihood"),
    ("grid_mle", GRID("return float(h / (h + t))"), "h / n"),
    ("grid_mle", GRID("return float(g[np.argmin(g**h * (1 - g) ** t)])"),
     "smallest likelihood"),
    ("grid_mle", GRID("""
        with np.errstate(divide="ignore"):
            log_lik = (h * np.log(g) if h else 0.0) + (t * np.log1p(-g) if t else 0.0)
        log_lik = np.broadcast_to(log_lik, g.shape)
        return float(g[len(g) - 1 - np.argmax(log_lik[::-1])])"""), "first maximiser"),
    ("grid_mle", GRID("return float(g[np.argmax(g**h * (1 - g) ** t)])"), "underflowed"),
    ("grid_mle", GRID("""
        best, best_log = g[0], -math.inf
        with np.errstate(divide="ignore", invalid="ignore"):
            for theta in g:
                log_lik = h * np.log(theta) + t * np.log(1 - theta)
                if log_lik > best_log:
                    best, best_log = theta, log_lik
        return float(best)"""), "nan never wins"),
    ("grid_mle", GRID("return float(g[np.argmin(np.abs(g - h / (h + t)))])"), "nearest to h / n"),
    # Finds the right value, then overwrites the caller's float array with the log-likelihoods.
    ("grid_mle", GRID("""
        with np.errstate(divide="ignore"):
            log_lik = (h * np.log(g) if h else 0.0) + (t * np.log1p(-g) if t else 0.0)
        best = float(g[np.argmax(np.broadcast_to(log_lik, g.shape))])
        g[:] = log_lik
        return best"""),
     "changed the array"),
    # ------------------------------------------------------------------------- likelihood_ratio
    ("likelihood_ratio", COUNTS("""
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.exp(h * (np.log(theta_0) - np.log(theta_1))
                                + t * (np.log1p(-theta_0) - np.log1p(-theta_1))))"""),
     "upside down"),
    ("likelihood_ratio", COUNTS("""
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(h * (np.log(theta_1) - np.log(theta_0))
                         + t * (np.log1p(-theta_1) - np.log1p(-theta_0)))"""), "log of the ratio"),
    ("likelihood_ratio", COUNTS("""
        return float(theta_1**h * (1 - theta_1) ** t - theta_0**h * (1 - theta_0) ** t)"""),
     "subtracted"),
    ("likelihood_ratio", COUNTS("""
        with np.errstate(divide="ignore", invalid="ignore"):
            top = np.prod(np.where(x == 1, theta_1, 1 - theta_1))
            return float(top / np.prod(np.where(x == 1, theta_0, 1 - theta_0)))"""),
     "underflowed"),
    ("likelihood_ratio", COUNTS("""
        return float(theta_1**h * (1 - theta_1) ** t) / float(theta_0**h * (1 - theta_0) ** t)"""),
     "ZeroDivisionError"),
    ("likelihood_ratio", COUNTS("""
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.exp(h * np.log(theta_1) + t * np.log(1 - theta_1)
                                - h * np.log(theta_0) - t * np.log(1 - theta_0)))"""), "nan"),
    ("likelihood_ratio", COUNTS("return float((theta_1 / theta_0) ** h)"), "left out the tails"),
    # The formula's powers of ratios, as written (NumPy floats: inf * 0 = nan, no exception).
    ("likelihood_ratio", COUNTS("""
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            top, bottom = np.float64(theta_1), np.float64(theta_0)
            return float((top / bottom) ** h * ((1 - top) / (1 - bottom)) ** t)"""),
     "overflowed or underflowed"),
    # ---------------------------------------------------------------------- likelihood_interval
    ("likelihood_interval", INTERVAL("""
        half = math.sqrt(-2 * math.log(c) * best * (1 - best) / n)
        return max(best - half, 0.0), min(best + half, 1.0)"""), "normal (quadratic)"),
    ("likelihood_interval", INTERVAL("return ends(log_lik(best) - c)"), "drop in log-likelihood"),
    ("likelihood_interval", INTERVAL("return ends(log_lik(best) + math.log10(c))"), "log10"),
    ("likelihood_interval", INTERVAL("return ends(math.log(c))"), "compared L(theta) with c"),
    ("likelihood_interval", INTERVAL("""
        low, high = ends(log_lik(best) + math.log(c))
        return high, low"""), "smaller end first"),
    ("likelihood_interval", INTERVAL("""
        grid = np.linspace(0.0, 1.0, 10001)
        with np.errstate(divide="ignore", invalid="ignore"):
            inside = grid[h * np.log(grid) + t * np.log1p(-grid) >= log_lik(best) + math.log(c)]
        return float(inside[0]), float(inside[-1])"""), "close but not exact"),
    ("likelihood_interval", INTERVAL("""
        def nan_log_lik(theta):  # 0 * log 0 = nan at the ends
            with np.errstate(divide="ignore", invalid="ignore"):
                return float(h * np.log(theta) + t * np.log1p(-theta))
        target = nan_log_lik(best) + math.log(c)
        found = []
        for outside in (0.0, 1.0):
            inside = best
            for _ in range(200):
                middle = (inside + outside) / 2
                if nan_log_lik(middle) >= target:
                    inside = middle
                else:
                    outside = middle
            found.append(inside)
        return found[0], found[1]"""), "0 * log 0 must count as 0"),
]

SIGNATURES = {
    "bernoulli_pmf": "x, theta", "binomial_pmf": "k, n, theta",
    "sequence_probability": "flips, theta", "likelihood_grid": "flips, thetas",
    "grid_mle": "flips, thetas", "likelihood_ratio": "flips, theta_1, theta_0",
    "likelihood_interval": "flips, c",
}


@pytest.fixture(scope="module")
def mistake_scores(tmp_path_factory):
    return grade_mistakes(tmp_path_factory.mktemp("mistakes46"), "day46.coins", MISTAKES,
                          SIGNATURES, tests="tests/day46")


@pytest.mark.parametrize("variant", ["loops46", "scipy46", "solutions"])
def test_correct_implementations_earn_full_points(variant, tmp_path):
    extra = None if variant == "solutions" else VARIANTS
    scores, process = run_graded(variant, extra_path=extra, tmp=tmp_path, tests="tests/day46")
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(scores) == {f"day46.{f}" for f in FUNCTIONS}
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
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day46", function, phrase)


# ------------------------------------------------ constants, echoes and the docstrings' answers
def grade_modules(root: Path, module: str, sources: dict[str, str]) -> dict[str, dict]:
    """Grade one submission per ``{name: source of the whole module}`` with ``course grade``
    (hidden tests included); return ``{name: per-function scores}``."""
    day, leaf = module.split(".")
    for name, source in sources.items():
        folder = root / "submissions" / name / "exercises" / day
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        (folder / f"{leaf}.py").write_text(source)
    subprocess.run([sys.executable, "-m", "course", "grade", str(root / "submissions"),
                    "--out", str(root / "out"), "--day", day[3:], "--jobs", "2",
                    "--timeout", "30"],
                   cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    return {name: _scores_from_results(json.loads((root / "out" / name / "results.json")
                                                  .read_text()))
            for name in sources}


def constant_module(value: str, grid: str, mle: str, interval: str) -> str:
    """A Day 46 module whose functions ignore their data: ``value`` for the floats, ``grid``
    for likelihood_grid, ``mle`` for grid_mle and ``interval`` for likelihood_interval."""
    return textwrap.dedent(f"""
        import math

        import numpy as np


        def bernoulli_pmf(x, theta):
            return {value.format(first="theta")}


        def binomial_pmf(k, n, theta):
            return {value.format(first="theta")}


        def sequence_probability(flips, theta):
            return {value.format(first="theta")}


        def likelihood_grid(flips, thetas):
            return {grid}


        def grid_mle(flips, thetas):
            return {mle}


        def likelihood_ratio(flips, theta_1, theta_0):
            return {value.format(first="theta_1")}


        def likelihood_interval(flips, c):
            return {interval}
        """)


CONSTANT_MODULES = {
    "zero": constant_module("0.0", "np.zeros(len(thetas))", "0.0", "(0.0, 0.0)"),
    "one": constant_module("1.0", "np.ones(len(thetas))", "1.0", "(1.0, 1.0)"),
    "inf": constant_module("math.inf", "np.full(len(thetas), math.inf)", "math.inf",
                           "(0.0, math.inf)"),
    "nan": constant_module("math.nan", "np.full(len(thetas), math.nan)", "math.nan",
                           "(math.nan, math.nan)"),
    # An input handed back: theta, the grid itself, its first or last value, all of [0, 1].
    "echo_first": constant_module("float({first})", "np.array(thetas, dtype=float)",
                                  "float(np.asarray(thetas, dtype=float)[0])", "(0.0, 1.0)"),
    "echo_last": constant_module("float({first})", "np.array(thetas, dtype=float)",
                                 "float(np.asarray(thetas, dtype=float)[-1])", "(0.0, 1.0)"),
}

# The answers of the docstring examples, for exactly those inputs; 0 (or zeros) otherwise.
DOCSTRING_ANSWERS = textwrap.dedent("""
    import numpy as np

    ANSWERS = {
        ("bernoulli_pmf", (1, 0.3)): 0.3, ("bernoulli_pmf", (0, 0.25)): 0.75,
        ("binomial_pmf", (2, 4, 0.5)): 0.375, ("binomial_pmf", (8, 8, 0.5)): 0.00390625,
        ("sequence_probability", ((1,) * 8, 0.5)): 0.00390625,
        ("sequence_probability", ((1, 0, 1, 1), 0.6)): 0.0864,
        ("likelihood_grid", ((1, 1, 0), (0.0, 0.25, 0.5, 0.75, 1.0))):
            np.array([0.0, 0.046875, 0.125, 0.140625, 0.0]),
        ("grid_mle", ((1, 1, 0), (0.0, 0.25, 0.5, 0.75, 1.0))): 0.75,
        ("grid_mle", ((1, 0), (0.25, 0.75))): 0.25,
        ("likelihood_ratio", ((1,) * 8, 1.0, 0.5)): 256.0,
        ("likelihood_ratio", ((1, 0, 1, 1), 0.75, 0.5)): 1.6875,
        ("likelihood_interval", ((1, 1, 1, 1), 1 / 16)): (0.5, 1.0),
        ("likelihood_interval", ((1, 0), 0.75)): (0.25, 0.75),
    }


    def _answer(name, default, *args):
        key = tuple(tuple(np.asarray(a).tolist()) if np.ndim(a) else a for a in args)
        return ANSWERS.get((name, key), default)


    def bernoulli_pmf(x, theta):
        return _answer("bernoulli_pmf", 0.0, x, theta)


    def binomial_pmf(k, n, theta):
        return _answer("binomial_pmf", 0.0, k, n, theta)


    def sequence_probability(flips, theta):
        return _answer("sequence_probability", 0.0, flips, theta)


    def likelihood_grid(flips, thetas):
        return _answer("likelihood_grid", np.zeros(len(thetas)), flips, thetas)


    def grid_mle(flips, thetas):
        return _answer("grid_mle", 0.0, flips, thetas)


    def likelihood_ratio(flips, theta_1, theta_0):
        return _answer("likelihood_ratio", 0.0, flips, theta_1, theta_0)


    def likelihood_interval(flips, c):
        return _answer("likelihood_interval", (0.0, 0.0), flips, c)
    """)


@pytest.fixture(scope="module")
def shortcut_scores(tmp_path_factory):
    return grade_modules(tmp_path_factory.mktemp("shortcuts46"), "day46.coins",
                         {**CONSTANT_MODULES, "docstring_answers": DOCSTRING_ANSWERS})


@pytest.mark.parametrize("name", [*CONSTANT_MODULES, "docstring_answers"])
def test_constants_echoes_and_copied_examples_earn_nothing(shortcut_scores, name):
    """Every graded test whose answer a constant or an echoed input matches also checks a call
    it does not; the docstrings' answers earn no visible point without a hidden one."""
    scores = shortcut_scores[name]
    assert set(scores) == {f"day46.{f}" for f in FUNCTIONS}
    assert {f: entry["score"] for f, entry in scores.items()} == dict.fromkeys(scores, 0.0)
