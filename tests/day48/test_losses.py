"""Day 48, visible graded tests: the docstring examples and the basic shape of each loss.

Each test belongs to one function and is worth the points in its ``graded`` mark. The hidden
suite checks the conventions at the edges (probabilities 0 and 1, long inputs, per-sample σ).
"""

import math

import pytest

from course.checks import (
    HALF_LOG_2PI,
    expect_close,
    log_loss_mistakes,
    sign_mistake,
    total_vs_mean_mistakes,
)

LN = math.log

# The running example of the lesson: four labels and the model's P(y = 1) for each.
Y4 = [1, 0, 1, 1]
P4 = [0.9, 0.2, 0.8, 0.7]
LOG_LIK4 = LN(0.9) + LN(0.8) + LN(0.8) + LN(0.7)  # -0.9083225622249782

# A regression example: three targets, three predictions; residuals -0.2, 0.2, 0.1.
T3 = [2.0, 3.0, 4.5]
F3 = [2.2, 2.8, 4.4]
SQ3 = 0.2**2 + 0.2**2 + 0.1**2  # the sum of squared residuals, 0.09


# ---------------------------------------------------------------------------------- likelihood
@pytest.mark.graded("day48.likelihood", points=2)
def test_likelihood_docstring_example(losses):
    expect_close(
        losses.likelihood(Y4, P4), 0.9 * 0.8 * 0.8 * 0.7,
        call="likelihood([1, 0, 1, 1], [0.9, 0.2, 0.8, 0.7])", abs_=0.0,
        mistakes=[
            (0.9 * 0.2 * 0.8 * 0.7, "You multiplied p for every sample; a label 0 was observed "
                                    "with probability 1 - p."),
            (0.1 * 0.2 * 0.2 * 0.3, "Labels and probabilities are swapped: p is P(y = 1), so "
                                    "a label 1 contributes p."),
            (LOG_LIK4, "You returned the log-likelihood; likelihood is the product itself."),
        ],
    )


@pytest.mark.graded("day48.likelihood", points=1)
def test_likelihood_of_one_zero_label(losses):
    expect_close(
        losses.likelihood([0], [0.3]), 0.7, call="likelihood([0], [0.3])", abs_=0.0,
        mistakes=[(0.3, "A label 0 is observed with probability 1 - p, not p.")],
    )


# ------------------------------------------------------------------------------ log_likelihood
@pytest.mark.graded("day48.log_likelihood", points=2)
def test_log_likelihood_docstring_example(losses):
    expect_close(
        losses.log_likelihood(Y4, P4), LOG_LIK4,
        call="log_likelihood([1, 0, 1, 1], [0.9, 0.2, 0.8, 0.7])",
        mistakes=[
            *log_loss_mistakes(LOG_LIK4, 4, wants="total"),
            (LN(0.9) + LN(0.2) + LN(0.8) + LN(0.7), "A label 0 contributes log(1 - p), not "
                                                    "log p."),
        ],
    )


@pytest.mark.graded("day48.log_likelihood", points=1)
def test_log_likelihood_of_one_label(losses):
    expect_close(
        losses.log_likelihood([1], [0.8]), -0.2231435513142097,
        call="log_likelihood([1], [0.8])",
        mistakes=[*log_loss_mistakes(LN(0.8), 1, wants="total"),
                  (LN(0.2), "A label 1 contributes log p, not log(1 - p).")],
    )


# ------------------------------------------------------------------------ binary_cross_entropy
@pytest.mark.graded("day48.binary_cross_entropy", points=2)
def test_binary_cross_entropy_docstring_example(losses):
    expected = -LOG_LIK4 / 4  # 0.22708064055624455
    expect_close(
        losses.binary_cross_entropy(Y4, P4), expected,
        call="binary_cross_entropy([1, 0, 1, 1], [0.9, 0.2, 0.8, 0.7])",
        mistakes=log_loss_mistakes(expected, 4, wants="mean"),
    )


@pytest.mark.graded("day48.binary_cross_entropy", points=1)
def test_binary_cross_entropy_of_one_zero_label(losses):
    expected = -LN(0.8)  # a label 0 predicted at p = 0.2
    expect_close(
        losses.binary_cross_entropy([0], [0.2]), expected,
        call="binary_cross_entropy([0], [0.2])",
        mistakes=[*log_loss_mistakes(expected, 1, wants="mean"),
                  (-LN(0.2), "A label 0 contributes -log(1 - p), not -log p.")],
    )


# -------------------------------------------------------------------------------- gaussian_nll
@pytest.mark.graded("day48.gaussian_nll", points=2)
def test_gaussian_nll_docstring_example(losses):
    expected = 3 * HALF_LOG_2PI + SQ3 / 2  # 2.801815599614018
    expect_close(
        losses.gaussian_nll(T3, F3, sigma=1.0), expected,
        call="gaussian_nll([2.0, 3.0, 4.5], [2.2, 2.8, 4.4], sigma=1.0)",
        mistakes=[
            (SQ3 / 2, "You dropped the constant ½ log 2π per sample; this function keeps it."),
            (3 * HALF_LOG_2PI + SQ3, "The squared error is divided by 2σ², not σ²: the ½ is "
                                     "missing."),
            *total_vs_mean_mistakes(expected, 3, wants="total"),
            *sign_mistake(expected),
        ],
    )


@pytest.mark.graded("day48.gaussian_nll", points=2)
def test_gaussian_nll_with_sigma_two(losses):
    expected = 3 * (HALF_LOG_2PI + LN(2.0)) + SQ3 / 8  # 4.847507141293855
    expect_close(
        losses.gaussian_nll(T3, F3, sigma=2.0), expected,
        call="gaussian_nll([2.0, 3.0, 4.5], [2.2, 2.8, 4.4], sigma=2.0)",
        mistakes=[
            (3 * (HALF_LOG_2PI + 0.5 * LN(2.0)) + SQ3 / 4,
             "You used sigma as the variance; sigma is the standard deviation (square it)."),
            (3 * HALF_LOG_2PI + SQ3 / 8, "You dropped the log σ term; it matters when σ ≠ 1."),
            (3 * LN(2.0) + SQ3 / 8, "You dropped the constant ½ log 2π per sample; this "
                                    "function keeps it."),
            (3 * (HALF_LOG_2PI + LN(2.0)) + SQ3 / 4, "The squared error is divided by 2σ², "
                                                     "not by 2σ."),
            *total_vs_mean_mistakes(expected, 3, wants="total"),
        ],
    )


# ----------------------------------------------------------------------------------------- mse
@pytest.mark.graded("day48.mse", points=2)
def test_mse_docstring_example(losses):
    expected = SQ3 / 3  # 0.03
    expect_close(
        losses.mse(T3, F3), expected, call="mse([2.0, 3.0, 4.5], [2.2, 2.8, 4.4])",
        mistakes=[
            *total_vs_mean_mistakes(expected, 3, wants="mean"),
            (math.sqrt(expected), "You returned the root of the MSE (RMSE); the MSE is not "
                                  "square-rooted."),
            (expected / 2, "You halved the MSE; the ½ belongs to the Gaussian NLL, not here."),
            (0.5 / 3, "You averaged |residual|: the residuals must be squared."),
            (-0.1 / 3, "You averaged the raw residuals: they must be squared."),
            (0.1 / 3, "You averaged the raw residuals: they must be squared."),
        ],
    )


@pytest.mark.graded("day48.mse", points=1)
def test_mse_of_one_sample(losses):
    expect_close(
        losses.mse([3.0], [1.0]), 4.0, call="mse([3.0], [1.0])",
        mistakes=[(2.0, "Square the residual (and do not take a root): 2 squared is 4."),
                  (-2.0, "Square the residual: (3 - 1)² = 4."),
                  (2.0 * 2.0 / 2, "You halved the squared error; the MSE has no ½.")],
    )


# ------------------------------------------------------------------- categorical_cross_entropy
@pytest.mark.graded("day48.categorical_cross_entropy", points=2)
def test_categorical_cross_entropy_true_class_not_the_likeliest(losses):
    probs = [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.25, 0.25, 0.5]]
    expected = -(LN(0.1) + LN(0.2) + LN(0.25)) / 3  # 1.7661057888493454
    expect_close(
        losses.categorical_cross_entropy([2, 0, 1], probs), expected,
        call=f"categorical_cross_entropy([2, 0, 1], {probs})",
        mistakes=[
            *log_loss_mistakes(expected, 3, wants="mean"),
            (-(LN(0.6) + LN(0.5) + LN(0.5)) / 3, "You used the largest probability of each "
                                                 "row; use the probability of the true class."),
            (3.663225773735227, "You added the logs of every class; only the true class's "
                                "probability counts."),
            (1.221075257911742, "You averaged the logs over every entry (or indexed columns "
                                "by y); take probs[i, y_i], one entry per row."),
        ],
    )


@pytest.mark.graded("day48.categorical_cross_entropy", points=1)
def test_categorical_cross_entropy_docstring_example(losses):
    expect_close(
        losses.categorical_cross_entropy([0], [[0.25, 0.75]]), LN(4.0),
        call="categorical_cross_entropy([0], [[0.25, 0.75]])",
        mistakes=[*log_loss_mistakes(LN(4.0), 1, wants="mean"),
                  (-LN(0.75), "y_true holds class indices: class 0 is the first column.")],
    )


# -------------------------------------------------------------------------------- binomial_nll
BINOMIAL_HINTS = {
    "coefficient": "You dropped log C(m, k); this function keeps the binomial coefficient "
                   "(lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1)).",
    "coefficient_sign": "log C(m, k) enters the log-likelihood with a plus sign, so the NLL "
                        "subtracts it.",
    "swapped": "p is the probability of a success: k successes contribute k log p, the m - k "
               "failures (m - k) log(1 - p).",
}


@pytest.mark.graded("day48.binomial_nll", points=2)
def test_binomial_nll_docstring_example(losses):
    # 3 successes in 4 trials at p = ½: P = C(4, 3) · ½⁴ = 4/16, NLL = log 4 = 1.3862943611198906
    expect_close(
        losses.binomial_nll([3], [4], [0.5]), LN(4.0), call="binomial_nll([3], [4], [0.5])",
        mistakes=[
            (4 * LN(2.0), BINOMIAL_HINTS["coefficient"]),
            (4 * LN(2.0) + LN(4.0), BINOMIAL_HINTS["coefficient_sign"]),
            *log_loss_mistakes(LN(4.0), 1, wants="total"),
        ],
    )


@pytest.mark.graded("day48.binomial_nll", points=2)
def test_binomial_nll_of_three_samples(losses):
    k, m, p = [2, 0, 5], [5, 3, 5], [0.3, 0.1, 0.9]
    # -Σ [log C(m, k) + k log p + (m - k) log(1 - p)]: C(5, 2) = 10, C(3, 0) = C(5, 5) = 1
    expected = 2.018269472736634
    expect_close(
        losses.binomial_nll(k, m, p), expected, call=f"binomial_nll({k}, {m}, {p})",
        mistakes=[
            (4.32085456573068, BINOMIAL_HINTS["coefficient"]),
            (6.623439658724726, BINOMIAL_HINTS["coefficient_sign"]),
            (20.443363951813595, BINOMIAL_HINTS["swapped"]),
            *log_loss_mistakes(expected, 3, wants="total"),
        ],
    )


@pytest.mark.graded("day48.binomial_nll", points=1)
def test_binomial_nll_of_one_trial_each_is_the_bernoulli_nll(losses):
    # With m = 1 there is no coefficient: labels 1 and 0 at p = 0.8 and 0.2 cost -2 log 0.8.
    expected = -2 * LN(0.8)  # 0.4462871026284195
    expect_close(
        losses.binomial_nll([1, 0], [1, 1], [0.8, 0.2]), expected,
        call="binomial_nll([1, 0], [1, 1], [0.8, 0.2])",
        mistakes=[*log_loss_mistakes(expected, 2, wants="total"),
                  (-2 * LN(0.2), BINOMIAL_HINTS["swapped"])],
    )
