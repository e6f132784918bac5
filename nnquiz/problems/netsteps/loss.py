"""The loss, worked: cross-entropy, BCE (its surviving log terms) and MSE."""

from __future__ import annotations

import numpy as np

from ...nn import Trace, losses
from ..model import Step, step
from ..network import Setup
from ..notation import (
    EQ,
    PLUS,
    M,
    cat,
    column,
    computed_num,
    func,
    join,
    num,
    one_minus,
    paren,
    rel_all,
    signed_sum,
    subscript,
    sym,
    value,
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
        lines.append(
            cat(
                M("L", "L"),
                EQ,
                M(f"−ln {name}{subscript(c + 1)}", rf"-\ln {tex}_{{{c + 1}}}"),
                EQ,
                M("−", "-"),
                func("ln", computed_num(float(p[c])), r"\ln"),
                value(t.loss),
            )
        )
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
        lines.append(cat(M("L", "L"), EQ, bce_sum(ys, p), value(t.loss)))
    else:
        ys = np.atleast_1d(np.asarray(s.y, dtype=float))
        n = len(ys)
        sq = [
            cat(paren(signed_sum([(float(h), None), (-float(y), None)])), M("²", "^2"))
            for h, y in zip(p_out, ys)
        ]
        if n == 1:  # no mean to take
            lines.append(cat(M("L", "L"), EQ, sq[0], value(t.loss)))
        else:
            mean = (
                M(f"(1/{n})·(", rf"\frac{{1}}{{{n}}}\left("),
                join(sq, PLUS),
                M(")", r"\right)"),
            )
            lines.append(cat(M("L", "L"), EQ, *mean, value(t.loss)))
        intro = "Loss: the mean of the squared differences."
    return step(intro, *lines)


def bce_log(y: float, p: float) -> M:
    """The surviving log of one BCE term: ln p (y = 1) or ln(1 − p) (y = 0)."""
    if y == 1:
        return func("ln", num(p), r"\ln")
    return func("ln", one_minus(p), r"\ln")


def bce_sum(ys, ps) -> M:
    """−ln(…) for one example, −(1/n)·[ln(…) + ln(…)] for several."""
    logs = [bce_log(float(y), float(p)) for y, p in zip(ys, ps)]
    if len(logs) == 1:
        return cat(M("−", "-"), logs[0])
    n = len(logs)
    return cat(M(f"−(1/{n})·[", rf"-\frac{{1}}{{{n}}}\left["), join(logs, PLUS), M("]", r"\right]"))


# ---------------------------------------------------------------- backward
