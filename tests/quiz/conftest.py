"""A small assignment that holds every kind of answer, made once for the quiz tests:
a number (bce), a vector (softmax), a matrix with other parts (backprop), whole numbers
graded exactly (count_params), tiny answers with abs = 1e-9 (lr_schedule) and new
weights graded to 0.1 % (sgd)."""

from __future__ import annotations

import pytest

from nnquiz.homework.assignment import parse_assignment
from nnquiz.quiz.variants import make_quiz

ASSIGNMENT = """
title = "HW 9: quiz/test"
secret = "quiz-tests-secret"

[[questions]]
family = "bce"
difficulty = "medium"
points = 2

[[questions]]
family = "softmax"
difficulty = "easy"

[[questions]]
family = "backprop"
points = 10

[[questions]]
family = "count_params"
difficulty = "easy"

[[questions]]
family = "lr_schedule"
difficulty = "easy"

[[questions]]
family = "sgd"
difficulty = "easy"
"""

VARIANTS = 3


@pytest.fixture(scope="session")
def plan():
    return parse_assignment(ASSIGNMENT, "hw9.toml")


@pytest.fixture(scope="session")
def questions(plan):
    return make_quiz(plan, VARIANTS)


@pytest.fixture(scope="session")
def assignment_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("quiz") / "hw9.toml"
    path.write_text(ASSIGNMENT, encoding="utf-8")
    return path
