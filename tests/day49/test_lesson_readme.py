"""Day 49 lesson page: every number printed in ``days/day49/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (``math``, ``mpmath``, ``scipy``, and scikit-learn measured on this machine). A test
checks that the computed value rounds to the printed form (full-precision values must equal
Python's ``repr`` of the float64 result) and that the printed form occurs in the README. Another
scans the README for numbers that no entry accounts for. PyTorch is not installed: its rows are
documented facts, and the tests check what can be checked (the exact values, the clamp at 100).
"""

from __future__ import annotations

import math
import re
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
