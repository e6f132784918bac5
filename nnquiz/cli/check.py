"""``check``: grade an answer to one problem (exit 0 correct, 1 incorrect, 2 unreadable)."""

from __future__ import annotations

import re

import click

from ..errors import UserError

WIDTH = 80  # feedback is word-wrapped to this many columns, as practice wraps its text
ECF = 1.0  # a part right from your own wrong earlier part earns full credit, as in grade
_QUOTED = re.compile(r"'[^'\n]{1,30}'")  # a quoted example, kept on one line


@click.command(short_help="Grade an answer: exit 0 correct, 1 incorrect, 2 unreadable.")
@click.argument("problem_id", metavar="ID")
@click.option(
    "--answer",
    "-a",
    "text",
    required=True,
    metavar="TEXT",
    help="Your answer: 0.25, 1/4, 2.5e-1, e^2/(1+e^2), [0.1, 0.2], [1 2; 3 4]; "
    "for several parts at once 'a=…; b=…'.",
)
@click.option("--part", "-p", "label", metavar="LABEL", help="The part answered (a, b, …).")
def check(problem_id: str, text: str, label: str | None) -> int:
    """Grade an answer to problem ID: exit 0 correct, 1 incorrect, 2 unreadable.

    Prints the grade, how the answer was read, what went wrong, and on a miss the
    worked solution. A problem with several parts needs --part LABEL, or every part
    in one answer: --answer 'a=0.25; b=[1, 2]'; then a part that is right from your own
    wrong earlier part gets its credit (error carried forward).
    """
    from .problems import load

    problem = load(problem_id)
    grades, score = _grade(problem, text, label)
    unreadable = [g for g in grades if not g.readable]
    several = len(problem.parts) > 1
    if unreadable:
        raise UserError("; ".join(_cannot_read(g, several) for g in unreadable))
    for g in grades:
        click.echo(_part_report(g, several))
    if len(grades) > 1:
        from ..answers.carried import carried_note

        right = sum(g.correct for g in grades)
        said = f"{right} of {len(grades)} parts right{carried_note(grades)}"
        click.echo(f"Score: {_score(score)} ({said})")
    if all(g.correct for g in grades):
        return 0
    click.echo("\nWorked solution\n---------------")
    click.echo(problem.solution_text)
    return 1


def _grade(problem, text: str, label: str | None) -> tuple[tuple, float]:
    """(part grades, score): one part with --part, else every part the answer names."""
    from ..answers import grade, grade_part

    labels = [p.label for p in problem.parts]
    if label is not None:
        if label not in labels:
            raise UserError(
                f"{problem.id} has no part {label!r}; its parts are {', '.join(labels)}"
            )
        answers = split(text, labels)
        if set(answers) - {label}:
            raise UserError(
                f"--part {label}, but the answer names part {min(set(answers) - {label})}"
            )
        g = grade_part(problem, label, answers.get(label, text))
        return (g,), g.score
    answers = split(text, labels)
    if not answers:
        if len(labels) > 1:
            raise UserError(
                f"{problem.id} has {len(labels)} parts ({', '.join(labels)}): choose one "
                "with --part LABEL, or answer all of them as --answer 'a=…; b=…'"
            )
        answers = {labels[0]: text}
    result = grade(problem, answers, ecf=ECF)
    return result.parts, result.score


def split(text: str, labels: list[str]) -> dict[str, str]:
    """``{"a": "0.25", "b": "[1, 2]"}`` from ``a=0.25; b=[1, 2]``; {} when no label leads
    (:func:`nnquiz.answers.labels.split_parts`, the splitter ``grade`` uses too).

    Only the problem's own labels count, so a matrix's ';' never splits an answer. A
    text too long for the parts is refused before it is split.
    """
    from ..answers.labels import TooLong, split_parts

    try:
        pairs = split_parts(text, labels)
    except TooLong as e:
        raise UserError(f"cannot read the answer: {e}") from None
    out: dict[str, str] = {}
    for label, answer in pairs:
        if label in out:
            raise UserError(f"part {label} is answered twice in --answer")
        out[label] = answer
    return out


def _cannot_read(g, several: bool) -> str:
    where = f"part {g.label}" if several else "the answer"
    return f"cannot read {where}: {g.feedback[0]}"


def _score(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x not in (0, 1) else str(int(x))


def _part_report(g, several: bool) -> str:
    if g.correct:
        verdict = "correct"
    elif g.carried:
        verdict = "follows from your earlier answer"
    elif g.read_as is None:
        verdict = "not answered"
    else:
        verdict = "partly right" if g.score > 0 else "incorrect"
    head = f"Part {g.label}: {verdict}" if several else verdict.capitalize()
    lines = [f"{head} (score {_score(g.score)})"]
    if g.read_as is not None:
        lines.append(f"  read as {g.read_as}")
    for line in g.feedback:
        if line != "no answer" or g.read_as:
            lines += _wrapped(line)
    return "\n".join(lines)


def _wrapped(line: str) -> list[str]:
    """A feedback line indented 2 and word-wrapped to WIDTH; continued lines indented 4.
    A quoted example ('0.5 - 0.25') is never split."""
    from ..render.fit import wrap  # textwrap only: nothing heavy

    kept = _QUOTED.sub(lambda m: m.group(0).replace(" ", "\0"), line)
    rows = [r.replace("\0", " ") for r in wrap(kept, WIDTH - 4)]
    return [f"  {rows[0]}"] + [f"    {r}" for r in rows[1:]]
