"""Grading and recording one review, for the practice engine (:mod:`.engine`): the
review saved in its own transaction, scheduled by FSRS at the moment of the answer, the
item requeued (not before it is due; a card rated Again never early) or put off, and
what a face shows about it (:class:`.outcomes.Outcome`). Also :func:`slip`: what is
asked again at no cost."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from . import course
from . import rating as R
from .clock import day_number, day_start, from_stamp, stamp
from .outcomes import PUT_OFF_AFTER, Done, Outcome, Recap
from .store import REVIEW, ReviewRow

if TYPE_CHECKING:
    from .engine import Engine


def problem_review(e: Engine, cur, problem, texts: dict, g) -> Outcome:
    """Record the review of the problem on screen (``g`` its grade; None: skipped)."""
    now = e.clock.now()
    review = ReviewRow(
        card=cur.item.key,
        time=stamp(now),
        problem=problem.id,
        answer=json.dumps(texts, ensure_ascii=False),
        correct=bool(g and g.correct),
        score=g.score if g else 0.0,
        duration=stamp(now) - cur.at,
        rating=None,
        state=0,
        mistakes=",".join(m for p in g.parts for m in p.mistakes) if g else "",
    )
    return record(e, cur, review, lambda row: _auto(e, cur.item, row, review), problem, g)


def _auto(e: Engine, item: course.Item, row, review: ReviewRow) -> int:
    mature = row is not None and R.is_mature(row.state, row.due, row.last_review)
    fast = mature and review.correct and R.is_fast(review.duration, e.store.durations(item.key))
    return R.auto(review.correct, mature, fast)


# ------------------------------------------------------------ recording


def record(e: Engine, cur, review: ReviewRow, rate, problem, g) -> Outcome:
    """Commit the review (its own transaction), requeue or put off its item, and
    remember it for undo."""
    item = cur.item
    now = from_stamp(review.time)  # the moment of the answer, as the review keeps it
    misses = 1 + sum(1 for d in e.history if d.item.key == item.key and not _hit(d))
    put_off = not review.correct and misses >= PUT_OFF_AFTER
    repaired: list[str] = []

    def decide(row):
        state = row.state if row else 0
        if e.options.cram:
            return None, replace(review, state=state)
        value = rate(row)
        after = schedule(e, item, row, value, now, repaired)
        if put_off:  # the rest of the day off: back at the next practice day
            tomorrow = day_start(now, e.zone) + timedelta(days=1)
            after = _postponed(after, tomorrow)
        return after, replace(review, rating=value, state=state)

    recorded = e.store.record(item.key, decide)
    done = Done(item, recorded, problem, grade=g)
    e.history.append(done)
    e.pending.pop(item.key, None)
    e.current = None
    if problem is not None:
        e._ahead = item
    return _outcome(e, done, g, put_off, repaired)


def schedule(e: Engine, item, row, value: int, now, repaired: list[str]):
    """The card after a review rated ``value`` at ``now``; a card whose FSRS state
    cannot be read is worked out again from its history first (said in
    ``repaired``)."""
    from . import scheduling

    args = (item.key, item.kind, item.family, item.difficulty, value, now, e.zone)
    try:
        return scheduling.review(row, *args)
    except scheduling.DamagedCard as damaged:  # only this card's FSRS state is unreadable
        row = scheduling.rebuilt(row, e.store.ratings(item.key), now, e.zone)
        repaired[:] = [str(damaged), str(row.reps)]
        return scheduling.review(row, *args)


def _outcome(e: Engine, done: Done, g, put_off: bool, repaired: list[str]) -> Outcome:
    rec, item = done.recorded, done.item
    review, after = rec.review, rec.after
    learning = after is not None and after.state != REVIEW
    if after is None:  # cram: a miss comes back once more, unless put off
        if not review.correct and not put_off:
            e.queue.again(item)
    elif learning and not put_off:
        # not before it is due; early (learn-ahead) only when nothing else is left,
        # and never after an Again, which waits for its step
        e.queue.again(item, not_before=after.due, early=review.rating != R.AGAIN)
    # shown next, before it is due: nothing else is left (learn-ahead)
    up = e.upcoming() if learning and not put_off else None
    ahead = up is not None and up[0].key == item.key and up[1] is not None
    leech = None
    if after is not None and R.is_lapse(review.state, review.rating or 0):
        leech = after.lapses if R.tell_leech(after.lapses) else None
    texts = json.loads(review.answer) if done.problem is not None else {}
    return Outcome(
        item=item,
        correct=review.correct,
        rating=review.rating,
        at=from_stamp(review.time),
        due=from_stamp(after.due) if after is not None else None,
        learning=learning and not put_off,
        ahead=ahead,
        days=_days(review.time, after, e) if after is not None and not learning else None,
        grade=g,
        texts=texts,
        skipped=done.problem is not None and g is None,
        put_off=put_off,
        leech=leech,
        repaired=_repaired_note(repaired),
        solution=solution_text(done.problem) if done.solution_shown else None,
        problem_id=review.problem,
        parts=len(done.problem.parts) if done.problem is not None else 0,
        answers=right_answers(done.problem) if done.problem is not None else (),
    )


def recap(done: Done) -> Recap:
    """What to show under the worked solution of ``done`` (a problem reviewed)."""
    return Recap(json.loads(done.recorded.review.answer), done.grade, right_answers(done.problem))


def right_answers(problem) -> tuple[tuple[str, str], ...]:
    """Every part's answer as the worked solution writes it, on one line: (label,
    '≈ 0.7311'), (label, '≈ [0.7311, −0.7311]')."""
    from ..problems.notation import inline, rel_all, value

    out = []
    for part in problem.parts:
        ans = part.answer
        if isinstance(ans, list):
            said = f"{rel_all(ans).text.strip()} {inline(ans).text}"
        else:
            said = value(float(ans)).text.strip()
        out.append((part.label, said))
    return tuple(out)


# ------------------------------------------------------------ the rest


def _days(at: float, after, e: Engine) -> int:
    """Practice days from the review to the card's due day (a card in review state is
    due for its whole practice day)."""
    return day_number(from_stamp(after.due), e.zone) - day_number(from_stamp(at), e.zone)


def _hit(done: Done) -> bool:
    return bool(done.recorded.review.correct)


def _postponed(row, until):
    """``row`` (a CardRow) due no sooner than ``until``, its FSRS state saying the same."""
    from .scheduling import with_due

    return with_due(row, max(row.due, stamp(until)))


def _repaired_note(repaired: list[str]) -> str | None:
    if not repaired:
        return None
    said, n = repaired[0], int(repaired[1])
    how = (
        f"worked out again from its {n} earlier review{'s' if n != 1 else ''}"
        if n
        else "started again as a new card (its history is kept)"
    )
    return f"Note: {said}; it was {how}, and this review is saved."


def slip(problem, label: str, text: str) -> str | None:
    """Why ``text`` cannot be graded as the answer to part ``label`` of ``problem``: it
    cannot be read, or it has the wrong shape (a number for a vector, 2 entries for 3;
    the grader's own words say which), or its digit,digit commas may be decimal commas.
    None when it can be graded; a transposed matrix can (it is a mistake of method,
    which the grader names), so it is no slip."""
    from ..answers import Unreadable, fits, grade_reading, read
    from ..problems.model import shape

    try:
        reading = read(text)
    except Unreadable as e:
        return f"Cannot read that: {e.message}."
    part = problem.part(label)
    want, got = shape(part.answer), reading.shape
    if fits(got, want) or (len(got) == len(want) == 2 and got == want[::-1]):
        return None
    g = grade_reading(problem, part, reading, text)
    said = " ".join(g.feedback)
    return said if g.readable else f"Cannot read that: {said}."


def solution_text(problem) -> str:
    """The worked solution, and the description of each of its figures."""
    from ..render.formats import figure_lines

    figures = "".join("\n\n" + line for line in figure_lines(problem, "solution"))
    return "Worked solution\n---------------\n" + problem.solution_text + figures
