"""Starter problems: the shipped first problems of new skills (nnquiz/practice/starters).

They must be exactly what this nnquiz generates and read back into the same problem.
"""

from __future__ import annotations

import json

import pytest

from nnquiz.practice import course, starters
from nnquiz.practice.ahead import MAX_SEED
from nnquiz.practice.prepared import ProblemView, to_json
from nnquiz.practice.starters import make
from nnquiz.problems.builtin import BUILTIN_MODULES

from . import student


def shipped(family: str) -> list[str]:
    return starters.read(family, starters.DIFFICULTY)


# ---------------------------------------------------------------- the files


def test_the_shipped_starters_are_what_this_nnquiz_generates():
    stale = [f for f in BUILTIN_MODULES if starters.path(f).read_text("utf-8") != make.text(f)]
    assert not stale, (
        f"the starter problems of {', '.join(stale)} are not what this nnquiz generates: "
        f"run `{make.COMMAND}` and commit nnquiz/practice/starters/"
    )
    files = {p.stem for p in starters.FOLDER.glob("*.jsonl")}
    assert files == set(BUILTIN_MODULES), f"run `{make.COMMAND}`: it removes stale files"


@pytest.mark.parametrize("family", BUILTIN_MODULES)
def test_every_starter_regenerates_from_its_id(family):
    from nnquiz.problems import registry

    lines = shipped(family)
    assert 1 <= len(lines) <= make.COUNT
    assert len(lines) == make.COUNT or family == "vanishing"  # 5 easy problems exist
    questions = set()
    for line in lines:
        d = json.loads(line)
        assert d["id"] == f"{family}:easy:{d['seed']}" and 1 <= d["seed"] <= MAX_SEED
        again = to_json(registry.generate(family, d["seed"], "easy"))
        assert again == line, f"{d['id']} has changed: run `{make.COMMAND}`"
        questions.add((d["question"]["text"], tuple(p["prompt"] for p in d["parts"])))
    assert len(questions) == len(lines)  # no question twice in a pool


@pytest.mark.parametrize("family", BUILTIN_MODULES)
def test_a_starter_round_trips_and_grades_as_the_real_problem(family):
    from nnquiz.answers import grade
    from nnquiz.problems import registry

    for line in shipped(family):
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
    """Starters cover only easy because a brand-new student meets easy skills first."""
    for family in BUILTIN_MODULES:
        first = course.new_items([family], [], set())[0]
        assert (first.family, first.difficulty) == (family, starters.DIFFICULTY)
    problems = [i for i in course.new_items(BUILTIN_MODULES, [], set()) if i.kind == "problem"]
    assert {i.difficulty for i in problems[: len(BUILTIN_MODULES)]} == {starters.DIFFICULTY}


def test_read_has_nothing_for_other_skills_or_missing_files(tmp_path, monkeypatch):
    assert shipped("backprop") and starters.read("backprop", "medium") == []
    assert starters.read("../backprop", "easy") == [] and starters.read(None, None) == []
    monkeypatch.setattr(starters, "FOLDER", tmp_path)
    assert starters.read("backprop", "easy") == []
    (tmp_path / "backprop.jsonl").write_bytes(b"\xff\xfe not UTF-8")
    assert starters.read("backprop", "easy") == []
