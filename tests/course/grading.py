"""Run the graded suites in a child pytest and read back the per-function scores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def write_variant(root: Path, name: str, module: str, function: str, signature: str,
                  body: str) -> None:
    """Package ``name`` under ``root`` whose ``module`` (e.g. ``day48.losses``) is the reference
    with one function replaced by ``def function(signature): body``.

    Only that function changes: the reference's other functions keep calling their own
    module's functions, so one mistake costs points in one function only.
    """
    day, leaf = module.split(".")
    package = root / name / day
    package.mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    body = textwrap.indent(textwrap.dedent(body).strip(), "    ")
    (package / f"{leaf}.py").write_text(
        "import math\n\nimport numpy as np\n\n"
        f"from solutions.{module} import *  # noqa: F403\n\n\n"
        f"def {function}({signature}):\n{body}\n"
    )


def grade_mistakes(root: Path, module: str, mistakes: list[tuple[str, str, str]],
                   signatures: dict[str, str], tests: str) -> dict[str, tuple[dict, object]]:
    """Write one variant per (function, body, phrase) and grade them all, two at a time.

    Returns ``{"mistake_00": (scores, process), ...}`` in the order of ``mistakes``.
    """
    names = [f"mistake_{i:02d}" for i in range(len(mistakes))]
    for name, (function, body, _) in zip(names, mistakes, strict=True):
        write_variant(root, name, module, function, signatures[function], body)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(
            lambda n: run_graded(n, extra_path=root, tmp=root, tests=tests), names))
    return dict(zip(names, results, strict=True))


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
