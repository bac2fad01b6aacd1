"""Day 52 figures: how sure is the fit?

Run it from the repository's root::

    python -m days.day52.code.visualizations                 # writes days/day52/outputs/*.png
    python -m days.day52.code.visualizations --out-dir /tmp/figures

It writes four PNGs:

``curvature.png``
    Left: the log-likelihood of 70 % heads in 10, 40 and 160 flips, relative to its peak, with
    its quadratic approximation and the likelihood-ratio cut-off. Right: the simulated sampling
    distribution of the MLE against the normal curve the information predicts.
``intervals.png``
    Wald, Wilson and likelihood-ratio 95 % intervals for every count k of n = 10 trials.
``coverage.png``
    The coverage of each interval against the true theta for n = 20: exact (a line) and
    simulated (dots), with the nominal 95 %.
``variance_estimators.png``
    Left: bias squared, variance and MSE of the variance estimators with 1/(n - 1), 1/n and
    1/(n + 1) against n. Right: their sampling distributions for n = 5.

A file is written only when its bytes change, and the PNG bytes are deterministic (no software
metadata). The figures use matplotlib's object-oriented :class:`~matplotlib.figure.Figure`, not
``pyplot``, so importing this module leaves a notebook's backend alone; run as a script it
selects the headless ``Agg`` backend.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from scipy import stats

from days import figures
from days.day52.code import uncertainty_demo as demo

__all__ = [
    "FIGURES",
    "OUTPUT_DIR",
    "plot_curvature",
    "plot_intervals",
    "plot_coverage",
    "plot_variance_estimators",
    "render_png",
    "write_if_changed",
    "main",
]

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "outputs"
DPI = 100
STYLE = {"font.size": 12, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 10.5,
         "axes.grid": True, "grid.alpha": 0.3, "lines.linewidth": 2.0}
BLUE, ORANGE, GREEN, RED, PURPLE, GREY = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#555555")
INTERVAL_COLOURS = {"Wald": RED, "Wilson": BLUE, "likelihood ratio": GREEN}
#: Simulated data sets behind the figures' dots and histograms.
FIGURE_TRIALS = 4000
FIGURE_SEED = 52


def plot_curvature() -> Figure:
    """Left: relative log-likelihoods and their quadratic approximations. Right: the MLE's
    simulated sampling distribution against N(theta, 1 / I_n(theta))."""
    fig = Figure(figsize=(12.0, 6.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    grid = np.linspace(0.35, 0.97, 400)
    colours = (ORANGE, BLUE, PURPLE)
    cut = demo.CHI2_95 / 2
    for n, colour in zip(demo.FLIP_COUNTS, colours, strict=True):
        k = round(demo.HEADS_SHARE * n)
        peak = demo.bernoulli_loglik(k / n, k, n)
        relative = [demo.bernoulli_loglik(t, k, n) - peak for t in grid]
        information = demo.bernoulli_information(k / n, n)
        left.plot(grid, relative, color=colour,
                  label=f"$n = {n}$: $\\ell(\\theta) - \\ell(\\hat\\theta)$, "
                        f"$I(\\hat\\theta) = {information:.1f}$")
        left.plot(grid, -0.5 * information * (grid - k / n) ** 2, "--", color=colour,
                  linewidth=1.3)
    left.plot([], [], "--", color=GREY, linewidth=1.3,
              label="dashed: $-\\frac{1}{2} I(\\hat\\theta)(\\theta - \\hat\\theta)^2$")
    left.axhline(-cut, color=GREY, linestyle=":",
                 label=f"$-c/2 = -{cut:.2f}$: 95 % likelihood-ratio cut")
    left.set(xlim=(0.35, 0.97), ylim=(-6.0, 0.4), xlabel="$\\theta$",
             ylabel="log-likelihood below its peak",
             title="More data, more curvature at the peak")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9.5)

    rng = np.random.default_rng(FIGURE_SEED)
    for n, colour in zip(demo.FLIP_COUNTS[1:], colours[1:], strict=True):
        estimates = rng.binomial(n, demo.HEADS_SHARE, size=FIGURE_TRIALS) / n
        edges = (np.arange(n + 2) - 0.5) / n  # one bin per possible count
        right.hist(estimates, bins=edges, density=True, color=colour, alpha=0.35,
                   label=f"simulated $\\hat\\theta$, $n = {n}$")
        se = 1.0 / math.sqrt(demo.bernoulli_information(demo.HEADS_SHARE, n))
        right.plot(grid, stats.norm.pdf(grid, demo.HEADS_SHARE, se), color=colour,
                   label=f"$\\mathcal{{N}}(0.7,\\ 1/I_n)$, se $= {se:.4f}$")
    right.axvline(demo.HEADS_SHARE, color="black", linewidth=1.0, label="true $\\theta = 0.7$")
    right.set(xlim=(0.35, 0.97), xlabel="$\\hat\\theta = k / n$", ylabel="density",
              title=f"The MLE is nearly normal ({FIGURE_TRIALS} data sets each)")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9.5)
    return fig


def plot_intervals() -> Figure:
    """The three 95 % intervals for every k of n = 10, side by side."""
    n = 10
    fig = Figure(figsize=(9.0, 6.5), layout="constrained")
    ax = fig.add_subplot()
    ax.axvspan(-0.2, 0.0, color=GREY, alpha=0.15)
    ax.axvspan(1.0, 1.2, color=GREY, alpha=0.15, label="outside $[0, 1]$")
    offsets = {"Wald": 0.22, "Wilson": 0.0, "likelihood ratio": -0.22}
    for name, interval in demo.INTERVALS.items():
        for k in range(n + 1):
            low, high = interval(k, n)
            y = k + offsets[name]
            ax.plot([low, high], [y, y], color=INTERVAL_COLOURS[name], linewidth=3,
                    solid_capstyle="butt", label=name if k == 0 else None)
            if high - low < 1e-9:  # a single point: draw it, or it would be invisible
                ax.plot(low, y, "o", color=INTERVAL_COLOURS[name], markersize=6)
        ax.plot(np.arange(n + 1) / n, np.arange(n + 1), "k|", markersize=14,
                label="$\\hat\\theta = k/n$" if name == "Wald" else None)
    ax.annotate("Wald: the single point 0", xy=(0.0, offsets["Wald"]), xytext=(0.45, 0.1),
                color=RED, fontsize=10.5, arrowprops={"arrowstyle": "->", "color": RED})
    ax.annotate("Wald: below 0", xy=(-0.06, 1 + offsets["Wald"]), xytext=(-0.18, 2.8),
                color=RED, fontsize=10.5, arrowprops={"arrowstyle": "->", "color": RED})
    ax.set(xlim=(-0.2, 1.2), ylim=(-0.6, n + 0.6), yticks=range(n + 1),
           xlabel="$\\theta$", ylabel="successes $k$ out of $n = 10$",
           title="95 % intervals for a proportion, $n = 10$")
    ax.legend(loc="lower right")
    return fig


def plot_coverage() -> Figure:
    """Coverage against theta for n = 20: exact lines, simulated dots, nominal 0.95."""
    n = demo.COVERAGE_N
    fig = Figure(figsize=(13.0, 4.6), layout="constrained")
    axes = fig.subplots(1, 3, sharey=True)
    thetas = np.linspace(0.001, 0.999, 999)
    dots = np.linspace(0.025, 0.975, 20)
    for ax, (name, interval) in zip(axes, demo.INTERVALS.items(), strict=True):
        ends = [interval(k, n) for k in range(n + 1)]
        cover = np.array([[low <= t <= high for low, high in ends] for t in thetas])
        exact = (stats.binom.pmf(np.arange(n + 1)[None, :], n, thetas[:, None]) * cover).sum(1)
        simulated = [demo.simulated_coverage(interval, t, n, FIGURE_TRIALS, FIGURE_SEED)
                     for t in dots]
        colour = INTERVAL_COLOURS[name]
        ax.plot(thetas, exact, color=colour, linewidth=1.2, label="exact")
        ax.plot(dots, simulated, "o", color="black", markersize=4,
                label=f"simulated ({FIGURE_TRIALS} data sets)")
        ax.axhline(demo.LEVEL, color=GREY, linestyle="--", label="nominal 0.95")
        ax.set(xlim=(0.0, 1.0), ylim=(0.0, 1.02), xlabel="true $\\theta$",
               title=f"{name}, $n = {n}$")
        ax.legend(loc="lower center", fontsize=9.5)
    axes[0].set_ylabel("coverage  $P(\\theta \\in$ interval$)$")
    for ax in axes[1:]:
        ax.set_ylabel("coverage")
    return fig


def plot_variance_estimators() -> Figure:
    """Left: bias^2, variance and MSE against n, exact lines and simulated dots. Right: the
    sampling distributions for n = 5."""
    fig = Figure(figsize=(12.5, 5.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    sizes = np.arange(2, 21)
    styles = {"1/(n - 1)": (RED, "$1/(n-1)$, unbiased"), "1/n": (BLUE, "$1/n$, the MLE"),
              "1/(n + 1)": (GREEN, "$1/(n+1)$")}
    for name, (colour, label) in styles.items():
        exact = np.array([demo.exact_variance_risks(int(n))[name] for n in sizes])
        left.plot(sizes, sizes * exact[:, 2], color=colour, label=f"MSE, {label}")
        if name != "1/(n - 1)":  # unbiased: its variance is its MSE
            left.plot(sizes, sizes * exact[:, 1], "--", color=colour, linewidth=1.3,
                      label=f"variance alone, {label}")
    shown = (3, 5, 10, 20)
    for n in shown:
        simulated = demo.variance_estimator_risks(n, FIGURE_TRIALS, seed=FIGURE_SEED)
        for name, (colour, _) in styles.items():
            left.plot(n, n * simulated[name][2], "o", color=colour, markersize=6,
                      markeredgecolor="black",
                      label="simulated MSE" if (n, name) == (shown[0], "1/n") else None)
    left.set(xlabel="sample size $n$", xticks=[2, 5, 10, 15, 20], ylim=(0.0, 4.2),
             ylabel="$n\\ \\times$ error in estimating $\\sigma^2 = 1$",
             title="MSE = bias$^2$ + variance (scaled by $n$)")
    left.legend(loc="upper right", fontsize=9.5)

    n = demo.VARIANCE_N
    samples = np.random.default_rng(FIGURE_SEED).standard_normal((FIGURE_TRIALS, n))
    squares = np.square(samples - samples.mean(axis=1, keepdims=True)).sum(axis=1)
    edges = np.linspace(0.0, 4.0, 41)
    for name, divisor in (("1/(n - 1)", n - 1), ("1/n", n)):
        colour, label = styles[name]
        estimates = squares / divisor
        right.hist(estimates, bins=edges, density=True, color=colour, alpha=0.35,
                   label=f"{label}")
        right.axvline(estimates.mean(), color=colour, linestyle="--",
                      label=f"its mean, {estimates.mean():.3f}")
    right.axvline(1.0, color="black", linewidth=1.2, label="true $\\sigma^2 = 1$")
    right.set(xlabel="estimate of $\\sigma^2$", ylabel="density",
              title=f"Two estimators of $\\sigma^2$, $n = {n}$ ({FIGURE_TRIALS} samples)")
    right.legend(loc="upper right")
    return fig


FIGURES: dict[str, Callable[[], Figure]] = {
    "curvature.png": plot_curvature,
    "intervals.png": plot_intervals,
    "coverage.png": plot_coverage,
    "variance_estimators.png": plot_variance_estimators,
}


LESSON = figures.Lesson("day52", FIGURES, OUTPUT_DIR, DPI, style=STYLE)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
