r"""Day 52 demo: how sure is the fit? Fisher information, standard errors and intervals.

Run it from the repository's root::

    python -m days.day52.code.uncertainty_demo                   # every section
    python -m days.day52.code.uncertainty_demo --section coverage --trials 20000

Sections:

* **information** -- 70 % heads in 10, 40 and 160 flips: the curvature of the log-likelihood at
  its peak (exactly and by a second difference), the standard error it gives, and the spread of
  the MLE over simulated data sets;
* **logistic** -- standard errors of Day 50's logistic regression from the Hessian
  :math:`X^\top S X`, against the spread of the MLE over refits to simulated data;
* **invariance** -- rate and scale of an exponential, :math:`\sigma` and :math:`\sigma^2`: the
  MLE maps through any function, standard errors through the delta method, and Wald intervals
  do not map while likelihood-ratio intervals do;
* **intervals** -- Wald, Wilson and likelihood-ratio intervals for a proportion, where the Wald
  interval breaks (no successes, small n), and a profile-likelihood interval for a Gaussian
  mean;
* **coverage** -- how often each interval contains the true :math:`\theta`, by simulation and
  exactly;
* **variance** -- bias, variance and mean squared error of the variance estimators with
  :math:`1/n` (the MLE) and :math:`1/(n - 1)`, by simulation and exactly.

The helpers are importable (the notebook ``days/day52/day52.ipynb`` uses them). Natural logs;
95 % intervals unless said otherwise.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, stats
from scipy.special import expit

from days.day50.code import fit_demo

__all__ = [
    "SECTIONS",
    "LEVEL",
    "Z95",
    "CHI2_95",
    "HEADS_SHARE",
    "FLIP_COUNTS",
    "WAITS",
    "VARIANCE_DATA",
    "COVERAGE_N",
    "COVERAGE_THETAS",
    "bernoulli_loglik",
    "bernoulli_information",
    "second_difference_information",
    "simulated_mle_spread",
    "logistic_standard_errors",
    "refit_spread",
    "wald",
    "wilson",
    "likelihood_ratio",
    "exponential_rate_intervals",
    "gaussian_mean_intervals",
    "exact_coverage",
    "simulated_coverage",
    "variance_estimator_risks",
    "exact_variance_risks",
    "INTERVALS",
    "main",
]

LEVEL = 0.95
#: The two-sided 95 % normal quantile and the chi-square(1) 95 % quantile (its square).
Z95 = float(stats.norm.ppf(0.5 + LEVEL / 2))
CHI2_95 = float(stats.chi2.ppf(LEVEL, 1))
#: Day 46's coin: 70 % heads, in ever longer runs of flips.
HEADS_SHARE = 0.7
FLIP_COUNTS = (10, 40, 160)
#: Day 47's waiting times (sum 5, mean 1.25) and Day 47's variance data (mean 5, MLE 4).
WAITS = (0.5, 1.5, 2.0, 1.0)
VARIANCE_DATA = (2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0)
#: The coverage study: n trials per data set, and the true thetas.
COVERAGE_N = 20
COVERAGE_THETAS = (0.01, 0.05, 0.1, 0.3, 0.5)
DEFAULT_SEED = 52
DEFAULT_TRIALS = 10_000
REFITS = 200
#: The variance study: samples of n standard normal values.
VARIANCE_N = 5
VARIANCE_REPLICATIONS = 100_000

SECTIONS = ("information", "logistic", "invariance", "intervals", "coverage", "variance")


# --------------------------------------------------------------------------------------------
# Information and standard errors
# --------------------------------------------------------------------------------------------
def bernoulli_loglik(theta: float, k: int, n: int) -> float:
    r""":math:`\ell(\theta) = k\log\theta + (n - k)\log(1 - \theta)`, with :math:`0\log 0 = 0`."""
    heads = 0.0 if k == 0 else (k * math.log(theta) if theta > 0.0 else -math.inf)
    tails = 0.0 if k == n else ((n - k) * math.log1p(-theta) if theta < 1.0 else -math.inf)
    return heads + tails


def bernoulli_information(theta: float, n: int) -> float:
    r"""Fisher information of n Bernoulli trials, :math:`n / (\theta(1 - \theta))`."""
    return n / (theta * (1.0 - theta))


def second_difference_information(loglik: Callable[[float], float], theta: float,
                                  h: float = 1e-4) -> float:
    r"""Observed information by a central second difference,
    :math:`-(\ell(\theta + h) - 2\ell(\theta) + \ell(\theta - h)) / h^2`: error
    :math:`O(h^2)`."""
    return -(loglik(theta + h) - 2.0 * loglik(theta) + loglik(theta - h)) / h**2


def simulated_mle_spread(theta: float, n: int, replications: int,
                         seed: int = DEFAULT_SEED) -> float:
    r"""Standard deviation of :math:`\hat\theta = k/n` over simulated data sets
    (``ddof=1``)."""
    counts = np.random.default_rng(seed).binomial(n, theta, size=replications)
    return float(np.std(counts / n, ddof=1))


def logistic_standard_errors(X: ArrayLike, w: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""Hessian :math:`H = X^\top S X` of the total logistic NLL at ``w`` and the standard
    errors :math:`\sqrt{\operatorname{diag} H^{-1}}`.

    Returns
    -------
    hessian : numpy.ndarray, shape (d, d)
    standard_errors : numpy.ndarray, shape (d,)
    """
    design, weights = np.asarray(X, dtype=float), np.asarray(w, dtype=float)
    chance = expit(design @ weights)
    hessian = np.einsum("ij,i,ik->jk", design, chance * (1.0 - chance), design)
    return hessian, np.sqrt(np.diag(np.linalg.inv(hessian)))


def refit_spread(true_w: Sequence[float], n: int, refits: int,
                 seed: int = DEFAULT_SEED) -> np.ndarray:
    """Standard deviations (``ddof=1``) of the logistic MLE over ``refits`` data sets drawn
    from the model with weights ``true_w`` (Day 50's generator, seeds ``seed``,
    ``seed + 1``, ...), each fitted by 10 Newton steps."""
    fitted = []
    for offset in range(refits):
        X, y = fit_demo.make_logistic_data(n=n, true_w=true_w, seed=seed + offset)
        fitted.append(fit_demo.newton_method(X, y, 10)[-1])
    return np.std(np.array(fitted), axis=0, ddof=1)


# --------------------------------------------------------------------------------------------
# Intervals
# --------------------------------------------------------------------------------------------
def wald(k: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    r"""Wald interval :math:`\hat\theta \pm z\sqrt{\hat\theta(1 - \hat\theta)/n}`, unclipped."""
    z = stats.norm.ppf(0.5 + level / 2)
    estimate = k / n
    half = z * math.sqrt(estimate * (1.0 - estimate) / n)
    return estimate - half, estimate + half


def wilson(k: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    r"""Wilson score interval: the :math:`\theta` with
    :math:`|\hat\theta - \theta| \le z\sqrt{\theta(1 - \theta)/n}`."""
    z = stats.norm.ppf(0.5 + level / 2)
    estimate = k / n
    denominator = 1.0 + z**2 / n
    centre = (estimate + z**2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(estimate * (1.0 - estimate) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


def likelihood_ratio(k: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    r"""Likelihood-ratio interval :math:`\{\theta: 2[\ell(\hat\theta) - \ell(\theta)] \le
    \chi^2_1(\text{level})\}`, each end by ``brentq``."""
    cut = stats.chi2.ppf(level, 1)
    estimate = k / n
    peak = bernoulli_loglik(estimate, k, n)

    def excess(theta: float) -> float:
        return 2.0 * (peak - bernoulli_loglik(theta, k, n)) - cut

    low = 0.0 if k == 0 else optimize.brentq(excess, 0.0, estimate, xtol=1e-15)
    high = 1.0 if k == n else optimize.brentq(excess, estimate, 1.0, xtol=1e-15)
    return float(low), float(high)


INTERVALS: dict[str, Callable[[int, int], tuple[float, float]]] = {
    "Wald": wald,
    "Wilson": wilson,
    "likelihood ratio": likelihood_ratio,
}


def exponential_rate_intervals(waits: Sequence[float] = WAITS,
                               level: float = LEVEL) -> dict[str, tuple[float, float]]:
    r"""95 % intervals for the rate :math:`\lambda` and the scale :math:`\beta = 1/\lambda` of
    exponential waits: Wald for each, the rate's Wald interval mapped through :math:`1/\lambda`,
    and the likelihood-ratio interval of each (the scale's is the rate's, mapped)."""
    x = np.asarray(waits, dtype=float)
    n, total = x.size, float(x.sum())
    z, cut = stats.norm.ppf(0.5 + level / 2), stats.chi2.ppf(level, 1)
    rate = n / total
    scale = 1.0 / rate
    rate_wald = (rate - z * rate / math.sqrt(n), rate + z * rate / math.sqrt(n))

    def loglik(lam: float) -> float:
        return n * math.log(lam) - lam * total

    def excess(lam: float) -> float:
        return 2.0 * (loglik(rate) - loglik(lam)) - cut

    rate_lr = (optimize.brentq(excess, 1e-12, rate, xtol=1e-15),
               optimize.brentq(excess, rate, 1e3 * rate, xtol=1e-15))

    def scale_loglik(beta: float) -> float:
        return -n * math.log(beta) - total / beta

    def scale_excess(beta: float) -> float:
        return 2.0 * (scale_loglik(scale) - scale_loglik(beta)) - cut

    scale_lr = (optimize.brentq(scale_excess, 1e-12, scale, xtol=1e-15),
                optimize.brentq(scale_excess, scale, 1e6 * scale, xtol=1e-15))
    return {
        "rate, Wald": rate_wald,
        "scale, Wald": (scale - z * scale / math.sqrt(n), scale + z * scale / math.sqrt(n)),
        "scale, rate's Wald mapped": (1.0 / rate_wald[1], 1.0 / rate_wald[0]),
        "rate, likelihood ratio": rate_lr,
        "scale, likelihood ratio": scale_lr,
    }


def gaussian_mean_intervals(data: Sequence[float] = VARIANCE_DATA,
                            level: float = LEVEL) -> dict[str, tuple[float, float]]:
    r"""Three 95 % intervals for a Gaussian mean with unknown :math:`\sigma`.

    * Wald: :math:`\bar x \pm z\,\hat\sigma/\sqrt n` with the MLE :math:`\hat\sigma`;
    * profile likelihood ratio: :math:`\sigma` maximised out,
      :math:`\ell_p(\mu) = -\tfrac n2\log\hat\sigma^2(\mu) + \text{const}` with
      :math:`\hat\sigma^2(\mu) = \hat\sigma^2 + (\bar x - \mu)^2`, so the interval is
      :math:`\bar x \pm \hat\sigma\sqrt{e^{c/n} - 1}`;
    * Student's t: :math:`\bar x \pm t_{n-1}\,s/\sqrt n` with :math:`s` from :math:`1/(n-1)`.
    """
    x = np.asarray(data, dtype=float)
    n, mean = x.size, float(x.mean())
    sigma_mle = float(np.std(x))
    z, cut = stats.norm.ppf(0.5 + level / 2), stats.chi2.ppf(level, 1)
    half = {
        "Wald": z * sigma_mle / math.sqrt(n),
        "profile likelihood ratio": sigma_mle * math.sqrt(math.expm1(cut / n)),
        "Student's t": float(stats.t.ppf(0.5 + level / 2, n - 1) * np.std(x, ddof=1)
                             / math.sqrt(n)),
    }
    return {name: (mean - h, mean + h) for name, h in half.items()}


def exact_coverage(interval: Callable[[int, int], tuple[float, float]], theta: float,
                   n: int) -> float:
    r"""Exact coverage :math:`\sum_k \binom nk \theta^k(1 - \theta)^{n-k}\,
    \mathbf 1[\theta \in I(k)]` of an interval for a proportion."""
    ends = [interval(k, n) for k in range(n + 1)]
    held = [k for k, (low, high) in enumerate(ends) if low <= theta <= high]
    return float(stats.binom.pmf(held, n, theta).sum())


def simulated_coverage(interval: Callable[[int, int], tuple[float, float]], theta: float,
                       n: int, trials: int, seed: int = DEFAULT_SEED) -> float:
    """Coverage estimated from ``trials`` simulated counts
    ``default_rng(seed).binomial(n, theta, size=trials)`` (one call of ``interval`` per
    distinct count)."""
    counts = np.random.default_rng(seed).binomial(n, theta, size=trials)
    values, times = np.unique(counts, return_counts=True)
    covered = 0
    for value, count in zip(values, times, strict=True):
        low, high = interval(int(value), n)
        covered += int(count) if low <= theta <= high else 0
    return covered / trials


def variance_estimator_risks(n: int, replications: int, sigma2: float = 1.0,
                             seed: int = DEFAULT_SEED) -> dict[str, tuple[float, float, float]]:
    r"""Bias, variance and mean squared error of :math:`\frac1d\sum_i (x_i - \bar x)^2` for the
    divisors :math:`d = n - 1, n, n + 1`, over ``replications`` Gaussian samples of size n.

    Returns
    -------
    dict
        ``{"1/(n - 1)": (bias, variance, mse), "1/n": ..., "1/(n + 1)": ...}``.
    """
    samples = math.sqrt(sigma2) * np.random.default_rng(seed).standard_normal((replications, n))
    squares = np.square(samples - samples.mean(axis=1, keepdims=True)).sum(axis=1)
    risks = {}
    for name, divisor in (("1/(n - 1)", n - 1), ("1/n", n), ("1/(n + 1)", n + 1)):
        estimates = squares / divisor
        risks[name] = (float(estimates.mean() - sigma2), float(estimates.var()),
                       float(np.mean(np.square(estimates - sigma2))))
    return risks


def exact_variance_risks(n: int, sigma2: float = 1.0) -> dict[str, tuple[float, float, float]]:
    r"""The exact values of :func:`variance_estimator_risks`: the sum of squares is
    :math:`\sigma^2\chi^2_{n-1}` (mean :math:`(n-1)\sigma^2`, variance :math:`2(n-1)\sigma^4`)."""
    risks = {}
    for name, divisor in (("1/(n - 1)", n - 1), ("1/n", n), ("1/(n + 1)", n + 1)):
        bias = (n - 1) / divisor * sigma2 - sigma2
        variance = 2 * (n - 1) * sigma2**2 / divisor**2
        risks[name] = (bias, variance, bias**2 + variance)
    return risks


# --------------------------------------------------------------------------------------------
# The printed report
# --------------------------------------------------------------------------------------------
def _heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def _interval(ends: tuple[float, float], digits: int = 4) -> str:
    return f"({ends[0]:{digits + 4}.{digits}f}, {ends[1]:{digits + 4}.{digits}f})"


def report_information(seed: int = DEFAULT_SEED, trials: int = DEFAULT_TRIALS) -> None:
    """Curvature, standard error and simulated spread of the coin's MLE for n = 10, 40, 160."""
    _heading(f"1. Information: {HEADS_SHARE:.0%} heads, the curvature of the log-likelihood")
    print(f"  {'n':>4}  {'I(theta_hat)':>13}  {'2nd difference':>15}  {'se':>8}  "
          f"{'sd of theta_hat over':>21}")
    print(f"  {'':>4}  {'n/(t(1-t))':>13}  {'h = 1e-4':>15}  {'':>8}  "
          f"{f'{trials} data sets':>21}")
    for n in FLIP_COUNTS:
        k = round(HEADS_SHARE * n)
        exact = bernoulli_information(k / n, n)
        numeric = second_difference_information(lambda t, k=k, n=n: bernoulli_loglik(t, k, n),
                                                k / n)
        spread = simulated_mle_spread(HEADS_SHARE, n, trials, seed)
        print(f"  {n:>4}  {exact:13.4f}  {numeric:15.4f}  {1 / math.sqrt(exact):8.4f}  "
              f"{spread:21.4f}")
    print("  Four times the flips, four times the curvature, half the standard error.")


def report_logistic(seed: int = DEFAULT_SEED) -> None:
    """Standard errors of Day 50's logistic fit, from the Hessian and from refits."""
    X, y = fit_demo.make_logistic_data()
    n = len(y)
    mle = fit_demo.newton_method(X, y, 10)[-1]
    _, errors = logistic_standard_errors(X, mle)
    spread = refit_spread(fit_demo.TRUE_LOGISTIC_WEIGHTS, n, REFITS, seed)
    _heading(f"2. Logistic regression (Day 50's {n} samples): se from the Hessian X^T S X")
    print(f"  {'weight':>8}  {'true':>7}  {'MLE':>10}  {'se':>8}  {'(MLE - true)/se':>16}  "
          f"{f'sd over {REFITS} refits':>20}")
    for j, name in enumerate(("w0", "w1", "w2")):
        true = fit_demo.TRUE_LOGISTIC_WEIGHTS[j]
        print(f"  {name:>8}  {true:7.2f}  {mle[j]:10.6f}  {errors[j]:8.4f}  "
              f"{(mle[j] - true) / errors[j]:16.2f}  {spread[j]:20.4f}")
    print(f"  With the mean-BCE Hessian X^T S X / n the se would be sqrt(n) = "
          f"{math.sqrt(n):.2f} times larger.")


def report_invariance() -> None:
    """Rate and scale, sigma and sigma^2: MLEs, delta-method standard errors, intervals."""
    x = np.asarray(WAITS)
    n = x.size
    rate = n / x.sum()
    _heading(f"3. Invariance: exponential waits {list(WAITS)}, Gaussian data "
             f"{[int(v) for v in VARIANCE_DATA]}")
    print(f"  rate  lambda_hat = n / sum = {rate:.4f}, se = lambda_hat / sqrt(n) = "
          f"{rate / math.sqrt(n):.4f}")
    print(f"  scale  beta_hat = 1 / lambda_hat = {1 / rate:.4f}, se by the delta method "
          f"se(lambda) / lambda^2 = {rate / math.sqrt(n) / rate**2:.4f}")
    for name, ends in exponential_rate_intervals().items():
        print(f"    {name:<28} {_interval(ends)}")
    data = np.asarray(VARIANCE_DATA)
    variance = float(np.var(data))
    se_variance = variance * math.sqrt(2 / data.size)
    print(f"  sigma^2_hat = {variance:.4f} (se {se_variance:.4f}); sigma_hat = "
          f"{math.sqrt(variance):.4f} (se by the delta method "
          f"{se_variance / (2 * math.sqrt(variance)):.4f})")


def report_intervals() -> None:
    """The three intervals for a few counts, and the Gaussian mean's three intervals."""
    _heading("4. 95 % intervals for a proportion (k successes in n trials)")
    print(f"  {'k/n':>7}  " + "  ".join(f"{name:>18}" for name in INTERVALS))
    for k, n in ((7, 10), (1, 10), (0, 10), (10, 10), (112, 160)):
        print(f"  {f'{k}/{n}':>7}  " + "  ".join(f"{_interval(f(k, n)):>18}"
                                              for f in INTERVALS.values()))
    print("  Wald gives a single point for 0/10 and 10/10 and leaves [0, 1] for 1/10.")
    print(f"  Gaussian mean of {[int(v) for v in VARIANCE_DATA]}, sigma unknown:")
    for name, ends in gaussian_mean_intervals().items():
        print(f"    {name:<26} {_interval(ends)}")


def report_coverage(seed: int = DEFAULT_SEED, trials: int = DEFAULT_TRIALS) -> None:
    """Simulated and exact coverage of the three intervals, n = 20."""
    _heading(f"5. Coverage of 95 % intervals, n = {COVERAGE_N}: simulated ({trials} data sets) "
             "and exact")
    print(f"  {'theta':>6}  " + "  ".join(f"{name:>22}" for name in INTERVALS))
    for theta in COVERAGE_THETAS:
        cells = []
        for interval in INTERVALS.values():
            simulated = simulated_coverage(interval, theta, COVERAGE_N, trials, seed)
            exact = exact_coverage(interval, theta, COVERAGE_N)
            cells.append(f"{simulated:.4f} (exact {exact:.4f})")
        print(f"  {theta:6.2f}  " + "  ".join(f"{cell:>22}" for cell in cells))
    error = math.sqrt(LEVEL * (1 - LEVEL) / trials)
    print(f"  Monte Carlo error of a simulated coverage near 0.95: about {error:.4f}.")


def report_variance(seed: int = DEFAULT_SEED) -> None:
    """Bias, variance and MSE of the variance estimators, simulated and exact."""
    _heading(f"6. Estimating sigma^2 = 1 from n = {VARIANCE_N} Gaussian values "
             f"({VARIANCE_REPLICATIONS} samples)")
    simulated = variance_estimator_risks(VARIANCE_N, VARIANCE_REPLICATIONS, seed=seed)
    exact = exact_variance_risks(VARIANCE_N)
    print(f"  {'divisor':>10}  {'bias':>8}  {'variance':>9}  {'MSE':>8}  {'exact MSE':>10}")
    for name, (bias, variance, mse) in simulated.items():
        print(f"  {name:>10}  {bias:8.4f}  {variance:9.4f}  {mse:8.4f}  {exact[name][2]:10.4f}")
    print("  The unbiased 1/(n - 1) has the largest MSE; the biased MLE 1/n beats it.")


REPORTS: dict[str, Callable[..., None]] = {
    "information": report_information,
    "logistic": report_logistic,
    "invariance": report_invariance,
    "intervals": report_intervals,
    "coverage": report_coverage,
    "variance": report_variance,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the chosen sections (all by default); return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m days.day52.code.uncertainty_demo",
        description="Day 52: Fisher information, standard errors, intervals and coverage.")
    parser.add_argument("--section", choices=SECTIONS, action="append",
                        help="print only this section (repeatable); default: all")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="seed of the simulations (default: %(default)s)")
    parser.add_argument("--trials", type=int, default=DEFAULT_TRIALS,
                        help="simulated data sets per coverage estimate (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.trials < 2:
        parser.error("--trials must be at least 2")
    print("Day 52 - How sure is the fit? Fisher information, standard errors and intervals")
    for name in args.section or SECTIONS:
        if name in ("information", "coverage"):
            REPORTS[name](seed=args.seed, trials=args.trials)
        elif name in ("logistic", "variance"):
            REPORTS[name](seed=args.seed)
        else:
            REPORTS[name]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
