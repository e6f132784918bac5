"""Issue 14's scheduling bug: py-fsrs counts the time since a card's last review in whole
24-hour days, so a student who practised a little earlier each day had 0 days elapsed at
every review, and the intervals never grew past a day. Elapsed time is counted in
practice days now (days start at 4 a.m.), as Anki does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nnquiz.practice import rating as R
from nnquiz.practice import scheduling as S
from nnquiz.practice.clock import ManualClock

from .test_session import always, card, learn, practise

DAY0 = datetime(2026, 4, 1, 10, tzinfo=UTC)


def intervals(tmp_path, shift_minutes: int, days: int = 30) -> list[float]:
    """30 days of sessions, every answer right, each day ``shift_minutes`` later than
    the day before (negative: earlier); the card's interval after each review, in days."""
    path, clock = tmp_path / f"shift{shift_minutes}.db", ManualClock(DAY0)
    learn(path, clock)
    first = card(path)
    seen = [first.last_review]
    out = [round((first.due - first.last_review) / 86400)]
    for k in range(1, days + 1):
        clock.t = DAY0 + timedelta(days=k, minutes=shift_minutes * k)
        practise(path, clock, always(True), families=("softmax",), new=0)
        c = card(path)
        if c.last_review != seen[-1]:
            seen.append(c.last_review)
            out.append(round((c.due - c.last_review) / 86400))
    return out


def test_thirty_days_earlier_later_or_at_a_fixed_hour_give_the_same_intervals(tmp_path):
    fixed = intervals(tmp_path, 0)
    earlier = intervals(tmp_path, -10)
    later = intervals(tmp_path, +10)
    assert len(fixed) >= 3 and fixed[-1] >= 10, fixed  # the intervals grow
    assert all(b > a for a, b in zip(fixed, fixed[1:])), fixed
    for other in (earlier, later):  # ten minutes earlier each day no longer stalls, and
        assert len(other) == len(fixed), (fixed, other)  # later does not overshoot
        assert all(abs(a - b) <= 1 for a, b in zip(fixed, other)), (fixed, other)


def review(row, rating, t):
    return S.review(row, "softmax:easy", "problem", "softmax", "easy", rating, t, UTC)


def test_a_review_on_the_next_practice_day_counts_a_day_whatever_the_hour():
    """Due at 09:45, reviewed at 09:30 the next day: 23 h 45 min, but a day later."""
    t = DAY0
    row = review(None, R.GOOD, t)
    row = review(row, R.GOOD, t + timedelta(minutes=10))  # graduated: a review card
    last = datetime.fromtimestamp(row.last_review, UTC)
    early = last + timedelta(days=1, minutes=-15)
    on_time = last + timedelta(days=1, minutes=15)
    a, b = review(row, R.GOOD, early), review(row, R.GOOD, on_time)
    assert S.interval_days(a) == S.interval_days(b) > 1.5
    moved = S.in_practice_days(S.stored_card(row), early, UTC)
    assert (early - moved.last_review) == timedelta(days=1)


def test_the_same_practice_day_is_left_as_it_is():
    """Before 4 a.m. is still the day before: 23:00 to 03:00 is the same practice day."""
    late = datetime(2026, 4, 1, 23, tzinfo=UTC)
    row = review(None, R.GOOD, late)
    card_ = S.stored_card(row)
    assert S.in_practice_days(card_, late + timedelta(hours=4), UTC) is card_
    moved = S.in_practice_days(card_, late + timedelta(hours=6), UTC)  # 05:00: a new day
    assert moved.last_review == late + timedelta(hours=6) - timedelta(days=1)


def test_the_report_a_concept_card_ten_minutes_earlier_each_day_gets_past_one_day(tmp_path):
    """The issue's script: Again, Good, Good on day 0, then a Good each day, ten minutes
    earlier every day. Before the fix: eight Goods, each 'next review in 1 day'."""
    from nnquiz.concepts import Card
    from nnquiz.practice.session import Options, Session
    from nnquiz.practice.store import Store

    from .test_session import Scripted

    cards = [Card("c", "Topic", "Section", "front", "back")]
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    script = iter(["", "1", "w", "", "3", "", "3"])
    said: list[str] = []

    def session(policy, **options):
        with Store.open(path) as store:
            screen = Scripted(clock, policy)
            s = Session(store, clock, screen, Options(**options), concepts=lambda: cards)
            s.run()
            s.close()
            said.extend(line for line in screen.text.split("\n") if "next review" in line)

    session(lambda out: next(script, None), new=1)
    for k in range(1, 9):
        clock.t = DAY0 + timedelta(days=k, minutes=-10 * k)
        session(
            lambda out: "3" if "4 easy" in out[-40:] else ("" if "Enter" in out[-30:] else None),
            new=0,
        )
    days = [line for line in said if line.startswith("Good · next review in")]
    assert "Good · next review in 1 day" not in days[2:], days
    with Store.open(path) as store:
        row = store.card("card:c")
    assert S.interval_days(row) > 5, days  # 1, 2, then 8 days (before the fix: 1 day, always)
