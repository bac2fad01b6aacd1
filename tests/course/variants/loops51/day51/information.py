"""A correct Day 51 written the plain way: Python floats, ``math`` and loops.

The fairness tests grade it and require full points. It computes the KL divergence as
H(p, q) - H(p) (the lesson's identity, not the ratio form), the soft cross-entropy as
``lse - sum t z`` per row, and fits the temperature by golden-section search on log T.
"""

import math

import numpy as np


def _floats(values):
    return [float(v) for v in np.asarray(values, dtype=float).ravel()]


def entropy(p, base=math.e):
    total = 0.0
    for x in _floats(p):
        if x > 0:
            total -= x * math.log(x)
    return total / math.log(base)


def cross_entropy(p, q):
    total = 0.0
    for a, b in zip(_floats(p), _floats(q), strict=True):
        if a == 0:
            continue
        if b == 0:
            return math.inf
        total -= a * math.log(b)
    return total


def kl_divergence(p, q):
    return cross_entropy(p, q) - entropy(p)


def label_smoothing(labels, k, eps):
    rows = []
    for label in _floats(labels):
        rows.append([(1 - eps) * (j == int(label)) + eps / k for j in range(int(k))])
    return np.array(rows)


def _log_sum_exp(row):
    top = max(row)
    return top + math.log(sum(math.exp(v - top) for v in row))


def soft_cross_entropy_with_logits(targets, logits):
    t = np.asarray(targets, dtype=float).tolist()
    z = np.asarray(logits, dtype=float).tolist()
    total = 0.0
    for weights, row in zip(t, z, strict=True):
        total += _log_sum_exp(row) - sum(w * v for w, v in zip(weights, row, strict=True))
    return total / len(t)


def expected_calibration_error(probs, labels, bins=10):
    rows = np.asarray(probs, dtype=float).tolist()
    counts = [0] * bins
    correct = [0.0] * bins
    confidence = [0.0] * bins
    for row, label in zip(rows, _floats(labels), strict=True):
        top = max(row)
        which = min(max(math.ceil(top * bins), 1), bins) - 1
        counts[which] += 1
        correct[which] += float(row.index(top) == int(label))
        confidence[which] += top
    n = len(rows)
    ece = 0.0
    for m in range(bins):
        if counts[m]:
            ece += counts[m] / n * abs(correct[m] / counts[m] - confidence[m] / counts[m])
    return ece


def _held_out_nll(log_t, rows, labels):
    temperature = math.exp(log_t)
    total = 0.0
    for row, label in zip(rows, labels, strict=True):
        scaled = [v / temperature for v in row]
        total += _log_sum_exp(scaled) - scaled[label]
    return total / len(rows)


def fit_temperature(logits, labels, held_out):
    all_rows = np.asarray(logits, dtype=float).tolist()
    all_labels = [int(v) for v in _floats(labels)]
    rows = [r for r, keep in zip(all_rows, held_out, strict=True) if keep]
    classes = [c for c, keep in zip(all_labels, held_out, strict=True) if keep]
    low, high = math.log(1e-3), math.log(1e3)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    fa, fb = _held_out_nll(a, rows, classes), _held_out_nll(b, rows, classes)
    while high - low > 1e-10:
        if fa < fb:
            high, b, fb = b, a, fa
            a = high - ratio * (high - low)
            fa = _held_out_nll(a, rows, classes)
        else:
            low, a, fa = a, b, fb
            b = low + ratio * (high - low)
            fb = _held_out_nll(b, rows, classes)
    return math.exp((low + high) / 2)
