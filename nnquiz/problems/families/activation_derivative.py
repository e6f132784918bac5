"""Family ``activation_derivative``: g′(z) for sigmoid, tanh and ReLU, and the chain rule.

σ′(z) = σ(z)(1 − σ(z)), tanh′(z) = 1 − tanh²(z), ReLU′(z) = 1 if z > 0 else 0 (taken as
0 at z = 0, where ReLU has a kink). A gradient ∂L/∂h arriving from above becomes
∂L/∂z = ∂L/∂h · g′(z) (elementwise for vectors).

given: ``{"activation": "sigmoid"|"tanh"|"relu", "z": z or [z_1, …], "upstream": ∂L/∂h}``
(``upstream`` has z's shape, needed for ``dL/dz``); asks: ``h``, ``dh/dz``, ``dL/dz`` and
their entries ``[i]`` when z is a vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ...figures import functions
from ...nn.activations import get as activation
from ...nn.activations import sigmoid
from .. import draws, pictures, plain
from ..chains import Chain, fixed
from ..family import Built, Family, GivenError
from ..given import activation as activation_name
from ..model import prose, step, to_plain
from ..netbuild import KINK, SATURATION
from ..netchains import possible, possible_slope
from ..netsteps.forward import activation_line
from ..netsteps.slopes import slope
from ..netsteps.statement import G_WORDS
from ..notation import (
    EQ,
    TIMES,
    M,
    cat,
    enough,
    inline,
    num,
    pnum,
    round_array,
    sub,
    subscript,
)

ACTIVATIONS = ("sigmoid", "tanh", "relu")
LE = r"\le"
KEYS = ("activation", "z", "upstream")
RULE = {
    "sigmoid": M(
        "σ′(z) = σ(z)(1 − σ(z)) = h(1 − h)",
        r"\sigma'(z) = \sigma(z)(1 - \sigma(z))"
        r" = h(1 - h)",
    ),
    "tanh": M("tanh′(z) = 1 − tanh²(z) = 1 − h²", r"\tanh'(z) = 1 - \tanh^2(z) = 1 - h^2"),
    "relu": M(
        "ReLU′(z) = 1 if z > 0, else 0",
        r"\operatorname{ReLU}'(z) = 1 \text{ if } z > 0"
        r"\text{, else } 0",
    ),
}


def _sym(name: str, latex: str):
    return lambda k: M(f"{name}{subscript(k)}", latex.replace("#", str(k)))


QUANTITIES = {
    "h": plain.Quantity(M("h = g(z)", "h = g(z)"), "", _sym("h", "h_{#}")),
    "dh/dz": plain.Quantity(
        M("g′(z) = dh/dz", r"g'(z) = \frac{dh}{dz}"),
        "the derivative",
        _sym("dh/dz", r"\frac{dh_{#}}{dz_{#}}"),
    ),
    "dL/dz": plain.Quantity(
        M("∂L/∂z", r"\frac{\partial L}{\partial z}"),
        "the gradient",
        _sym("∂L/∂z", r"\frac{\partial L}{\partial z_{#}}"),
    ),
}


def _shaped(given: dict[str, Any], key: str) -> float | list:
    v = plain.required(given, key)
    if isinstance(v, list):
        return plain.vector(given, key)
    return plain.number(given, key)


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    act = activation_name(plain.required(given, "activation"), "given.activation", ACTIVATIONS)
    clean = {"activation": act, "z": _shaped(given, "z")}
    if "upstream" in given:
        u = _shaped(given, "upstream")
        if isinstance(u, list) != isinstance(clean["z"], list) or (
            isinstance(u, list) and len(u) != len(clean["z"])
        ):
            raise GivenError("given.upstream", "must have the same shape as given.z")
        clean["upstream"] = u
    return clean


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    act = draws.choice(rng, ACTIVATIONS)
    if difficulty == "easy":
        z = draws.grid(rng, -2 if act == "tanh" else -3, 2 if act == "tanh" else 3, 1)
        u = draws.choice(rng, (-2, -1, 2, 3))
        return {"activation": act, "z": z, "upstream": u}, ["h", "dh/dz", "dL/dz"]
    if difficulty == "medium":
        z = draws.grid(rng, -2.5, 2.5, 0.5)
        u = draws.choice(rng, (-2, -1.5, -1, -0.5, 0.5, 1.5, 2))
        return {"activation": act, "z": z, "upstream": u}, ["dh/dz", "dL/dz"]
    z = draws.grid(rng, -2.4, 2.4, 0.1, size=3)
    u = draws.grid(rng, -1.5, 1.5, 0.1, size=3, nonzero=True)
    return {"activation": act, "z": z, "upstream": u}, ["dh/dz", "dL/dz"]


def derivative(act: str, z: np.ndarray, h: np.ndarray) -> np.ndarray:
    return activation(act).derivative(z, h)


def values(act: str, z: np.ndarray, u: np.ndarray, q=lambda a: a) -> dict[str, np.ndarray]:
    """h, g′(z) and ∂L/∂z, each passed through ``q`` as a student rounds what is shown."""
    h = q(activation(act)(z))
    d = q(derivative(act, z, h))
    return {"h": h, "dh/dz": d, "dL/dz": q(u * d)}


MESSAGES = {
    "value_not_derivative": "You gave g(z), the activation itself, instead of its "
    "derivative g′(z).",
    "no_upstream": "Chain rule: ∂L/∂z = ∂L/∂h · g′(z); you left out the gradient ∂L/∂h "
    "arriving from above.",
    "derivative_with_z": "Put h = g(z) into the rule, not z: σ′(z) = h(1 − h), not z(1 − z); "
    "tanh′(z) = 1 − h², not 1 − z².",
    "derivative_at_h": "σ′(z) = σ(z)(1 − σ(z)) = h(1 − h), not σ(h)(1 − σ(h)).",
    "sigmoid_sign": "σ(z) = 1/(1 + e^(−z)): you used e^(+z).",
    "tanh_no_square": "tanh′(z) = 1 − tanh²(z): you forgot the square.",
    "tanh_as_sigmoid": "tanh(z) lies in (−1, 1); you computed σ(z).",
    "relu_slope_everywhere": "ReLU′(z) is 0 for z ≤ 0: a unit that is off passes no gradient back.",
    "no_max": "ReLU(z) = max(0, z) is 0 for negative z.",
}


def mistakes(act: str, z: np.ndarray, u: np.ndarray, right) -> list[plain.MistakeSpec]:
    h = right["h"]

    def slope(d):  # a mistaken g′(z), carried into ∂L/∂z
        return {"dh/dz": d, "dL/dz": u * d}

    by_act = {
        "sigmoid": {
            "derivative_with_z": slope(z * (1 - z)),
            "derivative_at_h": slope(sigmoid(h) * (1 - sigmoid(h))),
            "sigmoid_sign": {"h": sigmoid(-z)},
        },
        "tanh": {
            "derivative_with_z": slope(1 - z**2),
            "tanh_no_square": slope(1 - h),
            "tanh_as_sigmoid": {"h": sigmoid(z)},
        },
        "relu": {"relu_slope_everywhere": slope(np.ones_like(z)), "no_max": {"h": z}},
    }
    wrong = {"value_not_derivative": slope(h), "no_upstream": {"dL/dz": right["dh/dz"]}}
    return plain.specs(MESSAGES, wrong | by_act[act])


def degenerate(act: str, z: np.ndarray, asks_h: bool) -> str | None:
    if act == "relu" and (np.abs(z) < KINK).any():
        return "z is at ReLU's kink"
    if act in SATURATION and (np.abs(z) > SATURATION[act]).any():
        return f"a saturated {act}"
    # at z = 0, h = tanh(0) = 0 and g′ = 1: 1 − z², 1 − h and 1 − h² all give 1
    if act == "tanh" and (z == 0).any():
        return "tanh at z = 0, where the rule with z or without the square is right too"
    # σ(−0) = σ(0): the sign mistake (e^(+z)) gives the right h
    if act == "sigmoid" and asks_h and (z == 0).any():
        return "sigmoid at z = 0, where the sign mistake gives the right h"
    return None


def min_mistakes(act: str, z: np.ndarray, vec: bool) -> int:
    """How many common mistakes must apply for generation to keep the variant.

    A dead ReLU (z < 0) has h = g′(z) = ∂L/∂z = 0, so giving h for g′ or leaving out
    ∂L/∂h gives 0 too: only ``relu_slope_everywhere`` (and ``no_max`` when h is asked)
    tells. That one mistake is the lesson (a unit that is off passes no gradient back),
    so it is enough. A vector of dead units is still redrawn: hard mixes dead and live.
    """
    return 1 if act == "relu" and not vec and float(z[0]) < 0 else 2


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    act = given["activation"]
    vec = isinstance(given["z"], list)
    z = np.atleast_1d(np.asarray(given["z"], dtype=float))
    n = len(z)
    parsed = plain.parse_asks(asks, QUANTITIES, {k: n for k in QUANTITIES} if vec else {})
    if any(name == "dL/dz" for name, _ in parsed) and "upstream" not in given:
        raise GivenError("given.upstream", "missing: dL/dz needs the gradient ∂L/∂h from above")
    u = np.atleast_1d(np.asarray(given.get("upstream", np.ones(n)), dtype=float))

    def shape(d):
        return {k: (v if vec else float(np.asarray(v).reshape(-1)[0])) for k, v in d.items()}

    exact = values(act, z, u)
    return plain.finish(
        title=f"The derivative of {G_WORDS[act]}",
        quantities=QUANTITIES,
        parsed=parsed,
        exact=shape(exact),
        rounded=lambda: shape(values(act, z, u, round_array)),
        mistakes=lambda: [(m, t, shape(d)) for m, t, d in mistakes(act, z, u, exact)],
        question=lambda: question(given),
        steps=lambda: solution(given, z, u, exact, parsed),
        figures=lambda: [figure(act, z, exact)],
        degenerate=degenerate(act, z, any(name == "h" for name, _ in parsed)),
        allow_zero=True,
        min_mistakes=min_mistakes(act, z, vec),
    )


def figure(act: str, z: np.ndarray, exact: dict[str, np.ndarray]):
    """g and g′ with the pre-activation(s) marked, and (for one z) both values there."""
    zs = tuple(z.tolist())
    one = len(zs) == 1
    values = ((num(float(exact["h"][0])).text, num(float(exact["dh/dz"][0])).text),) if one else ()
    return _figure(act, zs, values)


@lru_cache(maxsize=1024)  # the activations and points drawn come back
def _figure(act: str, zs: tuple[float, ...], values: tuple[tuple[str, str], ...]):
    """:func:`figure` of the points ``zs``, with g(z) and g′(z) as written (one z)."""
    one = len(zs) == 1
    names = (
        (f"z = {num(zs[0]).text}",)
        if one
        else tuple(f"z{subscript(k + 1)}" for k in range(len(zs)))
    )
    where = (
        f"z = {num(zs[0]).text} marked: g(z) = {values[0][0]} (a dot on g), "
        f"g′(z) = {values[0][1]} (a ring on g′)"
        if one
        else "z₁, …, z" + subscript(len(zs)) + " marked on each curve: a dot on g, a ring on g′"
    )
    alt = (
        f"The {G_WORDS[act]} activation g(z) (solid) and its derivative g′(z) (dashed), "
        f"with {where}."
    )
    return pictures.figure("activation", "solution", functions.plot(act, zs, names, values), alt)


def question(given: dict[str, Any]):
    act = given["activation"]
    vec = isinstance(given["z"], list)
    lines = [
        prose(
            f"A {G_WORDS[act]} unit ",
            M("h = g(z)", "h = g(z)"),
            " has pre-activation ",
            cat(M("z", "z"), EQ, inline(given["z"])),
            " (elementwise)." if vec else ".",
        )
    ]
    if "upstream" in given:
        lines.append(
            prose(
                "The gradient arriving from the layer above is ",
                cat(M("∂L/∂h", r"\frac{\partial L}{\partial h}"), EQ, inline(given["upstream"])),
                ".",
            )
        )
    return lines


CHAIN = M(
    "∂L/∂z = ∂L/∂h · g′(z)",
    r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial h} \cdot g'(z)",
)
# for vectors the product is elementwise (⊙), entry by entry
CHAIN_VEC = (
    M(
        "∂L/∂z = ∂L/∂h ⊙ g′(z)",
        r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial h} \odot g'(z)",
    ),
    " (",
    M("⊙", r"\odot"),
    " multiplies entry by entry)",
)


def solution(given, z, u, exact, parsed) -> list:
    act = given["activation"]
    vec = isinstance(given["z"], list)
    idx = (lambda k, base: sub(base, k + 1)) if vec else (lambda k, base: M(base, base))
    h, d, g = exact["h"], exact["dh/dz"], exact["dL/dz"]
    ks = range(len(z))
    out = [
        step(
            f"The {G_WORDS[act]} activation:",
            *(activation_line(act, idx(k, "h"), float(z[k]), float(h[k])) for k in ks),
        ),
        step(
            ("Its derivative: ", RULE[act], "."),
            *(
                plain.eq(
                    cat(M("g′(", "g'("), idx(k, "z"), ")"),
                    _rule_numbers(act, idx(k, "z"), z[k], h[k], d[k]),
                )
                for k in ks
            ),
        ),
    ]
    if any(name == "dL/dz" for name, _ in parsed):
        chain = [_chain_line(vec, k, float(u[k]), float(d[k]), float(g[k])) for k in ks]
        off: tuple = ()
        if act == "relu" and np.any(z <= 0):
            off = (" A unit that is off (", M("z ≤ 0", rf"z {LE} 0"), ") passes no gradient back.")
        rule = CHAIN_VEC if vec else (CHAIN,)
        out.append(step(("Chain rule: ", *rule, ".", *off), *chain))
    return out


def _chain_line(vec: bool, k: int, u: float, d: float, g: float) -> M:
    """∂L/∂z = ∂L/∂h·g′(z) with numbers, g′ shown to the digits its product needs."""
    sig, rel = enough([d], lambda v: [u * v[0]], [g])
    symbol = QUANTITIES["dL/dz"].symbol_of(k if vec else None)
    return cat(plain.eq(symbol, cat(num(u), TIMES, pnum(d, sig))), rel, num(g))


def _rule_numbers(act: str, zk: M, z: float, h: float, d: float) -> M:
    """The derivative's rule with numbers, ending in its value (``zk`` names the entry);
    h shown to the digits that give the derivative as shown."""
    if act in ("sigmoid", "tanh"):
        return slope(act, z, h, d)
    on = z > 0
    rel = ">" if on else "≤"
    return M(
        f"{int(on)}   ({zk.text} = {num(z).text} {rel} 0)",
        rf"{int(on)} \quad ({zk.latex} = {num(z).latex} {'>' if on else LE} 0)",
    )


def _at(given: dict[str, Any], key: str, index: tuple) -> np.ndarray:
    value = np.asarray(given[key], dtype=float)
    return value[index] if index else value


def _slope_from_h(given: dict[str, Any], values: tuple, index: tuple):
    """g′(z) from the student's h (σ′ = h(1 − h), tanh′ = 1 − h²; ReLU's from z)."""
    h = np.asarray(values[0], dtype=float)
    z = _at(given, "z", index)
    if h.shape != z.shape or not possible(given["activation"], h):
        return None
    return to_plain(derivative(given["activation"], z, h))


def _upstream_times(given: dict[str, Any], values: tuple, index: tuple):
    """∂L/∂z = ∂L/∂h · g′(z) from the student's g′(z)."""
    d = np.asarray(values[0], dtype=float)
    u = _at(given, "upstream", index)
    if d.shape != u.shape or not possible_slope(given["activation"], d):
        return None
    return to_plain(u * d)


CHAINS = fixed(
    Chain("dh/dz", ("h",), _slope_from_h, elementwise=True),
    Chain("dL/dz", ("dh/dz",), _upstream_times, elementwise=True),
)


FAMILY = Family(
    id="activation_derivative",
    topic="Activation functions",
    title="Activation derivatives",
    # 2: a dead ReLU (z < 0) is drawn at medium; tanh at z = 0, and sigmoid at z = 0 when
    # h is asked, are redrawn (mistaken rules give the right answer there)
    version=2,
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["h", "dh/dz"] + (["dL/dz"] if "upstream" in given else []),
    given_doc='{"activation": "sigmoid"|"tanh"|"relu", "z": z or [...], "upstream": dL/dh}',
    asks_doc="h, dh/dz, dL/dz (and entries [i] when z is a vector)",
    chains=CHAINS,
)
