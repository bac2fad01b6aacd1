"""Day 50: the reference's stopping rule, refusals, speed and docstring claims (not graded).

The docstrings promise that a fit which does not meet its stopping rule within
``MAX_NEWTON_STEPS`` Newton steps raises ``RuntimeError`` saying so, instead of returning an
unconverged result. The grader cannot change a submission's constants, so this is checked on the
reference only (instructors: the student release has no solutions/).
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

reference = pytest.importorskip("solutions.day50.fitting")
CAP = reference.MAX_NEWTON_STEPS

LOGISTIC_X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
POISSON_X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 4.0]]


@pytest.mark.parametrize("cap", [1, 2, 3])
def test_logistic_fit_raises_when_the_cap_cuts_it_short(monkeypatch, cap):
    monkeypatch.setattr(reference, "MAX_NEWTON_STEPS", cap)
    with pytest.raises(RuntimeError, match=rf"did not converge: after {cap} Newton steps"):
        reference.fit_logistic_regression(LOGISTIC_X, [0, 1, 0, 1])


@pytest.mark.parametrize("cap", [1, 2, 3])
def test_poisson_fit_raises_when_the_cap_cuts_it_short(monkeypatch, cap):
    monkeypatch.setattr(reference, "MAX_NEWTON_STEPS", cap)
    with pytest.raises(RuntimeError, match=rf"did not converge: after {cap} Newton steps"):
        reference.fit_poisson_regression(POISSON_X, [1, 0, 2, 4, 7])


def count_steps(monkeypatch, fit, *args) -> int:
    """The smallest cap under which ``fit(*args)`` converges."""
    for cap in range(1, CAP + 1):
        monkeypatch.setattr(reference, "MAX_NEWTON_STEPS", cap)
        try:
            fit(*args)
        except RuntimeError:
            continue
        return cap
    raise AssertionError("never converged")


def test_the_cap_leaves_room(monkeypatch):
    """The module's comment: fewer than 30 steps on the tests' problems, far below the cap."""
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(300), rng.normal(size=(300, 2))])
    y = (rng.uniform(size=300) < 1 / (1 + np.exp(-X @ [0.5, 2.0, -1.0]))).astype(float)
    counts = rng.poisson(np.exp(X @ [6.9, 0.3, -0.2])).astype(float)
    assert count_steps(monkeypatch, reference.fit_logistic_regression, X, y) < 30
    assert count_steps(monkeypatch, reference.fit_poisson_regression, X, counts) < 30
    assert CAP == 100


def test_undamped_newton_would_overflow_on_large_counts():
    """The docstring's claim: from w = 0 the first full Newton step of an intercept-only fit to
    counts near 1000 puts the intercept at mean(y) - 1, and exp of that overflows."""
    y = np.array([990.0, 1010.0, 1000.0, 995.0, 1005.0])
    # J(b) = e^b - mean(y) b: J'(0) = 1 - mean(y), J''(0) = 1.
    first = 0.0 - (1.0 - y.mean()) / 1.0
    assert first == 999.0
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isinf(np.exp(first))
    assert reference.LOG_MAX_FLOAT == math.log(np.finfo(float).max)
    w = reference.fit_poisson_regression(np.ones((5, 1)), y)
    assert w[0] == pytest.approx(math.log(1000.0), rel=1e-12)


def test_quasi_separated_example_of_the_docstring():
    """x = [-1, 0, 0, 1], y = [0, 0, 1, 1]: along v = (0, 1) the loss falls to (1/2) log 2 and
    stays there; the fit refuses the data."""
    X = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    losses = []
    for c in (1.0, 10.0, 100.0, 1000.0):
        z = X @ (c * np.array([0.0, 1.0]))
        losses.append(float(np.mean(np.logaddexp(0, z) - y * z)))
    assert losses == sorted(losses, reverse=True)
    assert losses[-1] == pytest.approx(0.5 * math.log(2), rel=1e-12)
    with pytest.raises(ValueError, match="separable"):
        reference.fit_logistic_regression(X, y)


@pytest.mark.parametrize(("n", "seconds"), [(1_000, 1.0), (100_000, 10.0)])
def test_separation_check_is_quick(n, seconds):
    """The README: well under a second for thousands of samples (about 0.01 s measured)."""
    rng = np.random.default_rng(n)
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 3))])
    y = (X[:, 1] + X[:, 2] > 0).astype(float)
    start = time.perf_counter()
    with pytest.raises(ValueError, match="separable"):
        reference.fit_logistic_regression(X, y)
    assert time.perf_counter() - start < seconds


# (w, h) of every graded numerical_gradient call: the docstring's |w_j| / h <= 2e6.
GRADIENT_POINTS = [([1.0, 2.0], 1e-3), ([1.0, -2.0, 0.5], 1e-6), (np.linspace(-1, 1, 5), 1e-6),
                   ([0.3, -0.2, 0.8], 1e-6), ([2.0], 0.1), ([1.0, 2.0, 3.0], 0.5),
                   ([1, -2, 3], 1e-3)]


def test_nominal_and_rounded_steps_agree_on_the_tests_points():
    """Dividing by 2h or by the distance between the two evaluated floats differs by at most
    2^-52 |w_j| / (2h) relative: below 1e-9 wherever the tests call numerical_gradient."""
    for w, h in GRADIENT_POINTS:
        for value in np.asarray(w, float):
            assert abs(value) / h <= 2e6
            rounded = (value + h) - (value - h)
            assert abs(rounded / (2 * h) - 1) <= 2.0**-52 * abs(value) / (2 * h) + 2.0**-52
            assert abs(rounded / (2 * h) - 1) < 1e-9


def test_the_prior_docstrings_ranges_of_squares():
    """gaussian_prior_penalty: squares overflow above 1.3e154 and leave the normal range below
    1.5e-154 (reaching 0 below 1.6e-162)."""
    tiny, huge = np.finfo(float).tiny, np.finfo(float).max
    assert f"{math.sqrt(huge):.1e}" == "1.3e+154" and f"{math.sqrt(tiny):.1e}" == "1.5e-154"
    with np.errstate(all="ignore"):
        assert np.isinf(np.float64(1.35e154) ** 2) and np.isfinite(np.float64(1.34e154) ** 2)
        assert np.float64(1.4e-154) ** 2 < tiny <= np.float64(1.5e-154) ** 2
        assert np.float64(1.5e-162) ** 2 == 0.0 < np.float64(1.6e-162) ** 2
    assert reference.gaussian_prior_penalty([1e200], 1e200) == 0.5
    assert "1.3 \\cdot 10^{154}" in reference.gaussian_prior_penalty.__doc__
