"""Grade a class: regenerate each student's problems, match the rows to parts, grade
every answer with :mod:`nnquiz.answers` (tolerance, partial credit, named mistakes).

A question's points are its share of the assignment's points: the weighted fraction of
its parts that are right (a vector or matrix part earns the fraction of its entries
that are right), rounded to 2 decimals. A student's total is the sum of the rounded
question points, so the row adds up as printed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from itertools import islice

from ..answers import PartGrade, grade
from ..errors import UserError
from ..problems.model import Problem
from .assignment import Assignment, Question
from .issues import Issues, More
from .making import make, specs
from .matching import Given, Skip, match, near_notes
from .overrides import Override, Overrides
from .roster import Student
from .submissions import Issue, Submissions, shown

CENT = Decimal("0.01")


@dataclass(frozen=True)
class QuestionResult:
    """One student's question: the part grades (credit carried forward included), the
    answers that counted, ``score`` (0..1, before late penalties and overrides),
    ``kept`` (by part: the share of its credit a late answer keeps), ``late`` (by part:
    how late its answer came) and the ``overrides`` that apply."""

    question: Question
    problem: Problem
    parts: tuple[PartGrade, ...]
    given: dict[str, Given]  # by part label; a part left out is missing
    score: float  # 0..1
    kept: dict[str, float] = field(default_factory=dict)
    late: dict[str, timedelta] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()

    def part_max(self, k: int) -> float:
        """The points part ``k`` is worth."""
        weights = [p.weight for p in self.problem.parts]
        total = sum(weights)
        share = weights[k] / total if total > 0 else 1 / len(weights)
        return self.question.points * share

    def _part_points(self, k: int, late: bool = True) -> float:
        label = self.problem.parts[k].label
        for o in self.overrides:
            if o.label == label:
                return float(o.points)
        keep = self.kept.get(label, 1.0) if late else 1.0
        return self.part_max(k) * self.parts[k].score * keep

    @cached_property
    def whole_override(self) -> Override | None:
        return next((o for o in self.overrides if o.label is None), None)

    @cached_property  # the gradebook, summary and feedback each ask, for every student
    def points(self) -> Decimal:
        """The points earned: the override of the question, or each part's credit
        (after its late penalty, or its override)."""
        whole = self.whole_override
        if whole is not None:
            return round_points(float(whole.points))
        if not self.kept and not self.overrides:
            return round_points(self.score * self.question.points)
        return round_points(sum(self._part_points(k) for k in range(len(self.parts))))

    @property
    def late_points(self) -> Decimal:
        """The points the late penalty took."""
        if self.whole_override is not None or not self.kept:
            return Decimal(0)
        before = sum(self._part_points(k, late=False) for k in range(len(self.parts)))
        return max(Decimal(0), round_points(before) - self.points)

    @property
    def carried(self) -> float:
        """The points earned by credit carried forward (before any late penalty)."""
        return sum(self.part_max(k) * g.score for k, g in enumerate(self.parts) if g.carried)

    @property
    def full(self) -> bool:
        """Every part right (a sliver of a point lost still counts as lost)."""
        return all(p.correct for p in self.parts)


@dataclass(frozen=True)
class StudentResult:
    student: Student
    questions: tuple[QuestionResult, ...]
    rows: int  # how many rows of the submissions files were theirs
    skipped: tuple[Skip, ...] = ()
    times: tuple[datetime, ...] = ()  # their submissions' timestamps, in order

    @cached_property
    def total(self) -> Decimal:
        return sum((q.points for q in self.questions), Decimal(0))

    @property
    def late_points(self) -> Decimal:
        return sum((q.late_points for q in self.questions), Decimal(0))


@dataclass(frozen=True)
class ClassResult:
    assignment: Assignment
    students: tuple[StudentResult, ...]
    issues: tuple[Issue, ...]  # found in the submissions files, ``source``
    notes: tuple[str, ...] = field(default=())
    source: str = "submissions"
    more: tuple[More, ...] = ()  # issues counted beyond those listed, by kind
    timed: bool = False  # the submissions had timestamps


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
    overrides: Overrides | None = None,
) -> ClassResult:
    """Grade every student on the roster (no rows: every answer missing).

    ``problems`` (student by student, question by question) are regenerated from the
    assignment unless given (read from the key). Regenerated problems come without their
    text (grading needs only answers and mistakes); feedback renders the ones it shows.
    ``overrides`` (:mod:`.overrides`) replace what grading gives. The answers are graded
    on every core (:func:`grade_student`), student by student."""
    from ..problems.batch import map_ordered

    n = len(assignment.questions)
    issues = Issues()
    if problems is None:
        # the rows are matched while the workers still make the later students' problems
        with closing(make(specs(assignment, students), render=False)) as made:
            arriving = Arriving(students, made, n)
            found = match(assignment, arriving, submissions, issues, students)
            by_student = arriving.complete()
    else:
        by_student = {s.id: problems[k * n : (k + 1) * n] for k, s in enumerate(students)}
        found = match(assignment, by_student, submissions, issues, students)
    overrides = overrides or {}
    _check_all_overrides(assignment, students, by_student, overrides)
    shared = (assignment, students, by_student, found.given)
    graded = map_ordered(
        grade_student, range(len(students)), chunk=CHUNK, serial_below=SERIAL_BELOW, shared=shared
    )
    results = []
    for s, (marks, unreadable) in zip(students, graded):
        for issue in unreadable:
            issues.add(issue, "an answer that cannot be read")
        qs = tuple(
            QuestionResult(
                q,
                p,
                parts,
                found.given.get((s.id, q.number), {}),
                score,
                kept,
                late,
                tuple(overrides.get((s.id, q.number), ())),
            )
            for q, p, (parts, score, kept, late) in zip(
                assignment.questions, by_student[s.id], marks
            )
        )
        mine = tuple(sorted(found.skipped.get(s.id, ()), key=lambda k: k.line))
        times = tuple(sorted(found.times.get(s.id, ())))
        results.append(StudentResult(s, qs, found.rows.get(s.id, 0), mine, times))
    notes = (*near_notes(found), *_late_notes(assignment, submissions))
    return ClassResult(
        assignment,
        tuple(results),
        issues.listed(),
        (*submissions.notes, *notes),
        submissions.source,
        issues.more(),
        submissions.timed,
    )


class Arriving(dict):
    """Each student's problems by id, taken from ``made`` (``n`` a student, in the
    order of ``students``) when first asked for, and every student's before it: the
    submissions are matched as the problems arrive, not after the last is made (rows
    in roster order never wait for more than the next few students)."""

    def __init__(self, students: Sequence[Student], made: Iterator[Problem], n: int):
        super().__init__()
        self._ids = iter([s.id for s in students])
        self._made = made
        self._n = n

    def __missing__(self, sid: str) -> list[Problem]:
        for next_id in self._ids:
            self[next_id] = list(islice(self._made, self._n))
            if next_id == sid:
                return self[next_id]
        raise KeyError(sid)

    def complete(self) -> dict[str, list[Problem]]:
        """Every student's problems (the rest made now)."""
        for next_id in self._ids:
            self[next_id] = list(islice(self._made, self._n))
        return dict(self)


CHUNK = 40  # students graded per task handed to a worker (a few hundredths of a second)
SERIAL_BELOW = 80  # a smaller class is graded in this process

# One question's marks: the part grades, the score (0..1), and by part the share of the
# credit a late answer keeps and how late it came.
Marks = tuple[tuple[PartGrade, ...], float, dict[str, float], dict[str, timedelta]]


def grade_student(
    shared: tuple[Assignment, Sequence[Student], dict[str, Sequence[Problem]], dict],
    k: int,
) -> tuple[list[Marks], list[Issue]]:
    """Student number ``k``'s marks, question by question, and an issue for each answer
    that cannot be read (in order); made where it is asked for (a worker process, for
    a class). ``shared``: the assignment, the students, their problems and the answers
    that count ({(student id, question): {label: Given}})."""
    assignment, students, by_student, given = shared
    sid = students[k].id
    marks, unreadable = [], []
    for q, problem in zip(assignment.questions, by_student[sid]):
        mine = given.get((sid, q.number), {})
        result = grade(problem, {label: g.text for label, g in mine.items()}, ecf=assignment.ecf)
        unreadable += _unreadable(q, problem, result.parts, mine, sid)
        kept, late = _lateness(assignment, mine)
        marks.append((result.parts, result.score, kept, late))
    return marks, unreadable


def _late_notes(assignment: Assignment, submissions: Submissions) -> list[str]:
    if assignment.deadline is not None and not submissions.timed:
        return [
            "the assignment has a due date, but no submissions file has a timestamp "
            "column: no answer could be late"
        ]
    return []


def _unreadable(
    q: Question, problem: Problem, parts: Sequence[PartGrade], given: dict[str, Given], sid: str
) -> list[Issue]:
    """An issue for each answer of the question that cannot be read."""
    several = len(problem.parts) > 1
    out = []
    for part in parts:
        if not part.readable:
            where = f"{q.number}{part.label}" if several else str(q.number)
            line = given[part.label].line
            reason = part.feedback[0] if part.feedback else "unreadable"
            message = f"student {shown(sid)}, question {where}: cannot read the answer"
            out.append(Issue(line, f"{message} ({reason}); 0 points"))
    return out


def _lateness(
    assignment: Assignment, given: dict[str, Given]
) -> tuple[dict[str, float], dict[str, timedelta]]:
    """By part: the share of its credit kept (only parts answered late) and how late."""
    deadline = assignment.deadline
    if deadline is None:
        return {}, {}
    kept, late = {}, {}
    for label, g in given.items():
        by = deadline.late_by(g.when)
        if by is not None and g.text.strip():
            late[label] = by
            kept[label] = deadline.kept(g.when)
    return kept, late


def _check_all_overrides(
    assignment: Assignment,
    students: Sequence[Student],
    by_student: dict[str, Sequence[Problem]],
    overrides: Overrides,
) -> None:
    """UserError for the first override (by student, then question) of a part a problem
    lacks or above its points."""
    if not overrides:
        return
    for s in students:
        for q, problem in zip(assignment.questions, by_student[s.id]):
            mine = overrides.get((s.id, q.number))
            if mine:
                _check_overrides(q, problem, mine)


def _check_overrides(q: Question, problem: Problem, overrides: list[Override]) -> None:
    """UserError for an override of a part the problem lacks or above its points."""
    labels = [p.label for p in problem.parts]
    weights = [p.weight for p in problem.parts]
    for o in overrides:
        where = f"--overrides: line {o.line}"
        if o.label is None:
            top = q.points
        elif o.label in labels or (o.label == "a" and len(labels) == 1):
            k = labels.index(o.label) if o.label in labels else 0
            top = q.points * weights[k] / (sum(weights) or 1)
        else:
            raise UserError(
                f"{where}: question {q.number} of student {o.student_id!r} has no part "
                f"{o.label} (its parts: {', '.join(labels)})"
            )
        if float(o.points) > top + 1e-9:
            raise UserError(
                f"{where}: {o.points} points for question {q.number}{o.label or ''}, which "
                f"is worth {top:g}"
            )
