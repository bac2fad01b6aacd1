"""``sandbox.fork_into_pid_namespace``: clone(2) into a new PID namespace, as ``os.fork`` would."""

from __future__ import annotations

import os
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0,
                                reason="a new PID namespace needs Linux and root")

#: Run in a child interpreter: the checks exit 0 when they all hold.
_CHILD = """
import os, signal, sys, threading
from course.grader import sandbox
pid = sandbox.fork_into_pid_namespace()
if pid == 0:
    got = []
    signal.signal(signal.SIGUSR1, lambda *args: got.append(1))
    signal.raise_signal(signal.SIGUSR1)        # glibc's raise asks the kernel for the tid
    os.kill(os.getpid(), signal.SIGUSR1)
    checks = [os.getpid() == 1, threading.get_native_id() == 1, got == [1, 1],
              threading.current_thread() is threading.main_thread()]
    os._exit(0 if all(checks) else 10 + checks.index(False))
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_the_child_is_pid_1_of_its_own_namespace_and_signals_itself():
    import subprocess

    from tests.course.grading import ROOT

    process = subprocess.run([sys.executable, "-c", _CHILD], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, check=False)
    assert process.returncode == 0, (process.returncode, process.stderr[-2000:])
