"""Plain text for the TeX of the lessons: what the search index shows instead of raw formulas.

The search plugin indexes a page's HTML before MathJax runs in the browser, so its snippets
would show ``\\(\\ln 10 \\approx 2.3026\\)``. :func:`plain_maths` rewrites every formula of an
indexed text as readable Unicode (``ln 10 ≈ 2.3026``): Greek letters and relations as their
characters, ``\\frac{a}{b}`` as ``a/b``, simple scripts as superscript and subscript
characters (``σ²``, ``xᵢ``), the rest as ``^(…)`` and ``_(…)``. It covers the commands the
lessons, notebooks and exercise docstrings use; an unknown command keeps its name without the
backslash, so no TeX is left in any case.
"""

from __future__ import annotations

import html
import re

__all__ = ["plain_maths", "tex_to_text"]

SYMBOLS = {
    # Greek letters
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # relations and arrows (spaced by _RELATION below)
    "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
    "in": "∈", "notin": "∉", "sim": "~", "propto": "∝", "equiv": "≡", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "Longrightarrow": "⟹", "implies": "⟹", "iff": "⟺", "mapsto": "↦",
    # operators and other symbols
    "cdot": "·", "times": "×", "pm": "±", "mp": "∓", "ast": "*", "infty": "∞",
    "partial": "∂", "nabla": "∇", "dots": "…",
    "ldots": "…", "cdots": "⋯", "top": "⊤", "ell": "ℓ", "mid": "|", "vert": "|",
    "lvert": "|", "rvert": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖", "|": "‖",
    "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "lbrace": "{", "rbrace": "}",
    "langle": "⟨", "rangle": "⟩", "{": "{", "}": "}", "%": "%", "_": "_", "#": "#", "&": "&",
    "$": "$", "forall": "∀", "exists": "∃", "emptyset": "∅", "cup": "∪", "cap": "∩",
    "setminus": "∖", "circ": "∘", "star": "⋆", "prime": "′", "neg": "¬", "land": "∧",
    "lor": "∨",
    # spacing
    ",": " ", ";": " ", ":": " ", " ": " ", "quad": " ", "qquad": " ", "!": "",
}
#: Function names typeset upright: written as the word, followed by a space where needed.
WORDS = {"log", "ln", "exp", "max", "min", "arg", "argmax", "argmin", "sup", "inf", "lim",
         "det", "sin", "cos", "tan", "tanh", "Pr", "dim", "ker"}
#: Big operators: a space before them where a term precedes (``1/n Σ``).
BIG_OPERATORS = {"sum": "Σ", "prod": "∏", "int": "∫", "oint": "∮"}
#: Commands that only size or style what follows: dropped.
DROPPED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
           "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "scriptstyle",
           "limits", "nolimits", "middle"}
#: Commands whose one argument is kept as it is (fonts and text).
KEEP_ARGUMENT = {"text", "textrm", "textit", "textbf", "texttt", "mathrm", "mathit",
                 "mathbf", "mathsf", "mathtt", "mathcal", "boldsymbol", "bm", "mbox",
                 "operatorname", "overline", "underline", "underbrace", "overbrace",
                 "widetilde", "pmb"}
#: Accents, as the combining character put after their argument.
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "tilde": "\u0303",
           "dot": "\u0307", "ddot": "\u0308", "vec": "\u20d7"}
DOUBLE_STRUCK = {"R": "ℝ", "E": "𝔼", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ"}
FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}

SUPERSCRIPTS = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzTβγδθφχ⊤′",
                        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀᵝᵞᵟᶿᵠᵡᵀ′", strict=True))
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvxβγρφχ",
                      "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_&~]|\s+|[^\\{}^_&~\s]+", re.S)
_RELATION = re.compile(r"\s*([=≈≤≥≠∈∉≡→←⇒⟹⟺↦∝<>])\s*")
#: A word (log, exp, ...) marks the places around it: a space goes after it where a letter or
#: digit follows, and before it (and a big operator) where a term precedes.
_AFTER_WORD = "\x00"
_BEFORE_WORD = "\x01"
_SCRIPT_CHARACTERS = "".join(SUPERSCRIPTS.values()) + "".join(SUBSCRIPTS.values())
#: One number, one letter with its accents, or one group in parentheses (a root's too), then
#: its scripts: ``2``, ``0.5``, ``σ̂²``, ``(y - ŷ)²``, ``√(2π)``.
_SINGLE_TERM = re.compile(r"(?:\d+(?:\.\d+)?|(?:[^\W\d_]|[∂∇∞])[\u0300-\u036f\u20d7]*"
                          r"|√?\((?:[^()]|\([^()]*\))*\))"
                          rf"[{re.escape(_SCRIPT_CHARACTERS)}]*")


class _Parser:
    def __init__(self, tex: str) -> None:
        self.tokens = _TOKEN.findall(tex)
        self.position = 0

    def _next(self) -> str | None:
        if self.position >= len(self.tokens):
            return None
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _skip_space(self) -> None:
        while self.position < len(self.tokens) and self.tokens[self.position].isspace():
            self.position += 1

    def group(self, closing: str | None = None) -> str:
        """Text up to ``closing`` (``}``) or the end."""
        out: list[str] = []
        while (token := self._next()) is not None:
            if token == closing:
                break
            out.append(self.token(token))
        return "".join(out)

    def argument(self) -> str:
        """One argument: a braced group, a command with its arguments, or one character."""
        self._skip_space()
        token = self._next()
        if token is None:
            return ""
        if token == "{":
            return self.group("}")
        if token.startswith("\\"):
            return self.token(token)
        if len(token) > 1 and not token.isspace():  # a run of characters: take the first one
            self.tokens[self.position - 1:self.position] = [token[0], token[1:]]
            return token[0]
        return token

    def token(self, token: str) -> str:
        if token == "{":
            return self.group("}")
        if token == "}":
            return ""
        if token in ("^", "_"):
            return _script(self.argument(), SUPERSCRIPTS if token == "^" else SUBSCRIPTS, token)
        if token == "&":
            return ""
        if token == "~" or token.isspace():
            return " "
        if not token.startswith("\\"):
            return token
        return self.command(token[1:])

    def command(self, name: str) -> str:
        if name == "\\":  # a line break in an aligned block
            return "; "
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in WORDS:
            return _BEFORE_WORD + name + _AFTER_WORD
        if name in BIG_OPERATORS:
            return _BEFORE_WORD + BIG_OPERATORS[name]
        if name in DROPPED:
            return ""
        if name in ("begin", "end"):
            self.argument()  # the environment's name
            return ""
        if name in KEEP_ARGUMENT:
            text = self.argument()
            if name == "underbrace":  # the brace's label reads as a remark in parentheses
                self._skip_space()
                if self.position < len(self.tokens) and self.tokens[self.position] == "_":
                    self.position += 1
                    text += f" ({self.argument().strip()})"
            return text
        if name in ACCENTS:
            text = self.argument()
            return text + ACCENTS[name] if len(text) == 1 else f"{text}{ACCENTS[name]}"
        if name == "mathbb":
            text = self.argument()
            return "".join(DOUBLE_STRUCK.get(char, char) for char in text)
        if name in FRACTIONS:
            numerator, denominator = self.argument(), self.argument()
            return f"{_atom(numerator)}/{_atom(denominator)}"
        if name == "binom":
            n, k = self.argument(), self.argument()
            return f"C({n.strip()}, {k.strip()})"
        if name == "sqrt":
            return "√" + _atom(self.argument())
        return name + _AFTER_WORD  # unknown: its name, never a backslash


def _atom(text: str) -> str:
    """``text`` as one operand of ``/`` or ``√``: in parentheses unless it is a single term."""
    text = text.strip()
    if _SINGLE_TERM.fullmatch(text):
        return text
    return f"({text})"


def _script(text: str, characters: dict[str, str], mark: str) -> str:
    """A superscript or subscript: in script characters where each has one, else ``^(…)``."""
    text = text.replace(_AFTER_WORD, "").strip()
    compact = text.replace(" ", "")
    if compact and all(char in characters for char in compact):
        return "".join(characters[char] for char in compact)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def tex_to_text(tex: str) -> str:
    """The TeX formula ``tex`` (without delimiters) as plain Unicode text.

    >>> tex_to_text(r"\\ln 10 \\approx 2.3026")
    'ln 10 ≈ 2.3026'
    >>> tex_to_text(r"\\hat\\sigma^2 = \\frac{1}{n}\\sum_{i=1}^{n} (x_i - \\bar x)^2")
    'σ̂² = 1/n Σᵢ₌₁ⁿ (xᵢ - x̄)²'
    """
    text = _Parser(tex).group()
    text = re.sub(_AFTER_WORD + rf"(?=[^\W_])(?![{re.escape(_SCRIPT_CHARACTERS)}])", " ",
                  text).replace(_AFTER_WORD, "")
    text = re.sub(r"(?<=[^\W_]|[)!}\]]|[" + re.escape(_SCRIPT_CHARACTERS) + "])" + _BEFORE_WORD,
                  " ", text).replace(_BEFORE_WORD, "")
    text = _RELATION.sub(r" \1 ", text)
    return re.sub(r"\s+", " ", text).strip()


#: Maths in indexed text: \( … \), \[ … \] (pymdownx.arithmatex), $$ … $$ and $ … $ (notebooks).
_MATHS = re.compile(r"\\\((?P<a>.+?)\\\)|\\\[(?P<b>.+?)\\\]|\$\$(?P<c>.+?)\$\$"
                    r"|(?<![\w$\\])\$(?P<d>[^\s$](?:[^$]*?[^\s$\\])?)\$(?!\w)", re.S)


def plain_maths(text: str, escaped: bool = True) -> str:
    """``text`` with each of its formulas written as plain text by :func:`tex_to_text`.

    With ``escaped`` (the search index holds HTML-escaped text), each formula is unescaped
    before it is read and its plain text escaped again.
    """

    def plain(match: re.Match[str]) -> str:
        tex = next(group for group in match.groups() if group is not None)
        if escaped:
            return html.escape(tex_to_text(html.unescape(tex)), quote=False)
        return tex_to_text(tex)

    return _MATHS.sub(plain, text)
