"""Family ``cross_entropy``: L = −ln ŷ_(y+1) for ŷ = softmax(logits) (classes y from 0,
outputs ŷ₁, ŷ₂, … from 1), and its gradient ŷ − y (y one-hot).

given: ``{"logits": [z_1, …], "y": class}`` (``y`` is 0-based); asks: ``loss``, ``softmax``,
``softmax[i]``, ``dL/dlogits`` (= ŷ − one-hot y) and ``dL/dlogits[i]``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...nn import cross_entropy_logits, softmax
from ...nn.losses import one_hot
from .. import draws
from ..chains import Chain, fixed
from ..entries import answers_step, entry, make_parts, parse_entry
from ..family import Built, Family, Rendered, collect_mistakes
from ..given import check_keys, class_index
from ..logits import (
    draw_logits,
    logits_sentence,
    rounded_softmax,
    softmax_mistakes,
    softmax_steps,
    tie,
    validate_logits,
)
from ..model import LABELS, prose, step
from ..netchains import possible
from ..netsteps.backward import FUSED_WHY
from ..netsteps.loss import ce_lines
from ..notation import (
    EQ,
    SUB,
    M,
    cat,
    column,
    enough,
    func,
    num,
    round_array,
    subscript,
)
from ..plain import required as plain_required

ASKS = ("loss", "softmax", "dL/dlogits")
ALIASES = {"dL/dz": "dL/dlogits"}  # the notes call the logits z


def validate(given: dict[str, Any]) -> dict[str, Any]:
    check_keys(given, ("logits", "z", "y"), "given")
    logits = validate_logits(given)
    return {"logits": logits, "y": class_index(plain_required(given, "y"), len(logits), "given.y")}


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    logits = draw_logits(rng, difficulty)
    given = {"logits": logits, "y": int(rng.integers(0, len(logits)))}
    asks = {"easy": ["loss"], "medium": ["softmax", "loss"], "hard": ["loss", "dL/dlogits"]}
    return given, asks[difficulty]


def values(z: np.ndarray, y: int, p: np.ndarray, loss: float) -> dict[str, np.ndarray | float]:
    return {"loss": loss, "softmax": p, "dL/dlogits": p - one_hot(y, len(z))}


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    z = np.asarray(given["logits"], dtype=float)
    y = int(given["y"])
    parsed = [parse_entry(a, ASKS, len(z), f"asks[{k}]", ALIASES) for k, a in enumerate(asks)]
    p = softmax(z)
    exact_v = values(z, y, p, cross_entropy_logits(z, y))
    exact = [entry(exact_v[n], i) for n, i in parsed]
    labels = LABELS[: len(parsed)]
    parts = make_parts(parsed, exact, len(z))

    def rounded() -> dict:
        pr = rounded_softmax(z)
        rounded_v = values(z, y, pr, float(round_array(-math.log(pr[y]))))
        return {lab: entry(rounded_v[n], i) for lab, (n, i) in zip(labels, parsed)}

    def render() -> Rendered:  # only for the variant kept
        steps = [softmax_steps(z, p), loss_step(p, y, exact_v["loss"], z)]
        if any(n == "dL/dlogits" for n, _ in parsed):
            steps.append(gradient_step(p, y, exact_v["dL/dlogits"]))
        steps.append(answers_step(parts, parsed))
        question = prose(
            f"A classifier outputs the logits below for {len(z)} classes. The true class is ",
            cat(M("y", "y"), EQ, num(y)),
            f" (classes are counted from 0, so it is logit {y + 1}).",
        )
        intro = logits_sentence(given["logits"])
        text, latex = question.text + "\n" + intro.text, question.latex + "\n" + intro.latex
        return Rendered(text, latex, tuple(steps))

    return Built(
        title=f"Cross-entropy loss over {len(z)} classes",
        parts=parts,
        rendered=render,
        mistakes=lambda: mistakes(z, y, p, exact_v, parsed, labels, exact),
        rounded=rounded,
        degenerate=tie(z),
        min_mistakes=2,
    )


def mistakes(z, y: int, p, exact_v: dict, parsed, labels, exact) -> tuple:
    """The common mistakes that change a part of this variant."""
    top = int(np.argmax(p))
    grad = exact_v["dL/dlogits"]
    wrong = {mid: ({"softmax": v}, msg) for mid, (v, msg) in softmax_mistakes(z).items()}
    wrong |= {
        "log10": ({"loss": -math.log10(p[y])}, "Cross-entropy uses the natural log ln, not log10."),
        "no_minus": (
            {"loss": math.log(p[y])},
            "L = −ln ŷ_(y+1): you dropped the minus sign, so the loss came out negative.",
        ),
        "wrong_class": (
            {"loss": -math.log(p[top]) if top != y else None},
            "Use the probability of the true class y, not of the most likely class.",
        ),
        "no_one_hot": ({"dL/dlogits": p}, "∂L/∂z = ŷ − y: you left out the one-hot label y."),
        "gradient_sign": ({"dL/dlogits": -grad}, "∂L/∂z = ŷ − y, not y − ŷ."),
    }
    candidates = [
        (mid, msg, [entry(d[n], i) if d.get(n) is not None else None for n, i in parsed])
        for mid, (d, msg) in wrong.items()
    ]
    return collect_mistakes(candidates, labels, exact)


def loss_step(p: np.ndarray, y: int, loss: float, z: np.ndarray):
    py = M(f"ŷ{subscript(y + 1)}", rf"\hat{{y}}_{{{y + 1}}}")
    return step(
        (
            "Cross-entropy with a one-hot label keeps only the true class's term: ",
            M("L = −ln ŷ_(y+1)", r"L = -\ln \hat{y}_{y+1}"),
            " (outputs are counted from 1, classes from 0).",
        ),
        *ce_lines(cat(M("−", "-"), func("ln", py, r"\ln")), p.tolist(), z.tolist(), y, loss),
    )


def gradient_step(p: np.ndarray, y: int, grad: np.ndarray):
    dz = M("∂L/∂z", r"\frac{\partial L}{\partial z}")
    ys = one_hot(y, len(p)).tolist()
    sig, rel = enough(p.tolist(), lambda q: [a - b for a, b in zip(q, ys)], grad.tolist())
    return step(
        (
            "The gradient with respect to the logits is ",
            cat(dz, EQ, M("ŷ − y", r"\hat{y} - y")),
            ", with y one-hot:",
        ),
        *FUSED_WHY["cross_entropy"],
        cat(dz, EQ, column(p.tolist(), sig=sig), SUB, column(ys), rel, column(grad.tolist())),
    )


def _loss_from_p(given: dict[str, Any], values: tuple, index: tuple) -> float | None:
    """L = −ln p_y from the student's probabilities. Nothing follows from entries that
    are no probabilities (below 0 or above 1: a negative loss is no loss)."""
    p = np.atleast_1d(np.asarray(values[0], dtype=float))
    y = int(given["y"])
    if not 0 <= y < len(p) or p[y] <= 0 or not possible("softmax", p):
        return None
    return -float(np.log(p[y]))


def _grad_from_p(given: dict[str, Any], values: tuple, index: tuple):
    """∂L/∂z = p − onehot(y) from the student's probabilities (when they are some)."""
    p = np.atleast_1d(np.asarray(values[0], dtype=float))
    if not possible("softmax", p):
        return None
    if index:
        return float(p[0]) - (1.0 if index[0] == int(given["y"]) else 0.0)
    return [float(v) for v in p - one_hot(int(given["y"]), len(p))]


CHAINS = fixed(
    Chain("loss", ("softmax",), _loss_from_p),
    Chain("dL/dlogits", ("softmax",), _grad_from_p, elementwise=True),
)


FAMILY = Family(
    id="cross_entropy",
    topic="Softmax and cross-entropy",
    title="Cross-entropy loss",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["loss"],
    given_doc='{"logits": [z_1, ...], "y": class (0-based)}',
    asks_doc="loss, softmax, softmax[i], dL/dlogits, dL/dlogits[i]",
    chains=CHAINS,
)

__all__ = ["FAMILY", "draws"]
