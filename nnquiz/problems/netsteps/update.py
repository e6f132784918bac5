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
    SUB,
    TIMES,
    M,
    answer_value_pieces,
    cat,
    column,
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
    shape = matrix if old.ndim == 2 else column
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
            shape(grad.tolist()),
            rel_all(new),
            shape(new.tolist()),
        ),
    )


def answer_step(parts: Sequence[Part], s: Setup, asks: Sequence[Ask]) -> Step:
    lines = []
    for part, ask in zip(parts, asks):
        lines.append(
            cat(
                M(f"({part.label}) ", f"\\text{{({part.label})}}\\ "),
                symbol(ask, s.n_layers),
                *answer_value_pieces(part.answer),
            )
        )
    return step("Answers:", *lines)
