"""Benchmark of the instructor's grader: ``python -m bench.grading [--n 200] [--jobs 2]``.

Generates N submissions of the whole unit (a third correct, a third untouched stubs, a third
with one classic mistake each), grades them with ``python -m course grade`` exactly as an
instructor would, and prints submissions per second and the time per submission. Not a test:
it prints figures, it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_submissions(folder: Path, n: int) -> dict[str, int]:
    """Write ``n`` submissions into ``folder``; return how many of each kind."""
    sys.path.insert(0, str(ROOT))
    from tests.course.test_fairness import MISTAKES, SIGNATURES

    kinds = {"correct": 0, "untouched": 0, "mistaken": 0}
    reference = (ROOT / "solutions/day48/losses.py").read_text()
    for i in range(n):
        target = folder / f"student{i:04d}" / "exercises"
        kind = ("correct", "untouched", "mistaken")[i % 3]
        kinds[kind] += 1
        source = ROOT / ("exercises" if kind == "untouched" else "solutions")
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        if kind == "mistaken":
            function, body, _ = MISTAKES[(i // 3) % len(MISTAKES)]
            indented = "\n".join("    " + line.strip() for line in body.strip().splitlines())
            (target / "day48/losses.py").write_text(
                reference + f"\n\ndef {function}({SIGNATURES[function]}):\n{indented}\n")
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grading", description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="submissions (default: 200)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel judges (default: 2)")
    parser.add_argument("--day", action="append", help="grade only this day (repeatable)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        subs, out = Path(tmp) / "submissions", Path(tmp) / "out"
        subs.mkdir()
        kinds = make_submissions(subs, args.n)
        command = [sys.executable, "-m", "course", "grade", str(subs), "--out", str(out),
                   "--jobs", str(args.jobs)]
        for day in args.day or []:
            command += ["--day", day]
        started = time.perf_counter()
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        graded = len(list(out.glob("*/results.json")))
        inner = [json.loads(p.read_text())["execution_time"] for p in out.glob("*/results.json")]
    if process.returncode != 0:
        print(process.stderr[-2000:], file=sys.stderr)
        return 1
    rows = [
        ("submissions", f"{graded} ({kinds['correct']} correct, {kinds['untouched']} untouched, "
                        f"{kinds['mistaken']} mistaken)"),
        ("parallel judges", str(args.jobs)),
        ("wall time", f"{seconds:.2f} s (start-up included)"),
        ("throughput", f"{graded / seconds:.1f} submissions/s"),
        ("per submission", f"{1000 * seconds / graded:.1f} ms wall, "
                           f"{1000 * sum(inner) / len(inner):.1f} ms inside a judge"),
    ]
    width = max(len(k) for k, _ in rows)
    print("Grading benchmark (python -m course grade)")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
