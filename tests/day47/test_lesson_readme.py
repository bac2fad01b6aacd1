"""Every number printed in days/day47/README.md is computed here, and the page is well formed.

The checks are independent of the demo and of the reference solution: plain loops in float64,
``math``, ``statistics``, ``scipy`` and ``numpy`` on the lesson's data.
"""

from __future__ import annotations

import math
import re
import statistics
from decimal import Decimal
from pathlib import Path

import mpmath
import numpy as np
import pytest
from scipy import optimize, special, stats

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "days" / "day47" / "README.md"

FLIPS = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
DATA8 = [2, 4, 4, 4, 5, 5, 7, 9]
COUNTS = [3, 1, 4, 1, 5, 9, 2, 6]
WAITS = [0.5, 1.5, 2.0, 1.0]


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def flat(text) -> str:
    """The page with every run of whitespace collapsed to one space."""
    return re.sub(r"\s+", " ", text)


def products(p: float, n: int) -> list[float]:
    value, out = 1.0, []
    for _ in range(n):
        value *= p
        out.append(value)
    return out


def first(values, condition) -> int:
    return next(k for k, v in enumerate(values, start=1) if condition(v))


def assert_printed(flat: str, snippet: str) -> None:
    assert snippet in flat, f"README no longer prints {snippet!r}"


# ------------------------------------------------------------------------------- float64 facts
def test_float_facts(flat):
    assert repr(2.0**-1022) == "2.2250738585072014e-308" == repr(float(np.finfo(float).tiny))
    assert_printed(flat, "$2^{-1022}$ = 2.2250738585072014e-308")
    assert repr(2.0**-1074) == "5e-324"
    assert f"{2.0**-1074:.2e}" == "4.94e-324"
    assert_printed(flat, "2^{-1074} \\approx 4.94 \\times 10^{-324}")
    assert repr(float(np.finfo(float).eps)) == "2.220446049250313e-16"
    assert_printed(flat, "$\\varepsilon$ = 2.220446049250313e-16")
    assert 0.5**100 < 1e-30 < 0.5**99
    assert_printed(flat, "$n = 100$ it is already about $10^{-30}$")


def test_halves(flat):
    halves = products(0.5, 1100)
    assert halves[1021] == 2.0**-1022 and halves[1073] == 2.0**-1074
    assert first(halves, lambda v: v < 2.0**-1022) == 1023
    assert first(halves, lambda v: v == 0.0) == 1075
    assert_printed(flat, "after 1022 factors the product is $2^{-1022}$")
    assert_printed(flat, "from $n$ = 1023 on it is subnormal")
    assert_printed(flat, "after 1074 factors it is $2^{-1074}$ = `5e-324`")
    assert_printed(flat, "is `0.0` from **$n$ = 1075** on")
    value, n = np.float32(1.0), 0
    while value != 0:
        value, n = np.float32(value * np.float32(0.5)), n + 1
    assert n == 150 and np.finfo(np.float32).smallest_subnormal == np.float32(2.0**-149)
    assert_printed(flat, "the same loop reaches `0.0` at $n$ = 150")


def test_nines(flat):
    nines = products(0.9, 10_000)
    assert first(nines, lambda v: v < 2.0**-1022) == 6724
    # nines[k] == nines[k - 1]: the (k + 1)-th factor changes nothing, so n = k is where it sticks
    frozen = next(k for k in range(1, len(nines)) if nines[k] == nines[k - 1])
    assert frozen == 7050 and nines[frozen - 1] == 5 * 2.0**-1074 == 2.5e-323
    assert nines[-1] == 2.5e-323 and 0.0 not in nines
    assert_printed(flat, "It turns subnormal at $n$ = 6724")
    assert_printed(flat, "from $n$ = 7050 on it is stuck at")
    assert_printed(flat, "5 \\cdot 2^{-1074} = \\texttt{2.5e-323}")
    assert Decimal(0.9) * 5 > Decimal("4.5")
    assert_printed(flat, "$pk$ = 4.5 plus a hair")
    assert round(10_000 * math.log10(0.9), 1) == -457.6
    assert_printed(flat, "after 10000 factors it still reads `2.5e-323`")
    assert_printed(flat, "about $10^{-457.6}$")


def test_power_differs_from_the_running_product(flat):
    assert first(products(0.45, 1000), lambda v: v == 0.0) == 933
    assert 0.45**933 == 5e-324 and 0.45**934 == 0.0
    assert_printed(flat, "the running product is `0.0` at $n$ = 933, while `0.45 ** 933` is "
                         "still `5e-324`")


def test_factors_above_one_half_never_reach_zero():
    for p in (0.5000001, 0.6, 0.75, 0.9, 0.99):
        assert p * 2.0**-1074 == 2.0**-1074


def test_log_likelihoods_of_the_products(flat):
    assert repr(1075 * math.log(0.5)) == "-745.1332191019412"
    assert repr(10_000 * math.log(0.9)) == "-1053.6051565782627"
    assert_printed(flat, "$\\ell = 1075 \\log 0.5$ = -745.1332191019412")
    assert_printed(flat, "$10000 \\log 0.9$ = -1053.6051565782627")


def test_a_running_sum_of_logs_loses_a_few_digits(flat):
    with mpmath.workdps(50):
        exact = 1075 * mpmath.log(mpmath.mpf(0.5))  # the float 0.5 is exactly 1/2
        nines = 10_000 * mpmath.log(mpmath.mpf(0.9))  # of the float 0.9, as the loop uses
    assert float(exact) == 1075 * math.log(0.5) == -745.1332191019412
    assert float(nines) == 10_000 * math.log(0.9)
    running = 0.0
    for _ in range(1075):
        running += math.log(0.5)
    assert repr(running) == "-745.1332191019239"
    assert f"{running - 1075 * math.log(0.5):.1e}" == "1.7e-11"
    assert math.fsum([math.log(0.5)] * 1075) == -745.1332191019412
    assert abs(running - float(exact)) / abs(float(exact)) < 1e-13  # thirteen digits
    assert_printed(flat, "are the float64 numbers nearest to the exact values")
    assert_printed(flat, "ends at -745.1332191019239, 1.7e-11 away (`math.fsum` of the same 1075 "
                         "terms gives -745.1332191019412 again)")
    assert "exact to the last digit" not in flat and "fixes this completely" not in flat


def test_a_single_underflowed_probability_is_lost(flat):
    with np.errstate(divide="ignore", invalid="ignore"):
        assert stats.norm.pdf(40.0) == 0.0 and np.log(stats.norm.pdf(40.0)) == -math.inf
    assert math.exp(-800) == 0.0
    log_density = -800 - 0.5 * math.log(2 * math.pi)
    assert repr(log_density) == "-800.9189385332047" == repr(float(stats.norm.logpdf(40.0)))
    assert_printed(flat, "The standard normal density at $x = 40$ is $e^{-800}/\\sqrt{2\\pi}$, "
                         "which is `0.0` in float64")
    assert_printed(flat, "$-800 - \\tfrac12\\log 2\\pi$ = -800.9189385332047")


def test_tolerance_and_degenerate_estimates(flat):
    module = (ROOT / "exercises" / "day47" / "log_likelihood.py").read_text()  # students have it
    assert "math.isclose(got, r, rel_tol=1e-9, abs_tol=1e-12)" in module
    assert_printed(flat, "within a relative $10^{-9}$ of the exact value, or within $10^{-12}$ "
                         "where that value is near 0")
    # One observation: at mu = x_1 the log-likelihood -log(sigma) - ½ log 2π grows as sigma -> 0.
    values = [float(stats.norm.logpdf(3.5, 3.5, s)) for s in (1.0, 1e-3, 1e-9)]
    assert values == sorted(values)
    # All counts 0: l(lambda) = -n lambda falls from lambda = 0.
    assert [float(stats.poisson.logpmf([0, 0, 0], lam).sum()) for lam in (0.0, 0.5, 1.0)] == [
        0.0, -1.5, -3.0]
    with np.errstate(over="ignore", under="ignore"):
        assert np.float64(1e200) ** 2 == np.inf and np.float64(1e-200) ** 2 == 0.0
    caller = np.array([1.0, 2.0])
    assert np.asarray(caller, dtype=float) is caller  # x -= mu would change the caller's array
    for snippet in ("$\\sigma = 10^{200}$", "$\\sigma = 10^{-200}$"):
        assert_printed(flat, snippet)


# ----------------------------------------------------------------------------------- logsumexp
def test_logsumexp_numbers(flat):
    big = float(special.logsumexp([1000.0, 999.0, 998.0]))
    small = float(special.logsumexp([-1000.0, -1001.0, -1002.0]))
    assert repr(big) == "1000.4076059644444" and repr(small) == "-999.5923940355556"
    assert repr(1000 + math.log(2)) == "1000.6931471805599"
    assert_printed(flat, "`logsumexp([1000, 999, 998])` = 1000.4076059644444")
    assert_printed(flat, "`logsumexp([-1000, -1001, -1002])` = -999.5923940355556")
    assert_printed(flat, "$1000 + \\log 2$ = 1000.6931471805599")
    with np.errstate(over="ignore", divide="ignore"):
        assert np.log(np.sum(np.exp([1000.0, 999.0, 998.0]))) == math.inf
        assert np.log(np.sum(np.exp([-1000.0, -1001.0, -1002.0]))) == -math.inf
    with np.errstate(invalid="ignore"):
        assert math.isnan(float(np.float64(-math.inf) - np.float64(-math.inf)))


def test_logsumexp_near_zero(flat):
    with mpmath.workdps(50):
        exact = mpmath.log(1 + mpmath.exp(-40))
    assert f"{float(exact):.2e}" == "4.25e-18"
    assert 1 + math.exp(-40) == 1.0 and 0.0 + math.log(math.exp(0.0) + math.exp(-40.0)) == 0.0
    assert math.log1p(math.exp(-40.0)) == float(exact)
    assert_printed(flat, "`logsumexp([0, -40])` is $\\log(1 + e^{-40}) \\approx 4.25 \\times "
                         "10^{-18}$")
    assert_printed(flat, "allows an absolute error of $10^{-12}$ near 0")


# ------------------------------------------------------------------------------ closed forms
def test_bernoulli_numbers(flat):
    assert sum(FLIPS) / len(FLIPS) == 0.7
    best = math.fsum(stats.bernoulli.logpmf(FLIPS, 0.7).tolist())
    assert repr(best) == "-6.108643020548935"
    assert_printed(flat, "$\\hat\\theta$ = 7 / 10 = 0.7")
    assert_printed(flat, "$7 \\log 0.7 + 3 \\log 0.3$ = -6.108643020548935")


def test_gaussian_numbers(flat):
    assert statistics.fmean(DATA8) == 40 / 8 == 5.0
    assert [(x - 5) ** 2 for x in DATA8] == [9, 1, 1, 1, 0, 0, 4, 16]
    assert statistics.pvariance(DATA8) == 32 / 8 == 4.0
    assert repr(statistics.variance(DATA8)) == repr(32 / 7) == "4.571428571428571"
    at_mle = math.fsum(stats.norm.logpdf(DATA8, 5.0, 2.0).tolist())
    at_unbiased = math.fsum(stats.norm.logpdf(DATA8, 5.0, math.sqrt(32 / 7)).tolist())
    assert math.isclose(at_mle, -16.896685710116945, rel_tol=1e-15)
    assert math.isclose(at_unbiased, -16.930811280615035, rel_tol=1e-15)
    assert at_unbiased < at_mle
    for snippet in ("the mean is 40 / 8 = 5.0", "$9, 1, 1, 1, 0, 0, 4, 16$ sum to 32",
                    "$\\hat\\sigma^2$ = 32 / 8 = 4.0, so $\\hat\\sigma = 2$",
                    "= 32 / 7 = 4.571428571428571", "-16.896685710116945 with $\\sigma^2 = 4$",
                    "-16.930811280615035 with $\\sigma^2 = 4.571428571428571$",
                    "`np.var(x)` (`ddof=0`) is the MLE"):
        assert_printed(flat, snippet)
    assert np.var(DATA8) == 4.0 and np.var(DATA8, ddof=1) == 32 / 7


def test_poisson_and_exponential_numbers(flat):
    assert sum(COUNTS) / len(COUNTS) == 31 / 8 == 3.875
    assert_printed(flat, "$\\hat\\lambda$ = 31 / 8 = 3.875")
    assert sum(WAITS) == 5 and statistics.fmean(WAITS) == 1.25
    assert len(WAITS) / sum(WAITS) == 4 / 5 == 0.8
    assert stats.expon.fit(WAITS, floc=0)[1] == pytest.approx(1.25)
    assert_printed(flat, "`[0.5, 1.5, 2.0, 1.0]` (sum 5, mean 1.25), $\\hat\\lambda$ = 4 / 5 = "
                         "0.8")


def test_grid_and_numerical_checks(flat):
    theta = np.arange(1, 1000) * 0.001
    ll_theta = [math.fsum(stats.bernoulli.logpmf(FLIPS, t).tolist()) for t in theta]
    assert round(float(theta[int(np.argmax(ll_theta))]), 10) == 0.7
    rates = np.arange(1, 10001) * 0.001
    ll_poisson = stats.poisson.logpmf(np.array(COUNTS)[:, None], rates).sum(axis=0)
    assert round(float(rates[int(np.argmax(ll_poisson))]), 10) == 3.875
    ll_expon = stats.expon.logpdf(np.array(WAITS)[:, None], scale=1 / rates).sum(axis=0)
    assert round(float(rates[int(np.argmax(ll_expon))]), 10) == 0.8
    assert_printed(flat, "the grid maximisers are exactly 0.7, 3.875 and 0.8")
    for data, family, closed, bounds in (
        (FLIPS, lambda t: stats.bernoulli.logpmf(FLIPS, t).sum(), 0.7, (1e-9, 1 - 1e-9)),
        (COUNTS, lambda t: stats.poisson.logpmf(COUNTS, t).sum(), 3.875, (1e-9, 50)),
        (WAITS, lambda t: stats.expon.logpdf(WAITS, scale=1 / t).sum(), 0.8, (1e-9, 50)),
    ):
        found = optimize.minimize_scalar(lambda t, f=family: -f(t), bounds=bounds,
                                         method="bounded", options={"xatol": 1e-10}).x
        assert abs(found - closed) < 1e-7, data
    assert_printed(flat, "agrees with each closed form to better than $10^{-7}$")
    mu = np.arange(0, 1001) * 0.01
    var = np.arange(50, 1001) * 0.01
    x = np.array(DATA8, float)
    surface = (-0.5 * x.size * np.log(2 * np.pi * var)[None, :]
               - ((x[None, :] - mu[:, None]) ** 2).sum(axis=1)[:, None] / (2 * var[None, :]))
    i, j = np.unravel_index(int(np.argmax(surface)), surface.shape)
    assert (round(float(mu[i]), 10), round(float(var[j]), 10)) == (5.0, 4.0)
    assert_printed(flat, "with spacing 0.01 peaks at $(5.0, 4.0)$")


def test_self_check_answers(flat):
    sixes = products(0.6, 2000)
    assert first(sixes, lambda v: v < 2.0**-1022) == 1387
    assert next(k for k in range(1, 2000) if sixes[k] == sixes[k - 1]) == 1457
    assert sixes[-1] == 5e-324 and round(2000 * math.log10(0.6), 1) == -443.7
    assert_printed(flat, "The product turns subnormal at $n$ = 1387 and stops changing at $n$ = "
                         "1457: it ends at `5e-324`")
    assert_printed(flat, "about $10^{-443.7}$")
    assert round(math.log(4), 3) == 1.386 and round(800 + math.log(2), 3) == 800.693
    assert_printed(flat, "$\\log(4 e^0) = \\log 4 \\approx 1.386$")
    assert_printed(flat, "$800 + \\log 2 \\approx 800.693$")
    assert statistics.fmean([0, 2, 1, 0, 2]) == 1.0 and 1 / 2.5 == 0.4
    assert_printed(flat, "$\\hat\\lambda = 5 / 5 = 1.0$")
    assert_printed(flat, "$\\hat\\lambda = 1 / 2.5 = 0.4$")
    assert statistics.pvariance([1, 2, 6]) == pytest.approx(14 / 3)
    assert statistics.variance([1, 2, 6]) == 7 and round(14 / 3, 3) == 4.667
    assert_printed(flat, "$\\hat\\sigma^2 = 14/3 \\approx 4.667$")
    assert_printed(flat, "the unbiased estimate is $14/2 = 7$")


# ------------------------------------------------------------------------------- page format
def test_heading_and_sections(text):
    assert text.startswith("# Day 47 — Log-likelihood, underflow and closed-form MLEs\n")
    for heading in ("## 6. Common mistakes", "## 7. Key takeaways", "## 8. Self-check"):
        assert f"\n{heading}\n" in text
    assert "!!!" not in text


def test_display_math_stands_alone(text):
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if line.strip().startswith("$$")]
    assert len(fences) % 2 == 0 and fences
    for opening, closing in zip(fences[::2], fences[1::2], strict=True):
        assert lines[opening] == "$$" and lines[closing] == "$$"
        assert lines[opening - 1] == "" and lines[closing + 1] == ""


def test_answers_are_hidden(text):
    blocks = re.findall(r'<details markdown="1">\n<summary>Answer</summary>\n\n(.+?)\n\n</details>',
                        text, flags=re.S)
    assert len(blocks) == text.count("<details") == 5


def test_figures_exist_with_alt_text_and_caption(text):
    figures = re.findall(r"!\[([^\]]+)\]\((outputs/[\w.]+\.png)\)\n\n\*[^*]+\*", text)
    assert {path for _, path in figures} == {"outputs/product_vs_log_likelihood.png",
                                             "outputs/log_likelihood_curves.png"}
    for alt, path in figures:
        assert len(alt) > 40 and (README.parent / path).is_file()


def test_mentions_the_demo_and_the_exercises(text):
    assert "python -m days.day47.code.underflow_demo" in text
    assert "exercises/day47/log_likelihood.py" in text
    for name in ("product_underflow_length(p)", "logsumexp(a)", "bernoulli_mle(x)",
                 "gaussian_mle(x)", "poisson_mle(x)", "exponential_mle(x)",
                 "gaussian_log_likelihood(x, mu, sigma)",
                 "censored_exponential_mle(times, observed)",
                 "gaussian_mixture_log_likelihood(x, weights, mus, sigmas)"):
        assert f"`{name}`" in text
