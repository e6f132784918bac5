"""The marks, levels and spots of a plot (:mod:`.plot`): the dotted rules across the
axes, a level's label placed clear of the curves (:mod:`.plotlevels`), and the dots on
the curves with their labels placed around them, clear of each other."""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING

from . import svg
from .layout import Box, clear_places, place_text
from .plotlevels import level_place, level_spots, line
from .svg import HALO, num

if TYPE_CHECKING:
    from .plot import Plot, _Frame


def lines_drawn(plot: Plot, f: _Frame, near: list[Box]) -> str:
    """The marks' vertical lines and the levels' horizontal ones, with the levels' labels
    at the right end, above the line or below it, wherever they overlap nothing (no
    label or mark of ``near``, those inside the axes; and no curve): each label's box
    goes into ``near``."""
    lines = _rules(tuple(x for x, _ in plot.marks), tuple(y for y, _ in plot.levels), f)
    if not lines:
        return ""
    texts = []
    traced = [line(c.points, f) for c in plot.curves] if plot.levels else []
    for y, label in plot.levels:
        spots = level_spots(f, y)
        k, box = level_place(label, spots, near, near, f, traced, f.py(y))
        x, base, anchor = spots[k]
        near.append(box)
        texts.append(svg.text(x, base, label, f" text-anchor='{anchor}'"))
    return lines + (f"<g{HALO}>{''.join(texts)}</g>" if texts else "")


@lru_cache(maxsize=128)  # as _rows
def _rules(xs: tuple[float, ...], ys: tuple[float, ...], f: _Frame) -> str:
    """The dotted vertical lines at ``xs`` and horizontal ones at ``ys`` across the axes
    (each kept per place and frame: the marks of a vector of z are new together, one by
    one they come back)."""
    if not xs and not ys:
        return ""
    out = [*map(_rule, xs, repeat(f)), *map(_level_rule, ys, repeat(f))]
    return (
        "<g fill='none' stroke='currentColor' stroke-width='1.3' stroke-dasharray='2 3'>"
        + "".join(out)
        + "</g>"
    )


@lru_cache(maxsize=1024)
def _rule(x: float, f: _Frame) -> str:
    return svg.path(f"M{num(f.px(x))} {num(f.top)}V{num(f.bottom)}")


@lru_cache(maxsize=256)
def _level_rule(y: float, f: _Frame) -> str:
    return svg.path(f"M{num(f.left)} {num(f.py(y))}H{num(f.right)}")


# where a spot's label may go: (dx, dy of the baseline, anchor), nearest first
_AROUND = (
    (7, -6, "start"),
    (-7, -6, "end"),
    (7, 14, "start"),
    (-7, 14, "end"),
    (10, 4, "start"),
    (-10, 4, "end"),
    (0, -10, "middle"),
    (0, 20, "middle"),
)
_AROUND += tuple((2 * dx, dy - 12 if dy < 0 else dy + 12, a) for dx, dy, a in _AROUND)


def spots_drawn(spots, f: _Frame, near: list[Box], boxed: bool) -> str:
    """A filled dot at each spot (a ring for a spot marked so), its label beside it where
    it overlaps nothing of ``near`` (the boxes inside the axes: each label's box goes
    into it, and each dot's when ``boxed``, as a label after it or the test reading the
    boxes needs them). The canvas coordinates are :meth:`_Frame.px` and
    :meth:`_Frame.py`'s, written out, and written by one % format."""
    if not spots:
        return ""
    left, lo, dx, w = f.left, f.x.lo, f.x.hi - f.x.lo, f.right - f.left
    bottom, low, high, h = f.bottom, f.y.lo, f.y.hi, f.bottom - f.top
    dy = high - low
    at = [
        (left + (s[0] - lo) / dx * w, bottom - (min(max(s[1], low), high) - low) / dy * h)
        for s in spots
    ]
    shapes = [_RING if len(s) > 3 else _DOT for s in spots]  # a ring: hollow and wider
    dots = "".join(shapes) % tuple(svg.tenth_texts([round(v * 10) for p in at for v in p]))
    if boxed:
        for (cx, cy), shape in zip(at, shapes):
            r = 7 if shape is _RING else 4
            near.append(Box(cx - r, cy - r, cx + r, cy + r, "mark"))
    texts = [_spot_label(cx, cy, s[2], f, near) for (cx, cy), s in zip(at, spots) if s[2]]
    if not texts:
        return dots
    return dots + f"<g class='nnq-spots'{HALO}>" + "".join(texts) + "</g>"


_DOT = "<circle cx='%s' cy='%s' r='4'/>"
_RING = "<circle cx='%s' cy='%s' r='6' fill='none' stroke='currentColor' stroke-width='1.6'/>"


def _spot_label(cx: float, cy: float, label: str, f: _Frame, near: list[Box]) -> str:
    """A spot's label at the first place around (cx, cy) that overlaps nothing of
    ``near`` (else the one overlapping least); its box goes into ``near``."""
    inside = Box(f.left, f.top - 2, f.right + 2, f.bottom)
    k, box = next(clear_places(cx, cy, label, _AROUND, near, inside), (None, None))
    if k is None:  # every place overlaps something: the one overlapping least
        k, box, _ = place_text(cx, cy, label, _AROUND, near, inside)
    dx, dy, anchor = _AROUND[k]
    near.append(box)
    return svg.text(cx + dx, cy + dy, label, f" text-anchor='{anchor}'")
