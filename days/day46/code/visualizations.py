"""Day 46 figures: probability versus likelihood.

Run it from the repository's root::

    python -m days.day46.code.visualizations                 # writes days/day46/outputs/*.png
    python -m days.day46.code.visualizations --out-dir /tmp/figures

It writes two PNGs:

``probability_vs_likelihood.png``
    One formula, two readings. Left: theta fixed, the probability of each number of heads in 8
    flips (bars that sum to 1). Right: the data fixed (8 heads out of 8), the likelihood
    L(theta) = theta^8 as a curve over theta, whose area is 1/9.
``likelihood_curves.png``
    Left: the likelihood of three small data sets. Right: data with 70 % heads and growing n,
    each curve divided by its peak: the peak stays at h / n and gets narrower.

A file is written only when its bytes change (``mkdocs serve`` would otherwise rebuild forever),
and the PNG bytes are deterministic (no software/version metadata). Figures are built with
matplotlib's object-oriented API and never through ``pyplot``, so importing this module leaves
the caller's backend alone; run as a script, it selects the headless ``Agg`` backend first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

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
    "plot_probability_vs_likelihood",
    "plot_likelihood_curves",
    "render_png",
    "write_if_changed",
    "main",
]

OUTPUT_DIR = Path(__file__).resolve().parents[1] / "outputs"
DPI = 110
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
    """Bars over outcomes (probability) beside a curve over theta (likelihood)."""
    fig = Figure(figsize=(11, 4.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    n = 8
    outcomes = np.arange(n + 1)
    width = 0.4
    for shift, theta, colour in ((-width / 2, 0.5, COLOURS[0]), (width / 2, 0.9, COLOURS[1])):
        chances = binomial_distribution(n, theta)
        left.bar(outcomes + shift, chances, width=width, color=colour,
                 label=f"theta = {theta} (bars sum to {math.fsum(chances):.0f})")
    # The tiny bar P(8 heads | 0.5) is the number the right panel reads as L(0.5).
    left.plot([n - width / 2], [0.5**n + 0.012], "v", color="k", ms=7,
              label=f"P(8 heads | 0.5) = 1/256 = {0.5**n:.4f}")
    left.set_xticks(outcomes)
    left.set_title("Probability: theta fixed, the outcome varies")
    left.set_xlabel("number of heads k in 8 flips")
    left.set_ylabel("P(k heads | theta)")
    left.legend(loc="upper left")

    curve = likelihood_curve(n, 0, THETAS)
    right.plot(THETAS, curve, color=COLOURS[2], lw=2, label="L(theta) = theta^8")
    right.fill_between(THETAS, curve, color=COLOURS[2], alpha=0.15,
                       label=f"area = 1/9 = {exact_area(n, 0):.4f}, not 1")
    for theta, colour in ((0.5, COLOURS[0]), (0.9, COLOURS[1])):
        value = coin_likelihood(n, 0, theta)
        right.plot([theta], [value], "o", color=colour, ms=7, clip_on=False,
                   label=f"L({theta}) = {value:.4f} (the k = 8 bar on the left)")
    right.set_title("Likelihood: the data fixed (8 heads), theta varies")
    right.set_xlabel("theta, the probability of heads")
    right.set_ylabel("L(theta) = P(data | theta)")
    right.set_xlim(0.0, 1.0)
    right.legend(loc="upper left")
    return fig


def plot_likelihood_curves() -> Figure:
    """Likelihoods of small data sets, and scaled likelihoods sharpening as n grows."""
    fig = Figure(figsize=(11, 4.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    for (label, heads, tails), colour in zip(SMALL_DATA, COLOURS, strict=False):
        curve = likelihood_curve(heads, tails, THETAS)
        best = best_on_grid(heads, tails, THETAS)
        left.plot(THETAS, curve, color=colour, lw=2, label=f"{label}: peak at {best:.2f}")
        left.plot([best], [coin_likelihood(heads, tails, best)], "o", color=colour, ms=6,
                  clip_on=False)
    left.set_title("The likelihood of three small data sets (not scaled)")
    left.set_xlabel("theta, the probability of heads")
    left.set_ylabel("L(theta)")
    left.set_xlim(0.0, 1.0)
    left.legend(loc="upper left")

    for n, colour in zip(GROWING_N, COLOURS, strict=False):
        heads = round(0.7 * n)
        tails = n - heads
        # Divide by the peak, in logs: for n = 160 the raw L(theta) is below 1e-42.
        peak = coin_log_likelihood(heads, tails, heads / n)
        logs = np.array([coin_log_likelihood(heads, tails, float(v)) for v in THETAS])
        right.plot(THETAS, np.exp(logs - peak), color=colour, lw=2,
                   label=f"n = {n}, h = {heads}: peak L = {math.exp(peak):.1e}")
    right.axvline(0.7, color="0.4", ls="--", lw=1, label="h / n = 0.7")
    right.set_title("More data, a sharper peak (each curve divided by its peak)")
    right.set_xlabel("theta, the probability of heads")
    right.set_ylabel("L(theta) / L(h / n)")
    right.set_xlim(0.0, 1.0)
    right.set_ylim(-0.03, 1.45)  # room for the legend above the peaks
    right.legend(loc="upper left")
    return fig


FIGURES: dict[str, Callable[[], Figure]] = {
    "probability_vs_likelihood.png": plot_probability_vs_likelihood,
    "likelihood_curves.png": plot_likelihood_curves,
}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
LESSON = figures.Lesson("day46", FIGURES, OUTPUT_DIR, DPI)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
