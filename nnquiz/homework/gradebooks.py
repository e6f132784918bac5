"""Gradebooks an LMS imports as they are (``grade --gradebook canvas|moodle``).

- **Canvas** (Grades > Import): ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
  ``Section``, then one column named after the assignment, with a "Points Possible" row
  first, as Canvas's own export has them. The identifying columns come from the roster,
  which must be Canvas's gradebook export (Canvas matches students by ID or SIS ids).
  When the roster has a column for this assignment already ("HW 4 (12345)", Canvas's
  name and id), that header is used, so the import fills it rather than making a new
  assignment.
- **Moodle** (Grades > Import > CSV file): the identifying columns the roster has
  (``First name``, ``Last name``, ``ID number``, ``Email address``, ``Username``) and
  one column named after the assignment; map the email (or ID number) to the user and
  the last column to the grade item when importing.

Every row is a roster student in roster order, with their total points.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..errors import UserError
from .grading import ClassResult, round_points, shown_points
from .roster import Student
from .table import header_name

CANVAS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_IDS = ("id", "sis_user_id", "sis_login_id")
MOODLE = ("First name", "Last name", "ID number", "Email address", "Username")
MOODLE_IDS = ("id_number", "email_address", "username", "email")
KINDS = ("canvas", "moodle")


def lms_gradebook(kind: str, result: ClassResult, columns: Sequence[str], id_column: str) -> str:
    """The gradebook for ``kind`` (canvas or moodle); ``columns``: the roster's header as
    written, ``id_column``: the one the ids came from. UserError when the roster lacks
    the columns the LMS matches students by."""
    keys = {header_name(c): c for c in columns}
    id_key = header_name(id_column)
    wanted = CANVAS_IDS if kind == "canvas" else MOODLE_IDS
    if not any(k in keys for k in wanted):
        names = "ID, SIS User ID or SIS Login ID" if kind == "canvas" else "ID number, Email "
        names += "" if kind == "canvas" else "address or Username"
        raise UserError(
            f"--gradebook {kind}: the roster has no {names} column, which {kind.title()} "
            f"matches students by; use the gradebook {kind.title()} exports as the roster"
        )
    title = result.assignment.title
    column = _assignment_column(title, columns) if kind == "canvas" else title
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    top = shown_points(round_points(result.assignment.max_points))
    if kind == "canvas":
        out.writerow([*CANVAS, column])
        out.writerow(["    Points Possible", "", "", "", "", top])
        heads = CANVAS
    else:
        heads = tuple(h for h in MOODLE if header_name(h) in keys) or ("Email address",)
        out.writerow([*heads, column])
    for s in result.students:
        values = _values(s.student, id_key)
        out.writerow([*(_safe(values.get(header_name(h), "")) for h in heads), _total(s)])
    return buf.getvalue()


def _values(student: Student, id_key: str) -> dict[str, str]:
    values = dict(student.fields)
    values[id_key] = student.id
    return values


def _total(s) -> str:
    return shown_points(s.total)


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
    """A cell no spreadsheet runs as a formula (a name starting with '=' is quoted with
    an apostrophe, as spreadsheets themselves do); a plain number stays as it is."""
    if cell.startswith(FORMULA) and not _number(cell):
        return "'" + cell
    return cell


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
