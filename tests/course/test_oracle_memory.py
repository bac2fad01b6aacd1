"""``course.checks.oracle``: a slow exact oracle answers a repeated question from memory."""

from __future__ import annotations

import numpy as np

from course.checks import oracle


def _counted():
    calls = []

    @oracle
    def scaled(x, k=1.0):
        calls.append(1)
        return np.asarray(x, float) * k

    return scaled, calls


def test_the_same_question_is_answered_once():
    scaled, calls = _counted()
    for _ in range(3):
        np.testing.assert_array_equal(scaled([1, 2], k=2.0), [2.0, 4.0])
    assert len(calls) == 1


def test_questions_that_differ_in_any_way_are_answered_apart():
    scaled, calls = _counted()
    for args in ([1, 2], (1, 2), [1.0, 2.0], np.array([1, 2]), np.array([1.0, 2.0]),
                 np.array([1.0, 2.0], dtype=np.float32), np.array([[1.0, 2.0]]), [True, 2]):
        scaled(args)
    scaled([1, 2], k=3.0)
    assert len(calls) == 9


def test_each_caller_gets_its_own_copy():
    scaled, _ = _counted()
    first = scaled([1, 2])
    first[0] = 99.0
    np.testing.assert_array_equal(scaled([1, 2]), [1.0, 2.0])


def test_unhashable_arguments_are_computed_every_time():
    calls = []

    @oracle
    def size(x):
        calls.append(1)
        return len(x)

    assert size([set(), set()]) == 2
    assert size([set(), set()]) == 2
    assert len(calls) == 2
