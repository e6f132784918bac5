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


# ---------------------------------------------------------------- draws.batch

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

GRIDS = [(-2, 2, 0.5), (-1, 1, 0.1), (-2, 2, 1), (0.1, 0.9, 0.1), (0, 0, 1)]


def _one_by_one(rng, spec):
    """What the single-draw helpers give for a spec (the way families drew before)."""
    if isinstance(spec, draws.Grid):
        return draws.grid(rng, spec.lo, spec.hi, spec.step, spec.size, spec.nonzero)
    if isinstance(spec, draws.Matrix):
        return draws.matrix(rng, spec.rows, spec.cols, spec.lo, spec.hi, spec.step, spec.nonzero)
    if isinstance(spec, draws.Choice):
        return draws.choice(rng, spec.options)
    return draws.indices(rng, spec.n, spec.size)


specs = st.one_of(
    st.builds(
        lambda g, size, nz: draws.Grid(*g, size=size, nonzero=nz and g[0] != g[1]),
        st.sampled_from(GRIDS),
        st.none() | st.integers(1, 4),
        st.booleans(),
    ),
    st.builds(
        lambda r, c, g: draws.Matrix(r, c, *g),
        st.integers(1, 3),
        st.integers(1, 4),
        st.sampled_from([g for g in GRIDS if g[0] != g[1]]),
    ),
    st.builds(lambda k: draws.Choice(tuple(range(k))), st.integers(1, 7)),
    st.builds(draws.Indices, st.integers(1, 5), st.integers(1, 3)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(specs, min_size=1, max_size=8), st.integers(0, 2**63 - 1))
def test_batch_draws_the_values_and_state_of_one_draw_at_a_time(spec_list, seed):
    # Families draw with draws.batch; their ids must keep the problems they always had.
    batched, single = np.random.default_rng(seed), np.random.default_rng(seed)
    planned = np.random.default_rng(seed)
    expected = [_one_by_one(single, s) for s in spec_list]
    assert draws.batch(batched, *spec_list) == expected
    assert draws.Batch(*spec_list).draw(planned) == expected  # a family's fixed specs
    assert batched.bit_generator.state == single.bit_generator.state
    assert planned.bit_generator.state == single.bit_generator.state
    assert batched.random() == single.random()


def test_a_batch_keeps_whole_numbers_ints_like_grid():
    W, b = draws.batch(np.random.default_rng(1), draws.Matrix(2, 2, -2, 2, 1), draws.Grid(-2, 2, 1))
    assert all(isinstance(v, int) for row in W for v in row) and isinstance(b, int)
