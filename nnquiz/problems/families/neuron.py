"""Family ``neuron``: one neuron, z = Σⱼ wⱼxⱼ + w₀ and h = g(z), in the notes' notation.

given: ``{"w": [w_1, …, w_d], "w0": bias, "x": [x_1, …, x_d], "activation": g}`` with g
one of ``step`` (1 if z > 0, else 0), ``sigmoid``, ``tanh``, ``relu``; asks: ``z``, ``h``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ...nn.activations import get as activation
from ...nn.activations import sigmoid
from .. import draws, pictures, plain
from ..chains import Chain, fixed
from ..family import Built, Family, GivenError
from ..given import activation as activation_name
from ..model import prose, step
from ..netbuild import KINK, SATURATION
from ..netsteps.forward import activation_line
from ..netsteps.statement import G_WORDS
from ..notation import EQ, M, cat, dot_terms, inline, join, num, round_array, sub, value

ACTIVATIONS = ("step", "sigmoid", "tanh", "relu")
KEYS = ("w", "w0", "x", "activation")
DEFINITION = {
    "step": M(
        "step(z) = 1 if z > 0, else 0",
        r"\operatorname{step}(z) = 1 \text{ if } z > 0"
        r"\text{, else } 0",
    ),
    "sigmoid": M("σ(z) = 1/(1 + e^(−z))", r"\sigma(z) = \frac{1}{1 + e^{-z}}"),
    "tanh": M(
        "tanh(z) = (e^z − e^(−z))/(e^z + e^(−z))",
        r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
    ),
    "relu": M("ReLU(z) = max(0, z)", r"\operatorname{ReLU}(z) = \max(0, z)"),
}
QUANTITIES = {
    "z": plain.Quantity(M("z", "z"), "the pre-activation"),
    "h": plain.Quantity(M("h", "h"), "the neuron's output"),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    w = plain.vector(given, "w")
    x = plain.vector(given, "x", len(w))
    return {
        "w": w,
        "w0": plain.number(given, "w0") if "w0" in given else 0,
        "x": x,
        "activation": activation_name(
            plain.required(given, "activation"), "given.activation", ACTIVATIONS
        ),
    }


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    act = draws.choice(rng, ACTIVATIONS)
    if difficulty == "easy":
        w, x = draws.grid(rng, -3, 3, 1, size=2, nonzero=True), draws.grid(rng, -2, 2, 1, size=2)
        w0, asks = draws.grid(rng, -2, 2, 1, nonzero=True), ["z", "h"]
    elif difficulty == "medium":
        w = draws.grid(rng, -2, 2, 0.5, size=3, nonzero=True)
        x = draws.grid(rng, -2, 2, 0.5, size=3, nonzero=True)
        w0, asks = draws.grid(rng, -1, 1, 0.5, nonzero=True), ["h"]
    else:
        act = draws.choice(rng, ("sigmoid", "tanh", "sigmoid", "tanh", "relu", "step"))
        w = draws.grid(rng, -1.5, 1.5, 0.1, size=4, nonzero=True)
        x = draws.grid(rng, -2, 2, 0.1, size=4, nonzero=True)
        w0, asks = draws.grid(rng, -1, 1, 0.1, nonzero=True), ["z", "h"]
    return {"w": w, "w0": w0, "x": x, "activation": act}, asks


def g(act: str, z: float) -> float:
    return float(activation(act)(np.array([z]))[0])


def degenerate(act: str, z: float) -> str | None:
    if act in ("relu", "step") and abs(z) < KINK:
        return f"z is at the {act} kink"
    if act in SATURATION and abs(z) > SATURATION[act]:
        return f"a saturated {act}"
    # h = tanh(0) = 0 = z: forgetting the activation is right; σ(−0) = σ(0): so is e^(+z)
    if act in ("tanh", "sigmoid") and z == 0:
        return f"{act} at z = 0, where a mistake gives the right h"
    return None


MESSAGES = {
    "no_bias": "You forgot the bias: z = Σ wⱼxⱼ + w₀ includes w₀.",
    "no_activation": "You stopped at z: the neuron's output is h = g(z), after the activation.",
    "swapped_weights": "Each weight wⱼ multiplies its own input xⱼ: you paired the weights "
    "with the inputs in reverse order.",
    "sigmoid_sign": "σ(z) = 1/(1 + e^(−z)): you used e^(+z), which gives σ(−z) = 1 − σ(z).",
    "tanh_as_sigmoid": "tanh(z) = (e^z − e^(−z))/(e^z + e^(−z)) lies in (−1, 1); you "
    "computed the sigmoid σ(z) instead.",
    "step_sign": "The hard threshold gives 1 if z > 0 and 0 otherwise; you used the sign "
    "function (−1 for z ≤ 0), as for ±1 perceptron labels.",
}


def mistakes(given: dict[str, Any], z: float) -> list[plain.MistakeSpec]:
    act, w0 = given["activation"], float(given["w0"])
    w, x = np.asarray(given["w"], dtype=float), np.asarray(given["x"], dtype=float)
    swapped = float(w[::-1] @ x) + w0
    wrong = {
        "no_bias": {"z": z - w0, "h": g(act, z - w0)},
        "no_activation": {"h": z},
        "swapped_weights": {"z": swapped, "h": g(act, swapped)},
        "sigmoid_sign": {"h": float(sigmoid(-z))} if act == "sigmoid" else None,
        "tanh_as_sigmoid": {"h": float(sigmoid(z))} if act == "tanh" else None,
        "step_sign": {"h": 1.0 if z > 0 else -1.0} if act == "step" else None,
    }
    return plain.specs(MESSAGES, wrong)


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    act = given["activation"]
    w, x, w0 = given["w"], given["x"], given["w0"]
    if len(w) != len(x):
        raise GivenError("given.x", f"has {len(x)} entries but given.w has {len(w)}")
    parsed = plain.parse_asks(asks, QUANTITIES, {})
    # rounded to 12 decimals: 0.1·3 − 0.3 is 0, not 5.6e-17 (which a step would call > 0)
    z = round(float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float))) + w0, 12)
    h = g(act, z)
    return plain.finish(
        title=f"A single {G_WORDS[act]} neuron",
        quantities=QUANTITIES,
        parsed=parsed,
        exact={"z": z, "h": h},
        rounded=lambda: {"z": z, "h": round_array(h)},
        mistakes=lambda: mistakes(given, z),
        question=lambda: question(given),
        steps=lambda: solution(given, z, h, any(n == "h" for n, _ in parsed)),
        figures=lambda: [pictures.neuron(given, G_WORDS[act])],
        degenerate=degenerate(act, z),
        allow_zero=True,
    )


def question(given: dict[str, Any]):
    act, d = given["activation"], len(given["w"])
    return [
        prose(
            f"A single neuron with {d} inputs computes ",
            M("z = Σⱼ wⱼxⱼ + w₀", r"z = \sum_j w_j x_j + w_0"),
            " and ",
            M("h = g(z)", "h = g(z)"),
            ", with ",
            M("g", "g"),
            f" the {G_WORDS[act]} activation ",
            DEFINITION[act],
            ".",
        ),
        prose(
            "Weights ",
            cat(M("w", "w"), EQ, inline(given["w"])),
            ", bias ",
            cat(sub("w", 0), EQ, num(given["w0"])),
            ", input ",
            cat(M("x", "x"), EQ, inline(given["x"])),
            ".",
        ),
    ]


def solution(given: dict[str, Any], z: float, h: float, with_h: bool):
    w, x = given["w"], given["x"]
    terms = [cat(sub("w", j + 1), sub("x", j + 1)) for j in range(len(w))] + [sub("w", 0)]
    out = [
        step(
            "The weighted sum of the inputs plus the bias:",
            cat(M("z", "z"), EQ, join(terms, M(" + ", " + "))),
            cat(M("z", "z"), EQ, dot_terms(w, x, given["w0"]), value(z)),
        )
    ]
    if with_h:
        act = given["activation"]
        out.append(
            step(
                ("Then the activation: ", DEFINITION[act], "."),
                activation_line(act, M("h", "h"), z, h),
            )
        )
    return out


def _h_from_z(given: dict[str, Any], values: tuple, index: tuple) -> float:
    """h = g(z) from the student's z."""
    return g(given["activation"], float(values[0]))


FAMILY = Family(
    id="neuron",
    topic="Single-layer neural network",
    title="A single neuron",
    version=2,  # 2: tanh and sigmoid at z = 0 are redrawn (a mistake gives the right h there)
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["z", "h"],
    given_doc='{"w": [w_1, ...], "w0": bias, "x": [x_1, ...], "activation": '
    '"step"|"sigmoid"|"tanh"|"relu"}',
    asks_doc="z, h",
    chains=fixed(Chain("h", ("z",), _h_from_z)),
)
