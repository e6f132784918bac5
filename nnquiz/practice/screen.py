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
from collections.abc import Sequence
from typing import TextIO

from ..render.fit import fit, wrap

MAX_WIDTH = 80
HANG = 2  # a wrapped message continues this far right of where it starts
PAGE_MARGIN = 6  # a text this many lines short of the window is paged
# less's prompt (-K: Ctrl-C leaves it too); '\:' is a colon, '.' ends a conditional
LESS_PROMPT = "-Ps?e(end) .space\\: next page, b\\: back, q\\: back to practice"
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
    """Writes to ``out`` and reads from ``inp``; ``styled``, ``width`` and ``height`` set
    the look (a height of 0: never page)."""

    def __init__(
        self, out: TextIO, inp: TextIO, styled: bool, colour: bool, width: int, height: int = 0
    ):
        self.out = out
        self.inp = inp
        self.styled = styled
        self.colour = colour and styled
        self.width = width
        self.height = height
        self._readline = False

    @classmethod
    def for_terminal(cls, out: TextIO | None = None, inp: TextIO | None = None) -> Screen:
        out = out or sys.stdout
        inp = inp or sys.stdin
        tty = _isatty(out) and _isatty(inp)
        colour = tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        screen = cls(out, inp, tty, colour, 0)
        screen.refresh()
        return screen

    def refresh(self) -> None:
        """Read the window's size again (before every item: it may have been resized)."""
        if self.styled and hasattr(self.out, "fileno"):
            columns, self.height = _size(self.out)
            self.width = min(MAX_WIDTH, columns)

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
        self._write(text, style)

    def _write(self, text: str, style: str | None) -> None:
        if self.colour:
            text = _BOLD.sub(lambda m: f"\x1b[1m{m.group(1)}\x1b[22m", text)
            text = "\n".join(self.paint(line, style) for line in text.split("\n"))
        else:
            text = _BOLD.sub(r"\1", text)
        self.out.write(text + "\n")
        self.out.flush()

    def say(self, text: str = "", style: str | None = None) -> None:
        """A message (a verdict, a hint, help): on a terminal each line wraps at words,
        continuing HANG columns right of where it starts, short bracketed groups kept
        whole; on a pipe it is written as it is."""
        text = visible(text)
        if self.styled and self.width:
            text = "\n".join(self._wrapped(text))
        self._write(text, style)

    def _wrapped(self, text: str) -> list[str]:
        lines = []
        for line in text.split("\n"):
            body = line.lstrip(" ")
            pad = " " * (len(line) - len(body))
            lines += wrap(body, self.width, pad, pad + " " * HANG)
        return lines

    def page(self, text: str, tail: Sequence[tuple[str, str | None]] = ()) -> None:
        """Long text (a worked solution) and the ``tail`` lines (message, style) under it:
        on a terminal, through the pager when they do not fit in the window (``$PAGER``,
        else ``less``), the tail shown again when the pager is left; otherwise shown."""
        if self.styled and self.width and self.height:
            lines = (
                [fit(visible(text), self.width), ""] if tail else [fit(visible(text), self.width)]
            )
            lines += [line for said, _ in tail for line in self._wrapped(visible(said))]
            whole = "\n".join(lines)
            if whole.count("\n") + 1 > self.height - PAGE_MARGIN and _pager(whole):
                if tail:
                    self.show("")
                for said, style in tail:
                    self.say(said, style)
                return
        self.show(text)
        if tail:
            self.show("")
        for said, style in tail:
            self.say(said, style)

    def rule(self, label: str) -> None:
        """A separator line that names what comes next: ``── review 3 · 9 to go ───``."""
        head = f"── {label} "
        self.show(head + "─" * max(3, (self.width or MAX_WIDTH) - len(head)), "rule")

    # ------------------------------------------------------------ reading

    def ask(self, prompt: str) -> str:
        """One line of input (without its newline); EOFError at the end of input. On a
        terminal, a prompt too wide for the window has its question on a line above."""
        if self.styled:
            if self.width and len(prompt) > self.width - 12 and "? " in prompt:
                question, _, prompt = prompt.partition("? ")
                self.say(question + "?", "prompt")
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

    def drop_typeahead(self) -> None:
        """Forget what was typed on the terminal and not read yet (keys pressed while the
        session waited), so it does not answer the next prompt."""
        if not self.styled:
            return
        try:
            import termios

            termios.tcflush(self.inp.fileno(), termios.TCIFLUSH)
        except (ImportError, AttributeError, ValueError, OSError):  # not a real terminal
            pass

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


def _size(out: TextIO) -> tuple[int, int]:
    """The terminal's (columns, lines) now (COLUMNS and LINES override them, as with
    shutil); (MAX_WIDTH, 0) when it cannot be told."""
    try:
        size = os.get_terminal_size(out.fileno())
        columns, lines = size.columns or MAX_WIDTH, size.lines
    except (AttributeError, ValueError, OSError):
        columns, lines = MAX_WIDTH, 0
    for name in ("COLUMNS", "LINES"):
        try:
            value = int(os.environ[name])
        except (KeyError, ValueError):
            continue
        if name == "COLUMNS":
            columns = value
        else:
            lines = value
    return max(20, columns), max(0, lines)


def _pager(text: str) -> bool:
    """Show ``text`` in the pager; False when there is none to run."""
    import shlex
    import shutil
    import subprocess

    command = os.environ.get("PAGER", "").strip()
    try:
        args = shlex.split(command) if command else ["less", "-R", "-K", LESS_PROMPT]
    except ValueError:
        return False
    if not args or shutil.which(args[0]) is None:
        return False
    env = dict(os.environ)
    try:
        subprocess.run(args, input=text.encode("utf-8", "replace"), env=env, check=False)
    except OSError:
        return False
    return True


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
