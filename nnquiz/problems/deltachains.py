"""Chains through the error δ: a network problem's gradients and steps below an earlier
whole gradient or step (``sgd``: W⁽¹⁾ new after W⁽²⁾ new; ``backprop``: ∂L/∂W⁽¹⁾ after
∂L/∂W⁽²⁾, ∂L/∂b after ∂L/∂W of the same layer).

Every gradient of layer K carries the error δ⁽ᴷ⁺¹⁾ = ∂L/∂z⁽ᴷ⁺¹⁾: ∂L/∂W⁽ᴷ⁾ = δ⁽ᴷ⁺¹⁾h⁽ᴷ⁾ᵀ,
∂L/∂b⁽ᴷ⁾ = δ⁽ᴷ⁺¹⁾, and a step of layer K is W⁽ᴷ⁾ − η·∂L/∂W⁽ᴷ⁾, b⁽ᴷ⁾ − η·∂L/∂b⁽ᴷ⁾. A
student's whole answer for one of them says which δ⁽ᴷ⁺¹⁾ they worked with (for ∂L/∂W,
the δ whose δh⁽ᴷ⁾ᵀ it is: a matrix that is not of that form, within the part's
tolerance, says nothing). The later gradients and steps of layers K and below follow from
that δ by the rest of the backward pass, with the given weights and the true forward
pass (δ⁽ᵏ⁾ = g′(z⁽ᵏ⁾) ⊙ W⁽ᵏ⁾ᵀδ⁽ᵏ⁺¹⁾), and so does ∂L/∂x = W⁽¹⁾ᵀδ⁽²⁾.

A batch (``nnquiz solve`` with several examples) has no such chain: its gradients are means
over the examples, each with its own δ. What is carried is a value worked out on the way
(δ), not a rule: an earlier step that is
the right gradient stepped the wrong way (uphill, without η, or not at all) carries
nothing, since the same slip in a later step is a mistake of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..nn import MLP
from . import network
from .asks import Ask
from .chains import Follow
from .model import STEP_TOL, TOL, Answer, Tol

CARRIERS = ("dW", "db", "W_new", "b_new")  # whole answers that tell the student's δ
LATER = ("dW", "db", "W_new", "b_new", "dx")


def delta_link(earlier: Ask, later: Ask) -> Follow | None:
    """How ``later`` follows from ``earlier`` through δ, or None when it does not."""
    if earlier.kind not in CARRIERS or earlier.index or earlier.layer is None:
        return None
    if later.kind not in LATER:
        return None
    if later.kind != "dx":
        assert later.layer is not None
        if later.layer > earlier.layer or (
            later.layer == earlier.layer and later.kind == earlier.kind
        ):
            return None

    def follow(given: Mapping[str, Any], values: tuple[Any, ...], index: tuple[int, ...]):
        return _follow(given, earlier, later, values[0])

    return follow


def _follow(given: Mapping[str, Any], earlier: Ask, later: Ask, value: Any) -> Answer | None:
    if network.is_batch(dict(given)):
        return None  # a batch's gradient is a mean over examples, each with its own δ
    s = network.setup(dict(given))
    K = earlier.layer
    assert K is not None
    if K > s.n_layers or (earlier.kind.endswith("_new") and s.lr is None):
        return None
    lower = MLP(s.net.layers[:K])  # layers 1 … K: δ⁽ᴷ⁺¹⁾ is the error at their output
    trace = lower.forward(s.x)
    delta = _delta(s, earlier, trace.hs[K - 1], np.asarray(value, dtype=float))
    if delta is None:
        return None
    lower.backpropagate(trace, delta)
    if later.kind == "dx":
        return network.pick(trace.dx, later.index)
    assert later.layer is not None
    k = later.layer - 1
    grad = trace.dW[k] if later.kind in ("dW", "W_new") else trace.db[k]
    if later.kind in ("W_new", "b_new"):
        layer = s.net.layers[k]
        grad = (layer.W if later.kind == "W_new" else layer.b) - float(s.lr) * grad
    return network.pick(grad, later.index)


def _delta(s: network.Setup, earlier: Ask, h: np.ndarray, value: np.ndarray):
    """The δ⁽ᴷ⁺¹⁾ the student's whole ``earlier`` answer was worked from, or None."""
    layer = s.net.layers[earlier.layer - 1]
    step = earlier.kind.endswith("_new")
    lr = float(s.lr) if step else 1.0
    if step and _slipped(s, earlier, value):
        return None
    if earlier.kind in ("db", "b_new"):
        if value.size != layer.b.size:
            return None
        v = value.reshape(layer.b.shape)
        return (layer.b - v) / lr if step else v
    if value.size != layer.W.size or not h @ h > 0:
        return None
    v = value.reshape(layer.W.shape)
    grad = (layer.W - v) / lr if step else v
    delta = grad @ h / (h @ h)  # the δ whose δhᵀ is nearest the student's gradient
    rebuilt = np.multiply.outer(delta, h)
    if step:
        return delta if _within(v, layer.W - lr * rebuilt, STEP_TOL) else None
    return delta if _within(v, rebuilt, TOL) else None


def _slipped(s: network.Setup, earlier: Ask, value: np.ndarray) -> bool:
    """Is the student's step the right gradient stepped uphill, without η, or not at all?"""
    true = network.run(s, backward=True)
    k = earlier.layer - 1
    whole = earlier.kind == "W_new"
    param = s.net.layers[k].W if whole else s.net.layers[k].b
    grad = true.dW[k] if whole else true.db[k]
    if value.size != param.size:
        return False
    v = value.reshape(param.shape)
    lr = float(s.lr)
    return any(_within(v, wrong, STEP_TOL) for wrong in (param + lr * grad, param - grad, param))


def _within(value: np.ndarray, want: np.ndarray, tol: Tol) -> bool:
    return all(tol.accepts(float(a), float(b)) for a, b in zip(value.ravel(), want.ravel()))
