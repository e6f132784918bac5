"""The practice engine: one session over the store, and no screen.

Every face (the terminal's :class:`.session.Session`, a web page) drives the same
engine: it asks what is next, hands over what the student typed, and shows what comes
back (:mod:`.outcomes`). All the rules of a session live here, once:

- **What is next** (:meth:`Engine.next`): due items, then new ones (:mod:`.plan`); a
  card in its learning steps is shown when it is due (it comes back later in the
  session, or in the next one), up to 20 minutes early only when nothing else is left
  (Anki's learn-ahead, ``Next.early``) and never early after an Again; when only
  cards that are not due are left, :class:`.outcomes.Wait` says which and when.
  ``--limit`` and the daily cap (``--max-reviews``, counting every session of the
  practice day) end the session.
- **Grading a review** (:meth:`Engine.check`, :meth:`Engine.answer`): an answer that
  cannot be read, or has the wrong shape for its part (but a transposed matrix, which
  is a mistake of method), is asked again at no cost; the rest is graded, rated (a miss
  Again, a hit Good or, fast on a mature card, Easy), scheduled by FSRS at the moment of
  the answer and saved in its own transaction.
- **Skip, undo, flags**: :meth:`Engine.skip` gives up on a problem (a miss);
  :meth:`Engine.undo` takes the last review back (the problem comes back with the same
  numbers unless its worked solution was shown); :meth:`Engine.flag` keeps a note on the
  problem on screen.
- **A skill missed PUT_OFF_AFTER times** in a session is put off to the next practice
  day (in cram, to another session).

The clock is passed in; the engine reads nothing from a terminal and prints nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import ModuleType

from . import course, plan, reviewing
from . import rating as R
from .ahead import Problems, fresh_seed, load_registry
from .clock import Clock, day_start, from_stamp, local_zone, stamp
from .concepts import load as load_concepts
from .outcomes import (
    Done,
    Next,
    Options,
    Outcome,
    Preview,
    Progress,
    Recap,
    Retry,
    Start,
    Stop,
    Summary,
    Undone,
    Wait,
)
from .prepared import builtin_families, code_stamp
from .store import CardRow, Flag, ReviewRow, Store
from .summary import outlook

SKIP = "skip"  # what a part given up on is recorded as


@dataclass
class _Current:
    """The item on screen, not answered yet: when it was shown, and its problem (the
    view shown, and the full problem once built)."""

    item: course.Item
    at: float
    shown: object = None
    problem: object = None
    early: datetime | None = None  # its due time, when shown before it (learn-ahead)


class Engine:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        options: Options,
        registry: Callable[[], ModuleType] = load_registry,
        seed: Callable[[], int] = fresh_seed,
        concepts: Callable[[], list] = load_concepts,
    ):
        self.store, self.clock, self.options = store, clock, options
        self.load_registry = registry
        self.problems = Problems(store, code_stamp(), registry, seed)
        self.zone = local_zone(clock.now())
        self.queue = plan.Queue()
        self.history: list[Done] = []
        self.current: _Current | None = None
        self.pending: dict[str, tuple] = {}  # problems shown and not answered: (shown, full)
        self._order: list[str] | None = None
        self._order_known = True
        self._load_concepts = concepts
        self._concepts: dict | None = None
        self._ahead: course.Item | None = None  # a skill whose next problem to make

    # ------------------------------------------------------------ planning

    def order(self) -> list[str]:
        """The families in the order of the notes (those of --family only, if given).
        Until the database knows the order, the list of built-in family modules stands
        in (sorting the families means importing them all, which would slow the first
        session down); the background job then works it out and keeps it."""
        if self._order is None:
            order = course.cached_order(self.store)
            if order is None:
                order = builtin_families()
                self._order_known = False
            self._order = course.restrict(order, self.options.families)
        return self._order

    def concepts(self) -> dict:
        if self._concepts is None:
            self._concepts = {c.id: c for c in self._load_concepts()}
        return self._concepts

    def start(self) -> Start:
        """Fill the queue: due items, then new ones (none once the daily cap is met);
        then, first but each waiting for its due time, the cards in their learning
        steps that fall due within LEARN_AHEAD."""
        now = self.clock.now()
        today = day_start(now, self.zone)
        cram = self.options.cram
        if cram:
            rows, soon = self.store.cards(), []
        else:
            rows = self.store.due(stamp(today + timedelta(days=1)), stamp(now))
            soon = self.store.learning_soon(stamp(now), stamp(now + plan.LEARN_AHEAD))
        due = [item for item, _ in self._items(rows)]
        waiting = self._items([r for r, _ in soon])
        done_today = 0 if cram else self.store.scheduled_since(stamp(today))
        if not cram and done_today >= self.options.max_reviews:
            return Start(len(due), 0, cram, capped=True, done_today=done_today)
        self.queue = plan.Queue(plan.session(due, *self._new(today)))
        new = len(self.queue) - len(due)
        again = {r.key for r, rating in soon if rating == R.AGAIN}  # never shown early
        for k, (item, row) in enumerate(waiting):
            self.queue.again(item, k, row.due, early=row.key not in again)
        return Start(len(due), new, cram, done_today=done_today, soon=len(waiting))

    def _new(self, today: datetime) -> tuple[list[course.Item], int]:
        """The new items in the order they come, and how many this session may start
        (``--new``, else what is left of the day's; in cram, all)."""
        cram, fams = self.options.cram, self.options.families
        allowance = self.options.new
        if allowance is None:
            started = self.store.started_since(stamp(today))
            allowance = 10**6 if cram else plan.new_allowance(None, started)
        if allowance <= 0:
            return [], 0
        cards = [] if fams else list(self.concepts().values())
        fresh = course.new_items(self.order(), cards, self.store.started())
        return [i for i in fresh if plan.wanted(i, fams)], allowance

    def _items(self, rows: list[CardRow]) -> list[tuple[course.Item, CardRow]]:
        """The items of the card rows that ``--family`` keeps, each with its row."""
        fams = self.options.families
        rows = [r for r in rows if not fams or (r.kind == "problem" and r.family in fams)]
        concepts = self.concepts() if any(r.kind == "concept" for r in rows) else {}
        return [(i, r) for r in rows if (i := course.item_for(r, concepts))]

    def next(self) -> Next | Stop | Wait:
        """The next item to show (it is then on screen until answered), or why not."""
        self.idle()
        if self.current is not None:  # shown and not answered: still the one
            return self._next(self.current)
        now = self.clock.now()
        stop = self._stop(now)
        if stop is not None:
            return stop
        item, early = self.queue.pop(stamp(now)), None
        if item is None and (ahead := self.queue.ahead(stamp(now))) is not None:
            item, early = ahead[0], from_stamp(ahead[1])  # nothing else is left
        if item is None:
            waiting = self.queue.waiting()
            if waiting is not None:
                return Wait(waiting[0], from_stamp(waiting[1]))
            return Stop("done", len(self.history))
        self.current = _Current(item, stamp(now), early=early)
        if item.kind == "problem":
            shown, full = self.pending.get(item.key) or self.problems.for_item(item)
            self.pending[item.key] = (shown, full)
            self.current.shown, self.current.problem = shown, full
        return self._next(self.current)

    def _stop(self, now: datetime) -> Stop | None:
        """Why the session stops before its queue is empty: ``--limit``, the daily cap."""
        limit = self.options.limit
        if limit is not None and len(self.history) >= limit:
            return Stop("limit", limit)
        if not self.options.cram:
            today = self.store.scheduled_since(stamp(day_start(now, self.zone)))
            if today >= self.options.max_reviews:
                return Stop("cap", today)
        return None

    def upcoming(self) -> tuple[course.Item, datetime | None] | None:
        """What :meth:`next` would show now, and its due time when it would be shown
        early (learn-ahead), without taking it; None when it would show nothing."""
        if self.current is not None:
            return self.current.item, self.current.early
        now = self.clock.now()
        if self._stop(now) is not None:
            return None
        up = self.queue.upcoming(stamp(now))
        if up is None:
            return None
        return up[0], None if up[1] is None else from_stamp(up[1])

    def _next(self, cur: _Current) -> Next:
        return Next(cur.item, len(self.history) + 1, len(self.queue), cur.shown, cur.early)

    def shown(self) -> None:
        """The face has put the item on screen: start the once-a-session background job
        (it imports the rest of nnquiz while the student reads)."""
        cur = self.current
        if cur is not None and cur.item.kind == "problem":
            self.problems.head_start(cur.item, self._order_known, self.options.families)

    def idle(self) -> None:
        """Make the last reviewed skill's next problem now, unless done (a face calls
        this while the student reads the feedback; :meth:`next` does it otherwise)."""
        if self._ahead is not None:
            item, self._ahead = self._ahead, None
            self.problems.prepare(item)

    # ------------------------------------------------------------ answering

    def check(self, label: str, text: str) -> str | None:
        """Why the answer typed for part ``label`` of the problem on screen must be typed
        again (it costs nothing), or None when it can be graded (:func:`.reviewing.slip`)."""
        return reviewing.slip(self._full(self._on_screen("problem")), label, text)

    def preview(self, label: str, text: str) -> Preview:
        """How ``text``, typed so far for part ``label`` of the problem on screen, would
        be read, and why it would be asked again (:meth:`check`), without grading it."""
        from ..answers import Unreadable, read

        self._on_screen("problem")
        try:
            shown = read(text).shown
        except Unreadable as e:
            return Preview(None, f"Cannot read that: {e.message}.")
        return Preview(shown, self.check(label, text))

    def answer(self, texts: dict[str, str]) -> Outcome | Retry:
        """Grade the answers to the problem on screen and record the review; parts that
        must be typed again (:meth:`check`) come back as a Retry, and nothing is saved."""
        from ..answers import grade

        again = tuple((k, why) for k, v in texts.items() if (why := self.check(k, v)))
        if again:
            return Retry(again)
        cur = self._on_screen("problem")
        problem = self._full(cur)
        g = grade(problem, texts, ecf=1.0)  # credit carried forward, as check and grade
        unread = tuple(
            (p.label, f"Cannot read that: {' '.join(p.feedback)}.")
            for p in g.parts
            if not p.readable
        )
        if unread:
            return Retry(unread)
        return reviewing.problem_review(self, cur, problem, texts, g)

    def skip(self, texts: dict[str, str] | None = None) -> Outcome:
        """Give up on the problem on screen: a miss, rated Again, nothing graded; the
        parts typed before are kept with the review."""
        cur = self._on_screen("problem")
        problem = self._full(cur)
        labels = [p.label for p in problem.parts]
        typed = {k: v for k, v in (texts or {}).items() if k in labels and v != SKIP}
        rest = [k for k in labels if k not in typed]
        typed[rest[0] if rest else labels[-1]] = SKIP
        return reviewing.problem_review(self, cur, problem, typed, None)

    def rate(self, value: int, typed: str = "") -> Outcome:
        """The student's rating (1-4) of the concept card on screen."""
        cur = self._on_screen("concept")
        now = self.clock.now()
        hit = value != R.AGAIN
        review = ReviewRow(
            cur.item.key, stamp(now), None, typed, hit, float(hit),
            stamp(now) - cur.at, None, 0,
        )  # fmt: skip
        return reviewing.record(self, cur, review, lambda row: value, None, None)

    def intervals(self) -> dict[int, float]:
        """For the concept card on screen: each rating's next interval in seconds, as
        rating it would schedule it now (Anki's buttons); {} in cram."""
        cur = self._on_screen("concept")
        if self.options.cram:
            return {}
        now = self.clock.now()
        row = self.store.card(cur.item.key)
        return {
            v: reviewing.schedule(self, cur.item, row, v, now, []).due - stamp(now)
            for v in (R.AGAIN, R.HARD, R.GOOD, R.EASY)
        }

    def _on_screen(self, kind: str) -> _Current:
        cur = self.current
        if cur is None or cur.item.kind != kind:
            raise RuntimeError(f"no {kind} on screen")
        return cur

    def _full(self, cur: _Current):
        if cur.problem is None:  # shown from its JSON: the full problem now
            cur.problem = cur.shown.problem()
            self.pending[cur.item.key] = (cur.shown, cur.problem)
        return cur.problem

    def can_undo(self) -> bool:
        return bool(self.history)

    def can_flag(self) -> bool:
        return self.current is not None or bool(self.history)

    def undo(self) -> Undone:
        """Take back the last review of this session. The item on screen (if any) waits;
        the undone one is shown next, with the same numbers unless its worked solution
        was shown (then the skill is drawn afresh, and that problem avoided)."""
        if not self.history:
            return Undone(False, why="nothing")
        done = self.history[-1]
        if not self.store.undo(done.recorded):  # it stands: s still shows its solution
            return Undone(False, done.item.key, why="elsewhere")
        cur = self.current
        if cur is not None:  # it waits, and it was early, it stays early
            if cur.early is None:
                self.queue.put_back(cur.item)
            else:
                self.queue.again(cur.item, 0, stamp(cur.early), early=True)
            self.current = None
        self.history.pop()
        self._ahead = None
        self.queue.put_back(done.item)
        fresh = done.solution_shown
        if fresh:  # the same numbers could be copied from the solution
            self.problems.avoid(done.item.key, done.problem.id)
        elif done.problem is not None:
            self.pending[done.item.key] = (done.problem, done.problem)
        return Undone(True, done.item.key, fresh)

    def solution(self) -> str | None:
        """The worked solution of the last problem reviewed in this session (remembered
        as seen, for undo); None before the first. It comes from the history, so after
        an undo it is the review before, never the problem on screen."""
        problem = self.solved()
        return None if problem is None else reviewing.solution_text(problem)

    def solved(self):
        """The problem whose worked solution :meth:`solution` shows (remembered as seen),
        for a face that lays the solution out itself; None before the first."""
        for i in range(len(self.history) - 1, -1, -1):
            if self.history[i].problem is not None:
                self.history[i] = replace(self.history[i], asked=True)
                return self.history[i].problem
        return None

    def recap(self) -> Recap | None:
        """Under the worked solution :meth:`solution` shows: what was typed for each
        part, its verdict and every part's right answer; None before the first."""
        for done in reversed(self.history):
            if done.problem is not None:
                return reviewing.recap(done)
        return None

    def flag(self, note: str = "") -> str | None:
        """Flag what is on screen (the item being answered, else the one just reviewed)
        with an optional note; returns what was flagged (a problem id or card:ID), or
        None when nothing has been shown yet."""
        if self.current is not None:
            key = self.current.item.key
            problem = getattr(self.current.shown, "id", None)
        elif self.history:
            key = self.history[-1].item.key
            problem = self.history[-1].recorded.review.problem
        else:
            return None
        note = " ".join(note.split())[:500]
        self.store.flag(Flag(stamp(self.clock.now()), key, problem, note))
        return problem or key

    def progress(self) -> Progress:
        """Items left (due and new, the one on screen included), this session's reviews
        and the practice day's scheduled reviews (a page's progress line)."""
        started = self.store.started()
        items = list(self.queue) + ([self.current.item] if self.current is not None else [])
        new = sum(1 for i in items if i.key not in started)
        today = self.store.scheduled_since(stamp(day_start(self.clock.now(), self.zone)))
        return Progress(len(items) - new, new, len(self.history), today)

    def summary(self) -> Summary:
        reviews = [d.recorded.review for d in self.history]
        now = self.clock.now()
        return Summary(
            reviewed=len(reviews),
            correct=sum(r.correct for r in reviews),
            seconds=sum(r.duration for r in reviews),
            outlook=outlook(self.store.cards(), now, self.zone),
            now=now,
            zone=self.zone,
        )

    def close(self) -> None:
        """Wait for the background job (a few tenths of a second at most)."""
        self.problems.close()


solution_text = reviewing.solution_text

__all__ = ["SKIP", "Engine", "Options", "solution_text"]
