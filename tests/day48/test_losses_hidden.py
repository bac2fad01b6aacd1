"""Day 48, hidden graded tests: the conventions at the edges.

Not shipped in the student release. Expected values come from independent implementations
(the log of each sample's probability or density in scalar ``math``, summed exactly by
``math.fsum``), never from the reference solution. No scipy here: importing ``scipy.stats``
would cost each grading process more than half a second of start-up.
"""

import math

import numpy as np
import pytest

from course.checks import (
    HALF_LOG_2PI,
    LN2,
    expect_close,
    fail,
    log_loss_mistakes,
    oracle,
    total_vs_mean_mistakes,
)

LN = math.log
# The epsilons people clip probabilities with; each turns an infinite loss into a finite one.
CLIP_EPSILONS = (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)
CLIP_HINT = ("You clipped the probabilities (or added an epsilon); a label with probability 0 "
             "must give an infinite loss.")
UNDERFLOW_HINT = ("You took the log of the product, which underflowed to 0.0; add the logs "
                  "of the factors instead.")


def bernoulli_log(label: int, prob: float) -> float:
    """log P(label | prob), one sample at a time, with 0 * log 0 = 0."""
    if label == 1:
        return math.log(prob) if prob > 0 else -math.inf
    return math.log1p(-prob) if prob < 1 else -math.inf


@oracle  # the same inputs come back for every submission graded
def bernoulli_logs(y, p) -> list[float]:
    return [bernoulli_log(int(a), float(b)) for a, b in zip(np.ravel(y), np.ravel(p), strict=True)]


@oracle  # the same inputs come back for every submission graded
def gaussian_nll_oracle(y, mu, sigma) -> float:
    y, mu = np.asarray(y, float).ravel(), np.asarray(mu, float).ravel()
    s = np.broadcast_to(np.asarray(sigma, float), y.shape)
    return math.fsum(HALF_LOG_2PI + math.log(c) + (a - b) ** 2 / (2 * c * c)
                     for a, b, c in zip(y.tolist(), mu.tolist(), s.tolist(), strict=True))


# Session fixtures: the grader runs these tests for many submissions in one session, so the
# data, the exact values and the mistakes' values are computed once.
@pytest.fixture(scope="session")
def long_binary():
    """10^4 labels whose likelihood underflows to 0.0 long before the end (at label 820).

    Long enough that a sum and a mean differ 10^4-fold and a product is 0.0, short enough that
    a Python loop answers in a few milliseconds. (Every sandbox computes these two calls: at
    10^5 labels, which test nothing more, they took a fifth of a Day 48 sandbox's time.)"""
    rng = np.random.default_rng(48)
    y = rng.integers(0, 2, size=10_000)
    p = rng.uniform(0.05, 0.95, size=y.size)
    return y, p, math.fsum(bernoulli_logs(y, p))


def test_long_binary_is_what_its_docstring_says(long_binary):
    y, p, log_lik = long_binary
    assert y.size == 10_000 and set(np.unique(y)) == {0, 1}
    running = np.cumprod(np.where(y == 1, p, 1 - p))
    assert running[818] > 0.0 and running[819] == 0.0  # label 820 is the first at 0.0
    assert math.isclose(log_lik / (log_lik / y.size), 10_000)


# ---------------------------------------------------------------------------------- likelihood
@pytest.mark.graded("day48.likelihood", points=2)
def test_likelihood_certain_labels_contribute_one(losses):
    expect_close(losses.likelihood([1, 0, 1], [1.0, 0.0, 0.5]), 0.5, abs_=0.0,
                 call="likelihood([1, 0, 1], [1.0, 0.0, 0.5])")


@pytest.mark.graded("day48.likelihood", points=1)
def test_likelihood_impossible_label_gives_zero(losses):
    expect_close(losses.likelihood([0, 1], [0.5, 0.0]), 0.0, abs_=0.0,
                 call="likelihood([0, 1], [0.5, 0.0])",
                 mistakes=[(0.5 * e, CLIP_HINT) for e in CLIP_EPSILONS])
    # The same labels with a possible second one: a function that always returns 0.0 fails.
    expect_close(losses.likelihood([0, 1], [0.5, 0.25]), 0.125, abs_=0.0,
                 call="likelihood([0, 1], [0.5, 0.25])")


@pytest.mark.graded("day48.likelihood", points=1)
def test_likelihood_of_integer_lists(losses):
    expect_close(losses.likelihood([1, 1, 0, 0], [1, 1, 0, 0]), 1.0, abs_=0.0,
                 call="likelihood([1, 1, 0, 0], [1, 1, 0, 0])")
    # Integer labels beside a fractional probability: a constant 1.0 fails here.
    expect_close(losses.likelihood([1, 0, 0], [1, 0, 0.75]), 0.25, abs_=0.0,
                 call="likelihood([1, 0, 0], [1, 0, 0.75])",
                 mistakes=[(0.75, "A label 0 is observed with probability 1 - p, not p.")])


@pytest.fixture(scope="session")
def labels_300():
    rng = np.random.default_rng(300)
    y = rng.integers(0, 2, size=300)
    p = rng.uniform(0.05, 0.95, size=300)
    return y, p, math.exp(math.fsum(bernoulli_logs(y, p)))


@pytest.mark.graded("day48.likelihood", points=2)
def test_likelihood_of_300_labels(losses, labels_300):
    y, p, expected = labels_300
    expect_close(losses.likelihood(y, p), expected, abs_=0.0,
                 call="likelihood(y, p) for 300 random labels")


# ------------------------------------------------------------------------------ log_likelihood
@pytest.mark.graded("day48.log_likelihood", points=2)
def test_log_likelihood_zero_log_zero_is_zero(losses):
    expected = -LN2
    expect_close(losses.log_likelihood([1, 0, 1], [1.0, 0.0, 0.5]), expected,
                 call="log_likelihood([1, 0, 1], [1.0, 0.0, 0.5])",
                 mistakes=log_loss_mistakes(expected, 3, wants="total"))


@pytest.mark.graded("day48.log_likelihood", points=1)
def test_log_likelihood_impossible_label_is_minus_infinity(losses):
    expect_close(losses.log_likelihood([0, 1], [0.5, 0.0]), -math.inf,
                 call="log_likelihood([0, 1], [0.5, 0.0])",
                 mistakes=[(-LN2 + LN(e), CLIP_HINT) for e in CLIP_EPSILONS])
    # A constant -inf fails once the second label is possible.
    expected = LN(0.5) + LN(0.25)
    expect_close(losses.log_likelihood([0, 1], [0.5, 0.25]), expected,
                 call="log_likelihood([0, 1], [0.5, 0.25])",
                 mistakes=log_loss_mistakes(expected, 2, wants="total"))


@pytest.mark.graded("day48.log_likelihood", points=3)
def test_log_likelihood_of_10000_labels(losses, long_binary):
    y, p, expected = long_binary
    expect_close(losses.log_likelihood(y, p), expected,
                 call="log_likelihood(y, p) for 10**4 labels",
                 mistakes=[(-math.inf, UNDERFLOW_HINT),
                           *log_loss_mistakes(expected, y.size, wants="total")])


@pytest.mark.graded("day48.log_likelihood", points=1)
def test_log_likelihood_of_lists(losses):
    y, p = [1, 0, 0, 1, 1], [0.5, 0.25, 0.5, 1, 0.75]
    expected = math.fsum(bernoulli_logs(y, p))
    expect_close(losses.log_likelihood(y, p), expected, call=f"log_likelihood({y}, {p})",
                 mistakes=log_loss_mistakes(expected, 5, wants="total"))


# ------------------------------------------------------------------------ binary_cross_entropy
@pytest.mark.graded("day48.binary_cross_entropy", points=2)
def test_binary_cross_entropy_zero_log_zero_is_zero(losses):
    expected = LN2 / 3
    expect_close(losses.binary_cross_entropy([1, 0, 1], [1.0, 0.0, 0.5]), expected,
                 call="binary_cross_entropy([1, 0, 1], [1.0, 0.0, 0.5])",
                 mistakes=log_loss_mistakes(expected, 3, wants="mean"))


@pytest.mark.graded("day48.binary_cross_entropy", points=2)
def test_binary_cross_entropy_impossible_label_is_infinite(losses):
    expect_close(losses.binary_cross_entropy([1, 0, 1], [0.0, 0.5, 0.5]), math.inf,
                 call="binary_cross_entropy([1, 0, 1], [0.0, 0.5, 0.5])",
                 mistakes=[((-LN(e) + 2 * LN2) / 3, CLIP_HINT) for e in CLIP_EPSILONS])
    # A constant inf fails once every label is possible.
    expected = -(LN(0.125) - 2 * LN2) / 3
    expect_close(losses.binary_cross_entropy([1, 0, 1], [0.125, 0.5, 0.5]), expected,
                 call="binary_cross_entropy([1, 0, 1], [0.125, 0.5, 0.5])",
                 mistakes=log_loss_mistakes(expected, 3, wants="mean"))


@pytest.mark.graded("day48.binary_cross_entropy", points=2)
def test_binary_cross_entropy_of_10000_labels(losses, long_binary):
    y, p, log_lik = long_binary
    expected = -log_lik / y.size
    expect_close(losses.binary_cross_entropy(y, p), expected,
                 call="binary_cross_entropy(y, p) for 10**4 labels",
                 mistakes=[(math.inf, UNDERFLOW_HINT),
                           *log_loss_mistakes(expected, y.size, wants="mean")])


# -------------------------------------------------------------------------------- gaussian_nll
Y3, F3, S3 = [1.0, -2.0, 0.5], [0.2, 0.5, 3.5], [0.5, 1.5, 3.0]


@oracle  # the same inputs come back for every submission graded
def _gaussian_mistakes(y, mu, sigma) -> list[tuple[float, str]]:
    """Each classic Gaussian-NLL mistake, evaluated on the same input."""
    y, mu = np.asarray(y, float), np.asarray(mu, float)
    s = np.broadcast_to(np.asarray(sigma, float), y.shape)
    r2 = (y - mu) ** 2
    n = y.size

    def total(log_part, quad_part):
        return math.fsum(np.broadcast_to(log_part, y.shape)) + math.fsum(quad_part)

    right = total(HALF_LOG_2PI + np.log(s), r2 / (2 * s**2))
    return [
        (total(HALF_LOG_2PI + 0.5 * np.log(s), r2 / (2 * s)),
         "You used sigma as the variance; sigma is the standard deviation (square it)."),
        (total(HALF_LOG_2PI, r2 / (2 * s**2)),
         "You dropped the log σ term; with σ not constant it changes the value."),
        (total(np.log(s), r2 / (2 * s**2)),
         "You dropped the constant ½ log 2π per sample; this function keeps it."),
        (total(HALF_LOG_2PI + 2 * np.log(s), r2 / (2 * s**2)),
         "You added log σ² where ½ log σ² = log σ belongs."),
        (total(HALF_LOG_2PI + np.log(s), r2 / s**2),
         "The squared error is divided by 2σ², not σ²: the ½ is missing."),
        (total(HALF_LOG_2PI + np.log(s), r2 / (2 * s)),
         "The squared error is divided by 2σ², not by 2σ."),
        (total(HALF_LOG_2PI + np.log(s), np.sqrt(r2) / (2 * s**2)),
         "The residual must be squared, not taken as an absolute value."),
        (total((HALF_LOG_2PI + np.log(s)) / math.log(10), r2 / (2 * s**2)),
         "You used log10; the course's logs are natural logs (np.log)."),
        (-right, "Your result has the wrong sign: the NLL is minus the log-density."),
        *total_vs_mean_mistakes(right, n, wants="total"),
    ]


@pytest.mark.graded("day48.gaussian_nll", points=3)
def test_gaussian_nll_per_sample_sigma(losses):
    expect_close(losses.gaussian_nll(Y3, F3, S3), gaussian_nll_oracle(Y3, F3, S3),
                 call=f"gaussian_nll({Y3}, {F3}, sigma={S3})",
                 mistakes=_gaussian_mistakes(Y3, F3, S3))


@pytest.mark.graded("day48.gaussian_nll", points=1)
def test_gaussian_nll_can_be_negative(losses):
    # N(0, 0.1²) has density 3.989... at its mean: the NLL of one exact hit is -1.38...
    expect_close(losses.gaussian_nll([0.0], [0.0], 0.1), -1.3836465597893728,
                 call="gaussian_nll([0.0], [0.0], 0.1)",
                 mistakes=[(1.3836465597893728, "A density can exceed 1, so the NLL can be "
                                                "negative: do not take an absolute value.")]
                 + _gaussian_mistakes([0.0], [0.0], 0.1))


@pytest.mark.graded("day48.gaussian_nll", points=1)
def test_gaussian_nll_of_integer_lists(losses):
    y, mu, s = [1, 2, 3], [0, 0, 0], [1, 2, 3]
    expect_close(losses.gaussian_nll(y, mu, s), gaussian_nll_oracle(y, mu, s),
                 call=f"gaussian_nll({y}, {mu}, sigma={s})", mistakes=_gaussian_mistakes(y, mu, s))


@pytest.fixture(scope="session")
def gaussian_10000():
    """10^4 samples, their NLL and each mistake's value: computed once per session."""
    rng = np.random.default_rng(2)
    y = rng.normal(0.0, 3.0, size=10_000)
    mu = y + rng.normal(0.0, 0.7, size=y.size)
    return y, mu, gaussian_nll_oracle(y, mu, 0.7), _gaussian_mistakes(y, mu, 0.7)


@pytest.mark.graded("day48.gaussian_nll", points=2)
def test_gaussian_nll_of_many_samples_with_scalar_sigma(losses, gaussian_10000):
    y, mu, expected, mistakes = gaussian_10000
    expect_close(losses.gaussian_nll(y, mu, 0.7), expected,
                 call="gaussian_nll(y, mu, sigma=0.7) for 10**4 samples", mistakes=mistakes)


SQUARED_SIGMA_HINT = ("σ² overflows at σ = 1e200 and underflows to 0 at σ = 1e-200, so "
                      "log(2πσ²) and r²/(2σ²) become inf or nan; use ½ log 2π + log σ and the "
                      "squared standardised residual ((y - ŷ)/σ)².")


@pytest.mark.graded("day48.gaussian_nll", points=2)
def test_gaussian_nll_at_extreme_sigmas(losses):
    # Any finite σ > 0 is allowed. Standardised residuals 2, 1 and 0.5: the exact NLL is
    # 3 · ½ log 2π + log(1e200) + log(1e-200) + log 2 + ½ (4 + 1 + 0.25), all finite.
    y, mu, s = [3e200, 1e-200, 1.0], [1e200, 0.0, 0.0], [1e200, 1e-200, 2.0]
    expected = math.fsum([3 * HALF_LOG_2PI, LN(1e200), LN(1e-200), LN(2.0), 2.0, 0.5, 0.125])
    expect_close(losses.gaussian_nll(y, mu, s), expected,
                 call=f"gaussian_nll({y}, {mu}, sigma={s})",
                 mistakes=[(math.nan, SQUARED_SIGMA_HINT), (math.inf, SQUARED_SIGMA_HINT),
                           (-math.inf, SQUARED_SIGMA_HINT)])


# ----------------------------------------------------------------------------------------- mse
@pytest.mark.graded("day48.mse", points=1)
def test_mse_of_integer_lists(losses):
    expect_close(losses.mse([1, 2, 3, 4], [4, 3, 2, 1]), 5.0,
                 call="mse([1, 2, 3, 4], [4, 3, 2, 1])",
                 mistakes=[(20.0, "You returned the sum; the MSE is the mean (divide by n)."),
                           (math.sqrt(5.0), "You returned the RMSE; the MSE is not rooted."),
                           (2.0, "The residuals must be squared, not taken as absolute values."),
                           (2.5, "You halved the MSE; the MSE has no ½.")])


@pytest.fixture(scope="session")
def regression_5000():
    rng = np.random.default_rng(5)
    y, f = rng.normal(size=5000), rng.normal(size=5000)
    return y, f, math.fsum((a - b) ** 2 for a, b in zip(y.tolist(), f.tolist(), strict=True)) / 5000


@pytest.mark.graded("day48.mse", points=2)
def test_mse_of_many_samples(losses, regression_5000):
    y, f, expected = regression_5000
    expect_close(losses.mse(y, f), expected, call="mse(y, f) for 5000 samples",
                 mistakes=[*total_vs_mean_mistakes(expected, 5000, wants="mean"),
                           (math.sqrt(expected), "You returned the RMSE; the MSE is not rooted."),
                           (expected / 2, "You halved the MSE; the MSE has no ½.")])


# ------------------------------------------------------------------- categorical_cross_entropy
ZERO_ROWS = [[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]]


@pytest.mark.graded("day48.categorical_cross_entropy", points=2)
def test_categorical_cross_entropy_ignores_zero_probability_of_other_classes(losses):
    expected = LN2 / 2
    expect_close(losses.categorical_cross_entropy([0, 1], ZERO_ROWS), expected,
                 call=f"categorical_cross_entropy([0, 1], {ZERO_ROWS})",
                 mistakes=log_loss_mistakes(expected, 2, wants="mean"))


@pytest.mark.graded("day48.categorical_cross_entropy", points=1)
def test_categorical_cross_entropy_impossible_class_is_infinite(losses):
    expect_close(losses.categorical_cross_entropy([1], [[1.0, 0.0]]), math.inf,
                 call="categorical_cross_entropy([1], [[1.0, 0.0]])",
                 mistakes=[(-LN(e), CLIP_HINT) for e in CLIP_EPSILONS])
    # A constant inf fails once the true class is possible.
    expect_close(losses.categorical_cross_entropy([1], [[0.875, 0.125]]), LN(8.0),
                 call="categorical_cross_entropy([1], [[0.875, 0.125]])",
                 mistakes=[(-LN(0.875), "y_true holds class indices: class 1 is the second "
                                        "column.")])


@pytest.mark.graded("day48.categorical_cross_entropy", points=1)
def test_categorical_cross_entropy_uses_rows_as_given(losses):
    # Rows summing to 1 ± 1e-6 are accepted and not renormalised: the true class's entry counts
    # exactly as given.
    probs = [[0.3, 0.7000005], [0.5, 0.5000004], [0.25, 0.7499993]]
    y = [0, 1, 0]
    expected = -(LN(0.3) + LN(0.5000004) + LN(0.25)) / 3
    renormalised = -math.fsum(LN(row[c] / math.fsum(row)) for row, c in zip(probs, y,
                                                                             strict=True)) / 3
    expect_close(losses.categorical_cross_entropy(y, probs), expected,
                 call=f"categorical_cross_entropy({y}, {probs})",
                 mistakes=[(renormalised, "You renormalised the rows; they are used as given "
                                          "(a row is accepted when it sums to 1 within 1e-6)."),
                           *log_loss_mistakes(expected, 3, wants="mean")])


@pytest.fixture(scope="session")
def classes_500():
    rng = np.random.default_rng(10)
    probs = rng.dirichlet(np.ones(10), size=500)
    y = rng.integers(0, 10, size=500)
    expected = -math.fsum(math.log(probs[i, c]) for i, c in enumerate(y.tolist())) / 500
    predicted = probs.argmax(axis=1)
    mistakes = [*log_loss_mistakes(expected, 500, wants="mean"),
                (-float(np.mean(np.log(probs[np.arange(500), predicted]))),
                 "You used the largest probability of each row; use the true class's.")]
    return y, probs, expected, mistakes


@pytest.mark.graded("day48.categorical_cross_entropy", points=2)
def test_categorical_cross_entropy_of_many_samples(losses, classes_500):
    y, probs, expected, mistakes = classes_500
    expect_close(losses.categorical_cross_entropy(y, probs), expected,
                 call="categorical_cross_entropy(y, probs) for 500 samples and 10 classes",
                 mistakes=mistakes)


@pytest.mark.graded("day48.categorical_cross_entropy", points=1)
def test_categorical_cross_entropy_of_a_python_list_of_ints(losses):
    probs = [[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]]
    expected = -(LN(0.9) + LN(0.8) + LN(0.5)) / 3
    expect_close(losses.categorical_cross_entropy([1, 0, 1], probs), expected,
                 call=f"categorical_cross_entropy([1, 0, 1], {probs})",
                 mistakes=log_loss_mistakes(expected, 3, wants="mean"))


# -------------------------------------------------------------------------------- binomial_nll
BINOMIAL_COEFFICIENT_HINT = ("You dropped log C(m, k); this function keeps the binomial "
                             "coefficient (lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1)).")
COMB_OVERFLOW_HINT = ("C(m, k) overflowed as a float (it exceeds 1.8e308 for m beyond about "
                      "1030): compute log C(m, k) from lgamma, never the coefficient itself.")


@oracle  # the same inputs come back for every submission graded
def binomial_logs(k, m, p) -> list[float]:
    """log P(k_i | m_i, p_i) one sample at a time: an exact integer C(m, k), 0 * log 0 = 0."""
    logs = []
    for ki, mi, pi in zip(np.ravel(k).tolist(), np.ravel(m).tolist(), np.ravel(p).tolist(),
                          strict=True):
        ki, mi = int(ki), int(mi)
        if ki == 0:
            successes = 0.0
        else:
            successes = -math.inf if pi == 0.0 else ki * math.log(pi)
        if mi == ki:
            failures = 0.0
        else:
            failures = -math.inf if pi == 1.0 else (mi - ki) * math.log1p(-pi)
        logs.append(math.log(math.comb(mi, ki)) + successes + failures)
    return logs


@oracle  # the same inputs come back for every submission graded
def _binomial_mistakes(k, m, p) -> list[tuple[float, str]]:
    """Each classic binomial-NLL mistake, evaluated on the same input."""
    k, m, p = (np.asarray(v, float) for v in (k, m, p))
    right = -math.fsum(binomial_logs(k, m, p))
    log_coefficient = np.array([math.log(math.comb(int(a), int(b)))
                                for a, b in zip(m.tolist(), k.tolist(), strict=True)])
    with np.errstate(all="ignore"):
        rest = k * np.log(p) + (m - k) * np.log1p(-p)
        swapped = k * np.log1p(-p) + (m - k) * np.log(p)
        off_by_one = np.array([math.lgamma(a) - (math.lgamma(b) if b > 0 else math.inf)
                               - (math.lgamma(a - b) if a > b else math.inf)
                               for a, b in zip(m.tolist(), k.tolist(), strict=True)])
    return [
        (-math.fsum(rest.tolist()), BINOMIAL_COEFFICIENT_HINT),
        (-math.fsum((rest - log_coefficient).tolist()),
         "log C(m, k) enters the log-likelihood with a plus sign, so the NLL subtracts it."),
        (-math.fsum((log_coefficient + swapped).tolist()),
         "p is the probability of a success: k successes contribute k log p, the m - k failures "
         "(m - k) log(1 - p)."),
        (float(-np.sum(off_by_one + rest)),
         "log j! is lgamma(j + 1), not lgamma(j) (that is log (j - 1)!)."),
        *log_loss_mistakes(right, k.size, wants="total"),
    ]


@pytest.fixture(scope="session")
def binomial_200():
    rng = np.random.default_rng(480)
    m = rng.integers(1, 60, size=200)
    p = rng.uniform(0.02, 0.98, size=200)
    k = rng.binomial(m, p)
    return k, m, p, -math.fsum(binomial_logs(k, m, p)), _binomial_mistakes(k, m, p)


@pytest.mark.graded("day48.binomial_nll", points=3)
def test_binomial_nll_of_200_samples(losses, binomial_200):
    k, m, p, expected, mistakes = binomial_200
    expect_close(losses.binomial_nll(k, m, p), expected,
                 call="binomial_nll(successes, trials, p) for 200 samples", mistakes=mistakes)


@pytest.mark.graded("day48.binomial_nll", points=2)
def test_binomial_nll_of_thousands_of_trials(losses):
    # C(2000, 1000) ≈ 2e600 and C(10000, 3001) overflow a float; their logarithms do not.
    k, m, p = [1000, 3001, 12], [2000, 10000, 5000], [0.5, 0.3, 0.002]
    expect_close(losses.binomial_nll(k, m, p), -math.fsum(binomial_logs(k, m, p)),
                 call=f"binomial_nll({k}, {m}, {p})",
                 mistakes=[(-math.inf, COMB_OVERFLOW_HINT), (math.inf, COMB_OVERFLOW_HINT),
                           (math.nan, COMB_OVERFLOW_HINT), *_binomial_mistakes(k, m, p)])


@pytest.mark.graded("day48.binomial_nll", points=2)
def test_binomial_nll_zero_log_zero_is_zero(losses):
    # 0 successes at p = 0 and 3 of 3 at p = 1 are certain: they contribute log C = 0 only.
    k, m, p = [0, 3, 2], [2, 3, 5], [0.0, 1.0, 0.4]
    expected = -(LN(10.0) + 2 * LN(0.4) + 3 * LN(0.6))
    expect_close(losses.binomial_nll(k, m, p), expected, call=f"binomial_nll({k}, {m}, {p})",
                 mistakes=[*_binomial_mistakes(k, m, p),
                           (math.inf, "A certain count (0 successes at p = 0, m of m at p = 1) "
                                      "has probability 1: 0 * log 0 = 0, so take the log only "
                                      "where the count is positive.")])


@pytest.mark.graded("day48.binomial_nll", points=1)
def test_binomial_nll_impossible_count_is_infinite(losses):
    expect_close(losses.binomial_nll([1, 2], [3, 2], [0.0, 0.5]), math.inf,
                 call="binomial_nll([1, 2], [3, 2], [0.0, 0.5])",
                 mistakes=[(-LN(3.0) - LN(e) - 2 * LN(1 - e) - 2 * LN(0.5), CLIP_HINT)
                           for e in CLIP_EPSILONS])
    # A constant inf fails once the count is possible.
    k, m, p = [1, 2], [3, 2], [0.25, 0.5]
    expect_close(losses.binomial_nll(k, m, p), -math.fsum(binomial_logs(k, m, p)),
                 call=f"binomial_nll({k}, {m}, {p})", mistakes=_binomial_mistakes(k, m, p))


@pytest.mark.graded("day48.binomial_nll", points=1)
def test_binomial_nll_of_integer_lists(losses):
    k, m, p = [0, 1, 4], [1, 2, 4], [0, 1, 1]
    expect_close(losses.binomial_nll(k, m, p), math.inf, call=f"binomial_nll({k}, {m}, {p})")
    k, m, p = [0, 1, 4], [1, 2, 4], [0, 0.5, 1]
    expect_close(losses.binomial_nll(k, m, p), -math.fsum(binomial_logs(k, m, p)),
                 call=f"binomial_nll({k}, {m}, {p})", mistakes=_binomial_mistakes(k, m, p))


# ------------------------------------------------------------------ inputs are never modified
MUTATION_HINT = ("You modified an input array in place (e.g. y -= mu or p /= ...): the caller's "
                 "array changed; compute new arrays instead (r = y - mu).")


def call_keeping_inputs(function, *args):
    """Call ``function(*args)`` and fail with a hint if it changed any of the arrays."""
    __tracebackhide__ = True
    before = [np.array(a, copy=True) for a in args]
    got = function(*args)
    for position, (old, new) in enumerate(zip(before, args, strict=True)):
        if not np.array_equal(old, np.asarray(new), equal_nan=True):
            fail(f"{function.__name__} changed its argument {position + 1}: it was "
                 f"{old!r} before the call and is {np.asarray(new)!r} after.", MUTATION_HINT)
    return got


def float_arrays(*values):
    return [np.array(v, dtype=float) for v in values]


@pytest.mark.graded("day48.likelihood", points=1)
def test_likelihood_leaves_its_inputs_unchanged(losses):
    y, p = float_arrays([1, 0, 0], [0.5, 0.25, 0.75])
    expect_close(call_keeping_inputs(losses.likelihood, y, p), 0.5 * 0.75 * 0.25, abs_=0.0,
                 call="likelihood(y, p) for float arrays [1, 0, 0], [0.5, 0.25, 0.75]")


@pytest.mark.graded("day48.log_likelihood", points=1)
def test_log_likelihood_leaves_its_inputs_unchanged(losses):
    y, p = float_arrays([1, 0, 0], [0.5, 0.25, 0.75])
    expected = LN(0.5) + LN(0.75) + LN(0.25)
    expect_close(call_keeping_inputs(losses.log_likelihood, y, p), expected,
                 call="log_likelihood(y, p) for float arrays [1, 0, 0], [0.5, 0.25, 0.75]",
                 mistakes=log_loss_mistakes(expected, 3, wants="total"))


@pytest.mark.graded("day48.binary_cross_entropy", points=1)
def test_binary_cross_entropy_leaves_its_inputs_unchanged(losses):
    y, p = float_arrays([1, 0, 0], [0.5, 0.25, 0.75])
    expected = -(LN(0.5) + LN(0.75) + LN(0.25)) / 3
    expect_close(call_keeping_inputs(losses.binary_cross_entropy, y, p), expected,
                 call="binary_cross_entropy(y, p) for float arrays [1, 0, 0], [0.5, 0.25, 0.75]",
                 mistakes=log_loss_mistakes(expected, 3, wants="mean"))


@pytest.mark.graded("day48.gaussian_nll", points=1)
def test_gaussian_nll_leaves_its_inputs_unchanged(losses):
    y, mu, s = float_arrays(Y3, F3, S3)
    expect_close(call_keeping_inputs(losses.gaussian_nll, y, mu, s),
                 gaussian_nll_oracle(Y3, F3, S3),
                 call=f"gaussian_nll(y, mu, sigma) for float arrays {Y3}, {F3}, {S3}",
                 mistakes=_gaussian_mistakes(Y3, F3, S3))


@pytest.mark.graded("day48.mse", points=1)
def test_mse_leaves_its_inputs_unchanged(losses):
    y, f = float_arrays([1.0, 2.0, 4.0], [0.5, 2.5, 1.0])
    expect_close(call_keeping_inputs(losses.mse, y, f), (0.25 + 0.25 + 9.0) / 3,
                 call="mse(y, f) for float arrays [1.0, 2.0, 4.0], [0.5, 2.5, 1.0]",
                 mistakes=total_vs_mean_mistakes((0.25 + 0.25 + 9.0) / 3, 3, wants="mean"))


@pytest.mark.graded("day48.categorical_cross_entropy", points=1)
def test_categorical_cross_entropy_leaves_its_inputs_unchanged(losses):
    y, probs = float_arrays([2, 0], [[0.5, 0.25, 0.25], [0.125, 0.375, 0.5]])
    expected = -(LN(0.25) + LN(0.125)) / 2
    expect_close(call_keeping_inputs(losses.categorical_cross_entropy, y, probs), expected,
                 call="categorical_cross_entropy(y, probs) for float arrays [2, 0], "
                      "[[0.5, 0.25, 0.25], [0.125, 0.375, 0.5]]",
                 mistakes=log_loss_mistakes(expected, 2, wants="mean"))


@pytest.mark.graded("day48.binomial_nll", points=1)
def test_binomial_nll_leaves_its_inputs_unchanged(losses):
    k, m, p = float_arrays([2, 0, 3], [4, 1, 3], [0.5, 0.25, 0.75])
    expected = -math.fsum(binomial_logs(k, m, p))
    expect_close(call_keeping_inputs(losses.binomial_nll, k, m, p), expected,
                 call="binomial_nll(k, m, p) for float arrays [2, 0, 3], [4, 1, 3], "
                      "[0.5, 0.25, 0.75]",
                 mistakes=_binomial_mistakes(k, m, p))
