"""A network problem's statement: the architecture in words, the given matrices,
the loss and the notation, and each part's prompt."""

from __future__ import annotations

from functools import lru_cache

from ..asks import Ask, symbol
from ..model import Step, prose, step
from ..network import Setup
from ..notation import (
    EQ,
    M,
    cat,
    column,
    func,
    inline,
    matrix,
    num,
    sym,
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
    return written(s, lines, extra)


def written(s: Setup, lines: list, extra: list) -> tuple[str, str]:
    """The statement's text and LaTeX: the network described over its given ``lines``,
    the ``extra`` sentences (loss, ε, η), then the notation paragraph."""
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
    M("b⁽ᵃ⁾_j", "b^{(a)}_{j}"),
    " is the bias of node ",
    M("j", "j"),
    " of layer ",
    M("a+1", "a+1"),
    " (the notes' ",
    M("w₀", "w_0"),
    ").",
)

# The same convention in one line, for a phone (the Anki deck shows it in place of the
# sentence above; the concept cards "naming-weight" and "naming-bias" say it all).
NOTATION_SHORT = prose(
    M("w⁽ᵃ⁾_bc", "w^{(a)}_{bc}"),
    ": to node ",
    _B,
    " of layer ",
    M("a+1", "a+1"),
    " from node ",
    _C,
    " of layer ",
    _A,
    ".",
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


def loss_words(loss: str, fused: bool) -> tuple:
    """``Loss: binary cross-entropy, L = …``: the loss and its formula, without a label."""
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
    return (*words, formula)


@lru_cache(maxsize=256)  # a loss and a label (a tuple of labels): a handful of sentences
def _loss_sentence(loss: str, y, fused: bool) -> Step:
    *words, formula = loss_words(loss, fused)
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
