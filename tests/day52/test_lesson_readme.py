"""Day 52 lesson page: every number printed in ``days/day52/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (``math``, ``numpy``, ``scipy``, ``scikit-learn``; simulations repeated from
their seeds with code written here, not the demo's). A test checks that the value rounds to the
printed form (full-precision forms must be Python's ``repr`` of the float64 result) and that
the form occurs in the README. A last test scans the README for numbers that no entry accounts
for, so a number added to the page without a test fails the suite. Statements about numbers
that the page makes in words (which counts leave [0, 1], which divisor is best) are tested
too, and so is the markup.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from scipy import optimize, stats
from sklearn.linear_model import LogisticRegression

from days.day50.code import fit_demo

README = Path(__file__).resolve().parents[2] / "days/day52/README.md"

Z = float(stats.norm.ppf(0.975))
C = float(stats.chi2.ppf(0.95, 1))
SEED = 52  # the demo's default seed


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


# ------------------------------------------------------------------------- computed quantities
def loglik(theta: float, k: int, n: int) -> float:
    """Binomial log-likelihood without the constant log C(n, k)."""
    return k * math.log(theta) + (n - k) * math.log(1 - theta)


def observed_information(theta: float, k: int, n: int) -> float:
    return k / theta**2 + (n - k) / (1 - theta) ** 2


def wald(k: int, n: int, z: float = Z) -> tuple[float, float]:
    p = k / n
    half = z * math.sqrt(p * (1 - p) / n)
    return p - half, p + half


def wilson(k: int, n: int) -> tuple[float, float]:
    """The roots of the squared score test (p - t)^2 = z^2 t (1 - t) / n, by numpy."""
    p = k / n
    roots = np.roots([1 + Z**2 / n, -(2 * p + Z**2 / n), p**2])
    low, high = sorted(float(r.real) for r in roots)
    return max(low, 0.0), high


def likelihood_ratio(k: int, n: int, cut: float = C) -> tuple[float, float]:
    p = k / n
    top = stats.binom.logpmf(k, n, p)

    def excess(t: float) -> float:
        return 2 * (top - stats.binom.logpmf(k, n, t)) - cut

    low = 0.0 if k == 0 else optimize.brentq(excess, 1e-300, p, xtol=1e-15)
    high = 1.0 if k == n else optimize.brentq(excess, p, 1 - 1e-16, xtol=1e-15)
    return float(low), float(high)


def exact_coverage(interval, theta: float, n: int) -> float:
    return float(sum(stats.binom.pmf(k, n, theta) for k in range(n + 1)
                     if interval(k, n)[0] <= theta <= interval(k, n)[1]))


def exponential_intervals() -> dict[str, tuple[float, float]]:
    n, total = len(WAITS), sum(WAITS)
    rate = n / total
    scale = 1 / rate

    def rate_ll(lam):
        return stats.expon.logpdf(WAITS, scale=1 / lam).sum()

    def scale_ll(beta):
        return stats.expon.logpdf(WAITS, scale=beta).sum()

    def ends(ll, best, upper):
        def excess(v):
            return 2 * (ll(best) - ll(v)) - C
        return (optimize.brentq(excess, 1e-9, best, xtol=1e-15),
                optimize.brentq(excess, best, upper, xtol=1e-15))

    se_rate, se_scale = rate / math.sqrt(n), scale / math.sqrt(n)
    return {"rate wald": (rate - Z * se_rate, rate + Z * se_rate),
            "scale wald": (scale - Z * se_scale, scale + Z * se_scale),
            "rate lr": ends(rate_ll, rate, 100.0), "scale lr": ends(scale_ll, scale, 1e4)}


def sklearn_mle(X, y) -> np.ndarray:
    model = LogisticRegression(C=np.inf, fit_intercept=False, solver="newton-cholesky",
                               tol=1e-12, max_iter=1000)
    return model.fit(X, y).coef_[0]


def logistic_se(X, w) -> np.ndarray:
    X = np.asarray(X, float)
    p = stats.logistic.cdf(X @ w)
    return np.sqrt(np.diag(np.linalg.inv((X.T * (p * (1 - p))) @ X)))


def refit_spread(refits: int = 200) -> np.ndarray:
    """The demo's refit experiment written out: data from Day 50's generator with the seeds
    52, 53, ..., each fitted by scikit-learn."""
    fitted = [sklearn_mle(*fit_demo.make_logistic_data(seed=SEED + i)) for i in range(refits)]
    return np.std(np.array(fitted), axis=0, ddof=1)


def simulated_spread(n: int) -> float:
    counts = np.random.default_rng(SEED).binomial(n, 0.7, size=10_000)
    return float(np.std(counts / n, ddof=1))


def simulated_variance_mse() -> dict[int, float]:
    x = np.random.default_rng(SEED).standard_normal((100_000, 5))
    squares = ((x - x.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    return {d: float(np.mean((squares / d - 1.0) ** 2)) for d in (4, 5, 6)}


def exact_variance_mse(n: int, divisor: int) -> float:
    mean = (n - 1) / divisor
    return (mean - 1) ** 2 + 2 * (n - 1) / divisor**2


# The data of the page.
WAITS = [0.5, 1.5, 2.0, 1.0]
EIGHT = np.array([2, 4, 4, 4, 5, 5, 7, 9], dtype=float)
TOY_X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
TOY_Y = np.array([0.0, 1.0, 0.0, 1.0])
TOY_MLE = sklearn_mle(TOY_X, TOY_Y)
TOY_SE = logistic_se(TOY_X, TOY_MLE)
DEMO_X, DEMO_Y = fit_demo.make_logistic_data()
DEMO_MLE = sklearn_mle(DEMO_X, DEMO_Y)
DEMO_SE = logistic_se(DEMO_X, DEMO_MLE)
REFIT = refit_spread()
EXPONENTIAL = exponential_intervals()
SIGMA_MLE = float(np.std(EIGHT))
T7 = float(stats.t.ppf(0.975, 7))
S_UNBIASED = float(np.std(EIGHT, ddof=1))
PROFILE_HALF = SIGMA_MLE * math.sqrt(math.expm1(C / 8))
WALD_HALF = Z * SIGMA_MLE / math.sqrt(8)
T_HALF = T7 * S_UNBIASED / math.sqrt(8)
MSE_SIM = simulated_variance_mse()
SECOND_DIFFERENCE = -(loglik(0.7 + 1e-4, 7, 10) - 2 * loglik(0.7, 7, 10)
                      + loglik(0.7 - 1e-4, 7, 10)) / 1e-8
COVERAGE_THETAS = (0.01, 0.05, 0.1, 0.3, 0.5)
Z99 = float(stats.norm.ppf(0.995))


class Number(NamedTuple):
    printed: str  # exactly as in the README
    value: float  # computed independently
    what: str


def interval_numbers(ends: tuple[float, float], printed: tuple[str, str],
                     what: str) -> list[Number]:
    return [Number(printed[0], ends[0], f"{what}, low"), Number(printed[1], ends[1],
                                                                 f"{what}, high")]


NUMBERS: list[Number] = [
    # Section 1.
    Number("0.49", 0.7**2, "theta_hat squared"),
    Number("0.09", 0.3**2, "(1 - theta_hat) squared"),
    Number("0.21", 0.7 * 0.3, "theta_hat (1 - theta_hat)"),
    Number("47.619", observed_information(0.7, 7, 10), "J for 7 of 10"),
    Number("190.476", observed_information(0.7, 28, 40), "J for 28 of 40"),
    Number("761.905", observed_information(0.7, 112, 160), "J for 112 of 160"),
    Number("1.92", C / 2, "half the chi-square cut-off"),
    Number("47.619050", SECOND_DIFFERENCE, "second difference, h = 1e-4"),
    Number("47.619048", 10 / 0.21, "the exact curvature"),
    # Section 2.
    Number("38.194", observed_information(0.6, 7, 10), "J(0.6) for 7 of 10"),
    Number("41.667", 10 / (0.6 * 0.4), "I_10(0.6)"),
    # Section 3.
    Number("0.1449", math.sqrt(0.21 / 10), "se, n = 10"),
    Number("0.0725", math.sqrt(0.21 / 40), "se, n = 40"),
    Number("0.0362", math.sqrt(0.21 / 160), "se, n = 160"),
    Number("0.1447", simulated_spread(10), "simulated sd, n = 10"),
    Number("0.0721", simulated_spread(40), "simulated sd, n = 40"),
    Number("0.0363", simulated_spread(160), "simulated sd, n = 160"),
    Number("0.7071", SIGMA_MLE / math.sqrt(8), "se of the mean of the eight values"),
    # Section 4.
    Number("-1.3623", TOY_MLE[0], "toy MLE, intercept"),
    Number("0.9082", TOY_MLE[1], "toy MLE, slope"),
    Number("1.9749", TOY_SE[0], "toy se, intercept"),
    Number("1.0852", TOY_SE[1], "toy se, slope"),
    Number("-0.520579", DEMO_MLE[0], "demo MLE w0"),
    Number("1.999422", DEMO_MLE[1], "demo MLE w1"),
    Number("-1.248554", DEMO_MLE[2], "demo MLE w2"),
    Number("0.1237", DEMO_SE[0], "demo se w0"),
    Number("0.1902", DEMO_SE[1], "demo se w1"),
    Number("0.1582", DEMO_SE[2], "demo se w2"),
    Number("1.57", abs(DEMO_MLE[2] + 1.0) / DEMO_SE[2], "w2's distance in se"),
    Number("0.1261", REFIT[0], "refit sd w0"),
    Number("0.1912", REFIT[1], "refit sd w1"),
    Number("0.1482", REFIT[2], "refit sd w2"),
    Number("22.36", math.sqrt(len(DEMO_Y)), "sqrt(500)"),
    # Section 5.
    Number("0.8", len(WAITS) / sum(WAITS), "rate MLE"),
    Number("1.25", sum(WAITS) / len(WAITS), "scale MLE"),
    Number("4.0", float(np.var(EIGHT)), "variance MLE"),
    Number("0.4", 0.8 / math.sqrt(4), "se of the rate"),
    Number("0.625", 0.4 / 0.8**2, "se of the scale, delta method"),
    Number("2.0", float(np.var(EIGHT)) * math.sqrt(2 / 8), "se of sigma^2"),
    Number("0.5", 2.0 / (2 * 2), "se of sigma, delta method"),
    *interval_numbers(EXPONENTIAL["rate wald"], ("0.0160", "1.5840"), "rate Wald"),
    Number("0.6313", 1 / EXPONENTIAL["rate wald"][1], "rate Wald mapped, low"),
    Number("62.44", 1 / EXPONENTIAL["rate wald"][0], "rate Wald mapped, high"),
    *interval_numbers(EXPONENTIAL["scale wald"], ("0.0250", "2.4750"), "scale Wald"),
    *interval_numbers(EXPONENTIAL["rate lr"], ("0.2484", "1.8585"), "rate LR"),
    *interval_numbers(EXPONENTIAL["scale lr"], ("0.5381", "4.0264"), "scale LR"),
    # Section 6.
    Number("1.959963984540054", Z, "z"),
    Number("1.6449", float(stats.norm.ppf(0.95)), "one-sided z"),
    Number("2.5", 100 * (1 - 0.95) / 2, "percent left on each side"),
    Number("1.645", float(stats.norm.ppf(0.95)), "one-sided z, rounded"),
    Number("1.96", Z, "z, rounded"),
    Number("3.841458820694124", C, "chi-square(1) quantile"),
    Number("3.84", C, "c, rounded"),
    Number("0.1465", math.exp(-C / 2), "likelihood ratio at the ends"),
    *interval_numbers(wald(7, 10), ("0.4160", "0.9840"), "Wald 7/10"),
    *interval_numbers(wilson(7, 10), ("0.3968", "0.8922"), "Wilson 7/10"),
    *interval_numbers(likelihood_ratio(7, 10), ("0.3935", "0.9154"), "LR 7/10"),
    *interval_numbers(wald(1, 10), ("-0.0859", "0.2859"), "Wald 1/10"),
    *interval_numbers(wilson(1, 10), ("0.0179", "0.4042"), "Wilson 1/10"),
    *interval_numbers(likelihood_ratio(1, 10), ("0.0060", "0.3716"), "LR 1/10"),
    Number("0.2775", wilson(0, 10)[1], "Wilson 0/10, high"),
    Number("0.1748", likelihood_ratio(0, 10)[1], "LR 0/10, high"),
    Number("3.4298", 5 - PROFILE_HALF, "profile LR, low"),
    Number("6.5702", 5 + PROFILE_HALF, "profile LR, high"),
    Number("3.6141", 5 - WALD_HALF, "Gaussian Wald, low"),
    Number("6.3859", 5 + WALD_HALF, "Gaussian Wald, high"),
    Number("3.2125", 5 - T_HALF, "Student t, low"),
    Number("6.7875", 5 + T_HALF, "Student t, high"),
    Number("2.3646", T7, "t_7 quantile"),
    Number("2.1381", S_UNBIASED, "sd with 1/(n - 1)"),
    # Section 7.
    Number("0.0022", math.sqrt(0.95 * 0.05 / 10_000), "Monte Carlo error, T = 10000"),
    *(Number(printed, exact_coverage(interval, theta, 20), f"{name} coverage at {theta}")
      for name, interval, row in [
          ("Wald", wald, ("0.1821", "0.6389", "0.8760", "0.9474", "0.9586")),
          ("Wilson", wilson, ("0.9831", "0.9245", "0.9568", "0.9752", "0.9586")),
          ("LR", likelihood_ratio, ("0.9831", "0.9841", "0.8672", "0.9474", "0.9586"))]
      for theta, printed in zip(COVERAGE_THETAS, row, strict=True)),
    Number("0.99", 1 - 0.01, "P(a flip is a tail), theta = 0.01"),
    Number("0.8179", 0.99**20, "P(k = 0), theta = 0.01, n = 20"),
    # Section 8.
    Number("4.571428571428571", float(np.var(EIGHT, ddof=1)), "unbiased variance"),
    Number("0.36", exact_variance_mse(5, 5), "MSE of the MLE, n = 5"),
    Number("0.3333", exact_variance_mse(5, 6), "MSE with 1/(n + 1), n = 5"),
    Number("-0.2", (5 - 1) / 5 - 1, "bias of the MLE, n = 5"),
    Number("0.5029", MSE_SIM[4], "simulated MSE, 1/(n - 1)"),
    Number("0.3608", MSE_SIM[5], "simulated MSE, 1/n"),
    Number("0.3332", MSE_SIM[6], "simulated MSE, 1/(n + 1)"),
    # Section 9.
    Number("0.2859", wald(1, 10)[1], "the clipped Wald interval's high end"),
    # Section 11.
    Number("0.0458", math.sqrt(0.3 * 0.7 / 100), "Q1: se"),
    Number("0.2102", wald(30, 100)[0], "Q1: Wald, low"),
    Number("0.3898", wald(30, 100)[1], "Q1: Wald, high"),
    Number("0.1202", likelihood_ratio(0, 15)[1], "Q2: LR upper end"),
    Number("0.1", 0.4 / 2**2, "Q3: se of the mean wait"),
    Number("2.5758", Z99, "Q4: z for 99 %"),
    Number("6.6349", Z99**2, "Q4: c"),
    Number("3.3174", Z99**2 / 2, "Q4: the drop"),
]

# Numbers that are inputs (data, settings, true values, levels) or a citation's year, not results.
INPUTS = {"2001",
    "0.7", "0.5", "0.6", "0.3", "0.95", "0.975", "0.995", "0.01", "0.05", "0.1", "1.5", "1.0",
    "0.25", "112", "160", "500", "200", "4000", "10000", "100000", "100", "400",
}


def _matches(printed: str, value: float) -> bool:
    """Does ``value`` round to ``printed`` at the number of decimals ``printed`` shows?"""
    if (value < 0) != printed.startswith("-"):
        return False
    body = printed.lstrip("-")
    decimals = len(body.split(".")[1]) if "." in body else 0
    if f"{abs(value):.{decimals}f}" != body:
        return False
    if len(body.replace(".", "").lstrip("0")) >= 15:  # full precision: the float itself
        return repr(float(value)) == printed
    return True


@pytest.mark.parametrize("number", NUMBERS, ids=[f"{n.printed} ({n.what})" for n in NUMBERS])
def test_printed_number_is_computed(number: Number, text: str) -> None:
    assert _matches(number.printed, number.value), (
        f"{number.what}: the README prints {number.printed}, the computation gives "
        f"{number.value!r}")
    assert re.search(rf"(?<![\d.]){re.escape(number.printed)}(?!\d)", text), number.printed


# A number: digits, an optional fraction, an optional exponent; not part of a word or of a
# longer number.
_TOKEN = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.]\d)")


def test_every_number_in_the_readme_is_accounted_for(text: str) -> None:
    """Every decimal, every number in e-notation and every integer of 3+ digits is listed."""
    known = {n.printed.lstrip("-") for n in NUMBERS} | INPUTS
    tokens = {token for token in _TOKEN.findall(text)
              if "." in token or "e" in token or len(token) >= 3}
    assert sorted(tokens - known) == []


# ------------------------------------------------------------------ facts stated in the text
def test_information_facts(text: str) -> None:
    # J at the MLE equals I_n there; the second difference's error is h^2 |l''''| / 12.
    assert observed_information(0.7, 7, 10) == pytest.approx(10 / 0.21, rel=1e-14)
    fourth = 6 * 7 / 0.7**4 + 6 * 3 / 0.3**4
    assert SECOND_DIFFERENCE - 10 / 0.21 == pytest.approx(1e-8 * fourth / 12, rel=0.02)
    assert "about $2 \\times 10^{-6}$ above" in text
    assert 1 / (0.5 * 0.5) == 4 and "4 per\nflip for a fair coin" in text
    for n in (40, 160):  # four times the data, four times the curvature
        assert observed_information(0.7, round(0.7 * n), n) == pytest.approx(
            observed_information(0.7, round(0.7 * n / 4), n // 4) * 4)


def test_logistic_facts(text: str) -> None:
    assert TOY_MLE[1] / TOY_SE[1] < 1 and "less than one standard error away from 0" in text
    distances = np.abs(DEMO_MLE - np.array(fit_demo.TRUE_LOGISTIC_WEIGHTS)) / DEMO_SE
    assert (distances < 2).all() and "within two\nstandard errors" in text
    assert "500 generated samples" in text and "Refitting 200 data sets" in text


def test_invariance_facts() -> None:
    # The likelihood-ratio interval of the scale is the rate's, mapped through 1 / lambda.
    low, high = EXPONENTIAL["rate lr"]
    assert EXPONENTIAL["scale lr"] == pytest.approx((1 / high, 1 / low), rel=1e-10)
    assert 0.4 / 0.8**2 == pytest.approx(1.25 / math.sqrt(4))


def test_interval_facts(text: str) -> None:
    assert C == pytest.approx(Z**2, rel=1e-15)
    assert wald(0, 10) == (0.0, 0.0) and wald(10, 10) == (1.0, 1.0)
    outside = [k for k in range(11) if not 0 <= wald(k, 10)[0] <= wald(k, 10)[1] <= 1]
    assert outside == [1, 2, 8, 9] and "$k = 1, 2, 8, 9$" in text
    assert likelihood_ratio(0, 10)[1] == pytest.approx(1 - math.exp(-C / 20), rel=1e-12)
    assert likelihood_ratio(0, 15)[1] == pytest.approx(1 - math.exp(-C / 30), rel=1e-12)
    for k in range(11):
        assert 0 <= wilson(k, 10)[0] <= wilson(k, 10)[1] <= 1
    assert 5 - WALD_HALF > 5 - PROFILE_HALF > 5 - T_HALF  # Wald < profile < t in width


def test_coverage_facts(text: str) -> None:
    # k = 0 never covers 0.01 with Wald at n = 20, so the coverage is at most 1 - P(k = 0).
    assert 0.0 in wald(0, 20) and exact_coverage(wald, 0.01, 20) <= 1 - 0.99**20
    assert "at most $1 - 0.8179$; it is 0.1821" in text
    # The demo's simulated coverages agree with the exact ones within two simulation errors.
    for interval in (wald, wilson, likelihood_ratio):
        ends = np.array([interval(k, 20) for k in range(21)])
        for theta in COVERAGE_THETAS:
            counts = np.random.default_rng(SEED).binomial(20, theta, size=10_000)
            simulated = np.mean((ends[counts, 0] <= theta) & (theta <= ends[counts, 1]))
            exact = exact_coverage(interval, theta, 20)
            assert abs(simulated - exact) <= 2 * math.sqrt(exact * (1 - exact) / 10_000) + 1e-12
    assert "21 values" in text


def test_variance_facts(text: str) -> None:
    # MLE beats 1/(n - 1) for every n >= 2, and 1/(n + 1) minimises the MSE over divisors.
    for n in range(2, 200):
        assert exact_variance_mse(n, n) < exact_variance_mse(n, n - 1)
        assert (2 * n - 1) * (n - 1) < 2 * n * n
        best = optimize.minimize_scalar(lambda d, n=n: exact_variance_mse(n, d),
                                        bounds=(1, 3 * n), method="bounded",
                                        options={"xatol": 1e-10}).x
        assert best == pytest.approx(n + 1, rel=1e-6)
    assert exact_variance_mse(5, 4) == 0.5 and "0.5, 0.36 and 0.3333" in text


# -------------------------------------------------------------------------------- the markup
def test_markup(text: str) -> None:
    assert text.startswith("# Day 52 — ")
    for name in ("curvature", "intervals", "coverage", "variance_estimators"):
        assert re.search(rf"!\[[^\]]+\]\(outputs/{name}\.png\)\n\n\*[^*]+", text), name
    assert text.count('<details markdown="1">') == text.count("</details>") == 5
    assert text.count("<summary>Answer</summary>\n\n") == 5
    assert "!!!" not in text
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line != "$$":
            assert "$$" not in line, f"line {i + 1}: $$ must stand on its own line"
        stripped = re.sub(r"\\\$", "", line)
        assert stripped.count("$") % 2 == 0 or line == "$$", f"line {i + 1}: unbalanced $"
    opens = [i for i, line in enumerate(lines) if line == "$$"]
    assert len(opens) % 2 == 0
    for start, end in zip(opens[::2], opens[1::2], strict=True):
        assert lines[start - 1] == "" and lines[end + 1] == "", (start, end)
    for name in ("fisher_information_bernoulli", "observed_information",
                 "standard_errors_logistic", "wald_interval", "wilson_interval",
                 "likelihood_ratio_interval", "coverage",
                 "python -m days.day52.code.uncertainty_demo",
                 "exercises/day52/uncertainty.py", "pytest --impl=exercises tests/day52"):
        assert name in text, name


def test_sections_in_order(text: str) -> None:
    headings = re.findall(r"^## (\d+)\. ", text, re.MULTILINE)
    assert headings == [str(i) for i in range(1, 12)]
