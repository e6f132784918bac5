"""Family ``forward``: a forward pass, from a single neuron to three layers."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import draws, netbuild, netchains, network
from ..family import Family
from ..netbuild import one_layer

MISTAKES = (
    "no_bias",
    "no_hidden_activation",
    "no_output_activation",
    "sigmoid_sign",
    "transposed_weights",
)


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        n, act = draws.batch(rng, draws.Choice((2, 3)), draws.Choice(EASY_ACTIVATIONS))
        W, b, x = draws.batch(
            rng,
            draws.Matrix(1, n, -3, 3, 1),
            draws.Grid(-2, 2, 1),
            draws.Grid(-2, 2, 1, size=n, nonzero=True),
        )
        return {"layers": [{"W": W, "b": [b], "activation": act}], "x": x}, ["z2", "output"]
    if difficulty == "medium":
        hidden, out, W1, b1, W2, b2, x = MEDIUM.draw(rng)
        layers = [
            {"W": W1, "b": b1, "activation": hidden},
            {"W": W2, "b": [b2], "activation": out},
        ]
        return {"layers": layers, "x": x}, ["z2", "h2", "output"]
    h1, h2, (out, n_out), W1, b1, W2, b2 = HARD.draw(rng)
    W3, b3, x = draws.batch(
        rng,
        draws.Matrix(n_out, 2, -1.5, 1.5, 0.1),
        draws.Grid(-1, 1, 0.1, size=n_out),
        draws.Grid(-2, 2, 0.1, size=3, nonzero=True),
    )
    layers = [
        {"W": W1, "b": b1, "activation": h1},
        {"W": W2, "b": b2, "activation": h2},
        {"W": W3, "b": b3, "activation": out},
    ]
    return {"layers": layers, "x": x}, ["h3", "output"]


# What the draws take, in order (each batch in one call: draws.batch)
EASY_ACTIVATIONS = ("relu", "sigmoid", "tanh", "step")
MEDIUM = draws.Batch(
    draws.Choice(("relu", "sigmoid", "tanh")),  # hidden activation
    draws.Choice(("sigmoid", "identity")),  # output activation
    draws.Matrix(2, 2, -2, 2, 0.5),
    draws.Grid(-1, 1, 0.5, size=2),
    draws.Matrix(1, 2, -2, 2, 0.5),
    draws.Grid(-1, 1, 0.5),
    draws.Grid(-2, 2, 0.5, size=2, nonzero=True),  # x
)
HARD = draws.Batch(
    draws.Choice(("relu", "tanh")),
    draws.Choice(("relu", "sigmoid", "tanh")),
    draws.Choice((("softmax", 3), ("softmax", 2), ("sigmoid", 1))),  # output and its size
    draws.Matrix(3, 3, -1.5, 1.5, 0.1),
    draws.Grid(-1, 1, 0.1, size=3),
    draws.Matrix(2, 3, -1.5, 1.5, 0.1),
    draws.Grid(-1, 1, 0.1, size=2),
)


def title(given: dict[str, Any]) -> str:
    layers = given["layers"]
    if len(layers) == 1:
        return f"Forward pass through {one_layer(given)}"
    hidden = len(layers) - 1
    return f"Forward pass through a network with {hidden} hidden layer{'s' * (hidden > 1)}"


def dead_layer(s: network.Setup, t) -> str | None:
    """A hidden layer whose units are all 0 (every ReLU off): the layers above then see
    only their biases, and most of the forward pass has nothing to carry."""
    for k, h in enumerate(t.hs[1:-1]):
        if not h.any():
            return f"layer {k + 2}: every unit is 0"
    return None


def build(given: dict[str, Any], asks) -> netbuild.Built:
    return netbuild.build(
        given,
        asks,
        title=title(given),
        mistake_ids=MISTAKES,
        min_mistakes=2,
        allow_zero=True,
        extra_check=dead_layer,
    )


FAMILY = Family(
    id="forward",
    topic="Fully connected layers",
    title="Forward pass",
    # 2: a hidden layer whose units are all 0 is redrawn; 3: the weights-convention slip
    # is W transposed (it was W's columns reversed), which changes which variants teach
    version=3,
    draw=draw,
    build=build,
    validate=network.validate,
    default_asks=lambda given: ["output"],
    given_doc="network (layers, x)",
    asks_doc="output, zK, hK (and entries [i])",
    chains=netchains.links,
    unread=network.unread,
)
