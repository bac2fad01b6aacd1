"""The Day 49 demo: the numbers it prints, its command line, and its functions."""

from __future__ import annotations

import ast
import math
import os
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest

from days.day49.code import stability_demo as demo

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "days" / "day49" / "code"
mpmath.mp.dps = 50


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "days.day49.code.stability_demo", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def printed(number: str, text: str) -> bool:
    """``number`` appears in ``text`` as a whole number (0.22 is not found in -0.22 or 10.22)."""
    return re.search(rf"(?<![\d.\-]){re.escape(number)}(?![\d])", text) is not None


def exact_softplus(t: float) -> float:
    return float(mpmath.log1p(mpmath.exp(mpmath.mpf(t))))


@pytest.fixture(scope="module")
def demo_output() -> str:
    process = run_demo()
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    return process.stdout


# --------------------------------------------------------------------------------------------
# What `python -m days.day49.code.stability_demo` prints, recomputed independently
# --------------------------------------------------------------------------------------------
def test_every_section_is_printed(demo_output):
    for number in range(1, len(demo.SECTIONS) + 1):
        assert re.search(rf"^{number}\. ", demo_output, re.MULTILINE)


def test_the_bce_table_is_exact_where_it_should_be(demo_output):
    # One row per label and logit: z, label, naive, stable, exact.
    rows = re.findall(r"^\s+(-?\d+)\s+([01])\s+(\S+)\s+(\S+)\s+(\S+)$", demo_output, re.MULTILINE)
    assert len(rows) == 2 * len(demo.DEMO_LOGITS)
    for z, label, _naive, stable, exact in rows:
        t = -float(z) if label == "1" else float(z)
        assert exact == repr(exact_softplus(t))
        assert math.isclose(float(stable), exact_softplus(t), rel_tol=1e-15)
    naive_of = {(float(z), label): naive for z, label, naive, _, _ in rows}
    assert naive_of[(-1000.0, "1")] == "inf" and naive_of[(1000.0, "0")] == "inf"
    assert naive_of[(40.0, "1")] == "0.0" and naive_of[(-40.0, "0")] == "0.0"


@pytest.mark.parametrize("number", [
    "4.248354255291589e-18",  # log(1 + e^-40)
    "690.7755278982137",  # -log(1e-300)
    "36.04365338911715",  # scikit-learn's cap, -log(eps)
    "360.91893853320465",  # ½ (log 2π + 720 + 4 e^-720)
    "2.112085713764618",  # ½ (log 2π + log 4 + 1)
    "800.0",  # Poisson NLL of 1 count at log-rate -800
    "863.2319871924054",  # log 200!
    "-0.4076059644443804",  # log-softmax of [1000, 999, 998], entry 0
    "104.46573590279974", "159.46573590279974",  # Laplace NLL at the median, at the mean
])
def test_lesson_numbers_are_printed(demo_output, number):
    assert printed(number, demo_output), number


def test_printed_numbers_match_independent_values():
    assert 4.248354255291589e-18 == exact_softplus(-40.0)
    assert 690.7755278982137 == -math.log(1e-300)
    assert 36.04365338911715 == -math.log(2.220446049250313e-16)
    half = mpmath.mpf(1) / 2
    gaussian_720 = half * (mpmath.log(2 * mpmath.pi) + 720 + 4 * mpmath.exp(-720))
    assert float(gaussian_720) == 360.91893853320465
    assert float(half * (mpmath.log(2 * mpmath.pi) + mpmath.log(4) + 1)) == pytest.approx(
        2.112085713764618, rel=1e-15)
    assert float(mpmath.loggamma(201)) == 863.2319871924054
    log_total = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in (0, -1, -2)))
    assert float(-log_total) == pytest.approx(-0.4076059644443804, rel=1e-15)
    assert 5 * math.log(2) + (21 + 20 + 19 + 18 + 78) == pytest.approx(159.46573590279974)
    assert 5 * math.log(2) + (2 + 1 + 0 + 1 + 97) == pytest.approx(104.46573590279974)


def test_the_formats_section_prints_the_lessons_table(demo_output):
    section = demo_output[demo_output.index("2. The same limits"):demo_output.index("3. Binary")]
    rows = {line.split()[0]: line.split()[1:] for line in section.splitlines()
            if line.strip().startswith(demo.FORMATS) and line.split()[1].isdigit()}
    assert rows == {
        "float64": ["53", "2^-52", "1.7977e+308", "36.73680056967711", "709.7827128933841"],
        "float32": ["24", "2^-23", "3.4028e+38", "16.635532", "88.72284"],
        "bfloat16": ["8", "2^-7", "3.3895e+38", "5.5625", "89.0"],
        "float16": ["11", "2^-10", "65504", "7.625", "11.09375"],
    }
    assert "float32 16.64, bfloat16 5.55, float16 7.62" in section
    assert "exp(88.5) is finite, exp(89.0) is inf" in section
    assert "emulated" in section


def test_naive_values_break_where_the_lesson_says(demo_output):
    assert "[nan, nan, nan]" in demo_output
    assert re.search(r"log\(softmax\(\[0\.0, -1000\.0\]\)\)\[1\]\s+-inf", demo_output)
    assert re.search(r"through exp\(s\)\s+inf", demo_output)
    assert re.search(r"through exp\(eta\)\s+inf", demo_output)


def test_sklearn_log_loss_clips_as_measured():
    assert demo.sklearn_log_loss([1], [1e-300]) == pytest.approx(-math.log(np.finfo(float).eps),
                                                                  rel=1e-12)
    assert demo.sklearn_log_loss([1], [0.0]) == pytest.approx(36.04365338911715, rel=1e-12)


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------
def test_help_describes_the_demo():
    process = run_demo("--help")
    assert process.returncode == 0
    assert "--section" in process.stdout and "--logits" in process.stdout


def test_one_section_with_chosen_logits():
    process = run_demo("--section", "bce", "--logits", "-50", "50")
    assert process.returncode == 0, process.stderr
    assert "3. Binary" in process.stdout and "1. The sigmoid" not in process.stdout
    assert printed(repr(exact_softplus(-50.0)), process.stdout)


def test_bad_arguments_are_refused():
    assert run_demo("--section", "nope").returncode == 2
    assert run_demo("--logits", "inf").returncode == 2


# --------------------------------------------------------------------------------------------
# The functions
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("t", [-1000.0, -745.0, -40.0, -1.0, 0.0, 1e-9, 3.0, 40.0, 1000.0])
def test_softplus_is_accurate(t):
    assert math.isclose(float(demo.softplus(t)), exact_softplus(t), rel_tol=4e-16)


def test_stable_and_naive_bce_agree_on_moderate_logits():
    z = np.linspace(-8.0, 8.0, 33)
    for label in (0, 1):
        y = np.full(z.shape, label)
        np.testing.assert_allclose(demo.naive_bce_terms(y, z), demo.stable_bce_terms(y, z),
                                   rtol=1e-10)


def test_gaussian_forms_agree_until_the_variance_overflows():
    s = np.array([-3.0, 0.0, 2.5])
    np.testing.assert_allclose(demo.gaussian_terms_from_log_var(1.0, 0.2, s),
                               demo.gaussian_terms_through_variance(1.0, 0.2, s), rtol=1e-13)
    assert math.isinf(float(demo.gaussian_terms_through_variance(1.0, 0.2, 710.0)))


def test_poisson_forms_agree_until_the_rate_underflows():
    y, eta = np.array([0, 2, 7]), np.array([-1.0, 0.5, 2.0])
    np.testing.assert_allclose(demo.poisson_terms(y, eta), demo.poisson_terms_through_rate(y, eta),
                               rtol=1e-13)
    assert math.isinf(float(demo.poisson_terms_through_rate([1], [-800.0])[0]))


def test_log_softmax_sums_to_one():
    assert math.fsum(np.exp(demo.stable_log_softmax([1000.0, 999.0, 998.0])).tolist()) == (
        pytest.approx(1.0, rel=1e-15))


# --------------------------------------------------------------------------------------------
# The other floating-point formats and the bfloat16 emulation
# --------------------------------------------------------------------------------------------
def _bf16_reference(value: float) -> float:
    """Round to bfloat16 from its definition, in exact arithmetic: 8 significant bits, the
    exponents of float32 (subnormals from 2^-133), ties to even, inf past the largest number."""
    exact = Fraction(value)
    if exact == 0:
        return 0.0
    sign, exact = (-1.0 if exact < 0 else 1.0), abs(exact)
    exponent = exact.numerator.bit_length() - exact.denominator.bit_length()
    if Fraction(2) ** exponent > exact:
        exponent -= 1
    quantum = Fraction(2) ** (max(exponent, -126) - 7)
    steps, rest = divmod(exact, quantum)
    if rest > quantum / 2 or (rest == quantum / 2 and steps % 2):
        steps += 1
    largest = (2 - Fraction(1, 128)) * Fraction(2) ** 127
    return sign * (math.inf if steps * quantum > largest else float(steps * quantum))


def test_round_to_bfloat16_follows_the_definition():
    rng = np.random.default_rng(49)
    bits = np.concatenate([
        rng.integers(0, 2**32, size=20_000, dtype=np.uint64).astype(np.uint32),
        np.array([0x3F808000, 0x3F818000, 0x3F80FFFF, 0x7F7F7FFF, 0x7F7F8000, 0x7F7FFFFF,
                  0x00008000, 0x00018000, 0x80000000, 0x7F800000, 0xFF800000], dtype=np.uint32),
    ])
    values = bits.view(np.float32)
    finite = values[np.isfinite(values)]
    got = demo.round_to_bfloat16(finite)
    assert got.dtype == np.float32 and not (got.view(np.uint32) & 0xFFFF).any()
    expected = np.array([_bf16_reference(float(v)) for v in finite], dtype=np.float32)
    np.testing.assert_array_equal(got, expected)
    # Ties go to the even neighbour: 1 + 2^-8 is halfway between 1 and 1 + 2^-7.
    assert demo.round_to_bfloat16(1 + 2**-8)[()] == 1.0
    assert demo.round_to_bfloat16(1 + 3 * 2**-8)[()] == 1 + 2**-6
    assert np.isnan(demo.round_to_bfloat16(np.nan)) and demo.round_to_bfloat16(-np.inf) == -np.inf


def test_round_to_bfloat16_agrees_with_ml_dtypes_when_it_is_installed():
    ml_dtypes = pytest.importorskip("ml_dtypes")  # not a course dependency: skipped without it
    bits = np.random.default_rng(7).integers(0, 2**32, size=200_000, dtype=np.uint64)
    values = bits.astype(np.uint32).view(np.float32)
    values = values[~np.isnan(values)]
    with np.errstate(over="ignore"):
        expected = values.astype(ml_dtypes.bfloat16).astype(np.float32)
    np.testing.assert_array_equal(demo.round_to_bfloat16(values), expected)


def test_format_limits_are_the_first_numbers_where_the_formulas_break():
    for fmt in demo.FORMATS:
        limits = demo.format_limits(fmt)
        assert limits.gap_above_one == 2.0 ** (1 - limits.significand_bits)
        z = limits.sigmoid_one_from
        assert demo.naive_sigmoid_in(z, fmt) == 1.0
        step_below = {"float64": math.nextafter(z, 0.0),
                      "float32": float(np.nextafter(np.float32(z), np.float32(0))),
                      "float16": float(np.nextafter(np.float16(z), np.float16(0))),
                      "bfloat16": z - 2.0 ** (math.floor(math.log2(z)) - 7)}[fmt]
        assert demo.naive_sigmoid_in(step_below, fmt) < 1.0
        assert np.isinf(demo.exp_in(limits.exp_inf_from, fmt))
        assert np.isfinite(demo.exp_in(limits.exp_last_finite, fmt))
        assert limits.exp_last_finite < limits.exp_inf_from
    assert demo.format_limits("bfloat16").largest == 3.3895313892515355e38
    with pytest.raises(ValueError, match="fmt"):
        demo.format_limits("float8")
    with pytest.raises(ValueError, match="fmt"):
        demo.to_format([1.0], "half")


def test_naive_bce_in_a_format_is_inf_past_the_threshold():
    for fmt in demo.FORMATS:
        z = demo.format_limits(fmt).sigmoid_one_from
        losses = demo.naive_bce_terms_in([0, 1], [z, z], fmt)
        assert losses[0] == np.inf and losses[1] == 0.0
    # Where nothing saturates, every format agrees with the stable float64 loss to its precision.
    y, z = np.array([0, 1, 1, 0]), np.array([-1.5, -0.25, 2.0, 3.0])
    exact = demo.stable_bce_terms(y, z)
    for fmt, tolerance in (("float64", 1e-14), ("float32", 1e-6), ("float16", 5e-3),
                           ("bfloat16", 5e-2)):  # 1 - p cancels: bfloat16 keeps 8 bits
        np.testing.assert_allclose(demo.naive_bce_terms_in(y, z, fmt).astype(float), exact,
                                   rtol=tolerance)


def test_stable_bce_in_every_format_is_finite_and_accurate():
    """The README's claim: the stable form meets none of the formats' limits."""
    for fmt in demo.FORMATS:
        largest = demo.format_limits(fmt).largest
        z = np.array([-largest, -1000.0 if fmt != "float16" else -60000.0, -40.0, -3.0, 0.0,
                      3.0, 40.0, largest])
        z = demo.to_format(z, fmt).astype(float)
        for label in (0, 1):
            y = np.full(z.shape, label)
            losses = demo.stable_bce_terms_in(y, z, fmt).astype(float)
            assert np.isfinite(losses).all(), (fmt, label)
            relative = {"float64": 1e-15, "float32": 2e-7, "float16": 2e-3,
                        "bfloat16": 2e-2}[fmt]
            # Against the exact loss rounded to the format (4.2e-18 is 0 in float16).
            expected = demo.to_format(demo.stable_bce_terms(y, z), fmt).astype(float)
            np.testing.assert_allclose(losses, expected, rtol=relative, atol=0.0)


def test_confident_batch():
    y, z = demo.confident_batch(scale=4.0, n=20_000, label_noise=0.05, seed=1)
    again = demo.confident_batch(scale=4.0, n=20_000, label_noise=0.05, seed=1)
    np.testing.assert_array_equal(z, again[1])
    assert set(np.unique(y)) == {0.0, 1.0}
    wrong = np.mean((z > 0) != (y == 1))
    assert 0.04 < wrong < 0.06 and 3.8 < np.std(z) < 4.2


# --------------------------------------------------------------------------------------------
# Hygiene: the lesson code stands alone
# --------------------------------------------------------------------------------------------
def test_lesson_code_imports_neither_solutions_nor_exercises():
    for path in CODE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("solutions", "exercises") for n in names), path


def test_code_package_init_is_empty():
    assert (CODE / "__init__.py").read_text(encoding="utf-8") == ""
