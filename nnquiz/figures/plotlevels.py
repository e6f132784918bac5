"""Where a level's label goes on a plot (:mod:`.plot`): at either end of its line or
along it, clear of the labels and marks inside the axes and of the curves, which are
tested only where they come near a place."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .layout import ASCENT, DESCENT, Box, clear_places, place_text, trace
from .svg import SIZE

if TYPE_CHECKING:
    from .plot import _Frame


class _Traced(NamedTuple):
    """A curve's segments on the canvas, ((x0, y0), (x1, y1)) in order; where x never
    decreases along the curve, each one's left and right x (ascending both: a box's
    neighbours are found by bisection), else None."""

    segments: tuple
    starts: tuple[float, ...] | None
    ends: tuple[float, ...] | None


@lru_cache(maxsize=256)  # as _path: a schedule's curve comes back in its frame
def line(points, f: _Frame) -> _Traced:
    """The curve through ``points`` on the canvas, as segments (see :class:`_Traced`)."""
    return _traced(_canvas(points, f))


def _traced(canvas: tuple) -> _Traced:
    segments = tuple((a, b) for a, b in zip(canvas, canvas[1:]) if a is not None and b is not None)
    xs = [p[0] for p in canvas if p is not None]
    if all(a <= b for a, b in zip(xs, xs[1:])):
        return _Traced(segments, tuple(a[0] for a, _ in segments), tuple(b[0] for _, b in segments))
    return _Traced(segments, None, None)


def _canvas(points, f: _Frame) -> tuple:
    """The points on the canvas, not rounded (None where the line breaks)."""
    return tuple(None if p is None else (f.px(p[0]), f.py(p[1])) for p in points)


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
    crossed = [t for line in traced for a, b in line.segments for t in trace((a, b), band=band)]
    k, box, _ = place_text(0, 0, label, spots, [*boxes, *crossed], inside)
    return k, box


def _crosses(line: _Traced, box: Box) -> bool:
    """Whether a box of :func:`layout.trace` along ``line`` overlaps ``box`` as
    :func:`place_text` tests it (1 px apart); only the segments whose own bounds come
    within 3 px of the box are traced."""
    x0, y0, x1, y1 = box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3
    segments = line.segments
    if line.starts is not None:  # those that reach from x0 to x1
        segments = segments[bisect_left(line.ends, x0) : bisect_right(line.starts, x1)]
    for a, b in segments:
        if (a[0] < x0 and b[0] < x0) or (a[0] > x1 and b[0] > x1):
            continue
        if (a[1] < y0 and b[1] < y0) or (a[1] > y1 and b[1] > y1):
            continue
        for t in trace((a, b)):
            if box[0] < t[2] + 1 and t[0] < box[2] + 1 and box[1] < t[3] + 1 and t[1] < box[3] + 1:
                return True
    return False
