"""Rows of entries into one value: a number, a vector, or a matrix (a list of rows)."""

from __future__ import annotations

Value = float | list[float] | list[list[float]]


class ShapeError(ValueError):
    """Entries that make no number, vector or matrix; the parser adds where."""


def assemble(rows: list[list[Value]], top: bool) -> Value:
    """One value from rows of entries (each entry a number or a bracketed vector).

    At the top level a single entry stands for itself (``0.5``, ``[[1, 2]]``); inside
    brackets entries always make a vector or matrix (``[0.5]`` is a vector). A row
    that is one bracketed vector is that row: ``[[1, 2]; [3, 4]]``, or the lines
    ``⎡1 2⎤`` ``⎣3 4⎦`` pasted from nnquiz.
    """
    if len(rows) == 1:
        items = rows[0]
        if top and len(items) == 1:
            return items[0]
        return stack(items)
    lines: list[Value] = []
    for r in rows:
        if len(r) == 1 and isinstance(r[0], list):
            lines.append(r[0])
        else:
            lines.append(stack(r))
    return stack(lines)


def stack(items: list[Value]) -> Value:
    """Entries side by side: numbers make a vector, equal vectors make a matrix."""
    if all(type(x) is float for x in items):
        return items  # type: ignore[return-value]
    if any(type(x) is float for x in items):
        raise ShapeError("numbers and bracketed rows are mixed in the brackets")
    if any(isinstance(r[0], list) for r in items):  # type: ignore[index]
        raise ShapeError("too many brackets: an answer is a number, a vector or a matrix")
    n = len(items[0])  # type: ignore[arg-type]
    for r in items:
        if len(r) != n:  # type: ignore[arg-type]
            raise ShapeError(f"rows of different lengths ({n} and {len(r)})")  # type: ignore[arg-type]
    return items  # type: ignore[return-value]
