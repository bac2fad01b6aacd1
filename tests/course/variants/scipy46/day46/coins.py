"""A correct Day 46 written with SciPy: ``scipy.stats`` distributions and ``scipy.special``.

The fairness tests grade it and require full points.
"""

import numpy as np
from scipy import special, stats


def bernoulli_pmf(x, theta):
    return float(stats.bernoulli.pmf(int(x), theta))


def binomial_pmf(k, n, theta):
    return float(stats.binom.pmf(int(k), int(n), theta))


def sequence_probability(flips, theta):
    return float(np.prod(stats.bernoulli.pmf(np.asarray(flips, dtype=int), theta)))


def _log_likelihoods(flips, thetas):
    x = np.asarray(flips, dtype=int)
    grid = np.asarray(thetas, dtype=float)
    return stats.bernoulli.logpmf(x[:, np.newaxis], grid[np.newaxis, :]).sum(axis=0)


def likelihood_grid(flips, thetas):
    return np.exp(_log_likelihoods(flips, thetas))


def grid_mle(flips, thetas):
    return float(np.asarray(thetas, dtype=float)[np.argmax(_log_likelihoods(flips, thetas))])


def likelihood_ratio(flips, theta_1, theta_0):
    heads = int(np.sum(flips))
    tails = len(flips) - heads
    log_ratio = (special.xlogy(heads, theta_1) + special.xlog1py(tails, -theta_1)
                 - special.xlogy(heads, theta_0) - special.xlog1py(tails, -theta_0))
    with np.errstate(over="ignore"):
        return float(np.exp(log_ratio))
