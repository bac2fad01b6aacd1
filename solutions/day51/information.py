"""Day 51 exercises: what a loss measures. Entropy, cross-entropy, KL divergence, soft targets
and calibration.

Every NLL of the earlier days is a cross-entropy: the mean NLL of a model on a data set is the
cross-entropy from the data's empirical distribution to the model. These functions compute
the quantities of information theory that make this precise, then use them on the outputs of a
classifier: soft targets, label smoothing, and checking and repairing its calibration.

Conventions, for every function in this module:

* A *distribution* is a 1-D array of ``k >= 1`` probabilities in [0, 1] summing to 1 (within
  ``1e-6``); arrays of shape ``(n, k)`` hold one distribution (or one row of logits) per sample.
  Class labels are integer indices ``0 .. k - 1``.
* Inputs are array-likes (lists or NumPy arrays). Numbers come back as Python ``float``
  (``float(...)`` of a NumPy scalar is fine), arrays as NumPy float arrays.
* Logarithms are natural logarithms (results in *nats*), except where ``base`` says otherwise.
* ``0 * log 0 = 0``: an outcome of probability 0 under ``p`` contributes nothing, whatever the
  other distribution gives it. An outcome with ``p > 0`` and ``q = 0`` makes the cross-entropy
  and the KL divergence ``inf``.
* No function modifies the arrays it is given (the given checks below work on copies).
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Tolerances used by the grader, each against the exact value rounded to float64:

* ``entropy``, ``cross_entropy``, ``kl_divergence``, ``expected_calibration_error``: relative
  error ``1e-9``, or absolute error ``1e-12`` where that is looser (for values near 0).
  Infinite results must be exactly ``inf``.
* ``label_smoothing``: every entry within a relative ``1e-12`` (absolute ``1e-15`` for zeros).
* ``soft_cross_entropy_with_logits``: relative error ``1e-10`` or absolute error ``1e-12``,
  whichever is looser, for logits as large as ``±1000``.
* ``fit_temperature``: relative error ``1e-6`` against the exact minimiser.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "label_smoothing",
    "soft_cross_entropy_with_logits",
    "expected_calibration_error",
    "fit_temperature",
]

#: How far from 1 the sum of a distribution may be.
SUM_TOLERANCE = 1e-6


# --------------------------------------------------------------------------------------------
# Input checks (given: keep them).
# --------------------------------------------------------------------------------------------
def _as_array(values: ArrayLike, name: str, ndim: int) -> np.ndarray:
    """Return a float *copy* of ``values`` with ``ndim`` dimensions, non-empty and without NaN."""
    try:
        array = np.array(values, dtype=float)  # a copy: the caller's array is never changed
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of numbers ({error})") from None
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape})")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    return array


def _check_distributions(values: ArrayLike, name: str, ndim: int = 1) -> np.ndarray:
    """Probabilities in [0, 1] whose sum (along the last axis) is 1 within SUM_TOLERANCE."""
    p = _as_array(values, name, ndim)
    outside = (p < 0.0) | (p > 1.0)
    if outside.any():
        bad = float(p[outside][0])
        raise ValueError(f"{name} must hold probabilities in [0, 1], found {bad!r}")
    sums = p.sum(axis=-1)
    if not np.all(np.abs(sums - 1.0) <= SUM_TOLERANCE):
        what = "must sum to 1" if ndim == 1 else "rows must each sum to 1"
        worst = float(np.ravel(sums)[np.argmax(np.abs(np.ravel(sums) - 1.0))])
        raise ValueError(f"{name} {what} (a probability distribution), got a sum of {worst!r}")
    return p


def _check_pair(p: ArrayLike, q: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    first, second = _check_distributions(p, "p"), _check_distributions(q, "q")
    if first.shape != second.shape:
        raise ValueError(f"p and q must have the same length, got {first.shape[0]} and "
                         f"{second.shape[0]}")
    return first, second


def _check_base(base: float) -> float:
    if isinstance(base, bool) or not isinstance(base, Real):
        raise ValueError(f"base must be a number > 0 other than 1, got {base!r}")
    b = float(base)
    if not (math.isfinite(b) and b > 0.0 and b != 1.0):
        raise ValueError(f"base must be a finite number > 0 other than 1, got {base!r}")
    return b


def _check_count(value: int, name: str, smallest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < smallest:
        raise ValueError(f"{name} must be an integer >= {smallest}, got {value!r}")
    return int(value)


def _check_labels(labels: ArrayLike, k: int, name: str = "labels") -> np.ndarray:
    y = _as_array(labels, name, 1)
    if not (np.isfinite(y).all() and (y == np.round(y)).all()):
        raise ValueError(f"{name} must hold integer class indices")
    if ((y < 0) | (y >= k)).any():
        raise ValueError(f"{name} holds a class index outside 0..{k - 1}")
    return y.astype(np.intp)


def _check_same_rows(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"{a_name} and {b_name} must have the same number of samples, got "
                         f"{a.shape[0]} and {b.shape[0]}")


def _check_smoothing(labels: ArrayLike, k: int, eps: float) -> tuple[np.ndarray, int, float]:
    classes = _check_count(k, "k", 2)
    if isinstance(eps, bool) or not isinstance(eps, Real) or not 0.0 <= float(eps) <= 1.0:
        raise ValueError(f"eps must be a number in [0, 1], got {eps!r}")
    return _check_labels(labels, classes), classes, float(eps)


def _check_soft_targets(targets: ArrayLike,
                        logits: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    t = _check_distributions(targets, "targets", ndim=2)
    z = _as_array(logits, "logits", 2)
    if not np.isfinite(z).all():
        raise ValueError("logits must be finite (they hold inf)")
    if t.shape != z.shape:
        raise ValueError(f"targets and logits must have the same shape (n, k), got {t.shape} "
                         f"and {z.shape}")
    return t, z


def _check_calibration(probs: ArrayLike, labels: ArrayLike,
                       bins: int) -> tuple[np.ndarray, np.ndarray, int]:
    q = _check_distributions(probs, "probs", ndim=2)
    y = _check_labels(labels, q.shape[1])
    _check_same_rows(q, "probs", y, "labels")
    return q, y, _check_count(bins, "bins", 1)


def _check_temperature(logits: ArrayLike, labels: ArrayLike,
                       held_out: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    z = _as_array(logits, "logits", 2)
    if not np.isfinite(z).all():
        raise ValueError("logits must be finite (they hold inf)")
    y = _check_labels(labels, z.shape[1])
    _check_same_rows(z, "logits", y, "labels")
    try:
        mask = np.array(held_out)
    except (TypeError, ValueError) as error:
        raise ValueError(f"held_out must be an array of booleans ({error})") from None
    if mask.ndim != 1 or not (mask.dtype == bool or np.isin(mask, (0, 1)).all()):
        raise ValueError("held_out must be a 1-D array of booleans (True for a held-out row)")
    mask = mask.astype(bool)
    _check_same_rows(z, "logits", mask, "held_out")
    if not mask.any():
        raise ValueError("held_out selects no row: the temperature is fitted on held-out rows")
    # A finite MLE exists only if the held-out NLL turns upwards on both sides (see Day 51's
    # README): some true class must trail its row's top logit (else T -> 0 lowers the NLL for
    # ever), and the true logits must beat their rows' means on average (else T -> infinity).
    rows, true = z[mask], z[mask][np.arange(mask.sum()), y[mask]]
    if not (true < rows.max(axis=1)).any():
        raise ValueError("logits and labels: on the held-out rows every true class has the "
                         "largest logit, so the NLL falls for ever as T -> 0: no MLE exists")
    if np.mean(rows.mean(axis=1) - true) >= 0.0:
        raise ValueError("logits and labels: on the held-out rows the true classes' logits do "
                         "not beat their rows' means on average, so the NLL falls for ever as "
                         "T -> infinity: no MLE exists")
    return z, y, mask


# --------------------------------------------------------------------------------------------
# Entropy, cross-entropy, KL divergence
# --------------------------------------------------------------------------------------------
def entropy(p: ArrayLike, base: float = math.e) -> float:
    r"""Entropy of a discrete distribution: the expected surprise :math:`-\log p_i`.

    .. math::

        H(p) = -\sum_{i=1}^{k} p_i \log_b p_i = -\frac{1}{\ln b} \sum_{i=1}^{k} p_i \ln p_i,
        \qquad 0 \log 0 = 0

    Parameters
    ----------
    p : array_like, shape (k,)
        A probability distribution: entries in [0, 1] summing to 1 (within ``1e-6``). It is
        used as given, not renormalised.
    base : float, default e
        The base b of the logarithm, > 0 and not 1: ``math.e`` gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`H(p) \ge 0`, in units of ``base``. An entry 0 contributes 0 (the limit of
        :math:`x \log x` as :math:`x \to 0`), never nan; a certain outcome (one entry 1) gives
        0. Graded within a relative ``1e-9`` of the exact value (absolute ``1e-12`` near 0).

    Raises
    ------
    ValueError
        If ``p`` is not a non-empty 1-D distribution, or ``base`` is not a finite number > 0
        other than 1.

    Examples
    --------
    >>> entropy([0.5, 0.25, 0.25], base=2)  # 0.5 * 1 + 2 * 0.25 * 2 bits
    1.5
    >>> entropy([0.5, 0.5, 0.0])  # one fair coin: ln 2 nats; the 0 adds nothing
    0.6931471805599453
    """
    p, base = _check_distributions(p, "p"), _check_base(base)
    ### BEGIN SOLUTION
    # Only the outcomes that can happen enter: 0 * log 0 is 0 by convention, not nan.
    possible = p[p > 0.0]
    total = -np.sum(possible * np.log(possible))
    # Changing the base divides every log by ln b; + 0.0 turns -0.0 (certainty) into 0.0.
    return float(total / math.log(base) + 0.0)
    ### END SOLUTION


def cross_entropy(p: ArrayLike, q: ArrayLike) -> float:
    r"""Cross-entropy from ``p`` to ``q``: the expected surprise under ``q`` of outcomes drawn
    from ``p``.

    .. math::

        H(p, q) = -\sum_{i=1}^{k} p_i \log q_i, \qquad 0 \log q_i = 0 \text{ (even for }
        q_i = 0), \qquad p_i \log 0 = -\infty \text{ for } p_i > 0

    Parameters
    ----------
    p : array_like, shape (k,)
        The distribution the outcomes come from (the data, or a target).
    q : array_like, shape (k,)
        The distribution that is scored (the model's prediction).

    Returns
    -------
    float
        :math:`H(p, q) \ge H(p)`, natural log. The order matters: ``p`` weights, ``q`` is
        logged. ``inf`` exactly when some outcome has :math:`p_i > 0 = q_i` (do not skip such a
        term, and do not clip ``q``). Graded within a relative ``1e-9`` of the exact value.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a non-empty 1-D distribution, or their lengths differ.

    Examples
    --------
    >>> cross_entropy([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])  # 1.75 bits = 1.75 ln 2 nats
    1.2130075659799042
    >>> cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0])  # equals H(p) when q = p
    0.6931471805599453
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])  # the model calls a possible outcome impossible
    inf
    """
    p, q = _check_pair(p, q)
    ### BEGIN SOLUTION
    possible = p > 0.0
    if np.any(q[possible] == 0.0):
        return math.inf  # a possible outcome scored as impossible: infinite surprise
    return float(-np.sum(p[possible] * np.log(q[possible])) + 0.0)
    ### END SOLUTION


def kl_divergence(p: ArrayLike, q: ArrayLike) -> float:
    r"""Kullback-Leibler divergence of ``q`` from ``p``: the extra surprise of using ``q`` when
    the outcomes come from ``p``.

    .. math::

        \mathrm{KL}(p \,\|\, q) = \sum_{i=1}^{k} p_i \log \frac{p_i}{q_i} = H(p, q) - H(p),
        \qquad 0 \log \frac{0}{q_i} = 0 \text{ (even for } q_i = 0)

    Parameters
    ----------
    p : array_like, shape (k,)
        The reference distribution (the data): it weights the terms.
    q : array_like, shape (k,)
        The approximating distribution (the model).

    Returns
    -------
    float
        :math:`\mathrm{KL}(p \,\|\, q) \ge 0` (Gibbs' inequality), 0 only when ``q`` equals
        ``p``; natural log. It is not symmetric: ``kl_divergence(p, q)`` and
        ``kl_divergence(q, p)`` differ in general. ``inf`` exactly when some outcome has
        :math:`p_i > 0 = q_i`. Graded within a relative ``1e-9`` of the exact value, or an
        absolute ``1e-12`` where that is looser.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a non-empty 1-D distribution, or their lengths differ.

    Examples
    --------
    >>> kl_divergence([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])  # 0.25 bits = 0.25 ln 2 nats
    0.17328679513998632
    >>> kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])  # p = 0 where q = 0.5: no term
    0.6931471805599453
    >>> kl_divergence([1/3, 1/3, 1/3], [0.5, 0.5, 0.0])
    inf
    """
    p, q = _check_pair(p, q)
    ### BEGIN SOLUTION
    possible = p > 0.0
    if np.any(q[possible] == 0.0):
        return math.inf  # p > 0 = q somewhere: the divergence is infinite
    ratio_logs = np.log(p[possible]) - np.log(q[possible])  # a difference of logs: no overflow
    # Gibbs' inequality says the sum is >= 0; rounding may leave -1e-17 when q is almost p.
    return max(float(np.sum(p[possible] * ratio_logs)), 0.0)
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Soft targets
# --------------------------------------------------------------------------------------------
def label_smoothing(labels: ArrayLike, k: int, eps: float) -> np.ndarray:
    r"""Soft targets from hard labels: the one-hot rows mixed with the uniform distribution.

    .. math::

        t_{ij} = (1 - \varepsilon)\,[\,j = y_i\,] + \frac{\varepsilon}{k}

    so the true class gets :math:`1 - \varepsilon + \varepsilon / k` and every other class
    :math:`\varepsilon / k` (the definition of Szegedy et al., 2016). Each row sums to 1.

    Parameters
    ----------
    labels : array_like, shape (n,)
        Class indices :math:`y_i \in \{0, \dots, k - 1\}` (integers; floats like ``2.0`` are
        accepted).
    k : int
        The number of classes, >= 2.
    eps : float
        The smoothing, in [0, 1]: 0 gives the one-hot rows, 1 the uniform distribution.

    Returns
    -------
    numpy.ndarray of float, shape (n, k)
        One target distribution per label. Graded entry by entry within a relative ``1e-12``
        (absolute ``1e-15`` for entries that are 0).

    Raises
    ------
    ValueError
        If ``labels`` is not a non-empty 1-D array of indices in ``0 .. k - 1``, ``k`` is not an
        integer >= 2, or ``eps`` is outside [0, 1].

    Examples
    --------
    >>> label_smoothing([2, 0], k=3, eps=0.3)  # true class 0.7 + 0.1, others 0.1
    array([[0.1, 0.1, 0.8],
           [0.8, 0.1, 0.1]])
    """
    y, k, eps = _check_smoothing(labels, k, eps)
    ### BEGIN SOLUTION
    targets = np.full((y.shape[0], k), eps / k)
    targets[np.arange(y.shape[0]), y] += 1.0 - eps
    return targets
    ### END SOLUTION


def soft_cross_entropy_with_logits(targets: ArrayLike, logits: ArrayLike) -> float:
    r"""Mean cross-entropy from soft targets to the softmax of logits, computed stably.

    .. math::

        \frac{1}{n} \sum_{i=1}^{n} H\bigl(t_i, \operatorname{softmax}(z_i)\bigr)
        = \frac{1}{n} \sum_{i=1}^{n} \sum_{j=1}^{k} t_{ij}
          \Bigl(\log \sum_{l=1}^{k} e^{z_{il}} - z_{ij}\Bigr)

    With one-hot targets this is Day 49's ``cross_entropy_with_logits``.

    Parameters
    ----------
    targets : array_like, shape (n, k)
        One target distribution per sample (rows in [0, 1] summing to 1): one-hot rows, smoothed
        labels or a teacher's probabilities.
    logits : array_like, shape (n, k)
        The model's logits (finite, as large as ``±1000``).

    Returns
    -------
    float
        The mean over the n samples (not over the n k entries), natural log. It must be finite
        for every finite logit: compute the log-softmax with the max shift (never the log of a
        softmax that underflowed to 0, whose 0 * log 0 gives nan). Graded within a relative
        ``1e-10`` or an absolute ``1e-12``, whichever is looser.

    Raises
    ------
    ValueError
        If ``targets`` does not hold distributions, ``logits`` is not finite, or their shapes
        differ.

    Examples
    --------
    >>> soft_cross_entropy_with_logits([[0.5, 0.5]], [[0.0, 0.0]])  # ln 2
    0.6931471805599453
    >>> soft_cross_entropy_with_logits([[0.9, 0.1, 0.0]], [[1000.0, 0.0, -1000.0]])  # 0.1 * 1000
    100.0
    """
    t, z = _check_soft_targets(targets, logits)
    ### BEGIN SOLUTION
    # Shift each row by its maximum: exp never overflows, and log_q stays finite even where
    # the softmax itself would underflow to 0.
    shifted = z - z.max(axis=1, keepdims=True)
    log_q = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(np.mean(-np.sum(t * log_q, axis=1)) + 0.0)
    ### END SOLUTION


# --------------------------------------------------------------------------------------------
# Calibration
# --------------------------------------------------------------------------------------------
def expected_calibration_error(probs: ArrayLike, labels: ArrayLike, bins: int = 10) -> float:
    r"""Expected calibration error (ECE) of a classifier's top-class confidence.

    Each sample's confidence is its largest probability :math:`c_i = \max_j q_{ij}` and its
    prediction the class holding it (the first such class on a tie, as ``np.argmax``). The
    interval [0, 1] is cut into ``bins`` equal bins, bin :math:`m` holding the confidences in
    :math:`((m - 1)/M, m/M]` (the first bin also holds 0), i.e. bin
    :math:`\lceil M c_i \rceil` computed in float64. Then

    .. math::

        \mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{n} \,\bigl|\,\mathrm{acc}(B_m) -
        \mathrm{conf}(B_m)\bigr| = \frac{1}{n} \sum_{m=1}^{M} \Bigl| \sum_{i \in B_m}
        \bigl([\hat y_i = y_i] - c_i\bigr) \Bigr|

    where :math:`\mathrm{acc}(B_m)` is the fraction of correct predictions in the bin and
    :math:`\mathrm{conf}(B_m)` its mean confidence. An empty bin has weight 0 and is skipped
    (its accuracy, 0 / 0, is never computed).

    Parameters
    ----------
    probs : array_like, shape (n, k)
        Predicted class probabilities, one distribution per row.
    labels : array_like, shape (n,)
        True class indices in ``0 .. k - 1``.
    bins : int, default 10
        The number of bins M, >= 1.

    Returns
    -------
    float
        The ECE, in [0, 1]. Graded within a relative ``1e-9`` (absolute ``1e-12``). The graded
        confidences lie on a bin edge only where the edge is exact in binary (1.0, 0.5, ...);
        a confidence of exactly 1.0 belongs to the last bin.

    Raises
    ------
    ValueError
        If ``probs`` does not hold distributions, ``labels`` holds a bad index or has another
        length, or ``bins`` is not an integer >= 1.

    Examples
    --------
    >>> probs = [[0.75, 0.25], [0.25, 0.75], [0.375, 0.625], [0.875, 0.125]]
    >>> expected_calibration_error(probs, [0, 0, 1, 0], bins=4)
    ... # bins 1 and 2 are empty; bin 3 (0.5, 0.75]: 2 of 3 right at mean confidence 2.125 / 3;
    ... # bin 4 (0.75, 1]: 1 of 1 at 0.875. ECE = (|2 - 2.125| + |1 - 0.875|) / 4
    0.0625
    """
    q, y, m = _check_calibration(probs, labels, bins)
    ### BEGIN SOLUTION
    confidence = q.max(axis=1)
    correct = (q.argmax(axis=1) == y).astype(float)
    which = np.clip(np.ceil(confidence * m).astype(np.intp) - 1, 0, m - 1)
    # Per bin, the sum of (correct - confidence): empty bins sum to 0 and add nothing.
    gaps = np.bincount(which, weights=correct - confidence, minlength=m)
    return float(np.sum(np.abs(gaps)) / q.shape[0])
    ### END SOLUTION


def fit_temperature(logits: ArrayLike, labels: ArrayLike, held_out: ArrayLike) -> float:
    r"""Temperature scaling: the temperature T > 0 that maximises the likelihood of the
    held-out rows under :math:`\operatorname{softmax}(z_i / T)`.

    .. math::

        \hat T = \arg\min_{T > 0} \frac{1}{|V|} \sum_{i \in V} \Bigl(\log \sum_{j=1}^{k}
        e^{z_{ij}/T} - \frac{z_{i y_i}}{T}\Bigr), \qquad V = \{\, i : \text{held\_out}_i \,\}

    A one-parameter MLE: T does not change any row's ranking (so accuracy cannot choose it;
    only the likelihood can). It must be fitted on rows the model was *not* trained on: on its
    own training rows a network is over-confident in a way that does not carry over. The mean
    NLL is convex in :math:`\beta = 1/T`; its derivative in :math:`\beta`,
    :math:`\frac{1}{|V|}\sum_{i \in V} \bigl(\sum_j \operatorname{softmax}(\beta z_i)_j z_{ij} -
    z_{iy_i}\bigr)`, increases with :math:`\beta` and vanishes at the minimum, so bisection or
    Newton's method on it converges safely. (The given checks ensure a finite minimum exists.)

    Parameters
    ----------
    logits : array_like, shape (n, k)
        The model's logits on every row of a data set: finite, but possibly large (the graded
        inputs reach ``±3000``), so exponentiate only after subtracting each row's maximum.
    labels : array_like, shape (n,)
        True class indices in ``0 .. k - 1``.
    held_out : array_like of bool, shape (n,)
        True for the rows of the held-out (validation) split; only these rows may be used.
        The other rows are the model's training data.

    Returns
    -------
    float
        :math:`\hat T > 0`: above 1 when the model is over-confident on the held-out rows,
        below 1 when it is under-confident. Graded within a relative ``1e-6`` of the exact
        minimiser (an optimiser's default tolerance may not be enough: ask for ``1e-10``).

    Raises
    ------
    ValueError
        If the shapes disagree, a label or mask entry is invalid, no row is held out, or the
        held-out NLL has no finite minimiser (see the checks).

    Examples
    --------
    >>> logits = [[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]]
    >>> held_out = [True, True, True, True, False, False]
    >>> round(fit_temperature(logits, [0, 0, 0, 1, 0, 1], held_out), 9)
    ... # 3 of 4 held-out rows right at a logit gap of 4: sigma(4 / T) = 3/4, T = 4 / ln 3
    3.640956907
    """
    z, y, held = _check_temperature(logits, labels, held_out)
    ### BEGIN SOLUTION
    z, y = z[held], y[held]  # the held-out rows only: never the model's training rows
    rows = np.arange(z.shape[0])

    def slope(beta: float) -> float:
        """d/d beta of the mean NLL: mean of (expected logit under softmax - true logit)."""
        scaled = beta * z
        weights = np.exp(scaled - scaled.max(axis=1, keepdims=True))
        expected = np.sum(weights * z, axis=1) / np.sum(weights, axis=1)
        return float(np.mean(expected - z[rows, y]))

    # The slope is < 0 at beta = 0 and > 0 for large beta (the checks make sure of both), and
    # it increases: bracket its root by doubling, then halve the bracket to full precision.
    low, high = 0.0, 1.0
    while slope(high) < 0.0:
        low, high = high, 2.0 * high
    for _ in range(200):
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if slope(middle) < 0.0:
            low = middle
        else:
            high = middle
    return float(1.0 / (0.5 * (low + high)))
    ### END SOLUTION
