"""Day 51 lesson page: every number printed in ``days/day51/README.md`` is computed here.

Each entry of ``NUMBERS`` pairs a number as the README prints it with the same quantity computed
independently (``math``, ``numpy``, ``scipy``; the simulated classifier's data come from the
demo's generator, every quantity computed from them is computed here). A test checks that the
computed value rounds to the printed form (to as many decimals as are printed; full-precision
values must equal Python's ``repr`` of the float64 result) and that the printed form occurs in
the README. A last test scans the README for numbers that no entry accounts for, so a number
added to the page without a test fails the suite.

The facts the text states in words (Gibbs' inequality, the minimisers of the scoring rules, the
size of the gradients, the accuracy that temperature leaves alone, NumPy's ``0 * log 0``) are
checked too, and the page's markup: the five figure links, the ``<details markdown="1">``
blocks and the ``$$`` display blocks.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

from days.day51.code import information_demo as demo

README = Path(__file__).resolve().parents[2] / "days/day51/README.md"
LN = math.log


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------ the data
P = np.array([0.5, 0.25, 0.25])  # the running pair of Sections 2-3
Q = np.array([0.25, 0.25, 0.5])
FAIR, BIASED = np.array([0.5, 0.5]), np.array([0.1, 0.9])  # Section 4
UNIFORM3, HALF = np.full(3, 1 / 3), np.array([0.5, 0.5, 0.0])
COIN_HAT = np.array([0.3, 0.7])  # Section 5: 7 heads in 10, (tails, heads)
PAIR_COUNTS = np.array([30, 40, 30])  # Section 5: 0, 1, 2 heads in 100 double tosses
TARGETS = np.array([2.0, 3.0, 4.5])  # Section 6: Day 48's regression ...
PREDICTIONS = np.array([2.2, 2.8, 4.4])
Y4, P4 = np.array([1, 0, 1, 1]), np.array([0.9, 0.2, 0.8, 0.7])  # ... and its four labels
K, EPS = 10, 0.1  # Section 7
PI = 0.7  # Section 8

DATA_STRINGS = [
    "$p = (1/2, 1/4, 1/4)$",
    "$q = (1/4, 1/4, 1/2)$",
    "$p = (0.5, 0.5)$ and a biased one $q = (0.1, 0.9)$",
    "$q = (1/2, 1/2, 0)$",
    "$\\mathcal N(-2, 0.7^2)$ and $\\mathcal N(2, 0.7^2)$",
    "7 heads in 10 tosses",
    "30, 40 and 30 times",
    "$[2.0, 3.0, 4.5]$ and predictions $[2.2, 2.8, 4.4]$ with $\\sigma = 1$",
    "$k = 10$ and $\\varepsilon = 0.1$",
    "For $\\pi = 0.7$:",
    "over 5 classes outputs logits 2.5 times too large",
    "each split has 2000 rows",
]

# Numbers that are inputs (data, parameters chosen for an example, citation years), not results.
INPUTS = {
    "0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.7", "0.8", "0.9", "1.0", "2.0", "2.2", "2.5",
    "2.8", "3.0", "4.4", "4.5", "100", "200", "2000", "2006", "2016", "2017",
}


# ------------------------------------------------------------------------- computed quantities
def entropy(p, base=math.e) -> float:
    return float(stats.entropy(p, base=base))


def kl(p, q) -> float:
    return float(np.sum(special.rel_entr(p, q)))


def cross(p, q) -> float:
    return entropy(p) + kl(p, q)


def forward_fit() -> tuple[float, float]:
    """Moment matching, from the mixture's density by quadrature (not from its parameters)."""
    mean = integrate.quad(lambda x: x * float(demo.mixture_density(x)), -20, 20)[0]
    variance = integrate.quad(lambda x: (x - mean) ** 2 * float(demo.mixture_density(x)),
                              -20, 20)[0]
    return mean, math.sqrt(variance)


def reverse_kl(mean: float, sd: float) -> float:
    """KL(N(mean, sd^2) || mixture) by Simpson's rule over mean ± 12 sd (20001 points), from
    scipy's log-densities."""
    x = np.linspace(mean - 12 * sd, mean + 12 * sd, 20_001)
    log_q = stats.norm.logpdf(x, mean, sd)
    log_p = np.logaddexp(stats.norm.logpdf(x, -2.0, 0.7), stats.norm.logpdf(x, 2.0, 0.7)) - LN(2)
    return float(integrate.simpson(np.exp(log_q) * (log_q - log_p), x=x))


def reverse_fit() -> tuple[float, float, float]:
    result = optimize.minimize(lambda v: reverse_kl(v[0], math.exp(v[1])), [1.5, LN(0.5)],
                               method="Powell", options={"xtol": 1e-9, "ftol": 1e-13})
    return float(result.x[0]), math.exp(float(result.x[1])), float(result.fun)


FORWARD_MEAN, FORWARD_SD = forward_fit()
REVERSE_MEAN, REVERSE_SD, REVERSE_KL = reverse_fit()

PAIRS_HAT = PAIR_COUNTS / PAIR_COUNTS.sum()
THETA_PAIRS = optimize.minimize_scalar(
    lambda t: -float(np.sum(PAIR_COUNTS * stats.binom.logpmf([0, 1, 2], 2, t))),
    bounds=(0.01, 0.99), method="bounded", options={"xatol": 1e-12}).x
BINOMIAL_AT_MLE = stats.binom.pmf([0, 1, 2], 2, 0.5)

GAUSSIAN_MEAN_NLL = float(-np.mean(stats.norm.logpdf(TARGETS, PREDICTIONS, 1.0)))
MSE = float(np.mean((TARGETS - PREDICTIONS) ** 2))
BCE = float(-np.mean(stats.bernoulli.logpmf(Y4, P4)))

SMOOTHED = np.full(K, EPS / K)
SMOOTHED[0] += 1 - EPS


def smoothed_loss(gap: float, targets: np.ndarray = SMOOTHED) -> float:
    """Cross-entropy from the targets to softmax of logits (gap, 0, ..., 0)."""
    logits = np.zeros(targets.size)
    logits[0] = gap
    return float(-np.sum(targets * special.log_softmax(logits)))


BEST_GAP = optimize.minimize_scalar(smoothed_loss, bounds=(0.0, 20.0), method="bounded",
                                    options={"xatol": 1e-12}).x
ONE_HOT = np.eye(K)[0]


def expected(score: str, p: float, pi: float = PI) -> float:
    """Expectation over y ~ Bernoulli(pi) of a score of the forecast p."""
    def one(y: int) -> float:
        if score == "log":
            return -float(stats.bernoulli.logpmf(y, p))
        if score == "brier":
            return (p - y) ** 2
        return abs(p - y)

    return pi * one(1) + (1 - pi) * one(0)


def gradient(score: str, z: float) -> float:
    """d/dz of a score of the label 1 at p = sigmoid(z), by a central difference in 40-digit
    arithmetic (mpmath), independent of the closed forms in the text."""
    import mpmath

    with mpmath.workdps(40):
        def value(t):
            p = 1 / (1 + mpmath.exp(-t))
            return -mpmath.log(p) if score == "log" else (p - 1) ** 2

        h = mpmath.mpf("1e-12")
        return float((value(z + h) - value(z - h)) / (2 * h))


# The simulated classifier: its data from the demo's generator; everything else computed here.
SPLITS = demo.simulate_splits()


def split_nll(split: demo.Split, temperature: float) -> float:
    log_q = special.log_softmax(split.logits / temperature, axis=1)
    return float(-np.mean(log_q[np.arange(split.labels.size), split.labels]))


def fitted_temperature(split: demo.Split) -> float:
    """The root of d NLL / d T by Brent's method (the demo minimises over log T instead)."""
    def slope(t: float) -> float:
        h = 1e-6 * t
        return (split_nll(split, t + h) - split_nll(split, t - h)) / (2 * h)

    return optimize.brentq(slope, 0.3, 10.0, xtol=1e-12)


def ece(split: demo.Split, temperature: float, bins: int = 10) -> float:
    """The ECE by a loop over the bins, with edges from np.linspace and right-closed bins."""
    probs = special.softmax(split.logits / temperature, axis=1)
    confidence, predicted = probs.max(axis=1), probs.argmax(axis=1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    weighted = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        members = (confidence > low) & (confidence <= high)
        if members.any():
            gap = np.mean(predicted[members] == split.labels[members]) - np.mean(
                confidence[members])
            weighted += members.sum() * abs(gap)
    return weighted / confidence.size


T_VALIDATION = fitted_temperature(SPLITS["validation"])
T_TRAIN = fitted_temperature(SPLITS["train"])
TEST = SPLITS["test"]


class Number(NamedTuple):
    printed: str  # exactly as in the README (an ASCII minus for negative numbers)
    value: float  # computed independently
    what: str  # where it appears


NUMBERS: list[Number] = [
    # Section 1: entropy.
    Number("0.6931", LN(2), "ln 2; the fair coin in nats"),
    Number("0.4690", entropy([0.9, 0.1], 2), "biased coin, bits"),
    Number("0.3251", entropy([0.9, 0.1]), "biased coin, nats"),
    Number("1.5", entropy(P, 2), "H(p) in bits"),
    Number("1.0397", entropy(P), "H(p) in nats"),
    Number("2.0794", entropy(np.full(8, 1 / 8)), "uniform over 8, nats"),
    # Section 2: cross-entropy.
    Number("1.75", cross(P, Q) / LN(2), "H(p, q) in bits"),
    # Section 3: KL.
    Number("0.25", kl(P, Q) / LN(2), "KL(p || q) in bits"),
    Number("0.1733", kl(P, Q), "KL(p || q) in nats"),
    # Section 4: asymmetry.
    Number("0.5108", kl(FAIR, BIASED), "KL(fair || biased)"),
    Number("0.3681", kl(BIASED, FAIR), "KL(biased || fair)"),
    Number("0.4055", kl(HALF, UNIFORM3), "KL((1/2, 1/2, 0) || uniform)"),
    Number("0.49", 0.7**2, "the components' variance"),
    Number("2.119", FORWARD_SD, "forward-KL fit, standard deviation"),
    Number("1.98", abs(REVERSE_MEAN), "reverse-KL fit, mean"),
    Number("0.73", REVERSE_SD, "reverse-KL fit, standard deviation"),
    Number("0.686", REVERSE_KL, "reverse-KL fit, divergence"),
    # Section 5: the empirical distribution.
    Number("0.6109", entropy(COIN_HAT), "H(p_hat) of the coin"),
    Number("0.6931", cross(COIN_HAT, [0.5, 0.5]), "mean NLL of the fair coin"),
    Number("0.0823", kl(COIN_HAT, [0.5, 0.5]), "KL(p_hat || fair coin)"),
    Number("0.5", THETA_PAIRS, "binomial MLE"),
    Number("0.25", BINOMIAL_AT_MLE[0], "binomial at the MLE, 0 heads"),
    Number("0.5", BINOMIAL_AT_MLE[1], "binomial at the MLE, 1 head"),
    Number("1.0889", entropy(PAIRS_HAT), "H(p_hat) of the double tosses"),
    Number("0.0201", kl(PAIRS_HAT, BINOMIAL_AT_MLE), "KL at the binomial MLE"),
    Number("1.1090", cross(PAIRS_HAT, BINOMIAL_AT_MLE), "mean NLL at the binomial MLE"),
    # Section 6: every loss is a cross-entropy.
    Number("0.22708064055624455", BCE, "Day 48's BCE"),
    Number("0.9189385332046727", -float(stats.norm.logpdf(0.0)), "1/2 log 2 pi"),
    Number("0.03", MSE, "Day 48's MSE"),
    Number("0.9339385332046727", GAUSSIAN_MEAN_NLL, "mean Gaussian NLL, sigma = 1"),
    # Section 7: label smoothing.
    Number("0.91", SMOOTHED[0], "target of the true class"),
    Number("0.01", SMOOTHED[1], "target of each other class"),
    Number("4.5109", BEST_GAP, "best gap, k = 10, eps = 0.1"),
    Number("0.5003", entropy(SMOOTHED), "H(t), the loss at the best gap"),
    Number("1.4400", smoothed_loss(16.0), "smoothed loss at gap 16"),
    # Section 8: scoring rules.
    *(
        Number(printed, expected(score, p), f"expected {score} at p = {p}")
        for p, row in [(0.5, ("0.6931", "0.2500", "0.5000")),
                       (0.7, ("0.6109", "0.2100", "0.4200")),
                       (0.9, ("0.7645", "0.2500", "0.3400")),
                       (1.0, (None, "0.3000", "0.3000"))]
        for printed, score in zip(row, ("log", "brier", "absolute"), strict=True)
        if printed is not None
    ),
    Number("-0.99995", gradient("log", -10.0), "log-loss gradient at z = -10"),
    Number("9.08", -gradient("brier", -10.0) * 1e5, "Brier gradient at z = -10, times 1e5"),
    # Section 9: the simulated classifier.
    Number("2.6009", T_VALIDATION, "T fitted on the validation split"),
    Number("1.4210", T_TRAIN, "T fitted on the training split"),
    Number("2.60", T_VALIDATION, "figure's alt text: validation minimum"),
    Number("1.42", T_TRAIN, "figure's alt text: training minimum"),
    Number("1.4612", split_nll(TEST, 1.0), "test NLL, raw"),
    Number("1.0884", split_nll(TEST, T_VALIDATION), "test NLL, validation T"),
    Number("1.2136", split_nll(TEST, T_TRAIN), "test NLL, training T"),
    Number("0.2255", ece(TEST, 1.0), "test ECE, raw"),
    Number("0.0213", ece(TEST, T_VALIDATION), "test ECE, validation T"),
    Number("0.1493", ece(TEST, T_TRAIN), "test ECE, training T"),
    Number("0.5705", float(np.mean(TEST.logits.argmax(axis=1) == TEST.labels)), "test accuracy"),
    # Section 12: self-check answers.
    Number("1.7918", entropy(np.full(6, 1 / 6)), "Q1: a die, nats"),
    Number("2.5850", entropy(np.full(6, 1 / 6), 2), "Q1: a die, bits"),
    Number("1.3863", cross(HALF, Q), "Q2: H(p, q)"),
    Number("0.6931", kl(HALF, Q), "Q2: KL(p || q)"),
    Number("0.82", 1 - 0.2 + 0.2 / K, "Q4: true-class target, eps = 0.2"),
    Number("0.02", 0.2 / K, "Q4: other targets"),
    Number("3.7136", optimize.minimize_scalar(
        lambda g: smoothed_loss(g, np.r_[0.82, np.full(K - 1, 0.02)]), bounds=(0.0, 20.0),
        method="bounded", options={"xatol": 1e-12}).x, "Q4: best gap"),
    Number("0.21", expected("brier", 0.7), "Q5: Brier, honest"),
    Number("0.3", expected("brier", 1.0), "Q5: Brier, certain"),
    Number("0.42", expected("absolute", 0.7), "Q5: absolute, honest"),
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
# (day51, log2, x_1) or of a longer number.
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
def test_entropy_facts(text: str) -> None:
    # Bits are nats over ln 2; uniform is the largest entropy; a certain outcome has none.
    assert entropy(P, 2) == pytest.approx(entropy(P) / LN(2), rel=1e-15)
    rng = np.random.default_rng(51)
    for k in (2, 3, 8):
        others = rng.dirichlet(np.ones(k), size=200)
        assert (np.array([entropy(row) for row in others]) <= LN(k) + 1e-12).all()
        assert entropy(np.full(k, 1 / k)) == pytest.approx(LN(k), rel=1e-14)
    assert entropy([1.0, 0.0, 0.0]) == 0.0
    # The code 0, 10, 11 has lengths -log2 p_i for p = (1/2, 1/4, 1/4): 1.5 bits on average.
    assert [len(word) for word in ("0", "10", "11")] == [-math.log2(v) for v in P]
    assert "`0`, `10`, `11`" in text
    # The coding story of Section 2: q's code has lengths 2, 2, 1.
    assert [-math.log2(v) for v in Q] == [2.0, 2.0, 1.0]


def test_numpy_zero_times_log_zero_is_nan_and_xlogy_is_zero(text: str) -> None:
    with np.errstate(divide="ignore", invalid="ignore"):
        assert np.isnan(0 * np.log(0.0))
    assert special.xlogy(0.0, 0.0) == 0.0
    assert "`0 * np.log(0.0)` as\n`nan`" in text or "`0 * np.log(0.0)` as `nan`" in text
    assert "scipy.special.xlogy" in text


def test_gibbs_inequality_and_the_tangent_bound() -> None:
    x = np.geomspace(1e-6, 1e6, 10_001)
    assert (np.log(x) <= x - 1 + 1e-15).all()
    rng = np.random.default_rng(510)
    for _ in range(500):
        k = int(rng.integers(2, 8))
        p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
        assert kl(p, q) >= 0.0 and cross(p, q) >= entropy(p) - 1e-15
    assert kl(P, P) == 0.0


def test_kl_conventions_and_asymmetry() -> None:
    assert kl(UNIFORM3, HALF) == math.inf
    assert kl(HALF, UNIFORM3) == pytest.approx(LN(1.5), rel=1e-14)
    assert kl(FAIR, BIASED) != pytest.approx(kl(BIASED, FAIR), rel=1e-3)
    assert kl([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]) == pytest.approx(LN(2), rel=1e-14)


def test_mixture_fits() -> None:
    """Forward KL matches moments (mean 0, variance 0.49 + 4); the reverse fit sits on a peak
    with a divergence just under ln 2, and a wide Gaussian between the peaks is a local
    minimum that is worse."""
    assert FORWARD_MEAN == pytest.approx(0.0, abs=1e-9)
    assert FORWARD_SD == pytest.approx(math.sqrt(0.49 + 4.0), rel=1e-9)
    assert 1.9 < abs(REVERSE_MEAN) < 2.0 and REVERSE_KL < LN(2)
    middle = optimize.minimize_scalar(lambda s: reverse_kl(0.0, math.exp(s)),
                                      bounds=(-1.0, 2.0), method="bounded")
    assert middle.fun > REVERSE_KL
    for step in (-0.2, 0.2):  # a local minimum along the mean, too
        shifted = optimize.minimize_scalar(lambda s, m=step: reverse_kl(m, math.exp(s)),
                                           bounds=(-1.0, 2.0), method="bounded")
        assert shifted.fun > middle.fun
    # The demo's fits agree with these.
    assert demo.forward_kl_fit() == pytest.approx((FORWARD_MEAN, FORWARD_SD), abs=1e-9)
    mean, sd, value = demo.reverse_kl_fit()
    assert (abs(mean), sd, value) == pytest.approx((abs(REVERSE_MEAN), REVERSE_SD, REVERSE_KL),
                                                   rel=2e-3)


def test_mean_nll_is_the_cross_entropy_from_the_empirical_distribution() -> None:
    rng = np.random.default_rng(5)
    samples = rng.integers(0, 4, size=250)
    q = np.array([0.1, 0.2, 0.3, 0.4])
    p_hat = np.bincount(samples, minlength=4) / samples.size
    mean_nll = -np.mean(np.log(q[samples]))
    assert mean_nll == pytest.approx(cross(p_hat, q), rel=1e-13)
    assert mean_nll == pytest.approx(entropy(p_hat) + kl(p_hat, q), rel=1e-13)
    # The coin's MLE reproduces p_hat: KL 0 and mean NLL H(p_hat).
    assert kl(COIN_HAT, [0.3, 0.7]) == 0.0
    # The binomial MLE is heads / tosses, and no theta reaches KL 0.
    assert THETA_PAIRS == pytest.approx(100 / 200, abs=1e-9)
    thetas = np.linspace(0.01, 0.99, 99)
    divergences = [kl(PAIRS_HAT, stats.binom.pmf([0, 1, 2], 2, t)) for t in thetas]
    assert min(divergences) > 0.02 and thetas[int(np.argmin(divergences))] == pytest.approx(0.5)


def test_bce_and_mse_are_cross_entropies() -> None:
    per_sample = [cross([1 - y, y], [1 - p, p]) for y, p in np.column_stack([Y4, P4])]
    assert np.mean(per_sample) == pytest.approx(BCE, rel=1e-14)
    assert GAUSSIAN_MEAN_NLL == pytest.approx(-stats.norm.logpdf(0.0) + MSE / 2, rel=1e-15)


def test_label_smoothing_facts() -> None:
    assert SMOOTHED.sum() == pytest.approx(1.0, abs=1e-15)
    closed_form = LN(1 + K * (1 - EPS) / EPS)
    assert BEST_GAP == pytest.approx(closed_form, rel=1e-9) and closed_form == LN(91)
    assert demo.best_smoothed_gap(K, EPS) == pytest.approx(closed_form, rel=1e-15)
    # One-hot targets: the loss keeps falling as the gap grows.
    gaps = np.linspace(0.0, 30.0, 61)
    one_hot = [smoothed_loss(g, ONE_HOT) for g in gaps]
    assert all(a > b for a, b in zip(one_hot, one_hot[1:], strict=False) if b > 0)
    assert smoothed_loss(16.0, ONE_HOT) < 1e-5
    # The gradient of H(t, softmax(z)) is softmax(z) - t.
    z = np.array([0.3, -1.0, 2.0])
    t = np.array([0.2, 0.1, 0.7])
    numeric = optimize.approx_fprime(z, lambda v: -float(t @ special.log_softmax(v)), 1e-7)
    np.testing.assert_allclose(numeric, special.softmax(z) - t, atol=1e-6)
    assert [float(v) for v in demo.smoothed_targets_loss([BEST_GAP], K, EPS)] == pytest.approx(
        [entropy(SMOOTHED)], rel=1e-12)


def test_scoring_rule_minimisers_and_gradients() -> None:
    for score in ("log", "brier"):
        best = optimize.minimize_scalar(lambda p, s=score: expected(s, p), bounds=(1e-6, 1 - 1e-6),
                                        method="bounded", options={"xatol": 1e-10}).x
        assert best == pytest.approx(PI, abs=1e-6)
    grid = np.linspace(0.0, 1.0, 1001)
    assert grid[np.argmin([expected("absolute", p) for p in grid])] == 1.0
    for p in (0.2, 0.5, 0.9):
        assert expected("brier", p) == pytest.approx((p - PI) ** 2 + PI * (1 - PI), rel=1e-14)
        assert expected("log", p) == pytest.approx(
            entropy([PI, 1 - PI]) + kl([PI, 1 - PI], [p, 1 - p]), rel=1e-14)
    # "about eleven thousand times less"
    ratio = gradient("log", -10.0) / gradient("brier", -10.0)
    assert 10_500 < ratio < 11_500
    np.testing.assert_allclose(demo.logit_gradients(-10.0)["Brier"], gradient("brier", -10.0),
                               rtol=1e-9)


def test_temperature_leaves_the_accuracy_alone_and_fits_near_the_truth() -> None:
    for temperature in (0.5, 1.0, T_VALIDATION, 7.0):
        scaled = special.softmax(TEST.logits / temperature, axis=1)
        np.testing.assert_array_equal(scaled.argmax(axis=1), TEST.logits.argmax(axis=1))
    assert abs(T_VALIDATION - demo.OVERCONFIDENCE) < 0.2
    assert T_TRAIN < T_VALIDATION
    # The NLL is convex in beta = 1 / T on the validation split.
    betas = np.linspace(0.05, 2.0, 80)
    values = [split_nll(SPLITS["validation"], 1 / b) for b in betas]
    assert (np.diff(values, 2) > 0).all()
    assert demo.fit_temperature_mle(SPLITS["validation"]) == pytest.approx(T_VALIDATION,
                                                                            rel=1e-6)


def test_ece_of_a_model_predicting_the_class_frequencies_is_zero() -> None:
    labels = np.random.default_rng(7).integers(0, 3, size=600)
    frequencies = np.bincount(labels, minlength=3) / labels.size
    probs = np.tile(frequencies, (labels.size, 1))
    assert demo.calibration_error(probs, labels) == pytest.approx(0.0, abs=1e-12)


# ------------------------------------------------------------------------------- the markup
FIGURES = {
    "outputs/entropy.png",
    "outputs/kl_asymmetry.png",
    "outputs/label_smoothing.png",
    "outputs/scoring_rules.png",
    "outputs/reliability.png",
}
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def test_title_line(text: str) -> None:
    assert text.splitlines()[0] == (
        "# Day 51 — Entropy, cross-entropy and KL divergence: what the loss measures"
    )


def test_image_links_name_the_five_figures(text: str) -> None:
    links = _IMAGE.findall(text)
    targets = [target for _, target in links]
    assert sorted(targets) == sorted(FIGURES)  # each figure exactly once
    assert all(alt.strip() for alt, _ in links), "every image needs alt text"
    assert "<img" not in text


def test_each_figure_has_an_italic_caption(text: str) -> None:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _IMAGE.search(line):
            caption = next(following for following in lines[index + 1:] if following.strip())
            assert caption.startswith("*") and not caption.startswith("**"), caption
            end = next(i for i in range(index + 1, len(lines)) if lines[i].rstrip().endswith("*"))
            assert end - index <= 3, "a caption of at most two lines"


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


def test_inline_math_is_balanced_in_each_paragraph(text: str) -> None:
    """Inline maths may wrap across lines, but never across paragraphs."""
    in_display = False
    paragraph: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.strip() == "$$":
            in_display = not in_display
            continue
        if in_display:
            continue
        if line.strip():
            paragraph.append(line)
        else:
            joined = "\n".join(paragraph)
            assert joined.count("$") % 2 == 0, f"unbalanced $ in: {joined[:80]}"
            paragraph = []


def test_no_admonition_syntax(text: str) -> None:
    assert not re.search(r"^\s*(!!!|\?\?\?)", text, flags=re.MULTILINE)


def test_how_to_run_and_the_exercises_are_named(text: str) -> None:
    assert "python -m days.day51.code.information_demo" in text
    assert "exercises/day51/information.py" in text
    assert "pytest --impl=exercises" in text and "make check" in text
    for name in ("entropy", "cross_entropy", "kl_divergence", "label_smoothing",
                 "soft_cross_entropy_with_logits", "expected_calibration_error",
                 "fit_temperature"):
        assert f"`{name}`" in text


def test_sections_in_order(text: str) -> None:
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    keywords = ["Surprise", "Cross-entropy", "KL divergence", "not symmetric", "from the data",
                "Every loss", "Soft targets", "scoring", "Calibration", "mistakes", "takeaways",
                "Self-check"]
    found = [
        next((i for i, heading in enumerate(headings) if keyword.lower() in heading.lower()), -1)
        for keyword in keywords
    ]
    assert -1 not in found, dict(zip(keywords, found, strict=True))
    assert found == sorted(found), dict(zip(keywords, found, strict=True))
