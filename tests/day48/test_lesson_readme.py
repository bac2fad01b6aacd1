"""Day 48 lesson page: every number printed in ``days/day48/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (``math``, ``numpy``, ``scipy``). A test checks that the computed value rounds to
the printed form (to as many decimals as are printed; full-precision values must equal Python's
``repr`` of the float64 result) and that the printed form occurs in the README. A last test
scans the README for numbers that no entry accounts for, so a number added to the page without
a test fails the suite.

The page's markup is checked too: the four figure links, the ``<details markdown="1">`` blocks
and the ``$$`` display blocks. Whether the figure files exist is the business of
``test_visualizations.py``, not of this module.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from scipy import integrate, optimize, stats

README = Path(__file__).resolve().parents[2] / "days/day48/README.md"

LN = math.log
HALF_LOG_2PI = 0.5 * LN(2.0 * math.pi)  # 0.9189385332046727


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------ the data
# The examples of the lesson, as the README states them.
COIN_HEADS, COIN_TOSSES = 7, 10  # Section 2: 7 heads in 10 tosses
Y4 = np.array([1, 0, 1, 1])  # Sections 3 and 7: four Bernoulli labels ...
P4 = np.array([0.9, 0.2, 0.8, 0.7])  # ... and the predicted P(y = 1)
CLASS_LABELS = np.array([0, 2, 1])  # Section 8: true class indices ...
CLASS_PROBS = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3]])  # ... and q_i
TARGETS = np.array([2.0, 3.0, 4.5])  # Section 9: regression targets ...
PREDICTIONS = np.array([2.2, 2.8, 4.4])  # ... and predictions
RESIDUALS = TARGETS - PREDICTIONS  # -0.2, 0.2, 0.1
SIGMAS = (0.1, 0.5, 1.0, 2.0)  # Section 9: the table of shared sigmas
VARIANCE_DATA = np.array([2, 4, 4, 4, 5, 5, 7, 9], dtype=float)  # Section 9: MLE of sigma^2

# How the README writes the data (checked verbatim).
DATA_STRINGS = [
    "$y = [1, 0, 1, 1]$",
    "$P(y_i = 1) = [0.9, 0.2, 0.8, 0.7]$",
    "(0.7, 0.2, 0.1)",
    "(0.1, 0.3, 0.6)",
    "(0.3, 0.4, 0.3)",
    "Targets $[2.0, 3.0, 4.5]$, predictions $[2.2, 2.8, 4.4]$",
    "$[2, 4, 4, 4, 5, 5, 7, 9]$",
    "7 of 10 tosses are heads",
    "heads 3 times in 4 tosses",
    "2000 samples, each given probability 0.5",
]

# Numbers that are inputs (data, parameters chosen for an example), not results. They may appear
# anywhere in the README; results must be listed in NUMBERS below.
INPUTS = {
    "0.0", "0.1", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9",
    "0.01", "0.99", "1.0", "2.0", "2.2", "2.8", "3.0", "4.4", "4.5", "1e-15", "1e-17", "2000",
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


class Number(NamedTuple):
    printed: str  # exactly as in the README (an ASCII minus for negative numbers)
    value: float  # computed independently
    what: str  # where it appears


THETA_HAT = _coin_mle(COIN_HEADS, COIN_TOSSES)
NUMBERS: list[Number] = [
    # Section 2: probability versus likelihood.
    Number("0.00390625", 0.5**8, "P(8 heads | fair coin)"),
    Number("0.39", 100 * 0.5**8, "the same, in percent"),
    Number("256", len(list(itertools.product("HT", repeat=8))), "sequences of 8 tosses"),
    Number("0.7", THETA_HAT, "MLE of the bias, 7 heads in 10"),
    Number("0.002224", math.exp(-_coin_nll(0.7, 7, 10)), "L(0.7) for 7 heads in 10"),
    Number("0.000977", math.exp(-_coin_nll(0.5, 7, 10)), "L(0.5) for 7 heads in 10"),
    Number("1024", 1 / math.exp(-_coin_nll(0.5, 7, 10)), "L(0.5) = 1/1024"),
    Number("2.28", math.exp(_coin_nll(0.5, 7, 10) - _coin_nll(0.7, 7, 10)), "L(0.7) / L(0.5)"),
    Number("0.111", integrate.quad(lambda t: t**8, 0.0, 1.0)[0], "integral of theta^8"),
    # Section 3: the likelihood of the four labels.
    Number("0.4032", math.prod(stats.bernoulli.pmf(Y4, P4)), "likelihood of the four labels"),
    # Section 4: underflow.
    Number("2.2250738585072014e-308", sys.float_info.min, "smallest normal float64"),
    Number("1022", -math.log2(sys.float_info.min), "its exponent"),
    Number("5e-324", 0.5**1074, "0.5 ** 1074, the smallest subnormal"),
    Number("4.94e-324", math.ulp(0.0), "the same, to three digits"),
    Number("1074", _first_underflow(0.5) - 1, "largest n with 0.5 ** n > 0"),
    Number("1075", _first_underflow(0.5), "first n with 0.5 ** n == 0.0"),
    Number("0.0", 0.5**1075, "0.5 ** 1075"),
    Number("2.2e-16", sys.float_info.epsilon, "machine epsilon"),
    Number("1.0", 1.0 + 1e-17, "1.0 + 1e-17 rounds back to 1.0"),
    Number("-745.13", 1075 * LN(0.5), "log-likelihood of 1075 samples"),
    Number("-693147.18", 10**6 * LN(0.5), "log-likelihood of a million samples"),
    # Section 5: the NLL of the coin.
    Number("6.1086", _coin_nll(THETA_HAT, 7, 10), "NLL at theta = 0.7"),
    Number("0.6109", _coin_nll(THETA_HAT, 7, 10) / 10, "mean NLL at theta = 0.7"),
    # Section 7: binary cross-entropy.
    Number("-0.2231435513142097", float(stats.bernoulli.logpmf(1, 0.8)), "log P(y=1 | 0.8)"),
    Number("0.2231435513142097", float(-stats.bernoulli.logpmf(1, 0.8)), "its loss"),
    Number("0.1054", BERNOULLI_TERMS[0], "term 1"),
    Number("0.2231", BERNOULLI_TERMS[1], "terms 2 and 3"),
    Number("0.3567", BERNOULLI_TERMS[3], "term 4"),
    Number("0.9083225622249782", BERNOULLI_NLL, "total NLL of the four labels"),
    Number("0.22708064055624455", BCE, "their binary cross-entropy"),
    Number("0.0101", -LN(0.99), "-ln 0.99"),
    Number("4.6052", -LN(0.01), "-ln 0.01"),
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
    Number("32", math.fsum((VARIANCE_DATA - VARIANCE_DATA.mean()) ** 2), "sum of squares"),
    Number("4.0", float(np.var(VARIANCE_DATA)), "MLE of the variance (1/n)"),
    Number("4.571428571428571", float(np.var(VARIANCE_DATA, ddof=1)), "unbiased (1/(n-1))"),
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
    Number("-1386.29", 2000 * LN(0.5), "Q6: log-likelihood of 2000 samples"),
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
    assert Fraction(1, 2) ** 8 == Fraction(1, 256) == Fraction(0.00390625)
    assert Fraction(1, 2) ** 10 == Fraction(1, 1024)
    assert Fraction(7, 10) == Fraction(COIN_HEADS, COIN_TOSSES)
    assert integrate.quad(lambda t: t**8, 0.0, 1.0)[0] == pytest.approx(1 / 9, rel=1e-12)
    assert Fraction(32, 8) == 4 and float(Fraction(32, 7)) == np.var(VARIANCE_DATA, ddof=1)
    assert Fraction(3, 4) == Fraction(_coin_mle(3, 4)).limit_denominator(100)


def test_fractions_are_printed(text: str) -> None:
    for fraction in (r"\frac{1}{256}", "1/1024", "1/9", "7/10", "32/8", "32/7", "3/4"):
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
    assert 1.0 + 1e-17 == 1.0 and 1e-17 > 0.0  # epsilon is about spacing, not magnitude
    assert sys.float_info.epsilon == 2.0**-52
    assert sys.float_info.min == 2.0**-1022
    assert "`0.5**1074` gives `5e-324`" in text
    assert "`0.5**1075` is exactly `0.0`" in text
    assert "underflow" in text.lower()
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
    # For the eight values, the variance maximising the likelihood divides by n.
    mean = VARIANCE_DATA.mean()
    assert mean == 5.0
    best_var = optimize.minimize_scalar(
        lambda v: -math.fsum(stats.norm.logpdf(VARIANCE_DATA, mean, math.sqrt(v))),
        bounds=(0.5, 20.0), method="bounded", options={"xatol": 1e-10},
    ).x
    assert best_var == pytest.approx(4.0, rel=1e-6)


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


# ------------------------------------------------------------------------------- the markup
FIGURES = {
    "outputs/bernoulli_nll.png",
    "outputs/gaussian_nll_sigma.png",
    "outputs/likelihood_underflow.png",
    "outputs/mse_vs_gaussian_nll.png",
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
    keywords = ["core question", "Probability versus likelihood", "product", "logs", "NLL",
                "Gaussian noise", "Bernoulli", "categorical", "σ", "Noise model", "mistakes",
                "takeaways", "Self-check"]
    found = [
        next((i for i, heading in enumerate(headings) if keyword.lower() in heading.lower()), -1)
        for keyword in keywords
    ]
    assert -1 not in found, dict(zip(keywords, found, strict=True))
    # The first heading naming each topic comes after the one of the topic before it.
    assert found == sorted(found), dict(zip(keywords, found, strict=True))
