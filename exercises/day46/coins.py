# Your exercise file. It was generated from the course's reference by
# `python -m course stubs`; edit the function bodies marked YOUR CODE HERE.
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
  NumPy array of floats, and :func:`likelihood_interval`, which returns a tuple of two floats.
  Logarithms, where you use them, are natural logarithms.
* Inputs are never modified: leave the caller's lists and arrays as they were. (Careful: the
  checks below use ``np.asarray``, which returns the caller's own array when it already is a
  float array, so sorting the checked array in place, or writing into it, changes the caller's
  data; work on a copy.)
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Grading compares your result ``got`` with the exact value ``r`` (computed with 50 digits, then
rounded to the nearest float64) as ``math.isclose(got, r, rel_tol=1e-9, abs_tol=1e-320)``, that
is ``|got - r| <= max(1e-9 * max(|got|, |r|), 1e-320)``. The absolute term only matters for
results below the smallest normal float ``2.2e-308``, where a float keeps fewer digits: a
probability of ``1e-200`` is not ``0``, but an exact value below ``1e-320`` may come out as
``0.0`` or a few subnormal steps away from ``r``. Infinite results must be exactly ``inf``.
:func:`likelihood_grid` is compared entry by entry in the same way, :func:`grid_mle` must
return the expected entry of ``thetas``, and each end of :func:`likelihood_interval` has its
own tolerance (see there).

Imports: the standard library, numpy and scipy only. The lesson code (days), the reference
(solutions) and the tests are not available when your work is graded.
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
    "likelihood_interval",
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


def _check_interval(flips: ArrayLike, c: object) -> tuple[np.ndarray, float]:
    x = _check_flips(flips)
    level = _check_number(c, "c")
    if not 0.0 < level < 1.0:
        raise ValueError(f"c is a fraction of the largest likelihood and must satisfy "
                         f"0 < c < 1, got {level!r}")
    return x, level


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
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


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
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


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
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def likelihood_grid(flips: ArrayLike, thetas: ArrayLike) -> np.ndarray:
    r"""The likelihood :math:`L(\theta)` of the flips at every value of a grid of thetas.

    .. math::

        L(\theta_j) = \prod_{i=1}^{n} \theta_j^{x_i} (1 - \theta_j)^{1 - x_i}
            = \theta_j^{h} (1 - \theta_j)^{t}, \qquad j = 1, \dots, m

    :math:`L` is a function of :math:`\theta` with the data held fixed. It is **not** a
    probability distribution over :math:`\theta` (its integral over [0, 1] is not 1 in
    general; for 8 heads it is 1/9). A likelihood is defined only up to a positive factor that
    does not depend on :math:`\theta` (the binomial coefficient, or a division by the peak,
    changes no ratio and no maximiser), but this function returns one definite version: the
    probability of the sequence itself, with no such factor, and the tests compare those
    values. Do not normalise it.

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
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def grid_mle(flips: ArrayLike, thetas: ArrayLike) -> float:
    r"""The value of the grid that maximises the likelihood: a maximum-likelihood estimate.

    .. math::

        \hat\theta = \operatorname*{arg\,max}_{\theta \in \{\theta_1, \dots, \theta_m\}}
            L(\theta) = \operatorname*{arg\,max}_{\theta} \bigl[\, h \log\theta
            + t \log(1 - \theta) \,\bigr]

    The log-likelihood rises up to :math:`h / n` and falls after it, so the maximiser is one
    of the two grid values either side of :math:`h / n` (:math:`h / n` itself when it is on the
    grid), but **not always the nearer one**: with one head in 67 flips on the grid 0, 0.01,
    ..., 1, :math:`h / n \approx 0.0149` is nearer 0.01, yet :math:`L(0.02) > L(0.01)`.
    Compare likelihoods; do not round :math:`h / n`.

    Parameters
    ----------
    flips : array_like, shape (n,)
        The observed flips, 1 for heads and 0 for tails.
    thetas : array_like, shape (m,)
        The candidate values of theta, each in [0, 1], in any order (duplicates allowed).

    Returns
    -------
    float
        The entry of ``thetas`` with the largest likelihood (the value, not its index). The
        answer must be right even when every :math:`L(\theta)` underflows to ``0.0`` (the
        tests use 2000 flips): compare log-likelihoods, which keep their order (log is
        increasing), with ``0 * log 0 = 0``.

        **Ties** are meant in exact arithmetic: take each ``thetas[j]`` as the exact number
        the float stores and :math:`L(\theta_j) = \theta_j^h (1 - \theta_j)^t` exactly; when
        several entries share the largest exact likelihood, return the **first** of them in
        the order of ``thetas``. Floating point cannot always see a difference smaller than
        its rounding error (for the flips ``[1, 0]``, the floats 0.3 and 0.7 have exact
        likelihoods that differ by about one part in 1e16, and exact arithmetic prefers 0.7,
        while a float computation with logs may see a tie and return 0.3), so the
        tests use only exact ties that every float computation sees too (a value repeated,
        data impossible under several values, a pair such as 0.25 and 0.75 for one head and
        one tail), and otherwise grids whose best value's likelihood beats every other one's
        by more than a factor ``1 + 1e-9``.

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
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


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
        ``0.0``: subtract log-likelihoods, then exponentiate. The powers of ratios in the
        formula fail too: for 1000 heads and 1000 tails, :math:`(0.9 / 0.1)^{1000}` overflows
        (``inf`` in NumPy, ``OverflowError`` with Python floats) and
        :math:`(0.1 / 0.9)^{1000}` underflows to ``0.0``, so their product is ``nan``, where
        the ratio is about 1. A ratio beyond the largest float is ``inf``.

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
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Which thetas explain the data almost as well as the best one?
# --------------------------------------------------------------------------------------------
def likelihood_interval(flips: ArrayLike, c: float) -> tuple[float, float]:
    r"""Every theta whose likelihood is at least ``c`` times the largest: a likelihood interval.

    .. math::

        I_c = \Bigl\{\theta \in [0, 1] : \frac{L(\theta)}{L(\hat\theta)} \ge c\Bigr\}
            = \bigl\{\theta \in [0, 1] : \ell(\theta) \ge \ell(\hat\theta) + \log c\bigr\},
        \qquad \hat\theta = \frac{h}{n}, \quad
        \ell(\theta) = h \log\theta + t \log(1 - \theta)

    with ``0 * log 0 = 0`` (so :math:`\ell(0) = 0` when there are no heads, and
    :math:`\ell(1) = 0` when there are no tails). The ratio :math:`L(\theta) / L(\hat\theta)`
    does not change when :math:`L` is multiplied by a constant, so the sequence and the count
    (with its :math:`\binom{n}{h}`) give the same interval. The lesson does not derive the rest;
    that is the exercise: why this set is a single interval ``[low, high]`` around
    :math:`\hat\theta`, what its ends are when ``h = 0`` or ``t = 0``, and how to find them
    otherwise (the equation :math:`\ell(\theta) = \ell(\hat\theta) + \log c` has no closed
    form in general, but on each side of :math:`\hat\theta` the log-likelihood is monotone).

    Parameters
    ----------
    flips : array_like, shape (n,)
        The observed flips, 1 for heads and 0 for tails.
    c : float
        The fraction of the largest likelihood, ``0 < c < 1`` (1/8 and 1/32 are common
        choices; the smaller ``c``, the wider the interval).

    Returns
    -------
    tuple of (float, float)
        ``(low, high)``, the smallest and the largest theta in [0, 1] with
        :math:`L(\theta) \ge c \, L(\hat\theta)`; ``low <= h / n <= high``.

        Each end is compared with the exact end ``r`` (found with 50 digits, then rounded to
        float64) as ``math.isclose(got, r, rel_tol=1e-9, abs_tol=1e-12)``. Bisection until the
        bracket is shorter than ``1e-13`` (or until its midpoint equals one of its ends) meets
        this, and so does ``scipy.optimize.brentq(..., xtol=1e-15)``; brentq's default
        ``xtol=2e-12`` allows more error than the tolerance. (The ends are well conditioned
        unless ``c`` is close to 1, where they approach the flat top of :math:`\ell`; the tests
        use ``c <= 0.75`` and ``n <= 2000``.)

    Raises
    ------
    ValueError
        If ``flips`` is empty, not 1-D, or holds a value other than 0 or 1, or ``c`` is not a
        number with ``0 < c < 1``.

    Examples
    --------
    >>> likelihood_interval([1, 1, 1, 1], 1 / 16)  # theta^4 >= 1/16 from theta = 1/2 on
    (0.5, 1.0)
    >>> low, high = likelihood_interval([1, 0], 0.75)  # theta (1 - theta) >= 0.75 / 4
    >>> round(low, 12), round(high, 12)
    (0.25, 0.75)
    """
    x, level = _check_interval(flips, c)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError
