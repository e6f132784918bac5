"""What follows the gradients: the FGSM step, a gradient-descent step, the answers."""

from __future__ import annotations

from collections.abc import Sequence

from ...nn import Trace
from ..asks import Ask, symbol
from ..model import Part, Step, step
from ..network import Setup, dx_sign
from ..notation import (
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
            rel_all(adv),
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
        approx = (ask.kind == "loss" and s.loss in ("cross_entropy", "bce")) or (
            saturated and ask.needs_backward
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
