"""The ``asks`` vocabulary (docs/problems.md) for problems built on a network.

``output``, ``zK``, ``hK``, ``loss``, ``dL/dWK``, ``dL/dbK``, ``dL/dx``, ``dL/dzK``,
``x_adv``, ``WK_new``, ``bK_new``, each optionally with a 0-based entry ``[i]`` or ``[i,j]``;
also ``dL/dhK`` (∂L/∂h of node layer K) and ``deltaK`` or ``δK``, the notes' δ⁽ᴷ⁾, which is
``dL/dzK``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .notation import M, cat, sym

_ASK = re.compile(
    r"^(?:(?P<word>output|loss|x_adv)|(?P<node>[zh])(?P<nl>\d+)|dL/d(?P<grad>[Wbzh])(?P<gl>\d+)"
    r"|(?P<delta>delta|δ)(?P<dl>\d+)|(?P<dx>dL/dx)|(?P<new>[Wb])(?P<wl>\d+)_new)"
    r"(?:\[(?P<i>\d+)(?:,\s*(?P<j>\d+))?\])?$"
)


SUPPORTED = (
    "output, zK, hK, loss, dL/dWK, dL/dbK, dL/dzK (or deltaK), dL/dhK, dL/dx, x_adv, "
    "WK_new, bK_new, each with an optional 0-based entry [i] or [i,j]"
)


@dataclass(frozen=True)
class Ask:
    """A parsed ask. ``layer`` is K as written; ``index`` is the 0-based entry, or ()."""

    raw: str
    kind: str  # output loss x_adv z h dW db dz dh dx W_new b_new
    layer: int | None
    index: tuple[int, ...]

    @property
    def needs_backward(self) -> bool:
        return self.kind not in ("output", "z", "h")


@lru_cache(maxsize=1024)
def parse(raw: str) -> Ask:
    """Parse an ask; ValueError when it is not in the vocabulary."""
    m = _ASK.match(raw.replace(" ", ""))
    if not m:
        raise ValueError(f"unknown ask {raw!r} (network problems ask {SUPPORTED})")
    index = tuple(int(g) for g in (m["i"], m["j"]) if g is not None)
    if m["word"]:
        kind, layer = m["word"], None
    elif m["node"]:
        kind, layer = m["node"], int(m["nl"])
    elif m["grad"]:
        kind, layer = "d" + m["grad"], int(m["gl"])
    elif m["delta"]:
        kind, layer = "dz", int(m["dl"])
    elif m["dx"]:
        kind, layer = "dx", None
    else:
        kind, layer = m["new"] + "_new", int(m["wl"])
    return Ask(raw.replace(" ", ""), kind, layer, index)


def _idx(index: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(i + 1 for i in index)


@lru_cache(maxsize=1024)
@lru_cache(maxsize=1024)  # the same few asks come back in every problem
def symbol(ask: Ask, n_layers: int) -> M:
    """The notes' symbol for what an ask names (1-based indices)."""
    one = _idx(ask.index)
    dL = M("∂L/∂", r"\frac{\partial L}{\partial ")
    close = M("", "}")
    match ask.kind:
        case "output":
            return sym("h", n_layers + 1, *one) + M(" (the output ŷ)", r" = \hat{y}")
        case "loss":
            return M("L", "L")
        case "z" | "h":
            return sym(ask.kind, ask.layer, *one)
        case "dW":
            base = sym("w", ask.layer, *one) if one else sym("W", ask.layer)
            return cat(dL, base, close)
        case "db":
            return cat(dL, sym("b", ask.layer, *one), close)
        case "dz":
            return cat(dL, sym("z", ask.layer, *one), close)
        case "dh":
            return cat(dL, sym("h", ask.layer, *one), close)
        case "dx":
            return cat(dL, sym("x", None, *one), close)
        case "x_adv":
            if not one:
                return M("x_adv", r"x_{\text{adv}}")
            return M(f"x_adv,{one[0]}", rf"x_{{\text{{adv}},{one[0]}}}")
        case "W_new":
            base = sym("w", ask.layer, *one) if one else sym("W", ask.layer)
            return _new(base, bool(one))
        case "b_new":
            return _new(sym("b", ask.layer, *one), bool(one))
    raise ValueError(ask.raw)


def _new(base: M, indexed: bool) -> M:
    """``base`` after a step: W⁽¹⁾_new; an entry already has a subscript, so TeX needs
    it braced ({w^{(1)}_{12}}_{new}): ``a_b_c`` is a "double subscript" error."""
    if indexed:
        base = M(base.lines, "{" + base.latex + "}", base.base)
    return cat(base, M(" (new)", r"_{\text{new}}"))
