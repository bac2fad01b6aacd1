r"""Day 49 demo: losses from logits, log-variances and log-rates, naive versus stable.

Run it from the repository's root::

    python -m days.day49.code.stability_demo                  # every section
    python -m days.day49.code.stability_demo --section bce
    python -m days.day49.code.stability_demo --section bce --logits -50 -40 40 50

Each section prints the worked numbers of the lesson:

* **saturation** -- σ(z) and 1 - σ(z) in float64: where they round to 1 or to 0;
* **formats** -- the same limits in float32 (deep learning's default), bfloat16 and float16:
  where σ(z) computed as 1 / (1 + e^-z) becomes exactly 1, and where e^x overflows. NumPy has
  no bfloat16: it is emulated here by rounding float32 results to bfloat16 (see
  ``round_to_bfloat16``);
* **bce** -- binary cross-entropy through probabilities (naive) and through softplus (stable)
  for logits from -1000 to 1000, with the exact value from 50-digit arithmetic;
* **softmax** -- a softmax that overflows, and a log-softmax that underflows, fixed by the max
  shift;
* **tools** -- what scikit-learn's ``log_loss`` returns at the extremes (measured here) and what
  PyTorch returned in one recorded measurement (torch 2.13, CPU, float64);
* **gaussian** -- the Gaussian NLL with a predicted log-variance, where it is minimised, and why
  the variance itself must never be formed;
* **laplace** -- the Laplace NLL and the mean absolute error: the median wins;
* **poisson** -- the Poisson NLL with a log-rate, and ``log y!`` through ``lgamma``.

The functions are small and importable (the notebook ``days/day49/day49.ipynb`` uses them).
They return per-sample *terms*: a total is ``terms.sum()``, a mean ``terms.mean()``. Natural
logs throughout.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import mpmath
import numpy as np
from numpy.typing import ArrayLike
from scipy.special import gammaln

__all__ = [
    "SECTIONS",
    "DEMO_LOGITS",
    "naive_sigmoid",
    "FORMATS",
    "FormatLimits",
    "round_to_bfloat16",
    "to_format",
    "naive_sigmoid_in",
    "exp_in",
    "naive_bce_terms_in",
    "stable_bce_terms_in",
    "format_limits",
    "confident_batch",
    "softplus",
    "naive_bce_terms",
    "stable_bce_terms",
    "exact_bce_term",
    "naive_softmax",
    "stable_log_softmax",
    "sklearn_log_loss",
    "gaussian_terms_from_log_var",
    "gaussian_terms_through_variance",
    "laplace_terms",
    "poisson_terms",
    "poisson_terms_through_rate",
    "main",
]

SECTIONS = ("saturation", "formats", "bce", "softmax", "tools", "gaussian", "laplace",
            "poisson")
#: The logits of the BCE table: from -1000 to 1000.
DEMO_LOGITS = (-1000.0, -100.0, -40.0, -10.0, 0.0, 10.0, 40.0, 100.0, 1000.0)
SATURATION_LOGITS = (-1000.0, -745.0, -40.0, -37.0, 0.0, 37.0, 40.0, 1000.0)
LOG_2PI = math.log(2.0 * math.pi)
LABEL_WIDTH = 44
VALUE_WIDTH = 26


# --------------------------------------------------------------------------------------------
# Binary labels
# --------------------------------------------------------------------------------------------
def naive_sigmoid(z: ArrayLike) -> np.ndarray:
    r"""The logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, computed as written.

    Parameters
    ----------
    z : array_like
        Logits.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(z)` in float64. It rounds to exactly 1.0 for z >= 37 and, because
        ``exp(-z)`` overflows to inf, to exactly 0.0 for z <= -710 (overflow warnings are
        silenced: that is the point of the demonstration).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


# --------------------------------------------------------------------------------------------
# Other floating-point formats: float32, bfloat16, float16
# --------------------------------------------------------------------------------------------
#: The formats compared, widest first. NumPy has float64, float32 and float16; bfloat16 is
#: emulated (``round_to_bfloat16``).
FORMATS = ("float64", "float32", "bfloat16", "float16")
#: bfloat16 keeps float32's sign bit, its 8 exponent bits and the first 7 of its 23 fraction
#: bits: the upper half of a float32.
BFLOAT16_FRACTION_BITS = 7
_LOW_HALF = 16  # the 16 low bits of a float32 that bfloat16 drops


def round_to_bfloat16(x: ArrayLike) -> np.ndarray:
    r"""Round to the nearest bfloat16 (ties to even), returned as float32 values.

    The number is first converted to float32; bfloat16 is the upper 16 bits of a float32, so
    rounding adds :math:`2^{15} - 1` plus the lowest kept bit (which breaks ties towards an
    even last bit) to the bit pattern and clears the 16 low bits. A carry out of the fraction
    raises the exponent, and past the largest bfloat16,
    :math:`(2 - 2^{-7}) \cdot 2^{127} \approx 3.39 \times 10^{38}`, gives ``inf``, as rounding
    should. NaN stays NaN. (Checked against ml_dtypes 0.6.0, which is not a course dependency,
    on six million float32 bit patterns when this was written; ``tests/day49/test_demo.py``
    compares again whenever ml_dtypes is importable.)

    Parameters
    ----------
    x : array_like
        Numbers (float32 or wider).

    Returns
    -------
    numpy.ndarray of float32
        The bfloat16 values; each has its 16 low bits zero.
    """
    x = np.asarray(x, dtype=np.float32)
    bits = x.view(np.uint32).astype(np.uint64)  # 64 bits: the addition below cannot wrap
    lowest_kept = (bits >> _LOW_HALF) & 1
    rounded = (bits + (1 << (_LOW_HALF - 1)) - 1 + lowest_kept) >> _LOW_HALF << _LOW_HALF
    result = rounded.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(x), np.float32(np.nan), result)


def to_format(x: ArrayLike, fmt: str) -> np.ndarray:
    """``x`` rounded to the floating-point format ``fmt`` (one of ``FORMATS``).

    float64, float32 and float16 are NumPy's own types. bfloat16 values are float32 arrays whose
    values are bfloat16 numbers (``round_to_bfloat16``); a float64 input goes through float32
    first, which can round twice, harmless for inputs that are already bfloat16 numbers.

    Raises
    ------
    ValueError
        If ``fmt`` is not one of ``FORMATS``.
    """
    if fmt == "bfloat16":
        return round_to_bfloat16(x)
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    return np.asarray(x, dtype=fmt)


def exp_in(x: ArrayLike, fmt: str) -> np.ndarray:
    """:math:`e^{x}` in the format ``fmt``, the result rounded to it (``inf`` past its range).

    For float16 NumPy computes in float32 and rounds the result; bfloat16 is done the same way,
    as ml_dtypes does (``to_format``).
    """
    x = to_format(x, fmt)
    with np.errstate(over="ignore"):
        return to_format(np.exp(x), fmt)


def naive_sigmoid_in(z: ArrayLike, fmt: str) -> np.ndarray:
    r""":math:`\sigma(z) = 1 / (1 + e^{-z})` with every operation rounded to the format ``fmt``.

    This is what the textbook formula gives when the logit and all intermediate results are
    stored in ``fmt``. Once :math:`e^{-z}` is at most half the gap between 1 and the next
    number of the format, :math:`2^{-p}` for a format with p significand bits, the sum
    :math:`1 + e^{-z}` rounds to 1 and :math:`\sigma(z)` is exactly 1: from about
    :math:`z = p \log 2`.

    Parameters
    ----------
    z : array_like
        Logits (rounded to ``fmt`` first).
    fmt : str
        One of ``FORMATS``.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(z)` as stored in ``fmt`` (bfloat16 values in a float32 array).
    """
    z = to_format(z, fmt)
    one = to_format(1.0, fmt)
    with np.errstate(over="ignore"):
        denominator = to_format(one + exp_in(-z, fmt), fmt)
        return to_format(one / denominator, fmt)


def naive_bce_terms_in(y: ArrayLike, z: ArrayLike, fmt: str) -> np.ndarray:
    r"""Per-sample BCE through probabilities, :math:`-\log p` or :math:`-\log(1 - p)` with
    :math:`p = \sigma(z)`, every operation rounded to the format ``fmt``.

    Returns
    -------
    numpy.ndarray
        The losses in ``fmt``: ``inf`` wherever :math:`p` rounded to 0 (label 1) or to 1
        (label 0).
    """
    y = np.asarray(y, dtype=float)
    p = naive_sigmoid_in(z, fmt)
    one = to_format(1.0, fmt)
    with np.errstate(divide="ignore"):
        label_1 = -to_format(np.log(p), fmt)
        label_0 = -to_format(np.log(to_format(one - p, fmt)), fmt)
    return np.where(y == 1.0, label_1, label_0) + to_format(0.0, fmt)  # -0.0 -> 0.0


def stable_bce_terms_in(y: ArrayLike, z: ArrayLike, fmt: str) -> np.ndarray:
    r"""Per-sample BCE from the logit, :math:`\mathrm{softplus}((1 - 2y) z)` written as
    :math:`\max(t, 0) + \log(1 + e^{-|t|})`, every operation rounded to the format ``fmt``.

    Only :math:`e^{-|t|} \le 1` is computed, and :math:`\sigma(z)` is never formed, so no
    operation overflows or subtracts from 1: the loss is finite for every finite logit.
    """
    y = np.asarray(y, dtype=float)
    t = to_format(np.where(y == 1.0, -1.0, 1.0) * to_format(z, fmt), fmt)  # exact sign flip
    with np.errstate(over="ignore"):
        tail = to_format(np.log1p(exp_in(-np.abs(t), fmt)), fmt)
        return to_format(np.maximum(t, to_format(0.0, fmt)) + tail, fmt)


def _patterns(fmt: str) -> tuple[type, int]:
    """The unsigned integer type of the format's bit patterns, and its width in bits."""
    return {"float64": (np.uint64, 64), "float32": (np.uint32, 32),
            "bfloat16": (np.uint16, 16), "float16": (np.uint16, 16)}[fmt]


def _value(pattern: int, fmt: str) -> float:
    """The positive number of the format ``fmt`` whose bit pattern is ``pattern``."""
    unsigned, _ = _patterns(fmt)
    if fmt == "bfloat16":
        return float(np.array([pattern << _LOW_HALF], dtype=np.uint32).view(np.float32)[0])
    return float(np.array([pattern], dtype=unsigned).view(fmt)[0])


def _pattern(value: float, fmt: str) -> int:
    """The bit pattern of the positive ``value``, which must be a number of the format."""
    if fmt == "bfloat16":
        return int(np.array([value], dtype=np.float32).view(np.uint32)[0]) >> _LOW_HALF
    unsigned, _ = _patterns(fmt)
    return int(np.array([value], dtype=fmt).view(unsigned)[0])


def _first_where(predicate, fmt: str, low: float, high: float) -> float:
    """The smallest number x of the format in [low, high] with ``predicate(x)`` true, for a
    predicate that is false at ``low``, true at ``high`` and switches once. Positive floats are
    ordered as their bit patterns, so this bisects over the integers in between."""
    lo, hi = _pattern(low, fmt), _pattern(high, fmt)
    if predicate(_value(lo, fmt)) or not predicate(_value(hi, fmt)):
        raise ValueError(f"the predicate does not switch in [{low}, {high}] for {fmt}")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if predicate(_value(mid, fmt)) else (mid, hi)
    return _value(hi, fmt)


@dataclass(frozen=True)
class FormatLimits:
    """Where the textbook formulas break in one floating-point format.

    Attributes
    ----------
    name : str
        The format.
    significand_bits : int
        Bits of precision p, the leading 1 included.
    gap_above_one : float
        The distance from 1 to the next number of the format, :math:`2^{1 - p}`.
    largest : float
        The largest finite number of the format.
    sigmoid_one_from : float
        The smallest positive number z of the format with ``naive_sigmoid_in(z) == 1``.
    exp_inf_from : float
        The smallest number x of the format with ``exp_in(x) == inf``.
    exp_last_finite : float
        The number of the format just below ``exp_inf_from``.
    """

    name: str
    significand_bits: int
    gap_above_one: float
    largest: float
    sigmoid_one_from: float
    exp_inf_from: float
    exp_last_finite: float


def format_limits(fmt: str) -> FormatLimits:
    """Measure the limits of the format ``fmt`` (one of ``FORMATS``) by search over its numbers.

    Raises
    ------
    ValueError
        If ``fmt`` is not one of ``FORMATS``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    if fmt == "bfloat16":
        bits = BFLOAT16_FRACTION_BITS + 1
        largest = _value(0x7F7F, fmt)  # exponent 254, fraction all ones
    else:
        info = np.finfo(fmt)
        bits, largest = int(info.nmant) + 1, float(info.max)
    one = _first_where(lambda z: bool(naive_sigmoid_in(z, fmt) == 1.0), fmt, 1.0, 64.0)
    overflow = _first_where(lambda x: bool(np.isinf(exp_in(x, fmt))), fmt, 1.0, 1024.0
                            if fmt == "float64" else 128.0)
    below = _value(_pattern(overflow, fmt) - 1, fmt)
    return FormatLimits(fmt, bits, 2.0 ** (1 - bits), largest, one, overflow, below)


def confident_batch(scale: float, n: int = 100_000, label_noise: float = 0.05,
                    seed: int = 49) -> tuple[np.ndarray, np.ndarray]:
    r"""A simulated batch from a confident classifier: logits :math:`z_i \sim \mathcal N(0,
    \text{scale}^2)` and labels :math:`y_i = [z_i > 0]`, each flipped with probability
    ``label_noise`` (the confidently wrong samples).

    Returns
    -------
    y, z : numpy.ndarray, shape (n,)
        Labels (0.0 or 1.0) and float64 logits. The same ``seed`` gives the same batch.
    """
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, scale, size=n)
    flipped = rng.uniform(size=n) < label_noise
    y = np.where(flipped, z <= 0.0, z > 0.0).astype(float)
    return y, z


def softplus(t: ArrayLike) -> np.ndarray:
    r"""The softplus :math:`\log(1 + e^{t})`, with no overflow and no lost digits.

    .. math::

        \log(1 + e^{t}) = \max(t, 0) + \log\bigl(1 + e^{-|t|}\bigr)

    Parameters
    ----------
    t : array_like
        Any finite real numbers.

    Returns
    -------
    numpy.ndarray
        :math:`\log(1 + e^{t})`, >= 0. Only ``exp`` of a number <= 0 is taken, and ``log1p``
        keeps a tiny :math:`e^{-|t|}` (so softplus(-40) is 4.248e-18, not 0.0).
    """
    t = np.asarray(t, dtype=float)
    return np.maximum(t, 0.0) + np.log1p(np.exp(-np.abs(t)))


def naive_bce_terms(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    r"""Per-sample BCE through probabilities: :math:`-\log p` or :math:`-\log(1 - p)`, p = σ(z).

    Parameters
    ----------
    y : array_like
        Labels, 0 or 1.
    z : array_like
        Logits, same shape as ``y``.

    Returns
    -------
    numpy.ndarray
        The loss of each sample as a textbook would write it. It becomes ``inf`` once σ(z)
        rounds to 0 or 1, and ``0.0`` where the true loss is below about 1e-16.
    """
    y = np.asarray(y, dtype=float)
    p = naive_sigmoid(z)
    with np.errstate(divide="ignore", invalid="ignore"):
        # + 0.0 turns the -0.0 of -log(1.0) into a plain 0.0 for printing.
        return np.where(y == 1.0, -np.log(p), -np.log(1.0 - p)) + 0.0


def stable_bce_terms(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    r"""Per-sample BCE from logits: softplus(-z) for a label 1, softplus(z) for a label 0.

    .. math::

        \ell(y, z) = \log\bigl(1 + e^{(1 - 2y) z}\bigr)

    Parameters
    ----------
    y : array_like
        Labels, 0 or 1.
    z : array_like
        Logits, same shape as ``y``.

    Returns
    -------
    numpy.ndarray
        The loss of each sample, finite for any finite logit and accurate when tiny.
    """
    y = np.asarray(y, dtype=float)
    return softplus((1.0 - 2.0 * y) * np.asarray(z, dtype=float))


def exact_bce_term(y: int, z: float, digits: int = 50) -> float:
    r"""The BCE of one sample computed with ``digits`` significant digits (mpmath), as a float.

    Parameters
    ----------
    y : int
        The label, 0 or 1.
    z : float
        The logit.
    digits : int, default 50
        Working precision of mpmath.

    Returns
    -------
    float
        :math:`\log(1 + e^{(1 - 2y) z})` correctly rounded to float64 (up to mpmath's precision).
    """
    with mpmath.workdps(digits):
        exponent = mpmath.mpf(z) * (1 - 2 * int(y))
        return float(mpmath.log1p(mpmath.exp(exponent)))


# --------------------------------------------------------------------------------------------
# Softmax
# --------------------------------------------------------------------------------------------
def naive_softmax(logits: ArrayLike) -> np.ndarray:
    r"""The softmax :math:`e^{z_j} / \sum_l e^{z_l}` of a 1-D array, computed as written.

    Returns
    -------
    numpy.ndarray
        The probabilities; ``nan`` as soon as one ``exp`` overflows (inf / inf).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        powers = np.exp(np.asarray(logits, dtype=float))
        return powers / powers.sum()


def stable_log_softmax(logits: ArrayLike) -> np.ndarray:
    r"""The log-softmax of a 1-D array through the max shift.

    .. math::

        \log \operatorname{softmax}(z)_j = (z_j - m) - \log \sum_l e^{z_l - m},
        \qquad m = \max_l z_l

    Returns
    -------
    numpy.ndarray
        Log-probabilities: finite for finite logits, since every exponent is <= 0 and the
        largest term of the sum is exactly 1.
    """
    z = np.asarray(logits, dtype=float)
    centred = z - np.max(z)
    return centred - math.log(math.fsum(np.exp(centred).tolist()))


# --------------------------------------------------------------------------------------------
# A tool at the edge
# --------------------------------------------------------------------------------------------
def sklearn_log_loss(y: Sequence[int], p: Sequence[float]) -> float:
    """scikit-learn's ``log_loss`` (mean BCE from probabilities), measured on this machine.

    It clips each probability into ``[eps, 1 - eps]`` with eps the float64 machine epsilon,
    so no loss exceeds ``-log(2.22e-16) = 36.04``.
    """
    from sklearn.metrics import log_loss  # imported here: only the "tools" section needs it

    return float(log_loss(list(y), list(p), labels=[0, 1]))


# --------------------------------------------------------------------------------------------
# Regression with a predicted spread, and counts
# --------------------------------------------------------------------------------------------
def gaussian_terms_from_log_var(y: ArrayLike, mu: ArrayLike, s: ArrayLike) -> np.ndarray:
    r"""Per-sample Gaussian NLL when the model predicts :math:`s = \log \sigma^2`.

    .. math::

        \tfrac12 \bigl[\log 2\pi + s + (y - \mu)^2 e^{-s}\bigr]

    Returns
    -------
    numpy.ndarray
        The NLL of each sample, constant included; the log-variance is used as it is, never
        exponentiated and logged back.
    """
    r = np.asarray(y, dtype=float) - np.asarray(mu, dtype=float)
    s = np.asarray(s, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        return 0.5 * (LOG_2PI + s + r**2 * np.exp(-s))


def gaussian_terms_through_variance(y: ArrayLike, mu: ArrayLike, s: ArrayLike) -> np.ndarray:
    r"""The same NLL computed the naive way: form :math:`\sigma^2 = e^{s}`, then take its log.

    Returns
    -------
    numpy.ndarray
        Equal to :func:`gaussian_terms_from_log_var` for moderate ``s``; ``inf`` once
        ``exp(s)`` overflows (s >= 710).
    """
    r = np.asarray(y, dtype=float) - np.asarray(mu, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        variance = np.exp(np.asarray(s, dtype=float))
        return 0.5 * np.log(2.0 * np.pi * variance) + r**2 / (2.0 * variance)


def laplace_terms(y: ArrayLike, location: ArrayLike, b: float) -> np.ndarray:
    r"""Per-sample Laplace NLL :math:`\log(2b) + |y - \hat y| / b`."""
    gap = np.abs(np.asarray(y, dtype=float) - np.asarray(location, dtype=float))
    return math.log(2.0 * b) + gap / b


def poisson_terms(y: ArrayLike, eta: ArrayLike) -> np.ndarray:
    r"""Per-sample Poisson NLL from a log-rate: :math:`e^{\eta} - y\eta + \log y!`.

    ``log y!`` is ``gammaln(y + 1)``, finite for any count (``y!`` overflows above 170).
    """
    counts = np.asarray(y, dtype=float)
    eta = np.asarray(eta, dtype=float)
    return gammaln(counts + 1.0) + np.exp(eta) - counts * eta


def poisson_terms_through_rate(y: ArrayLike, eta: ArrayLike) -> np.ndarray:
    r"""The same NLL through the rate :math:`\lambda = e^{\eta}` and :math:`\log \lambda`.

    ``inf`` once ``exp(eta)`` underflows to 0 for a positive count (eta <= -746).
    """
    counts = np.asarray(y, dtype=float)
    rate = np.exp(np.asarray(eta, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return gammaln(counts + 1.0) + rate - counts * np.log(rate)


# --------------------------------------------------------------------------------------------
# The printed report
# --------------------------------------------------------------------------------------------
def _align(text: str) -> str:
    """Pad a formatted number so that its decimal point (or exponent) falls in column 6."""
    match = re.match(r"-?\d+|-?inf|nan", text)
    whole = match.group(0) if match else ""
    return f"{whole:>5}{text[len(whole):]}"


def _num(value: float) -> str:
    """A float at full (``repr``) precision, its decimal point aligned in a column."""
    return _align(repr(float(value)))


def _line(label: str, value: float | str, note: str = "") -> None:
    shown = value if isinstance(value, str) else _num(value)
    print(f"  {label:<{LABEL_WIDTH}}{shown:<{VALUE_WIDTH}}{note}".rstrip())


def _heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def report_saturation() -> None:
    """Print σ(z) and 1 - σ(z) in float64 where they saturate."""
    _heading("1. The sigmoid saturates in float64")
    z = np.array(SATURATION_LOGITS)
    p = naive_sigmoid(z)
    print(f"  {'z':>8}  {'sigma(z)':<{VALUE_WIDTH}}1 - sigma(z)")
    for zi, pi in zip(z.tolist(), p.tolist(), strict=True):
        print(f"  {zi:>8g}  {_num(pi):<{VALUE_WIDTH}}{_num(1.0 - pi)}")
    with np.errstate(over="ignore", invalid="ignore"):
        overflow = float(np.exp(np.float64(1000.0)))
    _line("exp(1000) in float64", overflow, "overflow: larger than 1.8e308")
    print("  From z = 37, sigma(z) is exactly 1.0 and 1 - sigma(z) exactly 0.0: the log of")
    print("  either then loses everything.")


def _shown(value: float, fmt: str) -> str:
    """A number of the format ``fmt`` as the lesson prints it: float64 and float32 in their own
    shortest form (what NumPy prints), bfloat16 and float16 exactly (they have few digits)."""
    if fmt == "float32":
        return str(np.float32(value))
    return repr(float(value))


def report_formats() -> None:
    """Print where sigma(z) rounds to 1 and exp(x) overflows in float64, float32, bfloat16 and
    float16."""
    _heading("2. The same limits in float32, bfloat16 and float16")
    print("  Every operation rounded to the format; bfloat16 emulated (float32 results rounded to")
    print("  their upper 16 bits, ties to even). The thresholds are the first number of the")
    print("  format at which sigma(z) = 1 / (1 + exp(-z)) is exactly 1.0, or exp(x) is inf.")
    columns = ("bits p", "gap", "largest", "sigma = 1 from", "exp = inf from")
    widths = (7, 7, 13, 19, 19)
    print(f"  {'format':<9}" + "".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for fmt in FORMATS:
        limits = format_limits(fmt)
        gap = f"2^{1 - limits.significand_bits}"  # the distance from 1 to the next number
        values = (str(limits.significand_bits), gap, f"{limits.largest:.5g}",
                  _shown(limits.sigmoid_one_from, fmt), _shown(limits.exp_inf_from, fmt))
        print(f"  {fmt:<9}" + "".join(f"{v:>{w}}" for v, w in zip(values, widths, strict=True)))
    rule = ", ".join(f"{fmt} {format_limits(fmt).significand_bits * math.log(2.0):.2f}"
                     for fmt in FORMATS)
    print("  sigma(z) = 1 once exp(-z) is at most half the gap, 2^-p: from about z = p log 2")
    print(f"  ({rule}).")
    bf16 = format_limits("bfloat16")
    print("  bfloat16 has float32's exponent range but only 8 significant bits:")
    print(f"  exp({bf16.exp_last_finite!r}) is finite, exp({bf16.exp_inf_from!r}) is inf, "
          "and no bfloat16 number lies between.")


def report_bce(logits: Sequence[float] = DEMO_LOGITS) -> None:
    """Print naive and stable BCE side by side for each label and logit, and the exact value."""
    _heading("3. Binary cross-entropy: through probabilities (naive) vs from logits (stable)")
    z = np.asarray(logits, dtype=float)
    print(f"  {'logit z':>8}  {'label':>5}  {'naive -log p':<{VALUE_WIDTH}}"
          f"{'stable softplus':<{VALUE_WIDTH}}{'exact (50 digits)'}")
    for label in (1, 0):
        y = np.full(z.shape, label)
        naive = naive_bce_terms(y, z)
        stable = stable_bce_terms(y, z)
        for zi, a, b in zip(z.tolist(), naive.tolist(), stable.tolist(), strict=True):
            exact = exact_bce_term(label, zi)
            print(f"  {zi:>8g}  {label:>5}  {_num(a):<{VALUE_WIDTH}}{_num(b):<{VALUE_WIDTH}}"
                  f"{_num(exact)}")
    print("  The naive column is inf where sigma(z) rounded to 0 or 1, and 0.0 where the true")
    print("  loss is tiny; the stable column agrees with the exact one everywhere.")


def report_softmax() -> None:
    """Print a softmax that overflows and a log-softmax that underflows, and their fixes."""
    _heading("4. Softmax: overflow, and the max shift")
    big = [1000.0, 999.0, 998.0]
    naive = naive_softmax(big)
    stable = stable_log_softmax(big)
    _line(f"naive softmax({big})", "[" + ", ".join(repr(float(v)) for v in naive) + "]",
          "exp(1000) = inf, inf / inf = nan")
    for j, value in enumerate(stable.tolist()):
        _line(f"log-softmax, entry {j} (max shift)", value)
    _line("softmax entry 0 = exp(log-softmax)", math.exp(stable[0]))
    far = [0.0, -1000.0]
    with np.errstate(divide="ignore", invalid="ignore"):
        logged = float(np.log(naive_softmax(far))[1])
    _line(f"log(softmax({far}))[1]", logged, "e^-1000 underflowed to 0, log 0 = -inf")
    _line(f"log-softmax({far})[1] (max shift)", float(stable_log_softmax(far)[1]))


def report_tools() -> None:
    """Print scikit-learn's clipped log_loss next to the exact loss, and PyTorch's behaviour as
    measured with torch 2.13."""
    _heading("5. Tools at the extremes")
    exact = -math.log(1e-300)
    _line("exact -log(1e-300)", exact)
    _line("sklearn log_loss([1], [1e-300])", sklearn_log_loss([1], [1e-300]),
          "clipped at 1 - eps")
    _line("sklearn log_loss([1], [0.0])", sklearn_log_loss([1], [0.0]), "exact: inf")
    _line("cap -log(2.220446049250313e-16)", -math.log(np.finfo(float).eps))
    print("  PyTorch (not installed here; measured with torch 2.13, CPU, float64, as recorded")
    print("  in the course's notes): BCELoss clamps log at -100, so BCELoss(p = 0 or 1e-300,")
    print("  y = 1) = 100, and its gradient at p = 1e-300 is about -1e12, not 0;")
    print("  BCEWithLogitsLoss(z = -40, y = 0) = 0.0 but BCEWithLogitsLoss(z = 40, y = 1) =")
    print(f"  {exact_bce_term(0, -40.0)!r}, the exact loss of both.")


def report_gaussian() -> None:
    """Print the Gaussian NLL over log-variances for one residual, and the overflow case."""
    _heading("6. Gaussian NLL with a predicted log-variance s = log sigma^2")
    y, mu = 3.0, 1.0
    print(f"  one target y = {y:g}, predicted mean {mu:g}: residual r = 2, r^2 = 4")
    for s in (-2.0, 0.0, math.log(4.0), 2.0, 4.0):
        value = float(gaussian_terms_from_log_var(y, mu, s))
        note = "minimum: s = log r^2" if s == math.log(4.0) else ""
        _line(f"NLL at s = {s:.6g}", value, note)
    _line("NLL at s = 720, from log_var", float(gaussian_terms_from_log_var(y, mu, 720.0)))
    _line("NLL at s = 720, through exp(s)", float(gaussian_terms_through_variance(y, mu, 720.0)),
          "exp(720) overflowed")


def report_laplace() -> None:
    """Print the Laplace NLL at the mean and at the median of data with an outlier."""
    _heading("7. Laplace NLL and the mean absolute error: the median wins")
    data = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    print(f"  data {data.tolist()}, scale b = 1")
    for name, centre in (("mean", float(np.mean(data))), ("median", float(np.median(data)))):
        total = float(np.sum(laplace_terms(data, centre, 1.0)))
        mae = float(np.mean(np.abs(data - centre)))
        _line(f"at the {name} {centre:g}: Laplace NLL", total, f"MAE = {mae:g}")
    print("  NLL = n log(2b) + n MAE / b: minimising it over the location minimises the MAE,")
    print("  whose minimiser is the median.")


def report_poisson() -> None:
    """Print the Poisson NLL of a few counts, the log-rate case, and log y! for a big count."""
    _heading("8. Poisson NLL with a log-rate eta = log lambda")
    counts, eta = [0, 3], [0.0, math.log(2.0)]
    _line(f"NLL of counts {counts} at rates [1, 2]", float(np.sum(poisson_terms(counts, eta))))
    _line("one count 1 at eta = -800, from eta", float(poisson_terms([1], [-800.0])[0]))
    _line("one count 1 at eta = -800, through exp(eta)",
          float(poisson_terms_through_rate([1], [-800.0])[0]), "exp(-800) underflowed to 0")
    _line("log 200! = lgamma(201)", math.lgamma(201.0))
    with np.errstate(over="ignore", invalid="ignore"):
        factorial_200 = float(np.prod(np.arange(1.0, 201.0)))
    _line("200! as a float", factorial_200, "overflow: so never log(y!)")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point: print the selected sections of the report."""
    parser = argparse.ArgumentParser(
        prog="python -m days.day49.code.stability_demo",
        description=(
            "Day 49: stable losses. Prints, at full precision, where the sigmoid saturates in "
            "float64, and where it saturates and exp overflows in float32, bfloat16 (emulated) "
            "and float16; "
            "binary cross-entropy computed naively and stably for logits from -1000 to 1000 "
            "next to the exact value; softmax overflow and the max shift; scikit-learn's "
            "clipped log_loss; the Gaussian NLL with a log-variance; the Laplace NLL and the "
            "median; the Poisson NLL with a log-rate."
        ),
    )
    parser.add_argument("--section", choices=("all", *SECTIONS), default="all",
                        help="print only this section (default: all)")
    parser.add_argument("--logits", type=float, nargs="+", default=list(DEMO_LOGITS),
                        metavar="Z", help="logits of the BCE table (default: %(default)s)")
    args = parser.parse_args(argv)
    if not all(math.isfinite(z) for z in args.logits):
        parser.error("--logits must be finite numbers")

    reports = {
        "saturation": report_saturation,
        "formats": report_formats,
        "bce": lambda: report_bce(args.logits),
        "softmax": report_softmax,
        "tools": report_tools,
        "gaussian": report_gaussian,
        "laplace": report_laplace,
        "poisson": report_poisson,
    }
    print("Day 49 - Stable losses: from probabilities to logits")
    for name in SECTIONS if args.section == "all" else (args.section,):
        reports[name]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
