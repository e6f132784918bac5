"""A network drawing's lines and circles: its edges (plain, heavy, or dashed into and
out of a dropped unit), its units with their names (a dropped unit crossed out), and the
lines of its legend; the measures :mod:`.network` lays them out with."""

from __future__ import annotations

import math
from functools import lru_cache

from . import svg
from .layout import ASCENT, Box, baseline, text_box
from .svg import SIZE

R = 17  # a unit's radius
PAD = 4
LINE = 15  # from one line of text to the next
ELLIPSIS = "⋮"  # a unit named so is not drawn: the layer has more units than are shown
# a dropped unit's X: each arm from OPEN to ARM along a diagonal (x and y offsets), its
# middle left open for the unit's name
OPEN, ARM = 8.5, R + 5


def static(xs, ys, units, strong, faint, crossed) -> str:
    """Edges and units: every part of the drawing but its text."""
    plain, heavy, dashed = [], [], []  # each edge's path data
    for k in range(len(xs) - 1):
        x0, x1 = xs[k], xs[k + 1]
        left, right = units[k], units[k + 1]
        for i, y1 in enumerate(ys[k + 1]):
            for j, y0 in enumerate(ys[k]):
                if left[j] == ELLIPSIS or right[i] == ELLIPSIS:
                    continue
                if crossed and ((k, j) in crossed or (k + 1, i) in crossed):  # a dropped unit's
                    dashed.append(_edge(x0, y0, x1, y1))
                elif strong and (k, i, j) in strong:
                    heavy.append(_edge(x0, y0, x1, y1))
                else:
                    plain.append(_edge(x0, y0, x1, y1))
    light = " stroke-opacity='.45'" if faint else ""
    out = [
        "<g fill='none' stroke='currentColor' class='nnq-edges'>",
        svg.path("".join(plain), f" stroke-width='1.2'{light}") if plain else "",
        svg.path("".join(heavy), " stroke-width='2.6'") if heavy else "",
        svg.path("".join(dashed), " stroke-width='1.2' stroke-dasharray='4 3'") if dashed else "",
        "</g>",
        _units(xs, ys, units, crossed),
    ]
    return "".join(out)


# Units sit on a few columns and rows (the spacings are few), so the same edges and
# circles come back in drawing after drawing: each is written once.
@lru_cache(maxsize=4096)
def _edge(x0: float, y0: float, x1: float, y1: float) -> str:
    """The path data of the segment between two unit centres, minus the units' circles."""
    dx, dy = x1 - x0, y1 - y0
    d = math.hypot(dx, dy)
    ux, uy = dx / d, dy / d
    return svg.segments((((x0 + R * ux, y0 + R * uy), (x1 - R * ux, y1 - R * uy)),))


@lru_cache(maxsize=1024)
def _circle(x: float, y: float) -> str:
    return svg.circle(x, y, R)


def _units(xs, ys, units, crossed) -> str:
    circles, names, crosses, dots = [], [], [], []
    for k, (x, column) in enumerate(zip(xs, ys)):
        for i, y in enumerate(column):
            name = units[k][i]
            if name == ELLIPSIS:
                dots.append(svg.text(x, y + 0.4 * SIZE, ELLIPSIS))
                continue
            circles.append(_circle(x, y))
            if name:
                names.append(svg.text(x, baseline(y), name))
            if crossed and (k, i) in crossed:  # an X whose arms stop short of the name
                for sx, sy in ((-1, -1), (1, 1), (-1, 1), (1, -1)):
                    crosses.append(((x + sx * OPEN, y + sy * OPEN), (x + sx * ARM, y + sy * ARM)))
    out = (
        "<g class='nnq-units' fill='none' stroke='currentColor' stroke-width='1.5'>"
        + "".join(circles)
        + "</g>"
    )
    if crosses:
        out += svg.path(
            svg.segments(crosses), " class='nnq-dropped' stroke='currentColor' stroke-width='2'"
        )
    return out + svg.group("".join(names), " class='nnq-names'") + "".join(dots)


@lru_cache(maxsize=256)  # a few legends, at a few heights
def legend(lines: tuple[str, ...], top: float) -> tuple[str, tuple[Box, ...]]:
    """Lines of text under the drawing, and their boxes."""
    if not lines:
        return "", ()
    ys = [top + ASCENT * SIZE + n * LINE for n in range(len(lines))]
    texts = "".join(svg.text(PAD, y, line) for y, line in zip(ys, lines))
    boxes = tuple(text_box(PAD, y, line, anchor="start") for y, line in zip(ys, lines))
    return f"<g class='nnq-legend' text-anchor='start'>{texts}</g>", boxes
