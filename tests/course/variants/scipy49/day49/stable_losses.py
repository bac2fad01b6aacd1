"""A correct Day 49 written with ``scipy.special`` and ``scipy.stats``.

The fairness tests grade it and require full points. ``log_expit`` is accurate to the
documented tolerance; scipy 1.17's ``log_softmax`` and ``logsumexp`` round log(1 + e^-40) to 0
(measured), so the log-softmax here adds the log1p refinement to the max shift.
``scipy.stats.laplace.logpdf`` is log(pdf) in scipy 1.17 (no ``_logpdf``), -inf beyond about
745 scales, and ``scipy.stats.t.logpdf`` squares t, so those two are written as log-densities.
"""

import numpy as np
from scipy import special, stats


def log_sigmoid(z):
    return special.log_expit(np.asarray(z, dtype=float))


def bce_with_logits(y_true, logits):
    y, z = np.asarray(y_true, float), np.asarray(logits, float)
    return float(-np.mean(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)))


def log_softmax(logits):
    z = np.asarray(logits, float)
    top = np.argmax(z, axis=1)
    rows = np.arange(z.shape[0])
    shifted = z - z[rows, top][:, None]
    others = np.exp(shifted)
    others[rows, top] = 0.0
    return shifted - special.log1p(others.sum(axis=1, keepdims=True))


def cross_entropy_with_logits(y_true, logits):
    z = np.asarray(logits, float)
    picked = log_softmax(z)[np.arange(z.shape[0]), np.asarray(y_true, int)]
    return float(-np.mean(picked))


def gaussian_nll_log_var(y_true, mean, log_var):
    sigma = np.exp(0.5 * np.asarray(log_var, float))
    return float(-np.sum(stats.norm.logpdf(y_true, loc=mean, scale=sigma)))


def laplace_nll(y_true, y_pred, scale):
    b = np.asarray(scale, float)
    r = np.abs(np.subtract(y_true, y_pred))
    return float(np.sum(np.broadcast_to(np.log(2.0) + np.log(b), r.shape) + r / b))


def poisson_nll(y_true, log_rate):
    y, eta = np.asarray(y_true, float), np.asarray(log_rate, float)
    return float(np.sum(np.exp(eta) - y * eta + special.gammaln(y + 1)))


def student_t_nll(y_true, loc, log_scale, df):
    r = np.abs(np.subtract(np.asarray(y_true, float), np.asarray(loc, float)))
    s = np.broadcast_to(np.asarray(log_scale, float), r.shape)
    nu = np.broadcast_to(np.asarray(df, float), r.shape)
    # √ν B(ν/2, ½) normalises the Student-t: log of it through betaln, accurate for any ν.
    normaliser = special.betaln(nu / 2, 0.5) + 0.5 * np.log(nu)
    with np.errstate(divide="ignore"):
        x = 2 * (np.log(r) - s) - np.log(nu)
    return float(np.sum(normaliser + s + 0.5 * (nu + 1) * np.logaddexp(0.0, x)))
