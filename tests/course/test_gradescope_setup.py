"""The Gradescope autograder of one day, set up by its own setup.sh in a simulated /autograder.

setup.sh finds (or installs) a Python the course supports and installs only what grading
needs; run_autograder then grades an upload with that environment. The venv must hold none of
the website's, the notebooks' or nbgrader's packages.
"""

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

pytestmark = [
    pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="instructor repository only"),
    pytest.mark.skipif(sys.platform != "linux", reason="the grader needs Linux"),
]

#: Packages of the extras that grading does not need: none may be in the autograder's venv.
NOT_FOR_GRADING = ("mkdocs", "mkdocs-material", "nbgrader", "jupyterlab", "notebook",
                   "sqlalchemy", "alembic", "selenium", "ruff", "ipykernel", "nbclient")


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    base = tmp_path_factory.mktemp("gradescope-setup")
    archive = base / "day48.zip"
    gradescope.build_zip(archive, ["48"])
    root = base / "autograder"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "source")
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env["AUTOGRADER_ROOT"] = str(root)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p)
    process = subprocess.run(["bash", str(root / "source/setup.sh")], env=env,
                             capture_output=True, text=True, timeout=1800, check=False)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return root, env, process


def test_setup_installs_a_supported_python_with_only_the_grading_packages(autograder):
    root, _, process = autograder
    assert "setup.sh: grading with Python 3.1" in process.stdout
    listing = subprocess.run([str(root / "venv/bin/python"), "-m", "pip", "list",
                              "--format=json"], capture_output=True, text=True, check=True)
    names = {entry["name"].lower() for entry in json.loads(listing.stdout)}
    assert {"numpy", "scipy", "pytest", "nbformat"} <= names
    assert not names & set(NOT_FOR_GRADING), names & set(NOT_FOR_GRADING)


def test_the_day_autograder_grades_an_upload_with_that_environment(autograder):
    root, env, _ = autograder
    upload = root / "submission"
    shutil.rmtree(upload, ignore_errors=True)
    upload.mkdir()
    shutil.copy(ROOT / "solutions/day48/losses.py", upload / "losses.py")
    process = subprocess.run(["bash", str(root / "source/run_autograder")], env=env,
                             capture_output=True, text=True, timeout=900, check=False)
    results = json.loads((root / "results/results.json").read_text())
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0, (
        process.stderr[-2000:])
    assert {t["tags"][0] for t in results["tests"]} == {"day48"}


def test_the_command_asks_for_one_day_per_assignment(tmp_path):
    process = subprocess.run([sys.executable, "-m", "course", "gradescope", "--out",
                              str(tmp_path / "a.zip")], cwd=ROOT, capture_output=True,
                             text=True, check=False)
    assert process.returncode == 2 and "--day 48" in process.stderr
    assert "--all-days" in process.stderr and not (tmp_path / "a.zip").exists()
