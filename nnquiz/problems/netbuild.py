"""``build`` for families on a network: answers, mistakes, solution, and what to redraw."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import netmistakes, netsteps, network, pictures
from .family import Built, Rendered, once
from .model import LABELS, TOL, Part
from .netsure import KINK, SATURATION, surely_degenerate
from .notation import round_array

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


NAMES = pictures.ACTIVATIONS  # activation names as a title writes them (as figures do)
LOSS_NAMES = {"bce": "BCE", "cross_entropy": "cross-entropy", "mse": "MSE"}


def one_layer(given: dict[str, Any]) -> str:
    """A network of one layer as a title names it: "a single sigmoid neuron", "a layer of
    3 tanh units"."""
    layer = given["layers"][0]
    act, n = NAMES[layer["activation"]], len(layer["W"])
    return f"a single {act} neuron" if n == 1 else f"a layer of {n} {act} units"


class _Variant:
    """One variant's passes and answers, each computed once, when first needed.

    ``build`` hands its bound methods to :class:`Built` (no reference back to the Built,
    so a redrawn variant is freed at once, without waiting for the garbage collector).
    """

    def __init__(self, given, parsed, mistake_ids, extra_check, allow_zero, unmoved=False):
        self.given, self.parsed = given, parsed
        self.mistake_ids, self.extra_check = mistake_ids, extra_check
        self.allow_zero, self.unmoved = allow_zero, unmoved
        self.labels = LABELS[: len(parsed)]
        self._backward = network.backward_needed(parsed)
        self._exact: list | None = None
        self._parts: list[Part] | None = None

    @once
    def s(self) -> network.Setup:
        return network.setup(self.given)

    @once
    def trace(self):
        """The forward pass (``passes`` adds the backward pass)."""
        return network.run(self.s, backward=False)

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
                text, latex = netsteps.statement.prompt(ask, self.s)
                self._parts.append(Part(label, ask.raw, text, ans, TOL, latex))
        return self._parts

    def degenerate(self) -> str | None:
        why = surely_degenerate(self.given, self.parsed, self.allow_zero, self.unmoved)
        if why is not None:
            return why  # found without NumPy
        why = degenerate(self.s, self.trace)
        if why is None and self.extra_check is not None:
            why = self.extra_check(self.s, self.passes())
        return why

    def mistakes(self):
        s, t = self.s, self.passes()
        return netmistakes.mistakes(self.mistake_ids, self.labels, self.parsed, s, self.exact(), t)

    def rounded(self) -> dict:
        return dict(zip(self.labels, network.answers(self.parsed, self.s, quantize=round_array)))

    def render(self) -> Rendered:
        question_text, question_latex = netsteps.statement.statement(self.s, self.given)
        steps = netsteps.solution(self.s, self.passes(), self.parsed, self.parts())
        return Rendered(question_text, question_latex, tuple(steps))

    def figures(self) -> list:
        """The network; the backward pass too when the problem goes backward."""
        shaped = pictures.shape(self.given)
        out = [pictures.network_question(self.given, shaped)]
        if network.backward_needed(self.parsed):
            out.append(pictures.network_backward(self.given, self.passes(), self.parsed, shaped))
        return out


def build(
    given: dict[str, Any],
    asks: Sequence[str],
    *,
    title: str,
    mistake_ids: Sequence[str],
    min_mistakes: int = 2,
    allow_zero: bool = False,
    extra_check: Callable[[network.Setup, Any], str | None] | None = None,
    unmoved: bool = False,
) -> Built:
    """The asks checked now; the passes, answers and the rest when first needed (a variant
    whose numbers are degenerate is redrawn without them, most often without NumPy). A
    batch of examples (``nnquiz solve`` only) is worked by :mod:`netbatch`. ``unmoved``:
    the family redraws a variant whose step leaves an asked new weight as it was (sgd)."""
    if network.is_batch(given):
        from . import netbatch

        return netbatch.build(
            given,
            asks,
            title=title,
            mistake_ids=mistake_ids,
            min_mistakes=min_mistakes,
            allow_zero=allow_zero,
        )
    parsed = network.check_asks(asks, given)
    v = _Variant(given, parsed, mistake_ids, extra_check, allow_zero, unmoved)
    return Built(
        title,
        v.parts,
        v.render,
        mistakes=v.mistakes,
        rounded=v.rounded,
        degenerate=v.degenerate,
        allow_zero=allow_zero,
        min_mistakes=min_mistakes,
        figures=v.figures,
    )
