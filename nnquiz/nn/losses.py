"""Losses on a network output ``h`` (shape ``(n,)``), exactly as docs/problems.md defines them.

- ``cross_entropy``: ``y`` is a 0-based class index; L = -ln p_y.
- ``bce``: ``y`` is 0/1 or a vector of them; L = -mean(y ln p + (1 - y) ln(1 - p)).
- ``mse``: ``y`` is a vector; L = mean((h - y)^2).

Cross-entropy and BCE take probabilities. When the output layer is not already softmax
(cross-entropy) or sigmoid (BCE), the loss applies softmax or sigmoid to ``h`` first.
When it is, the value and gradient are computed from the logits ``z`` (log-sum-exp and
softplus), which is exact where the probabilities round to 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid, softmax

Array = np.ndarray


def xlogy(x: Array, y: Array) -> Array:
    """x * ln(y) with 0 * ln(0) = 0."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x * np.log(y)
    return np.where(x == 0, 0.0, out)


def softplus(z: Array) -> Array:
    """ln(1 + e^z) without overflow."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def mean(v: Array) -> float:
    """The mean of every entry: ``np.mean``'s value without its overhead on tiny arrays."""
    return float(v.sum()) / v.size


def cross_entropy(p: Array, y: int) -> float:
    """-ln p_y for a probability vector p (shape (n,)); +inf when p_y = 0."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return float(-np.log(p[int(y)]))


def cross_entropy_logits(z: Array, y: int) -> float:
    """-ln softmax(z)_y = logsumexp(z) - z_y = (m - z_y) + ln(1 + sum over j != k of
    e^(z_j - m)), m = z_k the largest: the log1p keeps a loss near 0 (a true class far
    ahead, 3.4e-15) that m + ln(sum) - z_y would lose to cancellation."""
    z = np.asarray(z, dtype=float).reshape(-1)
    k = int(np.argmax(z))
    m = z[k]
    rest = np.exp(np.delete(z, k) - m).sum()
    return float((m - z[int(y)]) + np.log1p(rest))


def bce(p: Array, y: Array) -> float:
    """-mean(y ln p + (1 - y) ln(1 - p)), with 0 ln 0 = 0 (no NaN at p = 0 or 1)."""
    p = np.atleast_1d(np.asarray(p, dtype=float))
    y = np.broadcast_to(np.asarray(y, dtype=float), p.shape)
    return -mean(xlogy(y, p) + xlogy(1.0 - y, 1.0 - p))


def bce_logits(z: Array, y: Array) -> float:
    """BCE of sigmoid(z): mean(y softplus(-z) + (1 - y) softplus(z)).

    The same as mean(softplus(z) - y z), without its cancellation: for y = 1 and a large
    z that form subtracts z from z + e^(-z) and loses the e^(-z) (4.2e-18 at z = 40)."""
    z = np.asarray(z, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float)
    # softplus(-z) and softplus(z), sharing their ln(1 + e^(-|z|)) (|-z| is |z| to the bit)
    tail = np.log1p(np.exp(-np.abs(z)))
    return mean(y * (np.maximum(-z, 0.0) + tail) + (1.0 - y) * (np.maximum(z, 0.0) + tail))


def mse(h: Array, y: Array) -> float:
    """mean((h - y)^2)."""
    h = np.atleast_1d(np.asarray(h, dtype=float))
    return mean((h - np.asarray(y, dtype=float)) ** 2)


def one_hot(y: int, n: int) -> Array:
    out = np.zeros(n)
    out[int(y)] = 1.0
    return out


@dataclass(frozen=True)
class Loss:
    """A loss with its gradient with respect to the network output.

    ``fused`` names the output activation whose logits the loss can use directly
    (softmax for cross-entropy, sigmoid for BCE); then ``grad_z`` is the simple
    form p - y (over n for BCE).
    """

    name: str
    fused: str | None

    def probabilities(self, h: Array, last_activation: str) -> Array:
        """The probabilities the loss compares with y (shape (n,))."""
        if self.name == "cross_entropy" and last_activation != "softmax":
            return softmax(h)
        if self.name == "bce" and last_activation != "sigmoid":
            return sigmoid(h)
        return np.asarray(h, dtype=float)

    def value(self, z: Array, h: Array, y, last_activation: str) -> float:
        """L for output pre-activation z and output h (shape (n,) each)."""
        if self.name == "cross_entropy":
            return cross_entropy_logits(z if last_activation == "softmax" else h, y)
        if self.name == "bce":
            return bce_logits(z if last_activation == "sigmoid" else h, y)
        return mse(h, y)

    def grad_h(self, h: Array, y, last_activation: str) -> Array:
        """dL/dh at the output (shape (n,)) for an output that is not fused."""
        n = h.shape[0]
        if self.name == "cross_entropy":
            return softmax(h) - one_hot(y, n)
        if self.name == "bce":
            return (sigmoid(h) - np.asarray(y, dtype=float)) / float(n)
        return 2.0 * (h - np.asarray(y, dtype=float)) / float(n)

    def grad_z_fused(self, h: Array, y) -> Array:
        """dL/dz at a fused output: p - onehot(y) (cross-entropy) or (p - y)/n (BCE)."""
        n = h.shape[0]
        if self.name == "cross_entropy":
            return h - one_hot(y, n)
        return (h - np.asarray(y, dtype=float)) / float(n)


LOSSES: dict[str, Loss] = {
    "cross_entropy": Loss("cross_entropy", "softmax"),
    "bce": Loss("bce", "sigmoid"),
    "mse": Loss("mse", None),
}


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise KeyError(f"unknown loss {name!r} (known: {', '.join(LOSSES)})") from None
