"""``quiz``: an assignment as an online quiz for Canvas, Moodle or PrairieLearn."""

from __future__ import annotations

import time
from pathlib import Path

import click

FILE = click.Path(path_type=Path)
TO = click.Choice(["canvas", "moodle", "prairielearn"])


@click.command(short_help="The assignment as a Canvas, Moodle or PrairieLearn quiz.")
@click.argument("assignment", type=FILE)
@click.option("--to", "to", type=TO, required=True, help="The platform.")
@click.option(
    "--variants",
    type=click.IntRange(1, 500),
    default=20,
    show_default=True,
    help="Variants of each question (a student gets one).",
)
@click.option(
    "--out",
    type=FILE,
    required=True,
    help="Canvas: the .zip to write; Moodle: the .xml; PrairieLearn: a folder for the "
    "question folders (inside the course's questions/).",
)
def quiz(assignment: Path, to: str, variants: int, out: Path) -> None:
    """Write the questions of ASSIGNMENT (the file `nnquiz homework` reads) as an
    online quiz: N variants of each question, drawn from the assignment's secret, each
    with its answers, tolerances and worked solution, and named by its problem id.
    An existing --out is replaced only when it is an earlier nnquiz export.
    """
    from ..homework.assignment import load_assignment
    from ..quiz.build import build

    start = time.perf_counter()
    plan = load_assignment(assignment)
    written = build(plan, to, variants, out, [(assignment, "ASSIGNMENT")])
    n = len(written.questions)
    click.echo(
        f"Wrote {n} question{'s' if n != 1 else ''} x {variants} variants for {to} to {out} "
        f"in {time.perf_counter() - start:.1f} s."
    )
