"""Graded checks for functions that return arrays (``log_sigmoid``, ``log_softmax``).

The array version of ``course.checks.expect_close``: every entry must be within tolerance, and
when the result matches the array a classic mistake gives on the same input, the failure's hint
names that mistake.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from course.checks import DIAGNOSIS_REL_TOL, fail, same

ArrayMistakes = Iterable[tuple[object, str]]


def _entries_match(got: np.ndarray, wanted: np.ndarray, rel: float, abs_: float) -> bool:
    return got.shape == wanted.shape and all(
        same(float(a), float(b), rel, abs_) for a, b in zip(got.flat, wanted.flat, strict=True))


def _generic_hint(value: np.ndarray, expected: np.ndarray) -> str:
    if np.isnan(value).any():
        return ("Your result holds nan: an inf - inf or 0 * inf from an exponential that "
                "overflowed; never exponentiate a large positive number.")
    if (np.isinf(value) & np.isfinite(expected)).any():
        return ("Your result holds an infinity where the answer is finite: exp overflowed, or "
                "you took the log of something that rounded to 0.")
    return "Compare your formula with the one in the docstring, entry by entry."


def expect_array_close(
    got: object,
    expected: object,
    *,
    call: str,
    mistakes: ArrayMistakes = (),
    rel: float = 1e-9,
    abs_: float = 0.0,
) -> None:
    """Fail, with a hint, unless ``got`` is a float array equal to ``expected`` entry by entry."""
    __tracebackhide__ = True
    wanted = np.asarray(expected, dtype=float)
    if not isinstance(got, np.ndarray):
        fail(f"{call} returned {got!r} (a {type(got).__name__}), expected a NumPy array.",
             "Return a NumPy array of the same shape as the input (np.asarray(...)).")
    if got.shape != wanted.shape:
        fail(f"{call} returned an array of shape {got.shape}, expected shape {wanted.shape}.",
             f"Return one value per input entry: an array of shape {wanted.shape}.")
    if not np.issubdtype(got.dtype, np.floating):
        fail(f"{call} returned an array of dtype {got.dtype}, expected floats.",
             "Return an array of floats.")
    value = got.astype(float)
    if _entries_match(value, wanted, rel, abs_):
        return
    # No absolute slack here: a mistake that rounds a tiny entry to 0.0 must not be confused
    # with one that keeps it.
    hint = next((h for wrong, h in mistakes
                 if _entries_match(value, np.asarray(wrong, dtype=float), DIAGNOSIS_REL_TOL,
                                   0.0)), None) or _generic_hint(value, wanted)
    index = next(i for i, (a, b) in enumerate(zip(value.flat, wanted.flat, strict=True))
                 if not same(float(a), float(b), rel, abs_))
    where = np.unravel_index(index, wanted.shape)
    fail(f"{call} returned {value!r}, expected {wanted!r}; entry {tuple(map(int, where))} is "
         f"{value.flat[index]!r} instead of {wanted.flat[index]!r}.", hint)
