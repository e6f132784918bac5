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
from .planeaxes import LINE, PAD, WIDTH, Frame, Framed, frame, frame_of, written
from .planelabels import _AROUND, _FARTHER, _place, _Taken
from .svg import HALO, SIZE, num

RING, CROSS, SQUARE = 6.0, 5.5, 11.0
_new = tuple.__new__  # _new(Box, (x0, y0, x1, y1, kind)): a named tuple made without a call


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
    too close together), drawn without tags and marked ``complete=False``.

    The drawing is a template: its frame (kept per ranges), its legend (kept per
    entries), and its shapes, markers and labels written as ``%s`` templates whose
    numbers are written all at once (:func:`written`) and filled in by one format."""
    legend, legend_boxes, top = _legend(scene)
    framed = frame(*_spread(scene), top + 6)
    at = _centres(scene.points, framed.f)
    shapes, values = _shapes(scene, framed.f)
    shapes += _markers(scene, at, values)
    inner, spots, placed = None, "", ()  # without a label to place, boxes are made when asked
    ends = tuple([(a.end, a.label) for a in scene.arrows if a.label])
    if scene.tags or scene.spots or ends:
        kept = scene.tags or scene.spots  # tags and spots: kept; an arrow's label: not
        labelled = _labelled if kept else _labelled.__wrapped__
        found = labelled(
            framed.key, legend_boxes, scene.points, scene.flagged, scene.tags, scene.spots, ends
        )
        if found is None:  # a tag found no clear place
            return draw(scene._replace(tags=()))._replace(complete=False)
        spots, placed, inner = found
    texts = written(values + list(placed))
    n = len(values)
    body = [framed.axes, shapes % tuple(texts[:n]), legend]
    body += [spots % tuple(texts[n:]) if placed else spots, framed.names]
    height, notes = framed.height, []
    for line in wrap((scene.note,), WIDTH - 2 * PAD) if scene.note else ():
        base = height + ASCENT * SIZE - 4
        body.append(svg.text(PAD, base, line, " text-anchor='start'"))
        notes.append(text_box(PAD, base, line, anchor="start"))
        height += LINE
    layout = partial(_layout, scene, legend_boxes, framed, inner, notes)  # a Figure is pickled
    return Drawing(WIDTH, height, "".join(body), layout)


def _centres(points, f: Frame) -> list[tuple[float, float]]:
    """Where ``points`` are drawn (pixels: f.px(x), f.py(y))."""
    left, top, scale, x0, _, _, y1 = f
    return [(left + (x - x0) * scale, top + (y1 - y) * scale) for x, y in points]


def _layout(scene: Scene, legend_boxes, framed: Framed, inner, notes) -> tuple[Box, ...]:
    """A drawing's boxes, in the order they were always given: the legend's, the tick
    numbers', the markers', the axes' names', the labels' (``inner``, or None when there
    were no labels: made now), the note's."""
    if inner is None:
        inner = _mark_boxes(scene.flagged, _centres(scene.points, framed.f))
        inner += framed.names_boxes
    return (*legend_boxes, *framed.boxes, *inner, *notes)


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
        entries.append((_RING_T % ("0", "0"), names[0], 2 * RING))
    if neg:
        entries.append((_CROSS_T % tuple(written((-CROSS, -CROSS))), names[1], 2 * CROSS))
    for name, dash in lines:
        dash = f" stroke-dasharray='{dash}'" if dash else ""
        sample = svg.path("M0 0h24", f" fill='none' stroke='currentColor' stroke-width='1.6'{dash}")
        entries.append((sample, name, 24))
    if flag is not None:
        entries.append(("<rect x='-7' y='-7' width='14' height='14'" + _SQUARE_STYLE, flag, 14))
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
_SQUARE_STYLE = " fill='none' stroke='currentColor' stroke-width='1.2'/>"


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


# The templates of a drawing's parts: '%s' where a number goes (written by ``written``)
_LINE_T = "<path d='M%%s %%sL%%s %%s' stroke-width='2'%s/>"
_SEGMENT_T = "M%s %sL%s %s"
_BOX_T = "<path d='M%s %sH%sV%sH%sZ' stroke-width='1.2' stroke-dasharray='5 3'/>"
_ARROW_T = "<path d='M%s %sL%s %sM%s %sL%s %sL%s %s' stroke-width='1.8'/>"


def _shapes(scene: Scene, f: Frame) -> tuple[str, list[float]]:
    """Lines, dotted segments, dashed boxes and arrows (under the markers): their
    template and its numbers."""
    out, values = ["<g fill='none' stroke='currentColor'>"], []
    left, top, scale, x0, _, _, y1 = f
    for line in scene.lines:
        ends = clip(line, f)
        if ends is not None:
            (ax, ay), (bx, by) = ends
            out.append(_line_template(line.dash))
            values += (left + (ax - x0) * scale, top + (y1 - ay) * scale)  # px(ax), py(ay)
            values += (left + (bx - x0) * scale, top + (y1 - by) * scale)
    if scene.segments:
        out.append("<path d='" + _SEGMENT_T * len(scene.segments))
        out.append("' stroke-width='1.4' stroke-dasharray='2 3'/>")
        for ends in scene.segments:
            (pa, pb), (pc, pd) = _centres(ends, f)
            values += (pa, pb, pc, pd)
    for a, b, c, d in scene.boxes:  # (x0, y0, x1, y1)
        out.append(_BOX_T)
        (pa, pb), (pc, pd) = _centres(((a, b), (c, d)), f)
        values += (pa, pb, pc, pd, pa)
    for (sx, sy), (ex, ey), _ in scene.arrows:
        out.append(_ARROW_T)
        start = left + (sx - x0) * scale, top + (y1 - sy) * scale  # px(sx), py(sy)
        values += _arrow(start, (left + (ex - x0) * scale, top + (y1 - ey) * scale))
    out.append("</g>")
    return "".join(out), values


@lru_cache(maxsize=16)
def _line_template(dash: str) -> str:
    return _LINE_T % (f" stroke-dasharray='{dash}'".replace("%", "%%") if dash else "")


def _arrow(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, ...]:
    """The numbers of a line from p to q with a head at q (pixels), for :data:`_ARROW_T`."""
    (x0, y0), (x1, y1) = p, q
    d = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    head = (x1 - 9 * ux + 4 * uy, y1 - 9 * uy - 4 * ux, x1, y1, x1 - 9 * ux - 4 * uy)
    return (x0, y0, x1, y1, *head, y1 - 9 * uy + 4 * ux)


_RING_T = "<circle cx='%s' cy='%s" + _RING
_CROSS_T = "<path d='M%s %s" + _CROSS
_SIDE = num(2 * SQUARE)
_SQUARE_T = f"<rect x='%s' y='%s' width='{_SIDE}' height='{_SIDE}'" + _SQUARE_STYLE


def _markers(scene: Scene, at: list[tuple[float, float]], values: list[float]) -> str:
    """○ and × at the points (classes ``nnq-pos``, ``nnq-neg``), squares around flagged:
    their template, its numbers added to ``values``."""
    pos, neg, flags = [], [], []  # where each ○ and each × is written
    flagged = scene.flagged
    for k, ((cx, cy), label) in enumerate(zip(at, scene.labels)):
        if label == 1:
            pos += (cx, cy)
        else:
            neg += (cx - CROSS, cy - CROSS)
        if k in flagged:
            flags += (cx - SQUARE, cy - SQUARE)
    values += pos + neg + flags
    return _markers_template(len(pos) // 2, len(neg) // 2, len(flags) // 2)


@lru_cache(maxsize=256)
def _markers_template(pos: int, neg: int, flags: int) -> str:
    flagged = "<g class='nnq-flagged'>" + _SQUARE_T * flags + "</g>" if flags else ""
    return f"<g class='nnq-pos'>{_RING_T * pos}</g><g class='nnq-neg'>{_CROSS_T * neg}</g>{flagged}"


def _mark_boxes(flagged: tuple[int, ...], at: list[tuple[float, float]]) -> list[Box]:
    """The boxes of the markers :func:`_markers` draws (a flagged point's: its square)."""
    boxes = []
    for k, (cx, cy) in enumerate(at):
        half = SQUARE if k in flagged else RING + 1
        boxes.append(_new(Box, (cx - half, cy - half, cx + half, cy + half, "mark")))
    return boxes


_DOT_T = "<circle cx='%s' cy='%s' r='3.5'/>"


# Points' tags are many, and each is tried in up to 24 places: they are kept per frame,
# points and labels, which come back (separable's easy points are always the unit
# square's corners, its P the square's middle). An arrow's label alone is placed anew
# (a perceptron's: new nearly every time, and keeping it costs more than it saves).
@lru_cache(maxsize=1024)
def _labelled(frame_key: tuple, legend_boxes, points, flagged, tags, spots, ends):
    """In the frame of ``frame_key`` (:attr:`Framed.key`), the points' ``tags``, filled
    dots with labels (``spots``: (x, y, label)) and the arrows' labels (``ends``: (end,
    label)), each placed where it fits (within the frame's room, clear of the legend, the
    ticks' numbers, the markers and the labels placed so far): their template, its
    numbers, and the markers' and labels' boxes; None when a tag finds no clear place."""
    out, values = [], []
    framed = frame_of(frame_key)
    at = _centres(points, framed.f)
    inner = _mark_boxes(flagged, at) + list(framed.names_boxes)  # and each label's
    items = [(cx, cy, tag, False, True) for (cx, cy), tag in zip(at, tags)]
    if spots:
        centres = _centres([(x, y) for x, y, _ in spots], framed.f)
        items += [(*c, label, True, False) for c, (_, _, label) in zip(centres, spots)]
    if ends:
        centres = _centres([end for end, _ in ends], framed.f)
        items += [(*c, label, False, False) for c, (_, label) in zip(centres, ends)]
    outer = []  # the legend's and the ticks' numbers' boxes, made once when first asked

    def outside() -> list[Box]:
        if not outer:
            outer.extend(legend_boxes + framed.boxes)
        return outer

    taken = _Taken(outside, inner, framed.area)
    for cx, cy, label, dot, far in items:
        if dot:
            out.append(_DOT_T)
            values += (cx, cy)
            inner.append(_new(Box, (cx - 3.5, cy - 3.5, cx + 3.5, cy + 3.5, "mark")))
        if not label:
            continue
        k, box, clear = _place(cx, cy, label, far, taken, framed.room)
        if far and not clear:
            return None
        dx, dy, anchor = (_FARTHER if far else _AROUND)[k]
        inner.append(box)
        out.append(_label_template(anchor, label))
        values += (cx + dx, cy + dy)
    return "".join(out), tuple(values), tuple(inner)


@lru_cache(maxsize=4096)  # a problem's labels are coordinates: they come back
def _label_template(anchor: str, label: str) -> str:
    attrs = "" if anchor == "middle" else f" text-anchor='{anchor}'"
    text = svg.esc(label).replace("%", "%%")
    return f"<g{HALO}><text x='%s' y='%s'{attrs}>{text}</text></g>"
