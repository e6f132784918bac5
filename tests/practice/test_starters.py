"""Starter problems: the shipped first problems of new skills (nnquiz/practice/starters).

They must be exactly what this nnquiz generates, read back into the same problem, be
shown without the problem families (so without NumPy), and give way to a fresh problem
once the student has seen them all.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from nnquiz.practice import course, starters
from nnquiz.practice.ahead import MAX_SEED, Problems, starter
from nnquiz.practice.prepared import ProblemView, code_stamp, to_json
from nnquiz.practice.starters import make
from nnquiz.practice.store import ReviewRow, Store
from nnquiz.problems.families import BUILTIN_MODULES

from ..conftest import ROOT
from . import student
from .driver import Driver
from .test_practice_cli import DAY0, reviews

SKILL = course.skill("backprop", "easy")


def shipped(family: str) -> list[str]:
    return starters.read(family, starters.DIFFICULTY)


def ids(family: str) -> set[str]:
    return {json.loads(line)["id"] for line in shipped(family)}


def boom():
    raise AssertionError("the problem registry (and NumPy) was loaded")


def seen(store: Store, key: str, problem_ids) -> None:
    """Record a review of each problem in ``problem_ids`` (cram-style: no card row)."""
    for pid in problem_ids:
        row = ReviewRow(key, 0.0, pid, "{}", True, 1.0, 10.0, None, 0)
        store.record(key, lambda _, row=row: (None, row))


# ---------------------------------------------------------------- the files


SKILLS = [(f, d) for f in BUILTIN_MODULES for d in starters.DIFFICULTIES]


def starter_lines(family: str, difficulty: str) -> list[str]:
    """The shipped starters of a skill; a missing file (a new family) says how to make it."""
    assert starters.path(family, difficulty).is_file(), (
        f"no starter problems for {family} ({difficulty}): run `{make.COMMAND}` "
        "and commit nnquiz/practice/starters/"
    )
    return starters.read(family, difficulty)


def test_the_shipped_starters_are_what_this_nnquiz_generates():
    missing = [f"{f} ({d})" for f, d in SKILLS if not starters.path(f, d).is_file()]
    assert not missing, (
        f"no starter problems for {', '.join(missing)}: run `{make.COMMAND}` "
        "and commit nnquiz/practice/starters/"
    )
    stale = [
        f"{f} ({d})" for f, d in SKILLS if starters.path(f, d).read_text("utf-8") != make.text(f, d)
    ]
    assert not stale, (
        f"the starter problems of {', '.join(stale)} are not what this nnquiz generates: "
        f"run `{make.COMMAND}` and commit nnquiz/practice/starters/"
    )
    files = {p.name for p in starters.FOLDER.glob("*.jsonl")}
    wanted = {starters.path(f, d).name for f, d in SKILLS}
    assert files == wanted, f"run `{make.COMMAND}`: it removes stale files"


@pytest.mark.parametrize("family, difficulty", SKILLS)
def test_every_starter_regenerates_from_its_id(family, difficulty):
    from nnquiz.problems import registry

    lines = starter_lines(family, difficulty)
    count = make.COUNTS[difficulty]
    assert 1 <= len(lines) <= count
    assert len(lines) == count or (family, difficulty) == ("vanishing", "easy")  # 5 exist
    questions = set()
    for line in lines:
        d = json.loads(line)
        family_of = registry.get(family)
        assert d["id"] == registry.make_id(family_of, difficulty, d["seed"])
        assert 1 <= d["seed"] <= MAX_SEED
        assert d["difficulty"] == difficulty
        again = to_json(registry.generate(family, d["seed"], difficulty))
        assert again == line, f"{d['id']} has changed: run `{make.COMMAND}`"
        questions.add((d["question"]["text"], tuple(p["prompt"] for p in d["parts"])))
    assert len(questions) == len(lines)  # no question twice in a pool


@pytest.mark.parametrize("family, difficulty", SKILLS)
def test_a_starter_round_trips_and_grades_as_the_real_problem(family, difficulty):
    from nnquiz.answers import grade
    from nnquiz.problems import registry

    for line in starter_lines(family, difficulty):
        view = ProblemView.from_json(line)
        rebuilt = view.problem()  # what the session grades the answer against
        assert to_json(rebuilt) == line
        real = registry.show(view.id)
        answers = [
            {p.label: student.right(p.answer) for p in real.parts},
            {p.label: student.wrong(p.answer) for p in real.parts},
        ]
        for m in real.mistakes:  # each declared mistake is named the same way
            answers.append({k: student.right(v) for k, v in m.answers.items()})
        for typed in answers:
            assert grade(rebuilt, typed) == grade(real, typed), (view.id, typed)
        assert grade(rebuilt, answers[0]).correct


def test_new_skills_start_at_the_starters_difficulty():
    """A brand-new student meets easy skills first: 8 easy starters a family, 4 others."""
    for family in BUILTIN_MODULES:
        first = course.new_items([family], [], set())[0]
        assert (first.family, first.difficulty) == (family, starters.DIFFICULTY)
    problems = [i for i in course.new_items(BUILTIN_MODULES, [], set()) if i.kind == "problem"]
    assert {i.difficulty for i in problems[: len(BUILTIN_MODULES)]} == {starters.DIFFICULTY}


def test_read_has_nothing_for_other_skills_or_missing_files(tmp_path, monkeypatch):
    assert shipped("backprop") and starters.read("backprop", "custom") == []
    assert starters.read("../backprop", "easy") == [] and starters.read(None, None) == []
    assert starters.read("backprop.medium", "easy") == []
    monkeypatch.setattr(starters, "FOLDER", tmp_path)
    assert starters.read("backprop", "easy") == []
    (tmp_path / "backprop.jsonl").write_bytes(b"\xff\xfe not UTF-8")
    assert starters.read("backprop", "easy") == []


# ---------------------------------------------------------------- choosing one


def test_a_starter_is_shown_without_the_problem_registry(tmp_path):
    with Store.open(tmp_path / "p.db") as store:
        state = random.getstate()
        shown, full = Problems(store, code_stamp(), registry=boom).for_item(SKILL)
        assert random.getstate() == state  # the OS's randomness, no global state
    assert isinstance(shown, ProblemView) and full is None
    assert shown.id in ids("backprop")


def run_on_new_database(code: str, tmp_path) -> list[str]:
    """The words ``code`` prints, run in a new process (so nothing is imported yet) with
    a new database's path as its argument."""
    r = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


@pytest.mark.parametrize("difficulty", starters.DIFFICULTIES)
def test_the_first_problem_of_a_new_database_leaves_numpy_unimported(difficulty, tmp_path):
    # medium and hard too: after an upgrade nothing made ahead is used, and a student's
    # first skill may be at any difficulty
    code = (
        "import sys; from pathlib import Path\n"
        "from nnquiz.practice.ahead import Problems\n"
        "from nnquiz.practice.course import skill\n"
        "from nnquiz.practice.prepared import code_stamp\n"
        "from nnquiz.practice.store import Store\n"
        "with Store.open(Path(sys.argv[1])) as store:\n"
        f"    item = skill('backprop', '{difficulty}')\n"
        "    shown, full = Problems(store, code_stamp()).for_item(item)\n"
        "print(shown.id, full is None, 'numpy' in sys.modules)\n"
    )
    pid, made_ahead_like, numpy = run_on_new_database(code, tmp_path)
    pool = {json.loads(line)["id"] for line in starters.read("backprop", difficulty)}
    assert pid in pool and made_ahead_like == "True" and numpy == "False"


SESSION = """
import io, sys
from datetime import UTC, datetime
from pathlib import Path
from nnquiz.practice.clock import ManualClock
from nnquiz.practice.screen import Screen
from nnquiz.practice.session import Options, Session
from nnquiz.practice.store import Store

class Watch(Screen):
    \"\"\"Notes whether NumPy was imported when the first problem appeared; then quits.\"\"\"
    numpy = None

    def show(self, text="", style=None):
        if text.startswith("[backprop:") and self.numpy is None:
            self.numpy = "numpy" in sys.modules
            print(text.split("]")[0][1:])
        super().show(text, style)

    def ask(self, prompt):
        raise EOFError

with Store.open(Path(sys.argv[1])) as store:
    screen = Watch(io.StringIO(), io.StringIO(), styled=False, colour=False, width=0)
    clock = ManualClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    session = Session(store, clock, screen, Options(families=("backprop",)))
    session.run()
    session.close()
print(screen.numpy)
"""


def test_a_first_session_shows_its_first_problem_before_numpy_loads(tmp_path):
    """The whole session in a new process: NumPy loads only after the problem is shown
    (in the background, while the student reads)."""
    pid, numpy = run_on_new_database(SESSION, tmp_path)
    assert pid in ids("backprop") and numpy == "False"


def test_a_starter_is_one_the_student_has_not_seen(tmp_path):
    pool = sorted(ids("backprop"))
    with Store.open(tmp_path / "p.db") as store:
        seen(store, SKILL.key, pool[:-1])
        for _ in range(5):
            shown, full = Problems(store, code_stamp(), registry=boom).for_item(SKILL)
            assert shown.id == pool[-1] and full is None


def test_a_student_who_has_seen_every_starter_gets_a_fresh_problem(tmp_path):
    from nnquiz.problems.model import Problem

    pool = ids("backprop")
    with Store.open(tmp_path / "p.db") as store:
        seen(store, SKILL.key, pool)
        shown, full = Problems(store, code_stamp()).for_item(SKILL)
    assert isinstance(full, Problem) and shown is full
    assert full.id.startswith("backprop:easy:") and full.id not in pool


def test_unreadable_or_missing_starters_fall_back_to_a_fresh_problem(tmp_path):
    bad = ["not JSON", '{"id": "backprop:easy:1"}', "[1, 2]", '{"schema": 1}']
    with Store.open(tmp_path / "p.db") as store:
        assert starter(store, SKILL, read=lambda f, d: bad) is None
        assert starter(store, SKILL, read=lambda f, d: []) is None
        other = shipped("softmax")  # a file holding another family's problems
        assert starter(store, SKILL, read=lambda f, d: other) is None
        for read in (lambda f, d: bad, lambda f, d: []):
            shown, full = Problems(store, code_stamp(), starters=read).for_item(SKILL)
            assert full is not None and shown is full and full.id not in ids("backprop")


# ---------------------------------------------------------------- a real first session


def test_a_first_session_ever_starts_with_a_starter_and_grades_it(tmp_path):
    d = Driver(tmp_path, "--family", "backprop", "--new", "1", now=DAY0)
    first = d.answer(correct=True)  # typed from `nnquiz show ID`: the real problem
    second = d.answer(correct=True)  # the learning step: a problem made while reading
    code, out, err = d.finish()
    assert code == 0 and err == ""
    assert first in ids("backprop") and second.startswith("backprop:easy:") and second != first
    block = out[out.index(f"[{first}]") : out.index(f"[{second}]")]
    assert "✓ correct" in block and "✗" not in block
    assert [r[:3] for r in reviews(tmp_path)] == [
        ("backprop:easy", first, 1),
        ("backprop:easy", second, 1),
    ]


def test_a_wrong_answer_to_a_starter_gets_its_worked_solution(tmp_path):
    from nnquiz.problems import registry

    d = Driver(tmp_path, "--family", "backprop", "--new", "1", now=DAY0)
    first = d.answer(correct=False)
    d.prompt()  # the next problem is on screen: the feedback is complete
    code, out, err = d.finish()
    assert code == 0 and err == "" and first in ids("backprop")
    assert "✗ incorrect" in out and registry.show(first).solution_text in out
    assert [r[:3] for r in reviews(tmp_path)] == [("backprop:easy", first, 0)]
