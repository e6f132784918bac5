"""Every declared mistake's number is what its message describes (issue 16).

For each family, over many seeds and every difficulty, each mistake a problem declares is
worked again here from its message: the student's slip written out in NumPy in this
file, from the problem's given (never with nnquiz's code). The declared wrong answer of
every part must be that number. A mistake this file does not know fails the test, so a
new mistake comes with its own check.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES

SEEDS = 30
ENTRY = re.compile(r"^(?P<name>.+?)(?:\[(?P<i>\d+)(?:,\s*(?P<j>\d+))?\])?$")


def sig(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def pick(value, ask: str, aliases=None):
    """The entry an ask names (``name``, ``name[i]``, ``name[i,j]``) of a whole value."""
    m = ENTRY.match(ask)
    v = np.asarray(value, dtype=float)
    if m["i"] is not None:
        v = v[int(m["i"])]
        if m["j"] is not None:
            v = v[int(m["j"])]
    return v


def name_of(ask: str) -> str:
    return ENTRY.match(ask)["name"]


# ---------------------------------------------------------------- plain families


def perceptron(g):
    th, x, y = np.array(g["theta"], float), np.array(g["x"], float), float(g["y"])
    b, lr = float(g.get("b", 0)), float(g.get("lr", 1))
    score = th @ x + b

    def update(dtheta, db):
        return {"theta_new": th + dtheta, "b_new": b + db}

    out = {
        "subtract": update(-lr * y * x, -lr * y),  # θ − ηyx, b − ηy
        "no_label": update(lr * x, lr),  # θ + ηx: the label left out
        "no_offset_update": {"b_new": b},
        "no_offset": {"score": th @ x},  # the score without b
        "no_update": {"theta_new": th, "b_new": b},
        "no_lr": update(y * x, y),  # η left out
    }
    for i in range(len(th)):  # entry i of θ left as it was
        moved = th + lr * y * x
        moved[i] = th[i]
        out[f"not_updated_{i + 1}"] = {"theta_new": moved}
    assert score is not None
    return out


def separable(g, p):
    pts, lab = np.array(g["points"], float), np.array(g["labels"], float)
    th, b = np.array(g.get("theta", [0, 0]), float), float(g.get("b", 0))
    margin = lab * (pts @ th + b)
    errors = float(np.sum(margin <= 0))
    right = {q.asks: q.answer for q in p.parts}
    out = {
        "boundary_correct": {"errors": float(np.sum(margin < 0))},  # on the line: right
        "counted_correct": {"errors": len(lab) - errors},  # the right ones counted
        "no_offset": {"errors": float(np.sum(lab * (pts @ th) <= 0))},  # θ·x without b
    }
    if right.get("separable") == 1:  # the verdict itself is checked by test_geometry
        out["one_line"] = {"separable": 0.0}  # one failing line taken for every line
    if right.get("separable") == 0:
        out["always_separable"] = {"separable": 1.0}
    return out


G = {
    "sigmoid": sig,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(0.0, z),
    "step": lambda z: (np.asarray(z) > 0).astype(float),
    "identity": lambda z: np.asarray(z, dtype=float),
}


def neuron(g):
    w, x, w0 = np.array(g["w"], float), np.array(g["x"], float), float(g.get("w0", 0))
    act = g["activation"]
    z = w @ x + w0
    out = {
        "no_bias": {"z": w @ x, "h": G[act](w @ x)},
        "no_activation": {"h": z},
        "swapped_weights": {"z": w @ x[::-1] + w0, "h": G[act](w @ x[::-1] + w0)},
        "sigmoid_sign": {"h": sig(-z)},
        "step_sign": {"h": 1.0 if z > 0 else -1.0},  # the sign function
        "tanh_as_sigmoid": {"h": sig(z)},
    }
    return out


def derivative(act, z, h):
    return {"sigmoid": h * (1 - h), "tanh": 1 - h**2, "relu": (z > 0).astype(float)}[act]


def activation_derivative(g):
    act = g["activation"]
    z = np.atleast_1d(np.array(g["z"], float))
    u = np.atleast_1d(np.array(g.get("upstream", 1), float)) * np.ones_like(z)
    h = G[act](z)
    d = derivative(act, z, h)
    out = {
        "value_not_derivative": {"dh/dz": h, "dL/dz": u * h},  # g(z) for g′(z)
        "no_upstream": {"dL/dz": d},  # ∂L/∂h left out
        "sigmoid_sign": {"h": sig(-z)},
        "relu_slope_everywhere": {"dh/dz": np.ones_like(z), "dL/dz": u},
        "no_max": {"h": z},  # ReLU(z) taken as z
        "tanh_as_sigmoid": {"h": sig(z)},
    }
    if act == "sigmoid":
        dz = z * (1 - z)  # the rule on z
        dh = sig(h) * (1 - sig(h))  # σ′ at h
    else:
        dz = 1 - z**2
        dh = 1 - np.tanh(h) ** 2
    out["derivative_with_z"] = {"dh/dz": dz, "dL/dz": u * dz}
    out["derivative_at_h"] = {"dh/dz": dh, "dL/dz": u * dh}
    out["tanh_no_square"] = {"dh/dz": 1 - h, "dL/dz": u * (1 - h)}
    return out


def softmax_like(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def softmax_mistakes(z):
    with np.errstate(divide="ignore", invalid="ignore"):
        return _softmax_mistakes(z)


def _softmax_mistakes(z):
    return {
        "no_exp": {"softmax": z / z.sum()},  # z / Σz
        "sigmoid_each": {"softmax": sig(z)},
        "not_normalised": {"softmax": np.exp(z)},  # e^z not divided by the sum
    }


def softmax(g):
    return softmax_mistakes(np.array(g["logits"], float))


def cross_entropy(g):
    z, y = np.array(g["logits"], float), int(g["y"])
    p = softmax_like(z)
    onehot = np.eye(len(z))[y]
    out = softmax_mistakes(z)
    out |= {
        "log10": {"loss": -math.log10(p[y])},
        "no_minus": {"loss": math.log(p[y])},
        "wrong_class": {"loss": -math.log(p[int(np.argmax(p))])},  # the likeliest class
        "no_one_hot": {"dL/dlogits": p},
        "gradient_sign": {"dL/dlogits": onehot - p},
    }
    return out


def bce(g):
    p = np.atleast_1d(np.array(g["p"], float))
    y = np.atleast_1d(np.array(g["y"], float))
    n = len(p)

    def loss(yy, log=np.log):
        return -np.mean(yy * log(p) + (1 - yy) * log(1 - p))

    def grad(yy):
        return -(yy / p - (1 - yy) / (1 - p)) / n

    return {
        "no_minus": {"loss": -loss(y)},
        "log10": {"loss": loss(y, np.log10)},
        "no_mean": {"loss": loss(y) * n, "dL/dp": grad(y) * n},  # summed, not averaged
        "swapped_labels": {"loss": loss(1 - y), "dL/dp": grad(1 - y)},  # the terms swapped
    }


def count_params(g):
    n = np.array(g["sizes"], float)
    w = n[:-1] * n[1:]

    def with_biases(b):
        return {"biases": b.sum(), "params": (w + b).sum(), "layer_params": w + b}

    return {
        "no_bias": with_biases(0 * n[1:]),
        "bias_per_layer": with_biases(np.ones(len(w))),  # one bias per layer
        "bias_first_layer_only": with_biases(np.r_[n[1], np.zeros(len(w) - 1)]),
        # (n_k + 1)(n_{k+1} + 1): the bias unit given weights into every next unit
        "bias_unit_has_inputs": with_biases((n[:-1] + 1) * (n[1:] + 1) - w),
        "units_not_weights": {"weights": n.sum(), "layer_weights": n[1:]},
        "square_rule": {"weights": (n[:-1] ** 2).sum(), "layer_weights": n[:-1] ** 2},
    }


def lr_schedule(g, p):
    sched, lr0, t = g["schedule"], float(g["lr0"]), int(g.get("t", 0))
    right = {q.asks: q.answer for q in p.parts}

    def rate(t, how=None):
        if sched == "step":
            gamma, s = float(g["factor"]), int(g["every"])
            drops = {"no_floor": t / s, "every_epoch": t}.get(how, t // s)
            return lr0 * gamma**drops
        k = float(g["k"])
        if sched == "exponential":
            if how == "no_minus":
                return lr0 * math.exp(k * t) if k * t < 700 else math.inf
            return lr0 * k**t if how == "k_as_factor" else lr0 * math.exp(-k * t)
        if how == "no_one":
            return lr0 / (k * t) if t else math.inf
        return lr0 / (1 + t) if how == "no_k" else lr0 / (1 + k * t)

    def first_below(how=None):
        tau = float(g["threshold"])
        for epoch in range(2000):  # a rate that never falls below τ: no such epoch
            if rate(epoch, how) < tau:
                return epoch
        return math.inf

    hows = ("no_floor", "every_epoch", "no_minus", "k_as_factor", "no_one", "no_k")
    out = {how: {"lr": rate(t, how)} for how in hows}
    out["epochs_from_one"] = {"lr": rate(t - 1)}  # epoch t taken as the t-th from 1
    if "first_below" in right:
        T = int(right["first_below"])
        assert T == first_below()
        for how in hows:
            out[how]["first_below"] = first_below(how)
        out["epochs_from_one"]["first_below"] = T + 1  # the same epoch, counted from 1
        out["last_above"] = {"first_below": T - 1}
    return out


def regularization(g):
    pen, lam = g["penalty"], float(g["lambda"])
    w = np.array(g["w"], float)
    dl, dg = float(g.get("data_loss", 0)), np.array(g.get("data_grad", 0 * w), float)
    lr = float(g.get("lr", 0))
    R = np.sum(w**2) if pen == "l2" else np.sum(np.abs(w))
    pg = 2 * lam * w if pen == "l2" else lam * np.sign(w)

    def grad(g_):
        return {"dL/dw": g_, "w_new": w - lr * g_}

    out = {
        "no_data_grad": grad(pg),  # the penalty's gradient alone
        "no_data_loss": {"loss": lam * R},  # the penalty alone
        "no_lambda": {"penalty": R, "loss": dl + R, **grad(dg + pg / lam)},
        "step_ascent": {"w_new": w + lr * (dg + pg)},
        "no_step": {"w_new": w},
    }
    if pen == "l2":
        out["no_square"] = {"penalty": lam * w.sum(), "loss": dl + lam * w.sum()}
        out["forgot_2"] = grad(dg + lam * w)
    else:
        out["no_abs"] = {"penalty": lam * w.sum(), "loss": dl + lam * w.sum()}
        out["subgradient_one"] = grad(dg + lam * np.where(w == 0, 1.0, np.sign(w)))
        out["l1_like_l2"] = grad(dg + 2 * lam * w)
    return out


def dropout(g):
    W, b = np.array(g["W"], float), np.array(g["b"], float)
    h, mask, p = np.array(g["h"], float), np.array(g["mask"], float), float(g["p_keep"])
    return {
        "mask_inverted": {"z_train": W @ (h * (1 - mask)) + b},  # 1 dropped, 0 kept
        "inverted_dropout": {"z_train": W @ (h * mask) / p + b},  # divided by p in training
        "no_test_scaling": {"z_test": W @ h + b},
        "scaled_by_drop_rate": {"z_test": (1 - p) * (W @ h) + b},
        "mask_at_test": {"z_test": W @ (h * mask) + b},  # the training-time z, masked
        "bias_scaled": {"z_test": p * (W @ h + b)},  # the bias scaled too
    }


def stop(val, P, strict=True):
    best, best_e, wait = math.inf, 0, 0
    for e, v in enumerate(val, 1):
        if v < best - 1e-12 or (not strict and v <= best + 1e-12):
            best, best_e, wait = v, e, 0
        else:
            wait += 1
        if wait >= P:
            return e, best_e
    return len(val), best_e


def early_stopping(g, p):
    val, P = g["val"], int(g["patience"])
    s, b = stop(val, P)
    out = {
        "no_patience": dict(zip(("stop_epoch", "best_epoch"), stop(val, 1))),
        "tie_improves": dict(zip(("stop_epoch", "best_epoch"), stop(val, P, strict=False))),
        "kept_last": {"best_epoch": s},  # the weights of the last epoch trained
        "hindsight": {"best_epoch": int(np.argmin(val)) + 1},  # looked at every epoch
        "patience_off_by_one": {"stop_epoch": stop(val, P - 1)[0]},
    }
    if "train" in g:  # the rule run on the training loss, which keeps falling
        out["training_loss"] = dict(zip(("stop_epoch", "best_epoch"), stop(g["train"], P)))
    return out


def vanishing(g):
    if "w" not in g:
        L = int(g["depth"])
        return {
            "half_per_layer": {"bound": 0.5**L},
            "times_depth": {"bound": 0.25 * L},
            "relu_as_sigmoid": {"relu_bound": 0.25**L},
            "relu_zero": {"relu_bound": 0.0},
        }
    w, z, u = np.array(g["w"], float), np.array(g["z"], float), float(g["upstream"])
    s = sig(z)
    d, on = s * (1 - s), (z > 0).astype(float)
    return {
        "value_not_derivative": {"product": np.prod(s), "dL/dx": u * np.prod(w * s)},
        "no_weights": {"dL/dx": u * np.prod(d), "dL/dx_relu": u * np.prod(on)},
        "sum_not_product": {"product": np.sum(d), "dL/dx": u * np.sum(w * d)},
        "relu_slope_everywhere": {"dL/dx_relu": u * np.prod(w)},
    }


# ---------------------------------------------------------------- network families


class Net:
    """A network written out here: forward and backward with the slips switched on."""

    def __init__(self, g, **slip):
        self.layers = [
            (np.array(L["W"], float), np.array(L["b"], float), L["activation"]) for L in g["layers"]
        ]
        self.g, self.slip = g, slip
        if slip.get("no_bias"):
            self.layers = [(W, 0 * b, a) for W, b, a in self.layers]
        if slip.get("transposed"):
            self.layers = [
                (W.T if W.shape[0] == W.shape[1] else W, b, a) for W, b, a in self.layers
            ]

    def act(self, k, z):
        a = self.layers[k][2]
        last = k == len(self.layers) - 1
        if (self.slip.get("hidden_identity") and not last) or (
            self.slip.get("output_identity") and last
        ):
            return z.copy()
        if a == "sigmoid":
            return sig(-z) if self.slip.get("sigmoid_sign") else sig(z)
        if a == "softmax":
            return softmax_like(z)
        return G[a](z)

    def prime(self, k, z, h):
        a = self.layers[k][2]
        if a == "relu":
            return np.ones_like(z) if self.slip.get("relu_one") else (z > 0).astype(float)
        if a == "sigmoid":
            return sig(h) * (1 - sig(h)) if self.slip.get("at_h") else h * (1 - h)
        if a == "tanh":
            return 1 - np.tanh(h) ** 2 if self.slip.get("at_h") else 1 - h**2
        if a == "identity":
            return np.ones_like(z)
        raise AssertionError(a)

    def run(self, x):
        hs, zs = [np.array(x, float)], []
        for k, (W, b, _) in enumerate(self.layers):
            zs.append(W @ hs[-1] + b)
            hs.append(self.act(k, zs[-1]))
        return zs, hs

    def backward(self, zs, hs):
        g, p = self.g, hs[-1]
        if g["loss"] == "cross_entropy":
            delta = p - np.eye(len(p))[int(g["y"])]
        elif g["loss"] == "bce":
            delta = (p - np.array(g["y"], float)) / len(p)
        else:
            raise AssertionError(g["loss"])
        if self.slip.get("double"):  # the output's derivative taken again
            delta = delta * p * (1 - p)
        deltas, dW, db = (
            [None] * len(self.layers),
            [None] * len(self.layers),
            [None] * len(self.layers),
        )
        for k in range(len(self.layers) - 1, -1, -1):
            W = self.layers[k][0]
            deltas[k], dW[k], db[k] = delta, np.outer(delta, hs[k]), delta
            gh = W.T @ delta
            if k:
                delta = gh * self.prime(k - 1, zs[k - 1], hs[k])
        return deltas, dW, db, gh


def network_values(g, **slip) -> dict:
    """Every ask's whole value for a network with the slips switched on."""
    net = Net(g, **slip)
    zs, hs = net.run(g["x"])
    out = {"output": hs[-1]}
    for k, (z, h) in enumerate(zip(zs, hs[1:])):
        out[f"z{k + 2}"], out[f"h{k + 2}"] = z, h
    if "loss" not in g:
        return out
    deltas, dW, db, dx = net.backward(zs, hs)
    eps, lr = g.get("epsilon"), g.get("lr")
    for k in range(len(dW)):
        out[f"dL/dW{k + 1}"], out[f"dL/db{k + 1}"] = dW[k], db[k]
        out[f"dL/dz{k + 2}"] = deltas[k]
        if lr is not None:
            W, b, _ = Net(g).layers[k]
            way = 1 if slip.get("ascent") else -1
            rate = 1 if slip.get("no_lr") else lr
            step = 0 if slip.get("no_step") else 1
            out[f"W{k + 1}_new"] = W + step * way * rate * dW[k]
            out[f"b{k + 1}_new"] = b + step * way * rate * db[k]
    out["dL/dx"] = dx
    if eps is not None:
        move = dx if slip.get("raw") else np.sign(np.where(np.abs(dx) < 1e-12, 0, dx))
        out["x_adv"] = np.array(g["x"], float) + (-1 if slip.get("flipped") else 1) * eps * move
    return out


NETWORK_SLIPS = {
    "no_bias": {"no_bias": True},
    "no_hidden_activation": {"hidden_identity": True},  # every hidden activation left out
    "no_output_activation": {"output_identity": True},
    "sigmoid_sign": {"sigmoid_sign": True},
    "transposed_weights": {"transposed": True},  # Wᵀ for every W it fits
    "no_relu_derivative": {"relu_one": True},
    "derivative_at_h": {"at_h": True},
    "double_output_derivative": {"double": True},
    "fgsm_flipped": {"flipped": True},
    "fgsm_raw_gradient": {"raw": True},
    "step_ascent": {"ascent": True},
    "step_no_lr": {"no_lr": True},
    "no_step": {"no_step": True},
}


def network(g):
    return {mid: network_values(g, **slip) for mid, slip in NETWORK_SLIPS.items()}


PLAIN = {
    "perceptron": perceptron,
    "neuron": neuron,
    "activation_derivative": activation_derivative,
    "softmax": softmax,
    "cross_entropy": cross_entropy,
    "bce": bce,
    "count_params": count_params,
    "regularization": regularization,
    "dropout": dropout,
    "vanishing": vanishing,
}
WITH_PROBLEM = {
    "separable": separable,
    "lr_schedule": lr_schedule,
    "early_stopping": early_stopping,
}


def recomputed(problem) -> dict:
    f = problem.family
    if f in ("forward", "backprop", "sgd", "fgsm"):
        return network(problem.given)
    if f in WITH_PROBLEM:
        return WITH_PROBLEM[f](problem.given, problem)
    return PLAIN[f](problem.given)


def check(problem) -> int:
    """Assert every declared mistake's answers; the number of answers checked."""
    mine = recomputed(problem)
    checked = 0
    for m in problem.mistakes:
        assert m.id in mine, f"{problem.id}: no check written for mistake {m.id!r}"
        for label, declared in m.answers.items():
            ask = problem.part(label).asks
            values = mine[m.id]
            name = name_of(ask)
            assert name in values, f"{problem.id}: {m.id} declares {ask}, which it does not change"
            want = pick(values[name], ask)
            got = np.asarray(declared, dtype=float)
            assert got.shape == np.shape(want) or got.size == np.size(want), (problem.id, m.id, ask)
            assert np.allclose(got.ravel(), np.ravel(want), rtol=1e-6, atol=1e-9), (
                f"{problem.id}: {m.id} ({m.message}) on {ask}: declared {declared}, "
                f"its description gives {np.round(np.ravel(want), 9).tolist()}"
            )
            checked += 1
    return checked


@pytest.mark.parametrize("family", registry.ids())
def test_every_declared_mistake_is_the_number_its_message_describes(family):
    checked = 0
    for difficulty in DIFFICULTIES:
        for seed in range(SEEDS):
            checked += check(registry.generate(family, seed, difficulty))
    assert checked > 50, (family, checked)


def test_the_convention_slip_is_w_transposed():
    # forward:v2:1 of issue 16: Wᵀ gives z⁽²⁾ = [2.25, 1.5]; version 2 declared [−1.5, 3.75]
    given = {
        "layers": [
            {"W": [[1.5, 2], [-2, -1.5]], "b": [1, 1], "activation": "sigmoid"},
            {"W": [[-1.5, -1]], "b": [1], "activation": "identity"},
        ],
        "x": [-0.5, -1],
    }
    p = registry.solve("forward", given, ["z2", "output"])
    (m,) = [m for m in p.mistakes if m.id == "transposed_weights"]
    assert m.answers["a"] == [2.25, 1.5]
    assert "Wᵀ" in m.message
    with pytest.raises(registry.BadId, match="version 2 of 'forward'; this nnquiz has version 3"):
        registry.show("forward:v2:1")


def test_a_tie_is_its_own_slip_not_no_patience():
    # early_stopping:easy:9 of issue 16: val 0.63, 0.63, 0.67 with P = 2
    given = {"val": [1.72, 1.26, 0.84, 0.63, 0.63, 0.67, 0.78, 0.84], "patience": 2}
    p = registry.solve("early_stopping", given, ["stop_epoch", "best_epoch"])
    assert [q.answer for q in p.parts] == [6.0, 4.0]
    by_id = {m.id: m.answers for m in p.mistakes}
    assert by_id["tie_improves"]["b"] == 5.0  # the later of the two tied epochs kept
    assert by_id["no_patience"] == {"a": 5.0}  # stopped at epoch 5, kept epoch 4
    assert "b" not in by_id["no_patience"]


def test_the_data_gradient_slip_is_not_offered_on_the_loss():
    given = {
        "penalty": "l2",
        "lambda": 0.5,
        "w": [1, -2],
        "data_loss": 0.4,
        "data_grad": [0.3, 0.1],
    }
    p = registry.solve("regularization", given, ["loss", "dL/dw"])
    by_id = {m.id: m.answers for m in p.mistakes}
    assert set(by_id["no_data_grad"]) == {"b"} and by_id["no_data_loss"] == {"a": 2.5}
