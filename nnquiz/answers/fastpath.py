"""Plain numbers, vectors and matrices read without the tokenizer.

Most answers are plain decimals or fractions: ``0.25``, ``-1/4``, ``[0.1, -0.2]``,
``0.1 0.2``, ``[[1, 2], [3, 4]]``, ``[1 2; 3 4]``. These patterns recognise exactly
those (a sign only right before its digits, so ``1 -2`` is two entries as in the full
parser; a fraction's ``/`` between two unsigned numbers with no space) and
return the same value the parser would, several times faster; anything else, or any
entry that overflows or underflows to 0, returns None and goes to the parser (which
refuses it, saying where). A test checks both agree.
"""

from __future__ import annotations

import re

from .parser import Value, nonzero

MAX_FAST = 400  # longer text goes to the parser (keeps the patterns' worst case small)

_UNSIGNED = r"(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][-+]?[0-9]++)?"
_NUM = rf"[-\u2212]?{_UNSIGNED}(?:/{_UNSIGNED})?"
_SEP = r"(?:[ \t]*+,[ \t]*+|[ \t]++)"
_ROW = rf"{_NUM}(?:{_SEP}{_NUM})*+"
_BR = rf"\[[ \t]*+{_ROW}[ \t]*+\]"
_SCALAR = re.compile(rf"[ \t]*+({_NUM})[ \t]*+")
_VECTOR = re.compile(rf"[ \t]*+(?:\[[ \t]*+({_ROW})[ \t]*+\]|({_ROW}))[ \t]*+")
_NESTED = re.compile(rf"[ \t]*+\[[ \t]*+({_BR}(?:[ \t]*+,[ \t]*+{_BR})*+)[ \t]*+\][ \t]*+")
_ROWS = re.compile(rf"[ \t]*+\[[ \t]*+({_ROW}(?:[ \t]*+;[ \t]*+{_ROW})++)[ \t]*+\][ \t]*+")
_INNER = re.compile(r"\[([^\[\]]*+)\]")
_INF = float("inf")


def _entry(s: str) -> float | None:
    if "/" in s:
        a, b = s.split("/")
        q = float(b)
        x = float(a) / q if q != 0 else _INF  # 1/0 goes to the parser, which says where
    else:
        x = float(s)
    if x == 0 and nonzero(s.partition("/")[0]):
        return None  # 1e-400, 1e-200/1e200: too small, the parser says so
    return x if -_INF < x < _INF else None


def _entries(row: str) -> list[float] | None:
    """The entries of a row the patterns matched: numbers split by spaces and commas."""
    if "\u2212" in row:
        row = row.replace("\u2212", "-")
    out = []
    for s in row.replace(",", " ").split():
        x = float(s) if "/" not in s else _entry(s)
        if x is None or not -_INF < x < _INF or (x == 0 and nonzero(s.partition("/")[0])):
            return None
        out.append(x)
    return out


def _matrix(rows: list[str]) -> Value | None:
    matrix = []
    for r in rows:
        entries = _entries(r)
        if entries is None or (matrix and len(entries) != len(matrix[0])):
            return None
        matrix.append(entries)
    return matrix


def fast_read(text: str) -> Value | None:
    """The value of a plain numeric answer, or None when the parser must read it."""
    if len(text) > MAX_FAST:
        return None
    m = _SCALAR.fullmatch(text)
    if m is not None:
        return _entry(m.group(1).replace("\u2212", "-"))
    m = _VECTOR.fullmatch(text)
    if m is not None:
        entries = _entries(m.group(1) or m.group(2))
        if entries is not None and m.group(2) is not None and len(entries) == 1:
            return entries[0]
        return entries
    m = _NESTED.fullmatch(text)
    if m is not None:
        return _matrix(_INNER.findall(m.group(1)))
    m = _ROWS.fullmatch(text)
    if m is not None:
        return _matrix(m.group(1).split(";"))
    return None
