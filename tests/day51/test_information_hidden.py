"""Day 51, hidden graded tests: other inputs than the docstrings', and the conventions at the edges.

Not shipped in the student release. Expected values come from independent oracles, never from
the reference solution: the logs in 40-digit arithmetic (mpmath) for the information
quantities and the soft cross-entropy, plain loops over the bins for the ECE, and Newton's
method on the slope of the held-out NLL for the temperature. The values the classic mistakes
give are computed by the same oracles on the mistaken formula. No scipy here: its import would
cost each grading process time for nothing.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from course.checks import GradingFailure, expect_close, fail, generic_hint, oracle
from tests.day51 import hints
from tests.day51.array_checks import expect_array_close

INF, NAN = math.inf, math.nan
DIGITS = 40
CLIP_EPSILONS = (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7)


# --------------------------------------------------------------------------------------------
# Oracles
# --------------------------------------------------------------------------------------------
def _mp_log(x: float) -> mpmath.mpf:
    return mpmath.log(mpmath.mpf(x))


@oracle
def entropy_oracle(p: list[float], base: float | None = None) -> float:
    """-sum p log p over p > 0, in 40 digits; natural log unless ``base`` is given."""
    with mpmath.workdps(DIGITS):
        total = -mpmath.fsum(mpmath.mpf(x) * _mp_log(x) for x in p if x > 0)
        return float(total if base is None else total / _mp_log(base))


@oracle
def cross_entropy_oracle(p: list[float], q: list[float]) -> float:
    if any(a > 0 and b == 0 for a, b in zip(p, q, strict=True)):
        return INF
    with mpmath.workdps(DIGITS):
        return float(-mpmath.fsum(mpmath.mpf(a) * _mp_log(b)
                                  for a, b in zip(p, q, strict=True) if a > 0))


@oracle
def kl_oracle(p: list[float], q: list[float]) -> float:
    if any(a > 0 and b == 0 for a, b in zip(p, q, strict=True)):
        return INF
    with mpmath.workdps(DIGITS):
        return float(mpmath.fsum(mpmath.mpf(a) * (_mp_log(a) - _mp_log(b))
                                 for a, b in zip(p, q, strict=True) if a > 0))


@oracle
def soft_ce_oracle(targets: list[list[float]], logits: list[list[float]]) -> float:
    """Mean over rows of sum_j t_ij (log sum_l e^z_il - z_ij), in 40 digits."""
    with mpmath.workdps(DIGITS):
        rows = []
        for t, z in zip(targets, logits, strict=True):
            lse = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in z))
            rows.append(mpmath.fsum(mpmath.mpf(a) * (lse - mpmath.mpf(v))
                                    for a, v in zip(t, z, strict=True) if a > 0))
        return float(mpmath.fsum(rows) / len(rows))


def _entropies(rows: list[list[float]]) -> float:
    return math.fsum(entropy_oracle(row) for row in rows) / len(rows)


@oracle
def ece_oracle(probs: list[list[float]], labels: list[int], bins: int,
               variant: str = "right") -> float:
    """The ECE by loops over the samples; ``variant`` gives a classic mistake's value instead."""
    sums: dict[int, list[float]] = {}
    counts: dict[int, int] = {}
    for row, label in zip(probs, labels, strict=True):
        top = max(row)
        predicted = row.index(top)  # the first class holding the maximum
        confidence = row[label] if variant == "true class" else top
        if variant == "left":
            which = min(math.floor(confidence * bins), bins - 1)
        else:
            which = max(math.ceil(confidence * bins) - 1, 0)
        sums.setdefault(which, []).append(float(predicted == label) - confidence)
        counts[which] = counts.get(which, 0) + 1
    n = len(labels)
    gaps = {m: math.fsum(values) for m, values in sums.items()}
    if variant == "unweighted":
        return math.fsum(abs(g) / counts[m] for m, g in gaps.items()) / len(gaps)
    if variant == "over bins":
        return math.fsum(abs(g) / counts[m] for m, g in gaps.items()) / bins
    if variant == "signed":
        return abs(math.fsum(gaps.values())) / n
    if variant == "squared":
        return math.sqrt(math.fsum(g * g / counts[m] for m, g in gaps.items()) / n)
    return math.fsum(abs(g) for g in gaps.values()) / n


def ece_mistakes(probs: list[list[float]], labels: list[int], bins: int,
                 ) -> list[tuple[float, str]]:
    found = [(NAN, hints.ECE_NAN)]
    for variant, hint in (("signed", hints.ECE_SIGNED), ("unweighted", hints.ECE_UNWEIGHTED),
                          ("over bins", hints.ECE_OVER_BINS), ("squared", hints.ECE_SQUARED),
                          ("true class", hints.ECE_TRUE_CLASS), ("left", hints.ECE_LEFT_CLOSED)):
        found.append((ece_oracle(probs, labels, bins, variant), hint))
    if bins != 10:
        found.append((ece_oracle(probs, labels, 10), hints.ECE_BINS_IGNORED))
    return found


@oracle
def temperature_oracle(logits: np.ndarray, labels: np.ndarray) -> float:
    """The minimiser of the mean NLL of softmax(beta z): Newton's method on its slope in beta
    (the slope's derivative is the mean variance of z under softmax(beta z) > 0), kept inside
    a bracket of the root. Returns T = 1 / beta."""
    z = np.asarray(logits, dtype=float)
    true = z[np.arange(z.shape[0]), np.asarray(labels)]

    def slope_and_curvature(beta: float) -> tuple[float, float]:
        w = np.exp(beta * z - np.max(beta * z, axis=1, keepdims=True))
        w /= w.sum(axis=1, keepdims=True)
        mean = (w * z).sum(axis=1)
        variance = (w * (z - mean[:, None]) ** 2).sum(axis=1)
        return (math.fsum((mean - true).tolist()) / z.shape[0],
                math.fsum(variance.tolist()) / z.shape[0])

    low, high = 0.0, 1.0
    while slope_and_curvature(high)[0] < 0:
        low, high = high, 2 * high
    beta = 0.5 * (low + high)
    for _ in range(100):
        slope, curvature = slope_and_curvature(beta)
        if slope < 0:
            low = beta
        else:
            high = beta
        step = beta - slope / curvature
        beta_next = step if low < step < high else 0.5 * (low + high)
        if abs(beta_next - beta) <= 1e-16 * beta:
            break
        beta = beta_next
    return 1.0 / beta


def _values(array) -> list:
    return np.asarray(array, dtype=float).tolist()


# --------------------------------------------------------------------------------------------
# Data, built once per session (the grader runs every test for many submissions)
# --------------------------------------------------------------------------------------------
def _sparse_distribution(rng: np.random.Generator, k: int, zeros: float) -> np.ndarray:
    p = rng.gamma(0.7, size=k)
    p[rng.random(k) < zeros] = 0.0
    return p / p.sum()


@pytest.fixture(scope="session")
def long_pair():
    """p with a third of its 200 entries 0; q > 0 everywhere, some entries tiny."""
    rng = np.random.default_rng(5101)
    p = _sparse_distribution(rng, 200, 0.33)
    q = _sparse_distribution(rng, 200, 0.0)
    q[np.flatnonzero(p == 0)[:5]] = 1e-300
    q = q / q.sum()
    return p, q


@pytest.fixture(scope="session")
def soft_batch():
    """40 rows of 6 logits as large as 1000, with soft targets that hold zeros."""
    rng = np.random.default_rng(5102)
    logits = rng.uniform(-1000.0, 1000.0, size=(40, 6))
    targets = np.array([_sparse_distribution(rng, 6, 0.3) if i % 5 else np.eye(6)[i % 6]
                        for i in range(40)])
    return targets, logits


def _simulated_classifier(seed: int, n: int, k: int, scale: float, memorise: float):
    """A classifier's logits: labels drawn from softmax(u) for random true logits u; the model
    outputs scale * u, plus a bonus on the true class of its training rows (what fitting
    leaves behind). Returns logits, labels and the held-out mask (every other row)."""
    rng = np.random.default_rng(seed)
    u = rng.normal(0.0, 1.5, size=(n, k))
    p = np.exp(u - u.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(k, p=row) for row in p])
    held_out = rng.random(n) < 0.5
    logits = scale * u
    logits[~held_out, labels[~held_out]] += memorise
    return logits, labels, held_out


@pytest.fixture(scope="session")
def overconfident():
    return _simulated_classifier(5103, 600, 5, scale=2.5, memorise=3.0)


@pytest.fixture(scope="session")
def underconfident():
    return _simulated_classifier(5104, 300, 4, scale=0.4, memorise=1.0)


@pytest.fixture(scope="session")
def calibration_batch():
    """3000 predictions over 4 classes from an over-confident model (confidences >= 1/4)."""
    logits, labels, _ = _simulated_classifier(5105, 3000, 4, scale=2.0, memorise=0.0)
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    return probs, labels


def _temperature_mistakes(logits, labels, held_out) -> list[tuple[float, str]]:
    t = temperature_oracle(logits[held_out], labels[held_out])
    return [(temperature_oracle(logits, labels), hints.T_ALL_ROWS),
            (temperature_oracle(logits[~held_out], labels[~held_out]), hints.T_TRAINING_ROWS),
            (1.0 / t, hints.T_INVERTED), (1.0, hints.T_ONE)]


# ------------------------------------------------------------------------------------ entropy
@pytest.mark.graded("day51.entropy", points=2)
def test_entropy_of_200_outcomes_in_bits(information, long_pair):
    p = long_pair[0]
    expected = entropy_oracle(_values(p), 2.0)
    expect_close(information.entropy(p, base=2), expected,
                 call="entropy(p, base=2) for 200 outcomes, 66 of them with p = 0",
                 mistakes=[(NAN, hints.NAN_ZERO_LOG_ZERO), *hints.log_mistakes(expected, base=2.0),
                           (entropy_oracle(_values(p)) / math.log(10.0), hints.LOG10)])


@pytest.mark.graded("day51.entropy", points=1)
def test_entropy_in_base_3_and_of_a_certain_outcome(information):
    expected = math.log(4.0) / math.log(3.0)  # uniform over 4 outcomes: log_3 4
    expect_close(information.entropy(np.full(4, 0.25), base=3), expected,
                 call="entropy([0.25, 0.25, 0.25, 0.25], base=3)",
                 mistakes=hints.log_mistakes(expected, base=3.0))
    expect_close(information.entropy([0, 1, 0], base=3), 0.0, call="entropy([0, 1, 0], base=3)",
                 mistakes=[(NAN, hints.NAN_ZERO_LOG_ZERO)])


@pytest.mark.graded("day51.entropy", points=1)
def test_entropy_of_a_biased_coin_in_nats(information):
    expected = entropy_oracle([0.9, 0.1])
    expect_close(information.entropy(np.array([0.9, 0.1])), expected,
                 call="entropy(np.array([0.9, 0.1]))", mistakes=hints.log_mistakes(expected))


# ------------------------------------------------------------------------------ cross_entropy
@pytest.mark.graded("day51.cross_entropy", points=2)
def test_cross_entropy_of_200_outcomes(information, long_pair):
    p, q = long_pair
    expected = cross_entropy_oracle(_values(p), _values(q))
    expect_close(information.cross_entropy(p, q), expected,
                 call="cross_entropy(p, q) for 200 outcomes (p = 0 on 66 of them)",
                 mistakes=[(INF, hints.CE_SWAPPED), *hints.log_mistakes(expected),
                           (expected / 200, hints.AVERAGED_OVER_OUTCOMES),
                           (kl_oracle(_values(p), _values(q)), hints.KL_FOR_CE)])


@pytest.mark.graded("day51.cross_entropy", points=2)
def test_cross_entropy_with_a_tiny_and_a_zero_q(information):
    p, q = [0.25, 0.0, 0.75, 0.0], [1e-300, 0.0, 0.5, 0.5]
    # 0.25 * 690.78 (a huge but finite surprise) + 0.75 ln 2; the p = 0 entries add nothing.
    expected = cross_entropy_oracle(p, q)
    expect_close(information.cross_entropy(p, q), expected, call=f"cross_entropy({p}, {q})",
                 mistakes=[(NAN, hints.NAN_ZERO_LOG_ZERO), *hints.log_mistakes(expected),
                           *[(-0.25 * math.log(e) + 0.75 * math.log(2.0), hints.CLIPPED)
                             for e in CLIP_EPSILONS]])


@pytest.mark.graded("day51.cross_entropy", points=1)
def test_cross_entropy_infinite_where_q_misses_an_outcome(information):
    p, q = [0.6, 0.3, 0.1, 0.0], [0.5, 0.5, 0.0, 0.0]
    expect_close(information.cross_entropy(p, q), INF, call=f"cross_entropy({p}, {q})",
                 mistakes=[(cross_entropy_oracle(p[:2], q[:2]), hints.Q_ZERO_SKIPPED),
                           (NAN, hints.Q_ZERO_SKIPPED),
                           *[(cross_entropy_oracle(p[:2], q[:2]) - 0.1 * math.log(e),
                              hints.CLIPPED) for e in CLIP_EPSILONS]])
    swapped = cross_entropy_oracle(q, p)  # finite: q is 0 wherever p is 0
    expect_close(information.cross_entropy(q, p), swapped, call=f"cross_entropy({q}, {p})",
                 mistakes=[(INF, hints.CE_SWAPPED), (NAN, hints.NAN_ZERO_LOG_ZERO)])


# ------------------------------------------------------------------------------ kl_divergence
@pytest.mark.graded("day51.kl_divergence", points=2)
def test_kl_divergence_of_200_outcomes(information, long_pair):
    p, q = long_pair
    expected = kl_oracle(_values(p), _values(q))
    expect_close(information.kl_divergence(p, q), expected,
                 call="kl_divergence(p, q) for 200 outcomes (p = 0 on 66 of them)",
                 mistakes=[(INF, hints.KL_SWAPPED), (NAN, hints.NAN_ZERO_LOG_ZERO),
                           *hints.log_mistakes(expected),
                           (cross_entropy_oracle(_values(p), _values(q)), hints.CE_FOR_KL)])


@pytest.mark.graded("day51.kl_divergence", points=2)
def test_kl_divergence_of_two_coins_both_ways(information):
    fair, biased = [0.5, 0.5], [0.1, 0.9]
    forward, backward = kl_oracle(fair, biased), kl_oracle(biased, fair)
    expect_close(information.kl_divergence(fair, biased), forward,
                 call=f"kl_divergence({fair}, {biased})",
                 mistakes=[(backward, hints.KL_SWAPPED), *hints.log_mistakes(forward)])
    expect_close(information.kl_divergence(biased, fair), backward,
                 call=f"kl_divergence({biased}, {fair})",
                 mistakes=[(forward, hints.KL_SWAPPED), *hints.log_mistakes(backward)])


@pytest.mark.graded("day51.kl_divergence", points=1)
def test_kl_divergence_of_equal_and_of_disjoint_supports(information):
    p = [0.2, 0.0, 0.3, 0.5]
    expect_close(information.kl_divergence(p, p), 0.0, call=f"kl_divergence({p}, {p})",
                 mistakes=[(NAN, hints.NAN_ZERO_LOG_ZERO)])
    q = [0.0, 0.4, 0.6, 0.0]
    # p > 0 = q on outcomes 1 and 4: infinite; skipping them leaves 0.3 log(0.3 / 0.6)
    expect_close(information.kl_divergence(p, q), INF, call=f"kl_divergence({p}, {q})",
                 mistakes=[(0.3 * math.log(0.5), hints.Q_ZERO_SKIPPED),
                           (NAN, hints.Q_ZERO_SKIPPED)])


# ---------------------------------------------------------------------------- label_smoothing
def _smoothing_oracle(labels, k, eps) -> list[list[float]]:
    return [[(1.0 - eps) + eps / k if j == int(label) else eps / k for j in range(k)]
            for label in labels]


def _sums_hint(value):
    sums = value.sum(axis=1).tolist()
    if all(math.isclose(s, 1.0, abs_tol=1e-9) for s in sums):
        return None
    return hints.rows_do_not_sum_to_one(sums)


def _smoothing_mistakes(labels, k, eps) -> list[tuple[list[list[float]], str]]:
    other = eps / (k - 1)
    return [([[1.0 - eps if j == int(y) else other for j in range(k)] for y in labels],
             hints.SMOOTHING_K_MINUS_1)]


@pytest.mark.graded("day51.label_smoothing", points=2)
def test_label_smoothing_of_50_labels(information):
    labels = np.random.default_rng(5106).integers(0, 10, size=50)
    expect_array_close(information.label_smoothing(labels, 10, 0.05),
                       _smoothing_oracle(labels, 10, 0.05),
                       call="label_smoothing(labels, 10, 0.05) for 50 labels",
                       explain=_sums_hint, mistakes=_smoothing_mistakes(labels, 10, 0.05))


@pytest.mark.graded("day51.label_smoothing", points=1)
def test_label_smoothing_of_float_labels_and_numpy_numbers(information):
    labels, k, eps = [2.0, 0.0, 4.0], np.int64(5), np.float64(0.15)
    expect_array_close(information.label_smoothing(labels, k, eps),
                       _smoothing_oracle(labels, 5, 0.15),
                       call="label_smoothing([2.0, 0.0, 4.0], np.int64(5), np.float64(0.15))",
                       explain=_sums_hint, mistakes=_smoothing_mistakes(labels, 5, 0.15))


@pytest.mark.graded("day51.label_smoothing", points=1)
def test_label_smoothing_of_two_classes(information):
    expect_array_close(information.label_smoothing([0, 1, 1], 2, 0.5),
                       [[0.75, 0.25], [0.25, 0.75], [0.25, 0.75]],
                       call="label_smoothing([0, 1, 1], 2, 0.5)", explain=_sums_hint,
                       mistakes=_smoothing_mistakes([0, 1, 1], 2, 0.5))


# --------------------------------------------------------------- soft_cross_entropy_with_logits
def _soft_ce_mistakes(targets, logits, expected) -> list[tuple[float, str]]:
    n, k = np.shape(targets)
    hard = np.eye(k)[np.argmax(targets, axis=1)]
    return [(INF, hints.OVERFLOW), (NAN, hints.LOG_OF_SOFTMAX),
            (expected * n, hints.SUM_OVER_ROWS), (expected / k, hints.MEAN_OVER_ENTRIES),
            (expected - _entropies(_values(targets)), hints.KL_FOR_SOFT_CE),
            (soft_ce_oracle(_values(hard), _values(logits)), hints.HARD_LABELS),
            *hints.log_mistakes(expected)]


@pytest.mark.graded("day51.soft_cross_entropy_with_logits", points=3)
def test_soft_cross_entropy_of_huge_logits(information, soft_batch):
    targets, logits = soft_batch
    expected = soft_ce_oracle(_values(targets), _values(logits))
    expect_close(information.soft_cross_entropy_with_logits(targets, logits), expected,
                 call="soft_cross_entropy_with_logits(targets, logits) for 40 rows of 6 logits "
                      "in [-1000, 1000]", rel=1e-10,
                 mistakes=_soft_ce_mistakes(targets, logits, expected))


@pytest.mark.graded("day51.soft_cross_entropy_with_logits", points=2)
def test_soft_cross_entropy_of_one_hot_targets(information):
    targets = np.eye(4)[[3, 0, 2, 2, 1]]
    logits = np.array([[0.3, -1.2, 2.0, 0.5], [1.5, 1.0, -0.5, 0.0], [0.0, 0.0, 0.0, 0.0],
                       [-2.0, 3.0, 1.0, 0.5], [0.25, 0.75, -1.0, 2.5]])
    expected = soft_ce_oracle(_values(targets), _values(logits))  # Day 49's cross-entropy
    expect_close(information.soft_cross_entropy_with_logits(targets, logits), expected,
                 call=f"soft_cross_entropy_with_logits(one-hot rows of {[3, 0, 2, 2, 1]}, "
                      f"{logits.tolist()})", rel=1e-10,
                 mistakes=_soft_ce_mistakes(targets, logits, expected))


@pytest.mark.graded("day51.soft_cross_entropy_with_logits", points=1)
def test_soft_cross_entropy_ignores_a_shift_of_each_row(information):
    targets = [[0.05, 0.05, 0.9], [0.45, 0.1, 0.45], [0.9, 0.05, 0.05]]
    logits = [[1.0, -1.0, 2.0], [0.0, 0.0, 0.5], [-3.0, 1.0, 1.0]]
    shifted = [[v + shift for v in row] for row, shift in zip(logits, (900.0, -950.0, 30.0),
                                                               strict=True)]
    expected = soft_ce_oracle(targets, logits)
    expect_close(information.soft_cross_entropy_with_logits(targets, shifted), expected,
                 call=f"soft_cross_entropy_with_logits({targets}, {shifted})", rel=1e-10,
                 mistakes=_soft_ce_mistakes(targets, logits, expected))


# ----------------------------------------------------------------- expected_calibration_error
@pytest.mark.graded("day51.expected_calibration_error", points=3)
def test_ece_of_3000_predictions_in_15_bins(information, calibration_batch):
    probs, labels = calibration_batch
    rows, classes = _values(probs), [int(v) for v in labels]
    expected = ece_oracle(rows, classes, 15)
    expect_close(information.expected_calibration_error(probs, labels, 15), expected,
                 call="expected_calibration_error(probs, labels, 15) for 3000 predictions over "
                      "4 classes", mistakes=ece_mistakes(rows, classes, 15))


@pytest.mark.graded("day51.expected_calibration_error", points=1)
def test_ece_with_one_bin(information, calibration_batch):
    probs, labels = calibration_batch[0][:500], calibration_batch[1][:500]
    rows, classes = _values(probs), [int(v) for v in labels]
    expected = ece_oracle(rows, classes, 1)  # |accuracy - mean confidence|
    expect_close(information.expected_calibration_error(probs, labels, bins=1), expected,
                 call="expected_calibration_error(probs, labels, bins=1) for 500 predictions",
                 mistakes=ece_mistakes(rows, classes, 1))


@pytest.mark.graded("day51.expected_calibration_error", points=1)
def test_ece_confidences_on_the_edges(information):
    probs = [[0.25, 0.25, 0.25, 0.25], [0.5, 0.5, 0.0, 0.0], [0.0, 0.75, 0.25, 0.0],
             [0.0, 0.0, 0.0, 1.0], [0.125, 0.125, 0.125, 0.625], [0.5, 0.25, 0.25, 0.0]]
    labels = [0, 1, 1, 3, 2, 0]
    # Confidences 0.25, 0.5, 0.75, 1.0 lie on edges (bins of width 1/4) and go to the bin
    # below; a tie predicts the first class (rows 1 and 2).
    expected = ece_oracle(probs, labels, 4)
    expect_close(information.expected_calibration_error(probs, labels, bins=4), expected,
                 call=f"expected_calibration_error({probs}, {labels}, bins=4)",
                 mistakes=ece_mistakes(probs, labels, 4))


# ---------------------------------------------------------------------------- fit_temperature
@pytest.mark.graded("day51.fit_temperature", points=3)
def test_fit_temperature_of_an_overconfident_model(information, overconfident):
    logits, labels, held_out = overconfident
    expected = temperature_oracle(logits[held_out], labels[held_out])
    expect_close(information.fit_temperature(logits, labels, held_out), expected,
                 call="fit_temperature(logits, labels, held_out) for 600 rows of 5 classes, "
                      "logits 2.5 times too large", rel=1e-6, abs_=0.0,
                 mistakes=_temperature_mistakes(logits, labels, held_out))


@pytest.mark.graded("day51.fit_temperature", points=2)
def test_fit_temperature_of_an_underconfident_model(information, underconfident):
    logits, labels, held_out = underconfident
    mask = [int(v) for v in held_out]  # a list of 0 and 1 works as well as booleans
    expected = temperature_oracle(logits[held_out], labels[held_out])
    expect_close(information.fit_temperature(logits, labels, mask), expected,
                 call="fit_temperature(logits, labels, held_out as 0/1) for 300 rows of 4 "
                      "classes, logits 0.4 times the calibrated ones", rel=1e-6, abs_=0.0,
                 mistakes=_temperature_mistakes(logits, labels, held_out))


@pytest.mark.graded("day51.fit_temperature", points=1)
def test_fit_temperature_of_shifted_logits(information, overconfident):
    logits, labels, held_out = overconfident
    # Adding a constant to a row changes no softmax: the fitted T must not move either.
    shifted = logits + np.linspace(-3000.0, 3000.0, logits.shape[0])[:, None]
    expected = temperature_oracle(logits[held_out], labels[held_out])
    try:
        expect_close(information.fit_temperature(shifted, labels, held_out), expected,
                     call="fit_temperature(logits + a shift of up to ±3000 per row, labels, "
                          "held_out)", rel=1e-6, abs_=0.0,
                     mistakes=[(NAN, hints.T_OVERFLOW), (INF, hints.T_OVERFLOW),
                               *_temperature_mistakes(logits, labels, held_out)])
    except GradingFailure as failure:
        if failure.hint != generic_hint(0.0, 1.0):
            raise
        # A wrong T that no listed mistake explains: only the shift differs from the test of
        # the same logits unshifted, so an overflow is the likely cause.
        fail(str(failure).split("\nHint: ")[0], hints.T_SHIFTED)
