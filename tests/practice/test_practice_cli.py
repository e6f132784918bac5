"""``nnquiz practice`` and ``nnquiz stats`` run for real: subprocesses, piped input, a real
SQLite file, and the clock moved with NNQUIZ_NOW."""

from __future__ import annotations

import json
import re
import sqlite3
import time

from nnquiz.problems.families import BUILTIN_MODULES

from ..conftest import run_cli
from .driver import Driver, practice_env

DAY0 = "2026-03-02T12:00:00+00:00"
# most tests here are about problems; the concept cards have their own tests
PROBLEMS = ("--family", "perceptron", "--family", "separable", "--family", "neuron")


def at(days: float) -> str:
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(DAY0) + timedelta(days=days)).isoformat()


def db(home):
    return sqlite3.connect(home / "practice.db")


def reviews(home) -> list[tuple]:
    with db(home) as c:
        return c.execute(
            "SELECT card, problem, correct, rating FROM reviews ORDER BY id"
        ).fetchall()


def skill(problem_id: str) -> str:
    """The skill (family:difficulty) a problem id belongs to, whatever its version."""
    from nnquiz.problems import registry

    family, difficulty, _ = registry.parse_id(problem_id)
    return f"{family.id}:{difficulty}"


def stats(home, now=DAY0) -> dict:
    r = run_cli("stats", "--format", "json", env=practice_env(home, now))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_a_whole_session_with_piped_answers(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, "--new", "3", now=DAY0)
    shown = []
    while (pid := d.answer(correct=True)) is not None:
        shown.append(pid)
    code, out, err = d.finish()
    assert code == 0 and err == ""
    # three new skills, each through its two learning steps, each time with new numbers
    assert len(shown) == 6 == len(set(shown))
    assert {skill(p) for p in shown} == {
        "perceptron:easy",
        "separable:easy",
        "neuron:easy",
    }
    assert out.count("✓") >= 6 and "✗" not in out
    assert (
        "Session: 6 reviewed, 6 correct (100%)" in out
        and "Due: 0 now, 0 today, 0 tomorrow; the next in" in out
    )
    assert [r[1] for r in reviews(tmp_path)] == shown
    # the header's id reproduces the problem exactly
    first = run_cli("show", shown[0]).stdout.strip()
    assert first in out


def test_the_shipped_concept_cards_alternate_with_problems(tmp_path):
    from nnquiz.practice.concepts import load

    first_cards = [f"card:{c.id}" for c in load()[:2]]
    d = Driver(tmp_path, "--new", "4", now=DAY0)
    problems = [d.answer(), d.answer()]
    code, out, err = d.finish()
    assert code == 0 and err == ""
    assert d.cards[:2] == first_cards and "Enter shows the answer › " in out
    # each rating's next interval beside it, as on Anki's buttons
    rated = r"How well did you know it\? 1 again 1m · 2 hard \d+m · 3 good 10m · 4 easy \d+d › 3"
    assert re.search(rated, out), out
    assert [skill(p) for p in problems] == ["perceptron:easy", "separable:easy"]
    order = [r[0] for r in reviews(tmp_path)]
    assert order[:4] == [first_cards[0], "perceptron:easy", first_cards[1], "separable:easy"]


def test_a_miss_names_the_mistake_shows_the_solution_and_comes_back(tmp_path):
    """A miss is Again: back in a minute (its learning step), not before. With nothing
    else left the session says when and ends; the next session a minute later has it."""
    d = Driver(tmp_path, *PROBLEMS, "--new", "1", now=DAY0)
    missed = d.answer(correct=False)
    assert d.answer() is None  # only the missed card is left, not due for a minute
    code, out, err = d.finish()
    assert code == 0 and err == ""
    block = out[out.index(missed) :]
    assert "✗ incorrect" in block and "Again · back in 1 min" in block
    assert "Worked solution" in block and "Answers:" in block
    soon = r"in (\d+ s|1 min)"
    # piped: no offer to wait, which would read the script's next line
    assert re.search(rf"the next, perceptron:easy, is due {soon}\.\nperceptron", block)
    assert re.search(rf"perceptron:easy is due again {soon} \(at 12:01\): practise", block)
    d = Driver(tmp_path, *PROBLEMS, "--new", "0", now=at(2 / 1440))
    again = d.answer(correct=True)
    assert d.answer(correct=True) is not None and d.answer() is None
    assert d.finish()[0] == 0
    assert missed != again and skill(again) == skill(missed)
    assert [r[2:] for r in reviews(tmp_path)] == [(0, 1), (1, 3), (1, 3)]


def test_practice_persists_across_runs_and_days(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, "--new", "2", now=DAY0)
    while d.answer() is not None:
        pass
    assert d.finish()[0] == 0
    later = run_cli("practice", "--new", "0", input="", env=practice_env(tmp_path, at(0.1)))
    assert (
        "Nothing to practise now." in later.stdout
        and "Due: 0 now, 0 today, 0 tomorrow; the next in" in later.stdout
    )
    d = Driver(tmp_path, *PROBLEMS, "--new", "0", now=at(30))
    due = [d.answer(), d.answer()]
    assert d.answer() is None
    code, out, _ = d.finish()
    assert code == 0 and "2 due, 0 new" in out and "Session: 2 reviewed" in out
    assert {skill(p) for p in due} == {"perceptron:easy", "separable:easy"}
    s = stats(tmp_path, at(30))
    assert s["reviews"] == 6 and s["correct"] == 6 and s["due"] == 0


def test_days_of_practice_make_intervals_grow_and_a_miss_shrinks_them(tmp_path):
    def run(now, correct=True, new="0"):
        d = Driver(tmp_path, "--family", "softmax", "--new", new, now=now)
        first = d.answer(correct=correct)
        while d.answer() is not None:
            pass
        assert d.finish()[0] == 0
        return first

    def card():
        with db(tmp_path) as c:
            sql = "SELECT due, last_review, lapses FROM cards WHERE key = 'softmax:easy'"
            return c.execute(sql).fetchone()

    run(DAY0, new="1")
    intervals = []
    for _ in range(3):
        due, last, _ = card()
        intervals.append((due - last) / 86400)
        run(time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(due + 3600)))
    due, last, _ = card()
    intervals.append((due - last) / 86400)
    assert all(b > a for a, b in zip(intervals, intervals[1:])), intervals
    run(time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(due + 3600)), correct=False)
    due2, last2, lapses = card()
    assert lapses == 1 and (due2 - last2) / 86400 < intervals[-1] / 2


def test_undo_takes_back_the_last_review_and_shows_its_problem_again(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, "--new", "2", now=DAY0)
    first = d.answer(correct=True)
    d.prompt()  # the next problem is on screen
    d.send("u")
    again = d.answer(correct=True)
    code, out, err = d.finish()
    assert again == first and "Undone: the review of" in out and err == ""
    assert "Here it is again." in out
    assert [(r[1], r[2]) for r in reviews(tmp_path)][0] == (first, 1)
    with db(tmp_path) as c:
        sql = "SELECT reps, lapses FROM cards WHERE key = 'perceptron:easy'"
        assert c.execute(sql).fetchall() == [(1, 0)]


def test_undo_after_a_miss_draws_new_numbers(tmp_path):
    """A miss shows the worked solution: the same numbers again could be copied from it."""
    d = Driver(tmp_path, *PROBLEMS, "--new", "2", now=DAY0)
    first = d.answer(correct=False)  # a slip of the finger, and the solution is shown
    d.prompt()  # the next problem is on screen
    d.send("u")
    again = d.answer(correct=True)
    code, out, err = d.finish()
    assert code == 0 and err == ""
    assert again != first and skill(again) == skill(first)
    assert "Its worked solution was shown, so it comes back with new numbers." in out
    assert [(r[1], r[2]) for r in reviews(tmp_path)] == [(again, 1)]
    with db(tmp_path) as c:
        assert c.execute("SELECT reps, lapses FROM cards").fetchall() == [(1, 0)]


def test_q_and_the_end_of_input_quit_cleanly_with_a_summary(tmp_path):
    r = run_cli("practice", input="q\n", env=practice_env(tmp_path, DAY0))
    assert r.returncode == 0 and r.stderr == ""
    assert (
        "Session: nothing reviewed" in r.stdout
        and "Due: 0 now, 0 today, 0 tomorrow; nothing scheduled yet" in r.stdout
    )
    r = run_cli("practice", *PROBLEMS, input="", env=practice_env(tmp_path, DAY0))
    assert r.returncode == 0 and r.stderr == "" and "Session: nothing reviewed" in r.stdout
    d = Driver(tmp_path, *PROBLEMS, now=DAY0)
    d.answer()
    code, out, err = d.finish()  # end of input halfway through
    assert code == 0 and err == "" and "Session: 1 reviewed, 1 correct (100%)" in out


def test_ctrl_c_mid_problem_keeps_every_answered_review(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, now=DAY0)
    d.answer()
    d.answer()
    d.prompt()  # the third problem is on screen, unanswered
    d.interrupt()
    code, out, err = d.finish()
    assert code == 0 and "Traceback" not in err and err == ""
    assert "Session: 2 reviewed, 2 correct" in out
    assert len(reviews(tmp_path)) == 2


def test_a_killed_session_loses_only_the_unanswered_problem(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, now=DAY0)
    answered = [d.answer(), d.answer(correct=False)]
    d.prompt()  # the next problem is on screen
    d.proc.kill()
    d.proc.wait(timeout=60)
    assert [r[1] for r in reviews(tmp_path)] == answered
    r = run_cli("stats", "--format", "json", env=practice_env(tmp_path, DAY0))
    assert json.loads(r.stdout)["reviews"] == 2  # the database opens and is whole
    with db(tmp_path) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_unreadable_answer_costs_nothing(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, "--new", "1", now=DAY0)
    d.prompt()
    d.send("0.5 +")
    d.send("?")
    pid = d.answer()
    code, out, _ = d.finish()
    assert "Cannot read that" in out and "it costs nothing" in out and "Commands:" in out
    assert reviews(tmp_path) == [("perceptron:easy", pid, 1, 3)]


def test_a_yes_or_no_part_is_answered_in_words(tmp_path):
    """separable's last part asks yes or no: practice takes the word."""
    from nnquiz.problems import registry

    d = Driver(tmp_path, "--family", "separable", "--new", "1", now=DAY0)
    pid, _ = d.prompt()
    parts = registry.show(pid).parts
    assert parts[-1].answer in (0.0, 1.0)
    for i, part in enumerate(parts):
        if i:
            d.prompt()
        if part is parts[-1]:
            d.send("yes" if part.answer == 1.0 else "NO")
        else:
            d.send(repr(part.answer))
    d.finish()
    assert reviews(tmp_path)[0][1:3] == (pid, 1)


def test_family_keeps_to_those_families(tmp_path):
    d = Driver(tmp_path, "--family", "backprop", "--family", "fgsm", "--new", "2", now=DAY0)
    ids = [d.answer(), d.answer()]
    d.finish()
    assert {i.split(":")[0] for i in ids} <= {"backprop", "fgsm"}
    bad = run_cli("practice", "--family", "nope", input="", env=practice_env(tmp_path, DAY0))
    assert bad.returncode == 2 and "unknown family 'nope'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_two_sessions_at_once_on_one_database(tmp_path):
    a = Driver(tmp_path, "--new", "4", now=DAY0)  # concept cards and problems
    b = Driver(tmp_path, "--new", "4", now=DAY0)
    done = 0
    for _ in range(4):
        done += a.answer() is not None
        done += b.answer() is not None
    ra, rb = a.finish(), b.finish()
    assert ra[0] == rb[0] == 0 and ra[2] == rb[2] == "", (ra[2], rb[2])
    done += len(a.cards) + len(b.cards)
    assert a.cards and b.cards  # both sessions met concept cards too
    with db(tmp_path) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT count(*) FROM reviews").fetchone()[0] == done
        reps = c.execute("SELECT sum(reps) FROM cards").fetchone()[0]
    assert reps == done


def test_a_corrupt_or_foreign_database_is_refused_and_kept(tmp_path):
    path = tmp_path / "practice.db"
    path.write_bytes(b"my thesis draft\n" * 100)
    for command in (["practice"], ["stats"]):
        r = run_cli(*command, input="", env=practice_env(tmp_path, DAY0))
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert r.stderr.startswith("nnquiz: error: ") and len(r.stderr.strip().splitlines()) == 1
        assert "left untouched" in r.stderr
    assert path.read_bytes() == b"my thesis draft\n" * 100


def test_db_option_and_stats_json(tmp_path):
    home, target = tmp_path / "home", tmp_path / "mine.db"
    home.mkdir()
    d = Driver(home, "--db", str(target), *PROBLEMS, "--new", "1", now=DAY0)
    d.answer(correct=False)
    d.finish()
    d = Driver(home, "--db", str(target), *PROBLEMS, "--new", "0", now=at(2 / 1440))
    d.answer()
    d.answer()
    d.finish()
    assert target.exists() and not (home / "practice.db").exists()
    r = run_cli("stats", "--db", str(target), "--format", "json", env=practice_env(home, DAY0))
    s = json.loads(r.stdout)
    assert {"reviews", "correct", "due", "families"} <= s.keys()
    assert (s["reviews"], s["correct"]) == (3, 2)
    p = s["families"]["perceptron"]
    assert (p["reviews"], p["correct"], p["accuracy"]) == (3, 2, 0.6667)
    assert s["families"]["backprop"]["reviews"] == 0 and s["streak"] == 1
    assert s["due_today"] == 0 and s["cards"]["started"] == 1
    text = run_cli("stats", "--db", str(target), env=practice_env(home, DAY0))
    assert "Reviews: 3 (67% correct)" in text.stdout and "perceptron" in text.stdout


def test_stats_without_a_database_creates_nothing(tmp_path):
    """A new student's JSON is the contract's object, all zeros; the text says there is
    no database yet. Neither creates the folder NNQUIZ_HOME names."""
    home = tmp_path / "none"
    r = run_cli("stats", "--format", "json", env=practice_env(home, DAY0))
    s = json.loads(r.stdout)
    assert r.returncode == 0 and s["reviews"] == 0 and s["due"] == 0
    assert len(s["families"]) == len(BUILTIN_MODULES) and s["database_exists"] is False
    r = run_cli("stats", env=practice_env(home, DAY0))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == (
        f"nnquiz: error: no practice database at {home / 'practice.db'} yet "
        "(run nnquiz practice first)\n"
    )
    assert not home.exists()


def test_stats_of_a_mistyped_db_path_is_an_error_not_zeros(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, "--new", "1", now=DAY0)
    d.answer()
    assert d.finish()[0] == 0
    typo = tmp_path / "practise.db"
    for fmt in ("text", "json"):
        r = run_cli("stats", "--db", str(typo), "--format", fmt, env=practice_env(tmp_path, DAY0))
        assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
        assert f"no practice database at {typo} yet (run nnquiz practice first)" in r.stderr
    assert not typo.exists()


def test_stats_says_when_the_next_card_is_due(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, "--new", "1", now=DAY0)
    while d.answer() is not None:
        pass
    assert d.finish()[0] == 0
    s = stats(tmp_path, at(0.1))
    assert s["due_today"] == s["due_tomorrow"] == 0 and s["next_due"]
    text = run_cli("stats", env=practice_env(tmp_path, at(0.1))).stdout
    date = s["next_due"][:10]
    assert "Due: 0 now, 0 today, 0 tomorrow; the next in " in text and f"({date})" in text


def test_a_damaged_card_state_does_not_lose_the_answer(tmp_path):
    d = Driver(tmp_path, "--family", "softmax", "--new", "1", now=DAY0)
    while d.answer() is not None:
        pass
    assert d.finish()[0] == 0
    with db(tmp_path) as c:
        c.execute("UPDATE cards SET fsrs = 'garbage{'")
        due = c.execute("SELECT due FROM cards").fetchone()[0]
    d = Driver(tmp_path, "--family", "softmax", "--new", "0",
               now=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(due + 3600)))  # fmt: skip
    pid = d.answer()
    code, out, err = d.finish()
    assert code == 0 and err == "" and "✓ correct" in out
    assert "the schedule of softmax:easy cannot be read" in out and "review is saved" in out
    assert reviews(tmp_path)[-1][1] == pid
    with db(tmp_path) as c:
        assert json.loads(c.execute("SELECT fsrs FROM cards").fetchone()[0])["stability"] > 0


def test_a_card_number_edited_into_text_is_one_line_naming_the_card(tmp_path):
    d = Driver(tmp_path, "--family", "softmax", "--new", "1", now=DAY0)
    d.answer()
    assert d.finish()[0] == 0
    with db(tmp_path) as c:
        c.execute("UPDATE cards SET due = 'tomorrow'")
    for command in (["practice"], ["stats"]):
        r = run_cli(*command, input="", env=practice_env(tmp_path, DAY0))
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert len(r.stderr.splitlines()) == 1 and "damaged (card softmax:easy: due" in r.stderr


def test_control_characters_typed_on_a_pipe_are_echoed_as_escapes(tmp_path):
    d = Driver(tmp_path, *PROBLEMS, "--new", "1", now=DAY0)
    d.prompt()
    d.send("\x1b[2J\x1b]0;pwned\x07")
    d.answer()
    code, out, err = d.finish()
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert " › \\x1b[2J\\x1b]0;pwned\\x07\n" in out  # the echo, and the error under it
    assert "Cannot read that: unexpected character U+001B" in out


def test_a_bad_nnquiz_now_is_a_clear_error(tmp_path):
    r = run_cli("practice", input="", env=practice_env(tmp_path, "yesterday"))
    assert r.returncode == 2 and "NNQUIZ_NOW='yesterday' is not a time" in r.stderr


def test_family_keeps_problems_made_ahead_to_those_families(tmp_path):
    """The background job makes the next new skills' problems ahead: with --family, of
    those families only (a perceptron problem made ahead would wait for another session)."""
    d = Driver(tmp_path, "--family", "backprop", "--family", "fgsm", "--new", "1", now=DAY0)
    d.answer()
    code, _, err = d.finish()
    assert code == 0 and err == ""
    with db(tmp_path) as c:
        keys = {r[0] for r in c.execute("SELECT card FROM prepared")}
    assert keys and {k.split(":")[0] for k in keys} <= {"backprop", "fgsm"}
    assert "fgsm:easy" in keys  # the next new skill of the session's families


def test_a_decimal_comma_is_asked_again_and_costs_nothing(tmp_path):
    # "0,349" for one number: a decimal comma, not a wrong answer; no review is recorded
    from nnquiz.problems import registry

    d = Driver(tmp_path, "--family", "bce", "--new", "1", now=DAY0)
    while True:
        pid, prompt = d.prompt()
        if prompt.startswith("Enter"):
            d.send("")
        elif prompt.endswith("4 easy › "):
            d.send("3")
        else:
            break
    problem = registry.show(pid)
    assert len(problem.parts) == 1
    value = problem.parts[0].answer
    d.send(f"{value:.4f}".replace(".", ","))
    again = d.prompt()
    assert again is not None and again[0] == pid  # the same problem, asked again
    d.send(f"{value:.6g}")
    d.send("q")
    code, out, err = d.finish()
    assert code == 0, err
    assert "a decimal comma?" in out and "it costs nothing" in out
    rows = [r for r in reviews(tmp_path) if r[1] == pid]
    assert rows == [(rows[0][0], pid, 1, rows[0][3])]  # one review, right


def test_stats_does_not_import_numpy(tmp_path):
    import subprocess
    import sys

    d = Driver(tmp_path, "--family", "softmax", "--new", "1", now=DAY0)
    d.answer()
    assert d.finish()[0] == 0
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('numpy', 'numpy' in sys.modules, file=sys.stderr))\n"
        "sys.argv[0] = 'nnquiz'\n"
        "from nnquiz.cli import main\n"
        "main()\n"
    )
    for fmt in ("text", "json"):
        r = subprocess.run(
            [sys.executable, "-c", code, "stats", "--format", fmt],
            capture_output=True,
            text=True,
            env=practice_env(tmp_path, DAY0),
            timeout=60,
        )
        assert r.returncode == 0 and "softmax" in r.stdout, r.stderr
        assert r.stderr.strip() == "numpy False"


def test_a_time_out_of_range_is_one_line_naming_the_card(tmp_path):
    import shutil

    d = Driver(tmp_path, "--family", "softmax", "--new", "1", now=DAY0)
    d.answer()
    assert d.finish()[0] == 0
    good = tmp_path / "good.db"
    shutil.copy(tmp_path / "practice.db", good)
    for table, column, value in (("cards", "due", 1e20), ("cards", "created", -1e15),
                                 ("reviews", "time", 1e300)):  # fmt: skip
        shutil.copy(good, tmp_path / "practice.db")
        with db(tmp_path) as c:
            c.execute(f"UPDATE {table} SET {column} = ?", (value,))
        c.close()
        for command in (["practice"], ["stats"])[table == "reviews" :]:  # practice: cards
            r = run_cli(*command, input="", env=practice_env(tmp_path, DAY0))
            assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
            said = f"damaged (card softmax:easy: {column} is {value!r}, not a time"
            assert len(r.stderr.splitlines()) == 1 and said in r.stderr, r.stderr


def test_credit_carried_forward_in_a_session(tmp_path):
    """An fgsm problem with the sign of ∂L/∂x slipped in (a) and x_adv worked from it in
    (b): the session says (b) follows from (a), full credit, names no FGSM mistake the
    student did not make (it said "FGSM moves along the sign of the gradient, not against
    it"), and the review is saved with its score (1/2) as a miss, rated Again: a hit is
    a problem with every part right (docs/practice.md)."""
    import numpy as np

    from nnquiz.problems import registry

    d = Driver(tmp_path, "--family", "fgsm", "--new", "1", now=DAY0)
    pid, prompt = d.prompt()
    assert prompt == "(a) › ", prompt
    p = registry.show(pid)
    slipped = -np.asarray(p.parts[0].answer, dtype=float)
    x_adv = np.asarray(p.given["x"], dtype=float) + p.given["epsilon"] * np.sign(slipped)
    d.send("[" + ", ".join(repr(float(v)) for v in slipped) + "]")
    d.prompt()
    d.send("[" + ", ".join(repr(float(v)) for v in x_adv) + "]")
    code, out, err = d.finish()  # nothing else is due: the session ends
    assert code == 0, err
    assert "(b) follows correctly from your (a): error carried forward, full credit." in out
    assert "1 more follows from your earlier answers" in out
    assert "FGSM moves along the sign" not in out
    assert "Again" in out
    with db(tmp_path) as c:
        row = c.execute("SELECT problem, correct, score, rating FROM reviews").fetchall()
    assert row == [(pid, 0, 0.5, 1)]
