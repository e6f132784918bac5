"""A practice session: plan it, show each item, record each review, sum it up.

Everything from outside comes in: the store, the clock, the screen, the registry, a
source of seeds and one of concept cards. Each review is committed (its own
transaction) before the next problem appears; ``u`` takes the last one back; ``skip``
gives up on a problem (a miss, rated Again, with the worked solution); ``q``, Ctrl-C
and the end of input end the session cleanly with a summary.

Undo shows an undone problem again with the same numbers, unless its worked solution
was on screen (after a miss or a skip, or with ``s``): then the skill comes back with
new numbers, since the old ones could be copied from the solution. ``s`` shows the
worked solution of the last problem reviewed (undone ones are not), so it never shows
the solution of a problem waiting for its answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from types import ModuleType

from . import course, plan
from . import rating as R
from .ahead import Problems, fresh_seed, load_registry
from .clock import Clock, day_start, duration, from_stamp, local_zone, stamp, until
from .concepts import load as load_concepts
from .prepared import builtin_families, code_stamp
from .review import (
    Answered,
    Prompter,
    Quit,
    Undo,
    collect,
    grade_lines,
    show_concept,
    show_problem,
)
from .screen import Screen
from .store import REVIEW, Recorded, ReviewRow, Store
from .summary import due_line, outlook


@dataclass(frozen=True)
class Options:
    families: tuple[str, ...] = ()
    new: int | None = None
    limit: int | None = None
    cram: bool = False


@dataclass(frozen=True)
class Done:
    """One review of this session: enough to undo it and show its problem again.
    ``asked`` when the student asked for its worked solution (``s``)."""

    item: course.Item
    recorded: Recorded
    problem: object | None = None
    asked: bool = False

    @property
    def solution_shown(self) -> bool:
        """Whether its worked solution was on screen: after a miss or a skip (shown
        at once), or when asked for."""
        return self.problem is not None and (self.asked or not self.recorded.review.correct)


@dataclass
class Tally:
    reviewed: int = 0
    correct: int = 0
    seconds: float = 0.0  # answering time: the sum of the reviews' durations, as in stats
    history: list[Done] = field(default_factory=list)


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
        self.store, self.clock, self.screen = store, clock, screen
        self.options, self.load_registry = options, registry
        self.problems = Problems(store, code_stamp(), registry, seed)
        self._order: list[str] | None = None
        self._order_known = True
        self._load_concepts = concepts
        self._concepts: dict | None = None
        self.tally = Tally()
        self.started = clock.now()
        self.zone = local_zone(self.started)
        self.queue = plan.Queue()
        self.pending: dict[str, object] = {}  # problems shown and not answered yet
        self.prompter = Prompter(screen, lambda: bool(self.tally.history), self._solution)

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

    def plan(self) -> tuple[int, int]:
        """Fill the queue: due items, then new ones. Returns (due, new)."""
        now = self.clock.now()
        today = day_start(now, self.zone)
        if self.options.cram:
            rows = self.store.cards()
        else:
            rows = self.store.due(
                stamp(today + timedelta(days=1)), stamp(plan.learning_cutoff(now))
            )
        fams = self.options.families
        rows = [r for r in rows if not fams or (r.kind == "problem" and r.family in fams)]
        concepts = self.concepts() if any(r.kind == "concept" for r in rows) else {}
        due = [i for r in rows if (i := course.item_for(r, concepts))]
        allowance = self.options.new
        if allowance is None:
            started_today = self.store.started_since(stamp(today))
            allowance = (
                len(course.DIFFICULTIES) * 10**6
                if self.options.cram
                else (plan.new_allowance(None, started_today))
            )
        new: list[course.Item] = []
        if allowance > 0:
            order = self.order()
            cards = [] if fams else list(self.concepts().values())
            fresh = course.new_items(order, cards, self.store.started())
            new = [i for i in fresh if plan.wanted(i, fams)]
        self.queue = plan.Queue(plan.session(due, new, allowance))
        return len(due), len(self.queue) - len(due)

    # ------------------------------------------------------------ the loop

    def run(self) -> None:
        """Plan and practise until the queue is empty, the limit is reached or the
        student quits; the caller prints :meth:`summary` however it ends."""
        due, new = self.plan()
        if not len(self.queue):
            self.screen.show("Nothing to practise now.", "note")
            return
        if self.options.cram:  # every card, due or not; what is not started stays so
            what = f"cram: {due} started, {new} not started · nothing is rescheduled"
        else:
            what = f"{due} due, {new} new"
        self.screen.show(f"nnquiz practice · {what} · q quits · u undoes · ? helps", "dim")
        try:
            self._loop()
        except (Quit, KeyboardInterrupt):
            self.screen.show("")

    def _loop(self) -> None:
        limit = self.options.limit
        while True:
            if limit is not None and self.tally.reviewed >= limit:
                self.screen.show(f"That makes {limit} (--limit {limit}).", "note")
                return
            item = self.queue.pop()
            if item is None:
                return
            self.screen.rule(f"review {self.tally.reviewed + 1} · {len(self.queue)} more queued")
            try:
                if item.kind == "concept":
                    self._concept(item)
                else:
                    self._problem(item)
            except Undo:
                self.queue.put_back(item)
                self._undo()

    def _problem(self, item: course.Item) -> None:
        shown, problem = self.pending.get(item.key) or self.problems.for_item(item)
        self.pending[item.key] = (shown, problem)
        show_problem(self.screen, shown)
        self.problems.head_start(item, self._order_known, self.options.families)
        answered = collect([p.label for p in shown.parts], self.prompter, self.screen, self.clock)
        if problem is None:  # shown from its JSON: the full problem now
            problem = shown.problem()
            self.pending[item.key] = (shown, problem)
        g = None
        if not answered.skipped:
            answered, g = self._graded(problem, answered)
        review = ReviewRow(
            card=item.key,
            time=stamp(answered.at),
            problem=problem.id,
            answer=json.dumps(answered.texts, ensure_ascii=False),
            correct=bool(g and g.correct),
            score=g.score if g else 0.0,
            duration=answered.seconds,
            rating=None,
            state=0,
            mistakes=",".join(p.mistake for p in g.parts if p.mistake) if g else "",
        )
        done = self._record(item, review, lambda row: self._auto(item, row, review), problem)
        del self.pending[item.key]
        if g is None:
            self.screen.show(f"Skipped: it counts as a miss ({R.NAMES[R.AGAIN]}).", "bad")
        else:
            for line, style in grade_lines(g):
                self.screen.show(line, style)
        self._after(done)
        if done.solution_shown:  # a miss or a skip
            self.screen.show("\n" + solution_text(problem))
        self.problems.prepare(item)

    def _graded(self, problem, answered: Answered):
        """The answers graded; a part that reads but cannot be graded as typed (a decimal
        comma, 0,349, where the part wants one number) is asked for again, free."""
        from ..answers import grade

        while True:
            g = grade(problem, answered.texts)
            unread = [p for p in g.parts if not p.readable]
            if not unread:
                return answered, g
            several = len(g.parts) > 1
            for p in unread:
                why = " ".join(p.feedback)
                lead = f"({p.label}) " if several else ""
                self.screen.show(
                    f"Cannot read {lead}that: {why} Try again (it costs nothing).", "warn"
                )
            again = collect([p.label for p in unread], self.prompter, self.screen, self.clock)
            texts = {**answered.texts, **again.texts}
            answered = Answered(texts, answered.seconds + again.seconds, again.at, again.skipped)
            if again.skipped:
                return answered, None

    def _solution(self) -> str | None:
        """For ``s``: the worked solution of the last problem reviewed in this session
        (remembered as seen, for undo); None before the first. It comes from the
        history, so after an undo it is the review before, never the problem undone."""
        history = self.tally.history
        for i in range(len(history) - 1, -1, -1):
            if history[i].problem is not None:
                history[i] = replace(history[i], asked=True)
                return solution_text(history[i].problem)
        return None

    def _auto(self, item: course.Item, row, review: ReviewRow) -> int:
        mature = row is not None and R.is_mature(row.state, row.due, row.last_review)
        fast = (
            mature and review.correct and R.is_fast(review.duration, self.store.durations(item.key))
        )
        return R.auto(review.correct, mature, fast)

    def _concept(self, item: course.Item) -> None:
        value, typed, seconds = show_concept(self.screen, item.concept, self.prompter, self.clock)
        hit = value != R.AGAIN
        review = ReviewRow(
            item.key, stamp(self.clock.now()), None, typed, hit, float(hit), seconds, None, 0
        )
        self._after(self._record(item, review, lambda row: value, None))

    # ------------------------------------------------------------ recording

    def _record(self, item: course.Item, review: ReviewRow, rate, problem) -> Done:
        """Commit the review (its own transaction) and remember it for undo."""
        from . import scheduling

        now = from_stamp(review.time)  # the moment of the answer, as the review keeps it
        repaired: list[tuple[str, int]] = []

        def decide(row):
            state = row.state if row else 0
            if self.options.cram:
                return None, replace(review, state=state)
            value = rate(row)
            args = (item.key, item.kind, item.family, item.difficulty, value, now)
            try:
                after = scheduling.review(row, *args)
            except scheduling.DamagedCard as e:  # only this card's FSRS state is unreadable
                row = scheduling.rebuilt(row, self.store.ratings(item.key), now)
                repaired[:] = [(str(e), row.reps)]
                after = scheduling.review(row, *args)
            return after, replace(review, rating=value, state=state)

        done = Done(item, self.store.record(item.key, decide), problem)
        self.tally.reviewed += 1
        self.tally.correct += review.correct
        self.tally.seconds += review.duration
        self.tally.history.append(done)
        for said, n in repaired:
            how = (
                f"worked out again from its {n} earlier review{'s' if n != 1 else ''}"
                if n
                else "started again as a new card (its history is kept)"
            )
            self.screen.show(f"Note: {said}; it was {how}, and this review is saved.", "warn")
        return done

    def _after(self, done: Done) -> None:
        """Say when the item comes back; requeue it when it is still being learnt."""
        rec, item = done.recorded, done.item
        if rec.after is None:  # cram
            if not rec.review.correct:
                self.queue.again(item)
                self.screen.show("It comes back later in this session.", "dim")
            return
        learning = rec.after.state != REVIEW
        when = (
            "later in this session"
            if learning
            else until(from_stamp(rec.after.due), from_stamp(rec.review.time))
        )
        self.screen.show(f"{R.NAMES[rec.review.rating]} · next review {when}", "dim")
        if learning:
            self.queue.again(item)
        elif done.problem is not None and rec.review.correct:
            self.screen.show("(s shows the worked solution)", "dim")
        if R.is_lapse(rec.review.state, rec.review.rating) and R.tell_leech(rec.after.lapses):
            self.screen.show(leech_advice(item, rec.after.lapses), "warn")

    def _undo(self) -> None:
        done = self.tally.history[-1]
        if not self.store.undo(done.recorded):  # it stands: s still shows its solution
            self.screen.show(
                "Cannot undo: that card was reviewed in another session since.", "warn"
            )
            return
        self.tally.history.pop()
        self.tally.reviewed -= 1
        self.tally.correct -= done.recorded.review.correct
        self.tally.seconds -= done.recorded.review.duration
        self.queue.put_back(done.item)
        again = "Here it is again."
        if done.problem is not None:
            if done.solution_shown:
                # its worked solution was on screen: the same numbers could be copied
                self.problems.avoid(done.item.key, done.problem.id)
                again = "Its worked solution was shown, so it comes back with new numbers."
            else:
                self.pending[done.item.key] = (done.problem, done.problem)
        self.screen.show(f"Undone: the review of {done.item.key}. {again}", "note")

    # ------------------------------------------------------------ the end

    def summary(self) -> None:
        """Reviews, hits and the answering time (the sum of the reviews' durations, the
        measure ``nnquiz stats`` adds up), then when cards are due."""
        t = self.tally
        now = self.clock.now()
        if t.reviewed:
            pct = round(100 * t.correct / t.reviewed)
            spent = duration(t.seconds)
            line = (
                f"Session: {t.reviewed} reviewed, {t.correct} correct ({pct}%), "
                f"{spent} spent answering."
            )
        else:
            line = "Session: nothing reviewed."
        self.screen.show(line, "bold")
        self.screen.show(due_line(outlook(self.store.cards(), now, self.zone), now, self.zone))

    def close(self) -> None:
        """Wait for the background job (a few tenths of a second at most)."""
        self.problems.close()


def solution_text(problem) -> str:
    return "Worked solution\n---------------\n" + problem.solution_text


def leech_advice(item: course.Item, lapses: int) -> str:
    """What to tell the student about a leech: an easier difficulty only when there is one."""
    advice = "Reread the notes on it and work a solution through slowly"
    easier = course.easier(item.difficulty) if item.kind == "problem" else None
    if easier:
        advice += f"; {item.family}:{easier} may help first"
    return f"Leech: {item.key} has been forgotten {lapses} times. {advice}."
