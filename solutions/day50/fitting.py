"""Day 50 exercises: fitting a model by minimising its negative log-likelihood.

Day 48 turned noise models into losses; here we minimise them. Logistic regression has no
closed form, so we need its gradient (and check it numerically); linear regression with
Gaussian noise has one (least squares); a prior on the weights adds a penalty (MAP).

Conventions, for every function in this module:

* ``X`` is a design matrix of shape ``(n, d)``: one row per sample, one column per feature.
  There is no separate intercept: to fit one, give ``X`` a column of ones. Its weight is an
  ordinary weight (and it is penalised like every other weight, see
  :func:`fit_logistic_regression`).
* ``y`` has shape ``(n,)``: labels 0 or 1 for logistic regression, real targets for linear
  regression. ``w`` has shape ``(d,)``.
* Inputs are array-likes (lists or NumPy arrays). Vectors come back as NumPy float arrays of
  shape ``(d,)``, numbers as Python ``float``.
* Logarithms are natural logarithms; :math:`\\sigma(z) = 1 / (1 + e^{-z})` is the sigmoid.
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Tolerances used by the grader:

* ``bce_gradient``, ``gaussian_prior_penalty`` and ``fit_linear_regression_mle``: relative error
  ``1e-9`` (absolute ``1e-12`` for entries whose exact value is 0), entry by entry.
* ``numerical_gradient``: relative error ``1e-7`` (absolute ``1e-9``) against the exact
  central difference; forward differences, whose error is of order ``h``, are off by far more.
* ``fit_logistic_regression``: every weight within ``1e-6`` of the exact minimiser (absolute,
  or relative for weights larger than 1). Newton's method reaches that in a few steps; plain
  gradient descent needs many thousands.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "numerical_gradient",
    "bce_gradient",
    "fit_logistic_regression",
    "fit_linear_regression_mle",
    "gaussian_prior_penalty",
]


# --------------------------------------------------------------------------------------------
# Input checks (given: keep them).
# --------------------------------------------------------------------------------------------
def _as_float_array(values: ArrayLike, name: str, ndim: int) -> np.ndarray:
    """Return ``values`` as a finite float array of ``ndim`` dimensions, none of them empty."""
    try:
        array = np.array(values, dtype=float)  # a copy: the caller's array is never changed
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of numbers ({error})") from None
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape})")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite (it holds nan or inf)")
    return array


def _check_design(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """``X`` of shape (n, d) and ``y`` of shape (n,), both finite."""
    design = _as_float_array(X, "X", 2)
    target = _as_float_array(y, "y", 1)
    if target.shape[0] != design.shape[0]:
        raise ValueError(f"X and y must have the same number of rows: X has {design.shape[0]}, "
                         f"y has {target.shape[0]}")
    return design, target


def _check_weights(w: ArrayLike, d: int | None = None) -> np.ndarray:
    weights = _as_float_array(w, "w", 1)
    if d is not None and weights.shape[0] != d:
        raise ValueError(f"w must have one weight per column of X ({d}), got {weights.shape[0]}")
    return weights


def _check_labels(y: np.ndarray) -> np.ndarray:
    outside = ~np.isin(y, (0.0, 1.0))
    if outside.any():
        raise ValueError(f"y must hold labels 0 or 1, found {y[outside][0]!r}")
    return y


def _check_bce(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> tuple[np.ndarray, np.ndarray,
                                                                   np.ndarray]:
    design, labels = _check_design(X, y)
    return design, _check_labels(labels), _check_weights(w, design.shape[1])


def _check_full_rank(X: np.ndarray, why: str) -> None:
    rank = np.linalg.matrix_rank(X)
    if rank < X.shape[1]:
        raise ValueError(f"X must have linearly independent columns {why}; its {X.shape[1]} "
                         f"columns have rank {rank}")


def _check_logistic(X: ArrayLike, y: ArrayLike, l2: float) -> tuple[np.ndarray, np.ndarray,
                                                                      float]:
    design, labels = _check_design(X, y)
    _check_labels(labels)
    try:
        strength = float(l2)
    except (TypeError, ValueError):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}") from None
    if not (np.isfinite(strength) and strength >= 0.0):
        raise ValueError(f"l2 must be a finite number >= 0, got {l2!r}")
    if strength == 0.0:
        _check_full_rank(design, "when l2 == 0 (otherwise the minimiser is not unique)")
    return design, labels, strength


def _check_linear(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    design, target = _check_design(X, y)
    n, d = design.shape
    if n <= d:
        raise ValueError(f"X must have more rows than columns to estimate the noise: got {n} "
                         f"rows and {d} columns")
    _check_full_rank(design, "(otherwise least squares has many solutions)")
    return design, target


def _check_step(h: float) -> float:
    try:
        step = float(h)
    except (TypeError, ValueError):
        raise ValueError(f"h must be a number > 0, got {h!r}") from None
    if not (np.isfinite(step) and step > 0.0):
        raise ValueError(f"h must be a finite number > 0, got {h!r}")
    return step


def _check_tau(tau: float) -> float:
    try:
        scale = float(tau)
    except (TypeError, ValueError):
        raise ValueError(f"tau must be a number > 0, got {tau!r}") from None
    if not (np.isfinite(scale) and scale > 0.0):
        raise ValueError(f"tau is the prior's standard deviation: it must be finite and > 0, "
                         f"got {tau!r}")
    return scale


def _check_gradient(f: object, w: ArrayLike,
                    h: float) -> tuple[Callable[[np.ndarray], float], np.ndarray, float]:
    if not callable(f):
        raise ValueError(f"f must be a function of w, got a {type(f).__name__}")
    return f, _check_weights(w), _check_step(h)  # type: ignore[return-value]


def _check_prior(w: ArrayLike, tau: float) -> tuple[np.ndarray, float]:
    return _check_weights(w), _check_tau(tau)


# --------------------------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------------------------
def numerical_gradient(f: Callable[[np.ndarray], float], w: ArrayLike,
                       h: float = 1e-6) -> np.ndarray:
    r"""Gradient of ``f`` at ``w`` by central differences.

    .. math::

        g_j = \frac{f(w + h\,e_j) - f(w - h\,e_j)}{2h}, \qquad j = 1, \dots, d

    where :math:`e_j` is the j-th unit vector. Its error is of order :math:`h^2` (forward
    differences, :math:`(f(w + h e_j) - f(w)) / h`, are only of order :math:`h`).

    Parameters
    ----------
    f : callable
        A function of one argument, a float array of shape ``(d,)``, returning a number.
    w : array_like, shape (d,)
        The point where the gradient is wanted.
    h : float, default 1e-6
        The step, > 0, the same for every coordinate.

    Returns
    -------
    numpy.ndarray, shape (d,)
        The central differences, floats. ``w`` itself is left unchanged (work on copies), and
        ``f`` is called with float arrays even when ``w`` holds integers.

    Raises
    ------
    ValueError
        If ``f`` is not callable, ``w`` is not a non-empty finite 1-D array, or ``h <= 0``.

    Examples
    --------
    >>> numerical_gradient(lambda v: float(v[0] ** 3 + v[1] ** 3), [1.0, 2.0], h=1e-3)
    ... # for a cubic the central difference is exactly 3 w**2 + h**2
    array([ 3.000001, 12.000001])
    """
    objective, point, step = _check_gradient(f, w, h)
    ### BEGIN SOLUTION
    grad = np.empty_like(point)
    for j in range(point.size):
        shift = np.zeros_like(point)
        shift[j] = step
        grad[j] = (float(objective(point + shift)) - float(objective(point - shift))) / (2 * step)
    return grad
    ### END SOLUTION


def bce_gradient(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> np.ndarray:
    r"""Gradient of the mean binary cross-entropy of logistic regression.

    With :math:`p = \sigma(Xw)`, the loss
    :math:`J(w) = -\frac1n \sum_i [\,y_i \log p_i + (1 - y_i)\log(1 - p_i)\,]` has gradient

    .. math::

        \nabla J(w) = \frac{1}{n} X^\top \bigl(\sigma(Xw) - y\bigr)

    Parameters
    ----------
    X : array_like, shape (n, d)
        The design matrix.
    y : array_like, shape (n,)
        Labels, each 0 or 1.
    w : array_like, shape (d,)
        The weights.

    Returns
    -------
    numpy.ndarray, shape (d,)
        The gradient of the **mean** loss (divide by n), pointing uphill: prediction minus
        label, :math:`\sigma - y`. It must stay finite for logits :math:`Xw` as large as
        :math:`\pm 1000`, where ``np.exp`` of the logit overflows.

    Raises
    ------
    ValueError
        If the shapes disagree, an entry is not finite, or a label is not 0 or 1.

    Examples
    --------
    >>> bce_gradient([[1.0, 2.0], [1.0, -1.0]], [1, 0], [0.0, 0.0])  # sigma(0) = 1/2
    array([ 0.  , -0.75])
    """
    A, labels, weights = _check_bce(X, y, w)
    ### BEGIN SOLUTION
    z = A @ weights
    # 1 / (1 + e^{-z}) written as exp(-log(1 + e^{-z})): logaddexp never overflows.
    prob = np.exp(-np.logaddexp(0.0, -z))
    return A.T @ (prob - labels) / A.shape[0]
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------
def fit_logistic_regression(X: ArrayLike, y: ArrayLike, l2: float = 0.0) -> np.ndarray:
    r"""Weights of logistic regression: the MLE, or the MAP estimate with an L2 penalty.

    Minimises the mean binary cross-entropy plus half ``l2`` times the squared norm of **every**
    weight (an intercept column of ones in ``X`` is penalised like the others):

    .. math::

        J(w) = \frac1n \sum_{i=1}^n \Bigl[\log\bigl(1 + e^{z_i}\bigr) - y_i z_i\Bigr]
               + \frac{\lambda}{2}\,\lVert w\rVert^2,
        \qquad z = Xw,\ \lambda = \texttt{l2}

    This is the MAP estimate under the prior :math:`w \sim \mathcal N(0, \tau^2 I)` with
    :math:`\lambda = 1 / (n\tau^2)`, and scikit-learn's ``LogisticRegression(C=1 / (n * l2),
    fit_intercept=False)``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        The design matrix (add a column of ones for an intercept). With ``l2 == 0`` its columns
        must be linearly independent.
    y : array_like, shape (n,)
        Labels, each 0 or 1.
    l2 : float, default 0.0
        The penalty's strength :math:`\lambda \ge 0`; 0 gives the maximum-likelihood estimate.

    Returns
    -------
    numpy.ndarray, shape (d,)
        The minimiser of :math:`J`, each weight within ``1e-6`` of the exact one.

    Raises
    ------
    ValueError
        If the input is malformed (the shapes disagree, a label is not 0 or 1, ``l2 < 0``, or
        ``l2 == 0`` with dependent columns), and also when ``l2 == 0`` and the data are
        **separable**: some weights put every label on its own side
        (:math:`(2y_i - 1)\, x_i^\top w \ge 0` for all i, with some :math:`x_i^\top w \ne 0`).
        The loss then keeps falling as the weights grow, so the MLE does not exist; the message
        must contain the word "separable". Your function must return or raise in a few
        seconds: do not loop until the loss reaches 0. (Ways to notice: on separable data the
        loss keeps falling towards 0, while on other data it levels off at the positive
        minimum, so a loss below, say, 1e-3 is a sign; or a linear program such as
        ``scipy.optimize.linprog`` finds separating weights.)

    Examples
    --------
    >>> X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
    >>> fit_logistic_regression(X, [0, 1, 0, 1]).round(6)
    array([-1.362276,  0.908184])
    """
    A, labels, lam = _check_logistic(X, y, l2)
    ### BEGIN SOLUTION
    n, d = A.shape
    if lam == 0.0:
        from scipy.optimize import linprog

        # Maximise the total margin over separating directions in a box: it is 0 unless some
        # w != 0 has every margin >= 0, i.e. unless the data are (quasi-)separable.
        margins = (2.0 * labels - 1.0)[:, None] * A
        found = linprog(-margins.sum(axis=0), A_ub=-margins, b_ub=np.zeros(n),
                        bounds=[(-1.0, 1.0)] * d, method="highs")
        if found.status == 0 and -found.fun > 1e-7 * np.abs(margins).sum():
            raise ValueError("the data are separable: the loss keeps falling as the weights "
                             "grow, so the MLE does not exist; use l2 > 0")

    def objective(v: np.ndarray) -> float:
        z = A @ v
        return float(np.mean(np.logaddexp(0.0, z) - labels * z) + 0.5 * lam * (v @ v))

    w = np.zeros(d)
    for _ in range(200):
        p = np.exp(-np.logaddexp(0.0, -(A @ w)))
        grad = A.T @ (p - labels) / n + lam * w
        hess = (A.T * (p * (1.0 - p))) @ A / n + lam * np.eye(d)
        step = np.linalg.solve(hess, grad)
        # Newton's step with backtracking, so that every step lowers J.
        t, current = 1.0, objective(w)
        while objective(w - t * step) > current - 1e-4 * t * (grad @ step) and t > 1e-10:
            t /= 2.0
        w = w - t * step
        if np.max(np.abs(t * step)) < 1e-13 * (1.0 + np.max(np.abs(w))):
            break
    return w
    ### END SOLUTION


def fit_linear_regression_mle(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, float]:
    r"""Maximum-likelihood fit of linear regression with Gaussian noise.

    The model :math:`y_i = x_i^\top w + \varepsilon_i`, :math:`\varepsilon_i \sim
    \mathcal N(0, \sigma^2)`, has maximum-likelihood estimates

    .. math::

        \hat w = \arg\min_w \lVert y - Xw\rVert^2 = (X^\top X)^{-1} X^\top y,
        \qquad
        \hat\sigma^2 = \frac1n \sum_{i=1}^n \bigl(y_i - x_i^\top \hat w\bigr)^2

    Parameters
    ----------
    X : array_like, shape (n, d)
        The design matrix (add a column of ones for an intercept), with ``n > d`` rows and
        linearly independent columns.
    y : array_like, shape (n,)
        The targets.

    Returns
    -------
    tuple of (numpy.ndarray of shape (d,), float)
        ``(w, sigma2)``: the least-squares weights and the MLE of the noise **variance**
        :math:`\hat\sigma^2` (divide by n: not by n - d or n - 1, and no square root).

    Raises
    ------
    ValueError
        If the shapes disagree, an entry is not finite, ``n <= d``, or the columns of ``X``
        are linearly dependent.

    Examples
    --------
    >>> w, sigma2 = fit_linear_regression_mle([[1, 0], [1, 1], [1, 2], [1, 3]], [1, 3, 2, 5])
    >>> w.round(12), round(sigma2, 12)
    (array([1.1, 1.1]), 0.675)
    """
    A, target = _check_linear(X, y)
    ### BEGIN SOLUTION
    w, *_ = np.linalg.lstsq(A, target, rcond=None)
    residual = target - A @ w
    return w, float(residual @ residual / A.shape[0])
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Priors
# --------------------------------------------------------------------------------------------
def gaussian_prior_penalty(w: ArrayLike, tau: float) -> float:
    r"""Negative log of the isotropic Gaussian prior :math:`\mathcal N(0, \tau^2 I)`, without
    its constant.

    .. math::

        -\log p(w) = \frac{\lVert w\rVert^2}{2\tau^2}
                     + \underbrace{\tfrac d2 \log(2\pi\tau^2)}_{\text{dropped}}

    The dropped term does not depend on ``w``, so it does not move the MAP estimate. Added to
    the total NLL of logistic regression and divided by n, this penalty is the L2 term of
    :func:`fit_logistic_regression` with ``l2 = 1 / (n * tau**2)``.

    Parameters
    ----------
    w : array_like, shape (d,)
        The weights.
    tau : float
        The prior's **standard deviation** (not its variance), > 0.

    Returns
    -------
    float
        :math:`\lVert w\rVert^2 / (2\tau^2)`, a sum over every weight.

    Raises
    ------
    ValueError
        If ``w`` is not a non-empty finite 1-D array or ``tau`` is not a finite number > 0.

    Examples
    --------
    >>> gaussian_prior_penalty([3.0, -4.0], tau=5.0)  # 25 / (2 * 25)
    0.5
    """
    weights, scale = _check_prior(w, tau)
    ### BEGIN SOLUTION
    return float(np.sum(weights**2) / (2.0 * scale**2))
    ### END SOLUTION
