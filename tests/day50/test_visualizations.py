"""The Day 50 figures: written only when they change, titled, labelled, with legends, at the
column's width with large type, stacked panels and typeset maths."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from days.day50.code import visualizations as viz  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["nll_surface.png", "loss_curves.png", "prior_strength.png"]


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_titles_labels_and_legends(name):
    figure = viz.FIGURES[name]()
    axes = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
    assert axes
    for ax in axes:
        assert ax.get_title(), name
        assert ax.get_xlabel() and ax.get_ylabel(), name
        assert ax.get_legend() is not None and ax.get_legend().get_texts(), name


def test_main_writes_only_when_bytes_change(tmp_path, capsys):
    paths = viz.main(tmp_path)
    assert [p.name for p in paths] == NAMES
    first = {p: p.read_bytes() for p in paths}
    assert all(data.startswith(b"\x89PNG") for data in first.values())
    stamps = {p: p.stat().st_mtime_ns for p in paths}
    viz.main(tmp_path)
    assert capsys.readouterr().out.count("unchanged") == len(NAMES)
    assert {p: p.stat().st_mtime_ns for p in paths} == stamps
    assert {p: p.read_bytes() for p in paths} == first


def test_committed_figures_are_current(tmp_path):
    fresh = viz.main(tmp_path)
    for path in fresh:
        committed = viz.OUTPUT_DIR / path.name
        assert committed.is_file(), f"run python -m days.day50.code.visualizations ({path.name})"
        assert committed.read_bytes() == path.read_bytes(), path.name


def test_no_software_metadata():
    data = viz.render_png(viz.plot_loss_curves())
    assert b"Software" not in data and b"matplotlib" not in data.lower()


def test_cli_help_and_out_dir(tmp_path):
    run = subprocess.run([sys.executable, "-m", "days.day50.code.visualizations", "--out-dir",
                          str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    help_text = subprocess.run([sys.executable, "-m", "days.day50.code.visualizations",
                                "--help"], cwd=ROOT, capture_output=True, text=True,
                               timeout=60, check=False)
    assert help_text.returncode == 0 and "--out-dir" in help_text.stdout


def test_nll_surface_is_to_scale_with_labelled_contours_and_no_colorbar():
    figure = viz.plot_nll_surface()
    assert [ax.get_label() for ax in figure.axes] == [""], "one axes, no colorbar"
    (ax,) = figure.axes
    assert ax.get_aspect() == 1.0, "equal scaling: steps look perpendicular to the contours"
    labels = [text for text in ax.texts if text.get_text().replace(".", "").isdigit()]
    assert len(labels) >= 6
    renderer = viz.FigureCanvasAgg(figure).get_renderer()
    figure.draw_without_rendering()
    frame = ax.get_window_extent(renderer)
    for label in labels:
        box = label.get_window_extent(renderer)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, label.get_text()
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, label.get_text()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 <= frame.y0, "the legend sits below the plot, hiding no contour"
    assert frame.width >= 0.8 * figure.bbox.width, "the plot keeps the column's width"


def test_prior_strength_panels_name_their_data_and_are_stacked():
    figure = viz.plot_prior_strength()
    top, bottom = figure.axes
    assert "40 samples" in top.get_title()
    assert "different data" in bottom.get_title() and f"{viz.SURFACE_N} samples" in \
        bottom.get_title()
    assert top.get_position().y0 > bottom.get_position().y1, "one panel above the other"
    entries = [t.get_text() for t in bottom.get_legend().get_texts()][1:]
    assert entries == [rf"$\lambda = {lam:g}$" + (" (the MLE)" if lam == 0 else "")
                       for lam in viz.CURVE_STRENGTHS]


def _texts(figure) -> list[str]:
    """Every title, axis label and legend entry of the figure."""
    texts = []
    for ax in figure.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return texts


@pytest.mark.parametrize("name", NAMES)
def test_figures_fit_the_column_with_type_a_phone_can_read(name):
    # 7.5 inches at 100 dpi: 750 px, shown at about 700 px in the website's column and 390 px
    # on a phone, so 14-point labels stay about 10 px high there.
    figure = viz.FIGURES[name]()
    width, height = figure.get_size_inches()
    assert width == viz.WIDTH == 7.5, name
    for ax in figure.axes:
        assert ax.title.get_fontsize() >= 15, name
        assert ax.xaxis.label.get_fontsize() >= 14 and ax.yaxis.label.get_fontsize() >= 14
        assert all(t.get_fontsize() >= 13 for t in ax.get_xticklabels()), name
        assert all(t.get_fontsize() >= 12.5 for t in ax.get_legend().get_texts()), name
    if len(figure.axes) > 1:
        assert height > width, f"{name}: panels stacked one per row"


@pytest.mark.parametrize("name", NAMES)
def test_symbols_are_typeset_with_mathtext(name):
    # J(w), P(y = 1 | x), lambda, tau^2, w_0 are written between dollar signs, never as plain
    # text; a dollar sign must open and close.
    texts = _texts(viz.FIGURES[name]())
    for text in texts:
        assert text.count("$") % 2 == 0, text
        plain = re.sub(r"\$[^$]*\$", "", text)
        assert not re.search(r"\^|_|tau|sigma|theta|lambda|\bJ\(|\bP\(|\bw\d", plain), \
            f"{name}: plain-text maths in {text!r}"
    assert any("$" in text for text in texts), name


def test_the_notebooks_simulation_figure_is_titled_labelled_and_typeset():
    fits = [[-0.4, 2.1, -1.1], [-0.6, 1.9, -0.9]]
    figure = viz.plot_mle_spread(fits, [[0.1, 0.2, 0.15]] * 2)
    (ax,) = figure.axes
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert figure.get_size_inches()[0] == viz.WIDTH
    texts = _texts(figure)
    assert r"$(\hat w_1 - w_1) / \mathrm{se}_1$" in texts
    assert all(text.count("$") % 2 == 0 for text in texts)
