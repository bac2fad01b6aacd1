"""Graded checks for Day 50's results: weight vectors, and the ``(w, sigma2)`` pair.

The vector version of ``course.checks.expect_close``: the result must be a float array of the
expected shape whose every entry is within tolerance; when it matches, entry by entry, the
vector that a classic mistake gives on the same input, the failure's hint names that mistake.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from course.checks import DIAGNOSIS_REL_TOL, as_float, fail, same

VectorMistakes = Iterable[tuple[object, str]]

OVERFLOW_HINT = ("Your result holds nan or inf: np.exp of a large logit overflowed (e.g. "
                 "exp(z) / (1 + exp(z)) at z = 800); compute the sigmoid without exponentiating "
                 "a large positive number (np.logaddexp, scipy.special.expit).")


def _agree(got: np.ndarray, wanted: np.ndarray, rel: float, abs_: float) -> bool:
    return got.shape == wanted.shape and all(
        same(float(a), float(b), rel, abs_) for a, b in zip(got.flat, wanted.flat, strict=True))


def as_vector(got: object, call: str, length: int) -> np.ndarray:
    """``got`` as a float array of shape ``(length,)``, or fail saying what came back."""
    __tracebackhide__ = True
    if not isinstance(got, np.ndarray):
        fail(f"{call} returned {got!r} (a {type(got).__name__}), expected a NumPy array.",
             "Return a NumPy array of shape (d,), one entry per weight (np.asarray(...)).")
    if got.shape != (length,):
        fail(f"{call} returned an array of shape {got.shape}, expected shape ({length},).",
             f"Return a 1-D array with one entry per column of X (shape ({length},)), not a "
             "column or a matrix.")
    if not np.issubdtype(got.dtype, np.floating):
        fail(f"{call} returned an array of dtype {got.dtype}, expected floats.",
             "Return an array of floats.")
    return got.astype(float)


def expect_vector_close(
    got: object,
    expected: object,
    *,
    call: str,
    mistakes: VectorMistakes = (),
    rel: float = 1e-9,
    abs_: float = 1e-12,
) -> None:
    """Fail, with a hint, unless ``got`` equals ``expected`` entry by entry within tolerance."""
    __tracebackhide__ = True
    wanted = np.asarray(expected, dtype=float)
    value = as_vector(got, call, wanted.shape[0])
    if _agree(value, wanted, rel, abs_):
        return
    hint = next((h for wrong, h in mistakes
                 if _agree(value, np.asarray(wrong, dtype=float), DIAGNOSIS_REL_TOL, 1e-12)),
                None)
    if hint is None:
        hint = (OVERFLOW_HINT if not np.isfinite(value).all() and np.isfinite(wanted).all()
                else "Compare your formula with the one in the docstring, entry by entry.")
    worst = int(np.argmax([0.0 if same(float(a), float(b), rel, abs_) else 1.0
                           for a, b in zip(value, wanted, strict=True)]))
    fail(f"{call} returned {value!r}, expected {wanted!r}; entry {worst} is "
         f"{value[worst]!r} instead of {wanted[worst]!r}.", hint)


def expect_pair(got: object, call: str) -> tuple[object, object]:
    """The two items of a returned ``(w, sigma2)`` pair, or fail saying what came back."""
    __tracebackhide__ = True
    if not isinstance(got, tuple | list) or len(got) != 2:
        fail(f"{call} returned {got!r}, expected a pair (w, sigma2).",
             "Return a tuple of two items: the weights (an array), then sigma2 (a float).")
    first, second = got
    if isinstance(first, float | int) and isinstance(second, np.ndarray):
        fail(f"{call} returned (sigma2, w) = {got!r}.",
             "The order is (w, sigma2): the weights first, then the noise variance.")
    return first, second


def scalar(got: object, call: str) -> float:
    """``got`` as a plain float (``course.checks.as_float``), for the sigma2 of a pair."""
    __tracebackhide__ = True
    return as_float(got, call)
