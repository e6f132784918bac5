"""Family ``backprop``: gradients of the loss by backpropagation."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from .. import draws, netbuild, netchains, network
from ..family import Family
from ..netbuild import LOSS_NAMES, NAMES, one_layer

MISTAKES = ("double_output_derivative", "no_relu_derivative", "derivative_at_h", "no_bias")


# What each difficulty draws, in order (drawn in one call: draws.batch).
EASY = draws.Batch(
    draws.Matrix(1, 2, -2, 2, 1),  # W
    draws.Grid(-2, 2, 1),  # b
    draws.Grid(-2, 2, 1, size=2, nonzero=True),  # x
    draws.Choice((0, 1)),  # y
)
MEDIUM = draws.Batch(
    draws.Matrix(2, 2, -2, 2, 0.5),  # W1
    draws.Grid(-1, 1, 0.5, size=2),  # b1
    draws.Matrix(1, 2, -2, 2, 0.5),  # W2
    draws.Grid(-1, 1, 0.5),  # b2
    draws.Grid(-2, 2, 0.5, size=2, nonzero=True),  # x
    draws.Choice((0, 1)),  # y
    draws.Indices(2, 2),  # the entry of dL/dW1 asked
)
HARD = draws.Batch(
    draws.Choice(("relu", "tanh")),  # hidden activations
    draws.Choice(("sigmoid", "tanh", "relu")),
    draws.Matrix(3, 3, -1, 1, 0.1),
    draws.Grid(-0.5, 0.5, 0.1, size=3),
    draws.Matrix(2, 3, -1.5, 1.5, 0.1),
    draws.Grid(-0.5, 0.5, 0.1, size=2),
    draws.Matrix(3, 2, -2, 2, 0.1),
    draws.Grid(-0.5, 0.5, 0.1, size=3),
    draws.Grid(-1, 1, 0.1, size=3, nonzero=True),  # x
    draws.Choice((0, 1, 2)),  # y
    draws.Indices(3, 2),  # the entry of dL/dW1 asked
)


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        W, b, x, y = EASY.draw(rng)
        layers = [{"W": W, "b": [b], "activation": "sigmoid"}]
        given = {"layers": layers, "x": x, "y": y, "loss": "bce"}
        return given, ["dL/dW1", "dL/db1"]
    if difficulty == "medium":
        W1, b1, W2, b2, x, y, (i, j) = MEDIUM.draw(rng)
        layers = [
            {"W": W1, "b": b1, "activation": "relu"},
            {"W": W2, "b": [b2], "activation": "sigmoid"},
        ]
        given = {"layers": layers, "x": x, "y": y, "loss": "bce"}
        return given, ["dL/dW2", f"dL/dW1[{i},{j}]", "dL/db1"]
    h1, h2, W1, b1, W2, b2, W3, b3, x, y, (i, j) = HARD.draw(rng)
    layers = [
        {"W": W1, "b": b1, "activation": h1},
        {"W": W2, "b": b2, "activation": h2},
        {"W": W3, "b": b3, "activation": "softmax"},
    ]
    given = {"layers": layers, "x": x, "y": y, "loss": "cross_entropy"}
    return given, ["dL/dW3", "dL/db2", f"dL/dW1[{i},{j}]"]


def title(given: dict[str, Any]) -> str:
    layers = given["layers"]
    if len(layers) == 1:
        return f"Backpropagation through {one_layer(given)} with {LOSS_NAMES[given['loss']]}"
    return _deep_title(tuple([lay["activation"] for lay in layers]))


@lru_cache(maxsize=64)  # a title is made for every variant drawn, from a few choices
def _deep_title(activations: tuple[str, ...]) -> str:
    """The title of a network with hidden layers, by its layers' activations."""
    acts = "/".join(dict.fromkeys(NAMES[act] for act in activations[:-1]))
    out = NAMES[activations[-1]]
    hidden = len(activations) - 1
    layer_s = "layer" if hidden == 1 else "layers"
    return f"Backpropagation through {hidden} {acts} hidden {layer_s} and a {out} output"


def build(given: dict[str, Any], asks) -> netbuild.Built:
    return netbuild.build(
        given, asks, title=title(given), mistake_ids=MISTAKES, min_mistakes=2, allow_zero=False
    )


FAMILY = Family(
    id="backprop",
    topic="SGD and backpropagation",
    title="Backpropagation",
    draw=draw,
    build=build,
    validate=lambda given: network.validate(given, need_loss=True),
    default_asks=lambda given: [
        f"dL/d{p}{k + 1}" for k in range(len(given["layers"])) for p in ("W", "b")
    ],
    given_doc="network (layers, x, y, loss)",
    asks_doc="loss, dL/dWK, dL/dbK, dL/dzK, dL/dx (and entries)",
    chains=netchains.links,
    unread=lambda given, asks: network.unread(given, asks, loss_needed=True),
)
