"""The concept cards' figures, by name: a card says ``figure = "sigmoid"`` and the deck
and practice show this drawing (``draw(name)``), made the same way as a problem's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from . import chain, functions, network, plane, plot
from .figure import Figure
from .layout import Drawing
from .svg import wrap

UNIT = {1: "₁", 2: "₂", 3: "₃", 4: "₄"}


def _activation(act: str) -> Callable[[], tuple[Drawing, str]]:
    name = functions.NAMES[act]
    shape = {
        "sigmoid": "an S from 0 to 1; its derivative is a bump, highest (0.25) at z = 0",
        "tanh": "an S from −1 to 1; its derivative is a bump, highest (1) at z = 0",
        "relu": "0 for z < 0, then the line z; its derivative jumps from 0 to 1 at z = 0",
        "step": "0 up to z = 0, then 1; its derivative is 0 wherever it is defined",
    }[act]

    def make() -> tuple[Drawing, str]:
        alt = (
            f"{name}(z) (solid) and its derivative {name}′(z) (dashed) for z from −4 to 4: {shape}."
        )
        return functions.plot(act), alt

    return make


def _early_stopping() -> tuple[Drawing, str]:
    epochs = range(1, 16)
    train = tuple((e, round(1.3 * 0.82**e + 0.08, 4)) for e in epochs)
    val = tuple((e, round(1.3 * 0.82**e + 0.2 + 0.004 * (e - 7) ** 2, 4)) for e in epochs)
    curves = (
        plot.Curve("training loss", train, marker="dot"),
        plot.Curve("validation loss", val, "6 4", "ring"),
    )
    best = min(val, key=lambda p: p[1])[0]
    marks = ((best, f"best: {best}"), (best + 3, f"stop: {best + 3} (patience 3)"))
    x = plot.nice_axis(0, 15, "epoch", 6, whole=True)
    drawing = plot.draw(plot.Plot(x, plot.nice_axis(0, 1.4, "loss"), curves, marks=marks))
    alt = (
        "Training loss (solid) falls epoch after epoch; validation loss (dashed) falls, "
        f"bottoms out at epoch {best} (marked best) and rises again: the U-curve of "
        f"overfitting. With patience 3, training stops at epoch {best + 3} and keeps the "
        f"weights of epoch {best}."
    )
    return drawing, alt


def _naming() -> tuple[Drawing, str]:
    sizes = (2, 3, 2)
    units = (
        ("x₁", "x₂"),
        ("h⁽²⁾₁", "h⁽²⁾₂", "h⁽²⁾₃"),
        ("h⁽³⁾₁", "h⁽³⁾₂"),
    )
    heads = (("layer 1",), ("layer 2",), ("layer 3",))
    legend = (
        "A weight w⁽ᵃ⁾ with subscript bc: a is the layer it leaves, b the node it goes "
        "to (in layer a + 1), c the node it comes from: w⁽¹⁾₃₁ goes from x₁ to h⁽²⁾₃.",
    )
    edges = ((0, 2, 0), (1, 0, 1))
    drawing = network.draw(
        network.Net(
            sizes,
            units,
            heads,
            edges,
            ("w⁽¹⁾₃₁", "w⁽²⁾₁₂"),
            strong=frozenset(edges),
            faint=True,
            legend=legend,
        )
    )
    assert drawing is not None
    alt = (
        "A 2-3-2 network, layers 1 to 3 from left to right. The heavy edge from x₁ to "
        "h⁽²⁾₃ is w⁽¹⁾₃₁ (layer 1, to node 3, from node 1); the heavy edge from h⁽²⁾₂ to "
        "h⁽³⁾₁ is w⁽²⁾₁₂ (layer 2, to node 1, from node 2)."
    )
    return drawing, alt


def _dropout() -> tuple[Drawing, str]:
    sizes = (3, 4, 2)
    units = (("x₁", "x₂", "x₃"), ("h₁", "h₂", "h₃", "h₄"), ("ŷ₁", "ŷ₂"))
    heads = (("input",), ("hidden", "dropout"), ("output",))
    crossed = frozenset({(1, 1), (1, 3)})
    legend = (
        "One training step: the crossed-out units are dropped, with every edge into or out "
        "of them (dashed). At test time every unit is kept.",
    )
    drawing = network.draw(network.Net(sizes, units, heads, crossed=crossed, legend=legend))
    assert drawing is not None
    alt = (
        "A 3-4-2 network in one training step with dropout: hidden units h₂ and h₄ are "
        "crossed out, and the edges into and out of them are dashed; the thinned network that "
        "remains is what this step trains."
    )
    return drawing, alt


def _xor() -> tuple[Drawing, str]:
    scene = plane.Scene(
        ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)),
        (-1, 1, 1, -1),
        segments=(((0.0, 1.0), (1.0, 0.0)), ((0.0, 0.0), (1.0, 1.0))),
        spots=((0.5, 0.5, "P"),),
        names=("XOR = 1", "XOR = 0"),
        note="Both diagonals pass through P = (0.5, 0.5): no line separates ○ from ×.",
    )
    alt = (
        "XOR's four points: ○ (XOR = 1) at (0, 1) and (1, 0), × (XOR = 0) at (0, 0) and "
        "(1, 1). The two diagonals cross at P = (0.5, 0.5), an average of both classes, so "
        "no line separates them."
    )
    return plane.draw(scene), alt


def _vanishing() -> tuple[Drawing, str]:
    nodes = ("x", "h⁽²⁾", "h⁽³⁾", "h⁽⁴⁾", "L")
    units = ("", "× σ′(z) ≤ 0.25", "× σ′(z) ≤ 0.25", "× σ′(z) ≤ 0.25", "")
    links = ("× w⁽¹⁾ = 1", "× w⁽²⁾ = 1", "× w⁽³⁾ = 1", "")
    values = ("≤ 0.01563", "≤ 0.0625", "≤ 0.25", "1", "")
    bars = (0.015625, 0.0625, 0.25, 1.0, 0.0)
    drawing = chain.draw(chain.Chain(nodes, units, links, values, bars, ("", "gradient")))
    alt = (
        "A chain of three sigmoid units from x to the loss L, weights 1. Going back, each "
        "unit multiplies the gradient by σ′(z) ≤ 0.25, so it shrinks at least fourfold per "
        "layer: at most 1, 0.25, 0.0625, 0.01563 (bars of those lengths)."
    )
    return drawing, alt


def _fgsm() -> tuple[Drawing, str]:
    x, adv, eps = (1.0, 1.0), (1.5, 0.5), 0.5
    grad = (1.0 + 0.8 * 0.6, 1.0 - 0.3 * 0.6)
    scene = plane.Scene(
        (x,),
        (1,),
        arrows=(plane.Arrow(x, grad, "∇ₓJ"), plane.Arrow(x, adv, "x_adv")),
        boxes=((x[0] - eps, x[1] - eps, x[0] + eps, x[1] + eps),),
        names=("x", ""),
        note="x_adv = x + ε·sign(∇ₓJ): the corner of the ε-box (dashed) the gradient leans to.",
    )
    alt = (
        "The input x = (1, 1) with the dashed square of points at most ε = 0.5 away in each "
        "coordinate. The gradient of the loss ∇ₓJ = (0.8, −0.3) points right and a little "
        "down; x_adv = x + ε·sign(∇ₓJ) = (1.5, 0.5) is the square's corner on that side."
    )
    return plane.draw(scene), alt


MAKERS: dict[str, Callable[[], tuple[Drawing, str]]] = {
    "sigmoid": _activation("sigmoid"),
    "tanh": _activation("tanh"),
    "relu": _activation("relu"),
    "step": _activation("step"),
    "early-stopping": _early_stopping,
    "weight-naming": _naming,
    "dropout": _dropout,
    "xor": _xor,
    "vanishing": _vanishing,
    "fgsm": _fgsm,
}
NAMES = tuple(MAKERS)


@cache
def draw(name: str, where: str = "solution") -> Figure:
    """The figure called ``name`` (one of :data:`NAMES`); KeyError for another."""
    drawing, alt = MAKERS[name]()
    svg = wrap(drawing.width, drawing.height, alt, drawing.body)
    return Figure(name, where, svg, alt, drawing.layout)
