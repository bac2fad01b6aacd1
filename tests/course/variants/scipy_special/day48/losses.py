"""A correct Day 48 written with ``scipy.special`` and ``scipy.stats``.

The fairness tests grade it and require full points.
"""

import numpy as np
from scipy import special, stats


def likelihood(y_true, p_pred):
    return float(np.prod(stats.bernoulli.pmf(np.asarray(y_true), np.asarray(p_pred))))


def log_likelihood(y_true, p_pred):
    y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
    return float(np.sum(special.xlogy(y, p) + special.xlog1py(1 - y, -p)))


def binary_cross_entropy(y_true, p_pred):
    y, p = np.asarray(y_true, float), np.asarray(p_pred, float)
    return float(np.mean(-special.xlogy(y, p) - special.xlog1py(1 - y, -p)))


def gaussian_nll(y_true, y_pred, sigma=1.0):
    return float(-np.sum(stats.norm.logpdf(y_true, loc=y_pred, scale=sigma)))


def mse(y_true, y_pred):
    return float(np.mean(np.square(np.subtract(y_true, y_pred))))


def categorical_cross_entropy(y_true, probs):
    probs = np.asarray(probs, float)
    one_hot = np.eye(probs.shape[1])[np.asarray(y_true, int)]
    return float(np.mean(-np.sum(special.xlogy(one_hot, probs), axis=1)))


def binomial_nll(successes, trials, p_pred):
    return float(-np.sum(stats.binom.logpmf(np.asarray(successes), np.asarray(trials),
                                            np.asarray(p_pred, float))))
