"""Activations and losses against hand-worked values and their definitions."""

import math

import numpy as np
import pytest

from nnquiz import nn
from nnquiz.nn import activations, losses


def test_softmax_of_the_notes_example():
    # The notes' example: logits [2, 4, 0.5].
    p = nn.softmax([2, 4, 0.5])
    assert p == pytest.approx([0.1161, 0.8580, 0.0259], abs=5e-5)
    denom = math.exp(2) + math.exp(4) + math.exp(0.5)
    assert p == pytest.approx([math.exp(2) / denom, math.exp(4) / denom, math.exp(0.5) / denom])


def test_softmax_is_stable_for_huge_logits():
    p = nn.softmax([1000.0, 1000.0, -1000.0])
    assert np.all(np.isfinite(p))
    assert p == pytest.approx([0.5, 0.5, 0.0])
    assert nn.cross_entropy_logits([1000.0, 0.0], 1) == pytest.approx(1000.0)


def test_cross_entropy_of_the_notes_example_is_minus_ln_of_true_class():
    # True class 2 (0-based 1): L = -ln 0.85798 = 0.15318.
    assert nn.cross_entropy(nn.softmax([2, 4, 0.5]), 1) == pytest.approx(0.153178, abs=1e-6)
    assert nn.cross_entropy_logits([2, 4, 0.5], 1) == pytest.approx(0.153178, abs=1e-6)


def test_bce_has_its_minus_sign_and_averages():
    # The notes drop the minus; the loss must be positive.
    p, y = [0.9, 0.3, 0.8], [1, 1, 0]
    expected = -(math.log(0.9) + math.log(0.3) + math.log(0.2)) / 3
    assert nn.bce(p, y) == pytest.approx(expected)
    assert nn.bce(p, y) > 0


def test_bce_has_no_nan_where_the_label_makes_the_term_vanish():
    # 0·ln 0 = 0: p = 1 with y = 1 and p = 0 with y = 0 cost nothing.
    assert nn.bce([1.0, 0.0], [1, 0]) == 0.0
    assert nn.bce([1.0, 0.3], [1, 1]) == pytest.approx(-math.log(0.3) / 2)
    assert math.isinf(nn.bce([0.0], [1]))


def test_bce_from_logits_matches_probabilities_and_survives_extremes():
    z = np.array([-2.0, 0.5, 3.0])
    y = np.array([0, 1, 1])
    assert nn.bce_logits(z, y) == pytest.approx(nn.bce(nn.sigmoid(z), y))
    assert nn.bce_logits([800.0], [1]) == pytest.approx(0.0)
    assert nn.bce_logits([-800.0], [1]) == pytest.approx(800.0)


def test_mse_is_the_mean_of_squares():
    assert nn.mse([1.0, 2.0], [0.0, 0.0]) == pytest.approx(2.5)


@pytest.mark.parametrize(
    "name, z, h, dh",
    [
        ("identity", [-1.5, 2.0], [-1.5, 2.0], [1, 1]),
        ("relu", [-1.5, 2.0], [0, 2.0], [0, 1]),
        ("step", [-1.5, 2.0], [0, 1], [0, 0]),
        ("sigmoid", [0.0, math.log(3)], [0.5, 0.75], [0.25, 0.1875]),
        ("tanh", [0.0, math.atanh(0.5)], [0.0, 0.5], [1.0, 0.75]),
    ],
)
def test_activation_values_and_derivatives_by_hand(name, z, h, dh):
    g = activations.get(name)
    out = g(np.array(z))
    assert out == pytest.approx(h)
    assert g.derivative(np.array(z), out) == pytest.approx(dh)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert nn.sigmoid(np.array([-1000.0, 1000.0])) == pytest.approx([0.0, 1.0])


def test_softmax_jacobian_by_hand():
    g = activations.get("softmax")
    z = np.array([0.2, -0.4, 1.0])
    p = nn.softmax(z)
    assert g.jacobian(z) == pytest.approx(np.diag(p) - np.outer(p, p))


def test_unknown_names_are_refused_with_the_known_ones():
    with pytest.raises(KeyError, match="known"):
        activations.get("swish")
    with pytest.raises(KeyError, match="known"):
        losses.get("hinge")


def test_fgsm_uses_sign_with_sign_zero_zero():
    x = np.array([1.0, 2.0, 3.0])
    assert nn.fgsm(x, np.array([0.3, -2.0, 0.0]), 0.1) == pytest.approx([1.1, 1.9, 3.0])


# ---------------------------------------------------------------- zero up to rounding


def test_a_pre_activation_that_is_zero_up_to_rounding_is_zero_at_a_kink():
    """0.1·1 + 0.2·1 − 0.3 is 5.6e-17 in binary; ReLU and step must see 0."""
    from nnquiz.nn import MLP

    for act in ("relu", "step"):
        net = MLP.build([([[0.1, 0.2]], [-0.3], act), ([[1.0]], [0.0], "sigmoid")])
        t = net.run([1.0, 1.0], 1, "bce")
        assert t.zs[0].tolist() == [0.0] and t.hs[1].tolist() == [0.0]
        assert t.dW[0].tolist() == [[0.0, 0.0]]  # ReLU'(0) = 0: no gradient flows back
    # the sigmoid layer keeps its value (no kink there), and so does a genuinely tiny z
    assert MLP.build([([[0.1, 0.2]], [-0.3], "sigmoid")]).forward([1.0, 1.0]).zs[0][0] != 0
    tiny = MLP.build([([[1e-13]], [0.0], "relu")]).forward([1.0])
    assert tiny.zs[0].tolist() == [1e-13] and tiny.hs[1].tolist() == [1e-13]


def test_exact_zeros_is_relative_to_the_terms():
    from nnquiz.nn.mlp import exact_zeros

    z = np.array([5.55e-17, 1e-13, -3e-16, 0.25])
    scale = np.array([0.6, 1e-13, 3.0, 1.0])
    assert exact_zeros(z, scale).tolist() == [0.0, 1e-13, 0.0, 0.25]
