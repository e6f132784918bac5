"""Overrides: points an instructor sets by hand, kept across every rerun of ``grade``.

``--overrides FILE.csv`` with the columns ``student_id,question,points,reason``:

```csv
student_id,question,points,reason
s001,2,8,regraded: the sign convention of the notes was accepted
s002,3b,1.5,"accepted L = 0.97, from a rounded probability"
```

``question`` is ``2`` (the points of the whole question) or ``2b`` (the points of one
part, at most its share of the question). An override replaces what grading gives,
after any late penalty; the gradebook, the feedback and the summary name it and its
reason. The file is the instructor's, so any mistake in it is refused in one line
(exit 2): an override silently skipped would be a grade silently wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import UserError
from .assignment import Assignment
from .lms import question_code
from .roster import Student, normal_id
from .table import read_table

COLUMNS = ("student_id", "question", "points", "reason")
MAX_REASON = 300


@dataclass(frozen=True)
class Override:
    """``points`` for ``question`` (``label``: one part, or None: the whole question)."""

    student_id: str
    question: int
    label: str | None
    points: Decimal
    reason: str
    line: int


Overrides = dict[tuple[str, int], list[Override]]  # (student, question) -> its overrides


def read_overrides(path: Path, assignment: Assignment, students: list[Student]) -> Overrides:
    """Every override, checked: the student on the roster, the question (and part
    letter) of the assignment, points from 0 to the question's points, a reason."""
    from .ids import Matcher

    table = read_table(path, "overrides file")
    columns = table.require(*COLUMNS)
    matcher = Matcher(students)
    out: Overrides = {}
    seen: dict[tuple[str, int, str | None], int] = {}
    for row in table.rows:
        where = f"{path}: line {row.line}"
        if row.error:
            raise UserError(f"{where}: cannot read this row: {row.error}")
        sid, code, points, reason = (row.cells[c] if c < len(row.cells) else "" for c in columns)
        hit = matcher.find(normal_id(sid))
        if hit.student is None or hit.how is not None:
            hint = hit.student if hit.how else (hit.hints[0] if hit.hints else None)
            maybe = f" (did you mean {hint!r}?)" if hint else ""
            raise UserError(f"{where}: student {sid[:60]!r} is not on the roster{maybe}")
        number, label = _question(code, assignment, where)
        value = _points(points, where)
        if not reason.strip():
            raise UserError(f"{where}: give a reason (it is shown to the student)")
        key = (hit.student, number, label)
        if key in seen:
            raise UserError(f"{where}: a second override of the same (also on line {seen[key]})")
        seen[key] = row.line
        item = Override(hit.student, number, label, value, reason.strip()[:MAX_REASON], row.line)
        out.setdefault((hit.student, number), []).append(item)
    return out


def _question(code: str, assignment: Assignment, where: str) -> tuple[int, str | None]:
    parsed = question_code(code)
    n = len(assignment.questions)
    if parsed is None or not 1 <= parsed[0] <= n:
        raise UserError(f"{where}: {code[:40]!r} is not a question of the assignment (1-{n})")
    return parsed


def _points(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UserError(f"{where}: points {text[:40]!r} is not a number") from None
    if not value.is_finite() or value < 0 or len(text) > 20:
        raise UserError(f"{where}: points {text[:40]!r} must be a number of 0 or more")
    return value
