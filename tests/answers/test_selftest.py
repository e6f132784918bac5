"""PrairieLearn-style self-test: every family, every difficulty, 200 seeds.

For each problem: the right answer written in three notations (decimal, scientific, and
a fraction or an expression built from ``given``) scores full marks; every declared
mistake's answer scores less and is named (one that is all zeros, typed as 0, is graded
but never named); an unreadable string is reported unreadable.
"""

import pytest

from nnquiz.answers import grade, grade_part, read
from nnquiz.answers.diagnosis import YES_NO_ONLY
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES, all_within, flatten, is_yes_no

from . import selftest as w

SEEDS = 200
CASES = [(f, d) for f in registry.ids() for d in DIFFICULTIES]
UNREADABLE = [
    "[1, 2",
    "0.5.5",
    "1/0",
    "ln(-1)",
    "abc",
    "2 *",
    "((1)",
    "1e999",
    "9^9^9^9",
    "a=3",
    "0.5\x00",
    "[[1, 2], [3]]",
    "sqrt(-2)",
    "__import__('os')",
]


def right_notations(problem, seed: int) -> dict[str, list[str]]:
    """Each part's right answer in three notations (layouts rotate with the seed)."""
    exprs = w.expressions(problem)
    out = {}
    for k, part in enumerate(problem.parts):
        style = seed + k
        third = exprs.get(part.label)
        out[part.label] = [
            w.write(part.answer, lambda x, i: w.decimal(x, 4, unicode_minus=seed % 2), style),
            w.write(part.answer, lambda x, i: w.scientific(x, (seed + i) % 3), style + 1),
            w.write(
                part.answer,
                (lambda x, i, third=third: third[i]) if third else (lambda x, i: w.fraction(x)),
                style + 2,
            ),
        ]
    return out


def check_problem(problem, seed: int) -> None:
    notations = right_notations(problem, seed)
    for label, texts in notations.items():
        for text in texts:
            g = grade_part(problem, label, text)
            assert g.correct and g.score == 1.0 and g.mistake is None, (problem.id, text, g)
    assert grade(problem, {k: v[seed % 3] for k, v in notations.items()}).score == 1.0
    for m in problem.mistakes:
        for label, wrong in m.answers.items():
            part = problem.part(label)
            # every declared mistake can be named by its own answer, one whose answer is 0
            # by a typed 0 too (one rule for every family: issue 16)
            zero = not any(flatten(wrong))
            write = (lambda x, i: "0") if zero else (lambda x, i: w.decimal(x, 6))
            text = w.write(wrong, write, seed)
            g = grade_part(problem, label, text)
            value = read(text).value
            named = {
                n.id
                for n in problem.mistakes
                if label in n.answers
                and _near(value, n.answers[label], part.tol)
                and (not zero or not any(flatten(n.answers[label])))
            }
            assert m.id in named  # the written answer is the mistake's, within tolerance
            assert g.readable and g.score < 1.0 and not g.correct, (problem.id, m.id, g)
            assert g.mistake in named and set(g.mistakes) <= named, (problem.id, m.id, g)
            said = [_message(problem, k) for k in g.mistakes]
            if len(said) > 1:  # declared mistakes giving the same answer: each named
                said = [f"{'Or' if i else 'Either'}: {x}" for i, x in enumerate(said)]
            assert list(g.feedback[-len(said) :]) == said, (problem.id, m.id, g)
    for part in problem.parts:
        general_mistakes(problem, part, seed)
    bad = UNREADABLE[seed % len(UNREADABLE)]
    g = grade_part(problem, problem.parts[seed % len(problem.parts)].label, bad)
    assert not g.readable and g.score == 0 and g.read_as is None, (bad, g)
    assert "character" in g.feedback[0] or "end" in g.feedback[0], g.feedback


def scaled(answer, factor: float):
    if isinstance(answer, list):
        return [scaled(a, factor) for a in answer]
    return answer * factor


def general_mistakes(problem, part, seed: int) -> None:
    """A flipped sign, a slip by 10 and a transposed matrix are named in every family.

    A family mistake that gives the same answer (BCE without its minus is a flipped
    sign) is named instead, being more specific.
    """
    if all(abs(x) < 1e-3 for x in flatten(part.answer)):
        return  # an all-zero answer has no sign and no decimal point to slip
    if is_yes_no(part):  # yes is 1: -1 and 10 are no sign flip or slip, but no answer
        for text in ["-1", "10"]:
            g = grade_part(problem, part.label, text)
            assert not g.correct and g.feedback[-1] == YES_NO_ONLY, (problem.id, text, g)
        return
    wrongs = {"sign": scaled(part.answer, -1.0), "decimal_slip": scaled(part.answer, 10.0)}
    a = part.answer
    if isinstance(a, list) and isinstance(a[0], list) and len(a) * len(a[0]) > 1:
        t = [list(col) for col in zip(*a)]
        if not _near(t, a, part.tol):  # a symmetric matrix is its own transpose
            wrongs["transposed"] = t
    for general, wrong in wrongs.items():
        text = w.write(wrong, lambda x, i: w.decimal(x, 6), seed)
        g = grade_part(problem, part.label, text)
        specific = {
            m.id
            for m in problem.mistakes
            if part.label in m.answers and _near(wrong, m.answers[part.label], part.tol)
        }
        assert not g.correct and g.mistake in {general} | specific, (problem.id, text, g)


def _near(value, answer, tol) -> bool:
    """Every entry within tolerance (a 1-row matrix may be written as a vector)."""
    return all_within(flatten(value), flatten(answer), tol)


def _message(problem, mistake_id: str) -> str:
    return next(m.message for m in problem.mistakes if m.id == mistake_id)


@pytest.mark.parametrize("family, difficulty", CASES)
def test_grading_self_test(family, difficulty):
    for seed in range(SEEDS):
        check_problem(registry.generate(family, seed, difficulty), seed)
