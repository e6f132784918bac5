"""Problems built on a network: checking a ``given``, computing answers, common mistakes.

The families ``forward``, ``backprop`` and ``fgsm`` (and any later family on a network)
share this module; they differ only in what they draw and ask. The worked solution
lives in :mod:`nnquiz.problems.netsteps`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..nn import MLP, Trace, activations, losses
from ..nn.mlp import exact_zeros
from . import asks as asks_mod
from . import given as given_values
from .asks import Ask
from .family import GivenError
from .model import Answer, plain_float, to_plain

Array = np.ndarray


# ---------------------------------------------------------------- the given


@dataclass(frozen=True)
class Setup:
    """A network problem's values, ready to compute with."""

    net: MLP
    x: Array
    y: Any = None
    loss: str | None = None
    epsilon: float | None = None
    lr: float | None = None

    @property
    def n_layers(self) -> int:
        return len(self.net.layers)

    @property
    def sizes(self) -> list[int]:
        return [self.x.shape[0]] + [lay.W.shape[0] for lay in self.net.layers]


def setup(given: dict[str, Any]) -> Setup:
    net = MLP.build([(lay["W"], lay["b"], lay["activation"]) for lay in given["layers"]])
    return Setup(
        net=net,
        x=np.asarray(given["x"], dtype=float),
        y=given.get("y"),
        loss=given.get("loss"),
        epsilon=given.get("epsilon"),
        lr=given.get("lr"),
    )


GIVEN_KEYS = ("layers", "x", "y", "loss", "epsilon", "lr")
LAYER_KEYS = ("W", "b", "activation")


def _layers(value: Any) -> list[dict]:
    if not isinstance(value, list) or not value:
        raise GivenError("given.layers", "expected a non-empty list of layers {W, b, activation}")
    out = []
    for k, layer in enumerate(value):
        where = f"given.layers[{k}]"
        if not isinstance(layer, dict):
            raise GivenError(where, "expected a table with W, b and activation")
        given_values.check_keys(layer, LAYER_KEYS, where)
        W = given_values.rows(layer.get("W"), f"{where}.W")
        b = given_values.numbers(layer.get("b", [0] * len(W)), f"{where}.b")
        if "activation" not in layer:
            known = ", ".join(activations.ACTIVATIONS)
            raise GivenError(f"{where}.activation", f"missing (one of {known})")
        act = given_values.activation(layer["activation"], f"{where}.activation")
        if act == "softmax" and k != len(value) - 1:
            raise GivenError(f"{where}.activation", "softmax is allowed on the last layer only")
        if len(b) != len(W):
            raise GivenError(f"{where}.b", f"has {len(b)} entries but W has {len(W)} rows")
        if out and len(W[0]) != len(out[-1]["W"]):
            raise GivenError(
                f"{where}.W",
                f"has {len(W[0])} columns but layer {k - 1} has {len(out[-1]['W'])} units",
            )
        out.append({"W": W, "b": b, "activation": act})
    return out


def _label(y: Any, loss: str, n_out: int, where: str = "given.y") -> Any:
    if loss == "cross_entropy":
        if n_out < 2:
            raise GivenError(where, "cross-entropy needs at least 2 output units")
        return given_values.class_index(y, n_out, where)
    if loss == "bce":
        ys = y if isinstance(y, list) else [y]
        if len(ys) != n_out or any(v not in (0, 1) or isinstance(v, bool) for v in ys):
            raise GivenError(where, f"BCE needs {n_out} label(s), each 0 or 1")
        return y
    ys = given_values.vector(y if isinstance(y, list) else [y], where)
    if len(ys) != n_out:
        raise GivenError(where, f"has {len(ys)} entries but the output layer has {n_out} units")
    return y


def validate(given: dict[str, Any], need_loss: bool = False) -> dict[str, Any]:
    """A clean copy of a network ``given``; GivenError names the field at fault."""
    given_values.check_keys(given, GIVEN_KEYS, "given")
    layers = _layers(given.get("layers"))
    n_in, n_out = len(layers[0]["W"][0]), len(layers[-1]["W"])
    batch = is_batch(given)
    xs = _inputs(given["x"], n_in) if batch else [given_values.numbers(given.get("x"), "given.x")]
    for k, x in enumerate(xs):
        if len(x) != n_in:
            where = f"given.x[{k}]" if batch else "given.x"
            raise GivenError(
                where, f"has {len(x)} entries but given.layers[0].W has {n_in} columns"
            )
    clean: dict[str, Any] = {"layers": layers, "x": xs if batch else xs[0]}
    loss = given.get("loss")
    if loss is None and need_loss:
        raise GivenError("given.loss", f"missing (one of {', '.join(losses.LOSSES)})")
    if loss is None and "y" in given:
        raise GivenError("given.y", "a label needs a loss to compare it with (add given.loss)")
    if loss is not None:
        loss = given_values.loss(loss, "given.loss")
        if "y" not in given:
            raise GivenError("given.y", "missing: the loss needs a label")
        clean["y"] = (
            _labels(given["y"], loss, n_out, len(xs)) if batch else _label(given["y"], loss, n_out)
        )
        clean["loss"] = loss
    for key in ("epsilon", "lr"):
        if key in given:
            v = given_values.number(given[key], f"given.{key}")
            if v <= 0:
                raise GivenError(f"given.{key}", "must be positive")
            clean[key] = v
    return clean


MAX_EXAMPLES = 16  # a batch worked by hand, example by example


def is_batch(given: dict[str, Any]) -> bool:
    """True when ``x`` is a list of examples (each a list of inputs), not one example."""
    x = given.get("x")
    return isinstance(x, list) and bool(x) and all(isinstance(r, list) for r in x)


def _inputs(value: list, n_in: int) -> list[list]:
    if len(value) > MAX_EXAMPLES:
        raise GivenError(
            "given.x", f"a batch of {len(value)} examples: at most {MAX_EXAMPLES} are worked"
        )
    return [given_values.vector(x, f"given.x[{k}]") for k, x in enumerate(value)]


def _labels(y: Any, loss: str, n_out: int, n: int) -> list:
    """One label for each of the ``n`` examples of a batch."""
    if not isinstance(y, list) or len(y) != n:
        raise GivenError("given.y", f"a batch of {n} examples needs {n} labels, one per example")
    return [_label(v, loss, n_out, f"given.y[{k}]") for k, v in enumerate(y)]


def check_asks(raw: Sequence[str], given: dict[str, Any]) -> tuple[Ask, ...]:
    """Parse asks and check them against a checked ``given``'s network (no NumPy needed);
    GivenError for a bad one."""
    layers = given["layers"]  # (no generators: this runs for every variant drawn)
    sizes = (len(layers[0]["W"][0]), *map(len, map(_W, layers)))
    get = given.get
    has = (get("loss") is not None, get("epsilon") is not None, get("lr") is not None)
    return _checked_asks(tuple(raw), sizes, has)


_W = operator.itemgetter("W")


def backward_needed(asks: Sequence[Ask]) -> bool:
    """Whether any of ``asks`` needs the backward pass (a map, not a generator: this runs
    several times for every variant)."""
    return any(map(_NEEDS_BACKWARD, asks))


_NEEDS_BACKWARD = operator.attrgetter("needs_backward")


@lru_cache(maxsize=1024)  # generation asks the same few things of the same shapes
def _checked_asks(
    raw: tuple[str, ...], sizes: tuple[int, ...], has: tuple[bool, bool, bool]
) -> tuple[Ask, ...]:
    has_loss, has_epsilon, has_lr = has
    n = len(sizes) - 1
    out = []
    for k, text in enumerate(raw):
        where = f"asks[{k}]"
        try:
            ask = asks_mod.parse(text)
        except ValueError as e:
            raise GivenError(where, str(e)) from None
        if ask.needs_backward and not has_loss:
            raise GivenError(where, f"{text!r} needs a loss and a label y in given")
        if ask.kind == "x_adv" and not has_epsilon:
            raise GivenError(where, "x_adv needs given.epsilon")
        if ask.kind in ("W_new", "b_new") and not has_lr:
            raise GivenError(where, f"{text!r} needs given.lr")
        lo, hi = (1, n) if ask.kind in ("dW", "db", "W_new", "b_new") else (2, n + 1)
        if ask.kind == "h" or ask.kind == "dh":
            lo = 1
        if ask.layer is not None and not lo <= ask.layer <= hi:
            raise GivenError(where, f"{text!r}: layer must be from {lo} to {hi}")
        dims = shape_of(ask, sizes)
        if len(ask.index) not in (0, len(dims)) or any(i >= d for i, d in zip(ask.index, dims)):
            raise GivenError(where, f"{text!r}: no such entry (its shape is {dims})")
        out.append(ask)
    return tuple(out)


def unread(given: dict[str, Any], asks: Sequence[str], loss_needed: bool = False) -> None:
    """Refuse a checked ``given``'s ``lr``, ``epsilon`` or (when the family does not need
    it) ``loss`` that none of ``asks`` reads: a value written and silently ignored would
    look worked. GivenError says which asks read it."""
    parsed = check_asks(asks, given)
    kinds = {a.kind for a in parsed}
    if "lr" in given and not kinds & {"W_new", "b_new"}:
        raise GivenError("given.lr", "no ask reads it (WK_new and bK_new do): ask one or drop lr")
    if "epsilon" in given and "x_adv" not in kinds:
        raise GivenError("given.epsilon", "no ask reads it (x_adv does): ask it or drop epsilon")
    if "loss" in given and not loss_needed and not any(a.needs_backward for a in parsed):
        raise GivenError(
            "given.loss",
            "no ask reads it (loss, dL/dzK, dL/dWK, … do): ask one or drop loss and y",
        )


def shape_of(ask: Ask, sizes: Sequence[int]) -> tuple[int, ...]:
    """The shape of the whole value an ask names, for layer sizes n_1, n_2, …"""
    match ask.kind:
        case "loss":
            return ()
        case "output":
            return (sizes[-1],)
        case "z" | "h" | "dz" | "dh":
            return (sizes[ask.layer - 1],)
        case "dx" | "x_adv":
            return (sizes[0],)
        case "dW" | "W_new":
            return (sizes[ask.layer], sizes[ask.layer - 1])
        case _:  # db, b_new
            return (sizes[ask.layer],)


# ---------------------------------------------------------------- computing


def run(
    s: Setup,
    backward: bool,
    quantize=None,
    net: MLP | None = None,
    delta: Callable[[Setup, MLP, Trace, Array], Array] | None = None,
) -> Trace:
    """Forward (and backward) pass of ``net`` (default ``s.net``)."""
    q = quantize or (lambda a: a)
    net = net or s.net
    trace = net.forward(s.x, q)
    if backward:
        _backward(s, net, trace, delta, q)
    return trace


def complete(s: Setup, trace: Trace) -> Trace:
    """The backward pass of ``s.net`` on a trace of its forward pass (as ``run`` does)."""
    _backward(s, s.net, trace, None, lambda a: a)
    return trace


def _backward(s: Setup, net: MLP, trace: Trace, delta, q) -> None:
    """The backward pass, from the output delta ``delta`` computes (default: the right one)."""
    right = net.output_delta(trace, s.y, s.loss, q)
    net.backpropagate(trace, right if delta is None else q(delta(s, net, trace, right)), q)


@dataclass(frozen=True)
class Options:
    """How the last step is taken (mistakes change these)."""

    fgsm_direction: float = 1.0
    fgsm_sign: bool = True
    step_direction: float = -1.0
    step_lr: bool = True


RIGHT_WAY = Options()


def dx_sign(s: Setup, t: Trace) -> Array:
    """sign(∂L/∂x), an entry that is 0 up to rounding counting as 0 (sign(0) = 0)."""
    scale = np.abs(s.net.layers[0].W).T @ np.abs(t.deltas[0])
    return np.sign(exact_zeros(t.dx, scale))


def answer_raw(ask: Ask, s: Setup, t: Trace, opts: Options = Options()) -> Any:
    """The whole array an ask refers to (before picking an entry)."""
    n = s.n_layers
    match ask.kind:
        case "output":
            return t.hs[-1]
        case "z":
            return t.zs[ask.layer - 2]
        case "h":
            return t.hs[ask.layer - 1]
        case "loss":
            return t.loss
        case "dW":
            return t.dW[ask.layer - 1]
        case "db":
            return t.db[ask.layer - 1]
        case "dz":
            return t.deltas[ask.layer - 2]
        case "dh":
            return grad_h(s, t, ask.layer)
        case "dx":
            return t.dx
        case "x_adv":
            move = dx_sign(s, t) if opts.fgsm_sign else t.dx
            return s.x + opts.fgsm_direction * s.epsilon * move
        case "W_new" | "b_new":
            k = ask.layer - 1
            param = s.net.layers[k].W if ask.kind == "W_new" else s.net.layers[k].b
            grad = t.dW[k] if ask.kind == "W_new" else t.db[k]
            rate = s.lr if opts.step_lr else 1.0
            return param + opts.step_direction * rate * grad
    raise ValueError(f"ask {ask.raw!r} on a network with {n} layers")


def grad_h(s: Setup, t: Trace, K: int) -> Array:
    """∂L/∂h of node layer K: W⁽ᴷ⁾ᵀδ⁽ᴷ⁺¹⁾ below the output (∂L/∂x for K = 1); at the
    output, the loss's own derivative with respect to ŷ."""
    n = s.n_layers
    if K <= n:
        return s.net.layers[K - 1].W.T @ t.deltas[K - 1]
    if t.grad_out is not None:
        return t.grad_out
    p, y = t.hs[-1], s.y
    if s.loss == "cross_entropy":  # −y_c/ŷ_c for the true class, 0 elsewhere
        out = np.zeros_like(p)
        out[int(y)] = -1.0 / p[int(y)]
        return out
    y = np.asarray(y, dtype=float)  # BCE on a sigmoid output: −(y/ŷ − (1 − y)/(1 − ŷ))/n
    return np.where(y == 1, -1.0 / p, 1.0 / (1.0 - p)) / p.shape[0]


def pick(value: Any, index: tuple[int, ...]) -> Answer:
    """An entry of a value, or the whole value; a one-entry vector becomes a number."""
    a = np.asarray(value, dtype=float)
    if index:
        return to_plain(a[index])
    if a.ndim == 1:
        if a.shape[0] == 1:
            return to_plain(a[0])
        return [plain_float(v) for v in a.tolist()]  # to_plain, without its type checks
    if a.ndim == 2:
        return [[plain_float(v) for v in r] for r in a.tolist()]
    return to_plain(a)


def answer(ask: Ask, s: Setup, t: Trace, opts: Options = Options()) -> Answer:
    return pick(answer_raw(ask, s, t, opts), ask.index)


def answers(asks: Sequence[Ask], s: Setup, quantize=None) -> list[Answer]:
    """Each ask's answer, computed exactly or, with ``quantize``, rounding as a student does."""
    t = run(s, backward_needed(asks), quantize)
    return [answer(a, s, t) for a in asks]
