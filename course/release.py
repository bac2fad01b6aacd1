"""Build the student release: lessons, stubs and visible tests, and nothing that gives answers.

The release is a plain folder, ready to become a repository of its own. Building twice from the
same sources gives byte-identical trees, so that instructors can diff two releases.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from course import stubs

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The student side of the tooling: the pytest plugin, the score table and the hints.
STUDENT_TOOLING = ("__init__.py", "__main__.py", "check.py", "checks.py", "imports.py",
                   "lesson_checks.py", "points.py", "pytest_plugin.py", "scoring.py")
#: Top-level files copied as they are, when present.
TOP_FILES = ("conftest.py", "mkdocs.yml", ".gitignore")
#: Top-level folders copied as they are (minus ignored files), when present.
TOP_FOLDERS = ("days", "docs", "site_hooks")
#: The website's pages for instructors: not part of what students get.
INSTRUCTOR_PAGES = "docs/instructors/"
IGNORED_NAMES = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".cache", ".DS_Store"}
IGNORED_SUFFIXES = (".pyc", ".pyo")


class ReleaseError(RuntimeError):
    """The sources cannot give a clean release (e.g. the stubs are stale)."""


def _kept(path: Path) -> bool:
    return not (set(path.parts) & IGNORED_NAMES) and not path.name.endswith(IGNORED_SUFFIXES)


def _files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and _kept(path.relative_to(folder)):
            yield path


def is_hidden_test(path: Path) -> bool:
    return path.suffix == ".py" and path.stem.endswith("_hidden")


def visible_tests(root: Path) -> Iterator[Path]:
    """The test files a student gets: day suites without ``*_hidden.py``; no tooling tests."""
    tests = root / "tests"
    if (tests / "__init__.py").exists():
        yield tests / "__init__.py"
    for day in sorted(tests.glob("day[0-9][0-9]")):
        for path in _files(day):
            if not is_hidden_test(path):
                yield path


def student_pyproject(text: str) -> str:
    """The instructor's pyproject.toml with the graded tree switched to ``exercises``."""
    switched, count = re.subn(r'(?m)^course_impl\s*=\s*"solutions"', 'course_impl = "exercises"',
                              text)
    if count != 1:
        raise ReleaseError('pyproject.toml must set course_impl = "solutions" exactly once')
    return switched


def plan(root: Path) -> dict[str, bytes]:
    """Every file of the release, as relative path -> content, in sorted order."""
    if stale := stubs.stale(root):
        names = ", ".join(str(p.exercise.relative_to(root)) for p in stale)
        raise ReleaseError(f"exercises/ is out of date ({names}); run `python -m course stubs`")
    files: dict[str, bytes] = {}

    def add(source: Path) -> None:
        files[source.relative_to(root).as_posix()] = source.read_bytes()

    for folder in TOP_FOLDERS:
        if (root / folder).is_dir():
            for path in _files(root / folder):
                if not path.relative_to(root).as_posix().startswith(INSTRUCTOR_PAGES):
                    add(path)
    for name in TOP_FILES:
        if (root / name).is_file():
            add(root / name)
    for path in _files(root / "exercises"):
        add(path)
    for path in visible_tests(root):
        add(path)
    if (root / "tests" / "points.json").is_file():  # totals only: what hidden tests hold
        add(root / "tests" / "points.json")
    for name in STUDENT_TOOLING:
        add(root / "course" / name)
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    files["pyproject.toml"] = student_pyproject(pyproject).encode()
    files["README.md"] = (TEMPLATES / "student_README.md").read_bytes()
    files["Makefile"] = (TEMPLATES / "student_Makefile").read_bytes()
    return dict(sorted(files.items()))


def build(root: Path, out: Path) -> dict[str, bytes]:
    """Write the release into ``out`` (which must be empty or absent); return what was written."""
    files = plan(root)
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(f"{out} is not empty; add --force to replace it, or choose a new "
                           "folder")
    for relative, content in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        source = root / relative
        if source.is_file() and source.stat().st_mode & 0o111:
            shutil.copymode(source, target)
    return files
