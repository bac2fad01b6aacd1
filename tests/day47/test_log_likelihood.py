"""Day 47, visible graded tests: the docstring examples and the basic shape of each function.

Each test belongs to one function and is worth the points in its ``graded`` mark. The hidden
suite checks the edges (other factors p, entries -inf, large and far-from-zero samples). A test
whose answer a constant (0, -inf) or an echoed input would match also checks a call whose
answer no constant gives.
"""

import math

import pytest

from course.checks import HALF_LOG_2PI, LN10, expect_close
from tests.day47.log_likelihood_checks import (
    ALL_MINUS_INF_HINT,
    CENSORED_AS_EVENTS_HINT,
    CENSORED_SCALE_HINT,
    DDOF_HINT,
    DROPPED_CENSORED_HINT,
    DROPPED_CONSTANT_HINT,
    DROPPED_LOG_SIGMA_HINT,
    EPSILON_HINT,
    EXPON_FIT_LOC_HINT,
    FLIPPED_FLAGS_HINT,
    FLOAT32_HINT,
    FRACTION_OBSERVED_HINT,
    HARD_ASSIGNMENT_HINT,
    JENSEN_HINT,
    LAST_POSITIVE_HINT,
    LL_LOG10_HINT,
    LL_MEAN_HINT,
    LL_SIGN_HINT,
    LOG_MEAN_EXP_HINT,
    LOG_SIGMA_SQUARED_HINT,
    LSE_LOG10_HINT,
    LSE_SIGN_HINT,
    MAX_ONLY_HINT,
    MISSING_HALF_HINT,
    MIXTURE_SIGMA_HINT,
    N_MINUS_ONE_HINT,
    N_MINUS_ONE_OR_ZEROS_HINT,
    NO_WEIGHTS_HINT,
    NORMAL_RANGE_HINT,
    ONE_OVER_SUM_HINT,
    ONE_TOO_MANY_HINT,
    OVERFLOW_HINT,
    RATE_AS_MEAN_HINT,
    RAW_SECOND_MOMENT_HINT,
    SHIFT_NOT_ADDED_HINT,
    SIGMA_AS_VARIANCE_HINT,
    SIGMA_NOT_VARIANCE_HINT,
    SQUARED_VARIANCE_HINT,
    SUM_NOT_MEAN_HINT,
    SUM_OF_SQUARES_HINT,
    SWAPPED_PAIR_HINT,
    UNBIASED_RATE_HINT,
    UNDERFLOW_HINT,
    WEIGHT_NOT_LOGGED_HINT,
    ZEROS_FRACTION_HINT,
    expect_closed_form,
    expect_count,
    expect_mean_variance,
    expect_ratio,
)

LN = math.log
LN2 = LN(2.0)
INF = math.inf

# The running example of the lesson: eight numbers with mean 5 and squared deviations
# 9, 1, 1, 1, 0, 0, 4, 16 (sum 32).
X8 = [2, 4, 4, 4, 5, 5, 7, 9]


# -------------------------------------------------------------------- product_underflow_length
@pytest.mark.graded("day47.product_underflow_length", points=2)
def test_product_underflow_length_of_halves(log_likelihood):
    # 0.5 ** 1074 = 2 ** -1074 = 5e-324 is the smallest subnormal float64; half of it rounds
    # (to even) to 0.0. In float64 the product leaves the normal range after 1023 factors and
    # drops below machine epsilon after 53; in float32 it is 0.0 after 150.
    expect_count(
        log_likelihood.product_underflow_length(0.5), 1075,
        call="product_underflow_length(0.5)",
        mistakes=[(1074, LAST_POSITIVE_HINT), (1076, ONE_TOO_MANY_HINT),
                  (1023, NORMAL_RANGE_HINT), (53, EPSILON_HINT), (150, FLOAT32_HINT)],
    )


@pytest.mark.graded("day47.product_underflow_length", points=1)
def test_product_underflow_length_of_tenths(log_likelihood):
    # 0.1 ** 323 is about 1e-323 (two steps of the smallest subnormal); the next factor gives 0.0.
    # The product leaves the normal range after 308 factors; in float32 it is 0.0 after 46.
    expect_count(
        log_likelihood.product_underflow_length(0.1), 324,
        call="product_underflow_length(0.1)",
        mistakes=[(323, LAST_POSITIVE_HINT), (325, ONE_TOO_MANY_HINT),
                  (308, NORMAL_RANGE_HINT), (46, FLOAT32_HINT)],
    )


# ----------------------------------------------------------------------------------- logsumexp
@pytest.mark.graded("day47.logsumexp", points=2)
def test_logsumexp_of_large_entries(log_likelihood):
    # m = 1000 and log(1 + e^-1 + e^-2) = 0.40760596444438...: exp(1000) overflows to inf.
    shift = LN(1 + math.exp(-1) + math.exp(-2))
    expected = 1000 + shift  # 1000.4076059644444
    expect_close(
        log_likelihood.logsumexp([1000.0, 999.0, 998.0]), expected,
        call="logsumexp([1000.0, 999.0, 998.0])",
        mistakes=[(INF, OVERFLOW_HINT), (shift, SHIFT_NOT_ADDED_HINT), (1000.0, MAX_ONLY_HINT),
                  (expected - LN(3), LOG_MEAN_EXP_HINT), (1000 + shift / LN10, LSE_LOG10_HINT),
                  (-expected, LSE_SIGN_HINT)],
    )


@pytest.mark.graded("day47.logsumexp", points=2)
def test_logsumexp_of_very_negative_entries(log_likelihood):
    # The same weights 1000 orders of e smaller: exp(-1000) underflows to 0.0.
    shift = LN(1 + math.exp(-1) + math.exp(-2))
    expected = -1000 + shift  # -999.5923940355556
    expect_close(
        log_likelihood.logsumexp([-1000.0, -1001.0, -1002.0]), expected,
        call="logsumexp([-1000.0, -1001.0, -1002.0])",
        mistakes=[(-INF, UNDERFLOW_HINT), (shift, SHIFT_NOT_ADDED_HINT),
                  (-1000.0, MAX_ONLY_HINT), (expected - LN(3), LOG_MEAN_EXP_HINT),
                  (-1000 + shift / LN10, LSE_LOG10_HINT), (-expected, LSE_SIGN_HINT)],
    )


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_docstring_example(log_likelihood):
    expect_close(
        log_likelihood.logsumexp([1000.0, 1000.0]), 1000 + LN2,  # 1000.6931471805599
        call="logsumexp([1000.0, 1000.0])",
        mistakes=[(INF, OVERFLOW_HINT), (LN2, SHIFT_NOT_ADDED_HINT),
                  (1000 + LN2 / LN10, LSE_LOG10_HINT)],
    )


@pytest.mark.graded("day47.logsumexp", points=1)
def test_logsumexp_with_a_minus_inf_entry(log_likelihood):
    # e^-inf = 0 adds nothing: log(0 + e^0) = 0.
    expect_close(log_likelihood.logsumexp([-INF, 0.0]), 0.0,
                 call="logsumexp([-inf, 0.0])")
    # 0 is what a constant returns: with a third weight e^-1 the answer is log(1 + e^-1).
    expected = LN(1 + math.exp(-1))  # 0.31326168751822286
    expect_close(log_likelihood.logsumexp([-INF, 0.0, -1.0]), expected,
                 call="logsumexp([-inf, 0.0, -1.0])",
                 mistakes=[(0.0, MAX_ONLY_HINT), (expected - LN(3), LOG_MEAN_EXP_HINT),
                           (expected / LN10, LSE_LOG10_HINT)])


@pytest.mark.graded("day47.logsumexp", points=2)
def test_logsumexp_of_only_minus_inf(log_likelihood):
    # Every weight is 0: the log of a zero sum is -inf.
    expect_close(log_likelihood.logsumexp([-INF, -INF]), -INF,
                 call="logsumexp([-inf, -inf])", mistakes=[(math.nan, ALL_MINUS_INF_HINT)])
    # -inf is what a constant returns: two weights e^2 next to a zero one give 2 + log 2.
    expect_close(log_likelihood.logsumexp([-INF, 2.0, 2.0]), 2 + LN2,
                 call="logsumexp([-inf, 2.0, 2.0])",
                 mistakes=[(2.0, MAX_ONLY_HINT), (LN2, SHIFT_NOT_ADDED_HINT),
                           (math.nan, "An entry -inf gave nan: shift by the max of the "
                                      "entries, which is finite here.")])


# ------------------------------------------------------------------------------- bernoulli_mle
@pytest.mark.graded("day47.bernoulli_mle", points=2)
def test_bernoulli_mle_docstring_example(log_likelihood):
    expect_ratio(
        log_likelihood.bernoulli_mle([1, 0, 1, 1]), 0.75, 3 // 4,  # 3 ones among 4
        call="bernoulli_mle([1, 0, 1, 1])",
        mistakes=[(3.0, SUM_NOT_MEAN_HINT), (0.25, ZEROS_FRACTION_HINT), (1.0, N_MINUS_ONE_HINT)],
    )


@pytest.mark.graded("day47.bernoulli_mle", points=1)
def test_bernoulli_mle_of_mostly_zeros(log_likelihood):
    expect_ratio(
        log_likelihood.bernoulli_mle([0, 0, 1, 0, 0]), 0.2, 1 // 5,  # 1 one among 5
        call="bernoulli_mle([0, 0, 1, 0, 0])",
        mistakes=[(0.8, ZEROS_FRACTION_HINT), (0.25, N_MINUS_ONE_HINT)],
    )


# -------------------------------------------------------------------------------- gaussian_mle
@pytest.mark.graded("day47.gaussian_mle", points=3)
def test_gaussian_mle_docstring_example(log_likelihood):
    # mean 40 / 8 = 5; squared deviations sum to 32: 32 / 8 = 4 (32 / 7 = 4.571428571428571).
    expect_mean_variance(
        log_likelihood.gaussian_mle(X8), (5.0, 4.0),
        call=f"gaussian_mle({X8})",
        mistakes=[((5.0, 32 / 7), DDOF_HINT), ((5.0, 2.0), SIGMA_NOT_VARIANCE_HINT),
                  ((5.0, 16.0), SQUARED_VARIANCE_HINT), ((4.0, 5.0), SWAPPED_PAIR_HINT),
                  ((5.0, 32.0), SUM_OF_SQUARES_HINT), ((5.0, 29.0), RAW_SECOND_MOMENT_HINT)],
    )


@pytest.mark.graded("day47.gaussian_mle", points=2)
def test_gaussian_mle_of_three_numbers(log_likelihood):
    # mean 3; squared deviations 4, 1, 9 sum to 14: 14 / 3 (14 / 2 = 7 with n - 1).
    expect_mean_variance(
        log_likelihood.gaussian_mle([1.0, 2.0, 6.0]), (3.0, 14 / 3),
        call="gaussian_mle([1.0, 2.0, 6.0])",
        mistakes=[((3.0, 7.0), DDOF_HINT), ((3.0, math.sqrt(14 / 3)), SIGMA_NOT_VARIANCE_HINT),
                  ((3.0, (14 / 3) ** 2), SQUARED_VARIANCE_HINT),
                  ((14 / 3, 3.0), SWAPPED_PAIR_HINT), ((3.0, 14.0), SUM_OF_SQUARES_HINT),
                  ((3.0, 41 / 3), RAW_SECOND_MOMENT_HINT)],
    )


# --------------------------------------------------------------------------------- poisson_mle
@pytest.mark.graded("day47.poisson_mle", points=2)
def test_poisson_mle_docstring_example(log_likelihood):
    # 10 events in 5 intervals. With one zero count, dividing by n - 1 = 4 and leaving the
    # zero out (10 / 4) give the same wrong value.
    expect_ratio(
        log_likelihood.poisson_mle([2, 0, 3, 1, 4]), 2.0, 10 // 5,
        call="poisson_mle([2, 0, 3, 1, 4])",
        mistakes=[(10.0, SUM_NOT_MEAN_HINT), (2.5, N_MINUS_ONE_OR_ZEROS_HINT)],
    )


@pytest.mark.graded("day47.poisson_mle", points=1)
def test_poisson_mle_of_four_counts(log_likelihood):
    expect_ratio(
        log_likelihood.poisson_mle([1, 1, 0, 5]), 1.75, 7 // 4,  # 7 events in 4 intervals
        call="poisson_mle([1, 1, 0, 5])",
        mistakes=[(7.0, SUM_NOT_MEAN_HINT), (7 / 3, N_MINUS_ONE_OR_ZEROS_HINT)],
    )


# ----------------------------------------------------------------------------- exponential_mle
@pytest.mark.graded("day47.exponential_mle", points=2)
def test_exponential_mle_docstring_example(log_likelihood):
    # 3 waits adding up to 4: the rate is 3 / 4 events per unit time (the mean wait is 4 / 3).
    expect_close(
        log_likelihood.exponential_mle([0.5, 1.5, 2.0]), 0.75,
        call="exponential_mle([0.5, 1.5, 2.0])",
        mistakes=[(4 / 3, RATE_AS_MEAN_HINT), (0.5, UNBIASED_RATE_HINT),
                  (0.25, ONE_OVER_SUM_HINT),
                  (1.2, EXPON_FIT_LOC_HINT)],  # scale 4/3 - 0.5 with loc = min = 0.5 fitted
    )


@pytest.mark.graded("day47.exponential_mle", points=1)
def test_exponential_mle_of_four_waits(log_likelihood):
    # 4 waits adding up to 10: rate 0.4, mean wait 2.5.
    expect_close(
        log_likelihood.exponential_mle([1.0, 4.0, 2.5, 2.5]), 0.4,
        call="exponential_mle([1.0, 4.0, 2.5, 2.5])",
        mistakes=[(2.5, RATE_AS_MEAN_HINT), (0.3, UNBIASED_RATE_HINT), (0.1, ONE_OVER_SUM_HINT),
                  (1 / 1.5, EXPON_FIT_LOC_HINT)],  # scale 2.5 - 1 with loc = min = 1 fitted
    )


# --------------------------------------------------------------------- gaussian_log_likelihood
@pytest.mark.graded("day47.gaussian_log_likelihood", points=1)
def test_gaussian_log_likelihood_of_one_point_at_the_mean(log_likelihood):
    expect_close(
        log_likelihood.gaussian_log_likelihood([0.0], 0.0, 1.0), -HALF_LOG_2PI,
        call="gaussian_log_likelihood([0.0], 0.0, 1.0)",  # -½ log 2π = -0.9189385332046727
        mistakes=[(HALF_LOG_2PI, LL_SIGN_HINT), (-HALF_LOG_2PI / LN10, LL_LOG10_HINT)],
    )


@pytest.mark.graded("day47.gaussian_log_likelihood", points=3)
def test_gaussian_log_likelihood_docstring_example(log_likelihood):
    # n = 8, σ = 2 and the squared deviations from μ = 5 sum to 32:
    # -8 (½ log 2π + log 2) - 32 / (2 · 4) = -16.896685710116945.
    quad = 32 / 8
    expected = -8 * (HALF_LOG_2PI + LN2) - quad
    expect_close(
        log_likelihood.gaussian_log_likelihood(X8, 5.0, 2.0), expected,
        call=f"gaussian_log_likelihood({X8}, 5.0, 2.0)",
        mistakes=[
            (-8 * LN2 - quad, DROPPED_CONSTANT_HINT),
            (-8 * HALF_LOG_2PI - quad, DROPPED_LOG_SIGMA_HINT),
            (-8 * (HALF_LOG_2PI + LN2 / 2) - 32 / 4, SIGMA_AS_VARIANCE_HINT),
            (-8 * (HALF_LOG_2PI + 2 * LN2) - quad, LOG_SIGMA_SQUARED_HINT),
            (-8 * (HALF_LOG_2PI + LN2) - 2 * quad, MISSING_HALF_HINT),
            (expected / 8, LL_MEAN_HINT),
            (-expected, LL_SIGN_HINT),
            (expected / LN10, LL_LOG10_HINT),
        ],
    )


# -------------------------------------------------------------------- censored_exponential_mle
@pytest.mark.graded("day47.censored_exponential_mle", points=1)
def test_censored_exponential_mle_without_censoring(log_likelihood):
    # Nothing censored: 4 events in a total time of 10, the ordinary exponential MLE 1 / mean.
    expect_closed_form(
        log_likelihood.censored_exponential_mle([2.0, 3.0, 1.0, 4.0], [1, 1, 1, 1]), 0.4,
        call="censored_exponential_mle([2.0, 3.0, 1.0, 4.0], [1, 1, 1, 1])",
        mistakes=[(2.5, CENSORED_SCALE_HINT), (1.0, FRACTION_OBSERVED_HINT)],
    )


@pytest.mark.graded("day47.censored_exponential_mle", points=2)
def test_censored_exponential_mle_docstring_example(log_likelihood):
    # 2 events; the 4 units were followed for 10 time units in all: 2 / 10. Counting every unit
    # as an event gives 4 / 10, dropping the censored ones 2 / 3 (their times 2 + 1).
    expect_closed_form(
        log_likelihood.censored_exponential_mle([2.0, 3.0, 1.0, 4.0], [1, 0, 1, 0]), 0.2,
        call="censored_exponential_mle([2.0, 3.0, 1.0, 4.0], [1, 0, 1, 0])",
        mistakes=[(0.4, CENSORED_AS_EVENTS_HINT), (2 / 3, DROPPED_CENSORED_HINT),
                  (5.0, CENSORED_SCALE_HINT), (0.5, FRACTION_OBSERVED_HINT)],
    )


@pytest.mark.graded("day47.censored_exponential_mle", points=2)
def test_censored_exponential_mle_of_five_bulbs(log_likelihood):
    # Bulbs followed for 1.5, 4, 0.5, 6 and 3 (total 15); failures seen for the 1st and 3rd
    # only: 2 / 15. All as events: 5 / 15; censored dropped: 2 / 2; flags flipped: 3 / 15.
    expect_closed_form(
        log_likelihood.censored_exponential_mle([1.5, 4.0, 0.5, 6.0, 3.0], [1, 0, 1, 0, 0]),
        2 / 15, call="censored_exponential_mle([1.5, 4.0, 0.5, 6.0, 3.0], [1, 0, 1, 0, 0])",
        mistakes=[(1 / 3, CENSORED_AS_EVENTS_HINT), (1.0, DROPPED_CENSORED_HINT),
                  (0.2, FLIPPED_FLAGS_HINT), (7.5, CENSORED_SCALE_HINT),
                  (0.4, FRACTION_OBSERVED_HINT)],
    )


# ------------------------------------------------------------- gaussian_mixture_log_likelihood
@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=1)
def test_gaussian_mixture_log_likelihood_of_one_component(log_likelihood):
    # One component of weight 1 is a Gaussian: -½ log 2π = -0.9189385332046727 at its mean.
    expect_close(
        log_likelihood.gaussian_mixture_log_likelihood([0.0], [1.0], [0.0], [1.0]),
        -HALF_LOG_2PI, call="gaussian_mixture_log_likelihood([0.0], [1.0], [0.0], [1.0])",
        mistakes=[(HALF_LOG_2PI, LL_SIGN_HINT), (-HALF_LOG_2PI / LN10, LL_LOG10_HINT),
                  (0.0, DROPPED_CONSTANT_HINT)],
    )


@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=2)
def test_gaussian_mixture_log_likelihood_docstring_example(log_likelihood):
    # Each point sits on one centre and 3 from the other: p = ½ φ(0) (1 + e^-4.5), twice:
    # 2 log(½ (1 + e^-4.5)) - 2 · ½ log 2π = -3.2020759378320487.
    per_point = LN(0.5 * (1 + math.exp(-4.5))) - HALF_LOG_2PI
    expected = 2 * per_point
    call = "gaussian_mixture_log_likelihood([0.0, 3.0], [0.5, 0.5], [0.0, 3.0], [1.0, 1.0])"
    expect_close(
        log_likelihood.gaussian_mixture_log_likelihood([0.0, 3.0], [0.5, 0.5], [0.0, 3.0],
                                                        [1.0, 1.0]),
        expected, call=call,
        mistakes=[
            (2 * (LN(1 + math.exp(-4.5)) - HALF_LOG_2PI), NO_WEIGHTS_HINT),
            (2 * (0.5 + LN(1 + math.exp(-4.5)) - HALF_LOG_2PI), WEIGHT_NOT_LOGGED_HINT),
            (2 * (LN(0.5) - HALF_LOG_2PI), HARD_ASSIGNMENT_HINT),
            (-2 * HALF_LOG_2PI - 4.5, JENSEN_HINT),  # ½ log φ(0) + ½ log φ(3), twice
            (per_point, LL_MEAN_HINT),
            (-expected, LL_SIGN_HINT),
            (expected / LN10, LL_LOG10_HINT),
        ],
    )


@pytest.mark.graded("day47.gaussian_mixture_log_likelihood", points=2)
def test_gaussian_mixture_log_likelihood_of_unequal_components(log_likelihood):
    # Weights 0.3 and 0.7, N(-1, 0.5²) and N(2, 1.5²), at x = 0 and x = 1.5 (values to 17
    # digits from a 50-digit computation).
    x, w, mus, sigmas = [0.0, 1.5], [0.3, 0.7], [-1.0, 2.0], [0.5, 1.5]
    expected = -3.953654876853002
    call = f"gaussian_mixture_log_likelihood({x}, {w}, {mus}, {sigmas})"
    expect_close(
        log_likelihood.gaussian_mixture_log_likelihood(x, w, mus, sigmas), expected, call=call,
        mistakes=[(-3.660828307683458, MIXTURE_SIGMA_HINT),  # variances 0.5 and 1.5
                  (expected / 2, LL_MEAN_HINT)],
    )
