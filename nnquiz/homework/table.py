"""Read the CSV files people make by hand: rosters and submissions, streamed row by row.

Forgiving where nothing is lost: a byte-order mark, a file saved as Windows-1252 by a
spreadsheet (or as UTF-16 with its byte-order mark), a ``;`` or tab delimiter (the
header row decides), stray spaces around headers and values, blank lines. Every row
keeps the line it starts on, so a problem can be reported with its place.

Hostile files are expected: the file is read a line at a time (memory stays flat
however many rows it has), a line longer than :data:`MAX_LINE` characters becomes a row
that cannot be read, UTF-16 without a byte-order mark and binary files are named, and a
column name that occurs twice is refused when the column is used.

A quoted field may run over several lines (a column vector typed one entry a line), but
a quote left open swallows every line after it into one field, up to the next quote. A
file where a quoted field runs over lines that look like rows of their own is refused,
naming the line the quote opens on and the lines it swallowed (never their text).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..datafiles import encoding_problem
from ..errors import UserError, printable

MAX_BYTES = 200_000_000  # a class of 10,000 with 100 answers each is far below this
MAX_LINE = 1_000_000  # characters in one line of a CSV file
DELIMITERS = (",", ";", "\t")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Row:
    """One data row: ``line`` (1-based, where it starts) and its stripped ``cells``;
    ``error`` says why a row could not be read (then ``cells`` is empty)."""

    line: int
    cells: tuple[str, ...]
    error: str | None = None
    end: int = 0  # the line it ends on, when a quoted field runs over several


# Whether a line that a quoted field swallowed looks like a row of its own:
# (the line, the delimiter, the header's column names, as Table.header).
RowLike = Callable[[str, str, tuple[str, ...]], bool]


class Table:
    """A CSV file: its header (``names`` as written, ``header`` as compared: lower case,
    spaces as ``_``), its data ``rows`` (an iterator, read as it is consumed), and
    ``notes`` on how it was read (added to as rows are read)."""

    def __init__(
        self,
        path: Path,
        names: tuple[str, ...],
        rows: Iterator[Row],
        notes: list[str],
        header_line: int = 1,
    ):
        self.path = path
        self.names = names
        self.header = tuple(header_name(c) for c in names)
        self.rows = rows
        self.notes = notes
        self.header_line = header_line

    def column(self, name: str) -> int | None:
        """The index of column ``name`` (case and spaces ignored), or None; UserError
        when the header names it twice (which one was meant?)."""
        at = [k for k, h in enumerate(self.header) if h == name]
        if len(at) > 1:
            shown = " and ".join(f"{printable(repr(self.names[k]))} (column {k + 1})" for k in at)
            raise UserError(
                f"{self.path}: line {self.header_line}: the header names the {name} column "
                f"more than once: {shown}; keep one"
            )
        return at[0] if at else None

    def require(self, *names: str) -> tuple[int, ...]:
        """The indices of ``names``; UserError naming what is missing and what is there."""
        found = [self.column(n) for n in names]
        missing = [n for n, k in zip(names, found) if k is None]
        if missing:
            have = printable(", ".join(self.names), 300) or "nothing"
            which = " or ".join(missing)
            if len(missing) > 2:
                which = ", ".join(missing[:-1]) + " or " + missing[-1]
            raise UserError(
                f"{self.path}: line {self.header_line}: the header has no {which} column "
                f"(it has {have}); the first row must name the columns: {','.join(names)}"
            )
        return tuple(k for k in found if k is not None)


def header_name(cell: str) -> str:
    """A column name as compared: ``" Student ID "`` -> ``student_id``."""
    return " ".join(cell.replace("\ufeff", "").split()).lower().replace(" ", "_")


def read_table(path: Path, what: str, row_like: RowLike | None = None) -> Table:
    """Open a CSV file and read its header; UserError when it cannot be read at all or
    has no header row. Its rows are read as ``Table.rows`` is consumed, which raises
    UserError for a quoted field that swallowed lines ``row_like`` says are rows."""
    encoding, notes = _sniff(path, what)
    stream = _records(path, what, encoding, notes, row_like)
    names, line = next(stream)
    return Table(path, names, stream, notes, line)  # type: ignore[arg-type]


def _sniff(path: Path, what: str) -> tuple[str, list[str]]:
    """The codec to read ``path`` with, and a note when it is not UTF-8; UserError for
    a file too large, not text, or UTF-16 without a byte-order mark. The whole file is
    checked for UTF-8 a megabyte at a time."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(
                f"{path}: too large for a {what} ({size:,} bytes; at most {MAX_BYTES:,})"
            )
        with path.open("rb") as f:
            head = f.read(4096)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16", [f"{path}: read as UTF-16"]
            problem = encoding_problem(head, nuls=64)
            if problem is not None:
                fix = f"save the {what} as 'CSV UTF-8'" if "UTF-16" in problem else ""
                raise UserError(f"{path}: {problem}; {fix or f'a {what} is CSV text'}")
            f.seek(0)
            bad = _first_bad_line(f)
    except IsADirectoryError:
        noun = what if what.endswith("file") else f"{what} file"
        raise UserError(f"{path}: is a folder, not a {noun}") from None
    except OSError as e:
        raise UserError(f"cannot read the {what} {path}: {e.strerror or e}") from None
    if bad is None:
        return "utf-8-sig", []
    note = f"{path}: line {bad}: not UTF-8; read as Windows-1252 (save as 'CSV UTF-8')"
    return "cp1252", [note]


def _first_bad_line(f: IO[bytes]) -> int | None:
    """The line of the first byte that is not UTF-8, or None when all of it is."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    while chunk := f.read(CHUNK):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as e:
            held = len(decoder.getstate()[0])  # bytes kept back from the chunk before
            return lines + chunk[: max(e.start - held, 0)].count(b"\n") + 1
        lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return lines + 1
    return None


def _records(
    path: Path, what: str, encoding: str, notes: list[str], row_like: RowLike | None
) -> Iterator[tuple[tuple[str, ...], int] | Row]:
    """First the header's cells and line, then every data row (rows of no cells left out)."""
    errors = "replace" if encoding == "cp1252" else "strict"
    try:
        with path.open(encoding=encoding, errors=errors, newline="") as f:
            lines = _Lines(f)
            first = lines.skip_blank()
            if lines.too_long:
                n = lines.too_long[0]
                raise UserError(f"{path}: line {n}: longer than {MAX_LINE:,} characters")
            if first is None:
                raise UserError(f"{path}: the {what} is empty (expected a header row first)")
            delimiter = _delimiter(first)
            if delimiter != ",":
                notes.append(f"{path}: columns are separated by {_NAMES[delimiter]}")
            lines.push(first)
            rows = _rows(lines, delimiter)
            header = next(rows)
            if header.error:
                where = f"{path}: line {header.line}"
                raise UserError(f"{where}: cannot read the header: {header.error}")
            yield header.cells, header.line
            names = tuple(header_name(c) for c in header.cells)
            if row_like is not None:
                lines.watch(lambda line: row_like(line, delimiter, names))
            for row in rows:
                if lines.swallowed:
                    _swallowed(path, row, lines)
                if row.error or any(row.cells):
                    yield row
    except UnicodeDecodeError:  # the file changed since it was checked
        raise UserError(f"{path}: not UTF-8 text (save the {what} as 'CSV UTF-8')") from None
    except OSError as e:
        raise UserError(f"cannot read the {what} {path}: {e.strerror or e}") from None


_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


class _Lines:
    """The file's lines for :mod:`csv`, counted, at most :data:`MAX_LINE` characters each
    (a longer line is read to its end and handed on empty, and noted in ``too_long``),
    with every line after the first of a record checked by ``watch``'s function."""

    def __init__(self, f: IO[str]):
        self.f = f
        self.n = 0  # lines read
        self.start = 1  # the line the current record starts on
        self.pending: list[str] = []
        self.too_long: list[int] = []
        self.looks: Callable[[str], bool] | None = None
        self.swallowed = 0  # continuation lines of this record that look like rows
        self.quotes = 0  # quotes in this record's lines

    def skip_blank(self) -> str | None:
        while line := self._read():
            if line.strip():
                return line
        return None

    def push(self, line: str) -> None:
        """Hand ``line`` (already counted) to the next read again."""
        self.pending.append(line)
        self.n -= 1

    def watch(self, looks: Callable[[str], bool]) -> None:
        self.looks = looks

    def begin(self) -> None:
        """A new record starts with the next line."""
        self.start = self.n + 1
        self.swallowed = 0
        self.quotes = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._read()
        if not line:
            raise StopIteration
        if self.looks is not None:
            self.quotes += line.count('"')
            if self.n > self.start and self.looks(line):
                self.swallowed += 1
        return line

    def _read(self) -> str:
        if self.pending:
            self.n += 1
            return self.pending.pop()
        line = self.f.readline(MAX_LINE)
        if not line:
            return ""
        self.n += 1
        if len(line) >= MAX_LINE and not line.endswith(("\n", "\r")):
            while (more := self.f.readline(MAX_LINE)) and not more.endswith(("\n", "\r")):
                pass
            self.too_long.append(self.n)
            return "\n"
        return line


def _rows(lines: _Lines, delimiter: str) -> Iterator[Row]:
    """Rows with the line each starts on; a quoted field may span lines."""
    reader = csv.reader(lines, delimiter=delimiter, skipinitialspace=True, strict=False)
    while True:
        lines.begin()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:  # e.g. a field larger than the csv module allows
            yield Row(lines.start, (), str(e), lines.n)
            continue
        long = [n for n in lines.too_long if n >= lines.start] if lines.too_long else []
        if long:
            lines.too_long.clear()
            error = f"line {long[0]} is longer than {MAX_LINE:,} characters"
            if long[0] == lines.start:
                error = f"it is longer than {MAX_LINE:,} characters"
            yield Row(lines.start, (), error, lines.n)
            continue
        yield Row(lines.start, tuple(map(str.strip, cells)), None, lines.n)


def _swallowed(path: Path, row: Row, lines: _Lines) -> None:
    """UserError for a row whose quoted field ran over lines that look like rows."""
    at_end = lines.f.read(1) == ""
    never = at_end and lines.quotes % 2 == 1
    closed = "is never closed" if never else "is not closed on that line"
    if row.end == row.line + 1:
        span = f"line {row.end}, which looks like a row of its own"
    else:
        span = f"lines {row.line + 1}-{row.end}, which look like rows of their own"
    raise UserError(
        f'{path}: line {row.line}: a quote (") opens in this row and {closed}, so it '
        f"swallowed {span}; close the quote (or remove "
        "it) and run again"
    )


def _delimiter(header_line: str) -> str:
    """The delimiter the header row uses: the commonest of , ; and tab outside quotes."""
    counts = {d: _unquoted(header_line).count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _unquoted(line: str) -> str:
    return "".join(part for k, part in enumerate(line.split('"')) if k % 2 == 0)
