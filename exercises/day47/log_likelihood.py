# Your exercise file. It was generated from the course's reference by
# `python -m course stubs`; edit the function bodies marked YOUR CODE HERE.
"""Day 47 exercises: log-likelihoods, underflow and the closed-form maximum likelihood estimates.

Conventions, for every function in this module:

* Inputs are array-likes (lists or NumPy arrays) holding ``n >= 1`` samples, or plain numbers
  where the docstring says so.
* Every function returns a Python ``float`` (``float(...)`` of a NumPy scalar is fine), except
  :func:`product_underflow_length`, which returns an ``int``, and :func:`gaussian_mle`, which
  returns a tuple of two floats.
* Inputs are never modified: leave the caller's lists and arrays as they were. (Careful: the
  checks below use ``np.asarray``, which returns the caller's own array when it already is a
  float array, so ``x -= mu`` on the checked array changes the caller's data; work on a copy,
  or write ``x = x - mu``.)
* Logarithms are natural logarithms.
* A function named ``...likelihood`` returns a **total** over the samples, not a mean.
* Estimates are maximum likelihood estimates: the values that maximise the log-likelihood of the
  whole sample (the Gaussian variance divides by ``n``, not ``n - 1``).
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Grading compares each float you return, ``got``, with the exact value ``r`` (computed with 50
digits or exactly, then rounded to the nearest float64) as
``math.isclose(got, r, rel_tol=1e-9, abs_tol=1e-12)``, that is
``|got - r| <= max(1e-9 * max(|got|, |r|), 1e-12)``: a relative ``1e-9``, and an absolute
``1e-12`` that only matters where ``|r|`` is below ``1e-3``. Counts must be exactly right, and
infinite results must be exactly ``inf`` or ``-inf``.

Imports: the standard library, numpy and scipy only. The lesson code (days), the reference
(solutions) and the tests are not available when your work is graded.
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
    "censored_exponential_mle",
    "gaussian_mixture_log_likelihood",
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


def _check_censored(times: ArrayLike, observed: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    follow_up = _check_vector(times, "times")
    if not np.isfinite(follow_up).all() or (follow_up < 0).any():
        raise ValueError("times must hold finite follow-up times >= 0")
    seen = _check_vector(observed, "observed")
    if seen.shape != follow_up.shape:
        raise ValueError(f"observed has {seen.size} entries but times has {follow_up.size}: "
                         "one flag per unit")
    if not np.isin(seen, (0.0, 1.0)).all():
        raise ValueError("observed must hold 1 (event seen) or 0 (censored) for each unit")
    if not (follow_up > 0).any():
        raise ValueError("times add up to 0: the log-likelihood has no maximum (it is constant, "
                         "or grows without bound in the rate)")
    return follow_up, seen


def _check_mixture(x: ArrayLike, weights: ArrayLike, mus: ArrayLike,
                   sigmas: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    sample = _check_finite_sample(x)
    w = _check_vector(weights, "weights")
    if (w < 0).any() or not np.isfinite(w).all():
        raise ValueError("weights must be finite and >= 0")
    if abs(math.fsum(w.tolist()) - 1.0) > 1e-9:
        raise ValueError(f"weights must add up to 1 (within 1e-9), got {math.fsum(w.tolist())!r}")
    centres = _check_vector(mus, "mus")
    if not np.isfinite(centres).all():
        raise ValueError("mus must be finite")
    scales = _check_vector(sigmas, "sigmas")
    if not (np.isfinite(scales).all() and (scales > 0).all()):
        raise ValueError("sigmas are standard deviations: each must be finite and > 0")
    if not w.size == centres.size == scales.size:
        raise ValueError(f"weights, mus and sigmas must have one entry per component, got "
                         f"{w.size}, {centres.size} and {scales.size}")
    return sample, w, centres, scales


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
        the result is ``-inf`` (the log of 0), never nan. Near 0 the shifted formula keeps an
        absolute, not a relative, precision: ``logsumexp([0, -40])`` is exactly
        :math:`\log(1 + e^{-40}) \approx 4.25 \times 10^{-18}`, but
        :math:`1 + e^{-40}` rounds to 1, so the formula gives ``0.0``. The module's tolerance
        (absolute ``1e-12`` near 0) accepts both.

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
        ``n = 1``, or any sample whose values are all equal, there is no maximiser: the
        likelihood at :math:`\mu = x_1` grows without bound as :math:`\sigma^2 \to 0`. The
        function then returns what the formulas give, ``(x_1, 0.0)``, the limit (a Gaussian
        of zero width); it does not raise.

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
        The mean count. If every count is 0, :math:`\ell(\lambda) = -n\lambda` is largest at
        the edge :math:`\lambda = 0` of the parameter space (a Poisson distribution of rate 0
        puts all its probability on 0): the function returns ``0.0``, what the formula gives;
        it does not raise.

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
        per sample kept. It can be positive (a density can exceed 1). Any finite ``sigma > 0``
        is allowed, and the tests go to ``1e200`` and ``1e-200``, where
        :math:`\sigma^2` overflows to ``inf`` or underflows to ``0.0``: use :math:`\log\sigma`
        and :math:`(x_i - \mu)/\sigma`, never :math:`\log(2\pi\sigma^2)`.

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


# --------------------------------------------------------------------------------------------
# New models: derive their likelihoods yourself
# --------------------------------------------------------------------------------------------
def censored_exponential_mle(times: ArrayLike, observed: ArrayLike) -> float:
    r"""Maximum likelihood estimate of an exponential rate when some waits were cut short.

    Each of n units (light bulbs, patients, customers) is followed from time 0 for
    ``times[i]``. If its event happened then, ``observed[i] = 1`` and the wait is
    ``times[i]``. If observation stopped first (the study ended, the unit left),
    ``observed[i] = 0``: the unit is **right-censored**, and all we know is that its wait is
    longer than ``times[i]``. Waits are independent and exponential with rate
    :math:`\lambda`, so an observed wait contributes its density and a censored one the
    probability of lasting beyond ``times[i]``:

    .. math::

        L(\lambda) = \prod_{i:\ \delta_i = 1} \lambda e^{-\lambda t_i}
            \prod_{i:\ \delta_i = 0} P(T > t_i)
            = \prod_{i:\ \delta_i = 1} \lambda e^{-\lambda t_i}
            \prod_{i:\ \delta_i = 0} e^{-\lambda t_i},
        \qquad \delta_i = \texttt{observed[i]}

    Return the :math:`\lambda \ge 0` that maximises it. The lesson does not derive this one:
    write :math:`\ell(\lambda)`, set its derivative to zero, check that you found a maximum,
    and look at the case where no event was observed, where :math:`\ell` has no stationary
    point and the maximum over :math:`\lambda \ge 0` is at the edge, ``0.0``. (Dropping the
    censored units, or counting them as events, are the classic mistakes: both overstate the
    rate.)

    Parameters
    ----------
    times : array_like, shape (n,)
        Follow-up times, finite and >= 0, not all 0.
    observed : array_like, shape (n,)
        1 (or ``True``) where the event was seen at ``times[i]``, 0 where the unit was censored
        there.

    Returns
    -------
    float
        The maximum likelihood estimate of the rate (events per unit time), compared with the
        module's tolerance. A numerical maximiser must be run to that precision:
        ``scipy.stats.expon.fit`` on ``scipy.stats.CensoredData`` (with ``floc=0``) can stop
        at a relative error of about ``1e-5`` (SciPy 1.17.1, for the times
        ``[1, 2, 4, 0.5, 2.5]`` with events ``[1, 0, 1, 1, 0]``), which fails.

    Raises
    ------
    ValueError
        If ``times`` is empty, not 1-D, holds NaN, inf or a negative value, or adds up to 0;
        or ``observed`` is not a 0/1 array of the same length.

    Examples
    --------
    >>> censored_exponential_mle([2.0, 3.0, 1.0, 4.0], [1, 1, 1, 1])  # nothing censored: 1 / mean
    0.4
    >>> censored_exponential_mle([2.0, 3.0, 1.0, 4.0], [1, 0, 1, 0])
    0.2
    """
    times, observed = _check_censored(times, observed)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def gaussian_mixture_log_likelihood(x: ArrayLike, weights: ArrayLike, mus: ArrayLike,
                                    sigmas: ArrayLike) -> float:
    r"""Log-likelihood of a sample under a mixture of Gaussians (a total over the samples).

    Each sample comes from component k with probability ``weights[k]``, and then from
    :math:`\mathcal N(\mu_k, \sigma_k^2)`, so its density is a weighted sum:

    .. math::

        \ell = \sum_{i=1}^{n} \log p(x_i), \qquad
        p(x_i) = \sum_{k=1}^{K} w_k \, \mathcal N(x_i \mid \mu_k, \sigma_k^2), \qquad
        \mathcal N(x \mid \mu, \sigma^2)
            = \frac{1}{\sigma\sqrt{2\pi}} e^{-(x - \mu)^2 / (2\sigma^2)}

    The lesson shows log-sum-exp and the Gaussian log-density separately; combining them so
    that the result stays right where every density underflows (a sample 40 standard
    deviations from every centre has density ``0.0`` in float64) is the exercise.

    Parameters
    ----------
    x : array_like, shape (n,)
        Observed real numbers, finite.
    weights : array_like, shape (K,)
        The mixing weights, each >= 0, adding up to 1 within ``1e-9`` (checked). They are used
        as given, not renormalised. A weight 0 switches its component off.
    mus : array_like, shape (K,)
        The components' means, finite.
    sigmas : array_like, shape (K,)
        The components' **standard deviations** (not variances), finite and > 0.

    Returns
    -------
    float
        The total log-likelihood, natural log, constants kept, compared with the module's
        tolerance. (The tests keep every :math:`|x_i - \mu_k| / \sigma_k` below ``1e6`` and
        avoid totals near 0 made of large terms of both signs, whose rounding error, about
        ``1e-16`` of the terms' sizes, could exceed ``1e-12``.)

    Raises
    ------
    ValueError
        If ``x`` is empty, not 1-D or not finite; the weights are negative or do not add up to
        1; a mean is not finite, a standard deviation is not finite and > 0; or ``weights``,
        ``mus`` and ``sigmas`` differ in length.

    Examples
    --------
    >>> gaussian_mixture_log_likelihood([0.0], [1.0], [0.0], [1.0])  # one component: -log(2 pi)/2
    -0.9189385332046727
    >>> round(gaussian_mixture_log_likelihood([0.0, 3.0], [0.5, 0.5], [0.0, 3.0], [1.0, 1.0]), 12)
    -3.202075937832
    """
    x, weights, mus, sigmas = _check_mixture(x, weights, mus, sigmas)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError
