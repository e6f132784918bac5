"""A batch of examples in ``nnquiz solve`` (issue 16): forward, backprop, sgd and fgsm.

Checked against the second network of test_independent.py (plain Python, gradients by
finite differences), example by example, and combined here as docs/problems.md says: a
value each example has is one row per example; the loss and the gradients are means;
one gradient step uses the mean gradient; FGSM moves each example by its own sign."""

from __future__ import annotations

import json

import pytest

from nnquiz.problems import registry
from nnquiz.problems.family import GivenError

from ..conftest import run_cli
from .test_independent import expected, shape_and_flat

LAYERS = [
    {"W": [[1, -2], [0.5, 3]], "b": [0, 1], "activation": "tanh"},
    {"W": [[2, 1], [-1, 0.5]], "b": [-1, 0.25], "activation": "softmax"},
]
BATCH = {
    "layers": LAYERS,
    "x": [[0.1, 0.2], [0.5, -0.4], [-0.3, 0.7]],
    "y": [1, 0, [0, 1]],  # a class index, or one-hot
    "loss": "cross_entropy",
}
PER_EXAMPLE = ("output", "z2", "h2", "dL/dz2", "dL/dx", "x_adv")


def one(given: dict, k: int) -> dict:
    if "y" not in given:
        return {**given, "x": given["x"][k]}
    y = given["y"][k]
    if isinstance(y, list) and given["loss"] == "cross_entropy":
        y = y.index(1)
    return {**given, "x": given["x"][k], "y": y}


def mean(values):
    if isinstance(values[0], list):
        return [mean([v[i] for v in values]) for i in range(len(values[0]))]
    return sum(values) / len(values)


def by_hand(given: dict, ask: str):
    n = len(given["x"])
    name = ask.split("[")[0]
    if name in PER_EXAMPLE:
        rows = [expected(one(given, k), ask) for k in range(n)]
        return rows
    if name.endswith("_new"):
        grad = "dL/d" + name[0] + name[1:-4]
        mean_grad = mean([expected(one(given, k), grad) for k in range(n)])
        old = given["layers"][int(name[1:-4]) - 1][name[0]]
        new = _step(old, mean_grad, given["lr"])
        for i in map(int, ask[len(name) + 1 : -1].split(",")) if "[" in ask else ():
            new = new[i]
        return new
    return mean([expected(one(given, k), ask) for k in range(n)])


def _step(old, grad, lr):
    if isinstance(old, list):
        if not isinstance(grad, list):
            grad = [grad]
        return [_step(o, g, lr) for o, g in zip(old, grad)]
    return old - lr * grad


def agree(problem) -> None:
    for part in problem.parts:
        got = shape_and_flat(part.answer)[1]
        want = shape_and_flat(by_hand(problem.given, part.asks))[1]
        assert got == pytest.approx(want, rel=1e-5, abs=1e-7), (part.asks, got, want)


def test_backprop_over_a_batch_averages_the_loss_and_gradients():
    asks = ["loss", "dL/dW1", "dL/db2", "dL/dW1[1,0]", "dL/dz2", "output"]
    p = registry.solve("backprop", BATCH, asks)
    assert p.given["y"] == [1, 0, 1]
    agree(p)
    assert len(p.parts[4].answer) == 3 and len(p.parts[4].answer[0]) == 2  # a row each
    assert p.title.endswith("over a batch of 3 examples")
    text = p.solution_text
    for k in (1, 2, 3):
        assert f"Example {k} of 3: x = " in text
    assert "The batch: the mean over its 3 examples." in text
    assert "L = (1/3)·(" in text


def test_forward_over_a_batch_gives_a_row_per_example():
    given = {"layers": LAYERS[:1], "x": [[1, 2], [0, -1]]}
    p = registry.solve("forward", given, ["output", "z2"])
    agree(p)
    assert shape_and_flat(p.parts[0].answer)[0] == (2, 2)


def test_sgd_over_a_batch_steps_with_the_mean_gradient():
    given = {**BATCH, "lr": 0.5}
    p = registry.solve("sgd", given, ["W1_new", "b2_new", "W2_new[0,1]"])
    agree(p)
    assert "One gradient-descent step" in p.solution_text


def test_fgsm_over_a_batch_moves_each_example_by_its_own_sign():
    given = {
        "layers": [{"W": [[1, -2]], "b": [0.5], "activation": "sigmoid"}],
        "x": [[0.5, 1], [-1, 0.25]],
        "y": [1, 0],
        "loss": "bce",
        "epsilon": 0.1,
    }
    p = registry.solve("fgsm", given, ["dL/dx", "x_adv", "loss"])
    agree(p)
    assert p.solution_text.count("FGSM: ") == 2


def test_a_batch_with_one_output_answers_a_vector_per_example():
    given = {
        "layers": [{"W": [[1, -2]], "b": [0.5], "activation": "sigmoid"}],
        "x": [[0.5, 1], [-1, 0.25], [2, 0]],
        "y": [1, 0, 1],
        "loss": "bce",
    }
    p = registry.solve("backprop", given, ["output", "loss"])
    agree(p)
    assert shape_and_flat(p.parts[0].answer)[0] == (3,)


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"y": [1, 0]}, "given.y", "a batch of 3 examples needs 3 labels"),
        ({"y": 1}, "given.y", "needs 3 labels"),
        ({"x": [[0.1, 0.2], [0.5]]}, "given.x[1]", "has 1 entries"),
        ({"y": [1, 0, 5]}, "given.y[2]", "class index from 0 to 1"),
        ({"x": [[0.1, 0.2]] * 17, "y": [1] * 17}, "given.x", "at most 16"),
    ],
)
def test_a_malformed_batch_is_refused_naming_the_field(change, field, words):
    with pytest.raises(GivenError) as err:
        registry.solve("backprop", {**BATCH, **change}, ["loss"])
    assert err.value.field == field and words in str(err.value)


def test_an_entry_of_a_per_example_value_is_refused_saying_what_works():
    with pytest.raises(GivenError) as err:
        registry.solve("backprop", BATCH, ["output[1]"])
    assert "ask for the whole output (one row per example)" in str(err.value)


def test_solve_prints_a_batch_from_a_file(tmp_path):
    path = tmp_path / "batch.json"
    data = {"family": "backprop", "given": BATCH, "asks": ["loss", "dL/dW2"]}
    path.write_text(json.dumps(data), encoding="utf-8")
    r = run_cli("solve", str(path))
    assert r.returncode == 0, r.stderr
    assert "example 3: x = [−0.3, 0.7], y = 1" in r.stdout
