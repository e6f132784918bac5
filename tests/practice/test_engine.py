"""The practice engine driven directly, as a web page will drive it: no screen, no
input, the clock passed in. The terminal is one view of this; ``nnquiz serve`` will be
another, so every rule must be reachable from here."""

from __future__ import annotations

import subprocess
import sys

from nnquiz.concepts import Card
from nnquiz.practice import rating as R
from nnquiz.practice.clock import ManualClock
from nnquiz.practice.engine import Engine
from nnquiz.practice.outcomes import Next, Options, Outcome, Progress, Retry, Stop, Wait
from nnquiz.practice.store import Store
from nnquiz.problems import registry

from ..conftest import ROOT
from . import student
from .test_session import DAY0


def engine(path, clock, cards=(), **options) -> Engine:
    return Engine(Store.open(path), clock, Options(**options), concepts=lambda: list(cards))


def typed(nxt: Next, correct: bool) -> dict[str, str]:
    problem = registry.show(nxt.shown.id)
    write = student.right if correct else student.wrong
    return {p.label: write(p.answer) for p in problem.parts}


def test_a_miss_a_wait_an_undo_and_a_hit_without_any_screen(tmp_path):
    clock = ManualClock(DAY0)
    e = engine(tmp_path / "p.db", clock, families=("softmax",), new=1)
    start = e.start()
    assert (start.due, start.new) == (0, 1)
    nxt = e.next()
    assert isinstance(nxt, Next) and nxt.item.key == "softmax:easy" and nxt.number == 1
    assert e.check("a", "0.5").startswith("Expected a vector of 3 entries")
    assert isinstance(e.answer({"a": "0.5"}), Retry)  # a slip: nothing saved
    clock.advance(seconds=30)
    out = e.answer(typed(nxt, False))
    assert isinstance(out, Outcome) and not out.correct and out.rating == R.AGAIN
    assert out.learning and (out.due - out.at).total_seconds() == 60
    assert out.solution.startswith("Worked solution") and out.grade is not None
    wait = e.next()
    assert isinstance(wait, Wait) and wait.item.key == "softmax:easy"
    assert e.flag("odd numbers") == nxt.shown.id  # the problem just reviewed
    undone = e.undo()
    assert undone.ok and undone.fresh  # its solution was shown: new numbers
    again = e.next()
    assert isinstance(again, Next) and again.shown.id != nxt.shown.id
    out = e.answer(typed(again, True))
    assert out.correct and out.rating == R.GOOD and out.solution is None
    assert e.solution().startswith("Worked solution")  # s: the last one reviewed
    clock.advance(minutes=11)
    third = e.next()
    assert isinstance(third, Next) and e.answer(typed(third, True)).due.date() > DAY0.date()
    assert isinstance(e.next(), Stop)
    summary = e.summary()
    assert (summary.reviewed, summary.correct) == (2, 2)
    e.close()
    e.store.close()


def test_skip_and_an_undo_that_brings_back_the_same_numbers(tmp_path):
    clock = ManualClock(DAY0)
    e = engine(tmp_path / "p.db", clock, families=("perceptron",), new=2)
    e.start()
    first = e.next()
    labels = [p.label for p in first.shown.parts]
    out = e.skip({labels[0]: typed(first, True)[labels[0]]})
    assert out.skipped and not out.correct and out.rating == R.AGAIN
    assert list(out.texts.values())[-1] == "skip" and out.solution is not None
    second = e.next()
    assert second.item.key != first.item.key
    hit = e.answer(typed(second, True))
    assert hit.correct
    assert e.undo().ok and e.undo().ok  # two undos: the hit, then the skip
    back = e.next()
    assert back.item.key == first.item.key and back.shown.id != first.shown.id
    e.close()
    e.store.close()


def test_a_concept_card_s_intervals_are_what_rating_it_gives(tmp_path):
    clock = ManualClock(DAY0)
    cards = [Card("c", "Topic", "Section", "front", "back")]
    e = engine(tmp_path / "p.db", clock, cards, new=1)
    e.start()
    assert e.next().item.key == "card:c"
    spans = e.intervals()
    assert list(spans) == [1, 2, 3, 4] and spans[1] < spans[2] < spans[3] < spans[4]
    out = e.rate(R.GOOD, "3")
    assert (out.due - out.at).total_seconds() == spans[R.GOOD]
    e.close()
    e.store.close()


def test_read_as_while_typing_progress_and_the_solution_a_page_lays_out(tmp_path):
    clock = ManualClock(DAY0)
    cards = [Card("c", "Topic", "Section", "front", "back")]
    e = engine(tmp_path / "p.db", clock, cards, families=(), new=2)
    e.start()
    assert e.progress() == Progress(due=0, new=2, done=0, today=0)
    assert e.next().item.key == "card:c"
    e.rate(R.GOOD, "3")
    nxt = e.next()
    assert nxt.item.kind == "problem"
    # the card, in its learning steps, comes back (due); the problem on screen is new
    assert e.progress() == Progress(due=1, new=1, done=1, today=1)
    label = nxt.shown.parts[0].label
    right = typed(nxt, True)[label]
    seen = e.preview(label, right)
    assert seen.read_as is not None and seen.why is None
    assert e.preview(label, "1/4 +").read_as is None
    assert e.preview(label, "1/4 +").why.startswith("Cannot read that:")
    assert e.solved() is None  # nothing reviewed yet has a solution
    e.answer({p.label: typed(nxt, True)[p.label] for p in nxt.shown.parts})
    problem = e.solved()
    assert problem.id == nxt.shown.id
    figures = "".join(f"\n\n[Figure {f.name}: {f.alt}]" for f in problem.figures_at("solution"))
    assert e.solution() == "Worked solution\n---------------\n" + problem.solution_text + figures
    assert e.undo().fresh  # its solution was seen: new numbers
    e.close()
    e.store.close()


def test_reviews_per_practice_day_for_the_heatmap():
    from datetime import timedelta

    from nnquiz.practice.stats import daily
    from nnquiz.practice.store import ReviewRow

    def at(t, rating=3):
        return ReviewRow("k", t.timestamp(), None, "", True, 1.0, 5.0, rating, 0)

    early = DAY0.replace(hour=3)  # before 4 a.m.: the day before, as practice days go
    rows = [at(DAY0), at(DAY0), at(early), at(DAY0, None), at(DAY0 + timedelta(days=2))]
    days = daily(rows, DAY0.tzinfo)
    assert list(days.values()) == [1, 2, 1]
    assert [str(d) for d in days] == ["2026-03-01", "2026-03-02", "2026-03-04"]


def test_the_engine_needs_no_terminal():
    code = (
        "import sys; import nnquiz.practice.engine; "
        "bad = [m for m in ('nnquiz.practice.screen', 'nnquiz.practice.review', "
        "'nnquiz.practice.session', 'readline', 'click') if m in sys.modules]; "
        "print(bad)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip() == "[]", r.stderr
