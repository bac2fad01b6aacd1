"""A correct Day 49 written the plain way: Python floats, ``math`` and loops.

The fairness tests grade it and require full points. Its log-softmax is the max shift with the
log1p refinement (the top entry's e^0 = 1 kept apart), as the lesson teaches.
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


def _log_softmax_row(row):
    top = max(range(len(row)), key=row.__getitem__)
    rest = math.fsum(math.exp(v - row[top]) for i, v in enumerate(row) if i != top)
    tail = math.log1p(rest)
    return [(v - row[top]) - tail for v in row]


def log_softmax(logits):
    return np.array([_log_softmax_row([float(v) for v in row]) for row in logits])


def cross_entropy_with_logits(y_true, logits):
    total = 0.0
    for c, row in zip(y_true, logits, strict=True):
        total -= _log_softmax_row([float(v) for v in row])[int(c)]
    return total / len(y_true)


def _per_sample(value, n):
    return [float(v) for v in value] if np.ndim(value) else [float(value)] * n


def gaussian_nll_log_var(y_true, mean, log_var):
    total = 0.0
    for y, mu, s in zip(y_true, mean, _per_sample(log_var, len(y_true)), strict=True):
        # (y - μ) e^{-s/2} first: e^{-s} alone overflows at s = -1000.
        total += 0.5 * math.log(2 * math.pi) + 0.5 * s + 0.5 * ((y - mu) * math.exp(-s / 2)) ** 2
    return float(total)


def laplace_nll(y_true, y_pred, scale):
    total = 0.0
    for y, y_hat, b in zip(y_true, y_pred, _per_sample(scale, len(y_true)), strict=True):
        total += math.log(2) + math.log(b) + abs(y - y_hat) / b
    return float(total)


def poisson_nll(y_true, log_rate):
    total = 0.0
    for k, eta in zip(y_true, log_rate, strict=True):
        # math.log accepts Python's exact big integers, so 250! is no problem here.
        total += math.exp(eta) - k * eta + math.log(math.factorial(int(k)))
    return float(total)


def student_t_nll(y_true, loc, log_scale, df):
    n = len(y_true)
    total = 0.0
    for y, mu, s, nu in zip(y_true, loc, _per_sample(log_scale, n), _per_sample(df, n),
                            strict=True):
        total += math.lgamma(nu / 2) - math.lgamma((nu + 1) / 2) + 0.5 * math.log(nu * math.pi)
        total += s
        if y != mu:
            x = 2 * (math.log(abs(y - mu)) - s) - math.log(nu)  # log(t²/ν)
            total += (nu + 1) / 2 * (max(x, 0.0) + math.log1p(math.exp(-abs(x))))
    return float(total)
