"""Curves on axes: losses per epoch, a learning rate over the epochs, an activation and
its derivative.

Curves differ by dash pattern and marker, never by colour alone, and a legend above the
axes names each with a sample of its line. Above the legend's row go the labels of the
vertical marks (the best epoch, the epoch asked), packed into rows so none overlaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import svg
from .axes import grid_lines, tick_text
from .layout import ASCENT, DESCENT, Box, Drawing, place_text, text_box, trace, width
from .svg import HALO, SIZE, num

WIDTH = 340
AREA_HEIGHT = 150  # the axes' height
PAD = 4
LINE = 15
TICK = 4
SAMPLE = 24  # the length of a legend's line sample
DOT = 3.2  # a marker's radius


@dataclass(frozen=True)
class Axis:
    """A range with its tick values and its name (``"epoch"``, ``"η"``)."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    label: str


@dataclass(frozen=True)
class Curve:
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
    """The plot, ``width_`` wide: legend and mark labels above, axes below them."""
    boxes: list[Box] = []
    body: list[str] = []
    y = PAD
    legend, y = _legend(plot.curves, y, width_, boxes)
    left = PAD + max(width(tick_text(t)) for t in plot.y.ticks) + TICK + 3
    right = width_ - PAD - width(tick_text(plot.x.ticks[-1])) / 2
    rows = _rows(plot, left, right, width_)
    labels_top = y
    y += LINE * len(rows) + 10
    f = _Frame(left, y, right, y + area_height, plot.x, plot.y)
    body.append(_axes(f, boxes))
    body.append(_shade(plot.after, f))
    body.append(_curves(plot.curves, f))
    body.append(legend)
    body.append(_row_labels(rows, labels_top, f, boxes))
    spots = _spots(plot.spots, f, boxes)
    body.append(_lines(plot, f, boxes))
    body.append(spots)
    height = f.bottom + TICK + 4 + LINE + LINE + PAD
    xl = text_box(width_ - PAD, height - PAD - 2, plot.x.label, anchor="end")
    boxes.append(xl)
    body.append(svg.text(width_ - PAD, height - PAD - 2, plot.x.label, " text-anchor='end'"))
    return Drawing(width_, height, "".join(body), tuple(boxes))


def _legend(curves, y: float, width_: float, boxes: list[Box]) -> tuple[str, float]:
    """One entry per named curve: a sample of its line, then its name; rows as needed."""
    keys = tuple((c.name, c.dash, c.marker, c.heavy) for c in curves if c.name)
    drawn, placed, bottom = _legend_drawn(keys, y, width_)
    boxes += placed
    return drawn, bottom


@lru_cache(maxsize=256)  # plots share a few legends
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
        out += _marker(x + SAMPLE / 2, y, c.marker)
    return out


def _marker(x: float, y: float, kind: str) -> str:
    if kind == "dot":
        return f"<circle cx='{num(x)}' cy='{num(y)}' r='{DOT}'/>"
    return (
        f"<circle cx='{num(x)}' cy='{num(y)}' r='{DOT}' fill='none' stroke='currentColor'"
        " stroke-width='1.4'/>"
    )


def _rows(plot: Plot, left: float, right: float, width_: float) -> list[list[tuple]]:
    """The labels above the axes (the y axis's name at the left, each mark's label over
    its line), packed into rows: each goes into the first row where it fits."""
    frame = _Frame(left, 0, right, 1, plot.x, plot.y)
    items = [(PAD, plot.y.label, "start")]
    marks = plot.marks
    if plot.after:  # its label over the middle of the shaded part
        marks += (((plot.after[0] + plot.x.hi) / 2, plot.after[1]),)
    for x, label in marks:
        w = width(label)
        cx = min(max(frame.px(x), PAD + w / 2), width_ - PAD - w / 2)
        items.append((cx, label, "middle"))
    rows: list[list[tuple]] = []
    for x, label, anchor in items:
        w = width(label)
        x0 = x if anchor == "start" else x - w / 2
        for row in rows:
            if all(x0 + w + 6 <= a or b + 6 <= x0 for a, b, *_ in row):
                row.append((x0, x0 + w, x, label, anchor))
                break
        else:
            rows.append([(x0, x0 + w, x, label, anchor)])
    return rows


def _row_labels(rows, top: float, f: _Frame, boxes: list[Box]) -> str:
    out = []
    for n, row in enumerate(rows):
        base = top + ASCENT * SIZE + n * LINE
        for _, _, x, label, anchor in row:
            attrs = "" if anchor == "middle" else f" text-anchor='{anchor}'"
            out.append(svg.text(x, base, label, attrs))
            boxes.append(text_box(x, base, label, anchor=anchor))
    return "<g class='nnq-labels'>" + "".join(out) + "</g>"


def _axes(f: _Frame, boxes: list[Box]) -> str:
    drawn, placed = _axes_drawn(f)
    boxes += placed
    return drawn


@lru_cache(maxsize=256)  # plots share a few frames: the grid is written once for each
def _axes_drawn(f: _Frame) -> tuple[str, tuple[Box, ...]]:
    """The grid, the frame, the ticks and their numbers (each coordinate written once)."""
    grid, ticks, texts, boxes = grid_lines(f, f.x.ticks, f.y.ticks)
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


def _shade(after: tuple[float, str] | None, f: _Frame) -> str:
    """A light band over the axes right of ``after``'s x (nothing without one)."""
    if after is None:
        return ""
    x = f.px(after[0])
    return (
        f"<rect class='nnq-after' x='{num(x)}' y='{num(f.top)}' width='{num(f.right - x)}'"
        f" height='{num(f.bottom - f.top)}' fill='currentColor' fill-opacity='.1'/>"
    )


def _curves(curves, f: _Frame) -> str:
    out = []
    for c in curves:
        d, at = _path(c.points, f)
        dash = f" stroke-dasharray='{c.dash}'" if c.dash else ""
        stroke = "2.4" if c.heavy else "1.6"
        if c.faint:
            out.append("<g class='nnq-faint' opacity='.45'>")
        out.append(svg.path(d, f" fill='none' stroke='currentColor' stroke-width='{stroke}'{dash}"))
        if c.marker:
            tail = _MARKER_TAIL[c.marker]
            out.append("".join([f"<circle cx='{x}' cy='{y}{tail}" for x, y in at]))
        if c.faint:
            out.append("</g>")
    return "<g class='nnq-curves'>" + "".join(out) + "</g>"


_MARKER_TAIL = {
    "dot": f"' r='{DOT}'/>",
    "ring": f"' r='{DOT}' fill='none' stroke='currentColor' stroke-width='1.4'/>",
}


@lru_cache(maxsize=256)
def _path(points, f: _Frame) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Path data through the points (a None starts a new piece), and each point's
    coordinates as written (where a marker goes)."""
    out, at, move = [], [], True
    left, lo, dx, w = f.left, f.x.lo, f.x.hi - f.x.lo, f.right - f.left
    bottom, low, high, h = f.bottom, f.y.lo, f.y.hi, f.bottom - f.top
    dy = high - low
    for p in points:  # f.px and f.py, written out: a curve has a hundred points or more
        if p is None:
            move = True
            continue
        x, y = p
        y = min(max(y, low), high)
        xy = num(left + (x - lo) / dx * w), num(bottom - (y - low) / dy * h)
        at.append(xy)
        out.append(f"{'M' if move else 'L'}{xy[0]} {xy[1]}")
        move = False
    return "".join(out), tuple(at)


def _lines(plot: Plot, f: _Frame, boxes: list[Box]) -> str:
    """The marks' vertical lines and the levels' horizontal ones, with the levels' labels
    at the right end, above the line or below it, wherever they overlap nothing."""
    out = []
    for x, _ in plot.marks:
        out.append(svg.path(f"M{num(f.px(x))} {num(f.top)}V{num(f.bottom)}"))
    for y, _ in plot.levels:
        out.append(svg.path(f"M{num(f.left)} {num(f.py(y))}H{num(f.right)}"))
    if not out:
        return ""
    lines = (
        "<g fill='none' stroke='currentColor' stroke-width='1.3' stroke-dasharray='2 3'>"
        + "".join(out)
        + "</g>"
    )
    texts = []
    for y, label in plot.levels:
        spots = [
            (x, f.py(y) + dy, anchor)
            for x, anchor in (
                (f.right - 2, "end"),
                (f.left + 4, "start"),
                ((f.left + f.right) / 2, "middle"),
                (f.left + (f.right - f.left) * 0.75, "middle"),
            )
            for dy in (-4, 14)
        ]
        # the curves' boxes in the band of these places (the others cannot touch them)
        band = (f.py(y) - 4 - (ASCENT + 1) * SIZE, f.py(y) + 14 + (DESCENT + 1) * SIZE)
        crossed = _traces(plot.curves, f, band)
        k, box, _ = place_text(  # clear of the labels, the marks and the curves too
            0, 0, label, spots, boxes + crossed, Box(f.left, f.top - 2, f.right + 2, f.bottom + 2)
        )
        x, base, anchor = spots[k]
        boxes.append(box)
        texts.append(svg.text(x, base, label, f" text-anchor='{anchor}'"))
    return lines + (f"<g{HALO}>{''.join(texts)}</g>" if texts else "")


def _traces(curves, f: _Frame, band: tuple[float, float]) -> list[tuple]:
    """Boxes along the curves where they reach into ``band`` (y from, y to): where a
    level's label must not go."""
    left, lo, dx, w = f.left, f.x.lo, f.x.hi - f.x.lo, f.right - f.left
    bottom, low, high, h = f.bottom, f.y.lo, f.y.hi, f.bottom - f.top
    dy = high - low
    out = []
    for c in curves:  # f.px and f.py written out (the same operations), as in _path
        points = []
        for p in c.points:
            if p is None:
                points.append(None)
                continue
            y = p[1]
            y = low if low > y else y
            y = high if high < y else y
            points.append((left + (p[0] - lo) / dx * w, bottom - (y - low) / dy * h))
        out += trace(points, band=band)
    return out


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


_RING = " fill='none' stroke='currentColor' stroke-width='1.6'"


def _spots(spots, f: _Frame, boxes: list[Box]) -> str:
    """A filled dot at each spot, its label beside it where it overlaps nothing."""
    if not spots:
        return ""
    dots, texts = [], []
    for x, y, _, *ring in spots:
        cx, cy = f.px(x), f.py(y)
        if ring:  # hollow and wider: a dot at the same place shows inside it
            dots.append(f"<circle cx='{num(cx)}' cy='{num(cy)}' r='6'{_RING}/>")
        else:
            dots.append(f"<circle cx='{num(cx)}' cy='{num(cy)}' r='4'/>")
        r = 7 if ring else 4
        boxes.append(Box(cx - r, cy - r, cx + r, cy + r, "mark"))
    for x, y, label, *_ in spots:
        if not label:
            continue
        cx, cy = f.px(x), f.py(y)
        inside = Box(f.left, f.top - 2, f.right + 2, f.bottom)
        k, box, _ = place_text(cx, cy, label, _AROUND, boxes, inside)
        dx, dy, anchor = _AROUND[k]
        boxes.append(box)
        texts.append(svg.text(cx + dx, cy + dy, label, f" text-anchor='{anchor}'"))
    return "".join(dots) + (
        f"<g class='nnq-spots'{HALO}>" + "".join(texts) + "</g>" if texts else ""
    )
