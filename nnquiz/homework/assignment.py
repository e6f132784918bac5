"""The assignment file (TOML): a title, a secret, and the questions.

```toml
title = "HW 4: backpropagation"
secret = "course-secret-2026"
instructions = "Due **Friday** 5 pm."    # optional, Markdown, shown on every sheet
due = 2026-03-20T17:00:00                # optional: the deadline (a TOML date-time)
late_penalty = "10% per day"             # optional (see nnquiz.homework.late)
ecf = 1                                  # credit carried forward: 1 full, 0.5 half, 0 none
submit = "Upload a CSV: student_id,question,answer"  # optional: how to submit

[[questions]]
family = "backprop"
difficulty = "medium"                    # optional: easy, medium (default), hard
points = 10                              # optional, default 1
```

Every mistake is reported with the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .late import Deadline, read_due, read_policy

TOP_KEYS = (
    "title",
    "secret",
    "instructions",
    "questions",
    "due",
    "late_penalty",
    "ecf",
    "submit",
)
QUESTION_KEYS = ("family", "difficulty", "points")
MAX_QUESTIONS = 200
MAX_POINTS = 1_000_000
DIFFICULTIES = ("easy", "medium", "hard")  # as nnquiz.problems.model.DIFFICULTIES


@dataclass(frozen=True)
class Question:
    """Question ``number`` (1-based): a problem of ``family`` at ``difficulty``."""

    number: int
    family: str
    difficulty: str
    points: float


@dataclass(frozen=True)
class Assignment:
    """``instructions`` are Markdown; ``deadline`` is the due time and late policy (None:
    no deadline); ``ecf`` the credit a part earns when it is right from the student's
    own wrong earlier part (1: full, 0: none); ``submit`` says how to submit."""

    title: str
    secret: str
    questions: tuple[Question, ...]
    instructions: str = ""
    deadline: Deadline | None = None
    ecf: float = 1.0
    submit: str = ""

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)


def load_assignment(path: Path) -> Assignment:
    """Read and validate an assignment; UserError naming the line of the first mistake
    (the file's size, encoding, depth and numbers checked by :mod:`nnquiz.datafiles`)."""
    from ..datafiles import read_text

    return parse_assignment(read_text(path, "assignment", MAX_BYTES), str(path))


MAX_BYTES = 1_000_000


def parse_assignment(text: str, name: str = "assignment") -> Assignment:
    from ..datafiles import check_data, parse_toml

    data = parse_toml(text, name, check=False)
    where = _Locator(text, name)
    for key in data:
        if key not in TOP_KEYS:
            raise UserError(
                f"{where(key)}: unknown key {_shown_value(key)}; known: {', '.join(TOP_KEYS)}"
            )
    title = _string(data, "title", where, default="Homework")
    secret = _secret(data, where)
    instructions = _string(data, "instructions", where, default="")
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        raise UserError(
            f"{where('questions')}: no questions: add at least one [[questions]] table "
            'with a family, for example family = "backprop"'
        )
    if len(raw) > MAX_QUESTIONS:
        raise UserError(f"{where('questions')}: more than {MAX_QUESTIONS} questions")
    questions = tuple(_question(k + 1, q, where) for k, q in enumerate(raw))
    check_data(data, name)  # what the checks above did not look at (nothing, today)
    submit = _string(data, "submit", where, default="")
    return Assignment(
        title, secret, questions, instructions, _deadline(data, where), _ecf(data, where), submit
    )


def _deadline(data: dict, where: _Locator) -> Deadline | None:
    if "due" not in data:
        if "late_penalty" in data:
            raise UserError(f"{where('late_penalty')}: late_penalty needs a due date (due = …)")
        return None
    due = read_due(data["due"], where("due"))
    policy = read_policy(data.get("late_penalty", "none"), where("late_penalty"))
    return Deadline(due, policy)


def _ecf(data: dict, where: _Locator) -> float:
    value = data.get("ecf", 1)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise UserError(
            f"{where('ecf')}: 'ecf' (credit carried forward) must be a number from 0 to 1: "
            f"1 gives full credit, 0.5 half, 0 none; not {_shown_value(value)}"
        )
    return float(value)


def _string(data: dict, key: str, where: _Locator, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise UserError(f"{where(key)}: {key!r} must be a string in quotes")
    return value.strip()


def _secret(data: dict, where: _Locator) -> str:
    if "secret" not in data:
        raise UserError(
            f"{where.name}: missing 'secret': add a line such as secret = \"…\" with a "
            "phrase only the instructors know (it keeps students from working out each "
            "other's numbers)"
        )
    secret = data["secret"]
    if not isinstance(secret, str):
        raise UserError(f"{where('secret')}: 'secret' must be a string in quotes")
    if not secret.strip():
        raise UserError(
            f"{where('secret')}: 'secret' is empty; choose a phrase only the instructors know"
        )
    return secret


def _question(number: int, q: object, where: _Locator) -> Question:
    at = where.question(number)
    if not isinstance(q, dict):
        raise UserError(f"{at}: question {number} must be a table ([[questions]])")
    for key in q:
        if key not in QUESTION_KEYS:
            raise UserError(
                f"{where.question(number, key)}: question {number}: unknown key "
                f"{_shown_value(key)}; known: {', '.join(QUESTION_KEYS)}"
            )
    family = q.get("family")
    if not isinstance(family, str) or not family.strip():
        raise UserError(f'{at}: question {number} has no family (family = "backprop", …)')
    family = family.strip()
    _known_family(family, where.question(number, "family"), number)
    difficulty = q.get("difficulty", "medium")
    if difficulty not in DIFFICULTIES:
        raise UserError(
            f"{where.question(number, 'difficulty')}: question {number}: difficulty "
            f"{_shown_value(difficulty)} is not one of {', '.join(DIFFICULTIES)}"
        )
    points = q.get("points", 1)
    if (
        isinstance(points, bool)
        or not isinstance(points, int | float)
        or not 0 < points <= MAX_POINTS  # compared exactly: no float() of 10**400
    ):
        raise UserError(
            f"{where.question(number, 'points')}: question {number}: points must be a "
            f"number above 0 and at most {MAX_POINTS:,}, not {_shown_value(points)}"
        )
    return Question(number, family, difficulty, float(points))


def _shown_value(value: object) -> str:
    """A value for a message, cut short (a 400-digit number, a long list)."""
    if type(value) is int and abs(value) >= 10**12:
        digits = len(str(abs(value)))
        return f"a whole number of {digits:,} digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _known_family(family: str, at: str, number: int) -> None:
    from ..problems import registry

    if family not in registry.ids():
        raise UserError(
            f"{at}: question {number}: unknown family {_shown_value(family)}; "
            f"known families: {', '.join(registry.ids())}"
        )


class _Locator:
    """Finds the line a key is on, for messages: ``assignment.toml: line 7``."""

    def __init__(self, text: str, name: str):
        self.name = name
        self.lines = text.splitlines()
        header = re.compile(r"^\s*\[\[\s*questions\s*\]\]")
        self.tables = [i for i, line in enumerate(self.lines) if header.match(line)]
        tables = (i for i, line in enumerate(self.lines) if line.lstrip().startswith("["))
        self.top = next(tables, len(self.lines))  # top-level keys come before any table

    def __call__(self, key: str, start: int = 0, stop: int | None = None) -> str:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for i in range(start, self.top if stop is None else stop):
            if pattern.match(self.lines[i]):
                return f"{self.name}: line {i + 1}"
        if stop is not None and start > 0:
            return f"{self.name}: line {start}"  # the [[questions]] header itself
        return self.name

    def question(self, number: int, key: str | None = None) -> str:
        """The line of question ``number``'s ``key`` (or of its [[questions]] header)."""
        if number > len(self.tables):  # an inline array: point at 'questions ='
            return self("questions")
        start = self.tables[number - 1]
        stop = self.tables[number] if number < len(self.tables) else len(self.lines)
        if key is None:
            return f"{self.name}: line {start + 1}"
        return self(key, start + 1, stop)
