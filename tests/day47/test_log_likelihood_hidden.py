"""Day 47, hidden graded tests: the edges and conventions.

Not shipped in the student release. Expected values come from independent computations
(``itertools.accumulate`` for the float64 product, ``scipy``, ``mpmath``, ``statistics`` and
``math.fsum``), never from the reference solution. A test whose answer a constant (0, 1, -inf)
or an echoed input would match also checks a call whose answer no constant gives, and each
function taking arrays has a test that they come back unchanged.
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
    CENSORED_AS_EVENTS_HINT,
    CENSORED_SCALE_HINT,
    DDOF_HINT,
    DROPPED_CENSORED_HINT,
    DROPPED_CONSTANT_HINT,
    DROPPED_LOG_SIGMA_HINT,
    DROPPED_ZEROS_HINT,
    EXPON_FIT_LOC_HINT,
    FLIPPED_FLAGS_HINT,
    FLOAT32_HINT,
    HARD_ASSIGNMENT_HINT,
    JENSEN_HINT,
    LAST_POSITIVE_HINT,
    LL_LOG10_HINT,
    LL_MEAN_HINT,
    LL_SIGN_HINT,
    LOG_MEAN_EXP_HINT,
    LOG_SIGMA_SQUARED_HINT,
    MISSING_HALF_HINT,
    MIXTURE_SIGMA_HINT,
    MIXTURE_UNDERFLOW_HINT,
    N_MINUS_ONE_HINT,
    NO_WEIGHTS_HINT,
    ONE_OVER_SUM_HINT,
    OVERFLOW_HINT,
    POWER_HINT,
    PRODUCT_UNDERFLOW_HINT,
    RATE_AS_MEAN_HINT,
    SIGMA_AS_VARIANCE_HINT,
    SIGMA_NOT_VARIANCE_HINT,
    SIGMA_SQUARED_HINT,
    SUM_NOT_MEAN_HINT,
    UNBIASED_RATE_HINT,
    WEIGHT_NOT_LOGGED_HINT,
    WRONG_AXIS_HINT,
    ZEROS_FRACTION_HINT,
    expect_closed_form,
    expect_count,
    expect_mean_variance,
    expect_ratio,
    expect_unchanged,
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
    # 1000.0 is also the largest entry, echoed: entries 3 apart are not far enough for that.
    expected = 1000.0 + math.log1p(math.exp(-3.0))
    expect_close(log_likelihood.logsumexp([997.0, 1000.0]), expected,
                 call="logsumexp([997.0, 1000.0])",
                 mistakes=[(INF, OVERFLOW_HINT), (1000.0, "You returned the largest entry; "
                           "log-sum-exp exceeds it by log(sum(exp(a - m))).")])


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_of_a_single_or_zero_weight(log_likelihood):
    for a, expected in (([5.0], 5.0), ([-INF], -INF), ([-INF] * 3, -INF)):
        expect_close(log_likelihood.logsumexp(a), expected, call=f"logsumexp({a})",
                     mistakes=[(math.nan, ALL_MINUS_INF_HINT)])
    # 5.0 echoes the input and -inf is a constant: three equal weights give 5 + log 3.
    expect_close(log_likelihood.logsumexp([5.0, 5.0, 5.0]), 5.0 + LN(3.0),
                 call="logsumexp([5.0, 5.0, 5.0])",
                 mistakes=[(5.0, "You returned the largest entry; log-sum-exp exceeds it by "
                                 "log(sum(exp(a - m))).")])


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_near_zero(log_likelihood):
    # log(1 + e^-40) = 4.248354255291589e-18 exactly; the shifted formula computes
    # 0 + log(1 + e^-40) where 1 + e^-40 rounds to 1.0, and returns 0.0. The tolerance's
    # absolute 1e-12 accepts both (log1p(e^-40) would give every digit).
    expected = logsumexp_exact([0.0, -40.0])
    assert expected == math.log1p(math.exp(-40.0)) and 4.2e-18 < expected < 4.3e-18
    expect_close(log_likelihood.logsumexp([0.0, -40.0]), expected,
                 call="logsumexp([0.0, -40.0])", mistakes=[(-40.0, "You returned the "
                                                            "smallest entry.")])
    # Near 0, but not that near: a constant 0 does not pass here.
    expected = logsumexp_exact([0.0, -2.5])
    expect_close(log_likelihood.logsumexp([0.0, -2.5]), expected, call="logsumexp([0.0, -2.5])",
                 mistakes=[(0.0, "You returned the largest entry; log-sum-exp exceeds it by "
                                 "log(sum(exp(a - m))).")])


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_leaves_its_input_unchanged(log_likelihood):
    # a -= a.max() in place would change the caller's float array.
    a = np.array([3.0, -1.0, 2.5, -INF, 0.5])
    before = a.copy()
    call = "logsumexp(np.array([3.0, -1.0, 2.5, -inf, 0.5]))"
    expect_close(log_likelihood.logsumexp(a), logsumexp_exact(before), call=call,
                 mistakes=[(3.0, "You returned the largest entry.")])
    expect_unchanged(before, a, call=call, name="a")


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
    # With that spread the largest entry dominates (the answer is the max, to 16 digits): the
    # same entries divided by 150 are close enough that many of them count.
    b = a / 150
    expected = logsumexp_exact(b)
    assert expected - float(np.max(b)) > 1.0
    expect_close(log_likelihood.logsumexp(b), expected,
                 call="logsumexp(a / 150) for the same 10**4 entries",
                 mistakes=[(float(np.max(b)), "You returned the largest entry; log-sum-exp "
                                              "exceeds it by log(sum(exp(a - m)))."),
                           (expected - LN(b.size), LOG_MEAN_EXP_HINT)])


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
    # 0 and 1 are what a constant returns: 2 ones among 7 are not.
    expect_ratio(log_likelihood.bernoulli_mle([0, 1, 0, 0, 1, 0, 0]), 2 / 7, 2 // 7,
                 call="bernoulli_mle([0, 1, 0, 0, 1, 0, 0])",
                 mistakes=[(5 / 7, ZEROS_FRACTION_HINT), (2.0, SUM_NOT_MEAN_HINT),
                           (2 / 6, N_MINUS_ONE_HINT)])


@pytest.mark.graded("day47.bernoulli_mle", points=1)
def test_bernoulli_mle_leaves_its_input_unchanged(log_likelihood):
    x = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    before = x.copy()
    call = "bernoulli_mle(np.array([1.0, 0.0, 0.0, 1.0, 1.0, 1.0]))"
    expect_ratio(log_likelihood.bernoulli_mle(x), 4 / 6, 4 // 6, call=call,
                 mistakes=[(2 / 6, ZEROS_FRACTION_HINT), (4.0, SUM_NOT_MEAN_HINT)])
    expect_unchanged(before, x, call=call, name="x")


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
    # (x_1, 0) echoes the input: two samples 3 apart have mean 2 and variance 2.25.
    expect_mean_variance(log_likelihood.gaussian_mle([0.5, 3.5]), (2.0, 2.25),
                         call="gaussian_mle([0.5, 3.5])",
                         mistakes=[((2.0, 4.5), DDOF_HINT), ((2.0, 1.5), SIGMA_NOT_VARIANCE_HINT)])


@pytest.mark.graded("day47.gaussian_mle", points=1)
def test_gaussian_mle_leaves_its_input_unchanged(log_likelihood):
    # x -= mu in place would change the caller's float array.
    x = np.array([1.0, 4.0, -2.0, 5.0])
    before = x.copy()
    call = "gaussian_mle(np.array([1.0, 4.0, -2.0, 5.0]))"
    expect_mean_variance(log_likelihood.gaussian_mle(x), (2.0, 7.5), call=call,
                         mistakes=[((2.0, 10.0), DDOF_HINT),
                                   ((2.0, math.sqrt(7.5)), SIGMA_NOT_VARIANCE_HINT)])
    expect_unchanged(before, x, call=call, name="x")


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
    # No event at all: l(lambda) = -4 lambda is largest at the edge lambda = 0.
    expect_close(log_likelihood.poisson_mle([0, 0, 0, 0]), 0.0, call="poisson_mle([0, 0, 0, 0])")
    # 0.0 is what a constant returns: one event in the same four intervals gives 1 / 4.
    expect_ratio(log_likelihood.poisson_mle([0, 0, 1, 0]), 0.25, 1 // 4,
                 call="poisson_mle([0, 0, 1, 0])",
                 mistakes=[(1.0, DROPPED_ZEROS_HINT), (1 / 3, N_MINUS_ONE_HINT)])


@pytest.mark.graded("day47.poisson_mle", points=1)
def test_poisson_mle_with_several_zero_counts(log_likelihood):
    # 7 events in 6 intervals, three of them empty: 7 / 6. Leaving the zeros out gives 7 / 3,
    # dividing by n - 1 gives 7 / 5: with more than one zero the two mistakes differ.
    expect_ratio(log_likelihood.poisson_mle([0, 4, 0, 0, 2, 1]), 7 / 6, 7 // 6,
                 call="poisson_mle([0, 4, 0, 0, 2, 1])",
                 mistakes=[(7 / 3, DROPPED_ZEROS_HINT), (1.4, N_MINUS_ONE_HINT),
                           (7.0, SUM_NOT_MEAN_HINT)])


@pytest.mark.graded("day47.poisson_mle", points=1)
def test_poisson_mle_leaves_its_input_unchanged(log_likelihood):
    x = np.array([2.0, 0.0, 5.0, 1.0, 0.0])
    before = x.copy()
    call = "poisson_mle(np.array([2.0, 0.0, 5.0, 1.0, 0.0]))"
    expect_ratio(log_likelihood.poisson_mle(x), 1.6, 8 // 5, call=call,
                 mistakes=[(8 / 3, DROPPED_ZEROS_HINT), (2.0, N_MINUS_ONE_HINT)])
    expect_unchanged(before, x, call=call, name="x")


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
                           (1 / total, ONE_OVER_SUM_HINT),
                           (1 / (total / x.size - float(x.min())), EXPON_FIT_LOC_HINT)])


@pytest.mark.graded("day47.exponential_mle", points=1)
def test_exponential_mle_of_waits_far_from_zero(log_likelihood):
    # Waits 10 to 12: fitting a location as well (scipy.stats.expon.fit without floc=0) takes
    # loc = 10 and finds a rate 1 / (11.2 - 10), six times too high.
    x = [10.0, 12.0, 11.0, 11.5, 11.5]
    expect_close(log_likelihood.exponential_mle(x), 5 / 56, call=f"exponential_mle({x})",
                 mistakes=[(11.2, RATE_AS_MEAN_HINT), (1 / 1.2, EXPON_FIT_LOC_HINT),
                           (4 / 56, UNBIASED_RATE_HINT), (1 / 56, ONE_OVER_SUM_HINT)])


@pytest.mark.graded("day47.exponential_mle", points=1)
def test_exponential_mle_leaves_its_input_unchanged(log_likelihood):
    x = np.array([0.5, 2.0, 1.5, 0.0, 3.0])
    before = x.copy()
    call = "exponential_mle(np.array([0.5, 2.0, 1.5, 0.0, 3.0]))"
    expect_close(log_likelihood.exponential_mle(x), 5 / 7, call=call,
                 mistakes=[(1.4, RATE_AS_MEAN_HINT), (4 / 7, UNBIASED_RATE_HINT),
                           (1 / 7, ONE_OVER_SUM_HINT)])
    expect_unchanged(before, x, call=call, name="x")


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


@pytest.mark.graded("day47.gaussian_log_likelihood", points=2)
@pytest.mark.parametrize("sigma", [1e200, 1e-200], ids=["sigma=1e200", "sigma=1e-200"])
def test_gaussian_log_likelihood_of_extreme_sigmas(log_likelihood, sigma):
    # Any finite sigma > 0 is allowed. sigma^2 is inf at 1e200 and 0.0 at 1e-200, so
    # log(2 pi sigma^2) and (x - mu)^2 / sigma^2 give inf, -inf or nan; log(sigma) and
    # (x - mu) / sigma are ordinary numbers. The data sit 0, 2 and -3 sigmas from mu.
    mu = 2 * sigma
    x = [mu, mu + 2 * sigma, mu - 3 * sigma]
    with mpmath.workdps(50):
        exact = float(-3 * (mpmath.log(2 * mpmath.pi) / 2 + mpmath.log(mpmath.mpf(sigma)))
                      - mpmath.mpf(13) / 2)
    call = f"gaussian_log_likelihood([mu, mu + 2 sigma, mu - 3 sigma], mu = 2 sigma, {sigma!r})"
    expect_close(log_likelihood.gaussian_log_likelihood(x, mu, sigma), exact, call=call,
                 mistakes=[(INF, SIGMA_SQUARED_HINT), (-INF, SIGMA_SQUARED_HINT),
                           (math.nan, SIGMA_SQUARED_HINT), (-exact, LL_SIGN_HINT),
                           (exact / 3, LL_MEAN_HINT)])


@pytest.mark.graded("day47.gaussian_log_likelihood", points=1)
def test_gaussian_log_likelihood_leaves_its_input_unchanged(log_likelihood):
    # x -= mu; x /= sigma in place would change the caller's float array.
    x = np.array([1.0, -2.0, 0.5, 3.0])
    before = x.copy()
    call = "gaussian_log_likelihood(np.array([1.0, -2.0, 0.5, 3.0]), 0.5, 1.5)"
    expect_close(log_likelihood.gaussian_log_likelihood(x, 0.5, 1.5),
                 gaussian_log_likelihood_oracle(before, 0.5, 1.5), call=call,
                 mistakes=gaussian_ll_mistakes(before, 0.5, 1.5))
    expect_unchanged(before, x, call=call, name="x")


# -------------------------------------------------------------------- censored_exponential_mle
def censored_mistakes(times, observed) -> list[tuple[float, str]]:
    """The classic mistakes' values on the same input (exact sums with math.fsum)."""
    t, seen = [float(v) for v in times], [bool(v) for v in observed]
    n, events, total = len(t), sum(seen), math.fsum(t)
    seen_time = math.fsum(v for v, s in zip(t, seen, strict=True) if s)
    found = [(n / total, CENSORED_AS_EVENTS_HINT), ((n - events) / total, FLIPPED_FLAGS_HINT)]
    if seen_time > 0:
        found.append((events / seen_time, DROPPED_CENSORED_HINT))
    if events:
        found.append((total / events, CENSORED_SCALE_HINT))
    return found


@pytest.mark.graded("day47.censored_exponential_mle", points=1)
def test_censored_exponential_mle_without_events(log_likelihood):
    # Nobody failed: l(rate) = -rate * 12.5 falls from rate = 0, the edge of [0, inf).
    times, observed = [2.5, 4.0, 6.0], [0, 0, 0]
    expect_closed_form(log_likelihood.censored_exponential_mle(times, observed), 0.0,
                       call=f"censored_exponential_mle({times}, {observed})",
                       mistakes=censored_mistakes(times, observed))
    # 0.0 is what a constant returns: one failure among the same units gives 1 / 12.5.
    observed = [0, 1, 0]
    expect_closed_form(log_likelihood.censored_exponential_mle(times, observed), 0.08,
                       call=f"censored_exponential_mle({times}, {observed})",
                       mistakes=censored_mistakes(times, observed))


@pytest.mark.graded("day47.censored_exponential_mle", points=2)
def test_censored_exponential_mle_of_a_study(log_likelihood):
    # 2000 units with exponential waits of rate 0.3, followed until the study stops at a time
    # of its own for each (uniform on [0, 8]): about 70 % of the events are seen.
    rng = np.random.default_rng(4748)
    waits, stops = rng.exponential(1 / 0.3, size=2000), rng.uniform(0.0, 8.0, size=2000)
    times, observed = np.minimum(waits, stops), (waits <= stops).astype(np.int64)
    expected = int(observed.sum()) / math.fsum(times.tolist())
    call = "censored_exponential_mle(times, observed) for 2000 units, 30 % censored"
    expect_closed_form(log_likelihood.censored_exponential_mle(times, observed), expected,
                       call=call, mistakes=censored_mistakes(times.tolist(), observed.tolist()))


@pytest.mark.graded("day47.censored_exponential_mle", points=1)
def test_censored_exponential_mle_of_booleans_and_zero_times(log_likelihood):
    # A unit censored at time 0 adds nothing; an event at time 0 adds an event and no time.
    times, observed = np.array([0.0, 1.0, 0.0, 3.0]), np.array([False, True, True, False])
    call = "censored_exponential_mle([0.0, 1.0, 0.0, 3.0], [False, True, True, False])"
    expect_closed_form(log_likelihood.censored_exponential_mle(times, observed), 0.5, call=call,
                       mistakes=censored_mistakes(times.tolist(), observed.tolist()))


@pytest.mark.graded("day47.censored_exponential_mle", points=1)
def test_censored_exponential_mle_leaves_its_inputs_unchanged(log_likelihood):
    times, observed = np.array([1.0, 2.0, 4.0, 0.5, 2.5]), np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    saved = times.copy(), observed.copy()
    call = "censored_exponential_mle(np.array([1.0, 2.0, 4.0, 0.5, 2.5]), [1, 0, 1, 1, 0])"
    expect_closed_form(log_likelihood.censored_exponential_mle(times, observed), 0.3, call=call,
                       mistakes=censored_mistakes(saved[0].tolist(), saved[1].tolist()))
    expect_unchanged(saved[0], times, call=call, name="times")
    expect_unchanged(saved[1], observed, call=call, name="observed")


def test_scipy_censored_fit_is_not_precise_enough():
    """Not graded: the docstring's statement about scipy.stats.expon.fit (SciPy 1.17.1)."""
    import scipy
    assert scipy.__version__ == "1.17.1", "re-measure the docstring's claim for this SciPy"
    data = stats.CensoredData(uncensored=[1.0, 4.0, 0.5], right=[2.0, 2.5])
    _, scale = stats.expon.fit(data, floc=0)
    error = abs(1 / scale - 0.3) / 0.3
    assert 1e-6 < error < 1e-4


# ------------------------------------------------------------- gaussian_mixture_log_likelihood
@oracle
def mixture_exact(x, weights, mus, sigmas) -> float:
    """sum_i log sum_k w_k N(x_i | mu_k, sigma_k^2) in 50 digits."""
    with mpmath.workdps(50):
        parts = []
        for w, mu, sd in zip(weights, mus, sigmas, strict=True):
            if w > 0:
                parts.append((mpmath.log(mpmath.mpf(w)) - mpmath.log(2 * mpmath.pi) / 2
                              - mpmath.log(mpmath.mpf(sd)), mpmath.mpf(mu), mpmath.mpf(sd)))
        total = mpmath.mpf(0)
        for value in np.asarray(x, dtype=float).tolist():
            v = mpmath.mpf(value)
            total += mpmath.log(mpmath.fsum(mpmath.exp(c - (v - mu) ** 2 / (2 * sd**2))
                                            for c, mu, sd in parts))
        return float(total)


def mixture_mistakes(x, weights, mus, sigmas) -> list[tuple[float, str]]:
    """The classic mistakes' values on the same input, from log-densities (SciPy)."""
    x, w = np.asarray(x, float), np.asarray(weights, float)
    mus, sigmas = np.asarray(mus, float), np.asarray(sigmas, float)
    log_dens = stats.norm.logpdf(x[:, None], mus[None, :], sigmas[None, :])
    with np.errstate(divide="ignore"):
        log_w = np.log(w)
        found = [
            (float(special.logsumexp(log_dens, axis=1).sum()), NO_WEIGHTS_HINT),
            (float(special.logsumexp(log_dens + w, axis=1).sum()), WEIGHT_NOT_LOGGED_HINT),
            (float(np.max(log_dens + log_w, axis=1).sum()), HARD_ASSIGNMENT_HINT),
            (float(special.logsumexp(log_dens + log_w, axis=0).sum()), WRONG_AXIS_HINT),
            (float((log_dens * w).sum()), JENSEN_HINT),
            (float(special.logsumexp(stats.norm.logpdf(x[:, None], mus[None, :],
                                                       np.sqrt(sigmas)[None, :]) + log_w,
                                     axis=1).sum()), MIXTURE_SIGMA_HINT),
        ]
        densities = np.exp(log_dens) @ w
        found.append((float(np.log(densities).sum()), MIXTURE_UNDERFLOW_HINT))
    right = mixture_exact(x, w, mus, sigmas)
    found += [(-right, LL_SIGN_HINT), (right / LN10, LL_LOG10_HINT)]
    if x.size > 1:
        found.append((right / x.size, LL_MEAN_HINT))
    return found


@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=2)
def test_gaussian_mixture_log_likelihood_far_from_every_centre(log_likelihood):
    # x = 60 is 40 standard deviations from both centres: both densities underflow to 0.0
    # (e^-800), so log of their weighted sum is -inf; log-sum-exp of the log-terms is not.
    x, w, mus, sigmas = [0.0, 60.0, -1.0], [0.25, 0.75], [0.0, 2.0], [1.5, 1.45]
    expected = mixture_exact(x, w, mus, sigmas)
    call = f"gaussian_mixture_log_likelihood({x}, {w}, {mus}, {sigmas})"
    expect_close(log_likelihood.gaussian_mixture_log_likelihood(x, w, mus, sigmas), expected,
                 call=call, mistakes=[(-INF, MIXTURE_UNDERFLOW_HINT),
                                      *mixture_mistakes(x, w, mus, sigmas)])


@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=1)
def test_gaussian_mixture_log_likelihood_with_a_weight_zero(log_likelihood):
    # A component of weight 0 adds nothing (log 0 = -inf inside the log-sum-exp), even where it
    # would be the only one with any density: here it sits on the data.
    x, w, mus, sigmas = [5.0, 5.5, 4.0], [0.0, 0.6, 0.4], [5.0, -1.0, 0.0], [1.0, 2.0, 3.0]
    expected = mixture_exact(x, w, mus, sigmas)
    call = f"gaussian_mixture_log_likelihood({x}, {w}, {mus}, {sigmas})"
    expect_close(log_likelihood.gaussian_mixture_log_likelihood(x, w, mus, sigmas), expected,
                 call=call, mistakes=[(math.nan, "A weight 0 gave nan: log 0 = -inf is fine "
                                       "inside log-sum-exp if you shift by the largest term, "
                                       "which is finite."),
                                      *mixture_mistakes(x, w, mus, sigmas)])


@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=2)
def test_gaussian_mixture_log_likelihood_of_many_samples(log_likelihood):
    # 1000 draws from three components; a few lie in the far tails of all of them.
    rng = np.random.default_rng(4749)
    w, mus, sigmas = [0.5, 0.3, 0.2], [-4.0, 0.0, 5.0], [1.0, 0.5, 2.0]
    component = rng.choice(3, size=1000, p=w)
    x = rng.normal(np.asarray(mus)[component], np.asarray(sigmas)[component])
    x[::250] = [-60.0, 45.0, 80.0, -35.0]
    expected = mixture_exact(x, w, mus, sigmas)
    call = ("gaussian_mixture_log_likelihood(x, [0.5, 0.3, 0.2], [-4, 0, 5], [1, 0.5, 2]) for "
            "1000 draws, 4 of them far out")
    expect_close(log_likelihood.gaussian_mixture_log_likelihood(x, w, mus, sigmas), expected,
                 call=call, mistakes=[(-INF, MIXTURE_UNDERFLOW_HINT),
                                      *mixture_mistakes(x, w, mus, sigmas)])


@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=1)
def test_gaussian_mixture_log_likelihood_of_one_component_is_the_gaussian_one(log_likelihood):
    x, mu, sigma = [1.0, -2.0, 0.5, 7.0], 0.3, 1.5
    expected = gaussian_log_likelihood_oracle(x, mu, sigma)
    call = f"gaussian_mixture_log_likelihood({x}, [1.0], [{mu}], [{sigma}])"
    expect_close(log_likelihood.gaussian_mixture_log_likelihood(x, [1.0], [mu], [sigma]),
                 expected, call=call,
                 mistakes=[*gaussian_ll_mistakes(x, mu, sigma),
                           *mixture_mistakes(x, [1.0], [mu], [sigma])])


@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=1)
def test_gaussian_mixture_log_likelihood_leaves_its_inputs_unchanged(log_likelihood):
    arrays = [np.array([0.5, -1.0, 2.0]), np.array([0.4, 0.6]), np.array([0.0, 1.0]),
              np.array([1.0, 2.0])]
    saved = [a.copy() for a in arrays]
    call = ("gaussian_mixture_log_likelihood(np.array([0.5, -1.0, 2.0]), np.array([0.4, 0.6]), "
            "np.array([0.0, 1.0]), np.array([1.0, 2.0]))")
    expect_close(log_likelihood.gaussian_mixture_log_likelihood(*arrays),
                 mixture_exact(*saved), call=call, mistakes=mixture_mistakes(*saved))
    for name, before, after in zip(("x", "weights", "mus", "sigmas"), saved, arrays,
                                   strict=True):
        expect_unchanged(before, after, call=call, name=name)


# ------------------------------------------------------------------------ the reference itself
def test_reference_docstring_examples():
    """The examples in the docstrings are what the reference returns (not graded)."""
    reference = pytest.importorskip("solutions.day47.log_likelihood")
    result = doctest.testmod(reference, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 10
