"""What grading writes: the gradebook (GRADES.csv), a feedback file per student, and
the class summary (printed and saved)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import UserError
from .feedback import Full, feedback_markdown
from .files import inside, make_folder, write_atomic
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


def write_reports(
    result: ClassResult,
    out: Path,
    summary: Path,
    feedback: Path | None,
    full: Full | None = None,
) -> str:
    """Write the gradebook, the summary and (with a folder) the feedback files; return
    the summary text to print."""
    for path, option in ((out, "--out"), (summary, "--summary")):
        if path.is_dir():
            raise UserError(f"{option} {path}: is a folder; give a file name")
        if not path.parent.is_dir():
            raise UserError(f"{option} {path}: the folder {path.parent} does not exist")
    text = summary_text(result)
    if feedback is not None:
        make_folder(feedback, "--feedback")
        names = safe_names(s.student.id for s in result.students)
        for s in result.students:
            page = feedback_markdown(result.assignment, s, full)
            write_atomic(inside(feedback, names[s.student.id] + ".md"), page, durable=False)
    write_atomic(out, gradebook(result))
    write_atomic(summary, text)
    return text
