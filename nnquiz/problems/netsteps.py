"""Worked solutions and statements for network problems, in the notes' notation.

Node layers are numbered from 1 (the input); W^(a) leaves layer a, so
z^(a+1) = W^(a) h^(a) + b^(a) and h^(a+1) = g(z^(a+1)); δ^(a) = ∂L/∂z^(a).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..nn import Trace, activations, losses
from .asks import Ask, symbol
from .family import GivenError
from .model import Part, Step, prose, step
from .network import Setup, dx_sign
from .notation import (
    APPROX,
    EQ,
    PLUS,
    SUB,
    TIMES,
    M,
    all_exact,
    array,
    bit_exact,
    cat,
    column,
    computed_num,
    computed_value,
    dot_pieces,
    exp,
    frac,
    func,
    inline,
    join,
    matrix,
    num,
    one_minus,
    paren,
    pnum,
    row,
    signed_sum,
    sym,
    transpose,
    value,
)

G_TEXT = {
    "identity": ("id", r"\operatorname{id}"),
    "relu": ("ReLU", r"\operatorname{ReLU}"),
    "sigmoid": ("σ", r"\sigma"),
    "tanh": ("tanh", r"\tanh"),
    "step": ("step", r"\operatorname{step}"),
    "softmax": ("softmax", r"\operatorname{softmax}"),
}
G_WORDS = {
    "identity": "identity (linear)",
    "relu": "ReLU",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "step": "hard-threshold (step)",
    "softmax": "softmax",
}
LOSS_WORDS = {
    "cross_entropy": "cross-entropy",
    "bce": "binary cross-entropy",
    "mse": "mean squared error",
}


def rel_all(values) -> M:
    """``=`` when every value is shown exactly, else ``≈``."""
    array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=float)
    return EQ if all_exact(array.ravel().tolist()) else APPROX


def g_of(name: str, arg: M) -> M:
    t, tex = G_TEXT[name]
    return func(t, arg, tex)


# ---------------------------------------------------------------- statement


def describe(s: Setup) -> Step:
    return _describe(tuple(s.sizes), tuple(lay.activation for lay in s.net.layers))


NEURON = M("z = Σⱼ wⱼxⱼ + w₀", r"z = \sum_j w_j x_j + w_0")
H_OF_Z = M("h = g(z)", "h = g(z)")


@lru_cache(maxsize=256)  # a family draws a few architectures
def _describe(sizes: tuple[int, ...], acts: tuple[str, ...]) -> Step:
    if len(acts) == 1 and sizes[1] == 1:
        g = G_WORDS[acts[0]]
        return prose(
            f"A single neuron with {sizes[0]} inputs computes ",
            NEURON,
            " and ",
            H_OF_Z,
            ", with ",
            M("g", "g"),
            f" the {g} activation.",
        )
    parts = [f"input layer 1 with {sizes[0]} units"]
    for k, act in enumerate(acts):
        kind = "output layer" if k == len(acts) - 1 else "hidden layer"
        units = "unit" if sizes[k + 1] == 1 else "units"
        parts.append(f"{kind} {k + 2} with {sizes[k + 1]} {G_WORDS[act]} {units}")
    return prose("A fully connected network: " + ", ".join(parts) + ".")


def givens(s: Setup) -> list[M]:
    lines = []
    for k, lay in enumerate(s.net.layers):
        lines.append(
            cat(
                sym("W", k + 1),
                EQ,
                matrix(lay.W.tolist()),
                M("   ", r",\quad "),
                sym("b", k + 1),
                EQ,
                column(lay.b.tolist()),
            )
        )
    lines.append(cat(M("x", "x"), EQ, sym("h", 1), EQ, column(s.x.tolist())))
    return lines


def statement(s: Setup, given: dict) -> tuple[str, str]:
    """The question's text and LaTeX (without the parts)."""
    lines = givens(s)
    extra = []
    if s.loss is not None:
        extra.append(loss_sentence(s))
    if s.epsilon is not None:
        extra.append(prose("FGSM step size ", cat(M("ε", r"\epsilon"), EQ, num(s.epsilon)), "."))
    if s.lr is not None:
        extra.append(prose("Learning rate ", cat(M("η", r"\eta"), EQ, num(s.lr)), "."))
    body = step(describe(s), *lines)
    text = "\n".join([body.text] + [e.text for e in extra] + [NOTATION.text])
    latex = "\n".join([body.latex] + [e.latex for e in extra] + [NOTATION.latex])
    return text, latex


_A, _B, _C = M("a", "a"), M("b", "b"), M("c", "c")
NOTATION = prose(
    "Notation: ",
    M("w⁽ᵃ⁾_bc", "w^{(a)}_{bc}"),
    " is the weight to node ",
    _B,
    " of layer ",
    M("a+1", "a+1"),
    " from node ",
    _C,
    " of layer ",
    _A,
    "; ",
    M("b⁽ᵃ⁾_b", "b^{(a)}_{b}"),
    " is node ",
    _B,
    "'s bias (the notes' ",
    M("w₀", "w_0"),
    ").",
)


CE_FORMULA = M("L = −ln ŷ_(y+1)", r"L = -\ln \hat{y}_{y+1}")
BCE_FORMULA = M(
    "L = −(1/n) Σᵢ [yᵢ ln ŷᵢ + (1 − yᵢ) ln(1 − ŷᵢ)]",
    r"L = -\frac{1}{n}\sum_i \left[y_i \ln \hat{y}_i + (1 - y_i) \ln(1 - \hat{y}_i)\right]",
)
MSE_FORMULA = M("L = (1/n) Σᵢ (ŷᵢ − yᵢ)²", r"L = \frac{1}{n}\sum_i (\hat{y}_i - y_i)^2")
# The losses on the probabilities p they make from an output layer that is not a softmax
# (cross-entropy) or a sigmoid (BCE): (p's definition, the formula on p).
OF_P = {
    "cross_entropy": (
        M("p = softmax(ŷ)", r"p = \operatorname{softmax}(\hat{y})"),
        M("L = −ln p_(y+1)", r"L = -\ln p_{y+1}"),
    ),
    "bce": (
        M("p = σ(ŷ)", r"p = \sigma(\hat{y})"),
        M(
            "L = −(1/n) Σᵢ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)]",
            r"L = -\frac{1}{n}\sum_i \left[y_i \ln p_i + (1 - y_i) \ln(1 - p_i)\right]",
        ),
    ),
}


def loss_sentence(s: Setup) -> Step:
    y = tuple(s.y) if isinstance(s.y, list) else s.y
    return _loss_sentence(s.loss, y, s.net.is_fused(s.loss))


@lru_cache(maxsize=256)  # a loss and a label (a tuple of labels): a handful of sentences
def _loss_sentence(loss: str, y, fused: bool) -> Step:
    words: tuple = (f"Loss: {LOSS_WORDS[loss]}, ",)
    formula = {"cross_entropy": CE_FORMULA, "bce": BCE_FORMULA, "mse": MSE_FORMULA}[loss]
    if loss in OF_P and not fused:  # only networks written for nnquiz solve get here
        p, formula = OF_P[loss]
        unit = "softmax" if loss == "cross_entropy" else "sigmoid"
        words = (
            f"Loss: {LOSS_WORDS[loss]} on ",
            p,
            f" (the output layer is not a {unit}, so the loss applies {unit} first): ",
        )
    if loss == "cross_entropy":
        return prose(
            *words,
            formula,
            ", with true class ",
            cat(M("y", "y"), EQ, num(y)),
            f" (classes are counted from 0, so this is output unit {y + 1}).",
        )
    ys = y if isinstance(y, tuple) else (y,)
    shown = inline(ys) if len(ys) > 1 else num(ys[0])
    what = "label" if loss == "bce" else "target"
    return prose(*words, formula, f", with {what} ", cat(M("y", "y"), EQ, shown), ".")


def prompt(ask: Ask, s: Setup) -> tuple[str, str]:
    """A part's prompt, as text and LaTeX."""
    return _prompt(ask, s.n_layers)


@lru_cache(maxsize=1024)
def _prompt(ask: Ask, n_layers: int) -> tuple[str, str]:
    p = prose("Find ", symbol(ask, n_layers), ".")
    return p.text, p.latex


# ---------------------------------------------------------------- forward


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
                softmax_lines(p_out, p, lambda i: M(f"p{i}".translate(_SUBS), f"p_{{{i}}}"), "h")
            )
        c = int(s.y)
        name, tex = ("ŷ", r"\hat{y}") if last == "softmax" else ("p", "p")  # p: defined above
        lines.append(
            cat(
                M("L", "L"),
                EQ,
                M(f"−ln {name}{c + 1}".translate(_SUBS), rf"-\ln {tex}_{{{c + 1}}}"),
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


_SUBS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


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


def output_delta_step(s: Setup, t: Trace) -> Step:
    L = s.n_layers + 1
    delta = t.deltas[-1]
    last = s.net.layers[-1]
    y_vec = _target(s, len(delta))
    dz = cat(sym("δ", L), EQ, partial(sym("z", L)), EQ)
    if s.net.is_fused(s.loss):
        if s.loss == "cross_entropy":
            intro = (
                "With softmax and cross-entropy, ",
                cat(dz, M("ŷ − y", r"\hat{y} - y")),
                ", with y one-hot.",
            )
            rhs = cat(column(t.hs[-1].tolist()), SUB, column(y_vec.tolist()))
        else:
            n = len(delta)
            intro = (
                "With a sigmoid output and BCE, ",
                cat(dz, M("(ŷ − y)/n", r"\frac{\hat{y} - y}{n}")),
                f", with n = {n}.",
            )
            rhs = cat(column(t.hs[-1].tolist()), SUB, column(y_vec.tolist()))
            if n > 1:
                rhs = cat(M(f"(1/{n})·", rf"\frac{{1}}{{{n}}}"), rhs)
        return step(intro, cat(sym("δ", L), EQ, rhs, rel_all(delta), column(delta.tolist())))
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
        lines.append(derivative_line(last.activation, L, d))
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
    if s.loss == "cross_entropy":
        given = (column(p.tolist()), SUB, column(y_vec.tolist()))
        return [cat(dh, EQ, P, SUB, Y, EQ, *given, *approx)]
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
    shown = (column(values.tolist()), SUB, column(y_vec.tolist()))
    lines = [cat(top, SUB, Y, EQ, *shown, rel_all(diff), column(diff.tolist()))]
    if coef is None:  # the difference is the gradient
        lines.append(cat(dh, EQ, formula, *approx))
    else:
        lines.append(cat(dh, EQ, formula, EQ, coef, column(diff.tolist()), *approx))
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


def derivative_line(act: str, L: int, d: np.ndarray) -> M:
    return cat(g_prime(L), rel_all(d), column(d.tolist()), DERIVATIVE_RULES[act])


@lru_cache(maxsize=256)
def g_prime(L: int) -> M:
    return cat(M("g′(", "g'("), sym("z", L), ")")


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
    delta, h = t.deltas[k], t.hs[k]
    dW = t.dW[k]
    intro = gradient_intro(a)
    lines = [
        cat(
            partial(sym("W", a)),
            EQ,
            column(delta.tolist()),
            row(h.tolist()),
            rel_all(dW),
            matrix(dW.tolist()),
        ),
        cat(partial(sym("b", a)), EQ, sym("δ", a + 1), rel_all(delta), column(delta.tolist())),
    ]
    for kind, idx in entries:
        if kind in ("dW", "W_new") and len(idx) == 2:
            i, j = idx
            lines.append(
                cat(
                    M("∂L/∂", r"\frac{\partial L}{\partial "),
                    sym("w", a, i + 1, j + 1),
                    M("", "}"),
                    EQ,
                    sym("δ", a + 1, i + 1),
                    TIMES,
                    sym("h", a, j + 1),
                    EQ,
                    num(float(delta[i])),
                    TIMES,
                    pnum(float(h[j])),
                    value(float(dW[i, j])),
                )
            )
    return step(intro, *lines)


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
    lines = [cat(dname, EQ, matrix(WT), column(deltas), rel_all(grad_h), column(grads))]
    for j, gj in enumerate(grads):
        entry = sym("x", None, j + 1) if a == 1 else sym("h", a, j + 1)
        lines.append(cat(partial(entry), EQ, *dot_pieces(WT[j], deltas), value(gj)))
    if a > 1:
        act = s.net.layers[k - 1].activation
        d = derivative(act, t.zs[k - 1], t.hs[k - 1 + 1])
        new = t.deltas[k - 1]
        lines.append(derivative_line(act, a, d))
        lines.append(
            cat(
                sym("δ", a),
                EQ,
                column(grad_h.tolist()),
                M(" ⊙ ", r" \odot "),
                column(d.tolist()),
                rel_all(new),
                column(new.tolist()),
            )
        )
    return step(intro, *lines)


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


def answer_value(ans) -> M:
    return cat(*answer_value_pieces(ans))


def answer_value_pieces(ans) -> tuple[M, ...]:
    """The pieces of :func:`answer_value`, to go into a longer line with a single cat."""
    if isinstance(ans, list):
        return rel_all(ans), array(ans)
    return (value(float(ans)),)


def solution(s: Setup, t: Trace, asks: Sequence[Ask], parts: Sequence[Part]) -> list[Step]:
    """The steps from the given values to every asked answer, in order."""
    n = s.n_layers
    backward = any(a.needs_backward and a.kind != "loss" for a in asks)
    need_loss = backward or any(a.kind == "loss" for a in asks)
    depth = (
        n
        if need_loss
        else max((a.layer - 1 if a.kind in ("z", "h") else n for a in asks), default=n)
    )
    steps = [forward_step(s, t, k) for k in range(depth)]
    if need_loss:
        steps.append(loss_step(s, t))
    if backward:
        steps.append(output_delta_step(s, t))
        lowest = n + 1
        for a in asks:
            if a.kind in ("dW", "db", "W_new", "b_new"):
                lowest = min(lowest, a.layer + 1)
            elif a.kind == "dz":
                lowest = min(lowest, a.layer)
            elif a.kind in ("dx", "x_adv"):
                lowest = 1
        for a in range(n, 0, -1):
            wanted = [
                (x.kind, x.index)
                for x in asks
                if x.kind in ("dW", "db", "W_new", "b_new") and x.layer == a
            ]
            if wanted:
                steps.append(gradient_step(s, t, a, wanted))
            if a >= lowest:  # lowest is 1 only when ∂L/∂x is needed
                steps.append(propagate_step(s, t, a))
        for x in asks:
            if x.kind == "x_adv":
                steps.append(fgsm_step(s, t))
                break
        for x in asks:
            if x.kind in ("W_new", "b_new"):
                steps.append(sgd_step(s, t, x.layer, x.kind))
    steps.append(answer_step(parts, s, asks))
    return steps
