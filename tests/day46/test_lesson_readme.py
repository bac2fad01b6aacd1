"""Day 46 lesson page: every number printed in ``days/day46/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (exact integers and fractions, ``math``, ``scipy``, ``mpmath``). A test checks that
the computed value rounds to the printed form and that the printed form occurs in the README.
Another scans the README for numbers that no entry accounts for, so a number added to the page
without a computation fails the suite. The formulas and facts the text states are checked too,
and so is the markup (figures, captions, ``<details>`` answers, display maths).
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import mpmath
import numpy as np
import pytest
from scipy import integrate, optimize, stats

README = Path(__file__).resolve().parents[2] / "days/day46/README.md"


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


def seq(heads: int, tails: int, theta: float | Fraction) -> float | Fraction:
    """theta^h (1 - theta)^t, exact when theta is a Fraction."""
    return theta**heads * (1 - theta) ** tails


def log_seq(heads: int, tails: int, theta: float) -> float:
    return heads * math.log(theta) + tails * math.log1p(-theta)


def ratio(heads: int, tails: int, top: float, bottom: float) -> float:
    with mpmath.workdps(40):
        a, b = mpmath.mpf(top), mpmath.mpf(bottom)
        return float((a / b) ** heads * ((1 - a) / (1 - b)) ** tails)


def numeric_mle(heads: int, tails: int) -> float:
    """The maximiser of the log-likelihood, found numerically (not as h / n)."""
    return float(optimize.minimize_scalar(
        lambda t: -log_seq(heads, tails, t), bounds=(1e-9, 1 - 1e-9), method="bounded",
        options={"xatol": 1e-12}).x)


def area(heads: int, tails: int) -> float:
    return integrate.quad(lambda t: t**heads * (1 - t) ** tails, 0.0, 1.0,
                          epsabs=1e-15, epsrel=1e-13)[0]


def sci(value: int | float) -> tuple[float, int]:
    """(mantissa, exponent) of a number that may be a huge exact integer."""
    exponent = math.floor(mpmath.log10(value))
    return float(mpmath.mpf(value) / mpmath.mpf(10) ** exponent), exponent


class Number(NamedTuple):
    printed: str  # exactly as in the README
    value: float  # computed independently
    what: str


def nearest_is_not_best(limit: int) -> list[tuple[int, int]]:
    """Pairs (h, n), n < limit, whose h / n is strictly nearer one value of the grid 0, 0.01,
    ..., 1 (exact fractions) than any other, while another grid value has a larger likelihood."""
    found = []
    for n in range(1, limit):
        for h in range(n + 1):
            share = Fraction(h, n)
            below = math.floor(share * 100)
            if share * 100 == below:
                continue  # h / n is on the grid: it is the maximiser and the nearest value
            distance_below, distance_above = share - Fraction(below, 100), Fraction(
                below + 1, 100) - share
            if distance_below == distance_above:
                continue  # halfway: no single nearest value
            nearest = below if distance_below < distance_above else below + 1
            other = below + 1 if nearest == below else below
            # Only the two neighbours can win (l rises up to h / n, then falls).
            near, far = (log_seq(h, n - h, k / 100) if 0 < k < 100 else -math.inf
                         for k in (nearest, other))
            assert abs(near - far) > 1e-9  # no near-tie: float logs decide correctly
            # (h > 0 and h < n here, so a neighbour at 0 or 1 has likelihood 0)
            if far > near:
                found.append((h, n))
    return found


NEAREST_IS_NOT_BEST = nearest_is_not_best(300)
SEQUENCES_OF_8 = list(itertools.product("HT", repeat=8))
HALF_WIDTH_RATIO = 1 / ratio(112, 48, 0.5, 0.7)

NUMBERS: list[Number] = [
    # Section 2: the street coin.
    Number("0.00390625", float(Fraction(1, 2) ** 8), "P(8 heads | fair)"),
    Number("0.39", 100 * 0.5**8, "the same in percent"),
    Number("256", len(SEQUENCES_OF_8), "sequences of 8 flips"),
    Number("70", sum(1 for s in SEQUENCES_OF_8 if s.count("H") == 4), "sequences with 4 heads"),
    Number("0.2734", stats.binom.pmf(4, 8, 0.5), "P(4 heads in 8)"),
    Number("0.0039", 0.5**8, "L(0.5) for 8 heads"),
    Number("0.0168", 0.6**8, "L(0.6)"),
    Number("0.0576", 0.7**8, "L(0.7)"),
    Number("0.1678", 0.8**8, "L(0.8)"),
    Number("0.4305", 0.9**8, "L(0.9)"),
    # Section 3: sequences and counts.
    Number("0.0864", float(seq(3, 1, Fraction(6, 10))), "P(HTHH | 0.6)"),
    Number("0.375", stats.binom.pmf(2, 4, 0.5), "P(2 heads in 4)"),
    Number("7.26", sci(math.factorial(170))[0], "170!"),
    Number("306", sci(math.factorial(170))[1], "its exponent"),
    Number("170", 170, "the largest n whose n! fits"),
    Number("171", next(n for n in range(1, 300) if math.factorial(n) > sys.float_info.max),
           "the first n whose n! overflows"),
    Number("1.24", sci(math.factorial(171))[0], "171!"),
    Number("309", sci(math.factorial(171))[1], "its exponent"),
    Number("1.80", sci(sys.float_info.max)[0], "the largest float"),
    Number("308", sci(sys.float_info.max)[1], "its exponent"),
    Number("1000", 1000, "n"),
    Number("500", 500, "k"),
    Number("2.70", sci(math.comb(1000, 500))[0], "C(1000, 500)"),
    Number("299", sci(math.comb(1000, 500))[1], "its exponent"),
    Number("2000", 2000, "n"),
    Number("2.05", sci(math.comb(2000, 1000))[0], "C(2000, 1000)"),
    Number("600", sci(math.comb(2000, 1000))[1], "its exponent"),
    Number("0.02523", float(mpmath.binomial(1000, 500) / mpmath.mpf(2) ** 1000),
           "P(K = 500 | 1000, 0.5)"),
    Number("0.01784", float(mpmath.binomial(2000, 1000) / mpmath.mpf(2) ** 2000),
           "P(K = 1000 | 2000, 0.5)"),
    Number("0.0", 0.5**2000, "0.5 ** 2000 in float64"),
    Number("1.0", 0.0**0, "0.0 ** 0 in Python"),
    # Section 4: the likelihood is no density.
    Number("0.111", area(8, 0), "integral of theta^8"),
    Number("1320", math.factorial(11) / (math.factorial(7) * math.factorial(3)), "11!/(7! 3!)"),
    Number("0.000758", area(7, 3), "integral of theta^7 (1 - theta)^3"),
    Number("0.43", 0.9**8, "L(0.9), rounded"),
    # Section 5: the maximiser.
    Number("1024", 2**10, "0.5^10 = 1/1024"),
    Number("0.000977", 0.5**10, "L(0.5) for 7 heads in 10"),
    Number("0.002224", seq(7, 3, 0.7), "L(0.7) for 7 heads in 10"),
    Number("101", len(np.arange(0, 101) / 100), "grid points"),
    Number("0.01", 1 / 100, "grid step"),
    Number("0.7", numeric_mle(7, 3), "MLE, 7 heads in 10"),
    Number("0.67", numeric_mle(2, 1), "the peak of 2 heads, 1 tail (figure)"),
    Number("2.28", 1 / ratio(7, 3, 0.5, 0.7), "L(0.7) / L(0.5), 10 flips"),
    Number("112", round(0.7 * 160), "heads in 160 flips"),
    Number("160", 160, "flips"),
    Number("5.2", sci(HALF_WIDTH_RATIO)[0], "L(0.7) / L(0.5), 160 flips"),
    Number("-1386.29", 2000 * math.log(0.5), "log L(0.5) for 2000 flips"),
    Number("0.0149", 1 / 67, "h / n for one head in 67 flips"),
    Number("0.02", 2 / 100, "the grid value above 1/67"),
    Number("372", len(NEAREST_IS_NOT_BEST), "pairs whose nearest grid value is not the best"),
    Number("300", 300, "the bound on n of that count"),
    # Section 6: ratios.
    Number("110.2", ratio(8, 0, 0.9, 0.5), "L(0.9) / L(0.5), 8 heads"),
    Number("1050", 1050, "heads in 2000 flips"),
    Number("0.52", 0.52, "theta_1"),
    Number("-1383.89", log_seq(1050, 950, 0.52), "log L(0.52)"),
    Number("2.4009", log_seq(1050, 950, 0.52) - log_seq(1050, 950, 0.5), "log ratio"),
    Number("11.03", ratio(1050, 950, 0.52, 0.5), "L(0.52) / L(0.5), 2000 flips"),
    Number("0.1", 0.1, "theta_0 of the overflow example"),
    # Section 9: self-check.
    Number("0.147", float(seq(1, 2, Fraction(3, 10))), "P(HTT | 0.3)"),
    Number("0.441", stats.binom.pmf(1, 3, 0.3), "P(one head in 3 | 0.3)"),
    Number("0.0625", float(seq(3, 1, Fraction(1, 2))), "L(0.5) for HHTH"),
    Number("0.10546875", float(seq(3, 1, Fraction(3, 4))), "L(0.75) for HHTH"),
    Number("1.6875", ratio(3, 1, 0.75, 0.5), "L(0.75) / L(0.5) for HHTH"),
    Number("0.99", 1 - 0.01, "1 - theta at 0.01"),
    Number("0.98", 1 - 0.02, "1 - theta at 0.02"),
    Number("-5.2685", log_seq(1, 66, 0.01), "log L(0.01), one head in 67"),
    Number("-5.2454", log_seq(1, 66, 0.02), "log L(0.02), one head in 67"),
]

# Numbers that are inputs (data, parameters chosen for an example), not results.
INPUTS = {"0.25", "0.3", "0.4", "0.5", "0.6", "0.75", "0.8", "0.9", "1.0", "2.0"}


def _matches(printed: str, value: float) -> bool:
    """Does ``value`` print as ``printed``, to the number of decimals ``printed`` shows?"""
    if (value < 0) != printed.startswith("-"):
        return False
    body = printed.lstrip("-")
    decimals = len(body.split(".")[1]) if "." in body else 0
    return f"{abs(float(value)):.{decimals}f}" == body


@pytest.mark.parametrize("number", NUMBERS, ids=[f"{n.printed} ({n.what})" for n in NUMBERS])
def test_printed_number_is_computed(number: Number, text: str) -> None:
    assert _matches(number.printed, number.value), (
        f"{number.what}: the README prints {number.printed}, the computation gives "
        f"{number.value!r}")
    assert number.printed in text, f"{number.what}: {number.printed} is not in the README"


_TOKEN = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.]\d)")


def test_every_number_in_the_readme_is_accounted_for(text: str) -> None:
    """Every decimal and every integer of 3+ digits is listed in NUMBERS or INPUTS."""
    known = {n.printed.lstrip("-") for n in NUMBERS} | INPUTS
    tokens = {t for t in _TOKEN.findall(text) if "." in t or "e" in t or len(t) >= 3}
    assert sorted(tokens - known) == []


# ------------------------------------------------------------------- facts stated in the text
def test_fractions_and_identities(text: str) -> None:
    assert Fraction(1, 2) ** 8 == Fraction(1, 256)
    assert Fraction(1, 2) ** 10 == Fraction(1, 1024)
    assert Fraction(6, 16) == Fraction(math.comb(4, 2), 2**4)
    assert integrate.quad(lambda t: t**8, 0, 1)[0] == pytest.approx(1 / 9, rel=1e-13)
    assert area(7, 3) == pytest.approx(1 / 1320, rel=1e-12)
    assert area(1, 1) == pytest.approx(1 / 6, rel=1e-12)
    for h, t in [(8, 0), (7, 3), (1, 1), (3, 1)]:  # the Beta-function formula of Section 4
        exact = Fraction(math.factorial(h) * math.factorial(t), math.factorial(h + t + 1))
        assert area(h, t) == pytest.approx(float(exact), rel=1e-12)
    assert Fraction(3, 10) * Fraction(7, 10) ** 2 * 3 == Fraction(441, 1000)
    for fraction in (r"\frac{1}{256}", "1/9", "1/1320", "1/1024", "6/16", "7/10", "8/8", "3/4",
                     "1/16", "1/6"):
        assert fraction in text, fraction


def test_large_n_facts() -> None:
    with pytest.raises(OverflowError):
        float(math.factorial(171))
    assert float(math.factorial(170)) < sys.float_info.max
    assert float(math.comb(1000, 500)) < sys.float_info.max
    with pytest.raises(OverflowError):
        float(math.comb(2000, 1000))
    assert 0.5**2000 == 0.0
    assert math.lgamma(1001) == pytest.approx(float(mpmath.log(mpmath.factorial(1000))),
                                              rel=1e-15)
    with np.errstate(over="ignore", invalid="ignore"):
        float_factorial = np.prod(np.arange(1, 1001, dtype=float))
        assert float_factorial == np.inf and np.isnan(float_factorial / float_factorial)


def test_conventions_at_the_ends() -> None:
    assert 0.0**0 == 1.0 and 1.0**4 * 0.0**0 == 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        assert np.isnan(0 * np.log(0.0))
    with pytest.raises(ValueError):
        math.log(0.0)
    grid = np.linspace(0, 1, 101)
    assert grid[np.argmax((1 - grid) ** 5)] == 0.0


def test_the_mle_is_the_share_of_heads() -> None:
    for h, t in [(7, 3), (3, 1), (2, 1), (112, 48)]:
        assert numeric_mle(h, t) == pytest.approx(h / (h + t), abs=1e-7)
    grid = np.linspace(0, 1, 101)
    assert grid[np.argmax(grid**7 * (1 - grid) ** 3)] == pytest.approx(0.7)
    assert grid[np.argmax(grid**8)] == 1.0
    # The binomial coefficient does not move the maximiser.
    assert np.argmax(stats.binom.pmf(7, 10, grid)) == np.argmax(grid**7 * (1 - grid) ** 3)


def test_long_data_underflow_and_logs() -> None:
    grid = np.linspace(0.0, 1.0, 101)
    raw = grid**1050 * (1 - grid) ** 950
    assert np.all(raw == 0.0)  # every value on the grid underflows: argmax sees ties
    assert np.argmax(raw) == 0
    assert 0.5**1050 * 0.5**950 == 0.0 and 0.52**1050 * 0.48**950 == 0.0
    with np.errstate(invalid="ignore"):
        assert np.isnan(np.float64(0.0) / np.float64(0.0))
    assert seq(112, 48, 0.7) < 1e-42


def test_binomial_coefficient_cancels_in_ratios() -> None:
    by_counts = stats.binom.pmf(7, 10, 0.7) / stats.binom.pmf(7, 10, 0.5)
    assert by_counts == pytest.approx(ratio(7, 3, 0.7, 0.5), rel=1e-12)
    # ... but the number of flips does not: the same share of heads in 160 flips.
    assert ratio(112, 48, 0.7, 0.5) > 1e5 * ratio(7, 3, 0.7, 0.5)


def test_the_nearest_grid_value_is_not_always_the_maximiser(text: str) -> None:
    grid = np.linspace(0.0, 1.0, 101)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_lik = np.log(grid) + 66 * np.log1p(-grid)
    assert grid[np.argmax(log_lik)] == 0.02
    assert grid[np.argmin(np.abs(grid - 1 / 67))] == 0.01
    assert (1, 67) in NEAREST_IS_NOT_BEST and all(n < 300 for _, n in NEAREST_IS_NOT_BEST)
    assert "one of\nthe two grid values either side of $h/n$" in text
    assert "closest to $h/n$" not in text


def test_the_ratio_of_powers_overflows() -> None:
    with np.errstate(over="ignore", invalid="ignore"):
        first, second = np.float64(0.9 / 0.1) ** 1000, np.float64(0.1 / 0.9) ** 1000
        assert first == np.inf and second == 0.0 and np.isnan(first * second)
    with pytest.raises(OverflowError):
        (0.9 / 0.1) ** 1000  # noqa: B018 - Python floats raise instead
    assert ratio(1000, 1000, 0.9, 0.1) == pytest.approx(1.0, abs=1e-12)


def test_likelihood_defined_up_to_a_constant_and_what_cancels(text: str) -> None:
    flat = re.sub(r"\s+", " ", text)
    assert "a likelihood is only defined up to a positive factor that does not depend on" in flat
    assert "The number of flips does not cancel" in flat
    assert "no longer the likelihood" not in flat
    assert "how many flips we made" not in flat


# ------------------------------------------------------------------------------- the markup
FIGURES = {"outputs/probability_vs_likelihood.png", "outputs/likelihood_curves.png"}
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def test_title_line(text: str) -> None:
    assert text.splitlines()[0] == "# Day 46 — Probability versus likelihood"


def test_figures_are_linked_once_with_alt_text_and_an_italic_caption(text: str) -> None:
    links = _IMAGE.findall(text)
    assert sorted(target for _, target in links) == sorted(FIGURES)
    assert all(alt.strip() for alt, _ in links)
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _IMAGE.search(line):
            caption = next(following for following in lines[index + 1:] if following.strip())
            assert caption.startswith("*") and not caption.startswith("**"), caption
            block = [caption]
            for following in lines[lines.index(caption, index) + 1:]:
                if not following.strip():
                    break
                block.append(following)
            assert block[-1].endswith("*"), block


def test_details_blocks_are_balanced(text: str) -> None:
    opened = 0
    for line in text.splitlines():
        if "<details" in line:
            assert line.strip() == '<details markdown="1">', line
            assert opened == 0
            opened += 1
        if "</details>" in line:
            assert line.strip() == "</details>" and opened == 1
            opened -= 1
    assert opened == 0
    assert text.count('<details markdown="1">') == text.count("<summary>Answer</summary>") >= 5
    assert '<summary>Answer</summary>\n\n' in text


def test_display_math_is_fenced_on_its_own_lines(text: str) -> None:
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if "$$" in line]
    assert fences and len(fences) % 2 == 0
    for index in fences:
        assert lines[index].strip() == "$$"
    for opening, closing in zip(fences[::2], fences[1::2], strict=True):
        assert lines[opening - 1].strip() == "" and lines[closing + 1].strip() == ""


def test_inline_math_is_balanced_on_each_line(text: str) -> None:
    in_display = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "$$":
            in_display = not in_display
        elif not in_display:
            assert line.count("$") % 2 == 0, f"line {number}: unbalanced $"


def test_no_admonitions(text: str) -> None:
    assert not re.search(r"^\s*(!!!|\?\?\?)", text, flags=re.MULTILINE)


def test_demo_exercises_and_conventions_are_named(text: str) -> None:
    assert "python -m days.day46.code.coin_demo" in text
    assert "exercises/day46/coins.py" in text
    assert "pytest --impl=exercises" in text
    for name in ("bernoulli_pmf", "binomial_pmf", "sequence_probability", "likelihood_grid",
                 "grid_mle", "likelihood_ratio", "likelihood_interval"):
        assert f"`{name}`" in text
    for convention in ("`1` for heads", "$0^0 = 1$", "first maximiser", "`inf`"):
        assert convention in text


def test_sections_in_order(text: str) -> None:
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    keywords = ["two questions", "street", "binomial", "not a density", "maximiser", "ratio",
                "mistakes", "takeaways", "Self-check"]
    found = [next((i for i, h in enumerate(headings) if k.lower() in h.lower()), -1)
             for k in keywords]
    assert -1 not in found and found == sorted(found), dict(zip(keywords, found, strict=True))
