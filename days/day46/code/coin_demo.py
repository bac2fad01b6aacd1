r"""Day 46 demo: probability versus likelihood, with a coin found in the street.

Run it from the repository's root::

    python -m days.day46.code.coin_demo                      # every section
    python -m days.day46.code.coin_demo --section ratio
    python -m days.day46.code.coin_demo --sequence HHTHTTHHHH --grid-points 1001

Sections:

* **probability** -- looking forward: a fair coin, the probability of 8 heads in a row, and the
  binomial distribution of the number of heads in 8 flips (it sums to 1 over the outcomes);
* **likelihood** -- looking back: the street coin's 8 heads are fixed and theta varies;
  :math:`L(\theta) = \theta^8` is largest at theta = 1 and its area is 1/9, not 1;
* **mixed** -- a sequence with heads and tails: the likelihood on a grid and its maximiser,
  which is the share of heads h / n;
* **ratio** -- likelihood ratios between two hypotheses, and why long data need logs.

The functions are small and importable (the notebook ``days/day46/day46.ipynb`` and the
figures use them). A flip is 1 for heads and 0 for tails; theta is the probability of heads.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "SECTIONS",
    "STREET_COIN",
    "MIXED_SEQUENCE",
    "parse_flips",
    "count_outcomes",
    "coin_likelihood",
    "coin_log_likelihood",
    "likelihood_curve",
    "best_on_grid",
    "ratio_of_likelihoods",
    "binomial_distribution",
    "exact_area",
    "trapezoid_area",
    "main",
]

#: The lesson's data: the coin found in the street lands heads 8 times in a row...
STREET_COIN = "HHHHHHHH"
#: ... and a mixed sequence: 7 heads, 3 tails.
MIXED_SEQUENCE = "HTHHTHHTHH"
#: Hypotheses the lesson compares.
FAIR = 0.5
STREET_THETAS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
#: Long data for the ratio section: 2000 flips, 1050 of them heads.
LONG_HEADS, LONG_TAILS = 1050, 950

SECTIONS = ("probability", "likelihood", "mixed", "ratio")

LABEL_WIDTH = 46  # width of the label column of the printed report


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------
def parse_flips(text: str) -> list[int]:
    """Read a sequence of flips written with H/T (or 1/0); spaces and commas are ignored.

    Parameters
    ----------
    text : str
        For example ``"HTHH"``, ``"h t h h"`` or ``"1,0,1,1"``.

    Returns
    -------
    list of int
        1 for each head, 0 for each tail.

    Raises
    ------
    ValueError
        If a character is not H, T, 1 or 0, or there are no flips.
    """
    codes = {"H": 1, "1": 1, "T": 0, "0": 0}
    flips = []
    for char in text.upper():
        if char in " ,":
            continue
        if char not in codes:
            raise ValueError(f"a flip is H or T (or 1 or 0), got {char!r}")
        flips.append(codes[char])
    if not flips:
        raise ValueError("the sequence of flips is empty")
    return flips


def count_outcomes(flips: Iterable[int]) -> tuple[int, int]:
    """Return ``(h, t)``: the number of heads (1) and of tails (0)."""
    seen = list(flips)
    return sum(1 for f in seen if f == 1), sum(1 for f in seen if f == 0)


# --------------------------------------------------------------------------------------------
# Likelihood from the counts h and t
# --------------------------------------------------------------------------------------------
def coin_likelihood(h: int, t: int, theta: float) -> float:
    r"""Probability of one particular sequence with ``h`` heads and ``t`` tails.

    .. math::

        L(\theta) = \theta^{h} (1 - \theta)^{t}

    Read as a function of ``theta`` with the data fixed, it is the likelihood. Python's
    ``0.0 ** 0 == 1.0`` gives the convention 0^0 = 1 at theta = 0 and 1.
    """
    head_part = math.pow(theta, h)
    tail_part = math.pow(1.0 - theta, t)
    return head_part * tail_part


def coin_log_likelihood(h: int, t: int, theta: float) -> float:
    r"""Natural log of :func:`coin_likelihood`, without ever forming the product.

    .. math::

        \ell(\theta) = h \log\theta + t \log(1 - \theta)

    A zero count contributes 0 (0 log 0 = 0); an impossible outcome gives ``-inf``.
    """
    parts = []
    for count, chance in ((h, theta), (t, 1.0 - theta)):
        if count == 0:
            continue
        parts.append(count * math.log(chance) if chance > 0.0 else -math.inf)
    return math.fsum(parts) if -math.inf not in parts else -math.inf


def likelihood_curve(h: int, t: int, thetas: ArrayLike) -> np.ndarray:
    """:func:`coin_likelihood` at every theta of ``thetas``, as a float array."""
    return np.array([coin_likelihood(h, t, float(v)) for v in np.ravel(thetas)], dtype=float)


def best_on_grid(h: int, t: int, thetas: ArrayLike) -> float:
    """The theta of ``thetas`` with the largest log-likelihood (the first one on ties)."""
    candidates = [float(v) for v in np.ravel(thetas)]
    scores = [coin_log_likelihood(h, t, v) for v in candidates]
    return candidates[scores.index(max(scores))]


def ratio_of_likelihoods(h: int, t: int, theta_1: float, theta_0: float) -> float:
    r"""How many times more probable the data are under ``theta_1`` than under ``theta_0``.

    .. math::

        \frac{L(\theta_1)}{L(\theta_0)} = \exp\bigl[\ell(\theta_1) - \ell(\theta_0)\bigr]

    Computed from log-likelihoods, so it stays right when both likelihoods underflow to 0.
    """
    top, bottom = coin_log_likelihood(h, t, theta_1), coin_log_likelihood(h, t, theta_0)
    if bottom == -math.inf:
        return math.inf if top > -math.inf else math.nan
    difference = top - bottom
    return math.inf if difference > 709.0 else math.exp(difference)


def binomial_distribution(n: int, theta: float) -> list[float]:
    r"""``P(K = k)`` for k = 0..n heads in n flips: :math:`\binom{n}{k}\theta^k(1-\theta)^{n-k}`.

    For the small n of the demo; the exact integer ``math.comb`` keeps the coefficients exact.
    """
    return [math.comb(n, k) * coin_likelihood(k, n - k, theta) for k in range(n + 1)]


def exact_area(h: int, t: int) -> float:
    r"""The area under the likelihood curve, exactly: a Beta function.

    .. math::

        \int_0^1 \theta^{h} (1 - \theta)^{t} \, d\theta = \frac{h!\, t!}{(h + t + 1)!}

    For 8 heads and no tails it is 1/9: the likelihood is not a density in theta.
    """
    return math.factorial(h) * math.factorial(t) / math.factorial(h + t + 1)


def trapezoid_area(values: ArrayLike, thetas: ArrayLike) -> float:
    """The area under sampled values by the trapezoidal rule (a check of :func:`exact_area`)."""
    return float(np.trapezoid(np.asarray(values, dtype=float), np.asarray(thetas, dtype=float)))


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------
def _line(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<{LABEL_WIDTH}}{value:>22}" + (f"   {note}" if note else ""))


def _heading(number: int, title: str) -> None:
    print(f"\n{number}. {title}\n" + "-" * (len(title) + 3))


def section_probability(n: int) -> None:
    _heading(1, f"Probability looks forward: a fair coin (theta = {FAIR}), {n} flips")
    everything = coin_likelihood(n, 0, FAIR)
    _line(f"P({'H' * n} | theta = {FAIR})", f"{everything!r}", f"= {FAIR}^{n} = "
          f"{100 * everything:.2f} %")
    print(f"  P(k heads in {n} flips | theta = {FAIR}), any order:")
    table = binomial_distribution(n, FAIR)
    for k, chance in enumerate(table):
        _line(f"    k = {k}   C({n}, {k}) = {math.comb(n, k):>3}", f"{chance:.8f}")
    _line("sum over the outcomes k", f"{math.fsum(table)!r}", "a distribution over outcomes")


def section_likelihood(n: int, grid_points: int) -> None:
    _heading(2, f"Likelihood looks back: the street coin showed {n} heads in a row")
    print(f"  L(theta) = theta^{n}: the same formula, now with the data fixed.")
    for theta in STREET_THETAS:
        _line(f"L({theta})", f"{coin_likelihood(n, 0, theta):.8f}")
    thetas = np.linspace(0.0, 1.0, grid_points)
    _line(f"best theta on a grid of {grid_points} points", f"{best_on_grid(n, 0, thetas)!r}",
          f"= h / n = {n}/{n}")
    _line("area under L(theta), exact 1/(n + 1)", f"{exact_area(n, 0):.10f}",
          "not 1: L is no density in theta")
    _line("area under L(theta), trapezoids on the grid",
          f"{trapezoid_area(likelihood_curve(n, 0, thetas), thetas):.10f}", "(a check)")


def section_mixed(flips: Sequence[int], grid_points: int) -> None:
    h, t = count_outcomes(flips)
    text = "".join("H" if f == 1 else "T" for f in flips)
    _heading(3, f"A mixed sequence {text}: h = {h} heads, t = {t} tails")
    thetas = np.linspace(0.0, 1.0, grid_points)
    best = best_on_grid(h, t, thetas)
    for theta in (0.3, 0.5, best, 0.9):
        _line(f"L({theta:g}) = {theta:g}^{h} * {1 - theta:g}^{t}",
              f"{coin_likelihood(h, t, theta):.10f}")
    _line(f"best theta on a grid of {grid_points} points", f"{best:.6f}")
    _line("share of heads h / n", f"{h / (h + t)!r}", "the exact MLE")
    _line("log-likelihood at the best theta", f"{coin_log_likelihood(h, t, best):.10f}")
    _line("area under L(theta), exact h! t! / (n + 1)!", f"{exact_area(h, t):.10f}", "not 1")


def section_ratio(street_n: int, flips: Sequence[int]) -> None:
    _heading(4, "Likelihood ratios: how much better one hypothesis explains the data")
    h, t = count_outcomes(flips)
    best = h / (h + t)
    rows = [
        (f"street coin: L(1) / L({FAIR})", street_n, 0, 1.0, FAIR),
        (f"street coin: L(0.9) / L({FAIR})", street_n, 0, 0.9, FAIR),
        (f"mixed: L({best:g}) / L({FAIR})", h, t, best, FAIR),
        (f"mixed: L(0.9) / L({FAIR})", h, t, 0.9, FAIR),
    ]
    for label, heads, tails, top, bottom in rows:
        _line(label, f"{ratio_of_likelihoods(heads, tails, top, bottom):.10g}")
    print(f"  Long data: {LONG_HEADS + LONG_TAILS} flips, {LONG_HEADS} heads.")
    for theta in (0.52, FAIR):
        _line(f"L({theta}) as a product", f"{coin_likelihood(LONG_HEADS, LONG_TAILS, theta)!r}",
              "underflows")
        _line(f"log L({theta})", f"{coin_log_likelihood(LONG_HEADS, LONG_TAILS, theta):.6f}")
    _line(f"L(0.52) / L({FAIR}) from the logs",
          f"{ratio_of_likelihoods(LONG_HEADS, LONG_TAILS, 0.52, FAIR):.10g}", "finite, from logs")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m days.day46.code.coin_demo",
        description="Day 46: probability versus likelihood, with coins. Prints the numbers of "
                    "the lesson.",
    )
    parser.add_argument("--section", choices=(*SECTIONS, "all"), default="all",
                        help="print one section only (default: all)")
    parser.add_argument("--street-heads", type=int, default=len(STREET_COIN), metavar="N",
                        help="heads in a row shown by the street coin (default: %(default)s)")
    parser.add_argument("--sequence", default=MIXED_SEQUENCE, metavar="FLIPS",
                        help="a mixed sequence of H and T (default: %(default)s)")
    parser.add_argument("--grid-points", type=int, default=101, metavar="M",
                        help="points of the theta grid on [0, 1] (default: %(default)s)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Print the report; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.street_heads < 1:
        parser.error("--street-heads must be at least 1")
    if args.grid_points < 2:
        parser.error("--grid-points must be at least 2")
    try:
        flips = parse_flips(args.sequence)
    except ValueError as error:
        parser.error(f"--sequence: {error}")
    print("Day 46 - Probability versus likelihood")
    wanted = SECTIONS if args.section == "all" else (args.section,)
    if "probability" in wanted:
        section_probability(args.street_heads)
    if "likelihood" in wanted:
        section_likelihood(args.street_heads, args.grid_points)
    if "mixed" in wanted:
        section_mixed(flips, args.grid_points)
    if "ratio" in wanted:
        section_ratio(args.street_heads, flips)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
