"""Logits and softmax, shared by the families that start from logits (softmax, cross_entropy).

``z`` is a 1-D array of logits (length n ≥ 2); probabilities ŷ have the same shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..nn import sigmoid, softmax
from . import draws
from .family import GivenError
from .given import vector
from .model import Step, prose, step
from .netsteps.forward import MAX_SPREAD, shifted, softmax_lines
from .notation import EQ, M, cat, inline, round_array, sub

TIE = 0.05  # logits closer than this make a near-tie


def validate_logits(given: dict[str, Any]) -> list:
    """The logits (``logits``, or ``z`` as the notes write them), checked. Large ones are
    fine (the worked solution subtracts the largest first); logits more than MAX_SPREAD
    apart are refused."""
    if "z" in given and "logits" in given:
        raise GivenError("given.z", "give the logits once: as logits or as z, not both")
    key = "z" if "z" in given else "logits"
    logits = vector(given.get(key), f"given.{key}")
    if len(logits) < 2:
        raise GivenError(f"given.{key}", "needs at least 2 logits")
    low, high = min(logits), max(logits)
    if high - low > MAX_SPREAD:
        i = logits.index(low)
        raise GivenError(
            f"given.{key}[{i}]",
            f"{low} is {high - low:g} below the largest logit, {high}: softmax gives it a "
            f"probability below e^−{MAX_SPREAD}, too small to work by hand (keep the logits "
            f"within {MAX_SPREAD} of each other)",
        )
    return logits


def draw_logits(rng: np.random.Generator, difficulty: str) -> list:
    if difficulty == "easy":
        return draws.grid(rng, -2, 3, 1, size=3)
    if difficulty == "medium":
        return draws.grid(rng, -2, 4, 0.5, size=3)
    return draws.grid(rng, -3, 3, 0.1, size=4)


def rounded_softmax(z: np.ndarray) -> np.ndarray:
    """Softmax as a student computes it, rounding each e^z and the sum to what is shown."""
    e = round_array(np.exp(shifted(z)))
    return round_array(e / round_array(e.sum()))


def tie(z: np.ndarray) -> str | None:
    """Why a logit vector does not teach: a near-tie, or a class with almost no mass."""
    if (np.diff(np.sort(z)) < TIE).any():
        return "two logits tie"
    if softmax(z).min() < 0.005:
        return "a class gets almost no probability"
    return None


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
