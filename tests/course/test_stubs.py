"""exercises/ is generated from solutions/: the two never drift, and stubs hide every body."""

from __future__ import annotations

import ast
import importlib

import pytest

from course import stubs
from course.__main__ import main
from tests.course.grading import ROOT, run_graded

pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                reason="no solutions/ here (a student release)")


def test_every_exercise_file_matches_its_solution():
    assert stubs.pairs(ROOT), "no solution files with markers were found"
    assert stubs.stale(ROOT) == [], "run `python -m course stubs` to regenerate exercises/"


def test_check_command_reports_up_to_date(capsys):
    assert main(["stubs", "--check"]) == 0
    assert "match solutions/" in capsys.readouterr().out


def test_check_command_flags_a_drifted_stub(tmp_path, capsys):
    (tmp_path / "solutions" / "day99").mkdir(parents=True)
    (tmp_path / "solutions" / "day99" / "m.py").write_text(
        "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n")
    assert main(["stubs", "--check", "--root", str(tmp_path)]) == 1
    assert main(["stubs", "--root", str(tmp_path)]) == 0
    assert main(["stubs", "--check", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "exercises" / "day99" / "__init__.py").exists()
    capsys.readouterr()


def test_stub_keeps_everything_but_the_bodies():
    for pair in stubs.pairs(ROOT):
        solution = pair.solution.read_text()
        stub = pair.exercise.read_text()
        assert stubs.BEGIN not in stub and stubs.END not in stub
        assert "raise NotImplementedError" in stub
        solved, stubbed = ast.parse(solution), ast.parse(stub)
        # Module-level functions only: a reference body may define helpers of its own.
        signatures = {
            node.name: (ast.unparse(node.args), ast.get_docstring(node))
            for node in solved.body if isinstance(node, ast.FunctionDef)
        }
        assert signatures == {
            node.name: (ast.unparse(node.args), ast.get_docstring(node))
            for node in stubbed.body if isinstance(node, ast.FunctionDef)
        }
        body_lines = set(stubs.solution_bodies(solution)) - {"return"}
        leaked = [line for line in body_lines if line in stub.splitlines()
                  or any(line == s.strip() for s in stub.splitlines())]
        assert not leaked, f"{pair.exercise}: reference lines left in the stub: {leaked}"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("    ### BEGIN SOLUTION\n    x = 1\n", "never closed"),
        ("    ### END SOLUTION\n", "without"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", "nested"),
    ],
)
def test_unbalanced_markers_are_refused(source, message):
    with pytest.raises(stubs.MarkerError, match=message):
        stubs.make_stub(source)


def test_stub_body_keeps_the_indentation():
    stub = stubs.make_stub("def f(x):\n    if x:\n        ### BEGIN SOLUTION\n        return 1\n"
                           "        ### END SOLUTION\n    return 0\n")
    assert "        raise NotImplementedError\n" in stub
    namespace: dict = {}
    exec(compile(stub, "<stub>", "exec"), namespace)
    assert namespace["f"](0) == 0
    with pytest.raises(NotImplementedError):
        namespace["f"](1)


#: Valid arguments for some Day 48 stubs: calling them must reach NotImplementedError.
DAY48_CALLS = {"categorical_cross_entropy": ([0], [[0.5, 0.5]]),
               "binomial_nll": ([1], [2], [0.5])}


def test_every_stub_function_raises_not_implemented():
    module = importlib.import_module("exercises.day48.losses")
    for name in module.__all__:
        with pytest.raises(NotImplementedError):
            getattr(module, name)(*DAY48_CALLS.get(name, ([1], [0.5])))
    # Every day: each function that holds a stub body raises NotImplementedError there.
    for pair in stubs.pairs(ROOT):
        tree = ast.parse(pair.exercise.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and "YOUR CODE HERE" in ast.get_source_segment(
                    pair.exercise.read_text(), node):
                raised = [n for n in ast.walk(node) if isinstance(n, ast.Raise)
                          and "NotImplementedError" in ast.unparse(n)]
                assert raised, f"{pair.exercise}: {node.name}"


def _paste_bodies(solution: str, stub: str) -> str:
    """Put the reference bodies back where the stub says YOUR CODE HERE, as a student would."""
    blocks: list[list[str]] = []
    inside = False
    for line in solution.splitlines(keepends=True):
        if line.strip() == stubs.BEGIN:
            inside, block = True, []
        elif line.strip() == stubs.END:
            inside = False
            blocks.append(block)
        elif inside:
            block.append(line)
    out, lines, i = [], stub.splitlines(keepends=True), 0
    while i < len(lines):
        if lines[i].strip().startswith("# YOUR CODE HERE"):
            out.extend(blocks.pop(0))
            i += 2  # the comment and `raise NotImplementedError`
        else:
            out.append(lines[i])
            i += 1
    assert not blocks
    return "".join(out)


def test_stubs_with_the_reference_bodies_pasted_in_earn_full_points(tmp_path):
    package = tmp_path / "pasted"
    for pair in stubs.pairs(ROOT):
        target = package / pair.exercise.relative_to(ROOT / "exercises")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_paste_bodies(pair.solution.read_text(), pair.exercise.read_text()))
    for folder in [package, *{p.parent for p in package.rglob("*.py")}]:
        (folder / "__init__.py").touch()
    scores, process = run_graded("pasted", extra_path=tmp_path, tmp=tmp_path)
    assert process.returncode == 0, process.stdout[-3000:]
    assert scores and all(s["status"] == "passed" for s in scores.values()), scores
