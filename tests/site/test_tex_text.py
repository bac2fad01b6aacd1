"""The search index's plain text for TeX (site_hooks/tex_text.py): readable, and no TeX left."""

from __future__ import annotations

import importlib.util
import re

import pytest

from tests.site.conftest import ROOT


@pytest.fixture(scope="module")
def tex_text():
    spec = importlib.util.spec_from_file_location("tex_text", ROOT / "site_hooks" / "tex_text.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("tex, text", [
    (r"\ln 10 \approx 2.3026", "ln 10 ≈ 2.3026"),
    (r"\hat\sigma^2 = \frac{1}{n}\sum_{i=1}^{n} (x_i - \bar x)^2",
     "σ̂² = 1/n Σᵢ₌₁ⁿ (xᵢ - x̄)²"),
    (r"-\log p(y \mid x, w) = \tfrac12\log(2\pi\sigma^2) + \frac{(y - \hat y)^2}{2\sigma^2}",
     "-log p(y | x, w) = 1/2 log(2πσ²) + (y - y\u0302)²/(2σ²)"),
    (r"-\log_2 q_i = \frac{1}{\sqrt{2\pi}}", "-log₂ qᵢ = 1/√(2π)"),
    (r"\hat\theta = \arg\max_\theta L(\theta)", "θ̂ = arg max_θ L(θ)"),
    (r"\binom{n}{k} \theta^{k} (1 - \theta)^{n - k}", "C(n, k) θᵏ (1 - θ)ⁿ⁻ᵏ"),
    (r"\sigma(z) = \dfrac{1}{1 + e^{-z}}", "σ(z) = 1/(1 + e⁻ᶻ)"),
    (r"\underbrace{\frac{n}{2}\log(2\pi\sigma^2)}_{\text{no } w \text{ in it}}",
     "n/2 log(2πσ²) (no w in it)"),
    (r"\lVert w \rVert^2 / \tau^2", "‖ w ‖² / τ²"),
    (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", "a = b ; c = d"),
    (r"\mathbb{E}[x] \le \sqrt{2\pi}", "𝔼[x] ≤ √(2π)"),
    (r"x\log\theta + (1 - x)\log(1 - \theta)", "x log θ + (1 - x) log(1 - θ)"),
])
def test_formulas_read_as_plain_text(tex_text, tex, text):
    assert tex_text.tex_to_text(tex) == text


def test_no_backslash_is_left_whatever_the_command(tex_text):
    assert tex_text.tex_to_text(r"\unknowncommand{x} + \alpha_{\mathrm{new}}") == \
        "unknowncommand x + α_(new)"


def test_every_kind_of_delimiter_in_indexed_text(tex_text):
    text = (r"by \(\ln 10 \approx 2.3026\), then \[a &lt; b\], $$x^2$$ and $y_i$; "
            "it costs $3 and $4, and `$HOME` stays")
    assert tex_text.plain_maths(text) == ("by ln 10 ≈ 2.3026, then a &lt; b, x² and yᵢ; "
                                          "it costs $3 and $4, and `$HOME` stays")


def test_the_lessons_formulas_leave_no_tex(tex_text):
    """Every formula of the lessons, notebooks and exercise docstrings converts to text
    without a command or a braced script of TeX."""
    sources = [*ROOT.glob("days/day[0-9][0-9]/README.md"),
               *ROOT.glob("days/day[0-9][0-9]/*.ipynb"), *ROOT.glob("exercises/*/*.py")]
    formulas = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # the JSON strings' escapes
            text = text.replace("\\\\", "\\").replace("\\n", "\n")
        formulas += re.findall(r"\$\$(.+?)\$\$|(?<![\w$\\])\$([^\s$][^$\n]*?)\$", text, re.S)
    assert len(formulas) > 100
    left = [(tex, tex_text.tex_to_text(tex)) for pair in formulas for tex in pair if tex
            if re.search(r"\\[A-Za-z]|[_^]\{", tex_text.tex_to_text(tex))]
    assert left == []
