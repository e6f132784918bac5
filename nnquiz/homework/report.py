"""What grading writes: the gradebook (GRADES.csv), a feedback file per student with
their index (DIR/index.csv), and the class summary (printed and saved), all renamed
into place once every one is written, the gradebook last."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..problems.model import Problem
from .assignment import Assignment
from .files import Batch, check_file, check_folder, inside, real, refuse_inputs
from .gradebooks import lms_gradebook
from .grading import ClassResult, StudentResult, round_points, shown_points
from .indexes import check_ours
from .names import safe_names
from .roster import Roster
from .summary import summary_text
from .templates import FONT, Templates
from .written import write_new

Whole = Callable[[str, int], Problem]  # (student id, question) -> the problem, from the key


def gradebook(result: ClassResult) -> str:
    """GRADES.csv: student_id, q1 … qN (points earned), total, max; one row a student,
    in roster order. With a due date, ``late`` (the points late penalties took); with
    overrides, ``notes`` (each override and its reason)."""
    n = len(result.assignment.questions)
    top = shown_points(round_points(result.assignment.max_points))
    late = result.assignment.deadline is not None
    notes = any(q.overrides for s in result.students for q in s.questions)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    extra = ["late"] * late + ["notes"] * notes
    out.writerow(["student_id", *(f"q{k}" for k in range(1, n + 1)), "total", "max", *extra])
    for s in result.students:
        points = [shown_points(q.points) for q in s.questions]
        row = [s.student.id, *points, shown_points(s.total), top]
        if late:
            row.append(shown_points(s.late_points))
        if notes:
            row.append(_safe(_override_notes(s)))
        out.writerow(row)
    return buf.getvalue()


def _override_notes(s: StudentResult) -> str:
    return "; ".join(
        f"q{q.question.number}{o.label or ''} = {shown_points(o.points)}: {o.reason}"
        for q in s.questions
        for o in q.overrides
    )


@dataclass(frozen=True)
class Outputs:
    """Where grading writes, checked: the gradebook, the summary, the feedback folder
    (or None) and each student's feedback file stem (none without a folder)."""

    out: Path
    summary: Path
    feedback: Path | None
    names: dict[str, str]
    lms: Path | None = None  # --gradebook's file
    kind: str | None = None  # canvas or moodle


def check_outputs(
    out: Path,
    summary: Path | None,
    feedback: Path | None,
    ids: Sequence[str],
    inputs: Sequence[tuple[Path, str]],
    kind: str | None = None,
) -> Outputs:
    """The outputs, checked before any grading: UserError for one that cannot be written
    or would overwrite an input: --out or --summary a folder, in a folder that does not
    exist, one of the inputs or each other; --feedback a folder holding an input or the
    homework folder (its files have the sheets' names), or naming a file --out or
    --summary is. Without ``summary``, it is beside --out: grades.csv gives
    grades.summary.txt."""
    check_file(out, "--out")  # first: "." or "/" has no name to put a summary beside
    if summary is None:
        summary = out.with_name(out.stem + ".summary.txt")
    check_file(summary, "--summary")
    lms = out.with_name(f"{out.stem}.{kind}.csv") if kind else None
    outputs = []
    if lms is not None:
        outputs.append((lms, "--gradebook"))
    names: dict[str, str] = {}
    if feedback is not None:
        check_folder(feedback, "--feedback")
        held = next((f for f in HOMEWORK if (feedback / f).is_file()), None)
        if held is not None:
            raise UserError(
                f"--feedback {feedback}: this folder holds the homework ({held}); the feedback "
                "files would overwrite the students' sheets: choose another folder"
            )
        folder = real(feedback)
        for path, option in inputs:
            if real(path).parent == folder:
                raise UserError(
                    f"--feedback {feedback}: this folder holds {option} {path}; choose a "
                    "folder of its own for the feedback files"
                )
        names = safe_names(ids).stems
        files = [f"{names[sid]}{ext}" for sid in ids for ext in (".md", ".html")]
        check_ours(feedback, "--feedback", INDEX, files, own=(FONT,))
        outputs += [(feedback / f, "a feedback file") for f in files]
        outputs += [(feedback / INDEX, "the feedback index"), (feedback / FONT, "the math font")]
    outputs += [(out, "--out"), (summary, "--summary")]
    refuse_inputs(outputs, inputs)
    return Outputs(out, summary, feedback, names, lms, kind)


HOMEWORK = ("key.jsonl", "sheets.csv", "class.html", "key.md", "key.html")
INDEX = "index.csv"


def feedback_index(result: ClassResult, names: dict[str, str]) -> str:
    """DIR/index.csv: student_id, markdown, html (the feedback files' names), as the
    homework folder's sheets.csv maps ids to sheets."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["student_id", "markdown", "html"])
    for s in result.students:
        stem = names[s.student.id]
        out.writerow([s.student.id, stem + ".md", stem + ".html"])
    return buf.getvalue()


def write_reports(
    result: ClassResult, outputs: Outputs, full: Whole | None = None, roster: Roster | None = None
) -> str:
    """Write the feedback files (Markdown and HTML) and their index (with a folder), the
    summary, the LMS gradebook (``--gradebook``) and, last, the gradebook
    (:class:`.files.Batch` renames in that order, so a new gradebook means that
    everything else is new too); return the summary text to print."""
    text = summary_text(result)
    lms = None
    if outputs.kind is not None:
        columns = roster.columns if roster is not None else ("student_id",)
        id_column = roster.id_column if roster is not None else "student_id"
        possible = roster.points_possible if roster is not None else {}
        lms = lms_gradebook(outputs.kind, result, columns, id_column, possible)
        if lms.notes:
            text += "".join(f"note: {note}\n" for note in lms.notes)
    with Batch() as batch:
        if outputs.feedback is not None:
            _feedback_files(batch, result, outputs, full)
        batch.write(outputs.summary, text, durable=True)
        if lms is not None and outputs.lms is not None:
            batch.write(outputs.lms, lms.text, durable=True)
        batch.write(outputs.out, gradebook(result), durable=True)
        batch.commit()
    return text


def _feedback_files(
    batch: Batch, result: ClassResult, outputs: Outputs, full: Whole | None
) -> None:
    from ..problems.batch import map_ordered
    from . import feedback  # noqa: F401  (imported here, before the workers fork)
    from .templates import Templates

    folder = outputs.feedback
    assert folder is not None
    batch.folder(folder, "--feedback")
    names = outputs.names
    templates = Templates()
    templates.load("page.html")
    # each page made once (with the problems it explains) on every core, and its two
    # files written there, in a staging folder; the workers are given the class's
    # results as they start, and a student's index
    staging = batch.staging(folder, "--feedback")
    pages = Pages(templates, templates.text("sheet.css"), names, folder, staging)
    tasks = ((k, _whole(full, s)) for k, s in enumerate(result.students))
    shared = (result.assignment, result.students, pages)
    written = map_ordered(
        feedback_files, tasks, chunk=PAGES_CHUNK, serial_below=PAGES_SERIAL_BELOW, shared=shared
    )
    with closing(written):  # the workers stop before the batch could remove their folder
        for files in written:
            for name in files:
                batch.add(inside(folder, name), pages.staging / name)
    batch.write(inside(folder, FONT), templates.font())
    batch.write(inside(folder, INDEX), feedback_index(result, names))


@dataclass(frozen=True)
class Pages:
    """How the feedback files are written: the page template, its CSS, each student's
    file stem and the staging folder they are written in."""

    templates: Templates
    css: str
    names: dict[str, str]
    folder: Path  # --feedback
    staging: Path


def feedback_files(
    shared: tuple[Assignment, Sequence[StudentResult], Pages],
    task: tuple[int, tuple[Problem, ...] | None],
) -> tuple[str, str]:
    """One student's feedback page (:func:`.feedback.feedback_page`) written as its two
    files in the staging folder, where it is made (a worker process, for a class); the
    files' names, Markdown first."""
    from .feedback import feedback_page

    assignment, students, pages = shared
    markdown, body = feedback_page((assignment, students), task)
    s = students[task[0]]
    stem = pages.names[s.student.id]
    heading = f"{assignment.title}: feedback for {s.student.name or s.student.id}"
    page = pages.templates.fill("page.html", title=html.escape(heading), css=pages.css, body=body)
    files = (f"{stem}.md", f"{stem}.html")
    for name, text in zip(files, (markdown, page)):
        write_new(pages.staging, name, text.encode(), pages.folder / name)
    return files


PAGES_CHUNK = 8  # students' pages per task handed to a worker (about a tenth of a second)
PAGES_SERIAL_BELOW = 24  # a smaller class's pages are made in this process


def _whole(full: Whole | None, s: StudentResult) -> tuple[Problem, ...] | None:
    """The whole problems (read from the key) that a student's page explains, or None
    when the page makes them again itself."""
    from .feedback import explained

    if full is None:
        return None
    return tuple(full(s.student.id, q.question.number) for q in explained(s))


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: str) -> str:
    """A cell no spreadsheet runs as a formula."""
    return "'" + cell if cell.startswith(FORMULA) else cell
