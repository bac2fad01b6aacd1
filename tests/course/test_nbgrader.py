"""The nbgrader course: built from the single source, graded by nbgrader and by `course grade`.

One module fixture does what an instructor does: build the course directory, generate the
student notebooks, collect the submissions into `submitted/<student>/<assignment>/` (the student
notebook filled in with the reference bodies, alone as the README says it may be; the untouched
assignment folder; and for Day 48 one that fails a hidden test only), run `nbgrader autograde`,
`nbgrader generate_feedback` and `nbgrader export`, and grade the same notebooks with
`python -m course grade`. The tests then compare the scores (full points and zero, the same from
both graders) and read what nbgrader printed and what its feedback pages show students.
Slow-ish (about a minute), so it runs once per session.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import leaks, nbgrader_build, nbgrader_tests, stubs
from course.grader import notebooks, submissions
from tests.course.grading import ROOT

#: The days taken through nbgrader end to end (every day is built and checked statically).
DAYS = ("day46", "day48")
STUDENTS = ("correct", "empty")
#: A Day 48 student whose mse passes the visible tests and fails a hidden one (the sum instead
#: of the mean, on long inputs only): its feedback must give the hint and name no hidden test.
TRICKY = "tricky"
TRICKY_MSE = """\
import numpy as np


def mse(y_true, y_pred):
    squares = (np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2
    # A mistake only a long input shows: the sum instead of the mean.
    return float(squares.sum() if squares.size > 100 else squares.mean())
"""
HAS_NBGRADER = importlib.util.find_spec("nbgrader") is not None

instructor_only = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                     reason="instructor repository only")
needs_nbgrader = pytest.mark.skipif(
    not HAS_NBGRADER, reason="nbgrader is not installed (pip install nbgrader==0.9.6): the "
                             "nbgrader round trip cannot run")
pytestmark = [instructor_only, pytest.mark.timeout(600)]


def _env() -> dict[str, str]:
    # nbgrader runs `alembic` by name: the interpreter's own bin/ must come first on PATH.
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
            "MPLBACKEND": "Agg"}


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    process = subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True,
                             timeout=600, check=False)
    assert process.returncode == 0, (command, process.stdout[-3000:], process.stderr[-3000:])
    return process


def _nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-m", "nbgrader", *args], cwd)


def _filled(release: dict, source: dict) -> dict:
    """The student notebook with each solution cell's stub replaced by the reference body."""
    reference = {}
    for cell in source["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            text = "".join(cell["source"])
            reference[meta["grade_id"]] = "\n".join(
                line for line in text.splitlines()
                if line.strip() not in (stubs.BEGIN, stubs.END))
    filled = json.loads(json.dumps(release))
    for cell in filled["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            cell["source"] = reference[meta["grade_id"]]
    return filled


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The course directory, built with `python -m course nbgrader`."""
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    _run([sys.executable, "-m", "course", "nbgrader", "--out", str(course)], ROOT)
    return course


def _with_cell(notebook: dict, grade_id: str, source: str) -> dict:
    changed = json.loads(json.dumps(notebook))
    for cell in changed["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            cell["source"] = source
    return changed


@pytest.fixture(scope="module")
def graded(built) -> dict:
    """Both graders' scores of the submissions: ``{"nbgrader": rows, "course": rows}``, and
    what ``nbgrader autograde`` printed."""
    if not HAS_NBGRADER:
        pytest.skip("nbgrader is not installed (pip install nbgrader==0.9.6)")
    course_dir = built.parent / "course-grade"  # `course grade` gets the two students only
    for day in DAYS:
        _nbgrader("generate_assignment", day, "--force", cwd=built)
        release = built / "release" / day
        notebook = json.loads((release / f"{day}.ipynb").read_text())
        source = json.loads((built / "source" / day / f"{day}.ipynb").read_text())
        # The README's collect step: submitted/<student>/<assignment>/<notebook>.ipynb. The
        # notebook alone is enough: autograde restores the assignment's other files.
        filled = _filled(notebook, source)
        submissions = {"correct": filled, "empty": None}
        if day == "day48":
            submissions[TRICKY] = _with_cell(filled, "mse", TRICKY_MSE)
        for student, content in submissions.items():
            folder = built / "submitted" / student / day
            if content is None:
                shutil.copytree(release, folder)  # the untouched assignment, support files too
            else:
                folder.mkdir(parents=True)
                (folder / f"{day}.ipynb").write_text(json.dumps(content))
            if student in STUDENTS:
                shutil.copytree(folder, course_dir / student / day)
    autograde = {}
    for day in DAYS:
        run = _nbgrader("autograde", day, "--force", cwd=built)
        autograde[day] = run.stdout + run.stderr
        _nbgrader("generate_feedback", day, "--force", cwd=built)
    _nbgrader("export", "--to", str(built / "grades.csv"), cwd=built)
    # `course grade` reads the submitted notebooks only. It runs after nbgrader, not beside
    # it: its judges give staging a submission 20 s of wall time, which a machine busy with
    # nbgrader's kernels (and other work) can use up.
    reports = built.parent / "reports"
    days = [arg for day in DAYS for arg in ("--day", day[3:])]
    grader = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(course_dir), "--out",
         str(reports), "--jobs", "1", *days], cwd=ROOT, env=_env(), capture_output=True,
        text=True, timeout=600, check=False)
    output = grader.stdout + grader.stderr
    assert grader.returncode == 0, output[-3000:]
    with open(built / "grades.csv", newline="") as stream:
        nbgrader_rows = list(csv.DictReader(stream))
    with open(reports / "grades.csv", newline="") as stream:
        course_rows = {row["submission"]: row for row in csv.DictReader(stream)}
    return {"nbgrader": nbgrader_rows, "course": course_rows, "reports": reports,
            "output": output, "autograde": autograde}


def _cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text())["cells"]


# --------------------------------------------------------------------------------------------
# The built course (every day; no nbgrader needed)
# --------------------------------------------------------------------------------------------
def test_every_day_has_a_source_notebook_and_the_config(built):
    days = sorted(nbgrader_build.days(ROOT))
    assert "day48" in days
    assert sorted(p.name for p in (built / "source").iterdir()) == days
    config = (built / "nbgrader_config.py").read_text()
    assert nbgrader_tests.ROOT_VARIABLE in config


def test_the_config_names_no_absolute_path(built):
    """The course directory can be moved: the config finds everything relative to itself."""
    config = (built / "nbgrader_config.py").read_text()
    assert str(ROOT) not in config and str(built) not in config
    strings = [node.value for node in ast.walk(ast.parse(config))
               if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert not [text for text in strings if os.path.isabs(text)], strings
    # What it sets, it sets relative to the file, wherever the folder is.
    moved = built.parent / "moved"
    shutil.copytree(built, moved)
    settings: dict = {}
    namespace = {"__file__": str(moved / "nbgrader_config.py"),
                 "get_config": lambda: _Settings(settings)}
    before = os.environ.get(nbgrader_tests.ROOT_VARIABLE)
    try:
        exec(compile(config, "nbgrader_config.py", "exec"), namespace)  # our generated file
        hidden = Path(os.environ[nbgrader_tests.ROOT_VARIABLE])
    finally:
        if before is None:
            os.environ.pop(nbgrader_tests.ROOT_VARIABLE, None)
        else:
            os.environ[nbgrader_tests.ROOT_VARIABLE] = before
    assert settings["CourseDirectory.root"] == str(moved)
    assert hidden == moved / nbgrader_tests.HIDDEN_FOLDER
    assert sorted(p.name for p in (hidden / "tests" / "day48").glob("test_*_hidden.py")) == [
        p.name for p in nbgrader_build.hidden_files(ROOT, "day48")]
    shutil.rmtree(moved)


class _Settings:
    """Stands for traitlets' config object: records ``c.Section.name = value``."""

    def __init__(self, record: dict, prefix: str = "") -> None:
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> _Settings:
        return _Settings(self._record, f"{self._prefix}{name}.")

    def __setattr__(self, name: str, value) -> None:
        self._record[f"{self._prefix}{name}"] = value


@pytest.mark.parametrize("day", sorted(nbgrader_build.days(ROOT)))
def test_hidden_tests_are_beside_the_source_never_in_it(built, day):
    hidden = built / nbgrader_tests.HIDDEN_FOLDER / "tests" / day
    expected = [p.name for p in nbgrader_build.hidden_files(ROOT, day)]
    assert [p.name for p in sorted(hidden.iterdir())] == expected
    assert expected or day not in DAYS
    assert not list((built / "source").rglob("*_hidden.py"))


def _links(markdown: str) -> list[str]:
    """The relative targets of the markdown links and images in ``markdown``."""
    return [target.split("#", 1)[0] for _, _, target in re.findall(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)",
                                                                    markdown)
            if not re.match(r"[a-z][a-z0-9+.-]*:", target) and not target.startswith("#")]


def _broken_links(folder: Path, day: str) -> list[str]:
    """Links of the notebook and of the shipped markdown files that lead to no file of
    ``folder`` (an assignment as nbgrader releases it)."""
    broken = []
    pages = [(folder / f"{day}.ipynb", "".join(c["source"]))
             for c in _cells(folder / f"{day}.ipynb") if c["cell_type"] == "markdown"]
    pages += [(page, page.read_text()) for page in folder.rglob("*.md")]
    for page, text in pages:
        for target in _links(text):
            place = (page.parent / target).resolve()
            if not (place.is_file() and place.is_relative_to(folder.resolve())):
                broken.append(f"{page.relative_to(folder)} -> {target}")
    return broken


@pytest.mark.parametrize("day", sorted(nbgrader_build.days(ROOT)))
def test_the_notebook_links_to_the_lesson_shipped_with_it(built, day):
    if not (ROOT / "days" / day / "README.md").is_file():
        pytest.skip(f"{day} has no lesson yet")
    folder = built / "source" / day
    intro = "".join(_cells(folder / f"{day}.ipynb")[0]["source"])
    assert nbgrader_build.LESSON.as_posix() in _links(intro)
    lesson = (folder / nbgrader_build.LESSON).read_text()
    original = (ROOT / "days" / day / "README.md").read_text()
    assert original.splitlines()[0] in lesson  # the lesson itself, after a note
    assert list((folder / "lesson" / "outputs").glob("*.png"))  # with its figures
    assert _broken_links(folder, day) == []


@pytest.mark.parametrize("day", sorted(nbgrader_build.days(ROOT)))
def test_solution_cells_hold_the_reference_and_test_cells_its_points(built, day):
    cells = _cells(built / "source" / day / f"{day}.ipynb")
    meta = [c["metadata"].get("nbgrader", {}) for c in cells]
    solutions = {m["grade_id"]: "".join(c["source"]) for c, m in zip(cells, meta, strict=True)
                 if m.get("solution")}
    tests = {m["grade_id"]: (m["points"], "".join(c["source"]))
             for c, m in zip(cells, meta, strict=True) if m.get("grade")}
    for pair in nbgrader_build.days(ROOT)[day]:
        reference = pair.solution.read_text()
        for name, code in nbgrader_build.split_module(reference).solutions:
            assert solutions[name] == code and code in reference  # the reference, as it is
            assert stubs.BEGIN in code and stubs.END in code
            points, source = tests[f"test_{name}"]
            visible = nbgrader_tests.graded_tests_in(ROOT / "tests" / day, f"{day}.{name}",
                                                     hidden=False)
            hidden = nbgrader_tests.graded_tests_in(ROOT / "tests" / day, f"{day}.{name}",
                                                    hidden=True)
            assert points == sum(t.points for t in visible + hidden) > 0
            assert f'check("{day}.{name}", globals())' in source
            assert ("### BEGIN HIDDEN TESTS" in source) == bool(hidden)


@pytest.mark.parametrize("day", sorted(nbgrader_build.days(ROOT)))
def test_assignment_folder_ships_visible_tests_only(built, day):
    folder = built / "source" / day
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"course/checks.py", "course/nbgrader_tests.py", f"tests/{day}/conftest.py"} <= names
    assert not [n for n in names if n.endswith("_hidden.py") or n.startswith("solutions")]


# --------------------------------------------------------------------------------------------
# nbgrader and `course grade` end to end
# --------------------------------------------------------------------------------------------
@needs_nbgrader
def test_student_notebooks_have_stubs_and_no_answers(built, graded):
    for day in DAYS:
        release = built / "release" / day
        assert not leaks.scan(release, ROOT), leaks.scan(release, ROOT)
        text = (release / f"{day}.ipynb").read_text()
        assert "raise NotImplementedError()" in text and "HIDDEN TESTS" not in text
        assert not list(release.rglob("*_hidden.py"))
        assert _broken_links(release, day) == []  # the links work in what students get


@needs_nbgrader
def test_autograde_reads_no_value_from_test_cells(graded):
    """Test cells have no value: nbgrader logs no "cannot be converted to a float" warning
    (it used to log one per test cell, showing a list of outcomes)."""
    for day, log in graded["autograde"].items():
        assert "converted to" not in log and "Cell output is" not in log, (day, log[-3000:])
        assert "Outcome(" not in log and "NotebookTestError" not in log, (day, log[-3000:])


def _hidden_test_names(day: str) -> set[str]:
    names = set()
    for path in nbgrader_tests.day_test_files(ROOT / "tests" / day, hidden=True):
        if "graded(" in path.read_text():
            module = nbgrader_tests.import_test_file(path, day)
            names |= {test.name.split("[")[0] for test in nbgrader_tests.collect(module)}
    return names


@needs_nbgrader
def test_feedback_names_no_hidden_test_and_no_path(built, graded):
    pages = sorted((built / "feedback").glob("*/*/*.html"))
    assert len(pages) == len(DAYS) * len(STUDENTS) + 1, pages
    for page in pages:
        day, html = page.parent.name, page.read_text()
        hidden = sorted(name for name in _hidden_test_names(day) if name in html)
        assert hidden == [], (page, hidden)
        for path in (str(ROOT), str(built), str(built.parent), str(Path.home()),
                     sys.prefix, "site-packages", "_hidden.py"):
            assert path not in html, (page, path)
        shown = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)  # the page's text
        assert "Traceback" not in shown and "File " not in shown, page
    tricky = (built / "feedback" / TRICKY / "day48" / "day48.html").read_text()
    # The hidden failure gives its hint ("You returned the sum over the 5000 samples; ..."),
    # not its call ("mse(y, f) for 5000 samples") nor its expected value.
    assert "You returned the sum" in tricky and "for 5000 samples" not in tricky
    rows = {(r["student_id"], r["assignment"]): r for r in graded["nbgrader"]}
    full, score = float(rows[TRICKY, "day48"]["max_score"]), float(rows[TRICKY, "day48"]["score"])
    assert 0 < score < full  # only the mse cell lost its points


@needs_nbgrader
def test_nbgrader_gives_full_points_and_zero(graded):
    rows = {(r["student_id"], r["assignment"]): r for r in graded["nbgrader"]}
    for day in DAYS:
        correct, empty = rows["correct", day], rows["empty", day]
        assert float(correct["max_score"]) > 0
        assert float(correct["score"]) == float(correct["max_score"]), correct
        assert float(empty["score"]) == 0.0, empty


@needs_nbgrader
@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_course_grade_agrees_with_nbgrader(graded):
    nbgrader_totals: dict[str, list[float]] = {}
    for row in graded["nbgrader"]:
        if row["assignment"] in DAYS:
            total = nbgrader_totals.setdefault(row["student_id"], [0.0, 0.0])
            total[0] += float(row["score"])
            total[1] += float(row["max_score"])
    course = graded["course"]
    assert sorted(course) == sorted(STUDENTS)
    for student in STUDENTS:
        row = course[student]
        assert [float(row["total"]), float(row["max_total"])] == nbgrader_totals[student], (
            student, row, nbgrader_totals, graded["output"][-2000:])
    results = json.loads((graded["reports"] / "correct" / "results.json").read_text())
    assert all(t["score"] == t["max_score"] for t in results["tests"])


# --------------------------------------------------------------------------------------------
# Pieces, fast
# --------------------------------------------------------------------------------------------
def _notebook(cells: list[tuple[str, dict, str]], metadata: dict | None = None) -> bytes:
    # A valid notebook (the grader checks with nbformat's validator): code cells have outputs.
    code = {"outputs": [], "execution_count": None}
    return json.dumps({"cells": [{"cell_type": kind, "id": f"cell-{index}", "metadata": meta,
                                  "source": source, **(code if kind == "code" else {})}
                                 for index, (kind, meta, source) in enumerate(cells)],
                       "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def _solution(name: str) -> dict:
    return {"nbgrader": {"grade_id": name, "solution": True, "grade": False}}


def test_notebook_becomes_the_stub_module_with_the_students_functions():
    data = _notebook([
        ("code", _solution("mse"), "def mse(y_true, y_pred):\n    return 0.25\n"),
        ("code", {}, "%matplotlib inline\ndef likelihood(y_true, p_pred):\n    return 0.5\n"),
        ("code", _solution("gaussian_nll"), "def gaussian_nll(y_true, y_pred, sigma=1.0:\n"),
        ("markdown", {}, "def binary_cross_entropy(y, p): is text, not code"),
    ])
    relative, text = notebooks.module_from_notebook(data, "day48.ipynb", ROOT)
    assert relative == "exercises/day48/losses.py"
    namespace: dict = {}
    exec(compile(text, relative, "exec"), namespace)  # our own test module: trusted here
    assert namespace["mse"]([1.0], [2.0]) == 0.25
    assert namespace["likelihood"]([1], [0.5]) == 0.5
    with pytest.raises(SyntaxError, match="gaussian_nll"):
        namespace["gaussian_nll"]([1.0], [1.0])
    with pytest.raises(NotImplementedError):  # not in the notebook: the stub stays
        namespace["binary_cross_entropy"]([1], [0.5])
    with pytest.raises(ValueError, match="y_true"):  # the given input checks are there
        namespace["_check_binary"]([2], [0.5])
    assert text.count("def mse(") == 1 and "# (left out of the module) %matplotlib" in text


def test_notebook_metadata_names_its_module():
    data = _notebook([("code", _solution("mse"), "def mse(a, b):\n    return 1.0\n")],
                     {"likelihood_and_loss": {"day": "day48", "modules": ["day48.losses"]}})
    assert notebooks.module_from_notebook(data, "anything.ipynb", ROOT)[0] == \
        "exercises/day48/losses.py"
    with pytest.raises(notebooks.NotebookError):
        notebooks.module_from_notebook(b"{not json", "day48.ipynb", ROOT)


def test_notebooks_and_folders_of_notebooks_are_submissions(tmp_path):
    data = _notebook([("code", _solution("mse"), "def mse(a, b):\n    return 1.0\n")])
    (tmp_path / "all" / "ann").mkdir(parents=True)
    (tmp_path / "all" / "ann" / "day48.ipynb").write_bytes(data)
    (tmp_path / "all" / "bob.ipynb").write_bytes(data)
    (tmp_path / "all" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "all" / "ann" / "tests").mkdir()  # an assignment's support files are ignored
    (tmp_path / "all" / "ann" / "timestamp.txt").write_text("2026-11-23 20:00:00")
    found, refused = submissions.discover([tmp_path / "all"])
    assert [s.name for s in found] == ["ann", "bob"] and refused == []
    assert [s.name for s in submissions.discover([tmp_path / "all" / "ann"])[0]] == ["ann"]
    for source in found:
        staged = submissions.stage(source)
        assert staged.problem == ""
        assert b"return 1.0" in staged.files["exercises/day48/losses.py"]
        assert staged.files["exercises/day48/__init__.py"] == b""


def test_the_runner_names_the_mistake_and_hides_hidden_inputs():
    import solutions.day48.losses as reference

    wrong = {**vars(reference), "mse": lambda y_true, y_pred: 3 * reference.mse(y_true, y_pred)}
    with pytest.raises(AssertionError, match="You returned the sum") as visible:
        nbgrader_tests.check("day48.mse", wrong)
    assert "mse([2.0, 3.0, 4.5]" in str(visible.value)  # visible: the call is shown
    with pytest.raises(AssertionError) as hidden:
        nbgrader_tests.check("day48.mse", wrong, hidden=True)
    assert "for 5000 samples" not in str(hidden.value)  # hidden: the hint only
    outcomes = nbgrader_tests.run("day48.mse", vars(reference), hidden=True)
    assert outcomes and all(o.status == "passed" for o in outcomes)


def test_a_test_cell_has_no_value_and_hidden_tests_stay_unnamed(capsys):
    import solutions.day48.losses as reference

    names = _hidden_test_names("day48")
    assert nbgrader_tests.check("day48.mse", vars(reference), hidden=True) is None
    printed = capsys.readouterr().out
    assert "passed" in printed and not [n for n in names if n in printed], printed
    wrong = {**vars(reference), "mse": lambda y_true, y_pred: 3 * reference.mse(y_true, y_pred)}
    with pytest.raises(nbgrader_tests.TestsFailed) as failure:
        nbgrader_tests.check("day48.mse", wrong, hidden=True)
    printed = capsys.readouterr().out
    shown = "\n".join(failure.value._render_traceback_())  # what IPython shows: no traceback
    assert shown.startswith("TestsFailed: ") and "Hint: " in shown
    for text in (printed, shown):
        assert not [n for n in names if n in text] and str(ROOT) not in text, text
    empty = {**vars(reference), "mse": lambda y_true, y_pred: (_ for _ in ()).throw(
        NotImplementedError())}
    with pytest.raises(nbgrader_tests.NotWrittenYet) as not_written:
        nbgrader_tests.check("day48.mse", empty)
    assert not_written.value._render_traceback_() == [
        "NotWrittenYet: day48.mse is not written yet: replace `raise NotImplementedError()` "
        "with your code."]


def test_every_test_cell_is_a_list_of_checks():
    """A test cell's lines are comments, hidden-test markers and `check(...)` calls, which
    return None: the cell has no value for nbgrader to read as partial credit."""
    for day, pairs in nbgrader_build.days(ROOT).items():
        for pair in pairs:
            for graded in nbgrader_build.graded_functions(ROOT, day, pair)[1]:
                if not graded.points:
                    continue  # no test cell (a function whose tests are still to come)
                source = nbgrader_build.grade_cell_source(f"{day}.{graded.name}", graded)
                for line in source.splitlines():
                    assert line.startswith(("#", "check(")), line
                assert source.splitlines()[-1] in (nbgrader_build.HIDDEN_END,
                                                   f'check("{day}.{graded.name}", globals())')
