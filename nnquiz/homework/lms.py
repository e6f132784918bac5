"""What learning management systems and form tools export, read as they come.

- **Canvas's gradebook export** as a roster: ``Student`` ("Last, First"), ``ID``,
  ``SIS User ID``, ``SIS Login ID``, ``Section``, then a column per assignment; its
  second row is "Points Possible" (and newer exports add a row of posting policies),
  and the course's test student ("Student, Test") is in it.
- **Moodle's grade export**: ``First name``, ``Last name``, ``ID number``,
  ``Institution``, ``Department``, ``Email address``, then the grade items.
- **Google Forms** (and Microsoft Forms) responses: one row per submission, a
  ``Timestamp``, an email or id, and one column per question or part (``Q1``, ``Q2b``,
  ``2b``, ``Question 2 (b)``, or a title that starts so: ``Q2b: the loss``).

Column names are compared as :func:`.table.header_name` makes them (``sis_user_id``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

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
    return _question_code(cell)


@lru_cache(maxsize=1024)  # a class's files name the same few questions on every row
def _question_code(cell: str) -> tuple[int, str | None] | None:
    m = QUESTION.fullmatch(" ".join(cell.split()))
    if m is None:
        return None
    return int(m.group(1)), (m.group(2) or "").lower() or None


# the id column when none is named: nnquiz's own, then Canvas's, then Moodle's
ID_COLUMNS = ("student_id", "sis_user_id", "id", "id_number")
EMAIL_COLUMNS = ("email", "email_address", "e-mail", "e-mail_address", "sis_login_id")
TIME_COLUMNS = ("timestamp", "submitted_at", "submitted", "completion_time", "time", "date")
NAME_COLUMNS = ("name", "student", "full_name", "first_name", "last_name", "surname")
# a form's own question for the id, as courses often title it (a wide file only)
FORM_ID_COLUMNS = ("student_number", "student_id_number")
POINTS_POSSIBLE = "points possible"
POINTS_ROW = "Canvas's Points Possible row"  # why that row is skipped
TEST_STUDENT = ("student, test", "test student")
# the wide form's columns that are not questions
NOT_QUESTIONS = set(ID_COLUMNS + EMAIL_COLUMNS + TIME_COLUMNS + NAME_COLUMNS)


def pick_column(header: tuple[str, ...], wanted: tuple[str, ...]) -> str | None:
    """The first of ``wanted`` the header has."""
    return next((name for name in wanted if name in header), None)


def person_name(fields: dict[str, str]) -> str:
    """The name a roster row gives: ``name``; ``first_name`` and ``last_name`` (Moodle);
    Canvas's ``Student`` ("Lovelace, Ada" becomes "Ada Lovelace"); or ``full_name``."""
    if fields.get("name"):
        return fields["name"]
    both = " ".join(x for x in (fields.get("first_name", ""), fields.get("last_name", "")) if x)
    if both:
        return both
    student = fields.get("student", "")
    if student.count(",") == 1:
        last, first = (p.strip() for p in student.split(","))
        return f"{first} {last}".strip()
    return student or fields.get("full_name", "")


def email(fields: dict[str, str]) -> str:
    """The row's email address, from the first email column that holds one."""
    for name in EMAIL_COLUMNS:
        value = fields.get(name, "")
        if "@" in value:
            return value
    return ""


def skipped_row(fields: dict[str, str], sid: str) -> str | None:
    """Why a row of an LMS export is not a student (Canvas's Points Possible row, its
    row of posting policies, its test student), or None."""
    cells = [v.strip().lower() for v in fields.values()]
    if POINTS_POSSIBLE in cells[:3] or fields.get("student", "").strip().lower() == POINTS_POSSIBLE:
        return POINTS_ROW
    if fields.get("student", "").strip().lower() in TEST_STUDENT:
        return "Canvas's test student"
    if not sid and not fields.get("student", "").strip() and "student" in fields:
        return "a row of Canvas's with no student (posting policies)"
    return None


# ---------------------------------------------------------------- wide forms


TITLE_SEPARATORS = frozenset(" :-–—.)")  # after a question code, before the title's text


def question_column(name: str) -> tuple[int, str | None] | None:
    """(question, part) a wide form's column answers: ``Q2b``, ``2b``, ``Question 2
    (b)``, or a title that starts so, ``Q2b: the loss``, ``Q2b Find the loss``, ``2.
    Find the loss``, ``Question 2 (b) - the loss`` (the longest start that is a code and
    is followed by a space or a separator); None for other columns."""
    head = " ".join(name.split(":", 1)[0].split())
    found = question_code(head)
    if found is not None:
        return found
    for cut in range(min(len(head) - 1, MAX_QUESTION), 0, -1):
        if head[cut] in TITLE_SEPARATORS and (code := question_code(head[:cut])) is not None:
            return code
    return None


@dataclass(frozen=True)
class Wide:
    """A wide file's layout: the id and email columns (indices or None), the timestamp
    column, and ``questions``: {column index: (question, part label or None)}."""

    id: int | None
    email: int | None
    time: int | None
    questions: dict[int, tuple[int, str | None]]


def wide_layout(names: tuple[str, ...], header: tuple[str, ...]) -> Wide | None:
    """The layout of a wide file (``names`` as written, ``header`` as compared), or None
    when it has no id or email column or no question column."""
    questions = {
        k: code
        for k, (name, key) in enumerate(zip(names, header))
        if key not in NOT_QUESTIONS and (code := question_column(name)) is not None
    }
    sid = pick_column(header, ID_COLUMNS + FORM_ID_COLUMNS)
    mail = pick_column(header, EMAIL_COLUMNS)
    if not questions or (sid is None and mail is None):
        return None
    time = pick_column(header, TIME_COLUMNS)
    return Wide(
        header.index(sid) if sid else None,
        header.index(mail) if mail else None,
        header.index(time) if time else None,
        questions,
    )


# ---------------------------------------------------------------- timestamps

_SLASH = re.compile(
    r"(\d{1,4})([/.])(\d{1,2})[/.](\d{2,4})"
    r"(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?)?"
)
# a zone written after the time, as Google Forms' own export writes it (``2026/12/07
# 9:15:02 PM GMT+1``, ``GMT+05:30``, ``GMT``) and Canvas (``2026-12-07 21:15:02 UTC``)
_ZONE = re.compile(r" ?(?:GMT|UTC|Z)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?", re.I)
_WORDS = re.compile(
    r"(?:[A-Za-z]{3,9},? )?(\d{1,2}) ([A-Za-z]{3,9}),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?: ?([AaPp][Mm]))?"
)
MONTHS = {m[:3]: k for k, m in enumerate(
    ("january february march april may june july august september october november "
     "december").split(), start=1)}  # fmt: skip
MAX_TIME = 40  # characters of a timestamp cell


def slash_order(text: str) -> str | None:
    """For a slash date: "dmy" when its first number must be the day (over 12), "mdy"
    when its second must be (over 12), "ymd" for 2026/03/14, None when it does not tell."""
    m = _SLASH.fullmatch(_am_pm(_zoned(" ".join(text.split())[:MAX_TIME])[0]))
    if m is None:
        return None
    a, b = int(m.group(1)), int(m.group(3))
    if len(m.group(1)) == 4:
        return "ymd"
    if m.group(2) == ".":  # 7.12.2026: every locale that writes dots puts the day first
        return "dmy"
    if a > 12 >= b:
        return "dmy"
    if b > 12 >= a:
        return "mdy"
    return None


def parse_time(text: str, order: str = "mdy") -> datetime | None:
    """A timestamp as a spreadsheet or an LMS writes it: ISO 8601 (``2026-03-14
    17:03:12``, with ``T``, ``Z`` or an offset), a slash date in ``order`` (``3/14/2026
    17:03:12``, ``14/03/2026 5:03:12 PM``; a dotted date, ``14.3.2026``, is day first),
    or words (``Saturday, 14 March 2026, 5:03 PM``), each with a zone after it or not
    (Google Forms' ``2026/03/14 5:03:12 PM GMT+1``, Canvas's ``… UTC``); None for
    anything else. The length is checked first."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_TIME:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    text, zone = _zoned(text)
    try:  # ISO 8601 with its zone written after it (2026-12-07 21:15:02 UTC)
        t: datetime | None = datetime.fromisoformat(text) if zone else None
    except ValueError:
        t = None
    if t is None or t.tzinfo is not None:
        t = _local_time(_am_pm(text), order)
    return t if t is None or zone is None else t.replace(tzinfo=zone)


def _local_time(text: str, order: str) -> datetime | None:
    """A slash or dotted date, or one in words, without a zone."""
    m = _SLASH.fullmatch(text)
    if m is not None:
        a, b, c = (int(m.group(k)) for k in (1, 3, 4))
        if len(m.group(1)) == 4:
            order = "ymd"
        elif m.group(2) == ".":
            order = "dmy"
        day, month, year = {"dmy": (a, b, c), "mdy": (b, a, c), "ymd": (c, b, a)}[order]
        return _make(year, month, day, *m.group(5, 6, 7, 8))
    m = _WORDS.fullmatch(text)
    if m is not None:
        month = MONTHS.get(m.group(2)[:3].lower())
        if month is None:
            return None
        return _make(int(m.group(3)), month, int(m.group(1)), *m.group(4, 5, 6, 7))
    return None


def _am_pm(text: str) -> str:
    """``a.m.`` and ``p. m.`` (as some locales write them) as ``AM`` and ``PM``."""
    for am, pm in (("a.m.", "p.m."), ("a. m.", "p. m.")):
        text = text.replace(am, "AM").replace(pm, "PM")
    return text


def _zoned(text: str) -> tuple[str, timezone | None]:
    """``text`` without a zone written at its end (``GMT+1``, ``UTC``), and that zone."""
    cut = max(text.rfind(" "), 0)
    m = _ZONE.fullmatch(text[cut:])
    if m is None or not m.group(0).strip():
        return text, None
    hours, minutes = int(m.group(2) or 0), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return text, None
    offset = timedelta(hours=hours, minutes=minutes)
    return text[:cut], timezone(-offset if m.group(1) == "-" else offset)


def _make(year, month, day, hour, minute, second, half) -> datetime | None:
    if year < 100:
        year += 2000
    h = int(hour or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    try:
        return datetime(year, month, day, h, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def shown_time(t: datetime) -> str:
    """``Sat 14 Mar 2026, 17:03`` (as a student reads it)."""
    return t.strftime("%a %d %b %Y, %H:%M").replace(" 0", " ", 1)


def shown_offset(offset: timedelta) -> str:
    """``GMT+1``, ``GMT+5:30``, ``GMT-5``, ``UTC`` (an offset as Google Forms writes it)."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{mins:02d}" if mins else "")


def shown_delay(late: timedelta) -> str:
    """``1 day 3 hours``, ``40 minutes``."""
    minutes = int(late.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    words = [f"{n} {w}{'s' if n != 1 else ''}" for n, w in parts if n][:2]
    return " ".join(words) or "less than a minute"
