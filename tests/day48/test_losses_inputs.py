"""Day 48: bad input raises ValueError naming the argument (not graded).

The checks are given in the stubs, so these tests pass for an untouched stub as well; they
guard the contract of the reference and warn a student who deletes a check.
"""

import math

import numpy as np
import pytest

BINARY = ("likelihood", "log_likelihood", "binary_cross_entropy")
REGRESSION = ("gaussian_nll", "mse")


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize(
    ("y_true", "p_pred", "named"),
    [
        ([1, 0], [0.5], "y_true and p_pred"),
        ([], [], "y_true"),
        ([1, 2], [0.5, 0.5], "y_true"),
        ([1, -1], [0.5, 0.5], "y_true"),
        ([1, math.nan], [0.5, 0.5], "y_true"),
        ([1, 0], [0.5, 1.5], "p_pred"),
        ([1, 0], [-0.1, 0.5], "p_pred"),
        ([1, 0], [0.5, math.nan], "p_pred"),
        ([[1, 0]], [[0.5, 0.5]], "y_true"),
        ([1, 0], ["a", 0.5], "p_pred"),
    ],
)
def test_binary_losses_reject_bad_input(losses, name, y_true, p_pred, named):
    with pytest.raises(ValueError, match=named):
        getattr(losses, name)(y_true, p_pred)


@pytest.mark.parametrize("name", REGRESSION)
@pytest.mark.parametrize(
    ("y_true", "y_pred", "named"),
    [
        ([1.0, 2.0], [1.0], "y_true and y_pred"),
        ([], [], "y_true"),
        ([1.0, math.nan], [1.0, 2.0], "y_true"),
        ([1.0, 2.0], [1.0, math.inf], "y_pred"),
    ],
)
def test_regression_losses_reject_bad_input(losses, name, y_true, y_pred, named):
    with pytest.raises(ValueError, match=named):
        getattr(losses, name)(y_true, y_pred)


@pytest.mark.parametrize("sigma", [0.0, -1.0, [1.0, 0.0], [1.0, -2.0], math.nan, math.inf,
                                   [1.0, 2.0, 3.0], [[1.0, 1.0]]])
def test_gaussian_nll_rejects_bad_sigma(losses, sigma):
    with pytest.raises(ValueError, match="sigma"):
        losses.gaussian_nll([1.0, 2.0], [1.5, 2.5], sigma)


@pytest.mark.parametrize(
    ("y_true", "probs", "named"),
    [
        ([0, 2], [[0.5, 0.5], [0.5, 0.5]], "y_true"),
        ([0, -1], [[0.5, 0.5], [0.5, 0.5]], "y_true"),
        ([0, 0.5], [[0.5, 0.5], [0.5, 0.5]], "y_true"),
        ([0], [[0.5, 0.5], [0.5, 0.5]], "y_true and probs"),
        ([], np.zeros((0, 2)), "y_true"),
        ([0], [0.5, 0.5], "probs"),
        ([0], [[0.7, 0.7]], "probs"),
        ([0], [[1.5, -0.5]], "probs"),
        ([0], [[math.nan, 1.0]], "probs"),
    ],
)
def test_categorical_cross_entropy_rejects_bad_input(losses, y_true, probs, named):
    with pytest.raises(ValueError, match=named):
        losses.categorical_cross_entropy(y_true, probs)


def test_valid_edge_inputs_are_accepted(losses):
    """Booleans, integer floats as classes and a NumPy scalar sigma are all fine."""
    assert losses.log_likelihood(np.array([True, False]), [0.5, 0.5]) == pytest.approx(
        2 * math.log(0.5))
    assert losses.categorical_cross_entropy(np.array([1.0]), [[0.5, 0.5]]) == pytest.approx(
        math.log(2))
    assert losses.gaussian_nll([0.0], [0.0], np.float64(1.0)) == pytest.approx(
        0.5 * math.log(2 * math.pi))


@pytest.mark.parametrize(
    ("successes", "trials", "p_pred", "named"),
    [
        ([1, 0], [2], [0.5, 0.5], "successes and trials"),
        ([1, 0], [2, 2], [0.5], "successes and p_pred"),
        ([], [], [], "successes"),
        ([1.5], [2], [0.5], "successes"),
        ([-1], [2], [0.5], "successes"),
        ([math.nan], [2], [0.5], "successes"),
        ([math.inf], [2], [0.5], "successes"),
        ([1], [2.5], [0.5], "trials"),
        ([0], [0], [0.5], "trials"),
        ([3], [2], [0.5], "successes cannot exceed trials"),
        ([1], [2], [1.5], "p_pred"),
        ([1], [2], [math.nan], "p_pred"),
        ([[1]], [[2]], [[0.5]], "successes"),
        (["a"], [2], [0.5], "successes"),
    ],
)
def test_binomial_nll_rejects_bad_input(losses, successes, trials, p_pred, named):
    with pytest.raises(ValueError, match=named):
        losses.binomial_nll(successes, trials, p_pred)


def test_binomial_nll_accepts_integer_floats_and_numpy_integers(losses):
    assert losses.binomial_nll(np.array([1.0]), np.array([2], dtype=np.int64),
                               [0.5]) == pytest.approx(math.log(2.0))
