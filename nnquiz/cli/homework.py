"""``homework`` (sheets and key for a class) and ``grade`` (a class's answers)."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

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


@click.command(short_help="Per-student problem sheets and the answer key.")
@click.argument("assignment", type=FILE)
@click.option("--roster", type=FILE, required=True, help="CSV with a student_id column.")
@click.option("--out", "out", type=FILE, required=True, help="Folder for the sheets and key.")
@click.option("--templates", "folder", type=FILE, help="Your own sheet templates (a folder).")
def homework(assignment: Path, roster: Path, out: Path, folder: Path | None) -> None:
    """Write each student's sheet (Markdown and printable HTML), a class file that
    prints one student per page, and the instructor key (key.jsonl, key.md, key.html).

    Each student's numbers come from the assignment's secret, their id and the question
    number: the same files give the same numbers on every machine.
    """
    from ..homework.assignment import load_assignment
    from ..homework.build import write_homework
    from ..homework.roster import read_roster
    from ..homework.sheets import count
    from ..homework.templates import Templates

    start = time.perf_counter()
    plan = load_assignment(assignment)
    students = read_roster(roster)
    inputs = [(assignment, "ASSIGNMENT"), (roster, "--roster")]
    with _no_gc_pauses():
        written = write_homework(plan, students, out, Templates(folder), inputs)
    for sid, stem, why in written.renamed:
        click.echo(f"note: student id {sid!r} {why}; its files are {stem}.*")
    click.echo(
        f"Wrote {count(written.students, 'sheet')} ({count(written.problems, 'problem')}) "
        f"to {out} in {time.perf_counter() - start:.1f} s: <student>.md and .html, "
        "class.html, key.jsonl, key.md, key.html, sheets.csv"
    )


@click.command(short_help="Grade a class's answers: GRADES.csv, feedback, summary.")
@click.argument("assignment", type=FILE)
@click.argument("submissions", type=FILE)
@click.option(
    "--roster",
    type=FILE,
    help="CSV with a student_id column (optional for a Canvas or Moodle quiz export: "
    "its students are the class).",
)
@click.option("--out", "out", type=FILE, required=True, help="The gradebook CSV to write.")
@click.option(
    "--feedback",
    type=FILE,
    help="Folder for one Markdown feedback file per student (and index.csv, which maps "
    "student ids to files).",
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
def grade(
    assignment: Path,
    submissions: Path,
    roster: Path | None,
    out: Path,
    feedback: Path | None,
    summary: Path | None,
    key: Path | None,
) -> None:
    """Grade SUBMISSIONS (CSV: student_id,question,answer) against each student's
    problems, regenerated from the assignment. Writes the gradebook, prints and saves
    a class summary, and lists every problem found in the files. Bad rows never stop
    grading; the exit status is 2 only when a file cannot be used at all.

    SUBMISSIONS may also be the response export of a quiz `nnquiz quiz` made: Canvas's
    Student Analysis report or Moodle's Responses report (with the question text).
    """
    from ..homework.assignment import load_assignment
    from ..homework.grading import grade_class
    from ..homework.report import check_outputs, write_reports
    from ..homework.roster import read_roster
    from ..homework.sheets import count
    from ..homework.submissions import read_submissions
    from ..quiz.responses import drawn_problems, read_responses

    plan = load_assignment(assignment)
    quiz = read_responses(submissions, plan)
    if roster is None and quiz is None:
        raise click.UsageError("--roster is needed (SUBMISSIONS is not a quiz export)")
    students = read_roster(roster) if roster is not None else list(quiz.students)
    inputs = [(assignment, "ASSIGNMENT"), (submissions, "SUBMISSIONS")]
    inputs += [(roster, "--roster")] if roster is not None else []
    if key is not None:
        inputs.append((key, "--key"))
    outputs = check_outputs(out, summary, feedback, [s.id for s in students], inputs)
    with _no_gc_pauses():
        numbers = [q.number for q in plan.questions]
        problems = full = None
        if quiz is not None:
            if key is not None:
                raise click.UsageError(
                    "--key is for homework; a quiz's variants come from its export"
                )
            answers = quiz.submissions
            problems = drawn_problems(plan, students, quiz.drawn)
        else:
            answers = read_submissions(submissions, [s.id for s in students], numbers)
        if key is not None:
            from ..homework.keyfile import read_key

            known = read_key(key, plan, students)
            problems, full = known.problems, known.full
        result = grade_class(plan, students, answers, problems)
        text = write_reports(result, outputs, full)
    click.echo(text, nl=False)
    wrote = f"{out} and {outputs.summary}"
    if feedback is not None:
        files = count(len(result.students), "feedback file")
        wrote += f", and {files} (with index.csv) in {feedback}"
    click.echo(f"\nWrote {wrote}.")
