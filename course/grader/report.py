"""Reports: Gradescope's ``results.json`` per submission, ``grades.csv``, and the summary.

Gradescope's format: top-level ``score``, ``execution_time`` (a number of seconds), ``output``
and ``tests``; each test has ``name``, ``score``, ``max_score``, ``status`` (``passed`` or
``failed``), ``output``, ``visibility`` and ``tags``. Hidden tests show the hint only, never
their inputs or expected values.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from course import scoring

VISIBILITY = {"visible": "visible", "hidden": "after_published"}


@dataclass(frozen=True)
class TestInfo:
    nodeid: str
    name: str
    function: str
    points: float
    visibility: str
    description: str = ""


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _test_output(info: TestInfo, result: dict) -> str:
    outcome = result.get("outcome", scoring.FAILED)
    if outcome == scoring.PASSED:
        return ""
    if outcome == scoring.NOT_STARTED:
        return "Not started: the function still raises NotImplementedError."
    hint = result.get("hint") or "The test failed."
    if info.visibility == "hidden":
        what = f" ({info.description})" if info.description else ""
        return f"A hidden test of {info.function} failed{what}.\nHint: {hint}"
    message = result.get("message", "")
    return message if "Hint:" in message else f"{message}\nHint: {hint}".strip()


def gradescope_results(items: list[TestInfo], results: dict[str, dict], seconds: float,
                       problem: str = "", printed: str = "", isolation: str = "") -> dict:
    """The ``results.json`` of one submission; ``isolation`` names the sandbox mode used."""
    tests, outcomes = [], []
    for info in items:
        result = results.get(info.nodeid, {"outcome": scoring.FAILED,
                                           "hint": problem or "This test did not run."})
        outcome = result.get("outcome", scoring.FAILED)
        outcomes.append(scoring.TestOutcome(info.function, info.nodeid, info.points, outcome,
                                            result.get("hint", ""), info.visibility))
    gated = scoring.withheld(outcomes)
    for info, outcome in zip(items, outcomes, strict=True):
        result = results.get(info.nodeid, {"outcome": scoring.FAILED,
                                           "hint": problem or "This test did not run."})
        earned = outcome.outcome == scoring.PASSED and info.function not in gated
        output = problem if problem else _test_output(info, result)
        if outcome.outcome == scoring.PASSED and not earned:
            output = f"Passed, but no points yet.\nHint: {scoring.HIDDEN_GATE}"
        tests.append({
            "name": f"{info.function}: {info.name}",
            "score": info.points if earned else 0.0,
            "max_score": info.points,
            "status": "passed" if earned else "failed",
            "output": output,
            "visibility": VISIBILITY[info.visibility],
            "tags": [info.function.split(".")[0], info.function],
        })
    scores = scoring.summarise(outcomes)
    lines = [f"{name}: {entry.status}, {entry.score:g}/{entry.max_score:g}"
             for name, entry in scores.items()]
    if problem:
        lines.insert(0, problem)
    if printed:
        lines.append("Your code printed:\n" + printed)
    if isolation:
        lines.append(f"Your code ran in a sandbox ({isolation}).")
    return {
        "score": float(sum(t["score"] for t in tests)),
        "execution_time": round(float(seconds), 3),
        "output": "\n".join(lines),
        "tests": tests,
    }


def write_results(folder: Path, results: dict) -> None:
    write_atomically(folder / "results.json", json.dumps(results, indent=2) + "\n")


def function_scores(results: dict) -> dict[str, tuple[float, float]]:
    """Per ``dayNN.function``: (score, max_score) from one ``results.json``."""
    totals: dict[str, list[float]] = {}
    for test in results["tests"]:
        function = test["tags"][1]
        entry = totals.setdefault(function, [0.0, 0.0])
        entry[0] += test["score"]
        entry[1] += test["max_score"]
    return {name: (score, top) for name, (score, top) in totals.items()}


def grades_csv(all_results: dict[str, dict]) -> str:
    functions = sorted({f for r in all_results.values() for f in function_scores(r)})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *functions, "total", "max_total"])
    for name in sorted(all_results):
        scores = function_scores(all_results[name])
        row = [f"{scores.get(f, (0.0, 0.0))[0]:g}" for f in functions]
        total = sum(s for s, _ in scores.values())
        top = sum(m for _, m in scores.values())
        writer.writerow([name, *row, f"{total:g}", f"{top:g}"])
    return buffer.getvalue()


def summary_lines(all_results: dict[str, dict], width: int = 100) -> list[str]:
    """Per function: how many submissions earned full points, and the most common hints."""
    passed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    hints: dict[str, Counter[str]] = {}
    for results in all_results.values():
        for function, (score, top) in function_scores(results).items():
            seen[function] += 1
            passed[function] += score == top
        for test in results["tests"]:
            if test["status"] == "failed" and "Hint: " in test["output"]:
                hint = test["output"].split("Hint: ", 1)[1].splitlines()[0]
                hints.setdefault(test["tags"][1], Counter())[hint] += 1
    if not seen:
        return ["No graded functions."]
    name_w = max(len("function"), *(len(f) for f in seen))
    lines = [f"{'function':<{name_w}}  {'full points':>11}  most common hints", "-" * (width - 1)]
    for function in sorted(seen):
        ratio = f"{passed[function]}/{seen[function]}"
        common = hints.get(function, Counter()).most_common(2)
        text = "; ".join(f"{hint} (×{count})" for hint, count in common) or "-"
        room = width - name_w - 17
        if len(text) > room:
            text = text[: max(room - 1, 10)] + "…"
        lines.append(f"{function:<{name_w}}  {ratio:>11}  {text}")
    return lines
