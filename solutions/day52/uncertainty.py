"""Day 52 exercises: how sure is the fit? Fisher information, standard errors and intervals.

Days 46 to 50 found the maximum-likelihood estimate (MLE). Here we measure how far it may be
from the truth: the curvature of the log-likelihood at its peak (the Fisher information) gives
a standard error, and the standard error, or the log-likelihood itself, gives an interval. A
simulation then checks how often such an interval contains the true parameter.

Conventions, for every function in this module:

* A proportion is estimated from ``k`` successes in ``n`` independent trials (Bernoulli,
  Day 46): ``n >= 1`` and ``0 <= k <= n`` are integers and :math:`\\hat\\theta = k / n`.
* Intervals are returned as a tuple of two Python floats ``(low, high)`` with ``low <= high``,
  for the two-sided ``level`` (default 0.95). Their quantiles come from ``level``:
  :math:`z = \\Phi^{-1}\\bigl((1 + \\text{level}) / 2\\bigr)` (standard normal) and the
  :math:`\\chi^2_1` quantile :math:`c = \\chi^2_{1}(\\text{level}) = z^2` (a :math:`\\chi^2_1`
  variable is the square of a standard normal one). For 95 %: ``z = 1.959963984540054`` and
  ``c = 3.841458820694124`` (``scipy.stats.norm.ppf(0.975)`` and
  ``scipy.stats.chi2.ppf(0.95, 1)``; ``statistics.NormalDist().inv_cdf(0.975)`` gives
  ``1.9599639845400536``, which differs only in the last digits and is just as good).
  **Not** 1.645: that is the quantile for 95 % on *one* side.
* Logarithms are natural logarithms; :math:`\\sigma(z) = 1 / (1 + e^{-z})` is the sigmoid.
* Numbers come back as Python ``float``; vectors as NumPy float arrays.
* Inputs are never modified: leave the caller's lists and arrays as they were.
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Tolerances: each function's docstring states the comparison the grader makes between your
result ``got`` and the exact value ``r`` (computed in high precision, then rounded to float64).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "fisher_information_bernoulli",
    "observed_information",
    "standard_errors_logistic",
    "wald_interval",
    "wilson_interval",
    "likelihood_ratio_interval",
    "coverage",
]


# --------------------------------------------------------------------------------------------
# Input checks (given: keep them).
# --------------------------------------------------------------------------------------------
def _check_real(value: object, name: str) -> float:
    """``value`` as a finite float (bools are refused: ``True`` is not a probability)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def _check_count(value: object, name: str, low: int) -> int:
    """``value`` as an int >= ``low`` (an integer-valued float such as 10.0 is accepted)."""
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if isinstance(value, numbers.Integral):
        count = int(value)
    elif isinstance(value, numbers.Real) and float(value).is_integer():
        count = int(value)
    else:
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if count < low:
        raise ValueError(f"{name} must be at least {low}, got {count}")
    return count


def _check_level(level: object) -> float:
    confidence = _check_real(level, "level")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"level is a confidence level and must satisfy 0 < level < 1, got "
                         f"{level!r} (write 0.95, not 95)")
    return confidence


def _check_successes(k: object, n: object, level: object) -> tuple[int, int, float]:
    trials = _check_count(n, "n", 1)
    successes = _check_count(k, "k", 0)
    if successes > trials:
        raise ValueError(f"k counts successes among the n trials: it must satisfy 0 <= k <= n, "
                         f"got k = {successes} and n = {trials}")
    return successes, trials, _check_level(level)


def _check_theta_open(theta: object) -> float:
    p = _check_real(theta, "theta")
    if not 0.0 < p < 1.0:
        raise ValueError(f"theta must satisfy 0 < theta < 1 (at 0 and 1 the information is "
                         f"infinite), got {theta!r}")
    return p


def _check_fisher(theta: object, n: object) -> tuple[float, int]:
    return _check_theta_open(theta), _check_count(n, "n", 1)


def _check_observed(loglik: object, theta: object,
                    h: object) -> tuple[Callable[[float], float], float, float]:
    if not callable(loglik):
        raise ValueError(f"loglik must be a function of theta, got a {type(loglik).__name__}")
    point = _check_real(theta, "theta")
    step = _check_real(h, "h")
    if step <= 0.0:
        raise ValueError(f"h must be > 0, got {h!r}")
    return loglik, point, step  # type: ignore[return-value]


def _as_float_array(values: ArrayLike, name: str, ndim: int) -> np.ndarray:
    """``values`` as a new finite float array of ``ndim`` dimensions, not empty."""
    try:
        array = np.array(values, dtype=float)  # a copy: the caller's array stays as it was
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of numbers ({error})") from None
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape})")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite (it holds nan or inf)")
    return array


def _check_logistic(X: ArrayLike, y: ArrayLike,
                    w: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    design = _as_float_array(X, "X", 2)
    labels = _as_float_array(y, "y", 1)
    weights = _as_float_array(w, "w", 1)
    if labels.shape[0] != design.shape[0]:
        raise ValueError(f"X and y must have the same number of rows: X has {design.shape[0]}, "
                         f"y has {labels.shape[0]}")
    outside = ~np.isin(labels, (0.0, 1.0))
    if outside.any():
        raise ValueError(f"y must hold labels 0 or 1, found {labels[outside][0]!r}")
    if weights.shape[0] != design.shape[1]:
        raise ValueError(f"w must have one weight per column of X ({design.shape[1]}), got "
                         f"{weights.shape[0]}")
    rank = np.linalg.matrix_rank(design)
    if rank < design.shape[1]:
        raise ValueError(f"X must have linearly independent columns (otherwise the information "
                         f"matrix is singular); its {design.shape[1]} columns have rank {rank}")
    return design, labels, weights


def _check_coverage(interval_fn: object, theta: object, n: object, trials: object,
                    seed: object) -> tuple[Callable[[int, int], tuple[float, float]], float,
                                           int, int, int]:
    if not callable(interval_fn):
        raise ValueError(f"interval_fn must be a function (k, n) -> (low, high), got a "
                         f"{type(interval_fn).__name__}")
    p = _check_real(theta, "theta")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"theta is a probability: it must satisfy 0 <= theta <= 1, got "
                         f"{theta!r}")
    return (interval_fn, p, _check_count(n, "n", 1),  # type: ignore[return-value]
            _check_count(trials, "trials", 1), _check_count(seed, "seed", 0))


# --------------------------------------------------------------------------------------------
# Information: the curvature of the log-likelihood
# --------------------------------------------------------------------------------------------
def fisher_information_bernoulli(theta: float, n: int = 1) -> float:
    r"""Fisher information about :math:`\theta` in ``n`` Bernoulli(:math:`\theta`) trials.

    The log-likelihood of ``k`` successes is :math:`\ell(\theta) = k\log\theta + (n - k)
    \log(1 - \theta)`; its expected negative second derivative is

    .. math::

        I_n(\theta) = \mathbb E\bigl[-\ell''(\theta)\bigr]
                    = \mathbb E\Bigl[\frac{k}{\theta^2} + \frac{n - k}{(1 - \theta)^2}\Bigr]
                    = \frac{n}{\theta(1 - \theta)}

    (using :math:`\mathbb E[k] = n\theta`). It is the **information**, not the variance of
    :math:`\hat\theta`: that is its inverse :math:`\theta(1 - \theta) / n`, and the standard
    error is the square root of the inverse.

    Parameters
    ----------
    theta : float
        The success probability, ``0 < theta < 1``.
    n : int, default 1
        The number of trials, ``n >= 1``.

    Returns
    -------
    float
        :math:`n / (\theta(1 - \theta))`, compared as
        ``math.isclose(got, r, rel_tol=1e-9, abs_tol=0.0)``.

    Raises
    ------
    ValueError
        If ``theta`` is not a number with ``0 < theta < 1`` or ``n`` is not an integer >= 1.

    Examples
    --------
    >>> fisher_information_bernoulli(0.5)  # 1 / (0.5 * 0.5)
    4.0
    >>> round(fisher_information_bernoulli(0.7, n=10), 9)  # 10 / 0.21
    47.619047619
    """
    p, trials = _check_fisher(theta, n)
    ### BEGIN SOLUTION
    return trials / (p * (1.0 - p))
    ### END SOLUTION


def observed_information(loglik: Callable[[float], float], theta: float,
                         h: float = 1e-4) -> float:
    r"""Observed information :math:`J(\theta) = -\ell''(\theta)` by a central second difference.

    .. math::

        J(\theta) \approx -\,\frac{\ell(\theta + h) - 2\,\ell(\theta) + \ell(\theta - h)}{h^2}

    The minus sign matters: at a maximum :math:`\ell'' < 0`, and the information is positive.
    By Taylor's theorem the odd terms cancel, so the error of this formula is
    :math:`\tfrac{h^2}{12}\,\ell''''(\theta)`, of order :math:`h^2`. A smaller ``h`` is not
    always better: each value of :math:`\ell` carries a rounding error of about
    :math:`10^{-16}\,|\ell|`, and the formula divides it by :math:`h^2`, so ``h`` near
    ``1e-4`` balances the two errors.

    Parameters
    ----------
    loglik : callable
        The log-likelihood: a function of one float, returning a number. It is called at
        ``theta - h``, ``theta`` and ``theta + h`` (computed as float sums).
    theta : float
        Where the curvature is wanted (usually the MLE).
    h : float, default 1e-4
        The step, > 0. Use the step you are given.

    Returns
    -------
    float
        The central second difference with the minus sign. Compared with ``r``, the same
        formula evaluated exactly (50 digits) on the exact values of :math:`\ell` at the three
        float points, as ``math.isclose(got, r, rel_tol=1e-6, abs_tol=1e-6)``: rounding in
        the three values of :math:`\ell` stays well inside this for the tests' functions
        (:math:`|\ell|` at most about ten times :math:`J`, ``h >= 1e-4``), while a forward
        difference :math:`(\ell(\theta + 2h) - 2\ell(\theta + h) + \ell(\theta)) / h^2`,
        whose error is of order :math:`h`, or another step, is outside it.

    Raises
    ------
    ValueError
        If ``loglik`` is not callable, ``theta`` is not a finite number, or ``h`` is not a
        finite number > 0.

    Examples
    --------
    >>> observed_information(lambda t: -t**4, 1.5, h=0.25)  # 12 t**2 + 2 h**2, exactly
    27.125
    >>> loglik = lambda t: 7 * math.log(t) + 3 * math.log(1 - t)  # 7 heads in 10
    >>> round(observed_information(loglik, 0.7), 4)  # 10 / 0.21 = 47.6190...
    47.619
    """
    function, point, step = _check_observed(loglik, theta, h)
    ### BEGIN SOLUTION
    up = float(function(point + step))
    middle = float(function(point))
    down = float(function(point - step))
    return -(up - 2.0 * middle + down) / (step * step)
    ### END SOLUTION


def standard_errors_logistic(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> np.ndarray:
    r"""Standard errors of logistic-regression weights from the Hessian of the total NLL.

    With :math:`p = \sigma(Xw)`, the **total** negative log-likelihood
    :math:`-\sum_i [y_i \log p_i + (1 - y_i)\log(1 - p_i)]` has the Hessian (the observed
    information, which for logistic regression equals the expected one)

    .. math::

        H(w) = X^\top S X, \qquad S = \operatorname{diag}\bigl(p_i (1 - p_i)\bigr),

    and the standard error of weight :math:`j` is the square root of the j-th diagonal entry of
    its **inverse**:

    .. math::

        \operatorname{se}_j = \sqrt{\bigl(H(w)^{-1}\bigr)_{jj}}

    This is ``n`` times Day 50's Hessian of the *mean* BCE; with that one the standard errors
    come out :math:`\sqrt n` times too large. Invert the whole matrix, not its diagonal: the
    weights' estimates are correlated. The labels ``y`` do not enter :math:`H`; they are
    passed because the MLE ``w`` was fitted to them (and so that the shapes can be checked).

    Parameters
    ----------
    X : array_like, shape (n, d)
        The design matrix (a column of ones for an intercept), with linearly independent
        columns.
    y : array_like, shape (n,)
        Labels, each 0 or 1.
    w : array_like, shape (d,)
        The weights where :math:`H` is evaluated: the MLE, usually (Day 50's
        ``fit_logistic_regression``).

    Returns
    -------
    numpy.ndarray, shape (d,)
        The standard errors, floats > 0, each compared as
        ``math.isclose(got_j, r_j, rel_tol=1e-8, abs_tol=0.0)``. Compute :math:`p_i` without
        overflow (the tests' logits stay within :math:`\pm 10`, so :math:`p_i(1 - p_i)` is
        computed accurately enough either way).

    Raises
    ------
    ValueError
        If the shapes disagree, an entry is not finite, a label is not 0 or 1, or the columns
        of ``X`` are linearly dependent.

    Examples
    --------
    >>> X = [[1.0, -1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
    >>> standard_errors_logistic(X, [0, 1, 0, 1], [0.0, 0.0]).round(6)  # p = 1/2, S = I / 4
    array([1.095445, 0.894427])
    """
    A, labels, weights = _check_logistic(X, y, w)
    ### BEGIN SOLUTION
    z = A @ weights
    # p (1 - p) = sigma(z) sigma(-z), each written as exp(-log(1 + e^{-z})): no overflow, and
    # no cancellation in 1 - p when p is close to 1.
    s = np.exp(-np.logaddexp(0.0, -z) - np.logaddexp(0.0, z))
    information = (A.T * s) @ A
    covariance = np.linalg.inv(information)
    return np.sqrt(np.diag(covariance))
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Intervals for a proportion
# --------------------------------------------------------------------------------------------
def wald_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    r"""Wald interval for a proportion: the estimate plus or minus z standard errors.

    .. math::

        \hat\theta \pm z\,\sqrt{\frac{\hat\theta(1 - \hat\theta)}{n}},
        \qquad \hat\theta = \frac kn,\quad z = \Phi^{-1}\Bigl(\frac{1 + \text{level}}{2}\Bigr)

    The standard error is the square root of the inverse Fisher information
    :math:`1 / I_n(\hat\theta) = \hat\theta(1 - \hat\theta) / n`: divide by ``n``, not
    ``n - 1``, and take the square root (the variance is not the standard error).

    Return the two ends **as the formula gives them**, even outside [0, 1]: do not clip. For
    ``k = 0`` or ``k = n`` the standard error is 0 and the interval is the single point
    :math:`\hat\theta`; that failure of the Wald interval is the lesson's point, not something
    to hide.

    Parameters
    ----------
    k : int
        The number of successes, ``0 <= k <= n``.
    n : int
        The number of trials, ``n >= 1``.
    level : float, default 0.95
        The two-sided confidence level, ``0 < level < 1`` (0.95 gives ``z = 1.959963984540054``).

    Returns
    -------
    tuple of (float, float)
        ``(low, high)``, each compared as ``math.isclose(got, r, rel_tol=1e-9,
        abs_tol=1e-12)``. (A rounded ``z = 1.96`` is off by far more than this.)

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1, ``k`` is not an integer with ``0 <= k <= n``, or
        ``level`` is not a number with ``0 < level < 1``.

    Examples
    --------
    >>> low, high = wald_interval(7, 10)  # 0.7 -/+ 1.96 * sqrt(0.21 / 10)
    >>> round(low, 6), round(high, 6)
    (0.415974, 0.984026)
    >>> low, high = wald_interval(1, 10)  # goes below 0: not clipped
    >>> round(low, 6), round(high, 6)
    (-0.085939, 0.285939)
    >>> wald_interval(0, 10)  # no successes: a single point
    (0.0, 0.0)
    """
    successes, trials, confidence = _check_successes(k, n, level)
    ### BEGIN SOLUTION
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    share = successes / trials
    wald_margin = z * math.sqrt(share * (1.0 - share) / trials)
    return share - wald_margin, share + wald_margin
    ### END SOLUTION


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    r"""Wilson score interval for a proportion.

    The set of :math:`\theta` that the score test does not reject,
    :math:`|\hat\theta - \theta| \le z\sqrt{\theta(1 - \theta)/n}`: the standard error is
    taken at :math:`\theta` rather than at :math:`\hat\theta`. Squaring gives a quadratic in
    :math:`\theta` whose two roots are

    .. math::

        \frac{1}{1 + z^2/n}\left[\hat\theta + \frac{z^2}{2n}
        \pm z\sqrt{\frac{\hat\theta(1 - \hat\theta)}{n} + \frac{z^2}{4n^2}}\right],
        \qquad z = \Phi^{-1}\Bigl(\frac{1 + \text{level}}{2}\Bigr)

    Both ends always lie in [0, 1], and for ``k = 0`` the interval is ``(0, z**2 / (n +
    z**2))``, not a single point.

    Parameters
    ----------
    k : int
        The number of successes, ``0 <= k <= n``.
    n : int
        The number of trials, ``n >= 1``.
    level : float, default 0.95
        The two-sided confidence level, ``0 < level < 1``.

    Returns
    -------
    tuple of (float, float)
        ``(low, high)``, each compared as ``math.isclose(got, r, rel_tol=1e-9,
        abs_tol=1e-12)`` (so a lower end of ``2.8e-17`` where the exact value is 0 is fine).

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1, ``k`` is not an integer with ``0 <= k <= n``, or
        ``level`` is not a number with ``0 < level < 1``.

    Examples
    --------
    >>> low, high = wilson_interval(7, 10)
    >>> round(low, 6), round(high, 6)
    (0.396778, 0.892209)
    >>> low, high = wilson_interval(0, 10)  # z**2 / (10 + z**2) = 0.277533
    >>> round(low, 6), round(high, 6)
    (0.0, 0.277533)
    """
    successes, trials, confidence = _check_successes(k, n, level)
    ### BEGIN SOLUTION
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    share = successes / trials
    shrink = 1.0 + z * z / trials
    wilson_centre = (share + z * z / (2.0 * trials)) / shrink
    wilson_margin = z / shrink * math.sqrt(share * (1.0 - share) / trials
                                           + z * z / (4.0 * trials * trials))
    return wilson_centre - wilson_margin, wilson_centre + wilson_margin
    ### END SOLUTION


def likelihood_ratio_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    r"""Likelihood-ratio interval for a proportion: where the log-likelihood is within
    :math:`c/2` of its peak.

    .. math::

        \Bigl\{\theta \in [0, 1] : 2\bigl[\ell(\hat\theta) - \ell(\theta)\bigr] \le c\Bigr\},
        \qquad \ell(\theta) = k\log\theta + (n - k)\log(1 - \theta),
        \quad c = \chi^2_1(\text{level}) = z^2

    with ``0 * log 0 = 0``. By Wilks' theorem :math:`2[\ell(\hat\theta) - \ell(\theta)]` at
    the true :math:`\theta` is approximately :math:`\chi^2_1`-distributed, hence the cut-off
    ``c = 3.841458820694124`` for 95 %. Mind the factor 2: the log-likelihood itself drops by
    ``c / 2 = 1.92`` at the ends, not by 3.84.

    The ends solve :math:`2[\ell(\hat\theta) - \ell(\theta)] = c` on each side of
    :math:`\hat\theta` (on each side :math:`\ell` is monotone, so there is one root per side);
    there is no closed form, so find them numerically (bisection, or
    ``scipy.optimize.brentq(..., xtol=1e-15)``). If ``k = 0`` the lower end is exactly 0 (the
    log-likelihood is largest there), and if ``k = n`` the upper end is exactly 1.

    Parameters
    ----------
    k : int
        The number of successes, ``0 <= k <= n``.
    n : int
        The number of trials, ``n >= 1``.
    level : float, default 0.95
        The two-sided confidence level, ``0 < level < 1``.

    Returns
    -------
    tuple of (float, float)
        ``(low, high)`` with ``low <= k / n <= high``, each compared with the exact root
        (found with 50 digits) as ``math.isclose(got, r, rel_tol=1e-9, abs_tol=1e-12)``.
        Bisection until the midpoint equals one of the bracket's ends meets this, and so does
        brentq with ``xtol=1e-15``. (With its default ``xtol=2e-12``, brentq only promises
        ``np.allclose(x, x0, atol=2e-12, rtol=8.9e-16)`` for the exact root ``x`` (SciPy 1.17
        documentation), a looser bound than this tolerance near 0.)

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1, ``k`` is not an integer with ``0 <= k <= n``, or
        ``level`` is not a number with ``0 < level < 1``.

    Examples
    --------
    >>> low, high = likelihood_ratio_interval(7, 10)
    >>> round(low, 6), round(high, 6)
    (0.393461, 0.915441)
    >>> low, high = likelihood_ratio_interval(0, 10)  # 1 - exp(-c / 20) = 0.174753
    >>> low, round(high, 6)
    (0.0, 0.174753)
    """
    successes, trials, confidence = _check_successes(k, n, level)
    ### BEGIN SOLUTION
    from statistics import NormalDist

    cut = NormalDist().inv_cdf(0.5 + confidence / 2.0) ** 2
    share = successes / trials

    def binomial_loglik(theta: float) -> float:
        value = 0.0
        if successes:
            value += successes * math.log(theta) if theta > 0.0 else -math.inf
        if trials - successes:
            value += (trials - successes) * math.log1p(-theta) if theta < 1.0 else -math.inf
        return value

    floor = binomial_loglik(share) - cut / 2.0

    def bisect_end(inside: float, outside: float) -> float:
        # binomial_loglik(inside) >= floor > binomial_loglik(outside): halve the bracket
        # until the floats run out, then keep the end whose value is nearer the floor.
        while (middle := 0.5 * (inside + outside)) not in (inside, outside):
            inside, outside = ((middle, outside) if binomial_loglik(middle) >= floor
                               else (inside, middle))
        return min((inside, outside), key=lambda end: abs(binomial_loglik(end) - floor))

    lr_low = 0.0 if successes == 0 else bisect_end(share, 0.0)
    lr_high = 1.0 if successes == trials else bisect_end(share, 1.0)
    return lr_low, lr_high
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Coverage by simulation
# --------------------------------------------------------------------------------------------
def coverage(interval_fn: Callable[[int, int], tuple[float, float]], theta: float, n: int,
             trials: int, seed: int) -> float:
    r"""Fraction of simulated data sets whose interval contains the true ``theta``.

    Draw the success counts of ``trials`` data sets of ``n`` Bernoulli(``theta``) trials
    **exactly** this way, so that every correct solution sees the same counts:

    .. code-block:: python

        counts = np.random.default_rng(seed).binomial(n, theta, size=trials)

    then, for each count ``k``, ask ``low, high = interval_fn(int(k), n)`` and count the data
    set as covered when ``low <= theta <= high`` (closed: an end equal to ``theta`` covers).

    .. math::

        \widehat{\text{coverage}} = \frac{1}{T}\sum_{t=1}^{T}
        \mathbf 1\bigl[\text{low}(k_t) \le \theta \le \text{high}(k_t)\bigr]

    A 95 % interval should give about 0.95; the Monte Carlo error of the estimate is about
    :math:`\sqrt{0.95 \cdot 0.05 / T}`. Calling ``interval_fn`` once per *distinct* count
    (there are at most ``n + 1``) gives the same answer faster.

    Parameters
    ----------
    interval_fn : callable
        ``interval_fn(k, n) -> (low, high)``, for instance :func:`wald_interval`.
    theta : float
        The true success probability, ``0 <= theta <= 1``.
    n : int
        Trials per data set, ``n >= 1``.
    trials : int
        The number of simulated data sets, ``trials >= 1``.
    seed : int
        The seed of ``np.random.default_rng``, ``seed >= 0``. (Draw nothing else from that
        generator before the counts, and do not use ``np.random.seed`` or
        ``np.random.binomial``: they give other numbers.)

    Returns
    -------
    float
        The fraction of covered data sets, in [0, 1], compared as
        ``math.isclose(got, r, rel_tol=1e-12, abs_tol=0.0)``: with the counts drawn as above
        it is exact.

    Raises
    ------
    ValueError
        If ``interval_fn`` is not callable, ``theta`` is not in [0, 1], or ``n``, ``trials``
        or ``seed`` is not an integer in its range.

    Examples
    --------
    >>> always = lambda k, n: (0.0, 1.0)  # contains every theta
    >>> coverage(always, 0.3, 10, trials=50, seed=0)
    1.0
    >>> never = lambda k, n: (2.0, 3.0)
    >>> coverage(never, 0.3, 10, trials=50, seed=0)
    0.0
    """
    function, p, size, count, start = _check_coverage(interval_fn, theta, n, trials, seed)
    ### BEGIN SOLUTION
    counts = np.random.default_rng(start).binomial(size, p, size=count)
    values, how_many = np.unique(counts, return_counts=True)
    covered = 0
    for value, times in zip(values, how_many, strict=True):
        low, high = function(int(value), size)
        if float(low) <= p <= float(high):
            covered += int(times)
    return covered / count
    ### END SOLUTION
