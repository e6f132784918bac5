"""A student's feedback (Markdown): every answer that lost points, why, and the worked
solution of each such question."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from ..answers import PartGrade
from ..problems.model import Problem, with_shape
from .assignment import Assignment
from .grading import Given, QuestionResult, Skip, StudentResult, round_points, shown_points
from .mathml import to_markdown
from .sheets import code, md_code, md_text, points
from .views import answer_text, tolerance_text

MAX_ECHO = 200  # characters of a typed answer repeated back


Full = Callable[[str, int], Problem]  # (student id, question) -> the problem, whole


def feedback_markdown(assignment: Assignment, s: StudentResult, full: Full | None = None) -> str:
    """The feedback page; ``full`` gives a problem with its worked solution when the
    graded problems were read without (``nnquiz grade --key``)."""
    name = md_text(s.student.name or s.student.id)
    top = round_points(assignment.max_points)
    lines = [
        f"# {md_text(assignment.title)}: feedback for {name} ({md_text(s.student.id)})",
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
    elsewhere = [k for k in s.skipped if k.question is None]
    if elsewhere:
        lines += ["Rows of yours that were skipped, so nothing in them was graded:", ""]
        lines += [f"- {_skip(k)}" for k in elsewhere]
        lines.append("")
    lost = [q for q in s.questions if not q.full]
    if not lost:
        lines += ["Every answer is right. Well done!", ""]
    for q in lost:
        problem = full(s.student.id, q.question.number) if full else q.problem
        if not problem.rendered:  # regenerated for grading only: make its text now
            from ..problems import registry

            problem = registry.show(problem.id)
        skipped = [k for k in s.skipped if k.question == q.question.number]
        lines += _question(q, problem, skipped)
    return "\n".join(lines)


def _skip(k: Skip) -> str:
    """ "The row on line 12 was skipped: …" (only what the row itself holds)."""
    return f"The row on line {k.line} was skipped: {md_text(_echo(k.why))}."


def _question(q: QuestionResult, p: Problem, skipped: list[Skip]) -> list[str]:
    number = q.question.number
    several = len(p.parts) > 1
    out = [
        f"## Question {number}: {shown_points(q.points)} of {points(q.question.points)}",
        "",
        f"*{md_text(p.title)}*",
        "",
        to_markdown(p.question_latex),
        "",
    ]
    if skipped:
        out += [f"- {_skip(k)}" for k in skipped]
        out.append("")
    for part, g in zip(p.parts, q.parts):
        if g.correct:
            continue
        given = q.given.get(part.label)
        out += [f"### {code(number, part.label, several)}: {_verdict(g)}", ""]
        asked = with_shape(part.prompt_latex or part.prompt, part.answer, bool(part.prompt_latex))
        out.append(f"Asked: {to_markdown(asked)}")
        out.append("")
        out += _explain(g, given, skipped)
        out += [
            f"- Right answer: {answer_text(part.answer)} ({tolerance_text(part)})",
            "",
        ]
    out += ["### Worked solution", "", to_markdown(p.solution_latex), ""]
    return out


def _explain(g: PartGrade, given: Given | None, skipped: list[Skip]) -> list[str]:
    if given is None and skipped:
        at = ", ".join(str(k.line) for k in skipped)
        rows = f"the row on line {at} was" if len(skipped) == 1 else f"the rows on lines {at} were"
        return [f"- No answer was graded (0 points): {rows} skipped (see above)."]
    if given is None:
        return ["- You gave no answer (0 points)."]
    typed = given.text
    if not typed.strip():
        return [f"- The row on line {given.line} has no answer (0 points)."]
    out = [f"- You wrote: {md_code(_echo(typed))}"]
    if not g.readable:
        reason = md_text(_echo(g.feedback[0], None)) if g.feedback else ""
        out.append(f"- This answer could not be read, so it earned 0 points: {reason}")
        return out
    out.append(f"- Read as: {md_code(_echo(g.read_as or '', None))}")
    out += [f"- {md_text(_echo(line, None))}" for line in g.feedback]
    return out


def _verdict(g: PartGrade) -> str:
    if not g.readable:
        return "could not be read"
    if g.read_as is None:
        return "no answer"
    if g.score > 0:
        return f"partly right ({round(g.score * 100)}% of the part)"
    return "incorrect"


def _echo(text: str, limit: int | None = MAX_ECHO) -> str:
    """A typed answer made safe to repeat: control characters shown as '�', cut short."""
    clean = "".join(
        "�" if unicodedata.category(c) in ("Cc", "Cf") and c not in " " else c
        for c in text.replace("\r\n", " ").replace("\n", " ")
    )
    return clean if limit is None or len(clean) <= limit else clean[:limit] + "…"
