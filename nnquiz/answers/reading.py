"""``read``: what a person typed, as a number, vector or matrix, with a "read as" echo."""

from __future__ import annotations

from dataclasses import dataclass

from .fastpath import fast_read
from .lexer import visible
from .parser import Value, parse
from .unreadable import Unreadable

MAX_LENGTH = 2000  # characters; a 4×4 matrix of 12-digit expressions fits with room to spare
WORDS = {"yes": 1.0, "no": 0.0}  # a yes-or-no part's answers (model.YES_NO), any case


@dataclass(frozen=True)
class Reading:
    """An answer as read: ``value`` (a float, a vector, or a matrix as a list of rows)
    and ``shown``, the value written back ("[0.12, 0.86, 0.03]") so a student can see
    how the input was understood."""

    value: Value
    shown: str

    @property
    def shape(self) -> tuple[int, ...]:
        """() for a number, (n,) for a vector, (rows, columns) for a matrix."""
        v = self.value
        if not isinstance(v, list):
            return ()
        if isinstance(v[0], list):
            return (len(v), len(v[0]))
        return (len(v),)

    @property
    def entries(self) -> list[float]:
        """Every entry, row by row."""
        v = self.value
        if not isinstance(v, list):
            return [v]
        if isinstance(v[0], list):
            return [x for r in v for x in r]  # type: ignore[union-attr]
        return list(v)  # type: ignore[arg-type]


def read(text: str) -> Reading:
    """Read an answer: ``0.25``, ``1/4``, ``2.5e-1``, ``e^2/(1+e^2)``, ``[0.1, 0.2]``,
    ``0.1 0.2``, ``[[1, 2], [3, 4]]``, ``[1 2; 3 4]``, ``1.2×10⁻³`` … and ``yes`` or
    ``no`` (1 and 0, for a yes-or-no part).

    Zero-width characters (a zero-width space, joiner, byte-order mark, …) are removed
    first: the answer read is the one the student sees, and the message counts what
    they see; ``Unreadable.position`` is still an index into ``text`` as typed.

    Raises :class:`Unreadable` (one line saying what and where) for anything else,
    including input longer than MAX_LENGTH (checked first), a space other than a plain
    one inside a number, nesting deeper than MAX_DEPTH, exponents beyond MAX_EXPONENT
    and results that are not finite. Never evaluates Python.
    """
    if not isinstance(text, str):
        raise TypeError(f"read() takes the typed text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise Unreadable(
            f"answer too long: {len(text)} characters (at most {MAX_LENGTH})", MAX_LENGTH
        )
    seen, where = visible(text)
    value = fast_read(seen)
    if value is not None:
        return Reading(value, show(value))
    word = WORDS.get(seen.strip().lower())
    if word is not None:
        return Reading(word, f"{seen.strip().lower()} ({show(word)})")
    if not seen.strip():
        raise Unreadable("empty answer", None)
    try:
        value = parse(seen)
    except Unreadable as e:
        if where is None or e.position is None:
            raise
        raise Unreadable(e.message, where[e.position]) from None
    return Reading(value, show(value))


def number(x: float) -> str:
    """A float written back to 12 significant digits: 0.25, -3, 1.5e-7."""
    s = f"{x:.12g}"
    if "e" in s:
        mant, exp = s.split("e")
        s = f"{mant}e{int(exp)}"
    return "0" if s == "-0" else s


def show(value: Value) -> str:
    """``0.25``, ``[0.1, 0.2]`` or ``[[1, 2], [3, 4]]``: how an answer was read."""
    if not isinstance(value, list):
        return number(value)
    if value and isinstance(value[0], list):
        return "[" + ", ".join(show(r) for r in value) + "]"
    return "[" + ", ".join(number(x) for x in value) + "]"  # type: ignore[arg-type]


def describe_shape(shape: tuple[int, ...]) -> str:
    """'a single number', 'a vector of 3 entries', 'a 2×3 matrix'."""
    if not shape:
        return "a single number"
    if len(shape) == 1:
        return f"a vector of {shape[0]} entr{'y' if shape[0] == 1 else 'ies'}"
    return f"a {shape[0]}×{shape[1]} matrix"
