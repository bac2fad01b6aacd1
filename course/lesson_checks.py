"""Checks that every day's lesson notebook passes: shared by the ``tests/dayNN`` suites.

A lesson notebook is committed without outputs, finds the repository root itself (so that a
kernel started in ``days/dayNN/`` imports ``days.dayNN.code`` and never shadows the standard
library's ``code`` module), and executes top to bottom in its own folder.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path``, validated against the nbformat 4 schema."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    return notebook


def check_committed_without_outputs(notebook: nbformat.NotebookNode) -> None:
    """No code cell holds outputs or an execution count; the kernel is ``python3``."""
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells, "the notebook has no code cell"
    for number, cell in enumerate(code_cells, start=1):
        assert cell.outputs == [], f"code cell {number} has outputs"
        assert cell.execution_count is None, f"code cell {number} has an execution count"
    assert notebook.metadata.kernelspec.name == "python3"


def check_first_cell_imports(notebook: nbformat.NotebookNode, day: str, demo: str) -> None:
    """The first code cell puts the root on ``sys.path`` and imports ``days.<day>.code.<demo>``;
    no cell imports ``code``, ``solutions`` or ``exercises``."""
    first = next(cell for cell in notebook.cells if cell.cell_type == "code").source
    assert "sys.path" in first and "pyproject.toml" in first and "Path.cwd()" in first
    assert f"from days.{day}.code import {demo}" in first
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = [line.strip() for line in cell.source.splitlines()]
            assert not any(line.startswith(("import code", "from code")) for line in lines)
            assert not any("solutions" in line or "exercises" in line for line in lines
                           if line.startswith(("import", "from")))


def execute_in_folder(notebook: nbformat.NotebookNode, folder: Path,
                      timeout: int = 120) -> tuple[str, int]:
    """Run a copy of the notebook with the kernel started in ``folder``, as Jupyter would.

    Returns
    -------
    tuple of (str, int)
        Everything the cells printed, and how many images they showed.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        On the first cell that fails.
    """
    copy = nbformat.from_dict(notebook)  # the committed notebook is never touched
    client = NotebookClient(copy, kernel_name="python3", timeout=timeout,
                            startup_timeout=timeout,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    outputs = [output for cell in copy.cells if cell.cell_type == "code"
               for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    images = sum("image/png" in output.get("data", {}) for output in outputs)
    return "".join(output.get("text", "") for output in outputs), images
