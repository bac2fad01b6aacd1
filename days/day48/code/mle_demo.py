r"""Day 48 demo: maximum likelihood, and why the loss functions look the way they do.

Run it from the repository's root::

    python -m days.day48.code.mle_demo            # every section
    python -m days.day48.code.mle_demo --section gaussian

Each section prints the worked numbers of the lesson:

* **one label** -- the likelihood, log-likelihood and loss of a single label;
* **bernoulli** -- the negative log-likelihood (NLL) of a few labels, term by term, and its mean,
  the binary cross-entropy;
* **categorical** -- the same for labels with k classes: the categorical cross-entropy;
* **gaussian** -- the Gaussian NLL of a few targets, with and without its constant, and the MSE;
* **regression** -- a straight line fitted twice, by least squares and by minimising the Gaussian
  NLL: the same line;
* **underflow** -- why we add logs instead of multiplying probabilities;
* **classification** -- a label 1 scored by the binary cross-entropy and by the squared error of
  the probability, both as functions of the logit z, with their gradients: why classifiers are
  not trained with the MSE.

The functions are small and importable (the notebook ``days/day48/day48.ipynb`` uses them). They
return per-sample *terms* where that is instructive: the total is ``terms.sum()``, the mean
``terms.mean()``. Natural logs throughout.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize

__all__ = [
    "SECTIONS",
    "log_or_minus_inf",
    "bernoulli_likelihood_terms",
    "bernoulli_log_likelihood_terms",
    "categorical_log_likelihood_terms",
    "gaussian_nll_terms",
    "gaussian_nll_constant",
    "squared_error_terms",
    "make_line_data",
    "line_predictions",
    "mse_of_line",
    "gaussian_nll_of_line",
    "fit_line_least_squares",
    "fit_line_gaussian_nll",
    "running_likelihood",
    "running_log_likelihood",
    "first_underflow",
    "sigmoid",
    "bce_logit_terms",
    "bce_logit_gradient",
    "squared_error_logit_terms",
    "squared_error_logit_gradient",
    "make_classification_data",
    "train_logistic",
    "first_positive_weight",
    "main",
]

#: The example data of the lesson.
ONE_LABEL = (1, 0.8)
BERNOULLI_LABELS = (1, 0, 1, 1)
BERNOULLI_PROBS = (0.9, 0.2, 0.8, 0.7)
CATEGORICAL_LABELS = (0, 2, 1)
CATEGORICAL_PROBS = ((0.7, 0.2, 0.1), (0.1, 0.3, 0.6), (0.3, 0.4, 0.3))
GAUSSIAN_TARGETS = (2.0, 3.0, 4.5)
GAUSSIAN_PREDICTIONS = (2.2, 2.8, 4.4)
GAUSSIAN_SIGMA = 1.0

#: The small regression: y = TRUE_SLOPE * x + TRUE_INTERCEPT + N(0, NOISE_SIGMA^2).
N_POINTS = 20
TRUE_SLOPE = 2.0
TRUE_INTERCEPT = 1.0
NOISE_SIGMA = 0.5
DEFAULT_SEED = 0

SECTIONS = ("one-label", "bernoulli", "categorical", "gaussian", "regression", "underflow",
            "classification")
#: The notebook's simulation: labels drawn with P(y = 1 | x) = sigma(CLASSIFICATION_SLOPE * x),
#: a logistic regression started confidently wrong at w = WRONG_START.
CLASSIFICATION_SLOPE = 3.0
CLASSIFICATION_SEED = 48
WRONG_START = -8.0
#: The logits of the MSE-versus-BCE table (label 1): confidently wrong to fairly right.
CLASSIFICATION_LOGITS = (-10.0, -2.0, 0.0, 2.0)

LABEL_WIDTH = 41  # width of the label column of the printed report
VALUE_WIDTH = 25  # width of the value column


# --------------------------------------------------------------------------------------------
# Logs
# --------------------------------------------------------------------------------------------
def log_or_minus_inf(x: ArrayLike) -> np.ndarray:
    r"""Natural log, elementwise, with :math:`\log 0 = -\infty` (and no warning about it).

    Parameters
    ----------
    x : array_like
        Non-negative numbers, e.g. probabilities.

    Returns
    -------
    numpy.ndarray
        :math:`\log x`, and ``-inf`` where ``x == 0``.
    """
    x = np.asarray(x, dtype=float)
    return np.log(x, out=np.full(x.shape, -np.inf), where=x > 0.0)


# --------------------------------------------------------------------------------------------
# Bernoulli labels (0 or 1)
# --------------------------------------------------------------------------------------------
def bernoulli_likelihood_terms(y: ArrayLike, p: ArrayLike) -> np.ndarray:
    r"""Probability that a Bernoulli model gives to each observed label.

    .. math::

        P(y_i \mid p_i) = p_i^{\,y_i} (1 - p_i)^{1 - y_i}
        = \begin{cases} p_i & y_i = 1 \\ 1 - p_i & y_i = 0 \end{cases}

    Parameters
    ----------
    y : array_like, shape (n,)
        Observed labels, 0 or 1.
    p : array_like, shape (n,)
        Predicted probabilities :math:`p_i = P(y_i = 1)`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The factors of the likelihood; their product is the likelihood :math:`L`.
    """
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    return np.where(y == 1.0, p, 1.0 - p)


def bernoulli_log_likelihood_terms(y: ArrayLike, p: ArrayLike) -> np.ndarray:
    r"""Log-probability of each observed label under a Bernoulli model.

    .. math::

        \log P(y_i \mid p_i) = y_i \log p_i + (1 - y_i) \log(1 - p_i)

    Computed as the log of the factor :func:`bernoulli_likelihood_terms` gives: only the
    probability of the label that was observed is logged, so ``0 * log 0`` counts as 0 (a label
    given probability 1 costs nothing) and a label given probability 0 gives ``-inf``. (For a
    very small ``1 - p`` the subtraction loses digits; ``np.log1p(-p)`` would keep them.)

    Parameters
    ----------
    y : array_like, shape (n,)
        Observed labels, 0 or 1.
    p : array_like, shape (n,)
        Predicted probabilities :math:`p_i = P(y_i = 1)`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The terms, each <= 0. Their sum is the log-likelihood :math:`\ell`; minus their sum is
        the NLL; minus their mean is the binary cross-entropy.
    """
    return log_or_minus_inf(bernoulli_likelihood_terms(y, p))


# --------------------------------------------------------------------------------------------
# Categorical labels (one of k classes)
# --------------------------------------------------------------------------------------------
def categorical_log_likelihood_terms(labels: ArrayLike, probs: ArrayLike) -> np.ndarray:
    r"""Log-probability that a categorical model gives to each observed class.

    .. math::

        \log P(y_i \mid \mathbf q_i) = \sum_{c=1}^{k} [y_i = c] \log q_{ic} = \log q_{i, y_i}

    With a one-hot label only the true class's probability survives the sum.

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        The true class of each sample, an index in ``0 .. k-1``.
    probs : array_like, shape (n, k)
        Predicted class probabilities, one distribution per row.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The terms :math:`\log q_{i,y_i}`; minus their mean is the categorical cross-entropy.
    """
    labels = np.asarray(labels, dtype=np.intp)
    probs = np.asarray(probs, dtype=float)
    true_class = np.take_along_axis(probs, labels[:, np.newaxis], axis=1)[:, 0]
    return log_or_minus_inf(true_class)


# --------------------------------------------------------------------------------------------
# Gaussian noise
# --------------------------------------------------------------------------------------------
def squared_error_terms(y: ArrayLike, y_hat: ArrayLike) -> np.ndarray:
    r"""Squared residual of each sample, :math:`r_i^2 = (y_i - \hat y_i)^2`.

    Parameters
    ----------
    y, y_hat : array_like, shape (n,)
        Targets and predictions.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The squared residuals; their mean is the MSE.
    """
    r = np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)
    return r * r


def gaussian_nll_terms(
    y: ArrayLike, y_hat: ArrayLike, sigma: ArrayLike = 1.0, *, include_constant: bool = True
) -> np.ndarray:
    r"""Negative log-density of each target under Gaussian noise around its prediction.

    .. math::

        -\log \mathcal N(y_i \mid \hat y_i, \sigma^2)
        = \underbrace{\tfrac12 \log(2\pi\sigma^2)}_{\text{constant in } \hat y}
          + \frac{(y_i - \hat y_i)^2}{2\sigma^2}

    Parameters
    ----------
    y : array_like, shape (n,)
        Observed targets.
    y_hat : array_like, shape (n,)
        Predicted means.
    sigma : float or array_like, shape (n,), default 1.0
        The noise's standard deviation (not its variance), > 0.
    include_constant : bool, default True
        Keep the term :math:`\tfrac12\log(2\pi\sigma^2)`. Dropping it leaves
        :math:`r_i^2 / (2\sigma^2)`, which has the same minimiser in :math:`\hat y`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The terms; their sum is the Gaussian NLL. A term can be negative when
        :math:`\sigma < 1/\sqrt{2\pi}` (a density can exceed 1).
    """
    sigma = np.asarray(sigma, dtype=float)
    terms = squared_error_terms(y, y_hat) / (2.0 * sigma**2)
    if include_constant:
        terms = terms + 0.5 * np.log(2.0 * np.pi * sigma**2)
    return terms


def gaussian_nll_constant(n: int, sigma: float = 1.0) -> float:
    r"""The part of the Gaussian NLL that does not depend on the predictions.

    .. math::

        C = n \cdot \tfrac12 \log(2\pi\sigma^2)

    Parameters
    ----------
    n : int
        Number of samples.
    sigma : float, default 1.0
        The noise's standard deviation, shared by all samples.

    Returns
    -------
    float
        The constant :math:`C`.
    """
    return n * 0.5 * math.log(2.0 * math.pi * sigma**2)


# --------------------------------------------------------------------------------------------
# A straight line fitted two ways
# --------------------------------------------------------------------------------------------
def make_line_data(
    n: int = N_POINTS,
    slope: float = TRUE_SLOPE,
    intercept: float = TRUE_INTERCEPT,
    noise_sigma: float = NOISE_SIGMA,
    seed: int = DEFAULT_SEED,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Noisy points on a line: :math:`y_i = a x_i + b + \varepsilon_i`,
    :math:`\varepsilon_i \sim \mathcal N(0, \sigma^2)`, :math:`x_i \sim U(-2, 2)`.

    Parameters
    ----------
    n : int
        Number of points.
    slope, intercept : float
        The true :math:`a` and :math:`b`.
    noise_sigma : float
        The noise's standard deviation :math:`\sigma`.
    seed : int
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same data.

    Returns
    -------
    x, y : numpy.ndarray, shape (n,)
        Inputs (sorted) and targets.
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, size=n))
    y = slope * x + intercept + rng.normal(0.0, noise_sigma, size=n)
    return x, y


def line_predictions(params: ArrayLike, x: ArrayLike) -> np.ndarray:
    r"""The line's predictions :math:`\hat y_i = a x_i + b` for ``params = (a, b)``."""
    a, b = np.asarray(params, dtype=float)
    return a * np.asarray(x, dtype=float) + b


def mse_of_line(params: ArrayLike, x: ArrayLike, y: ArrayLike) -> float:
    r"""Mean squared error of the line ``params = (a, b)``.

    .. math::

        \mathrm{MSE}(a, b) = \frac1n \sum_{i=1}^{n} (y_i - a x_i - b)^2
    """
    return float(np.mean(squared_error_terms(y, line_predictions(params, x))))


def gaussian_nll_of_line(
    params: ArrayLike, x: ArrayLike, y: ArrayLike, sigma: float = NOISE_SIGMA
) -> float:
    r"""Gaussian NLL (total, constant included) of the data under the line ``params = (a, b)``.

    .. math::

        \mathrm{NLL}(a, b) = \frac{n}{2}\log(2\pi\sigma^2)
            + \frac{1}{2\sigma^2} \sum_{i=1}^{n} (y_i - a x_i - b)^2
        = \frac{n}{2}\log(2\pi\sigma^2) + \frac{n}{2\sigma^2}\,\mathrm{MSE}(a, b)

    With :math:`\sigma` fixed this is an increasing affine function of the MSE, so both have the
    same minimiser :math:`(a, b)`.
    """
    return float(np.sum(gaussian_nll_terms(y, line_predictions(params, x), sigma)))


def _gaussian_nll_of_line_gradient(
    params: ArrayLike, x: np.ndarray, y: np.ndarray, sigma: float
) -> np.ndarray:
    """Gradient of :func:`gaussian_nll_of_line` with respect to ``(a, b)``."""
    r = y - line_predictions(params, x)
    return -np.array([np.sum(r * x), np.sum(r)]) / sigma**2


def fit_line_least_squares(x: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""Slope and intercept minimising the squared error, by :func:`numpy.linalg.lstsq`.

    Solves :math:`\min_{a,b} \lVert X (a, b)^\top - y \rVert^2` with design matrix
    :math:`X = [\,x \;\; 1\,]`.

    Returns
    -------
    numpy.ndarray, shape (2,)
        ``(a, b)``.
    """
    x = np.asarray(x, dtype=float)
    design = np.column_stack([x, np.ones_like(x)])
    solution, *_ = np.linalg.lstsq(design, np.asarray(y, dtype=float), rcond=None)
    return solution


def fit_line_gaussian_nll(
    x: ArrayLike, y: ArrayLike, sigma: float = NOISE_SIGMA, start: ArrayLike = (0.0, 0.0)
) -> np.ndarray:
    r"""Slope and intercept maximising the Gaussian likelihood, found numerically.

    Minimises :func:`gaussian_nll_of_line` (with :math:`\sigma` fixed) with
    :func:`scipy.optimize.minimize` (BFGS, analytic gradient). No closed form is used: that the
    answer equals :func:`fit_line_least_squares` is the point of the demo.

    Returns
    -------
    numpy.ndarray, shape (2,)
        ``(a, b)``.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    result = minimize(
        gaussian_nll_of_line,
        np.asarray(start, dtype=float),
        args=(x, y, sigma),
        jac=_gaussian_nll_of_line_gradient,
        method="BFGS",
        options={"gtol": 1e-10},
    )
    return result.x


# --------------------------------------------------------------------------------------------
# Underflow: multiply probabilities, or add their logs
# --------------------------------------------------------------------------------------------
def running_likelihood(p: float, n: int) -> np.ndarray:
    r"""Likelihood of the first 1, 2, ..., n samples when each has probability ``p``.

    .. math::

        L_m = \prod_{i=1}^{m} p = p^m, \qquad m = 1, \dots, n

    computed as a float64 running product (what multiplying the factors does).
    """
    return np.cumprod(np.full(n, float(p)))


def running_log_likelihood(p: float, n: int) -> np.ndarray:
    r"""Log-likelihood of the first 1, 2, ..., n samples when each has probability ``p``.

    .. math::

        \ell_m = \sum_{i=1}^{m} \log p = m \log p, \qquad m = 1, \dots, n
    """
    return np.cumsum(np.full(n, math.log(p)))


def first_underflow(p: float, n_max: int = 100_000) -> int | None:
    """Smallest m <= ``n_max`` for which the float64 product of m factors ``p`` is exactly 0.0.

    Returns ``None`` if the product never reaches 0.0 (for p > 1/2 the running product gets
    stuck at a subnormal number instead of reaching 0: rounding keeps it there).
    """
    zero = np.flatnonzero(running_likelihood(p, n_max) == 0.0)
    return int(zero[0]) + 1 if zero.size else None


# --------------------------------------------------------------------------------------------
# Classification from a logit: binary cross-entropy versus the squared error of sigma(z)
# --------------------------------------------------------------------------------------------
def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""The logistic sigmoid, elementwise, without overflow for any logit.

    .. math::

        \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}

    The first form is used for :math:`z \ge 0` and the second for :math:`z < 0`, so that
    :math:`e^{\pm z}` is only ever taken of a non-positive number (Day 49 explains why).

    Parameters
    ----------
    z : array_like
        Logits.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(z)`, in :math:`[0, 1]`.
    """
    z = np.asarray(z, dtype=float)
    small = np.exp(-np.abs(z))  # e^{-|z|} in (0, 1]: never overflows
    return np.where(z >= 0.0, 1.0 / (1.0 + small), small / (1.0 + small))


def bce_logit_terms(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    r"""Binary cross-entropy of each label as a function of its logit.

    .. math::

        \ell_i = -y_i \log\sigma(z_i) - (1 - y_i)\log\bigl(1 - \sigma(z_i)\bigr)
        = \log\bigl(1 + e^{(1 - 2y_i) z_i}\bigr)

    Parameters
    ----------
    y : array_like, shape (n,)
        Labels, 0 or 1.
    z : array_like, shape (n,)
        Logits, :math:`p_i = \sigma(z_i)`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The per-label losses (their mean is the BCE).
    """
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    return np.logaddexp(0.0, (1.0 - 2.0 * y) * z)  # softplus, with no overflow (Day 49)


def bce_logit_gradient(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    r"""Derivative of each label's binary cross-entropy with respect to its logit.

    .. math::

        \frac{\partial \ell_i}{\partial z_i} = \sigma(z_i) - y_i

    Parameters
    ----------
    y : array_like, shape (n,)
        Labels, 0 or 1.
    z : array_like, shape (n,)
        Logits.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The gradients, in :math:`[-1, 1]`.
    """
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    # For y = 1, sigma(z) - 1 = -sigma(-z): written so, it loses no digits to cancellation.
    return np.where(y == 1.0, -sigmoid(-z), sigmoid(z) - y)


def squared_error_logit_terms(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    r"""Squared error of the predicted probability, as a function of the logit.

    .. math::

        e_i = \bigl(\sigma(z_i) - y_i\bigr)^2

    Parameters
    ----------
    y : array_like, shape (n,)
        Labels, 0 or 1.
    z : array_like, shape (n,)
        Logits.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The per-label squared errors, in :math:`[0, 1]` (their mean is the MSE).
    """
    y = np.asarray(y, dtype=float)
    return bce_logit_gradient(y, z) ** 2  # sigma(z) - y, computed without cancellation


def squared_error_logit_gradient(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    r"""Derivative of the squared error of :math:`\sigma(z)` with respect to the logit.

    .. math::

        \frac{\partial e_i}{\partial z_i}
        = 2\bigl(\sigma(z_i) - y_i\bigr)\,\sigma(z_i)\bigl(1 - \sigma(z_i)\bigr)

    The factor :math:`\sigma(1 - \sigma)` is the sigmoid's slope: it vanishes wherever the
    sigmoid is flat, for a confidently wrong prediction as much as for a confidently right one.

    Parameters
    ----------
    y : array_like, shape (n,)
        Labels, 0 or 1.
    z : array_like, shape (n,)
        Logits.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The gradients, at most 8/27 in size.
    """
    z = np.asarray(z, dtype=float)
    p, q = sigmoid(z), sigmoid(-z)  # q = 1 - p, without cancellation when p is close to 1
    return 2.0 * bce_logit_gradient(y, z) * p * q


def make_classification_data(
    n: int = 200, slope: float = CLASSIFICATION_SLOPE, seed: int = CLASSIFICATION_SEED
) -> tuple[np.ndarray, np.ndarray]:
    r"""Inputs :math:`x_i \sim \mathcal N(0, 1)` and labels with
    :math:`P(y_i = 1 \mid x_i) = \sigma(\text{slope} \cdot x_i)`.

    Returns
    -------
    x, y : numpy.ndarray, shape (n,)
        The inputs and the labels (0.0 or 1.0). The same ``seed`` gives the same data.
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = (rng.uniform(size=n) < sigmoid(slope * x)).astype(float)
    return x, y


def train_logistic(
    x: ArrayLike, y: ArrayLike, loss: str = "bce", start: tuple[float, float] = (WRONG_START, 0.0),
    learning_rate: float = 2.0, steps: int = 500,
) -> np.ndarray:
    r"""Fit :math:`p_i = \sigma(w x_i + b)` by plain gradient descent on a mean loss.

    .. math::

        (w, b) \leftarrow (w, b) - \eta \, \frac{1}{n}\sum_{i=1}^{n}
        \frac{\partial \ell_i}{\partial z_i} \, (x_i, 1),
        \qquad z_i = w x_i + b

    with :math:`\ell_i` the binary cross-entropy (``loss="bce"``) or the squared error
    :math:`(\sigma(z_i) - y_i)^2` (``loss="squared"``).

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and labels (0 or 1).
    loss : {"bce", "squared"}
        The loss whose gradient is followed.
    start : tuple of float
        The starting weight and intercept :math:`(w, b)`.
    learning_rate : float
        The step size :math:`\eta`.
    steps : int
        How many steps to take.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, 2)
        :math:`(w, b)` before the first step and after each step.

    Raises
    ------
    ValueError
        If ``loss`` is neither ``"bce"`` nor ``"squared"``.
    """
    gradients = {"bce": bce_logit_gradient, "squared": squared_error_logit_gradient}
    if loss not in gradients:
        raise ValueError(f"loss must be 'bce' or 'squared', not {loss!r}")
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    params = np.empty((steps + 1, 2))
    params[0] = start
    for step in range(steps):
        w, b = params[step]
        slope = gradients[loss](y, w * x + b)  # d loss_i / d z_i
        params[step + 1] = (w - learning_rate * np.mean(slope * x),
                            b - learning_rate * np.mean(slope))
    return params


def first_positive_weight(params: np.ndarray) -> int | None:
    """The first step at which the weight ``w`` of a ``train_logistic`` history is positive,
    the sign of the data's true slope, or ``None`` if it never is."""
    hits = np.flatnonzero(np.asarray(params)[:, 0] > 0.0)
    return int(hits[0]) if hits.size else None


# --------------------------------------------------------------------------------------------
# The printed report
# --------------------------------------------------------------------------------------------
def _align(text: str) -> str:
    """Pad a formatted number so that its decimal point (or exponent) falls in column 5."""
    match = re.match(r"-?\d+|-?inf|nan", text)
    whole = match.group(0) if match else ""
    return f"{whole:>4}{text[len(whole):]}"


def _num(value: float) -> str:
    """A float at full (``repr``) precision, its decimal point aligned in a column."""
    return _align(repr(float(value)))


def _line(label: str, value: float | str, note: str = "") -> None:
    shown = value if isinstance(value, str) else _num(value)
    print(f"  {label:<{LABEL_WIDTH}}{shown:<{VALUE_WIDTH}}{note}".rstrip())


def _heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def _list(values: Sequence[float] | np.ndarray) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def report_one_label() -> None:
    """Print the likelihood, log-likelihood and loss of one label."""
    y, p = ONE_LABEL
    _heading(f"1. One label: y = {y}, predicted p = P(y = 1) = {p}")
    likelihood = float(bernoulli_likelihood_terms([y], [p])[0])
    log_likelihood = float(bernoulli_log_likelihood_terms([y], [p])[0])
    _line("likelihood      L = p^y (1 - p)^(1 - y)", likelihood, "= p, since y = 1")
    _line("log-likelihood  log L", log_likelihood)
    _line("loss            -log L", -log_likelihood, "the negative log-likelihood")
    print("  Maximising L = maximising log L = minimising the loss -log L.")


def report_bernoulli() -> None:
    """Print the Bernoulli NLL of four labels, term by term, and the binary cross-entropy."""
    y, p = np.array(BERNOULLI_LABELS), np.array(BERNOULLI_PROBS)
    _heading(f"2. Bernoulli labels y = {list(BERNOULLI_LABELS)}, p = {list(BERNOULLI_PROBS)}")
    factors = bernoulli_likelihood_terms(y, p)
    terms = bernoulli_log_likelihood_terms(y, p)
    header = ("   log P(y_i | p_i)", "   -log P(y_i | p_i)")
    print(f"  {'i':>3}  {'y_i':>3}  {'p_i':>5}  {'P(y_i | p_i)':>12}  "
          f"{header[0]:<{VALUE_WIDTH}}{header[1]}")
    for i, (yi, pi, fi, ti) in enumerate(zip(y, p, factors, terms, strict=True), start=1):
        print(f"  {i:>3}  {yi:>3}  {pi:>5g}  {fi:>12g}  {_num(ti):<{VALUE_WIDTH}}{_num(-ti)}")
    nll = -float(np.sum(terms))
    _line("likelihood      L = prod P(y_i | p_i)", float(np.prod(factors)))
    _line("log-likelihood  sum log P(y_i | p_i)", -nll)
    _line("total NLL       -sum log P(y_i | p_i)", nll)
    _line("binary cross-entropy = mean NLL", -float(np.mean(terms)), "= total NLL / n, n = 4")


def report_categorical() -> None:
    """Print the categorical cross-entropy of three samples with three classes."""
    labels, probs = np.array(CATEGORICAL_LABELS), np.array(CATEGORICAL_PROBS)
    _heading(f"3. Categorical labels: true classes t = {list(CATEGORICAL_LABELS)}, k = 3")
    terms = categorical_log_likelihood_terms(labels, probs)
    print(f"  {'i':>3}  {'t_i':>3}  {'q_i (predicted distribution)':<30}   -log q_(i, t_i)")
    for i, (c, row, ti) in enumerate(zip(labels, probs, terms, strict=True), start=1):
        print(f"  {i:>3}  {c:>3}  {_list(row):<30}{_num(-ti)}")
    _line("total NLL       -sum log q_(i, t_i)", -float(np.sum(terms)))
    _line("categorical cross-entropy = mean NLL", -float(np.mean(terms)), "= total NLL / n, n = 3")


def report_gaussian() -> None:
    """Print the Gaussian NLL of three targets with and without its constant, and the MSE."""
    y, y_hat, sigma = np.array(GAUSSIAN_TARGETS), np.array(GAUSSIAN_PREDICTIONS), GAUSSIAN_SIGMA
    n = y.shape[0]
    _heading(f"4. Gaussian noise: y = {_list(y)}, y_hat = {_list(y_hat)}, sigma = {sigma:g}")
    _line("residuals r = y - y_hat", "   " + _list(np.round(y - y_hat, 12)))
    with_constant = float(np.sum(gaussian_nll_terms(y, y_hat, sigma)))
    without = float(np.sum(gaussian_nll_terms(y, y_hat, sigma, include_constant=False)))
    constant = gaussian_nll_constant(n, sigma)
    mse = float(np.mean(squared_error_terms(y, y_hat)))
    _line("Gaussian NLL, constant included", with_constant, "= C + (1/2) sum r^2/sigma^2")
    _line("Gaussian NLL, constant dropped", without, "= (1/2) sum r^2/sigma^2")
    _line("constant C = n (1/2) log(2 pi sigma^2)", constant, "n = 3; free of y_hat")
    _line("MSE = (1/n) sum r^2", mse, "NLL = C + n/(2 sigma^2) MSE")
    print("  With one sigma for all samples the NLL is an increasing function of the MSE:")
    print("  the same predictions minimise both.")
    print()
    print("  The same residuals under other sigmas: a smaller sigma punishes the errors harder")
    print("  but lowers the constant, which is negative once sigma < 1/sqrt(2 pi) = 0.399.")
    header = ("   constant C", "   (1/2) sum r^2 / sigma^2", "   NLL")
    print(f"  {'sigma':>5}  {header[0]:<{VALUE_WIDTH}}{header[1]:<{VALUE_WIDTH}}{header[2]}")
    for s in (0.1, 0.5, 1.0, 2.0):
        c = gaussian_nll_constant(n, s)
        fit = float(np.sum(gaussian_nll_terms(y, y_hat, s, include_constant=False)))
        total = float(np.sum(gaussian_nll_terms(y, y_hat, s)))
        print(f"  {s:>5g}  {_num(c):<{VALUE_WIDTH}}{_num(fit):<{VALUE_WIDTH}}{_num(total)}")


def report_regression(seed: int = DEFAULT_SEED) -> None:
    """Print a line fitted by least squares and by minimising the Gaussian NLL."""
    _heading(f"5. Regression: {N_POINTS} points y = {TRUE_SLOPE:g} x + {TRUE_INTERCEPT:g} + noise "
             f"N(0, {NOISE_SIGMA:g}^2), seed {seed}")
    x, y = make_line_data(seed=seed)
    by_lstsq = fit_line_least_squares(x, y)
    by_nll = fit_line_gaussian_nll(x, y, sigma=NOISE_SIGMA)
    diff = np.abs(by_lstsq - by_nll)
    print(f"  {'':<{LABEL_WIDTH}}{'   slope a':<{VALUE_WIDTH}}   intercept b")
    rows = (
        ("min MSE (np.linalg.lstsq)", _num(by_lstsq[0]), _num(by_lstsq[1])),
        (f"min Gaussian NLL, sigma = {NOISE_SIGMA:g} (BFGS)", _num(by_nll[0]), _num(by_nll[1])),
        ("|difference|", _align(f"{diff[0]:.1e}"), _align(f"{diff[1]:.1e}")),
    )
    for label, a, b in rows:
        print(f"  {label:<{LABEL_WIDTH}}{a:<{VALUE_WIDTH}}{b}")
    _line("MSE at the least-squares line", mse_of_line(by_lstsq, x, y))
    _line("Gaussian NLL at the least-squares line", gaussian_nll_of_line(by_lstsq, x, y))
    print("  The same line: with sigma fixed,")
    print("  NLL(a, b) = (n/2) log(2 pi sigma^2) + n / (2 sigma^2) * MSE(a, b).")


def report_underflow() -> None:
    """Print the likelihood and log-likelihood of many samples with probability 1/2 each."""
    _heading("6. Underflow: multiply the probabilities, or add their logs")
    p = 0.5
    m = first_underflow(p)
    assert m is not None
    products = running_likelihood(p, m)
    logs = running_log_likelihood(p, m)
    print(f"  n samples, each given probability {p}: the likelihood is {p}^n, in float64.")
    _line(f"likelihood      {p}^{m - 1}", float(products[m - 2]), "smallest positive float64")
    _line(f"likelihood      {p}^{m}", float(products[m - 1]), "underflow: exactly 0.0")
    _line(f"log-likelihood  {m} log {p}", float(logs[m - 1]), "sum of logs: still finite")


def report_classification(logits: Sequence[float] = CLASSIFICATION_LOGITS) -> None:
    """Print BCE and squared error of a label 1 against its logit, with their gradients."""
    _heading("7. Classification: binary cross-entropy vs squared error of p = sigma(z)")
    z = np.asarray(logits, dtype=float)
    y = np.ones_like(z)
    print("  label y = 1; each logit z gives p = sigma(z), then each loss and its d/dz")
    rows = zip(z.tolist(), sigmoid(z).tolist(), bce_logit_terms(y, z).tolist(),
               bce_logit_gradient(y, z).tolist(), squared_error_logit_terms(y, z).tolist(),
               squared_error_logit_gradient(y, z).tolist(), strict=True)
    for zi, p, bce, bce_grad, squared, squared_grad in rows:
        print(f"  z = {zi:g}: p = {p!r}")
        print(f"    {'BCE -log p':<14}{_num(bce):<{VALUE_WIDTH}}d/dz {_num(bce_grad)}")
        print(f"    {'(p - 1)^2':<14}{_num(squared):<{VALUE_WIDTH}}d/dz {_num(squared_grad)}")
    worst = float(z.min())
    ratio = float(bce_logit_gradient(1, worst) / squared_error_logit_gradient(1, worst))
    _line(f"ratio of the gradients at z = {worst:g}", ratio, "BCE / squared error")
    _line("largest |d (p - 1)^2 / dz| = 8/27", 8.0 / 27.0, "at p = 1/3, z = -log 2")
    print("  The squared error's gradient carries the sigmoid's slope p (1 - p), which vanishes")
    print("  when the model is confidently wrong; the BCE's gradient p - y does not.")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point: print the selected sections of the report."""
    parser = argparse.ArgumentParser(
        prog="python -m days.day48.code.mle_demo",
        description=(
            "Day 48: maximum likelihood and why the loss functions look the way they do. "
            "Prints the lesson's worked numbers at full precision: the likelihood, "
            "log-likelihood and loss of one label; the Bernoulli NLL and binary "
            "cross-entropy; the categorical cross-entropy; the Gaussian NLL with and without "
            "its constant, and the MSE; a line fitted by least squares and by minimising the "
            "Gaussian NLL (the same line); the underflow of a product of probabilities; and "
            "a label scored by the binary cross-entropy and by the squared error of sigma(z), "
            "with their gradients against the logit."
        ),
    )
    parser.add_argument(
        "--section",
        choices=("all", *SECTIONS),
        default="all",
        help="print only this section (default: all)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"seed of the regression's generated data (default: {DEFAULT_SEED})",
    )
    args = parser.parse_args(argv)

    reports = {
        "one-label": report_one_label,
        "bernoulli": report_bernoulli,
        "categorical": report_categorical,
        "gaussian": report_gaussian,
        "regression": lambda: report_regression(args.seed),
        "underflow": report_underflow,
        "classification": report_classification,
    }
    print("Day 48 - Maximum likelihood: why loss functions look the way they do")
    for name in SECTIONS if args.section == "all" else (args.section,):
        reports[name]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
