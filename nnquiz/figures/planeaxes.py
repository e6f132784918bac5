"""The axes of a plane (:mod:`.plane`): a range around the points, x and y on one
scale, the grid, the ticks and their numbers, the axes' names.

A frame depends on its ranges and on the legend's height only, and scenes share them,
so each is drawn once and kept; its x ticks' part and its y ticks' part are kept apart
too (frames of one width or one height share them), so that a new frame writes little.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

from .axes import tick_text
from .layout import ASCENT, DESCENT, Box, text_box, width
from .svg import SIZE, tenth_texts

WIDTH = 340
PAD = 4
LINE = 15
TICK = 4
MAX_SCALE = 90  # pixels per unit, at most
MAX_SIDE = 280  # the axes' longest side
MAX_HEIGHT = 240  # and their height: the figure and the text around it fit a phone's screen


def written(values) -> list[str]:
    """Each of ``values`` as :func:`svg.num` writes it: rounded to tenths as it rounds
    them, each text taken from :func:`svg.tenth_texts`'s table."""
    return tenth_texts([round(v * 10) for v in values])


class Frame(NamedTuple):  # one per figure: a tuple is made fast (and is a cache key)
    left: float
    top: float
    scale: float
    x0: float
    x1: float
    y0: float
    y1: float

    def px(self, x: float) -> float:
        return self.left + (x - self.x0) * self.scale

    def py(self, y: float) -> float:
        return self.top + (self.y1 - y) * self.scale

    @property
    def right(self) -> float:
        return self.px(self.x1)

    @property
    def bottom(self) -> float:
        return self.py(self.y0)


class Framed(NamedTuple):
    """A frame drawn: its map ``f``, its ``axes`` (grid, ticks, their numbers: SVG), the
    axes' ``names`` (SVG) and their boxes, the figure's ``height`` below the names, the
    ``room`` a label may take (the axes and a margin above and below), and the axes'
    rectangle ``area`` (x0, y0, x1, y1), which none of the tick numbers' :attr:`boxes`
    reaches into (made when asked, from ``spans`` and ``row_boxes``: a label near the
    frame's edge, or a test)."""

    f: Frame
    axes: str
    names: str
    names_boxes: tuple[Box, Box]
    height: float
    room: Box
    area: tuple[float, float, float, float]
    spans: tuple[tuple[float, float], ...]  # each x tick number's left and right side
    row_boxes: tuple[Box, ...]  # the y tick numbers' boxes
    key: tuple[float, ...]  # what it was drawn from: _framed's arguments

    @property
    def boxes(self) -> tuple[Box, ...]:
        """The tick numbers' boxes, the x ticks' first."""
        base = _under(self.f.bottom)
        y0, y1 = base - ASCENT * SIZE, base + DESCENT * SIZE
        new = tuple.__new__  # a named tuple made without a call
        return tuple([new(Box, (a, y0, b, y1, "label")) for a, b in self.spans]) + self.row_boxes


def frame(xs: list[float], ys: list[float], top: float) -> Framed:
    """The frame holding every x of ``xs`` and y of ``ys``, its top at ``top``: each
    range with room around it, both on the coarser of their tick steps."""
    return _framed(*_bounds(min(xs), max(xs), min(ys), max(ys)), top)


# the points are on a grid, and most of what a frame holds is too: a few thousand bounds
@lru_cache(maxsize=4096)
def _bounds(x_lo: float, x_hi: float, y_lo: float, y_hi: float) -> tuple[float, ...]:
    """The ranges (x0, x1, y0, y1) and tick step of a frame holding x_lo…x_hi and
    y_lo…y_hi."""
    x0, x1, sx = _range(x_lo, x_hi)
    y0, y1, sy = _range(y_lo, y_hi)
    step = max(sx, sy)
    x0, x1 = math.floor(x0 / step) * step, math.ceil(x1 / step) * step
    y0, y1 = math.floor(y0 / step) * step, math.ceil(y1 / step) * step
    return x0, x1, y0, y1, step


def _range(lo: float, hi: float) -> tuple[float, float, float]:
    """A range holding lo…hi with room around it, on ticks 0.5 or 1 apart (or 2, 5, 10,
    … for a wide range a user gives: about 8 ticks, never millions)."""
    step = 0.5 if hi - lo <= 3 else 1.0
    if hi - lo > 8:
        raw = (hi - lo) / 8
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    lo = math.floor(lo / step) * step - step
    hi = math.ceil(hi / step) * step + step
    return lo, hi, step


@lru_cache(maxsize=1024)  # a few ranges
def _ticks(lo: float, hi: float, step: float) -> tuple[float, ...]:
    n = round((hi - lo) / step)
    return tuple([float(f"{lo + k * step:.10g}") + 0.0 for k in range(n + 1)])


@lru_cache(maxsize=1024)
def _widest(ticks: tuple[float, ...]) -> float:
    return max(width(tick_text(t)) for t in ticks)


def _under(bottom: float) -> float:
    """The baseline of the x ticks' numbers under an axis at ``bottom``."""
    return bottom + TICK + 4 + ASCENT * SIZE


_NAMES = (
    "<g class='nnq-axis-names'><text x='%s' y='%s' text-anchor='end'>x₁</text>"
    "<text x='%s' y='%s' text-anchor='start'>x₂</text></g>"
)


# a perceptron's ranges make about a thousand frames (with fewer kept, a long run draws
# many again), a separable's a few hundred
@lru_cache(maxsize=2048)
def _framed(x0: float, x1: float, y0: float, y1: float, step: float, top: float) -> Framed:
    """The frame of the ranges ``x0``…``x1``, ``y0``…``y1`` (ticks ``step`` apart) whose
    top is at ``top``: x and y on one scale, as wide and tall as the limits allow. Its x
    and y ticks' parts are kept (:func:`_columns`, :func:`_rows`); a new frame writes its
    sides, zero lines and axes' names (a dozen numbers, by one format) and fills them in."""
    xticks, half_last = _xs(x0, x1, step)
    yticks, left = _ys(y0, y1, step)
    room = min(WIDTH - PAD - left - half_last, MAX_SIDE)
    scale = min(MAX_SCALE, room / (x1 - x0), MAX_HEIGHT / (y1 - y0))
    cols, rows = _columns(left, scale, x0, xticks), _rows(left, top, scale, y1, yticks)
    right, bottom = left + (x1 - x0) * scale, top + (y1 - y0) * scale  # f.px(x1), f.py(y0)
    below = bottom + TICK + 4 + LINE  # the axes' names' line
    x_base, y_name, y_base = below + ASCENT * SIZE, left + 6, top + ASCENT * SIZE
    sides = [left, right, top, bottom, bottom + TICK, _under(bottom), x_base, y_name, y_base]
    if x0 < 0 < x1:
        sides.append(left + (0 - x0) * scale)  # f.px(0)
    if y0 < 0 < y1:
        sides.append(top + (y1 - 0) * scale)  # f.py(0)
    at = written(sides)
    return Framed(
        Frame(left, top, scale, x0, x1, y0, y1),
        _axes(at, x0 < 0 < x1, y0 < 0 < y1, cols, rows),
        _NAMES % (at[1], at[6], at[7], at[8]),
        _name_boxes(right, x_base, y_name, y_base),
        below + LINE + PAD,
        Box(0, top - 14, WIDTH, bottom + 14),
        (left, top, right, bottom),
        cols.spans,
        rows.boxes,
        (x0, x1, y0, y1, step, top),
    )


def frame_of(key: tuple[float, ...]) -> Framed:
    """The frame :attr:`Framed.key` names (kept, or drawn again: the same)."""
    return _framed(*key)


@lru_cache(maxsize=1024)
def _xs(x0: float, x1: float, step: float) -> tuple[tuple[float, ...], float]:
    """The x ticks, and half the width of the last one's number."""
    ticks = _ticks(x0, x1, step)
    return ticks, width(tick_text(ticks[-1])) / 2


@lru_cache(maxsize=1024)
def _ys(y0: float, y1: float, step: float) -> tuple[tuple[float, ...], float]:
    """The y ticks, and the axes' left side (right of their widest number)."""
    ticks = _ticks(y0, y1, step)
    return ticks, PAD + _widest(ticks) + TICK + 3


_X1, _X2 = width("x₁"), width("x₂")


def _name_boxes(x: float, y: float, x2: float, y2: float) -> tuple[Box, Box]:
    """The boxes of x₁ (its baseline at y, ending at x) and x₂ (at y2, from x2), as
    :func:`text_box` makes them."""
    x1 = x - _X1
    up, down = ASCENT * SIZE, DESCENT * SIZE
    new = tuple.__new__  # a named tuple made without a call
    return new(Box, (x1, y - up, x1 + _X1, y + down, "label")), new(
        Box, (x2, y2 - up, x2 + _X2, y2 + down, "label")
    )


# The frame's sides, left open in its x ticks' and y ticks' path data (kept per range and
# shared by frames of one width or height), are filled in by str.replace: characters that
# no path holds. (Path data are ASCII, which str.replace goes through fastest; the x
# numbers, with their minus signs, are joined by their y.)
_TOP, _BOTTOM, _LOW, _LEFT, _RIGHT = "\x01", "\x02", "\x03", "\x04", "\x05"
_AXES = (
    "<g fill='none' stroke='currentColor'><path d='%s' stroke-opacity='.18'/>"
    "<path d='M%s %sH%sV%sH%sZ%s' stroke-width='1.2'/>%s</g><g class='nnq-ticks'>%s</g>"
)


def _axes(at: list[str], zero_x: bool, zero_y: bool, cols: _Columns, rows: _Rows) -> str:
    """The grid, the frame, the ticks and their numbers, the zero lines: the x and y
    ticks' parts put together, the frame's sides (``at``: left, right, top, bottom, the
    ticks' ends, the x numbers' baseline, …, then the zero lines' x and y, those drawn)
    filled in."""
    left, right, top, bottom, low, under = at[:6]
    grid = cols.grid.replace(_TOP, top).replace(_BOTTOM, bottom)
    grid += rows.grid.replace(_LEFT, left).replace(_RIGHT, right)
    marks = cols.marks.replace(_BOTTOM, bottom).replace(_LOW, low) + rows.marks
    zero = ""
    if zero_x:
        zero = f"M{at[9]} {top}L{at[9]} {bottom}"
    if zero_y:
        y = at[-1]
        zero += f"M{left} {y}L{right} {y}"
    if zero:
        zero = f"<path d='{zero}' stroke-opacity='.6'/>"
    texts = under.join(cols.texts) + rows.texts
    return _AXES % (grid, left, top, right, bottom, left, marks, zero, texts)


class _Columns(NamedTuple):
    """The x ticks' part of a frame: the grid's and the marks' path data and the numbers
    under the axis (SVG), open where the frame's sides go, and each number's left and
    right side."""

    grid: str
    marks: str
    texts: tuple[str, ...]  # the numbers' SVG, split where their y goes
    spans: tuple[tuple[float, float], ...]


@lru_cache(maxsize=1024)  # frames of one width and x range share them
def _columns(left: float, scale: float, x0: float, ticks) -> _Columns:
    """Each number that would touch the one before is left out (a user's points far
    apart: every other one named)."""
    grid, marks, spans = [], [], []
    texts, after = [], ""  # the numbers' SVG, split where their y goes
    xs = [left + (t - x0) * scale for t in ticks]
    for t, x, nx in zip(ticks, xs, written(xs)):
        grid.append(f"M{nx} {_TOP}L{nx} {_BOTTOM}")
        marks.append(f"M{nx} {_BOTTOM}L{nx} {_LOW}")
        label = tick_text(t)
        w = width(label)
        a = x - w / 2
        if spans and a < spans[-1][1] + 4 and spans[-1][0] < a + w + 4:
            continue
        texts.append(f"{after}<text x='{nx}' y='")
        after = f"'>{label}</text>"
        spans.append((a, a + w))
    texts.append(after)
    return _Columns("".join(grid), "".join(marks), tuple(texts), tuple(spans))


class _Rows(NamedTuple):
    """The y ticks' part of a frame: the grid's path data (open where the frame's sides
    go), the marks' path data, the numbers left of the axis (SVG) and their boxes."""

    grid: str
    marks: str
    texts: str
    boxes: tuple[Box, ...]


@lru_cache(maxsize=1024)  # frames of one height and y range share them
def _rows(left: float, top: float, scale: float, y1: float, ticks) -> _Rows:
    grid, marks, texts, boxes = [], [], [], []
    at = left - TICK - 2
    out, nleft, end = written((left - TICK, left, at))
    ys = [top + (y1 - t) * scale for t in ticks]
    bases = [y + (ASCENT - 0.25) * SIZE / 2 for y in ys]
    for t, ny, base, nbase in zip(ticks, written(ys), bases, written(bases)):
        grid.append(f"M{_LEFT} {ny}L{_RIGHT} {ny}")
        marks.append(f"M{out} {ny}L{nleft} {ny}")
        label = tick_text(t)
        texts.append(f"<text x='{end}' y='{nbase}' text-anchor='end'>{label}</text>")
        boxes.append(text_box(at, base, label, anchor="end"))
    return _Rows("".join(grid), "".join(marks), "".join(texts), tuple(boxes))
