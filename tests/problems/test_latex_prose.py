r"""The LaTeX of every family: math inside \( \) or \[ \], plain ASCII words around it.

A problem's LaTeX (``question_latex``, ``solution_latex``, each part's ``prompt_latex``)
must compile and let MathJax see all the math: Unicode math (θ, ≤, x₁, W⁽ᵏ⁾, σ′) or a
bare ``_`` outside math breaks a LaTeX compile, and so does a Unicode character in
``\text{}`` (→). The text form keeps its Unicode.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from nnquiz.problems import registry
from nnquiz.problems.families import BUILTIN_MODULES
from nnquiz.problems.model import DIFFICULTIES
from nnquiz.render.texmath import segments

SEEDS = range(30)  # enough for every sentence template of every family
_HIDDEN = {"W": [[0.5, -0.5], [1, 1]], "b": [0.1, 0], "activation": "tanh"}


def _net(out: str, loss: str, y) -> dict:
    rows = len(y) if isinstance(y, list) else 2
    layer = {"W": [[1, -2], [0.5, 0.5]][:rows], "b": [0, 0.2][:rows], "activation": out}
    return {"layers": [_HIDDEN, layer], "x": [1, -1], "y": y, "loss": loss}


# Sentences that only problems written by hand (nnquiz solve) reach
SOLVED = [
    ("perceptron", {"theta": [1, -2], "b": 0.5, "x": [2, -1], "y": 1, "lr": 0.5}, None),
    ("perceptron", {"theta": [1, 2], "x": [1, 1], "y": -1}, ["score", "theta_new[0]", "b_new"]),
    ("count_params", {"sizes": [2, 3, 3, 1]}, ["layer_params", "layer_weights", "weights"]),
    ("separable", {"points": [[0, 0], [1, 1], [2, 0]], "labels": [1, -1, 1]}, None),
    (
        "separable",
        {"points": [[0, 0], [1, 0], [0, 1], [1, 1]], "labels": [-1, 1, -1, -1], "theta": [1, 0]},
        None,
    ),
    # losses on an output they do not fuse with; large logits
    ("backprop", _net("relu", "bce", [1, 0]), ["dL/dW2", "loss"]),
    ("backprop", _net("sigmoid", "cross_entropy", 1), ["dL/dW2", "loss"]),
    ("backprop", _net("identity", "mse", [0.5, 1]), ["dL/dW2", "loss"]),
    ("cross_entropy", {"logits": [100, 101, 102], "y": 0}, None),
    # negative losses (a minus sign) and no training loss
    ("early_stopping", {"val": [0.5, -0.2, -0.1, -0.15, 0.3], "patience": 2}, None),
    (
        "early_stopping",
        {
            "train": [1, -0.5, -0.6, -0.7, -0.8],
            "val": [0.5, -0.2, -0.1, -0.15, -0.3],
            "patience": 3,
        },
        None,
    ),
    (
        "activation_derivative",
        {"activation": "relu", "z": [1.5, -0.5, 0], "upstream": [1, 2, 3]},
        None,
    ),
    (
        "regularization",
        {
            "penalty": "l1",
            "lambda": 0.1,
            "w": [0, -1.5],
            "data_loss": 0.3,
            "data_grad": [0.2, -0.1],
            "lr": 0.5,
        },
        None,
    ),
    (
        "lr_schedule",
        {"schedule": "step", "lr0": 0.1, "t": 3, "factor": 0.5, "every": 2, "threshold": 0.03},
        None,
    ),
    ("vanishing", {"w": [1, -2], "z": [0.5, -1]}, ["product", "dL/dx", "dL/dx_relu"]),
    ("bce", {"p": [0.2, 0.9], "y": [0, 1]}, ["loss", "dL/dp"]),
]


@cache
def _generated(family: str) -> tuple:
    return tuple(registry.generate(family, seed, d) for d in DIFFICULTIES for seed in SEEDS)


@cache
def _solved() -> tuple:
    return tuple(registry.solve(fam, given, asks) for fam, given, asks in SOLVED)


def _problems(family: str):
    yield from _generated(family)
    yield from (p for p in _solved() if p.family == family)


def _texts(p) -> list[str]:
    return [p.question_latex, p.solution_latex] + [q.prompt_latex for q in p.parts]


def test_every_family_is_covered():
    assert {fam for fam, _, _ in SOLVED} <= set(registry.ids())
    assert len(registry.ids()) == len(BUILTIN_MODULES)


@pytest.mark.parametrize("family", registry.ids())
def test_latex_text_outside_math_is_plain(family):
    """Words outside \\( \\) are ASCII, without _ ^ or \\; math is ASCII too (\\text{} as well)."""
    for p in _problems(family):
        for t in _texts(p):
            for seg in segments(t):
                if seg.kind == "text":
                    bad = [c for c in seg.body if ord(c) > 127 or c in "_^\\"]
                else:
                    bad = [c for c in seg.body if ord(c) > 127]
                assert not bad, (p.id, seg.kind, bad, seg.body)


def test_latex_of_every_family_typesets():
    """MathJax typesets each formula. Every number is written 1 first: digits and signs never
    decide whether TeX typesets, and the formulas of 30 seeds shrink to a few hundred shapes."""
    from tests.export.test_mathjax import _check, _mathjax_or_skip

    _mathjax_or_skip()
    number = re.compile(r"-?\d+(\.\d+)?")
    items = sorted(
        {
            (number.sub("1", seg.body), seg.kind == "display")
            for fam in registry.ids()
            for p in _problems(fam)
            for t in _texts(p)
            for seg in segments(t)
            if seg.kind != "text"
        }
    )
    assert len(items) > 800
    _check(items)


# ---------------------------------------------------------------- the text these fixes changed


def _text(p) -> str:
    return "\n".join([p.question_text, p.solution_text] + [q.prompt for q in p.parts])


def test_the_text_form_keeps_its_unicode():
    p = registry.generate("forward", 0, "easy")
    assert "computes z = Σⱼ wⱼxⱼ + w₀ and h = g(z)" in p.question_text
    assert r"computes \(z = \sum_j w_j x_j + w_0\) and \(h = g(z)\)" in p.question_latex
    assert "b⁽ᵃ⁾_j is the bias of node j of layer a+1 (the notes' w₀)." in p.question_text
    p = registry.solve("bce", {"p": [0.2, 0.9], "y": [0, 1]}, ["loss"])
    assert "survives: ln p when y = 1, ln(1 − p) when y = 0." in p.solution_text
    assert r"\(\ln(1 - p)\) when \(y = 0\)" in p.solution_latex


def test_early_stopping_logs_are_tables_with_words_in_text():
    """The epoch log is a table: numbers in math, verdicts as words (never \\text{} in math)."""
    p = registry.generate("early_stopping", 0, "easy")
    assert "  new best" in p.solution_text
    assert r"| \(1\) | " in p.solution_latex and " | new best |" in p.solution_latex
    assert r"\text{" not in p.solution_latex.split("Answers:")[0]
    assert "| epoch | training loss | validation loss |" in p.question_latex


def test_the_vector_chain_rule_is_elementwise():
    entries = 0
    for seed in range(10):
        p = registry.generate("activation_derivative", seed, "hard")
        text = p.solution_text
        assert "Chain rule: ∂L/∂z = ∂L/∂h ⊙ g′(z) (⊙ multiplies entry by entry)." in text
        assert r"\frac{\partial L}{\partial h} \odot g'(z)" in p.solution_latex
        assert "∂L/∂h · g′(z)" not in text
        for line in text.splitlines():
            if "   (z" in line:  # a ReLU entry names itself: g′(z₁) = 1   (z₁ = 2.2 > 0)
                assert re.fullmatch(r" +g′\((z[₁-₉])\) = [01] {3}\(\1 = −?[\d.]+ [>≤] 0\)", line)
                entries += 1
    assert entries >= 6
    for seed in range(3):  # a single z keeps the scalar rule
        text = registry.generate("activation_derivative", seed, "medium").solution_text
        assert "∂L/∂h · g′(z)" in text and "⊙" not in text


def test_a_relu_entry_names_its_z():
    p = registry.solve("activation_derivative", {"activation": "relu", "z": [2.2, -0.5]}, ["dh/dz"])
    assert "    g′(z₁) = 1   (z₁ = 2.2 > 0)" in p.solution_text
    assert "    g′(z₂) = 0   (z₂ = −0.5 ≤ 0)" in p.solution_text
    assert r"(z_{1} = 2.2 > 0)" in p.solution_latex
    p = registry.solve("activation_derivative", {"activation": "relu", "z": -1}, ["dh/dz"])
    assert "    g′(z) = 0   (z = −1 ≤ 0)" in p.solution_text


@pytest.mark.parametrize("difficulty", ["medium", "hard"])
def test_vanishing_counts_k_over_the_layers_everywhere(difficulty):
    # z⁽ᵏ⁺¹⁾ = w⁽ᵏ⁾h⁽ᵏ⁾ + b⁽ᵏ⁾: layer k's pre-activation is z⁽ᵏ⁺¹⁾, in the prompt as in
    # the solution
    for seed in range(10):
        text = _text(registry.generate("vanishing", seed, difficulty))
        assert "z⁽ᵏ⁾" not in text
        assert "σ′(z⁽ᵏ⁺¹⁾)" in text
        if difficulty == "medium":
            assert "Πₖ σ′(z⁽ᵏ⁺¹⁾)" in text


def test_vanishing_relu_comparison_is_a_what_if():
    p = registry.generate("vanishing", 0, "hard")
    prompt = p.parts[1].prompt
    assert "(same w and z)" not in prompt
    assert "as if each unit were a ReLU at the same pre-activation z" in prompt
    assert "real ReLU units would change the later z" in prompt
    latex = p.parts[1].prompt_latex
    assert r"as if each unit were a ReLU at the same pre-activation \(z\)" in latex
