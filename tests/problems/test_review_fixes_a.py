"""Review fixes in perceptron, count_params, separable, activation_derivative and neuron.

Each expectation is worked out here from the formulas, not taken from nnquiz.
"""

from __future__ import annotations

import math
import re

import pytest

from nnquiz.answers import grade_part
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES, flatten
from nnquiz.problems.registry import BadId

SEEDS = range(150)

# ---------------------------------------------------------------- perceptron: new weights


def test_a_perceptron_step_of_0_01_left_out_is_refused():
    # the review's perceptron:hard:5: η·y·x₃ = 0.1·(−1)·0.1 = −0.01, so θ₃ goes −1 → −1.01
    given = {"theta": [0.4, 0.6, -1], "b": 0.3, "x": [1.3, -0.1, 0.1], "y": -1, "lr": 0.1}
    p = registry.solve("perceptron", given, ["theta_new", "b_new"])
    assert p.parts[0].answer == pytest.approx([0.27, 0.61, -1.01], abs=1e-12)
    assert grade_part(p, "a", "[0.27, 0.61, -1.01]").correct
    assert grade_part(p, "a", "[0.2701, 0.6099, -1.0101]").correct  # 4 digits are enough
    assert not grade_part(p, "a", "[0.27, 0.61, -1]").correct  # θ₃ not updated
    assert not grade_part(p, "a", "[0.27, 0.61, -1.02]").correct
    assert not grade_part(p, "b", "0.3").correct  # b not updated (step −0.1)


def test_perceptron_new_weights_use_sgds_tolerance_at_every_difficulty():
    for d in DIFFICULTIES:
        for seed in range(20):
            p = registry.generate("perceptron", seed, d, render=False)
            for part in p.parts:
                if part.asks != "score":
                    assert (part.tol.rel, part.tol.abs) == (0.001, 1e-4), (p.id, part.asks)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_leaving_any_one_entry_of_theta_unchanged_is_refused(difficulty):
    for seed in SEEDS:
        p = registry.generate("perceptron", seed, difficulty, render=False)
        g = p.given
        part = next(q for q in p.parts if q.asks == "theta_new")
        lr, y = g.get("lr", 1), g["y"]
        right = [t + lr * y * x for t, x in zip(g["theta"], g["x"])]
        assert part.answer == pytest.approx(right, abs=1e-9)
        for i, old in enumerate(g["theta"]):
            stale = right[:i] + [old] + right[i + 1 :]
            assert not part.tol.accepts(old, right[i]), (p.id, i)
            assert not grade_part(p, part.label, str(stale)).correct, (p.id, i)


def test_perceptron_ids_carry_their_version():
    assert registry.generate("perceptron", 5, "hard").id == "perceptron:v3:hard:5"
    with pytest.raises(BadId, match="version 1 of 'perceptron'"):
        registry.show("perceptron:hard:5")


def test_an_entry_of_theta_new_has_one_subscript_in_latex():
    given = {"theta": [1, -2], "b": 0.5, "x": [2, -1], "y": -1}
    p = registry.solve("perceptron", given, ["theta_new[1]"])
    assert p.parts[0].answer == -1
    assert r"\theta_{2,\text{new}}" in p.parts[0].prompt_latex
    assert not re.search(r"_\{[^{}]*\}_", p.parts[0].prompt_latex + p.solution_latex)


# ---------------------------------------------------------------- activation_derivative


def _ad(seed: int, difficulty: str):
    return registry.generate("activation_derivative", seed, difficulty, render=False)


def test_medium_draws_dead_relus():
    dead = live = 0
    for seed in range(300):
        p = _ad(seed, "medium")
        g = p.given
        if g["activation"] != "relu":
            continue
        if g["z"] < 0:
            dead += 1
            # ReLU′(z) = 0 for z < 0: no gradient passes back
            assert [q.answer for q in p.parts] == [0, 0], p.id
            assert [m.id for m in p.mistakes] == ["relu_slope_everywhere"], p.id
            assert p.mistakes[0].answers == {"a": 1, "b": g["upstream"]}
        else:
            live += 1
            assert [q.answer for q in p.parts] == [1, g["upstream"]], p.id
    assert dead >= 30 and live >= 30, (dead, live)  # about half the ReLU problems each


def test_dead_relus_still_need_two_mistakes_at_hard():
    for seed in SEEDS:
        g = _ad(seed, "hard").given
        if g["activation"] == "relu":
            assert any(z > 0 for z in g["z"]), seed


# ---------------------------------------------------------------- z = 0 for tanh and sigmoid


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_activation_derivative_never_draws_tanh_at_zero(difficulty):
    for seed in SEEDS:
        p = _ad(seed, difficulty)
        g = p.given
        zs = g["z"] if isinstance(g["z"], list) else [g["z"]]
        if g["activation"] == "tanh":
            assert 0 not in zs, p.id
        asks_h = any(q.asks.startswith("h") for q in p.parts)
        if g["activation"] == "sigmoid" and asks_h:
            assert 0 not in zs, p.id


def test_tanh_at_zero_is_redrawn_and_why():
    # tanh(0) = 0, tanh′(0) = 1 − 0² = 1: the rule with z (1 − z²) and without the square
    # (1 − h) both give 1 as well, so the variant cannot tell them apart
    fam = registry.get("activation_derivative")
    built = fam.build({"activation": "tanh", "z": 0, "upstream": 2}, ["h", "dh/dz", "dL/dz"])
    assert [p.answer for p in built.parts] == [0, 1, 2]
    assert "tanh at z = 0" in registry.reason_to_redraw(built)
    built = fam.build({"activation": "tanh", "z": [0.5, 0, -1]}, ["dh/dz"])
    assert registry.reason_to_redraw(built)
    # σ(0) = 1/2 whether e^(−z) or e^(+z) is used
    built = fam.build({"activation": "sigmoid", "z": 0, "upstream": 2}, ["h", "dh/dz", "dL/dz"])
    assert [p.answer for p in built.parts] == [0.5, 0.25, 0.5]
    assert "sigmoid at z = 0" in registry.reason_to_redraw(built)
    # but solve works it, as asked
    p = registry.solve("activation_derivative", {"activation": "tanh", "z": 0}, ["dh/dz"])
    assert p.parts[0].answer == 1


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_neuron_never_draws_tanh_or_sigmoid_at_zero(difficulty):
    for seed in SEEDS:
        p = registry.generate("neuron", seed, difficulty, render=False)
        g = p.given
        z = sum(w * x for w, x in zip(g["w"], g["x"])) + g["w0"]
        if g["activation"] in ("tanh", "sigmoid"):
            assert abs(z) > 1e-9, p.id
        h = {"tanh": math.tanh, "sigmoid": lambda v: 1 / (1 + math.exp(-v))}.get(g["activation"])
        if h is not None:
            assert p.parts[-1].answer == pytest.approx(h(z), rel=1e-9)


def test_a_neuron_at_zero_is_redrawn():
    fam = registry.get("neuron")
    for act, h in (("tanh", 0), ("sigmoid", 0.5)):
        # z = 1·1 + 1·(−2) + 1 = 0
        built = fam.build({"w": [1, 1], "w0": 1, "x": [1, -2], "activation": act}, ["z", "h"])
        assert [p.answer for p in built.parts] == [0, h]
        assert f"{act} at z = 0" in registry.reason_to_redraw(built)


def test_version_2_ids():
    assert registry.generate("activation_derivative", 1, "easy").id.startswith(
        "activation_derivative:v2:easy:"
    )
    assert registry.generate("neuron", 5, "easy").id == "neuron:v2:easy:5"
    for old in ("activation_derivative:easy:1", "neuron:easy:5"):
        with pytest.raises(BadId, match="version 1"):
            registry.show(old)


# ---------------------------------------------------------------- count_params wording


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_count_params_prompts_say_the_network(difficulty):
    for seed in range(40):
        p = registry.generate("count_params", seed, difficulty)
        for part in p.parts:
            assert " it " not in part.prompt, (p.id, part.prompt)
            if part.asks in ("weights", "biases", "params"):
                assert "does the network have" in part.prompt
        text = p.solution_text
        assert not re.search(r"(?<!\+ )\b1 (biases|weights|units|inputs)\b", text + p.question_text)
        assert "(n² with" not in text
        # no double spaces inside a line (the indentation of displayed lines aside)
        assert not any("  " in line.strip() for line in text.splitlines()), p.id


def test_count_params_layer_lines_by_hand():
    p = registry.solve("count_params", {"sizes": [3, 4, 4, 1]}, ["biases"])
    lines = p.solution_text.splitlines()
    # 3·4 = 12 (+4 biases), 4·4 = 16 = 4² (+4), 4·1 = 4 (+1 bias)
    assert "    W⁽¹⁾: 3·4 = 12 weights + 4 biases = (3 + 1)·4 = 16" in lines
    assert "    W⁽²⁾: 4·4 = 4² = 16 weights + 4 biases = (4 + 1)·4 = 20" in lines
    assert "    W⁽³⁾: 4·1 = 4 weights + 1 bias = (4 + 1)·1 = 5" in lines
    assert p.parts[0].answer == 4 + 4 + 1
    assert r"4 \cdot 4 = 4^2 = 16\text{ weights}" in p.solution_latex
    assert r"1\text{ bias} =" in p.solution_latex


def test_count_params_draws_and_answers_are_unchanged():
    # wording only: no version bump, the same ids give the same networks
    assert registry.generate("count_params", 1, "hard").id == "count_params:hard:1"
    assert registry.show("count_params:hard:1").given == {"sizes": [100, 100, 100, 16, 1]}


# ---------------------------------------------------------------- LaTeX keeps the text's Unicode
# (the rule for every family's LaTeX is tested in test_latex_prose.py)


def test_the_text_form_keeps_its_unicode():
    p = registry.generate("separable", 0, "easy")
    assert "θ·x + b = 0" in p.question_text and "y(θ·x + b) ≤ 0" in p.question_text
    assert r"\(\theta \cdot x + b = 0\)" in p.question_latex
    p = registry.generate("perceptron", 0, "easy")
    assert "sign(θ·x + b)" in p.question_text
    for v in flatten(p.parts[1].answer):
        assert float(v) == int(v)  # easy: whole numbers
