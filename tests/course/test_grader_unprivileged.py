"""The grader run by a teacher without root: the same hostile submissions, the same verdicts.

Without root there is no other user to run student code as: the sandboxes run as the
teacher's own uid, kept in by user, mount, PID and network namespaces made by the zygote. This
file grades every submission of ``test_grader.HOSTILE`` (and a correct and an untouched one)
as an unprivileged user (``tests/course/as_user.py``) and checks what ``test_grader`` checks as
root: each attack costs only what it broke, the solutions and hidden tests stay unreadable, and
no process outlives the grading. A sandbox that sends ``kill(-1)`` must not reach the grader.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from course.grader.sandbox import CLONE_NEWNS, CLONE_NEWUSER, _unshare
from tests.course.grading import ROOT
from tests.course.test_grader import (
    FUNCTIONS,
    HOSTILE,
    _function_scores,
    full,
    grade_neighbours,
    leftover_processes,
    listener,
    nobody_called,
    write_hostile,
)

#: The teacher's uid in this test: unprivileged, and outside the grader's sandbox uids.
TEACHER = 60990


def _user_namespaces_work() -> bool:
    """Whether an unprivileged process may create a user namespace here."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(TEACHER)
            os.setuid(TEACHER)
            os._exit(0 if _unshare(CLONE_NEWUSER | CLONE_NEWNS) else 1)
        except BaseException:  # noqa: BLE001
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


pytestmark = [
    pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="instructor repository only"),
    pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become an unprivileged user"),
]


@pytest.fixture(scope="module")
def graded():
    if not _user_namespaces_work():
        pytest.skip("unprivileged user namespaces are disabled on this system")
    base = Path(tempfile.mkdtemp(prefix="grade-unprivileged-"))
    subs, out = base / "submissions", base / "out"
    server = listener()
    write_hostile(subs, out, server)
    shutil.copytree(ROOT / "solutions", subs / "good" / "exercises")
    shutil.copytree(ROOT / "exercises", subs / "untouched" / "exercises")
    out.mkdir()
    for path in [base, *base.rglob("*")]:
        os.lchown(path, TEACHER, TEACHER)
    process = subprocess.run(
        [sys.executable, "-m", "tests.course.as_user", str(TEACHER), sys.executable, "-m",
         "course", "grade", str(subs), "--out", str(out), "--jobs", "2", "--timeout", "5",
         "--day", "48"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    results = {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}
    yield process, out, results, server
    server.close()
    shutil.rmtree(base, ignore_errors=True)


def test_the_grader_survives_and_reports_every_submission(graded):
    process, _, results, _ = graded
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-3000:]
    assert set(results) == set(HOSTILE) | {"good", "untouched"}
    assert results["good"]["score"] == full(results["good"])
    assert results["untouched"]["score"] == 0.0


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_attack_costs_only_what_it_broke(graded, name):
    _, _, results, _ = graded
    _, broken, phrase = HOSTILE[name]
    for function, (score, top, outputs) in _function_scores(results[name]).items():
        assert function in FUNCTIONS
        if function in broken:
            assert score == 0.0, (function, outputs)
            if phrase:
                assert any(phrase in o for o in outputs), outputs
        else:
            assert score == top, (function, outputs)


def test_solutions_and_hidden_tests_stay_unreadable(graded):
    _, _, results, _ = graded
    for name in ("reads_solutions", "reads_hidden_tests"):
        outputs = _function_scores(results[name])["mse"][2]
        assert any("Error" in o for o in outputs), outputs


def test_a_sandbox_cannot_read_a_submission_graded_beside_it(graded):
    base = Path(tempfile.mkdtemp(prefix="grade-neighbours-"))
    try:
        os.chown(base, TEACHER, TEACHER)
        reports = grade_neighbours(base, [sys.executable, "-m", "tests.course.as_user",
                                          str(TEACHER)])
        assert reports["neighbour"]["score"] == full(reports["neighbour"])
        assert reports["reader"]["score"] == full(reports["reader"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_no_submission_reached_the_network(graded):
    *_, server = graded
    assert nobody_called(server)


def test_no_process_of_the_teacher_outlives_the_grading(graded):
    assert leftover_processes() == []
