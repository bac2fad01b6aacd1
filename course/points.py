"""How many points each graded function's visible and hidden tests carry: ``tests/points.json``.

A student's copy has only the visible tests, yet ``course check`` and the score table should
say how many more points the hidden tests hold at grading. The instructor's repository keeps
that count in ``tests/points.json`` (``{"day48.mse": {"visible": 2.0, "hidden": 4.0}, ...}``),
written by ``python -m course points`` from a collection of every graded test, checked against
the suites by a test, and shipped in the release: totals only, nothing of the tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

MANIFEST = Path("tests") / "points.json"


class _Collector:
    """Records, for each collected graded test, its function, points and visibility."""

    def __init__(self) -> None:
        self.points: dict[str, dict[str, float]] = {}

    def pytest_collection_modifyitems(self, items) -> None:  # noqa: ANN001 - pytest's hook
        from course.pytest_plugin import _graded, _visibility

        for item in items:
            graded = _graded(item)
            if graded is None:
                continue
            function, points = graded
            entry = self.points.setdefault(function, {"visible": 0.0, "hidden": 0.0})
            entry[_visibility(item)] += points


def collect(root: Path) -> dict[str, dict[str, float]]:
    """The points of every graded test under ``root/tests/dayNN`` (collected, not run)."""
    import pytest

    files = [str(path) for path in sorted((root / "tests").glob("day[0-9][0-9]/test_*.py"))
             if "mark.graded" in path.read_text(encoding="utf-8")]
    collector = _Collector()
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        code = pytest.main([*files, "--collect-only", "-m", "graded", "-p",
                            "no:cacheprovider", "-p", "no:terminal", "-o", "addopts=",
                            "--rootdir", str(root)], plugins=[collector])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    if code not in (0, 5):
        raise RuntimeError(f"collecting the graded tests failed (pytest exit {int(code)})")
    return {name: collector.points[name] for name in sorted(collector.points)}


def render(points: dict[str, dict[str, float]]) -> str:
    return json.dumps(points, indent=2, sort_keys=True) + "\n"


def load(root: Path) -> dict[str, dict[str, float]]:
    """The manifest, or ``{}`` where there is none."""
    try:
        return json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def hidden_points(root: Path, day: str) -> float:
    """The points Day ``day``'s hidden tests carry (0 where the manifest does not say)."""
    return sum(entry.get("hidden", 0.0) for name, entry in load(root).items()
               if name.startswith(f"day{day}."))
