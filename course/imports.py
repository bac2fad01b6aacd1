"""What an exercise module may import, enforced alike on the student's machine and in the grader.

An exercise runs, when graded, in a sandbox that holds the interpreter, its standard library
and the course's packages, but not the lesson code (``days``), the reference (``solutions``) or
the tests. So that a submission never passes locally and fails when graded, the same rule is
enforced in both places by ``ImportPolicy``: code in ``exercises.*`` may import the standard
library, NumPy and SciPy (and its own ``exercises`` package); anything else fails at once with
the message ``refusal`` gives. Imports made *by* NumPy or SciPy themselves are not checked.
"""

from __future__ import annotations

import builtins
import importlib.abc
import sys
from types import FrameType
from typing import Any

#: Top-level packages an exercise may import, besides the standard library.
THIRD_PARTY = ("numpy", "scipy")
#: The rule, as the docstring of every exercise module states it.
RULE = ("Imports: the standard library, numpy and scipy only. The lesson code (days), the "
        "reference (solutions) and the tests are not available when your work is graded.")


def allowed(name: str) -> bool:
    """Whether an exercise may import the module ``name``."""
    top = name.partition(".")[0]
    return top in sys.stdlib_module_names or top in THIRD_PARTY or top == "exercises"


def refusal(name: str, importer: str) -> str:
    """The error message for an exercise (module ``importer``) importing ``name``."""
    top = name.partition(".")[0]
    return (f"{importer} may not import {top}: exercises may import the standard library, "
            f"numpy and scipy only ({top} is not available when your work is graded)")


def _importer(frame: FrameType | None) -> str:
    """The module whose code is importing: the first frame outside the import machinery."""
    while frame is not None:
        filename = frame.f_code.co_filename
        if not (filename.startswith("<frozen importlib") or "importlib" in filename
                or filename == __file__):
            return str(frame.f_globals.get("__name__", ""))
        frame = frame.f_back
    return ""


class ImportPolicy(importlib.abc.MetaPathFinder):
    """A meta-path finder that refuses an exercise's imports outside ``allowed``."""

    def find_spec(self, fullname, path, target=None):  # noqa: ANN001 - importlib's protocol
        if allowed(fullname):
            return None
        importer = _importer(sys._getframe(1))
        if importer.partition(".")[0] == "exercises":
            raise ModuleNotFoundError(refusal(fullname, importer), name=fullname)
        return None


_original_import = builtins.__import__


def _checked_import(name: str, globals: Any = None, locals: Any = None,  # noqa: A002
                    fromlist: Any = (), level: int = 0) -> Any:
    # An ``import`` statement of an exercise, even of a module already loaded (which the
    # meta-path finder would never see).
    if level == 0 and isinstance(globals, dict):
        importer = str(globals.get("__name__", ""))
        if importer.partition(".")[0] == "exercises" and not allowed(name):
            raise ModuleNotFoundError(refusal(name, importer), name=name)
    return _original_import(name, globals, locals, fromlist, level)


def install() -> None:
    """Enforce the policy in this process: ``import`` statements and the finders (once)."""
    if not any(isinstance(finder, ImportPolicy) for finder in sys.meta_path):
        sys.meta_path.insert(0, ImportPolicy())
    builtins.__import__ = _checked_import
