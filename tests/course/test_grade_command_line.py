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


#: Stands in for a judge that fails before grading anything (a plugin missing from the
#: environment, say): it writes why into its log, as a judge's stderr goes there, and exits.
_BROKEN_JUDGE = """
import json, sys
spec = json.load(open(sys.argv[1]))
with open(spec["log"], "a") as log:
    log.write("Traceback (most recent call last):\\nImportError: no module named 'plugin'\\n")
sys.exit(3)
"""


def test_judges_that_fail_say_why_and_every_submission_still_gets_a_report(
        submission, tmp_path, monkeypatch, capsys):
    import json

    from course.grader import cli

    real_popen = subprocess.Popen

    def broken(command, *args, **kwargs):
        if command[1:3] == ["-m", "course.grader.judge"]:
            command = [command[0], "-c", _BROKEN_JUDGE, *command[3:]]
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(cli.subprocess, "Popen", broken)
    code = cli.main([str(submission), "--out", str(tmp_path / "out"), "--day", "48"])
    err = capsys.readouterr().err
    assert code == 0
    assert "grade: judge 0 exited with status 3: ImportError: no module named 'plugin'" in err
    results = json.loads((tmp_path / "out/student/results.json").read_text())
    assert results["output"].startswith("Could not grade")


def test_what_a_submission_raised_reaches_the_terminal_without_escape_sequences(tmp_path):
    # An exception message is a hint; the summary prints hints. Escape sequences in it would
    # retitle the instructor's window or clear the screen.
    folder = tmp_path / "subs" / "evil" / "exercises" / "day48"
    folder.mkdir(parents=True)
    stub = (ROOT / "exercises/day48/losses.py").read_text()
    (folder / "losses.py").write_text(
        stub + "\n\ndef mse(y_true, y_pred):\n"
               "    raise ValueError('\\x1b]0;pwned\\x07\\x1b[2J\\rover')\n")
    process = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(tmp_path / "subs"), "--out",
         str(tmp_path / "out"), "--day", "48", "--report"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert process.returncode == 0, process.stderr[-3000:]
    assert "ValueError: \\x" in process.stdout
    for text in (process.stdout, process.stderr,
                 *(p.read_text() for p in (tmp_path / "out").rglob("*.md")),
                 (tmp_path / "out" / "grades.csv").read_text()):
        assert "\x1b" not in text and "\x07" not in text and "\r" not in text
