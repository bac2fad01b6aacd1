# Your exercise file. It was generated from the course's reference by
# `python -m course stubs`; edit the function bodies marked YOUR CODE HERE.
"""Day 47 exercises: log-likelihoods, underflow and the closed-form maximum likelihood estimates.

Conventions, for every function in this module:

* Inputs are array-likes (lists or NumPy arrays) holding ``n >= 1`` samples, or plain numbers
  where the docstring says so.
* Every function returns a Python ``float`` (``float(...)`` of a NumPy scalar is fine), except
  :func:`product_underflow_length`, which returns an ``int``, and :func:`gaussian_mle`, which
  returns a tuple of two floats.
* Logarithms are natural logarithms.
* A function named ``...likelihood`` returns a **total** over the samples, not a mean.
* Estimates are maximum likelihood estimates: the values that maximise the log-likelihood of the
  whole sample (the Gaussian variance divides by ``n``, not ``n - 1``).
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Grading compares your result with the exact value using a relative tolerance of ``1e-9`` (and an
absolute tolerance of ``1e-12`` where the exact value is 0). Counts must be exactly right, and
infinite results must be exactly ``inf`` or ``-inf``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "product_underflow_length",
    "logsumexp",
    "bernoulli_mle",
    "gaussian_mle",
    "poisson_mle",
    "exponential_mle",
    "gaussian_log_likelihood",
]


# --------------------------------------------------------------------------------------------
# Input checks (given: keep them).
# --------------------------------------------------------------------------------------------
def _check_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a real number (not a bool), or raise ValueError."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"{name} is NaN")
    return number


def _check_vector(values: ArrayLike, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float array with at least one entry, or raise ValueError."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a sequence of numbers ({error})") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: at least one sample is needed")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    return array


def _check_finite_sample(x: ArrayLike) -> np.ndarray:
    sample = _check_vector(x, "x")
    if not np.isfinite(sample).all():
        raise ValueError("x must hold finite numbers (no inf)")
    return sample


def _check_factor(p: object) -> float:
    factor = _check_number(p, "p")
    if not 0.0 < factor <= 0.5:
        raise ValueError(
            f"p must satisfy 0 < p <= 0.5, got {factor!r}: for 0.5 < p < 1 the product never "
            "reaches 0.0 (it gets stuck at a subnormal number such as 5e-324), and for p >= 1 "
            "it never shrinks"
        )
    return factor


def _check_log_weights(a: ArrayLike) -> np.ndarray:
    weights = _check_vector(a, "a")
    if (weights == np.inf).any():
        raise ValueError("a must not contain +inf (each entry is the log of a finite weight; "
                         "-inf, the log of 0, is allowed)")
    return weights


def _check_binary_sample(x: ArrayLike) -> np.ndarray:
    sample = _check_vector(x, "x")
    if not np.isin(sample, (0.0, 1.0)).all():
        bad = sample[~np.isin(sample, (0.0, 1.0))][0]
        raise ValueError(f"x must hold Bernoulli outcomes 0 or 1, found {bad!r}")
    return sample


def _check_count_sample(x: ArrayLike) -> np.ndarray:
    sample = _check_finite_sample(x)
    if ((sample < 0) | (sample != np.round(sample))).any():
        bad = sample[(sample < 0) | (sample != np.round(sample))][0]
        raise ValueError(f"x must hold Poisson counts (integers >= 0), found {bad!r}")
    return sample


def _check_waiting_times(x: ArrayLike) -> np.ndarray:
    sample = _check_finite_sample(x)
    if (sample < 0).any():
        raise ValueError(f"x must hold waiting times >= 0, found {sample[sample < 0][0]!r}")
    if not (sample > 0).any():
        raise ValueError("x is all zeros: the exponential MLE 1 / mean does not exist")
    return sample


def _check_gaussian(x: ArrayLike, mu: object, sigma: object) -> tuple[np.ndarray, float, float]:
    sample = _check_finite_sample(x)
    mean = _check_number(mu, "mu")
    if not math.isfinite(mean):
        raise ValueError(f"mu must be finite, got {mean!r}")
    scale = _check_number(sigma, "sigma")
    if not (math.isfinite(scale) and scale > 0.0):
        raise ValueError(f"sigma is the standard deviation: it must be finite and > 0, "
                         f"got {scale!r}")
    return sample, mean, scale


# --------------------------------------------------------------------------------------------
# Why we take logs
# --------------------------------------------------------------------------------------------
def product_underflow_length(p: float) -> int:
    r"""The first n at which multiplying n copies of p, left to right in float64, gives 0.0.

    Start from ``1.0`` and multiply by ``p`` once per step, rounding to float64 after every
    step, as a loop ``product = product * p`` does:

    .. math::

        n^\ast = \min\{\, n \ge 1 : (\cdots((1 \cdot p) \cdot p) \cdots) \cdot p = 0.0
        \ \text{(n factors)} \,\}

    The product first leaves the normal range (below ``2.2e-308``), then runs through the
    subnormal numbers, and finally rounds to ``0.0``: that last step is the underflow.

    Parameters
    ----------
    p : float
        The factor, with ``0 < p <= 0.5``. (For ``0.5 < p < 1`` the product never reaches 0.0:
        the smallest subnormal ``5e-324`` times p rounds back to ``5e-324``.) A NumPy scalar,
        even a ``float32``, is accepted; the product is always computed in float64.

    Returns
    -------
    int
        The smallest n whose product is exactly ``0.0`` (not the last n whose product is still
        positive). Count the multiplications exactly as they happen: ``p ** n`` or a formula
        with logarithms rounds differently and can be off by one.

    Raises
    ------
    ValueError
        If ``p`` is not a real number, or is NaN, or is outside ``0 < p <= 0.5``.

    Examples
    --------
    >>> product_underflow_length(0.5)  # 0.5 ** 1074 = 5e-324 is the smallest subnormal
    1075
    >>> product_underflow_length(0.1)
    324
    """
    p = _check_factor(p)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def logsumexp(a: ArrayLike) -> float:
    r"""The log of a sum of exponentials, computed without overflow or underflow.

    .. math::

        \operatorname{LSE}(a) = \log \sum_{i=1}^{n} e^{a_i}
        = m + \log \sum_{i=1}^{n} e^{a_i - m}, \qquad m = \max_i a_i

    Shifting by the largest entry makes every exponent <= 0 and the largest term exactly 1, so
    the sum neither overflows (``exp(1000)`` is ``inf``) nor underflows to 0 (``exp(-1000)`` is
    ``0.0``).

    Parameters
    ----------
    a : array_like, shape (n,)
        Log-weights, each finite or ``-inf`` (the log of a weight 0).

    Returns
    -------
    float
        :math:`\log \sum_i e^{a_i}`. Entries ``-inf`` add nothing; if every entry is ``-inf``
        the result is ``-inf`` (the log of 0), never nan.

    Raises
    ------
    ValueError
        If ``a`` is empty, not 1-D, or holds NaN or ``+inf``.

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0])  # 1000 + log 2
    1000.6931471805599
    >>> logsumexp([-math.inf, 0.0])
    0.0
    """
    a = _check_log_weights(a)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Closed-form maximum likelihood estimates
# --------------------------------------------------------------------------------------------
def bernoulli_mle(x: ArrayLike) -> float:
    r"""Maximum likelihood estimate of a Bernoulli parameter :math:`\theta = P(x = 1)`.

    Setting the derivative of
    :math:`\ell(\theta) = k \log\theta + (n - k)\log(1 - \theta)` (k ones among n) to zero:

    .. math::

        \hat\theta = \frac{k}{n} = \frac{1}{n} \sum_{i=1}^{n} x_i

    Parameters
    ----------
    x : array_like, shape (n,)
        Observed outcomes, each 0 or 1.

    Returns
    -------
    float
        The fraction of ones, in [0, 1].

    Raises
    ------
    ValueError
        If ``x`` is empty, not 1-D, or holds a value other than 0 or 1.

    Examples
    --------
    >>> bernoulli_mle([1, 0, 1, 1])
    0.75
    """
    x = _check_binary_sample(x)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def gaussian_mle(x: ArrayLike) -> tuple[float, float]:
    r"""Maximum likelihood estimates of a Gaussian's mean and variance.

    Setting both partial derivatives of the log-likelihood to zero:

    .. math::

        \hat\mu = \frac{1}{n} \sum_{i=1}^{n} x_i, \qquad
        \hat\sigma^2 = \frac{1}{n} \sum_{i=1}^{n} (x_i - \hat\mu)^2

    The variance divides by n (NumPy's ``ddof=0``). It is biased, but it is the maximiser;
    the unbiased estimate with ``n - 1`` is not. It must stay accurate for data far from 0
    (values near ``1e8``, say): average the squared deviations from the mean; do not subtract
    ``mean(x)**2`` from ``mean(x**2)``, which cancels catastrophically.

    Parameters
    ----------
    x : array_like, shape (n,)
        Observed real numbers, finite.

    Returns
    -------
    tuple of (float, float)
        ``(mu, sigma2)``: the mean, then the **variance** (not the standard deviation). For
        ``n = 1`` the variance is 0.0.

    Raises
    ------
    ValueError
        If ``x`` is empty, not 1-D, or holds NaN or inf.

    Examples
    --------
    >>> gaussian_mle([2, 4, 4, 4, 5, 5, 7, 9])
    (5.0, 4.0)
    """
    x = _check_finite_sample(x)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def poisson_mle(x: ArrayLike) -> float:
    r"""Maximum likelihood estimate of a Poisson rate :math:`\lambda`.

    Setting the derivative of
    :math:`\ell(\lambda) = \sum_i \left[x_i \log\lambda - \lambda - \log x_i!\right]` to zero:

    .. math::

        \hat\lambda = \frac{1}{n} \sum_{i=1}^{n} x_i

    Parameters
    ----------
    x : array_like, shape (n,)
        Observed counts, integers >= 0.

    Returns
    -------
    float
        The mean count (0.0 if every count is 0).

    Raises
    ------
    ValueError
        If ``x`` is empty, not 1-D, or holds a value that is not an integer >= 0.

    Examples
    --------
    >>> poisson_mle([2, 0, 3, 1, 4])
    2.0
    """
    x = _check_count_sample(x)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def exponential_mle(x: ArrayLike) -> float:
    r"""Maximum likelihood estimate of an exponential distribution's **rate** :math:`\lambda`.

    The density is :math:`\lambda e^{-\lambda x}`; setting the derivative of
    :math:`\ell(\lambda) = n \log\lambda - \lambda \sum_i x_i` to zero:

    .. math::

        \hat\lambda = \frac{n}{\sum_{i=1}^{n} x_i} = \frac{1}{\bar x}

    Parameters
    ----------
    x : array_like, shape (n,)
        Observed waiting times, >= 0 and not all 0.

    Returns
    -------
    float
        The rate :math:`1 / \bar x` (events per unit time), not the mean waiting time
        :math:`\bar x` (which is the scale, :math:`1/\lambda`).

    Raises
    ------
    ValueError
        If ``x`` is empty, not 1-D, holds NaN, inf or a negative value, or is all zeros.

    Examples
    --------
    >>> exponential_mle([0.5, 1.5, 2.0])  # mean 4/3
    0.75
    """
    x = _check_waiting_times(x)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# The log-likelihood itself
# --------------------------------------------------------------------------------------------
def gaussian_log_likelihood(x: ArrayLike, mu: float, sigma: float) -> float:
    r"""Log-likelihood of a sample under :math:`\mathcal N(\mu, \sigma^2)` (a total).

    .. math::

        \ell(\mu, \sigma) = \sum_{i=1}^{n} \log \mathcal N(x_i \mid \mu, \sigma^2)
        = -\frac{n}{2}\log(2\pi) - n \log\sigma
          - \frac{1}{2\sigma^2} \sum_{i=1}^{n} (x_i - \mu)^2

    Parameters
    ----------
    x : array_like, shape (n,)
        Observed real numbers, finite.
    mu : float
        The mean, finite.
    sigma : float
        The **standard deviation** (not the variance), finite and > 0.

    Returns
    -------
    float
        The total log-likelihood, natural log, with the constant :math:`-\tfrac12\log 2\pi`
        per sample kept. It can be positive (a density can exceed 1).

    Raises
    ------
    ValueError
        If ``x`` is empty, not 1-D or not finite, ``mu`` is not a finite number, or ``sigma``
        is not a finite number > 0.

    Examples
    --------
    >>> gaussian_log_likelihood([0.0], 0.0, 1.0)  # -log(2 pi) / 2
    -0.9189385332046727
    >>> gaussian_log_likelihood([2, 4, 4, 4, 5, 5, 7, 9], 5.0, 2.0)
    -16.896685710116945
    """
    x, mu, sigma = _check_gaussian(x, mu, sigma)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError
