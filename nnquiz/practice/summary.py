"""When cards fall due: counts for now, later today, tomorrow, and the next after that."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from .clock import day_start, from_stamp, stamp, until
from .plan import learning_cutoff
from .store import REVIEW, CardRow


@dataclass(frozen=True)
class Outlook:
    """How many cards are due now, later today and tomorrow; when the next one after is."""

    now: int
    later_today: int
    first_later: datetime | None
    tomorrow: int
    next_after: datetime | None


def outlook(rows: Sequence[CardRow], now: datetime, zone: tzinfo) -> Outlook:
    """Cards in review state count as due for their whole practice day (as in a
    session); cards still learning when their minutes are up (20 minutes ahead)."""
    today_end = stamp(day_start(now, zone) + timedelta(days=1))
    tomorrow_end = today_end + 86400
    learn = stamp(learning_cutoff(now))
    due_now = later = tomorrow = 0
    first_later: float | None = None
    after: float | None = None
    for r in rows:
        if r.due < (today_end if r.state == REVIEW else learn):
            due_now += 1
        elif r.due < today_end:
            later += 1
            first_later = r.due if first_later is None else min(first_later, r.due)
        elif r.due < tomorrow_end:
            tomorrow += 1
        else:
            after = r.due if after is None else min(after, r.due)
    return Outlook(
        due_now,
        later,
        from_stamp(first_later) if first_later is not None else None,
        tomorrow,
        from_stamp(after) if after is not None else None,
    )


def next_due_lines(rows: Sequence[CardRow], now: datetime, zone: tzinfo) -> list[str]:
    """'Due: 2 now · 1 later today (in 10 min) · 5 tomorrow · then the next in 4 days'."""
    if not rows:
        return ["Due: nothing scheduled yet."]
    o = outlook(rows, now, zone)
    parts = []
    if o.now:
        parts.append(f"{o.now} now")
    if o.later_today:
        parts.append(f"{o.later_today} later today (the first {until(o.first_later, now)})")
    if o.tomorrow:
        parts.append(f"{o.tomorrow} tomorrow")
    if o.next_after is not None:
        parts.append(("then the next " if parts else "the next ") + until(o.next_after, now))
    return ["Due: " + " · ".join(parts) + "."]
