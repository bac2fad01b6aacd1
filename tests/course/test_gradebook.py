"""The gradebook (`grades.csv`) and the class report of a grading run.

One module fixture grades a small class with the real grader (`python -m course grade` with a
roster): a correct submission, one that returns the sum instead of the mean in `mse`, the
untouched stubs, and an empty folder (which cannot be graded). The tests read `grades.csv` as an
LMS would (one header line, then one row per student) and the class report the run wrote.
Smaller pieces (the roster's format, hints counted per student, spreadsheet-safe cells,
escaping) are checked on reports built in memory.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from course import class_report
from course.grader import report
from tests.course.grading import ROOT

DAY = "day48"
pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                reason="instructor repository only")
#: The roster: folder name -> the id an LMS knows; "absent" handed nothing in.
ROSTER = {"good": "s-001", "sum_for_mean": "s-002", "untouched": "s-003", "empty": "s-004",
          "absent": "s-005"}
ID_COLUMN = "SIS User ID"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    """A graded class: the reports folder, the process, and every results.json."""
    base = tmp_path_factory.mktemp("gradebook")
    subs, out = base / "submissions", base / "out"
    reference = (ROOT / "solutions" / DAY / "losses.py").read_text()
    stub = (ROOT / "exercises" / DAY / "losses.py").read_text()
    wrong = reference + ("\n\ndef mse(y_true, y_pred):\n"
                         "    y, y_hat = _check_regression(y_true, y_pred)\n"
                         "    return float(np.sum((y - y_hat) ** 2))\n")
    for name, text in (("good", reference), ("sum_for_mean", wrong), ("untouched", stub)):
        folder = subs / name / "exercises" / DAY
        folder.mkdir(parents=True)
        (folder / "losses.py").write_text(text)
    (subs / "empty").mkdir()
    roster = base / "roster.csv"
    # As a spreadsheet saves it: a byte-order mark, an extra column, a blank line.
    roster.write_text("\ufeffsubmission," + ID_COLUMN + ",name\n"
                      + "".join(f"{n},{i},Student {n}\n" for n, i in ROSTER.items()) + "\n",
                      encoding="utf-8")
    process = _run("grade", str(subs), "--out", str(out), "--day", DAY[3:], "--jobs", "2",
                   "--roster", str(roster), "--report")
    assert process.returncode == 0, process.stderr[-3000:]
    results = {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}
    return {"out": out, "process": process, "results": results, "roster": roster}


def _rows(out: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def _maxima(results: dict) -> dict[str, float]:
    top: dict[str, float] = {}
    for test in results["tests"]:
        top[test["tags"][1]] = top.get(test["tags"][1], 0.0) + test["max_score"]
    return top


# --------------------------------------------------------------------------------------------
# grades.csv
# --------------------------------------------------------------------------------------------
def test_grades_csv_is_one_table_with_a_row_per_student(run):
    header, rows = _rows(run["out"])
    assert header[:2] == [ID_COLUMN, "submission"]
    assert header[-4:] == ["total", "max_total", "status", "graded_at"]
    assert sorted(r["submission"] for r in rows) == sorted(ROSTER)  # one row per student
    assert {r["submission"]: r[ID_COLUMN] for r in rows} == ROSTER  # the roster's ids


def test_each_function_and_day_column_names_its_maximum(run):
    header, rows = _rows(run["out"])
    top = _maxima(run["results"]["good"])
    expected = [f"{f} (max {m:g})" for f, m in sorted(top.items())]
    expected.append(f"{DAY} (max {sum(top.values()):g})")
    assert header[2:-4] == expected
    good = next(r for r in rows if r["submission"] == "good")
    assert [float(good[h]) for h in expected] == [*(top[f] for f in sorted(top)),
                                                  sum(top.values())]
    assert float(good["total"]) == float(good["max_total"]) == sum(top.values())


def test_a_mistake_costs_its_function_and_day_only(run):
    header, rows = _rows(run["out"])
    row = next(r for r in rows if r["submission"] == "sum_for_mean")
    top = _maxima(run["results"]["good"])
    mse = f"{DAY}.mse (max {top[f'{DAY}.mse']:g})"
    assert float(row[mse]) < top[f"{DAY}.mse"]
    for function, most in top.items():
        if function != f"{DAY}.mse":
            assert float(row[f"{function} (max {most:g})"]) == most
    day = f"{DAY} (max {sum(top.values()):g})"
    assert float(row[day]) == float(row["total"]) == sum(
        float(row[h]) for h in header[2:-5])
    assert row["status"] == "graded"


def test_every_row_says_whether_it_was_graded_and_when(run):
    _, rows = _rows(run["out"])
    status = {r["submission"]: r["status"] for r in rows}
    assert status["good"] == status["untouched"] == status["sum_for_mean"] == "graded"
    assert status["empty"].startswith("could not grade: ") and "exercises/" in status["empty"]
    assert status["absent"] == "no submission"
    for row in rows:
        if row["submission"] != "absent":
            when = datetime.datetime.fromisoformat(row["graded_at"])
            assert when.tzinfo is not None  # ISO 8601 with its UTC offset
            assert abs(datetime.datetime.now(datetime.UTC) - when) < datetime.timedelta(hours=1)
    absent = next(r for r in rows if r["submission"] == "absent")
    assert absent["total"] == "" and absent["graded_at"] == ""  # nothing to import


def test_a_submission_missing_from_the_roster_is_named(run, tmp_path):
    roster = tmp_path / "partial.csv"
    roster.write_text("submission,student_id\ngood,s-001\n")
    process = _run("report", str(run["out"]), "--roster", str(roster))
    assert process.returncode == 0, process.stderr
    assert "have no id in the roster" in process.stderr and "sum_for_mean" in process.stderr
    _, rows = _rows(run["out"])
    assert {r["submission"]: r["student_id"] for r in rows}["sum_for_mean"] == ""
    # Without a roster, the id is the submission's name.
    assert _run("report", str(run["out"])).returncode == 0
    header, rows = _rows(run["out"])
    assert header[0] == report.DEFAULT_ID_COLUMN
    assert all(r["student_id"] == r["submission"] for r in rows)


# --------------------------------------------------------------------------------------------
# The class report
# --------------------------------------------------------------------------------------------
def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_grade_writes_the_class_report_with_its_figures(run):
    folder = run["out"] / "report"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["report.md", "report.html", *class_report.FIGURES])
    summary = class_report.summarise(run["results"])
    counts = {"scores_per_day.png": len(summary.days),
              "points_per_function.png": len(summary.functions),
              "frequent_hints.png": len(class_report.frequent_hints(summary))}
    for name, count in counts.items():
        expected = (round(class_report.WIDTH * class_report.DPI),
                    round(class_report.figure_height(name, count) * class_report.DPI))
        assert _png_size(folder / name) == expected, name


def test_the_html_page_works_offline(run):
    page = (run["out"] / "report" / "report.html").read_text()
    assert not re.search(r"https?://", page) and "<script" not in page
    assert "@import" not in page and "url(" not in page
    sources = re.findall(r'src="([^"]+)"', page)
    assert sorted(sources) == sorted(class_report.FIGURES)
    assert all((run["out"] / "report" / source).is_file() for source in sources)


def test_the_report_names_the_class_mistakes(run):
    markdown = (run["out"] / "report" / "report.md").read_text()
    # The sum-for-mean mistake, once per student however many tests named it.
    assert re.search(r"\| 1 \| You returned the sum", markdown)
    assert "## Could not be graded" in markdown and "| empty |" in markdown
    for figure in class_report.FIGURES:
        assert f"]({figure})" in markdown
    assert "## Score distribution per day" in markdown and "## Students" in markdown


def test_report_rebuilds_from_the_results(run, tmp_path):
    """`python -m course report OUT` needs only the results.json files; a report written
    without `extra_data` gets its file's time."""
    copy = tmp_path / "copy"
    for name, results in run["results"].items():
        results = dict(results)
        results.pop("extra_data", None)
        (copy / name).mkdir(parents=True)
        (copy / name / "results.json").write_text(json.dumps(results))
    process = _run("report", str(copy))
    assert process.returncode == 0, process.stderr
    assert sorted(p.name for p in (copy / "report").iterdir()) == sorted(
        ["report.md", "report.html", *class_report.FIGURES])
    _, rows = _rows(copy)
    assert all(datetime.datetime.fromisoformat(r["graded_at"]).tzinfo for r in rows)
    # Without extra_data, "could not grade" is still recognised: every test says the problem.
    assert next(r for r in rows if r["submission"] == "empty")["status"].startswith(
        "could not grade: ")
    assert _run("report", str(tmp_path / "nothing")).returncode == 2


# --------------------------------------------------------------------------------------------
# Pieces, in memory
# --------------------------------------------------------------------------------------------
def _results(scores: dict[str, list[tuple[float, float, str]]], problem: str = "") -> dict:
    """A results.json like the grader's: per function, (score, max, failure output) tests."""
    items, outcomes = [], {}
    for function, tests in scores.items():
        for k, (score, top, output) in enumerate(tests):
            nodeid = f"{function}-{k}"
            items.append(report.TestInfo(nodeid, f"t{k}", function, top, "visible"))
            if score == top:
                outcomes[nodeid] = {"outcome": "passed"}
            elif output == "not started":
                outcomes[nodeid] = {"outcome": "not started"}
            else:
                outcomes[nodeid] = {"outcome": "failed", "hint": output, "message": output}
    return report.gradescope_results(items, outcomes, 0.1, problem)


def test_hints_count_once_per_student_and_numbers_do_not_split_a_mistake():
    sum_hint = "You returned the sum over the {} samples; the loss is the mean."
    class_ = {
        "a": _results({"day48.mse": [(0, 2, sum_hint.format(3)), (0, 2, sum_hint.format(5000))]}),
        "b": _results({"day48.mse": [(0, 2, sum_hint.format(3)), (2, 2, "")]}),
        "c": _results({"day48.mse": [(0, 2, "not started"), (0, 2, "not started")]}),
        "d": _results({"day48.mse": [(2, 2, ""), (2, 2, "")]}),
    }
    summary = class_report.summarise(class_)
    stats = summary.functions["day48.mse"]
    assert stats.hints == [(sum_hint.format(3), 2)]  # two students; the commonest wording
    assert dict(stats.counts) == {"no points": 1, "some points": 1, "not started": 1,
                                  "full points": 1}
    assert summary.days == {"day48": [0.0, 2.0, 0.0, 4.0]}


def test_the_roster_format_and_its_refusals(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("Name,Submission,Email address\nAnn,ann,ann@example.org\n")
    roster = report.read_roster(path)
    assert roster.column == "Name" and roster.ids == {"ann": "Ann"}  # the first other column
    for text, message in (("student,id\nann,1\n", "no 'submission' column"),
                          ("submission\nann\n", "no id column"),
                          ("submission,id\nann,1\nann,2\n", "line 3: the submission 'ann' is "
                                                            "listed twice"),
                          ("submission,id\nann,\n", "line 2: a submission name and an id")):
        path.write_text(text)
        with pytest.raises(ValueError, match=re.escape(message)):
            report.read_roster(path)
    with pytest.raises(ValueError, match="cannot be read"):
        report.read_roster(tmp_path / "missing.csv")


def test_cells_a_spreadsheet_would_run_are_neutralised():
    class_ = {"=HYPERLINK(\"x\")": _results({"day48.mse": [(2, 2, "")]}),
              "-1+2": _results({"day48.mse": [(0, 2, "wrong")]})}
    rows = list(csv.DictReader(io.StringIO(report.grades_csv(class_))))
    assert sorted(r["submission"] for r in rows) == ["'-1+2", "'=HYPERLINK(\"x\")"]
    assert all(r["student_id"] == r["submission"] for r in rows)


def test_could_not_grade_comes_from_the_problem():
    broken = _results({"day48.mse": [(0, 2, "x")]}, problem="day48.zip is not a valid zip")
    assert report.graded_line("z", broken).status == (
        "could not grade: day48.zip is not a valid zip")
    fallback = {"score": 0.0, "execution_time": 0.0, "tests": [],
                "output": "Could not grade: the grader failed on this submission."}
    assert report.graded_line("f", fallback).status == (
        "could not grade: the grader failed on this submission.")
    rows = list(csv.DictReader(io.StringIO(report.grades_csv({"z": broken, "f": fallback}))))
    assert [r["status"].split(":")[0] for r in rows] == ["could not grade"] * 2
    assert [r["total"] for r in rows] == ["0", "0"]


def test_the_pages_escape_what_submissions_control(tmp_path):
    class_ = {"<img src=x onerror=alert(1)>": _results({"day48.mse": [(0, 2, "a <b> | c")]}),
              "plain": _results({"day48.mse": [(2, 2, "")]}),
              # Between two "$" Matplotlib typesets mathematics, and $a^^b$ fails to draw.
              "dollar": _results({"day48.mse": [(0, 2, "Not $a^^b$ but $a^b$.")]})}
    written = class_report.write(tmp_path, class_)
    assert sorted(p.name for p in written if p.suffix == ".png") == sorted(class_report.FIGURES)
    page = (tmp_path / "report.html").read_text()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>" not in page
    markdown = (tmp_path / "report.md").read_text()
    assert "<img src=x" not in markdown and "a &lt;b&gt; \\| c" in markdown
