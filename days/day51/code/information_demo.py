r"""Day 51 demo: what a loss measures. Entropy, cross-entropy, KL divergence and calibration.

Run it from the repository's root::

    python -m days.day51.code.information_demo                      # every section
    python -m days.day51.code.information_demo --section calibration
    python -m days.day51.code.information_demo --section calibration --seed 7

Each section prints the worked numbers of the lesson:

* **entropy** -- the entropy of a few distributions, in bits and in nats;
* **divergence** -- entropy, cross-entropy and KL divergence of the lesson's pair p, q;
* **asymmetry** -- KL(p || q) against KL(q || p): two coins, a missing outcome, and a Gaussian
  fitted to a two-peaked density by each direction;
* **mle** -- the mean NLL of a model is the cross-entropy from the empirical distribution:
  H(p_hat) + KL(p_hat || q), for a coin and for a model that cannot match its data;
* **smoothing** -- label smoothing: the soft targets, the logit gap that minimises the loss, and
  the loss there;
* **scoring** -- the expected log loss, Brier score and absolute error of a forecast, and their
  gradients in logit space;
* **calibration** -- a simulated over-confident classifier: its ECE, the temperature fitted on
  held-out rows (and, wrongly, on its training rows), and what each does on a test split.

The functions are small and importable (the notebook ``days/day51/day51.ipynb`` and the figures
use them). Natural logs throughout unless a base is named.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import integrate, optimize, special

__all__ = [
    "SECTIONS",
    "LESSON_P",
    "LESSON_Q",
    "information",
    "binary_entropy",
    "two_tosses_model",
    "empirical_distribution",
    "mixture_density",
    "gaussian_density",
    "forward_kl_fit",
    "log_mixture_density",
    "reverse_kl",
    "reverse_kl_fit",
    "smoothed_targets_loss",
    "best_smoothed_gap",
    "expected_scores",
    "logit_gradients",
    "Split",
    "simulate_splits",
    "softmax",
    "mean_nll",
    "fit_temperature_mle",
    "reliability",
    "calibration_error",
    "main",
]

SECTIONS = ("entropy", "divergence", "asymmetry", "mle", "smoothing", "scoring", "calibration")
#: The lesson's running pair of distributions over three outcomes.
LESSON_P = (0.5, 0.25, 0.25)
LESSON_Q = (0.25, 0.25, 0.5)
#: The two-peaked density of the asymmetry figure: equal parts N(-2, 0.7^2) and N(2, 0.7^2).
MIXTURE_MEANS = (-2.0, 2.0)
MIXTURE_SD = 0.7
#: The simulated classifier: 5 classes, logits 2.5 times the calibrated ones, and on its
#: training rows a bonus of 3 on the true class (what fitting leaves behind).
CLASSES = 5
OVERCONFIDENCE = 2.5
MEMORISED = 3.0
SPLIT_SIZE = 2000
SEED = 51
BINS = 10
LABEL_WIDTH = 46


# --------------------------------------------------------------------------------------------
# Entropy, cross-entropy, KL divergence
# --------------------------------------------------------------------------------------------
def information(p: ArrayLike, q: ArrayLike | None = None,
                base: float = math.e) -> dict[str, float]:
    r"""Entropy of ``p`` and, if ``q`` is given, cross-entropy and KL divergence from p to q.

    .. math::

        H(p) = -\sum_i p_i \log p_i, \quad H(p, q) = -\sum_i p_i \log q_i, \quad
        \mathrm{KL}(p \,\|\, q) = H(p, q) - H(p)

    Terms with :math:`p_i = 0` are left out (:math:`0 \log 0 = 0`); a term with
    :math:`p_i > 0 = q_i` makes the cross-entropy and the divergence infinite.

    Returns
    -------
    dict
        ``{"entropy": ...}`` and, with ``q``, ``"cross_entropy"`` and ``"kl"``, in units of
        ``base`` (nats by default, bits for ``base=2``).
    """
    weights = np.asarray(p, dtype=float)
    support = weights > 0
    unit = math.log(base)
    out = {"entropy": float(-(weights[support] @ np.log(weights[support]))) / unit + 0.0}
    if q is not None:
        model = np.asarray(q, dtype=float)
        if (model[support] == 0).any():
            out["cross_entropy"] = out["kl"] = math.inf
        else:
            out["cross_entropy"] = float(-(weights[support] @ np.log(model[support]))) / unit
            # Gibbs: KL >= 0; max() keeps a rounding residue like -1e-17 from printing as -0.
            kl = float(weights[support] @ np.log(weights[support] / model[support])) / unit
            out["kl"] = max(kl, 0.0)
    return out


def binary_entropy(pi: ArrayLike, base: float = math.e) -> np.ndarray:
    r"""Entropy of a coin with :math:`P(\text{heads}) = \pi`, elementwise:
    :math:`-\pi \log \pi - (1 - \pi)\log(1 - \pi)`."""
    pi = np.asarray(pi, dtype=float)
    return (special.entr(pi) + special.entr(1.0 - pi)) / math.log(base)


def two_tosses_model(theta: float) -> np.ndarray:
    r"""The binomial model of the number of heads in two tosses of a coin of bias
    :math:`\theta`: :math:`((1 - \theta)^2,\; 2\theta(1 - \theta),\; \theta^2)`."""
    return np.array([(1 - theta) ** 2, 2 * theta * (1 - theta), theta**2])


def empirical_distribution(samples: ArrayLike, k: int) -> np.ndarray:
    r"""The empirical distribution of integer samples in ``0 .. k - 1``: the fraction of the
    samples equal to each value, :math:`\hat p(x) = \#\{i : x_i = x\} / n`."""
    values = np.asarray(samples, dtype=int)
    return np.bincount(values, minlength=k) / values.size


# --------------------------------------------------------------------------------------------
# The two directions of the KL divergence, for densities
# --------------------------------------------------------------------------------------------
def gaussian_density(x: ArrayLike, mean: float, sd: float) -> np.ndarray:
    """The density of N(mean, sd^2) at ``x``."""
    z = (np.asarray(x, dtype=float) - mean) / sd
    return np.exp(-0.5 * z * z) / (sd * math.sqrt(2 * math.pi))


def mixture_density(x: ArrayLike) -> np.ndarray:
    """The lesson's two-peaked density: equal parts N(-2, 0.7^2) and N(2, 0.7^2)."""
    return 0.5 * sum(gaussian_density(x, m, MIXTURE_SD) for m in MIXTURE_MEANS)


def forward_kl_fit() -> tuple[float, float]:
    r"""The Gaussian minimising :math:`\mathrm{KL}(p \,\|\, q)` for the mixture p: the one with
    p's mean and variance (moment matching), here 0 and :math:`0.7^2 + 2^2`."""
    mean = float(np.mean(MIXTURE_MEANS))
    variance = MIXTURE_SD**2 + float(np.mean((np.asarray(MIXTURE_MEANS) - mean) ** 2))
    return mean, math.sqrt(variance)


def log_mixture_density(x: ArrayLike) -> np.ndarray:
    """The log of :func:`mixture_density`, without underflow far from the peaks."""
    x = np.asarray(x, dtype=float)
    logs = [-0.5 * ((x - m) / MIXTURE_SD) ** 2 for m in MIXTURE_MEANS]
    return (np.logaddexp(*logs) - math.log(2.0)
            - math.log(MIXTURE_SD * math.sqrt(2 * math.pi)))


def reverse_kl(mean: float, sd: float) -> float:
    r""":math:`\mathrm{KL}(q \,\|\, p) = \int q \log(q / p)` for q = N(mean, sd^2) and the
    mixture p, by the trapezoidal rule on mean ± 10 sd (4001 points; the tails beyond hold
    less than 1e-22 of q)."""
    x = np.linspace(mean - 10 * sd, mean + 10 * sd, 4001)
    log_q = -0.5 * ((x - mean) / sd) ** 2 - math.log(sd * math.sqrt(2 * math.pi))
    return float(integrate.trapezoid(np.exp(log_q) * (log_q - log_mixture_density(x)), x))


def reverse_kl_fit(start: tuple[float, float] = (1.0, 1.0)) -> tuple[float, float, float]:
    """The Gaussian minimising KL(q || p) from ``start`` (mean, sd): it settles on one peak.

    Returns
    -------
    tuple of float
        The mean, the standard deviation, and the divergence there.
    """
    result = optimize.minimize(lambda v: reverse_kl(v[0], math.exp(v[1])),
                               [start[0], math.log(start[1])], method="Nelder-Mead",
                               options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 4000})
    mean, sd = float(result.x[0]), math.exp(float(result.x[1]))
    return mean, sd, reverse_kl(mean, sd)


# --------------------------------------------------------------------------------------------
# Soft targets and scoring rules
# --------------------------------------------------------------------------------------------
def smoothed_targets_loss(gap: ArrayLike, k: int, eps: float) -> np.ndarray:
    r"""Cross-entropy from label-smoothed targets to a softmax whose true-class logit exceeds
    each of the k - 1 others (all equal) by ``gap``.

    With :math:`t = 1 - \varepsilon + \varepsilon/k` on the true class and
    :math:`\varepsilon/k` on the others, the loss is
    :math:`\log(e^{g} + k - 1) - t\,g` (the logits of the other classes set to 0).
    """
    g = np.asarray(gap, dtype=float)
    true_target = 1.0 - eps + eps / k
    return np.logaddexp(g, math.log(k - 1)) - true_target * g


def best_smoothed_gap(k: int, eps: float) -> float:
    r"""The gap minimising :func:`smoothed_targets_loss`: the softmax equals the targets when
    :math:`e^{g} = (1 - \varepsilon + \varepsilon/k) / (\varepsilon/k)`, so
    :math:`g^* = \log\bigl(1 + k(1 - \varepsilon)/\varepsilon\bigr)` (infinite for
    :math:`\varepsilon = 0`)."""
    if eps == 0:
        return math.inf
    return math.log1p(k * (1.0 - eps) / eps)


def expected_scores(p: ArrayLike, pi: float) -> dict[str, np.ndarray]:
    r"""Expected scores of the forecast p for a label that is 1 with probability :math:`\pi`.

    * log loss: :math:`-\pi \log p - (1 - \pi)\log(1 - p)`, least at :math:`p = \pi`;
    * Brier score: :math:`\pi(1 - p)^2 + (1 - \pi)p^2 = (p - \pi)^2 + \pi(1 - \pi)`, least
      at :math:`p = \pi`;
    * absolute error: :math:`\pi(1 - p) + (1 - \pi)p`, linear in p, least at 0 or 1.
    """
    p = np.asarray(p, dtype=float)
    return {
        "log loss": -(special.xlogy(pi, p) + special.xlogy(1 - pi, 1 - p)),
        "Brier": pi * (1 - p) ** 2 + (1 - pi) * p**2,
        "absolute": pi * (1 - p) + (1 - pi) * p,
    }


def logit_gradients(z: ArrayLike, y: int = 1) -> dict[str, np.ndarray]:
    r"""Derivatives with respect to the logit z of the log loss and of the Brier score
    :math:`(\sigma(z) - y)^2` of one label y:
    :math:`\sigma(z) - y` and :math:`2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z))`."""
    p = special.expit(np.asarray(z, dtype=float))
    return {"log loss": p - y, "Brier": 2 * (p - y) * p * (1 - p)}


# --------------------------------------------------------------------------------------------
# Calibration: a simulated classifier, temperature scaling, reliability
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Split:
    """The logits and labels of one split of the simulated data set."""

    logits: np.ndarray
    labels: np.ndarray


def simulate_splits(seed: int = SEED, n: int = SPLIT_SIZE) -> dict[str, Split]:
    """A classifier's logits on three splits, ``"train"``, ``"validation"`` and ``"test"``.

    For every row, calibrated logits u are drawn from N(0, 1.5^2) per class and the label from
    softmax(u). The classifier outputs 2.5 u (over-confident: its best temperature is 2.5), and
    on its training rows 3 more on the true class, which the fit has memorised. The other two
    splits are rows it never saw.
    """
    rng = np.random.default_rng(seed)
    splits = {}
    for name in ("train", "validation", "test"):
        u = rng.normal(0.0, 1.5, size=(n, CLASSES))
        cumulative = np.cumsum(softmax(u), axis=1)
        labels = np.minimum((rng.random((n, 1)) > cumulative).sum(axis=1), CLASSES - 1)
        logits = OVERCONFIDENCE * u
        if name == "train":
            logits[np.arange(n), labels] += MEMORISED
        splits[name] = Split(logits, labels)
    return splits


def softmax(z: ArrayLike, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of z / temperature."""
    return special.softmax(np.asarray(z, dtype=float) / temperature, axis=1)


def mean_nll(z: ArrayLike, labels: ArrayLike, temperature: float = 1.0) -> float:
    """Mean NLL of the labels under softmax(z / temperature)."""
    log_q = special.log_softmax(np.asarray(z, dtype=float) / temperature, axis=1)
    y = np.asarray(labels, dtype=int)
    return float(-np.mean(log_q[np.arange(y.size), y]))


def fit_temperature_mle(split: Split) -> float:
    """The temperature minimising :func:`mean_nll` on ``split`` (searched over log T)."""
    result = optimize.minimize_scalar(lambda s: mean_nll(split.logits, split.labels,
                                                         math.exp(s)),
                                      bounds=(-5.0, 5.0), method="bounded",
                                      options={"xatol": 1e-10})
    return math.exp(float(result.x))


def reliability(probs: ArrayLike, labels: ArrayLike,
                bins: int = BINS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Per bin of top-class confidence, ((m - 1)/M, m/M]: the count, the accuracy and the mean
    confidence (nan for an empty bin).

    Returns
    -------
    tuple of numpy.ndarray, each of shape (bins,)
        Counts, accuracies, mean confidences.
    """
    rows = np.asarray(probs, dtype=float)
    top = rows.max(axis=1)
    hit = (rows.argmax(axis=1) == np.asarray(labels)).astype(float)
    index = np.clip(np.ceil(top * bins).astype(int), 1, bins) - 1
    counts = np.bincount(index, minlength=bins).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.bincount(index, weights=hit, minlength=bins) / counts
        mean_confidence = np.bincount(index, weights=top, minlength=bins) / counts
    return counts, accuracy, mean_confidence


def calibration_error(probs: ArrayLike, labels: ArrayLike, bins: int = BINS) -> float:
    """The expected calibration error: the bins' |accuracy - confidence|, weighted by their
    share of the samples (empty bins weigh nothing)."""
    counts, accuracy, mean_confidence = reliability(probs, labels, bins)
    used = counts > 0
    return float(np.sum(counts[used] * np.abs(accuracy[used] - mean_confidence[used]))
                 / counts.sum())


# --------------------------------------------------------------------------------------------
# The printed report
# --------------------------------------------------------------------------------------------
def _line(label: str, value: float | str, note: str = "") -> None:
    shown = value if isinstance(value, str) else f"{value:.10g}"
    print(f"  {label:<{LABEL_WIDTH}}{shown:<22}{note}".rstrip())


def _heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def report_entropy() -> None:
    """The entropy of a few distributions, in bits and nats."""
    _heading("1. Entropy: the expected surprise -log p")
    cases = [("fair coin (1/2, 1/2)", (0.5, 0.5)), ("biased coin (0.9, 0.1)", (0.9, 0.1)),
             ("p = (1/2, 1/4, 1/4)", LESSON_P), ("uniform over 8 outcomes", (0.125,) * 8),
             ("certain outcome (1, 0, 0)", (1.0, 0.0, 0.0))]
    print(f"  {'distribution':<{LABEL_WIDTH - 2}}{'bits':>12}{'nats':>22}")
    for name, p in cases:
        bits, nats = information(p, base=2)["entropy"], information(p)["entropy"]
        print(f"  {name:<{LABEL_WIDTH - 2}}{bits:>12.10g}{nats:>22.16g}")
    print("  A bit is ln 2 = 0.6931 nats; the uniform distribution over k outcomes has the")
    print("  largest entropy, log k.")


def report_divergence() -> None:
    """Entropy, cross-entropy and KL divergence of the lesson's p and q."""
    _heading("2. Entropy, cross-entropy and KL divergence of p and q")
    print(f"  p = {LESSON_P}, q = {LESSON_Q}")
    bits, nats = information(LESSON_P, LESSON_Q, base=2), information(LESSON_P, LESSON_Q)
    print(f"  {'':<{LABEL_WIDTH - 2}}{'bits':>12}{'nats':>22}")
    for key, name in (("entropy", "H(p)"), ("cross_entropy", "H(p, q)"), ("kl", "KL(p || q)")):
        print(f"  {name:<{LABEL_WIDTH - 2}}{bits[key]:>12.10g}{nats[key]:>22.16g}")
    print("  H(p, q) = H(p) + KL(p || q): coding p's outcomes with q's code costs 0.25 bits more.")


def report_asymmetry() -> None:
    """KL(p || q) against KL(q || p), for coins, supports and a two-peaked density."""
    _heading("3. KL is not symmetric")
    fair, biased = (0.5, 0.5), (0.1, 0.9)
    _line("KL(fair || biased)", information(fair, biased)["kl"], "nats")
    _line("KL(biased || fair)", information(biased, fair)["kl"], "nats")
    uniform, half = (1 / 3, 1 / 3, 1 / 3), (0.5, 0.5, 0.0)
    _line("KL(uniform over 3 || (1/2, 1/2, 0))", information(uniform, half)["kl"],
          "q misses an outcome p has")
    _line("KL((1/2, 1/2, 0) || uniform over 3)", information(half, uniform)["kl"], "= ln(3/2)")
    mean, sd = forward_kl_fit()
    print("  A Gaussian q fitted to p = equal parts N(-2, 0.7^2) and N(2, 0.7^2):")
    _line("  by KL(p || q): mean, sd", f"{mean:.4f}, {sd:.4f}", "covers both peaks")
    mean, sd, value = reverse_kl_fit()
    _line("  by KL(q || p): mean, sd", f"{mean:.4f}, {sd:.4f}", "sits on one peak")
    _line("  KL(q || p) there", value, "just under ln 2")


def report_mle() -> None:
    """The mean NLL as a cross-entropy from the empirical distribution."""
    _heading("4. The mean NLL is the cross-entropy H(p_hat, q)")
    coin = empirical_distribution([1] * 7 + [0] * 3, 2)  # 7 heads in 10 tosses
    print(f"  coin: 7 heads in 10, p_hat = (tails, heads) = {tuple(coin.tolist())}")
    for theta in (0.5, 0.7):
        values = information(coin, (1 - theta, theta))
        _line(f"  theta = {theta}: mean NLL = H(p_hat, q)", values["cross_entropy"],
              f"H(p_hat) {values['entropy']:.4f} + KL {values['kl']:.4f}")
    counts = np.array([30, 40, 30])
    pairs = empirical_distribution(np.repeat([0, 1, 2], counts), 3)
    theta_hat = float(np.dot([0, 1, 2], counts) / (2 * counts.sum()))
    print("  two tosses, 100 times: 0, 1, 2 heads seen 30, 40, 30 times")
    _line("  MLE of the bias (heads / tosses)", theta_hat)
    values = information(pairs, two_tosses_model(theta_hat))
    _line("  H(p_hat)", values["entropy"])
    _line("  KL(p_hat || binomial at the MLE)", values["kl"], "> 0: the model cannot match")
    _line("  mean NLL at the MLE", values["cross_entropy"])


def report_smoothing(k: int = 10, eps: float = 0.1) -> None:
    """Label smoothing: targets, the best logit gap and the loss there."""
    _heading(f"5. Label smoothing, k = {k}, eps = {eps}")
    true_target, other = 1 - eps + eps / k, eps / k
    _line("target of the true class, of each other", f"{true_target:.4g}, {other:.4g}")
    gap = best_smoothed_gap(k, eps)
    _line("best logit gap log(1 + k (1 - eps) / eps)", gap)
    _line("loss there = H(t)", float(smoothed_targets_loss(gap, k, eps)))
    for g in (2.0, 4.0, 8.0, 16.0):
        _line(f"loss at gap {g:g}: smoothed, one-hot",
              f"{float(smoothed_targets_loss(g, k, eps)):.4f}, "
              f"{float(smoothed_targets_loss(g, k, 0.0)):.4f}")
    print("  With one-hot targets the loss keeps falling as the gap grows: the logits run away.")


def report_scoring(pi: float = 0.7) -> None:
    """Expected scores of a forecast, and their gradients in logit space."""
    _heading(f"6. Scoring rules for a label that is 1 with probability {pi}")
    print(f"  {'forecast p':>12}{'log loss':>12}{'Brier':>12}{'absolute':>12}")
    for p in (0.5, 0.7, 0.9, 1.0):
        scores = expected_scores(p, pi)
        print(f"  {p:>12g}{float(scores['log loss']):>12.4f}{float(scores['Brier']):>12.4f}"
              f"{float(scores['absolute']):>12.4f}")
    grid = np.linspace(0.0, 1.0, 100_001)
    for name, values in expected_scores(grid, pi).items():
        _line(f"  expected {name} is least at p =", float(grid[np.argmin(values)]))
    print("  Gradients for a label 1 with respect to the logit z:")
    for z in (-10.0, -2.0, 0.0):
        gradients = logit_gradients(z)
        _line(f"  z = {z:g}: log loss, Brier",
              f"{float(gradients['log loss']):.6g}, {float(gradients['Brier']):.6g}")


def report_calibration(seed: int = SEED) -> None:
    """A simulated over-confident classifier, before and after temperature scaling."""
    _heading("7. Calibration and temperature scaling (simulated classifier)")
    splits = simulate_splits(seed)
    test = splits["test"]
    print(f"  {CLASSES} classes, {SPLIT_SIZE} rows per split; logits {OVERCONFIDENCE} times the "
          "calibrated ones,")
    print(f"  and {MEMORISED:g} more on the true class of each training row")
    t_val, t_train = fit_temperature_mle(splits["validation"]), fit_temperature_mle(
        splits["train"])
    _line("temperature fitted on the validation split", t_val)
    _line("temperature fitted on the training split", t_train, "the wrong split")
    accuracy = float(np.mean(test.logits.argmax(axis=1) == test.labels))
    _line("test accuracy (any T)", accuracy)
    print(f"  {'on the test split':<{LABEL_WIDTH - 2}}{'mean NLL':>12}{'ECE':>12}")
    for name, temperature in (("T = 1 (raw)", 1.0), ("T from validation", t_val),
                              ("T from training", t_train)):
        nll = mean_nll(test.logits, test.labels, temperature)
        ece = calibration_error(softmax(test.logits, temperature), test.labels)
        print(f"  {name:<{LABEL_WIDTH - 2}}{nll:>12.4f}{ece:>12.4f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point: print the selected sections of the report."""
    parser = argparse.ArgumentParser(
        prog="python -m days.day51.code.information_demo",
        description=(
            "Day 51: what a loss measures. Prints entropies in bits and nats; the entropy, "
            "cross-entropy and KL divergence of the lesson's pair; the asymmetry of KL; the mean "
            "NLL as a cross-entropy from the empirical distribution; label smoothing; proper "
            "scoring rules; and a simulated classifier calibrated by temperature scaling."
        ),
    )
    parser.add_argument("--section", choices=("all", *SECTIONS), default="all",
                        help="print only this section (default: all)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="seed of the simulated classifier (default: %(default)s)")
    args = parser.parse_args(argv)
    reports = {
        "entropy": report_entropy,
        "divergence": report_divergence,
        "asymmetry": report_asymmetry,
        "mle": report_mle,
        "smoothing": report_smoothing,
        "scoring": report_scoring,
        "calibration": lambda: report_calibration(args.seed),
    }
    print("Day 51 - What a loss measures: entropy, cross-entropy and KL divergence")
    for name in SECTIONS if args.section == "all" else (args.section,):
        reports[name]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
