"""Issue 14's review flow, session by session (in-process, on a clock that moves only
when told): Enter after a miss on a terminal, a shape slip asked again, going back a
part, a skill put off after 3 misses, the daily cap, a card rated Again not back before
its step, concept cards' intervals, flags, the width read before every item."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from nnquiz.concepts import Card
from nnquiz.practice.clock import ManualClock, from_stamp
from nnquiz.practice.session import Options, Session
from nnquiz.practice.store import Store
from nnquiz.problems import registry

from . import student
from .test_session import DAY0, Scripted, Terminal, practise


def run(path, clock, screen, cards=(), **options) -> str:
    with Store.open(path) as store:
        session = Session(store, clock, screen, Options(**options), concepts=lambda: list(cards))
        session.run()
        session.summary()
        session.close()
    return screen.text


def script(*steps):
    """A policy: each step is a line to type, or 'right'/'wrong' (the answer to the
    prompt on screen); then the student's default: right answers, wait when offered."""
    steps = list(steps)

    def policy(out):
        step = steps.pop(0) if steps else "right"
        if step in ("right", "wrong"):
            return student.answer(out, step == "right")
        return step

    return policy


def reviews(path):
    with Store.open(path) as s:
        return s.reviews()


def part_answer(problem_id: str, label: str = "a", correct: bool = True) -> str:
    part = registry.show(problem_id).part(label)
    return (student.right if correct else student.wrong)(part.answer)


# ---------------------------------------------------------------- a miss on a terminal


def test_after_a_miss_a_terminal_waits_for_enter_with_the_verdict_under_the_solution(tmp_path):
    clock = ManualClock(DAY0)
    out = run(tmp_path / "t.db", clock, Terminal(clock, script("wrong")),
              families=("softmax",), new=2, limit=3)  # fmt: skip
    miss = out.split("Worked solution", 1)[1]
    before_next = miss.split("── review 2", 1)[0]
    recap = before_next.split("Your answer:", 1)[1]
    assert re.search(r"\n✗ \[", recap) and before_next.endswith("Enter goes on › \n")
    piped = practise(tmp_path / "p.db", ManualClock(DAY0), script("wrong"),
                     families=("softmax",), new=2, limit=3)  # fmt: skip
    assert "Enter goes on" not in piped and "Your answer:" not in piped  # pipes: unchanged


def test_s_on_a_terminal_shows_the_solution_then_the_problem_again(tmp_path):
    clock = ManualClock(DAY0)
    out = run(tmp_path / "t.db", clock, Terminal(clock, script("right", "s", "")),
              families=("softmax",), new=2, limit=2)  # fmt: skip
    first, second = student.HEADER.findall(out)[:2]
    after_s = out.split("answer › s\n", 1)[1]
    assert registry.show(first).solution_text.split("\n")[0] in after_s
    shown_again = after_s.split("Enter goes back › \n", 1)[1]
    assert shown_again.startswith(f"[{second}]")  # the problem waiting for its answer


def test_a_skip_and_s_list_every_part_with_its_answer(tmp_path):
    """skip at part (a) lists (b) too, each with its right answer; s after a right
    answer shows what was typed for every part under the solution."""
    said = []

    def policy(out):  # skip the first problem, answer the second right, then s
        if out.endswith("Enter goes back › "):
            return None
        if "(s shows the worked solution)" in out and "s" not in said:
            said.append("s")
            return "s"
        return "skip" if not said and "Your answers" not in out else student.answer(out)

    clock = ManualClock(DAY0)
    screen = Terminal(clock, policy, width=200)
    out = run(tmp_path / "t.db", clock, screen, families=("backprop",), new=2)
    first, second = student.HEADER.findall(out)[:2]
    recap = out.split("Your answers:\n", 1)[1].split("Enter goes on", 1)[0].split("\n")
    parts = registry.show(first).parts
    assert len(parts) == 2 and recap[0].startswith("(a) skipped · answer ")
    assert recap[1].startswith("(b) not answered · answer ")
    for line, part in zip(recap, parts):  # the answer written as the solution writes it
        said = line.split(" · answer ", 1)[1]
        first_entry = said.lstrip("=≈ [").split(",")[0].rstrip("]")
        value = part.answer
        while isinstance(value, list):
            value = value[0]
        assert abs(float(first_entry.replace("−", "-")) - value) <= 1e-3 * max(1, abs(value))
    after_s = out.split("› s\n", 1)[1]
    shown = after_s.split("Your answers:\n", 1)[1].split("\n")
    labels = [p.label for p in registry.show(second).parts]
    typed = [f"({k}) ✓ {part_answer(second, k)}" for k in labels]
    assert len(typed) > 1 and shown[: len(typed)] == typed


def test_a_long_solution_goes_through_the_pager_and_the_verdict_stays_in_view(
    tmp_path, monkeypatch
):
    paged: list[str] = []
    monkeypatch.setattr("nnquiz.practice.screen._pager", lambda text: paged.append(text) or True)
    clock = ManualClock(DAY0)
    screen = Terminal(clock, script("wrong"), width=60, height=20)
    out = run(tmp_path / "t.db", clock, screen, families=("backprop",), new=1, limit=1)
    assert len(paged) == 1 and "Worked solution" in paged[0] and "Your answer" in paged[0]
    assert "Worked solution" not in out  # in the pager, not in the scrollback
    assert max(len(line) for line in paged[0].split("\n")) <= 60
    tail = out.split("Again · back in 1 min", 1)[1]
    assert "Your answers:" in tail and "Enter goes on › \nThat makes 1 (--limit 1)." in tail
    paged.clear()
    screen = Terminal(clock, script("wrong"), width=80, height=0)  # a height unknown
    run(tmp_path / "u.db", clock, screen, families=("softmax",), new=1, limit=1)
    assert not paged


# ---------------------------------------------------------------- slips and parts


def test_a_shape_slip_is_asked_again_and_costs_nothing(tmp_path):
    seen: list[str] = []

    def policy(out):
        pid = student.shown(out)
        n = len(registry.show(pid).part("a").answer)
        seen.append(out)
        if len(seen) == 1:
            return "0.5"  # a number for a vector
        if len(seen) == 2:
            return "[" + ", ".join(["0.5"] * (n - 1)) + "]"  # one entry short
        return student.answer(out)

    path = tmp_path / "p.db"
    out = practise(path, ManualClock(DAY0), policy, families=("softmax",), new=1, limit=1)
    assert "Expected a vector of 3 entries, got a single number." in out
    assert "Expected a vector of 3 entries, got a vector of 2 entries." in out
    assert out.count("Try again (it costs nothing).") == 2 and "✓ correct" in out
    (r,) = reviews(path)
    assert r.correct and r.rating == 3 and "0.5" not in json.loads(r.answer)["a"]


def test_u_at_a_later_part_goes_back_to_retype_the_one_before(tmp_path):
    def policy(out):
        pid = student.shown(out)
        if out.endswith("(a) › ") and "Back to (a)" not in out:
            return part_answer(pid, "a", correct=False)
        if out.endswith("(b) › ") and "Back to (a)" not in out:
            return "u"
        return student.answer(out)

    path = tmp_path / "p.db"
    out = practise(path, ManualClock(DAY0), policy, families=("perceptron",), new=1, limit=1)
    pid = student.HEADER.findall(out)[0]
    typed = part_answer(pid, "a", correct=False)
    assert f"(b) › u\nBack to (a); you typed {typed}.\n(a) › " in out
    assert "✓ All 3 parts right." in out and "Nothing to undo" not in out
    (r,) = reviews(path)
    assert r.correct and json.loads(r.answer)["a"] == part_answer(pid, "a")


# ---------------------------------------------------------------- no skill eats the session


def difficulty(problem_id: str) -> str:
    return registry.parse_id(problem_id)[1]


def test_a_skill_missed_three_times_is_put_off_to_the_next_day(tmp_path):
    def policy(out):
        if out.endswith(student.WAIT):
            return "w"
        medium = difficulty(student.shown(out)) == "medium"
        return student.answer(out, correct=not medium)

    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    out = practise(path, clock, policy, True, families=("softmax",), new=2)
    shown = student.HEADER.findall(out)
    assert [difficulty(i) for i in shown].count("medium") == 3
    assert "Again · put off until tomorrow" in out
    assert (
        "softmax:medium missed 3 times in this session: it is put off until tomorrow. "
        "The easier softmax:easy may help first: nnquiz generate softmax --difficulty easy "
        "--solution."
    ) in " ".join(out.split())  # wrapped on the terminal
    with Store.open(path) as s:
        due = from_stamp(s.card("softmax:medium").due)
    tomorrow = DAY0.replace(hour=4) + timedelta(days=1)  # practice days start at 4 a.m.
    assert due == tomorrow
    clock.t = tomorrow + timedelta(hours=8)
    out = practise(path, clock, policy, families=("softmax",), new=0, limit=1)
    assert difficulty(student.HEADER.findall(out)[0]) == "medium"  # back the next day


def test_the_daily_cap_counts_every_session_of_the_day(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    practise(path, clock, script(), new=4, limit=2, max_reviews=3)
    out = practise(path, clock, script(), new=4, max_reviews=3)
    assert "That makes 3 reviews today, the daily cap (--max-reviews 3); the rest" in out
    assert "Session: 1 reviewed" in out
    out = practise(path, clock, script(), new=4, max_reviews=3)
    assert out.startswith("You have done 3 reviews today, the daily cap (--max-reviews 3)")
    assert "Session: nothing reviewed." in out
    crammed = practise(path, clock, script(), cram=True, limit=2, max_reviews=3)
    assert "Session: 2 reviewed" in crammed  # cram reschedules nothing: not capped
    clock.advance(days=1)
    out = practise(path, clock, script(), new=4, max_reviews=3)
    assert "Session: 3 reviewed" in out and "daily cap" in out  # a new day, a new 3


def test_a_card_rated_again_does_not_come_back_before_its_step(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    screen = Terminal(clock, script("wrong", "", ""), width=200)
    out = run(path, clock, screen, families=("softmax",), new=1)
    assert "Again · back in 1 min" in out and len(student.HEADER.findall(out)) == 1
    assert "the next, softmax:easy, is due in 40 s.\nw waits for it" in out  # 20 s reading
    # 20 s went on answering that prompt
    assert "softmax:easy is due again in 20 s (at 12:01): practise then" in out
    # with other items left, the missed one waits its minute behind them
    path = tmp_path / "q.db"
    practise(path, ManualClock(DAY0), script("wrong"), new=4, families=("softmax", "bce"))
    times = [r.time for r in reviews(path) if r.card == "softmax:easy"]
    assert len(times) >= 2 and times[1] - times[0] >= 60


def test_waiting_is_offered_and_taken(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    screen = Terminal(clock, script("wrong", "", "w"), width=200)
    out = run(path, clock, screen, families=("softmax",), new=1)
    assert "Waiting until 12:01:20" in out
    assert len(student.HEADER.findall(out)) >= 2  # shown again once its minute was up


# ---------------------------------------------------------------- intervals and flags


def test_a_concept_card_shows_each_rating_s_interval_before_it_is_rated(tmp_path):
    cards = [Card("c", "Topic", "Section", "front", "back")]
    clock = ManualClock(DAY0)
    out = run(tmp_path / "p.db", clock, Scripted(clock, script("", "3", "", "3")),
              cards=cards, new=1)  # fmt: skip
    prompts = re.findall(r"How well did you know it\? (.*?) › (\d)", out)
    assert prompts[0][0].startswith("1 again 1m · 2 hard 6m · 3 good 10m · 4 easy ")
    good = re.search(r"3 good (\d+)d", prompts[1][0]).group(1)
    assert f"Good · next review in {good} day" in out  # what was shown is what it got


def test_f_flags_the_problem_on_screen_with_a_note_and_stats_lists_it(tmp_path):
    from ..conftest import run_cli

    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    out = practise(path, clock, script("f", "the sign of (b) looks wrong", "right",
                                       "f =1+1 odd", "right"),
                   families=("softmax",), new=2, limit=2)  # fmt: skip
    first, second = student.HEADER.findall(out)[:2]
    assert f"Flagged {first}; nnquiz stats --flags lists the flags" in out
    with Store.open(path) as s:
        flags = s.flags()
    assert [(f.problem, f.card, f.note) for f in flags] == [
        (first, "softmax:easy", "the sign of (b) looks wrong"),
        (second, "softmax:medium", "=1+1 odd"),
    ]
    env = {"NNQUIZ_NOW": DAY0.isoformat()}
    text = run_cli("stats", "--db", str(path), env=env).stdout
    assert "Flagged: 2 (nnquiz stats --flags exports them)" in text
    assert f'2026-03-02 {first} "the sign of (b) looks wrong"' in text
    csv = run_cli("stats", "--db", str(path), "--flags", env=env).stdout.splitlines()
    assert csv[0] == "time,card,problem,note" and len(csv) == 3
    assert csv[2].endswith(",'=1+1 odd")  # a spreadsheet would run it: not a formula
    data = json.loads(run_cli("stats", "--db", str(path), "--flags", "--format", "json",
                              env=env).stdout)  # fmt: skip
    assert [d["problem"] for d in data] == [first, second]
    assert all(list(d) == csv[0].split(",") for d in data)  # one name for each field


def test_an_item_flagged_twice_is_one_row_with_the_latest_note(tmp_path):
    """A concept card and a problem, each flagged twice (on screen, then after it was
    reviewed): one row each, everywhere, with the latest note."""
    from ..conftest import run_cli

    cards = [Card("c", "Topic", "Section", "front", "back")]
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    steps = ["f first", "", "f again", "3", "f problem", "right", "f problem again"]
    run(path, clock, Scripted(clock, script(*steps, "q")), cards=cards, new=2)
    with Store.open(path) as s:
        flags = s.flags()
    assert [(f.card, f.problem, f.note) for f in flags] == [
        ("card:c", None, "again"),
        (registry.parse_id(flags[1].problem)[0].id + ":easy", flags[1].problem, "problem again"),
    ]
    env = {"NNQUIZ_NOW": DAY0.isoformat()}
    text = run_cli("stats", "--db", str(path), env=env).stdout
    assert "Flagged: 2 (nnquiz stats --flags exports them)" in text
    csv = run_cli("stats", "--db", str(path), "--flags", env=env).stdout.splitlines()
    assert len(csv) == 3 and csv[1] == "2026-03-02T12:01:00+00:00,card:c,,again"


def test_the_width_is_read_again_before_every_item(tmp_path):
    clock = ManualClock(DAY0)
    widths = iter([80, 50, 50, 50, 50])
    screen = Terminal(clock, script())
    screen.refresh = lambda: setattr(screen, "width", next(widths, 50))
    out = run(tmp_path / "p.db", clock, screen, families=("softmax",), new=2, limit=2)
    rules = [line for line in out.split("\n") if line.startswith("── review")]
    assert [len(r) for r in rules] == [80, 50]
    shown = out.split(rules[1])[1].split("\n")[:14]
    prose = [x for x in shown if not x.startswith(" ") and "›" not in x]  # not what was typed
    assert all(len(line) <= 50 for line in prose)


def test_in_cram_a_skip_does_not_say_it_counts_as_a_miss(tmp_path):
    path, clock = tmp_path / "p.db", ManualClock(DAY0)
    practise(path, clock, script(), families=("softmax",), new=1)
    out = practise(path, clock, script("skip"), families=("softmax",), cram=True, limit=1)
    assert "Skipped: nothing is graded, and in cram nothing is rescheduled." in out
    assert "counts as a miss" not in out


def test_messages_wrap_with_one_hanging_indent_and_help_keeps_its_example_whole(tmp_path):
    clock = ManualClock(DAY0)
    for width in (60, 47, 33):
        screen = Terminal(clock, script("?", "0.5", "wrong"), width=width)
        out = run(tmp_path / f"w{width}.db", clock, screen, families=("softmax",), new=1,
                  limit=1)  # fmt: skip
        help_ = out.split("answer › ?\n", 1)[1].split("answer › ", 1)[0]
        assert "[1 2; 3 4]" in help_ and all(len(x) <= width for x in help_.split("\n"))
        lines = help_.rstrip("\n").split("\n")
        assert all(x.startswith("  ") and not x.startswith("   ") for x in lines[1:]), lines
        slip = out.split("answer › 0.5\n", 1)[1].split("answer › ", 1)[0].rstrip("\n")
        assert all(x.startswith("  ") for x in slip.split("\n")[1:])  # no staircase
        verdict = out.split("✗ incorrect", 1)[1].split("\nAgain", 1)[0].split("\n")
        assert all(x.startswith("  ") for x in verdict[1:] if x), verdict  # read as, hints
