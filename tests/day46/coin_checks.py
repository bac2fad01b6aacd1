"""Helpers for the Day 46 graded tests: array results, errors with a named cause, and hints.

:func:`expect_close` is ``course.checks.expect_close`` with the tolerance of the module
docstring: ``math.isclose(got, r, rel_tol=1e-9, abs_tol=1e-320)`` against the exact value ``r``
rounded to float64. The absolute 1e-320 matters only below the smallest normal float (a
probability of 1e-200 is not 0, but a subnormal result may be a few steps of 5e-324 away from
``r``). :func:`expect_array_close` does the same for the array that ``likelihood_grid`` returns,
entry by entry, and :func:`expect_interval` for the pair that ``likelihood_interval`` returns.
:func:`call_graded` turns the exceptions that classic mistakes raise (a float overflow, a
division by zero, ``math.log(0)``) into failures whose hint names the mistake, and
:func:`expect_unchanged` fails when a function changed the arrays it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from course import checks
from course.checks import DIAGNOSIS_REL_TOL, as_float, fail, same

#: The absolute floor of every Day 46 comparison (see the module docstring of coins.py).
SUBNORMAL_FLOOR = 1e-320
#: The tolerance of each end of likelihood_interval.
INTERVAL_REL, INTERVAL_ABS = 1e-9, 1e-12

# ------------------------------------------------------------------------------------- hints
NAN_HINT = ("Your result is nan: 0 * log(0) appeared at theta = 0 or 1. A count of zero "
            "contributes the factor 1 (0^0 = 1): skip it, or use powers instead of logs.")
LOG_ZERO_HINT = ("math.log(0) raised at theta = 0 or 1: a count of zero contributes the factor "
                 "1 (0^0 = 1), and a factor theta = 0 with a positive count makes the "
                 "probability 0.")
SWAP_HINT = ("Heads and tails are swapped: a flip 1 is heads, with probability theta; a flip 0 "
             "is tails, with probability 1 - theta.")
CONSTANT_HINT = ("You used theta for every flip (or every outcome); a tail (0) has probability "
                 "1 - theta.")
ONLY_HEADS_HINT = "You left out the tails: each tail contributes a factor 1 - theta."
LOG_HINT = "You returned a log-probability; return the probability itself (exponentiate)."
COEFFICIENT_MISSING_HINT = ("You left out the binomial coefficient C(n, k): k heads among n "
                            "flips can come in C(n, k) different orders.")
COEFFICIENT_EXTRA_HINT = ("You multiplied by the binomial coefficient C(n, k): that is the "
                          "probability of k heads in any order, but a sequence has one order.")
PERMUTATIONS_HINT = ("C(n, k) = n! / (k! (n - k)!): a factorial is missing from your "
                     "denominator.")
CDF_HINT = "You summed P(K = j) for j <= k (the CDF); the pmf is the single term j = k."
FACTORIAL_HINT = ("n! overflows a float from n = 171 (inf / inf = nan, or OverflowError): use "
                  "math.comb(n, k) or math.lgamma, and combine the factors in logs.")
BINOMIAL_UNDERFLOW_HINT = ("A factor overflowed or underflowed (C(n, k) > 1e308, theta**k < "
                           "1e-308): add the logs of C(n, k), theta**k and (1 - theta)**(n - k), "
                           "then exponentiate once.")
STIRLING_HINT = ("log n! is not n log n - n (Stirling's approximation drops 1/2 log(2 pi n) "
                 "and more): use math.lgamma(n + 1), exact to float precision.")
NORMALISED_HINT = ("You normalised the likelihood (to sum, integrate or peak at 1); L(theta) is "
                   "not a distribution over theta: return the raw probabilities of the data.")
INDEX_HINT = "You returned the index of the maximiser; return the value thetas[j] itself."
MAX_VALUE_HINT = "You returned the largest likelihood; return the theta at which it is reached."
K_OVER_N_HINT = ("You returned h / n; return the best of the values in thetas (the grid), "
                 "which need not contain h / n.")
NAN_SKIPPED_HINT = ("At theta = 0 or 1, 0 * log(0) gave nan, and nan never wins a comparison: "
                    "a zero count contributes 0 to the log-likelihood (0^0 = 1).")
ORDER_HINT = "Keep the order of thetas (do not sort the grid): L[j] belongs to thetas[j]."
ARGMIN_HINT = "You returned the theta with the smallest likelihood; take the largest."
TIE_HINT = ("Ties go to the first maximiser in the order thetas are given (not the last one, "
            "and do not sort the grid).")
NEAREST_HINT = ("You returned the grid value nearest to h / n; the maximiser is one of the two "
                "grid values either side of h / n, but not always the nearer one: compare "
                "their likelihoods.")
SUM_HINT = ("You added the probabilities of the flips; independent flips multiply: the "
            "probability of the sequence is the product of theirs.")
MEAN_HINT = ("You averaged the probabilities of the flips; independent flips multiply: the "
             "probability of the sequence is the product of theirs.")
MUTATION_HINT = ("Your function changed the array it was given (sorted it or wrote into it in "
                 "place); inputs must be left as they were: work on a copy.")
POWER_RATIO_HINT = ("(theta_1 / theta_0)^h or ((1 - theta_1) / (1 - theta_0))^t overflowed or "
                    "underflowed (inf * 0 = nan): add h log(theta_1 / theta_0) + t log((1 - "
                    "theta_1) / (1 - theta_0)) in logs, then exponentiate once.")
GRID_UNDERFLOW_HINT = ("Every L(theta) underflowed to 0.0, so all tie and the first grid value "
                       "wins: compare log-likelihoods h log(theta) + t log(1 - theta) instead.")
INVERTED_HINT = "Your ratio is upside down: it is L(theta_1) / L(theta_0), theta_1 on top."
LOG_RATIO_HINT = "You returned the log of the ratio; exponentiate it."
DIFFERENCE_HINT = "You subtracted the likelihoods; the ratio divides them."
# ------------------------------------------------------------------------ likelihood_interval
ABSOLUTE_THRESHOLD_HINT = ("You compared L(theta) with c itself; the interval compares the "
                           "relative likelihood L(theta) / L(h / n) with c.")
LOG_DROP_HINT = ("You used c as a drop in log-likelihood; the condition is "
                 "log L(theta) >= log L(h / n) + log(c).")
INTERVAL_LOG10_HINT = "You used log10(c); the course's logs are natural logs (math.log)."
WALD_HINT = ("You used the normal (quadratic) approximation h/n ± sqrt(-2 log(c) (h/n) (1 - "
             "h/n) / n); the ends solve log L(theta) = log L(h / n) + log(c) exactly.")
INTERVAL_ORDER_HINT = "Return (low, high): the smaller end first."
INTERVAL_PRECISION_HINT = ("Your ends are close but not exact (a grid, or a bisection stopped "
                           "early): bisect until the bracket is shorter than 1e-13.")
INTERVAL_END_HINT = ("With no heads the interval is [0, high] with (1 - high)^t = c, with no "
                     "tails [low, 1] with low^h = c: the normal approximation has zero width "
                     "there, and 0 * log 0 must count as 0, not nan.")
RATIO_UNDERFLOW_HINT = ("Both likelihoods underflowed to 0.0 and 0 / 0 gave nan: subtract the "
                        "log-likelihoods, then exponentiate.")
ZERO_DIVISION_HINT = ("When L(theta_0) = 0 and L(theta_1) > 0 the ratio is inf by this module's "
                      "convention (Python's float division raises ZeroDivisionError instead).")

#: The hint for each exception a classic mistake raises, unless a test names a better one.
ERROR_HINTS: dict[type[BaseException], str] = {
    OverflowError: FACTORIAL_HINT,
    ZeroDivisionError: ZERO_DIVISION_HINT,
    ValueError: LOG_ZERO_HINT,
}

Mistakes = Iterable[tuple[object, str]]


def expect_close(got: object, expected: float, *, call: str, mistakes: Mistakes = (),
                 rel: float = 1e-9, abs_: float = SUBNORMAL_FLOOR) -> None:
    """``course.checks.expect_close`` with Day 46's absolute floor 1e-320 by default."""
    __tracebackhide__ = True
    checks.expect_close(got, expected, call=call, mistakes=mistakes, rel=rel, abs_=abs_)


def call_graded(function: Callable[..., object], *args: object, call: str,
                hints: dict[type[BaseException], str] | None = None) -> object:
    """``function(*args)``; an overflow, a division by 0 or ``math.log(0)`` fails with a hint.

    Inputs of graded tests are valid, so a ``ValueError`` here can only come from the
    implementation itself (``math.log(0)`` raises "math domain error").
    """
    __tracebackhide__ = True
    named = {**ERROR_HINTS, **(hints or {})}
    try:
        return function(*args)
    except (OverflowError, ZeroDivisionError, ValueError) as error:
        if isinstance(error, ValueError) and "math domain error" not in str(error):
            raise
        fail(f"{call} raised {type(error).__name__}: {error}", named[type(error)])
    raise AssertionError("unreachable")  # pragma: no cover


def _matches(values: list[float], wrong: object) -> bool:
    candidate = np.broadcast_to(np.asarray(wrong, dtype=float), (len(values),)).tolist()
    return all(same(v, w, DIAGNOSIS_REL_TOL, 1e-12) for v, w in zip(values, candidate,
                                                                     strict=True))


def expect_array_close(got: object, expected: Iterable[float], *, call: str,
                       mistakes: Mistakes = (), rel: float = 1e-9,
                       abs_: float = SUBNORMAL_FLOOR) -> None:
    """Fail, with a hint, unless ``got`` is a 1-D float array equal to ``expected`` entrywise.

    ``mistakes`` lists ``(values, hint)`` pairs: the array a classic mistake returns on the same
    input. Entries compare as in ``course.checks.expect_close`` (equal infinities, both nan, or
    within the relative tolerance).
    """
    __tracebackhide__ = True
    wanted = np.asarray(list(expected), dtype=float)
    if not isinstance(got, np.ndarray):
        kind = type(got).__name__
        fail(f"{call} returned {got!r} (a {kind}), expected a NumPy array of shape "
             f"{wanted.shape}.",
             f"Return a 1-D NumPy array of floats (e.g. np.asarray(values, dtype=float)), not "
             f"a {kind}.")
    if got.shape != wanted.shape:
        fail(f"{call} returned an array of shape {got.shape}, expected shape {wanted.shape}.",
             f"Return one likelihood per theta, in the order of thetas: shape {wanted.shape}.")
    if got.dtype.kind != "f":
        fail(f"{call} returned an array of dtype {got.dtype}, expected floats.",
             "Return an array of floats (dtype float64).")
    values = [float(v) for v in got.tolist()]
    if all(same(v, w, rel, abs_) for v, w in zip(values, wanted.tolist(), strict=True)):
        return
    hint = next((h for wrong, h in mistakes if _matches(values, wrong)), None)
    if hint is None:
        hint = (NAN_HINT if any(np.isnan(values)) else
                "Compare your formula with the one in the docstring, entry by entry.")
    shown = np.array2string(np.asarray(values), precision=17, separator=", ")
    fail(f"{call} returned {shown}, expected {wanted.tolist()!r}.", hint)


def expect_unchanged(before: object, after: object, *, call: str, name: str) -> None:
    """Fail with :data:`MUTATION_HINT` unless ``after`` still equals the copy ``before``."""
    __tracebackhide__ = True
    was, now = np.asarray(before), np.asarray(after)
    if was.shape == now.shape and np.array_equal(was, now, equal_nan=True):
        return
    fail(f"{call} changed its argument {name}: it was {was.tolist()!r}, it is now "
         f"{now.tolist()!r}.", MUTATION_HINT)


def expect_interval(got: object, expected: tuple[float, float], *, call: str,
                    mistakes: Iterable[tuple[tuple[float, float], str]] = (),
                    one_sided: bool = False) -> None:
    """Fail, with a hint, unless ``got`` is a tuple ``(low, high)`` of two floats, each within
    ``math.isclose(..., rel_tol=1e-9, abs_tol=1e-12)`` of the exact end. ``one_sided`` says
    that the data are all heads or all tails (the peak is at an end of [0, 1])."""
    __tracebackhide__ = True
    if not isinstance(got, tuple) or len(got) != 2:
        fail(f"{call} returned {got!r}, expected the tuple {expected!r}.",
             "Return a tuple of two floats, e.g. `return float(low), float(high)`.")
    low, high = as_float(got[0], f"{call}[0]"), as_float(got[1], f"{call}[1]")
    want_low, want_high = expected
    if same(low, want_low, INTERVAL_REL, INTERVAL_ABS) and same(high, want_high, INTERVAL_REL,
                                                                 INTERVAL_ABS):
        return
    message = f"{call} returned {(low, high)!r}, expected {expected!r}."
    for (wrong_low, wrong_high), hint in [*mistakes, ((want_high, want_low),
                                                      INTERVAL_ORDER_HINT)]:
        if (same(low, wrong_low, DIAGNOSIS_REL_TOL, 1e-12)
                and same(high, wrong_high, DIAGNOSIS_REL_TOL, 1e-12)):
            fail(message, hint)
    if np.isnan(low) or np.isnan(high) or one_sided:
        fail(message, INTERVAL_END_HINT)
    if abs(low - want_low) < 1e-3 and abs(high - want_high) < 1e-3:
        fail(message, INTERVAL_PRECISION_HINT)
    fail(message, "Solve log L(theta) = log L(h / n) + log(c) on each side of h / n (log L "
                  "rises up to h / n and falls after it, so bisection works).")
