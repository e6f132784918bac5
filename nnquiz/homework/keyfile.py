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
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..problems import registry
from ..problems.model import SCHEMA, Problem
from .assignment import Assignment
from .roster import Student, normal_id
from .seeds import seed


class Key:
    """The problems of a key, read without their worked solutions (the bulk of each
    line, needed only for feedback): ``full`` reads one problem whole when asked."""

    def __init__(
        self, path: Path, problems: list[Problem], lines: dict[tuple[str, int], tuple[int, str]]
    ):
        self.path = path
        self.problems = problems
        self._lines = lines

    def full(self, student_id: str, question: int) -> Problem:
        n, line = self._lines[(student_id, question)]
        where = f"{self.path}: line {n}"
        data = _loads(line, where)["problem"]  # read before, without its solution
        solution = data.get("solution")
        if not (
            isinstance(solution, dict)
            and isinstance(solution.get("text"), str)
            and isinstance(solution.get("latex"), str)
        ):
            raise UserError(f"{where}: the worked solution is not a text and a latex string")
        try:
            return Problem.from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError):
            raise UserError(f"{where}: the problem cannot be read for the feedback") from None


def read_key(path: Path, assignment: Assignment, students: Sequence[Student]) -> Key:
    """Every student's problems, student by student, question by question, from the key."""
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
    raw: dict[tuple[str, int], tuple[int, str]] = {}
    seen: dict[tuple[str, int], int] = {}
    ids = {normal_id(s.id): s.id for s in students}
    for n, line in _lines(path):
        key = _read_line(path, n, line, wanted, found, seen, ids)
        if key is not None:
            raw[key] = (n, line)
    missing = next((k for k in wanted if k not in found), None)
    if missing is not None:
        raise UserError(
            f"{path}: no problem for student {missing[0]!r}, question {missing[1]}: make "
            "the key again with nnquiz homework, or grade without --key"
        )
    problems = [found[(s.id, q.number)] for s in students for q in assignment.questions]
    return Key(path, problems, raw)


MAX_LINE = 4_000_000  # bytes; a problem with its worked solution and figures is ~10-40 kB


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The key's lines, numbered from 1; UserError for a file that cannot be read, is
    not UTF-8 text (UTF-16 named), or has a line longer than :data:`MAX_LINE`."""
    from ..datafiles import encoding_problem

    try:
        with path.open("rb") as f:
            problem = encoding_problem(f.read(4096))
            if problem is not None:
                raise UserError(f"{path}: {problem}; is it the key.jsonl nnquiz wrote?")
            f.seek(0)
            n = 0
            while line := f.readline(MAX_LINE + 1):
                n += 1
                if len(line) > MAX_LINE:
                    raise UserError(f"{path}: line {n}: longer than {MAX_LINE:,} bytes")
                yield n, _text(line, path, n)
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a key file") from None
    except OSError as e:
        raise UserError(f"cannot read the key {path}: {e.strerror or e}") from None


def _text(line: bytes, path: Path, n: int) -> str:
    try:
        return line.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError:
        raise UserError(
            f"{path}: line {n}: not UTF-8 text (is it the key.jsonl nnquiz wrote?)"
        ) from None


def _loads(text: str, where: str) -> Any:
    """JSON, or UserError naming ``where``: not JSON, nested too deeply, a number too long."""
    try:
        return json.loads(text)
    except RecursionError:
        raise UserError(f"{where}: not a key line of nnquiz homework (nested too deeply)") from None
    except json.JSONDecodeError:
        raise UserError(f"{where}: not a key line of nnquiz homework (not JSON)") from None
    except ValueError:  # a whole number of thousands of digits
        from ..datafiles import long_number

        raise UserError(f"{where}: {long_number(text)}") from None


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
    seen: dict[tuple[str, int], int],
    ids: dict[str, str],
) -> tuple[str, int] | None:
    """Read one line into ``found``; its (student, question), or None when not needed."""
    if not line.strip():
        return None
    where = f"{path}: line {n}"
    row = _loads(_without_solution(line), where)
    if not isinstance(row, dict) or not {"student_id", "question", "problem"} <= set(row):
        raise UserError(
            f"{where}: not a key line of nnquiz homework (it needs student_id, question and "
            "problem)"
        )
    sid, question, data = row["student_id"], row["question"], row["problem"]
    if not isinstance(sid, str) or not sid:
        raise UserError(f"{where}: the student_id is not a text")
    if isinstance(question, bool) or not isinstance(question, int) or question < 1:
        raise UserError(f"{where}: the question is not a whole number from 1")
    key = (ids.get(normal_id(sid), sid), question)
    if key in seen:
        raise UserError(
            f"{where}: student {sid!r}, question {question} again (also on line {seen[key]}); "
            "a key has one line for each: make the key again with nnquiz homework"
        )
    seen[key] = n
    if key not in wanted:
        return None  # a student or question no longer in the assignment: not needed
    problem_error = check_problem(data)
    if problem_error is not None:
        raise UserError(f"{where}: student {sid!r}, question {question}: {problem_error}")
    if registry.unversioned(str(data.get("id"))) != wanted[key]:
        raise UserError(
            f"{path}: line {n}: student {key[0]!r}, question {key[1]} is {data.get('id')!r} "
            f"in the key, but the assignment gives {wanted[key]!r}: the key is from another "
            "assignment, roster or secret; grade without --key to "
            "regenerate the problems"
        )
    data.setdefault("solution", {"text": "", "latex": ""})
    try:
        found[key] = Problem.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError):  # check_problem missed it
        raise UserError(f"{where}: the problem cannot be read") from None
    return key


STRINGS = ("id", "family", "difficulty", "title")


def check_problem(data: object) -> str | None:
    """What is wrong with a key line's problem, in plain words, or None (the problem JSON
    of docs/problems.md, as far as grading reads it)."""
    if not isinstance(data, dict):
        return "'problem' is not a problem (a JSON object)"
    if data.get("schema") != SCHEMA:
        return f"the problem's schema is {data.get('schema')!r}, not {SCHEMA}"
    for name in STRINGS:
        if not isinstance(data.get(name), str):
            return f"the problem's {name!r} is missing or not a text"
    seed_ = data.get("seed")
    if seed_ is not None and (
        isinstance(seed_, bool) or not isinstance(seed_, int) or not 0 <= seed_ < 2**63
    ):
        return "the problem's 'seed' is not a whole number from 0 to 2**63 - 1"
    if not isinstance(data.get("given"), dict):
        return "the problem's 'given' is missing or not an object"
    q = data.get("question")
    if not (isinstance(q, dict) and all(isinstance(q.get(k), str) for k in ("text", "latex"))):
        return "the problem's 'question' is not a text and a latex string"
    parts = data.get("parts")
    if not isinstance(parts, list) or not parts:
        return "the problem has no 'parts' list"
    labels: list[str] = []
    weight = 0.0
    for k, part in enumerate(parts, start=1):
        wrong = _check_part(part, k)
        if wrong is not None:
            return wrong
        if part["label"] in labels:
            return f"two parts are labelled {part['label']!r}"
        labels.append(part["label"])
        weight += part.get("weight", 1.0)
    if weight <= 0:
        return "the parts' weights add up to 0"
    solution = data.get("solution", {"text": "", "latex": ""})
    if not (
        isinstance(solution, dict)
        and all(isinstance(solution.get(k), str) for k in ("text", "latex"))
    ):
        return "the problem's 'solution' is not a text and a latex string"
    mistakes = data.get("mistakes", [])
    if not isinstance(mistakes, list):
        return "the problem's 'mistakes' is not a list"
    for k, m in enumerate(mistakes, start=1):
        if not (
            isinstance(m, dict)
            and isinstance(m.get("id"), str)
            and isinstance(m.get("message"), str)
            and isinstance(m.get("answers"), dict)
        ):
            return f"mistake {k} is not an id, a message and answers"
        for label, answer in m["answers"].items():
            if label not in labels or _answer_error(answer) is not None:
                return f"mistake {k} ({m['id']!r}) has a bad answer for part {label!r}"
    return None


def _check_part(part: object, k: int) -> str | None:
    if not isinstance(part, dict):
        return f"part {k} is not an object"
    label = part.get("label")
    if not isinstance(label, str) or not label:
        return f"part {k} has no label"
    name = f"part {label!r}"
    for text in ("asks", "prompt"):
        if not isinstance(part.get(text), str):
            return f"{name}: its {text!r} is missing or not a text"
    if not isinstance(part.get("prompt_latex", ""), str):
        return f"{name}: its 'prompt_latex' is not a text"
    if "answer" not in part:
        return f"{name} has no answer"
    wrong = _answer_error(part["answer"])
    if wrong is not None:
        return f"{name}: its answer is {wrong}"
    tol = part.get("tol")
    if not isinstance(tol, dict) or set(tol) != {"rel", "abs"}:
        return f'{name}: its \'tol\' is not {{"rel": number, "abs": number}}'
    for which in ("rel", "abs"):
        if not _number(tol[which]) or tol[which] < 0:
            return f"{name}: its tolerance {which!r} is not a number of 0 or more"
    weight = part.get("weight", 1.0)
    if not _number(weight) or weight < 0:
        return f"{name}: its weight is not a number of 0 or more"
    return None


def _answer_error(answer: object) -> str | None:
    """Why ``answer`` is not a finite number, vector or (rectangular) matrix, or None."""
    if _number(answer):
        return None
    if type(answer) is not list or not answer:
        return "not a finite number, a list of them (a vector) or a list of rows (a matrix)"
    if type(answer[0]) is list:
        width = len(answer[0])
        for row in answer:
            if type(row) is not list or not row or not _numbers(row):
                break
            if len(row) != width:
                return "a matrix whose rows differ in length"
        else:
            return None
    elif _numbers(answer):
        return None
    return "not a finite number, a list of them (a vector) or a list of rows (a matrix)"


_FINITE = (int, float)
_MAX = sys.float_info.max  # a larger whole number would not convert to a float


def _number(x: object) -> bool:
    return type(x) in _FINITE and -_MAX <= x <= _MAX  # type: ignore[operator]


def _numbers(xs: list) -> bool:
    return all(type(x) in _FINITE and -_MAX <= x <= _MAX for x in xs)
