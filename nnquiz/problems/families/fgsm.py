"""Family ``fgsm``: one fast-gradient-sign step, x_adv = x + ε·sign(∂L/∂x)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import draws, netbuild, netchains, network
from ..family import Family
from ..netbuild import one_layer

MISTAKES = (
    "fgsm_flipped",
    "fgsm_raw_gradient",
    "double_output_derivative",
    "no_relu_derivative",
    "derivative_at_h",
)
MIN_GRAD = 0.005  # |∂L/∂x_i| below this leaves sign() to rounding luck


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        eps, W, b, x, y = EASY.draw(rng)
        layers = [{"W": W, "b": [b], "activation": "sigmoid"}]
        loss = "bce"
    elif difficulty == "medium":
        eps, W1, b1, act, W2, b2, x, y = MEDIUM.draw(rng)
        layers = [
            {"W": W1, "b": b1, "activation": act},
            {"W": W2, "b": [b2], "activation": "sigmoid"},
        ]
        loss = "bce"
    else:  # four "pixels" in [0, 1], a hidden layer, and a 3-class softmax
        _, eps, W1, b1, act, W2, b2, x, y = HARD.draw(rng)
        layers = [
            {"W": W1, "b": b1, "activation": act},
            {"W": W2, "b": b2, "activation": "softmax"},
        ]
        loss = "cross_entropy"
    given = {"layers": layers, "x": x, "y": y, "loss": loss, "epsilon": eps}
    return given, ["dL/dx", "x_adv"]


# What each difficulty draws, in order (in one call: draws.batch)
EPSILONS = draws.Choice((0.05, 0.1, 0.2, 0.25, 0.5))
EASY = draws.Batch(
    EPSILONS,
    draws.Matrix(1, 2, -2, 2, 1),
    draws.Grid(-2, 2, 1),
    draws.Grid(-2, 2, 1, size=2, nonzero=True),  # x
    draws.Choice((0, 1)),  # y
)
MEDIUM = draws.Batch(
    EPSILONS,
    draws.Matrix(2, 2, -2, 2, 0.5),
    draws.Grid(-1, 1, 0.5, size=2),
    draws.Choice(("relu", "tanh")),  # hidden activation
    draws.Matrix(1, 2, -2, 2, 0.5),
    draws.Grid(-1, 1, 0.5),
    draws.Grid(-2, 2, 0.5, size=2, nonzero=True),  # x
    draws.Choice((0, 1)),  # y
)
HARD = draws.Batch(
    EPSILONS,  # drawn, then replaced by the smaller steps of the hard difficulty
    draws.Choice((0.05, 0.1)),
    draws.Matrix(3, 4, -1, 1, 0.1),
    draws.Grid(-0.5, 0.5, 0.1, size=3),
    draws.Choice(("relu", "tanh", "sigmoid")),  # hidden activation
    draws.Matrix(3, 3, -1.5, 1.5, 0.1),
    draws.Grid(-0.5, 0.5, 0.1, size=3),
    draws.Grid(0.1, 0.9, 0.1, size=4),  # x
    draws.Choice((0, 1, 2)),  # y
)


def clear_signs(s: network.Setup, t) -> str | None:
    if t.dx is not None and (np.abs(t.dx) < MIN_GRAD).any():
        return "an entry of dL/dx is too close to 0 for its sign to be clear"
    return None


def build(given: dict[str, Any], asks) -> netbuild.Built:
    n = len(given["layers"])
    title = (
        f"One FGSM step on {one_layer(given)}"
        if n == 1
        else f"One FGSM step on a {n}-layer network"
    )
    return netbuild.build(
        given, asks, title=title, mistake_ids=MISTAKES, min_mistakes=2, extra_check=clear_signs
    )


FAMILY = Family(
    id="fgsm",
    topic="Adversarial examples",
    title="Fast gradient sign method",
    draw=draw,
    build=build,
    validate=lambda given: network.validate(given, need_loss=True),
    default_asks=lambda given: ["dL/dx", "x_adv"] if "epsilon" in given else ["dL/dx"],
    given_doc="network (layers, x, y, loss, epsilon)",
    asks_doc="dL/dx, x_adv (and entries)",
    chains=netchains.links,
    unread=lambda given, asks: network.unread(given, asks, loss_needed=True),
)
