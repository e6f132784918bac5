"""The deadline and late work: ``due`` and ``late_penalty`` in the assignment.

```toml
due = 2026-03-20T17:00:00                      # a TOML date-time (or a date: 23:59:59)
late_penalty = "10% per day"                   # each started day late costs 10%
late_penalty = { per_day = "10%", until = 2026-03-23T17:00:00 }  # none after: 0
late_penalty = { per_hour = 0.02, most = 0.5 } # 2% an hour, at most half
late_penalty = "no credit"                     # late answers earn nothing
```

A part's lateness is that of the answer that counts for it (its submission's
timestamp); an answer without a timestamp is not late. A started day (or hour) counts
whole, as Canvas counts it. Times written without an offset are compared as written; a
time with one (``Z``, ``+01:00``) is taken to the due date's offset (UTC when the due
date has none) first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..errors import UserError

UNITS = {"day": timedelta(days=1), "hour": timedelta(hours=1)}
_RATE = re.compile(r"(\d{1,3}(?:\.\d{1,6})?) ?% ?(?:per|a|an|each) (day|hour)", re.I)


@dataclass(frozen=True)
class LatePolicy:
    """``rate`` of the points lost per started ``unit`` late, at most ``most``; nothing
    earned after ``until`` (None: no cut-off)."""

    rate: float = 0.0
    unit: str = "day"
    until: datetime | None = None
    most: float = 1.0

    def describe(self) -> str:
        """'10% per day late (at most 50%), no credit after Mon 23 Mar 2026, 17:00'."""
        from .lms import shown_time

        words = []
        if self.rate >= 1:
            words.append("no credit for late answers")
        elif self.rate > 0:
            words.append(f"{_pct(self.rate)} per {self.unit} late")
            if self.most < 1:
                words[-1] += f" (at most {_pct(self.most)})"
        if self.until is not None:
            words.append(f"no credit after {shown_time(self.until)}")
        return ", ".join(words) or "no penalty"


@dataclass(frozen=True)
class Deadline:
    """The assignment's ``due`` time and its late policy."""

    due: datetime
    policy: LatePolicy

    def zone(self, t: datetime) -> datetime:
        """``t`` comparable with ``due`` (see the module doc)."""
        if t.tzinfo is None:
            return t
        return t.astimezone(self.due.tzinfo or UTC).replace(tzinfo=None)

    def late_by(self, when: datetime | None) -> timedelta | None:
        """How late an answer submitted at ``when`` is (None: on time, or no time)."""
        if when is None:
            return None
        late = self.zone(when) - self.zone(self.due).replace(tzinfo=None)
        return late if late > timedelta(0) else None

    def kept(self, when: datetime | None) -> float:
        """The share of its credit an answer submitted at ``when`` keeps (0 to 1)."""
        late = self.late_by(when)
        if late is None:
            return 1.0
        until = self.policy.until
        if until is not None and self.zone(when) > self.zone(until):  # type: ignore[arg-type]
            return 0.0
        started = math.ceil(late / UNITS[self.policy.unit])
        return max(0.0, 1.0 - min(self.policy.most, self.policy.rate * started))


def read_due(value: Any, where: str) -> datetime:
    """A TOML date-time or date (a date is due at its last second), or an ISO string."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59))
    if isinstance(value, str):
        from .lms import parse_time

        t = parse_time(value)
        if t is not None:
            return t
    raise UserError(
        f"{where}: 'due' must be a date and time, as 2026-03-20T17:00:00 (or a date, "
        f"2026-03-20), not {str(value)[:40]!r}"
    )


def read_policy(value: Any, where: str) -> LatePolicy:
    """``late_penalty``: a share per day (0.1), a text ("10% per day", "5% per hour",
    "no credit", "none") or a table (``per_day`` or ``per_hour``, ``until``, ``most``)."""
    if isinstance(value, bool):
        raise UserError(f'{where}: late_penalty {value!r}: write "10% per day" or 0.1')
    if isinstance(value, int | float):
        return LatePolicy(_share(value, where, "late_penalty"))
    if isinstance(value, str):
        return _from_text(value, where)
    if isinstance(value, dict):
        return _from_table(value, where)
    raise UserError(f'{where}: late_penalty must be "10% per day", 0.1 or a table')


def _from_text(text: str, where: str) -> LatePolicy:
    plain = " ".join(text.split()).lower()
    if plain in ("none", "no penalty", "0", "0%"):
        return LatePolicy()
    if plain in ("no credit", "100%", "zero"):
        return LatePolicy(rate=1.0)
    m = _RATE.fullmatch(plain) if len(plain) <= 40 else None
    if m is None:
        raise UserError(
            f'{where}: late_penalty {text[:40]!r}: write "10% per day", "5% per hour", '
            '"no credit" or "none"'
        )
    return LatePolicy(_share(float(m.group(1)) / 100, where, "late_penalty"), m.group(2))


def _from_table(table: dict, where: str) -> LatePolicy:
    known = {"per_day", "per_hour", "until", "most"}
    extra = set(table) - known
    if extra:
        raise UserError(
            f"{where}: late_penalty: unknown key {sorted(extra)[0]!r}; known: "
            "per_day, per_hour, until, most"
        )
    if "per_day" in table and "per_hour" in table:
        raise UserError(f"{where}: late_penalty: per_day or per_hour, not both")
    unit = "hour" if "per_hour" in table else "day"
    raw = table.get(f"per_{unit}", 0)
    rate = _from_text(raw + f" per {unit}", where).rate if isinstance(raw, str) else raw
    until = read_due(table["until"], where) if "until" in table else None
    return LatePolicy(
        _share(rate, where, f"per_{unit}"),
        unit,
        until,
        _share(table.get("most", 1.0), where, "most"),
    )


def _share(value: Any, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise UserError(
            f"{where}: {key} must be a share from 0 to 1 (0.1 is 10%), not {str(value)[:20]}"
        )
    return float(value)


def _pct(x: float) -> str:
    return f"{x * 100:g}%"
