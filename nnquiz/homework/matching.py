"""Placing the rows of the submissions files: whose answer to which part each one is,
and which answer counts.

For each student and part, **the latest answer that is not blank counts**: latest by
timestamp where the files have one (then by file and line), else the last in the files'
order; a blank answer never replaces one. A second answer without a timestamp to tell
them apart is listed as a duplicate; with timestamps, it is a resubmission.

The rows are consumed as they are read. What is kept is bounded by the class, not by
the files: one answer per student and part, a few skipped rows per student, and the
first few of each kind of problem (:class:`.issues.Issues`); a million rows from ids
not on the roster cost a counter, not a million lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..answers.labels import TooLong, split_parts
from ..problems.model import Problem
from .assignment import Assignment
from .ids import HOW, Matcher
from .issues import Issues
from .roster import Student
from .submissions import Answer, Issue, Rejected, Submissions, Submitted, shown

SKIPS_KEPT = 20  # skipped rows of one student named in their feedback
STRANGERS_KEPT = 20  # ids not on the roster listed one by one
TIMES_KEPT = 20  # submission times of one student named in their feedback
EARLIEST = datetime.min


@dataclass(frozen=True)
class Given:
    """The answer that counts for one part: its text, the line and file (number) it
    came from, and when it was submitted (None without a timestamp)."""

    line: int
    text: str
    source: int = 0
    when: datetime | None = None

    def key(self) -> tuple:
        """What decides between two answers: not blank first, then the latest."""
        return (bool(self.text.strip()), self.when or EARLIEST, self.source, self.line)


@dataclass(frozen=True)
class Skip:
    """A student's row that was skipped: its ``line``, the ``question`` it names (None
    when there is no such question) and ``why``, said to the student."""

    line: int
    question: int | None
    why: str


@dataclass
class Found:
    """What the rows gave: {(student, question): {label: Given}}, the rows each student
    has, each student's skipped rows (the first :data:`SKIPS_KEPT`) and submission times
    (the distinct timestamps of their rows, the first :data:`TIMES_KEPT`)."""

    given: dict[tuple[str, int], dict[str, Given]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, list[Skip]] = field(default_factory=dict)
    times: dict[str, set[datetime]] = field(default_factory=dict)
    near: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    def skip(self, sid: str, skip: Skip) -> None:
        mine = self.skipped.setdefault(sid, [])
        if len(mine) < SKIPS_KEPT:
            mine.append(skip)

    def row(self, sid: str, when: datetime | None) -> None:
        self.rows[sid] = self.rows.get(sid, 0) + 1
        if when is not None:
            times = self.times.setdefault(sid, set())
            if len(times) < TIMES_KEPT:
                times.add(when)


class _Strangers:
    """Ids not on the roster: the first :data:`STRANGERS_KEPT` with their lines (up to
    six), the rest only counted."""

    def __init__(self) -> None:
        self.lines: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}
        self.hints: dict[str, tuple[str, ...]] = {}
        self.sources: dict[str, str] = {}
        self.other_rows = 0

    def add(self, sid: str, line: int, hints: tuple[str, ...], source: str = "") -> None:
        if sid in self.lines:
            self.counts[sid] += 1
            if len(self.lines[sid]) < 7:
                self.lines[sid].append(line)
        elif len(self.lines) < STRANGERS_KEPT:
            self.lines[sid], self.counts[sid], self.hints[sid] = [line], 1, hints
            self.sources[sid] = source
        else:
            self.other_rows += 1


def match(
    assignment: Assignment,
    problems: dict[str, list[Problem]],
    submissions: Submissions,
    issues: Issues,
    students: Sequence[Student] = (),
) -> Found:
    """Every row placed (see the module doc); every row that cannot be placed is an
    issue. Ids are found by :class:`.ids.Matcher` (near matches reported)."""
    matcher = Matcher(students or [Student(sid, 0) for sid in problems])
    found = Found()
    strangers = _Strangers()
    timed = submissions.timed
    names = [str(p) for p in submissions.paths] if len(submissions.paths) > 1 else []
    for event in submissions.events:
        if isinstance(event, Issue):
            issues.add(event, _kind(event))
            continue
        hit = matcher.find(event.student_id, event.email)
        if hit.student is None:
            source = names[event.source] if names else ""
            strangers.add(event.student_id or event.email, event.line, hit.hints, source)
            continue
        if hit.how is not None:
            _near(found, hit.how, event.student_id or event.email, hit.student, event.line)
        sid = hit.student
        if isinstance(event, Submitted):
            found.row(sid, event.when)
        elif isinstance(event, Rejected):  # its issue came before it
            found.row(sid, None)
            found.skip(sid, Skip(event.line, None, event.why))
        else:
            _take(event, sid, assignment, problems[sid], found, issues, timed, names)
    for issue in _stranger_issues(strangers):
        issues.add(issue, "a student not on the roster")
    issues.uncounted("a student not on the roster", strangers.other_rows)
    return found


def _near(found: Found, how: str, typed: str, sid: str, line: int) -> None:
    seen = found.near.setdefault(how, [])
    if len(seen) < 200 and (typed, sid) not in {(t, s) for t, s, _ in seen}:
        seen.append((typed, sid, line))


def near_notes(found: Found) -> list[str]:
    """One note per kind of near match: "ids matched as a number written with other
    zeros …: '00123' as '123' (line 5), …"."""
    out = []
    for how, seen in found.near.items():
        examples = ", ".join(f"{shown(t)} as {shown(s)} (line {n})" for t, s, n in seen[:3])
        more = f" and {len(seen) - 3} more" if len(seen) > 3 else ""
        out.append(f"{len(seen)} ids matched as {HOW[how]}: {examples}{more}")
    return out


def _kind(issue: Issue) -> str:
    """The kind an issue from reading the file is counted as."""
    text = issue.message
    if text.startswith("cannot read this row"):
        return "a row that is not CSV"
    if text.startswith("no student id"):
        return "a row with no student id"
    if text.startswith("cannot read the timestamp"):
        return "a timestamp that cannot be read"
    return "a row with no usable question number"


def _take(
    a: Answer,
    sid: str,
    assignment: Assignment,
    problems: list[Problem],
    found: Found,
    issues: Issues,
    timed: bool,
    names: list[str],
) -> None:
    found.row(sid, a.when)
    source = names[a.source] if names else ""
    placed, why = place(a, assignment, problems)
    if why is not None:
        if issues.count(_why(why)):
            message = f"student {shown(a.student_id)}: {why}; row skipped"
            issues.keep(Issue(a.line, message, source))
        known = 1 <= a.question <= len(assignment.questions)
        found.skip(sid, Skip(a.line, a.question if known else None, why))
        return
    if a.short:
        where = f"{a.question}{a.label or ''}"
        message = f"student {shown(a.student_id)}, question {where}: short row with no answer"
        issues.add(Issue(a.line, message, source), "a row too short to have an answer")
    slot = found.given.setdefault((sid, a.question), {})
    for label, text in placed.items():
        new = Given(a.line, text, a.source, a.when)
        old = slot.get(label)
        if old is not None and not timed and issues.count("a duplicate"):
            issues.keep(_duplicate(a, label, old.line, len(placed) > 1, source))
        if old is None or new.key() >= old.key():
            slot[label] = new


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


def _duplicate(a: Answer, label: str, first: int, bundled: bool, source: str) -> Issue:
    what = f"{a.question}{label}" if a.label or bundled else str(a.question)
    return Issue(
        a.line,
        f"student {shown(a.student_id)} answered question {what} again "
        f"(also on line {first}); the later answer counts",
        source,
    )


def _stranger_issues(strangers: _Strangers) -> list[Issue]:
    """An issue for each id not on the roster, with "did you mean" when a roster id
    differs from it only in case, or several fit it as a number."""
    out = []
    for sid, lines in strangers.lines.items():
        hints = strangers.hints.get(sid, ())
        maybe = ""
        if hints:
            maybe = f" (did you mean {' or '.join(shown(h) for h in hints)}?)"
        count = strangers.counts.get(sid, 1)
        rows = f"{count:,} rows" if count > 1 else "row"
        message = f"student {shown(sid)} is not on the roster{maybe}; {rows} skipped"
        out.append(Issue(lines[0], message + _more_lines(lines, count), strangers.sources[sid]))
    return out


def _more_lines(lines: list[int], count: int) -> str:
    if count == 1:
        return ""
    listed = ", ".join(str(n) for n in lines[1:6]) + (", …" if count > 6 else "")
    return f" (also lines {listed})"
