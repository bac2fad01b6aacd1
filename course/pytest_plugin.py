"""The course's pytest plugin: choose the implementation to grade, score it, explain failures.

Options
-------
``--impl {exercises,solutions}``
    Which tree the graded suites import (default: the ``course_impl`` ini setting).
``--score-json FILE``
    Also write the per-function scores as JSON.

A graded test is marked ``@pytest.mark.graded("dayNN.function", points=P)``. A test that meets
``NotImplementedError`` (an untouched stub) is reported as skipped with the reason "not
started", not as a crash. The run ends with a score table, and pytest's exit status is 0 only
when every graded function earned all of its points.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from course import scoring

IMPLEMENTATIONS = ("exercises", "solutions")
JUDGE_PLUGIN = "course-judge"
_OUTCOMES = pytest.StashKey[list[scoring.TestOutcome]]()


@dataclass(frozen=True)
class Implementation:
    """The tree under grade: ``exercises`` (the student's) or ``solutions`` (the reference)."""

    name: str

    def load(self, module: str) -> ModuleType:
        """Import ``<name>.<module>``, e.g. ``load("day48.losses")``."""
        return importlib.import_module(f"{self.name}.{module}")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("course", "Likelihood & Loss grading")
    group.addoption("--impl", default=None, metavar="{exercises,solutions}",
                    help="grade exercises/ (your work) or solutions/ (the reference); "
                         "default: the course_impl ini setting")
    group.addoption("--score-json", metavar="FILE", default=None,
                    help="also write the per-function score table to FILE as JSON")
    parser.addini("course_impl", "tree the graded suites import by default",
                  default="exercises")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "graded(function, points): a graded test of dayNN.function worth points")
    config.stash[_OUTCOMES] = []
    if implementation_name(config).partition(".")[0] == "exercises":
        # The grader's import rule, enforced here too: what passes here passes when graded.
        from course import imports

        imports.install()


def implementation_name(config: pytest.Config) -> str:
    name = config.getoption("--impl") or config.getini("course_impl")
    # Any importable package laid out like exercises/ may be graded (the fairness tests grade
    # alternative and deliberately wrong implementations this way).
    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name or ""):
        raise pytest.UsageError(f"--impl must be one of {IMPLEMENTATIONS} (or a package name), "
                                f"got {name!r}")
    return name


@pytest.fixture(scope="session")
def course_impl(pytestconfig: pytest.Config) -> Implementation:
    """The implementation under grade; ``course_impl.load("day48.losses")`` imports it.

    Under the instructor's grader, the judge plugin supplies it instead: its modules are
    proxies into a sandbox, so student code never runs in this process.
    """
    judge = pytestconfig.pluginmanager.get_plugin(JUDGE_PLUGIN)
    if judge is not None:
        return judge.implementation()
    return Implementation(implementation_name(pytestconfig))


def _graded(item: pytest.Item) -> tuple[str, float] | None:
    marker = item.get_closest_marker("graded")
    if marker is None:
        return None
    function = marker.args[0] if marker.args else marker.kwargs["function"]
    points = marker.kwargs.get("points", marker.args[1] if len(marker.args) > 1 else 1)
    return function, float(points)


def _visibility(item: pytest.Item) -> str:
    return "hidden" if item.path.stem.endswith("_hidden") else "visible"


def _hint(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    error = excinfo.value
    hint = getattr(error, "hint", None)
    if isinstance(hint, str):
        return hint
    if isinstance(error, ImportError | SyntaxError):
        return f"Your module could not be imported: {type(error).__name__}: {error}"
    if isinstance(error, AssertionError):
        first = str(error).strip().splitlines()
        return first[0] if first else "An assertion failed."
    text = str(error).strip().splitlines()
    detail = f": {text[0]}" if text else ""
    return f"Your code raised {type(error).__name__}{detail}"


def not_started_reason(item: pytest.Item) -> tuple[str, None, str]:
    """The skip reason of a test that reached an untouched stub (``NotImplementedError``)."""
    graded = _graded(item)
    return str(item.path), None, f"not started: {graded[0] if graded else item.name}"


def failure_outcome(excinfo: pytest.ExceptionInfo[BaseException]) -> tuple[str, str]:
    """``(outcome, hint)`` of a test that raised: not started, or failed with a hint.

    Shared with the instructor's judge, which runs some tests without pytest's protocol."""
    if excinfo.errisinstance(NotImplementedError):
        return scoring.NOT_STARTED, ""
    return scoring.FAILED, _hint(excinfo)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    graded = _graded(item)
    outcome: str | None = None
    hint = ""
    if call.excinfo is not None and call.excinfo.errisinstance(NotImplementedError):
        # An untouched stub: any test that reaches it is skipped, not crashed.
        outcome = scoring.NOT_STARTED
        report.outcome = "skipped"
        report.longrepr = not_started_reason(item)
    elif report.failed:
        outcome, hint = failure_outcome(call.excinfo) if call.excinfo else (scoring.FAILED,
                                                                               "failed")
    elif call.when == "call" and report.passed:
        outcome = scoring.PASSED
    if outcome is not None:
        # Read by the instructor's judge, which scores each submission from the reports.
        report.course_outcome, report.course_hint = outcome, hint
    if graded is not None and outcome is not None:
        function, points = graded
        item.config.stash[_OUTCOMES].append(scoring.TestOutcome(
            function=function, test=item.nodeid, points=points, outcome=outcome, hint=hint,
            visibility=_visibility(item)))
    return report


def _scores(config: pytest.Config) -> dict[str, scoring.FunctionScore]:
    return scoring.summarise(config.stash.get(_OUTCOMES, []))


def _write_json_atomically(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=2, sort_keys=False)
        stream.write("\n")
    os.replace(temporary, path)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    scores = _scores(config)
    target = config.getoption("--score-json", None)
    if target:
        _write_json_atomically(Path(target), scoring.to_json(scores))
    incomplete = any(s.score < s.max_score for s in scores.values())
    if incomplete and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    scores = _scores(config)
    if not scores:
        return
    impl = implementation_name(config).replace(".", "/")
    terminalreporter.section(f"score: {impl}/", sep="=", bold=True)
    colours = {scoring.PASSED: "green", scoring.FAILED: "red", scoring.NOT_STARTED: "yellow"}
    lines = scoring.render_table(scores, terminalreporter._tw.fullwidth)
    for line in lines:
        status = next((s for s in colours if f"  {s}  " in line), None)
        markup = {colours[status]: True} if status else {"bold": line.startswith("total")}
        terminalreporter.write_line(line, **markup)
    outcomes = config.stash.get(_OUTCOMES, [])
    if not any(o.visibility == "hidden" for o in outcomes):
        from course import points

        manifest = points.load(Path(str(config.rootpath)))
        hidden = sum(manifest.get(name, {}).get("hidden", 0.0) for name in scores)
        if hidden:
            terminalreporter.write_line(
                f"Only the visible tests ran here: {hidden:g} more points are graded by hidden "
                "tests when your work is graded.")
    if any(s.status != scoring.PASSED for s in scores.values()):
        terminalreporter.write_line(
            "Full points on every function makes pytest exit 0; until then it exits 1.")
