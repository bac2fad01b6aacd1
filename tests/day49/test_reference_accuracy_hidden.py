"""Day 49: the implementation is accurate to a few units in the last place (not graded).

Run against the reference (the default ``--impl``), these tests measure its error against
60-digit mpmath values over a dense range of logits, and run its docstring examples. Not
shipped: the mpmath reference below is a general implementation.
"""

import doctest
import math

import mpmath
import numpy as np
import pytest

mpmath.mp.dps = 60
MP = mpmath.mpf
#: Errors are measured in units in the last place (ulp) of the exact answer.
MAX_ULPS = 4.0
LOGITS = np.unique(np.concatenate([
    np.linspace(-1000.0, 1000.0, 2001),
    np.linspace(-50.0, 50.0, 1001),
    np.linspace(-1.0, 1.0, 201),
    [-745.2, -709.9, -40.0, -37.0, -1e-12, 1e-300, 1e-12, 36.7, 37.0, 40.0, 709.9, 745.2],
]))


def ulps(got: float, exact: mpmath.mpf) -> float:
    """|got - exact| in units of the last place of float(exact)."""
    nearest = float(exact)
    if nearest == 0.0:
        return 0.0 if got == 0.0 else math.inf
    return float(abs(MP(got) - exact) / MP(math.ulp(nearest)))


def softplus(t) -> mpmath.mpf:
    return mpmath.log1p(mpmath.exp(MP(t)))


def log_softmax_row_exact(row) -> list[mpmath.mpf]:
    """v - log Σ e^v for each v of ``row``, to 60 significant digits even when tiny (e^-700).

    Written as (v - max) - log1p(Σ of the other terms): v - max is exact in mpmath.
    """
    values = [MP(v) for v in row]
    top = max(range(len(values)), key=values.__getitem__)
    rest = mpmath.fsum(mpmath.exp(v - values[top]) for i, v in enumerate(values) if i != top)
    return [(v - values[top]) - mpmath.log1p(rest) for v in values]


def test_log_sigmoid_is_accurate_to_a_few_ulps(stable_losses):
    got = stable_losses.log_sigmoid(LOGITS)
    worst = max(ulps(float(g), -softplus(-z)) for g, z in zip(got, LOGITS.tolist(), strict=True))
    assert worst <= MAX_ULPS, worst


@pytest.mark.parametrize("label", [0, 1])
def test_bce_with_logits_is_accurate_to_a_few_ulps(stable_losses, label):
    worst = 0.0
    for z in LOGITS.tolist():
        exact = softplus(-z) if label == 1 else softplus(z)
        worst = max(worst, ulps(stable_losses.bce_with_logits([label], [z]), exact))
    assert worst <= MAX_ULPS, worst


def test_log_softmax_is_accurate_to_a_few_ulps(stable_losses):
    rng = np.random.default_rng(0)
    rows = np.concatenate([rng.normal(0.0, 300.0, size=(200, 4)),
                           rng.normal(0.0, 20.0, size=(200, 4)),
                           [[0.0, -40.0, -45.0, -50.0], [1000.0, 999.0, -1000.0, 1000.0]]])
    got = stable_losses.log_softmax(rows)
    worst = 0.0
    for row, out in zip(rows.tolist(), got.tolist(), strict=True):
        exact = log_softmax_row_exact(row)
        # A tiny top entry is -e^(z_j - max) summed; z_j - max is rounded in float64 (0.5 ulp of
        # a number up to the row's spread), and exp turns that absolute error into a relative
        # one: no float64 algorithm does better than MAX_ULPS + spread ulps there.
        spread = max(row) - min(row)
        worst = max(worst, *(ulps(o, e) / (MAX_ULPS + spread)
                             for e, o in zip(exact, out, strict=True)))
    assert worst <= 1.0, worst


def test_cross_entropy_keeps_a_tiny_loss(stable_losses):
    # Beyond what is graded: the reference resolves e^-40 next to a logit of 0.
    exact = softplus(-40.0)
    assert ulps(stable_losses.cross_entropy_with_logits([0], [[0.0, -40.0]]), exact) <= MAX_ULPS


def test_docstring_examples_pass(stable_losses, course_impl):
    if course_impl.name != "solutions":
        pytest.skip("the docstring examples are checked on the reference")
    failures, tried = doctest.testmod(stable_losses, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried >= 8 and failures == 0


@pytest.mark.parametrize("count", [1e8, 1e12, 1e15])
@pytest.mark.parametrize("offset", [0.0, 1e-3, -0.5, 2.0, -30.0])
def test_poisson_nll_keeps_its_tolerance_for_huge_counts(stable_losses, count, offset):
    # Near η = log y the terms e^η, yη and log y! cancel: term by term the relative error is
    # 2.3e-8 at y = 1e8, 2.6e-4 at 1e12 and 10 % at 1e15 (η = log y). The reference's rewrite
    # in d = η - log y keeps the module's 1e-9 there. (Not at every η: where |d| is about
    # 1/√y the answer itself is ill-conditioned, since half an ulp of η, 3.6e-15 at η = 34.5,
    # moves the exact NLL by y·d·3.6e-15, several 1e-9 of its value at y = 1e15.)
    eta = math.log(count) + offset
    exact = mpmath.exp(MP(eta)) - MP(count) * MP(eta) + mpmath.loggamma(MP(count) + 1)
    got = stable_losses.poisson_nll([count], [eta])
    assert abs(MP(got) - exact) <= MP("1e-9") * abs(exact), (got, float(exact))


@pytest.mark.parametrize("count", [1.0, 2.0, 15.0, 16.0, 17.0, 170.0, 1e4])
@pytest.mark.parametrize("eta", [-1000.0, -5.0, 0.0, 3.0, 700.0])
def test_poisson_nll_is_accurate_to_a_few_ulps(stable_losses, count, eta):
    exact = mpmath.exp(MP(eta)) - MP(count) * MP(eta) + mpmath.loggamma(MP(count) + 1)
    assert ulps(stable_losses.poisson_nll([count], [eta]), exact) <= 16


@pytest.mark.parametrize("df", [0.3, 1.0, 31.9, 32.0, 33.0, 1e3, 1e6, 1e12, 1e100])
def test_student_t_nll_is_accurate_for_any_df(stable_losses, df):
    # The normaliser lgamma(ν/2) - lgamma((ν+1)/2) + ½ log νπ loses digits to cancellation for
    # large ν when computed from two lgamma values; the reference's Stirling form does not.
    with mpmath.workdps(60 + int(math.log10(df)) if df > 1 else 60):
        for y, mu, s in [(0.0, 0.0, 0.0), (1.0, 0.0, -1000.0), (5.0, 1.0, 0.3)]:
            v, si = MP(df), MP(s)
            t2 = ((MP(y) - MP(mu)) * mpmath.exp(-si)) ** 2
            exact = (mpmath.loggamma(v / 2) - mpmath.loggamma((v + 1) / 2)
                     + mpmath.log(v * mpmath.pi) / 2 + si + (v + 1) / 2 * mpmath.log1p(t2 / v))
            got = stable_losses.student_t_nll([y], [mu], s, df)
            assert abs(MP(got) - exact) <= MP("1e-13") * abs(exact), (y, mu, s, got, exact)
