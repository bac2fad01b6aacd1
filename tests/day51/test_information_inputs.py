"""Day 51: bad input raises ValueError naming the argument, and no input is modified (not graded).

The checks are given in the stubs, so these tests pass for an untouched stub as well; they
guard the contract of the reference and warn a student who deletes a check.
"""

import doctest
import math

import numpy as np
import pytest

GOOD = [0.5, 0.25, 0.25]


@pytest.mark.parametrize("name", ["entropy", "cross_entropy", "kl_divergence"])
@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ([], "p"),
        ([[0.5, 0.5]], "p"),
        ([0.5, math.nan, 0.5], "p"),
        ([0.5, 0.6], "p"),  # sums to 1.1
        ([1.5, -0.5], "p"),  # sums to 1, but not probabilities
        (["a", "b"], "p"),
        ([0.4, 0.4], "p"),
    ],
)
def test_distributions_are_checked(information, name, bad, named):
    function = getattr(information, name)
    with pytest.raises(ValueError, match=named):
        function(bad) if name == "entropy" else function(bad, GOOD)


@pytest.mark.parametrize("name", ["cross_entropy", "kl_divergence"])
@pytest.mark.parametrize(
    ("q", "named"),
    [([0.5, 0.5], "p and q"), ([0.5, 0.5, math.nan], "q"), ([0.2, 0.2, 0.2], "q"),
     ([2.0, -0.5, -0.5], "q")],
)
def test_second_distribution_is_checked(information, name, q, named):
    with pytest.raises(ValueError, match=named):
        getattr(information, name)(GOOD, q)


@pytest.mark.parametrize("base", [1, 1.0, 0.0, -2.0, math.inf, math.nan, "2", True, None])
def test_entropy_rejects_a_bad_base(information, base):
    with pytest.raises(ValueError, match="base"):
        information.entropy(GOOD, base=base)


@pytest.mark.parametrize(
    ("labels", "k", "eps", "named"),
    [
        ([0, 3], 3, 0.1, "labels"),
        ([0, -1], 3, 0.1, "labels"),
        ([0, 1.5], 3, 0.1, "labels"),
        ([[0, 1]], 3, 0.1, "labels"),
        ([], 3, 0.1, "labels"),
        ([0, math.nan], 3, 0.1, "labels"),
        ([0, 1], 1, 0.1, "k"),
        ([0, 1], 2.0, 0.1, "k"),
        ([0, 1], True, 0.1, "k"),
        ([0, 1], 3, -0.1, "eps"),
        ([0, 1], 3, 1.5, "eps"),
        ([0, 1], 3, math.nan, "eps"),
        ([0, 1], 3, "0.1", "eps"),
    ],
)
def test_label_smoothing_rejects_bad_input(information, labels, k, eps, named):
    with pytest.raises(ValueError, match=named):
        information.label_smoothing(labels, k, eps)


@pytest.mark.parametrize(
    ("targets", "logits", "named"),
    [
        ([[0.5, 0.5]], [[0.0, 0.0, 0.0]], "targets and logits"),
        ([[0.5, 0.5], [1.0, 0.0]], [[0.0, 0.0]], "targets and logits"),
        ([0.5, 0.5], [[0.0, 0.0]], "targets"),
        ([[0.5, 0.6]], [[0.0, 0.0]], "targets"),
        ([[1.5, -0.5]], [[0.0, 0.0]], "targets"),
        ([[0.5, 0.5]], [[0.0, math.inf]], "logits"),
        ([[0.5, 0.5]], [[0.0, math.nan]], "logits"),
        ([[0.5, 0.5]], [0.0, 0.0], "logits"),
    ],
)
def test_soft_cross_entropy_rejects_bad_input(information, targets, logits, named):
    with pytest.raises(ValueError, match=named):
        information.soft_cross_entropy_with_logits(targets, logits)


PROBS = [[0.75, 0.25], [0.25, 0.75]]


@pytest.mark.parametrize(
    ("probs", "labels", "bins", "named"),
    [
        ([0.75, 0.25], [0], 10, "probs"),
        ([[0.75, 0.5], [0.25, 0.75]], [0, 1], 10, "probs"),
        ([[1.25, -0.25], [0.25, 0.75]], [0, 1], 10, "probs"),
        (PROBS, [0, 2], 10, "labels"),
        (PROBS, [0, 0.5], 10, "labels"),
        (PROBS, [0], 10, "probs and labels"),
        (PROBS, [0, 1], 0, "bins"),
        (PROBS, [0, 1], 2.5, "bins"),
        (PROBS, [0, 1], "10", "bins"),
    ],
)
def test_ece_rejects_bad_input(information, probs, labels, bins, named):
    with pytest.raises(ValueError, match=named):
        information.expected_calibration_error(probs, labels, bins)


LOGITS = [[2.0, 0.0], [0.0, 1.0], [1.0, 0.0]]


@pytest.mark.parametrize(
    ("logits", "labels", "held_out", "named"),
    [
        ([2.0, 0.0], [0], [True], "logits"),
        ([[2.0, math.inf]], [0], [True], "logits"),
        (LOGITS, [0, 1], [True, True, True], "logits and labels"),
        (LOGITS, [0, 1, 2], [True, True, True], "labels"),
        (LOGITS, [0, 1, 1], [True, True], "logits and held_out"),
        (LOGITS, [0, 1, 1], [True, False, 2], "held_out"),
        (LOGITS, [0, 1, 1], [[True, True, True]], "held_out"),
        (LOGITS, [0, 1, 1], [False, False, False], "held_out"),
        # every held-out true class on top: T -> 0 keeps lowering the NLL
        (LOGITS, [0, 1, 1], [True, True, False], "no MLE"),
        # the true classes below their rows' means on average: T -> infinity
        (LOGITS, [1, 0, 1], [True, True, True], "no MLE"),
    ],
)
def test_fit_temperature_rejects_bad_input(information, logits, labels, held_out, named):
    with pytest.raises(ValueError, match=named):
        information.fit_temperature(logits, labels, held_out)


def test_valid_edge_inputs_are_accepted(information):
    """Integer lists, NumPy scalars and 0/1 masks are all fine."""
    assert information.entropy([0, 1]) == 0.0
    assert information.entropy([0.5, 0.5], base=np.float64(2.0)) == pytest.approx(1.0)
    assert information.kl_divergence([1, 0], [1, 0]) == 0.0
    assert information.label_smoothing([1], np.int64(2), 0).tolist() == [[0.0, 1.0]]
    assert information.expected_calibration_error([[1, 0]], [0], 1) == 0.0
    temperature = information.fit_temperature(LOGITS, [0, 0, 0], [1, 1, 1])
    assert math.isfinite(temperature) and temperature > 0


def test_no_input_is_modified(information):
    p, q = np.array([0.5, 0.0, 0.5]), np.array([0.25, 0.25, 0.5])
    targets, logits = np.array([[0.2, 0.8], [1.0, 0.0]]), np.array([[900.0, 0.0], [1.0, 2.0]])
    probs, labels = np.array([[0.75, 0.25], [0.375, 0.625]]), np.array([0, 0])
    mask = np.array([True, True])
    copies = [a.copy() for a in (p, q, targets, logits, probs, labels, mask)]
    information.entropy(p)
    information.cross_entropy(p, q)
    information.kl_divergence(p, q)
    information.label_smoothing(labels, 2, 0.1)
    information.soft_cross_entropy_with_logits(targets, logits)
    information.expected_calibration_error(probs, labels, 4)
    information.fit_temperature(logits, np.array([0, 0]), mask)
    for before, after in zip(copies, (p, q, targets, logits, probs, labels, mask), strict=True):
        np.testing.assert_array_equal(before, after)


def test_reference_docstring_examples():
    """The examples in the docstrings are what the reference returns (instructors only: the
    student release has no solutions/)."""
    reference = pytest.importorskip("solutions.day51.information")
    result = doctest.testmod(reference, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 7
