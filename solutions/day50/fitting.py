"""Day 50 exercises: fitting a model by minimising its negative log-likelihood.

Day 48 turned noise models into losses; here we minimise them. Logistic regression has no
closed form, so we need its gradient (and check it numerically); linear regression with
Gaussian noise has one (least squares); a prior on the weights adds a penalty (MAP). The last
two functions are new ground: Poisson regression, whose gradient you derive yourself and whose
fit needs the damped Newton's method of the lesson.

The functions, from the easiest to the hardest: :func:`numerical_gradient`,
:func:`gaussian_prior_penalty`, :func:`bce_gradient`, :func:`fit_linear_regression_mle`,
:func:`poisson_regression_gradient`, :func:`fit_logistic_regression`,
:func:`fit_poisson_regression`.

Conventions, for every function in this module:

* ``X`` is a design matrix of shape ``(n, d)``: one row per sample, one column per feature.
  There is no separate intercept: to fit one, give ``X`` a column of ones. Its weight is an
  ordinary weight (and it is penalised like every other weight, see
  :func:`fit_logistic_regression`).
* ``y`` has shape ``(n,)``: labels 0 or 1 for logistic regression, real targets for linear
  regression, counts 0, 1, 2, ... for Poisson regression. ``w`` has shape ``(d,)``.
* Inputs are array-likes (lists or NumPy arrays, of floats or integers). Vectors come back as
  NumPy float arrays of shape ``(d,)``, numbers as Python ``float``.
* Inputs are never modified: a function that needs to change an array works on a copy (the
  ``_check_...`` helpers below return float copies; use those, not the caller's arrays).
* Logarithms are natural logarithms; :math:`\\sigma(z) = 1 / (1 + e^{-z})` is the sigmoid.
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.
* The fits iterate. Each stops by a rule that guarantees the stated accuracy and never returns
  an unconverged result: when the rule is not met within ``MAX_NEWTON_STEPS`` steps (or the cap
  your own method needs), it raises ``RuntimeError`` saying so and why.

Tolerances. Each function's docstring states the comparison its tests make, always against the
exact value (computed in high precision from the inputs as given) rounded to float64. "Within
``r`` relative or ``a`` absolute" means ``|got - exact| <= max(r * max(|got|, |exact|), a)``
(Python's ``math.isclose(got, exact, rel_tol=r, abs_tol=a)``), entry by entry.
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
    "poisson_regression_gradient",
    "fit_poisson_regression",
]

#: The reference fits' cap on Newton steps. From w = 0 they need fewer than 30 on every test;
#: reaching the cap means the stopping rule was not met, and the fit raises RuntimeError.
MAX_NEWTON_STEPS = 100
#: The largest logit whose exponential is a finite float64: log(1.7976931348623157e308).
LOG_MAX_FLOAT = 709.782712893384


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


def _check_l2(l2: float) -> float:
    try:
        strength = float(l2)
    except (TypeError, ValueError):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}") from None
    if not (np.isfinite(strength) and strength >= 0.0):
        raise ValueError(f"l2 must be a finite number >= 0, got {l2!r}")
    return strength


def _check_logistic(X: ArrayLike, y: ArrayLike, l2: float) -> tuple[np.ndarray, np.ndarray,
                                                                      float]:
    design, labels = _check_design(X, y)
    _check_labels(labels)
    strength = _check_l2(l2)
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


def _check_counts(y: np.ndarray) -> np.ndarray:
    bad = (y < 0) | (y != np.floor(y))
    if bad.any():
        raise ValueError(f"y must hold counts 0, 1, 2, ..., found {y[bad][0]!r}")
    return y


def _check_rates(design: np.ndarray, weights: np.ndarray) -> None:
    top = float(np.max(design @ weights))
    if top > LOG_MAX_FLOAT:
        raise ValueError(f"w gives a logit x_i^T w = {top:.6g}, whose rate exp(x_i^T w) "
                         f"overflows (the largest finite one is exp({LOG_MAX_FLOAT:.6g}))")


def _check_poisson(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> tuple[np.ndarray, np.ndarray,
                                                                       np.ndarray]:
    design, counts = _check_design(X, y)
    weights = _check_weights(w, design.shape[1])
    _check_rates(design, weights)
    return design, _check_counts(counts), weights


def _check_poisson_fit(X: ArrayLike, y: ArrayLike, l2: float) -> tuple[np.ndarray, np.ndarray,
                                                                         float]:
    design, counts = _check_design(X, y)
    _check_counts(counts)
    strength = _check_l2(l2)
    if strength == 0.0:
        _check_full_rank(design, "when l2 == 0 (otherwise the minimiser is not unique)")
    return design, counts, strength


# --------------------------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------------------------
def numerical_gradient(f: Callable[[np.ndarray], float], w: ArrayLike,
                       h: float = 1e-6) -> np.ndarray:
    r"""Gradient of ``f`` at ``w`` by central differences.

    .. math::

        g_j = \frac{f(w^{+}_j) - f(w^{-}_j)}{2h}, \qquad j = 1, \dots, d

    where :math:`w^{\pm}_j` is ``w`` with its j-th entry replaced by :math:`w_j \pm h` (as
    floats: the float nearest :math:`w_j \pm h`, which is what ``w[j] + h`` computes). Its error
    is of order :math:`h^2` (forward differences, :math:`(f(w^{+}_j) - f(w)) / h`, are only of
    order :math:`h`).

    The divisor is the nominal step :math:`2h`. The distance between the two points where ``f``
    was evaluated, the rounded step ``(w[j] + h) - (w[j] - h)``, can differ from ``2h`` by up to
    :math:`2^{-52}|w_j|`, a relative :math:`1.1 \cdot 10^{-16} |w_j| / h`; the tests keep
    :math:`|w_j| / h \le 2 \cdot 10^6`, where that is below 1e-9, so dividing by the rounded
    step is accepted too.

    Parameters
    ----------
    f : callable
        A function of one argument, a float array of shape ``(d,)``, returning a number.
    w : array_like, shape (d,)
        The point where the gradient is wanted (floats or integers).
    h : float, default 1e-6
        The step, > 0, the same for every coordinate.

    Returns
    -------
    numpy.ndarray, shape (d,)
        The central differences, floats. ``f`` is called with float arrays only, also when
        ``w`` holds integers (``w + h`` must not be rounded back to an integer), and ``w``
        itself is left unchanged (work on copies).

    Raises
    ------
    ValueError
        If ``f`` is not callable, ``w`` is not a non-empty finite 1-D array, or ``h <= 0``.

    Notes
    -----
    Tolerance: each entry within ``1e-7`` relative or ``1e-9`` absolute of the central
    difference :math:`(f(w + h e_j) - f(w - h e_j)) / 2h` computed in exact arithmetic from
    the test's function. The slack covers the rounding of the values of ``f`` (about
    :math:`10^{-16}|f|`), which the division by :math:`2h` magnifies; forward differences, off
    by about :math:`\tfrac h2 |f''|`, fail it.

    Examples
    --------
    >>> numerical_gradient(lambda v: float(v[0] ** 3 + v[1] ** 3), [1.0, 2.0], h=1e-3)
    ... # for a cubic the central difference is exactly 3 w**2 + h**2
    array([ 3.000001, 12.000001])
    """
    objective, point, step = _check_gradient(f, w, h)
    ### BEGIN SOLUTION
    grad = np.empty(point.size)
    for j in range(point.size):
        ahead, behind = point.copy(), point.copy()  # fresh float copies: w is never touched
        ahead[j] += step
        behind[j] -= step
        grad[j] = (float(objective(ahead)) - float(objective(behind))) / (2.0 * step)
    return grad
    ### END SOLUTION


def bce_gradient(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> np.ndarray:
    r"""Gradient of the mean binary cross-entropy of logistic regression.

    With :math:`p = \sigma(Xw)`, the loss
    :math:`J(w) = -\frac1n \sum_i [\,y_i \log p_i + (1 - y_i)\log(1 - p_i)\,]` has gradient

    .. math::

        \nabla J(w) = \frac{1}{n} X^\top r, \qquad
        r_i = \sigma(z_i) - y_i =
        \begin{cases} \sigma(z_i) & y_i = 0 \\ -\sigma(-z_i) & y_i = 1 \end{cases},
        \qquad z = Xw

    Compute each residual :math:`r_i` by the case that applies, not by subtracting: for a
    confident right answer (:math:`y_i = 1`, :math:`z_i = 40`) :math:`\sigma(z_i)` rounds to 1
    and ``sigma(z) - 1`` gives 0, while the residual is
    :math:`-\sigma(-40) = -4.248 \cdot 10^{-18}`.

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

    Notes
    -----
    Tolerance: entry j within :math:`10^{-9} S_j + 10^{-300}` of the exact value, where
    :math:`S_j = \frac1n \sum_i |x_{ij}|\,|r_i|` is the size of its terms before they are
    added. An entry whose terms cancel is judged by the size of its terms, and one made of
    tiny terms (the residuals of confident right answers) by theirs, so ``sigma(z) - y`` by
    subtraction fails; the ``1e-300`` only matters for results that underflow.

    Examples
    --------
    >>> bce_gradient([[1.0, 2.0], [1.0, -1.0]], [1, 0], [0.0, 0.0])  # sigma(0) = 1/2
    array([ 0.  , -0.75])
    """
    A, labels, weights = _check_bce(X, y, w)
    ### BEGIN SOLUTION
    z = A @ weights
    positive = labels == 1.0
    # sigma(t) as exp(-log(1 + e^{-t})): logaddexp never overflows. For y = 1 the residual
    # sigma(z) - 1 is -sigma(-z): computing it that way subtracts nothing.
    signed = np.where(positive, -z, z)
    size = np.exp(-np.logaddexp(0.0, -signed))
    residual = np.where(positive, -size, size)
    return A.T @ residual / A.shape[0]
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

    **Separation.** Write :math:`m_i = (2y_i - 1)\, x_i^\top v` for the margin of sample i
    under weights v. The data are *completely separated* if some v has every
    :math:`m_i > 0`, and *quasi-completely separated* if some :math:`v \ne 0` has every
    :math:`m_i \ge 0` with at least one :math:`m_i = 0` (e.g. ``x = [-1, 0, 0, 1]``,
    ``y = [0, 0, 1, 1]`` with an intercept: v = (0, 1) has margins 1, 0, 0, 1). Either way
    :math:`J(w + c v)` never increases as :math:`c \to \infty` and the MLE does not exist; on
    the quasi-separated example the loss levels off at :math:`\tfrac12 \log 2` while the slope
    grows without bound, so a small loss is *not* the sign. With independent columns the MLE
    exists exactly when neither kind holds (Albert and Anderson, 1984): when no
    :math:`v \ne 0` has every :math:`m_i \ge 0`. That is a linear-programming question, which
    ``scipy.optimize.linprog`` answers; the reference maximises :math:`\sum_i m_i` over
    :math:`|v_j| \le 1` subject to every :math:`m_i \ge 0` (the maximum is positive exactly for
    separated data).

    **Stopping rule.** The reference runs Newton's method from :math:`w = 0`, each step damped
    by a backtracking line search (halve the step until :math:`J` falls by at least
    :math:`10^{-4}` of the decrease the quadratic model predicts), and stops after the first
    full step whose entries are all at most :math:`10^{-10}(1 + \max_j |w_j|)`. If
    ``MAX_NEWTON_STEPS`` steps do not meet that rule it raises ``RuntimeError`` (the message
    says how large the last step still was) instead of returning an unconverged ``w``. Another
    method may stop by another rule, but it must deliver the tolerance below or raise
    ``RuntimeError`` likewise.

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
        The minimiser of :math:`J`. Tolerance: every weight within ``1e-6`` absolute or
        ``1e-6`` relative of the exact minimiser.

    Raises
    ------
    ValueError
        If the input is malformed (the shapes disagree, a label is not 0 or 1, ``l2 < 0``, or
        ``l2 == 0`` with dependent columns), and also when ``l2 == 0`` and the data are
        completely or quasi-completely separated: the message must contain the word
        "separable". Data that are not separated must be fitted, however small their minimum
        loss (it can be below ``1e-3``). Return or raise within a few seconds.
    RuntimeError
        If the iteration stops without meeting its stopping rule.

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

        # Largest total margin over v in the box |v_j| <= 1 with every margin >= 0. v = 0 is
        # feasible, so the maximum is >= 0; it is > 0 exactly when some v != 0 separates.
        margins = (2.0 * labels - 1.0)[:, None] * A
        found = linprog(-margins.sum(axis=0), A_ub=-margins, b_ub=np.zeros(n),
                        bounds=[(-1.0, 1.0)] * d, method="highs")
        if found.status == 0 and -found.fun > 1e-9 * np.abs(margins).sum():
            direction = (np.round(found.x, 6) + 0.0).tolist()  # + 0.0 turns -0.0 into 0.0
            raise ValueError(f"the data are separable: the weights v = {direction} give every "
                             "sample a margin (2y - 1) x^T v >= 0, so the loss never rises along "
                             "v and the MLE does not exist; use l2 > 0")

    def objective(v: np.ndarray) -> float:
        z = A @ v
        return float(np.mean(np.logaddexp(0.0, z) - labels * z) + 0.5 * lam * (v @ v))

    w, current = np.zeros(d), objective(np.zeros(d))
    last = np.inf
    for _ in range(MAX_NEWTON_STEPS):
        p = np.exp(-np.logaddexp(0.0, -(A @ w)))
        grad = A.T @ (p - labels) / n + lam * w
        hess = (A.T * (p * (1.0 - p))) @ A / n + lam * np.eye(d)
        step = np.linalg.solve(hess, grad)
        predicted = float(grad @ step)  # the quadratic model's decrease, times 2
        t = 1.0
        while True:
            trial = w - t * step
            value = objective(trial)
            # Armijo's rule; once the decrease is too small for J's rounding to show, trust
            # the quadratic model (near the minimum the full step is right).
            if (value <= current - 1e-4 * t * predicted
                    or t * predicted <= 1e-13 * (1.0 + abs(current))):
                break
            t /= 2.0
        w, current = trial, value
        last = float(np.max(np.abs(t * step)))
        if t == 1.0 and last <= 1e-10 * (1.0 + np.max(np.abs(w))):
            return w
    raise RuntimeError(f"fit_logistic_regression did not converge: after {MAX_NEWTON_STEPS} "
                       f"Newton steps the last one still moved a weight by {last:.3g}")
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

    Notes
    -----
    Tolerance, against :math:`\hat w` and :math:`\hat\sigma^2` computed exactly from the given
    floats: each weight within ``1e-9`` relative or :math:`10^{-12}\max_k |\hat w_k|`
    absolute; ``sigma2`` within :math:`10^{-9}\hat\sigma^2 + 10^{-12}\,\hat\sigma\,
    \mathrm{rms}(y)`, where :math:`\mathrm{rms}(y) = \sqrt{\tfrac1n \sum_i y_i^2}`. The second
    term is there for near-exact fits: a residual :math:`y_i - x_i^\top \hat w` far smaller
    than :math:`y_i` is a difference of nearly equal numbers, one of them rounded, and in
    float64 it carries an absolute error of about :math:`10^{-16}|y_i|`, not a relative one.

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
                   = \frac12 \sum_{j=1}^d \Bigl(\frac{w_j}{\tau}\Bigr)^2 + \text{const}

    The dropped term does not depend on ``w``, so it does not move the MAP estimate. Added to
    the total NLL of logistic regression and divided by n, this penalty is the L2 term of
    :func:`fit_logistic_regression` with ``l2 = 1 / (n * tau**2)``.

    Compute it in the second form, dividing each weight by :math:`\tau` before squaring: the
    squares :math:`w_j^2` and :math:`\tau^2` on their own overflow for values above
    :math:`1.3 \cdot 10^{154}` and underflow below :math:`1.5 \cdot 10^{-154}` even when the
    ratio is ordinary (``w = [1e200]``, ``tau = 1e200`` gives 0.5).

    Parameters
    ----------
    w : array_like, shape (d,)
        The weights.
    tau : float
        The prior's **standard deviation** (not its variance), > 0.

    Returns
    -------
    float
        :math:`\frac12 \sum_j (w_j / \tau)^2`, a sum over every weight; ``inf`` only when that
        exceeds the largest float.

    Raises
    ------
    ValueError
        If ``w`` is not a non-empty finite 1-D array or ``tau`` is not a finite number > 0.

    Notes
    -----
    Tolerance: within ``1e-9`` relative or ``1e-300`` absolute of the exact value, for any
    finite ``w`` and ``tau > 0`` (the tests go from ``1e-200`` to ``1e200``).

    Examples
    --------
    >>> gaussian_prior_penalty([3.0, -4.0], tau=5.0)  # 25 / (2 * 25)
    0.5
    """
    weights, scale = _check_prior(w, tau)
    ### BEGIN SOLUTION
    ratio = weights / scale  # (w / tau)^2 stays in range where w^2 and tau^2 would not
    return float(0.5 * np.sum(ratio * ratio))
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Poisson regression: derive it yourself
# --------------------------------------------------------------------------------------------
def poisson_regression_gradient(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> np.ndarray:
    r"""Gradient of the mean negative log-likelihood of Poisson regression.

    Poisson regression models a count :math:`y_i \in \{0, 1, 2, \dots\}` as
    :math:`y_i \sim \mathrm{Poisson}(\mu_i)` with the *log link*
    :math:`\log \mu_i = z_i = x_i^\top w`. From :math:`P(y_i) = \mu_i^{y_i} e^{-\mu_i} / y_i!`
    the mean NLL is

    .. math::

        J(w) = \frac1n \sum_{i=1}^n \bigl[\, e^{z_i} - y_i z_i + \log y_i! \,\bigr],
        \qquad z = Xw

    Derive :math:`\nabla J(w)` (the steps are those of the lesson's BCE gradient) and return
    it. ``numerical_gradient`` can check your derivation.

    Parameters
    ----------
    X : array_like, shape (n, d)
        The design matrix (add a column of ones for an intercept).
    y : array_like, shape (n,)
        Counts: integers >= 0 (as ints or floats).
    w : array_like, shape (d,)
        The weights; every logit :math:`x_i^\top w` must be at most 709.78, so that its rate
        :math:`e^{z_i}` is a finite float.

    Returns
    -------
    numpy.ndarray, shape (d,)
        The gradient of the **mean** NLL (divide by n), pointing uphill.

    Raises
    ------
    ValueError
        If the shapes disagree, an entry is not finite, a count is negative or not a whole
        number, or a rate :math:`e^{x_i^\top w}` overflows.

    Notes
    -----
    Tolerance: entry j within :math:`10^{-9} S_j + 10^{-300}` of the exact value, where
    :math:`S_j = \frac1n \sum_i |x_{ij}|\,(e^{z_i} + y_i)` is the size of the terms it is made
    of, so an entry whose terms cancel near the fit is judged by their size.

    Examples
    --------
    >>> poisson_regression_gradient([[1.0, 0.0], [1.0, 1.0]], [2, 0], [0.0, 0.0])
    array([0. , 0.5])
    """
    A, counts, weights = _check_poisson(X, y, w)
    ### BEGIN SOLUTION
    rates = np.exp(A @ weights)
    return A.T @ (rates - counts) / A.shape[0]
    ### END SOLUTION


def fit_poisson_regression(X: ArrayLike, y: ArrayLike, l2: float = 0.0) -> np.ndarray:
    r"""Weights of Poisson regression: the MLE, or the MAP estimate with an L2 penalty.

    Minimises the mean Poisson NLL of :func:`poisson_regression_gradient` (its constant
    :math:`\log y_i!` does not move the minimiser) plus half ``l2`` times the squared norm of
    **every** weight:

    .. math::

        J(w) = \frac1n \sum_{i=1}^n \bigl[\, e^{z_i} - y_i z_i \,\bigr]
               + \frac{\lambda}{2}\,\lVert w\rVert^2,
        \qquad z = Xw,\ \lambda = \texttt{l2}

    :math:`J` is convex; derive its Hessian and minimise it with Newton's method. Take
    **damped** steps: a full Newton step can overshoot far. With an intercept only and counts
    near 1000 the first full step from :math:`w = 0` puts the intercept near 999, where
    :math:`e^{999}` overflows; a backtracking line search (halve the step until :math:`J` falls)
    keeps every step finite.

    **When the MLE does not exist.** If all counts are 0, the NLL keeps falling as the intercept
    goes to :math:`-\infty`. In general, with ``l2 == 0`` and independent columns, the MLE
    exists unless some :math:`v \ne 0` has :math:`x_i^\top v \le 0` for every i and
    :math:`x_i^\top v = 0` wherever :math:`y_i > 0`: along such a v the rates of some zero
    counts fall towards 0 and nothing else changes, so :math:`J` decreases for ever (all-zero
    counts, or a group of samples, marked by a 0/1 column, whose counts are all 0). Decide it
    exactly, e.g. with a linear program (``scipy.optimize.linprog``): the reference minimises
    :math:`\sum_{i: y_i = 0} x_i^\top v` over :math:`|v_j| \le 1` under those constraints; the
    minimum is negative exactly when the MLE does not exist.

    **Stopping rule.** As in :func:`fit_logistic_regression`: damped Newton from
    :math:`w = 0`, stopping after the first full step whose entries are all at most
    :math:`10^{-10}(1 + \max_j |w_j|)`, and ``RuntimeError`` if ``MAX_NEWTON_STEPS`` steps do
    not meet it.

    Parameters
    ----------
    X : array_like, shape (n, d)
        The design matrix (add a column of ones for an intercept). With ``l2 == 0`` its columns
        must be linearly independent.
    y : array_like, shape (n,)
        Counts: integers >= 0. Zero counts are data like any other.
    l2 : float, default 0.0
        The penalty's strength :math:`\lambda \ge 0`; 0 gives the maximum-likelihood estimate.

    Returns
    -------
    numpy.ndarray, shape (d,)
        The minimiser of :math:`J`. Tolerance: every weight within ``1e-6`` absolute or
        ``1e-6`` relative of the exact minimiser.

    Raises
    ------
    ValueError
        If the input is malformed (the shapes disagree, a count is negative or not whole,
        ``l2 < 0``, or ``l2 == 0`` with dependent columns), and also when ``l2 == 0`` and the
        MLE does not exist: the message must contain "does not exist".
    RuntimeError
        If the iteration stops without meeting its stopping rule.

    Examples
    --------
    >>> X = [[1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0]]  # two groups
    >>> fit_poisson_regression(X, [1, 3, 6, 10]).round(6)  # log 2 and log(8 / 2)
    array([0.693147, 1.386294])
    """
    A, counts, lam = _check_poisson_fit(X, y, l2)
    ### BEGIN SOLUTION
    n, d = A.shape
    zero = counts == 0.0
    if lam == 0.0 and zero.any():
        from scipy.optimize import linprog

        # min sum_{y_i = 0} x_i^T v subject to x_i^T v <= 0 (y_i = 0), x_i^T v = 0 (y_i > 0),
        # |v_j| <= 1. v = 0 is feasible, so the minimum is <= 0; it is < 0 exactly when some
        # v lowers the NLL for ever.
        positive = ~zero
        found = linprog(A[zero].sum(axis=0), A_ub=A[zero], b_ub=np.zeros(zero.sum()),
                        A_eq=A[positive] if positive.any() else None,
                        b_eq=np.zeros(positive.sum()) if positive.any() else None,
                        bounds=[(-1.0, 1.0)] * d, method="highs")
        if found.status == 0 and -found.fun > 1e-9 * np.abs(A[zero]).sum():
            direction = (np.round(found.x, 6) + 0.0).tolist()  # + 0.0 turns -0.0 into 0.0
            raise ValueError(f"the MLE does not exist: along v = {direction} the rates of some "
                             "zero counts fall towards 0 and no other rate changes, so the NLL "
                             "keeps falling; use l2 > 0")

    def objective(v: np.ndarray) -> float:
        z = A @ v
        with np.errstate(over="ignore"):  # a trial step may overflow: J = inf rejects it
            return float(np.mean(np.exp(z) - counts * z) + 0.5 * lam * (v @ v))

    w, current = np.zeros(d), objective(np.zeros(d))
    last = np.inf
    for _ in range(MAX_NEWTON_STEPS):
        rates = np.exp(A @ w)
        grad = A.T @ (rates - counts) / n + lam * w
        hess = (A.T * rates) @ A / n + lam * np.eye(d)
        step = np.linalg.solve(hess, grad)
        predicted = float(grad @ step)
        t = 1.0
        while True:
            trial = w - t * step
            value = objective(trial)
            if (value <= current - 1e-4 * t * predicted
                    or t * predicted <= 1e-13 * (1.0 + abs(current))):
                break
            t /= 2.0
        w, current = trial, value
        last = float(np.max(np.abs(t * step)))
        if t == 1.0 and last <= 1e-10 * (1.0 + np.max(np.abs(w))):
            return w
    raise RuntimeError(f"fit_poisson_regression did not converge: after {MAX_NEWTON_STEPS} "
                       f"Newton steps the last one still moved a weight by {last:.3g}")
    ### END SOLUTION
