"""The forward pass, worked: z = W h + b and h = g(z) per layer, and softmax."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ...nn import Trace
from ..family import GivenError
from ..model import Step, prose, step
from ..network import Setup
from ..notation import (
    APPROX,
    EQ,
    PLUS,
    M,
    bit_exact,
    cat,
    column,
    computed_num,
    computed_value,
    dot_pieces,
    exp,
    frac,
    join,
    matrix,
    num,
    rel_all,
    row,
    sym,
    value,
)
from .statement import g_of


def forward_step(s: Setup, t: Trace, k: int) -> Step:
    """Node layer k + 2 from node layer k + 1 (k is 0-based)."""
    lay = s.net.layers[k]
    L = k + 2
    z, h_in, h = t.zs[k], t.hs[k], t.hs[k + 1]
    act = lay.activation
    intro = forward_intro(L, act)
    W, b, x, zs = lay.W.tolist(), lay.b.tolist(), h_in.tolist(), z.tolist()
    lines = [cat(sym("z", L), EQ, matrix(W), column(x), PLUS, column(b), rel_all(z), column(zs))]
    for i, zi in enumerate(zs):
        lines.append(cat(sym("z", L, i + 1), EQ, *dot_pieces(W[i], x, b[i]), value(zi)))
    if act == "softmax":
        lines.extend(softmax_lines(z, h, lambda i: sym("h", L, i)))
    else:
        for i, (zi, hi) in enumerate(zip(zs, h.tolist())):
            lines.append(_h_line(act, L, i + 1, zi, hi))
    return step(intro, *lines)


@lru_cache(maxsize=4096)  # drawn z come from short grids: the same lines come back
def _h_line(act: str, L: int, i: int, z: float, h: float) -> M:
    """h⁽ᴸ⁾ᵢ = g(z) = h, a pure function of the numbers it shows."""
    return activation_line(act, sym("h", L, i), z, h)


@lru_cache(maxsize=256)  # the sentences that open a step depend on the layer only
def forward_intro(L: int, act: str) -> Step:
    a = L - 1
    return prose(
        f"Layer {L}: ",
        cat(sym("z", L), EQ, sym("W", a), sym("h", a), PLUS, sym("b", a)),
        ", then ",
        cat(sym("h", L), EQ, g_of(act, sym("z", L))),
        ".",
    )


def activation_line(act: str, lhs: M, z: float, h: float) -> M:
    pieces = [lhs, EQ, g_of(act, num(z))]
    if act == "sigmoid":
        pieces += [EQ, frac("1", cat("1 + ", exp(-z)))]
    elif act == "relu":
        pieces.append(M(f" = max(0, {num(z).text})", rf" = \max(0, {num(z).latex})"))
    pieces.append(value(h))
    return cat(*pieces)  # one cat of all the pieces: the same as cat of cats, done once


SHIFT_ABOVE = 30  # logits above this are shifted by their largest (e^30 ≈ 10¹³ already)
# Logits further apart than this give a class a probability below e^−100 (and far beyond
# it, exactly 0 and an infinite loss): nothing to work by hand.
MAX_SPREAD = 100


def shifted(z: np.ndarray) -> np.ndarray:
    """The logits a person exponentiates: z − max z when they are large, else z itself."""
    top = float(np.max(z))
    return z - top if top > SHIFT_ABOVE else z


def softmax_lines(z, p, hsym, var: str = "z") -> list[M]:
    """Σ e^{z_j}, then each ŷ_c = e^{z_c} / Σ (1-based symbols from hsym); ``var`` names the
    inputs (``h`` when the loss applies softmax to an output that is not one).

    Large logits are first shifted by the largest, m: softmax(z − m) = softmax(z), and
    no e^(z − m) overflows (the log-sum-exp trick). Problems nnquiz draws never need it.
    """
    z = np.asarray(z, dtype=float)
    lines: list[M] = []
    top = float(np.max(z))
    if top - float(np.min(z)) > MAX_SPREAD:  # only user-written networks get here
        raise GivenError(
            "given",
            f"softmax inputs {row(z.tolist()).text} are more than {MAX_SPREAD} apart: a "
            f"probability below e^−{MAX_SPREAD} cannot be worked by hand; use smaller numbers",
        )
    if (moved := shifted(z)) is not z:
        z = moved
        lines.append(
            M(
                f"The logits are large: subtract the largest, m, from each first "
                f"(softmax({var} − m) = softmax({var}), and no e^({var} − m) overflows).",
                r"\text{The logits are large: subtract the largest, } m"
                rf"\text{{, from each first: }} \operatorname{{softmax}}({var} - m)"
                rf" = \operatorname{{softmax}}({var}).",
            )
        )
        lines.append(cat(M(f"m = max {var}", rf"m = \max_j {var}_j"), EQ, num(top)))
        lines.append(cat(M(f"{var} − m", f"{var} - m"), EQ, row(z.tolist())))
        total_sym = M(f"Σⱼ e^({var}ⱼ − m)", rf"\sum_j e^{{{var}_j - m}}")
    else:
        total_sym = M(f"Σⱼ e^({var}ⱼ)", rf"\sum_j e^{{{var}_j}}")
    exps = np.exp(z)
    total = float(np.sum(exps))
    lines.append(
        cat(
            total_sym,
            EQ,
            join((exp(float(v)) for v in z), PLUS),
            value_list(exps),
            computed_value(total),
        )
    )
    for i in range(len(z)):
        shown = frac(exp(float(z[i])), computed_num(total))
        lines.append(cat(hsym(i + 1), EQ, shown, computed_value(float(p[i]))))
    return lines


def value_list(values) -> M:
    """`` ≈ 7.389 + 54.6 + 1.649`` (the terms of a sum of exponentials, each shown)."""
    vals = [float(v) for v in values]
    rel = EQ if all(map(bit_exact, vals)) else APPROX
    return cat(rel, join((computed_num(v) for v in vals), PLUS))


# ---------------------------------------------------------------- loss
