"""Submissions: what students answered, from one or more CSV files.

Two layouts are read. **Long**: ``student_id,question,answer``, one row per answer
(``question`` is ``2`` or ``2b``), with a timestamp or an email column when the file has
one. **Wide**, as Google Forms exports it: one row per submission, with a timestamp, an
id or an email, and one column per question or part (``Q1``, ``Q2b``, ``2b``,
``Question 2 (b)``, :func:`.lms.wide_layout`); a blank cell answers nothing.

Messy files are the normal case. Rows are read, never trusted, one at a time (a file
of millions of rows is never held in memory): a row that cannot be used becomes an
:class:`Issue` with its line, and reading goes on. Only a file that cannot be read at
all (missing, not text, no header nnquiz can use) is a
:class:`~nnquiz.errors.UserError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..errors import printable
from .headers import check_wide, date_order, no_id_column, unread_columns
from .lms import (
    EMAIL_COLUMNS,
    TIME_COLUMNS,
    Wide,
    parse_time,
    pick_column,
    question_code,
    wide_layout,
)
from .roster import normal_id
from .table import Row, Table, read_table

COLUMNS = ("student_id", "question", "answer")


@dataclass(frozen=True)
class Issue:
    """Something wrong in a file, with the line it is on (0: the file as a whole) and,
    when several files are read, the file (``source``)."""

    line: int
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}line {self.line}: {self.message}" if self.line else where + self.message


@dataclass(frozen=True)
class Answer:
    """What ``student_id`` (as :func:`normal_id` makes it; "" when the row has only an
    email) typed for ``question`` (part ``label``, or None when the row gives only the
    number), on ``line`` of file number ``source`` (0-based), at ``when`` (None without
    a timestamp). ``short``: the row ends before its answer column."""

    line: int
    student_id: str
    question: int
    label: str | None
    text: str
    short: bool = False
    source: int = 0
    when: datetime | None = None
    email: str = ""


@dataclass(frozen=True)
class Rejected:
    """A row with a student id but no usable question: ``why``, said to the student."""

    line: int
    student_id: str
    why: str
    source: int = 0
    email: str = ""


@dataclass(frozen=True)
class Submitted:
    """A row of a wide file: one submission of ``student_id`` (or ``email``), at ``when``."""

    line: int
    student_id: str
    source: int
    when: datetime | None
    email: str = ""


Event = Answer | Rejected | Issue | Submitted


class Submissions:
    """Submissions files, opened: each header has been read and checked; ``events``
    reads the rows as it is consumed (once), giving an :class:`Answer` for every usable
    answer, an :class:`Issue` for every unusable row (and a :class:`Rejected` besides
    when it has a student id), and a :class:`Submitted` for every row of a wide file.
    ``notes`` grows as the files are read; ``timed``: some file has timestamps."""

    def __init__(
        self,
        paths: Path | Sequence[Path],
        events: Iterator[Event],
        notes: list[str],
        timed: bool = False,
    ):
        self.paths = (paths,) if isinstance(paths, Path) else tuple(paths)
        self.events = events
        self.notes = notes
        self.timed = timed
        self.offsets: set[timedelta] = set()  # of the timestamps written with one

    @property
    def path(self) -> Path:
        return self.paths[0]

    @property
    def source(self) -> str:
        return ", ".join(str(p) for p in self.paths)


def read_submissions(
    paths: Path | Sequence[Path],
    roster_ids: Iterable[str] = (),
    questions: Iterable[int] = (),
    zone: Callable[[datetime], datetime] | None = None,
) -> Submissions:
    """Open the submissions files (UserError when one cannot be used at all). A quote
    left open that swallowed rows is a UserError when reading reaches it: reading on
    would grade other students' answers as one student's. A line inside a quoted field
    is taken for a row when, in the header's columns, it has a student id (one of
    ``roster_ids``, in any case, or a word like one), a question of the assignment (one
    of the numbers ``questions``; any number when none are given), and a cell for the
    answer. ``zone`` makes a timestamp with an offset comparable with those without
    (the deadline's :meth:`~.late.Deadline.zone`; by default, taken to UTC)."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    offsets: set[timedelta] = set()
    zone = _noting(zone or _utc, offsets)
    folded = {normal_id(i).casefold() for i in roster_ids}
    numbers = frozenset(questions)
    notes: list[str] = []
    streams = []
    timed = False
    for k, path in enumerate(paths):
        table = read_table(
            path,
            "submissions file",
            lambda line, d, head: _row_like(line, d, head, folded, numbers),
        )
        stream, has_time = _open(table, k, str(path) if len(paths) > 1 else "", zone)
        streams.append((table, stream))
        timed = timed or has_time
    found = Submissions(paths, _chain(streams, notes), notes, timed)
    found.offsets = offsets
    return found


def _noting(
    zone: Callable[[datetime], datetime], offsets: set[timedelta]
) -> Callable[[datetime], datetime]:
    """``zone``, noting in ``offsets`` the offset of every timestamp written with one."""

    def noted(t: datetime) -> datetime:
        offset = t.utcoffset()
        if offset is not None:
            offsets.add(offset)
        return zone(t)

    return noted


def _chain(streams: list, notes: list[str]) -> Iterator[Event]:
    for table, stream in streams:
        yield from stream
        notes.extend(table.notes)


def _open(
    table: Table, source: int, name: str, zone: Callable[[datetime], datetime]
) -> tuple[Iterator[Event], bool]:
    """The events of one file, long or wide, and whether its rows carry timestamps."""
    long = all(table.column(c) is not None for c in ("question", "answer"))
    if not long:
        wide = wide_layout(table.names, table.header)
        if wide is None:
            no_id_column(table)
            table.require(*COLUMNS)  # says what is missing
            raise AssertionError  # require raised
        check_wide(table, wide)
        unread_columns(table, wide)
        order = date_order(table, wide.time)
        events = _wide_events(table.rows, wide, source, name, (order, zone))
        return events, wide.time is not None
    time = _column(table, TIME_COLUMNS)
    mail = _column(table, EMAIL_COLUMNS)
    if mail is None or table.column("student_id") is not None:
        columns = table.require(*COLUMNS)
    else:  # ids come from the email column
        columns = (mail, *table.require("question", "answer"))
    order = date_order(table, time)
    width = len(table.header)
    events = _events(table.rows, columns, width, source, name, time, mail, (order, zone))
    return events, time is not None


def _column(table: Table, wanted: tuple[str, ...]) -> int | None:
    name = pick_column(table.header, wanted)
    return None if name is None else table.column(name)


def _events(
    rows: Iterable[Row],
    columns: tuple[int, ...],
    width: int,
    source: int,
    name: str,
    time: int | None,
    mail: int | None,
    order: tuple[str, Callable[[datetime], datetime]],
) -> Iterator[Event]:
    where = _Where(source, name, time, order)
    for row in rows:
        address = row.cells[mail] if mail is not None and mail < len(row.cells) else ""
        # an issue, then the answer or the row rejected (either may be None)
        yield from filter(None, _answer(row, columns, width, address, where))


@dataclass(frozen=True)
class _Where:
    """A long file's number and name (when there are several), and its timestamps'
    column and how they are read."""

    source: int
    name: str
    time: int | None
    order: tuple[str, Callable[[datetime], datetime]]


def _when(
    row: Row, column: int | None, order: tuple[str, Callable[[datetime], datetime]]
) -> datetime | None:
    """The row's timestamp, without an offset (see ``zone`` in read_submissions)."""
    if column is None or column >= len(row.cells):
        return None
    when = parse_time(row.cells[column], order[0])
    return None if when is None else order[1](when)


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t


def _wide_events(
    rows: Iterable[Row],
    wide: Wide,
    source: int,
    name: str,
    order: tuple[str, Callable[[datetime], datetime]],
) -> Iterator[Event]:
    """A wide file's rows: a Submitted for each, an Answer for each cell filled in."""
    for row in rows:
        if row.error:
            yield Issue(row.line, f"cannot read this row ({row.error}); skipped", name)
            continue
        cells = row.cells
        sid = normal_id(cells[wide.id]) if wide.id is not None and wide.id < len(cells) else ""
        mail = cells[wide.email] if wide.email is not None and wide.email < len(cells) else ""
        if not sid and not mail:
            yield Issue(row.line, "no student id or email; row skipped", name)
            continue
        when = _when(row, wide.time, order)
        if wide.time is not None and when is None:
            stamp = cells[wide.time] if wide.time < len(cells) else ""
            yield Issue(row.line, unread_time(stamp), name)
        yield Submitted(row.line, sid, source, when, mail)
        for k, (number, label) in wide.questions.items():
            text = cells[k] if k < len(cells) else ""
            if text.strip():
                yield Answer(row.line, sid, number, label, text, False, source, when, mail)


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
    row: Row,
    columns: tuple[int, ...],
    width: int,
    address: str,
    where: _Where,
) -> tuple[Issue | None, Answer | None, Rejected | None]:
    """The issue that stops the row, its answer, or (with an id) why it is rejected; a
    row with no id but an email ``address`` is the student of that address."""
    source, name = where.source, where.name
    if row.error:
        return Issue(row.line, f"cannot read this row ({row.error}); skipped", name), None, None
    c_id, c_q, c_a = columns
    cells = row.cells
    sid = normal_id(cells[c_id]) if c_id < len(cells) else ""
    question = cells[c_q] if c_q < len(cells) else ""
    if not sid and not address:
        return Issue(row.line, "no student id; row skipped", name), None, None
    sid = sid or address
    if not question:
        why = "it has no question number"
        issue = Issue(row.line, f"student {shown(sid)}: no question number; row skipped", name)
        return issue, None, Rejected(row.line, sid, why, source, address)
    code = question_code(question)
    if code is None:
        why = f"{shown(question)} is not a question number such as 2 or 2b"
        issue = Issue(row.line, f"student {shown(sid)}: {why}; row skipped", name)
        return issue, None, Rejected(row.line, sid, why, source, address)
    number, label = code
    when = _when(row, where.time, where.order)
    unread = None
    if when is None and where.time is not None and where.time < len(cells) and cells[where.time]:
        unread = Issue(row.line, unread_time(cells[where.time]), name)  # then its answer
    if c_a >= len(cells):  # reported when placed: a short row for no question says so once
        return unread, Answer(row.line, sid, number, label, "", True, source, when, address), None
    text = cells[c_a]
    if c_a == width - 1 and len(cells) > width:
        text = ",".join(cells[c_a:])  # "[0.1, 0.2]" without quotes splits at its commas
    return unread, Answer(row.line, sid, number, label, text, False, source, when, address), None


def unread_time(stamp: str) -> str:
    """The issue of a timestamp that cannot be read, and what follows from it."""
    return (
        f"cannot read the timestamp {shown(stamp)}: its answers are taken as on time, "
        "and as older than any timestamp read"
    )


def shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message: control characters escaped, long text cut."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return printable(repr(cut), None)
