"""Day 49 figures: stable losses, naive versus stable.

Run it from the repository's root::

    python -m days.day49.code.visualizations                 # writes days/day49/outputs/*.png
    python -m days.day49.code.visualizations --out-dir /tmp/figures

It writes four PNGs:

``bce_naive_vs_stable.png``
    Binary cross-entropy against the logit, through probabilities (naive) and from the logit
    (stable), one panel per row: the naive loss becomes ``inf`` for large wrong logits (top) and
    ``0.0`` for confident right ones (bottom).
``softplus_accuracy.png``
    The relative error of the naive ``log(1 + e^t)`` and of the naive label-0 loss against t: it
    grows gradually, like ``u e^-t``, until the result is exactly 0.
``softmax_overflow.png``
    Top, the softmax of logits ``[c, c - 1, c - 2]`` as the shift c grows: the naive softmax
    is nan once ``exp(c)`` overflows, the max-shifted one never changes. Bottom, the
    log-probability of a class d below the top: ``log(softmax)`` is ``-inf`` once ``e^-d``
    underflows, the log-softmax is simply ``-d``.
``gaussian_nll_surface.png``
    The Gaussian NLL of a small data set over the mean and the log-variance, with its minimum
    at the sample mean and the log of the (biased) sample variance.

A file is written only when its bytes change, and the PNG bytes are deterministic (no
software/version metadata). Figures use matplotlib's object-oriented API, never ``pyplot``.
Figures with two panels stack them, one per row, in a figure about as wide as the website's
column (7.5 inches at 100 dpi) with larger type (``STACKED_STYLE``), so that they stay readable
on the page and on a phone; every label is typeset with matplotlib's mathtext.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from days import figures
from days.day49.code import stability_demo as demo

__all__ = [
    "FIGURES",
    "OUTPUT_DIR",
    "SURFACE_DATA",
    "plot_bce_naive_vs_stable",
    "plot_softmax_overflow",
    "plot_gaussian_nll_surface",
    "plot_softplus_accuracy",
    "render_png",
    "write_if_changed",
    "main",
]

#: Where ``main()`` writes by default: ``days/day49/outputs/``.
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "outputs"
#: The data of the NLL surface: eight targets (mean 5, biased variance 4).
SURFACE_DATA = (2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0)

DPI = 100
STYLE = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 10.5,
    "figure.titlesize": 14,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.2,
}
#: Larger type for the stacked two-panel figures (7.5 inches wide: the column's width).
STACKED_STYLE = {
    **STYLE,
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 12.5,
    "figure.titlesize": 16,
}
STACKED_WIDTH = 7.5
BLUE, ORANGE, RED = "#1f77b4", "#ff7f0e", "#d62728"


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------
def plot_bce_naive_vs_stable() -> Figure:
    """BCE against the logit, naive and stable: a wrong label (top), a right one (bottom)."""
    with matplotlib.rc_context(STACKED_STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 10.5), layout="constrained")
        wrong, right = fig.subplots(2, 1)

        z = np.linspace(-1000.0, 0.0, 2001)
        ones = np.ones_like(z)
        naive = demo.naive_bce_terms(ones, z)
        overflow = math.log(np.finfo(float).max)  # 709.78: e^-z overflows beyond -overflow
        wrong.plot(z, demo.stable_bce_terms(ones, z), color=BLUE,
                   label=r"stable: $\mathrm{softplus}(-z)$")
        wrong.plot(z, np.where(np.isfinite(naive), naive, np.nan), color=ORANGE, linestyle="--",
                   label=r"naive: $-\log \sigma(z)$")
        wrong.axvspan(-1000.0, -overflow, color=RED, alpha=0.12,
                      label=rf"naive is inf for $z < -{overflow:.2f}$: $\sigma(z)$ rounds to 0")
        wrong.set(xlim=(-1000.0, 0.0), ylim=(0.0, 1050.0))
        wrong.set_title(r"Label 1, large negative logit: loss $\approx -z$")
        wrong.set_xlabel(r"logit $z$")
        wrong.set_ylabel("loss of one sample")
        wrong.legend(loc="upper right")

        z = np.linspace(-60.0, 0.0, 1201)
        zeros = np.zeros_like(z)
        naive = demo.naive_bce_terms(zeros, z)
        right.semilogy(z, demo.stable_bce_terms(zeros, z), color=BLUE,
                       label=r"stable: $\mathrm{softplus}(z) = \log(1 + e^{z})$")
        right.semilogy(z, np.where(naive > 0.0, naive, np.nan), color=ORANGE, linestyle="--",
                       label=r"naive: $-\log(1 - \sigma(z))$")
        # 1 - σ(z) rounds to 1 once σ(z) <= 2^-54 (half the spacing of floats below 1).
        zero_from = -54 * math.log(2.0)
        right.axvspan(-60.0, zero_from, color=RED, alpha=0.12,
                      label=rf"naive is exactly 0.0 for $z \leq {zero_from:.2f}$")
        right.plot([-40.0], [demo.exact_bce_term(0, -40.0)], "o", color=BLUE, zorder=3,
                   label=r"$z = -40$: exact loss $4.25 \times 10^{-18}$")
        right.set(xlim=(-60.0, 0.0))
        right.set_title("Label 0, confident and right: a tiny loss")
        right.set_xlabel(r"logit $z$")
        right.set_ylabel("loss of one sample (log scale)")
        right.legend(loc="lower right")
        fig.suptitle("Binary cross-entropy from probabilities (naive)\nand from logits (stable)")
    return fig


def plot_softmax_overflow(c_max: float = 800.0) -> Figure:
    """Top: P(class 0) of logits [c, c - 1, c - 2] against the shift c, naive and max-shifted.
    Bottom: the log-probability of a class d below the top, log(softmax) versus log-softmax."""
    with matplotlib.rc_context(STACKED_STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 10.5), layout="constrained")
        shift_ax, gap_ax = fig.subplots(2, 1)
        shifts = np.linspace(0.0, c_max, 801)
        naive = np.array([demo.naive_softmax([c, c - 1.0, c - 2.0])[0] for c in shifts])
        stable = np.array([math.exp(demo.stable_log_softmax([c, c - 1.0, c - 2.0])[0])
                           for c in shifts])
        shift_ax.plot(shifts, stable, color=BLUE,
                      label=r"max shift: $e^{\log \mathrm{softmax}(z)_0} = 0.665$")
        shift_ax.plot(shifts, naive, color=ORANGE, linestyle="--",
                      label=r"naive $e^{z_0} / \sum_l e^{z_l}$")
        overflow = math.log(np.finfo(float).max)
        shift_ax.axvspan(overflow, c_max, color=RED, alpha=0.12,
                         label=rf"naive is nan: $e^{{c}} = \infty$ for $c > {overflow:.2f}$")
        shift_ax.set(xlim=(0.0, c_max), ylim=(0.0, 1.0))
        shift_ax.set_title(r"Overflow: logits $[c,\ c - 1,\ c - 2]$")
        shift_ax.set_xlabel(r"shift $c$ added to every logit")
        shift_ax.set_ylabel("probability of class 0")
        shift_ax.legend(loc="lower left")

        gaps = np.linspace(0.0, 1000.0, 1001)
        with np.errstate(divide="ignore", invalid="ignore"):
            logged = np.array([np.log(demo.naive_softmax([0.0, -d]))[1] for d in gaps])
        exact = np.array([demo.stable_log_softmax([0.0, -d])[1] for d in gaps])
        gap_ax.plot(gaps, exact, color=BLUE, label="log-softmax through the max shift")
        gap_ax.plot(gaps, np.where(np.isfinite(logged), logged, np.nan), color=ORANGE,
                    linestyle="--", label=r"naive $\log(\mathrm{softmax})$")
        # e^-d rounds to 0 below half the smallest subnormal, 2^-1075.
        underflow = 1075 * math.log(2.0)
        gap_ax.axvspan(underflow, 1000.0, color=RED, alpha=0.12,
                       label=rf"naive is $-\infty$: $e^{{-d}} = 0$ for $d > {underflow:.1f}$")
        gap_ax.set(xlim=(0.0, 1000.0), ylim=(-1050.0, 0.0))
        gap_ax.set_title(r"Underflow: logits $[0,\ {-d}]$")
        gap_ax.set_xlabel(r"gap $d$ between the two logits")
        gap_ax.set_ylabel("log-probability of class 1")
        gap_ax.legend(loc="lower left")
        fig.suptitle("Softmax: the max shift removes overflow,\nthe log-softmax removes underflow")
    return fig


def plot_gaussian_nll_surface(data: Sequence[float] = SURFACE_DATA) -> Figure:
    """Contours of the Gaussian NLL of ``data`` over the mean μ and the log-variance s."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(8, 5.6), layout="constrained")
        ax = fig.add_subplot()
        y = np.asarray(data, dtype=float)
        mu = np.linspace(1.0, 9.0, 241)
        s = np.linspace(-1.0, 4.5, 221)
        grid_mu, grid_s = np.meshgrid(mu, s)
        nll = demo.gaussian_terms_from_log_var(y[:, None, None], grid_mu, grid_s).sum(axis=0)
        lowest = float(nll.min())
        steps = np.array([0.5, 1, 2, 4, 8, 16, 32, 64])
        # Colour only the 40 nats above the minimum: the far corners would swamp the scale.
        filled = ax.contourf(grid_mu, grid_s, nll, levels=np.linspace(lowest, lowest + 40, 41),
                             cmap="viridis", extend="max")
        lines = ax.contour(grid_mu, grid_s, nll, levels=lowest + steps, colors="white",
                           linewidths=0.9)
        ax.clabel(lines, fmt=lambda level: f"+{level - lowest:g}", fontsize=9)
        fig.colorbar(filled, ax=ax, label="total NLL (nats); contours: above the minimum")
        best_mu, best_s = float(np.mean(y)), math.log(float(np.var(y)))
        ax.plot([best_mu], [best_s], "*", color=ORANGE, markersize=16, zorder=3,
                label=rf"minimum: $\mu$ = mean = {best_mu:g}, $s = \log 4$ = {best_s:.3f}")
        ax.set_title("Gaussian NLL over the mean and the log-variance $s = \\log\\sigma^2$")
        ax.set_xlabel(r"predicted mean $\mu$")
        ax.set_ylabel(r"predicted log-variance $s$")
        ax.legend(loc="upper left", framealpha=0.9)
    return fig


def plot_softplus_accuracy() -> Figure:
    """Relative error of the naive log(1 + e^t) and of the naive label-0 loss against t."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 5.4), layout="constrained")
        ax = fig.add_subplot()
        t = np.linspace(-45.0, -1.0, 881)
        exact = np.array([demo.exact_bce_term(0, v) for v in t.tolist()])
        with np.errstate(over="ignore", divide="ignore"):
            through_one_plus = np.log(1.0 + np.exp(t))
        through_sigmoid = demo.naive_bce_terms(np.zeros_like(t), t)
        unit_roundoff = 2.0**-53
        for values, colour, style, label in (
                (through_one_plus, ORANGE, "-", r"naive $\log(1 + e^{t})$"),
                (through_sigmoid, RED, "--", r"naive $-\log(1 - \sigma(t))$ (label 0)")):
            error = np.abs(values - exact) / exact
            # An exact answer draws no point on a log scale: show it at the floor instead.
            ax.semilogy(t, np.maximum(error, 1e-18), color=colour, linestyle=style,
                        linewidth=1.4, label=label)
        ax.semilogy(t, unit_roundoff * np.exp(-t), color=BLUE, linestyle=":",
                    label=r"$u\,e^{-t}$, $u = 2^{-53}$")
        for value in (-10.0, -20.0, -30.0):
            ax.axvline(value, color="grey", linewidth=0.8, alpha=0.6)
        ax.set(xlim=(-45.0, -1.0), ylim=(1e-18, 10.0))
        ax.set_title("Digits lost one by one: relative error of the naive softplus")
        ax.set_xlabel(r"$t$ (the logit $z$ for a label 0)")
        ax.set_ylabel("relative error (1 = every digit lost)")
        ax.legend(loc="upper right")
    return fig


FIGURES = {
    "bce_naive_vs_stable.png": plot_bce_naive_vs_stable,
    "softplus_accuracy.png": plot_softplus_accuracy,
    "softmax_overflow.png": plot_softmax_overflow,
    "gaussian_nll_surface.png": plot_gaussian_nll_surface,
}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
LESSON = figures.Lesson("day49", FIGURES, OUTPUT_DIR, DPI)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
