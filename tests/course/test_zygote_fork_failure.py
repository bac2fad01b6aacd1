"""When the zygote cannot fork a sandbox (no process left to be had), that submission cannot be
graded, and the zygote goes on forking for the next one."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

from course.grader.remote import Sandbox, Zygote

PIDS_V1 = Path("/sys/fs/cgroup/pids")

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or os.geteuid() != 0 or not (PIDS_V1 / "cgroup.procs").exists(),
    reason="needs root and cgroup v1's pids controller (to refuse the zygote a fork)")

TOY = {"exercises/__init__.py": b"", "exercises/toy.py": b"def one():\n    return 1.0\n"}


def _zygote_processes(zygote: Zygote) -> list[int]:
    """The zygote's launcher and the zygote itself (its only child, pid 1 of its namespace)."""
    first = zygote.process.pid
    children = Path(f"/proc/{first}/task/{first}/children").read_text().split()
    return [first, *map(int, children)]


def test_a_refused_fork_fails_that_submission_only():
    from course.grader.cli import claim_uids

    (uid,), locks = claim_uids(1)
    zygote = Zygote(uid=uid)
    group = PIDS_V1 / f"llgrade-test-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    try:
        zygote.ready()
        for pid in _zygote_processes(zygote):
            (group / "cgroup.procs").write_text(str(pid))
        (group / "pids.max").write_text(str(len(_zygote_processes(zygote))))
        with pytest.raises(RuntimeError, match="did not hand over a sandbox: no sandbox"):
            Sandbox(zygote, TOY, timeout=20).load("exercises.toy").one()
        (group / "pids.max").write_text("max")
        box = Sandbox(zygote, TOY, timeout=20)
        assert box.load("exercises.toy").one() == 1.0  # the zygote is alive and forks again
        box.stop()
    finally:
        zygote.close()
        for pid in (group / "cgroup.procs").read_text().split():
            try:
                (PIDS_V1 / "cgroup.procs").write_text(pid)
            except OSError:
                pass
        group.rmdir()
        for fd in locks:
            os.close(fd)
