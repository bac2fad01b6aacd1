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
    log_loss_mistakes,
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


def bernoulli_logs(y, p) -> list[float]:
    return [bernoulli_log(int(a), float(b)) for a, b in zip(np.ravel(y), np.ravel(p), strict=True)]


def gaussian_nll_oracle(y, mu, sigma) -> float:
    y, mu = np.asarray(y, float).ravel(), np.asarray(mu, float).ravel()
    s = np.broadcast_to(np.asarray(sigma, float), y.shape)
    return math.fsum(HALF_LOG_2PI + math.log(c) + (a - b) ** 2 / (2 * c * c)
                     for a, b, c in zip(y.tolist(), mu.tolist(), s.tolist(), strict=True))


# Session fixtures: the grader runs these tests for many submissions in one session, so the
# data, the exact values and the mistakes' values are computed once.
@pytest.fixture(scope="session")
def long_binary():
    """10^5 labels whose likelihood underflows to 0.0 long before the end (at label 845).

    Long enough that a sum and a mean differ 10^5-fold and a product is 0.0, short enough that
    a Python loop answers in a fraction of a second."""
    rng = np.random.default_rng(48)
    y = rng.integers(0, 2, size=100_000)
    p = rng.uniform(0.05, 0.95, size=y.size)
    return y, p, math.fsum(bernoulli_logs(y, p))


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


@pytest.mark.graded("day48.likelihood", points=1)
def test_likelihood_of_integer_lists(losses):
    expect_close(losses.likelihood([1, 1, 0, 0], [1, 1, 0, 0]), 1.0, abs_=0.0,
                 call="likelihood([1, 1, 0, 0], [1, 1, 0, 0])")


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


@pytest.mark.graded("day48.log_likelihood", points=3)
def test_log_likelihood_of_100000_labels(losses, long_binary):
    y, p, expected = long_binary
    expect_close(losses.log_likelihood(y, p), expected,
                 call="log_likelihood(y, p) for 10**5 labels",
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


@pytest.mark.graded("day48.binary_cross_entropy", points=2)
def test_binary_cross_entropy_of_100000_labels(losses, long_binary):
    y, p, log_lik = long_binary
    expected = -log_lik / y.size
    expect_close(losses.binary_cross_entropy(y, p), expected,
                 call="binary_cross_entropy(y, p) for 10**5 labels",
                 mistakes=[(math.inf, UNDERFLOW_HINT),
                           *log_loss_mistakes(expected, y.size, wants="mean")])


# -------------------------------------------------------------------------------- gaussian_nll
Y3, F3, S3 = [1.0, -2.0, 0.5], [0.2, 0.5, 3.5], [0.5, 1.5, 3.0]


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
