r"""Day 47 demo: why we take logs, and the maximum likelihood estimates in closed form.

Run it from the repository's root::

    python -m days.day47.code.underflow_demo                 # every section
    python -m days.day47.code.underflow_demo --section mle

Sections:

* **underflow** -- a product of many equal probabilities, multiplied left to right in float64:
  0.5s reach 0.0 after 1075 factors; 0.9s never do, they get stuck at a subnormal number, while
  the log-likelihood :math:`n \log p` stays finite and accurate (to the last digit as one
  multiplication, to about 13 digits as a running sum of the n logs);
* **logsumexp** -- adding probabilities that are stored as logs, naively and with the max shift;
* **mle** -- the closed-form estimates (Bernoulli, Gaussian, Poisson, exponential) on sample data,
  each checked against a grid search and a numerical maximiser of the log-likelihood;
* **variance** -- the Gaussian variance with 1/n (the MLE) and with 1/(n - 1) (unbiased), and
  the log-likelihood at each.

The functions are small and importable (the notebook ``days/day47/day47.ipynb`` uses them).
Natural logs throughout.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize_scalar
from scipy.special import gammaln

__all__ = [
    "SECTIONS",
    "SMALLEST_NORMAL",
    "SMALLEST_SUBNORMAL",
    "running_products",
    "first_zero_product",
    "first_subnormal_product",
    "stuck_product",
    "naive_log_sum_exp",
    "shifted_log_sum_exp",
    "bernoulli_log_lik",
    "gaussian_log_lik",
    "poisson_log_lik",
    "exponential_log_lik",
    "closed_form_estimates",
    "grid_maximiser",
    "numerical_maximiser",
    "main",
]

SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)  # 2.2250738585072014e-308
SMALLEST_SUBNORMAL = float(np.finfo(np.float64).smallest_subnormal)  # 5e-324

#: The sample data of the lesson.
COIN_FLIPS = (1, 0, 1, 1, 0, 1, 1, 1, 0, 1)
MEASUREMENTS = (2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0)
EVENT_COUNTS = (3, 1, 4, 1, 5, 9, 2, 6)
WAITING_TIMES = (0.5, 1.5, 2.0, 1.0)

#: Grids for the check by brute force: spacing 0.001 for θ and the rates, 0.01 for μ and σ².
THETA_GRID = np.round(np.arange(1, 1000) * 0.001, 3)
MU_GRID = np.round(np.arange(0, 1001) * 0.01, 2)
VARIANCE_GRID = np.round(np.arange(50, 1001) * 0.01, 2)
RATE_GRID = np.round(np.arange(1, 10001) * 0.001, 3)

SECTIONS = ("underflow", "logsumexp", "mle", "variance")
LABEL_WIDTH = 44
VALUE_WIDTH = 24


# --------------------------------------------------------------------------------------------
# Underflow
# --------------------------------------------------------------------------------------------
def running_products(p: float, n: int) -> np.ndarray:
    r"""The partial products :math:`p,\ p \cdot p,\ \dots` of n factors, left to right.

    ``np.multiply.accumulate`` multiplies in order and rounds to float64 after every step,
    exactly as a Python loop ``product *= p`` does.

    Parameters
    ----------
    p : float
        The factor.
    n : int
        How many factors, >= 1.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Entry ``k - 1`` is the product of the first k factors.
    """
    return np.multiply.accumulate(np.full(n, p, dtype=np.float64))


def first_zero_product(p: float, n_max: int = 20_000) -> int | None:
    """The first number of factors at which :func:`running_products` is exactly 0.0.

    Parameters
    ----------
    p : float
        The factor, in (0, 1).
    n_max : int
        How many factors to try.

    Returns
    -------
    int or None
        The count, or None if the product is still positive after ``n_max`` factors (for
        p > 0.5 it stays positive for ever).
    """
    zeros = np.flatnonzero(running_products(p, n_max) == 0.0)
    return int(zeros[0]) + 1 if zeros.size else None


def first_subnormal_product(p: float, n_max: int = 20_000) -> int | None:
    """The first number of factors at which the product drops below the smallest normal float.

    Returns None if that does not happen within ``n_max`` factors.
    """
    below = np.flatnonzero(running_products(p, n_max) < SMALLEST_NORMAL)
    return int(below[0]) + 1 if below.size else None


def stuck_product(p: float, n_max: int = 20_000) -> tuple[int, float] | None:
    """Where a product that never reaches 0.0 stops changing.

    Returns
    -------
    tuple of (int, float) or None
        ``(n, value)``: after n factors the product is ``value`` > 0, and multiplying by p again
        rounds back to ``value``. None if the product keeps changing (or reaches 0.0) within
        ``n_max`` factors.
    """
    partial = running_products(p, n_max)
    unchanged = np.flatnonzero((partial[1:] == partial[:-1]) & (partial[1:] > 0.0))
    if not unchanged.size:
        return None
    k = int(unchanged[0])
    return k + 1, float(partial[k])


# --------------------------------------------------------------------------------------------
# log-sum-exp
# --------------------------------------------------------------------------------------------
def naive_log_sum_exp(a: ArrayLike) -> float:
    r""":math:`\log\sum_i e^{a_i}` as written: overflows for entries near 710 and above, and
    gives -inf when every :math:`e^{a_i}` underflows (entries below about -745)."""
    with np.errstate(over="ignore", divide="ignore"):
        return float(np.log(np.exp(np.asarray(a, dtype=float)).sum()))


def shifted_log_sum_exp(a: ArrayLike) -> float:
    r""":math:`m + \log\sum_i e^{a_i - m}` with :math:`m = \max_i a_i`: stable.

    Every shifted exponent is <= 0 and one of them is exactly 0, so the sum lies in [1, n].
    An input of only -inf entries gives -inf.
    """
    values = np.asarray(a, dtype=float)
    m = values.max()
    if np.isneginf(m):
        return float(m)
    return float(m + np.log(np.exp(values - m).sum()))


# --------------------------------------------------------------------------------------------
# Log-likelihoods of four families (vectorised over the parameter)
# --------------------------------------------------------------------------------------------
def bernoulli_log_lik(theta: ArrayLike, x: ArrayLike) -> np.ndarray:
    r""":math:`\ell(\theta) = k\log\theta + (n-k)\log(1-\theta)` for k ones among n outcomes.

    Parameters
    ----------
    theta : array_like
        Values of :math:`\theta` in (0, 1).
    x : array_like, shape (n,)
        Outcomes 0 or 1.
    """
    outcomes = np.asarray(x, dtype=float)
    k, n = outcomes.sum(), outcomes.size
    t = np.asarray(theta, dtype=float)
    return k * np.log(t) + (n - k) * np.log1p(-t)


def gaussian_log_lik(mu: ArrayLike, variance: ArrayLike, x: ArrayLike) -> np.ndarray:
    r""":math:`\ell(\mu, \sigma^2) = -\tfrac n2 \log(2\pi\sigma^2)
    - \tfrac{1}{2\sigma^2}\sum_i (x_i - \mu)^2` (broadcast over ``mu`` and ``variance``)."""
    data = np.asarray(x, dtype=float)
    m = np.asarray(mu, dtype=float)[..., np.newaxis]
    squares = ((data - m) ** 2).sum(axis=-1)
    v = np.asarray(variance, dtype=float)
    return -0.5 * data.size * np.log(2 * np.pi * v) - squares / (2 * v)


def poisson_log_lik(lam: ArrayLike, x: ArrayLike) -> np.ndarray:
    r""":math:`\ell(\lambda) = \log\lambda \sum_i x_i - n\lambda - \sum_i \log x_i!`."""
    counts = np.asarray(x, dtype=float)
    rate = np.asarray(lam, dtype=float)
    return counts.sum() * np.log(rate) - counts.size * rate - gammaln(counts + 1).sum()


def exponential_log_lik(rate: ArrayLike, x: ArrayLike) -> np.ndarray:
    r""":math:`\ell(\lambda) = n\log\lambda - \lambda\sum_i x_i` for the density
    :math:`\lambda e^{-\lambda x}`."""
    waits = np.asarray(x, dtype=float)
    r = np.asarray(rate, dtype=float)
    return waits.size * np.log(r) - r * waits.sum()


def closed_form_estimates() -> dict[str, tuple[float, ...]]:
    r"""The closed-form MLEs on the lesson's data, from the formulas of the lesson.

    Returns
    -------
    dict
        ``"bernoulli"``: (:math:`k/n`,), ``"gaussian"``: (:math:`\bar x`, :math:`\tfrac1n
        \sum (x_i-\bar x)^2`), ``"poisson"``: (:math:`\bar x`,), ``"exponential"``:
        (:math:`1/\bar x`,).
    """
    flips, heights = np.array(COIN_FLIPS, float), np.array(MEASUREMENTS)
    counts, waits = np.array(EVENT_COUNTS, float), np.array(WAITING_TIMES)
    centre = float(heights.sum() / heights.size)
    return {
        "bernoulli": (float(flips.sum() / flips.size),),
        "gaussian": (centre, float(((heights - centre) ** 2).sum() / heights.size)),
        "poisson": (float(counts.sum() / counts.size),),
        "exponential": (float(waits.size / waits.sum()),),
    }


def grid_maximiser(log_lik: Callable[[np.ndarray], np.ndarray], grid: np.ndarray) -> float:
    """The grid value with the largest log-likelihood (the first one on a tie)."""
    return float(grid[int(np.argmax(log_lik(grid)))])


def numerical_maximiser(log_lik: Callable[[float], float], low: float, high: float) -> float:
    """Maximise a one-parameter log-likelihood on (low, high) with a bounded Brent search."""
    found = minimize_scalar(lambda t: -float(log_lik(t)), bounds=(low, high), method="bounded",
                            options={"xatol": 1e-10})
    return float(found.x)


# --------------------------------------------------------------------------------------------
# The printed report
# --------------------------------------------------------------------------------------------
def _heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def _value(value: object) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value)!r:>{VALUE_WIDTH}}"
    return f"{value!s:>{VALUE_WIDTH}}"


def _line(label: str, value: object, note: str = "") -> None:
    print(f"  {label:<{LABEL_WIDTH}}{_value(value)}   {note}".rstrip())


def report_underflow() -> None:
    """Print where products of 0.5s and 0.9s underflow (or get stuck) in float64."""
    _heading("1. Underflow: multiply the probabilities, or add their logs")
    _line("smallest normal float64", SMALLEST_NORMAL, "2^-1022")
    _line("smallest subnormal float64", SMALLEST_SUBNORMAL, "2^-1074")
    _line("machine epsilon (spacing near 1)", float(np.finfo(np.float64).eps),
          "not the smallest float")
    halves = running_products(0.5, 1075)
    print("  Halves, multiplied left to right:")
    _line("first n with a subnormal product", first_subnormal_product(0.5))
    _line("0.5^1074", float(halves[1073]), "the smallest subnormal")
    _line("0.5^1075", float(halves[1074]), "underflow: exactly 0.0")
    _line("first n with product 0.0", first_zero_product(0.5))
    _line("log-likelihood 1075 log 0.5", 1075 * math.log(0.5), "finite; the nearest float")
    running_sum = 0.0
    for _ in range(1075):
        running_sum += math.log(0.5)  # as a sum over a data set adds its terms
    _line("... as a running sum of 1075 logs", running_sum, "rounds at every addition")
    _line("... as math.fsum of the 1075 logs", math.fsum([math.log(0.5)] * 1075),
          "rounded once")
    nines = running_products(0.9, 10_000)
    n_stuck, stuck_at = stuck_product(0.9)
    print("  0.9s, multiplied left to right:")
    _line("first n with a subnormal product", first_subnormal_product(0.9))
    _line("product stops changing after n factors", n_stuck)
    _line("... stuck at", stuck_at, "5 x 2^-1074; 5 x 0.9 rounds back to 5")
    _line("product of 10000 factors", float(nines[-1]), "should be about 10^-457.6")
    _line("log10 of the true 0.9^10000", 10_000 * math.log10(0.9))
    _line("log-likelihood 10000 log 0.9", 10_000 * math.log(0.9), "finite; the nearest float")
    _line("first n with product 0.0", first_zero_product(0.9) or "never",
          "0.9 x 5e-324 rounds back up")
    print("  A float32 product underflows much sooner:")
    halves32 = np.multiply.accumulate(np.full(200, 0.5, dtype=np.float32))
    _line("first n with float32 product 0.0", int(np.flatnonzero(halves32 == 0)[0]) + 1)


def report_logsumexp() -> None:
    """Print naive and shifted log-sum-exp on entries that overflow or underflow."""
    _heading("2. log-sum-exp: adding numbers stored as logs")
    examples = ([1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1002.0], [-math.inf, 0.0],
                [-math.inf, -math.inf])
    print(f"  {'a':<{LABEL_WIDTH}}{'naive':>{VALUE_WIDTH}}{'shifted by max':>{VALUE_WIDTH}}")
    for a in examples:
        label = "[" + ", ".join(f"{v:g}" for v in a) + "]"
        naive, stable = naive_log_sum_exp(a), shifted_log_sum_exp(a)
        print(f"  {label:<{LABEL_WIDTH}}{naive!r:>{VALUE_WIDTH}}{stable!r:>{VALUE_WIDTH}}")


def report_mle() -> None:
    """Print each closed-form MLE next to a grid search and a numerical maximiser."""
    _heading("3. Closed-form MLEs, checked against a grid and a numerical maximiser")
    estimates = closed_form_estimates()
    checks = (
        ("Bernoulli theta = k / n", "bernoulli", COIN_FLIPS, bernoulli_log_lik, THETA_GRID,
         (1e-9, 1 - 1e-9)),
        ("Poisson lambda = mean", "poisson", EVENT_COUNTS, poisson_log_lik, RATE_GRID,
         (1e-9, 50.0)),
        ("exponential rate = 1 / mean", "exponential", WAITING_TIMES, exponential_log_lik,
         RATE_GRID, (1e-9, 50.0)),
    )
    for title, key, data, log_lik, grid, bounds in checks:
        (closed,) = estimates[key]
        step = float(grid[1] - grid[0])
        print(f"  {title}, data {list(data)}")
        _line("  closed form", float(closed))
        _line(f"  grid maximiser (step {step:g})", grid_maximiser(
            lambda g, d=data, f=log_lik: f(g, d), grid))
        found = numerical_maximiser(lambda t, d=data, f=log_lik: f(t, d), *bounds)
        _line("  numerical maximiser (bounded Brent)", found,
              f"|difference| {abs(found - closed):.1e}")
        _line("  max log-likelihood", float(log_lik(closed, data)))
    mu_hat, var_hat = estimates["gaussian"]
    surface = gaussian_log_lik(MU_GRID[:, np.newaxis], VARIANCE_GRID[np.newaxis, :],
                               MEASUREMENTS)
    i, j = np.unravel_index(int(np.argmax(surface)), surface.shape)
    print(f"  Gaussian (mean, variance), data {list(MEASUREMENTS)}")
    _line("  closed form mean", float(mu_hat))
    _line("  closed form variance (1/n)", float(var_hat))
    _line("  grid maximiser mean (step 0.01)", float(MU_GRID[i]))
    _line("  grid maximiser variance (step 0.01)", float(VARIANCE_GRID[j]))
    _line("  max log-likelihood", float(gaussian_log_lik(mu_hat, var_hat, MEASUREMENTS)))


def report_variance() -> None:
    """Print the MLE and the unbiased variance and the log-likelihood at each."""
    _heading("4. The Gaussian variance: 1/n is the MLE, 1/(n - 1) is not")
    data = np.array(MEASUREMENTS)
    n = data.size
    squares = float(((data - data.mean()) ** 2).sum())
    mle, unbiased = squares / n, squares / (n - 1)
    _line("sum of squared deviations", squares, f"n = {n}")
    _line("MLE variance, / n", mle)
    _line("unbiased variance, / (n - 1)", unbiased)
    _line("log-likelihood at the MLE variance", float(gaussian_log_lik(5.0, mle, data)))
    _line("log-likelihood at the unbiased variance", float(gaussian_log_lik(5.0, unbiased, data)),
          "lower")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point: print the selected sections of the report."""
    parser = argparse.ArgumentParser(
        prog="python -m days.day47.code.underflow_demo",
        description=(
            "Day 47: why we take logs, and the maximum likelihood estimates in closed form. "
            "Prints where a product of probabilities underflows (or gets stuck) in float64, "
            "log-sum-exp done naively and with the max shift, the closed-form MLEs of the "
            "Bernoulli, Gaussian, Poisson and exponential models checked against a grid and a "
            "numerical maximiser, and the biased (MLE) and unbiased Gaussian variance."
        ),
    )
    parser.add_argument("--section", choices=("all", *SECTIONS), default="all",
                        help="print only this section (default: all)")
    args = parser.parse_args(argv)
    reports = {"underflow": report_underflow, "logsumexp": report_logsumexp,
               "mle": report_mle, "variance": report_variance}
    print("Day 47 - Log-likelihood, underflow and closed-form MLEs")
    for name in SECTIONS if args.section == "all" else (args.section,):
        reports[name]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
