"""The slope of a sigmoid or tanh unit, worked with its numbers and true to their digits.

σ′(z) = h(1 − h) and tanh′(z) = 1 − h² with h shown to the digits that give the slope as
shown; near saturation (h within about 10⁻⁸ of its limit, where even 12 digits of h
would not), the slope is worked from z instead, without cancelling:
σ′(z) = e^(−z)/(1 + e^(−z))² and tanh′(z) = 1/cosh(z)².
"""

from __future__ import annotations

import math

from ..notation import M, cat, enough, exp, func, num, paren

SATURATED = 8  # digits of h beyond which the slope is worked from z

FROM_H = {
    "sigmoid": lambda h: h * (1 - h),
    "tanh": lambda h: 1 - h * h,
}
FROM_Z = {
    "sigmoid": lambda z: math.exp(-abs(z)) / (1 + math.exp(-abs(z))) ** 2,
    "tanh": lambda z: 1 / math.cosh(z) ** 2,
}


def slope(act: str, z: float, h: float, d: float) -> M:
    """``h(1 − h) ≈ d`` or ``1 − h² ≈ d`` (or, saturated, the same from z), with its
    relation sign: the right-hand side of ``g′(z) = …``."""
    sig, rel = enough([h], lambda v: [FROM_H[act](v[0])], [d])
    if sig <= SATURATED:
        hs = num(h, sig)
        if act == "sigmoid":
            shown = cat(hs, M("·(1 − ", r"\cdot(1 - "), hs, ")")
        else:
            shown = cat(M("1 − ", "1 - "), paren(hs), M("²", "^2"))
        return cat(shown, rel, num(d))
    sig, rel = enough([z], lambda v: [FROM_Z[act](v[0])], [d])
    if act == "sigmoid":
        e = exp(-abs(z), sig)
        shown = cat(e, M("/(1 + ", r"/(1 + "), e, M(")²", ")^2"))
    else:
        shown = cat(M("1/", "1/"), func("cosh", num(z, sig), r"\cosh"), M("²", "^2"))
    return cat(shown, rel, num(d))
