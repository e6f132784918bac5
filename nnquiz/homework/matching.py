"""Placing the rows of a submissions file: whose answer to which part each one is.

The rows are consumed as they are read. What is kept is bounded by the class, not by
the file: one answer per student and part, a few skipped rows per student, and the
first few of each kind of problem (:class:`.issues.Issues`); a million rows from ids
not on the roster cost a counter, not a million lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..answers.labels import TooLong, split_parts
from ..problems.model import Problem
from .assignment import Assignment
from .issues import Issues
from .roster import normal_id
from .submissions import Answer, Issue, Rejected, Submissions, shown

SKIPS_KEPT = 20  # skipped rows of one student named in their feedback
STRANGERS_KEPT = 20  # ids not on the roster listed one by one


@dataclass(frozen=True)
class Given:
    """The answer that counts for one part: its text and the line it came from."""

    line: int
    text: str


@dataclass(frozen=True)
class Skip:
    """A student's row that was skipped: its ``line``, the ``question`` it names (None
    when there is no such question) and ``why``, said to the student."""

    line: int
    question: int | None
    why: str


@dataclass
class Found:
    """What the rows gave: {(student, question): {label: Given}}, the number of rows each
    student has, and each student's skipped rows (the first :data:`SKIPS_KEPT`)."""

    given: dict[tuple[str, int], dict[str, Given]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, list[Skip]] = field(default_factory=dict)

    def skip(self, sid: str, skip: Skip) -> None:
        mine = self.skipped.setdefault(sid, [])
        if len(mine) < SKIPS_KEPT:
            mine.append(skip)


class _Strangers:
    """Ids not on the roster: the first :data:`STRANGERS_KEPT` with their lines (up to
    six), the rest only counted."""

    def __init__(self) -> None:
        self.lines: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}
        self.other_rows = 0

    def add(self, sid: str, line: int) -> None:
        if sid in self.lines:
            self.counts[sid] += 1
            if len(self.lines[sid]) < 7:
                self.lines[sid].append(line)
        elif len(self.lines) < STRANGERS_KEPT:
            self.lines[sid] = [line]
            self.counts[sid] = 1
        else:
            self.other_rows += 1


def match(
    assignment: Assignment,
    problems: dict[str, list[Problem]],
    submissions: Submissions,
    issues: Issues,
) -> Found:
    """Every row placed: the last row for a part wins; every row that cannot be placed
    is an issue. Ids are compared as ``normal_id`` makes them."""
    roster = {normal_id(sid): sid for sid in problems}
    found = Found()
    strangers = _Strangers()
    for event in submissions.events:
        if isinstance(event, Issue):
            issues.add(event, _kind(event))
        elif isinstance(event, Rejected):  # its issue came before it
            sid = roster.get(event.student_id)
            if sid is not None:
                found.rows[sid] = found.rows.get(sid, 0) + 1
                found.skip(sid, Skip(event.line, None, event.why))
        else:
            sid = roster.get(event.student_id)
            if sid is None:
                strangers.add(event.student_id, event.line)
            else:
                _take(event, sid, assignment, problems[sid], found, issues)
    for issue in _stranger_issues(strangers, roster):
        issues.add(issue, "a student not on the roster")
    issues.uncounted("a student not on the roster", strangers.other_rows)
    return found


def _kind(issue: Issue) -> str:
    """The kind an issue from reading the file is counted as."""
    text = issue.message
    if text.startswith("cannot read this row"):
        return "a row that is not CSV"
    if text.startswith("no student id"):
        return "a row with no student id"
    return "a row with no usable question number"


def _take(
    a: Answer, sid: str, assignment: Assignment, problems: list[Problem], found: Found, issues
) -> None:
    found.rows[sid] = found.rows.get(sid, 0) + 1
    placed, why = place(a, assignment, problems)
    if why is not None:
        if issues.count(_why(why)):
            issues.keep(Issue(a.line, f"student {shown(a.student_id)}: {why}; row skipped"))
        known = 1 <= a.question <= len(assignment.questions)
        found.skip(sid, Skip(a.line, a.question if known else None, why))
        return
    if a.short:
        where = f"{a.question}{a.label or ''}"
        message = f"student {shown(a.student_id)}, question {where}: short row with no answer"
        issues.add(Issue(a.line, message), "a row too short to have an answer")
    slot = found.given.setdefault((sid, a.question), {})
    for label, text in placed.items():
        if label in slot and issues.count("a duplicate"):
            issues.keep(_duplicate(a, label, slot[label].line, len(placed) > 1))
        slot[label] = Given(a.line, text)


def _why(why: str) -> str:
    if why.startswith("there is no question"):
        return "a question the assignment does not have"
    if "too long" in why:
        return "an answer too long to read"
    return "a part that does not exist or is not named"


def place(
    a: Answer, assignment: Assignment, problems: list[Problem]
) -> tuple[dict[str, str], str | None]:
    """({part label: text}, None) for one row, or ({}, why it has no place)."""
    n = len(assignment.questions)
    if not 1 <= a.question <= n:
        return {}, f"there is no question {a.question} (the assignment has {n})"
    labels = [p.label for p in problems[a.question - 1].parts]
    if a.label is not None:
        if a.label in labels:
            return {a.label: a.text}, None
        which = (
            f"it has one part: write {a.question}"
            if len(labels) == 1
            else f"its parts are {_parts(labels, a.question)}"
        )
        return {}, f"question {a.question} has no part {a.label} ({which})"
    if len(labels) == 1:
        return {labels[0]: a.text}, None
    try:
        split = dict(split_parts(a.text, labels))  # a part named twice: the last counts
    except TooLong as e:
        return {}, f"the answer to question {a.question} cannot be read ({e})"
    if split:
        return split, None
    return {}, (
        f"question {a.question} has parts {_parts(labels, a.question)}: which part is this "
        "answer? (write the part letter, as in "
        f"{a.question}{labels[0]})"
    )


def _parts(labels: list[str], number: int) -> str:
    return ", ".join(f"{number}{label}" for label in labels)


def _duplicate(a: Answer, label: str, first: int, bundled: bool) -> Issue:
    what = f"{a.question}{label}" if a.label or bundled else str(a.question)
    return Issue(
        a.line,
        f"student {shown(a.student_id)} answered question {what} again "
        f"(also on line {first}); the later answer counts",
    )


def _stranger_issues(strangers: _Strangers, roster: dict[str, str]) -> list[Issue]:
    """An issue for each id not on the roster (``roster``: {normal id: id as written}),
    with "did you mean" when exactly one roster id differs from it only in case."""
    folded: dict[str, list[str]] = {}
    for key, sid in roster.items():
        folded.setdefault(key.casefold(), []).append(sid)
    out = []
    for sid, lines in strangers.lines.items():
        hints = folded.get(sid.casefold(), [])
        maybe = f" (did you mean {shown(hints[0])}?)" if len(hints) == 1 else ""
        count = strangers.counts[sid]
        rows = f"{count:,} rows" if count > 1 else "row"
        message = f"student {shown(sid)} is not on the roster{maybe}; {rows} skipped"
        out.append(Issue(lines[0], message + _more_lines(lines, count)))
    return out


def _more_lines(lines: list[int], count: int) -> str:
    if count == 1:
        return ""
    listed = ", ".join(str(n) for n in lines[1:6]) + (", …" if count > 6 else "")
    return f" (also lines {listed})"
