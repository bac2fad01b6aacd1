"""Run the graded suites in a child pytest and read back the per-function scores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
