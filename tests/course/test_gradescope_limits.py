"""The whole-unit Gradescope autograder fits Gradescope's default container: 768 MB, half a CPU.

``run_autograder`` from the built zip grades one upload of all five days inside a control
group with those limits (``bench.cgroup``). The grade must complete with every result, the
kernel must never have had to kill a process for memory, and the group's peak must stay under
the cap, also when the student's code tries to eat all the memory there is: the sandbox's own
limit must stop it first. Time is printed, not asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile

import pytest

from bench.cgroup import run_limited, unavailable
from course.grader import gradescope
from tests.course.grading import ROOT

GRADESCOPE_MEMORY = 768 * 2**20
HOG = ("\n\ndef mse(y_true, y_pred):\n    hog = []\n    while True:\n"
       "        hog.append(bytearray(10**8))\n")

pytestmark = [
    pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="instructor repository only"),
    pytest.mark.skipif(unavailable() is not None, reason=f"no control groups: {unavailable()}"),
]


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    base = tmp_path_factory.mktemp("gradescope-limits")
    archive = base / "autograder.zip"
    gradescope.build_zip(archive)  # every day
    root = base / "autograder"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "source")
    return root


def _grade_in_a_container(root, exercises_from, extra: str = ""):
    shutil.rmtree(root / "submission", ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    upload = root / "submission" / "my-repo" / "exercises"
    shutil.copytree(exercises_from, upload, ignore=shutil.ignore_patterns("__pycache__"))
    if extra:
        module = upload / "day48" / "losses.py"
        module.write_text(module.read_text() + extra)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    usage = run_limited(["bash", str(root / "source" / "run_autograder")], env=env,
                        memory_bytes=GRADESCOPE_MEMORY, cpu_fraction=0.5)
    print(f"\nwhole unit in 768 MB and half a CPU: {usage.seconds:.1f} s, "
          f"peak {usage.peak_bytes / 2**20:.0f} MiB, {usage.oom_kills} OOM kills")
    path = root / "results" / "results.json"
    assert path.exists(), usage.stdout[-2000:] + usage.stderr[-2000:]
    return usage, json.loads(path.read_text())


def test_a_correct_upload_is_graded_in_full_within_the_limits(autograder):
    usage, results = _grade_in_a_container(autograder, ROOT / "solutions")
    assert usage.returncode == 0, usage.stderr[-2000:]
    assert usage.oom_kills == 0
    assert 0 < usage.peak_bytes < GRADESCOPE_MEMORY
    days = {path.name for path in (ROOT / "tests").glob("day[0-9][0-9]")}
    assert {t["tags"][0] for t in results["tests"]} == days
    assert all(t["status"] == "passed" for t in results["tests"])
    assert results["score"] == sum(t["max_score"] for t in results["tests"])


def test_a_memory_hog_loses_only_its_function_and_the_container_survives(autograder):
    usage, results = _grade_in_a_container(autograder, ROOT / "solutions", HOG)
    assert usage.returncode == 0, usage.stderr[-2000:]
    assert usage.oom_kills == 0, "the sandbox's limit must stop the hog before the kernel does"
    assert 0 < usage.peak_bytes < GRADESCOPE_MEMORY
    for test in results["tests"]:
        if test["tags"][1] == "day48.mse":
            assert test["status"] == "failed" and "memory" in test["output"].lower(), test
        else:
            assert test["status"] == "passed", test
