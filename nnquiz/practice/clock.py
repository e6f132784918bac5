"""Time for practice: a clock that is passed in, and the days a student lives by.

Every function here takes the time as an argument; only :class:`SystemClock` reads the
real clock. ``NNQUIZ_NOW`` (a testing aid) starts the clock at a chosen moment, from
which it runs on at the real rate, so tests can simulate days and weeks of practice.

A practice day starts at 4 a.m. local time, as in Anki, so a session past midnight still
counts for the evening before.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo

ROLLOVER_HOUR = 4  # a new practice day starts at 4 a.m. local time


class Clock:
    """The time now (aware, UTC). Subclasses decide where it comes from."""

    def now(self) -> datetime:  # pragma: no cover - abstract
        raise NotImplementedError

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` pass (a session waiting for a card's learning step)."""
        time.sleep(max(0.0, seconds))


class SystemClock(Clock):
    """The real clock, or one that starts at ``start`` and runs at the real rate."""

    def __init__(self, start: datetime | None = None):
        self._start = start
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        if self._start is None:
            return datetime.now(UTC)
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


class ManualClock(Clock):
    """A clock that moves only when told to (tests and simulations)."""

    def __init__(self, start: datetime):
        self.t = start.astimezone(UTC)

    def now(self) -> datetime:
        return self.t

    def advance(self, **delta: float) -> datetime:
        self.t += timedelta(**delta)
        return self.t

    def sleep(self, seconds: float) -> None:
        self.advance(seconds=max(0.0, seconds))


def parse_now(text: str) -> datetime:
    """``NNQUIZ_NOW``: an ISO 8601 time (no offset means UTC) or Unix seconds.

    Raises ValueError with a message a person can act on.
    """
    text = text.strip()
    try:
        return datetime.fromtimestamp(float(text), UTC)
    except (ValueError, OverflowError, OSError):
        pass
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"NNQUIZ_NOW={text!r} is not a time: use ISO 8601 "
            "(2026-03-01T09:00:00+00:00) or Unix seconds"
        ) from None
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(UTC)


def clock_from_env(value: str | None) -> Clock:
    return SystemClock(parse_now(value) if value else None)


def local_zone(now: datetime) -> tzinfo:
    """The local time zone's offset at ``now`` (honours the TZ environment variable)."""
    return now.astimezone().tzinfo or UTC


def day_start(now: datetime, zone: tzinfo) -> datetime:
    """The start (4 a.m. local) of the practice day that contains ``now``, in UTC."""
    local = now.astimezone(zone)
    start = local.replace(hour=ROLLOVER_HOUR, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def day_number(t: datetime, zone: tzinfo) -> int:
    """Practice days since 1970 (a day runs from 4 a.m. to 4 a.m. local time)."""
    local = t.astimezone(zone) - timedelta(hours=ROLLOVER_HOUR)
    return local.date().toordinal()


def stamp(t: datetime) -> float:
    """Unix seconds, as the database stores times."""
    return t.timestamp()


def from_stamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def until(later: datetime, now: datetime) -> str:
    """'now', 'in 10 min', 'in 3 h', 'in 4 days': how long from ``now`` to ``later``."""
    seconds = (later - now).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"in {round(seconds / 60)} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    days = round(seconds / 86400)
    if days < 60:
        return f"in {days} day{'s' if days != 1 else ''}"
    months = round(days / 30.4)
    if months < 24:
        return f"in {months} months"
    return f"in {round(days / 365.25)} years"


def soon(later: datetime, now: datetime) -> str:
    """'in 40 s', 'in 9 min': how soon a card in its learning steps is due (as
    :func:`until`, with seconds under a minute)."""
    seconds = (later - now).total_seconds()
    return f"in {max(1, round(seconds))} s" if seconds < 60 else until(later, now)


def short_span(seconds: float) -> str:
    """An interval as Anki's rating buttons show it: '1m', '10m', '5h', '4d', '1.5mo',
    '2.1y' (at least a minute)."""
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)}h"
    days = round(seconds / 86400)
    if days < 31:
        return f"{days}d"
    if days < 365:
        return f"{days / 30.4:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365.25:.1f}y".replace(".0y", "y")


def duration(seconds: float) -> str:
    """'12 s', '3 min 5 s', '1 h 12 min'."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"
