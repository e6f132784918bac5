"""``nnquiz quiz``: make the variants, check the platform can hold them, write them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..homework.assignment import Assignment
from ..homework.seeds import seed
from . import output
from .variants import QuizQuestion, entries, make_quiz


@dataclass(frozen=True)
class Written:
    """What an export wrote: the questions (with their variants) and the files."""

    questions: list[QuizQuestion]
    files: list[str]


def quiz_id(plan: Assignment) -> str:
    """The Canvas quiz's identifier: from the secret and title (stable, not revealing)."""
    return f"nnquiz_{seed(plan.secret, 'quiz id ' + plan.title, 0):016x}"


def check_holds(to: str, questions: list[QuizQuestion]) -> None:
    """UserError naming the first question a platform cannot hold (never dropped)."""
    for qq in questions:
        for v in qq.variants:
            for part in v.problem.parts:
                why = _cannot_hold(to, part)
                if why:
                    raise UserError(
                        f"question {qq.question.number} ({qq.question.family}, "
                        f"{qq.question.difficulty}): part {part.label} of {v.problem.id} "
                        f"{why}; {to} cannot hold it (nothing was written)"
                    )


def _cannot_hold(to: str, part) -> str:
    a = part.answer
    if (
        isinstance(a, list)
        and a
        and isinstance(a[0], list)
        and any(isinstance(x, list) for r in a for x in r)
    ):
        return "has an answer of more than two dimensions"
    if to == "canvas":
        from .ranges import is_text_held

        for e in entries(part):
            if not is_text_held(e.value, e.tol):
                return (
                    "has a tolerance finer than 4 significant digits, which is all a "
                    "Canvas blank compares (use --to moodle or prairielearn)"
                )
    return ""


def build(
    plan: Assignment, to: str, count: int, out: Path, inputs: list[tuple[Path, str]]
) -> Written:
    if to not in output.PLATFORMS:
        raise UserError(f"--to {to!r}: not one of {', '.join(output.PLATFORMS)}")
    output.check_out(to, out, inputs)
    questions = make_quiz(plan, count)
    check_holds(to, questions)
    if to == "canvas":
        from .canvas import canvas_zip

        output.write_file(out, canvas_zip(plan, questions, quiz_id(plan)))
        return Written(questions, [str(out)])
    if to == "moodle":
        from .moodle import moodle_xml

        output.write_file(out, moodle_xml(plan, questions))
        return Written(questions, [str(out)])
    names = output.write_prairielearn(plan, questions, out)
    return Written(questions, [str(out / n) for n in names])
