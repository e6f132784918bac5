"""Drawing numbers a person can work with: short decimals from grids."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import getitem
from typing import NamedTuple

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


# ---------------------------------------------------------------- many draws at once


class _Spec:
    """What the specs share: their grid and hash worked out once, as they are made (a
    draw looks its plan up by its specs several times a problem)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(tuple(self.__dict__.values())))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self):
        """Pickled as its fields: the hash of a str differs from process to process."""
        return type(self), tuple(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Grid(_Spec):
    """What :func:`grid` draws: one value (``size`` None) or a list of ``size``."""

    __hash__ = _Spec.__hash__  # kept: dataclass would write its own

    lo: float
    hi: float
    step: float
    size: int | None = None
    nonzero: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()  # the hash of the fields alone
        object.__setattr__(self, "_values", _values(self.lo, self.hi, self.step, self.nonzero))

    def tables(self) -> list:
        return [self._values] * (self.size or 1)

    def row_length(self) -> int | None:
        return None if self.size is None else 0


@dataclass(frozen=True)
class Matrix(_Spec):
    """What :func:`matrix` draws: a rows × cols matrix of grid values."""

    __hash__ = _Spec.__hash__  # kept: dataclass would write its own

    rows: int
    cols: int
    lo: float
    hi: float
    step: float
    nonzero: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()  # the hash of the fields alone
        object.__setattr__(self, "_values", _values(self.lo, self.hi, self.step, self.nonzero))

    def tables(self) -> list:
        return [self._values] * (self.rows * self.cols)

    def row_length(self) -> int:
        return self.cols


@dataclass(frozen=True)
class Choice(_Spec):
    """What :func:`choice` draws: one of ``options``."""

    __hash__ = _Spec.__hash__  # kept: dataclass would write its own

    options: tuple

    def tables(self) -> list:
        return [self.options]

    def row_length(self) -> int | None:
        return None


@dataclass(frozen=True)
class Indices(_Spec):
    """What :func:`indices` draws: ``size`` ints from 0 to n − 1."""

    __hash__ = _Spec.__hash__  # kept: dataclass would write its own

    n: int
    size: int

    def tables(self) -> list:
        return [range(self.n)] * self.size

    def row_length(self) -> int | None:
        return 0


Spec = Grid | Matrix | Choice | Indices


def batch(rng: np.random.Generator, *specs: Spec) -> list:
    """What each spec draws, drawn in this order, in a single call to the generator.

    ``batch(rng, Grid(-1, 1, 0.5, size=2), Choice((0, 1)))`` gives the very values
    ``[grid(rng, -1, 1, 0.5, size=2), choice(rng, (0, 1))]`` gives and leaves ``rng`` in the
    same state: ``Generator.integers`` with an array of upper bounds draws its entries
    one after another from the stream, as one call per entry would
    (tests/problems/test_draws.py). One call costs about what two single draws cost.
    A family's fixed specs are a :class:`Batch`, whose plan is made once.
    """
    return _plan(specs).draw(rng)


class _Plan(NamedTuple):
    """How a list of specs is drawn: each entry's upper bound and table of values, and
    where each spec's entries are (``(start, end, row length)``; row length None: one
    value, 0: a list, n: a matrix of rows of n)."""

    ranges: np.ndarray
    tables: tuple
    shapes: tuple[tuple[int, int, int | None], ...]

    def draw(self, rng: np.random.Generator) -> list:
        # every entry looked up in its table at once, then cut into the specs' shapes
        flat = list(map(getitem, self.tables, rng.integers(0, self.ranges).tolist()))
        out = []
        for a, b, n in self.shapes:
            if n is None:
                out.append(flat[a])
            elif n == 0:
                out.append(flat[a:b])
            else:
                out.append([flat[r : r + n] for r in range(a, b, n)])
        return out


@lru_cache(maxsize=256)
def _plan(specs: tuple[Spec, ...]) -> _Plan:
    tables: list = []
    shapes = []
    for spec in specs:
        start = len(tables)
        tables += spec.tables()  # one table of values for each entry drawn
        shapes.append((start, len(tables), spec.row_length()))
    ranges = np.array([len(t) for t in tables], dtype=np.int64)
    return _Plan(ranges, tuple(tables), tuple(shapes))


class Batch(tuple):
    """A family's fixed specs (a tuple of them), drawn together by :meth:`draw`: the same
    values as ``batch(rng, *specs)``, without looking the plan up each time."""

    def __new__(cls, *specs: Spec) -> Batch:
        self = super().__new__(cls, specs)
        self._plan = _plan(specs)
        return self

    def draw(self, rng: np.random.Generator) -> list:
        return self._plan.draw(rng)
