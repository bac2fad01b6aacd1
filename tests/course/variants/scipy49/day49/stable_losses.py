"""A correct Day 49 written with ``scipy.special`` and ``scipy.stats``.

The fairness tests grade it and require full points: ``log_expit``, ``log_softmax`` and
``logsumexp`` are accurate to the documented tolerance.
"""

import numpy as np
from scipy import special, stats


def log_sigmoid(z):
    return special.log_expit(np.asarray(z, dtype=float))


def bce_with_logits(y_true, logits):
    y, z = np.asarray(y_true, float), np.asarray(logits, float)
    return float(-np.mean(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)))


def log_softmax(logits):
    return special.log_softmax(np.asarray(logits, float), axis=1)


def cross_entropy_with_logits(y_true, logits):
    z = np.asarray(logits, float)
    picked = z[np.arange(z.shape[0]), np.asarray(y_true, int)]
    return float(np.mean(special.logsumexp(z, axis=1) - picked))


def gaussian_nll_log_var(y_true, mean, log_var):
    sigma = np.exp(0.5 * np.asarray(log_var, float))
    return float(-np.sum(stats.norm.logpdf(y_true, loc=mean, scale=sigma)))


def laplace_nll(y_true, y_pred, scale):
    return float(-np.sum(stats.laplace.logpdf(y_true, loc=y_pred, scale=scale)))


def poisson_nll(y_true, log_rate):
    y, eta = np.asarray(y_true, float), np.asarray(log_rate, float)
    return float(np.sum(np.exp(eta) - y * eta + special.gammaln(y + 1)))
