"""The only names and operations an answer may use, each checked before it runs.

Constants ``e`` and ``pi``; functions ``exp``, ``ln``, ``log`` (natural, as in the course
notes), ``log10``, ``sqrt``, ``tanh``, ``sigmoid`` (``σ``) and ``abs``; and powers. A
function outside its domain, a power whose exponent is beyond ±MAX_EXPONENT (refused
before anything is computed), a result that is not finite, and a power or exponential
too small to store (it would read as 0, as one too large reads as infinity) raise
MathError. A sigmoid may saturate to 0: that is its value, not an overflow.
"""

from __future__ import annotations

import math

MAX_EXPONENT = 1000.0  # |p| in x^p; 9^9^9^9 stops at 9^387420489


class MathError(ValueError):
    """An operation with no finite real result; the parser adds where it happened."""


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    ex = math.exp(x)
    return ex / (1.0 + ex)


CONSTANTS = {"e": math.e, "pi": math.pi, "π": math.pi}
FUNCTIONS = {
    "exp": math.exp,
    "ln": math.log,
    "log": math.log,
    "log10": math.log10,
    "sqrt": math.sqrt,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
    "σ": _sigmoid,
    "abs": abs,
}
NAMES = "e, pi, exp, ln, log, log10, sqrt, tanh, sigmoid, abs"
_POSITIVE = frozenset(("ln", "log", "log10"))


def call(name: str, x: float) -> float:
    """``name(x)`` for a whitelisted function name."""
    if name in _POSITIVE and x <= 0:
        raise MathError(f"{name} needs a positive number, not {x:.6g}")
    if name == "sqrt" and x < 0:
        raise MathError(f"sqrt needs a number ≥ 0, not {x:.6g}")
    try:
        v = FUNCTIONS[name](x)
    except OverflowError:
        v = math.inf
    if not math.isfinite(v):
        raise MathError(f"{name}({x:.6g}) is too large")
    if v == 0 and name == "exp":
        raise MathError(f"exp({x:.6g}) is too small")
    return v


def power(a: float, b: float) -> float:
    """``a^b``, refusing a huge exponent before computing anything."""
    if b > MAX_EXPONENT:
        raise MathError(f"exponent {b:.12g} is too large (at most {MAX_EXPONENT:g})")
    if b < -MAX_EXPONENT:
        raise MathError(f"exponent {b:.12g} is too small (at least {-MAX_EXPONENT:g})")
    if a == 0 and b < 0:
        raise MathError("0 to a negative power")
    if a < 0 and b != int(b):
        raise MathError("a negative number to a fractional power")
    try:
        v = math.pow(a, b)
    except OverflowError:
        v = math.inf
    if not math.isfinite(v):
        raise MathError(f"{a:.6g}^{b:.6g} is too large")
    if v == 0 and a != 0:
        raise MathError(f"{a:.6g}^{b:.6g} is too small")
    return v
