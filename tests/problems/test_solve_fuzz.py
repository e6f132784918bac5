"""``nnquiz solve`` takes numbers people write: any values its validation lets through
give a problem whose answers are finite and whose JSON is valid, or a GivenError that
names the field. Never another exception, never Infinity or NaN in the output."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnquiz.problems import registry
from nnquiz.problems.family import GivenError

# values a person might type, from the ordinary to the extreme validation allows
NUMBERS = st.one_of(
    st.sampled_from([0, 1, -1, 0.1, 0.2, -0.3, 0.5, 1e-9, -1e-9, 50, -50, 1e6, -1e6]),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
)


KEEP = ("y", "labels", "mask", "activation", "loss")  # labels and switches, not numbers


def _numbers(value, replace):
    """``value`` with each number (not a bool, not a class index) swapped by ``replace``."""
    if isinstance(value, list):
        return [_numbers(v, replace) for v in value]
    if isinstance(value, dict):
        return {k: v if k in KEEP else _numbers(v, replace) for k, v in value.items()}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return replace(value)
    return value


@pytest.mark.parametrize("family", registry.ids())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    swaps=st.lists(st.tuples(st.booleans(), NUMBERS), min_size=1, max_size=64),
)
def test_solve_gives_finite_answers_or_a_clear_error(family, seed, swaps):
    drawn = registry.generate(family, seed, "hard", render=False)
    pool = iter(swaps * 64)

    def replace(v):
        swap, new = next(pool)
        return new if swap else v

    data = _numbers(drawn.given, replace)
    asks = [p.asks for p in drawn.parts]
    try:
        problem = registry.solve(family, data, asks)
    except GivenError as e:
        assert str(e) and "\n" not in str(e)
        return
    text = json.dumps(problem.to_dict(), allow_nan=False)  # raises on Infinity or NaN
    assert json.loads(text)["id"] == f"{family}:custom"
