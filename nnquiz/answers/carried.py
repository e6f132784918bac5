"""Error carried forward: a later part that is right from the student's own earlier answer.

A family declares which parts follow from which (:mod:`nnquiz.problems.chains`). When
an earlier part is wrong, and the later part is what the chain gives from the student's
earlier answer (each entry within the later part's tolerance of it), the later part
earns ``ecf`` of its credit (1: full, 0.5: half, 0: none) instead of the 0 it would
get, with a feedback line saying so: "(b) follows correctly from your (a)". In a vector
or matrix, an entry that is right earns its full share and one that is wrong and follows
earns ``ecf`` of its share. Only answers that were read count:
a blank or unreadable earlier part carries nothing, nor an earlier answer of zeros (what
is typed when unsure: 0 in every part would earn the later parts), nor one no student
could get (each family's chain says which: a probability above 1, a negative count).

``check``, ``grade`` and practice all grade a whole problem through
:func:`nnquiz.answers.grade` with ``ecf``, so the rule is the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import GENERAL_MISTAKES
from .reading import read
from .unreadable import Unreadable

if TYPE_CHECKING:
    from ..problems.chains import Link
    from ..problems.model import Answer, Part, Problem
    from .grading import PartGrade


def carry(
    problem: Problem, grades: list[PartGrade], texts: Mapping[str, str], ecf: float
) -> list[PartGrade]:
    """``grades`` with carried-forward credit given where a chain allows it."""
    if ecf <= 0 or len(problem.parts) < 2:
        return grades
    if all(g.correct or g.read_as is None for g in grades[1:]):  # nothing could be carried
        return grades
    out = list(grades)
    # the nearest earlier parts first: (c) follows from your (b) rather than your (a)
    for link in sorted(_links(problem), key=lambda lk: (lk.later, -max(lk.earlier))):
        better = _carried(problem, out, texts, link, ecf)
        if better is not None and better.score > out[link.later].score:
            out[link.later] = better
    return out


def _links(problem: Problem) -> tuple[Link, ...]:
    from ..problems import registry

    try:
        family = registry.get(problem.family)
    except KeyError:
        return ()
    return family.chains([p.asks for p in problem.parts])


def _carried(
    problem: Problem, grades: list[PartGrade], texts: Mapping[str, str], link: Link, ecf: float
) -> PartGrade | None:
    """The later part's grade from its chain, or None when the chain gives nothing."""
    from ..problems.chains import split_entry

    later = problem.parts[link.later]
    g = grades[link.later]
    if g.correct or not g.readable or g.read_as is None:
        return None
    earlier = [grades[j] for j in link.earlier]
    if any(e.read_as is None or not e.readable for e in earlier):
        return None
    if all(e.correct for e in earlier):  # nothing wrong to carry
        return None
    values = []
    for j in link.earlier:
        value = _value(texts.get(problem.parts[j].label, ""), problem.parts[j].answer)
        if value is None:
            return None
        values.append(value)
    if all(_zeros(v, problem.parts[j]) for v, j in zip(values, link.earlier)):
        return None  # what is typed when unsure: 0, 0, 0 is no work carried forward
    try:
        expected = link.follow(problem.given, tuple(values), split_entry(later.asks)[1])
    except (ArithmeticError, ValueError, TypeError, IndexError, KeyError):
        return None
    typed = _value(texts.get(later.label, ""), later.answer)
    if expected is None or typed is None:
        return None
    right, follow = _entries(typed, later.answer, later), _entries(typed, expected, later)
    if right is None or follow is None:
        return None
    # an entry that is right earns its full share, as partial credit gives it; one that is
    # wrong and follows from the earlier answer earns ecf of its share
    carried = sum(1 for r, f in zip(right, follow) if f and not r)
    if not carried:
        return None
    n, wrong = len(right), len(right) - sum(right)
    names = " and ".join(f"({problem.parts[j].label})" for j in link.earlier)
    feedback, mistake, also = g.feedback, g.mistake, g.also
    if carried == wrong and mistake in GENERAL_MISTAKES and feedback:
        # what the part differs by is the earlier answer, not a slip of its own ("did
        # you round too early?" beside "follows correctly from your (a)"); the slip's
        # line is the last the diagnosis wrote
        feedback, mistake, also = feedback[:-1], None, ()
    elif carried == wrong and mistake is not None:
        # a declared mistake is named only when the earlier part names it too (a doubled
        # output derivative carried down): x + ε·sign of a sign-slipped ∂L/∂x is what
        # fgsm_flipped gives, but that student moved along their gradient's sign
        feedback, mistake, also = _made_before(problem, feedback, g.mistakes, earlier)
    if carried == n > 1 and feedback and feedback[0].startswith(f"0 of {n} entries right"):
        # every entry follows: "0 of 2 entries right; wrong: entries 1 and 2" under "full
        # credit" reads as a contradiction (it is only the key's count)
        feedback = feedback[1:]
    return replace(
        g,
        score=(sum(right) + ecf * carried) / n,
        carried=True,
        carried_share=ecf * carried / n,
        feedback=(_line(later.label, names, carried, wrong, n, ecf), *feedback),
        mistake=mistake,
        also=also,
    )


def _made_before(
    problem: Problem, feedback: tuple[str, ...], named: tuple[str, ...], earlier: list[PartGrade]
) -> tuple[tuple[str, ...], str | None, tuple[str, ...]]:
    """(feedback, mistake, also) of a part whose every wrong entry follows from the
    earlier parts, keeping of the declared mistakes ``named`` (their lines are the last
    of ``feedback``, one each) those an earlier part names too."""
    before = {m for e in earlier for m in e.mistakes}
    by_id = {m.id: m for m in problem.mistakes}
    kept = [by_id[i] for i in named if i in before and i in by_id]
    if len(kept) == len(named):
        return feedback, (named[0] if named else None), named[1:]
    lines = feedback[: len(feedback) - len(named)]
    if len(kept) == 1:
        lines = (*lines, kept[0].message)
    else:
        said = (f"{'Either' if i == 0 else 'Or'}: {m.message}" for i, m in enumerate(kept))
        lines = (*lines, *said)
    ids = tuple(m.id for m in kept)
    return lines, (ids[0] if ids else None), ids[1:]


def _value(text: str, like: Answer) -> Any:
    """What the student typed, shaped as ``like`` (a number, vector or matrix), or None
    when it cannot be read or has another number of entries."""
    try:
        entries = read(text).entries
    except Unreadable:
        return None
    if not isinstance(like, list):
        return entries[0] if len(entries) == 1 else None
    if like and isinstance(like[0], list):
        cols = len(like[0])
        if len(entries) != len(like) * cols:
            return None
        return [entries[r * cols : (r + 1) * cols] for r in range(len(like))]
    return entries if len(entries) == len(like) else None


def _zeros(value: Any, part: Part) -> bool:
    """An answer of zeros, in a part where 0 is no count (a count of errors may be 0)."""
    return part.tol.rel > 0 and not any(_flat(value))


def _flat(value: Any) -> list[float]:
    if not isinstance(value, list):
        return [float(value)]
    if value and isinstance(value[0], list):
        return [float(x) for row in value for x in row]
    return [float(x) for x in value]


def _entries(typed: Any, expected: Any, part: Part) -> list[bool] | None:
    """For each typed entry, whether it is within the part's tolerance of ``expected``;
    None when the two have different numbers of entries or ``expected`` is not finite."""
    got, want = _flat(typed), _flat(expected)
    if len(got) != len(want) or not all(math.isfinite(w) for w in want):
        return None
    return [part.tol.accepts(v, w) for v, w in zip(got, want)]


def _line(label: str, names: str, carried: int, wrong: int, n: int, ecf: float) -> str:
    """The feedback line of a carried-forward part: ``carried`` of its ``wrong`` entries
    (of ``n``) follow from the earlier answer."""
    if carried == n:
        which = ""
    elif wrong == n:
        which = f" ({round(carried / n * 100)}% of its entries)"
    elif carried == wrong:
        which = " (its entries that are not right)"
    else:
        which = f" ({carried} of its {wrong} entries that are not right)"
    credit = "full credit" if ecf == 1 else f"{ecf:g} of the credit"
    return f"({label}) follows correctly from your {names}{which}: error carried forward, {credit}."


def carried_note(parts) -> str:
    """', 1 more follows from your earlier answers' when parts that are not right got
    credit carried forward (error carried forward: the parts line counts them apart);
    '' when none did."""
    n = sum(p.carried and not p.correct for p in parts)
    if n == 0:
        return ""
    return f", {n} more follow{'s' if n == 1 else ''} from your earlier answers"
