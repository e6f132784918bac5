"""A student's feedback (Markdown): every answer that lost points, why, and the worked
solution of each such question."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from ..answers import PartGrade
from ..problems.model import Problem
from .assignment import Assignment
from .grading import QuestionResult, StudentResult, round_points, shown_points
from .mathml import to_markdown
from .sheets import code, md_code, points
from .views import answer_text, tolerance_text

MAX_ECHO = 200  # characters of a typed answer repeated back


Full = Callable[[str, int], Problem]  # (student id, question) -> the problem, whole


def feedback_markdown(assignment: Assignment, s: StudentResult, full: Full | None = None) -> str:
    """The feedback page; ``full`` gives a problem with its worked solution when the
    graded problems were read without (``nnquiz grade --key``)."""
    name = s.student.name or s.student.id
    top = round_points(assignment.max_points)
    lines = [
        f"# {assignment.title}: feedback for {name} ({s.student.id})",
        "",
        f"**Score: {shown_points(s.total)} of {shown_points(top)} points.**",
        "",
        "| question | points |",
        "| --- | --- |",
    ]
    for q in s.questions:
        mark = "" if q.full else " ←"
        got = f"{shown_points(q.points)} of {points(q.question.points)}{mark}"
        lines.append(f"| {q.question.number} | {got} |")
    lines.append("")
    if s.rows == 0:
        lines += ["No answers from you were found in the submissions file.", ""]
    lost = [q for q in s.questions if not q.full]
    if not lost:
        lines += ["Every answer is right. Well done!", ""]
    for q in lost:
        problem = full(s.student.id, q.question.number) if full else q.problem
        if not problem.rendered:  # regenerated for grading only: make its text now
            from ..problems import registry

            problem = registry.show(problem.id)
        lines += _question(q, problem)
    return "\n".join(lines)


def _question(q: QuestionResult, p: Problem) -> list[str]:
    number = q.question.number
    several = len(p.parts) > 1
    out = [
        f"## Question {number}: {shown_points(q.points)} of {points(q.question.points)}",
        "",
        f"*{p.title}*",
        "",
        to_markdown(p.question_latex),
        "",
    ]
    for part, g in zip(p.parts, q.parts):
        if g.correct:
            continue
        given = q.given.get(part.label)
        out += [f"### {code(number, part.label, several)}: {_verdict(g)}", ""]
        out.append(f"Asked: {to_markdown(part.prompt_latex or part.prompt)}")
        out.append("")
        out += _explain(g, given.text if given else None)
        out += [
            f"- Right answer: {answer_text(part.answer)} ({tolerance_text(part)})",
            "",
        ]
    out += ["### Worked solution", "", to_markdown(p.solution_latex), ""]
    return out


def _explain(g: PartGrade, typed: str | None) -> list[str]:
    if typed is None or not typed.strip():
        return ["- You gave no answer (0 points)."]
    out = [f"- You wrote: {md_code(_echo(typed))}"]
    if not g.readable:
        reason = g.feedback[0] if g.feedback else ""
        out.append(f"- This answer could not be read, so it earned 0 points: {reason}")
        return out
    out.append(f"- Read as: {md_code(g.read_as or '')}")
    out += [f"- {line}" for line in g.feedback]
    return out


def _verdict(g: PartGrade) -> str:
    if not g.readable:
        return "could not be read"
    if g.read_as is None:
        return "no answer"
    if g.score > 0:
        return f"partly right ({round(g.score * 100)}% of the part)"
    return "incorrect"


def _echo(text: str) -> str:
    """A typed answer made safe to repeat: control characters shown as '�', cut short."""
    clean = "".join(
        "�" if unicodedata.category(c) in ("Cc", "Cf") and c not in " " else c
        for c in text.replace("\r\n", " ").replace("\n", " ")
    )
    return clean if len(clean) <= MAX_ECHO else clean[:MAX_ECHO] + "…"
