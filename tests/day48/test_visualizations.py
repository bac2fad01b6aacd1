"""The Day 48 figures: written once, valid PNGs, deterministic, titled, labelled, with legends,
every label typeset with mathtext, and multi-panel figures stacked one panel per row at about the
website's column width."""

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

from days.day48.code import mle_demo, visualizations

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("bernoulli_nll.png", "gaussian_nll_sigma.png", "mse_vs_gaussian_nll.png",
         "mse_vs_bce_logit.png")
#: The figures only the notebook shows: the underflow (Day 47's lesson has its own version) and
#: the simulation of training from a confidently wrong start.
NOTEBOOK_ONLY = {"likelihood_underflow": visualizations.plot_likelihood_underflow,
                 "training_from_wrong_start": visualizations.plot_training_from_wrong_start}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OLD = 1_000_000_000  # a timestamp in 2001, to see whether a file was touched


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return {name: build() for name, build in visualizations.FIGURES.items()}


@pytest.fixture(scope="module")
def every_figure(figures) -> dict[str, Figure]:
    """The lesson's figures and the notebook's extra ones."""
    return {**figures, **{name: build() for name, build in NOTEBOOK_ONLY.items()}}


def test_the_four_figures_and_the_default_folder():
    assert tuple(visualizations.FIGURES) == NAMES
    assert visualizations.OUTPUT_DIR == ROOT / "days" / "day48" / "outputs"
    # Only the lesson's figures are committed: no PNG is left behind that the page does not use.
    assert sorted(p.name for p in visualizations.OUTPUT_DIR.glob("*.png")) == sorted(NAMES)


def test_the_committed_figures_exist_and_are_pngs():
    # The lesson page (README.md) and the website link to these files.
    for name in NAMES:
        path = visualizations.OUTPUT_DIR / name
        assert path.is_file(), f"{path} is missing: run python -m days.day48.code.visualizations"
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 20_000, name


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[list[Path], str]:
    """``main()`` into a new folder: the paths it returns and what it printed."""
    out = tmp_path_factory.mktemp("figures") / "new" / "folder"  # created on demand
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        paths = visualizations.main(out_dir=out)
    return paths, printed.getvalue()


def test_main_writes_four_valid_pngs(first_run):
    paths, printed = first_run
    assert [p.name for p in paths] == list(NAMES)
    assert len({p.parent for p in paths}) == 1
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE), path.name
        assert data.endswith(b"IEND\xaeB`\x82"), path.name
        assert len(data) > 20_000, path.name
        width, height = png_size(data)
        assert width >= 600 and height >= 400, (path.name, width, height)
    lines = printed.splitlines()
    assert len(lines) == 4
    assert all(line.startswith("written ") for line in lines)
    assert all(line.split()[-1].endswith(name) for line, name in zip(lines, NAMES, strict=True))


def test_a_second_run_rewrites_only_what_changed(tmp_path, capsys):
    paths = visualizations.main(out_dir=tmp_path)
    stale = tmp_path / "gaussian_nll_sigma.png"
    fresh = stale.read_bytes()
    stale.write_bytes(b"stale")
    for path in paths:
        os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    capsys.readouterr()

    assert visualizations.main(out_dir=tmp_path) == paths
    lines = capsys.readouterr().out.splitlines()
    status = {Path(line.split()[-1]).name: line.split()[0] for line in lines}
    assert status == {p.name: ("written" if p == stale else "unchanged") for p in paths}
    assert len({line.index(os.sep) for line in lines}) == 1  # an aligned status column
    assert stale.read_bytes() == fresh
    for path in paths:
        touched = path.stat().st_mtime_ns != OLD * 10**9
        assert touched == (path == stale), path.name


def test_png_bytes_are_deterministic_and_carry_no_version(figures, first_run):
    paths, _ = first_run
    for path in paths:
        data = visualizations.render_png(figures[path.name])  # another Figure, same bytes
        assert data == path.read_bytes(), path.name
        assert b"Software" not in data and b"matplotlib version" not in data, path.name


def test_write_if_changed(tmp_path):
    path = tmp_path / "sub" / "file.bin"
    assert visualizations.write_if_changed(path, b"abc") is True
    assert visualizations.write_if_changed(path, b"abc") is False
    assert visualizations.write_if_changed(path, b"abd") is True
    assert path.read_bytes() == b"abd"


@pytest.mark.parametrize("name", [*NAMES, *NOTEBOOK_ONLY])
def test_every_axes_has_a_title_labels_and_a_legend(every_figure, name):
    fig = every_figure[name]
    assert fig.axes, name
    for ax in fig.axes:
        assert ax.get_title(), f"{name}: an axes without a title"
        assert ax.get_ylabel(), f"{name}: an axes without a y label"
        if ax.get_subplotspec().is_last_row():
            assert ax.get_xlabel(), f"{name}: an axes without an x label"
        legend = ax.get_legend()
        assert legend is not None and legend.get_texts(), f"{name}: an axes without a legend"


def test_bernoulli_figure_shows_both_labels(figures):
    ax = figures["bernoulli_nll.png"].axes[0]
    texts = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert "y = 1" in texts and "y = 0" in texts
    assert ax.get_xlim() == (0.0, 1.0)


def test_gaussian_figure_has_one_curve_per_sigma_and_a_negative_floor(figures):
    ax = figures["gaussian_nll_sigma.png"].axes[0]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(texts) >= 3 and all("sigma" in t for t in texts)
    floors = [line.get_ydata()[0] for line in ax.get_lines() if len(line.get_xdata()) == 1]
    assert min(floors) < 0.0 < max(floors)


def test_underflow_figure_marks_n_1075(every_figure):
    fig = every_figure["likelihood_underflow"]
    top, bottom = fig.axes[:2]
    assert top.get_yscale() == "log"
    vertical = [line for line in bottom.get_lines() if np.ptp(line.get_xdata()) == 0]
    assert any(line.get_xdata()[0] == 1075 for line in vertical)
    assert "1075" in " ".join(t.get_text() for t in top.texts)


def test_training_figure_shows_the_stall_of_the_squared_error(every_figure):
    ax = every_figure["training_from_wrong_start"].axes[0]
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 100]
    bce, squared = (np.asarray(line.get_ydata()) for line in curves)
    assert bce[0] == squared[0] == mle_demo.WRONG_START
    first = {name: int(np.flatnonzero(values > 0.0)[0]) for name, values in
             (("bce", bce), ("squared", squared))}
    assert first["bce"] < 10 < 100 < first["squared"]
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert f"from step {first['bce']}" in legend and f"from step {first['squared']}" in legend


def test_mse_vs_bce_figure_shows_the_losses_and_gradients_of_section_7(figures):
    top, bottom = figures["mse_vs_bce_logit.png"].axes
    curves = [line for line in bottom.get_lines() if len(line.get_xdata()) > 100]
    assert len(curves) == 2
    for curve in curves:  # BCE first, then the squared error
        z = np.asarray(curve.get_xdata())
        assert z[0] <= -10.0 and z[-1] > 0.0
    bce_grad, squared_grad = (np.asarray(c.get_ydata()) for c in curves)
    z = np.asarray(curves[0].get_xdata())
    p = 1.0 / (1.0 + np.exp(-z))
    np.testing.assert_allclose(bce_grad, p - 1.0, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(squared_grad, 2.0 * (p - 1.0) * p * (1.0 - p), rtol=1e-9,
                               atol=1e-15)
    # The squared error's steepest point, -8/27 at z = -ln 2, is marked.
    marks = {(round(float(line.get_xdata()[0]), 6), round(float(line.get_ydata()[0]), 6))
             for line in bottom.get_lines() if len(line.get_xdata()) == 1}
    assert (round(-math.log(2.0), 6), round(-8.0 / 27.0, 6)) in marks
    legend = " ".join(t.get_text() for t in bottom.get_legend().get_texts())
    assert "-0.99995" in legend and r"-9.08 \times 10^{-5}" in legend
    # The losses: the BCE grows like |z|, the squared error stays below 1.
    bce, squared = (np.asarray(c.get_ydata()) for c in top.get_lines()[:2])
    assert bce.max() > 10.0 and squared.max() <= 1.0


def test_mse_vs_nll_figure_marks_the_common_minimiser(figures):
    fig = figures["mse_vs_gaussian_nll.png"]
    x, y = mle_demo.make_line_data()
    slope = mle_demo.fit_line_least_squares(x, y)[0]
    curves = 0
    for ax in fig.axes[1:]:
        lines = ax.get_lines()
        marks = [line.get_xdata()[0] for line in lines if np.ptp(line.get_xdata()) == 0
                 and len(line.get_xdata()) == 2]
        assert any(abs(mark - slope) < 1e-12 for mark in marks)
        curve = max(lines, key=lambda line: len(line.get_xdata()))
        grid, values = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
        assert abs(grid[np.argmin(values)] - slope) <= np.diff(grid).max()
        curves += 1
    assert curves == 2


def _texts(fig: Figure) -> list[str]:
    """Every piece of text a reader sees: titles, axis labels, legends, annotations."""
    texts = [fig.get_suptitle()] if fig.get_suptitle() else []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.texts]
        if ax.get_legend():
            texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return [text for text in texts if text]


# Names of symbols that must be typeset, never spelled out: "sigma^2", "theta", "log p" outside
# of $...$ would be plain text.
_PLAIN_SYMBOL = re.compile(r"\b(sigma|theta|tau|mu|ell|sqrt|frac)\b|\^|_\{|\\")


@pytest.mark.parametrize("name", [*NAMES, *NOTEBOOK_ONLY])
def test_labels_are_typeset_with_mathtext(every_figure, name):
    for text in _texts(every_figure[name]):
        outside_maths = re.sub(r"\$[^$]*\$", "", text)
        assert not _PLAIN_SYMBOL.search(outside_maths), f"{name}: untypeset maths in {text!r}"


@pytest.mark.parametrize("name", [*NAMES, *NOTEBOOK_ONLY])
def test_multi_panel_figures_are_stacked_at_column_width(every_figure, name):
    """The website's column is about 700 px wide: a figure with several panels puts one panel
    per row in a figure about that wide (7.5 inches at 100 dpi), in larger type."""
    fig = every_figure[name]
    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    if len(panels) < 2:
        return
    assert all(ax.get_subplotspec().get_gridspec().ncols == 1 for ax in panels), name
    width = fig.get_figwidth() * visualizations.DPI
    assert 650 <= width <= 800, (name, width)
    for ax in panels:
        assert ax.title.get_fontsize() >= 14 and ax.xaxis.label.get_fontsize() >= 14, name
        assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 13, name


def test_command_line_writes_to_out_dir(tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "days.day48.code.visualizations"]
    process = subprocess.run([*command, "--out-dir", str(tmp_path)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300, check=False)
    assert process.returncode == 0, process.stderr
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(NAMES)
    assert process.stdout.count("written") == 4
    helped = subprocess.run([*command, "--help"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert helped.returncode == 0 and "--out-dir" in helped.stdout
