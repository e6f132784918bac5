"""``nnquiz stats`` figures from hand-made cards and reviews."""

from datetime import UTC, datetime, timedelta, timezone

from nnquiz.practice.stats import compute, streak, text_lines
from nnquiz.practice.store import CardRow, ReviewRow

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
DAY = 86400.0


def t(days: float) -> float:
    return (NOW + timedelta(days=days)).timestamp()


def review(key, days, correct=True, rating=3, state=2, problem="x:1"):
    return ReviewRow(key, t(days), problem, "{}", correct, float(correct), 30.0, rating, state)


def card(key, due_days, state=2, interval=3.0, kind="problem", leech=0):
    fam, _, diff = key.partition(":")
    if kind != "problem":
        fam = diff = None
    last = t(due_days) - interval * DAY
    return CardRow(key, kind, fam, diff, state, t(due_days), "{}", 3, 0, leech, t(-30), last)


def test_streak_counts_days_back_from_today_or_yesterday():
    assert streak([], NOW, UTC) == 0
    days = [0, -1, -2, -4]
    assert streak([review("a:easy", d) for d in days], NOW, UTC) == 3
    assert streak([review("a:easy", d) for d in (-1, -2)], NOW, UTC) == 2  # none yet today
    assert streak([review("a:easy", d) for d in (-2, -3)], NOW, UTC) == 0
    # 2 a.m. belongs to the practice day before (days start at 4 a.m.)
    late = [review("a:easy", -1), ReviewRow("a:easy", t(0) - 10 * 3600, None, "", 1, 1, 1, 3, 2)]
    assert streak(late, NOW, UTC) == 1


def test_due_today_tomorrow_retention_and_families():
    cards = [
        card("backprop:easy", -2),  # overdue
        card("backprop:medium", 0.4),  # later today (review cards count for the whole day)
        card("softmax:easy", -0.001, state=1),  # learning, due 1.4 minutes ago: now
        card("softmax:medium", 0.005, state=1),  # learning, due in 7 minutes: not yet
        card("softmax:hard", 0.1, state=1),  # learning, due in 2 hours: later today
        card("fgsm:easy", 1.2),  # tomorrow
        card("fgsm:hard", 9, interval=30, leech=1),  # mature, a leech
        card("card:bce-formula", 0.2, kind="concept"),
    ]
    reviews = [
        review("backprop:easy", -3, state=1),  # learning reviews do not measure retention
        review("backprop:easy", -2),
        review("backprop:easy", -1, correct=False, rating=1),
        review("softmax:easy", -1),
        review("softmax:easy", 0, correct=False, rating=None),  # cram: no rating
        review("card:bce-formula", 0, state=0),
    ]
    s = compute(cards, reviews, NOW, UTC, ["backprop", "softmax", "fgsm", "forward"])
    # the cram answer is apart: it lowers no accuracy of scheduled reviews
    assert (s["reviews"], s["correct"], s["accuracy"]) == (5, 4, 0.8)
    assert s["cram"] == {"reviews": 1, "correct": 0, "accuracy": 0.0, "time": 30.0}
    assert s["due"] == 4 and s["due_today"] == 6 and s["due_tomorrow"] == 1
    assert s["retention"] == round(2 / 3, 4) and s["retention_reviews"] == 3
    assert s["streak"] == 4 and s["time"] == 150.0
    assert s["cards"] == {"started": 8, "learning": 3, "review": 5, "mature": 1,
                          "leeches": ["fgsm:hard"]}  # fmt: skip
    b = s["families"]["backprop"]
    assert (b["reviews"], b["correct"], b["due"]) == (3, 2, 2)
    # a difficulty's due is a count, as a family's is
    assert [b["difficulties"][d]["due"] for d in ("easy", "medium", "hard")] == [1, 1, 0]
    assert s["families"]["softmax"]["accuracy"] == 1.0  # its cram miss left out
    assert s["families"]["forward"]["accuracy"] is None
    assert s["concepts"] == {"reviews": 1, "correct": 1, "accuracy": 1.0, "started": 1,
                             "due": 1}  # fmt: skip
    lines = text_lines(s)
    assert "Retention: 67% of 3 reviews of learnt cards" in lines
    assert "Leeches: fgsm:hard" in lines and "Streak: 4 days" in lines
    assert "Cram: 1 answer (0% correct), 30 s, apart from the reviews above" in lines
    table = lines[lines.index("") + 1 :]
    assert table[0].endswith("due  e m h")
    backprop = next(line for line in table if line.startswith("backprop "))
    assert backprop.endswith("   2  1 1 0"), backprop  # due: 2, per difficulty 1 1 0


def test_flags_are_listed_and_exported_whole():
    from nnquiz.practice.store import Flag

    flags = [Flag(t(-1), "backprop:medium", "backprop:medium:123", "sign of (b) [looks] wrong"),
             Flag(t(0), "card:bce", None, "")]  # fmt: skip
    s = compute([], [], NOW, UTC, [], flags)
    assert s["flags"][0] == {"time": "2026-03-09T12:00:00+00:00", "card": "backprop:medium",
                             "problem": "backprop:medium:123",
                             "note": "sign of (b) [looks] wrong"}  # fmt: skip
    lines = text_lines(s)
    i = lines.index("Flagged: 2 (nnquiz stats --flags exports them)")
    assert lines[i + 1 : i + 3] == [
        '  2026-03-09 backprop:medium:123 "sign of (b) [looks] wrong"',
        "  2026-03-10 card:bce",
    ]


def test_the_text_gives_the_time_in_seconds_under_a_minute():
    r = ReviewRow("a:easy", t(0), "x:1", "{}", True, 1.0, 14.7, 3, 2)
    lines = text_lines(compute([], [r], NOW, UTC, []))
    assert lines[0] == "Reviews: 1 (100% correct), 15 s spent answering"
    long = [ReviewRow("a:easy", t(0), "x:1", "{}", True, 1.0, 61.0, 3, 2)] * 3
    assert text_lines(compute([], long, NOW, UTC, []))[0].endswith("3 min 3 s spent answering")


def test_the_text_says_when_the_next_card_is_due_when_none_is_due_soon():
    s = compute([card("fgsm:easy", 6.5)], [], NOW, UTC, ["fgsm"])
    assert s["due_today"] == s["due_tomorrow"] == 0
    # due 2026-03-17 at 00:00, which belongs to the practice day of the 16th (from 4 a.m.)
    assert "Due: 0 now, 0 today, 0 tomorrow; the next in 6 days (2026-03-16)" in text_lines(
        s, NOW, UTC
    )
    assert "; the next 2026-03-16" in text_lines(s)[1]  # without the time now: the date
    soon = compute([card("fgsm:easy", 1.2)], [], NOW, UTC, ["fgsm"])
    assert text_lines(soon, NOW, UTC)[1] == "Due: 0 now, 0 today, 1 tomorrow; the next in 16 h"
    now = compute([card("fgsm:easy", -1), card("fgsm:hard", 1.2)], [], NOW, UTC, ["fgsm"])
    assert text_lines(now, NOW, UTC)[1] == "Due: 1 now, 1 today, 1 tomorrow"
    none = compute([], [], NOW, UTC, ["fgsm"])
    assert text_lines(none, NOW, UTC)[1] == "Due: 0 now, 0 today, 0 tomorrow; nothing scheduled yet"


def test_the_next_card_is_due_when_a_session_would_show_it_practice_days_counted():
    """A card in review state is due for its whole practice day: at 22:00 one due at
    21:00 tomorrow is shown by a session from 4 a.m., in 6 h (not in 23 h); a card in
    its learning steps when its minutes are up."""
    late = NOW.replace(hour=22)
    review_card = CardRow("fgsm:easy", "problem", "fgsm", "easy", 2, t(1.375), "{}", 3, 0, 0,
                          t(-30), t(-2))  # fmt: skip
    s = compute([review_card], [], late, UTC, ["fgsm"])
    assert text_lines(s, late, UTC)[1] == "Due: 0 now, 0 today, 1 tomorrow; the next in 6 h"
    assert s["next_due"] == "2026-03-11T04:00:00+00:00"
    assert s["families"]["fgsm"]["difficulties"]["easy"]["next_due"] == s["next_due"]
    east = timezone(timedelta(hours=2))  # 4 a.m. there is 02:00 UTC
    assert compute([review_card], [], late, east, ["fgsm"])["next_due"] == (
        "2026-03-11T02:00:00+00:00"
    )
    learning = CardRow("fgsm:hard", "problem", "fgsm", "hard", 1, late.timestamp() + 540, "{}",
                       1, 0, 0, t(-1), late.timestamp() - 60)  # fmt: skip
    s = compute([review_card, learning], [], late, UTC, ["fgsm"])
    assert text_lines(s, late, UTC)[1] == "Due: 0 now, 1 today, 1 tomorrow; the next in 9 min"


def test_the_terminal_view_says_the_same():
    import io

    from nnquiz.practice import statsview

    out = io.StringIO()
    s = compute([card("fgsm:easy", 6.5)], [review("fgsm:easy", -1)], NOW, UTC, ["fgsm"])
    statsview.show(s, out, NOW, UTC)
    shown = out.getvalue()
    assert "30 s spent answering" in shown and "the next in 6 days (2026-03-16)" in shown
    from nnquiz.practice.store import Flag

    out = io.StringIO()
    s = compute([], [], NOW, UTC, ["fgsm"], [Flag(t(0), "fgsm:easy", "fgsm:easy:1", "[red]x")])
    statsview.show(s, out, NOW, UTC)
    assert '2026-03-10 fgsm:easy:1 "[red]x"' in out.getvalue()  # a note is not markup
