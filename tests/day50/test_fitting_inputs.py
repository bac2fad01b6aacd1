"""Day 50: bad input raises ValueError naming the argument (not graded).

The checks are given in the stubs, so these tests pass for an untouched stub as well; they
guard the contract of the reference and warn a student who deletes a check.
"""

import doctest
import math

import numpy as np
import pytest

GOOD_X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
GOOD_Y = [0, 1, 1]


def square_norm(v):
    return float(np.sum(np.asarray(v) ** 2))


@pytest.mark.parametrize(
    ("f", "w", "h", "named"),
    [
        ("not a function", [1.0], 1e-6, "f"),
        (square_norm, [], 1e-6, "w"),
        (square_norm, [[1.0, 2.0]], 1e-6, "w"),
        (square_norm, [1.0, math.nan], 1e-6, "w"),
        (square_norm, ["a"], 1e-6, "w"),
        (square_norm, [1.0], 0.0, "h"),
        (square_norm, [1.0], -1e-3, "h"),
        (square_norm, [1.0], math.inf, "h"),
        (square_norm, [1.0], "small", "h"),
    ],
)
def test_numerical_gradient_rejects_bad_input(fitting, f, w, h, named):
    with pytest.raises(ValueError, match=named):
        fitting.numerical_gradient(f, w, h)


@pytest.mark.parametrize(
    ("X", "y", "w", "named"),
    [
        ([1.0, 2.0], [0, 1], [0.0], "X"),
        ([], [], [0.0], "X"),
        ([[1.0, math.inf]], [1], [0.0, 0.0], "X"),
        (GOOD_X, [0, 1], [0.0, 0.0], "X and y"),
        (GOOD_X, [0, 1, 2], [0.0, 0.0], "y"),
        (GOOD_X, [0, 1, math.nan], [0.0, 0.0], "y"),
        (GOOD_X, GOOD_Y, [0.0], "w"),
        (GOOD_X, GOOD_Y, [0.0, math.nan], "w"),
        (GOOD_X, GOOD_Y, [[0.0, 0.0]], "w"),
    ],
)
def test_bce_gradient_rejects_bad_input(fitting, X, y, w, named):
    with pytest.raises(ValueError, match=named):
        fitting.bce_gradient(X, y, w)


@pytest.mark.parametrize(
    ("X", "y", "l2", "named"),
    [
        ([1.0, 2.0], [0, 1], 0.1, "X"),
        (GOOD_X, [0, 1], 0.1, "X and y"),
        (GOOD_X, [0, 1, 0.5], 0.1, "y"),
        (GOOD_X, GOOD_Y, -0.1, "l2"),
        (GOOD_X, GOOD_Y, math.nan, "l2"),
        (GOOD_X, GOOD_Y, "none", "l2"),
        ([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]], [0, 1, 0], 0.0, "linearly independent"),
    ],
)
def test_fit_logistic_regression_rejects_bad_input(fitting, X, y, l2, named):
    with pytest.raises(ValueError, match=named):
        fitting.fit_logistic_regression(X, y, l2)


def test_dependent_columns_are_fine_with_a_penalty(fitting):
    w = fitting.fit_logistic_regression([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]], [0, 1, 0], 0.5)
    assert w.shape == (2,) and np.isfinite(w).all()


@pytest.mark.parametrize(
    ("X", "y", "named"),
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], "X"),
        (GOOD_X, [1.0, 2.0], "X and y"),
        (GOOD_X, [1.0, math.nan, 2.0], "y"),
        ([[1.0, 0.0], [1.0, 1.0]], [1.0, 2.0], "more rows than columns"),
        ([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0], "linearly independent"),
    ],
)
def test_fit_linear_regression_rejects_bad_input(fitting, X, y, named):
    with pytest.raises(ValueError, match=named):
        fitting.fit_linear_regression_mle(X, y)


@pytest.mark.parametrize(
    ("w", "tau", "named"),
    [
        ([], 1.0, "w"),
        ([1.0, math.nan], 1.0, "w"),
        ([1.0], 0.0, "tau"),
        ([1.0], -2.0, "tau"),
        ([1.0], math.inf, "tau"),
        ([1.0], "wide", "tau"),
    ],
)
def test_gaussian_prior_penalty_rejects_bad_input(fitting, w, tau, named):
    with pytest.raises(ValueError, match=named):
        fitting.gaussian_prior_penalty(w, tau)


@pytest.mark.parametrize(
    ("X", "y", "w", "named"),
    [
        ([1.0, 2.0], [0, 1], [0.0], "X"),
        (GOOD_X, [0, 1], [0.0, 0.0], "X and y"),
        (GOOD_X, [0, 1, -1], [0.0, 0.0], "y"),
        (GOOD_X, [0, 1, 2.5], [0.0, 0.0], "y"),
        (GOOD_X, [0, 1, math.inf], [0.0, 0.0], "y"),
        (GOOD_X, GOOD_Y, [0.0], "w"),
        (GOOD_X, GOOD_Y, [0.0, math.nan], "w"),
        (GOOD_X, GOOD_Y, [0.0, 800.0], "w"),
    ],
)
def test_poisson_regression_gradient_rejects_bad_input(fitting, X, y, w, named):
    with pytest.raises(ValueError, match=named):
        fitting.poisson_regression_gradient(X, y, w)


def test_poisson_regression_gradient_takes_logits_up_to_the_overflow(fitting):
    """exp(709.78) is finite: the check lets it through (the stub then raises
    NotImplementedError, the reference returns a finite gradient)."""
    try:
        got = fitting.poisson_regression_gradient([[1.0]], [3], [709.78])
    except NotImplementedError:
        return
    assert np.isfinite(got).all()


@pytest.mark.parametrize(
    ("X", "y", "l2", "named"),
    [
        ([1.0, 2.0], [0, 1], 0.1, "X"),
        (GOOD_X, [0, 1], 0.1, "X and y"),
        (GOOD_X, [0, 1, 0.5], 0.1, "y"),
        (GOOD_X, [0, 1, -3], 0.1, "y"),
        (GOOD_X, GOOD_Y, -0.1, "l2"),
        (GOOD_X, GOOD_Y, math.inf, "l2"),
        (GOOD_X, GOOD_Y, "none", "l2"),
        ([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]], [0, 1, 0], 0.0, "linearly independent"),
    ],
)
def test_fit_poisson_regression_rejects_bad_input(fitting, X, y, l2, named):
    with pytest.raises(ValueError, match=named):
        fitting.fit_poisson_regression(X, y, l2)


def test_reference_docstring_examples():
    """The examples in the docstrings are what the reference returns (instructors only: the
    student release has no solutions/)."""
    reference = pytest.importorskip("solutions.day50.fitting")

    result = doctest.testmod(reference, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 10
