"""Text measured without a browser, and the boxes a drawing is laid out with.

Widths are Arial's (Helvetica, Liberation Sans and Roboto are within a few per cent),
and the glyphs Arial lacks (superscripts, subscripts) are taken at the widest of the
fonts that supply them, all with a 6 % margin: a label's box holds the label as any of
these fonts draws it. A drawing's boxes are what the overlap test reads (and what the
browser test compares with ``getBBox``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from .svg import SIZE, num

MARGIN = 1.06
ASCENT, DESCENT = 0.95, 0.25  # of the font size, above and below the baseline
_EM = {}
for chars, w in (
    ("0123456789", 0.556),
    (".,·:;'′ []/ftIjil|", 0.278),
    ('-()r*"', 0.333),
    ("−+=×≈≤≥<>~±", 0.584),
    ("abdeghnopqu$", 0.556),
    ("cksvxyzJŷ", 0.5),
    ("m", 0.833),
    ("w", 0.722),
    ("ABEKPSVXY", 0.667),
    ("CDHNRUw", 0.722),
    ("FTZ", 0.611),
    ("GOQ", 0.778),
    ("L", 0.556),
    ("M", 0.833),
    ("W", 0.944),
    ("%", 0.889),
    ("δηθ", 0.62),
    ("σΣ", 0.64),
    ("ε∂", 0.55),
    ("ΠΔ∇", 0.76),
    ("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉ᵃᵇᶜᵏᴸʰₖᵢⱼₜ", 0.44),
    ("⁽⁾₍₎", 0.32),
    ("⁺⁻₊₋", 0.56),
    ("○●□■✕×✓✗⊙", 0.9),
    ("…⋮→←↑↓", 1.0),
):
    for c in chars:
        _EM[c] = w
_EM[" "] = 0.278


class Box(NamedTuple):
    """An axis-aligned box of a drawing: ``kind`` is ``label`` (text), ``unit`` (a node)
    or ``mark`` (a point's marker)."""

    x0: float
    y0: float
    x1: float
    y1: float
    kind: str = "label"

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )


class Drawing(NamedTuple):
    """An SVG body laid out on a ``width`` × ``height`` canvas, with its boxes
    (``layout``: the boxes, or a function that computes them when a test asks). A named
    tuple: one is made per figure, and a tuple is made fast."""

    width: float
    height: float
    body: str
    layout: tuple[Box, ...] | Callable[[], tuple[Box, ...]] = ()
    complete: bool = True  # False: texts asked for were left out, finding no room

    @property
    def boxes(self) -> tuple[Box, ...]:
        return self.layout() if callable(self.layout) else self.layout


@lru_cache(maxsize=4096)
def width(s: str, size: float = SIZE) -> float:
    """The width of ``s`` at ``size`` (an upper bound over the fonts of :data:`svg.FONT`)."""
    return size * MARGIN * sum(map(_EM.get, s, repeat(1.0)))  # a glyph not known: 1 em


def text_box(x: float, y: float, s: str, size: float = SIZE, anchor: str = "middle") -> Box:
    """The box of ``s`` written with its baseline at ``y``, centred on ``x`` (or starting
    at x for ``anchor="start"``, ending there for ``"end"``)."""
    w = width(s, size)
    x0 = x - w / 2 if anchor == "middle" else x if anchor == "start" else x - w
    return Box(x0, y - ASCENT * size, x0 + w, y + DESCENT * size)


def centred_box(x: float, y: float, w: float, size: float = SIZE) -> Box:
    """The box of a label ``w`` wide whose middle (in both directions) is at (x, y)."""
    h = (ASCENT + DESCENT) * size
    return Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def baseline(y_middle: float, size: float = SIZE) -> float:
    """The baseline that puts a label's box middle at ``y_middle``."""
    return y_middle + (ASCENT - DESCENT) * size / 2


def overlapping(boxes: list[Box] | tuple[Box, ...], gap: float = 0.0) -> list[tuple[Box, Box]]:
    """Every pair of boxes that overlap, but two markers (two points of the data may lie
    close together: that is where they are)."""
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a.overlaps(b, gap) and not (a.kind == b.kind == "mark")
    ]


def hits(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Whether the segment p–q passes through ``box`` (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for d, near, far in ((dx, box.x0 - x0, box.x1 - x0), (dy, box.y0 - y0, box.y1 - y0)):
        if d == 0:
            if near > 0 or far < 0:
                return False
            continue
        a, b = near / d, far / d
        if a > b:
            a, b = b, a
        lo, hi = max(lo, a), min(hi, b)
        if lo > hi:
            return False
    return True


@lru_cache(maxsize=256)  # legends repeat, and every trial line is measured
def wrap(lines: tuple[str, ...], room: float) -> tuple[str, ...]:
    """Lines of text broken at spaces to fit ``room`` (a word longer than that stays
    whole)."""
    out = []
    for line in lines:
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if current and width(trial) > room:
                out.append(current)
                current = word
            else:
                current = trial
        out.append(current)
    return tuple(out)


def place(candidates, boxes, inside=None) -> int:
    """The index of the first candidate box that overlaps none of ``boxes`` (and lies
    ``inside`` a box, when given); else the one that overlaps them least."""
    best, best_area = 0, None
    for k, c in enumerate(candidates):
        if inside is not None and not (
            c.x0 >= inside.x0 and c.x1 <= inside.x1 and c.y0 >= inside.y0 and c.y1 <= inside.y1
        ):
            continue
        area = sum(
            max(0.0, min(c.x1, b.x1) - max(c.x0, b.x0))
            * max(0.0, min(c.y1, b.y1) - max(c.y0, b.y0))
            for b in boxes
            if c.overlaps(b, 1)
        )
        if not area and not any(c.overlaps(b, 1) for b in boxes):
            return k
        if best_area is None or area < best_area:
            best, best_area = k, area
    return best


_UP, _DOWN = ASCENT * SIZE, DESCENT * SIZE


def place_text(
    x: float, y: float, label: str, offsets, boxes, inside=None
) -> tuple[int, Box, bool]:
    """Where ``label`` goes among ``offsets`` ((dx, dy of its baseline, anchor) from
    (x, y)): the index of the first place whose box overlaps none of ``boxes`` (and lies
    ``inside`` a box, when given), else of the one that overlaps them least, as
    :func:`place` chooses among the same boxes; that box; and whether it overlaps
    nothing. Only the boxes near the places are tested."""
    w = width(label)
    half = w / 2
    places = []
    for dx, dy, anchor in offsets:
        x0 = x + dx - (half if anchor == "middle" else 0 if anchor == "start" else w)
        places.append((x0, y + dy - _UP, x0 + w, y + dy + _DOWN))
    x0s, y0s, x1s, y1s = zip(*places)
    lo_x, hi_x, lo_y, hi_y = min(x0s) - 1, max(x1s) + 1, min(y0s) - 1, max(y1s) + 1
    near = [b for b in boxes if b[0] < hi_x and lo_x < b[2] and b[1] < hi_y and lo_y < b[3]]
    best, best_area, clear = 0, None, False
    for k, (a0, b0, a1, b1) in enumerate(places):
        if inside is not None and not (
            a0 >= inside.x0 and a1 <= inside.x1 and b0 >= inside.y0 and b1 <= inside.y1
        ):
            continue
        hit = [
            b for b in near if a0 < b[2] + 1 and b[0] < a1 + 1 and b0 < b[3] + 1 and b[1] < b1 + 1
        ]
        if not hit:
            best, clear = k, True
            break
        area = sum(
            max(0.0, min(a1, b[2]) - max(a0, b[0])) * max(0.0, min(b1, b[3]) - max(b0, b[1]))
            for b in hit
        )
        if best_area is None or area < best_area:
            best, best_area = k, area
    return best, Box(*places[best]), clear


def clear_places(x: float, y: float, label: str, offsets, boxes, inside=None):
    """The places among ``offsets`` that :func:`place_text` finds clear, in order and
    one at a time: (index, box) of each place whose box lies ``inside`` (when given)
    and overlaps none of ``boxes`` (1 px apart). Its first is place_text's choice when
    there is one; it stops as soon as it is found, where place_text measures them all."""
    w = width(label)
    half = w / 2
    for k, (dx, dy, anchor) in enumerate(offsets):
        a0 = x + dx - (half if anchor == "middle" else 0 if anchor == "start" else w)
        a1, b0, b1 = a0 + w, y + dy - _UP, y + dy + _DOWN
        if inside is not None and not (
            a0 >= inside.x0 and a1 <= inside.x1 and b0 >= inside.y0 and b1 <= inside.y1
        ):
            continue
        if not any(
            a0 < b[2] + 1 and b[0] < a1 + 1 and b0 < b[3] + 1 and b[1] < b1 + 1 for b in boxes
        ):
            yield k, Box(a0, b0, a1, b1)


# behind each edge label a rectangle in the page's colour (--nnq-bg: night mode sets it;
# white without it): the edge stops at the label, never showing through the gaps of its
# characters (a halo around each glyph left the decimal point's gap open: 0:7)
_BACK = "<g class='nnq-wbg' style='fill:var(--nnq-bg,#fff)'>"


def backdrops(anchors, labels) -> str:
    """The rectangles behind ``labels`` centred at ``anchors`` (x, baseline, …)."""
    return backdrops_of(anchors, map(width, labels))


def backdrops_of(anchors, widths) -> str:
    """:func:`backdrops` of labels ``widths`` wide."""
    return _BACK + "".join(map(_backdrop, anchors, widths)) + "</g>"


# a layout's places and the labels' widths (numbers of one length are one width): they
# come back, where the labels themselves seldom do
@lru_cache(maxsize=8192)
def _backdrop(anchor: tuple, w: float) -> str:
    x, y = anchor[0], anchor[1]
    return f"<rect x='{num(x - w / 2 - 1)}' y='{num(y - 10)}' width='{num(w + 2)}' height='13'/>"


def trace(points, step: float = 3.0, band: tuple[float, float] | None = None) -> list[tuple]:
    """Small boxes every ``step`` px along a polyline (a None breaks it): where a label
    must not go, a line would run through its letters. With ``band`` (y from, y to),
    only those of the segments that reach into it (what a label there can touch). The
    boxes are plain tuples (x0, y0, x1, y1), as :func:`place_text` reads them."""
    out = []
    lo, hi = band or (-math.inf, math.inf)
    hypot = math.hypot
    for a, b in zip(points, points[1:]):
        if a is None or b is None:
            continue
        ax, ay = a
        bx, by = b
        if (ay if ay > by else by) + 2 < lo or (ay if ay < by else by) - 2 > hi:
            continue  # its boxes lie outside the band
        dx, dy = bx - ax, by - ay
        n = max(1, int(hypot(dx, dy) / step))
        for k in range(n + 1):
            x, y = ax + dx * k / n, ay + dy * k / n
            out.append((x - 1, y - 1, x + 1, y + 1))
    return out
