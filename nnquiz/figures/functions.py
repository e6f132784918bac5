"""The activation functions drawn with their derivatives, a point z marked on both.

The curves are computed here with ``math`` (the figures stand below the reference
network and do not import it); ReLU's derivative and the step are drawn with their jump
(the line breaks there; the value at 0 itself is not marked).
"""

from __future__ import annotations

import math
from functools import lru_cache

from .layout import Drawing
from .plot import Axis, Curve, Plot, Points, draw, nice_axis

NAMES = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "step": "step"}
SAMPLES = 80  # segments per curve


def value(act: str, z: float) -> float:
    if act == "sigmoid":
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
    if act == "tanh":
        return math.tanh(z)
    if act == "relu":
        return max(0.0, z)
    return 1.0 if z > 0 else 0.0


def slope(act: str, z: float) -> float:
    if act == "sigmoid":
        s = value(act, z)
        return s * (1 - s)
    if act == "tanh":
        return 1 - math.tanh(z) ** 2
    if act == "relu":
        return 1.0 if z > 0 else 0.0
    return 0.0


def _jumps(act: str) -> bool:
    """Whether g (step) or g′ (ReLU, step) jumps at 0."""
    return act in ("relu", "step")


@lru_cache(maxsize=64)
def curves(act: str, lo: float, hi: float) -> tuple[Curve, Curve]:
    """g and g′ on [lo, hi], broken at 0 where they jump."""
    zs = [lo + (hi - lo) * k / SAMPLES for k in range(SAMPLES + 1)]
    if _jumps(act) and lo < 0 < hi:
        left = [z for z in zs if z < 0] + [0.0]
        right = [0.0] + [z for z in zs if z > 0]
    else:
        left, right = zs, []

    def line(f, broken: bool):
        pts: list = [(z, f(act, z if z != 0 or not right else -1e-12)) for z in left]
        if right:
            if broken:
                pts.append(None)
            pts += [(z, f(act, z if z != 0 else 1e-12)) for z in right]
        return Points(pts)

    name = NAMES[act]
    g = Curve(f"{name}(z)", line(value, act == "step"), heavy=True)
    d = Curve(f"{name}′(z)", line(slope, True), dash="6 4")
    return g, d


def _named(act: str, texts: tuple[str, str]) -> tuple[str, str]:
    """``("σ(z) = 0.2689", "σ′(z) = 0.1966")`` from the two numbers."""
    name = NAMES[act]
    return f"{name}(z) = {texts[0]}", f"{name}′(z) = {texts[1]}"


def y_axis(act: str, lo: float, hi: float) -> Axis:
    if act == "tanh":
        return Axis(-1, 1, (-1, -0.5, 0, 0.5, 1), "")
    if act == "relu":
        return nice_axis(-1.0, max(1.0, hi), "", 6)
    return Axis(0, 1, (0, 0.25, 0.5, 0.75, 1), "")


def plot(
    act: str,
    zs: tuple[float, ...] = (),
    names: tuple[str, ...] = (),
    values: tuple[tuple[str, str], ...] = (),
) -> Drawing:
    """g and g′ with each z of ``zs`` marked: a dotted line named by ``names``, a dot on g
    and a ring on g′ (a ring around the dot where they meet), labelled with ``values``
    (g(z), g′(z) as text, written ``σ(z) = 0.2689`` and ``σ′(z) = 0.1966``; one label
    ``σ(z) = σ′(z) = 0.25`` when the two are written alike; none when empty)."""
    lo = min((-4.0, *(z - 0.5 for z in zs)))
    hi = max((4.0, *(z + 0.5 for z in zs)))
    x = nice_axis(lo, hi, "z", 5)
    g, d = curves(act, x.lo, x.hi)
    y = y_axis(act, x.lo, x.hi)
    spots = []
    for k, z in enumerate(zs):
        texts = _named(act, values[k]) if k < len(values) else ("", "")
        if texts[0] and values[k][0] == values[k][1]:
            texts = (f"{g.name} = {d.name} = {values[k][0]}", "")
        spots.append((z, value(act, z), texts[0]))
        spots.append((z, slope(act, z), texts[1], "ring"))
    marks = tuple(zip(zs, names))
    return draw(Plot(x, y, (g, d), marks=marks, spots=tuple(spots)))
