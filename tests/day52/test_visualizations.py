"""The Day 52 figures: written only when they change, titled, labelled, with legends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from days.day52.code import visualizations as viz  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["curvature.png", "intervals.png", "coverage.png", "variance_estimators.png"]


@pytest.fixture(scope="module")
def figures():
    return {name: viz.FIGURES[name]() for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_titles_labels_and_legends(figures, name):
    axes = [ax for ax in figures[name].axes if ax.get_label() != "<colorbar>"]
    assert axes
    for ax in axes:
        assert ax.get_title(), name
        assert ax.get_xlabel() and ax.get_ylabel(), name
        legend = ax.get_legend()
        assert legend is not None and legend.get_texts(), name


def test_mathtext_labels_are_used(figures):
    labels = [text.get_text() for figure in figures.values() for ax in figure.axes
              for text in (*ax.get_legend().get_texts(), ax.xaxis.label, ax.title)]
    assert sum("$" in label for label in labels) >= 10


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
    for path in paths:
        committed = viz.OUTPUT_DIR / path.name
        assert committed.is_file(), f"run python -m days.day52.code.visualizations ({path.name})"
        assert committed.read_bytes() == first[path], path.name


def test_no_software_metadata(figures):
    data = viz.render_png(figures["intervals.png"])
    assert b"Software" not in data and b"matplotlib" not in data.lower()


def test_cli_help_and_out_dir(tmp_path):
    run = subprocess.run([sys.executable, "-m", "days.day52.code.visualizations", "--out-dir",
                          str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    help_text = subprocess.run([sys.executable, "-m", "days.day52.code.visualizations",
                                "--help"], cwd=ROOT, capture_output=True, text=True,
                               timeout=60, check=False)
    assert help_text.returncode == 0 and "--out-dir" in help_text.stdout
