"""Day 52, hidden graded tests: other levels, sizes and edges, against independent oracles.

Not shipped in the student release. Expected values come from ``mpmath`` with 50 digits
(quantiles through ``erfinv``, roots by bisection, matrices inverted exactly enough), never
from the reference solution; ``test_oracles_hidden.py`` holds these oracles to ``scipy``.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import pytest

from course.checks import expect_close, fail, oracle
from tests.day52.uncertainty_checks import expect_interval, expect_vector
from tests.day52.uncertainty_hints import (
    COVERAGE_COUNT_HINT,
    COVERAGE_DRAWS_HINT,
    COVERAGE_MISS_HINT,
    COVERAGE_STRICT_HINT,
    IGNORED_LEVEL_HINT,
    INFO_ONE_TRIAL_HINT,
    INFO_PRODUCT_HINT,
    INFO_SE_HINT,
    INFO_SQRT_HINT,
    INFO_VARIANCE_HINT,
    LR_BOUNDARY_HINT,
    LR_HALVED_TWICE_HINT,
    LR_NOT_HALVED_HINT,
    LR_ONE_SIDED_HINT,
    LR_PRECISION_HINT,
    LR_WALD_HINT,
    LR_Z_HINT,
    OBS_BACKWARD_HINT,
    OBS_DOUBLE_STEP_HINT,
    OBS_FORWARD_HINT,
    OBS_IGNORED_H_HINT,
    OBS_INVERSE_HINT,
    OBS_SIGN_HINT,
    ONE_SIDED_Z_HINT,
    ROUNDED_Z_HINT,
    SE_DIAGONAL_HINT,
    SE_MEAN_HESSIAN_HINT,
    SE_NO_INVERSE_HINT,
    SE_SIGN_HINT,
    SE_UNWEIGHTED_HINT,
    SE_VARIANCE_HINT,
    WALD_CLIPPED_HINT,
    WALD_N_MINUS_ONE_HINT,
    WALD_NO_N_HINT,
    WALD_VARIANCE_HINT,
    WILSON_SHRINK_HINT,
    WILSON_TERM_HINT,
    WILSON_WALD_HINT,
)

DIGITS = 50


# ------------------------------------------------------------------------------------ oracles
@functools.cache
def normal_quantile(probability: float | str) -> mpmath.mpf:
    """Phi^-1(probability) with 50 digits (remembered: the coverage tests ask often)."""
    with mpmath.workdps(DIGITS):
        return mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(probability) - 1)


@functools.cache
def two_sided_z(level: float) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        return normal_quantile((1 + mpmath.mpf(level)) / 2)


@oracle
def wald_oracle(k: int, n: int, z: float | str, *, divisor: str = "n",
                root: bool = True) -> tuple[float, float]:
    """theta_hat -/+ z * spread, where spread is sqrt(theta_hat (1 - theta_hat) / divisor)
    (``root=False``: without the square root; divisor ``"1"``, ``"n"`` or ``"n-1"``)."""
    with mpmath.workdps(DIGITS):
        p = mpmath.mpf(k) / n
        d = {"1": 1, "n": n, "n-1": n - 1}[divisor]
        spread = p * (1 - p) / d
        half = mpmath.mpf(z) * (mpmath.sqrt(spread) if root else spread)
        return float(p - half), float(p + half)


@oracle
def wilson_oracle(k: int, n: int, z: float | str, *, term: bool = True,
                  shrink: bool = True) -> tuple[float, float]:
    with mpmath.workdps(DIGITS):
        z = mpmath.mpf(z)
        p = mpmath.mpf(k) / n
        d = 1 + z * z / n if shrink else 1
        centre = (p + z * z / (2 * n)) / d
        half = z / d * mpmath.sqrt(p * (1 - p) / n + (z * z / (4 * n * n) if term else 0))
        return float(centre - half), float(centre + half)


@oracle
def lr_oracle(k: int, n: int, drop: float | str) -> tuple[float, float]:
    """The theta where the log-likelihood of k in n is ``drop`` below its peak, by bisection
    with 50 digits (300 halvings: far below float64's resolution)."""
    with mpmath.workdps(DIGITS):
        drop = mpmath.mpf(drop)
        p = mpmath.mpf(k) / n

        def loglik(t):
            total = mpmath.mpf(0)
            if k:
                total += k * mpmath.log(t)
            if n - k:
                total += (n - k) * mpmath.log(1 - t)
            return total

        target = loglik(p) - drop

        def end(inside, outside):
            for _ in range(300):
                middle = (inside + outside) / 2
                if loglik(middle) >= target:
                    inside = middle
                else:
                    outside = middle
            return inside

        tiny = mpmath.mpf(10) ** -(DIGITS - 5)
        low = mpmath.mpf(0) if k == 0 else end(p, tiny)
        high = mpmath.mpf(1) if k == n else end(p, 1 - tiny)
        return float(low), float(high)


def lr_drop(level: float, *, kind: str = "right") -> mpmath.mpf:
    """How far the log-likelihood drops at the ends: c / 2 with c = z^2, or a mistake's."""
    with mpmath.workdps(DIGITS):
        z = two_sided_z(level)
        return {"right": z * z / 2, "not halved": z * z, "halved twice": z * z / 4,
                "z": z / 2, "one-sided": normal_quantile(level) ** 2 / 2}[kind]


@oracle
def se_oracle(X, w, *, scale: str = "total") -> dict[str, list[float]]:
    """The standard errors of logistic regression at w, and what the classic mistakes give,
    from the information matrix built and inverted with 50 digits."""
    with mpmath.workdps(DIGITS):
        rows = [[mpmath.mpf(float(v)) for v in row] for row in np.asarray(X, float)]
        weights = [mpmath.mpf(float(v)) for v in np.asarray(w, float)]
        n, d = len(rows), len(weights)
        info = mpmath.zeros(d, d)
        plain = mpmath.zeros(d, d)
        for row in rows:
            z = mpmath.fsum(a * b for a, b in zip(row, weights, strict=True))
            p = 1 / (1 + mpmath.exp(-z))
            s = p * (1 - p)
            for a in range(d):
                for b in range(d):
                    info[a, b] += s * row[a] * row[b]
                    plain[a, b] += row[a] * row[b]
        inverse, plain_inverse = info**-1, plain**-1
        diagonal = [inverse[j, j] for j in range(d)]
        return {
            "right": [float(mpmath.sqrt(v)) for v in diagonal],
            "mean": [float(mpmath.sqrt(n * v)) for v in diagonal],
            "variance": [float(v) for v in diagonal],
            "diagonal": [float(1 / mpmath.sqrt(info[j, j])) for j in range(d)],
            "no inverse": [float(mpmath.sqrt(info[j, j])) for j in range(d)],
            "unweighted": [float(mpmath.sqrt(plain_inverse[j, j])) for j in range(d)],
        }


def se_mistakes(table: dict[str, list[float]]) -> list[tuple[list[float], str]]:
    d = len(table["right"])
    return [(table["mean"], SE_MEAN_HESSIAN_HINT), (table["variance"], SE_VARIANCE_HINT),
            (table["diagonal"], SE_DIAGONAL_HINT), (table["no inverse"], SE_NO_INVERSE_HINT),
            (table["unweighted"], SE_UNWEIGHTED_HINT), ([math.nan] * d, SE_SIGN_HINT)]


# ------------------------------------------------------------- fisher_information_bernoulli
def information_mistakes(theta: float, n: int) -> list[tuple[float, str]]:
    with mpmath.workdps(DIGITS):
        t = mpmath.mpf(theta)
        variance = t * (1 - t) / n
        return [(float(variance), INFO_VARIANCE_HINT), (float(mpmath.sqrt(variance)), INFO_SE_HINT),
                (float(1 / (t * (1 - t))), INFO_ONE_TRIAL_HINT),
                (float(mpmath.sqrt(n / (t * (1 - t)))), INFO_SQRT_HINT),
                (float(n * t * (1 - t)), INFO_PRODUCT_HINT)]


def exact_information(theta: float, n: int) -> float:
    with mpmath.workdps(DIGITS):
        t = mpmath.mpf(theta)
        return float(n / (t * (1 - t)))


@pytest.mark.graded("day52.fisher_information_bernoulli", points=2)
def test_fisher_information_near_the_ends(uncertainty):
    for theta, n in ((0.02, 250), (0.999, 3), (0.5, 1000)):
        expect_close(uncertainty.fisher_information_bernoulli(theta, n=n),
                     exact_information(theta, n),
                     call=f"fisher_information_bernoulli({theta}, n={n})",
                     mistakes=information_mistakes(theta, n))


@pytest.mark.graded("day52.fisher_information_bernoulli", points=1)
def test_fisher_information_with_numpy_arguments(uncertainty):
    # NumPy scalars in, a float out; n passed by position.
    for theta, n in ((np.float64(0.35), np.int64(12)), (np.float64(0.123), np.int64(77))):
        expect_close(uncertainty.fisher_information_bernoulli(theta, n),
                     exact_information(float(theta), int(n)),
                     call=f"fisher_information_bernoulli(np.float64({float(theta)}), "
                          f"np.int64({int(n)}))",
                     mistakes=information_mistakes(float(theta), int(n)))


# ---------------------------------------------------------------------- observed_information
#: Log-likelihoods the tests pass: (float version for the student's code, mpmath version for
#: the oracle).
LOGLIKS = {
    "poisson": (lambda lam: 31 * math.log(lam) - 8 * lam,
                lambda lam: 31 * mpmath.log(lam) - 8 * lam),
    "exponential": (lambda lam: 4 * math.log(lam) - 5 * lam,
                    lambda lam: 4 * mpmath.log(lam) - 5 * lam),
    "gaussian_sigma": (lambda s: -8 * math.log(s) - 32 / (2 * s * s),
                       lambda s: -8 * mpmath.log(s) - 32 / (2 * s * s)),
    "minus_exp": (lambda t: -math.exp(t), lambda t: -mpmath.exp(t)),
}
LOGLIK_TEXT = {"poisson": "31 log lam - 8 lam", "exponential": "4 log lam - 5 lam",
               "gaussian_sigma": "-8 log s - 32 / (2 s^2)", "minus_exp": "-exp(t)"}


@oracle
def second_difference(name: str, theta: float, h: float, *, kind: str = "central") -> float:
    """-(l(a) - 2 l(b) + l(c)) / h^2 evaluated with 50 digits on the float points a, b, c of
    a central (or forward, backward, doubled) second difference."""
    exact = LOGLIKS[name][1]
    points = {"central": (theta + h, theta, theta - h),
              "forward": (theta + 2 * h, theta + h, theta),
              "backward": (theta, theta - h, theta - 2 * h),
              "double": (theta + 2 * h, theta, theta - 2 * h)}[kind]
    scale = 4 if kind == "double" else 1
    with mpmath.workdps(DIGITS):
        a, b, c = (exact(mpmath.mpf(p)) for p in points)
        return float(-(a - 2 * b + c) / (scale * mpmath.mpf(h) ** 2))


def observed_mistakes(name: str, theta: float, h: float) -> list[tuple[float, str]]:
    right = second_difference(name, theta, h)
    return [(-right, OBS_SIGN_HINT), (1 / right, OBS_INVERSE_HINT),
            (second_difference(name, theta, h, kind="forward"), OBS_FORWARD_HINT),
            (second_difference(name, theta, h, kind="backward"), OBS_BACKWARD_HINT),
            (second_difference(name, theta, h, kind="double"), OBS_DOUBLE_STEP_HINT)]


@pytest.mark.parametrize(("name", "theta", "h"), [
    ("poisson", 3.875, 1e-3),
    ("exponential", 0.8, 1e-4),
    ("gaussian_sigma", 2.0, 1e-2),
])
@pytest.mark.graded("day52.observed_information", points=1)
def test_observed_information_of_day47_models(uncertainty, name, theta, h):
    # Day 47's data at their MLEs: Poisson counts summing to 31 over 8 (rate 3.875), waits
    # summing to 5 over 4 (rate 0.8), and sigma of 8 values with squares summing to 32 (2).
    # Each model is also checked away from its peak, where observed and expected differ.
    function = LOGLIKS[name][0]
    for point in (theta, 1.25 * theta):
        expect_close(uncertainty.observed_information(function, point, h),
                     second_difference(name, point, h),
                     call=f"observed_information({LOGLIK_TEXT[name]}, {point}, {h})",
                     rel=1e-6, abs_=1e-6, mistakes=observed_mistakes(name, point, h))


@pytest.mark.graded("day52.observed_information", points=2)
def test_observed_information_uses_the_step(uncertainty):
    # l(t) = -exp(t): l'' = -exp(t), and the central difference with a large h is off from
    # exp(t) by about h^2 exp(t) / 12 -- so a function that ignores h is far off.
    for theta, h in ((0.0, 0.5), (1.0, 0.3)):
        ignored = [(second_difference("minus_exp", theta, step), OBS_IGNORED_H_HINT)
                   for step in (1e-3, 1e-4, 1e-5)]
        expect_close(uncertainty.observed_information(LOGLIKS["minus_exp"][0], theta, h=h),
                     second_difference("minus_exp", theta, h),
                     call=f"observed_information(-exp(t), {theta}, h={h})", rel=1e-6,
                     abs_=1e-6, mistakes=[*observed_mistakes("minus_exp", theta, h), *ignored])


# ------------------------------------------------------------------ standard_errors_logistic
def logistic_problem(seed: int, n: int, true_w) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=(n, len(true_w) - 1))])
    p = 1 / (1 + np.exp(-(X @ np.asarray(true_w, float))))
    return X, (rng.uniform(size=n) < p).astype(float)


def newton_mle(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The logistic MLE by Newton's method written out here (the problems are not separable)."""
    w = np.zeros(X.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-(X @ w)))
        w = w - np.linalg.solve((X.T * (p * (1 - p))) @ X, X.T @ (p - y))
    return w


@pytest.fixture(scope="session")
def day50_like_problem() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X, y = logistic_problem(52, 200, [-0.5, 2.0, -1.0])
    return X, y, newton_mle(X, y)


@pytest.mark.graded("day52.standard_errors_logistic", points=3)
def test_standard_errors_at_the_mle_of_200_samples(uncertainty, day50_like_problem):
    X, y, mle = day50_like_problem
    table = se_oracle(X, mle)
    expect_vector(uncertainty.standard_errors_logistic(X, y, mle), table["right"],
                  call="standard_errors_logistic(X, y, MLE) on 200 samples, 3 weights",
                  mistakes=se_mistakes(table))
    away = mle + np.array([0.4, -0.6, 0.3])  # the formula holds at any w
    table = se_oracle(X, away)
    expect_vector(uncertainty.standard_errors_logistic(X, y, away), table["right"],
                  call="standard_errors_logistic(X, y, MLE + [0.4, -0.6, 0.3])",
                  mistakes=se_mistakes(table))


@pytest.mark.graded("day52.standard_errors_logistic", points=2)
def test_standard_errors_with_large_logits_and_integer_lists(uncertainty):
    # Logits up to about 8 in size, where p (1 - p) is near 3e-4; X given as nested lists of
    # ints.
    X = [[1, 0, 2, -1], [1, 1, -1, 0], [1, 2, 0, 1], [1, 3, 1, -2], [1, -1, 2, 2], [1, 0, -2, 1],
         [1, 2, 2, 0], [1, -2, 1, -1], [1, 1, 0, 2], [1, -3, -1, 1], [1, 4, -2, 0],
         [1, 0, 0, -3]]
    y = [0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0]
    for w in ([0.2, 1.5, 0.5, -0.3], [-0.4, 2.0, -1.0, 0.8]):
        table = se_oracle(X, w)
        expect_vector(uncertainty.standard_errors_logistic(X, y, w), table["right"],
                      call=f"standard_errors_logistic(X, y, {w}) on 12 samples, 4 weights",
                      mistakes=se_mistakes(table))


@pytest.mark.graded("day52.standard_errors_logistic", points=1)
def test_standard_errors_leave_their_inputs_alone(uncertainty):
    X, y = logistic_problem(7, 30, [0.3, -1.0])
    w = np.array([0.25, -0.9])
    copies = (X.copy(), y.copy(), w.copy())
    table = se_oracle(X, w)
    expect_vector(uncertainty.standard_errors_logistic(X, y, w), table["right"],
                  call="standard_errors_logistic(X, y, w) on 30 samples, 2 weights",
                  mistakes=se_mistakes(table))
    for before, after, name in zip(copies, (X, y, w), ("X", "y", "w"), strict=True):
        if not np.array_equal(before, after):
            fail(f"standard_errors_logistic changed its argument {name}.",
                 "Inputs are never modified: work on copies.")
    other = np.array([-0.5, 0.4])
    expect_vector(uncertainty.standard_errors_logistic(X, y, other), se_oracle(X, other)["right"],
                  call="standard_errors_logistic(X, y, [-0.5, 0.4]) on the same data")


# --------------------------------------------------------------------------- wald_interval
def wald_mistakes(k: int, n: int, level: float) -> list[tuple[tuple[float, float], str]]:
    z = two_sided_z(level)
    right = wald_oracle(k, n, str(z))
    found = [
        (wald_oracle(k, n, str(normal_quantile(level))), ONE_SIDED_Z_HINT),
        (wald_oracle(k, n, "1.96"), ROUNDED_Z_HINT),
        (wald_oracle(k, n, str(z), root=False), WALD_VARIANCE_HINT),
        (wald_oracle(k, n, str(z), divisor="1"), WALD_NO_N_HINT),
        ((max(right[0], 0.0), min(right[1], 1.0)), WALD_CLIPPED_HINT),
    ]
    if n > 1:
        found.append((wald_oracle(k, n, str(z), divisor="n-1"), WALD_N_MINUS_ONE_HINT))
    if level != 0.95:
        found.insert(0, (wald_oracle(k, n, str(two_sided_z(0.95))), IGNORED_LEVEL_HINT))
    return [item for item in found if item[0] != right]


@pytest.mark.graded("day52.wald_interval", points=2)
def test_wald_interval_at_other_levels(uncertainty):
    for k, n, level in ((37, 120, 0.9), (3, 7, 0.99), (18, 25, 0.5)):
        expect_interval(uncertainty.wald_interval(k, n, level),
                        wald_oracle(k, n, str(two_sided_z(level))),
                        call=f"wald_interval({k}, {n}, level={level})",
                        mistakes=wald_mistakes(k, n, level))


@pytest.mark.graded("day52.wald_interval", points=2)
def test_wald_interval_large_and_small_counts(uncertainty):
    for k, n in ((4999, 10000), (1, 1000), (2, 3), (0, 1)):
        expect_interval(uncertainty.wald_interval(k, n),
                        wald_oracle(k, n, str(two_sided_z(0.95))),
                        call=f"wald_interval({k}, {n})", mistakes=wald_mistakes(k, n, 0.95))


@pytest.mark.graded("day52.wald_interval", points=1)
def test_wald_interval_with_numpy_arguments(uncertainty):
    for k, n in ((np.int64(13), np.int64(20)), (np.int64(19), np.int64(20))):
        expect_interval(uncertainty.wald_interval(k, n, np.float64(0.95)),
                        wald_oracle(int(k), int(n), str(two_sided_z(0.95))),
                        call=f"wald_interval(np.int64({int(k)}), np.int64({int(n)}), "
                             "np.float64(0.95))", mistakes=wald_mistakes(int(k), int(n), 0.95))


# ------------------------------------------------------------------------ wilson_interval
def wilson_mistakes(k: int, n: int, level: float) -> list[tuple[tuple[float, float], str]]:
    z = str(two_sided_z(level))
    found = [
        (wilson_oracle(k, n, str(normal_quantile(level))), ONE_SIDED_Z_HINT),
        (wilson_oracle(k, n, "1.96"), ROUNDED_Z_HINT),
        (wald_oracle(k, n, z), WILSON_WALD_HINT),
        (wilson_oracle(k, n, z, term=False), WILSON_TERM_HINT),
        (wilson_oracle(k, n, z, shrink=False), WILSON_SHRINK_HINT),
    ]
    if level != 0.95:
        found.insert(0, (wilson_oracle(k, n, str(two_sided_z(0.95))), IGNORED_LEVEL_HINT))
    return found


@pytest.mark.graded("day52.wilson_interval", points=2)
def test_wilson_interval_at_other_levels(uncertainty):
    for k, n, level in ((37, 120, 0.9), (1, 50, 0.99), (0, 4, 0.8)):
        expect_interval(uncertainty.wilson_interval(k, n, level),
                        wilson_oracle(k, n, str(two_sided_z(level))),
                        call=f"wilson_interval({k}, {n}, level={level})",
                        mistakes=wilson_mistakes(k, n, level))


@pytest.mark.graded("day52.wilson_interval", points=2)
def test_wilson_interval_small_and_large_n(uncertainty):
    for k, n in ((1, 1), (0, 1), (3, 4), (500, 1000), (np.int64(7), np.int64(9))):
        expect_interval(uncertainty.wilson_interval(k, n),
                        wilson_oracle(int(k), int(n), str(two_sided_z(0.95))),
                        call=f"wilson_interval({int(k)}, {int(n)})",
                        mistakes=wilson_mistakes(int(k), int(n), 0.95))


# -------------------------------------------------------------- likelihood_ratio_interval
def lr_mistakes(k: int, n: int, level: float) -> list[tuple[tuple[float, float], str]]:
    found = [(lr_oracle(k, n, str(lr_drop(level, kind=kind))), hint)
             for kind, hint in (("not halved", LR_NOT_HALVED_HINT),
                                ("halved twice", LR_HALVED_TWICE_HINT), ("z", LR_Z_HINT),
                                ("one-sided", LR_ONE_SIDED_HINT))]
    found.append((wald_oracle(k, n, str(two_sided_z(level))), LR_WALD_HINT))
    if level != 0.95:
        found.insert(0, (lr_oracle(k, n, str(lr_drop(0.95))), IGNORED_LEVEL_HINT))
    right = lr_oracle(k, n, str(lr_drop(level)))
    if k == 0:
        found.append(((math.nan, right[1]), LR_BOUNDARY_HINT))
    if k == n:
        found.append(((right[0], math.nan), LR_BOUNDARY_HINT))
    return found


def expect_lr(got: object, k: int, n: int, level: float, call: str) -> None:
    __tracebackhide__ = True
    expected = lr_oracle(k, n, str(lr_drop(level)))
    close = (isinstance(got, tuple) and len(got) == 2
             and all(isinstance(v, float) and abs(v - e) < 1e-6
                     for v, e in zip(got, expected, strict=True)))
    expect_interval(got, expected, call=call, mistakes=lr_mistakes(k, n, level),
                    fallback=LR_PRECISION_HINT if close else
                    "Solve 2 [l(theta_hat) - l(theta)] = c on each side of theta_hat (l rises "
                    "up to theta_hat and falls after it, so bisection works).")


@pytest.mark.graded("day52.likelihood_ratio_interval", points=2)
def test_likelihood_ratio_interval_at_other_levels(uncertainty):
    for k, n, level in ((1, 40, 0.9), (3, 4, 0.99), (0, 37, 0.8)):
        expect_lr(uncertainty.likelihood_ratio_interval(k, n, level), k, n, level,
                  call=f"likelihood_ratio_interval({k}, {n}, level={level})")


@pytest.mark.graded("day52.likelihood_ratio_interval", points=2)
def test_likelihood_ratio_interval_small_and_large_n(uncertainty):
    # (0, 1): the interval is (0, 1 - exp(-c / 2)); (1, 1000): a lower end near 2.5e-5, where
    # brentq's default xtol is too coarse.
    for k, n in ((0, 1), (1, 1), (250, 1000), (1, 1000)):
        expect_lr(uncertainty.likelihood_ratio_interval(k, n), k, n, 0.95,
                  call=f"likelihood_ratio_interval({k}, {n})")


@pytest.mark.graded("day52.likelihood_ratio_interval", points=1)
def test_likelihood_ratio_interval_with_numpy_arguments(uncertainty):
    for k, n in ((np.int64(5), np.int64(5)), (np.int64(6), np.int64(13))):
        expect_lr(uncertainty.likelihood_ratio_interval(k, n), int(k), int(n), 0.95,
                  call=f"likelihood_ratio_interval(np.int64({int(k)}), np.int64({int(n)}))")


# -------------------------------------------------------------------------------- coverage
def checked_count(k: object, n: int) -> int:
    """The count as an int, or a clear error (the student's code must pass counts)."""
    if isinstance(k, bool) or not float(k).is_integer() or not 0 <= float(k) <= n:
        raise ValueError(f"interval_fn expects the count k (an integer from 0 to n), got {k!r}")
    return int(k)


def wald_fn(k, n):
    """A 95 % Wald interval, for the coverage tests."""
    k = checked_count(k, n)
    return wald_oracle(k, int(n), str(two_sided_z(0.95)))


def wilson_fn(k, n):
    """A 95 % Wilson interval, for the coverage tests."""
    k = checked_count(k, n)
    return wilson_oracle(k, int(n), str(two_sided_z(0.95)))


def point_fn(k, n):
    """The zero-width interval (k / n, k / n)."""
    k = checked_count(k, n)
    return (k / n, k / n)


def coverage_oracle(interval, theta: float, n: int, trials: int,
                    seed: int) -> tuple[float, list[tuple[float, str]]]:
    """The coverage the docstring defines, and what the classic mistakes give."""
    counts = np.random.default_rng(seed).binomial(n, theta, size=trials)
    legacy = np.random.RandomState(seed).binomial(n, theta, trials)
    flips = np.random.default_rng(seed).binomial(1, theta, size=(trials, n)).sum(axis=1)
    ends = {k: interval(k, n) for k in range(n + 1)}

    def fraction(draws: np.ndarray, *, strict: bool = False) -> float:
        inside = [(ends[int(k)][0] < theta < ends[int(k)][1]) if strict
                  else (ends[int(k)][0] <= theta <= ends[int(k)][1]) for k in draws]
        return sum(inside) / len(draws)

    right = fraction(counts)
    mistakes = [(fraction(counts, strict=True), COVERAGE_STRICT_HINT),
                (1 - right, COVERAGE_MISS_HINT), (right * trials, COVERAGE_COUNT_HINT),
                (fraction(legacy), COVERAGE_DRAWS_HINT), (fraction(flips), COVERAGE_DRAWS_HINT)]
    return right, [(value, hint) for value, hint in mistakes if value != right]


@pytest.mark.graded("day52.coverage", points=3)
def test_coverage_of_wald_and_wilson(uncertainty):
    for interval, name in ((wald_fn, "Wald"), (wilson_fn, "Wilson")):
        for theta, n, trials, seed in ((0.1, 20, 2000, 5), (0.3, 12, 1500, 11)):
            expected, mistakes = coverage_oracle(interval, theta, n, trials, seed)
            expect_close(uncertainty.coverage(interval, theta, n, trials, seed), expected,
                         call=f"coverage({name} 95 %, theta={theta}, n={n}, trials={trials}, "
                              f"seed={seed})", rel=1e-12, abs_=0.0, mistakes=mistakes)


@pytest.mark.graded("day52.coverage", points=2)
def test_coverage_at_the_ends_and_with_one_trial(uncertainty):
    # theta = 0: every count is 0 and (0, 0) contains 0 (closed interval); theta = 1 alike.
    # One simulated data set covers or not.
    cases = [(point_fn, "(k/n, k/n)", 0.0, 9, 300, 3), (point_fn, "(k/n, k/n)", 1.0, 9, 300, 3),
             (wald_fn, "Wald 95 %", 0.4, 25, 1, 8), (wald_fn, "Wald 95 %", 0.02, 25, 400, 8)]
    for interval, name, theta, n, trials, seed in cases:
        expected, mistakes = coverage_oracle(interval, theta, n, trials, seed)
        expect_close(uncertainty.coverage(interval, theta, n, trials, seed), expected,
                     call=f"coverage({name}, theta={theta}, n={n}, trials={trials}, "
                          f"seed={seed})", rel=1e-12, abs_=0.0, mistakes=mistakes)


@pytest.mark.graded("day52.coverage", points=1)
def test_coverage_with_numpy_arguments_and_list_results(uncertainty):
    def as_list(k, n):
        low, high = wilson_fn(k, n)
        return [np.float64(low), np.float64(high)]

    for theta, n, trials, seed in ((0.05, 30, 800, 21), (0.6, 8, 500, 22)):
        expected, mistakes = coverage_oracle(wilson_fn, theta, n, trials, seed)
        expect_close(uncertainty.coverage(as_list, np.float64(theta), np.int64(n),
                                          np.int64(trials), np.int64(seed)), expected,
                     call=f"coverage(Wilson as a list, np.float64({theta}), np.int64({n}), "
                          f"np.int64({trials}), np.int64({seed}))", rel=1e-12, abs_=0.0,
                     mistakes=mistakes)
