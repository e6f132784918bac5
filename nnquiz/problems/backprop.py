"""Family ``backprop``: gradients of the loss by backpropagation."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import draws, netbuild, network
from .family import Family

MISTAKES = ("double_output_derivative", "no_relu_derivative", "derivative_at_h", "no_bias")


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        layers = [
            {
                "W": draws.matrix(rng, 1, 2, -2, 2, 1),
                "b": [draws.grid(rng, -2, 2, 1)],
                "activation": "sigmoid",
            }
        ]
        x = draws.grid(rng, -2, 2, 1, size=2, nonzero=True)
        given = {"layers": layers, "x": x, "y": draws.choice(rng, (0, 1)), "loss": "bce"}
        return given, ["dL/dW1", "dL/db1"]
    if difficulty == "medium":
        layers = [
            {
                "W": draws.matrix(rng, 2, 2, -2, 2, 0.5),
                "b": draws.grid(rng, -1, 1, 0.5, size=2),
                "activation": "relu",
            },
            {
                "W": draws.matrix(rng, 1, 2, -2, 2, 0.5),
                "b": [draws.grid(rng, -1, 1, 0.5)],
                "activation": "sigmoid",
            },
        ]
        x = draws.grid(rng, -2, 2, 0.5, size=2, nonzero=True)
        given = {"layers": layers, "x": x, "y": draws.choice(rng, (0, 1)), "loss": "bce"}
        i, j = draws.indices(rng, 2, 2)
        return given, ["dL/dW2", f"dL/dW1[{i},{j}]", "dL/db1"]
    h1 = draws.choice(rng, ("relu", "tanh"))
    h2 = draws.choice(rng, ("sigmoid", "tanh", "relu"))
    layers = [
        {
            "W": draws.matrix(rng, 3, 3, -1, 1, 0.1),
            "b": draws.grid(rng, -0.5, 0.5, 0.1, size=3),
            "activation": h1,
        },
        {
            "W": draws.matrix(rng, 2, 3, -1.5, 1.5, 0.1),
            "b": draws.grid(rng, -0.5, 0.5, 0.1, size=2),
            "activation": h2,
        },
        {
            "W": draws.matrix(rng, 3, 2, -2, 2, 0.1),
            "b": draws.grid(rng, -0.5, 0.5, 0.1, size=3),
            "activation": "softmax",
        },
    ]
    x = draws.grid(rng, -1, 1, 0.1, size=3, nonzero=True)
    given = {"layers": layers, "x": x, "y": int(rng.integers(0, 3)), "loss": "cross_entropy"}
    i, j = draws.indices(rng, 3, 2)
    return given, ["dL/dW3", "dL/db2", f"dL/dW1[{i},{j}]"]


# activation names as a title writes them
NAMES = {
    "identity": "linear",
    "relu": "ReLU",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "step": "step",
    "softmax": "softmax",
}


def title(given: dict[str, Any]) -> str:
    layers = given["layers"]
    if len(layers) == 1:
        return "Backpropagation through a single sigmoid neuron with BCE"
    acts = "/".join(dict.fromkeys(NAMES[lay["activation"]] for lay in layers[:-1]))
    out = NAMES[layers[-1]["activation"]]
    hidden = len(layers) - 1
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
    order=5.0,
    draw=draw,
    build=build,
    validate=lambda given: network.validate(given, need_loss=True),
    default_asks=lambda given: [
        f"dL/d{p}{k + 1}" for k in range(len(given["layers"])) for p in ("W", "b")
    ],
    given_doc="network (layers, x, y, loss)",
    asks_doc="loss, dL/dWK, dL/dbK, dL/dzK, dL/dx (and entries)",
)
