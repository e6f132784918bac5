"""The terminal side of practice: what is written, and how answers are read.

Two modes. On a terminal (both stdin and stdout are TTYs) the text is fitted to the
window (at most 80 columns, math never wrapped inside a formula) and coloured with
ANSI styles (none with NO_COLOR or TERM=dumb), and answers are read with line editing.
Otherwise the text is plain, exactly as ``nnquiz show`` prints it, one answer is one
line of input, and each answer is echoed after its prompt so a transcript reads well.

The styles are a dozen ANSI codes written here rather than with rich: importing rich
costs about as much as the whole budget for showing the first problem.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

from ..render.fit import fit

MAX_WIDTH = 80
STYLES = {
    "header": "1;36",
    "rule": "2",
    "prompt": "1",
    "good": "1;32",
    "bad": "1;31",
    "warn": "1;33",
    "note": "33",
    "dim": "2",
    "bold": "1",
}
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# control characters other than tab and line feed (C0, DEL, C1): typed or pasted ones
# are shown as escapes, never written raw (an ESC would drive the reader's terminal)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with its control characters (but tab and line feed) as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class Screen:
    """Writes to ``out`` and reads from ``inp``; ``styled`` and ``width`` set the look."""

    def __init__(self, out: TextIO, inp: TextIO, styled: bool, colour: bool, width: int):
        self.out = out
        self.inp = inp
        self.styled = styled
        self.colour = colour and styled
        self.width = width
        self._readline = False

    @classmethod
    def for_terminal(cls, out: TextIO | None = None, inp: TextIO | None = None) -> Screen:
        out = out or sys.stdout
        inp = inp or sys.stdin
        tty = _isatty(out) and _isatty(inp)
        colour = tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        width = min(MAX_WIDTH, _columns(out)) if tty else 0
        return cls(out, inp, tty, colour, width)

    # ------------------------------------------------------------ writing

    def paint(self, text: str, style: str | None) -> str:
        if not self.colour or not style or not text:
            return text
        return f"\x1b[{STYLES[style]}m{text}\x1b[0m"

    def show(self, text: str = "", style: str | None = None) -> None:
        """Write ``text`` (several lines allowed), fitted and styled on a terminal;
        control characters in it are shown as escapes (the styles are added after)."""
        text = visible(text)
        if self.styled and self.width:
            text = fit(text, self.width)
        if self.colour:
            text = _BOLD.sub(lambda m: f"\x1b[1m{m.group(1)}\x1b[22m", text)
            text = "\n".join(self.paint(line, style) for line in text.split("\n"))
        else:
            text = _BOLD.sub(r"\1", text)
        self.out.write(text + "\n")
        self.out.flush()

    def rule(self, label: str) -> None:
        """A separator line that names what comes next: ``── review 3 · 9 to go ───``."""
        head = f"── {label} "
        self.show(head + "─" * max(3, (self.width or MAX_WIDTH) - len(head)), "rule")

    # ------------------------------------------------------------ reading

    def ask(self, prompt: str) -> str:
        """One line of input (without its newline); EOFError at the end of input."""
        if self.styled:
            return self._ask_terminal(prompt)
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.out.write("\n")
            raise EOFError
        line = line.rstrip("\r\n")
        self.out.write(visible(line) + "\n")
        self.out.flush()
        return line

    def _ask_terminal(self, prompt: str) -> str:
        if not self._readline:
            try:
                import readline  # noqa: F401  (line editing and history for input())
            except ImportError:  # pragma: no cover - Windows without pyreadline
                pass
            self._readline = True
        if self.colour:  # \001 \002 tell readline the codes take no room
            prompt = f"\001\x1b[{STYLES['prompt']}m\002{prompt}\001\x1b[0m\002"
        return input(prompt)


def _columns(out: TextIO) -> int:
    """The terminal's width (COLUMNS overrides it, as with shutil)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(out.fileno()).columns or MAX_WIDTH
    except (AttributeError, ValueError, OSError):
        return MAX_WIDTH


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
