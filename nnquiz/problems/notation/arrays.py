"""Vectors and matrices: on one line ([0.5, −1, 2]) or drawn with brackets, and
answers (a number, a vector or a matrix) with ``=`` or ``≈``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .core import APPROX, EQ, M, cat
from .numbers import SIG, _num, all_exact, answer_exact, computed_num, num

# ---------------------------------------------------------------- vectors and matrices


def row(values: Sequence[float], sig: int = SIG) -> M:
    """A vector written on one line: [0.5, −1, 2]."""
    return _row(tuple(values), sig)


@lru_cache(maxsize=1024)
def _row(values: tuple[float, ...], sig: int = SIG) -> M:
    cells = [num(v, sig) for v in values]
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


def matrix(values: Sequence[Sequence[float]], written: bool = True, sig: int = SIG) -> M:
    """A matrix with aligned columns (text) and a bmatrix (LaTeX)."""
    return _matrix(tuple(map(tuple, values)), written, sig)


@lru_cache(maxsize=8192)  # solutions show the same vectors again (given W, z on a grid)
def _matrix(values: tuple[tuple[float, ...], ...], written: bool = True, sig: int = SIG) -> M:
    cells = [[_num(float(v), sig, written) for v in r] for r in values]
    latex = (
        r"\begin{bmatrix}"
        + r" \\ ".join(" & ".join(c.latex for c in r) for r in cells)
        + r"\end{bmatrix}"
    )
    # a number is one line, without trailing spaces: its text is that line
    return M(_grid_text([[c.lines[0] for c in r] for r in cells]), latex)


def column(values: Sequence[float], written: bool = True, sig: int = SIG) -> M:
    """A column vector, drawn upright in both notations."""
    return _column(tuple(values), written, sig)


@lru_cache(maxsize=1024)  # a flat key: cheaper to build and hash than _matrix's rows
def _column(values: tuple[float, ...], written: bool = True, sig: int = SIG) -> M:
    """``_matrix`` of one column, made directly (the commonest matrix of all)."""
    cells = [_num(float(v), sig, written) for v in values]
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


def array(value, written: bool = True) -> M:
    """A scalar, column vector or matrix, chosen by the shape of ``value``."""
    if isinstance(value, int | float):
        return num(value, written=written)
    if value and isinstance(value[0], list | tuple):
        return matrix(value, written)
    return column(value, written)


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


def rel_all(values) -> M:
    """``=`` when every value is shown exactly, else ``≈``."""
    array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=float)
    return EQ if all_exact(array.ravel().tolist()) else APPROX


def answer_value(ans) -> M:
    """`` = 0.25``, `` ≈ 0.3333`` or `` ≈ [0.1, 0.2]``: an answer after its symbol."""
    return cat(*answer_value_pieces(ans))


def answer_value_pieces(ans, approx: bool = False) -> tuple[M, ...]:
    """The pieces of :func:`answer_value`, to go into a longer line with a single cat:
    ``=`` and the answer when it is short decimals, else ``≈`` and its 4-digit rounding
    (``approx``: ``≈`` whatever it looks like, for a value known not to be exact)."""
    if isinstance(ans, list):
        flat = [v for r in ans for v in r] if ans and isinstance(ans[0], list) else ans
        exact = not approx and all(answer_exact(float(v)) for v in flat)
        return (EQ if exact else APPROX), array(ans, written=False)
    if approx:  # a tiny value is itself here (5.2×10⁻¹⁸), not floating-point dust
        return (APPROX + computed_num(float(ans)),)
    rel = EQ if answer_exact(float(ans)) else APPROX
    return (rel + num(float(ans), written=False),)
