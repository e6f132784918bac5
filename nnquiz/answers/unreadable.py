"""The one error the reader raises: an answer it cannot read, and where."""

from __future__ import annotations

SNIPPET = 16  # characters of context shown before the place at fault


class Unreadable(ValueError):
    """An answer that cannot be read. It is not graded and costs the student nothing.

    ``message`` is one line that says what is wrong and where (character numbers count
    from 1 for people); ``position`` is the 0-based index into the text, or None when
    the fault is the answer as a whole.
    """

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.position = position

    @classmethod
    def at(cls, text: str, what: str, pos: int) -> Unreadable:
        """``what`` went wrong at index ``pos`` of ``text``: the message says where."""
        return cls(f"{what} {where(text, pos)}", pos)


def printable(s: str) -> str:
    """``s`` safe to print on one line: control and invisible characters escaped."""
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in s)


def where(text: str, pos: int) -> str:
    """``at character 4, after '1+2'``: a place in ``text`` a person can find."""
    if pos >= len(text):
        kept = text.rstrip()
        if not kept:
            return "at the end"
        lead = "…" if len(kept) > SNIPPET else ""
        return f"at the end, after '{lead}{printable(kept[-SNIPPET:].lstrip())}'"
    place = f"at character {pos + 1}"
    before = text[max(0, pos - SNIPPET) : pos]
    if before.strip():
        lead = "…" if pos > SNIPPET else ""
        place += f", after '{lead}{printable(before.lstrip())}'"
    return place


def clip(s: str, n: int = 20) -> str:
    """``s`` cut to ``n`` characters for a message: '99999999999999999…'."""
    return s if len(s) <= n else s[: n - 1] + "…"


def describe(char: str) -> str:
    """A character named so it is visible in a message: ``'@'`` or ``U+0000``."""
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X}"
