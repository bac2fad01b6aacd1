"""Build an nbgrader course directory from the single source: ``python -m course nbgrader``.

For every day with reference solutions and graded tests it writes ``source/dayNN/dayNN.ipynb``:
an introduction linking to the lesson, the module's given code (imports and input checks) in a
read-only cell, and per graded function a solution cell (the reference, between nbgrader's own
``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers, exactly as ``solutions/`` has them) and
an autograder test cell worth the pytest suites' points for that function. The test cells do not
restate the tests: they run the day's graded pytest tests on the notebook's functions through
:mod:`course.nbgrader_tests`, the visible ones openly and the hidden ones between nbgrader's
hidden-test markers.

Beside each notebook go the files its visible tests need (``course/`` with the checks and the
runner, and the day's visible ``tests/``), so that students can run the checks wherever the
assignment lands, and the lesson (``lesson/README.md`` with its figures), which the notebook
links to. Hidden tests never go into ``source/`` (nbgrader releases all of it): they are copied
to the course directory's ``hidden/tests/dayNN/``, which its ``nbgrader_config.py`` names to the
kernels nbgrader starts. The configuration holds no absolute path, so the course directory can
be moved, copied to a JupyterHub, or rebuilt elsewhere.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course import nbgrader_tests, stubs

#: Files of ``course/`` that every assignment ships: the checks, and the runner of the tests.
SUPPORT_MODULES = ("__init__.py", "checks.py", "nbgrader_tests.py")
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
#: The assignment's copy of the lesson, relative to the notebook's folder.
LESSON = Path("lesson", "README.md")
#: Files a lesson may show (its figures); a link to anything else becomes plain text.
FIGURE_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg", ".gif")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: Seconds one cell may run under ``nbgrader autograde`` (a hidden test uses 10^6 labels).
CELL_TIMEOUT = 120


@dataclass(frozen=True)
class ModuleParts:
    """A reference module cut into notebook cells."""

    docstring: str
    given: str
    #: (function name, its full definition with the solution markers), in file order.
    solutions: list[tuple[str, str]]


@dataclass(frozen=True)
class GradedFunction:
    """One graded function of a day and the points of its tests."""

    name: str
    code: str
    visible_points: float
    hidden_points: float

    @property
    def points(self) -> float:
        return self.visible_points + self.hidden_points


def split_module(source: str) -> ModuleParts:
    """Cut a reference module into its docstring, its given code and its solution functions.

    A top-level function whose text holds a ``### BEGIN SOLUTION`` marker is a solution; every
    other statement (imports, constants, input checks) is given code, kept in file order with
    the comments above it.
    """
    tree = ast.parse(source)
    lines = source.splitlines()
    docstring = ast.get_docstring(tree, clean=True) or ""
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        start_of_code = body[0].end_lineno or 0
        body = body[1:]
    else:
        start_of_code = 0
    given: list[str] = []
    solutions: list[tuple[str, str]] = []
    previous_end = start_of_code
    starts = [min([n.lineno, *(d.lineno for d in getattr(n, "decorator_list", []))])
              for n in body]
    for index, (node, first) in enumerate(zip(body, starts, strict=True)):
        # A node ends before the next one starts, less the blank lines and column-0 comments
        # (the next section's banner): so a function keeps its trailing `### END SOLUTION`.
        end = starts[index + 1] - 1 if index + 1 < len(body) else len(lines)
        while end > first and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        text = "\n".join(lines[first - 1:end])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and stubs.BEGIN in text:
            solutions.append((node.name, text))
        else:
            # The comments between statements (section banners) go with the next statement.
            given.append("\n".join(lines[previous_end:end]))
        previous_end = end
    given_code = re.sub(r"\n{3,}", "\n\n\n", "\n".join(given).strip("\n"))
    return ModuleParts(docstring, given_code, solutions)


def days(root: Path) -> dict[str, list[stubs.StubPair]]:
    """Every day with reference modules under ``solutions/`` and a ``tests/dayNN`` folder."""
    found: dict[str, list[stubs.StubPair]] = defaultdict(list)
    for pair in stubs.pairs(root):
        day = pair.solution.relative_to(root / "solutions").parts[0]
        if re.fullmatch(r"day\d\d", day) and (root / "tests" / day).is_dir():
            found[day].append(pair)
    return dict(sorted(found.items()))


def _points(root: Path, day: str) -> dict[str, tuple[float, float]]:
    """``{"dayNN.function": (visible points, hidden points)}`` over the day's graded tests."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    folder = root / "tests" / day
    for hidden in (False, True):
        for path in nbgrader_tests.day_test_files(folder, hidden=hidden):
            if "graded(" not in path.read_text(encoding="utf-8"):
                continue
            for test in nbgrader_tests.collect(nbgrader_tests.import_test_file(path, day)):
                totals[test.function][int(hidden)] += test.points
    return {name: (v, h) for name, (v, h) in totals.items()}


def graded_functions(root: Path, day: str, pair: stubs.StubPair) -> tuple[ModuleParts,
                                                                         list[GradedFunction]]:
    """The parts of one reference module and its graded functions with their points."""
    parts = split_module(pair.solution.read_text(encoding="utf-8"))
    points = _points(root, day)
    functions = [GradedFunction(name, code, *points.get(f"{day}.{name}", (0.0, 0.0)))
                 for name, code in parts.solutions]
    return parts, functions


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------
def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
          points: float | None = None) -> dict[str, object]:
    meta: dict[str, object] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                               "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _code(cell_id: str, source: str, **nbgrader: object) -> nbformat.NotebookNode:
    cell = new_code_cell(source, metadata=_meta(cell_id, **nbgrader))  # type: ignore[arg-type]
    cell["id"] = cell_id.replace("_", "-")
    return cell


def _markdown(cell_id: str, source: str) -> nbformat.NotebookNode:
    cell = new_markdown_cell(source)
    cell["id"] = cell_id.replace("_", "-")
    return cell


def _lesson_title(root: Path, day: str) -> str:
    readme = root / "days" / day / "README.md"
    if readme.is_file():
        first = readme.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# "):
            return first[2:].strip()
    return f"Day {day[3:]}"


def grade_cell_source(function: str, graded: GradedFunction) -> str:
    """The autograder cell of one function: visible tests, then hidden ones between markers.

    Every line is a ``check`` call, which returns ``None``: the cell has no value, so nbgrader
    finds no partial credit to read and gives the cell's points unless it raised.
    """
    lines = [f"# Runs the graded tests of {graded.name} (the same checks and hints as "
             f"`pytest tests/{function.split('.')[0]}`): {graded.points:g} points."]
    if graded.visible_points:
        lines.append(f'check("{function}", globals())')
    if graded.hidden_points:
        lines += [HIDDEN_BEGIN, f'check("{function}", globals(), hidden=True)', HIDDEN_END]
    return "\n".join(lines)


SETUP = '''\
# Run this cell first. The graded tests come with this notebook (the folders course/ and tests/
# beside it); each test cell below runs them on your functions.
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
from course.nbgrader_tests import check  # noqa: E402'''


def build_notebook(root: Path, day: str, pairs: list[stubs.StubPair]) -> nbformat.NotebookNode:
    """The nbgrader source notebook of ``day``."""
    title = _lesson_title(root, day)
    modules = [f"{day}.{p.solution.stem}" for p in pairs]
    if (root / "days" / day / "README.md").is_file():  # shipped as LESSON by write_course
        read = (f"Read the lesson first: [{title}]({LESSON.as_posix()}) (the file "
                f"`{LESSON.as_posix()}` beside this notebook; `days/{day}/README.md` in the "
                "course repository).\n\n")
    else:
        read = ""
    cells = [
        _markdown("intro", f"# {title}\n\n{read}"
                  "Write the body of each function where it says `YOUR CODE HERE`, keeping the "
                  "input checks above it, then run the test cell below the function: it runs "
                  f"the course's graded tests (`pytest tests/{day}`) on your code and names the "
                  "likely mistake when one fails. More tests, with the same hints, are run when "
                  "your notebook is graded."),
        _code("setup", SETUP, locked=True),
    ]
    for pair in pairs:
        parts, functions = graded_functions(root, day, pair)
        module = f"{day}.{pair.solution.stem}"
        cells.append(_markdown(f"{pair.solution.stem}_contract",
                               f"## The module `{module}`\n\n{parts.docstring}"))
        cells.append(_code(f"{pair.solution.stem}_given", parts.given, locked=True))
        for graded in functions:
            function = f"{day}.{graded.name}"
            cells.append(_markdown(f"{graded.name}_title",
                                   f"### `{graded.name}` ({graded.points:g} points)"))
            cells.append(_code(graded.name, graded.code, solution=True))
            if graded.points:
                cells.append(_code(f"test_{graded.name}", grade_cell_source(function, graded),
                                   grade=True, locked=True, points=graded.points))
    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": KERNELSPEC, "language_info": {"name": "python"},
        "likelihood_and_loss": {"day": day, "modules": modules}})
    nbformat.validate(notebook)
    return notebook


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------
def support_files(root: Path, day: str) -> list[Path]:
    """The files (relative to ``root``) the visible tests of ``day`` need beside the notebook."""
    files = [Path("course", name) for name in SUPPORT_MODULES]
    files.append(Path("tests", "__init__.py"))
    for path in sorted((root / "tests" / day).glob("*.py")):
        if path.name.startswith("test_") and (path.stem.endswith("_hidden")
                                              or "graded(" not in path.read_text("utf-8")):
            continue  # never a hidden test; no lesson or demo checks either
        files.append(path.relative_to(root))
    return files


#: A markdown link or image: ``[text](target)`` or ``![text](target)``.
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")


def lesson_copy(root: Path, day: str) -> tuple[str, list[Path]] | None:
    """The lesson as an assignment ships it, and the figures it shows (relative to ``root``);
    None for a day without a lesson (``days/dayNN/README.md``) yet.

    Links to the lesson's own figures are kept (the figures are shipped beside it); a relative
    link to anything else (the exercise module, another day) would lead nowhere in an
    assignment, so it becomes its text. A note above the lesson says where the exercises are.
    """
    folder = root / "days" / day
    if not (folder / "README.md").is_file():
        return None
    figures: list[Path] = []

    def rewrite(match: re.Match[str]) -> str:
        bang, text, target = match.groups()
        path = target.split("#", 1)[0]
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or not path:
            return match.group(0)  # a web address or an anchor in the lesson itself
        resolved = (folder / path).resolve()
        if resolved.suffix.lower() in FIGURE_SUFFIXES and resolved.is_file() \
                and resolved.is_relative_to(folder.resolve()):
            figures.append(resolved.relative_to(root.resolve()))
            return match.group(0)
        return text

    text = _LINK.sub(rewrite, (folder / "README.md").read_text(encoding="utf-8"))
    note = (f"> This is the lesson of the course repository (`days/{day}/README.md`). In this "
            f"assignment, the exercises are the notebook [`{day}.ipynb`](../{day}.ipynb); the "
            "commands below that start with `python -m days.` or `pytest` run in the course "
            "repository.\n\n")
    return note + text, sorted(set(figures))


def hidden_files(root: Path, day: str) -> list[Path]:
    """The hidden test files of ``day`` with graded tests (relative to ``root``)."""
    return [path.relative_to(root) for path in sorted((root / "tests" / day).glob("test_*.py"))
            if path.stem.endswith("_hidden") and "graded(" in path.read_text("utf-8")]


CONFIG = '''\
"""nbgrader configuration of the Likelihood & Loss course.

Generated by `python -m course nbgrader`; running it again overwrites this file. It names no
absolute path: everything is found relative to this file, so the folder can be moved.
"""

import os

c = get_config()  # noqa: F821 (nbgrader defines it)
HERE = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "likelihood-and-loss"
c.CourseDirectory.root = HERE
c.Execute.timeout = {timeout}
# The hidden tests live in {hidden}/ beside this file, never in source/ (nbgrader releases all
# of source/). The notebooks' test cells find them through this variable: nbgrader's kernels
# inherit this environment.
os.environ["{variable}"] = os.path.join(HERE, "{hidden}")
'''


def write_course(root: Path, out: Path) -> list[Path]:
    """Write the nbgrader course directory ``out``; return the files written.

    ``source/dayNN/`` and ``hidden/tests/dayNN/`` are rewritten; anything else in ``out`` (the
    gradebook, submissions) is left alone, so a course directory can be rebuilt after grading
    has started.
    """
    written = []
    out.mkdir(parents=True, exist_ok=True)
    config = out / "nbgrader_config.py"
    config.write_text(CONFIG.format(timeout=CELL_TIMEOUT, variable=nbgrader_tests.ROOT_VARIABLE,
                                    hidden=nbgrader_tests.HIDDEN_FOLDER), encoding="utf-8")
    written.append(config)
    for day, pairs in days(root).items():
        folder = out / "source" / day
        hidden = out / nbgrader_tests.HIDDEN_FOLDER / "tests" / day
        for old in (folder, hidden):
            if old.exists():
                shutil.rmtree(old)
        folder.mkdir(parents=True)
        hidden.mkdir(parents=True)
        for path in hidden_files(root, day):
            shutil.copyfile(root / path, hidden / path.name)
            written.append(hidden / path.name)
        lesson, figures = lesson_copy(root, day) or ("", [])
        if lesson:
            (folder / LESSON).parent.mkdir()
            (folder / LESSON).write_text(lesson, encoding="utf-8")
            written.append(folder / LESSON)
        for figure in figures:
            target = folder / LESSON.parent / figure.relative_to(Path("days", day))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / figure, target)
            written.append(target)
        notebook = folder / f"{day}.ipynb"
        nbformat.write(build_notebook(root, day, pairs), notebook)
        written.append(notebook)
        for relative in support_files(root, day):
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / relative, target)
            written.append(target)
        (folder / "tests" / day / "__init__.py").touch()
    return written
