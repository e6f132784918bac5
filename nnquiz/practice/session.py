"""A practice session in the terminal: a thin view over the practice engine.

The rules (what is next, grading, scheduling, undo, skip, flags, limits) are the
engine's (:mod:`.engine`); this module shows what it says (in the words of
:mod:`.words`) and reads what the student types. Each review is committed before the
next item appears; ``q``, Ctrl-C and the end of input end the session cleanly with a
summary.

On a terminal, after a miss or a skip (and after ``s``) the worked solution is shown
(through the pager when it does not fit the window), each part's verdict beside what
was typed under it, and the session waits for Enter; piped input goes on at once.
The window's size is read again before every item, and before the feedback, a
concept card's back and a worked solution are shown (it may have been resized while
the student worked).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from . import rating as R
from . import words
from .ahead import fresh_seed, load_registry
from .clock import Clock
from .concepts import load as load_concepts
from .engine import SKIP, Engine
from .outcomes import Next, Options, Outcome, Recap, Retry, Stop, Wait
from .review import (
    HELP,
    HELP_PAUSE,
    HELP_RATE,
    HELP_REVEAL,
    HELP_WAIT,
    NO_SKIP_PAUSE,
    NO_SKIP_WAIT,
    Back,
    Prompter,
    Quit,
    Skip,
    Undo,
    show_back,
    show_front,
    show_problem,
)
from .screen import Screen
from .store import Store
from .words import leech_advice

__all__ = ["Options", "Session", "leech_advice", "load_registry"]


class Session:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        screen: Screen,
        options: Options,
        registry: Callable[[], ModuleType] = load_registry,
        seed: Callable[[], int] = fresh_seed,
        concepts: Callable[[], list] = load_concepts,
    ):
        self.engine = Engine(store, clock, options, registry, seed, concepts)
        self.clock, self.screen, self.options = clock, screen, options
        self.prompter = Prompter(screen, self)
        self._reshow: Callable[[], None] | None = None  # what `s` covered, to show again
        self._pausing = False  # waiting for Enter after a worked solution
        self._told_ahead: str | None = None  # the item the last review said comes now

    # ------------------------------------------------------------ the loop

    def run(self) -> None:
        """Plan and practise until the queue is empty, a limit is reached or the student
        quits; the caller prints :meth:`summary` however it ends."""
        start = self.engine.start()
        if start.capped:
            self.screen.say(words.capped_line(start, self.options.max_reviews), "note")
            return
        if start.empty:
            self.screen.say("Nothing to practise now.", "note")
            return
        head = f"nnquiz practice · {words.start_line(start)} · q quits · u undoes · ? helps"
        self.screen.say(head, "dim")
        try:
            self._loop()
        except (Quit, KeyboardInterrupt):
            self.screen.show("")

    def _loop(self) -> None:
        while True:
            self.screen.refresh()
            nxt = self.engine.next()
            if isinstance(nxt, Stop):
                said = words.stop_line(nxt, self.options.max_reviews)
                if said:
                    self.screen.say(said, "note")
                return
            try:
                if isinstance(nxt, Wait):
                    if not self._wait(nxt):
                        return
                    continue
                early = words.early_line(nxt, self.clock.now())
                if early and nxt.item.key != self._told_ahead:  # not said just before
                    self.screen.say(early, "note")
                self._told_ahead = None
                self.screen.rule(f"review {nxt.number} · {nxt.queued} more queued")
                if nxt.item.kind == "concept":
                    self._concept(nxt)
                else:
                    self._problem(nxt)
            except Undo:
                self.screen.say(words.undo_line(self.engine.undo()), "note")
            finally:
                self._reshow = None

    def _wait(self, w: Wait) -> bool:
        """Only cards in their learning steps are left: on a terminal, wait for the next
        if asked; piped input is not read here (a script's lines are its answers)."""
        self.screen.say(words.wait_line(w, self.clock.now()), "note")
        if not (self.screen.styled and self._wants_to_wait()):
            self.screen.say(words.ended_line(w, self.clock.now(), self.engine.zone), "note")
            return False
        self.screen.say(words.waiting_line(w, self.engine.zone), "dim")
        self.clock.sleep((w.until - self.clock.now()).total_seconds())
        self.screen.drop_typeahead()  # what was typed while waiting answers nothing
        return True

    def _wants_to_wait(self) -> bool:
        """``w`` waits; Enter (or ``q``) ends the session; the commands work as at any
        prompt (``u`` undoes, ``s``, ``f``, ``?``); anything else is asked again."""
        while True:
            try:
                line = self.prompter.ask(words.WAIT_PROMPT, HELP_WAIT, no_skip=NO_SKIP_WAIT)
            except Quit:  # q here ends the session as Enter does, saying when to come back
                return False
            typed = line.strip().lower()
            if typed in ("w", "wait"):
                return True
            if not typed:
                return False
            self.screen.say(words.WAIT_AGAIN, "warn")

    # ------------------------------------------------------------ a problem

    def _problem(self, nxt: Next) -> None:
        shown = nxt.shown
        show_problem(self.screen, shown)
        self.engine.shown()
        self._reshow = lambda: show_problem(self.screen, shown)
        labels = [p.label for p in shown.parts]
        texts, skipped = self._collect(labels, back=True)
        while not skipped:
            out = self.engine.answer(texts)
            if not isinstance(out, Retry):
                break
            for label, why in out.parts:
                lead = f"({label}) " if len(labels) > 1 else ""
                self.screen.say(f"{lead}{why} Try again (it costs nothing).", "warn")
            again, skipped = self._collect([k for k, _ in out.parts], back=False)
            texts.update(again)
        if skipped:
            out = self.engine.skip(texts)
        self._reshow = None
        self._feedback(out)

    def _collect(self, labels: list[str], back: bool) -> tuple[dict[str, str], bool]:
        """Ask for each part in turn: (what was typed, whether the student gave up). An
        answer that cannot be graded as typed (unreadable, the wrong shape) is asked for
        again at no cost; ``u`` at a later part goes back to the one before."""
        texts: dict[str, str] = {}
        i = 0
        while i < len(labels):
            label = labels[i]
            prompt = f"({label}) › " if len(labels) > 1 else "answer › "
            try:
                line = self.prompter.ask(prompt, HELP, skip=True, back=back and i > 0)
            except Skip:
                texts[label] = SKIP
                return texts, True
            except Back:
                i -= 1
                before = texts.pop(labels[i])
                self.screen.say(f"Back to ({labels[i]}); you typed {before}.", "note")
                continue
            if not line.strip():
                self.screen.say(f"{words.NO_ANSWER}; ? helps.", "warn")
                continue
            why = self.engine.check(label, line)
            if why is not None:
                self.screen.say(f"{why} Try again (it costs nothing).", "warn")
                continue
            texts[label] = line
            i += 1
        return texts, False

    def _feedback(self, out: Outcome) -> None:
        cram = self.options.cram
        self.screen.refresh()  # the window may have been resized while the student worked
        if out.skipped:
            self.screen.say(words.skip_line(cram), "bad")
        elif out.grade is not None:
            for line, style in words.grade_lines(out.grade):
                self.screen.say(line, style)
        self._after(out)
        if out.solution is not None:
            self._solution(out.solution, out)
        elif out.correct and out.grade is not None:
            self.screen.say("(s shows the worked solution)", "dim")
        self.engine.idle()  # the skill's next problem, made while the student reads

    def _after(self, out: Outcome) -> None:
        """When the item comes back, and what the student should know about it."""
        self._told_ahead = out.item.key if out.ahead else None
        for line, style in words.after_lines(out, self.options.cram):
            self.screen.say(line, style)

    def _solution(self, text: str, out: Outcome | Recap | None = None) -> None:
        """A worked solution; on a terminal paged when long, each part's verdict under it
        (after a miss), then Enter before going on."""
        self.screen.show("")
        if not self.screen.styled:
            self.screen.show(text)
            return
        self.screen.refresh()
        self.screen.page(text, words.recap_lines(out) if out is not None else ())
        self.engine.idle()  # while the student reads it
        if self._pausing:  # s at the pause after a solution: that pause goes on
            return
        prompt = "Enter goes on › " if self._reshow is None else "Enter goes back › "
        reshow, self._reshow, self._pausing = self._reshow, None, True
        try:
            self.prompter.ask(prompt, HELP_PAUSE, no_skip=NO_SKIP_PAUSE)
        finally:
            self._reshow, self._pausing = reshow, False
        if reshow is not None:
            reshow()

    # ------------------------------------------------------------ a concept card

    def _concept(self, nxt: Next) -> None:
        card = nxt.item.concept
        show_front(self.screen, card)
        self.engine.shown()
        self._reshow = lambda: show_front(self.screen, card)
        self.prompter.ask("Enter shows the answer › ", HELP_REVEAL)
        self.screen.refresh()
        show_back(self.screen, card)
        self._reshow = lambda: (show_front(self.screen, card), show_back(self.screen, card))
        prompt = words.ratings_prompt(self.engine.intervals())
        while True:
            typed = self.prompter.ask(prompt, HELP_RATE)
            value = R.parse_self_rating(typed)
            if value is not None:
                break
            self.screen.say("Rate it 1, 2, 3 or 4 (Enter means 3, good).", "warn")
        self._reshow = None
        self.screen.refresh()
        self._after(self.engine.rate(value, typed.strip()))

    # ------------------------------------------------------------ commands

    def can_undo(self) -> bool:
        return self.engine.can_undo()

    def solution(self) -> None:
        """``s``: the last worked solution; on a terminal, then back to what was shown."""
        text = self.engine.solution()
        if text is None:
            self.screen.say("No worked solution to show yet.", "note")
            return
        self._solution(text, self.engine.recap())

    def flag(self, note: str) -> None:
        """``f``: flag what is on screen, asking for a note when none came with it."""
        if not note and self.engine.can_flag():
            try:  # what is typed here is the note, whatever it says
                note = self.screen.ask("Note for the flag (Enter for none) › ")
            except EOFError:
                raise Quit from None
        self.screen.say(words.flagged_line(self.engine.flag(note)), "note")

    # ------------------------------------------------------------ the end

    def summary(self) -> None:
        for line, style in words.summary_lines(self.engine.summary()):
            self.screen.say(line, style)

    def close(self) -> None:
        """Wait for the background job (a few tenths of a second at most)."""
        self.engine.close()
