"""Finding the roster student a submitted id (or email) means.

An id is the student whose roster id is the same after :func:`.roster.normal_id`. Ids
that almost match are matched when exactly one student fits, and reported:

- **a number written another way**: ``00123`` for roster ``123`` (or the other way
  round), ``20260013.0`` or ``2.0260013E+07`` as a spreadsheet writes a number;
- **an email**: the row's email column, or an id that is an email, against the roster's
  email column.

Anything else is a stranger; "did you mean" names a roster id that differs only in case
or, when several fit, the numbers that fit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .roster import Student, normal_id

_NUMBER = re.compile(r"0*([0-9]{1,30})(?:\.0{1,20})?")
_SCIENTIFIC = re.compile(r"([0-9])\.([0-9]{1,30})[eE]\+?([0-9]{1,2})")

HOW = {
    "number": "a number written with other zeros or as a spreadsheet writes it",
    "email": "an email address on the roster",
}


def number_key(sid: str) -> str | None:
    """``"00123"``, ``"123.0"`` -> ``"123"``; ``"2.0260013E+07"`` -> ``"20260013"``;
    None when ``sid`` is not a whole number so written."""
    if len(sid) > 40:
        return None
    m = _NUMBER.fullmatch(sid)
    if m is not None:
        return m.group(1).lstrip("0") or "0"
    m = _SCIENTIFIC.fullmatch(sid)
    if m is not None:
        digits, exponent = m.group(1) + m.group(2), int(m.group(3))
        if len(m.group(2)) > exponent:
            return None  # not a whole number
        return (digits + "0" * (exponent - len(m.group(2)))).lstrip("0") or "0"
    return None


@dataclass(frozen=True)
class Found:
    """The roster id an id means (None: no one), how it was matched when not exactly
    (a key of :data:`HOW`), and ids to suggest ("did you mean")."""

    student: str | None
    how: str | None = None
    hints: tuple[str, ...] = ()
    # (the id's student, the email's student) when they are two: no one is graded
    clash: tuple[str, str] | None = None


class Matcher:
    """Finds roster students by id or email (see the module doc)."""

    def __init__(self, students: Sequence[Student]):
        self.exact = {normal_id(s.id): s.id for s in students}
        self.numbers: dict[str, list[str]] = {}
        self.emails: dict[str, list[str]] = {}
        self.folded: dict[str, list[str]] = {}
        for s in students:
            key = number_key(normal_id(s.id))
            if key is not None:
                self.numbers.setdefault(key, []).append(s.id)
            if s.email:
                self.emails.setdefault(s.email.strip().casefold(), []).append(s.id)
            self.folded.setdefault(normal_id(s.id).casefold(), []).append(s.id)

    def find(self, sid: str, email: str = "") -> Found:
        """The student ``sid`` (as normal_id makes it) or ``email`` means; no one (and
        ``clash``) when the id is one student's and the row's email another's: a row
        with a classmate's id typed would replace that classmate's answers."""
        found = self._find(sid, email)
        mail = self._by_email(email)
        if found.student is None or mail is None:
            return found
        if found.how == "email":
            # matched by the email: the id beside it may fit no one, or the same student
            # (exactly or nearly), but not a classmate, even nearly or as their email
            by_id = self._find(sid, "")
            if by_id.student is None or by_id.student == mail:
                return found
            return Found(None, clash=(by_id.student, mail))
        return found if mail == found.student else Found(None, clash=(found.student, mail))

    def _by_email(self, email: str) -> str | None:
        hit = self.emails.get(email.strip().casefold(), []) if "@" in email else []
        return hit[0] if len(hit) == 1 else None

    def _find(self, sid: str, email: str) -> Found:
        if sid in self.exact:
            return Found(self.exact[sid])
        for address in (email, sid):
            if "@" in address:
                hit = self.emails.get(address.strip().casefold(), [])
                if len(hit) == 1:
                    return Found(hit[0], "email")
        key = number_key(sid)
        fits = self.numbers.get(key, []) if key is not None else []
        if len(fits) == 1:
            return Found(fits[0], "number")
        if len(fits) > 1:
            return Found(None, None, tuple(fits[:3]))
        alike = self.folded.get(sid.casefold(), [])
        return Found(None, None, tuple(alike[:1]) if len(alike) == 1 else ())
