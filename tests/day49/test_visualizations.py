"""The Day 49 figures: committed, valid PNGs, deterministic, titled, labelled, with legends,
every label typeset with mathtext, and the two-panel figures stacked one panel per row at about
the website's column width."""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from days.day49.code import visualizations

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("bce_naive_vs_stable.png", "softplus_accuracy.png", "softmax_overflow.png",
         "gaussian_nll_surface.png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OLD = 1_000_000_000  # a timestamp in 2001, to see whether a file was touched


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return {name: build() for name, build in visualizations.FIGURES.items()}


def plotting_axes(fig: Figure) -> list:
    """The figure's axes without colour bars (they carry a label, not a title or legend)."""
    return [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]


def test_the_figures_and_the_default_folder():
    assert tuple(visualizations.FIGURES) == NAMES
    assert visualizations.OUTPUT_DIR == ROOT / "days" / "day49" / "outputs"


def test_the_committed_figures_are_up_to_date(figures):
    # The lesson (README.md) links to these files; they must be what the code draws now.
    for name in NAMES:
        path = visualizations.OUTPUT_DIR / name
        assert path.is_file(), f"{path} is missing: run python -m days.day49.code.visualizations"
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 20_000, name
        assert visualizations.render_png(figures[name]) == data, f"{name} is stale"
        assert b"Software" not in data, name


def test_main_writes_then_leaves_unchanged_files_alone(tmp_path):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        paths = visualizations.main(out_dir=tmp_path / "new")
    assert [p.name for p in paths] == list(NAMES)
    assert all(line.startswith("written ") for line in printed.getvalue().splitlines())
    stale = paths[1]
    stale.write_bytes(b"stale")
    for path in paths:
        os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert visualizations.main(out_dir=tmp_path / "new") == paths
    status = {Path(line.split()[-1]).name: line.split()[0]
              for line in printed.getvalue().splitlines()}
    assert status == {p.name: ("written" if p == stale else "unchanged") for p in paths}
    for path in paths:
        assert (path.stat().st_mtime_ns != OLD * 10**9) == (path == stale), path.name


@pytest.mark.parametrize("name", NAMES)
def test_every_axes_has_a_title_labels_and_a_legend(figures, name):
    axes = plotting_axes(figures[name])
    assert axes, name
    for ax in axes:
        assert ax.get_title(), f"{name}: an axes without a title"
        assert ax.get_xlabel() and ax.get_ylabel(), f"{name}: an axes without labels"
        legend = ax.get_legend()
        assert legend is not None and legend.get_texts(), f"{name}: an axes without a legend"


def test_the_figures_show_the_lessons_numbers(figures):
    bce = figures["bce_naive_vs_stable.png"]
    legend_text = " ".join(t.get_text() for ax in bce.axes for t in ax.get_legend().get_texts())
    assert "4.25" in legend_text
    assert f"{-54 * math.log(2.0):.2f}" in legend_text  # -37.43: 1 - σ(z) rounds to 1 below
    accuracy = figures["softplus_accuracy.png"].axes[0]
    assert "2^{-53}" in " ".join(t.get_text() for t in accuracy.get_legend().get_texts())
    softmax = figures["softmax_overflow.png"]
    softmax_text = " ".join(t.get_text() for ax in softmax.axes
                            for t in ax.get_legend().get_texts())
    assert f"{math.log(sys.float_info.max):.2f}" in softmax_text  # 709.78: exp overflows above
    assert f"{1075 * math.log(2.0):.1f}" in softmax_text  # 745.1: e^-d rounds to 0 beyond
    surface = plotting_axes(figures["gaussian_nll_surface.png"])[0]
    star = surface.get_legend().get_texts()[0].get_text()
    assert "= 5" in star and f"{math.log(4.0):.3f}" in star  # mean 5, log of variance 4


def _texts(fig: Figure) -> list[str]:
    """Every piece of text a reader sees: titles, axis labels, legends, annotations."""
    texts = [fig.get_suptitle()] if fig.get_suptitle() else []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.texts]
        if ax.get_legend():
            texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return [text for text in texts if text]


# Untypeset maths: a Greek letter's name, a function applied in plain text ("log(1 + e^t)"), a
# power, a subscript or a TeX command outside of $...$, or a lone one-letter variable ("logit z").
_PLAIN_MATHS = re.compile(r"\b(sigma|theta|tau|mu)\b|\b(log|exp|softplus|softmax|sqrt)\("
                          r"|\^|_\{|\\|\b(logit|shift|gap) [a-z]\b")


@pytest.mark.parametrize("name", NAMES)
def test_labels_are_typeset_with_mathtext(figures, name):
    for text in _texts(figures[name]):
        outside_maths = re.sub(r"\$[^$]*\$", "", text)
        assert not _PLAIN_MATHS.search(outside_maths), f"{name}: untypeset maths in {text!r}"


@pytest.mark.parametrize("name", NAMES)
def test_two_panel_figures_are_stacked_at_column_width(figures, name):
    """The website's column is about 700 px wide: a figure with two panels puts one per row in
    a figure about that wide (7.5 inches at 100 dpi), in larger type."""
    panels = plotting_axes(figures[name])
    if len(panels) < 2:
        return
    assert all(ax.get_subplotspec().get_gridspec().ncols == 1 for ax in panels), name
    width = figures[name].get_figwidth() * visualizations.DPI
    assert 650 <= width <= 800, (name, width)
    for ax in panels:
        assert ax.title.get_fontsize() >= 14 and ax.xaxis.label.get_fontsize() >= 14, name
        assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 13, name


def test_the_cli_writes_to_a_folder(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "days.day49.code.visualizations", "--out-dir", str(tmp_path)],
        cwd=ROOT, env={**os.environ, "MPLBACKEND": "Agg"}, capture_output=True, text=True,
        timeout=300, check=False)
    assert process.returncode == 0, process.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    help_run = subprocess.run(
        [sys.executable, "-m", "days.day49.code.visualizations", "--help"], cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False)
    assert help_run.returncode == 0 and "--out-dir" in help_run.stdout
