"""Grades back: `nnquiz grade` reads Canvas's Student Analysis report and Moodle's
Responses report of a quiz `nnquiz quiz` made, written here as those platforms write
them (Canvas: Quizzes::QuizStatistics::StudentAnalysis#to_csv; Moodle: the Responses
report with the question text, Cloze responses summarised as "part 1: …; part 2: …"),
and grades every number with nnquiz's tolerance, naming the mistakes."""

from __future__ import annotations

import csv
import re

import pytest

from nnquiz.problems import registry
from nnquiz.quiz.variants import entries

from ..conftest import run_cli


def _text(html: str) -> str:
    """What Canvas's strip_tags and Moodle's html_to_text leave of question HTML."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _numbers(problem, mistake: str | None = None) -> list[str]:
    """Every entry of the problem as a student would type it (to 4 significant digits),
    or the values a declared mistake gives where it changes them."""
    wrong = next((m.answers for m in problem.mistakes if m.id == mistake), {})
    out = []
    for part in problem.parts:
        values = entries(part)
        if part.label in wrong:
            flat = wrong[part.label]
            flat = (
                [x for r in flat for x in (r if isinstance(r, list) else [r])]
                if isinstance(flat, list)
                else [flat]
            )
            out += [f"{v:.4g}" for v in flat]
        else:
            out += [f"{e.value:.4g}" for e in values]
    return out


@pytest.fixture(scope="module")
def picks(questions):
    """Three students: all right, one mistake in question 3, nothing for question 2."""
    backprop = questions[2].variants[1].problem
    mistake = backprop.mistakes[0].id
    plan = []
    for s, (sid, name) in enumerate([("s1", "Ada"), ("s2", "Bo"), ("s3", "Cy")]):
        rows = {}
        for qq in questions:
            v = qq.variants[(s + qq.question.number) % len(qq.variants)]
            if qq.question.family == "backprop":
                v = qq.variants[1]
            if sid == "s3" and qq.question.number == 2:
                rows[qq.question.number] = (v, None)
                continue
            rows[qq.question.number] = (v, mistake if sid == "s2" and v.problem is backprop else "")
        plan.append((sid, name, rows))
    return plan, mistake


def test_canvas_student_analysis_is_graded_with_the_tolerance(
    tmp_path, assignment_file, questions, picks
):
    from nnquiz.quiz import html

    students, mistake = picks
    items = [(qq, v) for qq in questions for v in qq.variants]
    header = ["name", "id", "sis_id", "section", "section_id", "section_sis_id", "submitted"]
    for k, (qq, v) in enumerate(items):
        text = _text(html.question_html(v, "mathml", lambda e: f"[{e.name}]"))
        header += [f"{9000 + k}: {text}", f"{qq.question.points:.1f}"]
    header += ["n correct", "n incorrect", "score"]
    rows = []
    for sid, name, mine in students:
        row = [name, str(100 + len(rows)), sid, "Sec 1", "7", "", "2026-12-01 10:00:00 UTC"]
        for qq, v in items:
            chosen, why = mine[qq.question.number]
            if chosen is not v:
                row += ["", ""]
            elif why is None:
                row += ["", "0.0"]  # drawn, left empty
            else:
                values = _numbers(v.problem, why or None)
                row += [",".join(values), "1.0"]
        rows.append(row + ["3", "1", "12.0"])
    path = tmp_path / "analysis.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    _grade_and_check(tmp_path, assignment_file, path, mistake)


def test_moodle_responses_are_graded_with_the_tolerance(
    tmp_path, assignment_file, questions, picks
):
    from nnquiz.quiz import moodle

    students, mistake = picks
    header = [
        "Surname",
        "First name",
        "ID number",
        "State",
        "Started on",
        "Completed",
        "Time taken",
        "Grade/16.00",
    ]
    for qq in questions:
        n = qq.question.number
        header += [f"Question {n}", f"Response {n}", f"Right answer {n}"]
    rows = []
    for sid, name, mine in students:
        row = [name, "X", sid, "Finished", "1 December 2026", "1 December 2026", "5 mins", "9.00"]
        for qq in questions:
            v, why = mine[qq.question.number]
            text = _text(re.sub(r"\{\d+:NUMERICAL:.*?\}", "_____", moodle.question_text(v)))
            values = [] if why is None else _numbers(v.problem, why or None)
            response = "; ".join(f"part {i}: {x}" for i, x in enumerate(values, 1)) or "-"
            right = "; ".join(f"part {i}: {x}" for i, x in enumerate(_numbers(v.problem), 1))
            row += [text, response, right]
        rows.append(row)
    rows.append(["Overall average", "", "", "", "", "", "", "8.00"] + [""] * (3 * len(questions)))
    path = tmp_path / "responses.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows([header, *rows])
    _grade_and_check(tmp_path, assignment_file, path, mistake)


def _grade_and_check(tmp_path, assignment_file, path, mistake):
    out, fb = tmp_path / "grades.csv", tmp_path / "fb"
    run = run_cli(
        "grade", str(assignment_file), str(path), "--out", str(out), "--feedback", str(fb)
    )
    assert run.returncode == 0, run.stderr
    with out.open(encoding="utf-8") as f:
        grades = {r["student_id"]: r for r in csv.DictReader(f)}
    assert list(grades) == ["s1", "s2", "s3"]
    assert float(grades["s1"]["total"]) == float(grades["s1"]["max"])  # every number right
    assert float(grades["s2"]["q3"]) < 10 and float(grades["s2"]["q1"]) == 2
    assert float(grades["s3"]["q2"]) == 0 and float(grades["s3"]["q1"]) == 2
    assert f"[{mistake}]" in run.stdout  # the class summary names the mistake
    message = next(m.message for m in registry.generate("backprop", 1).mistakes if m.id == mistake)
    feedback = (fb / "s2.md").read_text(encoding="utf-8")
    assert message.split(":")[0] in feedback  # the student is told the mistake
    assert "Bo (s2)" in feedback.splitlines()[0]  # by the name the export gives


def test_a_plain_submissions_file_still_needs_a_roster(tmp_path, assignment_file):
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns1,1,0.5\n")
    run = run_cli("grade", str(assignment_file), str(subs), "--out", str(tmp_path / "g.csv"))
    assert run.returncode == 2 and "--roster" in run.stderr and "Traceback" not in run.stderr
