"""Day 50, visible graded tests: the docstring examples and one more case per function.

Each test belongs to one function and is worth the points in its ``graded`` mark. The hidden
suite checks larger random problems against independent solvers, extreme logits and scales,
integer inputs, and data whose MLE does not exist.
"""

import math

import numpy as np
import pytest

from course.checks import expect_close, sign_mistake
from tests.day50.fit_checks import (
    expect_gradient_close,
    expect_pair,
    expect_vector_close,
    scalar,
)
from tests.day50.fit_hints import (
    BACKWARD_HINT,
    CONSTANT_HINT,
    DROPPED_ZEROS_HINT,
    EXTRA_RATE_HINT,
    FACTOR_TWO_HINT,
    FORWARD_HINT,
    HALF_STEP_HINT,
    IDENTITY_LINK_HINT,
    IGNORED_H_HINT,
    INTERCEPT_HINT,
    L1_HINT,
    MEAN_HINT,
    N_MINUS_ONE_HINT,
    NO_COUNT_TERM_HINT,
    NO_HALF_HINT,
    NO_MEAN_HINT,
    NO_PENALTY_HINT,
    NOT_SQUARED_HINT,
    POISSON_NO_MEAN_HINT,
    POISSON_SIGN_HINT,
    RSS_HINT,
    SIGMA_HINT,
    SIGN_HINT,
    SUBTRACTION_HINT,
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
# The comparison of the docstring: entry j within 1e-9 * S_j (+ 1e-300), where
# S_j = sum_i |x_ij| |sigma(z_i) - y_i| / n is the size of the terms that make the entry.
@pytest.mark.graded("day50.bce_gradient", points=2)
def test_bce_gradient_docstring_example(fitting):
    # At w = 0 every sigma(Xw) is 1/2, so sigma - y = [-1/2, 1/2] and the gradient is
    # ([-1/2, -1] + [1/2, -1/2]) / 2 = [0, -0.75]; sizes S = [1/2, 3/4].
    expect_gradient_close(
        fitting.bce_gradient([[1.0, 2.0], [1.0, -1.0]], [1, 0], [0.0, 0.0]), [0.0, -0.75],
        [0.5, 0.75],
        call="bce_gradient([[1.0, 2.0], [1.0, -1.0]], [1, 0], [0.0, 0.0])",
        mistakes=[([0.0, -1.5], NO_MEAN_HINT), ([0.0, 0.75], SIGN_HINT)],
    )


@pytest.mark.graded("day50.bce_gradient", points=3)
def test_bce_gradient_away_from_zero(fitting):
    # z = Xw = [0, 0.8, -0.6]; sigma(z) = [0.5, 0.6899744811276125, 0.35434369377420455];
    # sigma - y = [-0.5, 0.68997..., 0.35434...]; the gradient is X^T (sigma - y) / 3 (in
    # 50-digit arithmetic), and S_j the same sum with absolute values.
    X = [[1.0, 0.5], [1.0, -1.5], [1.0, 2.0]]
    y, w = [1, 0, 0], [0.2, -0.4]
    expected = [0.181439391633939, -0.19209144471433653]
    expect_gradient_close(
        fitting.bce_gradient(X, y, w), expected, [0.5147727249672723, 0.6645497030799425],
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
    # z = Xw = [800, -900]: sigma(800) rounds to 1 and sigma(-900) - 1 to -1, so sigma - y =
    # [1, -1] and the gradient is ([1, 800] - [1, -900]) / 2 = [0, 850]. exp(800) overflows.
    expect_gradient_close(
        fitting.bce_gradient([[1.0, 800.0], [1.0, -900.0]], [0, 1], [0.0, 1.0]), [0.0, 850.0],
        [1.0, 850.0],
        call="bce_gradient([[1.0, 800.0], [1.0, -900.0]], [0, 1], [0.0, 1.0])",
        mistakes=[([0.0, 1700.0], NO_MEAN_HINT), ([0.0, -850.0], SIGN_HINT)],
    )


@pytest.mark.graded("day50.bce_gradient", points=2)
def test_bce_gradient_of_confident_right_answers(fitting):
    # z = Xw = [40, -38], both labels predicted confidently and rightly. The residuals are
    # sigma(40) - 1 = -sigma(-40) = -4.248354255291589e-18 and sigma(-38) =
    # 3.1391327920480296e-17 (50-digit arithmetic). By subtraction sigma(40) rounds to 1 and
    # the first residual to 0, which moves both entries far outside 1e-9 of their sizes.
    expect_gradient_close(
        fitting.bce_gradient([[1.0, 40.0], [1.0, -38.0]], [1, 0], [0.0, 1.0]),
        [1.3571486832594354e-17, -6.814023155949574e-16],
        [1.781984108788594e-17, 6.814023155949574e-16],
        call="bce_gradient([[1.0, 40.0], [1.0, -38.0]], [1, 0], [0.0, 1.0])",
        mistakes=[([1.5695663960240148e-17, -5.964352304891228e-16], SUBTRACTION_HINT),
                  ([2.714297366518871e-17, -1.3628046311899148e-15], NO_MEAN_HINT),
                  ([-1.3571486832594354e-17, 6.814023155949574e-16], SIGN_HINT)],
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
    # Tolerance: 1e-9 relative or 1e-12 * max |w| absolute.
    w, _ = expect_pair(fitting.fit_linear_regression_mle(LINE_X, LINE_Y),
                       "fit_linear_regression_mle")
    expect_vector_close(w, [1.1, 1.1], call="fit_linear_regression_mle(X, [1, 3, 2, 5])[0]",
                        rel=1e-9, abs_=1.1e-12)


@pytest.mark.graded("day50.fit_linear_regression_mle", points=2)
def test_fit_linear_regression_noise_variance(fitting):
    # Residuals y - Xw = [-0.1, 0.8, -1.3, 0.6]; their sum of squares is 2.7; the MLE of the
    # variance divides it by n = 4. Tolerance 1e-9 sigma2 + 1e-12 sigma rms(y), with
    # rms(y) = sqrt(39 / 4).
    _, sigma2 = expect_pair(fitting.fit_linear_regression_mle(LINE_X, LINE_Y),
                            "fit_linear_regression_mle")
    call = "fit_linear_regression_mle(X, [1, 3, 2, 5])[1]"
    expect_close(scalar(sigma2, call), 0.675, call=call, rel=0.0,
                 abs_=1e-9 * 0.675 + 1e-12 * math.sqrt(0.675 * 39 / 4),
                 mistakes=sigma2_mistakes(2.7, 4, 2))


# ---------------------------------------------------------------------- gaussian_prior_penalty
# Tolerance: 1e-9 relative or 1e-300 absolute.
@pytest.mark.graded("day50.gaussian_prior_penalty", points=2)
def test_gaussian_prior_penalty_docstring_example(fitting):
    # ||w||^2 = 9 + 16 = 25 and 2 tau^2 = 50.
    expect_close(
        fitting.gaussian_prior_penalty([3.0, -4.0], tau=5.0), 0.5,
        call="gaussian_prior_penalty([3.0, -4.0], tau=5.0)", rel=1e-9, abs_=1e-300,
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
        call=f"gaussian_prior_penalty({w}, tau={tau})", rel=1e-9, abs_=1e-300,
        mistakes=[(14.25 / 9, FACTOR_TWO_HINT), (14.25 / 36, FACTOR_TWO_HINT),
                  (14.25 / 6, TAU_HINT),
                  (expected + 2 * math.log(2 * math.pi * 9.0), CONSTANT_HINT),
                  (math.sqrt(14.25) / 18, NOT_SQUARED_HINT), (6.5 / 18, L1_HINT),
                  (expected / 4, MEAN_HINT), *sign_mistake(expected)],
    )


# ----------------------------------------------------------------- poisson_regression_gradient
# The comparison of the docstring: entry j within 1e-9 * S_j (+ 1e-300), where
# S_j = sum_i |x_ij| (exp(z_i) + y_i) / n.
@pytest.mark.graded("day50.poisson_regression_gradient", points=2)
def test_poisson_regression_gradient_docstring_example(fitting):
    # At w = 0 every rate exp(0) is 1, so rate - y = [-1, 1] and the gradient is
    # ([-1, 0] + [1, 1]) / 2 = [0, 0.5]; sizes S = [(3 + 1) / 2, 1 / 2].
    expect_gradient_close(
        fitting.poisson_regression_gradient([[1.0, 0.0], [1.0, 1.0]], [2, 0], [0.0, 0.0]),
        [0.0, 0.5], [2.0, 0.5],
        call="poisson_regression_gradient([[1.0, 0.0], [1.0, 1.0]], [2, 0], [0.0, 0.0])",
        mistakes=[([0.0, 1.0], POISSON_NO_MEAN_HINT), ([0.0, -0.5], POISSON_SIGN_HINT),
                  ([1.0, 0.5], NO_COUNT_TERM_HINT), ([-1.0, 0.0], IDENTITY_LINK_HINT)],
    )


@pytest.mark.graded("day50.poisson_regression_gradient", points=3)
def test_poisson_regression_gradient_away_from_zero(fitting):
    # z = Xw = [0.35, -0.1, 0.8]; rates exp(z) = [1.4190675485932573, 0.9048374180359596,
    # 2.2255409284924674]; the gradient X^T (exp(z) - y) / 3 and the sizes in 50-digit
    # arithmetic; the mistakes' values on the same input likewise.
    X = [[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]]
    y, w = [3, 0, 5], [0.2, 0.3]
    expect_gradient_close(
        fitting.poisson_regression_gradient(X, y, w), [-1.150184701626105, -2.4147405955847985],
        [4.183148631707228, 5.855151016439175],
        call=f"poisson_regression_gradient({X}, {y}, {w})",
        mistakes=[([-3.4505541048783157, -7.244221786754395], POISSON_NO_MEAN_HINT),
                  ([1.150184701626105, 2.4147405955847985], POISSON_SIGN_HINT),
                  ([-2.316666666666667, -3.2083333333333335], IDENTITY_LINK_HINT),
                  ([-2.533130467766179, -4.763266719455692], EXTRA_RATE_HINT),
                  ([1.5164819650405614, 1.4185927377485348], NO_COUNT_TERM_HINT)],
    )


# ---------------------------------------------------------------------- fit_poisson_regression
@pytest.mark.graded("day50.fit_poisson_regression", points=3)
def test_fit_poisson_regression_docstring_example(fitting):
    # Two groups, marked by the second column: with an intercept and a 0/1 column the MLE
    # matches each group's mean count, exp(w0) = (1 + 3) / 2 and exp(w0 + w1) = (6 + 10) / 2,
    # so w = [log 2, log 4]. Tolerance: 1e-6 absolute or relative.
    X = [[1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0]]
    expect_vector_close(
        fitting.fit_poisson_regression(X, [1, 3, 6, 10]), [math.log(2.0), math.log(4.0)],
        call="fit_poisson_regression(X, [1, 3, 6, 10]) with X = [[1, 0], [1, 0], [1, 1], "
             "[1, 1]]", rel=1e-6, abs_=1e-6,
        mistakes=[([0.0, 0.0], "You returned the starting point: take steps until the "
                               "gradient is (nearly) 0."),
                  ([math.log(2.0), math.log(8.0)],
                   "Your second weight is the log of the second group's mean; with the "
                   "intercept in the model it is the log of the ratio of the two means.")],
    )


@pytest.mark.graded("day50.fit_poisson_regression", points=3)
def test_fit_poisson_regression_with_a_zero_count(fitting):
    # Counts [1, 0, 2, 4, 7] at x = 0..4: the MLE, by Newton's method in 50-digit arithmetic
    # (final gradient below 1e-49). Without the zero count the fit would be
    # [-0.20144182955889983, 0.5300567465995499].
    X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 4.0]]
    expect_vector_close(
        fitting.fit_poisson_regression(X, [1, 0, 2, 4, 7]),
        [-0.7456827770447192, 0.6775236257742132],
        call="fit_poisson_regression(X, [1, 0, 2, 4, 7]) with X = [[1, x] for x in 0..4]",
        rel=1e-6, abs_=1e-6,
        mistakes=[([-0.20144182955889983, 0.5300567465995499], DROPPED_ZEROS_HINT)],
    )
