"""Helpers for the Day 47 graded tests: counts, (mean, variance) pairs, and the shared hints.

:func:`expect_count` checks the exact integer that ``product_underflow_length`` returns;
:func:`expect_mean_variance` checks the tuple ``(mu, sigma2)`` that ``gaussian_mle`` returns;
:func:`expect_ratio` checks a fraction such as k / n and names integer division when the
result was truncated. Each names a classic mistake when the result matches the value that
mistake gives on the same input, as ``course.checks.expect_close`` does for floats.
:func:`expect_unchanged` fails when a function changed an array it was given.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np

from course.checks import DIAGNOSIS_REL_TOL, as_float, expect_close, fail, same

# ------------------------------------------------------------------ product_underflow_length
LAST_POSITIVE_HINT = ("You returned the last n whose product is still > 0; the answer is the "
                      "first n at which the product is exactly 0.0 (one more).")
ONE_TOO_MANY_HINT = ("You counted one multiplication too many: count a factor only when it "
                     "has been multiplied in, and stop as soon as the product is 0.0.")
POWER_HINT = ("p ** n or a formula with logarithms rounds differently from the step-by-step "
              "product: multiply 1.0 by p one factor at a time and count the steps.")
NORMAL_RANGE_HINT = ("You stopped when the product left the normal range (below 2.2e-308); the "
                     "subnormal numbers go on down to 5e-324: keep going until it is 0.0.")
EPSILON_HINT = ("You stopped below machine epsilon (2.2e-16): epsilon is the spacing of floats "
                "near 1, not the smallest float. Keep going until the product is 0.0.")
FLOAT32_HINT = ("You multiplied in float32, which underflows much sooner; the question is "
                "about float64 (Python floats).")

# -------------------------------------------------------------------------------- logsumexp
OVERFLOW_HINT = ("exp of a large entry overflowed to inf: subtract the largest entry m before "
                 "exponentiating, and add it back after the log.")
UNDERFLOW_HINT = ("exp of every entry underflowed to 0.0 and log(0) = -inf: subtract the "
                  "largest entry m before exponentiating, and add it back after the log.")
ALL_MINUS_INF_HINT = ("Every entry is -inf, so the shift by the max computed -inf - (-inf) = "
                      "nan: when the max is -inf, return -inf (the log of a zero sum).")
SHIFT_NOT_ADDED_HINT = ("You subtracted the max m before exponentiating but did not add it "
                        "back: the result is m + log(sum(exp(a - m))).")
MAX_ONLY_HINT = ("You returned the largest entry; log-sum-exp is at least the max, and "
                 "exceeds it by log(sum(exp(a - m))).")
LOG_MEAN_EXP_HINT = ("You averaged the exponentials (log-mean-exp, which is log n smaller); "
                     "log-sum-exp sums them.")
LSE_LOG10_HINT = "You used log10; the course's logs are natural logs (np.log)."
LSE_SIGN_HINT = ("Your result has the wrong sign: check the shift, it is m + log(sum(exp(a - "
                 "m))) with m the max.")

# ------------------------------------------------------------------------------------- MLEs
SUM_NOT_MEAN_HINT = "You returned the sum of the sample; the MLE divides it by n."
N_MINUS_ONE_HINT = ("You divided by n - 1; the maximum likelihood estimate divides by n "
                    "(NumPy's ddof=0).")
ZEROS_FRACTION_HINT = "You returned the fraction of zeros; θ = P(x = 1) is the fraction of ones."
DDOF_HINT = ("Your variance divides by n - 1 (ddof=1): that is the unbiased estimate, but the "
             "maximum likelihood estimate divides by n.")
SIGMA_NOT_VARIANCE_HINT = ("You returned the standard deviation σ; gaussian_mle returns the "
                           "variance σ² (do not take the square root).")
SQUARED_VARIANCE_HINT = ("You squared the variance: σ² is already the mean squared deviation; "
                         "do not square it again.")
SWAPPED_PAIR_HINT = "Return (mu, sigma2) in this order: the mean first, then the variance."
SUM_OF_SQUARES_HINT = ("You returned the sum of squared deviations; the variance divides it by "
                       "n.")
RAW_SECOND_MOMENT_HINT = ("You returned the mean of x² (the squares about 0); the variance "
                          "averages the squared deviations from the mean.")
CANCELLATION_HINT = ("mean(x²) - mean(x)² cancels catastrophically for data far from 0: "
                     "average the squared deviations (x - mean)² instead.")
RATE_AS_MEAN_HINT = ("You returned the mean waiting time (the scale 1/λ); exponential_mle "
                     "returns the rate λ = 1 / mean.")
TRUNCATION_HINT = ("You used integer division (//), which truncates the fraction (3 // 4 is 0): "
                   "divide with / to get a float.")
N_MINUS_ONE_OR_ZEROS_HINT = ("You divided by n - 1, or left out the zero counts: the MLE divides "
                             "the total by n, every count included, zeros too.")
DROPPED_ZEROS_HINT = ("You left out the zero counts; an interval with no event still counts in "
                      "n: the MLE is the total divided by n.")
EXPON_FIT_LOC_HINT = ("scipy.stats.expon.fit also fitted a location (loc = min(x)); the "
                      "exponential here starts at 0: fix it with floc=0, then take 1 / scale.")
UNBIASED_RATE_HINT = ("You returned (n - 1) / sum(x), the unbiased rate; the MLE is n / sum(x) "
                      "= 1 / mean.")
ONE_OVER_SUM_HINT = "You returned 1 / sum(x); the rate is n / sum(x) = 1 / mean."

# ------------------------------------------------------------------ gaussian_log_likelihood
DROPPED_CONSTANT_HINT = ("You dropped the constant -½ log 2π per sample; this log-likelihood "
                         "keeps it.")
DROPPED_LOG_SIGMA_HINT = "You dropped the -n log σ term; it matters when σ ≠ 1."
SIGMA_AS_VARIANCE_HINT = ("You used sigma as the variance; sigma is the standard deviation "
                          "(square it).")
LOG_SIGMA_SQUARED_HINT = ("You subtracted log σ² per sample where ½ log σ² = log σ belongs.")
MISSING_HALF_HINT = ("The squared deviations are divided by 2σ², not σ²: the ½ is missing.")
LL_MEAN_HINT = ("You returned the mean over the samples; a function named ...likelihood "
                "returns the total (do not divide by n).")
LL_SIGN_HINT = ("Your result has the wrong sign: you returned the negative log-likelihood; "
                "the log-likelihood is the sum of log-densities.")
LL_LOG10_HINT = "You used log10; the course's logs are natural logs (np.log)."
SIGMA_SQUARED_HINT = ("σ² overflowed to inf or underflowed to 0.0 (σ = 1e200 or 1e-200 are "
                      "allowed): use log σ and (x - μ) / σ, never log(2πσ²) or (x - μ)² / σ².")
PRODUCT_UNDERFLOW_HINT = ("You took the log of the product of the densities, which underflowed "
                          "to 0.0; add the log-densities instead.")

MUTATION_HINT = ("Your function changed the array it was given (x -= ..., or writing into it); "
                 "inputs must be left as they were: work on a copy (x = x - mu).")

# ----------------------------------------------------------------- censored_exponential_mle
CENSORED_AS_EVENTS_HINT = ("You counted every unit as an event; a censored unit (observed = 0) "
                           "adds its time to the total but no event.")
DROPPED_CENSORED_HINT = ("You dropped the censored units; their waits are only known to be "
                         "longer than their times, which still add to the total time.")
FLIPPED_FLAGS_HINT = ("You counted the censored units as the events: observed = 1 means the "
                      "event was seen.")
CENSORED_SCALE_HINT = ("You returned total time / events (the mean wait, the scale 1/λ); the "
                       "estimate is the rate λ.")
NUMERICAL_FIT_HINT = ("Your rate is close but not within 1e-9: a numerical maximiser (such as "
                      "scipy.stats.expon.fit with CensoredData) stops early; derive the maximiser "
                      "of the log-likelihood in closed form.")
FRACTION_OBSERVED_HINT = ("You returned the fraction of units with an event; the rate divides the "
                          "number of events by the total time followed.")

# ---------------------------------------------------------- gaussian_mixture_log_likelihood
MIXTURE_UNDERFLOW_HINT = ("Every component's density underflowed to 0.0 for some sample, and "
                          "log(0) = -inf: add log w_k to each log-density and combine them "
                          "with log-sum-exp, without forming the densities.")
NO_WEIGHTS_HINT = "You left out the weights: p(x) = sum_k w_k N(x | mu_k, sigma_k²)."
WEIGHT_NOT_LOGGED_HINT = ("You added w_k to the log-densities; the log of w_k N(...) is log w_k "
                          "+ log N(...).")
HARD_ASSIGNMENT_HINT = ("You kept only the best component of each sample (a max); the mixture "
                        "adds every component: log-sum-exp, not max.")
WRONG_AXIS_HINT = ("You combined the samples inside the log-sum-exp; each sample's density "
                   "sums over the components, and the log-likelihood adds the samples' logs.")
JENSEN_HINT = ("You averaged the log-densities with the weights (a lower bound, by Jensen's "
               "inequality); the mixture's log-likelihood is the log of the weighted sum of "
               "the densities.")
MIXTURE_SIGMA_HINT = ("You used sigma as the variance; sigmas are standard deviations "
                      "(square them).")


def expect_count(got: object, expected: int, *, call: str,
                 mistakes: Iterable[tuple[int, str]] = ()) -> None:
    """Fail, with a hint, unless ``got`` is an integer equal to ``expected``."""
    __tracebackhide__ = True
    if isinstance(got, bool) or not isinstance(got, numbers.Integral):
        fail(f"{call} returned {got!r} (a {type(got).__name__}), expected the int {expected}.",
             "Return the count as an int (e.g. `return n`), not a float or an array.")
    value = int(got)  # type: ignore[call-overload]
    if value == expected:
        return
    for wrong, hint in mistakes:
        if value == wrong:
            fail(f"{call} returned {value}, expected {expected}.", hint)
    fail(f"{call} returned {value}, expected {expected}.",
         "Multiply 1.0 by p one factor at a time, in float64, and return how many factors it "
         "took for the product to become exactly 0.0.")


def expect_mean_variance(got: object, expected: tuple[float, float], *, call: str,
                         mistakes: Iterable[tuple[tuple[float, float], str]] = (),
                         rel: float = 1e-9, abs_: float = 1e-12) -> None:
    """Fail, with a hint, unless ``got`` is a tuple ``(mu, sigma2)`` of two floats within
    tolerance of ``expected``."""
    __tracebackhide__ = True
    if not isinstance(got, tuple) or len(got) != 2:
        fail(f"{call} returned {got!r}, expected the tuple {expected!r}.",
             "Return a tuple of two floats, e.g. `return float(mu), float(sigma2)`.")
    mu = as_float(got[0], f"{call}[0]")
    sigma2 = as_float(got[1], f"{call}[1]")
    want_mu, want_sigma2 = expected
    mu_ok, sigma2_ok = same(mu, want_mu, rel, abs_), same(sigma2, want_sigma2, rel, abs_)
    if mu_ok and sigma2_ok:
        return
    message = f"{call} returned {(mu, sigma2)!r}, expected {expected!r}."
    for (wrong_mu, wrong_sigma2), hint in mistakes:
        if (same(mu, wrong_mu, DIAGNOSIS_REL_TOL, 1e-12)
                and same(sigma2, wrong_sigma2, DIAGNOSIS_REL_TOL, 1e-12)):
            fail(message, hint)
    if not mu_ok:
        fail(message, "The mean is wrong: the MLE of μ is the sample mean, sum(x) / n.")
    fail(message, "The variance is wrong: the MLE of σ² is the mean of (x - mean)², divided "
                  "by n.")


def expect_ratio(got: object, expected: float, truncated: int, *, call: str,
                 mistakes: Iterable[tuple[float, str]] = ()) -> None:
    """``expect_close`` for a fraction such as k / n; ``truncated`` is what ``k // n`` gives.

    An int equal to ``truncated`` (or a float equal to it where the answer is not) is named as
    integer division instead of "return a float".
    """
    __tracebackhide__ = True
    if (isinstance(got, numbers.Integral) and not isinstance(got, bool)
            and int(got) == truncated and truncated != expected):
        fail(f"{call} returned {got!r} (an int), expected {expected!r}.", TRUNCATION_HINT)
    wrong = [] if truncated == expected else [(float(truncated), TRUNCATION_HINT)]
    expect_close(got, expected, call=call, mistakes=[*mistakes, *wrong])


def expect_unchanged(before: object, after: object, *, call: str, name: str) -> None:
    """Fail with :data:`MUTATION_HINT` unless ``after`` still equals the copy ``before``."""
    __tracebackhide__ = True
    was, now = np.asarray(before), np.asarray(after)
    if was.shape == now.shape and np.array_equal(was, now, equal_nan=True):
        return
    fail(f"{call} changed its argument {name}: it was {was.tolist()!r}, it is now "
         f"{now.tolist()!r}.", MUTATION_HINT)


def expect_closed_form(got: object, expected: float, *, call: str,
                       mistakes: Iterable[tuple[float, str]] = ()) -> None:
    """``expect_close``; a float within a relative 1e-3 but not 1e-9 is named as a numerical
    maximiser's answer (unless it matches a listed mistake)."""
    __tracebackhide__ = True
    mistakes = list(mistakes)
    if (isinstance(got, float) and math.isfinite(got) and expected != 0
            and not same(got, expected, 1e-9, 1e-12)
            and not any(same(got, wrong, DIAGNOSIS_REL_TOL, 1e-12) for wrong, _ in mistakes)
            and abs(got - expected) < 1e-3 * abs(expected)):
        fail(f"{call} returned {got!r}, expected {expected!r}.", NUMERICAL_FIT_HINT)
    expect_close(got, expected, call=call, mistakes=mistakes)
