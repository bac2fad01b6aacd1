"""A correct Day 46 written the plain way: Python floats, ``math`` and loops.

The fairness tests grade it and require full points: the graders must not depend on NumPy
(only ``likelihood_grid`` turns its list into the array the docstring asks for). Long data are
handled by summing the log of each flip's probability, one flip at a time.
"""

import math

import numpy as np


def _log_probability(flips, theta):
    """log P(flips | theta), flip by flip; -inf as soon as one flip is impossible."""
    total = 0.0
    for flip in flips:
        q = theta if flip == 1 else 1 - theta
        if q == 0:
            return -math.inf
        total += math.log(q)
    return total


def bernoulli_pmf(x, theta):
    return float(theta) if x == 1 else 1.0 - float(theta)


def binomial_pmf(k, n, theta):
    k, n, theta = int(k), int(n), float(theta)
    log_orders = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    log_one_order = _log_probability([1] * k + [0] * (n - k), theta)
    return math.exp(log_orders + log_one_order)


def sequence_probability(flips, theta):
    product = 1.0
    for flip in flips:
        product *= theta if flip == 1 else 1 - theta
    return float(product)


def likelihood_grid(flips, thetas):
    return np.array([sequence_probability(flips, t) for t in thetas], dtype=float)


def grid_mle(flips, thetas):
    best, best_log = None, -math.inf
    for theta in thetas:
        log_lik = _log_probability(flips, theta)
        if best is None or log_lik > best_log:
            best, best_log = theta, log_lik
    return float(best)


def likelihood_ratio(flips, theta_1, theta_0):
    top, bottom = _log_probability(flips, theta_1), _log_probability(flips, theta_0)
    if bottom == -math.inf:
        return math.inf
    try:
        return math.exp(top - bottom)
    except OverflowError:
        return math.inf
