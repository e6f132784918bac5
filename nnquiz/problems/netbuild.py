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
NEAR_0, NEAR_1 = 0.01, 0.99  # an output probability this close to 0 or 1 does not teach


def degenerate(s: network.Setup, t) -> str | None:
    """Why the network's numbers do not teach (a shared check for every network family).

    The vectors are tiny, so plain Python floats are much faster to test than NumPy (and
    ``map`` with a bound comparison is the fastest way to ask "is any entry …").
    """
    for k, lay in enumerate(s.net.layers):
        z = t.zs[k].tolist()
        act = lay.activation
        if 0 in z:  # == 0, so -0.0 too
            return f"layer {k + 2}: a pre-activation is exactly 0"
        if act in ("relu", "step") and any(map(KINK.__gt__, map(abs, z))):
            return f"layer {k + 2}: a {act} pre-activation is at its kink"
        if act in SATURATION and any(map(SATURATION[act].__lt__, map(abs, z))):
            return f"layer {k + 2}: a saturated {act}"
        if act == "softmax" and np.any(np.diff(np.sort(t.zs[k])) < 0.05):
            return f"layer {k + 2}: softmax logits tie"
    if s.loss in ("bce", "cross_entropy"):
        p = s.net.layers[-1].activation
        out = t.hs[-1].tolist()
        if p in ("sigmoid", "softmax") and (
            any(map(NEAR_0.__gt__, out)) or any(map(NEAR_1.__lt__, out))
        ):
            return "an output probability is nearly 0 or 1"
    return None


def zero_by_forward(asks, s: network.Setup, t) -> str | None:
    """Which ask's answer the forward pass alone shows to be all zero (or not finite).

    ∂L/∂W of layer k is δ⁽ᵏ⁾(h⁽ᵏ⁾)ᵀ and ∂L/∂b is δ⁽ᵏ⁾, and a hidden ReLU unit with z < 0
    passes back δ = 0: where h⁽ᵏ⁾ or those δ entries vanish, so does the gradient. Any
    variant named here fails the registry's "all zero" (or "not finite") check; naming it
    before the backward pass only saves that pass.
    """
    layers = s.net.layers
    for ask in asks:
        kind = ask.kind
        if kind == "dz":
            k = ask.layer - 2
        elif kind in ("dW", "db"):
            k = ask.layer - 1
        else:
            continue
        if k < len(layers) - 1 and layers[k].activation == "relu":
            alive = [z >= 0 for z in t.zs[k].tolist()]  # rows whose δ may be nonzero
        else:
            alive = None
        if kind == "dW":
            live_h = [h != 0 for h in t.hs[k].tolist()]
            if ask.index:
                i, j = ask.index
                zero = not live_h[j] or (alive is not None and not alive[i])
            else:
                zero = not any(live_h) or (alive is not None and not any(alive))
        elif alive is None:
            continue
        else:
            zero = not alive[ask.index[0]] if ask.index else not any(alive)
        if zero:
            return f"{ask.raw}: the answer is all zero"
    return None


class _Variant:
    """One variant's passes and answers, each computed once, when first needed.

    ``build`` hands its bound methods to :class:`Built` (no reference back to the Built,
    so a redrawn variant is freed at once, without waiting for the garbage collector).
    """

    def __init__(self, given, s, parsed, mistake_ids, extra_check, allow_zero):
        self.given, self.s, self.parsed = given, s, parsed
        self.mistake_ids, self.extra_check = mistake_ids, extra_check
        self.allow_zero = allow_zero
        self.labels = LABELS[: len(parsed)]
        self.trace = network.run(s, backward=False)
        self._backward = any(a.needs_backward for a in parsed)
        self._exact: list | None = None
        self._parts: list[Part] | None = None

    def passes(self):
        if self._backward:
            self._backward = False
            network.complete(self.s, self.trace)
        return self.trace

    def exact(self) -> list:
        if self._exact is None:
            t = self.passes()
            self._exact = [network.answer(a, self.s, t) for a in self.parsed]
        return self._exact

    def parts(self) -> list[Part]:
        if self._parts is None:
            self._parts = []
            for label, ask, ans in zip(self.labels, self.parsed, self.exact()):
                text, latex = netsteps.prompt(ask, self.s)
                self._parts.append(Part(label, ask.raw, text, ans, TOL, latex))
        return self._parts

    def degenerate(self) -> str | None:
        why = degenerate(self.s, self.trace)
        if why is None and not self.allow_zero:
            why = zero_by_forward(self.parsed, self.s, self.trace)
        if why is None and self.extra_check is not None:
            why = self.extra_check(self.s, self.passes())
        return why

    def mistakes(self):
        s, t = self.s, self.passes()
        return network.mistakes(self.mistake_ids, self.labels, self.parsed, s, self.exact(), t)

    def rounded(self) -> dict:
        return dict(zip(self.labels, network.answers(self.parsed, self.s, quantize=round_array)))

    def render(self) -> Rendered:
        question_text, question_latex = netsteps.statement(self.s, self.given)
        steps = netsteps.solution(self.s, self.passes(), self.parsed, self.parts())
        return Rendered(question_text, question_latex, tuple(steps))


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
    """The network's forward pass now; the backward pass, answers and the rest when first
    needed (a variant whose forward pass is degenerate is redrawn without them)."""
    s = network.setup(given)
    v = _Variant(given, s, network.check_asks(asks, s), mistake_ids, extra_check, allow_zero)
    return Built(
        title,
        v.parts,
        v.render,
        mistakes=v.mistakes,
        rounded=v.rounded,
        degenerate=v.degenerate,
        allow_zero=allow_zero,
        min_mistakes=min_mistakes,
    )
