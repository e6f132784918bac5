"""solve reads the names and shapes people write (issue 16): activation and loss names
in any case and their usual synonyms, one-hot and 1.0 labels, shorthands for one unit
or one input, ``z`` for logits, and the asks ``dL/dhK``, ``deltaK`` and ``dL/dz``.
Values are checked against NumPy written here, not against nnquiz's own passes."""

import json

import numpy as np
import pytest

from nnquiz.problems import registry
from nnquiz.problems.family import GivenError

NET = {
    "layers": [
        {"W": [[1, -2], [0.5, 3]], "b": [0, 1], "activation": "tanh"},
        {"W": [[2, 1]], "b": [-1], "activation": "sigmoid"},
    ],
    "x": [0.1, 0.2],
    "y": 1,
    "loss": "bce",
}


def with_layer(k: int, **change) -> dict:
    given = json.loads(json.dumps(NET))
    given["layers"][k].update(change)
    return given


def answers(family: str, given: dict, asks: list[str]) -> list:
    return [p.answer for p in registry.solve(family, given, asks).parts]


@pytest.mark.parametrize(
    "written, meant",
    [
        ("ReLU", "relu"),
        ("Tanh", "tanh"),
        ("TANH", "tanh"),
        ("linear", "identity"),
        ("none", "identity"),
        ("Logistic", "sigmoid"),
        ("Sigmoid", "sigmoid"),
        ("Identity", "identity"),
    ],
)
def test_activation_names_in_any_case_and_their_synonyms(written, meant):
    p = registry.solve("backprop", with_layer(0, activation=written), ["dL/dW1"])
    assert p.given["layers"][0]["activation"] == meant  # written back as nnquiz names it
    assert [q.answer for q in p.parts] == answers(
        "backprop", with_layer(0, activation=meant), ["dL/dW1"]
    )


def test_the_plain_families_read_activation_names_too():
    a = registry.solve("neuron", {"w": [1], "x": [0.5], "activation": "Logistic"}, ["h"])
    b = registry.solve("neuron", {"w": [1], "x": [0.5], "activation": "sigmoid"}, ["h"])
    assert a.parts[0].answer == b.parts[0].answer
    c = registry.solve("activation_derivative", {"activation": "ReLU", "z": 1.5}, ["dh/dz"])
    assert c.given["activation"] == "relu"


CE_NET = {
    "layers": [{"W": [[1, 0], [0, 1], [1, 1]], "b": [0, 0.5, -1], "activation": "softmax"}],
    "x": [0.5, -1],
}


@pytest.mark.parametrize(
    "loss, y",
    [
        ("CE", 1),
        ("cross-entropy", 1),
        ("categorical_crossentropy", 1),
        ("Cross_Entropy", 1.0),
        ("cross_entropy", [0, 1, 0]),
        ("cross_entropy", [0.0, 1.0, 0.0]),
    ],
)
def test_loss_names_and_labels_people_write(loss, y):
    given = {**CE_NET, "loss": loss, "y": y}
    p = registry.solve("backprop", given, ["loss", "dL/db1"])
    assert p.given["loss"] == "cross_entropy" and p.given["y"] == 1
    z = np.array([0.5, -0.5, -1.5])  # W x + b, by hand
    yhat = np.exp(z) / np.exp(z).sum()
    assert p.parts[0].answer == pytest.approx(-np.log(yhat[1]))
    assert p.parts[1].answer == pytest.approx(yhat - np.array([0, 1, 0]))


@pytest.mark.parametrize("loss", ["BCE", "binary_cross_entropy", "Binary-Cross-Entropy"])
def test_bce_names(loss):
    assert registry.solve("backprop", {**NET, "loss": loss}, ["loss"]).given["loss"] == "bce"


def test_mse_in_any_case():
    given = {**NET, "loss": "MSE", "y": [0.25]}
    assert registry.solve("backprop", given, ["loss"]).given["loss"] == "mse"


@pytest.mark.parametrize(
    "y, words",
    [
        ([0, 1, 1], "one 1, the rest 0"),
        ([0, 1], "needs 3 entries"),
        (1.5, "class index from 0 to 2"),
        (3, "class index from 0 to 2"),
        (True, "class index"),
    ],
)
def test_a_label_that_is_no_class_is_refused(y, words):
    with pytest.raises(GivenError) as err:
        registry.solve("backprop", {**CE_NET, "loss": "ce", "y": y}, ["loss"])
    assert err.value.field == "given.y" and words in str(err.value)


def test_the_cross_entropy_family_reads_z_and_one_hot_labels():
    a = registry.solve("cross_entropy", {"z": [2, 4, 0.5], "y": [0, 1, 0]}, ["dL/dz"])
    b = registry.solve("cross_entropy", {"logits": [2, 4, 0.5], "y": 1}, ["dL/dlogits"])
    assert a.parts[0].answer == b.parts[0].answer and a.parts[0].asks == "dL/dlogits"
    assert a.given == {"logits": [2, 4, 0.5], "y": 1}
    z = np.array([2, 4, 0.5])
    want = np.exp(z) / np.exp(z).sum() - np.array([0, 1, 0])
    assert a.parts[0].answer == pytest.approx(want)
    one = registry.solve("cross_entropy", {"z": [2, 4, 0.5], "y": 1.0}, ["dL/dz[2]"])
    assert one.parts[0].answer == pytest.approx(want[2])
    s = registry.solve("softmax", {"z": [1, 2]}, ["softmax"])
    assert s.parts[0].answer == pytest.approx(np.exp([1, 2]) / np.exp([1, 2]).sum())
    with pytest.raises(GivenError, match="not both"):
        registry.solve("softmax", {"z": [1, 2], "logits": [1, 2]}, None)


def test_shorthands_for_one_unit_and_one_input():
    short = {
        "layers": [{"W": [0.5, -1], "b": 0.25, "activation": "sigmoid"}],
        "x": [1, 2],
    }
    p = registry.solve("forward", short, ["output"])
    assert p.given["layers"][0] == {"W": [[0.5, -1]], "b": [0.25], "activation": "sigmoid"}
    assert p.parts[0].answer == pytest.approx(1 / (1 + np.exp(-(0.5 - 2 + 0.25))))
    scalar_x = {"layers": [{"W": [[2]], "b": [0], "activation": "identity"}], "x": 3}
    assert registry.solve("forward", scalar_x, ["output"]).parts[0].answer == 6


def test_one_probability_as_a_number_keeps_its_shape():
    p = registry.solve("bce", {"p": 0.8, "y": 1}, ["loss", "dL/dp"])
    assert p.given == {"p": 0.8, "y": 1}
    assert p.parts[0].answer == pytest.approx(-np.log(0.8))
    assert p.parts[1].answer == pytest.approx(-1 / 0.8)  # a number, as p is
    assert p.title == "Binary cross-entropy over 1 example"
    assert "a probability p for 1 example with label y" in p.question_text
    assert "∂L/∂p = −1/0.8 = −1.25" in p.solution_text and "∂L/∂p₁" not in p.solution_text
    listed = registry.solve("bce", {"p": [0.8], "y": [1]}, ["dL/dp"])
    assert listed.parts[0].answer == [pytest.approx(-1 / 0.8)]  # a list, as p is
    assert "Find ∂L/∂p (a vector of 1 entry)." in listed.parts[0].prompt  # not "1 entries"


def forward_by_hand(given):
    W1, b1 = np.array(given["layers"][0]["W"], float), np.array(given["layers"][0]["b"], float)
    W2, b2 = np.array(given["layers"][1]["W"], float), np.array(given["layers"][1]["b"], float)
    x = np.array(given["x"], float)
    h2 = np.tanh(W1 @ x + b1)
    yhat = 1 / (1 + np.exp(-(W2 @ h2 + b2)))
    return W1, W2, h2, yhat


def test_dL_dh_delta_and_their_entries():
    W1, W2, h2, yhat = forward_by_hand(NET)
    d3 = yhat - 1  # σ with BCE, y = 1
    dh2 = W2.T @ d3
    d2 = dh2 * (1 - h2**2)
    asks = ["dL/dh2", "dL/dh2[1]", "delta2", "δ2[0]", "dL/dh3", "dL/dh1", "delta3"]
    got = answers("backprop", NET, asks)
    assert got[0] == pytest.approx(dh2)
    assert got[1] == pytest.approx(dh2[1])
    assert got[2] == pytest.approx(d2) == answers("backprop", NET, ["dL/dz2"])[0]
    assert got[3] == pytest.approx(d2[0])
    assert got[4] == pytest.approx(-1 / yhat[0])  # ∂L/∂ŷ of BCE with y = 1
    assert got[5] == pytest.approx(W1.T @ d2)  # h1 is x
    assert got[6] == pytest.approx(d3[0])


def test_dL_dh_at_a_softmax_output_with_cross_entropy():
    given = {**CE_NET, "loss": "ce", "y": 2}
    z = np.array([0.5, -0.5, -1.5])
    yhat = np.exp(z) / np.exp(z).sum()
    got = answers("backprop", given, ["dL/dh2"])[0]
    assert got == pytest.approx([0, 0, -1 / yhat[2]])


def test_an_unknown_ask_says_what_is_supported():
    with pytest.raises(GivenError) as err:
        registry.solve("backprop", NET, ["gradient"])
    assert "network problems ask output, zK, hK, loss, dL/dWK" in str(err.value)
    assert "dL/dhK" in str(err.value) and "deltaK" in str(err.value)
    with pytest.raises(
        GivenError, match=r"this family asks loss, softmax, dL/dlogits \(or dL/dz\)"
    ):
        registry.solve("cross_entropy", {"z": [1, 2], "y": 0}, ["grad"])
