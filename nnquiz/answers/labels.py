"""Several parts answered in one text: ``a=0.25; b=[1, 2]`` (``nnquiz check``, a
submissions row that gives only the question number).

One splitter for every face, linear in the length of the text: a part label may stand
at the start or after a ``;`` or a line break, in parentheses or not, followed by ``=``
or ``:``. Only the problem's own labels count, so a matrix's ``;`` never splits an
answer. The length is checked before anything is split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .reading import MAX_LENGTH

# At one place (the start, or just after a ';' or a line break, and the spaces there):
# an optional '(', the label, an optional ')', spaces that are not line breaks, then '='
# or ':'. No quantifier is unbounded but the spaces, which stop at a line break or a ';':
# each character is looked at a bounded number of times, however the pattern is used.
_MARK = re.compile(r"\(?([A-Za-z][A-Za-z0-9]{0,15})\)?[^\S\n]*[=:]")
_SPACES = " \t\r\f\v"


class TooLong(ValueError):
    """The text is longer than the parts it can hold allow: ``length`` and ``limit``."""

    def __init__(self, length: int, limit: int, parts: int = 1):
        most = f"at most {limit:,}" + (f" for {parts} parts" if parts > 1 else "")
        super().__init__(f"answer too long: {length:,} characters ({most})")
        self.length = length
        self.limit = limit


def limit(labels: Sequence[str]) -> int:
    """The longest text that can answer ``labels`` at once: each part's limit, plus
    room for the labels."""
    return MAX_LENGTH * max(len(labels), 1) + 16 * len(labels)


def split_parts(text: str, labels: Sequence[str]) -> list[tuple[str, str]]:
    """``[("a", "0.25"), ("b", " [1, 2]")]`` from ``a=0.25; b= [1, 2]``, in the order
    written, labels lower-cased (a part named twice appears twice); [] unless one of
    ``labels`` leads. TooLong, before anything is split, for a text longer than
    :func:`limit`."""
    if len(text) > limit(labels):
        raise TooLong(len(text), limit(labels), len(labels))
    wanted = {label.lower() for label in labels}
    marks: list[tuple[int, int, str]] = []  # (where the mark starts, where it ends, label)
    for start in _starts(text):
        m = _MARK.match(text, _skip_spaces(text, start))
        if m is not None and m.group(1).lower() in wanted:
            marks.append((start, m.end(), m.group(1).lower()))
    if not marks or text[: max(marks[0][0] - 1, 0)].strip(" \t;\n"):
        return []
    out = []
    for k, (_, end, label) in enumerate(marks):
        stop = marks[k + 1][0] - 1 if k + 1 < len(marks) else len(text)
        while stop > end and text[stop - 1] in _BETWEEN:  # "a=1;\n b=2": a is "1"
            stop -= 1
        out.append((label, text[end:stop]))
    return out


_BETWEEN = frozenset(" \t\r\n;")
_BREAK = re.compile(r"[;\n]")


def _skip_spaces(text: str, pos: int) -> int:
    """The first position from ``pos`` that is not a space (a line break stops it)."""
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return pos


def _starts(text: str) -> Iterator[int]:
    """0 and every position just after a ';' or a line break."""
    yield 0
    for m in _BREAK.finditer(text):
        yield m.end()
