"""The class roster: a CSV file with a ``student_id`` column (other columns are kept)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from .table import read_table

MAX_ID = 200  # characters
MAX_STUDENTS = 50_000  # a roster; grading regenerates every student's problems
NAME_COLUMNS = ("name", "first_name", "last_name")
# A cell that starts with one of these is run as a formula by a spreadsheet (CSV injection).
FORMULA = ("=", "@", "+", "-", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")  # linear: no \d+ beside \d*


def normal_id(sid: str) -> str:
    """``sid`` as ids are compared: Unicode NFC (macOS saves ``Zoë`` decomposed), every
    Unicode space (a no-break space, …) a plain space, spaces around it removed."""
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
        """The student's name when the roster has one (``name``, or first and last)."""
        f = self.fields
        if f.get("name"):
            return f["name"]
        both = " ".join(x for x in (f.get("first_name", ""), f.get("last_name", "")) if x)
        return both


def read_roster(path: Path) -> tuple[Student, ...]:
    """The students in roster order; UserError naming the line for an empty roster,
    a row without an id, an id with control characters or that a spreadsheet would run
    as a formula, or a duplicate id (ids compared as :func:`normal_id` makes them)."""
    table = read_table(path, "roster", _row_like)
    (col,) = table.require("student_id")
    for used in NAME_COLUMNS:  # a column named twice: which one is the name?
        table.column(used)
    students: list[Student] = []
    seen: dict[str, tuple[str, int]] = {}
    for row in table.rows:
        where = f"{path}: line {row.line}"
        if len(students) >= MAX_STUDENTS:
            raise UserError(f"{where}: more than {MAX_STUDENTS:,} students on the roster")
        if row.error:
            raise UserError(f"{where}: cannot read this row: {row.error}")
        sid = row.cells[col] if col < len(row.cells) else ""
        check_id(sid, where)
        key = normal_id(sid)
        if key in seen:
            other, line = seen[key]
            alike = "" if other == sid else f" ({other!r} there: the same id, typed differently)"
            raise UserError(f"{where}: duplicate student id {sid!r} (also on line {line}){alike}")
        seen[key] = (sid, row.line)
        fields = {
            name: value
            for name, value in zip(table.header, row.cells)
            if name and name != "student_id"
        }
        students.append(Student(sid, row.line, fields))
    if not students:
        raise UserError(f"{path}: the roster is empty: no student below the header row")
    return tuple(students)


def check_id(sid: str, where: str) -> None:
    """UserError for an id that is empty, too long, or holds control characters."""
    if not sid:
        raise UserError(f"{where}: no student id (the student_id column is empty)")
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
