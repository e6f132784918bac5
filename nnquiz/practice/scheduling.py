"""FSRS scheduling of one card, through the ``fsrs`` package (py-fsrs 6).

The scheduler is the package's own, with its default parameters, a desired retention
of 0.9 and its learning steps (1 and 10 minutes; 10 minutes to relearn). Only the
interval fuzz is applied here rather than by py-fsrs, because py-fsrs draws it from
Python's global random state: here it comes from a generator seeded by the card and
its review count, so a review always gives the same interval (as in Anki) and nothing
global is touched. The range of the fuzz is py-fsrs's own (``FUZZ_RANGES``).

A card whose stored FSRS state cannot be read (its ``fsrs`` JSON edited or damaged)
raises :class:`DamagedCard`; :func:`rebuilt` works the state out again from the card's
review history, which gives the same state as before, since each step is deterministic.
"""

from __future__ import annotations

import json
import math
import random
import zlib
from copy import copy
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import FUZZ_RANGES

from . import rating as R
from .clock import day_number, from_stamp, stamp
from .store import CardRow

SCHEDULER = Scheduler(desired_retention=0.9, enable_fuzzing=False)


def new_card(key: str, now: datetime) -> Card:
    """A card that has never been reviewed (FSRS's Learning state, step 0)."""
    return Card(card_id=zlib.crc32(key.encode()), due=now)


class DamagedCard(ValueError):
    """The card's stored FSRS state cannot be read."""

    def __init__(self, key: str, why: str):
        super().__init__(f"the schedule of {key} cannot be read ({why})")
        self.key = key


_UNREADABLE = (ValueError, KeyError, TypeError, AttributeError, OverflowError)


def _step(card: Card, key: str, reps: int, rating: int, now: datetime, zone: tzinfo) -> Card:
    """One review of ``card`` (its ``reps``-th), with the seeded fuzz, the time since its
    last review counted in practice days (:func:`in_practice_days`)."""
    card, _ = SCHEDULER.review_card(in_practice_days(card, now, zone), Rating(rating), now)
    if card.state == State.Review:
        days = round((card.due - now) / timedelta(days=1))
        card.due = now + timedelta(days=fuzzed(days, key, reps))
    return card


def in_practice_days(card: Card, now: datetime, zone: tzinfo) -> Card:
    """``card`` with its last review moved so that py-fsrs, which counts the whole
    24-hour days since it (``timedelta.days``), counts practice days instead, as Anki
    does: a review on a later practice day than the last one (days start at 4 a.m.)
    is that many days after it, whatever the hour. (Without this, a card due at 09:45
    and reviewed at 09:30 the next day had 0 days elapsed, got FSRS's same-day update,
    and its interval never grew past a day for a student who practises a little
    earlier each day.) Reviews on the same practice day are left as they are."""
    if card.last_review is None:
        return card
    days = day_number(now, zone) - day_number(card.last_review, zone)
    if days < 1 or (now - card.last_review).days == days:
        return card
    moved = copy(card)
    moved.last_review = now - timedelta(days=days)
    return moved


def review(
    row: CardRow | None,
    key: str,
    kind: str,
    family: str | None,
    difficulty: str | None,
    rating: int,
    now: datetime,
    zone: tzinfo,
) -> CardRow:
    """The card after a review rated ``rating`` (1-4) at ``now``; ``row`` None is new.
    ``zone`` is the student's time zone (practice days start at 4 a.m. there).
    DamagedCard when the row's FSRS state cannot be read."""
    reps = (row.reps if row else 0) + 1
    stored = new_card(key, now) if row is None else stored_card(row)
    card = _step(stored, key, reps, rating, now, zone)
    before = row.state if row else 0
    lapses = (row.lapses if row else 0) + R.is_lapse(before, rating)
    return CardRow(
        key=key,
        kind=kind,
        family=family,
        difficulty=difficulty,
        state=int(card.state),
        due=stamp(card.due),
        fsrs=json.dumps(card.to_dict(), separators=(",", ":")),
        reps=reps,
        lapses=lapses,
        leech=int(lapses >= R.LEECH_LAPSES),
        created=row.created if row else stamp(now),
        last_review=stamp(now),
    )


def stored_card(row: CardRow) -> Card:
    """The card's FSRS state as stored; DamagedCard when it cannot be read. (Only the
    reading is checked: an error in scheduling it is not the card's, and is not hidden.)"""
    try:
        card = Card.from_dict(json.loads(row.fsrs))
        if card.due.tzinfo is None or (card.last_review and card.last_review.tzinfo is None):
            raise ValueError("a time in it has no time zone")
        if card.step is not None and (type(card.step) is not int or card.step < 0):
            raise ValueError(f"its step is {card.step!r}")
        for name in ("stability", "difficulty"):
            if not math.isfinite(getattr(card, name) or 0.0):
                raise ValueError(f"its {name} is {getattr(card, name)}")
    except _UNREADABLE as e:
        raise DamagedCard(row.key, _why(e)) from None
    return card


def _why(e: Exception) -> str:
    if isinstance(e, KeyError):
        return f"no {e} in its FSRS data"
    if isinstance(e, json.JSONDecodeError):
        return "its FSRS data is not JSON"
    return " ".join(f"{type(e).__name__}: {e}".split())[:120]


def rebuilt(row: CardRow, history: list[tuple[float, int]], now: datetime, zone: tzinfo) -> CardRow:
    """``row`` with its FSRS state worked out again from ``history``, the (time, rating)
    of its scheduled reviews, oldest first; a new card's state (due ``now``) when there
    are none, or when they cannot be replayed either.

    Each review is replayed at the time it was saved, fuzz included, so an intact
    history gives back the very state that was lost. ``reps`` becomes the number of
    reviews replayed, so the fuzz of the next review follows on from them."""
    card: Card | None = None
    try:
        for reps, (t, rating) in enumerate(history, 1):
            at = from_stamp(t)
            card = _step(card or new_card(row.key, at), row.key, reps, rating, at, zone)
    except (*_UNREADABLE, OSError):  # a time beyond the calendar: start again
        card, history = None, []
    if card is None:
        card = new_card(row.key, now)
    return replace(
        row,
        state=int(card.state),
        due=stamp(card.due),
        fsrs=json.dumps(card.to_dict(), separators=(",", ":")),
        reps=len(history),
    )


def with_due(row: CardRow, due: float) -> CardRow:
    """``row`` due at ``due`` (Unix seconds), in its FSRS state too (a skill put off)."""
    card = stored_card(row)
    card.due = from_stamp(due)
    return replace(row, due=due, fsrs=json.dumps(card.to_dict(), separators=(",", ":")))


def fuzzed(days: int, key: str, reps: int) -> int:
    """``days`` moved by FSRS's fuzz (about ±5-15 %), the same for the same card and
    review; intervals under 2.5 days are not fuzzed."""
    if days < 2.5:
        return days
    delta = 1.0
    for r in FUZZ_RANGES:
        delta += r["factor"] * max(min(float(days), r["end"]) - r["start"], 0.0)
    top = min(round(days + delta), SCHEDULER.maximum_interval)
    low = min(max(2, round(days - delta)), top)
    return random.Random(f"{key}#{reps}").randint(low, top)


def interval_days(row: CardRow) -> float:
    """The card's current interval: from its last review to its due time, in days."""
    if row.last_review is None:
        return 0.0
    return (row.due - row.last_review) / 86400


__all__ = [
    "DamagedCard",
    "from_stamp",
    "fuzzed",
    "in_practice_days",
    "interval_days",
    "new_card",
    "rebuilt",
    "review",
    "stored_card",
    "with_due",
]
