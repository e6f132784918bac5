"""Family ``perceptron``: one update of the perceptron algorithm on a misclassified point.

Labels are ±1 and the perceptron predicts sign(θ·x + b). A point is misclassified when
y(θ·x + b) ≤ 0 (a point on the boundary counts as a mistake); the update is then
θ ← θ + η·y·x and b ← b + η·y, with η = 1 unless ``lr`` says otherwise. A correctly
classified point leaves θ and b unchanged.

given: ``{"theta": [θ_1, …], "b": offset, "x": [x_1, …], "y": 1 or -1, "lr": η (optional)}``;
asks: ``score`` (θ·x + b), ``theta_new``, ``theta_new[i]``, ``b_new``. New weights and the
new offset are graded as every new weight is (``model.STEP_TOL``: 0.1%): a
step η·y·xᵢ can be as small as 0.01, which 1% of θᵢ would accept as no step at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import draws, plain, scenes
from ..chains import Chain, fixed
from ..family import Built, Family, GivenError, Redraw
from ..model import STEP_TOL, Step, prose, step
from ..notation import (
    EQ,
    PLUS,
    TIMES,
    M,
    cat,
    column,
    dot_terms,
    num,
    pnum,
    row,
    signed_sum,
    sub,
    transpose,
    value,
)

KEYS = ("theta", "b", "x", "y", "lr")
THETA = M("θ", r"\theta")
NEW = M(" (new)", r"_{\text{new}}")
SCORE = M("θ·x + b", r"\theta \cdot x + b")
MARGIN = M("y(θ·x + b)", r"y(\theta \cdot x + b)")


def _new_entry(k: int) -> M:
    """θₖ (new); in LaTeX one subscript, θ_{k,new} (θ_{k}_{new} is a TeX error)."""
    return M(sub("θ", k).text + NEW.text, rf"\theta_{{{k},\text{{new}}}}")


QUANTITIES = {
    "score": plain.Quantity(SCORE, "the score", tol=plain.TOL),
    "theta_new": plain.Quantity(cat(THETA, NEW), "the updated weights", _new_entry, STEP_TOL),
    "b_new": plain.Quantity(cat(M("b", "b"), NEW), "the updated offset", tol=STEP_TOL),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    theta = plain.vector(given, "theta")
    clean = {
        "theta": theta,
        "b": plain.number(given, "b") if "b" in given else 0,
        "x": plain.vector(given, "x", len(theta)),
        "y": plain.one_of(given, "y", (1, -1)),
    }
    if "lr" in given:
        clean["lr"] = plain.number(given, "lr", 0, open_lo=True)
    return clean


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        theta, x = draws.grid(rng, -3, 3, 1, size=2), draws.grid(rng, -3, 3, 1, size=2)
        b, extra, asks = draws.grid(rng, -2, 2, 1), {}, ["score", "theta_new", "b_new"]
    elif difficulty == "medium":
        theta, x = draws.grid(rng, -2, 2, 0.5, size=2), draws.grid(rng, -2, 2, 0.5, size=2)
        b, extra, asks = draws.grid(rng, -1, 1, 0.5), {}, ["theta_new", "b_new"]
    else:
        theta, x = draws.grid(rng, -1, 1, 0.1, size=3), draws.grid(rng, -2, 2, 0.1, size=3)
        b = draws.grid(rng, -1, 1, 0.1)
        extra, asks = {"lr": draws.choice(rng, (0.1, 0.2, 0.5))}, ["theta_new", "b_new"]
    score = float(np.dot(theta, x)) + b
    if abs(score) < 1e-9 or min(map(abs, x)) == 0:
        raise Redraw("the point is on the boundary, or an input is 0")
    y = -1 if score > 0 else 1  # the point is misclassified: that is what the update is for
    return {"theta": theta, "b": b, "x": x, "y": y, **extra}, asks


def update(given: dict[str, Any], sign: float = 1.0, use_y: bool = True, use_lr: bool = True):
    """(θ_new, b_new) after the update rule, or a mistaken version of it."""
    theta, x = np.asarray(given["theta"], dtype=float), np.asarray(given["x"], dtype=float)
    y = float(given["y"]) if use_y else 1.0
    lr = float(given.get("lr", 1)) if use_lr else 1.0
    b = float(given["b"])
    return theta + sign * lr * y * x, b + sign * lr * y


def mistakes(given: dict[str, Any]) -> list[plain.MistakeSpec]:
    minus, no_y = update(given, sign=-1.0), update(given, use_y=False)
    theta, x = np.asarray(given["theta"], dtype=float), np.asarray(given["x"], dtype=float)
    out: list[plain.MistakeSpec] = [
        (
            "subtract",
            "The perceptron adds y·x to θ (and y to b) for a misclassified point; "
            "you subtracted it.",
            {"theta_new": minus[0], "b_new": minus[1]},
        ),
        (
            "no_label",
            "The update is θ + y·x: you left out the label y, so a point with "
            "y = −1 moved θ the wrong way.",
            {"theta_new": no_y[0], "b_new": no_y[1]},
        ),
        (
            "no_offset_update",
            "The offset is updated too: b ← b + y (its input is always 1).",
            {"b_new": float(given["b"])},
        ),
        ("no_offset", "The score includes the offset: θ·x + b.", {"score": float(theta @ x)}),
    ]
    new_theta = update(given)[0]
    out.append(
        (
            "no_update",
            "The point is misclassified (y(θ·x + b) ≤ 0), so the perceptron updates θ and b; "
            "you left them as they were.",
            {"theta_new": theta, "b_new": float(given["b"])},
        )
    )
    if len(theta) > 1:  # one entry of θ left as it was: every entry moves
        rule = "θᵢ ← θᵢ + η·y·xᵢ" if "lr" in given else "θᵢ ← θᵢ + y·xᵢ"
        for i in range(len(theta)):
            partial = new_theta.copy()
            partial[i] = theta[i]
            entry = sub("θ", i + 1).text
            message = f"Every entry of θ moves, {entry} too: {rule} for each i."
            out.append((f"not_updated_{i + 1}", message, {"theta_new": partial}))
    if "lr" in given:
        raw = update(given, use_lr=False)
        out.append(
            (
                "no_lr",
                "You left out the learning rate: θ ← θ + η·y·x.",
                {"theta_new": raw[0], "b_new": raw[1]},
            )
        )
    return out


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    if len(given["theta"]) != len(given["x"]):
        raise GivenError(
            "given.x", f"has {len(given['x'])} entries; theta has {len(given['theta'])}"
        )
    parsed = plain.parse_asks(asks, QUANTITIES, {"theta_new": len(given["theta"])})
    theta, x = np.asarray(given["theta"], dtype=float), np.asarray(given["x"], dtype=float)
    score = round(float(theta @ x) + float(given["b"]), 12)  # no float dust at the boundary
    wrong = given["y"] * score <= 0
    new = update(given) if wrong else (theta, float(given["b"]))
    exact = {"score": score, "theta_new": new[0], "b_new": new[1]}
    return plain.finish(
        title="One perceptron update" + (" with a learning rate" if "lr" in given else ""),
        quantities=QUANTITIES,
        parsed=parsed,
        exact=exact,
        rounded=None,  # computed from the given numbers: only the answer is rounded
        mistakes=lambda: mistakes(given) if wrong else [],
        question=lambda: question(given),
        steps=lambda: solution(given, score, wrong, new),
        figures=lambda: scenes.perceptron(given, wrong, new) if len(given["x"]) == 2 else [],
        allow_zero=True,
    )


PM1 = M("±1", r"\pm 1")
SIGN = M("sign(θ·x + b)", r"\operatorname{sign}(\theta \cdot x + b)")
POINT = M("(x, y)", "(x, y)")
LE0 = M(" ≤ 0", r" \le 0")
RULE = {
    False: (
        M("θ ← θ + y·x", r"\theta \leftarrow \theta + y x"),
        M("b ← b + y", r"b \leftarrow b + y"),
    ),
    True: (
        M("θ ← θ + η·y·x", r"\theta \leftarrow \theta + \eta y x"),
        M("b ← b + η·y", r"b \leftarrow b + \eta y"),
    ),
}


def question(given: dict[str, Any]):
    lr = given.get("lr")
    theta_rule, b_rule = RULE[lr is not None]
    lines = [
        prose(
            "A perceptron with labels ",
            PM1,
            " predicts ",
            SIGN,
            ". A point ",
            POINT,
            " is misclassified when ",
            cat(MARGIN, LE0),
            " (a point on the boundary counts as a mistake), and then the perceptron "
            "algorithm updates ",
            theta_rule,
            " and ",
            b_rule,
            ".",
        ),
        prose(
            "Current weights ",
            cat(THETA, EQ, transpose(row(given["theta"]))),  # columns, as in the solution
            ", offset ",
            cat(M("b", "b"), EQ, num(given["b"])),
            "; the training point is ",
            cat(M("x", "x"), EQ, transpose(row(given["x"]))),
            " with label ",
            cat(M("y", "y"), EQ, num(given["y"])),
            "." if lr is None else "",
            *(
                ()
                if lr is None
                else (", and the learning rate is ", cat(M("η", r"\eta"), EQ, num(lr)), ".")
            ),
        ),
    ]
    return lines


def solution(given: dict[str, Any], score: float, wrong: bool, new):
    theta, x, b, y = given["theta"], given["x"], given["b"], given["y"]
    test = LE0 if wrong else M(" > 0", " > 0")
    check = step(
        "The score of the point, and the sign test:",
        cat(plain.eq(SCORE, dot_terms(theta, x, b)), value(score)),
        cat(plain.eq(MARGIN, cat(pnum(y), TIMES, pnum(score))), value(y * score), test),
    )
    if not wrong:
        return [check, prose("The point is classified correctly, so nothing changes.")]
    return [check, update_step(given, new)]


def update_step(given: dict[str, Any], new) -> Step:
    theta, x, b, y = given["theta"], given["x"], given["b"], given["y"]
    lr = given.get("lr", 1)
    eta = (num(lr), TIMES) if "lr" in given else ()
    rule = M("b + η·y", r"b + \eta y") if eta else M("b + y", "b + y")
    move = [float(lr * y * v) for v in x]
    formula = cat(column(theta), PLUS, *eta, pnum(y), TIMES, column(x))
    numbers = cat(column(theta), PLUS, column(move))
    offset = signed_sum([(float(b), None), (float(lr * y), None)])
    return step(
        "Misclassified, so the perceptron updates:",
        cat(plain.eq(cat(THETA, NEW), formula, numbers), value_vec(new[0])),
        cat(plain.eq(cat(M("b", "b"), NEW), rule, offset), value(new[1])),
    )


def value_vec(v) -> M:
    from ..notation import rel_all

    return cat(rel_all(v), column([float(a) for a in v]))


def _after_score(given: dict[str, Any], values: tuple, index: tuple) -> tuple:
    """(θ_new, b_new) as the student's score decides: updated when y·score ≤ 0."""
    if float(given["y"]) * float(values[0]) <= 0:
        return update(given)
    return np.asarray(given["theta"], dtype=float), float(given["b"])


CHAINS = fixed(
    Chain(
        "theta_new",
        ("score",),
        lambda given, v, i: [float(t) for t in _after_score(given, v, i)[0]],
        elementwise=True,
    ),
    Chain("b_new", ("score",), lambda given, v, i: float(_after_score(given, v, i)[1])),
)


FAMILY = Family(
    id="perceptron",
    topic="Perceptron",
    title="Perceptron update",
    # 2: new weights graded with STEP_TOL (0.1%), not 1%; 3: θ and x are columns in the
    # question as in the solution (θᵀ written on one line)
    version=3,
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["theta_new", "b_new"],
    given_doc='{"theta": [...], "b": offset, "x": [...], "y": 1 or -1, "lr": rate (optional)}',
    asks_doc="score, theta_new, theta_new[i], b_new",
    chains=CHAINS,
)
