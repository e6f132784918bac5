"""Issue 14: the mistake named is the declared mistake whose answer is closest to what
was typed, and when two declared mistakes give the same answer, both are named. Over
every family's declared mistakes: each one's own answer, typed in full, names it."""

from __future__ import annotations

import pytest

from nnquiz.answers import fits, grade_part, read
from nnquiz.answers.diagnosis import SAME
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES, flatten, shape

from ..practice.student import right

SEEDS = 40
CASES = [(f, d) for f in registry.ids() for d in DIFFICULTIES]


def same(a, b) -> bool:
    fa, fb = flatten(a), flatten(b)
    return len(fa) == len(fb) and all(
        abs(x - y) <= SAME * max(abs(x), abs(y), 1.0) for x, y in zip(fa, fb)
    )


def typed(wrong) -> str:
    """A mistake's answer as a student types it; one of zeros (or of floating-point dust
    of 0, such as −1.1×10⁻¹⁶) as zeros: a typed 0 names a slip that gives 0."""
    if all(abs(v) <= 1e-12 for v in flatten(wrong)):
        return right(_zeros(wrong))
    return right(wrong)


def _zeros(value):
    return [_zeros(v) for v in value] if isinstance(value, list) else 0.0


@pytest.mark.parametrize("family, difficulty", CASES)
def test_each_declared_mistake_s_own_answer_names_it(family, difficulty):
    checked = 0
    for seed in range(SEEDS):
        problem = registry.generate(family, seed, difficulty)
        for m in problem.mistakes:
            for label, wrong in m.answers.items():
                part = problem.part(label)
                if not fits(shape(wrong), shape(part.answer)):
                    continue  # a shape the grader asks again
                g = grade_part(problem, label, typed(wrong))
                assert not g.correct, (problem.id, m.id)  # a mistake is never right
                coincide = {
                    n.id
                    for n in problem.mistakes
                    if label in n.answers and same(n.answers[label], wrong)
                }
                assert set(g.mistakes) == coincide, (problem.id, m.id, g)
                checked += 1
    assert checked or not any(
        registry.generate(family, s, difficulty).mistakes for s in range(SEEDS)
    )


def problem_with(mistakes, answer=-2.0117, rel=0.001, abs_=1e-4):
    from nnquiz.problems.model import Mistake, Part, Problem, Tol

    part = Part("b", "b1_new", "Find b.", answer, Tol(rel, abs_))
    ms = tuple(Mistake(k, f"message of {k}", {"b": v}) for k, v in mistakes)
    return Problem("t:1", "t", 1, "easy", "T", {}, "q", "q", (part,), (), ms)


def test_the_closest_declared_mistake_wins_not_the_first_within_tolerance():
    """The report: sgd's part (b), typed -2: no_step gives exactly -2; multiplying by the
    output derivative again gives -2.00054, also within the tolerance, and came first."""
    p = problem_with([("double_output_derivative", -2.00054), ("no_step", -2.0)])
    g = grade_part(p, "b", "-2")
    assert g.mistakes == ("no_step",) and g.feedback[-1] == "message of no_step"
    g = grade_part(p, "b", "-2.0005")
    assert g.mistakes == ("double_output_derivative",)


def test_two_declared_mistakes_giving_the_same_answer_are_both_named():
    p = problem_with([("a", -2.0), ("b", -2.0 + 1e-15), ("c", -2.00054)])
    g = grade_part(p, "b", "-2")
    assert g.mistake == "a" and g.also == ("b",) and g.mistakes == ("a", "b")
    assert g.feedback[-2:] == ("Either: message of a", "Or: message of b")


def test_the_report_s_problem_names_no_step():
    p = registry.show("sgd:v2:easy:263055")
    assert grade_part(p, "b", "-2").mistakes == ("no_step",)


def test_a_transpose_beats_a_sign_flip_or_a_slip_that_explains_two_entries():
    from nnquiz.problems.model import Part, Problem, Tol

    def matrix(answer):
        part = Part("a", "W", "Find W.", answer, Tol(0.01, 1e-3))
        return Problem("t:1", "t", 1, "easy", "T", {}, "q", "q", (part,), ())

    negatives = matrix([[1.0, 2.0], [-2.0, 3.0]])  # off-diagonals negatives of each other
    assert grade_part(negatives, "a", "[1 -2; 2 3]").mistakes == ("transposed",)
    tenfold = matrix([[1.0, 0.2], [2.0, 3.0]])  # off-diagonals a factor of 10 apart
    assert grade_part(tenfold, "a", "[1 2; 0.2 3]").mistakes == ("transposed",)
    # a sign flip that is no transpose is still a sign flip
    assert grade_part(negatives, "a", "[1 -2; -2 3]").mistakes == ("sign",)
    assert grade_part(tenfold, "a", "[1 2; 2 3]").mistakes == ("decimal_slip",)
    assert read("[1 -2; 2 3]").shape == (2, 2)
