"""The curves of a plot (:mod:`.plot`) written as SVG: each a path through its points
on the canvas, dashed or not, with a marker at each point where it has them."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from . import svg

if TYPE_CHECKING:
    from .plot import Axis, _Frame

DOT = 3.2  # a marker's radius


def curves_drawn(curves, f: _Frame) -> str:
    """The curves in the frame ``f``: each a path, dashed as it says, its markers."""
    out = []
    for c in curves:
        d, at = _path(c.points, f)
        dash = f" stroke-dasharray='{c.dash}'" if c.dash else ""
        stroke = "2.4" if c.heavy else "1.6"
        if c.faint:
            out.append("<g class='nnq-faint' opacity='.45'>")
        out.append(svg.path(d, f" fill='none' stroke='currentColor' stroke-width='{stroke}'{dash}"))
        if c.marker:
            out.append(MARKER[c.marker] * (len(at) // 2) % at)
        if c.faint:
            out.append("</g>")
    return "<g class='nnq-curves'>" + "".join(out) + "</g>"


# a marker at (x, y) as :func:`_path` writes them
MARKER = {
    "dot": f"<circle cx='%s' cy='%s' r='{DOT}'/>",
    "ring": f"<circle cx='%s' cy='%s' r='{DOT}' fill='none' stroke='currentColor'"
    " stroke-width='1.4'/>",
}


@lru_cache(maxsize=256)
def _path(points, f: _Frame) -> tuple[str, tuple[str, ...]]:
    """Path data through the points (a None starts a new piece), and the points'
    coordinates x0, y0, x1, … as written (where the markers go). The numbers are
    written by :func:`svg.tenth_texts` and one ``%`` format (a curve has a hundred points or
    more), each computed as :meth:`_Frame.px` and :meth:`_Frame.py` compute it; the x
    of a piece's points (epochs, samples: they come back) are kept per frame."""
    pieces = [points] if points and None not in points else _pieces(points)
    cmds, at = [], []
    for piece in pieces:
        xs, ys = zip(*piece)
        both = [""] * (2 * len(xs))
        both[0::2] = _xs_written(xs, f.left, f.right, f.x)
        both[1::2] = _ys_written(ys, f)
        at += both
        cmds.append("M%s %s" + "L%s %s" * (len(xs) - 1))
    written = tuple(at)
    return "".join(cmds) % written, written


@lru_cache(maxsize=1024)
def _xs_written(xs: tuple[float, ...], left: float, right: float, x: Axis) -> tuple[str, ...]:
    """:meth:`_Frame.px` of each of ``xs``, as :func:`svg.num` writes it."""
    lo, dx, w = x.lo, x.hi - x.lo, right - left
    return tuple(svg.tenth_texts([round((left + (v - lo) / dx * w) * 10) for v in xs]))


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
