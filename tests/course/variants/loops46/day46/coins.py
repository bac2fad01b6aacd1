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


def likelihood_interval(flips, c):
    heads = sum(1 for flip in flips if flip == 1)
    tails = len(flips) - heads
    best = heads / (heads + tails)

    def log_lik(theta):
        total = 0.0
        for count, q in ((heads, theta), (tails, 1.0 - theta)):
            if count:
                if q <= 0.0:
                    return -math.inf
                total += count * math.log(q)
        return total

    target = log_lik(best) + math.log(c)

    def bisect(inside, outside):
        # 200 halvings of a bracket inside [0, 1] leave it shorter than 1e-60.
        for _ in range(200):
            middle = (inside + outside) / 2
            if log_lik(middle) >= target:
                inside = middle
            else:
                outside = middle
        return inside

    low = 0.0 if heads == 0 else bisect(best, 0.0)
    high = 1.0 if tails == 0 else bisect(best, 1.0)
    return low, high
