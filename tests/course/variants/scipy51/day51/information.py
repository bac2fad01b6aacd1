"""A correct Day 51 leaning on SciPy: ``scipy.stats.entropy``, ``special.xlogy`` and
``rel_entr``, ``special.log_softmax`` and ``optimize.minimize_scalar``.

The fairness tests grade it and require full points. (``scipy.stats.entropy`` normalises its
inputs, which changes nothing for distributions that already sum to 1.)
"""

import math

import numpy as np
from scipy import optimize, special, stats


def entropy(p, base=math.e):
    return float(stats.entropy(np.asarray(p, dtype=float), base=base))


def cross_entropy(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    return float(-np.sum(special.xlogy(p, q)))


def kl_divergence(p, q):
    return float(np.sum(special.rel_entr(np.asarray(p, float), np.asarray(q, float))))


def label_smoothing(labels, k, eps):
    one_hot = np.eye(k)[np.asarray(labels, dtype=float).astype(int)]
    return (1.0 - eps) * one_hot + eps / k


def soft_cross_entropy_with_logits(targets, logits):
    t = np.asarray(targets, dtype=float)
    return float(np.mean(-np.sum(t * special.log_softmax(np.asarray(logits, float), axis=1),
                                 axis=1)))


def expected_calibration_error(probs, labels, bins=10):
    q = np.asarray(probs, dtype=float)
    y = np.asarray(labels, dtype=float).astype(int)
    confidence = q.max(axis=1)
    correct = q.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    ece = 0.0
    for m in range(bins):
        members = which == m
        if members.any():
            ece += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return float(ece)


def fit_temperature(logits, labels, held_out):
    mask = np.asarray(held_out, dtype=bool)
    z = np.asarray(logits, dtype=float)[mask]
    y = np.asarray(labels, dtype=float).astype(int)[mask]

    def nll(log_t):
        scaled = z / np.exp(log_t)
        return -np.mean(special.log_softmax(scaled, axis=1)[np.arange(len(y)), y])

    result = optimize.minimize_scalar(nll, bounds=(-7.0, 7.0), method="bounded",
                                      options={"xatol": 1e-11})
    return float(np.exp(result.x))
