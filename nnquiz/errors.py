"""The one error type the command line turns into a clear message and exit status 2, and
how any message is made safe to print."""

from __future__ import annotations

import unicodedata

MAX_MESSAGE = 2000  # characters of one message line; the rest is cut


class UserError(Exception):
    """Bad input from the user: printed as one line, exit status 2, no traceback."""

    exit_code = 2


def printable(text: str, limit: int | None = MAX_MESSAGE) -> str:
    """``text`` safe for a terminal, on one line: every control or format character (an
    ANSI escape, a carriage return, a line break, a right-to-left override) shown as an
    escape such as ``\\x1b`` or ``\\u202e``, and text over ``limit`` characters cut."""
    if text.isascii() and text.isprintable():
        out = text
    else:
        out = "".join(_escaped(c) for c in text)
    if limit is not None and len(out) > limit:
        out = out[:limit] + "… (cut)"
    return out


def _escaped(c: str) -> str:
    if c.isprintable() or c == " ":
        return c
    if unicodedata.category(c) in ("Zs",):  # a no-break or thin space: shown as it is
        return c
    code = ord(c)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )
