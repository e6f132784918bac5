"""Family ``softmax``: turn logits into probabilities, ŷ_c = e^{z_c} / Σ_j e^{z_j}.

given: ``{"logits": [z_1, …]}``; asks: ``softmax`` (the whole vector) or ``softmax[i]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..nn import sigmoid, softmax
from . import draws
from .family import Built, Family, GivenError, Rendered, collect_mistakes
from .model import Part, Step, Tol, prose, step, to_plain
from .netsteps import MAX_SPREAD, answer_value, shifted, softmax_lines
from .network import _vector
from .notation import EQ, M, cat, inline, round_array, sub, value

TOL = Tol(rel=0.01, abs=1e-4)
LABELS = "abcdefgh"
TIE = 0.05  # logits closer than this make a near-tie


def validate_logits(given: dict[str, Any]) -> list:
    """The logits, checked. Large ones are fine (the worked solution subtracts the largest
    first); logits more than MAX_SPREAD apart are refused."""
    logits = _vector(given.get("logits"), "given.logits")
    if len(logits) < 2:
        raise GivenError("given.logits", "needs at least 2 logits")
    low, high = min(logits), max(logits)
    if high - low > MAX_SPREAD:
        i = logits.index(low)
        raise GivenError(
            f"given.logits[{i}]",
            f"{low} is {high - low:g} below the largest logit, {high}: softmax gives it a "
            f"probability below e^−{MAX_SPREAD}, too small to work by hand (keep the logits "
            f"within {MAX_SPREAD} of each other)",
        )
    return logits


def validate(given: dict[str, Any]) -> dict[str, Any]:
    return {"logits": validate_logits(given)}


def draw_logits(rng: np.random.Generator, difficulty: str) -> list:
    if difficulty == "easy":
        return draws.grid(rng, -2, 3, 1, size=3)
    if difficulty == "medium":
        return draws.grid(rng, -2, 4, 0.5, size=3)
    return draws.grid(rng, -3, 3, 0.1, size=4)


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    return {"logits": draw_logits(rng, difficulty)}, ["softmax"]


def rounded_softmax(z: np.ndarray) -> np.ndarray:
    """Softmax as a student computes it, rounding each e^z and the sum to what is shown."""
    e = round_array(np.exp(shifted(z)))
    return round_array(e / round_array(e.sum()))


def tie(z: np.ndarray) -> str | None:
    """Why a logit vector does not teach: a near-tie, or a class with almost no mass."""
    if np.any(np.diff(np.sort(z)) < TIE):
        return "two logits tie"
    if np.min(softmax(z)) < 0.005:
        return "a class gets almost no probability"
    return None


_ENTRY = re.compile(r"^(?P<name>[a-zA-Z_/]+)(?:\[(?P<i>\d+)\])?$")


def parse_entry(ask: str, names: Sequence[str], n: int, where: str) -> tuple[str, int | None]:
    """``name`` or ``name[i]`` for one of ``names``; GivenError otherwise."""
    m = _ENTRY.match(ask.replace(" ", ""))
    if not m or m["name"] not in names:
        raise GivenError(where, f"unknown ask {ask!r} (this family asks {', '.join(names)})")
    i = None if m["i"] is None else int(m["i"])
    if i is not None and i >= n:
        raise GivenError(where, f"{ask!r}: no such entry (there are {n})")
    return m["name"], i


def entry(values: np.ndarray, i: int | None):
    return to_plain(values if i is None else values[i])


def ysym(i: int) -> M:
    return sub("ŷ", i, r"\hat{y}")


def logits_sentence(z: list) -> Step:
    return prose("Logits ", cat(M("z", "z"), EQ, inline(z)), ".")


def softmax_steps(z: np.ndarray, p: np.ndarray) -> Step:
    intro = (
        "Softmax: ",
        M("ŷ_c = e^(z_c) / Σⱼ e^(zⱼ)", r"\hat{y}_c = \frac{e^{z_c}}{\sum_j e^{z_j}}"),
        ".",
    )
    return step(intro, *softmax_lines(z, p, ysym))


def symbol_for(name: str, i: int | None) -> M:
    """The symbol of what an ask names: ŷ, ŷ₂, L, ∂L/∂z, ∂L/∂p₃."""
    whole, one = _SYMBOLS[name]
    return whole if i is None else one(i + 1)


def prompt_for(name: str, i: int | None, n: int) -> tuple[str, str]:
    if i is None and name != "loss":
        p = prose("Find ", symbol_for(name, i), f" (a vector of {n} entries).")
    elif name == "loss":
        p = prose("Find the loss ", symbol_for(name, i), ".")
    else:
        p = prose("Find ", symbol_for(name, i), ".")
    return p.text, p.latex


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SYMBOLS = {
    "softmax": (M("ŷ = softmax(z)", r"\hat{y} = \operatorname{softmax}(z)"), ysym),
    "loss": (M("L", "L"), None),
    "dL/dlogits": (
        M("∂L/∂z", r"\frac{\partial L}{\partial z}"),
        lambda k: M(
            f"∂L/∂z{str(k).translate(_SUB)}", rf"\frac{{\partial L}}{{\partial z_{{{k}}}}}"
        ),
    ),
    "dL/dp": (
        M("∂L/∂p", r"\frac{\partial L}{\partial p}"),
        lambda k: M(
            f"∂L/∂p{str(k).translate(_SUB)}", rf"\frac{{\partial L}}{{\partial p_{{{k}}}}}"
        ),
    ),
}


def answers_step(parts: Sequence[Part], asks: Sequence[tuple[str, int | None]]) -> Step:
    lines = [
        cat(M(f"({p.label}) ", f"\\text{{({p.label})}}\\ "), symbol_for(*a), answer_value(p.answer))
        for p, a in zip(parts, asks)
    ]
    return step("Answers:", *lines)


def make_parts(
    asks: Sequence[tuple[str, int | None]], answers: list, n: int, tol: Tol = TOL
) -> list[Part]:
    parts = []
    for label, (name, i), ans in zip(LABELS, asks, answers):
        text, latex = prompt_for(name, i, n)
        raw = name if i is None else f"{name}[{i}]"
        parts.append(Part(label, raw, text, ans, tol, latex))
    return parts


def softmax_mistakes(z: np.ndarray) -> dict[str, tuple[np.ndarray, str]]:
    """What common softmax mistakes give for logits z, with their explanations."""
    with np.errstate(all="ignore"):
        return {
            "no_exp": (
                z / z.sum(),
                "Softmax exponentiates first: ŷ_c = e^(z_c) / Σⱼ e^(zⱼ), not z_c / Σⱼ zⱼ.",
            ),
            "sigmoid_each": (
                sigmoid(z),
                "Softmax normalises over all classes; you applied "
                "the sigmoid to each logit on its own.",
            ),
            "not_normalised": (
                np.exp(z),
                "You forgot to divide by Σⱼ e^(zⱼ), so the probabilities do not sum to 1.",
            ),
        }


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    z = np.asarray(given["logits"], dtype=float)
    parsed = [parse_entry(a, ("softmax",), len(z), f"asks[{k}]") for k, a in enumerate(asks)]
    p = softmax(z)
    exact = [entry(p, i) for _, i in parsed]
    rounded = [entry(rounded_softmax(z), i) for _, i in parsed]
    wrong = softmax_mistakes(z)
    candidates = [(mid, msg, [entry(v, i) for _, i in parsed]) for mid, (v, msg) in wrong.items()]
    labels = LABELS[: len(parsed)]
    parts = make_parts(parsed, exact, len(z))
    intro = logits_sentence(given["logits"])
    question = prose(
        "A network's last layer gives the logits below. "
        "Turn them into class probabilities with softmax."
    )
    steps = [softmax_steps(z, p), answers_step(parts, parsed)]
    return Built(
        title=f"Softmax of {len(z)} logits",
        parts=parts,
        rendered=Rendered(
            question.text + "\n" + intro.text, question.latex + "\n" + intro.latex, tuple(steps)
        ),
        mistakes=collect_mistakes(candidates, labels, exact),
        rounded=dict(zip(labels, rounded)),
        degenerate=tie(z),
    )


FAMILY = Family(
    id="softmax",
    topic="Softmax and cross-entropy",
    title="Softmax",
    order=6.0,
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["softmax"],
    given_doc='{"logits": [z_1, ...]}',
    asks_doc="softmax, softmax[i]",
)

__all__ = ["FAMILY", "value"]
