"""Family ``forward``: a forward pass, from a single neuron to three layers."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import draws, netbuild, network
from .backprop import NAMES
from .family import Family

MISTAKES = (
    "no_bias",
    "no_hidden_activation",
    "no_output_activation",
    "sigmoid_sign",
    "swapped_weights",
)


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        n = draws.choice(rng, (2, 3))
        act = draws.choice(rng, ("relu", "sigmoid", "tanh", "step"))
        layers = [
            {
                "W": draws.matrix(rng, 1, n, -3, 3, 1),
                "b": [draws.grid(rng, -2, 2, 1)],
                "activation": act,
            }
        ]
        x = draws.grid(rng, -2, 2, 1, size=n, nonzero=True)
        return {"layers": layers, "x": x}, ["z2", "output"]
    if difficulty == "medium":
        hidden = draws.choice(rng, ("relu", "sigmoid", "tanh"))
        out = draws.choice(rng, ("sigmoid", "identity"))
        layers = [
            {
                "W": draws.matrix(rng, 2, 2, -2, 2, 0.5),
                "b": draws.grid(rng, -1, 1, 0.5, size=2),
                "activation": hidden,
            },
            {
                "W": draws.matrix(rng, 1, 2, -2, 2, 0.5),
                "b": [draws.grid(rng, -1, 1, 0.5)],
                "activation": out,
            },
        ]
        x = draws.grid(rng, -2, 2, 0.5, size=2, nonzero=True)
        return {"layers": layers, "x": x}, ["z2", "h2", "output"]
    h1 = draws.choice(rng, ("relu", "tanh"))
    h2 = draws.choice(rng, ("relu", "sigmoid", "tanh"))
    out, n_out = draws.choice(rng, (("softmax", 3), ("softmax", 2), ("sigmoid", 1)))
    layers = [
        {
            "W": draws.matrix(rng, 3, 3, -1.5, 1.5, 0.1),
            "b": draws.grid(rng, -1, 1, 0.1, size=3),
            "activation": h1,
        },
        {
            "W": draws.matrix(rng, 2, 3, -1.5, 1.5, 0.1),
            "b": draws.grid(rng, -1, 1, 0.1, size=2),
            "activation": h2,
        },
        {
            "W": draws.matrix(rng, n_out, 2, -1.5, 1.5, 0.1),
            "b": draws.grid(rng, -1, 1, 0.1, size=n_out),
            "activation": out,
        },
    ]
    x = draws.grid(rng, -2, 2, 0.1, size=3, nonzero=True)
    return {"layers": layers, "x": x}, ["h3", "output"]


def title(given: dict[str, Any]) -> str:
    layers = given["layers"]
    if len(layers) == 1 and len(layers[0]["W"]) == 1:
        return f"Forward pass through a single {NAMES[layers[0]['activation']]} neuron"
    hidden = len(layers) - 1
    return f"Forward pass through a network with {hidden} hidden layer{'s' * (hidden > 1)}"


def build(given: dict[str, Any], asks) -> netbuild.Built:
    return netbuild.build(
        given, asks, title=title(given), mistake_ids=MISTAKES, min_mistakes=2, allow_zero=True
    )


FAMILY = Family(
    id="forward",
    topic="Fully connected layers",
    title="Forward pass",
    order=3.0,
    draw=draw,
    build=build,
    validate=network.validate,
    default_asks=lambda given: ["output"],
    given_doc="network (layers, x)",
    asks_doc="output, zK, hK (and entries [i])",
)
