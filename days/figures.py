"""Writing the lessons' figures: deterministic PNG bytes, written only when they change.

Every day's ``visualizations.py`` builds its figures and hands them here. Files are rewritten
only when their bytes differ, so that a docs server watching ``outputs/`` does not rebuild
forever, and the PNGs carry no "Software" entry, so that the bytes do not depend on
matplotlib's version string.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure


def render_png(fig: Figure, dpi: int, style: Mapping[str, Any] | None = None) -> bytes:
    """The figure as PNG bytes at ``dpi``, drawn under the rc ``style`` if one is given."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(dict(style or {})):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly these bytes.

    Returns
    -------
    bool
        True if the file was written, False if it was left untouched.
    """
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it (shorter to read)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def write_figures(figures: Mapping[str, Callable[[], Figure]], folder: Path, dpi: int,
                  style: Mapping[str, Any] | None = None) -> list[Path]:
    """Build and write each figure as ``folder/<name>``, each only if its bytes changed.

    Prints one aligned line per file, ``written`` or ``unchanged``, and returns every path,
    written or not, in the order of ``figures``.
    """
    paths = []
    for name, build in figures.items():
        with matplotlib.rc_context(dict(style or {})):
            figure = build()
        path = folder / name
        written = write_if_changed(path, render_png(figure, dpi, style))
        print(f"{'written' if written else 'unchanged':<9}  {_shown(path)}")
        paths.append(path)
    return paths


def run_cli(day: str, names: Iterable[str], default_dir: Path,
            main: Callable[[Path | None], list[Path]], argv: Sequence[str] | None) -> int:
    """The command line of a day's ``visualizations`` module (``--out-dir``); returns 0."""
    parser = argparse.ArgumentParser(
        prog=f"python -m days.{day}.code.visualizations",
        description=f"Write the {day.replace('day', 'Day ')} figures (PNG), each only if its "
                    f"bytes changed: {', '.join(names)}.",
    )
    parser.add_argument("--out-dir", type=Path, default=None,
                        help=f"folder to write the PNGs to (default: {default_dir})")
    args = parser.parse_args(argv)
    matplotlib.use("Agg")  # headless: no display needed
    main(args.out_dir)
    return 0


@dataclass(frozen=True)
class Lesson:
    """One day's figures and where they go: the writing half of its ``visualizations.py``.

    A day's module builds its figures, then exposes ``LESSON.render_png``, ``LESSON.main``
    and ``LESSON.cli`` as its own ``render_png``, ``main`` and ``cli``.
    """

    day: str
    figures: Mapping[str, Callable[[], Figure]]
    output_dir: Path
    dpi: int
    style: Mapping[str, Any] = field(default_factory=dict)

    def render_png(self, fig: Figure) -> bytes:
        """The figure as deterministic PNG bytes at this lesson's resolution and style."""
        return render_png(fig, self.dpi, self.style)

    def main(self, out_dir: str | Path | None = None) -> list[Path]:
        """Write every figure to ``out_dir`` (default: the lesson's ``outputs/``).

        Each file is written only if its bytes changed; one line per file says ``written`` or
        ``unchanged``.

        Returns
        -------
        list of pathlib.Path
            The figures' paths, written or not, in the order of the lesson's figures.
        """
        folder = self.output_dir if out_dir is None else Path(out_dir)
        return write_figures(self.figures, folder, self.dpi, self.style)

    def cli(self, argv: Sequence[str] | None = None) -> int:
        """Command line: ``python -m days.dayNN.code.visualizations [--out-dir DIR]``."""
        return run_cli(self.day, self.figures, self.output_dir, self.main, argv)
