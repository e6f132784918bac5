"""Family ``vanishing``: how a gradient shrinks through a stack of sigmoid layers.

A chain of n layers with one sigmoid unit each: z⁽ᵏ⁺¹⁾ = w⁽ᵏ⁾h⁽ᵏ⁾ + b⁽ᵏ⁾ and
h⁽ᵏ⁺¹⁾ = σ(z⁽ᵏ⁺¹⁾), with h⁽¹⁾ = x. Backpropagation multiplies the gradient by
w⁽ᵏ⁾·σ′(z⁽ᵏ⁺¹⁾) at every layer, so ∂L/∂x = ∂L/∂h⁽ⁿ⁺¹⁾ · Πₖ w⁽ᵏ⁾σ′(z⁽ᵏ⁺¹⁾). Since
σ′(z) = σ(z)(1 − σ(z)) ≤ 1/4 (equality at z = 0), the activations alone shrink it by at
least 4ⁿ. A ReLU passes a factor of exactly 1 where the unit is on (z > 0), 0 where off.

given: ``{"depth": n}`` alone (for ``bound``, ``relu_bound``), or a chain
``{"w": [w⁽¹⁾, …], "z": [z⁽²⁾, …], "upstream": ∂L/∂h⁽ⁿ⁺¹⁾}`` (depth is their length);
asks: ``bound`` (0.25ⁿ), ``relu_bound`` (1), ``product`` (Πₖ σ′(z⁽ᵏ⁺¹⁾)),
``dL/dx`` (sigmoid chain), ``dL/dx_relu`` (the same chain with ReLU units).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...nn.activations import sigmoid
from .. import draws, plain, scenes
from ..chains import Chain, fixed
from ..family import Built, Family, GivenError
from ..model import Tol, prose, step
from ..netsteps.slopes import slope
from ..notation import (
    EQ,
    TIMES,
    M,
    cat,
    enough,
    join,
    num,
    pnum,
    round_array,
    superscript,
    sym,
    value,
)

KEYS = ("depth", "w", "z", "upstream")
TOL = Tol(rel=0.01, abs=1e-9)  # the answers can be tiny: that is the point
SMALL = 1e-6
CHAIN_ASKS = ("product", "dL/dx", "dL/dx_relu")
DX = M("∂L/∂x", r"\frac{\partial L}{\partial x}")
N_ = M("n", "n")  # the number of layers (L is the loss, as in ∂L/∂x)
Z, W = M("z", "z"), M("w", "w")
Z_POS = M("z > 0", "z > 0")
SIGMA_PRIME = M("σ′(z)", r"\sigma'(z)")
RELU_PRIME = M("ReLU′", r"\operatorname{ReLU}'")
QUANTITIES = {
    "bound": plain.Quantity(
        M("bound", r"\text{bound}"),
        tol=TOL,
        prompt=(
            "At most, by what factor can the ",
            N_,
            " sigmoid derivatives ",
            SIGMA_PRIME,
            " together multiply a gradient?",
        ),
    ),
    "relu_bound": plain.Quantity(
        M("ReLU factor", r"\text{ReLU factor}"),
        tol=TOL,
        prompt=("By what factor do ", N_, " ReLU units that are all on (", Z_POS, ") multiply it?"),
    ),
    "product": plain.Quantity(
        # k runs over the layers, as in w⁽ᵏ⁾σ′(z⁽ᵏ⁺¹⁾): z⁽ᵏ⁺¹⁾ is layer k's pre-activation
        M("Πₖ σ′(z⁽ᵏ⁺¹⁾)", r"\prod_k \sigma'(z^{(k+1)})"),
        "the product of the sigmoid derivatives",
        tol=TOL,
    ),
    "dL/dx": plain.Quantity(DX, "the gradient at the input", tol=TOL),
    "dL/dx_relu": plain.Quantity(
        cat(DX, M(" (ReLU)", r"\ \text{(ReLU)}")),
        tol=TOL,
        # a what-if: ReLU outputs would change every later z, so the given z are kept
        prompt=(
            "Find ",
            DX,
            " again as if each unit were a ReLU at the same pre-activation ",
            Z,
            ", with the same weights ",
            W,
            " (a what-if: real ReLU units would change the later ",
            Z,
            ").",
        ),
    ),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    if "w" not in given and "z" not in given:
        return {"depth": plain.integer(given, "depth", 1, 50)}
    w = plain.vector(given, "w")
    clean = {"w": w, "z": plain.vector(given, "z", len(w))}
    if "depth" in given and plain.integer(given, "depth", 1, 64) != len(w):
        raise GivenError("given.depth", f"is not the length of given.w ({len(w)})")
    clean["upstream"] = plain.number(given, "upstream") if "upstream" in given else 1
    return clean


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        return {"depth": int(rng.integers(2, 7))}, ["bound", "relu_bound"]
    if difficulty == "medium":
        w = draws.grid(rng, -2, 2, 0.5, size=3, nonzero=True)
        z = draws.grid(rng, -2, 2, 0.5, size=3)
        return {"w": w, "z": z, "upstream": 1}, ["product", "dL/dx"]
    depth = int(rng.integers(4, 6))
    w = draws.grid(rng, -2, 2, 0.1, size=depth, nonzero=True)
    z = draws.grid(rng, -2, 2, 0.1, size=depth, nonzero=True)
    if rng.random() < 0.5:
        z = [abs(v) for v in z]  # every ReLU on, so the comparison is not just 0
    u = draws.grid(rng, -1.5, 1.5, 0.1, nonzero=True)
    return {"w": w, "z": z, "upstream": u}, ["dL/dx", "dL/dx_relu"]


def depth_of(given: dict[str, Any]) -> int:
    return int(given["depth"]) if "w" not in given else len(given["w"])


def values(given: dict[str, Any], q=lambda a: a) -> dict[str, Any]:
    """Every quantity, with what the solution shows passed through ``q``."""
    L = depth_of(given)
    out: dict[str, Any] = {"bound": 0.25**L, "relu_bound": 1.0}
    if "w" in given:
        w, z = np.asarray(given["w"], dtype=float), np.asarray(given["z"], dtype=float)
        u = float(given["upstream"])
        h = q(sigmoid(z))
        d = q(h * (1 - h))
        on = (z > 0).astype(float)
        out |= {
            "product": q(np.prod(d)),
            "dL/dx": q(u * np.prod(w * d)),
            "dL/dx_relu": u * np.prod(w * on),
            "h": h,
            "d": d,
        }
    return out


MESSAGES = {
    "half_per_layer": "σ(0) = 0.5 is the value of the sigmoid; its slope there, σ′(0) = 0.25, "
    "is the largest σ′ gets.",
    "times_depth": "Each layer multiplies the gradient again: 0.25 to the power L, not 0.25·L.",
    "relu_as_sigmoid": "ReLU′(z) = 1 for z > 0: an active ReLU passes the gradient on "
    "unchanged instead of shrinking it.",
    "relu_zero": "ReLU′(z) is 1, not 0, where the unit is on (z > 0).",
    "value_not_derivative": "Backprop multiplies by the derivative σ′(z) = σ(z)(1 − σ(z)), "
    "not by σ(z) itself.",
    "no_weights": "Each layer multiplies by its weight too: ∂z⁽ᵏ⁺¹⁾/∂h⁽ᵏ⁾ = w⁽ᵏ⁾.",
    "sum_not_product": "The chain rule multiplies the layers' factors; you added them.",
    "relu_slope_everywhere": "A ReLU with z ≤ 0 is off and passes no gradient: one dead unit "
    "makes the whole product 0.",
}


def mistakes(given: dict[str, Any], v: dict[str, Any]) -> list[plain.MistakeSpec]:
    L = depth_of(given)
    wrong: dict[str, dict | None] = {
        "half_per_layer": {"bound": 0.5**L},
        "times_depth": {"bound": 0.25 * L},
        "relu_as_sigmoid": {"relu_bound": 0.25**L},
        "relu_zero": {"relu_bound": 0.0},
    }
    if "w" in given:
        w, z = np.asarray(given["w"], dtype=float), np.asarray(given["z"], dtype=float)
        u, d, s = float(given["upstream"]), v["d"], sigmoid(z)
        wrong |= {
            "value_not_derivative": {"product": np.prod(s), "dL/dx": u * np.prod(w * s)},
            "no_weights": {"dL/dx": u * np.prod(d), "dL/dx_relu": u * np.prod(z > 0)},
            "sum_not_product": {"product": np.sum(d), "dL/dx": u * np.sum(w * d)},
            "relu_slope_everywhere": {"dL/dx_relu": u * np.prod(w)},
        }
    return plain.specs(MESSAGES, wrong)


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    parsed = plain.parse_asks(asks, QUANTITIES, {})
    for k, (name, _) in enumerate(parsed):
        if name in CHAIN_ASKS and "w" not in given:
            raise GivenError(f"asks[{k}]", f"{name!r} needs a chain: given.w and given.z")
    exact = values(given)
    return plain.finish(
        title=f"Vanishing gradients through {depth_of(given)} sigmoid layers",
        quantities=QUANTITIES,
        parsed=parsed,
        exact=exact,
        rounded=lambda: values(given, round_array),
        mistakes=lambda: mistakes(given, exact),
        question=lambda: question(given),
        steps=lambda: solution(given, exact, {n for n, _ in parsed}),
        figures=lambda: scenes.vanishing(given, exact, depth_of(given)),
        allow_zero=True,
        min_magnitude=SMALL,
    )


def question(given: dict[str, Any]):
    L = depth_of(given)
    if "w" not in given:
        return [
            plain.say(
                "A gradient flows back through {n} layers of sigmoid units, whose weights are "
                "all 1. Each layer multiplies it by the derivative of its activation.",
                n=M(f"n = {L}", f"n = {L}"),
            )
        ]
    ws = M(f"w⁽¹⁾…w{superscript(f'({L})')}", f"w^{{(1)}},\\dots,w^{{({L})}}")
    zs = M(f"z⁽²⁾…z{superscript(f'({L + 1})')}", f"z^{{(2)}},\\dots,z^{{({L + 1})}}")
    top = M(
        f"∂L/∂h{superscript(f'({L + 1})')}", rf"\frac{{\partial L}}{{\partial h^{{({L + 1})}}}}"
    )
    return [
        plain.say(
            "A chain of {n} layers with one sigmoid unit each: {f}, with {h1}. The forward pass "
            "gave the pre-activations below.",
            n=M(f"n = {L}", f"n = {L}"),
            h1=cat(sym("h", 1), M(" = x", " = x")),
            f=M(
                "z⁽ᵏ⁺¹⁾ = w⁽ᵏ⁾h⁽ᵏ⁾ + b⁽ᵏ⁾, h⁽ᵏ⁺¹⁾ = σ(z⁽ᵏ⁺¹⁾)",
                r"z^{(k+1)} = w^{(k)} h^{(k)} + b^{(k)},\ h^{(k+1)} = \sigma(z^{(k+1)})",
            ),
        ),
        plain.say(
            "Weights {w}, pre-activations {z}, and the gradient from the loss {u}.",
            w=plain.assign(ws, given["w"]),
            z=plain.assign(zs, given["z"]),
            u=plain.assign(top, given["upstream"]),
        ),
    ]


def solution(given: dict[str, Any], v: dict[str, Any], asked: set[str]) -> list:
    L = depth_of(given)
    out = []
    if asked & {"bound", "relu_bound"}:
        out.append(
            step(
                (
                    M("σ′(z) = σ(z)(1 − σ(z))", r"\sigma'(z) = \sigma(z)(1 - \sigma(z))"),
                    " is largest at ",
                    M("z = 0", "z = 0"),
                    ", where it is ",
                    M("0.5·0.5 = 0.25", r"0.5 \cdot 0.5 = 0.25"),
                    ", so ",
                    M(f"n = {L}", f"n = {L}"),
                    " sigmoid layers multiply a gradient by at most",
                ),
                cat(M(f"0.25^{L}", f"0.25^{{{L}}}"), value(v["bound"])),
            )
        )
        out.append(
            prose(
                M("ReLU′(z) = 1", r"\operatorname{ReLU}'(z) = 1"),
                " wherever the unit is on, so ",
                N_,
                " active ReLU layers multiply it by ",
                M(f"1^{L} = 1", f"1^{{{L}}} = 1"),
                ": no shrinking. (Off units, ",
                M("z ≤ 0", r"z \le 0"),
                ", pass 0.)",
            )
        )
    if "w" in given:
        out += chain_steps(given, v, asked)
    return out


def product(symbol: M, factors: list[M], result: float, rel: M | None = None) -> M:
    """symbol = f₁·f₂·… = result (``rel``: ``≈`` when the factors shown are rounded)."""
    if rel is None:
        return cat(plain.eq(symbol, join(factors, TIMES)), value(result))
    return cat(plain.eq(symbol, join(factors, TIMES)), rel, num(result))


def _derivative_line(k: int, z: float, h: float, d: float) -> M:
    """σ′(z⁽ᵏ⁺²⁾) = h·(1 − h) = d, h shown to the digits that give d as shown."""
    return cat(M("σ′(", r"\sigma'("), sym("z", k + 2), ")", EQ, slope("sigmoid", z, h, d))


def chain_steps(given: dict[str, Any], v: dict[str, Any], asked: set[str]) -> list:
    L = depth_of(given)
    w, z, u = given["w"], given["z"], float(given["upstream"])
    h, d = [float(x) for x in v["h"]], [float(x) for x in v["d"]]
    derivs = [_derivative_line(k, float(z[k]), h[k], d[k]) for k in range(L)]
    intro = (
        "Each layer's sigmoid derivative ",
        M("σ′(z) = h(1 − h)", r"\sigma'(z) = h(1 - h)"),
        ", with ",
        M("h = σ(z)", r"h = \sigma(z)"),
        ":",
    )
    out = [step(intro, *derivs)]
    if "product" in asked:
        total = float(v["product"])
        sig, rel = enough(d, lambda x: [math.prod(x)], [total])
        out.append(
            step(
                "Their product (at most 0.25 per layer):",
                product(QUANTITIES["product"].symbol, [num(x, sig) for x in d], total, rel),
            )
        )
    if "dL/dx" in asked:
        ws = [float(x) for x in w]
        dx = float(v["dL/dx"])
        sig, rel = enough(d, lambda x: [u * math.prod(a * b for a, b in zip(ws, x))], [dx])
        factors = [pnum(u)] + [cat(pnum(ws[k]), TIMES, num(d[k], sig)) for k in range(L)]
        out.append(
            step(
                (
                    "Backpropagation multiplies by ",
                    M("w⁽ᵏ⁾σ′(z⁽ᵏ⁺¹⁾)", r"w^{(k)} \sigma'(z^{(k+1)})"),
                    " at each layer:",
                ),
                product(DX, factors, dx, rel),
            )
        )
    if "dL/dx_relu" in asked:
        factors = [pnum(u)] + [cat(pnum(float(w[k])), TIMES, num(int(z[k] > 0))) for k in range(L)]
        out.append(
            step(
                (
                    "With ReLU units at the same pre-activations, each factor is ",
                    M("w⁽ᵏ⁾·ReLU′(z⁽ᵏ⁺¹⁾)", r"w^{(k)} \operatorname{ReLU}'(z^{(k+1)})"),
                    ", and ",
                    RELU_PRIME,
                    " is 1 for ",
                    Z_POS,
                    ", 0 otherwise:",
                ),
                product(QUANTITIES["dL/dx_relu"].symbol, factors, float(v["dL/dx_relu"])),
            )
        )
    return out


def _grad_from_product(given: dict[str, Any], values: tuple, index: tuple) -> float | None:
    """∂L/∂x = upstream · Πw · Πσ′ from the student's Πσ′ (one a product of the layers'
    σ′ can be: from 0 to (1/4)^layers; nothing follows from another)."""
    w = np.asarray(given["w"], dtype=float)
    product = float(values[0])
    if not 0 <= product <= 0.25 ** len(w):
        return None
    return float(given["upstream"]) * float(np.prod(w)) * product


FAMILY = Family(
    id="vanishing",
    topic="Vanishing gradients",
    title="Vanishing gradients",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda g: ["dL/dx", "dL/dx_relu"] if "w" in g else ["bound", "relu_bound"],
    given_doc='{"depth": L} or {"w": [...], "z": [...], "upstream": dL/dh}',
    asks_doc="bound, relu_bound, product, dL/dx, dL/dx_relu",
    chains=fixed(Chain("dL/dx", ("product",), _grad_from_product)),
)
