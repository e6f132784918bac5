"""A student for tests: reads what a session printed and answers its last prompt.

The problem is looked up by the id in its header (``nnquiz show ID`` gives the same
numbers), and each part is answered right (to full precision) or far off.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable

HEADER = re.compile(r"^\[([^\]]+)\] ", re.M)
PART = re.compile(r"\((\w+)\) › $")
REVEAL = "Enter shows the answer › "
RATE = re.compile(r"4 easy( \S+)? › $")  # with each rating's interval beside it
WAIT = "Enter ends the session › "
PAUSE = re.compile(r"Enter goes (on|back) › $")


def rating_prompt(out: str) -> bool:
    return RATE.search(out) is not None


def right(answer) -> str:
    """A part's answer typed in full precision: 0.25, [0.1, 0.2], [[1, 2], [3, 4]]."""
    if isinstance(answer, list):
        return "[" + ", ".join(right(a) for a in answer) + "]"
    return repr(float(answer))


def wrong(answer) -> str:
    """An answer of the right shape that is far off in every entry."""
    if isinstance(answer, list):
        return "[" + ", ".join(wrong(a) for a in answer) + "]"
    return repr(float(answer) * 3 + 7)


def shown(out: str) -> str:
    """The id in the last header printed: a problem id, or card:ID for a concept card."""
    return HEADER.findall(out)[-1]


def answer(out: str, correct: bool = True, rating: str = "3", wait: bool = True) -> str:
    """What to type at the prompt that ``out`` ends with. At the prompt that offers to
    wait for a card in its learning steps: wait when ``wait`` (a clock that waits at
    once), else end the session (a real clock)."""
    from nnquiz.problems import registry

    if out.endswith(REVEAL) or PAUSE.search(out):
        return ""
    if rating_prompt(out):
        return rating
    if out.endswith(WAIT):  # in-process sessions run on a clock that waits at once
        return "w" if wait else ""
    problem = registry.show(shown(out))
    m = PART.search(out)
    part = problem.part(m.group(1)) if m else problem.parts[0]
    return (right if correct else wrong)(part.answer)


class Stdin(io.RawIOBase):
    """Standard input for CliRunner that answers as the session goes: ``policy(output so
    far)`` gives the next line, or None for the end of input."""

    def __init__(self, policy: Callable[[str], str | None]):
        self.policy = policy
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if len(b) == 0:
            return 0
        if not self.pending:
            sys.stdout.flush()
            line = self.policy(sys.stdout.buffer.getvalue().decode("utf-8"))
            if line is None:
                return 0
            self.pending = (line + "\n").encode("utf-8")
        n = min(len(b), len(self.pending))
        b[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n
