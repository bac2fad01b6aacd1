"""Turn a filled-in student notebook into the exercise module it stands for, without running it.

A notebook built by ``python -m course nbgrader`` holds one solution cell per graded function.
This module reads the notebook's JSON only (student code never runs here), takes each graded
function's cell (the cell whose nbgrader ``grade_id`` is the function's name, or else the last
code cell that defines it), and writes ``exercises/dayNN/<module>.py``: the stub's module
(imports, input checks, docstrings) with the student's definitions in place of the stub's.
The grader then grades that module in its sandbox like any ``.py`` submission.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from course import stubs

#: The stub's first line inside a graded function: it marks the functions students write.
STUB_MARK = stubs.STUB_BODY.splitlines()[0].strip()
_DAY = re.compile(r"day(\d\d)")


class NotebookError(ValueError):
    """A file that is not a readable notebook of the course."""


@dataclass(frozen=True)
class StubModule:
    """One exercise module: its name (``day48.losses``), text and graded functions."""

    name: str
    text: str
    graded: tuple[str, ...]


def graded_functions(stub_text: str) -> tuple[str, ...]:
    """The top-level functions of a stub that students write (those holding the stub mark)."""
    tree = ast.parse(stub_text)
    lines = stub_text.splitlines()
    return tuple(node.name for node in tree.body
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                 and any(STUB_MARK in line
                         for line in lines[node.lineno - 1:node.end_lineno or node.lineno]))


def stub_modules(root: Path) -> list[StubModule]:
    """Every exercise module under ``root/exercises`` with graded functions."""
    found = []
    for path in sorted((root / "exercises").glob("day[0-9][0-9]/*.py")):
        text = path.read_text(encoding="utf-8")
        if STUB_MARK in text:
            found.append(StubModule(f"{path.parent.name}.{path.stem}", text,
                                    graded_functions(text)))
    return found


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def read_cells(data: bytes) -> tuple[dict, list[dict]]:
    """The notebook's metadata and code cells, from its JSON (never executed)."""
    try:
        notebook = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotebookError(f"not a notebook (invalid JSON: {error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotebookError("not a notebook (no list of cells)")
    cells = [c for c in notebook["cells"] if isinstance(c, dict) and c.get("cell_type") == "code"]
    metadata = notebook.get("metadata") if isinstance(notebook.get("metadata"), dict) else {}
    return metadata, cells


def _defines(code: str, name: str) -> bool:
    return re.search(rf"^(async\s+)?def\s+{re.escape(name)}\s*\(", code, re.MULTILINE) is not None


def solution_cells(cells: list[dict], names: tuple[str, ...]) -> dict[str, str]:
    """``{function: cell source}``: by nbgrader ``grade_id`` first, else the last defining cell."""
    found: dict[str, str] = {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id in names and meta.get("solution") and not meta.get("grade"):
            found[grade_id] = _source(cell)
    for name in names:
        if name not in found:
            defining = [_source(c) for c in cells if _defines(_source(c), name)]
            if defining:
                found[name] = defining[-1]
    return found


def _as_module_code(code: str, name: str) -> str:
    """A cell's code as module code: IPython magics commented out; a cell that does not parse
    becomes a function raising SyntaxError, so only that function loses its points."""
    lines = []
    for line in code.splitlines():
        if line.startswith(("%", "!")) or re.match(r"from\s+__future__\s+import", line):
            lines.append(f"# (left out of the module) {line}")
        else:
            lines.append(line)
    code = "\n".join(lines)
    try:
        ast.parse(code)
    except SyntaxError as error:
        message = f"your notebook cell for {name} has a syntax error: {error.msg} " \
                  f"(line {error.lineno})"
        return (f"def {name}(*args, **kwargs):\n"
                f"    raise SyntaxError({message!r})\n")
    return code


def choose_module(metadata: dict, filename: str, cells: list[dict],
                  modules: list[StubModule]) -> StubModule | None:
    """The exercise module a notebook stands for: its metadata, its name, or its cells."""
    course = metadata.get("likelihood_and_loss")
    if isinstance(course, dict) and isinstance(course.get("modules"), list):
        wanted = {str(m) for m in course["modules"]}
        chosen = [m for m in modules if m.name in wanted]
        if chosen:
            return chosen[0]
    day = _DAY.search(filename)
    candidates = [m for m in modules if day and m.name.startswith(f"day{day[1]}.")] or modules
    scored = [(len(solution_cells(cells, m.graded)), m) for m in candidates]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


def without_functions(text: str, names: set[str]) -> str:
    """``text`` with the top-level definitions of ``names`` (and their decorators) removed."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    drop: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in names:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            drop.update(range(first - 1, node.end_lineno or node.lineno))
    return "".join(line for index, line in enumerate(lines) if index not in drop)


def module_from_notebook(data: bytes, filename: str, root: Path) -> tuple[str, str]:
    """``(relative path, module text)`` for one notebook: e.g. ``exercises/day48/losses.py``.

    Raises
    ------
    NotebookError
        If the file is not a notebook, or matches no exercise module of the course.
    """
    metadata, cells = read_cells(data)
    modules = stub_modules(root)
    module = choose_module(metadata, filename, cells, modules)
    if module is None:
        raise NotebookError(f"{filename} holds none of the course's graded functions")
    found = solution_cells(cells, module.graded)
    parts = [without_functions(module.text, set(found)).rstrip("\n"),
             "\n\n# ---- The student's cells, from the notebook " + Path(filename).name + " ----"]
    parts += [_as_module_code(found[name], name) for name in module.graded if name in found]
    day, leaf = module.name.split(".")
    return f"exercises/{day}/{leaf}.py", "\n\n\n".join(parts) + "\n"


def find_notebooks(folder: Path, depth: int = 3) -> list[Path]:
    """The notebooks in ``folder`` (and ``depth - 1`` levels below), checkpoints left out."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_file() and path.suffix.lower() == ".ipynb":
            found.append(path)
        elif path.is_dir() and depth > 1:
            found.extend(find_notebooks(path, depth - 1))
    return found
