r"""The answers of an online quiz, read from the platform's own export, for ``nnquiz grade``.

- **Canvas**: Classic Quizzes' "Student Analysis" report (Quiz statistics > Student
  Analysis, a CSV). Its columns are ``name``, ``id``, ``sis_id`` (when the course has
  SIS ids), sections, ``submitted``, then two per question a student may have drawn:
  ``<question id>: <question text>`` and the points, then ``n correct``, ``n incorrect``,
  ``score``. A question a student did not draw has both cells empty. A numerical
  question's cell is the number typed; a fill in multiple blanks question's cell is the
  blanks in order, joined by commas (a comma typed in a blank is ``\,``).
- **Moodle**: the quiz's Responses report (Results > Responses, downloaded as CSV) with
  "Question text" shown: ``Surname``, ``First name``, the identity fields
  (``ID number``, ``Email address`` …), then per slot ``Question N`` (the text, with
  each box as ``_____``) and ``Response N``, which for a Cloze question reads
  ``part 1: 0.25; part 2: 0.5``.

Each question's text starts with ``Question q, variant k`` (see :mod:`.html`), so the
variant each student drew is known, and with the assignment's secret, its problem. The
numbers of each part become one answer as a student would type it (``0.25``,
``[0.1, 0.2]``, ``[[1, 2], [3, 4]]``), graded as ``nnquiz grade`` grades every answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..homework.assignment import Assignment
from ..homework.roster import Student, normal_id
from ..homework.submissions import Answer, Issue, Submissions
from ..homework.table import Row, Table, read_table
from ..problems.model import Problem
from .variants import entries, grid

TAG = re.compile(r"question_(\d+),_variant_(\d+)")  # in a header made by read_table
CANVAS_QUESTION = re.compile(r"(\d+):_")
MOODLE_SLOT = re.compile(r"(question|response)_(\d+)")
MOODLE_PART = re.compile(r"part (\d+): ")
MOODLE_TAG = re.compile(r"\s*Question (\d+), variant (\d+)")  # a question text's start
BLANKS = re.compile(r"(?<!\\),")  # Canvas joins blanks with commas, a typed one is \,


@dataclass(frozen=True)
class QuizResponses:
    """What an export holds: the students (in its order), the variant each drew of each
    question ({(student id, question): variant}) and their answers, one per part."""

    platform: str
    students: tuple[Student, ...]
    drawn: dict[tuple[str, int], int]
    submissions: Submissions


def platform_of(table: Table) -> str | None:
    """``canvas`` or ``moodle`` when ``table`` is that platform's quiz export."""
    header = table.header
    if "n_correct" in header and any(CANVAS_QUESTION.match(h) for h in header):
        return "canvas"
    if any(h.startswith("response_") for h in header) and "surname" in header:
        return "moodle"
    return None


def read_responses(path: Path, plan: Assignment) -> QuizResponses | None:
    """The quiz export at ``path``, or None when it is not one (a submissions file)."""
    table = read_table(path, "submissions file")  # the header now, rows as they are read
    platform = platform_of(table)
    if platform is None:
        return None
    reader = _canvas if platform == "canvas" else _moodle
    return reader(table, plan)


def _problems(plan: Assignment, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], Problem]:
    """The problem of each (question, variant), made for grading (no text)."""
    from ..homework.making import make
    from ..homework.seeds import variant_seed

    order = sorted(wanted)
    by_number = {q.number: q for q in plan.questions}
    specs = [
        (by_number[q].family, variant_seed(plan.secret, q, k), by_number[q].difficulty)
        for q, k in order
    ]
    return dict(zip(order, make(specs, render=False)))


def part_text(problem: Problem, values: list[str]) -> dict[str, str]:
    """{part label: the answer as typed} from the numbers of every entry, in order; a
    part whose boxes are all empty is left out (not answered)."""
    out: dict[str, str] = {}
    pos = 0
    for part in problem.parts:
        n = len(entries(part))
        mine = [v.strip() for v in values[pos : pos + n]]
        pos += n
        if not any(mine):
            continue
        mine = [v or "?" for v in mine]  # an empty box: unreadable, as on a sheet
        shape = grid(part)
        if shape is None:
            out[part.label] = mine[0]
        elif isinstance(part.answer[0], list):
            rows, cols = shape
            out[part.label] = (
                "["
                + ", ".join(
                    "[" + ", ".join(mine[i * cols : (i + 1) * cols]) + "]" for i in range(rows)
                )
                + "]"
            )
        else:
            out[part.label] = "[" + ", ".join(mine) + "]"
    return out


def _student(
    row: Row, table: Table, id_columns: tuple[str, ...], names: tuple[str, ...]
) -> Student | None:
    sid = next(
        (row.cells[i] for i in _columns(table, id_columns) if i < len(row.cells) and row.cells[i]),
        "",
    )
    if not sid:
        return None
    fields = {}
    for n in names:
        i = table.column(n)
        if i is not None and i < len(row.cells):
            fields[n] = row.cells[i]
    return Student(sid, row.line, fields)


def _columns(table: Table, names: tuple[str, ...]) -> list[int]:
    return [i for i in (table.column(n) for n in names) if i is not None]


def _canvas(table: Table, plan: Assignment) -> QuizResponses:
    """The Student Analysis report: a variant column (and its points column) per item."""
    columns: dict[int, tuple[int, int]] = {}
    for i, h in enumerate(table.header):
        m = TAG.search(h) if CANVAS_QUESTION.match(h) else None
        if m:
            columns[i] = (int(m.group(1)), int(m.group(2)))
    if not columns:
        raise UserError(
            f"{table.path}: a Canvas Student Analysis report, but no question says which "
            "variant it is ('Question 2, variant 7'): was the quiz made by nnquiz quiz?"
        )
    read = []
    for row in table.rows:
        student = _student(row, table, ("sis_id", "id"), ("name",))
        if student is None:
            continue
        got = {}
        for i, qk in columns.items():
            cells = row.cells
            points = cells[i + 1] if i + 1 < len(cells) else ""
            if i < len(cells) and (cells[i] or points):
                got[qk] = BLANKS.split(cells[i]) if cells[i] else []
        read.append(
            (student, row.line, {qk: [v.replace("\\,", ",") for v in vs] for qk, vs in got.items()})
        )
    return _assemble("canvas", table, plan, read)


def _moodle(table: Table, plan: Assignment) -> QuizResponses:
    """The Responses report: the variant from each slot's question text, the numbers
    from its response (``part 1: …; part 2: …``)."""
    slots: dict[int, dict[str, int]] = {}
    for i, h in enumerate(table.header):
        m = MOODLE_SLOT.fullmatch(h)
        if m:
            slots.setdefault(int(m.group(2)), {})[m.group(1)] = i
    if not any("question" in s for s in slots.values()):
        raise UserError(
            f"{table.path}: a Moodle Responses report without the question text: download "
            "it again with 'Question text' shown, so each answer's variant is known"
        )
    read = []
    ids = ("id_number", "email_address", "username", "idnumber", "email")
    for row in table.rows:
        student = _student(row, table, ids, ("surname", "first_name"))
        if student is None:
            continue
        if "surname" in student.fields:  # the roster's name fields: first and last
            student.fields["last_name"] = student.fields.pop("surname")
        got = {}
        for slot in slots.values():
            if "question" not in slot or slot["question"] >= len(row.cells):
                continue
            m = MOODLE_TAG.match(row.cells[slot["question"]])
            if m is None:
                continue
            response = (
                row.cells[slot["response"]]
                if slot.get("response", 1 << 30) < len(row.cells)
                else ""
            )
            got[(int(m.group(1)), int(m.group(2)))] = _cloze_values(response)
        read.append((student, row.line, got))
    return _assemble("moodle", table, plan, read)


def _cloze_values(response: str) -> list[str]:
    """``part 1: 0.25; part 2: 0.5`` → ["0.25", "0.5"] (a missing part: "")."""
    found: dict[int, str] = {}
    pieces = MOODLE_PART.split(response)
    for k in range(1, len(pieces) - 1, 2):
        found[int(pieces[k])] = pieces[k + 1].rstrip().removesuffix(";").strip()
    return [found.get(i, "") for i in range(1, max(found, default=0) + 1)]


def _assemble(platform: str, table: Table, plan: Assignment, read: list) -> QuizResponses:
    numbers = {q.number for q in plan.questions}
    wanted = {qk for _s, _line, got in read for qk in got if qk[0] in numbers}
    problems = _problems(plan, wanted)
    events: list[Answer | Issue] = []  # in the order of the file's lines
    drawn, students, seen = {}, [], {}
    for student, line, got in read:
        sid = normal_id(student.id)
        if sid in seen:  # Canvas lists the latest attempt first
            again = f"student {sid!r} again (first on line {seen[sid]}); skipped"
            events.append(Issue(line, again))
            continue
        seen[sid] = line
        students.append(student)
        for (q, k), values in got.items():
            if q not in numbers:
                events.append(Issue(line, f"question {q} of the export is not in the assignment"))
                continue
            drawn[(sid, q)] = k
            for label, text in part_text(problems[(q, k)], values).items():
                events.append(Answer(line, sid, q, label, text))
    subs = Submissions(table.path, iter(events), table.notes)
    return QuizResponses(platform, tuple(students), drawn, subs)


def drawn_problems(
    plan: Assignment, students: tuple[Student, ...] | list[Student], drawn: dict
) -> list[Problem]:
    """Student by student, question by question (as ``grade_class`` takes them), the
    problem of the variant each drew; variant 1 for a question a student has no answer
    to (they earn nothing for it either way)."""
    keys = [
        (q.number, drawn.get((normal_id(s.id), q.number), 1))
        for s in students
        for q in plan.questions
    ]
    made = _problems(plan, set(keys))
    return [made[k] for k in keys]
