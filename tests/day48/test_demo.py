"""The Day 48 demo: the numbers it prints, its command line, and its functions."""

from __future__ import annotations

import ast
import math
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest

from days.day48.code import mle_demo

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "days" / "day48" / "code"

# The lesson's numbers, exactly as the demo prints them (full repr precision).
LOG_LIKELIHOOD_ONE = "-0.2231435513142097"
LOSS_ONE = "0.2231435513142097"
BERNOULLI_NLL = "0.9083225622249782"
BCE = "0.22708064055624455"
GAUSSIAN_NLL = "2.801815599614018"
GAUSSIAN_NLL_NO_CONSTANT = "0.04500000000000003"
GAUSSIAN_CONSTANT = "2.756815599614018"
MSE = "0.030000000000000023"


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "days.day48.code.mle_demo", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def printed(number: str, text: str) -> bool:
    """``number`` appears in ``text`` as a whole number (0.22 is not found in -0.22 or 10.22)."""
    return re.search(rf"(?<![\d.\-]){re.escape(number)}(?![\d])", text) is not None


@pytest.fixture(scope="module")
def demo_output() -> str:
    process = run_demo()
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    return process.stdout


# --------------------------------------------------------------------------------------------
# What `python -m days.day48.code.mle_demo` prints
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("number", [
    LOG_LIKELIHOOD_ONE, LOSS_ONE, BERNOULLI_NLL, BCE,
    GAUSSIAN_NLL, GAUSSIAN_NLL_NO_CONSTANT, GAUSSIAN_CONSTANT, MSE,
])
def test_demo_prints_the_lessons_numbers_at_full_precision(demo_output, number):
    assert printed(number, demo_output), f"{number} not in the demo's output"


def test_demo_prints_the_log_likelihoods_with_their_minus_sign(demo_output):
    assert printed("-0.9083225622249782", demo_output)
    assert printed(LOG_LIKELIHOOD_ONE, demo_output)


def test_demo_labels_the_gaussian_nll_with_and_without_its_constant(demo_output):
    lines = demo_output.splitlines()
    with_constant = next(line for line in lines if printed(GAUSSIAN_NLL, line))
    without = next(line for line in lines if printed(GAUSSIAN_NLL_NO_CONSTANT, line))
    constant = next(line for line in lines if printed(GAUSSIAN_CONSTANT, line))
    assert "constant included" in with_constant
    assert "constant dropped" in without
    assert "log(2 pi sigma^2)" in constant


def test_demo_has_a_heading_per_section(demo_output):
    for heading in ("One label", "Bernoulli", "Categorical", "Gaussian", "Regression",
                    "Underflow", "Classification"):
        assert re.search(rf"^\d\. {heading}", demo_output, re.MULTILINE), heading


def test_demo_shows_both_regression_fits_and_their_tiny_difference(demo_output):
    lines = demo_output.splitlines()
    lstsq = next(line for line in lines if "lstsq" in line)
    bfgs = next(line for line in lines if "BFGS" in line)
    difference = next(line for line in lines if "difference" in line)
    a_ls, b_ls = (float(v) for v in lstsq.split()[-2:])
    a_nll, b_nll = (float(v) for v in bfgs.split()[-2:])
    assert abs(a_ls - a_nll) < 1e-6 and abs(b_ls - b_nll) < 1e-6
    assert all(float(v) < 1e-6 for v in difference.split()[-2:])


def test_demo_prints_the_underflow_point(demo_output):
    assert "0.5^1075" in demo_output and "5e-324" in demo_output
    assert printed("-745.1332191019239", demo_output)


def test_demo_prints_section_7s_table_and_the_gradient_ratio(demo_output):
    """The classification section: the lesson's table of Section 7 at full precision."""
    section = demo_output[demo_output.index("7. Classification"):]
    mp = mpmath.mp.clone()
    mp.dps = 50
    for z in mle_demo.CLASSIFICATION_LOGITS:
        p = 1 / (1 + mp.exp(-mp.mpf(z)))
        for value in (p, -mp.log(p), p - 1, (p - 1) ** 2, 2 * (p - 1) * p * (1 - p)):
            shown = float(value)
            # Printed at full precision; each agrees with the 50-digit value to 1e-15.
            found = [float(v) for v in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", section)
                     if math.isclose(float(v), shown, rel_tol=1e-15, abs_tol=0.0)]
            assert found, (z, shown)
    ratio = next(line for line in section.splitlines() if "ratio of the gradients" in line)
    assert 11014.0 < float(re.findall(r"\d+\.\d+", ratio)[0]) < 11015.0
    assert "0.2962962962962963" in section  # 8/27


def test_help_exits_0_and_describes_the_options():
    process = run_demo("--help")
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("usage:")
    assert "--section" in process.stdout and "--seed" in process.stdout
    assert "cross-entropy" in process.stdout


def test_section_flag_prints_only_that_section():
    process = run_demo("--section", "gaussian")
    assert process.returncode == 0, process.stderr
    assert printed(GAUSSIAN_NLL, process.stdout)
    assert not printed(BERNOULLI_NLL, process.stdout)
    assert "Regression" not in process.stdout


def test_seed_flag_changes_only_the_regressions_data():
    default, other = run_demo("--section", "regression"), run_demo("--section", "regression",
                                                                    "--seed", "1")
    assert default.returncode == other.returncode == 0
    assert "seed 1" in other.stdout and default.stdout != other.stdout


def test_bad_section_is_a_usage_error():
    process = run_demo("--section", "nope")
    assert process.returncode == 2
    assert "invalid choice" in process.stderr


# --------------------------------------------------------------------------------------------
# The functions, called directly
# --------------------------------------------------------------------------------------------
def test_one_label():
    assert float(mle_demo.bernoulli_likelihood_terms([1], [0.8])[0]) == 0.8
    log_likelihood = float(mle_demo.bernoulli_log_likelihood_terms([1], [0.8])[0])
    assert repr(log_likelihood) == LOG_LIKELIHOOD_ONE
    assert repr(-log_likelihood) == LOSS_ONE


def test_bernoulli_terms_total_and_mean():
    y, p = mle_demo.BERNOULLI_LABELS, mle_demo.BERNOULLI_PROBS
    terms = mle_demo.bernoulli_log_likelihood_terms(y, p)
    assert terms.shape == (4,)
    np.testing.assert_allclose(terms, np.log([0.9, 0.8, 0.8, 0.7]), rtol=1e-15)
    assert float(-terms.sum()) == pytest.approx(float(BERNOULLI_NLL), rel=1e-14)
    assert float(-terms.mean()) == pytest.approx(float(BCE), rel=1e-14)
    assert float(np.prod(mle_demo.bernoulli_likelihood_terms(y, p))) == pytest.approx(0.4032)


def test_bernoulli_terms_follow_zero_log_zero_and_give_minus_inf_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        terms = mle_demo.bernoulli_log_likelihood_terms([1, 0, 1, 0], [1.0, 0.0, 0.0, 1.0])
    assert terms[0] == 0.0 and terms[1] == 0.0
    assert terms[2] == -math.inf and terms[3] == -math.inf


def test_categorical_terms_and_the_two_class_case():
    terms = mle_demo.categorical_log_likelihood_terms(mle_demo.CATEGORICAL_LABELS,
                                                      mle_demo.CATEGORICAL_PROBS)
    np.testing.assert_allclose(terms, np.log([0.7, 0.6, 0.4]), rtol=1e-15)
    p = np.array(mle_demo.BERNOULLI_PROBS)
    two = mle_demo.categorical_log_likelihood_terms(mle_demo.BERNOULLI_LABELS,
                                                    np.column_stack([1 - p, p]))
    np.testing.assert_allclose(
        two, mle_demo.bernoulli_log_likelihood_terms(mle_demo.BERNOULLI_LABELS, p), rtol=1e-15)


def test_gaussian_nll_with_and_without_the_constant():
    y, y_hat = mle_demo.GAUSSIAN_TARGETS, mle_demo.GAUSSIAN_PREDICTIONS
    with_constant = float(mle_demo.gaussian_nll_terms(y, y_hat, 1.0).sum())
    without = float(mle_demo.gaussian_nll_terms(y, y_hat, 1.0, include_constant=False).sum())
    constant = mle_demo.gaussian_nll_constant(3, 1.0)
    mse = float(mle_demo.squared_error_terms(y, y_hat).mean())
    assert with_constant == pytest.approx(float(GAUSSIAN_NLL), rel=1e-14)
    assert without == pytest.approx(0.045, rel=1e-12)
    assert constant == pytest.approx(float(GAUSSIAN_CONSTANT), rel=1e-14)
    assert constant == pytest.approx(1.5 * math.log(2 * math.pi), rel=1e-15)
    assert mse == pytest.approx(0.03, rel=1e-12)
    assert with_constant == pytest.approx(constant + without, rel=1e-14)
    assert with_constant == pytest.approx(constant + 3 / 2 * mse, rel=1e-14)


def test_gaussian_nll_sigma_is_a_standard_deviation_and_can_make_terms_negative():
    term = float(mle_demo.gaussian_nll_terms([0.0], [2.0], sigma=2.0)[0])
    assert term == pytest.approx(0.5 * math.log(2 * math.pi * 4.0) + 4.0 / 8.0, rel=1e-15)
    assert float(mle_demo.gaussian_nll_terms([0.0], [0.0], sigma=0.25)[0]) < 0.0
    per_sample = mle_demo.gaussian_nll_terms([1.0, 1.0], [0.0, 0.0], sigma=[0.5, 2.0])
    assert per_sample[0] > per_sample[1]


def test_regression_minimisers_coincide():
    x, y = mle_demo.make_line_data()
    by_lstsq = mle_demo.fit_line_least_squares(x, y)
    by_nll = mle_demo.fit_line_gaussian_nll(x, y)
    assert x.shape == y.shape == (20,)
    np.testing.assert_allclose(by_nll, by_lstsq, rtol=0, atol=1e-6)
    np.testing.assert_allclose(by_lstsq, [2.0, 1.0], atol=0.3)  # near the true line
    # Any other sigma moves the NLL, not its minimiser.
    np.testing.assert_allclose(mle_demo.fit_line_gaussian_nll(x, y, sigma=3.0), by_lstsq,
                               rtol=0, atol=1e-6)


def test_regression_nll_is_an_affine_function_of_the_mse():
    x, y = mle_demo.make_line_data()
    n, sigma = x.size, 0.5
    for params in ([2.0, 1.0], [0.0, 0.0], [3.5, -1.0]):
        mse = mle_demo.mse_of_line(params, x, y)
        expected = n / 2 * math.log(2 * math.pi * sigma**2) + n / (2 * sigma**2) * mse
        assert mle_demo.gaussian_nll_of_line(params, x, y, sigma) == pytest.approx(expected)


def test_regression_data_depend_on_the_seed_only():
    first, again = mle_demo.make_line_data(seed=3), mle_demo.make_line_data(seed=3)
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[1], mle_demo.make_line_data(seed=4)[1])


def test_underflow_helpers():
    assert mle_demo.first_underflow(0.5) == 1075
    products = mle_demo.running_likelihood(0.5, 1075)
    assert products[-2] == 5e-324 and products[-1] == 0.0
    logs = mle_demo.running_log_likelihood(0.5, 1075)
    assert logs[-1] == pytest.approx(1075 * math.log(0.5), rel=1e-12)
    assert np.isfinite(logs).all()


def test_log_or_minus_inf():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = mle_demo.log_or_minus_inf([0.0, 1.0, math.e])
    np.testing.assert_allclose(values, [-math.inf, 0.0, 1.0])


def test_sigmoid_is_stable_and_symmetric():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning at +-1000
        values = mle_demo.sigmoid([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    assert values[0] == 0.0 and values[2] == 0.5 and values[4] == 1.0
    assert values[1] == pytest.approx(4.248354255291589e-18, rel=1e-15)
    z = np.linspace(-30.0, 30.0, 61)
    np.testing.assert_allclose(mle_demo.sigmoid(z) + mle_demo.sigmoid(-z), 1.0, rtol=1e-15)


def test_classification_losses_and_gradients():
    z = np.array([-10.0, -2.0, 0.0, 2.0])
    for label in (0, 1):
        y = np.full(z.shape, label)
        p = mle_demo.sigmoid(z)
        np.testing.assert_allclose(
            mle_demo.bce_logit_terms(y, z),
            -mle_demo.bernoulli_log_likelihood_terms(y, p), rtol=1e-12)
        np.testing.assert_allclose(mle_demo.squared_error_logit_terms(y, z), (p - label) ** 2,
                                   rtol=1e-13)
        # Against central differences of the losses themselves.
        h = 1e-6
        for loss, gradient in ((mle_demo.bce_logit_terms, mle_demo.bce_logit_gradient),
                               (mle_demo.squared_error_logit_terms,
                                mle_demo.squared_error_logit_gradient)):
            numeric = (loss(y, z + h) - loss(y, z - h)) / (2 * h)
            np.testing.assert_allclose(gradient(y, z), numeric, rtol=1e-6, atol=1e-10)
    # A label 0 mirrors a label 1: z -> -z, and the gradient changes sign.
    np.testing.assert_allclose(mle_demo.squared_error_logit_gradient(0, 10.0),
                               -mle_demo.squared_error_logit_gradient(1, -10.0), rtol=1e-15)
    # The squared error's gradient is at most 8/27 in size, at z = -ln 2.
    grid = np.linspace(-20.0, 20.0, 400001)
    sizes = np.abs(mle_demo.squared_error_logit_gradient(1, grid))
    assert sizes.max() == pytest.approx(8 / 27, rel=1e-9)
    assert grid[np.argmax(sizes)] == pytest.approx(-math.log(2.0), abs=1e-4)


def test_train_logistic_follows_the_gradient_of_the_chosen_loss():
    x, y = mle_demo.make_classification_data(n=50, seed=3)
    again = mle_demo.make_classification_data(n=50, seed=3)
    np.testing.assert_array_equal(x, again[0])
    assert set(np.unique(y)) <= {0.0, 1.0}
    for loss, gradient in (("bce", mle_demo.bce_logit_gradient),
                           ("squared", mle_demo.squared_error_logit_gradient)):
        params = mle_demo.train_logistic(x, y, loss, start=(0.5, -0.25), learning_rate=0.1,
                                         steps=2)
        assert params.shape == (3, 2) and tuple(params[0]) == (0.5, -0.25)
        slope = gradient(y, 0.5 * x - 0.25)
        np.testing.assert_allclose(params[1], [0.5 - 0.1 * np.mean(slope * x),
                                               -0.25 - 0.1 * np.mean(slope)], rtol=1e-15)
    # The BCE run ends at the maximum likelihood fit: the mean gradient is 0 there.
    x, y = mle_demo.make_classification_data()
    w, b = mle_demo.train_logistic(x, y, "bce", steps=2000)[-1]
    slope = mle_demo.bce_logit_gradient(y, w * x + b)
    assert abs(np.mean(slope * x)) < 1e-12 and abs(np.mean(slope)) < 1e-12
    with pytest.raises(ValueError, match="loss"):
        mle_demo.train_logistic(x, y, "mse")


def test_first_positive_weight():
    params = np.array([[-2.0, 0.0], [-0.5, 0.1], [0.25, 0.0], [-1.0, 0.0]])
    assert mle_demo.first_positive_weight(params) == 2
    assert mle_demo.first_positive_weight(params[:2]) is None


@pytest.mark.parametrize("module", ["mle_demo.py", "visualizations.py"])
def test_lesson_code_never_imports_solutions_or_exercises(module):
    tree = ast.parse((CODE / module).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not {name for name in imported if name.split(".")[0] in ("solutions", "exercises")}
