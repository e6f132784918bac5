"""The families beyond the core six, checked against answers worked by hand.

Each case writes a problem as a user would for ``nnquiz solve`` and compares nnquiz's
answers with the formulas computed here, independently of nnquiz's code.
"""

import math

import pytest

from nnquiz.problems import registry
from nnquiz.problems.family import GivenError


def sig(z):
    return 1 / (1 + math.exp(-z))


def answers(family, given, asks):
    return [p.answer for p in registry.solve(family, given, asks).parts]


def mistake(problem, mid):
    return next(m for m in problem.mistakes if m.id == mid)


def test_neuron_sigmoid_by_hand():
    given = {"w": [2, -1], "w0": 0.5, "x": [1, 3], "activation": "sigmoid"}
    z = 2 * 1 - 1 * 3 + 0.5
    assert answers("neuron", given, ["z", "h"]) == pytest.approx([z, sig(z)], rel=1e-11)


@pytest.mark.parametrize(
    "act, z, h",
    [("step", -0.5, 0.0), ("relu", -0.5, 0.0), ("tanh", -0.5, math.tanh(-0.5))],
)
def test_neuron_other_activations(act, z, h):
    given = {"w": [2, -1], "w0": 0.5, "x": [1, 3], "activation": act}
    assert answers("neuron", given, ["z", "h"]) == pytest.approx([z, h], rel=1e-11)
    p = registry.solve("neuron", given, ["z", "h"])
    assert mistake(p, "no_bias").answers["a"] == pytest.approx(-1.0)
    if act == "step":  # the sign function gives −1 below the threshold
        assert mistake(p, "step_sign").answers["b"] == -1


def test_sgd_one_sigmoid_neuron_by_hand():
    given = {
        "layers": [{"W": [[1, -1]], "b": [0.5], "activation": "sigmoid"}],
        "x": [2, 1],
        "y": 1,
        "loss": "bce",
        "lr": 0.5,
    }
    p = sig(1 * 2 - 1 * 1 + 0.5)
    delta = p - 1  # sigmoid + BCE
    w_new = [1 - 0.5 * delta * 2, -1 - 0.5 * delta * 1]
    got = answers("sgd", given, ["W1_new", "b1_new", "W1_new[0,1]"])
    assert got[0][0] == pytest.approx(w_new, rel=1e-11)
    assert got[1] == pytest.approx(0.5 - 0.5 * delta, rel=1e-11)
    assert got[2] == pytest.approx(w_new[1], rel=1e-11)
    prob = registry.solve("sgd", given, ["W1_new"])
    assert mistake(prob, "step_ascent").answers["a"][0] == pytest.approx(
        [1 + 0.5 * delta * 2, -1 + 0.5 * delta], rel=1e-11
    )
    assert mistake(prob, "no_step").answers["a"] == [[1, -1]]
    assert prob.parts[0].tol.rel < 0.01  # a new weight is graded on its step


def test_perceptron_update_and_no_update():
    given = {"theta": [1, -2], "b": 0.5, "x": [2, 1], "y": -1}
    # score 2 − 2 + 0.5 = 0.5 > 0 but y = −1: misclassified, θ + y·x, b + y
    assert answers("perceptron", given, ["score", "theta_new", "b_new"]) == [0.5, [-1, -3], -0.5]
    assert answers("perceptron", {**given, "lr": 0.5}, ["theta_new[1]"]) == [-2.5]
    right = {**given, "y": 1}  # correctly classified: nothing changes
    assert answers("perceptron", right, ["theta_new", "b_new"]) == [[1, -2], 0.5]
    on_line = {"theta": [1, -1], "b": 0, "x": [2, 2], "y": 1}  # y·score = 0 is a mistake
    assert answers("perceptron", on_line, ["theta_new", "b_new"]) == [[3, 1], 1]
    # 0.1·1 + 0.2·1 − 0.3 is exactly 0 (in floats it is 5.6e-17): still on the boundary
    dust = {"theta": [0.1, 0.2], "b": -0.3, "x": [1, 1], "y": 1}
    assert answers("perceptron", dust, ["score", "b_new"]) == [0, 0.7]


def test_a_step_neuron_exactly_at_zero_outputs_zero():
    given = {"w": [0.1, 0.2], "w0": -0.3, "x": [1, 1], "activation": "step"}
    assert answers("neuron", given, ["z", "h"]) == [0, 0]


SQUARE = [[0, 0], [0, 1], [1, 0], [1, 1]]


@pytest.mark.parametrize(
    "labels, separable",
    [
        ([-1, 1, 1, -1], 0),  # XOR
        ([1, -1, -1, 1], 0),  # XNOR
        ([-1, -1, -1, 1], 1),  # AND
        ([-1, 1, 1, 1], 1),  # OR
    ],
)
def test_separable_truth_tables(labels, separable):
    given = {"points": SQUARE, "labels": labels, "theta": [1, 1], "b": -1.5}
    # the AND line x₁ + x₂ = 1.5: count the points on the wrong side by hand
    errors = sum(1 for (a, b), y in zip(SQUARE, labels) if y * (a + b - 1.5) <= 0)
    assert answers("separable", given, ["errors", "separable"]) == [errors, separable]
    p = registry.solve("separable", given, ["separable"])
    if not separable:
        assert "contradiction" in p.solution_text and "P = (0.5, 0.5)" in p.solution_text


def test_separable_counts_a_point_on_the_line_as_an_error():
    given = {"points": [[0, 0], [2, 0]], "labels": [1, -1], "theta": [1, 0], "b": 0}
    p = registry.solve("separable", given, ["errors"])
    assert p.parts[0].answer == 2  # (0, 0) lies on the line; (2, 0) is on the wrong side
    assert mistake(p, "boundary_correct").answers["a"] == 1


def test_activation_derivatives_by_hand():
    s = sig(0.5)
    cases = {
        "sigmoid": [s, s * (1 - s), -2 * s * (1 - s)],
        "tanh": [math.tanh(0.5), 1 - math.tanh(0.5) ** 2, -2 * (1 - math.tanh(0.5) ** 2)],
        "relu": [0.5, 1, -2],
    }
    for act, want in cases.items():
        given = {"activation": act, "z": 0.5, "upstream": -2}
        assert answers("activation_derivative", given, ["h", "dh/dz", "dL/dz"]) == pytest.approx(
            want, rel=1e-11
        )
    vec = {"activation": "relu", "z": [-1, 2], "upstream": [3, 4]}
    assert answers("activation_derivative", vec, ["dh/dz", "dL/dz[1]"]) == [[0, 1], 4]


def test_vanishing_bound_and_chain_by_hand():
    assert answers("vanishing", {"depth": 3}, ["bound", "relu_bound"]) == [1 / 64, 1]
    given = {"w": [2, -1, 0.5], "z": [0, 1, -1], "upstream": 0.5}
    d = [0.25, sig(1) * (1 - sig(1)), sig(-1) * (1 - sig(-1))]
    want = [d[0] * d[1] * d[2], 0.5 * 2 * d[0] * -1 * d[1] * 0.5 * d[2], 0.0]
    got = answers("vanishing", given, ["product", "dL/dx", "dL/dx_relu"])
    assert got == pytest.approx(want, rel=1e-11)
    assert got[0] <= 0.25**3


def test_count_params_by_hand():
    given = {"sizes": [784, 128, 10]}
    asks = ["weights", "biases", "params", "layer_params", "layer_weights[0]"]
    assert answers("count_params", given, asks) == [
        784 * 128 + 128 * 10,
        128 + 10,
        785 * 128 + 129 * 10,
        [785 * 128, 129 * 10],
        784 * 128,
    ]
    # two layers of width n: n² connections
    assert answers("count_params", {"sizes": [3, 50, 50, 2]}, ["layer_weights[1]"]) == [2500]


def test_dropout_by_hand():
    given = {"W": [[1, 2, 3]], "b": [0.5], "h": [1, 1, 2], "mask": [1, 0, 1], "p_keep": 0.8}
    train = 1 * 1 + 3 * 2 + 0.5
    test = 0.8 * (1 + 2 + 6) + 0.5
    assert answers("dropout", given, ["z_train", "z_test"]) == pytest.approx([train, test])


def test_dropout_test_output_is_the_expected_training_output():
    """The law behind the convention: E over masks of z_train equals z_test."""
    from itertools import product

    W, b, h, p = [[1.5, -2, 0.5]], [0.25], [2, 1, -3], 0.7
    expected = 0.0
    for mask in product((0, 1), repeat=3):
        weight = math.prod(p if m else 1 - p for m in mask)
        given = {"W": W, "b": b, "h": h, "mask": list(mask), "p_keep": p}
        expected += weight * answers("dropout", given, ["z_train"])[0]
    given = {"W": W, "b": b, "h": h, "mask": [1, 1, 1], "p_keep": p}
    assert answers("dropout", given, ["z_test"])[0] == pytest.approx(expected, rel=1e-12)


def test_regularization_by_hand():
    l2 = {"penalty": "l2", "lambda": 0.1, "w": [1, -2], "data_loss": 1, "data_grad": [0.5, 0.5]}
    penalty, loss, grad = answers("regularization", l2, ["penalty", "loss", "dL/dw"])
    assert (penalty, loss) == pytest.approx((0.1 * 5, 1 + 0.1 * 5))
    assert grad == pytest.approx([0.5 + 2 * 0.1 * 1, 0.5 + 2 * 0.1 * -2])
    l1 = {"penalty": "l1", "lambda": 0.5, "w": [0, -1], "data_loss": 1, "data_grad": [0.2, 0.2]}
    loss, grad, new = answers("regularization", {**l1, "lr": 0.1}, ["loss", "dL/dw", "w_new"])
    assert loss == pytest.approx(1 + 0.5 * 1)
    assert grad == pytest.approx([0.2 + 0, 0.2 - 0.5])  # the subgradient at w = 0 is 0
    assert new == pytest.approx([0 - 0.1 * 0.2, -1 - 0.1 * -0.3])
    p = registry.solve("regularization", l1, ["dL/dw"])
    assert mistake(p, "subgradient_one").answers["a"] == pytest.approx([0.7, -0.3])


def test_lr_schedules_by_hand():
    step = {"schedule": "step", "lr0": 0.1, "factor": 0.5, "every": 5, "t": 12}
    assert answers("lr_schedule", step, ["lr"]) == [0.025]
    inv = {"schedule": "inverse", "lr0": 0.1, "k": 0.5, "t": 4}
    assert answers("lr_schedule", inv, ["lr"]) == pytest.approx([0.1 / 3])
    exp = {"schedule": "exponential", "lr0": 0.1, "k": 0.2, "t": 5, "threshold": 0.03}
    # 0.1·e^(−0.2t) < 0.03 ⇔ t > 5 ln(10/3) ≈ 6.02
    assert answers("lr_schedule", exp, ["lr", "first_below"]) == pytest.approx(
        [0.1 * math.exp(-1), 7]
    )
    # exactly on the threshold is not below it: 0.1·0.5² = 0.025 at t = 10
    on = {**step, "threshold": 0.025}
    assert answers("lr_schedule", on, ["first_below"]) == [15]


def test_first_below_agrees_with_a_linear_scan():
    from nnquiz.problems.families.lr_schedule import first_below, rate

    for sched, extra in [
        ("step", {"factor": 0.3, "every": 4}),
        ("inverse", {"k": 0.35}),
        ("exponential", {"k": 0.07}),
    ]:
        for tau in (0.09, 0.05, 0.013, 0.0021):
            given = {"schedule": sched, "lr0": 0.1, "t": 0, "threshold": tau, **extra}
            scan = next(t for t in range(10_000) if rate(given, t) < tau)
            assert first_below(given) == scan


def test_early_stopping_by_hand():
    val = [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.65, 0.6]
    given = {"train": [1.2, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4], "val": val, "patience": 3}
    # best 0.7 at epoch 3; epochs 4, 5, 6 do not beat it: stop after epoch 6
    assert answers("early_stopping", given, ["stop_epoch", "best_epoch"]) == [6, 3]
    p = registry.solve("early_stopping", given, ["stop_epoch", "best_epoch"])
    assert mistake(p, "no_patience").answers == {"a": 4}  # it keeps epoch 3 as well
    assert mistake(p, "hindsight").answers == {"b": 8}
    assert mistake(p, "kept_last").answers == {"b": 6}
    # patience never runs out: train to the end and keep the best
    assert answers("early_stopping", {**given, "patience": 4}, ["stop_epoch", "best_epoch"]) == [
        8,
        8,
    ]


@pytest.mark.parametrize(
    "family, given, asks, field",
    [
        ("neuron", {"w": [1, 2], "x": [1], "activation": "relu"}, None, "given.x"),
        ("neuron", {"w": [1], "x": [1], "activation": "swish"}, None, "given.activation"),
        ("neuron", {"w": [1], "x": [1], "activation": "relu", "bias": 1}, None, "given"),
        ("perceptron", {"theta": [1], "x": [1], "y": 0}, None, "given.y"),
        ("perceptron", {"theta": [1], "x": [1], "y": True}, None, "given.y"),
        ("separable", {"points": [[0, 0, 1]], "labels": [1]}, None, "given.points"),
        ("separable", {"points": [[0, 0], [1, 1]], "labels": [1, 1]}, None, "given.labels"),
        ("separable", {"points": [[0, 0], [1, 1]], "labels": [1, -1]}, ["errors"], "given.theta"),
        (
            "activation_derivative",
            {"activation": "relu", "z": [1, 2], "upstream": 1},
            None,
            "given.upstream",
        ),
        ("activation_derivative", {"activation": "relu", "z": 1}, ["dL/dz"], "given.upstream"),
        ("activation_derivative", {"activation": "relu", "z": 1}, ["dh/dz[0]"], "asks[0]"),
        ("vanishing", {"depth": 0}, None, "given.depth"),
        ("vanishing", {"depth": 3}, ["dL/dx"], "asks[0]"),
        ("vanishing", {"w": [1, 2], "z": [1]}, None, "given.z"),
        ("count_params", {"sizes": [3]}, None, "given.sizes"),
        ("count_params", {"sizes": [3, 2.5]}, None, "given.sizes[1]"),
        ("count_params", {"sizes": [3, 2]}, ["layer_params[1]"], "asks[0]"),
        (
            "dropout",
            {"W": [[1, 2]], "h": [1, 2], "mask": [1, 2], "p_keep": 0.5},
            None,
            "given.mask[1]",
        ),
        (
            "dropout",
            {"W": [[1, 2]], "h": [1, 2], "mask": [1, 0], "p_keep": 1.5},
            None,
            "given.p_keep",
        ),
        ("regularization", {"penalty": "l3", "lambda": 1, "w": [1]}, None, "given.penalty"),
        ("regularization", {"penalty": "l1", "lambda": 1, "w": [1]}, ["w_new"], "asks[0]"),
        ("lr_schedule", {"schedule": "step", "lr0": 0.1, "t": 3, "k": 1}, None, "given.factor"),
        (
            "lr_schedule",
            {"schedule": "inverse", "lr0": 0.1, "t": 3, "k": 1, "every": 2},
            None,
            "given.every",
        ),
        ("lr_schedule", {"schedule": "inverse", "lr0": 0.1, "t": -1, "k": 1}, None, "given.t"),
        ("early_stopping", {"val": [1, 0.5], "patience": 3}, None, "given.patience"),
        ("early_stopping", {"val": [1, 0.5], "train": [1], "patience": 1}, None, "given.train"),
        (
            "sgd",
            {
                "layers": [{"W": [[1]], "b": [0], "activation": "identity"}],
                "x": [1],
                "y": [1],
                "loss": "mse",
            },
            None,
            "given.lr",
        ),
    ],
)
def test_malformed_problems_name_the_field(family, given, asks, field):
    with pytest.raises(GivenError) as e:
        registry.solve(family, given, asks)
    assert e.value.field == field, str(e.value)


def test_latex_math_is_plain_latex():
    """Inside \\( \\) and \\[ \\], symbols are LaTeX commands, not Unicode (σ, ′, −, ·)."""
    import re

    from nnquiz.problems.model import DIFFICULTIES

    math = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)
    for family in registry.ids():
        for difficulty in DIFFICULTIES:
            for seed in range(12):
                p = registry.generate(family, seed, difficulty)
                texts = [p.question_latex, p.solution_latex] + [q.prompt_latex for q in p.parts]
                for m in (m for t in texts for m in math.finditer(t)):
                    body = re.sub(r"\\text\{[^{}]*\}", "", m.group(1) or m.group(2))
                    assert body.isascii(), (p.id, body)


def test_registering_a_family_keeps_the_built_in_ones_and_refuses_duplicates():
    import os
    import subprocess
    import sys

    code = (
        "from nnquiz.problems import registry; from nnquiz.problems.families import neuron;"
        "from dataclasses import replace;"
        "registry.register(replace(neuron.FAMILY, id='neuron_copy'));"
        "print(len(registry.ids()), 'neuron_copy' in registry.ids());"
        "registry.register(neuron.FAMILY)"
    )
    from ..conftest import ROOT

    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    count, found = r.stdout.split()
    assert int(count) == len(registry.ids()) + 1 and found == "True"
    assert "family 'neuron' is registered twice" in r.stderr


def test_a_vector_of_one_entry_is_a_number():
    assert answers("count_params", {"sizes": [3, 2]}, ["layer_weights"]) == [6]
    assert answers("perceptron", {"theta": [1], "x": [2], "y": -1}, ["theta_new"]) == [-1]
