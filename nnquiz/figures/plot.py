"""Curves on axes: losses per epoch, a learning rate over the epochs, an activation and
its derivative.

Curves differ by dash pattern and marker, never by colour alone, and a legend above the
axes names each with a sample of its line. Above the legend's row go the labels of the
vertical marks (the best epoch, the epoch asked), packed into rows so none overlaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import add
from typing import NamedTuple

from . import svg
from .axes import grid_lines, tick_text
from .layout import (
    ASCENT,
    Box,
    Drawing,
    text_box,
    width,
)
from .plotcurves import DOT, MARKER, curves_drawn
from .plotmarks import lines_drawn, spots_drawn
from .svg import SIZE, num

WIDTH = 340
AREA_HEIGHT = 150  # the axes' height
PAD = 4
LINE = 15
TICK = 4
SAMPLE = 24  # the length of a legend's line sample


class Axis(NamedTuple):  # a tuple: hashed in C, where a plot's caches look it up
    """A range with its tick values and its name (``"epoch"``, ``"η"``)."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    label: str


class Points(tuple):
    """A kept curve's points (a tuple of (x, y), None where it breaks) that hash once:
    the plot's caches look a kept curve up by its points every time it is drawn, and a
    tuple hashes its hundred points anew each time. Equal to (and hashed as) the plain
    tuple of the same points."""

    def __hash__(self) -> int:
        h = self.__dict__.get("hash")
        if h is None:
            h = self.__dict__["hash"] = tuple.__hash__(self)
        return h

    def __reduce__(self):  # pickled without its hash (None's hash differs by process)
        return Points, (tuple(self),)


class Curve(NamedTuple):  # a tuple: hashed in C, where a plot's caches look it up
    """A named line through ``points`` (a None point breaks it), with a dash pattern
    (``""`` solid, ``"6 4"`` dashed, ``"2 3"`` dotted) and a marker at each point
    (``""``, ``"dot"`` filled, ``"ring"`` hollow); a ``faint`` one is drawn light (what
    did not happen: the epochs after early stopping's stop)."""

    name: str
    points: tuple[tuple[float, float] | None, ...]
    dash: str = ""
    marker: str = ""
    heavy: bool = False
    faint: bool = False


@dataclass(frozen=True)
class Plot:
    """Axes and what is drawn on them: ``marks`` are labelled vertical lines at x,
    ``levels`` labelled horizontal lines at y, ``spots`` labelled points (x, y), a filled
    dot each (a ring around it for a spot ``(x, y, label, "ring")``);
    ``after`` (x, label) shades the axes right of x, its label above them (epochs that
    were never trained: the label says so, the shade and faint curves only echo it)."""

    x: Axis
    y: Axis
    curves: tuple[Curve, ...]
    marks: tuple[tuple[float, str], ...] = ()
    levels: tuple[tuple[float, str], ...] = ()
    spots: tuple[tuple, ...] = ()
    after: tuple[float, str] | None = None


@lru_cache(maxsize=1024)  # a few ranges come back again and again
def nice_axis(lo: float, hi: float, label: str, count: int = 5, whole: bool = False) -> Axis:
    """An axis from ``lo`` to ``hi`` widened to round ticks (1, 2 or 5 times a power of
    ten apart, about ``count`` of them; whole numbers only with ``whole``)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = max(1 if whole else 0, next(m * power for m in steps if m * power >= raw))
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    ticks = tuple(_clean(k * step) for k in range(first, last + 1))
    return Axis(ticks[0], ticks[-1], ticks, label)


def _clean(v: float) -> float:
    return float(f"{v:.10g}") + 0.0


class _Frame(NamedTuple):  # one per figure: a tuple is made fast (and is a cache key)
    left: float
    top: float
    right: float
    bottom: float
    x: Axis
    y: Axis

    def px(self, v: float) -> float:
        return self.left + (v - self.x.lo) / (self.x.hi - self.x.lo) * (self.right - self.left)

    def py(self, v: float) -> float:
        v = min(max(v, self.y.lo), self.y.hi)
        return self.bottom - (v - self.y.lo) / (self.y.hi - self.y.lo) * (self.bottom - self.top)


def draw(plot: Plot, width_: float = WIDTH, area_height: float = AREA_HEIGHT) -> Drawing:
    """The plot, ``width_`` wide: legend and mark labels above, axes below them. What
    does not depend on the curves, marks and spots (the legend, the axes, the axis
    names) is drawn once per frame (:func:`_base`), the rows of labels above the axes
    once per marks and frame (:func:`_rows`, :func:`_row_text`). Its boxes are laid
    out again when a test asks for them (a figure kept holds its plot, not its boxes)."""
    height, body, _ = _drawn(plot, width_, area_height, False)
    return Drawing(width_, height, body, partial(_boxes, plot, width_, area_height))


def _boxes(plot: Plot, width_: float, area_height: float) -> tuple[Box, ...]:
    return _drawn(plot, width_, area_height, True)[2]


def _drawn(
    plot: Plot, width_: float, area_height: float, full: bool
) -> tuple[float, str, tuple[Box, ...]]:
    """:func:`draw`'s height, body and (``full``) boxes. A label inside the axes is
    placed among ``near``, the boxes that reach into them: nothing of the frame (the
    boxes of the ticks and the legend lie outside), nor the rows above them (their
    lowest box ends 8.6 px above where such a label may reach), but the spots and the
    labels there; the other boxes are gathered only for ``full``."""
    left, right = _margins(plot.x, plot.y, width_)
    rows = _rows(plot.marks, plot.after, plot.x, plot.y.label, left, right, width_)
    keys = tuple((c.name, c.dash, c.marker, c.heavy) for c in plot.curves if c.name)
    base = _base(keys, plot.x, plot.y, len(rows), width_, area_height)
    f = base.frame
    near = list(base.near)
    labelled = plot.levels or any(s[2] for s in plot.spots)
    spots = spots_drawn(plot.spots, f, near, full or bool(labelled))
    lines = lines_drawn(plot, f, near)
    body = "".join(
        (
            base.axes,
            _shade(plot.after, f),
            curves_drawn(plot.curves, f),
            base.legend,
            _row_text(rows, base.labels_top),
            lines,
            spots,
            base.x_name,
        )
    )
    if not full:
        return base.height, body, ()
    boxes = (*base.boxes, *_row_boxes(rows, base.labels_top), *near[len(base.near) :])
    return base.height, body, (*boxes, base.x_box)


@lru_cache(maxsize=256)
def _margins(x: Axis, y: Axis, width_: float) -> tuple[float, float]:
    """The axes' left and right ends: room for the y ticks' numbers and half the last
    x tick's."""
    left = PAD + max(width(tick_text(t)) for t in y.ticks) + TICK + 3
    return left, width_ - PAD - width(tick_text(x.ticks[-1])) / 2


def _region(f: _Frame) -> Box:
    """Where the labels inside the axes may go (as far as a level's label may)."""
    return Box(f.left, f.top - 2, f.right + 2, f.bottom + 2)


class _Base(NamedTuple):
    """What a plot draws whatever its curves, marks and spots."""

    frame: _Frame
    axes: str  # the grid, frame, ticks and their numbers
    legend: str
    boxes: tuple[Box, ...]  # the legend's, then the axes'
    near: tuple[Box, ...]  # those of them that reach into the axes' region (none)
    labels_top: float  # where the rows of labels start
    height: float
    x_name: str  # the x axis's name, bottom right
    x_box: Box


@lru_cache(maxsize=1024)  # a few legends, axes and row counts come back again and again
def _base(keys, x: Axis, y: Axis, rows: int, width_: float, area_height: float) -> _Base:
    """The legend of the curves ``keys`` (name, dash, marker, heavy), ``rows`` rows of
    labels under it, then the axes."""
    legend, placed, top = _legend_drawn(keys, PAD, width_)
    left, right = _margins(x, y, width_)
    y0 = top + (LINE * rows + 10)  # the rows' height added to the legend's bottom at once
    f = _Frame(left, y0, right, y0 + area_height, x, y)
    axes, ticks = _axes_drawn(f)
    height = f.bottom + TICK + 4 + LINE + LINE + PAD
    return _Base(
        f,
        axes,
        legend,
        placed + ticks,
        tuple(b for b in placed + ticks if _region(f).overlaps(b, 1)),
        top,
        height,
        svg.text(width_ - PAD, height - PAD - 2, x.label, " text-anchor='end'"),
        text_box(width_ - PAD, height - PAD - 2, x.label, anchor="end"),
    )


@lru_cache(maxsize=64)  # a few legends
def _legend_drawn(keys, y: float, width_: float) -> tuple[str, tuple[Box, ...], float]:
    named = [Curve(name, (), dash, marker, heavy) for name, dash, marker, heavy in keys]
    if not named:
        return "", (), y
    boxes: list[Box] = []
    parts, x, base = [], PAD, y + ASCENT * SIZE
    for c in named:
        w = SAMPLE + 4 + width(c.name)
        if x > PAD and x + w > width_ - PAD:
            x, base = PAD, base + LINE
        mid = base - 4
        parts.append(_line_sample(x, mid, c))
        parts.append(svg.text(x + SAMPLE + 4, base, c.name, " text-anchor='start'"))
        boxes.append(text_box(x + SAMPLE + 4, base, c.name, anchor="start"))
        boxes.append(Box(x, mid - DOT, x + SAMPLE, mid + DOT, "mark"))
        x += w + 14
    drawn = "<g class='nnq-legend'>" + "".join(parts) + "</g>"
    return drawn, tuple(boxes), base + LINE - ASCENT * SIZE


def _line_sample(x: float, y: float, c: Curve) -> str:
    dash = f" stroke-dasharray='{c.dash}'" if c.dash else ""
    stroke = " stroke-width='2.4'" if c.heavy else " stroke-width='1.6'"
    out = svg.path(
        f"M{num(x)} {num(y)}h{SAMPLE}", f" fill='none' stroke='currentColor'{stroke}{dash}"
    )
    if c.marker:
        out += MARKER[c.marker] % (num(x + SAMPLE / 2), num(y))
    return out


# a few marks asked come back, in a few frames (where they do not, as at a vector of z,
# a small cache churns rather than grows: what it keeps the garbage collector scans)
@lru_cache(maxsize=128)
def _rows(
    marks, after, x: Axis, y_label: str, left: float, right: float, width_: float
) -> tuple[tuple[tuple, ...], ...]:
    """The labels above the axes (the y axis's name at the left, each mark's label over
    its line, ``after``'s over the middle of the shaded part), packed into rows: each
    goes into the first row where it fits. A label is (x0, x1, x, label, anchor)."""
    lo, dx, span = x.lo, x.hi - x.lo, right - left  # _Frame.px, written out
    rows: list[list[tuple]] = [[(PAD, PAD + width(y_label), PAD, y_label, "start")]]
    if after:
        marks += (((after[0] + x.hi) / 2, after[1]),)
    for at, label in marks:
        w = width(label)
        at = min(max(left + (at - lo) / dx * span, PAD + w / 2), width_ - PAD - w / 2)
        x0 = at - w / 2
        for row in rows:
            if all(x0 + w + 6 <= a or b + 6 <= x0 for a, b, *_ in row):
                row.append((x0, x0 + w, at, label, "middle"))
                break
        else:
            rows.append([(x0, x0 + w, at, label, "middle")])
    return tuple(map(tuple, rows))


@lru_cache(maxsize=128)  # as _rows
def _row_text(rows, top: float) -> str:
    """The rows of labels written from ``top`` down."""
    out = []
    for n, row in enumerate(rows):
        y = num(top + ASCENT * SIZE + n * LINE)
        for _, _, x, label, anchor in row:
            if label:
                attrs = "" if anchor == "middle" else f" text-anchor='{anchor}'"
                out.append(f"<text x='{num(x)}' y='{y}'{attrs}>{svg.esc(label)}</text>")
    return "<g class='nnq-labels'>" + "".join(out) + "</g>"


def _row_boxes(rows, top: float) -> tuple[Box, ...]:
    """The boxes of :func:`_row_text`'s labels."""
    return tuple(
        text_box(x, top + ASCENT * SIZE + n * LINE, label, anchor=anchor)
        for n, row in enumerate(rows)
        for _, _, x, label, anchor in row
    )


def _axes_drawn(f: _Frame) -> tuple[str, tuple[Box, ...]]:
    """The grid, the frame, the ticks and their numbers (each coordinate written once);
    the x ticks' parts are kept per x axis and frame, the y ticks' per y axis and frame."""
    grid, ticks, texts, boxes = map(
        add,
        _x_ticks(f.left, f.top, f.right, f.bottom, f.x),
        _y_ticks(f.left, f.top, f.right, f.bottom, f.y),
    )
    left, right, top, bottom = num(f.left), num(f.right), num(f.top), num(f.bottom)
    frame = f"M{left} {top}V{bottom}H{right}"
    return (
        "<g fill='none' stroke='currentColor'>"
        + svg.path("".join(grid), " stroke-opacity='.18'")
        + svg.path("".join(ticks) + frame, " stroke-width='1.2'")
        + "</g><g class='nnq-ticks'>"
        + "".join(texts)
        + "</g>"
    ), tuple(boxes)


@lru_cache(maxsize=512)
def _x_ticks(left: float, top: float, right: float, bottom: float, x: Axis):
    """:func:`grid_lines`' parts of the x ticks (its y ticks' come after them)."""
    return grid_lines(_Frame(left, top, right, bottom, x, x), x.ticks, ())


@lru_cache(maxsize=512)
def _y_ticks(left: float, top: float, right: float, bottom: float, y: Axis):
    """:func:`grid_lines`' parts of the y ticks."""
    return grid_lines(_Frame(left, top, right, bottom, y, y), (), y.ticks)


def _shade(after: tuple[float, str] | None, f: _Frame) -> str:
    """A light band over the axes right of ``after``'s x (nothing without one)."""
    if after is None:
        return ""
    x = f.px(after[0])
    return (
        f"<rect class='nnq-after' x='{num(x)}' y='{num(f.top)}' width='{num(f.right - x)}'"
        f" height='{num(f.bottom - f.top)}' fill='currentColor' fill-opacity='.1'/>"
    )
