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

#: The absolute floor of the gradients' tolerances: it only matters for results that underflow.
UNDERFLOW_FLOOR = 1e-300

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
    nonfinite_hint: str = OVERFLOW_HINT,
) -> None:
    """Fail, with a hint, unless ``got`` equals ``expected`` entry by entry within tolerance:
    ``|got - expected| <= max(rel * |expected|, abs_)`` for every entry."""
    __tracebackhide__ = True
    wanted = np.asarray(expected, dtype=float)
    value = as_vector(got, call, wanted.shape[0])
    if _agree(value, wanted, rel, abs_):
        return
    hint = next((h for wrong, h in mistakes
                 if _agree(value, np.asarray(wrong, dtype=float), DIAGNOSIS_REL_TOL, 1e-12)),
                None)
    if hint is None:
        hint = (nonfinite_hint if not np.isfinite(value).all() and np.isfinite(wanted).all()
                else "Compare your formula with the one in the docstring, entry by entry.")
    worst = int(np.argmax([0.0 if same(float(a), float(b), rel, abs_) else 1.0
                           for a, b in zip(value, wanted, strict=True)
                           ]))
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


def expect_gradient_close(
    got: object,
    expected: object,
    sizes: object,
    *,
    call: str,
    mistakes: VectorMistakes = (),
    rel: float = 1e-9,
) -> None:
    """The gradients' comparison: entry j within ``rel * sizes[j] + UNDERFLOW_FLOOR`` of the
    exact entry, where ``sizes[j]`` is the sum of the sizes of the terms that make it.

    A mistake is recognised when every entry is within ``1e-6`` of the mistake's value,
    measured on the same scale (the sizes of the terms, or the mistake's own entry).
    """
    __tracebackhide__ = True
    wanted = np.asarray(expected, dtype=float)
    scale = np.asarray(sizes, dtype=float)
    value = as_vector(got, call, wanted.shape[0])
    with np.errstate(invalid="ignore", over="ignore"):
        miss = np.abs(value - wanted)
        good = np.isfinite(value) & (miss <= rel * scale + UNDERFLOW_FLOOR)
    if good.all():
        return

    def matches(wrong: np.ndarray) -> bool:
        if wrong.shape != value.shape:
            return False
        if not np.isfinite(wrong).all():
            return bool(np.array_equal(np.isnan(wrong), np.isnan(value))
                        and np.all((wrong == value) | np.isnan(wrong)))
        with np.errstate(invalid="ignore", over="ignore"):
            off = np.abs(value - wrong)
            return bool(np.all(off <= DIAGNOSIS_REL_TOL * (scale + np.abs(wrong))
                               + UNDERFLOW_FLOOR))

    hint = next((h for wrong, h in mistakes if matches(np.asarray(wrong, dtype=float))), None)
    if hint is None:
        hint = (OVERFLOW_HINT if not np.isfinite(value).all()
                else "Compare your formula with the one in the docstring, entry by entry.")
    worst = int(np.flatnonzero(~good)[0])
    fail(f"{call} returned {value!r}, expected {wanted!r} (entry j within {rel:g} times the "
         f"sizes of its terms, {scale!r}); entry {worst} is {value[worst]!r} instead of "
         f"{wanted[worst]!r}.", hint)


def expect_refusal(call_it: object, call: str, phrase: str, hint: str) -> None:
    """``call_it()`` must raise ValueError whose message contains ``phrase``."""
    __tracebackhide__ = True
    try:
        got = call_it()  # type: ignore[operator]
    except ValueError as error:
        if phrase not in str(error).lower():
            fail(f"{call} raised ValueError({str(error)!r}), whose message lacks {phrase!r}.",
                 hint)
        return
    fail(f"{call} returned {got!r} instead of raising ValueError.", hint)


def fitted(call_it: object, call: str, refused_hint: str) -> object:
    """The result of ``call_it()``; a ValueError (a refusal of data that have an answer)
    fails with ``refused_hint``."""
    __tracebackhide__ = True
    try:
        return call_it()  # type: ignore[operator]
    except ValueError as error:
        fail(f"{call} raised ValueError({str(error)!r}), but these data have a finite "
             "minimiser.", refused_hint)


def expect_unchanged(arrays: dict[str, np.ndarray], copies: dict[str, np.ndarray],
                     call: str) -> None:
    """Each argument in ``arrays`` still equals its copy taken before the call."""
    __tracebackhide__ = True
    for name, array in arrays.items():
        if not np.array_equal(array, copies[name]):
            fail(f"{call} changed its argument {name}.",
                 f"Your function changed the caller's array {name}; inputs are never modified: "
                 "work on copies (the _check_... helpers return them).")
