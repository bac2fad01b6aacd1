"""The Day 46 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each variant is graded in a child pytest, exactly as a student's work would be.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded

VARIANTS = Path(__file__).resolve().parent / "variants"
FUNCTIONS = ("bernoulli_pmf", "binomial_pmf", "sequence_probability", "likelihood_grid",
             "grid_mle", "likelihood_ratio")



def _after(prelude: str):
    """Prefix a wrong body with shared set-up lines (both dedented, so they line up)."""
    return lambda body: prelude + textwrap.dedent(body).strip("\n") + "\n"


# Shared set-up of the wrong bodies: the flips as floats, the head and tail counts, the grid.
COUNTS = _after("x = np.asarray(flips, float)\nh = int(x.sum())\nt = x.size - h\n")
GRID = _after("x = np.asarray(flips, float)\nh = int(x.sum())\nt = x.size - h\n"
              "g = np.asarray(thetas, float)\n")

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
]

SIGNATURES = {
    "bernoulli_pmf": "x, theta", "binomial_pmf": "k, n, theta",
    "sequence_probability": "flips, theta", "likelihood_grid": "flips, thetas",
    "grid_mle": "flips, thetas", "likelihood_ratio": "flips, theta_1, theta_0",
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
