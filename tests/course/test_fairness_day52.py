"""The Day 52 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

Each correct variant is graded in a child pytest, exactly as a student's work would be; the
mistakes are graded together by the instructor's grader (``python -m course grade``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded

VARIANTS = Path(__file__).resolve().parent / "variants"
FUNCTIONS = ("fisher_information_bernoulli", "observed_information", "standard_errors_logistic",
             "wald_interval", "wilson_interval", "likelihood_ratio_interval", "coverage")

#: The quantiles a mistaken body uses: computed from level as a student would.
Z_OF_LEVEL = "z = statistics.NormalDist().inv_cdf((1 + level) / 2)"


def interval_body(formula: str, z: str = Z_OF_LEVEL) -> str:
    """A body computing ``p = k / n`` and ``z``, then returning ``formula``."""
    return f"""
        import statistics
        {z}
        p = k / n
        return {formula}"""


def lr_body(drop: str) -> str:
    """A likelihood-ratio interval whose log-likelihood drops by ``drop`` (in terms of z)."""
    return f"""
        import statistics
        z = statistics.NormalDist().inv_cdf((1 + level) / 2)
        p = k / n
        def loglik(t):
            total = 0.0
            if k:
                total += k * math.log(t) if t > 0 else -math.inf
            if n - k:
                total += (n - k) * math.log1p(-t) if t < 1 else -math.inf
            return total
        target = loglik(p) - ({drop})
        def end(inside, outside):
            for _ in range(200):
                middle = (inside + outside) / 2
                if loglik(middle) >= target:
                    inside = middle
                else:
                    outside = middle
            return inside
        return (0.0 if k == 0 else end(p, 0.0), 1.0 if k == n else end(p, 1.0))"""


def se_body(information: str, result: str = "np.sqrt(np.diag(np.linalg.inv(H)))") -> str:
    return f"""
        A, w = np.asarray(X, float), np.asarray(w, float)
        p = 1 / (1 + np.exp(-(A @ w)))
        H = {information}
        with np.errstate(invalid="ignore"):
            return {result}"""


def coverage_body(draws: str, test: str = "low <= theta <= high",
                  result: str = "covered / trials") -> str:
    return f"""
        counts = {draws}
        covered = 0
        for k in counts:
            low, high = interval_fn(int(k), n)
            if {test}:
                covered += 1
        return {result}"""


WILSON_PARTS = "(1 + z * z / n)", "(p + z * z / (2 * n))", "p * (1 - p) / n + z * z / (4 * n * n)"


def wilson_body(shrink: str = WILSON_PARTS[0], centre: str = WILSON_PARTS[1],
                radicand: str = WILSON_PARTS[2], z: str = Z_OF_LEVEL) -> str:
    return interval_body(f"({centre} / {shrink} - z / {shrink} * math.sqrt({radicand}), "
                         f"{centre} / {shrink} + z / {shrink} * math.sqrt({radicand}))", z)


# (function, wrong body, a phrase its hint must contain). Each body sees the arguments as the
# reference's signature names them, plus np and math.
MISTAKES = [
    # fisher_information_bernoulli
    ("fisher_information_bernoulli", "return theta * (1 - theta) / n", "variance of the estimate"),
    ("fisher_information_bernoulli", "return 1 / (theta * (1 - theta))", "of one trial"),
    ("fisher_information_bernoulli", "return math.sqrt(theta * (1 - theta) / n)",
     "the standard error"),
    ("fisher_information_bernoulli", "return math.sqrt(n / (theta * (1 - theta)))",
     "took a square root"),
    # observed_information
    ("observed_information",
     "return (loglik(theta + h) - 2 * loglik(theta) + loglik(theta - h)) / h**2",
     "Hessian sign"),
    ("observed_information",
     "return -(loglik(theta + 2 * h) - 2 * loglik(theta + h) + loglik(theta)) / h**2",
     "forward second difference"),
    ("observed_information", """
        def slope(t):
            return (loglik(t + h) - loglik(t - h)) / (2 * h)
        return -(slope(theta + h) - slope(theta - h)) / (2 * h)""", "spans 2h"),
    ("observed_information",
     "return -(loglik(theta + 1e-4) - 2 * loglik(theta) + loglik(theta - 1e-4)) / 1e-8",
     "ignored the argument h"),
    ("observed_information",
     "return -h**2 / (loglik(theta + h) - 2 * loglik(theta) + loglik(theta - h))", "1 / J"),
    # standard_errors_logistic
    ("standard_errors_logistic", se_body("(A.T * (p * (1 - p))) @ A / len(A)"), "mean BCE"),
    ("standard_errors_logistic",
     se_body("(A.T * (p * (1 - p))) @ A", "np.diag(np.linalg.inv(H))"), "variances"),
    ("standard_errors_logistic",
     se_body("(A.T * (p * (1 - p))) @ A", "1 / np.sqrt(np.diag(H))"), "inverted the diagonal"),
    ("standard_errors_logistic", se_body("-(A.T * (p * (1 - p))) @ A"), "Hessian sign"),
    ("standard_errors_logistic", se_body("A.T @ A"), "weights p (1 - p)"),
    # wald_interval
    ("wald_interval",
     interval_body("(p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))",
                   "z = statistics.NormalDist().inv_cdf(level)"), "one side"),
    ("wald_interval",
     interval_body("(p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))",
                   "z = 1.96"), "rounded"),
    ("wald_interval", interval_body("(p - z * p * (1 - p) / n, p + z * p * (1 - p) / n)"),
     "where its square root"),
    ("wald_interval",
     interval_body("(max(0.0, p - z * math.sqrt(p * (1 - p) / n)), "
                   "min(1.0, p + z * math.sqrt(p * (1 - p) / n)))"), "clipped"),
    ("wald_interval",
     interval_body("(p - z * math.sqrt(p * (1 - p) / (n - 1)), "
                   "p + z * math.sqrt(p * (1 - p) / (n - 1))) if n > 1 else (p, p)"), "n - 1"),
    ("wald_interval",
     interval_body("(p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))",
                   "z = 1.959963984540054"), "ignored level"),
    # wilson_interval
    ("wilson_interval",
     interval_body("(p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))"),
     "returned the Wald interval"),
    ("wilson_interval", wilson_body(radicand="p * (1 - p) / n"), "z^2 / (4 n^2)"),
    ("wilson_interval", wilson_body(shrink="1"), "1 + z^2 / n"),
    ("wilson_interval", wilson_body(z="z = statistics.NormalDist().inv_cdf(level)"), "one side"),
    # likelihood_ratio_interval
    ("likelihood_ratio_interval", lr_body("z * z"), "drops by c = 3.84"),
    ("likelihood_ratio_interval", lr_body("z * z / 4"), "c / 4 = 0.96"),
    ("likelihood_ratio_interval", lr_body("z / 2"), "as the chi-square cut-off"),
    ("likelihood_ratio_interval",
     lr_body("statistics.NormalDist().inv_cdf(level) ** 2 / 2"), "2.71"),
    ("likelihood_ratio_interval",
     interval_body("(p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))"),
     "returned the Wald interval"),
    # coverage
    ("coverage",
     coverage_body("np.random.default_rng(seed).binomial(n, theta, size=trials)",
                   test="low < theta < high"), "closed"),
    ("coverage",
     coverage_body("np.random.default_rng(seed).binomial(n, theta, size=trials)",
                   result="1 - covered / trials"), "miss theta"),
    ("coverage",
     coverage_body("np.random.default_rng(seed).binomial(n, theta, size=trials)",
                   result="float(covered)"), "number of covered"),
    ("coverage", coverage_body("np.random.RandomState(seed).binomial(n, theta, trials)"),
     "not the ones the docstring specifies"),
    ("coverage",
     coverage_body("np.random.default_rng(seed).binomial(1, theta, size=(trials, n)).sum(1)"),
     "not the ones the docstring specifies"),
]

SIGNATURES = {
    "fisher_information_bernoulli": "theta, n=1",
    "observed_information": "loglik, theta, h=1e-4",
    "standard_errors_logistic": "X, y, w",
    "wald_interval": "k, n, level=0.95",
    "wilson_interval": "k, n, level=0.95",
    "likelihood_ratio_interval": "k, n, level=0.95",
    "coverage": "interval_fn, theta, n, trials, seed",
}


@pytest.fixture(scope="module")
def mistake_scores(tmp_path_factory):
    return grade_mistakes(tmp_path_factory.mktemp("mistakes52"), "day52.uncertainty", MISTAKES,
                          SIGNATURES, tests="tests/day52")


@pytest.mark.parametrize("variant", ["loops52", "scipy52", "solutions"])
def test_correct_implementations_earn_full_points(variant, tmp_path):
    extra = None if variant == "solutions" else VARIANTS
    scores, process = run_graded(variant, extra_path=extra, tmp=tmp_path, tests="tests/day52")
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(scores) == {f"day52.{f}" for f in FUNCTIONS}
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
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day52", function, phrase)
