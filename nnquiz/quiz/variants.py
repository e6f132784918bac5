"""The variants of a quiz, and the numbers a student types for each.

Variant *k* of question *q* is the problem of the question's family and difficulty at
the seed :func:`nnquiz.homework.seeds.variant_seed` gives (the assignment's secret, *q*
and *k*): the same assignment and ``--variants`` give the same variants on every
machine, and without the secret nobody can work them out. Every variant keeps its
problem id, so ``nnquiz show ID --solution`` reproduces it.

Each platform asks for numbers one by one: an :class:`Entry` is one of them (a part
that is a number, or one entry of a vector or matrix part), with the tolerance of its
part. A part of *n* entries counts 1/*n* of the part in each entry, as nnquiz grades it;
:func:`entry_weights` gives those shares as whole numbers for the platforms that weigh
with integers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from ..errors import UserError
from ..homework.assignment import Assignment, Question
from ..homework.making import make
from ..homework.seeds import variant_seed
from ..problems.model import Part, Problem, Tol

MAX_VARIANTS = 500


@dataclass(frozen=True)
class Entry:
    """One number of a part: ``name`` is a safe identifier (``a`` for a part that is one
    number, ``b_2`` for entry 2 of a vector, ``c_1_2`` for row 1, column 2 of a
    matrix), ``value`` the answer at full precision."""

    part: str
    name: str
    value: float
    tol: Tol
    row: int = 0  # 0-based place in the part's grid (a vector is a column)
    col: int = 0


@dataclass(frozen=True)
class Variant:
    """Variant ``index`` (1-based) of question ``question``."""

    question: int
    index: int
    problem: Problem


@dataclass(frozen=True)
class QuizQuestion:
    """A question of the assignment and its variants, in order."""

    question: Question
    variants: tuple[Variant, ...]

    @property
    def label(self) -> str:
        """``Q1 backprop (medium)``: how files and categories name the question."""
        q = self.question
        return f"Q{q.number} {q.family} ({q.difficulty})"


def make_quiz(assignment: Assignment, count: int) -> list[QuizQuestion]:
    """``count`` variants of every question (made on every core, as homework makes them)."""
    if not 1 <= count <= MAX_VARIANTS:
        raise UserError(f"--variants must be from 1 to {MAX_VARIANTS}, not {count}")
    specs = [
        (q.family, variant_seed(assignment.secret, q.number, k), q.difficulty)
        for q in assignment.questions
        for k in range(1, count + 1)
    ]
    problems = iter(make(specs))
    return [
        QuizQuestion(q, tuple(Variant(q.number, k, next(problems)) for k in range(1, count + 1)))
        for q in assignment.questions
    ]


def entries(part: Part) -> list[Entry]:
    """The numbers of ``part`` in reading order (a matrix row by row)."""
    a, label, tol = part.answer, part.label, part.tol
    if not isinstance(a, list):
        return [Entry(label, label, float(a), tol)]
    if a and isinstance(a[0], list):
        return [
            Entry(label, f"{label}_{i + 1}_{j + 1}", v, tol, i, j)
            for i, row in enumerate(a)
            for j, v in enumerate(row)
        ]
    return [Entry(label, f"{label}_{i + 1}", v, tol, i, 0) for i, v in enumerate(a)]


def grid(part: Part) -> tuple[int, int] | None:
    """(rows, columns) of a vector (a column) or matrix part; None for a number."""
    a = part.answer
    if not isinstance(a, list):
        return None
    if a and isinstance(a[0], list):
        return len(a), len(a[0])
    return len(a), 1


def part_weights(problem: Problem) -> list[int]:
    """Each part's weight as a whole number, in the proportions of ``Part.weight``."""
    return _whole([Fraction(p.weight).limit_denominator(1000) for p in problem.parts])


def entry_weights(problem: Problem) -> list[int]:
    """Each entry's weight (parts in order, entries in order) as whole numbers: a part
    of n entries gives each 1/n of its weight."""
    shares = []
    for p in problem.parts:
        n = len(entries(p))
        shares += [Fraction(p.weight).limit_denominator(1000) / n] * n
    return _whole(shares)


def _whole(shares: list[Fraction]) -> list[int]:
    lcm = math.lcm(*(s.denominator for s in shares))
    ints = [int(s * lcm) for s in shares]
    g = math.gcd(*ints)
    return [i // g for i in ints]


def number(x: float) -> str:
    """A number as platforms read it: the shortest text that reads back as ``x``."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def half_width(value: float, tol: Tol) -> float:
    """How far from ``value`` an answer may be: abs + rel·|value| (nnquiz's rule)."""
    return tol.abs + tol.rel * abs(value)
