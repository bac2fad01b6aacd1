"""``python -m course check [DAY]``: grade your exercises with a day's visible tests, fast.

Runs only the graded tests of the day (or of every day), in this process, with none of
pytest's installed plugins and none of its own output: first one line per exercise module that
cannot be imported (``file:line: error``, once), then the score table, then how many more
points the hidden tests hold when your work is graded, and a last line that says plainly
whether the day is finished. Exit status: 0 when every function has all its visible points,
1 while it is not finished yet, 2 when the check itself could not run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import traceback
from pathlib import Path

from course import imports, points, scoring

ROOT = Path(__file__).resolve().parents[1]


def available_days(root: Path = ROOT) -> list[str]:
    return sorted(p.name[3:] for p in (root / "tests").glob("day[0-9][0-9]") if p.is_dir())


def visible_graded_files(root: Path, day: str) -> list[Path]:
    return [path for path in sorted((root / "tests" / f"day{day}").glob("test_*.py"))
            if not path.stem.endswith("_hidden")
            and "mark.graded" in path.read_text(encoding="utf-8")]


def import_problems(root: Path, day: str) -> list[str]:
    """One line per exercise module of ``day`` that does not import: where, and why."""
    import importlib

    problems = []
    for path in sorted((root / "exercises" / f"day{day}").glob("*.py")):
        if path.name == "__init__.py":
            continue
        shown = path.relative_to(root).as_posix()
        try:
            compile(path.read_bytes(), shown, "exec")
        except SyntaxError as error:
            problems.append(f"{shown}:{error.lineno}: {type(error).__name__}: {error.msg}")
            continue
        try:
            importlib.import_module(f"exercises.day{day}.{path.stem}")
        except BaseException as error:  # noqa: BLE001 - the student's module may do anything
            frames = [f for f in traceback.extract_tb(error.__traceback__)
                      if Path(f.filename).resolve() == path.resolve()]
            line = frames[-1].lineno if frames else 1
            first = (str(error).splitlines() or [""])[0]
            problems.append(f"{shown}:{line}: {type(error).__name__}: {first}")
    return problems


class _Outcomes:
    """Collects the course plugin's outcomes at the end of the session."""

    def __init__(self) -> None:
        self.outcomes: list[scoring.TestOutcome] = []

    def pytest_sessionfinish(self, session) -> None:  # noqa: ANN001 - pytest's hook
        from course.pytest_plugin import _OUTCOMES

        self.outcomes = list(session.config.stash.get(_OUTCOMES, []))


def run_tests(root: Path, files: list[Path]) -> tuple[int, list[scoring.TestOutcome]]:
    import pytest

    collector = _Outcomes()
    arguments = [*(str(f) for f in files), "-m", "graded", "--impl=exercises",
                 "-p", "no:cacheprovider", "-p", "no:terminal", "-o", "addopts=",
                 "--rootdir", str(root)]
    try:
        import pytest_timeout  # noqa: F401 - its marker is used by some suites

        arguments += ["-p", "pytest_timeout"]
    except ImportError:
        pass
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    # Installed plugins are not loaded: hypothesis's alone costs pytest most of a second.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        code = pytest.main(arguments, plugins=[collector])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    return int(code), collector.outcomes


def check(days: list[str], root: Path = ROOT, stream=sys.stdout) -> int:
    """Grade ``exercises/`` with the visible tests of ``days``; print; return the exit status."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.chdir(root)
    imports.install()
    problems = [line for day in days for line in import_problems(root, day)]
    for line in problems:
        print(line, file=stream)
    files = [f for day in days for f in visible_graded_files(root, day)]
    if not files:
        print(f"check: no graded tests for day {', '.join(days)}", file=stream)
        return 2
    code, outcomes = run_tests(root, files)
    scores = scoring.summarise(outcomes)
    if problems:  # said once above; the table need not repeat it on every row
        for entry in scores.values():
            entry.hints = [("could not be imported (see above)"
                            if hint.startswith("Your module could not be imported") else hint)
                           for hint in entry.hints]
    if code not in (0, 1) or not scores:
        print(f"check: the tests could not run (pytest exit status {code}); run `pytest "
              f"{' '.join(str(f.relative_to(root)) for f in files)}` to see why", file=stream)
        return 2
    if problems:
        print(file=stream)
    width = shutil.get_terminal_size((100, 20)).columns
    for line in scoring.render_table(scores, width):
        print(line, file=stream)
    earned = sum(s.score for s in scores.values())
    visible = sum(s.max_score for s in scores.values())
    hidden = sum(points.hidden_points(root, day) for day in days)
    label = f"day {days[0]}" if len(days) == 1 else "all days"
    summary = f"{label}: visible {earned:g}/{visible:g}"
    if hidden:
        summary += f"; {hidden:g} more points are graded by hidden tests when you submit"
    print(f"\n{summary}.", file=stream)
    finished = sum(1 for s in scores.values() if s.score == s.max_score)
    if finished == len(scores):
        print(f"{label.capitalize()}: finished: every function has all its visible points.",
              file=stream)
        return 0
    print(f"{label.capitalize()}: not finished yet: {finished} of {len(scores)} functions have "
          "all their visible points.", file=stream)
    return 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("day", nargs="?", metavar="DAY",
                        help="the day to check, e.g. 48 (default: every day)")


def main(args: argparse.Namespace) -> int:
    days = available_days()
    if args.day:
        wanted = f"{int(args.day):02d}" if str(args.day).isdigit() else str(args.day)
        if wanted not in days:
            print(f"check: there is no day {args.day}; the days are {', '.join(days)} "
                  "(e.g. `python -m course check 48`)", file=sys.stderr)
            return 2
        days = [wanted]
    return check(days)
