"""The chains of every problem built on a network (``forward``, ``backprop``, ``sgd``,
``fgsm``, and any ``nnquiz solve`` network problem), from its asks:

- forward: a later z, h, the output or the loss follows from an earlier whole z or h
  (the rest of the forward pass, from the student's values on);
- backward: ∂L/∂b⁽ᴷ⁾ and ∂L/∂W⁽ᴷ⁾ from δ at the layer above (∂L/∂z), ∂L/∂W⁽ᴷ⁾ from
  ∂L/∂b⁽ᴷ⁾, δ at a layer from δ at the layer above, ∂L/∂x from δ of the first layer;
- the step: x_adv from ∂L/∂x (its sign), a new weight or bias from its gradient;
- through δ (:mod:`.deltachains`): a gradient or step of a layer from an earlier whole
  gradient or step of a layer at or above it (the δ that answer was worked from).

An entry asked (``h3[1]``, ``W2_new[0,1]``) follows from the whole earlier answer (its
entry taken), or, for the elementwise steps (x_adv, the new weights), from the same
entry of the gradient.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..nn import losses
from . import asks as asks_mod
from .asks import Ask
from .chains import Link
from .deltachains import delta_link
from .model import Answer, to_plain

FORWARD = ("z", "h", "output")
STEPS = {"x_adv": "dx", "W_new": "dW", "b_new": "db"}


def links(asks: Sequence[str]) -> tuple[Link, ...]:
    """Every link between the parts of a network problem with these asks."""
    try:
        parsed = [asks_mod.parse(a) for a in asks]
    except ValueError:
        return ()
    out = []
    for k, later in enumerate(parsed):
        for j in range(k):
            follow = _follow(parsed[j], later) or delta_link(parsed[j], later)
            if follow is not None:
                out.append(Link(k, (j,), follow))
    return tuple(out)


def _node(ask: Ask, n_layers: int) -> tuple[int, int] | None:
    """Where a whole forward quantity sits: (node layer, 0 for z or 1 for h)."""
    if ask.kind == "output":
        return n_layers + 1, 1
    if ask.kind in ("z", "h"):
        return ask.layer, 0 if ask.kind == "z" else 1
    return None


def _follow(earlier: Ask, later: Ask):
    """How ``later`` follows from ``earlier``, or None when it does not."""
    if earlier.index and not (later.kind in STEPS and STEPS[later.kind] == earlier.kind):
        return None
    if earlier.kind in FORWARD and later.kind in (*FORWARD, "loss"):
        return _forward_link(earlier, later)
    if later.kind in STEPS and STEPS[later.kind] == earlier.kind:
        if earlier.layer != later.layer or (earlier.index and earlier.index != later.index):
            return None
        return lambda given, values, index: _step(later, given, values[0], bool(earlier.index))
    return _backward_link(earlier, later)


def _forward_link(earlier: Ask, later: Ask):
    def follow(given: Mapping[str, Any], values: tuple[Any, ...], index: tuple[int, ...]):
        layers = given["layers"]
        start = _node(earlier, len(layers))
        end = _node(later, len(layers)) if later.kind != "loss" else (len(layers) + 1, 2)
        if start is None or end is None or end <= start:
            return None
        zs, hs = _forward(layers, start, np.atleast_1d(np.asarray(values[0], dtype=float)))
        if later.kind == "loss":
            return _loss(given, hs[len(layers) + 1])
        node, which = end
        value = (zs if which == 0 else hs).get(node)
        return None if value is None else _pick(value, later.index)

    return follow


def _forward(layers: list, start: tuple[int, int], value: np.ndarray):
    """{node layer: z} and {node layer: h} from the student's value at ``start`` on."""
    node, which = start
    zs: dict[int, np.ndarray] = {}
    hs: dict[int, np.ndarray] = {}
    if which == 0:
        zs[node] = value
        hs[node] = _activation(layers[node - 2]["activation"], value)
    else:
        if node > 1 and not possible(layers[node - 2]["activation"], value):
            return {}, {}  # an h its activation never gives: nothing follows from it
        hs[node] = value
    h = hs[node]
    for k in range(node - 1, len(layers)):
        W = np.asarray(layers[k]["W"], dtype=float).reshape(len(layers[k]["W"]), -1)
        if W.shape[1] != h.shape[0]:
            return {}, {}
        z = W @ h + np.asarray(layers[k]["b"], dtype=float)
        zs[k + 2], hs[k + 2] = z, _activation(layers[k]["activation"], z)
        h = hs[k + 2]
    return zs, hs


# what an activation can give (its range, closed: a saturated σ is typed as 1), and what
# its derivative can be; nothing is carried forward from a value outside
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, np.inf), "softmax": (0.0, 1.0)}
SLOPES = {"sigmoid": (0.0, 0.25), "tanh": (0.0, 1.0), "relu": (0.0, 1.0)}


def possible(name: str, h: Any) -> bool:
    """Whether every entry of ``h`` is a value the activation ``name`` can give (any,
    for an activation not listed)."""
    return _within(RANGES, name, np.asarray(h, dtype=float))


def possible_slope(name: str, d: Any) -> bool:
    """Whether every entry of ``d`` is a value the derivative of the activation ``name``
    can take (σ′ up to 1/4, tanh′ up to 1, ReLU′ 0 or 1; any, for one not listed)."""
    a = np.asarray(d, dtype=float)
    if name == "relu":
        return bool(np.all((a == 0) | (a == 1)))
    return _within(SLOPES, name, a)


def _within(ranges: Mapping[str, tuple[float, float]], name: str, a: np.ndarray) -> bool:
    low, high = ranges.get(name, (-np.inf, np.inf))
    return bool(np.all((a >= low) & (a <= high)))


def _activation(name: str, z: np.ndarray) -> np.ndarray:
    from ..nn import activations

    return activations.get(name).apply(z)


def _loss(given: Mapping[str, Any], h: np.ndarray | None) -> float | None:
    """The loss from the output h (its probabilities), or None where it is not defined."""
    if h is None or given.get("loss") is None:
        return None
    loss = losses.get(given["loss"])
    p = loss.probabilities(h, given["layers"][-1]["activation"])
    y = given.get("y")
    with np.errstate(all="ignore"):
        if loss.name == "cross_entropy":
            if not 0 <= int(y) < len(p) or not 0 < p[int(y)] <= 1:
                return None
            value = -float(np.log(p[int(y)]))
        elif loss.name == "bce":
            t = np.atleast_1d(np.asarray(y, dtype=float))
            if np.any(p <= 0) or np.any(p >= 1) or t.shape != p.shape:
                return None
            value = -float(np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))
        else:
            value = float(np.mean((h - np.asarray(y, dtype=float)) ** 2))
    return value if np.isfinite(value) else None


def _step(later: Ask, given: Mapping[str, Any], grad: Any, entry: bool) -> Answer | None:
    """x + ε·sign(∂L/∂x), or θ − η·∂L/∂θ, from the student's gradient (or one entry)."""
    g = np.asarray(grad, dtype=float)
    if later.kind == "x_adv":
        base, move = np.asarray(given["x"], dtype=float), float(given["epsilon"]) * np.sign(g)
    else:
        layer = given["layers"][later.layer - 1]
        key = "W" if later.kind == "W_new" else "b"
        base = np.asarray(layer[key], dtype=float)
        if key == "W":
            base = base.reshape(len(layer["W"]), -1)
        move = -float(given["lr"]) * g
    if entry:
        return to_plain(base[later.index] + move)
    if g.size != base.size:
        return None
    return _pick(base + move.reshape(base.shape), later.index)


def _backward_link(earlier: Ask, later: Ask):
    """The backward chains (see the module doc), or None."""
    e, lt = earlier, later
    if e.kind == "dz" and lt.kind == "db" and lt.layer == e.layer - 1:
        return lambda given, values, index: _pick(np.asarray(values[0], dtype=float), lt.index)
    if (e.kind == "dz" and lt.kind == "dW" and lt.layer == e.layer - 1) or (
        e.kind == "db" and lt.kind == "dW" and lt.layer == e.layer
    ):
        return lambda given, values, index: _outer(given, lt, values[0])
    if e.kind == "dz" and lt.kind == "dz" and lt.layer == e.layer - 1 and lt.layer >= 2:
        return lambda given, values, index: _delta_below(given, lt, values[0])
    if e.kind == "dz" and lt.kind == "dx" and e.layer == 2:
        return lambda given, values, index: _dx(given, lt, values[0])
    return None


def _true_h(given: Mapping[str, Any], node: int) -> np.ndarray:
    x = np.asarray(given["x"], dtype=float)
    if node == 1:
        return x
    return _forward(given["layers"], (1, 1), x)[1][node]


def _outer(given: Mapping[str, Any], later: Ask, delta: Any) -> Answer | None:
    """∂L/∂W⁽ᴷ⁾ = δ⁽ᴷ⁺¹⁾ h⁽ᴷ⁾ᵀ from the student's δ (h from the given network)."""
    d = np.atleast_1d(np.asarray(delta, dtype=float))
    return _pick(np.multiply.outer(d, _true_h(given, later.layer)), later.index)


def _delta_below(given: Mapping[str, Any], later: Ask, delta: Any) -> Answer | None:
    """δ⁽ᴷ⁾ = g′(z⁽ᴷ⁾) ⊙ W⁽ᴷ⁾ᵀ δ⁽ᴷ⁺¹⁾ from the student's δ⁽ᴷ⁺¹⁾."""
    from ..nn import activations

    layers = given["layers"]
    K = later.layer
    W = np.asarray(layers[K - 1]["W"], dtype=float).reshape(len(layers[K - 1]["W"]), -1)
    d = np.atleast_1d(np.asarray(delta, dtype=float))
    if d.shape[0] != W.shape[0]:
        return None
    zs, hs = _forward(layers, (1, 1), np.asarray(given["x"], dtype=float))
    g = activations.get(layers[K - 2]["activation"])
    return _pick(g.vjp(zs[K], hs[K], W.T @ d), later.index)


def _dx(given: Mapping[str, Any], later: Ask, delta: Any) -> Answer | None:
    W = np.asarray(given["layers"][0]["W"], dtype=float)
    W = W.reshape(len(given["layers"][0]["W"]), -1)
    d = np.atleast_1d(np.asarray(delta, dtype=float))
    if d.shape[0] != W.shape[0]:
        return None
    return _pick(W.T @ d, later.index)


def _pick(value: np.ndarray, index: tuple[int, ...]) -> Answer | None:
    from .network import pick

    try:
        return pick(value, index)
    except (IndexError, ValueError):
        return None
