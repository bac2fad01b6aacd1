"""The zygote's malloc settings (``sandbox.keep_freed_memory``) spare its forks page faults."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.course.grading import ROOT

#: A fresh fork (as a sandbox is) makes three calls on 10^5 floats, each with temporaries of
#: 800 KB; it prints the page faults they took.
_FORK_AND_COUNT = """
import os, resource, sys
import numpy as np
from course.grader import sandbox
if sys.argv[1] == "kept":
    assert sandbox.keep_freed_memory()
y = np.random.default_rng(1).integers(0, 2, 100_000)
p = np.random.default_rng(2).uniform(0.05, 0.95, 100_000)
read, write = os.pipe()
if os.fork() == 0:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(3):
        float(np.sum(np.where(y == 1, np.log(p), np.log1p(-p))))
    os.write(write, str(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before).encode())
    os._exit(0)
os.close(write)
print(os.read(read, 100).decode())
"""


def _faults(setting: str) -> int:
    process = subprocess.run([sys.executable, "-c", _FORK_AND_COUNT, setting], cwd=ROOT,
                             capture_output=True, text=True, timeout=120, check=True)
    return int(process.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_fork_of_the_zygote_faults_in_fewer_pages_for_large_temporaries():
    default, kept = _faults("default"), _faults("kept")
    # Without the settings each 800 KB temporary is mapped afresh (about 200 faults each).
    assert kept < 0.7 * default, (kept, default)
