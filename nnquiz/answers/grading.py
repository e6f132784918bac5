"""Grade typed answers against a problem's parts: tolerance, partial credit, shape.

A part is graded entry by entry with its tolerance (|v − a| ≤ abs + rel·|a|); a vector
or matrix earns the fraction of its entries that are right. A problem scores the
weighted fraction of its parts. An answer that cannot be read is not graded; nor is
one of the wrong shape whose digit,digit commas, read as decimal commas, would give
the right shape (``0,349`` for a number), or whose digit groups, read as one number,
would (``1 000`` for a number): that is ambiguous, and is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diagnosis import diagnose, shape_feedback, wrong_entries
from .reading import Reading, read
from .unreadable import Unreadable, clip

if TYPE_CHECKING:  # the model pulls in NumPy; grading itself needs only its fields
    from ..problems.model import Answer, Part, Problem

NO_ANSWER = "no answer"
_PLAIN = re.compile(r"[-\u2212]?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)")  # 2.20, -.5: quoted back
_SPLIT = re.compile(r"[\s,;\[\]⎡⎤⎣⎦⎢⎥]++")
# A digit,digit comma that may be a decimal comma: 0,349 (not 1,2,3 nor 1.5,2)
_DECIMAL_COMMA = re.compile(r"(?<![0-9.])(?<![0-9],)([0-9]++),([0-9]++)(?![0-9.]|,[0-9])")
# Digits in groups of three after single spaces, as thousands are written: 1 000, 12 345 678
# (each group checked as it is read, so a failed try never reads past its first group)
_THOUSANDS = re.compile(r"(?<![0-9.])[0-9]{1,3}(?: [0-9]{3}(?![0-9]))++")


@dataclass(frozen=True)
class PartGrade:
    """The grade of one part.

    - ``score``: 0..1, the fraction of entries within tolerance (0 for a wrong shape).
    - ``correct``: full marks. ``readable``: False when the text could not be read (then
      it is not graded and costs nothing; ``feedback`` says what and where).
    - ``read_as``: the "read as" echo, e.g. "[0.12, 0.86, 0.03]".
    - ``feedback``: lines for the student (shape, named mistake, hints).
    - ``mistake``: the id of the named mistake: a family's ``Mistake.id`` or one of the
      general ``sign``, ``decimal_slip``, ``transposed``, ``rounding``; ``also``: the ids
      of other declared mistakes that give the very same answer (both are named).
    - ``carried``: the score is credit carried forward: the answer is wrong, but right
      from the student's own earlier answer (:mod:`nnquiz.answers.carried`);
      ``carried_share``: how much of ``score`` that credit is (the rest is entries that
      are simply right).
    """

    label: str
    score: float
    correct: bool
    readable: bool
    read_as: str | None
    feedback: tuple[str, ...] = ()
    mistake: str | None = None
    also: tuple[str, ...] = ()
    carried: bool = False
    carried_share: float = 0.0

    @property
    def mistakes(self) -> tuple[str, ...]:
        """Every mistake named: ``mistake`` and ``also``."""
        return ((self.mistake,) if self.mistake else ()) + self.also


@dataclass(frozen=True)
class Grade:
    """A problem's grade: ``score`` is the weighted fraction of its parts (by weight)."""

    score: float
    parts: tuple[PartGrade, ...]

    @property
    def correct(self) -> bool:
        return all(p.correct for p in self.parts)

    @property
    def readable(self) -> bool:
        return all(p.readable for p in self.parts)


def answer_shape(answer: Answer) -> tuple[int, ...]:
    """() for a number, (n,) for a vector, (rows, columns) for a matrix."""
    if not isinstance(answer, list):
        return ()
    if answer and isinstance(answer[0], list):
        return (len(answer), len(answer[0]))
    return (len(answer),)


def _flat(answer: Answer) -> list[float]:
    if not isinstance(answer, list):
        return [float(answer)]
    if answer and isinstance(answer[0], list):
        return [float(x) for r in answer for x in r]  # type: ignore[union-attr]
    return [float(x) for x in answer]  # type: ignore[arg-type]


def fits(got: tuple[int, ...], want: tuple[int, ...]) -> bool:
    """Whether an answer of shape ``got`` is read as one of shape ``want``.

    The same shape fits; so does a number for a one-entry vector or 1×1 matrix (and the
    other way round), a 1×n or n×1 matrix for a vector of n, and a vector of n for a
    1×n or n×1 matrix. A vector's entries are the same whichever way it is written.
    """
    if got == want:
        return True
    return _squeeze(got) == _squeeze(want) and (len(want) < 2 or len(got) < 2)


def _squeeze(shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(n for n in shape if n != 1)


def grade_part(problem: Problem, label: str, text: str) -> PartGrade:
    """Read ``text`` and grade it as the answer to part ``label`` (KeyError if none)."""
    part = problem.part(label)
    try:
        reading = read(text)
    except Unreadable as e:
        return PartGrade(label, 0.0, False, False, None, (e.message,), None)
    return grade_reading(problem, part, reading, text)


def grade_reading(problem: Problem, part: Part, reading: Reading, text: str = "") -> PartGrade:
    """Grade an answer already read (``text``, when given, sharpens the shape hints)."""
    want = answer_shape(part.answer)
    got = reading.shape
    if not fits(got, want):
        why = (decimal_comma(text, want) or thousands(text, want)) if text else None
        if why is not None:
            return PartGrade(part.label, 0.0, False, False, None, (why,), None)
        feedback, mistake = shape_feedback(problem, part, reading, want, got, text)
        return PartGrade(part.label, 0.0, False, True, reading.shown, feedback, mistake)
    values = reading.entries
    answer = _flat(part.answer)
    wrong = wrong_entries(values, answer, part.tol)
    if not wrong:
        return PartGrade(part.label, 1.0, True, True, reading.shown)
    score = 1.0 - len(wrong) / len(answer)
    typed = _typed(text, values) if text else None
    feedback, named = diagnose(problem, part, values, answer, wrong, want, typed)
    first = named[0] if named else None
    return PartGrade(part.label, score, False, True, reading.shown, feedback, first, named[1:])


def _typed(text: str, values: list[float]) -> list[str] | None:
    """Each entry as typed, when the answer is plain decimals ('2.20', '[0.607 1.61]'),
    so feedback can quote them; None for anything else."""
    words = _SPLIT.split(text.strip().strip("[]()⎡⎤⎣⎦⎢⎥ \t"))
    if len(words) != len(values) or not all(_PLAIN.fullmatch(w) for w in words):
        return None
    if any(float(w.replace("\u2212", "-")) != v for w, v in zip(words, values)):
        return None
    return words


def decimal_comma(text: str, want: tuple[int, ...]) -> str | None:
    """Why ``text`` is not graded, when its digit,digit commas read as decimal commas
    would give an answer of shape ``want`` (``0,349`` for a number, ``0,936 0,0171
    0,0466`` for a vector of 3); None when they would not."""
    return _misread(
        text,
        want,
        _DECIMAL_COMMA,
        lambda m: f"{m.group(1)}.{m.group(2)}",
        "a decimal comma? Write {} (',' separates entries)",
    )


def thousands(text: str, want: tuple[int, ...]) -> str | None:
    """Why ``text`` is not graded, when its digit groups (``1 000``, ``12 345 678``), each
    read as one number, would give an answer of shape ``want``; None when they would not
    (or there are none). A space separates entries, so ``1 000`` is read as [1, 0]."""
    return _misread(
        text,
        want,
        _THOUSANDS,
        lambda m: m.group().replace(" ", ""),
        "a thousands separator? Write {} (a space separates entries)",
    )


def _misread(
    text: str,
    want: tuple[int, ...],
    pattern: re.Pattern[str],
    meant: Callable[[re.Match[str]], str],
    question: str,
) -> str | None:
    """``question`` about the first match of ``pattern`` (formatted with what it would
    mean), when replacing every match by what it would mean gives an answer of shape
    ``want``; None when it would not, or nothing matches."""
    found = list(pattern.finditer(text))
    if not found:
        return None
    try:
        other = read(pattern.sub(meant, text))
    except Unreadable:
        return None
    if not fits(other.shape, want):
        return None
    more = f" (and {len(found) - 1} more like it)" if len(found) > 1 else ""
    return f"{clip(found[0].group())}{more}: {question.format(clip(meant(found[0])))}"


def grade(problem: Problem, answers: Mapping[str, str], ecf: float = 0.0) -> Grade:
    """Grade every part; a part with no (or a blank) answer scores 0 with "no answer".

    ``answers`` maps part labels to typed text; a label the problem lacks is a ValueError.
    An unreadable part scores 0 here: a caller that lets it cost nothing checks
    ``readable`` and asks again. ``ecf`` (0 to 1) is the credit a part earns when it is
    right from the student's own wrong earlier answer (error carried forward:
    :func:`nnquiz.answers.carried.carry`); 0, the default, gives none.
    """
    labels = [p.label for p in problem.parts]
    unknown = [k for k in answers if k not in labels]
    if unknown:
        raise ValueError(
            f"{problem.id} has no part {unknown[0]!r}; its parts are {', '.join(labels)}"
        )
    grades = []
    for part in problem.parts:
        text = answers.get(part.label)
        if text is None or not text.strip():
            grades.append(PartGrade(part.label, 0.0, False, True, None, (NO_ANSWER,), None))
        else:
            grades.append(grade_part(problem, part.label, text))
    if ecf > 0:
        from .carried import carry

        grades = carry(problem, grades, answers, ecf)
    total = sum(p.weight for p in problem.parts)
    if total > 0:
        score = sum(g.score * p.weight for g, p in zip(grades, problem.parts)) / total
    else:
        score = sum(g.score for g in grades) / len(grades)
    return Grade(score, tuple(grades))
