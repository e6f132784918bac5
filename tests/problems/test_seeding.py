"""seeding.default_rng gives the generator numpy.random.default_rng gives: same state,
same stream, for every seed a problem id can carry and beyond."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.problems import seeding
from nnquiz.problems.registry import MAX_SEED


def same_generator(seed) -> None:
    ours, numpy = seeding.default_rng(seed), np.random.default_rng(seed)
    assert ours.bit_generator.state == numpy.bit_generator.state
    assert (
        ours.integers(0, [3, 9, 1000, 2**40]).tolist()
        == numpy.integers(0, [3, 9, 1000, 2**40]).tolist()
    )
    assert ours.random() == numpy.random()


def test_edge_seeds():
    for seed in (0, 1, 2, 2**31, 2**32 - 1, 2**32, 2**33 + 5, MAX_SEED, 2**64, 2**128 + 3):
        same_generator(seed)


@settings(max_examples=500)
@given(st.integers(min_value=0, max_value=2**200))
def test_any_seed(seed):
    same_generator(seed)


def test_every_small_seed():
    for seed in range(3000):
        words = np.random.SeedSequence(seed).generate_state(4, np.uint64)
        assert seeding.state_words(seed).tolist() == words.tolist()


def test_other_seeds_go_to_numpy():
    assert seeding.default_rng(np.int64(7)).bit_generator.state == (
        np.random.default_rng(7).bit_generator.state
    )
    try:
        seeding.default_rng(-1)
    except ValueError as e:
        assert "negative" in str(e) or "non-negative" in str(e) or "must be" in str(e)
    else:
        raise AssertionError("a negative seed was accepted")
