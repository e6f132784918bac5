"""Family ``sgd``: one stochastic-gradient-descent step, W ← W − η·∂L/∂W.

given: a network (``layers``, ``x``, ``y``, ``loss``) and the learning rate ``lr``;
asks: ``WK_new``, ``WK_new[i,j]``, ``bK_new`` (and ``bK_new[i]``), plus any other ask of
a network problem (``dL/dWK``, ``loss``, …).
"""

from __future__ import annotations

from functools import cache, partial
from typing import Any

import numpy as np

from .. import draws, netbuild, netchains, network
from ..family import Built, Family, GivenError, collect_mistakes, same
from ..model import Mistake, with_step_tol
from ..netbuild import one_layer

MISTAKES = (
    "step_ascent",
    "step_no_lr",
    "double_output_derivative",
    "no_relu_derivative",
    "derivative_at_h",
)
LRS = (0.1, 0.2, 0.25, 0.5)
NO_STEP = "no_step"
NEW_WEIGHT = ("W_new", "b_new")  # the asks of a weight after the step


# What each difficulty draws after the learning rate, in order (in one call: draws.batch)
EASY = draws.Batch(
    draws.Choice(LRS),
    draws.Matrix(1, 2, -2, 2, 1),
    draws.Grid(-2, 2, 1),
    draws.Grid(-2, 2, 1, size=2, nonzero=True),  # x
    draws.Choice((0, 1)),  # y
)
MEDIUM = draws.Batch(
    draws.Choice(LRS),
    draws.Matrix(2, 2, -2, 2, 0.5),
    draws.Grid(-1, 1, 0.5, size=2),
    draws.Choice(("relu", "tanh", "sigmoid")),  # hidden activation
    draws.Matrix(1, 2, -2, 2, 0.5),
    draws.Grid(-1, 1, 0.5),
    draws.Grid(-2, 2, 0.5, size=2, nonzero=True),  # x
    draws.Choice((0, 1)),  # y
    draws.Indices(2, 2),  # the entry of W1_new asked
)
HARD = draws.Batch(
    draws.Choice(LRS),
    draws.Matrix(3, 3, -1, 1, 0.1),
    draws.Grid(-0.5, 0.5, 0.1, size=3),
    draws.Choice(("relu", "tanh")),  # hidden activation
    draws.Matrix(3, 3, -1.5, 1.5, 0.1),
    draws.Grid(-0.5, 0.5, 0.1, size=3),
    draws.Grid(-1, 1, 0.1, size=3, nonzero=True),  # x
    draws.Choice((0, 1, 2)),  # y
    draws.Indices(3, 2),  # the entry of W1_new asked
)


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        lr, W, b, x, y = EASY.draw(rng)
        layers = [{"W": W, "b": [b], "activation": "sigmoid"}]
        given = {"layers": layers, "x": x, "y": y, "loss": "bce"}
        return {**given, "lr": lr}, ["W1_new", "b1_new"]
    if difficulty == "medium":
        lr, W1, b1, act, W2, b2, x, y, (i, j) = MEDIUM.draw(rng)
        layers = [
            {"W": W1, "b": b1, "activation": act},
            {"W": W2, "b": [b2], "activation": "sigmoid"},
        ]
        given = {"layers": layers, "x": x, "y": y, "loss": "bce"}
        return {**given, "lr": lr}, ["W2_new", f"W1_new[{i},{j}]"]
    lr, W1, b1, act, W2, b2, x, y, (i, j) = HARD.draw(rng)
    layers = [
        {"W": W1, "b": b1, "activation": act},
        {"W": W2, "b": b2, "activation": "softmax"},
    ]
    given = {"layers": layers, "x": x, "y": y, "loss": "cross_entropy"}
    return {**given, "lr": lr}, ["W2_new", "b2_new", f"W1_new[{i},{j}]"]


def validate(given: dict[str, Any]) -> dict[str, Any]:
    clean = network.validate(given, need_loss=True)
    if "lr" not in clean:
        raise GivenError("given.lr", "missing: a gradient step needs a learning rate")
    return clean


def before_step(built: Built, s: network.Setup) -> list:
    """Each part's weight before the step (None for a part that asks no new weight)."""
    old = []
    for part in built.parts:
        ask = network.asks_mod.parse(part.asks)
        value = None
        if ask.kind in NEW_WEIGHT:
            layer = s.net.layers[ask.layer - 1]
            value = network.pick(layer.W if ask.kind == "W_new" else layer.b, ask.index)
        old.append(value)
    return old


def no_step(built: Built, s: network.Setup) -> tuple[Mistake, ...]:
    """The mistake of reporting the weight before the step, for each part asking a new one."""
    message = "You gave the weight before the step: the new weight is W − η·∂L/∂W."
    return collect_mistakes(
        [(NO_STEP, message, before_step(built, s))],
        [p.label for p in built.parts],
        [p.answer for p in built.parts],
    )


def unmoved(built: Built, s: network.Setup) -> str | None:
    """A part whose weight the step leaves as it was (its gradient is 0: a dead ReLU unit,
    an input of 0): giving the old weight would be right, so the part teaches no step."""
    for part, old in zip(built.parts, before_step(built, s)):
        if old is not None and same(old, part.answer):
            return f"{part.asks}: the step leaves it unchanged"
    return None


def build(given: dict[str, Any], asks) -> Built:
    n = len(given["layers"])
    base = netbuild.build(
        given,
        asks,
        title=f"One SGD step on a {n}-layer network"
        if n > 1
        else f"One SGD step on {one_layer(given)}",
        mistake_ids=MISTAKES,
        min_mistakes=2,
        allow_zero=False,
        unmoved=True,  # what ``unmoved`` redraws, found early where it is sure
    )
    s = cache(partial(network.setup, given))  # only for a variant its network keeps
    return Built(
        base.title,
        lambda: [
            with_step_tol(p) if network.asks_mod.parse(p.asks).kind in NEW_WEIGHT else p
            for p in base.parts
        ],
        lambda: base.rendered,
        lambda: base.mistakes + no_step(base, s()),
        lambda: base.rounded,
        degenerate=lambda: base.degenerate or unmoved(base, s()),
        allow_zero=base.allow_zero,
        min_mistakes=base.min_mistakes,
        figures=lambda: base.figures,
    )


FAMILY = Family(
    id="sgd",
    topic="SGD and backpropagation",
    title="One SGD step",
    version=2,  # 2: a part whose weight the step leaves unchanged is redrawn
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: [
        f"{p}{k + 1}_new" for k in range(len(given["layers"])) for p in ("W", "b")
    ],
    given_doc="network (layers, x, y, loss, lr)",
    asks_doc="WK_new, WK_new[i,j], bK_new, bK_new[i] (and every network ask)",
    chains=netchains.links,
    unread=lambda given, asks: network.unread(given, asks, loss_needed=True),
)
