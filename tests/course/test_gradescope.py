"""The Gradescope autograder zip, run in a simulated /autograder root."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from course.grader import gradescope
from tests.course.grading import ROOT

pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                reason="instructor repository only")


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    base = tmp_path_factory.mktemp("gradescope")
    archive = base / "autograder.zip"
    names = gradescope.build_zip(archive, ["48"])
    root = base / "autograder"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "source")
    for script in ("run_autograder", "setup.sh"):
        os.chmod(root / "source" / script, 0o755)
    return root, names, archive


def test_zip_holds_the_scripts_and_suites_but_no_solutions(autograder):
    _, names, archive = autograder
    assert {"setup.sh", "run_autograder", "course/grader/judge.py",
            "tests/day48/test_losses_hidden.py", "conftest.py", "pyproject.toml"} <= set(names)
    assert not any(n.startswith(("solutions/", "tests/course/")) for n in names)
    with zipfile.ZipFile(archive) as opened:
        assert "--day 48" in opened.read("run_autograder").decode()
    again = archive.with_name("again.zip")
    gradescope.build_zip(again, ["48"])
    assert again.read_bytes() == archive.read_bytes(), "the zip must be deterministic"


def _run(root, upload_files: dict[str, str]) -> dict:
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    for relative, text in upload_files.items():
        (submission / relative).parent.mkdir(parents=True, exist_ok=True)
        (submission / relative).write_text(text)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    process = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                             capture_output=True, text=True, timeout=900, check=False)
    path = root / "results" / "results.json"
    assert path.exists(), process.stdout[-2000:] + process.stderr[-2000:]
    return json.loads(path.read_text())


def test_a_bare_uploaded_module_is_graded_in_full(autograder):
    root, _, _ = autograder
    reference = (ROOT / "solutions/day48/losses.py").read_text()
    results = _run(root, {"losses.py": reference})
    day48 = [t for t in results["tests"] if t["tags"][0] == "day48"]
    assert day48 and all(t["status"] == "passed" for t in day48)
    assert isinstance(results["execution_time"], float)


def test_an_uploaded_repository_with_a_mistake_loses_points(autograder):
    root, _, _ = autograder
    broken = (ROOT / "solutions/day48/losses.py").read_text() + (
        "\n\ndef mse(y_true, y_pred):\n    return 2 * 0.015\n")
    results = _run(root, {"my-repo/exercises/day48/losses.py": broken})
    mse = [t for t in results["tests"] if t["tags"][1] == "day48.mse"]
    assert any(t["status"] == "failed" for t in mse)
    assert all(t["status"] == "passed" for t in results["tests"]
               if t["tags"][1] == "day48.likelihood")
