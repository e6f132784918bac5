"""``nnquiz solve``: problems people write themselves, in JSON or TOML."""

import json

import pytest

from ..conftest import run_cli

NET_TOML = """
family = "backprop"
asks = ["dL/dW1[1,0]", "loss"]

[given]
x = [1, 2]
y = 1
loss = "bce"

[[given.layers]]
W = [[1, -2], [0, 3]]
b = [0, 1]
activation = "relu"

[[given.layers]]
W = [[2, 1]]
b = [-1]
activation = "sigmoid"
"""


def test_solve_a_toml_network(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(NET_TOML)
    r = run_cli("solve", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    # z2 = [-3, 7], h2 = [0, 7], z3 = 6, δ3 = σ(6) - 1; dL/dw⁽¹⁾₂₁ = δ2[1]·x[0] = δ3·1·1
    import math

    d3 = 1 / (1 + math.exp(-6)) - 1
    assert p["parts"][0]["answer"] == pytest.approx(d3)
    assert p["parts"][1]["answer"] == pytest.approx(-math.log(1 / (1 + math.exp(-6))))
    text = run_cli("solve", str(f)).stdout
    assert "ReLU" in text and "Answers" in text


def test_solve_json_with_default_asks(tmp_path):
    f = tmp_path / "softmax.json"
    f.write_text(json.dumps({"family": "softmax", "given": {"logits": [2, 4, 0.5]}}))
    r = run_cli("solve", str(f), "--format", "json")
    p = json.loads(r.stdout)
    assert p["parts"][0]["answer"] == pytest.approx([0.1161, 0.8580, 0.0259], abs=5e-5)


@pytest.mark.parametrize(
    "content, message",
    [
        (
            'family = "backprop"\n[given]\nx = [1, 2, 3]\ny = 1\nloss = "bce"\n'
            '[[given.layers]]\nW = [[1, 2]]\nb = [0]\nactivation = "sigmoid"\n',
            "given.x: has 3 entries but given.layers[0].W has 2 columns",
        ),
        (
            'family = "backprop"\n[given]\nx = [1, 2]\ny = 1\nloss = "bce"\n'
            '[[given.layers]]\nW = [[1, 2]]\nb = [0, 1]\nactivation = "sigmoid"\n',
            "given.layers[0].b: has 2 entries but W has 1 rows",
        ),
        (
            'family = "backprop"\n[given]\nx = [1, 2]\ny = 1\nloss = "bce"\n'
            '[[given.layers]]\nW = [[1, 2]]\nb = [0]\nactivation = "swish"\n',
            "given.layers[0].activation: unknown activation 'swish'",
        ),
        ('family = "softmax"\n[given]\nlogits = [1, "a"]\n', "given.logits[1]: expected a number"),
        ('family = "nope"\n', "unknown family 'nope'"),
        ('family = "softmax"\nasks = ["dL/dW9"]\n[given]\nlogits = [1, 2]\n', "asks[0]"),
        ("this is not toml =", "not valid TOML"),
    ],
)
def test_malformed_files_name_the_field_at_fault(tmp_path, content, message):
    f = tmp_path / "bad.toml"
    f.write_text(content)
    r = run_cli("solve", str(f))
    assert r.returncode == 2
    assert message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_malformed_json_says_where(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('{"family": "softmax", "given": {"logits": [1, 2}}')
    r = run_cli("solve", str(f))
    assert r.returncode == 2 and "not valid JSON" in r.stderr and "line 1" in r.stderr


def test_a_sum_that_is_zero_in_decimals_is_zero_at_relu_and_in_fgsm_sign(tmp_path):
    """Decimal inputs are not exact in binary: the worked solution must not say z = 0 and
    then use ReLU'(z) = 1, nor move x along the sign of a gradient that is 0."""
    from nnquiz.problems import registry

    relu = {
        "layers": [
            {"W": [[0.1, 0.2]], "b": [-0.3], "activation": "relu"},
            {"W": [[1.0]], "b": [0], "activation": "sigmoid"},
        ],
        "x": [1, 1],
        "y": 1,
        "loss": "bce",
    }
    p = registry.solve("backprop", relu, ["dL/dW1", "dL/db1"])
    assert [part.answer for part in p.parts] == [[[0.0, 0.0]], 0.0]
    assert "g′(z⁽²⁾) = [0]" in p.solution_text
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"family": "backprop", "given": relu, "asks": ["dL/dW1"]}))
    r = run_cli("solve", str(path))
    assert r.returncode == 0 and "(a) ∂L/∂W⁽¹⁾ = [0  0]" in r.stdout

    # dL/dx = 1·δ·(0.1 + 0.2 − 0.3): 0, so FGSM leaves x where it is (sign(0) = 0)
    fgsm = {
        "layers": [
            {"W": [[0.1], [0.2], [-0.3]], "b": [0, 0, 0], "activation": "identity"},
            {"W": [[1, 1, 1]], "b": [0], "activation": "sigmoid"},
        ],
        "x": [1],
        "y": 1,
        "loss": "bce",
        "epsilon": 0.1,
    }
    p = registry.solve("fgsm", fgsm, ["x_adv"])
    assert p.parts[0].answer == 1.0


def test_bce_at_the_edges_of_probability():
    """p = 0 for a label 0 is a fine example (its gradient is 1/n, not 0/0); p = 0 for a
    label 1 makes the loss infinite, which is refused with the field named."""
    from nnquiz.problems import registry
    from nnquiz.problems.family import GivenError

    p = registry.solve("bce", {"p": [0, 0.5], "y": [0, 1]}, ["loss", "dL/dp"])
    assert [part.answer for part in p.parts] == [pytest.approx(0.34657359028), [0.5, -1.0]]
    assert "ln(1 − 0)" in p.solution_text and "1/(2·(1 − 0)) = 0.5" in p.solution_text
    with pytest.raises(GivenError, match=r"given.p\[0\].*infinite"):
        registry.solve("bce", {"p": [0, 0.5], "y": [1, 0]}, ["loss"])
    with pytest.raises(GivenError, match=r"given.p\[1\].*infinite"):
        registry.solve("bce", {"p": [0.5, 1], "y": [1, 0]}, ["loss"])


def test_huge_logits_and_overflowing_networks_get_a_clear_error(tmp_path):
    for data, field in (
        ({"family": "cross_entropy", "given": {"logits": [1000, 0, -1000], "y": 2}}, "logits"),
        (
            {
                "family": "backprop",
                "given": {
                    "layers": [
                        {"W": [[1000, 0], [0, -1000]], "b": [0, 0], "activation": "identity"},
                        {"W": [[1, 1], [1, -1]], "b": [0, 0], "activation": "softmax"},
                    ],
                    "x": [1, 1],
                    "y": 0,
                    "loss": "cross_entropy",
                },
            },
            "cannot be worked by hand",
        ),
    ):
        path = tmp_path / "p.json"
        path.write_text(json.dumps(data))
        r = run_cli("solve", str(path))
        assert r.returncode == 2 and "Traceback" not in r.stderr and "Warning" not in r.stderr
        assert r.stderr.startswith("nnquiz: error: ") and field in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


NOT_FUSED = [
    # (output activation, loss, y, the ∂L/∂h lines of the worked solution)
    (
        "identity",
        "mse",
        [0.5],
        ["ŷ − y = [0.8005] − [0.5] ≈ [0.3005]", "∂L/∂h⁽³⁾ = 2(ŷ − y) = 2·[0.3005] ≈ [0.6010]"],
    ),
    ("relu", "bce", [1], ["p − y = [0.6901] − [1] ≈ [−0.3099]", "∂L/∂h⁽³⁾ = p − y ≈ [−0.3099]"]),
    (
        "sigmoid",
        "mse",
        [0.5],
        ["ŷ − y = [0.6901] − [0.5] ≈ [0.1901]", "∂L/∂h⁽³⁾ = 2(ŷ − y) = 2·[0.1901] ≈ [0.3802]"],
    ),
]


@pytest.mark.parametrize("act, loss, y, lines", NOT_FUSED)
def test_an_output_the_loss_does_not_fuse_with_shows_dl_dh_with_numbers(act, loss, y, lines):
    # ∂L/∂h comes from the loss's formula, each number shown, before δ = ∂L/∂h ⊙ g′(z)
    from nnquiz.problems import registry

    given = {
        "x": [1, -1],
        "y": y,
        "loss": loss,
        "layers": [
            {"W": [[0.5, -0.5], [1, 1]], "b": [0.1, 0], "activation": "tanh"},
            {"W": [[1, -2]], "b": [0], "activation": act},
        ],
    }
    p = registry.solve("backprop", given, ["dL/dW2"])
    text = p.solution_text
    for line in lines:
        assert "    " + line + "\n" in text, (line, text)
    assert text.index(lines[-1]) < text.index("δ⁽³⁾ = [")


def test_several_outputs_scale_dl_dh_by_one_over_n():
    from nnquiz.problems import registry

    given = {
        "x": [1, -1],
        "y": [1, 0],
        "loss": "bce",
        "layers": [
            {"W": [[0.5, -0.5], [1, 1]], "b": [0.1, 0], "activation": "tanh"},
            {"W": [[1, -2], [0.5, 0.5]], "b": [0, 0.2], "activation": "relu"},
        ],
    }
    p = registry.solve("backprop", given, ["dL/dW2"])
    assert "∂L/∂h⁽³⁾ = (p − y)/2 = (1/2)·⎡−0.3099⎤ ≈ ⎡−0.1550⎤" in p.solution_text
    assert r"\frac{p - y}{2} = \frac{1}{2}" in p.solution_latex


@pytest.mark.parametrize("family", ["softmax", "cross_entropy"])
def test_large_logits_are_worked_by_subtracting_the_largest(family):
    # the log-sum-exp trick, as a person does it: softmax(z − m) = softmax(z)
    import math

    from nnquiz.problems import registry

    given = {"logits": [100, 101, 102]} | ({"y": 0} if family == "cross_entropy" else {})
    p = registry.solve(family, given, ["softmax"])
    e = [math.exp(-2), math.exp(-1), 1.0]
    assert p.parts[0].answer == pytest.approx([v / sum(e) for v in e], rel=1e-11)
    text = p.solution_text
    assert "subtract the largest" in text and "m = max z = 102" in text
    assert "z − m = [−2, −1, 0]" in text and "Σⱼ e^(zⱼ − m) = e^(−2) + e^(−1) + e^0" in text
    assert r"\sum_j e^{z_j - m}" in p.solution_latex


def test_logits_within_thirty_are_worked_as_they_are():
    from nnquiz.problems import registry

    p = registry.solve("softmax", {"logits": [28, 29, 30]}, ["softmax"])
    assert "subtract the largest" not in p.solution_text
    assert "Σⱼ e^(zⱼ) = e^(28) + e^(29) + e^(30) ≈ 1.4463×10¹²" in p.solution_text
