"""A chain of one-unit layers, top to bottom: the input, each unit, the loss; beside
each link the factor it multiplies a gradient by, beside each unit its own factor, and
(in a solution) the gradient at each node with a bar as long as its size, so that the
vanishing is seen as well as read.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import svg
from .layout import ASCENT, Box, Drawing, baseline, text_box, width
from .svg import SIZE

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
    boxes: list[Box] = []
    texts, marks = [], []
    value_x = WIDTH - PAD - max((width(v) for v in (*chain.values, chain.heads[1])), default=0)
    y = PAD
    if any(chain.heads):
        base = y + ASCENT * SIZE
        for x, head in zip((TEXT_X, value_x), chain.heads):
            if head:
                texts.append(svg.text(x, base, head, " text-anchor='start'"))
                boxes.append(text_box(x, base, head, anchor="start"))
        y += 20
    centres = []
    for k, name in enumerate(chain.nodes):
        cy = y + NODE_ROW / 2
        centres.append(cy)
        if name == ELLIPSIS:  # layers left out: no circle
            texts.append(svg.text(X, baseline(cy), name))
            boxes.append(text_box(X, baseline(cy), name))
        else:
            boxes.append(Box(X - R, cy - R, X + R, cy + R, "unit"))
            marks.append(svg.circle(X, cy, R))
            texts.append(svg.text(X, baseline(cy), name))
        note = chain.node_notes[k] if k < len(chain.node_notes) else ""
        if note:
            texts.append(svg.text(TEXT_X, baseline(cy), note, " text-anchor='start'"))
            boxes.append(text_box(TEXT_X, baseline(cy), note, anchor="start"))
        if chain.values:
            base = baseline(cy) - (3 if chain.bars else 0)
            texts.append(svg.text(value_x, base, chain.values[k], " text-anchor='start'"))
            boxes.append(text_box(value_x, base, chain.values[k], anchor="start"))
            if chain.bars:
                length = max(0.0, min(1.0, chain.bars[k])) * (WIDTH - PAD - value_x)
                top = base + 0.25 * SIZE + 1
                marks.append(
                    f"<rect class='nnq-bar' x='{svg.num(value_x)}' y='{svg.num(top)}' "
                    f"width='{svg.num(length)}' height='{BAR_H}' stroke='none'/>"
                )
        y += NODE_ROW
        if k < len(chain.link_notes):
            mid = y + LINK_ROW / 2
            note = chain.link_notes[k]
            if note:
                texts.append(svg.text(TEXT_X, baseline(mid), note, " text-anchor='start'"))
                boxes.append(text_box(TEXT_X, baseline(mid), note, anchor="start"))
            y += LINK_ROW
    links = []
    for a, b, upper, lower in zip(centres, centres[1:], chain.nodes, chain.nodes[1:]):
        top = a + (10 if upper == ELLIPSIS else R)
        bottom = b - (10 if lower == ELLIPSIS else R)
        links.append(f"M{X} {svg.num(top)}V{svg.num(bottom)}")
        links.append(
            f"M{X - 4} {svg.num(bottom - 7)}L{X} {svg.num(bottom)}L{X + 4} {svg.num(bottom - 7)}"
        )
    body = (
        "<g fill='none' stroke='currentColor' stroke-width='1.5'>"
        + svg.path("".join(links))
        + "".join(m for m in marks if m.startswith("<circle"))
        + "</g>"
        + "".join(m for m in marks if m.startswith("<rect"))
        + "<g class='nnq-chain'>"
        + "".join(texts)
        + "</g>"
    )
    return Drawing(WIDTH, y + PAD, body, tuple(boxes))
