"""Grading: tolerance, partial credit, shapes, weights, and naming the mistake.

The problems here are written by hand, so each expectation is worked out in the test.
"""

from dataclasses import replace

import pytest

from nnquiz.answers import GENERAL_MISTAKES, Grade, PartGrade, fits, grade, grade_part
from nnquiz.problems.model import Mistake, Part, Problem, Step, Tol

TOL = Tol(rel=0.01, abs=0.0001)


def problem(*parts: tuple, mistakes=()) -> Problem:
    """A problem with parts (label, answer[, weight]) and mistakes (id, {label: answer})."""
    return Problem(
        id="hand:1",
        family="hand",
        seed=1,
        difficulty="medium",
        title="by hand",
        given={},
        question_text="",
        question_latex="",
        parts=tuple(
            Part(p[0], "x", "x", p[1], TOL, weight=p[2] if len(p) > 2 else 1.0) for p in parts
        ),
        steps=(Step("", ""),),
        mistakes=tuple(Mistake(m[0], f"message of {m[0]}", m[1]) for m in mistakes),
    )


SCALAR = problem(("a", 0.25))
VECTOR = problem(("a", [0.2, -0.5, 0.3]))
ROW = problem(("a", [[0.5, 1.5, -2.0]]))
MATRIX = problem(("a", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
SQUARE = problem(("a", [[1.0, 2.0], [3.0, 4.0]]))


def test_tolerance_is_abs_plus_rel_times_answer():
    # 0.25: tolerance 0.0001 + 0.0025 = 0.0026
    assert grade_part(SCALAR, "a", "0.2525").correct
    assert grade_part(SCALAR, "a", "0.2475").correct
    assert not grade_part(SCALAR, "a", "0.2527").correct
    assert not grade_part(SCALAR, "a", "0.2473").correct
    zero = problem(("a", 0.0))
    assert grade_part(zero, "a", "0.0001").correct
    assert grade_part(zero, "a", "-1e-4").correct
    assert not grade_part(zero, "a", "0.00011").correct


def test_every_notation_of_the_answer_is_right():
    for text in ["0.25", ".25", "1/4", "2.5e-1", "25%", "2.5×10⁻¹", "[0.25]", "[[0.25]]"]:
        g = grade_part(SCALAR, "a", text)
        assert g == PartGrade("a", 1.0, True, True, g.read_as, (), None), text


def test_partial_credit_is_the_fraction_of_right_entries():
    g = grade_part(VECTOR, "a", "[0.2, -0.5, 0.9]")
    assert g.score == pytest.approx(2 / 3) and not g.correct and g.readable
    assert g.feedback[0] == "2 of 3 entries right; wrong: entry 3."
    g = grade_part(MATRIX, "a", "[1 2 3; 4 0 0]")
    assert g.score == pytest.approx(4 / 6)
    assert g.feedback[0] == "4 of 6 entries right; wrong: entries (2, 2) and (2, 3)."


def test_shape_leniency():
    assert fits((), ()) and fits((1,), ()) and fits((1, 1), ())
    assert fits((3,), (3,)) and fits((1, 3), (3,)) and fits((3, 1), (3,))
    assert fits((3,), (1, 3)) and fits((3,), (3, 1)) and fits((), (1, 1))
    assert not fits((3, 1), (1, 3)) and not fits((6,), (2, 3)) and not fits((2,), (3,))
    assert not fits((3, 2), (2, 3)) and fits((), (1,))
    assert grade_part(VECTOR, "a", "⎡ 0.2⎤\n⎢−0.5⎥\n⎣ 0.3⎦").correct  # as nnquiz draws it
    assert grade_part(VECTOR, "a", "[[0.2, -0.5, 0.3]]").correct
    assert grade_part(ROW, "a", "0.5 1.5 -2").correct
    assert grade_part(ROW, "a", "[[0.5, 1.5, -2]]").correct


@pytest.mark.parametrize(
    "prob, text, message",
    [
        (VECTOR, "0.2", "Expected a vector of 3 entries, got a single number."),
        (VECTOR, "[0.2, -0.5]", "Expected a vector of 3 entries, got a vector of 2 entries."),
        (SCALAR, "[0.25, 1]", "Expected a single number, got a vector of 2 entries."),
        (MATRIX, "[1 2 3 4 5 6]", "Expected a 2×3 matrix, got a vector of 6 entries."),
        (MATRIX, "[1 2; 3 4; 5 6]", "Expected a 2×3 matrix, got a 3×2 matrix; transposed?"),
        (ROW, "[0.5; 1.5; 9]", "Expected a 1×3 matrix, got a 3×1 matrix; transposed?"),
    ],
)
def test_a_wrong_shape_names_the_expected_shape(prob, text, message):
    g = grade_part(prob, "a", text)
    assert g.score == 0 and not g.correct and g.readable and g.feedback[0] == message
    assert g.mistake is None


def test_a_transposed_matrix_is_named():
    g = grade_part(MATRIX, "a", "[1 4; 2 5; 3 6]")
    assert g.score == 0 and g.mistake == "transposed"
    assert g.feedback == (
        "Expected a 2×3 matrix, got a 3×2 matrix; transposed?",
        "Transposed: your rows are the answer's columns.",
    )
    g = grade_part(SQUARE, "a", "[1 3; 2 4]")  # same shape: entries 1 and 4 are right
    assert g.score == 0.5 and g.mistake == "transposed"
    g = grade_part(ROW, "a", "[0.5; 1.5; -2]")
    assert g.mistake == "transposed"


def test_a_flipped_sign_is_named():
    g = grade_part(SCALAR, "a", "-0.25")
    assert g.mistake == "sign" and g.score == 0
    assert g.feedback == (
        "Flipped sign: your answer is the negative of the right value; "
        "check the order of each subtraction.",
    )
    g = grade_part(VECTOR, "a", "[-0.2, 0.5, -0.3]")
    assert g.mistake == "sign" and "every entry is the negative" in g.feedback[-1]
    g = grade_part(VECTOR, "a", "[0.2, 0.5, 0.3]")
    assert g.mistake == "sign" and g.score == pytest.approx(2 / 3)
    assert "entry 2 is the negative" in g.feedback[-1]


def test_a_decimal_slip_is_named():
    for text, factor in [("2.5", "10 (too large)"), ("0.0025", "100 (too small)")]:
        g = grade_part(SCALAR, "a", text)
        assert g.mistake == "decimal_slip" and f"factor of {factor}" in g.feedback[-1]
    g = grade_part(VECTOR, "a", "[2, -0.05, 0.3]")
    assert g.mistake == "decimal_slip" and "a power of 10" in g.feedback[-1]


def test_a_number_for_yes_or_no_is_no_slip_or_sign_flip():
    """A yes-or-no part answered 10 (or -1, 0.1) is told how such a part is answered,
    not that it has a decimal slip or a flipped sign; yes, no, 1 and 0 are answers."""
    yes = replace(
        problem(("a", 1.0)), parts=(Part("a", "x", "Is it? Answer yes or no.", 1.0, TOL),)
    )
    for text in ["10", "-1", "0.1", "2"]:
        g = grade_part(yes, "a", text)
        assert not g.correct and g.mistake is None
        assert g.feedback == ("This part is answered yes or no (or 1 for yes, 0 for no).",)
    for text in ["no", "0"]:
        g = grade_part(yes, "a", text)
        assert not g.correct and g.feedback == ()
    assert grade_part(yes, "a", "yes").correct and grade_part(yes, "a", "1").correct
    g = grade_part(SCALAR, "a", "2.5")  # an ordinary part keeps its slip
    assert g.mistake == "decimal_slip"


def test_rounding_early_is_suggested_only_for_what_rounding_gives():
    p = problem(("a", 0.2468))
    g = grade_part(p, "a", "0.25")  # 0.2468 to 2 digits, 1.3% off
    assert g.mistake == "rounding"
    assert g.feedback[-1].startswith("Close, but outside the tolerance (±1%, or ±0.0001 near zero)")
    assert "round too early" in g.feedback[-1]
    g = grade_part(p, "a", "0.2495")  # 2.7 units of the 3rd digit: rounded inputs
    assert g.mistake == "rounding"
    g = grade_part(SCALAR, "a", "0.3")  # 20 tolerances: just wrong
    assert g.mistake is None and g.feedback == ()


@pytest.mark.parametrize(
    "answer, text",
    [
        (0.25, "0.26"),  # 4 tolerances, but 0.25 rounds to 0.25: not rounding
        (0.348989685172, "exp(-1)"),  # 0.368, 5% off
        (0.348989685172, "0.36"),  # 11 units of the 3rd digit
        ([0.1764, 0.3529], "[0.19 0.38]"),  # 8% off
    ],
)
def test_far_off_answers_get_no_rounding_hint(answer, text):
    g = grade_part(problem(("a", answer)), "a", text)
    assert not g.correct and g.mistake is None
    assert not any("round" in line for line in g.feedback), g.feedback


def test_exact_parts_get_no_rounding_hint():
    p = replace(SCALAR, parts=(Part("a", "n", "n", 1250.0, Tol(0.0, 1e-9)),))
    g = grade_part(p, "a", "1249")
    assert not g.correct and g.mistake is None


STEP = Tol(rel=0.001, abs=0.0001)  # a new weight after a gradient step


def tight(answer) -> Problem:
    return replace(SCALAR, parts=(Part("a", "w", "w", answer, STEP),))


@pytest.mark.parametrize(
    "answer, text, right, typed",
    [
        (2.19640275801, "2.20", "2.196", "2.20"),
        (2.19640275801, "2.2", "2.196", "2.2"),
        ([[0.607194483985, 1.60719448398]], "[0.607 1.61]", "1.607", "1.61"),
        ([1.23456, 0.5], "1.23 0.5", "1.235", "1.23"),
        (2.19640275801, "2.2e0", "2.196", "2.20"),  # not plain: written from the value
    ],
)
def test_a_tight_part_says_plainly_it_needs_4_digits(answer, text, right, typed):
    g = grade_part(tight(answer), "a", text)
    assert g.mistake == "rounding" and not g.correct
    assert g.feedback[-1] == f"This part needs 4 significant digits: {right}, not {typed}."


def test_a_tight_part_rounded_otherwise_still_hears_round_too_early():
    g = grade_part(tight(2.19640275801), "a", "2.201")  # 4 digits, but off: rounded inputs
    assert g.mistake == "rounding" and "round too early" in g.feedback[-1]
    assert grade_part(tight(2.19640275801), "a", "2.196").correct


def test_a_declared_mistake_comes_before_the_general_ones():
    p = problem(
        ("a", 0.25),
        ("b", [0.2, 0.8]),
        mistakes=[("no_minus", {"a": -0.25}), ("swap", {"b": [0.8, 0.2]}), ("x10", {"a": 2.5})],
    )
    g = grade_part(p, "a", "-0.25")
    assert (g.mistake, g.feedback) == ("no_minus", ("message of no_minus",))
    g = grade_part(p, "a", "2.502")  # within tolerance of the mistake's 2.5
    assert g.mistake == "x10"
    g = grade_part(p, "b", "0.8 0.2")
    assert g.mistake == "swap" and g.feedback[-1] == "message of swap" and g.score == 0
    assert grade_part(p, "b", "0.8 0.25").mistake is None  # not the mistake: 0.25 ≠ 0.2
    assert set(GENERAL_MISTAKES) == {"sign", "decimal_slip", "transposed", "rounding"}


def test_unreadable_is_not_graded():
    g = grade_part(SCALAR, "a", "0.25)")
    assert g == PartGrade(
        "a", 0.0, False, False, None, ("unmatched ')' at character 5, after '0.25'",), None
    )
    with pytest.raises(KeyError):
        grade_part(SCALAR, "z", "1")


def test_a_zero_names_only_a_declared_mistake_whose_answer_is_zero():
    """One rule for every family (issue 16): a declared mistake that gives 0 is named
    when 0 is typed (relu_zero once never could be); a 0 names no other mistake, and
    no general one (a sign flip, a decimal slip)."""
    p = problem(
        ("a", [0.5, 0.3]),
        ("b", 0.25),
        ("c", 0.05),
        mistakes=[("no_bias", {"a": [0.0, 0.0], "b": 0.0}), ("tiny", {"c": 5e-5})],
    )
    for label, text in [("a", "0 0"), ("a", "[0, 0]"), ("b", "0"), ("b", "-0")]:
        g = grade_part(p, label, text)
        assert g.readable and g.score == 0 and g.mistake == "no_bias", (label, text, g)
        assert g.feedback[-1] == "message of no_bias"
    for text in ("0", "-0"):  # 5e-5 is not 0: an unsure 0 is not that mistake
        g = grade_part(p, "c", text)
        assert g.mistake is None and not any("message of" in line for line in g.feedback)
    assert grade_part(p, "c", "5e-5").mistake == "tiny"  # typed, not an unsure 0
    # a slip that gives 0 computed in floating point (0.72 + 0.4 − 0.4 − 0.32 − 0.4)
    dust = problem(("a", 1.62), mistakes=[("swapped", {"a": -1.11022302463e-16})])
    assert grade_part(dust, "a", "0").mistake == "swapped"
    assert grade_part(p, "a", "0 0.3").score == 0.5  # scores stay


def test_a_decimal_comma_that_would_fit_is_not_read():
    g = grade_part(SCALAR, "a", "0,25")
    assert g == PartGrade(
        "a", 0.0, False, False, None, ("0,25: a decimal comma? Write 0.25 (',' separates entries)",)
    )
    g = grade_part(VECTOR, "a", "0,2 -0,5 0,3")  # 6 entries read; 3 with decimal commas
    assert not g.readable and g.feedback == (
        "0,2 (and 2 more like it): a decimal comma? Write 0.2 (',' separates entries)",
    )
    assert not grade_part(VECTOR, "a", "[0,2, -0,5, 0,3]").readable
    assert not grade(SCALAR, {"a": "0,25"}).readable  # as practice and homework grade it
    column = problem(("a", [1.9, -0.4]))
    g = grade_part(column, "a", "[1,9; -0,4]")  # read as [[1, 9], [-0, 4]]: 2×2, not 2
    assert not g.readable and g.feedback[0].startswith("1,9 (and 1 more like it)")
    square = problem(("a", [[1.0, 9.0], [0.0, 4.0]]))
    assert grade_part(square, "a", "[1,9; -0,4]").correct  # the right shape: read as typed


def test_commas_that_are_not_decimal_commas_are_read_as_typed():
    for text in ["[1,2,3]", "1, 2, 3", "1,2,3", "[1,2, 3]"]:
        g = grade_part(problem(("a", [1.0, 2.0, 3.0])), "a", text)
        assert g.correct, text
    g = grade_part(SCALAR, "a", "0,936,0,0171")  # no reading of it fits: never guessed
    assert g.readable and g.read_as == "[0, 936, 0, 171]" and g.mistake is None
    g = grade_part(VECTOR, "a", "0,2")  # 2 entries either way: a wrong shape, read
    assert g.readable and g.feedback[0].startswith("Expected a vector of 3 entries")


def test_digit_groups_that_would_fit_as_one_number_are_not_read():
    """``1 000`` is the vector [1, 0] as typed; for a part of another shape that one
    number would fit, it is unreadable (asked again), never graded as [1, 0]."""
    big = problem(("a", 1000.0))
    g = grade_part(big, "a", "1 000")
    assert g == PartGrade(
        "a",
        0.0,
        False,
        False,
        None,
        ("1 000: a thousands separator? Write 1000 (a space separates entries)",),
    )
    g = grade_part(problem(("a", [1234567.5, 2.0])), "a", "[1 234 567.5, 2]")
    assert not g.readable and g.feedback[0].startswith("1 234 567: a thousands separator")
    g = grade_part(problem(("a", [12000.0, 3000.0])), "a", "12 000 3 000")
    assert not g.readable and "(and 1 more like it)" in g.feedback[0]
    assert grade_part(problem(("a", [1.0, 0.0])), "a", "1 000").correct  # it fits: as typed
    for text in ["1 0000", "0.5 000", "1000 000 1"]:  # not digit groups, or no fit
        assert grade_part(big, "a", text).readable, text
    assert grade_part(big, "a", "1\u202f000").feedback[0].startswith("a narrow no-break")


def test_a_vector_in_parentheses_with_semicolons_is_graded():
    assert grade_part(problem(("a", [0.3865, 0.6325])), "a", "(0.3865; 0.6325)").correct


def test_hints_for_entries_typed_as_separate_numbers():
    g = grade_part(SCALAR, "a", "0.5 -0.25")
    assert g.read_as == "[0.5, -0.25]" and "as in MATLAB" in g.feedback[-1]


def test_a_problem_scores_the_weighted_fraction_of_its_parts():
    p = problem(("a", 1.0, 1.0), ("b", [1.0, 2.0], 2.0), ("c", 3.0, 1.0))
    g = grade(p, {"a": "1", "b": "[1, 0]", "c": ""})
    assert isinstance(g, Grade)
    assert g.score == pytest.approx((1 * 1 + 2 * 0.5 + 1 * 0) / 4)
    assert not g.correct and g.readable
    assert g.parts[2] == PartGrade("c", 0.0, False, True, None, ("no answer",), None)
    g = grade(p, {"a": "1", "b": "1 2"})
    assert g.parts[2].feedback == ("no answer",) and g.score == pytest.approx(0.75)
    g = grade(p, {"a": "1", "b": "1 2", "c": "3"})
    assert g.correct and g.score == 1.0
    g = grade(p, {"a": "1", "b": "[1, 2", "c": "3"})
    assert not g.readable and not g.correct and g.score == pytest.approx(0.5)
    with pytest.raises(ValueError, match="has no part 'd'; its parts are a, b, c"):
        grade(p, {"d": "1"})


def test_two_declared_mistakes_with_the_same_number_are_both_named():
    p = problem(("a", 5.0), mistakes=[("first", {"a": 4.0}), ("second", {"a": 4.0})])
    g = grade_part(p, "a", "4")
    assert g.mistake == "first" and g.mistakes == ("first", "second")
    assert g.feedback == ("Either: message of first", "Or: message of second")
