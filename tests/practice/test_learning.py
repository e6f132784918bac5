"""Cards in their learning steps: a step holds across sessions (a learning card is due
at its due time), Anki's learn-ahead shows one early only when nothing else is left and
says so, and piped input never meets the prompt that offers to wait."""

from __future__ import annotations

import re

from nnquiz.concepts import Card
from nnquiz.practice import rating as R
from nnquiz.practice import words
from nnquiz.practice.clock import ManualClock
from nnquiz.practice.outcomes import Next, Wait
from nnquiz.problems import registry

from ..conftest import run_cli
from .test_engine import engine, typed
from .test_session import DAY0, always, practise
from .tmux import Pane

T0 = "2026-04-01T10:00:00+00:00"
T0_SECONDS = 1775037600  # the same moment in Unix seconds


def practice(home, seconds: int, stdin: str, *args: str):
    env = {"NNQUIZ_HOME": str(home), "NNQUIZ_NOW": str(T0_SECONDS + seconds), "TZ": "UTC"}
    return run_cli("practice", "--family", "softmax", *args, input=stdin, env=env)


def headers(out: str) -> list[str]:
    return re.findall(r"^\[([^\]]+)\] ", out, re.M)


def test_a_card_rated_again_is_not_due_in_the_next_session_before_its_step(tmp_path):
    first = practice(tmp_path, 0, "skip\n", "--new", "1")
    assert "Again · back in 1 min" in first.stdout
    # the summary does not call it due now, right under "due again in 60 s"
    assert "Due: 0 now, 1 today, 0 tomorrow; the next in " in first.stdout
    assert "Due: 1 now" not in first.stdout
    # 30 s later, with new cards to show: they come first, the missed one waits
    second = practice(tmp_path, 30, "q\n")
    assert second.stdout.startswith("nnquiz practice · 0 due, 1 due soon, 2 new")
    assert registry.parse_id(headers(second.stdout)[0])[1] == "medium"
    # with nothing else: not shown; the session says when, and ends (piped: no prompt)
    third = practice(tmp_path, 30, "", "--new", "0")
    assert third.returncode == 0 and not headers(third.stdout)
    assert re.search(r"the next, softmax:easy, is due in \d\d s\.\n", third.stdout)
    assert "Enter ends the session" not in third.stdout
    assert "Due: 0 now, 1 today" in third.stdout
    # once its minute is up it is due, as any card
    fourth = practice(tmp_path, 61, "q\n", "--new", "0")
    assert fourth.stdout.startswith("nnquiz practice · 1 due, 0 new")
    assert registry.parse_id(headers(fourth.stdout)[0])[1] == "easy"


def test_piped_input_is_not_read_by_the_offer_to_wait(tmp_path):
    """Issue 14's own script: the Again ends the session (the card is not due for a
    minute) and no line of the script is taken as an answer to a prompt it never saw."""
    env = {"NNQUIZ_HOME": str(tmp_path), "NNQUIZ_NOW": T0, "TZ": "UTC"}
    out = run_cli("practice", "--new", "1", input="\n1\n\n3\n\n3\nq\n", env=env)
    assert out.returncode == 0
    text = out.stdout
    assert "How well did you know it?" in text and "Again · back in 1 min" in text
    assert re.search(r"is due in (1 min|\d\d s)\.", text) and "w waits" not in text
    tail = text.split("Again · back in 1 min", 1)[1]
    assert "›" not in tail  # no prompt after the Again: nothing more was read
    assert "Session: 1 reviewed, 0 correct" in text


def test_learn_ahead_shows_a_card_early_only_when_nothing_else_is_left_and_says_so(tmp_path):
    clock = ManualClock(DAY0)
    e = engine(tmp_path / "p.db", clock, families=("softmax",), new=2)
    e.start()
    first = e.next()
    assert first.item.key == "softmax:easy" and first.early is None
    clock.advance(seconds=20)
    good = e.answer(typed(first, True))
    assert good.rating == R.GOOD and good.learning
    assert good.days is None and not good.ahead  # something else is left
    said = words.next_line(good, False)
    assert said == "Good · next review in 10 min (sooner if nothing else is left)"
    second = e.next()  # something else is left: the step holds
    assert second.item.key == "softmax:medium" and second.early is None
    clock.advance(seconds=20)
    e.answer(typed(second, True))
    third = e.next()  # nothing else: learn-ahead, and the face is told
    assert third.item.key == "softmax:easy" and third.early == good.due
    said = words.early_line(third, clock.now())
    assert said == (
        "Nothing else is left, so softmax:easy, due in 10 min, is shown now (Anki's learn-ahead)."
    )
    e.close()
    e.store.close()


def test_a_card_that_comes_back_at_once_is_said_to_come_back_now(tmp_path):
    """'next review in 10 min' is not said of a card that is shown next (learn-ahead):
    the line says what will happen, and the note before the card is not said twice."""
    clock = ManualClock(DAY0)
    out = practise(tmp_path / "p.db", clock, always(True), True, families=("softmax",), new=1)
    said = " ".join(out.split())
    assert (
        "Good · due in 10 min, but nothing else is left: it comes back now (learn-ahead)"
    ) in said
    assert "next review in 10 min" not in said
    assert "is shown now (Anki's learn-ahead)" not in said
    assert said.count("[softmax:") == 2 and re.search(r"Good · next review in \d+ days?\.? ", said)


def test_learn_ahead_holds_across_sessions_but_never_for_a_card_rated_again(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    cards = [Card("c", "Topic", "Section", "front", "back")]
    e = engine(path, clock, cards, new=2)
    e.start()
    assert e.next().item.key == "card:c"
    e.rate(R.GOOD, "3")  # due in 10 min
    problem = e.next()
    e.answer(typed(problem, False))  # Again: due in 1 min
    e.close()
    e.store.close()
    clock.advance(seconds=20)
    e = engine(path, clock, cards, new=0)
    start = e.start()
    assert (start.due, start.soon, start.new) == (0, 2, 0)
    nxt = e.next()  # the card rated Good, early; the one rated Again waits its minute
    assert isinstance(nxt, Next) and nxt.item.key == "card:c" and nxt.early is not None
    e.rate(R.GOOD, "3")
    wait = e.next()
    assert isinstance(wait, Wait) and wait.item.key == problem.item.key
    clock.t = wait.until
    assert e.next().item.key == problem.item.key
    e.close()
    e.store.close()


def test_the_offer_to_wait_answers_what_is_typed_at_it(tmp_path):
    p = Pane(tmp_path, ["practice", "--family", "softmax", "--new", "1"], now=T0)
    try:
        p.wait_for(r"answer ›$")
        p.type("skip")
        mark = len(p.wait_for(r"Enter goes on ›$"))
        p.type("skip")
        text = p.wait_for(r"Enter goes on ›$", after=mark)
        assert "Nothing to skip here: Enter goes on." in text
        p.type("")
        p.wait_for(r"Enter ends the session ›$")
        mark = len(p.text())
        p.type("skip")
        text = p.wait_for(r"Enter ends the session ›$", after=mark)[mark:]
        assert "Nothing to skip here: w waits for the card, Enter ends the session." in text
        assert "rate 1" not in text
        p.type("0.5")
        text = p.wait_for(r"Enter ends the session ›$", after=mark + len(text))
        assert text.count("Type w to wait for it, or press Enter to end the session.") == 1
        mark = len(text)
        p.type("?")
        text = p.wait_for(r"Enter ends the session ›$", after=mark)
        helped = " ".join(text[mark:].split())
        assert "w waits here until the card is due" in helped
        assert "Enter or q ends the session now" in helped and "skip" not in helped
        p.type("q")  # as Enter: the session ends saying when the card is due
        text = p.wait_for(r"session over, status 0")
        assert "softmax:easy is due again in" in text and "Session: 1 reviewed" in text
    finally:
        p.close()
