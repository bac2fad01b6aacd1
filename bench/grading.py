"""Benchmark of the instructor's grader: ``python -m bench.grading [--n 200] [--jobs 2]``.

Generates N submissions of the whole unit (a third correct, a third untouched stubs, a third
with one classic mistake each), grades them with ``python -m course grade`` exactly as an
instructor would, and prints submissions per second, the start-up and the pace after it, and
the time per submission. ``--nbgrader N`` compares with nbgrader's autograde; ``--gradescope``
times the Gradescope autograder in Gradescope's default container. Not a test: it prints
figures, it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
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
            indented = textwrap.indent(textwrap.dedent(body).strip(), "    ")
            (target / "day48/losses.py").write_text(
                reference + f"\n\ndef {function}({SIGNATURES[function]}):\n{indented}\n")
    return kinds


def nbgrader_ratio(n: int, jobs: int) -> list[tuple[str, str]]:
    """Grade the same ``n`` Day 48 notebooks with ``nbgrader autograde`` and ``course grade``.

    Half are filled with the reference bodies, half left untouched. Returns table rows.
    """
    from tests.course.test_nbgrader import _env, _filled

    day = "day48"
    with tempfile.TemporaryDirectory(prefix="bench-nbgrader-") as tmp:
        course = Path(tmp) / "course"
        env = _env()

        def run(command: list[str], cwd: Path) -> float:
            started = time.perf_counter()
            subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                           check=True)
            return time.perf_counter() - started

        run([sys.executable, "-m", "course", "nbgrader", "--out", str(course)], ROOT)
        run([sys.executable, "-m", "nbgrader", "generate_assignment", day, "--force"], course)
        release = course / "release" / day
        student_notebook = json.loads((release / f"{day}.ipynb").read_text())
        source = json.loads((course / "source" / day / f"{day}.ipynb").read_text())
        for i in range(n):
            folder = course / "submitted" / f"student{i:04d}" / day
            shutil.copytree(release, folder)
            if i % 2 == 0:
                (folder / f"{day}.ipynb").write_text(
                    json.dumps(_filled(student_notebook, source)))
        ours = run([sys.executable, "-m", "course", "grade", str(course / "submitted"),
                    "--out", str(Path(tmp) / "reports"), "--jobs", str(jobs), "--day", "48"],
                   ROOT)
        theirs = run([sys.executable, "-m", "nbgrader", "autograde", day, "--force"], course)
    return [
        ("nbgrader notebooks", f"{n} (half filled with the reference, half untouched)"),
        ("nbgrader autograde", f"{theirs:.1f} s ({n / theirs:.2f} submissions/s, one kernel "
                               "per notebook, student code in the grader's reach)"),
        ("course grade", f"{ours:.1f} s ({n / ours:.2f} submissions/s, {jobs} judges, "
                         "sandboxed)"),
        ("ratio", f"course grade is {theirs / ours:.1f}x faster"),
    ]


def gradescope_container() -> list[tuple[str, str]]:
    """Run the whole-unit Gradescope autograder on one correct upload in Gradescope's default
    container (768 MB, half a CPU, through ``bench.cgroup``). Returns table rows."""
    import os
    import zipfile

    from bench.cgroup import run_limited, unavailable
    from course.grader import gradescope

    if unavailable():
        return [("gradescope container", f"skipped: {unavailable()}")]
    with tempfile.TemporaryDirectory(prefix="bench-gradescope-") as tmp:
        root = Path(tmp) / "autograder"
        archive = Path(tmp) / "autograder.zip"
        gradescope.build_zip(archive)
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(root / "source")
        shutil.copytree(ROOT / "solutions", root / "submission" / "repo" / "exercises",
                        ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
        env.pop("PYTHONPATH", None)
        usage = run_limited(["bash", str(root / "source" / "run_autograder")], env=env)
        results = json.loads((root / "results" / "results.json").read_text())
    points = sum(t["max_score"] for t in results["tests"])
    return [("gradescope container", "768 MB, half a CPU (a cgroup), one upload of all days"),
            ("  grade", f"{usage.seconds:.1f} s for {results['score']:g}/{points:g} points"),
            ("  peak memory", f"{usage.peak_bytes / 2**20:.0f} MiB of 768 "
                              f"({usage.oom_kills} processes killed for memory)")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grading", description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="submissions (default: 200)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel judges (default: 2)")
    parser.add_argument("--day", action="append", help="grade only this day (repeatable)")
    parser.add_argument("--nbgrader", type=int, default=0, metavar="N",
                        help="also grade N Day 48 notebooks with nbgrader autograde and with "
                             "course grade, and print the ratio (default: 0, skip)")
    parser.add_argument("--gradescope", action="store_true",
                        help="also time the whole-unit Gradescope autograder in Gradescope's "
                             "default container, 768 MB and half a CPU (needs root)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        subs, out = Path(tmp) / "submissions", Path(tmp) / "out"
        subs.mkdir()
        kinds = make_submissions(subs, args.n)
        command = [sys.executable, "-m", "course", "grade", str(subs), "--out", str(out),
                   "--jobs", str(args.jobs)]
        for day in args.day or []:
            command += ["--day", day]
        started_at = time.time()
        started = time.perf_counter()
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        reports = list(out.glob("*/results.json"))
        graded = len(reports)
        inner = [json.loads(p.read_text())["execution_time"] for p in reports]
        # Each report is written when its submission is done: the first one dates the end of
        # the start-up (interpreters, imports, collecting the suites); the rest, the pace.
        finished = sorted(p.stat().st_mtime - started_at for p in reports)
    if process.returncode != 0:
        print(process.stderr[-2000:], file=sys.stderr)
        return 1
    rows = [
        ("submissions", f"{graded} ({kinds['correct']} correct, {kinds['untouched']} untouched, "
                        f"{kinds['mistaken']} mistaken)"),
        ("parallel judges", str(args.jobs)),
        ("wall time", f"{seconds:.2f} s (start-up included)"),
        ("throughput", f"{graded / seconds:.1f} submissions/s"),
        ("start-up", f"{finished[0]:.2f} s to the first report"),
        ("steady pace", f"{(graded - 1) / max(finished[-1] - finished[0], 1e-9):.1f} "
                        "submissions/s after it"),
        ("per submission", f"{1000 * seconds / graded:.1f} ms wall, "
                           f"{1000 * sum(inner) / len(inner):.1f} ms inside a judge"),
    ]
    if args.nbgrader:
        rows += nbgrader_ratio(args.nbgrader, args.jobs)
    if args.gradescope:
        rows += gradescope_container()
    width = max(len(k) for k, _ in rows)
    print("Grading benchmark (python -m course grade)")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
