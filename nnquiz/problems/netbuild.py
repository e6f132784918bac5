"""``build`` for families on a network: answers, mistakes, solution, and what to redraw."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import netsteps, network
from .family import Built, Rendered
from .model import Part, Tol
from .notation import round_array

TOL = Tol(rel=0.01, abs=1e-4)
LABELS = "abcdefghijklmnopqrstuvwxyz"

# Pre-activations closer than this to a kink (ReLU, step) or further than this into a
# flat tail (sigmoid, tanh) make a variant that does not teach.
KINK = 0.05
SATURATION = {"sigmoid": 4.0, "tanh": 2.5}


def degenerate(s: network.Setup, t) -> str | None:
    """Why the network's numbers do not teach (a shared check for every network family).

    The vectors are tiny, so plain Python floats are much faster to test than NumPy.
    """
    for k, lay in enumerate(s.net.layers):
        z = t.zs[k].tolist()
        act = lay.activation
        if any(v == 0 for v in z):
            return f"layer {k + 2}: a pre-activation is exactly 0"
        if act in ("relu", "step") and any(abs(v) < KINK for v in z):
            return f"layer {k + 2}: a {act} pre-activation is at its kink"
        if act in SATURATION and any(abs(v) > SATURATION[act] for v in z):
            return f"layer {k + 2}: a saturated {act}"
        if act == "softmax" and np.any(np.diff(np.sort(t.zs[k])) < 0.05):
            return f"layer {k + 2}: softmax logits tie"
    if s.loss in ("bce", "cross_entropy"):
        p = s.net.layers[-1].activation
        out = t.hs[-1].tolist()
        if p in ("sigmoid", "softmax") and any(v < 0.01 or v > 0.99 for v in out):
            return "an output probability is nearly 0 or 1"
    return None


def build(
    given: dict[str, Any],
    asks: Sequence[str],
    *,
    title: str,
    mistake_ids: Sequence[str],
    min_mistakes: int = 2,
    allow_zero: bool = False,
    extra_check: Callable[[network.Setup, Any], str | None] | None = None,
) -> Built:
    s = network.setup(given)
    parsed = network.check_asks(asks, s)
    backward = any(a.needs_backward for a in parsed)
    trace = network.run(s, backward)
    exact = [network.answer(a, s, trace) for a in parsed]
    labels = LABELS[: len(parsed)]
    parts = []
    for label, ask, ans in zip(labels, parsed, exact):
        text, latex = netsteps.prompt(ask, s)
        parts.append(Part(label, ask.raw, text, ans, TOL, latex))

    def render() -> Rendered:
        question_text, question_latex = netsteps.statement(s, given)
        steps = netsteps.solution(s, trace, parsed, parts)
        return Rendered(question_text, question_latex, tuple(steps))

    return Built(
        title,
        parts,
        render,
        mistakes=lambda: network.mistakes(mistake_ids, labels, parsed, s, exact, trace),
        rounded=lambda: dict(zip(labels, network.answers(parsed, s, quantize=round_array))),
        degenerate=degenerate(s, trace) or (extra_check(s, trace) if extra_check else None),
        allow_zero=allow_zero,
        min_mistakes=min_mistakes,
    )
