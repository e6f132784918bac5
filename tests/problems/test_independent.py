"""Every network problem's answers, checked against a second implementation.

The network here is written from scratch in plain Python (the ``math`` module, no NumPy,
nothing of nnquiz's), straight from the definitions of docs/problems.md, and gradients come from
central finite differences of its loss, not from backpropagation. Generated problems of
every network family and difficulty, and user-written problems ``nnquiz solve`` works,
must agree with it: this catches a wrong entry picked, a transposed index, a layer
numbered off by one or a loss written from the wrong formula, which tests of
``nnquiz.nn`` alone cannot.
"""

from __future__ import annotations

import functools
import math
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nnquiz.problems import registry

FD_STEP = 1e-6
ASK = re.compile(
    r"^(?:(?P<word>output|loss|x_adv)|(?P<node>[zh])(?P<nl>\d+)|dL/d(?P<grad>[Wbz])(?P<gl>\d+)"
    r"|(?P<dx>dL/dx)|(?P<new>[Wb])(?P<wl>\d+)_new)(?:\[(?P<i>\d+)(?:,(?P<j>\d+))?\])?$"
)


# ---------------------------------------------------------------- the second network


def g(act: str, z: list[float]) -> list[float]:
    if act == "relu":
        return [max(v, 0.0) for v in z]
    if act == "sigmoid":
        return [1 / (1 + math.exp(-v)) for v in z]
    if act == "tanh":
        return [math.tanh(v) for v in z]
    if act == "step":
        return [1.0 if v > 0 else 0.0 for v in z]
    if act == "softmax":
        m = max(z)
        e = [math.exp(v - m) for v in z]
        return [v / sum(e) for v in e]
    assert act == "identity"
    return list(z)


def forward(layers, x) -> tuple[list[list[float]], list[list[float]]]:
    """(zs, hs): zs[K] and hs[K] are z and h of node layer K (hs[1] = x)."""
    zs, hs = {}, {1: [float(v) for v in x]}
    for k, lay in enumerate(layers):
        h = hs[k + 1]
        z = [sum(w * v for w, v in zip(row, h)) + b for row, b in zip(lay["W"], lay["b"])]
        zs[k + 2], hs[k + 2] = z, g(lay["activation"], z)
    return zs, hs


def loss(layers, x, y, kind: str) -> float:
    """docs/problems.md's losses of the network's output."""
    out = forward(layers, x)[1][len(layers) + 1]
    last = layers[-1]["activation"]
    if kind == "cross_entropy":
        p = out if last == "softmax" else g("softmax", out)
        return -math.log(p[int(y)])
    ys = [float(v) for v in y] if isinstance(y, list) else [float(y)] * len(out)
    if kind == "bce":
        p = out if last == "sigmoid" else g("sigmoid", out)
        return -sum(t * math.log(q) + (1 - t) * math.log(1 - q) for t, q in zip(ys, p)) / len(p)
    assert kind == "mse"
    return sum((q - t) ** 2 for q, t in zip(out, ys)) / len(out)


def copy(given_: dict) -> tuple[list[dict], list[float]]:
    layers = [
        {
            "W": [list(map(float, r)) for r in lay["W"]],
            "b": list(map(float, lay["b"])),
            "activation": lay["activation"],
        }
        for lay in given_["layers"]
    ]
    return layers, [float(v) for v in given_["x"]]


def fd(given_: dict, where) -> float:
    """∂L/∂(one number of the given), by central differences; ``where(layers, x)`` returns
    the list holding that number and its index."""
    values = []
    for sign in (1, -1):
        layers, x = copy(given_)
        holder, i = where(layers, x)
        holder[i] += sign * FD_STEP
        values.append(loss(layers, x, given_["y"], given_["loss"]))
    return (values[0] - values[1]) / (2 * FD_STEP)


def grad_W(given_, k: int) -> list[list[float]]:
    W = given_["layers"][k - 1]["W"]
    return [
        [fd(given_, lambda lay, x, i=i, j=j: (lay[k - 1]["W"][i], j)) for j in range(len(W[0]))]
        for i in range(len(W))
    ]


def grad_b(given_, k: int) -> list[float]:
    n = len(given_["layers"][k - 1]["b"])
    return [fd(given_, lambda lay, x, i=i: (lay[k - 1]["b"], i)) for i in range(n)]


def grad_x(given_) -> list[float]:
    return [fd(given_, lambda lay, x, i=i: (x, i)) for i in range(len(given_["x"]))]


def expected(given_: dict, ask: str):
    """The answer to ``ask``, worked by the second network and finite differences."""
    m = ASK.match(ask)
    assert m, ask
    layers, x = copy(given_)
    zs, hs = forward(layers, x)
    if m["word"] == "output":
        value = hs[len(layers) + 1]
    elif m["word"] == "loss":
        value = loss(layers, x, given_["y"], given_["loss"])
    elif m["word"] == "x_adv":
        eps = given_["epsilon"]
        value = [
            v + eps * (0 if abs(d) < 1e-7 else math.copysign(1, d))
            for v, d in zip(x, grad_x(given_))
        ]
    elif m["node"]:
        value = (zs if m["node"] == "z" else hs)[int(m["nl"])]
    elif m["dx"]:
        value = grad_x(given_)
    elif m["grad"]:
        k = int(m["gl"])
        # z of node layer K = W of layer K − 1 times h, plus its b: ∂L/∂z = ∂L/∂b there
        value = {"W": grad_W, "b": grad_b, "z": lambda gv, k: grad_b(gv, k - 1)}[m["grad"]](
            given_, k
        )
    else:
        k, lr = int(m["wl"]), given_["lr"]
        old = layers[k - 1][m["new"]]
        if m["new"] == "W":
            value = [[w - lr * d for w, d in zip(r, dr)] for r, dr in zip(old, grad_W(given_, k))]
        else:
            value = [b - lr * d for b, d in zip(old, grad_b(given_, k))]
    if m["i"] is not None:
        value = value[int(m["i"])]
        if m["j"] is not None:
            value = value[int(m["j"])]
    if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], list):
        value = value[0]  # a one-entry vector is a number (docs/problems.md)
    return value


def shape_and_flat(value) -> tuple[tuple[int, ...], list[float]]:
    if not isinstance(value, list):
        return (), [value]
    if value and isinstance(value[0], list):
        return (len(value), len(value[0])), [v for r in value for v in r]
    return (len(value),), list(value)


def agree(problem, expect=None, rel: float = 1e-5, abs_: float = 1e-7) -> None:
    """Every part's answer equals ``expect(given, ask)`` (default: the second network)."""
    expect = expect or expected
    for part in problem.parts:
        (shape, got), (want_shape, want) = map(
            shape_and_flat, (part.answer, expect(problem.given, part.asks))
        )
        where = (problem.id, part.asks, part.answer, want)
        assert shape == want_shape, where
        assert got == pytest.approx(want, rel=rel, abs=abs_), where


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("family", ["forward", "backprop", "fgsm", "sgd"])
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_generated_network_problems_agree_with_a_second_implementation(family, difficulty):
    for seed in range(60):
        agree(registry.generate(family, seed, difficulty))


def test_the_second_implementation_works_the_notes_softmax_example():
    # softmax of [2, 4, 0.5] ≈ [0.1161, 0.8580, 0.0259] (the notes' own example)
    assert g("softmax", [2, 4, 0.5]) == pytest.approx([0.1161, 0.8580, 0.0259], abs=1e-4)


SMALL = st.sampled_from([-2, -1.5, -1, -0.5, -0.3, 0.2, 0.5, 1, 1.5, 2])


@st.composite
def user_networks(draw):
    """What a student might ask ``nnquiz solve`` about: any activations and loss."""
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    loss_kind = draw(st.sampled_from(["bce", "cross_entropy", "mse"]))
    layers = []
    for k in range(len(sizes) - 1):
        last = k == len(sizes) - 2
        acts = ["relu", "sigmoid", "tanh", "identity", "step"] + (["softmax"] if last else [])
        layers.append(
            {
                "W": draw(
                    st.lists(
                        st.lists(SMALL, min_size=sizes[k], max_size=sizes[k]),
                        min_size=sizes[k + 1],
                        max_size=sizes[k + 1],
                    )
                ),
                "b": draw(st.lists(SMALL, min_size=sizes[k + 1], max_size=sizes[k + 1])),
                "activation": draw(st.sampled_from(acts)),
            }
        )
    n_out = sizes[-1]
    if loss_kind == "cross_entropy":
        assume(n_out >= 2)  # one class is no classification (solve refuses it)
        y = draw(st.integers(0, n_out - 1))
    elif loss_kind == "bce":
        y = draw(st.lists(st.sampled_from([0, 1]), min_size=n_out, max_size=n_out))
    else:
        y = draw(st.lists(SMALL, min_size=n_out, max_size=n_out))
    given_ = {
        "layers": layers,
        "x": draw(st.lists(SMALL, min_size=sizes[0], max_size=sizes[0])),
        "y": y,
        "loss": loss_kind,
    }
    n = len(layers)
    asks = ["output", "loss", "dL/dx"] + [f"dL/dW{k}" for k in range(1, n + 1)]
    asks += [f"dL/db{k}" for k in range(1, n + 1)] + [f"z{k}" for k in range(2, n + 2)]
    asks += [f"dL/dz{k}" for k in range(2, n + 2)]
    return given_, asks


@settings(max_examples=150, deadline=None)
@given(user_networks())
def test_solved_user_networks_agree_with_a_second_implementation(net):
    given_, asks = net
    layers, x = copy(given_)
    zs, hs = forward(layers, x)
    # finite differences are wrong across a kink: keep ReLU and step inputs clear of 0
    for k, lay in enumerate(layers):
        if lay["activation"] in ("relu", "step"):
            assume(all(abs(v) > 1e-3 for v in zs[k + 2]))
    out = hs[len(layers) + 1]
    # near a probability of 0 or 1 the loss is too steep for finite differences
    if given_["loss"] == "bce":
        p = out if layers[-1]["activation"] == "sigmoid" else g("sigmoid", out)
        assume(all(1e-3 < q < 1 - 1e-3 for q in p))
    if given_["loss"] == "cross_entropy":
        p = out if layers[-1]["activation"] == "softmax" else g("softmax", out)
        assume(p[given_["y"]] > 1e-3)
    agree(registry.solve("backprop", given_, asks))


# ---------------------------------------------------------------- softmax, CE and BCE


def _fd_list(f, values: list[float]) -> list[float]:
    out = []
    for i in range(len(values)):
        up, down = list(values), list(values)
        up[i] += FD_STEP
        down[i] -= FD_STEP
        out.append((f(up) - f(down)) / (2 * FD_STEP))
    return out


def _ce(logits, y) -> float:
    return -math.log(g("softmax", logits)[y])


def _bce(p, y) -> float:
    return -sum(t * math.log(q) + (1 - t) * math.log(1 - q) for t, q in zip(y, p)) / len(p)


def expected_plain(given_: dict, ask: str):
    if ask == "softmax":
        return g("softmax", [float(v) for v in given_["logits"]])
    if "logits" in given_:
        logits, y = [float(v) for v in given_["logits"]], given_["y"]
        if ask == "loss":
            return _ce(logits, y)
        assert ask == "dL/dlogits", ask
        return _fd_list(lambda z: _ce(z, y), logits)
    p, y = [float(v) for v in given_["p"]], given_["y"]
    if ask == "loss":
        return _bce(p, y)
    assert ask == "dL/dp", ask
    return _fd_list(lambda q: _bce(q, y), p)


@pytest.mark.parametrize("family", ["softmax", "cross_entropy", "bce"])
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_generated_softmax_and_loss_problems_agree_with_the_formulas(family, difficulty):
    for seed in range(100):
        agree(registry.generate(family, seed, difficulty), expected_plain)


# ---------------------------------------------------------------- the other families


def _sig(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _entry(value, index: str | None):
    if index is None:
        return value
    for i in index.split(","):
        value = value[int(i)]
    return value


def _separable(points, labels) -> bool:
    """Strictly separable by a line: tested along one direction inside each arc of
    directions between two critical ones (normal to some p_i − p_j), where the order of
    the projections cannot change, so the test is exact."""
    crit = sorted(
        {
            math.atan2(qx - px, -(qy - py)) % math.pi
            for (px, py) in points
            for (qx, qy) in points
            if (px, py) != (qx, qy)
        }
    ) or [0.0]
    mids = [(a + b) / 2 for a, b in zip(crit, crit[1:])] + [(crit[-1] + crit[0] + math.pi) / 2]
    for angle in mids:
        d = (math.cos(angle), math.sin(angle))
        pos = [d[0] * x + d[1] * y for (x, y), t in zip(points, labels) if t == 1]
        neg = [d[0] * x + d[1] * y for (x, y), t in zip(points, labels) if t == -1]
        if max(pos) < min(neg) or max(neg) < min(pos):
            return True
    return False


def expected_other(family: str, gv: dict, ask: str):
    m = re.match(r"^([^\[]+)(?:\[([\d,]+)\])?$", ask)
    name, index = m[1], m[2]
    if family == "perceptron":
        lr = gv.get("lr", 1)
        score = sum(t * x for t, x in zip(gv["theta"], gv["x"])) + gv.get("b", 0)
        wrong = gv["y"] * score <= 0
        value = {
            "score": score,
            "theta_new": [
                t + lr * gv["y"] * x if wrong else t for t, x in zip(gv["theta"], gv["x"])
            ],
            "b_new": gv.get("b", 0) + (lr * gv["y"] if wrong else 0),
        }[name]
    elif family == "separable":
        if name == "errors":
            value = sum(
                t * (gv["theta"][0] * x + gv["theta"][1] * y + gv["b"]) <= 0
                for (x, y), t in zip(gv["points"], gv["labels"])
            )
        else:
            value = int(_separable(gv["points"], gv["labels"]))
    elif family == "neuron":
        z = sum(w * x for w, x in zip(gv["w"], gv["x"])) + gv.get("w0", 0)
        value = z if name == "z" else g(gv["activation"], [z])[0]
    elif family == "activation_derivative":
        zs = gv["z"] if isinstance(gv["z"], list) else [gv["z"]]
        ups = gv.get("upstream")
        ups = (ups if isinstance(ups, list) else [ups]) if ups is not None else [None] * len(zs)
        act = gv["activation"]
        f = lambda v: g(act, [v])[0]  # noqa: E731
        out = []
        for z, up in zip(zs, ups):
            d = (f(z + FD_STEP) - f(z - FD_STEP)) / (2 * FD_STEP)
            out.append({"h": f(z), "dh/dz": d, "dL/dz": None if up is None else up * d}[name])
        value = out if isinstance(gv["z"], list) else out[0]
    elif family == "count_params":
        n = gv["sizes"]
        layer_w = [a * b for a, b in zip(n, n[1:])]
        layer_p = [(a + 1) * b for a, b in zip(n, n[1:])]
        value = {
            "weights": sum(layer_w),
            "biases": sum(n[1:]),
            "params": sum(layer_p),
            "layer_weights": layer_w,
            "layer_params": layer_p,
        }[name]
    elif family == "regularization":
        lam, w = gv["lambda"], gv["w"]
        l2 = gv["penalty"] == "l2"
        penalty = lam * sum(v * v if l2 else abs(v) for v in w)
        data_grad = gv.get("data_grad", [0] * len(w))
        # J by finite differences, except L1 at 0 where nnquiz's subgradient is 0
        grad = [
            dg + (2 * lam * v if l2 else (0 if v == 0 else math.copysign(lam, v)))
            for v, dg in zip(w, data_grad)
        ]
        value = {
            "penalty": penalty,
            "loss": gv.get("data_loss", 0) + penalty,
            "dL/dw": grad,
            "w_new": [v - gv.get("lr", 0) * d for v, d in zip(w, grad)],
        }[name]
    elif family == "lr_schedule":

        def rate(t):
            if gv["schedule"] == "step":
                return gv["lr0"] * gv["factor"] ** (t // gv["every"])
            if gv["schedule"] == "inverse":
                return gv["lr0"] / (1 + gv["k"] * t)
            return gv["lr0"] * math.exp(-gv["k"] * t)

        if name == "lr":
            value = rate(gv["t"])
        else:
            value = next(t for t in range(10**6) if rate(t) < gv["threshold"])
    elif family == "dropout":
        W, h, mask, p = gv["W"], gv["h"], gv["mask"], gv["p_keep"]
        b = gv.get("b", [0] * len(W))
        if name == "z_train":
            value = [sum(w * v * k for w, v, k in zip(r, h, mask)) + c for r, c in zip(W, b)]
        else:
            value = [sum(p * w * v for w, v in zip(r, h)) + c for r, c in zip(W, b)]
    elif family == "early_stopping":
        best, best_epoch, waited, stop = math.inf, 0, 0, len(gv["val"])
        for epoch, v in enumerate(gv["val"], 1):
            if v < best:
                best, best_epoch, waited = v, epoch, 0
            else:
                waited += 1
                if waited == gv["patience"]:
                    stop = epoch
                    break
        value = {"stop_epoch": stop, "best_epoch": best_epoch}[name]
    else:
        assert family == "vanishing"
        up = gv.get("upstream", 1)
        if name == "bound":
            value = 0.25 ** gv["depth"]
        elif name == "relu_bound":
            value = 1
        else:
            sig_d = [_sig(z) * (1 - _sig(z)) for z in gv["z"]]
            value = {
                "product": math.prod(sig_d),
                "dL/dx": up * math.prod(w * d for w, d in zip(gv["w"], sig_d)),
                "dL/dx_relu": up * math.prod(w * (z > 0) for w, z in zip(gv["w"], gv["z"])),
            }[name]
    value = _entry(value, index)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


@pytest.mark.parametrize(
    "family",
    [
        "perceptron",
        "separable",
        "neuron",
        "activation_derivative",
        "count_params",
        "regularization",
        "lr_schedule",
        "dropout",
        "early_stopping",
        "vanishing",
    ],
)
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_the_other_families_agree_with_their_definitions(family, difficulty):
    for seed in range(100):
        problem = registry.generate(family, seed, difficulty, render=False)
        expect = functools.partial(expected_other, family)
        agree(problem, expect, rel=1e-6, abs_=1e-9)
