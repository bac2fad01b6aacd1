"""Run the graded suites in a child pytest and read back the per-function scores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]


def run_graded(impl: str, *, extra_path: Path | None = None, cwd: Path = ROOT,
               tests: str = "tests/day48", tmp: Path) -> tuple[dict, subprocess.CompletedProcess]:
    """Grade package ``impl`` with the graded tests under ``tests``; return scores and process."""
    scores = tmp / f"scores-{impl.replace('.', '_')}.json"
    env = {**os.environ, "MPLBACKEND": "Agg"}
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path),
                                                          env.get("PYTHONPATH")]))
    process = subprocess.run(
        [sys.executable, "-m", "pytest", tests, "-m", "graded", f"--impl={impl}",
         f"--score-json={scores}", "-q", "-p", "no:cacheprovider", "--color=no"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    data = json.loads(scores.read_text()) if scores.exists() else {}
    return data, process


def grade_mistakes(root: Path, module: str, mistakes: list[tuple[str, str, str]],
                   signatures: dict[str, str], tests: str) -> dict[str, tuple[dict, object]]:
    """Grade one submission per (function, body, phrase) with ``python -m course grade``.

    Each submission is the reference module with one function redefined at its end (later
    definitions win), graded by the instructor's grader in one run, so the suite is collected
    once for all of them. Returns ``{"mistake_00": (scores, outcome), ...}`` where ``scores``
    has the shape of ``--score-json`` and ``outcome.returncode`` is 1 when points were lost.
    """
    day, leaf = module.split(".")
    reference = (ROOT / "solutions" / day / f"{leaf}.py").read_text()
    submissions, out = root / "submissions", root / "out"
    names = [f"mistake_{i:02d}" for i in range(len(mistakes))]
    for name, (function, body, _) in zip(names, mistakes, strict=True):
        folder = submissions / name / "exercises" / day
        folder.mkdir(parents=True)
        # The reference lives beside the broken module, so that its other functions keep
        # calling their own (correct) helpers: one mistake costs points in one function only.
        (folder / f"_reference_{leaf}.py").write_text(reference)
        body = textwrap.indent(textwrap.dedent(body).strip(), "    ")
        (folder / f"{leaf}.py").write_text(
            "import math\n\nimport numpy as np\n\n"
            f"from exercises.{day} import _reference_{leaf} as _reference\n\n"
            "globals().update({k: v for k, v in vars(_reference).items()\n"
            "                  if not k.startswith('__')})\n\n\n"
            f"def {function}({signatures[function]}):\n{body}\n")
    process = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(submissions), "--out", str(out),
         "--day", day[3:], "--jobs", "2", "--timeout", "30"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    graded = {}
    for name in names:
        path = out / name / "results.json"
        scores = _scores_from_results(json.loads(path.read_text())) if path.exists() else {}
        lost = any(s["score"] < s["max_score"] for s in scores.values())
        graded[name] = (scores, SimpleNamespace(returncode=1 if lost else 0,
                                                stdout=process.stdout + process.stderr))
    return graded


def _scores_from_results(results: dict) -> dict[str, dict]:
    """Gradescope ``results.json`` → the per-function shape of ``--score-json``."""
    scores: dict[str, dict] = {}
    for test in results["tests"]:
        entry = scores.setdefault(test["tags"][1], {"score": 0.0, "max_score": 0.0,
                                                    "outcomes": [], "hints": []})
        entry["score"] += test["score"]
        entry["max_score"] += test["max_score"]
        not_started = test["output"].startswith("Not started")
        entry["outcomes"].append("not started" if not_started else test["status"])
        if test["status"] == "failed" and "Hint: " in test["output"]:
            hint = test["output"].split("Hint: ", 1)[1].strip()
            if hint not in entry["hints"]:
                entry["hints"].append(hint)
    for entry in scores.values():
        outcomes = entry.pop("outcomes")
        entry["status"] = ("passed" if all(o == "passed" for o in outcomes) else
                           "not started" if all(o == "not started" for o in outcomes) else
                           "failed")
    return scores


def assert_mistake_is_named(result: tuple[dict, subprocess.CompletedProcess], day: str,
                            function: str, phrase: str) -> None:
    """The mistaken function lost points with a hint containing ``phrase``; others are intact."""
    scores, process = result
    assert process.returncode == 1, process.stdout[-3000:]
    entry = scores[f"{day}.{function}"]
    assert entry["status"] == "failed"
    assert entry["score"] < entry["max_score"]
    assert any(phrase in hint for hint in entry["hints"]), entry["hints"]
    others = {k: v for k, v in scores.items() if k != f"{day}.{function}"}
    assert all(v["status"] == "passed" for v in others.values()), others
