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

