"""A correct Day 48 written the plain way: Python floats, ``math`` and loops.

The fairness tests grade it and require full points: the graders must not depend on NumPy.
"""

import math


def likelihood(y_true, p_pred):
    product = 1.0
    for y, p in zip(y_true, p_pred, strict=True):
        product *= p if y == 1 else 1 - p
    return float(product)


def log_likelihood(y_true, p_pred):
    total = 0.0
    for y, p in zip(y_true, p_pred, strict=True):
        q = p if y == 1 else 1 - p
        if q == 0:
            return -math.inf
        total += math.log(q)
    return total


def binary_cross_entropy(y_true, p_pred):
    return -log_likelihood(y_true, p_pred) / len(y_true)


def gaussian_nll(y_true, y_pred, sigma=1.0):
    n = len(y_true)
    sigmas = list(sigma) if hasattr(sigma, "__len__") else [sigma] * n
    total = 0.0
    for y, m, s in zip(y_true, y_pred, sigmas, strict=True):
        # log σ and the standardised residual: σ² itself would overflow at σ = 1e200.
        total += 0.5 * math.log(2 * math.pi) + math.log(s) + 0.5 * ((y - m) / s) ** 2
    return float(total)


def mse(y_true, y_pred):
    total = 0.0
    for y, m in zip(y_true, y_pred, strict=True):
        total += (y - m) ** 2
    return float(total / len(y_true))


def categorical_cross_entropy(y_true, probs):
    total = 0.0
    for label, row in zip(y_true, probs, strict=True):
        p = row[int(label)]
        if p == 0:
            return math.inf
        total -= math.log(p)
    return float(total / len(y_true))


def binomial_nll(successes, trials, p_pred):
    total = 0.0
    for k, m, p in zip(successes, trials, p_pred, strict=True):
        k, m = int(k), int(m)
        # math.comb is an exact integer and math.log takes integers of any size.
        total -= math.log(math.comb(m, k))
        if k > 0:
            if p == 0:
                return math.inf
            total -= k * math.log(p)
        if m - k > 0:
            if p == 1:
                return math.inf
            total -= (m - k) * math.log1p(-p)
    return float(total)
