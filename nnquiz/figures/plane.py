"""Points in the plane: two classes by shape (○ for +1, × for −1), lines θ·x + b = 0,
points marked with a square, arrows and boxes; x and y on one scale, so a line's angle
and a normal vector look as they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from . import svg
from .layout import ASCENT, Box, Drawing, place_text, text_box, width, wrap
from .plot import grid_lines, tick_text
from .svg import HALO, SIZE, num

WIDTH = 340
PAD = 4
LINE = 15
TICK = 4
MAX_SCALE = 90  # pixels per unit, at most
MAX_SIDE = 280  # the axes' longest side
MAX_HEIGHT = 240  # and their height: the figure and the text around it fit a phone's screen
RING, CROSS, SQUARE = 6.0, 5.5, 11.0


@dataclass(frozen=True)
class Line:
    """The line θ·x + b = 0, named in the legend (``dash``: ``""`` solid, ``"6 4"``)."""

    theta: tuple[float, float]
    b: float
    name: str
    dash: str = ""


@dataclass(frozen=True)
class Arrow:
    start: tuple[float, float]
    end: tuple[float, float]
    label: str = ""


@dataclass(frozen=True)
class Scene:
    """What to draw: ``points`` with ``labels`` (+1 or −1), ``lines``, the indices of
    ``flagged`` points (a square around each), ``tags`` (a text beside each point: its
    coordinates, so that the drawing shows every number of the points), ``arrows``,
    ``boxes`` (dashed rectangles ``(x0, y0, x1, y1)``), ``spots`` (filled dots
    ``(x, y, label)``), ``segments`` (dotted, ``((x0, y0), (x1, y1))``) and ``legend``
    entries beyond the classes."""

    points: tuple[tuple[float, float], ...]
    labels: tuple[int, ...]
    lines: tuple[Line, ...] = ()
    flagged: tuple[int, ...] = ()
    flag_name: str = "misclassified"
    arrows: tuple[Arrow, ...] = ()
    boxes: tuple[tuple[float, float, float, float], ...] = ()
    spots: tuple[tuple[float, float, str], ...] = ()
    segments: tuple[tuple[tuple[float, float], tuple[float, float]], ...] = ()
    names: tuple[str, str] = ("+1", "−1")  # what ○ and × stand for
    note: str = ""  # a line of text under the axes
    tags: tuple[str, ...] = ()  # a text beside each point (its coordinates), placed to fit


class _Frame(NamedTuple):  # one per figure: a tuple is made fast (and is a cache key)
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


def _range(values: list[float]) -> tuple[float, float, float]:
    """A range holding ``values`` with room around them, on ticks 0.5 or 1 apart (or 2,
    5, 10, … for a wide range a user gives: about 8 ticks, never millions)."""
    lo, hi = min(values), max(values)
    step = 0.5 if hi - lo <= 3 else 1.0
    if hi - lo > 8:
        raw = (hi - lo) / 8
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    lo = math.floor(lo / step) * step - step
    hi = math.ceil(hi / step) * step + step
    return lo, hi, step


def draw(scene: Scene) -> Drawing:
    """The scene drawn; when a point's tag finds no place clear of everything (points
    too close together), drawn without tags and marked ``complete=False``."""
    extras = _extras(scene)
    xs = [p[0] for p in scene.points] + [a for a, _ in extras]
    ys = [p[1] for p in scene.points] + [b for _, b in extras]
    x0, x1, sx = _range(xs)
    y0, y1, sy = _range(ys)
    step = max(sx, sy)
    x0, x1 = math.floor(x0 / step) * step, math.ceil(x1 / step) * step
    y0, y1 = math.floor(y0 / step) * step, math.ceil(y1 / step) * step
    xticks = _ticks(x0, x1, step)
    yticks = _ticks(y0, y1, step)
    left = PAD + max(width(tick_text(t)) for t in yticks) + TICK + 3
    room = min(WIDTH - PAD - left - width(tick_text(xticks[-1])) / 2, MAX_SIDE)
    scale = min(MAX_SCALE, room / (x1 - x0), MAX_HEIGHT / (y1 - y0))
    boxes: list[Box] = []
    legend, top = _legend(scene, boxes)
    f = _Frame(left, top + 6, scale, x0, x1, y0, y1)
    body = [_axes(f, xticks, yticks, boxes), _shapes(scene, f), _markers(scene, f, boxes), legend]
    bottom = f.bottom + TICK + 4 + LINE
    labels = "<g class='nnq-axis-names'>" + svg.text(
        f.right, bottom + ASCENT * SIZE, "x₁", " text-anchor='end'"
    )
    boxes.append(text_box(f.right, bottom + ASCENT * SIZE, "x₁", anchor="end"))
    labels += svg.text(f.left + 6, f.top + ASCENT * SIZE, "x₂", " text-anchor='start'") + "</g>"
    boxes.append(text_box(f.left + 6, f.top + ASCENT * SIZE, "x₂", anchor="start"))
    spots, tags_clear = _spots(scene, f, boxes)  # placed clear of the axes' names too
    if not tags_clear:
        return draw(replace(scene, tags=()))._replace(complete=False)
    body.append(spots)
    body.append(labels)
    height = bottom + LINE + PAD
    for line in wrap((scene.note,), WIDTH - 2 * PAD) if scene.note else ():
        base = height + ASCENT * SIZE - 4
        body.append(svg.text(PAD, base, line, " text-anchor='start'"))
        boxes.append(text_box(PAD, base, line, anchor="start"))
        height += LINE
    return Drawing(WIDTH, height, "".join(body), tuple(boxes))


def _extras(scene: Scene) -> list[tuple[float, float]]:
    """Points other than the data that must be inside the axes: the ends of arrows,
    boxes and spots, and of each line the point nearest the middle of all those (a line
    is then seen where it matters, not as a corner's sliver, or not at all)."""
    out = []
    for a in scene.arrows:
        out += [a.start, a.end]
    for x0, y0, x1, y1 in scene.boxes:
        out += [(x0, y0), (x1, y1)]
    out += [(x, y) for x, y, _ in scene.spots]
    seen = list(scene.points) + out
    if seen:
        cx, cy = (sum(p[0] for p in seen) / len(seen), sum(p[1] for p in seen) / len(seen))
        out += [_nearest(line, cx, cy) for line in scene.lines if any(line.theta)]
    return out


def _nearest(line: Line, x: float, y: float) -> tuple[float, float]:
    """The point of ``line`` nearest (x, y)."""
    (a, b), c = line.theta, line.b
    k = (a * x + b * y + c) / (a * a + b * b)
    return x - k * a, y - k * b


@lru_cache(maxsize=1024)  # a few ranges
def _ticks(lo: float, hi: float, step: float) -> tuple[float, ...]:
    n = round((hi - lo) / step)
    return tuple([float(f"{lo + k * step:.10g}") + 0.0 for k in range(n + 1)])


def _legend(scene: Scene, boxes: list[Box]) -> tuple[str, float]:
    """The key above the axes: ○ and × with what they stand for, each line's dash
    pattern and name, the flag square."""
    labels = set(scene.labels)
    lines = tuple((line.name, line.dash) for line in scene.lines)
    flag = scene.flag_name if scene.flagged else None
    drawn, placed, top = _legend_drawn(1 in labels, -1 in labels, scene.names, lines, flag)
    boxes += placed
    return drawn, top


@lru_cache(maxsize=256)  # scenes share a few legends
def _legend_drawn(pos: bool, neg: bool, names, lines, flag) -> tuple[str, tuple[Box, ...], float]:
    entries: list[tuple[str, str, float]] = []  # (svg at x=0, y=0 middle, label, width)
    boxes: list[Box] = []
    if pos:
        entries.append((_ring(0, 0), names[0], 2 * RING))
    if neg:
        entries.append((_cross(0, 0), names[1], 2 * CROSS))
    for name, dash in lines:
        dash = f" stroke-dasharray='{dash}'" if dash else ""
        sample = svg.path("M0 0h24", f" fill='none' stroke='currentColor' stroke-width='1.6'{dash}")
        entries.append((sample, name, 24))
    if flag is not None:
        entries.append((_square(0, 0, 7), flag, 14))
    parts, x, base = [], PAD, PAD + ASCENT * SIZE
    for shape, label, w in entries:
        total = w + 4 + width(label)
        if x > PAD and x + total > WIDTH - PAD:
            x, base = PAD, base + LINE
        mid = base - 4
        parts.append(
            f"<g transform='translate({num(x + w / 2 if w < 20 else x)} {num(mid)})'>{shape}</g>"
        )
        parts.append(svg.text(x + w + 4, base, label, " text-anchor='start'"))
        boxes.append(text_box(x + w + 4, base, label, anchor="start"))
        x += total + 14
    drawn = "<g class='nnq-legend'>" + "".join(parts) + "</g>"
    return drawn, tuple(boxes), base + 0.25 * SIZE + 4


_RING = f"' r='{num(RING)}' fill='none' stroke='currentColor' stroke-width='1.8'/>"
_CROSS = (
    f"l{num(2 * CROSS)} {num(2 * CROSS)}m0 {num(-2 * CROSS)}l{num(-2 * CROSS)} "
    f"{num(2 * CROSS)}' stroke='currentColor' stroke-width='2'/>"
)


def _ring(x: float, y: float) -> str:
    return f"<circle cx='{num(x)}' cy='{num(y)}{_RING}"


def _cross(x: float, y: float) -> str:
    return f"<path d='M{num(x - CROSS)} {num(y - CROSS)}{_CROSS}"


def _square(x: float, y: float, half: float) -> str:
    side = num(2 * half)
    return (
        f"<rect x='{num(x - half)}' y='{num(y - half)}' width='{side}' "
        f"height='{side}' fill='none' stroke='currentColor' stroke-width='1.2'/>"
    )


def _axes(f: _Frame, xticks, yticks, boxes: list[Box]) -> str:
    drawn, placed = _axes_drawn(f, xticks, yticks)
    boxes += placed
    return drawn


# scenes share frames: the grid is written once for each (a perceptron's ranges make
# about a thousand frames: with 256 kept, half the figures wrote their axes again)
@lru_cache(maxsize=1024)
def _axes_drawn(f: _Frame, xticks, yticks) -> tuple[str, tuple[Box, ...]]:
    """The grid, the frame, the ticks and their numbers (each coordinate written once)."""
    grid, ticks, texts, boxes = grid_lines(f, xticks, yticks, skip_crowded=True)
    left, right, top, bottom = num(f.left), num(f.right), num(f.top), num(f.bottom)
    axes = []
    if f.x0 < 0 < f.x1:
        axes.append(((f.px(0), f.top), (f.px(0), f.bottom)))
    if f.y0 < 0 < f.y1:
        axes.append(((f.left, f.py(0)), (f.right, f.py(0))))
    box = f"M{left} {top}H{right}V{bottom}H{left}Z"
    return (
        "<g fill='none' stroke='currentColor'>"
        + svg.path("".join(grid), " stroke-opacity='.18'")
        + svg.path(box + "".join(ticks), " stroke-width='1.2'")
        + (svg.path(svg.segments(axes), " stroke-opacity='.6'") if axes else "")
        + "</g><g class='nnq-ticks'>"
        + "".join(texts)
        + "</g>"
    ), tuple(boxes)


def clip(line: Line, f: _Frame) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The part of θ·x + b = 0 inside the axes (data coordinates), or None."""
    (a, c), b = line.theta, line.b
    found = []
    if c != 0:
        for x in (f.x0, f.x1):
            y = -(a * x + b) / c
            if f.y0 - 1e-9 <= y <= f.y1 + 1e-9:
                found.append((x, y))
    if a != 0:
        for y in (f.y0, f.y1):
            x = -(c * y + b) / a
            if f.x0 - 1e-9 <= x <= f.x1 + 1e-9:
                found.append((x, y))
    found = sorted(set((round(x, 9), round(y, 9)) for x, y in found))
    if len(found) < 2:
        return None
    return found[0], found[-1]


def _shapes(scene: Scene, f: _Frame) -> str:
    """Lines, dotted segments, dashed boxes and arrows (under the markers)."""
    out = []
    for line in scene.lines:
        ends = clip(line, f)
        if ends is None:
            continue
        (ax, ay), (bx, by) = ends
        dash = f" stroke-dasharray='{line.dash}'" if line.dash else ""
        d = f"M{num(f.px(ax))} {num(f.py(ay))}L{num(f.px(bx))} {num(f.py(by))}"
        out.append(svg.path(d, f" stroke-width='2'{dash}"))
    if scene.segments:
        segs = [((f.px(a), f.py(b)), (f.px(c), f.py(d))) for (a, b), (c, d) in scene.segments]
        out.append(svg.path(svg.segments(segs), " stroke-width='1.4' stroke-dasharray='2 3'"))
    for x0, y0, x1, y1 in scene.boxes:
        d = f"M{num(f.px(x0))} {num(f.py(y0))}H{num(f.px(x1))}V{num(f.py(y1))}H{num(f.px(x0))}Z"
        out.append(svg.path(d, " stroke-width='1.2' stroke-dasharray='5 3'"))
    for a in scene.arrows:
        out.append(_arrow((f.px(a.start[0]), f.py(a.start[1])), (f.px(a.end[0]), f.py(a.end[1]))))
    return "<g fill='none' stroke='currentColor'>" + "".join(out) + "</g>"


def _arrow(p: tuple[float, float], q: tuple[float, float]) -> str:
    (x0, y0), (x1, y1) = p, q
    d = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    head = [
        (x1 - 9 * ux + 4 * uy, y1 - 9 * uy - 4 * ux),
        (x1, y1),
        (x1 - 9 * ux - 4 * uy, y1 - 9 * uy + 4 * ux),
    ]
    return svg.path(
        f"M{num(x0)} {num(y0)}L{num(x1)} {num(y1)}" + svg.polyline(head), " stroke-width='1.8'"
    )


def _markers(scene: Scene, f: _Frame, boxes: list[Box]) -> str:
    """○ and × at the points (classes ``nnq-pos``, ``nnq-neg``), squares around flagged."""
    pos, neg, flags = [], [], []
    for k, ((x, y), label) in enumerate(zip(scene.points, scene.labels)):
        cx, cy = f.px(x), f.py(y)
        if label == 1:
            pos.append(_ring(cx, cy))
        else:
            neg.append(_cross(cx, cy))
        if k in scene.flagged:
            flags.append(_square(cx, cy, SQUARE))
        half = SQUARE if k in scene.flagged else RING + 1
        boxes.append(Box(cx - half, cy - half, cx + half, cy + half, "mark"))
    return (
        "<g class='nnq-pos'>"
        + "".join(pos)
        + "</g><g class='nnq-neg'>"
        + "".join(neg)
        + "</g>"
        + ("<g class='nnq-flagged'>" + "".join(flags) + "</g>" if flags else "")
    )


# where a label may go around its point: (dx, dy of the baseline, anchor)
_AROUND = (
    (8, -7, "start"),
    (-8, -7, "end"),
    (8, 16, "start"),
    (-8, 16, "end"),
    (0, -12, "middle"),
    (0, 22, "middle"),
    (14, 4, "start"),
    (-14, 4, "end"),
)
_AROUND += tuple((2 * dx, dy - 10 if dy < 0 else dy + 10, a) for dx, dy, a in _AROUND)
# a point's tag (its coordinates) may also go farther out: points of a dense set
_FARTHER = _AROUND + tuple(
    (dx * 3 // 2, dy - 12 if dy < 0 else dy + 12, a) for dx, dy, a in _AROUND[8:]
)


def _spots(scene: Scene, f: _Frame, boxes: list[Box]) -> tuple[str, bool]:
    """The points' tags, filled dots with labels, and the arrows' labels, each placed
    where it fits; and whether every tag found a place clear of everything."""
    out, tags_clear = [], True
    items = [(x, y, tag, False, _FARTHER) for (x, y), tag in zip(scene.points, scene.tags)]
    items += [(x, y, label, True, _AROUND) for x, y, label in scene.spots]
    items += [(a.end[0], a.end[1], a.label, False, _AROUND) for a in scene.arrows if a.label]
    for x, y, label, dot, around in items:
        cx, cy = f.px(x), f.py(y)
        if dot:
            out.append(f"<circle cx='{num(cx)}' cy='{num(cy)}' r='3.5'/>")
            boxes.append(Box(cx - 3.5, cy - 3.5, cx + 3.5, cy + 3.5, "mark"))
        if not label:
            continue
        frame = Box(0, f.top - 14, WIDTH, f.bottom + 14)
        k, box, clear = place_text(cx, cy, label, around, boxes, frame)
        if around is _FARTHER and not clear:
            tags_clear = False
        dx, dy, anchor = around[k]
        boxes.append(box)
        attrs = "" if anchor == "middle" else f" text-anchor='{anchor}'"
        out.append(f"<g{HALO}>" + svg.text(cx + dx, cy + dy, label, attrs) + "</g>")
    return "".join(out), tags_clear
