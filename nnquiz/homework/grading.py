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
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, partial
from typing import NamedTuple

from ..answers import PartGrade, grade
from ..errors import UserError
from ..problems.model import Problem
from .assignment import Assignment, Question
from .issues import Issues, More
from .making import make_one, specs
from .matching import Found, Given, Placed, Skip, near_notes, place_rows, sort_rows, stranger_issues
from .overrides import Override, Overrides
from .roster import Student
from .submissions import Issue, Submissions, shown

CENT = Decimal("0.01")


class Asked(NamedTuple):
    """What the reports need of a graded problem: its id, its parts' labels and weights,
    and its mistakes' ids and messages. A worker sends this back, not the problem
    (whose numbers and mistakes' answers cost 40 times as much to pickle and unpickle)."""

    id: str
    labels: tuple[str, ...]
    weights: tuple[float, ...]
    mistakes: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, problem: Problem) -> Asked:
        return cls(
            problem.id,
            tuple(p.label for p in problem.parts),
            tuple(p.weight for p in problem.parts),
            tuple((m.id, m.message) for m in problem.mistakes),
        )


@dataclass(frozen=True)
class QuestionResult:
    """One student's question: what it asked (:class:`Asked`), the part grades (credit
    carried forward included), the answers that counted, ``score`` (0..1, before late
    penalties and overrides), ``kept`` (by part: the share of its credit a late answer
    keeps), ``late`` (by part: how late its answer came) and the ``overrides`` that
    apply."""

    question: Question
    asked: Asked
    parts: tuple[PartGrade, ...]
    given: dict[str, Given]  # by part label; a part left out is missing
    score: float  # 0..1
    kept: dict[str, float] = field(default_factory=dict)
    late: dict[str, timedelta] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()

    def part_max(self, k: int) -> float:
        """The points part ``k`` is worth."""
        weights = self.asked.weights
        total = sum(weights)
        share = weights[k] / total if total > 0 else 1 / len(weights)
        return self.question.points * share

    def _part_points(self, k: int, late: bool = True) -> float:
        label = self.asked.labels[k]
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
        """The points earned by credit carried forward (before any late penalty): a
        carried part's entries that are simply right are not counted."""
        return sum(self.part_max(k) * g.carried_share for k, g in enumerate(self.parts))

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

    The rows are read first (:func:`.matching.sort_rows`); then each student's
    problems are made, their rows placed and their answers graded at once, on every
    core (:func:`grade_student`), student by student. ``problems`` (student by student,
    question by question, read from the key) are taken as they are instead of made
    again. Problems made again come without their text (grading needs only answers and
    mistakes); feedback renders the ones it shows. ``overrides`` (:mod:`.overrides`)
    replace what grading gives."""
    from ..problems.batch import map_ordered

    n = len(assignment.questions)
    given = None
    if problems is not None:
        given = {s.id: problems[k * n : (k + 1) * n] for k, s in enumerate(students)}
    read = Issues()
    problems_of = partial(_problems_of, assignment, {s.id: s for s in students}, given)
    found = sort_rows(assignment, submissions, read, students, problems_of)
    names = [str(p) for p in submissions.paths] if len(submissions.paths) > 1 else []
    overrides = overrides or {}
    work = Work(assignment, students, found, given, overrides, submissions.timed, names)
    graded = map_ordered(
        grade_student,
        range(len(students)),
        chunk=CHUNK if given is None else CHUNK_GIVEN,
        serial_below=SERIAL_BELOW if given is None else SERIAL_BELOW_GIVEN,
        shared=work,
    )
    results, parts, unreadable = [], [read], []
    for s, (asked, marks, wrong, placed) in zip(students, graded):
        parts.append(placed.issues)
        unreadable += wrong
        results.append(_student_result(work, s, asked, marks, placed, found))
    issues = Issues.merged(parts)
    stranger_issues(found, issues)
    for issue in unreadable:
        issues.add(issue, "an answer that cannot be read")
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


@dataclass(frozen=True)
class Work:
    """What grading a student needs, given to every worker as it starts: the
    assignment, the students, each one's rows (:class:`.matching.Found`), their
    problems when given (else made where they are graded), the overrides, whether the
    files have timestamps, and the files' names (when there are several)."""

    assignment: Assignment
    students: Sequence[Student]
    rows: Found
    problems: dict[str, Sequence[Problem]] | None
    overrides: Overrides
    timed: bool
    names: list[str]


def _student_result(
    work: Work,
    s: Student,
    asked: list[Asked],
    marks: list[Marks],
    placed: Placed,
    found: Found,
) -> StudentResult:
    qs = tuple(
        QuestionResult(
            q,
            p,
            parts,
            placed.given.get(q.number, {}),
            score,
            kept,
            late,
            tuple(work.overrides.get((s.id, q.number), ())),
        )
        for q, p, (parts, score, kept, late) in zip(work.assignment.questions, asked, marks)
    )
    mine = tuple(sorted(placed.skipped, key=lambda k: k.line))
    times = tuple(sorted(found.times.get(s.id, ())))
    return StudentResult(s, qs, found.rows.get(s.id, 0), mine, times)


# Students per task handed to a worker (about a tenth of a second of work), and the
# fewest worth starting the workers for: making the problems, or grading given ones
CHUNK, SERIAL_BELOW = 16, 20
CHUNK_GIVEN, SERIAL_BELOW_GIVEN = 40, 80

# One question's marks: the part grades, the score (0..1), and by part the share of the
# credit a late answer keeps and how late it came.
Marks = tuple[tuple[PartGrade, ...], float, dict[str, float], dict[str, timedelta]]


def grade_student(work: Work, k: int) -> tuple[list[Asked], list[Marks], list[Issue], Placed]:
    """Student number ``k``'s problems (made here, unless given) as the reports need
    them, their marks, question by question, an issue for each answer that cannot be
    read (in order), and their rows placed (:func:`.matching.place_rows`); done where
    it is asked for (a worker process, for a class)."""
    assignment = work.assignment
    student = work.students[k]
    problems = _problems_of(assignment, {student.id: student}, work.problems, student.id)
    placed = work.rows.placed.get(student.id)
    if placed is None:
        rows = work.rows.mine.get(student.id, ())
        placed = place_rows(assignment, problems, rows, work.timed, work.names)
    _check_overrides_of(assignment, student.id, problems, work.overrides)
    marks, unreadable = [], []
    for q, problem in zip(assignment.questions, problems):
        mine = placed.given.get(q.number, {})
        result = grade(problem, {label: g.text for label, g in mine.items()}, ecf=assignment.ecf)
        unreadable += _unreadable(q, problem, result.parts, mine, student.id, work.names)
        kept, late = _lateness(assignment, mine)
        marks.append((result.parts, result.score, kept, late))
    return [Asked.of(p) for p in problems], marks, unreadable, placed


def _problems_of(
    assignment: Assignment,
    students: dict[str, Student],
    given: dict[str, Sequence[Problem]] | None,
    sid: str,
) -> Sequence[Problem]:
    """A student's problems: given, or made now without their text."""
    if given is not None:
        return given[sid]
    return [make_one(spec, render=False) for spec in specs(assignment, [students[sid]])]


def _late_notes(assignment: Assignment, submissions: Submissions) -> list[str]:
    deadline = assignment.deadline
    if deadline is not None and not submissions.timed:
        return [
            "the assignment has a due date, but no submissions file has a timestamp "
            "column: no answer could be late"
        ]
    offsets = sorted(o for o in submissions.offsets if o)  # UTC is what was assumed
    if deadline is not None and deadline.due.tzinfo is None and offsets:
        return [_zone_note(deadline.due, offsets)]
    return []


def _zone_note(due: datetime, offsets: list[timedelta]) -> str:
    """The due date without an offset was read as UTC, against times written with one
    (Google Forms writes GMT+1): say so, and how to give the course's zone."""
    from .lms import shown_offset

    zones = ", ".join(shown_offset(o) for o in offsets[:3])
    local, zoned = due + offsets[0], due.replace(tzinfo=timezone(offsets[0]))
    return (
        f"the due date ({due:%Y-%m-%dT%H:%M:%S}) has no offset, so it was read as UTC, "
        f"while the submissions' times are written in {zones}: the deadline was "
        f"{local:%H:%M} {shown_offset(offsets[0])}. If it is {due:%H:%M} in that zone, "
        f"write due = {zoned.isoformat(timespec='seconds')} in the assignment"
    )


def _unreadable(
    q: Question,
    problem: Problem,
    parts: Sequence[PartGrade],
    given: dict[str, Given],
    sid: str,
    names: Sequence[str] = (),
) -> list[Issue]:
    """An issue for each answer of the question that cannot be read, with its file
    when there are several (``names``)."""
    several = len(problem.parts) > 1
    out = []
    for part in parts:
        if not part.readable:
            where = f"{q.number}{part.label}" if several else str(q.number)
            g = given[part.label]
            reason = part.feedback[0] if part.feedback else "unreadable"
            message = f"student {shown(sid)}, question {where}: cannot read the answer"
            source = names[g.source] if names else ""
            out.append(Issue(g.line, f"{message} ({reason}); 0 points", source))
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
        by = deadline.late_by(g.given_at)
        if by is not None and g.text.strip():
            late[label] = by
            kept[label] = deadline.kept(g.given_at)
    return kept, late


def _check_overrides_of(
    assignment: Assignment, sid: str, problems: Sequence[Problem], overrides: Overrides
) -> None:
    """UserError for a student's first override (by question) of a part a problem lacks
    or above its points (the students are graded in roster order: the class's first
    such override is the one named)."""
    for q, problem in zip(assignment.questions, problems):
        mine = overrides.get((sid, q.number))
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
