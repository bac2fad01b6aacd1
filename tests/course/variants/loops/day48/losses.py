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
        total += 0.5 * math.log(2 * math.pi * s * s) + (y - m) ** 2 / (2 * s * s)
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
