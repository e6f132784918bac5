"""A chain of one-unit layers, top to bottom: the input, each unit, the loss; beside
each link the factor it multiplies a gradient by, beside each unit its own factor, and
(in a solution) the gradient at each node with a bar as long as its size, so that the
vanishing is seen as well as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from typing import NamedTuple

from . import svg
from .layout import ASCENT, Box, Drawing, baseline, text_box, width
from .svg import SIZE, esc, num

WIDTH = 340
PAD = 4
R = 16
NODE_ROW = 40
LINK_ROW = 26
X = PAD + R + 2  # the circles' centre
TEXT_X = X + R + 10
BAR_H = 5
ELLIPSIS = "⋮"  # a node named so stands for layers left out


@dataclass(frozen=True)
class Chain:
    """``nodes`` are the names in the circles, top to bottom (``x``, ``h⁽²⁾``, …, ``L``);
    ``node_notes`` the text right of each node, ``link_notes`` right of each link
    (one fewer); ``values`` a right-hand column, one per node, with ``bars`` (0 to 1)
    under them; ``heads`` the headings of the text and value columns."""

    nodes: tuple[str, ...]
    node_notes: tuple[str, ...]
    link_notes: tuple[str, ...]
    values: tuple[str, ...] = ()
    bars: tuple[float, ...] = ()
    heads: tuple[str, str] = ("", "")


def draw(chain: Chain) -> Drawing:
    """The chain drawn: the rows' places are computed once per length (:func:`_rows`),
    the circles and links once per pattern of elided layers, and a problem writes only
    its texts into them; the boxes are computed when a test asks (:func:`_boxes`)."""
    heads = any(chain.heads)
    rows = _rows(len(chain.nodes), heads)
    value_x = WIDTH - PAD - max(map(width, (*chain.values, chain.heads[1])))
    texts = []
    if heads:
        base = PAD + ASCENT * SIZE
        for x, head in zip((TEXT_X, value_x), chain.heads):
            if head:
                texts.append(svg.text(x, base, head, " text-anchor='start'"))
    at_value = num(value_x)
    notes, values, bars = chain.node_notes, chain.values, chain.bars
    rects = []
    links = chain.link_notes
    # the texts escaped one by one only when one of them needs it (numbers never do)
    e = esc if svg.special("".join((*chain.nodes, *notes, *links, *values))) else str
    value_y = rows.value_y_bars if bars else rows.value_y
    for k, name in enumerate(chain.nodes):
        texts.append(f"{rows.name_open[k]}{e(name)}</text>")
        note = notes[k] if k < len(notes) else ""
        if note:
            texts.append(f"{rows.note_open[k]}{e(note)}</text>")
        if values:
            if values[k]:
                texts.append(
                    f"<text x='{at_value}' y='{value_y[k]}' text-anchor='start'>"
                    f"{e(values[k])}</text>"
                )
            if bars:
                length = max(0.0, min(1.0, bars[k])) * (WIDTH - PAD - value_x)
                rects.append(
                    f"<rect class='nnq-bar' x='{at_value}' y='{rows.bar_y[k]}' "
                    f"width='{num(length)}' height='{BAR_H}' stroke='none'/>"
                )
        if k < len(links) and links[k]:
            texts.append(f"{rows.link_open[k]}{e(links[k])}</text>")
    static = _static(tuple(n == ELLIPSIS for n in chain.nodes), heads)
    body = static + "".join(rects) + "<g class='nnq-chain'>" + "".join(texts) + "</g>"
    return Drawing(WIDTH, rows.height, body, partial(_boxes, chain))


_X, _TEXT_X = num(X), num(TEXT_X)


class _Rows(NamedTuple):
    centres: tuple[float, ...]  # each node's centre
    bases: tuple[float, ...]  # the baseline of a text beside it
    height: float
    name_open: tuple[str, ...]  # the <text …> opening of each node's name
    note_open: tuple[str, ...]  # of the text beside each node
    link_open: tuple[str, ...]  # of each link's note
    value_y: tuple[str, ...]  # the y of a value beside each node, as written
    value_y_bars: tuple[str, ...]  # the same above a bar
    bar_y: tuple[str, ...]  # the y of each bar's top, as written


@lru_cache(maxsize=64)
def _rows(n: int, heads: bool) -> _Rows:
    """Where the rows of a chain of ``n`` nodes go (under a row of headings or not)."""
    y = PAD + (20 if heads else 0)
    centres, links = [], []
    for k in range(n):
        centres.append(y + NODE_ROW / 2)
        y += NODE_ROW
        if k < n - 1:
            links.append(num(baseline(y + LINK_ROW / 2)))
            y += LINK_ROW
    bases = tuple(baseline(cy) for cy in centres)
    names = tuple(map(num, bases))
    return _Rows(
        tuple(centres),
        bases,
        y + PAD,
        tuple(f"<text x='{_X}' y='{b}'>" for b in names),
        tuple(f"<text x='{_TEXT_X}' y='{b}' text-anchor='start'>" for b in names),
        tuple(f"<text x='{_TEXT_X}' y='{b}' text-anchor='start'>" for b in links),
        names,
        tuple(num(b - 3) for b in bases),
        tuple(num(b - 3 + 0.25 * SIZE + 1) for b in bases),
    )


@lru_cache(maxsize=64)
def _static(elided: tuple[bool, ...], heads: bool) -> str:
    """The circles, links and arrowheads of a chain (``elided``: which nodes are ⋮)."""
    rows = _rows(len(elided), heads)
    marks, links = [], []
    for cy, gone in zip(rows.centres, elided):
        if not gone:
            marks.append(svg.circle(X, cy, R))
    for a, b, upper, lower in zip(rows.centres, rows.centres[1:], elided, elided[1:]):
        top = a + (10 if upper else R)
        bottom = b - (10 if lower else R)
        links.append(f"M{X} {num(top)}V{num(bottom)}")
        links.append(f"M{X - 4} {num(bottom - 7)}L{X} {num(bottom)}L{X + 4} {num(bottom - 7)}")
    return (
        "<g fill='none' stroke='currentColor' stroke-width='1.5'>"
        + svg.path("".join(links))
        + "".join(marks)
        + "</g>"
    )


def _boxes(chain: Chain) -> tuple[Box, ...]:
    """The boxes of :func:`draw`'s texts and units (what the overlap tests read)."""
    rows = _rows(len(chain.nodes), any(chain.heads))
    boxes: list[Box] = []
    value_x = WIDTH - PAD - max((width(v) for v in (*chain.values, chain.heads[1])), default=0)
    for x, head in zip((TEXT_X, value_x), chain.heads):
        if head:
            boxes.append(text_box(x, PAD + ASCENT * SIZE, head, anchor="start"))
    for k, (name, cy, base) in enumerate(zip(chain.nodes, rows.centres, rows.bases)):
        if name == ELLIPSIS:  # layers left out: no circle
            boxes.append(text_box(X, base, name))
        else:
            boxes.append(Box(X - R, cy - R, X + R, cy + R, "unit"))
        note = chain.node_notes[k] if k < len(chain.node_notes) else ""
        if note:
            boxes.append(text_box(TEXT_X, base, note, anchor="start"))
        if chain.values:
            at = base - (3 if chain.bars else 0)
            boxes.append(text_box(value_x, at, chain.values[k], anchor="start"))
        if k < len(chain.link_notes) and chain.link_notes[k]:
            mid = cy + NODE_ROW / 2 + LINK_ROW / 2
            boxes.append(text_box(TEXT_X, baseline(mid), chain.link_notes[k], anchor="start"))
    return tuple(boxes)
