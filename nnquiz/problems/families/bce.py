"""Family ``bce``: binary cross-entropy L = −(1/n) Σᵢ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)].

The course notes print this formula without its leading minus; nnquiz has it.
given: ``{"p": [p_1, …], "y": [y_1, …]}`` with each y 0 or 1 and each p in (0, 1);
asks: ``loss``, ``dL/dp`` (= −(1/n)(y/p − (1 − y)/(1 − p))) and ``dL/dp[i]``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ...nn import bce
from .. import draws
from ..entries import answers_step, entry, make_parts, parse_entry
from ..family import Built, Family, GivenError, Rendered, collect_mistakes
from ..given import check_keys, numbers
from ..model import LABELS, prose, step
from ..netsteps.loss import bce_sum
from ..notation import (
    EQ,
    PLUS,
    M,
    cat,
    column,
    enough,
    frac,
    inline,
    join,
    num,
    one_minus,
    paren,
    rel_all,
    round_array,
    sub,
    value,
)

ASKS = ("loss", "dL/dp")
FORMULA = M(
    "L = −(1/n) Σᵢ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)]",
    r"L = -\frac{1}{n}\sum_i \left[y_i \ln p_i + (1 - y_i) \ln(1 - p_i)\right]",
)


def validate(given: dict[str, Any]) -> dict[str, Any]:
    check_keys(given, ("p", "y"), "given")
    one = not isinstance(given.get("p"), list)  # p = 0.8: one example, and dL/dp a number
    p = numbers(given.get("p"), "given.p")
    y = given.get("y")
    ys = y if isinstance(y, list) else [y]
    if len(ys) != len(p):
        raise GivenError("given.y", f"needs {len(p)} labels, one per probability")
    for i, v in enumerate(ys):
        if isinstance(v, bool) or v not in (0, 1):
            raise GivenError(f"given.y[{i}]", "must be 0 or 1")
    for i, (v, label) in enumerate(zip(p, ys)):
        if not 0 <= v <= 1:
            raise GivenError(f"given.p[{i}]", "must be a probability between 0 and 1")
        if v == 1 - label:
            raise GivenError(
                f"given.p[{i}]",
                f"p = {v} for an example labelled {label} makes the loss infinite "
                f"(ln 0): the model is certain and wrong",
            )
    return {"p": p[0], "y": ys[0]} if one and len(ys) == 1 else {"p": p, "y": list(ys)}


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    n, step_, asks = {
        "easy": (2, 0.1, ["loss"]),
        "medium": (3, 0.05, ["loss"]),
        "hard": (4, 0.05, ["loss", "dL/dp"]),
    }[difficulty]
    p = (
        draws.grid(rng, 0.05, 0.95, step_, size=n)
        if step_ < 0.1
        else draws.grid(rng, 0.1, 0.9, step_, size=n)
    )
    y = [int(v) for v in rng.integers(0, 2, size=n)]
    return {"p": p, "y": y}, asks


def examples(n: int) -> str:
    return f"{n} example{'s' * (n != 1)}"


def _shaper(one: bool):
    """Each answer as its ask names it; with one probability given as a number, the
    whole ∂L/∂p is a number too (as p is)."""

    def shaped(values, i):
        v = entry(values, i)
        return v[0] if one and isinstance(v, list) and len(v) == 1 else v

    return shaped


def _as_number(part):
    p = prose("Find ", M("∂L/∂p", r"\frac{\partial L}{\partial p}"), ".")
    return replace(part, prompt=p.text, prompt_latex=p.latex)


def grad(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂pᵢ: −1/(n·pᵢ) where yᵢ = 1 and 1/(n·(1 − pᵢ)) where yᵢ = 0.

    Each branch is −(y/p − (1 − y)/(1 − p))/n with the term that vanishes left out (the
    same floating-point operations), so p = 0 with y = 0 gives 1/n, not 0/0.
    """
    n = len(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 1, -(1 / p) / n, (1 / (1 - p)) / n)


def terms(p: np.ndarray, y: np.ndarray, log=np.log) -> np.ndarray:
    """Each yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ), with 0·ln 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 1, log(p), log(1 - p))


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    one = not isinstance(given["p"], list)  # a number for a number: dL/dp too
    p = np.atleast_1d(np.asarray(given["p"], dtype=float))
    y = np.atleast_1d(np.asarray(given["y"], dtype=float))
    n = len(p)
    parsed = [parse_entry(a, ASKS, n, f"asks[{k}]") for k, a in enumerate(asks)]
    loss = bce(p, y)
    t = terms(p, y)
    exact_v = {"loss": loss, "dL/dp": grad(p, y)}
    rounded_loss = float(round_array(-round_array(round_array(t).sum()) / n))
    rounded_v = {"loss": rounded_loss, "dL/dp": round_array(grad(p, y))}
    shaped = _shaper(one)
    exact = [shaped(exact_v[k], i) for k, i in parsed]
    rounded = [shaped(rounded_v[k], i) for k, i in parsed]
    labels = LABELS[: len(parsed)]
    parts = make_parts(parsed, exact, n)
    if one:  # ∂L/∂p of one probability is a number: asked as one
        parts = [_as_number(part) if part.asks == "dL/dp" else part for part in parts]

    def render() -> Rendered:  # only for the variant kept
        steps = [loss_step(p, y, t, loss)]
        if any(k == "dL/dp" for k, _ in parsed):
            steps.append(one_gradient_step(p, y) if one else gradient_step(p, y, exact_v["dL/dp"]))
        steps.append(answers_step(parts, parsed))
        question, data = statement(given, n)
        text, latex = question.text + "\n" + data.text, question.latex + "\n" + data.latex
        return Rendered(text, latex, tuple(steps))

    why = None
    if (p <= 0.01).any() or (p >= 0.99).any():
        why = "a probability is at 0 or 1 (log(0))"
    return Built(
        title=f"Binary cross-entropy over {examples(n)}",
        parts=parts,
        rendered=render,
        mistakes=lambda: mistakes(p, y, loss, shaped, parsed, labels, exact),
        rounded=dict(zip(labels, rounded)),
        degenerate=why,
    )


def mistakes(p, y, loss: float, shaped, parsed, labels, exact) -> tuple:
    """The common mistakes that change a part of this variant."""
    n = len(p)
    wrong = {
        "no_minus": (
            {"loss": -loss},
            "BCE has a leading minus: L = −(1/n) Σ [y ln p + "
            "(1 − y) ln(1 − p)]. Without it the loss is negative (the notes drop it).",
        ),
        "log10": (
            {"loss": -float(terms(p, y, np.log10).sum()) / n},
            "Binary cross-entropy uses the natural log ln, not log10.",
        ),
        "no_mean": (
            {"loss": loss * n if n > 1 else None, "dL/dp": grad(p, y) * n if n > 1 else None},
            "BCE averages over the n examples: divide the sum by n.",
        ),
        "swapped_labels": (
            {"loss": -float(terms(p, 1 - y).sum()) / n, "dL/dp": grad(p, 1 - y)},
            "The y ln p term belongs to y = 1 and the ln(1 − p) term to y = 0; you swapped them.",
        ),
    }
    candidates = [
        (mid, msg, [shaped(d[k], i) if d.get(k) is not None else None for k, i in parsed])
        for mid, (d, msg) in wrong.items()
    ]
    return collect_mistakes(candidates, labels, exact)


def statement(given: dict[str, Any], n: int) -> tuple:
    """The question's two sentences: what is given, and the numbers."""
    what = (
        ("a probability ", " for 1 example with label ")
        if n == 1
        else (
            "probabilities ",
            f" for {examples(n)} with labels ",
        )
    )
    question = prose(
        f"A binary classifier gives {what[0]}",
        M("p", "p"),
        what[1],
        M("y", "y"),
        ". Use ",
        FORMULA,
        ".",
    )
    data = prose(
        "Probability " if n == 1 else "Probabilities ",
        cat(M("p", "p"), EQ, inline(given["p"])),
        ", label " if n == 1 else ", labels ",
        cat(M("y", "y"), EQ, inline(given["y"])),
        ".",
    )
    return question, data


Y1, Y0 = M("y = 1", "y = 1"), M("y = 0", "y = 0")
SURVIVES = prose(
    "For each example only one term survives: ",
    M("ln p", r"\ln p"),
    " when ",
    Y1,
    ", ",
    M("ln(1 − p)", r"\ln(1 - p)"),
    " when ",
    Y0,
    ".",
)


def loss_step(p: np.ndarray, y: np.ndarray, t: np.ndarray, loss: float):
    """L = −(1/n)·[ln … + ln …]: each log's value (negative), then the minus flips the
    signs, then the mean; the logs shown to the digits their mean needs."""
    n = len(p)
    if n == 1:
        return step(SURVIVES, cat(M("L", "L"), EQ, bce_sum(y, p), value(loss)))
    logs = [float(v) for v in t]  # each ln p or ln(1 − p): negative
    sig, rel = enough([-v for v in logs], lambda a: [sum(a) / n], [loss])
    over = (M(f"−(1/{n})·[", rf"-\frac{{1}}{{{n}}}\left["), M("]", r"\right]"))
    flipped = (M(f"(1/{n})·(", rf"\frac{{1}}{{{n}}}\left("), M(")", r"\right)"))
    logs_m = join((paren(num(v, sig)) for v in logs), PLUS)
    minus = join((num(-v, sig) for v in logs), PLUS)
    line = cat(
        M("L", "L"),
        EQ,
        bce_sum(y, p),
        rel_all(logs),
        over[0],
        logs_m,
        over[1],
        EQ,
        flipped[0],
        minus,
        flipped[1],
        rel,
        num(loss),
    )
    return step(SURVIVES, line)


def one_gradient_step(p: np.ndarray, y: np.ndarray):
    """∂L/∂p of one example: −1/p (y = 1) or 1/(1 − p) (y = 0), a number as p is."""
    pi, yi = float(p[0]), float(y[0])
    dp = M("∂L/∂p", r"\frac{\partial L}{\partial p}")
    if yi == 1:
        g, rhs = -1 / pi, cat(M("−", "-"), frac("1", num(pi)))
        rule = M("∂L/∂p = −1/p for y = 1", r"\frac{\partial L}{\partial p} = -\frac{1}{p}")
    else:
        g, rhs = 1 / (1 - pi), frac("1", paren(one_minus(pi)))
        rule = M("∂L/∂p = 1/(1 − p) for y = 0", r"\frac{\partial L}{\partial p} = \frac{1}{1 - p}")
    return step(("Differentiate the surviving term: ", rule, "."), cat(dp, EQ, rhs, value(g)))


def gradient_step(p: np.ndarray, y: np.ndarray, g: np.ndarray):
    n = len(p)
    dp = M("∂L/∂pᵢ", r"\frac{\partial L}{\partial p_i}")
    lines = []
    for i, (yi, pi, gi) in enumerate(zip(y, p, g)):
        lhs = cat(M("∂L/∂", r"\frac{\partial L}{\partial "), sub("p", i + 1), M("", "}"), EQ)
        if yi == 1:
            rhs = cat(M("−", "-"), frac("1", cat(M(f"{n}·", rf"{n} \cdot "), num(float(pi)))))
        else:
            rhs = frac(
                "1",
                cat(M(f"{n}·", rf"{n} \cdot "), paren(one_minus(float(pi)))),
            )
        lines.append(cat(lhs, rhs, value(float(gi))))
    return step(
        (
            "Differentiate each term: ",
            cat(
                dp,
                EQ,
                M(
                    f"−(1/{n})·(yᵢ/pᵢ − (1 − yᵢ)/(1 − pᵢ))",
                    rf"-\frac{{1}}{{{n}}}\left(\frac{{y_i}}{{p_i}} - "
                    rf"\frac{{1 - y_i}}{{1 - p_i}}\right)",
                ),
            ),
            ": ",
            M("−1/(n·p)", r"-\frac{1}{n p}"),
            " where ",
            Y1,
            " and ",
            M("1/(n·(1 − p))", r"\frac{1}{n(1 - p)}"),
            " where ",
            Y0,
            ".",
        ),
        *lines,
        cat(M("∂L/∂p", r"\frac{\partial L}{\partial p}"), rel_all(g), column(g.tolist())),
    )


FAMILY = Family(
    id="bce",
    topic="Binary cross-entropy",
    title="Binary cross-entropy",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["loss"],
    given_doc='{"p": [p_1, ...], "y": [y_1, ...]} (each y 0 or 1)',
    asks_doc="loss, dL/dp, dL/dp[i]",
)

__all__ = ["FAMILY", "math"]
