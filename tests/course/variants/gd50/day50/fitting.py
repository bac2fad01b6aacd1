"""A correct Day 50 whose logistic fit is plain gradient descent (a step of 1 / L, where L
bounds the curvature), stopped when the gradient is tiny. Separable data are noticed by the
loss, which on them keeps falling towards 0 instead of levelling off."""

import numpy as np

from solutions.day50.fitting import (  # noqa: F401
    bce_gradient,
    fit_linear_regression_mle,
    gaussian_prior_penalty,
    numerical_gradient,
)


def fit_logistic_regression(X, y, l2=0.0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    step = 1.0 / (np.linalg.eigvalsh(X.T @ X / n).max() / 4 + l2)
    w = np.zeros(d)
    for k in range(1_000_000):
        z = X @ w
        g = X.T @ (1 / (1 + np.exp(-z)) - y) / n + l2 * w
        if np.abs(g).max() < 1e-11:
            return w
        if l2 == 0 and k % 1000 == 0 and np.mean(np.logaddexp(0, z) - y * z) < 1e-3:
            raise ValueError("the data look separable")
        w = w - step * g
    raise ValueError("no convergence: are the data separable?")
