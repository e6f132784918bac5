"""Reading the numbers a person writes in a ``given`` (``nnquiz solve``): each checked,
with the field at fault named (``given.layers[0].W[1][2]: expected a number``)."""

from __future__ import annotations

import math
from typing import Any

from .family import GivenError


def number(value: Any, where: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GivenError(where, f"expected a number, got {value!r}")
    if isinstance(value, int) and abs(value) > 1e6:  # math.isfinite(10**400) overflows
        raise GivenError(where, "is too large (at most 1e6 in size)")
    if not math.isfinite(value):
        raise GivenError(where, "must be finite")
    if abs(value) > 1e6:
        raise GivenError(where, "is too large (at most 1e6 in size)")
    return value


def vector(value: Any, where: str) -> list:
    if not isinstance(value, list) or not value:
        raise GivenError(where, f"expected a non-empty list of numbers, got {value!r}")
    if len(value) > 64:
        raise GivenError(where, "has more than 64 entries")
    return [number(v, f"{where}[{i}]") for i, v in enumerate(value)]


def matrix(value: Any, where: str) -> list[list]:
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise GivenError(where, "expected a matrix: a non-empty list of rows (lists of numbers)")
    rows = [vector(r, f"{where}[{i}]") for i, r in enumerate(value)]
    if len({len(r) for r in rows}) != 1:
        raise GivenError(where, "rows have different lengths")
    if len(rows) > 64:
        raise GivenError(where, "has more than 64 rows")
    return rows
