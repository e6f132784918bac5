"""Where a level's label goes on a plot (:mod:`.plot`): at either end of its line or
along it, clear of the labels and marks inside the axes and of the curves, which are
tested only where they come near a place."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import le
from typing import TYPE_CHECKING, NamedTuple

from .layout import ASCENT, DESCENT, Box, clear_places, place_text, trace
from .svg import SIZE

if TYPE_CHECKING:
    from .plot import _Frame


class _Line(NamedTuple):
    """A curve as a level's label is tested against it: its points on the canvas
    (``canvas``: :func:`_canvas`, None where it breaks); ``monotone`` when x never
    decreases along it (nor then on the canvas, the map being monotone too), and then
    the canvas x of each point (``xs``): only the points near a place are tested,
    found by bisection."""

    canvas: tuple
    monotone: bool
    xs: list[float]


@lru_cache(maxsize=128)  # a curve and frame come back (lr_schedule's per schedule)
def line(points, f: _Frame) -> _Line:
    """The curve through ``points`` in the frame ``f`` (see :class:`_Line`)."""
    canvas = _canvas(points, f)
    if None in points:
        return _Line(canvas, False, [])
    xs = [p[0] for p in points]
    return _Line(canvas, all(map(le, xs, xs[1:])), [p[0] for p in canvas])


def _canvas(points, f: _Frame) -> tuple:
    """The points on the canvas, not rounded (None where the line breaks): each as
    :meth:`~.plot._Frame.px` and :meth:`~.plot._Frame.py` map it, written out."""
    left, lo, dx, w = f.left, f.x.lo, f.x.hi - f.x.lo, f.right - f.left
    bottom, low, high, h = f.bottom, f.y.lo, f.y.hi, f.bottom - f.top
    dy = high - low
    return tuple(
        None
        if p is None
        else (left + (p[0] - lo) / dx * w, bottom - (min(max(p[1], low), high) - low) / dy * h)
        for p in points
    )


@lru_cache(maxsize=256)  # a few thresholds in a few frames
def level_spots(f: _Frame, y: float) -> tuple[tuple[float, float, str], ...]:
    """Where the label of a level at ``y`` may go (x, baseline, anchor): at the right
    end, the left, the middle or three quarters along, above the line or below it."""
    y = f.py(y)
    return tuple(
        (x, y + dy, anchor)
        for x, anchor in (
            (f.right - 2, "end"),
            (f.left + 4, "start"),
            ((f.left + f.right) / 2, "middle"),
            (f.left + (f.right - f.left) * 0.75, "middle"),
        )
        for dy in (-4, 14)
    )


def level_place(
    label: str, spots, boxes: list[Box], near: list[Box], f: _Frame, traced, y: float
) -> tuple[int, Box]:
    """The first of ``spots`` inside the axes that overlaps no box and no box of the
    curves' traces (:func:`layout.trace`), as :func:`place_text` would choose among them
    all, the traces included: the curves are tested only where they come near a place.
    Where every place overlaps something, place_text chooses the least bad (``y``: the
    level's, on the canvas)."""
    inside = Box(f.left, f.top - 2, f.right + 2, f.bottom + 2)  # plot._region
    for k, box in clear_places(0, 0, label, spots, near, inside):
        if not any(_crosses(line, box) for line in traced):
            return k, box
    band = (y - 4 - (ASCENT + 1) * SIZE, y + 14 + (DESCENT + 1) * SIZE)
    crossed = [t for line in traced for t in trace(line.canvas, band=band)]
    k, box, _ = place_text(0, 0, label, spots, [*boxes, *crossed], inside)
    return k, box


def _crosses(line: _Line, box: Box) -> bool:
    """Whether a box of :func:`layout.trace` along ``line`` overlaps ``box`` as
    :func:`place_text` tests it (1 px apart); only the segments whose own bounds come
    within 3 px of the box are traced."""
    x0, y0, x1, y1 = box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3
    canvas = line.canvas
    if line.monotone:  # the points of the segments that reach from x0 to x1
        first = max(0, bisect_left(line.xs, x0) - 1)
        canvas = canvas[first : bisect_right(line.xs, x1) + 1]
    for a, b in zip(canvas, canvas[1:]):
        if a is None or b is None:
            continue
        if (a[0] < x0 and b[0] < x0) or (a[0] > x1 and b[0] > x1):
            continue
        if (a[1] < y0 and b[1] < y0) or (a[1] > y1 and b[1] > y1):
            continue
        for t in trace((a, b)):
            if box[0] < t[2] + 1 and t[0] < box[2] + 1 and box[1] < t[3] + 1 and t[1] < box[3] + 1:
                return True
    return False
