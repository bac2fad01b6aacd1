"""Day 46 figures: probability versus likelihood.

Run it from the repository's root::

    python -m days.day46.code.visualizations                 # writes days/day46/outputs/*.png
    python -m days.day46.code.visualizations --out-dir /tmp/figures

It writes two PNGs, each with its panels stacked one per row at the width of the website's
column (7.5 inches) and with larger type (``STYLE``), so that they stay readable on a phone:

``probability_vs_likelihood.png``
    One formula, two readings. Top: theta fixed, the probability of each number of heads in 8
    flips (bars that sum to 1). Bottom: the data fixed (8 heads out of 8), the likelihood
    L(theta) = theta^8 as a curve over theta, whose area is 1/9.
``likelihood_curves.png``
    Top: the likelihood of three small data sets. Bottom: data with 70 % heads and growing n,
    each curve divided by its peak: the peak stays at h / n and gets narrower.

Labels are typeset with matplotlib's mathtext (``$\\theta$``, ``$L(\\theta)$``).

A file is written only when its bytes change (``mkdocs serve`` would otherwise rebuild forever),
and the PNG bytes are deterministic (no software/version metadata). Figures are built with
matplotlib's object-oriented API and never through ``pyplot``, so importing this module leaves
the caller's backend alone; run as a script, it selects the headless ``Agg`` backend first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from days import figures
from days.day46.code.coin_demo import (
    best_on_grid,
    binomial_distribution,
    coin_likelihood,
    coin_log_likelihood,
    exact_area,
    likelihood_curve,
)

__all__ = [
    "OUTPUT_DIR",
    "FIGURES",
    "GROWING_N",
    "STYLE",
    "STACKED_WIDTH",
    "plot_probability_vs_likelihood",
    "plot_likelihood_curves",
    "render_png",
    "write_if_changed",
    "main",
]

OUTPUT_DIR = Path(__file__).resolve().parents[1] / "outputs"
DPI = 110
#: Type large enough to read at the column's width (about 700 px) and at phone width (390 px).
STYLE = {
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 12.5,
    "figure.titlesize": 16,
}
#: The figures' width in inches: the website's column, so the page does not shrink the type.
STACKED_WIDTH = 7.5
THETAS = np.linspace(0.0, 1.0, 1001)
#: (label, heads, tails) of the small data sets on the left of ``likelihood_curves.png``.
SMALL_DATA = (("8 heads, 0 tails (the street coin)", 8, 0),
              ("2 heads, 1 tail", 2, 1),
              ("1 head, 1 tail", 1, 1))
#: Numbers of flips with 70 % heads, on the right of ``likelihood_curves.png``.
GROWING_N = (10, 40, 160)
COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red")


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------
def plot_probability_vs_likelihood() -> Figure:
    """Bars over outcomes (probability) above a curve over theta (likelihood)."""
    # The style is applied here, not only when writing, so that the notebook shows the same type.
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 10.5), layout="constrained")
        top, bottom = fig.subplots(2, 1)
        n = 8
        outcomes = np.arange(n + 1)
        width = 0.4
        for shift, theta, colour in ((-width / 2, 0.5, COLOURS[0]),
                                     (width / 2, 0.9, COLOURS[1])):
            chances = binomial_distribution(n, theta)
            top.bar(outcomes + shift, chances, width=width, color=colour,
                    label=rf"$\theta = {theta}$ (bars sum to {math.fsum(chances):.0f})")
        # The tiny bar P(8 heads | 0.5) is the number the bottom panel reads as L(0.5).
        top.plot([n - width / 2], [0.5**n + 0.012], "v", color="k", ms=7,
                 label=rf"$P(8\ \mathrm{{heads}} \mid 0.5) = 1/256 = {0.5**n:.4f}$")
        top.set_xticks(outcomes)
        top.set_title(r"Probability: $\theta$ fixed, the outcome varies")
        top.set_xlabel(r"number of heads $k$ in 8 flips")
        top.set_ylabel(r"$P(k\ \mathrm{heads} \mid \theta)$")
        top.legend(loc="upper left")

        curve = likelihood_curve(n, 0, THETAS)
        bottom.plot(THETAS, curve, color=COLOURS[2], lw=2, label=r"$L(\theta) = \theta^8$")
        bottom.fill_between(THETAS, curve, color=COLOURS[2], alpha=0.15,
                            label=f"area: $1/9 = {exact_area(n, 0):.4f}$, not 1")
        for theta, colour in ((0.5, COLOURS[0]), (0.9, COLOURS[1])):
            value = coin_likelihood(n, 0, theta)
            bottom.plot([theta], [value], "o", color=colour, ms=7, clip_on=False,
                        label=f"$L({theta}) = {value:.4f}$ (the $k = 8$ bar above)")
        bottom.set_title(r"Likelihood: the data fixed (8 heads), $\theta$ varies")
        bottom.set_xlabel(r"$\theta$, the probability of heads")
        bottom.set_ylabel(r"$L(\theta) = P(\mathrm{data} \mid \theta)$")
        bottom.set_xlim(0.0, 1.0)
        bottom.legend(loc="upper left")
    return fig


def plot_likelihood_curves() -> Figure:
    """Likelihoods of small data sets, above scaled likelihoods sharpening as n grows."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 10.5), layout="constrained")
        top, bottom = fig.subplots(2, 1)
        for (label, heads, tails), colour in zip(SMALL_DATA, COLOURS, strict=False):
            curve = likelihood_curve(heads, tails, THETAS)
            best = best_on_grid(heads, tails, THETAS)
            top.plot(THETAS, curve, color=colour, lw=2,
                     label=rf"{label}: peak at $\hat\theta = {best:.2f}$")
            top.plot([best], [coin_likelihood(heads, tails, best)], "o", color=colour, ms=6,
                     clip_on=False)
        top.set_title("The likelihood of three small data sets (not scaled)")
        top.set_xlabel(r"$\theta$, the probability of heads")
        top.set_ylabel(r"$L(\theta)$")
        top.set_xlim(0.0, 1.0)
        top.set_ylim(-0.03, 1.12)  # room for the legend beside the street coin's curve
        top.legend(loc="upper left")

        for n, colour in zip(GROWING_N, COLOURS, strict=False):
            heads = round(0.7 * n)
            tails = n - heads
            # Divide by the peak, in logs: for n = 160 the raw L(theta) is below 1e-42.
            peak = coin_log_likelihood(heads, tails, heads / n)
            logs = np.array([coin_log_likelihood(heads, tails, float(v)) for v in THETAS])
            mantissa, exponent = f"{math.exp(peak):.1e}".split("e")
            bottom.plot(THETAS, np.exp(logs - peak), color=colour, lw=2,
                        label=rf"$n = {n}$, $h = {heads}$: peak "
                              rf"$L = {mantissa} \times 10^{{{int(exponent)}}}$")
        bottom.axvline(0.7, color="0.4", ls="--", lw=1, label=r"$h / n = 0.7$")
        bottom.set_title("More data, a sharper peak\n(each curve divided by its peak)")
        bottom.set_xlabel(r"$\theta$, the probability of heads")
        bottom.set_ylabel(r"$L(\theta)\, /\, L(h / n)$")
        bottom.set_xlim(0.0, 1.0)
        bottom.set_ylim(-0.03, 1.6)  # room for the legend above the peaks
        bottom.legend(loc="upper left")
    return fig


FIGURES: dict[str, Callable[[], Figure]] = {
    "probability_vs_likelihood.png": plot_probability_vs_likelihood,
    "likelihood_curves.png": plot_likelihood_curves,
}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
LESSON = figures.Lesson("day46", FIGURES, OUTPUT_DIR, DPI, style=STYLE)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
