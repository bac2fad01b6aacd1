"""The Day 47 figures: committed, valid PNGs, deterministic, titled, labelled, with legends,
stacked at the column's width with typeset maths."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from days.day47.code import visualizations

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("product_vs_log_likelihood.png", "log_likelihood_curves.png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return {name: build() for name, build in visualizations.FIGURES.items()}


def test_the_figures_and_the_default_folder():
    assert tuple(visualizations.FIGURES) == NAMES
    assert visualizations.OUTPUT_DIR == ROOT / "days" / "day47" / "outputs"


def test_the_committed_figures_are_current(figures):
    for name, fig in figures.items():
        path = visualizations.OUTPUT_DIR / name
        assert path.is_file(), f"{path} is missing: run python -m days.day47.code.visualizations"
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 20_000, name
        assert visualizations.render_png(fig) == data, f"{name} is stale: regenerate it"


def test_every_panel_has_a_title_labels_and_a_legend(figures):
    for name, fig in figures.items():
        assert fig.get_suptitle(), name
        for ax in fig.axes:
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel(), name
            legend = ax.get_legend()
            assert legend is not None and len(legend.get_texts()) >= 2, name


@pytest.mark.parametrize("name", NAMES)
def test_panels_are_stacked_at_the_columns_width(figures, name):
    # One panel per row, 7.5 inches wide (the website's column), so that the page does not
    # shrink the type: at 110 dpi about 825 px, shown at about 700 px, or 390 px on a phone.
    fig = figures[name]
    width, height = fig.get_size_inches()
    assert width == visualizations.STACKED_WIDTH == 7.5 and height > width, name
    boxes = [ax.get_position() for ax in fig.axes]
    assert all(a.y0 > b.y1 for a, b in zip(boxes, boxes[1:], strict=False)), name
    assert len({round(box.x0, 2) for box in boxes}) == 1, f"{name}: not one column"
    for ax in fig.axes:
        assert ax.title.get_fontsize() >= 15 and ax.xaxis.label.get_fontsize() >= 14, name
        assert all(t.get_fontsize() >= 12 for t in ax.get_legend().get_texts()), name


@pytest.mark.parametrize("name", NAMES)
def test_symbols_are_typeset_with_mathtext(figures, name):
    # theta, sigma^2, lambda, log10 and p^n are written as $\theta$, $\sigma^2$, $\lambda$,
    # $\log_{10}$, $p^n$, never as plain words; a dollar sign must open and close.
    texts = [figures[name].get_suptitle()]
    for ax in figures[name].axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in [*ax.get_legend().get_texts(), *ax.texts]]
    for text in texts:
        assert text.count("$") % 2 == 0, text
        plain = re.sub(r"\$[^$]*\$", "", text)
        assert not re.search(r"theta|sigma|lambda|log10|\^|\bsum\b", plain), (name, text)
    assert sum("$" in text for text in texts) >= 6, name


def test_the_maximisers_marked_are_the_closed_forms(figures):
    texts = [t.get_text() for ax in figures["log_likelihood_curves.png"].axes
             for t in ax.get_legend().get_texts()]
    for fragment in ("k / n = 0.7$", "= 4$", r"\bar x = 3.875$", r"1 / \bar x = 0.8$", "4.571"):
        assert any(fragment in text for text in texts), fragment


def test_the_underflow_annotations(figures):
    notes = [t.get_text() for ax in figures["product_vs_log_likelihood.png"].axes
             for t in ax.texts]
    assert any("n = 1075" in note for note in notes)
    assert any("2.5e-323" in note and "n = 7050" in note for note in notes)


def test_main_writes_only_changed_files(tmp_path):
    with contextlib.redirect_stdout(io.StringIO()):
        paths = visualizations.main(out_dir=tmp_path)
    assert [p.name for p in paths] == list(NAMES)
    for path in paths:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        visualizations.main(out_dir=tmp_path)
    assert printed.getvalue().count("unchanged") == 2
    assert all(path.stat().st_mtime == 1_000_000_000 for path in paths)


def test_cli_with_out_dir(tmp_path):
    subprocess.run([sys.executable, "-m", "days.day47.code.visualizations", "--out-dir",
                    str(tmp_path)], cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    help_text = subprocess.run([sys.executable, "-m", "days.day47.code.visualizations",
                                "--help"], cwd=ROOT, check=True, capture_output=True,
                               text=True, timeout=60).stdout
    assert "--out-dir" in help_text
