"""The Day 51 demo: the numbers it prints, its command line, and its functions.

Expected values come from independent computations (scipy.stats, scipy.special, closed forms),
never from the reference solution.
"""

from __future__ import annotations

import ast
import inspect
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import special, stats

from days.day51.code import information_demo as demo

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "days" / "day51" / "code"


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "days.day51.code.information_demo", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.fixture(scope="module")
def output() -> str:
    process = run_demo()
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    return process.stdout


def row(output: str, label: str) -> list[str]:
    """The fields printed after ``label`` on its line."""
    line = next(line for line in output.splitlines() if line.strip().startswith(label))
    return line.strip()[len(label):].split()


# --------------------------------------------------------------------------------------------
# What the demo prints
# --------------------------------------------------------------------------------------------
def test_every_section_is_printed(output):
    for title in ("1. Entropy", "2. Entropy, cross-entropy and KL", "3. KL is not symmetric",
                  "4. The mean NLL", "5. Label smoothing", "6. Scoring rules",
                  "7. Calibration"):
        assert title in output


def test_entropy_table(output):
    for label, p in (("fair coin (1/2, 1/2)", [0.5, 0.5]), ("biased coin (0.9, 0.1)", [0.9, 0.1]),
                     ("uniform over 8 outcomes", [1 / 8] * 8)):
        bits, nats = (float(v) for v in row(output, label))
        assert bits == pytest.approx(stats.entropy(p, base=2), rel=1e-9)
        assert nats == pytest.approx(stats.entropy(p), rel=1e-15)
    assert row(output, "certain outcome (1, 0, 0)") == ["0", "0"]


def test_divergence_section(output):
    p, q = np.array(demo.LESSON_P), np.array(demo.LESSON_Q)
    assert row(output, "H(p)")[0] == "1.5" and row(output, "H(p, q)")[0] == "1.75"
    assert row(output, "KL(p || q)")[0] == "0.25"
    assert float(row(output, "KL(p || q)")[1]) == pytest.approx(
        np.sum(special.rel_entr(p, q)), rel=1e-15)


def test_asymmetry_section(output):
    assert float(row(output, "KL(fair || biased)")[0]) == pytest.approx(
        np.sum(special.rel_entr([0.5, 0.5], [0.1, 0.9])), rel=1e-9)
    assert row(output, "KL(uniform over 3 || (1/2, 1/2, 0))")[0] == "inf"
    assert float(row(output, "KL((1/2, 1/2, 0) || uniform over 3)")[0]) == pytest.approx(
        math.log(1.5), rel=1e-9)
    assert "0.0000, 2.1190" in output  # sqrt(0.7^2 + 2^2)


def test_mle_section(output):
    assert float(row(output, "theta = 0.5: mean NLL = H(p_hat, q)")[0]) == pytest.approx(
        math.log(2), rel=1e-9)
    assert float(row(output, "theta = 0.7: mean NLL = H(p_hat, q)")[0]) == pytest.approx(
        stats.entropy([0.3, 0.7]), rel=1e-9)
    assert "KL 0.0000" in output and "-0.0000" not in output
    binomial = stats.binom.pmf([0, 1, 2], 2, 0.5)
    assert float(row(output, "KL(p_hat || binomial at the MLE)")[0]) == pytest.approx(
        np.sum(special.rel_entr([0.3, 0.4, 0.3], binomial)), rel=1e-9)


def test_smoothing_section(output):
    assert row(output, "target of the true class, of each other") == ["0.91,", "0.01"]
    assert float(row(output, "best logit gap log(1 + k (1 - eps) / eps)")[0]) == pytest.approx(
        math.log(91), rel=1e-9)
    assert row(output, "loss at gap 16: smoothed, one-hot") == ["1.4400,", "0.0000"]


def test_scoring_section(output):
    rows = {float(r[0]): [float(v) for v in r[1:]] for r in re.findall(
        r"^\s+(0\.5|0\.7|0\.9|1)\s+(\S+)\s+(\S+)\s+(\S+)$", output, re.MULTILINE)
        for r in [r]}
    assert rows[0.7] == pytest.approx([stats.entropy([0.7, 0.3]), 0.21, 0.42], abs=5e-5)
    assert rows[1.0][0] == math.inf and rows[1.0][1:] == [0.3, 0.3]
    assert row(output, "expected log loss is least at p =") == ["0.7"]
    assert row(output, "expected absolute is least at p =") == ["1"]


def test_calibration_section(output):
    t_val = float(row(output, "temperature fitted on the validation split")[0])
    t_train = float(row(output, "temperature fitted on the training split")[0])
    assert t_train < t_val and abs(t_val - demo.OVERCONFIDENCE) < 0.2
    raw, fitted, wrong = (row(output, name) for name in ("T = 1 (raw)", "T from validation",
                                                         "T from training"))
    assert float(fitted[0]) < float(wrong[0]) < float(raw[0])  # test NLL
    assert float(fitted[1]) < float(wrong[1]) < float(raw[1])  # test ECE


def test_help_one_section_and_seed():
    help_text = run_demo("--help")
    assert help_text.returncode == 0 and "--section" in help_text.stdout
    one = run_demo("--section", "smoothing")
    assert one.returncode == 0 and "5. Label" in one.stdout and "1. Entropy" not in one.stdout
    other = run_demo("--section", "calibration", "--seed", "7")
    assert other.returncode == 0 and "7. Calibration" in other.stdout
    bad = run_demo("--section", "nope")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


# --------------------------------------------------------------------------------------------
# The importable functions
# --------------------------------------------------------------------------------------------
def test_information_matches_scipy():
    rng = np.random.default_rng(3)
    for _ in range(20):
        p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
        out = demo.information(p, q, base=2)
        assert out["entropy"] == pytest.approx(stats.entropy(p, base=2), rel=1e-12)
        assert out["kl"] == pytest.approx(stats.entropy(p, q, base=2), rel=1e-10)
        assert out["cross_entropy"] == pytest.approx(out["entropy"] + out["kl"], rel=1e-12)
    assert demo.information([0.5, 0.5], [1.0, 0.0])["kl"] == math.inf


def test_binary_entropy_and_empirical_distribution():
    np.testing.assert_allclose(demo.binary_entropy([0.0, 0.5, 1.0], base=2), [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(demo.empirical_distribution([0, 2, 2, 1], 4),
                                  [0.25, 0.25, 0.5, 0.0])
    np.testing.assert_allclose(demo.two_tosses_model(0.3), stats.binom.pmf([0, 1, 2], 2, 0.3))


def test_mixture_and_reverse_kl():
    x = np.linspace(-9.0, 9.0, 5)
    expected = 0.5 * (stats.norm.pdf(x, -2, 0.7) + stats.norm.pdf(x, 2, 0.7))
    np.testing.assert_allclose(demo.mixture_density(x), expected, rtol=1e-12)
    np.testing.assert_allclose(np.exp(demo.log_mixture_density(x)), expected, rtol=1e-12)
    # Sitting exactly on one component: KL = E_q[log 2 - log(1 + p_other / q)] < log 2.
    assert 0.68 < demo.reverse_kl(2.0, 0.7) < math.log(2)


def test_scores_and_gradients():
    scores = demo.expected_scores([0.7], 0.7)
    assert float(scores["Brier"][0]) == pytest.approx(0.21)
    gradients = demo.logit_gradients(np.array([0.0]))
    assert float(gradients["log loss"][0]) == -0.5 and float(gradients["Brier"][0]) == -0.25


def test_simulated_splits_are_reproducible_and_calibrated_after_scaling():
    first, second = demo.simulate_splits(), demo.simulate_splits()
    for name in ("train", "validation", "test"):
        np.testing.assert_array_equal(first[name].logits, second[name].logits)
        assert first[name].labels.min() >= 0 and first[name].labels.max() < demo.CLASSES
    test = first["test"]
    calibrated = demo.softmax(test.logits, demo.OVERCONFIDENCE)
    assert demo.calibration_error(calibrated, test.labels) < 0.05
    counts, accuracy, confidence = demo.reliability(calibrated, test.labels)
    assert counts.sum() == test.labels.size and np.isnan(accuracy[counts == 0]).all()


def test_public_functions_are_documented_and_typed():
    for name in demo.__all__:
        obj = getattr(demo, name)
        if callable(obj) and not isinstance(obj, type):
            assert inspect.getdoc(obj), name
            assert "return" in obj.__annotations__, name


def test_lesson_code_imports_neither_solutions_nor_exercises():
    for path in CODE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("solutions", "exercises")), (path, name)
