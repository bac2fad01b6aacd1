"""The hints of Day 50's graded tests: one sentence naming each classic mistake."""

FORWARD_HINT = ("You used forward differences (f(w + h) - f(w)) / h, whose error is of order h; "
                "use central differences (f(w + h) - f(w - h)) / (2h).")
BACKWARD_HINT = ("You used backward differences (f(w) - f(w - h)) / h, whose error is of order "
                 "h; use central differences (f(w + h) - f(w - h)) / (2h).")
HALF_STEP_HINT = "A central difference spans 2h: divide f(w + h) - f(w - h) by 2h, not by h."
IGNORED_H_HINT = "You ignored the argument h: use the step you are given."
NO_MEAN_HINT = ("You returned the gradient of the total BCE; this is the gradient of the mean: "
                "divide by n.")
SIGN_HINT = ("The gradient has the wrong sign: it is X^T (sigma(Xw) - y) / n, prediction minus "
             "label (y - sigma is the direction of descent).")
INTERCEPT_HINT = ("You left the intercept column out of the penalty; this function penalises "
                  "every weight, the intercept's too.")
NO_HALF_HINT = ("Your penalty is l2 * ||w||^2; the objective has (l2 / 2) * ||w||^2, whose "
                "gradient is l2 * w.")
TOTAL_PENALTY_HINT = ("You added the penalty to the total BCE (or divided l2 by n); it is added "
                      "to the mean BCE.")
NO_PENALTY_HINT = "You ignored l2: the penalty (l2 / 2) * ||w||^2 is part of the objective."
UNBIASED_HINT = ("You divided by n - d (the unbiased estimate); the MLE of the variance "
                 "divides the residual sum of squares by n.")
N_MINUS_ONE_HINT = ("You divided by n - 1; the MLE of the variance divides the residual sum of "
                    "squares by n.")
SIGMA_HINT = "You returned sigma, the standard deviation; return the variance sigma**2."
RSS_HINT = "You returned the residual sum of squares; sigma2 is its mean (divide by n)."
TAU_HINT = "You divided by 2 tau; tau is the standard deviation, so divide by 2 tau**2."
FACTOR_TWO_HINT = ("Your penalty is off by a factor of 2: the Gaussian's exponent is "
                   "||w||^2 / (2 tau^2).")
CONSTANT_HINT = ("You kept the constant (d / 2) log(2 pi tau^2); this function leaves it out "
                 "(it does not depend on w).")
NOT_SQUARED_HINT = "Square the weights: the penalty is ||w||^2 (a sum of squares), not ||w||."
L1_HINT = "You used |w| (a Laplace prior's L1 penalty); a Gaussian prior gives ||w||^2."
MEAN_HINT = "You averaged over the weights; the penalty is a sum over every weight."


# numerical_gradient: the inputs' types and the caller's array.
INTEGER_STEP_HINT = ("You kept integer weights as integers, so w + h was rounded back to w and "
                     "the step became 0 (np.zeros_like of an integer array holds integers); "
                     "work on float copies: np.array(w, dtype=float).")
INTEGER_CALL_HINT = ("f was called with an integer array; the docstring promises f float arrays "
                     "(convert w to floats first).")
MUTATED_HINT = ("numerical_gradient changed the caller's array w; work on copies (w[j] += h on "
                "the argument itself changes it).")

# bce_gradient: the residual of a confident right answer.
SUBTRACTION_HINT = ("You computed sigma(z) - y by subtraction: for a confident right answer "
                    "(y = 1, z = 40) sigma(z) rounds to 1 and the difference to 0, while it is "
                    "-sigma(-z) = -4.2e-18; for y = 1 compute -sigma(-z).")

# fit_logistic_regression: separation.
SEPARABLE_HINT = ("With l2 == 0 and separable data the MLE does not exist: raise ValueError "
                  "saying the data are separable, instead of looping or returning huge weights.")
QUASI_HINT = ("These data are quasi-completely separated (v = (0, 1) gives margins 1, 0, 0, 1): "
              "the loss levels off at (1/2) log 2 while the slope grows without bound, so the "
              "MLE does not exist and a loss threshold never notices; decide separation exactly "
              "(a linear program such as scipy.optimize.linprog).")
LOSS_CUE_HINT = ("You called data separable that are not: their minimum loss is small (below "
                 "1e-3) but positive, and the MLE exists. A small loss proves nothing; decide "
                 "separation exactly (a linear program such as scipy.optimize.linprog).")

# gaussian_prior_penalty: the squares out of range.
SQUARED_FIRST_HINT = ("You squared w and tau before dividing: w**2 and tau**2 underflow or "
                      "overflow (1e-200**2 = 0, 1e200**2 = inf) where (w / tau)**2 does not; "
                      "divide each weight by tau first.")

# fit_linear_regression_mle: a near-exact fit.
CANCELLED_HINT = ("Your sigma2 is far off on a near-exact fit: look for a residual computed from "
                  "something other than y - X w (for instance ||y||^2 - ||X w||^2, where the "
                  "cancellation eats every digit).")

# poisson_regression_gradient
POISSON_NO_MEAN_HINT = ("You returned the gradient of the total NLL; this is the gradient of the "
                        "mean: divide by n.")
POISSON_SIGN_HINT = ("The gradient has the wrong sign: it points uphill, towards a larger NLL "
                     "(differentiate e^z - y z, prediction minus count).")
IDENTITY_LINK_HINT = ("You used Xw - y, as if the mean were Xw; with the log link the mean is "
                      "exp(Xw).")
EXTRA_RATE_HINT = ("Your gradient has an extra factor exp(z): the derivative of e^z - y z with "
                   "respect to z is e^z - y, nothing more.")
NO_COUNT_TERM_HINT = ("The counts are missing: differentiate -y_i z_i too (its derivative is "
                      "-y_i x_i).")

# fit_poisson_regression
UNDAMPED_HINT = ("Your result holds nan or inf: a full Newton step overshot and exp(Xw) "
                 "overflowed (from w = 0 with counts near 1000 the first step lands near 999); "
                 "damp the steps with a backtracking line search.")
DROPPED_ZEROS_HINT = ("You dropped the samples whose count is 0; they are data like the others "
                      "(each adds e^{z_i} to the NLL), and leaving them out pushes the fitted "
                      "rates up where the zeros were.")
NOT_EXIST_HINT = ("With l2 == 0 these counts have no MLE (the NLL keeps falling along some "
                  "direction, e.g. all counts 0 sends the intercept to -infinity): raise "
                  "ValueError saying the MLE does not exist.")
POISSON_INTERCEPT_HINT = ("You left the intercept column out of the penalty; this function "
                          "penalises every weight, the intercept's too.")
POISSON_NO_HALF_HINT = ("Your penalty is l2 * ||w||^2; the objective has (l2 / 2) * ||w||^2, "
                        "whose gradient is l2 * w.")
POISSON_TOTAL_HINT = ("You added the penalty to the total NLL (or divided l2 by n); it is added "
                      "to the mean NLL.")
POISSON_NO_PENALTY_HINT = ("You ignored l2: the penalty (l2 / 2) * ||w||^2 is part of the "
                           "objective.")
LOG_COUNTS_HINT = ("You fitted least squares to log(y + 1) (or similar); the Poisson MLE "
                   "minimises the NLL, sum of e^z - y z, which is another problem.")
