"""The practice page: a thin view over the practice engine, as the terminal is.

The engine (``practice.engine``) holds every rule of a session; this module keeps only
what the page shows now (the feedback of the last review until the student goes on,
messages to show once, what was typed when a part must be typed again, a worked
solution asked for) and turns each form the page posts into one engine call. The words
are the terminal's (``practice.words``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..practice import words
from ..practice.engine import SKIP, Engine
from ..practice.outcomes import Next, Outcome, Retry, Start, Stop, Wait
from . import views

Line = tuple[str, str]  # (text, style): good, bad, warn, note, dim


@dataclass
class Feedback:
    """A review's outcome, shown until the student goes on; ``data``: its problem's
    JSON (None for a concept card); ``open``: its worked solution is on the page."""

    outcome: Outcome
    data: dict | None
    open: bool


@dataclass
class Screen:
    """What the page shows besides the engine's item."""

    feedback: Feedback | None = None
    notices: list[Line] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)
    retry: dict[str, str] = field(default_factory=dict)
    solution: dict | None = None  # a problem whose worked solution `s` asked for
    ended: Stop | None = None


class Page:
    """One practice session seen through the page; ``make`` builds a new engine (a
    session starts when the server does, and again with "Practise again")."""

    def __init__(self, make: Callable[[], Engine], tell: Callable[[list[Line]], None]):
        self.make, self.tell = make, tell  # tell: the terminal's summary of a session
        self.engine = make()
        self.start: Start = self.engine.start()
        self.screen = Screen()
        self.data: dict | None = None  # the problem JSON of the problem on screen
        self.told_ahead: str | None = None  # the item the last review said comes now

    @property
    def cram(self) -> bool:
        return self.engine.options.cram

    # ------------------------------------------------------------ what is shown

    def item(self) -> Next | Stop | Wait | None:
        """The engine's item to show (None while a review's feedback is shown, or when
        the session has not begun or has ended)."""
        s = self.screen
        if s.feedback is not None or s.ended is not None or self.start.capped:
            return None
        if self.start.empty and not self.engine.history:
            return None
        nxt = self.engine.next()
        if isinstance(nxt, Stop):
            self.end(nxt)
            return nxt
        if isinstance(nxt, Next) and nxt.item.kind == "problem":
            self.data = views.data_of(nxt.shown)
        return nxt

    def shown(self) -> None:
        """The item is on the page: the engine's once-a-session head start."""
        self.engine.shown()

    def idle(self) -> None:
        """The student reads the feedback: make the skill's next problem now."""
        self.engine.idle()

    def early_note(self, nxt: Next) -> Line | None:
        """Why ``nxt`` is shown before it is due (learn-ahead), unless the review just
        before said it comes back now (as the terminal does)."""
        said = words.early_line(nxt, self.engine.clock.now())
        return (said, "note") if said and nxt.item.key != self.told_ahead else None

    def take_notices(self) -> list[Line]:
        out, self.screen.notices = self.screen.notices, []
        return out

    # ------------------------------------------------------------ a problem

    def on_screen(self, kind: str) -> bool:
        cur = self.engine.current
        return cur is not None and cur.item.kind == kind and self.screen.feedback is None

    def labels(self) -> list[str]:
        return [p["label"] for p in self.data["parts"]] if self.data else []

    def answer(self, form: Mapping[str, str]) -> None:
        """The answers posted for the problem on screen (``a-LABEL`` fields); ``skip``
        typed in a box gives up, as in the terminal."""
        if not self._expect("problem", form):
            return
        texts = {k: form.get(f"a-{k}", "") for k in self.labels()}
        if any(v.strip().lower() == SKIP for v in texts.values()):
            self.skip(form)
            return
        empty = [k for k, v in texts.items() if not v.strip()]
        if empty:
            self._again(texts, {k: words.NO_ANSWER + "." for k in empty})
            return
        out = self.engine.answer(texts)
        if isinstance(out, Retry):
            self._again(texts, dict(out.parts))
        else:
            self._reviewed(out)

    def _again(self, texts: dict[str, str], why: dict[str, str]) -> None:
        self.screen.typed, self.screen.retry = texts, why

    def skip(self, form: Mapping[str, str]) -> None:
        if not self._expect("problem", form):
            return
        texts = {k: v for k in self.labels() if (v := form.get(f"a-{k}", "").strip())}
        self._reviewed(self.engine.skip({k: v for k, v in texts.items() if v.lower() != SKIP}))

    def _reviewed(self, out: Outcome) -> None:
        s = self.screen
        s.typed, s.retry, s.solution = {}, {}, None
        s.feedback = Feedback(out, self.data, out.solution is not None)
        self.told_ahead = out.item.key if out.ahead else None

    def read(self, label: str, text: str) -> dict[str, Any]:
        """How the answer typed so far would be read (the page's "read as")."""
        if not self.on_screen("problem") or label not in self.labels():
            return {"read_as": None, "why": None}
        seen = self.engine.preview(label, text)
        return {"read_as": seen.read_as, "why": seen.why}

    # ------------------------------------------------------------ a concept card

    def rate(self, form: Mapping[str, str]) -> None:
        if not self._expect("concept", form):
            return
        value = form.get("rating", "")
        if value not in ("1", "2", "3", "4"):
            self.screen.notices.append(("Rate it 1, 2, 3 or 4.", "warn"))
            return
        out = self.engine.rate(int(value), value)
        self.screen.solution = None
        self.screen.notices += words.after_lines(out, self.cram)
        self.told_ahead = out.item.key if out.ahead else None

    def intervals(self) -> list[tuple[int, str, str]]:
        return words.rating_buttons(self.engine.intervals())

    # ------------------------------------------------------------ commands

    def go_on(self) -> None:
        """Next: leave the feedback."""
        self.screen.feedback = None
        self.screen.solution = None

    def undo(self) -> None:
        u = self.engine.undo()
        if u.ok:
            self.screen = Screen(notices=self.screen.notices)
        self.screen.notices.append((words.undo_line(u), "note"))

    def solution(self) -> None:
        """``s``: the worked solution of the last problem reviewed."""
        problem = self.engine.solved()
        fb = self.screen.feedback
        if problem is None:
            self.screen.notices.append(("No worked solution to show yet.", "note"))
        elif fb is not None and fb.data is not None and fb.data["id"] == problem.id:
            fb.open = True
        else:
            self.screen.solution = views.data_of(problem)

    def flag(self, note: str) -> None:
        self.screen.notices.append((words.flagged_line(self.engine.flag(note)), "note"))

    def end(self, why: Stop | None = None) -> None:
        """The session is over (the engine's Stop, or the student's "End")."""
        if self.screen.ended is None:
            self.screen = Screen(notices=self.screen.notices, ended=why or Stop("quit"))
            self.tell(self.summary())

    def again(self) -> None:
        """Practise again: a new session (what is due now, new cards left today)."""
        self.engine.close()
        self.engine = self.make()
        self.start = self.engine.start()
        self.screen = Screen()
        self.data, self.told_ahead = None, None

    def summary(self) -> list[Line]:
        return [(t, s or "") for t, s in words.summary_lines(self.engine.summary())]

    def close(self) -> None:
        """The server stops: wait for the background job, and tell the session's summary
        (unless it ended already)."""
        self.engine.close()
        if self.screen.ended is None:
            self.tell(self.summary())

    def current(self) -> str | None:
        """The id of the problem or the key of the card on screen (the forms carry it)."""
        cur = self.engine.current
        if cur is None or self.screen.feedback is not None:
            return None
        return self.data["id"] if cur.item.kind == "problem" and self.data else cur.item.key

    def _expect(self, kind: str, form: Mapping[str, str]) -> bool:
        """A form for an item no longer on screen (sent twice, or from an old tab) does
        nothing, and says so."""
        if self.on_screen(kind) and form.get("item") == self.current():
            return True
        what = "problem" if kind == "problem" else "card"
        self.screen.notices.append((f"That {what} is no longer on screen: nothing done.", "note"))
        return False
