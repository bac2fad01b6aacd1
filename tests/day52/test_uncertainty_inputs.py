"""Day 52: bad input raises ValueError naming the argument (not graded).

The checks are given in the stubs, so these tests pass for an untouched stub as well; they
guard the contract of the reference and warn a student who deletes a check. The last tests
check the facts the module's docstrings quote (the quantiles) and the reference's examples.
"""

import doctest
import math
import statistics

import numpy as np
import pytest

GOOD_X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
GOOD_Y = [0, 1, 1]


def square(t):
    return -t * t


def always(k, n):
    return (0.0, 1.0)


@pytest.mark.parametrize(
    ("theta", "n", "named"),
    [
        (0.0, 10, "theta"), (1.0, 10, "theta"), (-0.2, 10, "theta"), (1.5, 10, "theta"),
        (math.nan, 10, "theta"), ("half", 10, "theta"), (True, 10, "theta"),
        (0.5, 0, "n"), (0.5, -3, "n"), (0.5, 2.5, "n"), (0.5, "ten", "n"), (0.5, True, "n"),
    ],
)
def test_fisher_information_rejects_bad_input(uncertainty, theta, n, named):
    with pytest.raises(ValueError, match=named):
        uncertainty.fisher_information_bernoulli(theta, n)


@pytest.mark.parametrize(
    ("loglik", "theta", "h", "named"),
    [
        ("not a function", 0.5, 1e-4, "loglik"),
        (square, math.inf, 1e-4, "theta"),
        (square, "x", 1e-4, "theta"),
        (square, 0.5, 0.0, "h"),
        (square, 0.5, -1e-3, "h"),
        (square, 0.5, math.nan, "h"),
        (square, 0.5, "small", "h"),
    ],
)
def test_observed_information_rejects_bad_input(uncertainty, loglik, theta, h, named):
    with pytest.raises(ValueError, match=named):
        uncertainty.observed_information(loglik, theta, h)


@pytest.mark.parametrize(
    ("X", "y", "w", "named"),
    [
        ([1.0, 2.0], [0, 1], [0.0], "X"),
        ([], [], [0.0], "X"),
        ([[1.0, math.inf], [1.0, 0.0]], [1, 0], [0.0, 0.0], "X"),
        (GOOD_X, [0, 1], [0.0, 0.0], "X and y"),
        (GOOD_X, [0, 1, 2], [0.0, 0.0], "y"),
        (GOOD_X, [0, 1, math.nan], [0.0, 0.0], "y"),
        (GOOD_X, GOOD_Y, [0.0], "w"),
        (GOOD_X, GOOD_Y, [0.0, math.nan], "w"),
        (GOOD_X, GOOD_Y, [[0.0, 0.0]], "w"),
        ([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]], GOOD_Y, [0.0, 0.0], "linearly independent"),
    ],
)
def test_standard_errors_reject_bad_input(uncertainty, X, y, w, named):
    with pytest.raises(ValueError, match=named):
        uncertainty.standard_errors_logistic(X, y, w)


@pytest.mark.parametrize("function", ["wald_interval", "wilson_interval",
                                      "likelihood_ratio_interval"])
@pytest.mark.parametrize(
    ("k", "n", "level", "named"),
    [
        (1, 0, 0.95, "n"), (1, 2.5, 0.95, "n"), (1, "ten", 0.95, "n"),
        (-1, 10, 0.95, "k"), (11, 10, 0.95, "k"), (1.5, 10, 0.95, "k"), (True, 10, 0.95, "k"),
        (3, 10, 95, "level"), (3, 10, 0.0, "level"), (3, 10, 1.0, "level"),
        (3, 10, math.nan, "level"), (3, 10, "high", "level"),
    ],
)
def test_intervals_reject_bad_input(uncertainty, function, k, n, level, named):
    with pytest.raises(ValueError, match=named):
        getattr(uncertainty, function)(k, n, level)


@pytest.mark.parametrize(
    ("interval_fn", "theta", "n", "trials", "seed", "named"),
    [
        (None, 0.5, 10, 100, 0, "interval_fn"),
        (always, -0.1, 10, 100, 0, "theta"),
        (always, 1.1, 10, 100, 0, "theta"),
        (always, math.nan, 10, 100, 0, "theta"),
        (always, 0.5, 0, 100, 0, "n"),
        (always, 0.5, 10, 0, 0, "trials"),
        (always, 0.5, 10, 10.5, 0, "trials"),
        (always, 0.5, 10, 100, -1, "seed"),
        (always, 0.5, 10, 100, "x", "seed"),
    ],
)
def test_coverage_rejects_bad_input(uncertainty, interval_fn, theta, n, trials, seed, named):
    with pytest.raises(ValueError, match=named):
        uncertainty.coverage(interval_fn, theta, n, trials, seed)


def test_integer_valued_floats_are_counts():
    """``n=10.0`` is accepted as 10 by the given checks (a student's float arithmetic)."""
    reference = pytest.importorskip("solutions.day52.uncertainty")
    assert reference.wald_interval(3.0, 10.0) == reference.wald_interval(3, 10)
    assert reference.coverage(always, 0.5, 4.0, 20.0, 1.0) == 1.0


def test_quantiles_quoted_in_the_docstrings():
    """The module docstring quotes z and c for 95 %, from scipy and from the standard library,
    and says that they differ only in the last digits; and that 1.645 is one-sided."""
    stats = pytest.importorskip("scipy.stats")
    z = float(stats.norm.ppf(0.975))
    assert repr(z) == "1.959963984540054"
    assert repr(float(stats.chi2.ppf(0.95, 1))) == "3.841458820694124"
    assert repr(statistics.NormalDist().inv_cdf(0.975)) == "1.9599639845400536"
    assert abs(statistics.NormalDist().inv_cdf(0.975) - z) < 4 * math.ulp(z)
    assert z**2 == pytest.approx(float(stats.chi2.ppf(0.95, 1)), rel=1e-15)
    assert round(statistics.NormalDist().inv_cdf(0.95), 3) == 1.645
    assert round(z * z / 2, 2) == 1.92
    # likelihood_ratio_interval quotes brentq's default tolerances.
    import inspect

    from scipy import optimize

    defaults = inspect.signature(optimize.brentq).parameters
    assert defaults["xtol"].default == 2e-12
    assert float(defaults["rtol"].default) == pytest.approx(8.9e-16, rel=0.01)


def test_reference_docstring_examples():
    """The examples in the docstrings are what the reference returns (instructors only: the
    student release has no solutions/)."""
    reference = pytest.importorskip("solutions.day52.uncertainty")
    result = doctest.testmod(reference, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 20


def test_reference_leaves_inputs_alone():
    reference = pytest.importorskip("solutions.day52.uncertainty")
    X, y, w = np.array(GOOD_X), np.array(GOOD_Y, float), np.array([0.1, 0.2])
    copies = X.copy(), y.copy(), w.copy()
    reference.standard_errors_logistic(X, y, w)
    assert all(np.array_equal(a, b) for a, b in zip(copies, (X, y, w), strict=True))
