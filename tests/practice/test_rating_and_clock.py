"""The automatic rating, leeches, and the practice clock."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnquiz.practice import rating as R
from nnquiz.practice.clock import (
    ManualClock,
    SystemClock,
    day_number,
    day_start,
    duration,
    parse_now,
    until,
)

DAY = 86400


@given(st.booleans(), st.booleans(), st.booleans())
def test_a_miss_is_again_and_never_hard_a_hit_is_good_or_easy(correct, mature, fast):
    r = R.auto(correct, mature, fast)
    if not correct:
        assert r == R.AGAIN
    else:
        assert r == (R.EASY if mature and fast else R.GOOD)
    assert r != R.HARD


def test_mature_means_an_interval_of_21_days_in_review_state():
    assert R.is_mature(2, 21 * DAY, 0)
    assert not R.is_mature(2, 20 * DAY, 0)
    assert not R.is_mature(1, 30 * DAY, 0)  # still learning
    assert not R.is_mature(2, 30 * DAY, None)


def test_fast_needs_history_and_half_the_median():
    assert not R.is_fast(1, [30, 30])  # too little history
    assert R.is_fast(15, [30, 30, 40])
    assert not R.is_fast(16, [30, 30, 40])


def test_a_lapse_is_again_on_a_card_in_review():
    assert R.is_lapse(2, R.AGAIN)
    assert not R.is_lapse(1, R.AGAIN) and not R.is_lapse(3, R.AGAIN)
    assert not R.is_lapse(2, R.GOOD)


def test_the_student_hears_of_a_leech_at_8_lapses_then_every_4():
    told = [n for n in range(30) if R.tell_leech(n)]
    assert told == [8, 12, 16, 20, 24, 28]


@pytest.mark.parametrize(
    "typed, value",
    [("", 3), ("1", 1), ("again", 1), ("A", 1), ("h", 2), ("Good", 3), ("4", 4), ("e", 4)],
)
def test_self_ratings(typed, value):
    assert R.parse_self_rating(typed) == value


@pytest.mark.parametrize("typed", ["5", "0", "maybe", "gg"])
def test_unknown_self_ratings_are_refused(typed):
    assert R.parse_self_rating(typed) is None


def test_nnquiz_now_takes_iso_times_and_unix_seconds():
    assert parse_now("2026-03-01T09:00:00+01:00") == datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert parse_now("2026-03-01T09:00:00Z") == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert parse_now("2026-03-01 09:00") == datetime(2026, 3, 1, 9, tzinfo=UTC)  # no offset: UTC
    assert parse_now("0") == datetime(1970, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="NNQUIZ_NOW"):
        parse_now("next tuesday")


def test_a_clock_that_starts_at_a_given_time_runs_on():
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    c = SystemClock(start)
    t1 = c.now()
    t2 = c.now()
    assert start <= t1 <= t2 < start + timedelta(seconds=5)
    m = ManualClock(start)
    assert m.advance(days=2) == start + timedelta(days=2) == m.now()


def test_a_practice_day_starts_at_4_am_local_time():
    zone = timezone(timedelta(hours=2))
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 01:30 on 2 March, local
    assert day_start(late, zone) == datetime(2026, 3, 1, 2, tzinfo=UTC)  # 04:00 local, 1 March
    morning = datetime(2026, 3, 2, 3, tzinfo=UTC)  # 05:00 local
    assert day_start(morning, zone) == datetime(2026, 3, 2, 2, tzinfo=UTC)
    assert day_number(morning, zone) == day_number(late, zone) + 1


def test_how_long_and_when_read_naturally():
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert until(now + timedelta(seconds=30), now) == "now"
    assert until(now + timedelta(minutes=10), now) == "in 10 min"
    assert until(now + timedelta(hours=5), now) == "in 5 h"
    assert until(now + timedelta(days=1), now) == "in 1 day"
    assert until(now + timedelta(days=12), now) == "in 12 days"
    assert until(now + timedelta(days=200), now) == "in 7 months"
    assert duration(12.4) == "12 s" and duration(185) == "3 min 5 s"
    assert duration(3 * 3600 + 120) == "3 h 2 min"
