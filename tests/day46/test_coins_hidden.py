"""Day 46, hidden graded tests: the conventions at the edges.

Not shipped in the student release. Expected values come from an independent high-precision
oracle (``mpmath`` with 50 digits, where 0^0 = 1 and nothing overflows), never from the
reference solution.
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
    INVERTED_HINT,
    K_OVER_N_HINT,
    LOG_HINT,
    LOG_RATIO_HINT,
    NAN_HINT,
    NAN_SKIPPED_HINT,
    NORMALISED_HINT,
    ORDER_HINT,
    RATIO_UNDERFLOW_HINT,
    SWAP_HINT,
    TIE_HINT,
    ZERO_DIVISION_HINT,
    call_graded,
    expect_array_close,
    expect_close,
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


@pytest.mark.graded("day46.bernoulli_pmf", points=1)
@pytest.mark.parametrize(("x", "theta", "expected"),
                         [(True, 0.125, 0.125), (np.int64(0), np.float64(0.125), 0.875),
                          (1.0, 0.6, 0.6), (False, 0.6, 0.4)])
def test_bernoulli_pmf_of_other_types(coins, x, theta, expected):
    call = f"bernoulli_pmf({x!r}, {theta!r})"
    expect_close(call_graded(coins.bernoulli_pmf, x, theta, call=call), expected, call=call,
                  mistakes=[(1.0 - expected, SWAP_HINT)])


# -------------------------------------------------------------------------------- binomial_pmf
@pytest.mark.graded("day46.binomial_pmf", points=1)
@pytest.mark.parametrize(("k", "n", "theta", "expected"),
                         [(0, 5, 0.0, 1.0), (3, 5, 0.0, 0.0), (5, 5, 1.0, 1.0),
                          (4, 5, 1.0, 0.0), (0, 0, 0.7, 1.0), (1, 1, 0.7, 0.7)])
def test_binomial_pmf_at_the_edges(coins, k, n, theta, expected):
    call = f"binomial_pmf({k}, {n}, {theta})"
    expect_close(call_graded(coins.binomial_pmf, k, n, theta, call=call), expected,
                 call=call, mistakes=EDGE_NAN)


@pytest.mark.graded("day46.binomial_pmf", points=2)
def test_binomial_pmf_of_500_heads_in_1000(coins):
    call = "binomial_pmf(500, 1000, 0.5)"
    expected = exact_binomial(500, 1000, 0.5)  # 0.0252250181783608
    expect_close(call_graded(coins.binomial_pmf, 500, 1000, 0.5, call=call), expected,
                 call=call,
                 mistakes=[(math.nan, FACTORIAL_HINT), (math.inf, FACTORIAL_HINT),
                           (0.0, BINOMIAL_UNDERFLOW_HINT),
                           (float(exact_sequence(500, 500, 0.5)), COEFFICIENT_MISSING_HINT)])


@pytest.mark.graded("day46.binomial_pmf", points=1)
@pytest.mark.parametrize(("k", "n", "theta"), [(1000, 2000, 0.5), (650, 2000, 0.3),
                                                (1980, 2000, 0.99), (300, 1000, 0.3)])
def test_binomial_pmf_of_large_n(coins, k, n, theta):
    call = f"binomial_pmf({k}, {n}, {theta})"
    expect_close(call_graded(coins.binomial_pmf, k, n, theta, call=call,
                             hints={OverflowError: BINOMIAL_UNDERFLOW_HINT}),
                 exact_binomial(k, n, theta), call=call,
                 mistakes=[(math.nan, FACTORIAL_HINT), (math.inf, BINOMIAL_UNDERFLOW_HINT),
                           (0.0, BINOMIAL_UNDERFLOW_HINT)])


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


@pytest.mark.graded("day46.likelihood_ratio", points=1)
def test_likelihood_ratio_of_equal_hypotheses_is_one(coins):
    flips = [1, 0] * 1000
    call = "likelihood_ratio([1, 0] * 1000, 0.3, 0.3)"
    expect_close(call_graded(coins.likelihood_ratio, flips, 0.3, 0.3, call=call), 1.0,
                 call=call, mistakes=[(math.nan, RATIO_UNDERFLOW_HINT), (0.0, LOG_RATIO_HINT)])
