# Your exercise file. It was generated from the course's reference by
# `python -m course stubs`; edit the function bodies marked YOUR CODE HERE.
"""Day 48 exercises: the losses that maximum likelihood hands us.

Each function turns a noise model into a number you can minimise. Conventions, for every
function in this module:

* Inputs are array-likes (lists or NumPy arrays) holding ``n >= 1`` samples; paired inputs have
  the same length.
* Every function returns a Python ``float`` (``float(...)`` of a NumPy scalar is fine).
* Logarithms are natural logarithms.
* Naming rule: a function named ``...nll`` or ``...likelihood`` returns a **total** over the
  samples; a function named as a loss (``mse``, ``...cross_entropy``) returns the **mean**.
* ``0 * log 0 = 0``: a sample whose label has probability 1 contributes nothing to the loss.
* Inputs are never modified. The checks below hand you NumPy arrays that may be the caller's own
  arrays (``np.asarray`` does not copy a float array), so compute new arrays (``r = y - mu``)
  instead of changing them in place (``y -= mu``).
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Tolerance. Grading compares your result with the exact value rounded to float64 (computed
independently, in exact or high-precision arithmetic) as ``math.isclose(result, exact,
rel_tol=1e-9, abs_tol=1e-12)``: a relative error of ``1e-9`` or an absolute error of ``1e-12``,
whichever is looser. The absolute floor matters only where the exact value is close to 0 (a
Gaussian NLL whose terms cancel, a loss of a nearly certain label). ``likelihood`` is compared
by relative error only (``abs_tol=0``), since its values are routinely far below ``1e-12``.
Infinite results must be exactly ``inf`` or ``-inf``; a result is never ``nan``.

Imports: the standard library, numpy and scipy only. The lesson code (days), the reference
(solutions) and the tests are not available when your work is graded.
"""

from __future__ import annotations

import math  # noqa: F401 (math.lgamma is one way to get log C(m, k))

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "likelihood",
    "log_likelihood",
    "binary_cross_entropy",
    "gaussian_nll",
    "mse",
    "categorical_cross_entropy",
    "binomial_nll",
]


# --------------------------------------------------------------------------------------------
# Input checks (given: keep them).
# --------------------------------------------------------------------------------------------
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


def _check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{a_name} and {b_name} must have the same length, got {a.shape[0]} and {b.shape[0]}"
        )


def _check_labels(y_true: ArrayLike) -> np.ndarray:
    y = _check_vector(y_true, "y_true")
    is_label = (y == 0.0) | (y == 1.0)
    if not is_label.all():
        raise ValueError(f"y_true must hold labels 0 or 1, found {y[~is_label][0]!r}")
    return y


def _check_probabilities(p: np.ndarray, name: str) -> np.ndarray:
    if ((p < 0.0) | (p > 1.0)).any():
        bad = p[(p < 0.0) | (p > 1.0)].flat[0]
        raise ValueError(f"{name} must hold probabilities in [0, 1], found {bad!r}")
    return p


def _check_binary(y_true: ArrayLike, p_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y = _check_labels(y_true)
    p = _check_probabilities(_check_vector(p_pred, "p_pred"), "p_pred")
    _check_same_length(y, "y_true", p, "p_pred")
    return y, p


def _check_regression(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y = _check_vector(y_true, "y_true")
    y_hat = _check_vector(y_pred, "y_pred")
    _check_same_length(y, "y_true", y_hat, "y_pred")
    if not (np.isfinite(y).all() and np.isfinite(y_hat).all()):
        raise ValueError("y_true and y_pred must be finite")
    return y, y_hat


def _check_sigma(sigma: ArrayLike, n: int) -> np.ndarray:
    """Return sigma as an array of shape (n,): a scalar is shared by every sample."""
    try:
        s = np.asarray(sigma, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"sigma must be a number or a sequence of numbers ({error})") from None
    if s.ndim > 1 or (s.ndim == 1 and s.shape[0] != n):
        raise ValueError(f"sigma must be a scalar or have one entry per sample ({n}), "
                         f"got shape {s.shape}")
    if np.isnan(s).any() or (s <= 0.0).any() or not np.isfinite(s).all():
        raise ValueError("sigma is the standard deviation: every entry must be finite and > 0")
    return np.broadcast_to(s, (n,))


def _check_gaussian(
    y_true: ArrayLike, y_pred: ArrayLike, sigma: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y, y_hat = _check_regression(y_true, y_pred)
    return y, y_hat, _check_sigma(sigma, y.shape[0])


def _check_classes(y_true: ArrayLike, probs: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y = _check_vector(y_true, "y_true")
    if not (y == np.round(y)).all():
        raise ValueError("y_true must hold integer class indices")
    try:
        q = np.asarray(probs, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"probs must be a 2-D array of numbers ({error})") from None
    if q.ndim != 2 or q.shape[1] == 0:
        raise ValueError(f"probs must have shape (n, k) with k >= 1, got shape {q.shape}")
    _check_same_length(y, "y_true", q, "probs")
    if np.isnan(q).any():
        raise ValueError("probs contains NaN")
    _check_probabilities(q, "probs")
    if not np.allclose(q.sum(axis=1), 1.0, rtol=0.0, atol=1e-6):
        raise ValueError("probs rows must each sum to 1 (they are probability distributions)")
    k = q.shape[1]
    if ((y < 0) | (y >= k)).any():
        raise ValueError(f"y_true holds a class index outside 0..{k - 1}")
    return y.astype(np.intp), q


def _check_counts(values: ArrayLike, name: str) -> np.ndarray:
    counts = _check_vector(values, name)
    whole = np.isfinite(counts) & (counts >= 0) & (counts == np.round(counts))
    if not whole.all():
        raise ValueError(f"{name} must hold counts: finite integers >= 0")
    return counts


def _check_binomial(
    successes: ArrayLike, trials: ArrayLike, p_pred: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    k = _check_counts(successes, "successes")
    m = _check_counts(trials, "trials")
    p = _check_probabilities(_check_vector(p_pred, "p_pred"), "p_pred")
    _check_same_length(k, "successes", m, "trials")
    _check_same_length(k, "successes", p, "p_pred")
    if (m < 1).any():
        raise ValueError("trials must be >= 1 for every sample")
    if (k > m).any():
        raise ValueError("successes cannot exceed trials")
    return k, m, p


# --------------------------------------------------------------------------------------------
# Bernoulli labels
# --------------------------------------------------------------------------------------------
def likelihood(y_true: ArrayLike, p_pred: ArrayLike) -> float:
    r"""Likelihood of binary labels under predicted probabilities.

    .. math::

        L = \prod_{i=1}^{n} p_i^{\,y_i} (1 - p_i)^{1 - y_i}

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed labels, each 0 or 1.
    p_pred : array_like, shape (n,)
        Predicted probabilities :math:`p_i = P(y_i = 1)`, each in [0, 1].

    Returns
    -------
    float
        The product of the probabilities the model gave to the observed labels. A label given
        probability 1 contributes the factor 1. For long inputs the product may underflow to
        ``0.0``: that is expected (it is why we take logs).

    Raises
    ------
    ValueError
        If the inputs are empty or of different lengths, a label is not 0 or 1, or a
        probability is outside [0, 1] or NaN.

    Examples
    --------
    >>> likelihood([1, 0, 1, 1], [0.9, 0.2, 0.8, 0.7])  # 0.9 * 0.8 * 0.8 * 0.7
    0.4032
    """
    y, p = _check_binary(y_true, p_pred)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def log_likelihood(y_true: ArrayLike, p_pred: ArrayLike) -> float:
    r"""Log-likelihood of binary labels under predicted probabilities (a total).

    .. math::

        \ell = \sum_{i=1}^{n} \bigl[\, y_i \log p_i + (1 - y_i) \log(1 - p_i) \,\bigr]

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed labels, each 0 or 1.
    p_pred : array_like, shape (n,)
        Predicted probabilities :math:`p_i = P(y_i = 1)`, each in [0, 1].

    Returns
    -------
    float
        The total log-likelihood, <= 0. Natural log. By the convention ``0 * log 0 = 0``, a
        label given probability 1 contributes 0; a label given probability 0 makes the result
        ``-inf``. It must stay finite and accurate for long inputs (n = 1 000 000) where
        :func:`likelihood` underflows to 0.0: do not take the log of the product.

    Raises
    ------
    ValueError
        As :func:`likelihood`.

    Examples
    --------
    >>> log_likelihood([1], [0.8])  # log 0.8
    -0.2231435513142097
    >>> log_likelihood([1, 0, 1, 1], [0.9, 0.2, 0.8, 0.7])
    -0.9083225622249782
    """
    y, p = _check_binary(y_true, p_pred)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def binary_cross_entropy(y_true: ArrayLike, p_pred: ArrayLike) -> float:
    r"""Binary cross-entropy: the mean negative log-likelihood of Bernoulli labels.

    .. math::

        \mathrm{BCE} = -\frac{1}{n} \sum_{i=1}^{n}
            \bigl[\, y_i \log p_i + (1 - y_i) \log(1 - p_i) \,\bigr]

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed labels, each 0 or 1.
    p_pred : array_like, shape (n,)
        Predicted probabilities :math:`p_i = P(y_i = 1)`, each in [0, 1].

    Returns
    -------
    float
        The mean loss, >= 0, natural log; ``0 * log 0 = 0``. It is ``inf`` when a label has
        probability 0: do not clip probabilities to hide that.

    Raises
    ------
    ValueError
        As :func:`likelihood`.

    Examples
    --------
    >>> binary_cross_entropy([1, 0, 1, 1], [0.9, 0.2, 0.8, 0.7])
    0.22708064055624455
    """
    y, p = _check_binary(y_true, p_pred)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Gaussian noise
# --------------------------------------------------------------------------------------------
def gaussian_nll(y_true: ArrayLike, y_pred: ArrayLike, sigma: ArrayLike = 1.0) -> float:
    r"""Negative log-likelihood of targets under Gaussian noise (a total, constant included).

    .. math::

        \mathrm{NLL} = \sum_{i=1}^{n} \left[ \tfrac12 \log\!\left(2\pi\sigma_i^2\right)
            + \frac{(y_i - \hat y_i)^2}{2\sigma_i^2} \right]

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed targets.
    y_pred : array_like, shape (n,)
        Predicted means :math:`\hat y_i`.
    sigma : float or array_like, shape (n,), default 1.0
        The noise's **standard deviation** (not the variance), > 0: one number shared by all
        samples, or one per sample.

    Returns
    -------
    float
        The total NLL, natural log, with the constant :math:`\tfrac12\log 2\pi` per sample
        kept. It can be negative (a density can exceed 1).

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite, or if ``sigma`` has the
        wrong length or an entry <= 0.

    Examples
    --------
    >>> gaussian_nll([2.0, 3.0, 4.5], [2.2, 2.8, 4.4], sigma=1.0)
    2.801815599614018
    """
    y, y_hat, s = _check_gaussian(y_true, y_pred, sigma)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""Mean squared error.

    .. math::

        \mathrm{MSE} = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat y_i)^2

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed targets.
    y_pred : array_like, shape (n,)
        Predictions.

    Returns
    -------
    float
        The mean of the squared residuals (not its square root, not halved).

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite.

    Examples
    --------
    >>> round(mse([2.0, 3.0, 4.5], [2.2, 2.8, 4.4]), 12)
    0.03
    """
    y, y_hat = _check_regression(y_true, y_pred)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Categorical labels
# --------------------------------------------------------------------------------------------
def categorical_cross_entropy(y_true: ArrayLike, probs: ArrayLike) -> float:
    r"""Categorical cross-entropy: the mean negative log-probability of the true classes.

    .. math::

        \mathrm{CCE} = -\frac{1}{n} \sum_{i=1}^{n} \log P_{i,\,y_i}

    Parameters
    ----------
    y_true : array_like of int, shape (n,)
        The true class of each sample, an index in ``0 .. k-1`` (not one-hot).
    probs : array_like, shape (n, k)
        Predicted class probabilities; row ``i`` is a distribution over the k classes.

    Returns
    -------
    float
        The mean loss, natural log. Only the probability of the true class counts
        (``0 * log 0 = 0`` for the others); the result is ``inf`` when a true class has
        probability 0. The rows are used **as given**: a row is accepted when it sums to 1
        within ``1e-6`` (rounding in whatever produced it), and it is not renormalised, so a
        true-class probability of 0.3 costs ``-log 0.3`` even in a row that sums to
        ``1.0000005``.

    Raises
    ------
    ValueError
        If ``y_true`` is empty, not integers, or holds an index outside ``0 .. k-1``; if
        ``probs`` is not of shape (n, k), holds values outside [0, 1] or NaN, or has a row
        that does not sum to 1.

    Examples
    --------
    >>> categorical_cross_entropy([0], [[0.25, 0.75]])  # -log 0.25 = log 4
    1.3862943611198906
    """
    y, q = _check_classes(y_true, probs)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Counts out of a known number of trials
# --------------------------------------------------------------------------------------------
def binomial_nll(successes: ArrayLike, trials: ArrayLike, p_pred: ArrayLike) -> float:
    r"""Negative log-likelihood of success counts under binomial noise (a total).

    Sample i saw :math:`k_i` successes in :math:`m_i` independent trials, each a success with the
    predicted probability :math:`p_i`: :math:`P(k_i) = \binom{m_i}{k_i} p_i^{k_i}
    (1 - p_i)^{m_i - k_i}`. Its NLL, with the binomial coefficient kept:

    .. math::

        \mathrm{NLL} = -\sum_{i=1}^{n} \left[ \log\binom{m_i}{k_i} + k_i \log p_i
            + (m_i - k_i) \log(1 - p_i) \right],
        \qquad \log\binom{m}{k} = \log m! - \log k! - \log (m - k)!

    with :math:`\log j! = \operatorname{lgamma}(j + 1)`. With every :math:`m_i = 1` it is the
    Bernoulli NLL of :func:`log_likelihood`, negated.

    Parameters
    ----------
    successes : array_like of int, shape (n,)
        The observed counts :math:`k_i`, integers with ``0 <= k_i <= m_i``.
    trials : array_like of int, shape (n,)
        The numbers of trials :math:`m_i`, integers >= 1.
    p_pred : array_like, shape (n,)
        Predicted success probabilities :math:`p_i`, each in [0, 1].

    Returns
    -------
    float
        The total NLL, >= 0, natural log, with :math:`\log\binom{m_i}{k_i}` kept. By the
        convention ``0 * log 0 = 0``, a count that is certain contributes only its
        coefficient's term (``k_i = 0`` at ``p_i = 0``, ``k_i = m_i`` at ``p_i = 1``: both 0);
        a count given probability 0 (``k_i > 0`` at ``p_i = 0``, ``k_i < m_i`` at ``p_i = 1``)
        makes the result ``inf``. :math:`\binom{m}{k}` overflows a float (above 1.8e308) for
        ``m`` beyond about 1030, its logarithm does not. The tests use at most 10 000 trials per
        sample, where ``lgamma`` is accurate to the module's tolerance.

    Raises
    ------
    ValueError
        If the inputs are empty or of different lengths; if ``successes`` or ``trials`` holds
        something that is not a count, a ``trials`` entry is 0, or ``successes`` exceeds
        ``trials``; if a probability is outside [0, 1] or NaN.

    Examples
    --------
    >>> round(binomial_nll([3], [4], [0.5]), 12)  # -log(4 * 0.5**4) = log 4
    1.38629436112
    >>> binomial_nll([1, 0], [1, 1], [0.8, 0.2])  # two Bernoulli labels: -log 0.8 - log 0.8
    0.4462871026284195
    """
    k, m, p = _check_binomial(successes, trials, p_pred)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError
