"""Fit terminal text to a width without breaking the math.

Text as nnquiz renders it has two kinds of lines: prose (starting at column 0), which
is word-wrapped, and math (indented), which is never wrapped inside a formula. A math
line too wide is split at a space before a relation (= ≈) or, failing that, before a
sum's + or −, and continues on the next line, indented further. A matrix drawing (rows
joined by ⎡ ⎢ ⎣ brackets) is split only at a column where all of its rows are blank, so
its rows stay aligned. Math that cannot be split is left as it is.
"""

from __future__ import annotations

import textwrap

from .breaks import kept_spaces

CONTINUE = 4  # extra indent of a continued math line
RELATIONS = "=≈≤≥<>"
SUMS = "+−-"
_OPENS = "⎡⎢"  # a row with these is continued by the row below
_OPEN = "([{⎡⎢⎣"
_CLOSE = ")]}⎤⎥⎦"


def fit(text: str, width: int) -> str:
    """``text`` with every line at most ``width`` columns where it can be split."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line[:1] == " ":
            j = i + 1
            while j < len(lines) and lines[j][:1] == " " and _joined(lines[j - 1]):
                j += 1
            out += fit_block(lines[i:j], width)
            i = j
        else:
            out += wrap(line, width)
            i += 1
    return "\n".join(out)


def _joined(above: str) -> bool:
    return any(c in above for c in _OPENS)


def wrap(line: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """A prose line word-wrapped; a list item ('• ', '- ') keeps its hanging indent.

    ``first`` and ``rest`` indent the first and the following lines (a message's
    hanging indent). The line never breaks inside its math or a key hint
    (:mod:`.breaks`): a bracketed group with math or of at most half the width
    (``[1 2; 3 4]``, ``(2, 1)``), beside an operator, between two pieces of math, after
    ``?`` in ``? helps``; a formula wider than the line is opened where it splits best."""
    if rest is None:
        rest = "  " if line.startswith(("• ", "- ")) else ""
    if len(first) + len(line) <= width or not line.strip():
        return [first + line]
    room = width - max(len(first), len(rest))
    kept = kept_spaces(line, room, max(12, width // 2))
    if kept and _GLUE not in line:
        chars = list(line)
        for i in kept:
            chars[i] = _GLUE
        line, glue = "".join(chars), _GLUE
    else:
        glue = ""
    out = textwrap.wrap(
        line,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first + line]
    return [x.replace(glue, " ") for x in out] if glue else out


_GLUE = "\ue000"  # a private-use character: a space that does not break


def fit_block(rows: list[str], width: int, depth: int = 0) -> list[str]:
    """Rows drawn together (one formula or one matrix drawing), split to fit."""
    if max(len(r) for r in rows) <= width or depth > 12:
        return rows
    indent = min(len(r) - len(r.lstrip(" ")) for r in rows if r.strip())
    cut = _cut(rows, width, indent)
    if cut is None:
        return rows
    left = _trim([r[:cut].rstrip() for r in rows])
    right = _trim([r[cut:].rstrip() for r in rows])
    shift = min(len(r) - len(r.lstrip(" ")) for r in right if r.strip())
    pad = " " * (indent + CONTINUE)
    right = [pad + r[shift:] if r.strip() else "" for r in right]
    return left + fit_block(right, width, depth + 1)


def _trim(rows: list[str]) -> list[str]:
    while rows and not rows[0].strip():
        rows = rows[1:]
    while rows and not rows[-1].strip():
        rows = rows[:-1]
    return rows


def _cut(rows: list[str], width: int, indent: int) -> int | None:
    """The best column to split at, at most ``width``: a space blank in every row and
    outside every bracket, before a relation, a sum, or anything; in a one-line
    formula, after a product's · as a last resort."""
    low = indent + CONTINUE + 2
    top = min(width, max(len(r) for r in rows) - 1)
    outside = [_outside(r) for r in rows]
    free = [
        c
        for c in range(top, low - 1, -1)
        if all(c >= len(r) or (r[c] == " " and out[c]) for r, out in zip(rows, outside))
    ]
    products = []
    if len(rows) == 1:
        row, out = rows[0], outside[0]
        products = [c for c in range(top, low - 1, -1) if row[c - 1] in "·×" and out[c]]
    reach = indent + (width - indent) // 3  # a split this early is worth avoiding
    tiers = (
        [c for c in free if _next_char(rows, c) in RELATIONS],
        [c for c in free if _next_char(rows, c) in SUMS],
        free,
        products,
    )
    for tier in tiers:
        for c in tier:
            if c >= reach:
                return c
    return (free or products or [None])[0]


def _outside(row: str) -> list[bool]:
    """For each column, whether it lies outside every bracket ([ ], ( ), ⎡ ⎤ …)."""
    depth = 0
    out = []
    for ch in row:
        if ch in _CLOSE:
            depth = max(0, depth - 1)
        out.append(depth == 0)
        if ch in _OPEN:
            depth += 1
    return out


def _next_char(rows: list[str], c: int) -> str:
    """The first character after column ``c`` in the row that goes on furthest."""
    for r in sorted(rows, key=len, reverse=True):
        rest = r[c:].lstrip(" ")
        if rest:
            return rest[0]
    return ""
