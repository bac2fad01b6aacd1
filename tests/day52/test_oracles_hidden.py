"""The hidden tests' oracles agree with scipy (checked here, not in the grader).

``test_uncertainty_hidden`` computes its expected values with ``mpmath`` so that grading does
not import ``scipy.stats``; these tests hold those oracles to scipy's quantiles, root finder
and linear algebra. Like the suite it checks, this file stays out of the student release.
"""

import math

import numpy as np
import pytest
from scipy import optimize, stats

from tests.day52.test_uncertainty_hidden import (
    LOGLIKS,
    coverage_oracle,
    logistic_problem,
    lr_drop,
    lr_oracle,
    newton_mle,
    se_oracle,
    second_difference,
    two_sided_z,
    wald_fn,
    wald_oracle,
    wilson_oracle,
)


@pytest.mark.parametrize("level", [0.5, 0.8, 0.9, 0.95, 0.99])
def test_quantiles_agree_with_scipy(level):
    assert float(two_sided_z(level)) == pytest.approx(stats.norm.ppf((1 + level) / 2),
                                                      rel=1e-15)
    assert float(2 * lr_drop(level)) == pytest.approx(stats.chi2.ppf(level, 1), rel=1e-14)


@pytest.mark.parametrize(("k", "n", "level"), [(7, 10, 0.95), (1, 40, 0.9), (250, 1000, 0.95),
                                               (3, 4, 0.99), (0, 37, 0.8), (5, 5, 0.95)])
def test_intervals_agree_with_scipy(k, n, level):
    z = stats.norm.ppf((1 + level) / 2)
    p = k / n
    half = z * math.sqrt(p * (1 - p) / n)
    assert wald_oracle(k, n, str(two_sided_z(level))) == pytest.approx((p - half, p + half),
                                                                       abs=1e-14)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    width = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert wilson_oracle(k, n, str(two_sided_z(level))) == pytest.approx(
        (centre - width, centre + width), abs=1e-14)
    cut = stats.chi2.ppf(level, 1)

    def excess(t):
        return 2 * (stats.binom.logpmf(k, n, p) - stats.binom.logpmf(k, n, t)) - cut

    low = 0.0 if k == 0 else optimize.brentq(excess, 1e-300, p, xtol=1e-15)
    high = 1.0 if k == n else optimize.brentq(excess, p, 1 - 1e-16, xtol=1e-15)
    assert lr_oracle(k, n, str(lr_drop(level))) == pytest.approx((low, high), rel=1e-10,
                                                                 abs=1e-13)


def test_standard_errors_agree_with_numpy():
    X, y = logistic_problem(52, 200, [-0.5, 2.0, -1.0])
    w = newton_mle(X, y)
    p = 1 / (1 + np.exp(-(X @ w)))
    information = (X.T * (p * (1 - p))) @ X
    expected = np.sqrt(np.diag(np.linalg.inv(information)))
    np.testing.assert_allclose(se_oracle(X, w)["right"], expected, rtol=1e-12)
    # At the MLE the score is zero (the MLE is one).
    assert np.max(np.abs(X.T @ (p - y))) < 1e-10


def test_second_difference_oracle_approaches_the_derivative():
    # l(lam) = 31 log lam - 8 lam: -l'' = 31 / lam^2; the central difference's error is
    # -h^2 l'''' / 12 = 31 * 6 h^2 / (12 lam^4) in size.
    exact = 31 / 3.875**2
    got = second_difference("poisson", 3.875, 1e-3)
    assert got == pytest.approx(exact, rel=1e-6)
    assert abs(got - exact) == pytest.approx(31 * 6 * 1e-6 / (12 * 3.875**4), rel=1e-3)


def test_coverage_oracle_agrees_with_the_binomial_sum():
    # 4000 data sets estimate the exact coverage to within a few Monte Carlo errors.
    theta, n = 0.1, 20
    simulated, _ = coverage_oracle(wald_fn, theta, n, 4000, 5)
    exact = sum(stats.binom.pmf(k, n, theta) for k in range(n + 1)
                if wald_fn(k, n)[0] <= theta <= wald_fn(k, n)[1])
    assert abs(simulated - exact) < 4 * math.sqrt(exact * (1 - exact) / 4000)


@pytest.mark.parametrize(("name", "theta", "h"), [
    ("poisson", 3.875, 1e-3), ("poisson", 1.25 * 3.875, 1e-3),
    ("exponential", 0.8, 1e-4), ("exponential", 1.0, 1e-4),
    ("gaussian_sigma", 2.0, 1e-2), ("gaussian_sigma", 2.5, 1e-2),
    ("minus_exp", 0.0, 0.5), ("minus_exp", 1.0, 0.3),
])
def test_observed_information_inputs_are_as_the_docstring_says(name, theta, h):
    """The docstring promises |l| at most about ten times J and h >= 1e-4 in the tests: then
    rounding in l (about 1e-16 |l| per value, divided by h^2) stays far inside rel 1e-6."""
    function = LOGLIKS[name][0]
    information = second_difference(name, theta, h)
    assert abs(function(theta)) <= 10 * information and h >= 1e-4
    assert 4 * 2.3e-16 * abs(function(theta)) / h**2 < 2e-7 * information  # 5 times inside
