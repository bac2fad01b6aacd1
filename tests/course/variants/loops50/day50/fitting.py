"""A correct Day 50 written the plain way: Python lists, ``math`` and loops.

The fairness tests grade it and require full points. Only the results are turned into the
NumPy arrays the docstrings ask for. Separation (and counts without an MLE) are decided the
other way round from the reference: by the theorem of the alternative, the MLE exists exactly
when some strictly positive weights c make the weighted sum of the samples' margin vectors 0,
which is a feasibility question for ``scipy.optimize.linprog``. Its numerical gradient divides
by the rounded step, which the docstring accepts too.
"""

import math

import numpy as np
from scipy.optimize import linprog

MAX_NEWTON_STEPS = 100


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


def _dot(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


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


def _damped_newton(objective, derivatives, d, name):
    """Newton's method with backtracking from 0; the stopping rule of the docstrings."""
    w = [0.0] * d
    current = objective(w)
    last = math.inf
    for _ in range(MAX_NEWTON_STEPS):
        grad, hess = derivatives(w)
        step = _solve(hess, grad)
        predicted = _dot(grad, step)
        t = 1.0
        while True:
            trial = [a - t * b for a, b in zip(w, step, strict=True)]
            value = objective(trial)
            if value <= current - 1e-4 * t * predicted or t * predicted <= 1e-13 * (
                    1.0 + abs(current)):
                break
            t /= 2
        w, current = trial, value
        last = max(abs(t * s) for s in step)
        if t == 1.0 and last <= 1e-10 * (1.0 + max(abs(v) for v in w)):
            return np.array(w)
    raise RuntimeError(f"{name} did not converge: the last step was still {last:.3g}")


def _balanced(strict_rows, free_rows):
    """Whether some c > 0 on ``strict_rows`` (and any c on ``free_rows``) has
    sum_i c_i row_i = 0: a feasibility linear program, c >= 1 by scaling."""
    rows = strict_rows + free_rows
    if not strict_rows:
        return True
    d = len(rows[0])
    equalities = [[row[j] for row in rows] for j in range(d)]
    bounds = [(1.0, None)] * len(strict_rows) + [(None, None)] * len(free_rows)
    found = linprog([0.0] * len(rows), A_eq=equalities, b_eq=[0.0] * d, bounds=bounds,
                    method="highs")
    return found.status == 0


def numerical_gradient(f, w, h=1e-6):
    point = [float(v) for v in w]
    grad = []
    for j in range(len(point)):
        up, down = list(point), list(point)
        up[j] += h
        down[j] -= h
        grad.append((f(np.array(up)) - f(np.array(down))) / (up[j] - down[j]))
    return np.array(grad, dtype=float)


def bce_gradient(X, y, w):
    rows, labels, weights = _rows(X), [float(v) for v in y], [float(v) for v in w]
    n, d = len(rows), len(weights)
    grad = [0.0] * d
    for row, label in zip(rows, labels, strict=True):
        z = _dot(row, weights)
        error = -_sigmoid(-z) if label == 1.0 else _sigmoid(z)
        for j in range(d):
            grad[j] += row[j] * error
    return np.array([g / n for g in grad])


def fit_logistic_regression(X, y, l2=0.0):
    rows, labels = _rows(X), [float(v) for v in y]
    n, d = len(rows), len(rows[0])
    margins = [[(2 * label - 1) * v for v in row] for row, label in zip(rows, labels,
                                                                       strict=True)]
    if l2 == 0 and not _balanced(margins, []):
        raise ValueError("the data are separable (no positive weights balance the margins)")

    def objective(w):
        total = 0.0
        for row, label in zip(rows, labels, strict=True):
            z = _dot(row, w)
            total += _softplus(z) - label * z
        return total / n + 0.5 * l2 * _dot(w, w)

    def derivatives(w):
        grad = [l2 * w[j] for j in range(d)]
        hess = [[l2 if i == j else 0.0 for j in range(d)] for i in range(d)]
        for row, label in zip(rows, labels, strict=True):
            p = _sigmoid(_dot(row, w))
            for i in range(d):
                grad[i] += (p - label) * row[i] / n
                for j in range(d):
                    hess[i][j] += p * (1 - p) * row[i] * row[j] / n
        return grad, hess

    return _damped_newton(objective, derivatives, d, "fit_logistic_regression")


def fit_linear_regression_mle(X, y):
    rows, target = _rows(X), [float(v) for v in y]
    n, d = len(rows), len(rows[0])
    gram = [[math.fsum(r[i] * r[j] for r in rows) for j in range(d)] for i in range(d)]
    rhs = [math.fsum(r[i] * t for r, t in zip(rows, target, strict=True)) for i in range(d)]
    w = _solve(gram, rhs)
    rss = math.fsum((t - _dot(r, w)) ** 2 for r, t in zip(rows, target, strict=True))
    return np.array(w), rss / n


def gaussian_prior_penalty(w, tau):
    total = 0.0
    for v in w:
        total += (float(v) / tau) ** 2
    return total / 2


def poisson_regression_gradient(X, y, w):
    rows, counts, weights = _rows(X), [float(v) for v in y], [float(v) for v in w]
    n, d = len(rows), len(weights)
    grad = [0.0] * d
    for row, count in zip(rows, counts, strict=True):
        error = math.exp(_dot(row, weights)) - count
        for j in range(d):
            grad[j] += row[j] * error
    return np.array([g / n for g in grad])


def fit_poisson_regression(X, y, l2=0.0):
    rows, counts = _rows(X), [float(v) for v in y]
    n, d = len(rows), len(rows[0])
    zero = [row for row, count in zip(rows, counts, strict=True) if count == 0]
    other = [row for row, count in zip(rows, counts, strict=True) if count > 0]
    if l2 == 0 and not _balanced(zero, other):
        raise ValueError("the MLE does not exist: some zero counts can be driven to rate 0")

    def objective(w):
        total = 0.0
        for row, count in zip(rows, counts, strict=True):
            z = _dot(row, w)
            if z > 709.78:
                return math.inf
            total += math.exp(z) - count * z
        return total / n + 0.5 * l2 * _dot(w, w)

    def derivatives(w):
        grad = [l2 * w[j] for j in range(d)]
        hess = [[l2 if i == j else 0.0 for j in range(d)] for i in range(d)]
        for row, count in zip(rows, counts, strict=True):
            rate = math.exp(_dot(row, w))
            for i in range(d):
                grad[i] += (rate - count) * row[i] / n
                for j in range(d):
                    hess[i][j] += rate * row[i] * row[j] / n
        return grad, hess

    return _damped_newton(objective, derivatives, d, "fit_poisson_regression")
