"""Backpropagation checked two independent ways: finite differences and sympy."""

import itertools

import numpy as np
import pytest
import sympy as sp

from nnquiz.nn import MLP, max_gradient_error

HIDDEN = ["identity", "relu", "sigmoid", "tanh"]
OUTPUT_LOSS = [
    ("sigmoid", "bce"),
    ("identity", "bce"),
    ("tanh", "bce"),
    ("softmax", "cross_entropy"),
    ("identity", "cross_entropy"),
    ("sigmoid", "cross_entropy"),
    ("identity", "mse"),
    ("sigmoid", "mse"),
    ("softmax", "mse"),
    ("tanh", "mse"),
    ("relu", "mse"),
]


def random_net(rng, sizes, acts):
    return MLP.build(
        [
            (rng.normal(size=(n_out, n_in)), rng.normal(size=n_out), a)
            for n_in, n_out, a in zip(sizes, sizes[1:], acts)
        ]
    )


def label(rng, loss, n):
    if loss == "cross_entropy":
        return int(rng.integers(0, n))
    if loss == "bce":
        return [int(v) for v in rng.integers(0, 2, size=n)]
    return rng.normal(size=n).tolist()


@pytest.mark.parametrize("hidden, out_loss", list(itertools.product(HIDDEN, OUTPUT_LOSS)))
def test_backprop_matches_finite_differences(hidden, out_loss):
    out, loss = out_loss
    rng = np.random.default_rng(abs(hash((hidden, out, loss))) % 2**32)
    for _ in range(5):
        net = random_net(rng, [3, 4, 3, 3], [hidden, hidden, out])
        x = rng.normal(size=3)
        assert max_gradient_error(net, x, label(rng, loss, 3), loss) < 1e-6


# ------------------------------------------------------------------- sympy


def sym_act(name, z):
    if name == "identity":
        return z
    if name == "relu":
        return [sp.Piecewise((v, v > 0), (0, True)) for v in z]
    if name == "sigmoid":
        return [1 / (1 + sp.exp(-v)) for v in z]
    if name == "tanh":
        return [sp.tanh(v) for v in z]
    if name == "softmax":
        e = [sp.exp(v) for v in z]
        s = sum(e)
        return [v / s for v in e]
    raise ValueError(name)


def sym_loss(loss, h, y, last):
    n = len(h)
    if loss == "cross_entropy":
        p = h if last == "softmax" else sym_act("softmax", h)
        return -sp.log(p[y])
    if loss == "bce":
        p = h if last == "sigmoid" else sym_act("sigmoid", h)
        return -sum(yi * sp.log(pi) + (1 - yi) * sp.log(1 - pi) for yi, pi in zip(y, p)) / n
    return sum((hi - yi) ** 2 for hi, yi in zip(h, y)) / n


# Every hidden activation and every output/loss pair, each at least twice (symbolic
# differentiation is slow, so not the full product).
SYMPY_CASES = list(zip(itertools.cycle(HIDDEN), OUTPUT_LOSS + OUTPUT_LOSS[::-1]))


@pytest.mark.parametrize("hidden, out_loss", SYMPY_CASES)
def test_backprop_matches_sympy(hidden, out_loss):
    out, loss = out_loss
    rng = np.random.default_rng(abs(hash(("sympy", hidden, out, loss))) % 2**32)
    sizes = [2, 2, 2]
    net = random_net(rng, sizes, [hidden, out])
    x = rng.normal(size=2)
    y = label(rng, loss, 2)
    Ws = [
        sp.Matrix(n_out, n_in, lambda i, j, k=k: sp.Symbol(f"w{k}_{i}{j}"))
        for k, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]))
    ]
    bs = [[sp.Symbol(f"b{k}_{i}") for i in range(n)] for k, n in enumerate(sizes[1:])]
    xs = [sp.Symbol(f"x{i}") for i in range(2)]
    h = xs
    acts = [hidden, out]
    for k in range(2):
        z = [sum(Ws[k][i, j] * h[j] for j in range(len(h))) + bs[k][i] for i in range(len(bs[k]))]
        h = sym_act(acts[k], z)
    L = sym_loss(loss, h, y, out)
    values = {xs[i]: x[i] for i in range(2)}
    for k, lay in enumerate(net.layers):
        values.update(
            {Ws[k][i, j]: lay.W[i, j] for i in range(lay.W.shape[0]) for j in range(lay.W.shape[1])}
        )
        values.update({bs[k][i]: lay.b[i] for i in range(len(lay.b))})
    trace = net.run(x, y, loss)
    assert float(L.subs(values)) == pytest.approx(trace.loss, rel=1e-10)
    for k, lay in enumerate(net.layers):
        for i in range(lay.W.shape[0]):
            for j in range(lay.W.shape[1]):
                d = float(sp.diff(L, Ws[k][i, j]).subs(values))
                assert d == pytest.approx(trace.dW[k][i, j], rel=1e-8, abs=1e-10)
            d = float(sp.diff(L, bs[k][i]).subs(values))
            assert d == pytest.approx(trace.db[k][i], rel=1e-8, abs=1e-10)
    for i in range(2):
        d = float(sp.diff(L, xs[i]).subs(values))
        assert d == pytest.approx(trace.dx[i], rel=1e-8, abs=1e-10)


def test_a_two_layer_relu_network_by_hand():
    # Worked on paper:
    # z2 = [[1, -2], [0, 3]] [1, 2] + [0, 1] = [-3, 7]; h2 = [0, 7]
    # z3 = [2, 1]·[0, 7] - 1 = 6; p = σ(6); y = 1, BCE: δ3 = p - 1
    # dW2 = δ3 h2ᵀ = [0, 7 δ3]; δ2 = W2ᵀ δ3 ⊙ relu'(z2) = [0, δ3]
    # dW1 = δ2 xᵀ = [[0, 0], [δ3, 2 δ3]]; dx = W1ᵀ δ2 = [0, 3 δ3]
    net = MLP.build([([[1, -2], [0, 3]], [0, 1], "relu"), ([[2, 1]], [-1], "sigmoid")])
    t = net.run([1, 2], 1, "bce")
    p = 1 / (1 + np.exp(-6))
    d3 = p - 1
    assert t.zs[0] == pytest.approx([-3, 7])
    assert t.hs[1] == pytest.approx([0, 7])
    assert t.loss == pytest.approx(-np.log(p))
    assert t.dW[1] == pytest.approx(np.array([[0, 7 * d3]]))
    assert t.dW[0] == pytest.approx(np.array([[0, 0], [d3, 2 * d3]]))
    assert t.db[0] == pytest.approx([0, d3])
    assert t.dx == pytest.approx([0, 3 * d3])


def test_one_gradient_step_moves_against_the_gradient():
    net = MLP.build([([[0.5, -0.5]], [0.1], "sigmoid")])
    t = net.run([1.0, 2.0], 1, "bce")
    new = net.step(t, 0.5)
    assert new.layers[0].W == pytest.approx(net.layers[0].W - 0.5 * t.dW[0])
    assert new.run([1.0, 2.0], 1, "bce").loss < t.loss
