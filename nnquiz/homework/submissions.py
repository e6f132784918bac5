"""The submissions file: ``student_id,question,answer``, one row per answer.

Messy files are the normal case. Rows are read, never trusted, one at a time (a file
of millions of rows is never held in memory): a row that cannot be used becomes an
:class:`Issue` with its line, and reading goes on. Only a file that cannot be read at
all (missing, not text, no header with the three columns) is a
:class:`~nnquiz.errors.UserError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import printable
from .roster import normal_id
from .table import Row, read_table

COLUMNS = ("student_id", "question", "answer")
MAX_QUESTION = 40  # characters of a question cell: "Question 12 (b)" needs 15
# "2", "2b", "Q2b", "q 2 (b)", "2.b", "question 2b", once every run of spaces is one
# space (:func:`question_code`): no two quantifiers can take the same characters, so
# the match is linear whatever the cell holds.
QUESTION = re.compile(r"(?:q(?:uestion)?\.? ?)?(\d{1,4}) ?[.)]? ?(?:\(? ?([a-z]) ?\)?)?", re.I)


def question_code(cell: str) -> tuple[int, str | None] | None:
    """(number, part label or None) from a question cell such as ``Q2b``, or None when
    it is not one. The length is checked before anything is matched."""
    if len(cell) > MAX_QUESTION:
        return None
    m = QUESTION.fullmatch(" ".join(cell.split()))
    if m is None:
        return None
    return int(m.group(1)), (m.group(2) or "").lower() or None


@dataclass(frozen=True)
class Issue:
    """Something wrong in a file, with the line it is on (0: the file as a whole)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Answer:
    """One row: what ``student_id`` (as :func:`normal_id` makes it) typed for
    ``question`` (part ``label``, or None when the row gives only the number); ``short``:
    the row ends before its answer column."""

    line: int
    student_id: str
    question: int
    label: str | None
    text: str
    short: bool = False


@dataclass(frozen=True)
class Rejected:
    """A row with a student id but no usable question: ``why``, said to the student."""

    line: int
    student_id: str
    why: str


Event = Answer | Rejected | Issue


class Submissions:
    """A submissions file, opened: its header has been read and checked; ``events``
    reads the rows as it is consumed (once), giving an :class:`Answer` for every usable
    row, an :class:`Issue` for every unusable one, and a :class:`Rejected` besides
    when the unusable row has a student id. ``notes`` grows as the file is read."""

    def __init__(self, path: Path, events: Iterator[Event], notes: list[str]):
        self.path = path
        self.events = events
        self.notes = notes


def read_submissions(
    path: Path, roster_ids: Iterable[str] = (), questions: Iterable[int] = ()
) -> Submissions:
    """Open the submissions file (UserError when it cannot be used at all). A quote
    left open that swallowed rows is a UserError when reading reaches it: reading on
    would grade other students' answers as one student's. A line inside a quoted field
    is taken for a row when, in the header's columns, it has a student id (one of
    ``roster_ids``, in any case, or a word like one), a question of the assignment (one
    of the numbers ``questions``; any number when none are given), and a cell for the
    answer."""
    folded = {normal_id(i).casefold() for i in roster_ids}
    numbers = frozenset(questions)
    table = read_table(
        path, "submissions file", lambda line, d, head: _row_like(line, d, head, folded, numbers)
    )
    columns = table.require(*COLUMNS)
    return Submissions(path, _events(table.rows, columns, len(table.header)), table.notes)


def _events(rows: Iterable[Row], columns: tuple[int, ...], width: int) -> Iterator[Event]:
    for row in rows:
        answer, issue, why = _answer(row, columns, width)
        if answer is not None:
            yield answer
        if issue is not None:
            yield issue
        if why is not None:
            yield why


_ID_LIKE = re.compile(r"[A-Za-z][\w.@+\- ]{0,199}")


def _row_like(
    line: str,
    delimiter: str,
    header: tuple[str, ...],
    folded: set[str],
    numbers: frozenset[int],
) -> bool:
    """Whether a line inside a quoted field looks like a row of its own: in the columns
    the header names, a roster id (in any case) or a word like one (``s001``), then a
    question of the assignment (``2b``; of ``numbers``, when given), and a cell for the
    answer. So a matrix typed one row a line, ``1, 2``, is no row, even with a roster id
    ``1`` and a question 2: it has no cell for the answer."""
    try:
        c_id, c_q, c_a = (header.index(name) for name in COLUMNS)
    except ValueError:  # the file is refused for its header
        return False
    cells = line.split(delimiter)
    if len(cells) <= max(c_id, c_q, c_a):
        return False
    sid = normal_id(normal_id(cells[c_id]).strip('"'))
    if sid.casefold() not in folded and _ID_LIKE.fullmatch(sid) is None:
        return False
    code = question_code(normal_id(cells[c_q]).strip('"'))
    return code is not None and (not numbers or code[0] in numbers)


def _answer(
    row: Row, columns: tuple[int, ...], width: int
) -> tuple[Answer | None, Issue | None, Rejected | None]:
    """The row's answer, or the issue that stops it (and, with an id, why)."""
    if row.error:
        return None, Issue(row.line, f"cannot read this row ({row.error}); skipped"), None
    c_id, c_q, c_a = columns
    cells = row.cells
    sid = normal_id(cells[c_id]) if c_id < len(cells) else ""
    question = cells[c_q] if c_q < len(cells) else ""
    if not sid:
        return None, Issue(row.line, "no student id; row skipped"), None
    if not question:
        why = "it has no question number"
        issue = Issue(row.line, f"student {shown(sid)}: no question number; row skipped")
        return None, issue, Rejected(row.line, sid, why)
    code = question_code(question)
    if code is None:
        why = f"{shown(question)} is not a question number such as 2 or 2b"
        issue = Issue(row.line, f"student {shown(sid)}: {why}; row skipped")
        return None, issue, Rejected(row.line, sid, why)
    number, label = code
    if c_a >= len(cells):  # reported when placed: a short row for no question says so once
        return Answer(row.line, sid, number, label, "", short=True), None, None
    text = cells[c_a]
    if c_a == width - 1 and len(cells) > width:
        text = ",".join(cells[c_a:])  # "[0.1, 0.2]" without quotes splits at its commas
    return Answer(row.line, sid, number, label, text), None, None


def shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message: control characters escaped, long text cut."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return printable(repr(cut), None)
