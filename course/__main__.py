"""``python -m course``: the course's tooling (``check`` for students; the rest for instructors).

Each command imports what it needs when it runs: a student's copy ships only ``check``'s
modules, and the other commands are not offered there.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _stubs(args: argparse.Namespace) -> int:
    from course import stubs

    root = Path(args.root).resolve()
    if args.check:
        outdated = stubs.stale(root)
        for pair in outdated:
            print(f"stale   {pair.exercise.relative_to(root)}  "
                  f"(from {pair.solution.relative_to(root)})")
        if outdated:
            print("Run `python -m course stubs` to regenerate the exercises.")
            return 1
        print(f"All {len(stubs.pairs(root))} exercise files match solutions/.")
        return 0
    for pair, action in stubs.write_stubs(root):
        print(f"{action:<9} {pair.exercise.relative_to(root)}  "
              f"(from {pair.solution.relative_to(root)})")
    return 0


def _release(args: argparse.Namespace) -> int:
    from course import leaks, release

    root, out = Path(args.root).resolve(), Path(args.out).resolve()
    protected = {root / name for name in ("days", "exercises", "solutions", "tests", "course")}
    if out == root or out in root.parents or out in protected:
        print(f"refusing to write the release over the repository ({out}); choose a folder "
              "outside it, e.g. --out build/student-release", file=sys.stderr)
        return 2
    if args.force and out.exists():
        shutil.rmtree(out)
    try:
        files = release.build(root, out)
    except release.ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 1
    found = leaks.scan(out, root)
    for leak in found:
        print(f"LEAK  {leak}", file=sys.stderr)
    if found:
        print(f"release: {len(found)} leak(s) found in {out}; do not publish it", file=sys.stderr)
        return 1
    size = sum(len(content) for content in files.values())
    print(f"release: {len(files)} files ({size / 1024:.0f} KiB) written to {out}; "
          "no solutions, hidden tests or reference lines found")
    return 0


def _gradescope(args: argparse.Namespace) -> int:
    from course.grader import gradescope

    if not args.day and not args.all_days:
        print("gradescope: build one autograder per assignment, e.g. `python -m course "
              "gradescope --day 48 --out day48.zip` (or --all-days for one autograder of the "
              "whole unit)", file=sys.stderr)
        return 2
    names = gradescope.build_zip(args.out, args.day)
    graded = ", ".join(f"{int(d):02d}" for d in args.day) if args.day else "every day"
    print(f"gradescope: {args.out} holds {len(names)} files (setup.sh, run_autograder, the "
          f"course tooling and the graded suites of day {graded}); upload it as the "
          "autograder of that assignment, on the base image Ubuntu 22.04")
    return 0


def _nbgrader(args: argparse.Namespace) -> int:
    from course import nbgrader_build

    root, out = Path(args.root).resolve(), Path(args.out).resolve()
    protected = {root / name for name in ("days", "exercises", "solutions", "tests", "course")}
    if out == root or out in root.parents or protected & {out, *out.parents}:
        print(f"refusing to write the nbgrader course over the repository ({out}); choose a "
              "folder outside it, e.g. --out build/nbgrader", file=sys.stderr)
        return 2
    files = nbgrader_build.write_course(root, out)
    notebooks = sorted(p.parent.name for p in files if p.suffix == ".ipynb")
    print(f"nbgrader: {len(files)} files written to {out}: nbgrader_config.py and "
          f"source/ for {', '.join(notebooks) or 'no day'}")
    first = notebooks[0] if notebooks else "dayNN"
    print(f"next: cd {out} && nbgrader generate_assignment {first}")
    return 0


def _points(args: argparse.Namespace) -> int:
    from course import points

    wanted = points.render(points.collect(ROOT))
    path = ROOT / points.MANIFEST
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        if current != wanted:
            print(f"{points.MANIFEST} is out of date; run `python -m course points`")
            return 1
        print(f"{points.MANIFEST} matches the graded tests.")
        return 0
    if current != wanted:
        path.write_text(wanted, encoding="utf-8")
    print(f"points: {points.MANIFEST} {'written' if current != wanted else 'unchanged'}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from course.grader import report

    out = Path(args.out)
    results = report.load_results(out) if out.is_dir() else {}
    if not results:
        print(f"report: no {out}/<submission>/results.json found: grade first, with "
              f"`python -m course grade SUBMISSION... --out {out}`", file=sys.stderr)
        return 2
    files = report.write_reports(out, results, roster=args.roster, class_from=1)
    pages = [f for f in files if f.suffix in (".md", ".html")]
    print(f"report: {len(results)} submission(s); gradebook {out / 'grades.csv'}; class "
          f"report {', '.join(str(p) for p in pages)} with "
          f"{sum(f.suffix == '.png' for f in files)} figure(s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course",
        description="Tooling for the Likelihood & Loss course unit.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from course import check as check_command

    check = commands.add_parser(
        "check", help="grade your exercises with a day's visible tests (about a second)",
        description="Run the visible graded tests of a day (or of every day) against "
                    "exercises/ and print the score table: one line per module that cannot be "
                    "imported, the points earned, how many more the hidden tests hold, and "
                    "whether the day is finished. Exit status 0 when finished, 1 while not "
                    "finished yet, 2 when the check could not run.")
    check_command.add_arguments(check)
    check.set_defaults(run=check_command.main)
    if not (ROOT / "course" / "stubs.py").exists():  # a student's copy: check only
        return parser
    stub = commands.add_parser(
        "stubs", help="generate exercises/ from solutions/",
        description="Write exercises/<day>/<module>.py from solutions/, replacing every "
                    "marked solution block by `raise NotImplementedError`.",
    )
    stub.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if an exercise file is missing or stale")
    stub.add_argument("--root", default=str(ROOT), help="repository root (default: %(default)s)")
    stub.set_defaults(run=_stubs)
    grader = commands.add_parser(
        "grade", help="grade submissions in sandboxes; write Gradescope reports",
        description="Grade untrusted submissions with every graded suite (visible and hidden). "
                    "Student code runs only in sandboxed worker processes. Writes "
                    "DIR/<name>/results.json (Gradescope format), DIR/grades.csv and, with "
                    "--report, the class report in DIR/report/.",
    )
    from course.grader import cli as grade_cli

    grade_cli.add_arguments(grader)
    grader.set_defaults(run=grade_cli.grade)
    scope = commands.add_parser(
        "gradescope", help="build a Gradescope autograder zip",
        description="Write a Gradescope autograder (setup.sh, run_autograder and the graded "
                    "suites, hidden ones included; no solutions/) that grades "
                    "/autograder/submission with the sandboxed grader.",
    )
    scope.add_argument("--out", required=True, type=Path, help="the zip file to write")
    scope.add_argument("--day", action="append", metavar="NN",
                       help="the day this assignment grades (repeatable); one autograder per "
                            "day is the recommended way")
    scope.add_argument("--all-days", action="store_true",
                       help="one autograder for the whole unit instead")
    scope.set_defaults(run=_gradescope)
    nbg = commands.add_parser(
        "nbgrader", help="build an nbgrader course directory",
        description="Write an nbgrader course directory: nbgrader_config.py and "
                    "source/dayNN/dayNN.ipynb for every day (solution cells with the reference, "
                    "test cells running the graded pytest tests, hidden ones included).",
    )
    nbg.add_argument("--out", required=True, help="the course directory to write")
    nbg.add_argument("--root", default=str(ROOT), help="repository root (default: %(default)s)")
    nbg.set_defaults(run=_nbgrader)
    points = commands.add_parser(
        "points", help="write tests/points.json (the points of visible and hidden tests)",
        description="Collect every graded test and write, per function, the points its "
                    "visible and its hidden tests carry (shipped to students, so that "
                    "`course check` can say what the hidden tests hold).")
    points.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if tests/points.json is out of date")
    points.set_defaults(run=_points)
    from course.grader import report as grade_report  # no NumPy: starts fast

    class_report = commands.add_parser(
        "report", help="write the gradebook and the class report of a grading run",
        description="Read OUT/<submission>/results.json of a finished `course grade ... --out "
                    "OUT` and write OUT/grades.csv (one row per student, a column per "
                    "function and per day with its maximum in the header, total, status, "
                    "grading time) and OUT/report/ (report.md, report.html and PNG figures: "
                    "score distribution per day, points per function, most frequent hints).",
    )
    class_report.add_argument("out", metavar="OUT", help="the --out folder of `course grade`")
    class_report.add_argument("--roster", type=grade_report.roster_argument, metavar="FILE",
                              help=grade_report.ROSTER_HELP)
    class_report.set_defaults(run=_report)
    rel = commands.add_parser(
        "release", help="build the student release",
        description="Build what students get: lessons, stubs, visible tests and the score "
                    "table, without solutions/, hidden tests or any reference line; then scan "
                    "it for leaks.",
    )
    rel.add_argument("--out", required=True, help="folder to create (must be empty or absent)")
    rel.add_argument("--force", action="store_true", help="delete --out first if it exists")
    rel.add_argument("--root", default=str(ROOT), help="repository root (default: %(default)s)")
    rel.set_defaults(run=_release)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
