"""The nbgrader course: built from the single source, graded by nbgrader and by `course grade`.

One module fixture does what an instructor does: build the course directory, generate the
student notebooks, collect two submissions (the student notebook filled in with the reference
bodies, and the untouched one), run `nbgrader autograde` and `nbgrader export`, and grade the
same notebooks with `python -m course grade`. The tests then compare the scores: full points and
zero, the same from both graders. Slow-ish (about a minute), so it runs once per session.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
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


@pytest.fixture(scope="module")
def graded(built) -> dict:
    """Both graders' scores of the two submissions: ``{"nbgrader": rows, "course": rows}``."""
    if not HAS_NBGRADER:
        pytest.skip("nbgrader is not installed (pip install nbgrader==0.9.6)")
    for day in DAYS:
        _nbgrader("generate_assignment", day, "--force", cwd=built)
        release = built / "release" / day
        notebook = json.loads((release / f"{day}.ipynb").read_text())
        source = json.loads((built / "source" / day / f"{day}.ipynb").read_text())
        for student in STUDENTS:
            folder = built / "submitted" / student / day
            shutil.copytree(release, folder)
            if student == "correct":
                (folder / f"{day}.ipynb").write_text(json.dumps(_filled(notebook, source)))
    # `course grade` reads the submitted notebooks only: grade them while nbgrader runs.
    reports = built.parent / "reports"
    days = [arg for day in DAYS for arg in ("--day", day[3:])]
    grader = subprocess.Popen(
        [sys.executable, "-m", "course", "grade", str(built / "submitted"), "--out",
         str(reports), "--jobs", "1", *days], cwd=ROOT, env=_env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        for day in DAYS:
            _nbgrader("autograde", day, "--force", cwd=built)
        _nbgrader("export", "--to", str(built / "grades.csv"), cwd=built)
        output, _ = grader.communicate(timeout=600)
    finally:
        if grader.poll() is None:
            grader.kill()
    assert grader.returncode == 0, output[-3000:]
    with open(built / "grades.csv", newline="") as stream:
        nbgrader_rows = list(csv.DictReader(stream))
    with open(reports / "grades.csv", newline="") as stream:
        course_rows = {row["submission"]: row for row in csv.DictReader(stream)}
    return {"nbgrader": nbgrader_rows, "course": course_rows, "reports": reports,
            "output": output}


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
    assert nbgrader_tests.ROOT_VARIABLE in config and str(ROOT) in config


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
    outcomes = nbgrader_tests.check("day48.mse", vars(reference), hidden=True)
    assert outcomes and all(o.status == "passed" for o in outcomes)
