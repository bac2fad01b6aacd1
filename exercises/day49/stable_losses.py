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
* Inputs are never modified. The checks below hand you NumPy arrays that may be the caller's own
  arrays (``np.asarray`` does not copy a float array), so compute new arrays (``r = y - mu``)
  instead of changing them in place (``y -= mu``).
* Bad input raises ``ValueError`` naming the argument. These checks are written for you (the
  ``_check_...`` helpers below); leave them in place and write the part marked ``YOUR CODE``.

Accuracy is graded. Logits, log-variances, log-scales and log-rates may be as large as
``±1000``; the answer must then be finite and not nan wherever the exact answer fits in a
float64. Each result is compared with the exact value rounded to float64 (computed in 60-digit
arithmetic) as ``math.isclose(result, exact, rel_tol=..., abs_tol=...)``, entry by entry for the
functions that return arrays:

* ``log_sigmoid``, ``bce_with_logits``, ``log_softmax`` and ``cross_entropy_with_logits`` (one
  standard for the four): ``rel_tol=1e-12`` and ``abs_tol=2.2250738585072014e-308``, the
  smallest normal float64. So a tiny answer must keep its digits: a label 0 at ``z = -40``
  costs ``log(1 + e**-40) = 4.248354255291589e-18``, not ``0.0``, and the log-softmax of
  ``[40, 0]`` starts with ``-4.248354255291589e-18``. Only answers below ``2.2e-308``, which
  float64 stores as subnormals with fewer digits (or as 0), are compared absolutely.
* ``gaussian_nll_log_var``, ``laplace_nll``, ``poisson_nll`` and ``student_t_nll``:
  ``rel_tol=1e-9`` and ``abs_tol=1e-12``: a total NLL can be close to 0 when its terms cancel,
  and then only the absolute error can be small. ``poisson_nll`` is graded for counts up to
  ``10**6`` (see its docstring), ``student_t_nll`` for ``df`` up to 1000.

Imports: the standard library, numpy and scipy only. The lesson code (days), the reference
(solutions) and the tests are not available when your work is graded.
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
    "student_t_nll",
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


def _check_student_t(
    y_true: ArrayLike, loc: ArrayLike, log_scale: ArrayLike, df: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    y, mu = _check_regression(y_true, loc, "loc")
    s = _check_per_sample(log_scale, "log_scale", y.shape[0])
    nu = _check_per_sample(df, "df", y.shape[0])
    if (nu <= 0.0).any():
        raise ValueError("df is the number of degrees of freedom: every entry must be > 0")
    return y, mu, s, nu


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
            = (z_{ij} - m_i) - \log\Bigl(1 + \sum_{l \ne t_i} e^{z_{il} - m_i}\Bigr),
            \qquad m_i = \max_l z_{il} = z_{i t_i}

    The row's top entry contributes exactly :math:`e^0 = 1` to the sum; the others' total is
    added with ``log1p``, so that a tiny remainder is kept (``1 + 4e-18`` would round to 1).

    Parameters
    ----------
    logits : array_like, shape (n, k)
        One row of k logits per sample (finite).

    Returns
    -------
    numpy.ndarray of float, shape (n, k)
        Each row's log-probabilities: all <= 0, and ``exp`` of a row sums to 1. Finite for
        logits up to ``±1000`` (``exp(1000)`` overflows: shift each row by its own maximum),
        and accurate when tiny: the log-softmax of ``[40, 0]`` starts with
        ``-4.248354255291589e-18``, not ``0.0``.

    Raises
    ------
    ValueError
        If ``logits`` is not a non-empty 2-D array of finite numbers.

    Examples
    --------
    >>> log_softmax([[1000.0, 1000.0], [0.0, np.log(3.0)]])
    array([[-0.69314718, -0.69314718],
           [-1.38629436, -0.28768207]])
    >>> float(log_softmax([[40.0, 0.0]])[0, 0])
    -4.248354255291589e-18
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
        clip it and take its log). A confident right answer keeps its tiny loss, as in
        :func:`bce_with_logits`: true class 0 with logits ``[40, 0]`` costs
        ``4.248354255291589e-18``.

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
        finite for ``log_var`` from -1000 to 1000 wherever the exact NLL fits in a float64.
        At 1000 ``exp(log_var)`` overflows; at -1000 ``exp(-log_var)`` does, although a
        residual of 0 (or one below about 1e-63) keeps the exact NLL finite: multiply the
        residual by ``exp(-log_var / 2)`` before squaring it.

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
        ``n log(2b) + n MAE / b``. It must stay finite wherever the exact value does: a
        residual of 800 scales costs 800 + log(2b), although the density
        :math:`e^{-800} / 2b` underflows to 0 (so never take the log of the density), and a
        scale of ``1e308`` costs ``log 2 + log 1e308``, although ``2b`` overflows.

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
        The total NLL, natural log, with :math:`\log y_i!` kept (use ``math.lgamma(y + 1)``:
        ``y!`` itself overflows a float for ``y > 170``). Use ``log_rate`` itself where
        :math:`\log \lambda` appears: it must stay finite for ``log_rate`` down to -1000,
        where ``exp(log_rate)`` underflows to 0. Graded for counts up to ``10**6``: there the
        formula above, term by term, meets the tolerance. For larger counts near a good fit
        its three terms (each about ``y log y``) cancel and lose digits (2.3e-8 relative at
        ``y = 10**8``, 10 % at ``10**15``, with ``log_rate = log y``); the lesson shows the
        rewrite in :math:`d = \eta - \log y` that the reference uses to stay accurate there.

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite, or a count is negative
        or not an integer.

    Examples
    --------
    >>> round(poisson_nll([0, 3], [0.0, np.log(2.0)]), 12)  # 1 + (2 - 3 log 2 + log 6)
    2.712317927548
    """
    y = _check_counts(y_true)
    eta = _check_finite(log_rate, "log_rate", ndim=1)
    _check_same_length(y, "y_true", eta, "log_rate")
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


#: Coefficients of the Stirling series of log y! - (y log y - y + ½ log 2πy), in powers of 1/y².
_STIRLING = (1.0 / 12.0, -1.0 / 360.0, 1.0 / 1260.0, -1.0 / 1680.0, 1.0 / 1188.0,
             -691.0 / 360360.0)


def _stirling_error(count: float) -> float:
    """log y! - (y log y - y + ½ log 2πy) for y >= 1, to about 1e-16 absolute."""
    if count < 16.0:
        # lgamma(17) is about 30: the subtraction costs at most a few 1e-15.
        return math.lgamma(count + 1.0) - (count * math.log(count) - count
                                            + 0.5 * math.log(2.0 * math.pi * count))
    inverse_square = 1.0 / (count * count)
    series = 0.0
    for coefficient in reversed(_STIRLING):
        series = series * inverse_square + coefficient
    # The first omitted term, 3617 / (122400 y^13), is below 1e-17 from y = 16 on.
    return series / count


def _exp_minus_one_minus(d: float) -> float:
    """e^d - 1 - d without cancellation: a Taylor series where it is small."""
    if abs(d) >= 0.5:
        return math.expm1(d) - d  # at |d| >= 0.5 the subtraction loses under 3 bits
    term, total, k = 0.5 * d * d, 0.0, 2
    while term != 0.0 and abs(term) > 1e-17 * abs(total):
        total += term
        k += 1
        term *= d / k
    return total


def _poisson_term(count: float, eta: float) -> float:
    """e^η - yη + log y! for one count, without the cancellation near η = log y.

    With d = η - log y, e^η = y e^d, and log y! = y log y - y + ½ log 2πy + δ(y) (Stirling):
    e^η - yη + log y! = y (e^d - 1 - d) + ½ log 2πy + δ(y), a sum of non-negative terms.
    This is the form of R's ``dpois`` (Loader's saddle-point algorithm).
    """
    if count == 0.0:
        return math.exp(eta) if eta < 709.78 else math.inf
    d = eta - math.log(count)
    if d > 1.0:
        # e^η dominates and nothing cancels; e^d would carry d's rounding error (0.5 ulp of d)
        # into a relative error of e^d, while exp(η) of the exact input is correctly rounded.
        return (math.exp(eta) if eta < 709.78 else math.inf) - count * eta + math.lgamma(
            count + 1.0)
    return (count * _exp_minus_one_minus(d) + 0.5 * math.log(2.0 * math.pi * count)
            + _stirling_error(count))


# --------------------------------------------------------------------------------------------
# Heavy tails: the Student-t
# --------------------------------------------------------------------------------------------
def student_t_nll(y_true: ArrayLike, loc: ArrayLike, log_scale: ArrayLike,
                  df: ArrayLike) -> float:
    r"""NLL of targets under Student-t noise, with a predicted log-scale (a total).

    The Student-t with :math:`\nu` degrees of freedom, location :math:`\mu` and scale
    :math:`\sigma = e^{s}` has density

    .. math::

        p(y) = \frac{\Gamma\bigl(\frac{\nu + 1}{2}\bigr)}
                    {\Gamma\bigl(\frac{\nu}{2}\bigr) \sqrt{\nu\pi}\, \sigma}
               \left(1 + \frac{t^2}{\nu}\right)^{-\frac{\nu + 1}{2}},
        \qquad t = \frac{y - \mu}{\sigma} = (y - \mu)\, e^{-s},

    so

    .. math::

        \mathrm{NLL} = \sum_{i=1}^{n} \left[ \log\Gamma\bigl(\tfrac{\nu_i}{2}\bigr)
            - \log\Gamma\bigl(\tfrac{\nu_i + 1}{2}\bigr) + \tfrac12 \log(\nu_i \pi)
            + s_i + \frac{\nu_i + 1}{2} \log\Bigl(1 + \frac{t_i^2}{\nu_i}\Bigr) \right].

    Its tails are heavy: a residual of many scales costs only about :math:`(\nu + 1) \log|t|`,
    not :math:`t^2 / 2` as under Gaussian noise, so outliers pull the fit much less.

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Observed targets.
    loc : array_like, shape (n,)
        Predicted locations :math:`\mu_i`.
    log_scale : float or array_like, shape (n,)
        Predicted **log-scales** :math:`s_i = \log \sigma_i` (not log-variances), any real
        number: one shared by all samples, or one per sample.
    df : float or array_like, shape (n,)
        Degrees of freedom :math:`\nu_i > 0` (not necessarily integers): one shared, or one
        per sample. :math:`\nu = 1` is the Cauchy distribution; as :math:`\nu \to \infty`
        the Student-t becomes the Gaussian.

    Returns
    -------
    float
        The total NLL, natural log, every constant kept. It must stay finite wherever the
        exact value does, for ``log_scale`` from -1000 to 1000: at ``log_scale = -1000`` the
        standardised residual :math:`t = (y - \mu) e^{1000}` overflows, yet
        :math:`\log(1 + t^2/\nu)` is about :math:`2 \log|t|`, an ordinary number. Work with
        :math:`\log(t^2/\nu) = 2(\log|y - \mu| - s) - \log\nu` and the softplus of the lesson,
        :math:`\log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})` (a residual of 0 gives
        :math:`\log 1 = 0`). :math:`\Gamma(\nu/2)` overflows for :math:`\nu > 343`: use
        ``math.lgamma``. Graded for ``df`` up to 1000; far beyond (about ``10**6``) the
        difference of two ``lgamma`` values of size :math:`\tfrac{\nu}{2} \log\tfrac{\nu}{2}`
        loses digits to cancellation (the reference avoids it).

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or not finite, or ``log_scale`` or
        ``df`` has the wrong length, or an entry of ``df`` is <= 0.

    Examples
    --------
    >>> round(student_t_nll([0.0], [0.0], 0.0, 1.0), 12)  # Cauchy at its centre: log π
    1.144729885849
    >>> round(student_t_nll([2.0, -1.0], [1.0, 0.0], [0.0, np.log(2.0)], 3.0), 12)
    3.430374440058
    """
    y, mu, s, nu = _check_student_t(y_true, loc, log_scale, df)
    # YOUR CODE HERE: replace the line below with your implementation.
    raise NotImplementedError


def _stirling_correction(x: float) -> float:
    """lgamma(x) - ((x - ½) log x - x + ½ log 2π), for x >= 16, to about 1e-17 absolute."""
    inverse_square = 1.0 / (x * x)
    series = 0.0
    for coefficient in reversed(_STIRLING):
        series = series * inverse_square + coefficient
    return series / x


def _student_t_log_normaliser(nu: float) -> float:
    """log(√(νπ) Γ(ν/2) / Γ((ν + 1)/2)): the Student-t's normalising constant, for any ν > 0.

    For large ν the two lgamma values nearly cancel; Stirling's formula gives their
    difference as ½ log(ν/2) + a (log1p(h) - h) + (small corrections), h = 1/(2a), a = ν/2,
    and ½ log ν - ½ log(ν/2) = ½ log 2 exactly.
    """
    half = 0.5 * nu
    if half < 16.0:
        return 0.5 * math.log(nu * math.pi) + math.lgamma(half) - math.lgamma(half + 0.5)
    h = 0.5 / half
    correction = _stirling_correction(half + 0.5) - _stirling_correction(half)
    return 0.5 * math.log(2.0 * math.pi) - half * (math.log1p(h) - h) - correction
