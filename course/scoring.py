"""Turn the outcomes of graded tests into per-function scores, a table and JSON.

Each graded test belongs to one function (``dayNN.function``) and carries points. A function's
score is the sum of the points of its passed tests; its status is ``passed`` (every test
passed), ``not started`` (every test met the stub's ``NotImplementedError``) or ``failed``.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

PASSED, FAILED, NOT_STARTED = "passed", "failed", "not started"


@dataclass(frozen=True)
class TestOutcome:
    """The result of one graded test."""

    function: str
    test: str
    points: float
    outcome: str
    hint: str = ""
    visibility: str = "visible"


@dataclass
class FunctionScore:
    """The score of one graded function, summed over its tests."""

    function: str
    score: float = 0.0
    max_score: float = 0.0
    outcomes: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.outcomes and all(o == PASSED for o in self.outcomes):
            return PASSED
        if self.outcomes and all(o == NOT_STARTED for o in self.outcomes):
            return NOT_STARTED
        return FAILED

    def as_dict(self) -> dict[str, object]:
        return {"score": self.score, "max_score": self.max_score, "status": self.status,
                "hints": list(self.hints)}


#: Why a function's passed visible tests earn nothing (see ``withheld``).
HIDDEN_GATE = ("The visible tests' points count once at least one hidden test of this "
               "function passes too (hidden tests use inputs you have not seen).")


def withheld(outcomes: Iterable[TestOutcome]) -> set[str]:
    """The functions whose visible points are withheld: they have hidden tests and passed none.

    The visible tests' inputs are in the student's hands (their expected values too), so a
    module that only echoes those answers must not earn points: a function's points need at
    least one test whose inputs the student has not seen."""
    hidden: dict[str, bool] = {}
    for outcome in outcomes:
        if outcome.visibility == "hidden":
            hidden[outcome.function] = hidden.get(outcome.function, False) or (
                outcome.outcome == PASSED)
    return {function for function, passed in hidden.items() if not passed}


def summarise(outcomes: Iterable[TestOutcome]) -> dict[str, FunctionScore]:
    """Per-function scores, keyed and ordered by ``dayNN.function`` in order of first test."""
    outcomes = list(outcomes)
    gated = withheld(outcomes)
    scores: dict[str, FunctionScore] = {}
    for outcome in outcomes:
        entry = scores.setdefault(outcome.function, FunctionScore(outcome.function))
        entry.max_score += outcome.points
        entry.outcomes.append(outcome.outcome)
        if outcome.outcome == PASSED and outcome.function not in gated:
            entry.score += outcome.points
        elif outcome.outcome == FAILED and outcome.hint and outcome.hint not in entry.hints:
            entry.hints.append(outcome.hint)
    for function in gated:
        entry = scores[function]
        if PASSED in entry.outcomes and HIDDEN_GATE not in entry.hints:
            entry.hints.append(HIDDEN_GATE)
    return scores


def to_json(scores: dict[str, FunctionScore]) -> dict[str, dict[str, object]]:
    return {name: entry.as_dict() for name, entry in scores.items()}


def _points(value: float) -> str:
    return f"{value:g}"


def render_table(scores: dict[str, FunctionScore], width: int | None = None) -> list[str]:
    """The score table as lines of text: function, status, points, and the first hint."""
    width = width or shutil.get_terminal_size((100, 20)).columns
    name_w = max([len("function"), *(len(n) for n in scores)])
    points = {n: f"{_points(s.score)}/{_points(s.max_score)}" for n, s in scores.items()}
    total_score = sum(s.score for s in scores.values())
    total_max = sum(s.max_score for s in scores.values())
    total = f"{_points(total_score)}/{_points(total_max)}"
    points_w = max(len("points"), len(total), *(len(p) for p in points.values()))
    status_w = len(NOT_STARTED)
    lead = f"{'':{name_w}}  {'':{status_w}}  {'':>{points_w}}  "
    # Hints get their own column when it can be 40 wide, else they go under their row.
    beside = width - len(lead) - 1 >= 40
    hint_w = width - len(lead) - 1 if beside else width - 5
    rule = "-" * (min(width - 1, len(lead) + hint_w) if beside else width - 1)

    lines = [f"{'function':<{name_w}}  {'status':<{status_w}}  {'points':>{points_w}}"
             + ("  hint" if beside else ""), rule]
    for name, entry in scores.items():
        hint = entry.hints[0] if entry.hints else ""
        if len(entry.hints) > 1:
            hint += f" (+{len(entry.hints) - 1} more)"
        wrapped = textwrap.wrap(hint, hint_w)
        row = f"{name:<{name_w}}  {entry.status:<{status_w}}  {points[name]:>{points_w}}"
        if beside:
            lines.append(f"{row}  {wrapped[0]}" if wrapped else row)
            lines.extend(f"{lead}{more}" for more in wrapped[1:])
        else:
            lines.append(row)
            lines.extend(f"    {more}" for more in wrapped)
    lines.append(rule)
    lines.append(f"{'total':<{name_w}}  {'':<{status_w}}  {total:>{points_w}}")
    return lines
