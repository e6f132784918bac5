"""Math written twice: Unicode text for the terminal and LaTeX for MathJax.

An :class:`M` is one piece of math in both notations. Its text may span several lines
(matrices are drawn with aligned columns and ⎡ ⎤ brackets); joining pieces with ``+``
lines their middle rows up, the way a person writes ``z = W h + b`` on paper.
This module holds M, joining, and symbols (w⁽¹⁾₂₁, σ(z), a/b).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

MINUS = "\u2212"
_SUB = str.maketrans("0123456789+-()", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎")
_SUP = str.maketrans("0123456789+-()T", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ᵀ")


def subscript(s: object) -> str:
    """``s`` written in Unicode subscripts: 12 → ₁₂ (digits, signs and parentheses)."""
    return str(s).translate(_SUB)


def superscript(s: object) -> str:
    """``s`` written in Unicode superscripts: (2) → ⁽²⁾, T → ᵀ."""
    return str(s).translate(_SUP)


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
    return M(base + subscript(index), f"{lb}_{{{index}}}")


def transpose(m: M) -> M:
    """mᵀ; the LaTeX braces the base so W^{(2)} can take a second superscript."""
    return M(m.text + "ᵀ", f"{{{m.latex}}}^{{\\top}}")


def func(name: str, arg: M | str, latex_name: str | None = None) -> M:
    """``name(arg)``: σ(z), ln(0.3), ReLU(−1)."""
    ln = latex_name if latex_name is not None else name
    a = lift(arg)
    return M(f"{name}({a.text})", rf"{ln}\left({a.latex}\right)")


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
