"""The loss, worked: cross-entropy, BCE (its surviving log terms) and MSE."""

from __future__ import annotations

import math

import numpy as np

from ...nn import Trace, losses
from ..model import Step, step
from ..network import Setup
from ..notation import (
    APPROX,
    EQ,
    PLUS,
    SIG,
    M,
    cat,
    column,
    computed_num,
    computed_text,
    enough,
    exp,
    func,
    join,
    num,
    one_minus,
    paren,
    pnum,
    rel_all,
    signed_sum,
    subscript,
    sym,
)
from .forward import softmax_lines
from .statement import g_of


def loss_step(s: Setup, t: Trace) -> Step:
    p_out = t.hs[-1]
    last = s.net.layers[-1].activation
    lines: list[M] = []
    if s.loss == "cross_entropy":
        p = losses.get(s.loss).probabilities(p_out, last)
        if last != "softmax":
            lines.append(
                M(
                    "The output is not a softmax, so the loss applies softmax first:",
                    r"\text{The output is not a softmax, so the loss applies it first:}",
                )
            )
            lines.extend(
                softmax_lines(p_out, p, lambda i: M(f"p{subscript(i)}", f"p_{{{i}}}"), "h")
            )
        c = int(s.y)
        name, tex = ("ŷ", r"\hat{y}") if last == "softmax" else ("p", "p")  # p: defined above
        z = t.zs[-1] if last == "softmax" else p_out  # softmax of these is p
        lhs = M(f"−ln {name}{subscript(c + 1)}", rf"-\ln {tex}_{{{c + 1}}}")
        lines.extend(ce_lines(lhs, p.tolist(), z.tolist(), c, float(t.loss)))
        intro = (
            "Loss: cross-entropy is ",
            M("−ln", r"-\ln"),
            " of the probability of the true class.",
        )
    elif s.loss == "bce":
        p = losses.get(s.loss).probabilities(p_out, last)
        ys = np.atleast_1d(np.asarray(s.y, dtype=float))
        intro = "Loss: binary cross-entropy; only the term of the true label survives."
        if last != "sigmoid":
            intro = (
                "Loss: binary cross-entropy on ",
                M("p = σ(h)", r"p = \sigma(h)"),
                " (the output is not a sigmoid); only the term of the true label survives.",
            )
            h = sym("h", s.n_layers + 1)
            lines.append(cat(M("p", "p"), EQ, g_of("sigmoid", h), rel_all(p), column(p.tolist())))
        z = t.zs[-1] if last == "sigmoid" else p_out  # σ of these is p
        lines.extend(bce_lines(ys, p, z, float(t.loss)))
    else:
        ys = np.atleast_1d(np.asarray(s.y, dtype=float)).tolist()
        n, hs, loss = len(ys), p_out.tolist(), float(t.loss)
        sig, rel = enough(hs, lambda h: [sum((a - b) ** 2 for a, b in zip(h, ys)) / n], [loss])
        sq = [_squared(h, y, sig) for h, y in zip(hs, ys)]
        if n == 1:  # no mean to take
            lines.append(cat(M("L", "L"), EQ, sq[0], rel, num(loss)))
        else:
            mean = (
                M(f"(1/{n})·(", rf"\frac{{1}}{{{n}}}\left("),
                join(sq, PLUS),
                M(")", r"\right)"),
            )
            lines.append(cat(M("L", "L"), EQ, *mean, rel, num(loss)))
        intro = "Loss: the mean of the squared differences."
    return step(intro, *lines)


def _squared(h: float, y: float, sig: int) -> M:
    """(ŷ − y)², written ŷ² for a target of 0 (never ``− 0``)."""
    if y == 0:
        return cat(pnum(h, sig), M("²", "^2"))
    return cat(paren(signed_sum([(h, None), (-y, None)], sig)), M("²", "^2"))


def ce_lines(lhs: M, p: list, z: list, c: int, loss: float) -> list[M]:
    """L = −ln ŷ_c = −ln(ŷ_c's number) ≈ L, ŷ_c shown to the digits that give L; a ŷ_c
    too close to 1 for that is worked from the logits instead, without cancelling:
    L = ln Σⱼ e^(zⱼ − z_c) = ln(1 + Σ_{j≠c} e^(zⱼ − z_c))."""
    sig, rel = enough([p[c]], lambda q: [-math.log(q[0])], [loss], computed_text)
    if sig <= SATURATED:
        line = cat(
            M("L", "L"), EQ, lhs, EQ, M("−", "-"), func("ln", computed_num(p[c], sig), r"\ln")
        )
        return [cat(line, rel, num(loss))]
    gaps = [zj - z[c] for j, zj in enumerate(z) if j != c]
    sig, _ = enough(
        gaps, lambda g: [math.log1p(sum(math.exp(v) for v in g))], [loss], result_text=computed_text
    )
    inside = cat(M("1 + ", "1 + "), join((exp(v, sig) for v in gaps), PLUS))
    return [
        CE_STABLE,
        cat(M("L", "L"), EQ, lhs, EQ, func("ln", inside, r"\ln"), APPROX, computed_num(loss)),
    ]


CE_STABLE = M(
    "ŷ_c is too close to 1 to take ln of it: −ln ŷ_c = ln Σⱼ e^(zⱼ − z_c) "
    "= ln(1 + Σ_{j≠c} e^(zⱼ − z_c))",
    r"\hat{y}_c \text{ is too close to 1 to take } \ln \text{ of it: } -\ln \hat{y}_c"
    r" = \ln \sum_j e^{z_j - z_c} = \ln\left(1 + \sum_{j \ne c} e^{z_j - z_c}\right)",
)


def bce_log(y: float, p: float, sig: int = SIG) -> M:
    """The surviving log of one BCE term: ln p (y = 1) or ln(1 − p) (y = 0)."""
    if y == 1:
        return func("ln", num(p, sig), r"\ln")
    return func("ln", one_minus(p, sig), r"\ln")


def bce_value(ys, ps) -> float:
    """−(1/n) Σ [y ln p + (1 − y) ln(1 − p)] of the numbers as given (for redoing a line)."""
    terms = [math.log(p) if y == 1 else math.log(1 - p) for y, p in zip(ys, ps)]
    return -sum(terms) / len(terms)


# Beyond this many digits a probability is too close to 0 or 1 to work through ln p: the
# loss is worked from z instead (−ln σ(z) = ln(1 + e^(−z)), −ln(1 − σ(z)) = ln(1 + e^z)).
SATURATED = 8


def bce_lines(ys, ps, zs, loss: float) -> list[M]:
    """L = −ln(p) ≈ L (one example) or −(1/n)·[…] ≈ L, with p shown to the digits that
    give L as shown; for a saturated sigmoid (p that close to 0 or 1), the stable form
    from z, never −ln 0."""
    ys, ps = [float(v) for v in ys], [float(v) for v in ps]
    if all(0.0 < p < 1.0 for p in ps):
        sig, rel = enough(ps, lambda q: [bce_value(ys, q)], [loss])
        if sig <= SATURATED:
            return [cat(M("L", "L"), EQ, bce_sum(ys, ps, sig), rel, num(loss))]
    zs = [float(v) for v in zs]
    sig, _ = enough(zs, lambda z: [_softplus_mean(ys, z)], [loss], result_text=computed_text)
    terms = []
    for y, z in zip(ys, zs):
        e = exp(-z if y == 1 else z, sig)
        terms.append(func("ln", cat(M("1 + ", "1 + "), e), r"\ln"))
    n = len(terms)
    shown = terms[0]
    if n > 1:
        over = M(f"(1/{n})·[", rf"\frac{{1}}{{{n}}}\left[")
        shown = cat(over, join(terms, PLUS), M("]", r"\right]"))
    return [STABLE, cat(M("L", "L"), EQ, shown, APPROX, computed_num(loss))]


STABLE = M(
    "σ(z) is too close to 0 or 1 to take ln of it: −ln σ(z) = ln(1 + e^(−z)) for y = 1, "
    "−ln(1 − σ(z)) = ln(1 + e^z) for y = 0",
    r"\sigma(z) \text{ is too close to 0 or 1 to take } \ln \text{ of it: } "
    r"-\ln\sigma(z) = \ln(1 + e^{-z}) \text{ for } y = 1\text{, } "
    r"-\ln(1 - \sigma(z)) = \ln(1 + e^{z}) \text{ for } y = 0",
)


def _softplus_mean(ys, zs) -> float:
    terms = [math.log1p(math.exp(-z if y == 1 else z)) for y, z in zip(ys, zs)]
    return sum(terms) / len(terms)


def bce_sum(ys, ps, sig: int = SIG) -> M:
    """−ln(…) for one example, −(1/n)·[ln(…) + ln(…)] for several."""
    logs = [bce_log(float(y), float(p), sig) for y, p in zip(ys, ps)]
    if len(logs) == 1:
        return cat(M("−", "-"), logs[0])
    n = len(logs)
    return cat(M(f"−(1/{n})·[", rf"-\frac{{1}}{{{n}}}\left["), join(logs, PLUS), M("]", r"\right]"))


# ---------------------------------------------------------------- backward
