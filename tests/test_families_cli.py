"""The families on the command line: listed in the notes' order, solvable from a file."""

import json

import pytest

from .conftest import run_cli

# The order of the course notes: perceptron/XOR, single-layer NN, fully connected,
# activations, SGD/backprop, softmax/CE, BCE, architecture, (regularisation,) dropout,
# early stopping, vanishing gradients, FGSM.
NOTES_ORDER = [
    "Perceptron",
    "Single-layer neural network",
    "Fully connected layers",
    "Activation functions",
    "SGD and backpropagation",
    "Softmax and cross-entropy",
    "Binary cross-entropy",
    "Choice of architecture",
    "Regularisation",
    "Dropout",
    "Early stopping",
    "Vanishing gradients",
    "Adversarial examples",
]


def test_families_are_listed_by_topic_in_the_order_of_the_notes():
    rows = json.loads(run_cli("families", "--format", "json").stdout)
    topics = list(dict.fromkeys(row["topic"] for row in rows))
    assert topics == NOTES_ORDER
    ids = [row["id"] for row in rows]
    assert ids.index("perceptron") < ids.index("separable") < ids.index("neuron")
    assert ids.index("backprop") < ids.index("sgd")
    text = run_cli("families").stdout
    assert text.index("Perceptron\n  perceptron") < text.index("Vanishing gradients\n")


@pytest.mark.parametrize(
    "content, answers",
    [
        (
            'family = "early_stopping"\n[given]\nval = [1.0, 0.8, 0.85, 0.9, 0.7]\npatience = 2\n',
            [4, 2],
        ),
        (
            'family = "activation_derivative"\nasks = ["dh/dz", "dL/dz"]\n[given]\n'
            'activation = "relu"\nz = [-1, 2]\nupstream = [0.5, 0.5]\n',
            [[0, 1], [0, 0.5]],
        ),
        (
            'family = "count_params"\nasks = ["params"]\n[given]\nsizes = [2, 3, 1]\n',
            [(2 + 1) * 3 + (3 + 1) * 1],
        ),
    ],
)
def test_solve_a_new_family_from_toml(tmp_path, content, answers):
    f = tmp_path / "mine.toml"
    f.write_text(content)
    r = run_cli("solve", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert [p["answer"] for p in json.loads(r.stdout)["parts"]] == answers


def test_solve_names_the_field_at_fault_for_a_new_family(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text(
        json.dumps(
            {
                "family": "dropout",
                "given": {"W": [[1, 2]], "h": [1, 2], "mask": [1, 3], "p_keep": 0.5},
            }
        )
    )
    r = run_cli("solve", str(f))
    assert r.returncode == 2
    assert r.stderr.strip().endswith("given.mask[1]: must be 0 or 1"), r.stderr
    assert "Traceback" not in r.stderr
