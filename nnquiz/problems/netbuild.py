"""``build`` for families on a network: answers, mistakes, solution, and what to redraw."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

import numpy as np

from . import netmistakes, netsteps, network, pictures
from .family import Built, Rendered
from .model import LABELS, TOL, Part
from .notation import round_array

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


NAMES = pictures.ACTIVATIONS  # activation names as a title writes them (as figures do)
LOSS_NAMES = {"bce": "BCE", "cross_entropy": "cross-entropy", "mse": "MSE"}


def one_layer(given: dict[str, Any]) -> str:
    """A network of one layer as a title names it: "a single sigmoid neuron", "a layer of
    3 tanh units"."""
    layer = given["layers"][0]
    act, n = NAMES[layer["activation"]], len(layer["W"])
    return f"a single {act} neuron" if n == 1 else f"a layer of {n} {act} units"


# How far plain-float sums may be from NumPy's, relative to the sum of the terms'
# magnitudes: far more than any order of summation or fused multiply-add can make.
MARGIN = 1e-9
_FUNCTION_SLACK = 1e-12  # math.exp/tanh against NumPy's: a few units in the last place


def surely_degenerate(given: dict[str, Any], asks, allow_zero: bool) -> str | None:
    """A reason the full checks will redraw this variant, found with plain floats.

    Generation redraws about 2 variants in 3 (backprop, medium): a pre-activation at a
    kink or saturated, an output at 0 or 1, an answer that is all zero. This forward pass
    on Python floats finds most of them for a fraction of what NumPy's pass and the
    checks after it cost. It names a variant only when the value it tests is clear of
    the threshold by a bound on how far these sums can be from NumPy's (``MARGIN`` of
    the terms' magnitudes, carried through the layers), so every variant it names would
    be redrawn anyway: the problems are the same (tests/problems/test_netbuild.py).
    It says nothing past a layer it cannot follow (softmax, step near 0, ...).
    """
    h = [float(v) for v in given["x"]]
    err = 0.0  # bound on |h - NumPy's h|, every entry
    layers = given["layers"]
    last = len(layers) - 1
    dead_rows: list[list[bool]] = []  # per layer: units whose δ is surely 0 (hidden ReLU)
    zero_h: list[list[bool]] = [[v == 0 for v in h]]  # per layer: inputs h surely 0
    for k, lay in enumerate(layers):
        act = lay["activation"]
        z, zerr = [], []
        for row, bias in zip(lay["W"], lay["b"]):
            total, scale, wsum = float(bias), abs(bias), 0.0
            for w, v in zip(row, h):
                total += w * v
                scale += abs(w * v)
                wsum += abs(w)
            z.append(total)
            zerr.append(MARGIN * scale + wsum * err + 1e-300)
        if act == "relu" or act == "step":
            for zi, e in zip(z, zerr):
                if abs(zi) + e < KINK:
                    return f"layer {k + 2}: a {act} pre-activation is at its kink"
        elif act in SATURATION:
            limit = SATURATION[act]
            for zi, e in zip(z, zerr):
                if abs(zi) - e > limit:
                    return f"layer {k + 2}: a saturated {act}"
        if act == "relu":
            h = [zi if zi > 0 else 0.0 for zi in z]
            dead_rows.append([k < last and zi + e < 0 for zi, e in zip(z, zerr)])
            zero_h.append([zi + e < 0 for zi, e in zip(z, zerr)])
            err = max(zerr)
        elif act == "sigmoid" or act == "tanh" or act == "identity":
            if act == "sigmoid":
                h = [1 / (1 + math.exp(-zi)) for zi in z]
                err = max(zerr) / 4 + _FUNCTION_SLACK
            elif act == "tanh":
                h = [math.tanh(zi) for zi in z]
                err = max(zerr) + _FUNCTION_SLACK
            else:
                h, err = z, max(zerr)
            dead_rows.append([False] * len(z))
            zero_h.append([False] * len(z))
        else:
            break  # softmax, step: not followed further
    if allow_zero:
        return None
    for ask in asks:
        kind = ask.kind
        k = ask.layer - 2 if kind == "dz" else ask.layer - 1 if kind in ("dW", "db") else -1
        if k < 0 or k >= len(dead_rows):
            continue
        dead = dead_rows[k]
        if kind == "dW":
            zero_in = zero_h[k]
            if ask.index:
                i, j = ask.index
                zero = zero_in[j] or dead[i]
            else:
                zero = all(zero_in) or all(dead)
        else:
            zero = dead[ask.index[0]] if ask.index else all(dead)
        if zero:
            return f"{ask.raw}: the answer is all zero"
    return None


class _Variant:
    """One variant's passes and answers, each computed once, when first needed.

    ``build`` hands its bound methods to :class:`Built` (no reference back to the Built,
    so a redrawn variant is freed at once, without waiting for the garbage collector).
    """

    def __init__(self, given, parsed, mistake_ids, extra_check, allow_zero):
        self.given, self.parsed = given, parsed
        self.mistake_ids, self.extra_check = mistake_ids, extra_check
        self.allow_zero = allow_zero
        self.labels = LABELS[: len(parsed)]
        self._backward = network.backward_needed(parsed)
        self._exact: list | None = None
        self._parts: list[Part] | None = None

    @cached_property
    def s(self) -> network.Setup:
        return network.setup(self.given)

    @cached_property
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
        why = surely_degenerate(self.given, self.parsed, self.allow_zero)
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
        out = [pictures.network_question(self.given)]
        if network.backward_needed(self.parsed):
            out.append(pictures.network_backward(self.given, self.passes(), self.parsed))
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
) -> Built:
    """The asks checked now; the passes, answers and the rest when first needed (a variant
    whose numbers are degenerate is redrawn without them, most often without NumPy). A
    batch of examples (``nnquiz solve`` only) is worked by :mod:`netbatch`."""
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
    v = _Variant(given, network.check_asks(asks, given), mistake_ids, extra_check, allow_zero)
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
