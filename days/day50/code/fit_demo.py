r"""Day 50 demo: fitting models by minimising their negative log-likelihood.

Run it from the repository's root::

    python -m days.day50.code.fit_demo                  # every section
    python -m days.day50.code.fit_demo --section newton

Sections:

* **gradient-check** -- the gradient :math:`X^\top(\sigma(Xw) - y)/n` of the mean BCE against
  central and forward differences;
* **logistic** -- gradient descent and Newton's method on generated data: the loss as it falls,
  and the recovered weights against the true ones;
* **linear** -- least squares is the Gaussian MLE; the noise variance with 1/n and 1/(n - d);
* **prior** -- a Gaussian prior on the weights (an L2 penalty) shrinks them;
* **separable** -- on separable data the unpenalised loss keeps falling while the weights grow.

The helpers are importable (the notebook ``days/day50/day50.ipynb`` uses them). Natural logs; a
column of ones in ``X`` plays the intercept; every penalty covers every weight.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import expit

__all__ = [
    "SECTIONS",
    "TRUE_LOGISTIC_WEIGHTS",
    "TRUE_LINEAR_WEIGHTS",
    "NOISE_SIGMA",
    "make_logistic_data",
    "make_linear_data",
    "make_separable_data",
    "mean_bce",
    "mean_bce_gradient",
    "central_differences",
    "forward_differences",
    "gradient_descent",
    "newton_method",
    "least_squares",
    "steps_to_reach",
    "main",
]

#: Generated data of the lesson: an intercept and two features.
TRUE_LOGISTIC_WEIGHTS = (-0.5, 2.0, -1.0)
N_LOGISTIC = 500
TRUE_LINEAR_WEIGHTS = (1.0, 3.0, -2.0)
NOISE_SIGMA = 0.5
N_LINEAR = 50
DEFAULT_SEED = 50
#: Gradient descent's step size (the mean BCE's curvature is at most max eigenvalue(X^T X)/4n).
LEARNING_RATE = 1.0
PRIOR_STRENGTHS = (0.0, 0.01, 0.1, 1.0)

SECTIONS = ("gradient-check", "logistic", "linear", "prior", "separable")
LABEL_WIDTH = 34


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------
def _with_intercept(features: np.ndarray) -> np.ndarray:
    return np.hstack([np.ones((features.shape[0], 1)), features])


def make_logistic_data(n: int = N_LOGISTIC, true_w: Sequence[float] = TRUE_LOGISTIC_WEIGHTS,
                       seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    r"""Labels drawn from a logistic model: :math:`y_i \sim \mathrm{Bernoulli}(\sigma(x_i^\top
    w))`.

    Parameters
    ----------
    n : int
        Number of samples.
    true_w : sequence of float
        The true weights; the first is the intercept, the others multiply standard normal
        features.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    X : numpy.ndarray, shape (n, len(true_w))
        A column of ones, then the features.
    y : numpy.ndarray, shape (n,)
        Labels 0.0 or 1.0.
    """
    rng = np.random.default_rng(seed)
    design = _with_intercept(rng.standard_normal((n, len(true_w) - 1)))
    chance = expit(design @ np.asarray(true_w, dtype=float))
    return design, (rng.random(n) < chance).astype(float)


def make_linear_data(n: int = N_LINEAR, true_w: Sequence[float] = TRUE_LINEAR_WEIGHTS,
                     sigma: float = NOISE_SIGMA,
                     seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    r"""Targets :math:`y_i = x_i^\top w + \varepsilon_i`, :math:`\varepsilon_i \sim
    \mathcal N(0, \sigma^2)`, with features uniform on [-2, 2] and an intercept column."""
    rng = np.random.default_rng(seed)
    design = _with_intercept(rng.uniform(-2.0, 2.0, (n, len(true_w) - 1)))
    noise = sigma * rng.standard_normal(n)
    return design, design @ np.asarray(true_w, dtype=float) + noise


def make_separable_data() -> tuple[np.ndarray, np.ndarray]:
    """Six points on a line, the three left ones labelled 0, the three right ones 1."""
    x = np.array([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0])
    return _with_intercept(x[:, None]), (x > 0).astype(float)


# --------------------------------------------------------------------------------------------
# The loss and its gradient
# --------------------------------------------------------------------------------------------
def mean_bce(X: ArrayLike, y: ArrayLike, w: ArrayLike, l2: float = 0.0) -> float:
    r"""Mean binary cross-entropy of logistic regression plus an optional L2 penalty.

    .. math::

        J(w) = \frac1n \sum_i \bigl[\log(1 + e^{z_i}) - y_i z_i\bigr]
               + \frac{\lambda}{2}\lVert w\rVert^2, \qquad z = Xw

    ``np.logaddexp(0, z)`` is :math:`\log(1 + e^z)` without overflow.
    """
    design, labels, weights = (np.asarray(a, dtype=float) for a in (X, y, w))
    logits = design @ weights
    data_term = np.logaddexp(0.0, logits).mean() - (labels * logits).mean()
    return float(data_term + 0.5 * l2 * np.dot(weights, weights))


def mean_bce_gradient(X: ArrayLike, y: ArrayLike, w: ArrayLike, l2: float = 0.0) -> np.ndarray:
    r"""Gradient of :func:`mean_bce`: :math:`X^\top(\sigma(Xw) - y)/n + \lambda w`."""
    design, labels, weights = (np.asarray(a, dtype=float) for a in (X, y, w))
    errors = expit(design @ weights) - labels
    return np.einsum("ij,i->j", design, errors) / len(labels) + l2 * weights


def _mean_bce_hessian(design: np.ndarray, weights: np.ndarray, l2: float) -> np.ndarray:
    r""":math:`X^\top \mathrm{diag}(p(1 - p)) X / n + \lambda I`."""
    chance = expit(design @ weights)
    curvature = chance * (1.0 - chance)
    return np.einsum("ij,i,ik->jk", design, curvature, design) / len(design) \
        + l2 * np.identity(len(weights))


def central_differences(f: Callable[[np.ndarray], float], w: ArrayLike,
                        h: float = 1e-6) -> np.ndarray:
    r"""Gradient by central differences, :math:`(f(w + h e_j) - f(w - h e_j)) / 2h`: error
    :math:`O(h^2)`."""
    point = np.asarray(w, dtype=float)
    unit = np.identity(point.size) * h
    return np.array([f(point + step) - f(point - step) for step in unit]) / (2.0 * h)


def forward_differences(f: Callable[[np.ndarray], float], w: ArrayLike,
                        h: float = 1e-6) -> np.ndarray:
    r"""Gradient by forward differences, :math:`(f(w + h e_j) - f(w)) / h`: error
    :math:`O(h)`."""
    point = np.asarray(w, dtype=float)
    here = f(point)
    return np.array([f(point + step) - here for step in np.identity(point.size) * h]) / h


# --------------------------------------------------------------------------------------------
# Minimisers
# --------------------------------------------------------------------------------------------
def gradient_descent(X: ArrayLike, y: ArrayLike, steps: int, learning_rate: float = LEARNING_RATE,
                     l2: float = 0.0, start: ArrayLike | None = None) -> np.ndarray:
    r"""Iterates of gradient descent :math:`w_{k+1} = w_k - \eta\,\nabla J(w_k)` on
    :func:`mean_bce`.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, d)
        Row k is :math:`w_k`; row 0 is the start (zeros by default).
    """
    design = np.asarray(X, dtype=float)
    path = [np.zeros(design.shape[1]) if start is None else np.asarray(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * mean_bce_gradient(design, y, path[-1], l2))
    return np.array(path)


def newton_method(X: ArrayLike, y: ArrayLike, steps: int, l2: float = 0.0,
                  start: ArrayLike | None = None) -> np.ndarray:
    r"""Iterates of Newton's method :math:`w_{k+1} = w_k - H(w_k)^{-1}\nabla J(w_k)` on
    :func:`mean_bce` (for logistic regression this is iteratively reweighted least squares).

    Returns
    -------
    numpy.ndarray, shape (steps + 1, d)
        Row k is :math:`w_k`; row 0 is the start (zeros by default).
    """
    design = np.asarray(X, dtype=float)
    path = [np.zeros(design.shape[1]) if start is None else np.asarray(start, dtype=float)]
    for _ in range(steps):
        current = path[-1]
        hessian = _mean_bce_hessian(design, current, l2)
        path.append(current - np.linalg.solve(hessian, mean_bce_gradient(design, y, current, l2)))
    return np.array(path)


def least_squares(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, float, float]:
    r"""Least-squares weights and two estimates of the noise variance.

    Returns
    -------
    w : numpy.ndarray
        :math:`\hat w = (X^\top X)^{-1}X^\top y`, the Gaussian MLE.
    variance_mle : float
        :math:`\lVert y - X\hat w\rVert^2 / n`, the MLE (biased low).
    variance_unbiased : float
        :math:`\lVert y - X\hat w\rVert^2 / (n - d)`.
    """
    design, target = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    q, r = np.linalg.qr(design)
    fitted_w = np.linalg.solve(r, q.T @ target)
    squared_residuals = np.square(target - design @ fitted_w).sum()
    rows, cols = design.shape
    return fitted_w, float(squared_residuals / rows), float(squared_residuals / (rows - cols))


# --------------------------------------------------------------------------------------------
# The printed report
# --------------------------------------------------------------------------------------------
def _heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def _vector(values: ArrayLike, digits: int = 6) -> str:
    return "[" + ", ".join(f"{v:{digits + 4}.{digits}f}" for v in np.asarray(values)) + "]"


def _row(label: str, text: str) -> None:
    print(f"  {label:<{LABEL_WIDTH}}{text}")


def report_gradient_check(seed: int = DEFAULT_SEED) -> None:
    """Print the analytic gradient of the mean BCE next to its finite-difference estimates."""
    X, y = make_logistic_data(seed=seed)
    w = np.array([0.3, -0.2, 0.8])
    _heading(f"1. Gradient check: mean BCE of {len(y)} samples at w = {_vector(w, 1)}")
    exact = mean_bce_gradient(X, y, w)
    _row("X^T (sigma(Xw) - y) / n", _vector(exact, 12))
    print(f"  {'step h':<8}{'central: max |error|':>24}{'forward: max |error|':>24}")
    for h in (1e-2, 1e-4, 1e-6):
        central = central_differences(lambda v: mean_bce(X, y, v), w, h)
        forward = forward_differences(lambda v: mean_bce(X, y, v), w, h)
        print(f"  {h:<8.0e}{np.abs(central - exact).max():>24.2e}"
              f"{np.abs(forward - exact).max():>24.2e}")
    print("  Central errors shrink like h^2, forward ones like h (until rounding, ~1e-16 / h).")


def report_logistic(seed: int = DEFAULT_SEED) -> None:
    """Print the loss of gradient descent and Newton's method as they fall, and the weights."""
    X, y = make_logistic_data(seed=seed)
    _heading(f"2. Logistic regression: {len(y)} samples, true w = {list(TRUE_LOGISTIC_WEIGHTS)}")
    newton = newton_method(X, y, steps=8)
    best = mean_bce(X, y, newton[-1])
    descent = gradient_descent(X, y, steps=1000)
    print(f"  {'iteration':>9}  {'gradient descent J(w)':>24}  {'Newton J(w)':>24}")
    for k in (0, 1, 2, 3, 4, 5, 6, 10, 100, 1000):
        newton_loss = f"{mean_bce(X, y, newton[k]):24.15f}" if k < len(newton) else ""
        print(f"  {k:>9}  {mean_bce(X, y, descent[k]):24.15f}  {newton_loss:>24}".rstrip())
    _row("minimum J(w*) (Newton, 8 steps)", f"{best:.15f}")
    _row("gradient descent within 1e-9", f"after {steps_to_reach(X, y, descent, best, 1e-9)} "
                                          "steps")
    _row("true weights", _vector(TRUE_LOGISTIC_WEIGHTS))
    _row("Newton's weights (the MLE)", _vector(newton[-1]))
    _row("gradient descent, 1000 steps", _vector(descent[-1]))
    print("  Newton's method reaches the minimum to 15 digits in 6 steps; gradient descent at a")
    print("  fixed step of 1 needs a couple of hundred. Both find the same MLE, which misses the")
    print("  true weights by sampling noise (about 1/sqrt(n)), not by optimisation error.")


def steps_to_reach(X: ArrayLike, y: ArrayLike, path: np.ndarray, best: float,
                   gap: float) -> int:
    """The first iteration of ``path`` whose loss is within ``gap`` of ``best``."""
    losses = np.array([mean_bce(X, y, w) for w in path])
    return int(np.flatnonzero(losses - best < gap)[0])


def report_linear(seed: int = DEFAULT_SEED) -> None:
    """Print the least-squares weights and the noise variance estimated two ways."""
    X, y = make_linear_data(seed=seed)
    rows, cols = X.shape
    _heading(f"3. Linear regression: {rows} samples, true w = {list(TRUE_LINEAR_WEIGHTS)}, "
             f"sigma = {NOISE_SIGMA}")
    fitted_w, variance_mle, variance_unbiased = least_squares(X, y)
    _row("least squares = Gaussian MLE", _vector(fitted_w))
    _row("true noise variance sigma^2", f"{NOISE_SIGMA**2:.6f}")
    _row("MLE  RSS / n", f"{variance_mle:.6f}")
    _row(f"unbiased  RSS / (n - d), d = {cols}", f"{variance_unbiased:.6f}")
    print("  Maximising the likelihood over sigma^2 gives RSS / n: the mean squared residual.")


def report_prior(seed: int = DEFAULT_SEED) -> None:
    """Print the MAP weights for a few prior strengths."""
    X, y = make_logistic_data(n=40, seed=seed)
    _heading("4. A Gaussian prior N(0, tau^2 I) = an L2 penalty l2 = 1 / (n tau^2), n = 40")
    print(f"  {'l2':>6}  {'tau':>9}  {'MAP weights':<36}  {'||w||':>8}")
    for l2 in PRIOR_STRENGTHS:
        fitted = newton_method(X, y, steps=25, l2=l2)[-1]
        tau = "inf" if l2 == 0 else f"{1 / np.sqrt(len(y) * l2):.4f}"
        print(f"  {l2:>6g}  {tau:>9}  {_vector(fitted):<36}  {np.linalg.norm(fitted):8.4f}")
    print("  A stronger prior (smaller tau) pulls every weight towards 0.")


def report_separable() -> None:
    """Print the loss and weights of gradient descent on separable data, with and without L2."""
    X, y = make_separable_data()
    _heading("5. Separable data: x = [-3, -2, -1, 1, 2, 3], y = [0, 0, 0, 1, 1, 1]")
    free = gradient_descent(X, y, steps=10_000)
    held = gradient_descent(X, y, steps=10_000, l2=0.01)
    print(f"  {'steps':>6}  {'J(w), l2 = 0':>14}  {'slope, l2 = 0':>14}  "
          f"{'J(w), l2 = 0.01':>16}  {'slope, l2 = 0.01':>17}")
    for k in (10, 100, 1000, 10_000):
        print(f"  {k:>6}  {mean_bce(X, y, free[k]):14.3e}  {free[k][1]:14.4f}  "
              f"{mean_bce(X, y, held[k], 0.01):16.6f}  {held[k][1]:17.4f}")
    print("  Without a penalty the loss tends to 0 and the slope to infinity: no MLE exists.")
    print("  With l2 = 0.01 the penalised loss has a minimum and the slope settles.")


REPORTS: dict[str, Callable[..., None]] = {
    "gradient-check": report_gradient_check,
    "logistic": report_logistic,
    "linear": report_linear,
    "prior": report_prior,
    "separable": report_separable,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the chosen sections (all by default); return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m days.day50.code.fit_demo",
        description="Day 50: fit logistic and linear regression by minimising the NLL.")
    parser.add_argument("--section", choices=SECTIONS, action="append",
                        help="print only this section (repeatable); default: all")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="seed of the generated data (default: %(default)s)")
    args = parser.parse_args(argv)
    print("Day 50 - Fitting by minimising the negative log-likelihood")
    for name in args.section or SECTIONS:
        report = REPORTS[name]
        report() if name == "separable" else report(seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
