"""Where a plane's labels go (:mod:`.plane`): each around its point, in the first of its
places clear of every box, as :func:`.layout.place_text` chooses, with the places'
offsets kept per label and the boxes outside the axes tested only where a place reaches
them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from .layout import ASCENT, DESCENT, Box, width
from .svg import SIZE


class _Taken(NamedTuple):
    """The boxes a label keeps clear of: ``outer`` ones (a function that makes them), all
    outside the axes' rectangle ``area`` (x0, y0, x1, y1), made and tested only for a
    place that reaches out of it, and ``inner`` ones (markers, the axes' names, the labels
    placed so far)."""

    outer: Callable[[], Sequence[Box]]
    inner: list[Box]
    area: tuple[float, float, float, float]


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

_UP, _DOWN = ASCENT * SIZE, DESCENT * SIZE
_new = tuple.__new__  # _new(Box, (x0, y0, x1, y1, kind)): a named tuple made without a call


@lru_cache(maxsize=4096)  # a problem's labels are coordinates: they come back
def _shifts(label: str, far: bool) -> tuple[float, tuple, tuple[float, ...]]:
    """``label``'s width; for each of its places around a point (:data:`_FARTHER` or
    :data:`_AROUND`), (dx, what the box's left side is left of x + dx, dy); and the
    bounds of all those boxes around the point (dx0, dy0, dx1, dy1), a pixel wider."""
    w = width(label)
    shifts = tuple(
        (dx, w / 2 if anchor == "middle" else 0 if anchor == "start" else w, dy)
        for dx, dy, anchor in (_FARTHER if far else _AROUND)
    )
    lo_x = min(dx - s for dx, s, _ in shifts) - 2
    hi_x = max(dx - s for dx, s, _ in shifts) + w + 2
    lo_y = min(dy for _, _, dy in shifts) - _UP - 2
    hi_y = max(dy for _, _, dy in shifts) + _DOWN + 2
    return w, shifts, (lo_x, lo_y, hi_x, hi_y)


def _nearby(x: float, y: float, label: str, far: bool, taken: _Taken):
    """``label``'s width and places (:func:`_shifts`) around (x, y), the bounds of all
    its places there (x0, y0, x1, y1), and the boxes of ``taken.inner`` that reach into
    them, as plain 4-tuples (unpacked, not indexed: a loop's turn the cheaper)."""
    w, shifts, (lo_x, lo_y, hi_x, hi_y) = _shifts(label, far)
    lo_x, hi_x, lo_y, hi_y = x + lo_x, x + hi_x, y + lo_y, y + hi_y
    near = [
        (a, b, c, d)
        for a, b, c, d, _ in taken.inner
        if a < hi_x and lo_x < c and b < hi_y and lo_y < d
    ]
    return w, shifts, (lo_x, lo_y, hi_x, hi_y), near


def _place(x: float, y: float, label: str, far: bool, taken: _Taken, room: Box):
    """Where ``label`` goes around (x, y): the index of its place, that place's box, and
    whether it is clear of the boxes ``taken``; chosen as :func:`layout.place_text`
    chooses among ``taken.outer() + taken.inner`` (the first place inside ``room`` clear
    of every box by a pixel, else the one that overlaps them least), with the places'
    offsets kept per label, and the boxes outside the axes made and tested only for a
    place that comes within a pixel of the axes' edge (none of them reaches into the axes:
    a place a pixel inside cannot touch one). A first pass looks for a clear place
    without a list or a comprehension; only when there is none are the overlaps measured
    (:func:`_place_crowded`)."""
    w, shifts, (lo_x, lo_y, hi_x, hi_y), near = _nearby(x, y, label, far, taken)
    x0, y0, x1, y1 = taken.area
    outer = None  # the boxes outside the axes near the label, once a place reaches out
    rx0, ry0, rx1, ry1 = room[:4]
    for k, (dx, s, dy) in enumerate(shifts):
        a0 = x + dx - s
        a1, b0, b1 = a0 + w, y + dy - _UP, y + dy + _DOWN
        if not (a0 >= rx0 and a1 <= rx1 and b0 >= ry0 and b1 <= ry1):
            continue
        for a, b, c, d in near:
            if a0 < c + 1 and a < a1 + 1 and b0 < d + 1 and b < b1 + 1:
                break
        else:
            if not (x0 + 1 <= a0 and a1 + 1 <= x1 and y0 + 1 <= b0 and b1 + 1 <= y1):
                if outer is None:
                    outer = [
                        (a, b, c, d)
                        for a, b, c, d, *_ in taken.outer()
                        if a < hi_x and lo_x < c and b < hi_y and lo_y < d
                    ]
                for a, b, c, d in outer:
                    if a0 < c + 1 and a < a1 + 1 and b0 < d + 1 and b < b1 + 1:
                        break
                else:
                    return k, _new(Box, (a0, b0, a1, b1, "label")), True
                continue
            return k, _new(Box, (a0, b0, a1, b1, "label")), True
    return _place_crowded(x, y, label, far, taken, room)


def _place_crowded(x: float, y: float, label: str, far: bool, taken: _Taken, room: Box):
    """:func:`_place` measuring every place (what it falls back on when its first pass
    finds no clear place): the overlaps of each, and the one that overlaps least."""
    w, shifts, (lo_x, lo_y, hi_x, hi_y), near = _nearby(x, y, label, far, taken)
    x0, y0, x1, y1 = taken.area
    outer = None  # the boxes outside the axes near the label, once a place reaches out
    rx0, ry0, rx1, ry1 = room[:4]
    crowded = []  # (k, box, the boxes it overlaps) of each place in the room that is not clear
    for k, (dx, s, dy) in enumerate(shifts):
        a0 = x + dx - s
        a1, b0, b1 = a0 + w, y + dy - _UP, y + dy + _DOWN
        if not (a0 >= rx0 and a1 <= rx1 and b0 >= ry0 and b1 <= ry1):
            continue
        hit = [
            (a, b, c, d)
            for a, b, c, d in near
            if a0 < c + 1 and a < a1 + 1 and b0 < d + 1 and b < b1 + 1
        ]
        if not (x0 + 1 <= a0 and a1 + 1 <= x1 and y0 + 1 <= b0 and b1 + 1 <= y1):
            if outer is None:
                outer = [
                    b
                    for b in taken.outer()
                    if b[0] < hi_x and lo_x < b[2] and b[1] < hi_y and lo_y < b[3]
                ]
            hit[:0] = [  # in the order place_text meets them: the outer boxes first
                b
                for b in outer
                if a0 < b[2] + 1 and b[0] < a1 + 1 and b0 < b[3] + 1 and b[1] < b1 + 1
            ]
        if not hit:
            return k, _new(Box, (a0, b0, a1, b1, "label")), True
        crowded.append((k, (a0, b0, a1, b1), hit))
    return _least_crowded(crowded, shifts, x, y, w)


def _least_crowded(crowded: list, shifts, x: float, y: float, w: float):
    """:func:`_place`'s answer when no place is clear: of the places in the room, the
    first that overlaps the boxes least (by area), else the first place."""
    best, best_area, best_box = 0, None, None
    for k, (a0, b0, a1, b1), hit in crowded:
        area = sum(
            max(0.0, min(a1, b[2]) - max(a0, b[0])) * max(0.0, min(b1, b[3]) - max(b0, b[1]))
            for b in hit
        )
        if best_area is None or area < best_area:
            best, best_area, best_box = k, area, (a0, b0, a1, b1)
    if best_box is None:  # no place inside the room: the first, as place_text gives
        dx, s, dy = shifts[0]
        a0 = x + dx - s
        best_box = (a0, y + dy - _UP, a0 + w, y + dy + _DOWN)
    return best, Box(*best_box), False
