"""Day 47 figures: products that underflow, and log-likelihoods with their maximisers.

Run it from the repository's root::

    python -m days.day47.code.visualizations                 # writes days/day47/outputs/*.png
    python -m days.day47.code.visualizations --out-dir /tmp/figures

It writes two PNGs, each with its panels stacked one per row at the width of the website's
column (7.5 inches) and with larger type (``STYLE``), so that they stay readable on a phone;
labels are typeset with matplotlib's mathtext:

``product_vs_log_likelihood.png``
    log10 of the float64 product p^n, multiplied left to right, against the exact value
    n log10 p that the log-likelihood gives, for p = 0.5 (the product reaches 0.0 at n = 1075)
    and p = 0.9 (the product gets stuck at 2.5e-323 from n = 7050 on).
``log_likelihood_curves.png``
    The log-likelihood of the lesson's data under the Bernoulli, Gaussian (variance, at the
    mean), Poisson and exponential models, each with its closed-form maximiser marked.

A file is written only when its bytes change, and the PNG bytes are deterministic (no software
metadata). Figures are built with :class:`matplotlib.figure.Figure`, never ``pyplot``, so
importing this module leaves a notebook's backend alone; run as a script, it selects ``Agg``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from days import figures
from days.day47.code import underflow_demo as demo

__all__ = [
    "FIGURES",
    "OUTPUT_DIR",
    "STACKED_WIDTH",
    "STYLE",
    "plot_product_vs_log_likelihood",
    "plot_log_likelihood_curves",
    "render_png",
    "write_if_changed",
    "main",
]

#: Where ``main()`` writes by default: ``days/day47/outputs/``.
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "outputs"
DPI = 110
#: Type large enough to read at the column's width (about 700 px) and at phone width (390 px).
STYLE = {
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 12,
    "figure.titlesize": 16,
}
#: The figures' width in inches: the website's column, so the page does not shrink the type.
STACKED_WIDTH = 7.5


def _product_panel(ax, p: float, n_max: int) -> None:
    """One panel: log10 of the float64 product and n log10 p, against n."""
    n = np.arange(1, n_max + 1)
    products = demo.running_products(p, n_max)
    # log10(0.0) is -inf once the product has underflowed: the dashed line stops there.
    stored = np.log10(products, out=np.full(n_max, -np.inf), where=products > 0.0)
    exact = n * math.log10(p)
    ax.plot(n, exact, color="tab:blue", lw=2.5,
            label=rf"log-likelihood: $n \log_{{10}} {p:g}$ (exact)")
    ax.plot(n, np.where(np.isfinite(stored), stored, np.nan), color="tab:red", lw=1.5,
            ls="--", label=rf"$\log_{{10}}$ of the float64 product ${p:g}^n$")
    ax.axhline(math.log10(demo.SMALLEST_NORMAL), color="0.4", lw=1, ls=":",
               label=r"smallest normal $2.2 \times 10^{-308}$")
    ax.axhline(math.log10(demo.SMALLEST_SUBNORMAL), color="0.2", lw=1, ls="-.",
               label=r"smallest subnormal $5 \times 10^{-324}$")
    zero_at = demo.first_zero_product(p, n_max)
    if zero_at is not None:
        ax.axvline(zero_at, color="tab:red", lw=1, alpha=0.6)
        ax.annotate(f"product = 0.0\nfrom $n = {zero_at}$", (zero_at, -150), xytext=(-8, 0),
                    textcoords="offset points", ha="right", color="tab:red")
    stuck = demo.stuck_product(p, n_max)
    if stuck is not None:
        ax.annotate(f"stuck at {stuck[1]:.2g}\nfrom $n = {stuck[0]}$",
                    (stuck[0], math.log10(stuck[1])), xytext=(0.97, 0.5),
                    textcoords="axes fraction", ha="right", color="tab:red",
                    arrowprops={"arrowstyle": "->", "color": "tab:red"})
    ax.set_ylim(exact[-1] * 1.05, 10)
    ax.set_xlim(0, n_max)
    ax.set_title(f"$p = {p:g}$: multiply {n_max} times, or add logs")
    ax.set_xlabel(r"$n$ (number of factors)")
    ax.set_ylabel(r"$\log_{10}$ of the value")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")


def plot_product_vs_log_likelihood() -> Figure:
    """log10 of the float64 product of n equal probabilities vs the exact n log10 p."""
    # The style is applied here, not only when writing, so that the notebook shows the same type.
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(STACKED_WIDTH, 11.0), layout="constrained")
        top, bottom = fig.subplots(2, 1)
        _product_panel(top, 0.5, 1200)
        _product_panel(bottom, 0.9, 10_000)
        fig.suptitle("A product of probabilities underflows;\nthe log-likelihood does not")
    return fig


def plot_log_likelihood_curves() -> Figure:
    """The four log-likelihoods of the lesson's data, with the closed-form maximisers marked."""
    estimates = demo.closed_form_estimates()
    theta = np.linspace(0.02, 0.98, 400)
    variance = np.linspace(1.0, 12.0, 400)
    lam = np.linspace(1.0, 9.0, 400)
    rate = np.linspace(0.1, 2.5, 400)
    mu_hat, var_hat = estimates["gaussian"]
    panels = (
        ("Bernoulli: 10 flips, 7 ones", r"$\theta = P(x = 1)$", theta,
         demo.bernoulli_log_lik(theta, demo.COIN_FLIPS), estimates["bernoulli"][0],
         r"$\hat\theta = k / n = {:g}$"),
        ("Gaussian: variance, at the mean 5", r"variance $\sigma^2$", variance,
         demo.gaussian_log_lik(mu_hat, variance, demo.MEASUREMENTS), var_hat,
         r"$\hat\sigma^2 = \frac{{1}}{{n}}\sum (x_i - \bar x)^2 = {:g}$"),
        ("Poisson: 8 counts", r"rate $\lambda$", lam,
         demo.poisson_log_lik(lam, demo.EVENT_COUNTS), estimates["poisson"][0],
         r"$\hat\lambda = \bar x = {:g}$"),
        ("Exponential: 4 waiting times", r"rate $\lambda$", rate,
         demo.exponential_log_lik(rate, demo.WAITING_TIMES), estimates["exponential"][0],
         r"$\hat\lambda = 1 / \bar x = {:g}$"),
    )
    with matplotlib.rc_context(STYLE):
        # One panel per row: four panels side by side would be a few hundred pixels each.
        fig = Figure(figsize=(STACKED_WIDTH, 17.0), layout="constrained")
        for ax, (title, xlabel, grid, curve, best, label) in zip(fig.subplots(4, 1), panels,
                                                                  strict=True):
            ax.plot(grid, curve, color="tab:blue", lw=2, label=r"log-likelihood $\ell$")
            ax.axvline(best, color="tab:red", ls="--", lw=1.5,
                       label="closed-form MLE: " + label.format(best))
            ax.set_title(title)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(r"$\ell$ (natural log)")
            ax.grid(alpha=0.3)
            peak = float(np.max(curve))
            ax.set_ylim(max(peak - 12, float(np.min(curve)) - 3), peak + 1.5)
        gaussian_ax = fig.axes[1]
        unbiased = var_hat * len(demo.MEASUREMENTS) / (len(demo.MEASUREMENTS) - 1)
        gaussian_ax.axvline(unbiased, color="tab:green", ls=":", lw=1.5,
                            label=rf"unbiased $\frac{{1}}{{n - 1}}$: {unbiased:.4g} (lower)")
        for ax in fig.axes:
            ax.legend(loc="lower center")
        fig.suptitle("Log-likelihoods of the lesson's data:\n"
                     "each peaks at its closed-form MLE")
    return fig


#: File name -> figure builder, in the order ``main()`` writes them.
FIGURES: dict[str, Callable[[], Figure]] = {
    "product_vs_log_likelihood.png": plot_product_vs_log_likelihood,
    "log_likelihood_curves.png": plot_log_likelihood_curves,
}


LESSON = figures.Lesson("day47", FIGURES, OUTPUT_DIR, DPI, style=STYLE)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
