"""Day 48 figures: the losses that maximum likelihood hands us.

Run it from the repository's root::

    python -m days.day48.code.visualizations                 # writes days/day48/outputs/*.png
    python -m days.day48.code.visualizations --out-dir /tmp/figures

It writes the four PNGs of the lesson page:

``bernoulli_nll.png``
    The loss of one label, -log p for y = 1 and -log(1 - p) for y = 0, against the predicted p.
``gaussian_nll_sigma.png``
    The Gaussian NLL of one sample against its residual, for several noise levels sigma.
``mse_vs_gaussian_nll.png``
    The demo's small regression: the data, then the MSE and the Gaussian NLL against the slope,
    one panel per row, with the same minimiser.
``mse_vs_bce_logit.png``
    A label 1 scored by the binary cross-entropy and by the squared error of sigma(z), against
    the logit z (top), and their gradients (bottom): the squared error's gradient vanishes when
    the model is confidently wrong.

Two more figures are drawn only in the notebook: ``plot_likelihood_underflow`` (Day 47 has the
lesson's version), the likelihood 0.5^n reaching exactly 0.0 in float64 while the
log-likelihood n log 0.5 stays finite; and ``plot_training_from_wrong_start``, the notebook's
simulation, a logistic regression started confidently wrong and trained with each loss.

Figures with several panels stack them, one per row, in a figure about as wide as the website's
column (7.5 inches at 100 dpi), with larger type (``STACKED_STYLE``), so that they stay readable
on the page and on a phone.

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
    "plot_mse_vs_bce_logit",
    "plot_mse_vs_gaussian_nll",
    "plot_training_from_wrong_start",
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

#: Larger type for the stacked multi-panel figures (7.5 inches wide: the column's width).
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

BLUE, ORANGE, GREEN, RED, PURPLE, GREY = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#555555")


# --------------------------------------------------------------------------------------------
# The figures
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

    with matplotlib.rc_context(STACKED_STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 9.0), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True)
        fig.suptitle(rf"Underflow: ${p:g}^n$ is exactly 0.0 in float64," "\n"
                     rf"$n \log {p:g}$ stays finite")

        positive = products > 0.0
        top.semilogy(n[positive], products[positive], color=BLUE,
                     label=rf"$L_n = {p:g}^n$ (float64 product)")
        top.axhspan(smallest, tiny, color=ORANGE, alpha=0.18,
                    label=r"subnormal floats, below $2^{-1022}$: digits lost")
        if m is not None:
            zeros = n[~positive][::25]
            top.plot(zeros, np.full(zeros.shape, smallest), "x", color=RED, markersize=7,
                     clip_on=False, zorder=3, label=r"$L_n = 0.0$ exactly (on the axis)")
            for ax in (top, bottom):
                ax.axvline(m, color=RED, linestyle="--", linewidth=1.4)
            top.annotate(rf"$n = {m}$: ${p:g}^{{{m}}} = 0.0$",
                         xy=(m, smallest), xytext=(150, 1e-290), color=RED,
                         arrowprops={"arrowstyle": "->", "color": RED})
        top.set_ylim(smallest, 10.0)
        top.set_yticks([10.0**-k for k in range(0, 301, 100)])
        top.minorticks_off()
        top.set_title("multiplying the probabilities")
        top.set_ylabel(r"likelihood $L_n$ (log scale)")
        top.legend(loc="upper right")

        log_of_product = mle_demo.log_or_minus_inf(products)
        bottom.plot(n, logs, color=GREEN, linewidth=3.0,
                    label=rf"$\ell_n = \sum \log {p:g} = n \log {p:g}$")
        bottom.plot(n, log_of_product, color=BLUE, linestyle=(0, (4, 3)),
                    label=r"$\log L_n$ ($-\infty$ after underflow)")
        if m is not None:
            bottom.plot([m], [logs[m - 1]], "o", color=GREEN, markersize=8, zorder=3)
            bottom.annotate(rf"$n = {m}$: $\ell_n = {logs[m - 1]:.1f}$",
                            xy=(m, logs[m - 1]), xytext=(m - 900, logs[m - 1] - 180),
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
    """The demo's regression: the data, then the MSE and the Gaussian NLL against the slope
    (one panel per row), with the same minimiser."""
    x, y = mle_demo.make_line_data(seed=seed)
    a_ls, b_ls = mle_demo.fit_line_least_squares(x, y)
    a_nll, _ = mle_demo.fit_line_gaussian_nll(x, y, sigma=sigma)
    slopes = np.linspace(a_ls - 1.5, a_ls + 1.5, 301)
    mse = np.array([mle_demo.mse_of_line((a, b_ls), x, y) for a in slopes])
    nll = np.array([mle_demo.gaussian_nll_of_line((a, b_ls), x, y, sigma) for a in slopes])

    with matplotlib.rc_context(STACKED_STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 13.0), layout="constrained")
        ax_data, ax_mse, ax_nll = fig.subplots(3, 1)
        fig.suptitle("Least squares = maximum likelihood:\n"
                     rf"MSE and Gaussian NLL ($\sigma = {sigma:g}$ fixed), one minimiser")

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
        ax_data.legend(loc="upper left")

        for ax, values, colour, name in (
            (ax_mse, mse, BLUE, r"$\mathrm{MSE}(a)$"),
            (ax_nll, nll, ORANGE, r"Gaussian $\mathrm{NLL}(a)$ (total)"),
        ):
            ax.plot(slopes, values, color=colour, label=name)
            ax.axvline(a_ls, color=PURPLE, linestyle="--", linewidth=1.6,
                       label=rf"least squares (lstsq): $a = {a_ls:.4f}$")
            ax.set_xlabel(rf"slope $a$ (intercept fixed at $b = {b_ls:.3f}$)")
        ax_nll.plot([a_nll], [mle_demo.gaussian_nll_of_line((a_nll, b_ls), x, y, sigma)], "x",
                    color="black", markersize=11, markeredgewidth=2.2, zorder=3,
                    label=rf"min of the NLL (BFGS): $a = {a_nll:.4f}$")
        for ax in (ax_mse, ax_nll):
            ax.legend(loc="upper center")
        ax_mse.set_title(r"$\mathrm{MSE} = \frac{1}{n}\sum (y_i - a x_i - b)^2$")
        ax_mse.set_ylabel(r"$\mathrm{MSE}$")
        ax_nll.set_title(r"$\mathrm{NLL} = \frac{n}{2}\log(2\pi\sigma^2)"
                         r" + \frac{n}{2\sigma^2}\,\mathrm{MSE}$")
        ax_nll.set_ylabel(r"Gaussian $\mathrm{NLL}$")
    return fig


def plot_mse_vs_bce_logit(z_min: float = -12.0, z_max: float = 6.0) -> Figure:
    """A label 1 scored by the BCE and by the squared error of sigma(z), against the logit z
    (top), and the gradients of both (bottom)."""
    z = np.linspace(z_min, z_max, 1801)
    ones = np.ones_like(z)
    bce = mle_demo.bce_logit_terms(ones, z)
    squared = mle_demo.squared_error_logit_terms(ones, z)
    bce_grad = mle_demo.bce_logit_gradient(ones, z)
    squared_grad = mle_demo.squared_error_logit_gradient(ones, z)
    example = min(mle_demo.CLASSIFICATION_LOGITS)  # the lesson's confidently wrong logit, -10
    steepest = -math.log(2.0)  # |d/dz (sigma - 1)^2| is largest where sigma(z) = 1/3

    with matplotlib.rc_context(STACKED_STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 11.0), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True)
        fig.suptitle("Why not MSE for classification?\n"
                     r"A label $y = 1$ scored from the logit $z$, with $p = \sigma(z)$")

        top.plot(z, bce, color=BLUE, label=r"BCE $-\log\sigma(z)$: grows like $|z|$")
        top.plot(z, squared, color=ORANGE, linestyle="--",
                 label=r"squared error $(\sigma(z) - 1)^2$: at most 1")
        top.plot([example], [float(mle_demo.bce_logit_terms(1, example))], "o", color=BLUE,
                 markersize=8, zorder=3)
        top.plot([example], [float(mle_demo.squared_error_logit_terms(1, example))], "o",
                 color=ORANGE, markersize=8, zorder=3)
        top.set(xlim=(z_min, z_max), ylim=(0.0, 12.5))
        top.set_title("the losses")
        top.set_ylabel("loss of one label")
        top.legend(loc="upper right")

        bottom.axhline(0.0, color=GREY, linewidth=1.0)
        bottom.plot(z, bce_grad, color=BLUE, label=r"BCE: $\sigma(z) - 1$")
        bottom.plot(z, squared_grad, color=ORANGE, linestyle="--",
                    label=r"squared error: $2(\sigma(z) - 1)\,\sigma(z)(1 - \sigma(z))$")
        g_bce = float(mle_demo.bce_logit_gradient(1, example))
        g_sq = float(mle_demo.squared_error_logit_gradient(1, example))
        bottom.plot([example], [g_bce], "o", color=BLUE, markersize=8, zorder=3,
                    label=rf"$z = {example:g}$: BCE pushes with ${g_bce:.5f}$")
        bottom.plot([example], [g_sq], "o", color=ORANGE, markersize=8, zorder=3,
                    label=rf"$z = {example:g}$: squared error with "
                          rf"${g_sq / 1e-5:.2f} \times 10^{{-5}}$")
        bottom.plot([steepest], [float(mle_demo.squared_error_logit_gradient(1, steepest))],
                    "s", color=ORANGE, markersize=7, zorder=3,
                    label=r"its steepest: $-8/27$ at $z = -\log 2$")
        bottom.annotate("confidently wrong:\nthe squared error\nhardly pushes",
                        xy=(example, g_sq), xytext=(-11.5, -0.55), color=ORANGE,
                        arrowprops={"arrowstyle": "->", "color": ORANGE})
        bottom.set(xlim=(z_min, z_max), ylim=(-1.1, 0.15))
        bottom.set_title(r"their gradients $\partial/\partial z$")
        bottom.set_xlabel(r"logit $z$ (label $y = 1$; for $y = 0$ mirror: $z \to -z$)")
        bottom.set_ylabel(r"$\partial\,\mathrm{loss} / \partial z$")
        # Below the panel: inside, it would hide the curves wherever it stood.
        bottom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
    return fig


def plot_training_from_wrong_start(steps: int = 500, learning_rate: float = 2.0) -> Figure:
    """The notebook's simulation: the weight of a logistic regression started at
    ``mle_demo.WRONG_START`` against the gradient-descent step, for each loss."""
    x, y = mle_demo.make_classification_data()
    start = (mle_demo.WRONG_START, 0.0)
    runs = {loss: mle_demo.train_logistic(x, y, loss, start=start, learning_rate=learning_rate,
                                          steps=steps)
            for loss in ("bce", "squared")}
    step = np.arange(steps + 1)

    with matplotlib.rc_context(STACKED_STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 5.6), layout="constrained")
        ax = fig.add_subplot()
        ax.axhline(0.0, color=GREY, linewidth=1.0)
        lines = (("bce", BLUE, "-", "binary cross-entropy"),
                 ("squared", ORANGE, "--", r"squared error of $\sigma(z)$"))
        for loss, colour, style, name in lines:
            weights = runs[loss][:, 0]
            first = mle_demo.first_positive_weight(runs[loss])
            ax.plot(step, weights, color=colour, linestyle=style,
                    label=rf"{name}: $w > 0$ from step {first}")
            ax.plot([first], [weights[first]], "o", color=colour, markersize=8, zorder=3)
        ax.set(xlim=(0, steps))
        ax.set_title(rf"Gradient descent from $w = {mle_demo.WRONG_START:g}$, "
                     rf"step size $\eta = {learning_rate:g}$")
        ax.set_xlabel("gradient-descent step")
        ax.set_ylabel(r"weight $w$ of $p = \sigma(w x + b)$")
        ax.legend(loc="lower right")
    return fig


#: File name -> function building the figure.
FIGURES: dict[str, Callable[[], Figure]] = {
    "bernoulli_nll.png": plot_bernoulli_nll,
    "gaussian_nll_sigma.png": plot_gaussian_nll_sigma,
    "mse_vs_gaussian_nll.png": plot_mse_vs_gaussian_nll,
    "mse_vs_bce_logit.png": plot_mse_vs_bce_logit,
}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
LESSON = figures.Lesson("day48", FIGURES, OUTPUT_DIR, DPI)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
