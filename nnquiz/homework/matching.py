"""Placing the rows of the submissions files: whose answer to which part each one is,
and which answer counts.

For each student and part, **the latest answer that is not blank counts**: latest by
timestamp where the files have one (then by file and line), else the last in the files'
order; a blank answer never replaces one. A second answer without a timestamp to tell
them apart is listed as a duplicate; with timestamps, it is a resubmission.

The rows are read first, in the main process (:func:`sort_rows`): each is given to its
student, and the rows of ids not on the roster cost a counter (a million of them are
not a million lines), as do the rows that cannot be read beyond the first few of each
kind (:class:`.issues.Issues`). A student's rows are placed where their problems are
made (:func:`place_rows`, in a worker process), so the answers are graded there at once.
What is kept is bounded by the class, not by the files: each student's rows until then
(at most :data:`ROWS_HELD`: a student with more, in a hostile or broken file, has their
problems made in the main process and their rows placed as they are read), and what
placing keeps: one answer per part, a few skipped rows, the first few issues of each
kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
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
ROWS_HELD = 500  # rows of one student held until their problems are made (a class has ~30)
EARLIEST = datetime.min


@dataclass(frozen=True)
class Given:
    """The answer that counts for one part: its text, the line and file (number) it
    came from, and when it was submitted (None without a timestamp); ``since``: when
    the same answer was first submitted, in the submissions just before (a form
    resubmitted whole repeats the answers it does not change), or None."""

    line: int
    text: str
    source: int = 0
    when: datetime | None = None
    since: datetime | None = None

    def key(self) -> tuple:
        """What decides between two answers: not blank first, then the latest."""
        return (bool(self.text.strip()), self.when or EARLIEST, self.source, self.line)

    @property
    def given_at(self) -> datetime | None:
        """When this answer was first given (what makes it late or not)."""
        return self.since or self.when

    def after(self, old: Given | None) -> Given:
        """This answer, coming after ``old``: the same answer again keeps its first time."""
        if old is None or old.when is None or self.when is None:
            return self
        if " ".join(self.text.split()) != " ".join(old.text.split()):
            return self
        return replace(self, since=old.given_at)


@dataclass(frozen=True)
class Skip:
    """A student's row that was skipped: its ``line`` (of the file ``source``), the
    ``question`` it names (None when there is no such question) and ``why``, said to
    the student."""

    line: int
    question: int | None
    why: str
    source: str = ""  # the file's name, when there are several


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


@dataclass
class Found:
    """What the rows say of each student before their problems are made: how many rows
    they have, their submission times (the distinct timestamps of their rows, the first
    :data:`TIMES_KEPT`), the ids matched only nearly, and ``mine``: their rows to place
    (answers, and rows with no usable question), each with its place among every row
    read, in the files' order; or, for a student with more than :data:`ROWS_HELD`
    rows, ``placed``: their rows placed as they were read."""

    rows: dict[str, int] = field(default_factory=dict)
    times: dict[str, set[datetime]] = field(default_factory=dict)
    near: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    mine: dict[str, list[tuple[int, Answer | Rejected]]] = field(default_factory=dict)
    strangers: _Strangers = field(default_factory=_Strangers)
    placed: dict[str, Placed] = field(default_factory=dict)  # beyond ROWS_HELD rows
    problems: dict[str, Sequence[Problem]] = field(default_factory=dict)  # while reading

    def row(self, sid: str, when: datetime | None) -> None:
        self.rows[sid] = self.rows.get(sid, 0) + 1
        if when is not None:
            times = self.times.setdefault(sid, set())
            if len(times) < TIMES_KEPT:
                times.add(when)


@dataclass
class Placed:
    """One student's rows placed: {question: {label: Given}}, the answers that count;
    the rows skipped (the first :data:`SKIPS_KEPT`), and the issues found (each with its
    row's place, for :meth:`.issues.Issues.merged`)."""

    given: dict[int, dict[str, Given]] = field(default_factory=dict)
    skipped: list[Skip] = field(default_factory=list)
    issues: Issues = field(default_factory=Issues)

    def skip(self, skip: Skip) -> None:
        if len(self.skipped) < SKIPS_KEPT:
            self.skipped.append(skip)


def sort_rows(
    assignment: Assignment,
    submissions: Submissions,
    issues: Issues,
    students: Sequence[Student],
    problems_of: Callable[[str], Sequence[Problem]],
) -> Found:
    """Every row given to its student (ids found by :class:`.ids.Matcher`, near matches
    reported), to be placed once their problems are made (:func:`place_rows`); an issue
    for every row that cannot be read (each with its place among the rows) and every id
    not on the roster. A student with more than :data:`ROWS_HELD` rows (a hostile or
    broken file) has their problems made here (``problems_of``) and their rows placed
    as they are read, so that memory stays bounded by the class."""
    matcher = Matcher(students)
    found = Found()
    timed = submissions.timed
    names = [str(p) for p in submissions.paths] if len(submissions.paths) > 1 else []
    clashed = None  # the row (file, line) last skipped for a clash: its other cells too
    for at, event in enumerate(submissions.events):
        if isinstance(event, Issue):
            issues.add(event, _kind(event), at)
            continue
        if (event.source, event.line) == clashed:
            continue
        hit = matcher.find(event.student_id, event.email)
        if hit.clash is not None:
            clashed = (event.source, event.line)
            issue = _clash(event, hit.clash, names[event.source] if names else "")
            issues.add(issue, "an id and an email of two students", at)
            continue
        if hit.student is None:
            source = names[event.source] if names else ""
            found.strangers.add(event.student_id or event.email, event.line, hit.hints, source)
            continue
        if hit.how is not None:
            # what matched: the email when it was the email, not the id beside it
            by_mail = hit.how == "email" and "@" in event.email
            typed = event.email if by_mail else event.student_id or event.email
            where = f"{names[event.source]}: line {event.line}" if names else f"line {event.line}"
            _near(found, hit.how, typed, hit.student, where)
        sid = hit.student
        found.row(sid, None if isinstance(event, Rejected) else event.when)
        if isinstance(event, Submitted):
            continue
        if sid in found.placed:
            _place(found.placed[sid], at, event, assignment, found.problems[sid], timed, names)
            continue
        mine = found.mine.setdefault(sid, [])
        mine.append((at, event))
        if len(mine) > ROWS_HELD:
            found.problems[sid] = problems_of(sid)
            found.placed[sid] = place_rows(
                assignment, found.problems[sid], found.mine.pop(sid), timed, names
            )
    found.problems.clear()
    return found


def _clash(event: Answer | Rejected | Submitted, clash: tuple[str, str], source: str) -> Issue:
    by_id, by_mail = clash
    return Issue(
        event.line,
        f"the id {shown(event.student_id)} and the email {shown(event.email)} are two "
        f"students' ({shown(by_id)} and {shown(by_mail)}): row skipped, graded as neither "
        "(correct the id or the email in the file)",
        source,
    )


def stranger_issues(found: Found, issues: Issues) -> None:
    """The issues of the ids not on the roster, added to ``issues``."""
    for issue in _stranger_issues(found.strangers):
        issues.add(issue, "a student not on the roster")
    issues.uncounted("a student not on the roster", found.strangers.other_rows)


def place_rows(
    assignment: Assignment,
    problems: Sequence[Problem],
    rows: Sequence[tuple[int, Answer | Rejected]],
    timed: bool,
    names: Sequence[str],
) -> Placed:
    """One student's rows (:attr:`Found.mine`) placed among the parts of their
    ``problems`` (see the module doc); ``names``: the files' names, when there are
    several."""
    placed = Placed()
    if timed:  # in time order, so that an answer resubmitted unchanged keeps its first time
        rows = sorted(rows, key=_time_order)
    for at, event in rows:
        _place(placed, at, event, assignment, problems, timed, names)
    return placed


def _time_order(row: tuple[int, Answer | Rejected]) -> tuple:
    event = row[1]
    when = event.when if isinstance(event, Answer) else None
    return (when or EARLIEST, event.source, event.line)


def _place(
    placed: Placed,
    at: int,
    row: Answer | Rejected,
    assignment: Assignment,
    problems: Sequence[Problem],
    timed: bool,
    names: Sequence[str],
) -> None:
    if isinstance(row, Rejected):  # its issue came before it
        placed.skip(Skip(row.line, None, row.why, names[row.source] if names else ""))
    else:
        _take(row, at, assignment, problems, placed, timed, names)


def _near(found: Found, how: str, typed: str, sid: str, line: str) -> None:
    """A near match of ``typed`` to ``sid`` on ``line`` ("line 5", or "b.csv: line 5"
    when there are several files)."""
    seen = found.near.setdefault(how, [])
    if len(seen) < 200 and (typed, sid) not in {(t, s) for t, s, _ in seen}:
        seen.append((typed, sid, line))


def near_notes(found: Found) -> list[str]:
    """One note per kind of near match: "ids matched as a number written with other
    zeros …: '00123' as '123' (line 5), …"."""
    out = []
    for how, seen in found.near.items():
        examples = ", ".join(f"{shown(t)} as {shown(s)} ({where})" for t, s, where in seen[:3])
        more = f" and {len(seen) - 3} more" if len(seen) > 3 else ""
        ids = "id" if len(seen) == 1 else "ids"
        out.append(f"{len(seen)} {ids} matched as {HOW[how]}: {examples}{more}")
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
    at: int,
    assignment: Assignment,
    problems: Sequence[Problem],
    placed: Placed,
    timed: bool,
    names: Sequence[str],
) -> None:
    issues = placed.issues
    source = names[a.source] if names else ""
    answers, why = place(a, assignment, problems)
    if why is not None:
        kind = _why(why)
        if issues.count(kind):
            message = f"student {shown(a.student_id)}: {why}; row skipped"
            issues.keep(Issue(a.line, message, source), kind, at)
        known = 1 <= a.question <= len(assignment.questions)
        placed.skip(Skip(a.line, a.question if known else None, why, source))
        return
    if a.short:
        where = f"{a.question}{a.label or ''}"
        message = f"student {shown(a.student_id)}, question {where}: short row with no answer"
        issues.add(Issue(a.line, message, source), "a row too short to have an answer", at)
    slot = placed.given.setdefault(a.question, {})
    for label, text in answers.items():
        new = Given(a.line, text, a.source, a.when)
        old = slot.get(label)
        if old is not None and not timed and issues.count("a duplicate"):
            issues.keep(_duplicate(a, label, old.line, len(answers) > 1, source), "a duplicate", at)
        if old is None or new.key() >= old.key():
            slot[label] = new.after(old)


def _why(why: str) -> str:
    if why.startswith("there is no question"):
        return "a question the assignment does not have"
    if "too long" in why:
        return "an answer too long to read"
    return "a part that does not exist or is not named"


def place(
    a: Answer, assignment: Assignment, problems: Sequence[Problem]
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
