"""Day 50 figures: minimising the NLL.

Run it from the repository's root::

    python -m days.day50.code.visualizations                 # writes days/day50/outputs/*.png
    python -m days.day50.code.visualizations --out-dir /tmp/figures

It writes three PNGs, each 7.5 inches wide (the website's column) with type large enough to
read on a phone, every symbol typeset with matplotlib's mathtext:

``nll_surface.png``
    Labelled contours of the mean BCE of a two-parameter logistic regression (intercept,
    slope), on equally scaled axes, with the paths of gradient descent and Newton's method;
    the legend below the plot.
``loss_curves.png``
    The loss above its minimum against the iteration, log scale: gradient descent (two step
    sizes) and Newton's method.
``prior_strength.png``
    Two panels, one above the other: the MAP weights against the strength of a Gaussian prior
    (the demo's 40 samples), and the fitted probability curves of a one-feature model for a
    few strengths (the 80 samples of ``nll_surface.png``); each panel's title names its data.

A file is written only when its bytes change, and the PNG bytes are deterministic (no software
metadata). The figures use matplotlib's object-oriented :class:`~matplotlib.figure.Figure`, not
``pyplot``, so importing this module leaves a notebook's backend alone; run as a script it
selects the headless ``Agg`` backend.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from scipy.special import expit

from days import figures
from days.day50.code import fit_demo

__all__ = [
    "FIGURES",
    "OUTPUT_DIR",
    "surface_data",
    "plot_nll_surface",
    "plot_loss_curves",
    "plot_prior_strength",
    "plot_mle_spread",
    "render_png",
    "write_if_changed",
    "main",
]

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "outputs"
DPI = 100
#: The website's column is about 700 px wide, a phone's about 390 px: every figure is 7.5 inches
#: wide (750 px at 100 dpi, so the page barely shrinks it) with type large enough to survive the
#: phone's halving, and a figure with two panels stacks them, one per row.
WIDTH = 7.5
STYLE = {"font.size": 14, "axes.titlesize": 15, "axes.labelsize": 14, "xtick.labelsize": 13,
         "ytick.labelsize": 13, "legend.fontsize": 12.5, "axes.grid": True, "grid.alpha": 0.3,
         "lines.linewidth": 2.2}
BLUE, ORANGE, GREEN, RED, PURPLE, GREY = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#555555")

#: One feature on [0, 4], true intercept -3 and slope 1.5: uncentred, so the two weights are
#: correlated and the loss's valley is long and narrow.
SURFACE_TRUE_W = (-3.0, 1.5)
SURFACE_N = 80
SURFACE_SEED = 3
SURFACE_STEP = 1.0
SURFACE_GD_STEPS = 60
#: The prior strengths of the fitted curves in ``prior_strength.png`` (0 is the MLE).
CURVE_STRENGTHS = (0.0, 0.03, 0.3, 3.0)


def surface_data() -> tuple[np.ndarray, np.ndarray]:
    """The one-feature data set of :func:`plot_nll_surface` (an intercept column, then x)."""
    rng = np.random.default_rng(SURFACE_SEED)
    x = rng.uniform(0.0, 4.0, SURFACE_N)
    design = np.column_stack([np.ones(SURFACE_N), x])
    labels = (rng.random(SURFACE_N) < expit(design @ np.array(SURFACE_TRUE_W))).astype(float)
    return design, labels


def _keep_labels_inside(fig: Figure, ax, labels: list) -> None:
    """Remove the contour labels that the axes would cut: a label drawn half outside the plot
    is clipped to a fragment."""
    renderer = FigureCanvasAgg(fig).get_renderer()  # sizes text as the PNG will
    fig.draw_without_rendering()
    frame = ax.get_window_extent(renderer)
    for label in list(labels):
        box = label.get_window_extent(renderer)
        if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                and box.y1 <= frame.y1):
            label.remove()
            labels.remove(label)


def plot_nll_surface() -> Figure:
    """Contours of the mean BCE over (intercept, slope) with the two minimisers' paths.

    Both axes have the same scale, so a gradient step, which is perpendicular to the contour
    it starts on, looks perpendicular; the contour lines carry their values as labels (line
    contours have no colorbar: it would show colour patches that are not there). The legend
    sits below the plot, where it hides no contour and leaves the plot the column's width.
    """
    X, y = surface_data()
    descent = fit_demo.gradient_descent(X, y, SURFACE_GD_STEPS, learning_rate=SURFACE_STEP)
    newton = fit_demo.newton_method(X, y, 6)
    best = newton[-1]
    b_grid = np.linspace(-6.0, 1.0, 281)
    a_grid = np.linspace(-0.5, 3.0, 141)
    loss = np.array([[fit_demo.mean_bce(X, y, (b, a)) for b in b_grid] for a in a_grid])
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 6.2), layout="constrained")
        ax = fig.add_subplot()
        levels = fit_demo.mean_bce(X, y, best) + np.geomspace(0.005, 2.5, 10)
        contours = ax.contour(b_grid, a_grid, loss, levels=levels, cmap="viridis",
                              linewidths=1.3)
        # Label each contour where it is farthest from the two paths and from the labels
        # already placed (and away from the frame), so that no label sits on a path or on
        # another label, or is cut by the axes.
        avoid = np.vstack([descent, newton])
        spots = []
        for segments in contours.allsegs:
            points = np.vstack(segments)
            inside = ((points[:, 0] > b_grid[0] + 0.5) & (points[:, 0] < b_grid[-1] - 0.5)
                      & (points[:, 1] > a_grid[0] + 0.25) & (points[:, 1] < a_grid[-1] - 0.25))
            points = points[inside]
            clearance = np.min(np.linalg.norm(points[:, None, :] - avoid[None, :, :], axis=2),
                               axis=1)
            spots.append(points[np.argmax(clearance)])
            avoid = np.vstack([avoid, spots[-1]])
        labels = ax.clabel(contours, fmt="%.3f", fontsize=11, inline=True, inline_spacing=4,
                           manual=spots)
        ax.plot(descent[:, 0], descent[:, 1], "-o", color=ORANGE, markersize=3.5,
                label=f"gradient descent, step {SURFACE_STEP:g} ({SURFACE_GD_STEPS} steps)")
        ax.plot(newton[:, 0], newton[:, 1], "-s", color=RED, markersize=6,
                label=f"Newton's method ({len(newton) - 1} steps)")
        ax.plot(*best, "*", color="black", markersize=16, label=r"the MLE $\hat w$")
        ax.plot(*SURFACE_TRUE_W, "P", color=PURPLE, markersize=11, label="the true weights")
        ax.plot([], [], color=GREY, linewidth=1.3, label=r"contours of the mean BCE $J(w)$")
        ax.set_aspect("equal")
        ax.set(xlim=(b_grid[0], b_grid[-1]), ylim=(a_grid[0], a_grid[-1]),
               xlabel="intercept $w_0$", ylabel="slope $w_1$",
               title="The NLL surface of logistic regression\n"
                     f"({SURFACE_N} samples, one feature)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), borderaxespad=0.0)
        _keep_labels_inside(fig, ax, labels)
    return fig


def plot_loss_curves() -> Figure:
    """J(w_k) - J(w*) against k for gradient descent and Newton, on the demo's 500 samples."""
    X, y = fit_demo.make_logistic_data()
    best = fit_demo.mean_bce(X, y, fit_demo.newton_method(X, y, 10)[-1])
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 5.8), layout="constrained")
        ax = fig.add_subplot()
        runs = [(r"gradient descent, step $\eta = 1$", fit_demo.gradient_descent(X, y, 300),
                 ORANGE, "-"),
                (r"gradient descent, step $\eta = 0.25$",
                 fit_demo.gradient_descent(X, y, 300, learning_rate=0.25), BLUE, "-"),
                ("Newton's method", fit_demo.newton_method(X, y, 10), RED, "-o")]
        for label, path, colour, style in runs:
            gap = np.array([fit_demo.mean_bce(X, y, w) for w in path]) - best
            shown = gap > 1e-15  # below that the difference is rounding, and 0 has no log
            ax.semilogy(np.flatnonzero(shown), gap[shown], style, color=colour, label=label)
        ax.set(xlabel="iteration $k$", ylabel=r"$J(w_k) - J(\hat w)$  (log scale)",
               ylim=(1e-16, 1e2),
               title="Gradient descent converges linearly,\nNewton's method quadratically")
        # Room above 1 for the legend; ticks at even powers of ten, from 1 down.
        ax.set_yticks([10.0**-k for k in range(0, 17, 2)])
        ax.legend(loc="upper right")
    return fig


def plot_prior_strength() -> Figure:
    """Top: the MAP weights against lambda (demo data, 40 samples). Bottom: fitted curves."""
    X, y = fit_demo.make_logistic_data(n=40)
    strengths = np.geomspace(1e-3, 10.0, 41)
    weights = np.array([fit_demo.newton_method(X, y, 30, l2=lam)[-1] for lam in strengths])
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 11.0), layout="constrained")
        top, bottom = fig.subplots(2, 1)
        names = ("intercept $w_0$", "$w_1$", "$w_2$")
        for column, (name, colour) in enumerate(zip(names, (GREY, BLUE, ORANGE), strict=True)):
            top.semilogx(strengths, weights[:, column], color=colour, label=name)
        top.axhline(0.0, color="black", linewidth=0.8)
        top.set(xlabel=r"prior strength $\lambda = 1/(n\tau^2)$  (the argument l2)",
                ylabel="MAP weight",
                title="A stronger Gaussian prior shrinks the weights\n"
                      "(the demo's data: 40 samples, two features)")
        top.legend(loc="upper right")

        design, labels = surface_data()
        grid = np.linspace(0.0, 4.0, 200)
        bottom.plot(design[:, 1], labels, "|", color="black", markersize=12,
                    label="data ($y = 0$ or $1$)")
        for lam, colour in zip(CURVE_STRENGTHS, (RED, ORANGE, GREEN, BLUE), strict=True):
            fitted = fit_demo.newton_method(design, labels, 30, l2=lam)[-1]
            bottom.plot(grid, expit(fitted[0] + fitted[1] * grid), color=colour,
                        label=rf"$\lambda = {lam:g}$" + (" (the MLE)" if lam == 0 else ""))
        bottom.set(xlabel="feature $x$", ylabel=r"fitted $P(y = 1 \mid x)$", ylim=(-0.05, 1.05),
                   title="...and flattens the fitted probabilities towards 1/2\n"
                         f"(different data: the NLL surface's {SURFACE_N} samples, one feature)")
        bottom.legend(loc="lower right", bbox_to_anchor=(1.0, 0.06))
    return fig


def plot_mle_spread(fits: np.ndarray, errors: np.ndarray,
                    true_w: tuple[float, ...] = fit_demo.TRUE_LOGISTIC_WEIGHTS) -> Figure:
    r"""The notebook's simulation: each weight's error in units of its standard error.

    ``fits[r]`` is the MLE on the r-th fresh data set and ``errors[r]`` its standard errors;
    if the large-sample theory holds, :math:`(\hat w_j - w_j)/\mathrm{se}_j` is close to a
    standard normal for every j. Not one of the lesson's committed figures.
    """
    fits, errors = np.asarray(fits, dtype=float), np.asarray(errors, dtype=float)
    scaled = (fits - np.asarray(true_w, dtype=float)) / errors
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 5.8), layout="constrained")
        ax = fig.add_subplot()
        bins = np.linspace(-4.0, 4.0, 25)
        for column, colour in zip(range(scaled.shape[1]), (GREY, BLUE, ORANGE), strict=False):
            name = rf"$(\hat w_{column} - w_{column}) / \mathrm{{se}}_{column}$"
            ax.hist(scaled[:, column], bins=bins, density=True, histtype="step", linewidth=2.0,
                    color=colour, label=name)
        grid = np.linspace(-4.0, 4.0, 401)
        ax.plot(grid, np.exp(-grid**2 / 2) / np.sqrt(2 * np.pi), color="black",
                linestyle="--", label=r"standard normal density")
        ax.set(xlabel="error of the MLE, in standard errors", ylabel="density",
               title=f"Refitted on {len(fits)} fresh data sets:\n"
                     "the errors, scaled, look standard normal")
        ax.legend(loc="upper right")
    return fig


FIGURES: dict[str, Callable[[], Figure]] = {
    "nll_surface.png": plot_nll_surface,
    "loss_curves.png": plot_loss_curves,
    "prior_strength.png": plot_prior_strength,
}


LESSON = figures.Lesson("day50", FIGURES, OUTPUT_DIR, DPI, style=STYLE)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
