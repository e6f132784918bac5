"""What follows the gradients: the FGSM step, a gradient-descent step, the answers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...nn import Trace
from ..asks import Ask, symbol
from ..model import Part, Step, step
from ..network import Setup, dx_sign
from ..notation import (
    APPROX,
    EQ,
    PLUS,
    SIG,
    SUB,
    TIMES,
    M,
    answer_value_pieces,
    cat,
    column,
    enough,
    func,
    matrix,
    num,
    rel_all,
    sym,
)
from .backward import partial


def fgsm_step(s: Setup, t: Trace) -> Step:
    sign = dx_sign(s, t)
    adv = s.x + s.epsilon * sign
    eps = M("ε", r"\epsilon")
    return step(
        (
            "FGSM: ",
            cat(
                M("x_adv", r"x_{\text{adv}}"),
                EQ,
                M("x", "x"),
                PLUS,
                eps,
                TIMES,
                func("sign", M("∂L/∂x", r"\frac{\partial L}{\partial x}"), r"\operatorname{sign}"),
            ),
            ", with sign(0) = 0.",
        ),
        cat(
            func("sign", M("∂L/∂x", r"\frac{\partial L}{\partial x}"), r"\operatorname{sign}"),
            EQ,
            column(sign.tolist()),
        ),
        cat(
            M("x_adv", r"x_{\text{adv}}"),
            EQ,
            column(s.x.tolist()),
            PLUS,
            num(s.epsilon),
            TIMES,
            column(sign.tolist()),
            APPROX if absorbed(s.x, s.epsilon * sign) else rel_all(adv),
            column(adv.tolist()),
        ),
    )


def sgd_step(s: Setup, t: Trace, a: int, kind: str) -> Step:
    k = a - 1
    lay = s.net.layers[k]
    eta = M("η", r"\eta")
    if kind == "W_new":
        old, grad, name = lay.W, t.dW[k], sym("W", a)
    else:
        old, grad, name = lay.b, t.db[k], sym("b", a)
    new = old - s.lr * grad
    flat_old, lr = old.ravel().tolist(), float(s.lr)
    sig, rel = enough(
        grad.ravel().tolist(),
        lambda g: [w - lr * d for w, d in zip(flat_old, g)],
        new.ravel().tolist(),
    )
    if absorbed(old, s.lr * grad):
        rel = APPROX

    def shape(values, sig=SIG):
        return matrix(values, sig=sig) if old.ndim == 2 else column(values, sig=sig)

    return step(
        (
            "One gradient-descent step: ",
            cat(name, M(" ← ", r" \leftarrow "), name, SUB, eta, TIMES, partial(name)),
            ".",
        ),
        cat(
            name,
            M(" (new)", r"_{\text{new}}"),
            EQ,
            shape(old.tolist()),
            SUB,
            num(s.lr),
            TIMES,
            shape(grad.tolist(), sig),
            rel,
            shape(new.tolist()),
        ),
    )


def answer_step(
    parts: Sequence[Part], s: Setup, asks: Sequence[Ask], t: Trace | None = None
) -> Step:
    """The answers; ``≈`` for a cross-entropy or BCE loss (a logarithm, never a short
    decimal), and for everything the loss gives when the output saturates (a sigmoid or
    softmax at 0 or 1 to the last bit: its values are rounded, whatever they look like)."""
    saturated = t is not None and _saturated(s, t)
    lines = []
    for part, ask in zip(parts, asks):
        approx = (
            (ask.kind == "loss" and s.loss in ("cross_entropy", "bce"))
            or (saturated and ask.needs_backward)
            or (t is not None and _step_absorbed(s, t, ask))
        )
        lines.append(
            cat(
                M(f"({part.label}) ", f"\\text{{({part.label})}}\\ "),
                symbol(ask, s.n_layers),
                *answer_value_pieces(part.answer, approx),
            )
        )
    return step("Answers:", *lines)


def _saturated(s: Setup, t: Trace) -> bool:
    if s.net.layers[-1].activation not in ("sigmoid", "softmax"):
        return False
    return any(v == 0.0 or v == 1.0 for v in t.hs[-1].tolist())


def absorbed(old, change) -> bool:
    """True when a nonzero ``change`` vanishes in ``old + change`` or ``old − change``
    (a step of 1e-300 on a weight of 0.5): the new value is then ≈, not =, the old one."""
    old, change = np.asarray(old, dtype=float), np.asarray(change, dtype=float)
    tiny = (change != 0) & ((old + change == old) | (old - change == old))
    return bool(tiny.any())


def _step_absorbed(s: Setup, t: Trace, ask: Ask) -> bool:
    if ask.kind == "x_adv" and s.epsilon is not None:
        return absorbed(s.x, s.epsilon * dx_sign(s, t))
    if ask.kind not in ("W_new", "b_new") or s.lr is None or not t.dW:
        return False
    k = ask.layer - 1
    lay = s.net.layers[k]
    old, grad = (lay.W, t.dW[k]) if ask.kind == "W_new" else (lay.b, t.db[k])
    return absorbed(old, s.lr * grad)
