"""Find submissions and stage them: only the student's ``exercises/**/*.py`` are taken.

A submission is a folder holding ``exercises/`` (directly or one level down, as an unpacked
zip often is) or a ``.zip`` of one; or a filled-in notebook (``.ipynb``), or a folder holding
notebooks, which are converted to exercise modules without being run (``notebooks``). A folder
holding none of these is a folder *of* submissions.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from course.grader import notebooks

MAX_FILE_BYTES = 1024 * 1024
MAX_TOTAL_BYTES = 16 * 1024 * 1024
MAX_FILES = 400
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Source:
    """One submission as given: its report name and where it is."""

    name: str
    path: Path


def _has_exercises(folder: Path) -> bool:
    """A submission holds exercises/, or is a lone folder wrapping one (an unpacked zip)."""
    if (folder / "exercises").is_dir():
        return True
    children = [c for c in folder.iterdir() if not c.name.startswith(".")]
    return len(children) == 1 and children[0].is_dir() and (children[0] / "exercises").is_dir()


def _is_notebook(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".ipynb"


def _holds_notebooks(folder: Path) -> bool:
    """One submission: a folder with notebooks of its own (an nbgrader assignment folder, say,
    beside its support files) and no subfolder holding notebooks or exercises of its own."""
    children = [c for c in folder.iterdir() if not c.name.startswith(".")]
    return any(_is_notebook(c) for c in children) and not any(
        c.is_dir() and ((c / "exercises").is_dir() or notebooks.find_notebooks(c, depth=2))
        for c in children)


def _clean_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "submission"


def discover(paths: list[Path]) -> list[Source]:
    """The submissions named on the command line, folders of submissions expanded."""
    found: list[Path] = []
    for path in paths:
        is_one = path.is_dir() and (_has_exercises(path) or _holds_notebooks(path))
        inside = sorted(p for p in path.iterdir() if not p.name.startswith(".") and (
            p.is_dir() or p.suffix.lower() in (".zip", ".ipynb"))) \
            if path.is_dir() and not is_one else []
        if inside:
            found.extend(inside)  # a folder of submissions
        else:
            found.append(path)
    sources, used = [], set()
    for path in found:
        base = _clean_name(path.stem if path.suffix.lower() in (".zip", ".ipynb") else path.name)
        name, k = base, 2
        while name in used:
            name, k = f"{base}-{k}", k + 1
        used.add(name)
        sources.append(Source(name, path))
    return sources


def _exercise_files_in_folder(folder: Path) -> list[tuple[PurePosixPath, Path]]:
    roots = [folder / "exercises", *sorted(c / "exercises" for c in folder.iterdir()
                                           if c.is_dir() and not c.name.startswith("."))]
    root = next((r for r in roots if r.is_dir() and not r.is_symlink()), None)
    if root is None:
        return []
    files = []
    for path in sorted(root.rglob("*.py")):
        if path.is_symlink() or not path.is_file():
            continue
        if any(part.startswith(".") or part == "__pycache__"
               for part in path.relative_to(root).parts):
            continue
        files.append((PurePosixPath("exercises", *path.relative_to(root).parts), path))
    return files


def _exercise_members_in_zip(archive: zipfile.ZipFile) -> list[tuple[PurePosixPath, str]]:
    members = []
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or not info.filename.endswith(".py") or "exercises" not in parts:
            continue
        if info.filename.startswith("/") or ".." in parts or "__pycache__" in parts:
            continue
        members.append((parts.index("exercises"), info))
    if not members:
        return []
    depth = min(d for d, _ in members)
    return [(PurePosixPath(*PurePosixPath(i.filename).parts[depth:]), i.filename)
            for d, i in members if d == depth]


def stage(source: Source, workdir: Path) -> str:
    """Copy the submission's exercise files into ``workdir``; return a problem, or ""."""
    workdir.mkdir(parents=True, exist_ok=True)
    written, total = 0, 0

    def put(relative: PurePosixPath, data: bytes) -> None:
        nonlocal written, total
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"{relative} is larger than {MAX_FILE_BYTES // 1024} KiB")
        total += len(data)
        written += 1
        if total > MAX_TOTAL_BYTES or written > MAX_FILES:
            raise ValueError("the submission's exercises/ folder is too large")
        target = workdir.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def put_notebooks(paths: list[Path]) -> None:
        taken: set[str] = set()
        for path in paths:
            with open(path, "rb") as stream:
                data = stream.read(MAX_TOTAL_BYTES + 1)
            if len(data) > MAX_TOTAL_BYTES:
                raise ValueError(f"{path.name} is larger than {MAX_TOTAL_BYTES // 2**20} MiB")
            relative, text = notebooks.module_from_notebook(data, path.name, ROOT)
            if relative not in taken:  # two notebooks of one day: the first (by name) counts
                taken.add(relative)
                put(PurePosixPath(relative), text.encode("utf-8"))

    try:
        if source.path.is_dir():
            for relative, path in _exercise_files_in_folder(source.path):
                put(relative, path.read_bytes())
            if written == 0:
                put_notebooks(notebooks.find_notebooks(source.path))
        elif _is_notebook(source.path):
            put_notebooks([source.path])
        elif zipfile.is_zipfile(source.path):
            with zipfile.ZipFile(source.path) as archive:
                for relative, member in _exercise_members_in_zip(archive):
                    with archive.open(member) as stream:
                        put(relative, stream.read(MAX_FILE_BYTES + 1))
        else:
            return f"{source.path.name} is neither a folder, a notebook nor a zip file."
    except (ValueError, OSError, zipfile.BadZipFile) as error:  # NotebookError too
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        return f"The submission could not be read: {error}."
    if written == 0:
        return ("No exercises/ folder with Python files, and no notebook of the course, was "
                "found in the submission.")
    for folder in [workdir / "exercises", *(p.parent for p in workdir.rglob("*.py"))]:
        (folder / "__init__.py").touch(exist_ok=True)
    return ""
