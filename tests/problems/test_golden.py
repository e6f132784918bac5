"""Pinned problems: the same id gives the same numbers on every machine and every run.

The answers here are also worked independently of nnquiz.nn, straight from the formulas.
"""

import math

import numpy as np
import pytest

from nnquiz.problems import registry


def test_softmax_easy_3():
    p = registry.show("softmax:easy:3")
    assert p.given == {"logits": [2, -2, -1]}
    e = [math.exp(2), math.exp(-2), math.exp(-1)]
    assert p.parts[0].answer == pytest.approx([v / sum(e) for v in e], rel=1e-11)


def test_bce_hard_3():
    p = registry.show("bce:hard:3")
    assert p.given == {"p": [0.8, 0.1, 0.2, 0.25], "y": [0, 1, 1, 1]}
    loss = -(math.log(0.2) + math.log(0.1) + math.log(0.2) + math.log(0.25)) / 4
    assert p.parts[0].answer == pytest.approx(loss, rel=1e-11)
    assert p.parts[1].answer == pytest.approx([1 / (4 * 0.2), -1 / 0.4, -1 / 0.8, -1.0])


def test_backprop_medium_1():
    p = registry.show("backprop:1")
    assert p.id == "backprop:1"
    assert p.given["layers"] == [
        {"W": [[-0.5, 0.5], [1.5, 2]], "b": [-1, -1], "activation": "relu"},
        {"W": [[1.5, 2]], "b": [-0.5], "activation": "sigmoid"},
    ]
    assert p.given["x"] == [-1, 1.5] and p.given["y"] == 0
    assert [q.asks for q in p.parts] == ["dL/dW2", "dL/dW1[0,1]", "dL/db1"]
    # By hand: z2 = [0.25, 0.5] (both ReLUs on), z3 = 0.875, δ3 = σ(0.875) - 0
    d3 = 1 / (1 + math.exp(-0.875))
    assert p.parts[0].answer == pytest.approx(np.array([[0.25 * d3, 0.5 * d3]]), rel=1e-11)
    assert p.parts[1].answer == pytest.approx(1.5 * d3 * 1.5, rel=1e-11)
    assert p.parts[2].answer == pytest.approx([1.5 * d3, 2 * d3], rel=1e-11)


def test_fgsm_easy_1():
    p = registry.show("fgsm:easy:1")
    assert p.given == {
        "layers": [{"W": [[1, 2]], "b": [2], "activation": "sigmoid"}],
        "x": [-2, -2],
        "y": 1,
        "loss": "bce",
        "epsilon": 0.2,
    }
    # z = -4, δ = σ(-4) - 1 < 0, dL/dx = δ·[1, 2]: both negative, so x moves by -0.2.
    d = 1 / (1 + math.exp(4)) - 1
    assert p.parts[0].answer == pytest.approx([d, 2 * d], rel=1e-11)
    assert p.parts[1].answer == [-2.2, -2.2]


def test_ids_name_difficulty_and_seed():
    assert registry.generate("backprop", 12, "hard").id == "backprop:hard:12"
    assert registry.show("backprop:medium:12").id == "backprop:12"
    with pytest.raises(registry.BadId):
        registry.show("backprop:extreme:1")
    with pytest.raises(registry.BadId):
        registry.show("backprop:-1")
    for twice in ("backprop:hard:easy:1", "backprop:v1:v1:1", "backprop:v1:hard:easy:1"):
        with pytest.raises(registry.BadId, match="expected FAMILY"):
            registry.show(twice)
    assert registry.show("backprop:v1:hard:12").id == "backprop:hard:12"
    with pytest.raises(registry.UnknownFamily):
        registry.show("nope:1")


def test_a_family_at_a_later_version_names_it_in_its_ids():
    assert registry.generate("forward", 12, "hard").id == "forward:v3:hard:12"
    assert registry.show("forward:v3:medium:12").id == "forward:v3:12"
    for old, version in (("forward:hard:12", 1), ("forward:v1:12", 1), ("forward:v2:12", 2)):
        with pytest.raises(registry.BadId, match=f"from version {version} of 'forward'"):
            registry.show(old)  # an older version named other problems


def test_a_problem_made_for_grading_has_the_same_answers_and_mistakes():
    for family in ("backprop", "softmax", "sgd"):
        full = registry.generate(family, 4, "hard")
        lean = registry.generate(family, 4, "hard", render=False)
        assert lean.id == full.id and not lean.rendered and full.rendered
        assert lean.parts == full.parts and lean.mistakes == full.mistakes
        assert lean.question_text == "" and lean.steps == ()
        with pytest.raises(ValueError, match="without its text"):
            lean.to_dict()


def test_the_json_solution_splits_into_its_steps_and_older_json_still_reads():
    from nnquiz.problems.model import Problem, Step, split_steps

    p = registry.generate("backprop", 7)
    data = p.to_dict()
    assert set(data["solution"]) == {"text", "latex"}  # schema 1's solution, nothing twice
    assert Problem.from_dict(data).steps == p.steps and len(p.steps) > 3
    older = {**data, "solution": {**data["solution"], "steps": [
        {"text": s.text, "latex": s.latex} for s in p.steps]}}  # fmt: skip
    assert Problem.from_dict(older).steps == p.steps
    # notations that do not split alike stay one step
    assert split_steps("a\n\nb", "a") == (Step("a\n\nb", "a"),)
