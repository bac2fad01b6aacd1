"""Graded checks for Day 52's results that are not single floats: intervals and vectors.

Like ``course.checks.expect_close``, each check states what was called, what came back and what
was expected, and when the result matches (to ``DIAGNOSIS_REL_TOL``) the value a classic
mistake gives on the same input, the hint names that mistake.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from course.checks import DIAGNOSIS_REL_TOL, as_float, fail, same

Pair = tuple[float, float]

#: The tolerance of the intervals' ends (the docstrings state it).
INTERVAL_REL, INTERVAL_ABS = 1e-9, 1e-12

ORDER_HINT = "Return the ends in order: (low, high) with low <= high."
TUPLE_HINT = "Return a tuple of two floats, e.g. `return float(low), float(high)`."


def _matches(got: Sequence[float], wanted: Sequence[float]) -> bool:
    return len(got) == len(wanted) and all(
        same(float(a), float(b), DIAGNOSIS_REL_TOL, 1e-12)
        for a, b in zip(got, wanted, strict=True))


def expect_interval(got: object, expected: Pair, *, call: str,
                    mistakes: Iterable[tuple[Pair, str]] = (),
                    rel: float = INTERVAL_REL, abs_: float = INTERVAL_ABS,
                    fallback: str = "Compare your formula with the one in the docstring.") -> None:
    """Fail, with a hint, unless ``got`` is a tuple ``(low, high)`` of two floats, each within
    ``math.isclose(..., rel_tol=rel, abs_tol=abs_)`` of the expected end."""
    __tracebackhide__ = True
    if not isinstance(got, tuple) or len(got) != 2:
        fail(f"{call} returned {got!r}, expected the tuple {expected!r}.", TUPLE_HINT)
    low, high = as_float(got[0], f"{call}[0]"), as_float(got[1], f"{call}[1]")
    want_low, want_high = expected
    if same(low, want_low, rel, abs_) and same(high, want_high, rel, abs_):
        return
    message = f"{call} returned {(low, high)!r}, expected {(want_low, want_high)!r}."
    for wrong, hint in [*mistakes, ((want_high, want_low), ORDER_HINT)]:
        if _matches((low, high), wrong):
            fail(message, hint)
    fail(message, fallback)


def expect_vector(got: object, expected: Sequence[float], *, call: str,
                  mistakes: Iterable[tuple[Sequence[float], str]] = (),
                  rel: float = 1e-8, abs_: float = 0.0) -> None:
    """Fail, with a hint, unless ``got`` is a float NumPy array of the expected shape whose
    every entry is within ``math.isclose(..., rel_tol=rel, abs_tol=abs_)`` of the expected."""
    __tracebackhide__ = True
    wanted = [float(v) for v in expected]
    if not isinstance(got, np.ndarray):
        fail(f"{call} returned {got!r} (a {type(got).__name__}), expected a NumPy array.",
             "Return a NumPy array of shape (d,), one standard error per weight.")
    if got.shape != (len(wanted),):
        fail(f"{call} returned an array of shape {got.shape}, expected ({len(wanted)},).",
             f"Return a 1-D array with one entry per column of X (shape ({len(wanted)},)).")
    if got.dtype.kind != "f":
        fail(f"{call} returned an array of dtype {got.dtype}, expected floats.",
             "Return an array of floats.")
    values = [float(v) for v in got.tolist()]
    if all(same(a, b, rel, abs_) for a, b in zip(values, wanted, strict=True)):
        return
    message = f"{call} returned {values!r}, expected {wanted!r}."
    for wrong, hint in mistakes:
        if _matches(values, wrong):
            fail(message, hint)
    if any(math.isnan(v) for v in values):
        fail(message, "Your result holds nan: the square root of a negative number? The "
                      "diagonal of the inverse information is positive.")
    fail(message, "Compare your formula with the one in the docstring, entry by entry.")
