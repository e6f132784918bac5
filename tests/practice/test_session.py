"""Whole sessions in-process, with a clock that moves only when told: weeks of practice
in a second. The student reads the screen and answers (see ``student.py``)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from nnquiz.practice.clock import ManualClock, from_stamp
from nnquiz.practice.screen import Screen
from nnquiz.practice.session import Options, Session, load_registry
from nnquiz.practice.store import Store

from . import student

DAY0 = datetime(2026, 3, 2, 12, tzinfo=UTC)
SKILL = "softmax:easy"


class Scripted(Screen):
    """A plain screen whose input is ``policy(output so far)``; each answer takes 20 s."""

    def __init__(self, clock: ManualClock, policy):
        super().__init__(io.StringIO(), io.StringIO(), styled=False, colour=False, width=0)
        self.clock = clock
        self.policy = policy

    def ask(self, prompt: str) -> str:
        self.out.write(prompt)
        line = self.policy(self.out.getvalue())
        if line is None:
            raise EOFError
        self.clock.advance(seconds=20)
        self.out.write(line + "\n")
        return line

    @property
    def text(self) -> str:
        return self.out.getvalue()


class Terminal(Scripted):
    """A scripted screen that behaves as a terminal (styled, a width, maybe a height):
    it pauses after a miss, and offers to wait for a card in its learning steps."""

    def __init__(self, clock, policy, width: int = 80, height: int = 0):
        super().__init__(clock, policy)
        self.styled, self.width, self.height = True, width, height

    def refresh(self) -> None:  # the size stays what the test set
        pass


def practise(path, clock, policy, terminal: bool = False, **options) -> str:
    """One session, as ``nnquiz practice`` runs it; returns everything it printed. On a
    ``terminal`` it may wait for a card in its learning steps (at once: the clock
    moves when told); piped, it ends there."""
    with Store.open(path) as store:
        screen = (Terminal if terminal else Scripted)(clock, policy)
        session = Session(store, clock, screen, Options(**options), concepts=lambda: [])
        session.run()
        session.summary()
        session.close()
        return screen.text


def card(path, key=SKILL):
    with Store.open(path) as s:
        return s.card(key)


def always(correct: bool):
    return lambda out: student.answer(out, correct)


def learn(path, clock):
    """Day 0: the skill is new; two right answers take it through its learning steps."""
    out = practise(path, clock, always(True), families=("softmax",), new=1)
    assert out.count("✓ correct") == 2 and card(path).state == 2
    return out


def miss_first(out):
    """Forget the skill when it first comes up, then get it right (it comes back)."""
    return student.answer(out, correct=out.count("[softmax:easy:") > 1)


def review_when_due(path, clock, correct: bool) -> str:
    """A review when due; a miss is relearnt in the same session, waiting its step."""
    clock.t = from_stamp(card(path).due) + timedelta(hours=1)
    policy = always(True) if correct else miss_first
    return practise(path, clock, policy, terminal=not correct, families=("softmax",), new=0)


def interval(path) -> float:
    c = card(path)
    return (c.due - c.last_review) / 86400


def test_weeks_of_hits_make_intervals_grow_and_a_miss_shrinks_them(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    learn(path, clock)
    intervals = [interval(path)]
    for _ in range(4):
        out = review_when_due(path, clock, True)
        assert "✓ correct" in out and "Good · next review in" in out
        intervals.append(interval(path))
    assert all(b > a for a, b in zip(intervals, intervals[1:])), intervals
    assert clock.now() - DAY0 > timedelta(days=30)
    out = review_when_due(path, clock, False)  # a miss, then relearnt in the same session
    assert "✗ incorrect" in out and "Worked solution" in out
    assert out.count("[softmax:easy:") == 2 and card(path).lapses == 1
    assert interval(path) < intervals[-1] / 4, (interval(path), intervals)


def test_eight_lapses_make_a_leech_and_the_student_is_told(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    learn(path, clock)
    for lapse in range(1, 9):
        clock.t = from_stamp(card(path).due) + timedelta(hours=1)
        out = practise(path, clock, miss_first, True, families=("softmax",), new=0)
        assert card(path).lapses == lapse
        assert ("Leech: softmax:easy has been forgotten 8 times" in out) == (lapse == 8)
    assert card(path).leech == 1


def test_each_review_draws_a_fresh_problem_and_records_what_was_typed(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    out = learn(path, clock)
    for _ in range(3):
        out += review_when_due(path, clock, True)
    ids = student.HEADER.findall(out)
    assert len(ids) == 5 == len(set(ids)) and all(i.startswith("softmax:easy:") for i in ids)
    with Store.open(path) as s:
        rows = s.reviews()
    assert [r.problem for r in rows] == ids
    from nnquiz.problems import registry

    for r in rows:
        typed = json.loads(r.answer)
        assert typed == {"a": student.right(registry.show(r.problem).part("a").answer)}
        assert r.correct and r.rating in (3, 4) and r.duration == 20


def test_cram_practises_ahead_and_changes_no_schedule(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    learn(path, clock)
    before = card(path)
    clock.advance(hours=2)  # nothing is due now
    out = practise(path, clock, always(False), families=("softmax",), cram=True, limit=2)
    assert out.count("✗ incorrect") == 2 and "It comes back later in this session" in out
    assert card(path) == before
    with Store.open(path) as s:
        crammed = s.reviews()[-2:]
    assert all(r.rating is None and not r.correct for r in crammed)


def test_limit_stops_the_session_and_new_limits_new_cards(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    out = practise(path, clock, always(True), new=3, limit=4)
    assert "That makes 4 (--limit 4)." in out and "Session: 4 reviewed, 4 correct" in out
    with Store.open(path) as s:
        assert len(s.cards()) == 3  # three new skills started, not more
    # the first skill graduated at its 4th review (shown early at the end: nothing else
    # was left); the other two are still learning, due in minutes, and the daily limit
    # of 10 new ones counts the 3 started today
    out = practise(path, clock, always(True), limit=1)
    assert out.split("\n")[0].startswith("nnquiz practice · 0 due, 2 due soon, 7 new")
    clock.advance(days=1)
    out = practise(path, clock, always(True), limit=1)
    assert "due, 10 new" in out.split("\n")[0]  # a new day: 10 new again


def test_a_problem_made_ahead_appears_before_the_problem_families_load(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    learn(path, clock)
    with Store.open(path) as s:
        ready = s.prepared(SKILL)
    assert ready is not None  # made while the student read the last feedback
    clock.t = from_stamp(card(path).due) + timedelta(hours=1)
    events: list[str] = []

    def registry():
        events.append("registry")
        return load_registry()

    def policy(out):
        events.append("shown " + student.shown(out))
        return None  # and quit

    with Store.open(path) as store:
        screen = Scripted(clock, policy)
        opts = Options(families=("softmax",), new=0)
        session = Session(store, clock, screen, opts, registry=registry, concepts=lambda: [])
        session.run()
        session.close()
    assert events[0] == f"shown {ready[0]}"  # the problem made ahead, shown first
    assert "registry" not in events


def damage(path, fsrs_sql: str) -> None:
    import sqlite3

    with sqlite3.connect(path) as c:
        c.execute(f"UPDATE cards SET fsrs = {fsrs_sql} WHERE key = ?", (SKILL,))
    c.close()


def test_a_card_whose_fsrs_state_was_damaged_is_rebuilt_from_its_reviews(tmp_path):
    """The rest of the database is fine: the review is saved, the student is told, and
    the card's schedule is worked out again from its history, exactly as it was."""
    import shutil

    intact, damaged = tmp_path / "intact.db", tmp_path / "damaged.db"
    clock = ManualClock(DAY0)
    learn(intact, clock)
    review_when_due(intact, clock, True)
    shutil.copy(intact, damaged)
    damage(damaged, "replace(fsrs, '\"stability\"', '\"stabilty\"')")
    t = clock.now()
    outs = {}
    for path in (intact, damaged):
        clock.t = t
        outs[path] = review_when_due(path, clock, True)
    out = outs[damaged]
    assert "Traceback" not in out and "✓ correct" in out
    assert (
        "Note: the schedule of softmax:easy cannot be read (no 'stability' in its FSRS "
        "data); it was worked out again from its 3 earlier reviews, and this review is saved."
    ) in out
    assert "Note:" not in outs[intact]
    a, b = card(intact), card(damaged)
    assert (b.state, b.due, b.fsrs, b.reps, b.lapses) == (a.state, a.due, a.fsrs, a.reps, a.lapses)
    with Store.open(damaged) as s:
        assert len(s.reviews()) == 4


def test_a_card_whose_fsrs_state_is_garbage_and_has_no_history_starts_again(tmp_path):
    import sqlite3

    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    learn(path, clock)
    damage(path, "'garbage{'")
    with sqlite3.connect(path) as c:
        c.execute("DELETE FROM reviews")
    c.close()
    out = review_when_due(path, clock, True)
    assert "cannot be read (its FSRS data is not JSON)" in out
    assert "started again as a new card (its history is kept)" in out
    assert json.loads(card(path).fsrs)["stability"] > 0


def test_the_session_summary_and_stats_count_the_same_time(tmp_path):
    from nnquiz.practice.clock import local_zone
    from nnquiz.practice.stats import compute, text_lines

    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    out = learn(path, clock)  # two answers of 20 s each
    clock.advance(minutes=5)  # reading feedback and idling is not answering
    assert "Session: 2 reviewed, 2 correct (100%), 40 s spent answering." in out
    with Store.open(path) as s:
        data = compute(s.cards(), s.reviews(), clock.now(), local_zone(clock.now()), [])
    assert data["time"] == 40.0
    assert "Reviews: 2 (100% correct), 40 s spent answering" in text_lines(data)


def test_cram_says_what_it_will_show_without_calling_it_new(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    learn(path, clock)
    out = practise(path, clock, lambda out: None, families=("softmax",), cram=True)
    head = out.split("\n")[0]
    assert head.startswith("nnquiz practice · cram: 1 started, 2 not started · nothing is")
    assert " new" not in head


def test_undo_after_looking_at_the_solution_draws_new_numbers(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    # a hit, then at the next problem: s (the hit's worked solution), u (undo the hit)
    script = ["right", "s", "u", "right", "right"]

    def policy(out):
        step = script.pop(0) if script else None
        return student.answer(out) if step == "right" else step

    out = practise(path, clock, policy, families=("softmax",), new=2)
    assert "✓ correct" in out and "Worked solution" in out.split("answer › s")[1]
    assert "Its worked solution was shown, so it comes back with new numbers." in out
    ids = student.HEADER.findall(out)
    undone = ids[0]
    assert undone not in ids[1:]
    with Store.open(path) as s:
        assert undone not in {r.problem for r in s.reviews()}


def test_leech_advice_suggests_an_easier_difficulty_only_when_there_is_one():
    from nnquiz.practice import course
    from nnquiz.practice.session import leech_advice

    easy = leech_advice(course.skill("softmax", "easy"), 8)
    assert "easier" not in easy and "may help first" not in easy
    assert easy.startswith("Leech: softmax:easy has been forgotten 8 times. Reread")
    assert "softmax:easy may help first" in leech_advice(course.skill("softmax", "medium"), 8)
    assert "softmax:medium may help first" in leech_advice(course.skill("softmax", "hard"), 12)
    card = course.Item("card:bce", "concept")
    assert "may help first" not in leech_advice(card, 8)


def test_after_undo_s_shows_the_review_before_not_the_problem_back_on_screen(tmp_path):
    """An undone hit whose solution was not shown comes back with the same numbers; ``s``
    at it shows the solution of the review before (or none), never its own."""
    from nnquiz.problems import registry

    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    # a hit; at the second problem u (the hit comes back), s; two hits; u, s at the next
    script = ["right", "u", "s", "right", "right", "u", "s", "right"]
    at_s: list[str] = []

    def policy(out):
        step = script.pop(0) if script else None
        if step == "s":
            at_s.append(student.shown(out))
        return student.answer(out) if step == "right" else step

    out = practise(path, clock, policy, families=("softmax",), new=2, limit=3)
    ids = student.HEADER.findall(out)
    first, second = ids[0], ids[1]
    said = [part.split("\n", 1)[0] for part in out.split("answer › s\n")[1:]]
    assert ids[2] == first == at_s[0]  # back with the same numbers
    assert said[0] == "No worked solution to show yet."  # not its own
    assert ids[3] == second == ids[5] == at_s[1]  # the hit on it undone at ids[4]
    after = out.split("answer › s\n")[2]
    assert registry.show(first).solution_text in after  # the review before
    assert registry.show(second).solution_text not in out


def test_the_session_summary_and_stats_say_when_cards_are_due_in_the_same_words(tmp_path):
    from nnquiz.practice.clock import local_zone
    from nnquiz.practice.stats import compute, text_lines

    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    lines = []
    for hours in (0, 0.1, 30, 24 * 5):  # learning (due in minutes), then days ahead
        if hours:
            clock.advance(hours=hours)
        out = practise(path, clock, always(True), families=("softmax",), new=1, limit=1)
        said = out.rstrip("\n").split("\n")[-1]
        now = clock.now()
        with Store.open(path) as s:
            data = compute(s.cards(), s.reviews(), now, local_zone(now), [])
        assert said == text_lines(data, now, local_zone(now))[1]
        lines.append(said)
    assert len(set(lines)) > 1 and all(line.startswith("Due: ") for line in lines)
