"""Family ``separable``: are these points linearly separable? XOR is the famous "no".

Points in the plane carry labels ±1. A line θ·x + b = 0 separates them when
y(θ·x + b) > 0 for every point (strictly: a point on the line is not separated).
``separable`` is answered yes or no (1 or 0 are read too; the answer is 1 for yes);
``errors`` counts the points a given line misclassifies, with y(θ·x + b) ≤ 0 counting
as a mistake.

given: ``{"points": [[x_1, x_2], …], "labels": [1 or -1, …], "theta": [θ_1, θ_2], "b": b}``
(``theta`` and ``b`` only for ``errors``); asks: ``errors``, ``separable``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np

from .. import draws, plain, scenes
from ..chains import Chain, fixed
from ..family import Built, Family, GivenError, Redraw
from ..geometry import BOOLEAN, certificate, separating_line
from ..model import YES_NO, Step, items, prose, step, table
from ..notation import EQ, M, cat, dot_terms, join, num, row, short_decimal, value

KEYS = ("points", "labels", "theta", "b")
_TEX = (("θ₁", r"\theta_1"), ("θ₂", r"\theta_2"), ("θ", r"\theta"), ("·", r" \cdot "))
_TEX += (("≤", r"\le"), ("−", "-"), ("x₁", "x_1"), ("x₂", "x_2"))


def formula(text: str) -> M:
    """A formula written in Unicode (θ₁ + b ≤ 0), with its LaTeX (\\theta_1 + b \\le 0)."""
    latex = text
    for a, b in _TEX:
        latex = latex.replace(a, b)
    return M(text, latex)


THETA = formula("θ")
SCORE = formula("θ·x + b")
LINE = formula("θ·x + b = 0")
PM1, PLUS1, MINUS1 = M("±1", r"\pm 1"), formula("+1"), formula("−1")
CHECK = M("✓", r"\checkmark")
QUANTITIES = {
    "errors": plain.Quantity(
        M("errors", r"\text{errors}"),
        tol=plain.EXACT,
        prompt=("How many of the points does the line ", LINE, " misclassify?"),
    ),
    "separable": plain.Quantity(
        M("separable", r"\text{separable}"),
        tol=plain.EXACT,
        prompt=(f"Is there any line that separates the two classes? {YES_NO}",),
        yes_no=True,
    ),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    points = plain.matrix(given, "points")
    if len(points[0]) != 2:
        raise GivenError("given.points", "each point needs 2 coordinates (points in the plane)")
    if len(points) > 12:
        raise GivenError("given.points", "at most 12 points")
    labels = plain.labels(plain.vector(given, "labels", len(points)), "labels", (1, -1))
    if len(set(labels)) < 2:
        raise GivenError("given.labels", "needs points of both classes (1 and -1)")
    clean: dict[str, Any] = {"points": points, "labels": labels}
    if "theta" in given or "b" in given:
        clean["theta"] = plain.vector(given, "theta", 2)
        clean["b"] = plain.number(given, "b") if "b" in given else 0
    return clean


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        name = draws.choice(rng, tuple(BOOLEAN) + ("XOR",))
        points = [[0, 0], [0, 1], [1, 0], [1, 1]]
        labels = [1 if v else -1 for v in BOOLEAN[name]]
        theta, b = draws.grid(rng, -2, 2, 1, size=2), draws.grid(rng, -2, 2, 0.5)
    else:
        n, step_ = (5, 1) if difficulty == "medium" else (6, 0.5)
        flat = rng.choice(int(4 / step_ + 1) ** 2, size=n, replace=False).tolist()
        side = int(4 / step_ + 1)
        points = [[_clean(-2 + (k // side) * step_), _clean(-2 + (k % side) * step_)] for k in flat]
        labels = [int(v) for v in rng.choice((1, -1), size=n)]
        theta, b = draws.grid(rng, -2, 2, step_, size=2), draws.grid(rng, -2, 2, step_)
    if len(set(labels)) < 2 or theta == [0, 0]:
        raise Redraw("one class only, or no line")
    if not _clear(points, labels, theta, b, SCALE[difficulty]):
        raise Redraw("a point drawn as if on a line it is not on")
    return {"points": points, "labels": labels, "theta": theta, "b": b}, ["errors", "separable"]


# Generated points are drawn at SCALE px a unit or more (easy's unit square 2 units wide
# at 90 px a unit; medium and hard at most 7 units in a plane 240 px tall), a point's
# ring 6 px across its middle: a point off the candidate line lies OFF_CANDIDATE px or
# more from it, and a separating line exists OFF_SEPARATING px or more from every point,
# so that no point looks as if it were on a line it is not on.
SCALE = {"easy": 90.0, "medium": 34.0, "hard": 34.0}
OFF_CANDIDATE = 10.0
OFF_SEPARATING = 8.0


def _clear(points, labels, theta, b, scale: float) -> bool:
    """Whether every point is on the candidate line or clear of it, and the points,
    when separable, have a separating line clear of them all (``scale``: px a unit)."""
    s = scores(points, theta, b)
    off = np.abs(s[np.round(s, 9) != 0]) / np.hypot(*theta)
    if off.size and off.min() * scale < OFF_CANDIDATE:
        return False
    line = separating_line(points, labels)
    return line is None or margin(points, labels, *line) * scale >= OFF_SEPARATING


def margin(points, labels, theta, b) -> float:
    """The distance from the line θ·x + b = 0 to the nearest point, signed: negative
    when a point is on its wrong side."""
    return float(np.min(np.asarray(labels) * scores(points, theta, b)) / np.hypot(*theta))


def _clean(v: float) -> float | int:
    r = round(v, 4)
    return int(r) if r == int(r) else r


def scores(points, theta, b) -> np.ndarray:
    return np.asarray(points, dtype=float) @ np.asarray(theta, dtype=float) + float(b)


def count_errors(points, labels, theta, b, boundary_is_error: bool = True) -> int:
    m = np.asarray(labels) * scores(points, theta, b)
    return int(np.sum(np.round(m, 9) <= 0) if boundary_is_error else np.sum(np.round(m, 9) < 0))


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    parsed = plain.parse_asks(asks, QUANTITIES, {})
    if any(n == "errors" for n, _ in parsed) and "theta" not in given:
        raise GivenError("given.theta", "missing: errors counts the mistakes of a given line")
    points, labels = given["points"], given["labels"]
    cert = certificate(points, labels)
    line = separating_line(points, labels) if cert is None else None
    exact: dict[str, float] = {"separable": 1.0 if cert is None else 0.0}
    if "theta" in given:
        exact["errors"] = float(count_errors(points, labels, given["theta"], given["b"]))
    xor = _boolean_name(points, labels)
    shown = cache(lambda: points_table(given))  # written once for the statement and figure
    return plain.finish(
        title="Linear separability" + (f" of {xor}" if xor else ""),
        quantities=QUANTITIES,
        parsed=parsed,
        exact=exact,
        rounded=None,  # computed from the given numbers: only the answer is rounded
        mistakes=lambda: mistakes(given, exact),
        question=lambda: question(given, xor, shown()),
        steps=lambda: solution(given, parsed, cert, line, xor),
        figures=lambda: scenes.separable(given, cert, line, shown().latex),
        allow_zero=True,
    )


def _boolean_name(points, labels) -> str | None:
    if sorted(map(tuple, points)) != [(0, 0), (0, 1), (1, 0), (1, 1)]:
        return None
    table = dict(zip(map(tuple, points), labels))
    values = tuple(table[p] == 1 for p in [(0, 0), (0, 1), (1, 0), (1, 1)])
    return next((name for name, v in BOOLEAN.items() if v == values), None)


MESSAGES = {
    "boundary_correct": "A point on the line, where y(θ·x + b) = 0, is not separated: it "
    "counts as misclassified.",
    "counted_correct": "You counted the points the line gets right, not the ones it gets wrong.",
    "no_offset": "The line is θ·x + b = 0: you left out the offset b.",
    "one_line": "One line that fails does not show that every line fails: another line "
    "separates these points.",
    "always_separable": "Not every labelling is linearly separable, and the perceptron "
    "algorithm never converges on one that is not (XOR is the classic case).",
}


def mistakes(given: dict[str, Any], exact: dict[str, float]) -> list[plain.MistakeSpec]:
    sep = exact["separable"]
    wrong: dict[str, Any] = {"always_separable": {"separable": 1.0} if sep == 0 else None}
    if "errors" in exact:
        e, n = exact["errors"], len(given["points"])
        points, labels, theta, b = given["points"], given["labels"], given["theta"], given["b"]
        boundary = count_errors(points, labels, theta, b, boundary_is_error=False)
        wrong |= {
            "boundary_correct": {"errors": boundary},
            "counted_correct": {"errors": n - e},
            "no_offset": {"errors": count_errors(points, labels, theta, 0)},
            "one_line": {"separable": 0.0} if sep == 1 and e > 0 else None,
        }
    return plain.specs(MESSAGES, wrong)


def points_table(given: dict[str, Any]) -> Step:
    """The statement's table of the points and their labels (the question's figure shows
    the same: every point at its coordinates, its label by its shape)."""
    rows = [(_pair(p), _label(y)) for p, y in zip(given["points"], given["labels"])]
    return table("", ("point", "label"), rows)


def _pair(p) -> M:
    a, b = num(p[0]), num(p[1])
    return M(f"({a.text}, {b.text})", rf"({a.latex}, {b.latex})")


def _label(y: int) -> M:
    return PLUS1 if y > 0 else MINUS1


def boolean(name: str) -> M | str:
    """A truth table's name; one on x₁ and x₂ (x₁ AND NOT x₂) as math, its words as text."""
    if "x" not in name:
        return name
    words = [rf"\text{{{w}}}" if w.isupper() else formula(w).latex for w in name.split()]
    return M(name, r"\ ".join(words))


def question(given: dict[str, Any], xor: str | None, points: Step | None = None):
    """The statement (``points``: its table of the points, when written already)."""
    truth: tuple = ()
    if xor:
        domain = M("x₁, x₂ ∈ {0, 1}", r"x_1, x_2 \in \{0, 1\}")
        truth = (" (the truth table of ", boolean(xor), " on ", domain, ", true as ", PLUS1, ")")
    lines = [
        prose("Points in the plane with labels ", PM1, *truth, ":"),
        prose(""),  # blank lines: the table is a block of its own
        points or points_table(given),
        prose(""),
        prose(
            "A line ",
            LINE,
            " separates the classes when ",
            formula("y(θ·x + b) > 0"),
            " for every point; a point with ",
            formula("y(θ·x + b) ≤ 0"),
            " (on the line or on the wrong side) is misclassified.",
        ),
    ]
    if "theta" in given:
        lines.append(
            plain.say(
                "The candidate line has {t} and {b}.",
                t=plain.assign(THETA, given["theta"]),
                b=plain.assign("b", given["b"]),
            )
        )
    return lines


def point_lines(given: dict[str, Any], theta, b) -> list[tuple[M | str, ...]]:
    """For each point (an item of a list): θ·x + b, and whether y(θ·x + b) > 0, in words."""
    lines = []
    for p, y in zip(given["points"], given["labels"]):
        s = float(np.dot(theta, p)) + float(b)
        verdict = (": ", CHECK) if y * s > 1e-9 else (": misclassified",)
        x = plain.eq("x", pair([Fraction(str(v)) for v in p]))
        label = cat(M("y", "y"), EQ, _label(y))
        score = cat(plain.eq(SCORE, dot_terms(theta, p, b)), value(s))
        lines.append((x, ", ", label, ": ", score, *verdict))
    return lines


def solution(given, parsed, cert, line, xor) -> list:
    out = []
    if any(n == "errors" for n, _ in parsed):
        theta, b = given["theta"], given["b"]
        e = count_errors(given["points"], given["labels"], theta, b)
        intro = ("Test each point against the candidate line (", formula("y(θ·x + b) ≤ 0"))
        out.append(items((*intro, " is a mistake):"), *point_lines(given, theta, b)))
        out.append(prose(f"{e} point{'s' * (e != 1)} misclassified."))
    if cert is not None:
        return out + not_separable(given, cert, xor)
    theta, b = line
    intro = (
        "They are separable: for example the line with ",
        cat(THETA, EQ, row(theta)),
        " and ",
        plain.assign("b", b),
        " has ",
        formula("y(θ·x + b) > 0"),
        " at every point.",
    )
    return [*out, items(intro, *point_lines(given, theta, b))]


def fraction(v) -> M:
    """A rational number: exactly as a short decimal when it is one, else as n/d."""
    v = Fraction(v)
    if short_decimal(float(v)) is not None and Fraction(str(float(v))) == v:
        return num(float(v))
    sign = "−" if v < 0 else ""
    n, d = abs(v.numerator), v.denominator
    return M(f"{sign}{n}/{d}", rf"{'-' if v < 0 else ''}\frac{{{n}}}{{{d}}}")


def pair(p) -> M:
    a, b = fraction(p[0]), fraction(p[1])
    return M(f"({a.text}, {b.text})", rf"({a.latex}, {b.latex})")


def _factor(w) -> M:
    f = fraction(w)
    return M(f"({f.text})", f.latex) if "/" in f.text else f


def _combo(weights, points) -> M:
    terms = [
        cat(_factor(w), M("·", r"\cdot "), pair([Fraction(str(c)) for c in points[i]]))
        for i, w in sorted(weights.items())
    ]
    return join(terms, M(" + ", " + "))


def not_separable(given, cert, xor) -> list:
    pts = given["points"]
    P = pair(cert.point)
    out = [
        step(
            (
                "They are not separable: the point ",
                cat(M("P", "P"), EQ, P),
                " is a weighted average of ",
                PLUS1,
                " points and also of ",
                MINUS1,
                " points (weights positive, summing to 1):",
            ),
            cat(P, EQ, _combo(cert.pos, pts)),
            cat(P, EQ, _combo(cert.neg, pts)),
        ),
        prose(
            "Any line with ",
            formula("θ·x + b > 0"),
            " at every ",
            PLUS1,
            " point has ",
            formula("θ·P + b > 0"),
            " at such an average (it is the same average of positive numbers), and any line with ",
            formula("θ·x + b < 0"),
            " at every ",
            MINUS1,
            " point has ",
            formula("θ·P + b < 0"),
            ". No line does both, so no perceptron (a single linear threshold unit) separates "
            "these points, and the perceptron algorithm never converges on them.",
        ),
    ]
    if xor in ("XOR", "XNOR"):
        out.append(xor_proof(xor))
    return out


XOR_LAYERS = M(
    "XOR(x₁, x₂) = AND(OR(x₁, x₂), NAND(x₁, x₂))",
    r"\text{XOR}(x_1, x_2) = \text{AND}(\text{OR}(x_1, x_2), \text{NAND}(x_1, x_2))",
)


def xor_proof(name: str):
    pos = ("θ₂ + b > 0", "θ₁ + b > 0") if name == "XOR" else ("b > 0", "θ₁ + θ₂ + b > 0")
    neg = ("b < 0", "θ₁ + θ₂ + b < 0") if name == "XOR" else ("θ₂ + b < 0", "θ₁ + b < 0")
    return prose(
        f"The same for {name} in symbols: a separating line needs ",
        formula(pos[0]),
        " and ",
        formula(pos[1]),
        " (the ",
        PLUS1,
        " points) and ",
        formula(neg[0]),
        " and ",
        formula(neg[1]),
        " (the ",
        MINUS1,
        " points). Adding each pair gives ",
        formula("θ₁ + θ₂ + 2b > 0"),
        " and ",
        formula("θ₁ + θ₂ + 2b < 0"),
        " at once, a contradiction. A hidden layer fixes this: ",
        XOR_LAYERS,
        " (and XNOR is its negation), where AND, OR and NAND are each linearly separable.",
    )


def _separable_if_none_wrong(given: dict[str, Any], values: tuple, index: tuple) -> float | None:
    """A line that misclassifies no point separates them: 0 errors means separable."""
    return 1.0 if float(values[0]) == 0 else None


FAMILY = Family(
    id="separable",
    topic="Perceptron",
    title="Linear separability (XOR)",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["errors", "separable"] if "theta" in given else ["separable"],
    given_doc='{"points": [[x1, x2], ...], "labels": [1 or -1, ...], "theta": [t1, t2], "b": b}',
    asks_doc="errors, separable (yes or no)",
    chains=fixed(Chain("separable", ("errors",), _separable_if_none_wrong)),
    # 2: separable asks yes or no; points and checks are a table and a list. 3: no point
    # within 10 px of the candidate line unless on it, a separating line 8 px clear of
    # every point (hard problems drawn again where not), the separating line shown the
    # widest (maximum margin, or nearly)
    version=3,
)
