"""Scan a student release for anything that gives answers away.

A leak is: a file of ``solutions/`` or a hidden test, a solution or hidden-test marker, compiled
bytecode, or a non-trivial line of a reference solution's body anywhere in the text of the
release (notebooks are read cell by cell).
"""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import dataclass
from pathlib import Path

from course import stubs
from course.release import is_hidden_test

MARKERS = (stubs.BEGIN, stubs.END, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
#: Body lines shorter than this (``return y``, ``else:``) say nothing about the answer.
MIN_LINE_LENGTH = 12
#: Lines that open a block any NumPy code writes; they say nothing about an answer.
BOILERPLATE = ("with np.errstate(",)


@dataclass(frozen=True)
class Leak:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def trivial(line: str) -> bool:
    """A line too generic to give an answer away: short, or naming fewer than three distinct
    things besides Python's keywords (``return total``, ``return math.inf``,
    ``return centre - half, centre + half``), which any code may well contain."""
    if line.startswith(BOILERPLATE):
        return True
    names = {token for token in re.findall(r"[A-Za-z_]\w*|\d+(?:\.\d*)?", line)
             if not keyword.iskeyword(token)}
    return len(line) < MIN_LINE_LENGTH or len(names) < 3


def reference_lines(root: Path) -> set[str]:
    """The non-trivial lines of every reference body under ``root/solutions``."""
    lines: set[str] = set()
    for pair in stubs.pairs(root):
        for line in stubs.solution_bodies(pair.solution.read_text(encoding="utf-8")):
            if not trivial(line):
                lines.add(line)
    return lines


def _text_lines(path: Path) -> list[str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text).get("cells", [])
        except json.JSONDecodeError:
            cells = []
        text = "\n".join(
            "".join(cell.get("source", "")) if isinstance(cell.get("source"), list)
            else str(cell.get("source", ""))
            for cell in cells
        ) + "\n" + text
    return [line.strip() for line in text.splitlines()]


def scan(release: Path, root: Path) -> list[Leak]:
    """Every leak in the release folder ``release``, built from the instructor's ``root``."""
    secrets = reference_lines(root)
    leaks: list[Leak] = []
    for path in sorted(release.rglob("*")):
        relative = path.relative_to(release).as_posix()
        if ".git" in path.relative_to(release).parts:
            continue
        if path.is_dir():
            if path.name == "solutions":
                leaks.append(Leak(relative, "a solutions/ folder"))
            if path.name == "__pycache__":
                leaks.append(Leak(relative, "compiled bytecode (may hold reference code)"))
            continue
        if is_hidden_test(path):
            leaks.append(Leak(relative, "a hidden test file"))
        if path.suffix in (".pyc", ".pyo"):
            leaks.append(Leak(relative, "compiled bytecode"))
            continue
        lines = _text_lines(path)
        if lines is None:
            continue
        for marker in MARKERS:
            if any(marker in line for line in lines):
                leaks.append(Leak(relative, f"contains the marker {marker!r}"))
        found = sorted({secret for secret in secrets for line in lines if secret in line})
        for line in found:
            leaks.append(Leak(relative, f"contains a line of a reference body: {line!r}"))
    return leaks
