"""Points in the plane: two classes by shape (○ for +1, × for −1), lines θ·x + b = 0,
points marked with a square, arrows and boxes; x and y on one scale, so a line's angle
and a normal vector look as they are.
"""

from __future__ import annotations

import math
from functools import lru_cache, partial
from typing import NamedTuple

from . import svg
from .layout import ASCENT, Box, Drawing, text_box, width, wrap
from .planeaxes import LINE, PAD, WIDTH, Frame, Framed, frame, to_tenths
from .planelabels import _AROUND, _FARTHER, _place, _Taken
from .svg import HALO, SIZE, num

RING, CROSS, SQUARE = 6.0, 5.5, 11.0


class Line(NamedTuple):
    """The line θ·x + b = 0, named in the legend (``dash``: ``""`` solid, ``"6 4"``)."""

    theta: tuple[float, float]
    b: float
    name: str
    dash: str = ""


class Arrow(NamedTuple):
    start: tuple[float, float]
    end: tuple[float, float]
    label: str = ""


class Scene(NamedTuple):
    """What to draw: ``points`` with ``labels`` (+1 or −1), ``lines``, the indices of
    ``flagged`` points (a square around each), ``tags`` (a text beside each point: its
    coordinates, so that the drawing shows every number of the points), ``arrows``,
    ``boxes`` (dashed rectangles ``(x0, y0, x1, y1)``), ``spots`` (filled dots
    ``(x, y, label)``), ``segments`` (dotted, ``((x0, y0), (x1, y1))``) and ``legend``
    entries beyond the classes. (Scenes, lines and arrows are named tuples: a problem
    makes several, and a tuple is made fast.)"""

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


def draw(scene: Scene) -> Drawing:
    """The scene drawn; when a point's tag finds no place clear of everything (points
    too close together), drawn without tags and marked ``complete=False``."""
    legend, legend_boxes, top = _legend(scene)
    framed = frame(*_spread(scene), top + 6)
    f = framed.f

    def outer() -> tuple[Box, ...]:  # the legend's and the ticks' numbers: outside the axes
        return legend_boxes + framed.boxes

    inner, spots = None, ""  # without a label to place, the boxes are made when asked
    if scene.tags or scene.spots or any([a.label for a in scene.arrows]):
        inner = _marked(scene, framed)  # and the labels' boxes as they are placed
        spots, tags_clear = _spots(scene, f, framed.room, _Taken(outer, inner, framed.area))
        if not tags_clear:
            return draw(scene._replace(tags=()))._replace(complete=False)
    body = [framed.axes, _shapes(scene, f), _markers(scene, f), legend, spots, framed.names]
    height, notes = framed.height, []
    for line in wrap((scene.note,), WIDTH - 2 * PAD) if scene.note else ():
        base = height + ASCENT * SIZE - 4
        body.append(svg.text(PAD, base, line, " text-anchor='start'"))
        notes.append(text_box(PAD, base, line, anchor="start"))
        height += LINE
    layout = partial(_layout, scene, legend_boxes, framed, inner, notes)  # a Figure is pickled
    return Drawing(WIDTH, height, "".join(body), layout)


def _marked(scene: Scene, framed: Framed) -> list[Box]:
    """The markers' and the axes' names' boxes."""
    return _mark_boxes(scene, framed.f) + list(framed.names_boxes)


def _layout(scene: Scene, legend_boxes, framed: Framed, inner, notes) -> tuple[Box, ...]:
    """A drawing's boxes, in the order they were always given: the legend's, the tick
    numbers', the markers', the axes' names', the labels' (``inner``, or None when there
    were no labels: made now), the note's."""
    marked = _marked(scene, framed) if inner is None else inner
    return (*legend_boxes, *framed.boxes, *marked, *notes)


def _spread(scene: Scene) -> tuple[list[float], list[float]]:
    """The x and the y of everything that must be inside the axes: the points, the ends
    of arrows, boxes and spots, and of each line the point nearest the middle of all
    those (a line is then seen where it matters, not as a corner's sliver, or not at
    all)."""
    seen = list(scene.points)
    for a in scene.arrows:
        seen += [a.start, a.end]
    for x0, y0, x1, y1 in scene.boxes:
        seen += [(x0, y0), (x1, y1)]
    seen += [(x, y) for x, y, _ in scene.spots]
    xs, ys = [p[0] for p in seen], [p[1] for p in seen]
    if seen and scene.lines:
        cx, cy = sum(xs) / len(seen), sum(ys) / len(seen)
        for line in scene.lines:
            if any(line.theta):
                x, y = _nearest(line, cx, cy)
                xs.append(x)
                ys.append(y)
    return xs, ys


def _nearest(line: Line, x: float, y: float) -> tuple[float, float]:
    """The point of ``line`` nearest (x, y)."""
    (a, b), c = line.theta, line.b
    k = (a * x + b * y + c) / (a * a + b * b)
    return x - k * a, y - k * b


def _legend(scene: Scene) -> tuple[str, tuple[Box, ...], float]:
    """The key above the axes: ○ and × with what they stand for, each line's dash
    pattern and name, the flag square; its boxes; the y below it."""
    labels = scene.labels
    lines = tuple([(line.name, line.dash) for line in scene.lines])
    flag = scene.flag_name if scene.flagged else None
    return _legend_drawn(1 in labels, -1 in labels, scene.names, lines, flag)


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
_RING_AT = "<circle cx='%g' cy='%g" + _RING
_CROSS = (
    f"l{num(2 * CROSS)} {num(2 * CROSS)}m0 {num(-2 * CROSS)}l{num(-2 * CROSS)} "
    f"{num(2 * CROSS)}' stroke='currentColor' stroke-width='2'/>"
)
_CROSS_AT = "<path d='M%g %g" + _CROSS
_SQUARE_AT = (
    "<rect x='%g' y='%g' width='%g' height='%g' fill='none' stroke='currentColor' "
    "stroke-width='1.2'/>"
)


def _ring(x: float, y: float) -> str:
    return _RING_AT % to_tenths(x, y)


def _cross(x: float, y: float) -> str:
    return _CROSS_AT % to_tenths(x - CROSS, y - CROSS)


def _square(x: float, y: float, half: float) -> str:
    return _SQUARE_AT % to_tenths(x - half, y - half, 2 * half, 2 * half)


def clip(line: Line, f: Frame) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The part of θ·x + b = 0 inside the axes (data coordinates), or None."""
    (a, c), b = line.theta, line.b
    _, _, _, x0, x1, y0, y1 = f
    found = []  # where it meets the sides, to 1e-9 (a corner is met twice)
    if c != 0:  # the sides are multiples of a tick step (0.5 or whole): kept as they are
        for x in (x0, x1):
            y = -(a * x + b) / c
            if y0 - 1e-9 <= y <= y1 + 1e-9:
                found.append((x, round(y, 9)))
    if a != 0:
        for y in (y0, y1):
            x = -(c * y + b) / a
            if x0 - 1e-9 <= x <= x1 + 1e-9:
                found.append((round(x, 9), y))
    if len(found) < 2:
        return None
    first, last = min(found), max(found)
    return None if first == last else (first, last)


_LINE_AT = "<path d='M%g %gL%g %g' stroke-width='2'%s/>"
_BOX_AT = "<path d='M%g %gH%gV%gH%gZ' stroke-width='1.2' stroke-dasharray='5 3'/>"


def _shapes(scene: Scene, f: Frame) -> str:
    """Lines, dotted segments, dashed boxes and arrows (under the markers)."""
    out = []
    px, py = f.px, f.py
    left, top, scale, x0, _, _, y1 = f
    for line in scene.lines:
        ends = clip(line, f)
        if ends is None:
            continue
        (ax, ay), (bx, by) = ends
        dash = f" stroke-dasharray='{line.dash}'" if line.dash else ""
        ends = left + (ax - x0) * scale, top + (y1 - ay) * scale  # px(ax), py(ay)
        ends += left + (bx - x0) * scale, top + (y1 - by) * scale
        out.append(_LINE_AT % (*to_tenths(*ends), dash))
    if scene.segments:
        segs = [((px(a), py(b)), (px(c), py(d))) for (a, b), (c, d) in scene.segments]
        out.append(svg.path(svg.segments(segs), " stroke-width='1.4' stroke-dasharray='2 3'"))
    for a, b, c, d in scene.boxes:  # (x0, y0, x1, y1)
        out.append(_BOX_AT % to_tenths(px(a), py(b), px(c), py(d), px(a)))
    for (sx, sy), (ex, ey), _ in scene.arrows:
        start = left + (sx - x0) * scale, top + (y1 - sy) * scale  # px(sx), py(sy)
        out.append(_arrow(start, (left + (ex - x0) * scale, top + (y1 - ey) * scale)))
    return "<g fill='none' stroke='currentColor'>" + "".join(out) + "</g>"


_ARROW_AT = "<path d='M%g %gL%g %gM%g %gL%g %gL%g %g' stroke-width='1.8'/>"


def _arrow(p: tuple[float, float], q: tuple[float, float]) -> str:
    """A line from p to q with a head at q (pixels)."""
    (x0, y0), (x1, y1) = p, q
    d = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    head = (x1 - 9 * ux + 4 * uy, y1 - 9 * uy - 4 * ux, x1, y1, x1 - 9 * ux - 4 * uy)
    return _ARROW_AT % to_tenths(x0, y0, x1, y1, *head, y1 - 9 * uy + 4 * ux)


def _markers(scene: Scene, f: Frame) -> str:
    """○ and × at the points (classes ``nnq-pos``, ``nnq-neg``), squares around flagged."""
    left, top, scale, x0, _, _, y1 = f
    pos, neg, flags = [], [], []  # where each ○ and each × is written
    flagged = scene.flagged
    for k, ((x, y), label) in enumerate(zip(scene.points, scene.labels)):
        cx, cy = left + (x - x0) * scale, top + (y1 - y) * scale  # f.px(x), f.py(y)
        if label == 1:
            pos += (cx, cy)
        else:
            neg += (cx - CROSS, cy - CROSS)
        if k in flagged:
            flags.append(_square(cx, cy, SQUARE))
    return (
        "<g class='nnq-pos'>"
        + _RING_AT * (len(pos) // 2) % to_tenths(*pos)
        + "</g><g class='nnq-neg'>"
        + _CROSS_AT * (len(neg) // 2) % to_tenths(*neg)
        + "</g>"
        + ("<g class='nnq-flagged'>" + "".join(flags) + "</g>" if flags else "")
    )


def _mark_boxes(scene: Scene, f: Frame) -> list[Box]:
    """The boxes of the markers :func:`_markers` draws (a flagged point's: its square)."""
    left, top, scale, x0, _, _, y1 = f
    boxes, flagged = [], scene.flagged
    for k, (x, y) in enumerate(scene.points):
        cx, cy = left + (x - x0) * scale, top + (y1 - y) * scale  # f.px(x), f.py(y)
        half = SQUARE if k in flagged else RING + 1
        boxes.append(Box(cx - half, cy - half, cx + half, cy + half, "mark"))
    return boxes


_DOT_AT = "<circle cx='%g' cy='%g' r='3.5'/>"
_LABEL_AT = f"<g{HALO}><text x='%g' y='%g'%s>%s</text></g>"


def _spots(scene: Scene, f: Frame, room: Box, taken: _Taken) -> tuple[str, bool]:
    """The points' tags, filled dots with labels, and the arrows' labels, each placed
    where it fits (within ``room``); and whether every tag found a place clear of
    everything."""
    out, tags_clear = [], True
    items = [(x, y, tag, False, True) for (x, y), tag in zip(scene.points, scene.tags)]
    items += [(x, y, label, True, False) for x, y, label in scene.spots]
    items += [(a.end[0], a.end[1], a.label, False, False) for a in scene.arrows if a.label]
    left, top, scale, x0, _, _, y1 = f
    for x, y, label, dot, far in items:
        cx, cy = left + (x - x0) * scale, top + (y1 - y) * scale  # f.px(x), f.py(y)
        if dot:
            out.append(_DOT_AT % to_tenths(cx, cy))
            taken.inner.append(Box(cx - 3.5, cy - 3.5, cx + 3.5, cy + 3.5, "mark"))
        if not label:
            continue
        k, box, clear = _place(cx, cy, label, far, taken, room)
        if far and not clear:
            tags_clear = False
        dx, dy, anchor = (_FARTHER if far else _AROUND)[k]
        taken.inner.append(box)
        attrs = "" if anchor == "middle" else f" text-anchor='{anchor}'"
        out.append(_LABEL_AT % (*to_tenths(cx + dx, cy + dy), attrs, svg.esc(label)))
    return "".join(out), tags_clear
