"""The learning rate over the epochs as ``lr_schedule``'s figure draws it: the points of
its curve, kept per schedule and range."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..figures import plot

SAMPLES = 60  # segments of a smooth decay's curve
CURVE_KEYS = ("schedule", "lr0", "factor", "every", "k")  # what the curve depends on


@lru_cache(maxsize=1024)  # a few schedules and ranges, the same for many epochs asked
def curve(values: tuple, end: float, name: str) -> plot.Curve:
    """η from epoch 0 to ``end`` under the schedule ``values`` (of :data:`CURVE_KEYS`),
    named ``name``."""
    given = {key: v for key, v in zip(CURVE_KEYS, values) if v is not None}
    epochs = _epochs(end, given)
    points = plot.Points(zip(epochs, _rates(given, epochs)))
    return plot.Curve(name, points, heavy=True)


def _epochs(end: float, given: dict[str, Any]) -> Sequence[float]:
    """Where to evaluate η: 60 points (a smooth decay drawn in segments 5 px long), or
    for step decay each step's two ends (sampled when there are more than 100 steps)."""
    s = int(given.get("every", 1))
    steps = int(end) // s + 1
    if given["schedule"] != "step" or steps > 100:
        return _smooth(end)
    ends = [float(e) for k in range(steps) for e in (k * s, min(end, k * s + s) - 1e-9)]
    return [e for e in ends if e <= end]


@lru_cache(maxsize=64)  # a few ranges
def _smooth(end: float) -> tuple[float, ...]:
    """A smooth decay's epochs: 61 from 0 to ``end``."""
    return tuple([end * k / SAMPLES for k in range(SAMPLES + 1)])


def _rates(given: dict[str, Any], ts: Sequence[float]) -> list[float]:
    """η at each of ``ts``: :func:`rate`'s operations, the schedule read once."""
    lr0, sched = float(given["lr0"]), given["schedule"]
    if sched == "step":
        s, factor, floor = int(given["every"]), float(given["factor"]), math.floor
        return [lr0 * factor ** floor(t / s) for t in ts]
    k = float(given["k"])
    if sched == "inverse":
        return [lr0 / d if (d := 1 + k * t) > 0 else math.inf for t in ts]
    exp, inf = math.exp, math.inf
    return [lr0 * exp(p) if (p := -1 * k * t) < 700 else inf for t in ts]
