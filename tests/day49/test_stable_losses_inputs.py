"""Day 49: bad input raises ValueError naming the argument (not graded).

The checks are given in the stubs, so these tests pass for an untouched stub as well; they
guard the contract of the reference and warn a student who deletes a check.
"""

import math

import numpy as np
import pytest


@pytest.mark.parametrize("z", [[], [1.0, math.nan], [math.inf], [-math.inf, 0.0], ["a"]])
def test_log_sigmoid_rejects_bad_logits(stable_losses, z):
    with pytest.raises(ValueError, match="z"):
        stable_losses.log_sigmoid(z)


@pytest.mark.parametrize(
    ("y_true", "logits", "named"),
    [
        ([1, 0], [0.5], "y_true and logits"),
        ([], [], "y_true"),
        ([1, 2], [0.5, 0.5], "y_true"),
        ([1, 0.5], [0.5, 0.5], "y_true"),
        ([1, math.nan], [0.5, 0.5], "y_true"),
        ([1, 0], [0.5, math.nan], "logits"),
        ([1, 0], [0.5, math.inf], "logits"),
        ([[1, 0]], [[0.5, 0.5]], "y_true"),
        ([1, 0], [[0.5], [0.5]], "logits"),
        ([1, 0], ["a", 0.5], "logits"),
    ],
)
def test_bce_with_logits_rejects_bad_input(stable_losses, y_true, logits, named):
    with pytest.raises(ValueError, match=named):
        stable_losses.bce_with_logits(y_true, logits)


@pytest.mark.parametrize("logits", [[1.0, 2.0], [[]], np.zeros((0, 3)), [[1.0, math.nan]],
                                    [[math.inf, 0.0]], [[[1.0]]]])
def test_log_softmax_rejects_bad_logits(stable_losses, logits):
    with pytest.raises(ValueError, match="logits"):
        stable_losses.log_softmax(logits)


@pytest.mark.parametrize(
    ("y_true", "logits", "named"),
    [
        ([0, 2], [[0.5, 0.5], [0.5, 0.5]], "y_true"),
        ([0, -1], [[0.5, 0.5], [0.5, 0.5]], "y_true"),
        ([0, 0.5], [[0.5, 0.5], [0.5, 0.5]], "y_true"),
        ([[1, 0], [0, 1]], [[0.5, 0.5], [0.5, 0.5]], "y_true"),
        ([0], [[0.5, 0.5], [0.5, 0.5]], "y_true and logits"),
        ([], np.zeros((0, 2)), "y_true"),
        ([0], [0.5, 0.5], "logits"),
        ([0], [[math.nan, 1.0]], "logits"),
        ([0], [[-math.inf, 1.0]], "logits"),
    ],
)
def test_cross_entropy_with_logits_rejects_bad_input(stable_losses, y_true, logits, named):
    with pytest.raises(ValueError, match=named):
        stable_losses.cross_entropy_with_logits(y_true, logits)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (([1.0, 2.0], [1.0], [0.0, 0.0]), "y_true and mean"),
        (([], [], []), "y_true"),
        (([1.0, math.nan], [1.0, 2.0], 0.0), "y_true"),
        (([1.0, 2.0], [1.0, math.inf], 0.0), "mean"),
        (([1.0, 2.0], [1.0, 2.0], [0.0, math.nan]), "log_var"),
        (([1.0, 2.0], [1.0, 2.0], [0.0, 1.0, 2.0]), "log_var"),
        (([1.0, 2.0], [1.0, 2.0], math.inf), "log_var"),
    ],
)
def test_gaussian_nll_log_var_rejects_bad_input(stable_losses, args, named):
    with pytest.raises(ValueError, match=named):
        stable_losses.gaussian_nll_log_var(*args)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (([1.0, 2.0], [1.0], 1.0), "y_true and y_pred"),
        (([], [], 1.0), "y_true"),
        (([1.0, 2.0], [1.0, math.nan], 1.0), "y_pred"),
        (([1.0, 2.0], [1.0, 2.0], 0.0), "scale"),
        (([1.0, 2.0], [1.0, 2.0], [1.0, -2.0]), "scale"),
        (([1.0, 2.0], [1.0, 2.0], [1.0, 2.0, 3.0]), "scale"),
        (([1.0, 2.0], [1.0, 2.0], math.nan), "scale"),
        (([1.0, 2.0], [1.0, 2.0], [[1.0, 1.0]]), "scale"),
    ],
)
def test_laplace_nll_rejects_bad_input(stable_losses, args, named):
    with pytest.raises(ValueError, match=named):
        stable_losses.laplace_nll(*args)


@pytest.mark.parametrize(
    ("y_true", "log_rate", "named"),
    [
        ([1, 2], [0.0], "y_true and log_rate"),
        ([], [], "y_true"),
        ([1, -1], [0.0, 0.0], "y_true"),
        ([1, 2.5], [0.0, 0.0], "y_true"),
        ([1, math.nan], [0.0, 0.0], "y_true"),
        ([1, 2], [0.0, math.nan], "log_rate"),
        ([1, 2], [0.0, math.inf], "log_rate"),
    ],
)
def test_poisson_nll_rejects_bad_input(stable_losses, y_true, log_rate, named):
    with pytest.raises(ValueError, match=named):
        stable_losses.poisson_nll(y_true, log_rate)


def test_valid_edge_inputs_are_accepted(stable_losses):
    """Booleans as labels, integer floats as classes and counts, NumPy scalars as parameters."""
    assert stable_losses.bce_with_logits(np.array([True, False]), [0.0, 0.0]) == pytest.approx(
        math.log(2.0))
    assert stable_losses.cross_entropy_with_logits([1.0], [[0.0, 0.0]]) == pytest.approx(
        math.log(2.0))
    assert stable_losses.poisson_nll([2.0], [0.0]) == pytest.approx(1.0 + math.log(2.0))
    assert stable_losses.laplace_nll([1.0], [1.0], np.float64(0.5)) == pytest.approx(0.0)
    assert stable_losses.gaussian_nll_log_var([0.0], [0.0], np.float64(0.0)) == pytest.approx(
        0.5 * math.log(2 * math.pi))


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (([1.0, 2.0], [1.0], 0.0, 1.0), "y_true and loc"),
        (([], [], 0.0, 1.0), "y_true"),
        (([1.0, math.nan], [1.0, 2.0], 0.0, 1.0), "y_true"),
        (([1.0, 2.0], [1.0, math.inf], 0.0, 1.0), "loc"),
        (([1.0, 2.0], [1.0, 2.0], [0.0, math.nan], 1.0), "log_scale"),
        (([1.0, 2.0], [1.0, 2.0], [0.0, 1.0, 2.0], 1.0), "log_scale"),
        (([1.0, 2.0], [1.0, 2.0], 0.0, 0.0), "df"),
        (([1.0, 2.0], [1.0, 2.0], 0.0, [1.0, -2.0]), "df"),
        (([1.0, 2.0], [1.0, 2.0], 0.0, math.inf), "df"),
        (([1.0, 2.0], [1.0, 2.0], 0.0, [[1.0, 1.0]]), "df"),
    ],
)
def test_student_t_nll_rejects_bad_input(stable_losses, args, named):
    with pytest.raises(ValueError, match=named):
        stable_losses.student_t_nll(*args)


def test_student_t_nll_accepts_numpy_scalars_and_integers(stable_losses):
    assert stable_losses.student_t_nll([0], [0], np.float64(0.0), np.int64(1)) == pytest.approx(
        math.log(math.pi))
