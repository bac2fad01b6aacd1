"""The hidden tests' exact values agree with scipy.stats (checked here, not in the grader).

``test_losses_hidden`` computes its expected values in scalar ``math`` so that grading does not
import ``scipy.stats``; these tests hold those oracles to scipy's distributions. Like the suite
it checks, this file stays out of the student release (``*_hidden.py``).
"""

import math

import numpy as np
import pytest
from scipy import stats

from tests.day48.test_losses_hidden import bernoulli_logs, binomial_logs, gaussian_nll_oracle


@pytest.mark.parametrize(("y", "p"), [
    ([1, 0, 1], [1.0, 0.0, 0.5]),
    ([0, 1], [0.5, 0.0]),
    ([1, 1, 0, 0], [1, 1, 0, 0]),
    (np.random.default_rng(1).integers(0, 2, 1000), np.random.default_rng(2).uniform(0, 1, 1000)),
])
def test_bernoulli_logs_agree_with_scipy(y, p):
    expected = stats.bernoulli.logpmf(np.asarray(y), np.asarray(p))
    np.testing.assert_allclose(bernoulli_logs(y, p), expected, rtol=1e-13, atol=0)


@pytest.mark.parametrize(("y", "mu", "sigma"), [
    ([1.0, -2.0, 0.5], [0.2, 0.5, 3.5], [0.5, 1.5, 3.0]),
    ([0.0], [0.0], 0.1),
    ([1, 2, 3], [0, 0, 0], [1, 2, 3]),
    (np.random.default_rng(3).normal(0, 3, 10_000), np.zeros(10_000), 0.7),
])
def test_gaussian_nll_oracle_agrees_with_scipy(y, mu, sigma):
    expected = -math.fsum(stats.norm.logpdf(np.asarray(y, float), np.asarray(mu, float),
                                            np.asarray(sigma, float)))
    assert gaussian_nll_oracle(y, mu, sigma) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("k", "m", "p"), [
    ([0, 3, 2], [2, 3, 5], [0.0, 1.0, 0.4]),
    ([1000, 3001, 12], [2000, 10000, 5000], [0.5, 0.3, 0.002]),
    ([1, 2], [3, 2], [0.25, 0.5]),
    ([1, 2], [3, 2], [0.0, 0.5]),
])
def test_binomial_logs_agree_with_scipy(k, m, p):
    expected = stats.binom.logpmf(np.asarray(k), np.asarray(m), np.asarray(p))
    # scipy's log C(m, k) is a difference of gammaln values of size up to 8e4 (at m = 10^4),
    # so it keeps about 1e-12 relative; the oracle's exact integer C(m, k) keeps more.
    np.testing.assert_allclose(binomial_logs(k, m, p), expected, rtol=1e-11, atol=0)
