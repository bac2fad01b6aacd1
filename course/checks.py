"""Assertions for graded tests that explain a failure instead of just reporting it.

A graded test states what it called, the exact answer, and the values that the classic mistakes
give on the same input. When the student's result matches one of them, the failure's hint names
that mistake; the pytest plugin shows the hint in the score table.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np

LN10 = math.log(10.0)
LN2 = math.log(2.0)
HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)

#: How close a wrong result must be to a mistake's value for the hint to name that mistake.
DIAGNOSIS_REL_TOL = 1e-6

Mistakes = Iterable[tuple[float, str]]


F = TypeVar("F", bound=Callable[..., Any])


def _frozen(value: Any) -> Any:
    """A hashable stand-in for ``value`` that differs whenever the value does."""
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((key, _frozen(item)) for key, item in value.items())))
    hash(value)  # raises TypeError for anything else unhashable
    return (type(value).__name__, value)


def oracle(function: F) -> F:
    """Remember a slow exact oracle's answers by the value of its arguments.

    The instructor's grader runs every test once per submission in a single session, so a
    high-precision oracle (``mpmath`` over thousands of terms) would recompute the same answer
    hundreds of times. Arguments may be numbers, strings, lists, tuples, dicts and NumPy
    arrays (compared by their bytes); a call with anything else is simply not remembered.
    Each caller gets its own copy of the answer.
    """
    memory: dict[Any, tuple[bool, Any]] = {}

    @functools.wraps(function)
    def remembered(*args: Any, **kwargs: Any) -> Any:
        try:
            key = (_frozen(args), _frozen(kwargs))
        except TypeError:
            return function(*args, **kwargs)
        if key not in memory:
            memory[key] = _kept(function(*args, **kwargs))
        flat, value = memory[key]
        # A list of numbers (or of tuples of them) is kept as a tuple and handed out as a new
        # list, a C-speed copy; anything else is deep-copied.
        return list(value) if flat else copy.deepcopy(value)

    return remembered  # type: ignore[return-value]


_ATOMS = (int, float, str, bool, type(None))


def _kept(value: Any) -> tuple[bool, Any]:
    """How ``oracle`` keeps an answer: ``(True, tuple)`` for a list of atoms or of tuples of
    atoms (nothing a caller could change in place), else ``(False, value)``."""
    if type(value) is list and all(
            type(item) in _ATOMS or (type(item) is tuple
                                     and all(type(part) in _ATOMS for part in item))
            for item in value):
        return True, tuple(value)
    return False, value


class GradingFailure(AssertionError):
    """A failed graded check, carrying a one-sentence hint for the student."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def fail(message: str, hint: str) -> None:
    __tracebackhide__ = True
    raise GradingFailure(f"{message}\nHint: {hint}", hint)


def as_float(got: object, call: str) -> float:
    """Return ``got`` as a plain float if it is a float (NumPy's float64 is one), else fail."""
    __tracebackhide__ = True
    if not isinstance(got, float):
        kind = type(got).__name__
        shape = f" of shape {np.shape(got)}" if isinstance(got, np.ndarray) else ""
        fail(f"{call} returned {got!r} (a {kind}{shape}), expected a float.",
             f"Return a Python float (e.g. `return float(total)`), not a {kind}.")
    # float.__float__ reads the stored value even from a subclass that overrides comparisons.
    return float.__float__(got)  # type: ignore[arg-type]


def same(a: float, b: float, rel: float, abs_: float) -> bool:
    """True when a and b agree: equal infinities, both nan, or within the tolerances."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def diagnose(value: float, mistakes: Mistakes) -> str | None:
    """The hint of the first mistake whose value ``value`` matches, if any."""
    for wrong, hint in mistakes:
        if same(value, wrong, DIAGNOSIS_REL_TOL, 1e-12):
            return hint
    return None


def generic_hint(value: float, expected: float) -> str:
    """A hint for a wrong value that matches no listed mistake."""
    if math.isnan(value):
        return ("Your result is nan: look for 0 * log(0) or 0 * inf; the convention is "
                "0 * log 0 = 0.")
    if math.isinf(value) and not math.isinf(expected):
        return ("Your result is infinite where the answer is finite: a log of 0, perhaps the "
                "log of a product that underflowed to 0.0?")
    if math.isinf(expected):
        return ("The answer here is infinite (a true label has probability 0); do not clip "
                "probabilities or add an epsilon.")
    if expected != 0 and math.isclose(value, -expected, rel_tol=DIAGNOSIS_REL_TOL):
        return "Your result has the wrong sign: a likelihood's log is <= 0, a loss is its negative."
    return "Compare your formula with the one in the docstring, term by term."


def expect_close(
    got: object,
    expected: float,
    *,
    call: str,
    mistakes: Mistakes = (),
    rel: float = 1e-9,
    abs_: float = 1e-12,
) -> None:
    """Fail, with a hint, unless ``got`` is a float equal to ``expected`` within tolerance."""
    __tracebackhide__ = True
    value = as_float(got, call)
    if same(value, expected, rel, abs_):
        return
    mistakes = list(mistakes)
    hint = diagnose(value, mistakes) or generic_hint(value, expected)
    fail(f"{call} returned {value!r}, expected {expected!r}.", hint)


# --------------------------------------------------------------------------------------------
# The classic mistakes, as values computed from the right answer.
# --------------------------------------------------------------------------------------------
def log_base_mistakes(expected: float) -> list[tuple[float, str]]:
    """A log in base 10 or 2 scales every log term by 1/ln 10 or 1/ln 2."""
    return [
        (expected / LN10, "You used log10; the course's logs are natural logs (np.log)."),
        (expected / LN2, "You used log2; the course's logs are natural logs (np.log)."),
    ]


def sign_mistake(expected: float) -> list[tuple[float, str]]:
    return [(-expected, "Your result has the wrong sign: check the minus in front of the sum.")]


def total_vs_mean_mistakes(expected: float, n: int, *, wants: str) -> list[tuple[float, str]]:
    """Sum for mean (a factor n) or mean for sum (a factor 1/n)."""
    if n == 1:
        return []
    if wants == "mean":
        return [(expected * n, f"You returned the sum over the {n} samples; this loss is the "
                               "mean (divide by n).")]
    return [(expected / n, f"You returned the mean over the {n} samples; a function named "
                           "...nll or ...likelihood returns the total (do not divide by n).")]


def log_loss_mistakes(expected: float, n: int, *, wants: str) -> list[tuple[float, str]]:
    """Every mistake that rescales a log-based total or mean, combined with each other."""
    found = [*log_base_mistakes(expected), *sign_mistake(expected),
             *total_vs_mean_mistakes(expected, n, wants=wants)]
    return found
