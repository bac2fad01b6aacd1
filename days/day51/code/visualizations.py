"""Day 51 figures: what a loss measures.

Run it from the repository's root::

    python -m days.day51.code.visualizations                 # writes days/day51/outputs/*.png
    python -m days.day51.code.visualizations --out-dir /tmp/figures

It writes five PNGs:

``entropy.png``
    The entropy of a coin against its bias, in bits and nats; and the cross-entropy
    H(p, q) of a coin p against the model q, which exceeds H(p) by KL(p || q).
``kl_asymmetry.png``
    A Gaussian fitted to a two-peaked density by KL(p || q) (it covers both peaks) and by
    KL(q || p) (it sits on one); and KL(q || p) against the Gaussian's mean, with two minima.
``label_smoothing.png``
    The cross-entropy against the logit gap for one-hot and smoothed targets, and the best gap
    against the smoothing eps.
``scoring_rules.png``
    The expected log loss, Brier score and absolute error of a forecast; and the gradients of
    the log loss and the Brier score with respect to the logit.
``reliability.png``
    Reliability diagrams of a simulated over-confident classifier before and after temperature
    scaling, and its mean NLL against the temperature on the validation and training splits.

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
from scipy import optimize

from days import figures
from days.day51.code import information_demo as demo

__all__ = [
    "FIGURES",
    "OUTPUT_DIR",
    "plot_entropy",
    "plot_kl_asymmetry",
    "plot_label_smoothing",
    "plot_scoring_rules",
    "plot_reliability",
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
#: The coin p of the cross-entropy panel, and the label probability of the scoring rules.
COIN_P = 0.3
PI = 0.7


def plot_entropy() -> Figure:
    """Left: H(pi) of a coin in bits and nats. Right: H(p, q) = H(p) + KL(p || q) for p = 0.3."""
    pi = np.linspace(0.0, 1.0, 501)
    fig = Figure(figsize=(12.0, 5.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot(pi, demo.binary_entropy(pi, base=2), color=BLUE, label="in bits ($\\log_2$)")
    left.plot(pi, demo.binary_entropy(pi), color=ORANGE, label="in nats ($\\ln$)")
    left.axhline(math.log(2), color=GREY, linestyle=":", linewidth=1.2,
                 label="$\\ln 2 \\approx 0.693$ nats = 1 bit")
    left.set(xlabel="bias of the coin  $\\pi = P(\\mathrm{heads})$", ylabel="entropy  $H(\\pi)$",
             title="A coin is most uncertain at $\\pi = 1/2$", ylim=(0.0, 1.1))
    left.legend(loc="lower center")

    q = np.linspace(0.005, 0.995, 397)
    entropy = float(demo.binary_entropy(COIN_P))
    cross = -(COIN_P * np.log(q) + (1 - COIN_P) * np.log(1 - q))
    right.plot(q, cross, color=BLUE, label="cross-entropy  $H(p, q)$")
    right.axhline(entropy, color=ORANGE, label=f"entropy  $H(p) = {entropy:.4f}$")
    right.fill_between(q, entropy, cross, color=BLUE, alpha=0.12,
                       label="the gap: $\\mathrm{KL}(p \\,\\|\\, q) \\geq 0$")
    right.axvline(COIN_P, color=GREY, linestyle=":", linewidth=1.2,
                  label=f"$q = p = {COIN_P}$: gap 0")
    right.set(xlabel="model's probability of heads  $q$", ylabel="nats",
              title=f"$H(p, q) = H(p) + \\mathrm{{KL}}(p \\,\\|\\, q)$, coin $p = {COIN_P}$",
              ylim=(0.0, 2.5))
    right.legend(loc="upper center")
    return fig


def plot_kl_asymmetry() -> Figure:
    """Left: the mixture and its two Gaussian fits. Right: both divergences against the mean."""
    x = np.linspace(-6.0, 6.0, 1201)
    forward_mean, forward_sd = demo.forward_kl_fit()
    reverse_mean, reverse_sd, _ = demo.reverse_kl_fit()
    fig = Figure(figsize=(12.0, 5.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.fill_between(x, demo.mixture_density(x), color=GREY, alpha=0.25,
                      label="$p$: two peaks")
    left.plot(x, demo.gaussian_density(x, forward_mean, forward_sd), color=BLUE,
              label="$q$ minimising $\\mathrm{KL}(p \\,\\|\\, q)$ (mass-covering)")
    left.plot(x, demo.gaussian_density(x, reverse_mean, reverse_sd), color=RED,
              label="$q$ minimising $\\mathrm{KL}(q \\,\\|\\, p)$ (mode-seeking)")
    left.set(xlabel="$x$", ylabel="density", ylim=(0.0, 0.75),
             title="Fitting one Gaussian to two peaks")
    left.legend(loc="upper left")

    means = np.linspace(-3.5, 3.5, 141)
    reverse = []
    for m in means:  # the best width for each mean
        best = optimize.minimize_scalar(lambda s, m=m: demo.reverse_kl(m, math.exp(s)),
                                        bounds=(-2.5, 1.5), method="bounded")
        reverse.append(best.fun)
    forward = [_forward_kl_best_sd(m) for m in means]
    right.plot(means, forward, color=BLUE, label="$\\min_\\sigma \\mathrm{KL}(p \\,\\|\\, q)$")
    right.plot(means, reverse, color=RED, label="$\\min_\\sigma \\mathrm{KL}(q \\,\\|\\, p)$")
    right.plot(forward_mean, min(forward), "o", color=BLUE)
    for mean in (-reverse_mean, reverse_mean):  # the mixture is symmetric: both peaks
        right.plot(mean, min(reverse), "o", color=RED)
    right.set(xlabel="mean of the Gaussian $q$ (its best $\\sigma$ for each mean)",
              ylabel="divergence (nats)", ylim=(0.0, 2.0),
              title="Forward KL: one minimum; reverse KL: one on each peak")
    right.legend(loc="upper center")
    return fig


def _forward_kl_best_sd(mean: float) -> float:
    r"""min over sigma of KL(p || N(mean, sigma^2)) for the mixture p: the entropy of p is a
    constant, and the cross-entropy of a Gaussian depends on p only through
    :math:`E_p[(x - m)^2]`, minimised by :math:`\sigma^2 = E_p[(x - m)^2]`."""
    spread = demo.MIXTURE_SD**2 + float(np.mean((np.asarray(demo.MIXTURE_MEANS) - mean) ** 2))
    cross = 0.5 * math.log(2 * math.pi * spread) + 0.5
    return cross - _MIXTURE_ENTROPY


def _mixture_entropy() -> float:
    x = np.linspace(-12.0, 12.0, 240_001)
    p = demo.mixture_density(x)
    return float(-np.sum(p * np.log(p)) * (x[1] - x[0]))


_MIXTURE_ENTROPY = _mixture_entropy()


def plot_label_smoothing(k: int = 10) -> Figure:
    """Left: the loss against the logit gap for a few eps. Right: the best gap against eps."""
    gap = np.linspace(0.0, 12.0, 481)
    fig = Figure(figsize=(12.0, 5.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    for eps, colour in ((0.0, GREY), (0.05, BLUE), (0.1, ORANGE), (0.2, GREEN)):
        loss = demo.smoothed_targets_loss(gap, k, eps)
        name = "one-hot ($\\varepsilon = 0$)" if eps == 0 else f"$\\varepsilon = {eps:g}$"
        left.plot(gap, loss, color=colour, label=name)
        if eps:
            best = demo.best_smoothed_gap(k, eps)
            left.plot(best, float(demo.smoothed_targets_loss(best, k, eps)), "o", color=colour)
    left.set(xlabel="logit gap $g$ (true class minus each other class)",
             ylabel="cross-entropy to the targets", ylim=(0.0, 2.5),
             title=f"Smoothed targets have a best gap ($k = {k}$; dots)")
    left.legend(loc="upper right")

    eps = np.linspace(0.01, 0.99, 197)
    for classes, colour in ((2, BLUE), (10, ORANGE), (100, GREEN)):
        right.plot(eps, [demo.best_smoothed_gap(classes, e) for e in eps], color=colour,
                   label=f"$k = {classes}$")
    right.set(xlabel="smoothing $\\varepsilon$",
              ylabel="best gap $\\log(1 + k(1 - \\varepsilon)/\\varepsilon)$",
              title="Smoothing caps how far apart the logits go")
    right.legend(loc="upper right")
    return fig


def plot_scoring_rules() -> Figure:
    """Left: expected scores at pi = 0.7. Right: the gradients in logit space for a label 1."""
    p = np.linspace(0.001, 0.999, 999)
    scores = demo.expected_scores(p, PI)
    fig = Figure(figsize=(12.0, 5.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    for (name, values), colour in zip(scores.items(), (BLUE, ORANGE, GREY), strict=True):
        left.plot(p, values, color=colour, label=f"expected {name}")
        left.plot(p[np.argmin(values)], values.min(), "o", color=colour)
    left.axvline(PI, color=RED, linestyle=":", linewidth=1.2, label=f"the truth $\\pi = {PI}$")
    left.set(xlabel="forecast $p = P(y = 1)$", ylabel="expected score (lower is better)",
             ylim=(0.0, 1.5), title=f"Proper scores are least at $p = \\pi = {PI}$ (dots)")
    left.legend(loc="upper left")

    z = np.linspace(-12.0, 6.0, 721)
    gradients = demo.logit_gradients(z, y=1)
    right.semilogy(z, np.abs(gradients["log loss"]), color=BLUE,
                   label="log loss: $|\\sigma(z) - 1|$")
    right.semilogy(z, np.abs(gradients["Brier"]), color=ORANGE,
                   label="Brier: $|2(\\sigma(z) - 1)\\sigma(z)(1 - \\sigma(z))|$")
    right.set(xlabel="logit $z$ of a label $y = 1$", ylabel="|gradient| (log scale)",
              ylim=(1e-6, 3.0), title="Confidently wrong: the Brier gradient vanishes")
    right.legend(loc="lower left")
    return fig


def plot_reliability() -> Figure:
    """Reliability diagrams of the simulated test split before and after temperature scaling,
    and the mean NLL against T on the validation and training splits."""
    splits = demo.simulate_splits()
    test = splits["test"]
    t_val = demo.fit_temperature_mle(splits["validation"])
    t_train = demo.fit_temperature_mle(splits["train"])
    fig = Figure(figsize=(15.0, 5.0), layout="constrained")
    axes = fig.subplots(1, 3)
    edges = np.linspace(0.0, 1.0, demo.BINS + 1)
    centres = 0.5 * (edges[:-1] + edges[1:])
    for ax, temperature, name in ((axes[0], 1.0, "raw logits, $T = 1$"),
                                  (axes[1], t_val, f"$T = {t_val:.2f}$ (validation MLE)")):
        probs = demo.softmax(test.logits, temperature)
        counts, accuracy, _ = demo.reliability(probs, test.labels)
        used = counts > 0
        ax.bar(centres[used], accuracy[used], width=0.09, color=BLUE, alpha=0.75,
               label="accuracy in the bin")
        ax.plot([0, 1], [0, 1], color=GREY, linestyle="--", label="perfect calibration")
        ece = demo.calibration_error(probs, test.labels)
        ax.set(xlabel="confidence (top-class probability)", ylabel="accuracy",
               xlim=(0, 1), ylim=(0, 1), title=f"Test split, {name}: ECE {ece:.3f}")
        ax.legend(loc="upper left")

    temperatures = np.geomspace(0.5, 6.0, 121)
    for split, colour, fitted in (("validation", BLUE, t_val), ("train", ORANGE, t_train)):
        data = splits[split]
        nll = [demo.mean_nll(data.logits, data.labels, t) for t in temperatures]
        axes[2].plot(temperatures, nll, color=colour, label=f"{split} split: $T^* = {fitted:.2f}$")
        axes[2].plot(fitted, demo.mean_nll(data.logits, data.labels, fitted), "o", color=colour)
    axes[2].set_xscale("log")
    axes[2].set_xticks([0.5, 1, 2, 3, 4, 6], labels=["0.5", "1", "2", "3", "4", "6"])
    axes[2].set_xticks([], minor=True)
    axes[2].set(xlabel="temperature $T$ (log scale)", ylabel="mean NLL",
                title="The NLL against $T$: fit it on held-out rows")
    axes[2].legend(loc="upper right")
    return fig


FIGURES: dict[str, Callable[[], Figure]] = {
    "entropy.png": plot_entropy,
    "kl_asymmetry.png": plot_kl_asymmetry,
    "label_smoothing.png": plot_label_smoothing,
    "scoring_rules.png": plot_scoring_rules,
    "reliability.png": plot_reliability,
}


LESSON = figures.Lesson("day51", FIGURES, OUTPUT_DIR, DPI, style=STYLE)
render_png, main, cli = LESSON.render_png, LESSON.main, LESSON.cli
write_if_changed = figures.write_if_changed


if __name__ == "__main__":
    raise SystemExit(cli())
