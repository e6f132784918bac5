"""One review on the screen: show a problem or a concept card, read the answer, and
say how it went. Commands work at every prompt: ``q`` quits, ``u`` undoes the last
review, ``s`` shows the last worked solution, ``?`` helps; at a problem, ``skip`` gives
up on it (a miss, with the worked solution). No command is a readable answer: the
answer reader accepts no name outside its short list of functions and constants.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..render.formats import header, text
from . import rating as R
from .clock import Clock
from .screen import Screen

if TYPE_CHECKING:
    from ..answers import Grade

SKIP = "skip"
_COMMON = (
    "s shows the last worked solution, u undoes the last review, q quits (so do Ctrl-C and Ctrl-D)."
)
HELP = (
    "Type the answer and press Enter: 0.25, 1/4, 25%, 2.5e-1 or 1e-3, e^2/(1+e^2), "
    "ln(2) (log is ln too, as in the notes), sqrt(2), exp(-1), [0.1, 0.2], [1 2; 3 4]. "
    "Commands: skip shows the worked solution and counts as a miss (Again), " + _COMMON
)
HELP_REVEAL = (
    "Recall the answer to the card, then press Enter to see it; you rate yourself next. "
    "Commands: " + _COMMON
)
HELP_RATE = (
    "Rate how well you knew it: 1 again (you did not), 2 hard, 3 good, 4 easy; Enter "
    "alone is 3. The card is scheduled by your rating. Commands: " + _COMMON
)
COMMANDS = {
    "q": "quit",
    "quit": "quit",
    "exit": "quit",
    "u": "undo",
    "undo": "undo",
    "s": "solution",
    "solution": "solution",
    SKIP: "skip",
    "?": "help",
    "h": "help",
    "help": "help",
}


class Quit(Exception):
    """The student asked to stop (q, Ctrl-C or the end of input)."""


class Undo(Exception):
    """The student asked to take back the last review."""


class Skip(Exception):
    """The student gave up on the problem on screen."""


@dataclass(frozen=True)
class Answered:
    """A problem answered: what was typed for each part, when, and how long it took;
    ``skipped`` when the student typed ``skip`` (the last of ``texts``) instead."""

    texts: dict[str, str]
    seconds: float
    at: datetime
    skipped: bool = False


class Prompter:
    """Asks for input and handles the commands that work at any prompt."""

    def __init__(
        self, screen: Screen, can_undo: Callable[[], bool], solution: Callable[[], str | None]
    ):
        self.screen = screen
        self.can_undo = can_undo
        self.solution = solution

    def ask(self, prompt: str, help: str = HELP, skip: bool = False) -> str:
        """A line typed at ``prompt``, the commands handled; ``help`` is what ``?`` shows
        and ``skip`` whether ``skip`` may give up here (at a problem)."""
        while True:
            try:
                line = self.screen.ask(prompt)
            except EOFError:
                raise Quit from None
            command = COMMANDS.get(line.strip().lower())
            if command is None:
                return line
            if command == "quit":
                raise Quit
            if command == "skip":
                if skip:
                    raise Skip
                self.screen.show(
                    "skip gives up on a problem; a card you did not know you rate 1 (again).",
                    "note",
                )
            elif command == "undo":
                if self.can_undo():
                    raise Undo
                self.screen.show("Nothing to undo in this session.", "note")
            elif command == "solution":
                shown = self.solution()
                self.screen.show(shown or "No worked solution to show yet.", None)
            else:
                self.screen.show(help, "note")


def show_problem(screen: Screen, problem) -> None:
    """The problem as ``nnquiz show`` prints it; on a terminal fitted and styled.

    ``problem`` is a Problem or a ProblemView (a problem made ahead, read from JSON).
    """
    if not screen.styled:
        screen.show(text(problem))
        return
    screen.show(header(problem), "header")
    screen.show("\n" + problem.question_text + "\n")
    for part in problem.parts:
        screen.show(f"({part.label}) {part.prompt}", "bold")


def collect(labels: Sequence[str], prompter: Prompter, screen: Screen, clock: Clock) -> Answered:
    """Ask for each part in turn; an answer that cannot be read is asked for again."""
    from ..answers import Unreadable, read

    start = clock.now()
    texts: dict[str, str] = {}
    for label in labels:
        prompt = f"({label}) › " if len(labels) > 1 else "answer › "
        while True:
            try:
                line = prompter.ask(prompt, skip=True)
            except Skip:
                texts[label] = SKIP
                at = clock.now()
                return Answered(texts, (at - start).total_seconds(), at, skipped=True)
            if not line.strip():
                screen.show(
                    f"No answer typed. Type one, or {SKIP} to see the worked solution "
                    "(it counts as a miss); ? helps.",
                    "warn",
                )
                continue
            try:
                read(line)
            except Unreadable as e:
                screen.show(f"Cannot read that: {e.message}. Try again (it costs nothing).", "warn")
                continue
            texts[label] = line
            break
    at = clock.now()
    return Answered(texts, (at - start).total_seconds(), at)


def grade_lines(g: Grade) -> list[tuple[str, str | None]]:
    """How each part went, as (line, style) pairs."""
    lines: list[tuple[str, str | None]] = []
    several = len(g.parts) > 1
    for p in g.parts:
        if p.correct:
            verdict, style = "✓ correct", "good"
        elif p.score > 0:
            verdict, style = f"✗ partly right (score {p.score:.2f})", "bad"
        else:
            verdict, style = "✗ incorrect", "bad"
        lead = f"({p.label}) " if several else ""
        lines.append((f"{lead}{verdict}" + (f", read as {p.read_as}" if p.read_as else ""), style))
        lines += [(f"    {f}", "note") for f in p.feedback]
    if several:
        right = sum(p.correct for p in g.parts)
        if g.correct:
            lines.append((f"✓ All {len(g.parts)} parts right.", "good"))
        else:
            lines.append((f"✗ {right} of {len(g.parts)} parts right.", "bad"))
    return lines


def show_concept(screen: Screen, card, prompter: Prompter, clock: Clock) -> tuple[int, str, float]:
    """Front, Enter, back, then the student's rating: (rating, what was typed, seconds)."""
    from ..render.unitex import card_text

    start = clock.now()
    topic = getattr(card, "topic", "") or ""
    where = " · ".join(x for x in (topic, card.section) if x)
    screen.show(f"[card:{card.id}] Concept card" + (f" · {where}" if where else ""), "header")
    screen.show("\n" + card_text(card.front) + "\n")
    prompter.ask("Enter shows the answer › ", HELP_REVEAL)
    screen.show(card_text(card.back))
    erratum = getattr(card, "erratum", "") or ""
    if erratum:
        screen.show("\nWhere the notes are wrong: " + card_text(erratum), "note")
    screen.show("")
    while True:
        typed = prompter.ask(
            "How well did you know it? 1 again · 2 hard · 3 good · 4 easy › ", HELP_RATE
        )
        value = R.parse_self_rating(typed)
        if value is not None:
            return value, typed.strip(), (clock.now() - start).total_seconds()
        screen.show("Rate it 1, 2, 3 or 4 (Enter means 3, good).", "warn")
