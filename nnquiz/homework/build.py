"""``nnquiz homework``: every student's sheet, the class file and the instructor key.

Writes into the output folder:

- ``<student>.md`` and ``<student>.html``: the student's sheet (no answers, no ids);
  the Markdown sheet's figures beside it (``<student>-q2-network.svg``; the key's
  figures of the solutions as ``key-<student>-q2-backward.svg``);
- ``class.html``: every sheet, one student per printed page;
- ``key.jsonl``: one line per student and question (docs/homework.md);
- ``key.md`` and ``key.html``: answers and worked solutions, one student per page;
- ``sheets.csv``: which files belong to which student id;
- ``texgyretermes-math.otf``: the math font the HTML files use.

Each student's problems are made and rendered once, and their part of every file
filled in, in a worker process (:func:`student_files`, on every core), which writes
the student's own files (sheets and figures) into a hidden staging folder and sends
back their part of the shared files; the main process streams those (the class file
and the key: memory stays flat however large the class) into the same folder. At the
end every file is renamed into place, one after another (or, when the output folder
is new, the staging folder, made beside it, becomes it: one rename): when writing
fails, nothing in the folder has changed; should a rename fail, the message names the
files already replaced (:class:`.files.Batch`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..figures.svg import standalone
from .assignment import Assignment
from .files import Batch, Staged, check_folder, inside, real, refuse_inputs
from .indexes import read_index
from .making import make_one, specs
from .names import safe_names
from .printed import PAGE_CLOSE, page_open, page_rules
from .roster import Student
from .sheets import Sheets, figure_file
from .templates import FONT, Templates
from .views import View, view
from .written import write_new

SHARED = ("class.html", "key.html", "key.md", "key.jsonl", "sheets.csv")
LAST = ("key.jsonl", "sheets.csv")


@dataclass(frozen=True)
class Written:
    folder: Path
    students: int
    problems: int
    # (student id, file stem, why) where the stem is not the id
    renamed: tuple[tuple[str, str, str], ...]
    removed: list[str] = field(default_factory=list)  # stale sheets removed
    # an earlier run's figure files that this one does not write, removed
    removed_figures: list[str] = field(default_factory=list)
    figures: int = 0  # figure files written beside the Markdown sheets


def write_homework(
    assignment: Assignment,
    students: Sequence[Student],
    out: Path,
    templates: Templates,
    inputs: Sequence[tuple[Path, str]] = (),
) -> Written:
    """Write the sheets and the key for ``students`` into ``out`` (see the module doc);
    UserError, with nothing changed, when an output would overwrite one of ``inputs``
    (path, option) or cannot be written."""
    names, why = safe_names(s.id for s in students)
    check_folder(out, "--out")
    outputs = [*SHARED, FONT, *(f"{names[s.id]}{ext}" for s in students for ext in EXTS)]
    refuse_inputs(((out / name, "--out") for name in outputs), inputs)
    if templates.folder is not None and real(templates.folder) == real(out):
        raise UserError(
            f"--out {out}: is the --templates folder; the sheets would overwrite the "
            "templates: choose another folder"
        )
    listed = _listed(out)
    stale = _stale(listed, {f"{names[s.id]}{ext}" for s in students for ext in EXTS})
    sheets = Sheets(templates, assignment)
    with Batch() as batch:
        # every file is written in one staging folder: inside --out, or --out itself
        # when it is new
        where = Where(out, batch.staging(out, "--out"))
        # the key and the index last: present, they say every sheet is written
        staged = {
            name: batch.open(inside(out, name), last=name in LAST, staging=where.staging)
            for name in SHARED
        }
        drawn = _write_all(assignment, students, where, sheets, names, staged, batch)
        write_new(where.staging, FONT, templates.font(), out / FONT)
        batch.add(inside(out, FONT), where.staging / FONT)
        batch.commit()
    stems = {n.rsplit(".", 1)[0] for n in listed if n.endswith(EXTS) and n not in SHARED}
    stems = stems | set(names.values()) if listed else set()
    removed = _remove(out, stale)
    old_figures = _remove(out, _stale_figures(out, stems, drawn))
    renamed = tuple((s.id, names[s.id], why[s.id]) for s in students if s.id in why)
    problems = len(students) * len(assignment.questions)
    return Written(out, len(students), problems, renamed, removed, old_figures, len(drawn))


def _listed(out: Path) -> set[str]:
    """The sheets an earlier run listed in ``out/sheets.csv`` (none without one)."""
    index = out / "sheets.csv"
    return read_index(index, "--out") if index.is_file() else set()


def _stale(listed: set[str], writing: set[str]) -> list[str]:
    """The sheets an earlier run listed that this run does not write (students no longer
    on the roster): only those, never another file."""
    return sorted(
        name
        for name in listed
        if name not in writing
        and name not in SHARED  # this run's own files (an index edited by hand may list them)
        and name.endswith(EXTS)
        and "/" not in name
        and "\\" not in name
    )


def _remove(out: Path, stale: list[str]) -> list[str]:
    """Remove the stale sheets (after the new ones are in place); the names removed."""
    removed = []
    for name in stale:
        try:
            path = inside(out, name)
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(name)
        except (OSError, UserError):
            continue
    return removed


EXTS = (".md", ".html")


def figure_owner(name: str) -> str:
    """The stem before ``-qN-NAME.svg`` in a figure file's name (figure_file's names,
    ``key-`` kept), or "" for any other name. Read with partitions, not a pattern: the
    names come from the folder, and a pattern with ``(.+)-q`` backtracks on ``-q-q-q…``."""
    base, dash, figure = name.removesuffix(".svg").rpartition("-")
    owner, mark, number = base.rpartition("-q")
    ok = name.endswith(".svg") and dash and mark and number.isascii() and number.isdigit()
    return owner if ok and figure and figure.strip(_FIGURE_NAME) == "" else ""


_FIGURE_NAME = "abcdefghijklmnopqrstuvwxyz_"


def _stale_figures(out: Path, stems: set[str], drawn: set[str]) -> list[str]:
    """The figure files of an earlier run that this run does not write: named as
    figure_file names them after a student an index listed (or one written now)."""
    found = []
    try:
        for path in out.iterdir():
            owner = figure_owner(path.name)
            if (
                owner
                and path.name not in drawn
                and (owner in stems or owner.startswith("key-") and owner[4:] in stems)
            ):
                found.append(path.name)
    except OSError:
        return []
    return sorted(found)


def _write_all(
    assignment: Assignment,
    students: Sequence[Student],
    where: Where,
    sheets: Sheets,
    names: dict[str, str],
    staged: dict[str, Staged],
    batch: Batch,
) -> set[str]:
    """Write every sheet and the key; the names of the figure files written."""
    from ..problems.batch import CHUNK, SERIAL_BELOW, map_ordered

    out, staging = where.out, where.staging

    title = assignment.title
    class_head, class_tail = sheets.page_around(title)
    key_head, key_tail = sheets.page_around(f"{title}: answer key")
    staged["class.html"].write(class_head.encode())
    staged["key.html"].write(key_head.encode())
    index = staged["sheets.csv"]
    index.write(b"student_id,markdown,html\n")
    drawn: set[str] = set()
    sheets.load()  # every template read and checked here, before the workers start
    n = len(assignment.questions)
    made = map_ordered(
        student_files,
        range(len(students)),
        chunk=max(1, CHUNK // n),
        serial_below=-(-SERIAL_BELOW // n),
        shared=(assignment, students, names, sheets, where),
    )
    with closing(made):  # the workers stop before the batch could remove their folder
        for student, files in zip(students, made):
            stem = names[student.id]
            for name in (f"{stem}.md", *files.figures, f"{stem}.html"):
                batch.add(out / name, staging / name)
            drawn.update(files.figures)
            staged["class.html"].write(files.section)
            staged["key.html"].write(files.key_html)
            staged["key.md"].write(files.key_md)
            staged["key.jsonl"].write(files.key_lines)
            index.write(_csv_row(student.id, f"{stem}.md", f"{stem}.html").encode())
    staged["class.html"].write(class_tail.encode())
    staged["key.html"].write(key_tail.encode())
    return drawn


@dataclass(frozen=True)
class Where:
    out: Path  # the output folder
    staging: Path  # the batch's staging folder, where every file is written first


@dataclass(frozen=True)
class StudentFiles:
    """One student's part of the shared files, as UTF-8 (made in a worker, written as it
    is), and the names of their figure files; their own files (<student>.md, the figures,
    <student>.html) are written in the staging folder."""

    section: bytes  # their pages of class.html
    key_html: bytes  # their pages of key.html
    key_md: bytes  # their part of key.md
    key_lines: bytes  # their lines of key.jsonl
    figures: tuple[str, ...]  # the figure files written beside <student>.md


def student_files(
    shared: tuple[Assignment, Sequence[Student], dict[str, str], Sheets, Where], k: int
) -> StudentFiles:
    """Student number ``k``'s problems, made and rendered once: their sheets and figures
    written in the staging folder, and every shared file's part of them; made where it
    is asked for (a worker process, for a class). ``shared``: the assignment, the
    students, their file stems, the filled-in templates and where to write."""
    assignment, students, names, sheets, where = shared
    student = students[k]
    views = [view(make_one(spec)) for spec in specs(assignment, [student])]
    stem = names[student.id]
    page = f"{stem}.html"
    name = student.name or student.id
    # the printed section in UTF-8 once, for the class file and the student's own page
    section = _printed(k, sheets.sheet_html(student, stem, views)).encode()
    head, tail = sheets.page_around(f"{assignment.title}: {name}")
    alone = head + page_rules(k, name, student.id, alone=True)
    key = _printed(k, sheets.key_html(student, stem, page, views)).encode()
    figures = [
        (figure_file(stem, q.number, fig, place), (standalone(svg) + "\n").encode())
        for q, v in zip(assignment.questions, views)
        for fig, place, svg, _ in v.figures
    ]
    md = (f"{stem}.md", sheets.sheet_md(student, views, stem).encode())
    html = (page, b"".join((alone.encode(), section, tail.encode())))
    for file, data in (md, *figures, html):
        write_new(where.staging, file, data, where.out / file)
    key_rules = page_rules(k, name, student.id, alone=False, what="answer key: ")
    return StudentFiles(
        section=page_rules(k, name, student.id, alone=False).encode() + section + b"\n",
        key_html=key_rules.encode() + key + b"\n",
        key_md=(sheets.key_md(student, page, views, stem) + "\n").encode(),
        key_lines=_key_lines(student, views).encode(),
        figures=tuple(file for file, _ in figures),
    )


def _printed(k: int, section: str) -> str:
    return page_open(k) + section + PAGE_CLOSE


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
