"""Day 50, visible graded tests: the docstring examples and one more case per function.

Each test belongs to one function and is worth the points in its ``graded`` mark. The hidden
suite checks larger random problems against independent solvers, large logits, and separable
data.
"""

import math

import numpy as np
import pytest

from course.checks import expect_close, sign_mistake
from tests.day50.fit_checks import expect_pair, expect_vector_close, scalar
from tests.day50.fit_hints import (
    BACKWARD_HINT,
    CONSTANT_HINT,
    FACTOR_TWO_HINT,
    FORWARD_HINT,
    HALF_STEP_HINT,
    IGNORED_H_HINT,
    INTERCEPT_HINT,
    L1_HINT,
    MEAN_HINT,
    N_MINUS_ONE_HINT,
    NO_HALF_HINT,
    NO_MEAN_HINT,
    NO_PENALTY_HINT,
    NOT_SQUARED_HINT,
    RSS_HINT,
    SIGMA_HINT,
    SIGN_HINT,
    TAU_HINT,
    TOTAL_PENALTY_HINT,
    UNBIASED_HINT,
)


# -------------------------------------------------------------------------- numerical_gradient
def cubic(v):
    """f(w) = sum of w_j**3; its gradient is 3 w_j**2."""
    return float(np.sum(np.asarray(v) ** 3))


@pytest.mark.graded("day50.numerical_gradient", points=2)
def test_numerical_gradient_docstring_example(fitting):
    # For a cubic, (f(w + h) - f(w - h)) / 2h = 3 w**2 + h**2 exactly: with h = 1e-3 the
    # central difference is 3 w**2 + 1e-6; forward differences give 3 w**2 + 3 w h + h**2.
    expect_vector_close(
        fitting.numerical_gradient(cubic, [1.0, 2.0], h=1e-3), [3.000001, 12.000001],
        call="numerical_gradient(sum of w**3, [1.0, 2.0], h=1e-3)", rel=1e-7, abs_=1e-9,
        mistakes=[([3.003001, 12.006001], FORWARD_HINT),
                  ([2.997001, 11.994001], BACKWARD_HINT),
                  ([6.000002, 24.000002], HALF_STEP_HINT),
                  ([3.0, 12.0], IGNORED_H_HINT),
                  ([3.000000000001, 12.000000000001], IGNORED_H_HINT)],
    )


@pytest.mark.graded("day50.numerical_gradient", points=2)
def test_numerical_gradient_default_step(fitting):
    # Gradient 3 w**2 of the cubic at w = [1, -2, 0.5] (the h**2 = 1e-12 is far below the
    # tolerance); forward differences are off by 3 w h = [3e-6, -6e-6, 1.5e-6].
    w = [1.0, -2.0, 0.5]
    expect_vector_close(
        fitting.numerical_gradient(cubic, w), [3.0, 12.0, 0.75],
        call="numerical_gradient(sum of w**3, [1.0, -2.0, 0.5])", rel=1e-7, abs_=1e-9,
        mistakes=[([3.000003, 11.999994, 0.7500015], FORWARD_HINT),
                  ([2.999997, 12.000006, 0.7499985], BACKWARD_HINT),
                  ([6.0, 24.0, 1.5], HALF_STEP_HINT)],
    )


# -------------------------------------------------------------------------------- bce_gradient
@pytest.mark.graded("day50.bce_gradient", points=2)
def test_bce_gradient_docstring_example(fitting):
    # At w = 0 every sigma(Xw) is 1/2, so sigma - y = [-1/2, 1/2] and the gradient is
    # ([-1/2, -1] + [1/2, -1/2]) / 2 = [0, -0.75].
    expect_vector_close(
        fitting.bce_gradient([[1.0, 2.0], [1.0, -1.0]], [1, 0], [0.0, 0.0]), [0.0, -0.75],
        call="bce_gradient([[1.0, 2.0], [1.0, -1.0]], [1, 0], [0.0, 0.0])",
        mistakes=[([0.0, -1.5], NO_MEAN_HINT), ([0.0, 0.75], SIGN_HINT)],
    )


@pytest.mark.graded("day50.bce_gradient", points=3)
def test_bce_gradient_away_from_zero(fitting):
    # z = Xw = [0, 0.8, -0.6]; sigma(z) = [0.5, 0.6899744811276125, 0.35434369377420455];
    # sigma - y = [-0.5, 0.68997..., 0.35434...]; the gradient is X^T (sigma - y) / 3.
    X = [[1.0, 0.5], [1.0, -1.5], [1.0, 2.0]]
    y, w = [1, 0, 0], [0.2, -0.4]
    expected = [0.18143939163393905, -0.1920914447143365]
    expect_vector_close(
        fitting.bce_gradient(X, y, w), expected,
        call=f"bce_gradient({X}, {y}, {w})",
        mistakes=[
            ([0.5443181749018171, -0.5762743341430095], NO_MEAN_HINT),
            ([-0.18143939163393905, 0.1920914447143365], SIGN_HINT),
            ([0.03455349490183098, -0.04058394737188576],
             "You multiplied by sigma'(z) = sigma (1 - sigma) (the chain rule of the squared "
             "error); with the BCE that factor cancels: the gradient is X^T (sigma - y) / n."),
            ([-0.26666666666666666, -0.9666666666666668],
             "You used Xw - y, the linear-regression gradient; logistic regression predicts "
             "sigma(Xw)."),
            ([0.27215908745090856, -0.28813716707150474],
             "You divided by the number of weights d; the mean is over the n samples."),
        ],
    )


@pytest.mark.graded("day50.bce_gradient", points=2)
def test_bce_gradient_with_huge_logits(fitting):
    # z = Xw = [800, -900]: sigma(800) rounds to 1 and sigma(-900) to 0, so sigma - y = [1, -1]
    # and the gradient is ([1, 800] - [1, -900]) / 2 = [0, 850]. exp(800) overflows.
    expect_vector_close(
        fitting.bce_gradient([[1.0, 800.0], [1.0, -900.0]], [0, 1], [0.0, 1.0]), [0.0, 850.0],
        call="bce_gradient([[1.0, 800.0], [1.0, -900.0]], [0, 1], [0.0, 1.0])",
        mistakes=[([0.0, 1700.0], NO_MEAN_HINT), ([0.0, -850.0], SIGN_HINT)],
    )


# --------------------------------------------------------------------- fit_logistic_regression
TOY_X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
TOY_Y = [0, 1, 0, 1]


@pytest.mark.graded("day50.fit_logistic_regression", points=3)
def test_fit_logistic_regression_docstring_example(fitting):
    # The MLE, found with scipy.optimize.minimize (trust-exact, gtol 1e-14) on the mean BCE.
    expect_vector_close(
        fitting.fit_logistic_regression(TOY_X, TOY_Y),
        [-1.3622763938401412, 0.9081842625600943],
        call="fit_logistic_regression(X, [0, 1, 0, 1]) with X = [[1, 0], [1, 1], [1, 2], [1, 3]]",
        rel=1e-6, abs_=1e-6,
        mistakes=[([0.0, 0.0], "You returned the starting point: take steps until the "
                               "gradient is (nearly) 0.")],
    )


@pytest.mark.graded("day50.fit_logistic_regression", points=3)
def test_fit_logistic_regression_with_l2(fitting):
    # Minimisers, found with scipy.optimize.minimize, of the mean BCE plus (l2 / 2) ||w||^2
    # (expected) and of the objectives the classic mistakes minimise (in `mistakes`).
    expect_vector_close(
        fitting.fit_logistic_regression(TOY_X, TOY_Y, l2=0.1),
        [-0.47186564932519337, 0.448648062851771],
        call="fit_logistic_regression(X, [0, 1, 0, 1], l2=0.1) with X = [[1, 0], [1, 1], "
             "[1, 2], [1, 3]]",
        rel=1e-6, abs_=1e-6,
        mistakes=[([-0.95505946382657, 0.6367063092177134], INTERCEPT_HINT),
                  ([-0.27353375918054934, 0.33389153344906214], NO_HALF_HINT),
                  ([-0.922830525254866, 0.6856866023475842], TOTAL_PENALTY_HINT),
                  ([-1.3622763938401412, 0.9081842625600943], NO_PENALTY_HINT)],
    )


# ------------------------------------------------------------------- fit_linear_regression_mle
LINE_X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
LINE_Y = [1.0, 3.0, 2.0, 5.0]


def sigma2_mistakes(rss: float, n: int, d: int) -> list[tuple[float, str]]:
    return [(rss / (n - d), UNBIASED_HINT), (rss / (n - 1), N_MINUS_ONE_HINT),
            (math.sqrt(rss / n), SIGMA_HINT), (rss, RSS_HINT)]


@pytest.mark.graded("day50.fit_linear_regression_mle", points=2)
def test_fit_linear_regression_weights(fitting):
    # The least-squares line through (0, 1), (1, 3), (2, 2), (3, 5): slope
    # sum((x - 1.5)(y - 2.75)) / sum((x - 1.5)**2) = 5.5 / 5 = 1.1, intercept 2.75 - 1.1 * 1.5.
    w, _ = expect_pair(fitting.fit_linear_regression_mle(LINE_X, LINE_Y),
                       "fit_linear_regression_mle")
    expect_vector_close(w, [1.1, 1.1], call="fit_linear_regression_mle(X, [1, 3, 2, 5])[0]")


@pytest.mark.graded("day50.fit_linear_regression_mle", points=2)
def test_fit_linear_regression_noise_variance(fitting):
    # Residuals y - Xw = [-0.1, 0.8, -1.3, 0.6]; their sum of squares is 2.7; the MLE of the
    # variance divides it by n = 4.
    _, sigma2 = expect_pair(fitting.fit_linear_regression_mle(LINE_X, LINE_Y),
                            "fit_linear_regression_mle")
    call = "fit_linear_regression_mle(X, [1, 3, 2, 5])[1]"
    expect_close(scalar(sigma2, call), 0.675, call=call,
                 mistakes=sigma2_mistakes(2.7, 4, 2))


# ---------------------------------------------------------------------- gaussian_prior_penalty
@pytest.mark.graded("day50.gaussian_prior_penalty", points=2)
def test_gaussian_prior_penalty_docstring_example(fitting):
    # ||w||^2 = 9 + 16 = 25 and 2 tau^2 = 50.
    expect_close(
        fitting.gaussian_prior_penalty([3.0, -4.0], tau=5.0), 0.5,
        call="gaussian_prior_penalty([3.0, -4.0], tau=5.0)",
        mistakes=[(1.0, FACTOR_TWO_HINT), (0.25, FACTOR_TWO_HINT), (2.5, TAU_HINT),
                  (0.5 + math.log(2 * math.pi * 25.0), CONSTANT_HINT),
                  (0.1, NOT_SQUARED_HINT), (0.14, L1_HINT),
                  *sign_mistake(0.5)],
    )


@pytest.mark.graded("day50.gaussian_prior_penalty", points=3)
def test_gaussian_prior_penalty_four_weights(fitting):
    # ||w||^2 = 1 + 4 + 0.25 + 9 = 14.25, 2 tau^2 = 18: 14.25 / 18 = 0.7916666666666666.
    w, tau = [1.0, -2.0, 0.5, 3.0], 3.0
    expected = 14.25 / 18
    expect_close(
        fitting.gaussian_prior_penalty(w, tau), expected,
        call=f"gaussian_prior_penalty({w}, tau={tau})",
        mistakes=[(14.25 / 9, FACTOR_TWO_HINT), (14.25 / 36, FACTOR_TWO_HINT),
                  (14.25 / 6, TAU_HINT),
                  (expected + 2 * math.log(2 * math.pi * 9.0), CONSTANT_HINT),
                  (math.sqrt(14.25) / 18, NOT_SQUARED_HINT), (6.5 / 18, L1_HINT),
                  (expected / 4, MEAN_HINT), *sign_mistake(expected)],
    )
