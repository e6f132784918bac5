"""Drawing from grids: the numbers a seed gives never change."""

import numpy as np
import pytest

from nnquiz.problems import draws


@pytest.mark.parametrize("n, size", [(2, 2), (3, 2), (5, 2), (8, 4), (11, 9), (21, 3)])
def test_draws_one_at_a_time_take_the_values_of_one_sized_draw(n, size):
    # draws.grid relies on this: ids made with either way give the same problems.
    for seed in range(200):
        one_by_one, sized = np.random.default_rng(seed), np.random.default_rng(seed)
        got = [int(one_by_one.integers(0, n)) for _ in range(size)]
        assert got == sized.integers(0, n, size=size).tolist()
        assert one_by_one.random() == sized.random()  # and leave the stream in step


def test_grid_values_are_short_decimals_from_the_grid():
    rng = np.random.default_rng(3)
    values = draws.grid(rng, -2, 2, 0.5, size=50, nonzero=True)
    assert set(values) <= {-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2}
    assert all(isinstance(v, int) for v in values if v == int(v))
