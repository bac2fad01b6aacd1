r"""Day 50 demo: fitting models by minimising their negative log-likelihood.

Run it from the repository's root::

    python -m days.day50.code.fit_demo                  # every section
    python -m days.day50.code.fit_demo --section newton

Sections:

* **gradient-check** -- the gradient :math:`X^\top(\sigma(Xw) - y)/n` of the mean BCE against
  central and forward differences;
* **logistic** -- gradient descent and Newton's method on generated data: the loss as it falls,
  the recovered weights against the true ones with their standard errors, and Newton's full
  step diverging from a far start where the damped (backtracking) step converges;
* **linear** -- least squares is the Gaussian MLE; the noise variance with 1/n and 1/(n - d);
* **prior** -- a Gaussian prior on the weights (an L2 penalty) shrinks them;
* **separable** -- on separable data the unpenalised loss keeps falling while the weights grow;
  on quasi-separated data it levels off above 0 while they still grow;
* **damping** -- an intercept-only Poisson fit to counts near 1000: the full Newton step from 0
  overflows, the damped one does not.

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
    "make_quasi_separated_data",
    "mean_bce",
    "mean_bce_gradient",
    "central_differences",
    "forward_differences",
    "gradient_descent",
    "newton_method",
    "standard_errors",
    "poisson_intercept_path",
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
#: A start from which Newton's full steps diverge on the lesson's data, while damped ones
#: converge.
FAR_START = (0.0, 5.0, 0.0)
#: Armijo's constant: a damped step must lower J by this fraction of the predicted decrease.
ARMIJO = 1e-4
#: Below this fraction of J a predicted decrease is lost in J's rounding, and is not tested.
ROUNDING = 1e-13
#: Counts near 1000 for the Poisson example of damping (their mean is 1000).
COUNTS = (990.0, 1010.0, 1000.0, 995.0, 1005.0)

SECTIONS = ("gradient-check", "logistic", "linear", "prior", "separable", "damping")
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


def make_quasi_separated_data() -> tuple[np.ndarray, np.ndarray]:
    """x = [-1, 0, 0, 1], y = [0, 0, 1, 1]: the slope separates all but the two points at 0,
    which carry both labels (quasi-complete separation)."""
    x = np.array([-1.0, 0.0, 0.0, 1.0])
    return _with_intercept(x[:, None]), np.array([0.0, 0.0, 1.0, 1.0])


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
    r"""Gradient of :func:`mean_bce`: :math:`X^\top(\sigma(Xw) - y)/n + \lambda w`.

    The residual :math:`\sigma(z) - y` is formed by subtraction. That is accurate enough to walk
    downhill, but for a confident right answer (y = 1, z = 40) it gives 0 instead of
    :math:`-\sigma(-40) = -4.2 \cdot 10^{-18}`: no relative accuracy is left.
    """
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
                  start: ArrayLike | None = None, damped: bool = True) -> np.ndarray:
    r"""Iterates of Newton's method :math:`w_{k+1} = w_k - t_k H(w_k)^{-1}\nabla J(w_k)` on
    :func:`mean_bce` (for logistic regression this is iteratively reweighted least squares).

    Damped (the default), :math:`t_k` starts at 1 and is halved until :math:`J` falls by at
    least ``ARMIJO`` times the decrease the quadratic model predicts (a backtracking line
    search), or until that decrease is too small for the rounding of :math:`J` to show;
    undamped, :math:`t_k = 1` always. Near the minimum the full step passes the test,
    so both converge quadratically there; far from it only the damped one is safe.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, d)
        Row k is :math:`w_k`; row 0 is the start (zeros by default). An undamped run that
        overflows keeps its non-finite rows.
    """
    design = np.asarray(X, dtype=float)
    path = [np.zeros(design.shape[1]) if start is None else np.asarray(start, dtype=float)]
    for _ in range(steps):
        current = path[-1]
        gradient = mean_bce_gradient(design, y, current, l2)
        with np.errstate(all="ignore"):
            try:
                step = np.linalg.solve(_mean_bce_hessian(design, current, l2), gradient)
            except np.linalg.LinAlgError:
                step = np.full_like(current, np.nan)
        t = 1.0
        if damped:
            here, predicted = mean_bce(design, y, current, l2), float(gradient @ step)
            # Halve until J falls by ARMIJO of the predicted decrease, unless that decrease is
            # too small for J's rounding (about 1e-16 J) to show: then trust the full step.
            while (mean_bce(design, y, current - t * step, l2) > here - ARMIJO * t * predicted
                   and t * predicted > ROUNDING * (1.0 + abs(here))):
                t /= 2.0
        path.append(current - t * step)
    return np.array(path)


def standard_errors(X: ArrayLike, w: ArrayLike) -> np.ndarray:
    r"""Standard errors of logistic regression's MLE from the Fisher information.

    The observed information of the total NLL is :math:`X^\top S X`,
    :math:`S = \operatorname{diag}(p_i(1 - p_i))`; for large n the MLE is approximately normal
    with covariance its inverse, and the standard errors are the square roots of that
    inverse's diagonal.
    """
    design, weights = np.asarray(X, dtype=float), np.asarray(w, dtype=float)
    chance = expit(design @ weights)
    information = np.einsum("ij,i,ik->jk", design, chance * (1.0 - chance), design)
    return np.sqrt(np.diag(np.linalg.inv(information)))


def poisson_intercept_path(counts: Sequence[float] = COUNTS, steps: int = 8,
                           damped: bool = True) -> list[tuple[float, float]]:
    r"""Newton's method on :math:`J(b) = e^b - \bar y\, b`, the mean Poisson NLL of an
    intercept-only model (without its constant), from :math:`b = 0`.

    :math:`J'(b) = e^b - \bar y` and :math:`J''(b) = e^b`, so the full step is
    :math:`b \leftarrow b - 1 + \bar y e^{-b}`: from 0 it lands at :math:`\bar y - 1`.

    Returns
    -------
    list of (float, float)
        ``(t_k, b_k)`` for k = 1..steps: the step fraction taken and the iterate (``inf`` once
        an undamped run has overflowed).
    """
    mean = float(np.mean(counts))

    def loss(b: float) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(np.exp(b) - mean * b)

    b, path = 0.0, []
    for _ in range(steps):
        with np.errstate(over="ignore", invalid="ignore"):
            step = float((np.exp(b) - mean) / np.exp(b))
        t = 1.0
        if damped:
            while loss(b - t * step) > loss(b) - ARMIJO * t * step * (np.exp(b) - mean):
                t /= 2.0
        b = b - t * step
        path.append((t, b))
    return path


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
    errors = standard_errors(X, newton[-1])
    _row("standard errors (Fisher)", _vector(errors))
    misses = (newton[-1] - TRUE_LOGISTIC_WEIGHTS) / errors
    _row("(MLE - true) / standard error", "[" + ", ".join(f"{v:.2g}" for v in misses) + "]")
    print("  Newton's method reaches the minimum to 15 digits in 6 steps; gradient descent at a")
    print("  fixed step of 1 needs a couple of hundred. Both find the same MLE, which misses the")
    print("  true weights by sampling noise, of the size of the standard errors, not by")
    print(f"  optimisation error. (1/sqrt(n) = {1 / np.sqrt(len(y)):.3f} says only how the "
          "errors shrink with n.)")
    print()
    start = np.array(FAR_START)
    full = newton_method(X, y, steps=3, start=start, damped=False)
    damped = newton_method(X, y, steps=3, start=start)
    print(f"  From w = {list(FAR_START)}: J after each Newton step")
    print(f"  {'step':>9}  {'full steps':>14}  {'damped steps':>14}")
    for k in range(4):
        print(f"  {k:>9}  {mean_bce(X, y, full[k]):14.6g}  {mean_bce(X, y, damped[k]):14.6f}")
    print("  The full step overshoots further each time (the next one overflows); halving it")
    print("  until J falls enough (a backtracking line search) reaches the same minimum.")


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
    """Print the loss and weights of gradient descent on separable data, with and without L2,
    and on quasi-separated data."""
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
    print()
    Xq, yq = make_quasi_separated_data()
    quasi = gradient_descent(Xq, yq, steps=10_000)
    print("  Quasi-separated: x = [-1, 0, 0, 1], y = [0, 0, 1, 1]")
    print(f"  {'steps':>6}  {'J(w), l2 = 0':>14}  {'slope':>14}")
    for k in (10, 100, 1000, 10_000):
        print(f"  {k:>6}  {mean_bce(Xq, yq, quasi[k]):14.6f}  {quasi[k][1]:14.4f}")
    print(f"  The loss levels off at (1/2) log 2 = {0.5 * np.log(2):.6f}, not 0, while the slope")
    print("  still grows: no MLE, and no small loss to give it away.")


def report_damping() -> None:
    """Print Newton's method, full and damped, on an intercept-only Poisson fit."""
    mean = float(np.mean(COUNTS))
    _heading(f"6. Damping: an intercept-only Poisson fit to counts {list(COUNTS)}")
    full = poisson_intercept_path(damped=False, steps=1)
    print(f"  J(b) = e^b - {mean:g} b. The full Newton step from b = 0 lands at "
          f"b = {full[0][1]:g}, where e^b overflows.")
    print(f"  {'step':>6}  {'fraction t':>12}  {'b':>20}")
    for k, (t, b) in enumerate(poisson_intercept_path(), start=1):
        print(f"  {k:>6}  {t:>12g}  {b:20.15f}")
    print(f"  The damped steps reach log({mean:g}) = {np.log(mean):.15f}.")


REPORTS: dict[str, Callable[..., None]] = {
    "gradient-check": report_gradient_check,
    "logistic": report_logistic,
    "linear": report_linear,
    "prior": report_prior,
    "separable": report_separable,
    "damping": report_damping,
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
        report() if name in ("separable", "damping") else report(seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
