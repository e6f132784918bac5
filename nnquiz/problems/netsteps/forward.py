"""The forward pass, worked: z = W h + b and h = g(z) per layer, and softmax."""

from __future__ import annotations

import math
from functools import lru_cache
from operator import mul

import numpy as np

from ...nn import Trace
from ..family import GivenError
from ..model import Step, prose, step
from ..network import Setup
from ..notation import (
    APPROX,
    EQ,
    MAX_SIG,
    PLUS,
    SIG,
    M,
    bit_exact,
    cat,
    column,
    computed_num,
    computed_text,
    dot_pieces,
    enough,
    exp,
    frac,
    join,
    matrix,
    num,
    rel_all,
    row,
    shown,
    sym,
    unit_of,
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
        lines.append(z_line(L, i + 1, W[i], x, b[i], zi))
    if act == "softmax":
        lines.extend(softmax_lines(z, h, lambda i: sym("h", L, i)))
    else:
        for i, (zi, hi) in enumerate(zip(zs, h.tolist())):
            lines.append(_h_line(act, L, i + 1, zi, hi))
    return step(intro, *lines)


def z_line(L: int, i: int, w: list, x: list, b: float, z: float) -> M:
    """z⁽ᴸ⁾ᵢ = w·x + b = z, with the x (values of the layer below, maybe rounded) shown to
    as many digits as redoing the sum on them needs to give z as shown. (Not cached: a
    line comes back in 1 or 2 problems of 100 at medium, never at hard.)"""
    sig, rel = enough(x, lambda xs: [sum(map(mul, w, xs)) + b], [z])
    return cat(sym("z", L, i), EQ, *dot_pieces(w, x, b, sig), rel, num(z))


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


ACTIVATION = {
    "sigmoid": lambda z: 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z)),
    "tanh": math.tanh,
    "relu": lambda z: max(0.0, z),
    "step": lambda z: 1.0 if z > 0 else 0.0,
    "identity": lambda z: z,
}


def activation_line(act: str, lhs: M, z: float, h: float) -> M:
    """h = g(z) = h, z shown to the digits that give h as shown (z near a saturated
    sigmoid's or tanh's tail is shown with more)."""
    g = ACTIVATION[act]
    sig, rel = enough([z], lambda zs: [g(zs[0])], [h])
    if act in ("sigmoid", "tanh") and z != 0:
        rel = APPROX  # e^z for z ≠ 0 is never a short decimal, even where h rounds to 1
    zn = num(z, sig)
    pieces = [lhs, EQ, g_of(act, zn)]
    if act == "sigmoid":
        pieces += [EQ, frac("1", cat("1 + ", exp(-z, sig)))]
    elif act == "relu":
        pieces.append(M(f" = max(0, {zn.text})", rf" = \max(0, {zn.latex})"))
    pieces += [rel, num(h)]
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
    zs, es, ps = z.tolist(), exps.tolist(), [float(v) for v in p]
    sig_z, sig, sig_total = softmax_digits(zs, es, total, ps)
    # e^z is a short decimal only at z = 0 (e^0 = 1), however a float rounds it
    # (1 + e^−38 is 1 to the last bit, but not 1)
    exact = all(v == 0 for v in zs)
    lines.append(
        cat(
            total_sym,
            EQ,
            join((exp(v, sig_z) for v in zs), PLUS),
            EQ if exact else APPROX,
            join((computed_num(v, sig) for v in es), PLUS),
            EQ if exact else APPROX,
            computed_num(total, sig_total),
        )
    )
    for i in range(len(zs)):
        quotient = frac(exp(zs[i], sig_z), computed_num(total, sig_total))
        rel = EQ if exact and bit_exact(ps[i]) else APPROX  # e^0/n: 1/2, 1/4, …
        lines.append(cat(hsym(i + 1), EQ, quotient, rel, computed_num(ps[i])))
    return lines


def softmax_digits(z: list, exps: list, total: float, p: list) -> tuple[int, int, int]:
    """(digits for the logits, for their exponentials, for their sum), 4 or more: enough
    that each shown step holds on its shown numbers: e^z gives each term, the terms give
    the sum, and each e^z over the sum gives its ŷ (to 4 digits). A logit may need a
    digit more than its e^z (e^z multiplies its rounding), and the sum fewer than its
    terms (their roundings add up)."""
    targets = [computed_text(v) for v in p]
    for sig in range(SIG, MAX_SIG + 1):
        es = [float(computed_text(v, sig)) for v in exps]
        texts = [computed_text(v, sig) for v in exps]
        sig_z = next(
            (
                k
                for k in range(sig, min(sig + 3, MAX_SIG + 3))
                if all(_near(math.exp(a), e, s) for a, e, s in zip(shown(z, k), es, texts))
            ),
            None,
        )
        if sig_z is None:
            continue
        zs = shown(z, sig_z)
        for sig_total in range(sig, SIG - 1, -1):
            text = computed_text(total, sig_total)
            t = float(text)
            if _near(sum(es), t, text) and all(
                _near(math.exp(a) / t, float(w), w) for a, w in zip(zs, targets)
            ):
                return sig_z, sig, sig_total
    return MAX_SIG, MAX_SIG, MAX_SIG


def _near(got: float, want: float, text: str) -> bool:
    return abs(got - want) <= 0.5 * unit_of(text) * (1 + 1e-9) + 1e-12 * abs(want)


def value_list(values, sig: int = SIG) -> M:
    """`` ≈ 7.389 + 54.6 + 1.649`` (the terms of a sum of exponentials, each shown)."""
    vals = [float(v) for v in values]
    rel = EQ if all(map(bit_exact, vals)) else APPROX
    return cat(rel, join((computed_num(v, sig) for v in vals), PLUS))


# ---------------------------------------------------------------- loss
