"""grade matches the rows while the workers make the problems: a student's problems are
taken when a row first asks for them (and every student's before), never more."""

import pytest

from nnquiz.homework.grading import Arriving
from nnquiz.homework.roster import Student


def test_problems_are_taken_when_asked_and_no_more():
    made = iter(range(12))  # 4 students × 3 questions, in roster order
    students = [Student(f"s{k}", 0) for k in range(4)]
    arriving = Arriving(students, made, 3)
    assert arriving["s1"] == [3, 4, 5]
    assert list(arriving) == ["s0", "s1"]  # s0's were taken on the way
    assert arriving["s0"] == [0, 1, 2]
    rest = Arriving(students, iter(range(12)), 3)
    assert rest.complete() == {f"s{k}": [3 * k, 3 * k + 1, 3 * k + 2] for k in range(4)}


def test_a_student_not_in_the_class_is_a_key_error_after_taking_everything():
    made = iter(range(6))
    arriving = Arriving([Student("a", 0), Student("b", 0)], made, 3)
    with pytest.raises(KeyError):
        arriving["nobody"]
    assert next(made, None) is None and arriving.complete() == {"a": [0, 1, 2], "b": [3, 4, 5]}
