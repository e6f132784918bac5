"""Math written twice: Unicode text for the terminal and LaTeX for MathJax.

An :class:`M` is one piece of math in both notations. Its text may span several lines
(matrices are drawn with aligned columns and ⎡ ⎤ brackets); joining pieces with ``+``
lines their middle rows up, the way a person writes ``z = W h + b`` on paper.

Signs are typeset cleanly: a sum never shows ``+ -0.3`` (it shows ``− 0.3``), a
negative factor is put in parentheses, and ``-0`` is never shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

SIG = 4  # significant digits shown for a value that is not a short decimal
MINUS = "\u2212"
_SIG_FORMAT = f"%.{SIG}g"  # what round_array keeps of a value
_SUB = str.maketrans("0123456789+-()", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎")
_SUP = str.maketrans("0123456789+-()T", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ᵀ")


class M:
    """A piece of math: ``lines`` of text with a middle row ``base``, and ``latex``."""

    __slots__ = ("lines", "base", "latex")

    def __init__(self, text: str | Sequence[str], latex: str, base: int | None = None):
        self.lines = (text,) if isinstance(text, str) else tuple(text)
        self.base = (len(self.lines) - 1) // 2 if base is None else base
        self.latex = latex

    @property
    def text(self) -> str:
        if len(self.lines) == 1:
            return self.lines[0].rstrip()
        return "\n".join(line.rstrip() for line in self.lines)

    def __add__(self, other: M | str) -> M:
        return cat(self, other)

    def __radd__(self, other: str) -> M:
        return cat(other, self)

    def __repr__(self) -> str:
        return f"M({self.text!r}, {self.latex!r})"


def lift(piece: M | str) -> M:
    """A plain string is the same in both notations."""
    return piece if isinstance(piece, M) else M(piece, piece)


def cat(*pieces: M | str) -> M:
    """Pieces side by side, their middle rows lined up."""
    latex: list[str] = []
    blocks: list[M | str] = []  # the tall pieces, and the one-line text between them
    run: list[str] = []
    for p in pieces:  # the hottest loop of rendering
        if isinstance(p, str):
            run.append(p)
            latex.append(p)
            continue
        latex.append(p.latex)
        lines = p.lines
        if len(lines) == 1:
            run.append(lines[0])
        else:
            if run:
                blocks.append("".join(run))
                run = []
            blocks.append(p)
    if not blocks:  # the common case: one line of text, made without M's checks
        m = _new_m(M)
        m.lines, m.base, m.latex = ("".join(run),), 0, "".join(latex)
        return m
    if run:
        blocks.append("".join(run))
    return _side_by_side(blocks, "".join(latex))


_new_m = object.__new__


def _side_by_side(blocks: list[M | str], latex: str) -> M:
    """Blocks of text next to each other, each padded to its width, middle rows aligned.

    A plain string is a block of one line (its middle row).
    """
    above, below = 0, 1
    for b in blocks:
        if not isinstance(b, str):
            n = len(b.lines)
            if b.base > above:
                above = b.base
            if n - b.base > below:
                below = n - b.base
    rows = [""] * (above + below)
    for b in blocks:
        if isinstance(b, str):
            blank = " " * len(b)
            for r in range(above + below):
                rows[r] += b if r == above else blank
        else:
            width = max(map(len, b.lines))
            blank = " " * width
            top = above - b.base
            for r in range(top):
                rows[r] += blank
            for i, line in enumerate(b.lines, top):
                rows[i] += line.ljust(width)
            for i in range(top + len(b.lines), above + below):
                rows[i] += blank
    return M(rows, latex, above)


def join(pieces: Iterable[M | str], sep: M | str) -> M:
    items: list[M | str] = []
    for p in pieces:
        if items:
            items.append(sep)
        items.append(p)
    return cat(*items)


EQ = M(" = ", " = ")
APPROX = M(" ≈ ", r" \approx ")
TIMES = M("·", r" \cdot ")
PLUS = M(" + ", " + ")
SUB = M(f" {MINUS} ", " - ")
NEG = M(MINUS, "-")


# ---------------------------------------------------------------- numbers


MAX_DIGITS = 12  # a short decimal has at most this many significant digits


def short_decimal(x: float, max_decimals: int = 4) -> str | None:
    """``x`` written exactly with at most ``max_decimals`` decimals or at most SIG
    significant digits (0.00625, 1e-06), or None.

    Exactly means to 12 significant digits: e^30 (about 10686474581524.463) is within
    1e-12 of a number with 4 decimals, but that number is not e^30, so it is refused.
    """
    if abs(x) < 1e-15:  # floating-point dust, as in 0.1 + 0.2 - 0.3
        return "0"
    r = round(x, max_decimals)
    if abs(x - r) > 1e-12 * abs(x):
        if abs(x) >= 0.1:  # SIG digits from the tenths fit in 4 decimals: already refused
            return None
        few = float(_SIG_FORMAT % x)  # as many digits as a rounded value shows
        if abs(x - few) > 1e-12 * abs(x):
            return None
        return (_SIG_FORMAT % few).replace("e+", "e").replace("e0", "e").replace("e-0", "e-")
    s = f"{r:.{max_decimals}f}".rstrip("0").rstrip(".")
    if s in ("-0", ""):
        return "0"
    if len(s.lstrip("-").replace(".", "").lstrip("0")) > MAX_DIGITS:
        return None
    return s


def round_sig(x: float, sig: int = SIG) -> float:
    """x rounded to ``sig`` significant digits."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, sig - 1 - math.floor(math.log10(abs(x))))


def round_array(a):
    """Each entry of an array rounded to SIG significant digits (what a student carries)."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return np.float64(float(_SIG_FORMAT % float(a)))
    if a.ndim == 1:  # the common case: no reshaping needed
        return np.array([float(_SIG_FORMAT % v) for v in a.tolist()])
    return np.array([float(_SIG_FORMAT % v) for v in a.ravel().tolist()]).reshape(a.shape)


def plain(x: float, sig: int = SIG) -> str:
    """ASCII form of a value: exact if a short decimal, else ``sig`` significant digits."""
    s = short_decimal(x)
    if s is not None:
        return s
    return _rounded_text(x, sig)


def _rounded_text(x: float, sig: int = SIG) -> str:
    r = round_sig(x, sig)
    if r == 0:
        return "0"
    if 1e-4 <= abs(r) < 1e6:
        decimals = max(0, sig - 1 - math.floor(math.log10(abs(r))))
        return f"{r:.{decimals}f}"
    return f"{r:.{sig - 1}e}"


def is_exact(x: float) -> bool:
    """True when :func:`num` shows x exactly."""
    return _is_exact(float(x))


@lru_cache(maxsize=4096)
def _is_exact(x: float) -> bool:
    return short_decimal(x) is not None


def all_exact(values: list[float]) -> bool:
    """True when :func:`num` shows every one of ``values`` (plain floats) exactly."""
    return all(map(_is_exact, values))


def num(x: float, sig: int = SIG) -> M:
    """A number: exact when it is a short decimal, else rounded to ``sig`` digits."""
    return _num(float(x), sig)


@lru_cache(maxsize=4096)
def _num(x: float, sig: int) -> M:
    return _written(plain(x, sig))


def _written(s: str) -> M:
    """An ASCII number (``-1.5``, ``5.156e-16``) in both notations."""
    if "e" in s:
        mant, exp = s.split("e")
        e = int(exp)
        text = f"{mant}×10{str(e).translate(_SUP)}"
        return M(text.replace("-", MINUS), rf"{mant} \times 10^{{{e}}}")
    return M(s.replace("-", MINUS), s)


def pnum(x: float) -> M:
    """A number in parentheses when negative, for use as a factor: ``0.5·(−2)``."""
    return _pnum(float(x))


@lru_cache(maxsize=4096)
def _pnum(x: float) -> M:
    n = num(x)
    return cat("(", n, ")") if n.latex.startswith("-") else n


def rel(x: float) -> M:
    """``=`` when the value is shown exactly, ``≈`` when it is rounded."""
    return EQ if is_exact(x) else APPROX


def value(x: float) -> M:
    """`` = 0.25`` or `` ≈ 0.1736``."""
    return _value(float(x))


@lru_cache(maxsize=4096)
def _value(x: float) -> M:
    return rel(x) + num(x)


def computed_num(x: float) -> M:
    """A value computed with exp (a softmax sum, a probability), which is a short decimal
    only by luck: shown exactly only when it is that decimal to the last bit (the sum
    1.000000000000128 is not 1), and a tiny one as itself (5.156×10⁻¹⁶, not 0)."""
    return num(x) if bit_exact(float(x)) else _written(_rounded_text(float(x)))


def computed_value(x: float) -> M:
    """`` = x`` or `` ≈ x`` for a value computed with exp (see :func:`computed_num`)."""
    return (EQ if bit_exact(float(x)) else APPROX) + computed_num(x)


def bit_exact(x: float) -> bool:
    """True when x is the short decimal :func:`num` shows, to the last bit."""
    s = short_decimal(x)
    return s is not None and float(s) == x


# ---------------------------------------------------------------- symbols


GREEK = {
    "δ": r"\delta",
    "ε": r"\epsilon",
    "η": r"\eta",
    "σ": r"\sigma",
    "ŷ": r"\hat{y}",
    "θ": r"\theta",
    "λ": r"\lambda",
    "Σ": r"\Sigma",
}


@lru_cache(maxsize=2048)
def sym(base: str, layer: int | str | None = None, *index: int, latex: str | None = None) -> M:
    """A symbol with an optional layer superscript and 1-based indices.

    ``sym("w", 1, 2, 1)`` is w⁽¹⁾₂₁ (to node 2 of layer 2 from node 1 of layer 1).
    """
    lb = latex if latex is not None else GREEK.get(base, base)
    text, tex = base, lb
    if layer is not None:
        text += f"({layer})".translate(_SUP)
        tex += f"^{{({layer})}}"
    if index:
        sep = "," if any(i >= 10 for i in index) else ""
        idx = sep.join(str(i) for i in index)
        text += idx.translate(_SUB) if not sep else "_" + idx
        tex = f"{tex}_{{{idx}}}"
    return M(text, tex)


def sub(base: str, index: int | str, latex: str | None = None) -> M:
    """A plain subscript: x₂, ŷ₁."""
    lb = latex if latex is not None else GREEK.get(base, base)
    return M(base + str(index).translate(_SUB), f"{lb}_{{{index}}}")


def transpose(m: M) -> M:
    """mᵀ; the LaTeX braces the base so W^{(2)} can take a second superscript."""
    return M(m.text + "ᵀ", f"{{{m.latex}}}^{{\\top}}")


def func(name: str, arg: M | str, latex_name: str | None = None) -> M:
    """``name(arg)``: σ(z), ln(0.3), ReLU(−1)."""
    ln = latex_name if latex_name is not None else name
    a = lift(arg)
    return M(f"{name}({a.text})", rf"{ln}\left({a.latex}\right)")


def exp(x: float) -> M:
    """e raised to a number: e^{−1.56}, never e^{--1.56}."""
    return _exp(float(x))


@lru_cache(maxsize=1024)
def _exp(x: float) -> M:
    n = num(x)
    return M("e^" + (n.text if x >= 0 and len(n.text) == 1 else f"({n.text})"), f"e^{{{n.latex}}}")


def frac(top: M | str, bottom: M | str) -> M:
    t, b = lift(top), lift(bottom)
    tt = t.text if _atomic(t.text) else f"({t.text})"
    bt = b.text if _atomic(b.text) else f"({b.text})"
    return M(f"{tt}/{bt}", rf"\frac{{{t.latex}}}{{{b.latex}}}")


def _atomic(s: str) -> bool:
    """True when s needs no parentheses as a numerator or denominator."""
    depth = 0
    for i, c in enumerate(s):
        depth += (c == "(") - (c == ")")
        if depth == 0 and (c in " +/·" or (c == MINUS and i > 0)):
            return False
    return True


def paren(m: M | str) -> M:
    m = lift(m)
    return M(f"({m.text})", rf"\left({m.latex}\right)")


# ---------------------------------------------------------------- sums


def signed_sum(terms: Sequence[tuple[float, M | None]]) -> M:
    """``c1·t1 + c2·t2 + …`` written with clean signs.

    Each term is ``(coefficient, factor)``: a ``None`` factor makes the term the bare
    coefficient. A negative coefficient turns ``+`` into ``−``, and a negative factor
    value must already be parenthesised by the caller (see :func:`pnum`).
    """
    return cat(*signed_pieces(terms))


def signed_pieces(terms: Sequence[tuple[float, M | None]]) -> list[M]:
    """The pieces of :func:`signed_sum`, to go into a longer line with a single cat."""
    pieces: list[M] = []
    for coef, factor in terms:
        if not pieces:
            if not (coef >= 0 or num(coef).latex == "0"):
                pieces.append(NEG)
        else:
            pieces.append(SUB if coef < 0 and num(coef).latex != "0" else PLUS)
        pieces.append(num(abs(coef)))
        if factor is not None:
            pieces += [TIMES, factor]
    return pieces or [num(0)]


def one_minus(p: float) -> M:
    """``1 − p`` for a probability p (``1 − 0`` too, which a signed sum writes ``1 + 0``)."""
    return cat(num(1), SUB, num(p))


def dot_terms(ws: Sequence[float], xs: Sequence[float], bias: float | None = None) -> M:
    """``w1·x1 + w2·x2 + b`` with numbers: ``0.5·1 − 2·(−1) + 0.1``."""
    return cat(*dot_pieces(ws, xs, bias))


def dot_pieces(ws: Sequence[float], xs: Sequence[float], bias: float | None = None) -> list[M]:
    """The pieces of :func:`dot_terms`, to go into a longer line with a single cat."""
    terms: list[tuple[float, M | None]] = [(w, pnum(x)) for w, x in zip(ws, xs)]
    if bias is not None:
        terms.append((bias, None))
    return signed_pieces(terms)


# ---------------------------------------------------------------- vectors and matrices


def row(values: Sequence[float]) -> M:
    """A vector written on one line: [0.5, −1, 2]."""
    return _row(tuple(values))


@lru_cache(maxsize=1024)
def _row(values: tuple[float, ...]) -> M:
    cells = [num(v) for v in values]
    return M(
        "[" + ", ".join(c.text for c in cells) + "]",
        r"\begin{bmatrix}" + " & ".join(c.latex for c in cells) + r"\end{bmatrix}",
    )


def _grid_text(cells: list[list[str]]) -> list[str]:
    widths = [max(len(r[j]) for r in cells) for j in range(len(cells[0]))]
    body = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in cells]
    if len(body) == 1:
        return ["[" + body[0] + "]"]
    lines = []
    for i, line in enumerate(body):
        left, right = ("⎡", "⎤") if i == 0 else ("⎣", "⎦") if i == len(body) - 1 else ("⎢", "⎥")
        lines.append(f"{left}{line}{right}")
    return lines


def matrix(values: Sequence[Sequence[float]]) -> M:
    """A matrix with aligned columns (text) and a bmatrix (LaTeX)."""
    return _matrix(tuple(map(tuple, values)))


@lru_cache(maxsize=8192)  # solutions show the same vectors again (given W, z on a grid)
def _matrix(values: tuple[tuple[float, ...], ...]) -> M:
    cells = [[_num(float(v), SIG) for v in r] for r in values]
    latex = (
        r"\begin{bmatrix}"
        + r" \\ ".join(" & ".join(c.latex for c in r) for r in cells)
        + r"\end{bmatrix}"
    )
    # a number is one line, without trailing spaces: its text is that line
    return M(_grid_text([[c.lines[0] for c in r] for r in cells]), latex)


def column(values: Sequence[float]) -> M:
    """A column vector, drawn upright in both notations."""
    return _column(tuple(values))


@lru_cache(maxsize=1024)  # a flat key: cheaper to build and hash than _matrix's rows
def _column(values: tuple[float, ...]) -> M:
    """``_matrix`` of one column, made directly (the commonest matrix of all)."""
    cells = [_num(float(v), SIG) for v in values]
    texts = [c.lines[0] for c in cells]  # a number is one line, without trailing spaces
    latex = r"\begin{bmatrix}" + r" \\ ".join(c.latex for c in cells) + r"\end{bmatrix}"
    if len(texts) == 1:
        return M("[" + texts[0] + "]", latex)
    width = max(map(len, texts))
    last = len(texts) - 1
    lines = [
        ("⎡" if i == 0 else "⎣" if i == last else "⎢")
        + t.rjust(width)
        + ("⎤" if i == 0 else "⎦" if i == last else "⎥")
        for i, t in enumerate(texts)
    ]
    return M(lines, latex)


def array(value) -> M:
    """A scalar, column vector or matrix, chosen by the shape of ``value``."""
    if isinstance(value, int | float):
        return num(value)
    if value and isinstance(value[0], list | tuple):
        return matrix(value)
    return column(value)


def inline(value) -> M:
    """A scalar, vector or matrix written on one line ([[1, 2], [3, 4]] for a matrix)."""
    if isinstance(value, int | float):
        return num(value)
    if value and isinstance(value[0], list | tuple):
        rows = [row(r) for r in value]
        return M(
            "[" + ", ".join(r.text for r in rows) + "]",
            r"\begin{bmatrix}"
            + r" \\ ".join(" & ".join(num(v).latex for v in r) for r in value)
            + r"\end{bmatrix}",
        )
    return row(value)
