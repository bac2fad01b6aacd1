"""Day 50 figures: minimising the NLL.

Run it from the repository's root::

    python -m days.day50.code.visualizations                 # writes days/day50/outputs/*.png
    python -m days.day50.code.visualizations --out-dir /tmp/figures

It writes three PNGs:

``nll_surface.png``
    Labelled contours of the mean BCE of a two-parameter logistic regression (intercept,
    slope), on equally scaled axes, with the paths of gradient descent and Newton's method.
``loss_curves.png``
    The loss above its minimum against the iteration, log scale: gradient descent (two step
    sizes) and Newton's method.
``prior_strength.png``
    The MAP weights against the strength of a Gaussian prior (the demo's 40 samples), and the
    fitted probability curves of a one-feature model for a few strengths (the 80 samples of
    ``nll_surface.png``); each panel's title names its data.

A file is written only when its bytes change, and the PNG bytes are deterministic (no software
metadata). The figures use matplotlib's object-oriented :class:`~matplotlib.figure.Figure`, not
``pyplot``, so importing this module leaves a notebook's backend alone; run as a script it
selects the headless ``Agg`` backend.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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

#: One feature on [0, 4], true intercept -3 and slope 1.5: uncentred, so the two weights are
#: correlated and the loss's valley is long and narrow.
SURFACE_TRUE_W = (-3.0, 1.5)
SURFACE_N = 80
SURFACE_SEED = 3
SURFACE_STEP = 1.0
SURFACE_GD_STEPS = 60


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
    contours have no colorbar: it would show colour patches that are not there).
    """
    X, y = surface_data()
    descent = fit_demo.gradient_descent(X, y, SURFACE_GD_STEPS, learning_rate=SURFACE_STEP)
    newton = fit_demo.newton_method(X, y, 6)
    best = newton[-1]
    b_grid = np.linspace(-6.0, 1.0, 281)
    a_grid = np.linspace(-0.5, 3.0, 141)
    loss = np.array([[fit_demo.mean_bce(X, y, (b, a)) for b in b_grid] for a in a_grid])
    fig = Figure(figsize=(12.0, 4.6), layout="constrained")
    ax = fig.add_subplot()
    levels = fit_demo.mean_bce(X, y, best) + np.geomspace(0.005, 2.5, 10)
    contours = ax.contour(b_grid, a_grid, loss, levels=levels, cmap="viridis", linewidths=1.2)
    # Label each contour where it is farthest from the two paths (and from the frame), so
    # that no label sits on a path or is cut by the axes.
    paths = np.vstack([descent, newton])
    spots = []
    for segments in contours.allsegs:
        points = np.vstack(segments)
        inside = ((points[:, 0] > b_grid[0] + 0.4) & (points[:, 0] < b_grid[-1] - 0.4)
                  & (points[:, 1] > a_grid[0] + 0.2) & (points[:, 1] < a_grid[-1] - 0.2))
        points = points[inside]
        clearance = np.min(np.linalg.norm(points[:, None, :] - paths[None, :, :], axis=2),
                           axis=1)
        spots.append(points[np.argmax(clearance)])
    labels = ax.clabel(contours, fmt="%.3f", fontsize=9, inline=True, inline_spacing=4,
                       manual=spots)
    ax.plot(descent[:, 0], descent[:, 1], "-o", color=ORANGE, markersize=3.5,
            label=f"gradient descent, step {SURFACE_STEP:g} ({SURFACE_GD_STEPS} steps)")
    ax.plot(newton[:, 0], newton[:, 1], "-s", color=RED, markersize=6,
            label=f"Newton's method ({len(newton) - 1} steps)")
    ax.plot(*best, "*", color="black", markersize=16, label="the MLE")
    ax.plot(*SURFACE_TRUE_W, "P", color=PURPLE, markersize=11, label="the true weights")
    ax.plot([], [], color=GREY, linewidth=1.2, label="contours of the mean BCE J(w)")
    ax.set_aspect("equal")
    ax.set(xlim=(b_grid[0], b_grid[-1]), ylim=(a_grid[0], a_grid[-1]),
           xlabel="intercept  $w_0$", ylabel="slope  $w_1$",
           title=f"The NLL surface of logistic regression ({SURFACE_N} samples, one feature)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    _keep_labels_inside(fig, ax, labels)
    return fig


def plot_loss_curves() -> Figure:
    """J(w_k) - J(w*) against k for gradient descent and Newton, on the demo's 500 samples."""
    X, y = fit_demo.make_logistic_data()
    best = fit_demo.mean_bce(X, y, fit_demo.newton_method(X, y, 10)[-1])
    fig = Figure(figsize=(8.0, 5.0), layout="constrained")
    ax = fig.add_subplot()
    runs = [("gradient descent, step 1", fit_demo.gradient_descent(X, y, 300), ORANGE, "-"),
            ("gradient descent, step 0.25",
             fit_demo.gradient_descent(X, y, 300, learning_rate=0.25), BLUE, "-"),
            ("Newton's method", fit_demo.newton_method(X, y, 10), RED, "-o")]
    for label, path, colour, style in runs:
        gap = np.array([fit_demo.mean_bce(X, y, w) for w in path]) - best
        shown = gap > 1e-15  # below that the difference is rounding, and 0 has no log
        ax.semilogy(np.flatnonzero(shown), gap[shown], style, color=colour, label=label)
    ax.set(xlabel="iteration k", ylabel="J(w_k) - J(w*)  (log scale)", ylim=(1e-16, 1.0),
           title="Gradient descent converges linearly, Newton's method quadratically")
    ax.legend(loc="upper right")
    return fig


def plot_prior_strength() -> Figure:
    """Left: the MAP weights against l2 (demo data, 40 samples). Right: fitted curves."""
    X, y = fit_demo.make_logistic_data(n=40)
    strengths = np.geomspace(1e-3, 10.0, 41)
    weights = np.array([fit_demo.newton_method(X, y, 30, l2=lam)[-1] for lam in strengths])
    fig = Figure(figsize=(12.0, 5.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    names = ("intercept $w_0$", "$w_1$", "$w_2$")
    for column, (name, colour) in enumerate(zip(names, (GREY, BLUE, ORANGE), strict=True)):
        left.semilogx(strengths, weights[:, column], color=colour, label=name)
    left.axhline(0.0, color="black", linewidth=0.8)
    left.set(xlabel="prior strength  l2 = 1 / (n tau^2)", ylabel="MAP weight",
             title="A stronger Gaussian prior shrinks the weights\n"
                   "(the demo's data: 40 samples, two features)")
    left.legend(loc="upper right")

    design, labels = surface_data()
    grid = np.linspace(0.0, 4.0, 200)
    right.plot(design[:, 1], labels, "|", color="black", markersize=12, label="data (y = 0 or 1)")
    for lam, colour in zip((0.0, 0.03, 0.3, 3.0), (RED, ORANGE, GREEN, BLUE), strict=True):
        fitted = fit_demo.newton_method(design, labels, 30, l2=lam)[-1]
        right.plot(grid, expit(fitted[0] + fitted[1] * grid), color=colour,
                   label=f"l2 = {lam:g}" + (" (the MLE)" if lam == 0 else ""))
    right.set(xlabel="feature x", ylabel="fitted P(y = 1 | x)", ylim=(-0.05, 1.05),
              title="...and flattens the fitted probabilities towards 1/2\n"
                    f"(different data: the NLL surface's {SURFACE_N} samples, one feature)")
    right.legend(loc="lower right", bbox_to_anchor=(1.0, 0.06))
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
