"""Turn a filled-in student notebook into the exercise module it stands for, without running it.

A notebook built by ``python -m course nbgrader`` holds one solution cell per graded function.
This module reads the notebook's JSON only (student code never runs here), takes each graded
function's cell (the cell whose nbgrader ``grade_id`` is the function's name, or else the last
code cell that defines it), and returns the text of ``exercises/dayNN/<module>.py``: the stub's
module (imports, input checks, docstrings) with the student's definitions in place of the
stub's. The grader then grades that module in its sandbox like any ``.py`` submission.

A notebook is untrusted input: every step is bounded before it runs (the file's size, the
JSON's nesting depth, the number of cells and of source characters), the structure is checked
by type and then by nbformat's validator, and anything wrong is a :class:`NotebookError` that
names the file.
"""

from __future__ import annotations

import ast
import json
import re
import stat
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from course import stubs

#: The stub's first line inside a graded function: it marks the functions students write.
STUB_MARK = stubs.STUB_BODY.splitlines()[0].strip()
_DAY = re.compile(r"day(\d\d)")
#: Every top-level ``def NAME(`` of a cell, found in one pass over its source.
_DEF = re.compile(r"^(?:async\s+)?def\s+(\w+)\s*\(", re.MULTILINE)

#: The largest notebook read (outputs included: plots make notebooks big).
MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024
#: The deepest JSON nesting accepted; a real notebook nests fewer than 10 levels.
MAX_JSON_DEPTH = 64
#: The most strings, lists and objects, and values in a notebook's JSON: they bound the
#: memory ``json.loads`` takes (a real notebook has a few thousand of each).
MAX_JSON_STRINGS = 1_000_000
MAX_JSON_CONTAINERS = 500_000
MAX_JSON_VALUES = 2_000_000
#: The most cells a notebook may have; the course's notebooks have fewer than 100.
MAX_CELLS = 2000
#: The most source characters, all cells together; the course's notebooks have about 20 000.
MAX_SOURCE_CHARS = 2 * 1024 * 1024
#: Longest message of nbformat's validator quoted in a problem (it may quote a whole cell).
_MAX_DETAIL = 200

# A JSON string, unterminated ones included, matched without backtracking (possessive
# quantifiers): blanking strings out costs one linear pass, whatever the bytes.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)
# Every byte but the four brackets, deleted by bytes.translate to leave the structure only;
# and the table that makes the curly brackets square (the depth does not care which).
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_SQUARE = bytes.maketrans(b"{}", b"[]")


class NotebookError(ValueError):
    """A file that is not a readable notebook of the course; the message names the file."""


class OutOfTime(Exception):
    """Staging went past its deadline (a ``time.monotonic()`` value)."""


def check_deadline(deadline: float | None) -> None:
    """Raise :class:`OutOfTime` if ``deadline`` has passed.

    Parameters
    ----------
    deadline : float or None
        A ``time.monotonic()`` value, or None for no deadline.

    Raises
    ------
    OutOfTime
        If the deadline has passed.
    """
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime


@dataclass(frozen=True)
class StubModule:
    """One exercise module: its name (``day48.losses``), text and graded functions."""

    name: str
    text: str
    graded: tuple[str, ...]


@dataclass(frozen=True)
class CodeCell:
    """What the grader needs of one code cell, computed once (cells are scanned per module).

    Attributes
    ----------
    source : str
        The cell's code.
    solution_id : str or None
        The nbgrader ``grade_id`` if the cell is a solution cell (and not a test cell).
    defines : frozenset of str
        The names of the functions the cell defines at column 0.
    """

    source: str
    solution_id: str | None
    defines: frozenset[str]


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


def json_problem(data: bytes) -> str:
    """Why the JSON text ``data`` is too big a structure to parse, or "" if it is not.

    Run before ``json.loads``, whose recursion a deep enough nesting exhausts and whose memory
    grows with the number of values (a 16 MiB file of ``{},`` is five million dictionaries).
    Every step is a C-speed linear pass: quotes are counted; strings are blanked out (a
    bracket inside a string is text); then brackets and commas are counted, and the nesting
    depth is measured on what is left, at most ``2 * MAX_JSON_CONTAINERS`` brackets.

    Parameters
    ----------
    data : bytes
        The JSON text, UTF-8 (a multi-byte character never holds an ASCII byte).

    Returns
    -------
    str
        ``""``, or the reason, e.g. ``"its JSON is nested more than 64 levels deep"``.
        Unbalanced brackets are no reason here: ``json.loads`` reports them.
    """
    if data.count(b'"') > 2 * MAX_JSON_STRINGS:
        return f"its JSON holds more than {MAX_JSON_STRINGS} strings"
    structure = _JSON_STRING.sub(b"", data)
    brackets = structure.translate(_SQUARE, _NOT_BRACKETS)  # [ and { alike: depth only
    if len(brackets) > 2 * MAX_JSON_CONTAINERS:
        return f"its JSON holds more than {MAX_JSON_CONTAINERS} lists and objects"
    if structure.count(b",") > MAX_JSON_VALUES:
        return f"its JSON holds more than {MAX_JSON_VALUES} values"
    if _deeper_than(brackets, MAX_JSON_DEPTH):
        return f"its JSON is nested more than {MAX_JSON_DEPTH} levels deep"
    return ""


def _deeper_than(brackets: bytes, limit: int) -> bool:
    """Whether a string of ``[`` and ``]`` nests more than ``limit`` deep: each pass deletes
    every innermost pair, so after ``limit`` passes only a deeper nesting has pairs left."""
    if b"[" * (limit + 1) in brackets:
        return True  # the usual attack, found at once
    for _ in range(limit):
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            return False  # nothing left to pair: only unbalanced brackets, if any
        brackets = shorter
    return b"[]" in brackets


def _invalid(filename: str, why: str) -> NotebookError:
    return NotebookError(f"{filename} is not a valid notebook: {why}")


def _check_types(notebook: object, filename: str, deadline: float | None) -> None:
    """Check what the grader reads has the right JSON types, cheaply and before nbformat does:
    the cell count first, so a huge notebook costs nothing per cell."""
    if not isinstance(notebook, dict):
        raise _invalid(filename, "its JSON is not an object")
    version, minor = notebook.get("nbformat"), notebook.get("nbformat_minor")
    if type(version) is not int or type(minor) is not int:  # exactly int: JSON true is a bool
        raise _invalid(filename, "its nbformat version is missing or not a number")
    if version != 4:
        raise _invalid(filename, f"it has the format version {version}, not 4 (open it and "
                                 "save it again in a recent Jupyter)")
    if not isinstance(notebook.get("metadata"), dict):
        raise _invalid(filename, "its metadata is not an object")
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise _invalid(filename, "its cells are not a list")
    if len(cells) > MAX_CELLS:
        raise _invalid(filename, f"it has {len(cells)} cells, more than the {MAX_CELLS} "
                                 "allowed")
    characters = 0
    for index, cell in enumerate(cells):
        check_deadline(deadline)
        if not isinstance(cell, dict):
            raise _invalid(filename, f"cell {index} is not an object")
        if not isinstance(cell.get("cell_type"), str):
            raise _invalid(filename, f"cell {index} has no cell type")
        if not isinstance(cell.get("metadata"), dict):
            raise _invalid(filename, f"the metadata of cell {index} is not an object")
        source = cell.get("source")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            characters += sum(len(line) for line in source)
        elif isinstance(source, str):
            characters += len(source)
        else:
            raise _invalid(filename, f"the source of cell {index} is not text")
        if characters > MAX_SOURCE_CHARS:
            raise _invalid(filename, f"its cells hold more than {MAX_SOURCE_CHARS} characters")


def _validate(notebook: dict, filename: str) -> None:
    """nbformat's own check of the structure (outputs, ids, ...), its first error named."""
    # nbformat costs about a second to import: only a grader that meets a notebook pays it.
    import nbformat
    from nbformat import ValidationError

    try:
        with warnings.catch_warnings():
            # It warns about (and adds) missing cell ids: not the student's concern here.
            warnings.simplefilter("ignore")
            nbformat.validate(notebook)
    except ValidationError as error:
        detail = " ".join(str(getattr(error, "message", error)).split())
        if len(detail) > _MAX_DETAIL:
            detail = detail[:_MAX_DETAIL] + "..."
        where = "/".join(str(p) for p in getattr(error, "absolute_path", []))
        raise _invalid(filename, detail + (f" (at {where})" if where else "")) from None


def _code_cell(cell: dict) -> CodeCell:
    source = cell["source"]
    source = "".join(source) if isinstance(source, list) else source
    meta = cell["metadata"].get("nbgrader")
    solution_id = None
    if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str) \
            and meta.get("solution") and not meta.get("grade"):
        solution_id = meta["grade_id"]
    return CodeCell(source, solution_id, frozenset(_DEF.findall(source)))


def read_cells(data: bytes, filename: str = "the notebook",
               deadline: float | None = None) -> tuple[dict, list[CodeCell]]:
    """The notebook's metadata and code cells, from its JSON (never executed).

    Parameters
    ----------
    data : bytes
        The notebook file's content.
    filename : str
        The file's name, for the messages.
    deadline : float or None
        A ``time.monotonic()`` value past which reading stops.

    Returns
    -------
    metadata : dict
        The notebook's metadata.
    cells : list of CodeCell
        Its code cells, in order.

    Raises
    ------
    NotebookError
        If ``data`` is not a notebook of format 4 within the limits of this module.
    OutOfTime
        If the deadline passes.
    """
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotebookError(f"{filename} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _invalid(filename, f"it is not UTF-8 text ({error.reason} at byte "
                                 f"{error.start})") from None
    shape = json_problem(data)
    if shape:
        raise _invalid(filename, shape)
    check_deadline(deadline)
    try:
        notebook = json.loads(text)
    except RecursionError:  # not reached after json_problem; kept so no input can crash
        raise _invalid(filename, "its JSON is nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, or an integer of too many digits
        raise _invalid(filename, f"invalid JSON ({error})") from None
    check_deadline(deadline)
    _check_types(notebook, filename, deadline)
    check_deadline(deadline)
    _validate(notebook, filename)
    cells = []
    for cell in notebook["cells"]:
        check_deadline(deadline)
        if cell["cell_type"] == "code":
            cells.append(_code_cell(cell))
    return notebook["metadata"], cells


def solution_cells(cells: list[CodeCell], names: tuple[str, ...]) -> dict[str, str]:
    """``{function: cell source}``: by nbgrader ``grade_id`` first, else the last defining cell."""
    found: dict[str, str] = {}
    for cell in cells:
        if cell.solution_id in names:
            found[cell.solution_id] = cell.source
    for name in names:
        if name not in found:
            defining = [c.source for c in cells if name in c.defines]
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
        with warnings.catch_warnings():
            # An invalid escape warns: with warnings as errors it would read as a syntax error.
            warnings.simplefilter("ignore")
            ast.parse(code)
    except SyntaxError as error:
        message = f"your notebook cell for {name} has a syntax error: {error.msg} " \
                  f"(line {error.lineno})"
    except (ValueError, MemoryError, RecursionError) as error:
        # A NUL character (ValueError), or code too deeply nested for the parser.
        message = f"your notebook cell for {name} cannot be compiled: {error}"
    else:
        return code
    return (f"def {name}(*args, **kwargs):\n"
            f"    raise SyntaxError({message!r})\n")


def choose_module(metadata: dict, filename: str, cells: list[CodeCell],
                  modules: list[StubModule]) -> StubModule | None:
    """The exercise module a notebook stands for: its metadata, its name, or its cells."""
    course = metadata.get("likelihood_and_loss")
    if isinstance(course, dict) and isinstance(course.get("modules"), list):
        wanted = {m for m in course["modules"] if isinstance(m, str)}
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


def module_from_notebook(data: bytes, filename: str, root: Path,
                         deadline: float | None = None) -> tuple[str, str]:
    """``(relative path, module text)`` for one notebook: e.g. ``exercises/day48/losses.py``.

    Parameters
    ----------
    data : bytes
        The notebook file's content.
    filename : str
        The file's name: its ``dayNN`` helps choose the module; messages name it.
    root : Path
        The course repository, whose ``exercises/`` holds the stubs.
    deadline : float or None
        A ``time.monotonic()`` value past which the conversion stops.

    Returns
    -------
    relative : str
        The module's POSIX path, relative to the submission.
    text : str
        The module's text.

    Raises
    ------
    NotebookError
        If the file is not a notebook, or matches no exercise module of the course.
    OutOfTime
        If the deadline passes.
    """
    metadata, cells = read_cells(data, filename, deadline)
    modules = stub_modules(root)
    module = choose_module(metadata, filename, cells, modules)
    if module is None:
        raise NotebookError(f"{filename} holds none of the course's graded functions")
    found = solution_cells(cells, module.graded)
    # The name goes into a comment: a control character (a newline) would end the comment.
    shown = re.sub(r"[\x00-\x1f\x7f]", "?", Path(filename).name)
    parts = [without_functions(module.text, set(found)).rstrip("\n"),
             "\n\n# ---- The student's cells, from the notebook " + shown + " ----"]
    for name in module.graded:
        if name in found:
            check_deadline(deadline)
            parts.append(_as_module_code(found[name], name))
    day, leaf = module.name.split(".")
    return f"exercises/{day}/{leaf}.py", "\n\n\n".join(parts) + "\n"


def find_notebooks(folder: Path, depth: int = 3) -> list[Path]:
    """The notebooks in ``folder`` (and ``depth - 1`` levels below), checkpoints left out.

    Symbolic links are never followed (``lstat``), nor anything but a regular file taken.
    A subfolder that cannot be listed is left out; ``folder`` itself raises ``OSError``.
    """
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode) and path.suffix.lower() == ".ipynb":
            found.append(path)
        elif stat.S_ISDIR(mode) and depth > 1:
            try:
                found.extend(find_notebooks(path, depth - 1))
            except OSError:
                continue
    return found

