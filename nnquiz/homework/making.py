"""Every student's problems: one ``(family, seed, difficulty)`` per student and question.

Problems are made by :func:`nnquiz.problems.batch.generate_many` (ordered, on every
core), or one at a time by :func:`make_one` where a worker makes more than problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..errors import UserError
from .assignment import Assignment
from .roster import Student
from .seeds import seed

Spec = tuple[str, int, str]  # (family, seed, difficulty), as generate_many takes them


def specs(assignment: Assignment, students: Sequence[Student]) -> list[Spec]:
    """Student by student, question by question."""
    return [
        (q.family, seed(assignment.secret, s.id, q.number), q.difficulty)
        for s in students
        for q in assignment.questions
    ]


def make(
    specs: Iterable[Spec], transform: Callable[[Any], Any] | None = None, render: bool = True
) -> Iterator[Any]:
    """The problem of each spec in order (or ``transform(problem)``, computed where the
    problem is made: it must be a module-level function, so a worker can run it).
    ``render=False`` leaves out statements and solutions (grading needs neither)."""
    from ..problems.batch import generate_many

    try:
        yield from generate_many(specs, transform=transform, render=render)
    except RuntimeError as e:  # a family found no usable variant: a bug, said plainly
        raise UserError(f"cannot make a problem: {e}") from None


def make_one(spec: Spec, render: bool = True) -> Any:
    """The problem of one spec, made here (in a worker that makes a student's files)."""
    from ..problems import registry

    family, number, difficulty = spec
    try:
        return registry.generate(family, number, difficulty, render)
    except RuntimeError as e:  # a family found no usable variant: a bug, said plainly
        raise UserError(f"cannot make a problem: {e}") from None
