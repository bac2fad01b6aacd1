"""The Day 51 graders are fair: every correct way earns full points, every classic mistake loses
points and is named by its hint.

The correct alternatives live in ``variants/loops51`` (Python loops and ``math``; the KL
divergence as H(p, q) - H(p); golden-section search for the temperature) and
``variants/scipy51`` (``scipy.stats.entropy``, ``special.xlogy`` / ``rel_entr`` /
``log_softmax``, ``np.digitize`` bins, ``optimize.minimize_scalar``). Each is graded in a child
pytest; the mistakes are graded by the instructor's grader, as a student's work would be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.grading import assert_mistake_is_named, grade_mistakes, run_graded

VARIANTS = Path(__file__).resolve().parent / "variants"
TESTS = "tests/day51"
FUNCTIONS = ("entropy", "cross_entropy", "kl_divergence", "label_smoothing",
             "soft_cross_entropy_with_logits", "expected_calibration_error", "fit_temperature")

# Shared openings of the wrong bodies: the arguments as arrays.
P = "v = np.asarray(p, float)\nv = v[v > 0]\n"
PQ = "from scipy import special\np, q = np.asarray(p, float), np.asarray(q, float)\n"
ONE_HOT = "one_hot = np.eye(k)[np.asarray(labels, float).astype(int)]\n"
SOFT = ("from scipy import special\n"
        "t, z = np.asarray(targets, float), np.asarray(logits, float)\n")
ECE = ("q, y = np.asarray(probs, float), np.asarray(labels, float).astype(int)\n"
       "c, right = q.max(axis=1), (q.argmax(axis=1) == y).astype(float)\n"
       "which = np.clip(np.ceil(c * bins).astype(int) - 1, 0, bins - 1)\n")
# A correct temperature fit on the rows selected by `keep`, by bisection on the slope in beta.
TEMPERATURE = """
def fit(z, y):
    rows = np.arange(len(y))
    def slope(b):
        w = np.exp(b * z - (b * z).max(axis=1, keepdims=True))
        return np.mean((w * z).sum(axis=1) / w.sum(axis=1) - z[rows, y])
    low, high = 0.0, 1.0
    while slope(high) < 0:
        low, high = high, 2 * high
    for _ in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if slope(mid) < 0 else (low, mid)
    return 2 / (low + high)
z, y = np.asarray(logits, float), np.asarray(labels, float).astype(int)
mask = np.asarray(held_out, bool)
"""

# (function, wrong body, a phrase its hint must contain). Each body sees the arguments as the
# reference's signature names them, plus np and math.
MISTAKES = [
    # ---- entropy
    ("entropy", "v = np.asarray(p, float)\nreturn float(-np.sum(v * np.log(v)) / np.log(base))",
     "0 * log 0"),
    ("entropy", P + "return float(-np.sum(v * np.log(v)))", "ignored base"),
    ("entropy", P + "return float(-np.sum(v * np.log(v)) * np.log(base))",
     "instead of dividing"),
    ("entropy", P + "return float(-np.sum(v * np.log2(v)))", "log2"),
    ("entropy", P + "return float(np.sum(v * np.log(v)) / np.log(base))", "wrong sign"),
    ("entropy", P + "return float(-np.mean(v * np.log(v)) / np.log(base))",
     "averaged over the k outcomes"),
    # ---- cross_entropy
    ("cross_entropy", PQ + "return float(-np.sum(special.xlogy(q, p)))", "swapped p and q"),
    ("cross_entropy", PQ + "return float(-np.sum(p * np.log(q)))", "0 * log 0"),
    ("cross_entropy", PQ + "keep = (p > 0) & (q > 0)\n"
                           "return float(-np.sum(p[keep] * np.log(q[keep])))",
     "skipped that term"),
    ("cross_entropy", PQ + "return float(-np.sum(special.xlogy(p, np.clip(q, 1e-12, 1))))",
     "clipped q"),
    ("cross_entropy", PQ + "return float(np.sum(special.rel_entr(p, q)))",
     "the cross-entropy adds the entropy"),
    ("cross_entropy", PQ + "return float(-np.sum(special.xlogy(p, q)) / np.log(10))", "log10"),
    # ---- kl_divergence
    ("kl_divergence", PQ + "return float(np.sum(special.rel_entr(q, p)))", "KL(q || p)"),
    ("kl_divergence", PQ + "return float(np.sum(p * np.log(p / q)))", "0 * log 0"),
    ("kl_divergence", PQ + "keep = (p > 0) & (q > 0)\n"
                           "return float(np.sum(p[keep] * np.log(p[keep] / q[keep])))",
     "skipped that term"),
    ("kl_divergence", PQ + "return float(-np.sum(special.xlogy(p, q)))",
     "subtracts the entropy"),
    ("kl_divergence", PQ + "return float(-np.sum(special.rel_entr(p, q)))", "wrong sign"),
    ("kl_divergence", PQ + "return float(np.sum(special.rel_entr(p, q)) / np.log(2))", "log2"),
    # ---- label_smoothing
    ("label_smoothing", ONE_HOT + "return np.where(one_hot == 1, 1 - eps, eps / (k - 1))",
     "k - 1 other classes"),
    ("label_smoothing", ONE_HOT + "return (1 - eps) * one_hot + eps", "added eps to every"),
    ("label_smoothing", ONE_HOT + "return one_hot + eps / k", "keep only 1 - eps"),
    ("label_smoothing", ONE_HOT + "return np.where(one_hot == 1, 1 - eps, eps / k)",
     "its eps / k share"),
    # ---- soft_cross_entropy_with_logits
    ("soft_cross_entropy_with_logits",
     SOFT + "log_q = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))\n"
            "return float(np.mean(-np.sum(t * log_q, axis=1)))", "max shift"),
    ("soft_cross_entropy_with_logits",
     SOFT + "return float(np.mean(-np.sum(t * np.log(special.softmax(z, axis=1)), axis=1)))",
     "never log(softmax)"),
    ("soft_cross_entropy_with_logits",
     SOFT + "return float(np.sum(-np.sum(t * special.log_softmax(z, axis=1), axis=1)))",
     "sum over the n samples"),
    ("soft_cross_entropy_with_logits",
     SOFT + "return float(np.mean(-t * special.log_softmax(z, axis=1)))", "n * k entries"),
    ("soft_cross_entropy_with_logits",
     SOFT + "return float(np.mean(np.sum(special.rel_entr(t, special.softmax(z, axis=1)), "
            "axis=1)))", "targets' entropy"),
    ("soft_cross_entropy_with_logits",
     SOFT + "hard = np.eye(t.shape[1])[t.argmax(axis=1)]\n"
            "return float(np.mean(-np.sum(hard * special.log_softmax(z, axis=1), axis=1)))",
     "argmax"),
    # ---- expected_calibration_error
    ("expected_calibration_error",
     ECE + "with np.errstate(invalid='ignore'):\n"
           "    import warnings\n"
           "    warnings.simplefilter('ignore')\n"
           "    return float(sum(np.mean(which == m) * abs(right[which == m].mean() - "
           "c[which == m].mean()) for m in range(bins)))", "0 / 0"),
    ("expected_calibration_error",
     ECE + "gaps = [abs(right[which == m].mean() - c[which == m].mean()) "
           "for m in range(bins) if (which == m).any()]\n"
           "return float(np.mean(gaps))", "gaps equally"),
    ("expected_calibration_error",
     ECE + "gaps = [abs(right[which == m].mean() - c[which == m].mean()) "
           "for m in range(bins) if (which == m).any()]\n"
           "return float(np.sum(gaps) / bins)", "number of bins"),
    ("expected_calibration_error",
     ECE + "return float(abs(np.sum(right - c)) / len(y))", "absolute value"),
    ("expected_calibration_error",
     ECE + "c = q[np.arange(len(y)), y]\n"
           "which = np.clip(np.ceil(c * bins).astype(int) - 1, 0, bins - 1)\n"
           "g = np.bincount(which, weights=right - c, minlength=bins)\n"
           "return float(np.sum(np.abs(g)) / len(y))", "probability of the true class"),
    ("expected_calibration_error",
     ECE + "which = np.clip(np.ceil(c * 10).astype(int) - 1, 0, 9)\n"
           "g = np.bincount(which, weights=right - c, minlength=10)\n"
           "return float(np.sum(np.abs(g)) / len(y))", "10 bins"),
    ("expected_calibration_error",
     ECE + "which = np.minimum(np.floor(c * bins).astype(int), bins - 1)\n"
           "g = np.bincount(which, weights=right - c, minlength=bins)\n"
           "return float(np.sum(np.abs(g)) / len(y))", "closed on the left"),
    # ---- fit_temperature
    ("fit_temperature", TEMPERATURE + "return float(fit(z, y))", "on every row"),
    ("fit_temperature", TEMPERATURE + "return float(fit(z[~mask], y[~mask]) "
                                      "if (~mask).sum() else fit(z, y))", "training rows"),
    ("fit_temperature", TEMPERATURE + "return float(1 / fit(z[mask], y[mask]))", "1 / T"),
    ("fit_temperature", "return 1.0", "accuracy does not change"),
    ("fit_temperature",
     "from scipy import optimize\n"
     "z, y = np.asarray(logits, float), np.asarray(labels, float).astype(int)\n"
     "mask = np.asarray(held_out, bool)\n"
     "z, y = z[mask], y[mask]\n"
     "def nll(t):\n"
     "    with np.errstate(all='ignore'):\n"
     "        e = np.exp(z / t)\n"
     "        return np.mean(-np.log(e[np.arange(len(y)), y] / e.sum(axis=1)))\n"
     "return float(optimize.minimize_scalar(nll, bounds=(0.05, 20), method='bounded', "
     "options={'xatol': 1e-12}).x)", "overflowed"),
]

SIGNATURES = {
    "entropy": "p, base=math.e", "cross_entropy": "p, q", "kl_divergence": "p, q",
    "label_smoothing": "labels, k, eps", "soft_cross_entropy_with_logits": "targets, logits",
    "expected_calibration_error": "probs, labels, bins=10",
    "fit_temperature": "logits, labels, held_out",
}


@pytest.fixture(scope="module")
def mistake_scores(tmp_path_factory):
    return grade_mistakes(tmp_path_factory.mktemp("mistakes51"), "day51.information", MISTAKES,
                          SIGNATURES, tests=TESTS)


@pytest.mark.parametrize("variant", ["loops51", "scipy51", "solutions"])
def test_correct_implementations_earn_full_points(variant, tmp_path):
    extra = None if variant == "solutions" else VARIANTS
    scores, process = run_graded(variant, extra_path=extra, tmp=tmp_path, tests=TESTS)
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(scores) == {f"day51.{f}" for f in FUNCTIONS}
    for name, entry in scores.items():
        assert entry["status"] == "passed", (name, entry)
        assert entry["score"] == entry["max_score"] > 0


@pytest.mark.parametrize(
    ("index", "function", "phrase"),
    [(i, f, phrase) for i, (f, _, phrase) in enumerate(MISTAKES)],
    ids=[f"{f}-{phrase.replace(' ', '_')}" for f, _, phrase in MISTAKES],
)
def test_each_classic_mistake_loses_points_and_is_named(mistake_scores, index, function,
                                                         phrase):
    assert_mistake_is_named(mistake_scores[f"mistake_{index:02d}"], "day51", function, phrase)
