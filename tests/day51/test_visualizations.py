"""The Day 51 figures: written only when they change, titled, labelled, with legends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from days.day51.code import visualizations as viz  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["entropy.png", "kl_asymmetry.png", "label_smoothing.png", "scoring_rules.png",
         "reliability.png"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Every figure written once into a fresh folder (they take a few seconds to build)."""
    folder = tmp_path_factory.mktemp("figures51")
    return folder, viz.main(folder)


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_titles_labels_and_legends(name):
    figure = viz.FIGURES[name]()
    assert figure.axes
    for ax in figure.axes:
        assert ax.get_title(), name
        assert ax.get_xlabel() and ax.get_ylabel(), name
        assert ax.get_legend() is not None and ax.get_legend().get_texts(), name


def test_main_writes_only_when_bytes_change(written, capsys):
    folder, paths = written
    assert [p.name for p in paths] == NAMES
    first = {p: p.read_bytes() for p in paths}
    assert all(data.startswith(b"\x89PNG") for data in first.values())
    stamps = {p: p.stat().st_mtime_ns for p in paths}
    capsys.readouterr()
    viz.main(folder)
    assert capsys.readouterr().out.count("unchanged") == len(NAMES)
    assert {p: p.stat().st_mtime_ns for p in paths} == stamps
    assert {p: p.read_bytes() for p in paths} == first


def test_committed_figures_are_current(written):
    for path in written[1]:
        committed = viz.OUTPUT_DIR / path.name
        assert committed.is_file(), f"run python -m days.day51.code.visualizations ({path.name})"
        assert committed.read_bytes() == path.read_bytes(), path.name


def test_no_software_metadata():
    data = viz.render_png(viz.plot_label_smoothing())
    assert b"Software" not in data and b"matplotlib" not in data.lower()


def test_cli_help_and_out_dir(tmp_path):
    run = subprocess.run([sys.executable, "-m", "days.day51.code.visualizations", "--out-dir",
                          str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    help_text = subprocess.run([sys.executable, "-m", "days.day51.code.visualizations",
                                "--help"], cwd=ROOT, capture_output=True, text=True,
                               timeout=60, check=False)
    assert help_text.returncode == 0 and "--out-dir" in help_text.stdout
