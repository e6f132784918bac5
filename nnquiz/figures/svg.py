"""SVG written as text: numbers the same on every machine, text escaped, one document.

Attributes are quoted with ``'``, so that a figure sits in JSON without a backslash.
Every colour is ``currentColor`` (night mode sets ``color``); a label's halo, which keeps
an edge from running through its digits, takes the page's background from the CSS
variable ``--nnq-bg`` (the Anki cards set it), white without it.
"""

from __future__ import annotations

import re
from functools import lru_cache

FONT = "Arial,Helvetica,Roboto,Liberation Sans,sans-serif"
SIZE = 12  # the text size of every label, in the figure's units (= CSS px at full size)
# a label's halo: a stroke in the background colour, painted under the letters
HALO = (
    " stroke-width='4' stroke-linejoin='round' paint-order='stroke'"
    " style='stroke:var(--nnq-bg,#fff)'"
)
_SPECIAL = re.compile("[&<>'\"\\\\\x00-\x1f]")
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&quot;", "\\": "&#92;"}
    | {chr(c): " " for c in range(32)}  # no control character: XML and JSON both refuse them
)


def num(x: float) -> str:
    """A coordinate to 0.1, the shortest way: ``12``, ``12.5``, ``-3.2`` (never ``-0``)."""
    t = round(x * 10)
    return str(t // 10) if t % 10 == 0 else f"{t / 10:.1f}"


def tenth_texts(ts) -> list[str]:
    """:func:`num`'s text of each ``t / 10`` (``t``: a whole number, a coordinate times
    ten and rounded: ``round(x * 10)``), taken from a table for 0 ≤ t < 5,000 (a canvas's
    coordinates: a curve writes hundreds of them)."""
    table = _tenths_table()
    if ts and (min(ts) < 0 or max(ts) >= len(table)):
        return [_tenth(t) for t in ts]
    return list(map(table.__getitem__, ts))


def _tenth(t: int) -> str:
    return str(t // 10) if t % 10 == 0 else f"{t / 10:.1f}"  # as num writes round(x * 10)


@lru_cache(maxsize=1)
def _tenths_table() -> tuple[str, ...]:
    return tuple(map(_tenth, range(5000)))


def special(s: str) -> bool:
    """Whether :func:`esc` would change ``s``."""
    return _SPECIAL.search(s) is not None


def esc(s: str) -> str:
    """Text or an attribute value, escaped for XML (``&``, ``<``, ``>``, both quotes, and
    a backslash), control characters as spaces: a figure's JSON string needs no escape."""
    return s.translate(_ESCAPES) if _SPECIAL.search(s) else s  # numbers need nothing


def esc_all(texts):
    """Each of ``texts`` escaped as :func:`esc` escapes it; ``texts`` itself when none
    needs it (numbers never do: one search instead of one a text)."""
    if _SPECIAL.search("".join(texts)):
        return list(map(esc, texts))
    return texts


def text(x: float, y: float, s: str, attrs: str = "") -> str:
    """``<text>`` with its baseline at y; centred on x unless ``attrs`` says otherwise
    (nothing for an empty ``s``)."""
    if not s:
        return ""
    return f"<text x='{num(x)}' y='{num(y)}'{attrs}>{esc(s)}</text>"


def circle(x: float, y: float, r: float) -> str:
    return f"<circle cx='{num(x)}' cy='{num(y)}' r='{num(r)}'/>"


def tenths(values) -> tuple[float, ...] | None:
    """``values`` rounded to 0.1 as :func:`num` rounds them, for one ``%g`` format to
    write them all: ``"%g" % v`` of each is ``num``'s text (the same rounding, then the
    shortest digits: checked over millions of values, halves and negatives among them),
    at a third of a call per number. None when a value rounds to 100,000 or more in size
    (``%g`` would switch to an exponent): write those with ``num``."""
    out = tuple([round(v * 10) / 10 for v in values])
    return out if not out or max(map(abs, out)) < 100_000 else None


def segments(lines) -> str:
    """Path data for straight segments ``((x0, y0), (x1, y1))``: ``M0 0L10 5M…``."""
    return segments_of([v for (a, b), (c, d) in lines for v in (a, b, c, d)])


def segments_of(flat: list[float]) -> str:
    """:func:`segments` of the segments given as one list ``x0, y0, x1, y1, x0, …``."""
    tens = tenths(flat)
    if tens is not None:
        return "M%g %gL%g %g" * (len(flat) // 4) % tens
    it = iter(flat)
    return "".join(f"M{num(a)} {num(b)}L{num(c)} {num(d)}" for a, b, c, d in zip(it, it, it, it))


def polyline(points) -> str:
    """Path data through ``points``: ``M0 0L10 5L20 3``."""
    it = iter(points)
    x, y = next(it)
    return f"M{num(x)} {num(y)}" + "".join(f"L{num(a)} {num(b)}" for a, b in it)


def path(d: str, attrs: str = "") -> str:
    return f"<path d='{d}'{attrs}/>"


def group(body: str, attrs: str) -> str:
    return f"<g{attrs}>{body}</g>" if body else ""


def document(width: float, height: float, alt: str) -> tuple[str, str]:
    """The opening and closing of a figure of ``width`` × ``height`` units described by
    ``alt``: it scales down to fit its container (never up), and its text and lines
    take the colour of the text around it."""
    return f"{_opening(width, height)}<title>{esc(alt)}</title>", "</svg>"


@lru_cache(maxsize=512)  # a few sizes; the description is each figure's own
def _opening(width: float, height: float) -> str:
    w, h = num(width), num(height)
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}' width='{w}' "
        f"height='{h}' role='img' class='nnq-fig' font-family='{FONT}' font-size='{SIZE}' "
        "fill='currentColor' text-anchor='middle' style='max-width:100%;height:auto'>"
    )


# a figure on its own: black on white whatever the page around it (see standalone)
_GROUND = "<rect width='100%' height='100%' fill='#fff'/>"


def standalone(doc: str) -> str:
    """``doc`` (a figure's SVG) as a file of its own, shown by ``<img>``, an image viewer
    or a Markdown page: black on an opaque white ground. A page's colours do not reach
    into an image, so the inline figure's ``currentColor`` on a transparent ground would
    be black lines on a dark page; a file keeps the colours of print instead."""
    if not doc.startswith("<svg ") or _GROUND in doc:
        return doc
    head, sep, rest = doc.partition(">")
    title, ends, body = rest.partition("</title>")
    if not ends:
        title, body = "", rest
    return f"<svg color='#000'{head[4:]}{sep}{title}{ends}{_GROUND}{body}"


def wrap(width: float, height: float, alt: str, body: str) -> str:
    return f"{_opening(width, height)}{_title(alt)}{body}</svg>"


# descriptions come back (a network's per shape, dropout's per p and units dropped), and
# escaping one searches it character by character
@lru_cache(maxsize=1024)
def _title(alt: str) -> str:
    return f"<title>{esc(alt)}</title>"
