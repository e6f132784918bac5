"""Activation functions, each with its derivative beside it.

Every activation maps a pre-activation vector ``z`` (shape ``(n,)``) to ``h = g(z)``
(shape ``(n,)``). ``vjp(z, h, grad_h)`` returns ``dL/dz`` given ``dL/dh``: for the
elementwise activations that is ``g'(z) * grad_h``; softmax uses its Jacobian.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def sigmoid(z: Array) -> Array:
    """Logistic sigmoid 1 / (1 + e^-z), computed without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    if z.ndim == 1 and z.shape[0]:  # a layer's vector: most often of one sign
        values = z.tolist()
        if all(map((0.0).__le__, values)):  # z ≥ 0 (a NaN is not): the same operations on
            return 1.0 / (1.0 + np.exp(-z))  # every entry, fewer NumPy calls (−|z| is −z)
        if all(map((0.0).__gt__, values)):  # z < 0: −|z| is z
            e = np.exp(z)
            return e / (1.0 + e)
    e = np.exp(-np.abs(z))
    d = 1.0 + e
    return np.where(z >= 0.0, 1.0 / d, e / d)


def softmax(z: Array) -> Array:
    """Softmax of a logit vector, shifted by its max (the log-sum-exp trick)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def log_softmax(z: Array) -> Array:
    """ln softmax(z) = z - logsumexp(z), exact even when softmax underflows to 0."""
    z = np.asarray(z, dtype=float)
    m = z.max()
    return z - (m + np.log(np.exp(z - m).sum()))


@dataclass(frozen=True)
class Activation:
    """An activation g with its derivative.

    ``derivative(z, h)`` is g'(z) elementwise (h = g(z) is passed so sigmoid and tanh
    can reuse it). It is ``None`` for softmax, whose derivative is a Jacobian.
    """

    name: str
    apply: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array] | None

    def __call__(self, z: Array) -> Array:
        return self.apply(np.asarray(z, dtype=float))

    def vjp(self, z: Array, h: Array, grad_h: Array) -> Array:
        """dL/dz from dL/dh (shape (n,) each)."""
        if self.derivative is None:  # softmax: J = diag(h) - h h^T, symmetric
            return h * (grad_h - np.dot(grad_h, h))
        return self.derivative(z, h) * grad_h

    def jacobian(self, z: Array) -> Array:
        """dh/dz as an (n, n) matrix."""
        h = self(z)
        if self.derivative is None:
            return np.diag(h) - np.outer(h, h)
        return np.diag(self.derivative(z, h))


def _const(value: float) -> Callable[[Array, Array], Array]:
    return lambda z, h: np.full_like(z, value, dtype=float)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("identity", lambda z: z.copy(), _const(1.0)),
        # ReLU'(0) is taken as 0; problem families never draw z = 0 exactly.
        Activation("relu", lambda z: np.maximum(z, 0.0), lambda z, h: (z > 0.0).astype(float)),
        Activation("sigmoid", sigmoid, lambda z, h: h * (1.0 - h)),
        Activation("tanh", np.tanh, lambda z, h: 1.0 - h * h),
        # Hard threshold: 1 if z > 0 else 0. Its derivative is 0 wherever it exists.
        Activation("step", lambda z: (z > 0.0).astype(float), _const(0.0)),
        Activation("softmax", softmax, None),
    )
}


def get(name: str) -> Activation:
    """The activation called ``name``; KeyError names the known ones."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise KeyError(f"unknown activation {name!r} (known: {known})") from None
