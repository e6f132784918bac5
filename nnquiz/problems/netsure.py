"""The plain-float check that redraws most degenerate network variants before NumPy runs.

Generation redraws about 2 variants in 3 (backprop, medium): a pre-activation at a kink,
saturated or exactly 0, an output at 0 or 1, an answer that is all zero, a weight an SGD
step leaves as it was. A forward pass on Python floats finds most of them for a fraction
of what NumPy's pass and the checks after it cost. It names a variant only when the full
checks would redraw it too, so the problems are the same (tests/problems/test_netbuild.py):

- a value compared with a threshold must be clear of it by a bound on how far these sums
  can be from NumPy's (``MARGIN`` of the terms' magnitudes, carried through the layers);
- a pre-activation is exactly 0 only when every term of its sum is exact in floating
  point (:func:`exact_zero`), so that NumPy's sum, in any order, fused or not, is 0 too.

It says nothing past a layer it cannot follow (softmax, step near 0, ...).
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import add
from typing import Any

# Pre-activations closer than this to a kink (ReLU, step) or further than this into a
# flat tail (sigmoid, tanh) make a variant that does not teach.
KINK = 0.05
SATURATION = {"sigmoid": 4.0, "tanh": 2.5}

# How far plain-float sums may be from NumPy's, relative to the sum of the terms'
# magnitudes: far more than any order of summation or fused multiply-add can make.
MARGIN = 1e-9
_FUNCTION_SLACK = 1e-12  # math.exp/tanh against NumPy's: a few units in the last place
GRADIENT_OF = {"W_new": "dW", "b_new": "db"}  # a step leaves a weight as it was: gradient 0


def _short(v: float) -> bool:
    """A multiple of 2⁻¹⁶ of magnitude at most 2⁸: 24 significant bits at most."""
    return abs(v) <= 256 and (v * 65536.0).is_integer()


def exact_zero(row, bias, h: list[float], exact: list[bool]) -> bool:
    """Is ``bias + Σ row·h`` (0 in plain floats) exactly 0 however NumPy sums it?

    ``exact[j]`` says ``h[j]`` is NumPy's value bit for bit. A term with a factor 0 is
    ±0 exactly; every other term's factors are short (:func:`_short`), so each product is
    a multiple of 2⁻³² below 2¹⁶ and every partial sum of at most 31 of them is a float
    with no rounding: the plain sum, NumPy's, and any fused multiply-add give the exact
    sum, 0.
    """
    if len(row) > 30 or not _short(bias):
        return False
    for w, v, ex in zip(row, h, exact):
        if w == 0 or (ex and v == 0):
            continue
        if not (ex and _short(w) and _short(v)):
            return False
    return True


def _layer(lay: dict, h: list[float], err: float, exact: list[bool]):
    """A layer's pre-activations, their error bounds, and whether one is exactly 0."""
    z, zerr, zero = [], [], False
    for row, bias in zip(lay["W"], lay["b"]):
        total, scale, wsum = float(bias), abs(bias), 0.0
        for w, v in zip(row, h):
            total += w * v
            scale += abs(w * v)
            wsum += abs(w)
        z.append(total)
        zerr.append(MARGIN * scale + wsum * err + 1e-300)
        zero = zero or (total == 0 and exact_zero(row, bias, h, exact))
    return z, zerr, zero


def _clear_of(act: str, z: list[float], zerr: list[float]) -> str | None:
    """Why ``act`` on these pre-activations surely does not teach (a kink, a flat tail)."""
    if act == "relu" or act == "step":
        for zi, e in zip(z, zerr):
            if abs(zi) + e < KINK:
                return f"a {act} pre-activation is at its kink"
    elif act in SATURATION:
        limit = SATURATION[act]
        for zi, e in zip(z, zerr):
            if abs(zi) - e > limit:
                return f"a saturated {act}"
    return None


def surely_degenerate(
    given: dict[str, Any], asks, allow_zero: bool, unmoved: bool = False
) -> str | None:
    """A reason the full checks will redraw this variant, found with plain floats.

    ``unmoved``: the family redraws a variant whose SGD step leaves an asked weight as it
    was (``sgd``), so a new weight whose gradient is surely 0 is named too.
    """
    # (map, not list comprehensions: each comprehension is a function call in 3.11)
    h = list(map(float, given["x"]))
    err = 0.0  # bound on |h - NumPy's h|, every entry
    exact = [True] * len(h)  # h[j] is NumPy's h[j] bit for bit (the given x)
    dead_rows: list[list[bool]] = []  # per layer: units whose δ is surely 0 (hidden ReLU)
    zero_h: list[list[bool]] = [list(map((0.0).__eq__, h))]  # per layer: inputs h surely 0
    last = len(given["layers"]) - 1
    for k, lay in enumerate(given["layers"]):
        act = lay["activation"]
        z, zerr, zero = _layer(lay, h, err, exact)
        if zero:
            return f"layer {k + 2}: a pre-activation is exactly 0"
        why = _clear_of(act, z, zerr)
        if why is not None:
            return f"layer {k + 2}: {why}"
        if act == "relu":
            h = list(map(max, repeat(0.0), z))  # max(0.0, z): 0.0 for z ≤ 0, −0.0 too
            surely_0 = list(map((0.0).__gt__, map(add, z, zerr)))  # z + its bound < 0
            dead_rows.append(surely_0 if k < last else [False] * len(z))
            zero_h.append(surely_0)
            exact = surely_0  # NumPy's relu of a negative z is 0.0, as h[i] is
            err = max(zerr)
        elif act == "sigmoid" or act == "tanh" or act == "identity":
            if act == "sigmoid":
                h = [1 / (1 + math.exp(-zi)) for zi in z]
                err = max(zerr) / 4 + _FUNCTION_SLACK
            elif act == "tanh":
                h = list(map(math.tanh, z))
                err = max(zerr) + _FUNCTION_SLACK
            else:
                h, err = z, max(zerr)
            dead_rows.append([False] * len(z))
            zero_h.append([False] * len(z))
            exact = [False] * len(z)
        else:
            break  # softmax, step: not followed further
    return _zero_ask(asks, dead_rows, zero_h, allow_zero, unmoved)


def _zero_ask(asks, dead_rows, zero_h, allow_zero: bool, unmoved: bool) -> str | None:
    """An asked gradient that is surely all zero (a dead ReLU unit, an input of 0)."""
    for ask in asks:
        kind = ask.kind
        if unmoved and kind in GRADIENT_OF:
            kind, why = GRADIENT_OF[kind], "the step leaves it unchanged"
        elif allow_zero:
            continue
        else:
            why = "the answer is all zero"
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
            return f"{ask.raw}: {why}"
    return None
