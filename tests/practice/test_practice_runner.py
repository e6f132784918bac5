"""Sessions through click's CliRunner: the student answers what the session printed, and
concept cards from a cards/ folder are shown, revealed and rated."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from click.testing import CliRunner

from nnquiz.cli import cli
from nnquiz.errors import UserError

from . import student

DAY0 = "2026-03-02T12:00:00+00:00"

CARDS = r"""
topic = "Binary cross-entropy"

[[cards]]
id = "bce-formula"
section = "Binary Cross Entropy"
front = 'Write the binary cross-entropy of predictions \(p_i\) with labels \(y_i\).'
back = '''\[\mathcal{L} = -\frac{1}{n} \sum_{i=1}^{n}
\left[ y_i \ln p_i + (1 - y_i) \ln(1 - p_i) \right]\]'''
erratum = 'The notes lost the leading minus sign.'

[[cards]]
id = "bce-labels"
section = "Binary Cross Entropy"
front = 'Which values can the label \(y\) take?'
back = '**0 or 1**.'
"""


def invoke(home, *args, policy, now=DAY0):
    env = {"NNQUIZ_HOME": str(home), "NNQUIZ_NOW": now}
    return CliRunner().invoke(cli, ["practice", *args], input=student.Stdin(policy), env=env)


def answering(correct=True, rating="3", most=40):
    """A policy: answer every prompt (at most ``most`` times), then the end of input."""
    count = [0]

    def policy(out):
        count[0] += 1
        return None if count[0] > most else student.answer(out, correct, rating, wait=False)

    return policy


def reviews(home):
    with sqlite3.connect(home / "practice.db") as c:
        rows = c.execute("SELECT card, problem, correct, rating FROM reviews ORDER BY id")
        return rows.fetchall()


@pytest.fixture
def cards(tmp_path, monkeypatch):
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "06-bce.toml").write_text(CARDS, encoding="utf-8")
    monkeypatch.setattr("nnquiz.resources.cards", lambda: folder)
    return folder


def test_a_session_through_clirunner(tmp_path):
    problems = ("--family", "perceptron", "--family", "separable")
    r = invoke(tmp_path, *problems, "--new", "2", policy=answering())
    assert r.exit_code == 0, r.output
    assert "Session: 4 reviewed, 4 correct (100%)" in r.output
    assert [x[0] for x in reviews(tmp_path)] == ["perceptron:easy", "separable:easy"] * 2
    ids = student.HEADER.findall(r.output)
    assert len(set(ids)) == 4 and [x[1] for x in reviews(tmp_path)] == ids


def test_concept_cards_are_revealed_rated_and_scheduled(tmp_path, cards):
    r = invoke(tmp_path, "--new", "12", policy=answering(rating="3", most=200))
    assert r.exit_code == 0, r.output
    out = r.output
    assert "[card:bce-formula] Concept card · Binary cross-entropy · Binary Cross Entropy" in out
    assert "Write the binary cross-entropy of predictions pᵢ with labels yᵢ." in out
    assert "ℒ = −(1/n) Σᵢ₌₁ⁿ [ yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ) ]" in out
    assert "Where the notes are wrong: The notes lost the leading minus sign." in out
    assert "0 or 1." in out and "**" not in out  # bold is plain text on a pipe
    keys = list(dict.fromkeys(x[0] for x in reviews(tmp_path)))  # in order of first review
    # concept cards and problems alternate while both last
    assert keys[:5] == [
        "card:bce-formula", "perceptron:easy", "card:bce-labels", "separable:easy", "neuron:easy"
    ]  # fmt: skip
    assert len(keys) == 12
    concept = [x for x in reviews(tmp_path) if x[0].startswith("card:")]
    assert all(problem is None and rating == 3 for _, problem, _, rating in concept)


def test_a_concept_card_rated_again_comes_back(tmp_path, cards):
    ratings = iter(["1", "3", "3", "3"])

    def policy(out):
        if student.rating_prompt(out):
            return next(ratings, None)
        if out.endswith(student.REVEAL):
            return ""
        return None  # no problems in this test

    r = invoke(tmp_path, "--new", "1", policy=policy)
    assert r.exit_code == 0, r.output
    assert r.output.count("[card:bce-formula]") == 1  # not before its step (1 min)
    assert "Again · back in 1 min" in r.output and "the next, card:bce-formula, is due" in r.output
    r = invoke(tmp_path, "--new", "0", policy=policy, now="2026-03-02T12:02:00+00:00")
    assert r.output.count("[card:bce-formula]") >= 1
    assert reviews(tmp_path)[:2] == [
        ("card:bce-formula", None, 0, 1),
        ("card:bce-formula", None, 1, 3),
    ]


def test_family_leaves_concept_cards_out(tmp_path, cards):
    r = invoke(tmp_path, "--family", "bce", "--new", "2", policy=answering(most=3))
    assert "[card:" not in r.output and "[bce:" in r.output


def test_stats_through_clirunner(tmp_path, cards):
    invoke(tmp_path, "--new", "2", policy=answering())
    env = {"NNQUIZ_HOME": str(tmp_path), "NNQUIZ_NOW": DAY0}
    r = CliRunner().invoke(cli, ["stats", "--format", "json"], env=env)
    s = json.loads(r.output)
    assert s["concepts"]["reviews"] == 2 and s["reviews"] == 4  # two learning steps each
    assert s["families"]["perceptron"]["difficulties"]["easy"]["reviews"] == 2


def test_a_corrupt_database_through_clirunner(tmp_path):
    (tmp_path / "practice.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    r = invoke(tmp_path, policy=answering())
    assert isinstance(r.exception, UserError) and "left untouched" in str(r.exception)
    assert (tmp_path / "practice.db").read_bytes() == b"SQLite format 3\x00" + b"\xff" * 4000


def test_undo_after_a_concept_card_shows_the_card_again(tmp_path, cards):
    script = iter(["", "3", "u", "", "3"])  # reveal, rate Good, undo, reveal, rate Good

    def policy(out):
        return next(script, None)

    r = invoke(tmp_path, "--new", "1", policy=policy)
    assert r.exit_code == 0, r.output
    assert "Undone: the review of card:bce-formula. Here it is again." in r.output
    # shown; rated Good, its first learning step (10 min), and shown early since nothing
    # else is left (learn-ahead), where u undoes the Good; shown again after the undo;
    # then once more, early again (the input ends there)
    assert r.output.count("[card:bce-formula]") == 4
    assert reviews(tmp_path) == [("card:bce-formula", None, 1, 3)]


def test_a_database_that_cannot_be_written_is_refused_before_the_first_problem(
    tmp_path, monkeypatch
):
    from nnquiz.practice import schema

    invoke(tmp_path, "--family", "softmax", "--new", "1", policy=answering(most=2))
    before = reviews(tmp_path)
    real = schema.open_connection
    monkeypatch.setattr(schema, "open_connection", lambda p, readonly=False, immutable=False:
                        real(p, True, immutable))  # fmt: skip
    asked = []

    def policy(out):
        asked.append(out)
        return student.answer(out)

    r = invoke(tmp_path, "--family", "softmax", "--new", "1", policy=policy)
    assert isinstance(r.exception, schema.ReadOnly) and not asked  # no problem was shown
    said = str(r.exception)
    assert "read-only" in said and str(tmp_path / "practice.db") in said
    assert "damaged" not in said and "\n" not in said and "[softmax:" not in r.output
    assert reviews(tmp_path) == before


def test_stats_only_reads(tmp_path, monkeypatch):
    from nnquiz.practice import schema

    invoke(tmp_path, "--family", "softmax", "--new", "1", policy=answering(most=2))
    real = schema.open_connection

    def opener(path, readonly=False, immutable=False):
        assert readonly, "stats opened the database for writing"
        return real(path, readonly, immutable)

    monkeypatch.setattr(schema, "open_connection", opener)
    env = {"NNQUIZ_HOME": str(tmp_path), "NNQUIZ_NOW": DAY0}
    r = CliRunner().invoke(cli, ["stats", "--format", "json"], env=env)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["reviews"] == 2


def test_help_at_a_concept_card_is_about_rating_it(tmp_path, cards):
    script = iter(["?", "", "?", "3"])
    r = invoke(tmp_path, "--new", "1", policy=lambda out: next(script, None))
    assert r.exit_code == 0, r.output
    reveal, rate = re.split(r"4 easy \S+ › \?", r.output.split("Enter shows the answer › ?")[1])
    assert "press Enter to see it" in reveal and "Type the answer" not in reveal
    assert "1 again" in rate and "4 easy" in rate and "Enter alone is 3" in rate
    assert "Type the answer" not in rate and "skip" not in rate.split("Commands:")[1]


def test_help_at_a_problem_lists_what_the_reader_accepts_and_skip(tmp_path):
    script = iter(["?"])
    r = invoke(tmp_path, "--family", "softmax", "--new", "1",
               policy=lambda out: next(script, None))  # fmt: skip
    shown = r.output.split("answer › ?")[1]
    for accepted in ("25%", "1e-3", "ln(2)", "log is ln", "sqrt(2)", "exp(-1)", "[1 2; 3 4]"):
        assert accepted in shown, accepted
    assert "skip shows the worked solution and counts as a miss (Again)" in shown
    from nnquiz.answers import read

    for typed in ("25%", "1e-3", "ln(2)", "log(2)", "sqrt(2)", "exp(-1)"):
        read(typed)  # each example is one the reader takes


def test_skip_shows_the_solution_and_counts_as_again(tmp_path):
    script = ["", "skip"]  # an empty answer first: refused, pointing to skip
    then = answering(most=3)

    def policy(out):
        return script.pop(0) if script else then(out)

    r = invoke(tmp_path, "--family", "softmax", "--new", "1", policy=policy)
    assert r.exit_code == 0, r.output
    out = r.output
    assert "No answer typed. Type one, or skip to see the worked solution" in out
    block = out.split("answer › skip")[1]
    assert block.lstrip().startswith("Skipped: it counts as a miss (Again).")
    assert "Again · back in 1 min" in block and "Worked solution" in block
    assert "✓" not in block.split("Worked solution")[0]  # nothing was graded
    rows = reviews(tmp_path)
    assert rows[0][2:] == (0, 1)  # a miss, rated Again
    with sqlite3.connect(tmp_path / "practice.db") as c:
        answer, score = c.execute("SELECT answer, score FROM reviews ORDER BY id").fetchone()
    assert json.loads(answer) == {"a": "skip"} and score == 0
    ids = student.HEADER.findall(out)
    assert len(ids) == 1  # not back before its learning step (the session ends there)
    r = invoke(tmp_path, "--family", "softmax", "--new", "0", policy=answering(most=2),
               now="2026-03-02T12:02:00+00:00")  # fmt: skip
    again = student.HEADER.findall(r.output)
    assert again and again[0] != ids[0]  # it came back with new numbers
