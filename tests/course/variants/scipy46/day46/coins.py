"""A correct Day 46 written with SciPy: ``scipy.stats`` distributions and ``scipy.special``.

The fairness tests grade it and require full points.
"""

import numpy as np
from scipy import optimize, special, stats


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


def likelihood_interval(flips, c):
    heads = int(np.sum(flips))
    tails = len(flips) - heads
    best = heads / (heads + tails)

    def excess(theta):
        log_lik = special.xlogy(heads, theta) + special.xlog1py(tails, -theta)
        return log_lik - best_log_lik - np.log(c)

    best_log_lik = special.xlogy(heads, best) + special.xlog1py(tails, -best)
    tiny = np.finfo(float).smallest_subnormal
    low = 0.0 if heads == 0 else optimize.brentq(excess, tiny, best, xtol=1e-15)
    high = 1.0 if tails == 0 else optimize.brentq(excess, best, 1.0 - 2**-53, xtol=1e-15)
    return float(low), float(high)
