"""Generate the student stubs in ``exercises/`` from the reference in ``solutions/``.

A reference module marks each function body to hide with nbgrader-style markers::

    ### BEGIN SOLUTION
    ...reference body...
    ### END SOLUTION

The stub keeps everything else (imports, input checks, docstrings) and replaces each marked
block by ``raise NotImplementedError`` at the block's indentation, so that the graders can tell
an untouched function ("not started") from a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_BODY = (
    "# YOUR CODE HERE: replace the line below with your implementation.\n"
    "raise NotImplementedError\n"
)
HEADER = (
    "# Your exercise file. It was generated from the course's reference by\n"
    "# `python -m course stubs`; edit the function bodies marked YOUR CODE HERE.\n"
)
_MARKER = re.compile(r"^(?P<indent>[ \t]*)### (?P<kind>BEGIN|END) SOLUTION[ \t]*$")


class MarkerError(ValueError):
    """A solution file whose markers are unbalanced or nested."""


@dataclass(frozen=True)
class StubPair:
    """One reference module and the exercise module generated from it."""

    solution: Path
    exercise: Path


def _with_import_rule(text: str) -> str:
    """``text`` with the import rule (``course.imports.RULE``) closing its module docstring."""
    import ast
    import textwrap

    from course.imports import RULE

    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    first = tree.body[0] if tree.body else None
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)) or RULE in " ".join(first.value.value.split()):
        return text
    lines = text.splitlines(keepends=True)
    closing = lines[first.end_lineno - 1]
    quote = closing.rstrip().rfind('"""')
    if quote < 0 or closing[:quote].strip():
        return text  # a one-line docstring: leave it
    rule = "".join(f"{line}\n" for line in textwrap.wrap(RULE, 96))
    lines[first.end_lineno - 1] = "\n" + rule + closing
    return "".join(lines)


def make_stub(source: str, origin: str = "<solution>") -> str:
    """Return the stub text for the reference module ``source``.

    Raises
    ------
    MarkerError
        If a ``BEGIN`` has no matching ``END`` (or the reverse), or markers are nested.
    """
    out: list[str] = [HEADER]
    inside_at: int | None = None
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        match = _MARKER.match(line.rstrip("\n"))
        if match and match["kind"] == "BEGIN":
            if inside_at is not None:
                raise MarkerError(f"{origin}:{number}: nested {BEGIN} (opened at {inside_at})")
            inside_at = number
            out.extend(match["indent"] + body for body in STUB_BODY.splitlines(keepends=True))
        elif match:
            if inside_at is None:
                raise MarkerError(f"{origin}:{number}: {END} without {BEGIN}")
            inside_at = None
        elif inside_at is None:
            out.append(line)
    if inside_at is not None:
        raise MarkerError(f"{origin}:{inside_at}: {BEGIN} is never closed")
    return HEADER + _with_import_rule("".join(out[1:]))


def solution_bodies(source: str) -> list[str]:
    """Return the lines inside the solution markers of ``source`` (stripped, non-empty)."""
    lines, inside = [], False
    for line in source.splitlines():
        match = _MARKER.match(line)
        if match:
            inside = match["kind"] == "BEGIN"
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def pairs(root: Path) -> list[StubPair]:
    """Every reference module under ``root/solutions`` that has solution markers."""
    found = []
    for solution in sorted((root / "solutions").rglob("*.py")):
        if BEGIN in solution.read_text(encoding="utf-8"):
            relative = solution.relative_to(root / "solutions")
            found.append(StubPair(solution, root / "exercises" / relative))
    return found


def stale(root: Path) -> list[StubPair]:
    """The pairs whose exercise file is missing or differs from what ``make_stub`` gives."""
    result = []
    for pair in pairs(root):
        wanted = make_stub(pair.solution.read_text(encoding="utf-8"), str(pair.solution))
        if not pair.exercise.exists() or pair.exercise.read_text(encoding="utf-8") != wanted:
            result.append(pair)
    return result


def write_stubs(root: Path) -> list[tuple[StubPair, str]]:
    """(Re)write every stub under ``root/exercises``; return each pair with what was done."""
    report = []
    for pair in pairs(root):
        wanted = make_stub(pair.solution.read_text(encoding="utf-8"), str(pair.solution))
        if pair.exercise.exists() and pair.exercise.read_text(encoding="utf-8") == wanted:
            report.append((pair, "unchanged"))
            continue
        pair.exercise.parent.mkdir(parents=True, exist_ok=True)
        for package in _packages_between(root / "exercises", pair.exercise.parent):
            (package / "__init__.py").touch()
        pair.exercise.write_text(wanted, encoding="utf-8")
        report.append((pair, "written"))
    return report


def _packages_between(top: Path, leaf: Path) -> list[Path]:
    folders = [leaf, *leaf.parents]
    return [folder for folder in folders if folder == top or top in folder.parents]
