"""The terminal's pieces of a review: showing a problem or a concept card, and the
commands that work at every prompt: ``q`` quits, ``u`` undoes the last review (at part
(b) or later, goes back a part), ``s`` shows the last worked solution, ``f`` flags the
problem on screen, ``?`` helps; at a problem, ``skip`` gives up on it (a miss, with the
worked solution). No command is a readable answer: the answer reader accepts no name
outside its short list of functions and constants (``f 2`` is a flag with a note).
"""

from __future__ import annotations

from typing import Protocol

from ..render.formats import figure_lines, header, text
from .screen import Screen

SKIP = "skip"
_COMMON = (
    "s shows the last worked solution, f flags the problem on screen as looking wrong "
    "(f NOTE adds a note), u undoes the last review, q quits (so do Ctrl-C and Ctrl-D)."
)
HELP = (
    "Type the answer and press Enter: 0.25, 1/4, 25%, 2.5e-1 or 1e-3, e^2/(1+e^2), "
    "ln(2) (log is ln too, as in the notes), sqrt(2), exp(-1), [0.1, 0.2], [1 2; 3 4]. "
    "An answer that cannot be read, or has the wrong shape, is asked for again at no "
    "cost. Commands: skip shows the worked solution and counts as a miss (Again); at "
    "part (b) or later, u goes back a part; " + _COMMON
)
HELP_REVEAL = (
    "Recall the answer to the card, then press Enter to see it; you rate yourself next. "
    "Commands: " + _COMMON
)
HELP_RATE = (
    "Rate how well you knew it: 1 again (you did not), 2 hard, 3 good, 4 easy; Enter "
    "alone is 3. Beside each rating is when the card would come back. Commands: " + _COMMON
)
HELP_PAUSE = "Press Enter for the next item. Commands: " + _COMMON
HELP_WAIT = (
    "w waits here until the card is due, then goes on (Ctrl-C ends the wait and the "
    "session); Enter or q ends the session now, and the card waits for the next one. "
    "Also: s shows the last worked solution, f flags the last problem as looking wrong "
    "(f NOTE adds a note), u undoes the last review."
)
NO_SKIP = "skip gives up on a problem; a card you did not know you rate 1 (again)."
NO_SKIP_PAUSE = "Nothing to skip here: Enter goes on."
NO_SKIP_WAIT = "Nothing to skip here: w waits for the card, Enter ends the session."
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
    "f": "flag",
    "flag": "flag",
}


class Quit(Exception):
    """The student asked to stop (q, Ctrl-C or the end of input)."""


class Undo(Exception):
    """The student asked to take back the last review."""


class Back(Exception):
    """The student asked to go back to the part before (``u`` at part (b) or later)."""


class Skip(Exception):
    """The student gave up on the problem on screen."""


class Commands(Protocol):
    """What the commands at a prompt act on (the terminal session)."""

    def can_undo(self) -> bool: ...

    def solution(self) -> None: ...

    def flag(self, note: str) -> None: ...


class Prompter:
    """Asks for input and handles the commands that work at any prompt."""

    def __init__(self, screen: Screen, commands: Commands):
        self.screen = screen
        self.commands = commands

    def ask(
        self,
        prompt: str,
        help: str = HELP,
        skip: bool = False,
        back: bool = False,
        no_skip: str = NO_SKIP,
    ) -> str:
        """A line typed at ``prompt``, the commands handled; ``help`` is what ``?`` shows,
        ``skip`` whether ``skip`` may give up here (at a problem; elsewhere ``no_skip``
        says what to do instead), ``back`` whether ``u`` goes back a part (raises Back)
        rather than undoing the last review."""
        while True:
            try:
                line = self.screen.ask(prompt)
            except EOFError:
                raise Quit from None
            words = line.strip().split(maxsplit=1)
            command = COMMANDS.get(words[0].lower()) if words else None
            if command is None or (len(words) > 1 and command != "flag"):
                return line
            if command == "quit":
                raise Quit
            if command == "skip":
                if skip:
                    raise Skip
                self.screen.say(no_skip, "note")
            elif command == "undo":
                if back:
                    raise Back
                if self.commands.can_undo():
                    raise Undo
                self.screen.say("Nothing to undo in this session.", "note")
            elif command == "solution":
                self.commands.solution()
            elif command == "flag":
                self.commands.flag(words[1] if len(words) > 1 else "")
            else:
                self.screen.say(help, "note")


def show_problem(screen: Screen, problem) -> None:
    """The problem as ``nnquiz show`` prints it; on a terminal fitted and styled.

    ``problem`` is a Problem or a ProblemView (a problem made ahead, read from JSON).
    """
    if not screen.styled:
        screen.show(text(problem))
        return
    screen.show(header(problem), "header")
    screen.show("\n" + problem.question_text)
    for line in figure_lines(problem, "question"):
        screen.show(line, "note")
    screen.show("")
    for part in problem.parts:
        screen.show(f"({part.label}) {part.prompt}", "bold")


def show_front(screen: Screen, card) -> None:
    """A concept card's front, under its id and where it comes from."""
    from ..render.unitex import card_text

    topic = getattr(card, "topic", "") or ""
    where = " · ".join(x for x in (topic, card.section) if x)
    screen.show(f"[card:{card.id}] Concept card" + (f" · {where}" if where else ""), "header")
    screen.show("\n" + card_text(card.front) + "\n")


def show_back(screen: Screen, card) -> None:
    """A concept card's back, and where the notes are wrong about it."""
    from ..render.unitex import card_text

    screen.show(card_text(card.back))
    figure = card.drawing() if getattr(card, "figure", "") else None
    if figure is not None:
        screen.show(f"[Figure {figure.name}: {figure.alt}]", "note")
    erratum = getattr(card, "erratum", "") or ""
    if erratum:
        screen.say("\nWhere the notes are wrong: " + card_text(erratum), "note")
    screen.show("")
