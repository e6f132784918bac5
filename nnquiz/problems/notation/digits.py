"""Digits enough that a line of arithmetic, redone on its shown numbers, gives its shown
result (issue 16: "every shown step is true to its shown digits").

A worked line such as ``L = −ln(0.9975) ≈ 0.002476`` shows its inputs rounded to 4
significant digits; near 0 and 1 that rounding changes the result (−ln 0.9975 is
0.002503). :func:`enough` finds the fewest significant digits (4 or more) to show the
inputs with so that the line's operation, redone on the inputs as shown, gives each
result as shown, to half a unit in its last digit; and whether it gives them exactly
(so the line may say ``=``) or only to the shown digits (``≈``). Inputs that are short
decimals (given numbers) are shown exactly whatever the digits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from .core import APPROX, EQ, M
from .numbers import SIG, plain

MAX_SIG = 17  # beyond this, floating point itself is the limit


def unit_of(text: str) -> float:
    """One unit in the last digit of a number written by :func:`plain` (``0.002476`` →
    1e-6, ``1.5e-7`` → 1e-8, ``12`` → 1)."""
    mant, _, exp = text.partition("e")
    decimals = len(mant.partition(".")[2])
    return 10.0 ** ((int(exp) if exp else 0) - decimals)


def shown(
    values: Sequence[float], sig: int, text: Callable[[float, int], str] = plain
) -> list[float]:
    """Each value as it reads when shown to ``sig`` significant digits (by ``text``)."""
    if text is plain:
        return [_plain_value(float(v), sig) for v in values]
    return [float(text(v, sig)) for v in values]


@lru_cache(maxsize=8192)  # the same values come back in line after line
def _plain_value(x: float, sig: int) -> float:
    return float(plain(x, sig))


@lru_cache(maxsize=8192)
def _plain_target(x: float) -> tuple[float, float]:
    """``_target`` of ``x`` as :func:`plain` writes it (a result is looked up once)."""
    return _target(plain(x))


def _redo(redo: Callable[[list[float]], Sequence[float]], values: list[float]) -> list[float]:
    try:
        return [float(v) for v in redo(values)]
    except (ValueError, ZeroDivisionError, OverflowError):  # a value shown as 0 under a log
        return [float("nan")]


@lru_cache(maxsize=8192)  # a result's text is tried at every number of digits
def _target(text: str) -> tuple[float, float]:
    """A result as shown: its value, and how far a value redone from the inputs may be
    from it (half a unit in its last digit, with room for floating point)."""
    want = float(text)
    return want, 0.5 * unit_of(text) * (1 + 1e-9) + 1e-12 * abs(want)


def _fits(got: Sequence[float], targets: Sequence[tuple[float, float]]) -> bool:
    if len(got) != len(targets):
        return False
    for g, (want, slack) in zip(got, targets):
        if not abs(g - want) <= slack:
            return False
    return True


def enough(
    values: Sequence[float],
    redo: Callable[[list[float]], Sequence[float]],
    results: Sequence[float],
    text: Callable[[float, int], str] = plain,
    result_text: Callable[[float], str] = plain,
) -> tuple[int, M]:
    """(significant digits for ``values``, ``=`` or ``≈``) for a line that computes
    ``results`` (shown by ``result_text``) from ``values`` (shown by ``text``) by
    ``redo``."""
    if result_text is plain:
        targets = [_plain_target(float(r)) for r in results]
    else:
        targets = [_target(result_text(r)) for r in results]
    sig = SIG
    got = _redo(redo, shown(values, sig, text))
    while not _fits(got, targets) and sig < MAX_SIG:
        sig += 1
        got = _redo(redo, shown(values, sig, text))
    for (want, _), r in zip(targets, results):  # most results are rounded: ≈ at once
        if want != r:
            return sig, APPROX
    for g, r in zip(got, results):
        if not abs(g - r) <= 1e-12 * max(1.0, abs(r)):
            return sig, APPROX
    return sig, EQ
