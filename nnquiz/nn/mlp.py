"""A small fully connected network that keeps every intermediate value.

Notation follows the course notes and docs/problems.md. Node layers are numbered from 1
(layer 1 is the input). ``layers[k]`` holds W^(k+1), shape ``(n_{k+2}, n_{k+1})``, and
b^(k+1), shape ``(n_{k+2},)``:

    z_{k+2} = W^(k+1) h_{k+1} + b^(k+1),    h_{k+2} = g_{k+2}(z_{k+2}),    h_1 = x.

Lists in a :class:`Trace` are indexed from 0: ``zs[k]`` is z_{k+2}, ``hs[k]`` is h_{k+1}
(so ``hs[0]`` is x and ``hs[-1]`` the output), ``deltas[k]`` is dL/dz_{k+2}, and
``dW[k]``, ``db[k]`` are dL/dW^(k+1), dL/db^(k+1).

A pre-activation feeding ReLU or the step function that is 0 up to floating-point
rounding is taken as exactly 0 (:func:`exact_zeros`), so both see the value the
mathematics gives (ReLU'(0) = 0, step(0) = 0).

Every pass takes an optional ``quantize`` function, applied to each intermediate value
as it is computed. Problem families use it to model a student who rounds what the
worked solution shows and carries the rounded value forward.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from . import activations, losses

Array = np.ndarray
Quantize = Callable[[Array], Array]


def _same(a: Array) -> Array:
    return a


# Activations whose value or derivative jumps at z = 0: there the sign of z matters.
KINKED = frozenset({"relu", "step"})
DUST = 1e-12  # relative size of floating-point rounding in a short sum


def exact_zeros(values: Array, scale: Array) -> Array:
    """``values`` with the entries that are 0 up to rounding set to exactly 0.

    ``scale`` is, entry by entry, the sum of the magnitudes of the terms that made the
    value (|W| |h| + |b| for z = W h + b). Decimal inputs are not exact in binary:
    0.1 + 0.2 - 0.3 comes out as 5.6e-17, and ReLU' or the step function, or the sign
    FGSM takes, would see a positive number where the mathematics has 0.
    """
    return np.where(np.abs(values) <= DUST * scale, 0.0, values)


def clear_of_dust(z: Array, W: Array, h: Array, b: Array) -> bool:
    """True when no entry of z = W h + b is 0 up to rounding: ``exact_zeros`` would
    change nothing, and ``forward`` skips it (this test on plain floats costs a third).

    Every entry's scale |W_i| |h| + |b_i| is at most max|W| Σ|h| + max|b|; twice DUST times
    that bound leaves far more room than the rounding in either sum can take. An infinity,
    or a NaN in h, fails the test (exact_zeros decides). A NaN in W or b that max passes
    over makes its own entries of z NaN, which exact_zeros keeps as they are too.
    """
    smallest = min(map(abs, z.tolist()), default=0.0)
    w_max = max(map(abs, W.ravel().tolist()), default=0.0)
    b_max = max(map(abs, b.tolist()), default=0.0)
    return smallest > 2 * DUST * (w_max * sum(map(abs, h.tolist())) + b_max)


def _outer(u: Array, v: Array) -> Array:
    """u vᵀ (shape (n, m)) for vectors u (n,) and v (m,): the products np.multiply.outer
    makes, by broadcasting (cheaper on these tiny vectors; the same products, bit for bit)."""
    if u.ndim == 1 and v.ndim == 1:
        return u[:, None] * v
    return np.multiply.outer(u, v)


@dataclass(frozen=True)
class Layer:
    """W (shape (n_out, n_in)), b (shape (n_out,)) and g, the activation of the layer it feeds.

    ``g`` is an :class:`~nnquiz.nn.activations.Activation` object, so a caller can model a
    mistaken derivative by passing an activation with the same forward function.
    """

    W: Array
    b: Array
    g: activations.Activation

    @property
    def activation(self) -> str:
        return self.g.name


@dataclass
class Trace:
    """Everything a forward and backward pass computed (see the module docstring).

    ``loss`` is worked out when first read: the backward pass needs only its gradient,
    and many passes (a student's mistakes, rounded values) never show the value.
    """

    hs: list[Array]
    zs: list[Array] = field(default_factory=list)
    grad_out: Array | None = None  # dL/dh at the output (None when the loss is fused)
    deltas: list[Array] = field(default_factory=list)
    dW: list[Array] = field(default_factory=list)
    db: list[Array] = field(default_factory=list)
    dx: Array | None = None
    _loss: float | None = field(default=None, repr=False)
    _loss_of: Callable[[], float] | None = field(default=None, repr=False)

    @property
    def loss(self) -> float | None:
        if self._loss_of is not None:
            self._loss, self._loss_of = self._loss_of(), None
        return self._loss

    @loss.setter
    def loss(self, value: float | None) -> None:
        self._loss, self._loss_of = value, None

    @property
    def x(self) -> Array:
        return self.hs[0]

    @property
    def output(self) -> Array:
        return self.hs[-1]


@dataclass(frozen=True)
class MLP:
    """A stack of fully connected layers."""

    layers: tuple[Layer, ...]

    @classmethod
    def build(cls, spec: Sequence[tuple[Sequence, Sequence, str]]) -> MLP:
        """From ``[(W, b, activation), ...]`` with nested lists or arrays."""
        return cls(
            tuple(
                Layer(
                    np.asarray(W, dtype=float).reshape(len(W), -1),
                    np.asarray(b, dtype=float),
                    activations.get(a),
                )
                for W, b, a in spec
            )
        )

    def forward(self, x: Sequence[float], quantize: Quantize = _same) -> Trace:
        """Forward pass from x (shape (n_1,)); fills ``zs`` and ``hs``."""
        h = quantize(np.asarray(x, dtype=float))
        return self._forward_on(Trace(hs=[h]), 0, quantize)

    def forward_from(self, trace: Trace, k: int) -> Trace:
        """The forward pass of a network whose first ``k`` layers are ``trace``'s own
        network's (the same Layer objects), on the same input: those layers' values are
        ``trace``'s, the very ones they would compute again; the rest are computed."""
        if k == 0:
            return self.forward(trace.hs[0])
        return self._forward_on(Trace(hs=trace.hs[: k + 1], zs=trace.zs[:k]), k, _same)

    def _forward_on(self, trace: Trace, k: int, quantize: Quantize) -> Trace:
        """``trace`` (its first k layers done) with layers k, k + 1, … computed."""
        h = trace.hs[-1]
        for layer in self.layers[k:]:
            z = layer.W @ h + layer.b
            if layer.g.name in KINKED and not clear_of_dust(z, layer.W, h, layer.b):
                z = exact_zeros(z, np.abs(layer.W) @ np.abs(h) + np.abs(layer.b))
            z = quantize(z)
            h = quantize(layer.g.apply(z))  # z is already a float array
            trace.zs.append(z)
            trace.hs.append(h)
        return trace

    def is_fused(self, loss: str) -> bool:
        """True when the output activation is the one the loss expects (softmax/CE, sigmoid/BCE)."""
        return losses.get(loss).fused == self.layers[-1].activation

    def backward(self, trace: Trace, y, loss: str, quantize: Quantize = _same) -> Trace:
        """Backpropagation: fills ``loss``, ``grad_out``, ``deltas``, ``dW``, ``db``, ``dx``."""
        return self.backpropagate(trace, self.output_delta(trace, y, loss, quantize), quantize)

    def output_delta(self, trace: Trace, y, loss: str, quantize: Quantize = _same) -> Array:
        """dL/dz at the output layer; also sets ``trace.loss`` (and ``trace.grad_out``)."""
        L = losses.get(loss)
        last = self.layers[-1]
        z_out, h_out = trace.zs[-1], trace.hs[-1]
        trace._loss_of = partial(L.value, z_out, h_out, y, last.activation)
        if self.is_fused(loss):
            return quantize(L.grad_z_fused(h_out, y))
        trace.grad_out = quantize(L.grad_h(h_out, y, last.activation))
        return quantize(last.g.vjp(z_out, h_out, trace.grad_out))

    def backpropagate(self, trace: Trace, delta: Array, quantize: Quantize = _same) -> Trace:
        """Carry the output delta (dL/dz at the output) back to every layer and to x."""
        n = len(self.layers)
        deltas: list[Array] = [delta] * n
        dW: list[Array] = [delta] * n
        db: list[Array] = [delta] * n
        for k in range(n - 1, -1, -1):
            layer = self.layers[k]
            dW[k] = quantize(_outer(delta, trace.hs[k]))
            db[k] = delta
            grad_h = quantize(layer.W.T @ delta)
            if k > 0:
                below = self.layers[k - 1]
                delta = quantize(below.g.vjp(trace.zs[k - 1], trace.hs[k], grad_h))
                deltas[k - 1] = delta
            else:
                trace.dx = grad_h
        trace.deltas, trace.dW, trace.db = deltas, dW, db
        return trace

    def run(self, x: Sequence[float], y, loss: str, quantize: Quantize = _same) -> Trace:
        """Forward then backward."""
        return self.backward(self.forward(x, quantize), y, loss, quantize)

    def loss_at(self, x: Sequence[float], y, loss: str) -> float:
        """The loss alone (for finite differences)."""
        t = self.forward(x)
        return losses.get(loss).value(t.zs[-1], t.hs[-1], y, self.layers[-1].activation)

    def with_params(self, Ws: Sequence[Array], bs: Sequence[Array]) -> MLP:
        """The same architecture with other weights."""
        return MLP(tuple(Layer(W, b, lay.g) for W, b, lay in zip(Ws, bs, self.layers)))

    def step(self, trace: Trace, lr: float) -> MLP:
        """One gradient-descent step: W <- W - lr dL/dW, b <- b - lr dL/db."""
        return self.with_params(
            [lay.W - lr * g for lay, g in zip(self.layers, trace.dW)],
            [lay.b - lr * g for lay, g in zip(self.layers, trace.db)],
        )
