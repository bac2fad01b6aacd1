"""Day 52, visible graded tests: the docstring examples and one more case per function.

Each test belongs to one function and is worth the points in its ``graded`` mark; each makes
at least two calls with different answers. Expected values are hard-coded, with a comment
saying how they arise (exact values computed with 50 digits by mpmath, then rounded to
float64). The hidden suite checks other inputs and levels against independent oracles.
"""

import math

import pytest

from course.checks import expect_close
from tests.day52.uncertainty_checks import expect_interval, expect_vector
from tests.day52.uncertainty_hints import (
    COVERAGE_COUNT_HINT,
    COVERAGE_DRAWS_HINT,
    COVERAGE_MISS_HINT,
    COVERAGE_STRICT_HINT,
    INFO_ONE_TRIAL_HINT,
    INFO_PRODUCT_HINT,
    INFO_SE_HINT,
    INFO_SQRT_HINT,
    INFO_VARIANCE_HINT,
    LR_HALVED_TWICE_HINT,
    LR_NOT_HALVED_HINT,
    LR_ONE_SIDED_HINT,
    LR_WALD_HINT,
    LR_Z_HINT,
    OBS_BACKWARD_HINT,
    OBS_DOUBLE_STEP_HINT,
    OBS_FORWARD_HINT,
    OBS_IGNORED_H_HINT,
    OBS_INVERSE_HINT,
    OBS_POWER_HINT,
    OBS_SIGN_HINT,
    ONE_SIDED_Z_HINT,
    ROUNDED_Z_HINT,
    SE_DIAGONAL_HINT,
    SE_MEAN_HESSIAN_HINT,
    SE_NO_INVERSE_HINT,
    SE_SIGN_HINT,
    SE_UNWEIGHTED_HINT,
    SE_VARIANCE_HINT,
    WALD_CLIPPED_HINT,
    WALD_N_MINUS_ONE_HINT,
    WALD_NO_N_HINT,
    WALD_VARIANCE_HINT,
    WILSON_SHRINK_HINT,
    WILSON_TERM_HINT,
    WILSON_WALD_HINT,
)


# ------------------------------------------------------------------ fisher_information_bernoulli
def information_mistakes(theta: float, n: int) -> list[tuple[float, str]]:
    variance = theta * (1 - theta) / n
    return [(variance, INFO_VARIANCE_HINT), (math.sqrt(variance), INFO_SE_HINT),
            (1 / (theta * (1 - theta)), INFO_ONE_TRIAL_HINT),
            (math.sqrt(n / (theta * (1 - theta))), INFO_SQRT_HINT),
            (n * theta * (1 - theta), INFO_PRODUCT_HINT)]


@pytest.mark.graded("day52.fisher_information_bernoulli", points=1)
def test_fisher_information_docstring_examples(uncertainty):
    # 1 / (0.5 * 0.5) = 4 for one trial; 10 / (0.7 * 0.3) = 10 / 0.21 for ten.
    expect_close(uncertainty.fisher_information_bernoulli(0.5), 4.0,
                 call="fisher_information_bernoulli(0.5)",
                 mistakes=information_mistakes(0.5, 1)[1:])
    expect_close(uncertainty.fisher_information_bernoulli(0.7, n=10), 47.61904761904762,
                 call="fisher_information_bernoulli(0.7, n=10)",
                 mistakes=information_mistakes(0.7, 10))


@pytest.mark.graded("day52.fisher_information_bernoulli", points=2)
def test_fisher_information_grows_with_n(uncertainty):
    # 40 / (0.2 * 0.8) = 250 and 160 / 0.16 = 1000: four times the trials, four times the
    # information.
    for n, expected in ((40, 250.0), (160, 1000.0)):
        expect_close(uncertainty.fisher_information_bernoulli(0.2, n=n), expected,
                     call=f"fisher_information_bernoulli(0.2, n={n})",
                     mistakes=information_mistakes(0.2, n))


# -------------------------------------------------------------------------- observed_information
def minus_fourth_power(t):
    """l(t) = -t**4: l'' = -12 t**2, and the central second difference is exactly
    -(12 t**2 + 2 h**2)."""
    return -(t**4)


def seven_heads_in_ten(t):
    """The log-likelihood of 7 heads in 10 flips."""
    return 7 * math.log(t) + 3 * math.log(1 - t)


@pytest.mark.graded("day52.observed_information", points=2)
def test_observed_information_of_a_quartic(uncertainty):
    # With h = 0.25 every value is a dyadic number and the arithmetic is exact: the central
    # difference gives 12 t^2 + 2 h^2; the forward one 12 (t + h)^2 + 2 h^2; twice the step
    # 12 t^2 + 8 h^2.
    for theta, h, expected in ((1.5, 0.25, 27.125), (-1.0, 0.5, 12.5)):
        forward = 12 * (theta + h) ** 2 + 2 * h**2
        backward = 12 * (theta - h) ** 2 + 2 * h**2
        expect_close(
            uncertainty.observed_information(minus_fourth_power, theta, h=h), expected,
            call=f"observed_information(lambda t: -t**4, {theta}, h={h})", rel=1e-6, abs_=1e-6,
            mistakes=[(-expected, OBS_SIGN_HINT), (forward, OBS_FORWARD_HINT),
                      (backward, OBS_BACKWARD_HINT),
                      (12 * theta**2 + 8 * h**2, OBS_DOUBLE_STEP_HINT),
                      (expected * h, OBS_POWER_HINT), (expected * h / 2, OBS_POWER_HINT),
                      (expected / 2, OBS_POWER_HINT), (1 / expected, OBS_INVERSE_HINT),
                      (12 * theta**2 + 2e-8, OBS_IGNORED_H_HINT),
                      (12 * theta**2, OBS_IGNORED_H_HINT)],
        )


@pytest.mark.graded("day52.observed_information", points=2)
def test_observed_information_of_seven_heads(uncertainty):
    # -(l(0.7 + h) - 2 l(0.7) + l(0.7 - h)) / h^2 with h = 1e-4, evaluated exactly on the
    # float points: 47.61904961666..., within 2e-6 of 10 / 0.21 (the exact curvature).
    # At theta = 0.5 the exact curvature is 7 / 0.25 + 3 / 0.25 = 40.
    cases = [(0.7, 47.619049616661705, 47.637202199139224, 47.60092100568589),
             (0.5, 40.000000799991206, 39.99360559922385, 40.00640560075985)]
    for theta, expected, forward, backward in cases:
        expect_close(
            uncertainty.observed_information(seven_heads_in_ten, theta), expected,
            call=f"observed_information(7 log t + 3 log(1 - t), {theta})", rel=1e-6,
            abs_=1e-6,
            mistakes=[(-expected, OBS_SIGN_HINT), (forward, OBS_FORWARD_HINT),
                      (backward, OBS_BACKWARD_HINT), (1 / expected, OBS_INVERSE_HINT),
                      (expected * 1e-4, OBS_POWER_HINT)],
        )


# ---------------------------------------------------------------------- standard_errors_logistic
@pytest.mark.graded("day52.standard_errors_logistic", points=2)
def test_standard_errors_docstring_example(uncertainty):
    # At w = 0 every p is 1/2, so S = I / 4 and H = X^T X / 4 = [[1, 0.5], [0.5, 1.5]]; its
    # inverse is [[1.2, -0.4], [-0.4, 0.8]]: se = (sqrt(1.2), sqrt(0.8)).
    X = [[1.0, -1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
    expect_vector(
        uncertainty.standard_errors_logistic(X, [0, 1, 0, 1], [0.0, 0.0]),
        [1.0954451150103321, 0.8944271909999159],
        call="standard_errors_logistic(X, [0, 1, 0, 1], [0.0, 0.0]) with X = [[1, -1], "
             "[1, 0], [1, 1], [1, 2]]",
        mistakes=[([2.1908902300206643, 1.7888543819998317], SE_MEAN_HESSIAN_HINT),
                  ([1.2, 0.8], SE_VARIANCE_HINT),
                  ([1.0, 0.816496580927726], SE_DIAGONAL_HINT),
                  ([1.0, 1.224744871391589], SE_NO_INVERSE_HINT),
                  ([0.5477225575051661, 0.4472135954999579], SE_UNWEIGHTED_HINT),
                  ([math.nan, math.nan], SE_SIGN_HINT)],
    )
    # At w = (0.5, -0.5) the logits are 1, 0.5, 0, -0.5 and S = diag(p (1 - p)) changes.
    expect_vector(
        uncertainty.standard_errors_logistic(X, [0, 1, 0, 1], [0.5, -0.5]),
        [1.1792823933145014, 0.9588099556971138],
        call="standard_errors_logistic(X, [0, 1, 0, 1], [0.5, -0.5]) with the same X",
        mistakes=[([2.3585647866290027, 1.9176199113942276], SE_MEAN_HESSIAN_HINT),
                  ([1.0444928891385385, 0.849219988730716], SE_DIAGONAL_HINT)],
    )


@pytest.mark.graded("day52.standard_errors_logistic", points=3)
def test_standard_errors_at_day50_toy_mle(uncertainty):
    # Day 50's four points and their MLE; H = X^T S X with S = diag(p (1 - p)) at that MLE,
    # inverted with 50 digits. The second call evaluates H elsewhere (w = (-1, 0.5)).
    X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
    mle = [-1.3622763938401412, 0.9081842625600943]
    expect_vector(
        uncertainty.standard_errors_logistic(X, [0, 1, 0, 1], mle),
        [1.9748829495487483, 1.0851921122569335],
        call=f"standard_errors_logistic(X, [0, 1, 0, 1], {mle}) with X = [[1, 0], [1, 1], "
             "[1, 2], [1, 3]]",
        mistakes=[([3.9497658990974966, 2.170384224513867], SE_MEAN_HESSIAN_HINT),
                  ([3.900162664418364, 1.1776419205046647], SE_VARIANCE_HINT),
                  ([1.1182434186181776, 0.6144713223358151], SE_DIAGONAL_HINT),
                  ([0.8942596784836955, 1.6274152489308351], SE_NO_INVERSE_HINT),
                  ([0.8366600265340756, 0.4472135954999579], SE_UNWEIGHTED_HINT),
                  ([math.nan, math.nan], SE_SIGN_HINT)],
    )
    expect_vector(
        uncertainty.standard_errors_logistic(X, [0, 1, 0, 1], [-1.0, 0.5]),
        [1.8330015502289132, 0.9588099556971138],
        call="standard_errors_logistic(X, [0, 1, 0, 1], [-1.0, 0.5]) with the same X",
        mistakes=[([3.6660031004578264, 1.9176199113942276], SE_MEAN_HESSIAN_HINT)],
    )


# --------------------------------------------------------------------------------- wald_interval
@pytest.mark.graded("day52.wald_interval", points=2)
def test_wald_interval_seven_of_ten(uncertainty):
    # 0.7 -/+ z sqrt(0.21 / 10) with z = Phi^-1(0.975); the mistakes replace z by 1.645 or
    # 1.96, or the standard error by the variance, sqrt(0.21), or sqrt(0.21 / 9). The second
    # call, 112 of 160, is Day 46's longest run: 0.7 -/+ z sqrt(0.21 / 160).
    expect_interval(
        uncertainty.wald_interval(7, 10), (0.41597423491067465, 0.9840257650893254),
        call="wald_interval(7, 10)",
        mistakes=[((0.4616380639951007, 0.9383619360048993), ONE_SIDED_Z_HINT),
                  ((0.415969015774687, 0.984030984225313), ROUNDED_Z_HINT),
                  ((0.6588407563246589, 0.7411592436753411), WALD_VARIANCE_HINT),
                  ((-0.19816833185420563, 1.5981683318542057), WALD_NO_N_HINT),
                  ((0.40061055604859813, 0.9993894439514018), WALD_N_MINUS_ONE_HINT)],
    )
    expect_interval(
        uncertainty.wald_interval(112, 160), (0.6289935587276686, 0.7710064412723313),
        call="wald_interval(112, 160)",
        mistakes=[((0.6404095159987752, 0.7595904840012249), ONE_SIDED_Z_HINT)],
    )


@pytest.mark.graded("day52.wald_interval", points=2)
def test_wald_interval_leaves_zero_one(uncertainty):
    # 0.1 -/+ z sqrt(0.09 / 10): the lower end is below 0 and must stay there; 9 of 10 is the
    # mirror image, above 1.
    expect_interval(
        uncertainty.wald_interval(1, 10), (-0.08593850969136849, 0.28593850969136847),
        call="wald_interval(1, 10)",
        mistakes=[((0.0, 0.28593850969136847), WALD_CLIPPED_HINT),
                  ((-0.05604451636266726, 0.2560445163626673), ONE_SIDED_Z_HINT),
                  ((-0.0859419264179007, 0.2859419264179007), ROUNDED_Z_HINT),
                  ((0.08236032413913952, 0.1176396758608605), WALD_VARIANCE_HINT),
                  ((-0.09599639845400543, 0.29599639845400544), WALD_N_MINUS_ONE_HINT)],
    )
    expect_interval(
        uncertainty.wald_interval(9, 10), (0.7140614903086315, 1.0859385096913685),
        call="wald_interval(9, 10)",
        mistakes=[((0.7140614903086315, 1.0), WALD_CLIPPED_HINT)],
    )


@pytest.mark.graded("day52.wald_interval", points=1)
def test_wald_interval_without_successes_or_failures(uncertainty):
    # k = 0 or k = n: the estimated standard error is 0 and the interval is one point.
    for k, n, expected in ((0, 10, (0.0, 0.0)), (10, 10, (1.0, 1.0)), (0, 3, (0.0, 0.0))):
        expect_interval(uncertainty.wald_interval(k, n), expected,
                        call=f"wald_interval({k}, {n})")


# ------------------------------------------------------------------------------- wilson_interval
@pytest.mark.graded("day52.wilson_interval", points=2)
def test_wilson_interval_seven_of_ten(uncertainty):
    # (0.7 + z^2/20 -/+ z sqrt(0.021 + z^2/400)) / (1 + z^2/10), z = Phi^-1(0.975).
    expect_interval(
        uncertainty.wilson_interval(7, 10), (0.3967781474611453, 0.8922087325936989),
        call="wilson_interval(7, 10)",
        mistakes=[((0.441699795869835, 0.8731234160968021), ONE_SIDED_Z_HINT),
                  ((0.3967732199795652, 0.8922107125137881), ROUNDED_Z_HINT),
                  ((0.41597423491067465, 0.9840257650893254), WILSON_WALD_HINT),
                  ((0.4392941407565365, 0.8496927392983078), WILSON_TERM_HINT),
                  ((0.5491988389034744, 1.2349470431659382), WILSON_SHRINK_HINT)],
    )
    expect_interval(
        uncertainty.wilson_interval(1, 10), (0.017876213095072903, 0.4041500267952385),
        call="wilson_interval(1, 10)",
        mistakes=[((-0.08593850969136849, 0.28593850969136847), WILSON_WALD_HINT)],
    )


@pytest.mark.graded("day52.wilson_interval", points=2)
def test_wilson_interval_without_successes_or_failures(uncertainty):
    # k = 0: (0, z^2 / (n + z^2)); k = n: (n / (n + z^2), 1). Not a single point.
    expect_interval(
        uncertainty.wilson_interval(0, 10), (0.0, 0.27753279986288926),
        call="wilson_interval(0, 10)",
        mistakes=[((0.0, 0.0), WILSON_WALD_HINT),
                  ((0.0, 0.2129419700834071), ONE_SIDED_Z_HINT),
                  ((0.0, 0.2775401687666166), ROUNDED_Z_HINT),
                  ((0.13876639993144463, 0.13876639993144463), WILSON_TERM_HINT),
                  ((0.0, 0.3841458820694126), WILSON_SHRINK_HINT)],
    )
    expect_interval(
        uncertainty.wilson_interval(10, 10), (0.7224672001371107, 1.0),
        call="wilson_interval(10, 10)",
        mistakes=[((1.0, 1.0), WILSON_WALD_HINT),
                  ((0.7870580299165929, 1.0), ONE_SIDED_Z_HINT)],
    )


# --------------------------------------------------------------------- likelihood_ratio_interval
@pytest.mark.graded("day52.likelihood_ratio_interval", points=3)
def test_likelihood_ratio_interval_seven_of_ten(uncertainty):
    # The two roots of 2 [l(0.7) - l(theta)] = c, c = Phi^-1(0.975)^2, found by bisection with
    # 50 digits. The mistakes let l drop by c, c / 4, z / 2 or 1.645^2 / 2 instead of c / 2.
    expect_interval(
        uncertainty.likelihood_ratio_interval(7, 10), (0.3934609690955147, 0.9154413450184902),
        call="likelihood_ratio_interval(7, 10)",
        mistakes=[((0.27743130464340476, 0.9601138439226881), LR_NOT_HALVED_HINT),
                  ((0.483495385470069, 0.8682181298324221), LR_HALVED_TWICE_HINT),
                  ((0.48124467763679557, 0.8695415105192774), LR_Z_HINT),
                  ((0.44237235643784445, 0.8912191692275095), LR_ONE_SIDED_HINT),
                  ((0.41597423491067465, 0.9840257650893254), LR_WALD_HINT)],
    )
    expect_interval(
        uncertainty.likelihood_ratio_interval(112, 160), (0.6262040706410225, 0.767440712203546),
        call="likelihood_ratio_interval(112, 160)",
        mistakes=[((0.6289935587276686, 0.7710064412723313), LR_WALD_HINT)],
    )


@pytest.mark.graded("day52.likelihood_ratio_interval", points=2)
def test_likelihood_ratio_interval_without_successes_or_failures(uncertainty):
    # k = 0: l(theta) = 10 log(1 - theta) peaks at 0, so the interval is (0, 1 - exp(-c / 20));
    # k = n is its mirror image.
    expect_interval(
        uncertainty.likelihood_ratio_interval(0, 10), (0.0, 0.1747533280498299),
        call="likelihood_ratio_interval(0, 10)",
        mistakes=[((0.0, 0.31896793043516836), LR_NOT_HALVED_HINT),
                  ((0.0, 0.09156911547979056), LR_HALVED_TWICE_HINT),
                  ((0.0, 0.09334946357574514), LR_Z_HINT),
                  ((0.0, 0.12652622495602492), LR_ONE_SIDED_HINT),
                  ((0.0, 0.0), LR_WALD_HINT)],
    )
    expect_interval(
        uncertainty.likelihood_ratio_interval(10, 10), (0.8252466719501701, 1.0),
        call="likelihood_ratio_interval(10, 10)",
        mistakes=[((0.6810320695648316, 1.0), LR_NOT_HALVED_HINT),
                  ((1.0, 1.0), LR_WALD_HINT)],
    )


# -------------------------------------------------------------------------------------- coverage
def dyadic_interval(eighths: float):
    """An interval of half-width ``eighths`` / 8 around k / n: with n a power of 2 every end is
    a dyadic number, so ``low <= theta <= high`` is decided exactly."""

    def interval(k, n):
        if k != int(k) or not 0 <= k <= n:
            problem = f"interval_fn expects the count k (an integer from 0 to n), got {k!r}"
            raise ValueError(problem)
        return (k / n - eighths / 8, k / n + eighths / 8)

    return interval


@pytest.mark.graded("day52.coverage", points=3)
def test_coverage_of_fixed_width_intervals(uncertainty):
    # counts = default_rng(seed).binomial(n, theta, size=trials); k / n -/+ h covers theta for
    # k = 2, ..., 6 in both cases (the ends k = 2 and k = 6 touch theta exactly).
    # theta = 0.5, n = 8, 400 trials, seed 1: counts 2..6 occur 45 + 88 + 117 + 90 + 31 = 371
    # times; 3..5 (open interval) 295. theta = 0.25, n = 16, 600 trials, seed 7: 523 of 600,
    # 3..5: 372. The draw mistakes were computed with np.random.seed + np.random.binomial and
    # with n single flips per data set.
    cases = [(0.5, 8, 400, 1, 2.0, 371, 295, (0.9075, 0.915)),
             (0.25, 16, 600, 7, 1.0, 523, 372, (0.8466666666666667, 0.8616666666666667))]
    for theta, n, trials, seed, eighths, covered, inside, draws in cases:
        expected = covered / trials
        expect_close(
            uncertainty.coverage(dyadic_interval(eighths), theta, n, trials, seed), expected,
            call=f"coverage(k / n -/+ {eighths / 8}, theta={theta}, n={n}, trials={trials}, "
                 f"seed={seed})",
            rel=1e-12, abs_=0.0,
            mistakes=[(inside / trials, COVERAGE_STRICT_HINT),
                      (1 - expected, COVERAGE_MISS_HINT), (float(covered), COVERAGE_COUNT_HINT),
                      *((value, COVERAGE_DRAWS_HINT) for value in draws)],
        )


@pytest.mark.graded("day52.coverage", points=1)
def test_coverage_docstring_examples(uncertainty):
    # An interval that holds every theta covers always, one that holds none never.
    for interval, expected in ((lambda k, n: (0.0, 1.0), 1.0), (lambda k, n: (2.0, 3.0), 0.0)):
        expect_close(uncertainty.coverage(interval, 0.3, 10, trials=50, seed=0), expected,
                     call=f"coverage(lambda k, n: {interval(0, 10)}, 0.3, 10, trials=50, "
                          "seed=0)", rel=1e-12, abs_=0.0)
