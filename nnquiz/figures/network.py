"""A network drawn as the notes draw it: node layers left to right, a circle per unit
with its name inside, a line per weight with the weight's value on it, a note under a
unit (its bias, its input value, its δ), and above each layer its number and activation.

Where the labels go depends only on the shape of the network and how wide its labels
are, so the layout is computed once per shape (:func:`_plan`, cached; the searches the
generated problems need were done ahead of time, :mod:`.presets`) and a problem only
writes its numbers into it. Each edge label sits on its own edge, at the point along it
where it overlaps no unit, note, heading or other label and crosses the fewest other
edges; the vertical spacing grows until every label has such a point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from operator import add
from typing import NamedTuple

from . import netparts, presets
from .layout import (
    ASCENT,
    DESCENT,
    Box,
    Drawing,
    backdrops_of,
    baseline,
    text_box,
    width,
    wrap,
)
from .netparts import ELLIPSIS, LINE, PAD, R
from .svg import HALO, SIZE, esc, esc_all, num

WIDTH = 340  # fits a 390 px phone (with the card's margins) at full size
SPACINGS = range(58, 190, 12)  # vertical distances from unit to unit, tried in turn
# a network with no text between its units (count_params' architecture): units closer,
# the figure shorter (a phone's card front) at the same text size
BARE_SPACING = 44
GAP = 2.0  # the least room between two boxes
# more edge labels than this do not fit a phone legibly (generated problems have 21 at most)
MAX_LABELS = 48
MAX_GAP = 150  # widest distance between two layers
HEAD = 48.0  # the least width a heading is laid out for ("sigmoid", "layer 4")


class Net(NamedTuple):
    """What to draw: layer ``k`` (0-based; the notes' layer k + 1) has ``sizes[k]`` units
    (a named tuple: one is made per figure, and a tuple is made fast).

    - ``units[k][i]``: the name inside unit i (``ELLIPSIS`` for an elided run of units);
    - ``heads[k]``: the lines above layer k (``("layer 2", "ReLU")``);
    - ``edges``: ``(k, i, j)`` of the edges that carry a label, the weight to unit i of
      layer k + 1 from unit j of layer k, and ``labels`` their labels, in that order;
    - ``notes``: ``(k, i)`` of the units with a text under them, layer by layer (as
      :func:`all_units` gives them), ``note_texts`` the texts;
    - ``strong``: ``(k, i, j)`` of the edges drawn heavy; with ``faint``, the other
      edges are drawn light; ``crossed``: ``(k, i)`` of the units dropped (crossed out,
      their edges dashed);
    - ``legend``: lines of text under the drawing;
    - ``edge_room``, ``note_room``: the least width to lay labels and notes out for: a
      problem whose numbers are narrower shares the layout of one whose numbers are as
      wide as these (layouts are cached by shape and width).

    Pass the same tuples (``edges``, ``notes``: see :func:`all_edges`) for networks of
    one shape: a layout is looked up by them.
    """

    sizes: tuple[int, ...]
    units: tuple[tuple[str, ...], ...]
    heads: tuple[tuple[str, ...], ...]
    edges: tuple[tuple[int, int, int], ...] = ()
    labels: Sequence[str] = ()
    notes: tuple[tuple[int, int], ...] = ()
    note_texts: Sequence[str] = ()
    strong: frozenset[tuple[int, int, int]] = frozenset()
    faint: bool = False
    crossed: frozenset[tuple[int, int]] = frozenset()
    legend: tuple[str, ...] = ()
    edge_room: float = 0.0
    note_room: float = 0.0


@lru_cache(maxsize=64)
def all_edges(sizes: tuple[int, ...]) -> tuple[tuple[int, int, int], ...]:
    """Every edge of a network, layer by layer, row-major like the matrices W."""
    return tuple(
        (k, i, j)
        for k in range(len(sizes) - 1)
        for i in range(sizes[k + 1])
        for j in range(sizes[k])
    )


@lru_cache(maxsize=64)
def all_units(sizes: tuple[int, ...], first: int = 0) -> tuple[tuple[int, int], ...]:
    """Every unit of the layers from ``first`` on, layer by layer."""
    return tuple((k, i) for k in range(first, len(sizes)) for i in range(sizes[k]))


def draw(net: Net) -> Drawing | None:
    """The drawing of ``net``, or None when its edge labels find no room (a network too
    large to label legibly: draw it again without ``edges``)."""
    if len(net.edges) > MAX_LABELS:
        return None
    labels, notes = net.labels, net.note_texts
    label_w = list(map(width, labels))
    plan = _plan(
        net.sizes,
        net.units,
        _heads(net.heads),
        net.edges,
        _slot(max(label_w, default=0), net.edge_room if net.edges else 0),
        _noted(net.sizes, net.notes),
        _note_slots(net.notes, len(net.sizes), tuple(map(width, notes)), net.note_room),
        net.strong,
        net.faint,
        net.crossed,
        net.legend,
    )
    if plan is None:
        return None
    # each label after its <text …> opening, in one string (C loops: this runs per problem)
    body = [plan.static, _headings(plan, net.heads)]
    if labels:
        body += (backdrops_of(plan.edge_anchors, label_w), _W)
        body += ("</text>".join(map(add, plan.edge_open, esc_all(labels))), _END)
    if notes:
        body += (_NOTES, "</text>".join(map(add, plan.note_open, esc_all(notes))), _END)
    layout = partial(_boxes, plan, net.heads, labels, notes)
    return Drawing(plan.width, plan.height, "".join(body), layout)


_W = "<g class='nnq-w'>"  # on a rectangle in the page's colour (layout.backdrops)
_NOTES = f"<g class='nnq-note'{HALO}>"
_END = "</text></g>"


@lru_cache(maxsize=256)
def _headings(plan: _Plan, heads) -> str:
    """The lines above the layers, written where ``plan`` leaves room for them."""
    texts = [h[n] if n < len(h) else "" for h in heads for n in range(plan.lines)]
    opened = [f"{a[2]}{esc(s)}</text>" for a, s in zip(plan.head_anchors, texts) if s]
    return "<g class='nnq-heads'>" + "".join(opened) + "</g>"


@lru_cache(maxsize=256)
def _heads(heads) -> tuple[int, tuple[float, ...]]:
    """How many lines the headings take, and each layer's heading width."""
    return max(map(len, heads)), tuple(_slot(max(map(width, h), default=0), HEAD) for h in heads)


@lru_cache(maxsize=256)
def _noted(sizes: tuple[int, ...], notes) -> tuple[tuple[bool, ...], ...]:
    """Per layer, per unit: whether it has a note (as the layout is keyed)."""
    out = [[False] * n for n in sizes]
    for k, i in notes:
        out[k][i] = True
    return tuple(map(tuple, out))


@lru_cache(maxsize=1024)  # the lengths of the numbers under the units come back
def _note_slots(notes, layers: int, widths: tuple[float, ...], room: float) -> tuple[float, ...]:
    """Per layer, the width its notes are laid out for (0 without notes): ``notes`` are
    the (k, i) of the units with a note, ``widths`` the notes' widths."""
    note_w = [0.0] * layers
    for (k, _), w in zip(notes, widths):
        if w > note_w[k]:
            note_w[k] = w
    return tuple([_slot(w, room) if w else 0.0 for w in note_w])


def _boxes(plan, heads, edges, notes) -> tuple[Box, ...]:
    """The layout's boxes with each text's own width."""
    out = list(plan.boxes)
    texts = [h[n] if n < len(h) else "" for h in heads for n in range(plan.lines)]
    for anchors, written in (
        (plan.head_anchors, texts),
        (plan.edge_anchors, edges),
        (plan.note_anchors, notes),
    ):
        for (x, y, _), s in zip(anchors, written):
            if s:
                half = width(s) / 2
                out.append(Box(x - half, y - ASCENT * SIZE, x + half, y + DESCENT * SIZE))
    return tuple(out)


def _slot(w: float, least: float) -> float:
    """The width a layout leaves for labels ``w`` wide: ``least``, or more in steps of 16
    units (labels of nearly one width share a layout, and layouts are few)."""
    if not w and not least:
        return 0.0
    if w <= least:
        return least
    return least + math.ceil((w - least) / 16) * 16


@dataclass(frozen=True, eq=False)  # a plan is its own key (the cache keeps it alive)
class _Plan:
    width: float
    height: float
    static: str  # everything but the headings, edge labels and notes
    boxes: tuple[Box, ...]
    lines: int  # of headings
    head_anchors: tuple[tuple[float, float, str], ...]
    edge_anchors: tuple[tuple[float, float, str], ...]  # (x, baseline, "<text …>")
    note_anchors: tuple[tuple[float, float, str], ...]

    @cached_property
    def edge_open(self) -> tuple[str, ...]:
        """The ``<text …>`` opening of each edge label."""
        return tuple(a[2] for a in self.edge_anchors)

    @cached_property
    def note_open(self) -> tuple[str, ...]:
        return tuple(a[2] for a in self.note_anchors)


@lru_cache(maxsize=512)
def _plan(
    sizes, units, heads, labelled, edge_w, noted, note_w, strong, faint, crossed, legend
) -> _Plan | None:
    """The layout of a network with labels of the given widths. ``heads`` is (the lines
    above each layer, their width per layer); the text is written by :func:`draw`."""
    lines, head_w = heads
    xs, width_ = _columns(sizes, head_w, labelled, edge_w, note_w)
    if (labelled or any(map(any, noted))) and width_ > WIDTH:
        return None  # the numbers do not fit a phone's width: drawn without them
    head_h = PAD + LINE * lines
    legend_lines = wrap(legend, max(width_, WIDTH) - 2 * PAD)
    width_ = max([width_] + [width(line) + 2 * PAD for line in legend_lines])
    bare = not labelled and not any(map(any, noted)) and not crossed
    key = found = None  # a network without edge labels is laid out without a search
    if labelled:
        key = presets.key(sizes, units, lines, head_w, labelled, edge_w, noted, note_w)
        found = presets.LAYOUTS.get(key)
    if found is not None:  # the search's outcome, kept: laid out as it found it
        from . import placement  # NumPy: only when a new layout is made

        favour, spacing, ts = found
        if favour is not None:
            xs = _columns(sizes, head_w, labelled, edge_w, note_w, favour)[0]
        ys = _rows(sizes, spacing, head_h + R + 8)
        fixed = _fixed_boxes(xs, ys, units, lines, head_w, noted, note_w)
        anchors = placement.at(xs, ys, labelled, ts)
    elif bare:  # nothing written between the units: drawn closer, nothing to search
        ys = _rows(sizes, BARE_SPACING, head_h + R + 8)
        fixed = _fixed_boxes(xs, ys, units, lines, head_w, noted, note_w)
        anchors = []
    else:
        space = partial(_spaced, head_h, sizes, units, lines, head_w, labelled, edge_w)
        best, xs, favour = _search(space, sizes, units, head_w, labelled, edge_w, xs, noted, note_w)
        if best is None:
            return None
        _, ys, fixed, anchors, spacing, ts = best
        if presets.RECORD is not None and labelled:
            presets.RECORD[key] = (favour, spacing, tuple(ts))
    bottom = max(b.y1 for b in fixed) + 6
    height = bottom + LINE * len(legend_lines) + (4 if legend_lines else 0)
    static = netparts.static(xs, ys, units, strong, faint, crossed)
    legend_svg, legend_boxes = netparts.legend(legend_lines, bottom)
    static += legend_svg
    edge_anchors = tuple(
        (x, y + (ASCENT - DESCENT) * SIZE / 2, _open(x, baseline(y))) for x, y in anchors
    )
    note_anchors = []
    for k, layer in enumerate(noted):
        for i, on in enumerate(layer):
            if on:
                y = ys[k][i] + R + GAP + ASCENT * SIZE
                note_anchors.append((xs[k], y, _open(xs[k], y)))
    boxes = tuple(b for b in fixed if b.kind not in ("note", "head")) + legend_boxes
    head_anchors = tuple(
        (x, y, _open(x, y))
        for x in xs
        for y in (PAD + ASCENT * SIZE + n * LINE for n in range(lines))
    )
    return _Plan(
        width_, height, static, boxes, lines, head_anchors, edge_anchors, tuple(note_anchors)
    )


@lru_cache(maxsize=4096)  # the same places come back from layout to layout
def _open(x: float, y: float) -> str:
    """The opening of a ``<text>`` at (x, y)."""
    return f"<text x='{num(x)}' y='{num(y)}'>"


def _search(space, sizes, units, head_w, labelled, edge_w, xs, noted, note_w):
    """The best layout :func:`_spaced` finds (``space``), its columns and the gap they
    favour (None: the room shared out as usual)."""
    from . import placement

    best, favour = space(xs, noted, note_w), None
    if best is not None and placement.shortfall(xs, best[1], units, labelled, best[3]) > 1:
        # a label near another edge (where edges cross its own): the room to spare given
        # to one gap with labels, then another, for the label to move off the crossing
        for gap in sorted({k for k, _, _ in labelled}):
            other = _columns(sizes, head_w, labelled, edge_w, note_w, gap)[0]
            tried = space(other, noted, note_w, best[0])
            if tried is not None and tried[0] < best[0]:
                best, xs, favour = tried, other, gap
    return best, xs, favour


def _spaced(
    head_h,
    sizes,
    units,
    lines,
    head_w,
    labelled,
    edge_w,
    xs,
    noted,
    note_w,
    bound=math.inf,
):
    """(cost, ys, fixed boxes, label middles, spacing, label places) of the first
    vertical spacing whose labels cross no other edge and stay clear of them, else of
    the cheapest; None if none fits or none costs less than ``bound``."""
    from . import placement

    best = None
    if bound < 1:  # a spacing costing less than 1 ends the search: it must be tried
        bound = math.inf
    for spacing in SPACINGS:
        ys = _rows(sizes, spacing, head_h + R + 8)
        fixed = _fixed_boxes(xs, ys, units, lines, head_w, noted, note_w)
        notes = [b for b in fixed if b.kind == "note"]
        if any(n.overlaps(b, GAP) for n in notes for b in fixed if b is not n):
            continue  # notes of neighbouring layers too close: more room
        limit = bound if best is None else min(bound, best[0])
        placed = placement.place_labels(xs, ys, units, labelled, edge_w, fixed, limit)
        if placed is not None and (best is None or placed[1] < best[0]):
            best = (placed[1], ys, fixed, placed[0], spacing, placed[2])
            if placed[1] < 1:  # no crossing, every label clear (or within 0.08 px)
                break
    return best


def _columns(
    sizes, head_w, labelled, edge_w, note_w, favour: int | None = None
) -> tuple[list[float], float]:
    """The x of each layer and the drawing's width: a gap with edge labels leaves room
    for a label between two units side by side, the room left over is shared out. (Notes
    of neighbouring layers may reach into a gap: the layout checks that they stay apart.)"""
    halves = [max(R, w / 2) for w in head_w]
    with_labels = {k for k, _, _ in labelled}
    gaps = [
        max(
            2 * R + edge_w + 2 * GAP if k in with_labels else 2 * R + 24,
            halves[k] + halves[k + 1] + 8,
        )
        for k in range(len(sizes) - 1)
    ]
    left, right = max(halves[0], note_w[0] / 2), max(halves[-1], note_w[-1] / 2)
    spare = WIDTH - 2 * PAD - left - right - sum(gaps)
    # the room left over goes to the gaps with labels first: a label there can then sit
    # away from where other edges cross its edge
    first = [favour] if favour is not None else [k for k in range(len(gaps)) if k in with_labels]
    for share in (first, [k for k in range(len(gaps)) if k in with_labels], range(len(gaps))):
        if spare > 0 and share:
            wider = {k: min(gaps[k] + spare / len(share), max(gaps[k], MAX_GAP)) for k in share}
            spare -= sum(wider[k] - gaps[k] for k in share)
            gaps = [wider.get(k, g) for k, g in enumerate(gaps)]
    xs = [PAD + left]
    for g in gaps:
        xs.append(xs[-1] + g)
    return xs, xs[-1] + right + PAD


def _rows(sizes, spacing: float, top: float) -> list[list[float]]:
    """The y of each unit: every layer centred on one line."""
    middle = top + (max(sizes) - 1) * spacing / 2
    return [[middle + (i - (n - 1) / 2) * spacing for i in range(n)] for n in sizes]


def _fixed_boxes(xs, ys, units, lines, head_w, noted, note_w) -> list[Box]:
    boxes = []
    for k, (x, column) in enumerate(zip(xs, ys)):
        for i, y in enumerate(column):
            if units[k][i] == ELLIPSIS:
                boxes.append(text_box(x, y + 0.4 * SIZE, ELLIPSIS))
                continue
            boxes.append(Box(x - R, y - R, x + R, y + R, "unit"))
            if noted and noted[k][i]:
                top = y + R + GAP
                half = note_w[k] / 2
                boxes.append(Box(x - half, top, x + half, top + 1.2 * SIZE, "note"))
        for n in range(lines):
            top = PAD + n * LINE
            boxes.append(Box(x - head_w[k] / 2, top, x + head_w[k] / 2, top + 1.2 * SIZE, "head"))
    return boxes
