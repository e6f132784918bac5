"""Family ``regularization``: the loss and gradient of weights under L2 or L1 regularisation.

Convention: J(w) = L_data(w) + λ·R(w) over the weights (biases are not penalised), with
R(w) = Σᵢ wᵢ² for L2 and R(w) = Σᵢ |wᵢ| for L1. Then ∂J/∂wᵢ = ∂L_data/∂wᵢ + 2λwᵢ (L2)
or ∂L_data/∂wᵢ + λ·sign(wᵢ) (L1). |w| has no derivative at 0; any value in [−λ, λ] is a
subgradient there and nnquiz takes 0 (sign(0) = 0, as NumPy and PyTorch do).

given: ``{"penalty": "l2"|"l1", "lambda": λ, "w": [...], "data_loss": L_data,
"data_grad": [∂L_data/∂w_1, ...], "lr": η (for w_new)}``; asks: ``penalty`` (λR(w)),
``loss`` (J), ``dL/dw`` (∂J/∂w), ``dL/dw[i]``, ``w_new`` (w − η∂J/∂w) and ``w_new[i]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import draws, plain
from ..chains import Chain, fixed
from ..family import Built, Family, GivenError
from ..model import STEP_TOL, step, to_plain
from ..notation import (
    PLUS,
    SUB,
    TIMES,
    M,
    cat,
    column,
    join,
    num,
    paren,
    pnum,
    rel_all,
    subscript,
    value,
)

KEYS = ("penalty", "lambda", "w", "data_loss", "data_grad", "lr")
LAM = M("λ", r"\lambda")
DATA = M("L_data", r"L_{\text{data}}")
DATA_GRAD_I = r"\frac{\partial L_{\text{data}}}{\partial w_i}"
DATA_GRAD = M("∂L_data/∂w", r"\frac{\partial L_{\text{data}}}{\partial w}")
R_TEXT = {"l2": ("Σᵢ wᵢ²", r"\sum_i w_i^2"), "l1": ("Σᵢ |wᵢ|", r"\sum_i |w_i|")}
GRAD = {"l2": ("2λwᵢ", r"2\lambda w_i"), "l1": ("λ·sign(wᵢ)", r"\lambda \operatorname{sign}(w_i)")}


SIGN0 = M("sign(0) = 0", r"\operatorname{sign}(0) = 0")


def _entry(text: str, latex: str):
    return lambda k: M(text.replace("#", subscript(k)), latex.replace("#", str(k)))


QUANTITIES = {
    "penalty": plain.Quantity(cat(LAM, M("R(w)", " R(w)")), "the penalty"),
    "loss": plain.Quantity(M("J", "J"), "the regularised loss"),
    "dL/dw": plain.Quantity(
        M("∂J/∂w", r"\frac{\partial J}{\partial w}"),
        "the gradient",
        _entry("∂J/∂w#", r"\frac{\partial J}{\partial w_{#}}"),
    ),
    "w_new": plain.Quantity(
        M("w_new", r"w_{\text{new}}"),
        "the weights after one step",
        _entry("w#,new", r"w_{#,\text{new}}"),
        STEP_TOL,
    ),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    w = plain.vector(given, "w")
    clean = {
        "penalty": plain.one_of(given, "penalty", ("l2", "l1")),
        "lambda": plain.number(given, "lambda", 0),
        "w": w,
        "data_loss": plain.number(given, "data_loss") if "data_loss" in given else 0,
        "data_grad": plain.vector(given, "data_grad", len(w))
        if "data_grad" in given
        else [0] * len(w),
    }
    if "lr" in given:
        clean["lr"] = plain.number(given, "lr", 0, open_lo=True)
    return clean


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        pen, n, w_step, lam = "l2", 2, 1, draws.choice(rng, (0.1, 0.2, 0.5))
        asks = ["loss", "dL/dw"]
    elif difficulty == "medium":
        pen, n, w_step, lam = "l1", 3, 0.5, draws.choice(rng, (0.1, 0.2, 0.5))
        asks = ["loss", "dL/dw"]
    else:
        pen, n, w_step = draws.choice(rng, ("l1", "l2")), 4, 0.1
        lam, asks = draws.choice(rng, (0.05, 0.1, 0.2)), ["dL/dw", "w_new"]
    w = draws.grid(rng, -2, 2, w_step, size=n, nonzero=True)
    if pen == "l1":
        w[int(rng.integers(0, n))] = 0  # the point where |w| has no derivative
    g = draws.grid(rng, -1, 1, 0.1 if w_step < 1 else 0.5, size=n)
    given = {
        "penalty": pen,
        "lambda": lam,
        "w": w,
        "data_loss": draws.grid(rng, 0.2, 2, 0.1),
        "data_grad": g,
    }
    if difficulty == "hard":
        given["lr"] = draws.choice(rng, (0.1, 0.5))
    return given, asks


def values(
    given: dict[str, Any],
    *,
    square: bool = True,
    lam_grad: float = 1.0,
    sign0: float = 0.0,
    data: bool = True,
    use_lam: bool = True,
    step: float = -1.0,
    l1_like_l2: bool = False,
) -> dict[str, Any]:
    """Every quantity; the keywords turn on the common mistakes."""
    w = np.asarray(given["w"], dtype=float)
    lam = float(given["lambda"]) if use_lam else 1.0
    if given["penalty"] == "l2":
        r = (w**2).sum() if square else w.sum()
        pg = 2 * lam * w * lam_grad
    else:
        r = np.abs(w).sum() if square else w.sum()
        pg = 2 * lam * w if l1_like_l2 else lam * np.where(w == 0, sign0, np.sign(w))
    dg = np.asarray(given["data_grad"], dtype=float) if data else 0 * w
    grad = dg + pg
    out = {
        "penalty": lam * r,
        "loss": float(given["data_loss"]) * data + lam * r,
        "dL/dw": grad,
        "pg": pg,
    }
    if "lr" in given:
        out["w_new"] = w + step * float(given["lr"]) * grad
    return out


COMMON = (
    (
        "no_data_grad",
        "The regularised gradient is the data gradient plus the penalty's "
        "gradient; you left out ∂L_data/∂w.",
        {"data": False},
    ),
    ("no_lambda", "The penalty is weighted by λ: J = L_data + λR(w).", {"use_lam": False}),
)
BY_PENALTY = {
    "l2": (
        ("no_square", "L2 squares each weight: R(w) = Σ wᵢ².", {"square": False}),
        (
            "forgot_2",
            "d(λw²)/dw = 2λw: you dropped the 2 (that is the gradient of "
            "(λ/2)Σ w², another common convention, but not this problem's).",
            {"lam_grad": 0.5},
        ),
    ),
    "l1": (
        (
            "no_abs",
            "L1 adds absolute values: R(w) = Σ |wᵢ|, so negative weights add to the penalty too.",
            {"square": False},
        ),
        (
            "subgradient_one",
            "At w = 0, |w| has no derivative: use the subgradient 0 (sign(0) = 0), not ±λ.",
            {"sign0": 1.0},
        ),
        (
            "l1_like_l2",
            "The L1 gradient is λ·sign(w), constant in size; 2λw is the L2 gradient.",
            {"l1_like_l2": True},
        ),
    ),
}
STEP = (
    (
        "step_ascent",
        "A gradient-descent step goes against the gradient: w − η·∂J/∂w.",
        {"step": 1.0},
    ),
    ("no_step", "You gave the weights before the step.", {"step": 0.0}),
)


# what each mistake is about: a mistake offered on a part it says nothing of would name
# the wrong slip (the data gradient's message on the loss)
ABOUT = {"no_data_grad": ("dL/dw", "w_new"), "no_data_loss": ("loss",)}
NO_DATA_LOSS = (
    "no_data_loss",
    "The regularised loss adds the penalty to the data loss, J = L_data + λR(w): you "
    "gave the penalty alone.",
    {"data": False},
)


def mistakes(given: dict[str, Any]) -> list[plain.MistakeSpec]:
    table = COMMON + (NO_DATA_LOSS,) + BY_PENALTY[given["penalty"]]
    table += STEP if "lr" in given else ()
    out = []
    for mid, message, kw in table:
        wrong = values(given, **kw)
        if mid in ABOUT:
            wrong = {k: v for k, v in wrong.items() if k in ABOUT[mid]}
        out.append((mid, message, wrong))
    return out


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    n = len(given["w"])
    parsed = plain.parse_asks(asks, QUANTITIES, {"dL/dw": n, "w_new": n})
    for k, (name, _) in enumerate(parsed):
        if name == "w_new" and "lr" not in given:
            raise GivenError(f"asks[{k}]", "w_new needs given.lr")
    exact = values(given)
    shown = {k: _as_answered(v) for k, v in exact.items()}  # the steps show what is answered
    return plain.finish(
        title=f"{given['penalty'].upper()} regularisation",
        quantities=QUANTITIES,
        parsed=parsed,
        exact=exact,
        rounded=None,  # computed from the given numbers: only the answer is rounded
        mistakes=lambda: mistakes(given),
        question=lambda: question(given),
        steps=lambda: solution(given, shown, {name for name, _ in parsed}),
        allow_zero=True,
    )


def _as_answered(v):
    """A value as its answer holds it (12 significant digits): a step that showed the raw
    float could round a tie the other way (0.6477 beside the Answers line's 0.6478)."""
    plain_v = to_plain(v)
    return np.asarray(plain_v, dtype=float) if isinstance(plain_v, list) else plain_v


def question(given: dict[str, Any]):
    pen = given["penalty"]
    rt, rl = R_TEXT[pen]
    zero = " At {wi0}, where {abs} has no derivative, use the subgradient 0 ({sign0})."
    rate = "; one gradient-descent step uses {lr}." if "lr" in given else "."
    return [
        plain.say(
            f"A model is trained with {pen.upper()} regularisation: {{J}} with {{R}} over the "
            "weights (biases are not penalised)." + (zero if pen == "l1" else ""),
            J=M("J(w) = L_data(w) + λ·R(w)", r"J(w) = L_{\text{data}}(w) + \lambda R(w)"),
            R=M(f"R(w) = {rt}", f"R(w) = {rl}"),
            wi0=M("wᵢ = 0", "w_i = 0"),
            abs=M("|wᵢ|", "|w_i|"),
            sign0=SIGN0,
        ),
        plain.say(
            "Weights {w}, {lam}; the data loss is {L} with gradient {g}" + rate,
            w=plain.assign("w", given["w"]),
            lam=plain.assign(LAM, given["lambda"]),
            L=plain.assign(DATA, given["data_loss"]),
            g=plain.assign(DATA_GRAD, given["data_grad"]),
            lr=plain.assign(M("η", r"\eta"), given.get("lr", 0)),
        ),
    ]


def penalty_term(pen: str, lam: float, wi: float) -> M:
    """2λ·wᵢ (L2, written 2·λ·wᵢ: the 2 and λ each shown) or λ·sign(wᵢ) (L1)."""
    if pen == "l2":
        return cat(num(2), TIMES, num(lam), TIMES, pnum(wi))
    return cat(num(lam), TIMES, pnum(float(np.sign(wi))))


def solution(given: dict[str, Any], v: dict[str, Any], asked: set[str]) -> list:
    pen, lam = given["penalty"], float(given["lambda"])
    w = [float(x) for x in given["w"]]
    out = []
    if asked & {"penalty", "loss"}:
        terms = [
            cat(pnum(x), M("²", "^2"))
            if pen == "l2"
            else M(f"|{num(x).text}|", f"|{num(x).latex}|")
            for x in w
        ]
        penalty = cat(num(lam), TIMES, paren(join(terms, PLUS)), value(v["penalty"]))
        lines = [plain.eq(QUANTITIES["penalty"].symbol, penalty)]
        if "loss" in asked:
            total = cat(num(given["data_loss"]), PLUS, num(v["penalty"]), value(v["loss"]))
            lines.append(plain.eq(M("J", "J"), total))
        out.append(step("The penalty, then the regularised loss:", *lines))
    gt, gl = GRAD[pen]
    rule = M(
        f"∂J/∂wᵢ = ∂L_data/∂wᵢ + {gt}",
        rf"\frac{{\partial J}}{{\partial w_i}} = {DATA_GRAD_I} + {gl}",
    )
    rows = [
        plain.eq(
            QUANTITIES["dL/dw"].symbol_of(i),
            cat(num(float(gi)), PLUS, penalty_term(pen, lam, wi), value(float(v["dL/dw"][i]))),
        )
        for i, (wi, gi) in enumerate(zip(w, given["data_grad"]))
    ]
    note = (" (", SIGN0, ").") if pen == "l1" else (".",)
    out.append(step(("Gradient: ", rule, *note), *rows))
    if "w_new" in asked:
        new = v["w_new"]
        change = cat(column(w), SUB, num(given["lr"]), TIMES, column(v["dL/dw"].tolist()))
        line = cat(plain.eq(QUANTITIES["w_new"].symbol, change), rel_all(new), column(new.tolist()))
        out.append(step("One gradient-descent step:", line))
    return out


def _step_from_grad(given: dict[str, Any], values: tuple, index: tuple):
    """w_new = w − η·∂L/∂w from the student's gradient."""
    w = np.asarray(given["w"], dtype=float)
    w = w[index] if index else w
    g = np.asarray(values[0], dtype=float)
    if g.shape != w.shape and not (g.size == w.size == 1):
        return None
    return to_plain(w - float(given["lr"]) * g.reshape(w.shape))


CHAINS = fixed(
    Chain("w_new", ("dL/dw",), _step_from_grad, elementwise=True),
    Chain("loss", ("penalty",), lambda given, v, i: float(given["data_loss"]) + float(v[0])),
)


FAMILY = Family(
    id="regularization",
    # 2: the data gradient's mistake is no longer offered on the loss (its own mistake is)
    version=2,
    topic="Regularisation",
    title="L1 and L2 regularisation",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda g: ["loss", "dL/dw"] + (["w_new"] if "lr" in g else []),
    given_doc='{"penalty": "l2"|"l1", "lambda": λ, "w": [...], "data_loss": L, '
    '"data_grad": [...], "lr": η (optional)}',
    asks_doc="penalty, loss, dL/dw, dL/dw[i], w_new, w_new[i]",
    chains=CHAINS,
)
