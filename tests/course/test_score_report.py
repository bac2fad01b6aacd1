"""The score table and --score-json: what a student sees at the end of a run."""

from __future__ import annotations

import json

from course import scoring
from course.grader.notebooks import graded_functions
from tests.course.grading import ROOT, run_graded

#: Day 48's graded functions, in the stub's order (the table's order).
FUNCTIONS = list(graded_functions((ROOT / "exercises/day48/losses.py").read_text()))


def test_untouched_stubs_are_reported_not_started(tmp_path):
    scores, process = run_graded("exercises", tmp=tmp_path)
    # Documented in the README: exit status 1 until every function has full points.
    assert process.returncode == 1, process.stdout[-3000:] + process.stderr[-3000:]
    assert list(scores) == [f"day48.{name}" for name in FUNCTIONS]
    for name, entry in scores.items():
        assert entry == {"score": 0.0, "max_score": entry["max_score"],
                         "status": "not started", "hints": []}, name
        assert entry["max_score"] > 0
    out = process.stdout
    assert "Traceback" not in out and " error" not in out.lower()
    assert "score: exercises/" in out
    for name in FUNCTIONS:
        row = next(line for line in out.splitlines() if line.startswith(f"day48.{name} "))
        assert "not started" in row and f"0/{scores[f'day48.{name}']['max_score']:g}" in row


def test_score_json_is_written_atomically_and_parses(tmp_path):
    scores, _ = run_graded("solutions", tmp=tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["scores-solutions.json"], files  # no temporary left behind
    assert json.loads((tmp_path / files[0]).read_text()) == scores
    assert all(s["status"] == "passed" and s["hints"] == [] for s in scores.values())


def _outcome(function, outcome, points=1.0, hint=""):
    return scoring.TestOutcome(function=function, test="t", points=points, outcome=outcome,
                               hint=hint)


def test_function_status_and_points_are_summed_per_function():
    scores = scoring.summarise([
        _outcome("day48.a", "passed", 2), _outcome("day48.a", "failed", 1, "sum for mean"),
        _outcome("day48.a", "failed", 1, "sum for mean"),
        _outcome("day48.b", "not started", 3), _outcome("day48.b", "not started", 1),
        _outcome("day48.c", "passed", 1), _outcome("day48.d", "not started"),
        _outcome("day48.d", "passed"),
    ])
    assert {k: (v.score, v.max_score, v.status, v.hints) for k, v in scores.items()} == {
        "day48.a": (2.0, 4.0, "failed", ["sum for mean"]),
        "day48.b": (0.0, 4.0, "not started", []),
        "day48.c": (1.0, 1.0, "passed", []),
        "day48.d": (1.0, 2.0, "failed", []),
    }


def test_table_columns_line_up_and_long_hints_wrap():
    hint = "You returned the root of the MSE (RMSE); the MSE is not square-rooted. " * 3
    scores = scoring.summarise([
        _outcome("day48.mse", "failed", 2, hint.strip()),
        _outcome("day48.categorical_cross_entropy", "passed", 10),
    ])
    wide = scoring.render_table(scores, width=140)
    assert all(len(line) <= 140 for line in wide)
    header, rows = wide[0], [line for line in wide if line.startswith("day48.")]
    hint_col = header.index("hint")
    assert rows[0][hint_col:].startswith("You returned the root")
    continuation = wide[wide.index(rows[0]) + 1]
    assert continuation[:hint_col].strip() == "" and continuation[hint_col:].strip()
    assert wide[-1].split() == ["total", "10/12"]
    assert [row.split()[1] for row in rows] == ["failed", "passed"]

    narrow = scoring.render_table(scores, width=80)
    assert all(len(line) <= 80 for line in narrow)
    below = narrow[narrow.index(next(r for r in narrow if r.startswith("day48.mse"))) + 1]
    assert below.startswith("    You returned the root")
    assert " ".join(" ".join(narrow).split()).count("square-rooted") == 3


def test_visible_points_need_a_passed_hidden_test_of_the_same_function():
    # A module that echoes the visible tests' answers passes them and no hidden test.
    echo = [scoring.TestOutcome("day48.mse", "v1", 2.0, scoring.PASSED, "", "visible"),
            scoring.TestOutcome("day48.mse", "h1", 3.0, scoring.FAILED, "wrong", "hidden"),
            scoring.TestOutcome("day48.bce", "v2", 2.0, scoring.PASSED, "", "visible"),
            scoring.TestOutcome("day48.bce", "h2", 3.0, scoring.PASSED, "", "hidden"),
            scoring.TestOutcome("day48.bce", "h3", 1.0, scoring.FAILED, "edge", "hidden"),
            scoring.TestOutcome("day48.only", "v3", 1.0, scoring.PASSED, "", "visible")]
    scores = scoring.summarise(echo)
    assert scores["day48.mse"].score == 0.0 and scoring.HIDDEN_GATE in scores["day48.mse"].hints
    assert scores["day48.bce"].score == 5.0  # one hidden test passed: visible points count
    assert scores["day48.only"].score == 1.0  # no hidden tests at all: nothing to require
    assert scoring.withheld(echo) == {"day48.mse"}


def test_the_gradescope_report_withholds_the_same_points():
    from course.grader import report

    items = [report.TestInfo("v1", "test_v", "day48.mse", 2.0, "visible"),
             report.TestInfo("h1", "test_h", "day48.mse", 3.0, "hidden")]
    results = {"v1": {"outcome": scoring.PASSED}, "h1": {"outcome": scoring.FAILED,
                                                         "hint": "wrong"}}
    out = report.gradescope_results(items, results, 0.1)
    assert out["score"] == 0.0
    assert out["tests"][0]["status"] == "failed" and scoring.HIDDEN_GATE in out["tests"][0][
        "output"]


def test_results_json_text_is_the_same_json_a_test_a_line():
    from course.grader.report import results_text

    results = {"score": 3.5, "execution_time": 0.01, "output": "é \"quoted\"\nline",
               "tests": [{"name": f"t{k}", "score": 1.0, "max_score": 2.0, "tags": ["a", "b"]}
                         for k in range(3)],
               "extra_data": {"graded_at": "2026-11-30T20:00:00+00:00"}}
    text = results_text(results)
    assert json.loads(text) == results
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert sum(line.startswith('    {"name": "t') for line in lines) == 3
    assert json.loads(results_text({"score": 0.0, "tests": []})) == {"score": 0.0, "tests": []}


def test_printable_shows_control_characters_and_keeps_the_rest():
    from course.grader.report import printable

    assert printable("plain, é, ×, …") == "plain, é, ×, …"
    assert printable("a\x1b[2Jb\x07\r\u2028") == "a\\x1b[2Jb\\x07\\x0d\\u2028"
