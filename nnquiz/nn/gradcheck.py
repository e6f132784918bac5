"""Finite-difference gradients, to check backpropagation against."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .mlp import MLP


def numeric_grad(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function f at x (any shape); same shape as x."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = f(x)
        flat[i] = old - h
        down = f(x)
        flat[i] = old
        g[i] = (up - down) / (2 * h)
    return grad


def numeric_grads(net: MLP, x, y, loss: str, h: float = 1e-6):
    """Finite-difference (dW list, db list, dx) of the loss of ``net`` at (x, y)."""
    Ws = [lay.W.copy() for lay in net.layers]
    bs = [lay.b.copy() for lay in net.layers]
    dW, db = [], []
    for k in range(len(Ws)):

        def fW(W, k=k):
            return net.with_params(Ws[:k] + [W] + Ws[k + 1 :], bs).loss_at(x, y, loss)

        def fb(b, k=k):
            return net.with_params(Ws, bs[:k] + [b] + bs[k + 1 :]).loss_at(x, y, loss)

        dW.append(numeric_grad(fW, Ws[k], h))
        db.append(numeric_grad(fb, bs[k], h))
    dx = numeric_grad(lambda v: net.loss_at(v, y, loss), np.asarray(x, dtype=float), h)
    return dW, db, dx


def max_gradient_error(net: MLP, x, y, loss: str, h: float = 1e-6) -> float:
    """Largest |backprop - finite difference| over every weight, bias and input."""
    t = net.run(x, y, loss)
    dW, db, dx = numeric_grads(net, x, y, loss, h)
    errs = [np.max(np.abs(a - b)) for a, b in zip(t.dW + t.db + [t.dx], dW + db + [dx])]
    return float(max(errs))
