"""A correct Day 49 in NumPy, with the forms other libraries use.

BCE is the ``max(z, 0) - z y + log1p(exp(-|z|))`` form; log-softmax subtracts a log-sum-exp
computed as ``max + log(sum(exp(z - max)))``. The fairness tests require full points.
"""

import numpy as np
from scipy.special import gammaln


def log_sigmoid(z):
    return -np.logaddexp(0.0, -np.asarray(z, dtype=float))


def bce_with_logits(y_true, logits):
    y, z = np.asarray(y_true, float), np.asarray(logits, float)
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def _log_sum_exp(z):
    top = z.max(axis=1, keepdims=True)
    return top + np.log(np.exp(z - top).sum(axis=1, keepdims=True))


def log_softmax(logits):
    z = np.asarray(logits, float)
    return z - _log_sum_exp(z)


def cross_entropy_with_logits(y_true, logits):
    z = np.asarray(logits, float)
    picked = np.take_along_axis(z, np.asarray(y_true, int)[:, None], axis=1)
    return float(np.mean(_log_sum_exp(z) - picked))


def gaussian_nll_log_var(y_true, mean, log_var):
    r = np.asarray(y_true, float) - np.asarray(mean, float)
    s = np.asarray(log_var, float)
    # A scalar log_var broadcasts against the residuals.
    per_sample = 0.5 * np.log(2 * np.pi) + 0.5 * s + 0.5 * r**2 * np.exp(-s)
    return float(np.sum(np.broadcast_to(per_sample, r.shape)))


def laplace_nll(y_true, y_pred, scale):
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    b = np.broadcast_to(np.asarray(scale, float), r.shape)
    return float(np.sum(np.log(2 * b) + r / b))


def poisson_nll(y_true, log_rate):
    y, eta = np.asarray(y_true, float), np.asarray(log_rate, float)
    return float(np.sum(np.exp(eta) - y * eta + gammaln(y + 1)))
