"""The hints of Day 52's graded tests: one sentence naming each classic mistake."""

# fisher_information_bernoulli
INFO_VARIANCE_HINT = ("You returned theta (1 - theta) / n, the variance of the estimate; the "
                      "information is its inverse, n / (theta (1 - theta)).")
INFO_SE_HINT = ("You returned sqrt(theta (1 - theta) / n), the standard error; the information "
                "is n / (theta (1 - theta)), without a square root or an inverse.")
INFO_ONE_TRIAL_HINT = ("You returned the information of one trial, 1 / (theta (1 - theta)); n "
                       "independent trials carry n times as much.")
INFO_SQRT_HINT = ("You took a square root; the information is n / (theta (1 - theta)) itself "
                  "(its inverse square root is the standard error).")
INFO_PRODUCT_HINT = ("You multiplied by theta (1 - theta); the information divides by it: "
                     "n / (theta (1 - theta)).")

# observed_information
OBS_SIGN_HINT = ("Your result has the wrong sign (the Hessian sign): the observed information "
                 "is minus the second derivative, -l''(theta), positive at a maximum.")
OBS_FORWARD_HINT = ("You used a forward second difference (l(t + 2h) - 2 l(t + h) + l(t)) / h^2, "
                    "whose error is of order h; use the central one "
                    "(l(t + h) - 2 l(t) + l(t - h)) / h^2.")
OBS_BACKWARD_HINT = ("You used a backward second difference (l(t) - 2 l(t - h) + l(t - 2h)) / "
                     "h^2, whose error is of order h; use the central one "
                     "(l(t + h) - 2 l(t) + l(t - h)) / h^2.")
OBS_DOUBLE_STEP_HINT = ("Your difference spans 2h on each side (a central difference of central "
                        "differences); use (l(t + h) - 2 l(t) + l(t - h)) / h^2 with the step h.")
OBS_POWER_HINT = ("Divide the second difference by h^2 (a second derivative), not by h, 2h or "
                  "2 h^2.")
OBS_IGNORED_H_HINT = "You ignored the argument h: use the step you are given."
OBS_INVERSE_HINT = ("You returned 1 / J, the variance of the estimate; return the information "
                    "J = -l''(theta) itself.")

# standard_errors_logistic
SE_MEAN_HESSIAN_HINT = ("You used the Hessian of the mean BCE, X^T S X / n: the standard errors "
                        "come from the total NLL's Hessian X^T S X (yours are sqrt(n) times too "
                        "large).")
SE_VARIANCE_HINT = ("You returned variances, the diagonal of H^-1; the standard errors are their "
                    "square roots.")
SE_DIAGONAL_HINT = ("You inverted the diagonal of H instead of the matrix: take the diagonal of "
                    "the inverse, diag(H^-1), not 1 / diag(H).")
SE_NO_INVERSE_HINT = ("You took sqrt(diag(H)) without inverting: the covariance of the weights "
                      "is the inverse of the information H.")
SE_UNWEIGHTED_HINT = ("You left out the weights p (1 - p): the information is X^T S X with "
                      "S = diag(p_i (1 - p_i)), not X^T X.")
SE_SIGN_HINT = ("Your standard errors are nan: the matrix you inverted has the wrong sign (the "
                "Hessian sign); the information is the Hessian of the NLL, X^T S X, which is "
                "positive definite.")

# The quantiles of the intervals
ONE_SIDED_Z_HINT = ("You used z = 1.645 (the quantile of `level` on one side); a two-sided 95 % "
                    "interval uses z = Phi^-1((1 + level) / 2) = 1.959963984540054.")
ROUNDED_Z_HINT = ("You used z = 1.96, rounded; compute the quantile from level, e.g. "
                  "statistics.NormalDist().inv_cdf((1 + level) / 2).")
IGNORED_LEVEL_HINT = ("You ignored level (your interval is the 95 % one); compute z from level: "
                      "Phi^-1((1 + level) / 2).")

# wald_interval
WALD_VARIANCE_HINT = ("You used the variance theta_hat (1 - theta_hat) / n where its square "
                      "root, the standard error, belongs.")
WALD_NO_N_HINT = ("You left out n: the standard error is sqrt(theta_hat (1 - theta_hat) / n), "
                  "not the standard deviation of one trial.")
WALD_N_MINUS_ONE_HINT = ("You divided by n - 1; the standard error from the Fisher information "
                         "divides theta_hat (1 - theta_hat) by n.")
WALD_CLIPPED_HINT = ("You clipped the interval to [0, 1]; return the Wald interval's ends as "
                     "the formula gives them (where it leaves [0, 1] is the lesson's point).")

# wilson_interval
WILSON_WALD_HINT = ("You returned the Wald interval; Wilson's interval takes the standard error "
                    "at theta: centre (theta_hat + z^2 / 2n) / (1 + z^2 / n).")
WILSON_TERM_HINT = "You left out the z^2 / (4 n^2) under the square root."
WILSON_SHRINK_HINT = "You forgot to divide the centre and the half-width by 1 + z^2 / n."

# likelihood_ratio_interval
LR_NOT_HALVED_HINT = ("Your log-likelihood drops by c = 3.84 at the ends; the chi-square cut-off "
                      "applies to 2 [l(theta_hat) - l(theta)], so l drops by c / 2 = 1.92.")
LR_HALVED_TWICE_HINT = ("Your log-likelihood drops by c / 4 = 0.96 at the ends; it drops by "
                        "c / 2 = 1.92 (the chi-square cut-off c = 3.84 is on twice the drop).")
LR_Z_HINT = ("You used z = 1.96 as the chi-square cut-off; the chi-square(1) quantile is z "
             "squared, c = 3.84 (so l drops by 1.92).")
LR_ONE_SIDED_HINT = ("You used the chi-square cut-off 2.71 = 1.645^2 (z of `level` on one side); "
                     "the 95 % cut-off is c = 3.84 = 1.96^2.")
LR_WALD_HINT = ("You returned the Wald interval; the likelihood-ratio interval solves "
                "2 [l(theta_hat) - l(theta)] = c on each side of theta_hat.")
LR_BOUNDARY_HINT = ("With k = 0 the lower end is exactly 0, and with k = n the upper end is "
                    "exactly 1: there the log-likelihood is largest at the boundary itself.")
LR_PRECISION_HINT = ("Your ends are close but not within the tolerance: bisect until the "
                     "midpoint equals an end of the bracket, or use brentq with xtol=1e-15.")

# coverage
COVERAGE_STRICT_HINT = ("You counted an interval whose end equals theta as missing it; the "
                        "interval is closed: covered when low <= theta <= high.")
COVERAGE_MISS_HINT = ("You returned the fraction of intervals that miss theta; return the "
                      "fraction that contain it.")
COVERAGE_COUNT_HINT = ("You returned the number of covered data sets; return the fraction "
                       "(divide by trials).")
COVERAGE_DRAWS_HINT = ("Your simulated counts are not the ones the docstring specifies: draw "
                       "them with np.random.default_rng(seed).binomial(n, theta, size=trials) "
                       "(np.random.seed with np.random.binomial, or n single flips per data set, "
                       "give other numbers).")
