"""Every formula of the deck, typeset by MathJax itself (Node, npm package mathjax-full).

The formulas are taken from the cards exactly as Anki renders them, after HTML decoding,
one text node at a time (as MathJax reads a page). Undefined macros and TeX errors count
as errors. Run ``npm ci --prefix tests/mathjax`` once to install MathJax. Where it is
missing the test is skipped on a developer's machine, and FAILS in CI (CI=true).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nnquiz.problems import registry
from tests.conftest import run_cli

from .ankitools import formulas, import_apkg

HERE = Path(__file__).resolve().parent.parent / "mathjax"
SCRIPT = HERE / "typeset.mjs"


def _mathjax_or_skip() -> str:
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed"
    elif not (HERE / "node_modules" / "mathjax-full" / "package.json").exists():
        missing = "MathJax is not installed: run npm ci --prefix tests/mathjax"
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing} (CI must typeset every formula)")
        pytest.skip(missing)
    return node


def typeset(items: list[tuple[str, bool]]) -> dict:
    """MathJax's verdict on each ``(tex, display)``: ``{"typeset": n, "errors": [...]}``."""
    node = _mathjax_or_skip()
    payload = json.dumps([{"tex": t, "display": d} for t, d in items])
    r = subprocess.run(
        [node, str(SCRIPT)], input=payload, capture_output=True, text=True, timeout=600
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_mathjax_reports_errors():
    """The checker itself: a good formula passes, bad ones are caught with a reason."""
    result = typeset(
        [
            (r"\frac{1}{2} \begin{bmatrix}1 & 2\end{bmatrix} < \operatorname{sign}(x)", True),
            (r"\undefinedmacro x", False),
            (r"\frac{1}{2", False),
            (r"\begin{foo}x\end{foo}", True),
        ]
    )
    assert result["typeset"] == 4
    assert [e["index"] for e in result["errors"]] == [1, 2, 3]
    assert "Undefined control sequence" in result["errors"][0]["error"]


def _deck_formulas(tmp_path, *args) -> list[tuple[str, bool]]:
    from anki.collection import Collection

    path = tmp_path / "deck.apkg"
    r = run_cli("export", "-o", str(path), *args)
    assert r.returncode == 0, r.stderr
    col = Collection(str(tmp_path / f"c{len(list(tmp_path.iterdir()))}.anki2"))
    try:
        import_apkg(col, path)
        found: set[tuple[str, bool]] = set()
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            found.update(formulas(card.question()))
            found.update(formulas(card.answer()))
    finally:
        col.close()
    return sorted(found)


def _check(items):
    result = typeset(items)
    assert result["typeset"] == len(items)
    errors = [f"{e['error']}: {e['tex']}" for e in result["errors"]]
    assert not errors, "\n".join(errors[:20])


def test_every_formula_of_the_default_deck_typesets(tmp_path):
    _mathjax_or_skip()
    items = _deck_formulas(tmp_path)
    assert len(items) > 500
    _check(items)


def test_every_family_typesets_over_more_seeds(tmp_path):
    """More variants of every family than the default deck holds (new seeds)."""
    _mathjax_or_skip()
    items = _deck_formulas(tmp_path, "--no-concepts", "--variants", "8", "--seed", "1000")
    assert len(items) > 1000
    _check(items)
    assert len(registry.families()) >= 6


def test_every_kind_of_ask_typesets():
    """Asks the generated families rarely draw (entries of a gradient step, FGSM entries),
    worked through ``nnquiz solve``'s path. An entry's new value once gave TeX a double
    subscript (w^{(1)}_{12}_{new})."""
    _mathjax_or_skip()
    given = {
        "layers": [
            {"W": [[1, -2], [0.5, 3]], "b": [0, 1], "activation": "relu"},
            {"W": [[2, 1]], "b": [-1], "activation": "sigmoid"},
        ],
        "x": [1, 2],
        "y": 1,
        "loss": "bce",
        "lr": 0.5,
        "epsilon": 0.1,
    }
    asks = ["W1_new[0,1]", "b1_new[1]", "W2_new", "b2_new", "dL/dW1[1,0]", "dL/db1[0]",
            "dL/dz2[1]", "dL/dx[0]", "x_adv[1]", "z2[0]", "h2[1]", "output", "loss"]  # fmt: skip
    p = registry.solve("backprop", given, asks)
    texts = [p.question_latex, p.solution_latex] + [q.prompt_latex for q in p.parts]
    items = sorted({f for t in texts for f in formulas(t)})
    assert len(items) > 30
    _check(items)


def test_solutions_only_user_written_problems_reach_typeset():
    """Worked-solution lines generated problems never show: large logits shifted by the
    largest, and ∂L/∂h at an output the loss does not fuse with (MSE, BCE after σ,
    cross-entropy after softmax), with one output and with several."""
    _mathjax_or_skip()
    hidden = {"W": [[0.5, -0.5], [1, 1]], "b": [0.1, 0], "activation": "tanh"}
    problems = [
        registry.solve("cross_entropy", {"logits": [100, 101, 102], "y": 0}),
        registry.solve("softmax", {"logits": [40, 41.5]}),
    ]
    for out, loss, y in [
        ("identity", "mse", [0.5]),
        ("identity", "mse", [0.5, 1]),
        ("relu", "bce", [1]),
        ("relu", "bce", [1, 0]),
        ("sigmoid", "cross_entropy", 1),
    ]:
        rows = len(y) if isinstance(y, list) else 2
        layer = {"W": [[1, -2], [0.5, 0.5]][:rows], "b": [0, 0.2][:rows], "activation": out}
        given = {"layers": [hidden, layer], "x": [1, -1], "y": y, "loss": loss}
        problems.append(registry.solve("backprop", given, ["dL/dW2"]))
    sigmoid_out = {"W": [[2, 1]], "b": [33], "activation": "sigmoid"}
    for y in (0, 1):  # saturated: the loss worked from z; and ∂L/∂ŷ at a fused output
        given = {"layers": [hidden, sigmoid_out], "x": [1, -1], "y": y, "loss": "bce"}
        problems.append(registry.solve("backprop", given, ["loss", "dL/dh3", "delta3"]))
    softmax_out = {"W": [[1, -2], [0.5, 0.5]], "b": [0, 0.2], "activation": "softmax"}
    batch = {"layers": [hidden, softmax_out], "x": [[1, -1], [0.5, 2]], "y": [1, 0]}
    problems.append(
        registry.solve("sgd", {**batch, "loss": "ce", "lr": 0.1}, ["loss", "W2_new", "output"])
    )
    problems.append(registry.solve("bce", {"p": 0.8, "y": 1}, ["loss", "dL/dp"]))
    texts = [p.solution_latex for p in problems]
    texts += [p.question_latex for p in problems[-2:]]
    assert any(r"\sum_j e^{z_j - m}" in t for t in texts)
    assert any(r"\ln\left(1 + e^{34.60}\right)" in t for t in texts)
    assert any(r"\frac{2}{2}(\hat{y} - y)" in t for t in texts)
    items = sorted({f for t in texts for f in formulas(t)})
    assert len(items) > 40
    _check(items)
