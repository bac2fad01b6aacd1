"""Day 48 lesson page: every number printed in ``days/day48/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (``math``, ``numpy``, ``scipy``). A test checks that the computed value rounds to
the printed form (to as many decimals as are printed; full-precision values must equal Python's
``repr`` of the float64 result) and that the printed form occurs in the README. A last test
scans the README for numbers that no entry accounts for, so a number added to the page without
a test fails the suite.

The page's markup is checked too: the four figure links, the ``<details markdown="1">`` blocks,
the ``$$`` display blocks, and the links to the other days' lessons (each file exists and each
``#anchor`` names one of its headings). Whether the figure files exist is the business of
``test_visualizations.py``, not of this module.
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
from scipy import integrate, optimize, stats

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "days/day48/README.md"

LN = math.log
HALF_LOG_2PI = 0.5 * LN(2.0 * math.pi)  # 0.9189385332046727


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------ the data
# The examples of the lesson, as the README states them.
COIN_HEADS, COIN_TOSSES = 7, 10  # Section 4: 7 heads in 10 tosses
Y4 = np.array([1, 0, 1, 1])  # Sections 3 and 6: four Bernoulli labels ...
P4 = np.array([0.9, 0.2, 0.8, 0.7])  # ... and the predicted P(y = 1)
CLASS_LABELS = np.array([0, 2, 1])  # Section 8: true class indices ...
CLASS_PROBS = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3]])  # ... and q_i
TARGETS = np.array([2.0, 3.0, 4.5])  # Section 9: regression targets ...
PREDICTIONS = np.array([2.2, 2.8, 4.4])  # ... and predictions
RESIDUALS = TARGETS - PREDICTIONS  # -0.2, 0.2, 0.1
SIGMAS = (0.1, 0.5, 1.0, 2.0)  # Section 9: the table of shared sigmas
CLASSIFICATION_LOGITS = (-10.0, -2.0, 0.0, 2.0)  # Section 7: a label 1 at these logits

# How the README writes the data (checked verbatim).
DATA_STRINGS = [
    "$y = [1, 0, 1, 1]$",
    "$P(y_i = 1) = [0.9, 0.2, 0.8, 0.7]$",
    "(0.7, 0.2, 0.1)",
    "(0.1, 0.3, 0.6)",
    "(0.3, 0.4, 0.3)",
    "Targets $[2.0, 3.0, 4.5]$, predictions $[2.2, 2.8, 4.4]$",
    "7 of 10 tosses are heads",
    "heads 3 times in 4 tosses",
    "heads 8 times in 8 flips",
    "| -10 | ", "| -2 | ", "| 0 | ", "| 2 | ",  # the logits of the table of Section 7
    "$y = 0$ and the logit is $z = 10$",
]

# Numbers that are inputs (data, parameters chosen for an example), not results. They may appear
# anywhere in the README; results must be listed in NUMBERS below.
INPUTS = {
    "0.0", "0.1", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9",
    "0.01", "0.99", "1.0", "2.0", "2.2", "2.8", "3.0", "4.4", "4.5", "1e-15", "1024",
}


# ------------------------------------------------------------------------- computed quantities
def _coin_nll(theta: float, heads: int, tosses: int) -> float:
    """Negative log-likelihood of a fixed sequence with ``heads`` heads in ``tosses`` tosses."""
    return -(heads * LN(theta) + (tosses - heads) * LN(1.0 - theta))


def _coin_mle(heads: int, tosses: int) -> float:
    """The bias maximising the likelihood, found numerically (not as heads / tosses)."""
    result = optimize.minimize_scalar(
        _coin_nll, bounds=(1e-9, 1.0 - 1e-9), args=(heads, tosses), method="bounded",
        options={"xatol": 1e-12},
    )
    return float(result.x)


def _first_underflow(factor: float) -> int:
    """Smallest n for which ``factor ** n`` is exactly 0.0 in float64."""
    n = 1
    while factor**n > 0.0:
        n += 1
    return n


def _gaussian_nll(y: np.ndarray, y_hat: np.ndarray, sigma: float) -> float:
    """Total Gaussian NLL, from scipy's log-density."""
    return -math.fsum(stats.norm.logpdf(y, loc=y_hat, scale=sigma))


def _shared_sigma_nll(sigma: float) -> float:
    return _gaussian_nll(TARGETS, PREDICTIONS, sigma)


BERNOULLI_TERMS = -stats.bernoulli.logpmf(Y4, P4)  # -log P(y_i | p_i), one per label
BERNOULLI_NLL = math.fsum(BERNOULLI_TERMS)
BCE = BERNOULLI_NLL / len(Y4)

ONE_HOT = np.eye(3)[CLASS_LABELS]
CATEGORICAL_TERMS = -stats.multinomial.logpmf(ONE_HOT, 1, CLASS_PROBS)  # -log q_(i, t_i)
CATEGORICAL_NLL = math.fsum(CATEGORICAL_TERMS)

SQUARED_ERROR_SUM = math.fsum(RESIDUALS**2)  # 0.09
MSE = SQUARED_ERROR_SUM / len(TARGETS)  # 0.03
SIGMA_HAT = math.sqrt(MSE)  # the MLE of a shared sigma
SIGMA_HAT_NUMERIC = optimize.minimize_scalar(
    _shared_sigma_nll, bounds=(0.01, 1.0), method="bounded", options={"xatol": 1e-10}
).x


def _sigma_row(sigma: float) -> tuple[float, float, float]:
    """(constant part, squared-error part, total NLL) for the shared ``sigma``."""
    n = len(TARGETS)
    constant = n * 0.5 * LN(2.0 * math.pi * sigma**2)
    squared = SQUARED_ERROR_SUM / (2.0 * sigma**2)
    return constant, squared, _gaussian_nll(TARGETS, PREDICTIONS, sigma)


# Section 7 in 50-digit arithmetic (mpmath.workdps: the precision of other tests is left alone).
def _sigmoid_mp(t):
    return 1 / (1 + mpmath.exp(-t))


def _bce_mp(t):
    """-log sigma(t): the binary cross-entropy of a label 1."""
    return mpmath.log1p(mpmath.exp(-t))


def _squared_mp(t):
    """(sigma(t) - 1)^2: the squared error of a label 1."""
    return (1 - _sigmoid_mp(t)) ** 2


def _at(function, z: float) -> float:
    with mpmath.workdps(50):
        return float(function(mpmath.mpf(z)))


def _derivative(function, z: float) -> float:
    """d function / dz at z by mpmath's numerical differentiation, not by the lesson's formula."""
    with mpmath.workdps(50):
        return float(mpmath.diff(function, mpmath.mpf(z)))


BCE_GRADIENT = {z: _derivative(_bce_mp, z) for z in CLASSIFICATION_LOGITS}
SQUARED_GRADIENT = {z: _derivative(_squared_mp, z) for z in CLASSIFICATION_LOGITS}


class Number(NamedTuple):
    printed: str  # exactly as in the README (an ASCII minus for negative numbers)
    value: float  # computed independently
    what: str  # where it appears


THETA_HAT = _coin_mle(COIN_HEADS, COIN_TOSSES)
NUMBERS: list[Number] = [
    # Section 2: what Days 46 and 47 showed.
    Number("1075", _first_underflow(0.5), "first n with 0.5 ** n == 0.0"),
    Number("0.0", 0.5**1075, "0.5 ** 1075"),
    Number("-745.13", 1075 * LN(0.5), "log-likelihood of 1075 samples"),
    # Section 3: the likelihood of the four labels.
    Number("0.4032", math.prod(stats.bernoulli.pmf(Y4, P4)), "likelihood of the four labels"),
    # Section 4: the NLL of the coin.
    Number("0.7", THETA_HAT, "MLE of the bias, 7 heads in 10"),
    Number("6.1086", _coin_nll(THETA_HAT, 7, 10), "NLL at theta = 0.7"),
    Number("0.6109", _coin_nll(THETA_HAT, 7, 10) / 10, "mean NLL at theta = 0.7"),
    # Section 6: binary cross-entropy.
    Number("-0.2231435513142097", float(stats.bernoulli.logpmf(1, 0.8)), "log P(y=1 | 0.8)"),
    Number("0.2231435513142097", float(-stats.bernoulli.logpmf(1, 0.8)), "its loss"),
    Number("0.1054", BERNOULLI_TERMS[0], "term 1"),
    Number("0.2231", BERNOULLI_TERMS[1], "terms 2 and 3"),
    Number("0.3567", BERNOULLI_TERMS[3], "term 4"),
    Number("0.9083225622249782", BERNOULLI_NLL, "total NLL of the four labels"),
    Number("0.22708064055624455", BCE, "their binary cross-entropy"),
    Number("0.0101", -LN(0.99), "-ln 0.99"),
    Number("4.6052", -LN(0.01), "-ln 0.01"),
    # Section 7: why not MSE for classification (a label 1).
    *(
        Number(printed, value, f"table of Section 7, z = {z:g}, {column}")
        for z, row in [
            (-10.0, ("4.54e-05", "10.0000", "-0.99995", "0.9999", "-9.08e-05")),
            (-2.0, ("0.1192", "2.1269", "-0.8808", "0.7758", "-0.1850")),
            (0.0, ("0.5", "0.6931", "-0.5", "0.25", "-0.25")),
            (2.0, ("0.8808", "0.1269", "-0.1192", "0.0142", "-0.0250")),
        ]
        for printed, value, column in zip(
            row,
            (_at(_sigmoid_mp, z), _at(_bce_mp, z), BCE_GRADIENT[z], _at(_squared_mp, z),
             SQUARED_GRADIENT[z]),
            ("p", "BCE", "BCE gradient", "squared error", "squared-error gradient"),
            strict=True,
        )
    ),
    Number("0.2963", -float(optimize.minimize_scalar(
        lambda z: _derivative(_squared_mp, z), bounds=(-5.0, 5.0), method="bounded").fun),
        "largest size of the squared error's gradient (8/27)"),
    Number("-0.6931", -LN(2.0), "where it is reached, z = -ln 2"),
    # Section 8: categorical cross-entropy.
    Number("0.3567", CATEGORICAL_TERMS[0], "sample 1"),
    Number("0.5108", CATEGORICAL_TERMS[1], "sample 2"),
    Number("0.9163", CATEGORICAL_TERMS[2], "sample 3"),
    Number("1.783791299578878", CATEGORICAL_NLL, "total categorical NLL"),
    Number("0.594597099859626", CATEGORICAL_NLL / 3, "categorical cross-entropy"),
    Number("1.0986", -stats.multinomial.logpmf([1, 0, 0], 1, [1 / 3] * 3), "uniform guess"),
    # Section 9: the Gaussian NLL with sigma.
    Number("3.989422804014327", stats.norm.pdf(0.0, 0.0, 0.1), "density of N(0, 0.1^2) at 0"),
    Number("-1.3836465597893728", -stats.norm.logpdf(0.0, 0.0, 0.1), "its NLL"),
    Number("0.3989", 1 / math.sqrt(2 * math.pi), "sigma below which the constant is < 0"),
    Number("0.09", SQUARED_ERROR_SUM, "sum of squared residuals"),
    Number("0.045", SQUARED_ERROR_SUM / 2, "squared-error part, sigma = 1"),
    Number("0.9189385332046727", -stats.norm.logpdf(0.0), "1/2 log 2 pi"),
    Number("2.756815599614018", -math.fsum(stats.norm.logpdf(np.zeros(3))), "constant, n = 3"),
    Number("2.801815599614018", _gaussian_nll(TARGETS, PREDICTIONS, 1.0), "total NLL, sigma=1"),
    Number("0.03", MSE, "MSE of the same data"),
    *(
        Number(printed, value, f"sigma table, sigma = {sigma}, {column}")
        for sigma, row in [
            (0.1, ("-4.1509", "4.5000", "0.3491")),
            (0.5, ("0.6774", "0.1800", "0.8574")),
            (1.0, ("2.7568", "0.0450", "2.8018")),
            (2.0, ("4.8363", "0.0113", "4.8475")),
        ]
        for printed, value, column in zip(
            row, _sigma_row(sigma), ("constant", "squared", "total"), strict=True
        )
    ),
    Number("0.1732", SIGMA_HAT_NUMERIC, "MLE of the shared sigma"),
    Number("-1.0030", _shared_sigma_nll(SIGMA_HAT), "NLL at the MLE of sigma"),
    # Section 11: common mistakes.
    Number("0.0986", BCE / LN(10), "BCE with log10"),
    Number("2.3026", LN(10), "ln 10"),
    Number("0.3276", BCE / LN(2), "BCE with log2"),
    Number("0.6931", LN(2), "ln 2"),
    Number("-0.2271", -BCE, "BCE with a lost minus sign"),
    Number("0.125", 1.0**2 / (2 * 2.0**2), "r^2 / (2 sigma^2), r = 1, sigma = 2"),
    Number("0.25", 1.0**2 / (2 * 2.0), "r^2 / (2 sigma): the mistake"),
    Number("34.538776394910684", -LN(1e-15), "loss of a clipped probability 0"),
    Number("0.1732", math.sqrt(MSE), "RMSE of the worked example"),
    # Section 13: self-check answers.
    Number("0.75", float(stats.bernoulli.pmf(0, 0.25)), "Q1: P(y = 0 | p = 0.25)"),
    Number("0.2876820724517809", float(-stats.bernoulli.logpmf(0, 0.25)), "Q1: its loss"),
    Number("1.2039728043259361", -stats.multinomial.logpmf([0, 0, 1], 1, [0.2, 0.5, 0.3]),
           "Q2: CCE of one sample"),
    Number("0.75", _coin_mle(3, 4), "Q3: MLE of the bias, 3 heads in 4"),
    Number("0.10546875", math.exp(-_coin_nll(0.75, 3, 4)), "Q3: the likelihood there"),
    Number("1.737085713764618", float(-stats.norm.logpdf(1.0, 0.0, 2.0)), "Q5: NLL, r=1, sigma=2"),
    Number("0.2231435513142097", float(-stats.bernoulli.logpmf(1, 0.8)), "Q6: H((0, 1), q)"),
    Number("0.99995", _derivative(lambda t: -mpmath.log(1 - _sigmoid_mp(t)), 10.0),
           "Q7: BCE gradient, y = 0, z = 10"),
    Number("9.08", 1e5 * _derivative(lambda t: _sigmoid_mp(t) ** 2, 10.0),
           "Q7: squared-error gradient, y = 0, z = 10 (times 10^5)"),
]


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
    significant = len(mantissa.replace(".", "").lstrip("0"))
    if significant >= 15:  # printed at full precision: it must be the float64 result itself
        return repr(float(value)) == printed
    return True


@pytest.mark.parametrize("number", NUMBERS, ids=[f"{n.printed} ({n.what})" for n in NUMBERS])
def test_printed_number_is_computed(number: Number, text: str) -> None:
    assert _matches(number.printed, number.value), (
        f"{number.what}: the README prints {number.printed}, the computation gives "
        f"{number.value!r}"
    )
    assert number.printed in text, f"{number.what}: {number.printed} is not in the README"


# A number token: digits, an optional fraction, an optional exponent; not part of a word
# (day48, log10, x_1) or of a longer number.
_TOKEN = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.]\d)")


def test_every_number_in_the_readme_is_accounted_for(text: str) -> None:
    """Every decimal, every number in e-notation and every integer of 3+ digits is listed."""
    known = {n.printed.lstrip("-") for n in NUMBERS} | INPUTS
    tokens = {
        token for token in _TOKEN.findall(text)
        if "." in token or "e" in token or len(token) >= 3
    }
    assert sorted(tokens - known) == []


@pytest.mark.parametrize("data", DATA_STRINGS)
def test_example_data_is_stated(data: str, text: str) -> None:
    assert data in text


# ------------------------------------------------------------------- facts stated in the text
def test_exact_fractions() -> None:
    assert Fraction(7, 10) == Fraction(COIN_HEADS, COIN_TOSSES)
    assert integrate.quad(lambda t: t**8, 0.0, 1.0)[0] == pytest.approx(1 / 9, rel=1e-12)
    assert Fraction(3, 4) == Fraction(_coin_mle(3, 4)).limit_denominator(100)
    # Section 7: the squared error's gradient is largest in size, 8/27, where sigma(z) = 1/3.
    p = Fraction(1, 3)
    assert 2 * p * (1 - p) ** 2 == Fraction(8, 27)
    assert _at(_sigmoid_mp, -LN(2.0)) == pytest.approx(1 / 3, rel=1e-15)


def test_fractions_are_printed(text: str) -> None:
    for fraction in ("1/9", "3/4", "8/27", "1/3"):
        assert fraction in text


def test_eight_heads_likelihood_is_largest_at_one(text: str) -> None:
    grid = np.linspace(0.0, 1.0, 1001)
    assert grid[np.argmax(grid**8)] == 1.0
    assert r"\hat\theta = 1" in text


def test_underflow_facts(text: str) -> None:
    assert 0.5**1074 == math.ulp(0.0) == 2.0**-1074 > 0.0
    assert 0.5**1075 == 0.0
    assert np.prod(np.full(1075, 0.5)) == 0.0  # the running product underflows too
    assert np.sum(np.log(np.full(1075, 0.5))) == pytest.approx(1075 * LN(0.5), rel=1e-12)
    assert "1075 factors of $0.5$ multiply to exactly `0.0`" in text
    assert "below machine precision" not in text.lower()


def test_log_of_zero_and_zero_times_log_zero() -> None:
    with np.errstate(divide="ignore", invalid="ignore"):
        assert np.log(0.0) == -np.inf
        assert np.isnan(0 * np.log(0.0))
    # The convention 0 log 0 = 0 is the limit of x log x as x -> 0.
    assert abs(1e-300 * LN(1e-300)) < 1e-290


def test_bce_worked_example_agrees_with_the_product() -> None:
    assert BERNOULLI_NLL == pytest.approx(-LN(0.4032), rel=1e-14)
    assert BCE == pytest.approx(BERNOULLI_NLL / 4, rel=0)


def test_categorical_one_hot_and_index_forms_agree() -> None:
    one_hot = -(ONE_HOT * np.log(CLASS_PROBS)).sum(axis=1)
    index = -np.log(CLASS_PROBS[np.arange(3), CLASS_LABELS])
    np.testing.assert_allclose(one_hot, CATEGORICAL_TERMS, rtol=1e-15)
    np.testing.assert_allclose(index, CATEGORICAL_TERMS, rtol=1e-15)
    # Binary cross-entropy is the case k = 2 with q = (1 - p, p).
    two_class = np.column_stack([1 - P4, P4])
    np.testing.assert_allclose(-np.log(two_class[np.arange(4), Y4]), BERNOULLI_TERMS, rtol=1e-15)


def test_gaussian_nll_decomposition() -> None:
    n = len(TARGETS)
    constant = n * HALF_LOG_2PI
    nll = _gaussian_nll(TARGETS, PREDICTIONS, 1.0)
    assert nll == pytest.approx(constant + SQUARED_ERROR_SUM / 2, rel=1e-15)
    assert nll == pytest.approx(constant + n / 2 * MSE, rel=1e-15)  # NLL = C + n/(2 s^2) MSE
    assert SQUARED_ERROR_SUM == pytest.approx(0.09, rel=1e-12)
    assert MSE == pytest.approx(0.03, rel=1e-12)


def test_small_sigma_density_exceeds_one() -> None:
    assert 1 / (0.1 * math.sqrt(2 * math.pi)) == pytest.approx(3.989422804014327, rel=1e-15)
    exact = 0.5 * LN(2 * math.pi) + LN(0.1)  # 1/2 log 2 pi + log sigma
    assert exact == pytest.approx(-1.3836465597893728, rel=1e-15)
    # The constant 1/2 log(2 pi sigma^2) changes sign at sigma = 1/sqrt(2 pi).
    threshold = 1 / math.sqrt(2 * math.pi)
    assert 0.5 * LN(2 * math.pi * threshold**2) == pytest.approx(0.0, abs=1e-15)


def test_sigma_mle_is_the_mean_square() -> None:
    assert SIGMA_HAT_NUMERIC == pytest.approx(SIGMA_HAT, rel=1e-6)
    assert _shared_sigma_nll(SIGMA_HAT) < min(_sigma_row(s)[2] for s in SIGMAS)
    assert _shared_sigma_nll(SIGMA_HAT) == pytest.approx(1.5 * (LN(2 * math.pi * MSE) + 1))
    # Per sample, the best sigma_i is |r_i|.
    for r in (0.2, 0.5, 3.0):
        best = optimize.minimize_scalar(
            lambda s, r=r: LN(s) + r**2 / (2 * s**2), bounds=(1e-3, 10.0), method="bounded",
            options={"xatol": 1e-10},
        ).x
        assert best == pytest.approx(r, rel=1e-6)


def test_mse_and_gaussian_nll_have_the_same_minimiser() -> None:
    """Section 6: with sigma fixed, the line minimising the NLL is the least-squares line."""
    rng = np.random.default_rng(48)
    x = rng.uniform(-2.0, 2.0, size=20)
    y = 2.0 * x + 1.0 + rng.normal(0.0, 0.5, size=20)

    def nll(params: np.ndarray) -> float:
        return _gaussian_nll(y, params[0] * x + params[1], 0.5)

    by_nll = optimize.minimize(nll, np.zeros(2), method="BFGS", options={"gtol": 1e-9}).x
    by_least_squares = np.polyfit(x, y, 1)
    np.testing.assert_allclose(by_nll, by_least_squares, rtol=1e-6)


def test_logs_do_not_move_the_maximiser() -> None:
    grid = np.linspace(0.01, 0.99, 99)
    likelihood = grid**7 * (1 - grid) ** 3
    assert np.argmax(likelihood) == np.argmax(np.log(likelihood)) == np.argmin(
        -np.log(likelihood) / 10
    )
    assert grid[np.argmax(likelihood)] == pytest.approx(0.7)


def test_section_7_gradients_are_the_lessons_formulas() -> None:
    """The formulas of Section 7 against mpmath's numerical derivatives, for labels 1 and 0."""
    for z in (-30.0, -10.0, -2.0, -0.5, 0.0, 2.0, 10.0):
        p, slope = _at(_sigmoid_mp, z), _at(_sigmoid_mp, z) * _at(_sigmoid_mp, -z)
        assert _derivative(_bce_mp, z) == pytest.approx(p - 1, rel=1e-12, abs=1e-300)
        assert _derivative(_squared_mp, z) == pytest.approx(2 * (p - 1) * slope, rel=1e-10)
        # A label 0 is the mirror image, z -> -z.
        label_0 = _derivative(lambda t: _sigmoid_mp(t) ** 2, z)
        assert label_0 == pytest.approx(-_derivative(_squared_mp, -z), rel=1e-10)


def test_section_7_squared_error_is_not_convex_and_bce_is() -> None:
    def second(function, z: float) -> float:
        with mpmath.workdps(50):
            return float(mpmath.diff(function, mpmath.mpf(z), 2))

    inflection = -LN(2.0)
    assert second(_squared_mp, inflection - 0.5) < 0.0 < second(_squared_mp, inflection + 0.5)
    assert abs(second(_squared_mp, inflection)) < 1e-12
    assert all(second(_bce_mp, z) > 0.0 for z in np.linspace(-30.0, 30.0, 61))
    # The squared error of a label 1 is bounded by 1; the BCE grows like -z.
    with mpmath.workdps(50):
        assert _squared_mp(mpmath.mpf(-50)) < 1
    assert _at(_bce_mp, -50.0) == pytest.approx(50.0)


def test_the_gradient_ratio_is_about_eleven_thousand(text: str) -> None:
    ratio = BCE_GRADIENT[-10.0] / SQUARED_GRADIENT[-10.0]
    assert 10_500 < ratio < 11_500  # 11014
    assert text.count("eleven thousand times") == 2  # Section 7 and the self-check


def test_cross_entropy_is_defined_where_the_word_is_first_used(text: str) -> None:
    paragraphs = text.split("\n\n")
    first = next(i for i, paragraph in enumerate(paragraphs) if "cross-entropy" in paragraph)
    definition = paragraphs[first + 1]
    assert definition.startswith('**What "cross-entropy" means.**')
    assert r"H(p, q) = -\sum_x p(x) \log q(x)" in definition
    assert "(../day51/README.md#2-cross-entropy)" in definition
    assert "negative log-likelihood" in definition


def test_the_recap_of_days_46_and_47_is_short_and_linked(text: str) -> None:
    recap = text[text.index("## 2. "):text.index("## 3. ")]
    assert len(recap.split()) < 400
    for target in ("../day46/README.md#", "../day47/README.md#"):
        assert target in recap
    # What the earlier days work out is no longer repeated here.
    for gone in ("0.00390625", "`0.5**1074` gives", "machine epsilon", "[2, 4, 4, 4, 5, 5, 7, 9]"):
        assert gone not in text


def _slug(heading: str) -> str:
    """A heading's anchor as Python-Markdown's toc and GitHub both make it for these headings:
    lower case, punctuation dropped, spaces to hyphens."""
    words = re.sub(r"[^\w\s-]", "", heading.strip().lower())
    return re.sub(r"[\s-]+", "-", words).strip("-")


def test_links_to_other_lessons_resolve(text: str) -> None:
    links = re.findall(r"\]\((\.\./day\d\d/README\.md)(#[^)\s]+)?\)", text)
    days = {target for target, _ in links}
    assert days >= {"../day46/README.md", "../day47/README.md", "../day51/README.md"}
    for target, anchor in links:
        path = (README.parent / target).resolve()
        assert path.is_file(), target
        if anchor:
            headings = [line.lstrip("#").strip()
                        for line in path.read_text(encoding="utf-8").splitlines()
                        if line.startswith("#")]
            assert anchor[1:] in {_slug(h) for h in headings}, f"{target}{anchor}"


# ------------------------------------------------------------------------------- the markup
FIGURES = {
    "outputs/bernoulli_nll.png",
    "outputs/gaussian_nll_sigma.png",
    "outputs/mse_vs_gaussian_nll.png",
    "outputs/mse_vs_bce_logit.png",
}
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def test_title_line(text: str) -> None:
    assert text.splitlines()[0] == (
        "# Day 48 — Maximum likelihood: why loss functions look the way they do"
    )


def test_image_links_name_the_four_figures(text: str) -> None:
    links = _IMAGE.findall(text)
    targets = [target for _, target in links]
    assert all(target in FIGURES for target in targets), targets
    assert sorted(targets) == sorted(FIGURES)  # each figure exactly once
    assert all(alt.strip() for alt, _ in links), "every image needs alt text"
    assert "<img" not in text


def test_each_figure_has_an_italic_caption(text: str) -> None:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _IMAGE.search(line):
            caption = next(following for following in lines[index + 1:] if following.strip())
            assert caption.startswith("*") and caption.endswith("*"), caption
            assert not caption.startswith("**"), caption


def test_details_blocks_are_balanced(text: str) -> None:
    opened = 0
    for line in text.splitlines():
        if "<details" in line:
            assert line.strip() == '<details markdown="1">', line
            assert opened == 0, "nested <details>"
            opened += 1
        if "</details>" in line:
            assert line.strip() == "</details>", line
            assert opened == 1, "</details> without <details>"
            opened -= 1
    assert opened == 0
    assert text.count('<details markdown="1">') == text.count("</details>") >= 5
    assert text.count('<details markdown="1">') == text.count("<summary>Answer</summary>")


def test_display_math_is_balanced(text: str) -> None:
    assert text.count("$$") % 2 == 0
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if "$$" in line]
    assert fences
    for index in fences:
        assert lines[index].strip() == "$$", "a $$ fence must stand on its own line"
    for opening, closing in zip(fences[::2], fences[1::2], strict=True):
        assert lines[opening - 1].strip() == "", f"no blank line before line {opening + 1}"
        assert lines[closing + 1].strip() == "", f"no blank line after line {closing + 1}"


def test_inline_math_is_balanced_on_each_line(text: str) -> None:
    in_display = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "$$":
            in_display = not in_display
            continue
        if not in_display:
            assert line.count("$") % 2 == 0, f"line {number}: unbalanced $"


def test_no_admonition_syntax(text: str) -> None:
    assert not re.search(r"^\s*(!!!|\?\?\?)", text, flags=re.MULTILINE)


def test_how_to_run_and_the_exercises_are_named(text: str) -> None:
    assert "python -m days.day48.code.mle_demo" in text
    assert "exercises/day48/losses.py" in text
    # The command names the day's folder: without it pytest grades every day.
    assert "pytest --impl=exercises tests/day48" in text and "make check" in text
    for name in ("likelihood", "log_likelihood", "binary_cross_entropy", "gaussian_nll", "mse",
                 "categorical_cross_entropy", "binomial_nll"):
        assert f"`{name}`" in text


def test_the_conditional_likelihood_step_is_shown(text: str) -> None:
    # The pairs are i.i.d.; p(x_i) does not involve θ and drops out of the maximisation.
    assert r"p(x_i, y_i \mid \theta) = p(x_i)\, p(y_i \mid x_i, \theta)" in text
    assert "conditional likelihood" in text


def test_claims_that_were_overstated_are_not_made(text: str) -> None:
    assert "does not need retuning" not in text
    assert "the terms that depend on nothing being fitted are dropped" not in text


def test_sections_in_order(text: str) -> None:
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    keywords = ["core question", "Probability versus likelihood", "conditional likelihood",
                "NLL", "Gaussian noise", "Bernoulli", "Why not mean squared error", "categorical",
                "σ", "Noise model", "mistakes", "takeaways", "Self-check"]
    found = [
        next((i for i, heading in enumerate(headings) if keyword.lower() in heading.lower()), -1)
        for keyword in keywords
    ]
    assert -1 not in found, dict(zip(keywords, found, strict=True))
    # The first heading naming each topic comes after the one of the topic before it.
    assert found == sorted(found), dict(zip(keywords, found, strict=True))
