"""What grading writes: the gradebook (GRADES.csv), a feedback file per student with
their index (DIR/index.csv), and the class summary (printed and saved), all renamed
into place once every one is written, the gradebook last."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .feedback import Full, feedback_markdown
from .files import Batch, check_file, check_folder, check_ours, inside, real, refuse_inputs
from .grading import ClassResult, round_points, shown_points
from .names import safe_names
from .summary import summary_text


def gradebook(result: ClassResult) -> str:
    """GRADES.csv: student_id, q1 … qN (points earned), total, max; one row a student,
    in roster order."""
    n = len(result.assignment.questions)
    top = shown_points(round_points(result.assignment.max_points))
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["student_id", *(f"q{k}" for k in range(1, n + 1)), "total", "max"])
    for s in result.students:
        points = [shown_points(q.points) for q in s.questions]
        out.writerow([s.student.id, *points, shown_points(s.total), top])
    return buf.getvalue()


@dataclass(frozen=True)
class Outputs:
    """Where grading writes, checked: the gradebook, the summary, the feedback folder
    (or None) and each student's feedback file stem (none without a folder)."""

    out: Path
    summary: Path
    feedback: Path | None
    names: dict[str, str]


def check_outputs(
    out: Path,
    summary: Path | None,
    feedback: Path | None,
    ids: Sequence[str],
    inputs: Sequence[tuple[Path, str]],
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
    outputs = []
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
        check_ours(feedback, "--feedback", INDEX, [f"{names[sid]}.md" for sid in ids])
        outputs += [(feedback / f"{names[sid]}.md", f"the feedback file of {sid!r}") for sid in ids]
        outputs.append((feedback / INDEX, "the feedback index"))
    outputs += [(out, "--out"), (summary, "--summary")]
    refuse_inputs(outputs, inputs)
    return Outputs(out, summary, feedback, names)


HOMEWORK = ("key.jsonl", "sheets.csv", "class.html", "key.md", "key.html")
INDEX = "index.csv"


def feedback_index(result: ClassResult, names: dict[str, str]) -> str:
    """DIR/index.csv: student_id, markdown (the feedback file's name), as the homework
    folder's sheets.csv maps ids to sheets."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["student_id", "markdown"])
    for s in result.students:
        out.writerow([s.student.id, names[s.student.id] + ".md"])
    return buf.getvalue()


def write_reports(result: ClassResult, outputs: Outputs, full: Full | None = None) -> str:
    """Write the feedback files and their index (with a folder), the summary and, last,
    the gradebook (:class:`.files.Batch` renames in that order, so a new gradebook means
    that everything else is new too); return the summary text to print."""
    text = summary_text(result)
    feedback = outputs.feedback
    with Batch() as batch:
        if feedback is not None:
            batch.folder(feedback, "--feedback")
            names = outputs.names
            for s in result.students:
                page = feedback_markdown(result.assignment, s, full)
                batch.write(inside(feedback, names[s.student.id] + ".md"), page)
            batch.write(inside(feedback, INDEX), feedback_index(result, names))
        batch.write(outputs.summary, text, durable=True)
        batch.write(outputs.out, gradebook(result), durable=True)
        batch.commit()
    return text
