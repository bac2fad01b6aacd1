"""Day 51, visible graded tests: the docstring examples and the basic behaviour of each function.

Each test belongs to one function and is worth the points in its ``graded`` mark. The expected
numbers are written out, with a comment saying where they come from (exact fractions, or
60-digit arithmetic for the logs); so are the values the classic mistakes give on the same
input, which the hints are chosen by. The hidden suite checks other inputs and the edges.
"""

import math

import pytest

from course.checks import expect_close
from tests.day51 import hints
from tests.day51.array_checks import expect_array_close

LN2, LN3 = math.log(2.0), math.log(3.0)
INF, NAN = math.inf, math.nan


# ------------------------------------------------------------------------------------ entropy
@pytest.mark.graded("day51.entropy", points=2)
def test_entropy_in_bits(information):
    # -(1/2 log2 1/2 + 2 * 1/4 log2 1/4) = 1/2 + 1 = 1.5 bits (= 1.5 ln 2 nats)
    expect_close(
        information.entropy([0.5, 0.25, 0.25], base=2), 1.5,
        call="entropy([0.5, 0.25, 0.25], base=2)",
        mistakes=[*hints.log_mistakes(1.5, base=2.0),
                  (1.5 * LN2 / math.log(10.0), hints.LOG10)],
    )


@pytest.mark.graded("day51.entropy", points=2)
def test_entropy_zero_log_zero_is_zero(information):
    # A fair coin among three outcomes, one impossible: ln 2 nats; the 0 contributes nothing.
    expect_close(
        information.entropy([0.5, 0.5, 0.0]), LN2, call="entropy([0.5, 0.5, 0.0])",
        mistakes=[(NAN, hints.NAN_ZERO_LOG_ZERO), *hints.log_mistakes(LN2),
                  (LN2 / 3, hints.AVERAGED_OVER_OUTCOMES),  # a mean over all 3 outcomes
                  (LN2 / 2, hints.AVERAGED_OVER_OUTCOMES)],  # or over the 2 possible ones
    )


@pytest.mark.graded("day51.entropy", points=1)
def test_entropy_in_base_10(information):
    # -sum p log10 p for p = (0.1, 0.2, 0.3, 0.4): 1.2798542258336676 nats / ln 10
    expected = 0.55583362792012
    expect_close(
        information.entropy([0.1, 0.2, 0.3, 0.4], base=10), expected,
        call="entropy([0.1, 0.2, 0.3, 0.4], base=10)",
        mistakes=[*hints.log_mistakes(expected, base=10.0),
                  (1.8464393446710154, "You used log2 whatever base says: divide the natural "
                                       "log by ln(base).")],
    )


# ------------------------------------------------------------------------------ cross_entropy
@pytest.mark.graded("day51.cross_entropy", points=2)
def test_cross_entropy_docstring_example(information):
    # -(1/2 log 1/4 + 1/4 log 1/4 + 1/4 log 1/2) = (1 + 1/2 + 1/4) ln 2 = 1.75 ln 2
    expected = 1.2130075659799042
    expect_close(
        information.cross_entropy([0.5, 0.25, 0.25], [0.25, 0.25, 0.5]), expected,
        call="cross_entropy([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])",
        mistakes=[*hints.log_mistakes(expected), (expected / 3, hints.AVERAGED_OVER_OUTCOMES),
                  (0.25 * LN2, hints.KL_FOR_CE)],
    )


@pytest.mark.graded("day51.cross_entropy", points=2)
def test_cross_entropy_is_not_symmetric(information):
    p, q = [0.7, 0.2, 0.1], [0.2, 0.5, 0.3]
    # -(0.7 log 0.2 + 0.2 log 0.5 + 0.1 log 0.3); swapped: -(0.2 log 0.7 + 0.5 log 0.2 + ...)
    expected = 1.385633255248453
    expect_close(
        information.cross_entropy(p, q), expected, call=f"cross_entropy({p}, {q})",
        mistakes=[(1.5668294729030103, hints.CE_SWAPPED), *hints.log_mistakes(expected),
                  (0.5838147027051155, hints.KL_FOR_CE)],
    )


@pytest.mark.graded("day51.cross_entropy", points=2)
def test_cross_entropy_zero_probabilities(information):
    # Outcome 3 has p = 0 and q = 0: it adds nothing, so H(p, p) = H(p) = ln 2.
    expect_close(
        information.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]), LN2,
        call="cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0])",
        mistakes=[(NAN, hints.NAN_ZERO_LOG_ZERO), *hints.log_mistakes(LN2)],
    )
    # Outcome 2 has p = 1/2 and q = 0: the model calls a possible outcome impossible.
    expect_close(
        information.cross_entropy([0.5, 0.5], [1.0, 0.0]), INF,
        call="cross_entropy([0.5, 0.5], [1.0, 0.0])",
        mistakes=[(0.0, hints.Q_ZERO_SKIPPED), (NAN, hints.Q_ZERO_SKIPPED),
                  *[(-0.5 * math.log(e), hints.CLIPPED) for e in (1e-15, 1e-12, 1e-10, 1e-8)]],
    )


# ------------------------------------------------------------------------------ kl_divergence
@pytest.mark.graded("day51.kl_divergence", points=2)
def test_kl_divergence_docstring_example(information):
    # H(p, q) - H(p) = 1.75 ln 2 - 1.5 ln 2 = 0.25 ln 2
    expected = 0.17328679513998632
    expect_close(
        information.kl_divergence([0.5, 0.25, 0.25], [0.25, 0.25, 0.5]), expected,
        call="kl_divergence([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])",
        mistakes=[*hints.log_mistakes(expected), (expected / 3, hints.AVERAGED_OVER_OUTCOMES),
                  (1.75 * LN2, hints.CE_FOR_KL)],
    )


@pytest.mark.graded("day51.kl_divergence", points=2)
def test_kl_divergence_is_not_symmetric(information):
    p, q = [0.7, 0.2, 0.1], [0.2, 0.5, 0.3]
    # 0.7 log(0.7/0.2) + 0.2 log(0.2/0.5) + 0.1 log(0.1/0.3); KL(q || p) = 0.5371764588384368
    expected = 0.5838147027051155
    expect_close(
        information.kl_divergence(p, q), expected, call=f"kl_divergence({p}, {q})",
        mistakes=[(0.5371764588384368, hints.KL_SWAPPED), *hints.log_mistakes(expected),
                  (1.385633255248453, hints.CE_FOR_KL)],
    )


@pytest.mark.graded("day51.kl_divergence", points=2)
def test_kl_divergence_zero_probabilities(information):
    # p = 0 on outcome 3 (where q = 1/2): no term. 2 * 1/2 log((1/2) / (1/4)) = ln 2.
    expect_close(
        information.kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]), LN2,
        call="kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])",
        mistakes=[(NAN, hints.NAN_ZERO_LOG_ZERO), *hints.log_mistakes(LN2)],
    )
    # q = 0 where p = 1/3: infinite. Skipping that term leaves 2/3 log(2/3) < 0.
    expect_close(
        information.kl_divergence([1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]), INF,
        call="kl_divergence([1/3, 1/3, 1/3], [0.5, 0.5, 0.0])",
        mistakes=[(2 / 3 * math.log(2 / 3), hints.Q_ZERO_SKIPPED),
                  (NAN, hints.Q_ZERO_SKIPPED), (LN3 - LN2, hints.KL_SWAPPED),
                  *[(2 / 3 * math.log(2 / 3) + math.log(1 / 3 / e) / 3, hints.CLIPPED)
                    for e in (1e-15, 1e-12, 1e-10, 1e-8)]],
    )


# ---------------------------------------------------------------------------- label_smoothing
def _sums_hint(value):
    sums = value.sum(axis=1).tolist()
    if all(math.isclose(s, 1.0, abs_tol=1e-9) for s in sums):
        return None
    return hints.rows_do_not_sum_to_one(sums)


@pytest.mark.graded("day51.label_smoothing", points=2)
def test_label_smoothing_docstring_example(information):
    # eps / k = 0.1 everywhere, plus 1 - eps = 0.7 on the true class.
    expect_array_close(
        information.label_smoothing([2, 0], k=3, eps=0.3), [[0.1, 0.1, 0.8], [0.8, 0.1, 0.1]],
        call="label_smoothing([2, 0], k=3, eps=0.3)", explain=_sums_hint,
        mistakes=[
            ([[0.15, 0.15, 0.7], [0.7, 0.15, 0.15]], hints.SMOOTHING_K_MINUS_1),
            ([[0.3, 0.3, 1.0], [1.0, 0.3, 0.3]], hints.SMOOTHING_ADDS_EPS),
            ([[0.1, 0.1, 1.1], [1.1, 0.1, 0.1]], hints.SMOOTHING_UNSCALED),
            ([[0.1, 0.1, 0.7], [0.7, 0.1, 0.1]], hints.SMOOTHING_TRUE_LOSES_SHARE),
        ],
    )


@pytest.mark.graded("day51.label_smoothing", points=2)
def test_label_smoothing_four_classes(information):
    # eps / k = 0.05, true class 0.8 + 0.05 = 0.85
    expected = [[0.05, 0.85, 0.05, 0.05], [0.05, 0.05, 0.05, 0.85], [0.85, 0.05, 0.05, 0.05]]
    expect_array_close(
        information.label_smoothing([1, 3, 0], k=4, eps=0.2), expected,
        call="label_smoothing([1, 3, 0], k=4, eps=0.2)", explain=_sums_hint,
        mistakes=[([[0.2 / 3, 0.8, 0.2 / 3, 0.2 / 3], [0.2 / 3, 0.2 / 3, 0.2 / 3, 0.8],
                    [0.8, 0.2 / 3, 0.2 / 3, 0.2 / 3]], hints.SMOOTHING_K_MINUS_1)],
    )


@pytest.mark.graded("day51.label_smoothing", points=1)
def test_label_smoothing_extremes(information):
    # eps = 0 keeps the one-hot rows; eps = 1 gives the uniform distribution.
    expect_array_close(information.label_smoothing([1, 0], k=2, eps=0.0),
                       [[0.0, 1.0], [1.0, 0.0]], call="label_smoothing([1, 0], k=2, eps=0.0)",
                       explain=_sums_hint)
    expect_array_close(information.label_smoothing([1], k=4, eps=1.0),
                       [[0.25, 0.25, 0.25, 0.25]], call="label_smoothing([1], k=4, eps=1.0)",
                       explain=_sums_hint,
                       mistakes=[([[0.0, 0.0, 0.0, 0.0]], hints.SMOOTHING_TRUE_LOSES_SHARE)])


# --------------------------------------------------------------- soft_cross_entropy_with_logits
@pytest.mark.graded("day51.soft_cross_entropy_with_logits", points=2)
def test_soft_cross_entropy_docstring_examples(information):
    # Equal logits: softmax (1/2, 1/2), so the loss is ln 2 whatever the targets.
    expect_close(
        information.soft_cross_entropy_with_logits([[0.5, 0.5]], [[0.0, 0.0]]), LN2,
        call="soft_cross_entropy_with_logits([[0.5, 0.5]], [[0.0, 0.0]])",
        mistakes=[*hints.log_mistakes(LN2), (LN2 / 2, hints.MEAN_OVER_ENTRIES)],
    )
    # log-softmax of (1000, 0, -1000) is (-e^-1000, -1000, -2000) to 17 digits:
    # 0.9 * e^-1000 + 0.1 * 1000 + 0 * 2000 = 100.0.
    expect_close(
        information.soft_cross_entropy_with_logits([[0.9, 0.1, 0.0]],
                                                   [[1000.0, 0.0, -1000.0]]), 100.0,
        call="soft_cross_entropy_with_logits([[0.9, 0.1, 0.0]], [[1000.0, 0.0, -1000.0]])",
        rel=1e-10,
        mistakes=[(INF, hints.OVERFLOW), (NAN, hints.LOG_OF_SOFTMAX),
                  (100.0 / 3, hints.MEAN_OVER_ENTRIES), (-100.0, hints.SIGN),
                  (99.67491702660855, hints.KL_FOR_SOFT_CE), (0.0, hints.HARD_LABELS)],
    )


@pytest.mark.graded("day51.soft_cross_entropy_with_logits", points=2)
def test_soft_cross_entropy_two_rows(information):
    targets = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    logits = [[2.0, 1.0, 0.0], [0.5, -1.0, 1.5]]
    # mean over the rows of sum_j t_ij (logsumexp(z_i) - z_ij), in 60-digit arithmetic
    expected = 0.7645724981485316
    expect_close(
        information.soft_cross_entropy_with_logits(targets, logits), expected,
        call=f"soft_cross_entropy_with_logits({targets}, {logits})", rel=1e-10,
        mistakes=[(2 * expected, hints.SUM_OVER_ROWS), (expected / 3, hints.MEAN_OVER_ENTRIES),
                  (0.04414729205177448, hints.KL_FOR_SOFT_CE),
                  (0.3895724981485316, hints.HARD_LABELS), *hints.log_mistakes(expected)],
    )


# ----------------------------------------------------------------- expected_calibration_error
@pytest.mark.graded("day51.expected_calibration_error", points=2)
def test_ece_docstring_example(information):
    probs = [[0.75, 0.25], [0.25, 0.75], [0.375, 0.625], [0.875, 0.125]]
    # Bins of width 1/4. Bin (0.5, 0.75]: confidences 0.75, 0.75, 0.625, 2 of 3 right: gap
    # |2 - 2.125|. Bin (0.75, 1]: 0.875, right: gap |1 - 0.875|. (0.125 + 0.125) / 4 = 0.0625.
    expect_close(
        information.expected_calibration_error(probs, [0, 0, 1, 0], bins=4), 0.0625,
        call=f"expected_calibration_error({probs}, [0, 0, 1, 0], bins=4)",
        mistakes=[(NAN, hints.ECE_NAN), (0.0, hints.ECE_SIGNED),
                  (0.125 / 3 / 2 + 0.125 / 2, hints.ECE_UNWEIGHTED),  # (0.0417 + 0.125) / 2
                  ((0.125 / 3 + 0.125) / 4, hints.ECE_OVER_BINS),
                  (0.1875, hints.ECE_LEFT_CLOSED),  # 0.75 moved to the last bin
                  (0.25, hints.ECE_BINS_IGNORED)],  # the same with 10 bins
    )


@pytest.mark.graded("day51.expected_calibration_error", points=2)
def test_ece_three_classes_ten_bins(information):
    probs = [[1.0, 0.0, 0.0], [0.62, 0.28, 0.10], [0.15, 0.81, 0.04], [0.33, 0.33, 0.34],
             [0.05, 0.12, 0.83], [0.47, 0.41, 0.12], [0.2, 0.66, 0.14], [0.91, 0.06, 0.03]]
    labels = [0, 1, 1, 0, 2, 0, 2, 0]
    # Ten bins. Confidences 1.0 and 0.91 (both right) share the last bin: gap 0.09. Bin 9 holds
    # 0.81 and 0.83 (right): 0.36. Bin 7: 0.62 and 0.66 (wrong): 1.28. Bin 5: 0.47 (right):
    # 0.53. Bin 4: 0.34 (wrong): 0.34. ECE = (0.09 + 0.36 + 1.28 + 0.53 + 0.34) / 8 = 0.325.
    expect_close(
        information.expected_calibration_error(probs, labels), 0.325,
        call=f"expected_calibration_error({probs}, {labels})",
        mistakes=[(NAN, hints.ECE_NAN), (0.08, hints.ECE_SIGNED),
                  (0.347, hints.ECE_UNWEIGHTED), (0.1735, hints.ECE_OVER_BINS),
                  (0.4007103068302586, hints.ECE_SQUARED),
                  (0.21625, hints.ECE_TRUE_CLASS)],
    )


# ---------------------------------------------------------------------------- fit_temperature
@pytest.mark.graded("day51.fit_temperature", points=3)
def test_fit_temperature_docstring_example(information):
    logits = [[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]]
    labels, held_out = [0, 0, 0, 1, 0, 1], [True, True, True, True, False, False]
    # Held out: 3 of 4 rows right at a logit gap of 4. The NLL is minimal where the predicted
    # probability sigma(4 / T) equals the accuracy 3/4: T = 4 / ln 3.
    expected = 4 / LN3
    expect_close(
        information.fit_temperature(logits, labels, held_out), expected,
        call=f"fit_temperature({logits}, {labels}, {held_out})", rel=1e-6, abs_=0.0,
        mistakes=[(4 / math.log(5.0), hints.T_ALL_ROWS),  # all rows: 5 of 6 right
                  (LN3 / 4, hints.T_INVERTED), (1.0, hints.T_ONE)],
    )


@pytest.mark.graded("day51.fit_temperature", points=3)
def test_fit_temperature_three_classes(information):
    logits = [[3.0, 1.0, -1.0], [2.5, 0.5, 0.0], [0.0, 2.0, -0.5], [1.0, -2.0, 3.0],
              [4.0, 0.0, 0.0], [-1.0, 3.5, 0.5], [2.0, 2.2, -3.0]]
    labels = [0, 1, 1, 0, 0, 1, 0]
    held_out = [True, True, True, True, False, False, True]
    # The root of the slope of the held-out mean NLL in beta = 1 / T, by bisection to 1e-15.
    expected = 2.3291364299435124
    expect_close(
        information.fit_temperature(logits, labels, held_out), expected,
        call=f"fit_temperature({logits}, {labels}, {held_out})", rel=1e-6, abs_=0.0,
        mistakes=[(1.6327762270248927, hints.T_ALL_ROWS),
                  (1 / expected, hints.T_INVERTED), (1.0, hints.T_ONE)],
    )
