"""Asks that name a quantity or one of its entries (``softmax``, ``softmax[1]``), and the
parts and answers of the families that work on one vector (softmax, cross_entropy, bce and
the families built with :mod:`plain`).

Entry indices are 0-based in asks and JSON, 1-based in the text (ŷ₂ is ``softmax[1]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from .family import GivenError
from .logits import ysym
from .model import LABELS, TOL, Part, Step, Tol, prose, shape_text, step, to_plain
from .notation import M, answer_value, cat, subscript

# a name (a letter or _ first, then letters, digits, _ and /: ``theta_new``, ``v2``,
# ``dL/dp``), then an optional 0-based entry index
_ENTRY = re.compile(r"^(?P<name>[a-zA-Z_][a-zA-Z0-9_/]*)(?:\[(?P<i>\d+)\])?$")


def parse_entry(
    ask: str, names: Sequence[str], n: int, where: str, aliases: Mapping[str, str] | None = None
) -> tuple[str, int | None]:
    """``name`` or ``name[i]`` for one of ``names`` (or another name for one, in
    ``aliases``: ``dL/dz`` for ``dL/dlogits``); GivenError otherwise."""
    m = _ENTRY.match(ask.replace(" ", ""))
    name = m["name"] if m else None
    if aliases and name in aliases:
        name = aliases[name]
    if name not in names:
        also = f" (or {', '.join(aliases)})" if aliases else ""
        raise GivenError(where, f"unknown ask {ask!r} (this family asks {', '.join(names)}{also})")
    i = None if m["i"] is None else int(m["i"])
    if i is not None and i >= n:
        raise GivenError(where, f"{ask!r}: no such entry (there are {n})")
    return name, i


def entry(values: np.ndarray, i: int | None):
    return to_plain(values if i is None else values[i])


def symbol_for(name: str, i: int | None) -> M:
    """The symbol of what an ask names: ŷ, ŷ₂, L, ∂L/∂z, ∂L/∂p₃."""
    whole, one = _SYMBOLS[name]
    return whole if i is None else one(i + 1)


def prompt_for(name: str, i: int | None, n: int) -> tuple[str, str]:
    if i is None and name != "loss":
        p = prose("Find ", symbol_for(name, i), f" ({shape_text([0.0] * n)}).")
    elif name == "loss":
        p = prose("Find the loss ", symbol_for(name, i), ".")
    else:
        p = prose("Find ", symbol_for(name, i), ".")
    return p.text, p.latex


_SYMBOLS = {
    "softmax": (M("ŷ = softmax(z)", r"\hat{y} = \operatorname{softmax}(z)"), ysym),
    "loss": (M("L", "L"), None),
    "dL/dlogits": (
        M("∂L/∂z", r"\frac{\partial L}{\partial z}"),
        lambda k: M(f"∂L/∂z{subscript(k)}", rf"\frac{{\partial L}}{{\partial z_{{{k}}}}}"),
    ),
    "dL/dp": (
        M("∂L/∂p", r"\frac{\partial L}{\partial p}"),
        lambda k: M(f"∂L/∂p{subscript(k)}", rf"\frac{{\partial L}}{{\partial p_{{{k}}}}}"),
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
