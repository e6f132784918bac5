"""A problem made for grading (``render=False``) writes no statement or solution: every
family leaves its text to a lazy ``rendered`` (softmax, cross_entropy and bce wrote theirs
for every variant drawn, redrawn ones and grading's included)."""

from __future__ import annotations

import pytest

from nnquiz.problems import family, registry
from nnquiz.problems.model import DIFFICULTIES


@pytest.mark.parametrize("family_id", registry.ids())
def test_grading_writes_no_solution(family_id, monkeypatch):
    def written(*args, **kwargs):
        raise AssertionError(f"{family_id}: a statement or solution was written")

    monkeypatch.setattr(family.Rendered, "__init__", written)
    for difficulty in DIFFICULTIES:
        for seed in range(6):
            p = registry.generate(family_id, seed, difficulty, render=False)
            assert p.parts and not p.rendered
