"""Reports: Gradescope's ``results.json`` per submission, ``grades.csv``, and the summary.

Gradescope's format: top-level ``score``, ``execution_time`` (a number of seconds), ``output``
and ``tests``; each test has ``name``, ``score``, ``max_score``, ``status`` (``passed`` or
``failed``), ``output``, ``visibility`` and ``tags``. Hidden tests show the hint only, never
their inputs or expected values. The optional top-level ``extra_data`` ("Optional extra data to
be stored", in Gradescope's autograder specification) holds ``graded_at`` (ISO 8601) and, for a
submission that could not be graded, ``problem``: the gradebook reads both.

``grades.csv`` is the gradebook an LMS imports: one row per submission (and per student of the
roster who handed nothing in), see :func:`grades_csv`.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
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
    extra: dict[str, str] = {"graded_at": now()}
    if problem:
        extra["problem"] = problem
    return {
        "score": float(sum(t["score"] for t in tests)),
        "execution_time": round(float(seconds), 3),
        "output": "\n".join(lines),
        "tests": tests,
        "extra_data": extra,
    }


def now() -> str:
    """The local time with its UTC offset, to the second, in ISO 8601."""
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def results_text(results: dict) -> str:
    """``results.json``'s text: a field a line, and in ``tests`` a test a line.

    As readable as ``json.dumps(results, indent=2)`` and the same JSON, but written by the C
    encoder (``indent`` falls back to the pure-Python one, a fifth of a millisecond a report
    for a judge that writes hundreds)."""
    fields = []
    for key, value in results.items():
        if key == "tests" and type(value) is list and value:
            text = "[\n" + ",\n".join(f"    {json.dumps(test)}" for test in value) + "\n  ]"
        else:
            text = json.dumps(value)
        fields.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def write_results(folder: Path, results: dict) -> None:
    write_atomically(folder / "results.json", results_text(results))


def function_scores(results: dict) -> dict[str, tuple[float, float]]:
    """Per ``dayNN.function``: (score, max_score) from one ``results.json``."""
    totals: dict[str, list[float]] = {}
    for test in results["tests"]:
        function = test["tags"][1]
        entry = totals.setdefault(function, [0.0, 0.0])
        entry[0] += test["score"]
        entry[1] += test["max_score"]
    return {name: (score, top) for name, (score, top) in totals.items()}


# --------------------------------------------------------------------------------------------
# The gradebook
# --------------------------------------------------------------------------------------------
GRADED, NO_SUBMISSION = "graded", "no submission"
CANNOT_GRADE = "could not grade"
#: The id column's header when there is no roster: the id is the submission's name.
DEFAULT_ID_COLUMN = "student_id"

ROSTER_HELP = (
    "a CSV file mapping submissions to student ids for grades.csv. Its first line names the "
    "columns: one called 'submission' holds the names the grader gives submissions (the "
    "folder's name, a zip's or notebook's name without its suffix), the first other column "
    "the id your LMS matches students by; its header becomes the id column's header in "
    "grades.csv (e.g. 'submission,SIS User ID' for Canvas; Moodle lets you map any column to "
    "the users' ID number or email). Other columns are ignored. Without it, the id is the "
    "submission's name.")


@dataclass(frozen=True)
class Roster:
    """Student ids by submission name, read from ``--roster FILE``."""

    column: str
    ids: dict[str, str]


def read_roster(path: Path) -> Roster:
    """Read a roster CSV (see :data:`ROSTER_HELP`).

    Raises
    ------
    ValueError
        If the file cannot be read, has no ``submission`` column or no id column, repeats a
        submission, or leaves an id empty; the message says which line and how to fix it.
    """
    try:
        # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError) as error:
        raise ValueError(f"{path} cannot be read ({error})") from None
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    lowered = [name.lower() for name in header]
    if "submission" not in lowered:
        raise ValueError(f"{path} has no 'submission' column: its first line must name the "
                         "columns, e.g. 'submission,student_id'")
    key = lowered.index("submission")
    others = [k for k, name in enumerate(header) if k != key and name]
    if not others:
        raise ValueError(f"{path} has no id column beside 'submission', e.g. "
                         "'submission,student_id'")
    column = others[0]
    ids: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        name = row[key].strip() if key < len(row) else ""
        ident = row[column].strip() if column < len(row) else ""
        if not name or not ident:
            raise ValueError(f"{path}, line {line}: a submission name and an id are both "
                             "needed")
        if name in ids:
            raise ValueError(f"{path}, line {line}: the submission {name!r} is listed twice")
        ids[name] = ident
    return Roster(header[column], ids)


def roster_argument(text: str) -> Roster:
    """``--roster FILE`` for argparse: the roster, or an error argparse shows as it is."""
    try:
        return read_roster(Path(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


@dataclass
class Graded:
    """One submission's line of the gradebook, read from its ``results.json``."""

    name: str
    #: Per function: (score, max_score).
    functions: dict[str, tuple[float, float]]
    status: str
    graded_at: str
    #: Per function: the distinct hints its failed tests gave.
    hints: dict[str, list[str]] = field(default_factory=dict)
    #: Functions whose every test met the stub's NotImplementedError.
    not_started: set[str] = field(default_factory=set)

    @property
    def graded(self) -> bool:
        return self.status == GRADED


def hint_of(output: str) -> str:
    """The hint of a failed test's output ("" if it has none), ``printable``: it may quote
    what the submission raised, and the summary, the gradebook and the class report show it."""
    if "Hint: " not in output:
        return ""
    return printable(output.split("Hint: ", 1)[1].splitlines()[0].strip())


def problem_of(results: dict) -> str:
    """Why a submission could not be graded, or "" if it was graded (``printable``)."""
    return printable(_problem_of(results))


def _problem_of(results: dict) -> str:
    extra = results.get("extra_data")
    if isinstance(extra, dict) and extra.get("problem"):
        return str(extra["problem"])
    first = (results.get("output") or "").splitlines()[:1]
    if not results.get("tests"):  # the fallback reports: nothing ran
        return first[0] if first else "no test ran"
    # Reports written before extra_data: a problem is the first line and every test's output.
    if first and all(t.get("output") == first[0] for t in results["tests"]):
        return first[0]
    return ""


def graded_line(name: str, results: dict, default_time: str = "") -> Graded:
    """The gradebook's view of one ``results.json``."""
    hints: dict[str, list[str]] = {}
    outcomes: dict[str, list[bool]] = {}
    for test in results.get("tests", []):
        function = test["tags"][1]
        outcomes.setdefault(function, []).append(
            str(test.get("output", "")).startswith("Not started"))
        hint = hint_of(str(test.get("output", ""))) if test.get("status") == "failed" else ""
        if hint and hint not in hints.setdefault(function, []):
            hints[function].append(hint)
    problem = problem_of(results)
    if problem:
        reason = problem.removeprefix("Could not grade: ").strip()
        status = f"{CANNOT_GRADE}: {reason}"
    else:
        status = GRADED
    extra = results.get("extra_data")
    graded_at = str(extra.get("graded_at", "")) if isinstance(extra, dict) else ""
    return Graded(name, function_scores(results), status, graded_at or default_time,
                  {f: h for f, h in hints.items() if h},
                  {f for f, flags in outcomes.items() if all(flags)})


def load_results(out: Path) -> dict[str, dict]:
    """Every ``OUT/<name>/results.json`` of a grading run, by submission name.

    A report without ``extra_data.graded_at`` gets its file's modification time instead.
    """
    found = {}
    for path in sorted(Path(out).glob("*/results.json")):
        if path.is_symlink() or path.parent.is_symlink():
            continue  # the grader writes neither: not a report of its own
        results = json.loads(path.read_text(encoding="utf-8"))
        extra = results.setdefault("extra_data", {})
        if isinstance(extra, dict) and not extra.get("graded_at"):
            stamp = datetime.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            extra["graded_at"] = stamp.isoformat(timespec="seconds")
        found[path.parent.name] = results
    return found


def _day(function: str) -> str:
    return function.split(".", 1)[0]


def _points(value: float) -> str:
    return f"{value:g}"


def _text_cell(text: str) -> str:
    """``text`` safe in a spreadsheet: a cell starting with = + - @ (or a tab or carriage
    return) is read as a formula by spreadsheet programs, so it gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def maxima(lines: list[Graded]) -> dict[str, float]:
    """The maximum of every function, over the submissions (the same for all graded ones)."""
    top: dict[str, float] = {}
    for line in lines:
        for function, (_, most) in line.functions.items():
            top[function] = max(top.get(function, 0.0), most)
    return dict(sorted(top.items()))


def grades_csv(all_results: dict[str, dict], roster: Roster | None = None,
               default_time: str = "") -> str:
    """The gradebook: one row per submission, and per roster student without one.

    Columns: the student id (the roster's id column, else ``student_id`` holding the
    submission's name), ``submission``, then per day each function's score and the day's
    total, ``total``, ``max_total``, ``status`` (``graded``, ``could not grade: <reason>`` or
    ``no submission``) and ``graded_at`` (ISO 8601, with the UTC offset).

    Each score column names its maximum in its header, ``day48.mse (max 7)``,
    ``day48 (max 54)``, rather than in a second header line: Moodle's CSV grade import takes
    the first line as the column names and maps each further line to a user (its "Grade
    import" documentation: you map a column such as an ID number or an email address to the
    users), so a line of maxima would be taken for a student. The maxima
    read "(max 7)", not "(7)", because Canvas's own gradebook export names each assignment
    column "Name (assignment id)": a bare number in parentheses would look like an id.
    """
    default_time = default_time or now()
    lines = [graded_line(name, results, default_time)
             for name, results in sorted(all_results.items())]
    top = maxima(lines)
    days = sorted({_day(f) for f in top})
    columns: list[tuple[str, list[str]]] = []  # (header, the functions it adds up)
    for day in days:
        functions = [f for f in top if _day(f) == day]
        columns += [(f"{f} (max {_points(top[f])})", [f]) for f in functions]
        columns.append((f"{day} (max {_points(sum(top[f] for f in functions))})", functions))
    id_column = roster.column if roster else DEFAULT_ID_COLUMN
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([id_column, "submission", *(header for header, _ in columns), "total",
                     "max_total", "status", "graded_at"])
    full = sum(top.values())
    for line in lines:
        ident = roster.ids.get(line.name, "") if roster else _text_cell(line.name)
        scores = [_points(sum(line.functions.get(f, (0.0, 0.0))[0] for f in functions))
                  for _, functions in columns]
        total = sum(score for score, _ in line.functions.values())
        writer.writerow([ident, _text_cell(line.name), *scores, _points(total), _points(full),
                         _text_cell(line.status), line.graded_at])
    for name, ident in sorted(roster.ids.items()) if roster else ():
        if name not in all_results:
            writer.writerow([ident, _text_cell(name), *([""] * len(columns)), "",
                             _points(full), NO_SUBMISSION, ""])
    return buffer.getvalue()


def write_reports(out: Path, all_results: dict[str, dict], roster: Roster | None = None,
                  stream=None, class_from: int = 2) -> list[Path]:
    """Write ``OUT/grades.csv`` and, for ``class_from`` submissions or more, the class report
    in ``OUT/report/`` (``course grade`` asks for two: the report of a class of one, such as a
    Gradescope run, is that submission's ``results.json``); return the files written.

    Submissions missing from the roster are named on ``stream`` (stderr by default): their
    rows have an empty id, which an LMS import cannot match.
    """
    import sys

    stream = stream or sys.stderr
    write_atomically(out / "grades.csv", grades_csv(all_results, roster))
    written = [out / "grades.csv"]
    if roster:
        unknown = sorted(set(all_results) - set(roster.ids))
        if unknown:
            print(f"grades.csv: {len(unknown)} submission(s) have no id in the roster, so "
                  f"their rows have none: {', '.join(unknown)}", file=stream)
    if all_results and len(all_results) >= class_from:
        from course import class_report  # Matplotlib: imported only when a report is due

        try:
            written += class_report.write(out / "report", all_results)
        except Exception as error:  # noqa: BLE001 - the grades are written: keep them
            print(f"the class report could not be written ({type(error).__name__}: {error}); "
                  f"{out / 'grades.csv'} and every results.json are complete", file=stream)
    return written


def printable(text: str) -> str:
    """``text`` safe for the instructor's terminal: control characters (escape sequences that
    could retitle the window or clear the screen, bells, carriage returns) shown as ``\\xNN``.

    Hints and reasons can hold what a submission wrote (an exception's message, a file's
    name)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256
                   else f"\\u{ord(c):04x}" for c in text)


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
            if test["status"] == "failed" and (hint := hint_of(test["output"])):
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
