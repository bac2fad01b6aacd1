"""The hints of the Day 51 graded tests: one sentence per classic mistake, shared by the visible
and the hidden suites (and named by the fairness tests).

Each ``..._mistakes`` helper pairs a hint with the value that mistake gives, computed from the
right answer alone where the mistake rescales it; the other values are computed by each test
on its own input.
"""

from __future__ import annotations

import math

LN2, LN10 = math.log(2.0), math.log(10.0)

# ------------------------------------------------------------------------ logs and conventions
NAN_ZERO_LOG_ZERO = ("Your result is nan: an outcome with p = 0 gave 0 * log 0 = 0 * (-inf); by "
                     "the convention 0 log 0 = 0 such a term is 0, so sum only over p > 0.")
LOG10 = "You used log10; the course's logs are natural logs (np.log) unless base says otherwise."
LOG2 = "You used log2; the course's logs are natural logs (np.log) unless base says otherwise."
BASE_IGNORED = ("You ignored base: a log in base b is the natural log divided by ln b "
                "(np.log(p) / np.log(base)).")
BASE_MULTIPLIED = ("You multiplied by ln(base) instead of dividing: log_b(x) = ln(x) / ln(b), "
                   "so bits are nats divided by ln 2.")
SIGN = ("Your result has the wrong sign: entropies, cross-entropies and KL divergences are "
        ">= 0 (the minus sign makes -log p positive).")
AVERAGED_OVER_OUTCOMES = ("You averaged over the k outcomes (np.mean); the formula sums them, "
                          "each weighted by its probability p_i.")

# ----------------------------------------------------------------------------- cross-entropy
CE_SWAPPED = ("You swapped p and q: H(p, q) = -sum p_i log q_i takes the weights from p and the "
              "logs of q.")
KL_FOR_CE = ("You returned KL(p || q); the cross-entropy adds the entropy of p: "
             "H(p, q) = H(p) + KL(p || q).")
Q_ZERO_SKIPPED = ("An outcome with p > 0 and q = 0 must make the result inf: you skipped that "
                  "term (or counted log 0 as 0).")
CLIPPED = ("You clipped q (or added an epsilon): an outcome with p > 0 and q = 0 gives inf, "
           "not a large finite number.")

# ------------------------------------------------------------------------------ KL divergence
KL_SWAPPED = ("You computed KL(q || p): the divergence is not symmetric; KL(p || q) = "
              "sum p_i log(p_i / q_i) is weighted by p, the first argument.")
CE_FOR_KL = ("You returned the cross-entropy H(p, q); the KL divergence subtracts the entropy: "
             "KL(p || q) = H(p, q) - H(p).")

# ----------------------------------------------------------------------------- label smoothing
SMOOTHING_K_MINUS_1 = ("You spread eps over the k - 1 other classes; the docstring mixes with "
                       "the uniform distribution over all k classes: every class gets eps / k "
                       "and the true one 1 - eps + eps / k.")
SMOOTHING_ADDS_EPS = ("Your rows do not sum to 1: you added eps to every class; add eps / k "
                      "(the uniform distribution times eps).")
SMOOTHING_UNSCALED = ("Your rows do not sum to 1: keep only 1 - eps of the one-hot row, "
                      "(1 - eps) * one_hot + eps / k.")
SMOOTHING_TRUE_LOSES_SHARE = ("Your rows do not sum to 1: the true class gets its eps / k "
                              "share too, 1 - eps + eps / k.")


def rows_do_not_sum_to_one(sums: list[float]) -> str:
    """The hint for soft targets whose rows do not sum to 1 (no listed mistake matched)."""
    shown = ", ".join(f"{s:.6g}" for s in sums[:3])
    return (f"Your rows sum to {shown}{', ...' if len(sums) > 3 else ''}, not 1: soft targets "
            "are distributions; the one-hot part gets 1 - eps, the uniform part eps / k each.")


# ----------------------------------------------------------------------- soft cross-entropy
OVERFLOW = ("Your result is infinite where the loss is finite: exp of a large logit overflowed; "
            "subtract each row's maximum before exponentiating (log-sum-exp).")
LOG_OF_SOFTMAX = ("Your result is nan: exp of a large logit overflowed (inf - inf), or a softmax "
                  "entry underflowed to 0 and 0 * log 0 appeared; compute log-softmax with the "
                  "max shift, (z - max) - log(sum(exp(z - max))), never log(softmax).")
SUM_OVER_ROWS = "You returned the sum over the n samples; this loss is their mean (divide by n)."
MEAN_OVER_ENTRIES = ("You averaged over all n * k entries; sum over the k classes of each row, "
                     "then average over the n rows.")
KL_FOR_SOFT_CE = ("You returned the KL divergence from the targets; the cross-entropy adds the "
                  "targets' entropy H(t).")
HARD_LABELS = ("You replaced the soft targets by their argmax (hard labels); weight every "
               "class's -log q by its target probability.")

# ---------------------------------------------------------------------------------------- ECE
ECE_NAN = ("Your result is nan: an empty bin gave 0 / 0; skip empty bins (their weight "
           "|B_m| / n is 0).")
ECE_UNWEIGHTED = ("You averaged the bins' gaps equally; weight each bin's |acc - conf| by its "
                  "share of the samples, |B_m| / n.")
ECE_OVER_BINS = ("You divided by the number of bins; the weights are |B_m| / n, the share of "
                 "the samples in each bin.")
ECE_SIGNED = ("You dropped the absolute value: bins where the model is over-confident and "
              "under-confident cancel; sum |acc - conf| per bin.")
ECE_SQUARED = "You squared the gaps (a root-mean-square error); the ECE weights |acc - conf|."
ECE_TRUE_CLASS = ("You used the probability of the true class as the confidence; the "
                  "confidence is the largest probability (that of the predicted class).")
ECE_BINS_IGNORED = "You used 10 bins whatever the bins argument says."
ECE_LEFT_CLOSED = ("Your bins are closed on the left; a confidence on an edge m / M belongs to "
                   "bin m, ((m - 1) / M, m / M], as ceil(M c) says.")

# ------------------------------------------------------------------------ temperature scaling
T_ALL_ROWS = ("You fitted T on every row; fit it on the held-out rows only (held_out == True): "
              "the training rows are where the model is over-confident.")
T_TRAINING_ROWS = ("You fitted T on the training rows (held_out == False); fit it on the "
                   "held-out rows, which the model was not trained on.")
T_INVERTED = ("You returned 1 / T: the logits are divided by T, softmax(z / T), so "
              "over-confidence (NLL falling as logits shrink) means T > 1.")
T_OVERFLOW = ("Your T is nan or inf: exp of a large logit overflowed; subtract each row's "
              "maximum of beta * z (or z / T) before exponentiating.")
T_SHIFTED = ("These logits are those of another test shifted by up to ±3000 per row, which "
             "changes no softmax; if your T is right there, exp overflowed here: subtract each "
             "row's maximum of z / T before exponentiating.")
T_ONE = ("You returned T = 1: accuracy does not change with T (the ranking stays), so it cannot "
         "choose T; minimise the held-out NLL.")


def log_mistakes(expected: float, *, base: float | None = None) -> list[tuple[float, str]]:
    """A log in the wrong base, and the lost minus sign, for a value in nats (``base=None``) or
    in ``base``."""
    if base is None:
        return [(expected / LN10, LOG10), (expected / LN2, LOG2), (-expected, SIGN)]
    ln_b = math.log(base)
    return [(expected * ln_b, BASE_IGNORED), (expected * ln_b * ln_b, BASE_MULTIPLIED),
            (-expected, SIGN)]
