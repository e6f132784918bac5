"""Writing answers the way students do, for the grading self-test and the benchmark.

Independent of the grader: numbers are formatted with Python's own ``format`` and
``fractions``; family expressions are written from the problem's ``given`` (softmax,
cross-entropy and BCE), so reading them also re-checks the families' answers.
"""

from __future__ import annotations

import math
from fractions import Fraction

MINUS = "\u2212"
SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decimal(x: float, sig: int = 4, unicode_minus: bool = False) -> str:
    """x rounded to ``sig`` significant digits, written without an exponent."""
    if x == 0:
        return "0"
    decimals = max(0, sig - 1 - math.floor(math.log10(abs(x))))
    s = f"{x:.{decimals}f}"
    return s.replace("-", MINUS) if unicode_minus else s


def scientific(x: float, style: int = 0) -> str:
    """2.439e-03, 2.439E-3 or nnquiz's own 2.439×10⁻³.

    Five or four significant digits, or as many as an exact answer (a count) needs.
    """
    if style == 0:
        return f"{x:.{_digits(x, 5)}e}"
    mant, exp = f"{x:.{_digits(x, 4)}e}".split("e")
    if style == 1:
        return f"{mant}E{int(exp)}"
    return f"{mant}×10{str(int(exp)).translate(SUP)}".replace("-", MINUS)


def _digits(x: float, least: int) -> int:
    d = least
    while d < 15 and abs(float(f"{x:.{d}e}") - x) > 1e-12 * abs(x) and x == round(x):
        d += 1
    return d


def fraction(x: float) -> str:
    f = Fraction(x).limit_denominator(10**6)
    return f"{f.numerator}/{f.denominator}"


def _exp(z: float) -> str:
    return f"e^({z})"


def expressions(problem) -> dict[str, list[str]]:
    """Entry expressions for parts whose value has a closed form in ``given``.

    softmax[i] = e^zi / Σ e^zj; cross-entropy loss = ln Σ e^zj − z_y;
    dL/dlogits = softmax − onehot(y); BCE loss = −(1/n) Σ [y ln p + (1 − y) ln(1 − p)].
    """
    g = problem.given
    out: dict[str, list[str]] = {}
    for part in problem.parts:
        asks = part.asks
        if problem.family in ("softmax", "cross_entropy") and (
            asks.startswith("softmax") or asks.startswith("dL/dlogits")
        ):
            zs = g["logits"]
            total = "+".join(_exp(z) for z in zs)
            soft = [f"{_exp(z)}/({total})" for z in zs]
            if asks.startswith("dL/dlogits"):
                soft = [s + ("-1" if i == g["y"] else "") for i, s in enumerate(soft)]
            if "[" in asks:
                soft = [soft[int(asks.split("[")[1].rstrip("]"))]]
            out[part.label] = soft
        elif problem.family == "cross_entropy" and asks == "loss":
            zs = g["logits"]
            out[part.label] = [f"ln({'+'.join(_exp(z) for z in zs)})-({zs[g['y']]})"]
        elif problem.family == "bce" and asks == "loss":
            ys = g["y"] if isinstance(g["y"], list) else [g["y"]]
            ps = g["p"] if isinstance(g["p"], list) else [g["p"]]
            terms = [f"ln({p})" if y == 1 else f"ln(1-{p})" for p, y in zip(ps, ys)]
            out[part.label] = [f"-({'+'.join(terms)})/{len(ps)}"]
    return out


def write(value, entry, style: int = 0) -> str:
    """A number, vector or matrix with each entry written by ``entry(x, i)``.

    ``style`` picks the layout: vectors as [a, b], "a, b", "a b" or (a, b); matrices as
    [[a, b], [c, d]], [a b; c d] or the ⎡ ⎤ drawing nnquiz prints.
    """
    if not isinstance(value, list):
        return entry(value, 0)
    if value and isinstance(value[0], list):
        cells = [[entry(x, i * len(r) + j) for j, x in enumerate(r)] for i, r in enumerate(value)]
        if style % 3 == 0:
            return "[" + ", ".join("[" + ", ".join(r) + "]" for r in cells) + "]"
        if style % 3 == 1:
            return "[" + "; ".join(" ".join(r) for r in cells) + "]"
        if len(cells) == 1:
            return "[" + "  ".join(cells[0]) + "]"
        edges = [("⎡", "⎤")] + [("⎢", "⎥")] * (len(cells) - 2) + [("⎣", "⎦")]
        return "\n".join(f"{a}{'  '.join(r)}{b}" for (a, b), r in zip(edges, cells))
    cells = [entry(x, i) for i, x in enumerate(value)]
    return [
        "[" + ", ".join(cells) + "]",
        ", ".join(cells),
        " ".join(cells),
        "(" + ", ".join(cells) + ")",
    ][style % 4]
