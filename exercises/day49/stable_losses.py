# Your exercise file. It was generated from the course's reference by
# `python -m course stubs`; edit the function bodies marked YOUR CODE HERE.
"""Day 49 exercises: losses computed from logits, log-variances and log-rates, without overflow.

A network's last layer outputs unconstrained real numbers: logits for classes, a log-variance
for a Gaussian, a log-rate for counts. Each loss below takes those numbers directly, so that no
step exponentiates something large or takes the log of something that has rounded to 0 or 1.

Conventions, for every function in this module:

* Inputs are array-likes (lists or NumPy arrays); paired inputs have the same length ``n >= 1``.
* ``log_sigmoid`` and ``log_softmax`` return NumPy arrays; every other function returns a Python
  ``float`` (``float(...)`` of a NumPy scalar is fine).
* Logarithms are natural logarithms.
* Naming rule: a function named ``...nll`` returns a **total** over the samples; a function named
  as a loss (``bce_...``, ``cross_entropy_...``) returns the **mean**.
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Accuracy is graded. Logits (and log-rates, log-variances) may be as large as ``±1000``; the
answer must then be finite and not nan wherever the exact answer fits in a float64.

* ``log_sigmoid`` and ``bce_with_logits``: relative error at most ``1e-12`` against the exact
  value, computed in high precision, elementwise for ``log_sigmoid``; no absolute slack. A
  confidently right prediction has a tiny loss that must not become ``0.0``: with ``z = -40``
  and ``y = 0`` the loss is ``log(1 + e**-40) = 4.248354255291589e-18``. ``np.logaddexp``,
  ``np.log1p(np.exp(-abs(z)))`` and ``scipy.special.log_expit`` all get this right.
* ``log_softmax`` and ``cross_entropy_with_logits``: relative error ``1e-12`` or absolute error
  ``1e-12``, whichever is looser (a max-shifted log-sum-exp, e.g. ``scipy.special.logsumexp``,
  is accurate to that).
* ``gaussian_nll_log_var``, ``laplace_nll`` and ``poisson_nll``: relative error ``1e-9``.
"""

from __future__ import annotations

import math  # noqa: F401 (math.lgamma is one way to get log y!)

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "log_sigmoid",
    "bce_with_logits",
    "log_softmax",
    "cross_entropy_with_logits",
    "gaussian_nll_log_var",
    "laplace_nll",
    "poisson_nll",
]


# --------------------------------------------------------------------------------------------
# Input checks (given: keep them).
# --------------------------------------------------------------------------------------------
def _check_finite(values: ArrayLike, name: str, ndim: int | None = None) -> np.ndarray:
    """Return ``values`` as a non-empty, finite float array (of ``ndim`` dimensions if given)."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of numbers ({error})") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: at least one value is needed")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite (it holds inf)")
    return array


def _check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{a_name} and {b_name} must have the same length, got {a.shape[0]} and {b.shape[0]}"
        )


def _check_per_sample(values: ArrayLike, name: str, n: int) -> np.ndarray:
    """Return ``values`` as shape (n,): a scalar is shared by every sample."""
    array = _check_finite(values, name)
    if array.ndim > 1 or (array.ndim == 1 and array.shape[0] != n):
        raise ValueError(f"{name} must be a scalar or have one entry per sample ({n}), "
                         f"got shape {array.shape}")
    return np.broadcast_to(array, (n,))


def _check_binary_logits(y_true: ArrayLike, logits: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y = _check_finite(y_true, "y_true", ndim=1)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"y_true must hold labels 0 or 1, found {y[~np.isin(y, (0.0, 1.0))][0]!r}")
    z = _check_finite(logits, "logits", ndim=1)
    _check_same_length(y, "y_true", z, "logits")
    return y, z


def _check_logit_rows(logits: ArrayLike) -> np.ndarray:
    z = _check_finite(logits, "logits", ndim=2)
    if z.shape[1] == 0:
        raise ValueError(f"logits must have shape (n, k) with k >= 1, got shape {z.shape}")
    return z


def _check_classes(y_true: ArrayLike, logits: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y = _check_finite(y_true, "y_true", ndim=1)
    if not (y == np.round(y)).all():
        raise ValueError("y_true must hold integer class indices (not one-hot rows)")
    z = _check_logit_rows(logits)
    _check_same_length(y, "y_true", z, "logits")
    k = z.shape[1]
    if ((y < 0) | (y >= k)).any():
        raise ValueError(f"y_true holds a class index outside 0..{k - 1}")
    return y.astype(np.intp), z


def _check_regression(
    y_true: ArrayLike, y_pred: ArrayLike, pred_name: str
) -> tuple[np.ndarray, np.ndarray]:
    y = _check_finite(y_true, "y_true", ndim=1)
    y_hat = _check_finite(y_pred, pred_name, ndim=1)
    _check_same_length(y, "y_true", y_hat, pred_name)
    return y, y_hat


def _check_gaussian(
    y_true: ArrayLike, mean: ArrayLike, log_var: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y, mu = _check_regression(y_true, mean, "mean")
    return y, mu, _check_per_sample(log_var, "log_var", y.shape[0])


def _check_laplace(
    y_true: ArrayLike, y_pred: ArrayLike, scale: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y, y_hat = _check_regression(y_true, y_pred, "y_pred")
    b = _check_per_sample(scale, "scale", y.shape[0])
    if (b <= 0.0).any():
        raise ValueError("scale is the Laplace scale b: every entry must be > 0")
    return y, y_hat, b


def _check_counts(y_true: ArrayLike) -> np.ndarray:
    y = _check_finite(y_true, "y_true", ndim=1)
    if (y < 0).any() or not (y == np.round(y)).all():
        raise ValueError("y_true must hold counts: integers >= 0")
    return y


# --------------------------------------------------------------------------------------------
# Binary labels from logits
# --------------------------------------------------------------------------------------------
def log_sigmoid(z: ArrayLike) -> np.ndarray:
    r"""The logarithm of the logistic sigmoid, elementwise, without overflow or rounding to 0.

    .. math::

        \log \sigma(z) = -\log\bigl(1 + e^{-z}\bigr)
                       = \min(z, 0) - \log\bigl(1 + e^{-|z|}\bigr)

    Parameters
    ----------
    z : array_like, any shape
        Logits (finite real numbers).

    Returns
    -------
    numpy.ndarray of float, the same shape as ``z``
        :math:`\log \sigma(z_i)` for each entry, always <= 0. It must be finite for
        ``|z| <= 1000`` (so never ``log`` of a sigmoid that underflowed to 0) and keep its
        digits when tiny (``log σ(40) = -4.248354255291589e-18``, not ``0.0``).

    Raises
    ------
    ValueError
        If ``z`` is empty or holds NaN or an infinity.

    Examples
    --------
    >>> log_sigmoid([0.0, 40.0, -1000.0])
    array([-6.93147181e-01, -4.24835426e-18, -1.00000000e+03])
    """
    z = _check_finite(z, "z")
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def bce_with_logits(y_true: ArrayLike, logits: ArrayLike) -> float:
    r"""Binary cross-entropy computed from logits: the mean NLL of Bernoulli labels.

    With :math:`p_i = \sigma(z_i)`, a label 1 costs :math:`-\log \sigma(z_i)` and a label 0 costs
    :math:`-\log(1 - \sigma(z_i)) = -\log \sigma(-z_i)`:

    .. math::

        \mathrm{BCE} = \frac{1}{n} \sum_{i=1}^{n} \log\bigl(1 + e^{-(2y_i - 1) z_i}\bigr)

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed labels, each 0 or 1.
    logits : array_like, shape (n,)
        The model's logits :math:`z_i` (finite), with :math:`P(y_i = 1) = \sigma(z_i)`.

    Returns
    -------
    float
        The mean loss, >= 0, natural log. Finite for ``|z| <= 1000`` (a label 1 at ``z = -1000``
        costs 1000) and accurate when tiny: one label 0 at ``z = -40`` costs
        ``4.248354255291589e-18``, not ``0.0``. Do not compute probabilities and clip them.

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite, or a label is not 0 or 1.

    Examples
    --------
    >>> bce_with_logits([1, 0, 1], [2.0, -1.0, 0.0])
    0.3777789597070469
    >>> bce_with_logits([0], [-40.0])
    4.248354255291589e-18
    """
    y, z = _check_binary_logits(y_true, logits)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Categorical labels from logits
# --------------------------------------------------------------------------------------------
def log_softmax(logits: ArrayLike) -> np.ndarray:
    r"""Log-probabilities of the softmax of each row, shifted by the row's maximum.

    .. math::

        \log \operatorname{softmax}(z)_{ij} = z_{ij} - \log \sum_{l=1}^{k} e^{z_{il}}
            = (z_{ij} - m_i) - \log \sum_{l=1}^{k} e^{z_{il} - m_i},
            \qquad m_i = \max_l z_{il}

    Parameters
    ----------
    logits : array_like, shape (n, k)
        One row of k logits per sample (finite).

    Returns
    -------
    numpy.ndarray of float, shape (n, k)
        Each row's log-probabilities: all <= 0, and ``exp`` of a row sums to 1. Finite for
        logits up to ``±1000`` (``exp(1000)`` overflows: shift each row by its own maximum).

    Raises
    ------
    ValueError
        If ``logits`` is not a non-empty 2-D array of finite numbers.

    Examples
    --------
    >>> log_softmax([[1000.0, 1000.0], [0.0, np.log(3.0)]])
    array([[-0.69314718, -0.69314718],
           [-1.38629436, -0.28768207]])
    """
    logits = _check_logit_rows(logits)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def cross_entropy_with_logits(y_true: ArrayLike, logits: ArrayLike) -> float:
    r"""Categorical cross-entropy computed from logits: the mean of :math:`-\log p_{i, y_i}`.

    .. math::

        \mathrm{CE} = \frac{1}{n} \sum_{i=1}^{n}
            \Bigl( \log \sum_{l=1}^{k} e^{z_{il}} - z_{i, y_i} \Bigr)

    Parameters
    ----------
    y_true : array_like of int, shape (n,)
        The true class of each sample, an index in ``0 .. k-1`` (not one-hot).
    logits : array_like, shape (n, k)
        One row of k logits per sample (finite).

    Returns
    -------
    float
        The mean loss, >= 0, natural log. Finite for logits up to ``±1000``: a true class whose
        logit is 1000 below another costs about 1000, not ``inf`` (do not compute the softmax,
        clip it and take its log).

    Raises
    ------
    ValueError
        If ``y_true`` is empty, not integers, or holds an index outside ``0 .. k-1``; if
        ``logits`` is not a finite array of shape (n, k).

    Examples
    --------
    >>> cross_entropy_with_logits([0, 1], [[2.0, 0.0, -1.0], [1000.0, 0.0, 1000.0]])
    500.4314966000581
    """
    y, z = _check_classes(y_true, logits)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Regression with a predicted spread, and counts
# --------------------------------------------------------------------------------------------
def gaussian_nll_log_var(y_true: ArrayLike, mean: ArrayLike, log_var: ArrayLike) -> float:
    r"""Gaussian NLL when the model predicts the log-variance :math:`s_i = \log \sigma_i^2`.

    .. math::

        \mathrm{NLL} = \sum_{i=1}^{n} \left[ \tfrac12 \log 2\pi + \tfrac12 s_i
            + \tfrac12 (y_i - \mu_i)^2 e^{-s_i} \right]

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed targets.
    mean : array_like, shape (n,)
        Predicted means :math:`\mu_i`.
    log_var : float or array_like, shape (n,)
        Predicted **log-variances** :math:`s_i = \log \sigma_i^2` (not :math:`\log \sigma_i`),
        any real number: one shared by all samples, or one per sample.

    Returns
    -------
    float
        The total NLL, natural log, with the constant :math:`\tfrac12 \log 2\pi` per sample kept.
        It can be negative. Use ``log_var`` itself for :math:`\log \sigma^2`: it must stay
        finite for ``log_var`` up to 1000, where ``exp(log_var)`` overflows.

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite.

    Examples
    --------
    >>> gaussian_nll_log_var([1.0, 2.0], [0.0, 2.5], [0.0, np.log(0.25)])
    2.1447298858494
    """
    y, mu, s = _check_gaussian(y_true, mean, log_var)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def laplace_nll(y_true: ArrayLike, y_pred: ArrayLike, scale: ArrayLike) -> float:
    r"""Negative log-likelihood of targets under Laplace noise with scale :math:`b` (a total).

    The Laplace density is :math:`\frac{1}{2b} e^{-|y - \hat y| / b}`; its variance is
    :math:`2b^2`.

    .. math::

        \mathrm{NLL} = \sum_{i=1}^{n} \left[ \log(2 b_i) + \frac{|y_i - \hat y_i|}{b_i} \right]

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed targets.
    y_pred : array_like, shape (n,)
        Predicted locations :math:`\hat y_i`.
    scale : float or array_like, shape (n,)
        The Laplace **scale** :math:`b > 0` (not a variance, not a standard deviation): one
        shared by all samples, or one per sample.

    Returns
    -------
    float
        The total NLL, natural log, with :math:`\log(2b_i)` kept. With one shared ``b`` it is
        ``n log(2b) + n MAE / b``.

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite, or ``scale`` has the
        wrong length or an entry <= 0.

    Examples
    --------
    >>> laplace_nll([1.0, 2.0, 4.0], [1.5, 2.0, 3.0], 0.5)  # 3 log 1 + (0.5 + 0 + 1) / 0.5
    3.0
    """
    y, y_hat, b = _check_laplace(y_true, y_pred, scale)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def poisson_nll(y_true: ArrayLike, log_rate: ArrayLike) -> float:
    r"""Negative log-likelihood of counts under a Poisson model with log-rate :math:`\eta_i`.

    :math:`P(y) = \lambda^y e^{-\lambda} / y!` with :math:`\lambda_i = e^{\eta_i}`, so

    .. math::

        \mathrm{NLL} = \sum_{i=1}^{n} \left[ e^{\eta_i} - y_i \eta_i + \log y_i! \right],
        \qquad \log y! = \operatorname{lgamma}(y + 1)

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed counts, integers >= 0.
    log_rate : array_like, shape (n,)
        Predicted log-rates :math:`\eta_i = \log \lambda_i` (finite real numbers).

    Returns
    -------
    float
        The total NLL, natural log, with :math:`\log y_i!` kept (use ``math.lgamma(y + 1)`` or
        ``scipy.special.gammaln(y + 1)``: ``y!`` itself overflows a float for ``y > 170``).
        Use ``log_rate`` itself where :math:`\log \lambda` appears: it must stay finite for
        ``log_rate`` down to -1000, where ``exp(log_rate)`` underflows to 0.

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite, or a count is negative
        or not an integer.

    Examples
    --------
    >>> poisson_nll([0, 3], [0.0, np.log(2.0)])  # 1 + (2 - 3 log 2 + log 6)
    2.7123179275482197
    """
    y = _check_counts(y_true)
    eta = _check_finite(log_rate, "log_rate", ndim=1)
    _check_same_length(y, "y_true", eta, "log_rate")
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError
