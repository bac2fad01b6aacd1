"""The student release: what it holds, what it must not hold, and that it works on its own."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from course import leaks, release, stubs
from course.__main__ import main
from tests.course.grading import ROOT
from tests.course.test_stubs import _paste_bodies

pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                reason="no solutions/ here (a student release)")


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file() and ".git" not in path.parts
        and ".venv" not in path.parts
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "student"
    assert main(["release", "--out", str(out)]) == 0
    return out


def test_release_holds_lessons_stubs_visible_tests_and_student_tooling(built):
    files = set(_tree_digest(built))
    for required in ("README.md", "Makefile", "pyproject.toml", "conftest.py",
                     "exercises/day48/losses.py", "tests/day48/test_losses.py",
                     "course/pytest_plugin.py", "course/checks.py", "course/scoring.py",
                     "course/__main__.py", "course/check.py", "course/imports.py",
                     "tests/points.json", "days/day48/code/__init__.py"):
        assert required in files, required
    assert not any(name.startswith(("solutions/", "tests/course/")) for name in files)
    assert not any(name.endswith("_hidden.py") for name in files)
    assert "course/stubs.py" not in files and "course/release.py" not in files
    assert (built / "exercises/day48/losses.py").read_text() == \
        (ROOT / "exercises/day48/losses.py").read_text()
    pyproject = (built / "pyproject.toml").read_text()
    assert 'course_impl = "exercises"' in pyproject and '"solutions"' not in pyproject
    readme = (built / "README.md").read_text()
    assert "make demo" in readme and "make check DAY=48" in readme and "exits 1" in readme
    assert not any(name.startswith("docs/instructors/") for name in files)


def test_release_has_no_leaks(built):
    assert leaks.scan(built, ROOT) == []
    assert leaks.reference_lines(ROOT), "the scan must know the reference lines to look for"


def test_building_twice_gives_identical_trees(built, tmp_path):
    again = tmp_path / "again"
    release.build(ROOT, again)
    assert _tree_digest(again) == _tree_digest(built)


def test_release_refuses_stale_stubs_and_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(["release", "--out", str(tmp_path / "full")]) == 1
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    assert main(["release", "--out", str(ROOT / "exercises"), "--force"]) == 2
    refusals = capsys.readouterr().err
    assert "not empty" in refusals and "--force" in refusals  # each refusal names its fix
    assert "choose a folder outside it" in refusals
    copy = tmp_path / "repo"
    for name in ("solutions", "exercises", "tests", "course", "days"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "exercises/day48/losses.py"
    target.write_text(target.read_text() + "\n# edited by hand\n")
    with pytest.raises(release.ReleaseError, match="out of date"):
        release.build(copy, tmp_path / "out")


def test_scan_finds_every_kind_of_leak(built, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(built, planted)
    secret = sorted(leaks.reference_lines(ROOT))[0]
    (planted / "days" / "notes.md").write_text(f"Some notes\n\n    {secret}\n")
    (planted / "tests/day48/test_more_hidden.py").write_text("x = 1\n")
    (planted / "days/extra.py").write_text(f"{stubs.BEGIN}\n")
    (planted / "solutions").mkdir()
    (planted / "days/__pycache__").mkdir()
    notebook = {"cells": [{"cell_type": "code", "source": [f"def f():\n    {secret}\n"]}]}
    (planted / "days/leaky.ipynb").write_text(json.dumps(notebook, indent=1))
    found = {(leak.path, leak.reason.split(":")[0]) for leak in leaks.scan(planted, ROOT)}
    assert found >= {
        ("days/notes.md", "contains a line of a reference body"),
        ("days/leaky.ipynb", "contains a line of a reference body"),
        ("tests/day48/test_more_hidden.py", "a hidden test file"),
        ("days/extra.py", f"contains the marker {stubs.BEGIN!r}"),
        ("solutions", "a solutions/ folder"),
        ("days/__pycache__", "compiled bytecode (may hold reference code)"),
    }


def _run(command: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=1200, check=False, **kwargs)


@pytest.fixture(scope="module")
def set_up_release(built, tmp_path_factory) -> Path:
    """The release as a student gets it: its own git repository and its own `make check`."""
    student = tmp_path_factory.mktemp("student") / "likelihood-and-loss"
    shutil.copytree(built, student)
    _run(["git", "init", "-q"], student)
    check = _run(["make", "check"], student)
    # Untouched stubs are "not finished yet", which is not a crash: make succeeds and the last
    # line says so (`course check` itself exits 1, as the next test shows).
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    assert (student / ".venv" / "bin" / "python").exists(), check.stderr[-3000:]
    # (Under another make, make adds "Entering/Leaving directory" lines around it.)
    last = [line for line in check.stdout.strip().splitlines() if not line.startswith("make")]
    assert last[-1].startswith("All days: not finished yet"), check.stdout[-3000:]
    assert "Error" not in check.stderr
    direct = _run([".venv/bin/python", "-m", "course", "check", "48"], student)
    assert direct.returncode == 1 and "not started" in direct.stdout
    return student


def test_release_grades_untouched_stubs_as_not_started(set_up_release, tmp_path):
    scores = tmp_path / "scores.json"
    process = _run([".venv/bin/python", "-m", "pytest", "-q", f"--score-json={scores}"],
                   set_up_release)
    assert process.returncode == 1, process.stdout[-3000:]
    data = json.loads(scores.read_text())
    assert data and all(v["status"] == "not started" and v["score"] == 0 for v in data.values())
    assert "Traceback" not in process.stdout


def test_release_with_reference_bodies_passes_every_visible_test(set_up_release, tmp_path):
    filled = tmp_path / "filled"
    shutil.copytree(set_up_release, filled, symlinks=True,
                    ignore=shutil.ignore_patterns(".venv", "__pycache__"))
    for pair in stubs.pairs(ROOT):
        target = filled / pair.exercise.relative_to(ROOT)
        target.write_text(_paste_bodies(pair.solution.read_text(), target.read_text()))
    python = str(set_up_release / ".venv" / "bin" / "python")
    scores = tmp_path / "scores.json"
    process = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    f"--score-json={scores}"], filled)
    assert process.returncode == 0, process.stdout[-3000:]
    data = json.loads(scores.read_text())
    assert data and all(v["status"] == "passed" for v in data.values())


def test_release_demos_run_without_solutions(set_up_release, tmp_path):
    python = str(set_up_release / ".venv" / "bin" / "python")
    demo = _run([python, "-m", "days.day48.code.mle_demo"], set_up_release)
    assert demo.returncode == 0, demo.stderr
    assert "0.2231435513142097" in demo.stdout
    plots = _run([python, "-m", "days.day48.code.visualizations", "--out-dir", str(tmp_path)],
                 set_up_release)
    assert plots.returncode == 0, plots.stderr
    assert len(list(tmp_path.glob("*.png"))) >= 4
