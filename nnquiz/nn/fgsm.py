"""The fast gradient sign method: x_adv = x + epsilon * sign(dL/dx), with sign(0) = 0."""

from __future__ import annotations

import numpy as np


def fgsm(x: np.ndarray, grad_x: np.ndarray, epsilon: float) -> np.ndarray:
    """One FGSM step; ``x`` and ``grad_x`` have shape (n,)."""
    return np.asarray(x, dtype=float) + epsilon * np.sign(grad_x)
