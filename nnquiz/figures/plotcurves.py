"""The curves of a plot (:mod:`.plot`) written as SVG: each a path through its points
on the canvas, dashed or not, with a marker at each point where it has them."""

from __future__ import annotations

from functools import lru_cache
from operator import add
from typing import TYPE_CHECKING

from . import svg

if TYPE_CHECKING:
    from .plot import Axis, _Frame

DOT = 3.2  # a marker's radius


def curves_drawn(curves, f: _Frame) -> str:
    """The curves in the frame ``f``: each a path, dashed as it says, its markers."""
    out = []
    for c in curves:
        d, marks = _path(c.points, f, c.marker)
        dash = f" stroke-dasharray='{c.dash}'" if c.dash else ""
        stroke = "2.4" if c.heavy else "1.6"
        if c.faint:
            out.append("<g class='nnq-faint' opacity='.45'>")
        out.append(svg.path(d, f" fill='none' stroke='currentColor' stroke-width='{stroke}'{dash}"))
        out.append(marks)
        if c.faint:
            out.append("</g>")
    return "<g class='nnq-curves'>" + "".join(out) + "</g>"


# a marker at (x, y)
MARKER = {
    "dot": f"<circle cx='%s' cy='%s' r='{DOT}'/>",
    "ring": f"<circle cx='%s' cy='%s' r='{DOT}' fill='none' stroke='currentColor'"
    " stroke-width='1.4'/>",
}
# what comes before a point's y and after the last one, a path's or a marker's: the text
# of a piece is "".join(map(add, the x's prefixes, the y's)) + the end (no % format of
# hundreds of arguments)
_FIRST = {"": "M%s ", "dot": "<circle cx='%s' cy='", "ring": "<circle cx='%s' cy='"}
_NEXT = {k: MARKER[k].partition("%s' cy='%s")[2] + v for k, v in _FIRST.items() if k}
_NEXT[""] = "L%s "
_END = {k: MARKER[k].partition("%s' cy='%s")[2] for k in MARKER} | {"": ""}


@lru_cache(maxsize=256)
def _path(points, f: _Frame, marker: str = "") -> tuple[str, str]:
    """Path data through the points (a None starts a new piece), and their markers
    (``marker``: ``""`` none). The numbers are written by :func:`svg.tenth_texts`, each
    computed as :meth:`_Frame.px` and :meth:`_Frame.py` compute it; the x of a piece's
    points (epochs, samples: they come back) are written once per frame, as the parts
    before each y (:func:`_xs_before`)."""
    pieces = [points] if points and None not in points else _pieces(points)
    cmds, marks = [], []
    for piece in pieces:
        xs, ys = zip(*piece)
        ys = _ys_written(ys, f)
        cmds.append("".join(map(add, _xs_before(xs, f.left, f.right, f.x, ""), ys)))
        if marker:
            before = _xs_before(xs, f.left, f.right, f.x, marker)
            marks.append("".join(map(add, before, ys)) + _END[marker])
    return "".join(cmds), "".join(marks)


@lru_cache(maxsize=1024)
def _xs_before(
    xs: tuple[float, ...], left: float, right: float, x: Axis, marker: str
) -> tuple[str, ...]:
    """:meth:`_Frame.px` of each of ``xs``, as :func:`svg.num` writes it, in what comes
    before each point's y (a path's ``M`` or ``L``, or the marker's opening)."""
    lo, dx, w = x.lo, x.hi - x.lo, right - left
    texts = svg.tenth_texts([round((left + (v - lo) / dx * w) * 10) for v in xs])
    after = _NEXT[marker]
    return (_FIRST[marker] % texts[0], *[after % t for t in texts[1:]])


def _ys_written(ys: tuple[float, ...], f: _Frame) -> list[str]:
    """:meth:`_Frame.py` of each of ``ys`` (clamped to the axis), as :func:`svg.num`
    writes it."""
    bottom, low, high, h = f.bottom, f.y.lo, f.y.hi, f.bottom - f.top
    dy = high - low
    if not (low <= min(ys) and max(ys) <= high):  # clamped only where needed
        ys = [low if low > y else high if high < y else y for y in ys]
    return svg.tenth_texts([round((bottom - (y - low) / dy * h) * 10) for y in ys])


def _pieces(points) -> list[list]:
    """The pieces of a line broken by Nones (none empty)."""
    pieces: list[list] = [[]]
    for p in points:
        if p is None:
            pieces.append([])
        else:
            pieces[-1].append(p)
    return [piece for piece in pieces if piece]
