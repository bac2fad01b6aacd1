"""A correct Day 52 written the plain way: Python lists, ``math`` and loops.

The fairness tests grade it and require full points. The normal quantile comes from bisecting
the normal CDF written with ``math.erf`` (no library quantile), the likelihood-ratio ends from
bisection, the inverse information from Gauss-Jordan elimination, and the coverage loop calls
the interval function once per simulated data set. Only the standard errors are turned into
the NumPy array the docstring asks for, and the counts are drawn as the docstring says.
"""

import math

import numpy as np


def _normal_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _z(level):
    """Phi^-1((1 + level) / 2) by bisection on the CDF, until the floats run out."""
    target = (1.0 + level) / 2.0
    low, high = 0.0, 40.0
    while True:
        middle = (low + high) / 2.0
        if middle in (low, high):
            return middle
        if _normal_cdf(middle) < target:
            low = middle
        else:
            high = middle


def fisher_information_bernoulli(theta, n=1):
    total = 0.0
    for _ in range(int(n)):  # each independent trial adds 1 / (theta (1 - theta))
        total += 1.0 / theta + 1.0 / (1.0 - theta)
    return total


def observed_information(loglik, theta, h=1e-4):
    values = [loglik(theta + h), loglik(theta), loglik(theta - h)]
    return -(values[0] - 2.0 * values[1] + values[2]) / (h * h)


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _inverse(matrix):
    """Gauss-Jordan elimination with partial pivoting, on a copy."""
    d = len(matrix)
    rows = [list(row) + [1.0 if i == j else 0.0 for j in range(d)]
            for i, row in enumerate(matrix)]
    for col in range(d):
        pivot = max(range(col, d), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [v / lead for v in rows[col]]
        for r in range(d):
            if r != col:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [row[d:] for row in rows]


def standard_errors_logistic(X, y, w):
    rows = [[float(v) for v in row] for row in X]
    weights = [float(v) for v in w]
    d = len(weights)
    info = [[0.0] * d for _ in range(d)]
    for row in rows:
        z = sum(a * b for a, b in zip(row, weights, strict=True))
        s = _sigmoid(z) * _sigmoid(-z)
        for a in range(d):
            for b in range(d):
                info[a][b] += s * row[a] * row[b]
    inverse = _inverse(info)
    return np.array([math.sqrt(inverse[j][j]) for j in range(d)])


def wald_interval(k, n, level=0.95):
    p = k / n
    half = _z(level) * math.sqrt(p * (1.0 - p) / n)
    return (p - half, p + half)


def wilson_interval(k, n, level=0.95):
    z = _z(level)
    p = k / n
    # The roots of (1 + z^2/n) t^2 - (2p + z^2/n) t + p^2 = 0, the squared score test.
    a = 1.0 + z * z / n
    b = -(2.0 * p + z * z / n)
    c = p * p
    root = math.sqrt(max(b * b - 4.0 * a * c, 0.0))
    return ((-b - root) / (2.0 * a), (-b + root) / (2.0 * a))


def likelihood_ratio_interval(k, n, level=0.95):
    cut = _z(level) ** 2
    p = k / n

    def loglik(t):
        total = 0.0
        if k > 0:
            total += k * math.log(t) if t > 0 else -math.inf
        if n - k > 0:
            total += (n - k) * math.log(1.0 - t) if t < 1 else -math.inf
        return total

    peak = loglik(p)

    def bisect(inside, outside):
        for _ in range(200):
            middle = (inside + outside) / 2.0
            if 2.0 * (peak - loglik(middle)) <= cut:
                inside = middle
            else:
                outside = middle
        return inside

    low = 0.0 if k == 0 else bisect(p, 0.0)
    high = 1.0 if k == n else bisect(p, 1.0)
    return (low, high)


def coverage(interval_fn, theta, n, trials, seed):
    counts = np.random.default_rng(seed).binomial(n, theta, size=trials)
    covered = 0
    for k in counts.tolist():
        low, high = interval_fn(k, n)
        if low <= theta and theta <= high:
            covered += 1
    return covered / trials
