"""Day 50, hidden graded tests: random problems, large logits, separable data.

Not shipped in the student release. Expected values come from independent solvers
(``scipy.optimize.minimize``, ``scipy.special.expit``, ``mpmath`` in high precision,
``math.fsum``), never from the reference solution.
"""

import math

import mpmath
import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit

from course.checks import expect_close, fail, oracle, sign_mistake
from tests.day50.fit_checks import expect_pair, expect_vector_close, scalar
from tests.day50.fit_hints import (
    BACKWARD_HINT,
    CONSTANT_HINT,
    FACTOR_TWO_HINT,
    FORWARD_HINT,
    HALF_STEP_HINT,
    INTERCEPT_HINT,
    N_MINUS_ONE_HINT,
    NO_HALF_HINT,
    NO_MEAN_HINT,
    NO_PENALTY_HINT,
    RSS_HINT,
    SIGMA_HINT,
    SIGN_HINT,
    TAU_HINT,
    TOTAL_PENALTY_HINT,
    UNBIASED_HINT,
)

SEPARABLE_HINT = ("With l2 == 0 and separable data the MLE does not exist: raise ValueError "
                  "saying the data are separable, instead of looping or returning huge weights.")


# ------------------------------------------------------------------------------------ oracles
def logistic_problem(seed: int, n: int, true_w) -> tuple[np.ndarray, np.ndarray]:
    """An intercept column and ``len(true_w) - 1`` Gaussian features; Bernoulli labels."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=(n, len(true_w) - 1))])
    y = (rng.uniform(size=n) < expit(X @ np.asarray(true_w, float))).astype(float)
    return X, y


@oracle
def penalised_minimiser(X, y, l2: float, *, penalised=None, half=True, total=False):
    """argmin of [total or mean BCE] + c * l2 * sum over `penalised` of w_j**2 (c = 1/2 or 1),
    by scipy's trust-region Newton with the exact gradient and Hessian."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, d = X.shape
    mask = np.ones(d) if penalised is None else np.asarray(penalised, float)
    c = (0.5 if half else 1.0) * l2
    scale = 1.0 if total else 1.0 / n

    def objective(w):
        z = X @ w
        return scale * float(np.sum(np.logaddexp(0.0, z) - y * z)) + c * float(mask @ w**2)

    def gradient(w):
        return scale * X.T @ (expit(X @ w) - y) + 2 * c * mask * w

    def hessian(w):
        p = expit(X @ w)
        return scale * (X.T * (p * (1 - p))) @ X + 2 * c * np.diag(mask)

    found = minimize(objective, np.zeros(d), jac=gradient, hess=hessian, method="trust-exact",
                     options={"gtol": 1e-10})
    w = found.x
    for _ in range(3):  # polish: near the minimum Newton's step converges quadratically
        w = w - np.linalg.solve(hessian(w), gradient(w))
    assert np.max(np.abs(gradient(w))) < 1e-12, found
    return w


def bce_gradient_oracle(X, y, w) -> list[float]:
    X, y = np.asarray(X, float), np.asarray(y, float)
    residual = expit(X @ np.asarray(w, float)) - y
    return [math.fsum(X[:, j] * residual) / len(y) for j in range(X.shape[1])]


# -------------------------------------------------------------------------- numerical_gradient
def exp_sum(v):
    """f(w) = sum of exp(2 w_j); its gradient is 2 exp(2 w_j)."""
    return float(np.sum(np.exp(2.0 * np.asarray(v))))


@pytest.mark.graded("day50.numerical_gradient", points=2)
def test_numerical_gradient_of_exponentials(fitting):
    w = np.linspace(-1.0, 1.0, 5)
    exact = 2.0 * np.exp(2.0 * w)
    h = 1e-6
    expect_vector_close(
        fitting.numerical_gradient(exp_sum, w), exact,
        call="numerical_gradient(sum of exp(2 w), linspace(-1, 1, 5))", rel=1e-7, abs_=1e-9,
        mistakes=[((np.exp(2 * (w + h)) - np.exp(2 * w)) / h, FORWARD_HINT),
                  ((np.exp(2 * w) - np.exp(2 * (w - h))) / h, BACKWARD_HINT),
                  (2 * exact, HALF_STEP_HINT)],
    )


@pytest.mark.graded("day50.numerical_gradient", points=2)
def test_numerical_gradient_matches_the_bce_gradient(fitting):
    # The gradient check of the lesson: central differences of the mean BCE agree with
    # X^T (sigma - y) / n to about 1e-10.
    X, y = logistic_problem(7, 40, [0.5, -1.0, 2.0])
    w = np.array([0.3, -0.2, 0.8])

    def mean_bce(v):
        z = X @ np.asarray(v)
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    expect_vector_close(fitting.numerical_gradient(mean_bce, w), bce_gradient_oracle(X, y, w),
                        call="numerical_gradient(mean BCE, w) on 40 samples", rel=1e-7,
                        abs_=1e-9)


@pytest.mark.graded("day50.numerical_gradient", points=1)
def test_numerical_gradient_with_one_weight_and_a_large_step(fitting):
    # f(w) = w**4: the central difference is 4 w**3 + 4 w h**2 = 32 + 8 * 0.01 at w = 2, h = 0.1.
    expect_vector_close(
        fitting.numerical_gradient(lambda v: float(v[0] ** 4), [2.0], h=0.1), [32.08],
        call="numerical_gradient(w**4, [2.0], h=0.1)", rel=1e-7, abs_=1e-9,
        mistakes=[([((2.1**4) - 16.0) / 0.1], FORWARD_HINT),
                  ([(16.0 - 1.9**4) / 0.1], BACKWARD_HINT), ([64.16], HALF_STEP_HINT)],
    )


@pytest.mark.graded("day50.numerical_gradient", points=1)
def test_numerical_gradient_leaves_w_alone(fitting):
    w = np.array([1.0, 2.0, 3.0])
    seen = []

    def record(v):
        seen.append(np.array(v, dtype=float))
        return float(np.sum(np.asarray(v) ** 2))

    got = fitting.numerical_gradient(record, w, h=0.5)
    # A quadratic's central difference is exact whatever h: 2 w.
    expect_vector_close(got, [2.0, 4.0, 6.0], call="numerical_gradient(sum of w**2, w, h=0.5)",
                        rel=1e-7, abs_=1e-9)
    assert np.array_equal(w, [1.0, 2.0, 3.0]), "numerical_gradient changed its argument w"


# -------------------------------------------------------------------------------- bce_gradient
@pytest.mark.graded("day50.bce_gradient", points=3)
def test_bce_gradient_random_problem(fitting):
    X, y = logistic_problem(50, 200, [-0.5, 1.5, -2.0, 0.7])
    w = np.array([0.1, 1.0, -1.5, 0.4])
    expected = bce_gradient_oracle(X, y, w)
    expect_vector_close(fitting.bce_gradient(X, y, w), expected,
                        call="bce_gradient(X, y, w) on 200 random samples",
                        mistakes=[(np.multiply(expected, 200), NO_MEAN_HINT),
                                  (np.negative(expected), SIGN_HINT)])


@pytest.mark.graded("day50.bce_gradient", points=3)
def test_bce_gradient_with_logits_up_to_1000(fitting):
    # Logits spread over [-1000, 1000]; the exact gradient in 50-digit arithmetic.
    rng = np.random.default_rng(1000)
    X = np.column_stack([np.ones(30), rng.uniform(-1000.0, 1000.0, size=30)])
    y = rng.integers(0, 2, size=30).astype(float)
    w = np.array([0.5, 1.0])
    with mpmath.workdps(50):
        sig = [1 / (1 + mpmath.exp(-mpmath.mpf(float(z)))) for z in X @ w]
        expected = [float(mpmath.fsum((s - yi) * mpmath.mpf(float(x))
                                      for s, yi, x in zip(sig, y, X[:, j], strict=True)) / 30)
                    for j in range(2)]
    expect_vector_close(fitting.bce_gradient(X, y, w), expected,
                        call="bce_gradient(X, y, w) with logits in [-1000, 1000]",
                        mistakes=[(np.multiply(expected, 30), NO_MEAN_HINT),
                                  (np.negative(expected), SIGN_HINT)])


@pytest.mark.graded("day50.bce_gradient", points=1)
def test_bce_gradient_of_lists_and_one_sample(fitting):
    # One sample x = [2, -1], y = 1, w = [0, 0]: (1/2 - 1) x = [-1, 0.5].
    expect_vector_close(fitting.bce_gradient([[2, -1]], [1], [0, 0]), [-1.0, 0.5],
                        call="bce_gradient([[2, -1]], [1], [0, 0])",
                        mistakes=[([1.0, -0.5], SIGN_HINT)])


# --------------------------------------------------------------------- fit_logistic_regression
@pytest.mark.graded("day50.fit_logistic_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_logistic_regression_mle_on_random_data(fitting):
    X, y = logistic_problem(2024, 300, [-0.5, 1.2, -0.8])
    expected = penalised_minimiser(X, y, 0.0)
    expect_vector_close(fitting.fit_logistic_regression(X, y), expected,
                        call="fit_logistic_regression(X, y) on 300 random samples",
                        rel=1e-6, abs_=1e-6)


@pytest.mark.graded("day50.fit_logistic_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_logistic_regression_penalty_convention(fitting):
    # Unbalanced labels give the intercept a large weight, so penalising it or not shows.
    X, y = logistic_problem(77, 60, [-2.0, 1.0, 0.5])
    l2 = 0.05
    expected = penalised_minimiser(X, y, l2)
    expect_vector_close(
        fitting.fit_logistic_regression(X, y, l2=l2), expected,
        call="fit_logistic_regression(X, y, l2=0.05) on 60 random samples", rel=1e-6,
        abs_=1e-6,
        mistakes=[(penalised_minimiser(X, y, l2, penalised=[0, 1, 1]), INTERCEPT_HINT),
                  (penalised_minimiser(X, y, l2, half=False), NO_HALF_HINT),
                  (penalised_minimiser(X, y, l2, total=True), TOTAL_PENALTY_HINT),
                  (penalised_minimiser(X, y, 0.0), NO_PENALTY_HINT)],
    )


@pytest.mark.graded("day50.fit_logistic_regression", points=2)
@pytest.mark.timeout(60)
def test_fit_logistic_regression_penalised_separable_data(fitting):
    # Separable data have no MLE, but the penalised (MAP) estimate exists and is finite.
    X = np.column_stack([np.ones(6), [-3.0, -2.0, -1.0, 1.0, 2.0, 3.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    expected = penalised_minimiser(X, y, 0.01)
    expect_vector_close(fitting.fit_logistic_regression(X, y, l2=0.01), expected,
                        call="fit_logistic_regression(separable X, y, l2=0.01)", rel=1e-6,
                        abs_=1e-6,
                        mistakes=[(penalised_minimiser(X, y, 0.01, half=False), NO_HALF_HINT)])


SEPARABLE = [
    # One feature, classes split at 0 (complete separation).
    ([[1.0, -3.0], [1.0, -2.0], [1.0, -1.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]],
     [0, 0, 0, 1, 1, 1]),
    # Two features, split by the line x1 + x2 = 1, labels in shuffled order.
    ([[1.0, 0.0, 0.0], [1.0, 2.0, 1.0], [1.0, 0.2, 0.3], [1.0, 1.5, 0.5], [1.0, -1.0, 1.0],
      [1.0, 0.5, 2.0], [1.0, 0.1, 0.1]], [0, 1, 0, 1, 0, 1, 0]),
]


@pytest.mark.graded("day50.fit_logistic_regression", points=3)
@pytest.mark.timeout(60)
@pytest.mark.parametrize(("X", "y"), SEPARABLE, ids=["one_feature", "two_features"])
def test_fit_logistic_regression_refuses_separable_data(fitting, X, y):
    __tracebackhide__ = True
    call = f"fit_logistic_regression({X}, {y})"
    try:
        got = fitting.fit_logistic_regression(X, y)
    except ValueError as error:
        if "separab" not in str(error).lower():
            fail(f"{call} raised ValueError({str(error)!r}), which does not say the data are "
                 "separable.", SEPARABLE_HINT)
        return
    fail(f"{call} returned {got!r}; the data are separable, so the MLE does not exist.",
         SEPARABLE_HINT)


# ------------------------------------------------------------------- fit_linear_regression_mle
def least_squares_oracle(X, y) -> tuple[list[float], float]:
    """Normal equations solved in 40-digit arithmetic, and the residual mean square."""
    with mpmath.workdps(40):
        A = mpmath.matrix([[mpmath.mpf(float(v)) for v in row] for row in np.asarray(X)])
        b = mpmath.matrix([mpmath.mpf(float(v)) for v in y])
        w = mpmath.lu_solve(A.T * A, A.T * b)
        r = b - A * w
        rss = mpmath.fsum(v**2 for v in r)
        return [float(v) for v in w], float(rss / len(y))


@pytest.mark.graded("day50.fit_linear_regression_mle", points=3)
def test_fit_linear_regression_random_problem(fitting):
    rng = np.random.default_rng(5)
    n = 50
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.uniform(-2, 2, size=n)])
    y = X @ np.array([1.0, -2.0, 0.5]) + rng.normal(scale=0.7, size=n)
    w_exact, sigma2_exact = least_squares_oracle(X, y)
    call = "fit_linear_regression_mle(X, y) on 50 random samples"
    w, sigma2 = expect_pair(fitting.fit_linear_regression_mle(X, y), call)
    expect_vector_close(w, w_exact, call=f"{call}[0]", rel=1e-9, abs_=1e-12)
    rss = sigma2_exact * n
    expect_close(scalar(sigma2, f"{call}[1]"), sigma2_exact, call=f"{call}[1]",
                 mistakes=[(rss / (n - 3), UNBIASED_HINT), (rss / (n - 1), N_MINUS_ONE_HINT),
                           (math.sqrt(sigma2_exact), SIGMA_HINT), (rss, RSS_HINT)])


@pytest.mark.graded("day50.fit_linear_regression_mle", points=2)
def test_fit_linear_regression_without_intercept(fitting):
    # y = 2x exactly but for one point: no column of ones here, one weight.
    X = [[1.0], [2.0], [3.0]]
    y = [2.0, 4.0, 7.0]
    # w = sum(x y) / sum(x**2) = 31 / 14; residuals 2 - 31/14, 4 - 62/14, 7 - 93/14.
    w = 31 / 14
    rss = math.fsum((t - w * x) ** 2 for t, x in zip(y, (1.0, 2.0, 3.0), strict=True))
    got_w, got_sigma2 = expect_pair(fitting.fit_linear_regression_mle(X, y),
                                    "fit_linear_regression_mle")
    expect_vector_close(got_w, [w], call="fit_linear_regression_mle([[1], [2], [3]], y)[0]")
    call = "fit_linear_regression_mle([[1], [2], [3]], [2, 4, 7])[1]"
    expect_close(scalar(got_sigma2, call), rss / 3, call=call,
                 mistakes=[(rss / 2, UNBIASED_HINT), (math.sqrt(rss / 3), SIGMA_HINT),
                           (rss, RSS_HINT)])


# ---------------------------------------------------------------------- gaussian_prior_penalty
@pytest.mark.graded("day50.gaussian_prior_penalty", points=3)
def test_gaussian_prior_penalty_against_scipy(fitting):
    from scipy import stats

    rng = np.random.default_rng(9)
    w, tau = rng.normal(scale=2.0, size=7), 0.7
    # -log N(w; 0, tau^2 I) minus its constant (7/2) log(2 pi tau^2).
    constant = 3.5 * math.log(2 * math.pi * tau**2)
    expected = -math.fsum(stats.norm.logpdf(w, 0.0, tau)) - constant
    sq = math.fsum(w**2)
    expect_close(fitting.gaussian_prior_penalty(w, tau), expected,
                 call="gaussian_prior_penalty(w, tau=0.7) for 7 random weights",
                 mistakes=[(sq / tau**2, FACTOR_TWO_HINT), (sq / (4 * tau**2), FACTOR_TWO_HINT),
                           (sq / (2 * tau), TAU_HINT), (expected + constant, CONSTANT_HINT),
                           *sign_mistake(expected)])


@pytest.mark.graded("day50.gaussian_prior_penalty", points=1)
def test_gaussian_prior_penalty_of_integers(fitting):
    # [1, 2, 2]: ||w||^2 = 9; tau = 1.5: 2 tau^2 = 4.5; 9 / 4.5 = 2.
    expect_close(fitting.gaussian_prior_penalty([1, 2, 2], 1.5), 2.0,
                 call="gaussian_prior_penalty([1, 2, 2], 1.5)",
                 mistakes=[(4.0, FACTOR_TWO_HINT), (3.0, TAU_HINT)])


@pytest.mark.graded("day50.gaussian_prior_penalty", points=1)
def test_gaussian_prior_penalty_of_zero_weights(fitting):
    expect_close(fitting.gaussian_prior_penalty([0.0, 0.0], 2.0), 0.0,
                 call="gaussian_prior_penalty([0.0, 0.0], 2.0)",
                 mistakes=[(math.log(2 * math.pi * 4.0), CONSTANT_HINT)])
