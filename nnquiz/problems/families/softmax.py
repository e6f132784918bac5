"""Family ``softmax``: turn logits into probabilities, ŷ_c = e^{z_c} / Σ_j e^{z_j}.

given: ``{"logits": [z_1, …]}``; asks: ``softmax`` (the whole vector) or ``softmax[i]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ...nn import softmax
from ..entries import answers_step, entry, make_parts, parse_entry
from ..family import Built, Family, Rendered, collect_mistakes
from ..given import check_keys
from ..logits import (
    draw_logits,
    logits_sentence,
    rounded_softmax,
    softmax_mistakes,
    softmax_steps,
    tie,
    validate_logits,
)
from ..model import LABELS, prose


def validate(given: dict[str, Any]) -> dict[str, Any]:
    check_keys(given, ("logits", "z"), "given")
    return {"logits": validate_logits(given)}


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    return {"logits": draw_logits(rng, difficulty)}, ["softmax"]


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    z = np.asarray(given["logits"], dtype=float)
    parsed = [parse_entry(a, ("softmax",), len(z), f"asks[{k}]") for k, a in enumerate(asks)]
    p = softmax(z)
    exact = [entry(p, i) for _, i in parsed]
    labels = LABELS[: len(parsed)]
    parts = make_parts(parsed, exact, len(z))

    def mistakes():  # only for a variant that passed the cheaper checks
        wrong = softmax_mistakes(z)
        candidates = [
            (mid, msg, [entry(v, i) for _, i in parsed]) for mid, (v, msg) in wrong.items()
        ]
        return collect_mistakes(candidates, labels, exact)

    def render() -> Rendered:  # only for the variant kept
        intro = logits_sentence(given["logits"])
        question = prose(
            "A network's last layer gives the logits below. "
            "Turn them into class probabilities with softmax."
        )
        steps = [softmax_steps(z, p), answers_step(parts, parsed)]
        text, latex = question.text + "\n" + intro.text, question.latex + "\n" + intro.latex
        return Rendered(text, latex, tuple(steps))

    return Built(
        title=f"Softmax of {len(z)} logits",
        parts=parts,
        rendered=render,
        mistakes=mistakes,
        rounded=lambda: {lab: entry(rounded_softmax(z), i) for lab, (_, i) in zip(labels, parsed)},
        degenerate=tie(z),
    )


FAMILY = Family(
    id="softmax",
    topic="Softmax and cross-entropy",
    title="Softmax",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["softmax"],
    given_doc='{"logits": [z_1, ...]}',
    asks_doc="softmax, softmax[i]",
)
