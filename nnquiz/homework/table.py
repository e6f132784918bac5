"""Read the CSV files people make by hand: rosters and submissions.

Forgiving where nothing is lost: a byte-order mark, a file saved as Windows-1252 by a
spreadsheet, a ``;`` or tab delimiter (the header row decides), stray spaces around
headers and values, blank lines. Every row keeps the line it starts on, so a problem
can be reported with its place.

A quoted field may run over several lines (a column vector typed one entry a line), but
a quote left open swallows every line after it into one field, up to the next quote. A
file where a quoted field runs over lines that look like rows of their own is refused,
naming the line the quote opens on and the lines it swallowed (never their text).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError

MAX_BYTES = 200_000_000  # a class of 10,000 with 100 answers each is far below this
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Row:
    """One data row: ``line`` (1-based, where it starts) and its stripped ``cells``;
    ``error`` says why a row could not be read (then ``cells`` is empty)."""

    line: int
    cells: tuple[str, ...]
    error: str | None = None
    end: int = 0  # the line it ends on, when a quoted field runs over several


@dataclass(frozen=True)
class Table:
    """A CSV file: lower-cased header names, the data rows, and notes on how it was read."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    def column(self, name: str) -> int | None:
        """The index of column ``name`` (case and spaces ignored), or None."""
        try:
            return self.header.index(name)
        except ValueError:
            return None

    def require(self, *names: str) -> tuple[int, ...]:
        """The indices of ``names``; UserError naming what is missing and what is there."""
        missing = [n for n in names if self.column(n) is None]
        if missing:
            have = ", ".join(self.header) or "nothing"
            which = " or ".join(missing)
            if len(missing) > 2:
                which = ", ".join(missing[:-1]) + " or " + missing[-1]
            raise UserError(
                f"{self.path}: line 1: the header has no {which} column "
                f"(it has {have}); the first row must name the columns: {','.join(names)}"
            )
        return tuple(self.header.index(n) for n in names)


# Whether a line that a quoted field swallowed looks like a row of its own:
# (the line, the delimiter, the header's column names, as Table.header).
RowLike = Callable[[str, str, tuple[str, ...]], bool]


def read_table(path: Path, what: str, row_like: RowLike | None = None) -> Table:
    """Read a CSV file; UserError when it cannot be read at all, has no header row, or
    has a quoted field that swallowed lines ``row_like`` says are rows of their own."""
    text, notes = _decode(path, what)
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise UserError(f"{path}: the {what} is empty (expected a header row first)")
    delimiter = _delimiter(lines[first])
    rows = list(_rows(lines, first, delimiter))
    if rows[0].error:
        raise UserError(f"{path}: line {rows[0].line}: cannot read the header: {rows[0].error}")
    header = tuple(_header_name(c) for c in rows[0].cells)
    if row_like is not None:
        for row in rows[1:]:
            if row.end > row.line:
                _swallowed(path, lines, row, lambda line: row_like(line, delimiter, header))
    if delimiter != ",":
        notes.append(f"{path}: columns are separated by {_NAMES[delimiter]}")
    data = tuple(r for r in rows[1:] if r.error or any(r.cells))
    return Table(path, header, data, tuple(notes))


_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _swallowed(path: Path, lines: list[str], row: Row, row_like: Callable[[str], bool]) -> None:
    """UserError when a quoted field of ``row`` runs over lines that look like rows."""
    inner = range(row.line + 1, row.end + 1)  # 1-based lines after the one it starts on
    if not any(row_like(lines[n - 1]) for n in inner):
        return
    text = "".join(lines[row.line - 1 : row.end])
    never = row.end == len(lines) and text.count('"') % 2 == 1
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


def _decode(path: Path, what: str) -> tuple[str, list[str]]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path}: too large for a {what} ({size:,} bytes)")
        raw = path.read_bytes()
    except IsADirectoryError:
        noun = what if what.endswith("file") else f"{what} file"
        raise UserError(f"{path}: is a folder, not a {noun}") from None
    except OSError as e:
        raise UserError(f"cannot read the {what} {path}: {e.strerror}") from None
    if raw[:4096].count(b"\0") > 64 and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{path}: not a text file (a {what} is CSV text)")
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec), [f"{path}: read as UTF-16"]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        note = f"{path}: line {line}: not UTF-8; read as Windows-1252 (save as 'CSV UTF-8')"
        return raw.decode("cp1252", errors="replace"), [note]


def _delimiter(header_line: str) -> str:
    """The delimiter the header row uses: the commonest of , ; and tab outside quotes."""
    counts = {d: _unquoted(header_line).count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _unquoted(line: str) -> str:
    return "".join(part for k, part in enumerate(line.split('"')) if k % 2 == 0)


def _rows(lines: list[str], first: int, delimiter: str) -> Iterator[Row]:
    """Rows with the line each starts on; a quoted field may span lines."""
    numbered = iter(lines[first:])
    reader = csv.reader(numbered, delimiter=delimiter, skipinitialspace=True, strict=False)
    start = first + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:  # e.g. a field larger than the csv module allows
            yield Row(start, (), str(e), first + reader.line_num)
        else:
            yield Row(start, tuple(c.strip() for c in cells), None, first + reader.line_num)
        start = first + reader.line_num + 1


def _header_name(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).lower().replace(" ", "_")
