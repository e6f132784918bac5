"""The class roster: a CSV file with a ``student_id`` column (other columns are kept)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError, printable
from .lms import (
    EMAIL_COLUMNS,
    ID_COLUMNS,
    NAME_COLUMNS,
    POINTS_ROW,
    email,
    person_name,
    pick_column,
    skipped_row,
)
from .table import Table, header_name, read_table

MAX_ID = 200  # characters
MAX_STUDENTS = 50_000  # a roster; grading regenerates every student's problems
# A cell that starts with one of these is run as a formula by a spreadsheet (CSV injection).
FORMULA = ("=", "@", "+", "-", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")  # linear: no \d+ beside \d*


def normal_id(sid: str) -> str:
    """``sid`` as ids are compared: Unicode NFC (macOS saves ``Zoë`` decomposed), every
    Unicode space (a no-break space, …) a plain space, spaces around it removed."""
    if sid.isascii():  # NFC leaves ASCII as it is, and it has no other spaces
        return sid.strip()
    sid = unicodedata.normalize("NFC", sid)
    if not sid.isascii():
        sid = "".join(" " if unicodedata.category(c) == "Zs" else c for c in sid)
    return sid.strip()


@dataclass(frozen=True)
class Student:
    """A student on the roster: ``id`` as written (spaces around it removed), the
    roster ``line`` it is on, and the roster's other columns by (lower-cased) name."""

    id: str
    line: int
    fields: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        """The student's name when the roster has one (``name``; first and last;
        Canvas's "Last, First")."""
        return person_name(self.fields)

    @property
    def email(self) -> str:
        return email(self.fields)


class Roster(tuple):
    """The students in roster order (a tuple of :class:`Student`), with ``notes`` on how
    the file was read and ``columns``, its header as written."""

    notes: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    id_column: str = "student_id"
    # Canvas's "Points Possible" row, by (lower-cased) column name: what each
    # assignment of the course is worth there (the gradebook written for Canvas checks it)
    points_possible: dict[str, str] = {}


def read_roster(path: Path, id_column: str | None = None) -> Roster:
    """The students in roster order; UserError naming the line for an empty roster,
    a row without an id, an id with control characters or that a spreadsheet would run
    as a formula, or a duplicate id (ids compared as :func:`normal_id` makes them).

    The id is in ``id_column`` (as written in the header, any case), else in the first
    of ``student_id``, Canvas's ``SIS User ID``, ``ID``, Moodle's ``ID number``. Rows of
    an LMS export that are not students (Canvas's Points Possible row, its test
    student) are skipped, and said so in ``notes``."""
    table = read_table(path, "roster", _row_like)
    key = _id_column(table, id_column)
    (col,) = table.require(key)
    for used in NAME_COLUMNS + EMAIL_COLUMNS:  # a column named twice: which one is it?
        table.column(used)
    students: list[Student] = []
    seen: dict[str, tuple[str, int]] = {}
    skipped: dict[str, list[int]] = {}
    possible: dict[str, str] = {}
    for row in table.rows:
        where = f"{path}: line {row.line}"
        if len(students) >= MAX_STUDENTS:
            raise UserError(f"{where}: more than {MAX_STUDENTS:,} students on the roster")
        if row.error:
            raise UserError(f"{where}: cannot read this row: {row.error}")
        sid = row.cells[col] if col < len(row.cells) else ""
        fields = {
            name: value for name, value in zip(table.header, row.cells) if name and name != key
        }
        why = skipped_row(fields, sid)
        if why is not None:
            skipped.setdefault(why, []).append(row.line)
            possible = possible or (fields if why == POINTS_ROW else {})
            continue
        if not sid and id_column is None:
            raise UserError(_no_id(where, table, row.cells, col))
        check_id(sid, where, table.names[col])
        norm = normal_id(sid)
        if norm in seen:
            other, line = seen[norm]
            alike = "" if other == sid else f" ({other!r} there: the same id, typed differently)"
            raise UserError(f"{where}: duplicate student id {sid!r} (also on line {line}){alike}")
        seen[norm] = (sid, row.line)
        students.append(Student(sid, row.line, fields))
    if not students:
        raise UserError(f"{path}: the roster is empty: no student below the header row")
    roster = Roster(students)
    roster.notes = tuple(_notes(path, table, key, skipped))
    roster.columns = table.names
    roster.id_column = table.names[col]
    roster.points_possible = possible
    return roster


def _id_column(table: Table, named: str | None) -> str:
    """The (compared) name of the id column: the one named, or the first of ID_COLUMNS."""
    if named is not None:
        key = header_name(named)
        if table.column(key) is None:
            have = printable(", ".join(table.names), 300)
            raise UserError(
                f"{table.path}: --id-column {named!r}: the header has no such column "
                f"(it has {have})"
            )
        return key
    return pick_column(table.header, ID_COLUMNS) or "student_id"


def _no_id(where: str, table: Table, cells: tuple[str, ...], col: int) -> str:
    """A student without an id in the column picked by default (Moodle's ID number and
    Canvas's SIS User ID are often empty): which columns this row does fill, to name
    with ``--id-column`` (for ``homework`` and ``grade`` alike)."""
    filled = [
        name
        for k, (name, key) in enumerate(zip(table.names, table.header))
        if k != col and k < len(cells) and cells[k] and key in ID_COLUMNS + EMAIL_COLUMNS
    ]
    said = f"no student id (the {table.names[col]} column is empty)"
    if not filled:
        return f"{where}: {said}"
    named = " or ".join(repr(n) for n in filled[:3])
    return (
        f"{where}: {said}; to use another column, name it with --id-column (this row "
        f"has {named}), the same for homework and grade"
    )


def _notes(path: Path, table: Table, key: str, skipped: dict[str, list[int]]) -> list[str]:
    notes = list(table.notes)
    if key != "student_id":
        notes.append(
            f"{path}: student ids from the column {table.names[table.header.index(key)]!r}"
        )
    for why, lines in skipped.items():
        at = ", ".join(str(n) for n in lines[:5]) + (", …" if len(lines) > 5 else "")
        notes.append(f"{path}: line {at}: {why} skipped")
    return notes


def check_id(sid: str, where: str, column: str = "student_id") -> None:
    """UserError for an id that is empty, too long, or holds control characters."""
    if not sid:
        raise UserError(f"{where}: no student id (the {column} column is empty)")
    if len(sid) > MAX_ID:
        raise UserError(f"{where}: student id longer than {MAX_ID} characters")
    bad = next((c for c in sid if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        raise UserError(f"{where}: student id {sid!r} holds the control character U+{ord(bad):04X}")
    if sid.startswith(FORMULA) and not NUMBER.fullmatch(sid):
        raise UserError(
            f"{where}: student id {sid!r} starts with {sid[0]!r}, so a spreadsheet would run "
            "it as a formula when it opens the gradebook; change the id (ids are written to "
            "CSV files exactly as they are)"
        )


def _row_like(line: str, delimiter: str, header: tuple[str, ...]) -> bool:
    """Whether a line inside a quoted field looks like a roster row of its own (a quote
    left open swallows the rows after it): it has a cell for every column."""
    return len(header) < 2 or line.count(delimiter) >= len(header) - 1
