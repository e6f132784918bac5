"""Grade a class: regenerate each student's problems, match the rows to parts, grade
every answer with :mod:`nnquiz.answers` (tolerance, partial credit, named mistakes).

A question's points are its share of the assignment's points: the weighted fraction of
its parts that are right (a vector or matrix part earns the fraction of its entries
that are right), rounded to 2 decimals. A student's total is the sum of the rounded
question points, so the row adds up as printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..answers import PartGrade, grade
from ..problems.model import Problem
from .assignment import Assignment, Question
from .making import make, specs
from .roster import Student, normal_id
from .submissions import Answer, Issue, Submissions, shown

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Given:
    """The answer that counts for one part: its text and the line it came from."""

    line: int
    text: str


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
class Skip:
    """A student's row that was skipped: its ``line``, the ``question`` it names (None
    when there is no such question) and ``why``, said to the student."""

    line: int
    question: int | None
    why: str


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
    issues = list(submissions.issues)
    given, rows, skipped = _match(assignment, by_student, submissions, issues)
    results = []
    for s in students:
        qs = tuple(
            _grade_question(q, p, given.get((s.id, q.number), {}), issues, s.id)
            for q, p in zip(assignment.questions, by_student[s.id])
        )
        mine = tuple(sorted(skipped.get(s.id, ()), key=lambda k: k.line))
        results.append(StudentResult(s, qs, rows.get(s.id, 0), mine))
    issues.sort(key=lambda i: i.line)
    return ClassResult(
        assignment, tuple(results), tuple(issues), submissions.notes, str(submissions.path)
    )


def _grade_question(
    q: Question, problem: Problem, given: dict[str, Given], issues: list[Issue], sid: str
) -> QuestionResult:
    result = grade(problem, {label: g.text for label, g in given.items()})
    several = len(problem.parts) > 1
    for part in result.parts:
        if not part.readable:
            where = f"{q.number}{part.label}" if several else str(q.number)
            line = given[part.label].line
            reason = part.feedback[0] if part.feedback else "unreadable"
            issues.append(
                Issue(
                    line,
                    f"student {shown(sid)}, question {where}: cannot read the "
                    f"answer ({reason}); 0 points",
                )
            )
    return QuestionResult(q, problem, result.parts, given, result.score)


def _match(
    assignment: Assignment,
    problems: dict[str, list[Problem]],
    submissions: Submissions,
    issues: list[Issue],
) -> tuple[dict[tuple[str, int], dict[str, Given]], dict[str, int], dict[str, list[Skip]]]:
    """{(student, question): {label: Given}}, the last row for a part winning, the
    number of rows each student has, and each student's rows that were skipped. Every
    row that cannot be placed is an issue. Ids are compared as ``normal_id`` makes them."""
    roster = {normal_id(sid): sid for sid in problems}
    given: dict[tuple[str, int], dict[str, Given]] = {}
    rows: dict[str, int] = {}
    skipped: dict[str, list[Skip]] = {}
    strangers: dict[str, list[int]] = {}
    for a in submissions.answers:
        sid = roster.get(a.student_id)
        if sid is None:
            strangers.setdefault(a.student_id, []).append(a.line)
            continue
        rows[sid] = rows.get(sid, 0) + 1
        placed, why = _place(a, assignment, problems[sid])
        if why is not None:
            issues.append(Issue(a.line, f"student {shown(a.student_id)}: {why}; row skipped"))
            known = 1 <= a.question <= len(assignment.questions)
            skipped.setdefault(sid, []).append(Skip(a.line, a.question if known else None, why))
            continue
        if a.short:
            where = f"{a.question}{a.label or ''}"
            issues.append(
                Issue(
                    a.line,
                    f"student {shown(a.student_id)}, question {where}: short row with no answer",
                )
            )
        for label, text in placed.items():
            slot = given.setdefault((sid, a.question), {})
            if label in slot:
                issues.append(_duplicate(a, label, slot[label].line, len(placed) > 1))
            slot[label] = Given(a.line, text)
    for r in submissions.rejected:  # already an issue; a stranger's is said once
        sid = roster.get(r.student_id)
        if sid is not None:
            rows[sid] = rows.get(sid, 0) + 1
            skipped.setdefault(sid, []).append(Skip(r.line, None, r.why))
    issues.extend(_strangers(strangers, roster))
    return given, rows, skipped


def _place(
    a: Answer, assignment: Assignment, problems: list[Problem]
) -> tuple[dict[str, str], str | None]:
    """({part label: text}, None) for one row, or ({}, why it has no place)."""
    n = len(assignment.questions)
    if not 1 <= a.question <= n:
        return {}, f"there is no question {a.question} (the assignment has {n})"
    labels = [p.label for p in problems[a.question - 1].parts]
    if a.label is not None:
        if a.label in labels:
            return {a.label: a.text}, None
        which = (
            f"it has one part: write {a.question}"
            if len(labels) == 1
            else f"its parts are {_parts(labels, a.question)}"
        )
        return {}, f"question {a.question} has no part {a.label} ({which})"
    if len(labels) == 1:
        return {labels[0]: a.text}, None
    split = split_labels(a.text, labels)
    if split:
        return split, None
    return {}, (
        f"question {a.question} has parts {_parts(labels, a.question)}: which part is this "
        "answer? (write the part letter, as in "
        f"{a.question}{labels[0]})"
    )


def _parts(labels: list[str], number: int) -> str:
    return ", ".join(f"{number}{label}" for label in labels)


def _duplicate(a: Answer, label: str, first: int, bundled: bool) -> Issue:
    what = f"{a.question}{label}" if a.label or bundled else str(a.question)
    return Issue(
        a.line,
        f"student {shown(a.student_id)} answered question {what} again "
        f"(also on line {first}); the later answer counts",
    )


def _strangers(strangers: dict[str, list[int]], roster: dict[str, str]) -> list[Issue]:
    """An issue for each id not on the roster (``roster``: {normal id: id as written}),
    with "did you mean" when exactly one roster id differs from it only in case."""
    folded: dict[str, list[str]] = {}
    for key, sid in roster.items():
        folded.setdefault(key.casefold(), []).append(sid)
    out = []
    for sid, lines in strangers.items():
        hints = folded.get(sid.casefold(), [])
        maybe = f" (did you mean {shown(hints[0])}?)" if len(hints) == 1 else ""
        rows = f"{len(lines)} rows" if len(lines) > 1 else "row"
        out.append(
            Issue(
                lines[0],
                f"student {shown(sid)} is not on the roster{maybe}; "
                f"{rows} skipped" + _more_lines(lines),
            )
        )
    return out


def _more_lines(lines: list[int]) -> str:
    if len(lines) == 1:
        return ""
    listed = ", ".join(str(n) for n in lines[1:6]) + (", …" if len(lines) > 6 else "")
    return f" (also lines {listed})"


_LABEL = re.compile(r"(?:^|[;\n])\s*\(?([A-Za-z][A-Za-z0-9]*)\)?\s*[=:]")


def split_labels(text: str, labels: list[str]) -> dict[str, str]:
    """``{"a": "0.25", "b": "[1, 2]"}`` from ``a=0.25; b=[1, 2]`` (as ``nnquiz check``
    reads it); {} unless a label leads. A part named twice keeps its last answer."""
    marks = [m for m in _LABEL.finditer(text) if m.group(1).lower() in labels]
    if not marks or text[: marks[0].start()].strip(" \t;\n"):
        return {}
    out: dict[str, str] = {}
    for m, nxt in zip(marks, [*marks[1:], None]):
        out[m.group(1).lower()] = text[m.end() : nxt.start() if nxt else len(text)]
    return out
