"""Family ``dropout``: a layer's output under a dropout mask, and at test time.

Convention (the original dropout paper's, and the notes' "at test time keep all nodes and
use a weighted sum"): during training each input unit of the layer is kept with
probability p and dropped (set to 0) otherwise, with no rescaling, so
z_train = W(m ⊙ h) + b for the mask m. At test time every unit is kept and the weights
leaving the dropout layer are scaled by p: z_test = (pW)h + b. The bias is neither
dropped nor scaled. (Inverted dropout, which divides by p during training instead and
leaves W alone at test time, gives the same expected values; it is not used here.)

given: ``{"W": [[...]], "b": [...], "h": [...], "mask": [1 or 0, ...], "p_keep": p}``;
asks: ``z_train``, ``z_test`` (and entries ``[i]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ...figures import network as netfig
from .. import draws, pictures, plain
from ..family import Built, Family, GivenError, Redraw, same
from ..model import prose, step
from ..notation import (
    EQ,
    TIMES,
    M,
    cat,
    column,
    dot_terms,
    inline,
    matrix,
    num,
    rel_all,
    row,
    sub,
    transpose,
    value,
)

KEYS = ("W", "b", "h", "mask", "p_keep")


def _entry(name: str):
    return lambda k: M(f"z_{name},{k}", rf"z_{{\text{{{name}}},{k}}}")


TRAIN = M("z_train", r"z_{\text{train}}")
TEST = M("z_test", r"z_{\text{test}}")
QUANTITIES = {
    "z_train": plain.Quantity(
        TRAIN,
        "the training-time pre-activation",
        _entry("train"),
    ),
    "z_test": plain.Quantity(
        TEST,
        "the test-time pre-activation",
        _entry("test"),
    ),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    W = plain.matrix(given, "W")
    h = plain.vector(given, "h", len(W[0]))
    b = plain.vector(given, "b", len(W)) if "b" in given else [0] * len(W)
    mask = plain.labels(plain.vector(given, "mask", len(h)), "mask", (0, 1))
    p = plain.number(given, "p_keep", 0, 1, open_lo=True)
    return {"W": W, "b": b, "h": h, "mask": mask, "p_keep": p}


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    # p is never 0.5: scaling by the keep probability p and by the drop probability 1 − p
    # would give the same numbers, and the problem would not tell them apart
    if difficulty == "easy":
        n, rows, lo, hi, step_ = 3, 1, -3, 3, 1
        p = draws.choice(rng, (0.75, 0.8))
    elif difficulty == "medium":
        n, rows, lo, hi, step_ = 4, 1, -2, 2, 0.5
        p = draws.choice(rng, (0.6, 0.75, 0.8, 0.9))
    else:
        n, rows, lo, hi, step_ = 4, 2, -1.5, 1.5, 0.1
        p = draws.choice(rng, (0.6, 0.7, 0.8, 0.9))
    W = draws.matrix(rng, rows, n, lo, hi, step_)
    b = draws.grid(rng, -1, 1, step_ if step_ < 1 else 1, size=rows)
    h = draws.grid(rng, 0, 2 if step_ < 1 else 3, step_, size=n, nonzero=True)
    mask = [int(v) for v in rng.integers(0, 2, size=n)]
    if len(set(mask)) < 2:
        raise Redraw("the mask keeps every unit or none")
    asks = ["z_train", "z_test"]
    return {"W": W, "b": b, "h": h, "mask": mask, "p_keep": p}, asks


def outputs(
    given: dict[str, Any], mask_scale=None, test_w: float | None = None, bias_scale: float = 1.0
) -> np.ndarray:
    """W·(s ⊙ h)·c + b·bias_scale for a mask-like s and weight factor c."""
    W = np.asarray(given["W"], dtype=float)
    h = np.asarray(given["h"], dtype=float)
    b = np.asarray(given["b"], dtype=float)
    s = np.ones_like(h) if mask_scale is None else np.asarray(mask_scale, dtype=float)
    c = 1.0 if test_w is None else test_w
    return c * (W @ (s * h)) + bias_scale * b


def mistakes(given: dict[str, Any], exact: dict[str, np.ndarray]) -> list[plain.MistakeSpec]:
    m, p = np.asarray(given["mask"], dtype=float), float(given["p_keep"])
    return [
        (
            "mask_inverted",
            "A mask entry of 1 keeps the unit and 0 drops it; you did the opposite.",
            {"z_train": outputs(given, 1 - m)},
        ),
        (
            "inverted_dropout",
            "This convention does not rescale during training (dividing by "
            "p is inverted dropout); the scaling by p happens at test time.",
            {"z_train": outputs(given, m, 1 / p)},
        ),
        (
            "no_test_scaling",
            "At test time every unit is kept, so the weights must be scaled "
            "by the keep probability p to match the training-time expectation.",
            {"z_test": outputs(given)},
        ),
        (
            "scaled_by_drop_rate",
            "Scale by the probability of keeping a unit, p, not by the "
            "probability of dropping it, 1 − p.",
            {"z_test": outputs(given, None, 1 - p)},
        ),
        (
            "bias_scaled",
            "Only the weights leaving the dropout layer are scaled; the bias is "
            "never dropped, so it is not scaled.",
            {"z_test": outputs(given, None, p, p)},
        ),
        (
            "mask_at_test",
            "Dropout is switched off at test time: keep every unit (no mask) and scale the "
            "weights by p; you gave the training-time z, with its mask, again.",
            {"z_test": exact["z_train"]},
        ),
    ]


def degenerate(given: dict[str, Any], exact: dict[str, np.ndarray]) -> str | None:
    """Numbers on which a common mistake gives the right answer by coincidence."""
    kept = outputs(given, given["mask"], bias_scale=0.0)
    if any(same(float(v), 0.0) for v in kept):
        return "the kept units add up to 0: rescaling them or not gives the same z_train"
    if any(same(float(v), 0.0) for v in outputs(given, bias_scale=0.0)):
        return "all units add up to 0: scaling the weights by p or not gives the same z_test"
    if any(same(float(a), float(b)) for a, b in zip(exact["z_train"], exact["z_test"])):
        return "z_train equals z_test: applying the mask at test time would give z_test"
    return None


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    rows = len(given["W"])
    if len(given["mask"]) != len(given["h"]):
        raise GivenError("given.mask", "needs one entry per unit of h")
    parsed = plain.parse_asks(asks, QUANTITIES, {"z_train": rows, "z_test": rows})
    p = float(given["p_keep"])
    exact = {"z_train": outputs(given, given["mask"]), "z_test": outputs(given, None, p)}
    if rows == 1:
        exact = {k: float(v[0]) for k, v in exact.items()}
    shaped = exact

    def wrong():
        full = {k: np.atleast_1d(v) for k, v in exact.items()}
        out = mistakes(given, full)
        if rows == 1:
            return [(i, t, {k: float(v[0]) for k, v in d.items()}) for i, t, d in out]
        return out

    return plain.finish(
        title="Dropout at training and at test time",
        quantities=QUANTITIES,
        parsed=parsed,
        exact=shaped,
        rounded=None,  # computed from the given numbers: only the answer is rounded
        mistakes=wrong,
        question=lambda: question(given),
        steps=lambda: solution(given, {k: np.atleast_1d(v) for k, v in exact.items()}),
        figures=lambda: figures(given, exact),
        degenerate=lambda: degenerate(given, {k: np.atleast_1d(v) for k, v in exact.items()}),
    )


def question(given: dict[str, Any]):
    p = given["p_keep"]
    return [
        prose(
            "A layer computes ",
            M("z = W h + b", "z = W h + b"),
            " from the units h of the layer below, which uses dropout with keep probability ",
            cat(M("p", "p"), EQ, num(p)),
            ". Convention: in training, a unit with mask entry 1 is kept and one with 0 is "
            "dropped (set to 0), with no rescaling; at test time every unit is kept and the "
            "weights W are multiplied by p (the bias is not).",
        ),
        prose(
            "Weights ",
            cat(M("W", "W"), EQ, inline(given["W"])),
            ", bias ",
            cat(M("b", "b"), EQ, transpose(row(given["b"]))),  # columns, as in the solution
            ", units ",
            cat(M("h", "h"), EQ, transpose(row(given["h"]))),
            ", mask for this training step ",
            cat(M("m", "m"), EQ, transpose(row(given["mask"]))),
            ".",
        ),
    ]


def weighted_sums(name: str, W, h, b, z) -> list[M]:
    """z_i = Σⱼ W_ij h_j + b_i for each output unit, with numbers."""
    one = len(W) == 1
    return [
        cat(
            plain.eq(QUANTITIES[name].symbol_of(None if one else i), dot_terms(W[i], h, b[i])),
            value(float(z[i])),
        )
        for i in range(len(W))
    ]


def solution(given: dict[str, Any], exact: dict[str, np.ndarray]) -> list:
    W = np.asarray(given["W"], dtype=float)
    h = np.asarray(given["h"], dtype=float)
    p = float(given["p_keep"])
    kept = (np.asarray(given["mask"], dtype=float) * h).tolist()
    Wp = (p * W).tolist()
    scaled = cat(
        plain.eq(M("pW", "pW"), cat(num(p), TIMES, matrix(W.tolist()))), rel_all(Wp), matrix(Wp)
    )
    return [
        step(
            "Training: drop the units whose mask entry is 0, then the usual weighted sum.",
            plain.eq(M("m ⊙ h", r"m \odot h"), column(kept)),
            *weighted_sums("z_train", W, kept, given["b"], exact["z_train"]),
        ),
        step(
            "Test: keep every unit and scale the weights by p.",
            scaled,
            *weighted_sums("z_test", Wp, h, given["b"], exact["z_test"]),
        ),
    ]


@lru_cache(maxsize=64)
def _layer(n: int, rows: int):
    """A layer of ``n`` units h feeding ``rows`` units z: its sizes, unit names, edges
    and units with a note (the same objects every time: a layout is looked up by them)."""
    sizes = (n, rows)
    ins = tuple(sub("h", j + 1).text for j in range(n))
    outs = ("z",) if rows == 1 else tuple(sub("z", i + 1).text for i in range(rows))
    return sizes, (ins, outs), netfig.all_edges(sizes), netfig.all_units(sizes)


def figures(given: dict[str, Any], exact: dict[str, Any]) -> list:
    """The layer with its numbers; the thinned network of the training step; the
    network at test time, its weights scaled by p (``exact``: the answers, each a
    float or an array)."""
    W, h, mask, p = given["W"], given["h"], given["mask"], given["p_keep"]
    n, rows = len(h), len(W)
    sizes, units, edges, noted = _layer(n, rows)
    ins, outs = units
    heads = (("units h", f"p = {pictures.text(p)}"), ("next layer", "z = Wh + b"))
    values = [f"{u}={pictures.text(v)}" for u, v in zip(ins, h)]
    weights = [pictures.text(w) for row in W for w in row]
    scaled = [pictures.text(p * w) for row in W for w in row]

    def net(labels, outputs, **options):
        drawing, labelled = pictures.draw_net(
            sizes,
            units,
            heads,
            edges,
            labels,
            noted,
            values + outputs,
            edge_room=pictures.SHORT,
            note_room=pictures.SHORT_NOTE,
            **options,
        )
        return drawing, "" if labelled else " " + pictures.TOO_LARGE

    def zs(name: str) -> list[str]:
        return [
            f"{u}={pictures.text(v)}" for u, v in zip(outs, np.atleast_1d(exact[name]).tolist())
        ]

    dropped = [j for j in range(n) if not mask[j]]
    names = ", ".join(ins[j] for j in dropped)
    layer, note = net(weights, ["b=" + pictures.text(v) for v in given["b"]])
    thinned, note2 = net(
        weights,
        zs("z_train"),
        crossed=frozenset((0, j) for j in dropped),
        legend=(
            "Training step: the units with mask entry 0 are dropped (crossed out, their "
            "weights dashed); the kept units are not rescaled.",
        ),
    )
    test, note3 = net(
        scaled,
        zs("z_test"),
        legend=(f"Test time: every unit kept, each weight scaled by p = {pictures.text(p)}.",),
    )
    return [
        pictures.figure(
            "network",
            "question",
            layer,
            f"Diagram of the layer: units {', '.join(ins)} on the left with their values, "
            f"joined to {', '.join(outs)} on the right; each edge is labelled with its "
            "weight, each unit on the right with its bias b. The units on the left are "
            f"kept with probability p = {pictures.text(p)} during training." + note,
        ),
        pictures.figure(
            "thinned",
            "solution",
            thinned,
            f"The thinned network of this training step: {names} dropped (crossed out, "
            "their edges dashed) by the mask; the kept units feed the layer with their "
            "weights unscaled; the pre-activations are written under the units on the "
            "right." + note2,
        ),
        pictures.figure(
            "test",
            "solution",
            test,
            "The network at test time: every unit kept, each edge labelled with its weight "
            f"scaled by p = {pictures.text(p)}; the pre-activations are written under the "
            "units on the right." + note3,
        ),
    ]


FAMILY = Family(
    id="dropout",
    topic="Dropout",
    title="Dropout",
    # 2: p is never 0.5 (keep and drop probability were indistinguishable); variants where
    # the kept units add up to 0 or z_train equals z_test are redrawn; 3: b, h and the mask
    # are columns in the question as in the solution (hᵀ written on one line)
    version=3,
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["z_train", "z_test"],
    given_doc='{"W": [[...]], "b": [...], "h": [...], "mask": [1 or 0, ...], "p_keep": p}',
    asks_doc="z_train, z_test (and entries [i])",
)
