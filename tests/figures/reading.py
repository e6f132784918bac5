"""Reading a figure's SVG back, as a test must: XML, its units, edge labels and markers,
and its axes (tick labels at their positions) to map a marker back to the plane."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from nnquiz.figures.layout import ASCENT, DESCENT
from nnquiz.figures.plane import CROSS
from nnquiz.figures.svg import SIZE

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The root element; fails the test when the SVG is not well-formed XML."""
    root = ET.fromstring(svg)
    assert root.tag == NS + "svg", root.tag
    return root


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(NS + "g") if cls in (g.get("class") or "").split()]


def texts(root: ET.Element, cls: str) -> list[ET.Element]:
    return [t for g in groups(root, cls) for t in g.iter(NS + "text")]


def circles(root: ET.Element, cls: str) -> list[tuple[float, float, float]]:
    return [
        (float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
        for g in groups(root, cls)
        for c in g.iter(NS + "circle")
    ]


def middle(t: ET.Element) -> tuple[float, float]:
    """A centred label's middle: x, and halfway between its box's top and bottom."""
    return float(t.get("x")), float(t.get("y")) - (ASCENT - DESCENT) * SIZE / 2


def distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def crosses(root: ET.Element) -> list[tuple[float, float]]:
    """The centres of the × markers (``M x−c y−c l…``)."""
    out = []
    for g in groups(root, "nnq-neg"):
        for p in g.iter(NS + "path"):
            m = re.match(r"M(-?[\d.]+) (-?[\d.]+)l", p.get("d"))
            out.append((float(m.group(1)) + CROSS, float(m.group(2)) + CROSS))
    return out


def number(s: str) -> float:
    return float(s.replace("−", "-"))


def axes(root: ET.Element):
    """Functions from pixels to the plane's x and y, read from the tick labels."""
    xs, ys = [], []
    for t in texts(root, "nnq-ticks"):
        if t.get("text-anchor") == "end":  # a y tick: right of it is the axis, at its middle
            ys.append((middle(t)[1], number(t.text)))
        else:
            xs.append((float(t.get("x")), number(t.text)))
    return _line(xs), _line(ys)


def _line(pairs):
    (p0, v0), (p1, v1) = pairs[0], pairs[-1]
    return lambda p: v0 + (p - p0) * (v1 - v0) / (p1 - p0)
