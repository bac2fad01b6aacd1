"""Day 49, visible graded tests: the docstring examples and the basic behaviour of each loss.

Each test belongs to one function and is worth the points in its ``graded`` mark. Expected
numbers were computed once with 60-digit arithmetic (mpmath) and are written out here. The
hidden suite checks many more extreme inputs against a high-precision reference.
"""

import math

import pytest

from course.checks import HALF_LOG_2PI, expect_close, log_loss_mistakes, total_vs_mean_mistakes
from tests.day49.array_checks import expect_array_close

LN = math.log
INF = math.inf
TINY = 4.248354255291589e-18  # log(1 + e^-40): the loss of a label 0 at logit -40
# The one standard of the four logit functions (module docstring): relative 1e-12 against the
# exact value rounded to float64, absolute only below the smallest normal float64.
SMALLEST_NORMAL = 2.2250738585072014e-308
STANDARD = {"rel": 1e-12, "abs_": SMALLEST_NORMAL}
# The epsilons people clip probabilities with; each caps a loss or floors a tiny one.
CLIP_EPSILONS = (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 2.220446049250313e-16)
CLIP_HINT = ("You turned logits into probabilities and clipped them (or added an epsilon); "
             "work with the logits directly (softplus / log-sum-exp) so no cap or floor is needed.")
OVERFLOW_HINT = ("Your result is infinite where the exact loss is finite: exp of a large logit "
                 "overflowed, or log met a sigmoid/softmax that rounded to 0; use the "
                 "log1p(exp(-|z|)) and max-shift forms.")
NAN_HINT = ("Your result is nan: a sigmoid or softmax saturated to exactly 0 or 1, then 0 * log 0 "
            "or inf - inf appeared; never exponentiate a large positive number.")


# --------------------------------------------------------------------------------- log_sigmoid
@pytest.mark.graded("day49.log_sigmoid", points=2)
def test_log_sigmoid_docstring_example(stable_losses):
    # log σ(0) = -log 2; log σ(40) = -log(1 + e^-40) = -4.248e-18; log σ(-1000) = -1000 - e^-1000.
    expected = [-0.6931471805599453, -TINY, -1000.0]
    expect_array_close(
        stable_losses.log_sigmoid([0.0, 40.0, -1000.0]), expected,
        call="log_sigmoid([0.0, 40.0, -1000.0])", **STANDARD,
        mistakes=[
            ([-0.6931471805599453, 0.0, -INF],
             "You took the log of σ(z): σ(-1000) underflows to 0 (log gives -inf) and σ(40) "
             "rounds to 1 (log gives 0); use min(z, 0) - log1p(exp(-|z|))."),
            ([-0.6931471805599453, -TINY, -INF],
             "exp(-z) overflowed at z = -1000: only exponentiate -|z| (min(z, 0) - "
             "log1p(exp(-|z|)))."),
            ([0.6931471805599453, TINY, 1000.0],
             "Your values have the wrong sign: log σ(z) <= 0 (softplus(-z) is its negative)."),
        ],
    )


@pytest.mark.graded("day49.log_sigmoid", points=1)
def test_log_sigmoid_of_moderate_logits(stable_losses):
    z = [-3.0, -0.5, 0.25, 2.0, 8.5]
    # -log(1 + e^-z) for each z, to 16 digits
    expected = [-3.048587351573742, -0.9740769841801067, -0.5759394198788436,
                -0.1269280110429725, -0.0002034476721294431]
    expect_array_close(
        stable_losses.log_sigmoid(z), expected, call=f"log_sigmoid({z})", **STANDARD,
        mistakes=[
            ([-v for v in expected], "Your values have the wrong sign: log σ(z) <= 0."),
            ([-0.04858735157374206, -0.47407698418010663, -0.8259394198788436,
              -2.1269280110429727, -8.500203447672129],
             "You computed log σ(-z) = log(1 - σ(z)); log_sigmoid is log σ(z) = -log(1 + e^-z)."),
            ([v / math.log(10) for v in expected],
             "You used log10; the course's logs are natural logs."),
        ],
    )


@pytest.mark.graded("day49.log_sigmoid", points=1)
def test_log_sigmoid_keeps_the_shape(stable_losses):
    z = [[1.0, -1.0], [30.0, -30.0]]
    # log σ(30) = -log(1 + e^-30) = -9.36e-14, kept to full relative precision
    expected = [[-0.3132616875182228, -1.3132616875182228],
                [-9.357622968839737e-14, -30.000000000000092]]
    expect_array_close(stable_losses.log_sigmoid(z), expected, call=f"log_sigmoid({z})",
                       **STANDARD)


# ----------------------------------------------------------------------------- bce_with_logits
@pytest.mark.graded("day49.bce_with_logits", points=2)
def test_bce_with_logits_docstring_example(stable_losses):
    # (softplus(-2) + softplus(-1) + softplus(0)) / 3 where softplus(t) = log(1 + e^t)
    expected = 0.3777789597070469
    expect_close(
        stable_losses.bce_with_logits([1, 0, 1], [2.0, -1.0, 0.0]), expected,
        call="bce_with_logits([1, 0, 1], [2.0, -1.0, 0.0])", **STANDARD,
        mistakes=[
            *log_loss_mistakes(expected, 3, wants="mean"),
            # (softplus(2) + softplus(1) + softplus(0)) / 3
            (1.3777789597070471, "The labels are swapped: a label 1 at logit z costs "
                                 "-log σ(z) = softplus(-z), a label 0 costs softplus(z)."),
        ],
    )


@pytest.mark.graded("day49.bce_with_logits", points=2)
def test_bce_with_logits_keeps_a_tiny_loss(stable_losses):
    # One label 0 at logit -40: -log(1 - σ(-40)) = log(1 + e^-40) = 4.248e-18.
    expect_close(
        stable_losses.bce_with_logits([0], [-40.0]), TINY,
        call="bce_with_logits([0], [-40.0])", **STANDARD,
        mistakes=[
            (0.0, "You computed 1 - σ(z) by subtraction (or softplus(z) - y z): at z = -40 it "
                  "rounds the loss 4.25e-18 to 0.0; a label 0 costs softplus(z) = "
                  "log1p(exp(z)), computed without a subtraction."),
            (-TINY, "Your result has the wrong sign: the loss is minus the log-likelihood."),
            *[(-math.log1p(-e), CLIP_HINT) for e in CLIP_EPSILONS],
        ],
    )


@pytest.mark.graded("day49.bce_with_logits", points=2)
def test_bce_with_logits_of_huge_logits(stable_losses):
    # Two confident right answers (loss e^-1000, about 0) and two confident wrong ones
    # (loss 1000 + e^-1000 each): the mean is 500.
    y, z = [1, 0, 1, 0], [1000.0, -1000.0, -1000.0, 1000.0]
    expect_close(
        stable_losses.bce_with_logits(y, z), 500.0, call=f"bce_with_logits({y}, {z})",
        **STANDARD,
        mistakes=[
            (INF, OVERFLOW_HINT), (math.nan, NAN_HINT),
            *[(-(LN(e) + math.log1p(-e)) / 2, CLIP_HINT) for e in CLIP_EPSILONS],
            *log_loss_mistakes(500.0, 4, wants="mean"),
        ],
    )


# --------------------------------------------------------------------------------- log_softmax
LN2, LN3, LN4 = LN(2.0), LN(3.0), LN(4.0)


@pytest.mark.graded("day49.log_softmax", points=2)
def test_log_softmax_docstring_example(stable_losses):
    logits = [[1000.0, 1000.0], [0.0, LN3]]
    # Row 0: two equal logits, each log ½. Row 1: probabilities ¼ and ¾.
    expected = [[-LN2, -LN2], [-LN4, LN3 - LN4]]
    expect_array_close(
        stable_losses.log_softmax(logits), expected, call="log_softmax([[1000.0, 1000.0], "
        "[0.0, log 3]])", **STANDARD,
        mistakes=[
            ([[-INF, -INF], [-LN4, LN3 - LN4]],
             "exp(1000) overflowed: subtract each row's maximum from its logits before "
             "exponentiating (the missing max shift)."),
            ([[-LN2, -LN2], [INF, INF]],
             "You shifted by the maximum of the whole array; shift each row by its own maximum "
             "(max(axis=1, keepdims=True))."),
            ([[0.0, 0.0], [-1000.0, LN3 - 1000.0]],
             "You normalised down the columns (axis=0); each row is one sample's logits."),
            ([[0.5, 0.5], [0.25, 0.75]], "You returned the softmax; log_softmax is its log."),
        ],
    )


@pytest.mark.graded("day49.log_softmax", points=1)
def test_log_softmax_of_moderate_logits(stable_losses):
    logits = [[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]]
    # z - log(sum(exp(z))) row by row; the row sums of log-sum-exp are 2.1698... and 3.1520...
    expected = [[-0.16984601955628564, -2.1698460195562856, -3.1698460195562856],
                [-2.652008384391135, -2.652008384391135, -0.152008384391135]]
    expect_array_close(
        stable_losses.log_softmax(logits), expected, call=f"log_softmax({logits})",
        **STANDARD,
        mistakes=[([[-v for v in row] for row in expected],
                   "Your values have the wrong sign: log-probabilities are <= 0."),
                  ([[v / math.log(10) for v in row] for row in expected],
                   "You used log10; the course's logs are natural logs.")],
    )


LOG_OF_SOFTMAX_HINT = ("You took the log of the softmax: e^-1000 underflows to 0 and its log "
                       "is -inf; compute (z - max) - log(sum(exp(z - max))) directly.")
PLAIN_SHIFT_HINT = ("The max shift alone computes log(1 + e^-40) as log(1.0) = 0: add the "
                    "other terms' e^(z - max) with log1p, (z - max) - log1p(sum of the others).")


@pytest.mark.graded("day49.log_softmax", points=2)
def test_log_softmax_far_below_the_top(stable_losses):
    # Probabilities 1 - e^-1000 and e^-1000: log-probabilities -e^-1000 (0.0 in float64) and
    # -1000 - e^-1000 (-1000.0 in float64).
    expect_array_close(
        stable_losses.log_softmax([[0.0, -1000.0]]), [[0.0, -1000.0]],
        call="log_softmax([[0.0, -1000.0]])", **STANDARD,
        mistakes=[([[0.0, -INF]], LOG_OF_SOFTMAX_HINT)],
    )
    # The same gap above a logit of 2: returning the logits themselves fails here.
    expect_array_close(
        stable_losses.log_softmax([[2.0, -998.0]]), [[0.0, -1000.0]],
        call="log_softmax([[2.0, -998.0]])", **STANDARD,
        mistakes=[([[0.0, -INF]], LOG_OF_SOFTMAX_HINT)],
    )


@pytest.mark.graded("day49.log_softmax", points=2)
def test_log_softmax_keeps_a_tiny_log_probability(stable_losses):
    # softmax([40, 0]) = (1/(1 + e^-40), e^-40/(1 + e^-40)): the logs are -log(1 + e^-40)
    # = -4.248354255291589e-18 and -40 - 4.2e-18 (-40.0 in float64), the log-sigmoid of ±40.
    expect_array_close(
        stable_losses.log_softmax([[40.0, 0.0], [0.0, 40.0]]),
        [[-TINY, -40.0], [-40.0, -TINY]],
        call="log_softmax([[40.0, 0.0], [0.0, 40.0]])", **STANDARD,
        mistakes=[([[0.0, -40.0], [-40.0, 0.0]], PLAIN_SHIFT_HINT)],
    )


# ------------------------------------------------------------------- cross_entropy_with_logits
@pytest.mark.graded("day49.cross_entropy_with_logits", points=2)
def test_cross_entropy_with_logits_docstring_example(stable_losses):
    y, logits = [0, 1], [[2.0, 0.0, -1.0], [1000.0, 0.0, 1000.0]]
    # Row 0: log(1 + e^-2 + e^-3) = 0.16985. Row 1: 1000 + log 2 - 0 = 1000.69315. Mean:
    expected = 500.4314966000581
    expect_close(
        stable_losses.cross_entropy_with_logits(y, logits), expected,
        call=f"cross_entropy_with_logits({y}, {logits})", **STANDARD,
        mistakes=[
            (INF, OVERFLOW_HINT), (math.nan, NAN_HINT),
            *log_loss_mistakes(expected, 2, wants="mean"),
            (500.0, "You used the largest logit in place of log(sum(exp(z))): the max shift "
                    "also needs + log(sum(exp(z - max)))."),
            *[((0.16984601955628564 - LN(e)) / 2, CLIP_HINT) for e in CLIP_EPSILONS],
        ],
    )


@pytest.mark.graded("day49.cross_entropy_with_logits", points=2)
def test_cross_entropy_with_logits_true_class_not_the_likeliest(stable_losses):
    y = [2, 0, 1]
    logits = [[1.0, 2.0, 0.5], [0.0, 3.0, -1.0], [2.0, 2.0, 2.0]]
    # mean over rows of log(sum(exp(row))) - row[y]
    expected = 2.042954992177828
    expect_close(
        stable_losses.cross_entropy_with_logits(y, logits), expected,
        call=f"cross_entropy_with_logits({y}, {logits})", **STANDARD,
        mistakes=[
            *log_loss_mistakes(expected, 3, wants="mean"),
            (0.5429549921778279, "You used each row's largest logit; use the logit of the "
                                 "true class, logits[i, y_i]."),
        ],
    )


# ------------------------------------------------------------------------ gaussian_nll_log_var
@pytest.mark.graded("day49.gaussian_nll_log_var", points=2)
def test_gaussian_nll_log_var_docstring_example(stable_losses):
    # Residuals 1 and -0.5; log-variances 0 and log ¼ (σ = 1 and ½):
    # 2 · ½ log 2π + ½ (0 + log ¼) + ½ (1 · 1 + 0.25 · 4) = 2.1447298858494
    expected = 2.1447298858494
    expect_close(
        stable_losses.gaussian_nll_log_var([1.0, 2.0], [0.0, 2.5], [0.0, LN(0.25)]), expected,
        call="gaussian_nll_log_var([1.0, 2.0], [0.0, 2.5], [0.0, log 0.25])",
        mistakes=[
            (expected - 2 * HALF_LOG_2PI, "You dropped the constant ½ log 2π per sample; this "
                                          "function keeps it."),
            # log_var used as log σ: + s (not ½ s) and r² e^{-2s} / 2
            (2 * HALF_LOG_2PI + LN(0.25) + 0.5 * (1.0 + 0.25 * 16.0),
             "log_var is log σ², not log σ: the variance is exp(log_var) (σ = exp(log_var / 2))."),
            (2 * HALF_LOG_2PI + LN(0.25) + 1.0,
             "The log-variance enters as ½ log σ² = ½ log_var: the ½ is missing."),
            (2 * HALF_LOG_2PI + 0.5 * LN(0.25) + 2.0,
             "The squared residual is divided by 2σ²: the ½ is missing."),
            *total_vs_mean_mistakes(expected, 2, wants="total"),
            (-expected, "Your result has the wrong sign: the NLL is minus the log-density."),
        ],
    )


@pytest.mark.graded("day49.gaussian_nll_log_var", points=2)
def test_gaussian_nll_log_var_three_samples(stable_losses):
    y, mean, log_var = [0.5, -1.0, 2.0], [0.0, 0.5, 1.0], [-0.5, 0.3, 1.2]
    # Σ [½ log 2π + ½ s + ½ (y - μ)² e^{-s}] summed in 60-digit arithmetic
    expected = 4.446923362674568
    expect_close(
        stable_losses.gaussian_nll_log_var(y, mean, log_var), expected,
        call=f"gaussian_nll_log_var({y}, {mean}, {log_var})",
        mistakes=[
            (expected - 3 * HALF_LOG_2PI, "You dropped the constant ½ log 2π per sample."),
            (4.759372895421884, "log_var is log σ², not log σ: the variance is exp(log_var)."),
            (4.946923362674568, "The log-variance enters as ½ log_var: the ½ is missing."),
            *total_vs_mean_mistakes(expected, 3, wants="total"),
        ],
    )


# --------------------------------------------------------------------------------- laplace_nll
@pytest.mark.graded("day49.laplace_nll", points=2)
def test_laplace_nll_docstring_example(stable_losses):
    # b = ½, so log(2b) = 0; |residuals| 0.5, 0, 1 divided by b: 1 + 0 + 2 = 3.
    expect_close(
        stable_losses.laplace_nll([1.0, 2.0, 4.0], [1.5, 2.0, 3.0], 0.5), 3.0,
        call="laplace_nll([1.0, 2.0, 4.0], [1.5, 2.0, 3.0], 0.5)",
        mistakes=[
            (6.0, "You divided |y - ŷ| by b²: the Laplace scale b is not a variance, divide by "
                  "b itself."),
            (1.5, "The Laplace NLL has |y - ŷ| / b, with no ½ (that belongs to the Gaussian)."),
            (2.5, "The residual enters as |y - ŷ|, not squared."),
            (3 * LN(0.5) + 3.0,
             "You dropped log 2 from log(2b): the density is e^{-|r|/b} / (2b)."),
            *total_vs_mean_mistakes(3.0, 3, wants="total"),
            (-3.0, "Your result has the wrong sign: the NLL is minus the log-density."),
        ],
    )


@pytest.mark.graded("day49.laplace_nll", points=2)
def test_laplace_nll_per_sample_scale(stable_losses):
    y, y_pred, scale = [1.0, -2.0, 0.5], [0.2, 0.5, 3.5], [0.5, 1.5, 3.0]
    # Σ log(2 b) + |y - ŷ| / b = log 1 + log 3 + log 6 + 0.8/0.5 + 2.5/1.5 + 3/3
    expected = 7.157038424562831
    expect_close(
        stable_losses.laplace_nll(y, y_pred, scale), expected,
        call=f"laplace_nll({y}, {y_pred}, {scale})",
        mistakes=[
            (1.6 + 2.5 / 1.5 + 1.0, "You dropped the log(2b) term; it is part of the NLL (and "
                                    "matters whenever b varies)."),
            (expected - 3 * LN2, "You dropped log 2 from log(2b)."),
            (LN(0.5) + LN(4.5) + LN(18.0) + 0.8 / 0.25 + 2.5 / 2.25 + 3.0 / 9.0,
             "You used the scale as a standard deviation squared (b² in place of b): the "
             "Laplace scale b enters as log(2b) + |y - ŷ| / b."),
            (1.6 / 2 + 2.5 / 3.0 + 0.5 + LN(3.0) + LN(6.0),
             "The Laplace NLL has |y - ŷ| / b, with no ½."),
            *total_vs_mean_mistakes(expected, 3, wants="total"),
        ],
    )


# --------------------------------------------------------------------------------- poisson_nll
@pytest.mark.graded("day49.poisson_nll", points=2)
def test_poisson_nll_docstring_example(stable_losses):
    # y = 0 at rate 1: e^0 - 0 + log 0! = 1. y = 3 at rate 2: 2 - 3 log 2 + log 3! = 1.7123.
    expected = 2.7123179275482197
    expect_close(
        stable_losses.poisson_nll([0, 3], [0.0, LN2]), expected,
        call="poisson_nll([0, 3], [0.0, log 2])",
        mistakes=[
            (expected - LN(6.0), "You forgot the log y! term (log 3! = log 6 here); this "
                                 "function keeps it: lgamma(y + 1)."),
            *total_vs_mean_mistakes(expected, 2, wants="total"),
            (-expected, "Your result has the wrong sign: the NLL is minus the log-probability."),
        ],
    )


@pytest.mark.graded("day49.poisson_nll", points=2)
def test_poisson_nll_three_counts(stable_losses):
    y, log_rate = [1, 4, 2], [0.5, 1.2, -0.3]
    # Σ e^η - y η + log y!, with log 1! = 0, log 4! = log 24, log 2! = log 2
    expected = 4.880857425026284
    expect_close(
        stable_losses.poisson_nll(y, log_rate), expected,
        call=f"poisson_nll({y}, {log_rate})",
        mistakes=[
            (expected - LN(24.0) - LN2, "You forgot the log y! term; it is lgamma(y + 1)."),
            (expected - LN(4.0) - LN2, "log y! is lgamma(y + 1), not lgamma(y) (that is "
                                       "log (y - 1)!)."),
            (expected - math.exp(0.5) - math.exp(1.2) - math.exp(-0.3) + 0.5 + 1.2 - 0.3,
             "The rate is λ = exp(log_rate): the first term is e^η, not η."),
            *total_vs_mean_mistakes(expected, 3, wants="total"),
            (-expected, "Your result has the wrong sign: the NLL is minus the log-probability."),
        ],
    )


# ------------------------------------------------------------------------------- student_t_nll
T_HINTS = {
    "normaliser_sign": "The density has Γ((ν+1)/2) / Γ(ν/2) in front, so the NLL has "
                       "lgamma(ν/2) - lgamma((ν+1)/2), not the reverse.",
    "variance": "log_scale is log σ, not log σ²: σ = exp(log_scale), and the NLL has + log_scale.",
    "exponent": "The power of (1 + t²/ν) is -(ν+1)/2, not -ν/2.",
    "constant": "You dropped ½ log(νπ); this function keeps every constant.",
}


@pytest.mark.graded("day49.student_t_nll", points=2)
def test_student_t_nll_docstring_examples(stable_losses):
    # ν = 1 is the Cauchy: density 1/π at its centre, so the NLL is log π.
    expect_close(
        stable_losses.student_t_nll([0.0], [0.0], 0.0, 1.0), LN(math.pi),
        call="student_t_nll([0.0], [0.0], 0.0, 1.0)",
        mistakes=[(LN(math.pi) - 0.5 * LN(math.pi), T_HINTS["constant"]),
                  (-LN(math.pi), "Your result has the wrong sign: the NLL is minus the "
                                 "log-density.")],
    )
    # ν = 3; t = 1 with σ = 1 and t = -½ with σ = 2. Per sample: lgamma(3/2) - lgamma(2)
    # + ½ log 3π + s + 2 log(1 + t²/3); summed in 60-digit arithmetic.
    y, loc, log_scale = [2.0, -1.0], [1.0, 0.0], [0.0, LN(2.0)]
    expected = 3.4303744400575993
    expect_close(
        stable_losses.student_t_nll(y, loc, log_scale, 3.0), expected,
        call=f"student_t_nll({y}, {loc}, [0.0, log 2], 3.0)",
        mistakes=[
            (3.91350339059858, T_HINTS["normaliser_sign"]),
            (3.2320167940850704, T_HINTS["variance"]),
            (3.2465120499949407, T_HINTS["exponent"]),
            (expected - 2 * 0.5 * LN(3 * math.pi), T_HINTS["constant"]),
            *total_vs_mean_mistakes(expected, 2, wants="total"),
            (-expected, "Your result has the wrong sign: the NLL is minus the log-density."),
        ],
    )


@pytest.mark.graded("day49.student_t_nll", points=2)
def test_student_t_nll_heavy_tail(stable_losses):
    # A residual of 100 scales under ν = 2: 3/2 log(1 + 10^4 / 2), far below the 5000 a
    # Gaussian would charge. lgamma(1) - lgamma(3/2) + ½ log 2π + 0 + 1.5 log(5001):
    expected = 13.815810527968274
    expect_close(
        stable_losses.student_t_nll([100.0], [0.0], 0.0, 2.0), expected,
        call="student_t_nll([100.0], [0.0], 0.0, 2.0)",
        mistakes=[(13.574246052697783, T_HINTS["normaliser_sign"]),
                  (9.557113942258821, T_HINTS["exponent"]),
                  (expected - 0.5 * LN(2 * math.pi), T_HINTS["constant"])],
    )
