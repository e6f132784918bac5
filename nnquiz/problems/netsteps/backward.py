"""The backward pass, worked: δ at the output, the weight gradients, and δ carried
back a layer (∂L/∂h = Wᵀδ, then δ = ∂L/∂h ⊙ g′(z))."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from operator import mul

import numpy as np

from ...nn import Trace, activations, losses
from ..model import Step, prose, step
from ..network import Setup
from ..notation import (
    APPROX,
    EQ,
    SUB,
    TIMES,
    M,
    cat,
    column,
    dot_pieces,
    enough,
    frac,
    matrix,
    num,
    one_minus,
    paren,
    pnum,
    rel_all,
    row,
    sym,
    transpose,
    value,
)
from .slopes import FROM_H, slope


def output_delta_step(s: Setup, t: Trace) -> Step:
    L = s.n_layers + 1
    delta = t.deltas[-1]
    last = s.net.layers[-1]
    y_vec = _target(s, len(delta))
    dz = cat(sym("δ", L), EQ, partial(sym("z", L)), EQ)
    if s.net.is_fused(s.loss):
        p, ys, ds = t.hs[-1].tolist(), y_vec.tolist(), delta.tolist()
        n = 1 if s.loss == "cross_entropy" else len(ds)
        sig, rel = enough(p, lambda q: [(a - b) / n for a, b in zip(q, ys)], ds)
        if any(v == 0.0 or v == 1.0 for v in p):
            rel = APPROX  # a saturated ŷ: 1 (or 0) to the last bit, but not exactly
        rhs = cat(column(p, sig=sig), SUB, column(ys))
        if s.loss == "cross_entropy":
            intro = (
                "With softmax and cross-entropy, ",
                cat(dz, M("ŷ − y", r"\hat{y} - y")),
                ", with y one-hot:",
            )
        else:
            intro = (
                "With a sigmoid output and BCE, ",
                cat(dz, M("(ŷ − y)/n", r"\frac{\hat{y} - y}{n}")),
                f", with n = {n}:",
            )
            if n > 1:
                rhs = cat(M(f"(1/{n})·", rf"\frac{{1}}{{{n}}}"), rhs)
        why = FUSED_WHY[s.loss]
        return step(intro, *why, cat(sym("δ", L), EQ, rhs, rel, column(ds)))
    grad = t.grad_out
    intro = (
        "Output layer: ",
        cat(
            sym("δ", L),
            EQ,
            M(
                "∂L/∂h ⊙ g′(z)",
                r"\frac{\partial L}{\partial h}"
                r" \odot g'(z)",
            ),
        ),
        ".",
    )
    lines = output_gradient_lines(s, t, L, y_vec, grad)
    if last.activation == "softmax":
        lines.append(
            cat(
                sym("δ", L),
                EQ,
                M("ŷ ⊙ (∂L/∂h − (∂L/∂h · ŷ))", r"\hat y \odot \left(g - (g \cdot \hat y)\right)"),
                rel_all(delta),
                column(delta.tolist()),
            )
        )
    else:
        d = derivative(last.activation, t.zs[-1], t.hs[-1])
        lines.extend(derivative_lines(last.activation, L, d, t.zs[-1], t.hs[-1]))
        lines.append(
            cat(
                sym("δ", L),
                EQ,
                column(grad.tolist()),
                M(" ⊙ ", r" \odot "),
                column(d.tolist()),
                rel_all(delta),
                column(delta.tolist()),
            )
        )
    return step(intro, *lines)


def output_dh_step(s: Setup, t: Trace) -> Step:
    """∂L/∂ŷ at a fused output (the output delta skips it: δ = ŷ − y comes straight from
    z), worked from the loss: −1/ŷ_c for the true class (cross-entropy), or −1/(n·ŷ)
    where y = 1 and 1/(n·(1 − ŷ)) where y = 0 (BCE)."""
    L = s.n_layers + 1
    p = t.hs[-1].tolist()
    y = _target(s, len(p)).tolist()
    ce = s.loss == "cross_entropy"
    n = 1 if ce else len(p)
    by = M("", "") if n == 1 else M(f"{n}·", rf"{n} \cdot ")
    lines = []
    for i, (pi, yi) in enumerate(zip(p, y)):
        if yi == 1:
            g, shown = -1.0 / (n * pi), cat(M("−", "-"), frac("1", cat(by, num(pi))))
        elif ce:
            g, shown = 0.0, M("0", "0")
        else:
            g, shown = 1.0 / (n * (1.0 - pi)), frac("1", cat(by, one_minus(pi)))
        lines.append(cat(partial(sym("h", L, i + 1)), EQ, shown, value(g)))
    rule = OUTPUT_DH["cross_entropy" if ce else "bce"]
    return step(("The loss's derivative with respect to the output: ", rule, "."), *lines)


OUTPUT_DH = {
    "cross_entropy": M(
        "∂L/∂ŷ_c = −1/ŷ_c for the true class c, 0 for the others",
        r"\frac{\partial L}{\partial \hat{y}_c} = -\frac{1}{\hat{y}_c}"
        r"\text{ for the true class } c\text{, 0 for the others}",
    ),
    "bce": M(
        "∂L/∂ŷ = −(1/n)(y/ŷ − (1 − y)/(1 − ŷ))",
        r"\frac{\partial L}{\partial \hat{y}}"
        r" = -\frac{1}{n}\left(\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}\right)",
    ),
}


# Why δ = ŷ − y at a fused output, derived once (the chain rule through the loss and the
# output activation collapses to it)
FUSED_WHY = {
    "bce": (
        M(
            "∂L/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ) and ∂ŷ/∂z = σ′(z) = ŷ(1 − ŷ), so",
            r"\frac{\partial L}{\partial \hat{y}} = -\frac{y}{\hat{y}}"
            r" + \frac{1 - y}{1 - \hat{y}}\text{ and }"
            r"\frac{\partial \hat{y}}{\partial z} = \sigma'(z) = \hat{y}(1 - \hat{y})\text{, so}",
        ),
        M(
            "∂L/∂z = ∂L/∂ŷ·∂ŷ/∂z = −y(1 − ŷ) + (1 − y)ŷ = ŷ − y (each over n: L is a mean)",
            r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial \hat{y}}"
            r"\frac{\partial \hat{y}}{\partial z} = -y(1 - \hat{y}) + (1 - y)\hat{y}"
            r" = \hat{y} - y\text{ (each over } n\text{: } L \text{ is a mean)}",
        ),
    ),
    "cross_entropy": (
        M(
            "L = −ln ŷ_c = −z_c + ln Σₖ e^(zₖ) for the true class c, so",
            r"L = -\ln \hat{y}_c = -z_c + \ln \sum_k e^{z_k}"
            r"\text{ for the true class } c\text{, so}",
        ),
        M(
            "∂L/∂z_j = −(1 if j = c, else 0) + e^(z_j)/Σₖ e^(zₖ) = ŷ_j − y_j",
            r"\frac{\partial L}{\partial z_j} = -[j = c] + \frac{e^{z_j}}{\sum_k e^{z_k}}"
            r" = \hat{y}_j - y_j",
        ),
    ),
}


Y_HAT = M("ŷ", r"\hat{y}")
P = M("p", "p")
Y = M("y", "y")


def output_gradient_lines(s: Setup, t: Trace, L: int, y_vec, grad) -> list[M]:
    """∂L/∂h at an output the loss does not fuse with, from its formula, with numbers.

    MSE: (2/n)(ŷ − y). BCE of p = σ(h): (p − y)/n. Cross-entropy of p = softmax(h):
    p − y, with y one-hot. (The loss step showed p.)
    """
    h = t.hs[-1]
    n = len(h)
    dh = partial(sym("h", L))
    approx = (rel_all(grad), column(grad.tolist()))
    p = losses.get(s.loss).probabilities(h, s.net.layers[-1].activation)
    ys = y_vec.tolist()
    if s.loss == "cross_entropy":
        sig, rel = enough(p.tolist(), lambda q: [a - b for a, b in zip(q, ys)], grad.tolist())
        given = (column(p.tolist(), sig=sig), SUB, column(ys))
        return [cat(dh, EQ, P, SUB, Y, EQ, *given, rel, column(grad.tolist()))]
    if s.loss == "bce":
        top, values = P, p
        if n == 1:
            formula, coef = M("p − y", "p - y"), None
        else:
            formula = M(f"(p − y)/{n}", rf"\frac{{p - y}}{{{n}}}")
            coef = M(f"(1/{n})·", rf"\frac{{1}}{{{n}}}")
    else:
        top, values = Y_HAT, h
        if n == 1:
            formula, coef = M("2(ŷ − y)", r"2(\hat{y} - y)"), M("2·", r"2 \cdot ")
        elif n == 2:  # 2/n = 1
            formula, coef = (
                M("(2/2)(ŷ − y) = ŷ − y", r"\frac{2}{2}(\hat{y} - y) = \hat{y} - y"),
                None,
            )
        else:
            formula = M(f"(2/{n})(ŷ − y)", rf"\frac{{2}}{{{n}}}(\hat{{y}} - y)")
            coef = M(f"(2/{n})·", rf"\frac{{2}}{{{n}}}")
    diff = values - y_vec
    sig, rel = enough(values.tolist(), lambda q: [a - b for a, b in zip(q, ys)], diff.tolist())
    shown = (column(values.tolist(), sig=sig), SUB, column(ys))
    lines = [cat(top, SUB, Y, EQ, *shown, rel, column(diff.tolist()))]
    if coef is None:  # the difference is the gradient
        lines.append(cat(dh, EQ, formula, *approx))
    else:
        times = 2.0 if s.loss == "mse" else 1.0
        scale = times / n if n > 1 else times
        sig, rel = enough(diff.tolist(), lambda d: [scale * v for v in d], grad.tolist())
        lines.append(
            cat(
                dh,
                EQ,
                formula,
                EQ,
                coef,
                column(diff.tolist(), sig=sig),
                rel,
                column(grad.tolist()),
            )
        )
    return lines


@lru_cache(maxsize=1024)  # called with symbols, which sym() makes once each
def partial(of: M) -> M:
    """∂L/∂(of)."""
    return M(f"∂L/∂{of.text}", rf"\frac{{\partial L}}{{\partial {of.latex}}}")


def _target(s: Setup, n: int) -> np.ndarray:
    if s.loss == "cross_entropy":
        y = np.zeros(n)
        y[int(s.y)] = 1
        return y
    if isinstance(s.y, int | float):
        return np.full(n, float(s.y))
    return np.broadcast_to(np.asarray(s.y, dtype=float), (n,)).copy()


def derivative(act: str, z: np.ndarray, h: np.ndarray) -> np.ndarray:
    return activations.get(act).derivative(z, h)


DERIVATIVE_RULES = {
    "relu": M(
        "  [ReLU′(z) = 1 if z > 0, else 0]",
        r"\quad [\operatorname{ReLU}'(z) = 1 \text{ if } z > 0 \text{, else } 0]",
    ),
    "sigmoid": M("  [σ′(z) = h(1 − h)]", r"\quad [\sigma'(z) = h(1 - h)]"),
    "tanh": M("  [tanh′(z) = 1 − h²]", r"\quad [\tanh'(z) = 1 - h^2]"),
    "identity": M("  [the identity's derivative is 1]", r"\quad [\text{identity: } 1]"),
    "step": M("  [a hard threshold's derivative is 0]", r"\quad [\text{step: } 0]"),
}


def derivative_lines(act: str, L: int, d: np.ndarray, z: np.ndarray, h: np.ndarray) -> list[M]:
    """g′(z⁽ᴸ⁾) as a vector with its rule, then, for σ and tanh, each entry worked with
    its numbers (h(1 − h), 1 − h²; from z near saturation: see :mod:`.slopes`)."""
    lines = [cat(g_prime(L), rel_all(d), column(d.tolist()), DERIVATIVE_RULES[act])]
    if act not in FROM_H:
        return lines
    for i, (zi, hi, di) in enumerate(zip(z.tolist(), h.tolist(), d.tolist())):
        lines.append(cat(g_prime(L, i + 1), EQ, slope(act, zi, hi, di)))
    return lines


@lru_cache(maxsize=256)
def g_prime(L: int, i: int | None = None) -> M:
    return cat(M("g′(", "g'("), sym("z", L) if i is None else sym("z", L, i), ")")


@lru_cache(maxsize=256)
def gradient_intro(a: int) -> Step:
    return prose(
        f"Gradients of layer {a}'s weights: ",
        cat(partial(sym("W", a)), EQ, sym("δ", a + 1), transpose(paren(sym("h", a)))),
        " and ",
        cat(partial(sym("b", a)), EQ, sym("δ", a + 1)),
        ".",
    )


def gradient_step(s: Setup, t: Trace, a: int, entries: Sequence[tuple[str, tuple]]) -> Step:
    """∂L/∂W^(a) = δ^(a+1) (h^(a))ᵀ and ∂L/∂b^(a) = δ^(a+1)."""
    k = a - 1
    delta, h = t.deltas[k].tolist(), t.hs[k].tolist()
    dW = t.dW[k]
    intro = gradient_intro(a)
    m = len(delta)
    sig, rel = enough(
        delta + h,
        lambda v: [d * x for d in v[:m] for x in v[m:]],
        dW.ravel().tolist(),
    )
    lines = [
        cat(
            partial(sym("W", a)),
            EQ,
            column(delta, sig=sig),
            row(h, sig),
            rel,
            matrix(dW.tolist()),
        ),
        cat(partial(sym("b", a)), EQ, sym("δ", a + 1), rel_all(delta), column(delta)),
    ]
    for kind, idx in entries:
        if kind in ("dW", "W_new") and len(idx) == 2:
            lines.append(_weight_entry(a, idx, delta, h, float(dW[idx])))
    return step(intro, *lines)


def _weight_entry(a: int, idx: tuple, delta: list, h: list, value_: float) -> M:
    """∂L/∂w⁽ᵃ⁾ᵢⱼ = δ⁽ᵃ⁺¹⁾ᵢ·h⁽ᵃ⁾ⱼ = … ≈ …, its two factors shown to enough digits."""
    i, j = idx
    sig, rel = enough([delta[i], h[j]], lambda v: [v[0] * v[1]], [value_])
    return cat(
        M("∂L/∂", r"\frac{\partial L}{\partial "),
        sym("w", a, i + 1, j + 1),
        M("", "}"),
        EQ,
        sym("δ", a + 1, i + 1),
        TIMES,
        sym("h", a, j + 1),
        EQ,
        num(delta[i], sig),
        TIMES,
        pnum(h[j], sig),
        rel,
        num(value_),
    )


@lru_cache(maxsize=256)
def propagate_intro(a: int) -> tuple[M, Step]:
    """∂L/∂h^(a) (∂L/∂x when a = 1), and the sentence that opens the step."""
    target = sym("x", None) if a == 1 else sym("h", a)
    dname = cat(partial(target))
    intro = prose(
        "Back to layer ",
        f"{a}: ",
        cat(dname, EQ, transpose(sym("W", a)), sym("δ", a + 1)),
        ".",
    )
    return dname, intro


def propagate_step(s: Setup, t: Trace, a: int) -> Step:
    """∂L/∂h^(a) = W^(a)ᵀ δ^(a+1), then δ^(a) = ∂L/∂h^(a) ⊙ g′(z^(a)) (or ∂L/∂x when a = 1)."""
    k = a - 1
    W = s.net.layers[k].W
    delta = t.deltas[k]
    grad_h = W.T @ delta
    dname, intro = propagate_intro(a)
    WT, deltas, grads = W.T.tolist(), delta.tolist(), grad_h.tolist()
    sig, rel = enough(deltas, lambda v: [sum(map(mul, r, v)) for r in WT], grads)
    lines = [cat(dname, EQ, matrix(WT), column(deltas, sig=sig), rel, column(grads))]
    for j, gj in enumerate(grads):
        entry = sym("x", None, j + 1) if a == 1 else sym("h", a, j + 1)
        one, rel = enough(deltas, lambda v, r=WT[j]: [sum(map(mul, r, v))], [gj])
        lines.append(cat(partial(entry), EQ, *dot_pieces(WT[j], deltas, sig=one), rel, num(gj)))
    if a > 1:
        act = s.net.layers[k - 1].activation
        d = derivative(act, t.zs[k - 1], t.hs[k - 1 + 1]).tolist()
        new = t.deltas[k - 1].tolist()
        m = len(grads)
        sig, rel = enough(grads + d, lambda v: [x * y for x, y in zip(v[:m], v[m:])], new)
        lines.extend(derivative_lines(act, a, np.asarray(d), t.zs[k - 1], t.hs[k]))
        lines.append(
            cat(
                sym("δ", a),
                EQ,
                column(grads, sig=sig),
                M(" ⊙ ", r" \odot "),
                column(d, sig=sig),
                rel,
                column(new),
            )
        )
    return step(intro, *lines)
