"""FSRS scheduling of one card through py-fsrs, with the clock passed in."""

import json
import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nnquiz.practice import rating as R
from nnquiz.practice import scheduling as S
from nnquiz.practice.clock import from_stamp

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
KEY = "backprop:medium"


def review(row, rating, t):
    return S.review(row, KEY, "problem", "backprop", "medium", rating, t, UTC)


def graduate(t=T0):
    """A new card answered right until it leaves the learning steps."""
    row = None
    while row is None or row.state != 2:
        row = review(row, R.GOOD, t)
        t = max(t, from_stamp(row.due))
    return row


def test_a_new_card_goes_through_the_learning_steps_then_days():
    row = review(None, R.GOOD, T0)
    assert row.state == 1 and from_stamp(row.due) - T0 == timedelta(minutes=10)
    assert row.reps == 1 and row.created == T0.timestamp() and row.lapses == 0
    row = review(row, R.GOOD, T0 + timedelta(minutes=10))
    assert row.state == 2 and S.interval_days(row) >= 1
    again = review(None, R.AGAIN, T0)
    assert again.state == 1 and from_stamp(again.due) - T0 == timedelta(minutes=1)


def test_intervals_grow_after_hits_and_shrink_after_a_miss():
    row = graduate()
    intervals = [S.interval_days(row)]
    for _ in range(5):
        row = review(row, R.GOOD, from_stamp(row.due))
        intervals.append(S.interval_days(row))
    assert all(b > a for a, b in zip(intervals, intervals[1:])), intervals
    assert intervals[-1] > 60  # weeks become months
    missed = review(row, R.AGAIN, from_stamp(row.due))
    assert missed.state == 3 and missed.lapses == 1  # relearning, in minutes
    assert from_stamp(missed.due) - from_stamp(row.due) == timedelta(minutes=10)
    back = review(missed, R.GOOD, from_stamp(missed.due))
    assert back.state == 2
    assert S.interval_days(back) < intervals[-1] / 4, (S.interval_days(back), intervals)


def test_easy_schedules_further_than_good_and_good_than_hard():
    row = graduate()
    t = from_stamp(row.due)
    days = {r: S.interval_days(review(row, r, t)) for r in (R.HARD, R.GOOD, R.EASY)}
    assert days[R.HARD] < days[R.GOOD] < days[R.EASY]


def test_eight_lapses_make_a_leech():
    row = graduate()
    for n in range(1, 10):
        row = review(row, R.AGAIN, from_stamp(row.due))
        assert row.lapses == n and row.leech == (n >= 8)
        while row.state != 2:
            row = review(row, R.GOOD, from_stamp(row.due))
    assert row.reps > 18


def test_the_card_keeps_its_fsrs_state_as_json():
    row = graduate()
    card = json.loads(row.fsrs)
    assert card["state"] == 2 and card["stability"] > 0 and 1 <= card["difficulty"] <= 10
    assert datetime.fromisoformat(card["due"]).timestamp() == row.due


def fuzz_range(days: int) -> tuple[int, int]:
    """FSRS's documented fuzz: ±(1 + 15% of the days in 2.5-7, 10% in 7-20, 5% beyond)."""
    delta = 1.0
    for start, end, factor in ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05)):
        delta += factor * max(min(days, end) - start, 0.0)
    high = min(round(days + delta), 36500)
    return min(max(2, round(days - delta)), high), high


@given(st.integers(3, 36500), st.text(min_size=1, max_size=20), st.integers(1, 1000))
def test_fuzz_stays_in_fsrs_range_and_is_the_same_for_the_same_review(days, key, reps):
    low, high = fuzz_range(days)
    got = S.fuzzed(days, key, reps)
    assert low <= got <= high
    assert S.fuzzed(days, key, reps) == got


def test_fuzz_spreads_cards_learnt_together_and_leaves_short_intervals():
    assert len({S.fuzzed(30, f"family{i}:easy", 3) for i in range(50)}) > 3
    assert S.fuzzed(1, KEY, 5) == 1 and S.fuzzed(2, KEY, 5) == 2


def test_scheduling_leaves_global_random_state_alone():
    random.seed(7)
    before = random.getstate()
    row = graduate()
    for _ in range(5):
        row = review(row, R.GOOD, from_stamp(row.due))
    assert random.getstate() == before


def test_a_damaged_fsrs_state_is_named_and_rebuilt_from_the_history_exactly():
    from dataclasses import replace

    import pytest

    rows, history, row, t = [], [], None, T0
    for rating in (R.GOOD, R.GOOD, R.GOOD, R.AGAIN, R.GOOD, R.GOOD):
        row = review(row, rating, t)
        rows.append(row)
        history.append((t.timestamp(), rating))
        t = max(t + timedelta(minutes=1), from_stamp(row.due))
    for fsrs, why in (
        ('{"card_id": 1}', "no 'state' in its FSRS data"),
        ("garbage{", "its FSRS data is not JSON"),
        ('{"card_id": 1, "state": 9}', "ValueError"),
    ):
        bad = replace(row, fsrs=fsrs)
        with pytest.raises(S.DamagedCard, match=f"the schedule of {KEY} cannot be read") as e:
            review(bad, R.GOOD, t)
        assert why in str(e.value)
        again = S.rebuilt(bad, history, t, UTC)
        assert (again.fsrs, again.state, again.due, again.reps) == (
            row.fsrs, row.state, row.due, row.reps
        )  # fmt: skip
    fresh = S.rebuilt(replace(row, fsrs="x"), [], t, UTC)
    assert fresh.reps == 0 and fresh.state == 1 and fresh.due == t.timestamp()
    assert S.rebuilt(replace(row, fsrs="x"), [(1e300, 3)], t, UTC).reps == 0  # beyond the calendar


def test_only_an_unreadable_state_is_a_damaged_card_not_an_error_in_scheduling(monkeypatch):
    """An error while scheduling a card that reads fine is not the card's: it is not
    hidden as "damaged" (which would rebuild the card), it goes on as it is."""
    from dataclasses import replace

    import pytest

    row = graduate()

    def failing(*args, **kwargs):
        raise ValueError("a bug in scheduling")

    monkeypatch.setattr(S.SCHEDULER, "review_card", failing)
    with pytest.raises(ValueError, match="a bug in scheduling") as e:
        review(row, R.GOOD, from_stamp(row.due))
    assert not isinstance(e.value, S.DamagedCard)
    monkeypatch.undo()
    card = json.loads(row.fsrs)
    for field, value in (("step", "x"), ("stability", "inf"), ("last_review", "2026-03-02")):
        bad = json.dumps({**card, field: value})
        with pytest.raises(S.DamagedCard, match="cannot be read"):  # read, checked
            review(replace(row, fsrs=bad), R.GOOD, from_stamp(row.due))
