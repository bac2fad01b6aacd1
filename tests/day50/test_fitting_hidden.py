"""Day 50, hidden graded tests: random problems, extreme logits and scales, integer inputs,
separated data, counts without an MLE.

Not shipped in the student release. Expected values come from independent solvers
(``scipy.optimize.minimize``, ``mpmath`` in high precision, closed forms), never from the
reference solution. Every test whose expected value a constant or an echoed input could match
also checks, in the same test, a value that no constant gives.
"""

import math

import mpmath
import numpy as np
import pytest
from scipy.optimize import linprog, minimize
from scipy.special import expit

from course.checks import diagnose, expect_close, fail, oracle, sign_mistake
from tests.day50.fit_checks import (
    expect_gradient_close,
    expect_pair,
    expect_refusal,
    expect_unchanged,
    expect_vector_close,
    fitted,
    scalar,
)
from tests.day50.fit_hints import (
    BACKWARD_HINT,
    CANCELLED_HINT,
    CONSTANT_HINT,
    DROPPED_ZEROS_HINT,
    EXTRA_RATE_HINT,
    FACTOR_TWO_HINT,
    FORWARD_HINT,
    HALF_STEP_HINT,
    IDENTITY_LINK_HINT,
    INTEGER_CALL_HINT,
    INTEGER_STEP_HINT,
    INTERCEPT_HINT,
    LOG_COUNTS_HINT,
    LOSS_CUE_HINT,
    MUTATED_HINT,
    N_MINUS_ONE_HINT,
    NO_COUNT_TERM_HINT,
    NO_HALF_HINT,
    NO_MEAN_HINT,
    NO_PENALTY_HINT,
    NOT_EXIST_HINT,
    POISSON_INTERCEPT_HINT,
    POISSON_NO_HALF_HINT,
    POISSON_NO_MEAN_HINT,
    POISSON_NO_PENALTY_HINT,
    POISSON_SIGN_HINT,
    POISSON_TOTAL_HINT,
    QUASI_HINT,
    RSS_HINT,
    SEPARABLE_HINT,
    SIGMA_HINT,
    SIGN_HINT,
    SQUARED_FIRST_HINT,
    SUBTRACTION_HINT,
    TAU_HINT,
    TOTAL_PENALTY_HINT,
    UNBIASED_HINT,
    UNDAMPED_HINT,
)


# ------------------------------------------------------------------------------------ oracles
def logistic_problem(seed: int, n: int, true_w) -> tuple[np.ndarray, np.ndarray]:
    """An intercept column and ``len(true_w) - 1`` Gaussian features; Bernoulli labels."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=(n, len(true_w) - 1))])
    y = (rng.uniform(size=n) < expit(X @ np.asarray(true_w, float))).astype(float)
    return X, y


def poisson_problem(seed: int, n: int, true_w, scale: float = 1.0) -> tuple[np.ndarray,
                                                                             np.ndarray]:
    """An intercept column and uniform features on [-scale, scale]; Poisson counts."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.uniform(-scale, scale, size=(n, len(true_w) - 1))])
    return X, rng.poisson(np.exp(X @ np.asarray(true_w, float))).astype(float)


def _minimise(objective, gradient, hessian, d: int) -> np.ndarray:
    """scipy's trust-region Newton, polished by three Newton steps (quadratic convergence)."""
    found = minimize(objective, np.zeros(d), jac=gradient, hess=hessian, method="trust-exact",
                     options={"gtol": 1e-10})
    w = found.x
    for _ in range(3):
        w = w - np.linalg.solve(hessian(w), gradient(w))
    assert np.max(np.abs(gradient(w))) < 1e-10 * (1 + np.max(np.abs(hessian(w)))), found
    return w


@oracle
def penalised_minimiser(X, y, l2: float, *, penalised=None, half=True, total=False):
    """argmin of [total or mean BCE] + c * l2 * sum over `penalised` of w_j**2 (c = 1/2 or 1)."""
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

    return _minimise(objective, gradient, hessian, d)


@oracle
def poisson_minimiser(X, y, l2: float, *, penalised=None, half=True, total=False):
    """argmin of [total or mean of e^z - y z] + c * l2 * sum over `penalised` of w_j**2."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, d = X.shape
    mask = np.ones(d) if penalised is None else np.asarray(penalised, float)
    c = (0.5 if half else 1.0) * l2
    scale = 1.0 if total else 1.0 / n

    def objective(w):
        z = X @ w
        with np.errstate(over="ignore"):
            return scale * float(np.sum(np.exp(z) - y * z)) + c * float(mask @ w**2)

    def gradient(w):
        return scale * X.T @ (np.exp(X @ w) - y) + 2 * c * mask * w

    def hessian(w):
        return scale * (X.T * np.exp(X @ w)) @ X + 2 * c * np.diag(mask)

    return _minimise(objective, gradient, hessian, d)


def _mp_rows(X):
    return [[mpmath.mpf(float(v)) for v in row] for row in np.asarray(X, float)]


@oracle
def bce_gradient_exact(X, y, w) -> tuple[list[float], list[float]]:
    """The gradient X^T (sigma(Xw) - y) / n and the sizes sum_i |x_ij| |sigma - y| / n, each
    from residuals computed in 50-digit arithmetic."""
    with mpmath.workdps(50):
        rows, weights = _mp_rows(X), [mpmath.mpf(float(v)) for v in w]
        residual = [1 / (1 + mpmath.exp(-mpmath.fsum(a * b for a, b in zip(row, weights,
                                                                            strict=True))))
                    - int(label) for row, label in zip(rows, y, strict=True)]
        n, d = len(rows), len(weights)
        grad = [float(mpmath.fsum(row[j] * r for row, r in zip(rows, residual, strict=True)) / n)
                for j in range(d)]
        sizes = [float(mpmath.fsum(abs(row[j] * r) for row, r in zip(rows, residual,
                                                                     strict=True)) / n)
                 for j in range(d)]
    return grad, sizes


@oracle
def poisson_gradient_exact(X, y, w) -> tuple[list[float], list[float]]:
    """X^T (exp(Xw) - y) / n and the sizes sum_i |x_ij| (exp(z_i) + y_i) / n, 50 digits."""
    with mpmath.workdps(50):
        rows, weights = _mp_rows(X), [mpmath.mpf(float(v)) for v in w]
        rates = [mpmath.exp(mpmath.fsum(a * b for a, b in zip(row, weights, strict=True)))
                 for row in rows]
        counts = [mpmath.mpf(float(v)) for v in y]
        n, d = len(rows), len(weights)
        grad = [float(mpmath.fsum(row[j] * (m - c) for row, m, c in zip(rows, rates, counts,
                                                                         strict=True)) / n)
                for j in range(d)]
        sizes = [float(mpmath.fsum(abs(row[j]) * (m + c) for row, m, c in zip(rows, rates,
                                                                               counts,
                                                                               strict=True)) / n)
                 for j in range(d)]
    return grad, sizes


def separated(X, y) -> bool:
    """Whether some v != 0 gives every margin (2y - 1) x^T v >= 0 (scipy's HiGHS LP)."""
    margins = (2 * np.asarray(y, float) - 1)[:, None] * np.asarray(X, float)
    found = linprog(-margins.sum(axis=0), A_ub=-margins, b_ub=np.zeros(len(margins)),
                    bounds=[(-1, 1)] * margins.shape[1], method="highs")
    return -found.fun > 1e-9


# -------------------------------------------------------------------------- numerical_gradient
# Tolerance: 1e-7 relative or 1e-9 absolute; every w and h here have |w_j| / h <= 1e6.
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

    expect_vector_close(fitting.numerical_gradient(mean_bce, w), bce_gradient_exact(X, y, w)[0],
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
    __tracebackhide__ = True
    w = np.array([1.0, 2.0, 3.0])
    got = fitting.numerical_gradient(lambda v: float(np.sum(np.asarray(v) ** 2)), w, h=0.5)
    # A quadratic's central difference is exact whatever h: 2 w.
    expect_vector_close(got, [2.0, 4.0, 6.0], call="numerical_gradient(sum of w**2, w, h=0.5)",
                        rel=1e-7, abs_=1e-9)
    if not np.array_equal(w, [1.0, 2.0, 3.0]):
        fail(f"numerical_gradient(sum of w**2, w, h=0.5) changed w = [1.0, 2.0, 3.0] into "
             f"{w!r}.", MUTATED_HINT)


INTEGER_WEIGHTS = [[1, -2, 3], np.array([1, -2, 3], dtype=np.int64)]


@pytest.mark.graded("day50.numerical_gradient", points=1)
@pytest.mark.parametrize("w", INTEGER_WEIGHTS, ids=["list_of_ints", "int64_array"])
def test_numerical_gradient_of_integer_weights(fitting, w):
    __tracebackhide__ = True
    kinds = []

    def cubic(v):
        kinds.append(np.asarray(v).dtype.kind)
        return float(np.sum(np.asarray(v, dtype=float) ** 3))

    # (f(w + h) - f(w - h)) / 2h = 3 w**2 + h**2 for a cubic: h = 1e-3 adds 1e-6.
    call = f"numerical_gradient(sum of w**3, {w!r}, h=1e-3)"
    expect_vector_close(fitting.numerical_gradient(cubic, w, h=1e-3),
                        [3.000001, 12.000001, 27.000001], call=call, rel=1e-7, abs_=1e-9,
                        mistakes=[([0.0, 0.0, 0.0], INTEGER_STEP_HINT)])
    if any(kind != "f" for kind in kinds):
        fail(f"{call} called f with arrays of kinds {sorted(set(kinds))} (integers 'i').",
             INTEGER_CALL_HINT)


# -------------------------------------------------------------------------------- bce_gradient
# Tolerance: entry j within 1e-9 * S_j + 1e-300, S_j = sum_i |x_ij| |sigma(z_i) - y_i| / n.
def check_bce_gradient(fitting, X, y, w, call: str) -> None:
    __tracebackhide__ = True
    expected, sizes = bce_gradient_exact(X, y, w)
    n = len(y)
    expect_gradient_close(fitting.bce_gradient(X, y, w), expected, sizes, call=call,
                          mistakes=[(np.multiply(expected, n), NO_MEAN_HINT),
                                    (np.negative(expected), SIGN_HINT)])


@pytest.mark.graded("day50.bce_gradient", points=3)
def test_bce_gradient_random_problem(fitting):
    X, y = logistic_problem(50, 200, [-0.5, 1.5, -2.0, 0.7])
    w = np.array([0.1, 1.0, -1.5, 0.4])
    copies = {"X": X.copy(), "y": y.copy(), "w": w.copy()}
    call = "bce_gradient(X, y, w) on 200 random samples"
    check_bce_gradient(fitting, X, y, w, call)
    expect_unchanged({"X": X, "y": y, "w": w}, copies, call)


@pytest.mark.graded("day50.bce_gradient", points=3)
def test_bce_gradient_with_logits_up_to_1000(fitting):
    rng = np.random.default_rng(1000)
    X = np.column_stack([np.ones(30), rng.uniform(-1000.0, 1000.0, size=30)])
    y = rng.integers(0, 2, size=30).astype(float)
    check_bce_gradient(fitting, X, y, np.array([0.5, 1.0]),
                       "bce_gradient(X, y, w) with logits in [-1000, 1000]")


@pytest.mark.graded("day50.bce_gradient", points=1)
def test_bce_gradient_of_lists_and_one_sample(fitting):
    # One sample x = [2, -1], y = 1, w = [0, 0]: (1/2 - 1) x = [-1, 0.5]; sizes [1, 0.5].
    expect_gradient_close(fitting.bce_gradient([[2, -1]], [1], [0, 0]), [-1.0, 0.5],
                          [1.0, 0.5], call="bce_gradient([[2, -1]], [1], [0, 0])",
                          mistakes=[([1.0, -0.5], SIGN_HINT)])


@pytest.mark.graded("day50.bce_gradient", points=2)
def test_bce_gradient_of_one_confident_right_answer(fitting):
    # z = 40, y = 1: the gradient is -sigma(-40) = -4.248354255291589e-18 (50 digits); by
    # subtraction sigma(40) rounds to 1 and the result to 0, a relative error of 100 %.
    X, y, w = [[1.0]], [1], [40.0]
    expected, sizes = bce_gradient_exact(X, y, w)
    assert math.isclose(expected[0], -4.248354255291589e-18, rel_tol=1e-15)
    expect_gradient_close(fitting.bce_gradient(X, y, w), expected, sizes,
                          call="bce_gradient([[1.0]], [1], [40.0])",
                          mistakes=[([0.0], SUBTRACTION_HINT),
                                    (np.negative(expected), SIGN_HINT)])


@pytest.mark.graded("day50.bce_gradient", points=3)
def test_bce_gradient_of_confident_right_answers(fitting):
    # Logits 40, 42, -39 with labels 1, 1, 0: every residual is tiny, and two of them are
    # sigma(z) - 1, lost to rounding when computed by subtraction.
    X, y, w = [[1.0, 40.0], [1.0, 42.0], [1.0, -39.0]], [1, 1, 0], [0.0, 1.0]
    expected, sizes = bce_gradient_exact(X, y, w)
    rows, z = np.array(X), np.array(X) @ np.array(w)
    subtracted = rows.T @ (expit(z) - np.array(y, float)) / 3
    expect_gradient_close(fitting.bce_gradient(X, y, w), expected, sizes,
                          call=f"bce_gradient({X}, {y}, {w})",
                          mistakes=[(subtracted, SUBTRACTION_HINT),
                                    (np.multiply(expected, 3), NO_MEAN_HINT),
                                    (np.negative(expected), SIGN_HINT)])


# --------------------------------------------------------------------- fit_logistic_regression
# Tolerance: every weight within 1e-6 absolute or relative.
@pytest.mark.graded("day50.fit_logistic_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_logistic_regression_mle_on_random_data(fitting):
    X, y = logistic_problem(2024, 300, [-0.5, 1.2, -0.8])
    copies = {"X": X.copy(), "y": y.copy()}
    call = "fit_logistic_regression(X, y) on 300 random samples"
    expect_vector_close(fitted(lambda: fitting.fit_logistic_regression(X, y), call,
                               LOSS_CUE_HINT),
                        penalised_minimiser(copies["X"], copies["y"], 0.0), call=call,
                        rel=1e-6, abs_=1e-6)
    expect_unchanged({"X": X, "y": y}, copies, call)


@pytest.mark.graded("day50.fit_logistic_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_logistic_regression_penalty_convention(fitting):
    # Unbalanced labels give the intercept a large weight, so penalising it or not shows.
    X, y = logistic_problem(77, 60, [-2.0, 1.0, 0.5])
    l2 = 0.05
    expect_vector_close(
        fitting.fit_logistic_regression(X, y, l2=l2), penalised_minimiser(X, y, l2),
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
    expect_vector_close(fitting.fit_logistic_regression(X, y, l2=0.01),
                        penalised_minimiser(X, y, 0.01),
                        call="fit_logistic_regression(separable X, y, l2=0.01)", rel=1e-6,
                        abs_=1e-6,
                        mistakes=[(penalised_minimiser(X, y, 0.01, half=False), NO_HALF_HINT)])


# (X, y of separated data, y of the same X with labels that overlap, hint)
SEPARATED = [
    # One feature, classes split at 0 (complete separation); swapping the labels of -1 and 1
    # makes them overlap.
    ([[1.0, -3.0], [1.0, -2.0], [1.0, -1.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]],
     [0, 0, 0, 1, 1, 1], [0, 0, 1, 0, 1, 1], SEPARABLE_HINT),
    # Two features, split by the line x1 + x2 = 1, labels in shuffled order.
    ([[1.0, 0.0, 0.0], [1.0, 2.0, 1.0], [1.0, 0.2, 0.3], [1.0, 1.5, 0.5], [1.0, -1.0, 1.0],
      [1.0, 0.5, 2.0], [1.0, 0.1, 0.1]], [0, 1, 0, 1, 0, 1, 0], [0, 1, 0, 0, 0, 1, 1],
     SEPARABLE_HINT),
    # Quasi-complete separation: v = (0, 1) gives margins 1, 0, 0, 1; the loss levels off at
    # (1/2) log 2 while the slope grows. With one more label-0 point at x = 2 no v != 0 works.
    ([[1.0, -1.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0]], [0, 0, 1, 1], None, QUASI_HINT),
    # Quasi-complete in two features: the line x1 = x2 separates, with one point of each label
    # on it; relabelling the point (3, 1) as 0 makes the labels overlap.
    ([[1.0, 0.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 2.0, 0.5], [1.0, -1.0, 0.0],
      [1.0, 3.0, 1.0]], [0, 0, 1, 1, 0, 1], [0, 0, 1, 1, 0, 0], QUASI_HINT),
]


@pytest.mark.graded("day50.fit_logistic_regression", points=3)
@pytest.mark.timeout(60)
@pytest.mark.parametrize(("X", "y", "overlapping", "hint"), SEPARATED,
                         ids=["one_feature", "two_features", "quasi_one_feature",
                              "quasi_two_features"])
def test_fit_logistic_regression_refuses_separated_data(fitting, X, y, overlapping, hint):
    __tracebackhide__ = True
    assert separated(X, y)
    expect_refusal(lambda: fitting.fit_logistic_regression(X, y),
                   f"fit_logistic_regression({X}, {y})", "separab", hint)
    # A function that refuses everything must not earn these points: the same X with
    # overlapping labels has an MLE, and it must be found.
    if overlapping is None:
        X, overlapping = [*X, [1.0, 2.0]], [*y, 0]
    assert not separated(X, overlapping)
    call = f"fit_logistic_regression({X}, {overlapping})"
    expect_vector_close(fitted(lambda: fitting.fit_logistic_regression(X, overlapping), call,
                               LOSS_CUE_HINT),
                        penalised_minimiser(X, overlapping, 0.0), call=call, rel=1e-6,
                        abs_=1e-6)


@pytest.mark.graded("day50.fit_logistic_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_logistic_regression_fits_overlapping_data_with_a_tiny_loss(fitting):
    # 12000 zeros and a one at x = -1, 12000 ones and a zero at x = 3: the labels overlap, so
    # the MLE exists; it matches each point's frequency, sigma(w0 - w1) = 1 / 12001 and
    # sigma(w0 + 3 w1) = 12000 / 12001, so w = (log 12000) / 2 * (-1, 1). Its mean loss,
    # 8.7e-4, is below 1e-3: a fit that takes a small loss for separation refuses these data.
    k = 12_000
    x = np.r_[np.full(k + 1, -1.0), np.full(k + 1, 3.0)]
    y = np.r_[np.zeros(k), 1.0, np.ones(k), 0.0]
    X = np.column_stack([np.ones_like(x), x])
    expected = 0.5 * math.log(k) * np.array([-1.0, 1.0])
    z = X @ expected
    assert np.mean(np.logaddexp(0, z) - y * z) < 1e-3
    call = "fit_logistic_regression(X, y) on 24002 overlapping samples with mean loss 8.7e-4"
    expect_vector_close(fitted(lambda: fitting.fit_logistic_regression(X, y), call,
                               LOSS_CUE_HINT), expected, call=call, rel=1e-6, abs_=1e-6)


# ------------------------------------------------------------------- fit_linear_regression_mle
# Tolerance: weights within 1e-9 relative or 1e-12 max|w| absolute; sigma2 within
# 1e-9 sigma2 + 1e-12 sigma rms(y).
@oracle
def least_squares_oracle(X, y) -> tuple[list[float], float]:
    """Normal equations solved in 60-digit arithmetic, and the residual mean square."""
    with mpmath.workdps(60):
        A = mpmath.matrix(_mp_rows(X))
        b = mpmath.matrix([mpmath.mpf(float(v)) for v in y])
        w = mpmath.lu_solve(A.T * A, A.T * b)
        r = b - A * w
        rss = mpmath.fsum(v**2 for v in r)
        return [float(v) for v in w], float(rss / len(y))


def check_linear_fit(fitting, X, y, call: str, *, cancellation: bool = False) -> None:
    __tracebackhide__ = True
    n, d = np.shape(X)
    w_exact, sigma2_exact = least_squares_oracle(X, y)
    w, sigma2 = expect_pair(fitting.fit_linear_regression_mle(X, y), call)
    expect_vector_close(w, w_exact, call=f"{call}[0]", rel=1e-9,
                        abs_=1e-12 * max(abs(v) for v in w_exact))
    rss = sigma2_exact * n
    mistakes = [(rss / (n - d), UNBIASED_HINT), (rss / (n - 1), N_MINUS_ONE_HINT),
                (math.sqrt(sigma2_exact), SIGMA_HINT), (rss, RSS_HINT)]
    rms = math.sqrt(math.fsum(float(v) ** 2 for v in y) / n)
    value = scalar(sigma2, f"{call}[1]")
    allowed = 1e-9 * sigma2_exact + 1e-12 * math.sqrt(sigma2_exact) * rms
    if cancellation and abs(value - sigma2_exact) > allowed and diagnose(value, mistakes) is None:
        fail(f"{call}[1] returned {value!r}, expected {sigma2_exact!r}.", CANCELLED_HINT)
    expect_close(value, sigma2_exact, call=f"{call}[1]", rel=0.0, abs_=allowed,
                 mistakes=mistakes)


@pytest.mark.graded("day50.fit_linear_regression_mle", points=3)
def test_fit_linear_regression_random_problem(fitting):
    rng = np.random.default_rng(5)
    n = 50
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.uniform(-2, 2, size=n)])
    y = X @ np.array([1.0, -2.0, 0.5]) + rng.normal(scale=0.7, size=n)
    check_linear_fit(fitting, X, y, "fit_linear_regression_mle(X, y) on 50 random samples")


@pytest.mark.graded("day50.fit_linear_regression_mle", points=2)
def test_fit_linear_regression_without_intercept(fitting):
    # y = 2x exactly but for one point: no column of ones here, one weight, 31 / 14.
    check_linear_fit(fitting, [[1.0], [2.0], [3.0]], [2.0, 4.0, 7.0],
                     "fit_linear_regression_mle([[1], [2], [3]], [2, 4, 7])")


@pytest.mark.graded("day50.fit_linear_regression_mle", points=2)
def test_fit_linear_regression_near_exact_fit(fitting):
    # Targets near 100 off a plane by noise of 1e-6: the residuals are differences of nearly
    # equal numbers. lstsq and y - X w in float64 miss sigma2 by about 1e-9 relative here,
    # which the tolerance's second term (1e-12 sigma rms(y)) allows; RSS as
    # y.y - w.(X^T y) cancels to garbage.
    rng = np.random.default_rng(50)
    n = 40
    X = np.column_stack([np.ones(n), rng.uniform(-2, 2, size=n), rng.normal(size=n)])
    y = X @ np.array([100.0, 3.0, -2.0]) + rng.normal(scale=1e-6, size=n)
    check_linear_fit(fitting, X, y, "fit_linear_regression_mle(X, y), a near-exact fit",
                     cancellation=True)


# ---------------------------------------------------------------------- gaussian_prior_penalty
# Tolerance: 1e-9 relative or 1e-300 absolute.
def prior_exact(w, tau) -> float:
    with mpmath.workdps(40):
        t = mpmath.mpf(float(tau))
        return float(mpmath.fsum((mpmath.mpf(float(v)) / t) ** 2 for v in w) / 2)


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
                 call="gaussian_prior_penalty(w, tau=0.7) for 7 random weights", rel=1e-9,
                 abs_=1e-300,
                 mistakes=[(sq / tau**2, FACTOR_TWO_HINT), (sq / (4 * tau**2), FACTOR_TWO_HINT),
                           (sq / (2 * tau), TAU_HINT), (expected + constant, CONSTANT_HINT),
                           *sign_mistake(expected)])


@pytest.mark.graded("day50.gaussian_prior_penalty", points=1)
def test_gaussian_prior_penalty_of_integers(fitting):
    # [1, 2, 2]: ||w||^2 = 9; tau = 1.5: 2 tau^2 = 4.5; 9 / 4.5 = 2.
    expect_close(fitting.gaussian_prior_penalty([1, 2, 2], 1.5), 2.0,
                 call="gaussian_prior_penalty([1, 2, 2], 1.5)", rel=1e-9, abs_=1e-300,
                 mistakes=[(4.0, FACTOR_TWO_HINT), (3.0, TAU_HINT)])


@pytest.mark.graded("day50.gaussian_prior_penalty", points=1)
def test_gaussian_prior_penalty_of_zero_weights(fitting):
    expect_close(fitting.gaussian_prior_penalty([0.0, 0.0], 2.0), 0.0,
                 call="gaussian_prior_penalty([0.0, 0.0], 2.0)", rel=1e-9, abs_=1e-300,
                 mistakes=[(math.log(2 * math.pi * 4.0), CONSTANT_HINT)])
    # 0.0 is what a constant returns: the same test checks a value no constant gives.
    # (1.5 / 2)^2 / 2 = 0.28125.
    expect_close(fitting.gaussian_prior_penalty([0.0, 1.5], 2.0), 0.28125,
                 call="gaussian_prior_penalty([0.0, 1.5], 2.0)", rel=1e-9, abs_=1e-300,
                 mistakes=[(0.5625, FACTOR_TWO_HINT), (0.140625, FACTOR_TWO_HINT),
                           (2.25 / 4, TAU_HINT)])


# (w, tau): the squares w**2 and tau**2 underflow (first, last) or overflow (others).
EXTREME_PRIORS = [([1e-200], 1e-100), ([1e200], 1e200), ([3e200, -4e200], 2e200),
                  ([1e-180, 2e-180, -3e-180], 1e-170)]


@pytest.mark.graded("day50.gaussian_prior_penalty", points=1)
@pytest.mark.parametrize(("w", "tau"), EXTREME_PRIORS,
                         ids=["tiny", "huge", "huge_pair", "tiny_three"])
def test_gaussian_prior_penalty_at_extreme_scales(fitting, w, tau):
    # Each point, and the same weights doubled (four times the penalty), so that no constant
    # passes: w = [1e200], tau = 1e200 gives 0.5, then 2.
    for scale in (1.0, 2.0):
        v = [scale * x for x in w]
        expected = prior_exact(v, tau)
        with np.errstate(all="ignore"):
            squared_first = float(np.sum(np.square(v)) / (2.0 * np.square(np.float64(tau))))
        expect_close(fitting.gaussian_prior_penalty(v, tau), expected,
                     call=f"gaussian_prior_penalty({v}, tau={tau})", rel=1e-9, abs_=1e-300,
                     mistakes=[(squared_first, SQUARED_FIRST_HINT), (0.0, SQUARED_FIRST_HINT),
                               (math.nan, SQUARED_FIRST_HINT),
                               (math.inf, SQUARED_FIRST_HINT)])


# ----------------------------------------------------------------- poisson_regression_gradient
# Tolerance: entry j within 1e-9 * S_j + 1e-300, S_j = sum_i |x_ij| (exp(z_i) + y_i) / n.
def check_poisson_gradient(fitting, X, y, w, call: str) -> None:
    __tracebackhide__ = True
    expected, sizes = poisson_gradient_exact(X, y, w)
    A, counts, weights = np.asarray(X, float), np.asarray(y, float), np.asarray(w, float)
    z = A @ weights
    n = len(counts)
    with np.errstate(over="ignore", invalid="ignore"):
        extra = A.T @ ((np.exp(z) - counts) * np.exp(z)) / n
    expect_gradient_close(
        fitting.poisson_regression_gradient(X, y, w), expected, sizes, call=call,
        mistakes=[(np.multiply(expected, n), POISSON_NO_MEAN_HINT),
                  (np.negative(expected), POISSON_SIGN_HINT),
                  (A.T @ (z - counts) / n, IDENTITY_LINK_HINT),
                  (extra, EXTRA_RATE_HINT),
                  (A.T @ np.exp(z) / n, NO_COUNT_TERM_HINT)])


@pytest.mark.graded("day50.poisson_regression_gradient", points=3)
def test_poisson_regression_gradient_random_problem(fitting):
    X, y = poisson_problem(11, 120, [0.5, 0.8, -0.4])
    check_poisson_gradient(fitting, X, y, np.array([0.3, 1.0, -0.2]),
                           "poisson_regression_gradient(X, y, w) on 120 random samples")


@pytest.mark.graded("day50.poisson_regression_gradient", points=2)
def test_poisson_regression_gradient_with_huge_rates(fitting):
    # Logits up to 700: rates near 1e304, still finite; counts in the millions.
    X = [[1.0, 0.0], [1.0, 0.5], [1.0, 1.0], [1.0, -1.0]]
    y = [3_000_000, 0, 12, 7]
    check_poisson_gradient(fitting, X, y, [350.0, 350.0],
                           "poisson_regression_gradient(X, y, [350, 350]) with logits to 700")


@pytest.mark.graded("day50.poisson_regression_gradient", points=1)
def test_poisson_regression_gradient_of_integers(fitting):
    # Everything integers: z = [1, 0, -1]; rates e, 1, 1/e.
    check_poisson_gradient(fitting, [[1, 1], [1, 0], [1, -1]], [2, 0, 1], [0, 1],
                           "poisson_regression_gradient([[1, 1], [1, 0], [1, -1]], [2, 0, 1], "
                           "[0, 1])")


# ---------------------------------------------------------------------- fit_poisson_regression
# Tolerance: every weight within 1e-6 absolute or relative.
def check_poisson_fit(fitting, X, y, call: str, *, l2: float = 0.0, mistakes=()) -> None:
    __tracebackhide__ = True
    got = fitted(lambda: fitting.fit_poisson_regression(X, y, l2=l2), call,
                 "These counts have a finite minimiser: do not raise for them.")
    expect_vector_close(got, poisson_minimiser(X, y, l2), call=call, rel=1e-6, abs_=1e-6,
                        mistakes=mistakes, nonfinite_hint=UNDAMPED_HINT)


def dropped_zeros(X, y, l2: float = 0.0) -> list:
    """The fit without the zero counts, as a mistake's value (none when that has no MLE)."""
    keep = np.asarray(y) > 0
    kept = np.asarray(X, float)[keep]
    if l2 == 0.0 and np.linalg.matrix_rank(kept) < kept.shape[1]:
        return []
    return [(poisson_minimiser(kept, np.asarray(y, float)[keep], l2), DROPPED_ZEROS_HINT)]


@pytest.mark.graded("day50.fit_poisson_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_poisson_regression_mle_on_random_data(fitting):
    X, y = poisson_problem(2024, 200, [0.5, 0.8, -0.4])
    copies = {"X": X.copy(), "y": y.copy()}
    log_fit = np.linalg.lstsq(X, np.log(y + 1), rcond=None)[0]
    call = "fit_poisson_regression(X, y) on 200 random samples"
    check_poisson_fit(fitting, X, y, call,
                      mistakes=[*dropped_zeros(X, y), (log_fit, LOG_COUNTS_HINT)])
    expect_unchanged({"X": X, "y": y}, copies, call)


@pytest.mark.graded("day50.fit_poisson_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_poisson_regression_with_large_counts(fitting):
    # Counts near 1000: from w = 0 a full Newton step lands near 999 and exp overflows.
    X, y = poisson_problem(1000, 50, [6.9, 0.3], scale=1.0)
    assert y.min() > 500
    check_poisson_fit(fitting, X, y, "fit_poisson_regression(X, y) with counts near 1000")


@pytest.mark.graded("day50.fit_poisson_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_poisson_regression_with_many_zero_counts(fitting):
    # Small rates: about half the counts are 0, and dropping them moves every weight.
    X, y = poisson_problem(77, 80, [-0.7, 1.0, 0.5], scale=1.5)
    assert 20 < np.sum(y == 0) < 60
    check_poisson_fit(fitting, X, y, "fit_poisson_regression(X, y) with many zero counts",
                      mistakes=dropped_zeros(X, y))


@pytest.mark.graded("day50.fit_poisson_regression", points=3)
@pytest.mark.timeout(60)
def test_fit_poisson_regression_penalty_convention(fitting):
    X, y = poisson_problem(31, 60, [1.0, -0.6, 0.4], scale=2.0)
    l2 = 0.05
    check_poisson_fit(
        fitting, X, y, "fit_poisson_regression(X, y, l2=0.05) on 60 random samples", l2=l2,
        mistakes=[(poisson_minimiser(X, y, l2, penalised=[0, 1, 1]), POISSON_INTERCEPT_HINT),
                  (poisson_minimiser(X, y, l2, half=False), POISSON_NO_HALF_HINT),
                  (poisson_minimiser(X, y, l2, total=True), POISSON_TOTAL_HINT),
                  (poisson_minimiser(X, y, 0.0), POISSON_NO_PENALTY_HINT)])


# (X, counts without an MLE, counts with one on the same X)
NO_MLE = [
    # All counts 0: the intercept runs to -infinity. One count of 2 brings the MLE back.
    ([[1.0, 0.5], [1.0, 1.5], [1.0, -1.0], [1.0, 2.0]], [0, 0, 0, 0], [0, 2, 0, 0]),
    # The group marked by the second column has only zero counts: its rate runs to 0.
    ([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0]], [1, 4, 2, 0, 0],
     [1, 4, 2, 0, 3]),
]


@pytest.mark.graded("day50.fit_poisson_regression", points=3)
@pytest.mark.timeout(60)
@pytest.mark.parametrize(("X", "y", "fine"), NO_MLE, ids=["all_zero", "zero_group"])
def test_fit_poisson_regression_refuses_counts_without_an_mle(fitting, X, y, fine):
    __tracebackhide__ = True
    expect_refusal(lambda: fitting.fit_poisson_regression(X, y),
                   f"fit_poisson_regression({X}, {y})", "does not exist", NOT_EXIST_HINT)
    # A function that refuses everything must not earn these points.
    check_poisson_fit(fitting, X, fine, f"fit_poisson_regression({X}, {fine})",
                      mistakes=dropped_zeros(X, fine))


@pytest.mark.graded("day50.fit_poisson_regression", points=2)
@pytest.mark.timeout(60)
def test_fit_poisson_regression_penalised_all_zero_counts(fitting):
    # With l2 > 0 the MAP estimate exists even for all-zero counts: e^{w0 + w1 x} shrinks
    # only as far as the penalty allows.
    X = [[1.0, 0.5], [1.0, 1.5], [1.0, -1.0], [1.0, 2.0]]
    check_poisson_fit(fitting, X, [0, 0, 0, 0], "fit_poisson_regression(X, [0, 0, 0, 0], "
                      "l2=0.1)", l2=0.1,
                      mistakes=[(poisson_minimiser(X, [0, 0, 0, 0], 0.1, half=False),
                                 POISSON_NO_HALF_HINT)])
