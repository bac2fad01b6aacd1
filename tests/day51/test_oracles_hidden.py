"""The hidden tests' oracles agree with scipy (checked here, not in the grader).

``test_information_hidden`` computes its expected values with mpmath, loops and Newton's method
so that grading needs no scipy; these tests hold those oracles to ``scipy.stats.entropy``,
``scipy.special`` and ``scipy.optimize``. Like the suite it checks, this file stays out of the
student release (``*_hidden.py``).
"""

import math

import numpy as np
import pytest
from scipy import optimize, special, stats

from tests.day51.test_information_hidden import (
    cross_entropy_oracle,
    ece_oracle,
    entropy_oracle,
    kl_oracle,
    soft_ce_oracle,
    temperature_oracle,
)

RNG = np.random.default_rng(51_000)


def _pairs(count: int, k: int):
    for _ in range(count):
        p, q = RNG.dirichlet(np.full(k, 0.6)), RNG.dirichlet(np.full(k, 0.6))
        p[RNG.random(k) < 0.3] = 0.0
        yield p / p.sum(), q


@pytest.mark.parametrize(("p", "q"), list(_pairs(10, 7)))
def test_information_oracles_agree_with_scipy(p, q):
    assert entropy_oracle(p.tolist()) == pytest.approx(stats.entropy(p), rel=1e-13)
    assert entropy_oracle(p.tolist(), 2.0) == pytest.approx(stats.entropy(p, base=2), rel=1e-13)
    assert kl_oracle(p.tolist(), q.tolist()) == pytest.approx(
        np.sum(special.rel_entr(p, q)), rel=1e-11, abs=1e-14)
    assert cross_entropy_oracle(p.tolist(), q.tolist()) == pytest.approx(
        -np.sum(special.xlogy(p, q)), rel=1e-13)


def test_infinite_cases_agree_with_scipy():
    p, q = [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]
    assert kl_oracle(p, q) == np.sum(special.rel_entr(p, q)) == math.inf
    assert cross_entropy_oracle(p, q) == -np.sum(special.xlogy(p, q)) == math.inf


def test_soft_cross_entropy_oracle_agrees_with_log_softmax():
    targets = RNG.dirichlet(np.ones(5), size=12)
    logits = RNG.uniform(-300, 300, size=(12, 5))
    expected = np.mean(-np.sum(targets * special.log_softmax(logits, axis=1), axis=1))
    assert soft_ce_oracle(targets.tolist(), logits.tolist()) == pytest.approx(expected, rel=1e-12)


def test_ece_oracle_agrees_with_a_vectorised_one():
    probs = RNG.dirichlet(np.full(3, 0.5), size=400)
    labels = RNG.integers(0, 3, size=400)
    confidence, correct = probs.max(axis=1), probs.argmax(axis=1) == labels
    for bins in (1, 7, 10):
        which = np.clip(np.ceil(confidence * bins).astype(int) - 1, 0, bins - 1)
        gaps = np.bincount(which, weights=correct - confidence, minlength=bins)
        expected = np.abs(gaps).sum() / labels.size
        assert ece_oracle(probs.tolist(), labels.tolist(), bins) == pytest.approx(expected,
                                                                                 rel=1e-12)


def test_temperature_oracle_agrees_with_brentq():
    """A minimiser can be located only to about the square root of the float spacing (the
    function is flat there), so the check finds the root of the slope instead: Brent's method on
    d NLL / d beta = mean(E_softmax(beta z)[z] - z_y), with scipy's softmax."""
    u = RNG.normal(0, 1.5, size=(300, 4))
    labels = np.array([RNG.choice(4, p=special.softmax(row)) for row in u])
    logits = 3.0 * u

    def slope(beta):
        weights = special.softmax(beta * logits, axis=1)
        return np.mean(np.sum(weights * logits, axis=1) - logits[np.arange(labels.size), labels])

    beta = optimize.brentq(slope, 1e-3, 10.0, xtol=1e-15, rtol=4 * np.finfo(float).eps)
    assert temperature_oracle(logits, labels) == pytest.approx(1 / beta, rel=1e-12)
