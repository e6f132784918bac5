"""A frame's grid, tick marks and tick numbers, written as SVG path data and text: the
one way plots (:mod:`.plot`) and planes (:mod:`.plane`) draw their axes."""

from __future__ import annotations

from functools import lru_cache

from .layout import ASCENT, Box, text_box
from .svg import SIZE, num

TICK = 4  # a tick mark's length


@lru_cache(maxsize=1024)  # a few values, on every axis drawn
def tick_text(v: float) -> str:
    """A tick value the short way, with a true minus sign: ``0.25``, ``−2``, ``100``."""
    s = f"{v:.10g}"
    if "e" in s:
        mant, exp = s.split("e")
        s = f"{mant}×10" + svg_superscript(int(exp))
    return s.replace("-", "−")


def svg_superscript(n: int) -> str:
    return str(n).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def grid_lines(
    f, xticks, yticks, skip_crowded: bool = False
) -> tuple[list[str], list[str], list[str], list[Box]]:
    """(grid lines, tick marks, tick numbers, their boxes) of a frame ``f`` (``top``,
    ``bottom``, ``left``, ``right`` and the maps ``px``, ``py``): a plot's or a plane's,
    each coordinate written once. ``skip_crowded``: an x number that would touch the
    one before is left out (a user's points far apart: every other one named)."""
    grid, ticks, texts, boxes = [], [], [], []
    top, bottom, low = num(f.top), num(f.bottom), num(f.bottom + TICK)
    base = f.bottom + TICK + 4 + ASCENT * SIZE
    under = num(base)
    for t in xticks:
        x = f.px(t)
        nx = num(x)
        grid.append(f"M{nx} {top}L{nx} {bottom}")
        ticks.append(f"M{nx} {bottom}L{nx} {low}")
        label = tick_text(t)
        box = text_box(x, base, label)
        if skip_crowded and boxes and box.overlaps(boxes[-1], 4):
            continue
        texts.append(f"<text x='{nx}' y='{under}'>{label}</text>")
        boxes.append(box)
    left, right, out = num(f.left), num(f.right), num(f.left - TICK)
    at = f.left - TICK - 2
    end = num(at)
    for t in yticks:
        y = f.py(t)
        ny = num(y)
        grid.append(f"M{left} {ny}L{right} {ny}")
        ticks.append(f"M{out} {ny}L{left} {ny}")
        base = y + (ASCENT - 0.25) * SIZE / 2
        label = tick_text(t)
        texts.append(f"<text x='{end}' y='{num(base)}' text-anchor='end'>{label}</text>")
        boxes.append(text_box(at, base, label, anchor="end"))
    return grid, ticks, texts, boxes
