"""A typo in a problem file is refused, never ignored (issue 16): every family, every
level (the file, ``given``, each layer), one key misspelt at a time, is one line naming
the table, the key and the nearest known key."""

import json

import pytest

from nnquiz.problems import registry
from nnquiz.problems.family import GivenError
from nnquiz.problems.model import DIFFICULTIES

from ..conftest import run_cli


def misspelt(key: str) -> str:
    """A typo of ``key``: a letter left out (activaton), or one doubled for a short key."""
    return key[0] + key[2:] if len(key) > 3 else key + key[-1]


def givens(family: str):
    """The given of each difficulty's first problem: every key the family draws."""
    seen = set()
    for d in DIFFICULTIES:
        p = registry.generate(family, 1, d)
        key = json.dumps(p.given, sort_keys=True)
        if key not in seen:
            seen.add(key)
            yield p.given, [part.asks for part in p.parts]


def refused(family: str, given: dict, asks: list) -> str:
    with pytest.raises(GivenError) as err:
        registry.solve(family, given, asks)
    return str(err.value)


@pytest.mark.parametrize("family", registry.ids())
def test_a_misspelt_given_key_is_refused_naming_the_nearest(family):
    for given, asks in givens(family):
        registry.solve(family, json.loads(json.dumps(given)), asks)  # as drawn: accepted
        for key in given:
            bad = {(misspelt(key) if k == key else k): v for k, v in given.items()}
            message = refused(family, bad, asks)
            assert message == f"given: unknown key {misspelt(key)!r} (did you mean {key!r}?)"


@pytest.mark.parametrize("family", ["forward", "backprop", "sgd", "fgsm"])
def test_a_misspelt_layer_key_is_refused_naming_the_layer(family):
    given, asks = next(givens(family))
    for k, layer in enumerate(given["layers"]):
        for key in layer:
            bad = json.loads(json.dumps(given))
            bad["layers"][k] = {(misspelt(key) if n == key else n): v for n, v in layer.items()}
            message = refused(family, bad, asks)
            assert message == (
                f"given.layers[{k}]: unknown key {misspelt(key)!r} (did you mean {key!r}?)"
            )


@pytest.mark.parametrize(
    "typo, meant",
    [("eps", "epsilon"), ("learning_rate", "lr"), ("labels", "y"), ("Loss", "loss")],
)
def test_the_usual_other_names_point_to_the_key(typo, meant):
    given, asks = next(givens("backprop"))
    bad = {**given, typo: given.get(meant, 0.1)}
    assert f"unknown key {typo!r} (did you mean {meant!r}?)" in refused("backprop", bad, asks)


def test_a_layer_without_an_activation_is_refused_not_made_linear():
    given, asks = next(givens("forward"))
    bad = json.loads(json.dumps(given))
    del bad["layers"][0]["activation"]
    assert refused("forward", bad, asks).startswith("given.layers[0].activation: missing")


def test_a_key_far_from_every_known_one_lists_them():
    given, asks = next(givens("bce"))
    message = refused("bce", {**given, "colour": "red"}, asks)
    assert message == "given: unknown key 'colour' (known: p, y)"


@pytest.mark.parametrize("key", ["family", "given", "asks"])
def test_a_misspelt_top_level_key_is_refused_by_solve(tmp_path, key):
    p = registry.generate("softmax", 1)
    data = {"family": "softmax", "given": p.given, "asks": ["softmax"]}
    data = {(misspelt(k) if k == key else k): v for k, v in data.items()}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    r = run_cli("solve", str(path))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == (
        f"nnquiz: error: {path}: unknown key {misspelt(key)!r} (did you mean {key!r}?)"
    )


NET = {"layers": [{"W": [[1, -2]], "b": [0], "activation": "sigmoid"}], "x": [0.1, 0.2]}


@pytest.mark.parametrize(
    "family, extra, asks, field",
    [
        ("forward", {"y": 1, "loss": "bce"}, None, "given.loss"),
        ("forward", {"y": 1}, None, "given.y"),
        ("forward", {"lr": 0.1}, None, "given.lr"),
        ("backprop", {"y": 1, "loss": "bce", "lr": 0.1}, None, "given.lr"),
        ("backprop", {"y": 1, "loss": "bce", "epsilon": 0.1}, ["loss"], "given.epsilon"),
        ("fgsm", {"y": 1, "loss": "bce", "lr": 0.1}, None, "given.lr"),
        ("sgd", {"y": 1, "loss": "bce", "lr": 0.1, "epsilon": 0.1}, None, "given.epsilon"),
    ],
)
def test_a_known_key_no_ask_reads_is_refused(family, extra, asks, field):
    # a learning rate given to a forward pass would look worked, and was silently ignored
    message = refused(family, {**NET, **extra}, asks)
    assert message.startswith(f"{field}: ")
    assert "lr" not in field or "WK_new" in message


@pytest.mark.parametrize(
    "family, extra, asks",
    [
        ("forward", {"y": 1, "loss": "bce"}, ["output", "loss"]),
        ("backprop", {"y": 1, "loss": "bce", "lr": 0.1}, ["dL/dW1", "W1_new"]),
        ("backprop", {"y": 1, "loss": "bce"}, ["output"]),  # backprop needs its loss
        ("fgsm", {"y": 1, "loss": "bce", "epsilon": 0.1}, None),
        ("sgd", {"y": 1, "loss": "bce", "lr": 0.1}, None),
    ],
)
def test_a_key_an_ask_reads_is_taken(family, extra, asks):
    registry.solve(family, {**NET, **extra}, asks)
