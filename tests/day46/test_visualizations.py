"""The Day 46 figures: committed, valid and deterministic PNGs, titled, labelled, with legends,
stacked at the column's width with typeset maths, showing what the lesson says they show."""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from days.day46.code import visualizations

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("probability_vs_likelihood.png", "likelihood_curves.png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OLD = 1_000_000_000  # a timestamp in 2001, to see whether a file was touched


def png_size(data: bytes) -> tuple[int, int]:
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return {name: build() for name, build in visualizations.FIGURES.items()}


def test_the_figures_and_the_default_folder():
    assert tuple(visualizations.FIGURES) == NAMES
    assert visualizations.OUTPUT_DIR == ROOT / "days" / "day46" / "outputs"


def test_the_committed_figures_are_up_to_date(figures):
    # The README links to these files; they must be what the code draws today.
    for name in NAMES:
        path = visualizations.OUTPUT_DIR / name
        assert path.is_file(), f"{path} is missing: run python -m days.day46.code.visualizations"
        assert path.read_bytes() == visualizations.render_png(figures[name]), name


def test_main_writes_valid_pngs_then_only_what_changed(tmp_path, capsys):
    out = tmp_path / "new" / "folder"  # created on demand
    paths = visualizations.main(out_dir=out)
    assert [p.name for p in paths] == list(NAMES)
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and data.endswith(b"IEND\xaeB`\x82")
        assert b"Software" not in data
        width, height = png_size(data)
        assert width >= 800 and height >= 400, (path.name, width, height)
    assert all(line.startswith("written ") for line in capsys.readouterr().out.splitlines())

    stale = paths[1]
    fresh = stale.read_bytes()
    stale.write_bytes(b"stale")
    for path in paths:
        os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    assert visualizations.main(out_dir=out) == paths
    status = {Path(line.split()[-1]).name: line.split()[0]
              for line in capsys.readouterr().out.splitlines()}
    assert status == {p.name: ("written" if p == stale else "unchanged") for p in paths}
    assert stale.read_bytes() == fresh
    for path in paths:
        assert (path.stat().st_mtime_ns != OLD * 10**9) == (path == stale), path.name


def test_write_if_changed(tmp_path):
    path = tmp_path / "sub" / "file.bin"
    assert visualizations.write_if_changed(path, b"abc") is True
    assert visualizations.write_if_changed(path, b"abc") is False
    assert visualizations.write_if_changed(path, b"abd") is True


@pytest.mark.parametrize("name", NAMES)
def test_every_axes_has_a_title_labels_and_a_legend(figures, name):
    for ax in figures[name].axes:
        assert ax.get_title(), f"{name}: an axes without a title"
        assert ax.get_xlabel() and ax.get_ylabel(), f"{name}: an axes without axis labels"
        legend = ax.get_legend()
        assert legend is not None and legend.get_texts(), f"{name}: an axes without a legend"


def _texts(fig: Figure) -> list[str]:
    """Every title, axis label and legend entry of the figure."""
    texts = []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return texts


@pytest.mark.parametrize("name", NAMES)
def test_panels_are_stacked_at_the_columns_width(figures, name):
    # One panel per row, 7.5 inches wide (the website's column), so that the page does not
    # shrink the type: at 110 dpi about 825 px, shown at about 700 px, or 390 px on a phone.
    fig = figures[name]
    width, height = fig.get_size_inches()
    assert width == visualizations.STACKED_WIDTH == 7.5 and height > width, name
    boxes = [ax.get_position() for ax in fig.axes]
    assert len(boxes) == 2
    assert boxes[0].y0 > boxes[1].y1, f"{name}: the panels are not one above the other"
    for ax in fig.axes:
        assert ax.title.get_fontsize() >= 15 and ax.xaxis.label.get_fontsize() >= 14, name
        assert all(t.get_fontsize() >= 12 for t in ax.get_legend().get_texts()), name


@pytest.mark.parametrize("name", NAMES)
def test_symbols_are_typeset_with_mathtext(figures, name):
    # theta, L(theta) and h / n are written as $\theta$, $L(\theta)$, $h / n$, never as plain
    # words; a dollar sign must open and close.
    texts = _texts(figures[name])
    for text in texts:
        assert text.count("$") % 2 == 0, text
        plain = re.sub(r"\$[^$]*\$", "", text)
        assert not re.search(r"theta|\^|\bL\(", plain), f"{name}: plain-text maths in {text!r}"
    assert any(r"\theta" in text for text in texts), name


def test_probability_panel_bars_sum_to_one_and_likelihood_area_is_one_ninth(figures):
    left, right = figures["probability_vs_likelihood.png"].axes
    assert "Probability" in left.get_title() and "Likelihood" in right.get_title()
    for container in left.containers:
        heights = [bar.get_height() for bar in container]
        assert len(heights) == 9 and math.fsum(heights) == pytest.approx(1.0, abs=1e-12)
    fair = [bar.get_height() for bar in left.containers[0]]
    assert fair[8] == pytest.approx(1 / 256, rel=1e-12)
    curve = max(right.get_lines(), key=lambda line: len(line.get_xdata()))
    theta, values = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
    assert np.allclose(values, theta**8, rtol=1e-12, atol=0)
    area = float(np.sum((values[1:] + values[:-1]) / 2 * np.diff(theta)))
    assert area == pytest.approx(1 / 9, rel=1e-4)
    legend = " ".join(t.get_text() for t in right.get_legend().get_texts())
    assert "1/9 = 0.1111" in legend and "L(0.5) = 0.0039" in legend


def test_curves_peak_at_the_share_of_heads_and_sharpen_with_n(figures):
    left, right = figures["likelihood_curves.png"].axes
    for line, share in zip(left.get_lines()[::2], (1.0, 2 / 3, 0.5), strict=True):
        theta, values = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        assert abs(theta[np.argmax(values)] - share) <= 1e-3
    widths = []
    for line in right.get_lines():
        theta, values = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        if np.ptp(theta) == 0:  # the dashed line at h / n
            assert theta[0] == 0.7
            continue
        assert theta[np.argmax(values)] == pytest.approx(0.7, abs=1e-3)
        assert values.max() == pytest.approx(1.0, rel=1e-9)
        widths.append(np.ptp(theta[values > 0.5]))  # width at half the peak
    assert len(widths) == len(visualizations.GROWING_N)
    assert widths == sorted(widths, reverse=True) and widths[-1] < widths[0] / 3


def test_command_line_writes_to_out_dir(tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "days.day46.code.visualizations"]
    process = subprocess.run([*command, "--out-dir", str(tmp_path)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300, check=False)
    assert process.returncode == 0, process.stderr
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(NAMES)
    helped = subprocess.run([*command, "--help"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert helped.returncode == 0 and "--out-dir" in helped.stdout


def test_importing_keeps_the_callers_backend():
    import matplotlib

    before = matplotlib.get_backend()
    with contextlib.redirect_stdout(io.StringIO()):
        import days.day46.code.visualizations  # noqa: F401
    assert matplotlib.get_backend() == before
