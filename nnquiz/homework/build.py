"""``nnquiz homework``: every student's sheet, the class file and the instructor key.

Writes into the output folder:

- ``<student>.md`` and ``<student>.html``: the student's sheet (no answers, no ids);
- ``class.html``: every sheet, one student per printed page;
- ``key.jsonl``: one line per student and question (CONTRACT.md);
- ``key.md`` and ``key.html``: answers and worked solutions, one student per page;
- ``sheets.csv``: which files belong to which student id;
- ``texgyretermes-math.otf``: the math font the HTML files use.

The class file and the key are streamed to temporary files and renamed into place at
the end, so memory stays flat however large the class.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .assignment import Assignment
from .files import Staged, inside, make_folder, write_atomic
from .making import make, specs
from .names import safe_names
from .roster import Student
from .sheets import Sheets
from .templates import FONT, Templates
from .views import View, view

MARK = "\x00body\x00"
SHARED = ("class.html", "key.html", "key.md", "key.jsonl", "sheets.csv")


@dataclass(frozen=True)
class Written:
    folder: Path
    students: int
    problems: int
    renamed: tuple[tuple[str, str], ...]  # (student id, file stem) where they differ


def write_homework(
    assignment: Assignment, students: Sequence[Student], out: Path, templates: Templates
) -> Written:
    """Write the sheets and the key for ``students`` into ``out`` (see the module doc)."""
    names = safe_names(s.id for s in students)
    sheets = Sheets(templates, assignment)
    make_folder(out, "--out")
    staged = {name: Staged(inside(out, name), durable=False) for name in SHARED}
    try:
        _write_all(assignment, students, out, sheets, names, staged)
        write_atomic(inside(out, FONT), templates.font(), durable=False)
        for s in staged.values():
            s.commit()
    except BaseException:
        for s in staged.values():
            s.discard()
        raise
    renamed = tuple((s.id, names[s.id]) for s in students if names[s.id] != s.id)
    return Written(out, len(students), len(students) * len(assignment.questions), renamed)


def _write_all(
    assignment: Assignment,
    students: Sequence[Student],
    out: Path,
    sheets: Sheets,
    names: dict[str, str],
    staged: dict[str, Staged],
) -> None:
    title = assignment.title
    class_head, class_tail = sheets.page(title, MARK).split(MARK)
    key_head, key_tail = sheets.page(f"{title}: answer key", MARK).split(MARK)
    staged["class.html"].write(class_head)
    staged["key.html"].write(key_head)
    index = staged["sheets.csv"]
    index.write("student_id,markdown,html\n")
    for student, views in _by_student(assignment, students):
        stem = names[student.id]
        md, page = f"{stem}.md", f"{stem}.html"
        write_atomic(inside(out, md), sheets.sheet_md(student, views), durable=False)
        section = sheets.sheet_html(student, stem, views)
        name = student.name or student.id
        write_atomic(inside(out, page), sheets.page(f"{title}: {name}", section), durable=False)
        staged["class.html"].write(section + "\n")
        staged["key.html"].write(sheets.key_html(student, stem, page, views) + "\n")
        staged["key.md"].write(sheets.key_md(student, page, views) + "\n")
        staged["key.jsonl"].write(_key_lines(student, views))
        index.write(_csv_row(student.id, md, page))
    staged["class.html"].write(class_tail)
    staged["key.html"].write(key_tail)


def _by_student(
    assignment: Assignment, students: Sequence[Student]
) -> Iterator[tuple[Student, list[View]]]:
    views = make(specs(assignment, students), transform=view)
    n = len(assignment.questions)
    for student in students:
        yield student, [next(views) for _ in range(n)]


def _key_lines(student: Student, views: Sequence[View]) -> str:
    sid = json.dumps(student.id, ensure_ascii=False)
    return "".join(
        f'{{"student_id": {sid}, "question": {k}, "problem": {v.json}}}\n'
        for k, v in enumerate(views, start=1)
    )


def _csv_row(*cells: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()
