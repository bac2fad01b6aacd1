"""A correct Day 49 written the plain way: Python floats, ``math`` and loops.

The fairness tests grade it and require full points. Its log-softmax is the textbook max shift
(no log1p refinement), which the documented tolerance accepts.
"""

import math

import numpy as np


def _log_sigmoid_one(z):
    if z >= 0:
        return -math.log1p(math.exp(-z))
    return z - math.log1p(math.exp(z))


def log_sigmoid(z):
    values = np.asarray(z, dtype=float)
    out = [_log_sigmoid_one(v) for v in values.ravel().tolist()]
    return np.array(out).reshape(values.shape)


def bce_with_logits(y_true, logits):
    total = 0.0
    for y, z in zip(y_true, logits, strict=True):
        margin = float(z) if y == 1 else -float(z)
        total -= _log_sigmoid_one(margin)
    return total / len(y_true)


def _log_sum_exp(row):
    top = max(row)
    return top + math.log(sum(math.exp(v - top) for v in row))


def log_softmax(logits):
    out = []
    for row in logits:
        row = [float(v) for v in row]
        norm = _log_sum_exp(row)
        out.append([v - norm for v in row])
    return np.array(out)


def cross_entropy_with_logits(y_true, logits):
    total = 0.0
    for c, row in zip(y_true, logits, strict=True):
        row = [float(v) for v in row]
        total += _log_sum_exp(row) - row[int(c)]
    return total / len(y_true)


def _per_sample(value, n):
    return [float(v) for v in value] if np.ndim(value) else [float(value)] * n


def gaussian_nll_log_var(y_true, mean, log_var):
    total = 0.0
    for y, mu, s in zip(y_true, mean, _per_sample(log_var, len(y_true)), strict=True):
        total += 0.5 * math.log(2 * math.pi) + 0.5 * s + 0.5 * (y - mu) ** 2 * math.exp(-s)
    return float(total)


def laplace_nll(y_true, y_pred, scale):
    total = 0.0
    for y, y_hat, b in zip(y_true, y_pred, _per_sample(scale, len(y_true)), strict=True):
        total += math.log(2 * b) + abs(y - y_hat) / b
    return float(total)


def poisson_nll(y_true, log_rate):
    total = 0.0
    for k, eta in zip(y_true, log_rate, strict=True):
        # math.log accepts Python's exact big integers, so 250! is no problem here.
        total += math.exp(eta) - k * eta + math.log(math.factorial(int(k)))
    return float(total)
