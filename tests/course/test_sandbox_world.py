"""The sandbox's whole view of the machine is the allow-list, as root and without root.

Student code (``tests/course/world_probe.py``) walks ``/`` from inside a sandbox and reports
every path it sees; this file compares that view with what the allow-list says, path by path,
and checks what the probe could reach: the environment, other processes, secrets elsewhere on
the disk (another clone of the course included), traces left for the next sandbox, escapes.
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

from course.grader.sandbox import DEVICES, ENVIRONMENT, SCRATCH, SUBMISSION
from tests.course.grading import ROOT
from tests.course.test_grader_unprivileged import TEACHER, _user_namespaces_work

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root (and then runs unprivileged too)"),
]


def _probe(as_teacher: bool) -> dict:
    base = Path(tempfile.mkdtemp(prefix="world-probe-"))
    os.chmod(base, 0o777)
    clone = base / "elsewhere" / "course"
    shutil.copytree(ROOT / "solutions", clone / "solutions")
    secrets = [str(ROOT / "solutions/day48/losses.py"),
               str(ROOT / "tests/day48/test_losses_hidden.py"),
               str(clone / "solutions/day48/losses.py"), str(ROOT), "/proc/1/root/etc",
               "/proc/1/environ", "/home", "/work", "/etc/passwd", str(base)]
    prefix = [sys.executable, "-m", "tests.course.as_user", str(TEACHER)] if as_teacher else []
    try:
        process = subprocess.run(
            [*prefix, sys.executable, "-m", "tests.course.world_probe", str(base / "out.json"),
             *secrets], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
            env={**os.environ, "LLGRADE_TEST_SECRET": "the-instructors-api-key"})
        assert process.returncode == 0, process.stderr[-3000:]
        report = json.loads((base / "out.json").read_text())
    finally:
        shutil.rmtree(base, ignore_errors=True)
    report["asked"] = secrets
    return report


@pytest.fixture(scope="module", params=["root", "unprivileged"])
def probe(request):
    if request.param == "unprivileged" and not _user_namespaces_work():
        pytest.skip("unprivileged user namespaces are disabled on this system")
    return request.param, _probe(request.param == "unprivileged")


def _ancestors(path: str) -> set[str]:
    parts = Path(path).parts[1:]
    return {"/" + "/".join(parts[:k]) for k in range(1, len(parts))}


def test_the_view_of_the_whole_filesystem_is_exactly_the_allow_list(probe):
    _, report = probe
    allowed = report["allowed"]
    expected = set(allowed)
    for path in allowed:
        expected |= _ancestors(path)
        # An allowed path under /tmp (a checkout in /tmp) is bound back on top of the scratch
        # that /tmp is: its empty mount point also shows where the scratch is mounted.
        for covered, scratch in (("/tmp/", f"{SCRATCH}/.tmp/"), ("/dev/shm/", f"{SCRATCH}/.shm/")):
            if path.startswith(covered):
                inside = scratch + path[len(covered):]
                expected |= {inside} | _ancestors(inside)
    expected |= {"/dev", *(f"/dev/{name}" for name in DEVICES), "/dev/shm", "/proc", "/tmp",
                 SCRATCH, f"{SCRATCH}/.tmp", f"{SCRATCH}/.shm", SUBMISSION,
                 f"{SUBMISSION}/exercises", f"{SUBMISSION}/exercises/__init__.py",
                 f"{SUBMISSION}/exercises/probe.py"}
    assert set(report["view"]) == expected


def test_the_allow_list_holds_only_the_interpreter_and_its_libraries(probe):
    _, report = probe
    prefixes = [os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)]
    for path in report["allowed"]:
        inside_prefix = any(Path(path).is_relative_to(p) for p in prefixes)
        assert inside_prefix or path == "/etc/ld.so.cache" or any(
            ".so" in name for name in os.listdir(path)), path
        assert not ROOT.is_relative_to(path), f"{path} would show the course's checkout"
        assert inside_prefix or not Path(path).is_relative_to(ROOT), path


def test_the_environment_is_the_allow_listed_one(probe):
    _, report = probe
    assert report["environment"] == ENVIRONMENT


def test_no_other_process_is_visible(probe):
    _, report = probe
    # The sandbox is pid 1 of a PID namespace of its own (cloned straight into it).
    assert report["processes"]["self"] == 1
    assert list(report["processes"]["pids"]) == ["1"]


def test_no_secret_elsewhere_on_the_machine_can_be_opened(probe):
    _, report = probe
    assert set(report["secrets"]) == set(report["asked"])
    skeleton = set(report["allowed"])
    for path in report["allowed"]:
        skeleton |= _ancestors(path)
    for path, got in report["secrets"].items():
        if got.startswith("listed "):  # a folder on the way to the interpreter, say: empty
            children = [name for name in got[len("listed "):].split(",") if name]
            # /proc/1 is the sandbox itself (pid 1 of its own namespace): its root is ours.
            own = path.removeprefix("/proc/1/root") or "/"
            assert all(os.path.join(own, name) in skeleton for name in children), (path, got)
        elif path.startswith("/proc/1/"):  # the sandbox's own files: nothing of the host's
            assert "the-instructors-api-key" not in got, (path, got)
        else:
            assert got.startswith("error"), (path, got)


def test_student_code_runs_unprivileged(probe):
    kind, report = probe
    identity = report["identity"]
    assert identity["uid"] != 0 and identity["cwd"] == SCRATCH
    assert identity["hostname"] == "sandbox"
    if kind == "unprivileged":
        assert identity["uid"] == 65534


def test_no_escape_works(probe):
    kind, report = probe
    assert "seccomp filter" in report["isolation"]
    escapes = dict(report["escapes"])
    # Each sandbox is pid 1 of its own PID namespace: "pid 1" is itself, and a signal it
    # sends itself without a handler is discarded; nothing else can be named.
    escapes.pop("kill pid 1")
    assert not any(escapes.values()), escapes
    assert "traces_seen_by_next" in report


def test_nothing_a_sandbox_leaves_reaches_the_next_one(probe):
    _, report = probe
    # (No abstract socket: a sandbox can create no socket at all.)
    assert report["traces_seen_by_self"] == ["/tmp/llgrade-trace", "/dev/shm/llgrade-trace",
                                             "sysv segment"]
    assert report["traces_seen_by_next"] == []
