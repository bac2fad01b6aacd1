"""``course grade`` refuses bad instructor input with one line saying why, and exits 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.course.grading import ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the grader needs Linux")


def _grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", "grade", *args, "--day", "48"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def submission(tmp_path):
    folder = tmp_path / "student"
    (folder / "exercises" / "day48").mkdir(parents=True)
    (folder / "exercises" / "day48" / "losses.py").write_text("x = 1\n")
    return folder


def _one_line(process: subprocess.CompletedProcess, *phrases: str) -> None:
    assert process.returncode == 2, process.stdout + process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("grade: "), lines
    assert "Traceback" not in process.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def test_out_naming_a_file_is_refused(submission, tmp_path):
    (tmp_path / "grades").write_text("")
    _one_line(_grade(str(submission), "--out", str(tmp_path / "grades")), "not a folder")


def test_out_inside_a_submission_is_refused(submission):
    _one_line(_grade(str(submission), "--out", str(submission / "reports")),
              "inside the submission")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_out_is_refused(submission, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    _one_line(_grade(str(submission), "--out", str(locked / "reports")), "cannot be created")


def test_a_symlinked_submission_is_refused(tmp_path, submission):
    (tmp_path / "alias").symlink_to(submission)
    process = _grade(str(tmp_path / "alias"), "--out", str(tmp_path / "out"))
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "symbolic link" in process.stderr.splitlines()[0], process.stderr


@pytest.mark.parametrize("where", ["course root", "inside the course"])
def test_the_course_itself_is_not_a_submission(tmp_path, where):
    path = ROOT if where == "course root" else ROOT / "exercises"
    process = _grade(str(path), "--out", str(tmp_path / "out"))
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "course" in process.stderr.splitlines()[0], process.stderr
