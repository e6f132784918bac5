"""A student's rows wait in the main process until the worker that makes their problems
places them; a student with more than ROWS_HELD rows (a hostile or broken file) has
their problems made in the main process and their rows placed as they are read, so
memory stays bounded by the class. Either way the grades, summary and feedback are the
same."""

from __future__ import annotations

import random

from nnquiz.homework import matching
from nnquiz.homework.assignment import load_assignment
from nnquiz.homework.feedback import feedback_markdown
from nnquiz.homework.grading import grade_class
from nnquiz.homework.report import gradebook
from nnquiz.homework.roster import read_roster
from nnquiz.homework.submissions import read_submissions
from nnquiz.homework.summary import summary_text

from .conftest import write


def test_rows_placed_as_read_beyond_rows_held_grade_the_same(tmp_path, monkeypatch):
    write(tmp_path)
    rng = random.Random(3)
    rows = ["student_id,question,answer"]
    for _ in range(400):  # answers, duplicates, parts and questions that do not exist
        sid = rng.choice(["s001", "s002", "s003", "s009"])
        question = rng.choice(["1", "2a", "2b", "2c", "2", "2z", "3", "7", "x"])
        rows.append(f'{sid},{question},"{rng.choice(["0.5", "[0.1, 0.9]", "", "ln(("])}"')
    (tmp_path / "subs.csv").write_text("\n".join(rows) + "\n")
    plan = load_assignment(tmp_path / "hw.toml")
    students = read_roster(tmp_path / "roster.csv", None)

    def graded():
        subs = read_submissions([tmp_path / "subs.csv"], [s.id for s in students], [1, 2, 3])
        result = grade_class(plan, students, subs)
        pages = [feedback_markdown(plan, s) for s in result.students]
        return gradebook(result), summary_text(result), pages

    held = graded()
    monkeypatch.setattr(matching, "ROWS_HELD", 5)
    placed_as_read = graded()
    assert placed_as_read == held
    assert "answered question" in held[1] and "has no part z" in held[1]
