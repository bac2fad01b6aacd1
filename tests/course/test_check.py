"""``python -m course check DAY``: a student's check, in their release, with compact output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import imports
from tests.course.grading import ROOT

pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                reason="instructor repository only")


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("check") / "release"
    subprocess.run([sys.executable, "-m", "course", "release", "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True)
    return out


def _check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", "check", *args], cwd=folder,
                          capture_output=True, text=True, timeout=300, check=False)


def _copy(release: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    return copy


def test_untouched_stubs_print_the_table_and_say_not_finished(release):
    process = _check(release, "48")
    assert process.returncode == 1, process.stdout + process.stderr
    lines = process.stdout.strip().splitlines()
    assert lines[0].startswith("function") and "not started" in process.stdout
    hidden = sum(entry["hidden"] for name, entry in json.loads(
        (ROOT / "tests/points.json").read_text()).items() if name.startswith("day48."))
    assert "more points are graded by hidden tests" in lines[-2] and f"; {hidden:g} " in lines[-2]
    assert lines[-1].startswith("Day 48: not finished yet")
    assert "Traceback" not in process.stdout + process.stderr
    assert "passed" not in process.stdout.replace("all their visible", "")  # no test lists


def test_a_syntax_error_is_shown_once_with_its_place(release, tmp_path):
    copy = _copy(release, tmp_path)
    module = copy / "exercises/day48/losses.py"
    module.write_text(module.read_text() + "\n\ndef broken(:\n    pass\n")
    process = _check(copy, "48")
    assert process.returncode == 1
    assert process.stdout.count("SyntaxError") == 1, process.stdout
    first = process.stdout.splitlines()[0]
    line = len(module.read_text().splitlines()) - 1
    assert first.startswith(f"exercises/day48/losses.py:{line}: SyntaxError"), first
    assert len(process.stdout.splitlines()) < 40


def test_the_reference_finishes_the_day(release, tmp_path):
    copy = _copy(release, tmp_path)
    shutil.copy(ROOT / "solutions/day48/losses.py", copy / "exercises/day48/losses.py")
    process = _check(copy, "48")
    assert process.returncode == 0, process.stdout
    assert process.stdout.strip().splitlines()[-1] == (
        "Day 48: finished: every function has all its visible points.")


def test_an_unknown_day_names_the_days_there_are(release):
    process = _check(release, "12")
    assert process.returncode == 2
    assert "the days are" in process.stderr and "48" in process.stderr


def test_an_exercise_may_not_import_the_lessons_locally(release, tmp_path):
    copy = _copy(release, tmp_path)
    module = copy / "exercises/day48/losses.py"
    module.write_text(module.read_text() + "\nfrom days.day48.code import mle_demo\n")
    process = _check(copy, "48")
    expected = imports.refusal("days.day48.code", "exercises.day48.losses")
    assert expected in process.stdout, process.stdout


def test_plain_pytest_in_the_release_says_what_the_hidden_tests_hold(release):
    process = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "-m", "graded", "tests/day48"], cwd=release, capture_output=True,
                             text=True, timeout=600, check=False)
    assert "Only the visible tests ran here" in process.stdout, process.stdout[-2000:]


def test_the_points_manifest_matches_the_graded_tests():
    process = subprocess.run([sys.executable, "-m", "course", "points", "--check"], cwd=ROOT,
                             capture_output=True, text=True, timeout=600, check=False)
    assert process.returncode == 0, process.stdout + process.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="the grader needs Linux")
def test_the_grader_refuses_the_same_import_with_the_same_message(tmp_path):
    submission = tmp_path / "student" / "exercises" / "day48"
    submission.mkdir(parents=True)
    reference = (ROOT / "solutions/day48/losses.py").read_text()
    (submission / "losses.py").write_text(reference + "\nfrom days.day48.code import mle_demo\n")
    process = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(tmp_path / "student"), "--out",
         str(tmp_path / "out"), "--day", "48", "--jobs", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert process.returncode == 0, process.stderr
    report = json.loads((tmp_path / "out/student/results.json").read_text())
    expected = imports.refusal("days.day48.code", "exercises.day48.losses")
    assert any(expected in test["output"] for test in report["tests"]), report["tests"][0]
