"""The reference network's cheaper paths give the very bits of the general ones: every
generated problem stays the same (benchmarks/same_output.py checks the problems)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.nn.activations import sigmoid
from nnquiz.nn.mlp import _outer

values = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 1e-300])
vectors = st.lists(values, min_size=1, max_size=5)
one_sign = st.lists(st.floats(0, 800), min_size=1, max_size=5)


def two_branches(z) -> np.ndarray:
    """sigmoid as written before its one-sign paths: both branches, then where."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    d = 1.0 + e
    return np.where(z >= 0.0, 1.0 / d, e / d)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@settings(max_examples=400)
@given(vectors)
def test_sigmoid_of_any_vector_is_the_two_branch_formula(z):
    assert same_bits(sigmoid(np.array(z)), two_branches(z))


@settings(max_examples=300)
@given(one_sign, st.booleans())
def test_sigmoid_of_a_vector_of_one_sign_is_the_two_branch_formula(z, negative):
    z = -np.array(z) if negative else np.array(z)
    assert same_bits(sigmoid(z), two_branches(z))


def test_sigmoid_of_a_number_or_a_matrix_keeps_the_general_path():
    for z in (np.float64(-1.5), 0.5, np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([])):
        assert same_bits(np.asarray(sigmoid(z)), np.asarray(two_branches(z)))


@settings(max_examples=300)
@given(vectors, vectors)
def test_outer_is_numpys_outer_product(u, v):
    u, v = np.array(u), np.array(v)
    with np.errstate(all="ignore"):  # inf · 0
        got, want = _outer(u, v), np.multiply.outer(u, v)
    assert same_bits(got, want)
    assert got.flags.c_contiguous


def test_forward_from_reuses_the_same_layers_values_bit_for_bit():
    from nnquiz.nn import MLP, Layer, activations

    rng = np.random.default_rng(4)
    right = MLP.build(
        [
            (rng.normal(size=(3, 2)), rng.normal(size=3), "relu"),
            (rng.normal(size=(3, 3)), rng.normal(size=3), "tanh"),
            (rng.normal(size=(1, 3)), rng.normal(size=1), "sigmoid"),
        ]
    )
    x = rng.normal(size=2)
    exact = right.forward(x)
    for k in range(4):  # the first k layers kept, the others' activation swapped
        swapped = tuple(
            lay if i < k else Layer(lay.W, lay.b, activations.get("identity"))
            for i, lay in enumerate(right.layers)
        )
        net = MLP(swapped)
        fresh, reused = net.forward(x), net.forward_from(exact, k)
        for a, b in zip(fresh.hs + fresh.zs, reused.hs + reused.zs, strict=True):
            assert a.tobytes() == b.tobytes()
