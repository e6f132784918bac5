r"""MathJax-style LaTeX as Unicode text for the terminal (concept cards in practice).

Covers what card writers use: Greek letters and operators, ``\frac``, ``\sqrt``,
scripts (``w^{(2)}_{31}`` → w⁽²⁾₃₁, ``w^{(a)}_{bc}`` → w⁽ᵃ⁾_bc as in nnquiz's problems),
accents (``\hat{y}`` → ŷ), ``\mathcal{L}`` → ℒ, ``\operatorname``, ``\text``,
``\left``/``\right`` and the ``cases`` environment. Anything else is shown without its
backslash. It never raises: text it cannot follow comes out as written.
"""

from __future__ import annotations

import re
import unicodedata

_SUP = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW⊤*′",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵀ*′",
    )
)
_SUB = dict(zip("0123456789+-−=()aehijklmnoprstuvxβγρφχ", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ"))

_SUP.update({c: c for c in set(_SUP.values())})  # already raised: ᵀ from \top
_SUB.update({c: c for c in set(_SUB.values())})
PREFIXES = {"partial", "nabla", "sum", "prod", "int"}  # no space after these: ∂L, Σᵢ

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ",
    "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ",
    "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
SYMBOLS = {
    **GREEK,
    "partial": "∂", "nabla": "∇", "cdot": "·", "times": "×", "div": "÷", "pm": "±",
    "approx": "≈", "neq": "≠", "ne": "≠", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "in": "∈", "notin": "∉", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "mapsto": "↦", "infty": "∞", "odot": "⊙", "circ": "∘",
    "top": "ᵀ", "sum": "Σ", "prod": "Π", "int": "∫", "dots": "…", "ldots": "…",
    "cdots": "⋯", "prime": "′", "forall": "∀", "exists": "∃", "sim": "∼", "propto": "∝",
    "equiv": "≡", "ll": "≪", "gg": "≫", "quad": "  ", "qquad": "    ", "lvert": "|",
    "rvert": "|", "vert": "|", "mid": "|", "lbrace": "{", "rbrace": "}", "langle": "⟨",
    "rangle": "⟩", "emptyset": "∅", "setminus": "∖", "cup": "∪", "cap": "∩",
}  # fmt: skip
FUNCTIONS = {"ln", "log", "exp", "max", "min", "sin", "cos", "tan", "tanh", "sigmoid",
             "arg", "argmax", "argmin", "sign", "det", "lim", "sup", "inf"}  # fmt: skip
ESCAPES = {",": " ", ";": " ", ":": " ", " ": " ", "!": "", "\\": "; ", "{": "{", "}": "}",
           "%": "%", "_": "_", "&": "&", "#": "#", "$": "$", "|": "‖"}  # fmt: skip
WORDS = {"text", "textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "boldsymbol",
         "operatorname", "mathsf", "mathtt", "bm", "emph"}  # fmt: skip
SIZES = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
         "displaystyle", "limits", "nolimits", "middle"}  # fmt: skip
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304",
           "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}  # fmt: skip
LETTERS = {"mathcal": {"L": "ℒ", "N": "𝒩", "O": "𝒪"},
           "mathbb": {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼"}}  # fmt: skip

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.S)
_OPEN = re.compile(r"\\[(\[]")  # \( or \[
_BULLET = re.compile(r"^- ")
_BLANKS = re.compile(r"\n{3,}")
_SPACES = re.compile(r" {2,}")
_GAP = re.compile(r"\s{2,}")
_DECIMAL = re.compile(r"[0-9.]+")
_FACTOR = re.compile(r"[^\s+−=/·×()]+")  # nothing to bracket in a denominator
_TERM = re.compile(r"[^\s+−=/·×]+")
_CLOSE = {"(": "\\)", "[": "\\]"}


def card_text(s: str) -> str:
    """A card side as terminal text: inline math in place, display math on its own
    indented line, ``- `` list items as bullets (``**bold**`` is left for the screen)."""
    text = _math_replaced(s)
    lines = [_BULLET.sub("• ", line.rstrip()) for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")


def _math_replaced(s: str) -> str:
    """``s`` with each ``\\( \\)`` formula as Unicode in place and each ``\\[ \\]`` on its
    own indented line; an opener never closed stays as written.

    One pass, linear in ``len(s)`` however many openers are left unclosed: once a closer
    is missing after some point, it is missing after every later opener too.
    """
    out: list[str] = []
    done = 0
    unclosed: set[str] = set()
    for m in _OPEN.finditer(s):
        kind = s[m.start() + 1]
        if m.start() < done or kind in unclosed:
            continue
        end = s.find(_CLOSE[kind], m.end())
        if end < 0:
            unclosed.add(kind)
            continue
        body = tex(s[m.end() : end])
        out += [s[done : m.start()], body if kind == "(" else "\n    " + body + "\n"]
        done = end + 2
    out.append(s[done:])
    return "".join(out)


def tex(s: str) -> str:
    """One formula (no delimiters) as Unicode text."""
    try:
        tokens = _TOKEN.findall(s)
        out, _ = _seq(tokens, 0, stop=None)
        out = _SPACES.sub(lambda m: m.group(0) if len(m.group(0)) > 2 else " ", out)
        return unicodedata.normalize("NFC", out).strip()  # y + ̂ is ŷ
    except Exception:  # a formula it cannot follow is shown as written
        return s.strip()


def _seq(tokens: list[str], i: int, stop: str | None) -> tuple[str, int]:
    """Render tokens from ``i`` up to ``stop`` (``}`` or ``\\end``); returns (text, next)."""
    out: list[str] = []
    while i < len(tokens):
        t = tokens[i]
        if t == stop or (stop == "}" and t == "\\end"):
            return "".join(out), i + (t == stop)
        if t in ("^", "_"):
            arg, i = _arg(tokens, i + 1)
            out.append(_script(arg, sup=t == "^"))
            continue
        piece, i = _atom(tokens, i)
        out.append(piece)
    return "".join(out), i


def _arg(tokens: list[str], i: int) -> tuple[str, int]:
    """One argument: a {group} or a single token (spaces before it skipped)."""
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    if i >= len(tokens):
        return "", i
    if tokens[i] == "{":
        return _seq(tokens, i + 1, "}")
    return _atom(tokens, i)


def _atom(tokens: list[str], i: int) -> tuple[str, int]:
    t = tokens[i]
    if t == "{":
        return _seq(tokens, i + 1, "}")
    if t.isspace():
        return " ", i + 1
    if not t.startswith("\\"):
        return {"-": "−", "'": "′", "~": " ", "&": " ", "}": ""}.get(t, t), i + 1
    if len(t) == 2 and not t[1].isalpha():
        return ESCAPES.get(t[1], t[1]), i + 1
    return _command(t[1:], tokens, i + 1)


def _command(name: str, tokens: list[str], i: int) -> tuple[str, int]:
    if name in FUNCTIONS:
        return name, i  # the space after it is kept: \ln p → ln p
    j = _skip_space(tokens, i)
    if name in SYMBOLS:  # the space typed after a symbol stays (m \times n → m × n)
        return SYMBOLS[name], (j if name in PREFIXES else i)
    if name in ("frac", "dfrac", "tfrac"):
        top, j = _arg(tokens, j)
        bottom, j = _arg(tokens, j)
        return _fraction(top.strip(), bottom.strip()), j
    if name == "sqrt":
        body, j = _arg(tokens, j)
        return "√" + _wrap(body), j
    if name in WORDS:
        return _arg(tokens, j)
    if name in ACCENTS:
        body, j = _arg(tokens, j)
        return (body + ACCENTS[name] if len(body) == 1 else f"{name}({body})"), j
    if name in LETTERS:
        body, j = _arg(tokens, j)
        return "".join(LETTERS[name].get(c, c) for c in body), j
    if name in SIZES:
        if j < len(tokens) and tokens[j] == ".":
            j += 1
        return "", j
    if name == "begin":
        return _environment(tokens, j)
    return name, j


def _skip_space(tokens: list[str], i: int) -> int:
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    return i


def _environment(tokens: list[str], i: int) -> tuple[str, int]:
    env, i = _arg(tokens, i)
    body, i = _seq(tokens, i, "}")  # stops at \end
    if i < len(tokens) and tokens[i - 1] == "\\end":
        _, i = _arg(tokens, i)
    elif i < len(tokens) and tokens[i] == "\\end":
        _, i = _arg(tokens, i + 1)
    rows = [r.strip() for r in body.split(";") if r.strip()]
    if env.startswith("cases"):
        return "{ " + "; ".join(_case(r) for r in rows) + " }", i
    return "[" + "; ".join(rows) + "]", i


def _case(row: str) -> str:
    value, _, cond = _GAP.sub("  ", row).partition("  ")
    cond = cond.strip()
    if not cond:
        return value.strip()
    if cond.startswith(("otherwise", "else", "if ")):
        return f"{value.strip()} {cond}"
    return f"{value.strip()} if {cond}"


def _fraction(top: str, bottom: str) -> str:
    """a/b; a number over one term is bracketed, (1/n), so that it reads as one factor."""
    if _DECIMAL.fullmatch(top) and _FACTOR.fullmatch(bottom):
        return f"({top}/{bottom})"
    return f"{_wrap(top)}/{_wrap(bottom)}"


def _wrap(s: str) -> str:
    """``s`` as a numerator or denominator: in parentheses unless it is one term."""
    s = s.strip()
    if _TERM.fullmatch(s) or (s.startswith("(") and s.endswith(")")):
        return s
    return f"({s})"


def _script(s: str, sup: bool) -> str:
    s = s.strip()
    table = _SUP if sup else _SUB
    if s and all(c in table for c in s):
        return "".join(table[c] for c in s)
    mark = "^" if sup else "_"
    base = [c for c in s if not unicodedata.combining(c)]  # θ̄ is one letter
    bare = len(base) == 1 or (not sup and s.isalnum())
    return mark + (s if bare else f"({s})")
