"""Day 49, hidden graded tests: extreme logits, tiny losses, and the conventions at the edges.

Not shipped in the student release. Expected values come from an independent 60-digit
reference written with mpmath here (and scipy.stats for one cross-check), never from the
reference solution. The tolerances are the ones stated in the module docstring.
"""

import math

import mpmath
import numpy as np
import pytest
from scipy import stats

from course.checks import (
    HALF_LOG_2PI,
    LN2,
    expect_close,
    fail,
    log_loss_mistakes,
    oracle,
    total_vs_mean_mistakes,
)
from tests.day49.array_checks import expect_array_close

mpmath.mp.dps = 60
MP = mpmath.mpf
INF = math.inf
# The one standard of the four logit functions (module docstring).
STANDARD = {"rel": 1e-12, "abs_": 2.2250738585072014e-308}

CLIP_EPSILONS = (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 2.220446049250313e-16)
CLIP_HINT = ("You turned logits into probabilities and clipped them (or added an epsilon); "
             "work with the logits directly (softplus / log-sum-exp) so no cap or floor is needed.")
OVERFLOW_HINT = ("Your result is infinite where the exact loss is finite: exp of a large logit "
                 "overflowed, or log met a sigmoid/softmax that rounded to 0; use the "
                 "log1p(exp(-|z|)) and max-shift forms.")
NAN_HINT = ("Your result is nan: a sigmoid or softmax saturated to exactly 0 or 1, then 0 * log 0 "
            "or inf - inf appeared; never exponentiate a large positive number.")
PLAIN_SHIFT_HINT = ("The max shift alone computes log(1 + e^-40) as log(1.0) = 0, so a tiny "
                    "log-probability becomes 0.0: add the other terms' e^(z - max) with log1p, "
                    "(z - max) - log1p(sum of the others).")
SUBTRACTION_HINT = ("You computed 1 - σ(z) by subtraction (or softplus(z) - y z): for a confident "
                    "right answer it rounds a loss like 4.25e-18 to 0.0; a label 0 costs "
                    "log1p(exp(z)) and a label 1 log1p(exp(-z)), for z < 0 and z > 0 "
                    "respectively, computed without a subtraction.")
ROUNDED_TO_ONE_HINT = ("You took the log of σ(z), which rounds to 1.0 for z >= 37 (or computed "
                       "softplus(z) - z, which cancels): a label 1 at z = 40 costs "
                       "log1p(exp(-40)) = 4.25e-18, not 0.0.")
# Logits from -1000 to 1000; none gives a subnormal answer, whose last digits are noise.
EXTREME_LOGITS = [-1000.0, -800.0, -745.0, -710.0, -100.0, -45.0, -40.0, -37.0, -20.0, -1.5,
                  -1e-8, 0.0, 1e-8, 0.75, 20.0, 37.0, 40.0, 45.0, 100.0, 700.0, 800.0,
                  1000.0]


# ------------------------------------------------------------------ the 60-digit reference
# Each oracle remembers its answers (``@oracle``): the grader asks them again per submission.
def softplus_exact(t: float) -> mpmath.mpf:
    """log(1 + e^t) to 60 digits."""
    return mpmath.log1p(mpmath.exp(MP(t)))


@oracle
def log_sigmoid_exact(z) -> np.ndarray:
    flat = [float(-softplus_exact(-v)) for v in np.ravel(np.asarray(z, float))]
    return np.reshape(np.array(flat), np.shape(z))


@oracle
def bce_exact(y, z) -> float:
    terms = [softplus_exact(-t) if label == 1 else softplus_exact(t)
             for label, t in zip(y, np.asarray(z, float).tolist(), strict=True)]
    return float(mpmath.fsum(terms) / len(terms))


def log_softmax_row_exact(row) -> list[mpmath.mpf]:
    """v - log Σ e^v for each v of ``row``, to 60 significant digits even when tiny (e^-700).

    Written as (v - max) - log1p(Σ of the other terms): v - max is exact in mpmath.
    """
    values = [MP(v) for v in row]
    top = max(range(len(values)), key=values.__getitem__)
    rest = mpmath.fsum(mpmath.exp(v - values[top]) for i, v in enumerate(values) if i != top)
    return [(v - values[top]) - mpmath.log1p(rest) for v in values]


@oracle
def log_softmax_exact(logits) -> np.ndarray:
    rows = np.asarray(logits, float).tolist()
    return np.array([[float(v) for v in log_softmax_row_exact(row)] for row in rows])


@oracle
def cross_entropy_exact(y, logits) -> float:
    rows = np.asarray(logits, float).tolist()
    terms = [-log_softmax_row_exact(row)[c] for row, c in zip(rows, y, strict=True)]
    return float(mpmath.fsum(terms) / len(terms))


@oracle
def gaussian_exact(y, mu, s) -> float:
    n = len(y)
    s = np.broadcast_to(np.asarray(s, float), (n,)).tolist()
    half_log_2pi = mpmath.log(2 * mpmath.pi) / 2
    terms = [half_log_2pi + MP(si) / 2 + (MP(a) - MP(m)) ** 2 * mpmath.exp(-MP(si)) / 2
             for a, m, si in zip(np.asarray(y, float).tolist(), np.asarray(mu, float).tolist(), s,
                                 strict=True)]
    return float(mpmath.fsum(terms))


@oracle
def laplace_exact(y, y_hat, b) -> float:
    n = len(y)
    b = np.broadcast_to(np.asarray(b, float), (n,)).tolist()
    terms = [mpmath.log(2 * MP(bi)) + abs(MP(a) - MP(p)) / MP(bi)
             for a, p, bi in zip(np.asarray(y, float).tolist(), np.asarray(y_hat, float).tolist(),
                                 b, strict=True)]
    return float(mpmath.fsum(terms))


@oracle
def poisson_exact(y, eta) -> float:
    terms = [mpmath.exp(MP(e)) - int(k) * MP(e) + mpmath.loggamma(int(k) + 1)
             for k, e in zip(y, np.asarray(eta, float).tolist(), strict=True)]
    return float(mpmath.fsum(terms))


def _quiet(function, *args):
    """Evaluate a deliberately naive formula without NumPy's overflow warnings."""
    with np.errstate(all="ignore"):
        return function(*args)


# --------------------------------------------------------------------------------- log_sigmoid
def _log_sigmoid_mistakes(z) -> list[tuple[np.ndarray, str]]:
    z = np.asarray(z, float)
    return [
        (_quiet(lambda v: np.log(1.0 / (1.0 + np.exp(-v))), z),
         "You took the log of σ(z): σ is 0 for z < -709.78 (exp(-z) overflows; log gives "
         "-inf) and rounds to 1 for z >= 37 (log gives 0); use min(z, 0) - log1p(exp(-|z|))."),
        (_quiet(lambda v: -np.log1p(np.exp(-v)), z),
         "exp(-z) overflowed for very negative z: only exponentiate -|z| (min(z, 0) - "
         "log1p(exp(-|z|)))."),
        (_quiet(lambda v: -np.log(1.0 + np.exp(-v)), z),
         "log(1 + e^-z) loses tiny values (1 + 4e-18 rounds to 1) and overflows for very "
         "negative z: use min(z, 0) - log1p(exp(-|z|))."),
    ]


@pytest.mark.graded("day49.log_sigmoid", points=3)
def test_log_sigmoid_from_minus_to_plus_1000(stable_losses):
    z = np.array(EXTREME_LOGITS)
    expect_array_close(stable_losses.log_sigmoid(z), log_sigmoid_exact(z), **STANDARD,
                       call=f"log_sigmoid({EXTREME_LOGITS})", mistakes=_log_sigmoid_mistakes(z))


@pytest.mark.graded("day49.log_sigmoid", points=1)
def test_log_sigmoid_of_a_random_matrix(stable_losses):
    z = np.random.default_rng(49).normal(0.0, 6.0, size=(4, 5))
    expect_array_close(stable_losses.log_sigmoid(z), log_sigmoid_exact(z), **STANDARD,
                       call="log_sigmoid(z) for a 4x5 matrix of logits",
                       mistakes=_log_sigmoid_mistakes(z))


@pytest.mark.graded("day49.log_sigmoid", points=1)
def test_log_sigmoid_of_a_list_of_ints(stable_losses):
    expect_array_close(stable_losses.log_sigmoid([-2, 0, 3]), log_sigmoid_exact([-2, 0, 3]),
                       **STANDARD, call="log_sigmoid([-2, 0, 3])")


# ----------------------------------------------------------------------------- bce_with_logits
def _bce_clip_mistakes(y, z) -> list[tuple[float, str]]:
    """The mean BCE after clipping σ(z) into [eps, 1 - eps], for each common eps."""
    found = []
    for eps in CLIP_EPSILONS:
        p = np.clip(_quiet(lambda v: 1.0 / (1.0 + np.exp(-v)), np.asarray(z, float)), eps, 1 - eps)
        y_arr = np.asarray(y, float)
        found.append((float(-np.mean(y_arr * np.log(p) + (1 - y_arr) * np.log(1 - p))), CLIP_HINT))
        found.append((float(-np.mean(y_arr * np.log(p) + (1 - y_arr) * np.log1p(-p))), CLIP_HINT))
    return found


@pytest.mark.graded("day49.bce_with_logits", points=3)
def test_bce_with_logits_tiny_losses_of_labels_0(stable_losses):
    y, z = [0, 0, 0], [-40.0, -37.5, -45.0]
    expected = bce_exact(y, z)  # about 2.0e-17: each term is log(1 + e^z)
    expect_close(stable_losses.bce_with_logits(y, z), expected, **STANDARD,
                 call=f"bce_with_logits({y}, {z})",
                 mistakes=[(0.0, SUBTRACTION_HINT), *log_loss_mistakes(expected, 3, wants="mean"),
                           *_bce_clip_mistakes(y, z)])


@pytest.mark.graded("day49.bce_with_logits", points=3)
def test_bce_with_logits_tiny_losses_of_labels_1(stable_losses):
    y, z = [1, 1, 1], [40.0, 37.5, 45.0]
    expected = bce_exact(y, z)  # about 2.0e-17: each term is log(1 + e^-z)
    expect_close(stable_losses.bce_with_logits(y, z), expected, **STANDARD,
                 call=f"bce_with_logits({y}, {z})",
                 mistakes=[(0.0, ROUNDED_TO_ONE_HINT),
                           *log_loss_mistakes(expected, 3, wants="mean"),
                           *_bce_clip_mistakes(y, z)])


@pytest.mark.graded("day49.bce_with_logits", points=3)
def test_bce_with_logits_from_minus_to_plus_1000(stable_losses):
    z = np.array(EXTREME_LOGITS * 2)
    y = np.array([0] * len(EXTREME_LOGITS) + [1] * len(EXTREME_LOGITS))
    expected = bce_exact(y.tolist(), z)
    expect_close(stable_losses.bce_with_logits(y, z), expected, **STANDARD,
                 call="bce_with_logits(y, z) for every label and logits from -1000 to 1000",
                 mistakes=[(INF, OVERFLOW_HINT), (math.nan, NAN_HINT), *_bce_clip_mistakes(y, z),
                           *log_loss_mistakes(expected, y.size, wants="mean")])


@pytest.mark.graded("day49.bce_with_logits", points=2)
def test_bce_with_logits_of_many_moderate_samples(stable_losses):
    rng = np.random.default_rng(4949)
    z = rng.normal(0.0, 3.0, size=1000)
    y = (rng.uniform(size=z.size) < 1 / (1 + np.exp(-z))).astype(int)
    expected = bce_exact(y.tolist(), z)
    swapped = bce_exact((1 - y).tolist(), z)
    expect_close(stable_losses.bce_with_logits(y, z), expected, **STANDARD,
                 call="bce_with_logits(y, z) for 1000 samples",
                 mistakes=[*log_loss_mistakes(expected, y.size, wants="mean"),
                           (swapped, "The labels are swapped: a label 1 at logit z costs "
                                     "softplus(-z), a label 0 softplus(z).")])


@pytest.mark.graded("day49.bce_with_logits", points=1)
def test_bce_with_logits_of_lists_of_ints(stable_losses):
    y, z = [1, 0, 0, 1], [3, -2, 5, 0]
    expected = bce_exact(y, z)
    expect_close(stable_losses.bce_with_logits(y, z), expected, **STANDARD,
                 call=f"bce_with_logits({y}, {z})",
                 mistakes=log_loss_mistakes(expected, 4, wants="mean"))


# --------------------------------------------------------------------------------- log_softmax
EXTREME_ROWS = [[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0], [800.0, 800.5, -5.0],
                [0.0, -40.0, -45.0], [-745.0, -746.0, -800.0], [710.0, 709.0, 0.0]]


def _log_softmax_mistakes(logits) -> list[tuple[np.ndarray, str]]:
    z = np.asarray(logits, float)

    def unshifted(v):
        return v - np.log(np.sum(np.exp(v), axis=1, keepdims=True))

    def global_shift(v):
        w = v - v.max()
        return w - np.log(np.sum(np.exp(w), axis=1, keepdims=True))

    def log_of_softmax(v):
        e = np.exp(v - v.max(axis=1, keepdims=True))
        return np.log(e / e.sum(axis=1, keepdims=True))

    def columns(v):
        w = v - v.max(axis=0, keepdims=True)
        return w - np.log(np.sum(np.exp(w), axis=0, keepdims=True))

    def plain_shift(v):
        w = v - v.max(axis=1, keepdims=True)
        return w - np.log(np.sum(np.exp(w), axis=1, keepdims=True))

    return [
        (_quiet(plain_shift, z), PLAIN_SHIFT_HINT),
        (_quiet(unshifted, z), "exp of a large logit overflowed (or all underflowed): subtract "
                               "each row's maximum before exponentiating (the missing max shift)."),
        (_quiet(global_shift, z), "You shifted by the maximum of the whole array; shift each row "
                                  "by its own maximum (max(axis=1, keepdims=True))."),
        (_quiet(log_of_softmax, z), "You took the log of the softmax: tiny probabilities underflow "
                                    "to 0 and their log is -inf; compute (z - max) - "
                                    "log(sum(exp(z - max))) directly."),
        (_quiet(columns, z), "You normalised down the columns (axis=0); each row is one sample."),
    ]


@pytest.mark.graded("day49.log_softmax", points=3)
def test_log_softmax_of_extreme_rows(stable_losses):
    expect_array_close(stable_losses.log_softmax(EXTREME_ROWS), log_softmax_exact(EXTREME_ROWS),
                       **STANDARD, call=f"log_softmax({EXTREME_ROWS})",
                       mistakes=_log_softmax_mistakes(EXTREME_ROWS))


@pytest.mark.graded("day49.log_softmax", points=1)
def test_log_softmax_of_a_random_matrix(stable_losses):
    z = np.random.default_rng(7).normal(0.0, 5.0, size=(20, 7))
    expect_array_close(stable_losses.log_softmax(z), log_softmax_exact(z), **STANDARD,
                       call="log_softmax(z) for 20 rows of 7 logits",
                       mistakes=_log_softmax_mistakes(z))


@pytest.mark.graded("day49.log_softmax", points=1)
def test_log_softmax_of_one_class(stable_losses):
    # A single class is certain: log 1 = 0, whatever the logit.
    expect_array_close(stable_losses.log_softmax([[1000.0], [-3.0]]), [[0.0], [0.0]],
                       **STANDARD, call="log_softmax([[1000.0], [-3.0]])",
                       mistakes=_log_softmax_mistakes([[1000.0], [-3.0]]))
    # A constant 0 fails once a row has two classes.
    rows = [[-3.0, 0.5], [1000.0, 999.0]]
    expect_array_close(stable_losses.log_softmax(rows), log_softmax_exact(rows), **STANDARD,
                       call=f"log_softmax({rows})", mistakes=_log_softmax_mistakes(rows))


# ------------------------------------------------------------------- cross_entropy_with_logits
def _ce_mistakes(y, logits) -> list[tuple[float, str]]:
    z = np.asarray(logits, float)
    rows = np.arange(z.shape[0])
    true = z[rows, np.asarray(y)]
    found = [(INF, OVERFLOW_HINT), (math.nan, NAN_HINT),
             (float(np.mean(z.max(axis=1) - true)),
              "You used the largest logit in place of log(sum(exp(z))): the max shift also "
              "needs + log(sum(exp(z - max))).")]
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
    for eps in CLIP_EPSILONS:
        found.append((float(-np.mean(np.log(np.clip(p[rows, np.asarray(y)], eps, 1 - eps)))),
                      CLIP_HINT))
    return found


@pytest.mark.graded("day49.cross_entropy_with_logits", points=3)
def test_cross_entropy_with_logits_of_extreme_rows(stable_losses):
    y = [2, 2, 0, 1, 0, 2]
    expected = cross_entropy_exact(y, EXTREME_ROWS)
    expect_close(stable_losses.cross_entropy_with_logits(y, EXTREME_ROWS), expected,
                 **STANDARD, call=f"cross_entropy_with_logits({y}, {EXTREME_ROWS})",
                 mistakes=[*_ce_mistakes(y, EXTREME_ROWS),
                           *log_loss_mistakes(expected, len(y), wants="mean")])


@pytest.mark.graded("day49.cross_entropy_with_logits", points=2)
def test_cross_entropy_with_logits_of_many_samples(stable_losses):
    rng = np.random.default_rng(500)
    z = rng.normal(0.0, 4.0, size=(200, 10))
    y = rng.integers(0, 10, size=200)
    expected = cross_entropy_exact(y.tolist(), z)
    predicted = z.argmax(axis=1).tolist()
    expect_close(
        stable_losses.cross_entropy_with_logits(y, z), expected, **STANDARD,
        call="cross_entropy_with_logits(y, logits) for 200 samples and 10 classes",
        mistakes=[*log_loss_mistakes(expected, 200, wants="mean"),
                  (cross_entropy_exact(predicted, z),
                   "You used each row's largest logit; use the logit of the true class.")])


@pytest.mark.graded("day49.cross_entropy_with_logits", points=1)
def test_cross_entropy_with_logits_of_one_class(stable_losses):
    expect_close(stable_losses.cross_entropy_with_logits([0, 0], [[1000.0], [-5.0]]), 0.0,
                 **STANDARD, call="cross_entropy_with_logits([0, 0], [[1000.0], [-5.0]])",
                 mistakes=[(INF, OVERFLOW_HINT), (math.nan, NAN_HINT)])
    # A constant 0 fails once a row has two classes.
    y, rows = [1, 0], [[-3.0, 0.5], [999.0, 1000.0]]
    expect_close(stable_losses.cross_entropy_with_logits(y, rows), cross_entropy_exact(y, rows),
                 **STANDARD, call=f"cross_entropy_with_logits({y}, {rows})",
                 mistakes=_ce_mistakes(y, rows))


@pytest.mark.graded("day49.cross_entropy_with_logits", points=2)
def test_cross_entropy_with_logits_keeps_tiny_losses(stable_losses):
    # Confident right answers: each loss is about e^-40 or e^-45 (log1p of the other terms).
    y, rows = [0, 2], [[40.0, 0.0, -5.0], [-50.0, -45.0, 0.0]]
    expected = cross_entropy_exact(y, rows)  # about 2.2e-18
    expect_close(stable_losses.cross_entropy_with_logits(y, rows), expected, **STANDARD,
                 call=f"cross_entropy_with_logits({y}, {rows})",
                 mistakes=[(0.0, PLAIN_SHIFT_HINT), *_ce_mistakes(y, rows),
                           *log_loss_mistakes(expected, 2, wants="mean")])


# ------------------------------------------------------------------------ gaussian_nll_log_var
def _gaussian_mistakes(y, mu, s) -> list[tuple[float, str]]:
    y, mu = np.asarray(y, float), np.asarray(mu, float)
    s = np.broadcast_to(np.asarray(s, float), y.shape)
    r2 = (y - mu) ** 2
    right = gaussian_exact(y, mu, s)

    def total(parts):
        return math.fsum(np.broadcast_to(parts, y.shape).tolist())

    with np.errstate(all="ignore"):
        return [
            (total(HALF_LOG_2PI + s + r2 * np.exp(-2 * s) / 2),
             "log_var is log σ², not log σ: the variance is exp(log_var) (σ = exp(log_var / 2))."),
            (total(s / 2 + r2 * np.exp(-s) / 2), "You dropped the constant ½ log 2π per sample; "
                                                 "this function keeps it."),
            (total(HALF_LOG_2PI + s + r2 * np.exp(-s) / 2),
             "The log-variance enters as ½ log σ² = ½ log_var: the ½ is missing."),
            (total(HALF_LOG_2PI + s / 2 + r2 * np.exp(-s)),
             "The squared residual is divided by 2σ²: the ½ is missing."),
            (total(HALF_LOG_2PI + s / 2 + r2 * np.exp(s) / 2),
             "Divide the squared residual by the variance exp(log_var): multiply by "
             "exp(-log_var), not exp(log_var)."),
            (-right, "Your result has the wrong sign: the NLL is minus the log-density."),
            *total_vs_mean_mistakes(right, y.size, wants="total"),
        ]


@pytest.mark.graded("day49.gaussian_nll_log_var", points=2)
def test_gaussian_nll_log_var_heteroscedastic(stable_losses):
    rng = np.random.default_rng(12)
    mu = rng.normal(0.0, 2.0, size=50)
    s = rng.uniform(-3.0, 3.0, size=50)
    y = mu + np.exp(s / 2) * rng.normal(size=50)
    expected = gaussian_exact(y, mu, s)
    # An independent cross-check of the 60-digit reference itself.
    assert math.isclose(expected, -math.fsum(stats.norm.logpdf(y, mu, np.exp(s / 2))),
                        rel_tol=1e-12)
    expect_close(stable_losses.gaussian_nll_log_var(y, mu, s), expected,
                 call="gaussian_nll_log_var(y, mean, log_var) for 50 samples",
                 mistakes=_gaussian_mistakes(y, mu, s))


@pytest.mark.graded("day49.gaussian_nll_log_var", points=1)
def test_gaussian_nll_log_var_scalar_log_var(stable_losses):
    y, mu, s = [1.0, -0.5, 2.0], [0.0, 0.0, 0.0], 0.7
    expect_close(stable_losses.gaussian_nll_log_var(y, mu, s), gaussian_exact(y, mu, s),
                 call=f"gaussian_nll_log_var({y}, {mu}, {s})",
                 mistakes=_gaussian_mistakes(y, mu, s))


@pytest.mark.graded("day49.gaussian_nll_log_var", points=2)
def test_gaussian_nll_log_var_where_exp_overflows(stable_losses):
    # exp(720) and exp(900) overflow to inf, but ½ log σ² is just ½ log_var.
    y, mu, s = [3.0, 1.0, 0.5], [0.0, 3.0, 0.5 + 1e-5], [720.0, 900.0, -30.0]
    expected = gaussian_exact(y, mu, s)
    expect_close(stable_losses.gaussian_nll_log_var(y, mu, s), expected,
                 call=f"gaussian_nll_log_var({y}, {mu}, {s})",
                 mistakes=[(INF, "exp(log_var) overflowed and you took its log: use log_var "
                                 "itself for log σ² (that is why the model predicts it)."),
                           (math.nan, "exp(log_var) overflowed to inf and inf met inf or 0: "
                                      "use log_var itself for log σ² and multiply by "
                                      "exp(-log_var)."),
                           *_gaussian_mistakes(y, mu, s)])


# --------------------------------------------------------------------------------- laplace_nll
RATE_HINT = ("You treated scale as a rate λ = 1/b (density λ/2 · e^(-λ|r|)): scale is the "
             "Laplace scale b, so the NLL is log(2b) + |y - ŷ| / b.")
LOG_OF_DENSITY_HINT = ("You took the log of the density (e.g. scipy.stats.laplace.logpdf, which "
                       "is log(pdf) there): e^(-|r|/b) underflows to 0 beyond about 745 scales; "
                       "write the log-density, log(2b) + |y - ŷ| / b, directly.")


def _laplace_mistakes(y, y_hat, b) -> list[tuple[float, str]]:
    y, y_hat = np.asarray(y, float), np.asarray(y_hat, float)
    b = np.broadcast_to(np.asarray(b, float), y.shape)
    r = np.abs(y - y_hat)
    right = laplace_exact(y, y_hat, b)

    def total(parts):
        return math.fsum(np.broadcast_to(parts, y.shape).tolist())

    with np.errstate(all="ignore"):  # b² and 2b overflow at b = 1e308
        return _laplace_mistake_values(y, y_hat, b, r, right, total)


def _laplace_mistake_values(y, y_hat, b, r, right, total) -> list[tuple[float, str]]:
    return [
        (total(r / b), "You dropped the log(2b) term; it is part of the NLL."),
        (total(np.log(b) + r / b), "You dropped log 2 from log(2b)."),
        (total(np.log(2 * b**2) + r / b**2), "You used b² in place of b: the Laplace scale b "
                                             "is not a variance."),
        (total(np.log(2 * b) + r / b**2), "You divided |y - ŷ| by b²: the Laplace scale b is "
                                          "not a variance, divide by b itself."),
        (total(np.log(2 * np.sqrt(b)) + r / np.sqrt(b)),
         "You took the square root of scale: it is already the Laplace scale b."),
        (total(np.log(2 * b) + r / (2 * b)), "The Laplace NLL has |y - ŷ| / b, with no ½."),
        (total(np.log(2 * b) + r**2 / b), "The residual enters as |y - ŷ|, not squared."),
        (total(np.log(2 / b) + r * b), RATE_HINT),
        (total(-np.log(2 * b) + r * b), RATE_HINT),
        (-right, "Your result has the wrong sign: the NLL is minus the log-density."),
        *total_vs_mean_mistakes(right, y.size, wants="total"),
    ]


@pytest.mark.graded("day49.laplace_nll", points=2)
def test_laplace_nll_random_scales(stable_losses):
    rng = np.random.default_rng(31)
    y_hat = rng.normal(size=40)
    b = rng.uniform(0.2, 4.0, size=40)
    y = y_hat + rng.laplace(0.0, b)
    expected = laplace_exact(y, y_hat, b)
    assert math.isclose(expected, -math.fsum(stats.laplace.logpdf(y, y_hat, b)), rel_tol=1e-12)
    expect_close(stable_losses.laplace_nll(y, y_hat, b), expected,
                 call="laplace_nll(y, y_pred, scale) for 40 samples",
                 mistakes=_laplace_mistakes(y, y_hat, b))


@pytest.mark.graded("day49.laplace_nll", points=1)
def test_laplace_nll_is_n_log_2b_plus_n_mae_over_b(stable_losses):
    rng = np.random.default_rng(32)
    y, y_hat = rng.normal(size=1000), rng.normal(size=1000)
    mae = math.fsum(np.abs(y - y_hat).tolist()) / 1000
    expected = 1000 * math.log(2 * 1.5) + 1000 * mae / 1.5
    expect_close(stable_losses.laplace_nll(y, y_hat, 1.5), expected,
                 call="laplace_nll(y, y_pred, 1.5) for 1000 samples",
                 mistakes=_laplace_mistakes(y, y_hat, 1.5))


@pytest.mark.graded("day49.laplace_nll", points=1)
def test_laplace_nll_of_integer_lists(stable_losses):
    y, y_hat, b = [1, 2, 3], [0, 0, 5], [1, 2, 4]
    expect_close(stable_losses.laplace_nll(y, y_hat, b), laplace_exact(y, y_hat, b),
                 call=f"laplace_nll({y}, {y_hat}, {b})", mistakes=_laplace_mistakes(y, y_hat, b))


# --------------------------------------------------------------------------------- poisson_nll
def _poisson_mistakes(y, eta) -> list[tuple[float, str]]:
    y, eta = np.asarray(y, float), np.asarray(eta, float)
    right = poisson_exact(y.astype(int).tolist(), eta)
    log_fact = np.array([math.lgamma(k + 1) for k in y.tolist()])
    with np.errstate(all="ignore"):
        log_fact_off = np.array([math.lgamma(k) if k > 0 else math.inf for k in y.tolist()])
        return [
            (math.fsum((np.exp(eta) - y * eta).tolist()),
             "You forgot the log y! term; this function keeps it: lgamma(y + 1)."),
            (math.fsum((np.exp(eta) - y * eta + log_fact_off).tolist()),
             "log y! is lgamma(y + 1), not lgamma(y) (that is log (y - 1)!)."),
            (math.fsum((eta - y * eta + log_fact).tolist()),
             "The rate is λ = exp(log_rate): the first term is e^η, not η."),
            (-right, "Your result has the wrong sign: the NLL is minus the log-probability."),
            *total_vs_mean_mistakes(right, y.size, wants="total"),
        ]


@pytest.mark.graded("day49.poisson_nll", points=2)
def test_poisson_nll_random_counts(stable_losses):
    rng = np.random.default_rng(77)
    eta = rng.uniform(-2.0, 3.0, size=60)
    y = rng.poisson(np.exp(eta))
    expected = poisson_exact(y.tolist(), eta)
    assert math.isclose(expected, -math.fsum(stats.poisson.logpmf(y, np.exp(eta))),
                        rel_tol=1e-12)
    expect_close(stable_losses.poisson_nll(y, eta), expected,
                 call="poisson_nll(y, log_rate) for 60 counts",
                 mistakes=_poisson_mistakes(y, eta))


@pytest.mark.graded("day49.poisson_nll", points=2)
def test_poisson_nll_of_counts_above_170(stable_losses):
    # 171! overflows a float, so log(factorial(y)) is inf; lgamma(y + 1) is not.
    y, eta = [171, 200, 250, 3], [5.1, 5.3, 5.5, 1.0]
    expect_close(stable_losses.poisson_nll(y, eta), poisson_exact(y, eta),
                 call=f"poisson_nll({y}, {eta})",
                 mistakes=[(INF, "y! overflowed (171! > 1.8e308): compute log y! as "
                                 "lgamma(y + 1) or scipy.special.gammaln(y + 1)."),
                           *_poisson_mistakes(y, eta)])


@pytest.mark.graded("day49.poisson_nll", points=2)
def test_poisson_nll_of_very_negative_log_rates(stable_losses):
    # exp(-800) underflows to 0, so log(exp(log_rate)) is -inf; y * log_rate is finite.
    y, eta = [1, 2, 0, 7], [-800.0, -1000.0, 5.0, 2.0]
    expected = poisson_exact(y, eta)
    expect_close(stable_losses.poisson_nll(y, eta), expected, call=f"poisson_nll({y}, {eta})",
                 mistakes=[(INF, "You computed the rate exp(log_rate) and then its log: "
                                 "exp(-800) underflows to 0 and log 0 = -inf; use y * log_rate."),
                           (math.nan, "You computed the rate exp(log_rate) and then its log "
                                      "(0 * log 0 is nan); use y * log_rate."),
                           *_poisson_mistakes(y, eta)])


@pytest.mark.graded("day49.poisson_nll", points=1)
def test_poisson_nll_of_zero_counts(stable_losses):
    # y = 0 contributes e^η only (log 0! = 0).
    y, eta = [0, 0], [LN2, -1.0]
    expected = poisson_exact(y, eta)
    expect_close(stable_losses.poisson_nll(y, eta), expected, call=f"poisson_nll({y}, {eta})",
                 mistakes=_poisson_mistakes(y, eta))


# ------------------------------------------------------------------ the extremes of the NLLs
@pytest.mark.graded("day49.gaussian_nll_log_var", points=2)
def test_gaussian_nll_log_var_at_minus_1000(stable_losses):
    # log_var = -1000: exp(1000) overflows, yet residuals of 0 and 1e-70 keep the exact NLL
    # finite (½ · 1e-140 · e^1000 is about 1e294).
    y, mu, s = [2.0, 1e-70, 0.5], [2.0, 0.0, 0.0], [-1000.0, -1000.0, 1000.0]
    expected = gaussian_exact(y, mu, s)
    expect_close(stable_losses.gaussian_nll_log_var(y, mu, s), expected,
                 call=f"gaussian_nll_log_var({y}, {mu}, {s})",
                 mistakes=[(math.nan, "0 * inf: (y - μ)² · exp(-log_var) is 0 · inf at "
                                      "log_var = -1000; multiply the residual by "
                                      "exp(-log_var / 2) first, then square it."),
                           (INF, "(y - μ)² underflowed or exp(-log_var) overflowed: square the "
                                 "standardised residual (y - μ) · exp(-log_var / 2) instead."),
                           *_gaussian_mistakes(y, mu, s)])


@pytest.mark.graded("day49.laplace_nll", points=2)
def test_laplace_nll_far_in_the_tail_and_at_huge_scales(stable_losses):
    # 800 and 2000 scales from the location: the density underflows, its log does not. A scale
    # of 1e308: 2b overflows, log 2 + log b does not.
    y, y_hat, b = [800.0, -1000.0, 1.0], [0.0, 1000.0, 0.0], [1.0, 1.0, 1e308]
    expected = laplace_exact(y, y_hat, b)
    expect_close(stable_losses.laplace_nll(y, y_hat, b), expected,
                 call=f"laplace_nll({y}, {y_hat}, {b})",
                 mistakes=[(INF, LOG_OF_DENSITY_HINT), *_laplace_mistakes(y, y_hat, b)])


@pytest.mark.graded("day49.laplace_nll", points=1)
def test_laplace_nll_scale_is_not_a_rate(stable_losses):
    y, y_hat, b = [1.0, 4.0, -2.0], [0.0, 1.0, 0.0], [0.25, 4.0, 2.0]
    expect_close(stable_losses.laplace_nll(y, y_hat, b), laplace_exact(y, y_hat, b),
                 call=f"laplace_nll({y}, {y_hat}, {b})", mistakes=_laplace_mistakes(y, y_hat, b))


@pytest.mark.graded("day49.poisson_nll", points=2)
def test_poisson_nll_of_large_counts_near_a_good_fit(stable_losses):
    # Counts up to 10^6 at log-rates log y (and near it): the terms e^η, yη and log y! are each
    # up to 1.4e7 and cancel to about 8; the graded tolerance holds here for the plain formula.
    y = [1000, 10**5, 10**6, 10**6, 37]
    eta = [math.log(1000), math.log(10**5), math.log(10**6), math.log(10**6) + 1e-3, 3.0]
    expect_close(stable_losses.poisson_nll(y, eta), poisson_exact(y, eta),
                 call=f"poisson_nll({y}, {eta})", mistakes=_poisson_mistakes(y, eta))


# -------------------------------------------------------------------------------- student_t_nll
@oracle
def student_t_exact(y, mu, s, nu) -> float:
    n = len(y)
    s = np.broadcast_to(np.asarray(s, float), (n,)).tolist()
    nu = np.broadcast_to(np.asarray(nu, float), (n,)).tolist()
    terms = []
    for a, m, si, v in zip(np.asarray(y, float).tolist(), np.asarray(mu, float).tolist(), s, nu,
                           strict=True):
        v, si = MP(v), MP(si)
        t2 = ((MP(a) - MP(m)) * mpmath.exp(-si)) ** 2
        terms.append(mpmath.loggamma(v / 2) - mpmath.loggamma((v + 1) / 2)
                     + mpmath.log(v * mpmath.pi) / 2 + si + (v + 1) / 2 * mpmath.log1p(t2 / v))
    return float(mpmath.fsum(terms))


T_OVERFLOW_HINT = ("t = (y - μ) · exp(-log_scale) overflowed (or t² did): write log(1 + t²/ν) as "
                   "the softplus of 2 (log|y - μ| - log_scale) - log ν, max(x, 0) + "
                   "log1p(exp(-|x|)).")
GAMMA_HINT = ("Γ(ν/2) overflows a float for ν > 343, so a ratio of Γ values is inf/inf: use "
              "math.lgamma(ν/2) - math.lgamma((ν + 1)/2).")


def _student_t_mistakes(y, mu, s, nu) -> list[tuple[float, str]]:
    y, mu = np.asarray(y, float), np.asarray(mu, float)
    s = np.broadcast_to(np.asarray(s, float), y.shape)
    nu = np.broadcast_to(np.asarray(nu, float), y.shape)
    right = student_t_exact(y, mu, s, nu)
    lg = np.vectorize(math.lgamma)
    norm = lg(nu / 2) - lg((nu + 1) / 2)

    def total(normaliser, scale_log, power, constant=True, keep_log_scale=True):
        with np.errstate(all="ignore"):
            t2 = ((y - mu) * np.exp(-scale_log)) ** 2
            parts = (normaliser + (0.5 * np.log(nu * np.pi) if constant else 0.0)
                     + (scale_log if keep_log_scale else 0.0) + power * np.log1p(t2 / nu))
        return math.fsum(parts.tolist())

    return [
        (total(-norm, s, (nu + 1) / 2), "The density has Γ((ν+1)/2) / Γ(ν/2) in front, so the "
                                         "NLL has lgamma(ν/2) - lgamma((ν+1)/2), not the "
                                         "reverse."),
        (total(norm, s / 2, (nu + 1) / 2), "log_scale is log σ, not log σ²: σ = exp(log_scale), "
                                           "and the NLL has + log_scale."),
        (total(norm, s, nu / 2), "The power of (1 + t²/ν) is -(ν+1)/2, not -ν/2."),
        (total(norm, s, (nu + 1) / 2, constant=False), "You dropped ½ log(νπ); this function "
                                                       "keeps every constant."),
        (total(norm, s, (nu + 1) / 2, keep_log_scale=False),
         "You dropped log σ = log_scale from the NLL (the 1/σ of the density)."),
        (-right, "Your result has the wrong sign: the NLL is minus the log-density."),
        *total_vs_mean_mistakes(right, y.size, wants="total"),
    ]


@pytest.mark.graded("day49.student_t_nll", points=3)
def test_student_t_nll_random_samples(stable_losses):
    rng = np.random.default_rng(4901)
    mu = rng.normal(0.0, 2.0, size=60)
    s = rng.uniform(-2.0, 2.0, size=60)
    nu = rng.uniform(0.5, 30.0, size=60)
    y = mu + np.exp(s) * rng.standard_t(nu)
    expected = student_t_exact(y, mu, s, nu)
    # An independent cross-check of the 60-digit reference itself.
    assert math.isclose(expected, -math.fsum(stats.t.logpdf(y, nu, mu, np.exp(s))),
                        rel_tol=1e-10)
    expect_close(stable_losses.student_t_nll(y, mu, s, nu), expected,
                 call="student_t_nll(y, loc, log_scale, df) for 60 samples",
                 mistakes=_student_t_mistakes(y, mu, s, nu))


@pytest.mark.graded("day49.student_t_nll", points=2)
def test_student_t_nll_at_extreme_log_scales(stable_losses):
    # log_scale -1000: t = e^1000 overflows, log(1 + t²/ν) is about 2000. log_scale 1000: t is
    # e^-1000, below every float, and the term is ν-independent 0; a zero residual costs only
    # the normaliser and the log-scale.
    y, mu, s = [1.0, -3.0, 5.0, 0.0], [0.0, 0.0, 5.0, 2.0], [-1000.0, 1000.0, -1000.0, 0.0]
    expected = student_t_exact(y, mu, s, 4.0)
    expect_close(stable_losses.student_t_nll(y, mu, s, 4.0), expected,
                 call=f"student_t_nll({y}, {mu}, {s}, 4.0)",
                 mistakes=[(INF, T_OVERFLOW_HINT), (math.nan, T_OVERFLOW_HINT),
                           *_student_t_mistakes(y, mu, s, 4.0)])


@pytest.mark.graded("day49.student_t_nll", points=2)
def test_student_t_nll_with_many_degrees_of_freedom(stable_losses):
    # ν = 1000: Γ(500) overflows a float, lgamma does not; ν = 0.5 has tails heavier than
    # the Cauchy's.
    y, mu, s, nu = [1.5, -0.5, 30.0], [0.0, 0.0, 0.0], [0.2, -0.3, 0.0], [1000.0, 1000.0, 0.5]
    expected = student_t_exact(y, mu, s, nu)
    expect_close(stable_losses.student_t_nll(y, mu, s, nu), expected,
                 call=f"student_t_nll({y}, {mu}, {s}, {nu})",
                 mistakes=[(math.nan, GAMMA_HINT), (INF, GAMMA_HINT), (-INF, GAMMA_HINT),
                           *_student_t_mistakes(y, mu, s, nu)])


@pytest.mark.graded("day49.student_t_nll", points=1)
def test_student_t_nll_of_integer_lists(stable_losses):
    y, mu, s, nu = [1, 2, 3], [0, 0, 5], [0, 1, -1], [1, 2, 3]
    expect_close(stable_losses.student_t_nll(y, mu, s, nu), student_t_exact(y, mu, s, nu),
                 call=f"student_t_nll({y}, {mu}, {s}, {nu})",
                 mistakes=_student_t_mistakes(y, mu, s, nu))


# ------------------------------------------------------------------ inputs are never modified
MUTATION_HINT = ("You modified an input array in place (e.g. y -= mu or z -= z.max()): the "
                 "caller's array changed; compute new arrays instead (r = y - mu).")


def call_keeping_inputs(function, *args):
    """Call ``function(*args)`` and fail with a hint if it changed any of the arrays."""
    __tracebackhide__ = True
    before = [np.array(a, copy=True) for a in args]
    got = function(*args)
    for position, (old, new) in enumerate(zip(before, args, strict=True)):
        if not np.array_equal(old, np.asarray(new), equal_nan=True):
            fail(f"{function.__name__} changed its argument {position + 1}: it was "
                 f"{old!r} before the call and is {np.asarray(new)!r} after.", MUTATION_HINT)
    return got


def float_arrays(*values):
    return [np.array(v, dtype=float) for v in values]


@pytest.mark.graded("day49.log_sigmoid", points=1)
def test_log_sigmoid_leaves_its_input_unchanged(stable_losses):
    (z,) = float_arrays([-3.0, 0.5, 45.0])
    expect_array_close(call_keeping_inputs(stable_losses.log_sigmoid, z),
                       log_sigmoid_exact([-3.0, 0.5, 45.0]), **STANDARD,
                       call="log_sigmoid(z) for the float array [-3.0, 0.5, 45.0]")


@pytest.mark.graded("day49.bce_with_logits", points=1)
def test_bce_with_logits_leaves_its_inputs_unchanged(stable_losses):
    y, z = float_arrays([1, 0, 0], [-3.0, 0.5, -45.0])
    expect_close(call_keeping_inputs(stable_losses.bce_with_logits, y, z),
                 bce_exact([1, 0, 0], [-3.0, 0.5, -45.0]), **STANDARD,
                 call="bce_with_logits(y, z) for float arrays [1, 0, 0], [-3.0, 0.5, -45.0]")


@pytest.mark.graded("day49.log_softmax", points=1)
def test_log_softmax_leaves_its_input_unchanged(stable_losses):
    rows = [[1.0, 3.0, -2.0], [0.0, -40.0, 5.0]]
    (z,) = float_arrays(rows)
    expect_array_close(call_keeping_inputs(stable_losses.log_softmax, z), log_softmax_exact(rows),
                       **STANDARD, call=f"log_softmax(z) for the float array {rows}")


@pytest.mark.graded("day49.cross_entropy_with_logits", points=1)
def test_cross_entropy_with_logits_leaves_its_inputs_unchanged(stable_losses):
    rows = [[1.0, 3.0, -2.0], [0.0, -40.0, 5.0]]
    y, z = float_arrays([2, 0], rows)
    expect_close(call_keeping_inputs(stable_losses.cross_entropy_with_logits, y, z),
                 cross_entropy_exact([2, 0], rows), **STANDARD,
                 call=f"cross_entropy_with_logits(y, z) for float arrays [2, 0], {rows}")


@pytest.mark.graded("day49.gaussian_nll_log_var", points=1)
def test_gaussian_nll_log_var_leaves_its_inputs_unchanged(stable_losses):
    values = ([1.0, -2.0, 0.5], [0.2, 0.5, 3.5], [-0.5, 0.3, 1.2])
    expect_close(call_keeping_inputs(stable_losses.gaussian_nll_log_var, *float_arrays(*values)),
                 gaussian_exact(*values), call=f"gaussian_nll_log_var for float arrays {values}",
                 mistakes=_gaussian_mistakes(*values))


@pytest.mark.graded("day49.laplace_nll", points=1)
def test_laplace_nll_leaves_its_inputs_unchanged(stable_losses):
    values = ([1.0, -2.0, 0.5], [0.2, 0.5, 3.5], [0.5, 1.5, 3.0])
    expect_close(call_keeping_inputs(stable_losses.laplace_nll, *float_arrays(*values)),
                 laplace_exact(*values), call=f"laplace_nll for float arrays {values}",
                 mistakes=_laplace_mistakes(*values))


@pytest.mark.graded("day49.poisson_nll", points=1)
def test_poisson_nll_leaves_its_inputs_unchanged(stable_losses):
    y, eta = [2, 0, 7], [0.5, -1.0, 2.0]
    expect_close(call_keeping_inputs(stable_losses.poisson_nll, *float_arrays(y, eta)),
                 poisson_exact(y, eta), call=f"poisson_nll for float arrays {y}, {eta}",
                 mistakes=_poisson_mistakes(y, eta))


@pytest.mark.graded("day49.student_t_nll", points=1)
def test_student_t_nll_leaves_its_inputs_unchanged(stable_losses):
    values = ([1.0, -2.0, 0.5], [0.2, 0.5, 3.5], [-0.5, 0.3, 1.2], [1.0, 4.0, 10.0])
    expect_close(call_keeping_inputs(stable_losses.student_t_nll, *float_arrays(*values)),
                 student_t_exact(*values), call=f"student_t_nll for float arrays {values}",
                 mistakes=_student_t_mistakes(*values))
