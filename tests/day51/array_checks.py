"""A graded check for functions that return an array (Day 51: ``label_smoothing``).

Like ``course.checks.expect_close``, entry by entry: it says what was called, what came back
and what was expected, and names a classic mistake when the result equals the array that
mistake gives on the same input. When no listed mistake matches, ``explain`` may still say
something about the result (for soft targets: rows that do not sum to 1).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

from course.checks import DIAGNOSIS_REL_TOL, fail

ArrayMistakes = Iterable[tuple[object, str]]


def _agree(got: np.ndarray, wanted: np.ndarray, rel: float, abs_: float) -> bool:
    """Same shape, and every entry within the tolerances (nan only where nan is wanted)."""
    if got.shape != wanted.shape:
        return False
    for a, b in zip(got.ravel().tolist(), wanted.ravel().tolist(), strict=True):
        if math.isnan(a) or math.isnan(b):
            if not (math.isnan(a) and math.isnan(b)):
                return False
        elif not math.isclose(a, b, rel_tol=rel, abs_tol=abs_):
            return False
    return True


def expect_array_close(
    got: object,
    expected: object,
    *,
    call: str,
    mistakes: ArrayMistakes = (),
    rel: float = 1e-12,
    abs_: float = 1e-15,
    explain: Callable[[np.ndarray], str | None] | None = None,
) -> None:
    """Fail, with a hint, unless ``got`` is a float array equal to ``expected`` entry by entry."""
    __tracebackhide__ = True
    wanted = np.asarray(expected, dtype=float)
    if not isinstance(got, np.ndarray):
        fail(f"{call} returned {got!r} (a {type(got).__name__}), expected a NumPy array.",
             "Return a NumPy array (np.asarray(...) of your result).")
    if got.shape != wanted.shape:
        fail(f"{call} returned an array of shape {got.shape}, expected shape {wanted.shape}.",
             f"Return one row per label and one column per class: shape {wanted.shape}.")
    if not (np.issubdtype(got.dtype, np.floating) or np.issubdtype(got.dtype, np.integer)):
        fail(f"{call} returned an array of dtype {got.dtype}, expected floats.",
             "Return an array of floats.")
    value = got.astype(float)
    if _agree(value, wanted, rel, abs_):
        return
    hint = next((text for wrong, text in mistakes
                 if _agree(value, np.asarray(wrong, dtype=float), DIAGNOSIS_REL_TOL, 1e-12)),
                None)
    if hint is None and explain is not None:
        hint = explain(value)
    if hint is None:
        hint = "Compare your formula with the one in the docstring, entry by entry."
    flat_value, flat_wanted = value.ravel(), wanted.ravel()
    index = next(i for i in range(flat_wanted.size)
                 if not _agree(flat_value[i:i + 1], flat_wanted[i:i + 1], rel, abs_))
    where = tuple(int(i) for i in np.unravel_index(index, wanted.shape))
    fail(f"{call} returned {value!r}, expected {wanted!r}; entry {where} is "
         f"{flat_value[index]!r} instead of {flat_wanted[index]!r}.", hint)
