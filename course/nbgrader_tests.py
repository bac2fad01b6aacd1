"""Run the course's graded pytest tests of one function against a notebook's own functions.

The test cells of the nbgrader notebooks (``python -m course nbgrader``) call :func:`check`
with the notebook's globals. It imports the day's test files, finds the tests marked
``@pytest.mark.graded("dayNN.function", ...)``, resolves their fixtures (the day's module
fixture becomes a module made of the notebook's namespace; other fixtures are called as pytest
would call them), runs them, and raises an ``AssertionError`` with the tests' hints when one
fails. So a notebook is graded by the very checks, and with the very hints, of
``pytest tests/dayNN``.

Where the test files are:

* visible tests come from the ``tests`` package next to the notebook (each assignment folder
  ships ``course/`` and the day's visible ``tests/``), or from the repository when it is
  importable;
* hidden tests (``*_hidden.py``) exist only on the instructor's side: in the course directory
  that ``python -m course nbgrader`` writes (its ``hidden/tests/dayNN/``, which that
  directory's ``nbgrader_config.py`` puts in ``$LIKELIHOOD_AND_LOSS_ROOT``), in the course
  repository (set ``$LIKELIHOOD_AND_LOSS_ROOT`` to its root), or in the first folder above the
  working directory holding ``tests/dayNN/`` or ``hidden/tests/dayNN/`` with hidden tests.

What a student (and nbgrader's feedback page) sees:

* :func:`check` returns ``None``, so a test cell has no value: nbgrader reads a test cell's value
  as partial credit and logs a warning for every value that is not a number;
* a hidden test is never named, and neither its inputs nor its expected values are shown: a
  failure shows its hint only;
* a failure is one message, not a traceback: a traceback lists the files of the runner and of
  the hidden tests, paths of the instructor's machine. IPython shows an exception that has a
  ``_render_traceback_`` method through that method, as the lines it returns.

This module is copied into every assignment, so it depends on pytest and the standard library
only, and never names a hidden file's content.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

#: Environment variable naming the instructor's repository root (where hidden tests live).
ROOT_VARIABLE = "LIKELIHOOD_AND_LOSS_ROOT"
#: The folder of an nbgrader course directory that holds ``tests/dayNN/*_hidden.py``.
HIDDEN_FOLDER = "hidden"
#: Fixtures of these scopes are computed once per kernel, as in one pytest session.
_SHARED_SCOPES = ("session", "package", "module", "class")
_SHARED: dict[tuple[str, str], Any] = {}


class _Message:
    """Shown by IPython as ``Name: message``, without a traceback (see the module docstring)."""

    def _render_traceback_(self) -> list[str]:
        lines = str(self).splitlines() or [""]
        return [f"{type(self).__name__}: {lines[0]}", *lines[1:]]


class NotebookTestError(_Message, RuntimeError):
    """The tests themselves cannot run (a file or fixture is missing): not the student's fault."""


class TestsFailed(_Message, AssertionError):
    """Some graded tests of a function failed; the message holds what failed and the hints."""

    __test__ = False  # a name pytest would otherwise try to collect


class NotWrittenYet(_Message, NotImplementedError):
    """The function still raises ``NotImplementedError``."""


@dataclass(frozen=True)
class GradedTest:
    """One graded test instance (one parametrization of a test function)."""

    name: str
    function: str
    points: float
    test: Callable[..., Any]
    module: ModuleType
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        return self.module.__name__.rsplit(".", 1)[-1].endswith("_hidden")


# --------------------------------------------------------------------------------------------
# Collection: the same tests, points and parametrizations as pytest collects.
# --------------------------------------------------------------------------------------------
def _marks(module: ModuleType, test: Callable[..., Any]) -> list[Any]:
    module_marks = getattr(module, "pytestmark", [])
    if not isinstance(module_marks, list):
        module_marks = [module_marks]
    return [*getattr(test, "pytestmark", []), *module_marks]


def graded_mark(marks: list[Any]) -> tuple[str, float] | None:
    """``(function, points)`` of the ``graded`` mark among ``marks``, as the plugin reads it."""
    mark = next((m for m in marks if m.name == "graded"), None)
    if mark is None:
        return None
    function = mark.args[0] if mark.args else mark.kwargs["function"]
    points = mark.kwargs.get("points", mark.args[1] if len(mark.args) > 1 else 1)
    return function, float(points)


def _simple_id(value: Any, argname: str, index: int) -> str:
    if isinstance(value, str | int | float | bool) or value is None:
        return str(value)
    return f"{argname}{index}"


def _parametrizations(marks: list[Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every combination of the ``parametrize`` marks: (pytest-like id, arguments)."""
    axes = []
    for mark in (m for m in marks if m.name == "parametrize"):
        argnames, argvalues = mark.args[0], mark.args[1]
        names = ([n.strip() for n in argnames.split(",") if n.strip()]
                 if isinstance(argnames, str) else list(argnames))
        ids = mark.kwargs.get("ids")
        axis = []
        for index, value in enumerate(argvalues):
            # pytest.param(...) gives a ParameterSet: its values, marks and id.
            is_param = all(hasattr(value, a) for a in ("values", "marks", "id"))
            explicit = value.id if is_param else None
            values = value.values if is_param else ((value,) if len(names) == 1 else tuple(value))
            if isinstance(ids, list | tuple):
                label = str(ids[index])
            elif callable(ids):
                label = "-".join(str(ids(v)) for v in values)
            else:
                label = explicit or "-".join(_simple_id(v, n, index)
                                             for v, n in zip(values, names, strict=True))
            axis.append((label, dict(zip(names, values, strict=True))))
        axes.append(axis)
    # pytest's ids list the innermost (last applied, first in the list) decorator last.
    for combination in itertools.product(*reversed(axes)):
        label = "-".join(part for part, _ in combination)
        params = {k: v for _, arguments in combination for k, v in arguments.items()}
        yield (f"[{label}]" if combination else ""), params


def collect(module: ModuleType, function: str | None = None) -> list[GradedTest]:
    """The graded tests of ``module`` (of ``function`` only, when given), in file order."""
    found = []
    for name, test in vars(module).items():
        if not (name.startswith("test") and inspect.isfunction(test)):
            continue
        marks = _marks(module, test)
        graded = graded_mark(marks)
        if graded is None or (function is not None and graded[0] != function):
            continue
        for suffix, params in _parametrizations(marks):
            found.append(GradedTest(name + suffix, graded[0], graded[1], test, module, params))
    return found


# --------------------------------------------------------------------------------------------
# Finding and importing the test files.
# --------------------------------------------------------------------------------------------
def day_of(function: str) -> str:
    """``"day48"`` for ``"day48.mse"``."""
    day = function.split(".", 1)[0]
    if not re.fullmatch(r"day\d\d", day):
        raise NotebookTestError(f"{function!r} is not of the form dayNN.function")
    return day


def _mentions(path: Path, function: str) -> bool:
    # A cheap filter, so that files without graded tests of this function are never imported.
    try:
        return f'"{function}"' in path.read_text(encoding="utf-8")
    except OSError:
        return False


def _visible_folder(day: str) -> Path:
    package = importlib.import_module(f"tests.{day}")
    return Path(next(iter(package.__path__)))


def hidden_folder(day: str, start: Path | None = None) -> Path | None:
    """The instructor's ``tests/dayNN`` folder holding hidden tests, or None if there is none.

    Looked for in ``$LIKELIHOOD_AND_LOSS_ROOT``, then in the working directory and each folder
    above it, and in the ``hidden/`` folder of each (where ``python -m course nbgrader`` puts
    them), so that autograding inside a course directory finds them without the variable.
    """
    candidates = []
    if os.environ.get(ROOT_VARIABLE):
        candidates.append(Path(os.environ[ROOT_VARIABLE]))
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidates += [folder, folder / HIDDEN_FOLDER]
    for root in candidates:
        folder = root / "tests" / day
        if any(folder.glob("test_*_hidden.py")):
            return folder
    return None


def import_test_file(path: Path, day: str) -> ModuleType:
    """Import ``path`` as ``tests.<day>.<stem>`` (so its own imports resolve as in pytest)."""
    name = f"tests.{day}.{path.stem}"
    loaded = sys.modules.get(name)
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == path.resolve():
        return loaded
    importlib.import_module(f"tests.{day}")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise NotebookTestError(f"cannot import the test file {path.name}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        # Named by its file name only: the message reaches students' feedback.
        raise NotebookTestError(f"the test file {path.name} cannot be imported: "
                                f"{type(error).__name__}: {error}") from None
    except BaseException:
        del sys.modules[name]
        raise
    return module


def day_test_files(folder: Path, *, hidden: bool) -> list[Path]:
    """The ``test_*.py`` files of a day folder: the hidden ones or the visible ones."""
    return [path for path in sorted(folder.glob("test_*.py"))
            if path.stem.endswith("_hidden") == hidden]


def graded_tests_in(folder: Path, function: str, *, hidden: bool) -> list[GradedTest]:
    """The visible (or hidden) graded tests of ``function`` among the test files of ``folder``."""
    day = day_of(function)
    tests = []
    for path in day_test_files(folder, hidden=hidden):
        if _mentions(path, function):
            tests.extend(collect(import_test_file(path, day), function))
    return tests


def graded_tests(function: str, *, hidden: bool) -> list[GradedTest]:
    """The visible (or hidden) graded tests of ``function``, e.g. ``"day48.mse"``."""
    day = day_of(function)
    if not hidden:
        return graded_tests_in(_visible_folder(day), function, hidden=False)
    folder = hidden_folder(day)
    if folder is None:
        raise NotebookTestError(
            f"the hidden tests of {day} were not found: run nbgrader from the course "
            f"directory built by `python -m course nbgrader`, or set {ROOT_VARIABLE} to the "
            "course repository's root")
    return graded_tests_in(folder, function, hidden=True)


# --------------------------------------------------------------------------------------------
# Fixtures: the module under test is the notebook; the others are called like pytest does.
# --------------------------------------------------------------------------------------------
class NotebookImplementation:
    """Stands for the ``course_impl`` fixture: every ``load`` gives the notebook's functions."""

    name = "notebook"

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace

    def load(self, module: str) -> ModuleType:
        """A module named ``module`` holding the notebook's current globals."""
        wrapper = ModuleType(module, f"The notebook's functions, graded as {module}.")
        wrapper.__dict__.update({k: v for k, v in self.namespace.items()
                                 if not (k.startswith("__") and k.endswith("__"))})
        return wrapper


def _fixture_definition(name: str, test: GradedTest) -> Any | None:
    package = test.module.__name__.rsplit(".", 1)[0]
    places = [test.module]
    try:
        places.append(importlib.import_module(f"{package}.conftest"))
    except ModuleNotFoundError:
        pass
    for place in places:
        for candidate in vars(place).values():
            if hasattr(candidate, "_get_wrapped_function") and getattr(
                    candidate, "name", None) == name:
                return candidate
    return None


class _Fixtures:
    """Resolves the fixtures of one test; tears down its function-scoped generators."""

    def __init__(self, test: GradedTest, implementation: NotebookImplementation) -> None:
        self.test, self.implementation = test, implementation
        self.values: dict[str, Any] = {}
        self.teardown: list[Iterator[Any]] = []

    def get(self, name: str) -> Any:
        if name in self.test.params:
            return self.test.params[name]
        if name == "course_impl":
            return self.implementation
        if name in self.values:
            return self.values[name]
        definition = _fixture_definition(name, self.test)
        if definition is None:
            raise NotebookTestError(f"fixture {name!r} of {self.test.name} is not available "
                                    "in a notebook")
        scope = getattr(definition._fixture_function_marker, "scope", "function")
        key = (self.test.module.__name__, name)
        if scope in _SHARED_SCOPES and key in _SHARED:
            return _SHARED[key]
        function = definition._get_wrapped_function()
        arguments = {arg: self.get(arg) for arg in inspect.signature(function).parameters}
        made = function(**arguments)
        if inspect.isgenerator(made):
            generator, made = made, next(made)
            if scope not in _SHARED_SCOPES:
                self.teardown.append(generator)
        if scope in _SHARED_SCOPES:
            _SHARED[key] = made
        self.values[name] = made
        return made

    def close(self) -> None:
        for generator in reversed(self.teardown):
            next(generator, None)


# --------------------------------------------------------------------------------------------
# Running.
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    test: GradedTest
    status: str  # "passed", "failed" or "not started"
    message: str = ""
    hint: str = ""


def _hint(error: BaseException) -> str:
    hint = getattr(error, "hint", None)
    if isinstance(hint, str):
        return hint
    lines = str(error).strip().splitlines()
    if isinstance(error, AssertionError):
        return lines[0] if lines else "An assertion failed."
    return f"Your code raised {type(error).__name__}" + (f": {lines[0]}" if lines else "")


def run_test(test: GradedTest, namespace: dict[str, Any]) -> Outcome:
    """Run one graded test with the notebook's functions as the module under test."""
    fixtures = _Fixtures(test, NotebookImplementation(namespace))
    try:
        arguments = {name: fixtures.get(name)
                     for name in inspect.signature(test.test).parameters}
        test.test(**arguments)
    except NotebookTestError:
        raise
    except NotImplementedError:
        return Outcome(test, "not started")
    except Exception as error:  # the student's error, or a failed check: both lose the points
        return Outcome(test, "failed", str(error).strip(), _hint(error))
    finally:
        fixtures.close()
    return Outcome(test, "passed")


def run(function: str, namespace: dict[str, Any], *, hidden: bool = False) -> list[Outcome]:
    """Run the visible (or hidden) graded tests of ``function``; return one outcome per test.

    Raises
    ------
    NotebookTestError
        If the tests cannot run (none found, a test file or fixture missing).
    """
    tests = graded_tests(function, hidden=hidden)
    if not tests:
        raise NotebookTestError(f"no {'hidden' if hidden else 'visible'} graded tests of "
                                f"{function} were found")
    return [run_test(test, namespace) for test in tests]


def report(function: str, outcomes: list[Outcome], *, hidden: bool) -> str:
    """What :func:`check` prints: a line per visible test, a count only for hidden ones."""
    if not hidden:
        return "\n".join(f"{o.status:<11} visible {o.test.name} ({o.test.points:g} pts)"
                         for o in outcomes)
    counts = {status: sum(o.status == status for o in outcomes)
              for status in ("passed", "failed", "not started")}
    done = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    return f"hidden tests of {function}: {done} (of {len(outcomes)})"


def check(function: str, namespace: dict[str, Any], *, hidden: bool = False) -> None:
    """Run the visible (or hidden) graded tests of ``function`` on the notebook's functions.

    Parameters
    ----------
    function : str
        The graded function, ``"dayNN.name"``.
    namespace : dict
        The notebook's globals (``globals()``), where the function is defined.
    hidden : bool, default False
        Run the hidden tests (instructor only) instead of the visible ones.

    Returns
    -------
    None
        Always: a test cell must have no value, which nbgrader would read as partial credit.

    Raises
    ------
    NotWrittenYet
        (a ``NotImplementedError``) If the function has not been written yet.
    TestsFailed
        (an ``AssertionError``) If a test failed. A visible failure says what was called, what
        came back and what was expected; a hidden one gives its hint only, never the test's
        name, inputs or expected values.
    """
    outcomes = run(function, namespace, hidden=hidden)
    kind = "hidden" if hidden else "visible"
    print(report(function, outcomes, hidden=hidden))
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        if hidden:
            # The distinct hints, in test order: several tests often name the same mistake.
            details = [f"Hint: {hint}" for hint in dict.fromkeys(o.hint for o in failed)]
        else:
            details = [f"- {o.test.name}: {o.message}" for o in failed]
            if "Hint:" not in failed[-1].message:  # expect_close's messages end with theirs
                details.append(f"Hint: {failed[0].hint}")
        raise TestsFailed(f"{len(failed)} of the {len(outcomes)} {kind} tests of "
                          f"{function} failed.\n" + "\n".join(details))
    if any(o.status == "not started" for o in outcomes):
        raise NotWrittenYet(f"{function} is not written yet: replace "
                            "`raise NotImplementedError()` with your code.")
    print(f"All {len(outcomes)} {kind} tests of {function} passed.")


def points(function: str, *, hidden: bool) -> float:
    """The points of the visible (or hidden) graded tests of ``function``."""
    return sum(test.points for test in graded_tests(function, hidden=hidden))
