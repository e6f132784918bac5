"""Every family, every difficulty, 300 seeds: the shared self-test (selfcheck.py)."""

import pytest

from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES

from .selfcheck import check

SEEDS = 300
CASES = [(f, d) for f in registry.ids() for d in DIFFICULTIES]


@pytest.mark.parametrize("family, difficulty", CASES)
def test_family_self_test(family, difficulty):
    fam = registry.get(family)
    assert len(fam.title) > 0 and fam.topic
    for seed in range(SEEDS):
        problem = registry.generate(family, seed, difficulty)
        assert problem.family == family and problem.difficulty == difficulty
        assert problem.id.startswith(family + ":") and problem.id.endswith(f":{seed}")
        check(problem, reproduce=seed % 25 == 0)


def test_a_family_declares_at_least_two_mistakes_across_its_variants():
    for family in registry.ids():
        seen = set()
        for d in DIFFICULTIES:
            for seed in range(20):
                seen |= {m.id for m in registry.generate(family, seed, d).mistakes}
        assert len(seen) >= 2, (family, seen)
