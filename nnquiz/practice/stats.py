"""``nnquiz stats``: the practice history and what is due, as a plain dict (JSON-ready).

Pure: the cards, the reviews, the time and the time zone are passed in.

- ``reviews``, ``correct``, ``accuracy``: the scheduled reviews; ``--cram`` answers are
  apart, in ``cram`` (``reviews``, ``correct``, ``accuracy``, ``time``), and lower no
  accuracy of scheduled reviews (the families' figures are scheduled reviews too).
- ``time``: answering time in seconds, the sum of the scheduled reviews' durations (from
  showing a problem or card to its answer); a session's summary adds up the same.
- ``due``: what a session would show now; ``due_today`` adds the cards still learning
  that fall due later today; ``due_tomorrow`` is tomorrow's (practice days start at
  4 a.m. local time).
- ``next_due``: when the soonest card falls due as a session counts it (ISO 8601, UTC;
  a card in review state from the start of its practice day), or None.
  These four are :class:`.summary.Outlook`, which a session's summary reports too, in
  the same words (:func:`.summary.due_line`).
- ``streak``: consecutive practice days with at least one review, up to today (or up
  to yesterday, when today has none yet).
- ``retention``: the share of scheduled reviews of cards in review state that were
  right: how much of what was learnt was remembered when it came due (FSRS aims at 0.9).
- ``families``: per family, its reviews and the number of its skills due, and per
  difficulty the same (``due`` a count, 0 or 1, like the family's).
- ``flags``: the problems flagged in practice (``f``), oldest first: ``time`` (ISO 8601),
  ``card``, ``problem`` (None for a concept card) and ``note``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from .clock import day_number, duration, from_stamp
from .course import DIFFICULTIES
from .rating import MATURE_DAYS
from .store import REVIEW, CardRow, Flag, ReviewRow
from .summary import Outlook, due_line, outlook, shown_from


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _counts(reviews: Sequence[ReviewRow]) -> dict:
    n = len(reviews)
    right = sum(1 for r in reviews if r.correct)
    return {"reviews": n, "correct": right, "accuracy": _share(right, n)}


def streak(reviews: Sequence[ReviewRow], now: datetime, zone: tzinfo) -> int:
    days = {day_number(from_stamp(r.time), zone) for r in reviews}
    today = day_number(now, zone)
    day = today if today in days else today - 1
    n = 0
    while day in days:
        n += 1
        day -= 1
    return n


def daily(reviews: Sequence[ReviewRow], zone: tzinfo) -> dict[date, int]:
    """The scheduled reviews of each practice day that has any (the days a streak counts;
    a practice day starts at 4 a.m.): the heatmap of ``nnquiz serve``'s stats page."""
    days = Counter(day_number(from_stamp(r.time), zone) for r in reviews if r.rating is not None)
    return {date.fromordinal(d): n for d, n in sorted(days.items())}


def compute(
    cards: Sequence[CardRow],
    reviews: Sequence[ReviewRow],
    now: datetime,
    zone: tzinfo,
    families: Sequence[str],
    flags: Sequence[Flag] = (),
) -> dict:
    """Everything ``nnquiz stats`` shows (see the module docstring)."""
    o = outlook(cards, now, zone)
    due_now = _due_keys(cards, now, zone)
    crammed = [r for r in reviews if r.rating is None]
    reviews = [r for r in reviews if r.rating is not None]
    scheduled = [r for r in reviews if r.state == REVIEW]
    kept = sum(1 for r in scheduled if r.correct)
    mature = [c for c in cards if c.state == REVIEW and c.last_review is not None
              and c.due - c.last_review >= MATURE_DAYS * 86400 - 1]  # fmt: skip
    return {
        **_counts(reviews),
        "time": round(sum(r.duration for r in reviews), 1),
        "due": o.now,
        "due_today": o.today,
        "due_tomorrow": o.tomorrow,
        "next_due": o.next.isoformat(timespec="seconds") if o.next else None,
        "streak": streak(reviews, now, zone),
        "retention": _share(kept, len(scheduled)),
        "retention_reviews": len(scheduled),
        "cards": {
            "started": len(cards),
            "learning": sum(1 for c in cards if c.state != REVIEW),
            "review": sum(1 for c in cards if c.state == REVIEW),
            "mature": len(mature),
            "leeches": sorted(c.key for c in cards if c.leech),
        },
        "families": _families(cards, reviews, families, due_now, zone),
        "concepts": _concepts(cards, reviews, due_now),
        "cram": {**_counts(crammed), "time": round(sum(r.duration for r in crammed), 1)},
        "flags": [flag_dict(f) for f in flags],
    }


def flag_dict(f: Flag) -> dict:
    return {
        "time": from_stamp(f.time).isoformat(timespec="seconds"),
        "card": f.card,
        "problem": f.problem,
        "note": f.note,
    }


def _when(card: CardRow | None, zone: tzinfo) -> str | None:
    """When a session would first show ``card`` (ISO 8601, UTC), as ``next_due``."""
    if card is None:
        return None
    return from_stamp(shown_from(card, zone)).isoformat(timespec="seconds")


def _due_keys(cards: Sequence[CardRow], now: datetime, zone: tzinfo) -> set[str]:
    return {c.key for c in cards if outlook([c], now, zone).now}


def _families(cards, reviews, families: Sequence[str], due: set[str], zone: tzinfo) -> dict:
    by_card = {c.key: c for c in cards}
    out = {}
    for fam in families:
        levels = {}
        for d in DIFFICULTIES:
            key = f"{fam}:{d}"
            card = by_card.get(key)
            levels[d] = {
                **_counts([r for r in reviews if r.card == key]),
                "due": int(key in due),
                "next_due": _when(card, zone),
                "lapses": card.lapses if card else 0,
            }
        mine = [r for r in reviews if r.card.startswith(fam + ":")]
        out[fam] = {
            **_counts(mine),
            "due": sum(1 for d in DIFFICULTIES if f"{fam}:{d}" in due),
            "difficulties": levels,
        }
    return out


def _concepts(cards, reviews, due: set[str]) -> dict:
    mine = [r for r in reviews if r.card.startswith("card:")]
    return {
        **_counts(mine),
        "started": sum(1 for c in cards if c.kind == "concept"),
        "due": sum(1 for k in due if k.startswith("card:")),
    }


def _outlook(s: dict) -> Outlook:
    """The outlook :func:`compute` reported (its four figures are the whole of it)."""
    soonest = datetime.fromisoformat(s["next_due"]) if s["next_due"] else None
    return Outlook(s["due"], s["due_today"], s["due_tomorrow"], soonest)


def text_lines(s: dict, now: datetime | None = None, zone: tzinfo | None = None) -> list[str]:
    """The stats as plain text (``nnquiz stats``); ``now`` and ``zone`` say when the next
    card is due relative to now, in local dates."""
    acc = f" ({round(100 * s['accuracy'])}% correct)" if s["accuracy"] is not None else ""
    ret = (
        f"{round(100 * s['retention'])}% of {s['retention_reviews']} reviews of learnt cards"
        if s["retention"] is not None
        else "not yet measured (no card has come due after being learnt)"
    )
    lines = [
        f"Reviews: {s['reviews']}{acc}, {duration(s['time'])} spent answering",
        due_line(_outlook(s), now, zone),
        f"Streak: {s['streak']} day{'s' if s['streak'] != 1 else ''}",
        f"Retention: {ret}",
        f"Cards started: {s['cards']['started']} ({s['cards']['review']} learnt, "
        f"{s['cards']['mature']} mature)",
    ]
    if s["cards"]["leeches"]:
        lines.append("Leeches: " + ", ".join(s["cards"]["leeches"]))
    cram = s["cram"]
    if cram["reviews"]:
        pct, n = round(100 * cram["accuracy"]), cram["reviews"]
        lines.append(
            f"Cram: {n} answer{'s' if n != 1 else ''} ({pct}% correct), "
            f"{duration(cram['time'])}, apart from the reviews above"
        )
    flags = s["flags"]
    if flags:
        lines.append(f"Flagged: {len(flags)} (nnquiz stats --flags exports them)")
        lines += [f"  {flag_line(f)}" for f in flags[-FLAGS_SHOWN:]]
    lines += ["", TABLE_HEAD]
    for name, v, due in table_rows(s):
        pct = f"{round(100 * v['accuracy'])}%" if v["accuracy"] is not None else "–"
        lines.append(f"{name:<22} {v['reviews']:>7} {v['correct']:>7} {pct:>8} {due}")
    return lines


FLAGS_SHOWN = 10  # the latest flags listed in the text; --flags exports them all
TABLE_HEAD = f"{'family':<22} {'reviews':>7} {'correct':>7} {'accuracy':>8} {'due':>4}  e m h"


def table_rows(s: dict) -> list[tuple[str, dict, str]]:
    """(name, figures, due) per family and for the concept cards; a family's due is its
    count, then each difficulty's (easy, medium, hard)."""
    rows = []
    for name, v in s["families"].items():
        levels = " ".join(str(v["difficulties"][d]["due"]) for d in DIFFICULTIES)
        rows.append((name, v, f"{v['due']:>4}  {levels}"))
    rows.append(("concept cards", s["concepts"], f"{s['concepts']['due']:>4}"))
    return rows


def flag_line(f: dict) -> str:
    """'2026-03-02 backprop:medium:123456 "the sign in (b) looks wrong"'."""
    note = f' "{f["note"]}"' if f["note"] else ""
    return f"{f['time'][:10]} {f['problem'] or f['card']}{note}"
