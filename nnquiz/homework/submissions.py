"""The submissions file: ``student_id,question,answer``, one row per answer.

Messy files are the normal case. Rows are read, never trusted: a row that cannot be
used becomes an :class:`Issue` with its line, and reading goes on. Only a file that
cannot be read at all (missing, not text, no header with the three columns) is a
:class:`~nnquiz.errors.UserError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .table import Row, read_table

COLUMNS = ("student_id", "question", "answer")
# "2", "2b", "Q2b", "q 2 (b)", "2.b", "question 2b"
QUESTION = re.compile(r"(?:q(?:uestion)?\.?\s*)?(\d{1,4})\s*[.)]?\s*(?:\(?\s*([a-z])\s*\)?)?", re.I)


@dataclass(frozen=True)
class Issue:
    """Something wrong in a file, with the line it is on (0: the file as a whole)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Answer:
    """One row: what ``student_id`` typed for ``question`` (part ``label``, or None when
    the row gives only the number)."""

    line: int
    student_id: str
    question: int
    label: str | None
    text: str


@dataclass(frozen=True)
class Submissions:
    path: Path
    answers: tuple[Answer, ...]
    issues: tuple[Issue, ...]
    notes: tuple[str, ...] = ()


def read_submissions(path: Path) -> Submissions:
    """Every usable row as an Answer, every unusable one as an Issue."""
    table = read_table(path, "submissions file")
    columns = table.require(*COLUMNS)
    answers: list[Answer] = []
    issues: list[Issue] = []
    for row in table.rows:
        answer, issue = _answer(row, columns, len(table.header))
        if answer is not None:
            answers.append(answer)
        if issue is not None:
            issues.append(issue)
    return Submissions(path, tuple(answers), tuple(issues), table.notes)


def _answer(row: Row, columns: tuple[int, ...], width: int) -> tuple[Answer | None, Issue | None]:
    """The row's answer, or the issue that stops it (a short row has both)."""
    if row.error:
        return None, Issue(row.line, f"cannot read this row ({row.error}); skipped")
    c_id, c_q, c_a = columns
    cells = row.cells
    sid = cells[c_id] if c_id < len(cells) else ""
    question = cells[c_q] if c_q < len(cells) else ""
    if not sid:
        return None, Issue(row.line, "no student id; row skipped")
    if not question:
        return None, Issue(row.line, f"student {shown(sid)}: no question number; row skipped")
    m = QUESTION.fullmatch(question)
    if m is None:
        return None, Issue(
            row.line,
            f"student {shown(sid)}: {shown(question)} is not a question number such as 2 or 2b; "
            "row skipped",
        )
    number, label = int(m.group(1)), (m.group(2) or "").lower() or None
    if c_a >= len(cells):
        short = f"student {shown(sid)}, question {question}: short row with no answer"
        return Answer(row.line, sid, number, label, ""), Issue(row.line, short)
    text = cells[c_a]
    if c_a == width - 1 and len(cells) > width:
        text = ",".join(cells[c_a:])  # "[0.1, 0.2]" without quotes splits at its commas
    return Answer(row.line, sid, number, label, text), None


def shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message: control characters escaped, long text cut."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return repr(cut)
