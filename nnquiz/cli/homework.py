"""``homework`` (sheets and key for a class) and ``grade`` (a class's answers)."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..errors import printable

FILE = click.Path(path_type=Path)


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """A class's problems are millions of small objects that form no cycles; the cyclic
    collector would only rescan them again and again (it doubles the time of grading)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


ID_COLUMN = click.option(
    "--id-column",
    metavar="NAME",
    help="The roster's column of student ids [default: student_id, else Canvas's "
    "'SIS User ID', else 'ID', else Moodle's 'ID number'].",
)


@click.command(short_help="Per-student problem sheets and the answer key.")
@click.argument("assignment", type=FILE)
@click.option(
    "--roster",
    type=FILE,
    required=True,
    help="CSV with a student_id column, or Canvas's or Moodle's gradebook export as it comes.",
)
@click.option("--out", "out", type=FILE, required=True, help="Folder for the sheets and key.")
@click.option("--templates", "folder", type=FILE, help="Your own sheet templates (a folder).")
@ID_COLUMN
def homework(
    assignment: Path, roster: Path, out: Path, folder: Path | None, id_column: str | None
) -> None:
    """Write each student's sheet (Markdown and printable HTML), a class file that
    prints every sheet, and the instructor key (key.jsonl, key.md, key.html).

    Each sheet shows the title, instructions (Markdown), the points of every question
    and part, and how to submit; printed, every page carries the student's name, id and
    page number (the class file: the student's own page number and the file's). Each
    student's numbers come from the assignment's secret, their id and the question
    number: the same files give the same numbers on every machine. Sheets of students
    no longer on the roster, listed in the folder's sheets.csv by an earlier run, are
    removed (and named), and so are the figure files an earlier run wrote beside the
    sheets and this one does not.
    """
    from ..homework.assignment import load_assignment
    from ..homework.build import write_homework
    from ..homework.roster import read_roster
    from ..homework.sheets import count
    from ..homework.templates import Templates

    start = time.perf_counter()
    plan = load_assignment(assignment)
    students = read_roster(roster, id_column)
    for note in students.notes:
        click.echo(f"note: {printable(note)}")
    inputs = [(assignment, "ASSIGNMENT"), (roster, "--roster")]
    with _no_gc_pauses():
        written = write_homework(plan, students, out, Templates(folder), inputs)
    for sid, stem, why in written.renamed:
        click.echo(f"note: student id {sid!r} {why}; its files are {stem}.*")
    if written.removed:
        click.echo(
            f"note: removed {count(len(written.removed), 'file')} of students no longer on "
            f"the roster (listed in the earlier sheets.csv): {_names(written.removed)}"
        )
    if written.removed_figures:
        click.echo(
            f"note: removed {count(len(written.removed_figures), 'figure file')} an earlier "
            f"run wrote and this one does not: {_names(written.removed_figures)}"
        )
    click.echo(
        f"Wrote {count(written.students, 'sheet')} ({count(written.problems, 'problem')}) "
        f"to {out} in {time.perf_counter() - start:.1f} s: <student>.md and .html, "
        "class.html, key.jsonl, key.md, key.html, sheets.csv"
        + (", the figures as <student>-qN-NAME.svg" if written.figures else "")
    )


def _names(paths: list[str]) -> str:
    shown = ", ".join(paths[:6])
    return shown + (f" and {len(paths) - 6} more" if len(paths) > 6 else "")


@click.command(short_help="Grade a class's answers: GRADES.csv, feedback, summary.")
@click.argument("assignment", type=FILE)
@click.argument("submissions", type=FILE, nargs=-1, required=True)
@click.option(
    "--roster",
    type=FILE,
    help="CSV with a student_id column, or Canvas's or Moodle's gradebook export as it "
    "comes (optional for a Canvas or Moodle quiz export: its students are the class).",
)
@click.option("--out", "out", type=FILE, required=True, help="The gradebook CSV to write.")
@click.option(
    "--feedback",
    type=FILE,
    help="Folder for one feedback file per student, as Markdown and HTML (and index.csv, "
    "which maps student ids to files).",
)
@click.option(
    "--summary",
    type=FILE,
    help="Where to save the class summary [default: beside --out, its name with "
    ".summary.txt: grades.csv gives grades.summary.txt].",
)
@click.option(
    "--key",
    type=FILE,
    help="Read the problems from this key.jsonl (much faster for a large class) instead "
    "of regenerating them; each id is checked against the assignment.",
)
@click.option(
    "--overrides",
    type=FILE,
    help="CSV of points set by hand (student_id,question,points,reason), applied on "
    "every run; question 2 sets the question's points, 2b a part's.",
)
@click.option(
    "--gradebook",
    "kind",
    type=click.Choice(["canvas", "moodle"]),
    help="Also write a gradebook the LMS imports as it is, beside --out "
    "(grades.csv gives grades.canvas.csv); for Canvas the roster must be its export.",
)
@ID_COLUMN
def grade(
    assignment: Path,
    submissions: tuple[Path, ...],
    roster: Path | None,
    out: Path,
    feedback: Path | None,
    summary: Path | None,
    key: Path | None,
    overrides: Path | None,
    kind: str | None,
    id_column: str | None,
) -> None:
    """Grade SUBMISSIONS (one or more CSV files: student_id,question,answer rows, or one
    row per submission with a column per question, as Google Forms exports) against
    each student's problems, regenerated from the assignment. The latest non-blank
    answer to each part counts (by timestamp, where the files have one). Writes the
    gradebook, prints and saves a class summary, and lists every problem found in the
    files. Bad rows never stop grading; the exit status is 2 only when a file cannot be
    used at all.

    SUBMISSIONS may also be the response export of a quiz `nnquiz quiz` made (one
    file): Canvas's Student Analysis report or Moodle's Responses report (with the
    question text).
    """
    from ..homework.assignment import load_assignment
    from ..homework.report import check_outputs, write_reports
    from ..homework.roster import read_roster
    from ..quiz.responses import read_responses

    plan = load_assignment(assignment)
    quiz = read_responses(submissions[0], plan) if len(submissions) == 1 else None
    if roster is None and quiz is None:
        raise click.UsageError("--roster is needed (SUBMISSIONS is not a quiz export)")
    students = read_roster(roster, id_column) if roster is not None else list(quiz.students)
    for note in getattr(students, "notes", ()):
        click.echo(f"note: {printable(note)}")
    inputs = [(assignment, "ASSIGNMENT"), (roster, "--roster")]
    inputs += [(path, "SUBMISSIONS") for path in submissions]
    inputs += [(key, "--key"), (overrides, "--overrides")]
    inputs = [(path, option) for path, option in inputs if path is not None]
    outputs = check_outputs(out, summary, feedback, [s.id for s in students], inputs, kind)
    fixed = None
    if overrides is not None:
        from ..homework.overrides import read_overrides

        fixed = read_overrides(overrides, plan, list(students))
    with _no_gc_pauses():
        result, full = _graded(plan, students, submissions, quiz, key, fixed)
        text = write_reports(result, outputs, full, students if roster is not None else None)
    click.echo(text, nl=False)
    _wrote(result, outputs, feedback)


def _graded(plan, students, submissions, quiz, key, fixed):
    """(the class's result, a reader of whole problems from the key or None)."""
    from ..homework.grading import grade_class
    from ..homework.submissions import read_submissions
    from ..quiz.responses import drawn_problems

    problems = full = None
    if quiz is not None:
        if key is not None:
            raise click.UsageError("--key is for homework; a quiz's variants come from its export")
        answers = quiz.submissions
        problems = drawn_problems(plan, students, quiz.drawn)
    else:
        numbers = [q.number for q in plan.questions]
        zone = plan.deadline.zone if plan.deadline is not None else None
        answers = read_submissions(list(submissions), [s.id for s in students], numbers, zone)
    if key is not None:
        from ..homework.keyfile import read_key

        known = read_key(key, plan, students)
        problems, full = known.problems, known.full
    return grade_class(plan, students, answers, problems, fixed), full


def _wrote(result, outputs, feedback: Path | None) -> None:
    from ..homework.sheets import count

    wrote = f"{outputs.out} and {outputs.summary}"
    if outputs.lms is not None:
        wrote += f", {outputs.lms}"
    if feedback is not None:
        files = count(len(result.students), "feedback page")
        wrote += f", and {files} (Markdown and HTML, with index.csv) in {feedback}"
    click.echo(f"\nWrote {wrote}.")
