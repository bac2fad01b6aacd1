"""A correct Day 50 written the plain way: Python lists, ``math`` and loops.

The fairness tests grade it and require full points. Only the results are turned into the
NumPy arrays the docstrings ask for. Separable data are noticed the way a student might: the
loss of Newton's method falls to 0.
"""

import math

import numpy as np


def _rows(X):
    return [[float(v) for v in row] for row in X]


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _softplus(z):
    """log(1 + e^z) without overflow."""
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def _solve(A, b):
    """Gaussian elimination with partial pivoting on copies of A and b."""
    d = len(b)
    M = [list(row) + [b[i]] for i, row in enumerate(A)]
    for col in range(d):
        pivot = max(range(col, d), key=lambda r: abs(M[r][col]))
        M[col], M[pivot] = M[pivot], M[col]
        for r in range(col + 1, d):
            factor = M[r][col] / M[col][col]
            for c in range(col, d + 1):
                M[r][c] -= factor * M[col][c]
    x = [0.0] * d
    for r in range(d - 1, -1, -1):
        x[r] = (M[r][d] - sum(M[r][c] * x[c] for c in range(r + 1, d))) / M[r][r]
    return x


def numerical_gradient(f, w, h=1e-6):
    point = [float(v) for v in w]
    grad = []
    for j in range(len(point)):
        up, down = list(point), list(point)
        up[j] += h
        down[j] -= h
        grad.append((f(np.array(up)) - f(np.array(down))) / (2 * h))
    return np.array(grad, dtype=float)


def bce_gradient(X, y, w):
    rows, labels, weights = _rows(X), [float(v) for v in y], [float(v) for v in w]
    n, d = len(rows), len(weights)
    grad = [0.0] * d
    for row, label in zip(rows, labels, strict=True):
        error = _sigmoid(sum(a * b for a, b in zip(row, weights, strict=True))) - label
        for j in range(d):
            grad[j] += row[j] * error
    return np.array([g / n for g in grad])


def _objective(rows, labels, w, l2):
    n = len(rows)
    total = 0.0
    for row, label in zip(rows, labels, strict=True):
        z = sum(a * b for a, b in zip(row, w, strict=True))
        total += _softplus(z) - label * z
    return total / n + 0.5 * l2 * sum(v * v for v in w)


def fit_logistic_regression(X, y, l2=0.0):
    rows, labels = _rows(X), [float(v) for v in y]
    n, d = len(rows), len(rows[0])
    w = [0.0] * d
    for _ in range(500):
        if l2 == 0 and _objective(rows, labels, w, l2) < 1e-9:
            # Non-separable data keep the loss well above 0; separable data drive it to 0.
            raise ValueError("the data look separable: the loss falls to 0 as the weights grow")
        grad = [l2 * w[j] for j in range(d)]
        hess = [[l2 if i == j else 0.0 for j in range(d)] for i in range(d)]
        for row, label in zip(rows, labels, strict=True):
            p = _sigmoid(sum(a * b for a, b in zip(row, w, strict=True)))
            for i in range(d):
                grad[i] += (p - label) * row[i] / n
                for j in range(d):
                    hess[i][j] += p * (1 - p) * row[i] * row[j] / n
        step = _solve(hess, grad)
        t = 1.0
        old = _objective(rows, labels, w, l2)
        while t > 1e-12:
            trial = [a - t * b for a, b in zip(w, step, strict=True)]
            if _objective(rows, labels, trial, l2) <= old:
                break
            t /= 2
        w = trial
        if max(abs(t * s) for s in step) < 1e-12:
            break
    return np.array(w)


def fit_linear_regression_mle(X, y):
    rows, target = _rows(X), [float(v) for v in y]
    n, d = len(rows), len(rows[0])
    gram = [[math.fsum(r[i] * r[j] for r in rows) for j in range(d)] for i in range(d)]
    rhs = [math.fsum(r[i] * t for r, t in zip(rows, target, strict=True)) for i in range(d)]
    w = _solve(gram, rhs)
    rss = math.fsum((t - sum(a * b for a, b in zip(r, w, strict=True))) ** 2
                    for r, t in zip(rows, target, strict=True))
    return np.array(w), rss / n


def gaussian_prior_penalty(w, tau):
    total = 0.0
    for v in w:
        total += float(v) ** 2
    return total / (2 * tau * tau)
