"""Read the CSV files people make by hand: rosters and submissions.

Forgiving where nothing is lost: a byte-order mark, a file saved as Windows-1252 by a
spreadsheet, a ``;`` or tab delimiter (the header row decides), stray spaces around
headers and values, blank lines. Every row keeps the line it starts on, so a problem
can be reported with its place.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
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
            raise UserError(
                f"{self.path}: line 1: the header has no {' or '.join(missing)} column "
                f"(it has {have}); the first row must name the columns: {','.join(names)}"
            )
        return tuple(self.header.index(n) for n in names)


def read_table(path: Path, what: str) -> Table:
    """Read a CSV file; UserError when it cannot be read at all or has no header row."""
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
    if delimiter != ",":
        notes.append(f"{path}: columns are separated by {_NAMES[delimiter]}")
    data = tuple(r for r in rows[1:] if r.error or any(r.cells))
    return Table(path, header, data, tuple(notes))


_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _decode(path: Path, what: str) -> tuple[str, list[str]]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path}: too large for a {what} ({size:,} bytes)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a {what} file") from None
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
            yield Row(start, (), str(e))
        else:
            yield Row(start, tuple(c.strip() for c in cells))
        start = first + reader.line_num + 1


def _header_name(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).lower().replace(" ", "_")
