"""What a practice session says, in the same words on every face (the terminal, a web
page): the engine's outcomes (:mod:`.outcomes`) as sentences. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from . import course
from . import rating as R
from .clock import duration, short_span, soon, until
from .outcomes import (
    PUT_OFF_AFTER,
    Next,
    Outcome,
    Recap,
    Start,
    Stop,
    Summary,
    Undone,
    Wait,
)
from .summary import due_line

if TYPE_CHECKING:
    from ..answers import Grade, PartGrade


def start_line(s: Start) -> str:
    """'3 due, 2 new' ('0 due, 1 due soon, 2 new' with a card in its learning steps
    due within 20 minutes), or what a cram session shows."""
    if s.cram:  # every card, due or not; what is not started stays so
        return f"cram: {s.due} started, {s.new} not started · nothing is rescheduled"
    later = f", {s.soon} due soon" if s.soon else ""  # in its learning steps, minutes away
    return f"{s.due} due{later}, {s.new} new"


def capped_line(s: Start, cap: int) -> str:
    left = f"; {s.due} still due" if s.due else ""
    return (
        f"You have done {s.done_today} reviews today, the daily cap (--max-reviews {cap})"
        f"{left}. More tomorrow, or raise the cap with --max-reviews."
    )


def stop_line(s: Stop, cap: int) -> str | None:
    if s.why == "limit":
        return f"That makes {s.count} (--limit {s.count})."
    if s.why == "cap":
        return (
            f"That makes {s.count} reviews today, the daily cap (--max-reviews {cap}); "
            "the rest waits for tomorrow."
        )
    return None


def wait_line(w: Wait, now) -> str:
    return (
        f"Only cards in their learning steps are left; the next, {w.item.key}, is due "
        f"{soon(w.until, now)}."
    )


WAIT_PROMPT = "w waits for it; Enter ends the session › "
WAIT_AGAIN = "Type w to wait for it, or press Enter to end the session."


def early_line(n: Next, now) -> str | None:
    """Why a card in its learning steps is shown before it is due (None when it is not):
    nothing else is left (Anki's learn-ahead)."""
    if n.early is None:
        return None
    return (
        f"Nothing else is left, so {n.item.key}, due {soon(n.early, now)}, is shown now "
        "(Anki's learn-ahead)."
    )


def waiting_line(w: Wait, zone) -> str:
    return f"Waiting until {w.until.astimezone(zone):%H:%M:%S} (Ctrl-C ends the session)…"


def ended_line(w: Wait, now, zone) -> str:
    return (
        f"{w.item.key} is due again {soon(w.until, now)} "
        f"(at {w.until.astimezone(zone):%H:%M}): practise then to go on with it."
    )


def next_line(o: Outcome, cram: bool) -> str | None:
    """When the item comes back, as the schedule will do it: 'Again · back in 1 min',
    'Good · next review in 10 min (sooner if nothing else is left)', 'Good · due in
    10 min, but nothing else is left: it comes back now', 'Good · next review in 4 days'
    (practice days: due all that day)."""
    if cram or o.rating is None or o.due is None:
        if o.correct or o.put_off:
            return None
        return "It comes back later in this session."
    name = R.NAMES[o.rating]
    if o.put_off:
        return f"{name} · put off until tomorrow"
    if o.learning and o.rating == R.AGAIN:  # never shown before its step
        return f"{name} · back {until(o.due, o.at)}"
    if o.ahead:
        return (
            f"{name} · due {until(o.due, o.at)}, but nothing else is left: it comes back "
            "now (learn-ahead)"
        )
    if o.learning:
        return f"{name} · next review {until(o.due, o.at)} (sooner if nothing else is left)"
    if o.days is not None:
        return f"{name} · next review {in_days(o.days, o.at)}"
    return f"{name} · next review {until(o.due, o.at)}"


def in_days(days: int, now) -> str:
    """'in 1 day', 'in 4 days', 'in 3 months': practice days from ``now``."""
    return until(now + timedelta(days=days), now)


NO_ANSWER = "No answer typed. Type one, or skip to see the worked solution (it counts as a miss)"


def skip_line(cram: bool) -> str:
    if cram:
        return "Skipped: nothing is graded, and in cram nothing is rescheduled."
    return f"Skipped: it counts as a miss ({R.NAMES[R.AGAIN]})."


def put_off_line(o: Outcome, cram: bool) -> str:
    when = "it does not come back in this session" if cram else "it is put off until tomorrow"
    return f"{o.item.key} missed {PUT_OFF_AFTER} times in this session: {when}. {advice(o.item)}"


def advice(item: course.Item) -> str:
    """What may help with a skill that keeps being missed: the easier difficulty, when
    there is one."""
    easier = course.easier(item.difficulty) if item.kind == "problem" else None
    if easier:
        return (
            f"The easier {item.family}:{easier} may help first: "
            f"nnquiz generate {item.family} --difficulty {easier} --solution."
        )
    return "Reread the notes on it and work a solution through slowly."


def leech_advice(item: course.Item, lapses: int) -> str:
    """What to tell the student about a leech (forgotten again and again)."""
    return f"Leech: {item.key} has been forgotten {lapses} times. {advice(item)}"


RATE_QUESTION = "How well did you know it?"


def rating_buttons(spans: Mapping[int, float]) -> list[tuple[int, str, str]]:
    """(value, name, next interval) of each rating, as on Anki's buttons: (3, 'good',
    '1d'); the interval is '' when there is none (cram)."""
    return [
        (v, R.NAMES[v].lower(), short_span(spans[v]) if v in spans else "")
        for v in (R.AGAIN, R.HARD, R.GOOD, R.EASY)
    ]


def ratings_prompt(spans: Mapping[int, float]) -> str:
    """The rating prompt of a concept card, each rating's next interval beside it as on
    Anki's buttons: '1 again 1m · 2 hard 6m · 3 good 1d · 4 easy 4d'."""
    said = " · ".join(
        f"{v} {name}" + (f" {span}" if span else "") for v, name, span in rating_buttons(spans)
    )
    return f"{RATE_QUESTION} {said} › "


def verdict(p: PartGrade) -> tuple[str, str]:
    """A part's verdict and its style: ('✓ correct', 'good'), ('✗ incorrect', 'bad')."""
    if p.correct:
        return "✓ correct", "good"
    if p.carried:
        return "↳ follows from your earlier answer (credit carried forward)", "bad"
    if p.score > 0:
        return f"✗ partly right (score {p.score:.2f})", "bad"
    return "✗ incorrect", "bad"


def parts_line(g: Grade) -> tuple[str, str] | None:
    """How many parts were right, for a problem with several: ('✓ All 2 parts right.',
    'good'); None for one part."""
    if len(g.parts) < 2:
        return None
    if g.correct:
        return f"✓ All {len(g.parts)} parts right.", "good"
    from ..answers.carried import carried_note

    right = f"{sum(p.correct for p in g.parts)} of {len(g.parts)} parts right"
    return f"✗ {right}{carried_note(g.parts)}.", "bad"


def grade_lines(g: Grade) -> list[tuple[str, str | None]]:
    """How each part went, as (line, style) pairs."""
    lines: list[tuple[str, str | None]] = []
    several = len(g.parts) > 1
    for p in g.parts:
        said, style = verdict(p)
        lead = f"({p.label}) " if several else ""
        lines.append((f"{lead}{said}" + (f", read as {p.read_as}" if p.read_as else ""), style))
        lines += [(f"    {f}", "note") for f in p.feedback]
    total = parts_line(g)
    if total is not None:
        lines.append(total)
    return lines


def after_lines(o: Outcome, cram: bool) -> list[tuple[str, str]]:
    """What follows a review's verdict, as (line, style) pairs: a repaired schedule,
    when the item comes back, put off, a leech."""
    lines = [(o.repaired, "warn")] if o.repaired else []
    said = next_line(o, cram)
    if said:
        lines.append((said, "dim"))
    if o.put_off:
        lines.append((put_off_line(o, cram), "warn"))
    if o.leech is not None:
        lines.append((leech_advice(o.item, o.leech), "warn"))
    return lines


def recap_lines(o: Outcome | Recap) -> list[tuple[str, str]]:
    """Every part, for the end of a worked solution: its verdict beside what was typed
    (or that it was skipped, or not reached), and the right answer where it was not
    typed right."""
    lines = []
    parts = o.grade.parts if o.grade is not None else ()
    graded = {p.label: p for p in parts}
    several = len(o.answers) > 1
    for label, right in o.answers:
        lead = f"({label}) " if several else ""
        typed, p = o.texts.get(label), graded.get(label)
        if p is not None and p.correct:
            lines.append((f"{lead}✓ {typed}", "good"))
            continue
        if typed is None:
            said = "not answered"
        elif typed == "skip":
            said = "skipped"
        elif p is None:
            said = typed
        else:
            shown = p.read_as and _plain(p.read_as) != _plain(typed)
            mark = "↳" if p.carried else "✗"
            said = f"{mark} {typed}" + (f", read as {p.read_as}" if shown else "")
        lines.append((f"{lead}{said} · answer {right}", "bad"))
    return [("Your answer" + ("s" if several else "") + ":", "bold"), *lines]


def _plain(text: str) -> str:
    return "".join(c for c in text if c not in " ,")


def undo_line(u: Undone) -> str:
    if not u.ok:
        if u.why == "elsewhere":
            return "Cannot undo: that card was reviewed in another session since."
        return "Nothing to undo in this session."
    again = (
        "Its worked solution was shown, so it comes back with new numbers."
        if u.fresh
        else "Here it is again."
    )
    return f"Undone: the review of {u.key}. {again}"


def flagged_line(what: str | None) -> str:
    if what is None:
        return "Nothing to flag yet."
    return f"Flagged {what}; nnquiz stats --flags lists the flags."


def summary_lines(s: Summary) -> list[tuple[str, str | None]]:
    """Reviews, hits and the answering time, then when cards are due."""
    if s.reviewed:
        pct = round(100 * s.correct / s.reviewed)
        line = (
            f"Session: {s.reviewed} reviewed, {s.correct} correct ({pct}%), "
            f"{duration(s.seconds)} spent answering."
        )
    else:
        line = "Session: nothing reviewed."
    return [(line, "bold"), (due_line(s.outlook, s.now, s.zone), None)]
