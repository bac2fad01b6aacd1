"""Day 49 lesson page: every number printed in ``days/day49/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (``math``, ``mpmath``, ``scipy``, and scikit-learn measured on this machine; the
thresholds of float32 and float16 by exhaustive search with NumPy's own types, those of bfloat16
with a rounding written here from the format's definition, not the demo's emulation). A test
checks that the computed value rounds to the printed form (full-precision values must equal
Python's ``repr`` of the float64 result) and that the printed form occurs in the README. Another
scans the README for numbers that no entry accounts for. PyTorch is not installed: its rows are
documented facts, and the tests check what can be checked (the exact values, the clamp at 100).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import mpmath
import numpy as np
import pytest
from sklearn.metrics import log_loss

README = Path(__file__).resolve().parents[2] / "days/day49/README.md"
mpmath.mp.dps = 50
LN = math.log


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


def softplus(t: float) -> float:
    """log(1 + e^t) from 50-digit arithmetic, rounded once to float64."""
    return float(mpmath.log1p(mpmath.exp(mpmath.mpf(t))))


def naive_sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -709 else 0.0


def threshold(predicate, lo: float, hi: float) -> float:
    """The point in [lo, hi] where ``predicate`` switches from False to True (bisection)."""
    for _step in range(200):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if predicate(mid) else (mid, hi)
    return hi


def gaussian_log_var_nll(y: float, mu: float, s: float) -> float:
    value = (mpmath.log(2 * mpmath.pi) + s + (mpmath.mpf(y) - mu) ** 2 * mpmath.exp(-s)) / 2
    return float(value)


LAPLACE_DATA = [1.0, 2.0, 3.0, 4.0, 100.0]


def laplace_nll_at(centre: float) -> float:
    return math.fsum(LN(2.0) + abs(v - centre) for v in LAPLACE_DATA)


def sigmoid_rounds_to_one(z: float) -> bool:
    return 1.0 - 1.0 / (1.0 + math.exp(-z)) == 0.0


def naive_label_0_loss_is_zero(z: float) -> bool:
    """-log(1 - σ(z)) through the float64 sigmoid is exactly 0 (σ(z) <= 2^-54)."""
    return -LN(1.0 - naive_sigmoid(z)) == 0.0


def naive_softplus_is_zero(t: float) -> bool:
    return LN(1.0 + math.exp(t)) == 0.0


def naive_softplus_relative_error(t: float) -> float:
    exact = mpmath.log1p(mpmath.exp(mpmath.mpf(t)))
    return float(abs((mpmath.mpf(LN(1.0 + math.exp(t))) - exact) / exact))


def poisson_direct_relative_error(count: float) -> float:
    """e^η - yη + lgamma(y + 1), term by term in float64, at η = log y."""
    eta = LN(count)
    got = math.exp(eta) - count * eta + math.lgamma(count + 1.0)
    exact = mpmath.exp(mpmath.mpf(eta)) - count * mpmath.mpf(eta) + mpmath.loggamma(count + 1)
    return float(abs((got - exact) / exact))


def student_t_term(y: float, nu: float) -> float:
    nu = mpmath.mpf(nu)
    return float(mpmath.loggamma(nu / 2) - mpmath.loggamma((nu + 1) / 2)
                 + mpmath.log(nu * mpmath.pi) / 2 + (nu + 1) / 2 * mpmath.log1p(y**2 / nu))


def naive_log_softmax_second(d: float) -> float:
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        powers = np.exp(np.array([0.0, -d]))
        return float(np.log(powers / powers.sum())[1])


# ------------------------------------------------------------------ other floating-point formats
def _float64_first(predicate, lo: float, hi: float) -> float:
    """The smallest float64 in (lo, hi] where ``predicate`` holds (false at lo, true at hi)."""
    while math.nextafter(lo, hi) < hi:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if predicate(mid) else (mid, hi)
    return hi


def _float64_sigmoid_is_one(z: float) -> bool:
    return 1.0 / (1.0 + math.exp(-z)) == 1.0


def _float64_exp_overflows(x: float) -> bool:
    try:
        math.exp(x)
    except OverflowError:
        return True
    return False


def _all_numbers(dtype: str, lo: float, hi: float) -> np.ndarray:
    """Every number of the NumPy type ``dtype`` in [lo, hi], in increasing order."""
    unsigned = {"float32": np.uint32, "float16": np.uint16}[dtype]
    first, last = (int(np.array([v], dtype=dtype).view(unsigned)[0]) for v in (lo, hi))
    return np.arange(first, last + 1, dtype=unsigned).view(dtype)


def _numpy_thresholds(dtype: str, sigmoid_range: tuple[float, float],
                      exp_range: tuple[float, float]) -> tuple[float, float, float]:
    """First z with 1 / (1 + e^-z) == 1, first x with e^x == inf and the number below it, every
    operation in the NumPy type ``dtype`` (an exhaustive scan)."""
    one = np.array(1.0, dtype=dtype)
    z = _all_numbers(dtype, *sigmoid_range)
    with np.errstate(over="ignore"):
        saturated = one / (one + np.exp(-z)) == one
        x = _all_numbers(dtype, *exp_range)
        overflowed = np.isinf(np.exp(x))
    first_inf = int(np.argmax(overflowed))
    return float(z[np.argmax(saturated)]), float(x[first_inf]), float(x[first_inf - 1])


BF16_BITS = 8  # significand bits of bfloat16, the leading 1 included: 7 stored fraction bits
BF16_MAX = (2 - Fraction(1, 2 ** (BF16_BITS - 1))) * 2**127


def _bf16(value) -> float:
    """``value`` rounded to bfloat16 from the format's definition (8 significant bits, the
    exponent range of float32), ties to even, in exact rational arithmetic."""
    exact = Fraction(value)
    if exact == 0:
        return 0.0
    sign, exact = (-1 if exact < 0 else 1), abs(exact)
    exponent = max(math.floor(math.log2(exact)), -126)  # subnormals share the smallest exponent
    while Fraction(2) ** exponent > exact:  # floor(log2) of a float can be off by one
        exponent -= 1
    while Fraction(2) ** (exponent + 1) <= exact and exponent >= -126:
        exponent += 1
    exponent = max(exponent, -126)
    quantum = Fraction(2) ** (exponent - (BF16_BITS - 1))
    steps, rest = divmod(exact, quantum)
    if rest > quantum / 2 or (rest == quantum / 2 and steps % 2 == 1):
        steps += 1
    rounded = steps * quantum
    return sign * (math.inf if rounded > BF16_MAX else float(rounded))


def _bf16_numbers(lo: float, hi: float) -> list[float]:
    """Every positive bfloat16 number in [lo, hi], from its definition (for 0 < lo, hi < 2^16)."""
    numbers = []
    for exponent in range(math.floor(math.log2(lo)), math.floor(math.log2(hi)) + 1):
        for fraction in range(2 ** (BF16_BITS - 1)):
            value = (1 + fraction / 2 ** (BF16_BITS - 1)) * 2.0**exponent
            if lo <= value <= hi:
                numbers.append(value)
    return numbers


def _bf16_sigmoid_is_one(z: float) -> bool:
    """1 / (1 + e^-z) with every operation rounded to bfloat16 (e^-z from 50-digit arithmetic)."""
    e = _bf16(mpmath.exp(-mpmath.mpf(z)).__float__())
    denominator = _bf16(Fraction(1) + Fraction(e))
    return _bf16(1 / Fraction(denominator)) == 1.0


def _bf16_exp_is_inf(x: float) -> bool:
    return math.isinf(_bf16(float(mpmath.exp(mpmath.mpf(x)))) if x < 709 else math.inf)


def _bf16_thresholds() -> tuple[float, float, float]:
    sigmoid = next(z for z in _bf16_numbers(1.0, 64.0) if _bf16_sigmoid_is_one(z))
    candidates = _bf16_numbers(64.0, 128.0)
    first = next(i for i, x in enumerate(candidates) if _bf16_exp_is_inf(x))
    return sigmoid, candidates[first], candidates[first - 1]


FLOAT64_SIGMOID_ONE = _float64_first(_float64_sigmoid_is_one, 30.0, 40.0)
FLOAT64_EXP_INF = _float64_first(_float64_exp_overflows, 709.0, 710.0)
FLOAT32 = _numpy_thresholds("float32", (16.0, 17.0), (88.0, 89.0))
FLOAT16 = _numpy_thresholds("float16", (1.0, 16.0), (8.0, 16.0))
BFLOAT16 = _bf16_thresholds()
#: Significand bits p of each format, the leading 1 included.
BITS = {"float64": np.finfo(np.float64).nmant + 1, "float32": np.finfo(np.float32).nmant + 1,
        "bfloat16": BF16_BITS, "float16": np.finfo(np.float16).nmant + 1}


def _float32_correctly_rounded_sigmoid_is_one(z: float) -> bool:
    """sigma(z) from 50-digit arithmetic, rounded once to float32 (through float64: the float64
    value is within 2^-53 of exact, far closer than float32's half gap below 1)."""
    return np.float32(float(1 / (1 + mpmath.exp(-mpmath.mpf(z))))) == np.float32(1.0)


#: log(1 + e^-1 + e^-2): the log-sum-exp of [1000, 999, 998] minus 1000.
LOG_TOTAL = mpmath.log(1 + mpmath.exp(-1) + mpmath.exp(-2))


class Number(NamedTuple):
    printed: str  # exactly as in the README
    value: float  # computed independently
    what: str


NUMBERS: list[Number] = [
    # Section 2: float64 limits.
    Number("2.2", 2.0**-52 / 1e-16, "machine epsilon 2.2e-16 (mantissa)"),
    Number("4.2", float((1 - 1 / (1 + mpmath.exp(-40))) * mpmath.mpf(10) ** 18),
           "1 - σ(40) = 4.2e-18 (mantissa)"),
    Number("709.78", LN(np.finfo(float).max), "exp overflows above"),
    Number("745.13", 1075 * LN(2.0), "exp underflows below -745.13"),
    Number("745.1", 1075 * LN(2.0), "figure alt text"),
    Number("4.9", float(mpmath.mpf(2) ** -1074 * mpmath.mpf(10) ** 324),
           "smallest subnormal 4.9e-324 (mantissa)"),
    Number("1000.0", softplus(1000.0), "BCE of a label 1 at z = -1000"),
    Number("4.248354255291589", float(mpmath.log1p(mpmath.exp(-40)) * mpmath.mpf(10) ** 18),
           "log(1 + e^-40), mantissa"),
    Number("4.248354255291589e-18", softplus(-40.0), "log(1 + e^-40)"),
    Number("708.40", 1022 * LN(2.0), "e^x is subnormal below -708.40 (2^-1022)"),
    Number("37.43", -threshold(naive_label_0_loss_is_zero, -30.0, -40.0),
           "naive label-0 loss is exactly 0 for z <= -37.43"),
    Number("36.74", -threshold(naive_softplus_is_zero, -30.0, -40.0),
           "naive log(1 + e^t) is exactly 0 below t = -36.74"),
    Number("1.3", naive_softplus_relative_error(-10.0) * 1e13, "rel. error at t = -10 (mantissa)"),
    Number("1.3e-13", naive_softplus_relative_error(-10.0), "rel. error at t = -10 (alt text)"),
    Number("3.4", naive_softplus_relative_error(-20.0) * 1e8, "rel. error at t = -20 (mantissa)"),
    Number("1.0", naive_softplus_relative_error(-30.0) * 1e3, "rel. error at t = -30 (mantissa)"),
    Number("-739.9974206648909", naive_log_softmax_second(740.0), "naive log softmax at d = 740"),
    Number("-740.0", float(-740 - mpmath.log1p(mpmath.exp(-740))), "log-softmax at d = 740"),
    Number("2.3", poisson_direct_relative_error(1e8) * 1e8, "Poisson term by term, y = 1e8"),
    Number("2.6", poisson_direct_relative_error(1e12) * 1e4, "Poisson term by term, y = 1e12"),
    Number("13.8158", student_t_term(100.0, 2.0), "Student-t, 100 scales, ν = 2"),
    Number("5000.92", float(mpmath.log(2 * mpmath.pi) / 2 + 5000), "Gaussian, 100 scales"),
    # Section 2: the same limits in float32, bfloat16 and float16.
    Number("16.64", BITS["float32"] * LN(2.0), "float32: sigma = 1 from about 24 ln 2"),
    Number("5.55", BITS["bfloat16"] * LN(2.0), "bfloat16: about 8 ln 2"),
    Number("7.62", BITS["float16"] * LN(2.0), "float16: about 11 ln 2"),
    Number("88.72", LN(float(np.finfo(np.float32).max)), "float32: e^x overflows above"),
    Number("88.72", LN(float(BF16_MAX)), "bfloat16: e^x overflows above"),
    Number("11.09", LN(float(np.finfo(np.float16).max)), "float16: e^x overflows above"),
    Number("1.8", float(np.finfo(np.float64).max) / 1e308, "largest float64 (mantissa)"),
    Number("3.4", float(np.finfo(np.float32).max) / 1e38, "largest float32 (mantissa)"),
    Number("3.39", float(BF16_MAX) / 1e38, "largest bfloat16 (mantissa)"),
    Number("65504", float(np.finfo(np.float16).max), "largest float16"),
    Number("36.73680056967711", FLOAT64_SIGMOID_ONE, "float64: first z with sigma(z) = 1"),
    Number("709.7827128933841", FLOAT64_EXP_INF, "float64: first x with e^x = inf"),
    Number("16.635532", FLOAT32[0], "float32: first z with sigma(z) = 1"),
    Number("88.72284", FLOAT32[1], "float32: first x with e^x = inf"),
    Number("5.5625", BFLOAT16[0], "bfloat16: first z with sigma(z) = 1"),
    Number("89.0", BFLOAT16[1], "bfloat16: first x with e^x = inf"),
    Number("88.5", BFLOAT16[2], "bfloat16: the number below, e^x finite"),
    Number("7.625", FLOAT16[0], "float16: first z with sigma(z) = 1"),
    Number("11.09375", FLOAT16[1], "float16: first x with e^x = inf"),
    Number("17.33", 25 * LN(2.0), "float32, sigma rounded once: about 25 ln 2"),
    # Section 4: the table.
    Number("4.539889921682063e-05", -LN(naive_sigmoid(10.0)), "naive -log σ(10)"),
    Number("4.539889921686465e-05", softplus(-10.0), "exact softplus(-10)"),
    Number("40.0", softplus(40.0), "BCE of a label 0 at z = 40"),
    Number("0.99995", naive_sigmoid(10.0), "σ(10)"),
    # Section 5: softmax.
    Number("1000.6931471805599", 1000.0 + float(mpmath.log(2)), "logsumexp([1000, 1000])"),
    Number("-0.407605964444", float(-LOG_TOTAL), "log-softmax entry 0"),
    Number("-1.407605964444", float(-1 - LOG_TOTAL), "log-softmax entry 1"),
    Number("-2.407605964444", float(-2 - LOG_TOTAL), "log-softmax entry 2"),
    Number("0.665", float(mpmath.exp(-LOG_TOTAL)), "softmax entry 0 (figure alt text)"),
    # Section 6: Gaussian with a log-variance.
    Number("2.9189385332046727", gaussian_log_var_nll(3.0, 1.0, 0.0), "NLL at s = 0"),
    Number("2.112085713764618", gaussian_log_var_nll(3.0, 1.0, LN(4.0)), "NLL at s = log 4"),
    Number("360.91893853320465", gaussian_log_var_nll(3.0, 1.0, 720.0), "NLL at s = 720"),
    # Section 7: Laplace.
    Number("159.4657359028", laplace_nll_at(22.0), "Laplace NLL at the mean"),
    Number("104.4657359028", laplace_nll_at(3.0), "Laplace NLL at the median"),
    # Section 8: Poisson.
    Number("800.0", math.exp(-800.0) + 800.0 + math.lgamma(2.0), "one count at eta = -800"),
    Number("863.2319871924054", float(mpmath.loggamma(201)), "log 200!"),
    Number("2.712317927548", float(1 + 2 - 3 * mpmath.log(2) + mpmath.log(6)),
           "Poisson NLL of [0, 3]"),
    # Section 9: tools.
    Number("36.04365338911715", log_loss([1], [1e-300], labels=[0, 1]), "sklearn log_loss"),
    Number("690.7755278982137", -LN(1e-300), "exact -log(1e-300)"),
    Number("690.78", -LN(1e-300), "exact -log(1e-300), rounded"),
    Number("4.248e-18", softplus(-40.0), "exact BCE at z = -40, rounded"),
    # Section 10: mistakes.
    Number("16.11809565095832", -LN(1e-7), "clip cap -log(1e-7)"),
]

# Inputs and parameters of the examples (not results); and integers that are not results.
INPUTS = {
    "0.0", "1.0", "1e-300", "1e-7", "100", "171", "200", "170", "720", "1000", "800", "2.13",
    "1075", "745", "710", "308", "1e-12", "300", "324", "998", "999", "740", "360", "1.17",
    # Quoted, not computed: a recorded measurement of torch 2.13 (the course's notes).
    "1e-6",
    # Quoted, not computed: the version of PyTorch's documentation cited for float32.
    "2.0",
}


def _matches(printed: str, value: float) -> bool:
    """Does ``value`` print as ``printed``, to the number of digits ``printed`` shows?"""
    if (value < 0) != printed.startswith("-"):
        return False
    body = printed.lstrip("-")
    magnitude = abs(float(value))
    mantissa = body.split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    rounded = f"{magnitude:.{decimals}e}" if "e" in body else f"{magnitude:.{decimals}f}"
    if rounded != body:
        return False
    if len(mantissa.replace(".", "").lstrip("0")) >= 15:  # full precision: the float itself
        return repr(float(value)) == printed or "e" not in printed and repr(float(value)) == body
    return True


@pytest.mark.parametrize("number", NUMBERS, ids=[f"{n.printed} ({n.what})" for n in NUMBERS])
def test_printed_number_is_computed(number: Number, text: str) -> None:
    assert _matches(number.printed, number.value), (
        f"{number.what}: the README prints {number.printed}, the computation gives "
        f"{number.value!r}")
    assert number.printed in text, f"{number.what}: {number.printed} is not in the README"


_TOKEN = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.]\d)")


def test_every_number_in_the_readme_is_accounted_for(text: str) -> None:
    """Every decimal, every number in e-notation and every integer of 3+ digits is listed."""
    known = {n.printed.lstrip("-") for n in NUMBERS} | INPUTS
    tokens = {token for token in _TOKEN.findall(text)
              if "." in token or "e" in token or len(token) >= 3}
    assert sorted(tokens - known) == []


# ------------------------------------------------------------------- facts stated in the text
def test_float64_limits() -> None:
    assert 1.0 / (1.0 + math.exp(-40.0)) == 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.exp(np.float64(1000.0)) == np.inf
        assert 1.0 / (1.0 + np.exp(np.float64(1000.0))) == 0.0
    assert math.exp(-745.13) > 0.0 and math.exp(-745.14) == 0.0
    assert math.exp(709.78) < math.inf
    with pytest.raises(OverflowError):
        math.exp(709.79)
    assert 36.7 < threshold(sigmoid_rounds_to_one, 30.0, 40.0) < 36.8
    assert threshold(sigmoid_rounds_to_one, 30.0, 40.0) == pytest.approx(53 * LN(2.0))
    assert -threshold(naive_label_0_loss_is_zero, -30.0, -40.0) == pytest.approx(54 * LN(2.0))
    # Between 2^-1022 and 2^-1075 the exponential is subnormal: finite, fewer digits.
    assert 0.0 < math.exp(-708.5) < 2.2250738585072014e-308 and math.exp(-708.3) > 2.2e-308
    assert float(math.factorial(170)) < math.inf
    with pytest.raises(OverflowError):
        float(math.factorial(171))
    assert np.prod(np.arange(1.0, 171.0)) < np.inf


def test_the_float_format_thresholds(text: str) -> None:
    """The thresholds as NumPy prints them, and the facts the text draws from them."""
    assert str(np.float32(FLOAT32[0])) == "16.635532" and str(np.float32(FLOAT32[1])) == "88.72284"
    # Each is the first number of its format: the one below does not yet saturate or overflow.
    below = float(np.nextafter(np.float32(FLOAT32[0]), np.float32(0)))
    assert 0 < below < FLOAT32[0] and not _float64_sigmoid_is_one(36.0)
    with np.errstate(over="ignore", divide="ignore"):
        one = np.float32(1)
        assert one / (one + np.exp(-np.float32(below))) < one
        assert np.isfinite(np.exp(np.float32(FLOAT32[2])))
        # A logit of 17 in float32: sigma is exactly 1 and the naive BCE of a label 0 is inf.
        p = one / (one + np.exp(-np.float32(17.0)))
        assert p == one and -np.log(one - p) == np.inf
    assert not _float64_sigmoid_is_one(math.nextafter(FLOAT64_SIGMOID_ONE, 0.0))
    assert not _float64_exp_overflows(math.nextafter(FLOAT64_EXP_INF, 0.0))
    # The rule of thumb z = p ln 2 lands within one step of each format's threshold.
    assert FLOAT64_SIGMOID_ONE == pytest.approx(53 * LN(2.0), abs=1e-13)
    assert FLOAT32[0] == pytest.approx(24 * LN(2.0), abs=2e-6)
    assert BFLOAT16[0] == pytest.approx(8 * LN(2.0), abs=2**-5)
    assert FLOAT16[0] == pytest.approx(11 * LN(2.0), abs=2**-8)
    # bfloat16: float32's range, 8 bits; 88.5 and 89.0 are neighbours around ln(max) = 88.72.
    assert _bf16(88.5) == 88.5 and _bf16(89.0) == 89.0 and _bf16(88.72) in (88.5, 89.0)
    assert BFLOAT16[2] < LN(float(BF16_MAX)) < BFLOAT16[1]
    assert float(BF16_MAX) == 3.3895313892515355e38 and _bf16(3.4e38) == math.inf
    # Rounded once instead of step by step, float32's sigma reaches 1 about ln 2 later.
    once = next(float(z) for z in _all_numbers("float32", 17.0, 18.0)
                if _float32_correctly_rounded_sigmoid_is_one(float(z)))
    assert once == pytest.approx(25 * LN(2.0), abs=1e-5)
    for row in ("| float32 | 24 | $2^{-23}$ | $3.4 \\times 10^{38}$ | 16.635532 | 88.72284 |",
                "| bfloat16 | 8 | $2^{-7}$ | $3.39 \\times 10^{38}$ | 5.5625 | 89.0 |",
                "| float16 | 11 | $2^{-10}$ | 65504 | 7.625 | 11.09375 |"):
        assert row in text, row
    assert '"When PyTorch is initialized its default floating point dtype is torch.float32"' in text


def test_softplus_identity_and_the_cancellation() -> None:
    for t in (-50.0, -3.0, 0.0, 2.5, 40.0):
        assert max(t, 0.0) + math.log1p(math.exp(-abs(t))) == pytest.approx(softplus(t),
                                                                           rel=1e-15)
    assert (math.log1p(math.exp(-40.0)) + 40.0) - 40.0 == 0.0  # softplus(z) - z at z = 40
    assert 1.0 - naive_sigmoid(-40.0) == 1.0 and -LN(1.0 - naive_sigmoid(-40.0)) == 0.0
    assert LN(1.0 / (1.0 + math.exp(-40.0))) == 0.0


def test_softmax_facts() -> None:
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        powers = np.exp(np.array([1000.0, 999.0, 998.0]))
        assert np.isnan(powers / powers.sum()).all()
        assert np.log(np.exp(np.array([0.0, -1000.0]))[1]) == -np.inf
    shifted = np.array([2.0, 1.0, 0.0])
    same = shifted - LN(math.fsum(np.exp(shifted).tolist()))
    assert same[0] == pytest.approx(float(-LOG_TOTAL), rel=1e-15)


def test_gaussian_optimum_is_log_r_squared() -> None:
    grid = np.linspace(0.0, 3.0, 30001)
    values = [gaussian_log_var_nll(3.0, 1.0, s) for s in grid[::100]]
    assert grid[::100][int(np.argmin(values))] == pytest.approx(LN(4.0), abs=0.01)
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.log(np.exp(np.float64(720.0))) == np.inf
    data = np.array([2, 4, 4, 4, 5, 5, 7, 9], float)
    assert np.mean(data) == 5.0 and np.var(data) == 4.0


def test_laplace_median_and_scale() -> None:
    grid = np.linspace(0.0, 30.0, 3001)
    best = grid[int(np.argmin([laplace_nll_at(m) for m in grid]))]
    assert best == pytest.approx(np.median(LAPLACE_DATA)) and np.mean(LAPLACE_DATA) == 22.0
    mae = np.mean(np.abs(np.array(LAPLACE_DATA) - 3.0))
    scales = np.linspace(1.0, 40.0, 3901)
    nll = [len(LAPLACE_DATA) * LN(2 * b) + len(LAPLACE_DATA) * mae / b for b in scales]
    assert scales[int(np.argmin(nll))] == pytest.approx(mae, abs=0.01)


def test_accuracy_is_lost_gradually() -> None:
    # The relative error of the naive softplus stays below (about) the bound u e^-t and grows
    # with it: no cliff before the result becomes exactly 0.
    unit_roundoff = 2.0**-53
    errors = [naive_softplus_relative_error(t) for t in np.linspace(-36.0, -5.0, 63)]
    bounds = [unit_roundoff * math.exp(-t) for t in np.linspace(-36.0, -5.0, 63)]
    assert all(e <= 1.5 * b for e, b in zip(errors, bounds, strict=True))
    assert naive_softplus_relative_error(-30.0) > 1e3 * naive_softplus_relative_error(-20.0)


def test_poisson_large_counts() -> None:
    assert poisson_direct_relative_error(1e15) == pytest.approx(0.1, abs=0.01)  # "about 10 %"
    assert poisson_direct_relative_error(1e6) < 1e-9  # graded up to 10^6: the plain formula


def test_scipy_laplace_logpdf_is_the_log_of_the_density() -> None:
    from scipy import stats

    with np.errstate(divide="ignore"):
        assert stats.laplace.logpdf(800.0) == -np.inf
    assert stats.laplace.logpdf(700.0) == pytest.approx(-700 - LN(2.0), rel=1e-12)


def test_pytorch_is_quoted_as_measured(text: str) -> None:
    section = text[text.index("## 10. What common tools"):text.index("## 11. Common mistakes")]
    assert "documented" not in section
    assert section.count("(measured, torch 2.13)") == 4
    assert "not zero" in section and "one-sided" in section
    assert "zero gradient" not in text


def test_log_softmax_refinement_is_taught(text: str) -> None:
    assert r"\operatorname{log1p}\Bigl(\sum_{l \ne t}" in text
    with np.errstate(divide="ignore"):
        shifted = np.array([0.0, -40.0])
        assert (shifted - LN(math.fsum(np.exp(shifted).tolist())))[0] == 0.0  # plain shift
        assert shifted[0] - math.log1p(math.exp(-40.0)) == -softplus(-40.0)


def test_poisson_facts() -> None:
    assert math.exp(-800.0) == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        assert 1 * np.log(np.exp(np.float64(-800.0))) == -np.inf


def test_tools_facts() -> None:
    eps = np.finfo(float).eps
    assert log_loss([1], [0.0], labels=[0, 1]) == pytest.approx(-LN(eps), rel=1e-12)
    # PyTorch's documented clamp of each log at -100, applied to the exact values:
    assert min(-LN(1e-300), 100.0) == 100.0 and min(math.inf, 100.0) == 100.0


# ------------------------------------------------------------------------------------ markup
def test_markup(text: str) -> None:
    assert text.startswith("# Day 49 — ")
    for name in ("bce_naive_vs_stable.png", "softplus_accuracy.png", "softmax_overflow.png",
                 "gaussian_nll_surface.png"):
        assert re.search(rf"!\[[^\]]+\]\(outputs/{re.escape(name)}\)\n\n\*", text), name
    assert text.count('<details markdown="1">') == text.count("</details>") == 5
    assert text.count("<summary>Answer</summary>\n\n") == 5
    assert "!!!" not in text
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line == "$$":
            continue
        assert "$$" not in line or line.strip() == "$$", f"line {i + 1}: inline $$"
    displays = [i for i, line in enumerate(lines) if line == "$$"]
    assert len(displays) % 2 == 0
    for start, end in zip(displays[::2], displays[1::2], strict=True):
        assert lines[start - 1] == "" and lines[end + 1] == "", (start, end)
    for name in ("log_sigmoid", "bce_with_logits", "log_softmax", "cross_entropy_with_logits",
                 "gaussian_nll_log_var", "laplace_nll", "poisson_nll", "student_t_nll"):
        assert f"`{name}`" in text
    assert "python -m days.day49.code.stability_demo" in text
    assert "exercises/day49/stable_losses.py" in text
