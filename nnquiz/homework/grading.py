"""Grade a class: regenerate each student's problems, match the rows to parts, grade
every answer with :mod:`nnquiz.answers` (tolerance, partial credit, named mistakes).

A question's points are its share of the assignment's points: the weighted fraction of
its parts that are right (a vector or matrix part earns the fraction of its entries
that are right), rounded to 2 decimals. A student's total is the sum of the rounded
question points, so the row adds up as printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..answers import PartGrade, grade
from ..problems.model import Problem
from .assignment import Assignment, Question
from .issues import Issues, More
from .making import make, specs
from .matching import Given, Skip, match
from .roster import Student
from .submissions import Issue, Submissions, shown

CENT = Decimal("0.01")


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    problem: Problem
    parts: tuple[PartGrade, ...]
    given: dict[str, Given]  # by part label; a part left out is missing
    score: float  # 0..1

    @property
    def points(self) -> Decimal:
        return round_points(self.score * self.question.points)

    @property
    def full(self) -> bool:
        """Every part right (a sliver of a point lost still counts as lost)."""
        return all(p.correct for p in self.parts)


@dataclass(frozen=True)
class StudentResult:
    student: Student
    questions: tuple[QuestionResult, ...]
    rows: int  # how many rows of the submissions file were theirs
    skipped: tuple[Skip, ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((q.points for q in self.questions), Decimal(0))


@dataclass(frozen=True)
class ClassResult:
    assignment: Assignment
    students: tuple[StudentResult, ...]
    issues: tuple[Issue, ...]  # found in the submissions file, ``source``
    notes: tuple[str, ...] = field(default=())
    source: str = "submissions"
    more: tuple[More, ...] = ()  # issues counted beyond those listed, by kind


def round_points(x: float) -> Decimal:
    """Points to 2 decimals, halves rounded up (as a gradebook does)."""
    return Decimal(repr(round(x, 9))).quantize(CENT, rounding=ROUND_HALF_UP)


def shown_points(x: Decimal) -> str:
    """``10``, ``6.67``, ``7.5``: no trailing zeros."""
    s = f"{x:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def grade_class(
    assignment: Assignment,
    students: Sequence[Student],
    submissions: Submissions,
    problems: Sequence[Problem] | None = None,
) -> ClassResult:
    """Grade every student on the roster (no rows: every answer missing).

    ``problems`` (student by student, question by question) are regenerated from the
    assignment unless given (read from the key). Regenerated problems come without their
    text (grading needs only answers and mistakes); feedback renders the ones it shows."""
    if problems is None:
        problems = list(make(specs(assignment, students), render=False))
    n = len(assignment.questions)
    by_student = {s.id: problems[k * n : (k + 1) * n] for k, s in enumerate(students)}
    issues = Issues()
    found = match(assignment, by_student, submissions, issues)
    results = []
    for s in students:
        qs = tuple(
            _grade_question(q, p, found.given.get((s.id, q.number), {}), issues, s.id)
            for q, p in zip(assignment.questions, by_student[s.id])
        )
        mine = tuple(sorted(found.skipped.get(s.id, ()), key=lambda k: k.line))
        results.append(StudentResult(s, qs, found.rows.get(s.id, 0), mine))
    return ClassResult(
        assignment,
        tuple(results),
        issues.listed(),
        tuple(submissions.notes),
        str(submissions.path),
        issues.more(),
    )


def _grade_question(
    q: Question, problem: Problem, given: dict[str, Given], issues: Issues, sid: str
) -> QuestionResult:
    result = grade(problem, {label: g.text for label, g in given.items()})
    several = len(problem.parts) > 1
    for part in result.parts:
        if not part.readable:
            where = f"{q.number}{part.label}" if several else str(q.number)
            line = given[part.label].line
            reason = part.feedback[0] if part.feedback else "unreadable"
            message = f"student {shown(sid)}, question {where}: cannot read the answer"
            issues.add(
                Issue(line, f"{message} ({reason}); 0 points"), "an answer that cannot be read"
            )
    return QuestionResult(q, problem, result.parts, given, result.score)
