"""Day 46, hidden graded tests: the conventions at the edges.

Not shipped in the student release. Expected values come from an independent high-precision
oracle (``mpmath`` with 50 digits, where 0^0 = 1 and nothing overflows), never from the
reference solution. A test whose answer a constant (0, 1, inf) or an echoed input would match
also checks a call whose answer no constant gives, and each function taking arrays has a test
that they come back unchanged.
"""

import math

import mpmath
import numpy as np
import pytest

from course.checks import oracle
from tests.day46.coin_checks import (
    BINOMIAL_UNDERFLOW_HINT,
    COEFFICIENT_EXTRA_HINT,
    COEFFICIENT_MISSING_HINT,
    FACTORIAL_HINT,
    GRID_UNDERFLOW_HINT,
    INDEX_HINT,
    INTERVAL_END_HINT,
    INTERVAL_LOG10_HINT,
    INVERTED_HINT,
    K_OVER_N_HINT,
    LOG_DROP_HINT,
    LOG_HINT,
    LOG_RATIO_HINT,
    NAN_HINT,
    NAN_SKIPPED_HINT,
    NEAREST_HINT,
    NORMALISED_HINT,
    ORDER_HINT,
    POWER_RATIO_HINT,
    RATIO_UNDERFLOW_HINT,
    STIRLING_HINT,
    SWAP_HINT,
    TIE_HINT,
    WALD_HINT,
    ZERO_DIVISION_HINT,
    call_graded,
    expect_array_close,
    expect_close,
    expect_interval,
    expect_unchanged,
)

EDGE_NAN = [(math.nan, NAN_HINT)]


# ------------------------------------------------------------------------------------ oracles
@oracle
def exact_sequence(heads: int, tails: int, theta: float) -> mpmath.mpf:
    """theta^h (1 - theta)^t in 50 digits (mpmath's 0 ** 0 is 1)."""
    with mpmath.workdps(50):
        p = mpmath.mpf(theta)
        return p**heads * (1 - p) ** tails


@oracle
def exact_binomial(k: int, n: int, theta: float) -> float:
    with mpmath.workdps(50):
        return float(mpmath.binomial(n, k) * exact_sequence(k, n - k, theta))


@oracle
def exact_ratio(heads: int, tails: int, theta_1: float, theta_0: float) -> float:
    with mpmath.workdps(50):
        top, bottom = exact_sequence(heads, tails, theta_1), exact_sequence(heads, tails, theta_0)
        return math.inf if bottom == 0 else float(top / bottom)


def exact_log_lik(heads: int, tails: int, theta) -> mpmath.mpf:
    """h log(theta) + t log(1 - theta) in 50 digits, with 0 log 0 = 0 (theta may be an mpf)."""
    with mpmath.workdps(50):
        p = mpmath.mpf(theta)
        total = mpmath.mpf(0)
        for count, q in ((heads, p), (tails, 1 - p)):
            if count:
                total += count * mpmath.log(q) if q > 0 else mpmath.mpf("-inf")
        return total


@oracle
def interval_ends(heads: int, tails: int, drop: float) -> tuple[float, float]:
    """The smallest and largest theta with l(theta) >= l(h / n) - drop, by 50-digit bisection.

    ``drop = -log(c)`` gives the likelihood interval; other drops give the classic mistakes.
    """
    with mpmath.workdps(50):
        best = mpmath.mpf(heads) / (heads + tails)
        target = exact_log_lik(heads, tails, best) - mpmath.mpf(drop)

        def end(inside, outside):
            for _ in range(300):  # 2^-300: far below the last digit of any float end
                middle = (inside + outside) / 2
                if exact_log_lik(heads, tails, middle) >= target:
                    inside = middle
                else:
                    outside = middle
            return float(inside)

        low = 0.0 if heads == 0 else end(best, mpmath.mpf(0))
        high = 1.0 if tails == 0 else end(best, mpmath.mpf(1))
        return low, high


def wald_ends(heads: int, tails: int, c: float) -> tuple[float, float]:
    """The normal approximation h/n ± sqrt(-2 log(c) (h/n)(1 - h/n) / n), cut to [0, 1]."""
    n = heads + tails
    best = heads / n
    half = math.sqrt(-2 * math.log(c) * best * (1 - best) / n)
    return max(best - half, 0.0), min(best + half, 1.0)


def interval_mistakes(heads: int, tails: int, c: float) -> list[tuple[tuple[float, float], str]]:
    # With one-sided data the normal approximation has zero width, like a nan at the peak.
    wald = INTERVAL_END_HINT if heads == 0 or tails == 0 else WALD_HINT
    return [(wald_ends(heads, tails, c), wald),
            (interval_ends(heads, tails, c), LOG_DROP_HINT),
            (interval_ends(heads, tails, -math.log10(c)), INTERVAL_LOG10_HINT)]


def stirling_binomial(k: int, n: int, theta: float) -> float:
    """The pmf with log m! replaced by Stirling's crude m log m - m (a classic shortcut)."""
    def crude(m: int) -> float:
        return m * math.log(m) - m if m else 0.0
    return math.exp(crude(n) - crude(k) - crude(n - k) + k * math.log(theta)
                    + (n - k) * math.log1p(-theta))


def counts(flips) -> tuple[int, int]:
    heads = sum(1 for f in flips if f == 1)
    return heads, len(flips) - heads


def random_flips(seed: int, n: int, theta: float) -> list[int]:
    return np.random.default_rng(seed).binomial(1, theta, size=n).tolist()


# ------------------------------------------------------------------------------- bernoulli_pmf
@pytest.mark.graded("day46.bernoulli_pmf", points=1)
@pytest.mark.parametrize(("x", "theta", "expected"),
                         [(0, 0.0, 1.0), (1, 0.0, 0.0), (1, 1.0, 1.0), (0, 1.0, 0.0)])
def test_bernoulli_pmf_at_theta_zero_and_one(coins, x, theta, expected):
    call = f"bernoulli_pmf({x}, {theta})"
    expect_close(call_graded(coins.bernoulli_pmf, x, theta, call=call), expected, call=call,
                  mistakes=[*EDGE_NAN, (1.0 - expected, SWAP_HINT)])
    # 0 and 1 are what a constant returns (and theta what `return theta` does): a tail under
    # theta = 0.375 gives none of them.
    call = "bernoulli_pmf(0, 0.375)"
    expect_close(call_graded(coins.bernoulli_pmf, 0, 0.375, call=call), 0.625, call=call,
                 mistakes=[(0.375, SWAP_HINT)])


@pytest.mark.graded("day46.bernoulli_pmf", points=1)
@pytest.mark.parametrize(("x", "theta", "expected"),
                         [(True, 0.125, 0.125), (np.int64(0), np.float64(0.125), 0.875),
                          (1.0, 0.6, 0.6), (False, 0.6, 0.4)])
def test_bernoulli_pmf_of_other_types(coins, x, theta, expected):
    call = f"bernoulli_pmf({x!r}, {theta!r})"
    expect_close(call_graded(coins.bernoulli_pmf, x, theta, call=call), expected, call=call,
                  mistakes=[(1.0 - expected, SWAP_HINT)])
    # For heads the answer is theta itself, which `return theta` also gives: the other
    # outcome, of the same type, must give 1 - theta.
    other = type(x)(1 - x)
    call = f"bernoulli_pmf({other!r}, {theta!r})"
    expect_close(call_graded(coins.bernoulli_pmf, other, theta, call=call), 1.0 - expected,
                 call=call, mistakes=[(expected, SWAP_HINT)])


# -------------------------------------------------------------------------------- binomial_pmf
@pytest.mark.graded("day46.binomial_pmf", points=1)
@pytest.mark.parametrize(("k", "n", "theta", "expected"),
                         [(0, 5, 0.0, 1.0), (3, 5, 0.0, 0.0), (5, 5, 1.0, 1.0),
                          (4, 5, 1.0, 0.0), (0, 0, 0.7, 1.0), (1, 1, 0.7, 0.7)])
def test_binomial_pmf_at_the_edges(coins, k, n, theta, expected):
    call = f"binomial_pmf({k}, {n}, {theta})"
    expect_close(call_graded(coins.binomial_pmf, k, n, theta, call=call), expected,
                 call=call, mistakes=EDGE_NAN)
    # 0, 1 and 0.7 (theta itself) are what a constant or an echo returns: two more flips at
    # theta = 0.375 are not.
    call = f"binomial_pmf({k}, {n + 2}, 0.375)"
    expect_close(call_graded(coins.binomial_pmf, k, n + 2, 0.375, call=call),
                 exact_binomial(k, n + 2, 0.375), call=call,
                 mistakes=[(float(exact_sequence(k, n + 2 - k, 0.375)),
                            COEFFICIENT_MISSING_HINT)])


@pytest.mark.graded("day46.binomial_pmf", points=2)
def test_binomial_pmf_of_500_heads_in_1000(coins):
    call = "binomial_pmf(500, 1000, 0.5)"
    expected = exact_binomial(500, 1000, 0.5)  # 0.0252250181783608
    expect_close(call_graded(coins.binomial_pmf, 500, 1000, 0.5, call=call), expected,
                 call=call,
                 mistakes=[(math.nan, FACTORIAL_HINT), (math.inf, FACTORIAL_HINT),
                           (0.0, BINOMIAL_UNDERFLOW_HINT),
                           (float(exact_sequence(500, 500, 0.5)), COEFFICIENT_MISSING_HINT),
                           (stirling_binomial(500, 1000, 0.5), STIRLING_HINT)])


@pytest.mark.graded("day46.binomial_pmf", points=1)
@pytest.mark.parametrize(("k", "n", "theta"), [(1000, 2000, 0.5), (650, 2000, 0.3),
                                                (1980, 2000, 0.99), (300, 1000, 0.3)])
def test_binomial_pmf_of_large_n(coins, k, n, theta):
    call = f"binomial_pmf({k}, {n}, {theta})"
    expect_close(call_graded(coins.binomial_pmf, k, n, theta, call=call,
                             hints={OverflowError: BINOMIAL_UNDERFLOW_HINT}),
                 exact_binomial(k, n, theta), call=call,
                 mistakes=[(math.nan, FACTORIAL_HINT), (math.inf, BINOMIAL_UNDERFLOW_HINT),
                           (0.0, BINOMIAL_UNDERFLOW_HINT),
                           (stirling_binomial(k, n, theta), STIRLING_HINT)])


@pytest.mark.graded("day46.binomial_pmf", points=1)
def test_binomial_pmf_of_numpy_and_float_counts(coins):
    call = "binomial_pmf(np.int64(3), 7.0, np.float64(0.4))"
    expect_close(call_graded(coins.binomial_pmf, np.int64(3), 7.0, np.float64(0.4), call=call),
                 exact_binomial(3, 7, 0.4), call=call)


# ------------------------------------------------------------------------ sequence_probability
@pytest.mark.graded("day46.sequence_probability", points=1)
@pytest.mark.parametrize(("flips", "theta", "expected"),
                         [([1, 1, 1, 1], 1.0, 1.0), ([1, 1, 0, 1], 1.0, 0.0),
                          ([0, 0, 0], 0.0, 1.0), ([0, 1, 0], 0.0, 0.0)])
def test_sequence_probability_at_theta_zero_and_one(coins, flips, theta, expected):
    call = f"sequence_probability({flips}, {theta})"
    expect_close(call_graded(coins.sequence_probability, flips, theta, call=call), expected,
                 call=call, mistakes=EDGE_NAN)
    # 0 and 1 are what a constant returns: the same flips under theta = 0.375 give neither.
    heads, tails = counts(flips)
    call = f"sequence_probability({flips}, 0.375)"
    expect_close(call_graded(coins.sequence_probability, flips, 0.375, call=call),
                 float(exact_sequence(heads, tails, 0.375)), call=call,
                 mistakes=[(float(exact_sequence(tails, heads, 0.375)), SWAP_HINT)])


@pytest.mark.graded("day46.sequence_probability", points=1)
@pytest.mark.parametrize(("seed", "n", "theta"), [(1, 30, 0.35), (2, 300, 0.7), (3, 1000, 0.9)])
def test_sequence_probability_of_random_sequences(coins, seed, n, theta):
    flips = random_flips(seed, n, theta)
    heads, tails = counts(flips)
    call = f"sequence_probability(flips, {theta}) for {n} flips with {heads} heads"
    expected = float(exact_sequence(heads, tails, theta))
    with mpmath.workdps(50):
        times_coefficient = float(mpmath.binomial(n, heads) * exact_sequence(heads, tails, theta))
    expect_close(call_graded(coins.sequence_probability, flips, theta, call=call), expected,
                 call=call,
                 mistakes=[(float(exact_sequence(tails, heads, theta)), SWAP_HINT),
                           (times_coefficient, COEFFICIENT_EXTRA_HINT),
                           (float(mpmath.log(exact_sequence(heads, tails, theta))), LOG_HINT)])


@pytest.mark.graded("day46.sequence_probability", points=1)
def test_sequence_probability_of_numpy_and_boolean_flips(coins):
    flips = np.array([True, False, False, True, True])
    call = "sequence_probability(np.array([True, False, False, True, True]), 0.2)"
    expect_close(call_graded(coins.sequence_probability, flips, 0.2, call=call),
                 float(exact_sequence(3, 2, 0.2)), call=call)


@pytest.mark.graded("day46.sequence_probability", points=1)
def test_sequence_probability_of_2000_flips_underflows(coins):
    flips = [1] * 1400 + [0] * 600
    call = "sequence_probability(1400 heads then 600 tails, 0.7)"
    # The exact value, about 1e-531, is below the smallest float: 0.0 is the right answer.
    expect_close(call_graded(coins.sequence_probability, flips, 0.7, call=call), 0.0,
                 call=call)
    # 0.0 is also what a constant returns: 30 tails and 30 heads of the same flips are not 0.
    short = flips[-30:] + flips[:30]
    call = "sequence_probability(30 tails then 30 heads, 0.7)"
    expect_close(call_graded(coins.sequence_probability, short, 0.7, call=call),
                 float(exact_sequence(30, 30, 0.7)), call=call,
                 mistakes=[(float(exact_sequence(30, 30, 0.3)), SWAP_HINT)])


@pytest.mark.graded("day46.sequence_probability", points=1)
def test_sequence_probability_in_the_subnormal_range(coins):
    # 0.7^2036 is about 4.2e-316, below the smallest normal float 2.2e-308: a float there is a
    # multiple of 5e-324 and keeps about 8 digits. A running product (product *= 0.7 per flip)
    # rounds to such a multiple at each of its last steps and ends one step of 5e-324 away from
    # the exact value, a relative error of 1.2e-8: the absolute floor 1e-320 accepts it.
    flips = [1] * 2036
    expected = float(exact_sequence(2036, 0, 0.7))
    running = 1.0
    for _ in flips:
        running *= 0.7
    assert 1e-317 < expected < 2.2250738585072014e-308
    assert abs(running - expected) == 5e-324 and abs(running - expected) / expected > 1e-9
    call = "sequence_probability([1] * 2036, 0.7)"
    expect_close(call_graded(coins.sequence_probability, flips, 0.7, call=call), expected,
                 call=call, mistakes=[(float(exact_sequence(0, 2036, 0.7)), SWAP_HINT)])


@pytest.mark.graded("day46.sequence_probability", points=1)
def test_sequence_probability_leaves_its_input_unchanged(coins):
    flips = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    before = flips.copy()
    call = "sequence_probability(np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0]), 0.35)"
    expect_close(call_graded(coins.sequence_probability, flips, 0.35, call=call),
                 float(exact_sequence(4, 2, 0.35)), call=call,
                 mistakes=[(float(exact_sequence(2, 4, 0.35)), SWAP_HINT)])
    expect_unchanged(before, flips, call=call, name="flips")


# ----------------------------------------------------------------------------- likelihood_grid
@pytest.mark.graded("day46.likelihood_grid", points=1)
@pytest.mark.parametrize("flips", [[1] * 8, [0] * 5], ids=["all_heads", "all_tails"])
def test_likelihood_grid_of_one_sided_data(coins, flips):
    grid = np.linspace(0.0, 1.0, 11)
    heads, tails = counts(flips)
    call = f"likelihood_grid({flips}, np.linspace(0, 1, 11))"
    expected = [float(exact_sequence(heads, tails, t)) for t in grid]
    expect_array_close(call_graded(coins.likelihood_grid, flips, grid, call=call), expected,
                       call=call,
                       mistakes=[([float(exact_sequence(tails, heads, t)) for t in grid],
                                  SWAP_HINT),
                                 (np.asarray(expected) / sum(expected), NORMALISED_HINT)])


@pytest.mark.graded("day46.likelihood_grid", points=2)
def test_likelihood_grid_of_50_random_flips(coins):
    flips = random_flips(46, 50, 0.4)
    heads, tails = counts(flips)
    grid = np.linspace(0.0, 1.0, 101)
    call = f"likelihood_grid(flips, np.linspace(0, 1, 101)) for 50 flips with {heads} heads"
    expected = np.array([float(exact_sequence(heads, tails, t)) for t in grid])
    with mpmath.workdps(50):
        coefficient = float(mpmath.binomial(50, heads))
    expect_array_close(call_graded(coins.likelihood_grid, flips, grid, call=call), expected,
                       call=call,
                       mistakes=[(expected / expected.sum(), NORMALISED_HINT),
                                 (expected / expected.max(), NORMALISED_HINT),
                                 (expected / (expected.sum() * 0.01), NORMALISED_HINT),
                                 (expected * coefficient, COEFFICIENT_EXTRA_HINT)])


@pytest.mark.graded("day46.likelihood_grid", points=1)
def test_likelihood_grid_keeps_the_order_of_thetas(coins):
    thetas = [0.9, 0.1, 1.0, 0.5, 0.5, 0.0]
    flips = [0, 1, 1]
    call = f"likelihood_grid({flips}, {thetas})"
    expected = [float(exact_sequence(2, 1, t)) for t in thetas]
    in_sorted_order = [float(exact_sequence(2, 1, t)) for t in sorted(thetas)]
    expect_array_close(call_graded(coins.likelihood_grid, flips, thetas, call=call), expected,
                       call=call, mistakes=[(in_sorted_order, ORDER_HINT)])


@pytest.mark.graded("day46.likelihood_grid", points=1)
def test_likelihood_grid_of_integer_thetas(coins):
    call = "likelihood_grid([1, 0], np.array([0, 1]))"
    expect_array_close(call_graded(coins.likelihood_grid, [1, 0], np.array([0, 1]), call=call),
                       [0.0, 0.0], call=call)
    # Zeros are what a constant returns: two tails at the same thetas give [1, 0].
    call = "likelihood_grid([0, 0], np.array([0, 1]))"
    expect_array_close(call_graded(coins.likelihood_grid, [0, 0], np.array([0, 1]), call=call),
                       [1.0, 0.0], call=call, mistakes=[([0.0, 1.0], SWAP_HINT)])


@pytest.mark.graded("day46.likelihood_grid", points=1)
def test_likelihood_grid_leaves_its_inputs_unchanged(coins):
    flips, thetas = np.array([1.0, 1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6, 0.4])
    saved = flips.copy(), thetas.copy()
    call = "likelihood_grid(np.array([1.0, 1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6, 0.4]))"
    expected = [float(exact_sequence(3, 1, t)) for t in saved[1]]
    expect_array_close(call_graded(coins.likelihood_grid, flips, thetas, call=call), expected,
                       call=call,
                       mistakes=[([float(exact_sequence(3, 1, t)) for t in sorted(saved[1])],
                                  ORDER_HINT)])
    expect_unchanged(saved[0], flips, call=call, name="flips")
    expect_unchanged(saved[1], thetas, call=call, name="thetas")


# ------------------------------------------------------------------------------------ grid_mle
@pytest.mark.graded("day46.grid_mle", points=1)
@pytest.mark.parametrize(("flips", "thetas", "expected"), [
    ([1, 0], [0.75, 0.25], 0.75),            # equal likelihoods: the first in the given order
    ([1, 0, 1], [1.0, 0.0], 1.0),            # the data are impossible under both: L = 0, 0
    ([0, 0, 0], [0.0, 0.0, 0.5], 0.0),       # duplicates
])
def test_grid_mle_ties_go_to_the_first(coins, flips, thetas, expected):
    call = f"grid_mle({flips}, {thetas})"
    expect_close(call_graded(coins.grid_mle, flips, thetas, call=call), expected, call=call,
                 mistakes=[(v, TIE_HINT) for v in thetas if v != expected]
                 + [(float(i), INDEX_HINT) for i in range(1, len(thetas))])
    # The first grid value is also what `return thetas[0]` gives: here the best is third.
    call = "grid_mle([1, 1, 0], [0.25, 0.5, 0.75, 0.5])"
    expect_close(call_graded(coins.grid_mle, [1, 1, 0], [0.25, 0.5, 0.75, 0.5], call=call),
                 0.75, call=call, mistakes=[(2.0, INDEX_HINT), (0.25, SWAP_HINT)])


@pytest.mark.graded("day46.grid_mle", points=1)
@pytest.mark.parametrize(("flips", "expected", "next_to_it"),
                         [([1] * 8, 1.0, 0.95), ([0] * 6, 0.0, 0.05), ([1, 0, 1, 1], 0.75, None)],
                         ids=["all_heads", "all_tails", "mixed"])
def test_grid_mle_on_a_grid_with_both_ends(coins, flips, expected, next_to_it):
    grid = [i / 20 for i in range(21)]
    call = f"grid_mle({flips}, [0.0, 0.05, ..., 1.0])"
    # One-sided data peak at an end of the grid, where L = 1 and 0 * log 0 must count as 0.
    skipped = [] if next_to_it is None else [(next_to_it, NAN_SKIPPED_HINT)]
    expect_close(call_graded(coins.grid_mle, flips, grid, call=call), expected, call=call,
                 mistakes=[*EDGE_NAN, *skipped, (float(grid.index(expected)), INDEX_HINT),
                           (1.0 - expected, SWAP_HINT)])
    # 0 and 1 are the grid's first and last values (and constants): two heads and a tail peak
    # at 0.65, inside the grid (L(0.65) = 0.147875 > L(0.7) = 0.147).
    call = "grid_mle([1, 1, 0], [0.0, 0.05, ..., 1.0])"
    expect_close(call_graded(coins.grid_mle, [1, 1, 0], grid, call=call), 0.65, call=call,
                 mistakes=[(13.0, INDEX_HINT), (0.35, SWAP_HINT)])


NEAREST_CASES = [(1, 67, 0.02, 0.01), (61, 249, 0.25, 0.24), (187, 251, 0.74, 0.75)]


@pytest.mark.graded("day46.grid_mle", points=2)
def test_grid_mle_is_not_the_grid_value_nearest_h_over_n(coins):
    # One head in 67 flips: h / n = 0.0149 is nearer 0.01, but L(0.02) > L(0.01), because the
    # log-likelihood falls more steeply on the side of 0 (log theta) than it rises towards
    # h / n. The same happens in the middle of the grid, with more flips.
    grid = np.linspace(0.0, 1.0, 101)
    for heads, n, expected, nearest in NEAREST_CASES:
        flips = np.random.default_rng(n).permutation([1] * heads + [0] * (n - heads)).tolist()
        assert exact_log_lik(heads, n - heads, expected) > exact_log_lik(heads, n - heads,
                                                                          nearest)
        call = f"grid_mle({n} flips with {heads} heads, np.linspace(0, 1, 101))"
        expect_close(call_graded(coins.grid_mle, flips, grid, call=call),
                     float(grid[round(expected * 100)]), call=call,
                     mistakes=[(float(grid[round(nearest * 100)]), NEAREST_HINT),
                               (heads / n, K_OVER_N_HINT),
                               (float(round(expected * 100)), INDEX_HINT)])


@pytest.mark.graded("day46.grid_mle", points=1)
def test_grid_mle_leaves_its_inputs_unchanged(coins):
    # Sorting the grid in place (thetas.sort()) finds the same value but changes the caller's
    # array: np.asarray(thetas, dtype=float) is the caller's own float array.
    flips = np.array([1.0, 0.0, 1.0, 1.0, 1.0])
    thetas = np.array([0.9, 0.3, 0.8, 0.1, 0.5, 0.7])
    saved = flips.copy(), thetas.copy()
    call = "grid_mle(np.array([1.0, 0.0, 1.0, 1.0, 1.0]), np.array([0.9, 0.3, 0.8, 0.1, 0.5, 0.7]))"
    # L = theta^4 (1 - theta) peaks at h / n = 0.8 (index 2)
    expect_close(call_graded(coins.grid_mle, flips, thetas, call=call), 0.8, call=call,
                 mistakes=[(2.0, INDEX_HINT), (0.3, SWAP_HINT)])
    expect_unchanged(saved[0], flips, call=call, name="flips")
    expect_unchanged(saved[1], thetas, call=call, name="thetas")


@pytest.mark.graded("day46.grid_mle", points=2)
def test_grid_mle_of_2000_flips(coins):
    rng = np.random.default_rng(2000)
    flips = rng.permutation([1] * 1400 + [0] * 600).tolist()
    grid = np.linspace(0.01, 0.99, 99)
    # Every L(theta) on this grid is below 1e-500: only log-likelihoods can rank them. The exact
    # maximiser is h / n = 0.7, the grid value at index 69.
    call = "grid_mle(2000 flips with 1400 heads, np.linspace(0.01, 0.99, 99))"
    expect_close(call_graded(coins.grid_mle, flips, grid, call=call), float(grid[69]),
                 call=call,
                 mistakes=[(float(grid[0]), GRID_UNDERFLOW_HINT), (69.0, INDEX_HINT),
                           (0.7, K_OVER_N_HINT), (float(grid[98]), GRID_UNDERFLOW_HINT)])


@pytest.mark.graded("day46.grid_mle", points=1)
def test_grid_mle_returns_a_grid_value_not_h_over_n(coins):
    call = "grid_mle([1, 1, 0], [0.1, 0.5, 0.9])"
    # h / n = 2/3 is not on the grid; L(0.5) = 0.125 beats L(0.9) = 0.081 and L(0.1) = 0.009
    expect_close(call_graded(coins.grid_mle, [1, 1, 0], [0.1, 0.5, 0.9], call=call), 0.5,
                 call=call, mistakes=[(2 / 3, K_OVER_N_HINT), (1.0, INDEX_HINT)])


# ---------------------------------------------------------------------------- likelihood_ratio
@pytest.mark.graded("day46.likelihood_ratio", points=1)
@pytest.mark.parametrize(("heads", "tails", "theta_1", "theta_0"),
                         [(1050, 950, 0.52, 0.5), (1400, 600, 0.7, 0.72), (3, 1997, 0.001, 0.002)])
def test_likelihood_ratio_of_2000_flips(coins, heads, tails, theta_1, theta_0):
    flips = np.random.default_rng(heads).permutation([1] * heads + [0] * tails).tolist()
    expected = exact_ratio(heads, tails, theta_1, theta_0)
    call = f"likelihood_ratio(2000 flips with {heads} heads, {theta_1}, {theta_0})"
    expect_close(call_graded(coins.likelihood_ratio, flips, theta_1, theta_0, call=call,
                             hints={ZeroDivisionError: RATIO_UNDERFLOW_HINT}),
                 expected, call=call,
                 mistakes=[(math.nan, RATIO_UNDERFLOW_HINT), (1 / expected, INVERTED_HINT)])


@pytest.mark.graded("day46.likelihood_ratio", points=1)
@pytest.mark.parametrize(("flips", "theta_1", "theta_0", "expected"), [
    ([1, 1, 0], 0.5, 1.0, math.inf),   # a tail is impossible under theta_0 = 1
    ([1, 1, 0], 0.5, 0.0, math.inf),   # a head is impossible under theta_0 = 0
    ([1, 1, 0], 1.0, 0.5, 0.0),        # ... and under theta_1 = 1 the numerator is 0
    ([0, 0, 0, 0], 0.0, 0.5, 16.0),    # all tails: 1 / 0.5^4
    ([1, 1, 1], 0.5, 1.0, 0.125),      # all heads: 0.5^3 / 1
])
def test_likelihood_ratio_at_theta_zero_and_one(coins, flips, theta_1, theta_0, expected):
    call = f"likelihood_ratio({flips}, {theta_1}, {theta_0})"
    inverted = math.inf if expected == 0 else 1 / expected
    expect_close(call_graded(coins.likelihood_ratio, flips, theta_1, theta_0, call=call,
                             hints={ZeroDivisionError: ZERO_DIVISION_HINT}),
                 expected, call=call, mistakes=[*EDGE_NAN, (inverted, INVERTED_HINT)])
    # inf and 0 are what a constant returns: the same flips at 0.5 against 0.25 are not.
    heads, tails = counts(flips)
    expected = exact_ratio(heads, tails, 0.5, 0.25)
    call = f"likelihood_ratio({flips}, 0.5, 0.25)"
    expect_close(call_graded(coins.likelihood_ratio, flips, 0.5, 0.25, call=call), expected,
                 call=call, mistakes=[(1 / expected, INVERTED_HINT)])


@pytest.mark.graded("day46.likelihood_ratio", points=1)
def test_likelihood_ratio_of_equal_hypotheses_is_one(coins):
    flips = [1, 0] * 1000
    call = "likelihood_ratio([1, 0] * 1000, 0.3, 0.3)"
    expect_close(call_graded(coins.likelihood_ratio, flips, 0.3, 0.3, call=call), 1.0,
                 call=call, mistakes=[(math.nan, RATIO_UNDERFLOW_HINT), (0.0, LOG_RATIO_HINT)])
    # 1 is also what a constant returns: 0.3 against 0.31 on the same flips is not.
    expected = exact_ratio(1000, 1000, 0.3, 0.31)
    call = "likelihood_ratio([1, 0] * 1000, 0.3, 0.31)"
    expect_close(call_graded(coins.likelihood_ratio, flips, 0.3, 0.31, call=call), expected,
                 call=call, mistakes=[(math.nan, RATIO_UNDERFLOW_HINT),
                                      (1 / expected, INVERTED_HINT)])


@pytest.mark.graded("day46.likelihood_ratio", points=2)
def test_likelihood_ratio_of_distant_hypotheses(coins):
    # (0.9 / 0.1)^1000 overflows and (0.1 / 0.9)^1000 underflows: the formula's powers give
    # inf * 0 = nan. The exact ratios are 1 - 2.5e-13 (the floats 0.9 and 0.1 are not exactly
    # symmetric) and 0.5625^1000, about 1.3e-250.
    for theta_0 in (0.1, 0.2):
        flips = np.random.default_rng(1000).permutation([1] * 1000 + [0] * 1000).tolist()
        expected = exact_ratio(1000, 1000, 0.9, theta_0)
        call = f"likelihood_ratio(2000 flips with 1000 heads, 0.9, {theta_0})"
        expect_close(call_graded(coins.likelihood_ratio, flips, 0.9, theta_0, call=call,
                                 hints={OverflowError: POWER_RATIO_HINT,
                                        ZeroDivisionError: RATIO_UNDERFLOW_HINT}),
                     expected, call=call,
                     mistakes=[(math.nan, POWER_RATIO_HINT), (math.inf, POWER_RATIO_HINT),
                               (1 / expected, INVERTED_HINT)])


@pytest.mark.graded("day46.likelihood_ratio", points=1)
def test_likelihood_ratio_leaves_its_input_unchanged(coins):
    flips = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    before = flips.copy()
    expected = exact_ratio(3, 2, 0.6, 0.45)
    call = "likelihood_ratio(np.array([0.0, 1.0, 1.0, 0.0, 1.0]), 0.6, 0.45)"
    expect_close(call_graded(coins.likelihood_ratio, flips, 0.6, 0.45, call=call), expected,
                 call=call, mistakes=[(1 / expected, INVERTED_HINT)])
    expect_unchanged(before, flips, call=call, name="flips")


# ------------------------------------------------------------------------- likelihood_interval
@pytest.mark.graded("day46.likelihood_interval", points=1)
@pytest.mark.parametrize(("flips", "c"), [([0] * 5, 0.5), ([1] * 3, 0.125), ([1] * 9, 0.03)],
                         ids=["all_tails", "all_heads", "nine_heads"])
def test_likelihood_interval_of_one_sided_data(coins, flips, c):
    # The peak is at an end of [0, 1], where 0 log 0 = 0: (0, 1 - c^(1/t)) or (c^(1/h), 1).
    heads, tails = counts(flips)
    expected = interval_ends(heads, tails, -math.log(c))
    call = f"likelihood_interval({flips}, {c})"
    expect_interval(call_graded(coins.likelihood_interval, flips, c, call=call), expected,
                    call=call, mistakes=interval_mistakes(heads, tails, c), one_sided=True)


@pytest.mark.graded("day46.likelihood_interval", points=2)
@pytest.mark.parametrize("c", [1 / 8, 1 / 32, 0.5])
def test_likelihood_interval_of_the_lesson_sequence(coins, c):
    flips = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1]  # HTHHTHHTHH: 7 heads, 3 tails
    expected = interval_ends(7, 3, -math.log(c))
    call = f"likelihood_interval(HTHHTHHTHH, {c!r})"
    expect_interval(call_graded(coins.likelihood_interval, flips, c, call=call), expected,
                    call=call, mistakes=interval_mistakes(7, 3, c))


@pytest.mark.graded("day46.likelihood_interval", points=2)
@pytest.mark.parametrize(("heads", "tails", "c"), [(1050, 950, 0.125), (1, 1999, 1e-6),
                                                    (1990, 10, 0.05)])
def test_likelihood_interval_of_2000_flips(coins, heads, tails, c):
    # Every likelihood underflows here: the ends must come from log-likelihoods. With one head
    # the lower end is about 1.8e-10, so it needs relative precision, not just 1e-12.
    flips = np.random.default_rng(heads).permutation([1] * heads + [0] * tails)
    expected = interval_ends(heads, tails, -math.log(c))
    call = f"likelihood_interval(2000 flips with {heads} heads, {c!r})"
    expect_interval(call_graded(coins.likelihood_interval, flips, c, call=call), expected,
                    call=call, mistakes=interval_mistakes(heads, tails, c))


@pytest.mark.graded("day46.likelihood_interval", points=1)
def test_likelihood_interval_of_numpy_inputs_leaves_them_unchanged(coins):
    flips = np.array([True, False, False, True, False, False])
    before = flips.copy()
    c = np.float64(0.2)
    expected = interval_ends(2, 4, -math.log(0.2))
    call = "likelihood_interval(np.array([True, False, False, True, False, False]), " \
           "np.float64(0.2))"
    expect_interval(call_graded(coins.likelihood_interval, flips, c, call=call), expected,
                    call=call, mistakes=interval_mistakes(2, 4, 0.2))
    expect_unchanged(before, flips, call=call, name="flips")


# ------------------------------------------------------------- the fixtures and the tie rule
GRID_MLE_FIXTURES = [  # (heads, tails, thetas) of every graded grid_mle test without a tie
    (2, 1, [0.0, 0.25, 0.5, 0.75, 1.0]), (8, 0, [i / 10 for i in range(11)]),
    (8, 1, [i / 10 for i in range(11)]), (2, 1, [0.25, 0.75]), (2, 1, [0.25, 0.5, 0.75, 0.5]),
    (8, 0, [i / 20 for i in range(21)]), (0, 6, [i / 20 for i in range(21)]),
    (3, 1, [i / 20 for i in range(21)]), (2, 1, [i / 20 for i in range(21)]),
    (1400, 600, np.linspace(0.01, 0.99, 99).tolist()), (2, 1, [0.1, 0.5, 0.9]),
    (4, 1, [0.9, 0.3, 0.8, 0.1, 0.5, 0.7]),
    *[(h, n - h, np.linspace(0.0, 1.0, 101).tolist()) for h, n, _, _ in NEAREST_CASES],
]


@pytest.mark.parametrize(("heads", "tails", "thetas"), GRID_MLE_FIXTURES)
def test_grid_mle_fixtures_have_a_clear_winner(heads, tails, thetas):
    """Not graded: the best value's exact likelihood beats the second best by a factor of more
    than 1 + 1e-9, so every float computation ranks them alike (the docstring's promise)."""
    values = sorted({exact_log_lik(heads, tails, t) for t in thetas}, reverse=True)
    assert values[0] - values[1] > mpmath.log(1 + mpmath.mpf("1e-9"))


def test_a_near_tie_is_decided_differently_by_float_computations():
    """Not graded: why the docstring defines ties exactly and the tests avoid near-ties."""
    assert exact_log_lik(1, 1, 0.7) > exact_log_lik(1, 1, 0.3)  # exact arithmetic: 0.7
    assert 0.3 * (1 - 0.3) < 0.7 * (1 - 0.7)  # the product in floats: 0.7 as well
    assert math.log(0.3) + math.log(1 - 0.3) < math.log(0.7) + math.log(1 - 0.7)
    # ... but with log1p both sums round to the same float: a tie, and the first wins.
    assert math.log(0.3) + math.log1p(-0.3) == math.log(0.7) + math.log1p(-0.7)
