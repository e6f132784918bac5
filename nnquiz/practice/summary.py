"""When cards fall due: how many now, today and tomorrow, and when the soonest is; and
the one line that says so, at the end of a session and in ``nnquiz stats``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from .clock import day_start, from_stamp, soon, stamp
from .store import REVIEW, CardRow


@dataclass(frozen=True)
class Outlook:
    """How many cards are due now, today (those due now included) and tomorrow, and
    when the soonest of all falls due as a session counts it (None without cards): a
    card in review state from the start of its practice day, one in its learning steps
    at its due time. ``nnquiz stats`` reports these four as ``due``, ``due_today``,
    ``due_tomorrow`` and ``next_due``."""

    now: int
    today: int
    tomorrow: int
    next: datetime | None


def shown_from(row: CardRow, zone: tzinfo) -> float:
    """When a session would first show the card (Unix seconds): a card in review state
    is due for its whole practice day (from 4 a.m. local time), one in its learning
    steps when its minutes are up."""
    if row.state == REVIEW:
        return stamp(day_start(from_stamp(row.due), zone))
    return row.due


def outlook(rows: Sequence[CardRow], now: datetime, zone: tzinfo) -> Outlook:
    """Cards in review state count as due for their whole practice day (as in a
    session); cards still learning when their minutes are up."""
    today_end = stamp(day_start(now, zone) + timedelta(days=1))
    tomorrow_end = today_end + 86400
    due_now = today = tomorrow = 0
    for r in rows:
        if r.due < today_end if r.state == REVIEW else r.due <= stamp(now):
            due_now += 1
            today += 1
        elif r.due < today_end:
            today += 1
        elif r.due < tomorrow_end:
            tomorrow += 1
    soonest = from_stamp(min(shown_from(r, zone) for r in rows)) if rows else None
    return Outlook(due_now, today, tomorrow, soonest)


def due_line(o: Outlook, now: datetime | None = None, zone: tzinfo | None = None) -> str:
    """'Due: 2 now, 5 today, 1 tomorrow'; when nothing is due now, also when the next
    card is: relative to ``now`` when given, with its date (in ``zone``) when it is not
    today or tomorrow: 'Due: 0 now, 0 today, 0 tomorrow; the next in 4 days (2026-03-16)'."""
    line = f"Due: {o.now} now, {o.today} today, {o.tomorrow} tomorrow"
    if o.next is None:
        return line + "; nothing scheduled yet"
    if o.now:
        return line
    date = (o.next.astimezone(zone) if zone else o.next).date().isoformat()
    if now is None:
        return line + f"; the next {date}"
    later = "" if o.today or o.tomorrow else f" ({date})"
    return line + f"; the next {soon(o.next, now)}{later}"
