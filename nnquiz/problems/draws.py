"""Drawing numbers a person can work with: short decimals from grids."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0


def _clean(v: float, decimals: int) -> float | int:
    r = round(v, decimals)
    return int(r) if r == int(r) else r


def grid(
    rng: np.random.Generator,
    lo: float,
    hi: float,
    step: float,
    size: int | None = None,
    nonzero: bool = False,
) -> float | int | list:
    """Values from {lo, lo + step, …, hi}; whole numbers come back as ints.

    ``size`` gives a list; ``nonzero`` leaves 0 out of the grid.
    """
    values = _values(lo, hi, step, nonzero)
    n = len(values)
    integers = rng.integers
    if size is None:
        return values[integers(0, n)]
    # One draw at a time takes the very values rng.integers(0, n, size=size) takes (the
    # same stream: tests/problems/test_draws.py), at half the cost for such tiny sizes.
    return [values[integers(0, n)] for _ in range(size)]


def indices(rng: np.random.Generator, n: int, size: int) -> list[int]:
    """``rng.integers(0, n, size=size)`` as a list of ints, drawn one at a time (as
    ``grid`` draws: the same values, at half the cost for a few)."""
    integers = rng.integers
    return [int(integers(0, n)) for _ in range(size)]


@lru_cache(maxsize=256)
def _values(lo: float, hi: float, step: float, nonzero: bool) -> tuple:
    n = int(round((hi - lo) / step)) + 1
    d = _decimals(step)
    values = [_clean(lo + i * step, d) for i in range(n)]
    return tuple(v for v in values if v != 0) if nonzero else tuple(values)


def matrix(
    rng: np.random.Generator,
    rows: int,
    cols: int,
    lo: float,
    hi: float,
    step: float,
    nonzero: bool = True,
) -> list[list]:
    """A rows × cols matrix of grid values."""
    flat = grid(rng, lo, hi, step, size=rows * cols, nonzero=nonzero)
    return [flat[r * cols : (r + 1) * cols] for r in range(rows)]


def choice(rng: np.random.Generator, options):
    """One of ``options`` (a sequence), uniformly."""
    return options[rng.integers(0, len(options))]
