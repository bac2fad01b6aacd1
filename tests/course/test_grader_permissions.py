"""The grader where namespaces are refused (a platform's container, as on Gradescope).

``tests.course.without_namespaces`` makes ``unshare`` fail, as Docker's default seccomp profile
does. The grader then falls back to its permissions mode: student code runs as an unprivileged
uid in folders the zygote made, and grading goes ahead only if that uid can open none of the
secrets (the hidden tests, the solutions, the reports, the other submissions).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from course.grader import gradescope
from tests.course.grading import ROOT
from tests.course.test_grader import MSE, SHM_KEY, TRACE, _reference, traces_left

pytestmark = [
    pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="instructor repository only"),
    pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
    pytest.mark.skipif(os.geteuid() != 0, reason="the permissions mode needs root"),
]

WITHOUT_NAMESPACES = [sys.executable, "-m", "tests.course.without_namespaces"]


def test_without_namespaces_the_grader_refuses_while_secrets_are_readable(tmp_path):
    submission = tmp_path / "student" / "exercises"
    submission.mkdir(parents=True)
    (submission / "__init__.py").write_text("")
    process = subprocess.run(
        [*WITHOUT_NAMESPACES, sys.executable, "-m", "course", "grade", str(tmp_path / "student"),
         "--out", str(tmp_path / "out"), "--day", "48", "--jobs", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert process.returncode == 2, process.stdout + process.stderr
    lines = [line for line in process.stderr.splitlines() if line.startswith("grade:")]
    assert len(lines) == 1 and "could read" in lines[0] and "chmod" in lines[0], lines


# Uploads graded one by one, each in its own simulated container run.
UPLOADS = {
    "good": ("", "full"),
    "reads_hidden_tests": (MSE + "    return float(len(open({hidden!r}).read()))\n", "all but mse"),
    "writes_results": (MSE + "    import glob\n"
                       "    for path in glob.glob('/autograder*/**/results*', recursive=True) "
                       "+ [{results!r}]:\n"
                       "        try:\n            open(path, 'w').write('{{\"score\": 1000}}')\n"
                       "        except OSError:\n            pass\n"
                       "    raise RuntimeError('could not write the results')\n", "all but mse"),
    "leaves_traces": ("\nimport ctypes\nfor folder in ('/tmp', '/dev/shm', '/var/tmp'):\n"
                      "    try:\n        open(f'{{folder}}/{trace}', 'w').write('left')\n"
                      "    except OSError:\n        pass\n"
                      "ctypes.CDLL(None).shmget({shm_key}, 4096, 0o1666)\n", "full"),
}


@pytest.fixture(scope="module")
def container(tmp_path_factory):
    base = tmp_path_factory.mktemp("permissions")
    archive = base / "autograder.zip"
    gradescope.build_zip(archive, ["48"])
    root = base / "autograder"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "source")
    os.chmod(base, 0o755)
    return root


@pytest.mark.parametrize("name", sorted(UPLOADS))
def test_in_a_container_without_namespaces_each_upload_earns_only_its_own_points(container,
                                                                                 name):
    code, expected = UPLOADS[name]
    root = container
    hidden = root / "source/tests/day48/test_losses_hidden.py"
    code = code.format(hidden=str(hidden), results=str(root / "results/results.json"),
                       trace=TRACE, shm_key=SHM_KEY)
    upload = root / "submission"
    subprocess.run(["rm", "-rf", str(upload), str(root / "results")], check=True)
    upload.mkdir(parents=True)
    (upload / "losses.py").write_text(_reference() + code)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    process = subprocess.run([*WITHOUT_NAMESPACES, "bash", str(root / "source/run_autograder")],
                             env=env, capture_output=True, text=True, timeout=600, check=False)
    results = json.loads((root / "results" / "results.json").read_text())
    full = sum(test["max_score"] for test in results["tests"])
    mse = sum(test["max_score"] for test in results["tests"] if test["tags"][1] == "day48.mse")
    wanted = full if expected == "full" else full - mse
    assert results["score"] == wanted, (process.stderr[-3000:], results["output"])
    assert "permissions" in results["output"]
    assert traces_left() == []
    assert hidden.read_text().startswith('"""'), "the hidden tests are untouched"
