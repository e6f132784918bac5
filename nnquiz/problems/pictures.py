"""A problem's figures: its numbers written as the problem writes them, drawn by
:mod:`nnquiz.figures`.

The network families draw the network of the question (every weight on its edge, every
bias under its unit, every input's value under it) and, when the problem goes backward,
the backward pass (δ = ∂L/∂z under every unit, the gradients asked on their edges).
A network too large to label legibly (only one a user writes for ``solve``) is drawn
without its numbers, and its legend and description say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, repeat
from operator import add
from typing import Any

from ..figures import Figure, svg
from ..figures import network as netfig
from ..figures.layout import Drawing, width
from .asks import parse as parse_ask
from .notation import num, sub, sym

MAX_UNITS = 8  # a layer with more units is drawn with an ellipsis, without numbers
LABELLED_UNITS = 6  # a layer with more units is drawn without numbers (4 at most when drawn)
KEEP = 5  # the units drawn of such a layer: three, ⋮, the last
# activation names as a figure writes them above a layer
ACTIVATIONS = {
    "identity": "linear",
    "relu": "ReLU",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "step": "step",
    "softmax": "softmax",
}
# the widths a layout leaves for the numbers: most problems' numbers fit, and share it
SHORT, SHORT_NOTE = width("−0.25"), width("b=−0.25")
ROUNDED, ROUNDED_NOTE = width("−0.01234"), width("δ=−0.01234")
TOO_LARGE = "Too many numbers to write on this drawing legibly: they are in the statement."


def figure(name: str, where: str, drawing: Drawing, alt: str, stands_for: str = "") -> Figure:
    """A drawing as a complete SVG document, with its description (``stands_for``: see
    :class:`~nnquiz.figures.Figure`)."""
    doc = svg.wrap(drawing.width, drawing.height, alt, drawing.body)
    return Figure(name, where, doc, alt, drawing.layout, stands_for, True)  # plain


@lru_cache(maxsize=8192)  # one C-level lookup per number: a figure writes dozens
def text(x: float) -> str:
    """A number as the problem's text writes it (``−0.5``, ``0.3979``)."""
    return num(x).text


# ---------------------------------------------------------------- names


@lru_cache(maxsize=64)
def unit_names(sizes: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    """x₁, x₂ for the inputs, h⁽ᵏ⁾ᵢ for hidden units, ŷ (or ŷ₁, ŷ₂, …) for the outputs."""
    last = len(sizes) - 1
    out = [tuple(sub("x", i + 1).text for i in range(sizes[0]))]
    for k in range(1, last):
        out.append(tuple(sym("h", k + 1, i + 1).text for i in range(sizes[k])))
    n = sizes[last]
    out.append(("ŷ",) if n == 1 else tuple(sub("ŷ", i + 1).text for i in range(n)))
    return tuple(out)


@lru_cache(maxsize=64)
def layer_heads(activations: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """("layer 1", "input"), ("layer 2", "ReLU"), …"""
    heads = [("layer 1", "input")]
    heads += [(f"layer {k + 2}", ACTIVATIONS.get(a, a)) for k, a in enumerate(activations)]
    return tuple(heads)


@lru_cache(maxsize=64)
def describe(sizes: tuple[int, ...], activations: tuple[str, ...]) -> str:
    """The layers in a line: "x₁, x₂ → h⁽²⁾₁, h⁽²⁾₂ (ReLU) → ŷ (sigmoid)"."""
    if max(sizes) > MAX_UNITS:
        layers = [f"{sizes[0]} inputs"] + [
            f"{n} {ACTIVATIONS.get(a, a)} unit{'s' * (n != 1)}"
            for n, a in zip(sizes[1:], activations)
        ]
        return " → ".join(layers)
    names = unit_names(sizes)
    layers = [", ".join(names[0])] + [
        f"{', '.join(u)} ({ACTIVATIONS.get(a, a)})" for u, a in zip(names[1:], activations)
    ]
    return " → ".join(layers)


def shape(given: dict[str, Any]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The sizes of a network's layers (its input first) and their activations."""
    layers = given["layers"]
    sizes = tuple([len(given["x"])] + [len(lay["W"]) for lay in layers])
    return sizes, tuple([lay["activation"] for lay in layers])


# ---------------------------------------------------------------- the network


def network_question(given: dict[str, Any], shaped: tuple | None = None) -> Figure:
    """The network of the question, with every number of its ``given`` (``shaped``: its
    :func:`shape`, if known)."""
    sizes, acts = shaped or shape(given)
    layers = given["layers"]
    labels = list(map(text, chain.from_iterable(chain.from_iterable(lay["W"] for lay in layers))))
    notes = list(map(add, _input_notes(sizes[0]), map(text, given["x"])))
    notes += map(add, repeat("b="), map(text, chain.from_iterable(lay["b"] for lay in layers)))
    drawing, labelled = draw_net(
        sizes,
        unit_names(sizes),
        layer_heads(acts),
        netfig.all_edges(sizes),
        labels,
        netfig.all_units(sizes),
        notes,
        edge_room=SHORT,
        note_room=SHORT_NOTE,
    )
    return figure("network", "question", drawing, _question_alt(sizes, acts, labelled))


@lru_cache(maxsize=16)
def _input_notes(n: int) -> tuple[str, ...]:
    """``x₁=``, ``x₂=``, …: what comes before each input's value."""
    return tuple(sub("x", i + 1).text + "=" for i in range(n))


@lru_cache(maxsize=64)
def _question_alt(sizes: tuple[int, ...], acts: tuple[str, ...], labelled: bool) -> str:
    return f"The network, left to right: {describe(sizes, acts)}. " + (
        "Every weight is on its edge, every bias b and input value under its unit."
        if labelled
        else TOO_LARGE
    )


def network_backward(
    given: dict[str, Any], trace, asks: Sequence, shaped: tuple | None = None
) -> Figure:
    """The backward pass: δ under every unit, ∂L/∂x under the inputs when the problem
    asks for it, and the gradient of every weight asked on its edge."""
    sizes, acts = shaped or shape(given)
    asked, strong, with_dx = _asked(tuple([a.raw for a in asks]), sizes)
    dW = [g.tolist() for g in trace.dW]
    labels = [text(dW[k][i][j]) for k, i, j in asked]
    notes = list(map(add, _dx_notes(sizes[0]), map(text, trace.dx.tolist()))) if with_dx else []
    notes += map(
        add, repeat("δ="), map(text, chain.from_iterable(d.tolist() for d in trace.deltas))
    )
    drawing, labelled = draw_net(
        sizes,
        unit_names(sizes),
        layer_heads(acts),
        asked,
        labels,
        netfig.all_units(sizes, 0 if with_dx else 1),
        notes,
        strong=strong,
        faint=True,
        legend=_legend(bool(asked), with_dx),
        edge_room=ROUNDED,
        note_room=ROUNDED_NOTE,
    )
    return figure(
        "backward", "solution", drawing, _backward_alt(sizes, acts, asked != (), with_dx, labelled)
    )


@lru_cache(maxsize=16)
def _dx_notes(n: int) -> tuple[str, ...]:
    return tuple(f"∂L/∂{sub('x', i + 1).text}=" for i in range(n))


@lru_cache(maxsize=8)
def _legend(asked: bool, with_dx: bool) -> tuple[str, ...]:
    legend = ["Backward pass: under each unit δ = ∂L/∂z."]
    if asked:
        legend.append("On the heavy edges: ∂L/∂w, the gradients asked.")
    if with_dx:
        legend.append("Under each input: ∂L/∂x.")
    return tuple(legend)


@lru_cache(maxsize=64)
def _backward_alt(sizes, acts, asked: bool, with_dx: bool, labelled: bool) -> str:
    what = "the gradient ∂L/∂w of each weight asked on its (heavy) edge" if asked else ""
    return (
        f"The backward pass on the network ({describe(sizes, acts)}): δ = ∂L/∂z under each "
        "unit"
        + (", ∂L/∂x under each input" if with_dx else "")
        + (f", {what}" if what else "")
        + "."
        + ("" if labelled else " " + TOO_LARGE)
    )


@lru_cache(maxsize=256)
def _asked(asks: tuple[str, ...], sizes: tuple[int, ...]):
    """(k, i, j) of every weight whose gradient (or new value) a part asks for, in the
    order of the edges (and as a frozenset); and whether a part asks for ∂L/∂x (or
    x_adv)."""
    out = set()
    parsed = [parse_ask(a) for a in asks]
    for a in parsed:
        if a.kind not in ("dW", "W_new"):
            continue
        k = a.layer - 1
        if a.index:
            out.add((k, *a.index))
        else:
            out |= {(k, i, j) for i in range(sizes[k + 1]) for j in range(sizes[k])}
    edges = tuple(e for e in netfig.all_edges(sizes) if e in out)
    return edges, frozenset(edges), any(a.kind in ("dx", "x_adv") for a in parsed)


def draw_net(
    sizes: tuple[int, ...],
    units: tuple[tuple[str, ...], ...],
    heads: tuple[tuple[str, ...], ...],
    edges: tuple,
    labels: Sequence[str],
    notes: tuple,
    note_texts: Sequence[str],
    **options: Any,
) -> tuple[Drawing, bool]:
    """The drawing of a network with its numbers, and True; when they do not fit, the
    drawing without them (its legend says so), and False."""
    widest = max(sizes)
    big = widest > MAX_UNITS
    if widest <= LABELLED_UNITS:
        net = netfig.Net(sizes, units, heads, edges, labels, notes, note_texts, **options)
        drawing = netfig.draw(net)
        if drawing is not None:
            return drawing, True
    shown = tuple(min(n, KEEP) for n in sizes) if big else sizes
    units = elided_units(sizes) if big else units
    net = netfig.Net(shown, units, heads, legend=(TOO_LARGE,), faint=bool(options.get("faint")))
    drawing = netfig.draw(net)
    assert drawing is not None  # without labels it always fits
    return drawing, False


@lru_cache(maxsize=64)
def elided_units(sizes: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    """Unit names for a drawing of at most 5 units a layer: a larger layer shows its
    first three units, ⋮ and its last (names left out: they would not fit)."""
    return tuple(("",) * n if n <= KEEP else ("", "", "", netfig.ELLIPSIS, "") for n in sizes)


# ---------------------------------------------------------------- other networks


@lru_cache(maxsize=256)  # the same sizes, the same figure
def architecture(sizes: tuple[int, ...]) -> Figure:
    """A network's architecture alone: its units and edges, no values; a layer of more
    than 6 units is drawn as three units, ⋮ and its last unit."""
    shown = tuple(n if n <= KEEP + 1 else KEEP for n in sizes)
    units = tuple(("",) * n if n <= KEEP + 1 else ("", "", "", netfig.ELLIPSIS, "") for n in sizes)
    last = len(sizes) - 1
    heads = tuple((f"layer {k + 1}", str(n)) for k, n in enumerate(sizes))
    legend = ("Above each layer: its number, then how many units it has.",)
    if max(sizes) > KEEP + 1:
        legend += ("A layer of more than 6 units is drawn as three units, ⋮ and its last.",)
    drawing = netfig.draw(netfig.Net(shown, units, heads, legend=legend))
    assert drawing is not None
    shape = "-".join(map(str, sizes))
    layers = "; ".join(
        f"layer {k + 1}"
        + (", the input" if k == 0 else ", the output" if k == last else "")
        + f": {n} unit{'s' * (n != 1)}"
        for k, n in enumerate(sizes)
    )
    elided = " (a layer of more than 6 units is drawn as three units, ⋮ and its last)"
    alt = (
        f"The architecture of the {shape} network, input on the left: {layers}. Every unit "
        "is connected to every unit of the next layer"
        + (elided if max(sizes) > KEEP + 1 else "")
        + "."
    )
    return figure("network", "question", drawing, alt)


def neuron(given: dict[str, Any], activation: str) -> Figure:
    """A single neuron: its inputs with their values, a weight on each edge, the unit h
    with its bias w₀ under it."""
    d = len(given["w"])
    sizes = (d, 1)
    inputs = unit_names(sizes)[0]
    notes = [f"{u}={text(v)}" for u, v in zip(inputs, given["x"])] + ["w₀=" + text(given["w0"])]
    drawing, labelled = draw_net(
        sizes,
        (inputs, ("h",)),
        (("input",), (activation,)),
        netfig.all_edges(sizes),
        [text(w) for w in given["w"]],
        netfig.all_units(sizes),
        notes,
        edge_room=SHORT,
        note_room=SHORT_NOTE,
    )
    alt = (
        f"Diagram of the neuron: {d} input{'s' * (d != 1)} ({', '.join(inputs)}) on the left, "
        f"each with its value, joined to the {activation} unit h on the right"
        + (
            "; each edge is labelled with its weight wⱼ, the unit with its bias w₀."
            if labelled
            else ". " + TOO_LARGE
        )
    )
    return figure("network", "question", drawing, alt)
