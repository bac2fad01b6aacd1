"""Day 47: bad input raises ValueError naming the argument (not graded).

The checks are given in the stubs, so these tests pass for an untouched stub as well; they
guard the contract of the reference and warn a student who deletes a check.
"""

import math

import numpy as np
import pytest

SAMPLE_FUNCTIONS = ("bernoulli_mle", "gaussian_mle", "poisson_mle", "exponential_mle")


@pytest.mark.parametrize("p", [0.0, -0.5, 0.6, 0.9, 0.5000001, 1.0, 2.0, math.nan, math.inf,
                               -math.inf, "0.5", None, True, [0.5], np.array([0.5])])
def test_product_underflow_length_rejects_bad_p(log_likelihood, p):
    with pytest.raises(ValueError, match="p "):
        log_likelihood.product_underflow_length(p)


def test_product_underflow_length_explains_why_p_above_half_is_refused(log_likelihood):
    with pytest.raises(ValueError, match="subnormal"):
        log_likelihood.product_underflow_length(0.9)


@pytest.mark.parametrize("a", [[], [1.0, math.nan], [0.0, math.inf], [[0.0, 1.0]], ["x"],
                               np.zeros((2, 2))])
def test_logsumexp_rejects_bad_input(log_likelihood, a):
    with pytest.raises(ValueError, match="a "):
        log_likelihood.logsumexp(a)


@pytest.mark.parametrize("name", SAMPLE_FUNCTIONS)
@pytest.mark.parametrize("x", [[], [[1.0, 0.0]], [1.0, math.nan], ["a", 1.0]])
def test_estimators_reject_malformed_samples(log_likelihood, name, x):
    with pytest.raises(ValueError, match="x "):
        getattr(log_likelihood, name)(x)


@pytest.mark.parametrize("x", [[0, 2], [1, -1], [0.5, 1.0], [1, math.inf]])
def test_bernoulli_mle_rejects_values_other_than_zero_and_one(log_likelihood, x):
    with pytest.raises(ValueError, match="x "):
        log_likelihood.bernoulli_mle(x)


@pytest.mark.parametrize("x", [[1.0, math.inf], [-math.inf]])
def test_gaussian_mle_rejects_infinite_samples(log_likelihood, x):
    with pytest.raises(ValueError, match="x "):
        log_likelihood.gaussian_mle(x)


@pytest.mark.parametrize("x", [[1, -1], [1.5, 2], [math.inf]])
def test_poisson_mle_rejects_non_counts(log_likelihood, x):
    with pytest.raises(ValueError, match="x "):
        log_likelihood.poisson_mle(x)


@pytest.mark.parametrize("x", [[1.0, -0.5], [0.0, 0.0], [math.inf, 1.0]])
def test_exponential_mle_rejects_bad_waiting_times(log_likelihood, x):
    with pytest.raises(ValueError, match="x "):
        log_likelihood.exponential_mle(x)


@pytest.mark.parametrize(
    ("x", "mu", "sigma", "named"),
    [
        ([], 0.0, 1.0, "x "),
        ([1.0, math.nan], 0.0, 1.0, "x "),
        ([1.0, math.inf], 0.0, 1.0, "x "),
        ([[1.0]], 0.0, 1.0, "x "),
        ([1.0], math.nan, 1.0, "mu "),
        ([1.0], math.inf, 1.0, "mu "),
        ([1.0], "0", 1.0, "mu "),
        ([1.0], [0.0], 1.0, "mu "),
        ([1.0], 0.0, 0.0, "sigma "),
        ([1.0], 0.0, -1.0, "sigma "),
        ([1.0], 0.0, math.nan, "sigma "),
        ([1.0], 0.0, math.inf, "sigma "),
        ([1.0], 0.0, [1.0], "sigma "),
        ([1.0], 0.0, None, "sigma "),
    ],
)
def test_gaussian_log_likelihood_rejects_bad_input(log_likelihood, x, mu, sigma, named):
    with pytest.raises(ValueError, match=named):
        log_likelihood.gaussian_log_likelihood(x, mu, sigma)


@pytest.mark.parametrize(
    ("times", "observed", "named"),
    [
        ([], [], "times "),
        ([1.0, -0.5], [1, 0], "times "),
        ([1.0, math.inf], [1, 0], "times "),
        ([1.0, math.nan], [1, 0], "times "),
        ([[1.0, 2.0]], [[1, 0]], "times "),
        (["a", 1.0], [1, 0], "times "),
        ([0.0, 0.0], [1, 0], "times add up to 0"),
        ([1.0, 2.0], [1, 0, 1], "observed "),
        ([1.0, 2.0], [1, 2], "observed "),
        ([1.0, 2.0], [0.5, 1], "observed "),
        ([1.0, 2.0], [1, math.nan], "observed "),
        ([1.0, 2.0], [[1, 0]], "observed "),
    ],
)
def test_censored_exponential_mle_rejects_bad_input(log_likelihood, times, observed, named):
    with pytest.raises(ValueError, match=named):
        log_likelihood.censored_exponential_mle(times, observed)


GOOD_MIXTURE = {"x": [0.0, 1.0], "weights": [0.5, 0.5], "mus": [0.0, 1.0], "sigmas": [1.0, 2.0]}


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"x": []}, "x "),
        ({"x": [0.0, math.inf]}, "x "),
        ({"x": [[0.0]]}, "x "),
        ({"weights": [0.5, -0.5]}, "weights "),
        ({"weights": [0.5, 0.6]}, "weights must add up to 1"),
        ({"weights": [0.5, math.nan]}, "weights "),
        ({"weights": [1.0]}, "one entry per component"),
        ({"mus": [0.0, math.inf]}, "mus "),
        ({"mus": []}, "mus "),
        ({"sigmas": [1.0, 0.0]}, "sigmas "),
        ({"sigmas": [1.0, -2.0]}, "sigmas "),
        ({"sigmas": [1.0, math.inf]}, "sigmas "),
        ({"sigmas": [1.0, 2.0, 3.0]}, "one entry per component"),
    ],
)
def test_gaussian_mixture_log_likelihood_rejects_bad_input(log_likelihood, changes, named):
    arguments = {**GOOD_MIXTURE, **changes}
    with pytest.raises(ValueError, match=named):
        log_likelihood.gaussian_mixture_log_likelihood(**arguments)


def test_gaussian_mixture_log_likelihood_accepts_weights_within_1e_9(log_likelihood):
    """Weights adding up to 1 within 1e-9 pass the given check (they are used as given)."""
    checked = log_likelihood._check_mixture([0.0], [0.3, 0.7 + 5e-10], [0.0, 1.0], [1.0, 1.0])
    assert checked[1].tolist() == [0.3, 0.7 + 5e-10]
