"""What a submissions file's header says, before its rows are read: a wide file's
layout checked (two columns for one part; a form whose id column has a title nnquiz does
not know), the columns read as nothing (named in a note: their answers would be lost
without a word), and whether its dates are written day or month first."""

from __future__ import annotations

from ..errors import UserError, printable
from .lms import NOT_QUESTIONS, Wide, parse_time, question_column, slash_order
from .table import Table, read_table


def no_id_column(table: Table) -> None:
    """UserError for a form export (question columns, no question or answer column)
    whose column of ids or emails has a title nnquiz does not know."""
    asked = [n for n in table.names if question_column(n) is not None]
    if not asked or table.column("question") is not None:
        return
    have = printable(", ".join(table.names), 300)
    listed = ", ".join(asked[:3]) + (", …" if len(asked) > 3 else "")
    raise UserError(
        f"{table.path}: line {table.header_line}: one row per submission, with a column "
        f"per question ({printable(listed, 100)}), but no column of student ids or emails "
        f"(it has {have}): title the id column 'Student ID' (or the email column 'Email "
        "address') in the file's first row"
    )


def check_wide(table: Table, wide: Wide) -> None:
    """UserError when two columns answer the same question and part."""
    seen: dict[tuple[int, str | None], int] = {}
    for k, code in wide.questions.items():
        if code in seen:
            first = table.names[seen[code]]
            raise UserError(
                f"{table.path}: line {table.header_line}: the columns {first!r} and "
                f"{table.names[k]!r} both answer question {code[0]}{code[1] or ''}; keep one"
            )
        seen[code] = k


# what a form export holds besides the answers (Google Forms' quiz score, Microsoft
# Forms' start and modification times): not worth a note
FORM_EXTRAS = frozenset(("score", "total_score", "points", "start_time", "last_modified_time"))


def unread_columns(table: Table, wide: Wide) -> None:
    """A note naming a wide file's columns that are read as nothing (neither a question
    nor an id, email, time or name): a question's title nnquiz does not take for one
    would otherwise lose every answer in it without a word."""
    used = {wide.id, wide.email, wide.time, *wide.questions}
    unread = [
        name
        for k, (name, key) in enumerate(zip(table.names, table.header))
        if k not in used and key and key not in NOT_QUESTIONS and key not in FORM_EXTRAS
    ]
    if unread:
        listed = ", ".join(printable(repr(n[:40]), None) for n in unread[:8])
        more = f" and {len(unread) - 8} more" if len(unread) > 8 else ""
        table.notes.append(
            f"{table.path}: columns not read (no question number at their start, as in "
            f"'Q2b' or '2b: the loss'): {listed}{more}"
        )


def date_order(table: Table, column: int | None) -> str:
    """How the file writes slash dates (day or month first), from the first date that
    tells (a day over 12), read ahead in a second pass over the file: "mdy" when none
    tells (Google's default), with a note."""
    if column is None:
        return "mdy"
    again = read_table(table.path, "submissions file")
    ambiguous = False  # a date read that could be either (not one that cannot be read)
    for row in again.rows:
        cell = row.cells[column] if column < len(row.cells) else ""
        if not cell:
            continue
        if "/" not in cell and "." not in cell[:6]:
            return "mdy"  # ISO or words: the order does not matter
        order = slash_order(cell)
        if order is not None:
            return order
        ambiguous = ambiguous or parse_time(cell) is not None
    if ambiguous:
        table.notes.append(
            f"{table.path}: every date could be month/day or day/month; read as month/day"
        )
    return "mdy"
