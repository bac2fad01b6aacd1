"""Day 47, hidden graded tests: the edges and conventions.

Not shipped in the student release. Expected values come from independent computations
(``itertools.accumulate`` for the float64 product, ``scipy``, ``mpmath``, ``statistics`` and
``math.fsum``), never from the reference solution.
"""

import doctest
import itertools
import math
import operator
import statistics

import mpmath
import numpy as np
import pytest
from scipy import special, stats

from course.checks import HALF_LOG_2PI, LN10, expect_close, oracle
from tests.day47.log_likelihood_checks import (
    ALL_MINUS_INF_HINT,
    CANCELLATION_HINT,
    DDOF_HINT,
    DROPPED_CONSTANT_HINT,
    DROPPED_LOG_SIGMA_HINT,
    FLOAT32_HINT,
    LAST_POSITIVE_HINT,
    LL_LOG10_HINT,
    LL_MEAN_HINT,
    LL_SIGN_HINT,
    LOG_MEAN_EXP_HINT,
    LOG_SIGMA_SQUARED_HINT,
    MISSING_HALF_HINT,
    N_MINUS_ONE_HINT,
    ONE_OVER_SUM_HINT,
    OVERFLOW_HINT,
    POWER_HINT,
    PRODUCT_UNDERFLOW_HINT,
    RATE_AS_MEAN_HINT,
    SIGMA_AS_VARIANCE_HINT,
    SIGMA_NOT_VARIANCE_HINT,
    SUM_NOT_MEAN_HINT,
    UNBIASED_RATE_HINT,
    ZEROS_FRACTION_HINT,
    expect_count,
    expect_mean_variance,
)

INF = math.inf
LN = math.log


# -------------------------------------------------------------------- product_underflow_length
def first_zero_of_running_product(p: float) -> int:
    """The oracle: the running products 1·p, (1·p)·p, ... in float64, until the first 0.0."""
    products = itertools.accumulate(itertools.repeat(float(p)), operator.mul)
    return next(n for n, value in enumerate(products, start=1) if value == 0.0)


def first_zero_of_power(p: float) -> int:
    """The count that ``p ** n`` gives: a correctly rounded power, not a running product."""
    return next(n for n in itertools.count(1) if float(p) ** n == 0.0)


def log_formula_counts(p: float) -> set[int]:
    """The counts that formulas with logarithms give (2^-1075 and 5e-324 as the threshold)."""
    return {math.ceil(-1075 * LN(2.0) / LN(p)), math.floor(LN(5e-324) / LN(p)) + 1,
            math.ceil(LN(5e-324) / LN(p))}


def underflow_mistakes(p: float, expected: int) -> list[tuple[int, str]]:
    found = [(expected - 1, LAST_POSITIVE_HINT)]
    found += [(n, POWER_HINT) for n in {first_zero_of_power(p), *log_formula_counts(p)}
              if n != expected]
    return found


@pytest.mark.graded("day47.product_underflow_length", points=2)
def test_product_underflow_length_where_the_power_differs(log_likelihood):
    # 0.45 ** 933 rounds once and is 0.0 only at n = 934; the running product loses digits in
    # the subnormal range and reaches 0.0 at n = 933.
    p = 0.45
    expected = first_zero_of_running_product(p)
    assert expected == 933 and first_zero_of_power(p) == 934
    expect_count(log_likelihood.product_underflow_length(p), expected,
                 call="product_underflow_length(0.45)", mistakes=underflow_mistakes(p, expected))


@pytest.mark.graded("day47.product_underflow_length", points=2)
def test_product_underflow_length_of_other_factors(log_likelihood):
    for p in (0.4999, 1 / 3, 0.4, 0.3, 0.25, 0.2, 0.01, 0.49, 0.123):
        expected = first_zero_of_running_product(p)
        expect_count(log_likelihood.product_underflow_length(p), expected,
                     call=f"product_underflow_length({p!r})",
                     mistakes=underflow_mistakes(p, expected))


@pytest.mark.graded("day47.product_underflow_length", points=1)
def test_product_underflow_length_of_tiny_factors(log_likelihood):
    # (2^-537)^2 = 2^-1074 is the smallest subnormal, still > 0; one more factor gives 0.0.
    for p, expected in ((1e-200, 2), (5e-324, 2), (2.0**-537, 3)):
        assert first_zero_of_running_product(p) == expected
        expect_count(log_likelihood.product_underflow_length(p), expected,
                     call=f"product_underflow_length({p!r})",
                     mistakes=[(expected - 1, LAST_POSITIVE_HINT)])


@pytest.mark.graded("day47.product_underflow_length", points=1)
def test_product_underflow_length_of_numpy_scalars(log_likelihood):
    # A float32 factor still means a float64 product (a float32 product of quarters is 0.0
    # after 75 factors: 2^-150 rounds to 0 there).
    for p in (np.float64(0.25), np.float32(0.25)):
        expect_count(log_likelihood.product_underflow_length(p), 538,
                     call=f"product_underflow_length(np.{type(p).__name__}(0.25))",
                     mistakes=[(537, LAST_POSITIVE_HINT), (75, FLOAT32_HINT)])


# ----------------------------------------------------------------------------------- logsumexp
@pytest.mark.graded("day47.logsumexp", points=2)
def test_logsumexp_mixes_minus_inf_and_large_entries(log_likelihood):
    a = [-INF, 1000.0, -INF, 999.0]
    expected = 1000.0 + math.log1p(math.exp(-1.0))
    expect_close(log_likelihood.logsumexp(a), expected, call=f"logsumexp({a})",
                 mistakes=[(INF, OVERFLOW_HINT), (math.nan, "An entry -inf gave nan: shift "
                           "by the max of the entries, which is finite here.")])


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_of_entries_far_apart(log_likelihood):
    # e^-2000 is far below the spacing of floats near 1: the answer is 1000.0. Shifting by the
    # smallest entry instead of the largest overflows.
    expect_close(log_likelihood.logsumexp([1000.0, -1000.0]), 1000.0,
                 call="logsumexp([1000.0, -1000.0])",
                 mistakes=[(INF, OVERFLOW_HINT), (1000.0 - LN(2.0), LOG_MEAN_EXP_HINT)])


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_of_a_single_or_zero_weight(log_likelihood):
    for a, expected in (([5.0], 5.0), ([-INF], -INF), ([-INF] * 3, -INF)):
        expect_close(log_likelihood.logsumexp(a), expected, call=f"logsumexp({a})",
                     mistakes=[(math.nan, ALL_MINUS_INF_HINT)])


@oracle
def logsumexp_exact(a) -> float:
    """log Σ e^a to 50 digits (remembered: the grader asks again for each submission)."""
    with mpmath.workdps(50):
        return float(mpmath.log(mpmath.fsum(mpmath.exp(v) for v in np.asarray(a).tolist()
                                            if v != -INF)))


@pytest.mark.graded("day47.logsumexp", points=2)
def test_logsumexp_of_many_entries(log_likelihood):
    rng = np.random.default_rng(47)
    a = rng.normal(0.0, 300.0, size=10_000)
    a[::7] = -INF
    expected = logsumexp_exact(a)
    assert math.isclose(expected, float(special.logsumexp(a)), rel_tol=1e-12)
    expect_close(log_likelihood.logsumexp(a), expected,
                 call="logsumexp(a) for 10**4 entries of spread 300, every 7th -inf",
                 mistakes=[(INF, OVERFLOW_HINT), (expected - LN(a.size), LOG_MEAN_EXP_HINT)])


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_of_a_million_zeros(log_likelihood):
    expect_close(log_likelihood.logsumexp(np.zeros(1_000_000)), LN(1e6),
                 call="logsumexp(np.zeros(10**6))",
                 mistakes=[(0.0, LOG_MEAN_EXP_HINT), (6.0, "You used log10; natural logs.")])


# ------------------------------------------------------------------------------- bernoulli_mle
@pytest.mark.graded("day47.bernoulli_mle", points=1)
def test_bernoulli_mle_at_the_boundary(log_likelihood):
    for x, expected in (([0, 0, 0], 0.0), ([1, 1], 1.0), ([0], 0.0)):
        expect_close(log_likelihood.bernoulli_mle(x), expected, call=f"bernoulli_mle({x})",
                     mistakes=[(1.0 - expected, ZEROS_FRACTION_HINT)])


@pytest.mark.graded("day47.bernoulli_mle", points=2)
def test_bernoulli_mle_of_many_draws(log_likelihood):
    rng = np.random.default_rng(4700)
    x = rng.random(100_001) < 0.3
    ones = sum(1 for value in x.tolist() if value)
    expected = ones / x.size
    expect_close(log_likelihood.bernoulli_mle(x.astype(np.int64)), expected,
                 call="bernoulli_mle(x) for 100001 draws",
                 mistakes=[(float(ones), SUM_NOT_MEAN_HINT), (1 - expected, ZEROS_FRACTION_HINT),
                           (ones / (x.size - 1), N_MINUS_ONE_HINT)])


@pytest.mark.graded("day47.bernoulli_mle", points=1)
def test_bernoulli_mle_of_booleans(log_likelihood):
    expect_close(log_likelihood.bernoulli_mle(np.array([True, False, False, True, True])), 0.6,
                 call="bernoulli_mle(np.array([True, False, False, True, True]))",
                 mistakes=[(0.4, ZEROS_FRACTION_HINT), (3.0, SUM_NOT_MEAN_HINT)])


# -------------------------------------------------------------------------------- gaussian_mle
@pytest.mark.graded("day47.gaussian_mle", points=1)
def test_gaussian_mle_of_one_sample(log_likelihood):
    # With n = 1 the likelihood peaks at μ = x_1 with σ² → 0: the formula gives 0.0, while
    # n - 1 divides by zero (nan).
    expect_mean_variance(log_likelihood.gaussian_mle([3.5]), (3.5, 0.0),
                         call="gaussian_mle([3.5])",
                         mistakes=[((3.5, math.nan), DDOF_HINT), ((3.5, INF), DDOF_HINT)])


@pytest.mark.graded("day47.gaussian_mle", points=2)
def test_gaussian_mle_far_from_zero(log_likelihood):
    x = np.array([2, 4, 4, 4, 5, 5, 7, 9]) + 1e8
    one_pass = float(np.mean(x**2) - np.mean(x) ** 2)
    assert one_pass != 4.0
    expect_mean_variance(
        log_likelihood.gaussian_mle(x), (1e8 + 5.0, 4.0),
        call="gaussian_mle(np.array([2, 4, 4, 4, 5, 5, 7, 9]) + 1e8)",
        mistakes=[((1e8 + 5.0, one_pass), CANCELLATION_HINT),
                  ((1e8 + 5.0, 32 / 7), DDOF_HINT), ((1e8 + 5.0, 2.0), SIGMA_NOT_VARIANCE_HINT)])


@pytest.mark.graded("day47.gaussian_mle", points=2)
def test_gaussian_mle_of_many_samples(log_likelihood):
    rng = np.random.default_rng(4747)
    x = rng.normal(-3.0, 2.5, size=10_000)
    values = x.tolist()
    mu, sigma2 = statistics.fmean(values), statistics.pvariance(values)
    n = len(values)
    expect_mean_variance(
        log_likelihood.gaussian_mle(x), (mu, sigma2),
        call="gaussian_mle(x) for 10**4 draws of N(-3, 2.5²)",
        mistakes=[((mu, sigma2 * n / (n - 1)), DDOF_HINT),
                  ((mu, math.sqrt(sigma2)), SIGMA_NOT_VARIANCE_HINT)])


# --------------------------------------------------------------------------------- poisson_mle
@pytest.mark.graded("day47.poisson_mle", points=1)
def test_poisson_mle_of_zero_counts(log_likelihood):
    expect_close(log_likelihood.poisson_mle([0, 0, 0, 0]), 0.0, call="poisson_mle([0, 0, 0, 0])")


@pytest.mark.graded("day47.poisson_mle", points=1)
def test_poisson_mle_of_float_counts(log_likelihood):
    expect_close(log_likelihood.poisson_mle(np.array([2.0, 3.0])), 2.5,
                 call="poisson_mle(np.array([2.0, 3.0]))",
                 mistakes=[(5.0, SUM_NOT_MEAN_HINT)])


@pytest.mark.graded("day47.poisson_mle", points=2)
def test_poisson_mle_of_many_counts(log_likelihood):
    rng = np.random.default_rng(470)
    x = rng.poisson(3.7, size=10_001)
    total = sum(x.tolist())
    expected = total / x.size
    expect_close(log_likelihood.poisson_mle(x), expected,
                 call="poisson_mle(x) for 10001 Poisson(3.7) counts",
                 mistakes=[(float(total), SUM_NOT_MEAN_HINT),
                           (total / (x.size - 1), N_MINUS_ONE_HINT)])


# ----------------------------------------------------------------------------- exponential_mle
@pytest.mark.graded("day47.exponential_mle", points=1)
def test_exponential_mle_of_one_wait(log_likelihood):
    expect_close(log_likelihood.exponential_mle([2.0]), 0.5, call="exponential_mle([2.0])",
                 mistakes=[(2.0, RATE_AS_MEAN_HINT)])


@pytest.mark.graded("day47.exponential_mle", points=1)
def test_exponential_mle_with_zero_waits(log_likelihood):
    # 4 waits adding up to 3: rate 4 / 3.
    expect_close(log_likelihood.exponential_mle([0, 2, 0, 1]), 4 / 3,
                 call="exponential_mle([0, 2, 0, 1])",
                 mistakes=[(0.75, RATE_AS_MEAN_HINT), (1.0, UNBIASED_RATE_HINT),
                           (1 / 3, ONE_OVER_SUM_HINT)])


@pytest.mark.graded("day47.exponential_mle", points=2)
def test_exponential_mle_of_many_waits(log_likelihood):
    rng = np.random.default_rng(74)
    x = rng.exponential(scale=2.5, size=10_000)
    total = math.fsum(x.tolist())
    expected = x.size / total
    expect_close(log_likelihood.exponential_mle(x), expected,
                 call="exponential_mle(x) for 10**4 waits of mean 2.5",
                 mistakes=[(total / x.size, RATE_AS_MEAN_HINT),
                           ((x.size - 1) / total, UNBIASED_RATE_HINT),
                           (1 / total, ONE_OVER_SUM_HINT)])


# --------------------------------------------------------------------- gaussian_log_likelihood
def gaussian_log_likelihood_oracle(x, mu, sigma) -> float:
    return math.fsum(stats.norm.logpdf(np.asarray(x, float), mu, sigma).tolist())


def gaussian_ll_mistakes(x, mu, sigma) -> list[tuple[float, str]]:
    """Each classic mistake, evaluated on the same input."""
    x = np.asarray(x, float)
    n, quad = x.size, math.fsum(((x - mu) ** 2).tolist())
    right = -n * (HALF_LOG_2PI + LN(sigma)) - quad / (2 * sigma**2)
    return [
        (-n * LN(sigma) - quad / (2 * sigma**2), DROPPED_CONSTANT_HINT),
        (-n * HALF_LOG_2PI - quad / (2 * sigma**2), DROPPED_LOG_SIGMA_HINT),
        (-n * (HALF_LOG_2PI + 0.5 * LN(sigma)) - quad / (2 * sigma), SIGMA_AS_VARIANCE_HINT),
        (-n * (HALF_LOG_2PI + 2 * LN(sigma)) - quad / (2 * sigma**2), LOG_SIGMA_SQUARED_HINT),
        (-n * (HALF_LOG_2PI + LN(sigma)) - quad / sigma**2, MISSING_HALF_HINT),
        (-right, LL_SIGN_HINT),
        (right / LN10, LL_LOG10_HINT),
        *([(right / n, LL_MEAN_HINT)] if n > 1 else []),
    ]


@pytest.mark.graded("day47.gaussian_log_likelihood", points=1)
def test_gaussian_log_likelihood_can_be_positive(log_likelihood):
    # N(0, 0.1²) has density 3.989... at its mean: log 3.989... = 1.3836465597893728 > 0.
    expect_close(log_likelihood.gaussian_log_likelihood([0.0], 0.0, 0.1), 1.3836465597893728,
                 call="gaussian_log_likelihood([0.0], 0.0, 0.1)",
                 mistakes=gaussian_ll_mistakes([0.0], 0.0, 0.1))


@pytest.mark.graded("day47.gaussian_log_likelihood", points=2)
def test_gaussian_log_likelihood_of_three_points(log_likelihood):
    x, mu, sigma = [1.0, -2.0, 0.5], 0.3, 1.5
    expect_close(log_likelihood.gaussian_log_likelihood(x, mu, sigma),
                 gaussian_log_likelihood_oracle(x, mu, sigma),
                 call=f"gaussian_log_likelihood({x}, {mu}, {sigma})",
                 mistakes=gaussian_ll_mistakes(x, mu, sigma))


@pytest.mark.graded("day47.gaussian_log_likelihood", points=2)
def test_gaussian_log_likelihood_of_many_samples(log_likelihood):
    # The product of 10**5 densities underflows to 0.0 long before the end.
    rng = np.random.default_rng(4777)
    x = rng.normal(10.0, 3.0, size=100_000)
    expect_close(log_likelihood.gaussian_log_likelihood(x, 10.0, 3.0),
                 gaussian_log_likelihood_oracle(x, 10.0, 3.0),
                 call="gaussian_log_likelihood(x, 10.0, 3.0) for 10**5 draws of N(10, 3²)",
                 mistakes=[(-INF, PRODUCT_UNDERFLOW_HINT),
                           *gaussian_ll_mistakes(x, 10.0, 3.0)])


@pytest.mark.graded("day47.gaussian_log_likelihood", points=1)
def test_gaussian_log_likelihood_of_integers_and_numpy_scalars(log_likelihood):
    x, mu, sigma = [1, 2, 3, 7], np.float64(2.0), np.int64(3)
    expect_close(log_likelihood.gaussian_log_likelihood(x, mu, sigma),
                 gaussian_log_likelihood_oracle(x, 2.0, 3.0),
                 call="gaussian_log_likelihood([1, 2, 3, 7], np.float64(2.0), np.int64(3))",
                 mistakes=gaussian_ll_mistakes(x, 2.0, 3.0))


# ------------------------------------------------------------------------ the reference itself
def test_reference_docstring_examples():
    """The examples in the docstrings are what the reference returns (not graded)."""
    reference = pytest.importorskip("solutions.day47.log_likelihood")
    result = doctest.testmod(reference, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 10
