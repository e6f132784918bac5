"""A part's answer as plain values: a number, a vector, or a matrix (row-major), at full
precision; the functions that read and compare them (:mod:`.model` re-exports them)."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Tol

Answer = float | list[float] | list[list[float]]


def to_plain(value: Any) -> Answer:
    """A NumPy scalar, vector or matrix as plain floats, to 12 significant digits.

    Twelve digits is far beyond any tolerance, and it keeps an exact decimal such as
    0.2 + 0.1 showing as 0.3 rather than 0.30000000000000004. Adding 0.0 turns −0.0
    (a product with a factor 0) into 0.0: an answer is never −0.
    """
    if isinstance(value, (float, int)):  # the common case first (NumPy's float64 is a float)
        return plain_float(value)
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return plain_float(float(value))


# f"{x:.12g}" in printf style: the same text (both are Python's float formatting), at
# about two thirds of the cost, on every entry of every answer and mistake
_TWELVE_DIGITS = "%.12g"


@lru_cache(maxsize=4096)
def plain_float(x: float) -> float:
    """One entry as :func:`to_plain` gives it: 12 significant digits, never −0.

    Kept per value: a problem's answers and its mistakes' share most entries (7 calls in
    10 find the value among the last thousand), and a lookup costs a fraction of the
    formatting. Values equal as keys give the same result (0.0 and −0.0 both 0.0; an int
    and its float the same float).
    """
    return float(_TWELVE_DIGITS % x) + 0.0


def flatten(answer: Answer) -> list[float]:
    if not isinstance(answer, list):
        return [float(answer)]
    if answer and isinstance(answer[0], list):  # a matrix: its rows, one after the other
        out: list[float] = []
        for a in answer:
            out.extend(flatten(a))
        return out
    try:
        return list(map(float, answer))  # a vector (the common case), at C speed
    except TypeError:  # a list among the numbers
        return [v for a in answer for v in flatten(a)]


def is_finite(answer: Answer) -> bool:
    return all(map(math.isfinite, flatten(answer)))


def shape(answer: Answer) -> tuple[int, ...]:
    if not isinstance(answer, list):
        return ()
    if answer and isinstance(answer[0], list):
        return (len(answer), len(answer[0]))
    return (len(answer),)


def all_within(value: Answer, answer: Answer, tol: Tol, factor: float = 1.0) -> bool:
    """True when every entry of ``value`` is within ``factor`` times the tolerance."""
    rel, absolute = tol.rel * factor, tol.abs * factor  # Tol.accepts, scaled
    if not isinstance(value, list) and not isinstance(answer, list):  # two numbers
        a = float(answer)
        return abs(float(value) - a) <= absolute + rel * abs(a)
    if shape(value) != shape(answer):
        return False
    if value and isinstance(value[0], list):  # two matrices of one shape: row by row
        pairs = zip([v for r in value for v in r], [a for r in answer for a in r])
    else:
        pairs = zip(value, answer)
    return all(abs(v - a) <= absolute + rel * abs(a) for v, a in pairs)
