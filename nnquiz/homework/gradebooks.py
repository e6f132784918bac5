"""Gradebooks an LMS imports as they are (``grade --gradebook canvas|moodle``).

- **Canvas** (Grades > Import): ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
  ``Section``, then one column named after the assignment, with a "Points Possible" row
  first, as Canvas's own export has them. The identifying columns come from the roster,
  which must be Canvas's gradebook export (Canvas matches students by ID or SIS ids).
  When the roster has a column for this assignment already ("HW 4 (12345)", Canvas's
  name and id), that header is used, so the import fills it rather than making a new
  assignment.
- **Moodle** (Grades > Import > CSV file): ``First name`` and ``Last name`` when the
  roster has them, the columns a user can be matched by (the roster's id column as it
  is named there, ``ID number``, ``Email address``, ``Username``) and one column named
  after the assignment; map one of them to the user and the last column to the grade
  item when importing. Moodle gives a row whose identifier is blank the grade of the
  row above it (and stops the import at the first value it cannot find), so a column a
  user can be matched by is written only when every student has a value in it.

The values students are matched by are written exactly as the roster has them (an
apostrophe in front would make Canvas or Moodle miss the student); names and sections
that a spreadsheet would run as a formula get one. Every row is a roster student in
roster order, with their total points.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..errors import UserError
from .grading import ClassResult, round_points, shown_points
from .roster import Student
from .table import header_name

CANVAS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_IDS = ("id", "sis_user_id", "sis_login_id")
MOODLE_NAMES = ("First name", "Last name")
KINDS = ("canvas", "moodle")
SHOWN = 5  # students named in a note
MOODLE_MOST = 100  # the largest grade Moodle imports unless the site allows more


@dataclass(frozen=True)
class LmsGradebook:
    """The file's text, and notes for the instructor (a column left out, a value a
    spreadsheet would run)."""

    text: str
    notes: tuple[str, ...] = ()


def lms_gradebook(
    kind: str,
    result: ClassResult,
    columns: Sequence[str],
    id_column: str,
    possible: dict[str, str] | None = None,
) -> LmsGradebook:
    """The gradebook for ``kind`` (canvas or moodle); ``columns``: the roster's header as
    written, ``id_column``: the one the ids came from, ``possible``: Canvas's Points
    Possible row of the roster (by compared column name). UserError when the roster lacks
    the columns the LMS matches students by (Canvas: its ids; Moodle: a column every
    student has a value in; the roster's id column always is one)."""
    keys = {header_name(c) for c in columns} | {header_name(id_column)}
    if kind == "canvas" and not any(k in keys for k in CANVAS_IDS):
        raise UserError(
            "--gradebook canvas: the roster has no ID, SIS User ID or SIS Login ID column, "
            "which Canvas matches students by; use the gradebook Canvas exports as the roster"
        )
    if kind == "canvas":
        return _canvas(result, columns, id_column, possible or {})
    return _moodle(result, columns, id_column)


def _canvas(
    result: ClassResult, columns: Sequence[str], id_column: str, possible: dict[str, str]
) -> LmsGradebook:
    column = _assignment_column(result.assignment.title, columns)
    top = shown_points(round_points(result.assignment.max_points))
    notes = _worth(column, possible.get(header_name(column), ""), top)
    rows = [[*CANVAS, column], ["    Points Possible", "", "", "", "", top]]
    id_key = header_name(id_column)
    name, ids, section = CANVAS[0], CANVAS[1:4], CANVAS[4]
    for s in result.students:
        values = _values(s.student, id_key)
        rows.append(
            [
                _safe(values.get(header_name(name), "")),
                *(values.get(header_name(h), "") for h in ids),
                _safe(values.get(header_name(section), "")),
                shown_points(s.total),
            ]
        )
    notes += _formulas(result, [header_name(h) for h in ids], id_key)
    return LmsGradebook(_csv(rows), notes)


def _worth(column: str, there: str, top: str) -> tuple[str, ...]:
    """A note when Canvas's assignment is worth other points than this one: Canvas
    takes the totals as points, so 16 of 20 would read 16 of 100 there."""
    try:
        if Decimal(there.replace(",", "")) == Decimal(top):
            return ()
    except ArithmeticError:
        return ()
    return (
        f"--gradebook canvas: {column!r} is worth {there} points in Canvas (the roster's "
        f"Points Possible row) and this assignment {top}: Canvas takes the totals as "
        f"points, so change the one or the other before importing",
    )


def _moodle(result: ClassResult, columns: Sequence[str], id_column: str) -> LmsGradebook:
    """Names, then the columns a user is matched by that every student has, then the
    grade; a note for each such column left out."""
    id_key = header_name(id_column)
    keys = {header_name(c) for c in columns}
    names = [h for h in MOODLE_NAMES if header_name(h) in keys]
    # (header written, how a student's value is found)
    matchers = [(id_column, lambda s: s.id)]
    for head in ("ID number", "Email address", "Username"):
        key = header_name(head)
        if key == id_key or (key == "email_address" and id_key in ("email", "e-mail")):
            continue
        if key == "email_address":
            if _has_email(result):
                matchers.append((head, lambda s: s.email))
        elif key in keys:
            matchers.append((head, lambda s, key=key: s.fields.get(key, "")))
    students = [s.student for s in result.students]
    notes = []
    kept = []
    for head, value in matchers:
        blank = [s.id for s in students if not value(s).strip()]
        if blank:
            notes.append(
                f"--gradebook moodle: the column {head!r} is left out: {_some(blank)} "
                f"{'has' if len(blank) == 1 else 'have'} none, and Moodle gives a row whose "
                "identifier is blank the grade of the row above it"
            )
        else:
            kept.append((head, value))
    if not kept:
        raise UserError(
            "--gradebook moodle: no column Moodle can match users by (ID number, email, "
            "username) has a value for every student: " + "; ".join(notes)
        )
    rows = [[*names, *(h for h, _ in kept), result.assignment.title]]
    for s in result.students:
        shown = [_safe(s.student.fields.get(header_name(h), "")) for h in names]
        rows.append([*shown, *(value(s.student) for _, value in kept), shown_points(s.total)])
    notes += _formulas(result, [], id_key, [v for _, v in kept])
    if round_points(result.assignment.max_points) > MOODLE_MOST:
        notes.append(
            f"--gradebook moodle: the assignment is worth more than {MOODLE_MOST} points, and "
            f"Moodle refuses to import a grade above {MOODLE_MOST} unless the site allows "
            "unlimited grades (Site administration > Grades > General settings)"
        )
    return LmsGradebook(_csv(rows), tuple(notes))


def _has_email(result: ClassResult) -> bool:
    return any(s.student.email for s in result.students)


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _some(ids: list[str]) -> str:
    shown = ", ".join(repr(i) for i in ids[:SHOWN])
    more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
    return f"{len(ids)} student{'s' if len(ids) != 1 else ''} ({shown}{more})"


def _formulas(result: ClassResult, keys: list[str], id_key: str, values=()) -> tuple[str, ...]:
    """A note when a value students are matched by starts like a formula: it is written
    as it is (the LMS must find it), so the file is best not opened in a spreadsheet."""
    found = []
    for s in result.students:
        fields = _values(s.student, id_key)
        cells = [fields.get(k, "") for k in keys] + [v(s.student) for v in values]
        if any(c.startswith(FORMULA) and not _number(c) for c in cells):
            found.append(s.student.id)
    if not found:
        return ()
    return (
        f"--gradebook: {_some(found)}: a value the LMS matches students by starts with "
        "= + - or @, and is written as it is: import the file as it is, without opening "
        "it in a spreadsheet",
    )


def _values(student: Student, id_key: str) -> dict[str, str]:
    values = dict(student.fields)
    values[id_key] = student.id
    return values


def _assignment_column(title: str, columns: Sequence[str]) -> str:
    """The roster's column for this assignment ("HW 4 (12345)"), or the title."""
    want = " ".join(title.split()).casefold()
    for c in columns:
        name = c.rsplit(" (", 1)[0] if c.rstrip().endswith(")") else c
        if " ".join(name.split()).casefold() == want:
            return c
    return title


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: str) -> str:
    """A name or section no spreadsheet runs as a formula (one starting with '=' is
    quoted with an apostrophe, as spreadsheets themselves do); a plain number stays."""
    if cell.startswith(FORMULA) and not _number(cell):
        return "'" + cell
    return cell


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
