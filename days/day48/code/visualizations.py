"""Day 48 figures: the losses that maximum likelihood hands us.

Run it from the repository's root::

    python -m days.day48.code.visualizations                 # writes days/day48/outputs/*.png
    python -m days.day48.code.visualizations --out-dir /tmp/figures

It writes four PNGs:

``bernoulli_nll.png``
    The loss of one label, -log p for y = 1 and -log(1 - p) for y = 0, against the predicted p.
``gaussian_nll_sigma.png``
    The Gaussian NLL of one sample against its residual, for several noise levels sigma.
``likelihood_underflow.png``
    The likelihood 0.5^n reaching exactly 0.0 in float64 while the log-likelihood n log 0.5
    stays finite.
``mse_vs_gaussian_nll.png``
    The demo's small regression: the MSE and the Gaussian NLL against the slope have the same
    minimiser.

A file is written only when its bytes change (``mkdocs serve`` would otherwise rebuild forever),
and the PNG bytes are deterministic (no software/version metadata).

The figures are built with matplotlib's object-oriented API (:class:`matplotlib.figure.Figure`)
and never through ``pyplot``: they need no display and leave alone the backend of whoever
imports this module (a notebook keeps its inline plots). Run as a script, the module still
selects the headless ``Agg`` backend first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from days import figures
from days.day48.code import mle_demo

__all__ = [
    "FIGURES",
    "OUTPUT_DIR",
    "plot_bernoulli_nll",
    "plot_gaussian_nll_sigma",
    "plot_likelihood_underflow",
    "plot_mse_vs_gaussian_nll",
    "render_png",
    "write_if_changed",
    "main",
]

#: Where ``main()`` writes by default: ``days/day48/outputs/``.
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "outputs"

DPI = 100
STYLE = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 14,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.2,
}

BLUE, ORANGE, GREEN, RED, PURPLE, GREY = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#555555")


# --------------------------------------------------------------------------------------------
# The four figures
# --------------------------------------------------------------------------------------------
def plot_bernoulli_nll() -> Figure:
    """The loss of one Bernoulli label against the predicted probability p = P(y = 1)."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(8, 5.2), layout="constrained")
        ax = fig.add_subplot()
        p = np.linspace(0.001, 0.999, 999)
        loss_if_1 = -mle_demo.bernoulli_log_likelihood_terms(np.ones_like(p), p)
        loss_if_0 = -mle_demo.bernoulli_log_likelihood_terms(np.zeros_like(p), p)
        ax.plot(p, loss_if_1, color=BLUE, label=r"label $y = 1$: loss $-\log p$")
        ax.plot(p, loss_if_0, color=ORANGE, label=r"label $y = 0$: loss $-\log(1 - p)$")

        y, p_ex = mle_demo.ONE_LABEL
        loss_ex = -math.log(p_ex)
        ax.plot([p_ex], [loss_ex], "o", color=BLUE, markersize=8, zorder=3,
                label=rf"lesson's example $y = {y}$, $p = {p_ex}$: $-\log {p_ex} = {loss_ex:.3f}$")
        ax.plot([0.5], [math.log(2.0)], "o", color=GREY, markersize=7, zorder=3,
                label=rf"$p = 0.5$ (no opinion): $-\log 0.5 = \log 2 = {math.log(2.0):.3f}$")
        ax.annotate("confident and wrong:\nloss grows without bound",
                    xy=(0.03, -math.log(0.03)), xytext=(0.12, 4.2),
                    arrowprops={"arrowstyle": "->", "color": BLUE}, color=BLUE)
        ax.annotate("confident and right:\nloss close to 0",
                    xy=(0.97, -math.log(0.97)), xytext=(0.655, 0.58),
                    arrowprops={"arrowstyle": "->", "color": BLUE}, color=BLUE)

        ax.set(xlim=(0.0, 1.0), ylim=(0.0, 5.0))
        ax.set_title("Bernoulli NLL: the loss of one label (binary cross-entropy)")
        ax.set_xlabel(r"predicted probability $p = P(y = 1)$")
        ax.set_ylabel(r"loss $-\log P(y \mid p)$")
        ax.legend(loc="center")
    return fig


def plot_gaussian_nll_sigma(sigmas: Sequence[float] = (0.25, 0.5, 1.0, 2.0)) -> Figure:
    """The per-sample Gaussian NLL against the residual, one curve per noise level sigma."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(8, 5.2), layout="constrained")
        ax = fig.add_subplot()
        r = np.linspace(-3.0, 3.0, 601)
        colours = (RED, ORANGE, BLUE, GREEN, PURPLE)
        for sigma, colour in zip(sigmas, colours, strict=False):
            nll = mle_demo.gaussian_nll_terms(r, np.zeros_like(r), sigma)
            floor = 0.5 * math.log(2.0 * math.pi * sigma**2)
            ax.plot(r, nll, color=colour,
                    label=rf"$\sigma = {sigma:g}$: floor $\frac{{1}}{{2}}\log(2\pi\sigma^2)"
                          rf" = {floor:+.2f}$")
            ax.plot([0.0], [floor], "o", color=colour, markersize=7, zorder=3)
        ax.axhline(0.0, color=GREY, linewidth=1.0)
        threshold = 1.0 / math.sqrt(2.0 * math.pi)
        ax.annotate(rf"below 0 when $\sigma < 1/\sqrt{{2\pi}} \approx {threshold:.3f}$"
                    "\n(a density can exceed 1)",
                    xy=(0.0, 0.5 * math.log(2.0 * math.pi * min(sigmas) ** 2)),
                    xytext=(0.45, -0.85), arrowprops={"arrowstyle": "->", "color": RED},
                    color=RED, fontsize=11)
        ax.text(-2.9, 5.55, "small $\\sigma$: steep walls,\nerrors punished harder",
                va="top", fontsize=11)
        ax.set(xlim=(-3.0, 3.0), ylim=(-1.0, 6.0))
        ax.set_title(r"Gaussian NLL of one sample: "
                     r"$\frac{1}{2}\log(2\pi\sigma^2) + \frac{r^2}{2\sigma^2}$")
        ax.set_xlabel(r"residual $r = y - \hat y$")
        ax.set_ylabel(r"NLL $-\log \mathcal{N}(y \mid \hat y, \sigma^2)$")
        ax.legend(loc="upper right", fontsize=10.5)
    return fig


def plot_likelihood_underflow(p: float = 0.5, n_max: int = 1400) -> Figure:
    """The float64 likelihood p^n (it underflows to 0.0) and the log-likelihood n log p."""
    n = np.arange(1, n_max + 1)
    products = mle_demo.running_likelihood(p, n_max)
    logs = mle_demo.running_log_likelihood(p, n_max)
    m = mle_demo.first_underflow(p, n_max)
    tiny, smallest = np.finfo(float).tiny, np.finfo(float).smallest_subnormal

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 7.6), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True)
        fig.suptitle(rf"Likelihood underflow: ${p:g}^n$ becomes exactly 0.0 in float64, "
                     rf"$n \log {p:g}$ stays finite")

        positive = products > 0.0
        top.semilogy(n[positive], products[positive], color=BLUE,
                     label=rf"likelihood $L_n = {p:g}^n$ (float64 product)")
        top.axhspan(smallest, tiny, color=ORANGE, alpha=0.18,
                    label=rf"subnormal floats, below {tiny:.1e}: digits lost")
        if m is not None:
            zeros = n[~positive][::25]
            top.plot(zeros, np.full(zeros.shape, smallest), "x", color=RED, markersize=7,
                     clip_on=False, zorder=3, label="$L_n = 0.0$ exactly (drawn on the axis)")
            for ax in (top, bottom):
                ax.axvline(m, color=RED, linestyle="--", linewidth=1.4)
            top.annotate(rf"$n = {m}$: ${p:g}^{{{m}}}$ = 0.0" + "\n"
                         rf"(${p:g}^{{{m - 1}}}$ = {products[m - 2]:.0e}, the smallest float)",
                         xy=(m, smallest), xytext=(60, 1e-285), color=RED,
                         arrowprops={"arrowstyle": "->", "color": RED})
        top.set_ylim(smallest, 10.0)
        top.set_yticks([10.0**-k for k in range(0, 301, 50)])
        top.minorticks_off()
        top.set_title("multiplying the probabilities")
        top.set_ylabel(r"likelihood $L_n$ (log scale)")
        top.legend(loc="upper right")

        log_of_product = mle_demo.log_or_minus_inf(products)
        bottom.plot(n, logs, color=GREEN, linewidth=3.0,
                    label=rf"log-likelihood $\sum \log {p:g} = n \log {p:g}$")
        bottom.plot(n, log_of_product, color=BLUE, linestyle=(0, (4, 3)),
                    label=r"$\log L_n$: log of the float64 product ($-\infty$ after underflow)")
        if m is not None:
            bottom.plot([m], [logs[m - 1]], "o", color=GREEN, markersize=8, zorder=3)
            bottom.annotate(rf"$n = {m}$: log-likelihood $= {logs[m - 1]:.1f}$, finite",
                            xy=(m, logs[m - 1]), xytext=(m - 720, logs[m - 1] - 160),
                            color=GREEN, arrowprops={"arrowstyle": "->", "color": GREEN})
        bottom.set_xlim(0, n_max)
        bottom.set_title("adding the logs")
        bottom.set_xlabel("number of samples $n$")
        bottom.set_ylabel(r"log-likelihood $\ell_n$")
        bottom.legend(loc="upper right")
    return fig


def plot_mse_vs_gaussian_nll(
    seed: int = mle_demo.DEFAULT_SEED, sigma: float = mle_demo.NOISE_SIGMA
) -> Figure:
    """The demo's regression: MSE and Gaussian NLL against the slope, the same minimiser."""
    x, y = mle_demo.make_line_data(seed=seed)
    a_ls, b_ls = mle_demo.fit_line_least_squares(x, y)
    a_nll, _ = mle_demo.fit_line_gaussian_nll(x, y, sigma=sigma)
    slopes = np.linspace(a_ls - 1.5, a_ls + 1.5, 301)
    mse = np.array([mle_demo.mse_of_line((a, b_ls), x, y) for a in slopes])
    nll = np.array([mle_demo.gaussian_nll_of_line((a, b_ls), x, y, sigma) for a in slopes])

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(15, 4.9), layout="constrained")
        ax_data, ax_mse, ax_nll = fig.subplots(1, 3, width_ratios=(1.0, 1.1, 1.1))
        fig.suptitle(rf"Least squares = maximum likelihood: the MSE and the Gaussian NLL "
                     rf"($\sigma = {sigma:g}$ fixed) have the same minimiser")

        grid = np.linspace(-2.0, 2.0, 2)
        ax_data.plot(x, y, "o", color=GREY, label=f"data ({x.size} points, seed {seed})")
        ax_data.plot(grid, mle_demo.TRUE_SLOPE * grid + mle_demo.TRUE_INTERCEPT, color=GREY,
                     linestyle=":", label=rf"true line $y = {mle_demo.TRUE_SLOPE:g}x + "
                                          rf"{mle_demo.TRUE_INTERCEPT:g}$")
        ax_data.plot(grid, a_ls * grid + b_ls, color=PURPLE,
                     label=rf"fit $\hat y = {a_ls:.3f}x + {b_ls:.3f}$")
        ax_data.set_title("the data and the fitted line")
        ax_data.set_xlabel("$x$")
        ax_data.set_ylabel("$y$")
        ax_data.legend(loc="upper left", fontsize=10)

        for ax, values, colour, name in (
            (ax_mse, mse, BLUE, "MSE$(a)$"),
            (ax_nll, nll, ORANGE, "Gaussian NLL$(a)$ (total)"),
        ):
            ax.plot(slopes, values, color=colour, label=name)
            ax.axvline(a_ls, color=PURPLE, linestyle="--", linewidth=1.6,
                       label=rf"least squares (lstsq): $a = {a_ls:.4f}$")
            ax.set_xlabel(rf"slope $a$ (intercept fixed at $b = {b_ls:.3f}$)")
            ax.legend(loc="upper center", fontsize=10)
        ax_nll.plot([a_nll], [mle_demo.gaussian_nll_of_line((a_nll, b_ls), x, y, sigma)], "x",
                    color="black", markersize=11, markeredgewidth=2.2, zorder=3,
                    label=rf"numerical min of the NLL (BFGS): $a = {a_nll:.4f}$")
        ax_nll.legend(loc="upper center", fontsize=10)
        ax_mse.set_title(r"MSE $= \frac{1}{n}\sum (y_i - a x_i - b)^2$")
        ax_mse.set_ylabel("MSE")
        ax_nll.set_title(r"NLL $= \frac{n}{2}\log(2\pi\sigma^2) + \frac{n}{2\sigma^2}$ MSE")
        ax_nll.set_ylabel("Gaussian NLL")
    return fig


#: File name -> function building the figure.
FIGURES: dict[str, Callable[[], Figure]] = {
    "bernoulli_nll.png": plot_bernoulli_nll,
    "gaussian_nll_sigma.png": plot_gaussian_nll_sigma,
    "likelihood_underflow.png": plot_likelihood_underflow,
    "mse_vs_gaussian_nll.png": plot_mse_vs_gaussian_nll,
}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
LESSON = figures.Lesson("day48", FIGURES, OUTPUT_DIR, DPI)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
