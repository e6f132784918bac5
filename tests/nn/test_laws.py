"""Hypothesis laws of the reference network."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz import nn
from nnquiz.nn import MLP, max_gradient_error

finite = st.floats(-30, 30, allow_nan=False, allow_infinity=False)
logits = st.lists(finite, min_size=2, max_size=6)


@given(logits)
def test_softmax_sums_to_one_and_is_positive(z):
    p = nn.softmax(z)
    assert abs(p.sum() - 1) < 1e-12
    assert np.all(p >= 0)


@given(logits, finite)
def test_softmax_ignores_a_shift_of_all_logits(z, c):
    assert np.allclose(nn.softmax(z), nn.softmax(np.array(z) + c), atol=1e-12)


@given(logits, st.data())
def test_cross_entropy_is_non_negative(z, data):
    y = data.draw(st.integers(0, len(z) - 1))
    assert nn.cross_entropy_logits(z, y) >= 0


@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 1)), min_size=1, max_size=6))
def test_bce_is_non_negative_and_never_nan(pairs):
    p = [a for a, _ in pairs]
    y = [b for _, b in pairs]
    value = nn.bce(p, y)
    assert not np.isnan(value)
    assert value >= 0


@given(st.lists(finite, min_size=1, max_size=5), st.lists(finite, min_size=1, max_size=5))
def test_mse_is_non_negative(h, y):
    n = min(len(h), len(y))
    assert nn.mse(h[:n], y[:n]) >= 0


small = st.floats(-2, 2, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(small, min_size=6, max_size=6),
    st.lists(small, min_size=2, max_size=2),
    st.lists(small, min_size=2, max_size=2),
    st.sampled_from(["sigmoid", "tanh", "identity"]),
    st.sampled_from([("sigmoid", "bce", [1]), ("identity", "mse", [0.5]), ("tanh", "bce", [0])]),
)
def test_gradients_match_finite_differences(w, b, x, hidden, out):
    act, loss, y = out
    net = MLP.build([(np.reshape(w[:4], (2, 2)), b, hidden), ([w[4:6]], [0.1], act)])
    assert max_gradient_error(net, x, y, loss) < 1e-5
