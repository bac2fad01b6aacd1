"""Day 46: bad input raises ValueError naming the argument (not graded).

The checks are given in the stubs, so these tests pass for an untouched stub as well; they
guard the contract of the reference and warn a student who deletes a check.
"""

import math

import numpy as np
import pytest

SEQUENCE_FUNCTIONS = ("sequence_probability",)
GRID_FUNCTIONS = ("likelihood_grid", "grid_mle")
BAD_FLIPS = [
    ([], "flips"),
    ([1, 2, 0], "flips"),
    ([1, -1], "flips"),
    ([1, 0.5], "flips"),
    ([1, math.nan], "flips"),
    ([[1, 0], [0, 1]], "flips"),
    (["heads", "tails"], "flips"),
]
BAD_THETAS = [-0.1, 1.5, math.nan, math.inf, "half", [0.5, 0.5]]


@pytest.mark.parametrize(("x", "named"), [(2, "x"), (-1, "x"), (0.5, "x"), (math.nan, "x"),
                                          ([1, 0], "x"), ("heads", "x")])
def test_bernoulli_pmf_rejects_bad_outcomes(coins, x, named):
    with pytest.raises(ValueError, match=named):
        coins.bernoulli_pmf(x, 0.5)


@pytest.mark.parametrize("theta", BAD_THETAS)
def test_bernoulli_pmf_rejects_bad_theta(coins, theta):
    with pytest.raises(ValueError, match="theta"):
        coins.bernoulli_pmf(1, theta)


@pytest.mark.parametrize(("k", "n", "named"), [
    (-1, 5, "k"), (2.5, 5, "k"), (math.nan, 5, "k"), ("2", 5, "k"), ([1, 2], 5, "k"),
    (2, -5, "n"), (2, 5.5, "n"), (2, math.inf, "n"),
    (6, 5, "cannot exceed n"),
])
def test_binomial_pmf_rejects_bad_counts(coins, k, n, named):
    with pytest.raises(ValueError, match=named):
        coins.binomial_pmf(k, n, 0.5)


@pytest.mark.parametrize("theta", BAD_THETAS)
def test_binomial_pmf_rejects_bad_theta(coins, theta):
    with pytest.raises(ValueError, match="theta"):
        coins.binomial_pmf(2, 5, theta)


@pytest.mark.parametrize(("flips", "named"), BAD_FLIPS)
def test_sequence_probability_rejects_bad_flips(coins, flips, named):
    with pytest.raises(ValueError, match=named):
        coins.sequence_probability(flips, 0.5)


@pytest.mark.parametrize("theta", BAD_THETAS)
def test_sequence_probability_rejects_bad_theta(coins, theta):
    with pytest.raises(ValueError, match="theta"):
        coins.sequence_probability([1, 0], theta)


@pytest.mark.parametrize("name", GRID_FUNCTIONS)
@pytest.mark.parametrize(("flips", "named"), BAD_FLIPS)
def test_grid_functions_reject_bad_flips(coins, name, flips, named):
    with pytest.raises(ValueError, match=named):
        getattr(coins, name)(flips, [0.25, 0.5])


@pytest.mark.parametrize("name", GRID_FUNCTIONS)
@pytest.mark.parametrize("thetas", [[], [0.5, 1.5], [-0.5, 0.5], [0.5, math.nan],
                                    [[0.5, 0.5]], ["a", 0.5], 0.5])
def test_grid_functions_reject_bad_thetas(coins, name, thetas):
    with pytest.raises(ValueError, match="thetas"):
        getattr(coins, name)([1, 0], thetas)


@pytest.mark.parametrize(("flips", "named"), BAD_FLIPS)
def test_likelihood_ratio_rejects_bad_flips(coins, flips, named):
    with pytest.raises(ValueError, match=named):
        coins.likelihood_ratio(flips, 0.5, 0.25)


@pytest.mark.parametrize("theta", BAD_THETAS)
def test_likelihood_ratio_rejects_bad_thetas(coins, theta):
    with pytest.raises(ValueError, match="theta_1"):
        coins.likelihood_ratio([1, 0], theta, 0.5)
    with pytest.raises(ValueError, match="theta_0"):
        coins.likelihood_ratio([1, 0], 0.5, theta)


@pytest.mark.parametrize(("flips", "theta_1", "theta_0"), [
    ([1, 0], 0.0, 1.0), ([1, 0], 1.0, 0.0), ([1, 1], 0.0, 0.0), ([0, 0], 1.0, 1.0),
])
def test_likelihood_ratio_refuses_zero_over_zero(coins, flips, theta_1, theta_0):
    with pytest.raises(ValueError, match="impossible under both"):
        coins.likelihood_ratio(flips, theta_1, theta_0)


@pytest.mark.parametrize(("flips", "named"), BAD_FLIPS)
def test_likelihood_interval_rejects_bad_flips(coins, flips, named):
    with pytest.raises(ValueError, match=named):
        coins.likelihood_interval(flips, 0.125)


@pytest.mark.parametrize("c", [0.0, 1.0, -0.5, 1.5, math.nan, math.inf, -math.inf, "1/8",
                               [0.125], np.array([0.125]), None, True])
def test_likelihood_interval_rejects_bad_c(coins, c):
    with pytest.raises(ValueError, match="c "):
        coins.likelihood_interval([1, 0, 1], c)


def test_valid_edge_inputs_are_accepted(coins):
    """Booleans, NumPy scalars, integral floats and n = 0 are valid; checks do not reject them.

    Calls the given checks directly, so it also holds for an untouched stub.
    """
    reference = coins  # the checks are the same in the stub and in the reference
    assert reference._check_bernoulli(True, np.float64(0.5)) == (1, 0.5)
    assert reference._check_binomial(np.int64(0), 0.0, 1) == (0, 0, 1.0)
    flips, theta = reference._check_sequence(np.array([True, False]), 0)
    assert flips.tolist() == [1.0, 0.0] and theta == 0.0
    flips, grid = reference._check_grid([1], np.array([0, 1]))
    assert grid.dtype == float and grid.tolist() == [0.0, 1.0]
    assert reference._check_ratio([1, 1], 0.0, 0.5)[1:] == (0.0, 0.5)
    flips, c = reference._check_interval(np.array([False]), np.float32(0.125))
    assert flips.tolist() == [0.0] and c == 0.125
