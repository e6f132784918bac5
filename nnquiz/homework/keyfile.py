"""Reading the problems back from ``key.jsonl`` (``nnquiz grade --key``).

Grading normally regenerates every problem from the assignment. With the key that
``nnquiz homework`` wrote, it reads them instead, which is much faster for a large
class, and is exactly what the students were given. Each problem's id is checked
against the id the assignment gives that student and question, so a key from another
assignment, roster or secret is refused rather than used. A key made before a family
moved to a new version is used as it is: it holds what the students were given.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..errors import UserError
from ..problems.model import Problem
from ..problems.registry import unversioned
from .assignment import Assignment
from .roster import Student
from .seeds import seed


class Key:
    """The problems of a key, read without their worked solutions (the bulk of each
    line, needed only for feedback): ``full`` reads one problem whole when asked."""

    def __init__(self, path: Path, problems: list[Problem], lines: dict[tuple[str, int], str]):
        self.path = path
        self.problems = problems
        self._lines = lines

    def full(self, student_id: str, question: int) -> Problem:
        return Problem.from_dict(json.loads(self._lines[(student_id, question)])["problem"])


def read_key(path: Path, assignment: Assignment, students: Sequence[Student]) -> Key:
    """Every student's problems, student by student, question by question, from the key."""
    from ..problems import registry

    # The ids without family versions: a key written before a family moved to a new
    # version holds exactly the problems the students were given, which regenerating
    # them (with the new version's numbers) would not.
    wanted = {
        (s.id, q.number): registry.unversioned(
            registry.make_id(
                registry.get(q.family), q.difficulty, seed(assignment.secret, s.id, q.number)
            )
        )
        for s in students
        for q in assignment.questions
    }
    found: dict[tuple[str, int], Problem] = {}
    raw: dict[tuple[str, int], str] = {}
    try:
        with path.open(encoding="utf-8") as lines:
            for n, line in enumerate(lines, start=1):
                key = _read_line(path, n, line, wanted, found)
                if key is not None:
                    raw[key] = line
    except OSError as e:
        raise UserError(f"cannot read the key {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text (is it the key.jsonl nnquiz wrote?)") from None
    missing = next((k for k in wanted if k not in found), None)
    if missing is not None:
        raise UserError(
            f"{path}: no problem for student {missing[0]!r}, question {missing[1]}: make "
            "the key again with nnquiz homework, or grade without --key"
        )
    problems = [found[(s.id, q.number)] for s in students for q in assignment.questions]
    return Key(path, problems, raw)


def _without_solution(line: str) -> str:
    """The line with the problem's ``"solution"`` cut out, when it is written as nnquiz
    writes it (compact, solution before mistakes); else the line as it is. Quotes
    inside JSON strings are escaped, so the two marks cannot occur inside a string."""
    start = line.find(SOLUTION)
    end = line.find(AFTER, start)
    if start < 0 or end < 0:
        return line
    return line[:start] + line[end + 1 :]


SOLUTION = ',"solution":{'
AFTER = '},"mistakes":['


def _read_line(
    path: Path,
    n: int,
    line: str,
    wanted: dict[tuple[str, int], str],
    found: dict[tuple[str, int], Problem],
) -> tuple[str, int] | None:
    """Read one line into ``found``; its (student, question), or None when not needed."""
    if not line.strip():
        return None
    try:
        row = json.loads(_without_solution(line))
        key = (row["student_id"], row["question"])
        data = row["problem"]
    except (ValueError, KeyError, TypeError):
        raise UserError(f"{path}: line {n}: not a key line of nnquiz homework") from None
    if key not in wanted:
        return None  # a student or question no longer in the assignment: not needed
    if unversioned(str(data.get("id"))) != wanted[key]:
        raise UserError(
            f"{path}: line {n}: student {key[0]!r}, question {key[1]} is {data.get('id')!r} "
            f"in the key, but the assignment gives {wanted[key]!r}: the key is from another "
            "assignment, roster or secret; grade without --key to "
            "regenerate the problems"
        )
    data.setdefault("solution", {"text": "", "latex": ""})
    try:
        found[key] = Problem.from_dict(data)
    except (ValueError, KeyError, TypeError) as e:
        raise UserError(f"{path}: line {n}: cannot read the problem: {e}") from None
    return key
