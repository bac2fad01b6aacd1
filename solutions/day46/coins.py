"""Day 46 exercises: probability versus likelihood, with coins.

A coin lands heads with probability ``theta``. The same formula answers two questions:

* probability looks forward: ``theta`` is known, which outcomes are likely?
* likelihood looks back: the flips are known, which ``theta`` explains them best?

Conventions, for every function in this module:

* A flip is ``1`` for **heads** and ``0`` for tails; ``flips`` is an array-like (a list, a NumPy
  array, booleans are fine) holding ``n >= 1`` flips. ``theta`` is the probability of heads.
* Flips are independent and identically distributed (i.i.d.), so the probability of a sequence
  is the product of the probabilities of its flips.
* ``0 ** 0 = 1``: a count of zero contributes the factor 1 whatever ``theta`` is, so the ends
  ``theta = 0`` and ``theta = 1`` are exact (``theta = 1`` gives all-heads data probability
  ``1.0`` and any data with a tail probability ``0.0``). Beware ``0 * log(0)``, which is ``nan``
  in floating point.
* Every function returns a Python ``float``, except :func:`likelihood_grid`, which returns a 1-D
  NumPy array of floats. Logarithms, where you use them, are natural logarithms.
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Grading compares your result with the exact value (computed in high precision) using a relative
tolerance of ``1e-9`` and no absolute slack: a probability of ``1e-200`` is not ``0``. Where the
exact value is smaller than the smallest float, ``0.0`` is expected. Infinite results must be
exactly ``inf``. :func:`likelihood_grid` is compared entry by entry in the same way, and
:func:`grid_mle` must return one of the values of ``thetas``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "bernoulli_pmf",
    "binomial_pmf",
    "sequence_probability",
    "likelihood_grid",
    "grid_mle",
    "likelihood_ratio",
]


# --------------------------------------------------------------------------------------------
# Input checks (given: keep them).
# --------------------------------------------------------------------------------------------
def _check_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a single real number that is not NaN."""
    if isinstance(value, str | bytes) or np.ndim(value) != 0:
        raise ValueError(f"{name} must be a single number, got {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a number ({error})") from None
    if math.isnan(number):
        raise ValueError(f"{name} is NaN")
    return number


def _check_probability(theta: object, name: str) -> float:
    """Return ``theta`` as a float in [0, 1], or raise ValueError naming it."""
    p = _check_number(theta, name)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{name} is a probability and must lie in [0, 1], got {p!r}")
    return p


def _check_outcome(x: object) -> int:
    """Return one flip as the int 0 (tails) or 1 (heads)."""
    value = _check_number(x, "x")
    if value not in (0.0, 1.0):
        raise ValueError(f"x must be 0 (tails) or 1 (heads), got {x!r}")
    return int(value)


def _check_count(value: object, name: str) -> int:
    """Return ``value`` as a non-negative int (an integral float such as 3.0 is accepted)."""
    number = _check_number(value, name)
    if not math.isfinite(number) or number < 0 or number != math.floor(number):
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(number)


def _check_vector(values: ArrayLike, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float array with at least one entry and no NaN."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a sequence of numbers ({error})") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: at least one value is needed")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    return array


def _check_flips(flips: ArrayLike) -> np.ndarray:
    """Return the flips as a 1-D float array of 0.0 (tails) and 1.0 (heads)."""
    x = _check_vector(flips, "flips")
    outside = ~np.isin(x, (0.0, 1.0))
    if outside.any():
        raise ValueError(f"flips must hold 0 (tails) or 1 (heads), found {x[outside][0]!r}")
    return x


def _check_bernoulli(x: object, theta: object) -> tuple[int, float]:
    return _check_outcome(x), _check_probability(theta, "theta")


def _check_binomial(k: object, n: object, theta: object) -> tuple[int, int, float]:
    heads, total = _check_count(k, "k"), _check_count(n, "n")
    if heads > total:
        raise ValueError(f"k (the number of heads, {heads}) cannot exceed n ({total})")
    return heads, total, _check_probability(theta, "theta")


def _check_sequence(flips: ArrayLike, theta: object) -> tuple[np.ndarray, float]:
    return _check_flips(flips), _check_probability(theta, "theta")


def _check_grid(flips: ArrayLike, thetas: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    grid = _check_vector(thetas, "thetas")
    outside = (grid < 0.0) | (grid > 1.0)
    if outside.any():
        raise ValueError(f"thetas must hold probabilities in [0, 1], found {grid[outside][0]!r}")
    return _check_flips(flips), grid


def _check_ratio(
    flips: ArrayLike, theta_1: object, theta_0: object
) -> tuple[np.ndarray, float, float]:
    """Check the inputs of a likelihood ratio; refuse 0 / 0 (data impossible under both)."""
    x = _check_flips(flips)
    p1, p0 = _check_probability(theta_1, "theta_1"), _check_probability(theta_0, "theta_0")

    def impossible(p: float) -> bool:
        # A head has probability 0 when p = 0; a tail has probability 0 when p = 1.
        return (p == 0.0 and bool((x == 1.0).any())) or (p == 1.0 and bool((x == 0.0).any()))

    if impossible(p1) and impossible(p0):
        raise ValueError(f"the flips are impossible under both theta_1 = {p1} and theta_0 = {p0}:"
                         " the likelihood ratio 0 / 0 is undefined")
    return x, p1, p0


# --------------------------------------------------------------------------------------------
# Probability: theta known, outcome unknown
# --------------------------------------------------------------------------------------------
def bernoulli_pmf(x: int, theta: float) -> float:
    r"""Probability of one flip's outcome under a coin with P(heads) = theta.

    .. math::

        P(X = x \mid \theta) = \theta^{x} (1 - \theta)^{1 - x}, \qquad x \in \{0, 1\}

    Parameters
    ----------
    x : int
        The outcome: 1 for heads, 0 for tails (``True``/``False`` and ``1.0``/``0.0`` are fine).
    theta : float
        The probability of heads, in [0, 1].

    Returns
    -------
    float
        ``theta`` for heads, ``1 - theta`` for tails; exact at ``theta = 0`` and ``theta = 1``
        (``0 ** 0 = 1``).

    Raises
    ------
    ValueError
        If ``x`` is not 0 or 1, or ``theta`` is outside [0, 1] or NaN.

    Examples
    --------
    >>> bernoulli_pmf(1, 0.3)
    0.3
    >>> bernoulli_pmf(0, 0.25)
    0.75
    """
    outcome, p = _check_bernoulli(x, theta)
    ### BEGIN SOLUTION
    # Python's 0.0 ** 0 is 1.0: the power form already follows the 0^0 = 1 convention.
    return float(p**outcome * (1.0 - p) ** (1 - outcome))
    ### END SOLUTION


def binomial_pmf(k: int, n: int, theta: float) -> float:
    r"""Probability of exactly ``k`` heads in ``n`` independent flips, in any order.

    .. math::

        P(K = k \mid n, \theta) = \binom{n}{k} \theta^{k} (1 - \theta)^{n - k},
        \qquad \binom{n}{k} = \frac{n!}{k!\,(n - k)!}

    Parameters
    ----------
    k : int
        The number of heads, ``0 <= k <= n``.
    n : int
        The number of flips, ``n >= 0``.
    theta : float
        The probability of heads, in [0, 1].

    Returns
    -------
    float
        The probability, exact at ``theta = 0`` and ``theta = 1`` (``0 ** 0 = 1``). It must stay
        accurate for large ``n`` (the tests go to ``n = 2000``), where ``n!`` (from ``n = 171``)
        and even :math:`\binom{n}{k}` (from ``n`` of about 1030) overflow a float and
        :math:`\theta^k` can underflow: combine the factors in logs (``math.lgamma``, or
        ``math.log`` of the exact integer ``math.comb(n, k)``), then exponentiate.

    Raises
    ------
    ValueError
        If ``k`` or ``n`` is not a non-negative integer, ``k > n``, or ``theta`` is outside
        [0, 1] or NaN.

    Examples
    --------
    >>> round(binomial_pmf(2, 4, 0.5), 15)  # 6 orders, each of probability 1/16
    0.375
    >>> round(binomial_pmf(8, 8, 0.5), 15)  # 8 heads in 8 flips of a fair coin
    0.00390625
    """
    k, n, p = _check_binomial(k, n, theta)
    ### BEGIN SOLUTION
    if (k > 0 and p == 0.0) or (k < n and p == 1.0):
        return 0.0  # a head is impossible at theta = 0, a tail at theta = 1
    # The zero-count factors are 1 (0^0 = 1); skipping them also avoids 0 * log 0 = nan.
    log_heads = k * math.log(p) if k > 0 else 0.0
    log_tails = (n - k) * math.log1p(-p) if k < n else 0.0
    return math.exp(math.log(math.comb(n, k)) + log_heads + log_tails)
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Likelihood: outcome known, theta unknown
# --------------------------------------------------------------------------------------------
def sequence_probability(flips: ArrayLike, theta: float) -> float:
    r"""Probability of one particular sequence of i.i.d. flips: the likelihood :math:`L(\theta)`.

    .. math::

        P(x_1, \dots, x_n \mid \theta) = \prod_{i=1}^{n} \theta^{x_i} (1 - \theta)^{1 - x_i}
            = \theta^{h} (1 - \theta)^{t}

    where :math:`h` is the number of heads and :math:`t = n - h` the number of tails. There is
    no binomial coefficient: the order of the flips is part of what was observed.

    Parameters
    ----------
    flips : array_like, shape (n,)
        The observed flips, 1 for heads and 0 for tails.
    theta : float
        The probability of heads, in [0, 1].

    Returns
    -------
    float
        The probability of exactly this sequence; exact at ``theta = 0`` and ``theta = 1``.
        For long sequences it underflows to ``0.0`` (e.g. 2000 flips): that is expected here
        (it is why :func:`likelihood_ratio` and :func:`grid_mle` work in logs).

    Raises
    ------
    ValueError
        If ``flips`` is empty, not 1-D, or holds a value other than 0 or 1, or ``theta`` is
        outside [0, 1] or NaN.

    Examples
    --------
    >>> sequence_probability([1, 1, 1, 1, 1, 1, 1, 1], 0.5)  # 8 heads in a row: 0.5 ** 8
    0.00390625
    >>> round(sequence_probability([1, 0, 1, 1], 0.6), 12)  # 0.6 ** 3 * 0.4
    0.0864
    """
    x, p = _check_sequence(flips, theta)
    ### BEGIN SOLUTION
    heads = int(np.count_nonzero(x))
    return float(p**heads * (1.0 - p) ** (x.size - heads))
    ### END SOLUTION


def likelihood_grid(flips: ArrayLike, thetas: ArrayLike) -> np.ndarray:
    r"""The likelihood :math:`L(\theta)` of the flips at every value of a grid of thetas.

    .. math::

        L(\theta_j) = \prod_{i=1}^{n} \theta_j^{x_i} (1 - \theta_j)^{1 - x_i}
            = \theta_j^{h} (1 - \theta_j)^{t}, \qquad j = 1, \dots, m

    :math:`L` is a function of :math:`\theta` with the data held fixed. It is **not** a
    probability distribution over :math:`\theta`: do not normalise it (its integral over
    [0, 1] is not 1 in general; for 8 heads it is 1/9).

    Parameters
    ----------
    flips : array_like, shape (n,)
        The observed flips, 1 for heads and 0 for tails.
    thetas : array_like, shape (m,)
        The values of theta to evaluate, each in [0, 1], in any order (duplicates allowed).

    Returns
    -------
    numpy.ndarray of float, shape (m,)
        ``L[j]`` is the probability of the flips under ``thetas[j]``, in the order of
        ``thetas``; a 1-D array even when ``m = 1``. Exact at ``theta = 0`` and ``1``; entries
        may underflow to ``0.0`` for long data.

    Raises
    ------
    ValueError
        If ``flips`` or ``thetas`` is empty or not 1-D, a flip is not 0 or 1, or a theta is
        outside [0, 1] or NaN.

    Examples
    --------
    >>> likelihood_grid([1, 1, 0], [0.0, 0.25, 0.5, 0.75, 1.0]).tolist()
    [0.0, 0.046875, 0.125, 0.140625, 0.0]
    """
    x, grid = _check_grid(flips, thetas)
    ### BEGIN SOLUTION
    heads = int(np.count_nonzero(x))
    # np.power(0.0, 0) is 1.0, so the ends of the grid follow 0^0 = 1 without special cases.
    return np.power(grid, heads) * np.power(1.0 - grid, x.size - heads)
    ### END SOLUTION


def grid_mle(flips: ArrayLike, thetas: ArrayLike) -> float:
    r"""The value of the grid that maximises the likelihood: a maximum-likelihood estimate.

    .. math::

        \hat\theta = \operatorname*{arg\,max}_{\theta \in \{\theta_1, \dots, \theta_m\}}
            L(\theta) = \operatorname*{arg\,max}_{\theta} \bigl[\, h \log\theta
            + t \log(1 - \theta) \,\bigr]

    On a fine enough grid the answer is the grid value nearest to :math:`h / n`.

    Parameters
    ----------
    flips : array_like, shape (n,)
        The observed flips, 1 for heads and 0 for tails.
    thetas : array_like, shape (m,)
        The candidate values of theta, each in [0, 1], in any order.

    Returns
    -------
    float
        The entry of ``thetas`` with the largest likelihood (the value, not its index). Ties
        go to the **first** maximiser in the order of ``thetas``. The answer must be right
        even when every :math:`L(\theta)` underflows to ``0.0`` (the tests use 2000 flips):
        compare log-likelihoods, which keep their order (log is increasing), with
        ``0 * log 0 = 0``.

    Raises
    ------
    ValueError
        As :func:`likelihood_grid`.

    Examples
    --------
    >>> grid_mle([1, 1, 0], [0.0, 0.25, 0.5, 0.75, 1.0])
    0.75
    >>> grid_mle([1, 0], [0.25, 0.75])  # a tie: L = 0.1875 at both; the first wins
    0.25
    """
    x, grid = _check_grid(flips, thetas)
    ### BEGIN SOLUTION
    heads = int(np.count_nonzero(x))
    tails = x.size - heads
    # A zero count adds 0 whatever theta is; only evaluate logs that are multiplied by a count.
    with np.errstate(divide="ignore"):
        log_lik = np.zeros_like(grid)
        if heads:
            log_lik += heads * np.log(grid)
        if tails:
            log_lik += tails * np.log1p(-grid)
    # argmax returns the first maximiser, which is the tie rule.
    return float(grid[np.argmax(log_lik)])
    ### END SOLUTION


def likelihood_ratio(flips: ArrayLike, theta_1: float, theta_0: float) -> float:
    r"""How many times more probable the flips are under ``theta_1`` than under ``theta_0``.

    .. math::

        \Lambda = \frac{L(\theta_1)}{L(\theta_0)}
            = \left(\frac{\theta_1}{\theta_0}\right)^{h}
              \left(\frac{1 - \theta_1}{1 - \theta_0}\right)^{t}
            = \exp\bigl[\ell(\theta_1) - \ell(\theta_0)\bigr],
        \qquad \ell(\theta) = h \log\theta + t \log(1 - \theta)

    Parameters
    ----------
    flips : array_like, shape (n,)
        The observed flips, 1 for heads and 0 for tails.
    theta_1 : float
        The probability of heads under the hypothesis in the numerator, in [0, 1].
    theta_0 : float
        The probability of heads under the hypothesis in the denominator, in [0, 1].

    Returns
    -------
    float
        The ratio, >= 0. Conventions at the ends: ``inf`` when the flips are impossible under
        ``theta_0`` but not under ``theta_1``, ``0.0`` in the reverse case; ``0 / 0`` (the flips
        impossible under both) raises ``ValueError`` (that check is given). It must stay
        accurate for long data (the tests use 2000 flips) where both likelihoods underflow to
        ``0.0``: subtract log-likelihoods, then exponentiate. A ratio beyond the largest float
        is ``inf``.

    Raises
    ------
    ValueError
        As :func:`sequence_probability` (for ``theta_1`` and ``theta_0``), or if the flips are
        impossible under both hypotheses.

    Examples
    --------
    >>> round(likelihood_ratio([1, 1, 1, 1, 1, 1, 1, 1], 1.0, 0.5), 9)  # 1 / 0.5 ** 8
    256.0
    >>> round(likelihood_ratio([1, 0, 1, 1], 0.75, 0.5), 12)  # (0.75**3 * 0.25) / 0.5**4
    1.6875
    """
    x, p1, p0 = _check_ratio(flips, theta_1, theta_0)
    ### BEGIN SOLUTION
    heads = int(np.count_nonzero(x))
    tails = x.size - heads
    with np.errstate(divide="ignore"):
        log_ratio = 0.0
        if heads:
            log_ratio += heads * (np.log(p1) - np.log(p0))
        if tails:
            log_ratio += tails * (np.log1p(-p1) - np.log1p(-p0))
    # -inf - (-inf) cannot happen: the check above refuses data impossible under both.
    with np.errstate(over="ignore"):
        return float(np.exp(log_ratio))
    ### END SOLUTION
